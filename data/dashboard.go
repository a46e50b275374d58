package data

import (
	"fmt"
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
	// RequiredChecks are the vetting check types every mentor needs, such
	// as "DBS, Safeguarding training", separated by commas; empty means at
	// least one check of any type. A string keeps Settings comparable.
	RequiredChecks string
}

// RequiredCheckTypes returns the required check types, trimmed, without
// repeats (compared without regard to case), in the order typed.
func (s *Settings) RequiredCheckTypes() []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range strings.Split(s.RequiredChecks, ",") {
		k = strings.Join(strings.Fields(k), " ")
		if k == "" || seen[strings.ToLower(k)] {
			continue
		}
		seen[strings.ToLower(k)] = true
		out = append(out, k)
	}
	return out
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
	s.RequiredChecks = stored[requiredChecksKey]
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

// requiredChecksKey holds Settings.RequiredChecks in the settings table.
const requiredChecksKey = "required_checks"

// SaveSettings stores every threshold of s, and the required check types
// tidied as RequiredCheckTypes returns them.
func (tx *Tx) SaveSettings(s *Settings) error {
	var c check
	for _, f := range s.fields() {
		c.between(f.key, f.label, *f.v, f.lo, f.hi)
	}
	c.text(requiredChecksKey, "Required check types", s.RequiredChecks, false, MaxShort)
	for _, k := range s.RequiredCheckTypes() {
		c.text(requiredChecksKey, "Each required check type", k, false, 100)
	}
	if err := c.Err(); err != nil {
		return err
	}
	s.RequiredChecks = strings.Join(s.RequiredCheckTypes(), ", ")
	save := func(key, value string) error {
		_, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	}
	for _, f := range s.fields() {
		if err := save(f.key, strconv.Itoa(*f.v)); err != nil {
			return err
		}
	}
	if err := save(requiredChecksKey, s.RequiredChecks); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "settings", 0, "programme-health thresholds")
}

// Rules states each programme-health rule with the current thresholds, in
// the words README.md's "Programme health rules" uses: Settings shows them
// under the thresholds.
func (s *Settings) Rules() []string {
	checks := "at least one vetting check of any type"
	if k := s.RequiredCheckTypes(); len(k) > 0 {
		checks = "a check of each of these types: " + strings.Join(k, ", ")
	}
	return []string{
		fmt.Sprintf("No meeting: an active pairing is flagged when %s have passed since its last held meeting (or its start).",
			plural(s.NoMeetingDays, "school day")),
		s.DoseRule(),
		s.CheckinRule(),
		fmt.Sprintf("Vetting: every active mentor needs %s, unexpired on the day (no expiry date means it does not expire); "+
			"a missing or expired check blocks new pairings, and one expiring within %s is flagged.", checks, plural(s.CheckExpiryDays, "day")),
		fmt.Sprintf("Consent: an active student's participation consent is flagged when missing, requested but unanswered, expired, or expiring within %s.",
			plural(s.ConsentExpiryDays, "day")),
		"Capacity: a mentor is over capacity with more active and paused pairings than their capacity.",
		"Waiting: an active student with no active, paused or proposed pairing is waiting for a mentor.",
		"Students who have left and inactive mentors never raise an alert; their open pairings are closed on the day they leave.",
		fmt.Sprintf("Commitment: pairings are planned for %s; a closure before that counts as early.", plural(s.CommitmentMonths, "month")),
	}
}

// DoseRule states the meeting-dose rule with the thresholds in force:
// Settings and the programme report print the same words.
func (s *Settings) DoseRule() string {
	return fmt.Sprintf("Meeting dose: by day d of a month of n days a pairing owes %d × d ÷ n minutes (rounded down) and %s for each complete week; "+
		"on the month's last day all %d minutes are due. Only school days count; a pairing that started this month counts from its start.",
		s.MonthlyMinutes, plural(s.WeeklyMeetings, "held meeting"), s.MonthlyMinutes)
}

// CheckinRule states the staff check-in rule with the thresholds in
// force, as checkinDue applies it.
func (s *Settings) CheckinRule() string {
	switch {
	case s.FirstMonthCheckins == 0 && s.MonthlyCheckins == 0:
		return "No staff check-ins are required."
	case s.FirstMonthCheckins == 0:
		return fmt.Sprintf("Staff check-ins: none in the first 30 days, then at least %s in every %d days after day 30 or the last check-in.",
			plural(s.MonthlyCheckins, "check-in"), 30)
	default:
		checkins := fmt.Sprintf("Staff check-ins: %s within the first 30 days of a pairing, spread evenly (the first within %d days of the start)",
			plural(s.FirstMonthCheckins, "check-in"), 30/s.FirstMonthCheckins)
		if s.MonthlyCheckins > 0 {
			return checkins + fmt.Sprintf(", then one within every %d days of day 30 or of the last check-in, whichever is later.", 30/s.MonthlyCheckins)
		}
		return checkins + "; none after that."
	}
}

// Counts are the figures at the top of the dashboard. A figure with an
// alert list under it counts that list, by the same rule (health.go), so
// that the number on a tile is always the length of its list.
type Counts struct {
	ActivePairings    int
	MeetingsThisMonth int // held meetings from the first of the month to today
	StudentsWaiting   int // the "Students waiting for a mentor" alerts
	ConsentAlerts     int // the "Consent missing, pending or expiring" alerts
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
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	waiting, err := tx.waitingAlerts(day, set)
	if err != nil {
		return nil, err
	}
	consents, err := tx.consentAlerts(day, set)
	if err != nil {
		return nil, err
	}
	c.StudentsWaiting, c.ConsentAlerts = len(waiting), len(consents)
	return &c, nil
}

// CountStudents returns how many students the database holds, so that the
// window can tell an empty database from a filtered list.
func (tx *Tx) CountStudents() (int, error) { return tx.scalar(`SELECT count(*) FROM students`) }
