package cli

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestCommandsOnPostgres: every command that reads or writes a school
// works on a PostgreSQL database as on a file (TestSameAnswersOnBoth
// compares their answers); restore refuses a server in plain words,
// without the URL's password, and leaves nothing in the working folder.
func TestCommandsOnPostgres(t *testing.T) {
	roster, err := filepath.Abs(filepath.Join(rosterFixtures, "students.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	url := pgtest.NewDatabase(t)
	if code, _, stderr := runCLI(t, url, "server", "init"); code != 0 {
		t.Fatalf("server init: exit %d, %s", code, stderr)
	}
	for _, cmd := range [][]string{
		{"demo", "--students", "40"},
		{"alerts"},
		{"export", "students", "--out", filepath.Join(dir, "students.csv")},
		{"report", "programme", "--out", filepath.Join(dir, "programme.pdf")},
		{"import", "csv", roster, "--dry-run"},
		{"check"},
	} {
		code, stdout, stderr := runCLI(t, url, cmd...)
		if code != 0 || stdout == "" {
			t.Errorf("%s on PostgreSQL: exit %d, stdout %q, stderr %q; want it done", cmd[0], code, stdout, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, "postgres://ann:s3cret@localhost/school", "restore", "x.db")
	if code != 1 || !strings.Contains(stderr, "A backup is restored into a database file, not onto a server") {
		t.Errorf("restore on a PostgreSQL URL: exit %d, stderr %q, want 1 and the refusal", code, stderr)
	}
	if strings.Contains(stdout+stderr, "s3cret") {
		t.Errorf("restore printed the URL's password: %q %q", stdout, stderr)
	}
	for _, name := range []string{"students.csv", "programme.pdf"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v, want the file written", name, err)
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

// TestCopyCommand: a school moved from its file onto the server, after
// its coordinator's login was added (README's order), and taken back as a
// file, the same rows each way; a backup of the server is a snapshot that
// restore takes; a server that holds records is refused, and one that
// cannot be reached is said so, each in one line.
func TestCopyCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "school.db")
	if code, _, stderr := runCLI(t, file, "demo", "--students", "15"); code != 0 {
		t.Fatalf("demo: exit %d, %q", code, stderr)
	}
	url := pgtest.NewDatabase(t)
	if code, _, stderr := runCLI(t, url, "server", "init"); code != 0 {
		t.Fatalf("server init: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, url, "user", "add", "cli_copy_coordinator", "--role", "coordinator"); code != 0 {
		t.Fatalf("user add: exit %d, %q", code, stderr)
	}
	code, there, stderr := runCLI(t, file, "copy", "--to", url)
	if code != 0 || !strings.Contains(there, "read back the same:\n") || !strings.Contains(there, "\n  students           15\n") ||
		!strings.HasSuffix(there, "\nkept the target's 1 audit line of its logins (user add and remove), after the copied ones\n") {
		t.Fatalf("copy to the server: exit %d, stdout %q, stderr %q", code, there, stderr)
	}
	home := filepath.Join(dir, "home.db")
	code, back, stderr := runCLI(t, "unused.db", "copy", "--from", url, "--to", home)
	if code != 0 {
		t.Fatalf("copy from the server: exit %d, %q", code, stderr)
	}
	// The same rows each way, and the login's audit line.
	counts := func(out string) map[string]int {
		n := map[string]int{}
		for _, line := range strings.Split(out, "\n") {
			var table string
			var rows int
			if _, err := fmt.Sscanf(line, "  %s %d", &table, &rows); err == nil {
				n[table] = rows
			}
		}
		return n
	}
	want := counts(there)
	want["audit"]++
	if got := counts(back); len(got) < 10 || !reflect.DeepEqual(got, want) {
		t.Errorf("the copy back holds %v, want %v (the copy in and the login's audit line)", got, want)
	}
	code, _, stderr = runCLI(t, file, "copy", "--to", url)
	if code != 1 || !strings.Contains(stderr, "already holds records") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("copy into a server with records: exit %d, %q, want 1 and the refusal in one line", code, stderr)
	}
	snapshot := filepath.Join(dir, "snapshot.db")
	if code, stdout, stderr := runCLI(t, url, "backup", "--out", snapshot); code != 0 || stdout != snapshot+"\n" {
		t.Fatalf("backup of the server: exit %d, %q, %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, filepath.Join(dir, "restored.db"), "restore", snapshot); code != 0 {
		t.Errorf("restore of the server's snapshot: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, url, "backup"); code != 2 || !strings.Contains(stderr, "needs --out FILE") {
		t.Errorf("backup of the server without --out: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, file, "copy", "--to", "postgres://ann:s3cret@127.0.0.1:1/school")
	if want := "mentorbook copy: Cannot connect to the PostgreSQL server at postgres://ann:xxxxx@127.0.0.1:1/school: it is not running, or cannot be reached from here.\n"; code != 1 || stderr != want {
		t.Errorf("copy to no server: exit %d, %q, want %q", code, stderr, want)
	}
}
