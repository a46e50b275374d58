package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// OutputKind is what an output file holds. An existing file is replaced
// only by an output of its own kind: a new export may replace last week's
// export, never a spreadsheet of the school's own or a thesis that happens
// to have the name typed.
type OutputKind string

// The kinds of output Mentorbook writes, as a refusal names them.
const (
	OutputCSV      OutputKind = "CSV export"
	OutputCalendar OutputKind = "calendar (.ics)"
	OutputPDF      OutputKind = "PDF"
	OutputBackup   OutputKind = "Mentorbook backup"
)

// CheckOutput refuses path as the place to write an output of kind when
// writing there would replace something that is not an earlier output of
// that kind:
//   - the open database, its -wal, -shm, -journal or lock file, or a file
//     in its backups folder (compared by device and inode, so that another
//     name for them, a hard link or a symbolic link, is refused too; files
//     that do not exist yet by name in the database's folder);
//   - anything but a regular file: a folder, a symbolic link, a device;
//   - a file whose first bytes are not those of kind (encrypted outputs
//     replace only encrypted files).
//
// The refusal is an EINVALID *Error on the field "out" that names the file.
func (s *Store) CheckOutput(path string, kind OutputKind, encrypted bool) error {
	if strings.TrimSpace(path) == "" {
		return refuseOutput("Choose where to save the %s.", kind)
	}
	return s.outputPlace(filepath.Dir(path)).check(path, kind, encrypted)
}

// ownFiles are the database's own files that an output never replaces.
var ownFiles = []struct{ suffix, what string }{
	{"", "the school's database"},
	{"-wal", "the database's write-ahead log"},
	{"-shm", "the database's shared-memory file"},
	{"-journal", "the database's journal"},
	{".lock", "the database's lock file"},
}

// outputPlace is what CheckOutput learns of a folder before it looks at
// the file: the same for every file of a folder batch, so OutputFolder
// learns it once.
type outputPlace struct {
	s         *Store
	inDBDir   bool          // the folder is the database's
	inBackups bool          // the folder is the database's backups folder
	own       []os.FileInfo // ownFiles as they are now, nil where absent; none for PostgreSQL
}

func (s *Store) outputPlace(dir string) *outputPlace {
	pl := &outputPlace{s: s}
	if s.dialect == postgresDialect {
		return pl // a PostgreSQL database has no files or backups folder here
	}
	dbDir := filepath.Dir(s.path)
	pl.inDBDir, pl.inBackups = sameFile(dir, dbDir), sameFile(dir, filepath.Join(dbDir, "backups"))
	for _, own := range ownFiles {
		fi, _ := os.Stat(s.path + own.suffix)
		pl.own = append(pl.own, fi)
	}
	return pl
}

