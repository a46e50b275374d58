package data_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// openAs opens the store on the school as login.
func (sc *school) openAs(t *testing.T, login string) *data.Store {
	t.Helper()
	s, err := data.Open(pgtest.As(sc.url, login))
	if err != nil {
		t.Fatalf("Open as %s: %v", login, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// notAllowed checks that err reaches a person as ErrNotAllowed's sentence.
func notAllowed(t *testing.T, who, doing string, err error) {
	t.Helper()
	if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, "The school's server does not let your login do this") {
		t.Errorf("%s %s: %v, shown as %q; want the plain refusal", who, doing, err, msg)
	}
}

func meetingNotes(rows []data.MeetingRow) map[int64]string {
	out := map[int64]string{}
	for _, r := range rows {
		out[r.ID] = r.Notes
	}
	return out
}

// TestRoleMentorStore: through the store, a mentor reads its own students
// and their meetings, with its own confidential notes and nobody else's;
// what it may not read (check-ins, consent documents, guardians' contact
// details) is empty, the audit log the plain refusal; it logs a meeting
// for its own pairing, and is told "Choose a mentee from your pairings."
// for another mentor's, even one of its own student's.
func TestRoleMentorStore(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	s := sc.openAs(t, sc.tanaka)
	if s.Role() != data.RoleMentor {
		t.Fatalf("Role() = %q, want mentor", s.Role())
	}
	err := s.View(ctx, func(tx *data.Tx) error {
		students, err := tx.Students(data.StudentFilter{})
		if err != nil {
			return err
		}
		var ids []string
		for _, st := range students {
			ids = append(ids, st.SchoolID)
		}
		if slices.Sort(ids); strings.Join(ids, " ") != "S1 S2" {
			t.Errorf("Students = %v, want S1 S2", ids)
		}
		for id, needs := range map[int64]string{1: "", 2: "glasses"} { // S1's needs are confidential
			st, err := tx.Student(id)
			if err != nil || st.Needs != needs {
				t.Errorf("Student(%d) = %+v, %v; want needs %q", id, st, err, needs)
			}
		}
		if _, err := tx.Student(3); data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("Student(3), Priya's mentee = %v, want not found", err)
		}
		meetings, err := tx.Meetings(data.MeetingFilter{})
		if err != nil {
			return err
		}
		want := map[int64]string{1: "T secret", 2: "", 5: "earlier"} // 2: the coordinator's confidential note
		if got := meetingNotes(meetings); !equalNotes(got, want) {
			t.Errorf("Meetings: notes %v, want %v", got, want)
		}
		m, err := tx.Meeting(1)
		if err != nil || m.Notes != "T secret" || len(m.Progress) != 1 || m.Progress[0].Comment != "T comment" {
			t.Errorf("Meeting(1) = %+v, %v; want its own note and progress comment", m, err)
		}
		if m, err := tx.Meeting(2); err != nil || m.Notes != "" {
			t.Errorf("Meeting(2) = %+v, %v; want the coordinator's confidential note hidden", m, err)
		}
		if _, err := tx.Meeting(3); data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("Meeting(3), Priya's mentee's = %v, want not found", err)
		}
		pairings, err := tx.Pairings(data.PairingFilter{})
		if err != nil {
			return err
		}
		notes := map[int64]string{}
		for _, p := range pairings {
			notes[p.ID] = p.Closure.Note
		}
		if want := map[int64]string{1: "", 2: "", 4: "went well"}; !equalNotes(notes, want) { // 2's closing note is confidential
			t.Errorf("Pairings: closing notes %v, want %v", notes, want)
		}
		if _, err := tx.Alerts(data.DateOf(time.Now())); err != nil {
			t.Errorf("Alerts: %v", err)
		}
		if cs, err := tx.Checkins(sc.tanakaPairing); err != nil || len(cs) != 0 {
			t.Errorf("Checkins = %v, %v; want none (a mentor may not read them)", cs, err)
		}
		if gs, err := tx.GuardiansOf(1); err != nil || len(gs) != 1 || gs[0].Name != "Ada Okafor" || gs[0].Email != "" || gs[0].Phone != "" || gs[0].Address != "" {
			t.Errorf("GuardiansOf(1) = %+v, %v; want Ada without contact details", gs, err)
		}
		if cs, err := tx.Consents(1); err != nil || len(cs) != 1 || cs[0].Notes != "" || cs[0].Documents != 0 {
			t.Errorf("Consents(1) = %+v, %v; want the consent without its confidential note or documents", cs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(tx *data.Tx) error { _, err := tx.AuditLog(data.AuditFilter{}); return err })
	notAllowed(t, "a mentor", "reading the audit log", err)

	at := time.Date(2025, 10, 1, 12, 0, 0, 0, time.Local)
	m := &data.Meeting{PairingID: sc.tanakaPairing, At: at, Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld,
		Notes: "T new secret", NotesConfidential: true}
	if err := s.Update(ctx, func(tx *data.Tx) error { return tx.LogMeeting(m) }); err != nil {
		t.Fatalf("a mentor logging a meeting for its own pairing: %v (%s)", err, data.ErrorMessage(err))
	}
	if err := s.View(ctx, func(tx *data.Tx) error {
		got, err := tx.Meeting(m.ID)
		if err == nil && (got.Notes != "T new secret" || got.RecordedBy != sc.tanaka) {
			t.Errorf("the meeting logged reads back as %+v", got)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []int64{sc.priyaPairing, sc.priyaPastPairingWithTanakaS1} {
		other := &data.Meeting{PairingID: p, At: at, Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld}
		err := s.Update(ctx, func(tx *data.Tx) error { return tx.LogMeeting(other) })
		if msg := data.ErrorMessage(err); msg != "Choose a mentee from your pairings." || other.ID != 0 {
			t.Errorf("a mentor logging a meeting for pairing %d, another mentor's: %v, shown as %q", p, err, msg)
		}
	}
	err = s.Update(ctx, func(tx *data.Tx) error { return tx.SaveDateFormat(data.DateFormats[len(data.DateFormats)-1]) })
	notAllowed(t, "a mentor", "saving a setting", err)

	// Its own meeting it corrects; the coordinator's confidential one on
	// its pairing, and Priya's on its student's past pairing, it may read
	// but neither correct nor delete: refused in plain words, not "no
	// longer exists".
	if err := s.Update(ctx, func(tx *data.Tx) error {
		got, err := tx.Meeting(m.ID)
		if err != nil {
			return err
		}
		got.Minutes = 45
		return tx.UpdateMeeting(got)
	}); err != nil {
		t.Errorf("a mentor correcting its own meeting: %v (%s)", err, data.ErrorMessage(err))
	}
	for _, id := range []int64{2, 5} {
		notAllowed(t, "a mentor", fmt.Sprintf("correcting meeting %d", id), s.Update(ctx, func(tx *data.Tx) error {
			got, err := tx.Meeting(id)
			if err != nil {
				return err
			}
			got.Minutes = 45
			return tx.UpdateMeeting(got)
		}))
		notAllowed(t, "a mentor", fmt.Sprintf("deleting meeting %d", id), s.Update(ctx, func(tx *data.Tx) error { return tx.DeleteMeeting(id) }))
	}
	// Goal progress: its own entry it corrects; the coordinator's
	// confidential one recorded without a meeting (3), whose comment it
	// reads as '', it may not, nor Priya's on Priya's meeting (2).
	correctProgress := func(id int64) error {
		return s.Update(ctx, func(tx *data.Tx) error {
			ps, err := tx.ProgressOf(map[int64]int64{1: 1, 2: 2, 3: 1}[id])
			for _, p := range ps {
				if p.ID == id {
					p.Rating = 5
					return tx.UpdateProgress(&p)
				}
			}
			if err == nil {
				err = fmt.Errorf("no progress entry %d", id)
			}
			return err
		})
	}
	if err := correctProgress(1); err != nil {
		t.Errorf("a mentor correcting its own progress entry: %v (%s)", err, data.ErrorMessage(err))
	}
	notAllowed(t, "a mentor", "correcting the coordinator's confidential progress entry", correctProgress(3))
	if err := s.View(ctx, func(tx *data.Tx) error {
		for id, want := range map[int64]bool{1: true, 3: false} {
			if may, err := tx.MayChangeProgress(id); err != nil || may != want {
				t.Errorf("a mentor may correct progress entry %d: %v, %v; want %v", id, may, err, want)
			}
		}
		return nil
	}); err != nil {
		t.Error(err)
	}
	wantRows(t, openPG(t, sc.url), "owner", `SELECT comment || ' ' || rating FROM goal_progress WHERE id = 3`, "C progress secret 4")

	// The window offers what the database takes: its own meeting to
	// correct and delete, the others to read only.
	for _, tc := range []struct {
		id           int64
		edit, delete bool
	}{{m.ID, true, true}, {2, false, false}, {5, false, false}} {
		if err := s.View(ctx, func(tx *data.Tx) error {
			edit, err := tx.MayChangeMeeting(tc.id, false)
			if err != nil {
				return err
			}
			del, err := tx.MayChangeMeeting(tc.id, true)
			if edit != tc.edit || del != tc.delete {
				t.Errorf("a mentor may correct meeting %d: %v, delete it: %v; want %v, %v", tc.id, edit, del, tc.edit, tc.delete)
			}
			return err
		}); err != nil {
			t.Error(err)
		}
	}
}

// TestRoleReaderStore: through the store, a reader reads every student and
// meeting without confidential text, prints a student's summary without
// confidential notes even when asked for them, and the programme,
// caseload and consent letter reports; and changes nothing: each
// change is refused in plain words.
func TestRoleReaderStore(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	s := sc.openAs(t, sc.reader)
	if s.Role() != data.RoleReader {
		t.Fatalf("Role() = %q, want reader", s.Role())
	}
	err := s.View(ctx, func(tx *data.Tx) error {
		students, err := tx.Students(data.StudentFilter{})
		if err != nil || len(students) != 4 {
			t.Errorf("Students = %d, %v; want all 4", len(students), err)
		}
		if st, err := tx.Student(1); err != nil || st.Needs != "" {
			t.Errorf("Student(1) = %+v, %v; want its confidential needs hidden", st, err)
		}
		meetings, err := tx.Meetings(data.MeetingFilter{})
		if err != nil {
			return err
		}
		want := map[int64]string{1: "", 2: "", 3: "", 4: "P open", 5: "earlier"}
		if got := meetingNotes(meetings); !equalNotes(got, want) {
			t.Errorf("Meetings: notes %v, want %v", got, want)
		}
		if _, err := tx.Pairings(data.PairingFilter{}); err != nil {
			t.Errorf("Pairings: %v", err)
		}
		if _, err := tx.Alerts(data.DateOf(time.Now())); err != nil {
			t.Errorf("Alerts: %v", err)
		}
		if cs, err := tx.Checkins(sc.tanakaPairing); err != nil || len(cs) != 1 || cs[0].Notes != "" {
			t.Errorf("Checkins = %+v, %v; want the check-in without its confidential note", cs, err)
		}
		terms, err := tx.Terms()
		if err != nil {
			return err
		}
		i := slices.IndexFunc(terms, func(t data.Term) bool { return t.Name == "Autumn" })
		if i < 0 {
			t.Fatalf("Terms = %+v, no Autumn", terms)
		}
		// Autumn: S1's meetings 1 and 2, both confidential.
		sum, err := tx.StudentSummary(1, &terms[i], data.ReportOptions{Confidential: true})
		if err != nil {
			return err
		}
		for _, n := range sum.Notes {
			if strings.Contains(n.Text, "secret") {
				t.Errorf("the reader's summary of S1 holds a confidential note: %+v", sum.Notes)
			}
		}
		// Every report a reader prints, on the same term.
		if _, _, err := tx.StudentsInTerm(&terms[i], data.ReportOptions{}); err != nil {
			t.Errorf("StudentsInTerm: %v", err)
		}
		if _, err := tx.Caseloads(&terms[i], data.ReportOptions{}); err != nil {
			t.Errorf("Caseloads: %v", err)
		}
		if _, err := tx.Programme(&terms[i], data.ReportOptions{}); err != nil {
			t.Errorf("Programme: %v", err)
		}
		if _, err := tx.ConsentLetters(&terms[i]); err != nil {
			t.Errorf("ConsentLetters: %v", err)
		}
		if len(sum.Notes) != 0 || sum.Meetings.Held != 2 {
			t.Errorf("the reader's summary of S1 in %s: notes %+v, %d held; want 2 held, no notes", terms[i].Name, sum.Notes, sum.Meetings.Held)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := &data.Meeting{PairingID: sc.tanakaPairing, At: time.Date(2025, 10, 1, 12, 0, 0, 0, time.Local), Minutes: 30,
		Kind: "one-to-one", Status: data.MeetingHeld}
	notAllowed(t, "a reader", "logging a meeting", s.Update(ctx, func(tx *data.Tx) error { return tx.LogMeeting(m) }))
	notAllowed(t, "a reader", "changing a student", s.Update(ctx, func(tx *data.Tx) error {
		st, err := tx.Student(2)
		if err != nil {
			return err
		}
		st.Homeroom = "9Z"
		return tx.UpdateStudent(st)
	}))
}

func equalNotes(got, want map[int64]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			return false
		}
	}
	return true
}
