package data_test

import (
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// The programme report and the summaries judge a term as it stood: up to
// the day printed while it runs, at its end once it is over. The small
// world's clock reads 11 March 2026, in the Spring term (5 Jan – 27 Mar);
// the Autumn term (1 Sep – 19 Dec 2025) is over, the Summer term is to come.

// paired adds a consented student and an active pairing with a new mentor
// from start.
func paired(t *testing.T, w *world, schoolID string, start string) (*data.Student, *data.Pairing) {
	t.Helper()
	st := &data.Student{SchoolID: schoolID, GivenName: "Student", FamilyName: schoolID, Active: true}
	p := &data.Pairing{Start: data.MustDate(start), Status: data.PairingActive}
	update(t, w.s, func(tx *data.Tx) error {
		if err := tx.CreateStudent(st); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2025-09-01")}); err != nil {
			return err
		}
		m := &data.Mentor{Name: "Mentor of " + schoolID, Role: "staff", Capacity: 3, Active: true}
		if err := tx.CreateMentor(m); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-08-01")}); err != nil {
			return err
		}
		p.StudentID, p.MentorID = st.ID, m.ID
		return tx.CreatePairing(p)
	})
	return st, p
}

func programme(t *testing.T, w *world, term string) *data.ProgrammeReport {
	t.Helper()
	var rep *data.ProgrammeReport
	err := w.s.View(ctx, func(tx *data.Tx) error {
		tm, err := tx.Term(term)
		if err != nil {
			return err
		}
		rep, err = tx.Programme(tm, data.ReportOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("Programme(%s): %v", term, err)
	}
	return rep
}

// Item 1: a running term is judged up to the day printed; the weekly
// chart stops at that day's week, marked partial.
func TestProgrammeTermToDate(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		// Planned for after today: not part of the term so far.
		return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: time.Date(2026, 3, 20, 10, 0, 0, 0, time.Local),
			Minutes: 30, Kind: "one-to-one", Status: data.MeetingPlanned})
	})
	rep := programme(t, w, "2025–26 Spring")
	if !rep.ToDate || rep.JudgedOn != data.MustDate("2026-03-11") {
		t.Errorf("ToDate, JudgedOn = %v, %s; want true, 2026-03-11", rep.ToDate, rep.JudgedOn)
	}
	if rep.Meetings.Planned != 0 {
		t.Errorf("Meetings.Planned = %d, want 0: the meeting planned for 20 March is after the day printed", rep.Meetings.Planned)
	}
	last := rep.PerWeek[len(rep.PerWeek)-1]
	if last.Start != data.MustDate("2026-03-09") || !last.Partial {
		t.Errorf("the weekly chart ends with the week of %s (partial %v), want the week of 9 March, partial", last.Start, last.Partial)
	}
	for _, b := range rep.PerWeek[:len(rep.PerWeek)-1] {
		if b.Partial {
			t.Errorf("week of %s marked partial", b.Start)
		}
	}
	// A finished term is judged to its end, and no week of it is partial.
	rep = programme(t, w, "2025–26 Autumn")
	if rep.ToDate || rep.JudgedOn != data.MustDate("2025-12-19") {
		t.Errorf("Autumn: ToDate, JudgedOn = %v, %s; want false, 2025-12-19", rep.ToDate, rep.JudgedOn)
	}
	for _, b := range rep.PerWeek {
		if b.Partial {
			t.Errorf("Autumn: week of %s marked partial", b.Start)
		}
	}
}

// Item 3: the report's check-in figure follows "two in the first month":
// one check-in in a pairing's first 30 days is not enough after day 30.
func TestProgrammeCheckinsTwoInTheFirstMonth(t *testing.T) {
	w := newWorld(t)
	_, one := paired(t, w, "S101", "2026-02-02")
	_, two := paired(t, w, "S102", "2026-02-02")
	update(t, w.s, func(tx *data.Tx) error {
		for _, c := range []data.Checkin{
			{PairingID: one.ID, On: data.MustDate("2026-02-10"), With: "mentor"},
			{PairingID: one.ID, On: data.MustDate("2026-03-05"), With: "mentor"}, // the second, 2 days late: overdue from 5 March until then
			{PairingID: two.ID, On: data.MustDate("2026-02-10"), With: "mentor"},
			{PairingID: w.pairing.ID, On: data.MustDate("2025-09-20"), With: "mentor"},
			{PairingID: w.pairing.ID, On: data.MustDate("2025-10-10"), With: "mentor"},
			{PairingID: w.pairing.ID, On: data.MustDate("2026-03-01"), With: "mentor"},
		} {
			if err := tx.AddCheckin(&c); err != nil {
				return err
			}
		}
		return nil
	})
	// On 11 March: "one" had its two; "two" had only one by day 30 (4 March).
	rep := programme(t, w, "2025–26 Spring")
	if rep.CheckinsMet != (data.Share{Part: 2, Whole: 3}) {
		t.Errorf("CheckinsMet = %+v, want 2 of 3: the pairing with one check-in in its first month is overdue", rep.CheckinsMet)
	}
}

