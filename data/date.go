package data

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time of day and no time zone: a date of
// birth or a consent's expiry is the same day wherever the laptop is.
// The zero Date means "not set" and is stored as NULL.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is how dates are written everywhere: in the database, in CSV
// files and on the command line.
const DateLayout = "2006-01-02"

// MinYear and MaxYear bound the dates the program takes in. A year outside
// them is a slip (0001-01-01 for "unknown", 2206 for 2026), and the years
// before 1900 and after 2100 are where dates stop round-tripping through
// every tool a school uses (spreadsheets, time.Time's zero).
const (
	MinYear = 1900
	MaxYear = 2100
)

// ParseDate reads a date written as YYYY-MM-DD and refuses days that do not
// exist, such as 2026-02-31, and years outside MinYear..MaxYear. An empty
// string gives the zero Date.
func ParseDate(s string) (Date, error) {
	d, err := parseDate(s)
	if err == nil && !d.IsZero() && !d.InRange() {
		return Date{}, fmt.Errorf("%q is not between %d and %d; check the year", s, MinYear, MaxYear)
	}
	return d, err
}

// parseDate is ParseDate without the range, for reading back what is
// stored: a date written by an older version stays readable.
func parseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil || t.Format(DateLayout) != s {
		return Date{}, fmt.Errorf("%q is not a real date (use YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// InRange reports whether d's year is between MinYear and MaxYear.
func (d Date) InRange() bool { return d.Year >= MinYear && d.Year <= MaxYear }

// MustDate is ParseDate for constants in tests and demo data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight of d in UTC.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns d moved by n months, normalised as time.AddDate does.
func (d Date) AddMonths(n int) Date { return DateOf(d.Time().AddDate(0, n, 0)) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Time().After(e.Time()) }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(DateLayout)
}

// Value stores a Date as TEXT, or NULL when unset.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date stored by Value.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		p, err := parseDate(v)
		*d = p
		return err
	case []byte:
		p, err := parseDate(string(v))
		*d = p
		return err
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("cannot read a date from %T", src)
}

// TimeLayout is how meeting times are stored: local wall-clock time to the
// minute, because a meeting "at 10:30" stays at 10:30 when the clocks change.
const TimeLayout = "2006-01-02 15:04"

// wallTime adapts a time.Time to the TimeLayout column format.
type wallTime struct{ t *time.Time }

func (w wallTime) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case time.Time:
		*w.t = v
		return nil
	default:
		return fmt.Errorf("cannot read a time from %T", src)
	}
	t, err := time.ParseInLocation(TimeLayout, s, time.Local)
	*w.t = t
	return err
}

func wall(t time.Time) string { return t.Format(TimeLayout) }

// DateFormat is how a school writes dates in the window: people type and
// read them in it; the database, CSV files and the command line keep ISO.
type DateFormat string

// The date formats a school can choose.
const (
	DateISO DateFormat = "iso" // 2026-11-30
	DateDMY DateFormat = "dmy" // 30/11/2026, as in the UK
	DateMDY DateFormat = "mdy" // 11/30/2026, as in the US
)

// DateFormats lists the formats in the order the settings offer them.
var DateFormats = []DateFormat{DateISO, DateDMY, DateMDY}

// Pattern is how the format looks to a person: "DD/MM/YYYY".
func (f DateFormat) Pattern() string {
	switch f {
	case DateDMY:
		return "DD/MM/YYYY"
	case DateMDY:
		return "MM/DD/YYYY"
	}
	return "YYYY-MM-DD"
}

// Format writes d in f, or "" for the zero Date.
func (f DateFormat) Format(d Date) string {
	switch {
	case d.IsZero():
		return ""
	case f == DateDMY:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	case f == DateMDY:
		return fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year)
	}
	return d.String()
}

// Parse reads a date typed in f: day, month and year in f's order,
// separated by "/", "." or "-", with a four-digit year; an ISO date
// (YYYY-MM-DD) is accepted whatever f is, since it cannot be misread.
// Days that do not exist are refused. An empty string gives the zero Date.
func (f DateFormat) Parse(s string) (Date, error) {
	if f == DateISO || s == "" || (len(s) == len(DateLayout) && s[4] == '-') {
		d, err := ParseDate(s)
		if err != nil && f != DateISO {
			return d, fmt.Errorf("%q is not a real date (use %s)", s, f.Pattern())
		}
		return d, err
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	bad := fmt.Errorf("%q is not a real date (use %s)", s, f.Pattern())
	if len(parts) != 3 || len(parts[2]) != 4 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return Date{}, bad
		}
		n[i] = v
	}
	day, month := n[0], n[1]
	if f == DateMDY {
		day, month = n[1], n[0]
	}
	d, err := ParseDate(fmt.Sprintf("%04d-%02d-%02d", n[2], month, day))
	if err != nil {
		return Date{}, bad
	}
	return d, nil
}

// dateFormatKey is the settings row that holds the school's date format.
const dateFormatKey = "date_format"

// DateFormat returns the school's date format: ISO until one is chosen, or
// if the stored value is not one the program knows.
func (tx *Tx) DateFormat() (DateFormat, error) {
	var v string
	err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, dateFormatKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DateISO, nil
	}
	if err != nil {
		return DateISO, err
	}
	if slices.Contains(DateFormats, DateFormat(v)) {
		return DateFormat(v), nil
	}
	return DateISO, nil
}

// SaveDateFormat stores the school's date format.
func (tx *Tx) SaveDateFormat(f DateFormat) error {
	if !slices.Contains(DateFormats, f) {
		return &Error{Code: EINVALID, Field: dateFormatKey, Message: fmt.Sprintf("The date format must be one of %v.", DateFormats)}
	}
	if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, dateFormatKey, string(f)); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "settings", 0, "date format "+f.Pattern())
}
