package data

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Settings are the programme-health thresholds of SPEC.md, which the
// coordinator can change. The zero value is never used: Settings() fills
// every field the settings table does not hold with MENTOR's defaults.
type Settings struct {
	NoMeetingDays      int // alert when an active pairing has had no held meeting for this many days
	WeeklyMeetings     int // held meetings a week per active pairing
	MonthlyMinutes     int // minutes a month per active pairing
	FirstMonthCheckins int // staff check-ins in a pairing's first month
	MonthlyCheckins    int // staff check-ins a month after the first
	CommitmentMonths   int // a closure before this many months counts as early
	ConsentExpiryDays  int // warn this many days before a consent expires
	CheckExpiryDays    int // warn this many days before a vetting check expires
	EraseAfterYears    int // offer a student for erasure this many years after they left
}

// DefaultSettings follow MENTOR's Elements of Effective Practice.
var DefaultSettings = Settings{
	NoMeetingDays:      14,
	WeeklyMeetings:     1,
	MonthlyMinutes:     240,
	FirstMonthCheckins: 2,
	MonthlyCheckins:    1,
	CommitmentMonths:   12,
	ConsentExpiryDays:  30,
	CheckExpiryDays:    60,
	EraseAfterYears:    6,
}

// settingFields names each threshold in the settings table, with its
// label for error messages and its allowed range.
func (s *Settings) fields() []struct {
	key, label string
	v          *int
	lo, hi     int
} {
	return []struct {
		key, label string
		v          *int
		lo, hi     int
	}{
		{"no_meeting_days", "Days without a meeting before an alert", &s.NoMeetingDays, 1, 365},
		{"weekly_meetings", "Meetings a week", &s.WeeklyMeetings, 0, 7},
		{"monthly_minutes", "Minutes a month", &s.MonthlyMinutes, 0, 6000},
		{"first_month_checkins", "Check-ins in the first month", &s.FirstMonthCheckins, 0, 30},
		{"monthly_checkins", "Check-ins a month", &s.MonthlyCheckins, 0, 30},
		{"commitment_months", "Planned length of a pairing (months)", &s.CommitmentMonths, 1, 120},
		{"consent_expiry_days", "Days before a consent expires to warn", &s.ConsentExpiryDays, 0, 365},
		{"check_expiry_days", "Days before a vetting check expires to warn", &s.CheckExpiryDays, 0, 365},
		{"erase_after_years", "Years after leaving before a student is offered for erasure", &s.EraseAfterYears, 1, 50},
	}
}

