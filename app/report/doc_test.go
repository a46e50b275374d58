package report

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// names are the names every report must print in their own scripts.
var names = []string{
	"Zoë", "José", "Nguyễn Văn An", "Σοφία", "Алексей", "山田太郎", "Aroha",
	"Oluwaseun", "김민준", "‘curly’ “quotes” – dashes —", "محمد", "שרה",
}

func TestScriptsPrint(t *testing.T) {
	for _, bold := range []bool{false, true} {
		pdf := render(t, testOptions, func(d *doc) {
			d.section("Names")
			for _, n := range names {
				if bold {
					d.paragraph(n, boldText)
				} else {
					d.paragraph(n, bodyText)
				}
			}
			d.table([]column{{title: "Name"}, {title: "Note"}}, [][]string{{names[5], names[9]}, {names[10], names[2]}})
		})
		text := normalize(strings.Join(pdfText(t, pdf), ""))
		for _, n := range names {
			if !strings.Contains(text, n) {
				t.Errorf("bold=%v: pdftotext output lacks %q:\n%s", bold, n, text)
			}
		}
	}
}

func TestPlaceholderPrints(t *testing.T) {
	pdf := render(t, testOptions, func(d *doc) {
		d.section("Placeholders")
		d.paragraph("Emoji 😀 and Devanagari क and control \x07 and bad \xff byte", bodyText)
	})
	text := strings.Join(pdfText(t, pdf), "")
	want := "Emoji □ and Devanagari □ and control and bad \uFFFD byte"
	if !strings.Contains(text, want) {
		t.Errorf("pdftotext output lacks %q:\n%s", want, text)
	}
}

func TestHeaderAndFooter(t *testing.T) {
	pdf := render(t, testOptions, func(d *doc) {
		d.section("Summary: Zoë")
		for i := 0; i < 50; i++ {
			d.paragraph(fmt.Sprintf("Line %d of the first section.", i), bodyText)
		}
		d.section("Summary: 山田太郎")
		d.paragraph("Short.", bodyText)
	})
	pages := pdfText(t, pdf)
	tests := []struct {
		page int
		want []string
	}{
		{0, []string{"Kōwhai Valley School", "2026–27 Autumn", "Summary: Zoë", "Printed 27 November 2026", "Page 1 of 2"}},
		{1, []string{"Summary: Zoë", "Page 2 of 2"}},
		{2, []string{"Summary: 山田太郎", "Page 1 of 1"}},
	}
	if len(pages) != len(tests) {
		t.Fatalf("got %d pages, want %d", len(pages), len(tests))
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(pages[tt.page], w) {
				t.Errorf("page %d lacks %q:\n%s", tt.page+1, w, pages[tt.page])
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	draw := func(d *doc) {
		d.section("Same")
		for _, n := range names {
			d.paragraph(n, bodyText)
		}
		d.barChart(barChart{labels: []string{"a", "b"}, values: []float64{1, 2}})
	}
	a := render(t, testOptions, draw)
	b := render(t, testOptions, draw)
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of the same input differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestPaperAndMetadata(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Fatal("pdfinfo (poppler-utils) is not installed; make test installs it")
	}
	tests := []struct {
		paper string
		want  string
	}{
		{"A4", "Page size:       595.28 x 841.89 pts (A4)"},
		{"Letter", "Page size:       612 x 792 pts (letter)"},
		{"letter", "(letter)"},
		{"", "(A4)"},
		{"A3", "(A4)"},
	}
	for _, tt := range tests {
		t.Run(tt.paper, func(t *testing.T) {
			opt := testOptions
			opt.Paper = tt.paper
			pdf := render(t, opt, func(d *doc) { d.section("Paper") })
			info := pdfInfo(t, pdf)
			for _, w := range []string{tt.want, "Title:           Test report", "Author:          Kōwhai Valley School", "Creator:         Mentorbook test", "Subject:         engine test", "CreationDate:    Fri Nov 27 09:30:00 2026"} {
				if !strings.Contains(info, w) {
					t.Errorf("pdfinfo lacks %q:\n%s", w, info)
				}
			}
			if !bytes.Contains(pdf, []byte("/Lang (en)")) {
				t.Error("the PDF does not say its language (/Lang)")
			}
		})
	}
}
