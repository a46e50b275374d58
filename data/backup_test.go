package data_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
)

// dumpTables reads every row of every table of the database at path, as
// text, table by table in rowid order: two databases with equal dumps hold
// the same records.
func dumpTables(tb testing.TB, path string) map[string][]string {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, t := range tables {
		rows, err := db.Query(`SELECT * FROM "` + t + `" ORDER BY rowid`)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = fmt.Sprintf("x'%x'", bs)
				}
				fmt.Fprintf(&b, "%s=%v|", cols[i], v)
			}
			out[t] = append(out[t], b.String())
		}
		rows.Close()
	}
	return out
}

// withoutAudit drops the audit table, which a backup or restore writes to.
func withoutAudit(d map[string][]string) map[string][]string {
	delete(d, "audit")
	return d
}

func sameDump(tb testing.TB, got, want map[string][]string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("tables: got %d, want %d", len(got), len(want))
	}
	for t, rows := range want {
		if strings.Join(got[t], "\n") != strings.Join(rows, "\n") {
			tb.Errorf("table %s differs: got %d rows, want %d", t, len(got[t]), len(rows))
		}
	}
}

func fileSum(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// logMeetings logs n held meetings of the world's pairing, a minute apart.
func (w *world) logMeetings(tb testing.TB, n int, note string) []int64 {
	tb.Helper()
	var ids []int64
	update(tb, w.s, func(tx *data.Tx) error {
		for i := 0; i < n; i++ {
			m := &data.Meeting{PairingID: w.pairing.ID, At: today.Add(-time.Duration(i+1) * time.Minute), Minutes: 30, Kind: "one-to-one",
				Status: data.MeetingHeld, Notes: note}
			if err := tx.LogMeeting(m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
		}
		return nil
	})
	return ids
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 20, "talked about the science fair")
	dbPath := w.s.Path()
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := w.s.Backup(context.Background(), dst); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if _, err := os.Stat(dst + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the backup has a -wal beside it; it should be one self-contained file")
	}
	want := withoutAudit(dumpTables(t, dst))
	sameDump(t, withoutAudit(dumpTables(t, dbPath)), want)

	// Change the database after the backup, then restore.
	w.logMeetings(t, 3, "after the backup")
	w.s.Close()
	if err := data.Restore(context.Background(), dbPath, dst); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	sameDump(t, withoutAudit(dumpTables(t, dbPath)), want)

	s, err := data.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var log []data.AuditEntry
	update(t, s, func(tx *data.Tx) error {
		var err error
		log, err = tx.AuditLog(data.AuditFilter{Action: data.ActRestore})
		return err
	})
	if len(log) != 1 || !strings.Contains(log[0].Detail, "copy.db") {
		t.Errorf("audit after restore = %+v, want one restore line naming copy.db", log)
	}
	// What was replaced is kept.
	bs, err := data.Backups(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var before string
	for _, b := range bs {
		if strings.Contains(b.Path, "before-restore") {
			before = b.Path
		}
	}
	if before == "" {
		t.Fatalf("no before-restore backup among %+v", bs)
	}
	if got := len(dumpTables(t, before)["meetings"]); got != 23 {
		t.Errorf("the before-restore backup holds %d meetings, want 23", got)
	}
}

func TestBackupIsConsistentWhileWriting(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 200, strings.Repeat("notes ", 200))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			w.logMeetings(t, 1, "during the backup")
		}
	}()
	dst := filepath.Join(t.TempDir(), "during.db")
	if err := w.s.Backup(context.Background(), dst); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	<-done
	n := len(dumpTables(t, dst)["meetings"])
	if n < 200 || n > 250 {
		t.Errorf("backup holds %d meetings, want 200 to 250", n)
	}
}

