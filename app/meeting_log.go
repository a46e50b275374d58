package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

var minutePresets = []string{"15", "30", "45", "60"}

// Note sharing choices.
const (
	noteShared       = "Shared (may appear in reports)"
	noteConfidential = "Confidential (only in Mentorbook)"
)

// meetingLog is the teacher's quick log: mentee, date, minutes, what was
// discussed, goal progress and how the mentee felt, saved in one click.
type meetingLog struct {
	u *ui

	mentors   []data.MentorRow
	mentor    *widget.Select
	pairings  []data.PairingRow
	mentee    *widget.Select
	date      *entry
	at        *entry
	minutes   *entry
	kind      *widget.Select
	status    *widget.Select
	location  *entry
	topic     *entry
	topics    []string
	topicBox  *fyne.Container
	notes     *entry
	sharing   *widget.RadioGroup
	followUp  *entry
	wellbeing [3]*widget.RadioGroup
	goals     []data.Goal
	goalBox   *fyne.Container
	ratings   []*widget.Select
	errs      *fieldErrors
	save      *widget.Button
	presets   map[string]*widget.Button
}

func newMeetingLog(u *ui) *meetingLog { return &meetingLog{u: u} }

func (l *meetingLog) buildUI() fyne.CanvasObject {
	l.mentor = widget.NewSelect(nil, l.onMentorChanged)
	l.mentor.PlaceHolder = "Choose yourself"
	l.mentee = widget.NewSelect(nil, l.onMenteeChanged)
	l.mentee.PlaceHolder = "Choose a mentee"
	l.date, l.at = l.u.newDateEntry(), newEntry("HH:MM")
	l.minutes = newEntry("minutes")
	presets := container.NewHBox()
	l.presets = map[string]*widget.Button{}
	for _, p := range minutePresets {
		l.presets[p] = &widget.Button{Text: p, OnTapped: l.preset(p)}
		presets.Add(l.presets[p])
	}
	l.kind = newSelect(data.MeetingKinds, data.MeetingKinds[0])
	l.status = newSelect(data.MeetingStatuses, data.MeetingHeld)
	l.location = newEntry("optional")
	l.topic = newEntry("type a topic, press Enter")
	l.topic.OnSubmitted = l.onTopicSubmitted
	l.topicBox = container.New(layout.NewRowWrapLayout())
	l.notes = newNoteEntry("What did you talk about?")
	l.sharing = widget.NewRadioGroup([]string{noteShared, noteConfidential}, nil)
	l.sharing.Required = true
	l.followUp = newEntry("optional")
	wb := container.New(layout.NewFormLayout())
	for i, q := range data.WellbeingQuestions {
		l.wellbeing[i] = widget.NewRadioGroup([]string{"1", "2", "3", "4", "5"}, nil)
		l.wellbeing[i].Horizontal = true
		wb.Add(widget.NewLabel(q))
		wb.Add(l.wellbeing[i])
	}
	l.goalBox = container.New(layout.NewFormLayout())
	l.errs = newFieldErrors(map[string]*entry{"at": l.date, "minutes": l.minutes, "location": l.location,
		"topics": l.topic, "notes": l.notes, "follow_up": l.followUp})
	l.save = &widget.Button{Text: "Save meeting", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: l.onSave}
	form := widget.NewForm(
		widget.NewFormItem("Mentor", l.mentor),
		widget.NewFormItem("Mentee", l.mentee),
		widget.NewFormItem("Date and time", container.NewGridWithColumns(2, l.date, l.at)),
		widget.NewFormItem("Minutes", container.NewBorder(nil, nil, nil, presets, l.minutes)),
		widget.NewFormItem("Kind", container.NewGridWithColumns(2, l.kind, l.status)),
		widget.NewFormItem("Location", l.location),
		widget.NewFormItem("Topics", container.NewVBox(l.topic, l.topicBox)),
		widget.NewFormItem("Notes", container.NewVBox(l.notes, l.sharing)),
		widget.NewFormItem("Follow-up", l.followUp),
	)
	check := container.NewVBox(
		&widget.Label{Text: "Goal progress (1 = no progress, 5 = done)", TextStyle: fyne.TextStyle{Bold: true}}, l.goalBox,
		widget.NewSeparator(),
		&widget.Label{Text: "How is the mentee? (1 = low, 5 = high)", TextStyle: fyne.TextStyle{Bold: true}}, wb)
	body := container.NewGridWithColumns(2, form, check)
	l.reset()
	l.setGoals(nil)
	return container.NewBorder(nil, container.NewVBox(l.errs.status, container.NewHBox(l.save)), nil, nil, container.NewVScroll(body))
}

func (l *meetingLog) preset(p string) func() { return func() { l.minutes.SetText(p) } }

