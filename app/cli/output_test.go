package cli

import (
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data/datatest"
)

// TestOutputsNeverReplaceTheDatabase is the red team's reproduction:
// `export students --out d.db` printed "exported 182 students to d.db" and
// left a CSV where the school was. Every output naming the database, under
// any name, is refused, naming the file, and the school stays as it was.
func TestOutputsNeverReplaceTheDatabase(t *testing.T) {
	db := demoDB(t)
	dir := filepath.Dir(db)
	link := filepath.Join(dir, "same-school.db")
	if err := os.Link(db, link); err != nil {
		t.Fatal(err)
	}
	before := tableDump(t, db)
	for _, args := range [][]string{
		{"export", "students", "--out", db},
		{"export", "meetings", "--out", link},
		{"export", "calendar", "--mentor", "nobody@example.org", "--out", db},
		{"report", "programme", "--out", db},
		{"report", "students", "--out", db + "-wal"},
		{"backup", "--out", db},
		{"backup", "--out", db + ".lock"},
	} {
		code, stdout, stderr := runCLI(t, db, args...)
		out := args[len(args)-1]
		if code != 1 || !strings.Contains(stderr, out) || stdout != "" {
			t.Errorf("mentorbook %s: exit %d, stdout %q, stderr %q; want exit 1 and a refusal naming %s", strings.Join(args, " "), code, stdout, stderr, out)
		}
		if after := tableDump(t, db); after != before {
			t.Fatalf("mentorbook %s changed the school's records", strings.Join(args, " "))
		}
	}
	if code, stdout, stderr := runCLI(t, db, "check"); code != 0 {
		t.Fatalf("check after the refusals: exit %d %s %s", code, stdout, stderr)
	}
}

