package cli

import (
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestPostgresURLRefused: a PostgreSQL URL is recognised, and the commands
// that cannot work on one yet refuse it in plain words, without its
// password, before reading it as a file's path.
func TestPostgresURLRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cmd := range [][]string{{"demo"}, {"backup"}, {"alerts"}, {"restore", "x.db"}, {"export", "students", "--out", "x.csv"}} {
		code, stdout, stderr := runCLI(t, "postgres://ann:s3cret@localhost/school", cmd...)
		if code != 1 || !strings.Contains(stderr, "PostgreSQL support is not finished in this version") {
			t.Errorf("%s on a PostgreSQL URL: exit %d, stderr %q, want 1 and the refusal", cmd[0], code, stderr)
		}
		if strings.Contains(stdout+stderr, "s3cret") {
			t.Errorf("%s printed the URL's password: %q %q", cmd[0], stdout, stderr)
		}
	}
}

// TestServerInit: check on an empty PostgreSQL database says to run server
// init; server init creates the schema, and again changes nothing; check
// then reports the version.
func TestServerInit(t *testing.T) {
	url := pgtest.NewDatabase(t)
	code, _, stderr := runCLI(t, url, "check")
	if code != 1 || !strings.Contains(stderr, "no Mentorbook schema; its owner creates it with: mentorbook --db URL server init") {
		t.Errorf("check before init: exit %d, %q, want 1 and what to run", code, stderr)
	}
	want := []string{"schema version: 4, created", "schema version: 4, already this program's; nothing was changed"}
	for i, w := range want {
		w = strings.ReplaceAll(w, "4", strconv.Itoa(data.SchemaVersion()))
		code, stdout, stderr := runCLI(t, url, "server", "init")
		if code != 0 || !strings.Contains(stdout, w) {
			t.Errorf("server init (run %d): exit %d, stdout %q, stderr %q, want %q", i+1, code, stdout, stderr, w)
		}
	}
	code, stdout, stderr := runCLI(t, url, "check")
	if w := "schema version: " + strconv.Itoa(data.SchemaVersion()) + " (this program: " + strconv.Itoa(data.SchemaVersion()) + ")\nschema: exactly as this version writes it\n"; code != 0 || !strings.Contains(stdout, w) {
		t.Errorf("check after init: exit %d, stdout %q, stderr %q, want %q", code, stdout, stderr, w)
	}
	// A trigger added by hand is named, and check fails.
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE FUNCTION quiet() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
		CREATE TRIGGER audit_quiet BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION quiet()`); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, url, "check")
	if w := "schema: NOT as this version writes it\n  extra function quiet()\n  extra trigger audit_quiet on audit\n"; code != 1 || !strings.Contains(stdout, w) ||
		!strings.Contains(stderr, "schema has been changed by hand") {
		t.Errorf("check after a trigger was added: exit %d, stdout %q, stderr %q, want 1 and %q", code, stdout, stderr, w)
	}
	if _, err := db.Exec(`DROP TRIGGER audit_quiet ON audit; DROP FUNCTION quiet()`); err != nil {
		t.Fatal(err)
	}
	// A file needs no init: a usage mistake, and no file is made.
	file := filepath.Join(t.TempDir(), "school.db")
	if code, _, stderr := runCLI(t, file, "server", "init"); code != 2 || !strings.Contains(stderr, "server init is for a PostgreSQL database") {
		t.Errorf("server init on a file: exit %d, %q, want 2 and the usage", code, stderr)
	}
	if code, _, _ := runCLI(t, url, "server"); code != 2 {
		t.Errorf("server without init: exit %d, want 2", code)
	}
}
