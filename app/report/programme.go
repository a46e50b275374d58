package report

import (
	"fmt"
	"io"
	"math"
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
	period := fmt.Sprintf("%s, %s to %s.", rep.Term.Name, day(rep.Term.Start), day(rep.Term.End))
	if rep.ToDate {
		// Every figure stops at the day printed: the days not yet lived
		// would otherwise count as meetings missed.
		period = fmt.Sprintf("%s. Term to date: %s; the term ends on %s.", rep.Term.Name, dateRange(rep.Term.Start, rep.JudgedOn), day(rep.Term.End))
	}
	d.notice(period + " Figures only: this report names no student.")
	d.figures([]figure{
		{count(rep.ActivePairings), "pairings running this term"},
		{count(rep.Meetings.Held), "meetings held"},
		doseFigure(rep),
		{count(rep.StudentsWaiting), "students waiting for a mentor"},
	})

	set := rep.Settings
	d.heading("Pairings")
	d.keyValues([][2]string{
		{"Running this term", count(rep.ActivePairings) + " (active or paused at some time in the term)"},
		{"Started this term", count(rep.NewPairings)},
		{"Closed this term", fmt.Sprintf("%s, of which %s before %s months (early)", count(rep.ClosedPairings), count(rep.EarlyClosures), count(set.CommitmentMonths))},
		{"Reached 6 months", retention(rep.Retention6, 6, rep.JudgedOn)},
		{"Reached 12 months", retention(rep.Retention12, 12, rep.JudgedOn)},
		{"Students waiting", fmt.Sprintf("%s at school had no open or proposed pairing on %s", plural(rep.StudentsWaiting, "student", "students"), day(rep.JudgedOn))},
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
	weekly := barChart{title: "Meetings held each week (week beginning)", labels: labelsW, values: valuesW, height: 35}
	for _, b := range rep.PerWeek {
		weekly.targets = append(weekly.targets, b.Target)
		if b.Target > 0 {
			weekly.targetName = fmt.Sprintf("The dose: %s a week for each pairing running all week", plural(set.WeeklyMeetings, "meeting", "meetings"))
		}
	}
	if n := len(rep.PerWeek); n > 0 && rep.PerWeek[n-1].Partial {
		weekly.partial = fmt.Sprintf("Week of %s: partial, to %s", day(rep.PerWeek[n-1].Start), day(rep.JudgedOn))
	}
	d.barChart(weekly)
	bandLabels := make([]string, len(rep.MeetingsPerPair))
	bandValues := make([]int, len(rep.MeetingsPerPair))
	for i, b := range rep.MeetingsPerPair {
		bandLabels[i], bandValues[i] = b.Label, int(b.Value)
	}
	d.hbars("Pairings by meetings held this term", bandLabels, bandValues)
	d.programmeWellbeing(rep)

	d.heading("Good practice")
	judged := day(rep.JudgedOn)
	practice := [][2]string{{"Meeting dose this term", doseTerm(rep)}}
	if rep.ToDate {
		// The dashboard's view of one day, labelled as such: early in a
		// month it reads low, as every pairing owes a few minutes from the
		// month's first school day, so it is not the term's headline.
		practice = append(practice, [2]string{"Dose this month so far", share(rep.DoseMet) + fmt.Sprintf(
			" of pairings running on %s had %s's dose so far that day, as the dashboard judges it (a one-day view: from the month's first school day every pairing owes some minutes)",
			judged, rep.JudgedOn.Time().Format("January"))})
	}
	d.keyValues(append(practice, [][2]string{
		{"Staff check-ins", share(rep.CheckinsMet) + fmt.Sprintf(" of pairings running on %s had no staff check-in overdue", judged)},
		{"Participation consent", share(rep.ConsentOK) + fmt.Sprintf(" of students in pairings open on %s had valid consent that day", judged)},
		{"Goals achieved", share(rep.GoalsAchieved) + " of the goals open this term (of students paired in it) were achieved in it"},
		{"Mentors vetted", share(rep.MentorsVetted) + fmt.Sprintf(" of mentors with a pairing open on %s held every required check that day", judged)},
		{"Mentors trained", share(rep.MentorsTrained) + " of those mentors had training recorded by then"},
	}...))
	// The rules exactly as the dashboard applies them, in Settings' words.
	d.notice("The rules applied, as in Settings ▸ Programme health: " + set.DoseRule() + " " + set.CheckinRule())
	if rep.Withheld > 0 {
		d.notice(plural(rep.Withheld, "student whose guardians declined or withdrew data-sharing consent is", "students whose guardians declined or withdrew data-sharing consent are") + " counted in these figures but never named.")
	}
	d.programmeComparison(rep)
	d.space(4)
	d.signatureLines("Programme coordinator: signature and date", "Head teacher: signature and date")
	return d.write(w)
}

// programmeWellbeing plots the average answer to each wellbeing question,
// week by week, over every held meeting where it was asked.
func (d *doc) programmeWellbeing(rep *data.ProgrammeReport) {
	c := lineChart{title: "Wellbeing: the average answer each week (1 to 5)", min: 1, max: 5, height: 28}
	asked := false
	for q, name := range data.WellbeingQuestions {
		ser := series{name: name}
		for i, w := range rep.WellbeingWeeks {
			ser.values = append(ser.values, w[q])
			asked = asked || !math.IsNaN(w[q])
			if q == 0 {
				c.labels = append(c.labels, rep.PerWeek[i].Label)
			}
		}
		c.series = append(c.series, ser)
	}
	if !asked {
		c.labels = nil // "No data"
	}
	d.lineChart(c)
}

// programmeComparison sets each headline figure beside the previous
// term's, judged to its end, with the change.
func (d *doc) programmeComparison(rep *data.ProgrammeReport) {
	p := rep.Previous
	if p == nil {
		return
	}
	// The comparison reads as one table: it moves whole to the next page.
	d.keep(d.headingHeight(headingText) + 10*bodyText.lineHeight()*1.25 + 2*d.noticeHeight(" "))
	d.heading("Compared with " + isolate(p.Term.Name))
	number := func(now, was int) string {
		return fmt.Sprintf("%s (%s: %s; %s)", count(now), p.Term.Name, count(was), signed(now-was, ""))
	}
	percent := func(now, was data.Share) string {
		if now.Whole == 0 || was.Whole == 0 {
			return fmt.Sprintf("%s (%s: %s)", share(now), p.Term.Name, share(was))
		}
		return fmt.Sprintf("%d%% (%s: %d%%; %s)", now.Percent(), p.Term.Name, was.Percent(), signed(now.Percent()-was.Percent(), " points"))
	}
	d.keyValues([][2]string{
		{"Pairings running", number(rep.ActivePairings, p.ActivePairings)},
		{"Started", number(rep.NewPairings, p.NewPairings)},
		{"Closed", number(rep.ClosedPairings, p.ClosedPairings)},
		{"Meetings held", number(rep.Meetings.Held, p.Meetings.Held)},
		{"Met the dose", percent(rep.DoseTerm, p.DoseTerm)},
		{"Check-ins on time", percent(rep.CheckinsMet, p.CheckinsMet)},
		{"Consent valid", percent(rep.ConsentOK, p.ConsentOK)},
		{"Goals achieved", percent(rep.GoalsAchieved, p.GoalsAchieved)},
		{"Mentors vetted", percent(rep.MentorsVetted, p.MentorsVetted)},
		{"Students waiting", number(rep.StudentsWaiting, p.StudentsWaiting)},
	})
	if rep.ToDate {
		to := fmt.Sprintf("This term's figures are to %s", day(rep.JudgedOn))
		if !rep.DoseTo.IsZero() && rep.DoseTo != rep.JudgedOn {
			to += fmt.Sprintf(" (the dose to %s, the last complete week)", day(rep.DoseTo))
		}
		d.notice(fmt.Sprintf("%s; %s's are to its end, %s.", to, p.Term.Name, day(p.JudgedOn)))
	}
}

// doseFigure is the headline dose figure: the term's, judged to the last
// complete week while the term runs.
func doseFigure(rep *data.ProgrammeReport) figure {
	switch {
	case rep.DoseTerm.Whole == 0 && rep.DoseTo.IsZero():
		return figure{"–", "met the meeting dose: no week of the term has ended yet"}
	case rep.DoseTerm.Whole == 0:
		return figure{"–", "met the meeting dose: no pairing to judge"}
	case rep.ToDate:
		return figure{fmt.Sprintf("%d%%", rep.DoseTerm.Percent()), "of pairings met the dose, term to " + rep.DoseTo.Time().Format("2 Jan")}
	}
	return figure{fmt.Sprintf("%d%%", rep.DoseTerm.Percent()), "of pairings met the meeting dose this term"}
}

// doseTerm says what the term's dose figure counts and to which day.
func doseTerm(rep *data.ProgrammeReport) string {
	if rep.DoseTo.IsZero() {
		return "Not judged yet: no week of the term has ended."
	}
	over := "over the whole term"
	if rep.ToDate {
		over = "over the term to " + day(rep.DoseTo) + ", the last complete week"
	}
	return share(rep.DoseTerm) + " of pairings had the meetings and minutes the dose asks " + over +
		" (each from its start and to its closing; paused pairings aside)"
}

// signed writes a change with its sign: "+3", "−2", "no change".
func signed(n int, unit string) string {
	switch {
	case n > 0:
		return "+" + count(n) + unit
	case n < 0:
		return "−" + count(-n) + unit
	}
	return "no change"
}

// dateRange writes two days as "1 Sep – 27 Nov 2026", with the year once
// when both are in it.
func dateRange(from, to data.Date) string {
	if from.Year == to.Year {
		return from.Time().Format("2 Jan") + " – " + day(to)
	}
	return day(from) + " – " + day(to)
}

// retention writes how many pairings old enough by on to reach an age did.
func retention(s data.Share, months int, on data.Date) string {
	if s.Whole == 0 {
		return fmt.Sprintf("No pairing began %d months before %s.", months, day(on))
	}
	return fmt.Sprintf("%s of the %s pairings that began at least %d months before %s (%d%%)",
		count(s.Part), count(s.Whole), months, day(on), s.Percent())
}
