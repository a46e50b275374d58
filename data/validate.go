package data

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text limits, in characters. A name longer than this is a mistake; a note
// longer than this (a pasted document, a 1 MB blob) belongs in an attachment.
const (
	MaxName  = 100
	MaxShort = 200
	MaxNote  = 10000
	// MaxAddressLines is as many lines as an address may have: what an
	// envelope's window shows, and what keeps a consent letter on one page.
	MaxAddressLines = 6
)

// check collects the first validation failure of a form, so that the error
// names the field a person should look at first.
type check struct{ err *Error }

func (c *check) fail(field, format string, args ...any) {
	if c.err == nil {
		c.err = fieldErr(field, format, args...)
	}
}

// Err returns the first failure, or nil.
func (c *check) Err() error {
	if c.err == nil {
		return nil
	}
	return c.err
}

// text checks a required or optional single-line field, such as a name.
func (c *check) text(field, label, v string, required bool, max int) {
	switch {
	case !utf8.ValidString(v):
		c.fail(field, "%s contains characters that are not valid text.", label)
	case required && strings.TrimSpace(v) == "":
		c.fail(field, "%s is required.", label)
	case utf8.RuneCountInString(v) > max:
		c.fail(field, "%s is too long (%d characters; the limit is %d).", label, utf8.RuneCountInString(v), max)
	case hasControl(v, false):
		c.fail(field, "%s contains control characters; type it again without them.", label)
	case bidiControl(v) != 0:
		c.fail(field, "%s contains an invisible character that changes the direction of the text (U+%04X); type it again without it.", label, bidiControl(v))
	}
}

// bidiControl returns the first character of s that overrides or isolates
// the direction of text (U+202A–U+202E, U+2066–U+2069), or 0. In a name
// such a character makes "Adam" print as "madA" or hides what follows; a
// name in Arabic or Hebrew needs none of them.
func bidiControl(s string) rune {
	for _, r := range s {
		if r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return r
		}
	}
	return 0
}

// note checks a multi-line free-text field: newlines and tabs are allowed.
func (c *check) note(field, label, v string) {
	switch {
	case !utf8.ValidString(v):
		c.fail(field, "%s contains characters that are not valid text.", label)
	case utf8.RuneCountInString(v) > MaxNote:
		c.fail(field, "%s is too long (%d characters; the limit is %d). Attach long documents instead.", label, utf8.RuneCountInString(v), MaxNote)
	case hasControl(v, true):
		c.fail(field, "%s contains control characters; type it again without them.", label)
	}
}

// address checks a postal address: at most MaxAddressLines lines, as a
// note allows, and no longer than max characters, which is far more than
// any address needs.
func (c *check) address(field, label, v string, max int) {
	c.note(field, label, v)
	if n := utf8.RuneCountInString(v); n > max {
		c.fail(field, "%s is too long (%d characters; the limit is %d).", label, n, max)
	}
	if n := len(AddressLines(v)); n > MaxAddressLines {
		c.fail(field, "%s has %d lines; an address takes at most %d (what an envelope's window shows).", label, n, MaxAddressLines)
	}
}

// AddressLines is a postal address's non-empty lines, trimmed.
func AddressLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

func (c *check) email(field, label, v string) {
	if v == "" {
		return
	}
	c.text(field, label, v, false, MaxShort)
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		c.fail(field, "%s %q is not an email address.", label, v)
	}
}

func (c *check) date(field, label string, d Date, required bool) {
	switch {
	case required && d.IsZero():
		c.fail(field, "%s is required.", label)
	case !d.IsZero() && !d.InRange():
		c.fail(field, "%s (%s) is not between %d and %d; check the year.", label, d, MinYear, MaxYear)
	}
}

// order checks that end, when set, is after start.
func (c *check) order(field, startLabel string, start Date, endLabel string, end Date) {
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		c.fail(field, "%s (%s) must be after %s (%s).", endLabel, end, startLabel, start)
	}
}

func (c *check) between(field, label string, v, lo, hi int) {
	if v < lo || v > hi {
		c.fail(field, "%s must be between %d and %d (it is %d).", label, lo, hi, v)
	}
}

func (c *check) oneOf(field, label, v string, allowed []string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.fail(field, "%s must be one of: %s (it is %q).", label, strings.Join(allowed, ", "), v)
}

// plural is for messages: plural(3, "meeting") = "3 meetings".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Grouped writes a number with its thousands marked, as people read large
// ones in messages: "13,899,000".
func Grouped(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}
