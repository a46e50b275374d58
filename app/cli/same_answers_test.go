package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorbook/app/report"
	"mentorbook/data"
	"mentorbook/data/demo"
	"mentorbook/data/pgtest"
	"mentorbook/data/roster"
)

// sameAnswersClock is the day both databases are judged on: inside the
// demo school's current term, with meetings behind it and ahead.
var sameAnswersClock = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// TestSameAnswersOnBoth: the demo school made in an SQLite file and copied
// to PostgreSQL gives the same answers on both, byte for byte: the alerts
// (as `alerts` prints them, text and CSV, each kind), the text of every
// kind of report (pdftotext) for every term, and every export (each CSV,
// each mentor's calendar, the follow-ups), each plain and with
// confidential notes. A difference is a statement that answers in
// another order, or another value, on one of them. 80 students: the
// smallest demo school with a mentor's two pairings starting the same
// day (the caseload report's tie; 200 have none).
//
// It calls what the commands call (report.Print, roster.ExportFile,
// FollowUps) on stores with a fixed clock; the commands themselves still
// refuse a PostgreSQL URL (docs/POSTGRES.md step 8).
func TestSameAnswersOnBoth(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is not installed; make test installs it")
	}
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "school.db")
	s, err := data.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return sameAnswersClock }
	if err := demo.Generate(ctx, s, demo.Options{Students: 80, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	url := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		t.Fatal(err)
	}
	if _, err := data.Copy(ctx, file, url); err != nil {
		t.Fatal(err)
	}

	lite := answers(t, file, filepath.Join(dir, "sqlite"))
	pg := answers(t, url, filepath.Join(dir, "postgres"))
	for _, a := range lite {
		// Two equal failures would prove nothing: only terms to come,
		// and a student whose consent is withheld without
		// --confidential, may refuse.
		if strings.HasPrefix(a.text, "error: ") && !strings.Contains(a.text, "has not started yet") &&
			!strings.Contains(a.text, "declined or withdrawn data-sharing consent, so no report names them") {
			t.Errorf("%s on SQLite: %s", a.name, a.text)
		}
		if b, ok := pg.find(a.name); !ok {
			t.Errorf("%s: on SQLite only", a.name)
		} else if a.text != b {
			t.Errorf("%s differs:\n%s", a.name, firstDifference(a.text, b))
		}
	}
	if len(pg) != len(lite) {
		t.Errorf("%d answers on PostgreSQL, %d on SQLite", len(pg), len(lite))
	}
	t.Logf("%d answers compared, %d bytes of them on SQLite", len(lite), lite.size())
}

// answer is one thing a person reads: a report's text, an export's bytes,
// or the error that stood in its place.
type answer struct{ name, text string }

type answerList []answer

func (l answerList) find(name string) (string, bool) {
	for _, a := range l {
		if a.name == name {
			return a.text, true
		}
	}
	return "", false
}

func (l answerList) size() int {
	n := 0
	for _, a := range l {
		n += len(a.text)
	}
	return n
}

