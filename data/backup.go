package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// BackupOptions adjust Backup and Restore.
type BackupOptions struct {
	// Passphrase, when set, encrypts the backup (age, scrypt) and is the
	// passphrase Restore tries on an encrypted backup.
	Passphrase string
	// Progress, when set, is told what a backup is doing and about how far
	// it has got, 0 to 1. Checking the copy takes most of the time (four
	// of the four and a half seconds for a 10,000-student school), so the
	// steps are weighted by what they took there.
	Progress func(done float64, doing string)
	// OtherDatabase lets Restore replace the database with a backup of
	// another database (ErrOtherDatabase): the person has been shown both
	// schools and confirmed.
	OtherDatabase bool
}

func optionsOf(opts []BackupOptions) BackupOptions {
	var o BackupOptions
	if len(opts) > 0 {
		o = opts[len(opts)-1]
	}
	return o
}

// scaled returns o with its progress told as a share f of the whole:
// the first part of a longer task.
func (o BackupOptions) scaled(f float64) BackupOptions {
	if p := o.Progress; p != nil {
		o.Progress = func(done float64, doing string) { p(done*f, doing) }
	}
	return o
}

func (o BackupOptions) report(done float64, doing string) {
	if o.Progress != nil {
		o.Progress(done, doing)
	}
}

// Names of the files in the backups folder. A backup is named by whose it
// is, then by the local time it was taken, so that the folder sorts by
// school and age and a counsellor can tell which one to restore:
//
//	mentorbook-hillside-primary-3f2a1b9c-2026-03-11T140000.db
//
// The school's name is for people; the first eight digits of the
// database's identity (see Store.ID) are for the program, which offers a
// database only its own backups, even when two databases share a folder.
// Backups taken before identities ("mentorbook-2026-03-11T140000.db") have
// neither; they can still be restored by choosing the file. Only automatic
// backups (no suffix after the time) are ever rotated away.
const (
	backupPrefix = "mentorbook-"
	backupLayout = "2006-01-02T150405"
)

var backupName = regexp.MustCompile(`^mentorbook-(?:(?:.*-)?([0-9a-f]{8})-)?(\d{4}-\d\d-\d\dT\d{6})(-[a-z-]*?)?(-\d+)?\.db(\.age)?$`)

// BackupDir returns the folder of automatic backups, "backups" beside the
// database, creating it readable by its owner only.
func BackupDir(dbPath string) (string, error) {
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the backups folder: %w", err)
	}
	return dir, nil
}

// Backup writes a verified copy of the database to dst (mode 0600), using
// SQLite's online backup API, so that saves made meanwhile are either in the
// copy or not, never half. The copy appears at dst only once it is complete,
// on disk, and has passed the integrity check; an existing dst is replaced
// only if it is an earlier backup (see CheckOutput).
// With a passphrase the copy is encrypted. A PostgreSQL database's backup
// is BackupPostgres's SQLite snapshot.
func (s *Store) Backup(ctx context.Context, dst string, opts ...BackupOptions) error {
	if s.dialect == postgresDialect {
		_, err := BackupPostgres(ctx, s.path, dst, opts...)
		return err
	}
	if err := s.CheckOutput(dst, OutputBackup, optionsOf(opts).Passphrase != ""); err != nil {
		return err
	}
	if err := backupTo(ctx, s.rdb, s.path, dst, optionsOf(opts)); err != nil {
		return err
	}
	line := "backup to " + dst + ", not encrypted"
	if optionsOf(opts).Passphrase != "" {
		line = "backup to " + dst + ", encrypted"
	}
	return s.Update(ctx, func(tx *Tx) error { return tx.Audit(ActBackup, "database", 0, line) })
}

// autoBackup is what a Store remembers of its automatic backups.
type autoBackup struct {
	mu     sync.Mutex
	marker string    // the state of the database the last automatic backup saved
	at     time.Time // when it was taken
}

// AutoBackup takes an automatic backup into BackupDir and rotates the old
// ones away (see Retain). It returns the new file, or "" when nothing has
// changed since the last automatic backup, whether this store took it or
// an earlier session did, so it is cheap to call before every import,
// restore or other risky step. The GUI runs KeepBackedUp.
func (s *Store) AutoBackup(ctx context.Context) (string, error) {
	return s.autoBackup(ctx, func(line string) error {
		return s.Update(ctx, func(tx *Tx) error { return tx.Audit(ActBackup, "database", 0, line) })
	})
}

