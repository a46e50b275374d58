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

func TestAuditLogShowsAndFilters(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenPrivacy)
	p := u.privacy
	kai := &data.Student{SchoolID: "S010", GivenName: "Kai", FamilyName: "Tūhoe", Active: true}
	must(t, w.store, func(tx *data.Tx) error { return tx.CreateStudent(kai) })
	p.refresh()
	u.wait()
	if len(p.entries) == 0 {
		t.Fatal("the audit log shows no lines")
	}
	if got := p.logCells(0); got[2] != data.ActCreate || got[3] != fmt.Sprintf("student #%d", kai.ID) {
		t.Errorf("newest audit line = %q, want the creation of student #%d", got, kai.ID)
	}

	p.action.SetSelected(data.ActUpdate)
	u.wait()
	for i, e := range p.entries {
		if e.Action != data.ActUpdate {
			t.Fatalf("line %d with the filter %q has action %q", i, data.ActUpdate, e.Action)
		}
	}
	p.action.SetSelected(data.ActCreate)
	u.wait()
	if len(p.entries) < 4 {
		t.Errorf("lines with the filter create = %d, want at least the four students", len(p.entries))
	}
	for i, e := range p.entries {
		if e.Action != data.ActCreate {
			t.Fatalf("line %d with the filter %q has action %q", i, data.ActCreate, e.Action)
		}
	}

	before := len(p.entries)
	p.from.SetText("2026-02-31")
	u.wait()
	if p.from.shown == nil {
		t.Error("an impossible From date is not shown beside the field")
	}
	if len(p.entries) != before {
		t.Errorf("a bad date changed the list from %d to %d lines", before, len(p.entries))
	}
	p.from.SetText("")
	p.words.SetText("no such words anywhere")
	u.wait()
	if len(p.entries) != 0 {
		t.Errorf("lines matching nonsense words = %d, want 0", len(p.entries))
	}
}

func TestAuditLogShowOlder(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		for i := 0; i < auditPage; i++ {
			if err := tx.Audit(data.ActPrint, "report", 0, "page test"); err != nil {
				return err
			}
		}
		return nil
	})
	u, _ := newTestUI(t, w.store, screenPrivacy)
	p := u.privacy
	if len(p.entries) != auditPage || p.older.Disabled() {
		t.Fatalf("first page = %d lines, older enabled %v; want %d and enabled", len(p.entries), !p.older.Disabled(), auditPage)
	}
	test.Tap(p.older)
	u.wait()
	if len(p.entries) <= auditPage || !p.older.Disabled() {
		t.Errorf("after Show older = %d lines, older disabled %v; want more than %d and disabled", len(p.entries), p.older.Disabled(), auditPage)
	}
	for i := 1; i < len(p.entries); i++ {
		if p.entries[i].ID >= p.entries[i-1].ID {
			t.Fatalf("line %d (#%d) is not older than line %d (#%d)", i, p.entries[i].ID, i-1, p.entries[i-1].ID)
		}
	}
}

// leaveLongAgo marks Aroha as having left in 2019, seven years before the
// tests' clock, past the default of six.
func leaveLongAgo(t *testing.T, w *school) {
	t.Helper()
	must(t, w.store, func(tx *data.Tx) error { return tx.MarkStudentLeft(w.aroha.ID, data.MustDate("2019-03-01")) })
}

