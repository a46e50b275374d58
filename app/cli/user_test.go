package cli

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data/pgtest"
)

// TestUserCommands: user add, list and remove on a PostgreSQL database,
// with the password step printed and no password anywhere; on a database
// file, one sentence saying that roles exist only on a server.
func TestUserCommands(t *testing.T) {
	url := pgtest.NewDatabase(t)
	if code, _, stderr := runCLI(t, url, "server", "init"); code != 0 {
		t.Fatalf("server init: %d %s", code, stderr)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO mentors (name, email, created_at) VALUES ('Mr Tanaka', 'tanaka@school.example', 'x')`); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, url, "user", "add", "cli_tanaka", "--role", "mentor", "--mentor", "tanaka@school.example")
	if code != 0 || !strings.Contains(stdout, "login cli_tanaka: mentor (tanaka@school.example)") ||
		!strings.Contains(stdout, `\password cli_tanaka`) || !strings.Contains(stdout, "ALTER ROLE cli_tanaka PASSWORD '…';") {
		t.Errorf("user add: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, url, "user", "add", "cli_head", "--role", "reader"); code != 0 {
		t.Errorf("user add reader: exit %d, %q", code, stderr)
	}
	code, stdout, _ = runCLI(t, url, "user", "list")
	if want := "cli_head\treader\ncli_tanaka\tmentor\tMr Tanaka <tanaka@school.example>\n"; code != 0 || !strings.HasSuffix(stdout, want) {
		t.Errorf("user list: exit %d, %q, want it to end %q", code, stdout, want)
	}
	var password sql.NullString
	if err := db.QueryRow(`SELECT rolpassword FROM pg_authid WHERE rolname = 'cli_tanaka'`).Scan(&password); err != nil || password.Valid {
		t.Errorf("the new login's password: %v, %v, want none", password, err)
	}
	if code, stdout, _ := runCLI(t, url, "user", "remove", "cli_tanaka"); code != 0 || !strings.Contains(stdout, "login cli_tanaka: removed") {
		t.Errorf("user remove: exit %d, %q", code, stdout)
	}
	if code, _, stderr := runCLI(t, url, "user", "remove", "cli_tanaka"); code != 1 || !strings.Contains(stderr, "This database has no login cli_tanaka") {
		t.Errorf("user remove again: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, url, "user", "add", "cli_x", "--role", "head"); code != 1 || !strings.Contains(stderr, `The role "head" does not exist`) {
		t.Errorf("user add --role head: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, url, "user", "add", "cli_x", "--role", "mentor"); code != 2 || !strings.Contains(stderr, "Choose the mentor this login is for") ||
		!strings.Contains(stderr, "(--mentor EMAIL)") {
		t.Errorf("user add --role mentor without --mentor: exit %d, %q; want the refusal with the flag to give", code, stderr)
	}
	for _, args := range [][]string{{"user"}, {"user", "add"}, {"user", "list", "x"}, {"user", "rename", "x"}} {
		if code, _, _ := runCLI(t, url, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}

	file := filepath.Join(t.TempDir(), "school.db")
	for _, args := range [][]string{{"user", "add", "ann", "--role", "reader"}, {"user", "list"}, {"user", "remove", "ann"}} {
		code, _, stderr := runCLI(t, file, args...)
		if want := "mentorbook user: Logins and roles exist only on a shared PostgreSQL database"; code != 1 || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q on a file: exit %d, %q, want 1 and %q", args, code, stderr, want)
		}
	}
	if left, _ := filepath.Glob(file + "*"); len(left) > 0 {
		t.Errorf("user commands on a file made %v", left)
	}
}
