package report

import (
	"fmt"
	"io"
	"sort"

	"mentorbook/data"
)

// Programme writes the programme termly report for leadership to w as a
// PDF. It holds figures only, never a student's name.
func Programme(w io.Writer, rep *data.ProgrammeReport, opt Options) error {
	d, err := newDoc(letterheadOf(rep.ReportHeader, opt), "Programme termly report", "Mentoring programme report, "+rep.Term.Name)
	if err != nil {
		return err
	}
	d.section("Programme termly report")
	d.notice(fmt.Sprintf("%s, %s to %s. Figures only: this report names no student.", rep.Term.Name, day(rep.Term.Start), day(rep.Term.End)))
	d.figures([]figure{
		{count(rep.ActivePairings), "pairings running this term"},
		{count(rep.Meetings.Held), "meetings held"},
		{fmt.Sprintf("%d%%", rep.DoseMet.Percent()), "of pairings met the meeting dose"},
		{count(rep.StudentsWaiting), "students waiting for a mentor"},
	})

	set := rep.Settings
	d.heading("Pairings")
	d.keyValues([][2]string{
		{"Running this term", count(rep.ActivePairings) + " (active or paused at some time in the term)"},
		{"Started this term", count(rep.NewPairings)},
		{"Closed this term", fmt.Sprintf("%s, of which %s before %s months (early)", count(rep.ClosedPairings), count(rep.EarlyClosures), count(set.CommitmentMonths))},
		{"Reached 6 months", retention(rep.Retention6, 6)},
		{"Reached 12 months", retention(rep.Retention12, 12)},
		{"Students waiting", count(rep.StudentsWaiting) + " active students have no pairing today"},
	})
	reasons := make([]string, 0, len(rep.ClosureReasons))
	for r := range rep.ClosureReasons {
		reasons = append(reasons, r)
	}
	// The biggest reason first; ties in the order of the fixed list.
	order := map[string]int{}
	for i, r := range data.ClosureReasons {
		order[r] = i
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := reasons[i], reasons[j]
		if rep.ClosureReasons[a] != rep.ClosureReasons[b] {
			return rep.ClosureReasons[a] > rep.ClosureReasons[b]
		}
		if order[a] != order[b] {
			return order[a] < order[b]
		}
		return a < b
	})
	labels := make([]string, len(reasons))
	values := make([]int, len(reasons))
	for i, r := range reasons {
		labels[i], values[i] = capital(r), rep.ClosureReasons[r]
		if r == "" {
			labels[i] = "Not given"
		}
	}
	d.hbars("Why pairings closed this term", labels, values)

	d.heading("Meetings")
	m := rep.Meetings
	minutesEach := "–"
	if m.Held > 0 {
		minutesEach = count((m.Minutes+m.Held/2)/m.Held) + " minutes"
	}
	d.keyValues([][2]string{
		{"Meetings held", count(m.Held)},
		{"Student absent", count(m.StudentAbsent)},
		{"Mentor absent", count(m.MentorAbsent)},
		{"Cancelled", count(m.Cancelled)},
		{"Minutes together", count(m.Minutes)},
		{"Average meeting", minutesEach},
	})
	labelsW, valuesW := buckets(rep.PerWeek)
	d.barChart(barChart{title: "Meetings held each week (week beginning)", labels: labelsW, values: valuesW, height: 35})

	d.heading("Good practice")
	judged := "the term's last day"
	if !rep.JudgedOn.IsZero() {
		judged = rep.JudgedOn.Time().Format("2 Jan 2006")
	}
	d.keyValues([][2]string{
		{"Meeting dose", share(rep.DoseMet) + fmt.Sprintf(" of pairings running on %s had the dose of that month so far: %s a week and %s minutes a month, pro-rated by school days", judged, plural(set.WeeklyMeetings, "meeting", "meetings"), count(set.MonthlyMinutes))},
		{"Staff check-ins", share(rep.CheckinsMet) + fmt.Sprintf(" of pairings running on %s had no staff check-in overdue: %s in the first month, then %s every 30 days", judged, count(set.FirstMonthCheckins), count(set.MonthlyCheckins))},
		{"Participation consent", share(rep.ConsentOK) + " of students in open pairings have valid consent at the end of the term"},
		{"Goals achieved", share(rep.GoalsAchieved) + " of the goals of students paired this term"},
	})
	if rep.Withheld > 0 {
		d.notice(plural(rep.Withheld, "student whose guardians declined or withdrew data-sharing consent is", "students whose guardians declined or withdrew data-sharing consent are") + " counted in these figures but never named.")
	}
	d.space(4)
	d.signatureLines("Programme coordinator: signature and date", "Head teacher: signature and date")
	return d.write(w)
}

// retention writes how many pairings old enough to reach an age did.
func retention(s data.Share, months int) string {
	if s.Whole == 0 {
		return fmt.Sprintf("No pairing began %d months before the end of term.", months)
	}
	return fmt.Sprintf("%s of the %s pairings that began at least %d months before the end of term (%d%%)",
		count(s.Part), count(s.Whole), months, s.Percent())
}
