package data_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mentorbook/data"
)

// soundDB makes a closed database with a school, a few hundred meetings and
// full pages, and returns its path.
func soundDB(t *testing.T, dir string) string {
	t.Helper()
	w := newWorld(t)
	w.logMeetings(t, 300, strings.Repeat("notes ", 30))
	src := w.s.Path()
	w.s.Close()
	dst := filepath.Join(dir, "sound.db")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// hostile is a file Open must refuse without changing a byte of it.
type hostile struct {
	name string
	path string
	want error
}

// hostileFiles writes the damaged and foreign files into dir.
func hostileFiles(t *testing.T, dir string) []hostile {
	t.Helper()
	sound := soundDB(t, t.TempDir())
	good, err := os.ReadFile(sound)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	rng := rand.New(rand.NewSource(6))
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	changed := func(f func(b []byte) []byte) []byte { return f(append([]byte{}, good...)) }

	newer := write("newer.db", good)
	rawExec(t, newer, "PRAGMA user_version = 999")
	other := filepath.Join(dir, "other.db")
	rawExec(t, other, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')")
	otherID := filepath.Join(dir, "other-app-id.db")
	rawExec(t, otherID, "PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE t (x)")
	deleteMode := write("corrupt-delete-mode.db", good)
	rawExec(t, deleteMode, "PRAGMA journal_mode = DELETE")
	b, _ := os.ReadFile(deleteMode)
	for k := 2; k < len(b)/page; k += 4 {
		rng.Read(b[k*page+1500 : k*page+1600])
	}
	os.WriteFile(deleteMode, b, 0o600)

	// Files that say they are ours but carry SQL of their own, or lack a
	// part of the schema: a doctored backup.
	doctored := func(name, query string) string {
		p := write(name, good)
		rawExec(t, p, query)
		return p
	}
	trigger := doctored("trigger.db", `CREATE TRIGGER hide AFTER INSERT ON meetings BEGIN
		UPDATE students SET needs_confidential = 0; DELETE FROM meetings WHERE id = new.id; END`)
	view := doctored("view.db", `CREATE VIEW everyone AS SELECT given_name, needs FROM students`)
	table := doctored("table.db", `CREATE TABLE shadow (name TEXT, needs TEXT)`)
	index := doctored("index.db", `CREATE INDEX students_needs ON students (needs)`)
	dropped := doctored("dropped.db", `DROP TABLE goal_progress`)
	column := doctored("column.db", `ALTER TABLE students DROP COLUMN preferences`)
	redefined := doctored("changed.db", `DROP INDEX students_year; CREATE INDEX students_year ON students (year_group, needs)`)
	// Our application ID and no schema version, with tables: Open used to
	// switch it to WAL and then fail.
	versionZero := filepath.Join(dir, "version-zero.db")
	rawExec(t, versionZero, fmt.Sprintf("PRAGMA application_id = %d; CREATE TABLE school (id INTEGER PRIMARY KEY)", data.ApplicationID))

	return []hostile{
		{"ExtraTrigger", trigger, data.ErrSchema},
		{"ExtraView", view, data.ErrSchema},
		{"ExtraTable", table, data.ErrSchema},
		{"ExtraIndex", index, data.ErrSchema},
		{"TableDropped", dropped, data.ErrSchema},
		{"ColumnDropped", column, data.ErrSchema},
		{"IndexChanged", redefined, data.ErrSchema},
		{"OurIDVersionZero", versionZero, data.ErrSchema},
		{"NotSQLite", write("notes.txt", []byte(strings.Repeat("Dear diary, this is not a database. ", 10))), data.ErrNotSQLite},
		{"PDFNamedDB", write("report.db", []byte("%PDF-1.4\n"+strings.Repeat("x", 500))), data.ErrNotSQLite},
		{"HeaderOnly", write("header-only.db", good[:60]), data.ErrNotSQLite},
		{"NotOurs", other, data.ErrNotOurs},
		{"OtherApplicationID", otherID, data.ErrNotOurs},
		{"Newer", newer, data.ErrNewer},
		{"BytesOverwrittenMidPage", write("corrupt-mid.db", changed(func(b []byte) []byte {
			for k := 1; k < len(b)/page; k += 3 {
				rng.Read(b[k*page+1500 : k*page+1600])
			}
			return b
		})), data.ErrCorrupt},
		{"PagesZeroed", write("corrupt-zeroed.db", changed(func(b []byte) []byte {
			clear(b[3*page : 6*page])
			return b
		})), data.ErrCorrupt},
		{"CorruptInDeleteMode", deleteMode, data.ErrCorrupt},
		{"TruncatedHalf", write("truncated-half.db", good[:len(good)/2]), data.ErrCorrupt},
		{"TruncatedMidPage", write("truncated-mid.db", good[:len(good)-page-1000]), data.ErrCorrupt},
	}
}

func TestOpenRefusesHostileFiles(t *testing.T) {
	dir := t.TempDir()
	target := soundDB(t, t.TempDir()) // for the restore half
	for _, h := range hostileFiles(t, dir) {
		t.Run(h.name, func(t *testing.T) {
			before := fileSum(t, h.path)
			files := listDir(t, dir)
			s, err := data.Open(h.path)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, h.want) {
				t.Fatalf("Open(%s) = %v, want %v", h.name, err, h.want)
			}
			if fileSum(t, h.path) != before {
				t.Errorf("Open(%s) changed the file", h.name)
			}
			if after := listDir(t, dir); after != files {
				t.Errorf("Open(%s) left files: before %s, after %s", h.name, files, after)
			}
			// Offered as a backup, the file is refused and the database stays.
			was := fileSum(t, target)
			if err := data.Restore(context.Background(), target, h.path); !errors.Is(err, h.want) {
				t.Errorf("Restore(%s) = %v, want %v", h.name, err, h.want)
			}
			if fileSum(t, target) != was || fileSum(t, h.path) != before {
				t.Errorf("Restore(%s) changed a file", h.name)
			}
		})
	}
}

func TestOpenRefusesReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		readOnlyAsRoot(t)
		return
	}
	for _, tc := range []struct {
		name  string
		chmod func(db string) string // makes something read-only, returns what to restore
	}{
		{"File", func(db string) string { os.Chmod(db, 0o400); return db }},
		{"Folder", func(db string) string { os.Chmod(filepath.Dir(db), 0o500); return filepath.Dir(db) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := soundDB(t, t.TempDir())
			before := fileSum(t, db)
			undo := tc.chmod(db)
			defer os.Chmod(undo, 0o700)
			s, err := data.Open(db)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, data.ErrReadOnly) {
				t.Errorf("Open(read-only %s) = %v, want ErrReadOnly", tc.name, err)
			}
			if fileSum(t, db) != before {
				t.Errorf("Open(read-only %s) changed the file", tc.name)
			}
		})
	}
}

