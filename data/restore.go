package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Restore replaces the database at dbPath with the backup in backupFile.
// The database must not be open, here or in another window (ErrInUse).
//
// Nothing is replaced until the backup has been checked in full: an SQLite
// file, ours, not newer than this program, passing the integrity check; an
// encrypted backup needs opts' passphrase (ErrNeedPassphrase,
// ErrWrongPassphrase). The current database is then backed up into the
// backups folder ("…-before-restore"; a damaged one is copied as it is),
// and the checked copy takes its place with one rename, so that a crash at
// any moment leaves either the old database or the restored one. A backup
// of an older schema is upgraded. The restore is written to the audit log.
func Restore(ctx context.Context, dbPath, backupFile string, opts ...BackupOptions) error {
	// Refuse at once if the database is in use, before minutes of checking.
	lock, err := lockDatabase(dbPath)
	if err != nil {
		return err
	}
	defer func() { lock.release() }()
	p, err := PrepareRestore(ctx, dbPath, backupFile, opts...)
	if err != nil {
		return err
	}
	defer p.Discard()
	err = p.replace(ctx, lock)
	lock = nil // replace released it, or handed it to the store it opened and closed
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
}

// PrepareRestore checks backupFile (see Restore) and copies it beside the
// database at dbPath, which it does not touch and which may be open.
func PrepareRestore(ctx context.Context, dbPath, backupFile string, opts ...BackupOptions) (*PreparedRestore, error) {
	o := optionsOf(opts)
	tmp, err := tempFile(filepath.Dir(dbPath), ".mentorbook-restore-*.tmp")
	if err != nil {
		return nil, err
	}
	o.report(0, "Reading the backup…")
	err = copyBackup(backupFile, tmp, o.Passphrase)
	if err == nil {
		o.report(0.05, "Checking the backup…")
		err = checkRestorable(ctx, tmp)
	}
	if err == nil {
		err = diskErr(syncFile(tmp))
	}
	if err != nil {
		removeDB(tmp)
		return nil, err
	}
	return &PreparedRestore{dbPath: dbPath, backupFile: backupFile, tmp: tmp, opts: o}, nil
}

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

// replace does Replace's work holding lock, which it releases, or hands
// to the store it opens to write the audit line and then closes.
func (p *PreparedRestore) replace(ctx context.Context, lock *fileLock) error {
	defer func() { lock.release() }()
	setAsideOpts := BackupOptions{Progress: func(done float64, _ string) {
		p.opts.report(0.5+0.45*done, "Backing up the database as it is now…")
	}}
	if err := setAside(ctx, p.dbPath, setAsideOpts); err != nil {
		return fmt.Errorf("the current database could not be backed up, so it was not replaced: %w", err)
	}
	p.opts.report(0.95, "Replacing the database…")
	// The old -wal would be replayed into the restored file and damage it;
	// setAside has checkpointed it (or copied it, if the file was damaged).
	for _, f := range []string{p.dbPath + "-wal", p.dbPath + "-shm", p.dbPath + "-journal"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("cannot remove %s: %w", f, err)
		}
	}
	if err := os.Rename(p.tmp, p.dbPath); err != nil {
		return diskErr(fmt.Errorf("cannot replace the database: %w", err))
	}
	if err := syncDir(filepath.Dir(p.dbPath)); err != nil {
		return diskErr(err)
	}
	s, err := open(p.dbPath, lock)
	if err != nil {
		return fmt.Errorf("the backup was restored but does not open: %w", err)
	}
	lock = nil // the store holds it now and releases it on Close
	err = s.Update(ctx, func(tx *Tx) error {
		return tx.Audit(ActRestore, "database", 0, "restored from "+filepath.Base(p.backupFile))
	})
	p.opts.report(1, "Done.")
	return errors.Join(err, s.Close())
}

// copyBackup copies (or decrypts) the backup into dst, which exists.
func copyBackup(backupFile, dst, passphrase string) error {
	in, err := os.Open(backupFile)
	if err != nil {
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	defer in.Close()
	var r io.Reader = in
	head := make([]byte, len(ageMagic))
	n, _ := io.ReadFull(in, head)
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if bytes.Equal(head[:n], ageMagic) {
		if r, err = Decrypt(in, passphrase); err != nil {
			return err
		}
	}
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
// is no backup of ours. The copy is private, so it may be written: it is
// left as one self-contained file without a -wal.
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
	if _, err := conn.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return diskErr(classifyOpenErr(err))
	}
	return nil
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
	if inspect(dbPath) != nil {
		dst := freeName(dir, time.Now(), "-before-restore-damaged")
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
	if err := backupTo(ctx, db, dbPath, freeName(dir, time.Now(), "-before-restore"), opts); err != nil {
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
