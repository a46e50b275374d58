package data_test

import (
	"regexp"
	"testing"

	"mentorbook/data"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestIdentity: a new database gets an identity, keeps it when opened
// again, and two databases never share one.
func TestIdentity(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	if !uuidPattern.MatchString(a.ID()) {
		t.Fatalf("ID() = %q, want a random UUID", a.ID())
	}
	if a.ID() == b.ID() {
		t.Errorf("two new databases share the identity %s", a.ID())
	}
	id, path := a.ID(), a.Path()
	a.Close()
	again, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.ID() != id {
		t.Errorf("ID() after reopening = %q, want %q", again.ID(), id)
	}
}

// TestIdentityOfOlderDatabase: a database made before identities gets one
// the first time it is opened, and keeps it.
func TestIdentityOfOlderDatabase(t *testing.T) {
	s := MustOpen(t)
	path := s.Path()
	s.Close()
	rawExec(t, path, `DELETE FROM settings WHERE key = 'database_id'`)
	first, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := first.ID()
	first.Close()
	if !uuidPattern.MatchString(id) {
		t.Fatalf("ID() of an older database = %q, want a new UUID", id)
	}
	second, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if second.ID() != id {
		t.Errorf("ID() on the second open = %q, want %q", second.ID(), id)
	}
}
