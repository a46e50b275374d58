package data

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// ErrOtherDatabase is returned by Restore and Replace for a backup of
// another database than the one it would replace, unless the person has
// confirmed it (BackupOptions.OtherDatabase, PreparedRestore.ConfirmOther).
// Two schools' databases may share a folder; one click must never put
// school B where school A was.
var ErrOtherDatabase = errors.New("this backup is of another database")

// OtherDatabaseError names both schools of a backup of another database.
type OtherDatabaseError struct {
	Backup, Current string // the schools' names, "" for a school without one
}

func (e *OtherDatabaseError) Error() string {
	return fmt.Sprintf("this backup is of another database (%s), not of the one it would replace (%s)",
		schoolName(e.Backup), schoolName(e.Current))
}

func (e *OtherDatabaseError) Is(target error) bool { return target == ErrOtherDatabase }

func schoolName(name string) string {
	if name == "" {
		return "a school without a name"
	}
	return name
}

// Restore replaces the database at dbPath with the backup in backupFile.
// The database must not be open, here or in another window (ErrInUse).
//
// Nothing is replaced until the backup has been checked in full: an SQLite
// file (its header is read before anything is copied), ours, not newer than
// this program, with exactly the schema of its version, passing the
// integrity check, and a backup of this database (ErrOtherDatabase, unless
// opts.OtherDatabase); an encrypted backup needs opts' passphrase
// (ErrNeedPassphrase, ErrWrongPassphrase). The current database is then
// backed up into the backups folder ("…-before-restore"; a damaged one is
// copied as it is), and the checked copy takes its place with one rename,
// so that a crash at any moment leaves either the old database or the
// restored one. A backup of an older schema is upgraded. If the restored
// file does not open, or its audit line cannot be written, the database
// it replaced is put back. The restore is written to the audit log.
func Restore(ctx context.Context, dbPath, backupFile string, opts ...BackupOptions) error {
	if IsPostgres(dbPath) {
		return ErrPostgresRestore
	}
	// Refuse at once if the database is in use, before minutes of checking.
	lock, err := lockDatabase(dbPath)
	if err != nil {
		return err
	}
	defer func() { lock.release() }()
	removeLeftovers(dbPath, time.Now()) // holding the lock, as Open does
	p, err := PrepareRestore(ctx, dbPath, backupFile, opts...)
	if err != nil {
		return err
	}
	defer p.Discard()
	err = p.replace(ctx, lock)
	lock = nil // replace released it
	return err
}

// A PreparedRestore is a backup that has been checked and copied beside
// the database, ready to take its place. The GUI prepares a restore while
// its database is still open, so that a wrong passphrase or a damaged
// backup leaves the window working, and closes the database only to
// Replace it.
type PreparedRestore struct {
	dbPath, backupFile, tmp string
	opts                    BackupOptions
	other                   *OtherDatabaseError // nil for the database's own backup
}

// PrepareRestore checks backupFile (see Restore) and copies it beside the
// database at dbPath, which it does not touch and which may be open. A
// backup of another database is prepared too: Other says so, and Replace
// refuses it until ConfirmOther.
func PrepareRestore(ctx context.Context, dbPath, backupFile string, opts ...BackupOptions) (*PreparedRestore, error) {
	if IsPostgres(dbPath) {
		return nil, ErrPostgresRestore
	}
	o := optionsOf(opts)
	o.report(0, "Reading the backup…")
	in, r, err := openBackup(backupFile, o.Passphrase)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	tmp, err := tempFile(filepath.Dir(dbPath), tempPattern(tempRestore, dbPath))
	if err != nil {
		return nil, err
	}
	err = copyTo(r, tmp)
	if err == nil {
		o.report(0.05, "Checking the backup…")
		err = checkRestorable(ctx, tmp)
	}
	var other *OtherDatabaseError
	if err == nil {
		other, err = adoptIdentity(tmp, readIdentity(dbPath))
	}
	if err == nil {
		err = diskErr(syncFile(tmp))
	}
	if err != nil {
		removeDB(tmp)
		return nil, err
	}
	return &PreparedRestore{dbPath: dbPath, backupFile: backupFile, tmp: tmp, opts: o, other: other}, nil
}

// Other returns whose the backup is when it is not a backup of the
// database it would replace, and nil when it is.
func (p *PreparedRestore) Other() *OtherDatabaseError { return p.other }

// ConfirmOther records that the person has confirmed restoring a backup
// of another database, having been shown both schools (see Other).
func (p *PreparedRestore) ConfirmOther() { p.opts.OtherDatabase = true }

// Discard removes the prepared copy; after Replace there is nothing left
// to remove, so it is safe to defer.
func (p *PreparedRestore) Discard() { removeDB(p.tmp) }