func TestEncryptedBackup(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 5, "confidential: worried about home")
	dst := filepath.Join(t.TempDir(), "stick", "enc.db")
	os.MkdirAll(filepath.Dir(dst), 0o700)
	const pass = "correct horse battery"
	if err := w.s.Backup(context.Background(), dst, data.BackupOptions{Passphrase: "short"}); !errors.Is(err, data.ErrWeakPassphrase) {
		t.Errorf("Backup(weak passphrase) = %v, want ErrWeakPassphrase", err)
	}
	if err := w.s.Backup(context.Background(), dst, data.BackupOptions{Passphrase: pass}); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	raw, _ := os.ReadFile(dst)
	if !bytes.HasPrefix(raw, []byte("age-encryption.org/v1")) {
		t.Fatalf("the encrypted backup does not start with the age header")
	}
	for _, secret := range []string{"Okafor", "S001", "worried about home", "SQLite format"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the encrypted backup contains %q in plain text", secret)
		}
	}
	// Nothing else was left in the destination folder.
	if es, _ := os.ReadDir(filepath.Dir(dst)); len(es) != 1 {
		t.Errorf("the destination folder holds %d files, want only the backup", len(es))
	}
	if ok, err := data.IsEncrypted(dst); !ok || err != nil {
		t.Errorf("IsEncrypted = %v, %v; want true", ok, err)
	}
	dbPath := w.s.Path()
	want := withoutAudit(dumpTables(t, dbPath))
	w.s.Close()
	sum := fileSum(t, dbPath)
	for _, tc := range []struct {
		name string
		pass string
		want error
	}{
		{"NoPassphrase", "", data.ErrNeedPassphrase},
		{"WrongPassphrase", "correct horse battery staple", data.ErrWrongPassphrase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := data.Restore(context.Background(), dbPath, dst, data.BackupOptions{Passphrase: tc.pass})
			if !errors.Is(err, tc.want) {
				t.Fatalf("Restore(%s) = %v, want %v", tc.name, err, tc.want)
			}
			if fileSum(t, dbPath) != sum {
				t.Errorf("Restore(%s) changed the database", tc.name)
			}
		})
	}
	if data.ErrWrongPassphrase.Error() != "the passphrase does not open this backup" {
		t.Errorf("ErrWrongPassphrase = %q", data.ErrWrongPassphrase)
	}
	if err := data.Restore(context.Background(), dbPath, dst, data.BackupOptions{Passphrase: pass}); err != nil {
		t.Fatalf("Restore(right passphrase): %v", err)
	}
	sameDump(t, withoutAudit(dumpTables(t, dbPath)), want)
}

func TestEncryptDecrypt(t *testing.T) {
	var buf bytes.Buffer
	w, err := data.Encrypt(&buf, "a good passphrase")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("student,notes\nZoë,hello\n"))
	w.Close()
	if _, err := data.Decrypt(bytes.NewReader(buf.Bytes()), "a bad passphrase"); !errors.Is(err, data.ErrWrongPassphrase) {
		t.Errorf("Decrypt(wrong) = %v, want ErrWrongPassphrase", err)
	}
	r, err := data.Decrypt(bytes.NewReader(buf.Bytes()), "a good passphrase")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.ReadFrom(r)
	if out.String() != "student,notes\nZoë,hello\n" {
		t.Errorf("Decrypt = %q", out.String())
	}
}

func TestAutoBackup(t *testing.T) {
	w := newWorld(t)
	clock := time.Date(2026, 11, 27, 16, 30, 0, 0, time.Local)
	w.s.Now = func() time.Time { return clock }
	first, err := w.s.AutoBackup(context.Background())
	if err != nil || first == "" {
		t.Fatalf("AutoBackup = %q, %v; want a new file", first, err)
	}
	if got, want := filepath.Base(first), "mentorbook-"+w.s.ID()[:8]+"-2026-11-27T163000.db"; got != want {
		t.Errorf("AutoBackup named the file %s, want %s", got, want)
	}
	dir, _ := data.BackupDir(w.s.Path())
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("backups folder mode = %v, want 0700", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(first); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", fi.Mode().Perm())
	}
	again, err := w.s.AutoBackup(context.Background())
	if err != nil || again != "" {
		t.Errorf("AutoBackup with nothing changed = %q, %v; want no new file", again, err)
	}
	w.logMeetings(t, 1, "")
	third, err := w.s.AutoBackup(context.Background())
	if err != nil || third == "" || third == first {
		t.Errorf("AutoBackup after a change = %q, %v; want a second file", third, err)
	}
	if newest, _ := data.NewestBackup(w.s.Path()); newest != third {
		t.Errorf("NewestBackup = %q, want %q", newest, third)
	}
}

