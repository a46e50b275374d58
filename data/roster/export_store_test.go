package roster

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// exportSchool is the oneroster11 school with a mentor, two pairings and
// their meetings and goals. José's guardian declined data sharing.
func exportSchool(t *testing.T) *data.Store {
	t.Helper()
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	update(t, s, func(tx *data.Tx) error {
		m, err := tx.MentorBySourceID("t-001")
		if err != nil {
			return err
		}
		m.Active = true
		if err := tx.UpdateMentor(m); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01")}); err != nil {
			return err
		}
		zoe, err := tx.StudentBySchoolID("24001")
		if err != nil {
			return err
		}
		zoe.Needs = "Dyslexia assessment pending"
		if err := tx.UpdateStudent(zoe); err != nil {
			return err
		}
		lucia, err := tx.StudentBySchoolID("24003")
		if err != nil {
			return err
		}
		lucia.Needs, lucia.NeedsConfidential = "-2 years reading age", false
		if err := tx.UpdateStudent(lucia); err != nil {
			return err
		}
		jose, err := tx.StudentBySchoolID("24002")
		if err != nil {
			return err
		}
		for _, c := range []data.Consent{
			{StudentID: zoe.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-10")},
			{StudentID: jose.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-10")},
			{StudentID: jose.ID, Kind: data.ConsentDataSharing, Status: data.ConsentDeclined, SignedOn: data.MustDate("2025-09-10")},
		} {
			if err := tx.SaveConsent(&c); err != nil {
				return err
			}
		}
		for _, st := range []*data.Student{zoe, jose} {
			p := &data.Pairing{StudentID: st.ID, MentorID: m.ID, Start: data.MustDate("2025-09-15"), Status: data.PairingActive}
			if err := tx.CreatePairing(p); err != nil {
				return err
			}
			meetings := []data.Meeting{
				{PairingID: p.ID, At: time.Date(2026, 3, 2, 10, 30, 0, 0, time.Local), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld,
					Topics: []string{"maths", "friends"}, Notes: "=HYPERLINK(\"http://evil.example\")", Wellbeing: [3]int{4, 3, 0}},
				{PairingID: p.ID, At: time.Date(2026, 3, 9, 10, 30, 0, 0, time.Local), Minutes: 45, Kind: "one-to-one", Status: data.MeetingHeld,
					Notes: "Worried about home; told the DSL", NotesConfidential: true, FollowUp: "DSL to call"},
				{PairingID: p.ID, At: time.Date(2026, 3, 18, 15, 30, 0, 0, time.Local), Minutes: 40, Kind: "one-to-one", Status: data.MeetingPlanned,
					Location: "Library, room 12; by the window", Notes: strings.Repeat("Bring the reading log and the planner. ", 4)},
			}
			for i := range meetings {
				if err := tx.LogMeeting(&meetings[i]); err != nil {
					return err
				}
			}
			g := &data.Goal{StudentID: st.ID, Title: "+10% attendance", Area: "attendance", Created: data.MustDate("2025-09-20")}
			if err := tx.CreateGoal(g); err != nil {
				return err
			}
			if err := tx.AddProgress(&data.Progress{GoalID: g.ID, On: data.MustDate("2026-03-02"), Rating: 3, Percent: -1,
				Comment: "Late twice after the move", Confidential: true}); err != nil {
				return err
			}
		}
		return nil
	})
	return s
}

// readCSV reads an exported file back with encoding/csv, an independent
// parser, after checking the byte order mark.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rest, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatalf("%s does not begin with a byte order mark", path)
	}
	records, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read %s: %v", path, err)
	}
	return records
}

// column returns the named column of records, keyed by the first column.
func column(t *testing.T, records [][]string, name string) map[string]string {
	t.Helper()
	i := -1
	for j, h := range records[0] {
		if h == name {
			i = j
		}
	}
	if i < 0 {
		t.Fatalf("no column %q in %q", name, records[0])
	}
	out := map[string]string{}
	for _, r := range records[1:] {
		out[r[0]] = r[i]
	}
	return out
}

