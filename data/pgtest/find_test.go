package pgtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindPostgresMissing: a machine without PostgreSQL's server programs
// is told which package to install; the tests never skip for it.
func TestFindPostgresMissing(t *testing.T) {
	empty := t.TempDir()
	halfInstalled := t.TempDir() // initdb without a postgres beside it
	if err := os.WriteFile(filepath.Join(halfInstalled, "initdb"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dirs := range [][]string{nil, {empty}, {halfInstalled}} {
		_, _, err := findPostgresIn(dirs)
		if err == nil || !strings.Contains(err.Error(), "install the package postgresql") {
			t.Errorf("findPostgresIn(%q) = %v, want the message naming the package postgresql", dirs, err)
		}
	}
}

// TestFindPostgresTooOld: a server older than MinVersion is refused by name.
func TestFindPostgresTooOld(t *testing.T) {
	dir := t.TempDir()
	for name, script := range map[string]string{
		"initdb":   "#!/bin/sh\n",
		"postgres": "#!/bin/sh\necho 'postgres (PostgreSQL) 12.9'\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := findPostgresIn([]string{dir})
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL 12 is installed") || !strings.Contains(err.Error(), "13 or newer") {
		t.Errorf("findPostgresIn(PostgreSQL 12) = %v, want a refusal naming 12 and 13", err)
	}
}
