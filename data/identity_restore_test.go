package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// schoolDB opens a new database named name.db in dir for a school called
// name, with n meetings logged, and returns it open.
func schoolDB(t *testing.T, dir, name string, n int) *world {
	t.Helper()
	w := newWorld(t)
	w.s.Close()
	path := filepath.Join(dir, strings.ReplaceAll(strings.ToLower(name), " ", "-")+".db")
	b, err := os.ReadFile(w.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	rawExec(t, path, `DELETE FROM settings WHERE key = 'database_id'`) // a database of its own, not a copy
	if w.s, err = data.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.s.Close() })
	w.s.Now = func() time.Time { return today }
	update(t, w.s, func(tx *data.Tx) error { return tx.SaveSchool(&data.School{Name: name, Paper: "A4"}) })
	w.logMeetings(t, n, "")
	return w
}

// backupAt takes an automatic backup of w as if at time at.
func backupAt(t *testing.T, w *world, at time.Time) string {
	t.Helper()
	w.s.Now = func() time.Time { return at }
	defer func() { w.s.Now = func() time.Time { return today } }()
	update(t, w.s, func(tx *data.Tx) error { // a change, so that AutoBackup takes one
		return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: at.Add(-time.Hour), Minutes: 30, Kind: "one-to-one", Status: data.MeetingHeld})
	})
	p, err := w.s.AutoBackup(context.Background())
	if err != nil || p == "" {
		t.Fatalf("AutoBackup = %q, %v", p, err)
	}
	return p
}

