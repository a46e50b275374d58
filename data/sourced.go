package data

// This file holds the reads a roster import and the CSV and calendar
// exports need: records found by the roster's sourcedId, whole tables read
// at once (an import of 10,000 students cannot afford a query per row to
// find what is already there), and the rows of each export.

// StudentBySourceID returns the student a roster gave the sourcedId id.
func (tx *Tx) StudentBySourceID(id string) (*Student, error) {
	s, err := scanStudent(tx.queryRow(`SELECT `+tx.studentCols()+` FROM students s WHERE s.source_id = ?`, id))
	return s, notFound(err, "student (roster ID "+id+")")
}

// AllStudents returns every student, hand-typed and imported, active and
// left, in school ID order.
func (tx *Tx) AllStudents() ([]Student, error) {
	rows, err := tx.query(`SELECT ` + tx.studentCols() + ` FROM students s ORDER BY s.school_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Student
	for rows.Next() {
		s, err := scanStudent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// SourcedStudentIDs returns the sourcedIds of every student that came from
// a roster, mapped to the student's ID.
func (tx *Tx) SourcedStudentIDs() (map[string]int64, error) {
	return tx.sourceMap(`SELECT source_id, id FROM students WHERE source_id IS NOT NULL`)
}

func (tx *Tx) sourceMap(query string) (map[string]int64, error) {
	rows, err := tx.query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var src string
		var id int64
		if err := rows.Scan(&src, &id); err != nil {
			return nil, err
		}
		out[src] = id
	}
	return out, rows.Err()
}

const guardianCols = `id, COALESCE(source_id, ''), name, email, phone, language, address, version`

func scanGuardian(r scanner) (*Guardian, error) {
	var g Guardian
	err := r.Scan(&g.ID, &g.SourceID, &g.Name, &g.Email, &g.Phone, &g.Language, &g.Address, &g.Version)
	return &g, err
}

// GuardianBySourceID returns the guardian a roster gave the sourcedId id.
func (tx *Tx) GuardianBySourceID(id string) (*Guardian, error) {
	g, err := scanGuardian(tx.queryRow(`SELECT `+guardianCols+` FROM guardians WHERE source_id = ?`, id))
	return g, notFound(err, "guardian (roster ID "+id+")")
}

// SourcedGuardians returns every guardian that came from a roster or an
// imported file, by sourcedId.
func (tx *Tx) SourcedGuardians() (map[string]*Guardian, error) {
	rows, err := tx.query(`SELECT ` + guardianCols + ` FROM guardians WHERE source_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*Guardian{}
	for rows.Next() {
		g, err := scanGuardian(rows)
		if err != nil {
			return nil, err
		}
		out[g.SourceID] = g
	}
	return out, rows.Err()
}

// GuardianLink is one student–guardian link.
type GuardianLink struct {
	StudentID    int64
	GuardianID   int64
	Relationship string
	Sourced      bool // the guardian came from a roster or an imported file
}

// GuardianLinks returns every student–guardian link.
func (tx *Tx) GuardianLinks() ([]GuardianLink, error) {
	rows, err := tx.query(`SELECT sg.student_id, sg.guardian_id, sg.relationship, g.source_id IS NOT NULL
		FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id ORDER BY sg.student_id, sg.guardian_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GuardianLink
	for rows.Next() {
		var l GuardianLink
		if err := rows.Scan(&l.StudentID, &l.GuardianID, &l.Relationship, &l.Sourced); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// MentorBySourceID returns the mentor a roster gave the sourcedId id.
func (tx *Tx) MentorBySourceID(id string) (*Mentor, error) {
	m, err := scanMentor(tx.queryRow(`SELECT `+mentorCols+` FROM mentors WHERE source_id = ?`, id))
	return m, notFound(err, "mentor (roster ID "+id+")")
}

// AllMentors returns every mentor, in ID order.
func (tx *Tx) AllMentors() ([]Mentor, error) {
	rows, err := tx.query(`SELECT ` + mentorCols + ` FROM mentors ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mentor
	for rows.Next() {
		m, err := scanMentor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// YearBySourceID returns the academic year a roster gave the sourcedId id.
func (tx *Tx) YearBySourceID(id string) (*Year, error) {
	var y Year
	err := tx.queryRow(`SELECT id, COALESCE(source_id, ''), name, start_on, end_on FROM academic_years WHERE source_id = ?`, id).
		Scan(&y.ID, &y.SourceID, &y.Name, &y.Start, &y.End)
	return &y, notFound(err, "academic year (roster ID "+id+")")
}

// TermBySourceID returns the term a roster gave the sourcedId id.
func (tx *Tx) TermBySourceID(id string) (*Term, error) {
	var t Term
	err := tx.queryRow(`SELECT id, COALESCE(source_id, ''), year_id, name, start_on, end_on FROM terms WHERE source_id = ?`, id).
		Scan(&t.ID, &t.SourceID, &t.YearID, &t.Name, &t.Start, &t.End)
	return &t, notFound(err, "term (roster ID "+id+")")
}

// IsNotFound reports whether err is an ENOTFOUND error.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }

// Exports. A student whose guardian declined or withdrew data-sharing
// consent is left out of every export, and confidential notes are blanked,
// unless the coordinator asks for everything (confidential true), as with
// printed reports.

// sharingWithheldExpr is true for the student s whose data-sharing consent
// is declined or withdrawn.
const sharingWithheldExpr = `EXISTS (SELECT 1 FROM consents c WHERE c.student_id = s.id AND c.kind = 'data sharing'
	AND c.status IN ('declined', 'withdrawn'))`

// ExportStudents returns the students to export and how many were left out
// because their data-sharing consent is withheld.
func (tx *Tx) ExportStudents(confidential bool) (out []Student, leftOut int, err error) {
	rows, err := tx.query(`SELECT ` + tx.studentCols() + `, ` + sharingWithheldExpr + ` FROM students s ORDER BY s.school_id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var withheld bool
		s, err := scanStudent(rows, &withheld)
		if err != nil {
			return nil, 0, err
		}
		if withheld && !confidential {
			leftOut++
			continue
		}
		if s.NeedsConfidential && !confidential {
			s.Needs = ""
		}
		out = append(out, *s)
	}
	return out, leftOut, rows.Err()
}

// PairingExport is a pairing with the names an export shows.
type PairingExport struct {
	Pairing
	StudentSchoolID string
	StudentName     string
	MentorName      string
	MentorEmail     string
	TermComments    []TermComment // the mentor's term comments, by term, with Term set
}

// ExportPairings returns every pairing to export, oldest first, and how many
// were left out because the student's data-sharing consent is withheld.
func (tx *Tx) ExportPairings(confidential bool) (out []PairingExport, leftOut int, err error) {
	comments, err := tx.termCommentsByPairing()
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.query(`SELECT ` + tx.pairingCols() + `, s.school_id,
		` + studentNameSQL + `,
		m.name, m.email, ` + sharingWithheldExpr + `
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors m ON m.id = p.mentor_id ORDER BY p.id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var r PairingExport
		var withheld bool
		p, err := scanPairing(rows, &r.StudentSchoolID, nameCol{&r.StudentName}, &r.MentorName, &r.MentorEmail, &withheld)
		if err != nil {
			return nil, 0, err
		}
		if withheld && !confidential {
			leftOut++
			continue
		}
		r.Pairing = *p
		r.TermComments = comments[p.ID]
		if r.Closure.NoteConfidential && !confidential {
			r.Closure.Note = ""
		}
		out = append(out, r)
	}
	return out, leftOut, rows.Err()
}

// MeetingExport is a meeting with the names an export shows.
type MeetingExport struct {
	Meeting
	StudentSchoolID string
	StudentName     string
	MentorName      string
}

// CountMeetingsToExport is how many meetings ExportMeetings will pass to
// its fn, so that an export of hundreds of thousands can show how far it
// has got.
func (tx *Tx) CountMeetingsToExport(confidential bool) (int, error) {
	return tx.scalar(`SELECT count(*) FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id
		JOIN students s ON s.id = p.student_id WHERE ? OR NOT `+sharingWithheldExpr, confidential)
}

// ExportMeetings calls fn for every meeting to export, oldest first, and
// returns how many were left out because the student's data-sharing
// consent is withheld. Meetings are streamed rather than returned: a large
// school has hundreds of thousands. A confidential meeting's notes and
// follow-up actions are blanked.
func (tx *Tx) ExportMeetings(confidential bool, fn func(*MeetingExport) error) (leftOut int, err error) {
	rows, err := tx.query(`SELECT mt.id, mt.pairing_id, mt.at, mt.minutes, mt.kind, mt.location, mt.status, mt.topics, mt.notes,
		mt.notes_confidential, mt.follow_up, mt.wb_feeling, mt.wb_school, mt.wb_relationships, mt.recorded_by, mt.recorded_at,
		mt.version, s.school_id, ` + studentNameSQL + `,
		m.name, ` + sharingWithheldExpr + `
		FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id JOIN students s ON s.id = p.student_id
		JOIN mentors m ON m.id = p.mentor_id ORDER BY mt.at, mt.id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var r MeetingExport
		var withheld bool
		m, err := scanMeeting(rows, &r.StudentSchoolID, nameCol{&r.StudentName}, &r.MentorName, &withheld)
		if err != nil {
			return 0, err
		}
		if withheld && !confidential {
			leftOut++
			continue
		}
		r.Meeting = *m
		if r.NotesConfidential && !confidential {
			r.Notes, r.FollowUp = "", ""
		}
		if err := fn(&r); err != nil {
			return 0, err
		}
	}
	return leftOut, rows.Err()
}

// GoalExport is a goal with its student and its latest progress.
type GoalExport struct {
	Goal
	StudentSchoolID string
	StudentName     string
	Entries         int      // progress entries recorded
	Latest          Progress // the latest entry; zero On when there is none
}

// ExportGoals returns every goal to export and how many were left out
// because the student's data-sharing consent is withheld. A confidential
// progress comment is blanked.
func (tx *Tx) ExportGoals(confidential bool) (out []GoalExport, leftOut int, err error) {
	rows, err := tx.query(`SELECT g.id, g.student_id, g.title, g.description, g.area, g.target_on, g.status, g.created_on,
		s.school_id, ` + studentNameSQL + `,
		(SELECT count(*) FROM goal_progress gp WHERE gp.goal_id = g.id),
		lp.on_date, COALESCE(lp.rating, 0), COALESCE(lp.percent, -1), COALESCE(lp.comment, ''), COALESCE(lp.confidential, 0),
		` + sharingWithheldExpr + `
		FROM goals g JOIN students s ON s.id = g.student_id
		LEFT JOIN goal_progress lp ON lp.id = (SELECT gp.id FROM goal_progress gp WHERE gp.goal_id = g.id ORDER BY gp.on_date DESC, gp.id DESC LIMIT 1)
		ORDER BY s.school_id, g.id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var r GoalExport
		var withheld bool
		g := &r.Goal
		p := &r.Latest
		if err := rows.Scan(&g.ID, &g.StudentID, &g.Title, &g.Description, &g.Area, &g.Target, &g.Status, &g.Created,
			&r.StudentSchoolID, nameCol{&r.StudentName}, &r.Entries, &p.On, &p.Rating, &p.Percent, &p.Comment, &p.Confidential, &withheld); err != nil {
			return nil, 0, err
		}
		if withheld && !confidential {
			leftOut++
			continue
		}
		if p.Confidential && !confidential {
			p.Comment = ""
		}
		out = append(out, r)
	}
	return out, leftOut, rows.Err()
}

// PlannedMeeting is a planned meeting for a mentor's calendar.
type PlannedMeeting struct {
	Meeting
	// StudentName is "" when the student's data-sharing consent is
	// withheld: a calendar file leaves the program, so it must not name them.
	StudentName string
}

// PlannedMeetings returns a mentor's planned meetings, soonest first.
// Confidential notes are blanked.
func (tx *Tx) PlannedMeetings(mentorID int64) ([]PlannedMeeting, error) {
	if _, err := tx.Mentor(mentorID); err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT mt.id, mt.pairing_id, mt.at, mt.minutes, mt.kind, mt.location, mt.status, mt.topics, mt.notes,
		mt.notes_confidential, mt.follow_up, mt.wb_feeling, mt.wb_school, mt.wb_relationships, mt.recorded_by, mt.recorded_at,
		mt.version, CASE WHEN `+sharingWithheldExpr+` THEN '' ELSE `+studentNameSQL+` END
		FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id JOIN students s ON s.id = p.student_id
		WHERE p.mentor_id = ? AND mt.status = 'planned' ORDER BY mt.at, mt.id`, mentorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlannedMeeting
	for rows.Next() {
		var r PlannedMeeting
		m, err := scanMeeting(rows, nameCol{&r.StudentName})
		if err != nil {
			return nil, err
		}
		r.Meeting = *m
		if r.NotesConfidential {
			r.Notes, r.FollowUp = "", ""
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
