package data_test

import (
	"strings"
	"testing"

	"mentorbook/data"
)

// TestCreatePairingRefusesSecondOpenPairing: the same student and mentor
// cannot have two open pairings, whatever the open one's status; nothing
// is written, and the refusal says what to do instead.
func TestCreatePairingRefusesSecondOpenPairing(t *testing.T) {
	for _, status := range []string{data.PairingActive, data.PairingPaused, data.PairingProposed} {
		t.Run(status, func(t *testing.T) {
			w := newWorld(t)
			update(t, w.s, func(tx *data.Tx) error {
				if status == data.PairingProposed {
					// Only a proposed pairing can be made proposed again: close the active one and propose.
					if err := tx.ClosePairing(w.pairing.ID, w.pairing.Version, data.Closure{On: data.MustDate("2026-03-10"), Reason: data.ReasonOther, Other: "restart"}); err != nil {
						return err
					}
					return tx.CreatePairing(&data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-11"), Status: data.PairingProposed})
				}
				return tx.SetPairingStatus(w.pairing.ID, w.pairing.Version, status)
			})
			before := counts(t, w.s)
			for _, again := range []string{data.PairingActive, data.PairingProposed} {
				err := w.s.Update(ctx, func(tx *data.Tx) error {
					return tx.CreatePairing(&data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-11"), Status: again})
				})
				if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "Zoë Okafor and Mr Tanaka are already paired: their pairing is "+status) {
					t.Errorf("CreatePairing(%s) beside a %s pairing = %v, want a conflict naming both", again, status, err)
				}
			}
			if after := counts(t, w.s); after != before {
				t.Errorf("counts after the refusals = %v, want %v", after, before)
			}
		})
	}
}

// TestPairingSearch finds pairings by the student's name or school ID
// (digits too) and by the mentor's name.
func TestPairingSearch(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"", 1}, {"zoe", 1}, {"okaf", 1}, {"S001", 1}, {"001", 1}, {"tanaka", 1}, {"zoe tan", 1},
		{"mr", 1}, {"naka", 0}, {"zoe smith", 0}, {"%", 1}, {"nobody", 0},
	} {
		var rows []data.PairingRow
		update(t, w.s, func(tx *data.Tx) (err error) { rows, err = tx.Pairings(data.PairingFilter{Query: tc.q}); return })
		if len(rows) != tc.want {
			t.Errorf("Pairings(Query %q) = %d rows, want %d", tc.q, len(rows), tc.want)
		}
	}
}

// TestPairingSearchInsideSchoolID: letters inside a school ID are found
// typed in either case. Only the school ID's LIKE finds them (no word of
// the index begins there), and PostgreSQL's LIKE minds case where
// SQLite's did not.
func TestPairingSearchInsideSchoolID(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		w.student.SchoolID = "Y8-KB07"
		return tx.UpdateStudent(w.student)
	})
	for _, q := range []string{"kb0", "KB0", "Kb07", "y8-kb07"} {
		var rows []data.PairingRow
		update(t, w.s, func(tx *data.Tx) (err error) { rows, err = tx.Pairings(data.PairingFilter{Query: q}); return })
		if len(rows) != 1 {
			t.Errorf("Pairings(Query %q) = %d rows, want 1", q, len(rows))
		}
	}
}
