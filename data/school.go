package data

import (
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// School is the school's letterhead and paper, and who a guardian asks
// about the programme: letters print the contact details and the
// coordinator's name.
type School struct {
	Name        string
	Address     string
	Phone       string
	Email       string
	Coordinator string // the programme coordinator's name, as letters sign it
	Logo        []byte
	LogoType    string // "png" or "jpeg"; "" without a logo
	Paper       string // "A4" or "Letter"
}

// Year is an academic year.
type Year struct {
	ID       int64
	SourceID string
	Name     string
	Start    Date
	End      Date
}

// Term is part of an academic year, such as "2026–27 Autumn".
type Term struct {
	ID       int64
	SourceID string
	YearID   int64
	Name     string
	Start    Date
	End      Date
}

// School returns the school's details.
func (tx *Tx) School() (*School, error) {
	var s School
	err := tx.queryRow(`SELECT name, address, phone, email, coordinator, logo, logo_type, paper FROM school WHERE id = 1`).
		Scan(&s.Name, &s.Address, &s.Phone, &s.Email, &s.Coordinator, &s.Logo, &s.LogoType, &s.Paper)
	return &s, err
}

// SaveSchool saves the school's details. The logo's type is read from its
// content.
func (tx *Tx) SaveSchool(s *School) error {
	var c check
	c.text("name", "School name", s.Name, true, MaxShort)
	c.address("address", "Address", s.Address, MaxNote)
	c.text("phone", "School phone", s.Phone, false, 50)
	c.email("email", "School email", s.Email)
	c.text("coordinator", "Programme coordinator", s.Coordinator, false, MaxName)
	c.oneOf("paper", "Paper size", s.Paper, []string{"A4", "Letter"})
	if err := c.Err(); err != nil {
		return err
	}
	s.LogoType = ""
	if len(s.Logo) > 0 {
		switch http.DetectContentType(s.Logo) {
		case "image/png":
			s.LogoType = "png"
		case "image/jpeg":
			s.LogoType = "jpeg"
		default:
			return fieldErr("logo", "The logo must be a PNG or JPEG picture.")
		}
		if len(s.Logo) > 5<<20 {
			return fieldErr("logo", "The logo is larger than 5 MB; use a smaller picture.")
		}
	}
	if _, err := tx.exec(`UPDATE school SET name=?, address=?, phone=?, email=?, coordinator=?, logo=?, logo_type=?, paper=? WHERE id = 1`,
		s.Name, s.Address, s.Phone, s.Email, s.Coordinator, s.Logo, s.LogoType, s.Paper); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "school", 1, "")
}

func (y *Year) validate() error {
	var c check
	c.text("name", "Year name", y.Name, true, 50)
	c.date("start", "Start", y.Start, true)
	c.date("end", "End", y.End, true)
	c.order("end", "Start", y.Start, "End", y.End)
	return c.Err()
}

// SaveYear adds (ID zero) or updates an academic year.
func (tx *Tx) SaveYear(y *Year) error {
	if err := y.validate(); err != nil {
		return err
	}
	if taken, err := tx.exists(`SELECT 1 FROM academic_years WHERE name = ? AND id <> ?`, y.Name, y.ID); err != nil {
		return err
	} else if taken {
		return &Error{Code: ECONFLICT, Field: "name", Message: "There is already an academic year called " + y.Name + "."}
	}
	if y.ID == 0 {
		id, err := tx.insert(`INSERT INTO academic_years (source_id, name, start_on, end_on) VALUES (?,?,?,?)`, nullStr(y.SourceID), y.Name, y.Start, y.End)
		if err != nil {
			return err
		}
		tx.setID(&y.ID, id)
		return tx.Audit(ActCreate, "year", id, y.Name)
	}
	if err := tx.execOne("academic year", `UPDATE academic_years SET source_id=?, name=?, start_on=?, end_on=? WHERE id=?`,
		nullStr(y.SourceID), y.Name, y.Start, y.End, y.ID); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "year", y.ID, y.Name)
}