// AutoBackupIn takes the automatic backup (see AutoBackup) from inside
// the write transaction tx, which it leaves uncommitted: the backup holds
// the database as committed, since tx's changes are not seen by other
// connections until it commits, and its audit line goes into tx. A change
// that deserves a backup of what was there (an import) calls it once every
// row has passed validation, just before the commit, so that a refused
// change leaves no backup and no audit line, and a failed backup leaves the
// change uncommitted.
func (s *Store) AutoBackupIn(ctx context.Context, tx *Tx) (string, error) {
	return s.autoBackup(ctx, func(line string) error { return tx.Audit(ActBackup, "database", 0, line) })
}

// autoBackup is AutoBackup, writing its audit line through audit.
//
// On PostgreSQL there are no automatic backups (the server's are its
// administrator's), and it returns "".
func (s *Store) autoBackup(ctx context.Context, audit func(line string) error) (string, error) {
	if s.dialect == postgresDialect {
		return "", nil
	}
	s.auto.mu.Lock()
	defer s.auto.mu.Unlock()
	marker, err := s.changeMarker(ctx)
	if err != nil {
		return "", err
	}
	if marker == s.auto.marker {
		return "", nil
	}
	dir, err := BackupDir(s.path)
	if err != nil {
		return "", err
	}
	if s.auto.marker == "" {
		if same, err := s.unchangedSinceAutoBackup(ctx, dir); err != nil || same {
			s.auto.marker = marker
			return "", err
		}
	}
	who, err := s.identity(ctx)
	if err != nil {
		return "", err
	}
	dst := freeName(dir, who, s.Now(), "")
	if err := backupTo(ctx, s.rdb, s.path, dst, BackupOptions{}); err != nil {
		return "", err
	}
	if err := audit("automatic backup " + filepath.Base(dst)); err != nil {
		return dst, err
	}
	// Taken after the audit line, so that the line alone does not count as a change.
	if s.auto.marker, err = s.changeMarker(ctx); err != nil {
		return dst, err
	}
	s.auto.at = s.Now()
	_, err = PruneBackups(dir, s.Now())
	return dst, err
}

