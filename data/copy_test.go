package data_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
	"mentorbook/data/pgtest"
)

var copyNow = time.Date(2026, 3, 11, 14, 0, 0, 0, time.UTC)

// emptyServer returns a new PostgreSQL database made by server init.
func emptyServer(t *testing.T) string {
	t.Helper()
	url := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(t.Context(), url); err != nil {
		t.Fatal(err)
	}
	return url
}

// TestCopyRoundTrip: the demo school, SQLite to PostgreSQL to a new SQLite
// file, arrives whole: the same rows in every table, the same checksum at
// each step, the same identity; the new file is private, opens as a
// database and restores as a backup; on PostgreSQL the next id of each
// table follows the copied ones.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := datatest.Demo(t, 60, copyNow)
	url := emptyServer(t)
	var steps []float64
	toServer, err := data.Copy(ctx, s.Path(), url, data.BackupOptions{Progress: func(done float64, doing string) { steps = append(steps, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if !sort.Float64sAreSorted(steps) || len(steps) < 3 || steps[len(steps)-1] != 1 {
		t.Errorf("progress went %v, want rising to 1", steps)
	}
	back := filepath.Join(t.TempDir(), "snapshot.db")
	fromServer, err := data.Copy(ctx, url, back)
	if err != nil {
		t.Fatal(err)
	}
	// The copy leaves the planner's statistics of what it filled, so that
	// the first searches on the server are planned for the rows it holds.
	pg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	var analysed float64
	if err := pg.QueryRow(`SELECT reltuples FROM pg_class WHERE oid = 'meetings'::regclass`).Scan(&analysed); err != nil {
		t.Fatal(err)
	} else if analysed <= 0 {
		t.Errorf("the server's meetings table has reltuples %v after the copy, want its rows counted by ANALYZE", analysed)
	}
	if toServer.Checksum != fromServer.Checksum || !reflect.DeepEqual(toServer.Tables, fromServer.Tables) {
		t.Errorf("SQLite to PostgreSQL: %s %v\nPostgreSQL to SQLite: %s %v", toServer.Checksum, toServer.Tables, fromServer.Checksum, fromServer.Tables)
	}
	rows := map[string]int{}
	for _, c := range toServer.Tables {
		rows[c.Table] = c.Rows
	}
	for _, table := range []string{"students", "mentors", "pairings", "meetings", "goals", "goal_statuses", "consents", "student_words", "audit", "settings", "school"} {
		if rows[table] == 0 {
			t.Errorf("%d rows of %s copied; the demo school has some", rows[table], table)
		}
	}

	// Every table of the schema is copied, and nothing else.
	file, err := sql.Open("sqlite3", "file:"+back+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var tables, copied []string
	r, err := file.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var n string
		r.Scan(&n)
		tables = append(tables, n)
	}
	r.Close()
	for _, c := range toServer.Tables {
		copied = append(copied, c.Table)
	}
	sort.Strings(copied)
	if !reflect.DeepEqual(copied, tables) {
		t.Errorf("copied tables %q, the schema's %q", copied, tables)
	}
	file.Close()

	if fi, err := os.Stat(back); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the new file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	// Another copy of the new file gives the same checksum: nothing was
	// lost or changed in the file.
	again, err := data.Copy(ctx, back, filepath.Join(t.TempDir(), "again.db"))
	if err != nil || again.Checksum != toServer.Checksum {
		t.Errorf("copying the snapshot again = %s, %v; want %s", again.Checksum, err, toServer.Checksum)
	}
	// It is a backup that restore takes, and it opens as the same database.
	restored := filepath.Join(t.TempDir(), "restored.db")
	if err := data.Restore(ctx, restored, back); err != nil {
		t.Fatalf("Restore of the snapshot: %v", err)
	}
	for _, p := range []string{back, restored} {
		opened, err := data.Open(p)
		if err != nil {
			t.Fatalf("Open(%s): %v", p, err)
		}
		if opened.ID() != s.ID() {
			t.Errorf("%s has identity %s, want the source's %s", p, opened.ID(), s.ID())
		}
		var students int
		opened.View(ctx, func(tx *data.Tx) error { students, err = tx.RecordCount(); return err })
		if want := rows["students"] + rows["guardians"] + rows["mentors"]; students != want {
			t.Errorf("%s holds %d records, want %d", p, students, want)
		}
		opened.Close()
	}

	// On PostgreSQL the next id follows the copied ones.
	var next, largest int
	if err := pg.QueryRow(`SELECT nextval(pg_get_serial_sequence('meetings', 'id')), (SELECT max(id) FROM meetings)`).Scan(&next, &largest); err != nil {
		t.Fatal(err)
	}
	if next != largest+1 {
		t.Errorf("the next meeting id on PostgreSQL is %d, want %d", next, largest+1)
	}
}

// TestCopyRefusesRecords: a target that holds records is refused, by
// name, and left as it was; an initialised empty one is not.
func TestCopyRefusesRecords(t *testing.T) {
	ctx := context.Background()
	s := datatest.Demo(t, 20, copyNow)
	url := emptyServer(t)
	first, err := data.Copy(ctx, s.Path(), url)
	if err != nil {
		t.Fatal(err)
	}
	other := datatest.Demo(t, 10, copyNow)
	otherPath := other.Path()
	other.Close()
	for _, target := range []string{url, otherPath} {
		_, err := data.Copy(ctx, s.Path(), target)
		if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "already holds records (a school's name, ") {
			t.Errorf("Copy into %s, which holds records = %v, want the refusal", target, err)
		}
	}
	// The server holds what the first copy wrote, no more.
	if res, err := data.Copy(ctx, url, filepath.Join(t.TempDir(), "check.db")); err != nil || res.Checksum != first.Checksum {
		t.Errorf("after the refusal the server's checksum is %s (%v), want %s", res.Checksum, err, first.Checksum)
	}
	// An empty file the program made is a fine target.
	empty := datatest.Open(t, copyNow)
	emptyPath := empty.Path()
	empty.Close()
	if res, err := data.Copy(ctx, s.Path(), emptyPath); err != nil || res.Checksum != first.Checksum {
		t.Errorf("Copy into an empty file = %s, %v; want %s", res.Checksum, err, first.Checksum)
	}
	// A database is not copied onto itself.
	if _, err := data.Copy(ctx, s.Path(), s.Path()); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("Copy onto itself = %v, want EINVALID", err)
	}
}

// TestCopyAfterLogins: a server set up in the order the README gives
// (server init, user add of a coordinator's and a reader's login, user
// remove of one, then copy) takes the school: the audit lines of its
// logins are not records. The copy is checked as any other (the same
// checksum and counts as a copy into a server without logins) and the
// server's own lines follow the copied ones, in their order, with their
// times and logins, so that the log ends as in the other order (copy,
// then user add). An audit line of anything else is still a record.
func TestCopyAfterLogins(t *testing.T) {
	ctx := t.Context()
	s := datatest.Demo(t, 20, copyNow)
	coordinator, reader := newLogin("coord"), newLogin("head")
	addLogins := func(url string) {
		t.Helper()
		for _, u := range []struct{ login, role string }{{coordinator, "coordinator"}, {reader, "reader"}} {
			if _, err := data.AddUser(ctx, url, u.login, u.role, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := data.RemoveUser(ctx, url, reader); err != nil {
			t.Fatal(err)
		}
	}
	// The audit log in id order, as "id at|username|action|entity|entity_id|detail".
	auditOf := func(url string, withTime bool) []string {
		t.Helper()
		at := "''"
		if withTime {
			at = "at"
		}
		lines, err := strs(openPG(t, url), `SELECT id || ' ' || `+at+` || '|' || username || '|' || action || '|' || entity || '|' || coalesce(entity_id::text, '') || '|' || detail FROM audit ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}

	loginsFirst := emptyServer(t)
	addLogins(loginsFirst)
	own := auditOf(loginsFirst, true)
	if len(own) != 3 {
		t.Fatalf("user add, add and remove wrote %d audit lines, want 3: %q", len(own), own)
	}
	res, err := data.Copy(ctx, s.Path(), loginsFirst)
	if err != nil {
		t.Fatalf("Copy into a server with logins = %v, want it copied", err)
	}
	if res.Kept != 3 {
		t.Errorf("Copy kept %d of the server's audit lines, want 3", res.Kept)
	}

	copyFirst := emptyServer(t)
	plain, err := data.Copy(ctx, s.Path(), copyFirst)
	if err != nil {
		t.Fatal(err)
	}
	addLogins(copyFirst)
	if res.Checksum != plain.Checksum || !reflect.DeepEqual(res.Tables, plain.Tables) {
		t.Errorf("the copy after logins: %s %v\nthe copy before them: %s %v", res.Checksum, res.Tables, plain.Checksum, plain.Tables)
	}
	if plain.Kept != 0 {
		t.Errorf("a copy into a new server kept %d lines, want 0", plain.Kept)
	}
	got, want := auditOf(loginsFirst, false), auditOf(copyFirst, false)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the audit log after logins then copy:\n%s\nafter copy then logins:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The server's own lines, last, as they were written (times too).
	after := auditOf(loginsFirst, true)
	copied := len(after) - len(own)
	for i, line := range own {
		_, was, _ := strings.Cut(line, " ")
		_, is, _ := strings.Cut(after[copied+i], " ")
		if was != is {
			t.Errorf("the server's audit line %d was %q before the copy and is %q after it", i+1, was, is)
		}
	}
	for _, c := range res.Tables {
		if c.Table == "audit" && c.Rows != copied {
			t.Errorf("%d audit lines copied, and %d before the server's own", c.Rows, copied)
		}
	}
	// The next line gets the next id.
	owner := openPG(t, loginsFirst)
	mustExec(t, owner, `INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', 'y', 'print', 'report', '')`)
	var last, count int
	if err := owner.QueryRow(`SELECT max(id), count(*) FROM audit`).Scan(&last, &count); err != nil || last != count {
		t.Errorf("after the copy and a new line the audit ids end at %d for %d lines (%v), want no gap", last, count, err)
	}

	// A print by a reader, or any line but a login's, is a record.
	printed := emptyServer(t)
	mustExec(t, openPG(t, printed), `INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', 'head', 'print', 'report', 'programme')`)
	if _, err := data.Copy(ctx, s.Path(), printed); data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(data.ErrorMessage(err), "already holds records (1 audit)") {
		t.Errorf("Copy into a server with a print in its audit log = %v, want the refusal", err)
	}
}

// TestCopyCancel: a Cancel half-way leaves the target as it was: the
// server's tables empty (a copy into it then succeeds), no new file and
// no temporary file.
func TestCopyCancel(t *testing.T) {
	s := datatest.Demo(t, 40, copyNow)
	url := emptyServer(t)
	dir := t.TempDir()
	for _, target := range []string{url, filepath.Join(dir, "new.db")} {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := data.Copy(ctx, s.Path(), target, data.BackupOptions{Progress: func(done float64, doing string) {
			if done > 0.3 {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Copy into %s cancelled = %v, want context.Canceled", target, err)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("a cancelled copy left %v", left)
	}
	if _, err := data.Copy(context.Background(), s.Path(), url); err != nil {
		t.Errorf("Copy into the server after a cancelled copy: %v", err)
	}
}

// TestCopyUnreachable: a server that does not answer, an address that
// cannot be read, a database that does not exist: one plain sentence each,
// without the password, and nothing made on disk.
func TestCopyUnreachable(t *testing.T) {
	ctx := context.Background()
	s := datatest.Demo(t, 5, copyNow)
	dir := t.TempDir()
	missing := strings.Replace(pgtest.NewDatabase(t), "@/", "@/nosuch_", 1)
	for url, want := range map[string]string{
		"postgres://ann:s3cret@127.0.0.1:1/school?connect_timeout=5": "Cannot connect to the PostgreSQL server at postgres://ann:xxxxx@127.0.0.1:1/school?connect_timeout=5: it is not running, or cannot be reached from here.",
		"postgres://ann:s3cret@localhost:99999/school":               "cannot be read; write it as postgres://HOST:PORT/DATABASE.",
		missing: "has no such database",
	} {
		for _, c := range [][2]string{{s.Path(), url}, {url, filepath.Join(dir, "copy.db")}} {
			_, err := data.Copy(ctx, c[0], c[1])
			msg := data.ErrorMessage(err)
			if !strings.Contains(msg, want) || strings.Contains(msg, "s3cret") || strings.Count(msg, ". ") > 0 || strings.Contains(msg, "\n") {
				t.Errorf("Copy(%q, %q) says %q, want one sentence with %q", c[0], c[1], msg, want)
			}
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("a failed copy left %v", left)
	}
}

// TestBackupPostgres: a backup of a PostgreSQL database is an SQLite
// snapshot, encrypted when asked, that restore takes and that opens as
// the server's database; the server's audit log says it was taken; a
// file that is not a backup is not replaced.
func TestBackupPostgres(t *testing.T) {
	ctx := context.Background()
	s := datatest.Demo(t, 20, copyNow)
	url := emptyServer(t)
	copied, err := data.Copy(ctx, s.Path(), url)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, pass := range []string{"", "correct horse battery"} {
		dst := filepath.Join(dir, "server.db")
		if pass != "" {
			dst += ".age"
		}
		res, err := data.BackupPostgres(ctx, url, dst, data.BackupOptions{Passphrase: pass})
		// The first backup's audit line is on the server when the second is taken.
		if err != nil || pass == "" && res.Checksum != copied.Checksum {
			t.Fatalf("BackupPostgres (passphrase %q) = %s, %v; want %s", pass, res.Checksum, err, copied.Checksum)
		}
		if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("the backup %s: %v, %v; want mode 0600", dst, fi.Mode(), err)
		}
		restored := filepath.Join(t.TempDir(), "restored.db")
		if err := data.Restore(ctx, restored, dst, data.BackupOptions{Passphrase: pass}); err != nil {
			t.Fatalf("Restore of %s: %v", dst, err)
		}
		opened, err := data.Open(restored)
		if err != nil {
			t.Fatal(err)
		}
		if opened.ID() != s.ID() {
			t.Errorf("the restored snapshot has identity %s, want %s", opened.ID(), s.ID())
		}
		opened.Close()
	}
	// A store open on the server backs up the same way.
	opened, err := data.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	fromStore := filepath.Join(dir, "store.db.age")
	if err := opened.Backup(ctx, fromStore, data.BackupOptions{Passphrase: "correct horse battery"}); err != nil {
		t.Errorf("Store.Backup on PostgreSQL: %v", err)
	}
	opened.Close()
	if err := data.Restore(ctx, filepath.Join(t.TempDir(), "from-store.db"), fromStore, data.BackupOptions{Passphrase: "correct horse battery"}); err != nil {
		t.Errorf("Restore of the store's backup: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 3 {
		t.Errorf("the backups folder holds %v, want the three backups only", left)
	}
	pg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	var lines int
	if err := pg.QueryRow(`SELECT count(*) FROM audit WHERE action = 'backup' AND detail LIKE 'backup to %' AND username = current_user`).Scan(&lines); err != nil || lines != 3 {
		t.Errorf("the server's audit log has %d backup lines (%v), want 3", lines, err)
	}
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my own notes"), 0o600)
	if _, err := data.BackupPostgres(ctx, url, notes); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("BackupPostgres over a text file = %v, want EINVALID", err)
	}
	if b, _ := os.ReadFile(notes); string(b) != "my own notes" {
		t.Errorf("the text file now holds %q", b)
	}
}

// BenchmarkCopyToPostgres copies the 10,000-student demo school from its
// file into an empty PostgreSQL database made by server init: reading,
// writing, reading back and the checksums, one transaction (the target
// under 30 s). The school is made once; each run copies into a new
// database. pgtest's server listens on a Unix socket.
func BenchmarkCopyToPostgres(b *testing.B) {
	s := datatest.Demo(b, 10000, copyNow)
	path := s.Path()
	s.Close()
	var res data.CopyResult
	for b.Loop() {
		b.StopTimer()
		url := pgtest.NewDatabase(b)
		if _, _, err := data.InitPostgres(b.Context(), url); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var err error
		if res, err = data.Copy(b.Context(), path, url); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Rows()), "rows")
}
