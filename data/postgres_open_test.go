package data

import (
	"errors"
	"strings"
	"testing"

	"mentorbook/data/pgtest"
)

// TestOpenPostgresOlder: a database whose schema is older than this
// program's is refused with what its owner runs, and left as it was: Open
// never migrates a server database.
func TestOpenPostgresOlder(t *testing.T) {
	url := pgtest.NewDatabase(t)
	if _, _, err := initPostgres(t.Context(), url, SchemaVersion()-1); err != nil {
		t.Fatal(err)
	}
	s, err := Open(url)
	if err == nil {
		s.Close()
		t.Fatal("Open opened an older schema")
	}
	if !errors.Is(err, ErrOlderSchema) || !strings.HasPrefix(ErrorMessage(err), "This PostgreSQL database has an older Mentorbook schema; its owner upgrades it with: mentorbook --db URL server init") {
		t.Errorf("Open = %v (%q), want ErrOlderSchema", err, ErrorMessage(err))
	}
	if v, err := PostgresVersion(t.Context(), url); err != nil || v != SchemaVersion()-1 {
		t.Errorf("after the refusal the version is %d (%v), want %d", v, err, SchemaVersion()-1)
	}
}
