package report

import (
	"bytes"
	"math"
	"testing"
)

// FuzzText sends arbitrary text through every writer: whatever the input,
// nothing may panic and a PDF must come out.
func FuzzText(f *testing.F) {
	for _, s := range names {
		f.Add(s)
	}
	for _, s := range []string{
		"", " ", "\n\n\n", "\r\n\t\x00\x1b", "\xff\xfe\x80", "a\u0301\u0301\u0301",
		"😀👨‍👩‍👧 ❤️", "لا سلام (مرحبا) 123", "שָׂרָה [כהן] 3.50", "‮reversed‬",
		"山田太郎。「こんにちは」", "\uFFFF\uFFFE\U0010FFFF", "{nb} %PDF ) ( \\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opt := testOptions
		opt.School, opt.Term = s, s
		d, err := newDoc(opt, s, s)
		if err != nil {
			t.Fatal(err)
		}
		d.section(s)
		d.heading(s)
		d.subheading(s)
		d.paragraph(s, bodyText)
		d.paragraph(s, boldText)
		d.keyValues([][2]string{{s, s}})
		d.table([]column{{title: s}, {title: s, align: alignStart}}, [][]string{{s, s}, {s}})
		d.barChart(barChart{title: s, labels: []string{s, s}, values: []float64{1, math.NaN()}})
		d.lineChart(lineChart{title: s, labels: []string{s, s}, min: 1, max: 5, series: []series{{name: s, values: []float64{2, 3}}, {name: s}}})
		d.textLine(d.left, d.y, 40, s, smallText, alignCenter, ink)
		d.signatureLines(s, s)
		var buf bytes.Buffer
		if err := d.write(&buf); err != nil {
			t.Fatalf("write(%q): %v", s, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("output for %q is not a PDF", s)
		}
	})
}

// FuzzLayout checks the text engine alone, many times faster than FuzzText:
// wrapped lines keep within the limit and reordering loses no glyph.
func FuzzLayout(f *testing.F) {
	for _, s := range names {
		f.Add(s, 3000)
	}
	f.Add("שָׂרָה [כהן] 3.50 abc (مرحبا) ١٢٣", 2000)
	f.Add("Supercalifragilistic e\u0301e\u0301", 0)
	f.Add("Dear \u2068שרה 12\u2069 (9) \u2067x\u2068ليلى\u2069 y\u2069\u2069 \u2069\n\u2068z", 2000)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		reg, bold := mustFonts(t)
		limit = max(0, limit%100000)
		for _, set := range []*fontSet{reg, bold} {
			gs := set.prepare(s, true)
			for _, g := range gs {
				if g.r != '\n' && set.faces[g.f].adv[g.r] == noGlyph {
					t.Fatalf("prepare(%q) kept %U, which face %d lacks", s, g.r, g.f)
				}
			}
			for _, line := range set.wrap(set.prepare(s, false), limit) {
				if w := set.width(line); w > limit && set.width(line[:1]) < w && !zeroAfter(line) {
					t.Fatalf("wrap(%q, %d) made a line %d wide: %q", s, limit, w, runes(line))
				}
				if v := visual(line, isRTL(line)); len(v) != len(line) {
					t.Fatalf("visual(%q) has %d glyphs, want %d", runes(line), len(v), len(line))
				}
			}
			if e := set.ellipsis(gs, limit); set.width(e) > limit && len(e) > 1 {
				t.Fatalf("ellipsis(%q, %d) is %d wide", s, limit, set.width(e))
			}
		}
	})
}

// zeroAfter reports whether everything after a line's first glyph has no
// width: a single letter with its accents cannot be split.
func zeroAfter(line []glyph) bool {
	for _, g := range line[1:] {
		if !isMark(g.r) {
			return false
		}
	}
	return true
}
