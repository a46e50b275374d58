package data

import (
	"bytes"
	"net/http"
)

// Consent kinds.
const (
	ConsentParticipation = "participation"
	ConsentDataSharing   = "data sharing"
	ConsentPhotos        = "photos"
	ConsentOffSite       = "off-site activities"
)

// ConsentKinds lists the kinds in the order a form shows them.
var ConsentKinds = []string{ConsentParticipation, ConsentDataSharing, ConsentPhotos, ConsentOffSite}

// Consent statuses.
const (
	ConsentNotRequested = "not requested"
	ConsentRequested    = "requested"
	ConsentGranted      = "granted"
	ConsentDeclined     = "declined"
	ConsentWithdrawn    = "withdrawn"
	ConsentExpired      = "expired"
)

// ConsentStatuses lists the statuses in the order a form offers them.
var ConsentStatuses = []string{ConsentNotRequested, ConsentRequested, ConsentGranted, ConsentDeclined, ConsentWithdrawn, ConsentExpired}

// ConsentMethods lists how a consent can be given.
var ConsentMethods = []string{"paper", "email", "online"}

// MaxDocument is the largest scanned document stored, in bytes.
const MaxDocument = 20 << 20

// Consent is a guardian's answer for one student and one kind. A student
// has at most one consent of each kind; a new answer replaces the old.
type Consent struct {
	ID           int64
	StudentID    int64
	GuardianID   int64 // zero: not recorded
	Kind         string
	Status       string
	RequestedOn  Date
	SignedOn     Date
	ValidUntil   Date // zero on save of a granted consent: the end of the current academic year
	Method       string
	Notes        string
	Confidential bool
	Documents    int // how many scanned documents are attached (read only)
}

// Document is a scanned consent form stored in the database.
type Document struct {
	ID        int64
	ConsentID int64
	Filename  string
	MIME      string
	Content   []byte
}

func (c *Consent) validate() error {
	var v check
	v.oneOf("kind", "Consent kind", c.Kind, ConsentKinds)
	v.oneOf("status", "Status", c.Status, ConsentStatuses)
	if c.Method != "" {
		v.oneOf("method", "Method", c.Method, ConsentMethods)
	}
	v.note("notes", "Notes", c.Notes)
	if c.Status == ConsentGranted || c.Status == ConsentDeclined {
		v.date("signed_on", "Date signed", c.SignedOn, true)
	}
	if c.Status == ConsentRequested {
		v.date("requested_on", "Date requested", c.RequestedOn, true)
	}
	v.date("requested_on", "Date requested", c.RequestedOn, false)
	v.date("signed_on", "Date signed", c.SignedOn, false)
	v.date("valid_until", "Valid until", c.ValidUntil, false)
	if !c.RequestedOn.IsZero() && !c.SignedOn.IsZero() && c.SignedOn.Before(c.RequestedOn) {
		v.fail("signed_on", "Date signed (%s) is before the date requested (%s).", c.SignedOn, c.RequestedOn)
	}
	v.order("valid_until", "Date signed", c.SignedOn, "Valid until", c.ValidUntil)
	return v.Err()
}

// SaveConsent records a consent, replacing the student's earlier answer of
// the same kind, and sets c.ID.
func (tx *Tx) SaveConsent(c *Consent) error {
	if c.Status == ConsentGranted && c.ValidUntil.IsZero() && !c.SignedOn.IsZero() {
		y, err := tx.YearOn(c.SignedOn)
		if err != nil {
			return err
		}
		if y != nil {
			c.ValidUntil = y.End
		}
	}
	if err := c.validate(); err != nil {
		return err
	}
	if c.SignedOn.After(tx.Today()) {
		return fieldErr("signed_on", "Date signed (%s) is in the future.", c.SignedOn)
	}
	if _, err := tx.Student(c.StudentID); err != nil {
		return err
	}
	var guardian any
	if c.GuardianID != 0 {
		linked, err := tx.exists(`SELECT 1 FROM student_guardians WHERE student_id = ? AND guardian_id = ?`, c.StudentID, c.GuardianID)
		if err != nil {
			return err
		}
		if !linked {
			return fieldErr("guardian", "That guardian is not linked to this student.")
		}
		guardian = c.GuardianID
	}
	id, err := tx.insert(`INSERT INTO consents (student_id, guardian_id, kind, status, requested_on, signed_on, valid_until,
		method, notes, confidential, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (student_id, kind) DO UPDATE SET guardian_id = excluded.guardian_id, status = excluded.status,
		requested_on = excluded.requested_on, signed_on = excluded.signed_on, valid_until = excluded.valid_until,
		method = excluded.method, notes = excluded.notes, confidential = excluded.confidential, updated_at = excluded.updated_at`,
		c.StudentID, guardian, c.Kind, c.Status, c.RequestedOn, c.SignedOn, c.ValidUntil, c.Method, c.Notes,
		boolInt(c.Confidential), stamp(tx.now))
	if err != nil {
		return err
	}
	tx.setID(&c.ID, id)
	return tx.Audit(ActUpdate, "consent", id, c.Kind+": "+c.Status)
}

