package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mentorbook/data"
)

// chooseMentee picks the mentor and the mentee in the quick log as a
// teacher would.
func chooseMentee(t *testing.T, u *ui, mentor string, pairingID int64) *meetingLog {
	t.Helper()
	l := u.meetings.log
	l.mentor.search.SetText("")
	test.Type(l.mentor.search, mentor)
	l.mentor.search.TypedKey(keyReturn())
	u.wait()
	l.selectPairing(pairingID)
	u.wait()
	if l.pairing() == nil || l.pairing().ID != pairingID {
		t.Fatalf("mentee not chosen; choices %v", l.mentee.items)
	}
	return l
}

func TestLogMeeting(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		return tx.CreateGoal(&data.Goal{StudentID: w.zoe.ID, Title: "Hand in homework on time", Area: "academic"})
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := chooseMentee(t, u, "Mr Tanaka", w.zoePairing.ID)

	if len(l.ratings) != 1 {
		t.Fatalf("goal ratings offered = %d, want 1 for Zoë's open goal", len(l.ratings))
	}
	test.Tap(l.presetButton("45"))
	test.Type(l.topic, "exams")
	l.topic.TypedKey(keyReturn())
	test.Type(l.topic, "friends") // typed but not entered: still saved
	test.Type(l.notes, "Talked about revision.")
	l.wellbeing[0].SetSelected("4")
	l.ratings[0].SetSelected("3")
	test.Tap(l.save)
	u.wait()

	if want := "Saved: held with Zoë Okafor on 2026-03-11 14:00, 45 minutes."; l.errs.status.Text != want {
		t.Errorf("status = %q, want %q", l.errs.status.Text, want)
	}
	var ms []data.MeetingRow
	must(t, w.store, func(tx *data.Tx) (err error) {
		ms, err = tx.Meetings(data.MeetingFilter{PairingID: w.zoePairing.ID})
		return
	})
	if len(ms) != 1 {
		t.Fatalf("meetings stored = %d, want 1", len(ms))
	}
	m := ms[0]
	if m.Minutes != 45 || strings.Join(m.Topics, ",") != "exams,friends" || m.Wellbeing[0] != 4 || m.NotesConfidential {
		t.Errorf("stored meeting = %d min, topics %v, wellbeing %v, confidential %v", m.Minutes, m.Topics, m.Wellbeing, m.NotesConfidential)
	}
	var full *data.Meeting
	must(t, w.store, func(tx *data.Tx) (err error) { full, err = tx.Meeting(m.ID); return })
	if len(full.Progress) != 1 || full.Progress[0].Rating != 3 {
		t.Errorf("goal progress stored with the meeting = %+v, want one rating of 3", full.Progress)
	}
	if l.minutes.Text != "30" || len(l.topics) != 0 {
		t.Errorf("after saving the form was not cleared: minutes %q, topics %v", l.minutes.Text, l.topics)
	}
	if got := u.rememberedMentor(); got != w.mentor.ID {
		t.Errorf("remembered mentor = %d, want %d", got, w.mentor.ID)
	}
}

func TestLogMeetingRefusedWithoutConsent(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMeetings)
	l := chooseMentee(t, u, "Mr Tanaka", w.josePair.ID)
	test.Tap(l.save)
	u.wait()

	if !strings.Contains(l.errs.status.Text, "José Ruiz has no granted, unexpired participation consent") {
		t.Errorf("status = %q, want the consent reason", l.errs.status.Text)
	}
	if n := w.count(t, "meetings", w.josePair.ID); n != 0 {
		t.Errorf("meetings stored = %d, want 0", n)
	}
	if len(u.dialogs) != 1 {
		t.Fatalf("dialogs shown = %d, want the consent dialog", len(u.dialogs))
	}
	// The dialog's button opens José's consents.
	open := findButton(u, "Open José Ruiz's consent")
	if open == nil {
		t.Fatal("no button to open the consent screen")
	}
	test.Tap(open)
	u.wait()
	if u.current != screenStudents || u.students.detail.id != w.jose.ID || u.students.detail.tabs.Selected().Text != tabConsents {
		t.Errorf("after the button: screen %s, student %d, tab %s; want José's consents",
			u.current, u.students.detail.id, u.students.detail.tabs.Selected().Text)
	}
	if len(u.dialogs) != 0 {
		t.Errorf("the consent dialog is still open")
	}
}

