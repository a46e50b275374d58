// Package data keeps Mentorbook's records in one SQLite file. It owns the
// schema, the migrations and every SQL statement, and it enforces the rules a
// school depends on (validation, consent, vetting) whoever calls it: the
// window, the command line or an import.
package data

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

// ApplicationID marks a SQLite file as Mentorbook's (PRAGMA application_id),
// so that a database of another program is never changed by mistake.
const ApplicationID = 0x4D4E5442 // "MNTB"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the schema steps in order. The schema version of a database
// is the number of steps applied; new steps only ever go at the end.
var migrations = loadMigrations(migrationFiles, "migrations")

// loadMigrations reads the steps in folder dir of files, in name order.
func loadMigrations(files embed.FS, dir string) []string {
	names, err := files.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	var steps []string
	for _, n := range names {
		b, err := files.ReadFile(dir + "/" + n.Name())
		if err != nil {
			panic(err)
		}
		steps = append(steps, string(b))
	}
	return steps
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations) }

// Sentinel errors for files Open refuses. The file is left untouched.
var (
	ErrNotSQLite = errors.New("this file is not a Mentorbook database (it is not an SQLite database at all)")
	ErrNotOurs   = errors.New("this file is an SQLite database of another program, not a Mentorbook database")
	ErrNewer     = errors.New("this database was made by a newer version of Mentorbook; install the newer version to open it")
	ErrCorrupt   = errors.New("this database is damaged (its integrity check failed)")
	ErrReadOnly  = errors.New("this database cannot be written (the file or its folder is read-only)")
)

// Store is an open Mentorbook database.
type Store struct {
	path    string
	dialect dialect
	id      string  // see ID
	role    string  // see Role; "" for a file and a login of no role
	wdb     *sql.DB // one connection, BEGIN IMMEDIATE: writers queue here instead of failing busy
	rdb     *sql.DB // readers, which in WAL mode never wait for the writer

	// Now is the clock; tests replace it.
	Now func() time.Time
	// User is who the audit log names: the operating-system user, or on
	// PostgreSQL the database login (current_user).
	User string
	// BeforeMigrate runs before a database that holds data is migrated to
	// a newer schema: by default BackupBeforeMigrate, so that no upgrade
	// ever happens without a verified copy of what was there.
	BeforeMigrate func(path string) error

	lock *fileLock  // held while open: one Mentorbook process per database (see ErrInUse)
	auto autoBackup // what the automatic backups have already saved
	own  ownLines   // the audit lines this Store wrote, which Changes does not count

	madePrivate []string // see MadePrivate
}

// Options adjust Open.
type Options struct {
	// BeforeMigrate, when set, replaces BackupBeforeMigrate (a file only).
	BeforeMigrate func(path string) error
	// Password is the PostgreSQL login's password, when the URL,
	// PGPASSWORD and the password file give none (the window asks for it
	// after ErrNeedPassword). It is kept only in the connection pool's
	// configuration: never in Path, never logged.
	Password string
}

// Open opens the database at path, creating it (mode 0600) if it does not
// exist, and migrates it to the newest schema. A file that is not ours, is
// newer than this program, or is damaged is refused and left unchanged.
// A PostgreSQL URL (IsPostgres) opens that database, whose schema its
// owner made with InitPostgres; of Options only Password applies to it.
func Open(path string, opts ...Options) (*Store, error) {
	if IsPostgres(path) {
		var password string
		for _, o := range opts {
			password = o.Password
		}
		return openPostgres(path, password)
	}
	return open(path, nil, opts...)
}

