package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// pressKey is a key pressed in the window as the desktop driver routes
// it: a Ctrl shortcut goes to the File menu's table first, Tab moves the
// focus unless the field takes tabs, anything else goes to the field.
func pressKey(t *testing.T, u *ui, name fyne.KeyName, ctrl bool) {
	t.Helper()
	c := u.win.Canvas()
	if ctrl {
		for _, sc := range u.shortcuts() {
			if sc.key == name {
				sc.run()
				return
			}
		}
		t.Fatalf("no Ctrl+%s in the shortcut table", name)
	}
	if name == fyne.KeyTab {
		if tb, ok := c.Focused().(fyne.Tabbable); !ok || !tb.AcceptsTab() {
			c.FocusNext()
			return
		}
	}
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: name})
	}
}

// typeText types into whatever has the focus.
func typeText(t *testing.T, u *ui, text string) {
	t.Helper()
	f := u.win.Canvas().Focused()
	if f == nil {
		t.Fatalf("nothing has the focus to type %q into", text)
	}
	test.Type(f, text)
}

// shownText is every text drawn inside o, as the person sees it.
func shownText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if tx, ok := x.(*canvas.Text); ok && x.Visible() {
			b.WriteString(tx.Text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// loggedMeeting stores a meeting of Zoë's with everything filled in and a
// rating of her goal, as a teacher logged it two hours ago.
func loggedMeeting(t *testing.T, w *school) (*data.Meeting, *data.Goal) {
	t.Helper()
	g := &data.Goal{StudentID: w.zoe.ID, Title: "Hand in homework on time", Area: "academic"}
	m := &data.Meeting{PairingID: w.zoePairing.ID, At: testNow.Add(-2 * time.Hour), Minutes: 45, Kind: "one-to-one", Status: data.MeetingHeld,
		Location: "Library", Topics: []string{"exams", "friends"}, Notes: "Worried about her brother.", NotesConfidential: true,
		FollowUp: "Ask the head of year about the maths set.", Wellbeing: [3]int{4, 2, 0}}
	must(t, w.store, func(tx *data.Tx) error {
		if err := tx.CreateGoal(g); err != nil {
			return err
		}
		m.Progress = []data.Progress{{GoalID: g.ID, Rating: 3, Percent: -1}}
		return tx.LogMeeting(m)
	})
	return m, g
}

// TestOpenCorrectDeleteMeeting: a meeting opens from the All meetings
// list showing every field, is corrected through the log's form (Ctrl+S),
// and is deleted from the student's Meetings tab after a confirmation
// naming the student and the date.
func TestOpenCorrectDeleteMeeting(t *testing.T) {
	w := newSchool(t)
	m, g := loggedMeeting(t, w)
	u, _ := newTestUI(t, w.store, screenMeetings)
	s := u.meetings
	s.tabs.SelectIndex(1)
	s.table.list.Select(0)
	u.wait()
	v := s.opened
	if v == nil || len(u.dialogs) != 1 {
		t.Fatal("a click on the meeting opened nothing")
	}
	shown := shownText(v.content)
	for _, want := range []string{"2026-03-11 12:00", "45 minutes", "Zoë Okafor (S001)", "Mr Tanaka", "Library", "exams, friends",
		"CONFIDENTIAL", "Worried about her brother.", "Ask the head of year about the maths set.",
		"How are you feeling? 4 of 5", "How is school going? 2 of 5", "Hand in homework on time: 3/5"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the opened meeting does not show %q; it shows:\n%s", want, shown)
		}
	}

	// Correct it: the same form, filled in.
	test.Tap(v.edit)
	u.wait()
	l := s.log
	if l.editing == nil || l.minutes.Text != "45" || l.notes.Text != m.Notes || l.sharing.Selected != noteConfidential ||
		strings.Join(l.topics, ",") != "exams,friends" || l.wellbeing[0].Selected != "4" || len(l.ratings) != 1 || l.ratings[0].Selected != "3" {
		t.Fatalf("the form does not hold the meeting: editing %v, minutes %q, notes %q, sharing %q, topics %v, wellbeing %q, ratings %d",
			l.editing != nil, l.minutes.Text, l.notes.Text, l.sharing.Selected, l.topics, l.wellbeing[0].Selected, len(l.ratings))
	}
	if !s.logShown() || u.win.Canvas().Focused() != l.minutes {
		t.Errorf("the correction is not in front with the cursor in Minutes")
	}
	l.minutes.SetText("50")
	l.ratings[0].SetSelected("4")
	l.wellbeing[1].SetSelected("")
	pressKey(t, u, fyne.KeyS, true)
	u.wait()
	if !strings.HasPrefix(l.errs.status.Text, "Corrected: held with Zoë Okafor") {
		t.Errorf("status = %q, want the correction confirmed", l.errs.status.Text)
	}
	var got *data.Meeting
	must(t, w.store, func(tx *data.Tx) (err error) { got, err = tx.Meeting(m.ID); return })
	if got.Minutes != 50 || got.Wellbeing != [3]int{4, 0, 0} || len(got.Progress) != 1 || got.Progress[0].Rating != 4 || got.Notes != m.Notes {
		t.Errorf("stored after the correction: %d min, wellbeing %v, progress %+v, notes %q", got.Minutes, got.Wellbeing, got.Progress, got.Notes)
	}
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Errorf("meetings after the correction = %d, want still 1", n)
	}
	if l.editing != nil {
		t.Errorf("after saving the correction the form still edits it")
	}

	// Delete it from Zoë's Meetings tab.
	u.show(screenStudents)
	u.students.open(w.zoe.ID, tabMeetings)
	u.wait()
	u.students.detail.meetings.list.Select(0)
	u.wait()
	v = s.opened
	test.Tap(v.delete)
	confirm := shownText(u.win.Canvas().Overlays().Top())
	if !strings.Contains(confirm, "Zoë Okafor (S001)") || !strings.Contains(confirm, "2026-03-11") || !strings.Contains(confirm, "1 goal rating") {
		t.Errorf("the confirmation does not name the student, the date and the rating:\n%s", confirm)
	}
	test.Tap(findButton(u, "Delete"))
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 0 {
		t.Errorf("meetings after the delete = %d, want 0", n)
	}
	if len(u.students.detail.rec.meetings) != 0 || len(u.dialogs) != 0 {
		t.Errorf("after the delete: Zoë's tab lists %d meetings, %d dialogs open", len(u.students.detail.rec.meetings), len(u.dialogs))
	}
	var log []data.AuditEntry
	must(t, w.store, func(tx *data.Tx) (err error) {
		log, err = tx.AuditLog(data.AuditFilter{Entity: "meeting", EntityID: m.ID, Action: data.ActDelete})
		return
	})
	if len(log) != 1 {
		t.Errorf("audit lines of the delete = %d, want 1", len(log))
	}
	if ps := g; ps == nil {
		t.Fatal()
	}
}

