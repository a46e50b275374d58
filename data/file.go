package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"
)

// ErrDiskFull is returned when the disk has no room for a save or a backup.
// SQLite rolls the transaction back, so nothing is half-written.
var ErrDiskFull = errors.New("the disk is full, so nothing was saved; free some space and try again")

// ErrInUse is returned by Open and Restore while another Mentorbook window
// or command has the database open.
//
// Two windows on one file are refused rather than allowed. SQLite alone
// would keep the file consistent (WAL, a busy timeout, BEGIN IMMEDIATE), but
// a restore replaces the file and removes its -wal and -shm, which would
// silently drop the saves of a second process still holding the old file;
// and two counsellors editing the same pairing in two windows would overwrite
// each other's work without either being told. One process at a time is the
// rule, enforced by an operating-system lock on a small file beside the
// database, which the kernel releases when the process ends, however it ends.
var ErrInUse = errors.New("the database is in use by another Mentorbook window or command; close it first")

// errLocked is what the platform's lockFile returns when another process
// holds the lock.
var errLocked = errors.New("locked")

// fileLock is the held lock of one database: the lock file beside it,
// which stands for its name, and a lock on the database file itself, which
// follows the file whatever its name: two names for one file (a hard link,
// a second path through a symbolic link) are one database, and one writer.
// The name's lock is what a restore keeps while it puts another file under
// that name.
type fileLock struct{ name, file *os.File }

// lockPath is the file whose lock stands for the database's name.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// lockDatabase takes the lock of the database at dbPath without waiting.
func lockDatabase(dbPath string) (*fileLock, error) {
	file, err := lockInode(dbPath)
	if err != nil {
		return nil, lockErr(err)
	}
	return lockName(dbPath, file)
}

// lockName takes the lock of the database's name, to go with file, the
// lock of the file itself (see lockInode), which it closes on failure.
func lockName(dbPath string, file *os.File) (*fileLock, error) {
	name, err := lockFile(lockPath(dbPath))
	if err != nil {
		if file != nil {
			file.Close()
		}
		return nil, lockErr(err)
	}
	return &fileLock{name: name, file: file}, nil
}

func lockErr(err error) error {
	switch {
	case errors.Is(err, errLocked):
		return ErrInUse
	case isReadOnly(err):
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	}
	return fmt.Errorf("cannot lock the database: %w", err)
}

// release gives the lock up; a nil lock is already released.
func (l *fileLock) release() error {
	if l == nil {
		return nil
	}
	var err error
	for _, f := range []**os.File{&l.file, &l.name} {
		if *f != nil {
			err = errors.Join(err, (*f).Close()) // closing the last descriptor drops the lock
			*f = nil
		}
	}
	return err
}

// checkWritable fails with ErrReadOnly when the database file or its folder
// cannot be written. It writes nothing to the file: SQLite would otherwise
// open a read-only file quietly and fail only at the first save, after the
// counsellor had typed a meeting in.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if isReadOnly(err) {
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
		return fmt.Errorf("cannot open the database: %w", err)
	}
	f.Close()
	// The -wal and -shm files are created beside the database.
	probe, err := os.CreateTemp(filepath.Dir(path), tempProbe+tempTag(path)+"-*")
	if err != nil {
		if isReadOnly(err) {
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		}
		return fmt.Errorf("cannot write in the database's folder: %w", err)
	}
	probe.Close()
	// Gone already if the process that holds the database removed it as
	// a leftover; that process then holds the lock too (ErrInUse).
	if err := os.Remove(probe.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// damaged is err, met while SQLite read a database, as what it means: a
// full disk or a read-only one when SQLite says so (reading a WAL database
// makes its -shm, which a full disk cannot hold), else ErrCorrupt. A full
// disk is not damage, and the window must not offer to restore a backup
// over a sound file.
func damaged(err error) error {
	if ferr := fileFault(err); ferr != nil {
		return ferr
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}

// fileFault returns ErrDiskFull or ErrReadOnly, wrapping err, when SQLite's
// err says the disk is full or cannot be written; nil otherwise.
func fileFault(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch {
	case se.Code == sqlite3.ErrFull || isDiskFull(se.SystemErrno):
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	case se.Code == sqlite3.ErrReadonly || isReadOnly(se.SystemErrno):
		return fmt.Errorf("%w: %v", ErrReadOnly, err)
	}
	return nil
}
