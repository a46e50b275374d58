package roster

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"mentorbook/data"
)

// Options adjust an import.
type Options struct {
	// DryRun checks everything and writes nothing: the preview.
	DryRun bool
	// Progress, when set, is told the fraction done, 0 to 1. It is called
	// from the importing goroutine.
	Progress func(float64)

	source string // what was imported, for the audit line
}

// progress turns records done into a fraction of the bar between start
// and end.
func (o Options) progress(start, end float64) func(done, total int) {
	if o.Progress == nil {
		return nil
	}
	o.Progress(start)
	return func(done, total int) {
		if total > 0 {
			o.Progress(start + (end-start)*float64(done)/float64(total))
		}
	}
}

func (o Options) describe() string { return o.source }

// ImportOneRoster imports a OneRoster 1.1 or 1.2 roster (a folder or a
// .zip) into the store, in one transaction, after an automatic backup.
// Students, guardians and staff are matched by sourcedId: a re-import
// updates them and never duplicates them, and a student an earlier roster
// brought in that this one no longer lists is marked as left. Students typed
// in by hand are never changed. Staff become inactive mentors until vetted.
//
// If any row is rejected, by the reader or by the store's own validation,
// nothing is written and the error is a *RejectedError; the Result lists
// every rejected row. A dry run writes nothing and reports the same.
func ImportOneRoster(ctx context.Context, s *data.Store, path string, opts Options) (*Result, error) {
	if opts.Progress != nil {
		opts.Progress(0)
	}
	r, problems, err := ReadOneRoster(path)
	if err != nil {
		return nil, unreadable(err)
	}
	b := fromOneRoster(r)
	if len(problems) > 0 {
		// Rejected rows are still in the roster. When users.csv cannot be
		// read at all, no one can be said to have left.
		if b.present = r.userIDs; b.present == nil {
			b.wholeRoster = false
		}
	}
	opts.source = "OneRoster " + r.Version + " " + filepath.Base(path)
	return apply(ctx, s, b, problems, r.Unlisted, opts)
}

func fromOneRoster(r *OneRoster) *batch {
	b := &batch{school: r.School.Name, years: r.Years, terms: r.Terms, students: r.Students,
		guardians: r.Guardians, mentors: r.Mentors, wholeRoster: true, listsGuardians: true}
	guardians := make(map[string]Guardian, len(r.Guardians))
	for _, g := range r.Guardians {
		guardians[g.SourcedID] = g
	}
	for _, l := range r.Links {
		g := guardians[l.GuardianSourcedID]
		b.links = append(b.links, batchLink{student: l.StudentSourcedID, guardian: l.GuardianSourcedID,
			relationship: g.Relationship, src: g.Source})
	}
	return b
}

// ImportCSV imports students and their guardians from a plain CSV file,
// reading the columns m names, in one transaction after an automatic
// backup. Students are matched by school ID; one typed in by hand with the
// same school ID is a rejected row. Students missing from the file are left
// as they are, since a spreadsheet may hold one year group only. See
// ImportOneRoster for rejected rows and dry runs.
func ImportCSV(ctx context.Context, s *data.Store, path string, m Mapping, opts Options) (*Result, error) {
	if opts.Progress != nil {
		opts.Progress(0)
	}
	t, problems, err := readCSVFile(path, m.columns())
	if err != nil {
		return nil, unreadable(err)
	}
	var students []PlainStudent
	unlisted := 0
	if t != nil {
		students, problems, unlisted = PlainStudents(t, m)
	}
	opts.source = "CSV " + filepath.Base(path)
	b := fromPlain(students)
	b.listsGuardians = m[FieldGuardianName] != "" || m[FieldGuardian2Name] != ""
	return apply(ctx, s, b, problems, unlisted, opts)
}

// readCSVFile reads a CSV file, keeping the columns cols names; one that
// cannot be parsed at all is a Problem, not an error.
func readCSVFile(path string, cols Columns) (*Table, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	t, err := readTable(f, filepath.Base(path), &cols, nil)
	var p Problem
	if errors.As(err, &p) {
		return nil, []Problem{p}, nil
	}
	return t, nil, err
}

// CSVHeaders returns the column headers of a plain CSV file, for choosing
// a Mapping. It reads the whole file, keeping nothing of the rows, so that
// a file that cannot be imported at all is refused before the choosing.
func CSVHeaders(path string) ([]string, error) {
	t, problems, err := readCSVFile(path, Columns{})
	if err != nil {
		return nil, unreadable(err)
	}
	if t == nil {
		return nil, unreadable(problems[0])
	}
	return t.Header, nil
}

func fromPlain(students []PlainStudent) *batch {
	b := &batch{bySchoolID: true, students: make([]Student, 0, len(students)), links: make([]batchLink, 0, len(students))}
	seen := map[string]bool{}
	for _, ps := range students {
		st := ps.Student
		st.SourcedID = csvPrefix + st.SchoolID
		b.students = append(b.students, st)
		for _, g := range ps.Guardians {
			g.SourcedID = csvGuardianKey(g, st.SchoolID)
			if !seen[g.SourcedID] {
				seen[g.SourcedID] = true
				b.guardians = append(b.guardians, g)
			}
			b.links = append(b.links, batchLink{student: st.SourcedID, guardian: g.SourcedID,
				relationship: g.Relationship, src: g.Source})
		}
	}
	return b
}

// csvGuardianKey identifies a guardian of a plain CSV file, which has no
// IDs: the same name with the same email (or phone) on two siblings' rows
// is one person. Two parents sharing a family email stay two people.
func csvGuardianKey(g Guardian, schoolID string) string {
	name := strings.ToLower(strings.Join(strings.Fields(g.Name), " "))
	switch {
	case g.Email != "":
		return csvPrefix + name + "|" + strings.ToLower(g.Email)
	case g.Phone != "":
		return csvPrefix + name + "|tel:" + digits(g.Phone)
	}
	return csvPrefix + name + "|student:" + schoolID
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsCSV reports whether path names a plain CSV file rather than a
// OneRoster folder or .zip.
func IsCSV(path string) bool {
	info, err := os.Stat(path)
	return strings.EqualFold(filepath.Ext(path), ".csv") && (err != nil || !info.IsDir())
}

// Import imports path, a OneRoster folder or .zip or a plain CSV file
// (whose columns are guessed with GuessMapping), and returns the report:
// the counts and each rejected row. Its signature is app.Actions.Import's.
func Import(ctx context.Context, s *data.Store, path string, dryRun bool, progress func(float64)) (string, error) {
	opts := Options{DryRun: dryRun, Progress: progress}
	var res *Result
	var err error
	if IsCSV(path) {
		var headers []string
		if headers, err = CSVHeaders(path); err != nil {
			return "", err
		}
		res, err = ImportCSV(ctx, s, path, GuessMapping(headers), opts)
	} else {
		res, err = ImportOneRoster(ctx, s, path, opts)
	}
	if err != nil {
		return "", err
	}
	return res.Report(), nil
}

// readError is a file that cannot be read at all. It unwraps both to the
// cause (ErrDelta, ErrMissingFile, a Problem…) and to a *data.Error, so that
// data.ErrorMessage shows it in plain words rather than as an internal error.
type readError struct{ err error }

func unreadable(err error) error { return &readError{err} }

func (e *readError) Error() string { return e.err.Error() }

func (e *readError) Unwrap() []error {
	return []error{e.err, &data.Error{Code: data.EINVALID, Message: "The file cannot be imported: " + e.err.Error() + "."}}
}
