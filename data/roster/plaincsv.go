package roster

import (
	"sort"
	"strings"
	"time"
	"unicode"
)

// Field is one thing Mentorbook can take from a plain CSV file of students.
type Field string

// The fields of a plain CSV file. Guardian fields come once per guardian; a
// row may name up to two guardians.
const (
	FieldSchoolID      Field = "school_id"
	FieldGivenName     Field = "given_name"
	FieldFamilyName    Field = "family_name"
	FieldPreferredName Field = "preferred_name"
	FieldDateOfBirth   Field = "date_of_birth"
	FieldYearGroup     Field = "year_group"
	FieldHomeroom      Field = "homeroom"
	FieldPronouns      Field = "pronouns"
	FieldEmail         Field = "email"

	FieldGuardianName         Field = "guardian_name"
	FieldGuardianEmail        Field = "guardian_email"
	FieldGuardianPhone        Field = "guardian_phone"
	FieldGuardianRelationship Field = "guardian_relationship"
	FieldGuardianLanguage     Field = "guardian_language"
	FieldGuardianAddress      Field = "guardian_address"

	FieldGuardian2Name         Field = "guardian2_name"
	FieldGuardian2Email        Field = "guardian2_email"
	FieldGuardian2Phone        Field = "guardian2_phone"
	FieldGuardian2Relationship Field = "guardian2_relationship"
	FieldGuardian2Language     Field = "guardian2_language"
	FieldGuardian2Address      Field = "guardian2_address"
)

// Fields lists every field in the order a mapping screen shows them.
var Fields = []Field{
	FieldSchoolID, FieldGivenName, FieldFamilyName, FieldPreferredName, FieldDateOfBirth,
	FieldYearGroup, FieldHomeroom, FieldPronouns, FieldEmail,
	FieldGuardianName, FieldGuardianEmail, FieldGuardianPhone, FieldGuardianRelationship, FieldGuardianLanguage, FieldGuardianAddress,
	FieldGuardian2Name, FieldGuardian2Email, FieldGuardian2Phone, FieldGuardian2Relationship, FieldGuardian2Language, FieldGuardian2Address,
}

// RequiredFields must be mapped and filled in on every row. The school ID is
// required because it is how a later import finds the same student again.
var RequiredFields = []Field{FieldSchoolID, FieldGivenName, FieldFamilyName}

// guardianFields gives, per guardian, the fields for name, email, phone,
// relationship, language and postal address. An address is one cell, whose
// lines (a quoted field may hold line breaks) are the address's lines.
var guardianFields = [][6]Field{
	{FieldGuardianName, FieldGuardianEmail, FieldGuardianPhone, FieldGuardianRelationship, FieldGuardianLanguage, FieldGuardianAddress},
	{FieldGuardian2Name, FieldGuardian2Email, FieldGuardian2Phone, FieldGuardian2Relationship, FieldGuardian2Language, FieldGuardian2Address},
}

// Mapping says which column of the file holds each field: our field → the
// file's header, as written in the file. Unmapped fields are left empty.
type Mapping map[Field]string

// PlainStudent is a student read from a plain CSV file, with the guardians
// named on the same row. Guardians have no sourcedId; the same parent on two
// siblings' rows appears twice, and telling them apart (by e-mail, say) is
// the importer's decision.
type PlainStudent struct {
	Student
	Guardians []Guardian
}

// columns names the file's columns the mapping reads. All are required: a
// mapping that names a column the file lacks is refused before any row.
func (m Mapping) columns() Columns {
	var cols Columns
	for _, f := range Fields {
		if h := m[f]; h != "" {
			cols.Required = append(cols.Required, h)
		}
	}
	return cols
}

// PlainStudents reads students and guardians from a table using the mapping.
// A mapping that names a column the file lacks, or leaves a required field
// unmapped, yields Problems on the header line and no students. Beyond the
// first maxListed problems, the last result counts them.
func PlainStudents(t *Table, m Mapping) ([]PlainStudent, []Problem, int) {
	var ps problems
	ps.addAll(t.Problems, t.Unlisted)
	for _, f := range Fields {
		h, mapped := m[f]
		switch {
		case mapped && h != "" && !t.Has(h):
			ps.add(t.File, t.HeaderLine, "column %q (chosen for %s) is not in the file", h, f)
		case (!mapped || h == "") && isRequired(f):
			ps.add(t.File, t.HeaderLine, "no column is chosen for %s", f)
		}
	}
	if ps.count() > len(t.Problems)+t.Unlisted {
		return nil, ps.list, ps.unlisted
	}
	get := func(r Row, f Field) string {
		if h := m[f]; h != "" {
			return r.Get(h)
		}
		return ""
	}
	out := make([]PlainStudent, 0, len(t.Rows))
	seen := map[string]int{}
	for _, r := range t.Rows {
		bad := false
		for _, f := range RequiredFields {
			if get(r, f) == "" {
				ps.add(t.File, r.Line, "%s is empty", m[f])
				bad = true
			}
		}
		id := get(r, FieldSchoolID)
		if first, dup := seen[id]; id != "" && dup {
			ps.add(t.File, r.Line, "%s %q is already used on line %d", m[FieldSchoolID], id, first)
			bad = true
		} else if id != "" {
			seen[id] = r.Line
		}
		var dob time.Time
		if v := get(r, FieldDateOfBirth); v != "" {
			d, err := parseDate(m[FieldDateOfBirth], v)
			if err != nil {
				ps.add(t.File, r.Line, "%s", err)
				bad = true
			}
			dob = d
		}
		src := Source{t.File, r.Line}
		var guardians []Guardian
		for _, gf := range guardianFields {
			g := Guardian{Name: get(r, gf[0]), Email: get(r, gf[1]), Phone: get(r, gf[2]),
				Relationship: get(r, gf[3]), Language: get(r, gf[4]), Address: get(r, gf[5]), Source: src}
			if g == (Guardian{Source: src}) {
				continue
			}
			if g.Name == "" {
				ps.add(t.File, r.Line, "%s is empty but the row has other details of that guardian", nameOr(m[gf[0]], string(gf[0])))
				bad = true
				continue
			}
			guardians = append(guardians, g)
		}
		if bad {
			continue
		}
		out = append(out, PlainStudent{
			Student: Student{
				SchoolID:      id,
				GivenName:     get(r, FieldGivenName),
				FamilyName:    get(r, FieldFamilyName),
				PreferredName: get(r, FieldPreferredName),
				Pronouns:      get(r, FieldPronouns),
				Grade:         get(r, FieldYearGroup),
				Homeroom:      get(r, FieldHomeroom),
				DateOfBirth:   dob,
				Email:         get(r, FieldEmail),
				Source:        src,
			},
			Guardians: guardians,
		})
	}
	// The reader's rejected rows come first in ps; a person reads by line.
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].Line < ps.list[j].Line })
	return out, ps.list, ps.unlisted
}

