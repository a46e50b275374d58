package data

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDefaultPaths: where each system keeps the database and its backups
// when no --db is given, as the README's table says.
func TestDefaultPaths(t *testing.T) {
	for _, tc := range []struct {
		goos        string
		env         map[string]string
		db, backups string
		errSays     string
	}{
		{goos: "windows", env: map[string]string{"AppData": `C:\Users\ms.okafor\AppData\Roaming`, "HOME": `C:\Users\ms.okafor`},
			db: `C:\Users\ms.okafor\AppData\Roaming\Mentorbook\mentorbook.db`, backups: `C:\Users\ms.okafor\AppData\Roaming\Mentorbook\backups`},
		{goos: "windows", env: map[string]string{"AppData": `D:\Profiles\Åsa Öberg\AppData\Roaming\`},
			db: `D:\Profiles\Åsa Öberg\AppData\Roaming\Mentorbook\mentorbook.db`, backups: `D:\Profiles\Åsa Öberg\AppData\Roaming\Mentorbook\backups`},
		{goos: "windows", env: map[string]string{"HOME": `C:\Users\x`}, errSays: "%AppData% is not set"},
		{goos: "darwin", env: map[string]string{"HOME": "/Users/okafor", "XDG_CONFIG_HOME": "/Users/okafor/.xdg"},
			db: "/Users/okafor/Library/Application Support/Mentorbook/mentorbook.db", backups: "/Users/okafor/Library/Application Support/Mentorbook/backups"},
		{goos: "darwin", env: map[string]string{}, errSays: "$HOME is not set"},
		{goos: "linux", env: map[string]string{"HOME": "/home/okafor"},
			db: "/home/okafor/.config/Mentorbook/mentorbook.db", backups: "/home/okafor/.config/Mentorbook/backups"},
		{goos: "linux", env: map[string]string{"HOME": "/home/okafor", "XDG_CONFIG_HOME": "/srv/conf/"},
			db: "/srv/conf/Mentorbook/mentorbook.db", backups: "/srv/conf/Mentorbook/backups"},
		{goos: "linux", env: map[string]string{"HOME": "/home/okafor", "XDG_CONFIG_HOME": "conf"}, errSays: "$XDG_CONFIG_HOME is a relative path (conf)"},
		{goos: "linux", env: map[string]string{}, errSays: "neither $XDG_CONFIG_HOME nor $HOME is set"},
		{goos: "freebsd", env: map[string]string{"HOME": "/usr/home/okafor"},
			db: "/usr/home/okafor/.config/Mentorbook/mentorbook.db", backups: "/usr/home/okafor/.config/Mentorbook/backups"},
	} {
		db, backups, err := defaultPaths(tc.goos, func(k string) string { return tc.env[k] })
		if tc.errSays != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errSays) || !strings.Contains(err.Error(), "--db") {
				t.Errorf("%s %v: error %v, want one saying %q and pointing to --db", tc.goos, tc.env, err, tc.errSays)
			}
			continue
		}
		if err != nil || db != tc.db || backups != tc.backups {
			t.Errorf("%s %v:\n got %q, %q, %v\nwant %q, %q", tc.goos, tc.env, db, backups, err, tc.db, tc.backups)
		}
	}
}

// TestDefaultPathHere: on the system the tests run on, the written-out rules
// agree with Go's own os.UserConfigDir, DefaultPath creates the folder for
// its owner only, and the backups go where defaultPaths says.
func TestDefaultPathHere(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MENTORBOOK_DB", "")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	if runtime.GOOS == "windows" {
		t.Setenv("AppData", filepath.Join(home, "AppData", "Roaming"))
	}
	config, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	db, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(config, "Mentorbook", "mentorbook.db"); db != want {
		t.Errorf("DefaultPath() = %q, want %q (beside os.UserConfigDir)", db, want)
	}
	fi, err := os.Stat(filepath.Dir(db))
	if err != nil {
		t.Fatalf("DefaultPath did not create its folder: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("the Mentorbook folder has mode %v, want 0700", fi.Mode().Perm())
	}
	_, backups, _ := defaultPaths(runtime.GOOS, os.Getenv)
	if got, err := BackupDir(db); err != nil || got != backups {
		t.Errorf("BackupDir(%q) = %q, %v; want %q", db, got, err, backups)
	}

	t.Setenv("MENTORBOOK_DB", filepath.Join(home, "elsewhere.db"))
	if db, err := DefaultPath(); err != nil || db != filepath.Join(home, "elsewhere.db") {
		t.Errorf("with $MENTORBOOK_DB set, DefaultPath() = %q, %v", db, err)
	}
}
