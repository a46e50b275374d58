package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// meetingView shows one logged meeting in full, read-only, with what can
// be done to it: correct it in the log's form, mark a planned one held,
// missed or cancelled, or delete it.
type meetingView struct {
	u       *ui
	m       *data.Meeting
	p       data.PairingRow
	titles  map[int64]string // goal titles by ID
	dialog  *dialog.CustomDialog
	edit    *widget.Button
	delete  *widget.Button
	marks   map[string]*widget.Button
	content *fyne.Container
	// mayEdit and mayDelete: what this login may do to the meeting
	// (a reader nothing; a mentor not another mentor's meeting).
	mayEdit, mayDelete bool
}

// openMeeting reads meeting id with its pairing's names and the titles of
// the goals it rated, then shows it. The view open last is u.meetingView,
// for tests.
func (u *ui) openMeeting(id int64) {
	v := &meetingView{u: u, titles: map[int64]string{}}
	u.view(func(tx *data.Tx) error {
		m, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		p, err := tx.Pairing(m.PairingID)
		if err != nil {
			return err
		}
		rows, err := tx.Pairings(data.PairingFilter{StudentID: p.StudentID, MentorID: p.MentorID})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.ID == p.ID {
				v.p = r
			}
		}
		goals, err := tx.Goals(p.StudentID)
		if err != nil {
			return err
		}
		for _, g := range goals {
			v.titles[g.ID] = g.Title
		}
		v.m = m
		if v.mayEdit, err = tx.MayChangeMeeting(id, false); err != nil {
			return err
		}
		v.mayDelete, err = tx.MayChangeMeeting(id, true)
		return err
	}, func(err error) {
		if err != nil {
			u.showError("The meeting could not be opened", err)
			return
		}
		u.meetings.opened = v
		v.show()
	})
}

func (v *meetingView) show() {
	m, p := v.m, v.p
	v.content = container.NewVBox()
	v.line("When", fmt.Sprintf("%s %s, %d minutes, %s — %s", m.At.Format("Monday"), v.u.dayTime(m.At), m.Minutes, m.Kind, m.Status))
	v.line("Mentee", p.StudentName+" ("+p.StudentSchool+")")
	v.line("Mentor", p.MentorName)
	v.line("Location", m.Location)
	v.line("Topics", strings.Join(m.Topics, ", "))
	notes := m.Notes
	if m.NotesConfidential && notes != "" {
		notes = "CONFIDENTIAL — shown only inside Mentorbook, never printed or exported unasked.\n" + notes
	}
	v.line("Notes", notes)
	v.line("Follow-up", m.FollowUp)
	var wb []string
	for i, q := range data.WellbeingQuestions {
		if m.Wellbeing[i] > 0 {
			wb = append(wb, fmt.Sprintf("%s %d of 5", q, m.Wellbeing[i]))
		}
	}
	v.line("Wellbeing", strings.Join(wb, "\n"))
	var goals []string
	for _, g := range m.Progress {
		goals = append(goals, fmt.Sprintf("%s: %s", v.titles[g.GoalID], progressScore(g)))
	}
	v.line("Goal progress", strings.Join(goals, "\n"))
	v.line("Recorded", fmt.Sprintf("by %s on %s", m.RecordedBy, v.u.dayTime(m.RecordedAt.Local())))

	v.edit = &widget.Button{Text: "Correct…", Icon: theme.DocumentCreateIcon(), OnTapped: v.onEdit}
	v.delete = &widget.Button{Text: "Delete…", Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: v.onDelete}
	closeB := &widget.Button{Text: "Close", OnTapped: func() { v.dialog.Hide() }}
	var buttons []fyne.CanvasObject
	if v.mayDelete {
		buttons = append(buttons, v.delete)
	}
	if v.mayEdit {
		buttons = append(buttons, v.edit)
	}
	v.marks = map[string]*widget.Button{}
	if m.Status == data.MeetingPlanned && v.mayEdit {
		for _, st := range []string{data.MeetingHeld, "student absent", "cancelled"} {
			v.marks[st] = &widget.Button{Text: "Mark " + st, OnTapped: v.mark(st)}
			buttons = append(buttons, v.marks[st])
		}
		v.marks[data.MeetingHeld].Importance = widget.HighImportance
		v.marks[data.MeetingHeld].Icon = theme.ConfirmIcon()
	}
	buttons = append(buttons, closeB)
	title := fmt.Sprintf("Meeting: %s with %s", p.StudentName, p.MentorName)
	v.dialog = dialog.NewCustomWithoutButtons(title, scrollBox(v.content, 620, 470), v.u.win)
	v.dialog.SetButtons(buttons)
	v.u.showDialog(v.dialog) // nothing focused: Esc reaches the window, which closes it
}

// line adds a labelled field; an empty one reads "—" so that nothing
// looks forgotten.
func (v *meetingView) line(label, text string) {
	if strings.TrimSpace(text) == "" {
		text = "—"
	}
	value := &widget.Label{Text: leftToRight(text), Wrapping: fyne.TextWrapWord}
	if label == "Notes" && v.m.NotesConfidential && v.m.Notes != "" {
		value.Importance = widget.WarningImportance
	}
	name := &widget.Label{Text: label, TextStyle: fyne.TextStyle{Bold: true}}
	v.content.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(130, name.MinSize().Height), name), nil, value))
}

// onEdit opens the meeting in the log's form.
func (v *meetingView) onEdit() {
	v.dialog.Hide()
	v.u.show(screenMeetings)
	v.u.meetings.tabs.SelectIndex(0)
	v.u.meetings.log.edit(v.m, v.p)
	v.u.win.Canvas().Focus(v.u.meetings.log.minutes)
}

// mark sets a planned meeting's status, as it turned out.
func (v *meetingView) mark(status string) func() {
	return func() {
		m := *v.m
		m.Status = status
		v.u.update(func(tx *data.Tx) error { return tx.UpdateMeeting(&m) }, func(err error) {
			if err != nil {
				v.u.showError("The meeting was not changed", err)
				return
			}
			v.dialog.Hide()
		})
	}
}

// onDelete asks, naming the student and the day, then deletes.
func (v *meetingView) onDelete() {
	m, p := v.m, v.p
	ratings := ""
	if n := len(m.Progress); n > 0 {
		ratings = fmt.Sprintf(", and the %s recorded with it", countOf(n, "goal rating"))
	}
	msg := widget.NewLabel(fmt.Sprintf("Delete the meeting of %s (%s) with %s on %s at %s%s?\n\nThis cannot be undone.",
		p.StudentName, p.StudentSchool, p.MentorName, v.u.day(data.DateOf(m.At)), m.At.Format("15:04"), ratings))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Delete this meeting?", "Delete", "Keep it",
		container.NewGridWrap(fyne.NewSize(440, msg.MinSize().Height*4), msg), func(ok bool) {
			if ok {
				v.remove()
			}
		}, v.u.win)
	v.u.showDialog(d)
}

func (v *meetingView) remove() {
	id := v.m.ID
	v.u.update(func(tx *data.Tx) error { return tx.DeleteMeeting(id) }, func(err error) {
		if err != nil {
			v.u.showError("The meeting was not deleted", err)
			return
		}
		v.dialog.Hide()
	})
}
