package data

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// Temporary files hold a whole copy of the school (a backup being made, a
// backup being restored, the database a restore is replacing), so a run
// killed half-way leaves student data behind. Their names carry no
// personal data, only a tag of the database they belong to, so that the
// next Open of that database, which holds its lock and so knows that no
// other process is making them, removes them:
//
//	.mentorbook-backup-<tag>-<random>.tmp    a backup being made
//	.mentorbook-restore-<tag>-<random>.tmp   a restore's copy, or the database it replaces
//	.mentorbook-output-<tag>-<random>.tmp    an export or a report being written (Store.CreateOutput)
//	.mentorbook-<kind>-<tag>-<random>.where  beside the database: the path of such a file
//	                                         being made in another folder (--out, a stick),
//	                                         or a pattern for those of a folder batch (OutputFolder)
const (
	tempBackup  = ".mentorbook-backup-"
	tempRestore = ".mentorbook-restore-"
	tempOutput  = ".mentorbook-output-"
	tempProbe   = ".mentorbook-probe-" // checkWritable's, empty
)

// isTemp reports whether name is a temporary file (not a note) of the
// database tagged tag.
func isTemp(name, tag string) bool {
	for _, kind := range []string{tempBackup, tempRestore, tempOutput} {
		if strings.HasPrefix(name, kind+tag+"-") {
			return true
		}
	}
	return false
}

// tempTag is the tag of the database at dbPath in its temporary files: a
// digest of its absolute path.
func tempTag(dbPath string) string {
	p, err := filepath.Abs(dbPath)
	if err != nil {
		p = dbPath
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(dir, filepath.Base(p))
	}
	sum := sha256.Sum256([]byte(p))
	return hex.EncodeToString(sum[:6])
}

// tempPattern is the os.CreateTemp pattern of a temporary file of kind
// (tempBackup or tempRestore) of the database at dbPath.
func tempPattern(kind, dbPath string) string { return kind + tempTag(dbPath) + "-*.tmp" }