// Item 4: a past term reads as it stood at its end; a term to come is
// refused, naming the current term.
func TestProgrammePastTermAsItWas(t *testing.T) {
	w := newWorld(t)
	// B and H were paired through the Autumn term and closed in February,
	// and B withdrew consent today; C never had a mentor; E was paired in
	// January; F has a proposal made today.
	b, pb := paired(t, w, "S201", "2025-10-01")
	_, ph := paired(t, w, "S205", "2025-10-01")
	paired(t, w, "S203", "2026-01-12")
	update(t, w.s, func(tx *data.Tx) error {
		for _, p := range []*data.Pairing{pb, ph} {
			if err := tx.ClosePairing(p.ID, p.Version, data.Closure{On: data.MustDate("2026-02-02"), Reason: data.ReasonOther, Other: "Timetable"}); err != nil {
				return err
			}
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: b.ID, Kind: data.ConsentParticipation, Status: data.ConsentWithdrawn,
			SignedOn: data.MustDate("2025-09-01")}); err != nil {
			return err
		}
		return tx.CreateStudent(&data.Student{SchoolID: "S202", GivenName: "C", Active: true})
	})
	update(t, w.s, func(tx *data.Tx) error {
		f := &data.Student{SchoolID: "S204", GivenName: "F", Active: true}
		if err := tx.CreateStudent(f); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: f.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2026-03-01")}); err != nil {
			return err
		}
		return tx.CreatePairing(&data.Pairing{StudentID: f.ID, MentorID: w.mentor.ID, Start: data.MustDate("2026-03-16"), Status: data.PairingProposed})
	})

	rep := programme(t, w, "2025–26 Autumn")
	// On 19 Dec 2025: open were the pairings of S001, B and H, all with
	// consent then; waiting were C, E (paired only in January) and F.
	if rep.ConsentOK != (data.Share{Part: 3, Whole: 3}) {
		t.Errorf("Autumn ConsentOK = %+v, want 3 of 3 (as on 19 Dec 2025)", rep.ConsentOK)
	}
	if rep.StudentsWaiting != 3 {
		t.Errorf("Autumn StudentsWaiting = %d, want 3 (as on 19 Dec 2025)", rep.StudentsWaiting)
	}
	rep = programme(t, w, "2025–26 Spring")
	// Today: S001 and E open with consent; waiting are B, C and H (F has a proposal).
	if rep.ConsentOK != (data.Share{Part: 2, Whole: 2}) || rep.StudentsWaiting != 3 {
		t.Errorf("Spring ConsentOK = %+v, StudentsWaiting = %d; want 2 of 2 and 3", rep.ConsentOK, rep.StudentsWaiting)
	}

	err := w.s.View(ctx, func(tx *data.Tx) error {
		tm, err := tx.Term("2025–26 Summer")
		if err != nil {
			return err
		}
		_, err = tx.Programme(tm, data.ReportOptions{})
		return err
	})
	if msg := data.ErrorMessage(err); !strings.Contains(msg, "has not started") || !strings.Contains(msg, "the current term is 2025–26 Spring") {
		t.Errorf("Programme(Summer, not started) = %q, want a refusal naming the current term", msg)
	}
}

