package data

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// dialect is what differs between SQLite and PostgreSQL in the SQL the
// store writes. Statements are written once, in SQLite's words where the
// two differ only in spelling, and the dialect puts them in PostgreSQL's;
// docs/POSTGRES.md lists the differences and which method handles each.
// Where one form runs on both, the statement is written in it instead.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// rebind returns query with its parameters as the database numbers them:
// unchanged for SQLite; for PostgreSQL each ? becomes $N and each ?N
// becomes $N. A bare ? takes the number after the largest one so far, as
// SQLite numbers it. Question marks in string literals, quoted names and
// comments are left alone.
func (d dialect) rebind(query string) string {
	if d == sqliteDialect || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	largest := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := i + 1
			for end < len(query) {
				if query[end] == c {
					if end+1 < len(query) && query[end+1] == c { // a doubled quote
						end += 2
						continue
					}
					break
				}
				end++
			}
			end = min(end+1, len(query))
			b.WriteString(query[i:end])
			i = end - 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				end = len(query) - i
			} else {
				end += 4
			}
			b.WriteString(query[i : i+end])
			i += end - 1
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := largest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			largest = max(largest, n)
			b.WriteString("$" + strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// nocase is expr sorted as SQLite's COLLATE NOCASE sorts it: with ASCII
// letters folded. PostgreSQL has no such collation; lower() of our
// COLLATE "C" columns folds ASCII letters only, which is the same order,
// and the students' name index is on lower() there (migration 0002's twin).
func (d dialect) nocase(expr string) string {
	if d == postgresDialect {
		return "lower(" + expr + ")"
	}
	return expr + " COLLATE NOCASE"
}

// idList is a FROM item, named alias, of the ids in param, a JSON array
// of integers: column value is an id, column key its place in the array,
// for ORDER BY. A list screen reads its window of rows in one statement.
func (d dialect) idList(param, alias string) string {
	if d == postgresDialect {
		return "(SELECT e.value::bigint AS value, e.key FROM json_array_elements_text(" + param +
			"::json) WITH ORDINALITY AS e(value, key)) AS " + alias
	}
	return "json_each(" + param + ") " + alias
}

// txOptions are how a transaction begins. SQLite's come from the
// connection (BEGIN IMMEDIATE for the one writer, query_only readers).
// PostgreSQL's writers are SERIALIZABLE (see Store.Update); readers see
// one snapshot, as SQLite's WAL readers do, and may not write.
func (d dialect) txOptions(readOnly bool) *sql.TxOptions {
	switch {
	case d == sqliteDialect:
		return nil
	case readOnly:
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return &sql.TxOptions{Isolation: sql.LevelSerializable}
}

// mayRetry reports whether err aborted a transaction only because of
// another one running at the same time, so that running it again may
// succeed: PostgreSQL's serialization failure (40001) and deadlock
// (40P01). SQLite's one writer never meets either.
func (d dialect) mayRetry(err error) bool {
	var pg *pgconn.PgError
	return d == postgresDialect && errors.As(err, &pg) && (pg.Code == "40001" || pg.Code == "40P01")
}