// notedTemp creates an empty temporary file (mode 0600) of kind for the
// database at dbPath in dir. Open looks for leftovers beside the database
// and in its backups folder; in any other folder the file's path is noted
// beside the database before the file is made, so that Open finds it all
// the same. forget removes the note once the file is gone (renamed into
// place or removed).
func notedTemp(dir, kind, dbPath string) (name string, forget func(), err error) {
	forget = func() {}
	if sameDir(dir, filepath.Dir(dbPath)) || sameDir(dir, filepath.Join(filepath.Dir(dbPath), "backups")) {
		name, err = tempFile(dir, tempPattern(kind, dbPath))
		return name, forget, err
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return "", nil, err
	}
	note, err := tempFile(filepath.Dir(dbPath), kind+tempTag(dbPath)+"-*.where")
	if err != nil {
		return "", nil, err
	}
	for {
		name = filepath.Join(dir, fmt.Sprintf("%s%s-%d.tmp", kind, tempTag(dbPath), rand.Uint32()))
		if err = os.WriteFile(note, []byte(name), 0o600); err != nil {
			break
		}
		var f *os.File
		if f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			return name, func() { os.Remove(note) }, f.Close()
		}
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	os.Remove(note)
	if isReadOnly(err) {
		return "", nil, fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	return "", nil, diskErr(err)
}

func sameDir(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// removeNoted removes the file a note beside the database points to, if
// it is one of that database's temporary files, and the note.
func removeNoted(note, tag string) {
	b, err := os.ReadFile(note)
	if err == nil && len(b) < 4096 {
		p := string(b)
		if base := filepath.Base(p); isTemp(base, tag) && !strings.HasSuffix(base, ".where") {
			// An OutputFolder's note names a pattern for its folder's files.
			names := []string{p}
			if strings.Contains(base, "*") {
				names, _ = filepath.Glob(p)
			}
			for _, name := range names {
				if isTemp(filepath.Base(name), tag) {
					removeDB(name)
				}
			}
		}
	}
	os.Remove(note)
}

// untagged are the temporary files of versions before tags, removed a day
// after they were last written.
var untagged = regexp.MustCompile(`^\.mentorbook-(backup|restore)-\d+\.tmp(-journal|-wal|-shm)?$`)

// removeLeftovers removes the temporary files that a killed run of the
// database at dbPath left beside it and in its backups folder, and returns
// their names. The caller holds the database's lock.
func removeLeftovers(dbPath string, now time.Time) []string {
	tag := tempTag(dbPath)
	var removed []string
	for _, dir := range []string{filepath.Dir(dbPath), filepath.Join(filepath.Dir(dbPath), "backups")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			ours := isTemp(name, tag) || strings.HasPrefix(name, tempProbe+tag+"-")
			if !ours && untagged.MatchString(name) {
				fi, err := e.Info()
				ours = err == nil && now.Sub(fi.ModTime()) > 24*time.Hour
			}
			if !ours || !e.Type().IsRegular() {
				continue
			}
			if strings.HasSuffix(name, ".where") {
				removeNoted(filepath.Join(dir, name), tag)
			} else if os.Remove(filepath.Join(dir, name)) != nil {
				continue
			}
			removed = append(removed, name)
		}
	}
	return removed
}

// makePrivate makes the database at path, its -wal and -shm, and its
// backups folder readable by their owner only, if others could read them:
// a file copied in, or made by another program, with the usual 0644. It
// returns what it changed, for the window to say so.
func makePrivate(path string) []string {
	if runtime.GOOS == "windows" {
		return nil // permissions there are access lists, not modes
	}
	var changed []string
	for _, p := range []string{path, path + "-wal", path + "-shm", filepath.Join(filepath.Dir(path), "backups")} {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 || !(fi.Mode().IsRegular() || fi.IsDir()) {
			continue
		}
		if os.Chmod(p, fi.Mode().Perm()&^0o077) == nil {
			changed = append(changed, fmt.Sprintf("%s (was %v)", p, fi.Mode().Perm()))
		}
	}
	return changed
}

// MadePrivate lists the files (the database, its -wal and -shm, its backups
// folder) that Open found readable by other users of the computer and made
// readable by their owner only, each with its former mode; the window says
// so once.
func (s *Store) MadePrivate() []string { return s.madePrivate }

// tempSnapshot begins the name of plainSnapshot's file in the system's
// temporary folder: .mentorbook-snapshot-<random>.tmp, and beside it its
// lock (the same name and .lock), which the process that makes the
// backup holds while it lives.
const tempSnapshot = ".mentorbook-snapshot-"

// plainSnapshot makes the empty file (mode 0600) in which an encrypted
// backup of a database that is no file (PostgreSQL, BackupPostgres) is
// first written in plain: the whole school, unencrypted. There is no
// database file beside which to make it (as Backup does), and it is never
// made beside the backup, which may be on a stick or a shared drive that
// would keep the plain bytes even once deleted: it is made in the system's
// temporary folder, with a lock that its process holds while it lives.
// Each run first removes the files whose lock no process holds (a killed
// run's), and so does opening a server database. release removes it.
func plainSnapshot() (path string, release func(), err error) {
	dir := os.TempDir()
	removeAbandonedSnapshots(dir)
	for {
		name := filepath.Join(dir, fmt.Sprintf("%s%d.tmp", tempSnapshot, rand.Uint64()))
		// The lock first, so that another run's sweep never takes the
		// file for a killed run's.
		lock, err := lockFile(name + ".lock")
		if errors.Is(err, errLocked) {
			continue
		}
		if err != nil {
			return "", nil, diskErr(err)
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			lock.Close()
			continue
		}
		if err != nil {
			lock.Close()
			os.Remove(name + ".lock")
			return "", nil, diskErr(err)
		}
		f.Close()
		return name, func() {
			removeDB(name)
			lock.Close()
			os.Remove(name + ".lock")
		}, nil
	}
}

// removeAbandonedSnapshots removes plainSnapshot's files in dir whose lock
// no process holds: what a killed run left.
func removeAbandonedSnapshots(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, tempSnapshot+"*.tmp"))
	for _, name := range names {
		lock, err := lockFile(name + ".lock")
		if err != nil {
			continue // its run is still going, or the file is another user's
		}
		removeDB(name)
		lock.Close()
		os.Remove(name + ".lock")
	}
}
