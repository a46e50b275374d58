package data

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"mentorbook/data/pgtest"
)

// TestPostgresMigrationTwins: every SQLite schema step has a PostgreSQL
// twin of the same number and name, and no more.
func TestPostgresMigrationTwins(t *testing.T) {
	sqlite, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := postgresMigrationFiles.ReadDir("migrations/postgres")
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, e := range sqlite {
		want = append(want, e.Name())
	}
	for _, e := range pg {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("data/migrations/postgres holds %q, want a twin of each of data/migrations' %q: "+
			"a new schema step is written for both databases (see docs/POSTGRES.md)", got, want)
	}
}

// TestPostgresSchemaMatchesSQLite: at every version, the PostgreSQL schema
// has the same tables, columns (in order, with matching types, NOT NULL
// and defaults), primary keys, unique constraints, foreign keys and
// indexes as the SQLite one; every text column compares bytes (COLLATE
// "C"), as SQLite's do. Upgrading step by step from each older version is
// what server init does on a server that an older program set up.
func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	for v := 1; v <= SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			url := pgtest.NewDatabase(t)
			if v > 1 {
				if _, _, err := initPostgres(ctx, url, v-1); err != nil {
					t.Fatal(err)
				}
			}
			from, to, err := initPostgres(ctx, url, v)
			if err != nil || from != v-1 || to != v {
				t.Fatalf("initPostgres from %d to %d = %d, %d, %v", v-1, v, from, to, err)
			}
			want := sqliteShape(t, v)
			got := postgresShape(t, url)
			for _, table := range sortedKeys(want, got) {
				if w, g := want[table], got[table]; w != g {
					t.Errorf("version %d, table %s:\nSQLite:     %s\nPostgreSQL: %s", v, table, w, g)
				}
			}
		})
	}
}

