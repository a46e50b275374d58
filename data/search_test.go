package data_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestSearchAfterUpgrade: a version-1 database, whose students were saved
// before the word index existed, is backed up by Open before the upgrade
// and is searchable afterwards.
func TestSearchAfterUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"migrations/0001_schema.sql", "testdata/migrations/v1.sql"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = 1; PRAGMA application_id = %d", data.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if bs, err := data.Backups(path); err != nil || len(bs) != 1 || !strings.Contains(bs[0].Path, "before-upgrade") {
		t.Errorf("Backups after an upgrade by Open = %+v, %v; want the copy taken before the upgrade", bs, err)
	}
	for _, tc := range []struct {
		q    string
		want int
	}{{"okafor", 1}, {"spark", 1}, {"nguy", 1}, {"s00", 3}, {"太郎", 1}, {"zoe s001", 1}} {
		var rows []data.StudentRow
		err := s.View(ctx, func(tx *data.Tx) error {
			rows, err = tx.Students(data.StudentFilter{Query: tc.q})
			return err
		})
		if err != nil || len(rows) != tc.want {
			t.Errorf("Students(%q) after upgrade = %d rows, %v; want %d", tc.q, len(rows), err, tc.want)
		}
	}
}
