package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

func TestEditAndUnlinkGuardian(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		g := &data.Guardian{Name: "Ada Okafor", Email: "ada@example.org"}
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		return tx.LinkGuardian(w.zoe.ID, g.ID, "mother")
	})
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.zoe.ID, tabGuardians)
	u.wait()
	g := u.students.detail.guardians
	if got := g.cells(0); got[0] != "Ada Okafor" || got[1] != "mother" {
		t.Fatalf("guardian row = %v", got)
	}

	g.table.list.Select(0)
	g.onEdit()
	name := findEntry(u)
	name.SetText("Adaeze Okafor")
	test.Tap(g.form.save)
	u.wait()
	var gs []data.StudentGuardian
	must(t, w.store, func(tx *data.Tx) (err error) { gs, err = tx.GuardiansOf(w.zoe.ID); return })
	if len(gs) != 1 || gs[0].Name != "Adaeze Okafor" || gs[0].Relationship != "mother" || gs[0].Email != "ada@example.org" {
		t.Fatalf("stored guardians after the edit = %+v", gs)
	}
	if got := g.cells(0)[0]; got != "Adaeze Okafor" {
		t.Errorf("row after the edit = %q", got)
	}

	g.table.list.Select(0)
	g.onUnlinkConfirmed(true)
	u.wait()
	must(t, w.store, func(tx *data.Tx) (err error) { gs, err = tx.GuardiansOf(w.zoe.ID); return })
	if len(gs) != 0 {
		t.Errorf("guardians after unlinking = %+v, want none", gs)
	}
}
