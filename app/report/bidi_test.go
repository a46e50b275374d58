package report

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestVisual(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct {
		name, in string
		want     string // left to right, as drawn
	}{
		{"Latin", "Zoë Smith", "Zoë Smith"},
		{"Hebrew", "שרה", "הרש"},
		{"HebrewInLatin", "Hi שרה כהן!", "Hi ןהכ הרש!"},
		// The document's direction, left to right, holds any text with a
		// Latin letter; each Hebrew run is reversed in place.
		{"LatinInHebrew", "שרה Smith כהן", "הרש Smith ןהכ"},
		{"NumbersKeepOrder", "שרה 123 כהן", "ןהכ 123 הרש"},
		// A number after right-to-left text joins it (rule N1).
		{"NumberAfterHebrewInLatin", "Room שרה 12", "Room 12 הרש"},
		{"MirroredBrackets", "שלום (בסדר)", "(רדסב) םולש"},
		{"MarksStayAfterLetter", "שָׂרָה", "הרָשָׂ"},
		{"DecimalNumber", "מחיר 3.50", "3.50 ריחמ"},
		// A name in a sentence is an isolate: what follows it stays after
		// it, where without the isolate the number joins its run.
		{"IsolatedNameThenNumber", isolate("שרה כהן") + " (9)", "ןהכ הרש (9)"},
		{"NameThenNumber", "Ann שרה כהן (9)", "Ann 9) ןהכ הרש)"},
		{"IsolatedNameThenNumberInSentence", "Ann " + isolate("שרה כהן") + " (9)", "Ann ןהכ הרש (9)"},
		{"IsolateInSentence", "Dear " + isolate("שרה כהן") + ", hello", "Dear ןהכ הרש, hello"},
		// An isolate takes its own direction by the same rule as a line.
		{"MixedIsolate", "— " + isolate("שרה Smith"), "— הרש Smith"},
		{"RTLIsolateWithNumber", isolate("שרה 12") + " x", "12 הרש x"},
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

// TestArabicNameInLatinCell: a cell holding an Arabic given name, a Latin
// family name and a school ID is an English line: the name stays first,
// its letters reversed for drawing, and the brackets keep their order.
// Taken as right to left (its first letter is Arabic), it was drawn
// "(Haddad (S00168 ىليل".
func TestArabicNameInLatinCell(t *testing.T) {
	reg, _ := mustFonts(t)
	tests := []struct{ in, want string }{
		{"ليلى Haddad (S00168)", "ىليل Haddad (S00168)"},
		{"Pupil ليلى Haddad", "Pupil ىليل Haddad"},
		{"ليلى حداد (S00168)", "دادح ىليل (S00168)"},
		// A name wholly Arabic runs right to left, brackets mirrored.
		{"ليلى حداد", "دادح ىليل"},
		{"(ليلى)", "(ىليل)"},
	}
	for _, tt := range tests {
		gs := reg.prepare(tt.in, false)
		if got := norm.NFKC.String(runes(visual(gs, isRTL(gs)))); got != tt.want {
			t.Errorf("%q is drawn %q, want %q", tt.in, got, tt.want)
		}
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
		// A label and a name, or a name with a Latin part, run in the
		// document's direction, however they begin.
		{"ليلى Haddad (S00168)", false},
		{"Pupil ليلى Haddad", false},
		{"ليلى حداد, continued", false},
		{"ليلى حداد", true},
		{"(ليلى حداد)", true},
		// The letters of an isolate do not decide the line's direction.
		{"— " + isolate("ليلى حداد"), false},
		{isolate("Sarah") + " שרה", true},
	}
	for _, tt := range tests {
		if got := isRTL(reg.prepare(tt.in, false)); got != tt.want {
			t.Errorf("isRTL(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
