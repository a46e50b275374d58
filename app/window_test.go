package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// rowOf returns the list row of the student named, or -1.
func rowOf(s *studentsScreen, name string) int {
	for i := range s.length() {
		if s.cells(i)[0] == name {
			return i
		}
	}
	return -1
}

// TestDetailFollowsSearch checks that the detail never shows a student
// the list does not hold: a search that excludes the student on the right
// opens the first match (selected on the left too), and a search that
// matches nobody empties the detail.
func TestDetailFollowsSearch(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	s.table.list.Select(rowOf(s, "Zoë Okafor"))
	u.wait()
	if got := s.detail.title.Text; got != "Zoë Okafor" {
		t.Fatalf("detail after choosing Zoë = %q", got)
	}

	test.Type(s.search, "ruiz")
	u.wait()
	if got := s.detail.title.Text; got != "José Ruiz" || s.detail.id != w.jose.ID {
		t.Errorf("detail after searching ruiz = %q (id %d), want José Ruiz, the only match", got, s.detail.id)
	}
	if got := s.detail.profile.given.Text; got != "José" {
		t.Errorf("profile form after searching ruiz holds %q, want José", got)
	}

	s.search.SetText("")
	test.Type(s.search, "nobody")
	u.wait()
	if s.detail.id != 0 || s.detail.root.Objects[1].Visible() {
		t.Errorf("detail after a search with no match shows student %d (visible %v), want none", s.detail.id, s.detail.root.Objects[1].Visible())
	}
}

// TestListShowsConsentGrantedInDetail records consent in the student's
// Consents tab and checks the list beside it: its Consent column changes
// at once, without leaving the screen.
func TestListShowsConsentGrantedInDetail(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	s.table.list.Select(rowOf(s, "Aroha Ngata"))
	u.wait()
	if got := s.cells(rowOf(s, "Aroha Ngata"))[4]; got != "missing" {
		t.Fatalf("Aroha's consent in the list = %q, want missing", got)
	}
	c := s.detail.consents
	test.Tap(c.record)
	c.form.status.SetSelected(data.ConsentGranted)
	test.Type(c.form.signed, "2026-03-02")
	test.Tap(c.form.dialog.save)
	u.wait()
	if got := s.cells(rowOf(s, "Aroha Ngata"))[4]; got != "granted" {
		t.Errorf("Aroha's consent in the list after granting it in the detail = %q, want granted", got)
	}
}

// TestDatesInSchoolFormat chooses day/month/year in Settings and checks
// that the window writes dates that way and reads them typed that way.
func TestDatesInSchoolFormat(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenSettings)
	u.settings.dates.SetSelected(dateFormatChoice(data.DateDMY))
	test.Tap(u.settings.saveSchool)
	u.wait()
	if got := u.settings.termCells(0)[2]; got != "05/01/2026" {
		t.Errorf("term start in Settings = %q, want 05/01/2026", got)
	}

	u.show(screenStudents)
	u.students.open(w.zoe.ID, "")
	u.wait()
	f := u.students.detail.profile
	if f.birth.PlaceHolder != "DD/MM/YYYY" {
		t.Errorf("date of birth placeholder = %q, want DD/MM/YYYY", f.birth.PlaceHolder)
	}
	f.birth.SetText("")
	test.Type(f.birth, "30/11/2013")
	test.Tap(f.save)
	u.wait()
	var st *data.Student
	must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.Student(w.zoe.ID); return })
	if st.BirthDate.String() != "2013-11-30" {
		t.Fatalf("stored date of birth = %s, want 2013-11-30 (typed 30/11/2013); form says %q", st.BirthDate, f.errs.status.Text)
	}
	if got := f.birth.Text; got != "30/11/2013" {
		t.Errorf("date of birth shown after saving = %q, want 30/11/2013", got)
	}
	// A month-first date is refused in a day-first school.
	f.birth.SetText("")
	test.Type(f.birth, "11/30/2013")
	test.Tap(f.save)
	u.wait()
	if f.birth.shown == nil || !strings.Contains(f.errs.status.Text, "DD/MM/YYYY") {
		t.Errorf("11/30/2013 in a day-first school: field error %v, status %q", f.birth.shown, f.errs.status.Text)
	}

	// The calendar beside the field writes the chosen day in the same format.
	f.birth.SetText("")
	setDate(f.birth, data.MustDate("2013-11-01"))
	test.Tap(f.birth.ActionItem.(*widget.Button))
	if f.birth.calendar == nil || !f.birth.calendar.Visible() {
		t.Fatal("the calendar button shows no calendar")
	}
	var day *widget.Button
	for _, o := range test.LaidOutObjects(f.birth.calendar) {
		if b, ok := o.(*widget.Button); ok && b.Text == "15" {
			day = b
		}
	}
	if day == nil {
		t.Fatal("the calendar has no day 15")
	}
	test.Tap(day)
	if got := f.birth.Text; got != "15/11/2013" {
		t.Errorf("date after choosing the 15th in the calendar = %q, want 15/11/2013", got)
	}
}
