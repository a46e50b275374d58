package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// checkinsTab lists the coordinator's monitoring contacts with the
// student's pairings and records new ones.
type checkinsTab struct {
	u      *ui
	detail *studentDetail
	table  *table
}

func newCheckinsTab(u *ui, d *studentDetail) *checkinsTab { return &checkinsTab{u: u, detail: d} }

func (c *checkinsTab) buildUI() fyne.CanvasObject {
	c.table = newTable([]string{"Date", "Pairing with", "With", "Notes"}, []float32{1.3, 1.6, 1, 2.8},
		func() int { return len(c.detail.rec.checkins) }, c.cells)
	add := &widget.Button{Text: "Add check-in…", Icon: theme.ContentAddIcon(), OnTapped: c.onAdd}
	hideUnless(c.u.isCoordinator(), add)
	return container.NewBorder(nil, container.NewHBox(add), nil, nil, c.table.object())
}

func (c *checkinsTab) cells(i int) []string {
	x := c.detail.rec.checkins[i]
	notes := x.Notes
	if x.Confidential && notes != "" {
		notes = "(confidential) " + notes
	}
	return []string{c.u.day(x.On), x.mentor, x.With, notes}
}

func (c *checkinsTab) refresh() { c.table.refresh() }

func (c *checkinsTab) onAdd() {
	var labels []string
	ids := map[string]int64{}
	for _, p := range c.detail.rec.pairings {
		if p.Status == data.PairingClosed {
			continue
		}
		label := leftToRight(p.MentorName + " (since " + c.u.day(p.Start) + ")")
		labels = append(labels, label)
		ids[label] = p.ID
	}
	if len(labels) == 0 {
		c.u.info("Add check-in", "This student has no open pairing to check in on.")
		return
	}
	pairing := newSelect(labels, labels[0])
	with := newSelect(data.CheckinWith, data.CheckinWith[0])
	on, notes := c.u.newDateEntry(), newNoteEntry("")
	setDate(on, data.DateOf(c.u.store.Now()))
	confidential := widget.NewCheck("Confidential (never printed)", nil)
	confidential.SetChecked(true)
	form := formOf(widget.NewFormItem("Pairing", pairing), widget.NewFormItem("Date", on),
		widget.NewFormItem("With", with), widget.NewFormItem("Notes", container.NewVBox(notes, confidential)))
	submit := func() (func(*data.Tx) error, error) {
		x := &data.Checkin{PairingID: ids[pairing.Selected], With: with.Selected, Notes: notes.Text, Confidential: confidential.Checked}
		var err error
		if x.On, err = on.date("Date", "on"); err != nil {
			return nil, err
		}
		return func(tx *data.Tx) error { return tx.AddCheckin(x) }, nil
	}
	c.u.showForm("Add a staff check-in", "Save", form, map[string]*entry{"on": on, "notes": notes}, submit, nil)
}
