package data

import "testing"

func TestRebind(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`WHERE ?1 = '' OR lower(name) LIKE ?1 OR lower(email) LIKE ?1`, `WHERE $1 = '' OR lower(name) LIKE $1 OR lower(email) LIKE $1`},
		{`WHERE at >= ?2 AND at < ?3 AND id = ?1`, `WHERE at >= $2 AND at < $3 AND id = $1`},
		// A bare ? after ?N is N+1, as SQLite numbers it.
		{`WHERE a = ?2 AND b = ? AND c = ?1 AND d = ?`, `WHERE a = $2 AND b = $3 AND c = $1 AND d = $4`},
		{`WHERE word >= ?10 AND word < ?10 || 'x'`, `WHERE word >= $10 AND word < $10 || 'x'`},
		// Not parameters: literals, quoted names, comments.
		{`SELECT '?', 'it''s ?', "we?rd" FROM t WHERE a = ?`, `SELECT '?', 'it''s ?', "we?rd" FROM t WHERE a = $1`},
		{"SELECT a -- why?\nFROM t WHERE b = ? /* or ?2 */ AND c = ?", "SELECT a -- why?\nFROM t WHERE b = $1 /* or ?2 */ AND c = $2"},
		{`lower(detail) LIKE ? ESCAPE '\'`, `lower(detail) LIKE $1 ESCAPE '\'`},
		// Unterminated pieces end the statement as they are.
		{`SELECT 'open ?`, `SELECT 'open ?`},
		{`SELECT a /* open ?`, `SELECT a /* open ?`},
		{`SELECT a -- ?`, `SELECT a -- ?`},
	} {
		if got := postgresDialect.rebind(tt.in); got != tt.want {
			t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := sqliteDialect.rebind(tt.in); got != tt.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tt.in, got)
		}
	}
}

// TestDialectForms: SQLite keeps the words the statements had before the
// dialect existed; PostgreSQL gets its own.
func TestDialectForms(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{sqliteDialect.nocase("m.name"), "m.name COLLATE NOCASE"},
		{postgresDialect.nocase("m.name"), "lower(m.name)"},
		{sqliteDialect.idList("?2", "j"), "json_each(?2) j"},
		{postgresDialect.idList("?2", "j"), "(SELECT e.value::bigint AS value, e.key FROM json_array_elements_text(?2::json) WITH ORDINALITY AS e(value, key)) AS j"},
		{studentOrder(sqliteDialect, "name"), "family_name COLLATE NOCASE, given_name COLLATE NOCASE, s.id"},
		{studentOrder(postgresDialect, "year_group"), "year_group, lower(family_name), s.id"},
		{studentOrder(sqliteDialect, "no such key"), "family_name COLLATE NOCASE, given_name COLLATE NOCASE, s.id"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
