package app

import (
	"errors"
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

const noRating = "—"

// meetingLog is the teacher's quick log: mentee, date, minutes, what was
// discussed, goal progress and how the mentee felt, saved in one click.
// The same form corrects a meeting already logged (edit).
type meetingLog struct {
	u *ui

	title     *widget.Label
	mentor    *picker
	mentee    *picker
	pairings  []data.PairingRow
	current   *data.PairingRow // the pairing the meeting is of, or nil
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
	retry     *widget.Button // shown when the server could not be reached
	cancel    *widget.Button
	presets   map[string]*widget.Button

	// editing is the meeting being corrected, nil for a new one.
	editing *data.Meeting
	// saving is set from the press of Save until the store has answered
	// (and any question been answered): one press saves one meeting.
	saving bool
	// unsure is set when saving a new meeting ended with the server out of
	// reach: its commit may have landed with only the answer lost, so the
	// next save first looks for it (FindLogged) instead of logging it twice.
	unsure bool
}

func newMeetingLog(u *ui) *meetingLog { return &meetingLog{u: u} }

func (l *meetingLog) buildUI() fyne.CanvasObject {
	l.title = heading("Log a meeting")
	l.mentor = newPicker(l.u, "mentor", "Type your name or email")
	l.mentor.onChosen = l.onMentorChosen
	l.mentee = newPicker(l.u, "mentee", "Type a mentee's name or school ID")
	l.mentee.onChosen = l.onMenteeChosen
	l.mentee.listEmpty = true
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
	l.followUp = newNoteEntry("optional")
	l.followUp.SetMinRowsVisible(2)
	wb := container.New(layout.NewFormLayout())
	for i, q := range data.WellbeingQuestions {
		l.wellbeing[i] = widget.NewRadioGroup([]string{"1", "2", "3", "4", "5"}, nil)
		l.wellbeing[i].Horizontal = true
		wb.Add(widget.NewLabel(q))
		wb.Add(l.wellbeing[i])
	}
	l.goalBox = container.NewVBox()
	l.errs = newFieldErrors(map[string]*entry{"at": l.date, "minutes": l.minutes, "location": l.location,
		"topics": l.topic, "notes": l.notes, "follow_up": l.followUp, "pairing": &l.mentee.search.entry})
	l.save = &widget.Button{Text: "Save meeting  (Ctrl+S)", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: l.onSave}
	l.cancel = &widget.Button{Text: "Cancel the correction", Icon: theme.CancelIcon(), OnTapped: l.onCancelEdit}
	l.cancel.Hide()
	l.retry = &widget.Button{Text: "Retry", Icon: theme.ViewRefreshIcon(), OnTapped: l.onSave}
	l.retry.Hide()
	form := widget.NewForm(
		widget.NewFormItem("Mentor", l.mentor.buildUI()),
		widget.NewFormItem("Mentee", l.mentee.buildUI()),
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
	bottom := container.NewVBox(l.errs.status, container.NewHBox(l.save, l.retry, l.cancel))
	return container.NewBorder(l.title, bottom, nil, nil, container.NewVScroll(body))
}

func (l *meetingLog) preset(p string) func() { return func() { l.minutes.SetText(p) } }

// presetButton returns the button that sets the minutes to p.
func (l *meetingLog) presetButton(p string) *widget.Button { return l.presets[p] }

// reset makes the form a fresh meeting: now, the mentor kept, no mentee
// chosen (so that pressing Save again cannot log a copy), no error.
func (l *meetingLog) reset() {
	now := l.u.store.Now()
	if l.editing != nil {
		// The correction chose its own mentor: choose the remembered one again.
		l.mentor.clear()
		l.pairings = nil
		l.load()
	}
	l.editing = nil
	l.title.SetText("Log a meeting")
	l.save.SetText("Save meeting  (Ctrl+S)")
	l.cancel.Hide()
	l.mentor.search.Enable()
	l.mentee.search.Enable()
	l.fill(&data.Meeting{At: now, Minutes: 30, Kind: data.MeetingKinds[0], Status: data.MeetingHeld})
	l.current = nil
	l.mentee.clear()
	l.mentee.setItems(menteeItems(l.pairings))
	l.setGoals(nil, nil)
	l.errs.clear()
	l.unsure = false
	l.retry.Hide()
}

// fill shows m's fields in the form.
func (l *meetingLog) fill(m *data.Meeting) {
	setDate(l.date, data.DateOf(m.At))
	l.at.SetText(m.At.Format("15:04"))
	l.minutes.SetText(fmt.Sprint(m.Minutes))
	l.kind.SetSelected(m.Kind)
	l.status.SetSelected(m.Status)
	l.location.SetText(m.Location)
	l.topic.SetText("")
	l.topics = append([]string(nil), m.Topics...)
	l.showTopics()
	l.notes.SetText(m.Notes)
	l.sharing.SetSelected(noteShared)
	if m.NotesConfidential {
		l.sharing.SetSelected(noteConfidential)
	}
	l.followUp.SetText(m.FollowUp)
	for i, w := range l.wellbeing {
		w.SetSelected("")
		if m.Wellbeing[i] > 0 {
			w.SetSelected(fmt.Sprint(m.Wellbeing[i]))
		}
	}
}

// started reports whether the person has typed or chosen anything a
// fresh form would lose.
func (l *meetingLog) started() bool {
	if l.editing != nil || l.notes.Text != "" || l.followUp.Text != "" || l.location.Text != "" || len(l.topics) > 0 || l.topic.Text != "" {
		return true
	}
	for _, w := range l.wellbeing {
		if w.Selected != "" {
			return true
		}
	}
	for _, r := range l.ratings {
		if r.Selected != noRating {
			return true
		}
	}
	return false
}

// fresh readies the form for Ctrl+M: a new meeting at the current time,
// unless the person has started one, which is kept; the cursor goes to
// the first field still to fill.
func (l *meetingLog) fresh() {
	if !l.started() {
		l.reset()
		if len(l.pairings) == 1 {
			l.mentee.choose(menteeItems(l.pairings)[0])
		}
	} else {
		l.errs.clear()
	}
	first := fyne.Focusable(l.mentor.search)
	switch {
	case l.current != nil:
		first = l.minutes
	case l.mentor.chosen.ID != 0:
		first = l.mentee.search
	}
	l.u.win.Canvas().Focus(first)
}

// load fills the mentor picker and chooses the remembered mentor.
func (l *meetingLog) load() {
	var mentors []data.MentorRow
	var own int64
	l.u.view(func(tx *data.Tx) (err error) {
		if own, err = tx.OwnMentor(); err != nil {
			return err
		}
		mentors, err = tx.Mentors("")
		return
	}, func(err error) {
		if err != nil {
			l.u.showError("The mentors could not be loaded", err)
			return
		}
		l.setMentors(mentors, own)
	})
}

// setMentors offers the active mentors who have mentees; a mentor's login
// (own, its mentor's ID) logs only its own meetings, and is offered only
// itself.
func (l *meetingLog) setMentors(mentors []data.MentorRow, own int64) {
	var items []pickItem
	remembered := l.u.rememberedMentor()
	if own != 0 {
		remembered = own
	}
	mine := -1
	for _, m := range mentors {
		if m.Active && m.Mentees > 0 && (own == 0 || m.ID == own) {
			if m.ID == remembered {
				mine = len(items)
			}
			items = append(items, mentorItem(m))
		}
	}
	l.mentor.setItems(items)
	if mine >= 0 && l.mentor.chosen.ID == 0 && l.editing == nil {
		l.mentor.choose(items[mine])
	}
}

func (l *meetingLog) onMentorChosen(it pickItem) {
	l.pairings, l.current = nil, nil
	l.mentee.clear()
	l.mentee.setItems(nil)
	l.setGoals(nil, nil)
	if it.ID == 0 {
		return
	}
	l.u.rememberMentor(it.ID)
	var pairings []data.PairingRow
	l.u.view(func(tx *data.Tx) (err error) {
		pairings, err = tx.Pairings(data.PairingFilter{MentorID: it.ID, Status: "open"})
		return
	}, func(err error) {
		if err != nil {
			l.u.showError("The mentees could not be loaded", err)
			return
		}
		if l.mentor.chosen.ID == it.ID && l.editing == nil {
			l.setPairings(pairings)
		}
	})
}

// setPairings offers the mentor's active and paused pairings; a proposed
// pairing cannot have meetings yet.
func (l *meetingLog) setPairings(pairings []data.PairingRow) {
	l.pairings = l.pairings[:0]
	for _, p := range pairings {
		if p.Status != data.PairingProposed {
			l.pairings = append(l.pairings, p)
		}
	}
	items := menteeItems(l.pairings)
	l.mentee.setItems(items)
	if len(items) == 1 {
		l.mentee.choose(items[0])
	}
}

// menteeItems are the mentees of pairings, told apart by school ID; the
// item's ID is the pairing's.
func menteeItems(pairings []data.PairingRow) []pickItem {
	items := make([]pickItem, len(pairings))
	for i, p := range pairings {
		detail := p.StudentSchool
		if p.Status != data.PairingActive {
			detail += " · " + p.Status
		}
		items[i] = pickItem{ID: p.ID, Name: p.StudentName, Detail: detail}
	}
	return items
}

// selectPairing picks a mentee by pairing, as a test or another screen does.
func (l *meetingLog) selectPairing(id int64) {
	for _, it := range menteeItems(l.pairings) {
		if it.ID == id {
			l.mentee.choose(it)
		}
	}
}

func (l *meetingLog) pairing() *data.PairingRow { return l.current }

// onMenteeChosen loads the mentee's open goals for progress ratings.
func (l *meetingLog) onMenteeChosen(it pickItem) {
	l.current = nil
	for i := range l.pairings {
		if l.pairings[i].ID == it.ID {
			l.current = &l.pairings[i]
		}
	}
	if l.current == nil {
		l.setGoals(nil, nil)
		return
	}
	l.loadGoals(l.current.StudentID, nil)
}

// loadGoals reads the student's goals; with a meeting being corrected, the
// goals it rated are offered even if they are no longer open.
func (l *meetingLog) loadGoals(studentID int64, m *data.Meeting) {
	var goals []data.Goal
	l.u.view(func(tx *data.Tx) (err error) { goals, err = tx.Goals(studentID); return }, func(err error) {
		if err != nil {
			l.u.showError("The goals could not be loaded", err)
			return
		}
		if l.current != nil && l.current.StudentID == studentID && l.editing == m {
			l.setGoals(goals, m)
		}
	})
}

// setGoals offers a rating for each open goal (and each goal m rated),
// its title in full, wrapped when long.
func (l *meetingLog) setGoals(goals []data.Goal, m *data.Meeting) {
	rated := map[int64]int{}
	if m != nil {
		for _, p := range m.Progress {
			rated[p.GoalID] = p.Rating
		}
	}
	l.goals, l.ratings = l.goals[:0], nil
	l.goalBox.RemoveAll()
	for _, g := range goals {
		r, wasRated := rated[g.ID]
		if g.Status != data.GoalOpen && !wasRated {
			continue
		}
		l.goals = append(l.goals, g)
		sel := newSelect([]string{noRating, "1", "2", "3", "4", "5"}, noRating)
		if r > 0 {
			sel.SetSelected(fmt.Sprint(r))
		}
		l.ratings = append(l.ratings, sel)
		text := g.Title
		if g.Status != data.GoalOpen {
			text += " (" + g.Status + ")" // rated then, closed since
		}
		title := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
		l.goalBox.Add(container.NewBorder(nil, nil, nil, container.NewVBox(sel), title))
	}
	if len(l.goals) == 0 {
		text := "No open goals."
		if l.current == nil {
			text = "Choose a mentee to rate their goals."
		}
		l.goalBox.Add(&widget.Label{Text: text, TextStyle: fyne.TextStyle{Italic: true}})
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
	if l.editing != nil {
		m.ID, m.Version = l.editing.ID, l.editing.Version
	}
	for i, w := range l.wellbeing {
		fmt.Sscan(w.Selected, &m.Wellbeing[i])
	}
	for i, r := range l.ratings {
		var rating int
		if _, err := fmt.Sscan(r.Selected, &rating); err != nil {
			continue // not rated: a rating recorded before is removed
		}
		p := data.Progress{GoalID: l.goals[i].ID, Rating: rating, Percent: -1}
		if l.editing != nil {
			for _, old := range l.editing.Progress {
				if old.GoalID == p.GoalID {
					p.ID, p.Comment, p.Confidential = old.ID, old.Comment, old.Confidential
				}
			}
		}
		m.Progress = append(m.Progress, p)
	}
	return m, nil
}

// errNear stops a save that found another meeting of the pairing within
// the hour, so that the person is asked first.
var errNear = errors.New("a meeting of the pairing within the hour")

// onSave writes the meeting; the confirmation shows only once the
// transaction has committed. Save stays disabled until then.
func (l *meetingLog) onSave() {
	if l.saving {
		return
	}
	m, err := l.read()
	if err != nil {
		l.errs.show(err)
		return
	}
	l.saving = true
	l.save.Disable()
	l.retry.Hide()
	l.errs.clear()
	l.write(m, *l.pairing(), false)
}

// write saves m; unless anyway, it first looks for another meeting of the
// pairing within the hour, in the same transaction.
//
// After a save the server did not answer (unsure), a new meeting is first
// looked for: found, it was saved then, and is not logged again.
func (l *meetingLog) write(m *data.Meeting, p data.PairingRow, anyway bool) {
	var near *data.Meeting
	unsure := l.unsure && m.ID == 0
	l.u.update(func(tx *data.Tx) (err error) {
		if unsure {
			if found, err := tx.FindLogged(m); err != nil || found {
				return err
			}
		}
		if !anyway {
			if near, err = tx.MeetingNear(m.PairingID, m.At, m.ID); err != nil {
				return err
			} else if near != nil {
				return errNear
			}
		}
		if m.ID != 0 {
			return tx.UpdateMeeting(m)
		}
		return tx.LogMeeting(m)
	}, func(err error) {
		if errors.Is(err, errNear) {
			l.askNear(m, p, near)
			return
		}
		l.saved(m, p, err)
	})
}

// askNear asks before saving a second meeting of a pairing within an
// hour: a double press, or Save pressed again, is the usual reason.
func (l *meetingLog) askNear(m *data.Meeting, p data.PairingRow, near *data.Meeting) {
	msg := widget.NewLabel(leftToRight(fmt.Sprintf("%s already has a meeting at %s on %s (%s, %d minutes), less than an hour from this one.\n\nSave this one as well?",
		p.StudentName, near.At.Format("15:04"), l.u.day(data.DateOf(near.At)), near.Status, near.Minutes)))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Save a second meeting?", "Save it as well", "Don't save",
		container.NewGridWrap(fyne.NewSize(440, msg.MinSize().Height*4), msg), func(ok bool) {
			if ok {
				l.write(m, p, true)
				return
			}
			l.saving = false
			l.save.Enable()
			l.errs.done("Not saved: " + p.StudentName + " already has that meeting.")
		}, l.u.win)
	l.u.showDialog(d)
}

func (l *meetingLog) saved(m *data.Meeting, p data.PairingRow, err error) {
	l.saving = false
	l.save.Enable()
	switch {
	case data.ErrorCode(err) == data.ECONSENT:
		l.errs.show(err)
		l.offerConsent(p, err)
	case errors.Is(err, data.ErrUnreachable):
		// The form keeps what was typed; Retry (or Save) sends it again.
		l.unsure = l.unsure || l.editing == nil
		l.errs.show(err)
		l.retry.Show()
	case err != nil:
		if !l.errs.show(err) {
			l.u.showError("The meeting was not saved", err)
		}
	default:
		verb := "Saved"
		if l.editing != nil {
			verb = "Corrected"
		}
		l.reset()
		l.errs.done(fmt.Sprintf("%s: %s with %s on %s, %d minutes.", verb, m.Status, p.StudentName, l.u.dayTime(m.At), m.Minutes))
		if l.u.meetings.logShown() {
			l.u.win.Canvas().Focus(l.mentee.search) // the next meeting starts with its mentee
		}
	}
}

// edit shows a logged meeting in the form, to correct it. The pairing
// stays as it is: a meeting logged for the wrong mentee is deleted and
// logged again.
func (l *meetingLog) edit(m *data.Meeting, p data.PairingRow) {
	l.reset()
	l.editing = m
	l.current = &p
	l.mentor.chosen = pickItem{ID: p.MentorID, Name: p.MentorName}
	l.mentor.setText(p.MentorName)
	l.mentee.chosen = pickItem{ID: p.ID, Name: p.StudentName, Detail: p.StudentSchool}
	l.mentee.setText(p.StudentName)
	l.mentor.box.Hide()
	l.mentee.box.Hide()
	l.mentor.showHint()
	l.mentee.showHint()
	l.mentor.search.Disable()
	l.mentee.search.Disable()
	l.title.SetText(fmt.Sprintf("Correct the meeting of %s with %s", l.u.dayTime(m.At), p.StudentName))
	l.save.SetText("Save the correction  (Ctrl+S)")
	l.cancel.Show()
	l.fill(m)
	l.setGoals(nil, m)
	l.loadGoals(p.StudentID, m)
}

// onCancelEdit leaves a correction unsaved and starts a fresh meeting.
func (l *meetingLog) onCancelEdit() { l.reset() }

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
