package data_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mentorbook/data"
)

var ctx = context.Background()

// counts returns the number of rows in the tables a refused write could touch.
func counts(tb testing.TB, s *data.Store) [6]int {
	tb.Helper()
	var c [6]int
	err := s.View(ctx, func(tx *data.Tx) error {
		st, err := tx.Students(data.StudentFilter{})
		c[0] = len(st)
		if err != nil {
			return err
		}
		m, err := tx.Meetings(data.MeetingFilter{})
		c[1] = len(m)
		if err != nil {
			return err
		}
		p, err := tx.Pairings(data.PairingFilter{})
		c[2] = len(p)
		if err != nil {
			return err
		}
		mt, err := tx.Mentors("")
		c[3] = len(mt)
		if err != nil {
			return err
		}
		for _, r := range st {
			g, err := tx.Goals(r.ID)
			if err != nil {
				return err
			}
			c[4] += len(g)
			cs, err := tx.Consents(r.ID)
			if err != nil {
				return err
			}
			c[5] += len(cs)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestMeetingNeedsConsent(t *testing.T) {
	w := newWorld(t)
	at := time.Date(2026, 3, 9, 10, 0, 0, 0, time.Local)
	log := func() error {
		return w.s.Update(ctx, func(tx *data.Tx) error {
			return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: at, Minutes: 30, Kind: "one-to-one", Status: "held"})
		})
	}
	if err := log(); err != nil {
		t.Fatalf("LogMeeting with consent = %v", err)
	}
	for _, status := range []string{data.ConsentWithdrawn, data.ConsentDeclined, data.ConsentExpired} {
		t.Run(status, func(t *testing.T) {
			update(t, w.s, func(tx *data.Tx) error {
				return tx.SaveConsent(&data.Consent{StudentID: w.student.ID, Kind: data.ConsentParticipation, Status: status,
					SignedOn: data.MustDate("2025-09-10")})
			})
			before := counts(t, w.s)
			err := log()
			if data.ErrorCode(err) != data.ECONSENT {
				t.Fatalf("LogMeeting with consent %s = %v, want a consent error", status, err)
			}
			if after := counts(t, w.s); after != before {
				t.Errorf("a refused meeting changed the rows: %v to %v", before, after)
			}
		})
	}
	t.Run("ExpiredByDate", func(t *testing.T) {
		update(t, w.s, func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: w.student.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
				SignedOn: data.MustDate("2025-09-10"), ValidUntil: data.MustDate("2026-03-01")})
		})
		if err := log(); data.ErrorCode(err) != data.ECONSENT {
			t.Fatalf("LogMeeting after valid_until = %v, want a consent error", err)
		}
	})
}

func TestPairingRules(t *testing.T) {
	w := newWorld(t)
	var other, unvetted data.Mentor
	var noConsent data.Student
	update(t, w.s, func(tx *data.Tx) error {
		noConsent = data.Student{SchoolID: "S002", GivenName: "José", FamilyName: "García", Active: true}
		if err := tx.CreateStudent(&noConsent); err != nil {
			return err
		}
		unvetted = data.Mentor{Name: "Ms New", Role: "volunteer", Capacity: 2, Active: true}
		if err := tx.CreateMentor(&unvetted); err != nil {
			return err
		}
		other = data.Mentor{Name: "Mr Full", Role: "staff", Capacity: 0, Active: true}
		if err := tx.CreateMentor(&other); err != nil {
			return err
		}
		return tx.AddCheck(&data.Check{MentorID: other.ID, Kind: "DBS", CheckedOn: data.MustDate("2026-01-01")})
	})
	start := data.MustDate("2026-03-01")
	for _, tc := range []struct {
		name    string
		p       data.Pairing
		code    string
		blocker string
	}{
		{"NoConsent", data.Pairing{StudentID: noConsent.ID, MentorID: w.mentor.ID, Status: data.PairingActive, Start: start}, data.ECONSENT, "participation consent"},
		{"NotVetted", data.Pairing{StudentID: w.student.ID, MentorID: unvetted.ID, Status: data.PairingProposed, Start: start}, data.EVETTING, "vetting check"},
		{"OverCapacity", data.Pairing{StudentID: w.student.ID, MentorID: other.ID, Status: data.PairingActive, Start: start}, data.ECONFLICT, "at capacity"},
		{"AlreadyPaired", data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Status: data.PairingProposed, Start: start}, data.ECONFLICT, "already paired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var blockers []string
			err := w.s.Update(ctx, func(tx *data.Tx) error {
				var err error
				if blockers, err = tx.PairingBlockers(tc.p.StudentID, tc.p.MentorID); err != nil {
					return err
				}
				return tx.CreatePairing(&tc.p)
			})
			if tc.code != "" && data.ErrorCode(err) != tc.code {
				t.Errorf("CreatePairing = %v (code %q), want code %q", err, data.ErrorCode(err), tc.code)
			}
			found := false
			for _, b := range blockers {
				found = found || contains(b, tc.blocker)
			}
			if !found {
				t.Errorf("PairingBlockers = %q, want one saying %q", blockers, tc.blocker)
			}
		})
	}
	t.Run("ProposedWithoutConsentIsAllowed", func(t *testing.T) {
		update(t, w.s, func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: noConsent.ID, MentorID: w.mentor.ID, Status: data.PairingProposed, Start: start})
		})
	})
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestPairingLifecycle(t *testing.T) {
	w := newWorld(t)
	id := w.pairing.ID
	update(t, w.s, func(tx *data.Tx) error { return tx.SetPairingStatus(id, data.PairingPaused) })
	update(t, w.s, func(tx *data.Tx) error { return tx.SetPairingStatus(id, data.PairingActive) })
	update(t, w.s, func(tx *data.Tx) error {
		return tx.ClosePairing(id, data.Closure{On: data.MustDate("2026-03-10"), Reason: data.ReasonGoalsMet, Note: "Well done", NoteConfidential: true})
	})
	var p *data.Pairing
	update(t, w.s, func(tx *data.Tx) error {
		var err error
		p, err = tx.Pairing(id)
		return err
	})
	if p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonGoalsMet || p.Closure.On.String() != "2026-03-10" || !p.Closure.NoteConfidential {
		t.Errorf("closed pairing = %+v", p)
	}
	err := w.s.Update(ctx, func(tx *data.Tx) error { return tx.SetPairingStatus(id, data.PairingActive) })
	if data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("reopening a closed pairing = %v, want a conflict", err)
	}
	// The history stays: a new pairing for the same two is allowed.
	update(t, w.s, func(tx *data.Tx) error {
		return tx.CreatePairing(&data.Pairing{StudentID: w.student.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-11"), Status: data.PairingActive})
	})
}

func TestMarkStudentLeftClosesPairings(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error { return tx.MarkStudentLeft(w.student.ID, data.MustDate("2026-03-05")) })
	update(t, w.s, func(tx *data.Tx) error {
		p, err := tx.Pairing(w.pairing.ID)
		if err != nil {
			return err
		}
		if p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonStudentLeft {
			t.Errorf("pairing after the student left = %s (%s), want closed (student left school)", p.Status, p.Closure.Reason)
		}
		s, err := tx.Student(w.student.ID)
		if err != nil {
			return err
		}
		if s.Active || s.LeftOn.String() != "2026-03-05" {
			t.Errorf("student = active %v, left %s", s.Active, s.LeftOn)
		}
		return nil
	})
}