// TestMentorsMeetings: a mentor's view lists their meetings, which open.
func TestMentorsMeetings(t *testing.T) {
	w := newSchool(t)
	loggedMeeting(t, w)
	u, _ := newTestUI(t, w.store, screenMentors)
	u.mentors.table.list.Select(0)
	u.wait()
	u.mentors.onMeetings()
	u.wait()
	s := u.meetings
	if u.current != screenMeetings || s.mentor.chosen.ID != w.mentor.ID || len(s.ids) != 1 {
		t.Fatalf("mentor's meetings: screen %s, mentor %d, rows %d", u.current, s.mentor.chosen.ID, len(s.ids))
	}
	s.table.list.Select(0)
	u.wait()
	if s.opened == nil || !strings.Contains(shownText(s.opened.content), "Worried about her brother.") {
		t.Errorf("the mentor's meeting did not open")
	}
}

// TestGoalTitlesReadable: the form shows each goal's title in full,
// wrapped, never "…".
func TestGoalTitlesReadable(t *testing.T) {
	w := newSchool(t)
	long := "Hand in every piece of homework on time, including the science project due after the Easter holidays"
	must(t, w.store, func(tx *data.Tx) error {
		return tx.CreateGoal(&data.Goal{StudentID: w.zoe.ID, Title: long, Area: "academic"})
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)
	u.win.Resize(fyne.NewSize(1280, 800))
	shown := strings.Join(strings.Fields(shownText(l.goalBox)), " ")
	if !strings.Contains(shown, long) || strings.Contains(shown, "…") {
		t.Errorf("goal title shown as %q, want %q in full", shown, long)
	}
}

// TestSaveMeetingOnce: Save pressed twice saves one meeting; pressed again
// after the confirmation it saves nothing (the form is fresh, no mentee);
// a second meeting of the same pairing within the hour is asked about.
func TestSaveMeetingOnce(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)
	test.Type(l.notes, "Revision plan.")
	test.Tap(l.save)
	test.Tap(l.save) // a double click: the second lands while the first saves
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Fatalf("meetings after a double click = %d, want 1", n)
	}
	test.Tap(l.save) // again, after the confirmation
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Errorf("meetings after Save pressed again = %d, want 1", n)
	}
	if l.pairing() != nil || l.notes.Text != "" || !strings.Contains(l.errs.status.Text, "Choose a mentee first.") {
		t.Errorf("after a save: mentee %v, notes %q, status %q; want a fresh form asking for a mentee", l.pairing(), l.notes.Text, l.errs.status.Text)
	}

	// The same mentee again, within the hour: asked first.
	l.selectPairing(w.zoePairing.ID)
	u.wait()
	test.Tap(l.save)
	u.wait()
	if len(u.dialogs) != 1 || !l.save.Disabled() {
		t.Fatalf("a second meeting within the hour: %d dialogs, Save disabled %v; want the question, Save disabled", len(u.dialogs), l.save.Disabled())
	}
	if q := shownText(u.win.Canvas().Overlays().Top()); !strings.Contains(q, "Zoë Okafor already has a meeting at 14:00") {
		t.Errorf("the question reads %q", q)
	}
	test.Tap(findButton(u, "Don't save"))
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 || l.save.Disabled() {
		t.Errorf("after Don't save: %d meetings, Save disabled %v; want 1 and Save enabled", n, l.save.Disabled())
	}
	test.Tap(l.save)
	u.wait()
	test.Tap(findButton(u, "Save it as well"))
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 2 {
		t.Errorf("after Save it as well: %d meetings, want 2", n)
	}
}