// TestPostgresNocase: the PostgreSQL schema's text columns sort as
// SQLite's do, and lower() of them sorts as SQLite's COLLATE NOCASE (ASCII
// letters folded, everything else by code point), which is what the
// students_name_nocase index and the name sorts rely on. The test cluster's
// own locale (C.UTF-8) would fold É to é; COLLATE "C" must not.
func TestPostgresNocase(t *testing.T) {
	names := []string{"Zoë", "zoe", "Émile", "emile", "Emile", "adam", "Ádám", "ADAM", "ß", "SS", "ss", "İlkay", "ilkay",
		"Nguyễn", "nguyen", "NGUYEN", "O'Brien", "o'brien", "Ørsted", "ørsted", "_x", "[y", "a b", "ab", "李", "Ab"}
	sqlite, err := sql.Open(driverName, "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer sqlite.Close()
	sqlite.SetMaxOpenConns(1)
	for _, step := range migrations {
		if _, err := sqlite.Exec(step); err != nil {
			t.Fatal(err)
		}
	}
	url := pgtest.NewDatabase(t)
	if _, _, err := InitPostgres(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	pg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for i, n := range names {
		for _, db := range []*sql.DB{sqlite, pg} {
			if _, err := db.Exec(`INSERT INTO students (id, school_id, given_name, family_name, created_at, updated_at) VALUES ($1, $2, $3, $4, '', '')`,
				i+1, fmt.Sprint("S", i), names[len(names)-1-i], n); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, order := range []struct{ sqlite, pg string }{
		{"family_name COLLATE NOCASE, given_name COLLATE NOCASE, id", "lower(family_name), lower(given_name), id"},
		{"family_name, id", "family_name, id"},
		{"lower(family_name), id", "lower(family_name), id"},
	} {
		want := queryStrings(t, sqlite, `SELECT family_name || '/' || given_name FROM students ORDER BY `+order.sqlite)
		got := queryStrings(t, pg, `SELECT family_name || '/' || given_name FROM students ORDER BY `+order.pg)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ORDER BY %s:\nSQLite     %q\nPostgreSQL %q", order.pg, want, got)
		}
	}
}

// A table's shape is one line: its columns, keys and indexes, in words
// that both databases' catalogs can be put into.

func sqliteShape(t *testing.T, version int) map[string]string {
	t.Helper()
	db, err := sql.Open(driverName, "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, step := range migrations[:version] {
		if _, err := db.Exec(step); err != nil {
			t.Fatal(err)
		}
	}
	types := map[string]string{"INTEGER": "integer", "TEXT": "text", "BLOB": "bytes", "REAL": "real"}
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	out := map[string]string{}
	for _, table := range tables {
		var cols, pk []string
		rows := queryRows(t, db, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?) ORDER BY cid`, table)
		for _, r := range rows {
			notNull := r[2] == "1" || r[4] != "0"
			cols = append(cols, column(r[0], types[r[1]], notNull, r[3]))
			if r[4] != "0" {
				pk = append(pk, r[0])
			}
		}
		var uniques, indexes []string
		for _, r := range queryRows(t, db, `SELECT name, origin FROM pragma_index_list(?)`, table) {
			switch r[1] {
			case "u":
				uniques = append(uniques, strings.Join(queryStrings(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, r[0]), "+"))
			case "c":
				indexes = append(indexes, r[0])
			}
		}
		var fks []string
		for _, r := range queryRows(t, db, `SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)`, table) {
			fks = append(fks, fmt.Sprintf("%s->%s.%s on delete %s", r[0], r[1], r[2], strings.ToLower(r[3])))
		}
		out[table] = shape(cols, pk, uniques, fks, indexes)
	}
	return out
}

func postgresShape(t *testing.T, url string) map[string]string {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	types := map[string]string{"integer": "integer", "bigint": "integer", "text": "text", "bytea": "bytes", "double precision": "real"}
	tables := queryStrings(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'mentorbook_schema'`)
	cast := regexp.MustCompile(`::[a-z ]+$`)
	out := map[string]string{}
	for _, table := range tables {
		var cols []string
		for _, r := range queryRows(t, db, `SELECT column_name, data_type, is_nullable, coalesce(column_default, ''), coalesce(collation_name, '')
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table) {
			typ := types[r[1]]
			if typ == "text" && r[4] != "C" {
				// SQLite's text compares bytes; this would follow a locale.
				typ = "text collated by the database's locale"
			}
			cols = append(cols, column(r[0], typ, r[2] == "NO", cast.ReplaceAllString(r[3], "")))
		}
		pk := queryStrings(t, db, `SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
			WHERE k.conrelid = $1::regclass AND k.contype = 'p' ORDER BY array_position(k.conkey, a.attnum)`, table)
		uniques := queryStrings(t, db, `SELECT string_agg(a.attname, '+' ORDER BY array_position(k.conkey, a.attnum))
			FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
			WHERE k.conrelid = $1::regclass AND k.contype = 'u' GROUP BY k.oid`, table)
		fks := queryStrings(t, db, `SELECT a.attname || '->' || r.relname || '.' || ra.attname || ' on delete ' ||
				CASE k.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' ELSE 'set default' END
			FROM pg_constraint k
			JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
			JOIN pg_class r ON r.oid = k.confrelid
			JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
			WHERE k.conrelid = $1::regclass AND k.contype = 'f'`, table)
		indexes := queryStrings(t, db, `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`, table)
		out[table] = shape(cols, pk, uniques, fks, indexes)
	}
	return out
}

// column describes one column; a default is compared as SQLite writes it
// (” for text, 1 for a number), which is PostgreSQL's without its cast.
func column(name, typ string, notNull bool, def string) string {
	s := name + " " + typ
	if notNull {
		s += " not null"
	}
	if def != "" {
		s += " default " + def
	}
	return s
}

func shape(cols, pk, uniques, fks, indexes []string) string {
	sort.Strings(uniques)
	sort.Strings(fks)
	sort.Strings(indexes)
	return fmt.Sprintf("columns (%s); primary key (%s); unique %v; references %v; indexes %v",
		strings.Join(cols, ", "), strings.Join(pk, ", "), uniques, fks, indexes)
}

func sortedKeys(a, b map[string]string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]string{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func queryRows(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	var out []string
	for _, r := range queryRows(t, db, query, args...) {
		out = append(out, r[0])
	}
	return out
}