// Settings returns the programme-health thresholds, with the defaults for
// any the coordinator has not set.
func (tx *Tx) Settings() (*Settings, error) {
	s := DefaultSettings
	stored := map[string]string{}
	rows, err := tx.query(`SELECT key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		stored[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range s.fields() {
		if v, ok := stored[f.key]; ok {
			// A value damaged outside the program falls back to the default.
			if n, err := strconv.Atoi(v); err == nil && n >= f.lo && n <= f.hi {
				*f.v = n
			}
		}
	}
	return &s, nil
}

// SaveSettings stores every threshold of s.
func (tx *Tx) SaveSettings(s *Settings) error {
	var c check
	for _, f := range s.fields() {
		c.between(f.key, f.label, *f.v, f.lo, f.hi)
	}
	if err := c.Err(); err != nil {
		return err
	}
	for _, f := range s.fields() {
		if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, f.key, strconv.Itoa(*f.v)); err != nil {
			return err
		}
	}
	return tx.Audit(ActUpdate, "settings", 0, "programme-health thresholds")
}

// Alert kinds, in the order the dashboard lists them.
const (
	AlertNoMeeting     = "no meeting"
	AlertBelowDose     = "below dose"
	AlertCheckinDue    = "check-in overdue"
	AlertConsent       = "consent"
	AlertMentorCheck   = "vetting"
	AlertWaiting       = "waiting"
	AlertOverCapacity  = "over capacity"
	alertKindsInOrder  = "no meeting|below dose|check-in overdue|consent|vetting|waiting|over capacity"
	monthDaysForDosing = 7 // dose is judged on whole weeks of the month so far
)

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

// AlertKinds lists the kinds in the order the dashboard shows them.
var AlertKinds = strings.Split(alertKindsInOrder, "|")

// Alert is one item of the dashboard: what needs attention and the record
// it concerns, so that the screen can open it in one click.
type Alert struct {
	Kind      string
	Subject   string // the student's or mentor's name
	Detail    string // what is wrong, in plain words
	StudentID int64  // zero when the alert concerns a mentor only
	MentorID  int64
	PairingID int64
}

// String is the alert as one line, as `mentorbook alerts` prints it.
func (a Alert) String() string { return a.Kind + ": " + a.Subject + " — " + a.Detail }

// Counts are the figures at the top of the dashboard.
type Counts struct {
	ActivePairings    int
	MeetingsThisMonth int // held meetings from the first of the month to today
	StudentsWaiting   int // active students with no open pairing
	ConsentsMissing   int // active students without valid participation consent
}

// DashboardCounts returns the dashboard's figures on day.
func (tx *Tx) DashboardCounts(day Date) (*Counts, error) {
	var c Counts
	var err error
	if c.ActivePairings, err = tx.scalar(`SELECT count(*) FROM pairings WHERE status = 'active'`); err != nil {
		return nil, err
	}
	first := Date{day.Year, day.Month, 1}
	if c.MeetingsThisMonth, err = tx.scalar(`SELECT count(*) FROM meetings WHERE status = 'held' AND at >= ? AND at < ?`,
		first.String(), day.AddDays(1).String()); err != nil {
		return nil, err
	}
	if c.StudentsWaiting, err = tx.scalar(`SELECT count(*) FROM students s WHERE s.active = 1 AND NOT EXISTS
		(SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status <> 'closed')`); err != nil {
		return nil, err
	}
	if c.ConsentsMissing, err = tx.scalar(`SELECT count(*) FROM students s WHERE s.active = 1 AND NOT EXISTS
		(SELECT 1 FROM consents c WHERE c.student_id = s.id AND c.kind = 'participation' AND c.status = 'granted'
		AND (c.valid_until IS NULL OR c.valid_until >= ?))`, day); err != nil {
		return nil, err
	}
	return &c, nil
}

// Alerts returns everything the programme-health rules flag on day, grouped
// by kind in the order of AlertKinds and by name within a kind.
func (tx *Tx) Alerts(day Date) ([]Alert, error) {
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	var out []Alert
	for _, f := range []func(Date, *Settings) ([]Alert, error){
		tx.pairingAlerts, tx.consentAlerts, tx.mentorAlerts, tx.waitingAlerts,
	} {
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

// pairingAlerts applies the dose and monitoring rules to every active
// pairing in one pass: one row per pairing with the figures it needs.
func (tx *Tx) pairingAlerts(day Date, set *Settings) ([]Alert, error) {
	first := Date{day.Year, day.Month, 1}
	end := day.AddDays(1).String()
	rows, err := tx.query(`SELECT p.id, p.student_id, p.mentor_id, p.start_on,
		`+studentNameSQL+`, m.name,
		(SELECT substr(max(at), 1, 10) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at < ?2),
		(SELECT count(*) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?1 AND mt.at < ?2),
		(SELECT COALESCE(sum(minutes), 0) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held' AND mt.at >= ?1 AND mt.at < ?2),
		(SELECT max(on_date) FROM checkins c WHERE c.pairing_id = p.id AND c.on_date <= ?3)
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id
		WHERE p.status = 'active' AND p.start_on <= ?3`, first.String(), end, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var pid, sid, mid int64
		var start, lastHeld, lastCheckin Date
		var student, mentor string
		var held, minutes int
		if err := rows.Scan(&pid, &sid, &mid, &start, nameCol{&student}, &mentor, &lastHeld, &held, &minutes, &lastCheckin); err != nil {
			return nil, err
		}
		base := Alert{Subject: student, StudentID: sid, MentorID: mid, PairingID: pid}
		if a, ok := noMeetingAlert(base, day, start, lastHeld, mentor, set); ok {
			out = append(out, a)
		}
		if a, ok := doseAlert(base, day, start, held, minutes, set); ok {
			out = append(out, a)
		}
		if a, ok := checkinAlert(base, day, start, lastCheckin, mentor, set); ok {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

func noMeetingAlert(a Alert, day, start, lastHeld Date, mentor string, set *Settings) (Alert, bool) {
	since := lastHeld
	if since.IsZero() {
		since = start
	}
	days := since.DaysUntil(day)
	if days < set.NoMeetingDays {
		return a, false
	}
	a.Kind = AlertNoMeeting
	if lastHeld.IsZero() {
		a.Detail = fmt.Sprintf("no meeting with %s since the pairing started %d days ago", mentor, days)
	} else {
		a.Detail = fmt.Sprintf("last met %s %d days ago (%s)", mentor, days, lastHeld)
	}
	return a, true
}

// doseAlert judges the month so far on whole weeks only, so that nobody is
// flagged on the third of the month; a pairing that began this month is
// judged from its start.
func doseAlert(a Alert, day, start Date, held, minutes int, set *Settings) (Alert, bool) {
	from := Date{day.Year, day.Month, 1}
	if start.After(from) {
		from = start
	}
	weeks := (from.DaysUntil(day) + 1) / monthDaysForDosing
	if weeks == 0 {
		return a, false
	}
	monthDays := Date{day.Year, day.Month, 1}.DaysUntil(Date{day.Year, day.Month, 1}.AddMonths(1))
	wantMeetings := weeks * set.WeeklyMeetings
	wantMinutes := set.MonthlyMinutes * weeks * monthDaysForDosing / monthDays
	if held >= wantMeetings && minutes >= wantMinutes {
		return a, false
	}
	a.Kind = AlertBelowDose
	a.Detail = fmt.Sprintf("%s and %d minutes this month; the dose so far is %s and %d minutes",
		plural(held, "meeting"), minutes, plural(wantMeetings, "meeting"), wantMinutes)
	return a, true
}

// checkinAlert expects check-ins spread evenly: in the first month every
// 30/FirstMonthCheckins days, then every 30/MonthlyCheckins days.
func checkinAlert(a Alert, day, start, last Date, mentor string, set *Settings) (Alert, bool) {
	perMonth := set.MonthlyCheckins
	if day.Before(start.AddMonths(1)) {
		perMonth = set.FirstMonthCheckins
	}
	if perMonth <= 0 {
		return a, false
	}
	interval := 30 / perMonth
	since := last
	if since.IsZero() {
		since = start
	}
	days := since.DaysUntil(day)
	if days <= interval {
		return a, false
	}
	a.Kind = AlertCheckinDue
	if last.IsZero() {
		a.Detail = fmt.Sprintf("no staff check-in on the pairing with %s yet (started %s)", mentor, start)
	} else {
		a.Detail = fmt.Sprintf("last staff check-in on the pairing with %s was %d days ago", mentor, days)
	}
	return a, true
}

// consentAlerts flags active students whose participation consent is
// missing, only requested, or expiring soon.
func (tx *Tx) consentAlerts(day Date, set *Settings) ([]Alert, error) {
	rows, err := tx.query(`SELECT s.id, ` + studentNameSQL + `,
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
		var id int64
		var name, status string
		var until Date
		if err := rows.Scan(&id, nameCol{&name}, &status, &until); err != nil {
			return nil, err
		}
		a := Alert{Kind: AlertConsent, Subject: name, StudentID: id}
		expired := !until.IsZero() && until.Before(day)
		switch {
		case status == "" || status == ConsentNotRequested:
			a.Detail = "participation consent has not been requested"
		case status == ConsentRequested:
			a.Detail = "participation consent requested, no answer yet"
		case status == ConsentGranted && expired:
			a.Detail = "participation consent expired on " + until.String()
		case status == ConsentGranted && !until.IsZero() && !until.After(soon):
			a.Detail = fmt.Sprintf("participation consent expires on %s (in %d days)", until, day.DaysUntil(until))
		case status == ConsentGranted:
			continue
		default:
			a.Detail = "participation consent " + status
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// mentorAlerts flags active mentors whose vetting is missing, expired or
// expiring soon, and mentors with more mentees than their capacity.
func (tx *Tx) mentorAlerts(day Date, set *Settings) ([]Alert, error) {
	rows, err := tx.query(`SELECT m.id, m.name, m.capacity,
		(SELECT count(*) FROM pairings p WHERE p.mentor_id = m.id AND p.status IN ('active', 'paused')),
		EXISTS (SELECT 1 FROM mentor_checks c WHERE c.mentor_id = m.id AND c.checked_on <= ?1 AND c.expires_on IS NULL),
		(SELECT max(c.expires_on) FROM mentor_checks c WHERE c.mentor_id = m.id AND c.checked_on <= ?1)
		FROM mentors m WHERE m.active = 1`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	soon := day.AddDays(set.CheckExpiryDays)
	for rows.Next() {
		var id int64
		var name string
		var capacity, mentees int
		var forever bool
		var expiry Date
		if err := rows.Scan(&id, &name, &capacity, &mentees, &forever, &expiry); err != nil {
			return nil, err
		}
		a := Alert{Kind: AlertMentorCheck, Subject: name, MentorID: id}
		switch {
		case forever:
		case expiry.IsZero():
			a.Detail = "no vetting check recorded; cannot be given a new pairing"
			out = append(out, a)
		case expiry.Before(day):
			a.Detail = "vetting check expired on " + expiry.String()
			out = append(out, a)
		case !expiry.After(soon):
			a.Detail = fmt.Sprintf("vetting check expires on %s (in %d days)", expiry, day.DaysUntil(expiry))
			out = append(out, a)
		}
		if mentees > capacity {
			out = append(out, Alert{Kind: AlertOverCapacity, Subject: name, MentorID: id,
				Detail: fmt.Sprintf("%s for a capacity of %d", plural(mentees, "mentee"), capacity)})
		}
	}
	return out, rows.Err()
}

// waitingAlerts lists active students with no open pairing.
func (tx *Tx) waitingAlerts(day Date, _ *Settings) ([]Alert, error) {
	rows, err := tx.query(`SELECT s.id, ` + studentNameSQL + `,
		(SELECT max(closed_on) FROM pairings p WHERE p.student_id = s.id)
		FROM students s WHERE s.active = 1 AND NOT EXISTS
		(SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status <> 'closed')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var id int64
		var name string
		var closed Date
		if err := rows.Scan(&id, nameCol{&name}, &closed); err != nil {
			return nil, err
		}
		a := Alert{Kind: AlertWaiting, Subject: name, StudentID: id, Detail: "has never had a mentor"}
		if !closed.IsZero() {
			a.Detail = fmt.Sprintf("no mentor since the last pairing closed on %s", closed)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountStudents returns how many students the database holds, so that the
// window can tell an empty database from a filtered list.
func (tx *Tx) CountStudents() (int, error) { return tx.scalar(`SELECT count(*) FROM students`) }
