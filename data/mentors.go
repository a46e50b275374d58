package data

import "strings"

// Mentor roles.
var MentorRoles = []string{"staff", "volunteer", "peer"}

// Mentor is a teacher, member of staff, volunteer or older student who
// meets a mentee.
type Mentor struct {
	ID           int64
	SourceID     string
	Name         string
	Role         string
	Email        string
	Phone        string
	Interests    string // comma-separated
	Languages    string // comma-separated
	Capacity     int    // most mentees at once
	Availability string
	Active       bool
	Version      int64 // as read; a save of an older one is refused (ErrChanged)
}

// Check is a vetting check of a mentor, such as a DBS or Working With
// Children Check.
type Check struct {
	ID        int64
	MentorID  int64
	Kind      string
	Reference string
	CheckedBy string
	CheckedOn Date
	ExpiresOn Date // zero: does not expire
}

// Training is a training session a mentor attended.
type Training struct {
	ID       int64
	MentorID int64
	Title    string
	HeldOn   Date
	Hours    float64
}

func (m *Mentor) validate() error {
	var c check
	c.text("name", "Name", m.Name, true, MaxName)
	c.oneOf("role", "Role", m.Role, MentorRoles)
	c.email("email", "Email", m.Email)
	c.text("phone", "Phone", m.Phone, false, 50)
	c.text("interests", "Interests", m.Interests, false, MaxShort)
	c.text("languages", "Languages", m.Languages, false, MaxShort)
	c.between("capacity", "Capacity", m.Capacity, 0, 50)
	c.note("availability", "Availability", m.Availability)
	return c.Err()
}

// CreateMentor adds a mentor and sets m.ID.
func (tx *Tx) CreateMentor(m *Mentor) error {
	if err := m.validate(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO mentors (source_id, name, role, email, phone, interests, languages, capacity,
		availability, active, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		nullStr(m.SourceID), m.Name, m.Role, m.Email, m.Phone, m.Interests, m.Languages, m.Capacity,
		m.Availability, boolInt(m.Active), stamp(tx.now))
	if err != nil {
		return err
	}
	tx.setID(&m.ID, id)
	return tx.Audit(ActCreate, "mentor", id, "")
}

// UpdateMentor saves every field of m. A mentor made inactive has their
// open pairings closed today with the reason "mentor left".
func (tx *Tx) UpdateMentor(m *Mentor) error {
	if err := m.validate(); err != nil {
		return err
	}
	if wasActive, err := tx.exists(`SELECT 1 FROM mentors WHERE id = ? AND active = 1`, m.ID); err != nil {
		return err
	} else if wasActive && !m.Active {
		if _, err := tx.closeOpenPairings(PairingFilter{MentorID: m.ID}, tx.Today(), ReasonMentorLeft); err != nil {
			return err
		}
	}
	if err := tx.updateVersioned("mentors", "mentor", m.ID, &m.Version, `source_id=?, name=?, role=?, email=?, phone=?,
		interests=?, languages=?, capacity=?, availability=?, active=?`,
		nullStr(m.SourceID), m.Name, m.Role, m.Email, m.Phone, m.Interests, m.Languages, m.Capacity,
		m.Availability, boolInt(m.Active)); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "mentor", m.ID, "")
}

const mentorCols = `id, COALESCE(source_id, ''), name, role, email, phone, interests, languages, capacity, availability, active, version`

func scanMentor(r scanner) (*Mentor, error) {
	var m Mentor
	err := r.Scan(&m.ID, &m.SourceID, &m.Name, &m.Role, &m.Email, &m.Phone, &m.Interests, &m.Languages,
		&m.Capacity, &m.Availability, &m.Active, &m.Version)
	return &m, err
}

// Mentor returns one mentor.
func (tx *Tx) Mentor(id int64) (*Mentor, error) {
	m, err := scanMentor(tx.queryRow(`SELECT `+mentorCols+` FROM mentors WHERE id = ?`, id))
	return m, notFound(err, "mentor")
}

// MentorByEmail returns the mentor with the given email address.
func (tx *Tx) MentorByEmail(email string) (*Mentor, error) {
	m, err := scanMentor(tx.queryRow(`SELECT `+mentorCols+` FROM mentors WHERE lower(email) = lower(?) ORDER BY id LIMIT 1`, email))
	return m, notFound(err, "mentor ("+email+")")
}

// MentorRow is one line of the mentor list.
type MentorRow struct {
	Mentor
	Mentees     int  // active or paused pairings
	Vetted      bool // the vetting rule holds today: may be given a new pairing
	CheckExpiry Date // the first day a required check expires; zero if none expires
	TrainingHrs float64
}

