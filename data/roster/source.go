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
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return ReadOneRosterFS(os.DirFS(p))
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return nil, nil, fmt.Errorf("%s is neither a folder nor a .zip file", filepath.Base(p))
		}
		return nil, nil, err
	}
	defer zr.Close()
	return ReadOneRosterFS(zr)
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
	problems []Problem
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
	t, err := s.open("manifest.csv")
	if err != nil {
		return err
	}
	s.manifest = make(map[string]string)
	if t == nil {
		return nil
	}
	if ps := t.Missing("propertyName", "value"); len(ps) > 0 {
		s.problems = append(s.problems, ps...)
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
			s.problems = append(s.problems, Problem{File: t.File, Line: r.Line,
				Reason: fmt.Sprintf("%s is %q; expected absent, bulk or delta", name, r.Get("value"))})
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
func (s *set) table(name string, required bool) (*Table, error) {
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
	return s.open(name)
}

// has reports whether the roster has the named file and the manifest does
// not mark it absent.
func (s *set) has(name string) bool {
	_, ok := s.names[strings.ToLower(name)]
	return ok && s.manifest[strings.ToLower(strings.TrimSuffix(name, ".csv"))] != modeAbsent
}

// open reads a file that exists, turning a parse failure into a Problem.
func (s *set) open(name string) (*Table, error) {
	f, err := s.fsys.Open(s.names[strings.ToLower(name)])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := ReadTable(f, name)
	var p Problem
	if errors.As(err, &p) {
		s.problems = append(s.problems, p)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.problems = append(s.problems, t.Problems...)
	return t, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
