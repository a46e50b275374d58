package data_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

func TestSettings(t *testing.T) {
	s := MustOpen(t)
	var got *data.Settings
	update(t, s, func(tx *data.Tx) (err error) { got, err = tx.Settings(); return })
	if *got != data.DefaultSettings {
		t.Fatalf("Settings() on a new database = %+v, want the defaults %+v", *got, data.DefaultSettings)
	}
	for _, tc := range []struct {
		name      string
		change    func(*data.Settings)
		wantField string
	}{
		{"OK", func(s *data.Settings) { s.NoMeetingDays = 21 }, ""},
		{"ErrNoMeetingDaysZero", func(s *data.Settings) { s.NoMeetingDays = 0 }, "no_meeting_days"},
		{"ErrMinutesNegative", func(s *data.Settings) { s.MonthlyMinutes = -5 }, "monthly_minutes"},
		{"ErrEraseAfterZero", func(s *data.Settings) { s.EraseAfterYears = 0 }, "erase_after_years"},
		{"ErrEraseAfterHuge", func(s *data.Settings) { s.EraseAfterYears = 51 }, "erase_after_years"},
		{"OKEraseAfter", func(s *data.Settings) { s.NoMeetingDays, s.EraseAfterYears = 21, 7 }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := data.DefaultSettings
			tc.change(&set)
			err := s.Update(context.Background(), func(tx *data.Tx) error { return tx.SaveSettings(&set) })
			if f := data.ErrorField(err); f != tc.wantField {
				t.Fatalf("SaveSettings() field = %q (%v), want %q", f, err, tc.wantField)
			}
		})
	}
	update(t, s, func(tx *data.Tx) (err error) { got, err = tx.Settings(); return })
	if got.NoMeetingDays != 21 || got.MonthlyMinutes != 240 || got.EraseAfterYears != 7 {
		t.Errorf("Settings() after saving = %+v, want NoMeetingDays 21, MonthlyMinutes 240 and EraseAfterYears 7", *got)
	}
}

// kinds returns how many alerts of each kind there are.
func kinds(as []data.Alert) map[string]int {
	out := map[string]int{}
	for _, a := range as {
		out[a.Kind]++
	}
	return out
}

func alertsOn(tb testing.TB, s *data.Store, day string) map[string]int {
	tb.Helper()
	var as []data.Alert
	update(tb, s, func(tx *data.Tx) (err error) { as, err = tx.Alerts(data.MustDate(day)); return })
	return kinds(as)
}

func TestAlerts(t *testing.T) {
	w := newWorld(t)
	// The world's pairing started in September and has had no meeting and
	// no staff check-in.
	want := map[string]int{data.AlertNoMeeting: 1, data.AlertBelowDose: 1, data.AlertCheckinDue: 1}
	if got := alertsOn(t, w.s, "2026-03-11"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Alerts() = %v, want %v", got, want)
	}

	steps := []struct {
		name string
		do   func(tx *data.Tx) error
		want map[string]int
	}{
		{"MeetingClearsDoseAndSilence", func(tx *data.Tx) error {
			return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: time.Date(2026, 3, 10, 10, 0, 0, 0, time.Local),
				Minutes: 85, Kind: "one-to-one", Status: data.MeetingHeld}) // 240 × 11 ÷ 31 = 85
		}, map[string]int{data.AlertCheckinDue: 1}},
		{"OneCheckinIsNotEnough", func(tx *data.Tx) error {
			return tx.AddCheckin(&data.Checkin{PairingID: w.pairing.ID, On: data.MustDate("2026-03-02"), With: "mentor"})
		}, map[string]int{data.AlertCheckinDue: 1}},
		{"SecondCheckinClearsMonitoring", func(tx *data.Tx) error {
			return tx.AddCheckin(&data.Checkin{PairingID: w.pairing.ID, On: data.MustDate("2026-03-09"), With: "mentor"})
		}, map[string]int{}},
		{"NewStudentWaitsWithoutConsent", func(tx *data.Tx) error {
			return tx.CreateStudent(&data.Student{SchoolID: "S002", GivenName: "José", FamilyName: "Ruiz", Active: true})
		}, map[string]int{data.AlertConsent: 1, data.AlertWaiting: 1}},
		{"UnvettedMentor", func(tx *data.Tx) error {
			return tx.CreateMentor(&data.Mentor{Name: "Ms New", Role: "volunteer", Capacity: 1, Active: true})
		}, map[string]int{data.AlertConsent: 1, data.AlertWaiting: 1, data.AlertMentorCheck: 1}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			update(t, w.s, st.do)
			if got := alertsOn(t, w.s, "2026-03-11"); fmt.Sprint(got) != fmt.Sprint(st.want) {
				t.Errorf("Alerts() = %v, want %v", got, st.want)
			}
		})
	}

	// The participation consent runs to the end of the academic year, so it
	// is flagged as expiring a month before.
	if got := alertsOn(t, w.s, "2026-08-10"); got[data.AlertConsent] != 2 {
		t.Errorf("Alerts(2026-08-10) consent alerts = %d, want 2 (one missing, one expiring)", got[data.AlertConsent])
	}
}