func TestEscClosesDialog(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenMeetings)
	u.onAbout()
	if len(u.dialogs) != 1 {
		t.Fatalf("dialogs = %d, want 1", len(u.dialogs))
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 0 {
		t.Errorf("dialogs after Esc = %d, want 0", len(u.dialogs))
	}

	// The import wizard and the export dialog close on Esc too.
	for _, open := range []func(){u.onImport, u.onExport} {
		open()
		u.wait()
		if len(u.dialogs) != 1 {
			t.Fatalf("dialogs = %d, want 1", len(u.dialogs))
		}
		u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if len(u.dialogs) != 0 {
			t.Errorf("dialogs after Esc = %d, want 0", len(u.dialogs))
		}
	}

	// Esc in a field of a form dialog closes the dialog too.
	u.meetings.log.onSave() // no mentee chosen: nothing to save, no dialog
	u.students.detail.id = w.zoe.ID
	u.students.detail.guardians.onAdd()
	if len(u.dialogs) != 1 {
		t.Fatalf("dialogs = %d, want the guardian form", len(u.dialogs))
	}
	name := findEntry(u)
	u.win.Canvas().Focus(name)
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 0 {
		t.Errorf("dialogs after Esc in a field = %d, want 0", len(u.dialogs))
	}
}

// dialogEntries lists the entries of the dialog on top, in form order.
func dialogEntries(u *ui) []*entry {
	var out []*entry
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*entry); ok {
			out = append(out, e)
		}
	}
	return out
}

// findEntry is the first entry of the dialog on top, or nil.
func findEntry(u *ui) *entry {
	if es := dialogEntries(u); len(es) > 0 {
		return es[0]
	}
	return nil
}

func keyReturn() *fyne.KeyEvent { return &fyne.KeyEvent{Name: fyne.KeyReturn} }

func TestMarkPlannedMeetingHeld(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		return tx.LogMeeting(&data.Meeting{PairingID: w.zoePairing.ID, At: testNow.Add(-2 * 3600e9), Minutes: 30, Kind: "one-to-one", Status: data.MeetingPlanned})
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	s := u.meetings
	if len(s.ids) != 1 {
		t.Fatalf("rows = %d, want 1", len(s.ids))
	}
	s.table.list.Select(0)
	u.wait()
	v := s.opened
	if v == nil || v.marks[data.MeetingHeld] == nil {
		t.Fatal("the planned meeting did not open with a Mark held button")
	}
	test.Tap(v.marks[data.MeetingHeld])
	u.wait()
	if r, _ := s.row(0); r.Status != data.MeetingHeld {
		t.Errorf("status after Mark held = %s, want held", r.Status)
	}
	if len(u.dialogs) != 0 {
		t.Errorf("the meeting is still open after Mark held")
	}
}

