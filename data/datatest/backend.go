package datatest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// BackendVar names the database the tests of the data packages open:
// sqlite (the default) or postgres. `make test` runs those packages once
// with each.
const BackendVar = "MENTORBOOK_TEST_DB"

// Postgres reports whether the tests run on PostgreSQL. Any value but
// sqlite, postgres or none stops the tests in Main.
func Postgres() bool { return os.Getenv(BackendVar) == "postgres" }

// Why a test is in SQLiteOnly.
const (
	aboutBackup    = "a backup is SQLite's copy of the file; PostgreSQL's will be copy's snapshot (docs/POSTGRES.md step 7)"
	aboutRestore   = "restore puts a backup file in place of the database file"
	aboutHostile   = "files that are not Mentorbook databases, or damaged ones"
	aboutReadOnly  = "a read-only file or folder"
	aboutFullDisk  = "a full disk under the file"
	aboutModes     = "the modes of the file and its companions"
	aboutLeftovers = "what a killed run left beside the file"
	aboutOwnFiles  = "an output must not replace the database's files or backups"
	aboutUpgrade   = "upgrades of SQLite files from each older version (PostgreSQL's steps have their own tests)"
)

// SQLiteOnly are the tests about what only an SQLite file has: its bytes,
// its folder, its lock, its modes, SQLite's own backup and checks. They
// open files by path whatever the backend, so on PostgreSQL they would
// only repeat the sqlite run; Main leaves them out there. The key is the
// test's name, the value why it is about a file.
var SQLiteOnly = map[string]string{
	"TestBackupRestoreRoundTrip":                 aboutBackup,
	"TestBackupIsConsistentWhileWriting":         aboutBackup,
	"TestEncryptedBackup":                        aboutBackup,
	"TestAutoBackup":                             aboutBackup,
	"TestAutoBackupSkipsUnchangedAcrossSessions": aboutBackup,
	"TestBackupProgressAndCancel":                aboutBackup,
	"TestBackupNames":                            aboutBackup,
	"TestBackupsBelongToTheirDatabase":           aboutBackup,
	"TestImportBackupHoldsTheSchoolAsItWas":      aboutBackup,
	"TestPrepareRestoreWhileOpen":                aboutRestore,
	"TestRestoreChecksTablesFirst":               aboutRestore,
	"TestRestorePutsBackOnFailure":               aboutRestore,
	"TestRestoreReadsHeaderFirst":                aboutRestore,
	"TestRestoreOtherDatabase":                   aboutRestore,
	"TestRestoreBackupMadeBeforeIdentities":      aboutRestore,
	"TestCrashKillDuringBackupAndRestore":        "kills a backup and a restore of the file",
	"TestOpenRefusesHostileFiles":                aboutHostile,
	"TestOpenRefuses":                            "files that are not Mentorbook databases, or newer ones",
	"TestOpenRefusesReadOnly":                    aboutReadOnly,
	"TestOpenReadOnlyLeavesNoFiles":              aboutReadOnly,
	"TestOpenRefusesSecondWindow":                "the file's lock",
	"TestDiskFull":                               aboutFullDisk,
	"TestOpenOnAFullDisk":                        aboutFullDisk,
	"TestFilesArePrivate":                        aboutModes,
	"TestOpenCreatesPrivateFile":                 aboutModes,
	"TestOpenMakesFilesPrivate":                  aboutModes,
	"TestOpenRemovesLeftovers":                   aboutLeftovers,
	"TestOutputLeftoverRemovedAtOpen":            aboutLeftovers,
	"TestOutputFolder":                           aboutLeftovers,
	"TestOutputFolderRefusesTheDatabase":         aboutOwnFiles,
	"TestCheckOutput":                            aboutOwnFiles,
	"TestBackupRefusesTheDatabase":               aboutOwnFiles,
	"TestEraseStudent":                           "reads the file's bytes for the erased name (on PostgreSQL the server's files are its administrator's)",
	"TestIdentityOfOlderDatabase":                "a file made by a version before identities",
	"TestMigrations":                             aboutUpgrade,
	"TestSearchAfterUpgrade":                     aboutUpgrade,
	"TestGoalStatusesBackfilled":                 aboutUpgrade,
}

// Main runs a package's tests (see pgtest.Main). On PostgreSQL it leaves
// out the tests in SQLiteOnly, through -test.skip, and says so on stderr.
func Main(m *testing.M) {
	switch b := os.Getenv(BackendVar); b {
	case "", "sqlite", "postgres":
	default:
		fmt.Fprintf(os.Stderr, "%s=%q: give sqlite or postgres\n", BackendVar, b)
		os.Exit(2)
	}
	if Postgres() {
		flag.Parse()
		var names []string
		for name := range SQLiteOnly {
			names = append(names, name)
		}
		sort.Strings(names)
		skip := "^(" + strings.Join(names, "|") + ")$"
		if given := flag.Lookup("test.skip").Value.String(); given != "" {
			skip = given + "|" + skip
		}
		flag.Set("test.skip", skip)
		fmt.Fprintf(os.Stderr, "datatest: on PostgreSQL; %d tests about the SQLite file are the sqlite run's (datatest.SQLiteOnly)\n", len(names))
	}
	pgtest.Main(m)
}

// templateDB is the PostgreSQL database with the newest schema that each
// test's database is copied from: migrating once, not in every test.
const templateDB = "mentorbook_template"

// NewDB returns the name of a new, empty Mentorbook database for the
// test, on the backend the tests run on: a file in the test's folder, or
// a PostgreSQL database with the schema (as `server init` makes it),
// dropped when the test ends. A missing PostgreSQL fails the test.
func NewDB(tb testing.TB) string {
	tb.Helper()
	if !Postgres() {
		return filepath.Join(tb.TempDir(), "mentorbook.db")
	}
	return NewPostgres(tb)
}

// NewPostgres returns the URL of a new PostgreSQL database with the
// schema, as NewDB gives on PostgreSQL, whatever the tests run on: for a
// test about the server itself (the window on a server).
func NewPostgres(tb testing.TB) string {
	tb.Helper()
	err := pgtest.Template(templateDB, func(url string) error {
		if _, _, err := data.InitPostgres(context.Background(), url); err != nil {
			return err
		}
		// server init gives a database its identity (the settings row
		// database_id); each copy of the template gets its own when the
		// store first opens it, as a new database would.
		db, err := sql.Open("pgx", url)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Exec(`DELETE FROM settings WHERE key = 'database_id'`)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pgtest.NewDatabaseFrom(tb, templateDB)
}

// RawDB opens the database s works on through database/sql directly, for a
// test that checks the store's answers with SQL of its own, closed when
// the test ends. Its placeholders are $1, $2, … in order of first use,
// which SQLite reads as PostgreSQL does.
func RawDB(tb testing.TB, s *data.Store) *sql.DB {
	tb.Helper()
	driver, name := "sqlite3", "file:"+s.Path()+"?mode=ro"
	if data.IsPostgres(s.Path()) {
		driver, name = "pgx", s.Path()
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
