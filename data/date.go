package data

import (
	"database/sql/driver"
	"fmt"
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

// ParseDate reads a date written as YYYY-MM-DD and refuses days that do not
// exist, such as 2026-02-31. An empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil || t.Format(DateLayout) != s {
		return Date{}, fmt.Errorf("%q is not a real date (use YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

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
		p, err := ParseDate(v)
		*d = p
		return err
	case []byte:
		p, err := ParseDate(string(v))
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