func isRequired(f Field) bool {
	for _, r := range RequiredFields {
		if r == f {
			return true
		}
	}
	return false
}

func nameOr(header, field string) string {
	if header != "" {
		return header
	}
	return field
}

// Header names GuessMapping recognises, written as normalizeGuess leaves
// them: lower case, letters and digits only.
var (
	studentGuesses = map[Field][]string{
		FieldSchoolID: {"studentid", "schoolid", "id", "upn", "studentnumber", "studentno", "pupilid", "pupilnumber",
			"admissionnumber", "admissionno", "adno", "localid", "sisid", "identifier", "studentidentifier", "misid"},
		FieldGivenName:     {"givenname", "firstname", "forename", "forenames", "first", "given", "legalfirstname", "legalforename"},
		FieldFamilyName:    {"familyname", "lastname", "surname", "last", "family", "legalsurname", "legallastname"},
		FieldPreferredName: {"preferredname", "knownas", "nickname", "preferredfirstname", "preferredforename", "preferredgivenname", "chosenname"},
		FieldDateOfBirth:   {"dateofbirth", "dob", "birthdate", "birthday", "dobyyyymmdd"},
		FieldYearGroup:     {"yeargroup", "year", "grade", "gradelevel", "yr", "nclyear", "yeargrade"},
		FieldHomeroom:      {"homeroom", "form", "formgroup", "formclass", "tutorgroup", "registrationgroup", "reggroup", "rollclass", "homeroomclass", "advisory"},
		FieldPronouns:      {"pronouns", "pronoun"},
		FieldEmail:         {"email", "emailaddress", "mail"},
	}
	guardianPrefixes = []string{"parentguardian", "parentcarer", "guardian", "parent", "carer", "contact"}
	// guardianAttrs holds the attribute words in the order of guardianFields.
	guardianAttrs = [6][]string{
		{"", "name", "fullname"},
		{"email", "emailaddress", "mail"},
		{"phone", "telephone", "tel", "mobile", "phonenumber", "mobilephone", "mobilenumber", "cell", "cellphone"},
		{"relationship", "relation", "relationshiptostudent", "relationtostudent"},
		{"language", "preferredlanguage", "homelanguage"},
		{"address", "postaladdress", "homeaddress", "mailingaddress", "fulladdress"},
	}
)

// GuessMapping proposes a mapping from common header names ("First Name",
// "Surname", "DOB", "Parent 1 Email", "Guardian2Phone", ...). Each header is
// used for one field at most, and the first header that fits a field wins.
// The coordinator confirms or corrects it before anything is imported.
func GuessMapping(headers []string) Mapping {
	m := Mapping{}
	for _, h := range headers {
		if f, ok := guess(normalizeGuess(h)); ok {
			if _, taken := m[f]; !taken {
				m[f] = strings.TrimSpace(h)
			}
		}
	}
	return m
}

func guess(h string) (Field, bool) {
	if h == "" {
		return "", false
	}
	if f, ok := guessGuardian(h); ok {
		return f, true
	}
	for _, candidate := range []string{h, strings.TrimPrefix(h, "student"), strings.TrimPrefix(h, "pupil")} {
		for _, f := range Fields {
			for _, g := range studentGuesses[f] {
				if candidate == g {
					return f, true
				}
			}
		}
	}
	return "", false
}

// guessGuardian recognises "<prefix><n><attribute>" and
// "<prefix><attribute><n>", where n (1 or 2) may be left out for the first.
func guessGuardian(h string) (Field, bool) {
	for _, p := range guardianPrefixes {
		rest, ok := strings.CutPrefix(h, p)
		if !ok {
			continue
		}
		n := 1
		switch {
		case strings.HasPrefix(rest, "1"), strings.HasSuffix(rest, "1"):
			rest = strings.TrimSuffix(strings.TrimPrefix(rest, "1"), "1")
		case strings.HasPrefix(rest, "2"), strings.HasSuffix(rest, "2"):
			rest, n = strings.TrimSuffix(strings.TrimPrefix(rest, "2"), "2"), 2
		}
		for i, words := range guardianAttrs {
			for _, w := range words {
				if rest == w {
					return guardianFields[n-1][i], true
				}
			}
		}
	}
	return "", false
}

// normalizeGuess makes "Parent 1 – E-mail" and "parent1email" the same.
func normalizeGuess(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
