package app

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// testNow is the fixed clock of the GUI tests: a Wednesday in the spring term.
var testNow = time.Date(2026, 3, 11, 14, 0, 0, 0, time.Local)

// school is a small world: a year with terms, a vetted mentor, two students
// paired with them (one with consent, one whose consent was withdrawn after
// the pairing began) and a third student with no pairing.
type school struct {
	store                *data.Store
	mentor               *data.Mentor
	zoe, jose, aroha     *data.Student
	zoePairing, josePair *data.Pairing
}

func openStore(tb testing.TB) *data.Store { return datatest.Open(tb, testNow) }

func must(tb testing.TB, s *data.Store, fn func(tx *data.Tx) error) {
	tb.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		tb.Fatal(err)
	}
}

func newSchool(tb testing.TB) *school {
	tb.Helper()
	return newSchoolIn(tb, openStore(tb))
}

// newSchoolIn is newSchool in the open store s.
func newSchoolIn(tb testing.TB, s *data.Store) *school {
	tb.Helper()
	w := &school{store: s}
	must(tb, w.store, func(tx *data.Tx) error {
		if err := tx.SaveSchool(&data.School{Name: "Ridgeway School", Paper: "A4"}); err != nil {
			return err
		}
		y := &data.Year{Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-08-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		if err := tx.SaveTerm(&data.Term{YearID: y.ID, Name: "2025–26 Spring", Start: data.MustDate("2026-01-05"), End: data.MustDate("2026-03-27")}); err != nil {
			return err
		}
		w.mentor = &data.Mentor{Name: "Mr Tanaka", Role: "staff", Capacity: 3, Active: true}
		if err := tx.CreateMentor(w.mentor); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: w.mentor.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01")}); err != nil {
			return err
		}
		w.zoe = &data.Student{SchoolID: "S001", GivenName: "Zoë", FamilyName: "Okafor", YearGroup: "8", Active: true}
		w.jose = &data.Student{SchoolID: "S002", GivenName: "José", FamilyName: "Ruiz", YearGroup: "9", Active: true}
		w.aroha = &data.Student{SchoolID: "S003", GivenName: "Aroha", FamilyName: "Ngata", YearGroup: "9", Active: true}
		for _, st := range []*data.Student{w.zoe, w.jose, w.aroha} {
			if err := tx.CreateStudent(st); err != nil {
				return err
			}
		}
		for _, st := range []*data.Student{w.zoe, w.jose} {
			if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
				SignedOn: data.MustDate("2025-09-10")}); err != nil {
				return err
			}
		}
		w.zoePairing = &data.Pairing{StudentID: w.zoe.ID, MentorID: w.mentor.ID, Start: data.MustDate("2025-09-15"), Status: data.PairingActive}
		w.josePair = &data.Pairing{StudentID: w.jose.ID, MentorID: w.mentor.ID, Start: data.MustDate("2025-09-15"), Status: data.PairingActive}
		if err := tx.CreatePairing(w.zoePairing); err != nil {
			return err
		}
		if err := tx.CreatePairing(w.josePair); err != nil {
			return err
		}
		return tx.SaveConsent(&data.Consent{StudentID: w.jose.ID, Kind: data.ConsentParticipation, Status: data.ConsentWithdrawn,
			SignedOn: data.MustDate("2025-09-10")})
	})
	return w
}

// opened is the URL the program asked the system to open.
type opened struct{ urls []*url.URL }

func (o *opened) open(u *url.URL) error { o.urls = append(o.urls, u); return nil }

// newTestUI builds the window on store with the test driver and shows name.
func newTestUI(tb testing.TB, store *data.Store, name string) (*ui, *opened) {
	tb.Helper()
	a := test.NewTempApp(tb)
	a.Settings().SetTheme(newWindowTheme())
	return newTestUIOn(tb, a, openPreferences(tb.TempDir()), store, name)
}

// newTestUIOn builds a window of app a with preferences prefs, as when one
// laptop opens several databases.
func newTestUIOn(tb testing.TB, a fyne.App, prefs *preferences, store *data.Store, name string) (*ui, *opened) {
	tb.Helper()
	win := a.NewWindow("Mentorbook")
	u := newUI(a, win, store, prefs)
	u.post = u.enqueue
	o := &opened{}
	u.openURL = o.open
	u.students.debounce = 0
	win.SetContent(u.buildUI())
	win.Canvas().SetOnTypedKey(u.onTypedKey)
	win.Resize(fyne.NewSize(1280, 800))
	u.show(name)
	u.wait()
	tb.Cleanup(func() { u.wait() })
	return u, o
}

func (w *school) count(tb testing.TB, query string, args ...any) int {
	tb.Helper()
	var n int
	err := w.store.View(context.Background(), func(tx *data.Tx) error {
		var err error
		n, err = countRows(tx, query, args...)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// countRows counts through the store's own queries, so the tests need no SQL.
func countRows(tx *data.Tx, what string, args ...any) (int, error) {
	switch what {
	case "meetings":
		ms, err := tx.Meetings(data.MeetingFilter{PairingID: args[0].(int64)})
		return len(ms), err
	case "students":
		return tx.CountStudents()
	}
	return 0, fmt.Errorf("countRows: unknown %q", what)
}
