package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// TestNotePrivate: a database that other users of the computer could read
// is made private when it is opened, and the window says so.
func TestNotePrivate(t *testing.T) {
	w := newSchool(t)
	path := w.store.Path()
	w.store.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _ := newTestUI(t, s, screenDashboard)
	u.start(screenDashboard)
	u.wait()
	said := strings.Join(overlayTexts(u), "\n")
	if !strings.Contains(said, "readable by you only") || !strings.Contains(said, path+" (was -rw-r--r--)") {
		t.Errorf("the window says %q; want it to say the database was made private", said)
	}
}

// overlayTexts lists the labels' texts of every dialog shown.
func overlayTexts(u *ui) []string {
	var out []string
	for _, ov := range u.win.Canvas().Overlays().List() {
		for _, o := range test.LaidOutObjects(ov) {
			if l, ok := o.(*widget.Label); ok {
				out = append(out, l.Text)
			}
		}
	}
	return out
}

// TestRestoreOtherSchoolAsks: File ▸ Restore with another school's backup
// asks first, naming both schools; Cancel leaves the window working with
// its school, and confirming restores the other school.
func TestRestoreOtherSchoolAsks(t *testing.T) {
	w := newSchool(t)
	other := newSchool(t)
	must(t, other.store, func(tx *data.Tx) error { return tx.SaveSchool(&data.School{Name: "Oakfield Academy", Paper: "A4"}) })
	backup := filepath.Join(t.TempDir(), "oakfield.db")
	if err := other.store.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, w.store, screenDashboard)
	for _, confirm := range []bool{false, true} {
		u.restore(backup, "")
		u.wait()
		said := strings.Join(overlayTexts(u), "\n")
		if !strings.Contains(said, "“Oakfield Academy”") || !strings.Contains(said, "“Ridgeway School”") {
			t.Fatalf("before restoring another school's backup the window says %q; want both schools named", said)
		}
		if !confirm {
			test.Tap(findButton(u, "Cancel"))
			u.wait()
			if err := w.store.View(context.Background(), func(*data.Tx) error { return nil }); err != nil {
				t.Fatalf("after Cancel the store does not answer: %v", err)
			}
			continue
		}
		test.Tap(findButton(u, "Replace “Ridgeway School”"))
		u.wait()
	}
	s, err := data.Open(w.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var name string
	s.View(context.Background(), func(tx *data.Tx) error {
		sc, err := tx.School()
		name = sc.Name
		return err
	})
	if name != "Oakfield Academy" || s.ID() != other.store.ID() {
		t.Errorf("after confirming, the database holds %q (%s); want Oakfield Academy (%s)", name, s.ID(), other.store.ID())
	}
}
