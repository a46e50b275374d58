package app

import (
	"context"
	"path/filepath"
	"testing"

	"mentorbook/data"
)

// TestRestoreFromMenu restores an encrypted backup the way File ▸ Restore
// does: a wrong passphrase restores nothing and leaves the window working;
// the right one replaces the database and asks the program to close.
func TestRestoreFromMenu(t *testing.T) {
	w := newSchool(t)
	backup := filepath.Join(t.TempDir(), "friday.db.age")
	if err := w.store.Backup(context.Background(), backup, data.BackupOptions{Passphrase: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, w.store, screenDashboard)
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
