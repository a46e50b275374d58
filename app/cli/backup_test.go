package cli

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// runMentorbook runs the command line as main.go does and returns the exit
// status and what was printed.
func runMentorbook(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb, func(string) error { t.Fatal("the GUI was started"); return nil })
	return code, out.String(), errb.String()
}

// demoDB makes a database with a small demo school in a new folder.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "school.db")
	if code, _, stderr := runMentorbook(t, "--db", db, "demo", "--students", "15", "--seed", "3"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	return db
}

// tableDump reads every row of every table except the audit log, which
// backups and restores write to.
func tableDump(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rows.Close()
	}
	return b.String()
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestBackupRestoreCommands(t *testing.T) {
	db := demoDB(t)
	want := tableDump(t, db)
	if !strings.Contains(want, "meetings ") {
		t.Fatal("the demo school has no meetings")
	}
	out := filepath.Join(t.TempDir(), "manual.db")
	code, stdout, stderr := runMentorbook(t, "--db", db, "backup", "--out", out)
	if code != 0 || strings.TrimSpace(stdout) != out {
		t.Fatalf("backup --out: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}
	if got := tableDump(t, out); got != want {
		t.Fatalf("the backup differs from the database")
	}

	// Into the backups folder when --out is not given.
	code, stdout, stderr = runMentorbook(t, "--db", db, "backup")
	if code != 0 || filepath.Dir(strings.TrimSpace(stdout)) != filepath.Join(filepath.Dir(db), "backups") {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	// Change the database, then restore the manual backup: every table
	// matches the original row for row.
	rawExec(t, db, `DELETE FROM meetings`)
	if code, stdout, stderr = runMentorbook(t, "--db", db, "restore", out); code != 0 {
		t.Fatalf("restore: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := tableDump(t, db); got != want {
		t.Errorf("after restore the database differs from the backup")
	}
	if code, stdout, _ = runMentorbook(t, "--db", db, "check"); code != 0 || !strings.Contains(stdout, "integrity: ok") {
		t.Errorf("check after restore: exit %d, %q", code, stdout)
	}
}

// TestRestoreOtherSchoolCommand: restoring another database's backup is
// refused, naming both schools and the flag, until --other-school.
func TestRestoreOtherSchoolCommand(t *testing.T) {
	a, b := demoDB(t), demoDB(t)
	rawExec(t, b, `UPDATE school SET name = 'Oakfield Academy'`)
	out := filepath.Join(t.TempDir(), "oakfield.db")
	if code, _, stderr := runMentorbook(t, "--db", b, "backup", "--out", out); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	before := sum(t, a)
	code, _, stderr := runMentorbook(t, "--db", a, "restore", out)
	if code != 1 || !strings.Contains(stderr, `"Oakfield Academy"`) || !strings.Contains(stderr, "--other-school") || !strings.Contains(stderr, "Nothing was changed") {
		t.Errorf("restore of another school's backup: exit %d, stderr %q; want 1, both schools and --other-school", code, stderr)
	}
	if sum(t, a) != before {
		t.Error("the refused restore changed the database")
	}
	if code, _, stderr = runMentorbook(t, "--db", a, "restore", out, "--other-school"); code != 0 {
		t.Fatalf("restore --other-school: exit %d: %s", code, stderr)
	}
	if got, want := tableDump(t, a), tableDump(t, out); got != want {
		t.Error("after restore --other-school the database differs from the backup")
	}
}

func TestEncryptedBackupCommands(t *testing.T) {
	db := demoDB(t)
	want := tableDump(t, db)
	dir := t.TempDir()
	passFile := filepath.Join(dir, "pass.txt")
	os.WriteFile(passFile, []byte("tea and biscuits\n"), 0o600)
	wrongFile := filepath.Join(dir, "wrong.txt")
	os.WriteFile(wrongFile, []byte("coffee and cake\n"), 0o600)
	out := filepath.Join(dir, "school.db.age")

	if code, _, stderr := runMentorbook(t, "--db", db, "backup", "--out", out, "--passphrase-file", passFile); code != 0 {
		t.Fatalf("backup --passphrase-file: exit %d: %s", code, stderr)
	}
	if ok, _ := data.IsEncrypted(out); !ok {
		t.Fatal("the backup is not encrypted")
	}
	before := sum(t, db)
	t.Setenv(passphraseEnv, "")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NoPassphrase", nil, "passphrase is needed"},
		{"WrongPassphrase", []string{"--passphrase-file", wrongFile}, "The passphrase does not open this backup."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runMentorbook(t, append([]string{"--db", db, "restore", out}, tc.args...)...)
			if code != 1 || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "Something went wrong") {
				t.Errorf("restore (%s): exit %d, stderr %q; want 1 and %q", tc.name, code, stderr, tc.want)
			}
			if sum(t, db) != before {
				t.Errorf("restore (%s) changed the database", tc.name)
			}
		})
	}
	t.Setenv(passphraseEnv, "tea and biscuits")
	if code, _, stderr := runMentorbook(t, "--db", db, "restore", out); code != 0 {
		t.Fatalf("restore with $%s: exit %d: %s", passphraseEnv, code, stderr)
	}
	if got := tableDump(t, db); got != want {
		t.Errorf("after restoring the encrypted backup the database differs")
	}
}

func TestBackupCommandUsage(t *testing.T) {
	db := demoDB(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"RestoreWithoutFile", []string{"restore"}, 2},
		{"RestoreTwoFiles", []string{"restore", "a.db", "b.db"}, 2},
		{"BackupStray", []string{"backup", "extra"}, 2},
		{"BackupUnknownFlag", []string{"backup", "--frobnicate"}, 2},
		{"RestoreMissingFile", []string{"restore", "/nonexistent/backup.db"}, 1},
		{"RestoreNotADatabase", []string{"restore", "backup_test.go"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := sum(t, db)
			code, _, stderr := runMentorbook(t, append([]string{"--db", db}, tc.args...)...)
			if code != tc.code {
				t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, stderr)
			}
			if sum(t, db) != before {
				t.Errorf("%v changed the database", tc.args)
			}
		})
	}
}

