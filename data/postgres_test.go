package data_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
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
