// Where the database lives on each system, and which SQLite the program
// carries: what an installed program needs to know about the machine.

package data

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// DefaultPath returns where the database lives when no --db is given:
// $MENTORBOOK_DB, or mentorbook.db in a Mentorbook folder in the user's
// application-data folder (see defaultPaths), created readable by its owner
// only. Automatic backups go to the backups folder beside it (BackupDir).
func DefaultPath() (string, error) {
	if p := os.Getenv("MENTORBOOK_DB"); p != "" {
		return p, nil
	}
	db, _, err := defaultPaths(runtime.GOOS, os.Getenv)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
		return "", err
	}
	return db, nil
}

// defaultPaths returns the default database file and its backups folder on
// the operating system goos, reading the environment through getenv. The
// folder is the one os.UserConfigDir gives (a test checks that they agree
// on the system the tests run on); it is written out here so that the
// rules of every system can be tested on any of them:
//
//	Windows  %AppData%\Mentorbook\mentorbook.db (the roaming profile, where Windows programs keep settings)
//	macOS    $HOME/Library/Application Support/Mentorbook/mentorbook.db
//	others   $XDG_CONFIG_HOME/Mentorbook/mentorbook.db, or $HOME/.config/Mentorbook/mentorbook.db
func defaultPaths(goos string, getenv func(string) string) (db, backups string, err error) {
	var base string
	sep := "/"
	switch goos {
	case "windows":
		sep = `\`
		if base = getenv("AppData"); base == "" {
			return "", "", errors.New("%AppData% is not set, so the application-data folder is unknown; give the database with --db")
		}
	case "darwin", "ios":
		if base = getenv("HOME"); base == "" {
			return "", "", errors.New("$HOME is not set, so the application-data folder is unknown; give the database with --db")
		}
		base += "/Library/Application Support"
	default:
		if base = getenv("XDG_CONFIG_HOME"); base == "" {
			if base = getenv("HOME"); base == "" {
				return "", "", errors.New("neither $XDG_CONFIG_HOME nor $HOME is set, so the application-data folder is unknown; give the database with --db")
			}
			base += "/.config"
		} else if !strings.HasPrefix(base, "/") {
			return "", "", errors.New("$XDG_CONFIG_HOME is a relative path (" + base + "); it must be absolute, or give the database with --db")
		}
	}
	dir := strings.TrimRight(base, sep) + sep + "Mentorbook"
	return dir + sep + "mentorbook.db", dir + sep + "backups", nil
}

// SQLiteVersion is the version of the SQLite library compiled into the
// program (go-sqlite3 carries its own, so it is the same on every system).
func SQLiteVersion() string {
	v, _, _ := sqlite3.Version()
	return v
}
