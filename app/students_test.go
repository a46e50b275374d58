package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

func TestCreateStudent(t *testing.T) {
	for _, tc := range []struct {
		name             string
		schoolID, given  string
		birth            string
		wantField        string // the entry that should show the error; "" for success
		wantStatus       string
		wantStudentCount int
	}{
		{"OK", "S100", "Σοφία", "2013-05-02", "", "Saved.", 4},
		{"ErrGivenNameRequired", "S101", "", "", "given_name", "Given name is required.", 3},
		{"ErrSchoolIDTaken", "S001", "Liam", "", "school_id", "Another student already has school ID S001.", 3},
		{"ErrDateDoesNotExist", "S102", "Mei", "2013-02-31", "birth_date", "not a real date", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newSchool(t)
			u, _ := newTestUI(t, w.store, screenStudents)
			s := u.students
			test.Tap(s.add)
			f := s.detail.profile
			test.Type(f.schoolID, tc.schoolID)
			test.Type(f.given, tc.given)
			test.Type(f.family, "Papadopoulou")
			test.Type(f.birth, tc.birth)
			test.Type(f.preferences, "a peer mentor, lunchtimes")
			test.Tap(f.save)
			u.wait()

			if !strings.Contains(f.errs.status.Text, tc.wantStatus) {
				t.Errorf("status = %q, want it to contain %q", f.errs.status.Text, tc.wantStatus)
			}
			fields := map[string]*entry{"school_id": f.schoolID, "given_name": f.given, "birth_date": f.birth}
			for name, e := range fields {
				if got := e.shown != nil; got != (name == tc.wantField) {
					t.Errorf("field %s shows an error = %v, want %v", name, got, name == tc.wantField)
				}
			}
			if n := w.count(t, "students"); n != tc.wantStudentCount {
				t.Errorf("students in the database = %d, want %d", n, tc.wantStudentCount)
			}
			if tc.wantField == "" {
				if s.detail.title.Text != tc.given+" Papadopoulou" {
					t.Errorf("detail title = %q, want the new student", s.detail.title.Text)
				}
				var st *data.Student
				must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.StudentBySchoolID(tc.schoolID); return })
				if st.BirthDate.String() != tc.birth || st.Preferences != "a peer mentor, lunchtimes" {
					t.Errorf("stored birth date, preferences = %s, %q; want %s and what was typed", st.BirthDate, st.Preferences, tc.birth)
				}
			}
		})
	}
}

func TestSearchStudents(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	for _, tc := range []struct{ typed, want string }{
		{"zoe", "Zoë Okafor"}, // accents ignored
		{"S00", "Aroha Ngata,Zoë Okafor,José Ruiz"},
		{"ruiz", "José Ruiz"},
	} {
		s.search.SetText("")
		test.Type(s.search, tc.typed)
		u.wait()
		var names []string
		for i := range s.length() {
			names = append(names, s.cells(i)[0])
		}
		if got := strings.Join(names, ","); got != tc.want {
			t.Errorf("search %q = %s, want %s", tc.typed, got, tc.want)
		}
	}
}

func TestMarkStudentLeftClosesPairing(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.zoe.ID, "")
	u.wait()
	f := u.students.detail.profile
	f.markLeft(newEntryWithText("2026-03-10"))
	u.wait()
	var st *data.Student
	var p *data.Pairing
	must(t, w.store, func(tx *data.Tx) (err error) {
		if st, err = tx.Student(w.zoe.ID); err != nil {
			return err
		}
		p, err = tx.Pairing(w.zoePairing.ID)
		return err
	})
	if st.Active || p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonStudentLeft {
		t.Errorf("after marking as left: active=%v, pairing %s (%s); want left and closed for %q", st.Active, p.Status, p.Closure.Reason, data.ReasonStudentLeft)
	}
	if !strings.Contains(u.students.detail.subtitle.Text, "left on 2026-03-10") {
		t.Errorf("subtitle = %q, want it to say the student left", u.students.detail.subtitle.Text)
	}
}

func newEntryWithText(s string) *entry {
	e := newEntry("")
	e.SetText(s)
	return e
}

// BenchmarkOpenStudents opens the Students screen on 10,000 students: the
// screen is built, the list queried and the first rows drawn.
func BenchmarkOpenStudents(b *testing.B) {
	store := openStore(b)
	seedStudents(b, store, 10000)
	a := test.NewTempApp(b)
	for b.Loop() {
		win := a.NewWindow("Mentorbook")
		u := newUI(a, win, store, openPreferences(b.TempDir()))
		u.post = u.enqueue
		win.SetContent(u.buildUI())
		u.show(screenStudents)
		u.wait()
		if n := u.students.length(); n != 10000 {
			b.Fatalf("rows = %d, want 10000", n)
		}
		win.Close()
	}
}

