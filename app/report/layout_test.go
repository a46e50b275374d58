package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// longText is a note far longer than a page, with words longer than a line.
var longText = strings.Repeat("Nguyễn Văn An met 山田太郎 and محمد to talk about well-being. "+
	strings.Repeat("Unbreakable", 30)+" ", 40)

// checkInside fails if any word lies outside the page margins or overlaps
// another word on its page.
func checkInside(t *testing.T, pdf []byte) {
	t.Helper()
	words, pw, ph := pdfWords(t, pdf)
	if len(words) == 0 {
		t.Fatal("no words found")
	}
	m := margin / ptToMM
	const slack = 0.5 // points
	for i, w := range words {
		if w.xMin < m-slack || w.xMax > pw-m+slack || w.yMin < m-slack || w.yMax > ph-m+slack {
			t.Errorf("page %d: %q at (%.1f,%.1f)-(%.1f,%.1f) is outside the margins", w.page, w.text, w.xMin, w.yMin, w.xMax, w.yMax)
		}
		for _, v := range words[i+1:] {
			if v.page == w.page && overlap(w.xMin, w.xMax, v.xMin, v.xMax) > slack && overlap(w.yMin, w.yMax, v.yMin, v.yMax) > slack {
				t.Errorf("page %d: %q and %q overlap", w.page, w.text, v.text)
			}
		}
	}
}

func overlap(a0, a1, b0, b1 float64) float64 { return math.Min(a1, b1) - math.Max(a0, b0) }

func TestNothingLeavesThePage(t *testing.T) {
	tests := []struct {
		name string
		draw func(d *doc)
	}{
		{"Paragraph", func(d *doc) { d.paragraph(longText, bodyText) }},
		{"Heading", func(d *doc) { d.heading(longText[:2000]) }},
		{"KeyValues", func(d *doc) {
			d.keyValues([][2]string{{"Notes", longText[:5000]}, {longText[:300], "short"}, {"Empty", ""}})
		}},
		{"TableWithHugeCell", func(d *doc) {
			d.table([]column{{title: "Date"}, {title: "Notes", weight: 4}, {title: "Minutes", align: alignRight}},
				[][]string{{"2 Sep", "short", "30"}, {"9 Sep", longText, "45"}, {"16 Sep"}, {"23 Sep", "extra", "20", "ignored"}})
		}},
		{"TextLineTruncates", func(d *doc) { d.textLine(d.left, d.y, 50, longText, bodyText, alignRight, ink) }},
		{"Charts", func(d *doc) {
			labels := strings.Fields(longText)[:40]
			values := make([]float64, len(labels))
			for i := range values {
				values[i] = float64(i % 7)
			}
			d.barChart(barChart{title: longText[:500], labels: labels, values: values})
			d.lineChart(lineChart{labels: labels, min: 1, max: 5, series: []series{{name: longText[:200], values: values}, {name: "b", values: values}}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions
			opt.School = strings.Repeat("Very Long School Name ", 20)
			opt.Term = strings.Repeat("Term ", 30)
			checkInside(t, render(t, opt, func(d *doc) {
				d.section(strings.Repeat("Title ", 40))
				tt.draw(d)
			}))
		})
	}
}

func TestTableHeaderRepeats(t *testing.T) {
	rows := make([][]string, 120)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("Row %d", i), "Ωmega"}
	}
	pdf := render(t, testOptions, func(d *doc) {
		d.section("Table")
		d.table([]column{{title: "Rowhead"}, {title: "Colhead"}}, rows)
	})
	pages := pdfText(t, pdf)
	if len(pages) < 3 {
		t.Fatalf("table took %d pages, want at least 3", len(pages))
	}
	for i, p := range pages {
		if !strings.Contains(p, "Rowhead") || !strings.Contains(p, "Colhead") {
			t.Errorf("page %d lacks the table header:\n%s", i+1, p)
		}
	}
	all := strings.Join(pages, "")
	for i := range rows {
		if n := strings.Count(all, fmt.Sprintf("Row %d\n", i)); n != 1 {
			t.Errorf("row %d printed %d times, want once", i, n)
		}
	}
}