func TestDashboardCounts(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		if err := tx.CreateStudent(&data.Student{SchoolID: "S002", GivenName: "Aroha", FamilyName: "Ngata", Active: true}); err != nil {
			return err
		}
		return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local),
			Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld})
	})
	var c *data.Counts
	update(t, w.s, func(tx *data.Tx) (err error) { c, err = tx.DashboardCounts(data.MustDate("2026-03-11")); return })
	want := data.Counts{ActivePairings: 1, MeetingsThisMonth: 1, StudentsWaiting: 1, ConsentAlerts: 1}
	if *c != want {
		t.Errorf("DashboardCounts() = %+v, want %+v", *c, want)
	}
}

func TestMatchMentors(t *testing.T) {
	w := newWorld(t)
	var student *data.Student
	ids := map[string]int64{}
	update(t, w.s, func(tx *data.Tx) error {
		student = &data.Student{SchoolID: "S010", GivenName: "Σοφία", FamilyName: "Papadopoulou", Active: true,
			Interests: "Football, Music", Languages: "Greek, English"}
		if err := tx.CreateStudent(student); err != nil {
			return err
		}
		if err := tx.CreateGoal(&data.Goal{StudentID: student.ID, Title: "Come to school every day", Area: "attendance"}); err != nil {
			return err
		}
		for _, m := range []data.Mentor{
			{Name: "Coach Kim", Interests: "football, running", Languages: "English", Capacity: 3},
			{Name: "Mr Petrou", Interests: "history", Languages: "Greek", Capacity: 3},
			{Name: "Unvetted Una", Interests: "football, music", Languages: "Greek", Capacity: 3},
			{Name: "Full Fred", Interests: "music", Capacity: 0},
		} {
			m.Role, m.Active = "staff", true
			if err := tx.CreateMentor(&m); err != nil {
				return err
			}
			ids[m.Name] = m.ID
			if m.Name == "Unvetted Una" {
				continue
			}
			if err := tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-01-01")}); err != nil {
				return err
			}
		}
		return nil
	})
	var got []data.Match
	update(t, w.s, func(tx *data.Tx) (err error) { got, err = tx.MatchMentors(student.ID); return })
	var names []string
	for _, m := range got {
		names = append(names, m.Mentor.Name)
	}
	// Mr Tanaka (the world's mentor) shares nothing but has a free place.
	if want := "[Coach Kim Mr Petrou Mr Tanaka]"; fmt.Sprint(names) != want {
		t.Fatalf("MatchMentors() = %v, want %s", names, want)
	}
	if r := fmt.Sprint(got[0].Reasons); r != "[shares interests: football speaks English interests suit the student's attendance goals 3 of 3 places free]" {
		t.Errorf("MatchMentors()[0].Reasons = %s", r)
	}

	// Sofia asks for a peer mentor she can see at lunchtime, who speaks
	// Polish: Ms Nowak meets two of the three wishes, and what a student
	// asks for outweighs a shared interest.
	update(t, w.s, func(tx *data.Tx) error {
		student.Preferences = "a peer mentor, lunchtimes, speaks Polish"
		if err := tx.UpdateStudent(student); err != nil {
			return err
		}
		m := &data.Mentor{Name: "Ms Nowak", Role: "peer", Languages: "English", Availability: "Lunchtime on Tuesdays", Capacity: 3, Active: true}
		if err := tx.CreateMentor(m); err != nil {
			return err
		}
		return tx.AddCheck(&data.Check{MentorID: m.ID, Kind: "DBS", CheckedOn: data.MustDate("2025-01-01")})
	})
	update(t, w.s, func(tx *data.Tx) (err error) { got, err = tx.MatchMentors(student.ID); return })
	if got[0].Mentor.Name != "Ms Nowak" {
		t.Fatalf("MatchMentors() with preferences ranks %s first, want Ms Nowak", got[0].Mentor.Name)
	}
	if r := fmt.Sprint(got[0].Reasons); r != "[fits what the student asked for: a peer mentor, lunchtimes speaks English 3 of 3 places free]" {
		t.Errorf("MatchMentors()[0].Reasons = %s", r)
	}
	for _, m := range got[1:] {
		if strings.Contains(fmt.Sprint(m.Reasons), "asked for") {
			t.Errorf("%s meets none of the wishes, but its reasons say %v", m.Mentor.Name, m.Reasons)
		}
	}
}

