package data_test

import (
	"testing"

	"mentorbook/data"
)

// TestUpdateProgress corrects a progress entry typed wrongly: the new
// values are stored, the goal and meeting stay, the change is audited, and
// an entry cannot be moved to another goal or conjured from nothing.
func TestUpdateProgress(t *testing.T) {
	w := newWorld(t)
	var goal, other *data.Goal
	p := &data.Progress{On: data.MustDate("2026-03-02"), Rating: 2, Percent: -1, Comment: "Reads 1 book a weak"}
	update(t, w.s, func(tx *data.Tx) error {
		goal = &data.Goal{StudentID: w.student.ID, Title: "Read a book a week", Area: "academic"}
		other = &data.Goal{StudentID: w.student.ID, Title: "Come every day", Area: "attendance"}
		for _, g := range []*data.Goal{goal, other} {
			if err := tx.CreateGoal(g); err != nil {
				return err
			}
		}
		p.GoalID = goal.ID
		return tx.AddProgress(p)
	})

	fixed := *p
	fixed.On, fixed.Rating, fixed.Percent, fixed.Comment, fixed.Confidential = data.MustDate("2026-03-03"), 4, 60, "Reads a book a week", true
	update(t, w.s, func(tx *data.Tx) error { return tx.UpdateProgress(&fixed) })
	var got []data.Progress
	var log []data.AuditEntry
	update(t, w.s, func(tx *data.Tx) (err error) {
		if got, err = tx.ProgressOf(goal.ID); err != nil {
			return err
		}
		log, err = tx.AuditLog(data.AuditFilter{Action: data.ActUpdate, Entity: "goal", EntityID: goal.ID})
		return err
	})
	if len(got) != 1 || got[0] != fixed {
		t.Errorf("ProgressOf after the correction = %+v, want [%+v]", got, fixed)
	}
	if len(log) != 1 || log[0].Detail != "progress" {
		t.Errorf("audit lines for the correction = %+v, want one", log)
	}

	for _, tc := range []struct {
		name  string
		edit  func(p *data.Progress)
		code  string
		field string
	}{
		{"NoScore", func(p *data.Progress) { p.Rating, p.Percent = 0, -1 }, data.EINVALID, "rating"},
		{"Future", func(p *data.Progress) { p.On = data.MustDate("2027-01-01") }, data.EINVALID, "on"},
		{"OtherGoal", func(p *data.Progress) { p.GoalID = other.ID }, data.ENOTFOUND, ""},
		{"NoSuchEntry", func(p *data.Progress) { p.ID = 9999 }, data.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := fixed
			tc.edit(&bad)
			err := w.s.Update(t.Context(), func(tx *data.Tx) error { return tx.UpdateProgress(&bad) })
			if data.ErrorCode(err) != tc.code || data.ErrorField(err) != tc.field {
				t.Errorf("UpdateProgress = %v (code %s, field %q), want code %s on field %q", err, data.ErrorCode(err), data.ErrorField(err), tc.code, tc.field)
			}
			update(t, w.s, func(tx *data.Tx) (err error) { got, err = tx.ProgressOf(goal.ID); return })
			if len(got) != 1 || got[0] != fixed {
				t.Errorf("after a refused correction: %+v, want it unchanged", got)
			}
		})
	}
}
