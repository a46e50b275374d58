package roster

import (
	"fmt"
	"time"

	"mentorbook/data"
)

// parseDate accepts only ISO dates (YYYY-MM-DD) that exist on the calendar.
// Anything looser (31/02/2011, 2011-2-3, a time stamp) is refused rather than
// guessed at, because day-month and month-day orders cannot be told apart.
// Years outside data.MinYear..data.MaxYear are refused too: 0001-01-01, a
// common "unknown", would otherwise be time.Time's zero and read as no date.
// The field name goes into the message so that a person knows what to fix.
func parseDate(field, s string) (time.Time, error) {
	if !isoShape(s) {
		return time.Time{}, fmt.Errorf("%s %q is not a date in the form YYYY-MM-DD", field, s)
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a real date (use YYYY-MM-DD)", field, s)
	}
	if d.Year() < data.MinYear || d.Year() > data.MaxYear {
		return time.Time{}, fmt.Errorf("%s %q is not between %d and %d; check the year", field, s, data.MinYear, data.MaxYear)
	}
	return d, nil
}

func isoShape(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
