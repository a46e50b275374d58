package report

import (
	"strings"
	"testing"
)

// TestArabicTextExtractsAsStored: pdftotext reads a shaped Arabic name as
// the letters stored, in reading order, not as the presentation forms
// drawn left to right (which it read before, reversed).
func TestArabicTextExtractsAsStored(t *testing.T) {
	names := []string{"ليلى حداد", "Amira حداد", "عبد الله", "Zoë Okafor"}
	pdf := render(t, testOptions, func(d *doc) {
		d.addPage()
		for _, n := range names {
			d.paragraph(n, bodyText)
		}
		d.table([]column{{title: "Mentee"}, {title: "Note"}}, [][]string{{"ليلى حداد", "لا بأس"}})
	})
	// pdftotext marks right-to-left runs with embedding controls, which
	// are not text; the letters themselves must be the ones stored.
	text := strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F {
			return -1
		}
		return r
	}, strings.Join(pdfText(t, pdf), ""))
	for _, n := range append(names, "لا بأس") {
		if !strings.Contains(text, n) {
			t.Errorf("pdftotext does not read %q:\n%q", n, text)
		}
	}
}
