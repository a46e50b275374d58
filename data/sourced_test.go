package data_test

import (
	"testing"
	"time"

	"mentorbook/data"
)

func TestBySourceID(t *testing.T) {
	s := MustOpen(t)
	update(t, s, func(tx *data.Tx) error {
		y := &data.Year{SourceID: "y1", Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-07-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		if err := tx.SaveTerm(&data.Term{SourceID: "t1", YearID: y.ID, Name: "Autumn", Start: data.MustDate("2025-09-01"), End: data.MustDate("2025-12-19")}); err != nil {
			return err
		}
		for _, st := range []*data.Student{
			{SourceID: "s1", SchoolID: "1", GivenName: "Zoë", Active: true},
			{SchoolID: "2", GivenName: "Hand", Active: true},
		} {
			if err := tx.CreateStudent(st); err != nil {
				return err
			}
		}
		g := &data.Guardian{SourceID: "g1", Name: "Hannah"}
		if err := tx.CreateGuardian(g); err != nil {
			return err
		}
		if err := tx.CreateGuardian(&data.Guardian{Name: "Typed"}); err != nil {
			return err
		}
		if err := tx.LinkGuardian(1, g.ID, "parent"); err != nil {
			return err
		}
		return tx.CreateMentor(&data.Mentor{SourceID: "m1", Name: "Ms Kim", Role: "staff", Capacity: 3})
	})
	view := func(fn func(tx *data.Tx) error) {
		t.Helper()
		if err := s.View(t.Context(), fn); err != nil {
			t.Fatal(err)
		}
	}
	view(func(tx *data.Tx) error {
		tests := []struct {
			name string
			get  func() (string, error)
			want string
		}{
			{"student", func() (string, error) { st, err := tx.StudentBySourceID("s1"); return st.GivenName, err }, "Zoë"},
			{"guardian", func() (string, error) { g, err := tx.GuardianBySourceID("g1"); return g.Name, err }, "Hannah"},
			{"mentor", func() (string, error) { m, err := tx.MentorBySourceID("m1"); return m.Name, err }, "Ms Kim"},
			{"year", func() (string, error) { y, err := tx.YearBySourceID("y1"); return y.Name, err }, "2025–26"},
			{"term", func() (string, error) { term, err := tx.TermBySourceID("t1"); return term.Name, err }, "Autumn"},
		}
		for _, tt := range tests {
			if got, err := tt.get(); got != tt.want || err != nil {
				t.Errorf("%sBySourceID() = %q, %v; want %q", tt.name, got, err, tt.want)
			}
		}
		for name, err := range map[string]error{
			"student":  second(tx.StudentBySourceID("nope")),
			"guardian": second(tx.GuardianBySourceID("nope")),
			"mentor":   second(tx.MentorBySourceID("nope")),
			"year":     second(tx.YearBySourceID("nope")),
			"term":     second(tx.TermBySourceID("nope")),
		} {
			if !data.IsNotFound(err) {
				t.Errorf("%sBySourceID(nope) error = %v, want ENOTFOUND", name, err)
			}
		}
		ids, err := tx.SourcedStudentIDs()
		if err != nil || len(ids) != 1 || ids["s1"] != 1 {
			t.Errorf("SourcedStudentIDs() = %v, %v; want s1 only", ids, err)
		}
		gs, err := tx.SourcedGuardians()
		if err != nil || len(gs) != 1 || gs["g1"] == nil {
			t.Errorf("SourcedGuardians() = %v, %v; want g1 only", gs, err)
		}
		links, err := tx.GuardianLinks()
		if err != nil || len(links) != 1 || links[0] != (data.GuardianLink{StudentID: 1, GuardianID: 1, Relationship: "parent", Sourced: true}) {
			t.Errorf("GuardianLinks() = %+v, %v", links, err)
		}
		all, err := tx.AllStudents()
		if err != nil || len(all) != 2 {
			t.Errorf("AllStudents() = %d students, %v; want 2", len(all), err)
		}
		return nil
	})
}

func second[T any](_ T, err error) error { return err }

func TestExportWithholdsStudents(t *testing.T) {
	w := newWorld(t)
	update(t, w.s, func(tx *data.Tx) error {
		if err := tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: time.Date(2026, 3, 20, 10, 0, 0, 0, time.Local),
			Minutes: 30, Kind: "one-to-one", Status: data.MeetingPlanned}); err != nil {
			return err
		}
		if err := tx.CreateGoal(&data.Goal{StudentID: w.student.ID, Title: "Reading", Area: "academic"}); err != nil {
			return err
		}
		return tx.SaveConsent(&data.Consent{StudentID: w.student.ID, Kind: data.ConsentDataSharing, Status: data.ConsentWithdrawn})
	})
	if err := w.s.View(t.Context(), func(tx *data.Tx) error {
		for _, confidential := range []bool{false, true} {
			students, left, err := tx.ExportStudents(confidential)
			if err != nil {
				return err
			}
			pairings, pleft, err := tx.ExportPairings(confidential)
			if err != nil {
				return err
			}
			n := 0
			mleft, err := tx.ExportMeetings(confidential, func(*data.MeetingExport) error { n++; return nil })
			if err != nil {
				return err
			}
			goals, gleft, err := tx.ExportGoals(confidential)
			if err != nil {
				return err
			}
			got := []int{len(students), left, len(pairings), pleft, n, mleft, len(goals), gleft}
			want := []int{0, 1, 0, 1, 0, 1, 0, 1}
			if confidential {
				want = []int{1, 0, 1, 0, 1, 0, 1, 0}
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("confidential %v: exports (students, left, pairings, left, meetings, left, goals, left) = %v, want %v", confidential, got, want)
					break
				}
			}
		}
		planned, err := tx.PlannedMeetings(w.mentor.ID)
		if len(planned) != 1 {
			t.Errorf("PlannedMeetings() = %d meetings, want 1", len(planned))
		}
		for _, p := range planned {
			if p.StudentName != "" {
				t.Errorf("PlannedMeetings() names %q, whose data sharing is withdrawn", p.StudentName)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