// unchangedSinceAutoBackup reports whether the newest line of the audit
// log is the one an automatic backup wrote once its copy was verified, and
// that copy is still in dir. Every change writes an audit line, so then
// nothing has changed since: opening the program again need not copy a
// large database again.
func (s *Store) unchangedSinceAutoBackup(ctx context.Context, dir string) (bool, error) {
	var action, detail string
	err := s.rdb.QueryRowContext(ctx, `SELECT action, detail FROM audit ORDER BY id DESC LIMIT 1`).Scan(&action, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	name, ok := strings.CutPrefix(detail, "automatic backup ")
	if action != ActBackup || !ok || name != filepath.Base(name) {
		return false, nil
	}
	_, err = os.Stat(filepath.Join(dir, name))
	return err == nil, nil
}

// KeepBackedUp takes an automatic backup now and then one a day for as long
// as ctx lasts; the GUI runs it in a goroutine for the life of the window.
// It looks every hour rather than sleeping a day, because a laptop that
// sleeps does not count the hours it slept. Failures go to report, which
// may be nil.
func (s *Store) KeepBackedUp(ctx context.Context, report func(path string, err error)) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		s.auto.mu.Lock()
		due := s.auto.at.IsZero() || s.Now().Sub(s.auto.at) >= 24*time.Hour
		s.auto.mu.Unlock()
		if due {
			p, err := s.AutoBackup(ctx)
			if report != nil && (p != "" || err != nil) {
				report(p, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// changeMarker describes the database's state cheaply: every change writes
// an audit line, and any commit or checkpoint changes the files' sizes or
// times.
func (s *Store) changeMarker(ctx context.Context) (string, error) {
	var last sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, `SELECT max(id) FROM audit`).Scan(&last); err != nil {
		return "", err
	}
	m := strconv.FormatInt(last.Int64, 10)
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			m += fmt.Sprintf(" %d@%d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return m, nil
}

// BackupBeforeMigrate backs up the database at path into its backups folder
// before its schema is upgraded. It is meant for Options.BeforeMigrate and
// reads the file without changing it.
func BackupBeforeMigrate(path string) error {
	dir, err := BackupDir(path)
	if err != nil {
		return err
	}
	db, err := openDB(path, "mode=ro&_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	dst := freeName(dir, readIdentity(path), time.Now(), "-before-upgrade")
	return backupTo(context.Background(), db, path, dst, BackupOptions{})
}

// identity is the store's identity and school, for naming its backups.
func (s *Store) identity(ctx context.Context) (fileIdentity, error) {
	who := fileIdentity{ID: s.id, Known: true}
	err := s.rdb.QueryRowContext(ctx, `SELECT name FROM school WHERE id = 1`).Scan(&who.School)
	return who, err
}

// freeName returns a name in dir, not yet taken, for a backup of the
// database who taken at time t.
func freeName(dir string, who fileIdentity, t time.Time, suffix string) string {
	base := backupPrefix + namePart(who) + t.Format(backupLayout) + suffix
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		p := filepath.Join(dir, name+".db")
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Lstat(p + ".age"); errors.Is(err, os.ErrNotExist) {
				return p
			}
		}
	}
}

// backupTo copies the database open as src (whose file is srcPath) to dst
// through the online backup API: into a temporary file beside dst, verified,
// synced to disk, then renamed into place. With a passphrase the plain copy
// is made beside the database, which holds the same data anyway, and only
// the encrypted one is written where dst is: a stick or a shared drive never
// sees the plain bytes, not even deleted.
func backupTo(ctx context.Context, src *sql.DB, srcPath, dst string, opts BackupOptions) (err error) {
	return writeBackup(ctx, srcPath, dst, opts, func(plain string) error {
		opts.report(0, "Copying the database…")
		return copyOnline(ctx, src, plain, opts)
	})
}

// writeBackup writes a backup to dst: fill makes the verified plain copy
// in an empty temporary file, which is then synced, encrypted when opts
// ask, and renamed into place. srcPath is the database file, beside which
// the plain copy of an encrypted backup is made; "" for a database that
// is no file (PostgreSQL), whose plain copy is plainSnapshot's: in the
// system's temporary folder, private to the user (mode 0600), and removed
// by the next run or open if its process is killed.
func writeBackup(ctx context.Context, srcPath, dst string, opts BackupOptions, fill func(plain string) error) (err error) {
	passphrase := opts.Passphrase
	if passphrase != "" && len([]rune(passphrase)) < MinPassphrase {
		return ErrWeakPassphrase
	}
	plainDir := filepath.Dir(dst)
	var plain string
	forget := func() {}
	switch {
	case srcPath == "" && passphrase != "":
		plain, forget, err = plainSnapshot()
	case srcPath == "":
		plain, err = tempFile(plainDir, tempBackup+"*.tmp")
	default:
		if passphrase != "" {
			plainDir = filepath.Dir(srcPath)
		}
		plain, forget, err = notedTemp(plainDir, tempBackup, srcPath)
	}
	if err != nil {
		return err
	}
	defer forget()
	defer removeDB(plain) // after a successful rename there is nothing left to remove
	if err := fill(plain); err != nil {
		return err
	}
	if err := syncFile(plain); err != nil {
		return diskErr(err)
	}
	final := plain
	if passphrase != "" {
		opts.report(0.9, "Encrypting the copy…")
		enc, forgetEnc := "", func() {}
		if srcPath == "" {
			enc, err = tempFile(filepath.Dir(dst), tempBackup+"*.tmp")
		} else {
			enc, forgetEnc, err = notedTemp(filepath.Dir(dst), tempBackup, srcPath)
		}
		if err != nil {
			return err
		}
		defer forgetEnc()
		defer os.Remove(enc)
		if err := encryptFile(plain, enc, passphrase); err != nil {
			return err
		}
		final = enc
	}
	if err := ctx.Err(); err != nil {
		return err // the last moment a Cancel can still leave no backup behind
	}
	if err := os.Rename(final, dst); err != nil {
		return diskErr(fmt.Errorf("cannot write the backup: %w", err))
	}
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return diskErr(err)
	}
	opts.report(1, "Done.")
	return nil
}

// copyOnline runs the online backup from src into the empty file dst and
// checks the copy: SQLite's integrity check, our application ID and a
// schema version this program knows. The copy is left in rollback-journal
// mode so that it is one self-contained file.
func copyOnline(ctx context.Context, src *sql.DB, dst string, opts BackupOptions) error {
	ddb, err := openDB(dst, "")
	if err != nil {
		return err
	}
	defer ddb.Close()
	dconn, err := ddb.Conn(ctx)
	if err != nil {
		return diskErr(err)
	}
	defer dconn.Close()
	sconn, err := src.Conn(ctx)
	if err != nil {
		return classifyOpenErr(err)
	}
	defer sconn.Close()
	err = dconn.Raw(func(d any) error {
		return sconn.Raw(func(s any) error {
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", s.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			// One step holds one read transaction on the source for the
			// whole copy: writers carry on into the WAL, the copy stays one
			// consistent snapshot.
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		return diskErr(classifyOpenErr(fmt.Errorf("the backup failed: %w", err)))
	}
	if _, err := dconn.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return diskErr(err)
	}
	opts.report(0.1, "Checking the copy…")
	return verifyConn(ctx, dconn)
}

// verifyConn checks that the database on conn is a sound Mentorbook
// database of a version this program can open, with exactly the schema
// of its version.
func verifyConn(ctx context.Context, conn *sql.Conn) (err error) {
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // a Cancel interrupted the check; the file is not to blame
		}
	}()
	var appID, version int
	if err := conn.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	switch {
	case appID != ApplicationID:
		return ErrNotOurs
	case version > SchemaVersion():
		return fmt.Errorf("%w (its schema is version %d; this program knows up to %d)", ErrNewer, version, SchemaVersion())
	}
	if err := checkSchema(ctx, conn, version); err != nil {
		return err
	}
	if version < 1 {
		return ErrNotOurs // an empty database is nobody's backup
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// encryptFile encrypts plain into the empty file name and checks that it
// decrypts to the same bytes.
func encryptFile(plain, name, passphrase string) error {
	in, err := os.Open(plain)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer out.Close()
	w, err := Encrypt(out, passphrase)
	if err != nil {
		return err
	}
	sum := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, sum), in); err != nil {
		return diskErr(err)
	}
	if err := w.Close(); err != nil {
		return diskErr(err)
	}
	if err := out.Sync(); err != nil {
		return diskErr(err)
	}
	if err := out.Close(); err != nil {
		return diskErr(err)
	}
	// Read back what reached the disk: an encrypted backup that does not
	// open is worse than none, because nobody finds out until the day it
	// is needed.
	check, err := os.Open(name)
	if err != nil {
		return err
	}
	defer check.Close()
	r, err := Decrypt(check, passphrase)
	if err != nil {
		return fmt.Errorf("the encrypted backup does not read back: %w", err)
	}
	back := sha256.New()
	if _, err := io.Copy(back, r); err != nil {
		return fmt.Errorf("the encrypted backup does not read back: %w", err)
	}
	if string(back.Sum(nil)) != string(sum.Sum(nil)) {
		return errors.New("the encrypted backup does not read back the same")
	}
	return nil
}

// tempFile creates an empty file (mode 0600) in dir and returns its name.
func tempFile(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		if isReadOnly(err) {
			return "", fmt.Errorf("cannot write in %s: %w", dir, err)
		}
		return "", diskErr(err)
	}
	name := f.Name()
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		os.Remove(name)
		return "", err
	}
	return name, f.Close()
}

