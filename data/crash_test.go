package data_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// The crash tests run the real store in a child process (this test binary,
// started again with crashChildEnv set) and kill it with SIGKILL at random
// moments. The child prints a line only after Update has returned nil: that
// is the moment the window would tell the counsellor "saved".
const (
	crashChildEnv = "MENTORBOOK_CRASH_CHILD" // "meetings", "import", "backup", "server backup" or "restore"
	crashDBEnv    = "MENTORBOOK_CRASH_DB"
	crashArgEnv   = "MENTORBOOK_CRASH_ARG"
	crashFilesEnv = "MENTORBOOK_CRASH_FILES" // backup: the output folders (server backup: one); restore: the backups; separated by "|"
)

// TestCrashChild is the child's body; run on its own it does nothing.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv(crashChildEnv)
	if mode == "" {
		t.Skip("the child process of the crash tests")
	}
	files := strings.Split(os.Getenv(crashFilesEnv), "|")
	arg, _ := strconv.ParseInt(os.Getenv(crashArgEnv), 10, 64)
	ctx := context.Background()
	if mode == "server backup" {
		// An encrypted backup of the server, which stops for good once its
		// plain copy is made and checked, and says so.
		dst := filepath.Join(files[0], "server.db.age")
		_, err := data.BackupPostgres(ctx, os.Getenv(crashDBEnv), dst, data.BackupOptions{Passphrase: crashPassphrase,
			Progress: func(done float64, doing string) {
				if doing == "Encrypting the copy…" {
					fmt.Fprintln(os.Stdout, "plain copy made")
					select {}
				}
			}})
		fmt.Fprintln(os.Stderr, "backup:", err)
		os.Exit(4)
	}
	if mode == "restore" {
		// Restores one backup after the other, as a person might, and
		// prints which one after each that succeeded.
		for i := arg; ; i++ {
			b := files[i%int64(len(files))]
			if err := data.Restore(ctx, os.Getenv(crashDBEnv), b); err != nil {
				fmt.Fprintln(os.Stderr, "restore:", err)
				os.Exit(4)
			}
			fmt.Fprintln(os.Stdout, b)
		}
	}
	s, err := data.Open(os.Getenv(crashDBEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	s.Now = func() time.Time { return today }
	switch mode {
	case "backup":
		// Backs up, plain and encrypted in turn, into new files in the
		// given folders, and prints each file once it is made.
		for i := 0; ; i++ {
			dst := filepath.Join(files[i%2], fmt.Sprintf("%d-%d.db", arg, i))
			var opts data.BackupOptions
			if i%2 == 1 {
				dst += ".age"
				opts.Passphrase = crashPassphrase
			}
			if err := s.Backup(ctx, dst, opts); err != nil {
				fmt.Fprintln(os.Stderr, "backup:", err)
				os.Exit(4)
			}
			fmt.Fprintln(os.Stdout, dst)
		}
	case "meetings":
		for i := 0; ; i++ {
			m := &data.Meeting{PairingID: arg, At: today.Add(-time.Minute), Minutes: 30, Kind: "one-to-one",
				Status: data.MeetingHeld, Notes: strings.Repeat("notes ", i%50)}
			if err := s.Update(ctx, func(tx *data.Tx) error { return tx.LogMeeting(m) }); err != nil {
				fmt.Fprintln(os.Stderr, "log meeting:", err)
				os.Exit(4)
			}
			fmt.Fprintf(os.Stdout, "%d\n", m.ID) // os.Stdout is unbuffered: the line is out when this returns
		}
	case "import":
		fmt.Fprintln(os.Stdout, "begin")
		err := s.Update(ctx, func(tx *data.Tx) error {
			for i := 0; i < importSize; i++ {
				st := &data.Student{SourceID: fmt.Sprintf("imp-%d-%d", arg, i), SchoolID: fmt.Sprintf("I%d-%d", arg, i),
					GivenName: "Imported", FamilyName: fmt.Sprint(i), Needs: strings.Repeat("n", 200), Active: true}
				if err := tx.CreateStudent(st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "import:", err)
			os.Exit(4)
		}
		fmt.Fprintln(os.Stdout, "committed")
		s.Close()
		os.Exit(0)
	}
}

const importSize = 1500

// child is a running crash child and the lines it has acknowledged.
type child struct {
	cmd   *exec.Cmd
	lines chan string // complete lines only, closed at EOF
}

func startChild(tb testing.TB, mode, db string, arg int64, files ...string) *child {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+mode, crashDBEnv+"="+db, crashArgEnv+"="+strconv.FormatInt(arg, 10),
		crashFilesEnv+"="+strings.Join(files, "|"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1<<16)}
	go func() {
		defer close(c.lines)
		r := bufio.NewReader(out)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				// A line cut short by the kill was never acknowledged.
				if err != io.EOF {
					tb.Log(err)
				}
				return
			}
			c.lines <- strings.TrimSuffix(line, "\n")
		}
	}()
	return c
}