// Items 4 and 5: goals are termly. A summary lists the goals open at some
// time in the term, with their status at its end; an open goal past its
// target is overdue; the report counts goals achieved in the term.
func TestGoalsAreTermly(t *testing.T) {
	w := newWorld(t)
	d := data.MustDate
	goals := map[string]*data.Goal{}
	update(t, w.s, func(tx *data.Tx) error {
		for _, g := range []struct {
			title    string
			created  string
			target   string
			status   string
			statusOn string
		}{
			{"Done in Autumn", "2025-09-20", "", data.GoalAchieved, "2025-11-10"},
			{"Dropped in Autumn", "2025-09-20", "", data.GoalDropped, "2025-12-01"},
			{"Done in Spring", "2025-09-20", "", data.GoalAchieved, "2026-02-10"},
			{"Open, overdue", "2025-09-20", "2026-02-28", "", ""},
			{"Open, on time", "2026-01-10", "2026-06-30", "", ""},
		} {
			gl := &data.Goal{StudentID: w.student.ID, Title: g.title, Area: "academic", Created: d(g.created)}
			if g.target != "" {
				gl.Target = d(g.target)
			}
			if err := tx.CreateGoal(gl); err != nil {
				return err
			}
			if g.status != "" {
				gl.Status, gl.StatusOn = g.status, d(g.statusOn)
				if err := tx.UpdateGoal(gl); err != nil {
					return err
				}
			}
			goals[g.title] = gl
		}
		return nil
	})
	summary := func(term string) map[string]data.GoalReport {
		out := map[string]data.GoalReport{}
		err := w.s.View(ctx, func(tx *data.Tx) error {
			tm, err := tx.Term(term)
			if err != nil {
				return err
			}
			sum, err := tx.StudentSummary(w.student.ID, tm, data.ReportOptions{})
			if err != nil {
				return err
			}
			for _, g := range sum.Goals {
				out[g.Title] = g
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	spring := summary("2025–26 Spring")
	for _, gone := range []string{"Done in Autumn", "Dropped in Autumn"} {
		if _, ok := spring[gone]; ok {
			t.Errorf("the Spring summary lists %q, closed in an earlier term", gone)
		}
	}
	if g, ok := spring["Done in Spring"]; !ok || g.Status != data.GoalAchieved {
		t.Errorf("Spring: %q = %+v, want listed as achieved", "Done in Spring", g)
	}
	if g := spring["Open, overdue"]; !g.Overdue {
		t.Errorf("Spring: %q not flagged overdue on 11 March (target 28 Feb)", g.Title)
	}
	if g := spring["Open, on time"]; g.Overdue || g.Status != data.GoalOpen {
		t.Errorf("Spring: %q = %+v, want open, not overdue", "Open, on time", g)
	}
	// The Autumn term as it stood on 19 Dec: "Done in Spring" was open then,
	// and "Open, on time" did not exist yet.
	autumn := summary("2025–26 Autumn")
	if g, ok := autumn["Done in Spring"]; !ok || g.Status != data.GoalOpen {
		t.Errorf("Autumn: %q = %+v, want listed as open (its status on 19 Dec 2025)", "Done in Spring", g)
	}
	if _, ok := autumn["Open, on time"]; ok {
		t.Error("Autumn lists a goal set in January")
	}
	if len(autumn) != 4 {
		t.Errorf("Autumn lists %d goals, want 4", len(autumn))
	}

	if got := programme(t, w, "2025–26 Spring").GoalsAchieved; got != (data.Share{Part: 1, Whole: 3}) {
		t.Errorf("Spring GoalsAchieved = %+v, want 1 of 3 (achieved this term, of the goals open in it)", got)
	}
	if got := programme(t, w, "2025–26 Autumn").GoalsAchieved; got != (data.Share{Part: 1, Whole: 4}) {
		t.Errorf("Autumn GoalsAchieved = %+v, want 1 of 4", got)
	}
}

// The upgrade to version 4 dates the status of goals made before it: open
// on the day set, and a closed goal's status on its last progress entry
// (or the day it was set, without one).
func TestGoalStatusesBackfilled(t *testing.T) {
	_, path := versionFixture(t, 3)
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	got := selectColumns(t, path, "goal_statuses", []string{"goal_id", "status", "on_date"})
	want := []string{
		"integer:1 | text:'open' | text:'2025-09-22'",
		"integer:2 | text:'open' | text:'2025-09-22'",
		"integer:2 | text:'dropped' | text:'2025-09-22'",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("goal_statuses after the upgrade from version 3:\n got %q\nwant %q", got, want)
	}
}