// presetButton returns the button that sets the minutes to p.
func (l *meetingLog) presetButton(p string) *widget.Button { return l.presets[p] }

// reset clears the form for the next meeting, keeping mentor and mentee.
func (l *meetingLog) reset() {
	now := l.u.store.Now()
	l.date.SetText(data.DateOf(now).String())
	l.at.SetText(now.Format("15:04"))
	l.minutes.SetText("30")
	l.kind.SetSelected(data.MeetingKinds[0])
	l.status.SetSelected(data.MeetingHeld)
	l.location.SetText("")
	l.topic.SetText("")
	l.topics = nil
	l.showTopics()
	l.notes.SetText("")
	l.sharing.SetSelected(noteShared)
	l.followUp.SetText("")
	for _, w := range l.wellbeing {
		w.SetSelected("")
	}
	for _, r := range l.ratings {
		r.SetSelected("—")
	}
}

// load fills the mentor list and selects the remembered mentor.
func (l *meetingLog) load() {
	var mentors []data.MentorRow
	l.u.view(func(tx *data.Tx) (err error) { mentors, err = tx.Mentors(""); return }, func(err error) {
		if err != nil {
			l.u.showError("The mentors could not be loaded", err)
			return
		}
		l.setMentors(mentors)
	})
}

func (l *meetingLog) setMentors(mentors []data.MentorRow) {
	l.mentors = l.mentors[:0]
	var names []string
	for _, m := range mentors {
		if m.Active && m.Mentees > 0 {
			l.mentors = append(l.mentors, m)
			names = append(names, m.Name)
		}
	}
	l.mentor.SetOptions(names)
	remembered := l.u.rememberedMentor()
	for i, m := range l.mentors {
		if m.ID == remembered {
			l.mentor.SetSelectedIndex(i)
		}
	}
}

func (l *meetingLog) onMentorChanged(string) {
	i := l.mentor.SelectedIndex()
	if i < 0 {
		return
	}
	id := l.mentors[i].ID
	l.u.rememberMentor(id)
	var pairings []data.PairingRow
	l.u.view(func(tx *data.Tx) (err error) {
		pairings, err = tx.Pairings(data.PairingFilter{MentorID: id, Status: "open"})
		return
	}, func(err error) {
		if err != nil {
			l.u.showError("The mentees could not be loaded", err)
			return
		}
		l.setPairings(pairings)
	})
}

// setPairings offers the mentor's active and paused pairings; a proposed
// pairing cannot have meetings yet.
func (l *meetingLog) setPairings(pairings []data.PairingRow) {
	l.pairings = l.pairings[:0]
	var names []string
	for _, p := range pairings {
		if p.Status == data.PairingProposed {
			continue
		}
		l.pairings = append(l.pairings, p)
		names = append(names, fmt.Sprintf("%s (%s)", p.StudentName, p.StudentSchool))
	}
	l.mentee.ClearSelected()
	l.mentee.SetOptions(names)
	if len(names) == 1 {
		l.mentee.SetSelectedIndex(0)
	}
}

// selectMentee picks a mentee by pairing, as a test or another screen does.
func (l *meetingLog) selectPairing(id int64) {
	for i, p := range l.pairings {
		if p.ID == id {
			l.mentee.SetSelectedIndex(i)
		}
	}
}

func (l *meetingLog) pairing() *data.PairingRow {
	i := l.mentee.SelectedIndex()
	if i < 0 || i >= len(l.pairings) {
		return nil
	}
	return &l.pairings[i]
}

// onMenteeChanged loads the mentee's open goals for progress ratings.
func (l *meetingLog) onMenteeChanged(string) {
	p := l.pairing()
	if p == nil {
		l.setGoals(nil)
		return
	}
	var goals []data.Goal
	l.u.view(func(tx *data.Tx) (err error) { goals, err = tx.Goals(p.StudentID); return }, func(err error) {
		if err == nil {
			l.setGoals(goals)
		}
	})
}

func (l *meetingLog) setGoals(goals []data.Goal) {
	l.goals, l.ratings = l.goals[:0], nil
	l.goalBox.RemoveAll()
	for _, g := range goals {
		if g.Status != data.GoalOpen {
			continue
		}
		l.goals = append(l.goals, g)
		r := newSelect([]string{"—", "1", "2", "3", "4", "5"}, "—")
		l.ratings = append(l.ratings, r)
		title := &widget.Label{Text: g.Title, Truncation: fyne.TextTruncateEllipsis}
		l.goalBox.Add(title)
		l.goalBox.Add(container.NewHBox(r))
	}
	if len(l.goals) == 0 {
		text := "No open goals."
		if l.pairing() == nil {
			text = "Choose a mentee to rate their goals."
		}
		l.goalBox.Add(&widget.Label{Text: text, TextStyle: fyne.TextStyle{Italic: true}})
		l.goalBox.Add(layout.NewSpacer())
	}
	l.goalBox.Refresh()
}

