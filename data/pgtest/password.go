package pgtest

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// PasswordGroup is the role whose members the server asks for a password
// (SCRAM-SHA-256), on the socket every other login is trusted on.
const PasswordGroup = "pgtest_password"

// ClearPasswordGroup is the role whose members the server asks for a
// password in clear text (pg_hba's method "password"), as some servers
// still do, often over TLS.
const ClearPasswordGroup = "pgtest_clear_password"

// askPasswords puts the lines for PasswordGroup and ClearPasswordGroup
// first in the cluster's pg_hba.conf (the first line that matches a
// connection decides).
func askPasswords(dataDir string) error {
	path := filepath.Join(dataDir, "pg_hba.conf")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := "local all +" + PasswordGroup + " scram-sha-256\n" +
		"local all +" + ClearPasswordGroup + " password\n"
	// The file is nobody's when the server runs as nobody; root may write it.
	return os.WriteFile(path, append([]byte(lines), b...), 0o600)
}

// PasswordLogin makes a login that the server asks for password (SCRAM),
// dropped when the test ends, and returns its name. It may do nothing
// until the test grants it a role (for Mentorbook, data.AddUser).
func PasswordLogin(tb testing.TB, password string) string {
	tb.Helper()
	return passwordLogin(tb, PasswordGroup, password)
}

// ClearPasswordLogin is PasswordLogin for a login that the server asks for
// its password in clear text.
func ClearPasswordLogin(tb testing.TB, password string) string {
	tb.Helper()
	return passwordLogin(tb, ClearPasswordGroup, password)
}

func passwordLogin(tb testing.TB, group, password string) string {
	tb.Helper()
	c, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	login := fmt.Sprintf("pw%d", nextNumber())
	if err := c.exec(`CREATE ROLE ` + login + ` LOGIN PASSWORD '` + strings.ReplaceAll(password, "'", "''") + `' IN ROLE ` + group); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		// Its grants and memberships go first, in every database.
		if err := c.dropRole(login); err != nil {
			tb.Errorf("dropping the login %s: %v", login, err)
		}
	})
	return login
}

// exec runs statement as the superuser in the database postgres.
func (c *Cluster) exec(statement string) error {
	admin, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec(statement)
	return err
}

// dropRole drops login after taking back what it was granted in every
// database that still exists.
func (c *Cluster) dropRole(login string) error {
	admin, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datallowconn`)
	if err != nil {
		return err
	}
	var dbs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return err
		}
		dbs = append(dbs, d)
	}
	rows.Close()
	for _, d := range dbs {
		// A database dropped meanwhile (another test's) holds nothing of
		// the login's; DROP ROLE below says if anything is left.
		if db, err := sql.Open("pgx", c.URL(d)); err == nil {
			db.Exec(`DROP OWNED BY ` + login)
			db.Close()
		}
	}
	_, err = admin.Exec(`DROP ROLE ` + login)
	return err
}