func TestEraseFromPrivacy(t *testing.T) {
	w := newSchool(t)
	leaveLongAgo(t, w)
	u, _ := newTestUI(t, w.store, screenStudents)
	u.show(screenPrivacy)
	u.wait()
	p := u.privacy
	if len(p.left) != 1 || p.left[0].ID != w.aroha.ID {
		t.Fatalf("students to review = %+v, want only Aroha", p.left)
	}
	if !p.erase.Disabled() {
		t.Error("Erase is enabled before a student is chosen")
	}
	p.leftTable.list.Select(0)
	test.Tap(p.erase)
	f := u.erasing
	if f == nil || f.export == nil {
		t.Fatal("Erase did not offer the export first")
	}
	u.wait() // the other records searched for the name
	test.Tap(f.next)
	test.Type(f.typed, "S00")
	if !f.erase.Disabled() {
		t.Fatal("Erase for ever is enabled before the whole school ID is typed")
	}
	test.Type(f.typed, "3")
	if f.erase.Disabled() {
		t.Fatal("Erase for ever is disabled after typing the school ID")
	}
	test.Tap(f.erase)
	u.wait()
	if !f.erased {
		t.Fatal("the flow does not report the erasure")
	}
	err := w.store.View(u.ctx(), func(tx *data.Tx) error { _, err := tx.Student(w.aroha.ID); return err })
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("Student(Aroha) after erasing = %v, want ENOTFOUND", err)
	}
	if len(p.left) != 0 {
		t.Errorf("students to review after erasing = %+v, want none", p.left)
	}
	for _, id := range u.students.ids {
		if id == w.aroha.ID {
			t.Error("the student list still shows Aroha")
		}
	}
	if len(p.entries) == 0 || p.entries[0].Action != data.ActErase {
		t.Errorf("newest audit line after erasing = %+v, want the erasure", p.entries[:min(1, len(p.entries))])
	}
}

func TestEraseWrongIDKeepsStudent(t *testing.T) {
	w := newSchool(t)
	leaveLongAgo(t, w)
	u, _ := newTestUI(t, w.store, screenPrivacy)
	p := u.privacy
	p.leftTable.list.Select(0)
	test.Tap(p.erase)
	f := u.erasing
	u.wait() // the other records searched for the name
	test.Tap(f.next)
	test.Type(f.typed, "S001") // another student's ID
	if !f.erase.Disabled() {
		t.Fatal("Erase for ever is enabled for the wrong school ID")
	}
	f.onErase() // as if the button were pressed regardless
	u.wait()
	if f.erased || f.typed.shown == nil {
		t.Errorf("erased %v, error shown %v; want no erasure and an error beside the field", f.erased, f.typed.shown)
	}
	var st *data.Student
	must(t, w.store, func(tx *data.Tx) (err error) { st, err = tx.Student(w.aroha.ID); return })
	if st.SchoolID != "S003" {
		t.Errorf("Aroha after a wrong ID = %+v", st)
	}
	if len(p.left) != 1 {
		t.Errorf("students to review = %d, want Aroha still there", len(p.left))
	}
}

func TestEraseFromStudentDetail(t *testing.T) {
	w := newSchool(t)
	leaveLongAgo(t, w)
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.aroha.ID, tabProfile)
	u.wait()
	form := u.students.detail.profile
	if !form.left.Hidden || form.erase.Hidden {
		t.Fatalf("for a student who left: Mark as left hidden %v, Erase hidden %v; want hidden and shown", form.left.Hidden, form.erase.Hidden)
	}
	u.students.open(w.zoe.ID, tabProfile)
	u.wait()
	if !form.erase.Hidden {
		t.Error("Erase is offered for a student still at school")
	}
	u.students.open(w.aroha.ID, tabProfile)
	u.wait()
	test.Tap(form.erase)
	f := u.erasing
	u.wait() // the other records searched for the name
	test.Tap(f.next)
	test.Type(f.typed, "S003")
	test.Tap(f.erase)
	u.wait()
	err := w.store.View(u.ctx(), func(tx *data.Tx) error { _, err := tx.Student(w.aroha.ID); return err })
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("Student(Aroha) after erasing from the detail = %v, want ENOTFOUND", err)
	}
	if d := u.students.detail; d.id == w.aroha.ID {
		t.Error("the detail still shows the erased student")
	}
}

func TestSettingsShowEraseAfterYears(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenSettings)
	last := u.settings.thresholds[len(u.settings.thresholds)-1]
	if last.Text != "6" {
		t.Fatalf("erase threshold shown = %q, want 6", last.Text)
	}
	last.SetText("5")
	test.Tap(u.settings.healthSaved)
	u.wait()
	var set *data.Settings
	must(t, w.store, func(tx *data.Tx) (err error) { set, err = tx.Settings(); return })
	if set.EraseAfterYears != 5 {
		t.Errorf("EraseAfterYears after saving = %d, want 5", set.EraseAfterYears)
	}
}