func TestRetain(t *testing.T) {
	day := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
		if err != nil {
			panic(err)
		}
		return t
	}
	// A backup every day at noon for 500 days, and a few extra on the last day.
	var daily []time.Time
	start := day("2025-01-01 12:00")
	for i := 0; i < 500; i++ {
		daily = append(daily, start.AddDate(0, 0, i))
	}
	last := daily[len(daily)-1]
	withExtra := append(append([]time.Time{}, daily...), last.Add(time.Hour), last.Add(2*time.Hour))

	for _, tc := range []struct {
		name  string
		times []time.Time
		r     data.Retention
		want  int
		kept  []time.Time // must be among the kept
	}{
		{"Empty", nil, data.DefaultRetention, 0, nil},
		{"One", []time.Time{start}, data.DefaultRetention, 1, []time.Time{start}},
		{"DailyOnly", daily, data.Retention{Daily: 7}, 7, daily[493:]},
		{"WeeklyOnly", daily, data.Retention{Weekly: 5}, 5, []time.Time{last}},
		{"MonthlyOnly", daily, data.Retention{Monthly: 12}, 12, []time.Time{last, day("2026-04-30 12:00")}},
		// The last day is Friday 2026-05-15: 7 days (05-09…05-15, which also
		// hold the newest of weeks 20 and 19), weeks 18, 17, 16 (05-03,
		// 04-26, 04-19), then the last day of June 2025 to April 2026.
		{"Default", daily, data.DefaultRetention, 7 + 3 + 11, append(daily[493:], day("2026-04-30 12:00"))},
		{"SameDayKeepsLastThree", withExtra, data.Retention{Last: 3, Daily: 7}, 3 + 6, []time.Time{last, last.Add(time.Hour), last.Add(2 * time.Hour)}},
		{"SameDayDailyKeepsNewest", withExtra, data.Retention{Daily: 1}, 1, []time.Time{last.Add(2 * time.Hour)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep := data.Retain(tc.times, tc.r)
			n := 0
			kept := map[time.Time]bool{}
			for i, k := range keep {
				if k {
					n++
					kept[tc.times[i]] = true
				}
			}
			if n != tc.want {
				t.Errorf("Retain(%s) kept %d, want %d", tc.name, n, tc.want)
			}
			for _, k := range tc.kept {
				if !kept[k] {
					t.Errorf("Retain(%s) dropped %s", tc.name, k.Format(time.DateTime))
				}
			}
		})
	}
}

func TestPruneBackups(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 27, 16, 30, 0, 0, time.Local)
	var names []string
	for i := 0; i < 60; i++ {
		names = append(names, "mentorbook-"+now.AddDate(0, 0, -i).Format("2006-01-02T150405")+".db")
	}
	others := []string{"mentorbook-2020-01-01T000000-before-upgrade.db", "my copy.db", "mentorbook-2020-01-01T000000-before-restore.db"}
	for _, n := range append(append([]string{}, names...), others...) {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600)
	}
	removed, err := data.PruneBackups(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	var leftNames []string
	for _, e := range left {
		leftNames = append(leftNames, e.Name())
	}
	sort.Strings(leftNames)
	for _, o := range others {
		if i := sort.SearchStrings(leftNames, o); i == len(leftNames) || leftNames[i] != o {
			t.Errorf("PruneBackups removed %q, which is not an automatic backup", o)
		}
	}
	if len(removed)+len(leftNames) != len(names)+len(others) {
		t.Errorf("removed %d + left %d != %d", len(removed), len(leftNames), len(names)+len(others))
	}
	// 60 days back: 7 days, then weeks and months.
	if len(leftNames)-len(others) > 7+5+12 || len(leftNames)-len(others) < 7 {
		t.Errorf("PruneBackups left %d automatic backups", len(leftNames)-len(others))
	}
	if _, err := os.Stat(filepath.Join(dir, names[0])); err != nil {
		t.Errorf("the newest backup was removed")
	}
}