// removeDB removes a database file and whatever journal SQLite left beside it.
func removeDB(path string) {
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir survive a power cut. Windows cannot open a
// folder for syncing and makes renames durable itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// diskErr turns "no space left" into ErrDiskFull and leaves other errors be.
func diskErr(err error) error {
	if err == nil {
		return nil
	}
	if isDiskFull(err) || strings.Contains(err.Error(), "disk is full") {
		if !errors.Is(err, ErrDiskFull) {
			return fmt.Errorf("%w: %v", ErrDiskFull, err)
		}
	}
	return err
}

// Backup is one file in the backups folder.
type Backup struct {
	Path      string
	Taken     time.Time // from the name, in local time
	Size      int64
	Encrypted bool // by the name's .age ending
	Automatic bool // rotated by PruneBackups; other backups are kept until deleted by hand
	// Database is the first eight digits of the identity of the database
	// it is a backup of, from the name; "" for a backup named before
	// identities.
	Database string
}

// Of reports whether the backup's name says it is of the database with
// identity id.
func (b Backup) Of(id string) bool { return id != "" && b.Database == shortID(id) }

// Backups lists the backups in the database's backups folder, newest
// first: those of every database that keeps its backups there (see
// Backup.Of).
func Backups(dbPath string) ([]Backup, error) {
	dir := filepath.Join(filepath.Dir(dbPath), "backups")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Backup
	for _, e := range entries {
		name := e.Name()
		b, ok := parseBackupName(name)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		b.Path = filepath.Join(dir, name)
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Taken.Equal(out[j].Taken) {
			return out[i].Taken.After(out[j].Taken)
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}

// parseBackupName reads from a backup's file name when it was taken, of
// which database, and whether it is an automatic one. A second backup
// within the same second ("…-2.db") counts a millisecond later, so that it
// sorts after the first.
func parseBackupName(name string) (b Backup, ok bool) {
	m := backupName.FindStringSubmatch(name)
	if m == nil {
		return Backup{}, false
	}
	t, err := time.ParseInLocation(backupLayout, m[2], time.Local)
	if err != nil {
		return Backup{}, false
	}
	if m[4] != "" {
		n, _ := strconv.Atoi(m[4][1:])
		t = t.Add(time.Duration(n) * time.Millisecond)
	}
	return Backup{Taken: t, Database: m[1], Automatic: m[3] == "", Encrypted: m[5] != ""}, true
}

// NewestBackup returns the newest backup of the database at dbPath, or ""
// if it has none. The window offers it when Open refuses a damaged file,
// so the identity is read from the file even when SQLite cannot read it;
// when it cannot be found at all, no backup is offered: in a folder that
// two schools share, the newest backup may be the other school's.
func NewestBackup(dbPath string) (string, error) {
	id := readIdentity(dbPath).ID
	bs, err := Backups(dbPath)
	if err != nil {
		return "", err
	}
	for _, b := range bs {
		if b.Of(id) {
			return b.Path, nil
		}
	}
	return "", nil
}

// Retention is how many automatic backups rotation keeps: the newest Last
// ones, and the newest of each of the last Daily days, Weekly ISO weeks
// and Monthly months that have a backup.
type Retention struct {
	Last, Daily, Weekly, Monthly int
}

// DefaultRetention keeps 7 daily, 5 weekly and 12 monthly copies, and the
// last 3 whatever their day: the backup taken before an import survives
// the one taken after it.
var DefaultRetention = Retention{Last: 3, Daily: 7, Weekly: 5, Monthly: 12}

// Retain chooses which of the backups taken at the given times to keep. It
// returns one flag per time, in the order given.
func Retain(times []time.Time, r Retention) []bool {
	order := make([]int, len(times))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return times[order[a]].After(times[order[b]]) })
	keep := make([]bool, len(times))
	rules := []struct {
		n   int
		key func(k int, t time.Time) string
	}{
		{r.Last, func(k int, _ time.Time) string { return strconv.Itoa(k) }}, // each backup its own bucket
		{r.Daily, func(_ int, t time.Time) string { return t.Format("2006-01-02") }},
		{r.Weekly, func(_ int, t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) }},
		{r.Monthly, func(_ int, t time.Time) string { return t.Format("2006-01") }},
	}
	for _, rule := range rules {
		left, last := rule.n, ""
		for k, i := range order {
			if left <= 0 {
				break
			}
			if key := rule.key(k, times[i]); key != last {
				keep[i] = true
				last = key
				left--
			}
		}
	}
	return keep
}

