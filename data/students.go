package data

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
)

// Student is a mentee.
type Student struct {
	ID                int64
	SourceID          string // the roster's sourcedId; empty for students typed in by hand
	SchoolID          string
	GivenName         string
	FamilyName        string
	PreferredName     string
	BirthDate         Date
	YearGroup         string
	Homeroom          string
	Pronouns          string
	Interests         string // comma-separated
	Languages         string // comma-separated
	Preferences       string // what the student asked for in a mentor, comma-separated: a role, an interest, a language, a time, a name
	Needs             string
	NeedsConfidential bool
	Email             string
	Active            bool
	LeftOn            Date
	Version           int64 // as read; a save of an older one is refused (ErrChanged)
}

// DisplayName is how the program names a student (see PersonName).
func (s *Student) DisplayName() string { return PersonName(s.GivenName, s.PreferredName, s.FamilyName) }

// FullName is the legal name, for reports and letters.
func (s *Student) FullName() string { return PersonName(s.GivenName, "", s.FamilyName) }

func (s *Student) validate() error {
	var c check
	c.text("school_id", "School ID", s.SchoolID, true, 50)
	c.text("given_name", "Given name", s.GivenName, true, MaxName)
	c.text("family_name", "Family name", s.FamilyName, false, MaxName)
	c.text("preferred_name", "Preferred name", s.PreferredName, false, MaxName)
	c.text("year_group", "Year group", s.YearGroup, false, 20)
	c.text("homeroom", "Homeroom", s.Homeroom, false, 50)
	c.text("pronouns", "Pronouns", s.Pronouns, false, 50)
	c.text("interests", "Interests", s.Interests, false, MaxShort)
	c.text("languages", "Languages", s.Languages, false, MaxShort)
	c.text("preferences", "Mentor preferences", s.Preferences, false, MaxShort)
	c.note("needs", "Notes on needs", s.Needs)
	c.email("email", "Email", s.Email)
	c.date("birth_date", "Date of birth", s.BirthDate, false)
	c.date("left_on", "Leaving date", s.LeftOn, false)
	if !s.Active && s.LeftOn.IsZero() {
		c.fail("left_on", "Leaving date is required for a student who has left.")
	}
	if s.Active && !s.LeftOn.IsZero() {
		c.fail("left_on", "A student who has not left cannot have a leaving date.")
	}
	if !s.BirthDate.IsZero() && !s.LeftOn.IsZero() {
		c.order("left_on", "Date of birth", s.BirthDate, "Leaving date", s.LeftOn)
	}
	return c.Err()
}

