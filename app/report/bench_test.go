package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"mentorbook/assets"
	"mentorbook/data"
	"mentorbook/data/demo"
)

// The benchmarks share one demo school of 1,000 students, made once: the
// demo takes longer to write than the reports take to print.
var (
	bench1000     sync.Once
	bench1000DB   *data.Store
	bench1000Sums []*data.StudentSummary
	// bench1000Pages is how many pages each summary takes in the real
	// batch, so that the bare loop draws as many.
	bench1000Pages []int
	bench1000Err   error
	// bench1000Dir holds the demo school; TestMain removes it when the
	// benchmarks are done, so no copy of demo data stays behind in /tmp.
	bench1000Dir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if bench1000DB != nil {
		bench1000DB.Close()
	}
	if bench1000Dir != "" {
		os.RemoveAll(bench1000Dir)
	}
	os.Exit(code)
}

// demoClock is the fixed "today" of every demo database the tests make,
// in the autumn term of 2026–27.
var demoClock = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

func demo1000(b *testing.B) (*data.Store, []*data.StudentSummary) {
	b.Helper()
	bench1000.Do(func() {
		// Not b.TempDir: the database outlives the first benchmark.
		dir, err := os.MkdirTemp("", "mentorbook-bench")
		if err != nil {
			bench1000Err = err
			return
		}
		bench1000Dir = dir
		s, err := openDemo(filepath.Join(dir, "school.db"), 1000)
		if err != nil {
			bench1000Err = err
			return
		}
		bench1000DB = s
		bench1000Err = s.View(context.Background(), func(tx *data.Tx) error {
			term, err := tx.Term("")
			if err != nil {
				return err
			}
			ids, _, err := tx.StudentsInTerm(term, data.ReportOptions{})
			if err != nil {
				return err
			}
			for _, id := range ids {
				sum, err := tx.StudentSummary(id, term, data.ReportOptions{})
				if err != nil {
					return err
				}
				bench1000Sums = append(bench1000Sums, sum)
			}
			h, err := tx.ReportHeader(term, data.ReportOptions{})
			if err != nil {
				return err
			}
			batch, err := NewBatch(h, len(bench1000Sums), 0, Options{})
			if err != nil {
				return err
			}
			for _, sum := range bench1000Sums {
				batch.Add(sum)
			}
			last := batch.d.pdf.PageNo()
			for i, c := range batch.contents {
				next := last + 1
				if i+1 < len(batch.contents) {
					next = batch.contents[i+1].page
				}
				bench1000Pages = append(bench1000Pages, next-c.page)
			}
			return nil
		})
	})
	if bench1000Err != nil {
		b.Fatal(bench1000Err)
	}
	return bench1000DB, bench1000Sums
}

// openDemo makes a demo school of n students at path, with the clock fixed.
func openDemo(path string, n int) (*data.Store, error) {
	s, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	s.Now = func() time.Time { return demoClock }
	s.User = "tester"
	if err := demo.Generate(context.Background(), s, demo.Options{Students: n, Seed: 1}); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// BenchmarkBatch1000 prints the student summaries of the current term of a
// 1,000-student demo school into one PDF, as `mentorbook report students`
// does: assembling each summary in the store, drawing it and writing the
// file. Compare BenchmarkBareGofpdf1000.
func BenchmarkBatch1000(b *testing.B) {
	s, sums := demo1000(b)
	out := filepath.Join(b.TempDir(), "all.pdf")
	b.ResetTimer()
	cpu := processCPU()
	for n := 0; n < b.N; n++ {
		if err := Print(context.Background(), s, Request{Kind: KindStudents, Out: out}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(sums)), "students")
}

// BenchmarkFolder1000 prints the same summaries as BenchmarkBatch1000, one
// file each into a folder, as `mentorbook report students --out DIR/` does;
// it reports the folder's size. Both report the CPU time a print takes
// (cpu-s/op) beside the wall clock. Run the two side by side, a pair per
// process (docs/BENCHMARKS.md, "One file per student"):
// go test -run XXX -bench 'Batch1000|Folder1000' ./app/report/
func BenchmarkFolder1000(b *testing.B) {
	s, sums := demo1000(b)
	b.ResetTimer()
	var size int64
	var cpu time.Duration
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "each") + string(os.PathSeparator)
		b.StartTimer()
		start := processCPU()
		if err := Print(context.Background(), s, Request{Kind: KindStudents, Out: dir}, nil); err != nil {
			b.Fatal(err)
		}
		cpu += processCPU() - start
		b.StopTimer()
		files, _ := os.ReadDir(dir)
		size = 0
		for _, f := range files {
			fi, _ := f.Info()
			size += fi.Size()
		}
		if len(files) != len(sums) {
			b.Fatalf("%d files for %d summaries", len(files), len(sums))
		}
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(sums)), "students")
	b.ReportMetric(float64(size)/1e6, "MB")
}

