package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// savedElsewhere runs change as "bea" at 09:41: someone on another laptop
// saving after this window's form read the record.
func savedElsewhere(t *testing.T, s *data.Store, change func(tx *data.Tx) error) {
	t.Helper()
	user, clock := s.User, s.Now
	at := time.Date(2026, 3, 11, 9, 41, 0, 0, time.Local)
	s.User, s.Now = "bea", func() time.Time { return at }
	must(t, s, change)
	s.User, s.Now = user, clock
}

// dialogHasEntry tells whether the form on top holds an entry saying text.
func dialogHasEntry(u *ui, text string) bool {
	for _, e := range dialogEntries(u) {
		if e.Text == text {
			return true
		}
	}
	return false
}

const changedByBea = "changed by bea at 09:41; reload to see the change"

// TestMentorChangedElsewhere: a mentor saved by someone else (another
// laptop on the server) after the form read them is not overwritten: the
// save is refused in plain words naming who and when, what was typed
// stays in the form, and Reload opens the form with the mentor as now
// saved, which then saves.
func TestMentorChangedElsewhere(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMentors)
	u.mentors.open(w.mentor.ID)
	u.wait()
	u.mentors.onEdit()
	name := findEntry(u)
	name.SetText("")
	test.Type(name, "Kenji Tanaka")

	savedElsewhere(t, w.store, func(tx *data.Tx) error {
		m, err := tx.Mentor(w.mentor.ID)
		if err != nil {
			return err
		}
		m.Phone = "0113 496 0000"
		return tx.UpdateMentor(m)
	})

	test.Tap(topButton(u, "Save"))
	u.wait()
	if msg := dialogText(u); !strings.Contains(msg, changedByBea) {
		t.Errorf("after saving a mentor changed elsewhere the window says %q, want %q", msg, changedByBea)
	}
	if name.Text != "Kenji Tanaka" {
		t.Errorf("the form's name = %q, want what was typed", name.Text)
	}
	var m *data.Mentor
	must(t, w.store, func(tx *data.Tx) (err error) { m, err = tx.Mentor(w.mentor.ID); return })
	if m.Name != "Mr Tanaka" || m.Phone != "0113 496 0000" {
		t.Errorf("stored mentor %q, phone %q; want Mr Tanaka with the other person's phone", m.Name, m.Phone)
	}

	reload := topButton(u, "Reload")
	if reload == nil {
		t.Fatal("the message has no Reload button")
	}
	test.Tap(reload)
	u.wait()
	if !dialogHasEntry(u, "0113 496 0000") {
		t.Fatal("after Reload the mentor form does not show the phone saved elsewhere")
	}
	name = findEntry(u)
	name.SetText("")
	test.Type(name, "Kenji Tanaka")
	test.Tap(topButton(u, "Save"))
	u.wait()
	must(t, w.store, func(tx *data.Tx) (err error) { m, err = tx.Mentor(w.mentor.ID); return })
	if m.Name != "Kenji Tanaka" || m.Phone != "0113 496 0000" {
		t.Errorf("after Reload and Save: stored %q, phone %q; want Kenji Tanaka with both changes", m.Name, m.Phone)
	}
}

// TestGuardianChangedElsewhere: the same for a guardian, edited from a
// student's Guardians tab.
func TestGuardianChangedElsewhere(t *testing.T) {
	w := newSchool(t)
	var ada data.Guardian
	must(t, w.store, func(tx *data.Tx) error {
		ada = data.Guardian{Name: "Ada Okafor", Email: "ada@example.org"}
		if err := tx.CreateGuardian(&ada); err != nil {
			return err
		}
		return tx.LinkGuardian(w.zoe.ID, ada.ID, "mother")
	})
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.zoe.ID, tabGuardians)
	u.wait()
	g := u.students.detail.guardians
	g.table.list.Select(0)
	g.onEdit()
	name := findEntry(u)
	name.SetText("")
	test.Type(name, "Adaeze Okafor")

	savedElsewhere(t, w.store, func(tx *data.Tx) error {
		x, err := tx.Guardian(ada.ID)
		if err != nil {
			return err
		}
		x.Phone = "+44 7700 900123"
		return tx.UpdateGuardian(x)
	})

	test.Tap(g.form.save)
	u.wait()
	if msg := dialogText(u); !strings.Contains(msg, changedByBea) {
		t.Errorf("after saving a guardian changed elsewhere the window says %q, want %q", msg, changedByBea)
	}
	if name.Text != "Adaeze Okafor" {
		t.Errorf("the form's name = %q, want what was typed", name.Text)
	}
	var x *data.Guardian
	must(t, w.store, func(tx *data.Tx) (err error) { x, err = tx.Guardian(ada.ID); return })
	if x.Name != "Ada Okafor" || x.Phone != "+44 7700 900123" {
		t.Errorf("stored guardian %q, phone %q; want Ada Okafor with the other person's phone", x.Name, x.Phone)
	}

	reload := topButton(u, "Reload")
	if reload == nil {
		t.Fatal("the message has no Reload button")
	}
	test.Tap(reload)
	u.wait()
	if !dialogHasEntry(u, "+44 7700 900123") {
		t.Fatal("after Reload the guardian form does not show the phone saved elsewhere")
	}
	name = findEntry(u)
	name.SetText("")
	test.Type(name, "Adaeze Okafor")
	test.Tap(g.form.save)
	u.wait()
	must(t, w.store, func(tx *data.Tx) (err error) { x, err = tx.Guardian(ada.ID); return })
	if x.Name != "Adaeze Okafor" || x.Phone != "+44 7700 900123" {
		t.Errorf("after Reload and Save: stored %q, phone %q; want Adaeze Okafor with both changes", x.Name, x.Phone)
	}
}
