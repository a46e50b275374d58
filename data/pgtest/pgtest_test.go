package pgtest_test

import (
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"mentorbook/data/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestNewDatabase connects to a new database through pgx, as the store
// will, and checks what the tests rely on: a supported version, an empty
// database of its own, UTF-8, and a server that does not run as root.
func TestNewDatabase(t *testing.T) {
	u := pgtest.NewDatabase(t)
	c, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL %d in %s, started in %v", c.Version, c.Dir, c.Startup)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version, encoding, name string
	var tables int
	if err := db.QueryRow(`SELECT current_setting('server_version_num'), current_setting('server_encoding'), current_database(),
		(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')`).Scan(&version, &encoding, &name, &tables); err != nil {
		t.Fatal(err)
	}
	if version < "130000" || len(version) != 6 {
		t.Errorf("server_version_num = %s, want 130000 or more", version)
	}
	if encoding != "UTF8" {
		t.Errorf("server_encoding = %s, want UTF8", encoding)
	}
	if !strings.HasPrefix(name, "t") || !strings.Contains(name, "testnewdatabase") {
		t.Errorf("current_database() = %s, want the test's own", name)
	}
	if tables != 0 {
		t.Errorf("a new database holds %d tables, want 0", tables)
	}
	// A second database is another one, empty too.
	other := pgtest.NewDatabase(t)
	if other == u {
		t.Errorf("NewDatabase gave %s twice", u)
	}
	fi, err := os.Stat(c.Dir + "/data")
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 && ownerOf(fi) == 0 {
		t.Errorf("the server's files belong to root; PostgreSQL must run as an unprivileged user")
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("the data folder's mode is %v, want 0700", fi.Mode().Perm())
	}
}

// TestLoopback checks the benchmarks' server: reached over TCP on
// 127.0.0.1 with the superuser's password and refused without it,
// durable (fsync and synchronous_commit on), and apart from the tests'.
func TestLoopback(t *testing.T) {
	c, err := pgtest.Loopback()
	if err != nil {
		t.Fatal(err)
	}
	if c.Port == 0 {
		t.Fatal("the Loopback server has no TCP port")
	}
	tcp := c.LoopbackURL(c.NewDatabase(t))
	if !strings.Contains(tcp, "@127.0.0.1:") {
		t.Errorf("LoopbackURL = %s, want an address on 127.0.0.1", tcp)
	}
	db, err := sql.Open("pgx", tcp)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var addr, fsync, commit string
	if err := db.QueryRow(`SELECT host(inet_server_addr()), current_setting('fsync'), current_setting('synchronous_commit')`).Scan(&addr, &fsync, &commit); err != nil {
		t.Fatal(err)
	}
	if addr != "127.0.0.1" || fsync != "on" || commit != "on" {
		t.Errorf("server address %s, fsync %s, synchronous_commit %s; want 127.0.0.1, on, on", addr, fsync, commit)
	}
	u, _ := url.Parse(tcp)
	u.User = url.User(pgtest.Superuser)
	nopw, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer nopw.Close()
	if err := nopw.Ping(); err == nil {
		t.Error("the Loopback server let the superuser in over TCP without a password")
	}
	if tests, err := pgtest.Start(); err != nil {
		t.Fatal(err)
	} else if tests.Dir == c.Dir || tests.Port != 0 {
		t.Errorf("the tests' server (%s, port %d) is the Loopback one or listens on TCP", tests.Dir, tests.Port)
	}
}
