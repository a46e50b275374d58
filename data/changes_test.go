package data_test

import (
	"context"
	"testing"
	"time"

	"mentorbook/data"
)

// TestChangesBetweenLogins: on one school's server, a write through one
// Store moves the change marker another Store sees, as others' change;
// a Store's own writes move it without counting as others'. A mentor,
// which may not read the audit log, sees the marker too, and its own
// meeting counts as a change for the coordinator.
func TestChangesBetweenLogins(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	mustExec(t, openPG(t, sc.url), `SELECT setval(pg_get_serial_sequence('students', 'id'), 4)`) // the school's rows carry their ids
	a, b := sc.openAs(t, sc.coordinator), sc.openAs(t, sc.coordinator)
	mentor := sc.openAs(t, sc.tanaka)

	marker := func(s *data.Store) int64 {
		t.Helper()
		m, others, err := s.Changes(ctx, -1)
		if err != nil || others {
			t.Fatalf("Changes(-1) = %d, %v, %v; want the marker alone", m, others, err)
		}
		return m
	}
	expect := func(who string, s *data.Store, after int64, want bool) int64 {
		t.Helper()
		m, others, err := s.Changes(ctx, after)
		if err != nil {
			t.Fatalf("%s: Changes: %v", who, err)
		}
		if others != want || m <= after {
			t.Errorf("%s: Changes(%d) = %d, others %v; want a moved marker, others %v", who, after, m, others, want)
		}
		return m
	}
	addStudent := func(s *data.Store, id string) {
		t.Helper()
		st := &data.Student{SchoolID: id, GivenName: "New", Active: true}
		if err := s.Update(ctx, func(tx *data.Tx) error { return tx.CreateStudent(st) }); err != nil {
			t.Fatal(err)
		}
	}

	seenA, seenM := marker(a), marker(mentor)
	if seenA != seenM {
		t.Errorf("the coordinator's marker %d, the mentor's %d; want one", seenA, seenM)
	}
	if m, others, err := a.Changes(ctx, seenA); err != nil || others || m != seenA {
		t.Errorf("nothing changed: Changes = %d, %v, %v; want %d, false", m, others, err, seenA)
	}
	addStudent(b, "N1")
	seenA = expect("the coordinator after another window's student", a, seenA, true)
	seenM = expect("the mentor after the coordinator's student", mentor, seenM, true)
	addStudent(a, "N2")
	seenA = expect("the coordinator after its own student", a, seenA, false)

	m := &data.Meeting{PairingID: sc.tanakaPairing, At: time.Date(2025, 10, 1, 12, 0, 0, 0, time.Local), Minutes: 30,
		Kind: "one-to-one", Status: data.MeetingHeld}
	if err := mentor.Update(context.Background(), func(tx *data.Tx) error { return tx.LogMeeting(m) }); err != nil {
		t.Fatal(err)
	}
	expect("the mentor after its own meeting", mentor, seenM, true) // N2 is the coordinator's
	expect("the coordinator after the mentor's meeting", a, seenA, true)
	seenM = marker(mentor)
	if err := mentor.Update(context.Background(), func(tx *data.Tx) error {
		m2 := *m
		m2.ID, m2.At = 0, m.At.Add(24*time.Hour)
		return tx.LogMeeting(&m2)
	}); err != nil {
		t.Fatal(err)
	}
	expect("the mentor after only its own meeting", mentor, seenM, false)
}

// TestChangesOnFile: a database file is one laptop's; nobody else
// changes it, and Changes says so without reading anything.
func TestChangesOnFile(t *testing.T) {
	s, err := data.Open(t.TempDir() + "/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if m, others, err := s.Changes(t.Context(), 0); m != 0 || others || err != nil {
		t.Errorf("Changes on a file = %d, %v, %v; want 0, false, nil", m, others, err)
	}
}
