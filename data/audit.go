package data

import (
	"strings"
	"time"
)

// AuditEntry is one line of the audit log: who did what to which record,
// and when.
type AuditEntry struct {
	ID       int64
	At       time.Time // UTC, as stored; the GUI shows it in local time
	User     string    // the operating-system user; on PostgreSQL the database login
	Action   string    // ActCreate, ActUpdate, ActDelete, ActPrint, ActExport, ActErase, …
	Entity   string    // "student", "meeting", "database"…
	EntityID int64     // zero when the line is about no single record
	Detail   string
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	From, To Date   // inclusive days, in UTC as stored
	User     string // exact user, as User above
	Action   string
	Entity   string
	EntityID int64
	Query    string // words the detail must contain, case ignored
	BeforeID int64  // only lines older than this one: the next page of a long list
	Limit    int    // 0: 500; the log of a busy school runs to hundreds of thousands of lines
}

// AuditLog lists the audit lines matching f, newest first.
func (tx *Tx) AuditLog(f AuditFilter) ([]AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	to := ""
	if !f.To.IsZero() {
		to = f.To.AddDays(1).String()
	}
	where := []string{"1=1"}
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.String())
	}
	if to != "" {
		add("at < ?", to)
	}
	if f.User != "" {
		add("username = ?", f.User)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		add("entity_id = ?", f.EntityID)
	}
	for _, w := range strings.Fields(f.Query) {
		add(`lower(detail) LIKE ? ESCAPE '\'`, likeContainsASCII(w))
	}
	if f.BeforeID != 0 {
		add("id < ?", f.BeforeID)
	}
	args = append(args, limit)
	rows, err := tx.query(`SELECT id, at, username, action, entity, COALESCE(entity_id, 0), detail FROM audit
		WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.Entity, &e.EntityID, &e.Detail); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditUsers lists the users named in the audit log, for the filter.
func (tx *Tx) AuditUsers() ([]string, error) {
	return tx.strings(`SELECT DISTINCT username FROM audit ORDER BY username`)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string { return likeEscaper.Replace(s) }

// likeContainsASCII is the LIKE pattern (ESCAPE '\') of a text holding s,
// with s's ASCII letters lower-cased as SQL's lower() does, for a column
// compared as lower(column). SQLite's LIKE ignored the case of ASCII
// letters by itself; PostgreSQL's does not, and lower() does the same
// folding in both.
func likeContainsASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return "%" + escapeLike(string(b)) + "%"
}

// prefixEnd is the least text above every text that begins with w, in
// byte order (SQLite's BINARY, PostgreSQL's COLLATE "C"): word >= w AND
// word < prefixEnd(w) is a range scan of an index for words beginning
// with w. U+10FFFF is the largest character, so no word holds one.
func prefixEnd(w string) string { return w + "\U0010FFFF" }
