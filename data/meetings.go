package data

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Meeting kinds and statuses.
var (
	MeetingKinds    = []string{"one-to-one", "group", "online", "phone"}
	MeetingStatuses = []string{MeetingPlanned, MeetingHeld, "student absent", "mentor absent", "cancelled"}
)

// Meeting statuses that code branches on.
const (
	MeetingPlanned = "planned"
	MeetingHeld    = "held"
)

// WellbeingQuestions are the fixed check-in questions, answered 1 (low) to 5
// (high), or 0 when not asked.
var WellbeingQuestions = [3]string{"How are you feeling?", "How is school going?", "How are things with friends and family?"}

// Meeting is one meeting of a pairing.
type Meeting struct {
	ID                int64
	PairingID         int64
	At                time.Time // local wall-clock time
	Minutes           int
	Kind              string
	Location          string
	Status            string
	Topics            []string
	Notes             string
	NotesConfidential bool
	FollowUp          string
	Wellbeing         [3]int
	RecordedBy        string // set by the store
	RecordedAt        time.Time
	Progress          []Progress // goal progress recorded with the meeting, saved with it
	Version           int64      // as read; a save of an older one is refused (ErrChanged)
}

func (m *Meeting) validate() error {
	var c check
	if m.At.IsZero() {
		c.fail("at", "Date is required.")
	} else {
		c.date("at", "Date", DateOf(m.At), false)
	}
	c.between("minutes", "Minutes", m.Minutes, 1, 600)
	c.oneOf("kind", "Kind", m.Kind, MeetingKinds)
	c.oneOf("status", "Status", m.Status, MeetingStatuses)
	c.text("location", "Location", m.Location, false, MaxShort)
	for _, t := range m.Topics {
		c.text("topics", "Topic", t, true, 50)
		if strings.Contains(t, ",") {
			c.fail("topics", "Topic %q cannot contain a comma.", t)
		}
	}
	c.note("notes", "Notes", m.Notes)
	c.note("follow_up", "Follow-up actions", m.FollowUp)
	for i, w := range m.Wellbeing {
		if w < 0 || w > 5 {
			c.fail("wellbeing", "%q must be answered 1 to 5, or left blank.", WellbeingQuestions[i])
		}
	}
	return c.Err()
}

// LogMeeting records a meeting, and the goal progress entered with it, and
// sets m.ID. It refuses a meeting for a student without participation
// consent valid on the meeting's day.
func (tx *Tx) LogMeeting(m *Meeting) error {
	if err := m.validate(); err != nil {
		return err
	}
	if err := tx.checkMeeting(m); err != nil {
		return err
	}
	m.RecordedBy, m.RecordedAt = tx.user, tx.now
	id, err := tx.insert(`INSERT INTO meetings (pairing_id, at, minutes, kind, location, status, topics, notes,
		notes_confidential, follow_up, wb_feeling, wb_school, wb_relationships, recorded_by, recorded_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		m.PairingID, wall(m.At), m.Minutes, m.Kind, m.Location, m.Status, strings.Join(m.Topics, ","), m.Notes,
		boolInt(m.NotesConfidential), m.FollowUp, m.Wellbeing[0], m.Wellbeing[1], m.Wellbeing[2], tx.user, stamp(tx.now))
	if err != nil {
		return err
	}
	tx.setID(&m.ID, id)
	if err := tx.saveProgress(m); err != nil {
		return err
	}
	return tx.Audit(ActCreate, "meeting", id, m.Status)
}

// UpdateMeeting saves a meeting's fields: how a meeting is corrected, and
// how a planned meeting is later marked held or missed. m.Progress is all
// the progress recorded with the meeting: entries kept carry their ID, new
// ones none, and entries left out are removed.
func (tx *Tx) UpdateMeeting(m *Meeting) error {
	if err := m.validate(); err != nil {
		return err
	}
	if err := tx.mentorMayChange(m.ID, false); err != nil {
		return err
	}
	if err := tx.checkMeeting(m); err != nil {
		return err
	}
	if err := tx.updateVersioned("meetings", "meeting", m.ID, &m.Version, `pairing_id=?, at=?, minutes=?, kind=?, location=?,
		status=?, topics=?, notes=?, notes_confidential=?, follow_up=?, wb_feeling=?, wb_school=?, wb_relationships=?`,
		m.PairingID, wall(m.At), m.Minutes, m.Kind, m.Location, m.Status, strings.Join(m.Topics, ","), m.Notes,
		boolInt(m.NotesConfidential), m.FollowUp, m.Wellbeing[0], m.Wellbeing[1], m.Wellbeing[2]); err != nil {
		return err
	}
	if err := tx.keepProgress(m); err != nil {
		return err
	}
	if err := tx.saveProgress(m); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "meeting", m.ID, m.Status)
}

// keepProgress corrects the entries recorded with a meeting that m still
// lists, dated on its (perhaps corrected) day, and removes the others.
func (tx *Tx) keepProgress(m *Meeting) error {
	old, err := tx.progressWhere(`meeting_id = ?`, m.ID)
	if err != nil {
		return err
	}
	was := map[int64]Progress{}
	for _, p := range old {
		was[p.ID] = p
	}
	for i := range m.Progress {
		p := &m.Progress[i]
		if p.ID == 0 {
			continue
		}
		o, ok := was[p.ID]
		if !ok {
			return Errorf(ENOTFOUND, "That goal rating is not one recorded with this meeting.")
		}
		delete(was, p.ID)
		p.MeetingID, p.GoalID, p.On = m.ID, o.GoalID, DateOf(m.At)
		if *p != o {
			if err := tx.UpdateProgress(p); err != nil {
				return err
			}
		}
	}
	for id, o := range was {
		if _, err := tx.exec(`DELETE FROM goal_progress WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.Audit(ActDelete, "goal", o.GoalID, "progress"); err != nil {
			return err
		}
	}
	return nil
}