// Replace puts the prepared backup in the database's place. The database
// must be closed by now (ErrInUse).
func (p *PreparedRestore) Replace(ctx context.Context) error {
	lock, err := lockDatabase(p.dbPath)
	if err != nil {
		return err
	}
	return p.replace(ctx, lock)
}

// replace does Replace's work holding lock, which it releases.
func (p *PreparedRestore) replace(ctx context.Context, lock *fileLock) error {
	defer lock.release()
	if p.other != nil && !p.opts.OtherDatabase {
		return p.other
	}
	setAsideOpts := BackupOptions{Progress: func(done float64, _ string) {
		p.opts.report(0.5+0.45*done, "Backing up the database as it is now…")
	}}
	if err := setAside(ctx, p.dbPath, setAsideOpts); err != nil {
		return fmt.Errorf("the current database could not be backed up, so it was not replaced: %w", err)
	}
	p.opts.report(0.95, "Replacing the database…")
	if err := ctx.Err(); err != nil {
		return err // the last moment a Cancel leaves the database as it was
	}
	old, err := keepAside(p.dbPath)
	if err != nil {
		return fmt.Errorf("the database could not be kept aside, so it was not replaced: %w", err)
	}
	if err := os.Rename(p.tmp, p.dbPath); err != nil {
		putBack(p.dbPath, old)
		return diskErr(fmt.Errorf("cannot replace the database: %w", err))
	}
	err = syncDir(filepath.Dir(p.dbPath))
	if err == nil {
		err = p.finish(ctx, lock)
	}
	if err != nil {
		if perr := putBack(p.dbPath, old); perr != nil {
			return fmt.Errorf("the restored database does not open (%w), and the one it replaced could not be put back: %v; it is in the backups folder", err, perr)
		}
		return fmt.Errorf("the restored database does not open, so the one it replaced was put back: %w", err)
	}
	removeDB(old)
	p.opts.report(1, "Done.")
	return nil
}

// finish opens the restored database, which upgrades an older schema,
// and writes the audit line, holding lock throughout.
func (p *PreparedRestore) finish(ctx context.Context, lock *fileLock) error {
	p.opts.report(0.97, "Opening the restored database…")
	s, err := open(p.dbPath, lock)
	if err != nil {
		return err
	}
	err = s.Update(ctx, func(tx *Tx) error {
		detail := "restored from " + filepath.Base(p.backupFile)
		if p.other != nil {
			detail += fmt.Sprintf(", a backup of %s, in place of %s (confirmed)", schoolName(p.other.Backup), schoolName(p.other.Current))
		}
		return tx.Audit(ActRestore, "database", 0, detail)
	})
	s.lock = nil // the lock stays with the restore until the end
	return errors.Join(err, s.Close())
}

// keepAside gives the database at dbPath a second, temporary name, so that
// it can be put back if the restored one fails, and moves its -wal (which
// setAside has checkpointed, or copied if the file was damaged) beside it.
// The database stays in place throughout: a crash now leaves it as it was,
// and the next Open removes the temporary name.
func keepAside(dbPath string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dbPath), tempPattern(tempRestore, dbPath))
	if err != nil {
		return "", diskErr(err)
	}
	old := f.Name()
	f.Close()
	os.Remove(old)
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		return "", nil // nothing to keep
	}
	if err := os.Link(dbPath, old); err != nil {
		// A file system without hard links (FAT on a stick): a copy.
		if err := copyFile(dbPath, old); err != nil {
			return "", err
		}
	}
	if err := os.Rename(dbPath+"-wal", old+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		removeDB(old)
		return "", fmt.Errorf("cannot move %s: %w", dbPath+"-wal", err)
	}
	for _, f := range []string{dbPath + "-shm", dbPath + "-journal"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Rename(old+"-wal", dbPath+"-wal")
			removeDB(old)
			return "", fmt.Errorf("cannot remove %s: %w", f, err)
		}
	}
	return old, nil
}

// putBack returns the database kept aside as old to dbPath.
func putBack(dbPath, old string) error {
	for _, f := range []string{dbPath + "-wal", dbPath + "-shm", dbPath + "-journal"} {
		os.Remove(f)
	}
	if old == "" {
		return os.Remove(dbPath) // there was none: there is none again
	}
	if err := os.Rename(old, dbPath); err != nil {
		return err
	}
	if err := os.Rename(old+"-wal", dbPath+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(dbPath))
}