// answers opens db with the fixed clock and gathers every alert list,
// report text and export into out.
func answers(t *testing.T, db, out string) answerList {
	t.Helper()
	ctx := context.Background()
	if err := os.MkdirAll(out, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return sameAnswersClock }
	var list answerList
	add := func(name, text string, err error) {
		if err != nil {
			text = "error: " + data.ErrorMessage(err)
		}
		list = append(list, answer{name, text})
	}

	// What the reports and exports range over.
	var terms []data.Term
	var mentors []data.MentorRow
	var studentIDs []string
	var current string
	err = s.View(ctx, func(tx *data.Tx) error {
		if terms, err = tx.Terms(); err != nil {
			return err
		}
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		current = term.Name
		if mentors, err = tx.Mentors(""); err != nil {
			return err
		}
		rows, err := tx.Students(data.StudentFilter{})
		for _, r := range rows {
			studentIDs = append(studentIDs, r.SchoolID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, conf := range []bool{false, true} {
		opts := data.ReportOptions{Confidential: conf}
		suffix := ""
		if conf {
			suffix = " --confidential"
		}
		// alerts: as runAlerts prints them, every kind and each.
		for _, kind := range append([]string{""}, data.AlertKinds...) {
			var rep *data.FollowUps
			err := s.View(ctx, func(tx *data.Tx) error {
				rep, err = tx.FollowUps(tx.Today(), kind, opts)
				return err
			})
			var text, csv bytes.Buffer
			if err == nil {
				for _, a := range rep.Alerts {
					fmt.Fprintln(&text, a.String())
				}
				err = roster.WriteCSV(&csv, data.AlertColumns, data.AlertRows(rep.Alerts))
			}
			add("alerts "+kind+suffix, text.String(), err)
			add("alerts --format csv "+kind+suffix, csv.String(), err)
		}

		// Reports: each kind, each term, and two students' summaries.
		print := func(name string, req report.Request) {
			req.Confidential = conf
			req.Out = filepath.Join(out, fmt.Sprintf("%d.pdf", len(list)))
			err := report.Print(ctx, s, req, nil)
			var text string
			if err == nil {
				text = pdfToText(t, req.Out)
			}
			add("report "+name+suffix, text, err)
		}
		for _, term := range terms {
			for _, kind := range []string{report.KindStudents, report.KindMentors, report.KindProgramme} {
				// Every student summary of a past term, plainly and with
				// its notes, would be most of the test's time: the
				// confidential one prints every student and note the
				// plain one does; the current term's are printed both ways.
				if kind == report.KindStudents && !conf && term.Name != current {
					continue
				}
				print(kind+" --term "+term.Name, report.Request{Kind: kind, Term: term.Name})
			}
		}
		for _, id := range []string{studentIDs[0], studentIDs[len(studentIDs)/2], studentIDs[len(studentIDs)-1]} {
			print("student --student "+id, report.Request{Kind: report.KindStudent, StudentSchoolID: id})
		}
		if !conf { // letters hold no notes: --confidential changes nothing
			print(report.KindConsentLetters, report.Request{Kind: report.KindConsentLetters})
		}
		for _, kind := range append([]string{""}, data.AlertKinds...) {
			print(report.KindFollowUps+" "+kind, report.Request{Kind: report.KindFollowUps, AlertKind: kind})
		}

		// Exports: each CSV, and the follow-ups of each kind.
		export := func(name string, opts roster.ExportOptions) {
			opts.Out = filepath.Join(out, fmt.Sprintf("%d.out", len(list)))
			_, err := roster.ExportFile(ctx, s, opts)
			var b []byte
			if err == nil {
				b, err = os.ReadFile(opts.Out)
			}
			add("export "+name+suffix, string(b), err)
		}
		for _, kind := range roster.ExportKinds {
			export(kind, roster.ExportOptions{Kind: kind, Confidential: conf})
		}
		for _, kind := range append([]string{""}, data.AlertKinds...) {
			export(roster.ExportFollowUps+" "+kind, roster.ExportOptions{Kind: roster.ExportFollowUps, AlertKind: kind, Confidential: conf})
		}
	}
	// A calendar never holds confidential notes: once per mentor.
	for _, m := range mentors {
		opts := roster.ExportOptions{Kind: roster.ExportCalendar, Mentor: m.Email, Out: filepath.Join(out, fmt.Sprintf("%d.ics", len(list)))}
		_, err := roster.ExportFile(ctx, s, opts)
		var b []byte
		if err == nil {
			b, err = os.ReadFile(opts.Out)
		}
		add("export calendar --mentor "+m.Email, string(b), err)
	}
	return list
}

// pdfToText is what pdftotext reads from the PDF at path.
func pdfToText(t *testing.T, path string) string {
	t.Helper()
	b, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(b)
}

// firstDifference shows the first line where a and b part, with the lines
// before it, and how many lines differ in all.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	n, first := 0, -1
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			n++
			if first < 0 {
				first = i
			}
		}
	}
	var w strings.Builder
	for i := max(0, first-3); i < first; i++ {
		fmt.Fprintf(&w, "    %s\n", al[i])
	}
	at := func(l []string) string {
		if first < len(l) {
			return l[first]
		}
		return "(end)"
	}
	fmt.Fprintf(&w, "  SQLite:     %s\n  PostgreSQL: %s\n(%d of %d/%d lines differ)", at(al), at(bl), n, len(al), len(bl))
	return w.String()
}
