package demo

import (
	"time"

	"mentorbook/data"
)

// pairing makes a pairing from start, with weekly meetings up to end (or
// today, and one planned next week, when end is zero), goal progress, and
// the coordinator's check-ins; a pairing with an end is then closed.
func (g *gen) pairing(st *data.Student, start, end data.Date, leaving bool) error {
	ms := g.freeMentor(st.Interests)
	if ms == nil {
		return nil // every caseload is full: the student waits, as in life
	}
	p := &data.Pairing{StudentID: st.ID, MentorID: ms.m.ID, Start: start, Status: data.PairingActive}
	if err := g.tx.CreatePairing(p); err != nil {
		return err
	}
	ms.current++
	last := end
	if last.IsZero() {
		last = g.today
	}
	goals, err := g.tx.Goals(st.ID)
	if err != nil {
		return err
	}
	mood := 2 + g.rng.IntN(2)
	weekday := 1 + g.rng.IntN(5)
	hour := 8 + g.rng.IntN(7)
	n := 0
	for d := start.AddDays(1 + g.rng.IntN(6)); !d.After(last); d = d.AddDays(7 + g.rng.IntN(3) - 1) {
		if skipHoliday(d) {
			continue
		}
		at := time.Date(d.Year, d.Month, d.Day, hour, []int{0, 15, 30, 45}[weekday%4], 0, 0, time.Local)
		if at.After(g.now) {
			break
		}
		m := g.meeting(p.ID, at)
		if m.Status == data.MeetingHeld {
			if g.chance(0.3) && mood < 5 {
				mood++
			} else if g.chance(0.15) && mood > 1 {
				mood--
			}
			m.Wellbeing = [3]int{mood, clamp(mood + g.rng.IntN(3) - 1), clamp(mood + g.rng.IntN(3) - 1)}
			if n%3 == 0 && len(goals) > 0 {
				gl := goals[g.rng.IntN(len(goals))]
				m.Progress = []data.Progress{{GoalID: gl.ID, Rating: clamp(1 + n/4), Percent: -1, Comment: "Steady progress."}}
			}
			n++
		}
		if err := g.tx.LogMeeting(m); err != nil {
			return err
		}
	}
	if err := g.checkins(p.ID, start, last); err != nil {
		return err
	}
	if end.IsZero() {
		next := g.today.AddDays(7)
		return g.tx.LogMeeting(&data.Meeting{PairingID: p.ID, At: time.Date(next.Year, next.Month, next.Day, hour, 0, 0, 0, time.Local),
			Minutes: 45, Kind: "one-to-one", Location: "Library", Status: data.MeetingPlanned})
	}
	for _, gl := range goals {
		if gl.Status == data.GoalOpen && g.chance(0.5) {
			gl.Status = data.GoalAchieved
			if g.chance(0.2) {
				gl.Status = data.GoalDropped
			}
			gl.StatusOn = end
			if err := g.tx.UpdateGoal(&gl); err != nil {
				return err
			}
		}
	}
	reason := data.ClosureReasons[g.rng.IntN(len(data.ClosureReasons))]
	if leaving {
		reason = data.ReasonStudentLeft
	}
	cl := data.Closure{On: end, Reason: reason, Note: "Ended well; both agreed the goals were in reach."}
	if reason == data.ReasonOther {
		cl.Other = "Timetable clash"
	}
	if err := g.tx.ClosePairing(p.ID, p.Version, cl); err != nil {
		return err
	}
	ms.current--
	return nil
}

func (g *gen) meeting(pairingID int64, at time.Time) *data.Meeting {
	m := &data.Meeting{PairingID: pairingID, At: at, Minutes: []int{60, 60, 60, 45, 75, 90}[g.rng.IntN(6)],
		Kind: "one-to-one", Location: g.pick([]string{"Library", "Room 12", "Learning support base", "Canteen"}), Status: data.MeetingHeld,
		Topics: []string{g.pick(topics)}}
	switch r := g.rng.Float64(); {
	case r < 0.06:
		m.Status = "student absent"
	case r < 0.09:
		m.Status = "mentor absent"
	case r < 0.12:
		m.Status = "cancelled"
	}
	if g.chance(0.1) {
		m.Kind = g.pick([]string{"group", "online", "phone"})
	}
	if m.Status != data.MeetingHeld {
		return m
	}
	if g.chance(0.3) {
		m.Topics = append(m.Topics, g.pick(topics))
		if m.Topics[0] == m.Topics[1] {
			m.Topics = m.Topics[:1]
		}
	}
	m.Notes = g.pick(sharedNotes)
	if g.chance(0.05) {
		m.Notes, m.NotesConfidential = g.pick(confidentialNotes), true
	}
	m.FollowUp = g.pick(followUps)
	return m
}

// checkins: two in the first month, then about monthly; a few pairings
// fall behind, which the dashboard shows.
func (g *gen) checkins(pairingID int64, start, last data.Date) error {
	behind := g.chance(0.15)
	for _, d := range []data.Date{start.AddDays(6), start.AddDays(24)} {
		if d.After(last) || d.After(g.today) {
			return nil
		}
		if err := g.tx.AddCheckin(&data.Checkin{PairingID: pairingID, On: d, With: g.pick(data.CheckinWith), Notes: "Going well so far."}); err != nil {
			return err
		}
	}
	for d := start.AddMonths(1).AddDays(25); !d.After(last) && !d.After(g.today); d = d.AddDays(28 + g.rng.IntN(10)) {
		if behind && d.After(g.today.AddDays(-60)) {
			break
		}
		if err := g.tx.AddCheckin(&data.Checkin{PairingID: pairingID, On: d, With: g.pick(data.CheckinWith), Notes: "Regular monitoring call."}); err != nil {
			return err
		}
	}
	return nil
}

// skipHoliday leaves out the summer and winter holidays.
func skipHoliday(d data.Date) bool {
	return d.Month == time.August || (d.Month == time.December && d.Day > 19) || (d.Month == time.January && d.Day < 5)
}

func clamp(v int) int { return min(5, max(1, v)) }
