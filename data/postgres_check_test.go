package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"mentorbook/data/pgtest"
)

// postgresWithSchema returns a new PostgreSQL database made by InitPostgres
// and a connection pool to it.
func postgresWithSchema(t *testing.T) (string, *sql.DB) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	if _, _, err := InitPostgres(t.Context(), url); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return url, db
}

// TestCheckPostgresSchema: a database made by server init, at every
// version, is exactly as its version writes it; each change a hostile or
// careless hand could make is named, one difference each.
func TestCheckPostgresSchema(t *testing.T) {
	ctx := context.Background()
	t.Run("every version as made", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		for v := 1; v <= SchemaVersion(); v++ {
			if _, _, err := initPostgres(ctx, url, v); err != nil {
				t.Fatal(err)
			}
			got, err := CheckPostgres(ctx, url)
			if got != v || err != nil {
				t.Fatalf("CheckPostgres at version %d = %d, %v", v, got, err)
			}
		}
	})
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"extra trigger", `CREATE FUNCTION keep_quiet() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.notes_confidential := 0; RETURN NEW; END$$;
			CREATE TRIGGER meetings_hide BEFORE INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION keep_quiet()`,
			[]string{"extra function keep_quiet()", "extra trigger meetings_hide on meetings"}},
		{"dropped column", `ALTER TABLE students DROP COLUMN version`, []string{"missing column students.version"}},
		{"extra policy", `CREATE POLICY everyone ON meetings USING (true)`, []string{"extra policy everyone on meetings"}},
		{"row level security off", `ALTER TABLE audit DISABLE ROW LEVEL SECURITY`, []string{"table audit is not as this version defines it"}},
		{"changed default", `ALTER TABLE students ALTER COLUMN needs_confidential SET DEFAULT 0`,
			[]string{"column students.needs_confidential is not as this version defines it"}},
		{"dropped check", `ALTER TABLE meetings DROP CONSTRAINT meetings_minutes_check`, []string{"missing constraint meetings_minutes_check on meetings"}},
		{"extra index", `CREATE INDEX meetings_notes ON meetings (notes)`, []string{"extra index meetings_notes"}},
		{"extra view", `CREATE VIEW everything AS SELECT notes FROM meetings`, []string{"extra column everything.notes", "extra view everything"}},
		{"extra rule", `CREATE RULE nothing AS ON DELETE TO audit DO INSTEAD NOTHING`, []string{"extra rule nothing on audit"}},
		{"unlogged", `ALTER TABLE audit SET UNLOGGED`, []string{"sequence audit_id_seq is not as this version defines it", "table audit is not as this version defines it"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			url, db := postgresWithSchema(t)
			if _, err := db.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			version, err := CheckPostgres(ctx, url)
			var schemaErr *SchemaError
			if !errors.As(err, &schemaErr) || !errors.Is(err, ErrSchema) {
				t.Fatalf("CheckPostgres after %s = %d, %v; want a SchemaError", c.name, version, err)
			}
			if version != SchemaVersion() || schemaErr.Version != version {
				t.Errorf("CheckPostgres after %s: version %d, error's %d, want %d", c.name, version, schemaErr.Version, SchemaVersion())
			}
			if !reflect.DeepEqual(schemaErr.Differences, c.want) {
				t.Errorf("CheckPostgres after %s: differences %q, want %q", c.name, schemaErr.Differences, c.want)
			}
			if err := checkPostgresSchema(ctx, db); !errors.Is(err, ErrSchema) {
				t.Errorf("checkPostgresSchema after %s = %v, want ErrSchema", c.name, err)
			}
		})
	}
	t.Run("no schema", func(t *testing.T) {
		db, err := sql.Open("pgx", pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := checkPostgresSchema(ctx, db); !errors.Is(err, ErrNoSchema) {
			t.Errorf("checkPostgresSchema of an empty database = %v, want ErrNoSchema", err)
		}
	})
}

// TestCheckPostgresOtherRoles: a database whose tables are as its version
// writes them but whose roles' rules are not this program's (another
// version made them: roles.sql changes without a schema step; or a hand
// changed a policy) is refused with ErrOtherRoles, which says that server
// init renews them, and server init does.
func TestCheckPostgresOtherRoles(t *testing.T) {
	ctx := t.Context()
	for _, c := range []struct {
		name, sql string
		want      []string
	}{
		{"an older version's roles", `DROP FUNCTION mentorbook_remove_login(text)`, []string{"missing function mentorbook_remove_login(login text)"}},
		{"a policy changed by hand", `ALTER POLICY mentor_read ON meetings USING (true)`, []string{"policy mentor_read on meetings is not as this version defines it"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			url, db := postgresWithSchema(t)
			if _, err := db.Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			_, err := CheckPostgres(ctx, url)
			var schemaErr *SchemaError
			if !errors.As(err, &schemaErr) || !errors.Is(err, ErrOtherRoles) || errors.Is(err, ErrSchema) {
				t.Fatalf("CheckPostgres = %v; want ErrOtherRoles", err)
			}
			if !reflect.DeepEqual(schemaErr.Differences, c.want) {
				t.Errorf("differences %q, want %q", schemaErr.Differences, c.want)
			}
			if _, err := Open(url); !errors.Is(err, ErrOtherRoles) || !strings.Contains(ErrorMessage(err), "server init") {
				t.Errorf("Open as the owner = %v, shown as %q; want ErrOtherRoles", err, ErrorMessage(err))
			}
			if _, _, err := InitPostgres(ctx, url); err != nil {
				t.Fatal(err)
			}
			if _, err := CheckPostgres(ctx, url); err != nil {
				t.Errorf("CheckPostgres after server init = %v", err)
			}
		})
	}
}

// TestCheckPostgresSchemaNotOwner: a login that may read the schema but
// not create one (a day-to-day login) gets the comparison of the schema
// steps (roles.sql's policies, views and functions aside), and what a
// hand changed there is still named.
func TestCheckPostgresSchemaNotOwner(t *testing.T) {
	ctx := context.Background()
	url, db := postgresWithSchema(t)
	login := fmt.Sprintf("plain_%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE ROLE ` + login + ` LOGIN; GRANT CONNECT, TEMPORARY ON DATABASE ` + strings.Split(strings.Split(url, "@/")[1], "?")[0] + ` TO ` + login + `; GRANT mentorbook_reader TO ` + login); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP OWNED BY ` + login + `; DROP ROLE ` + login) })
	as := strings.Replace(url, "postgres://postgres@", "postgres://"+login+"@", 1)
	// The owner's reference, made by the tests before, would be used.
	postgresReferences.Lock()
	postgresReferences.byVersion = nil
	postgresReferences.Unlock()
	if version, err := CheckPostgres(ctx, as); version != SchemaVersion() || err != nil {
		t.Fatalf("CheckPostgres as %s = %d, %v", login, version, err)
	}
	postgresReferences.Lock()
	for key, ref := range postgresReferences.byVersion {
		if ref.whole {
			t.Errorf("a login that may not create a schema made the whole reference (%s)", key)
		}
	}
	postgresReferences.Unlock()
	if _, err := db.Exec(`CREATE INDEX meetings_notes ON meetings (notes)`); err != nil {
		t.Fatal(err)
	}
	_, err := CheckPostgres(ctx, as)
	var schemaErr *SchemaError
	if !errors.As(err, &schemaErr) || !reflect.DeepEqual(schemaErr.Differences, []string{"extra index meetings_notes"}) {
		t.Errorf("CheckPostgres as %s after an index was added = %v, want it named", login, err)
	}
}
