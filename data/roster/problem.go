package roster

import (
	"errors"
	"fmt"
)

// Problem is one thing wrong with an import file: a rejected row, a missing
// column or a file that cannot be parsed. File is the file's base name as it
// appears in the roster (for example "users.csv"), Line the line in that file
// where the row starts, or 0 when the problem concerns the whole file.
type Problem struct {
	File   string
	Line   int
	Reason string
}

// String formats the problem as "file:line: reason", the form a person (or an
// editor jumping to a line) expects.
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
}

// Error makes a Problem usable as an error, so that ReadTable can report a file
// it cannot read with its line, and callers can recover it with errors.As.
func (p Problem) Error() string { return p.String() }

// Sentinel errors for the cases a caller handles differently from "show the
// message and stop".
var (
	// ErrDelta means the roster's manifest declares a delta file. Only bulk
	// rosters describe the whole school, which the "vanished means left" rule
	// of re-import depends on.
	ErrDelta = errors.New("delta files are not supported; export a bulk roster")

	// ErrMissingFile means a file the roster needs is not there.
	ErrMissingFile = errors.New("missing roster file")

	// ErrTooLarge means a file is larger than any school roster could be,
	// which guards against zip bombs and mistaken picks.
	ErrTooLarge = errors.New("file is too large for a roster")
)

// maxListed is how many problems an import lists; the rest are counted.
// A file with millions of bad rows must neither fill the memory nor bury
// its first mistakes, which are usually the one mistake repeated.
var maxListed = 1000

// problems collects Problems as rows are checked: the first maxListed of
// them, and the count of the rest.
type problems struct {
	list     []Problem
	unlisted int
}

func (ps *problems) add(file string, line int, format string, args ...any) {
	if len(ps.list) >= maxListed {
		ps.unlisted++
		return
	}
	ps.list = append(ps.list, Problem{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}

// addAll adds problems already found, and unlisted more beyond them.
func (ps *problems) addAll(list []Problem, unlisted int) {
	n := min(len(list), maxListed-len(ps.list))
	n = max(n, 0)
	ps.list = append(ps.list, list[:n]...)
	ps.unlisted += len(list) - n + unlisted
}

// count is how many problems there are, listed or not.
func (ps *problems) count() int { return len(ps.list) + ps.unlisted }

// tooLargeError is a file past one of the reader's limits. It matches
// ErrTooLarge, and its message names the file and the limit.
type tooLargeError struct{ msg string }

func tooLarge(format string, args ...any) error { return &tooLargeError{fmt.Sprintf(format, args...)} }

func (e *tooLargeError) Error() string { return e.msg }

func (e *tooLargeError) Is(target error) bool { return target == ErrTooLarge }

// sizeText writes a byte count for people: a limit as it was chosen
// ("256 MiB"), any other size to the nearest unit ("437 KB", "225 MB").
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%d MB", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%d KB", n/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}