// readOnlyAsRoot proves the read-only refusals where permissions do not
// bind (root): on a file system mounted read-only.
func readOnlyAsRoot(t *testing.T) {
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
		t.Skipf("running as root and cannot mount a tmpfs (%v): permissions would not bind", err)
	}
	defer syscall.Unmount(mnt, syscall.MNT_DETACH)
	db := soundDB(t, mnt)
	before := fileSum(t, db)
	if err := syscall.Mount("", mnt, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	s, err := data.Open(db)
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("Open(on a read-only file system) = %v, want ErrReadOnly", err)
	}
	if fileSum(t, db) != before {
		t.Errorf("Open(on a read-only file system) changed the file")
	}
	missing := filepath.Join(mnt, "new.db")
	if _, err := data.Open(missing); !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("Open(new file on a read-only file system) = %v, want ErrReadOnly", err)
	}
}

// TestOpenRefusesSecondWindow: one database, one writer, whatever its
// name. Through a hard link, two imports both said "20000 added", and
// afterwards neither set was there.
func TestOpenRefusesSecondWindow(t *testing.T) {
	for _, name := range []string{"SamePath", "HardLink"} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			path := w.s.Path()
			other := path
			if name == "HardLink" {
				other = filepath.Join(filepath.Dir(path), "another-name.db")
				if err := os.Link(path, other); err != nil {
					t.Fatal(err)
				}
			}
			if s, err := data.Open(other); !errors.Is(err, data.ErrInUse) {
				if err == nil {
					s.Close()
				}
				t.Errorf("second Open in the same process = %v, want ErrInUse", err)
			}
			if err := data.Restore(context.Background(), other, path); !errors.Is(err, data.ErrInUse) {
				t.Errorf("Restore of an open database = %v, want ErrInUse", err)
			}
			pairing := w.pairing.ID
			w.s.Close()

			// Another process: the crash test's child, logging meetings.
			c := startChild(t, "meetings", other, pairing)
			select {
			case <-c.lines:
			case <-time.After(10 * time.Second):
				c.kill()
				t.Fatal("the child did not start logging")
			}
			if s, err := data.Open(path); !errors.Is(err, data.ErrInUse) {
				if err == nil {
					s.Close()
				}
				t.Errorf("Open while another process has it = %v, want ErrInUse", err)
			}
			if _, err := c.kill(); err != nil {
				t.Fatal(err)
			}
			// Once that process is gone, however it ended, the database opens.
			s, err := data.Open(path)
			if err != nil {
				t.Fatalf("Open after the other process died: %v", err)
			}
			checkIntegrity(t, s)
			s.Close()
		})
	}
}

