package report

import (
	"context"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// world is a small school made through the store, for tests that need to
// know every record: the 2026–27 year, one consented student (S001) with a
// guardian, one vetted mentor, and a pairing that began on Monday 7
// September 2026. Its clock reads demoClock (Friday 27 November 2026).
type world struct {
	s       *data.Store
	student *data.Student
	mentor  *data.Mentor
	pairing *data.Pairing
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{s: datatest.Open(t, demoClock)}
	w.update(t, func(tx *data.Tx) error {
		y := &data.Year{Name: "2026–27", Start: data.MustDate("2026-09-01"), End: data.MustDate("2027-08-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		for _, term := range []data.Term{
			{YearID: y.ID, Name: "2026–27 Autumn", Start: data.MustDate("2026-09-01"), End: data.MustDate("2026-12-18")},
			{YearID: y.ID, Name: "2026–27 Spring", Start: data.MustDate("2027-01-05"), End: data.MustDate("2027-03-26")},
		} {
			if err := tx.SaveTerm(&term); err != nil {
				return err
			}
		}
		w.student = w.addStudent(t, tx, "S001", "Zoë", "Okafor", "Ada Okafor")
		w.mentor = &data.Mentor{Name: "Mr Tanaka", Role: "staff", Email: "tanaka@school.example", Capacity: 2, Active: true}
		if err := tx.CreateMentor(w.mentor); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: w.mentor.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01"),
			ExpiresOn: data.MustDate("2028-08-01")}); err != nil {
			return err
		}
		w.pairing = &data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-09-07"), Status: data.PairingActive}
		return tx.CreatePairing(w.pairing)
	})
	return w
}

// addStudent adds an active student with one guardian who granted
// participation consent.
func (w *world) addStudent(t *testing.T, tx *data.Tx, id, given, family, guardian string) *data.Student {
	t.Helper()
	st := &data.Student{SchoolID: id, GivenName: given, FamilyName: family, YearGroup: "8", Active: true}
	if err := tx.CreateStudent(st); err != nil {
		t.Fatal(err)
	}
	g := &data.Guardian{Name: guardian}
	if err := tx.CreateGuardian(g); err != nil {
		t.Fatal(err)
	}
	if err := tx.LinkGuardian(st.ID, g.ID, "mother"); err != nil {
		t.Fatal(err)
	}
	if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, GuardianID: g.ID, Kind: data.ConsentParticipation,
		Status: data.ConsentGranted, SignedOn: data.MustDate("2026-08-20"), Method: "paper"}); err != nil {
		t.Fatal(err)
	}
	return st
}

func (w *world) update(t *testing.T, fn func(tx *data.Tx) error) {
	t.Helper()
	if err := w.s.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// meet logs a meeting of the world's pairing on day at 10:00.
func (w *world) meet(t *testing.T, tx *data.Tx, day string, m data.Meeting) {
	t.Helper()
	d := data.MustDate(day)
	m.PairingID = w.pairing.ID
	m.At = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, time.Local)
	if m.Minutes == 0 {
		m.Minutes = 40
	}
	if m.Kind == "" {
		m.Kind = "one-to-one"
	}
	if m.Status == "" {
		m.Status = data.MeetingHeld
	}
	if err := tx.LogMeeting(&m); err != nil {
		t.Fatalf("LogMeeting(%s): %v", day, err)
	}
}
