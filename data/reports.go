package data

import (
	"database/sql"
	"fmt"
	"math"
)

// The data behind each PDF report, assembled here so that the drawing code
// never runs SQL. Privacy is decided here too: a confidential note is not
// even read unless ReportOptions.Confidential asks for it, and a student
// whose data-sharing consent is declined or withdrawn is only counted.

// ReportOptions say what a report may contain beyond the default.
type ReportOptions struct {
	// Confidential includes confidential notes. Only the coordinator, on
	// purpose, sets it; the report then says so on every page.
	Confidential bool
}

// MeetingTally counts a period's meetings by outcome.
type MeetingTally struct {
	Held, StudentAbsent, MentorAbsent, Cancelled, Planned int
	Minutes                                               int // of held meetings
}

// Missed is the meetings that did not happen because someone was absent.
func (t MeetingTally) Missed() int { return t.StudentAbsent + t.MentorAbsent }

// Total is every meeting of the period that was not merely planned.
func (t MeetingTally) Total() int { return t.Held + t.Missed() + t.Cancelled }

func (t *MeetingTally) add(status string, minutes int) {
	switch status {
	case MeetingHeld:
		t.Held++
		t.Minutes += minutes
	case "student absent":
		t.StudentAbsent++
	case "mentor absent":
		t.MentorAbsent++
	case "cancelled":
		t.Cancelled++
	case MeetingPlanned:
		t.Planned++
	}
}

// Bucket is one bar of a chart: a label and a value.
type Bucket struct {
	Label   string
	Start   Date
	Value   float64
	Partial bool    // the period is cut short by the day the report covers
	Target  float64 // what the meeting dose asks for in the period; 0 when not judged
}

// ReportHeader is what every report's header and footer carry.
type ReportHeader struct {
	School       School
	Term         Term
	Printed      Date
	Confidential bool // the report includes confidential notes
}

// NoteEntry is a dated note or next step.
type NoteEntry struct {
	On           Date
	Text         string
	Confidential bool
}

// GoalReport is a goal with its progress during the term.
type GoalReport struct {
	Goal
	Entries  []Progress
	Baseline Progress // the goal's first progress entry ever, where it started; zero On when none
	Overdue  bool     // open on the last day the report covers, and past its target date
}

// WellbeingPoint is one check-in's answers.
type WellbeingPoint struct {
	On     Date
	Scores [3]int
}

// PairingSummary is a pairing as a report shows it.
type PairingSummary struct {
	MentorName string
	MentorRole string
	Start      Date
	PlannedEnd Date
	Status     string
	ClosedOn   Date
	Reason     string
	// Comment is the mentor's term comment on the pairing for the
	// report's term (see TermComment); "" when none was written.
	Comment string
}

// StudentSummary is the termly progress summary of one student.
type StudentSummary struct {
	ReportHeader
	Student   Student
	Guardians []StudentGuardian
	Pairings  []PairingSummary
	Consents  []Consent
	Meetings  MeetingTally
	PerWeek   []Bucket // held meetings each week of the term
	Goals     []GoalReport
	Wellbeing []WellbeingPoint
	Notes     []NoteEntry // notes of held meetings, oldest first
	NextSteps []NoteEntry // follow-up actions of the latest meetings
	Dose      TermDose
	Next      NextMeeting
	// LeftOut counts the confidential notes not printed.
	LeftOut int
}

// termBounds returns the first day of the term and the day after its end,
// as strings comparable with meeting times.
func termBounds(t *Term) (from, to string) { return t.Start.String(), t.End.AddDays(1).String() }

func (tx *Tx) reportHeader(term *Term, opts ReportOptions) (ReportHeader, error) {
	s, err := tx.School()
	if err != nil {
		return ReportHeader{}, err
	}
	return ReportHeader{School: *s, Term: *term, Printed: tx.Today(), Confidential: opts.Confidential}, nil
}

// sharingWithheld reports whether a student's data-sharing consent was
// declined or withdrawn: such a student is counted but never named.
func (tx *Tx) sharingWithheld(studentID int64) (bool, error) {
	return tx.exists(`SELECT 1 FROM consents WHERE student_id = ? AND kind = 'data sharing' AND status IN ('declined', 'withdrawn')`, studentID)
}

// ErrSharingWithheld refuses a named report for a student whose guardian
// declined or withdrew data-sharing consent.
var ErrSharingWithheld = Errorf(ECONFLICT, "This student's guardian has declined or withdrawn data-sharing consent, so no report names them.")