func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=2m,mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	defer syscall.Unmount(mnt, syscall.MNT_DETACH)

	w := newWorld(t)
	w.logMeetings(t, 5, "")
	w.s.Close()
	db := filepath.Join(mnt, "school.db")
	b, _ := os.ReadFile(w.s.Path())
	os.WriteFile(db, b, 0o600)
	// Fill the disk, leaving a little room.
	var st syscall.Statfs_t
	syscall.Statfs(mnt, &st)
	free := int64(st.Bavail) * st.Bsize
	os.WriteFile(filepath.Join(mnt, "filler"), make([]byte, free-320<<10), 0o600)

	s, err := data.Open(db)
	if err != nil {
		t.Fatalf("Open with a little room: %v", err)
	}
	s.Now = func() time.Time { return today }
	saved := 0
	var failure error
	for i := 0; i < 200 && failure == nil; i++ {
		failure = s.Update(context.Background(), func(tx *data.Tx) error {
			return tx.LogMeeting(&data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Hour), Minutes: 30,
				Kind: "one-to-one", Status: data.MeetingHeld, Notes: strings.Repeat("full disk "+strconv.Itoa(i)+" ", 650)})
		})
		if failure == nil {
			saved++
		}
	}
	if failure == nil {
		t.Fatal("the disk never filled up")
	}
	t.Logf("after %d saves: %v", saved, failure)
	if !strings.Contains(failure.Error(), "full") {
		t.Errorf("the save failed with %v; want it to say the disk is full", failure)
	}
	if _, err := s.AutoBackup(context.Background()); !errors.Is(err, data.ErrDiskFull) {
		t.Errorf("AutoBackup on a full disk = %v, want ErrDiskFull", err)
	}
	if es, _ := os.ReadDir(filepath.Join(mnt, "backups")); len(es) != 0 {
		t.Errorf("a failed backup left %d files behind", len(es))
	}
	s.Close()
	// A new database cannot be made there either, and none is left half-made.
	if _, err := data.Open(filepath.Join(mnt, "new.db")); err == nil {
		t.Error("Open(new database on a full disk) succeeded")
	}
	if _, err := os.Stat(filepath.Join(mnt, "new.db")); err == nil {
		t.Error("a half-made database was left on the full disk")
	}
	// Every save that was confirmed is there, and the file is sound.
	os.Remove(filepath.Join(mnt, "filler"))
	s, err = data.Open(db)
	if err != nil {
		t.Fatalf("Open after freeing space: %v", err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	s.View(context.Background(), func(tx *data.Tx) error {
		ms, err := tx.Meetings(data.MeetingFilter{})
		if len(ms) != 5+saved {
			t.Errorf("%d meetings after the disk filled, want %d", len(ms), 5+saved)
		}
		return err
	})
}