// TestBackupNames: a backup is named by its school, for people, and by
// the first digits of its database's identity, for the program.
func TestBackupNames(t *testing.T) {
	w := schoolDB(t, t.TempDir(), "Hillside Primary", 1)
	update(t, w.s, func(tx *data.Tx) error {
		return tx.SaveSchool(&data.School{Name: "St. Zoë's  C/E Academy: Nørth", Paper: "A4"})
	})
	p := backupAt(t, w, time.Date(2026, 3, 11, 14, 0, 0, 0, time.Local))
	want := "mentorbook-st-zoe-s-c-e-academy-north-" + w.s.ID()[:8] + "-2026-03-11T140000.db"
	if filepath.Base(p) != want {
		t.Errorf("AutoBackup named the file %s, want %s", filepath.Base(p), want)
	}
	manual, err := w.s.NewBackupPath(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(filepath.Base(manual), "-"+w.s.ID()[:8]+"-") || !strings.HasSuffix(manual, ".db.age") {
		t.Errorf("NewBackupPath = %s, want the identity in the name and .db.age", manual)
	}
	bs, err := data.Backups(w.s.Path())
	if err != nil || len(bs) != 1 {
		t.Fatalf("Backups = %+v, %v", bs, err)
	}
	if !bs[0].Of(w.s.ID()) || !bs[0].Automatic || bs[0].Database != w.s.ID()[:8] {
		t.Errorf("Backups()[0] = %+v, want an automatic backup of %s", bs[0], w.s.ID())
	}
}

// TestBackupsBelongToTheirDatabase: two schools' databases in one folder
// share its backups folder. When one is damaged, only its own backups are
// offered (the other's newer one used to be, and restoring it replaced
// school A with school B), even when SQLite cannot read the damaged file;
// and rotating one's backups never removes the other's.
func TestBackupsBelongToTheirDatabase(t *testing.T) {
	dir := t.TempDir()
	a := schoolDB(t, dir, "Ashgrove School", 30)
	b := schoolDB(t, dir, "Birchfield School", 5)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.Local) }
	// B's first backup is an hour before A's of the same day: rotated
	// together, A's would stand for that day and B's would go.
	firstB := backupAt(t, b, day(2).Add(-time.Hour))
	var ownA string
	for d := 1; d <= 20; d++ {
		ownA = backupAt(t, a, day(d))
	}
	newestB := backupAt(t, b, day(25))
	aPath, aID := a.s.Path(), a.s.ID()
	a.s.Close()
	if _, err := os.Stat(firstB); err != nil {
		t.Errorf("B's backup was rotated away with A's: %v", err)
	}

	for _, tc := range []struct {
		name   string
		damage func(b []byte)
	}{
		{"PagesOverwritten", func(b []byte) {
			for k := 1; k < len(b)/4096; k += 2 {
				copy(b[k*4096+100:], strings.Repeat("\xA5", 1000))
			}
		}},
		// SQLite cannot read this one at all; the identity is found in its bytes.
		{"HeaderDestroyed", func(b []byte) { copy(b[16:100], make([]byte, 84)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good, err := os.ReadFile(aPath)
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(aPath, good, 0o600)
			bad := append([]byte{}, good...)
			tc.damage(bad)
			os.WriteFile(aPath, bad, 0o600)
			if _, err := data.Open(aPath); err == nil {
				t.Fatal("the damaged file opened")
			}
			got, err := data.NewestBackup(aPath)
			if err != nil || got != ownA {
				t.Errorf("NewestBackup(damaged A) = %s, %v; want A's own %s, not B's newer %s", filepath.Base(got), err, filepath.Base(ownA), filepath.Base(newestB))
			}
		})
	}
	// A file whose identity cannot be found is offered nothing.
	os.WriteFile(filepath.Join(dir, "lost.db"), []byte(strings.Repeat("gone ", 1000)), 0o600)
	if got, err := data.NewestBackup(filepath.Join(dir, "lost.db")); got != "" || err != nil {
		t.Errorf("NewestBackup(a file without identity) = %q, %v; want none", got, err)
	}
	s, err := data.Open(aPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ID() != aID {
		t.Errorf("A's identity changed: %s, was %s", s.ID(), aID)
	}
}

// TestRestoreOtherDatabase: a backup of another database is refused
// without a confirmation that names both schools, and nothing changes; with
// it, the restore goes ahead. A database's own backup keeps its identity.
func TestRestoreOtherDatabase(t *testing.T) {
	dir := t.TempDir()
	a := schoolDB(t, dir, "Ashgrove School", 30)
	b := schoolDB(t, dir, "Birchfield School", 5)
	ctx := context.Background()
	ownA, otherB := filepath.Join(t.TempDir(), "a.db"), filepath.Join(t.TempDir(), "b.db")
	if err := a.s.Backup(ctx, ownA); err != nil {
		t.Fatal(err)
	}
	if err := b.s.Backup(ctx, otherB); err != nil {
		t.Fatal(err)
	}
	aPath, aID, bID := a.s.Path(), a.s.ID(), b.s.ID()
	a.logMeetings(t, 2, "after the backup")
	a.s.Close()

	sum := fileSum(t, aPath)
	err := data.Restore(ctx, aPath, otherB)
	var other *data.OtherDatabaseError
	if !errors.As(err, &other) || !errors.Is(err, data.ErrOtherDatabase) {
		t.Fatalf("Restore(B's backup over A) = %v, want ErrOtherDatabase", err)
	}
	if other.Backup != "Birchfield School" || other.Current != "Ashgrove School" {
		t.Errorf("OtherDatabaseError = %+v, want both schools named", other)
	}
	if fileSum(t, aPath) != sum {
		t.Error("the refused restore changed the database")
	}
	if bs, _ := data.Backups(aPath); len(bs) != 0 {
		t.Errorf("the refused restore made backups: %+v", bs)
	}

	// Its own backup: no question asked, and the identity stays.
	if err := data.Restore(ctx, aPath, ownA); err != nil {
		t.Fatalf("Restore(A's own backup) = %v", err)
	}
	if id := openID(t, aPath); id != aID {
		t.Errorf("identity after restoring its own backup = %s, want %s", id, aID)
	}

	// Confirmed: B's backup replaces A, and brings its identity with it.
	if err := data.Restore(ctx, aPath, otherB, data.BackupOptions{OtherDatabase: true}); err != nil {
		t.Fatalf("Restore(B's backup, confirmed) = %v", err)
	}
	if id := openID(t, aPath); id != bID {
		t.Errorf("identity after restoring B's backup = %s, want B's %s", id, bID)
	}
	if got := len(dumpTables(t, aPath)["meetings"]); got != 5 {
		t.Errorf("meetings after restoring B's backup = %d, want B's 5", got)
	}

	// A new, empty database takes any school's backup: that is how a
	// school moves to a new laptop.
	fresh := filepath.Join(t.TempDir(), "new.db")
	s, err := data.Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := data.Restore(ctx, fresh, ownA); err != nil {
		t.Errorf("Restore(into a new database) = %v", err)
	}
}

// TestRestoreBackupMadeBeforeIdentities: a backup named the old way, with
// no identity inside, is still restored: without a question when it holds
// the same school (and it takes the database's identity), with one when it
// holds another.
func TestRestoreBackupMadeBeforeIdentities(t *testing.T) {
	dir := t.TempDir()
	a := schoolDB(t, dir, "Ashgrove School", 3)
	ctx := context.Background()
	backups, err := data.BackupDir(a.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(backups, "mentorbook-2025-01-01T090000.db")
	if err := a.s.Backup(ctx, old); err != nil {
		t.Fatal(err)
	}
	rawExec(t, old, `DELETE FROM settings WHERE key = 'database_id'`)
	rawExec(t, old, `PRAGMA journal_mode = DELETE`)
	aPath, aID := a.s.Path(), a.s.ID()
	a.s.Close()
	bs, err := data.Backups(aPath)
	if err != nil || len(bs) != 1 || bs[0].Database != "" || !bs[0].Automatic {
		t.Fatalf("Backups = %+v, %v; want the old backup, of no known database", bs, err)
	}
	if err := data.Restore(ctx, aPath, old); err != nil {
		t.Fatalf("Restore(old backup of the same school) = %v", err)
	}
	if id := openID(t, aPath); id != aID {
		t.Errorf("identity after restoring an old backup = %s, want the database's %s", id, aID)
	}

	b := schoolDB(t, t.TempDir(), "Birchfield School", 1)
	bPath := b.s.Path()
	b.s.Close()
	if err := data.Restore(ctx, bPath, old); !errors.Is(err, data.ErrOtherDatabase) {
		t.Errorf("Restore(old backup of another school) = %v, want ErrOtherDatabase", err)
	}
}

func openID(t *testing.T, path string) string {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.ID()
}
