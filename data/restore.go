package data

import (
	"bytes"
	"context"
	"database/sql"
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
	lock, err := lockDatabase(dbPath)
	if err != nil {
		return err
	}
	defer func() { lock.release() }()
	dir := filepath.Dir(dbPath)
	tmp, err := tempFile(dir, ".mentorbook-restore-*.tmp")
	if err != nil {
		return err
	}
	defer removeDB(tmp)
	if err := copyBackup(backupFile, tmp, passphraseOf(opts)); err != nil {
		return err
	}
	if err := checkRestorable(ctx, tmp); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return diskErr(err)
	}
	if err := setAside(ctx, dbPath); err != nil {
		return fmt.Errorf("the current database could not be backed up, so it was not replaced: %w", err)
	}
	// The old -wal would be replayed into the restored file and damage it;
	// setAside has checkpointed it (or copied it, if the file was damaged).
	for _, p := range []string{dbPath + "-wal", dbPath + "-shm", dbPath + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("cannot remove %s: %w", p, err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return diskErr(fmt.Errorf("cannot replace the database: %w", err))
	}
	if err := syncDir(dir); err != nil {
		return diskErr(err)
	}
	s, err := open(dbPath, lock)
	if err != nil {
		return fmt.Errorf("the backup was restored but does not open: %w", err)
	}
	lock = nil // the store holds it now and releases it on Close
	err = s.Update(ctx, func(tx *Tx) error {
		return tx.Audit(ActRestore, "database", 0, "restored from "+filepath.Base(backupFile))
	})
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
	db, err := sql.Open("sqlite3", "file:"+escapePath(path))
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
func setAside(ctx context.Context, dbPath string) error {
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
	db, err := sql.Open("sqlite3", "file:"+escapePath(dbPath)+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	if err := backupTo(ctx, db, dbPath, freeName(dir, time.Now(), "-before-restore"), ""); err != nil {
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
