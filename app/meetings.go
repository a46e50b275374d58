package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

const (
	allMentors  = "All mentors"
	allStatuses = "Any status"
)

// meetingsScreen is the quick log beside the list of meetings, which can
// be filtered and where planned meetings are marked held or missed.
type meetingsScreen struct {
	u   *ui
	log *meetingLog

	mentors  []data.MentorRow
	mentor   *widget.Select
	from, to *entry
	status   *widget.Select
	count    *widget.Label
	table    *table
	rows     []data.MeetingRow
	selected int
	tabs     *container.AppTabs
	held     *widget.Button
	missed   *widget.Button
	cancel   *widget.Button
}

func newMeetingsScreen(u *ui) *meetingsScreen {
	return &meetingsScreen{u: u, log: newMeetingLog(u), selected: -1}
}

func (s *meetingsScreen) buildUI() fyne.CanvasObject {
	s.mentor = newSelect([]string{allMentors}, allMentors)
	s.mentor.OnChanged = s.onFilter
	s.from, s.to = s.u.newDateEntry(), s.u.newDateEntry()
	s.from.SetText(data.DateOf(s.u.store.Now()).AddMonths(-1).String())
	s.from.OnSubmitted, s.to.OnSubmitted = s.onFilter, s.onFilter
	s.status = newSelect(append([]string{allStatuses}, data.MeetingStatuses...), allStatuses)
	s.status.OnChanged = s.onFilter
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Date", "Mentee", "Mentor", "Minutes", "Status", "Topics"}, []float32{1.5, 2, 1.8, 0.8, 1.2, 2.5},
		func() int { return len(s.rows) }, s.cells)
	s.table.onSelected = s.onSelected
	s.held = &widget.Button{Text: "Mark held", Icon: theme.ConfirmIcon(), OnTapped: s.onHeld}
	s.missed = &widget.Button{Text: "Mark missed", OnTapped: s.onMissed}
	s.cancel = &widget.Button{Text: "Mark cancelled", OnTapped: s.onCancelled}
	s.enable(false)
	apply := &widget.Button{Text: "Show", Icon: theme.SearchIcon(), OnTapped: s.query}
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(apply, s.count),
		container.NewGridWithColumns(4, s.mentor, s.status, s.from, s.to))
	planned := container.NewHBox(widget.NewLabel("A planned meeting:"), s.held, s.missed, s.cancel)
	list := container.NewBorder(filters, planned, nil, nil, s.table.object())
	// Two tabs rather than a split: the teacher's log needs the width for
	// its check-in rows, the coordinator's list for its columns.
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Log a meeting", theme.ContentAddIcon(), container.NewPadded(s.log.buildUI())),
		container.NewTabItemWithIcon("All meetings", theme.ListIcon(), container.NewPadded(list)),
	)
	return s.tabs
}

func (s *meetingsScreen) cells(i int) []string {
	m := s.rows[i]
	return []string{m.At.Format("2006-01-02 15:04"), m.StudentName, m.MentorName, fmt.Sprint(m.Minutes), m.Status, strings.Join(m.Topics, ", ")}
}

func (s *meetingsScreen) refresh() {
	s.log.load()
	var mentors []data.MentorRow
	s.u.view(func(tx *data.Tx) (err error) { mentors, err = tx.Mentors(""); return }, func(err error) {
		if err != nil {
			return
		}
		s.mentors = mentors
		names := []string{allMentors}
		for _, m := range mentors {
			names = append(names, m.Name)
		}
		s.mentor.SetOptions(names)
	})
	s.query()
}

// focusLog puts the cursor in the quick log, for Ctrl+M.
func (s *meetingsScreen) focusLog() {
	if s.log.minutes != nil {
		s.tabs.SelectIndex(0)
		s.u.win.Canvas().Focus(s.log.minutes)
	}
}

func (s *meetingsScreen) onFilter(string) { s.query() }

func (s *meetingsScreen) filter() (data.MeetingFilter, error) {
	f := data.MeetingFilter{Limit: 2000}
	if i := s.mentor.SelectedIndex(); i > 0 && i <= len(s.mentors) {
		f.MentorID = s.mentors[i-1].ID
	}
	if s.status.Selected != allStatuses {
		f.Status = s.status.Selected
	}
	var err error
	if f.From, err = s.from.date("From", "from"); err != nil {
		return f, err
	}
	f.To, err = s.to.date("To", "to")
	return f, err
}

// query loads the meetings matching the filters, at most 2,000 of them.
func (s *meetingsScreen) query() {
	if s.table == nil {
		return
	}
	f, err := s.filter()
	if err != nil {
		s.u.showError("Check the dates", err)
		return
	}
	var rows []data.MeetingRow
	s.u.view(func(tx *data.Tx) (err error) { rows, err = tx.Meetings(f); return }, func(err error) {
		if err != nil {
			s.u.showError("The meetings could not be loaded", err)
			return
		}
		s.rows = rows
		s.selected = -1
		s.enable(false)
		s.table.refresh()
		s.count.SetText(countOf(len(rows), "meeting"))
	})
}

func (s *meetingsScreen) enable(on bool) { setEnabled(on, s.held, s.missed, s.cancel) }

func (s *meetingsScreen) onSelected(i int) {
	s.selected = i
	s.enable(i < len(s.rows) && s.rows[i].Status == data.MeetingPlanned)
}

func (s *meetingsScreen) onHeld()      { s.setStatus(data.MeetingHeld) }
func (s *meetingsScreen) onMissed()    { s.setStatus("student absent") }
func (s *meetingsScreen) onCancelled() { s.setStatus("cancelled") }

// setStatus marks the chosen planned meeting held, missed or cancelled.
func (s *meetingsScreen) setStatus(status string) {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return
	}
	id := s.rows[s.selected].ID
	s.u.update(func(tx *data.Tx) error {
		m, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		m.Status = status
		return tx.UpdateMeeting(m)
	}, func(err error) {
		if err != nil {
			s.u.showError("The meeting was not changed", err)
			return
		}
		s.query()
	})
}
