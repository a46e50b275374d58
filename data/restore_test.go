package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestRestoreChecksTablesFirst: a backup with a table dropped passes
// SQLite's integrity check, and was restored over 1,000 students before the
// missing table was noticed. It is refused before anything is replaced or
// backed up, and the database stays exactly as it was.
func TestRestoreChecksTablesFirst(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	backup := filepath.Join(t.TempDir(), "dropped.db")
	if err := w.s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	rawExec(t, backup, `DROP TABLE goal_progress; DROP TABLE goals`)
	update(t, w.s, func(tx *data.Tx) error {
		for i := 0; i < 1000; i++ {
			if err := tx.CreateStudent(&data.Student{SchoolID: "T" + strconv.Itoa(i), GivenName: "Kim", FamilyName: strconv.Itoa(i), Active: true}); err != nil {
				return err
			}
		}
		return nil
	})
	dbPath := w.s.Path()
	w.s.Close()
	sum, files := fileSum(t, dbPath), listDir(t, filepath.Dir(dbPath))
	err := data.Restore(ctx, dbPath, backup)
	if !errors.Is(err, data.ErrSchema) || !strings.Contains(err.Error(), "missing table goals") {
		t.Fatalf("Restore(backup without goals) = %v, want ErrSchema naming the missing table", err)
	}
	if fileSum(t, dbPath) != sum {
		t.Error("the refused restore changed the database")
	}
	if after := listDir(t, filepath.Dir(dbPath)); after != files {
		t.Errorf("the refused restore left files: before %s, after %s", files, after)
	}
}

// TestRestorePutsBackOnFailure: when anything fails after the restored
// file has taken the database's place (here a Cancel just then, as the
// restored file opens), the database it replaced is put back, as it was.
func TestRestorePutsBackOnFailure(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 3, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := w.s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	w.logMeetings(t, 7, "after the backup")
	dbPath, id := w.s.Path(), w.s.ID()
	want := withoutAudit(dumpTables(t, dbPath))
	w.s.Close()
	files := listDir(t, filepath.Dir(dbPath))
	err := data.Restore(ctx, dbPath, backup, data.BackupOptions{Progress: func(_ float64, doing string) {
		if doing == "Opening the restored database…" {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(err.Error(), "put back") {
		t.Fatalf("Restore cancelled after the swap = %v, want an error saying the database was put back", err)
	}
	// The backups folder now holds the database as it was; beside the
	// database, nothing is left of the attempt.
	if after := strings.Replace(listDir(t, filepath.Dir(dbPath)), "backups ", "", 1); after != files {
		t.Errorf("files beside the database: before %s, after %s", files, after)
	}
	sameDump(t, withoutAudit(dumpTables(t, dbPath)), want)
	if got := openID(t, dbPath); got != id {
		t.Errorf("identity after the failed restore = %s, want %s", got, id)
	}
}

// TestRestoreReadsHeaderFirst: a large file that is not a backup of ours
// is refused from its header, without being copied beside the database
// first (600 MB used to be).
func TestRestoreReadsHeaderFirst(t *testing.T) {
	w := newWorld(t)
	dbPath := w.s.Path()
	w.s.Close()
	const size = 600 << 20
	other := filepath.Join(t.TempDir(), "other-program.db")
	rawExec(t, other, "CREATE TABLE recipes (name TEXT)")
	for _, tc := range []struct {
		name string
		head []byte // nil: keep the file's own
		want error
	}{
		{"NotSQLite", []byte("holiday video, not a database"), data.ErrNotSQLite},
		{"AnotherProgramsDatabase", nil, data.ErrNotOurs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			big := filepath.Join(t.TempDir(), "big.db")
			if tc.head == nil {
				b, _ := os.ReadFile(other)
				tc.head = b
			}
			if err := os.WriteFile(big, tc.head, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(big, size); err != nil { // sparse: no disk used
				t.Fatal(err)
			}
			read, written := ioCounts(t)
			err := data.Restore(context.Background(), dbPath, big)
			read2, written2 := ioCounts(t)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Restore(600 MB %s) = %v, want %v", tc.name, err, tc.want)
			}
			if written2-written > 16<<20 || read2-read > 16<<20 {
				t.Errorf("Restore(600 MB %s) read %d MB and wrote %d MB before refusing it; want it refused from the header", tc.name, (read2-read)>>20, (written2-written)>>20)
			}
		})
	}
}

// ioCounts returns how many bytes this process has read and written
// through system calls so far (Linux's /proc/self/io).
func ioCounts(t *testing.T) (read, written int64) {
	t.Helper()
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Fatalf("this test counts bytes copied through /proc/self/io (Linux): %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "rchar":
			read = n
		case "wchar":
			written = n
		}
	}
	return read, written
}
