package roster

import (
	"strings"
	"time"
	"unicode"
)

// Source says where a record was read, so that a later step (the store's own
// validation) can still name the file and line when it rejects the record.
type Source struct {
	File string
	Line int
}

// School is the organisation a roster is for.
type School struct {
	SourcedID  string
	Name       string
	Identifier string
}

// Year is an academic year.
type Year struct {
	SourcedID  string
	Title      string
	Start, End time.Time // calendar days at midnight UTC
	SchoolYear string    // the year as the roster names it, for example "2026"
	Source     Source
}

// Term is a part of an academic year: a term, semester or grading period.
type Term struct {
	SourcedID     string
	Title         string
	Type          string    // "term", "semester" or "gradingPeriod", as OneRoster names them
	Start, End    time.Time // calendar days at midnight UTC
	YearSourcedID string    // the Year the term belongs to, or "" when the roster does not say
	Source        Source
}

// Student is a student read from a roster.
type Student struct {
	SourcedID     string // "" for students read from a plain CSV file
	SchoolID      string // the school's own student number
	GivenName     string
	MiddleName    string
	FamilyName    string
	PreferredName string
	Pronouns      string
	Grade         string    // year group or grade, as the school writes it ("07", "Year 7")
	Homeroom      string    // homeroom, form or tutor group
	DateOfBirth   time.Time // zero when the roster does not say
	Email         string
	Source        Source
}

// Mentor is a member of staff who may become a mentor.
type Mentor struct {
	SourcedID string
	Name      string
	Email     string
	Phone     string
	Role      string // the OneRoster role: "teacher", "aide", "administrator", ...
	Source    Source
}

// Guardian is a parent, guardian or other relative of a student.
type Guardian struct {
	SourcedID    string // "" for guardians read from a plain CSV file
	Name         string
	Email        string
	Phone        string
	Relationship string // "guardian", "parent", "relative", or the file's own word
	Language     string // preferred language, when the file says
	// Address is the postal address, lines separated by newlines, when
	// the file says: a plain CSV file may; OneRoster 1.1 and 1.2 have no
	// address field for users, so a OneRoster import leaves it empty.
	Address string
	Source  Source
}

// Link ties a student to a guardian, both by sourcedId.
type Link struct {
	StudentSourcedID  string
	GuardianSourcedID string
}

// fullName joins given and family names the way the name is written: family
// name first and without a space for Chinese, Japanese and Korean names,
// given name first otherwise.
func fullName(given, family string) string {
	given, family = strings.TrimSpace(given), strings.TrimSpace(family)
	switch {
	case given == "":
		return family
	case family == "":
		return given
	case eastAsian(given) && eastAsian(family):
		return family + given
	}
	return given + " " + family
}

func eastAsian(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return false
		}
	}
	return s != ""
}
