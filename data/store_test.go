package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// today is the fixed clock of the tests: a Wednesday in the spring term.
var today = time.Date(2026, 3, 11, 14, 0, 0, 0, time.Local)

// MustOpen opens a new database in a temporary folder with a fixed clock.
func MustOpen(tb testing.TB) *data.Store { return datatest.Open(tb, today) }

func update(tb testing.TB, s *data.Store, fn func(tx *data.Tx) error) {
	tb.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		tb.Fatal(err)
	}
}

// world is a small school: a year with terms, a consented student, a vetted mentor and an active pairing.
type world struct {
	s       *data.Store
	student *data.Student
	mentor  *data.Mentor
	pairing *data.Pairing
}

func newWorld(tb testing.TB) *world {
	tb.Helper()
	return newWorldIn(tb, MustOpen(tb))
}

// newWorldIn is newWorld in the open store s.
func newWorldIn(tb testing.TB, s *data.Store) *world {
	tb.Helper()
	w := &world{s: s}
	update(tb, w.s, func(tx *data.Tx) error {
		y := &data.Year{Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-08-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		for _, t := range []data.Term{
			{YearID: y.ID, Name: "2025–26 Autumn", Start: data.MustDate("2025-09-01"), End: data.MustDate("2025-12-19")},
			{YearID: y.ID, Name: "2025–26 Spring", Start: data.MustDate("2026-01-05"), End: data.MustDate("2026-03-27")},
			{YearID: y.ID, Name: "2025–26 Summer", Start: data.MustDate("2026-04-13"), End: data.MustDate("2026-07-17")},
		} {
			if err := tx.SaveTerm(&t); err != nil {
				return err
			}
		}
		w.student = &data.Student{SchoolID: "S001", GivenName: "Zoë", FamilyName: "Okafor", YearGroup: "8", Active: true}
		if err := tx.CreateStudent(w.student); err != nil {
			return err
		}
		g := &data.Guardian{Name: "Ada Okafor", Email: "ada@example.org"}
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		if err := tx.LinkGuardian(w.student.ID, g.ID, "mother"); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: w.student.ID, GuardianID: g.ID, Kind: data.ConsentParticipation,
			Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-10"), Method: "paper"}); err != nil {
			return err
		}
		w.mentor = &data.Mentor{Name: "Mr Tanaka", Role: "staff", Email: "tanaka@school.example", Capacity: 2, Active: true}
		if err := tx.CreateMentor(w.mentor); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: w.mentor.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01"),
			ExpiresOn: data.MustDate("2028-08-01")}); err != nil {
			return err
		}
		w.pairing = &data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Start: data.MustDate("2025-09-15"), Status: data.PairingActive}
		return tx.CreatePairing(w.pairing)
	})
	return w
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	var version int
	update(t, s, func(tx *data.Tx) error {
		var err error
		version, err = tx.SchemaVersion()
		return err
	})
	if version != data.SchemaVersion() {
		t.Errorf("SchemaVersion = %d, want %d", version, data.SchemaVersion())
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("Dear diary, this is not a database at all. It is long enough to have a header of one hundred bytes, truly."), 0o600)

	newer := filepath.Join(dir, "newer.db")
	s, err := data.Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rawExec(t, newer, "PRAGMA user_version = 999")

	other := filepath.Join(dir, "other.db")
	rawExec(t, other, "CREATE TABLE recipes (name TEXT)")

	for _, tc := range []struct {
		name string
		path string
		want error
	}{
		{"NotSQLite", notSQLite, data.ErrNotSQLite},
		{"Newer", newer, data.ErrNewer},
		{"NotOurs", other, data.ErrNotOurs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			s, err := data.Open(tc.path)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open(%s) = %v, want %v", tc.name, err, tc.want)
			}
			after, _ := os.ReadFile(tc.path)
			if string(before) != string(after) {
				t.Errorf("Open(%s) changed the file", tc.name)
			}
		})
	}
}
