package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// studentPicker is the one widget for choosing a student: type part of a
// name or a school ID, then choose from the matches. Every screen that
// needs a student uses it.
type studentPicker struct {
	u        *ui
	search   *entry
	list     *widget.List
	rows     []data.StudentRow
	chosen   *widget.Label
	selected data.StudentRow
	seq      int
	// onChosen is called on the UI goroutine when a student is chosen.
	onChosen func(data.StudentRow)
}

func newStudentPicker(u *ui) *studentPicker {
	p := &studentPicker{u: u}
	p.search = newEntry("Type a name or school ID")
	p.search.OnChanged = p.onChanged
	p.chosen = &widget.Label{Text: "No student chosen", TextStyle: fyne.TextStyle{Italic: true}}
	p.list = &widget.List{
		Length:     func() int { return len(p.rows) },
		CreateItem: func() fyne.CanvasObject { return newRow(3, 1.2, 0.6) },
		UpdateItem: p.updateItem,
		OnSelected: p.onSelected,
	}
	return p
}

func (p *studentPicker) buildUI() fyne.CanvasObject {
	box := container.NewGridWrap(fyne.NewSize(420, 150), p.list)
	return container.NewVBox(p.search, box, p.chosen)
}

func (p *studentPicker) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	r := p.rows[i]
	setRow(o, r.Name, r.SchoolID, r.YearGroup)
}

// onChanged looks the typed text up among active students; only the
// newest answer is shown.
func (p *studentPicker) onChanged(text string) {
	p.seq++
	seq := p.seq
	var rows []data.StudentRow
	p.u.view(func(tx *data.Tx) error {
		ids, err := tx.StudentIDs(data.StudentFilter{Query: text, Status: "active"})
		if err != nil {
			return err
		}
		// A picker is for finding one: the first 200; keep typing to narrow it.
		rows, err = tx.StudentRows(ids[:min(len(ids), 200)])
		return err
	}, func(err error) {
		if seq != p.seq || errors.Is(err, context.Canceled) {
			return
		}
		if err != nil {
			p.u.showError("The students could not be searched", err)
			return
		}
		p.rows = rows
		p.list.UnselectAll()
		p.list.Refresh()
	})
}

func (p *studentPicker) onSelected(i widget.ListItemID) {
	if i >= len(p.rows) {
		return
	}
	p.choose(p.rows[i])
}

// choose sets the student, as a tap on the list or another screen does.
func (p *studentPicker) choose(r data.StudentRow) {
	p.selected = r
	p.chosen.SetText("Chosen: " + r.Name + " (" + r.SchoolID + ")")
	p.chosen.Importance = widget.HighImportance
	p.chosen.Refresh()
	if p.onChosen != nil {
		p.onChosen(r)
	}
}
