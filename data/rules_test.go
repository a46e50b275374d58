package data_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
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
	update(t, w.s, func(tx *data.Tx) error { return tx.SetPairingStatus(id, 0, data.PairingPaused) })
	update(t, w.s, func(tx *data.Tx) error { return tx.SetPairingStatus(id, 1, data.PairingActive) })
	update(t, w.s, func(tx *data.Tx) error {
		return tx.ClosePairing(id, 2, data.Closure{On: data.MustDate("2026-03-10"), Reason: data.ReasonGoalsMet, Note: "Well done", NoteConfidential: true})
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
	err := w.s.Update(ctx, func(tx *data.Tx) error { return tx.SetPairingStatus(id, p.Version, data.PairingActive) })
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
		{"S001", 1}, // school ID
		{"001", 1},  // the digits of a school ID
		{"01", 1},   // some of its digits
		{"002", 0},
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

// The programme-health rules, at both sides of every boundary, written from
// the conventions of README.md's "Programme health rules" (and SPEC.md),
// not from the code.

// ruleSchool is a database for rule tests: a vetted mentor with room for
// everyone, and helpers that add consented students with pairings.
type ruleSchool struct {
	t      *testing.T
	s      *data.Store
	mentor int64
	n      int
}

// newRuleSchool opens a school whose clock reads 30 June 2026, so that every
// record of the tests lies in the past. terms are pairs of dates; none
// means the school has set up no terms (every day counts).
func newRuleSchool(t *testing.T, terms ...[2]string) *ruleSchool {
	t.Helper()
	sc := &ruleSchool{t: t, s: datatest.Open(t, time.Date(2026, 6, 30, 12, 0, 0, 0, time.Local))}
	update(t, sc.s, func(tx *data.Tx) error {
		if len(terms) > 0 {
			y := &data.Year{Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-08-31")}
			if err := tx.SaveYear(y); err != nil {
				return err
			}
			for i, tm := range terms {
				if err := tx.SaveTerm(&data.Term{YearID: y.ID, Name: fmt.Sprint("Term ", i+1), Start: data.MustDate(tm[0]), End: data.MustDate(tm[1])}); err != nil {
					return err
				}
			}
		}
		m := &data.Mentor{Name: "Ms Rule", Role: "staff", Email: "rule@school.example", Capacity: 50, Active: true}
		if err := tx.CreateMentor(m); err != nil {
			return err
		}
		sc.mentor = m.ID
		return tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-01-01")})
	})
	return sc
}

// pair adds a consented student paired with the mentor from start, and
// returns the pairing's ID.
func (sc *ruleSchool) pair(start string) int64 {
	sc.t.Helper()
	sc.n++
	var id int64
	update(sc.t, sc.s, func(tx *data.Tx) error {
		st := &data.Student{SchoolID: fmt.Sprintf("R%03d", sc.n), GivenName: "Kid", FamilyName: fmt.Sprint(sc.n), Active: true}
		if err := tx.CreateStudent(st); err != nil {
			return err
		}
		if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation, Status: data.ConsentGranted,
			SignedOn: data.MustDate("2025-01-01")}); err != nil {
			return err
		}
		p := &data.Pairing{StudentID: st.ID, MentorID: sc.mentor, Start: data.MustDate(start), Status: data.PairingActive}
		err := tx.CreatePairing(p)
		id = p.ID
		return err
	})
	return id
}

// held logs a held meeting of the pairing on day.
func (sc *ruleSchool) held(pairing int64, day string, minutes int) {
	sc.t.Helper()
	d := data.MustDate(day)
	update(sc.t, sc.s, func(tx *data.Tx) error {
		return tx.LogMeeting(&data.Meeting{PairingID: pairing, At: time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, time.Local),
			Minutes: minutes, Kind: "one-to-one", Status: data.MeetingHeld})
	})
}