func export(t *testing.T, s *data.Store, opts ExportOptions) *ExportResult {
	t.Helper()
	res, err := ExportFile(context.Background(), s, opts)
	if err != nil {
		t.Fatalf("ExportFile(%+v) error = %v", opts, err)
	}
	info, err := os.Stat(opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", opts.Out, info.Mode().Perm())
	}
	return res
}

func TestExportStudents(t *testing.T) {
	s := exportSchool(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "students.csv")
	res := export(t, s, ExportOptions{Kind: ExportStudents, Out: out})
	if *res != (ExportResult{Rows: 11, LeftOut: 1}) {
		t.Errorf("ExportFile(students) = %+v, want 11 rows and José left out", res)
	}
	records := readCSV(t, out)
	names := column(t, records, "Given name")
	needs := column(t, records, "Notes on needs")
	tests := []struct{ schoolID, given, needs string }{
		{"24001", "Zoë", ""},                        // confidential
		{"24003", "Lucía", "'-2 years reading age"}, // shared, neutralised
		{"24005", "Σοφία", ""},
		{"24007", "太郎", ""},
	}
	for _, tt := range tests {
		if names[tt.schoolID] != tt.given || needs[tt.schoolID] != tt.needs {
			t.Errorf("row %s = %q, %q; want %q, %q", tt.schoolID, names[tt.schoolID], needs[tt.schoolID], tt.given, tt.needs)
		}
	}
	if _, ok := names["24002"]; ok {
		t.Error("José, whose guardian declined data sharing, was exported")
	}
	// The export reads back through the plain CSV import's guesses.
	if m := GuessMapping(records[0]); m[FieldSchoolID] != "School ID" || m[FieldDateOfBirth] != "Date of birth" || m[FieldHomeroom] != "Homeroom" {
		t.Errorf("GuessMapping(export header) = %v", m)
	}

	all := filepath.Join(dir, "all.csv")
	if res := export(t, s, ExportOptions{Kind: ExportStudents, Out: all, Confidential: true}); *res != (ExportResult{Rows: 12}) {
		t.Errorf("ExportFile(students, confidential) = %+v, want 12 rows", res)
	}
	records = readCSV(t, all)
	if got := column(t, records, "Notes on needs")["24001"]; got != "Dyslexia assessment pending" {
		t.Errorf("confidential export: Zoë's needs = %q", got)
	}
	view(t, s, func(tx *data.Tx) error {
		lines, err := tx.AuditLog(data.AuditFilter{Action: data.ActExport})
		if len(lines) != 2 || !strings.Contains(lines[0].Detail, "confidential") || strings.Contains(lines[1].Detail, "confidential") {
			t.Errorf("export audit lines = %+v", lines)
		}
		return err
	})
}

