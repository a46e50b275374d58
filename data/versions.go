package data

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrChanged is what a save of a student, pairing, goal, meeting, mentor
// or guardian is refused with when someone else saved the record after it
// was read (two laptops on one server): errors.Is(err, ErrChanged). The
// error itself is a *ChangedError, which names who and when.
var ErrChanged = errors.New("the record was changed by someone else")

// ChangedError says who changed a record since it was read, and when,
// from the audit log's latest update of it. By is empty where the login
// may not read the audit log (a mentor or reader on a server).
type ChangedError struct {
	What string // "student", "pairing", "goal", "meeting", "mentor", "guardian"
	By   string
	At   time.Time // zero with By
}

func (e *ChangedError) Error() string {
	if e.By == "" {
		return fmt.Sprintf("This %s was changed by someone else since you opened it; reload to see the change.", e.What)
	}
	return fmt.Sprintf("This %s was changed by %s at %s; reload to see the change.", e.What, e.By, e.At.Local().Format("15:04"))
}

func (e *ChangedError) Is(target error) bool { return target == ErrChanged }

// updateVersioned runs `UPDATE table SET set, version = version + 1 WHERE
// id = ? AND version = ?` for a record read at *version (args are set's),
// and adds one to *version when the row changed (put back if the
// transaction does not commit). No row changed: the record is gone
// (ENOTFOUND) or someone saved it since (*ChangedError). This is the one
// place a form's save of a versioned record is checked, on both databases.
func (tx *Tx) updateVersioned(table, what string, id int64, version *int64, set string, args ...any) error {
	res, err := tx.exec(`UPDATE `+table+` SET `+set+`, version = version + 1 WHERE id = ? AND version = ?`,
		append(args, id, *version)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tx.changed(table, what, id)
	}
	old := *version
	tx.undo = append(tx.undo, func() { *version = old })
	*version++
	return nil
}

// bumpVersion adds one to a record's version for a change made by other
// means than its form (a status, a closure), so that a form opened before
// it cannot overwrite it.
func (tx *Tx) bumpVersion(table string, id int64) error {
	_, err := tx.exec(`UPDATE `+table+` SET version = version + 1 WHERE id = ?`, id)
	return err
}

// changed explains why a versioned update changed no row.
func (tx *Tx) changed(table, what string, id int64) error {
	if ok, err := tx.exists(`SELECT 1 FROM `+table+` WHERE id = ?`, id); err != nil {
		return err
	} else if !ok {
		return Errorf(ENOTFOUND, "That %s no longer exists.", what)
	}
	e := &ChangedError{What: what}
	readable := true
	if tx.dialect == postgresDialect {
		// A mentor or reader may not read the audit log, and a refused
		// statement would end the transaction.
		if err := tx.queryRow(`SELECT has_table_privilege('audit', 'SELECT')`).Scan(&readable); err != nil {
			return err
		}
	}
	if !readable {
		return e
	}
	var at string
	err := tx.queryRow(`SELECT username, at FROM audit WHERE entity = ? AND entity_id = ? AND action = ?
		ORDER BY id DESC LIMIT 1`, what, id, ActUpdate).Scan(&e.By, &at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.At, _ = time.Parse(time.RFC3339, at)
	return e
}