// checkin records a staff check-in on the pairing on day.
func (sc *ruleSchool) checkin(pairing int64, day string) {
	sc.t.Helper()
	update(sc.t, sc.s, func(tx *data.Tx) error {
		return tx.AddCheckin(&data.Checkin{PairingID: pairing, On: data.MustDate(day), With: "mentor"})
	})
}

// alert returns the alert of the kind about the pairing on day, or "" when
// there is none.
func (sc *ruleSchool) alert(pairing int64, kind, day string) string {
	sc.t.Helper()
	var as []data.Alert
	update(sc.t, sc.s, func(tx *data.Tx) (err error) { as, err = tx.Alerts(data.MustDate(day)); return })
	for _, a := range as {
		if a.PairingID == pairing && a.Kind == kind {
			return a.Detail
		}
	}
	return ""
}

// TestDoseByDays: on day d of a month of n days a pairing owes 240 × d ÷ n
// minutes, rounded down, and one held meeting for each complete week.
func TestDoseByDays(t *testing.T) {
	for _, tc := range []struct {
		day      string
		minutes  int // owed
		meetings int // owed
	}{
		// March 2026: 31 days.
		{"2026-03-01", 7, 0}, // 240 × 1 ÷ 31 = 7.7
		{"2026-03-07", 54, 1},
		{"2026-03-28", 216, 4},
		{"2026-03-30", 232, 4},
		{"2026-03-31", 240, 4}, // the whole dose on the last day
		// February 2026: 28 days.
		{"2026-02-01", 8, 0},
		{"2026-02-07", 60, 1},
		{"2026-02-27", 231, 3},
		{"2026-02-28", 240, 4},
	} {
		t.Run(tc.day, func(t *testing.T) {
			sc := newRuleSchool(t)
			day := data.MustDate(tc.day)
			first := fmt.Sprintf("%d-%02d-01", day.Year, day.Month)
			// exact has the dose to the minute; short lacks one minute;
			// fewer has the minutes in one meeting too few.
			exact, short, fewer := sc.pair("2025-09-15"), sc.pair("2025-09-15"), sc.pair("2025-09-15")
			// spread holds the minutes in the meetings (at least one), a
			// week apart from the first of the month.
			spread := func(p int64, meetings, minutes int) {
				meetings = max(meetings, 1)
				for i := range meetings {
					m := minutes / meetings
					if i == 0 {
						m += minutes % meetings
					}
					sc.held(p, data.MustDate(first).AddDays(7*i).String(), m)
				}
			}
			spread(exact, tc.meetings, tc.minutes)
			spread(short, tc.meetings, tc.minutes-1)
			if got := sc.alert(exact, data.AlertBelowDose, tc.day); got != "" {
				t.Errorf("%d minutes in %d meetings by %s: flagged %q, want no alert", tc.minutes, tc.meetings, tc.day, got)
			}
			want := fmt.Sprintf("%d of %d minutes by %s", tc.minutes-1, tc.minutes, day.Time().Format("2 Jan"))
			if tc.meetings > 0 {
				want = fmt.Sprintf("%d of %d minutes and %d of %d meeting", tc.minutes-1, tc.minutes, tc.meetings, tc.meetings)
			}
			if got := sc.alert(short, data.AlertBelowDose, tc.day); !strings.Contains(got, want) {
				t.Errorf("%d minutes by %s: alert %q, want one saying %q", tc.minutes-1, tc.day, got, want)
			}
			if tc.meetings >= 2 {
				spread(fewer, tc.meetings-1, tc.minutes)
				want := fmt.Sprintf("%d of %d minutes and %d of %d meetings", tc.minutes, tc.minutes, tc.meetings-1, tc.meetings)
				if got := sc.alert(fewer, data.AlertBelowDose, tc.day); !strings.Contains(got, want) {
					t.Errorf("%d meetings by %s: alert %q, want one saying %q", tc.meetings-1, tc.day, got, want)
				}
			}
		})
	}
}

