package data

// CheckinWith lists whom a staff check-in can be with.
var CheckinWith = []string{"mentor", "student", "guardian"}

// Checkin is the coordinator's monitoring contact with a pairing.
type Checkin struct {
	ID           int64
	PairingID    int64
	On           Date
	With         string
	Notes        string
	Confidential bool
}

// AddCheckin records a staff check-in and sets c.ID.
func (tx *Tx) AddCheckin(c *Checkin) error {
	var v check
	v.date("on", "Date", c.On, true)
	v.oneOf("with", "With whom", c.With, CheckinWith)
	v.note("notes", "Notes", c.Notes)
	if err := v.Err(); err != nil {
		return err
	}
	if c.On.After(tx.Today()) {
		return fieldErr("on", "Date (%s) is in the future.", c.On)
	}
	if _, err := tx.Pairing(c.PairingID); err != nil {
		return err
	}
	id, err := tx.insert(`INSERT INTO checkins (pairing_id, on_date, with_whom, notes, confidential) VALUES (?,?,?,?,?)`,
		c.PairingID, c.On, c.With, c.Notes, boolInt(c.Confidential))
	if err != nil {
		return err
	}
	tx.setID(&c.ID, id)
	return tx.Audit(ActCreate, "checkin", id, "")
}

// Checkins lists a pairing's check-ins, newest first.
// A mentor may not read check-ins (roles.sql: they are the staff's
// checks on the mentor), and is given none.
func (tx *Tx) Checkins(pairingID int64) ([]Checkin, error) {
	if tx.role == RoleMentor {
		return nil, nil
	}
	rows, err := tx.query(`SELECT c.id, c.pairing_id, c.on_date, c.with_whom, `+tx.shown("checkin_notes_shown", "c", "notes")+`, c.confidential
		FROM checkins c WHERE c.pairing_id = ? ORDER BY c.on_date DESC, c.id DESC`, pairingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		var c Checkin
		if err := rows.Scan(&c.ID, &c.PairingID, &c.On, &c.With, &c.Notes, &c.Confidential); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
