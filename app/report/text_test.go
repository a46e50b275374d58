package report

import "testing"

func mustFonts(t testing.TB) (reg, b *fontSet) {
	t.Helper()
	reg, b, err := fontSets()
	if err != nil {
		t.Fatalf("fontSets: %v", err)
	}
	return reg, b
}

func runes(gs []glyph) string {
	rs := make([]rune, len(gs))
	for i, g := range gs {
		rs[i] = g.r
	}
	return string(rs)
}

func TestPrepare(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		name, in  string
		multiline bool
		want      string
	}{
		{"Plain", "Zoë", false, "Zoë"},
		{"ComposesAccents", "Zoe\u0308 Jose\u0301", false, "Zoë José"},
		{"Vietnamese", "Nguye\u0302\u0303n", false, "Nguyễn"},
		{"Tab", "a\tb", false, "a b"},
		{"ControlsDropped", "a\x00\x01\x1b\x7fb\u0085c", false, "ab c"},
		{"NewlinesSingleLine", "a\r\nb\nc\rd", false, "a b c d"},
		{"NewlinesMultiline", "a\r\nb\nc\rd\u2028e", true, "a\nb\nc\nd\ne"},
		{"InvalidUTF8", "a\xffb", false, "a\uFFFDb"},
		{"Invisible", "a\u200bb\ufeffc\u00add\u202ee\u200df", false, "abcdef"},
		{"EmojiIsPlaceholder", "hi 😀", false, "hi □"},
		{"SkinToneDropped", "👍🏽", false, "□"},
		{"VariationSelectorDropped", "❤\ufe0f", false, "❤"},
		{"Unassigned", "\u0378", false, "□"},
		{"Hangul", "김민준", false, "김민준"},
		{"Devanagari", "क", false, "□"},
		{"CJKKept", "山田太郎", false, "山田太郎"},
		{"AccentOnSpace", "a \u0301b", false, "a\u00a0\u0301b"},
		{"Empty", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runes(reg.prepare(tt.in, tt.multiline)); got != tt.want {
				t.Errorf("prepare(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
			}
		})
	}
}

func TestPrepareFaces(t *testing.T) {
	reg, bold := mustFonts(t)
	tests := []struct {
		name string
		set  *fontSet
		in   string
		want []string // face family per glyph
	}{
		{"LatinRegular", reg, "Ab", []string{"dejavu", "dejavu"}},
		{"CJKFallback", reg, "A山", []string{"dejavu", "droid"}},
		{"BoldCJKFallsBackToRegular", bold, "A山", []string{"dejavu", "droid"}},
		{"PlaceholderInFirstFace", reg, "😀", []string{"dejavu"}},
		{"Hangul", reg, "A김", []string{"dejavu", "nanum"}},
		{"BoldHangulFallsBackToRegular", bold, "김", []string{"nanum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := tt.set.prepare(tt.in, false)
			if len(gs) != len(tt.want) {
				t.Fatalf("prepare(%q) has %d glyphs, want %d", tt.in, len(gs), len(tt.want))
			}
			for i, g := range gs {
				if got := tt.set.faces[g.f].family; got != tt.want[i] {
					t.Errorf("glyph %d (%q) face = %s, want %s", i, g.r, got, tt.want[i])
				}
			}
		})
	}
}

// TestHangulInOneFace checks that every Hangul syllable is drawn by the
// Korean face, including the few that the CJK fallback also has.
func TestHangulInOneFace(t *testing.T) {
	reg, bold := mustFonts(t)
	for _, set := range []*fontSet{reg, bold} {
		for r := rune(0xAC00); r <= 0xD7A3; r++ {
			if f := set.faceFor(r); f == noFace || set.faces[f].family != "nanum" {
				t.Fatalf("faceFor(%q) = %d, want the nanum face", r, f)
			}
		}
	}
}

func TestEllipsis(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"Short", 100000, "Short"},
		{"Supercalifragilistic", 4000, "Super…"},
		{"Two words", 3500, "Two…"},
		{"山田太郎", 3000, "山田…"},
		{"山田太郎", 2999, "山…"},
		{"Anything", 0, "…"},
	}
	for _, tt := range tests {
		got := reg.ellipsis(reg.prepare(tt.in, false), tt.limit)
		if runes(got) != tt.want {
			t.Errorf("ellipsis(%q, %d) = %q, want %q", tt.in, tt.limit, runes(got), tt.want)
		}
		if w := reg.width(got); w > tt.limit && len(got) > 1 {
			t.Errorf("ellipsis(%q, %d) is %d wide", tt.in, tt.limit, w)
		}
	}
}

func TestMetricsMatchFonts(t *testing.T) {
	reg, bold := mustFonts(t)
	tests := []struct {
		set  *fontSet
		r    rune
		want int
	}{
		// Advance widths from the fonts' hmtx tables, in 1/1000 em.
		{reg, 'A', 684},
		{reg, ' ', 318},
		{bold, 'A', 774},
		{reg, '\u0301', 0},
		{reg, '山', 1000},
	}
	for _, tt := range tests {
		if got := tt.set.advance(glyph{r: tt.r, f: tt.set.faceFor(tt.r)}); got != tt.want {
			t.Errorf("advance(%q) = %d, want %d", tt.r, got, tt.want)
		}
	}
}
