package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rosterFixtures = "../../testdata/roster"

// runCLI runs the command line against db and returns the exit status and
// what was printed.
func runCLI(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(append([]string{"--db", db}, args...), &out, &errb, func(string) error { t.Fatal("the GUI was started"); return nil })
	return code, out.String(), errb.String()
}

// brokenRoster is oneroster11 with the unknown-agent overlay on top.
func brokenRoster(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, from := range []string{"oneroster11", "broken/unknown-agent"} {
		entries, err := os.ReadDir(filepath.Join(rosterFixtures, from))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(rosterFixtures, from, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func TestImportCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "school.db")
	good := filepath.Join(rosterFixtures, "oneroster11")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // lines stdout must contain
		stderr string   // what stderr must contain
	}{
		{"dry run", []string{"import", "oneroster", good, "--dry-run"}, 0,
			[]string{"nothing has been written", "Students: 12 added, 0 updated, 0 unchanged, 0 marked as left.", "Rejected: 0 rows."}, ""},
		{"import", []string{"import", "oneroster", "--dry-run=false", good}, 0,
			[]string{"Imported:", "Students: 12 added", "Guardians: 10 added", "Mentors (inactive until vetted): 4 added"}, ""},
		{"again", []string{"import", "oneroster", good}, 0, []string{"Students: 0 added, 0 updated, 12 unchanged"}, ""},
		{"changed", []string{"import", "oneroster", filepath.Join(rosterFixtures, "oneroster11-changed")}, 0,
			[]string{"Students: 1 added, 1 updated, 10 unchanged, 1 marked as left."}, ""},
		{"broken", []string{"import", "oneroster", brokenRoster(t)}, 1,
			[]string{"Nothing was imported: 1 row rejected.", `users.csv:7: agentSourcedIds names "g-099", which is not in users.csv`},
			"1 row was rejected, so nothing was imported."},
		{"broken dry run", []string{"import", "oneroster", "--dry-run", brokenRoster(t)}, 1,
			[]string{"users.csv:7: agentSourcedIds"}, "rejected"},
		{"csv", []string{"import", "csv", filepath.Join(rosterFixtures, "students-crlf-bom.csv")}, 0, []string{"Students: 3 added"}, ""},
		{"csv with a mapping", []string{"import", "csv", filepath.Join(rosterFixtures, "students.csv"), "--dry-run",
			"--map", "homeroom=,preferred_name=Last Name"}, 0, []string{"Students: 1 added, 7 updated"}, ""},
		{"broken csv", []string{"import", "csv", filepath.Join(rosterFixtures, "students-broken.csv")}, 1,
			[]string{`students-broken.csv:3: Date of Birth "31/02/2011" is not a date in the form YYYY-MM-DD`}, "6 rows were rejected"},
		{"delta", []string{"import", "oneroster", filepath.Join(rosterFixtures, "broken/delta")}, 1, nil, "delta"},
		{"missing path", []string{"import", "oneroster", filepath.Join(t.TempDir(), "nope")}, 1, nil, "Cannot read"},
		{"no kind", []string{"import"}, 2, nil, "usage:"},
		{"unknown kind", []string{"import", "excel", "x.xlsx"}, 2, nil, `unknown import "excel"`},
		{"two paths", []string{"import", "oneroster", good, good}, 2, nil, "one path"},
		{"map for oneroster", []string{"import", "oneroster", good, "--map", "x=y"}, 2, nil, "usage:"},
		{"unknown field", []string{"import", "csv", filepath.Join(rosterFixtures, "students.csv"), "--map", "shoe_size=Shoes"}, 2, nil,
			`unknown field "shoe_size"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, db, tt.args...)
			if code != tt.code {
				t.Errorf("mentorbook %q = exit %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("mentorbook %q stdout = %q, want it to contain %q", tt.args, stdout, want)
				}
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("mentorbook %q stderr = %q, want it to contain %q", tt.args, stderr, tt.stderr)
			}
		})
	}
}

// TestImportCommandManyRejected: a file with thousands of bad rows prints
// the first thousand and counts the rest, and exits 1.
func TestImportCommandManyRejected(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "students.csv")
	rows := "ID,First,Surname\n" + strings.Repeat("1,Ada,Lovelace\n", 2501)
	if err := os.WriteFile(path, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, filepath.Join(dir, "school.db"), "import", "csv", path)
	if code != 1 || !strings.Contains(stderr, "2,500 rows were rejected, so nothing was imported.") {
		t.Errorf("import csv (2,500 repeated IDs) = exit %d, stderr %q; want 1 and the count", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if last := lines[len(lines)-1]; last != "… and 1,500 more rows rejected" || len(lines) > 1010 {
		t.Errorf("import csv printed %d lines ending %q, want about a thousand ending with the 1,500 not listed", len(lines), last)
	}
	if !strings.HasPrefix(stdout, "Nothing was imported: 2,500 rows rejected.") {
		t.Errorf("import csv stdout starts %q, want the count of every rejected row", stdout[:60])
	}
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "school.db")
	if code, _, stderr := runCLI(t, db, "demo", "--students", "20", "--seed", "5"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	pass := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(pass, []byte("a long enough passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"students", "pairings", "meetings", "goals"} {
		out := filepath.Join(dir, kind+".csv")
		code, stdout, stderr := runCLI(t, db, "export", kind, "--out", out)
		if code != 0 || !strings.Contains(stdout, "exported ") {
			t.Fatalf("export %s = exit %d, %q, %q", kind, code, stdout, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil || len(records) < 2 {
			t.Errorf("export %s wrote %d records, %v", kind, len(records), err)
		}
		if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
			t.Errorf("export %s: mode %v, want 0600", kind, info.Mode().Perm())
		}
	}
	code, stdout, stderr := runCLI(t, db, "export", "students", "--out", filepath.Join(dir, "s.csv.age"), "--confidential", "--passphrase-file", pass)
	if code != 0 || !strings.Contains(stdout, "confidential") {
		t.Errorf("export --confidential --passphrase-file = exit %d, %q, %q", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "s.csv.age")); !bytes.HasPrefix(b, []byte("age-encryption.org/v1")) {
		t.Error("the export with a passphrase is not encrypted")
	}

	usage := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"export"}, 2, "say what to export"},
		{[]string{"export", "students"}, 2, "--out FILE is required"},
		{[]string{"export", "mentors", "--out", "x.csv"}, 2, `unknown export "mentors"`},
		{[]string{"export", "calendar", "--out", "x.ics"}, 2, "--mentor"},
		{[]string{"export", "students", "--out", "x.csv", "--mentor", "a@b.example"}, 2, "--mentor is for export calendar only"},
		{[]string{"export", "calendar", "--mentor", "nobody@example.org", "--out", filepath.Join(dir, "c.ics")}, 1, "No mentor has the email"},
		{[]string{"export", "students", "--out", filepath.Join(dir, "no", "s.csv")}, 1, "does not exist; nothing was saved"},
		{[]string{"export", "students", "--out", filepath.Join(dir, "s.csv"), "--passphrase-file", filepath.Join(dir, "none")}, 1, "Cannot read the passphrase file"},
	}
	for _, tt := range usage {
		code, _, stderr := runCLI(t, db, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.err) {
			t.Errorf("mentorbook %q = exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.err)
		}
	}
}

func TestExportCalendarCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "school.db")
	if code, _, stderr := runCLI(t, db, "demo", "--students", "30", "--seed", "2"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	// The demo's mentors have emails; find one with planned meetings by
	// exporting the meetings and reading the mentor's name back is more
	// work than needed: every demo mentor's calendar must export.
	out := filepath.Join(dir, "m.csv")
	if code, _, stderr := runCLI(t, db, "export", "pairings", "--out", out); code != 0 {
		t.Fatalf("export pairings: %s", stderr)
	}
	b, _ := os.ReadFile(out)
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("pairings export: %d records, %v", len(records), err)
	}
	email := records[1][4]
	ics := filepath.Join(dir, "cal.ics")
	code, stdout, stderr := runCLI(t, db, "export", "calendar", "--mentor", email, "--out", ics)
	if code != 0 || !strings.Contains(stdout, "planned meetings") {
		t.Fatalf("export calendar --mentor %s = exit %d, %q, %q", email, code, stdout, stderr)
	}
	cal, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(cal, []byte("BEGIN:VCALENDAR\r\n")) || !bytes.HasSuffix(cal, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("calendar = %q…", cal[:min(len(cal), 80)])
	}
}
