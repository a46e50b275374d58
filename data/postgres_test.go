package data_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

func TestIsPostgres(t *testing.T) {
	for db, want := range map[string]bool{
		"postgres://db.school.example:5432/mentoring?sslmode=verify-full": true,
		"postgresql://localhost/mentoring":                                true,
		"POSTGRES://localhost/mentoring":                                  true,
		"postgres:///mentoring?host=/run/postgresql":                      true,
		"mentorbook.db":              false,
		"/home/ann/mentorbook.db":    false,
		`C:\Users\Ann\mentorbook.db`: false,
		"postgres.db":                false,
		"file:mentorbook.db":         false,
		"./postgres/mentorbook.db":   false,
		"sqlite://whatever/x.db":     false,
		"":                           false,
	} {
		if got := data.IsPostgres(db); got != want {
			t.Errorf("IsPostgres(%q) = %v, want %v", db, got, want)
		}
	}
}

func TestHidePassword(t *testing.T) {
	for db, want := range map[string]string{
		"postgres://ann:s3cret@db.example/school":              "postgres://ann:xxxxx@db.example/school",
		"postgres://ann@db.example/school?password=s3cret&x=1": "postgres://ann@db.example/school?password=xxxxx&x=1",
		"postgres://db.example/school?sslmode=verify-full":     "postgres://db.example/school?sslmode=verify-full",
		"/home/ann/mentorbook.db":                              "/home/ann/mentorbook.db",
	} {
		if got := data.HidePassword(db); got != want {
			t.Errorf("HidePassword(%q) = %q, want %q", db, got, want)
		}
	}
}

// TestOpenPostgresRefused: until the store works on PostgreSQL, a URL is
// refused in plain words, and nothing named after it appears on disk (a
// path "postgres:" would otherwise be tried as a file).
func TestOpenPostgresRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, db := range []string{"postgres://ann:s3cret@localhost/school", "postgresql:///school?host=/run/postgresql"} {
		s, err := data.Open(db)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q) opened something", db)
		}
		if !errors.Is(err, data.ErrPostgresUnfinished) {
			t.Errorf("Open(%q) = %v, want ErrPostgresUnfinished", db, err)
		}
		if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, "PostgreSQL support is not finished in this version") {
			t.Errorf("ErrorMessage(Open(%q)) = %q", db, msg)
		}
		if err := data.Restore(t.Context(), db, filepath.Join(dir, "backup.db")); !errors.Is(err, data.ErrPostgresUnfinished) {
			t.Errorf("Restore(%q) = %v, want ErrPostgresUnfinished", db, err)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("refusing a URL left %v in the working folder", left)
	}
}

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestInitPostgres: server init creates the schema on an empty database
// and records its version; run again, it changes nothing; check reads the
// version.
func TestInitPostgres(t *testing.T) {
	ctx := t.Context()
	url := pgtest.NewDatabase(t)
	if _, err := data.PostgresVersion(ctx, url); !errors.Is(err, data.ErrNoSchema) {
		t.Errorf("PostgresVersion(empty database) = %v, want ErrNoSchema", err)
	}
	from, to, err := data.InitPostgres(ctx, url)
	if err != nil || from != 0 || to != data.SchemaVersion() {
		t.Fatalf("InitPostgres(empty) = %d, %d, %v, want 0, %d", from, to, err, data.SchemaVersion())
	}
	from, to, err = data.InitPostgres(ctx, url)
	if err != nil || from != data.SchemaVersion() || to != data.SchemaVersion() {
		t.Errorf("InitPostgres(again) = %d, %d, %v, want nothing done", from, to, err)
	}
	if v, err := data.PostgresVersion(ctx, url); err != nil || v != data.SchemaVersion() {
		t.Errorf("PostgresVersion = %d, %v, want %d", v, err, data.SchemaVersion())
	}
	// The schema holds what the store writes: the school's one row, and a
	// student whose id the server gives.
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var school, student int64
	if err := db.QueryRow(`SELECT id FROM school`).Scan(&school); err != nil || school != 1 {
		t.Errorf("the school row: %d, %v", school, err)
	}
	if err := db.QueryRow(`INSERT INTO students (school_id, given_name, created_at, updated_at) VALUES ('S1', 'Zoë', 'x', 'x') RETURNING id`).Scan(&student); err != nil || student != 1 {
		t.Errorf("inserting a student: id %d, %v", student, err)
	}
}

// TestInitPostgresRefuses: a database that holds another program's tables,
// or a newer schema, is refused and left as it was.
func TestInitPostgresRefuses(t *testing.T) {
	ctx := t.Context()
	t.Run("ErrForeignTables", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		db := openPG(t, url)
		if _, err := db.Exec(`CREATE TABLE invoices (id int)`); err != nil {
			t.Fatal(err)
		}
		if _, _, err := data.InitPostgres(ctx, url); !errors.Is(err, data.ErrForeignTables) {
			t.Errorf("InitPostgres(a database with other tables) = %v, want ErrForeignTables", err)
		}
		var tables int
		if err := db.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil || tables != 1 {
			t.Errorf("after the refusal the database holds %d tables (%v), want only its own 1", tables, err)
		}
		if _, err := data.PostgresVersion(ctx, url); !errors.Is(err, data.ErrForeignTables) {
			t.Errorf("PostgresVersion(a database with other tables) = %v, want ErrForeignTables", err)
		}
	})
	t.Run("ErrNewer", func(t *testing.T) {
		url := pgtest.NewDatabase(t)
		if _, _, err := data.InitPostgres(ctx, url); err != nil {
			t.Fatal(err)
		}
		db := openPG(t, url)
		if _, err := db.Exec(`UPDATE mentorbook_schema SET version = 99`); err != nil {
			t.Fatal(err)
		}
		if _, _, err := data.InitPostgres(ctx, url); !errors.Is(err, data.ErrNewer) {
			t.Errorf("InitPostgres(version 99) = %v, want ErrNewer", err)
		}
		if _, err := data.PostgresVersion(ctx, url); !errors.Is(err, data.ErrNewer) {
			t.Errorf("PostgresVersion(version 99) = %v, want ErrNewer", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		url := "postgres://nobody@/none?host=" + t.TempDir()
		_, _, err := data.InitPostgres(ctx, url)
		if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, "Cannot connect to the PostgreSQL server") {
			t.Errorf("InitPostgres(no server) = %q, want the connection refusal", msg)
		}
	})
}

func openPG(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
