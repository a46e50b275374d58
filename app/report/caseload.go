package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"mentorbook/data"
)

// Caseloads writes the mentor caseload report to w as a PDF: each mentor's
// mentees, meetings and minutes this term, and what is overdue.
func Caseloads(w io.Writer, rep *data.CaseloadReport, opt Options) error {
	d, err := newDoc(letterheadOf(rep.ReportHeader, opt), "Mentor caseload", "Mentor caseloads, "+rep.Term.Name)
	if err != nil {
		return err
	}
	d.section("Mentor caseload")
	var total data.MeetingTally
	mentees, withheld := 0, 0
	for _, m := range rep.Mentors {
		total.Held += m.Meetings.Held
		total.Minutes += m.Meetings.Minutes
		mentees += len(m.Mentees)
		for _, me := range m.Mentees {
			if me.Name == "" {
				withheld++
			}
		}
	}
	d.figures([]figure{
		{count(len(rep.Mentors)), "mentors with a pairing this term"},
		{count(mentees), "pairings"},
		{count(total.Held), "meetings held"},
		{count(total.Minutes), "minutes together"},
	})
	if withheld > 0 {
		d.notice(plural(withheld, "mentee whose guardians declined or withdrew data-sharing consent is", "mentees whose guardians declined or withdrew data-sharing consent are") + " shown without a name.")
	}
	if len(rep.Mentors) == 0 {
		d.notice("No mentor had a pairing this term.")
	} else {
		meetings := "Meetings and minutes are the whole term's."
		if rep.ToDate {
			meetings = "Meetings and minutes are the term's to date; it ends on " + day(rep.Term.End) + "."
		}
		d.notice(meetings + " Places, vetting, training and what needs attention are as they " + judgedOn(rep) + ".")
	}
	for _, m := range rep.Mentors {
		d.caseload(rep, m)
	}
	return d.write(w)
}

// judgedOn says which day a caseload's standing and overdue items are
// judged on: a past term's last day, so that it is not read as today's.
func judgedOn(rep *data.CaseloadReport) string {
	if rep.ToDate {
		return "stand on " + day(rep.JudgedOn) + ", the day printed"
	}
	return "stood on " + day(rep.JudgedOn) + ", the term's last day"
}

// caseload draws one mentor's part of the report.
func (d *doc) caseload(rep *data.CaseloadReport, m data.MentorCaseload) {
	d.heading(m.Mentor.Name)
	about := capital(m.Mentor.Role)
	if m.Mentor.Email != "" {
		about += " · " + m.Mentor.Email
	}
	t := m.Meetings
	about += fmt.Sprintf(" · this term: %s held, %s missed, %s cancelled, %s minutes",
		count(t.Held), count(t.Missed()), count(t.Cancelled), count(t.Minutes))
	d.notice(about)
	st := m.Standing
	places := fmt.Sprintf("%s of %s places in use", count(st.Open), count(m.Mentor.Capacity))
	if st.OverCapacity(m.Mentor.Capacity) {
		places += ": over capacity"
	}
	d.keyValues([][2]string{
		{"Places", places},
		{"Vetting", vettingLines(st)},
		{"Training", trainingLine(st)},
	})
	rows := make([][]string, 0, len(m.Mentees))
	for _, me := range m.Mentees {
		name, id := me.Name, me.SchoolID
		if name == "" {
			name, id = "Name withheld", "–"
		}
		rows = append(rows, []string{name, id, capital(me.Status), cellDay(me.Start),
			count(me.Meetings.Held), count(me.Meetings.Missed()), count(me.Meetings.Cancelled), count(me.Meetings.Minutes), cellDay(me.LastHeld)})
	}
	d.tableWith(tableOptions{continued: isolate(m.Mentor.Name) + ", continued"}, []column{
		{title: "Mentee", weight: 2.6}, {title: "School ID", weight: 1.5}, {title: "Pairing", weight: 1.2},
		{title: "Started", weight: 1.9}, {title: "Held", weight: 0.9, align: alignRight}, {title: "Missed", weight: 1.2, align: alignRight},
		{title: "Cancelled", weight: 1.55, align: alignRight}, {title: "Minutes", weight: 1.3, align: alignRight},
		{title: "Last held", weight: 1.9},
	}, rows)
	switch {
	case len(m.Overdue) > 0 && rep.ToDate:
		d.subheading("Needs attention on " + day(rep.JudgedOn))
		d.bullets(m.Overdue)
	case len(m.Overdue) > 0:
		d.subheading("Needed attention on " + day(rep.JudgedOn) + ", the term's last day")
		d.bullets(m.Overdue)
	case rep.ToDate:
		d.notice("Nothing needs attention on " + day(rep.JudgedOn) + ".")
	default:
		d.notice("Nothing needed attention on " + day(rep.JudgedOn) + ", the term's last day.")
	}
}

// vettingLines writes a mentor's standing under the vetting rule, then each
// check: type, reference, when it was checked and when it expires.
func vettingLines(st data.MentorStanding) string {
	var lines []string
	switch {
	case !st.Vetting.Valid:
		lines = append(lines, "Not valid: cannot be given a new pairing")
	case st.Vetting.Until.IsZero():
		lines = append(lines, "Valid")
	default:
		lines = append(lines, "Valid until "+day(st.Vetting.Until))
	}
	for _, c := range st.Checks {
		s := c.Kind
		if c.Reference != "" {
			s += " " + c.Reference
		}
		s += ", checked " + day(c.CheckedOn)
		if c.ExpiresOn.IsZero() {
			s += ", does not expire"
		} else {
			s += ", expires " + day(c.ExpiresOn)
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// trainingLine writes a mentor's training: sessions, hours and the latest.
func trainingLine(st data.MentorStanding) string {
	if len(st.Training) == 0 {
		return "None recorded"
	}
	latest := st.Training[0]
	return fmt.Sprintf("%s, %s hours; latest %s on %s", plural(len(st.Training), "session", "sessions"),
		strconv.FormatFloat(st.TrainingHours, 'f', -1, 64), latest.Title, day(latest.HeldOn))
}

// cellDay writes a date for a table cell, where it must never wrap.
func cellDay(d data.Date) string { return strings.ReplaceAll(day(d), " ", "\u00a0") }
