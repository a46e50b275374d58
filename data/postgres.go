// PostgreSQL as the shared database: a database named by a URL instead of a
// file's path. The schema is created and upgraded there by its owner
// (InitPostgres, `mentorbook server init`), never by Open; Open works on
// it through the same Store and Tx as on a file, with the dialect putting
// statements in PostgreSQL's words. What remains is listed in
// docs/POSTGRES.md.

package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also database/sql's "pgx" driver
)

// ErrPostgresUnfinished refuses a PostgreSQL database where the program
// cannot work on one yet (restore, the window, most commands). Nothing is
// created or changed, on the server or on disk.
var ErrPostgresUnfinished = errors.New("PostgreSQL support is not finished in this version; give a database file (a path) instead")

// ErrPostgresRestore refuses a restore onto a PostgreSQL database: a
// backup is an SQLite file, restored into a file and then copied into an
// empty server database, so that the server is never half replaced.
var ErrPostgresRestore = errors.New("a backup is restored into a database file, not onto a server: restore it into a file (mentorbook --db FILE restore BACKUP), then copy that file into an empty server database (mentorbook --db FILE copy --to URL)")

// ErrPostgresBackup refuses a backup of a PostgreSQL database into a
// backups folder, which a server has not: its backup (BackupPostgres's
// SQLite snapshot, Store.Backup) goes where the person chooses.
var ErrPostgresBackup = errors.New("a PostgreSQL database has no backups folder; choose where to save its backup (File ▸ Encrypted backup…, or mentorbook --db URL backup --out FILE)")

// Refusals of a PostgreSQL database by InitPostgres and PostgresVersion.
// Nothing is changed in the database.
var (
	ErrNoSchema      = errors.New("this PostgreSQL database has no Mentorbook schema; its owner creates it with: mentorbook --db URL server init")
	ErrOlderSchema   = errors.New("this PostgreSQL database has an older Mentorbook schema; its owner upgrades it with: mentorbook --db URL server init")
	ErrForeignTables = errors.New("this PostgreSQL database holds tables of another program; give Mentorbook an empty database of its own")
)

//go:embed migrations/postgres/*.sql
var postgresMigrationFiles embed.FS

// postgresMigrations are the PostgreSQL twins of migrations, step for
// step: the same number, the same name, the same schema in PostgreSQL's
// words (a test compares them).
var postgresMigrations = loadMigrations(postgresMigrationFiles, "migrations/postgres")

// versionTable is what PRAGMA user_version and application_id are to an
// SQLite file: one row, written in the same transaction as each schema
// step (PostgreSQL's DDL is transactional).
const versionTable = `CREATE TABLE mentorbook_schema (
	application text NOT NULL CHECK (application = 'mentorbook'),
	version     integer NOT NULL
);
CREATE UNIQUE INDEX mentorbook_schema_one_row ON mentorbook_schema ((true));
INSERT INTO mentorbook_schema (application, version) VALUES ('mentorbook', 0)`

// initLock is the advisory lock two `server init`s at once queue on.
const initLock = 0x4D4E5442 // "MNTB", as ApplicationID