// TestDoseHolidays: days outside every term count neither towards the dose
// nor towards "no meeting for 14 days"; a pairing that started this month
// owes from its start day.
func TestDoseHolidays(t *testing.T) {
	// Spring ends mid-March; summer begins mid-April; autumn ends on the
	// last day of a month and spring begins on the fifth.
	sc := newRuleSchool(t, [2]string{"2025-09-01", "2025-12-31"}, [2]string{"2026-01-05", "2026-03-15"}, [2]string{"2026-04-13", "2026-07-17"})
	for _, tc := range []struct {
		name     string
		start    string
		day      string
		minutes  int // owed
		meetings int
	}{
		{"TermEndsMidMonth", "2025-09-15", "2026-03-31", 116, 2},     // 15 school days: 240 × 15 ÷ 31
		{"DayAfterTermEnds", "2025-09-15", "2026-03-16", 116, 2},     // the holiday owes nothing more
		{"LastDayOfTerm", "2025-09-15", "2026-03-15", 116, 2},        // the term's last day counts
		{"TermStartsMidMonth", "2025-09-15", "2026-04-30", 144, 2},   // 18 school days: 240 × 18 ÷ 30
		{"FirstDayOfTerm", "2025-09-15", "2026-04-13", 8, 0},         // 240 × 1 ÷ 30
		{"HolidayBeforeTerm", "2025-09-15", "2026-04-12", 0, 0},      // nothing owed in the holiday
		{"TermStartsOnTheFifth", "2025-09-15", "2026-01-31", 209, 3}, // 27 school days: 240 × 27 ÷ 31
		{"TermEndsOnLastDay", "2025-09-15", "2025-12-31", 240, 4},
		{"StartedThisMonth", "2026-05-20", "2026-05-31", 92, 1}, // 12 days of 31
		{"StartedToday", "2026-05-20", "2026-05-20", 7, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exact, short := sc.pair(tc.start), sc.pair(tc.start)
			day := data.MustDate(tc.day)
			if tc.minutes > 0 {
				k := max(tc.meetings, 1)
				sc.held(exact, tc.day, tc.minutes-k+1)
				sc.held(short, tc.day, tc.minutes-k)
				for i := 1; i < k; i++ {
					sc.held(exact, day.AddDays(-i).String(), 1)
					sc.held(short, day.AddDays(-i).String(), 1)
				}
			}
			if got := sc.alert(exact, data.AlertBelowDose, tc.day); got != "" {
				t.Errorf("%d minutes owed on %s: flagged %q with the whole dose", tc.minutes, tc.day, got)
			}
			want := fmt.Sprintf("%d of %d minutes", tc.minutes-1, tc.minutes)
			if got := sc.alert(short, data.AlertBelowDose, tc.day); tc.minutes > 0 && !strings.Contains(got, want) {
				t.Errorf("one minute short on %s: alert %q, want one saying %q", tc.day, got, want)
			}
		})
	}

	// The last meeting was on 10 March. School days since: 11–15 March (5),
	// then from 13 April: the 14th school day is 21 April.
	p := sc.pair("2025-09-15")
	sc.held(p, "2026-03-10", 30)
	for day, flagged := range map[string]bool{"2026-03-23": false, "2026-04-12": false, "2026-04-20": false, "2026-04-21": true} {
		if got := sc.alert(p, data.AlertNoMeeting, day); (got != "") != flagged {
			t.Errorf("no meeting since 10 Mar, judged %s: alert %q, want flagged %v", day, got, flagged)
		} else if flagged && !strings.Contains(got, "14 school days") {
			t.Errorf("no-meeting alert on %s = %q, want it to say 14 school days", day, got)
		}
	}
}