// ownPairing says whether the pairing is the mentor login's own.
func (tx *Tx) ownPairing(id int64) (bool, error) {
	return tx.exists(`SELECT 1 WHERE ? = ANY (mentorbook_my_pairings(current_user))`, id)
}

// mentorMayChange refuses, with ErrNotAllowed, a mentor's change of a
// meeting it may read but not change: one of another mentor's pairing, or
// one holding someone else's confidential note; and its deletion of one
// it did not record. The server's policies hide those rows from its
// UPDATE and DELETE, which would otherwise read as a meeting that no
// longer exists.
func (tx *Tx) mentorMayChange(id int64, deleting bool) error {
	if tx.role != RoleMentor {
		return nil
	}
	old, err := tx.Meeting(id)
	if err != nil {
		return err
	}
	own, err := tx.ownPairing(old.PairingID)
	if err != nil {
		return err
	}
	mine := old.RecordedBy == tx.user
	if !own || (deleting || old.NotesConfidential) && !mine {
		return ErrNotAllowed
	}
	return nil
}

// MayChangeMeeting reports whether this login may correct meeting id (or,
// with deleting, delete it), so that the window offers only what the
// database will take: a reader changes nothing, a mentor only what
// mentorMayChange allows.
func (tx *Tx) MayChangeMeeting(id int64, deleting bool) (bool, error) {
	if tx.role == RoleReader {
		return false, nil
	}
	err := tx.mentorMayChange(id, deleting)
	if errors.Is(err, ErrNotAllowed) {
		return false, nil
	}
	return err == nil, err
}

// checkMeeting applies the rules that need the database.
func (tx *Tx) checkMeeting(m *Meeting) error {
	p, err := tx.Pairing(m.PairingID)
	if ErrorCode(err) == ENOTFOUND {
		return &Error{Code: ENOTFOUND, Field: "pairing", Message: "Choose a mentee from your pairings."}
	} else if err != nil {
		return err
	}
	if tx.role == RoleMentor {
		// A mentor reads its students' other pairings too, but logs
		// meetings only for its own (the server refuses the others).
		if own, err := tx.ownPairing(p.ID); err != nil {
			return err
		} else if !own {
			return &Error{Code: ENOTFOUND, Field: "pairing", Message: "Choose a mentee from your pairings."}
		}
	}
	day := DateOf(m.At)
	if p.Status == PairingProposed {
		return &Error{Code: ECONFLICT, Field: "pairing", Message: "This pairing is only proposed; make it active before logging meetings."}
	}
	if day.Before(p.Start) {
		return fieldErr("at", "Date (%s) is before the pairing started (%s).", day, p.Start)
	}
	if p.Status == PairingClosed && day.After(p.Closure.On) {
		return fieldErr("at", "Date (%s) is after the pairing was closed (%s).", day, p.Closure.On)
	}
	if m.Status != MeetingPlanned && m.At.After(tx.now) {
		return fieldErr("at", "A meeting that is %s cannot be in the future; mark it planned instead.", m.Status)
	}
	if ok, err := tx.HasConsent(p.StudentID, day); err != nil {
		return err
	} else if !ok {
		st, err := tx.Student(p.StudentID)
		if err != nil {
			return err
		}
		return consentErr(st)
	}
	return nil
}

