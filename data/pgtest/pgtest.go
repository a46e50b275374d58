// Package pgtest runs a throwaway PostgreSQL server for tests: started by
// the tests themselves on the first NewDatabase of a `go test` process, in
// a temporary folder, reachable only through a Unix socket in that folder,
// and stopped and deleted when the process's tests end. (Benchmarks of
// what the network adds start a second server, Loopback, that also
// listens on 127.0.0.1.) Nothing of the machine's own PostgreSQL (a
// running service, its clusters, its port) is used or needed; only its
// programs initdb and postgres.
//
// A package that uses it names it in its TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// PostgreSQL refuses to run as root, and the tests run as root: then the
// server runs as the user nobody (through util-linux's setpriv, as
// datatest.AsUnprivileged does), in a folder only nobody (and root) can
// enter, so that trusting every local connection lets no one else in.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver
)

// MinVersion is the oldest PostgreSQL major version Mentorbook supports.
const MinVersion = 13

// Superuser is the cluster's superuser, who owns every test database.
const Superuser = "postgres"

// install is what a machine without PostgreSQL's server programs is told.
const install = "PostgreSQL's server programs (initdb, postgres) are not installed: " +
	"install the package postgresql (Debian and Ubuntu: apt-get install postgresql, or run .ci/deps)"

// Cluster is the running server.
type Cluster struct {
	Dir     string        // the temporary folder: data/, the socket, server.log
	Version int           // PostgreSQL's major version
	Startup time.Duration // initdb and start, until it accepted a connection
	Port    int           // the TCP port on 127.0.0.1 of a Loopback server; 0 for none

	password string // the superuser's, asked for on TCP (a Loopback server)
	cmd      *exec.Cmd
	done     chan struct{} // closed when the server has exited
	err      error         // how it exited, once done is closed
}

var (
	mainRunning bool
	once        sync.Once
	cluster     *Cluster
	startErr    error
	loopback    struct { // the Loopback server
		once    sync.Once
		cluster *Cluster
		err     error
	}
	dbCount struct {
		sync.Mutex
		n int
	}
)