// IsPostgres reports whether db names a PostgreSQL database, a
// postgres:// or postgresql:// URL as libpq writes them, rather than an
// SQLite file.
func IsPostgres(db string) bool {
	scheme, _, ok := strings.Cut(db, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// HidePassword returns db as it may be shown or logged: a URL's password, in
// its user part or its password parameter, replaced by xxxxx. A path is
// returned as it is.
func HidePassword(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "a PostgreSQL database (its address could not be read)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// The login refused, or not reached, when connecting (Open, copy, backup).
// Nothing was changed anywhere.
var (
	// ErrNeedPassword: the server asks for a password and neither the URL,
	// PGPASSWORD nor the password file (PGPASSFILE, ~/.pgpass) gives one.
	// The window asks for it (Options.Password).
	ErrNeedPassword = errors.New("the PostgreSQL server asks for a password for this login: the window asks for it; a command finds it in ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD")
	// ErrWrongPassword: the server refused the password given (or there
	// is no such login: the server does not say which).
	ErrWrongPassword = errors.New("the PostgreSQL server refused the login: the password is wrong, or there is no such login")
	// ErrUnreachable: the server could not be reached, or the connection
	// was lost, before the work committed: the transaction was rolled back
	// by the server. (A commit whose answer was lost may have committed:
	// see LogMeetingAgain.)
	ErrUnreachable = errors.New("the server cannot be reached; nothing was saved")
)

// ServerOf names the PostgreSQL database at dbURL for a person: its
// server and database ("db.school.example:5432, database mentorbook", or
// the local socket's folder), and the login it connects as, with libpq's
// environment and defaults applied as connecting does. Never a password.
func ServerOf(dbURL string) (server, login string) {
	cfg, err := pgconn.ParseConfig(dbURL)
	if err != nil {
		return HidePassword(dbURL), ""
	}
	host := fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	if strings.HasPrefix(cfg.Host, "/") {
		host = "the local socket in " + cfg.Host
	}
	return host + ", database " + cfg.Database, cfg.User
}

// connectPostgres opens the database at dbURL and makes sure the server
// answers. libpq's environment (PGHOST, PGUSER, PGPASSFILE and ~/.pgpass,
// PGSSLMODE, PGSERVICE) fills in what the URL leaves out.
func connectPostgres(ctx context.Context, dbURL string) (*sql.DB, error) {
	return connectPostgresWith(ctx, dbURL, "")
}

// connectPostgresWith is connectPostgres with password, when not empty,
// used instead of any the URL or libpq's environment give. It is kept in
// the pool's configuration only, never in the Store's path.
func connectPostgresWith(ctx context.Context, dbURL, password string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, connectErr(dbURL, false, err)
	}
	if password != "" {
		cfg.Password = password
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, connectErr(dbURL, cfg.Password != "", err)
	}
	return db, nil
}

// connectErr says in one sentence why the database at dbURL cannot be
// reached: an address that cannot be read, a login or database the server
// refuses, or no server answering. pgx's own text (addresses tried, the
// dial error) goes to the log. hasPassword says whether a password was
// sent: a refused login without one asks for one (ErrNeedPassword).
func connectErr(dbURL string, hasPassword bool, err error) error {
	log.Printf("connecting to %s: %v", HidePassword(dbURL), err)
	var parse *pgconn.ParseConfigError
	var pg *pgconn.PgError
	switch {
	case errors.As(err, &parse):
		// Its text masks passwords only on a best-effort basis: not shown.
		return Errorf(EINVALID, "The PostgreSQL address %s cannot be read; write it as postgres://HOST:PORT/DATABASE.", HidePassword(dbURL))
	case errors.As(err, &pg) && pg.Code == "28P01" && !hasPassword:
		return &Error{Code: EINVALID, kind: ErrNeedPassword,
			Message: fmt.Sprintf("The PostgreSQL server at %s asks for a password: give it in ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD.", HidePassword(dbURL))}
	case errors.As(err, &pg) && pg.Code == "28P01":
		return &Error{Code: EINVALID, kind: ErrWrongPassword,
			Message: fmt.Sprintf("The PostgreSQL server at %s refused the login (%s).", HidePassword(dbURL), pg.Message)}
	case errors.As(err, &pg) && pg.Code == "28000":
		return Errorf(EINVALID, "The PostgreSQL server at %s refused the login (%s).", HidePassword(dbURL), pg.Message)
	case errors.As(err, &pg) && pg.Code == "3D000":
		return Errorf(ENOTFOUND, "The PostgreSQL server at %s has no such database (%s).", HidePassword(dbURL), pg.Message)
	case errors.As(err, &pg) && !lostConnection(err):
		return Errorf(EINVALID, "The PostgreSQL server at %s refused the connection (%s).", HidePassword(dbURL), pg.Message)
	}
	return &Error{Code: EINVALID, kind: ErrUnreachable,
		Message: fmt.Sprintf("Cannot connect to the PostgreSQL server at %s: it is not running, or cannot be reached from here.", HidePassword(dbURL))}
}

// lostConnection reports whether err says that the server could not be
// reached or the connection to it broke: a network error, the connection
// ended early, or the server's own "connection exception" and shutdown
// codes. Such a transaction did not commit, unless the commit itself was
// sent and its answer lost.
func lostConnection(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// 08: connection exception; 57P01–57P03: the server is shutting
		// down, crashed, or not accepting connections yet.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var netErr net.Error
	var connect *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connect) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// reaching runs a transaction (Update's or View's) on a server and turns
// a lost connection (lostConnection) into ErrUnreachable, pgx's text going
// to the log. The pool's idle connections are then let go, since they
// went the same way (a cut network, a restarted server) and would each
// fail the next transaction; one that failed before anything was sent
// (pgconn.SafeToRetry: nothing reached the server, fn did not run) is run
// again once on a new connection, so that the first save after the
// server is back does not fail on a connection that broke meanwhile.
func (s *Store) reaching(transaction func() error) error {
	err := transaction()
	if err == nil || s.dialect != postgresDialect || !lostConnection(err) {
		return err
	}
	s.dropIdle()
	if pgconn.SafeToRetry(err) {
		if err = transaction(); err == nil || !lostConnection(err) {
			return err
		}
		s.dropIdle()
	}
	log.Printf("the server %s cannot be reached: %v", HidePassword(s.path), err)
	return ErrUnreachable
}

// dropIdle closes the pool's idle connections (wdb and rdb are one pool on
// a server), keeping database/sql's usual number of them afterwards.
func (s *Store) dropIdle() {
	s.wdb.SetMaxIdleConns(0)
	s.wdb.SetMaxIdleConns(2) // database/sql's default
}

// InitPostgres creates Mentorbook's schema in the empty PostgreSQL
// database at dbURL, or upgrades it to this program's version, one step per
// transaction, then (re)makes the roles and the rules the server enforces
// for them (roles.sql), and returns the versions before and after. It is run by the
// database's owner (`mentorbook server init`); running it again changes
// nothing. A database that holds other tables, or a newer schema, is
// refused and left as it is.
func InitPostgres(ctx context.Context, dbURL string) (from, to int, err error) {
	return initPostgres(ctx, dbURL, SchemaVersion())
}

// initPostgres is InitPostgres up to version upTo (tests make older schemas).
func initPostgres(ctx context.Context, dbURL string, upTo int) (from, to int, err error) {
	if len(postgresMigrations) != len(migrations) {
		return 0, 0, fmt.Errorf("this program has %d PostgreSQL schema steps for %d SQLite ones", len(postgresMigrations), len(migrations))
	}
	db, err := connectPostgres(ctx, dbURL)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	for first := true; ; first = false {
		before, after, err := initStep(ctx, db, upTo)
		if first {
			from = before
		}
		to = after
		if err != nil {
			return from, after, err
		}
		if after == before {
			break
		}
	}
	if to == SchemaVersion() {
		// The roles and their rules, renewed on every run: a new program
		// may change them without a schema step.
		return from, to, setRoles(ctx, db)
	}
	return from, to, nil
}

// initStep applies the schema step after the database's version, if that
// is below upTo, and returns the versions before and after.
func initStep(ctx context.Context, db *sql.DB, upTo int) (before, after int, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, initLock); err != nil {
		return 0, 0, err
	}
	version, err := postgresVersion(ctx, tx)
	if errors.Is(err, ErrNoSchema) && upTo > 0 {
		if _, err = tx.ExecContext(ctx, versionTable); err != nil {
			return 0, 0, err
		}
	}
	if err != nil || version >= upTo {
		return version, version, err
	}
	if _, err := tx.ExecContext(ctx, rolesDrop); err != nil {
		return version, version, fmt.Errorf("before schema step %d: %w", version+1, err)
	}
	if _, err := tx.ExecContext(ctx, postgresMigrations[version]); err != nil {
		return version, version, fmt.Errorf("schema step %d: %w", version+1, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE mentorbook_schema SET version = $1`, version+1); err != nil {
		return version, version, err
	}
	return version, version + 1, tx.Commit()
}

// PostgresVersion returns the schema version of the PostgreSQL database at
// dbURL: ErrNoSchema for an empty database, ErrForeignTables for one that
// holds only other tables, ErrNewer for a newer schema.
func PostgresVersion(ctx context.Context, dbURL string) (int, error) {
	db, err := connectPostgres(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	return postgresVersion(ctx, tx)
}

// postgresVersion reads the version row, in the schema the connection
// works in (the first of its search_path that exists, usually public).
func postgresVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var hasTable bool
	var others int
	err := tx.QueryRowContext(ctx, `SELECT to_regclass('mentorbook_schema') IS NOT NULL,
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))`).Scan(&hasTable, &others)
	switch {
	case err != nil:
		return 0, err
	case !hasTable && others > 0:
		return 0, ErrForeignTables
	case !hasTable:
		return 0, ErrNoSchema
	}
	var app string
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT application, version FROM mentorbook_schema`).Scan(&app, &version); err != nil {
		return 0, fmt.Errorf("%w (its version row cannot be read: %v)", ErrForeignTables, err)
	}
	if version > SchemaVersion() {
		return version, fmt.Errorf("%w (its schema is version %d; this program knows up to %d)", ErrNewer, version, SchemaVersion())
	}
	return version, nil
}

