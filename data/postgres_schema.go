package data

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// The exact schema on PostgreSQL, as checkSchema is for a file: the
// database's catalog (tables, columns with type, collation, nullability
// and default, indexes, constraints, triggers, rules, policies, views,
// sequences, types and functions in our schema) read from pg_catalog and
// compared with what our own PostgreSQL steps make. The reference is made
// on the same server, by the same steps, in the session's temporary schema
// inside a transaction that is rolled back: PostgreSQL's DDL is
// transactional, every login may create temporary objects, and the
// catalog's text (pg_get_indexdef, pg_get_constraintdef, …) is written by
// the same server version on both sides, so no server version's wording
// is kept anywhere. No OID or owner is compared.

// postgresCatalog reads one schema object per row: kind, name, the table it
// belongs to, its definition. $1 is the schema's OID. The pg_get_*
// functions write names unqualified because the caller sets search_path
// to the schema read, except pg_get_indexdef, which always names the
// table's schema ("pg_temp" for the reference): that name is taken out.
// $2 names what roles.sql makes (roleObjects), left out.
const postgresCatalog = `
SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
		WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'type' ELSE 'table' END,
	c.relname, c.relname,
	concat_ws(' ', c.relkind::text, CASE c.relpersistence WHEN 'u' THEN 'unlogged' END,
		CASE WHEN c.relrowsecurity THEN 'row level security' END,
		CASE WHEN c.relforcerowsecurity THEN 'forced' END,
		array_to_string(c.reloptions, ','),
		CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
		(SELECT concat_ws(' ', format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle)
			FROM pg_sequence s WHERE s.seqrelid = c.oid))
FROM pg_class c WHERE c.relnamespace = $1 AND c.relkind NOT IN ('i', 'I', 't') AND c.relname <> ALL ($2::text[])
UNION ALL
SELECT 'column', c.relname || '.' || a.attname, c.relname,
	concat_ws(' ', 'position', row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
		format_type(a.atttypid, a.atttypmod), 'collate ' || quote_ident(co.collname),
		CASE WHEN a.attnotnull THEN 'not null' END, 'default ' || pg_get_expr(d.adbin, d.adrelid),
		CASE a.attidentity WHEN 'a' THEN 'identity always' WHEN 'd' THEN 'identity by default' END,
		CASE a.attgenerated WHEN 's' THEN 'generated stored' END)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> ALL ($2::text[])
UNION ALL
SELECT 'index', i.relname, t.relname, replace(replace(pg_get_indexdef(x.indexrelid), ' ON ' || quote_ident(n.nspname) || '.', ' ON '), ' ON pg_temp.', ' ON ')
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE i.relnamespace = $1
UNION ALL
SELECT 'constraint', k.conname || ' on ' || t.relname, t.relname, k.contype::text || ' ' || pg_get_constraintdef(k.oid)
FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid WHERE t.relnamespace = $1
UNION ALL
SELECT 'trigger', g.tgname || ' on ' || t.relname, t.relname, pg_get_triggerdef(g.oid) || ' enabled ' || g.tgenabled::text
FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid WHERE t.relnamespace = $1 AND NOT g.tgisinternal
UNION ALL
SELECT 'rule', r.rulename || ' on ' || t.relname, t.relname, pg_get_ruledef(r.oid) || ' enabled ' || r.ev_enabled::text
FROM pg_rewrite r JOIN pg_class t ON t.oid = r.ev_class WHERE t.relnamespace = $1 AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'policy', p.polname || ' on ' || t.relname, t.relname,
	concat_ws(' ', p.polcmd::text, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
		'to ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY r::regrole::text) FROM unnest(p.polroles) r),
		'using ' || pg_get_expr(p.polqual, p.polrelid), 'with check ' || pg_get_expr(p.polwithcheck, p.polrelid))
FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid WHERE t.relnamespace = $1 AND p.polname <> ALL ($2::text[])
UNION ALL
SELECT 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
	concat_ws(' ', p.prokind::text, l.lanname, p.provolatile::text, CASE WHEN p.prosecdef THEN 'security definer' END,
		pg_get_function_result(p.oid), array_to_string(p.proconfig, ','), p.prosrc)
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = $1 AND p.proname <> ALL ($2::text[])
UNION ALL
SELECT 'type', t.typname, '', t.typtype::text || ' ' || format_type(t.typbasetype, t.typtypmod)
FROM pg_type t WHERE t.typnamespace = $1 AND t.typtype IN ('b', 'd', 'e', 'r', 'm') AND t.typcategory <> 'A'`

