package data

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Pairing statuses.
const (
	PairingProposed = "proposed"
	PairingActive   = "active"
	PairingPaused   = "paused"
	PairingClosed   = "closed"
)

// Closure reasons, the fixed list a pairing is closed with.
const (
	ReasonGoalsMet       = "goals met"
	ReasonStudentLeft    = "student left school"
	ReasonMentorLeft     = "mentor left"
	ReasonMismatch       = "mismatch"
	ReasonFamilyRequest  = "family request"
	ReasonProgrammeEnded = "programme ended"
	ReasonOther          = "other"
)

// ClosureReasons lists the reasons in the order a form offers them.
var ClosureReasons = []string{ReasonGoalsMet, ReasonStudentLeft, ReasonMentorLeft, ReasonMismatch,
	ReasonFamilyRequest, ReasonProgrammeEnded, ReasonOther}

// Pairing is a match of one student with one mentor.
type Pairing struct {
	ID         int64
	StudentID  int64
	MentorID   int64
	Start      Date
	PlannedEnd Date // zero on create: one year after Start
	Status     string
	Closure    Closure // set when Status is closed
	Version    int64   // as read; a change of an older one is refused (ErrChanged)
}

// Closure is how and why a pairing ended.
type Closure struct {
	On               Date
	Reason           string
	Other            string // the reason in words, with ReasonOther
	Note             string
	NoteConfidential bool
}

// PairingRow is a pairing with the names a list shows.
type PairingRow struct {
	Pairing
	StudentName   string
	StudentSchool string
	MentorName    string
	LastMeeting   Date // the last held meeting, zero if none
}

// PairingBlockers returns, in plain words, every reason the student and
// mentor cannot be paired as active today; none means they can. The GUI
// shows these before the coordinator presses Save.
func (tx *Tx) PairingBlockers(studentID, mentorID int64) ([]string, error) {
	var out []string
	st, err := tx.Student(studentID)
	if err != nil {
		return nil, err
	}
	m, err := tx.Mentor(mentorID)
	if err != nil {
		return nil, err
	}
	today := tx.Today()
	if !st.Active {
		out = append(out, st.DisplayName()+" has left the school.")
	}
	if ok, err := tx.HasConsent(studentID, today); err != nil {
		return nil, err
	} else if !ok {
		out = append(out, st.DisplayName()+" has no granted, unexpired participation consent.")
	}
	if !m.Active {
		out = append(out, m.Name+" is not an active mentor.")
	}
	if ok, err := tx.vetted(mentorID, today); err != nil {
		return nil, err
	} else if !ok {
		out = append(out, m.Name+"'s vetting check is missing or expired.")
	}
	n, err := tx.scalar(`SELECT count(*) FROM pairings WHERE mentor_id = ? AND status IN ('active', 'paused')`, mentorID)
	if err != nil {
		return nil, err
	}
	if n >= m.Capacity {
		out = append(out, fmt.Sprintf("%s is at capacity (%d of %d mentees).", m.Name, n, m.Capacity))
	}
	if err := tx.OpenPairingConflict(studentID, mentorID); ErrorCode(err) == ECONFLICT {
		out = append(out, ErrorMessage(err))
	} else if err != nil {
		return nil, err
	}
	return out, nil
}

