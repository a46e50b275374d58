package data_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// TestRoleCopyRefused: a mentor's or a reader's login that copies or
// backs up the server's database, or copies a file into it, is told in
// one sentence that this is the owner's or a coordinator's work, before
// anything is read or made; a coordinator's login backs it up.
func TestRoleCopyRefused(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "home.db")
	if _, err := data.Copy(ctx, sc.url, file); err != nil { // the owner's copy, a source for the copies into the server
		t.Fatal(err)
	}
	for _, login := range []string{sc.tanaka, sc.reader} {
		role := "mentor"
		if login == sc.reader {
			role = "reader"
		}
		url := pgtest.As(sc.url, login)
		out := filepath.Join(dir, login+".db")
		for _, tc := range []struct {
			what string
			run  func() error
			want string
		}{
			{"copy from the server", func() error { _, err := data.Copy(ctx, url, out); return err },
				"This is a " + role + "'s login, which does not see every record, so it cannot copy or back up the school's database: its owner or a coordinator does that."},
			{"backup of the server", func() error { _, err := data.BackupPostgres(ctx, url, out); return err },
				"This is a " + role + "'s login, which does not see every record, so it cannot copy or back up the school's database: its owner or a coordinator does that."},
			{"copy into the server", func() error { _, err := data.Copy(ctx, file, url); return err },
				"This is a " + role + "'s login, which may not write the school's records, so it cannot copy records into this database: its owner does that."},
		} {
			err := tc.run()
			if got := data.ErrorMessage(err); got != tc.want || !errors.Is(err, data.ErrNotAllowed) {
				t.Errorf("%s as a %s: %v, shown as %q; want %q", tc.what, role, err, got, tc.want)
			}
			if strings.Contains(data.ErrorMessage(err), "permission denied") {
				t.Errorf("%s as a %s shows the server's own words: %q", tc.what, role, data.ErrorMessage(err))
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s as a %s left %s: %v", tc.what, role, out, err)
			}
		}
	}
	if _, err := data.BackupPostgres(ctx, pgtest.As(sc.url, sc.coordinator), filepath.Join(dir, "coordinator.db")); err != nil {
		t.Errorf("a coordinator's backup of the server: %v", err)
	}
	// Into an empty database, a coordinator is told that copying in is
	// the owner's work (it may not take the tables' keys off), not what
	// adding logins needs.
	empty := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, empty); err != nil {
		t.Fatal(err)
	}
	if _, err := data.AddUser(ctx, empty, sc.coordinator, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	_, err := data.Copy(ctx, file, pgtest.As(empty, sc.coordinator))
	if msg := data.ErrorMessage(err); !strings.Contains(msg, "copying into a server is its owner's work") || strings.Contains(msg, "CREATEROLE") {
		t.Errorf("a coordinator's copy into an empty server database: %q", msg)
	}
}
