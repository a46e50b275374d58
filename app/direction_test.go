package app

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"mentorbook/data"
)

func TestLeftToRight(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ليلى Haddad", "\u200eليلى Haddad"},
		{"ليلى حداد (S00168)", "\u200eليلى حداد (S00168)"},
		{"Haddad ليلى", "Haddad ليلى"},
		{"ليلى حداد", "ليلى حداد"},
		{"12 שרה", "12 שרה"},
		{"Zoë Okafor", "Zoë Okafor"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := leftToRight(tt.in); got != tt.want {
			t.Errorf("leftToRight(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMixedNameKeepsItsSpace draws, in a list row, a name whose given name
// is Arabic and family name Latin. It must read "ليلى Haddad", with a space
// between the two: Fyne drew the space on the far side of the Arabic
// (" ليلىHaddad"), which took the line for right to left (see leftToRight).
func TestMixedNameKeepsItsSpace(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWindowTheme())
	draw := func(text string) image.Image {
		w := a.NewWindow("")
		defer w.Close()
		row := newRow(1)
		setRow(row, text)
		w.SetContent(row)
		w.Resize(fyne.NewSize(240, 40))
		return w.Canvas().Capture()
	}
	space := fyne.MeasureText(" ", theme.TextSize(), fyne.TextStyle{}).Width
	alone, _ := inkSpan(draw("ليلى"))
	start, gap := inkSpan(draw("ليلى Haddad"))
	if start != alone {
		t.Errorf("the name starts %d pixels right of where ليلى alone starts; want 0 (a space went before it)", start-alone)
	}
	if float32(gap) < space*0.8 {
		t.Errorf("the widest gap inside the name is %d pixels, want about a space (%.1f): ليلى and Haddad run together", gap, space)
	}
}

// inkSpan returns the first column of img that holds text, and the widest
// run of empty columns between two that do.
func inkSpan(img image.Image) (first, gap int) {
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	ink := func(x int) bool {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if img.At(x, y) != bg {
				return true
			}
		}
		return false
	}
	first, last := -1, -1
	for x := b.Min.X; x < b.Max.X; x++ {
		if !ink(x) {
			continue
		}
		if first < 0 {
			first = x
		} else {
			gap = max(gap, x-last-1)
		}
		last = x
	}
	return first, gap
}

// TestPairingListLeftToRight: a sentence that begins with a name, such as
// a line of the pairings a mentor's leaving would close, keeps the space
// of "ليلى Haddad" as the list rows do.
func TestPairingListLeftToRight(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMentors)
	got := u.pairingList([]data.PairingRow{{StudentName: "ليلى Haddad", StudentSchool: "S00168",
		Pairing: data.Pairing{Status: data.PairingActive, Start: data.MustDate("2026-09-07")}}}, true)
	if !strings.HasPrefix(got, "\u200e• ليلى Haddad (S00168)") {
		t.Errorf("pairingList = %q, want it led by a left-to-right mark", got)
	}
}