// Mentors lists mentors whose name or email contains query (all when
// empty), by name.
func (tx *Tx) Mentors(query string) ([]MentorRow, error) {
	rows, err := tx.query(`SELECT `+mentorCols+`,
		(SELECT count(*) FROM pairings p WHERE p.mentor_id = m.id AND p.status IN ('active', 'paused')),
		(SELECT COALESCE(sum(t.hours), 0) FROM mentor_training t WHERE t.mentor_id = m.id)
		FROM mentors m WHERE ?1 = '' OR lower(name) LIKE ?1 OR lower(email) LIKE ?1 ORDER BY `+tx.dialect.nocase("name")+`, id`,
		likeContains(query))
	if err != nil {
		return nil, err
	}
	var out []MentorRow
	for rows.Next() {
		var r MentorRow
		m := &r.Mentor
		if err := rows.Scan(&m.ID, &m.SourceID, &m.Name, &m.Role, &m.Email, &m.Phone, &m.Interests, &m.Languages,
			&m.Capacity, &m.Availability, &m.Active, &m.Version, &r.Mentees, &r.TrainingHrs); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	set, err := tx.Settings()
	if err != nil {
		return nil, err
	}
	var ids []int64
	if query != "" {
		ids = make([]int64, 0, len(out))
		for _, r := range out {
			ids = append(ids, r.ID)
		}
	}
	checks, err := tx.checksOf(ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		v := judgeVetting(checks[out[i].ID], tx.Today(), set)
		out[i].Vetted, out[i].CheckExpiry = v.Valid, v.Until
	}
	return out, nil
}

func likeContains(q string) string {
	q = strings.TrimSpace(strings.ToLower(q))
	if q == "" {
		return ""
	}
	return "%" + strings.NewReplacer(`%`, ``, `_`, ``).Replace(q) + "%"
}

func (c *Check) validate() error {
	var v check
	v.text("kind", "Check type", c.Kind, true, 100)
	v.text("reference", "Reference", c.Reference, false, 100)
	v.text("checked_by", "Checked by", c.CheckedBy, false, MaxName)
	v.date("checked_on", "Date checked", c.CheckedOn, true)
	v.date("expires_on", "Expiry", c.ExpiresOn, false)
	v.order("expires_on", "Date checked", c.CheckedOn, "Expiry", c.ExpiresOn)
	return v.Err()
}

// AddCheck records a vetting check and sets c.ID.
func (tx *Tx) AddCheck(c *Check) error {
	if err := c.validate(); err != nil {
		return err
	}
	if c.CheckedOn.After(tx.Today()) {
		return fieldErr("checked_on", "Date checked (%s) is in the future.", c.CheckedOn)
	}
	id, err := tx.insert(`INSERT INTO mentor_checks (mentor_id, kind, reference, checked_by, checked_on, expires_on) VALUES (?,?,?,?,?,?)`,
		c.MentorID, c.Kind, c.Reference, c.CheckedBy, c.CheckedOn, c.ExpiresOn)
	if err != nil {
		return err
	}
	tx.setID(&c.ID, id)
	return tx.Audit(ActCreate, "mentor", c.MentorID, "vetting check "+c.Kind)
}

// Checks lists a mentor's vetting checks, newest first.
func (tx *Tx) Checks(mentorID int64) ([]Check, error) {
	rows, err := tx.query(`SELECT id, mentor_id, kind, reference, checked_by, checked_on, expires_on FROM mentor_checks
		WHERE mentor_id = ? ORDER BY checked_on DESC, id DESC`, mentorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Check
	for rows.Next() {
		var c Check
		if err := rows.Scan(&c.ID, &c.MentorID, &c.Kind, &c.Reference, &c.CheckedBy, &c.CheckedOn, &c.ExpiresOn); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddTraining records a training session and sets t.ID.
func (tx *Tx) AddTraining(t *Training) error {
	var c check
	c.text("title", "Training title", t.Title, true, MaxShort)
	c.date("held_on", "Date", t.HeldOn, true)
	if t.Hours <= 0 || t.Hours > 100 {
		c.fail("hours", "Hours must be more than 0 and at most 100.")
	}
	if err := c.Err(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO mentor_training (mentor_id, title, held_on, hours) VALUES (?,?,?,?)`,
		t.MentorID, t.Title, t.HeldOn, t.Hours)
	if err != nil {
		return err
	}
	tx.setID(&t.ID, id)
	return tx.Audit(ActCreate, "mentor", t.MentorID, "training")
}

// TrainingOf lists a mentor's training, newest first.
func (tx *Tx) TrainingOf(mentorID int64) ([]Training, error) {
	rows, err := tx.query(`SELECT id, mentor_id, title, held_on, hours FROM mentor_training WHERE mentor_id = ? ORDER BY held_on DESC, id DESC`, mentorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		var t Training
		if err := rows.Scan(&t.ID, &t.MentorID, &t.Title, &t.HeldOn, &t.Hours); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
