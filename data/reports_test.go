package data_test

import (
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// demoStore is a demo school of n students, judged on a fixed day.
func demoStore(tb testing.TB, n int) *data.Store {
	return datatest.Demo(tb, n, time.Date(2026, 11, 27, 10, 0, 0, 0, time.Local))
}

func TestStudentSummaryLeavesOutConfidential(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		for i, note := range []struct {
			text         string
			confidential bool
		}{{"Talked about the maths test.", false}, {"SECRET worries at home.", true}} {
			m := &data.Meeting{PairingID: w.pairing.ID, At: time.Date(2026, 2, 2+i, 10, 0, 0, 0, time.Local), Minutes: 40,
				Kind: "one-to-one", Status: "held", Notes: note.text, NotesConfidential: note.confidential, FollowUp: "Bring the SECRET plan"}
			if !note.confidential {
				m.FollowUp = "Revise fractions"
			}
			if err := tx.LogMeeting(m); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		name    string
		opts    data.ReportOptions
		secret  bool
		leftOut int
	}{
		{"Default", data.ReportOptions{}, false, 2},
		{"AskedFor", data.ReportOptions{Confidential: true}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sum *data.StudentSummary
			err := w.s.View(ctx, func(tx *data.Tx) error {
				term, err := tx.Term("2025–26 Spring")
				if err != nil {
					return err
				}
				sum, err = tx.StudentSummary(w.student.ID, term, tc.opts)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, n := range append(sum.Notes, sum.NextSteps...) {
				all = append(all, n.Text)
			}
			if got := strings.Contains(strings.Join(all, "|"), "SECRET"); got != tc.secret {
				t.Errorf("confidential text present = %v, want %v (%q)", got, tc.secret, all)
			}
			if sum.LeftOut != tc.leftOut {
				t.Errorf("LeftOut = %d, want %d", sum.LeftOut, tc.leftOut)
			}
			if sum.Meetings.Held != 2 || sum.Meetings.Minutes != 80 {
				t.Errorf("Meetings = %+v, want 2 held, 80 minutes", sum.Meetings)
			}
		})
	}
}

func TestStudentSummaryRespectsDataSharing(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		return tx.SaveConsent(&data.Consent{StudentID: w.student.ID, Kind: data.ConsentDataSharing, Status: data.ConsentDeclined,
			SignedOn: data.MustDate("2025-09-10")})
	})
	err := w.s.View(ctx, func(tx *data.Tx) error {
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		if _, err := tx.StudentSummary(w.student.ID, term, data.ReportOptions{}); err != data.ErrSharingWithheld {
			t.Errorf("StudentSummary without data-sharing consent = %v, want ErrSharingWithheld", err)
		}
		ids, withheld, err := tx.StudentsInTerm(term, data.ReportOptions{})
		if len(ids) != 0 || withheld != 1 {
			t.Errorf("StudentsInTerm = %v, %d withheld; want none named, 1 withheld", ids, withheld)
		}
		cl, err := tx.Caseloads(term, data.ReportOptions{})
		if err != nil {
			return err
		}
		for _, m := range cl.Mentors {
			for _, me := range m.Mentees {
				if me.Name != "" {
					t.Errorf("caseload names %q, whose data sharing was declined", me.Name)
				}
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestProgrammeFiguresMatchSQL counts the programme report's figures again
// with plain SQL on the demo school.
func TestProgrammeFiguresMatchSQL(t *testing.T) {
	s := demoStore(t, 300)
	var rep *data.ProgrammeReport
	err := s.View(ctx, func(tx *data.Tx) error {
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		rep, err = tx.Programme(term, data.ReportOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Term.Name != "2026–27 Autumn" {
		t.Fatalf("current term = %q, want 2026–27 Autumn", rep.Term.Name)
	}
	db := datatest.RawDB(t, s)
	count := func(q string, args ...any) int {
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	from, to, end := "2026-09-01", "2026-12-19", "2026-12-18"
	for _, tc := range []struct {
		name string
		got  int
		want int
	}{
		{"held", rep.Meetings.Held, count(`SELECT count(*) FROM meetings WHERE status = 'held' AND at >= $1 AND at < $2`, from, to)},
		{"minutes", rep.Meetings.Minutes, count(`SELECT sum(minutes) FROM meetings WHERE status = 'held' AND at >= $1 AND at < $2`, from, to)},
		{"cancelled", rep.Meetings.Cancelled, count(`SELECT count(*) FROM meetings WHERE status = 'cancelled' AND at >= $1 AND at < $2`, from, to)},
		{"active", rep.ActivePairings, count(`SELECT count(*) FROM pairings WHERE status <> 'proposed' AND start_on <= $1 AND (closed_on IS NULL OR closed_on >= $2)`, end, from)},
		{"new", rep.NewPairings, count(`SELECT count(*) FROM pairings WHERE status <> 'proposed' AND start_on >= $1 AND start_on <= $2`, from, end)},
		{"closed", rep.ClosedPairings, count(`SELECT count(*) FROM pairings WHERE status = 'closed' AND closed_on >= $1 AND closed_on <= $2`, from, end)},
		{"waiting", rep.StudentsWaiting, count(`SELECT count(*) FROM students s WHERE active = 1 AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status <> 'closed')`)},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d (SQL)", tc.name, tc.got, tc.want)
		}
		if tc.want == 0 && tc.name != "cancelled" {
			t.Errorf("%s is 0 in the demo school: the test proves nothing", tc.name)
		}
	}
	var weeks float64
	for _, b := range rep.PerWeek {
		weeks += b.Value
	}
	if int(weeks) != rep.Meetings.Held {
		t.Errorf("meetings per week add up to %v, want %d", weeks, rep.Meetings.Held)
	}
}

func TestConsentLetters(t *testing.T) {
	s := demoStore(t, 120)
	err := s.View(ctx, func(tx *data.Tx) error {
		term, err := tx.Term("")
		if err != nil {
			return err
		}
		rep, err := tx.ConsentLetters(term)
		if err != nil {
			return err
		}
		if len(rep.Letters) == 0 {
			t.Fatal("no consent letters in the demo school")
		}
		// Each letter asks for exactly the kinds not granted and valid
		// today, and HasConsent agrees about participation.
		for _, l := range rep.Letters {
			cs, err := tx.Consents(l.Student.ID)
			if err != nil {
				return err
			}
			valid := map[string]bool{}
			for _, c := range cs {
				valid[c.Kind] = c.Status == data.ConsentGranted && (c.ValidUntil.IsZero() || !c.ValidUntil.Before(tx.Today()))
			}
			var want, got []string
			for _, k := range data.ConsentKinds {
				if !valid[k] {
					want = append(want, k)
				}
			}
			for _, n := range l.Needs {
				got = append(got, n.Kind)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") || !l.Student.Active {
				t.Errorf("letter for %s asks for %q, want %q (active %v)", l.Student.FullName(), got, want, l.Student.Active)
			}
			ok, err := tx.HasConsent(l.Student.ID, tx.Today())
			if err != nil {
				return err
			}
			if ok == !valid[data.ConsentParticipation] {
				t.Errorf("HasConsent(%s) = %v, the letters' rule says %v", l.Student.FullName(), ok, valid[data.ConsentParticipation])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCaseloadsJudgedOnTheTermsDay: each term's caseload lists what needed
// attention on the day it judges (a past term's last day, today while the
// term runs), and only about the mentor and their pairings of that term:
// exactly the dashboard's alerts of that day about them.
func TestCaseloadsJudgedOnTheTermsDay(t *testing.T) {
	s := demoStore(t, 120)
	db := datatest.RawDB(t, s)
	err := s.View(ctx, func(tx *data.Tx) error {
		terms, err := tx.Terms()
		if err != nil {
			return err
		}
		past := 0
		for i := range terms {
			term := &terms[i]
			if term.Start.After(tx.Today()) {
				continue
			}
			rep, err := tx.Caseloads(term, data.ReportOptions{})
			if err != nil {
				return err
			}
			want := term.End
			if tx.Today().Before(term.End) {
				want = tx.Today()
			} else {
				past++
			}
			if rep.JudgedOn != want || rep.ToDate != want.Before(term.End) {
				t.Errorf("%s: judged on %s (to date %v), want %s", term.Name, rep.JudgedOn, rep.ToDate, want)
			}
			alerts, err := tx.Alerts(rep.JudgedOn)
			if err != nil {
				return err
			}
			inTerm := map[int64]bool{}
			rows, err := db.Query(`SELECT id FROM pairings WHERE status <> 'proposed' AND start_on <= $1 AND (closed_on IS NULL OR closed_on >= $2)`,
				term.End.String(), term.Start.String())
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				inTerm[id] = true
			}
			rows.Close()
			wantItems := map[int64]int{}
			for _, a := range alerts {
				if a.PairingID != 0 && inTerm[a.PairingID] || a.PairingID == 0 && a.MentorID != 0 {
					wantItems[a.MentorID]++
				}
			}
			items := 0
			for _, m := range rep.Mentors {
				names := map[string]bool{"a mentee": true}
				for _, me := range m.Mentees {
					names[me.Name] = true
				}
				for _, line := range m.Overdue {
					if who, _, ok := strings.Cut(line, " — "); ok && !names[who] {
						t.Errorf("%s, %s: %q is about %s, not a mentee of the term", term.Name, m.Mentor.Name, line, who)
					}
				}
				if len(m.Overdue) != wantItems[m.Mentor.ID] {
					t.Errorf("%s, %s: %d items, want the %d alerts of %s about the mentor and their pairings of the term",
						term.Name, m.Mentor.Name, len(m.Overdue), wantItems[m.Mentor.ID], rep.JudgedOn)
				}
				items += len(m.Overdue)
			}
			t.Logf("%s: %d mentors, %d items on %s", term.Name, len(rep.Mentors), items, rep.JudgedOn)
		}
		if past == 0 {
			t.Error("the demo school has no past term; the test needs one")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