// readPostgresSchema reads the schema objects of the schema with OID nsp,
// by kind and name, inside tx; it sets tx's search_path to that schema so
// that definitions name its objects without it.
func readPostgresSchema(ctx context.Context, tx *sql.Tx, nsp int64) (map[string]schemaObject, error) {
	if _, err := tx.ExecContext(ctx, `SELECT set_config('search_path', quote_ident(nspname), true) FROM pg_namespace WHERE oid = $1`, nsp); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, postgresCatalog, nsp, roleObjects)
	if err != nil {
		return nil, err
	}
	return scanSchema(rows)
}

var postgresReferences struct {
	sync.Mutex
	byVersion map[string]map[string]schemaObject // by server version and schema version
}

// postgresReference returns the schema that the first version
// PostgreSQL steps write, made on db's server in the session's temporary
// schema and rolled back, once per server version in this process.
func postgresReference(ctx context.Context, db *sql.DB, version int) (map[string]schemaObject, error) {
	var server string
	if err := db.QueryRowContext(ctx, `SELECT current_setting('server_version_num')`).Scan(&server); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s/%d", server, version)
	postgresReferences.Lock()
	defer postgresReferences.Unlock()
	if ref, ok := postgresReferences.byVersion[key]; ok {
		return ref, nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() // the reference is never kept
	var nsp int64
	if err := tx.QueryRowContext(ctx, `SELECT set_config('search_path', 'pg_temp', true), pg_my_temp_schema()::bigint`).Scan(new(string), &nsp); err != nil {
		return nil, err
	}
	if nsp == 0 {
		// The session has no temporary schema until it makes something there.
		if _, err := tx.ExecContext(ctx, `CREATE TEMPORARY TABLE mentorbook_reference_made () ON COMMIT DROP; DROP TABLE mentorbook_reference_made`); err != nil {
			return nil, fmt.Errorf("the reference schema needs a temporary table (the TEMPORARY privilege on the database): %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT pg_my_temp_schema()::bigint`).Scan(&nsp); err != nil {
			return nil, err
		}
	}
	steps := append([]string{versionTable}, postgresMigrations[:version]...)
	for i, step := range steps {
		if _, err := tx.ExecContext(ctx, step); err != nil {
			return nil, fmt.Errorf("the reference schema, step %d: %w", i, err)
		}
	}
	if version == SchemaVersion() {
		// server init's roles.sql turns row-level security on for every
		// table; the rest of what it makes is not compared (roleObjects).
		var tables []string
		rows, err := tx.QueryContext(ctx, `SELECT relname FROM pg_class WHERE relnamespace = $1 AND relkind = 'r' AND relname <> 'mentorbook_schema'`, nsp)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, err
			}
			tables = append(tables, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(t)+` ENABLE ROW LEVEL SECURITY`); err != nil {
				return nil, fmt.Errorf("the reference schema, row-level security: %w", err)
			}
		}
	}
	ref, err := readPostgresSchema(ctx, tx, nsp)
	if err != nil {
		return nil, err
	}
	if postgresReferences.byVersion == nil {
		postgresReferences.byVersion = map[string]map[string]schemaObject{}
	}
	postgresReferences.byVersion[key] = ref
	return ref, nil
}

// checkPostgresSchema compares the schema of the PostgreSQL database on db
// (the first schema of its search_path, where PostgresVersion reads) with
// the one its version writes: nil when they are the same, a *SchemaError
// naming each difference ("extra trigger meetings_hide on meetings",
// "missing column students.preferences") when not, and PostgresVersion's
// errors for a database without our schema or with a newer one. The
// Store's Open on PostgreSQL calls it, as Open calls checkSchema on a file.
func checkPostgresSchema(ctx context.Context, db *sql.DB) error {
	_, err := postgresSchemaVersion(ctx, db)
	return err
}

// postgresSchemaVersion is checkPostgresSchema, returning the version too.
func postgresSchemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	version, err := postgresVersion(ctx, tx)
	if err != nil {
		return version, err
	}
	var nsp int64
	if err := tx.QueryRowContext(ctx, `SELECT oid::bigint FROM pg_namespace WHERE nspname = current_schema()`).Scan(&nsp); err != nil {
		return version, err
	}
	got, err := readPostgresSchema(ctx, tx, nsp)
	if err != nil {
		return version, err
	}
	want, err := postgresReference(ctx, db, version)
	if err != nil {
		return version, err
	}
	return version, compareSchemas(got, want, version, nil)
}

// CheckPostgres opens the PostgreSQL database at dbURL and returns its
// schema version, and whether its schema is exactly the one that version
// writes (a *SchemaError naming the differences when not). It is `check`
// on a PostgreSQL database.
func CheckPostgres(ctx context.Context, dbURL string) (int, error) {
	db, err := connectPostgres(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return postgresSchemaVersion(ctx, db)
}
