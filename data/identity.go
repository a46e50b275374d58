package data

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"
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
	read := s.dialect.rebind(`SELECT value FROM settings WHERE key = ?`)
	err := s.wdb.QueryRow(read, idKey).Scan(&s.id)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// Two laptops opening a new server database at once both get here:
	// the first identity written stays, and both read it.
	if _, err = s.wdb.Exec(s.dialect.rebind(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`), idKey, newID()); err != nil {
		return err
	}
	return s.wdb.QueryRow(read, idKey).Scan(&s.id)
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

// fileIdentity is whose database a file holds, as far as it can be read.
type fileIdentity struct {
	ID     string // "" when the file has none (made before identities) or cannot be read
	School string // the school's name
	Empty  bool   // no students, guardians or mentors, and no school name: a new database
	Known  bool   // the file could be read at all
}

// readIdentity reads the identity and school of the database file at path
// without changing it. A damaged file may still give its identity: the
// settings row is searched for in its bytes.
func readIdentity(path string) fileIdentity {
	var fi fileIdentity
	if head, isSQLite, err := sqliteHeader(path); err != nil || !isSQLite {
		return fi
	} else if db, err := openDB(path, readOnlyParams(path, head)); err == nil {
		defer db.Close()
		var id sql.NullString
		var records int
		err = db.QueryRow(`SELECT (SELECT value FROM settings WHERE key = ?), (SELECT name FROM school WHERE id = 1),
			(SELECT count(*) FROM students) + (SELECT count(*) FROM guardians) + (SELECT count(*) FROM mentors)`, idKey).
			Scan(&id, &fi.School, &records)
		if err == nil {
			return fileIdentity{ID: id.String, School: fi.School, Empty: records == 0 && fi.School == "", Known: true}
		}
	}
	for _, p := range []string{path, path + "-wal"} {
		if id := scanID(p); id != "" {
			return fileIdentity{ID: id}
		}
	}
	return fileIdentity{}
}

// readOnlyParams are the URI parameters that read the file at path (whose
// header is head) without creating its -wal and -shm: see inspectSQL.
func readOnlyParams(path string, head []byte) string {
	if len(head) > 18 && head[18] == 2 && !exists(path+"-wal") {
		return "mode=ro&immutable=1"
	}
	return "mode=ro&_busy_timeout=10000"
}

// idRecord is the settings row of the identity as SQLite stores it: the
// key's text followed at once by the value's.
var idRecord = regexp.MustCompile(idKey + `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`)

// scanID finds the identity in the bytes of a file SQLite cannot read.
func scanID(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const overlap = 64 // longer than a whole record, so none is missed at a chunk's edge
	buf := make([]byte, 1<<20)
	n := 0
	for {
		m, err := io.ReadFull(f, buf[n:])
		n += m
		if sub := idRecord.FindSubmatch(buf[:n]); sub != nil {
			return string(sub[1])
		}
		if err != nil {
			return ""
		}
		n = copy(buf, buf[n-overlap:n])
	}
}

// namePart is the part of a backup's file name that says whose it is: the
// school's name for people (letters and digits, lower case, hyphens for the
// rest) and the first eight digits of the identity for the program, which
// offers a database only the backups that carry its own.
func namePart(id fileIdentity) string {
	if id.ID == "" {
		return ""
	}
	var b strings.Builder
	dash := false
	for _, r := range Fold(id.School) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() > 0 {
		b.WriteByte('-')
	}
	return b.String() + shortID(id.ID) + "-"
}

// shortID is the part of an identity that backup names carry.
func shortID(id string) string {
	if len(id) < 8 {
		return id
	}
	return id[:8]
}