// Main runs the package's tests and then stops the server, if any test
// started one, and deletes its folder. It exits with the tests' status.
func Main(m *testing.M) {
	mainRunning = true
	code := m.Run()
	for _, c := range []*Cluster{cluster, loopback.cluster} {
		if c == nil {
			continue
		}
		if err := c.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// Start returns the server, starting it the first time. A machine without
// PostgreSQL gets an error that says what to install.
func Start() (*Cluster, error) {
	if !mainRunning {
		return nil, errors.New("pgtest.Main must run the tests (func TestMain(m *testing.M) { pgtest.Main(m) }), or the server would outlive them")
	}
	once.Do(func() { cluster, startErr = start(false) })
	return cluster, startErr
}

// Loopback returns a second server, started on its first call, for
// benchmarks of what a laptop on the network meets: it listens on a TCP
// port of 127.0.0.1 (chosen free) as well as its socket, asks for the
// superuser's password on TCP (the port is open to every user of the
// machine; the socket stays trusted and private), and keeps PostgreSQL's
// durable defaults (fsync, synchronous_commit, full_page_writes), so that
// a commit is on disk when it returns, as SQLite's are with the store's
// synchronous=FULL. Its databases are made with the Cluster's
// NewDatabase; LoopbackURL gives their TCP address.
func Loopback() (*Cluster, error) {
	if !mainRunning {
		return nil, errors.New("pgtest.Main must run the tests (func TestMain(m *testing.M) { pgtest.Main(m) }), or the server would outlive them")
	}
	loopback.once.Do(func() { loopback.cluster, loopback.err = start(true) })
	return loopback.cluster, loopback.err
}

// NewDatabase creates an empty database for the test, dropped when the
// test ends, and returns its URL. A missing PostgreSQL fails the test.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	c, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	return c.NewDatabase(tb)
}

// NewDatabase is the package's NewDatabase on the server c.
func (c *Cluster) NewDatabase(tb testing.TB) string {
	tb.Helper()
	return c.newDatabase(tb, "template1")
}

// NewDatabaseFrom is NewDatabase for a copy of the database template
// (made by Template) instead of an empty one.
func NewDatabaseFrom(tb testing.TB, template string) string {
	tb.Helper()
	c, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	return c.newDatabase(tb, template)
}

var templates struct {
	sync.Mutex
	made map[string]error
}

// Template makes the database name once per test process, by fill given
// its URL, for NewDatabaseFrom to copy: a schema built once rather than in
// every test. It lasts as long as the server. A fill that failed fails
// every later call the same way.
func Template(name string, fill func(url string) error) error {
	c, err := Start()
	if err != nil {
		return err
	}
	templates.Lock()
	defer templates.Unlock()
	if err, ok := templates.made[name]; ok {
		return err
	}
	if templates.made == nil {
		templates.made = map[string]error{}
	}
	err = func() error {
		admin, err := sql.Open("pgx", c.URL("postgres"))
		if err != nil {
			return err
		}
		defer admin.Close()
		if _, err := admin.Exec(`CREATE DATABASE ` + quoteIdent(name)); err != nil {
			return fmt.Errorf("creating the template database %s: %w", name, err)
		}
		if err := fill(c.URL(name)); err != nil {
			return fmt.Errorf("filling the template database %s: %w", name, err)
		}
		return nil
	}()
	templates.made[name] = err
	return err
}

// nextNumber numbers the databases and logins the tests make, unique in
// the process (and so on its servers).
func nextNumber() int {
	dbCount.Lock()
	defer dbCount.Unlock()
	dbCount.n++
	return dbCount.n
}

func (c *Cluster) newDatabase(tb testing.TB, template string) string {
	tb.Helper()
	name := fmt.Sprintf("t%d_%s", nextNumber(), strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(tb.Name(), "_")))
	if len(name) > 63 { // PostgreSQL's longest name
		name = name[:63]
	}
	admin, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + quoteIdent(name) + ` TEMPLATE ` + quoteIdent(template)); err != nil {
		tb.Fatalf("creating the test database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", c.URL("postgres"))
		if err != nil {
			tb.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE ` + quoteIdent(name) + ` WITH (FORCE)`); err != nil {
			tb.Errorf("dropping the test database %s: %v", name, err)
		}
	})
	return c.URL(name)
}

// URL is the address of database db as the superuser, through the socket.
func (c *Cluster) URL(db string) string {
	q := url.Values{"host": {c.Dir}, "sslmode": {"disable"}}
	if c.Port != 0 {
		q.Set("port", strconv.Itoa(c.Port)) // the socket's name carries it
	}
	return (&url.URL{Scheme: "postgres", User: url.User(Superuser), Path: "/" + db, RawQuery: q.Encode()}).String()
}

// LoopbackURL is dbURL, a database of the Loopback server c, reached over
// TCP on 127.0.0.1 with the superuser's password, without TLS.
func (c *Cluster) LoopbackURL(dbURL string) string {
	if c.Port == 0 {
		panic("pgtest: LoopbackURL of a server that listens on no TCP port (use pgtest.Loopback)")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(fmt.Sprintf("pgtest.LoopbackURL(%q): %v", dbURL, err))
	}
	u.User = url.UserPassword(Superuser, c.password)
	u.Host = net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port))
	u.RawQuery = url.Values{"sslmode": {"disable"}}.Encode()
	return u.String()
}

// As returns dbURL with login as its user: the cluster trusts every
// connection on its private socket, so a test connects as any role that
// may log in, with no password, to see what the server lets that role do.
func As(dbURL, login string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(fmt.Sprintf("pgtest.As(%q): %v", dbURL, err))
	}
	u.User = url.User(login)
	return u.String()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// start makes a new cluster in a temporary folder and starts its server:
// on its socket alone, or (tcp) as Loopback describes.
func start(tcp bool) (*Cluster, error) {
	began := time.Now()
	bin, version, err := findPostgres()
	if err != nil {
		return nil, err
	}
	run, err := unprivileged()
	if err != nil {
		return nil, err
	}
	// A Unix socket's path has at most 107 bytes: a long $TMPDIR would
	// not do, and /tmp is on every system the tests run on.
	removeAbandoned()
	dir, err := os.MkdirTemp("/tmp", dirPrefix)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c := &Cluster{Dir: dir, Version: version, done: make(chan struct{})}
	fail := func(err error) (*Cluster, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := run.own(dir); err != nil {
		return fail(err)
	}
	data := filepath.Join(dir, "data")
	// No locale of the machine's: C.UTF-8 is on every glibc system and
	// sorts by code point, as SQLite does. The schema's own collations are
	// what Mentorbook relies on; a test that needs another locale makes
	// its database with one.
	initdb := run.command(filepath.Join(bin, "initdb"), "--pgdata="+data, "--username="+Superuser,
		"--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb failed: %v\n%s", err, out))
	}
	if err := askPasswords(data); err != nil {
		return fail(err)
	}
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(err)
	}
	defer logFile.Close()
	// Only the socket, no TCP port: nothing to collide with another test
	// process or the machine's own server. Durability is not wanted from
	// a cluster that is deleted at the end.
	args := []string{"-D", data, "-k", dir, "-c", "max_connections=200"}
	if tcp {
		if c.Port, err = freePort(); err != nil {
			return fail(err)
		}
		args = append(args, "-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(c.Port))
	} else {
		args = append(args, "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off")
	}
	c.cmd = run.command(filepath.Join(bin, "postgres"), args...)
	c.cmd.Dir = dir
	c.cmd.Stdout, c.cmd.Stderr = logFile, logFile
	// The server dies with the test process (a go test timeout, a kill),
	// through the parent-death signal. Linux sends it when the thread that
	// started the child ends, so that thread stays locked to the goroutine
	// that waits for the server, and lives as long as the server.
	started := make(chan error)
	go func() {
		runtime.LockOSThread()
		if err := c.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return fail(fmt.Errorf("cannot start postgres: %w", err))
	}
	if err := c.waitReady(30 * time.Second); err != nil {
		c.stop()
		log, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("%w\nserver log:\n%s", err, log)
	}
	if tcp {
		if err := c.setPassword(); err != nil {
			c.stop()
			return nil, err
		}
	}
	for _, group := range []string{PasswordGroup, ClearPasswordGroup} {
		if err := c.exec(`CREATE ROLE ` + group + ` NOLOGIN`); err != nil {
			c.stop()
			return nil, err
		}
	}
	c.Startup = time.Since(began)
	return c, nil
}

const (
	dirPrefix = "mentorbook-pg-"
	ownerFile = "owner.pid" // the test process that made the folder
)

// removeAbandoned deletes the folders of test processes that were killed
// before they could (their servers died with them).
func removeAbandoned() {
	dirs, _ := filepath.Glob(filepath.Join("/tmp", dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue // another process's, being made, or not ours
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Signal(syscall.Signal(0)) == nil {
			continue // still running
		}
		os.RemoveAll(d)
	}
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// setPassword gives the superuser a random password, which TCP asks for.
func (c *Cluster) setPassword() error {
	c.password = rand.Text()
	db, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`ALTER ROLE ` + quoteIdent(Superuser) + ` PASSWORD '` + c.password + `'`)
	return err
}

// waitReady waits until the server accepts a connection.
func (c *Cluster) waitReady(limit time.Duration) error {
	db, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-c.done:
			return fmt.Errorf("postgres exited as it started: %v", c.err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within %v: %v", limit, err)
		}
	}
}

// stop shuts the server down (fast: connections are ended) and deletes
// the folder.
func (c *Cluster) stop() error {
	var err error
	if c.cmd.Process != nil {
		c.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
			err = errors.New("postgres did not stop within 30s and was killed")
		}
	}
	return errors.Join(err, os.RemoveAll(c.Dir))
}

// findPostgres returns the folder of the newest installed server programs
// and their major version: Debian keeps each version apart under
// /usr/lib/postgresql, other systems put initdb on the PATH.
func findPostgres() (bin string, version int, err error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	return findPostgresIn(dirs)
}

// findPostgresIn is findPostgres among the folders dirs, in order.
func findPostgresIn(dirs []string) (bin string, version int, err error) {
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			continue
		}
		out, err := exec.Command(filepath.Join(d, "postgres"), "--version").Output()
		if err != nil {
			continue
		}
		// "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
		m := regexp.MustCompile(`\(PostgreSQL\) (\d+)`).FindSubmatch(out)
		if m == nil {
			return "", 0, fmt.Errorf("cannot read the version of %s: %q", filepath.Join(d, "postgres"), out)
		}
		v, _ := strconv.Atoi(string(m[1]))
		if v < MinVersion {
			return "", 0, fmt.Errorf("PostgreSQL %d is installed (%s); Mentorbook needs %d or newer: install a newer postgresql package", v, d, MinVersion)
		}
		return d, v, nil
	}
	return "", 0, errors.New(install)
}

func majorOf(dir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return v
}

// runner runs the server's programs as the user who may run them, through
// setpriv when it is there: as root it changes the user, and for anyone it
// sets the parent-death signal, so that a server never outlives its tests.
type runner struct {
	setpriv  string // "" without setpriv (not Linux, or no util-linux): then no parent-death signal
	asNobody bool   // the tests run as root
	uid, gid int
}

// unprivileged returns a runner for the user nobody when running as root,
// and for the current user otherwise.
func unprivileged() (runner, error) {
	setpriv, err := exec.LookPath("setpriv")
	if os.Geteuid() != 0 {
		return runner{setpriv: setpriv}, nil
	}
	if err != nil {
		return runner{}, fmt.Errorf("the tests run as root, PostgreSQL refuses to, and setpriv (util-linux) is not installed to run it as the user nobody: %v", err)
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		return runner{}, fmt.Errorf("the tests run as root, PostgreSQL refuses to, and there is no user nobody to run it as: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return runner{setpriv: setpriv, asNobody: true, uid: uid, gid: gid}, nil
}

// own gives dir to the runner's user, readable by it alone.
func (r runner) own(dir string) error {
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	if !r.asNobody {
		return nil
	}
	return os.Chown(dir, r.uid, r.gid)
}

// command returns the command that runs program as the runner's user,
// sent SIGQUIT (PostgreSQL's immediate shutdown) if the test process dies
// first.
func (r runner) command(program string, args ...string) *exec.Cmd {
	env := append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	if r.setpriv == "" {
		cmd := exec.Command(program, args...)
		cmd.Env = env
		return cmd
	}
	var pre []string
	if r.asNobody {
		pre = append(pre, "--reuid="+strconv.Itoa(r.uid), "--regid="+strconv.Itoa(r.gid), "--clear-groups")
		env = append(env, "HOME=/")
	}
	pre = append(pre, "--pdeathsig=QUIT", "--", program)
	cmd := exec.Command(r.setpriv, append(pre, args...)...)
	cmd.Env = env
	return cmd
}
