package report

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"Fits", "Aroha Smith", 100000, []string{"Aroha Smith"}},
		{"AtSpaces", "one two three four", 5000, []string{"one two", "three four"}},
		{"LongWordCut", "Supercalifragilistic", 5000, []string{"Supercali", "fragilistic"}},
		{"AfterHyphen", "well-being matters", 6000, []string{"well-being", "matters"}},
		{"CJK", "山田太郎は元気です", 4000, []string{"山田太郎", "は元気で", "す"}},
		{"CJKClosingMarkStays", "山田太郎。山田", 4000, []string{"山田太", "郎。山田"}},
		{"SpacesTrimmed", "  a   b  ", 100000, []string{"a   b"}},
		{"Empty", "", 1000, []string{""}},
		{"AccentNotSplit", "e\u0301e\u0301e\u0301", 700, []string{"é", "é", "é"}},
		{"ZeroLimit", "ab", 0, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range reg.wrap(reg.prepare(tt.in, false), tt.limit) {
				got = append(got, runes(l))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func TestWrapNeverOverflows(t *testing.T) {
	reg, _ := mustFonts(t)
	text := strings.Repeat("Nguyễn Văn An 山田太郎 Supercalifragilisticexpialidocious-well-being محمد שרה ", 20)
	for _, limit := range []int{1200, 3000, 10000, 45000} {
		for i, l := range reg.wrap(reg.prepare(text, false), limit) {
			if w := reg.width(l); w > limit {
				t.Errorf("wrap(limit %d) line %d is %d wide: %q", limit, i, w, runes(l))
			}
		}
	}
}
