package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mentorbook/data"
)

func TestClosePairing(t *testing.T) {
	for _, tc := range []struct {
		name, reason, other string
		wantField           string
		wantStatus          string
	}{
		{"OK", data.ReasonMismatch, "", "", data.PairingClosed},
		{"OtherWithText", data.ReasonOther, "moved to another site", "", data.PairingClosed},
		{"ErrOtherWithoutText", data.ReasonOther, "", "reason_other", data.PairingActive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newSchool(t)
			u, _ := newTestUI(t, w.store, screenPairings)
			s := u.pairings
			for i, r := range s.rows {
				if r.ID == w.zoePairing.ID {
					s.table.list.Select(i)
				}
			}
			test.Tap(s.close)
			s.closeReason.SetSelected(tc.reason)
			other := s.closeForm.errs.fields["reason_other"]
			test.Type(other, tc.other)
			test.Type(s.closeForm.errs.fields["closing_note"], "Ended well.")
			test.Tap(s.closeForm.save)
			u.wait()

			var p *data.Pairing
			must(t, w.store, func(tx *data.Tx) (err error) { p, err = tx.Pairing(w.zoePairing.ID); return })
			if p.Status != tc.wantStatus {
				t.Fatalf("pairing status = %s, want %s", p.Status, tc.wantStatus)
			}
			if tc.wantField != "" {
				if s.closeForm.errs.fields[tc.wantField].shown == nil || len(u.dialogs) != 1 {
					t.Errorf("the error is not shown on %s (dialogs open: %d)", tc.wantField, len(u.dialogs))
				}
				return
			}
			if p.Closure.Reason != tc.reason || p.Closure.Other != tc.other || !p.Closure.NoteConfidential || p.Closure.On.String() != "2026-03-11" {
				t.Errorf("closure = %+v", p.Closure)
			}
			if len(u.dialogs) != 0 {
				t.Errorf("the close dialog is still open")
			}
			for _, r := range s.rows {
				if r.ID == w.zoePairing.ID {
					t.Errorf("the closed pairing is still listed among open pairings")
				}
			}
		})
	}
}

func TestCreatePairingShowsBlockers(t *testing.T) {
	w := newSchool(t)
	must(t, w.store, func(tx *data.Tx) error {
		w.aroha.Preferences = "a staff mentor, speaks Māori"
		return tx.UpdateStudent(w.aroha)
	})
	u, _ := newTestUI(t, w.store, screenPairings)
	c := u.pairings.create
	test.Type(c.picker.search, "aroha")
	u.wait()
	if len(c.picker.items) != 1 {
		t.Fatalf("picker rows = %d, want Aroha", len(c.picker.items))
	}
	c.picker.list.Select(0)
	u.wait()
	if len(c.matches) != 1 || c.matches[0].Mentor.Name != "Mr Tanaka" {
		t.Fatalf("matches = %+v, want Mr Tanaka", c.matches)
	}
	c.table.list.Select(0)
	u.wait()
	if !strings.Contains(c.blockers.Text, "Aroha Ngata has no granted, unexpired participation consent.") || c.status.Selected != data.PairingProposed {
		t.Errorf("blockers = %q, status %s; want the consent reason and a proposed pairing", c.blockers.Text, c.status.Selected)
	}
	if !strings.Contains(c.reasons.Text, "places free") || !strings.Contains(c.reasons.Text, "fits what the student asked for: a staff mentor;") {
		t.Errorf("reasons = %q", c.reasons.Text)
	}
	test.Tap(c.save)
	u.wait()
	var ps []data.PairingRow
	must(t, w.store, func(tx *data.Tx) (err error) {
		ps, err = tx.Pairings(data.PairingFilter{StudentID: w.aroha.ID})
		return
	})
	if len(ps) != 1 || ps[0].Status != data.PairingProposed {
		t.Errorf("Aroha's pairings = %+v, want one proposed", ps)
	}
}

// TestCreatePairingRefusesSecondOpenPairing: choosing the mentor a student
// is already paired with explains why and offers no Save; the store
// refuses it even if Save is pressed.
func TestCreatePairingRefusesSecondOpenPairing(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenPairings)
	c := u.pairings.create
	test.Type(c.picker.search, "zoe")
	u.wait()
	c.picker.list.Select(0)
	u.wait()
	if len(c.matches) == 0 || c.matches[0].Mentor.ID != w.mentor.ID {
		t.Fatalf("matches = %+v, want Mr Tanaka", c.matches)
	}
	c.table.list.Select(0)
	u.wait()
	if want := "Zoë Okafor and Mr Tanaka are already paired: their pairing is active"; !strings.Contains(c.blockers.Text, want) {
		t.Errorf("blockers = %q, want %q", c.blockers.Text, want)
	}
	if !c.save.Disabled() {
		t.Errorf("Save is enabled for a second pairing of the same two")
	}
	c.onSave() // as if Save had been pressed anyway
	u.wait()
	var ps []data.PairingRow
	must(t, w.store, func(tx *data.Tx) (err error) {
		ps, err = tx.Pairings(data.PairingFilter{StudentID: w.zoe.ID})
		return
	})
	if len(ps) != 1 {
		t.Errorf("Zoë's pairings = %d, want 1", len(ps))
	}
	if !strings.Contains(c.errs.status.Text, "already paired") {
		t.Errorf("form status = %q, want the refusal", c.errs.status.Text)
	}
}

// TestPairingsSearch narrows the list to what is typed and says how many.
func TestPairingsSearch(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenPairings)
	s := u.pairings
	if len(s.rows) != 2 {
		t.Fatalf("pairings listed = %d, want 2", len(s.rows))
	}
	test.Type(s.search, "jose")
	u.wait()
	if len(s.rows) != 1 || s.rows[0].ID != w.josePair.ID || s.count.Text != "1 pairing" {
		t.Errorf("after typing jose: %d rows, count %q; want José's pairing only", len(s.rows), s.count.Text)
	}
	s.search.SetText("tanaka")
	u.wait()
	if len(s.rows) != 2 {
		t.Errorf("mentor's name typed: %d rows, want 2", len(s.rows))
	}
}
