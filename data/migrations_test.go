package data_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestMigrations builds a database of every past schema version from
// testdata/migrations/vN.sql (the records) on top of the first N migration
// steps (the schema: steps are never edited, so the first N of them make
// version N), upgrades it with Open, and checks that every row of every
// table is still there with every value it had. A new schema step needs a
// new fixture, or this test fails.
func TestMigrations(t *testing.T) {
	steps, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(steps) != data.SchemaVersion() {
		t.Fatalf("found %d migration files, the program has %d steps (%v)", len(steps), data.SchemaVersion(), err)
	}
	for v := 1; v <= data.SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("FromVersion%d", v), func(t *testing.T) {
			fixture, path := versionFixture(t, v)
			before := columnsByTable(t, path)
			rowsBefore := map[string][]string{}
			for table, cols := range before {
				rowsBefore[table] = selectColumns(t, path, table, cols)
				if len(rowsBefore[table]) == 0 {
					t.Errorf("%s has no row in table %s; every table needs one", fixture, table)
				}
			}

			backedUp := false
			s, err := data.Open(path, data.Options{BeforeMigrate: func(p string) error {
				backedUp = true
				return data.BackupBeforeMigrate(p)
			}})
			if err != nil {
				t.Fatalf("Open(version %d) = %v", v, err)
			}
			var version int
			var problems []string
			err = s.View(context.Background(), func(tx *data.Tx) error {
				if version, err = tx.SchemaVersion(); err != nil {
					return err
				}
				problems, err = tx.IntegrityCheck()
				return err
			})
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			if version != data.SchemaVersion() || len(problems) > 0 {
				t.Errorf("after the upgrade: version %d (want %d), problems %v", version, data.SchemaVersion(), problems)
			}
			if upgrade := v < data.SchemaVersion(); backedUp != upgrade {
				t.Errorf("BeforeMigrate called: %v, want %v", backedUp, upgrade)
			}
			// The pre-upgrade backup itself, taken even where no upgrade is due.
			if err := data.BackupBeforeMigrate(path); err != nil {
				t.Fatalf("BackupBeforeMigrate: %v", err)
			}
			bs, _ := data.Backups(path)
			if len(bs) == 0 || !strings.Contains(bs[0].Path, "before-upgrade") || bs[0].Automatic {
				t.Errorf("Backups after BackupBeforeMigrate = %+v", bs)
			} else if got := selectColumns(t, bs[0].Path, "meetings", before["meetings"]); len(got) != len(rowsBefore["meetings"]) {
				t.Errorf("the pre-upgrade backup holds %d meetings, want %d", len(got), len(rowsBefore["meetings"]))
			}
			after := columnsByTable(t, path)
			for table, cols := range before {
				if after[table] == nil {
					t.Errorf("table %s is gone after the upgrade", table)
					continue
				}
				got := selectColumns(t, path, table, cols)
				if table == "settings" {
					got = withoutIdentity(got) // the one row an upgrade adds
				}
				if strings.Join(got, "\n") != strings.Join(rowsBefore[table], "\n") {
					t.Errorf("table %s changed in the upgrade from version %d:\n got %q\nwant %q", table, v, got, rowsBefore[table])
				}
			}
		})
	}
}

// versionFixture builds a database of schema version v in a temporary
// folder from the first v migration steps and testdata/migrations/vN.sql,
// and returns the fixture's name and the database's path.
func versionFixture(t *testing.T, v int) (fixture, path string) {
	t.Helper()
	steps, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(steps)
	fixture = filepath.Join("testdata", "migrations", fmt.Sprintf("v%d.sql", v))
	records, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatalf("schema version %d has no fixture: add %s with records of that version (%v)", v, fixture, err)
	}
	path = filepath.Join(t.TempDir(), "school.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, step := range steps[:v] {
		b, err := os.ReadFile(step)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	if _, err := db.Exec(string(records)); err != nil {
		t.Fatalf("%s: %v", fixture, err)
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", v, data.ApplicationID)); err != nil {
		t.Fatal(err)
	}
	return fixture, path
}

// columnsByTable lists each table's columns.
func columnsByTable(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		out[table] = append(out[table], col)
	}
	return out
}

// selectColumns reads the given columns of every row of table, with their
// types, in rowid order.
func selectColumns(t *testing.T, path, table string, cols []string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var exprs []string
	for _, c := range cols {
		exprs = append(exprs, fmt.Sprintf(`typeof("%s") || ':' || quote("%s")`, c, c))
	}
	rows, err := db.Query(`SELECT ` + strings.Join(exprs, ` || ' | ' || `) + ` FROM "` + table + `" ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// withoutIdentity drops the settings row that holds the database's
// identity, which the first open by a newer version adds.
func withoutIdentity(rows []string) []string {
	var out []string
	for _, r := range rows {
		if !strings.HasPrefix(r, "text:'database_id'") {
			out = append(out, r)
		}
	}
	return out
}
