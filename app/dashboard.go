package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// dashboardScreen shows the programme at a glance: four figures and the
// programme-health alerts, each one click from the record it concerns.
type dashboardScreen struct {
	u *ui

	figures [4]*canvas.Text
	kinds   *widget.List
	kind    int
	byKind  map[string][]data.Alert
	table   *table
	shown   []data.Alert
	title   *widget.Label
}

func newDashboardScreen(u *ui) *dashboardScreen {
	return &dashboardScreen{u: u, byKind: map[string][]data.Alert{}}
}

// figureLabels say what each figure counts, in the words of the alert
// list where it has one ("Students waiting for a mentor").
var figureLabels = [4]string{"Active pairings", "Meetings held this month", data.AlertTitles[data.AlertWaiting],
	"Students without valid consent"}

func (s *dashboardScreen) buildUI() fyne.CanvasObject {
	cards := container.NewGridWithColumns(4)
	for i, label := range figureLabels {
		s.figures[i] = canvas.NewText("–", theme.Color(theme.ColorNamePrimary))
		s.figures[i].TextSize = 34
		s.figures[i].TextStyle.Bold = true
		s.figures[i].Alignment = fyne.TextAlignCenter
		caption := &widget.Label{Text: label, Alignment: fyne.TextAlignCenter}
		cards.Add(widget.NewCard("", "", container.NewVBox(s.figures[i], caption)))
	}
	s.kinds = &widget.List{
		Length:     func() int { return len(data.AlertKinds) },
		CreateItem: func() fyne.CanvasObject { return newRow(5, 1) },
		UpdateItem: s.updateKind,
		OnSelected: s.onKindSelected,
	}
	s.title = heading("")
	s.table = newTable([]string{"Who", "What needs attention"}, []float32{1.3, 3},
		func() int { return len(s.shown) }, s.cells)
	s.table.onSelected = s.onAlertSelected
	hint := &widget.Label{Text: "Choose an item to open the record it concerns.", TextStyle: fyne.TextStyle{Italic: true}}
	alerts := container.NewHSplit(
		container.NewBorder(heading("Programme health"), nil, nil, nil, s.kinds),
		container.NewBorder(container.NewVBox(s.title, hint), nil, nil, nil, s.table.object()),
	)
	alerts.Offset = 0.32
	return container.NewPadded(container.NewBorder(cards, nil, nil, nil, alerts))
}

func (s *dashboardScreen) updateKind(i widget.ListItemID, o fyne.CanvasObject) {
	k := data.AlertKinds[i]
	setRow(o, data.AlertTitles[k], grouped(len(s.byKind[k])))
	imp := widget.MediumImportance
	if len(s.byKind[k]) > 0 {
		imp = widget.DangerImportance
	}
	setRowImportance(o, 1, imp)
}

func (s *dashboardScreen) onKindSelected(i widget.ListItemID) {
	s.kind = i
	k := data.AlertKinds[i]
	s.shown = s.byKind[k]
	s.title.SetText(data.AlertTitles[k] + " (" + grouped(len(s.shown)) + ")")
	s.table.refresh()
}

func (s *dashboardScreen) cells(i int) []string {
	a := s.shown[i]
	return []string{a.Subject, a.Detail}
}

// refresh recomputes the figures and the alerts.
func (s *dashboardScreen) refresh() {
	var counts *data.Counts
	var alerts []data.Alert
	s.u.view(func(tx *data.Tx) error {
		var err error
		if counts, err = tx.DashboardCounts(tx.Today()); err != nil {
			return err
		}
		alerts, err = tx.Alerts(tx.Today())
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError("The dashboard could not be loaded", err)
			return
		}
		s.show(counts, alerts)
	})
}

func (s *dashboardScreen) show(c *data.Counts, alerts []data.Alert) {
	for i, n := range []int{c.ActivePairings, c.MeetingsThisMonth, c.StudentsWaiting, c.ConsentsMissing} {
		s.figures[i].Text = grouped(n)
		s.figures[i].Refresh()
	}
	s.byKind = map[string][]data.Alert{}
	for _, a := range alerts {
		s.byKind[a.Kind] = append(s.byKind[a.Kind], a)
	}
	s.kinds.Refresh()
	s.kinds.Select(s.kind)
	s.onKindSelected(s.kind)
}

// onAlertSelected opens the record: a mentor's alerts open the mentor, the
// others open the student on the tab that fixes them.
func (s *dashboardScreen) onAlertSelected(i int) {
	if i >= len(s.shown) {
		return
	}
	a := s.shown[i]
	if a.StudentID == 0 {
		s.u.show(screenMentors)
		s.u.mentors.open(a.MentorID)
		return
	}
	tab := map[string]string{data.AlertConsent: tabConsents, data.AlertCheckinDue: tabCheckins,
		data.AlertNoMeeting: tabMeetings, data.AlertBelowDose: tabMeetings, data.AlertWaiting: tabPairings}[a.Kind]
	s.u.show(screenStudents)
	s.u.students.open(a.StudentID, tab)
}
