//go:build !race

package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"testing"
	"time"
)

// TestBatchOf1000IsFast checks the promise that a batch of 1,000 student
// summaries renders in well under 3 seconds. The best of three tries counts,
// so that a busy machine does not fail it.
func TestBatchOf1000IsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	best := time.Hour
	for try := 0; try < 3 && best > 3*time.Second; try++ {
		start := time.Now()
		d, err := newDoc(testOptions, "Student progress summaries", "batch")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 1000; i++ {
			drawSummary(d, i)
		}
		if err := d.write(io.Discard); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	t.Logf("1,000 summaries in %v", best)
	if best > 3*time.Second {
		t.Errorf("1,000 summaries took %v, want under 3s", best)
	}
}

// drawSummary draws a page that resembles a student progress summary, for
// timing the engine at batch scale.
func drawSummary(d *doc, i int) {
	d.section("Student progress summary")
	d.heading(fmt.Sprintf("Nguyễn Văn An %d — Year 9", i))
	d.keyValues([][2]string{{"Mentor", "Σοφία Παπαδοπούλου"}, {"Pairing", "3 Sep 2026 – 2 Sep 2027 (active)"}, {"Consent", "Granted 1 Sep 2026"}})
	d.subheading("Meetings this term")
	rows := make([][]string, 12)
	for r := range rows {
		rows[r] = []string{"2 Sep 2026", "One-to-one", "30", "Talked about goals for the term, reading at home and the science project."}
	}
	d.table([]column{{title: "Date"}, {title: "Kind"}, {title: "Minutes", align: alignRight}, {title: "Notes", weight: 3}}, rows)
	d.barChart(barChart{title: "Meetings per week", labels: []string{"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11", "W12"}, values: []float64{1, 2, 0, 1, 3, 1, 1, 2, 1, 1, 0, 2}})
	d.lineChart(lineChart{title: "Wellbeing", labels: []string{"2 Sep", "9 Sep", "16 Sep", "23 Sep", "30 Sep"}, min: 1, max: 5,
		series: []series{{name: "Mood", values: []float64{3, 4, math.NaN(), 4, 5}}, {name: "Confidence", values: []float64{2, 2, 3, 4, 4}}}})
	d.paragraph("Aroha has settled in well and meets her mentor every week. Next steps: keep the reading log going and prepare for the science fair in March.", bodyText)
	d.signatureLines("Coordinator", "Head of year")
}

func BenchmarkBatch1000(b *testing.B) {
	for n := 0; n < b.N; n++ {
		d, err := newDoc(testOptions, "Student progress summaries", "batch")
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 1000; i++ {
			drawSummary(d, i)
		}
		if err := d.write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSingle(b *testing.B) {
	for n := 0; n < b.N; n++ {
		d, err := newDoc(testOptions, "Student progress summary", "one")
		if err != nil {
			b.Fatal(err)
		}
		drawSummary(d, n)
		var buf bytes.Buffer
		if err := d.write(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
