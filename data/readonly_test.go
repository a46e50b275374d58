package data_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// TestOpenReadOnlyLeavesNoFiles: a database Mentorbook may not write (the
// file, or its folder) is refused, and refusing it creates nothing beside
// it: no -wal, no -shm, no lock file.
func TestOpenReadOnlyLeavesNoFiles(t *testing.T) {
	if datatest.AsUnprivileged(t) {
		return
	}
	for _, tc := range []struct {
		name  string
		chmod func(db string) (undo string)
	}{
		{"File", func(db string) string { os.Chmod(db, 0o400); return db }},
		{"Folder", func(db string) string { os.Chmod(filepath.Dir(db), 0o500); return filepath.Dir(db) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := soundDB(t, t.TempDir())
			before := listDir(t, filepath.Dir(db))
			sum := fileSum(t, db)
			undo := tc.chmod(db)
			s, err := data.Open(db)
			if err == nil {
				s.Close()
			}
			os.Chmod(undo, 0o700)
			if !errors.Is(err, data.ErrReadOnly) {
				t.Errorf("Open(read-only %s) = %v, want ErrReadOnly", tc.name, err)
			}
			if after := listDir(t, filepath.Dir(db)); after != before {
				t.Errorf("Open(read-only %s) left files: before %s, after %s", tc.name, before, after)
			}
			if fileSum(t, db) != sum {
				t.Errorf("Open(read-only %s) changed the file", tc.name)
			}
		})
	}
}

// listDir names the files in dir, for comparing before and after.
func listDir(tb testing.TB, dir string) string {
	tb.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names string
	for _, e := range es {
		names += e.Name() + " "
	}
	return names
}
