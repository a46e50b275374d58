//go:build unix

package data

import (
	"errors"
	"os"
	"syscall"
)

// lockFile opens (creating, mode 0600) and locks the file at path. flock,
// not fcntl, so that it never interferes with SQLite's own fcntl locks on
// the database.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return flock(f)
}

// flock locks f without waiting, or closes it.
func flock(f *os.File) (*os.File, error) {
	var err error
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}

// lockInode locks the database file at path itself (flock, which follows
// the file, not its name), or returns nil when there is no file yet. The
// descriptor stays open while the lock is held and is closed only after
// SQLite has closed the database: closing a descriptor of a file drops the
// process's fcntl locks on it, SQLite's among them.
func lockInode(path string) (*os.File, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return flock(f)
}

// isReadOnly reports whether err means the file or folder cannot be written.
func isReadOnly(err error) bool {
	return errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// isDiskFull reports whether err means the disk has no space left.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
