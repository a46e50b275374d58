package report

import (
	"fmt"
	"io"

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
	}
	for _, m := range rep.Mentors {
		d.caseload(m)
	}
	return d.write(w)
}

// caseload draws one mentor's part of the report.
func (d *doc) caseload(m data.MentorCaseload) {
	d.heading(m.Mentor.Name)
	about := capital(m.Mentor.Role)
	if m.Mentor.Email != "" {
		about += " · " + m.Mentor.Email
	}
	open := 0
	for _, me := range m.Mentees {
		if me.Status == data.PairingActive || me.Status == data.PairingPaused {
			open++
		}
	}
	about += fmt.Sprintf(" · %s of %s places in use", count(open), count(m.Mentor.Capacity))
	t := m.Meetings
	about += fmt.Sprintf(" · this term: %s held, %s missed, %s cancelled, %s minutes",
		count(t.Held), count(t.Missed()), count(t.Cancelled), count(t.Minutes))
	d.notice(about)
	rows := make([][]string, 0, len(m.Mentees))
	for _, me := range m.Mentees {
		name, id := me.Name, me.SchoolID
		if name == "" {
			name, id = "Name withheld", "–"
		}
		rows = append(rows, []string{name, id, capital(me.Status), day(me.Start),
			count(me.Meetings.Held), count(me.Meetings.Missed()), count(me.Meetings.Cancelled), count(me.Meetings.Minutes), day(me.LastHeld)})
	}
	d.table([]column{
		// Wide enough for each header word in 8 pt bold on A4 and Letter.
		{title: "Mentee", weight: 2.4}, {title: "School ID", weight: 1.5}, {title: "Pairing", weight: 1.2},
		{title: "Started", weight: 1.9}, {title: "Held", weight: 0.9, align: alignRight}, {title: "Missed", weight: 1.2, align: alignRight},
		{title: "Cancelled", weight: 1.55, align: alignRight}, {title: "Minutes", weight: 1.3, align: alignRight},
		{title: "Last held", weight: 1.9},
	}, rows)
	if len(m.Overdue) > 0 {
		d.subheading("Overdue")
		d.bullets(m.Overdue)
	}
}
