package data_test

import (
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// logged adds a held meeting of the world's pairing at the given time, with
// a rating of each goal given.
func logged(t *testing.T, w *world, at time.Time, goals ...int64) *data.Meeting {
	t.Helper()
	m := &data.Meeting{PairingID: w.pairing.ID, At: at, Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld, Notes: "Talked about exams."}
	for _, g := range goals {
		m.Progress = append(m.Progress, data.Progress{GoalID: g, Rating: 2, Percent: -1})
	}
	update(t, w.s, func(tx *data.Tx) error { return tx.LogMeeting(m) })
	return m
}

func goalsOf(t *testing.T, w *world, titles ...string) []int64 {
	t.Helper()
	var ids []int64
	update(t, w.s, func(tx *data.Tx) error {
		for _, title := range titles {
			g := &data.Goal{StudentID: w.student.ID, Title: title, Area: "academic"}
			if err := tx.CreateGoal(g); err != nil {
				return err
			}
			ids = append(ids, g.ID)
		}
		return nil
	})
	return ids
}

// TestCorrectMeeting: a meeting's fields and the goal ratings recorded
// with it are corrected in one save: a rating changed, one removed, one
// added; ratings follow a corrected date.
func TestCorrectMeeting(t *testing.T) {
	w := newWorld(t)
	g := goalsOf(t, w, "Homework", "Attendance", "Friends")
	m := logged(t, w, today.Add(-2*time.Hour), g[0], g[1])
	update(t, w.s, func(tx *data.Tx) error {
		got, err := tx.Meeting(m.ID)
		if err != nil {
			return err
		}
		got.At, got.Minutes, got.Notes, got.NotesConfidential = today.Add(-26*time.Hour), 45, "Corrected.", true
		got.Progress = []data.Progress{got.Progress[0], {GoalID: g[2], Rating: 5, Percent: -1}}
		got.Progress[0].Rating = 4
		return tx.UpdateMeeting(got)
	})
	var got *data.Meeting
	update(t, w.s, func(tx *data.Tx) (err error) { got, err = tx.Meeting(m.ID); return })
	if got.Minutes != 45 || got.Notes != "Corrected." || !got.NotesConfidential || !got.At.Equal(today.Add(-26*time.Hour)) {
		t.Errorf("corrected meeting = %+v", got)
	}
	ratings := map[int64]int{}
	for _, p := range got.Progress {
		ratings[p.GoalID] = p.Rating
		if p.On.String() != "2026-03-10" {
			t.Errorf("rating of goal %d dated %s, want the corrected day 2026-03-10", p.GoalID, p.On)
		}
	}
	if len(ratings) != 2 || ratings[g[0]] != 4 || ratings[g[2]] != 5 {
		t.Errorf("ratings after the correction = %v, want goal %d: 4 and goal %d: 5", ratings, g[0], g[2])
	}

	// A rating of another meeting cannot be taken over.
	other := logged(t, w, today.Add(-5*24*time.Hour), g[1])
	err := w.s.Update(ctx, func(tx *data.Tx) error {
		got.Progress = append(got.Progress, other.Progress[0])
		return tx.UpdateMeeting(got)
	})
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("UpdateMeeting with another meeting's rating = %v, want ENOTFOUND", err)
	}
}

// TestDeleteMeeting removes the meeting and its ratings, and says so in
// the audit log without the notes.
func TestDeleteMeeting(t *testing.T) {
	w := newWorld(t)
	g := goalsOf(t, w, "Homework")
	m := logged(t, w, today.Add(-2*time.Hour), g[0])
	update(t, w.s, func(tx *data.Tx) error { return tx.DeleteMeeting(m.ID) })
	update(t, w.s, func(tx *data.Tx) error {
		if _, err := tx.Meeting(m.ID); data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("Meeting after delete = %v, want ENOTFOUND", err)
		}
		if ps, err := tx.ProgressOf(g[0]); err != nil || len(ps) != 0 {
			t.Errorf("ratings after delete = %v, %v; want none", ps, err)
		}
		log, err := tx.AuditLog(data.AuditFilter{Entity: "meeting", EntityID: m.ID, Action: data.ActDelete})
		if err != nil {
			return err
		}
		if len(log) != 1 || !strings.Contains(log[0].Detail, "2026-03-11 12:00") || strings.Contains(log[0].Detail, "exams") {
			t.Errorf("audit of the delete = %+v, want one line with the time and without the notes", log)
		}
		return nil
	})
	if err := w.s.Update(ctx, func(tx *data.Tx) error { return tx.DeleteMeeting(m.ID) }); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("deleting it again = %v, want ENOTFOUND", err)
	}
}

func TestMeetingNear(t *testing.T) {
	w := newWorld(t)
	m := logged(t, w, today.Add(-2*time.Hour)) // 12:00
	for _, tc := range []struct {
		name   string
		at     time.Time
		except int64
		want   bool
	}{
		{"SameTime", today.Add(-2 * time.Hour), 0, true},
		{"59MinutesLater", today.Add(-61 * time.Minute), 0, true},
		{"59MinutesEarlier", today.Add(-179 * time.Minute), 0, true},
		{"AnHourLater", today.Add(-time.Hour), 0, false},
		{"ItselfWhenCorrected", today.Add(-2 * time.Hour), m.ID, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var near *data.Meeting
			update(t, w.s, func(tx *data.Tx) (err error) { near, err = tx.MeetingNear(w.pairing.ID, tc.at, tc.except); return })
			if (near != nil) != tc.want {
				t.Errorf("MeetingNear(%s) = %v, want found %v", tc.at.Format("15:04"), near, tc.want)
			}
		})
	}
}

// TestMeetingIDs: the list's IDs are every match, newest first, and the
// rows read for a page come back in that order, with names.
func TestMeetingIDs(t *testing.T) {
	w := newWorld(t)
	var want []int64
	for d := 40; d >= 1; d-- {
		m := logged(t, w, today.AddDate(0, 0, -d))
		want = append([]int64{m.ID}, want...)
	}
	for _, tc := range []struct {
		name string
		f    data.MeetingFilter
		n    int
	}{
		{"All", data.MeetingFilter{Limit: 5}, 40}, // the limit is for Meetings, not the count
		{"Mentor", data.MeetingFilter{MentorID: w.mentor.ID}, 40},
		{"OtherMentor", data.MeetingFilter{MentorID: w.mentor.ID + 1}, 0},
		{"Student", data.MeetingFilter{StudentID: w.student.ID}, 40},
		{"Dates", data.MeetingFilter{From: data.MustDate("2026-03-01"), To: data.MustDate("2026-03-05")}, 5},
		{"Status", data.MeetingFilter{Status: data.MeetingPlanned}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ids []int64
			var rows []data.MeetingRow
			update(t, w.s, func(tx *data.Tx) (err error) {
				if ids, err = tx.MeetingIDs(tc.f); err != nil {
					return err
				}
				rows, err = tx.MeetingRows(ids[:min(3, len(ids))])
				return err
			})
			if len(ids) != tc.n {
				t.Fatalf("MeetingIDs = %d, want %d", len(ids), tc.n)
			}
			if tc.name == "All" && (ids[0] != want[0] || ids[39] != want[39]) {
				t.Errorf("MeetingIDs order = %v…, want newest first %v…", ids[:3], want[:3])
			}
			for i, r := range rows {
				if r.ID != ids[i] || r.StudentName != "Zoë Okafor" || r.MentorName != "Mr Tanaka" {
					t.Errorf("MeetingRows[%d] = %d %q %q, want %d with names", i, r.ID, r.StudentName, r.MentorName, ids[i])
				}
			}
		})
	}
}