func (l *meetingLog) onTopicSubmitted(text string) {
	for _, t := range strings.Split(text, ",") {
		if t = strings.TrimSpace(t); t != "" {
			l.topics = append(l.topics, t)
		}
	}
	l.topic.SetText("")
	l.showTopics()
}

// showTopics draws each topic as a tag; tapping one removes it.
func (l *meetingLog) showTopics() {
	l.topicBox.RemoveAll()
	for i, t := range l.topics {
		l.topicBox.Add(&widget.Button{Text: t, Icon: theme.CancelIcon(), IconPlacement: widget.ButtonIconTrailingText, OnTapped: l.removeTopic(i)})
	}
	l.topicBox.Refresh()
}

func (l *meetingLog) removeTopic(i int) func() {
	return func() {
		l.topics = append(l.topics[:i:i], l.topics[i+1:]...)
		l.showTopics()
	}
}

// read turns the form into a Meeting.
func (l *meetingLog) read() (*data.Meeting, error) {
	p := l.pairing()
	if p == nil {
		return nil, &data.Error{Code: data.EINVALID, Field: "pairing", Message: "Choose a mentee first."}
	}
	day, err := l.date.date("Date", "at")
	if err != nil {
		return nil, err
	}
	if day.IsZero() {
		return nil, &data.Error{Code: data.EINVALID, Field: "at", Message: "Date is required."}
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(l.at.Text))
	if err != nil {
		return nil, &data.Error{Code: data.EINVALID, Field: "at", Message: "Time must be written as HH:MM, for example 14:30."}
	}
	minutes, err := l.minutes.number("Minutes", "minutes")
	if err != nil {
		return nil, err
	}
	if pending := strings.TrimSpace(l.topic.Text); pending != "" {
		l.onTopicSubmitted(pending) // a topic typed but not yet entered still counts
	}
	m := &data.Meeting{
		PairingID: p.ID, Minutes: minutes, Kind: l.kind.Selected, Status: l.status.Selected,
		At:       time.Date(day.Year, day.Month, day.Day, clock.Hour(), clock.Minute(), 0, 0, time.Local),
		Location: strings.TrimSpace(l.location.Text), Topics: append([]string(nil), l.topics...),
		Notes: l.notes.Text, NotesConfidential: l.sharing.Selected == noteConfidential, FollowUp: l.followUp.Text,
	}
	for i, w := range l.wellbeing {
		fmt.Sscan(w.Selected, &m.Wellbeing[i])
	}
	for i, r := range l.ratings {
		var rating int
		if _, err := fmt.Sscan(r.Selected, &rating); err == nil {
			m.Progress = append(m.Progress, data.Progress{GoalID: l.goals[i].ID, Rating: rating, Percent: -1})
		}
	}
	return m, nil
}

// onSave writes the meeting; the confirmation shows only once the
// transaction has committed.
func (l *meetingLog) onSave() {
	m, err := l.read()
	if err != nil {
		l.errs.show(err)
		return
	}
	p := *l.pairing()
	l.save.Disable()
	l.errs.clear()
	l.u.update(func(tx *data.Tx) error { return tx.LogMeeting(m) }, func(err error) { l.saved(m, p, err) })
}

func (l *meetingLog) saved(m *data.Meeting, p data.PairingRow, err error) {
	l.save.Enable()
	switch {
	case data.ErrorCode(err) == data.ECONSENT:
		l.errs.show(err)
		l.offerConsent(p, err)
	case err != nil:
		if !l.errs.show(err) {
			l.u.showError("The meeting was not saved", err)
		}
	default:
		l.reset()
		l.errs.done(fmt.Sprintf("Saved: %s with %s on %s, %d minutes.", m.Status, p.StudentName, m.At.Format("2006-01-02 15:04"), m.Minutes))
		l.u.meetings.query()
	}
}

// offerConsent explains a refusal for want of consent and opens the
// student's consent tab in one click.
func (l *meetingLog) offerConsent(p data.PairingRow, err error) {
	msg := widget.NewLabel(data.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	open := &widget.Button{Text: "Open " + p.StudentName + "'s consent", Icon: theme.DocumentIcon(), Importance: widget.HighImportance}
	content := container.NewVBox(msg, container.NewHBox(open))
	d = dialog.NewCustom("The meeting was not saved", "Close", container.NewGridWrap(fyne.NewSize(460, 130), content), l.u.win)
	open.OnTapped = func() {
		d.Hide()
		l.u.openConsent(p.StudentID)
	}
	l.u.showDialog(d)
}

// openConsent shows the student's consent tab.
func (u *ui) openConsent(studentID int64) {
	u.show(screenStudents)
	u.students.open(studentID, tabConsents)
}