// openPostgres is Open for a PostgreSQL URL. Nothing of an SQLite file's
// care applies: no lock file (many laptops work on the database at once),
// no leftovers, no private modes, no backup before an upgrade, because
// Open never migrates here: the schema is its owner's (server init), and a
// day-to-day login may not be allowed to change it.
func openPostgres(dbURL, password string) (*Store, error) {
	ctx := context.Background()
	// What a killed encrypted backup of a server left: the next run
	// removes it too, but may be weeks away.
	removeAbandonedSnapshots(os.TempDir())
	db, err := connectPostgresWith(ctx, dbURL, password)
	if err != nil {
		return nil, err
	}
	s := &Store{path: dbURL, dialect: postgresDialect, wdb: db, rdb: db, Now: time.Now}
	fail := func(err error) (*Store, error) {
		db.Close()
		return nil, err
	}
	// The schema exactly as its version writes it (checkPostgresSchema),
	// as Open checks a file's.
	version, err := postgresSchemaVersion(ctx, db)
	if err != nil {
		return fail(err)
	}
	if version < SchemaVersion() {
		return fail(fmt.Errorf("%w (its schema is version %d; this program writes %d)", ErrOlderSchema, version, SchemaVersion()))
	}
	// The audit log names the database login, which is who the server
	// knows, not the laptop's user.
	if err := db.QueryRowContext(ctx, `SELECT current_user`).Scan(&s.User); err != nil {
		return fail(err)
	}
	if s.role, err = loginRole(ctx, db); err != nil {
		return fail(err)
	}
	if err := s.ensureID(); err != nil {
		return fail(err)
	}
	return s, nil
}
