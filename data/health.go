package data

import (
	"fmt"
	"sort"
	"strings"
)

// The programme-health rules of SPEC.md, in one place: the dashboard, the
// `alerts` command and the reports' good-practice figures all judge
// through the functions of this file, so that a pairing is never "below
// dose" in one and "met the dose" in another. README.md's "Programme
// health rules" says the same in plain words; change both together.
//
// Conventions: day counts are calendar-date differences; a record dated D
// counts on D; "within N days" includes the Nth day; "this month" is the
// calendar month of the day judged.

// calendar knows the school days: the days inside a term. Days outside
// every term (holidays) count neither towards a month's dose nor towards
// "no meeting for N days". A school that has set up no terms at all has
// no holidays: every day counts.
type calendar struct{ terms [][2]Date } // sorted by start, overlaps merged

func (tx *Tx) calendar() (calendar, error) {
	rows, err := tx.query(`SELECT start_on, end_on FROM terms ORDER BY start_on, end_on`)
	if err != nil {
		return calendar{}, err
	}
	defer rows.Close()
	var c calendar
	for rows.Next() {
		var t [2]Date
		if err := rows.Scan(&t[0], &t[1]); err != nil {
			return calendar{}, err
		}
		// Terms that touch or overlap become one span, so no day counts twice.
		if n := len(c.terms); n > 0 && !t[0].After(c.terms[n-1][1].AddDays(1)) {
			if t[1].After(c.terms[n-1][1]) {
				c.terms[n-1][1] = t[1]
			}
			continue
		}
		c.terms = append(c.terms, t)
	}
	return c, rows.Err()
}

// schoolDays counts the days from from to to, both included, that are in
// a term.
func (c calendar) schoolDays(from, to Date) int {
	if to.Before(from) {
		return 0
	}
	if len(c.terms) == 0 {
		return from.DaysUntil(to) + 1
	}
	n := 0
	for _, t := range c.terms {
		lo, hi := t[0], t[1]
		if lo.Before(from) {
			lo = from
		}
		if hi.After(to) {
			hi = to
		}
		if !hi.Before(lo) {
			n += lo.DaysUntil(hi) + 1
		}
	}
	return n
}

// monthStart is the first day of day's month.
func monthStart(day Date) Date { return Date{day.Year, day.Month, 1} }

// Dose is what a pairing owes on a day of a month and what it has had.
type Dose struct {
	Day                       Date
	OwedMinutes, OwedMeetings int
	Minutes, Meetings         int // held this month, up to and including Day
}

// Met reports whether the pairing has had its dose so far.
func (d Dose) Met() bool { return d.Minutes >= d.OwedMinutes && d.Meetings >= d.OwedMeetings }

// doseOwed applies the dose rule: on day d of a month of n days a pairing
// owes MonthlyMinutes × d / n minutes (rounded down) and WeeklyMeetings
// held meetings for each complete week elapsed, where only school days
// count and a pairing that started this month counts from its start day.
// On the last day of a month in term the whole MonthlyMinutes are due.
func doseOwed(day, start Date, cal calendar, set *Settings) Dose {
	first := monthStart(day)
	n := first.DaysUntil(first.AddMonths(1))
	from := first
	if start.After(from) {
		from = start
	}
	d := cal.schoolDays(from, day)
	return Dose{Day: day, OwedMinutes: set.MonthlyMinutes * d / n, OwedMeetings: d / 7 * set.WeeklyMeetings}
}

// silentDays counts the school days after the last held meeting (or the
// pairing's start, when it has had none) up to and including day.
func silentDays(since, day Date, cal calendar) int { return cal.schoolDays(since.AddDays(1), day) }

// checkinDue applies the monitoring rule to a pairing that started on
// start and has had count staff check-ins since, the latest on last. With
// the defaults (two in the first month, then one a month): the first is
// due within 15 days of the start, the second by day 30, and after that
// one within every 30 days of the later of day 30 and the last check-in.
// It returns the day the next check-in is due and which one it is (1 for
// the first), or a zero Date when none is ever due.
func checkinDue(start Date, count int, last Date, set *Settings) (due Date, nth int) {
	if f := set.FirstMonthCheckins; count < f {
		return start.AddDays(30 * (count + 1) / f), count + 1
	}
	if set.MonthlyCheckins <= 0 {
		return Date{}, 0
	}
	base := start.AddDays(30)
	if last.After(base) {
		base = last
	}
	return base.AddDays(30 / set.MonthlyCheckins), count + 1
}