// findButton finds a button by its text in the window and its dialogs.
func findButton(u *ui, text string) *widget.Button {
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// TestAllMeetingsReachesEvery: the list says how many matched, however
// many, reads the rows far down when they scroll into view, and narrows
// by student and mentor with the pickers.
func TestAllMeetingsReachesEvery(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		if err := tx.SaveConsent(&data.Consent{StudentID: w.jose.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2025-09-10")}); err != nil {
			return err
		}
		for i := 0; i < 2100; i++ {
			p := w.zoePairing.ID
			if i%3 == 0 {
				p = w.josePair.ID
			}
			at := testNow.Add(-time.Duration(i+1) * 90 * time.Minute)
			if err := tx.LogMeeting(&data.Meeting{PairingID: p, At: at, Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld}); err != nil {
				return err
			}
		}
		return nil
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	s := u.meetings
	s.from.SetText("")
	s.query()
	u.wait()
	var total int
	must(t, w.store, func(tx *data.Tx) error {
		ids, err := tx.MeetingIDs(data.MeetingFilter{})
		total = len(ids)
		return err
	})
	if total <= 2000 || len(s.ids) != total || s.count.Text != countOf(total, "meeting") {
		t.Fatalf("list holds %d of %d meetings, says %q", len(s.ids), total, s.count.Text)
	}
	last := len(s.ids) - 1
	if _, ok := s.row(last); ok {
		t.Fatal("the last row was read before it was shown")
	}
	u.wait()
	if r, ok := s.row(last); !ok || r.ID != s.ids[last] {
		t.Errorf("the last row was not read when asked for")
	}

	test.Type(s.student.search, "ruiz")
	u.wait()
	s.student.search.TypedKey(keyReturn())
	u.wait()
	n := w.count(t, "meetings", w.josePair.ID)
	if s.student.chosen.ID != w.jose.ID || len(s.ids) != n || n != 700 {
		t.Errorf("José chosen: %d listed, want his %d", len(s.ids), n)
	}
	test.Type(s.mentor.search, "tan")
	s.mentor.search.TypedKey(keyReturn())
	u.wait()
	if s.mentor.chosen.ID != w.mentor.ID || len(s.ids) != n {
		t.Errorf("Mr Tanaka and José chosen: %d listed, want %d", len(s.ids), n)
	}
	s.student.search.SetText("")
	u.wait()
	if len(s.ids) != total {
		t.Errorf("student cleared: %d listed, want every one of Mr Tanaka's %d", len(s.ids), total)
	}
}

// TestMentorPickerNamesakes: at 1,500 mentors a teacher finds themself by
// typing, and two of the same name are told apart by email.
func TestMentorPickerNamesakes(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		given := []string{"Alex", "Sam", "Jo", "Chris", "Pat", "Kim", "Lee", "Robin", "Max", "Ali"}
		family := []string{"Smith", "Tanner", "Taylor", "Khan", "Nguyen", "Brown", "Tang", "Jones", "Okoro", "Silva"}
		for i := 0; i < 1500; i++ {
			m := &data.Mentor{Name: fmt.Sprintf("%s %s", given[i%10], family[(i/10)%10]), Role: "staff", Capacity: 2, Active: true,
				Email: fmt.Sprintf("m%04d@school.example", i)}
			if err := tx.CreateMentor(m); err != nil {
				return err
			}
		}
		return tx.CreateMentor(&data.Mentor{Name: "Mr Tanaka", Role: "volunteer", Email: "k.tanaka@hillside.example", Capacity: 1, Active: true})
	})
	u, _ := newTestUI(t, w.store, screenMeetings)
	p := u.meetings.mentor // the All meetings filter lists every mentor
	test.Type(p.search, "tanaka")
	var details []string
	for _, it := range p.items {
		details = append(details, it.Detail)
	}
	if len(p.items) != 2 || details[0] == details[1] {
		t.Fatalf("mentors matching tanaka = %v, want the two Mr Tanakas told apart", details)
	}
	p.search.SetText("")
	test.Type(p.search, "tan hill")
	if len(p.items) != 1 || p.items[0].Detail != "volunteer · k.tanaka@hillside.example" {
		t.Errorf("tan hill = %+v, want the Hillside Mr Tanaka", p.items)
	}
	p.search.TypedKey(keyReturn())
	u.wait()
	if p.chosen.Name != "Mr Tanaka" || !strings.Contains(p.hint.Text, "hillside") {
		t.Errorf("chosen %q, hint %q", p.chosen.Name, p.hint.Text)
	}
}
