package data

// Guardian is a parent or carer; one guardian may be linked to several
// students (siblings).
type Guardian struct {
	ID       int64
	SourceID string
	Name     string
	Email    string
	Phone    string
	Language string // preferred language for letters
	Address  string // postal address, lines separated by newlines; "" when not known
	Version  int64  // as read; a save of an older one is refused (ErrChanged)
}

// StudentGuardian is a guardian as linked to one student.
type StudentGuardian struct {
	Guardian
	Relationship string // mother, father, carer, grandparent…
}

func (g *Guardian) validate() error {
	var c check
	c.text("name", "Guardian's name", g.Name, true, MaxName)
	c.email("email", "Guardian's email", g.Email)
	c.text("phone", "Guardian's phone", g.Phone, false, 50)
	c.text("language", "Preferred language", g.Language, false, 50)
	c.address("address", "Guardian's address", g.Address, MaxShort)
	return c.Err()
}

// CreateGuardian adds a guardian and sets g.ID.
func (tx *Tx) CreateGuardian(g *Guardian) error {
	if err := g.validate(); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO guardians (source_id, name, email, phone, language, address) VALUES (?,?,?,?,?,?)`,
		nullStr(g.SourceID), g.Name, g.Email, g.Phone, g.Language, g.Address)
	if err != nil {
		return err
	}
	tx.setID(&g.ID, id)
	return tx.Audit(ActCreate, "guardian", id, "")
}

// UpdateGuardian saves every field of g.
func (tx *Tx) UpdateGuardian(g *Guardian) error {
	if err := g.validate(); err != nil {
		return err
	}
	if err := tx.updateVersioned("guardians", "guardian", g.ID, &g.Version, `source_id=?, name=?, email=?, phone=?, language=?, address=?`,
		nullStr(g.SourceID), g.Name, g.Email, g.Phone, g.Language, g.Address); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "guardian", g.ID, "")
}

// LinkGuardian links a guardian to a student, or updates the relationship.
func (tx *Tx) LinkGuardian(studentID, guardianID int64, relationship string) error {
	var c check
	c.text("relationship", "Relationship", relationship, false, 50)
	if err := c.Err(); err != nil {
		return err
	}
	_, err := tx.exec(`INSERT INTO student_guardians (student_id, guardian_id, relationship) VALUES (?,?,?)
		ON CONFLICT (student_id, guardian_id) DO UPDATE SET relationship = excluded.relationship`,
		studentID, guardianID, relationship)
	if err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "student", studentID, "guardian linked")
}

// UnlinkGuardian removes the link between a guardian and a student.
func (tx *Tx) UnlinkGuardian(studentID, guardianID int64) error {
	if err := tx.execOne("guardian link", `DELETE FROM student_guardians WHERE student_id = ? AND guardian_id = ?`, studentID, guardianID); err != nil {
		return err
	}
	return tx.Audit(ActUpdate, "student", studentID, "guardian unlinked")
}

// Guardian returns one guardian.
func (tx *Tx) Guardian(id int64) (*Guardian, error) {
	g, err := scanGuardian(tx.queryRow(`SELECT `+guardianCols+` FROM guardians WHERE id = ?`, id))
	return g, notFound(err, "guardian")
}

// GuardiansOf lists a student's guardians.
func (tx *Tx) GuardiansOf(studentID int64) ([]StudentGuardian, error) {
	rows, err := tx.query(`SELECT g.id, COALESCE(g.source_id, ''), g.name, `+tx.shown("guardian_contacts_shown", "g", "email")+`,
		`+tx.shown("guardian_contacts_shown", "g", "phone")+`, g.language, `+tx.shown("guardian_contacts_shown", "g", "address")+`, g.version, sg.relationship
		FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id WHERE sg.student_id = ? ORDER BY g.name, g.id`, studentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StudentGuardian
	for rows.Next() {
		var g StudentGuardian
		if err := rows.Scan(&g.ID, &g.SourceID, &g.Name, &g.Email, &g.Phone, &g.Language, &g.Address, &g.Version, &g.Relationship); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
