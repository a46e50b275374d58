package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// consentsScreen is the school-wide view of who is missing participation
// consent; choosing a student opens their consent tab to record it.
type consentsScreen struct {
	u     *ui
	table *table
	rows  []data.Alert
	count *widget.Label
}

func newConsentsScreen(u *ui) *consentsScreen { return &consentsScreen{u: u} }

func (s *consentsScreen) buildUI() fyne.CanvasObject {
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Student", "School ID", "Participation consent"}, []float32{1.4, 0.6, 3},
		func() int { return len(s.rows) }, s.cells)
	s.table.onSelected = s.onSelected
	hint := &widget.Label{Text: "Active students whose participation consent is missing, pending or expiring. Choose one to record the guardian's answer.",
		Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	return container.NewPadded(container.NewBorder(container.NewVBox(heading("Consents"), hint, s.count), nil, nil, nil, s.table.object()))
}

// cells show the school ID beside the name, so that namesakes differ.
func (s *consentsScreen) cells(i int) []string {
	return []string{s.rows[i].Subject, s.rows[i].SchoolID, s.rows[i].Detail}
}

// refresh reuses the dashboard's consent rule, so both screens agree.
func (s *consentsScreen) refresh() {
	var alerts []data.Alert
	s.u.view(func(tx *data.Tx) (err error) { alerts, err = tx.ConsentAlerts(tx.Today()); return }, func(err error) {
		if err != nil {
			s.u.showError("The consents could not be loaded", err)
			return
		}
		s.rows = alerts
		s.table.refresh()
		s.count.SetText(countOf(len(s.rows), "student") + " need attention")
	})
}

func (s *consentsScreen) onSelected(i int) {
	if i < len(s.rows) {
		s.u.openConsent(s.rows[i].StudentID)
	}
}
