package report

import "testing"

func TestVisual(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		name, in string
		want     string // left to right, as drawn
	}{
		{"Latin", "Zoë Smith", "Zoë Smith"},
		{"Hebrew", "שרה", "הרש"},
		{"HebrewInLatin", "Hi שרה כהן!", "Hi ןהכ הרש!"},
		{"LatinInHebrew", "שרה Smith כהן", "ןהכ Smith הרש"},
		{"NumbersKeepOrder", "שרה 123 כהן", "ןהכ 123 הרש"},
		// A number after right-to-left text joins it (rule N1).
		{"NumberAfterHebrewInLatin", "Room שרה 12", "Room 12 הרש"},
		{"MirroredBrackets", "שלום (בסדר)", "(רדסב) םולש"},
		{"MarksStayAfterLetter", "שָׂרָה", "הרָשָׂ"},
		{"DecimalNumber", "מחיר 3.50", "3.50 ריחמ"},
		// Trailing spaces take the paragraph direction (rule L1).
		{"TrailingSpace", "שרה ", " הרש"},
		{"TrailingSpaceLatin", "Hi שרה ", "Hi הרש "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := reg.prepare(tt.in, false)
			if got := runes(visual(gs, isRTL(gs))); got != tt.want {
				t.Errorf("visual(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsRTL(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		in   string
		want bool
	}{
		{"Zoë", false},
		{"שרה", true},
		{"محمد", true},
		{"123 שרה", true},
		{"123 Sarah שרה", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isRTL(reg.prepare(tt.in, false)); got != tt.want {
			t.Errorf("isRTL(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
