package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// formEntries is dialogEntries of a form that must have want of them.
func formEntries(t *testing.T, u *ui, want int) []*entry {
	t.Helper()
	es := dialogEntries(u)
	if len(es) != want {
		t.Fatalf("the dialog has %d entries, want %d", len(es), want)
	}
	return es
}

// TestGoalFlow adds a goal, records progress, corrects the entry typed
// wrongly and marks the goal achieved, checking the window and the file.
func TestGoalFlow(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.zoe.ID, tabGoals)
	u.wait()
	g := u.students.detail.goals
	goals := func() (gs []data.Goal) {
		must(t, w.store, func(tx *data.Tx) (err error) { gs, err = tx.Goals(w.zoe.ID); return })
		return gs
	}
	progress := func(id int64) (ps []data.Progress) {
		must(t, w.store, func(tx *data.Tx) (err error) { ps, err = tx.ProgressOf(id); return })
		return ps
	}

	g.onAdd()
	formEntries(t, u, 3)[0].SetText("Read a book a week") // goal, description, target
	test.Tap(findButton(u, "Save"))
	u.wait()
	gs := goals()
	if len(gs) != 1 || gs[0].Title != "Read a book a week" || gs[0].Status != data.GoalOpen {
		t.Fatalf("goals after adding = %+v", gs)
	}

	g.table.list.Select(0)
	g.onProgress()
	es := formEntries(t, u, 4) // date, rating, percentage, comment
	if es[0].Text != data.DateOf(testNow).String() {
		t.Errorf("progress date = %q, want today", es[0].Text)
	}
	es[1].SetText("2")
	es[3].SetText("Reads 1 book a weak")
	test.Tap(findButton(u, "Save"))
	u.wait()
	if got := g.history.cells(0); got[1] != "2/5" || got[2] != "Reads 1 book a weak" {
		t.Fatalf("history after recording = %v", got)
	}

	g.history.list.Select(0)
	test.Tap(g.editEntry)
	es = formEntries(t, u, 4)
	if es[1].Text != "2" || es[3].Text != "Reads 1 book a weak" {
		t.Fatalf("correction form shows rating %q, comment %q; want the entry", es[1].Text, es[3].Text)
	}
	es[1].SetText("4")
	es[3].SetText("Reads a book a week")
	test.Tap(findButton(u, "Save"))
	u.wait()
	ps := progress(gs[0].ID)
	if len(ps) != 1 || ps[0].Rating != 4 || ps[0].Comment != "Reads a book a week" {
		t.Fatalf("stored progress after the correction = %+v, want one entry rated 4", ps)
	}
	if got := g.history.cells(0); got[1] != "4/5" {
		t.Errorf("history after the correction = %v; the goal should stay chosen", got)
	}

	achieved := g.actions[2]
	if achieved.Text != "Mark achieved" {
		t.Fatalf("third goal action = %q", achieved.Text)
	}
	test.Tap(achieved)
	u.wait()
	if gs := goals(); gs[0].Status != data.GoalAchieved {
		t.Errorf("goal status after Mark achieved = %s", gs[0].Status)
	}
}