// vettingIssue is one required check type a mentor lacks, or holds only
// until soon.
type vettingIssue struct {
	Kind    string // the required type; "" for "any check"
	Expires Date   // zero when no check of the type is recorded
	Expired bool   // the best check of the type expired before the day
}

func (v vettingIssue) String(day Date) string {
	kind := v.Kind
	if kind == "" {
		kind = "vetting"
	}
	switch {
	case v.Expires.IsZero() && v.Kind == "":
		return "no vetting check recorded; cannot be given a new pairing"
	case v.Expires.IsZero():
		return "no " + kind + " check recorded; cannot be given a new pairing"
	case v.Expired:
		return kind + " check expired on " + longDate(v.Expires) + "; cannot be given a new pairing"
	}
	return fmt.Sprintf("%s check expires on %s (in %s)", kind, longDate(v.Expires), plural(day.DaysUntil(v.Expires), "day"))
}

// Vetting is how a mentor stands against the required check types on a day.
type Vetting struct {
	Valid  bool // every required type has an unexpired check: the mentor may be given a new pairing
	Until  Date // the first day a required check expires; zero when none expires
	issues []vettingIssue
}

// judgeVetting applies the vetting rule. Each required type (or, when
// none is set, any check at all) needs a check taken on or before day that
// has not expired: no expiry date means it does not expire, and the best
// check of a type is the one that lasts longest. A missing or expired
// check makes the mentor invalid; one expiring within CheckExpiryDays is
// reported but still valid. Each type is judged on its own checks, so a
// check without expiry never hides an expiring check of another type.
func judgeVetting(checks []Check, day Date, set *Settings) Vetting {
	kinds := set.RequiredCheckTypes()
	if len(kinds) == 0 {
		kinds = []string{""}
	}
	v := Vetting{Valid: true}
	for _, kind := range kinds {
		var best *Check
		for i := range checks {
			c := &checks[i]
			if c.CheckedOn.After(day) || kind != "" && !strings.EqualFold(strings.TrimSpace(c.Kind), kind) {
				continue
			}
			if best == nil || !best.ExpiresOn.IsZero() && (c.ExpiresOn.IsZero() || c.ExpiresOn.After(best.ExpiresOn)) {
				best = c
			}
		}
		switch {
		case best == nil:
			v.Valid = false
			v.issues = append(v.issues, vettingIssue{Kind: kind})
		case best.ExpiresOn.IsZero():
		case best.ExpiresOn.Before(day):
			v.Valid = false
			v.issues = append(v.issues, vettingIssue{Kind: kind, Expires: best.ExpiresOn, Expired: true})
		default:
			if v.Until.IsZero() || best.ExpiresOn.Before(v.Until) {
				v.Until = best.ExpiresOn
			}
			if !best.ExpiresOn.After(day.AddDays(set.CheckExpiryDays)) {
				v.issues = append(v.issues, vettingIssue{Kind: kind, Expires: best.ExpiresOn})
			}
		}
	}
	return v
}