// TestNoMeetingDays: with no terms every day counts; 14 days after the last
// meeting the pairing is flagged, 13 days after it is not.
func TestNoMeetingDays(t *testing.T) {
	sc := newRuleSchool(t)
	met, never := sc.pair("2026-02-01"), sc.pair("2026-03-01")
	sc.held(met, "2026-03-01", 60)
	for _, tc := range []struct {
		pairing int64
		day     string
		flagged bool
	}{
		{met, "2026-03-14", false}, {met, "2026-03-15", true},
		{never, "2026-03-14", false}, {never, "2026-03-15", true}, // counted from the start
	} {
		if got := sc.alert(tc.pairing, data.AlertNoMeeting, tc.day); (got != "") != tc.flagged {
			t.Errorf("pairing %d on %s: no-meeting alert %q, want flagged %v", tc.pairing, tc.day, got, tc.flagged)
		}
	}
}

// TestCheckinRule: the first staff check-in within 15 days of the start,
// the second by day 30, then one within every 30 days (of day 30 or the
// last check-in, whichever is later).
func TestCheckinRule(t *testing.T) {
	start := data.MustDate("2026-01-10")
	on := func(n int) string { return start.AddDays(n).String() }
	for _, tc := range []struct {
		name     string
		checkins []int // days after the start
		day      int
		overdue  bool
	}{
		{"NoneDay14", nil, 14, false},
		{"NoneDay15", nil, 15, false},
		{"NoneDay16", nil, 16, true},
		{"FirstOnDay15", []int{15}, 16, false},
		{"FirstOnDay16", []int{16}, 16, false}, // late, but done: nothing is overdue now
		{"OneDay29", []int{3}, 29, false},
		{"OneDay30", []int{3}, 30, false},
		{"OneDay31", []int{3}, 31, true},
		{"SecondOnDay30", []int{3, 30}, 31, false},
		{"TwoEarlyDay60", []int{3, 10}, 60, false},
		{"TwoEarlyDay61", []int{3, 10}, 61, true},
		{"ThirdLateDay75", []int{3, 20, 45}, 75, false},
		{"ThirdLateDay76", []int{3, 20, 45}, 76, true},
		{"CheckinBeforeStartDoesNotCount", []int{-2}, 16, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newRuleSchool(t)
			p := sc.pair(start.String())
			for _, d := range tc.checkins {
				if d < 0 {
					update(t, sc.s, func(tx *data.Tx) error {
						// A check-in dated before the pairing started, as an import might bring.
						return tx.AddCheckin(&data.Checkin{PairingID: p, On: start.AddDays(d), With: "guardian"})
					})
					continue
				}
				sc.checkin(p, on(d))
			}
			if got := sc.alert(p, data.AlertCheckinDue, on(tc.day)); (got != "") != tc.overdue {
				t.Errorf("check-ins on days %v, judged on day %d: alert %q, want overdue %v", tc.checkins, tc.day, got, tc.overdue)
			}
		})
	}
}

