package roster

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar file of planned meetings, usually one mentor's.
type Calendar struct {
	// Name is what calendar programs show as the calendar's name; may be "".
	Name string
	// Stamp is when the file is made, written as every event's DTSTAMP. It is
	// passed in rather than read from the clock so that exports are
	// reproducible in tests.
	Stamp  time.Time
	Events []Event
}

// Event is one planned meeting.
type Event struct {
	// ID is the meeting's ID; it makes the event's UID, which lets a
	// calendar program update the event when the file is imported again.
	ID int64
	// Start and End are wall-clock times. They are written as floating
	// times (no zone): a meeting at 15:30 is at 15:30 wherever the mentor's
	// calendar is. A zero End writes no DTEND.
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
}

// ProdID names the program that made an iCalendar file.
const ProdID = "-//Mentorbook//Mentorbook//EN"

// maxLine is the longest content line RFC 5545 allows, in octets, before a
// line break.
const maxLine = 75

// WriteICS writes cal as an iCalendar file (RFC 5545): CRLF line ends, lines
// folded at 75 octets without splitting a UTF-8 character, TEXT values
// escaped. It fails, writing nothing, when the stamp is unset or an event
// ends before it starts or falls outside the years 1 to 9999.
func WriteICS(w io.Writer, cal Calendar) error {
	if cal.Stamp.IsZero() {
		return errors.New("calendar stamp is not set")
	}
	for _, e := range cal.Events {
		if err := checkEvent(e); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(w)
	line := func(name, value string) {
		writeFolded(bw, name+":"+value)
	}
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", ProdID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if cal.Name != "" {
		line("X-WR-CALNAME", escapeText(cal.Name))
	}
	stamp := cal.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range cal.Events {
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("meeting-%d@mentorbook", e.ID))
		line("DTSTAMP", stamp)
		line("DTSTART", floating(e.Start))
		if !e.End.IsZero() {
			line("DTEND", floating(e.End))
		}
		line("SUMMARY", escapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION", escapeText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

func checkEvent(e Event) error {
	outside := func(t time.Time) bool { return t.Year() < 1 || t.Year() > 9999 }
	if outside(e.Start) || !e.End.IsZero() && outside(e.End) {
		return fmt.Errorf("meeting %d is outside the years 1 to 9999", e.ID)
	}
	// Compared as written, since floating times ignore the zone; the fixed
	// width of the format makes string order time order.
	if !e.End.IsZero() && floating(e.End) < floating(e.Start) {
		return fmt.Errorf("meeting %d ends before it starts", e.ID)
	}
	return nil
}

// floating formats a wall-clock time without a zone (RFC 5545 form #1).
func floating(t time.Time) string {
	return t.Format("20060102T150405")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11). Line breaks of any kind
// become \n; other control characters, which TEXT may not hold, are dropped;
// invalid UTF-8 becomes U+FFFD.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t' || c >= 0x20 && c != 0x7f:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// writeFolded writes one content line, folding it so that no line exceeds
// 75 octets: the first carries up to 75, each continuation a space and up
// to 74. A fold never falls inside a UTF-8 character.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
