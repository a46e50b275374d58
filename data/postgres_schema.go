package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
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
// table's schema ("pg_temp" for the reference): that name is taken out,
// as it is from a function's settings (SET search_path FROM CURRENT).
// $2 names objects left out (roleObjects, for a login that cannot make
// the whole reference; see postgresReference).
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
		pg_get_function_result(p.oid), replace(array_to_string(p.proconfig, ','), n.nspname, 'SCHEMA'), p.prosrc)
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.pronamespace = $1 AND p.proname <> ALL ($2::text[])
UNION ALL
SELECT 'type', t.typname, '', t.typtype::text || ' ' || format_type(t.typbasetype, t.typtypmod)
FROM pg_type t WHERE t.typnamespace = $1 AND t.typtype IN ('b', 'd', 'e', 'r', 'm') AND t.typcategory <> 'A'`

// readPostgresSchema reads the schema objects of the schema with OID nsp,
// by kind and name, but for those named in leftOut, inside tx; it sets tx's search_path to that schema so
// that definitions name its objects without it.
func readPostgresSchema(ctx context.Context, tx *sql.Tx, nsp int64, leftOut []string) (map[string]schemaObject, error) {
	if _, err := tx.ExecContext(ctx, `SELECT set_config('search_path', quote_ident(nspname), true) FROM pg_namespace WHERE oid = $1`, nsp); err != nil {
		return nil, err
	}
	if leftOut == nil {
		leftOut = []string{}
	}
	rows, err := tx.QueryContext(ctx, postgresCatalog, nsp, leftOut)
	if err != nil {
		return nil, err
	}
	return scanSchema(rows)
}

var postgresReferences struct {
	sync.Mutex
	byVersion map[string]postgresRef // by server version and schema version
}

type postgresRef struct {
	objects map[string]schemaObject
	whole   bool     // with server init's roles, policies, views and functions
	leftOut []string // what is not compared: roleObjects when not whole
}

// postgresReference returns the schema that the first version PostgreSQL
// steps write and, at this program's version, server init's roles.sql
// (policies, views, functions, row level security): made on db's server,
// in a scratch schema inside a transaction that is rolled back, once per
// server version and schema version in a process. Creating a schema is
// the database owner's privilege (check, server init, copy and backup are
// the owner's work); for another login the steps alone are made in its
// temporary schema, where PostgreSQL does not look functions up, so
// roles.sql cannot run there: whole is then false, row level security is
// turned on for every table as roles.sql does, and what roles.sql makes
// beside the tables (roleObjects, by name) is left out of the comparison.
func postgresReference(ctx context.Context, db *sql.DB, version int) (postgresRef, error) {
	var server string
	if err := db.QueryRowContext(ctx, `SELECT current_setting('server_version_num')`).Scan(&server); err != nil {
		return postgresRef{}, err
	}
	key := fmt.Sprintf("%s/%d", server, version)
	postgresReferences.Lock()
	defer postgresReferences.Unlock()
	if postgresReferences.byVersion == nil {
		postgresReferences.byVersion = map[string]postgresRef{}
	}
	if ref, ok := postgresReferences.byVersion[key+"/whole"]; ok {
		return ref, nil
	}
	ref, err := makePostgresReference(ctx, db, version, true)
	if err == nil {
		postgresReferences.byVersion[key+"/whole"] = ref
		return ref, nil
	}
	var pg *pgconn.PgError
	if !errors.As(err, &pg) || pg.Code != "42501" { // insufficient_privilege: no CREATE on the database
		return postgresRef{}, err
	}
	if ref, ok := postgresReferences.byVersion[key+"/steps"]; ok {
		return ref, nil
	}
	if ref, err = makePostgresReference(ctx, db, version, false); err != nil {
		return postgresRef{}, err
	}
	postgresReferences.byVersion[key+"/steps"] = ref
	return ref, nil
}

// makePostgresReference makes and reads the reference (see
// postgresReference) in a scratch schema when whole, else in the
// session's temporary schema without roles.sql.
func makePostgresReference(ctx context.Context, db *sql.DB, version int, whole bool) (postgresRef, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return postgresRef{}, err
	}
	defer tx.Rollback() // the reference is never kept
	var nsp int64
	if whole {
		name := fmt.Sprintf("mentorbook_reference_%d", rand.Uint32())
		if _, err := tx.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
			return postgresRef{}, err
		}
		err = tx.QueryRowContext(ctx, `SELECT set_config('search_path', $1, true), oid::bigint FROM pg_namespace WHERE nspname = $1`, name).Scan(new(string), &nsp)
	} else {
		// The session has no temporary schema until it makes something there.
		_, err = tx.ExecContext(ctx, `SELECT set_config('search_path', 'pg_temp', true);
			CREATE TEMPORARY TABLE mentorbook_reference_made () ON COMMIT DROP; DROP TABLE mentorbook_reference_made`)
		if err != nil {
			return postgresRef{}, fmt.Errorf("the reference schema needs a temporary table (the TEMPORARY privilege on the database): %w", err)
		}
		err = tx.QueryRowContext(ctx, `SELECT pg_my_temp_schema()::bigint`).Scan(&nsp)
	}
	if err != nil {
		return postgresRef{}, err
	}
	steps := append([]string{versionTable}, postgresMigrations[:version]...)
	if whole && version == SchemaVersion() {
		steps = append(steps, rolesSQL) // server init's roles, policies and views (see setRoles)
	}
	for i, step := range steps {
		if _, err := tx.ExecContext(ctx, step); err != nil {
			return postgresRef{}, fmt.Errorf("the reference schema, step %d: %w", i, err)
		}
	}
	ref := postgresRef{whole: whole}
	if !whole && version == SchemaVersion() {
		ref.leftOut = roleObjects
		if _, err := tx.ExecContext(ctx, `DO $$
			DECLARE t text;
			BEGIN
				FOR t IN SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r' AND relname <> 'mentorbook_schema' LOOP
					EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
				END LOOP;
			END $$`); err != nil {
			return postgresRef{}, fmt.Errorf("the reference schema, row level security: %w", err)
		}
	}
	ref.objects, err = readPostgresSchema(ctx, tx, nsp, ref.leftOut)
	return ref, err
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
// The database is read in one transaction, ended before the reference is
// made, so that a pool of one connection serves both.
func postgresSchemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	version, err := readPostgresVersion(ctx, db)
	if err != nil {
		return version, err
	}
	ref, err := postgresReference(ctx, db, version)
	if err != nil {
		return version, err
	}
	got, err := readCurrentSchema(ctx, db, version, ref.leftOut)
	if err != nil {
		return version, err
	}
	err = compareSchemas(got, ref.objects, version, nil)
	var schemaErr *SchemaError
	if errors.As(err, &schemaErr) && ref.whole && compareSchemas(withoutRoleObjects(got), withoutRoleObjects(ref.objects), version, nil) == nil {
		schemaErr.RolesOnly = true
	}
	return version, err
}

// withoutRoleObjects is objects but for what roles.sql makes beside the
// tables (roleObjects): views and their columns, functions, policies.
func withoutRoleObjects(objects map[string]schemaObject) map[string]schemaObject {
	out := map[string]schemaObject{}
	for key, o := range objects {
		name, _, _ := strings.Cut(o.name, "(") // a function's arguments
		name, _, _ = strings.Cut(name, " on ") // a policy's table
		if !slices.Contains(roleObjects, name) && !slices.Contains(roleObjects, o.table) {
			out[key] = o
		}
	}
	return out
}

// readPostgresVersion is postgresVersion in a transaction of its own.
func readPostgresVersion(ctx context.Context, db *sql.DB) (int, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	return postgresVersion(ctx, tx)
}

// readCurrentSchema reads the schema of the database's current schema
// (where its version row is), but for leftOut, and checks that its version
// is still version.
func readCurrentSchema(ctx context.Context, db *sql.DB, version int, leftOut []string) (map[string]schemaObject, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if now, err := postgresVersion(ctx, tx); err != nil {
		return nil, err
	} else if now != version {
		return nil, fmt.Errorf("the schema was upgraded from version %d to %d while it was being checked; try again", version, now)
	}
	var nsp int64
	if err := tx.QueryRowContext(ctx, `SELECT oid::bigint FROM pg_namespace WHERE nspname = current_schema()`).Scan(&nsp); err != nil {
		return nil, err
	}
	return readPostgresSchema(ctx, tx, nsp, leftOut)
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