// CreatePairing proposes or starts a pairing and sets p.ID. Any pairing
// needs an active, vetted mentor and an active student; an active one also
// needs participation consent and room in the mentor's caseload.
func (tx *Tx) CreatePairing(p *Pairing) error {
	var c check
	c.date("start", "Start date", p.Start, true)
	if p.PlannedEnd.IsZero() && !p.Start.IsZero() {
		p.PlannedEnd = p.Start.AddMonths(12)
	}
	c.date("planned_end", "Planned end", p.PlannedEnd, false)
	c.order("planned_end", "Start date", p.Start, "Planned end", p.PlannedEnd)
	c.oneOf("status", "Status", p.Status, []string{PairingProposed, PairingActive})
	if err := c.Err(); err != nil {
		return err
	}
	if err := tx.OpenPairingConflict(p.StudentID, p.MentorID); err != nil {
		return err
	}
	if err := tx.checkPairable(p.StudentID, p.MentorID, p.Status); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO pairings (student_id, mentor_id, start_on, planned_end, status, created_at) VALUES (?,?,?,?,?,?)`,
		p.StudentID, p.MentorID, p.Start, p.PlannedEnd, p.Status, stamp(tx.now))
	if err != nil {
		return err
	}
	tx.setID(&p.ID, id)
	return tx.Audit(ActCreate, "pairing", id, p.Status)
}

// OpenPairingConflict refuses a second open pairing of the same student
// and mentor, in words the form shows: two would split their meetings
// between them. CreatePairing runs it inside the writing transaction,
// which holds SQLite's write lock or is PostgreSQL's SERIALIZABLE (see
// Store.Update), so two laptops pressing Save at once cannot both pass it.
func (tx *Tx) OpenPairingConflict(studentID, mentorID int64) error {
	var status string
	var start Date
	err := tx.queryRow(`SELECT status, start_on FROM pairings WHERE student_id = ? AND mentor_id = ? AND status <> 'closed'
		ORDER BY start_on DESC LIMIT 1`, studentID, mentorID).Scan(&status, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	st, err := tx.Student(studentID)
	if err != nil {
		return err
	}
	m, err := tx.Mentor(mentorID)
	if err != nil {
		return err
	}
	return &Error{Code: ECONFLICT, Field: "mentor", Message: fmt.Sprintf(
		"%s and %s are already paired: their pairing is %s (starting %s). Resume, change or close it instead of making a second.",
		st.DisplayName(), m.Name, status, longDate(start))}
}

// checkPairable enforces the pairing rules with errors a counsellor can act on.
func (tx *Tx) checkPairable(studentID, mentorID int64, status string) error {
	st, err := tx.Student(studentID)
	if err != nil {
		return err
	}
	m, err := tx.Mentor(mentorID)
	if err != nil {
		return err
	}
	today := tx.Today()
	if !st.Active {
		return &Error{Code: ECONFLICT, Field: "student", Message: st.DisplayName() + " has left the school."}
	}
	if !m.Active {
		return &Error{Code: ECONFLICT, Field: "mentor", Message: m.Name + " is not an active mentor."}
	}
	if ok, err := tx.vetted(mentorID, today); err != nil {
		return err
	} else if !ok {
		return &Error{Code: EVETTING, Field: "mentor", Message: m.Name + "'s vetting check is missing or expired, so they cannot be given a new pairing. Record a current check first."}
	}
	if status != PairingActive {
		return nil
	}
	if ok, err := tx.HasConsent(studentID, today); err != nil {
		return err
	} else if !ok {
		return consentErr(st)
	}
	n, err := tx.scalar(`SELECT count(*) FROM pairings WHERE mentor_id = ? AND status IN ('active', 'paused')`, mentorID)
	if err != nil {
		return err
	}
	if n >= m.Capacity {
		return &Error{Code: ECONFLICT, Field: "mentor", Message: fmt.Sprintf("%s already has %d of %d mentees. Raise their capacity or choose another mentor.", m.Name, n, m.Capacity)}
	}
	return nil
}

func consentErr(st *Student) error {
	return &Error{Code: ECONSENT, Field: "student", Message: st.DisplayName() +
		" has no granted, unexpired participation consent. Record the guardian's consent on the Consents screen first."}
}

// SetPairingStatus moves a pairing, as read at version, between proposed,
// active and paused. Activating checks consent, vetting and capacity
// again. Use ClosePairing to close.
func (tx *Tx) SetPairingStatus(id, version int64, status string) error {
	p, err := tx.pairingAt(id, version)
	if err != nil {
		return err
	}
	var c check
	c.oneOf("status", "Status", status, []string{PairingProposed, PairingActive, PairingPaused})
	if err := c.Err(); err != nil {
		return err
	}
	if p.Status == PairingClosed {
		return Errorf(ECONFLICT, "This pairing is closed; start a new pairing instead.")
	}
	if status == PairingActive && p.Status != PairingActive {
		if p.Status == PairingPaused {
			// Resuming: the mentee is already counted in the caseload.
			st, err := tx.Student(p.StudentID)
			if err != nil {
				return err
			}
			if ok, err := tx.HasConsent(p.StudentID, tx.Today()); err != nil {
				return err
			} else if !ok {
				return consentErr(st)
			}
		} else if err := tx.checkPairable(p.StudentID, p.MentorID, PairingActive); err != nil {
			return err
		}
	}
	if _, err := tx.exec(`UPDATE pairings SET status = ?, version = version + 1 WHERE id = ?`, status, id); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "pairing", id, status)
}

// ClosePairing ends a pairing, as read at version, with a reason from
// the fixed list.
func (tx *Tx) ClosePairing(id, version int64, cl Closure) error {
	p, err := tx.pairingAt(id, version)
	if err != nil {
		return err
	}
	var c check
	c.date("closed_on", "Closure date", cl.On, true)
	c.oneOf("reason", "Closure reason", cl.Reason, ClosureReasons)
	if cl.Reason == ReasonOther {
		c.text("reason_other", "The reason in words", cl.Other, true, MaxShort)
	}
	c.note("closing_note", "Closing note", cl.Note)
	if err := c.Err(); err != nil {
		return err
	}
	if p.Status == PairingClosed {
		return Errorf(ECONFLICT, "This pairing is already closed.")
	}
	if cl.On.Before(p.Start) {
		return fieldErr("closed_on", "Closure date (%s) is before the pairing started (%s).", cl.On, p.Start)
	}
	if cl.On.After(tx.Today()) {
		return fieldErr("closed_on", "Closure date (%s) is in the future.", cl.On)
	}
	return tx.closePairing(id, cl)
}

func (tx *Tx) closePairing(id int64, cl Closure) error {
	if _, err := tx.exec(`UPDATE pairings SET status = 'closed', closed_on = ?, closure_reason = ?, closure_other = ?,
		closing_note = ?, closing_confidential = ?, version = version + 1 WHERE id = ?`,
		cl.On, cl.Reason, cl.Other, cl.Note, boolInt(cl.NoteConfidential), id); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "pairing", id, "closed: "+cl.Reason)
}

// closeOpenPairings closes the proposed, active and paused pairings f
// selects (a student's or a mentor's) on the day they left, with reason:
// someone who has left never keeps a pairing that raises alerts. A pairing
// due to start after that day closes on its start day, so that no pairing
// ends before it began. It returns the pairings it closed.
func (tx *Tx) closeOpenPairings(f PairingFilter, on Date, reason string) ([]PairingRow, error) {
	f.Status = "open"
	open, err := tx.Pairings(f)
	if err != nil {
		return nil, err
	}
	for _, p := range open {
		cl := Closure{On: on, Reason: reason}
		if cl.On.Before(p.Start) {
			cl.On = p.Start
		}
		if err := tx.closePairing(p.ID, cl); err != nil {
			return nil, err
		}
	}
	return open, nil
}

// pairingCols are the columns scanPairing reads, of pairings p.
func (tx *Tx) pairingCols() string {
	return `p.id, p.student_id, p.mentor_id, p.start_on, p.planned_end, p.status, p.closed_on, p.closure_reason,
	p.closure_other, ` + tx.shown("pairing_notes_shown", "p", "closing_note") + `, p.closing_confidential, p.version`
}

func scanPairing(r scanner, extra ...any) (*Pairing, error) {
	var p Pairing
	dest := append([]any{&p.ID, &p.StudentID, &p.MentorID, &p.Start, &p.PlannedEnd, &p.Status, &p.Closure.On,
		&p.Closure.Reason, &p.Closure.Other, &p.Closure.Note, &p.Closure.NoteConfidential, &p.Version}, extra...)
	err := r.Scan(dest...)
	return &p, err
}

// Pairing returns one pairing.
func (tx *Tx) Pairing(id int64) (*Pairing, error) {
	p, err := scanPairing(tx.queryRow(`SELECT `+tx.pairingCols()+` FROM pairings p WHERE p.id = ?`, id))
	return p, notFound(err, "pairing")
}

// pairingAt returns a pairing that a person read at version and now
// changes, refused with a *ChangedError if someone changed it since. On
// SQLite writers take turns; on PostgreSQL a writer that changed it
// meanwhile aborts this serializable transaction, whose rerun sees the
// new version.
func (tx *Tx) pairingAt(id, version int64) (*Pairing, error) {
	p, err := tx.Pairing(id)
	if err == nil && p.Version != version {
		err = tx.changed("pairings", "pairing", id)
	}
	return p, err
}

// PairingFilter narrows the pairing list. Zero fields do not filter.
type PairingFilter struct {
	StudentID int64
	MentorID  int64
	Status    string // one status, or "open" for proposed, active and paused
	Query     string // words that each begin a name of the student or the mentor, or are part of the school ID
}

// Pairings lists pairings with names, newest start first.
func (tx *Tx) Pairings(f PairingFilter) ([]PairingRow, error) {
	args := []any{f.StudentID, f.MentorID, f.Status}
	words := ""
	for _, w := range strings.Fields(Fold(strings.NewReplacer("%", "", "_", "").Replace(f.Query))) {
		n := len(args)
		words += fmt.Sprintf(`
		AND (p.student_id IN (SELECT student_id FROM student_words WHERE word >= ?%d AND word < ?%d)
			OR lower(s.school_id) LIKE ?%d OR ' ' || lower(m.name) LIKE ?%d)`, n+1, n+2, n+3, n+4)
		args = append(args, w, prefixEnd(w), "%"+w+"%", "% "+w+"%")
	}
	rows, err := tx.query(`SELECT `+tx.pairingCols()+`,
		`+studentNameSQL+`, s.school_id, m.name,
		(SELECT substr(max(at), 1, 10) FROM meetings mt WHERE mt.pairing_id = p.id AND mt.status = 'held')
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id
		WHERE (?1 = 0 OR p.student_id = ?1) AND (?2 = 0 OR p.mentor_id = ?2)
		AND (?3 = '' OR p.status = ?3 OR (?3 = 'open' AND p.status <> 'closed'))`+words+`
		ORDER BY p.start_on DESC, p.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PairingRow
	for rows.Next() {
		var r PairingRow
		p, err := scanPairing(rows, nameCol{&r.StudentName}, &r.StudentSchool, &r.MentorName, &r.LastMeeting)
		if err != nil {
			return nil, err
		}
		r.Pairing = *p
		out = append(out, r)
	}
	return out, rows.Err()
}