// check is CheckOutput for a file of the place's folder.
func (pl *outputPlace) check(path string, kind OutputKind, encrypted bool) error {
	if err := pl.checkOwnFiles(path, kind); err != nil {
		return err
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return OutputError(path, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return refuseOutput("%s is a symbolic link; Mentorbook does not write through it. Choose another name.", path)
	case fi.IsDir():
		return refuseOutput("%s is a folder; choose a file name inside it.", path)
	case !fi.Mode().IsRegular():
		return refuseOutput("%s is not an ordinary file (a device or a pipe); choose another name.", path)
	case fi.Size() == 0:
		return nil // an empty file holds nothing to lose
	}
	ok, err := isOutputOf(path, kind, encrypted)
	if err != nil {
		return OutputError(path, err)
	}
	if !ok {
		what := "a " + string(kind)
		if encrypted {
			what = "an encrypted " + string(kind)
		}
		return refuseOutput("%s already exists and is not %s, so it is left as it is. Choose another name.", path, what)
	}
	return nil
}

// refuseOutput is CheckOutput's refusal: an EINVALID on the field "out".
func refuseOutput(format string, args ...any) error {
	return &Error{Code: EINVALID, Field: "out", Message: fmt.Sprintf(format, args...)}
}

// checkOwnFiles refuses an output that would replace one of the database's
// files or go into its backups folder. A PostgreSQL database has neither.
func (pl *outputPlace) checkOwnFiles(path string, kind OutputKind) error {
	if pl.own == nil {
		return nil
	}
	base := filepath.Base(path)
	target, _ := os.Stat(path)
	for i, own := range ownFiles {
		p := pl.s.path + own.suffix
		if target != nil && pl.own[i] != nil && os.SameFile(target, pl.own[i]) || pl.inDBDir && strings.EqualFold(base, filepath.Base(p)) {
			return refuseOutput("%s is %s (%s); an output never replaces it. Choose another name.", path, own.what, pl.s.path)
		}
	}
	_, err := os.Lstat(path)
	if pl.inBackups && (kind != OutputBackup || err == nil) {
		return refuseOutput("%s is in the database's backups folder, which keeps its backups; save the %s in another folder.", path, kind)
	}
	return nil
}

// isOutputOf reports whether the file at path begins as an output of kind
// does.
func isOutputOf(path string, kind OutputKind, encrypted bool) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, err
	}
	head = head[:n]
	if bytes.HasPrefix(head, ageMagic) {
		return encrypted, nil
	}
	if encrypted {
		return false, nil
	}
	text := bytes.TrimPrefix(head, []byte("\ufeff"))
	switch kind {
	case OutputPDF:
		return bytes.HasPrefix(head, []byte("%PDF-")), nil
	case OutputCalendar:
		return bytes.HasPrefix(text, []byte("BEGIN:VCALENDAR")), nil
	case OutputCSV:
		// Ours begin with a byte order mark; a CSV from elsewhere is text
		// in a file named .csv.
		isText := bytes.IndexByte(head, 0) < 0 && (utf8.Valid(head) || n == len(head) && utf8.Valid(head[:n-utf8.UTFMax]))
		return isText && (len(text) < len(head) || strings.EqualFold(filepath.Ext(path), ".csv")), nil
	case OutputBackup:
		// A backup is a self-contained copy in rollback-journal mode; a
		// file in WAL mode (byte 18 is 2) is a live database.
		return len(head) >= 100 && bytes.HasPrefix(head, []byte("SQLite format 3\x00")) && head[18] != 2 &&
			binary.BigEndian.Uint32(head[68:72]) == ApplicationID, nil
	}
	return false, nil
}

// sameFile reports whether a and b are the same file (device and inode),
// false when either cannot be read.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// Output is an output being written: a temporary file beside its final
// name, mode 0600 (outputs hold student data), renamed into place by
// Commit, so that a half-written file never appears under the name asked
// for. The temporary name carries nothing of what the file holds, only a
// tag of the database: a killed run may leave it behind, where anyone may
// read the folder's list, until the database is next opened.
type Output struct {
	s         *Store
	f         *os.File
	path      string
	kind      OutputKind
	encrypted bool
	done      bool
	forget    func()       // removes the note that lets Open find a leftover (see notedTemp)
	place     *outputPlace // the folder's, for a file of an OutputFolder
}

// CreateOutput checks path (see CheckOutput) and starts the output there.
// Write errors come back in plain words (a full disk says so); Commit puts
// the file in place, Abort throws it away.
func (s *Store) CreateOutput(path string, kind OutputKind, encrypted bool) (*Output, error) {
	if err := s.CheckOutput(path, kind, encrypted); err != nil {
		return nil, err
	}
	// Named for the database, not the output, so that the next Open of
	// the database removes it if this run is killed (see removeLeftovers).
	// A PostgreSQL database has no folder for the note, and its Open
	// removes no leftovers: a killed run leaves the temporary file.
	var name string
	forget := func() {}
	var err error
	if s.dialect == postgresDialect {
		name, err = tempFile(filepath.Dir(path), tempOutput+"-*.tmp")
	} else {
		name, forget, err = notedTemp(filepath.Dir(path), tempOutput, s.path)
	}
	if err != nil {
		return nil, OutputError(path, err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		os.Remove(name)
		forget()
		return nil, OutputError(path, err)
	}
	return &Output{s: s, f: f, path: path, kind: kind, encrypted: encrypted, forget: forget}, nil
}

// Path is the name the output will have.
func (o *Output) Path() string { return o.path }

// Write writes to the temporary file.
func (o *Output) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	if err != nil {
		err = OutputError(o.path, err)
	}
	return n, err
}

// Commit puts the finished file on disk and under its name, replacing what
// CheckOutput allowed it to replace (checked again: a long batch leaves
// time for the folder to change).
func (o *Output) Commit() error {
	defer o.Abort()
	if err := o.f.Sync(); err != nil {
		return OutputError(o.path, err)
	}
	if err := o.f.Close(); err != nil {
		return OutputError(o.path, err)
	}
	if o.place != nil {
		if err := o.place.check(o.path, o.kind, o.encrypted); err != nil {
			return err
		}
	} else if err := o.s.CheckOutput(o.path, o.kind, o.encrypted); err != nil {
		return err
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		return OutputError(o.path, err)
	}
	o.done = true
	o.forget()
	if o.place != nil {
		return nil // OutputFolder.Close syncs the folder once for all its files
	}
	if err := syncDir(filepath.Dir(o.path)); err != nil {
		return OutputError(o.path, err)
	}
	return nil
}

