package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// twoLaptops opens two Stores on one new PostgreSQL database made by
// server init, as two laptops would.
func twoLaptops(t *testing.T) (first, second *data.Store) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(t.Context(), url); err != nil {
		t.Fatal(err)
	}
	open := func() *data.Store {
		s, err := data.Open(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	return open(), open()
}

// TestOthersChangesShow: two windows on one PostgreSQL database, as on
// two laptops. A student added through the second appears in the first
// window's Students list once it polls; the student open there keeps what
// was typed into its form.
func TestOthersChangesShow(t *testing.T) {
	ctx := t.Context()
	first, second := twoLaptops(t)
	ada := &data.Student{SchoolID: "S1", GivenName: "Ada", Active: true}
	if err := first.Update(ctx, func(tx *data.Tx) error { return tx.CreateStudent(ada) }); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, first, screenStudents)
	u.students.detail.load(ada.ID)
	u.wait()
	u.students.detail.profile.given.SetText("Ada typed")

	u.pollEvery = 10 * time.Millisecond
	follow, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	seen, _, err := first.Changes(ctx, -1) // as followChanges begins, before the second window writes
	if err != nil {
		t.Fatal(err)
	}
	go func() { u.pollChanges(follow, seen, false); close(done) }()
	defer func() { stop(); <-done }()

	bo := &data.Student{SchoolID: "S2", GivenName: "Bo", Active: true}
	if err := second.Update(ctx, func(tx *data.Tx) error { return tx.CreateStudent(bo) }); err != nil {
		t.Fatal(err)
	}
	// Bounded, not timed: the poll runs every 10 ms; 30 s means it never came.
	for deadline := time.Now().Add(30 * time.Second); !slices.Contains(u.students.ids, bo.ID); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the first window lists %v, never the second's student %d", u.students.ids, bo.ID)
		}
		u.wait()
	}
	if got := u.students.detail.profile.given.Text; got != "Ada typed" {
		t.Errorf("the open student's given name reads %q after the refresh, want what was typed", got)
	}
	if u.students.detail.id != ada.ID {
		t.Errorf("the open student is %d after the refresh, want %d", u.students.detail.id, ada.ID)
	}
}

// TestOthersChangesWhileOpening: a change another laptop commits after
// the window's first screen read its records, before the window polls
// for the first time, shows at the first poll: the change marker is
// read before the first screen's records (it was read after, and such a
// change showed only with the next one).
func TestOthersChangesWhileOpening(t *testing.T) {
	ctx := t.Context()
	first, second := twoLaptops(t)
	if err := first.Update(ctx, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "S1", GivenName: "Ada", Active: true})
	}); err != nil {
		t.Fatal(err)
	}
	// The window as Run opens it: start, then followChanges.
	a := test.NewTempApp(t)
	u := newUI(a, a.NewWindow("Mentorbook"), first, openPreferences(t.TempDir()))
	u.post = u.enqueue
	u.students.debounce = 0
	u.pollEvery = 10 * time.Millisecond
	u.start(screenStudents)
	u.wait()
	t.Cleanup(u.wait)
	if len(u.students.ids) != 1 {
		t.Fatalf("the first screen lists %v, want Ada", u.students.ids)
	}

	bo := &data.Student{SchoolID: "S2", GivenName: "Bo", Active: true}
	if err := second.Update(ctx, func(tx *data.Tx) error { return tx.CreateStudent(bo) }); err != nil {
		t.Fatal(err)
	}
	follow, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { u.followChanges(follow); close(done) }()
	defer func() { stop(); <-done }()
	// Bounded, not timed: the poll runs every 10 ms; 30 s means it never came.
	for deadline := time.Now().Add(30 * time.Second); !slices.Contains(u.students.ids, bo.ID); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the window lists %v, never the student %d committed while it opened", u.students.ids, bo.ID)
		}
		u.wait()
	}
}
