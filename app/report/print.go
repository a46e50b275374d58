package report

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mentorbook/data"
)

// Report kinds, as Request.Kind names them.
const (
	KindStudent        = "student"
	KindStudents       = "students"
	KindMentors        = "mentors"
	KindProgramme      = "programme"
	KindConsentLetters = "consent-letters"
)

// KindFollowUps is the dashboard's alert list printed, "This week's
// follow-ups"; the dashboard offers it, the Reports screen does not.
const KindFollowUps = "follow-ups"

// Kinds lists the report kinds in the order a menu offers them.
var Kinds = []string{KindStudent, KindStudents, KindMentors, KindProgramme, KindConsentLetters}

// Request says which report Print makes and where it goes.
type Request struct {
	// Kind is one of Kinds.
	Kind string
	// StudentSchoolID picks the student of a KindStudent report.
	StudentSchoolID string
	// Term names the term; "" is the current term.
	Term string
	// Out is the PDF file to write. For KindStudents it may instead be a
	// folder, one file per student: a path that ends in a separator or
	// names an existing folder.
	Out string
	// Confidential includes confidential notes and students whose
	// data-sharing consent is withheld. Only the coordinator, on purpose,
	// asks for it.
	Confidential bool
	// Version is the program's version, recorded as the PDF's creator.
	Version string
	// AlertKind picks one alert list for KindFollowUps; "" prints them all.
	AlertKind string
}

// ErrUnknownKind is returned for a Request whose Kind is not one of Kinds.
var ErrUnknownKind = errors.New("unknown report kind")

// Print makes the report req asks for from the store: it assembles the data
// in one read transaction, draws it, writes the file (mode 0600, through a
// temporary file renamed into place, so a half-written PDF never appears
// under the name asked for) and records the print in the audit log.
// progress, when not nil, is told how many students (or reports) are done
// of the total; cancelling ctx stops the work between students.
func Print(ctx context.Context, s *data.Store, req Request, progress func(done, total int)) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	if req.Out == "" {
		return data.Errorf(data.EINVALID, "Choose where to save the report.")
	}
	opts := data.ReportOptions{Confidential: req.Confidential}
	var audit string
	err := s.View(ctx, func(tx *data.Tx) error {
		if req.Kind == KindFollowUps {
			progress(0, 1)
			rep, err := tx.FollowUps(tx.Today(), req.AlertKind, opts)
			if err != nil {
				return err
			}
			audit = fmt.Sprintf("follow-ups (%s) to %s", plural(len(rep.Alerts), "item", "items"), req.Out)
			return writeFile(req.Out, func(w io.Writer) error { return FollowUps(w, rep, Options{Version: req.Version, Printed: tx.Now()}) })
		}
		term, err := tx.Term(req.Term)
		if err != nil {
			return err
		}
		opt := Options{Version: req.Version, Printed: tx.Now()}
		switch req.Kind {
		case KindStudent:
			audit, err = printStudent(tx, req, term, opts, opt, progress)
		case KindStudents:
			audit, err = printStudents(ctx, tx, req, term, opts, opt, progress)
		case KindMentors:
			progress(0, 1)
			var rep *data.CaseloadReport
			if rep, err = tx.Caseloads(term, opts); err == nil {
				err = writeFile(req.Out, func(w io.Writer) error { return Caseloads(w, rep, opt) })
			}
			audit = "mentor caseloads"
		case KindProgramme:
			progress(0, 1)
			var rep *data.ProgrammeReport
			if rep, err = tx.Programme(term, opts); err == nil {
				err = writeFile(req.Out, func(w io.Writer) error { return Programme(w, rep, opt) })
			}
			audit = "programme report"
		case KindConsentLetters:
			progress(0, 1)
			var rep *data.ConsentLetters
			if rep, err = tx.ConsentLetters(term); err == nil {
				err = writeFile(req.Out, func(w io.Writer) error { return ConsentLetters(w, rep, opt) })
				audit = fmt.Sprintf("consent letters (%s)", plural(len(rep.Letters), "letter", "letters"))
			}
		default:
			return fmt.Errorf("%w %q", ErrUnknownKind, req.Kind)
		}
		if err != nil {
			return err
		}
		audit += ", " + term.Name
		if req.Confidential {
			audit += ", with confidential notes"
		}
		audit += ", to " + req.Out
		return nil
	})
	if err != nil {
		return err
	}
	if req.Kind != KindStudents {
		progress(1, 1)
	}
	return s.Update(context.WithoutCancel(ctx), func(tx *data.Tx) error {
		return tx.Audit(data.ActPrint, "report", 0, audit)
	})
}