func TestStudentSearch(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		for i, n := range [][2]string{{"Văn An", "Nguyễn"}, {"太郎", "山田"}, {"Σοφία", "Παπαδοπούλου"}, {"Алексей", "Иванов"}, {"Zoe", "Smith"}, {"Łukasz", "Wiśniewski"}} {
			if err := tx.CreateStudent(&data.Student{SchoolID: "T" + string(rune('A'+i)), GivenName: n[0], FamilyName: n[1], Active: true}); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"zoe", 2}, // Zoë Okafor and Zoe Smith
		{"ZOË", 2}, // case and accents ignored both ways
		{"nguyen", 1},
		{"van an", 1},
		{"山田", 1},
		{"σοφια", 1},
		{"алекс", 1},
		{"lukasz", 1},
		{"S001", 1},  // school ID
		{"oka", 1},   // prefix of the family name
		{"kafor", 0}, // not a word prefix
		{"%", 0},
		{"_", 0},
		{"", 7},
	} {
		var rows []data.StudentRow
		w.s.View(ctx, func(tx *data.Tx) error {
			var err error
			rows, err = tx.Students(data.StudentFilter{Query: tc.q})
			return err
		})
		if len(rows) != tc.want {
			t.Errorf("Students(%q) = %d rows, want %d", tc.q, len(rows), tc.want)
		}
	}
}

func TestUpdateRollsBackOnError(t *testing.T) {
	w := newWorld(t)
	before := counts(t, w.s)
	err := w.s.Update(ctx, func(tx *data.Tx) error {
		if err := tx.CreateStudent(&data.Student{SchoolID: "R1", GivenName: "Half", Active: true}); err != nil {
			return err
		}
		return tx.CreateStudent(&data.Student{SchoolID: "R2", Active: true}) // no name: refused
	})
	if data.ErrorField(err) != "given_name" {
		t.Fatalf("Update = %v, want the given name refused", err)
	}
	if after := counts(t, w.s); after != before {
		t.Errorf("half a transaction was kept: %v to %v", before, after)
	}
}

// TestCancelRollsBack: a Cancel pressed during a long write (an import, the
// demo) rolls the whole transaction back.
func TestCancelRollsBack(t *testing.T) {
	w := newWorld(t)
	before := counts(t, w.s)
	cctx, cancel := context.WithCancel(ctx)
	err := w.s.Update(cctx, func(tx *data.Tx) error {
		for i := 0; i < 50; i++ {
			if i == 10 {
				cancel()
				time.Sleep(10 * time.Millisecond) // database/sql rolls back from its own goroutine
			}
			if err := tx.CreateStudent(&data.Student{SchoolID: fmt.Sprintf("C%03d", i), GivenName: "Kit", Active: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Update after cancel = %v, want context.Canceled", err)
	}
	if after := counts(t, w.s); after != before {
		t.Errorf("a cancelled write kept rows: %v to %v", before, after)
	}

	// The same for a read: whichever statement meets the transaction
	// database/sql closed, the caller hears "cancelled", which the window
	// does not show as an error.
	cctx, cancel = context.WithCancel(ctx)
	err = w.s.View(cctx, func(tx *data.Tx) error {
		cancel()
		time.Sleep(10 * time.Millisecond)
		_, err := tx.Students(data.StudentFilter{})
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("View after cancel = %v, want context.Canceled", err)
	}
}