// TestBackupProgressAndCancel follows a backup's progress from the first
// step to the last, then cancels one at each step: the error says it was
// cancelled (not that the file is damaged) and no file is left behind.
func TestBackupProgressAndCancel(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 5, "")
	dir := filepath.Join(t.TempDir(), "stick")
	os.MkdirAll(dir, 0o700)
	var steps []string
	last := -1.0
	opts := data.BackupOptions{Passphrase: "correct horse battery", Progress: func(done float64, doing string) {
		if done < last {
			t.Errorf("progress went back from %v to %v (%s)", last, done, doing)
		}
		last = done
		steps = append(steps, doing)
	}}
	if err := w.s.Backup(context.Background(), filepath.Join(dir, "full.db"), opts); err != nil {
		t.Fatal(err)
	}
	if want := "[Copying the database… Checking the copy… Encrypting the copy… Done.]"; fmt.Sprint(steps) != want || last != 1 {
		t.Fatalf("progress steps = %v ending at %v, want %s ending at 1", steps, last, want)
	}

	for _, at := range steps[:len(steps)-1] {
		t.Run(at, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			dst := filepath.Join(dir, "cancelled.db")
			err := w.s.Backup(ctx, dst, data.BackupOptions{Passphrase: "correct horse battery", Progress: func(_ float64, doing string) {
				if doing == at {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Backup cancelled at %q = %v, want context.Canceled", at, err)
			}
			if es, _ := os.ReadDir(dir); len(es) != 1 {
				t.Errorf("after the cancel the folder holds %d files, want only the earlier backup", len(es))
			}
			if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(w.s.Path()), ".mentorbook-backup-*")); len(tmp) != 0 {
				t.Errorf("the cancelled backup left %v beside the database", tmp)
			}
		})
	}
}

// TestPrepareRestoreWhileOpen is the GUI's restore: the backup is checked
// while the database is still open and in use, so that a wrong passphrase
// costs nothing; the database is closed only to be replaced.
func TestPrepareRestoreWhileOpen(t *testing.T) {
	w := newWorld(t)
	w.logMeetings(t, 4, "")
	dbPath := w.s.Path()
	dst := filepath.Join(t.TempDir(), "enc.db")
	const pass = "correct horse battery"
	if err := w.s.Backup(context.Background(), dst, data.BackupOptions{Passphrase: pass}); err != nil {
		t.Fatal(err)
	}
	if _, err := data.PrepareRestore(context.Background(), dbPath, dst, data.BackupOptions{Passphrase: "wrong wrong wrong"}); !errors.Is(err, data.ErrWrongPassphrase) {
		t.Fatalf("PrepareRestore(wrong passphrase) = %v, want ErrWrongPassphrase", err)
	}
	w.logMeetings(t, 1, "after the backup") // the store is still open and writing

	var steps []string
	p, err := data.PrepareRestore(context.Background(), dbPath, dst, data.BackupOptions{Passphrase: pass,
		Progress: func(_ float64, doing string) { steps = append(steps, doing) }})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Discard()
	if err := p.Replace(context.Background()); !errors.Is(err, data.ErrInUse) {
		t.Fatalf("Replace while the store is open = %v, want ErrInUse", err)
	}
	w.s.Close()
	if err := p.Replace(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := len(dumpTables(t, dbPath)["meetings"]); got != 4 {
		t.Errorf("meetings after the restore = %d, want the backup's 4", got)
	}
	var seen []string
	for _, s := range steps {
		if len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
	}
	if want := "[Reading the backup… Checking the backup… Backing up the database as it is now… Replacing the database… Opening the restored database… Done.]"; fmt.Sprint(seen) != want {
		t.Errorf("restore steps = %v, want %s", seen, want)
	}
	if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), ".mentorbook-restore-*")); len(tmp) != 0 {
		t.Errorf("the restore left %v beside the database", tmp)
	}
}

// TestAutoBackupSkipsUnchangedAcrossSessions opens the database again, as
// the program does every morning: with nothing changed since the last
// verified automatic backup, no second copy is taken; after a change, one is.
func TestAutoBackupSkipsUnchangedAcrossSessions(t *testing.T) {
	w := newWorld(t)
	first, err := w.s.AutoBackup(context.Background())
	if err != nil || first == "" {
		t.Fatalf("AutoBackup = %q, %v; want a new file", first, err)
	}
	path := w.s.Path()
	w.s.Close()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local) }
	if again, err := s.AutoBackup(context.Background()); err != nil || again != "" {
		t.Errorf("AutoBackup in a new session with nothing changed = %q, %v; want no new file", again, err)
	}
	if err := s.Update(context.Background(), func(tx *data.Tx) error {
		return tx.SaveSchool(&data.School{Name: "Renamed School", Paper: "A4"})
	}); err != nil {
		t.Fatal(err)
	}
	if next, err := s.AutoBackup(context.Background()); err != nil || next == "" {
		t.Errorf("AutoBackup after a change = %q, %v; want a new file", next, err)
	}
}
