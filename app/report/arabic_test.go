package report

import "testing"

func TestShapeArabic(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		name, in string
		want     []rune // logical order
	}{
		{"Muhammad", "محمد", []rune{0xFEE3, 0xFEA4, 0xFEE4, 0xFEAA}},
		{"LamAlef", "لا", []rune{0xFEFB}},
		{"LamAlefFinal", "سلام", []rune{0xFEB3, 0xFEFC, 0xFEE1}},
		{"RightJoiningBreaksWord", "داود", []rune{0xFEA9, 0xFE8D, 0xFEED, 0xFEA9}},
		// NFC puts fatha (class 30) before shadda (class 33).
		{"MarksAreTransparent", "مُحَمَّد", []rune{0xFEE3, 0x064F, 0xFEA4, 0x064E, 0xFEE4, 0x064E, 0x0651, 0xFEAA}},
		{"Persian", "پری", []rune{0xFB58, 0xFEAE, 0xFBFC}},
		{"PersianMedial", "پیر", []rune{0xFB58, 0xFBFF, 0xFEAE}},
		{"NonJoiner", "م\u200cم", []rune{0xFEE1, 0xFEE1}},
		{"Latin", "Ali", []rune("Ali")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runes(reg.prepare(tt.in, false)); got != string(tt.want) {
				t.Errorf("prepare(%q) = %U, want %U", tt.in, []rune(got), tt.want)
			}
		})
	}
}