// TestEraseOffersMentions: erasing Aroha finds her name in Zoë's meeting
// notes and follow-up, shows each in context with a choice, and redacts
// the ones ticked; the one unticked stays, and the message says so.
func TestEraseOffersMentions(t *testing.T) {
	w := newSchool(t)
	leaveLongAgo(t, w)
	m := &data.Meeting{PairingID: w.zoePairing.ID, At: testNow.Add(-2 * time.Hour), Minutes: 30, Kind: "one-to-one",
		Status: data.MeetingHeld, Notes: "Zoë and Aroha Ngata argued in the corridor.", FollowUp: "Talk to Aroha's form tutor."}
	must(t, w.store, func(tx *data.Tx) error { return tx.LogMeeting(m) })
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.aroha.ID, tabProfile)
	u.wait()
	test.Tap(u.students.detail.profile.erase)
	f := u.erasing
	if f.next.Disabled() == false {
		t.Error("Continue is enabled before the other records were searched")
	}
	u.wait()
	for _, want := range []string{"does not remove", "backups taken before today", "files already exported or printed",
		"other students' notes and follow-ups, unless you choose to redact"} {
		if !strings.Contains(dialogText(u), want) {
			t.Errorf("the erase dialog does not say %q:\n%s", want, dialogText(u))
		}
	}
	test.Tap(f.next)
	if f.review == nil || f.mentionsList.Length() != 2 {
		t.Fatalf("mentions shown = %v, want Zoë's notes and follow-up", f.mentions)
	}
	shown := dialogText(u)
	for _, want := range []string{"meeting notes — Zoë Okafor, meeting of", "Zoë and Aroha Ngata argued in the corridor.",
		"follow-up actions — Zoë Okafor", "Talk to Aroha's form tutor."} {
		if !strings.Contains(shown, want) {
			t.Errorf("the mentions dialog does not show %q:\n%s", want, shown)
		}
	}
	var checks []*widget.Check
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Check); ok {
			checks = append(checks, c)
		}
	}
	if len(checks) != 2 || !checks[0].Checked || !checks[1].Checked {
		t.Fatalf("redact choices = %d, want 2, ticked", len(checks))
	}
	test.TapAt(checks[1], fyne.NewPos(8, checks[1].Size().Height/2)) // keep the follow-up as it is
	test.Tap(f.toConfirm)
	test.Type(f.typed, "S003")
	test.Tap(f.erase)
	u.wait()
	if !f.erased {
		t.Fatal("not erased")
	}
	var after *data.Meeting
	must(t, w.store, func(tx *data.Tx) (err error) { after, err = tx.Meeting(m.ID); return })
	if after.Notes != "Zoë and [name removed] argued in the corridor." || after.FollowUp != m.FollowUp {
		t.Errorf("after erasure: notes %q, follow-up %q", after.Notes, after.FollowUp)
	}
	if msg := dialogText(u); !strings.Contains(msg, "redacted in 1 place") || !strings.Contains(msg, "still in 1 place") {
		t.Errorf("the message after erasing says %q", msg)
	}
}

// TestEraseSaysWhereBackupsAre: on a server the erasure does not promise
// that backups rotate away (a server's backups are its administrator's);
// on a file it says when they do.
func TestEraseSaysWhereBackupsAre(t *testing.T) {
	st := data.Student{SchoolID: "S001", GivenName: "Ana", FamilyName: "Ruiz"}
	for _, tc := range []struct {
		onServer  bool
		want, not string
	}{
		{false, "as the backups rotate", "administrator"},
		{true, "server's own backups and logs", "rotate"},
	} {
		for _, text := range []string{eraseExplained(st, tc.onServer), backupsWarning(tc.onServer)} {
			if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
				t.Errorf("on a server %v: %q; want %q, not %q", tc.onServer, text, tc.want, tc.not)
			}
		}
	}
}