// kill kills the child with SIGKILL, waits for it, and returns what it
// acknowledged and whether it had already died by itself (a failure).
func (c *child) kill() (acked []string, died error) {
	c.cmd.Process.Signal(syscall.SIGKILL)
	for l := range c.lines {
		acked = append(acked, l)
	}
	err := c.cmd.Wait()
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		err = nil
	} else if err != nil {
		err = fmt.Errorf("%v: %s", err, c.cmd.Stderr)
	}
	return acked, err
}

// TestCrashKillEncryptedServerBackup: an encrypted backup of a server
// (BackupPostgres) killed once its plain copy is made leaves that copy in
// the system's temporary folder (mode 0600, the whole school), never beside
// the backup; another run meanwhile leaves it be, since its process is
// alive; after the kill, the next run removes it, and opening the server
// does too. Before, the copy stayed there for good.
func TestCrashKillEncryptedServerBackup(t *testing.T) {
	ctx := t.Context()
	url := emptyServer(t)
	school := datatest.Demo(t, 20, copyNow)
	if _, err := data.Copy(ctx, school.Path(), url); err != nil {
		t.Fatal(err)
	}
	tmp, out := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // the child's temporary folder, and this process's
	killed := func() {
		t.Helper()
		c := startChild(t, "server backup", url, 0, out)
		select {
		case line, ok := <-c.lines:
			if !ok || line != "plain copy made" {
				_, err := c.kill()
				t.Fatalf("the child said %q and stopped (%v)", line, err)
			}
		case <-time.After(2 * time.Minute):
			c.kill()
			t.Fatal("the child made no plain copy in 2 minutes")
		}
		// A run while the child lives keeps its copy.
		if _, err := data.BackupPostgres(ctx, url, filepath.Join(out, "meanwhile.db.age"), data.BackupOptions{Passphrase: crashPassphrase}); err != nil {
			t.Fatal(err)
		}
		if got := plainCopies(t, tmp); len(got) != 1 {
			t.Errorf("while a backup runs, the temporary folder holds plain copies %q, want its one", got)
		}
		if _, err := c.kill(); err != nil {
			t.Fatal(err)
		}
		if got := plainCopies(t, out); len(got) > 0 {
			t.Errorf("the killed backup left plain copies beside the backup: %q", got)
		}
	}

	killed()
	if got := plainCopies(t, tmp); len(got) != 1 {
		t.Errorf("after the kill the temporary folder holds plain copies %q, want the killed run's", got)
	} else if fi, err := os.Stat(got[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the killed run's plain copy: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if _, err := data.BackupPostgres(ctx, url, filepath.Join(out, "next.db.age"), data.BackupOptions{Passphrase: crashPassphrase}); err != nil {
		t.Fatal(err)
	}
	if got := plainCopies(t, tmp); len(got) > 0 {
		t.Errorf("after the next backup the temporary folder holds plain copies %q", got)
	}

	killed()
	s, err := data.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := plainCopies(t, tmp); len(got) > 0 {
		t.Errorf("after opening the server the temporary folder holds plain copies %q", got)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("the temporary folder still holds %d files (%s…)", len(entries), entries[0].Name())
	}
}

// plainCopies lists the files under dir that are plain SQLite databases.
func plainCopies(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		head := make([]byte, 16)
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.ReadFull(f, head); err == nil && string(head) == "SQLite format 3\x00" {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func checkIntegrity(tb testing.TB, s *data.Store) {
	tb.Helper()
	err := s.View(context.Background(), func(tx *data.Tx) error {
		problems, err := tx.IntegrityCheck()
		if err == nil && len(problems) > 0 {
			err = fmt.Errorf("integrity check: %v", problems)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestCrashKillWhileLoggingMeetings(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 200 processes")
	}
	w := newWorld(t)
	db, pairing := w.s.Path(), w.pairing.ID
	w.s.Close()

	kills := 200
	if datatest.Postgres() {
		// Each child's Open compares the server's schema with one it
		// builds (checkPostgresSchema), which takes most of a child's life.
		kills = 50
	}
	// The kills are counted, not timed: 200 take about 35 s on a quiet
	// machine and two or three times that on a busy one. The budget only
	// stops a run that hangs.
	budget := 4 * time.Minute
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[int64]bool{}
	start := time.Now()
	n := 0
	for ; n < kills && time.Since(start) < budget; n++ {
		c := startChild(t, "meetings", db, pairing)
		if rng.Intn(4) == 0 {
			// Anywhere, including while the store opens and checks the file.
			time.Sleep(time.Duration(rng.Intn(40)) * time.Millisecond)
		} else {
			// While saving: after the first acknowledged meeting.
			select {
			case l, ok := <-c.lines:
				if ok {
					id, _ := strconv.ParseInt(l, 10, 64)
					acked[id] = true
				}
			case <-time.After(5 * time.Second):
			}
			time.Sleep(time.Duration(rng.Intn(15000)) * time.Microsecond)
		}
		lines, err := c.kill()
		if err != nil {
			t.Fatalf("kill %d: the child failed by itself: %v", n+1, err)
		}
		for _, l := range lines {
			id, err := strconv.ParseInt(l, 10, 64)
			if err != nil {
				t.Fatalf("kill %d: the child printed %q", n+1, l)
			}
			acked[id] = true
		}
	}
	elapsed := time.Since(start)

	s, err := data.Open(db)
	if err != nil {
		t.Fatalf("Open after %d kills: %v", n, err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	present := map[int64]bool{}
	err = s.View(context.Background(), func(tx *data.Tx) error {
		rows, err := tx.Meetings(data.MeetingFilter{PairingID: pairing})
		for _, r := range rows {
			present[r.ID] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	lost := 0
	for id := range acked {
		if !present[id] {
			lost++
		}
	}
	t.Logf("%d kills in %.1fs: %d meetings acknowledged, %d in the database, %d acknowledged but lost",
		n, elapsed.Seconds(), len(acked), len(present), lost)
	if lost > 0 {
		t.Errorf("%d acknowledged meetings were lost", lost)
	}
	if n < kills {
		t.Errorf("only %d kills in %v; want %d", n, budget, kills)
	}
	if len(acked) < n/2 {
		t.Errorf("only %d meetings acknowledged over %d runs: the kills came before any save", len(acked), n)
	}
}

func TestCrashKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	w := newWorld(t)
	db := w.s.Path()
	w.s.Close()

	// One run to the end, to learn how long an import takes here.
	c := startChild(t, "import", db, 0)
	var lines []string
	var begun time.Time
	for l := range c.lines {
		if l == "begin" {
			begun = time.Now()
		}
		lines = append(lines, l)
	}
	full := time.Since(begun)
	if err := c.cmd.Wait(); err != nil || strings.Join(lines, ",") != "begin,committed" {
		t.Fatalf("uninterrupted import: %v, printed %q", err, lines)
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var all, none int
	for run := int64(1); run <= 15; run++ {
		c := startChild(t, "import", db, run)
		select {
		case <-c.lines: // "begin"
		case <-time.After(10 * time.Second):
			t.Fatal("the import child did not start")
		}
		time.Sleep(time.Duration(rng.Int63n(int64(full) * 13 / 10))) // a few land after the commit
		lines, err := c.kill()
		committed := len(lines) > 0 && lines[len(lines)-1] == "committed"
		if err != nil && !committed {
			t.Fatalf("run %d: the child failed by itself: %v", run, err)
		}
		s, err := data.Open(db)
		if err != nil {
			t.Fatalf("run %d: Open after the kill: %v", run, err)
		}
		var got int
		err = s.View(context.Background(), func(tx *data.Tx) error {
			rows, err := tx.Students(data.StudentFilter{Query: fmt.Sprintf("I%d-", run)})
			got = len(rows)
			return err
		})
		checkIntegrity(t, s)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case got == importSize:
			all++
		case got == 0 && !committed:
			none++
		default:
			t.Fatalf("run %d: %d of %d imported students are in the database (acknowledged: %v): not all or nothing", run, got, importSize, committed)
		}
	}
	t.Logf("import of %d students (%.2fs uninterrupted) killed 15 times: %d complete, %d rolled back entirely", importSize, full.Seconds(), all, none)
}

const crashPassphrase = "correct horse battery"

// TestCrashKillDuringBackupAndRestore kills backups (plain and encrypted)
// and restores at random moments, 200 times, checking after each kill
// that the database opens, is sound, has exactly its version's schema and
// its identity, and holds one of the two backups restored in turn (never
// a mixture, never nothing); at the end, that every backup that was
// acknowledged is complete and restorable, and that no temporary copy of
// the school is left beside the database, in its backups folder, or in
// the folders that received the backups.
func TestCrashKillDuringBackupAndRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 200 processes")
	}
	w := newWorld(t)
	ctx := context.Background()
	out, stick := t.TempDir(), t.TempDir()
	// Two backups of this database that differ: 10 and 25 meetings.
	counts := map[string]int{}
	var backups []string
	for _, n := range []int{10, 15} {
		w.logMeetings(t, n, strings.Repeat("notes ", 100))
		b := filepath.Join(t.TempDir(), fmt.Sprintf("with-%d.db", n))
		if err := w.s.Backup(ctx, b); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, b)
		counts[b] = len(dumpTables(t, b)["meetings"])
	}
	db, id := w.s.Path(), w.s.ID()
	w.s.Close()
	if err := data.Restore(ctx, db, backups[0]); err != nil {
		t.Fatal(err)
	}

	const kills = 200
	budget := 150 * time.Second
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var acked []string // backups the child said it made
	restored := 0
	start := time.Now()
	n := 0
	for ; n < kills && time.Since(start) < budget; n++ {
		mode, files := "restore", backups
		if n%2 == 0 {
			mode, files = "backup", []string{out, stick}
		}
		c := startChild(t, mode, db, int64(n), files...)
		time.Sleep(time.Duration(rng.Intn(400)) * time.Millisecond)
		lines, err := c.kill()
		if err != nil {
			t.Fatalf("kill %d (%s): the child failed by itself: %v", n+1, mode, err)
		}
		if mode == "backup" {
			acked = append(acked, lines...)
		} else {
			restored += len(lines)
		}
		s, err := data.Open(db)
		if err != nil {
			t.Fatalf("kill %d (%s): Open = %v", n+1, mode, err)
		}
		checkIntegrity(t, s)
		var meetings int
		err = s.View(ctx, func(tx *data.Tx) error {
			ms, err := tx.Meetings(data.MeetingFilter{})
			meetings = len(ms)
			return err
		})
		got := s.ID()
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != id {
			t.Fatalf("kill %d (%s): identity %s, want %s", n+1, mode, got, id)
		}
		if meetings != counts[backups[0]] && meetings != counts[backups[1]] {
			t.Fatalf("kill %d (%s): %d meetings, want %d or %d: the database is neither backup", n+1, mode, meetings, counts[backups[0]], counts[backups[1]])
		}
	}
	elapsed := time.Since(start)

	lost := 0
	scratch := filepath.Join(t.TempDir(), "scratch.db")
	for _, b := range acked {
		p, err := data.PrepareRestore(ctx, scratch, b, data.BackupOptions{Passphrase: crashPassphrase})
		if err != nil {
			t.Errorf("acknowledged backup %s: %v", filepath.Base(b), err)
			lost++
			continue
		}
		p.Discard()
	}
	s, err := data.Open(db) // removes what the last kill left
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, dir := range []string{filepath.Dir(db), filepath.Join(filepath.Dir(db), "backups"), out, stick} {
		if tmp, _ := filepath.Glob(filepath.Join(dir, ".mentorbook-*")); len(tmp) > 0 {
			t.Errorf("temporary files left in %s: %v", dir, tmp)
		}
	}
	t.Logf("%d kills in %.1fs: %d backups acknowledged (%d lost), %d restores acknowledged",
		n, elapsed.Seconds(), len(acked), lost, restored)
	if n < kills {
		t.Errorf("only %d kills in %v; want %d", n, budget, kills)
	}
	if len(acked) == 0 || restored == 0 {
		t.Errorf("%d backups and %d restores acknowledged: the kills came too early", len(acked), restored)
	}
}
