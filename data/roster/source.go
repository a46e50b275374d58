package roster

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"mentorbook/data"
)

// ReadOneRoster reads a OneRoster 1.1 or 1.2 CSV roster from a folder or a
// .zip file. The CSV files may sit at the top of the folder or zip, or in a
// single subfolder, as many student information systems pack them.
//
// The error is for a roster that cannot be read at all: the path is not a
// folder or zip, users.csv is missing, the manifest declares a delta file
// (ErrDelta), or a file is unreasonably large (ErrTooLarge). Everything wrong
// with individual rows or columns is returned as Problems instead, and the
// OneRoster holds only the rows that were accepted.
func ReadOneRoster(p string) (*OneRoster, []Problem, error) {
	fsys, closeFS, err := rosterFS(p)
	if err != nil {
		return nil, nil, err
	}
	defer closeFS()
	return ReadOneRosterFS(fsys)
}

// Limits on a zip, checked against what it declares before anything is
// read: deflate turns a few hundred kilobytes of one repeated row into
// hundreds of megabytes, while CSV text compresses a few times to a few
// tens of times. Reading stops at the declared size, so a zip cannot say
// less than it holds.
var (
	maxZipRatio  int64 = 100
	maxZipTotal  int64 = 1 << 30
	zipRatioFrom int64 = 1 << 20 // below this, a file is too small to matter
)

// rosterFS opens a roster folder or zip, refusing a zip that would expand
// too far.
func rosterFS(p string) (fs.FS, func(), error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return os.DirFS(p), func() {}, nil
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return nil, nil, fmt.Errorf("%s is neither a folder nor a .zip file", filepath.Base(p))
		}
		return nil, nil, err
	}
	if err := checkZip(&zr.Reader, filepath.Base(p)); err != nil {
		zr.Close()
		return nil, nil, err
	}
	return zr, func() { zr.Close() }, nil
}

// checkZip refuses a zip whose files expand more than CSV text does, or
// that holds more than maxZipTotal in all.
func checkZip(zr *zip.Reader, name string) error {
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if size > uint64(maxFileSize) {
			return tooLarge("%s in %s is larger than %s, the limit for a roster file", f.Name, name, sizeText(maxFileSize))
		}
		if size >= uint64(zipRatioFrom) && size/max(f.CompressedSize64, 1) > uint64(maxZipRatio) {
			return tooLarge("%s in %s would expand %s times, from %s to %s; a roster's text compresses at most %d times, so this is not a roster",
				f.Name, name, data.Grouped(int(size/max(f.CompressedSize64, 1))), sizeText(int64(f.CompressedSize64)), sizeText(int64(size)), maxZipRatio)
		}
	}
	if total > uint64(maxZipTotal) {
		return tooLarge("%s expands to more than %s, the limit for a roster", name, sizeText(maxZipTotal))
	}
	return nil
}

// ReadOneRosterFS reads a OneRoster CSV roster from a file system, such as
// os.DirFS or a *zip.Reader. See ReadOneRoster.
func ReadOneRosterFS(fsys fs.FS) (*OneRoster, []Problem, error) {
	dir, err := rosterDir(fsys)
	if err != nil {
		return nil, nil, err
	}
	set, err := openSet(dir)
	if err != nil {
		return nil, nil, err
	}
	return set.parse()
}

// rosterDir finds the folder that holds the roster: the top, or the only
// subfolder with a users.csv or manifest.csv in it.
func rosterDir(fsys fs.FS) (fs.FS, error) {
	if hasRosterFile(fsys, ".") {
		return fsys, nil
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var found []string
	for _, e := range entries {
		// Zips made on a Mac carry a __MACOSX folder of resource forks.
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "__MACOSX" {
			continue
		}
		if hasRosterFile(fsys, e.Name()) {
			found = append(found, e.Name())
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no users.csv found at the top or in a subfolder: %w", ErrMissingFile)
	case 1:
		return fs.Sub(fsys, found[0])
	}
	return nil, fmt.Errorf("found rosters in several folders (%s); choose one", strings.Join(found, ", "))
}

func hasRosterFile(fsys fs.FS, dir string) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := strings.ToLower(e.Name())
		if !e.IsDir() && (n == "users.csv" || n == "manifest.csv") {
			return true
		}
	}
	return false
}