// PruneBackups deletes the automatic backups in dir that DefaultRetention
// does not keep, and temporary files a crash left behind, and returns what
// it deleted. Backups named otherwise (taken before an upgrade or a
// restore, or by hand) are never touched.
func PruneBackups(dir string, now time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	// Each database's backups are rotated on their own: two databases in
	// one folder must not rotate each other's away.
	type series struct {
		names []string
		times []time.Time
	}
	byDatabase := map[string]*series{}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".mentorbook-backup-") && strings.HasSuffix(name, ".tmp") {
			if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > 24*time.Hour {
				removeDB(filepath.Join(dir, name))
				removed = append(removed, name)
			}
			continue
		}
		b, ok := parseBackupName(name)
		if !ok || !b.Automatic || !e.Type().IsRegular() {
			continue
		}
		sr := byDatabase[b.Database]
		if sr == nil {
			sr = &series{}
			byDatabase[b.Database] = sr
		}
		sr.names = append(sr.names, name)
		sr.times = append(sr.times, b.Taken)
	}
	var errs []error
	for _, sr := range byDatabase {
		for i, keep := range Retain(sr.times, DefaultRetention) {
			if keep {
				continue
			}
			if err := os.Remove(filepath.Join(dir, sr.names[i])); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, sr.names[i])
		}
	}
	sort.Strings(removed)
	return removed, errors.Join(errs...)
}

// NewBackupPath returns a free name for a backup taken now in the
// database's backups folder, named like the automatic ones so that it joins
// their rotation; encrypted backups end in .age.
func (s *Store) NewBackupPath(ctx context.Context, encrypted bool) (string, error) {
	if s.dialect == postgresDialect {
		return "", ErrPostgresBackup
	}
	dir, err := BackupDir(s.path)
	if err != nil {
		return "", err
	}
	who, err := s.identity(ctx)
	if err != nil {
		return "", err
	}
	p := freeName(dir, who, s.Now(), "")
	if encrypted {
		p += ".age"
	}
	return p, nil
}
