package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"mentorbook/data"
)

const summaryTitle = "Student progress summary"

// StudentSummary writes one student's termly progress summary to w as a PDF.
func StudentSummary(w io.Writer, sum *data.StudentSummary, opt Options) error {
	d, err := newDoc(letterheadOf(sum.ReportHeader, opt), summaryTitle, "Termly progress summary of "+sum.Student.FullName())
	if err != nil {
		return err
	}
	d.summary(sum)
	return d.write(w)
}

// summary draws sum as a section of its own: its pages are numbered
// "Page 1 of 2" whatever comes before it, and it appears in the PDF's
// bookmarks under the student's name.
func (d *doc) summary(sum *data.StudentSummary) {
	st := &sum.Student
	d.section("Progress summary: " + isolate(st.FullName()))
	d.pdf.Bookmark(plain(st.FullName()+" ("+st.SchoolID+")"), 0, 0)
	d.heading(st.FullName())
	var about []string
	if st.PreferredName != "" && st.PreferredName != st.GivenName {
		about = append(about, "known as "+isolate(st.PreferredName))
	}
	about = append(about, "School ID "+st.SchoolID)
	if st.YearGroup != "" {
		about = append(about, "Year "+strings.TrimPrefix(st.YearGroup, "Year "))
	}
	if st.Homeroom != "" {
		about = append(about, "Homeroom "+st.Homeroom)
	}
	if st.Pronouns != "" {
		about = append(about, st.Pronouns)
	}
	if !st.Active {
		about = append(about, "left school "+day(st.LeftOn))
	}
	d.notice(strings.Join(about, " · "))

	var mentors []string
	for _, p := range sum.Pairings {
		s := isolate(p.MentorName)
		if p.MentorRole != "" {
			s += " (" + p.MentorRole + ")"
		}
		s += ": " + day(p.Start)
		if !p.ClosedOn.IsZero() {
			s += " to " + day(p.ClosedOn) + ", closed"
			if p.Reason != "" {
				s += " (" + p.Reason + ")"
			}
		} else {
			s += ", planned to " + day(p.PlannedEnd) + ", " + p.Status
		}
		mentors = append(mentors, s)
	}
	if len(mentors) == 0 {
		mentors = []string{"No pairing this term"}
	}
	label := "Mentor"
	if len(mentors) > 1 {
		label = "Mentors"
	}
	kv := [][2]string{{"Period", period(sum.ReportHeader)}, {label, strings.Join(mentors, "\n")}, {"Consent", consentLines(sum.Consents)}}
	if st.Interests != "" {
		kv = append(kv, [2]string{"Interests", st.Interests})
	}
	if st.Needs != "" {
		kv = append(kv, [2]string{"Notes on needs", st.Needs})
	}
	d.keyValues(kv)

	d.ensure(70) // the figures and the chart under them
	d.subheading("Meetings this term")
	m := sum.Meetings
	d.figures([]figure{
		{count(m.Held), "held"},
		{count(m.Missed()), "missed: " + count(m.StudentAbsent) + " student, " + count(m.MentorAbsent) + " mentor absent"},
		{count(m.Cancelled), "cancelled"},
		{count(m.Minutes), "minutes together"},
	})
	d.keyValues([][2]string{{"Meeting dose", doseLine(sum.Dose)}, {"Next meeting", nextMeeting(sum.Next)}})
	labels, values := buckets(sum.PerWeek)
	d.barChart(barChart{title: "Meetings held each week (week beginning)", labels: labels, values: values, height: 22})

	d.subheading("Goals")
	if len(sum.Goals) == 0 {
		d.notice("No goals recorded.")
	} else {
		rows := make([][]string, 0, len(sum.Goals))
		for _, g := range sum.Goals {
			rows = append(rows, goalRow(g))
		}
		d.tableWith(tableOptions{text: smallText}, []column{
			{title: "Goal", weight: 4.6}, {title: "Status", weight: 1.2},
			{title: "Baseline and progress", weight: 3.4}, {title: "Latest comment", weight: 2.6},
		}, rows)
	}

	if len(sum.Wellbeing) > 0 {
		d.ensure(wellbeingHeight)
	}
	d.subheading("Wellbeing check-ins")
	if len(sum.Wellbeing) == 0 {
		d.notice("No wellbeing check-ins this term.")
	} else {
		d.lineChart(wellbeingChart(sum.Wellbeing))
		d.notice("Each answer is on a scale from 1 (low) to 5 (high).")
	}

	// The mentor's term comment, shared by definition: the form says so.
	// Nothing is printed for a pairing without one.
	var commented []data.PairingSummary
	for _, p := range sum.Pairings {
		if strings.TrimSpace(p.Comment) != "" {
			commented = append(commented, p)
		}
	}
	if len(commented) > 0 {
		title := "Mentor's comment"
		if len(commented) > 1 {
			title = "Mentors' comments"
		}
		d.subheading(title)
		for _, p := range commented {
			d.paragraph(p.Comment, bodyText)
			d.notice("— " + isolate(p.MentorName))
		}
	}

	// The signature block goes with the last section: what ends the
	// summary moves to the next page with it rather than leaving the
	// signatures alone on a page of their own.
	var steps []string
	for _, n := range sum.NextSteps {
		text := isolate(n.Text)
		if n.Confidential {
			text = confidentialMark + text
		}
		steps = append(steps, text+" ("+day(n.On)+")")
	}
	leftOut := ""
	if sum.LeftOut > 0 {
		leftOut = plural(sum.LeftOut, "confidential note is", "confidential notes are") + " not shown."
	}
	tail := 4 + d.signatureHeight()
	if leftOut != "" {
		tail += d.noticeHeight(leftOut)
	}
	d.subheading("Shared notes")
	if len(sum.Notes) == 0 {
		d.notice("No shared notes this term.")
	} else {
		keep := tail + bodyText.lineHeight()*0.6 // and the space under the table
		if len(steps) > 0 {
			keep = 0
		}
		d.tableWith(tableOptions{keep: keep}, []column{{title: "Date", weight: 1}, {title: "Note", weight: 6}}, noteRows(sum.Notes))
	}
	if len(steps) > 0 {
		d.keep(d.headingHeight(subheadingText) + d.bulletsHeight(steps) + tail)
		d.subheading("Next steps")
		d.bullets(steps)
	}
	if leftOut != "" {
		d.notice(leftOut)
	}
	d.space(4)
	d.signatureLines("Programme coordinator: signature and date", "Head of year: signature and date")
}