// BenchmarkBareGofpdf1000 is the floor BenchmarkBatch1000 is measured
// against: plain fpdf drawing the same summaries' text, boxes, bars and
// lines at fixed places, with no queries, no font fallback, no wrapping and
// no page breaking, into one PDF file.
func BenchmarkBareGofpdf1000(b *testing.B) {
	_, sums := demo1000(b)
	out := filepath.Join(b.TempDir(), "bare.pdf")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if err := bareBatch(out, sums, bench1000Pages); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(sums)), "students")
}

func bareBatch(out string, sums []*data.StudentSummary, pages []int) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddUTF8FontFromBytes("dejavu", "", assets.SansRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", assets.SansBold)
	page := func(title string) {
		pdf.AddPage()
		pdf.SetFont("dejavu", "B", 8)
		pdf.Text(15, 18, "Ridgeway Community School")
		pdf.SetFont("dejavu", "B", 15)
		pdf.Text(15, 25, title)
		pdf.Line(15, 33, 195, 33)
		pdf.SetFont("dejavu", "", 8)
		pdf.Text(15, 280, "Printed 27 November 2026")
		pdf.Text(180, 280, "Page 1 of 2")
	}
	for s, sum := range sums {
		name := sum.Student.FullName()
		page("Progress summary: " + name)
		pdf.SetFont("dejavu", "B", 13)
		pdf.Text(15, 42, name)
		pdf.SetFont("dejavu", "", 10)
		y := 50.0
		for _, p := range sum.Pairings {
			pdf.Text(40, y, p.MentorName+": "+day(p.Start)+" "+p.Status)
			y += 5
		}
		for _, c := range sum.Consents {
			pdf.Text(40, y, c.Kind+": "+c.Status+" "+day(c.ValidUntil))
			y += 5
		}
		for i := 0; i < 4; i++ {
			pdf.SetFillColor(222, 239, 238)
			pdf.Rect(15+float64(i)*46, y, 42, 15, "F")
			pdf.Text(17+float64(i)*46, y+6, fmt.Sprint(sum.Meetings.Held))
		}
		y += 20
		for i, w := range sum.PerWeek {
			pdf.SetFillColor(0, 121, 121)
			pdf.Rect(25+float64(i)*10, y+20-w.Value*5, 6, w.Value*5, "F")
			pdf.Text(25+float64(i)*10, y+25, w.Label)
		}
		y += 30
		for _, g := range sum.Goals {
			pdf.Text(15, y, g.Title)
			pdf.Text(70, y, g.Area)
			pdf.Text(100, y, g.Status)
			for _, e := range g.Entries {
				pdf.Text(120, y, day(e.On)+" "+progressValue(e))
			}
			pdf.Line(15, y+2, 195, y+2)
			y += 8
		}
		if pages[s] > 1 {
			page("Progress summary: " + name)
			y = 45
		}
		for q := 0; q < 3; q++ {
			for i := 1; i < len(sum.Wellbeing); i++ {
				a, b := sum.Wellbeing[i-1], sum.Wellbeing[i]
				pdf.Line(25+float64(i-1)*15, y+30-float64(a.Scores[q])*5, 25+float64(i)*15, y+30-float64(b.Scores[q])*5)
				pdf.Circle(25+float64(i)*15, y+30-float64(b.Scores[q])*5, 0.8, "F")
			}
		}
		y += 40
		for _, n := range sum.Notes {
			pdf.Text(15, y, day(n.On))
			pdf.Text(40, y, n.Text)
			pdf.Line(15, y+2, 195, y+2)
			y += 6
		}
		for _, n := range sum.NextSteps {
			pdf.Text(20, y, n.Text)
			y += 5
		}
		pdf.Line(15, y+12, 100, y+12)
		pdf.Line(110, y+12, 195, y+12)
	}
	return pdf.OutputFileAndClose(out)
}

func BenchmarkStudentSummary(b *testing.B) {
	_, sums := demo1000(b)
	for n := 0; n < b.N; n++ {
		if err := StudentSummary(io.Discard, sums[n%len(sums)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
