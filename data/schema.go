package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ErrSchema is returned for a database (an SQLite file, or a PostgreSQL
// database; the words fit both) that says it is ours (our
// application ID, a schema version we know) but whose schema is not exactly
// the one that version writes: an extra trigger, view, table or index, a
// missing table or column, a changed definition. A backup doctored with a
// trigger could otherwise clear confidential flags or delete meetings
// whenever the program saves; a backup with a table dropped would lose it.
// Such a file is refused as it is, never opened or restored.
var ErrSchema = errors.New("this database is not a Mentorbook database as this version writes it")

// ErrOtherRoles is a PostgreSQL database whose tables are exactly as its
// version writes them but whose roles' rules (roles.sql's policies, views
// and functions) are not this program's: made by another version of
// Mentorbook, which may change them without a schema step, or changed by
// hand. server init renews them.
var ErrOtherRoles = errors.New("this database's roles and their rules are not as this version of Mentorbook makes them (another version made them, or they were changed by hand); its owner renews them with: mentorbook --db URL server init")

// SchemaError lists how a file's schema differs from its version's.
type SchemaError struct {
	Version     int
	Differences []string // "extra trigger meetings_hide", "missing table goals"
	RolesOnly   bool     // only roles.sql's objects differ: ErrOtherRoles, not ErrSchema
}

func (e *SchemaError) Error() string {
	cause := ErrSchema
	if e.RolesOnly {
		cause = ErrOtherRoles
	}
	return fmt.Sprintf("%v (schema version %d): %s", cause, e.Version, strings.Join(e.Differences, "; "))
}

func (e *SchemaError) Is(target error) bool {
	return target == ErrSchema && !e.RolesOnly || target == ErrOtherRoles && e.RolesOnly
}

// schemaObject is one row of sqlite_master, its SQL with runs of white
// space made one space.
type schemaObject struct{ kind, name, table, sql string }

func (o schemaObject) String() string { return o.kind + " " + o.name }

// queryer is what reading sqlite_master needs: a *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readSchema reads the schema objects of the main database, by kind and name.
func readSchema(ctx context.Context, q queryer) (map[string]schemaObject, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM main.sqlite_master`)
	if err != nil {
		return nil, err
	}
	return scanSchema(rows)
}

// scanSchema reads rows of kind, name, table and SQL into schema objects,
// by kind and name, with runs of white space in the SQL made one space.
func scanSchema(rows *sql.Rows) (map[string]schemaObject, error) {
	defer rows.Close()
	out := map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		o.sql = strings.Join(strings.Fields(o.sql), " ")
		out[o.String()] = o
	}
	return out, rows.Err()
}

// SQLite makes these tables itself when ANALYZE runs (sqlite3 on the
// command line, a tool): statistics for the query planner, which no SQL
// runs from. They are allowed when they are exactly what SQLite makes.
var sqliteStatTables = map[string]string{
	"table sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
	"table sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}

var references struct {
	sync.Mutex
	byVersion map[int]map[string]schemaObject
}

// referenceSchema returns the schema that the first version migration
// steps write, made once in a database in memory.
func referenceSchema(version int) (map[string]schemaObject, error) {
	references.Lock()
	defer references.Unlock()
	if ref, ok := references.byVersion[version]; ok {
		return ref, nil
	}
	db, err := sql.Open(driverName, "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	ctx := context.Background()
	for _, step := range migrations[:version] {
		if _, err := db.ExecContext(ctx, step); err != nil {
			return nil, fmt.Errorf("the reference schema: %w", err)
		}
	}
	ref, err := readSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	if references.byVersion == nil {
		references.byVersion = map[int]map[string]schemaObject{}
	}
	references.byVersion[version] = ref
	return ref, nil
}

// checkSchema compares the schema of the database on q with the one its
// version writes and returns a *SchemaError when they differ. It reads
// sqlite_master only: nothing of the file's own SQL runs.
func checkSchema(ctx context.Context, q queryer, version int) error {
	want, err := referenceSchema(version)
	if err != nil {
		return err
	}
	got, err := readSchema(ctx, q)
	if err != nil {
		return damaged(err)
	}
	return compareSchemas(got, want, version, func(key string, o schemaObject) bool { return sqliteStatTables[key] == o.sql })
}

// compareSchemas returns a *SchemaError naming each object of got that is
// not in want (unless allowed says it may be there), each of want missing
// from got, and each that differs; nil when none.
func compareSchemas(got, want map[string]schemaObject, version int, allowed func(key string, o schemaObject) bool) error {
	var diffs []string
	for key, o := range got {
		w, ok := want[key]
		switch {
		case !ok && allowed != nil && allowed(key, o):
		case !ok:
			diffs = append(diffs, "extra "+key)
		case o != w:
			diffs = append(diffs, key+" is not as this version defines it")
		}
	}
	for key := range want {
		if _, ok := got[key]; !ok {
			diffs = append(diffs, "missing "+key)
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	sort.Strings(diffs)
	return &SchemaError{Version: version, Differences: diffs}
}