// indexWords replaces the student's words in the search index.
func (tx *Tx) indexWords(s *Student) error {
	if _, err := tx.exec(`DELETE FROM student_words WHERE student_id = ?`, s.ID); err != nil {
		return err
	}
	for _, w := range strings.Fields(s.key()) {
		if _, err := tx.exec(`INSERT INTO student_words (word, student_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, w, s.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Student) key() string {
	return searchKey(s.GivenName, s.FamilyName, s.PreferredName, s.SchoolID)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (tx *Tx) checkBirth(s *Student) error {
	if !s.BirthDate.IsZero() && s.BirthDate.After(tx.Today()) {
		return fieldErr("birth_date", "Date of birth (%s) is in the future.", s.BirthDate)
	}
	return nil
}

// CreateStudent adds a student and sets s.ID.
func (tx *Tx) CreateStudent(s *Student) error {
	if err := s.validate(); err != nil {
		return err
	}
	if err := tx.checkBirth(s); err != nil {
		return err
	}
	if taken, err := tx.exists(`SELECT 1 FROM students WHERE school_id = ?`, s.SchoolID); err != nil {
		return err
	} else if taken {
		return &Error{Code: ECONFLICT, Field: "school_id", Message: "Another student already has school ID " + s.SchoolID + "."}
	}
	now := stamp(tx.now)
	id, err := tx.insert(`INSERT INTO students (source_id, school_id, given_name, family_name, preferred_name, birth_date,
		year_group, homeroom, pronouns, interests, languages, preferences, needs, needs_confidential, email, active, left_on,
		search_key, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		nullStr(s.SourceID), s.SchoolID, s.GivenName, s.FamilyName, s.PreferredName, s.BirthDate,
		s.YearGroup, s.Homeroom, s.Pronouns, s.Interests, s.Languages, s.Preferences, s.Needs, boolInt(s.NeedsConfidential),
		s.Email, boolInt(s.Active), s.LeftOn, s.key(), now, now)
	if err != nil {
		return err
	}
	tx.setID(&s.ID, id)
	if err := tx.indexWords(s); err != nil {
		return err
	}
	return tx.Audit(ActCreate, "student", id, s.SchoolID)
}

// UpdateStudent saves every field of s. A student who leaves (active
// before, not now) has their open pairings closed on the leaving day.
func (tx *Tx) UpdateStudent(s *Student) error {
	if err := s.validate(); err != nil {
		return err
	}
	if err := tx.checkBirth(s); err != nil {
		return err
	}
	if taken, err := tx.exists(`SELECT 1 FROM students WHERE school_id = ? AND id <> ?`, s.SchoolID, s.ID); err != nil {
		return err
	} else if taken {
		return &Error{Code: ECONFLICT, Field: "school_id", Message: "Another student already has school ID " + s.SchoolID + "."}
	}
	wasActive, err := tx.exists(`SELECT 1 FROM students WHERE id = ? AND active = 1`, s.ID)
	if err != nil {
		return err
	}
	if wasActive && !s.Active {
		if err := tx.leaving(s); err != nil {
			return err
		}
	}
	err = tx.updateVersioned("students", "student", s.ID, &s.Version, `source_id=?, school_id=?, given_name=?, family_name=?,
		preferred_name=?, birth_date=?, year_group=?, homeroom=?, pronouns=?, interests=?, languages=?, preferences=?, needs=?,
		needs_confidential=?, email=?, active=?, left_on=?, search_key=?, updated_at=?`,
		nullStr(s.SourceID), s.SchoolID, s.GivenName, s.FamilyName, s.PreferredName, s.BirthDate,
		s.YearGroup, s.Homeroom, s.Pronouns, s.Interests, s.Languages, s.Preferences, s.Needs, boolInt(s.NeedsConfidential),
		s.Email, boolInt(s.Active), s.LeftOn, s.key(), stamp(tx.now))
	if err != nil {
		return err
	}
	if err := tx.indexWords(s); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "student", s.ID, s.SchoolID)
}

// MarkStudentLeft records that a student left the school on the given day.
// Their history stays; their open pairings are closed that day with the
// reason "student left school" (see UpdateStudent).
func (tx *Tx) MarkStudentLeft(id int64, on Date) error {
	s, err := tx.Student(id)
	if err != nil {
		return err
	}
	if on.IsZero() {
		return fieldErr("left_on", "Leaving date is required.")
	}
	s.Active, s.LeftOn = false, on
	return tx.UpdateStudent(s)
}

// leaving checks the leaving date of a student who is leaving now, and
// closes their open pairings on it.
func (tx *Tx) leaving(s *Student) error {
	if s.LeftOn.After(tx.Today()) {
		return fieldErr("left_on", "Leaving date (%s) is in the future; mark the student as left on or after that day.", s.LeftOn)
	}
	_, err := tx.closeOpenPairings(PairingFilter{StudentID: s.ID}, s.LeftOn, ReasonStudentLeft)
	return err
}

// studentCols are the columns scanStudent reads, of students s.
func (tx *Tx) studentCols() string {
	return `s.id, COALESCE(s.source_id, ''), s.school_id, s.given_name, s.family_name, s.preferred_name, s.birth_date, s.year_group,
	s.homeroom, s.pronouns, s.interests, s.languages, s.preferences, ` + tx.shown("student_needs_shown", "s", "needs") + `,
	s.needs_confidential, s.email, s.active, s.left_on, s.version`
}

type scanner interface{ Scan(...any) error }

// scanStudent reads the studentCols of a row into a Student, and any
// columns selected after them into extra.
func scanStudent(r scanner, extra ...any) (*Student, error) {
	var s Student
	dest := append([]any{&s.ID, &s.SourceID, &s.SchoolID, &s.GivenName, &s.FamilyName, &s.PreferredName, &s.BirthDate,
		&s.YearGroup, &s.Homeroom, &s.Pronouns, &s.Interests, &s.Languages, &s.Preferences, &s.Needs, &s.NeedsConfidential,
		&s.Email, &s.Active, &s.LeftOn, &s.Version}, extra...)
	err := r.Scan(dest...)
	return &s, err
}

// Student returns one student.
func (tx *Tx) Student(id int64) (*Student, error) {
	s, err := scanStudent(tx.queryRow(`SELECT `+tx.studentCols()+` FROM students s WHERE s.id = ?`, id))
	return s, notFound(err, "student")
}

// StudentBySchoolID returns the student with the given school ID.
func (tx *Tx) StudentBySchoolID(schoolID string) (*Student, error) {
	s, err := scanStudent(tx.queryRow(`SELECT `+tx.studentCols()+` FROM students s WHERE s.school_id = ?`, schoolID))
	if errors.Is(err, sql.ErrNoRows) {
		// People type IDs in either case: "s00001" is S00001, unless two
		// IDs differ only in case.
		var id int64
		err = tx.queryRow(`SELECT min(id) FROM students WHERE upper(school_id) = upper(?) HAVING count(*) = 1`, schoolID).Scan(&id)
		if err == nil {
			return tx.Student(id)
		}
	}
	return s, notFound(err, "student (school ID "+schoolID+")")
}

// StudentFilter narrows the student list. The zero value lists everyone.
type StudentFilter struct {
	Query      string // words that must begin a name or the school ID, in any script, accents ignored
	YearGroup  string
	Status     string // "", "active" or "left"
	HasPairing string // "", "yes" (an active or paused pairing) or "no"
	Consent    string // "", "granted" (valid participation consent today) or "missing"
	Sort       string // "name" (default), "school_id", "year_group", "-name" … a leading minus sorts descending
}

// StudentRow is one line of the student list: enough to draw the row.
type StudentRow struct {
	ID         int64
	SchoolID   string
	Name       string
	YearGroup  string
	Homeroom   string
	Active     bool
	Paired     bool // has an active or paused pairing
	HasConsent bool // valid participation consent today
}

// pairingsExpr is true for a student (table alias s) with an active or
// paused pairing.
const pairingsExpr = `EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status IN ('active', 'paused'))`

// consentExpr is true for a student with participation consent valid
// today; today is the SQL parameter named.
func consentExpr(today string) string {
	return `EXISTS (SELECT 1 FROM consents c WHERE c.student_id = s.id AND c.kind = 'participation'
		AND c.status = 'granted' AND (c.valid_until IS NULL OR c.valid_until >= ` + today + `))`
}

// studentOrder is the ORDER BY of a student list sorted by key (a
// StudentFilter.Sort without its "-"); by name when key is unknown.
func studentOrder(d dialect, key string) string {
	family := d.nocase("family_name")
	switch key {
	case "school_id":
		return "school_id, s.id"
	case "year_group":
		return "year_group, " + family + ", s.id"
	case "homeroom":
		return "homeroom, " + family + ", s.id"
	}
	return family + ", " + d.nocase("given_name") + ", s.id"
}

// Students lists the students matching f, sorted as asked, with every
// row. A screen showing thousands uses StudentIDs and StudentRows instead,
// to read only the rows in view.
func (tx *Tx) Students(f StudentFilter) ([]StudentRow, error) {
	ids, err := tx.StudentIDs(f)
	if err != nil {
		return nil, err
	}
	return tx.StudentRows(ids)
}

// StudentIDs lists the IDs of the students matching f, sorted as asked.
// It reads no more of each student than the filter and the sort need: on
// a wide search a sixth of the school matches, and reading whole rows
// for all of them is most of the cost.
func (tx *Tx) StudentIDs(f StudentFilter) ([]int64, error) {
	where := []string{"1=1"}
	var args []any
	// Each typed word must begin some word of the student's names or
	// school ID, in any order: one range scan of the word index per word.
	// Digits alone may also be the digits of a school ID: "9001" finds S09001.
	for _, w := range strings.Fields(Fold(f.Query)) {
		words := `s.id IN (SELECT student_id FROM student_words WHERE word >= ? AND word < ?)`
		args = append(args, w, prefixEnd(w))
		if strings.Trim(w, "0123456789") == "" {
			words = `(` + words + ` OR s.school_id LIKE ?)`
			args = append(args, "%"+w+"%")
		}
		where = append(where, words)
	}
	if f.YearGroup != "" {
		where = append(where, "year_group = ?")
		args = append(args, f.YearGroup)
	}
	switch f.Status {
	case "active":
		where = append(where, "active = 1")
	case "left":
		where = append(where, "active = 0")
	}
	switch f.HasPairing {
	case "yes":
		where = append(where, pairingsExpr)
	case "no":
		where = append(where, "NOT "+pairingsExpr)
	}
	switch f.Consent {
	case "granted":
		where = append(where, consentExpr("?"))
		args = append(args, tx.Today())
	case "missing":
		where = append(where, "NOT "+consentExpr("?"))
		args = append(args, tx.Today())
	}
	desc := strings.HasPrefix(f.Sort, "-")
	order := studentOrder(tx.dialect, strings.TrimPrefix(f.Sort, "-"))
	if desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	return tx.ids(`SELECT s.id FROM students s WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order, args...)
}

// StudentRows reads the list rows of the given students, in the order
// given. A student erased since the IDs were listed is left out.
func (tx *Tx) StudentRows(ids []int64) ([]StudentRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT s.id, school_id, `+studentNameSQL+`,
			year_group, homeroom, active, `+pairingsExpr+`, `+consentExpr("?1")+`
		FROM `+tx.dialect.idList("?2", "j")+` JOIN students s ON s.id = j.value ORDER BY j.key`, tx.Today(), string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]StudentRow, 0, len(ids))
	for rows.Next() {
		var r StudentRow
		if err := rows.Scan(&r.ID, &r.SchoolID, nameCol{&r.Name}, &r.YearGroup, &r.Homeroom, &r.Active, &r.Paired, &r.HasConsent); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// YearGroups lists the year groups in use, for a filter, shortest first
// ("Year 9" before "Year 10"). GROUP BY rather than DISTINCT: PostgreSQL
// refuses a DISTINCT ordered by an expression it does not select.
func (tx *Tx) YearGroups() ([]string, error) {
	return tx.strings(`SELECT year_group FROM students WHERE year_group <> '' GROUP BY year_group ORDER BY length(year_group), year_group`)
}

func (tx *Tx) strings(query string, args ...any) ([]string, error) {
	return scanStrings(tx.query(query, args...))
}

// scanStrings reads a query's one text column.
func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
