package data

import (
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestOpenRemovesLeftovers: the temporary copies a killed backup or
// restore left (whole copies of the school) are removed by the next Open
// of their database, beside it, in its backups folder and in the folder a
// backup was being written to; another database's, which may be in use,
// are not. Their names carry no personal
// data, whatever the database is called.
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "Zoë Okafor's notes.db")
	other := filepath.Join(dir, "other.db")
	backups := filepath.Join(dir, "backups")
	os.Mkdir(backups, 0o700)
	leftover := func(dir, pattern string, age time.Duration) string {
		f, err := os.CreateTemp(dir, pattern)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("a whole copy of the school")
		f.Close()
		at := time.Now().Add(-age)
		os.Chtimes(f.Name(), at, at)
		return filepath.Base(f.Name())
	}
	gone := []string{
		leftover(dir, tempPattern(tempRestore, db), 0),
		leftover(dir, tempPattern(tempBackup, db), 0),
		leftover(backups, tempPattern(tempBackup, db), 0),
		leftover(dir, ".mentorbook-restore-*.tmp", 48*time.Hour), // a version before tags, two days ago
	}
	kept := []string{
		leftover(dir, tempPattern(tempRestore, other), 0),
		leftover(backups, tempPattern(tempBackup, other), 0),
		leftover(dir, ".mentorbook-restore-*.tmp", time.Minute), // perhaps still being written
	}
	// A backup being made on a stick: noted beside the database.
	stick := t.TempDir()
	onStick, _, err := notedTemp(stick, tempBackup, db)
	if err != nil {
		t.Fatal(err)
	}
	gone = append(gone, leftover(dir, tempProbe+tempTag(db)+"-*", 0))
	for _, name := range append(append(gone, kept...), filepath.Base(onStick)) {
		if strings.Contains(name, "Okafor") || strings.Contains(name, "notes") {
			t.Errorf("temporary file %s carries the database's name", name)
		}
	}
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var left []string
	for _, d := range []string{dir, backups} {
		es, _ := os.ReadDir(d)
		for _, e := range es {
			if strings.HasPrefix(e.Name(), ".mentorbook-") {
				left = append(left, e.Name())
			}
		}
	}
	if _, err := os.Stat(onStick); err == nil {
		t.Errorf("the backup being made on the stick is still there after Open")
	}
	sort.Strings(left)
	sort.Strings(kept)
	if strings.Join(left, " ") != strings.Join(kept, " ") {
		t.Errorf("after Open, temporary files left: %v; want only %v", left, kept)
	}
}

// TestOpenMakesFilesPrivate: a database others could read (0644, copied
// in or made by another program), its -wal and -shm, and its backups
// folder are made readable by their owner only when it is opened, and the
// store says so for the window.
func TestOpenMakesFilesPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "school.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.Mkdir(filepath.Join(dir, "backups"), 0o755)
	// Another program has it open, so that its -wal and -shm exist.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO settings (key, value) VALUES ('alert_days', '14')`); err != nil {
		t.Fatal(err)
	}
	files := []string{path, path + "-wal", path + "-shm", filepath.Join(dir, "backups")}
	for _, f := range files {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v after Open, want it readable by its owner only", filepath.Base(f), fi.Mode().Perm())
		}
	}
	if got := s.MadePrivate(); len(got) != len(files) || !strings.Contains(got[0], "was -rw-r--r--") {
		t.Errorf("MadePrivate() = %q, want the %d files with their former modes", got, len(files))
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.MadePrivate(); len(got) != 0 {
		t.Errorf("MadePrivate() on the next Open = %q, want nothing", got)
	}
}