// StudentSummary assembles one student's summary for a term. A student
// whose data-sharing consent is withheld is refused with ErrSharingWithheld
// unless opts.Confidential asks for everything.
func (tx *Tx) StudentSummary(studentID int64, term *Term, opts ReportOptions) (*StudentSummary, error) {
	st, err := tx.Student(studentID)
	if err != nil {
		return nil, err
	}
	if !opts.Confidential {
		if withheld, err := tx.sharingWithheld(studentID); err != nil {
			return nil, err
		} else if withheld {
			return nil, ErrSharingWithheld
		}
	}
	h, err := tx.reportHeader(term, opts)
	if err != nil {
		return nil, err
	}
	sum := &StudentSummary{ReportHeader: h, Student: *st}
	if !opts.Confidential && st.NeedsConfidential {
		sum.Student.Needs = ""
	}
	if sum.Guardians, err = tx.GuardiansOf(studentID); err != nil {
		return nil, err
	}
	if sum.Consents, err = tx.Consents(studentID); err != nil {
		return nil, err
	}
	for i := range sum.Consents {
		if sum.Consents[i].Confidential && !opts.Confidential {
			sum.Consents[i].Notes = ""
		}
	}
	if err := tx.summaryPairings(sum, studentID, term); err != nil {
		return nil, err
	}
	if err := tx.summaryMeetings(sum, studentID, term, opts); err != nil {
		return nil, err
	}
	if err := tx.summaryGoals(sum, studentID, term, opts); err != nil {
		return nil, err
	}
	if err := tx.summaryDose(sum, studentID, term); err != nil {
		return nil, err
	}
	if err := tx.summaryNextMeeting(sum, studentID); err != nil {
		return nil, err
	}
	return sum, nil
}

func (tx *Tx) summaryPairings(sum *StudentSummary, studentID int64, term *Term) error {
	rows, err := tx.query(`SELECT m.name, m.role, p.start_on, p.planned_end, p.status, p.closed_on, p.closure_reason,
		COALESCE(tc.comment, '')
		FROM pairings p JOIN mentors m ON m.id = p.mentor_id LEFT JOIN term_comments tc ON tc.pairing_id = p.id AND tc.term_id = ?
		WHERE p.student_id = ? AND p.status <> 'proposed' AND p.start_on <= ? AND (p.closed_on IS NULL OR p.closed_on >= ?)
		ORDER BY p.start_on`, term.ID, studentID, term.End, term.Start)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p PairingSummary
		if err := rows.Scan(&p.MentorName, &p.MentorRole, &p.Start, &p.PlannedEnd, &p.Status, &p.ClosedOn, &p.Reason, &p.Comment); err != nil {
			return err
		}
		sum.Pairings = append(sum.Pairings, p)
	}
	return rows.Err()
}

// weekBuckets returns one empty bucket per week of the term, each starting
// on a Monday (the first may start earlier than the term).
func weekBuckets(term *Term) []Bucket {
	d := term.Start
	for d.Time().Weekday() != 1 {
		d = d.AddDays(-1)
	}
	var out []Bucket
	for ; !d.After(term.End); d = d.AddDays(7) {
		out = append(out, Bucket{Label: d.Time().Format("2 Jan"), Start: d})
	}
	return out
}

func addToWeek(buckets []Bucket, day Date, v float64) {
	for i := len(buckets) - 1; i >= 0; i-- {
		if !day.Before(buckets[i].Start) {
			buckets[i].Value += v
			return
		}
	}
}

