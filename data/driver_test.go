package data

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHardenedDriver: every connection has trusted_schema off and SQLite's
// defensive mode on, so that SQL cannot rewrite the schema behind the
// program's back.
func TestHardenedDriver(t *testing.T) {
	db, err := openDB(filepath.Join(t.TempDir(), "x.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var trusted int
	if err := db.QueryRow(`PRAGMA trusted_schema`).Scan(&trusted); err != nil || trusted != 0 {
		t.Errorf("PRAGMA trusted_schema = %d, %v; want 0", trusted, err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE TABLE t (y)' WHERE name = 't'`)
	if err == nil || !strings.Contains(err.Error(), "sqlite_master") && !strings.Contains(err.Error(), "read-only") && !strings.Contains(err.Error(), "readonly") {
		t.Errorf("writing sqlite_master = %v, want it refused by defensive mode", err)
	}
}