// HasConsent reports whether the student has granted participation consent
// that is valid on day.
func (tx *Tx) HasConsent(studentID int64, day Date) (bool, error) {
	return tx.exists(`SELECT 1 FROM consents WHERE student_id = ? AND kind = 'participation' AND status = 'granted'
		AND (valid_until IS NULL OR valid_until >= ?)`, studentID, day)
}

// documentCount is the select-list expression for how many documents
// the consent c holds; a mentor and a reader may not read consent
// documents at all (roles.sql), and are told of none.
func (tx *Tx) documentCount() string {
	if tx.role == RoleMentor || tx.role == RoleReader {
		return "0"
	}
	return "(SELECT count(*) FROM consent_documents d WHERE d.consent_id = c.id)"
}

// Consents lists a student's consents, one per kind that has been recorded.
func (tx *Tx) Consents(studentID int64) ([]Consent, error) {
	rows, err := tx.query(`SELECT c.id, c.student_id, COALESCE(c.guardian_id, 0), c.kind, c.status, c.requested_on, c.signed_on,
		c.valid_until, c.method, `+tx.shown("consent_notes_shown", "c", "notes")+`, c.confidential, `+tx.documentCount()+`
		FROM consents c WHERE c.student_id = ? ORDER BY CASE c.kind WHEN 'participation' THEN 0 WHEN 'data sharing' THEN 1
		WHEN 'photos' THEN 2 ELSE 3 END`, studentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		if err := rows.Scan(&c.ID, &c.StudentID, &c.GuardianID, &c.Kind, &c.Status, &c.RequestedOn, &c.SignedOn,
			&c.ValidUntil, &c.Method, &c.Notes, &c.Confidential, &c.Documents); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AttachDocument stores a scanned consent form (PDF, PNG or JPEG, at most
// 20 MB) and sets d.ID. The type is read from the content, not the name.
func (tx *Tx) AttachDocument(d *Document) error {
	var v check
	v.text("filename", "File name", d.Filename, true, 255)
	if err := v.Err(); err != nil {
		return err
	}
	if len(d.Content) == 0 {
		return fieldErr("document", "The file %s is empty.", d.Filename)
	}
	if len(d.Content) > MaxDocument {
		return fieldErr("document", "The file %s is %.1f MB; the limit is 20 MB.", d.Filename, float64(len(d.Content))/(1<<20))
	}
	d.MIME = sniff(d.Content)
	if d.MIME == "" {
		return fieldErr("document", "The file %s is not a PDF, PNG or JPEG.", d.Filename)
	}
	var student int64
	if err := tx.queryRow(`SELECT student_id FROM consents WHERE id = ?`, d.ConsentID).Scan(&student); err != nil {
		return notFound(err, "consent")
	}
	id, err := tx.insert(`INSERT INTO consent_documents (consent_id, filename, mime, content, added_at) VALUES (?,?,?,?,?)`,
		d.ConsentID, d.Filename, d.MIME, d.Content, stamp(tx.now))
	if err != nil {
		return err
	}
	tx.setID(&d.ID, id)
	return tx.Audit(ActCreate, "consent", d.ConsentID, "document "+d.Filename)
}

func sniff(b []byte) string {
	if bytes.HasPrefix(b, []byte("%PDF-")) {
		return "application/pdf"
	}
	switch t := http.DetectContentType(b); t {
	case "image/png", "image/jpeg":
		return t
	}
	return ""
}

// Documents lists a consent's documents without their content.
func (tx *Tx) Documents(consentID int64) ([]Document, error) {
	rows, err := tx.query(`SELECT id, consent_id, filename, mime FROM consent_documents WHERE consent_id = ? ORDER BY id`, consentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.ConsentID, &d.Filename, &d.MIME); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Document returns one document with its content.
func (tx *Tx) Document(id int64) (*Document, error) {
	var d Document
	err := tx.queryRow(`SELECT id, consent_id, filename, mime, content FROM consent_documents WHERE id = ?`, id).
		Scan(&d.ID, &d.ConsentID, &d.Filename, &d.MIME, &d.Content)
	return &d, notFound(err, "document")
}

// DeleteDocument removes a stored document.
func (tx *Tx) DeleteDocument(id int64) error {
	d, err := tx.Document(id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM consent_documents WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Audit(ActDelete, "consent", d.ConsentID, "document "+d.Filename)
}
