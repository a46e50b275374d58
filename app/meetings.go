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

const allStatuses = "Any status"

// meetingsScreen is the quick log beside the list of every meeting, which
// can be filtered by mentor, student, status and dates; a click on a
// meeting opens it.
type meetingsScreen struct {
	u   *ui
	log *meetingLog

	mentor   *picker
	student  *picker
	from, to *entry
	status   *widget.Select
	count    *widget.Label
	table    *table
	tabs     *container.AppTabs
	opened   *meetingView // the meeting opened last, for tests

	pages[data.MeetingRow] // the matching meetings, read a page at a time
}

func newMeetingsScreen(u *ui) *meetingsScreen {
	s := &meetingsScreen{u: u, log: newMeetingLog(u)}
	s.pages = pages[data.MeetingRow]{u: u, read: (*data.Tx).MeetingRows, id: func(r data.MeetingRow) int64 { return r.ID },
		failed: "The meetings could not be loaded", redraw: func() { s.table.list.Refresh() }}
	return s
}

func (s *meetingsScreen) buildUI() fyne.CanvasObject {
	s.mentor = newPicker(s.u, "mentor", "Mentor: type a name")
	s.mentor.none = "All mentors"
	s.mentor.onChosen = s.onPicked
	s.student = newStudentPicker(s.u)
	s.student.search.PlaceHolder = "Student: type a name or ID"
	s.student.none = "All students"
	s.student.onChosen = s.onPicked
	s.from, s.to = s.u.newDateEntry(), s.u.newDateEntry()
	setDate(s.from, data.DateOf(s.u.store.Now()).AddMonths(-1))
	s.from.PlaceHolder, s.to.PlaceHolder = "from "+s.from.PlaceHolder, "to "+s.to.PlaceHolder
	s.from.OnSubmitted, s.to.OnSubmitted = s.onFilter, s.onFilter
	s.status = newSelect(append([]string{allStatuses}, data.MeetingStatuses...), allStatuses)
	s.status.OnChanged = s.onFilter
	s.count = widget.NewLabel("")
	s.table = newTable([]string{"Date", "Mentee", "Mentor", "Minutes", "Status", "Topics"}, []float32{1.5, 2, 1.8, 0.8, 1.2, 2.5},
		s.length, s.cells)
	s.table.onSelected = s.onSelected
	apply := &widget.Button{Text: "Show", Icon: theme.SearchIcon(), OnTapped: s.query}
	dates := container.NewGridWithColumns(2, s.from, s.to)
	filters := container.NewGridWithColumns(3, s.mentor.buildUI(), s.student.buildUI(),
		container.NewVBox(container.NewBorder(nil, nil, nil, apply, s.status), dates))
	hint := &widget.Label{Text: "Click a meeting to read, correct or delete it.", TextStyle: fyne.TextStyle{Italic: true}}
	list := topFirst(container.NewVBox(filters, container.NewBorder(nil, nil, nil, s.count, hint)), nil, s.table.object())
	// Two tabs rather than a split: the teacher's log needs the width for
	// its check-in rows, the coordinator's list for its columns.
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Log a meeting", theme.ContentAddIcon(), container.NewPadded(s.log.buildUI())),
		container.NewTabItemWithIcon("All meetings", theme.ListIcon(), container.NewPadded(list)),
	)
	if !s.u.logsMeetings() {
		s.tabs.SelectIndex(1)
		s.tabs.DisableIndex(0)
	}
	return s.tabs
}

func (s *meetingsScreen) cells(i int) []string {
	m, ok := s.row(i)
	if !ok {
		return []string{"…", "", "", "", "", ""}
	}
	return []string{s.u.dayTime(m.At), m.StudentName, m.MentorName, fmt.Sprint(m.Minutes), m.Status, strings.Join(m.Topics, ", ")}
}

func (s *meetingsScreen) refresh() {
	s.log.load()
	var mentors []data.MentorRow
	s.u.view(func(tx *data.Tx) (err error) { mentors, err = tx.Mentors(""); return }, func(err error) {
		if err != nil {
			return
		}
		items := make([]pickItem, len(mentors))
		for i, m := range mentors {
			items[i] = mentorItem(m)
		}
		s.mentor.setItems(items)
	})
	s.query()
}

// focusLog shows the quick log, fresh, with the cursor in its first
// field still to fill: Ctrl+M.
func (s *meetingsScreen) focusLog() {
	if s.tabs != nil && s.u.logsMeetings() {
		s.tabs.SelectIndex(0)
		s.log.fresh()
	}
}

// saveKey is Ctrl+S: it saves the quick log when it is in front.
func (s *meetingsScreen) saveKey() {
	if s.logShown() {
		s.log.onSave()
	}
}

// logShown reports whether the quick log is the screen in front.
func (s *meetingsScreen) logShown() bool {
	return s.u.current == screenMeetings && s.tabs != nil && s.tabs.SelectedIndex() == 0
}

func (s *meetingsScreen) onFilter(string)   { s.query() }
func (s *meetingsScreen) onPicked(pickItem) { s.query() }

// showMentor lists one mentor's meetings: the mentor's view.
func (s *meetingsScreen) showMentor(id int64, name string) {
	s.tabs.SelectIndex(1)
	s.student.clear()
	s.from.SetText("")
	s.mentor.chosen = pickItem{ID: id, Name: name}
	s.mentor.setText(name)
	s.mentor.box.Hide()
	s.mentor.showHint()
	s.query()
}

func (s *meetingsScreen) filter() (data.MeetingFilter, error) {
	f := data.MeetingFilter{MentorID: s.mentor.chosen.ID, StudentID: s.student.chosen.ID}
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

// query lists every meeting matching the filters and reads the first page.
func (s *meetingsScreen) query() {
	if s.table == nil {
		return
	}
	f, err := s.filter()
	if err != nil {
		s.u.showError("Check the dates", err)
		return
	}
	s.pages.query(func(tx *data.Tx) ([]int64, error) { return tx.MeetingIDs(f) }, func() {
		s.table.refresh()
		s.count.SetText(countOf(len(s.ids), "meeting"))
	})
}

// onSelected opens the meeting clicked.
func (s *meetingsScreen) onSelected(i int) {
	if i < len(s.ids) {
		s.u.openMeeting(s.ids[i])
	}
	s.table.list.UnselectAll()
}