// TestVettingRule: each required type needs its own unexpired check; a
// check without expiry never hides another type's expiring check.
func TestVettingRule(t *testing.T) {
	sc := newRuleSchool(t)
	day := data.MustDate("2026-06-30") // the school's today
	type chk struct {
		kind    string
		expires int // days from today, or forever
	}
	const forever = 1 << 20
	for _, tc := range []struct {
		name     string
		required string
		checks   []chk
		want     []string // words of each vetting alert, in order
		valid    bool     // may be given a new pairing
	}{
		{"AnyTypeForever", "", []chk{{"Reference", forever}, {"DBS", 10}}, nil, true},
		{"AnyTypeExpiring", "", []chk{{"DBS", 10}}, []string{"vetting check expires on 10 Jul 2026 (in 10 days)"}, true},
		{"AnyTypeNone", "", nil, []string{"no vetting check recorded"}, false},
		{"BothForever", "DBS, Safeguarding training", []chk{{"DBS", forever}, {"Safeguarding training", forever}}, nil, true},
		{"ForeverDoesNotHideExpiring", "DBS, Safeguarding training", []chk{{"DBS", forever}, {"Safeguarding training", 30}},
			[]string{"Safeguarding training check expires on 30 Jul 2026 (in 30 days)"}, true},
		{"MissingType", "DBS, Safeguarding training", []chk{{"DBS", forever}}, []string{"no Safeguarding training check recorded"}, false},
		{"ExpiredYesterday", "DBS, Safeguarding training", []chk{{"dbs", -1}, {"Safeguarding training", forever}},
			[]string{"DBS check expired on 29 Jun 2026"}, false},
		{"ExpiresToday", "DBS", []chk{{"DBS", 0}}, []string{"DBS check expires on 30 Jun 2026 (in 0 days)"}, true},
		{"LongerLastingCounts", "DBS", []chk{{"DBS", 10}, {"DBS", 400}}, nil, true},
		{"Warn60", "DBS", []chk{{"DBS", 60}}, []string{"DBS check expires on 29 Aug 2026 (in 60 days)"}, true},
		{"Warn61", "DBS", []chk{{"DBS", 61}}, nil, true},
		{"TwoProblems", "DBS, Safeguarding training", []chk{{"Safeguarding training", -5}},
			[]string{"no DBS check recorded", "Safeguarding training check expired on 25 Jun 2026"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m data.Mentor
			update(t, sc.s, func(tx *data.Tx) error {
				set, err := tx.Settings()
				if err != nil {
					return err
				}
				set.RequiredChecks = tc.required
				if err := tx.SaveSettings(set); err != nil {
					return err
				}
				m = data.Mentor{Name: "Mentor " + tc.name, Role: "volunteer", Email: tc.name + "@school.example", Capacity: 3, Active: true}
				if err := tx.CreateMentor(&m); err != nil {
					return err
				}
				for _, c := range tc.checks {
					var exp data.Date
					if c.expires != forever {
						exp = day.AddDays(c.expires)
					}
					if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: c.kind, CheckedOn: data.MustDate("2023-01-01"), ExpiresOn: exp}); err != nil {
						return err
					}
				}
				return nil
			})
			var got []string
			var as []data.Alert
			update(t, sc.s, func(tx *data.Tx) (err error) { as, err = tx.Alerts(day); return })
			for _, a := range as {
				if a.MentorID == m.ID && a.Kind == data.AlertMentorCheck {
					got = append(got, a.Detail)
					if a.Person() != m.Name+" <"+m.Email+">" {
						t.Errorf("Person() = %q, want the name and email", a.Person())
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("vetting alerts = %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("vetting alert %d = %q, want it to begin %q", i, got[i], tc.want[i])
				}
			}
			var blockers []string
			update(t, sc.s, func(tx *data.Tx) (err error) {
				st := &data.Student{SchoolID: "V-" + tc.name, GivenName: "Vee", Active: true}
				if err := tx.CreateStudent(st); err != nil {
					return err
				}
				blockers, err = tx.PairingBlockers(st.ID, m.ID)
				return err
			})
			vetBlocked := false
			for _, b := range blockers {
				vetBlocked = vetBlocked || strings.Contains(b, "vetting")
			}
			if vetBlocked == tc.valid {
				t.Errorf("PairingBlockers = %q, want a vetting blocker %v", blockers, !tc.valid)
			}
		})
	}
}