// OutputFolder writes many outputs of one kind into one folder, as a batch
// of student summaries does: what CreateOutput would do again for every
// file and is the same for all of them is done once. The folder is checked
// once (each file is still checked by name), one note beside the database
// covers every temporary file of the folder, and the folder is synced once,
// by Close, rather than after each rename.
type OutputFolder struct {
	dir     string
	kind    OutputKind
	place   *outputPlace
	pattern string // the temporary files' names, with * for the random part
	forget  func() // removes the folder's note
}

// OutputFolder starts writing outputs of kind into the existing folder dir.
// Close must be called when the last one is committed or aborted.
func (s *Store) OutputFolder(dir string, kind OutputKind) (*OutputFolder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, OutputError(filepath.Join(dir, "x"), err)
	}
	f := &OutputFolder{dir: abs, kind: kind, place: s.outputPlace(abs), forget: func() {}}
	if s.dialect == postgresDialect {
		// As CreateOutput: no folder for a note, and a killed run leaves
		// its temporary files.
		f.pattern = filepath.Join(abs, tempOutput+"-*.tmp")
		return f, nil
	}
	f.pattern = filepath.Join(abs, tempOutput+tempTag(s.path)+"-*.tmp")
	if !f.place.inDBDir && !f.place.inBackups {
		// Open looks for leftovers beside the database only; the note
		// names the folder's pattern, and Open removes what matches it.
		note, err := tempFile(filepath.Dir(s.path), tempOutput+tempTag(s.path)+"-*.where")
		if err != nil {
			return nil, OutputError(filepath.Join(abs, "x"), err)
		}
		if err := os.WriteFile(note, []byte(f.pattern), 0o600); err != nil {
			os.Remove(note)
			return nil, OutputError(filepath.Join(abs, "x"), err)
		}
		f.forget = func() { os.Remove(note) }
	}
	return f, nil
}

// Create checks the file name in the folder (see CheckOutput) and starts
// the output there, as CreateOutput does.
func (f *OutputFolder) Create(name string) (*Output, error) {
	path := filepath.Join(f.dir, name)
	if err := f.place.check(path, f.kind, false); err != nil {
		return nil, err
	}
	before, after, _ := strings.Cut(f.pattern, "*")
	for {
		tmp, err := os.OpenFile(fmt.Sprintf("%s%d%s", before, rand.Uint32(), after), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		switch {
		case err == nil:
			return &Output{s: f.place.s, f: tmp, path: path, kind: f.kind, forget: func() {}, place: f.place}, nil
		case !errors.Is(err, os.ErrExist):
			if isReadOnly(err) {
				err = fmt.Errorf("cannot write in %s: %w", f.dir, err)
			}
			return nil, OutputError(path, diskErr(err))
		}
	}
}

// Close syncs the folder, so that the names of the files committed are on
// disk, and removes the folder's note.
func (f *OutputFolder) Close() error {
	defer f.forget()
	if err := syncDir(f.dir); err != nil {
		return OutputError(filepath.Join(f.dir, "x"), err)
	}
	return nil
}

// Abort removes the temporary file; after Commit it does nothing.
func (o *Output) Abort() {
	if o.done {
		return
	}
	o.done = true
	o.f.Close()
	os.Remove(o.f.Name())
	o.forget()
}

// OutputError puts an error met while writing the file at path in one
// plain sentence: a full disk, a folder that cannot be written or does not
// exist. Other errors are returned as they are.
func OutputError(path string, err error) error {
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e), errors.Is(err, ErrDiskFull):
		return err
	case isDiskFull(err):
		return fmt.Errorf("%w (%s)", ErrDiskFull, filepath.Dir(path))
	case isReadOnly(err):
		return &Error{Code: EINVALID, Field: "out", Message: fmt.Sprintf("Mentorbook may not write in %s (the folder or the file is read-only); nothing was saved. Choose another folder.", filepath.Dir(path))}
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Code: EINVALID, Field: "out", Message: fmt.Sprintf("The folder %s does not exist; nothing was saved.", filepath.Dir(path))}
	}
	return err
}
