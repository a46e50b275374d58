package data_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// race runs a and b in two Updates of s at the same time and returns their
// errors and how often the store ran each. On PostgreSQL each first takes
// its snapshot and waits for the other to take its own, so that each reads
// before the other writes: the interleaving the rules must survive. On
// SQLite the one writer connection runs them one after the other.
func race(t *testing.T, s *data.Store, a, b func(tx *data.Tx) error) (errs [2]error, runs [2]int) {
	t.Helper()
	barrier := datatest.Postgres()
	arrived, release := make(chan struct{}, 2), make(chan struct{})
	var wg sync.WaitGroup
	for i, fn := range []func(tx *data.Tx) error{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Update(context.Background(), func(tx *data.Tx) error {
				runs[i]++
				if barrier && runs[i] == 1 {
					if _, err := tx.RecordCount(); err != nil { // the snapshot
						arrived <- struct{}{}
						return err
					}
					arrived <- struct{}{}
					<-release
				}
				return fn(tx)
			})
		}()
	}
	if barrier {
		for range 2 {
			select {
			case <-arrived:
			case <-time.After(time.Minute):
				t.Error("a writer never began its transaction")
			}
		}
		close(release)
	}
	wg.Wait()
	return errs, runs
}

// consentedStudent adds an active student with granted participation
// consent.
func consentedStudent(t *testing.T, s *data.Store, schoolID, name string) *data.Student {
	t.Helper()
	st := &data.Student{SchoolID: schoolID, GivenName: name, FamilyName: "Race", Active: true}
	update(t, s, func(tx *data.Tx) error {
		if err := tx.CreateStudent(st); err != nil {
			return err
		}
		return tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation,
			Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-10"), Method: "paper"})
	})
	return st
}

// oneWon checks that exactly one of two racing writers succeeded, that the
// other got the rule's own message (never a database error), and, on
// PostgreSQL, that the loser was aborted and ran again: the retry is what
// turns the abort into the message.
func oneWon(t *testing.T, errs [2]error, runs [2]int, code, message string) {
	t.Helper()
	loser := -1
	for i, err := range errs {
		if err != nil {
			if loser >= 0 {
				t.Fatalf("both writers failed: %v; %v", errs[0], errs[1])
			}
			loser = i
		}
	}
	if loser < 0 {
		t.Fatal("both writers succeeded; the rule did not hold")
	}
	if err := errs[loser]; data.ErrorCode(err) != code || !strings.Contains(data.ErrorMessage(err), message) {
		t.Errorf("the losing writer got %v (%s), want %s saying %q", err, data.ErrorCode(err), code, message)
	}
	if datatest.Postgres() && runs[loser] < 2 {
		t.Errorf("the losing writer ran %d times, want it aborted and run again", runs[loser])
	}
}