// Manifest modes for a file, as manifest.csv spells them.
const (
	modeAbsent = "absent"
	modeBulk   = "bulk"
	modeDelta  = "delta"
)

// set is one roster folder: which files it has and what its manifest says.
type set struct {
	fsys     fs.FS
	names    map[string]string // lower-case name → name as stored
	manifest map[string]string // "users" → "bulk"; nil without a manifest
	version  string
	problems problems
}

func openSet(fsys fs.FS) (*set, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	s := &set{fsys: fsys, names: make(map[string]string)}
	for _, e := range entries {
		if !e.IsDir() {
			s.names[strings.ToLower(e.Name())] = e.Name()
		}
	}
	if _, ok := s.names["manifest.csv"]; ok {
		if err := s.readManifest(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// readManifest honours the manifest's file.xxx entries. A delta file is an
// error for the whole roster: a delta lists only changes, so students missing
// from it have not left.
func (s *set) readManifest() error {
	t, err := s.open("manifest.csv", Columns{Required: []string{"propertyName", "value"}})
	if err != nil {
		return err
	}
	s.manifest = make(map[string]string)
	if t == nil {
		return nil
	}
	if ps := t.Missing("propertyName", "value"); len(ps) > 0 {
		s.problems.addAll(ps, 0)
		return nil
	}
	var deltas []string
	for _, r := range t.Rows {
		name, value := r.Get("propertyName"), strings.ToLower(r.Get("value"))
		if strings.EqualFold(name, "oneroster.version") {
			s.version = r.Get("value")
			continue
		}
		file, ok := cutPrefixFold(name, "file.")
		if !ok {
			continue
		}
		switch value {
		case modeAbsent, modeBulk:
			s.manifest[strings.ToLower(file)] = value
		case modeDelta:
			deltas = append(deltas, fmt.Sprintf("manifest.csv:%d: %s is delta", r.Line, name))
		default:
			s.problems.add(t.File, r.Line, "%s is %q; expected absent, bulk or delta", name, r.Get("value"))
		}
	}
	if len(deltas) > 0 {
		sort.Strings(deltas)
		return fmt.Errorf("%s: %w", strings.Join(deltas, "; "), ErrDelta)
	}
	return nil
}

// table reads the named file if the roster has it. A required file that is
// missing, or one the manifest promises but that is not there, is an error.
// A file that cannot be parsed becomes a Problem and a nil Table, so that
// the other files can still be checked.
func (s *set) table(name string, required bool, cols Columns) (*Table, error) {
	return s.scan(name, required, cols, nil)
}

// scan is table, handing the rows to each instead of keeping them when each
// is set, for a file whose rows are needed one at a time.
func (s *set) scan(name string, required bool, cols Columns, each func(Row)) (*Table, error) {
	base := strings.ToLower(strings.TrimSuffix(name, ".csv"))
	mode, listed := s.manifest[base]
	if listed && mode == modeAbsent {
		return nil, nil
	}
	if _, ok := s.names[strings.ToLower(name)]; !ok {
		if required || listed {
			return nil, fmt.Errorf("%s: %w", name, ErrMissingFile)
		}
		return nil, nil
	}
	return s.read(name, cols, each)
}

// has reports whether the roster has the named file and the manifest does
// not mark it absent.
func (s *set) has(name string) bool {
	_, ok := s.names[strings.ToLower(name)]
	return ok && s.manifest[strings.ToLower(strings.TrimSuffix(name, ".csv"))] != modeAbsent
}

// open reads a file that exists, keeping the columns cols names, and
// turns a parse failure into a Problem.
func (s *set) open(name string, cols Columns) (*Table, error) {
	return s.read(name, cols, nil)
}

// read is open, handing the rows to each instead of keeping them when each
// is set.
func (s *set) read(name string, cols Columns, each func(Row)) (*Table, error) {
	f, err := s.fsys.Open(s.names[strings.ToLower(name)])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := readTable(f, name, &cols, each)
	var p Problem
	if errors.As(err, &p) {
		s.problems.addAll([]Problem{p}, 0)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.problems.addAll(t.Problems, t.Unlisted)
	return t, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
