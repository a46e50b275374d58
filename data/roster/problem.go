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

// problems collects Problems for one file as rows are checked.
type problems []Problem

func (ps *problems) add(file string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Reason: fmt.Sprintf(format, args...)})
}