// checksOf returns the vetting checks of the given mentors (every mentor
// when ids is nil), by mentor.
func (tx *Tx) checksOf(ids []int64) (map[int64][]Check, error) {
	q := `SELECT id, mentor_id, kind, reference, checked_by, checked_on, expires_on FROM mentor_checks`
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return map[int64][]Check{}, nil
		}
		q += ` WHERE mentor_id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Check{}
	for rows.Next() {
		var c Check
		if err := rows.Scan(&c.ID, &c.MentorID, &c.Kind, &c.Reference, &c.CheckedBy, &c.CheckedOn, &c.ExpiresOn); err != nil {
			return nil, err
		}
		out[c.MentorID] = append(out[c.MentorID], c)
	}
	return out, rows.Err()
}

// vetted reports whether the mentor's checks are valid on day under the
// vetting rule: what a new pairing needs.
func (tx *Tx) vetted(mentorID int64, day Date) (bool, error) {
	set, err := tx.Settings()
	if err != nil {
		return false, err
	}
	checks, err := tx.checksOf([]int64{mentorID})
	if err != nil {
		return false, err
	}
	return judgeVetting(checks[mentorID], day, set).Valid, nil
}

// longDate writes a day as "31 Mar 2026", which reads the same whatever
// date format the school has chosen.
func longDate(d Date) string { return d.Time().Format("2 Jan 2006") }

// shortDate writes a day of the month being judged as "31 Mar".
func shortDate(d Date) string { return d.Time().Format("2 Jan") }

// Alert kinds, in the order the dashboard lists them.
const (
	AlertNoMeeting    = "no meeting"
	AlertBelowDose    = "below dose"
	AlertCheckinDue   = "check-in overdue"
	AlertConsent      = "consent"
	AlertMentorCheck  = "vetting"
	AlertWaiting      = "waiting"
	AlertOverCapacity = "over capacity"
)

// AlertKinds lists the kinds in the order the dashboard shows them.
var AlertKinds = []string{AlertNoMeeting, AlertBelowDose, AlertCheckinDue, AlertConsent, AlertMentorCheck, AlertWaiting, AlertOverCapacity}

// AlertTitles names each alert kind as the dashboard heads its list.
var AlertTitles = map[string]string{
	AlertNoMeeting:    "No meeting recently",
	AlertBelowDose:    "Below the meeting dose this month",
	AlertCheckinDue:   "Staff check-ins overdue",
	AlertConsent:      "Consent missing, pending or expiring",
	AlertMentorCheck:  "Mentor checks missing or expiring",
	AlertWaiting:      "Students waiting for a mentor",
	AlertOverCapacity: "Mentors over capacity",
}

// Alert is one item of the dashboard: what needs attention and the record
// it concerns, so that the screen can open it in one click.
type Alert struct {
	Kind      string
	Subject   string // the student's or mentor's name
	SchoolID  string // the student's school ID, for alerts about a student
	Email     string // the mentor's email, for alerts about a mentor only
	Detail    string // what is wrong, in plain words with its figures
	StudentID int64  // zero when the alert concerns a mentor only
	MentorID  int64
	PairingID int64
}

// Person names whom the alert concerns: "Zoë Okafor (S001)" for a student,
// "Mr Tanaka <tanaka@school.example>" for a mentor.
func (a Alert) Person() string {
	switch {
	case a.StudentID != 0 && a.SchoolID != "":
		return a.Subject + " (" + a.SchoolID + ")"
	case a.StudentID == 0 && a.Email != "":
		return a.Subject + " <" + a.Email + ">"
	}
	return a.Subject
}

// String is the alert as one line, as `mentorbook alerts` prints it.
func (a Alert) String() string { return a.Kind + ": " + a.Person() + " — " + a.Detail }

// Alerts returns everything the programme-health rules flag on day, grouped
// by kind in the order of AlertKinds and by name within a kind.
func (tx *Tx) Alerts(day Date) ([]Alert, error) {
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	cal, err := tx.calendar()
	if err != nil {
		return nil, err
	}
	out, _, err := tx.pairingAlerts(day, set, cal)
	if err != nil {
		return nil, err
	}
	for _, f := range []func(Date, *Settings) ([]Alert, error){tx.consentAlerts, tx.mentorAlerts, tx.waitingAlerts} {
		a, err := f(day, set)
		if err != nil {
			return nil, err
		}
		out = append(out, a...)
	}
	rank := map[string]int{}
	for i, k := range AlertKinds {
		rank[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		return out[i].Subject < out[j].Subject
	})
	return out, nil
}

// ConsentAlerts returns the consent alerts of Alerts alone, by name, for
// the Consents screen: the same rule, without judging every pairing (most
// of the time Alerts takes at 10,000 students).
func (tx *Tx) ConsentAlerts(day Date) ([]Alert, error) {
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	out, err := tx.consentAlerts(day, set)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out, err
}

// pairingAlerts applies the meeting, dose and monitoring rules to every
// pairing running on day, in one pass with one row per pairing, and also
// returns how many pairings it judged. A pairing runs on day when it had
// started and was active then: active now, or closed after day (a past
// day's paused pairings cannot be told apart). Pairings of students who
// had left by day, or of mentors made inactive, are never judged.
func (tx *Tx) pairingAlerts(day Date, set *Settings, cal calendar) ([]Alert, int, error) {
	first := monthStart(day)
	end := day.AddDays(1).String()
	running := `p.status = 'active'`
	if day.Before(tx.Today()) {
		// Only a past day has pairings closed since; leaving them out of
		// today's query keeps the dashboard's from reading every closed one.
		running = `(p.status = 'active' OR (p.status = 'closed' AND p.closed_on > ?3))`
	}
	// A mentor may not read check-ins, which are the staff's checks on
	// the mentor: its alerts leave the check-in rule out.
	checkins := `(SELECT count(*) FROM checkins c WHERE c.pairing_id = p.id AND c.on_date >= p.start_on AND c.on_date <= ?3),
		(SELECT max(on_date) FROM checkins c WHERE c.pairing_id = p.id AND c.on_date >= p.start_on AND c.on_date <= ?3)`
	if tx.role == RoleMentor {
		checkins = `0, NULL`
	}
	rows, err := tx.query(`SELECT p.id, p.student_id, p.mentor_id, p.start_on,
		`+studentNameSQL+`, s.school_id, m.name,
		(SELECT substr(max(at), 1, 10) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at < ?2),
		(SELECT count(*) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?1 AND mt.at < ?2),
		(SELECT COALESCE(sum(minutes), 0) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?1 AND mt.at < ?2),
		`+checkins+`
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id
		WHERE p.start_on <= ?3 AND `+running+`
		AND (s.active = 1 OR s.left_on > ?3) AND (m.active = 1 OR p.status = 'closed')`, first.String(), end, day)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Alert
	judged := 0
	for rows.Next() {
		var f pairingFacts
		if err := rows.Scan(&f.id, &f.student, &f.mentor, &f.start, nameCol{&f.studentName}, &f.schoolID, &f.mentorName,
			&f.lastHeld, &f.dose.Meetings, &f.dose.Minutes, &f.checkins, &f.lastCheckin); err != nil {
			return nil, 0, err
		}
		judged++
		f.noCheckins = tx.role == RoleMentor
		out = append(out, f.judge(day, cal, set)...)
	}
	return out, judged, rows.Err()
}

// pairingFacts are the figures the pairing rules need about one pairing.
type pairingFacts struct {
	id, student, mentor   int64
	start                 Date
	studentName, schoolID string
	mentorName            string
	lastHeld, lastCheckin Date
	dose                  Dose // Minutes and Meetings so far this month
	checkins              int
	noCheckins            bool // the login may not read check-ins: the rule is not judged
}

// judge applies the no-meeting, dose and check-in rules on day.
func (f *pairingFacts) judge(day Date, cal calendar, set *Settings) []Alert {
	base := Alert{Subject: f.studentName, SchoolID: f.schoolID, StudentID: f.student, MentorID: f.mentor, PairingID: f.id}
	var out []Alert

	since := f.lastHeld
	if since.IsZero() || since.Before(f.start) {
		since = f.start
	}
	if n := silentDays(since, day, cal); n >= set.NoMeetingDays {
		a := base
		a.Kind = AlertNoMeeting
		if f.lastHeld.IsZero() {
			a.Detail = fmt.Sprintf("no meeting with %s since the pairing started on %s: %s", f.mentorName, longDate(f.start), plural(n, "school day"))
		} else {
			a.Detail = fmt.Sprintf("last met %s on %s, %s ago", f.mentorName, longDate(f.lastHeld), plural(n, "school day"))
		}
		out = append(out, a)
	}

	d := doseOwed(day, f.start, cal, set)
	d.Minutes, d.Meetings = f.dose.Minutes, f.dose.Meetings
	if !d.Met() {
		a := base
		a.Kind = AlertBelowDose
		meetings := ""
		if d.OwedMeetings > 0 {
			meetings = fmt.Sprintf(" and %d of %s", d.Meetings, plural(d.OwedMeetings, "meeting"))
		}
		a.Detail = fmt.Sprintf("%d of %d minutes%s by %s, with %s", d.Minutes, d.OwedMinutes, meetings, shortDate(day), f.mentorName)
		out = append(out, a)
	}

	if due, nth := checkinDue(f.start, f.checkins, f.lastCheckin, set); !f.noCheckins && !due.IsZero() && day.After(due) {
		a := base
		a.Kind = AlertCheckinDue
		late := plural(due.DaysUntil(day), "day")
		if f.lastCheckin.IsZero() {
			a.Detail = fmt.Sprintf("the first staff check-in on the pairing with %s was due by %s, %s after it started on %s (%s overdue)",
				f.mentorName, longDate(due), plural(f.start.DaysUntil(due), "day"), longDate(f.start), late)
		} else {
			a.Detail = fmt.Sprintf("the %s staff check-in on the pairing with %s was due by %s; the last was on %s (%s overdue)",
				ordinal(nth), f.mentorName, longDate(due), longDate(f.lastCheckin), late)
		}
		out = append(out, a)
	}
	return out
}

func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

// consentAlerts flags active students whose participation consent is
// missing, only requested, or expiring within ConsentExpiryDays.
func (tx *Tx) consentAlerts(day Date, set *Settings) ([]Alert, error) {
	rows, err := tx.query(`SELECT s.id, ` + studentNameSQL + `, s.school_id,
		COALESCE(c.status, ''), c.valid_until
		FROM students s LEFT JOIN consents c ON c.student_id = s.id AND c.kind = 'participation'
		WHERE s.active = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	soon := day.AddDays(set.ConsentExpiryDays)
	for rows.Next() {
		var a Alert
		var status string
		var until Date
		if err := rows.Scan(&a.StudentID, nameCol{&a.Subject}, &a.SchoolID, &status, &until); err != nil {
			return nil, err
		}
		a.Kind = AlertConsent
		expired := !until.IsZero() && until.Before(day)
		switch {
		case status == "" || status == ConsentNotRequested:
			a.Detail = "participation consent has not been requested"
		case status == ConsentRequested:
			a.Detail = "participation consent requested, no answer yet"
		case status == ConsentGranted && expired:
			a.Detail = "participation consent expired on " + longDate(until)
		case status == ConsentGranted && !until.IsZero() && !until.After(soon):
			a.Detail = fmt.Sprintf("participation consent expires on %s (in %s)", longDate(until), plural(day.DaysUntil(until), "day"))
		case status == ConsentGranted:
			continue
		default:
			a.Detail = "participation consent " + status
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// placesTaken returns the SQL condition that pairing p took one of its
// mentor's places on day, with its arguments: active or paused, the rule
// capacity counts. On a past day it is the pairings open then, started by
// that day and not yet closed, since a pairing closed since was open then
// (and, as in pairingAlerts, paused cannot be told from active).
func (tx *Tx) placesTaken(day Date) (string, []any) {
	if !day.Before(tx.Today()) {
		return `p.status IN ('active', 'paused')`, nil
	}
	return `p.status <> 'proposed' AND p.start_on <= ? AND (p.closed_on IS NULL OR p.closed_on > ?)`, []any{day, day}
}

// mentorAlerts applies the vetting rule to every active mentor, and flags
// those with more active and paused pairings than their capacity. On a
// past day a mentor made inactive since, who had a pairing open that day,
// was active then and is judged too.
func (tx *Tx) mentorAlerts(day Date, set *Settings) ([]Alert, error) {
	checks, err := tx.checksOf(nil)
	if err != nil {
		return nil, err
	}
	places, args := tx.placesTaken(day)
	active := `m.active = 1`
	if args != nil {
		active = `(m.active = 1 OR EXISTS (SELECT 1 FROM pairings p WHERE p.mentor_id = m.id AND ` + places + `))`
		args = append(args, args...)
	}
	rows, err := tx.query(`SELECT m.id, m.name, m.email, m.capacity,
		(SELECT count(*) FROM pairings p WHERE p.mentor_id = m.id AND `+places+`)
		FROM mentors m WHERE `+active, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var base Alert
		var capacity, mentees int
		if err := rows.Scan(&base.MentorID, &base.Subject, &base.Email, &capacity, &mentees); err != nil {
			return nil, err
		}
		for _, is := range judgeVetting(checks[base.MentorID], day, set).issues {
			a := base
			a.Kind, a.Detail = AlertMentorCheck, is.String(day)
			out = append(out, a)
		}
		if mentees > capacity {
			a := base
			a.Kind = AlertOverCapacity
			a.Detail = fmt.Sprintf("%s active or paused for a capacity of %d", plural(mentees, "pairing"), capacity)
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// waitingAlerts lists active students with no active, paused or proposed
// pairing.
func (tx *Tx) waitingAlerts(_ Date, _ *Settings) ([]Alert, error) {
	rows, err := tx.query(`SELECT s.id, ` + studentNameSQL + `, s.school_id,
		(SELECT max(closed_on) FROM pairings p WHERE p.student_id = s.id)
		FROM students s WHERE s.active = 1 AND NOT EXISTS
		(SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status IN ('proposed', 'active', 'paused'))`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a := Alert{Kind: AlertWaiting, Detail: "has never had a mentor"}
		var closed Date
		if err := rows.Scan(&a.StudentID, nameCol{&a.Subject}, &a.SchoolID, &closed); err != nil {
			return nil, err
		}
		if !closed.IsZero() {
			a.Detail = "no mentor since the last pairing closed on " + longDate(closed)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AlertColumns head the alert list as a table: the CSV export, the printed
// follow-ups and `mentorbook alerts --format csv`.
var AlertColumns = []string{"Kind", "Name", "School ID", "Mentor email", "Reason"}

// AlertRows returns the alerts as rows under AlertColumns.
func AlertRows(alerts []Alert) [][]string {
	out := make([][]string, 0, len(alerts))
	for _, a := range alerts {
		email := ""
		if a.StudentID == 0 {
			email = a.Email
		}
		out = append(out, []string{a.Kind, a.Subject, a.SchoolID, email, a.Detail})
	}
	return out
}

// FollowUps is the dashboard's alert list as it leaves the program: the
// printed "This week's follow-ups" and the CSV export.
type FollowUps struct {
	ReportHeader
	Day    Date
	Kind   string // one of AlertKinds, or "" for every kind
	Alerts []Alert
	// Withheld counts the alerts about students whose data-sharing consent
	// is declined or withdrawn: they say "a student", with no school ID.
	Withheld int
}

// withheldSubject stands for a student whose data-sharing consent is withheld.
const withheldSubject = "a student (data sharing withheld)"

// FollowUps returns the alerts of kind ("" for all) on day. Students whose
// data-sharing consent is withheld are not named unless opts.Confidential
// asks for everyone.
func (tx *Tx) FollowUps(day Date, kind string, opts ReportOptions) (*FollowUps, error) {
	term, err := tx.Term("")
	if ErrorCode(err) == ENOTFOUND {
		term, err = &Term{}, nil // no terms set up: the sheet still prints
	}
	if err != nil {
		return nil, err
	}
	h, err := tx.reportHeader(term, opts)
	if err != nil {
		return nil, err
	}
	all, err := tx.Alerts(day)
	if err != nil {
		return nil, err
	}
	withheld := map[int64]bool{}
	if !opts.Confidential {
		ids, err := tx.ids(`SELECT DISTINCT student_id FROM consents WHERE kind = 'data sharing' AND status IN ('declined', 'withdrawn')`)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			withheld[id] = true
		}
	}
	rep := &FollowUps{ReportHeader: h, Day: day, Kind: kind}
	for _, a := range all {
		if kind != "" && a.Kind != kind {
			continue
		}
		if withheld[a.StudentID] {
			a.Subject, a.SchoolID = withheldSubject, ""
			rep.Withheld++
		}
		rep.Alerts = append(rep.Alerts, a)
	}
	return rep, nil
}
