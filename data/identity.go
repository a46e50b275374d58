package data

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

// idKey is the settings row that holds a database's identity. It is a row,
// not a schema step: older databases get one the first time they are
// opened, and a backup carries it like any other record, so restoring a
// database's own backup keeps its identity.
const idKey = "database_id"

// ID returns the database's identity: a random UUID made when the database
// was created (or first opened by a version that knows identities), kept
// for its whole life. Its backups carry it in their names, so that only a
// database's own backups are offered for it, and the window keys its
// per-database preferences on it.
func (s *Store) ID() string { return s.id }

// ensureID reads the database's identity, giving it one if it has none.
func (s *Store) ensureID() error {
	err := s.wdb.QueryRow(`SELECT value FROM settings WHERE key = ?`, idKey).Scan(&s.id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	s.id = newID()
	_, err = s.wdb.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, idKey, s.id)
	return err
}

// newID returns a random (version 4) UUID.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on the systems Go supports
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
