package app

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/app/report"
	"mentorbook/data"
	"mentorbook/data/roster"
)

// dashboardScreen shows the programme at a glance: four figures and the
// programme-health alerts, each one click from the record it concerns.
type dashboardScreen struct {
	u *ui

	figures   [4]*canvas.Text
	checklist *checklist
	kinds     *focusList
	kind      int
	byKind    map[string][]data.Alert
	table     *table
	shown     []data.Alert
	title     *widget.Label
	export    *widget.Button
	print     *widget.Button
}

func newDashboardScreen(u *ui) *dashboardScreen {
	return &dashboardScreen{u: u, byKind: map[string][]data.Alert{}, checklist: newChecklist(u)}
}

// figureLabels say what each figure counts, in the words of the alert
// list where it has one ("Students waiting for a mentor").
var figureLabels = [4]string{"Active pairings", "Meetings held this month", data.AlertTitles[data.AlertWaiting],
	data.AlertTitles[data.AlertConsent]}

func (s *dashboardScreen) buildUI() fyne.CanvasObject {
	cards := container.NewGridWithColumns(4)
	for i, label := range figureLabels {
		s.figures[i] = canvas.NewText("–", theme.Color(theme.ColorNamePrimary))
		s.figures[i].TextSize = 34
		s.figures[i].TextStyle.Bold = true
		s.figures[i].Alignment = fyne.TextAlignCenter
		caption := &widget.Label{Text: label, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
		cards.Add(widget.NewCard("", "", container.NewVBox(s.figures[i], caption)))
	}
	s.kinds = newFocusList(func() int { return len(data.AlertKinds) }, func() fyne.CanvasObject { return newRow(5, 1) },
		s.updateKind, s.onKindSelected)
	s.title = heading("")
	s.table = newTable([]string{"Who", "What needs attention"}, []float32{1.3, 3},
		func() int { return len(s.shown) }, s.cells)
	s.table.onSelected = s.onAlertSelected
	hint := &widget.Label{Text: "Choose an item to open the record it concerns.", TextStyle: fyne.TextStyle{Italic: true}}
	s.export = &widget.Button{Text: "Export CSV…", Icon: theme.DocumentSaveIcon(), OnTapped: s.onExport}
	s.print = &widget.Button{Text: "Print this week's follow-ups…", Icon: theme.DocumentPrintIcon(), OnTapped: s.onPrint}
	alerts := container.NewHSplit(
		container.NewBorder(heading("Programme health"), nil, nil, nil, s.kinds),
		topFirst(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(s.export, s.print), s.title), hint),
			nil, s.table.object()),
	)
	alerts.Offset = 0.32
	return container.NewPadded(container.NewBorder(container.NewVBox(s.checklist.buildUI(), cards), nil, nil, nil, alerts))
}

func (s *dashboardScreen) updateKind(i widget.ListItemID, o fyne.CanvasObject) {
	k := data.AlertKinds[i]
	setRow(o, data.AlertTitles[k], data.Grouped(len(s.byKind[k])))
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
	s.title.SetText(data.AlertTitles[k] + " (" + data.Grouped(len(s.shown)) + ")")
	setEnabled(len(s.shown) > 0, s.export, s.print)
	s.table.refresh()
}

// selectedKind is the alert list on show.
func (s *dashboardScreen) selectedKind() string { return data.AlertKinds[s.kind] }

// saveAs asks where to save the list on show, named after it and today.
func (s *dashboardScreen) saveAs(ext string, save func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError("The list was not saved", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		save(path)
	}, s.u.win)
	d.SetFileName("follow-ups-" + strings.ReplaceAll(s.selectedKind(), " ", "-") + "-" + time.Now().Format("2006-01-02") + ext)
	s.u.showDialog(d)
}

// onExport saves the list on show as CSV for a spreadsheet; students whose
// data-sharing consent is withheld are not named, as in every export.
func (s *dashboardScreen) onExport() {
	s.saveAs(".csv", func(path string) {
		opts := roster.ExportOptions{Kind: roster.ExportFollowUps, AlertKind: s.selectedKind(), Out: path}
		var res *roster.ExportResult
		s.u.background(func() (err error) {
			res, err = roster.ExportFile(context.Background(), s.u.store, opts)
			return err
		}, func(err error) {
			if err != nil {
				s.u.showError("The list was not exported", err)
				return
			}
			msg := "Saved " + countOf(res.Rows, "row") + " to\n" + path
			if res.LeftOut > 0 {
				msg += "\n\n" + countOf(res.LeftOut, "row") + " say \"a student\": the guardian declined or withdrew data-sharing consent."
			}
			s.u.info("Exported", msg)
		})
	})
}

// onPrint saves the list on show as a PDF to work through by hand.
func (s *dashboardScreen) onPrint() {
	s.saveAs(".pdf", func(path string) {
		req := report.Request{Kind: report.KindFollowUps, AlertKind: s.selectedKind(), Out: path, Version: Version}
		s.u.background(func() error {
			return report.Print(context.Background(), s.u.store, req, nil)
		}, func(err error) {
			if err != nil {
				s.u.showError("The follow-ups were not printed", err)
				return
			}
			s.u.info("Printed", "Saved "+filepath.Clean(path))
		})
	})
}

func (s *dashboardScreen) cells(i int) []string {
	a := s.shown[i]
	return []string{a.Subject, a.Detail}
}

// refresh recomputes the figures and the alerts. The figures are a few
// counts and come first; the alerts judge every pairing against the rules
// (most of a second at 10,000 students) and follow.
func (s *dashboardScreen) refresh() {
	s.checklist.refresh()
	var counts *data.Counts
	s.u.view(func(tx *data.Tx) (err error) { counts, err = tx.DashboardCounts(tx.Today()); return }, func(err error) {
		if err != nil {
			s.u.showError("The dashboard could not be loaded", err)
			return
		}
		s.showFigures(counts)
	})
	var alerts []data.Alert
	s.u.view(func(tx *data.Tx) (err error) { alerts, err = tx.Alerts(tx.Today()); return }, func(err error) {
		if err != nil {
			s.u.showError("The dashboard could not be loaded", err)
			return
		}
		s.showAlerts(alerts)
	})
}

func (s *dashboardScreen) showFigures(c *data.Counts) {
	if s.figures[0].Text == "–" {
		s.u.timing("dashboard figures since start", s.u.started)
	}
	for i, n := range []int{c.ActivePairings, c.MeetingsThisMonth, c.StudentsWaiting, c.ConsentAlerts} {
		s.figures[i].Text = data.Grouped(n)
		s.figures[i].Refresh()
	}
}

func (s *dashboardScreen) showAlerts(alerts []data.Alert) {
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
