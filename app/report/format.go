package report

import (
	"fmt"
	"strconv"
	"strings"

	"mentorbook/data"
)

// day writes a date as reports do, "2 Sep 2026"; the zero date is empty.
func day(d data.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// longDay writes a date in full, "2 September 2026", for letters.
func longDay(d data.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 January 2006")
}

// count writes a whole number with thousands separators: "12,345".
func count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// share writes a part of a whole: "42 of 50 (84%)", or "none to count".
func share(s data.Share) string {
	if s.Whole == 0 {
		return "none to count"
	}
	return fmt.Sprintf("%s of %s (%d%%)", count(s.Part), count(s.Whole), s.Percent())
}

// plural writes n and the noun, in the plural unless n is 1: "3 notes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// capital upper-cases the first letter of s, for statuses stored in lower
// case ("active" → "Active").
func capital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// progressValue writes a goal progress entry's measure: "3/5" or "60%".
// The slash is the ordinary one, so that the PDF can be searched for "3/5";
// wrap never breaks a line at a slash between digits.
func progressValue(p data.Progress) string {
	switch {
	case p.Rating > 0:
		return fmt.Sprintf("%d/5", p.Rating)
	case p.Percent >= 0:
		return fmt.Sprintf("%d%%", p.Percent)
	}
	return ""
}