func scanMeeting(r scanner, extra ...any) (*Meeting, error) {
	var m Meeting
	var topics, recorded string
	dest := append([]any{&m.ID, &m.PairingID, wallTime{&m.At}, &m.Minutes, &m.Kind, &m.Location, &m.Status, &topics,
		&m.Notes, &m.NotesConfidential, &m.FollowUp, &m.Wellbeing[0], &m.Wellbeing[1], &m.Wellbeing[2],
		&m.RecordedBy, &recorded, &m.Version}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	if topics != "" {
		m.Topics = strings.Split(topics, ",")
	}
	m.RecordedAt, _ = time.Parse(time.RFC3339, recorded)
	return &m, nil
}

// Meeting returns one meeting with the progress recorded with it.
func (tx *Tx) Meeting(id int64) (*Meeting, error) {
	m, err := scanMeeting(tx.queryRow(`SELECT `+tx.meetingCols()+` FROM meetings mt WHERE mt.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "meeting")
	}
	m.Progress, err = tx.progressWhere(`meeting_id = ?`, id)
	return m, err
}

// MeetingFilter narrows the meeting list; zero fields do not filter.
type MeetingFilter struct {
	PairingID int64
	StudentID int64
	MentorID  int64
	From, To  Date // inclusive days
	Status    string
	Limit     int // 0: no limit
}

// MeetingRow is a meeting with the names a list shows.
type MeetingRow struct {
	Meeting
	StudentName string
	MentorName  string
}

// where is the filter as SQL over meetings mt, built from the fields
// set, so that SQLite can use the index each one needs.
func (f MeetingFilter) where() (string, []any) {
	where := []string{"1=1"}
	var args []any
	if f.PairingID != 0 {
		where = append(where, "mt.pairing_id = ?")
		args = append(args, f.PairingID)
	}
	if f.StudentID != 0 {
		where = append(where, "mt.pairing_id IN (SELECT id FROM pairings WHERE student_id = ?)")
		args = append(args, f.StudentID)
	}
	if f.MentorID != 0 {
		where = append(where, "mt.pairing_id IN (SELECT id FROM pairings WHERE mentor_id = ?)")
		args = append(args, f.MentorID)
	}
	if !f.From.IsZero() {
		where = append(where, "mt.at >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where = append(where, "mt.at < ?")
		args = append(args, f.To.AddDays(1).String())
	}
	if f.Status != "" {
		where = append(where, "mt.status = ?")
		args = append(args, f.Status)
	}
	return strings.Join(where, " AND "), args
}

// meetingCols are the columns scanMeeting reads, of meetings mt.
func (tx *Tx) meetingCols() string {
	return `mt.id, mt.pairing_id, mt.at, mt.minutes, mt.kind, mt.location, mt.status, mt.topics, ` +
		tx.shown("meeting_notes_shown", "mt", "notes") + `, mt.notes_confidential, mt.follow_up, mt.wb_feeling, mt.wb_school,
	mt.wb_relationships, mt.recorded_by, mt.recorded_at, mt.version`
}

// meetingRowCols are the columns scanMeetingRows reads.
func (tx *Tx) meetingRowCols() string {
	return tx.meetingCols() + `, ` + studentNameSQL + `, m.name`
}

const meetingRowJoins = `JOIN pairings p ON p.id = mt.pairing_id JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id`

// Meetings lists meetings, newest first, with every row. A screen showing
// thousands uses MeetingIDs and MeetingRows instead, to read only the
// rows in view.
func (tx *Tx) Meetings(f MeetingFilter) ([]MeetingRow, error) {
	where, args := f.where()
	// No limit is no LIMIT: SQLite's LIMIT -1 is an error in PostgreSQL.
	limit := ""
	if f.Limit > 0 {
		limit, args = ` LIMIT ?`, append(args, f.Limit)
	}
	rows, err := tx.query(`SELECT `+tx.meetingRowCols()+` FROM meetings mt `+meetingRowJoins+`
		WHERE `+where+` ORDER BY mt.at DESC, mt.id DESC`+limit, args...)
	if err != nil {
		return nil, err
	}
	return scanMeetingRows(rows, 0)
}

// MeetingIDs lists the IDs of every meeting matching f, newest first; f.Limit
// is ignored, so that a list can say truthfully how many matched.
func (tx *Tx) MeetingIDs(f MeetingFilter) ([]int64, error) {
	where, args := f.where()
	return tx.ids(`SELECT mt.id FROM meetings mt WHERE `+where+` ORDER BY mt.at DESC, mt.id DESC`, args...)
}

// MeetingRows reads the list rows of the given meetings, in the order
// given. A meeting deleted since the IDs were listed is left out.
func (tx *Tx) MeetingRows(ids []int64) ([]MeetingRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT `+tx.meetingRowCols()+` FROM `+tx.dialect.idList("?1", "j")+` JOIN meetings mt ON mt.id = j.value `+meetingRowJoins+`
		ORDER BY j.key`, string(list))
	if err != nil {
		return nil, err
	}
	return scanMeetingRows(rows, len(ids))
}

func scanMeetingRows(rows *sql.Rows, n int) ([]MeetingRow, error) {
	defer rows.Close()
	out := make([]MeetingRow, 0, n)
	for rows.Next() {
		var r MeetingRow
		m, err := scanMeeting(rows, nameCol{&r.StudentName}, &r.MentorName)
		if err != nil {
			return nil, err
		}
		r.Meeting = *m
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteMeeting removes a meeting logged by mistake, and the goal ratings
// recorded with it, which were part of the same mistake. The audit line
// keeps the pairing and the time, never the notes.
func (tx *Tx) DeleteMeeting(id int64) error {
	if err := tx.mentorMayChange(id, true); err != nil {
		return err
	}
	m, err := tx.Meeting(id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM goal_progress WHERE meeting_id = ?`, id); err != nil {
		return err
	}
	if err := tx.execOne("meeting", `DELETE FROM meetings WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Audit(ActDelete, "meeting", id, fmt.Sprintf("pairing %d, %s, %s, %d goal ratings", m.PairingID, wall(m.At), m.Status, len(m.Progress)))
}

// MeetingNear returns a meeting of the pairing less than an hour from at,
// other than the meeting except, or nil. A second save of the same
// meeting is the usual reason there is one, so the window asks first.
func (tx *Tx) MeetingNear(pairingID int64, at time.Time, except int64) (*Meeting, error) {
	m, err := scanMeeting(tx.queryRow(`SELECT `+tx.meetingCols()+` FROM meetings mt WHERE mt.pairing_id = ? AND mt.id <> ? AND mt.at >= ? AND mt.at <= ?
		ORDER BY mt.at, mt.id LIMIT 1`, pairingID, except, wall(at.Add(-59*time.Minute)), wall(at.Add(59*time.Minute))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// FindLogged looks for m among the meetings already logged, for a save
// whose earlier attempt ended with ErrUnreachable: when the connection
// was lost after the commit was sent, the meeting was saved and only the
// answer lost, and saving it again would log it twice. A meeting of the
// same pairing at the same minute, recorded by this login, with the same
// length, kind and status is taken to be that save: m gets its ID and
// recording stamp, and FindLogged reports true. (Only columns every role
// may read are compared; a teacher does not log two such meetings.)
func (tx *Tx) FindLogged(m *Meeting) (bool, error) {
	var id int64
	var at string
	err := tx.queryRow(`SELECT id, recorded_at FROM meetings WHERE pairing_id = ? AND at = ? AND recorded_by = ?
		AND minutes = ? AND kind = ? AND status = ? ORDER BY id DESC LIMIT 1`,
		m.PairingID, wall(m.At), tx.user, m.Minutes, m.Kind, m.Status).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	m.ID, m.RecordedBy = id, tx.user
	m.RecordedAt, _ = time.Parse(time.RFC3339, at)
	return true, nil
}