// openBackup opens a backup file for reading, decrypting it when it is
// encrypted, and reads its header before anything is copied: a file that
// is not an SQLite database, not ours, or newer than this program is
// refused at once, however large it is.
func openBackup(backupFile, passphrase string) (io.Closer, io.Reader, error) {
	in, err := os.Open(backupFile)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read the backup: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			in.Close()
		}
	}()
	br := bufio.NewReaderSize(in, 64<<10)
	var r io.Reader = br
	if head, _ := br.Peek(len(ageMagic)); bytes.Equal(head, ageMagic) {
		d, err := Decrypt(br, passphrase)
		if err != nil {
			return nil, nil, err
		}
		br = bufio.NewReaderSize(d, 64<<10)
		r = br
	}
	head, _ := br.Peek(100)
	if len(head) < 100 || !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return nil, nil, ErrNotSQLite
	}
	// The header's user version (offset 60) and application ID (68); a
	// backup is one file, without a -wal that could say otherwise.
	version, appID := binary.BigEndian.Uint32(head[60:]), binary.BigEndian.Uint32(head[68:])
	switch {
	case appID != ApplicationID:
		return nil, nil, ErrNotOurs
	case int64(version) > int64(SchemaVersion()):
		return nil, nil, fmt.Errorf("%w (its schema is version %d; this program knows up to %d)", ErrNewer, version, SchemaVersion())
	}
	ok = true
	return in, r, nil
}

// copyTo copies r into dst, which exists.
func copyTo(r io.Reader, dst string) error {
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		if errors.Is(err, os.ErrClosed) || isDiskFull(err) {
			return diskErr(err)
		}
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	return diskErr(out.Close())
}

// checkRestorable checks the copy of a backup the way Open checks a
// database, but strictly: an empty file or one without our application ID
// is no backup of ours. The copy is private, so it may be written.
func checkRestorable(ctx context.Context, path string) error {
	if _, isSQLite, err := sqliteHeader(path); err != nil {
		return err
	} else if !isSQLite {
		return ErrNotSQLite
	}
	db, err := openDB(path, "")
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return classifyOpenErr(err)
	}
	defer conn.Close()
	if err := verifyConn(ctx, conn); err != nil {
		return err
	}
	// WAL, as the database it becomes is: switching a file to WAL once it
	// is in the database's place would be a write in rollback-journal mode,
	// which a kill could leave half-done. Closed, it is one file all the same.
	if _, err := conn.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return diskErr(classifyOpenErr(err))
	}
	return nil
}

// adoptIdentity compares the identity of the checked backup copy at tmp
// with that of the database it would replace, and returns whose the backup
// is when it is another database's. A backup made before identities is
// judged by its school's name and, when it is the same school's, given
// the database's identity, so that restoring it keeps it.
func adoptIdentity(tmp string, current fileIdentity) (*OtherDatabaseError, error) {
	backup := readIdentity(tmp)
	if !backup.Known {
		return nil, fmt.Errorf("%w: the backup's school cannot be read", ErrCorrupt)
	}
	if !current.Known && current.ID == "" || current.Empty {
		return nil, nil // nothing there (missing, new, unreadable): nothing to mistake
	}
	same := backup.School == current.School
	if backup.ID != "" && current.ID != "" {
		same = backup.ID == current.ID
	}
	if !same {
		return &OtherDatabaseError{Backup: backup.School, Current: current.School}, nil
	}
	if backup.ID == "" && current.ID != "" {
		db, err := openDB(tmp, "")
		if err != nil {
			return nil, err
		}
		defer db.Close()
		if _, err := db.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, idKey, current.ID); err != nil {
			return nil, diskErr(classifyOpenErr(err))
		}
	}
	return nil, nil
}

// setAside backs up the database that a restore is about to replace, and
// checkpoints its WAL into it. A sound database is copied through the backup
// API; anything else (damaged, not ours) is copied byte for byte with its
// -wal, because the file a restore replaces may be the only copy of
// something.
func setAside(ctx context.Context, dbPath string, opts BackupOptions) error {
	fi, err := os.Stat(dbPath)
	if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	dir, err := BackupDir(dbPath)
	if err != nil {
		return err
	}
	who := readIdentity(dbPath)
	if inspect(dbPath) != nil {
		dst := freeName(dir, who, time.Now(), "-before-restore-damaged")
		if err := copyFile(dbPath, dst); err != nil {
			return err
		}
		if _, err := os.Stat(dbPath + "-wal"); err == nil {
			return copyFile(dbPath+"-wal", dst+"-wal")
		}
		return nil
	}
	db, err := openDB(dbPath, "_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	if err := backupTo(ctx, db, dbPath, freeName(dir, who, time.Now(), "-before-restore"), opts); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// copyFile copies src to a new file dst (mode 0600) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return diskErr(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return diskErr(err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return diskErr(err)
	}
	return out.Close()
}