// TestMeetingFormKeyboard logs a meeting without the mouse: Ctrl+M, type
// the mentor and Enter, the mentee and Enter, Tab to the notes, type, Tab
// out of them (no tab typed), Ctrl+S. Ctrl+M then gives a fresh form.
func TestMeetingFormKeyboard(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		m := &data.Mentor{Name: "Ms Tanner", Role: "volunteer", Email: "tanner@example.org", Capacity: 2, Active: true}
		if err := tx.CreateMentor(m); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01")}); err != nil {
			return err
		}
		return tx.CreatePairing(&data.Pairing{StudentID: w.aroha.ID, MentorID: m.ID, Start: data.MustDate("2026-01-10"), Status: data.PairingProposed})
	})
	u, _ := newTestUI(t, w.store, screenDashboard)
	pressKey(t, u, fyne.KeyM, true)
	u.wait()
	l := u.meetings.log
	c := u.win.Canvas()
	if c.Focused() != l.mentor.search {
		t.Fatalf("Ctrl+M: focus on %T, want the mentor field", c.Focused())
	}
	typeText(t, u, "tan")
	u.wait()
	if len(l.mentor.items) != 1 || l.mentor.items[0].Detail != "staff" {
		t.Errorf("mentors matching \"tan\" = %+v, want Mr Tanaka only (Ms Tanner has no mentee to log for)", l.mentor.items)
	}
	pressKey(t, u, fyne.KeyReturn, false)
	u.wait()
	if l.mentor.chosen.ID != w.mentor.ID || c.Focused() != l.mentee.search {
		t.Fatalf("after Enter: mentor %d, focus %T; want Mr Tanaka and the mentee field", l.mentor.chosen.ID, c.Focused())
	}
	typeText(t, u, "zo")
	pressKey(t, u, fyne.KeyReturn, false)
	u.wait()
	if l.pairing() == nil || l.pairing().ID != w.zoePairing.ID {
		t.Fatalf("after typing zo and Enter the mentee is %v", l.pairing())
	}
	for i := 0; i < 40 && c.Focused() != l.notes; i++ {
		pressKey(t, u, fyne.KeyTab, false)
	}
	if c.Focused() != l.notes {
		t.Fatal("Tab never reached the notes")
	}
	typeText(t, u, "Talked")
	pressKey(t, u, fyne.KeyTab, false)
	if c.Focused() == l.notes || strings.Contains(l.notes.Text, "\t") {
		t.Errorf("Tab in the notes: still focused %v, notes %q", c.Focused() == l.notes, l.notes.Text)
	}
	pressKey(t, u, fyne.KeyS, true)
	u.wait()
	if n := w.count(t, "meetings", w.zoePairing.ID); n != 1 {
		t.Fatalf("meetings after Ctrl+S = %d, want 1", n)
	}

	// An error, then Ctrl+M later: a fresh form at the new time.
	pressKey(t, u, fyne.KeyS, true)
	if !l.errs.status.Visible() {
		t.Fatal("no error shown for a save without a mentee")
	}
	u.store.Now = func() time.Time { return testNow.Add(90 * time.Minute) }
	u.show(screenStudents)
	pressKey(t, u, fyne.KeyM, true)
	u.wait()
	if l.errs.status.Visible() || l.at.Text != "15:30" || c.Focused() != l.mentee.search {
		t.Errorf("Ctrl+M: error shown %v, time %q, focus %T; want a fresh form at 15:30 with the cursor on the mentee", l.errs.status.Visible(), l.at.Text, c.Focused())
	}
}

// TestFormDialogKeyboard: a form dialog opens with the cursor in its first
// field and Enter in a one-line field saves it.
func TestFormDialogKeyboard(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMentors)
	u.mentors.onAdd()
	c := u.win.Canvas()
	first := findEntry(u)
	if first == nil || c.Focused() != first {
		t.Fatalf("focus in the mentor form = %T, want its first field", c.Focused())
	}
	typeText(t, u, "Ms Rivera")
	pressKey(t, u, fyne.KeyReturn, false)
	u.wait()
	if len(u.dialogs) != 0 {
		t.Fatalf("Enter did not save the form")
	}
	var ms []data.MentorRow
	must(t, w.store, func(tx *data.Tx) (err error) { ms, err = tx.Mentors("rivera"); return })
	if len(ms) != 1 {
		t.Errorf("mentors named Rivera after Enter = %d, want 1", len(ms))
	}
}