// BenchmarkStudentsPrefix filters 10,000 students by a typed prefix, as
// the Students screen does on each keystroke: the matching IDs in order,
// then the rows of the first page (the screen reads 100 at a time, as
// they scroll into view). "all rows" reads every matching row instead.
func BenchmarkStudentsPrefix(b *testing.B) {
	s := MustOpen(b)
	SeedStudents(b, s, 10000)
	for _, q := range []string{"ngu", "zo", "S00123", ""} {
		name := q
		if q == "" {
			name = "nothing typed"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				err := s.View(context.Background(), func(tx *data.Tx) error {
					ids, err := tx.StudentIDs(data.StudentFilter{Query: q})
					if err == nil {
						_, err = tx.StudentRows(ids[:min(len(ids), 100)])
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("zo all rows", func(b *testing.B) {
		for b.Loop() {
			err := s.View(context.Background(), func(tx *data.Tx) error {
				_, err := tx.Students(data.StudentFilter{Query: "zo"})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// SeedStudents adds n students with names in several scripts, a fifth of
// them paired and most with consent, in one transaction.
func SeedStudents(tb testing.TB, s *data.Store, n int) {
	tb.Helper()
	given := []string{"Zoë", "José", "Văn An", "Σοφία", "Алексей", "太郎", "Aroha", "Oluwaseun", "Liam", "Mei", "Zofia", "Amara"}
	family := []string{"Nguyễn", "Okafor", "Papadopoulou", "Иванов", "山田", "Ngata", "Smith", "García", "Zhang", "Kowalski", "Müller"}
	update(tb, s, func(tx *data.Tx) error {
		for i := range n {
			st := &data.Student{SchoolID: fmt.Sprintf("S%05d", i), GivenName: given[i%len(given)],
				FamilyName: family[(i/len(given))%len(family)], YearGroup: fmt.Sprint(7 + i%6), Active: true}
			if err := tx.CreateStudent(st); err != nil {
				return err
			}
			if i%5 == 0 {
				continue
			}
			if err := tx.SaveConsent(&data.Consent{StudentID: st.ID, Kind: data.ConsentParticipation,
				Status: data.ConsentGranted, SignedOn: data.MustDate("2025-09-10"), ValidUntil: data.MustDate("2026-08-31")}); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkAlerts computes the dashboard's alert list of a 2,000-student
// demo school: what the dashboard, `alerts` and the printed follow-ups do.
func BenchmarkAlerts(b *testing.B) {
	s := demoStore(b, 2000)
	for b.Loop() {
		err := s.View(context.Background(), func(tx *data.Tx) error {
			_, err := tx.Alerts(tx.Today())
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestConsentAlertsAreAlertsOfKindConsent checks that the Consents screen's
// query lists exactly the dashboard's consent alerts, in the same order.
func TestConsentAlertsAreAlertsOfKindConsent(t *testing.T) {
	s := datatest.Demo(t, 60, time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local))
	var all, consent []data.Alert
	err := s.View(context.Background(), func(tx *data.Tx) (err error) {
		if all, err = tx.Alerts(tx.Today()); err != nil {
			return err
		}
		consent, err = tx.ConsentAlerts(tx.Today())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []data.Alert
	for _, a := range all {
		if a.Kind == data.AlertConsent {
			want = append(want, a)
		}
	}
	if len(want) == 0 || !reflect.DeepEqual(consent, want) {
		t.Errorf("ConsentAlerts = %d alerts, want the %d consent alerts of Alerts in the same order", len(consent), len(want))
	}
}