func printStudent(tx *data.Tx, req Request, term *data.Term, opts data.ReportOptions, opt Options, progress func(int, int)) (string, error) {
	if strings.TrimSpace(req.StudentSchoolID) == "" {
		return "", data.Errorf(data.EINVALID, "Choose the student whose summary to print.")
	}
	progress(0, 1)
	st, err := tx.StudentBySchoolID(req.StudentSchoolID)
	if err != nil {
		return "", err
	}
	sum, err := tx.StudentSummary(st.ID, term, opts)
	if err != nil {
		return "", err
	}
	if err := writeFile(req.Out, func(w io.Writer) error { return StudentSummary(w, sum, opt) }); err != nil {
		return "", err
	}
	return "student summary for " + st.FullName() + " (" + st.SchoolID + ")", nil
}

// printStudents prints every student summary of the term into one file or
// a folder. Each summary is drawn as soon as it is assembled, so memory
// holds one student's data at a time.
func printStudents(ctx context.Context, tx *data.Tx, req Request, term *data.Term, opts data.ReportOptions, opt Options, progress func(int, int)) (string, error) {
	ids, withheld, err := tx.StudentsInTerm(term, opts)
	if err != nil {
		return "", err
	}
	progress(0, len(ids))
	audit := fmt.Sprintf("student summaries (%s", plural(len(ids), "student", "students"))
	if withheld > 0 {
		audit += fmt.Sprintf("; %s left out: data-sharing consent withheld", count(withheld))
	}
	audit += ")"
	assemble := func(id int64) (*data.StudentSummary, error) { return tx.StudentSummary(id, term, opts) }
	done := 0
	if isFolder(req.Out) {
		if err := os.MkdirAll(req.Out, 0o700); err != nil {
			return "", fileErr(err)
		}
		return audit, pipeline(ctx, ids, assemble, func(sum *data.StudentSummary) error {
			name := filepath.Join(req.Out, FileName(&sum.Student))
			if err := writeFile(name, func(w io.Writer) error { return StudentSummary(w, sum, opt) }); err != nil {
				return err
			}
			done++
			progress(done, len(ids))
			return nil
		})
	}
	h, err := tx.ReportHeader(term, opts)
	if err != nil {
		return "", err
	}
	b, err := NewBatch(h, len(ids), withheld, opt)
	if err != nil {
		return "", err
	}
	err = pipeline(ctx, ids, assemble, func(sum *data.StudentSummary) error {
		b.Add(sum)
		done++
		progress(done, len(ids))
		return nil
	})
	if err != nil {
		return "", err
	}
	return audit, writeFile(req.Out, b.Write)
}

// pipeline assembles the summary of each student in ids on the calling
// goroutine, which owns the transaction, while draw runs on another: on two
// cores the queries and the drawing overlap, which takes a third off a
// batch. It stops at the first error or when ctx is cancelled.
func pipeline(ctx context.Context, ids []int64, assemble func(int64) (*data.StudentSummary, error), draw func(*data.StudentSummary) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sums := make(chan *data.StudentSummary, 16)
	drawn := make(chan error, 1)
	go func() {
		var err error
		for sum := range sums {
			if err == nil {
				if err = draw(sum); err != nil {
					cancel()
				}
			}
		}
		drawn <- err
	}()
	var err error
	for _, id := range ids {
		if err = ctx.Err(); err != nil {
			break
		}
		var sum *data.StudentSummary
		if sum, err = assemble(id); err != nil {
			break
		}
		sums <- sum
	}
	close(sums)
	if derr := <-drawn; derr != nil {
		return derr // the cause, rather than the cancellation it led to
	}
	return err
}

// isFolder reports whether out names a folder rather than a file.
func isFolder(out string) bool {
	if strings.HasSuffix(out, string(os.PathSeparator)) || strings.HasSuffix(out, "/") {
		return true
	}
	fi, err := os.Stat(out)
	return err == nil && fi.IsDir()
}

// FileName is the name of a student's summary in a folder: school ID and
// name, "S00001 Zoë Okafor.pdf", with every character that some file
// system or shell would trip over replaced.
func FileName(st *data.Student) string {
	raw := norm.NFC.String(strings.TrimSpace(st.SchoolID + " " + st.FullName()))
	var b strings.Builder
	for _, r := range raw {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '.' || r == '\'':
			b.WriteRune(' ')
		default:
			b.WriteRune('_')
		}
		if b.Len() >= 100 { // well under the 255-byte limit of most file systems
			break
		}
	}
	name := strings.Join(strings.Fields(b.String()), " ")
	if name == "" {
		name = "student"
	}
	return name + ".pdf"
}

// writeFile writes a file through draw: into a temporary file beside it
// (created with mode 0600, as every file holding student data), synced,
// then renamed over path.
func writeFile(path string, draw func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fileErr(err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err := draw(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fileErr(err)
	}
	if err := f.Sync(); err != nil {
		return fileErr(err)
	}
	if err := f.Close(); err != nil {
		return fileErr(err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fileErr(err)
	}
	return nil
}

// fileErr puts a file error in words a coordinator can act on.
func fileErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("the report could not be saved in %s: %w", filepath.Dir(pe.Path), pe.Err)
	}
	return fmt.Errorf("the report could not be saved: %w", err)
}
