package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// laptops returns the stores of two people working on w's database: on
// PostgreSQL two Stores on the server, as two laptops have; on SQLite,
// where one program holds the file, the same Store twice. as sets who
// saves next and when, before each save.
func laptops(t *testing.T, w *world) (ana, bea *data.Store) {
	t.Helper()
	if !datatest.Postgres() {
		return w.s, w.s
	}
	s, err := data.Open(w.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return w.s, s
}

func as(s *data.Store, user string, at time.Time) {
	s.User, s.Now = user, func() time.Time { return at }
}

// TestNoLostUpdates: two people open the same student, pairing, goal,
// meeting, mentor or guardian and both change it; the first save stands, the second is
// refused with who saved first and when (from the audit log), nothing of
// it written; read again, the record saves.
func TestNoLostUpdates(t *testing.T) {
	at := time.Date(2026, 3, 11, 10, 7, 0, 0, time.Local)
	want := "changed by bea at 10:07; reload to see the change"
	cases := []struct {
		name string
		// load reads the record; save changes it, from what was read, to say val.
		load  func(tx *data.Tx, w *world) (any, error)
		save  func(tx *data.Tx, rec any, val string) error
		check func(tx *data.Tx, w *world) (string, error) // what the record says now
	}{
		{"Student", func(tx *data.Tx, w *world) (any, error) { return tx.Student(w.student.ID) },
			func(tx *data.Tx, rec any, val string) error {
				st := *rec.(*data.Student)
				st.Homeroom = val
				return tx.UpdateStudent(&st)
			},
			func(tx *data.Tx, w *world) (string, error) {
				st, err := tx.Student(w.student.ID)
				return st.Homeroom, err
			}},
		{"Pairing", func(tx *data.Tx, w *world) (any, error) { return tx.Pairing(w.pairing.ID) },
			func(tx *data.Tx, rec any, val string) error {
				p := rec.(*data.Pairing)
				if val == "bea" {
					return tx.SetPairingStatus(p.ID, p.Version, data.PairingPaused)
				}
				return tx.ClosePairing(p.ID, p.Version, data.Closure{On: data.MustDate("2026-03-10"), Reason: data.ReasonOther, Other: val})
			},
			func(tx *data.Tx, w *world) (string, error) {
				p, err := tx.Pairing(w.pairing.ID)
				if p.Status == data.PairingPaused {
					return "bea", err
				}
				return p.Closure.Other, err
			}},
		{"Goal", func(tx *data.Tx, w *world) (any, error) {
			gs, err := tx.Goals(w.student.ID)
			if err != nil || len(gs) != 1 {
				return nil, errors.Join(err, errors.New("want one goal"))
			}
			return &gs[0], nil
		},
			func(tx *data.Tx, rec any, val string) error {
				g := *rec.(*data.Goal)
				g.Description = val
				return tx.UpdateGoal(&g)
			},
			func(tx *data.Tx, w *world) (string, error) {
				gs, err := tx.Goals(w.student.ID)
				return gs[0].Description, err
			}},
		{"Meeting", func(tx *data.Tx, w *world) (any, error) {
			ms, err := tx.Meetings(data.MeetingFilter{PairingID: w.pairing.ID})
			if err != nil || len(ms) != 1 {
				return nil, errors.Join(err, errors.New("want one meeting"))
			}
			return tx.Meeting(ms[0].ID)
		},
			func(tx *data.Tx, rec any, val string) error {
				m := *rec.(*data.Meeting)
				m.Location = val
				return tx.UpdateMeeting(&m)
			},
			func(tx *data.Tx, w *world) (string, error) {
				ms, err := tx.Meetings(data.MeetingFilter{PairingID: w.pairing.ID})
				return ms[0].Location, err
			}},
		{"Mentor", func(tx *data.Tx, w *world) (any, error) { return tx.Mentor(w.mentor.ID) },
			func(tx *data.Tx, rec any, val string) error {
				m := *rec.(*data.Mentor)
				m.Availability = val
				return tx.UpdateMentor(&m)
			},
			func(tx *data.Tx, w *world) (string, error) {
				m, err := tx.Mentor(w.mentor.ID)
				return m.Availability, err
			}},
		{"Guardian", func(tx *data.Tx, w *world) (any, error) {
			gs, err := tx.GuardiansOf(w.student.ID)
			if err != nil || len(gs) != 1 {
				return nil, errors.Join(err, errors.New("want one guardian"))
			}
			return &gs[0].Guardian, nil
		},
			func(tx *data.Tx, rec any, val string) error {
				g := *rec.(*data.Guardian)
				g.Phone = val
				return tx.UpdateGuardian(&g)
			},
			func(tx *data.Tx, w *world) (string, error) {
				gs, err := tx.GuardiansOf(w.student.ID)
				return gs[0].Phone, err
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			goalsOf(t, w, "Homework")
			logged(t, w, today.Add(-48*time.Hour))
			ana, bea := laptops(t, w)
			var anaRec, beaRec any
			update(t, ana, func(tx *data.Tx) (err error) { anaRec, err = c.load(tx, w); return })
			update(t, bea, func(tx *data.Tx) (err error) { beaRec, err = c.load(tx, w); return })

			as(bea, "bea", at)
			update(t, bea, func(tx *data.Tx) error { return c.save(tx, beaRec, "bea") })
			as(ana, "ana", at.Add(5*time.Minute))
			err := ana.Update(context.Background(), func(tx *data.Tx) error { return c.save(tx, anaRec, "ana") })
			var ch *data.ChangedError
			if !errors.Is(err, data.ErrChanged) || !errors.As(err, &ch) || ch.By != "bea" || !ch.At.Equal(at) {
				t.Fatalf("the second save = %v, want ErrChanged by bea at %v", err, at)
			}
			if msg := data.ErrorMessage(err); !strings.Contains(msg, want) || data.ErrorCode(err) != data.ECHANGED {
				t.Errorf("ErrorMessage = %q (code %q), want one saying %q", msg, data.ErrorCode(err), want)
			}
			var now string
			update(t, ana, func(tx *data.Tx) (err error) { now, err = c.check(tx, w); return })
			if now != "bea" {
				t.Errorf("after the refused save the record says %q, want bea's %q", now, "bea")
			}

			// Reloaded, ana's save goes through (a closed pairing cannot
			// close again: for the pairing, bea's pause is what reloads).
			update(t, ana, func(tx *data.Tx) (err error) { anaRec, err = c.load(tx, w); return })
			update(t, ana, func(tx *data.Tx) error { return c.save(tx, anaRec, "ana") })
			update(t, ana, func(tx *data.Tx) (err error) { now, err = c.check(tx, w); return })
			if now != "ana" {
				t.Errorf("after a reload and save the record says %q, want %q", now, "ana")
			}
		})
	}
}