func seedStudents(tb testing.TB, store *data.Store, n int) {
	given := []string{"Zoë", "José", "Văn An", "Σοφία", "Алексей", "太郎", "Aroha", "Oluwaseun", "Liam", "Mei", "Zofia", "Amara"}
	family := []string{"Nguyễn", "Okafor", "Papadopoulou", "Иванов", "山田", "Ngata", "Smith", "García", "Zhang", "Kowalski", "Müller"}
	err := store.Update(context.Background(), func(tx *data.Tx) error {
		for i := range n {
			st := &data.Student{SchoolID: fmt.Sprintf("S%05d", i), GivenName: given[i%len(given)],
				FamilyName: family[(i/len(given))%len(family)], YearGroup: fmt.Sprint(7 + i%6), Active: true}
			if err := tx.CreateStudent(st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestStudentListReadsPages checks that the list reads rows only as they
// are drawn: a row beyond the first page shows a placeholder, then the
// student once its page has been read, and every row is read exactly once.
func TestStudentListReadsPages(t *testing.T) {
	store := openStore(t)
	seedStudents(t, store, 2*pageSize+20)
	u, _ := newTestUI(t, store, screenStudents)
	s := u.students
	s.sort.SetSelected(sortChoices[1])
	u.wait()
	if got, want := s.count.Text, fmt.Sprint(2*pageSize+20, " students"); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	if len(s.rows) != pageSize {
		t.Fatalf("rows read after the query = %d, want the first page (%d)", len(s.rows), pageSize)
	}
	last := s.length() - 1
	if got := s.cells(last)[0]; got != "…" {
		t.Errorf("row %d before its page is read = %q, want the placeholder", last, got)
	}
	u.wait()
	if got, want := s.cells(last)[1], fmt.Sprintf("S%05d", last); got != want {
		t.Errorf("row %d school ID = %q, want %q", last, got, want)
	}
	if len(s.rows) != pageSize+20 {
		t.Errorf("rows read = %d, want the first and last pages (%d)", len(s.rows), pageSize+20)
	}
	test.Type(s.search, "S0000")
	u.wait()
	if s.length() != 10 || len(s.rows) != 10 {
		t.Errorf("after typing S0000: %d listed, %d read; want 10 and 10", s.length(), len(s.rows))
	}
}

// TestStudentChangedElsewhere: a student changed by someone else (another
// laptop on the server) after the form read it is not overwritten: the
// save is refused in plain words naming who and when, what was typed
// stays in the form, and Reload puts the student as now saved in it.
func TestStudentChangedElsewhere(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	s := u.students
	s.table.list.Select(rowOf(s, "Zoë Okafor"))
	u.wait()
	f := s.detail.profile
	f.homeroom.SetText("")
	test.Type(f.homeroom, "8Z")

	savedElsewhere(t, w.store, func(tx *data.Tx) error {
		st, err := tx.Student(w.zoe.ID)
		if err != nil {
			return err
		}
		st.Homeroom = "8B"
		return tx.UpdateStudent(st)
	})

	test.Tap(f.save)
	u.wait()
	if msg := dialogText(u); !strings.Contains(msg, changedByBea) {
		t.Errorf("after saving a student changed elsewhere the window says %q, want %q", msg, changedByBea)
	}
	if f.homeroom.Text != "8Z" {
		t.Errorf("the form's homeroom = %q, want what was typed, 8Z", f.homeroom.Text)
	}
	var st *data.Student
	must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.Student(w.zoe.ID); return })
	if st.Homeroom != "8B" {
		t.Errorf("stored homeroom = %q, want the other person's 8B", st.Homeroom)
	}

	reload := findButton(u, "Reload")
	if reload == nil {
		t.Fatal("the message has no Reload button")
	}
	test.Tap(reload)
	u.wait()
	if f.homeroom.Text != "8B" {
		t.Errorf("after Reload the form's homeroom = %q, want 8B", f.homeroom.Text)
	}
	// Saved from the reloaded form, the change goes through.
	f.homeroom.SetText("")
	test.Type(f.homeroom, "8Z")
	test.Tap(f.save)
	u.wait()
	must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.Student(w.zoe.ID); return })
	if st.Homeroom != "8Z" || !strings.Contains(f.errs.status.Text, "Saved.") {
		t.Errorf("after Reload and Save: stored homeroom %q, status %q; want 8Z, Saved.", st.Homeroom, f.errs.status.Text)
	}
}