// open is Open for a caller that may already hold the database's lock
// (Restore); held is then kept and released by Close.
func open(path string, held *fileLock, opts ...Options) (*Store, error) {
	s := &Store{path: path, Now: time.Now, User: currentUser(), BeforeMigrate: BackupBeforeMigrate}
	for _, o := range opts {
		if o.BeforeMigrate != nil {
			s.BeforeMigrate = o.BeforeMigrate
		}
	}
	created, err := createFile(path)
	if err != nil {
		return nil, err
	}
	// The file's own lock comes before SQLite reads it: another process
	// may have it open under another name (a hard link), and SQLite would
	// give it a second -wal and -shm under this one.
	var file *os.File
	if held == nil {
		if file, err = lockInode(path); err != nil {
			return nil, lockErr(err)
		}
		defer func() {
			if s.lock == nil && file != nil {
				file.Close() // refused before the lock was whole
			}
		}()
	}
	if !created {
		// The header first, then whether the file may be written, and only
		// then SQLite: reading a WAL file makes its -shm and -wal, which a
		// file that is refused as read-only must not gain.
		head, err := inspectHeader(path)
		if err != nil {
			return nil, err
		}
		if err := checkWritable(path); err != nil {
			return nil, err
		}
		if err := inspectSQL(path, head); err != nil {
			return nil, err
		}
	}
	// fail undoes a half-done open; a lock the caller holds stays with it.
	fail := func(err error) (*Store, error) {
		if held != nil {
			s.lock = nil
		}
		s.Close()
		if created {
			os.Remove(path)
		}
		return nil, err
	}
	if s.lock = held; held == nil {
		lock, err := lockName(path, file)
		if err != nil {
			file = nil      // lockName closed it
			return nil, err // an empty file we created stays: it may be the other process's now
		}
		s.lock = lock
	}
	// The file is ours and this process has it: what a killed run left
	// goes, and what others could read becomes private. A restore (held)
	// opens the file it has just put in place while it still keeps the
	// database it replaced under a temporary name.
	if held == nil {
		removeLeftovers(path, time.Now())
	}
	s.madePrivate = makePrivate(path)
	// No journal_mode here: a connection would switch the file to WAL as
	// it opens, before a refusal (a failed backup before an upgrade) could
	// leave it as it was. migrate switches it.
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "FULL")
	q.Set("_secure_delete", "on")
	q.Set("_cache_size", "-32000") // 32 MB of pages: a large school's indexes stay in memory
	q.Set("_txlock", "immediate")
	if s.wdb, err = openDB(path, q.Encode()); err != nil {
		return fail(err)
	}
	s.wdb.SetMaxOpenConns(1)
	q.Set("_txlock", "deferred")
	q.Set("_query_only", "on")
	if s.rdb, err = openDB(path, q.Encode()); err != nil {
		return fail(err)
	}
	if err := s.migrate(); err != nil {
		return fail(err)
	}
	if err := s.ensureID(); err != nil {
		return fail(classifyOpenErr(err))
	}
	return s, nil
}

func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// createFile makes an empty database file readable by its owner only. SQLite
// gives its -wal and -shm files the same mode.
func createFile(path string) (created bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		if isReadOnly(err) {
			return false, fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
		return false, fmt.Errorf("cannot create the database: %w", err)
	}
	return true, f.Close()
}

// sqliteHeader reads the 100-byte header of the file at path (fewer bytes
// for a shorter file) and whether it begins as an SQLite database does.
func sqliteHeader(path string) (head []byte, isSQLite bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	head = make([]byte, 100)
	n, _ := io.ReadFull(f, head)
	return head[:n], n == 100 && bytes.HasPrefix(head, []byte("SQLite format 3\x00")), nil
}

// inspect looks at an existing file without writing to it: the header, the
// application ID, the schema version, the schema itself and SQLite's quick
// check.
func inspect(path string) error {
	head, err := inspectHeader(path)
	if err != nil {
		return err
	}
	return inspectSQL(path, head)
}

// inspectHeader reads the file's header and refuses a file that is not
// SQLite at all. An empty file (a database created but never written) has
// an empty header.
func inspectHeader(path string) (head []byte, err error) {
	head, isSQLite, err := sqliteHeader(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the database: %w", err)
	}
	if len(head) > 0 && !isSQLite {
		return nil, ErrNotSQLite
	}
	return head, nil
}

// inspectSQL is inspect's part that reads the file through SQLite.
//
// mode=ro changes nothing in the file, and a hot WAL is read, not replayed
// into it; but reading a WAL-mode file makes its -wal and -shm, which a
// file that is then refused must not gain. Without a -wal no connection
// has the file open (SQLite makes the -wal before anything can be read or
// written), so the file alone is the database and is read as immutable,
// which makes nothing. Should a -wal appear meanwhile, another program
// opened the file as it was being read, and it is read again as usual.
func inspectSQL(path string, head []byte) error {
	if len(head) == 0 {
		return nil
	}
	if err := recoverJournal(path, head); err != nil {
		return err
	}
	params := readOnlyParams(path, head)
	err := inspectDB(path, head, params)
	if strings.Contains(params, "immutable") && exists(path+"-wal") {
		err = inspectDB(path, head, "mode=ro&_busy_timeout=10000")
	}
	return err
}