// TestLeavingClosesPairings: a student marked as left, or a mentor made
// inactive, has every open pairing closed that day and raises no alert.
func TestLeavingClosesPairings(t *testing.T) {
	sc := newRuleSchool(t)
	active, paused, proposed := sc.pair("2026-01-10"), sc.pair("2026-01-10"), sc.pair("2026-01-10")
	update(t, sc.s, func(tx *data.Tx) error { return tx.SetPairingStatus(paused, 0, data.PairingPaused) })
	var studentOf = map[int64]int64{}
	var mentorOther data.Mentor
	update(t, sc.s, func(tx *data.Tx) error {
		for _, id := range []int64{active, paused, proposed} {
			p, err := tx.Pairing(id)
			if err != nil {
				return err
			}
			studentOf[id] = p.StudentID
		}
		// The third student's pairing is with another mentor, proposed.
		if err := tx.ClosePairing(proposed, 0, data.Closure{On: data.MustDate("2026-01-11"), Reason: data.ReasonMismatch}); err != nil {
			return err
		}
		mentorOther = data.Mentor{Name: "Mr Other", Role: "staff", Capacity: 3, Active: true}
		if err := tx.CreateMentor(&mentorOther); err != nil {
			return err
		}
		if err := tx.AddCheck(&data.Check{MentorID: mentorOther.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-01-01")}); err != nil {
			return err
		}
		return tx.CreatePairing(&data.Pairing{StudentID: studentOf[proposed], MentorID: mentorOther.ID, Start: data.MustDate("2026-07-20"), Status: data.PairingProposed})
	})
	left := data.MustDate("2026-06-29")
	update(t, sc.s, func(tx *data.Tx) error {
		for _, id := range []int64{active, paused, proposed} {
			if err := tx.MarkStudentLeft(studentOf[id], left); err != nil {
				return err
			}
		}
		return nil
	})
	var open []data.PairingRow
	var as []data.Alert
	update(t, sc.s, func(tx *data.Tx) (err error) {
		if open, err = tx.Pairings(data.PairingFilter{Status: "open"}); err != nil {
			return err
		}
		all, err := tx.Pairings(data.PairingFilter{})
		for _, p := range all {
			if p.Closure.Reason == data.ReasonMismatch {
				continue
			}
			want := left
			if p.Start.After(left) {
				want = p.Start // a pairing due to start later never ends before it began
			}
			if p.Status != data.PairingClosed || p.Closure.Reason != data.ReasonStudentLeft || p.Closure.On != want {
				t.Errorf("pairing %d after its student left = %s, %q on %s; want closed, %q on %s",
					p.ID, p.Status, p.Closure.Reason, p.Closure.On, data.ReasonStudentLeft, want)
			}
		}
		if err != nil {
			return err
		}
		as, err = tx.Alerts(data.MustDate("2026-06-30"))
		return err
	})
	if len(open) != 0 {
		t.Errorf("open pairings after every student left: %d, want 0", len(open))
	}
	for _, a := range as {
		if a.StudentID != 0 {
			t.Errorf("alert about a student who left: %s", a)
		}
	}

	// A leaving date in the future is refused: the pairings cannot close
	// on a day that has not come.
	p := sc.pair("2026-02-01")
	err := sc.s.Update(ctx, func(tx *data.Tx) error {
		pr, err := tx.Pairing(p)
		if err != nil {
			return err
		}
		return tx.MarkStudentLeft(pr.StudentID, data.MustDate("2026-07-01"))
	})
	if data.ErrorField(err) != "left_on" {
		t.Errorf("MarkStudentLeft in the future = %v, want the leaving date refused", err)
	}

	// A mentor made inactive: their open pairings close today, "mentor left".
	update(t, sc.s, func(tx *data.Tx) error {
		m, err := tx.Mentor(sc.mentor)
		if err != nil {
			return err
		}
		m.Active = false
		return tx.UpdateMentor(m)
	})
	update(t, sc.s, func(tx *data.Tx) error {
		pr, err := tx.Pairing(p)
		if err != nil {
			return err
		}
		if pr.Status != data.PairingClosed || pr.Closure.Reason != data.ReasonMentorLeft || pr.Closure.On.String() != "2026-06-30" {
			t.Errorf("pairing after its mentor left = %s, %q on %s; want closed, %q today", pr.Status, pr.Closure.Reason, pr.Closure.On, data.ReasonMentorLeft)
		}
		as, err = tx.Alerts(tx.Today())
		for _, a := range as {
			if a.MentorID == sc.mentor {
				t.Errorf("alert about an inactive mentor: %s", a)
			}
		}
		return err
	})
}