func TestExportMeetingsPairingsGoals(t *testing.T) {
	s := exportSchool(t)
	dir := t.TempDir()
	for _, confidential := range []bool{false, true} {
		out := filepath.Join(dir, "meetings.csv")
		res := export(t, s, ExportOptions{Kind: ExportMeetings, Out: out, Confidential: confidential})
		records := readCSV(t, out)
		if len(records) != 1+res.Rows {
			t.Fatalf("meetings.csv has %d rows, the export said %d", len(records)-1, res.Rows)
		}
		want := ExportResult{Rows: 3, LeftOut: 3}
		if confidential {
			want = ExportResult{Rows: 6}
		}
		if *res != want {
			t.Errorf("ExportFile(meetings, confidential %v) = %+v, want %+v", confidential, res, want)
		}
		notes := column(t, records, "Notes")
		follow := column(t, records, "Follow-up actions")
		if got := notes["1"]; got != `'=HYPERLINK("http://evil.example")` {
			t.Errorf("meeting 1 notes = %q, want the formula neutralised", got)
		}
		secret := ""
		if confidential {
			secret = "Worried about home; told the DSL"
		}
		if notes["2"] != secret || (follow["2"] != "") == !confidential {
			t.Errorf("confidential %v: meeting 2 notes = %q, follow-up %q", confidential, notes["2"], follow["2"])
		}
		if got := column(t, records, "Date and time")["3"]; got != "2026-03-18 15:30" {
			t.Errorf("meeting 3 at %q", got)
		}
		if got := column(t, records, "Topics")["1"]; got != "maths, friends" {
			t.Errorf("meeting 1 topics %q", got)
		}
	}

	// The mentor's term comments, shared text, go with the pairing, in
	// term order, in one cell.
	var terms []data.Term
	update(t, s, func(tx *data.Tx) (err error) {
		if terms, err = tx.Terms(); err != nil || len(terms) < 2 {
			return fmt.Errorf("terms %v: %w", terms, err)
		}
		for _, c := range []data.TermComment{{TermID: terms[0].ID, Comment: "Later: more reading."}, {TermID: terms[len(terms)-1].ID, Comment: "First: settled in."}} {
			c.PairingID = 1
			if err := tx.SaveTermComment(&c); err != nil {
				return err
			}
		}
		return nil
	})
	comments := terms[len(terms)-1].Name + ": First: settled in.\n\n" + terms[0].Name + ": Later: more reading."
	out := filepath.Join(dir, "pairings.csv")
	if res := export(t, s, ExportOptions{Kind: ExportPairings, Out: out}); *res != (ExportResult{Rows: 1, LeftOut: 1}) {
		t.Errorf("ExportFile(pairings) = %+v", res)
	}
	records := readCSV(t, out)
	want := []string{"1", "24001", "Zoë Adams", "Sarah Thompson", "s.thompson@riverside.example", "2025-09-15", "2026-09-15", "active", "", "", "", comments}
	if !reflect.DeepEqual(records[1], want) {
		t.Errorf("pairings.csv row = %q, want %q", records[1], want)
	}

	out = filepath.Join(dir, "goals.csv")
	if res := export(t, s, ExportOptions{Kind: ExportGoals, Out: out}); *res != (ExportResult{Rows: 1, LeftOut: 1}) {
		t.Errorf("ExportFile(goals) = %+v", res)
	}
	records = readCSV(t, out)
	if got := records[1][3:]; !reflect.DeepEqual(got, []string{"'+10% attendance", "", "attendance", "", "open", "2025-09-20", "1", "2026-03-02", "3", "", ""}) {
		t.Errorf("goals.csv row = %q", got)
	}
}

func TestExportCalendar(t *testing.T) {
	s := exportSchool(t)
	out := filepath.Join(t.TempDir(), "thompson.ics")
	res := export(t, s, ExportOptions{Kind: ExportCalendar, Out: out, Mentor: "S.Thompson@riverside.example"})
	if *res != (ExportResult{Rows: 2, LeftOut: 1}) {
		t.Errorf("ExportFile(calendar) = %+v, want 2 events, one not naming the student", res)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// An independent check of the RFC 5545 basics: CRLF line ends, no line
	// over 75 octets, and the properties every event must have.
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("the calendar has line ends other than CRLF")
	}
	folded := false
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Error("no line was folded; the test's long notes should have been")
	}
	events := parseICS(t, b)
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	for _, e := range events {
		if e["UID"] == "" || e["DTSTAMP"] != "20260311T140000Z" && !strings.HasSuffix(e["DTSTAMP"], "Z") {
			t.Errorf("event %v lacks a UID or a UTC DTSTAMP", e)
		}
	}
	if e := events[0]; e["SUMMARY"] != "Mentoring: Zoë Adams" || e["DTSTART"] != "20260318T153000" || e["DTEND"] != "20260318T161000" ||
		e["LOCATION"] != "Library, room 12; by the window" {
		t.Errorf("first event = %v", e)
	}
	if e := events[1]; e["SUMMARY"] != "Mentoring meeting" || strings.Contains(string(b), "José") {
		t.Errorf("José's meeting = %v, want him not named", e)
	}
	checkICSWithPython(t, b, []string{"Mentoring: Zoë Adams", "Mentoring meeting"})

	_, err = ExportFile(context.Background(), s, ExportOptions{Kind: ExportCalendar, Out: out, Mentor: "nobody@example.org"})
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("ExportFile(calendar of an unknown mentor) error = %v, want ENOTFOUND", err)
	}
}