func (tx *Tx) summaryMeetings(sum *StudentSummary, studentID int64, term *Term, opts ReportOptions) error {
	from, to := termBounds(term)
	rows, err := tx.query(`SELECT mt.at, mt.minutes, mt.status, `+tx.shown("meeting_notes_shown", "mt", "notes")+`, mt.notes_confidential, mt.follow_up,
		mt.wb_feeling, mt.wb_school, mt.wb_relationships
		FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id
		WHERE p.student_id = ? AND mt.at >= ? AND mt.at < ? ORDER BY mt.at, mt.id`, studentID, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	sum.PerWeek = weekBuckets(term)
	var steps []NoteEntry
	for rows.Next() {
		var at string
		var minutes int
		var status, notes, followUp string
		var confidential bool
		var wb [3]int
		if err := rows.Scan(&at, &minutes, &status, &notes, &confidential, &followUp, &wb[0], &wb[1], &wb[2]); err != nil {
			return err
		}
		day, _ := ParseDate(at[:10])
		sum.Meetings.add(status, minutes)
		if status != MeetingHeld {
			continue
		}
		addToWeek(sum.PerWeek, day, 1)
		if wb != [3]int{} {
			sum.Wellbeing = append(sum.Wellbeing, WellbeingPoint{On: day, Scores: wb})
		}
		if confidential && !opts.Confidential {
			if notes != "" {
				sum.LeftOut++
			}
			if followUp != "" {
				sum.LeftOut++
			}
			continue
		}
		if notes != "" {
			sum.Notes = append(sum.Notes, NoteEntry{On: day, Text: notes, Confidential: confidential})
		}
		if followUp != "" {
			steps = append(steps, NoteEntry{On: day, Text: followUp, Confidential: confidential})
		}
	}
	if len(steps) > 3 {
		steps = steps[len(steps)-3:]
	}
	sum.NextSteps = steps
	return rows.Err()
}

func (tx *Tx) summaryGoals(sum *StudentSummary, studentID int64, term *Term, opts ReportOptions) error {
	// The goals open at some time in the term, as they stood on its last
	// day (or today, while it runs): those achieved or dropped in an
	// earlier term are done with.
	day := tx.judgedOn(term)
	goals, err := tx.GoalsDuring(studentID, term.Start, day)
	if err != nil {
		return err
	}
	for _, g := range goals {
		entries, err := tx.ProgressOf(g.ID)
		if err != nil {
			return err
		}
		gr := GoalReport{Goal: g, Overdue: g.Status == GoalOpen && !g.Target.IsZero() && g.Target.Before(day)}
		if len(entries) > 0 {
			gr.Baseline = entries[0]
			gr.Baseline.Comment = ""
		}
		for _, e := range entries {
			if e.On.Before(term.Start) || e.On.After(term.End) {
				continue
			}
			if e.Confidential && !opts.Confidential {
				if e.Comment != "" {
					sum.LeftOut++
				}
				e.Comment = ""
			}
			gr.Entries = append(gr.Entries, e)
		}
		sum.Goals = append(sum.Goals, gr)
	}
	return nil
}

// StudentsInTerm returns the students who had a pairing (not merely
// proposed) during the term, by family name: those a batch print covers.
// Withheld counts those left out because data-sharing consent was declined
// or withdrawn.
func (tx *Tx) StudentsInTerm(term *Term, opts ReportOptions) (ids []int64, withheld int, err error) {
	rows, err := tx.query(`SELECT s.id, s.family_name, s.given_name, EXISTS (SELECT 1 FROM consents c WHERE c.student_id = s.id AND c.kind = 'data sharing'
			AND c.status IN ('declined', 'withdrawn'))
		FROM students s WHERE EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status <> 'proposed'
			AND p.start_on <= ? AND (p.closed_on IS NULL OR p.closed_on >= ?))`, term.End, term.Start)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var names [][2]string
	for rows.Next() {
		var id int64
		var family, given string
		var w bool
		if err := rows.Scan(&id, &family, &given, &w); err != nil {
			return nil, 0, err
		}
		if w && !opts.Confidential {
			withheld++
			continue
		}
		ids = append(ids, id)
		names = append(names, [2]string{family, given})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	order, err := tx.byName(len(ids), func(i int) int64 { return ids[i] },
		func(i int) string { return names[i][0] }, func(i int) string { return names[i][1] })
	if err != nil {
		return nil, 0, err
	}
	sorted := make([]int64, len(ids))
	for i, j := range order {
		sorted[i] = ids[j]
	}
	return sorted, withheld, nil
}

// CaseloadMentee is one mentee in a mentor's caseload.
type CaseloadMentee struct {
	Name     string // empty when data-sharing consent is withheld
	SchoolID string
	Status   string
	Start    Date
	Meetings MeetingTally
	LastHeld Date
}

// MentorCaseload is one mentor's page of the caseload report.
type MentorCaseload struct {
	Mentor   Mentor
	Mentees  []CaseloadMentee
	Meetings MeetingTally
	// Overdue is the dashboard's alerts on JudgedOn about this mentor and
	// their pairings of the term, in words.
	Overdue  []string
	Standing MentorStanding // on JudgedOn
}

// CaseloadReport is the mentor caseload report for a term.
type CaseloadReport struct {
	ReportHeader
	// JudgedOn is the day each mentor's standing and overdue items are
	// judged on: the term's last day, or today while it runs, so that a
	// past term's report shows what was overdue then, not today.
	JudgedOn Date
	ToDate   bool // the term has not ended: JudgedOn is the day printed
	Mentors  []MentorCaseload
}

// Caseloads assembles every mentor who had a pairing during the term.
func (tx *Tx) Caseloads(term *Term, opts ReportOptions) (*CaseloadReport, error) {
	h, err := tx.reportHeader(term, opts)
	if err != nil {
		return nil, err
	}
	day := tx.judgedOn(term)
	rep := &CaseloadReport{ReportHeader: h, JudgedOn: day, ToDate: day.Before(term.End)}
	from, to := termBounds(term)
	// p.id breaks the tie of a mentor's two pairings that start the same
	// day: without it SQLite and PostgreSQL list those mentees in
	// different orders (TestSameAnswersOnBoth).
	rows, err := tx.query(`SELECT p.mentor_id, p.id, p.status, p.start_on,
		`+studentNameSQL+`, s.school_id,
		EXISTS (SELECT 1 FROM consents c WHERE c.student_id = s.id AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn')),
		(SELECT substr(max(at), 1, 10) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at < ?3)
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id
		WHERE p.status <> 'proposed' AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)
		ORDER BY `+tx.dialect.nocase("m.name")+`, m.id, p.start_on, p.id`, term.End, term.Start, to)
	if err != nil {
		return nil, err
	}
	type key struct{ mentor, pairing int64 }
	var order []key
	mentees := map[int64]*CaseloadMentee{}
	for rows.Next() {
		var k key
		var m CaseloadMentee
		var withheld bool
		if err := rows.Scan(&k.mentor, &k.pairing, &m.Status, &m.Start, nameCol{&m.Name}, &m.SchoolID, &withheld, &m.LastHeld); err != nil {
			rows.Close()
			return nil, err
		}
		if withheld && !opts.Confidential {
			m.Name, m.SchoolID = "", ""
		}
		order = append(order, k)
		mentees[k.pairing] = &m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := tx.query(`SELECT mt.pairing_id, mt.status, mt.minutes FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id
		WHERE p.status <> 'proposed' AND mt.at >= ? AND mt.at < ?`, from, to)
	if err != nil {
		return nil, err
	}
	for mrows.Next() {
		var pid int64
		var status string
		var minutes int
		if err := mrows.Scan(&pid, &status, &minutes); err != nil {
			mrows.Close()
			return nil, err
		}
		if m, ok := mentees[pid]; ok {
			m.Meetings.add(status, minutes)
		}
	}
	mrows.Close()
	alerts, err := tx.Alerts(day)
	if err != nil {
		return nil, err
	}
	overdue := map[int64][]string{}
	for _, a := range alerts {
		if a.MentorID == 0 {
			continue
		}
		if a.PairingID == 0 { // about the mentor: vetting, capacity
			overdue[a.MentorID] = append(overdue[a.MentorID], a.Kind+": "+a.Detail)
			continue
		}
		m, ok := mentees[a.PairingID]
		if !ok { // not a pairing of this term's caseload
			continue
		}
		subject := a.Subject
		if m.Name == "" {
			subject = "a mentee"
		}
		// The name first: digits after an Arabic name would be drawn
		// right to left with it.
		overdue[a.MentorID] = append(overdue[a.MentorID], subject+" — "+a.Kind+": "+a.Detail)
	}
	var cur *MentorCaseload
	for _, k := range order {
		if cur == nil || cur.Mentor.ID != k.mentor {
			m, err := tx.Mentor(k.mentor)
			if err != nil {
				return nil, err
			}
			rep.Mentors = append(rep.Mentors, MentorCaseload{Mentor: *m, Overdue: overdue[k.mentor]})
			cur = &rep.Mentors[len(rep.Mentors)-1]
		}
		me := mentees[k.pairing]
		cur.Mentees = append(cur.Mentees, *me)
		t := &cur.Meetings
		t.Held += me.Meetings.Held
		t.StudentAbsent += me.Meetings.StudentAbsent
		t.MentorAbsent += me.Meetings.MentorAbsent
		t.Cancelled += me.Meetings.Cancelled
		t.Planned += me.Meetings.Planned
		t.Minutes += me.Meetings.Minutes
	}
	ms := rep.Mentors
	byName, err := tx.byName(len(ms), func(i int) int64 { return ms[i].Mentor.ID },
		func(i int) string { return ms[i].Mentor.Name }, func(int) string { return "" })
	if err != nil {
		return nil, err
	}
	rep.Mentors = make([]MentorCaseload, len(ms))
	for i, j := range byName {
		rep.Mentors[i] = ms[j]
	}
	return rep, tx.caseloadStanding(rep)
}

// Share is a part of a whole, for figures such as "42 of 50 (84%)".
type Share struct{ Part, Whole int }

// Percent returns the share as a whole percentage, 0 for an empty whole.
func (s Share) Percent() int {
	if s.Whole == 0 {
		return 0
	}
	return (s.Part*100 + s.Whole/2) / s.Whole
}

// ProgrammeReport is the termly report for leadership: figures only,
// never a student's name. Every figure is judged up to JudgedOn: the
// term's last day, or the day printed while the term runs (term to date).
type ProgrammeReport struct {
	ReportHeader
	Settings       Settings
	JudgedOn       Date           // the last day the figures cover: the term's end, or today while it runs
	ToDate         bool           // the term has not ended: the figures are term to date
	ActivePairings int            // pairings active or paused at some time in the term up to JudgedOn
	NewPairings    int            // started in the term
	ClosedPairings int            // closed in the term
	EarlyClosures  int            // of those, closed before the planned commitment
	ClosureReasons map[string]int // closed in the term, by reason
	Retention6     Share          // pairings started at least 6 months before JudgedOn that lasted 6 months
	Retention12    Share          // the same for 12 months
	Meetings       MeetingTally
	DoseMet        Share // pairings running on JudgedOn that had the dose of that month so far: the dashboard's view of one day
	// DoseTerm is the term's own figure: of the pairings active or closed
	// (not paused) in the term, those that had the dose over the term up
	// to DoseTo, or up to their closing (TermDose.Met).
	DoseTerm Share
	// DoseTo is the last day DoseTerm judges: the term's end, or while the
	// term runs the Sunday that ends the last complete week, since a week
	// under way may yet have its meeting. Zero when no week has ended.
	DoseTo          Date
	CheckinsMet     Share // pairings running on JudgedOn with no staff check-in overdue
	ConsentOK       Share // students in pairings open on JudgedOn with valid participation consent that day
	GoalsAchieved   Share // goals open at some time in the term (students paired in it): achieved in the term
	StudentsWaiting int   // students at school on JudgedOn with no open or proposed pairing that day
	PerWeek         []Bucket
	Withheld        int // students in the figures whose data-sharing consent is withheld (counted, never named)

	MentorsVetted   Share    // mentors with a pairing open on JudgedOn whose vetting was valid that day
	MentorsTrained  Share    // the same mentors with training recorded by then
	MeetingsPerPair []Bucket // pairings running in the term by held meetings in it: "0", "1–2", "3–5", "6–9", "10 or more"
	// WellbeingWeeks is the average of each wellbeing question over the
	// held meetings of each week (NaN where none was asked), weeks as PerWeek.
	WellbeingWeeks [][3]float64
	// Previous is the term before, judged to its end, for comparison; nil
	// when there is none.
	Previous *ProgrammeReport
}

// TermStarted refuses a report on a term that has not begun, naming the
// current term: its figures would all be zero, and read as a failure.
func (tx *Tx) TermStarted(term *Term) error {
	today := tx.Today()
	if !term.Start.After(today) {
		return nil
	}
	msg := fmt.Sprintf("The term %s has not started yet (it begins on %s)", term.Name, longDate(term.Start))
	cur, err := tx.Term("")
	switch {
	case err != nil && ErrorCode(err) != ENOTFOUND:
		return err
	case err == nil && !cur.Start.After(today):
		msg += "; the current term is " + cur.Name + "."
	default:
		msg += "; no term has started yet."
	}
	return &Error{Code: EINVALID, Field: "term", Message: msg}
}

// judgedOn is the last day a report on term covers: its end, or today
// while it runs.
func (tx *Tx) judgedOn(term *Term) Date {
	if today := tx.Today(); today.Before(term.End) {
		return today
	}
	return term.End
}

// Programme assembles the programme report for a term, refusing a term
// that has not started, with the previous term's figures beside it.
func (tx *Tx) Programme(term *Term, opts ReportOptions) (*ProgrammeReport, error) {
	if err := tx.TermStarted(term); err != nil {
		return nil, err
	}
	rep, err := tx.programme(term, opts)
	if err != nil {
		return nil, err
	}
	var prev Term
	err = tx.queryRow(`SELECT id, COALESCE(source_id, ''), year_id, name, start_on, end_on FROM terms
		WHERE start_on < ? ORDER BY start_on DESC LIMIT 1`, term.Start).Scan(&prev.ID, &prev.SourceID, &prev.YearID, &prev.Name, &prev.Start, &prev.End)
	if err == sql.ErrNoRows {
		return rep, nil
	}
	if err != nil {
		return nil, err
	}
	rep.Previous, err = tx.programme(&prev, opts)
	return rep, err
}

func (tx *Tx) programme(term *Term, opts ReportOptions) (*ProgrammeReport, error) {
	h, err := tx.reportHeader(term, opts)
	if err != nil {
		return nil, err
	}
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	day := tx.judgedOn(term)
	rep := &ProgrammeReport{ReportHeader: h, Settings: *set, JudgedOn: day, ToDate: day.Before(term.End), ClosureReasons: map[string]int{}}
	rows, err := tx.query(`SELECT p.start_on, p.closed_on, p.closure_reason
		FROM pairings p WHERE p.status <> 'proposed' AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)`,
		day, term.Start)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var start, closed Date
		var reason string
		if err := rows.Scan(&start, &closed, &reason); err != nil {
			rows.Close()
			return nil, err
		}
		rep.ActivePairings++
		if !start.Before(term.Start) {
			rep.NewPairings++
		}
		if !closed.IsZero() && !closed.After(day) {
			rep.ClosedPairings++
			rep.ClosureReasons[reason]++
			if closed.Before(start.AddMonths(set.CommitmentMonths)) {
				rep.EarlyClosures++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := tx.programmeGoodPractice(rep, set); err != nil {
		return nil, err
	}
	if err := tx.programmeRetention(rep); err != nil {
		return nil, err
	}
	if err := tx.programmeMeetings(rep, term); err != nil {
		return nil, err
	}
	if err := tx.programmeStudents(rep, term); err != nil {
		return nil, err
	}
	if err := tx.programmeMentors(rep, set); err != nil {
		return nil, err
	}
	if err := tx.programmePerPairing(rep, term); err != nil {
		return nil, err
	}
	return rep, nil
}

// programmeMentors judges the vetting and training of the mentors with a
// pairing open on the day covered, by the vetting rule of that day.
func (tx *Tx) programmeMentors(rep *ProgrammeReport, set *Settings) error {
	day := rep.JudgedOn
	ids, err := tx.ids(`SELECT DISTINCT mentor_id FROM pairings WHERE status <> 'proposed' AND start_on <= ?1
		AND (closed_on IS NULL OR closed_on > ?1)`, day)
	if err != nil {
		return err
	}
	checks, err := tx.checksOf(ids)
	if err != nil {
		return err
	}
	trained, err := tx.ids(`SELECT DISTINCT mentor_id FROM mentor_training WHERE held_on <= ?`, day)
	if err != nil {
		return err
	}
	hasTraining := map[int64]bool{}
	for _, id := range trained {
		hasTraining[id] = true
	}
	for _, id := range ids {
		rep.MentorsVetted.Whole++
		rep.MentorsTrained.Whole++
		if judgeVetting(checks[id], day, set).Valid {
			rep.MentorsVetted.Part++
		}
		if hasTraining[id] {
			rep.MentorsTrained.Part++
		}
	}
	return nil
}

// perPairingBands are the bands of the meetings-per-pairing distribution.
var perPairingBands = []struct {
	label  string
	lo, hi int
}{{"No meeting", 0, 0}, {"1–2 meetings", 1, 2}, {"3–5 meetings", 3, 5}, {"6–9 meetings", 6, 9}, {"10 or more", 10, 1 << 30}}

// programmePerPairing counts the pairings running in the term by their
// held meetings in it, and averages the wellbeing answers week by week.
func (tx *Tx) programmePerPairing(rep *ProgrammeReport, term *Term) error {
	from, to := term.Start.String(), rep.JudgedOn.AddDays(1).String()
	counts, err := tx.query(`SELECT (SELECT count(*) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?2 AND mt.at < ?3)
		FROM pairings p WHERE p.status <> 'proposed' AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)`, rep.JudgedOn, from, to)
	if err != nil {
		return err
	}
	rep.MeetingsPerPair = make([]Bucket, len(perPairingBands))
	for i, b := range perPairingBands {
		rep.MeetingsPerPair[i].Label = b.label
	}
	for counts.Next() {
		var n int
		if err := counts.Scan(&n); err != nil {
			counts.Close()
			return err
		}
		for i, b := range perPairingBands {
			if n >= b.lo && n <= b.hi {
				rep.MeetingsPerPair[i].Value++
			}
		}
	}
	counts.Close()
	if err := counts.Err(); err != nil {
		return err
	}
	rows, err := tx.query(`SELECT substr(at, 1, 10), wb_feeling, wb_school, wb_relationships FROM meetings
		WHERE status = 'held' AND at >= ? AND at < ?`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	sums := make([][3]float64, len(rep.PerWeek))
	ns := make([][3]int, len(rep.PerWeek))
	for rows.Next() {
		var day Date
		var wb [3]int
		if err := rows.Scan(&day, &wb[0], &wb[1], &wb[2]); err != nil {
			return err
		}
		for i := len(rep.PerWeek) - 1; i >= 0; i-- {
			if !day.Before(rep.PerWeek[i].Start) {
				for q, v := range wb {
					if v > 0 { // 0: the question was not asked
						sums[i][q] += float64(v)
						ns[i][q]++
					}
				}
				break
			}
		}
	}
	rep.WellbeingWeeks = make([][3]float64, len(rep.PerWeek))
	for i := range sums {
		for q := range sums[i] {
			rep.WellbeingWeeks[i][q] = math.NaN()
			if ns[i][q] > 0 {
				rep.WellbeingWeeks[i][q] = sums[i][q] / float64(ns[i][q])
			}
		}
	}
	return rows.Err()
}

// programmeGoodPractice judges the dose and check-in rules on the day the
// report covers, through the same rules as the dashboard: a pairing the
// dashboard flags on that day is one the report counts as not meeting them.
func (tx *Tx) programmeGoodPractice(rep *ProgrammeReport, set *Settings) error {
	cal, err := tx.calendar()
	if err != nil {
		return err
	}
	alerts, judged, err := tx.pairingAlerts(rep.JudgedOn, set, cal)
	if err != nil {
		return err
	}
	rep.DoseMet = Share{Part: judged, Whole: judged}
	rep.CheckinsMet = rep.DoseMet
	for _, a := range alerts {
		switch a.Kind {
		case AlertBelowDose:
			rep.DoseMet.Part--
		case AlertCheckinDue:
			rep.CheckinsMet.Part--
		}
	}
	return tx.programmeTermDose(rep, set, cal)
}

// programmeTermDose judges each pairing of the term by the dose over the
// term to date, as a student's summary does, with one query for all of
// them. Paused pairings are left out, as the dashboard leaves them out.
func (tx *Tx) programmeTermDose(rep *ProgrammeReport, set *Settings, cal calendar) error {
	term := rep.Term
	to := rep.JudgedOn
	if rep.ToDate {
		to = monday(to.AddDays(1)).AddDays(-1) // the last Sunday on or before the day
	}
	if to.Before(term.Start) {
		return nil
	}
	rep.DoseTo = to
	rows, err := tx.query(`SELECT p.id, p.start_on, p.closed_on, substr(mt.at, 1, 10), mt.minutes
		FROM pairings p LEFT JOIN meetings mt ON mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?2 AND mt.at < ?3
		WHERE p.status IN ('active', 'closed') AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)
		ORDER BY p.id`, to, term.Start.String(), to.AddDays(1).String())
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id, last                 int64
		from, end, start, closed Date
		held                     []heldMeeting
	)
	judge := func() {
		if last != 0 {
			rep.DoseTerm.Whole++
			if termDose(from, end, false, held, cal, set).Met() {
				rep.DoseTerm.Part++
			}
		}
	}
	for rows.Next() {
		var m heldMeeting
		var minutes sql.NullInt64
		if err := rows.Scan(&id, &start, &closed, &m.day, &minutes); err != nil {
			return err
		}
		if id != last {
			judge()
			last, from, end, held = id, term.Start, to, held[:0]
			if start.After(from) {
				from = start
			}
			if !closed.IsZero() && closed.Before(end) {
				end = closed
			}
		}
		if minutes.Valid && !m.day.Before(from) && !m.day.After(end) {
			m.minutes = int(minutes.Int64)
			held = append(held, m)
		}
	}
	judge()
	return rows.Err()
}

// programmeRetention: of the pairings that started long enough before the
// day covered to have reached 6 (12) months by then, how many did.
func (tx *Tx) programmeRetention(rep *ProgrammeReport) error {
	for _, r := range []struct {
		months int
		share  *Share
	}{{6, &rep.Retention6}, {12, &rep.Retention12}} {
		cutoff := rep.JudgedOn.AddMonths(-r.months)
		rows, err := tx.query(`SELECT start_on, closed_on FROM pairings WHERE status <> 'proposed' AND start_on <= ?`, cutoff)
		if err != nil {
			return err
		}
		for rows.Next() {
			var start, closed Date
			if err := rows.Scan(&start, &closed); err != nil {
				rows.Close()
				return err
			}
			r.share.Whole++
			if closed.IsZero() || !closed.Before(start.AddMonths(r.months)) {
				r.share.Part++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// programmeMeetings counts the meetings of the term up to the day covered,
// week by week; a last week cut short by that day is marked Partial.
func (tx *Tx) programmeMeetings(rep *ProgrammeReport, term *Term) error {
	day := rep.JudgedOn
	rows, err := tx.query(`SELECT substr(at, 1, 10), status, minutes FROM meetings WHERE at >= ? AND at < ?`, term.Start.String(), day.AddDays(1).String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for _, b := range weekBuckets(term) {
		if !b.Start.After(day) {
			rep.PerWeek = append(rep.PerWeek, b)
		}
	}
	if n := len(rep.PerWeek); n > 0 && rep.ToDate && day.Before(rep.PerWeek[n-1].Start.AddDays(6)) {
		rep.PerWeek[n-1].Partial = true
	}
	for rows.Next() {
		var day Date
		var status string
		var minutes int
		if err := rows.Scan(&day, &status, &minutes); err != nil {
			return err
		}
		rep.Meetings.add(status, minutes)
		if status == MeetingHeld {
			addToWeek(rep.PerWeek, day, 1)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.weekTargets(rep.PerWeek, rep.Settings.WeeklyMeetings)
}

// weekTargets sets each whole week's Target: the held meetings the dose
// asks of the pairings running all that week. A partial week owes none,
// as the dose rule counts complete weeks only.
func (tx *Tx) weekTargets(weeks []Bucket, weekly int) error {
	if len(weeks) == 0 {
		return nil
	}
	rows, err := tx.query(`SELECT start_on, closed_on FROM pairings WHERE status <> 'proposed' AND start_on <= ? AND (closed_on IS NULL OR closed_on >= ?)`,
		weeks[len(weeks)-1].Start, weeks[0].Start)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var start, closed Date
		if err := rows.Scan(&start, &closed); err != nil {
			return err
		}
		for i := range weeks {
			w := &weeks[i]
			if !w.Partial && !start.After(w.Start) && (closed.IsZero() || !closed.Before(w.Start.AddDays(6))) {
				w.Target += float64(weekly)
			}
		}
	}
	return rows.Err()
}

func (tx *Tx) programmeStudents(rep *ProgrammeReport, term *Term) error {
	var err error
	day := rep.JudgedOn
	paired := `SELECT DISTINCT p.student_id FROM pairings p WHERE p.status <> 'proposed' AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)`
	// Goals open at some time in the term, and of those the ones achieved
	// in it (and still achieved on the day covered).
	during := `FROM goals g WHERE g.student_id IN (SELECT p.student_id FROM pairings p WHERE p.status <> 'proposed'
		AND p.start_on <= ?1 AND (p.closed_on IS NULL OR p.closed_on >= ?2)) AND ` + goalOpenDuring
	if rep.GoalsAchieved.Whole, err = tx.scalar(`SELECT count(*) `+during, day, term.Start); err != nil {
		return err
	}
	if rep.GoalsAchieved.Part, err = tx.scalar(`SELECT count(*) `+during+` AND `+goalStatusOn+` = 'achieved'
		AND EXISTS (SELECT 1 FROM goal_statuses gs WHERE gs.goal_id = g.id AND gs.status = 'achieved' AND gs.on_date BETWEEN ?2 AND ?1)`, day, term.Start); err != nil {
		return err
	}
	if rep.Withheld, err = tx.scalar(`SELECT count(*) FROM consents WHERE kind = 'data sharing' AND status IN ('declined', 'withdrawn')
		AND student_id IN (`+paired+`)`, day, term.Start); err != nil {
		return err
	}
	// The state on the day covered, from dated records, so that a past
	// term reads as it was: a pairing was open from its start until the
	// day it closed; a proposal existed from the day it was made.
	open := `SELECT DISTINCT student_id FROM pairings WHERE status <> 'proposed' AND start_on <= ?1 AND (closed_on IS NULL OR closed_on > ?1)`
	if rep.ConsentOK.Whole, err = tx.scalar(`SELECT count(*) FROM (`+open+`) AS open_pairs`, day); err != nil {
		return err
	}
	if rep.ConsentOK.Part, err = tx.scalar(`SELECT count(*) FROM consents c WHERE c.kind = 'participation' AND `+consentValidOn+`
		AND c.student_id IN (`+open+`)`, day); err != nil {
		return err
	}
	// No enrolment date is kept (a roster import creates students the day
	// it runs), so every student not yet left on the day counts.
	rep.StudentsWaiting, err = tx.scalar(`SELECT count(*) FROM students s WHERE (s.active = 1 OR s.left_on > ?1)
		AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = s.id
			AND (substr(p.created_at, 1, 10) <= ?1 OR p.start_on <= ?1) AND (p.closed_on IS NULL OR p.closed_on > ?1))`, day)
	return err
}

// consentValidOn is the SQL condition that consent c was granted and valid
// on day ?1: signed by then, not yet expired, and not withdrawn or marked
// expired until after that day.
const consentValidOn = `COALESCE(c.signed_on, substr(c.updated_at, 1, 10)) <= ?1 AND (c.valid_until IS NULL OR c.valid_until >= ?1)
	AND (c.status = 'granted' OR (c.status IN ('withdrawn', 'expired') AND substr(c.updated_at, 1, 10) > ?1))`

// ConsentLetter is one letter to one guardian about one student.
type ConsentLetter struct {
	Student  Student
	Guardian StudentGuardian
	Needs    []ConsentNeed // every consent kind the student lacks, in ConsentKinds order
}

// ConsentNeed is a consent kind a letter asks for, and where it stands.
type ConsentNeed struct {
	Kind string
	// Status is the recorded status: "" when none is recorded, and
	// ConsentExpired for a granted consent past its valid-until day.
	Status string
}

// ConsentLetters is the consent-letters report: a letter per guardian of
// every active student lacking a kind of consent.
type ConsentLetters struct {
	ReportHeader
	Letters []ConsentLetter
	// NoGuardian counts students who need consent but have no guardian on
	// record: the report says so, since no letter can be addressed.
	NoGuardian []string
	YearEnd    Date // consent given now lasts until this day
}

// ConsentLetters assembles the letters for every active student lacking a
// kind of consent on the day. A student lacks a kind whose consent is not
// granted (not recorded, requested, declined, withdrawn, expired) or is
// granted but past its valid-until day: the rule HasConsent applies to
// participation. Each letter asks for every kind its student lacks.
//
// The one exception to "a student whose data-sharing consent is withheld is
// never named": these letters name such a student too, because each letter
// goes only to that student's own guardians, who already know the child and
// the answer they gave; the student is named to nobody else. Leaving them
// out would deny their guardians the chance to give consent.
func (tx *Tx) ConsentLetters(term *Term) (*ConsentLetters, error) {
	h, err := tx.reportHeader(term, ReportOptions{})
	if err != nil {
		return nil, err
	}
	rep := &ConsentLetters{ReportHeader: h}
	today := tx.Today()
	if y, err := tx.YearOn(today); err != nil {
		return nil, err
	} else if y != nil {
		rep.YearEnd = y.End
	}
	// Where each active student's consents stand, kind by kind.
	recorded := map[int64]map[string]string{}
	rows, err := tx.query(`SELECT c.student_id, c.kind, c.status, c.valid_until FROM consents c
		JOIN students s ON s.id = c.student_id WHERE s.active = 1`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var kind, status string
		var until Date
		if err := rows.Scan(&id, &kind, &status, &until); err != nil {
			rows.Close()
			return nil, err
		}
		if status == ConsentGranted && !until.IsZero() && until.Before(today) {
			status = ConsentExpired
		}
		if recorded[id] == nil {
			recorded[id] = map[string]string{}
		}
		recorded[id][kind] = status
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type need struct {
		st    *Student
		needs []ConsentNeed
	}
	var needs []need
	if rows, err = tx.query(`SELECT ` + tx.studentCols() + ` FROM students s WHERE s.active = 1`); err != nil {
		return nil, err
	}
	for rows.Next() {
		st, err := scanStudent(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		var lacks []ConsentNeed
		for _, k := range ConsentKinds {
			if status := recorded[st.ID][k]; status != ConsentGranted {
				lacks = append(lacks, ConsentNeed{Kind: k, Status: status})
			}
		}
		if len(lacks) > 0 {
			needs = append(needs, need{st, lacks})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	order, err := tx.byName(len(needs), func(i int) int64 { return needs[i].st.ID },
		func(i int) string { return needs[i].st.FamilyName }, func(i int) string { return needs[i].st.GivenName })
	if err != nil {
		return nil, err
	}
	for _, i := range order {
		n := needs[i]
		gs, err := tx.GuardiansOf(n.st.ID)
		if err != nil {
			return nil, err
		}
		if len(gs) == 0 {
			rep.NoGuardian = append(rep.NoGuardian, n.st.FullName())
		}
		for _, g := range gs {
			rep.Letters = append(rep.Letters, ConsentLetter{Student: *n.st, Guardian: g, Needs: n.needs})
		}
	}
	return rep, nil
}