// TestRaceForLastPlace: two counsellors pair two students with a mentor
// who has one place left, at the same moment. One pairing is made; the
// other is refused with the capacity message.
func TestRaceForLastPlace(t *testing.T) {
	w := newWorld(t) // Mr Tanaka: capacity 2, one active pairing
	a, b := consentedStudent(t, w.s, "S101", "Ann"), consentedStudent(t, w.s, "S102", "Ben")
	pair := func(st *data.Student) func(tx *data.Tx) error {
		return func(tx *data.Tx) error {
			return tx.CreatePairing(&data.Pairing{StudentID: st.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-02"), Status: data.PairingActive})
		}
	}
	errs, runs := race(t, w.s, pair(a), pair(b))
	oneWon(t, errs, runs, data.ECONFLICT, "Mr Tanaka already has 2 of 2 mentees")
	var active int
	update(t, w.s, func(tx *data.Tx) error {
		rows, err := tx.Pairings(data.PairingFilter{MentorID: w.mentor.ID, Status: data.PairingActive})
		active = len(rows)
		return err
	})
	if active != 2 {
		t.Errorf("Mr Tanaka has %d active pairings, want 2 (his capacity)", active)
	}
}

// TestRaceForDuplicatePairing: the same student and mentor proposed twice
// at the same moment make one open pairing, and the second proposal is
// told they are already paired.
func TestRaceForDuplicatePairing(t *testing.T) {
	w := newWorld(t)
	st := consentedStudent(t, w.s, "S103", "Cal")
	propose := func(tx *data.Tx) error {
		return tx.CreatePairing(&data.Pairing{StudentID: st.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-02"), Status: data.PairingProposed})
	}
	errs, runs := race(t, w.s, propose, propose)
	oneWon(t, errs, runs, data.ECONFLICT, "Cal Race and Mr Tanaka are already paired")
	var open int
	update(t, w.s, func(tx *data.Tx) error {
		rows, err := tx.Pairings(data.PairingFilter{StudentID: st.ID, Status: "open"})
		open = len(rows)
		return err
	})
	if open != 1 {
		t.Errorf("%d open pairings of Cal and Mr Tanaka, want 1", open)
	}
}

// TestRaceConsentWithdrawn: a guardian's withdrawal is recorded while a
// pairing of their child is being started. Either the pairing came first
// (and stands, made while consent held) or it is refused with the consent
// message; nobody sees a database error, and no active pairing is made
// after the withdrawal.
func TestRaceConsentWithdrawn(t *testing.T) {
	for round := range 3 {
		w := newWorld(t)
		st := consentedStudent(t, w.s, "S104", "Dee")
		withdraw := func(tx *data.Tx) error {
			return tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation,
				Status: data.ConsentWithdrawn, SignedOn: data.MustDate("2026-03-01"), Method: "paper"})
		}
		p := &data.Pairing{StudentID: st.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-02"), Status: data.PairingActive}
		start := func(tx *data.Tx) error { return tx.CreatePairing(p) }
		errs, _ := race(t, w.s, withdraw, start)
		if errs[0] != nil {
			t.Fatalf("round %d: withdrawing consent: %v", round, errs[0])
		}
		switch err := errs[1]; {
		case err == nil:
			// The pairing was serialised before the withdrawal: it was
			// made while consent held, and its audit line says so first.
			var log []data.AuditEntry
			update(t, w.s, func(tx *data.Tx) (err error) {
				log, err = tx.AuditLog(data.AuditFilter{})
				return err
			})
			pairingAt, consentAt := -1, -1
			for i, l := range log { // newest first
				if l.Entity == "pairing" && l.EntityID == p.ID && pairingAt < 0 {
					pairingAt = i
				}
				if l.Entity == "consent" && strings.HasSuffix(l.Detail, data.ConsentWithdrawn) && consentAt < 0 {
					consentAt = i
				}
			}
			if pairingAt < 0 || consentAt < 0 {
				t.Errorf("round %d: audit lines of the pairing (%d) and the withdrawal (%d) missing", round, pairingAt, consentAt)
			}
		case data.ErrorCode(err) == data.ECONSENT:
			if p.ID != 0 {
				t.Errorf("round %d: the refused pairing kept the id %d of a row rolled back", round, p.ID)
			}
		default:
			t.Errorf("round %d: starting the pairing = %v (%s), want success or the consent message", round, err, data.ErrorCode(err))
		}
	}
}

// TestFailedUpdateForgetsIDs: records created in a transaction that does
// not commit get their ids back as they were, so that saving them again
// (a retry after a concurrent writer, or Save pressed again after an
// error) creates them again, progress entries included, rather than
// skipping or "updating" rows that were rolled back.
func TestFailedUpdateForgetsIDs(t *testing.T) {
	w := newWorld(t)
	g := &data.Goal{StudentID: w.student.ID, Title: "Reading", Area: "academic"}
	update(t, w.s, func(tx *data.Tx) error { return tx.CreateGoal(g) })
	m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld,
		Progress: []data.Progress{{GoalID: g.ID, Rating: 4, Percent: -1}}}
	failed := errors.New("the disk filled before the commit")
	err := w.s.Update(ctx, func(tx *data.Tx) error {
		if err := tx.LogMeeting(m); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Update = %v, want the failure", err)
	}
	if m.ID != 0 || m.Progress[0].ID != 0 {
		t.Fatalf("after the rollback the meeting's id is %d and its rating's %d, want both 0", m.ID, m.Progress[0].ID)
	}
	update(t, w.s, func(tx *data.Tx) error { return tx.LogMeeting(m) })
	var got *data.Meeting
	update(t, w.s, func(tx *data.Tx) (err error) { got, err = tx.Meeting(m.ID); return })
	if len(got.Progress) != 1 || got.Progress[0].Rating != 4 {
		t.Errorf("the meeting saved again has progress %+v, want the rating of 4", got.Progress)
	}
}