// confidentialMark starts every confidential text a report prints, when
// the coordinator asked for confidential notes.
const confidentialMark = "CONFIDENTIAL: "

// period writes the days a report covers: the term, or the term to the day
// printed while it is still under way.
func period(h data.ReportHeader) string {
	t := h.Term
	if !h.Printed.IsZero() && h.Printed.Before(t.End) && !h.Printed.Before(t.Start) {
		return fmt.Sprintf("%s to %s, term to date (%s ends %s)", day(t.Start), day(h.Printed), t.Name, day(t.End))
	}
	return fmt.Sprintf("%s to %s, the whole of %s", day(t.Start), day(t.End), t.Name)
}

// doseLine writes the student's meeting dose against the programme's
// target: "12 of 13 weeks with a meeting; 900 of 960 minutes".
func doseLine(dose data.TermDose) string {
	if dose.From.IsZero() {
		return "No mentor this term, so no dose to judge."
	}
	with := "a meeting"
	if dose.WeeklyMeetings != 1 {
		with = plural(dose.WeeklyMeetings, "meeting", "meetings")
	}
	return fmt.Sprintf("%s of %s with %s; %s of %s minutes (%s to %s; the target is %s a week and %s minutes a month)",
		count(dose.WeeksMet), plural(dose.Weeks, "week", "weeks"), with, count(dose.Minutes), count(dose.MinutesDue),
		day(dose.From), day(dose.To), plural(dose.WeeklyMeetings, "meeting", "meetings"), count(dose.MonthlyMinutes))
}

// nextMeeting writes the next planned meeting, "Thursday 3 December 2026
// at 10:00 with Mr Tanaka".
func nextMeeting(n data.NextMeeting) string {
	if n.At.IsZero() {
		return "None planned"
	}
	return n.At.Format("Monday 2 January 2006 at 15:04") + " with " + isolate(n.Mentor)
}

