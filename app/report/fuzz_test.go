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