// TestOutputsKeepOtherFiles: an existing file that is not an earlier output
// of the same kind is left as it is; an earlier one is replaced.
func TestOutputsKeepOtherFiles(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	thesis := filepath.Join(dir, "thesis.pdf")
	os.WriteFile(thesis, []byte("PK\x03\x04 not a pdf"), 0o600)
	notes := filepath.Join(dir, "notes.csv")
	os.WriteFile(notes, []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00"), 0o600) // a PDF named .csv
	for _, args := range [][]string{
		{"report", "programme", "--out", thesis},
		{"export", "students", "--out", notes},
		{"backup", "--out", notes},
	} {
		out := args[len(args)-1]
		was, _ := os.ReadFile(out)
		code, _, stderr := runCLI(t, db, args...)
		if now, _ := os.ReadFile(out); code != 1 || !strings.Contains(stderr, "is left as it is") || string(now) != string(was) {
			t.Errorf("mentorbook %s: exit %d, stderr %q; want the file kept", strings.Join(args, " "), code, stderr)
		}
	}
	report := filepath.Join(dir, "programme.pdf")
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCLI(t, db, "report", "programme", "--out", report); code != 0 {
			t.Fatalf("report programme, time %d: exit %d: %s", i+1, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Fatalf("the folder holds %d files, want thesis.pdf, notes.csv and programme.pdf", len(entries))
	}
}

// TestExportEmptyPassphrase: an empty or newline-only passphrase, from a
// file or the environment, is refused and writes nothing; the audit line
// of an export says whether it was encrypted.
func TestExportEmptyPassphrase(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, c := range []struct {
		name, file string
		env        *string
	}{
		{name: "EmptyFile", file: ""},
		{name: "NewlineFile", file: "\n"},
		{name: "CRLFFile", file: "\r\n"},
		{name: "EmptyEnv", env: new(string)},
		{name: "NewlineEnv", env: ptr("\n")},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name+".csv")
			args := []string{"export", "students", "--out", out}
			if c.env != nil {
				t.Setenv(passphraseEnv, *c.env)
			} else {
				pf := filepath.Join(dir, c.name+".pass")
				os.WriteFile(pf, []byte(c.file), 0o600)
				args = append(args, "--passphrase-file", pf)
			}
			code, _, stderr := runCLI(t, db, args...)
			if code != 1 || !strings.Contains(stderr, "empty") {
				t.Fatalf("export with passphrase %q: exit %d, stderr %q; want a refusal", c.file, code, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("export with an empty passphrase wrote %s", out)
			}
		})
	}
	pf := filepath.Join(dir, "good.pass")
	os.WriteFile(pf, []byte("correct horse battery\n"), 0o600)
	if code, stdout, stderr := runCLI(t, db, "export", "students", "--out", filepath.Join(dir, "s.csv.age"), "--passphrase-file", pf); code != 0 ||
		!strings.Contains(stdout, "encrypted") {
		t.Fatalf("encrypted export: exit %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, db, "export", "goals", "--out", filepath.Join(dir, "g.csv")); code != 0 {
		t.Fatalf("plain export: exit %d %q", code, stderr)
	}
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var lines []string
	rows, err := conn.Query(`SELECT detail FROM audit WHERE action = 'export' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d string
		rows.Scan(&d)
		lines = append(lines, d)
	}
	rows.Close()
	if len(lines) != 2 || !strings.HasSuffix(lines[0], ", encrypted") || !strings.HasSuffix(lines[1], ", not encrypted") {
		t.Fatalf("export audit lines = %q, want one encrypted and one not", lines)
	}
}

func ptr(s string) *string { return &s }

// TestFileFaultsInPlainWords: ordinary file faults and a full disk are said
// in one plain sentence that names the file, never as damage or an internal
// error, and no Go log line (with its timestamp) reaches stderr.
func TestFileFaultsInPlainWords(t *testing.T) {
	db := demoDB(t)
	var logged strings.Builder
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	tmp := t.TempDir()
	folderDB := filepath.Join(tmp, "folder.db")
	os.Mkdir(folderDB, 0o700)
	pf := filepath.Join(tmp, "pass")
	os.WriteFile(pf, []byte("correct horse battery\n"), 0o600)
	age := filepath.Join(tmp, "school.db.age")
	if code, _, stderr := runCLI(t, db, "backup", "--out", age, "--passphrase-file", pf); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	b, _ := os.ReadFile(age)
	cut := filepath.Join(tmp, "cut.db.age")
	os.WriteFile(cut, b[:len(b)/2], 0o600)

	full := datatest.SmallDisk(t, "1m")
	datatest.Fill(t, full)
	readOnly := datatest.SmallDisk(t, "1m", "ro")
	// A sound database on a full disk.
	fullDB := filepath.Join(datatest.SmallDisk(t, "2m"), "school.db")
	if code, _, stderr := runCLI(t, db, "backup", "--out", fullDB); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	datatest.Fill(t, filepath.Dir(fullDB))

	for _, c := range []struct {
		name string
		db   string
		args []string
		want string
	}{
		{"FolderAsDB", folderDB, []string{"check"}, folderDB + " is a folder"},
		{"MissingFolder", filepath.Join(tmp, "nope", "x.db"), []string{"check"}, "The folder " + filepath.Join(tmp, "nope") + " does not exist"},
		{"CutEncryptedBackup", db, []string{"restore", cut, "--passphrase-file", pf}, "damaged or cut short"},
		{"ExportToAFullDisk", db, []string{"export", "meetings", "--out", filepath.Join(full, "m.csv")}, "The disk is full"},
		{"ReportToAFullDisk", db, []string{"report", "programme", "--out", filepath.Join(full, "p.pdf")}, "The disk is full"},
		{"BackupToAFullDisk", db, []string{"backup", "--out", filepath.Join(full, "b.db")}, "The disk is full"},
		{"ExportToAReadOnlyDisk", db, []string{"export", "students", "--out", filepath.Join(readOnly, "s.csv")}, "may not write in " + readOnly},
		{"DatabaseOnAFullDisk", fullDB, []string{"export", "students", "--out", filepath.Join(tmp, "s.csv")}, "The disk is full"},
		{"CheckOnAFullDisk", fullDB, []string{"check"}, "The disk is full"},
	} {
		t.Run(c.name, func(t *testing.T) {
			logged.Reset()
			code, _, stderr := runCLI(t, c.db, c.args...)
			if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("mentorbook %s: exit %d, stderr %q; want one line saying %q", strings.Join(c.args, " "), code, stderr, c.want)
			}
			for _, bad := range []string{"went wrong", "internal error", "damaged (its integrity"} {
				if strings.Contains(stderr, bad) {
					t.Errorf("mentorbook %s says %q", strings.Join(c.args, " "), stderr)
				}
			}
			if logged.Len() > 0 {
				t.Errorf("mentorbook %s logged %q", strings.Join(c.args, " "), logged.String())
			}
		})
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the full disk holds %d files, want only the filler", len(entries))
	}
}
