package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorbook/data"
)

// TestRestoreFromMenu makes an encrypted backup and restores it the way
// File ▸ Encrypted backup and File ▸ Restore do: a wrong passphrase
// restores nothing and leaves the window working; the right one replaces
// the database and asks the program to close.
func TestRestoreFromMenu(t *testing.T) {
	w := newSchool(t)
	u, _ := newTestUI(t, w.store, screenDashboard)
	backup := filepath.Join(t.TempDir(), "friday.db.age")
	u.backup(backup, "correct horse battery")
	u.wait()
	if b, err := os.ReadFile(backup); err != nil || !strings.HasPrefix(string(b), "age-encryption.org/v1") {
		t.Fatalf("encrypted backup: %v; want an age file", err)
	}
	if len(u.dialogs) != 1 {
		t.Fatalf("dialogs after the backup = %d, want the one that says where it went", len(u.dialogs))
	}
	u.dialogs[0].Hide()
	u.dialogs = nil
	before := w.count(t, "students")
	must(t, w.store, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "S999", GivenName: "Added after the backup", Active: true})
	})

	u.restore(backup, "wrong wrong wrong")
	u.wait()
	if n := len(u.dialogs); n != 1 {
		t.Fatalf("dialogs after a wrong passphrase = %d, want the error", n)
	}
	if w.count(t, "students") != before+1 {
		t.Fatalf("after a wrong passphrase the store no longer answers as before")
	}
	u.dialogs[0].Hide()
	u.dialogs = nil

	u.restore(backup, "correct horse battery")
	u.wait()
	if err := w.store.View(context.Background(), func(*data.Tx) error { return nil }); err == nil {
		t.Error("the store is still open after the restore; the program must close and reopen the file")
	}
	s, err := data.Open(w.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.View(context.Background(), func(tx *data.Tx) error {
		_, err := tx.StudentBySchoolID("S999")
		return err
	})
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the student added after the backup: %v, want not found after the restore", err)
	}
	if len(u.dialogs) != 1 {
		t.Errorf("dialogs after the restore = %d, want the one that says Mentorbook will close", len(u.dialogs))
	}
}