// rawExec changes a file behind the program's back.
func rawExec(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}

func TestCheckRefusesHostileFiles(t *testing.T) {
	db := demoDB(t)
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	corrupt := append([]byte{}, good...)
	for k := 1; k < len(corrupt)/4096; k += 3 {
		copy(corrupt[k*4096+1500:], bytes.Repeat([]byte{0xA5, 0x5A}, 50))
	}
	newer := write("newer.db", good)
	rawExec(t, newer, "PRAGMA user_version = 999")
	other := filepath.Join(dir, "other.db")
	rawExec(t, other, "CREATE TABLE recipes (name TEXT)")
	doctored := write("doctored.db", good)
	rawExec(t, doctored, "CREATE TRIGGER share AFTER INSERT ON meetings BEGIN UPDATE students SET needs_confidential = 0; END")
	inUse := write("in-use.db", good)
	s, err := data.Open(inUse)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	for _, tc := range []struct {
		name, path, want string
	}{
		{"NotSQLite", write("notes.txt", bytes.Repeat([]byte("not a database "), 20)), "not an SQLite database"},
		{"NotOurs", other, "another program"},
		{"Newer", newer, "newer version"},
		{"Corrupt", write("corrupt.db", corrupt), "damaged"},
		{"Truncated", write("truncated.db", good[:len(good)/2]), "damaged"},
		{"ExtraTrigger", doctored, "not a Mentorbook database as this version writes it"},
		{"InUse", inUse, "in use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := sum(t, tc.path)
			code, stdout, stderr := runMentorbook(t, "--db", tc.path, "check")
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("check %s: exit %d, stderr %q; want 1 and %q", tc.name, code, stderr, tc.want)
			}
			if tc.name == "ExtraTrigger" && !strings.Contains(stdout, "extra trigger share") {
				t.Errorf("check %s printed %q; want it to name the extra trigger", tc.name, stdout)
			}
			if sum(t, tc.path) != before {
				t.Errorf("check %s changed the file", tc.name)
			}
			if tc.name == "InUse" {
				return // a sound database, which may well be restored from
			}
			// Nor will it be restored over a good database.
			target := write("target-"+tc.name+".db", good)
			code, _, _ = runMentorbook(t, "--db", target, "restore", tc.path)
			if code != 1 || sum(t, target) != sha256.Sum256(good) {
				t.Errorf("restore %s: exit %d (want 1), database changed: %v", tc.name, code, sum(t, target) != sha256.Sum256(good))
			}
		})
	}
}
