package data

/*
typedef struct sqlite3 sqlite3;
extern int sqlite3_db_config(sqlite3*, int, ...);

// SQLITE_DBCONFIG_DEFENSIVE, from sqlite3.h.
static int mentorbook_defensive(void *db) {
	return sqlite3_db_config((sqlite3*)db, 1010, 1, (int*)0);
}
*/
import "C"

import (
	"database/sql"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// driverName is SQLite with every connection hardened against what a file
// may carry: a database or backup comes from disk, and a hostile one could
// hold triggers, views or expressions meant to run inside the program.
// Open and Restore also compare the whole schema with what this version
// writes (see checkSchema); these settings are the second line.
//
//   - trusted_schema=OFF: SQL in the schema (triggers, views, CHECK and
//     DEFAULT expressions, indexes) may call only functions SQLite marks
//     harmless, and no virtual table.
//   - defensive mode: no writable_schema, no journal_mode=OFF, no writes to
//     sqlite_dbpage: SQL cannot corrupt the file on purpose.
const driverName = "sqlite3-mentorbook"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: harden})
}

func harden(c *sqlite3.SQLiteConn) error {
	if _, err := c.Exec("PRAGMA trusted_schema = OFF", nil); err != nil {
		return err
	}
	// go-sqlite3 offers no sqlite3_db_config, so the handle is read from
	// its connection; a driver that moved it fails here, loudly, in every
	// test, rather than opening files unprotected.
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if f.Kind() != reflect.Pointer || f.IsNil() {
		return fmt.Errorf("cannot turn on SQLite's defensive mode: the driver's connection has no handle")
	}
	if rc := C.mentorbook_defensive(unsafe.Pointer(f.Pointer())); rc != 0 {
		return fmt.Errorf("cannot turn on SQLite's defensive mode (SQLite error %d)", int(rc))
	}
	return nil
}

// openDB opens the SQLite file at path through the hardened driver; query
// holds the URI parameters ("mode=ro&…"), if any.
func openDB(path, query string) (*sql.DB, error) {
	dsn := "file:" + escapePath(path)
	if query != "" {
		dsn += "?" + query
	}
	return sql.Open(driverName, dsn)
}
