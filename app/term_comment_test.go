package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

// TestTermCommentForm: the mentor's term comment is written from the
// Pairings screen, says on the form that it is shared, is saved for the
// current term and audited; the student's Pairings tab opens the same
// comment, and saving it empty removes it.
func TestTermCommentForm(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenPairings)
	s := u.pairings
	if !s.comment.Disabled() {
		t.Errorf("Term comment… is enabled with no pairing chosen")
	}
	for i, r := range s.rows {
		if r.ID == w.zoePairing.ID {
			s.table.list.Select(i)
		}
	}
	test.Tap(s.comment)
	u.wait()
	f := s.termComment
	if f == nil || f.form == nil || f.term.Selected != "2025–26 Spring" || f.comment.Text != "" {
		t.Fatalf("the term comment form = %+v, want it open on the current term, empty", f)
	}
	if !strings.Contains(termCommentShared, "Shared, not confidential") {
		t.Errorf("the form's note = %q", termCommentShared)
	}
	test.Type(f.comment, "Zoë has grown in confidence.")
	test.Tap(f.form.save)
	u.wait()

	var term *data.Term
	var c *data.TermComment
	read := func() {
		t.Helper()
		must(t, w.store, func(tx *data.Tx) (err error) {
			if term, err = tx.Term(""); err != nil {
				return err
			}
			c, err = tx.TermComment(w.zoePairing.ID, term.ID)
			return err
		})
	}
	read()
	if c.Comment != "Zoë has grown in confidence." || len(u.dialogs) != 0 {
		t.Fatalf("stored comment = %q (dialogs open %d), want the text typed and the form closed", c.Comment, len(u.dialogs))
	}
	var log []data.AuditEntry
	must(t, w.store, func(tx *data.Tx) (err error) {
		log, err = tx.AuditLog(data.AuditFilter{Entity: "pairing", EntityID: w.zoePairing.ID, Query: "term comment"})
		return
	})
	if len(log) != 1 {
		t.Errorf("audit lines for the comment = %+v, want 1", log)
	}

	u.show(screenStudents)
	u.students.open(w.zoe.ID, tabPairings)
	u.wait()
	d := u.students.detail
	if !d.comment.Disabled() {
		t.Errorf("the Pairings tab's Term comment… is enabled with no pairing chosen")
	}
	d.pairings.list.Select(0)
	test.Tap(d.comment)
	u.wait()
	if d.termComment == nil || d.termComment.comment.Text != "Zoë has grown in confidence." {
		t.Fatalf("the Pairings tab's form does not show the saved comment")
	}
	d.termComment.comment.SetText("")
	test.Tap(d.termComment.form.save)
	u.wait()
	read()
	if c.Comment != "" {
		t.Errorf("comment after saving it empty = %q, want none", c.Comment)
	}
}

// TestTermCommentTooLong: a comment over the limit is refused beside the
// field and the form stays open.
func TestTermCommentTooLong(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenPairings)
	f := u.showTermComment(data.PairingRow{Pairing: *w.zoePairing, StudentName: "Zoë Okafor", MentorName: "Mr Tanaka"})
	u.wait()
	f.comment.SetText(strings.Repeat("a", data.MaxTermComment+1))
	test.Tap(f.form.save)
	u.wait()
	if f.form.errs.fields["term_comment"].shown == nil || len(u.dialogs) != 1 {
		t.Errorf("the error is not shown beside the comment (dialogs open: %d)", len(u.dialogs))
	}
}

// TestGuardianAddressAndSchoolContactsInTheWindow: the guardian form takes
// a postal address, and Settings › School the phone, email and programme
// coordinator that letters print; a bad email is shown on its field.
func TestGuardianAddressAndSchoolContactsInTheWindow(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenStudents)
	u.students.open(w.zoe.ID, tabGuardians)
	u.wait()
	g := u.students.detail.guardians
	g.onAdd()
	test.Type(g.form.errs.fields["name"], "Ada Okafor")
	test.Type(g.form.errs.fields["address"], "12 Elm Row\nLeeds LS6 2AB")
	test.Tap(g.form.save)
	u.wait()
	var gs []data.StudentGuardian
	must(t, w.store, func(tx *data.Tx) (err error) { gs, err = tx.GuardiansOf(w.zoe.ID); return })
	if len(gs) != 1 || gs[0].Address != "12 Elm Row\nLeeds LS6 2AB" {
		t.Fatalf("stored guardians = %+v, want Ada with her address", gs)
	}

	u.show(screenSettings)
	u.wait()
	set := u.settings
	test.Type(set.phone, "0113 496 0000")
	test.Type(set.coordinator, "Łucja Dubois")
	test.Type(set.email, "not an email")
	test.Tap(set.saveSchool)
	u.wait()
	if set.errs.fields["email"].shown == nil {
		t.Errorf("a bad school email is not shown on its field")
	}
	set.email.SetText("office@ridgeway.example")
	test.Tap(set.saveSchool)
	u.wait()
	var sc *data.School
	must(t, w.store, func(tx *data.Tx) (err error) { sc, err = tx.School(); return })
	if sc.Phone != "0113 496 0000" || sc.Email != "office@ridgeway.example" || sc.Coordinator != "Łucja Dubois" || sc.Name != "Ridgeway School" {
		t.Errorf("stored school = %+v", sc)
	}
}