// recoverJournal lets SQLite roll back what a run killed in the middle of
// a write in rollback-journal mode left half-done (switching a file to WAL
// is such a write), which a read-only connection cannot: it would call the
// file damaged. Only a file whose header says it is ours is touched.
func recoverJournal(path string, head []byte) error {
	fi, err := os.Stat(path + "-journal")
	if err != nil || fi.Size() == 0 || binary.BigEndian.Uint32(head[68:]) != ApplicationID {
		return nil
	}
	db, err := openDB(path, "_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, classifyOpenErr(err))
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// inspectDB is inspectSQL's reading, with the URI parameters given.
func inspectDB(path string, head []byte, params string) error {
	db, err := openDB(path, params)
	if err != nil {
		return err
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		// Reading a WAL database needs its -shm, which a read-only folder
		// cannot hold: that is not damage.
		if werr := checkWritable(path); errors.Is(werr, ErrReadOnly) {
			return werr
		}
		return damaged(err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return damaged(err)
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return damaged(err)
	}
	switch {
	case appID != ApplicationID && (tables > 0 || version > 0):
		return ErrNotOurs
	case version > SchemaVersion():
		return fmt.Errorf("%w (its schema is version %d; this program knows up to %d)", ErrNewer, version, SchemaVersion())
	}
	if err := checkSchema(context.Background(), db, version); err != nil {
		return err
	}
	// A file not yet in WAL mode (a copied backup, another tool's copy) is
	// about to have its header rewritten by Open, so it gets the full check
	// first; our own WAL-mode file is not written by opening it.
	check := "PRAGMA quick_check"
	if head[18] != 2 {
		check = "PRAGMA integrity_check"
	}
	var res string
	if err := db.QueryRow(check).Scan(&res); err != nil {
		return damaged(err)
	} else if res != "ok" {
		return fmt.Errorf("%w: %s", ErrCorrupt, res)
	}
	return nil
}

// migrate applies the missing schema steps, each in its own transaction.
func (s *Store) migrate() error {
	ctx := context.Background()
	var version int
	if err := s.wdb.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return classifyOpenErr(err)
	}
	if version > SchemaVersion() {
		return ErrNewer
	}
	if version > 0 && version < SchemaVersion() && s.BeforeMigrate != nil {
		if err := s.BeforeMigrate(s.path); err != nil {
			return fmt.Errorf("backup before upgrading the database failed, nothing was changed: %w", err)
		}
	}
	// WAL from the first write on, so that a run killed while migrating
	// leaves a WAL that the next open reads, not a rollback journal that a
	// read-only inspection cannot.
	if _, err := s.wdb.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		return classifyOpenErr(err)
	}
	for i := version; i < SchemaVersion(); i++ {
		tx, err := s.wdb.BeginTx(ctx, nil)
		if err != nil {
			return classifyOpenErr(err)
		}
		if _, err := tx.Exec(migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema step %d: %w", i+1, classifyOpenErr(err))
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", i+1, ApplicationID)); err != nil {
			tx.Rollback()
			return classifyOpenErr(err)
		}
		if err := tx.Commit(); err != nil {
			return classifyOpenErr(err)
		}
	}
	return nil
}

func classifyOpenErr(err error) error {
	if ferr := fileFault(err); ferr != nil {
		return ferr
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	case strings.Contains(msg, "malformed") || strings.Contains(msg, "not a database"):
		return damaged(err)
	case strings.Contains(msg, "disk is full"):
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	var err error
	if s.rdb != nil {
		err = s.rdb.Close()
	}
	if s.wdb != nil {
		err = errors.Join(err, s.wdb.Close())
	}
	// The lock goes last, when SQLite has checkpointed and let the file go.
	return errors.Join(err, s.lock.release())
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// SchemaVersion returns the database's schema version.
func (tx *Tx) SchemaVersion() (int, error) {
	if tx.dialect == postgresDialect {
		return tx.scalar(`SELECT version FROM mentorbook_schema`)
	}
	return tx.scalar(`PRAGMA user_version`)
}

// IntegrityCheck runs SQLite's full integrity and foreign-key checks and
// returns the problems found; none means the file is sound. On PostgreSQL
// the server enforces foreign keys and owns its pages: there is nothing
// of the kind to check from here yet (amcheck is step 6 of
// docs/POSTGRES.md), so it finds no problems.
func (tx *Tx) IntegrityCheck() ([]string, error) {
	if tx.dialect == postgresDialect {
		return nil, nil
	}
	problems, err := tx.strings(`PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	if len(problems) == 1 && problems[0] == "ok" {
		problems = nil
	}
	rows, err := tx.query(`PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("%s row %v refers to a missing %s", table, rowid, parent))
	}
	return problems, rows.Err()
}

// RecordCount returns how many students, guardians and mentors the
// database holds: zero means a new, empty school.
func (tx *Tx) RecordCount() (int, error) {
	return tx.scalar(`SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM guardians) + (SELECT count(*) FROM mentors)`)
}