func TestExportEncrypted(t *testing.T) {
	s := exportSchool(t)
	out := filepath.Join(t.TempDir(), "students.csv.age")
	export(t, s, ExportOptions{Kind: ExportStudents, Out: out, Passphrase: "correct horse battery"})
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := data.Decrypt(f, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("Σοφία")) {
		t.Error("the decrypted export lacks the students")
	}
}

func TestExportErrors(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		opts ExportOptions
		is   func(error) bool
	}{
		{"unknown kind", ExportOptions{Kind: "mentors", Out: filepath.Join(dir, "m.csv")}, func(err error) bool { return errors.Is(err, ErrUnknownKind) }},
		{"calendar without a mentor", ExportOptions{Kind: ExportCalendar, Out: filepath.Join(dir, "c.ics")}, func(err error) bool { return data.ErrorCode(err) == data.EINVALID }},
		{"weak passphrase", ExportOptions{Kind: ExportStudents, Out: filepath.Join(dir, "s.csv"), Passphrase: "short"}, func(err error) bool { return errors.Is(err, data.ErrWeakPassphrase) }},
		{"missing folder", ExportOptions{Kind: ExportStudents, Out: filepath.Join(dir, "nope", "s.csv")}, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		if _, err := ExportFile(context.Background(), s, tt.opts); !tt.is(err) {
			t.Errorf("ExportFile(%s) error = %v", tt.name, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("failed exports left files behind: %v", entries)
	}
}

// TestExportMeetingsProgressAndCancel exports the meetings of a 100-student
// demo school (a few thousand) with a progress callback, then cancels one
// half-way: the error says so, and no file, temporary file or audit line
// is left.
func TestExportMeetingsProgressAndCancel(t *testing.T) {
	s := datatest.Demo(t, 100, time.Date(2026, 11, 27, 10, 0, 0, 0, time.Local))
	dir := t.TempDir()
	var calls [][2]int
	res := export(t, s, ExportOptions{Kind: ExportMeetings, Out: filepath.Join(dir, "all.csv"),
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if res.Rows < 2000 || len(calls) != res.Rows/1000 {
		t.Fatalf("%d rows exported with %d progress calls, want at least 2,000 rows and a call every thousand", res.Rows, len(calls))
	}
	for i, c := range calls {
		if c[0] != (i+1)*1000 || c[1] != res.Rows {
			t.Errorf("progress call %d = %d of %d, want %d of %d", i, c[0], c[1], (i+1)*1000, res.Rows)
		}
	}

	exportsBefore := auditCount(t, s, data.ActExport)
	ctx, cancel := context.WithCancel(context.Background())
	out := filepath.Join(dir, "cancelled.csv")
	_, err := ExportFile(ctx, s, ExportOptions{Kind: ExportMeetings, Out: out, Progress: func(int, int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ExportFile cancelled half-way = %v, want context.Canceled", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("the folder holds %d files after the cancel, want only the first export", len(es))
	}
	if n := auditCount(t, s, data.ActExport); n != exportsBefore {
		t.Errorf("audit export lines %d → %d; a cancelled export must not be logged", exportsBefore, n)
	}
}

func auditCount(t *testing.T, s *data.Store, action string) int {
	t.Helper()
	var log []data.AuditEntry
	update(t, s, func(tx *data.Tx) (err error) { log, err = tx.AuditLog(data.AuditFilter{Action: action}); return })
	return len(log)
}