// consentLines writes a student's consents, one kind a line.
func consentLines(cs []data.Consent) string {
	byKind := map[string]data.Consent{}
	for _, c := range cs {
		byKind[c.Kind] = c
	}
	var lines []string
	for _, k := range data.ConsentKinds {
		c, ok := byKind[k]
		if !ok {
			lines = append(lines, capital(k)+": not requested")
			continue
		}
		s := capital(k) + ": " + c.Status
		if c.Status == data.ConsentGranted {
			if !c.SignedOn.IsZero() {
				s += " " + day(c.SignedOn)
			}
			if !c.ValidUntil.IsZero() {
				s += ", valid until " + day(c.ValidUntil)
			}
		} else if c.Status == data.ConsentRequested && !c.RequestedOn.IsZero() {
			s += " " + day(c.RequestedOn)
		}
		if c.Notes != "" {
			s += " (" + c.Notes + ")"
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// buckets splits a chart's buckets into labels and values.
func buckets(bs []data.Bucket) ([]string, []float64) {
	labels := make([]string, len(bs))
	values := make([]float64, len(bs))
	for i, b := range bs {
		labels[i], values[i] = b.Label, b.Value
	}
	return labels, values
}

// goalRow is a goal's row in the summary: the goal with its area, target
// and description; where it started (its first progress entry ever) and
// its progress entries this term, read left to right as a trend,
// "Baseline 1/5 (28 Jun 2026) · this term 12 Sep 2/5 → 3 Oct 3/5".
func goalRow(g data.GoalReport) []string {
	about := []string{g.Area}
	if !g.Target.IsZero() {
		about = append(about, "by "+day(g.Target))
	}
	title := isolate(g.Title)
	if g.Description != "" {
		title += " — " + isolate(g.Description)
	}
	title += " (" + strings.Join(about, ", ") + ")"
	var steps []string
	latest := ""
	for _, e := range g.Entries {
		if v := progressValue(e); v != "" {
			// No-break spaces keep a date with its value.
			steps = append(steps, e.On.Time().Format("2\u00a0Jan")+"\u00a0"+v)
		}
		if e.Comment != "" {
			latest = e.Comment
		}
	}
	baseline := "Baseline: none recorded"
	if v := progressValue(g.Baseline); !g.Baseline.On.IsZero() && v != "" {
		baseline = "Baseline " + v + " (" + day(g.Baseline.On) + ")"
	}
	progress := "no progress recorded this term"
	if len(steps) > 0 {
		progress = "this term " + strings.Join(steps, " → ")
	}
	status := capital(g.Status)
	if g.Overdue {
		status = "Overdue" // open, and past its target date
	}
	return []string{title, status, baseline + " · " + progress, latest}
}

// wellbeingHeight is the height of the wellbeing heading, chart, legend and
// note, kept together on one page.
var wellbeingHeight = 2*subheadingText.lineHeight() + 28 + 4*smallText.lineHeight() + 2*bodyText.lineHeight() + 12

// wellbeingChart plots the three check-in questions over the term's
// meetings.
func wellbeingChart(points []data.WellbeingPoint) lineChart {
	c := lineChart{min: 1, max: 5, height: 28}
	for _, p := range points {
		c.labels = append(c.labels, p.On.Time().Format("2 Jan"))
	}
	for q, name := range data.WellbeingQuestions {
		s := series{name: name}
		for _, p := range points {
			v := float64(p.Scores[q])
			if p.Scores[q] == 0 {
				v = math.NaN() // that question was not asked
			}
			s.values = append(s.values, v)
		}
		c.series = append(c.series, s)
	}
	return c
}

func noteRows(notes []data.NoteEntry) [][]string {
	rows := make([][]string, len(notes))
	for i, n := range notes {
		text := n.Text
		if n.Confidential {
			text = confidentialMark + isolate(text)
		}
		rows[i] = []string{day(n.On), text}
	}
	return rows
}

// Batch writes many student summaries into one PDF: a cover page that says
// how many students it holds and who is left out, a list of contents, then
// each summary on pages of its own, numbered from 1 and bookmarked under
// the student's name. Summaries are drawn as they are added, so a caller
// can assemble the next one while holding only the current.
type Batch struct {
	d        *doc
	expected int
	contents []contentsRow
	// Where the contents list goes: pages reserved up front, since page
	// numbers are known only once the summaries are drawn.
	rowsAt []contentsSlot
}

type contentsRow struct {
	name, schoolID, year string
	page                 int
}

type contentsSlot struct {
	page int
	y    float64
}

// NewBatch starts a batch for the term of h. expected is the number of
// summaries that will be added, for the contents; withheld is the number of
// students left out because their data-sharing consent was declined or
// withdrawn, which the cover states.
func NewBatch(h data.ReportHeader, expected, withheld int, opt Options) (*Batch, error) {
	d, err := newDoc(letterheadOf(h, opt), "Student progress summaries", "Termly progress summaries, "+h.Term.Name)
	if err != nil {
		return nil, err
	}
	b := &Batch{d: d, expected: expected}
	d.section("Student progress summaries")
	d.pdf.Bookmark("Contents", 0, 0)
	d.heading("Student progress summaries: " + isolate(h.Term.Name))
	d.paragraph(fmt.Sprintf("This file holds the termly progress summaries of %s who had a mentor during %s (%s to %s), in order of family name. Each summary starts on a new page, with its own page numbers.",
		plural(expected, "student", "students"), h.Term.Name, day(h.Term.Start), day(h.Term.End)), bodyText)
	if withheld > 0 {
		d.paragraph(plural(withheld, "student whose guardians declined or withdrew data-sharing consent is", "students whose guardians declined or withdrew data-sharing consent are")+" not included.", boldText)
	}
	if h.Confidential {
		d.paragraph("This print includes confidential notes, as the coordinator asked. Keep it securely.", boldText)
	}
	if expected == 0 {
		return b, nil
	}
	// The contents: a header now, then one line per summary filled in by
	// Write, on as many pages as the expected count needs.
	cols := b.contentsColumns()
	d.table(cols, nil)
	d.y -= bodyText.lineHeight() * 0.6
	lh := bodyText.lineHeight() + 2*cellPadY
	for i := 0; i < expected; i++ {
		if d.y+lh > d.bottom {
			d.addPage()
			d.table(cols, nil)
			d.y -= bodyText.lineHeight() * 0.6
		}
		b.rowsAt = append(b.rowsAt, contentsSlot{page: d.pdf.PageNo(), y: d.y})
		d.y += lh
	}
	return b, nil
}

func (b *Batch) contentsColumns() []column {
	return []column{{title: "Student", weight: 4}, {title: "School ID", weight: 1.5}, {title: "Year", weight: 1}, {title: "PDF page", weight: 1, align: alignRight}}
}

// Add draws one student's summary.
func (b *Batch) Add(sum *data.StudentSummary) {
	st := &sum.Student
	b.contents = append(b.contents, contentsRow{name: st.FullName(), schoolID: st.SchoolID, year: st.YearGroup, page: b.d.pdf.PageNo() + 1})
	b.d.summary(sum)
}

// Write finishes the batch and writes the PDF to w.
func (b *Batch) Write(w io.Writer) error {
	d := b.d
	last := d.pdf.PageNo()
	widths := d.columnWidths(b.contentsColumns())
	lh := bodyText.lineHeight() + 2*cellPadY
	for i, slot := range b.rowsAt {
		if i >= len(b.contents) {
			break
		}
		r := b.contents[i]
		d.revisit(slot.page)
		if i%2 == 1 {
			d.fillRect(d.left, slot.y, d.right-d.left, lh, zebraFill)
		}
		x := d.left
		for c, text := range []string{r.name, r.schoolID, r.year, count(r.page)} {
			// Left, whatever the script: an Arabic name lines up with the rest.
			align := alignLeft
			if c == 3 {
				align = alignRight
			}
			d.textLine(x+cellPadX, slot.y+cellPadY, widths[c]-2*cellPadX, text, bodyText, align, ink)
			x += widths[c]
		}
		d.pdf.Link(d.left, slot.y, d.right-d.left, lh, b.link(r.page))
	}
	d.pdf.SetPage(last)
	return d.write(w)
}

// link returns a link to the top of page.
func (b *Batch) link(page int) int {
	id := b.d.pdf.AddLink()
	b.d.pdf.SetLink(id, 0, page)
	return id
}