// SaveTerm adds (ID zero) or updates a term, which must lie inside its year.
func (tx *Tx) SaveTerm(t *Term) error {
	var c check
	c.text("name", "Term name", t.Name, true, 50)
	c.date("start", "Start", t.Start, true)
	c.date("end", "End", t.End, true)
	c.order("end", "Start", t.Start, "End", t.End)
	if err := c.Err(); err != nil {
		return err
	}
	var y Year
	err := tx.queryRow(`SELECT id, name, start_on, end_on FROM academic_years WHERE id = ?`, t.YearID).Scan(&y.ID, &y.Name, &y.Start, &y.End)
	if err != nil {
		return notFound(err, "academic year")
	}
	if t.Start.Before(y.Start) || t.End.After(y.End) {
		return fieldErr("start", "The term (%s to %s) must lie within %s (%s to %s).", t.Start, t.End, y.Name, y.Start, y.End)
	}
	if taken, err := tx.exists(`SELECT 1 FROM terms WHERE name = ? AND id <> ?`, t.Name, t.ID); err != nil {
		return err
	} else if taken {
		return &Error{Code: ECONFLICT, Field: "name", Message: "There is already a term called " + t.Name + "."}
	}
	if t.ID == 0 {
		id, err := tx.insert(`INSERT INTO terms (source_id, year_id, name, start_on, end_on) VALUES (?,?,?,?,?)`,
			nullStr(t.SourceID), t.YearID, t.Name, t.Start, t.End)
		if err != nil {
			return err
		}
		tx.setID(&t.ID, id)
		return tx.Audit(ActCreate, "term", id, t.Name)
	}
	if err := tx.execOne("term", `UPDATE terms SET source_id=?, year_id=?, name=?, start_on=?, end_on=? WHERE id=?`,
		nullStr(t.SourceID), t.YearID, t.Name, t.Start, t.End, t.ID); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "term", t.ID, t.Name)
}

// Years lists the academic years, newest first.
func (tx *Tx) Years() ([]Year, error) {
	rows, err := tx.query(`SELECT id, COALESCE(source_id, ''), name, start_on, end_on FROM academic_years ORDER BY start_on DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Year
	for rows.Next() {
		var y Year
		if err := rows.Scan(&y.ID, &y.SourceID, &y.Name, &y.Start, &y.End); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// YearOn returns the academic year containing day, or nil.
func (tx *Tx) YearOn(day Date) (*Year, error) {
	var y Year
	err := tx.queryRow(`SELECT id, COALESCE(source_id, ''), name, start_on, end_on FROM academic_years
		WHERE start_on <= ?1 AND end_on >= ?1 ORDER BY start_on DESC LIMIT 1`, day).Scan(&y.ID, &y.SourceID, &y.Name, &y.Start, &y.End)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &y, err
}

// Terms lists every term, newest first.
func (tx *Tx) Terms() ([]Term, error) {
	rows, err := tx.query(`SELECT id, COALESCE(source_id, ''), year_id, name, start_on, end_on FROM terms ORDER BY start_on DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Term
	for rows.Next() {
		var t Term
		if err := rows.Scan(&t.ID, &t.SourceID, &t.YearID, &t.Name, &t.Start, &t.End); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Term returns the term called name, or, with an empty name, the current
// term: the one containing today, else the latest that has begun, else the
// first to come. A name matches whatever its case and whichever dash it is
// typed with: "2026-27 autumn" finds "2026–27 Autumn".
func (tx *Tx) Term(name string) (*Term, error) {
	var t Term
	var err error
	if name != "" {
		return tx.termNamed(name)
	}
	err = tx.queryRow(`SELECT id, COALESCE(source_id, ''), year_id, name, start_on, end_on FROM terms
		ORDER BY CASE WHEN start_on <= ?1 AND end_on >= ?1 THEN 0 WHEN start_on <= ?1 THEN 1 ELSE 2 END,
		CASE WHEN start_on <= ?1 THEN start_on END DESC, start_on LIMIT 1`, tx.Today()).
		Scan(&t.ID, &t.SourceID, &t.YearID, &t.Name, &t.Start, &t.End)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &Error{Code: ENOTFOUND, Field: "term", Message: "No terms are set up yet; add the academic year and its terms in Settings."}
	}
	return &t, err
}

// termNamed finds a term by its name as a person types it. An unknown name
// is refused with the names there are.
func (tx *Tx) termNamed(name string) (*Term, error) {
	terms, err := tx.Terms()
	if err != nil {
		return nil, err
	}
	var found []Term
	for _, t := range terms {
		if t.Name == name {
			return &t, nil
		}
		if termKey(t.Name) == termKey(name) {
			found = append(found, t)
		}
	}
	if len(found) == 1 {
		return &found[0], nil
	}
	names := make([]string, len(terms))
	for i, t := range terms {
		names[i] = t.Name
	}
	msg := "There is no term called " + strconv.Quote(name) + "."
	switch {
	case len(found) > 1:
		msg = strconv.Quote(name) + " could be more than one term; type its name exactly."
	case len(terms) == 0:
		msg += " No terms are set up yet; add the academic year and its terms in Settings."
	default:
		msg += " The terms are: " + strings.Join(names, ", ") + "."
	}
	return nil, &Error{Code: ENOTFOUND, Field: "term", Message: msg}
}

// termKey is a term's name as compared with what was typed: folded, any
// dash a hyphen, spaces single.
func termKey(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Pd, r) || r == '−' {
			return '-'
		}
		return r
	}, Fold(name))
	return strings.Join(strings.Fields(name), " ")
}
