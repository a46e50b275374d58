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
	"sync"
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
	logged := false // a batch into a folder writes its audit line before its first file
	err := s.View(ctx, func(tx *data.Tx) error {
		if req.Kind == KindFollowUps {
			progress(0, 1)
			rep, err := tx.FollowUps(tx.Today(), req.AlertKind, opts)
			if err != nil {
				return err
			}
			audit = fmt.Sprintf("follow-ups (%s) to %s", plural(len(rep.Alerts), "item", "items"), req.Out)
			return writeFile(s, req.Out, func(w io.Writer) error { return FollowUps(w, rep, Options{Version: req.Version, Printed: tx.Now()}) })
		}
		term, err := tx.Term(req.Term)
		if err != nil {
			return err
		}
		if req.Kind != KindConsentLetters {
			if err := tx.TermStarted(term); err != nil {
				return err
			}
		}
		opt := Options{Version: req.Version, Printed: tx.Now()}
		switch req.Kind {
		case KindStudent:
			audit, err = printStudent(s, tx, req, term, opts, opt, progress)
		case KindStudents:
			if isFolder(req.Out) {
				logged = true
				return printFolder(ctx, s, tx, req, term, opts, opt, progress)
			}
			audit, err = printStudents(ctx, s, tx, req, term, opts, opt, progress)
		case KindMentors:
			progress(0, 1)
			var rep *data.CaseloadReport
			if rep, err = tx.Caseloads(term, opts); err == nil {
				err = writeFile(s, req.Out, func(w io.Writer) error { return Caseloads(w, rep, opt) })
			}
			audit = "mentor caseloads"
		case KindProgramme:
			progress(0, 1)
			var rep *data.ProgrammeReport
			if rep, err = tx.Programme(term, opts); err == nil {
				err = writeFile(s, req.Out, func(w io.Writer) error { return Programme(w, rep, opt) })
			}
			audit = "programme report"
		case KindConsentLetters:
			progress(0, 1)
			var rep *data.ConsentLetters
			if rep, err = tx.ConsentLetters(term); err == nil {
				err = writeFile(s, req.Out, func(w io.Writer) error { return ConsentLetters(w, rep, opt) })
				audit = fmt.Sprintf("consent letters (%s)", plural(len(rep.Letters), "letter", "letters"))
			}
		default:
			return fmt.Errorf("%w %q", ErrUnknownKind, req.Kind)
		}
		if err != nil {
			return err
		}
		audit = auditLine(audit, req, term)
		return nil
	})
	if err != nil || logged {
		return err
	}
	if req.Kind != KindStudents {
		progress(1, 1)
	}
	return printed(ctx, s, audit)
}

// auditLine completes the audit line of a report: the term, whether
// confidential notes are in it, and where it went.
func auditLine(what string, req Request, term *data.Term) string {
	what += ", " + term.Name
	if req.Confidential {
		what += ", with confidential notes"
	}
	return what + ", to " + req.Out
}

// printed records a print in the audit log, even when ctx was cancelled
// after the file was written.
func printed(ctx context.Context, s *data.Store, audit string) error {
	return s.Update(context.WithoutCancel(ctx), func(tx *data.Tx) error {
		return tx.Audit(data.ActPrint, "report", 0, audit)
	})
}

func printStudent(s *data.Store, tx *data.Tx, req Request, term *data.Term, opts data.ReportOptions, opt Options, progress func(int, int)) (string, error) {
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
	if err := writeFile(s, req.Out, func(w io.Writer) error { return StudentSummary(w, sum, opt) }); err != nil {
		return "", err
	}
	return "student summary for " + st.FullName() + " (" + st.SchoolID + ")", nil
}

// printStudents prints every student summary of the term into one file.
// Each summary is drawn as soon as it is assembled, so memory holds one
// student's data at a time.
func printStudents(ctx context.Context, s *data.Store, tx *data.Tx, req Request, term *data.Term, opts data.ReportOptions, opt Options, progress func(int, int)) (string, error) {
	ids, withheld, err := tx.StudentsInTerm(term, opts)
	if err != nil {
		return "", err
	}
	progress(0, len(ids))
	h, err := tx.ReportHeader(term, opts)
	if err != nil {
		return "", err
	}
	b, err := NewBatch(h, len(ids), withheld, opt)
	if err != nil {
		return "", err
	}
	done := 0
	err = pipeline(ctx, ids, func(id int64) (*data.StudentSummary, error) { return tx.StudentSummary(id, term, opts) },
		func(sum *data.StudentSummary) error {
			b.Add(sum)
			done++
			progress(done, len(ids))
			return nil
		})
	if err != nil {
		return "", err
	}
	return batchAudit(len(ids), withheld), writeFile(s, req.Out, b.Write)
}

// printFolder prints every student summary of the term as one file per
// student in the folder req.Out. The audit line is written before the
// first file, so that no file of student data exists that the log does not
// mention, even if the program is killed half-way; a batch that fails or is
// cancelled removes the files it wrote and says so in the log.
func printFolder(ctx context.Context, s *data.Store, tx *data.Tx, req Request, term *data.Term, opts data.ReportOptions, opt Options, progress func(int, int)) error {
	ids, withheld, err := tx.StudentsInTerm(term, opts)
	if err != nil {
		return err
	}
	progress(0, len(ids))
	if err := os.MkdirAll(req.Out, 0o700); err != nil {
		return data.OutputError(filepath.Join(req.Out, "x"), err)
	}
	out, err := s.OutputFolder(req.Out, data.OutputPDF)
	if err != nil {
		return err
	}
	if err := printed(ctx, s, auditLine(batchAudit(len(ids), withheld)+", one file each", req, term)); err != nil {
		out.Close()
		return err
	}
	// Progress counts the files written, which a run of summaries makes
	// together once it is drawn.
	files := &fileWriter{ctx: ctx, out: out, slots: make(chan struct{}, 8), progress: func(n int) { progress(n, len(ids)) }}
	folder := NewFolder(opt, func(st *data.Student, pdf []byte) error { return files.write(FileName(st), pdf) })
	err = pipeline(ctx, ids, func(id int64) (*data.StudentSummary, error) { return tx.StudentSummary(id, term, opts) }, folder.Add)
	if err == nil {
		err = ctx.Err() // cancelled while the last summaries were drawn
	}
	if err == nil {
		err = folder.Close()
	}
	written, werr := files.wait()
	if err == nil {
		err = werr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err() // cancelled while the last files were written
	}
	if err == nil {
		return nil
	}
	for _, name := range written {
		os.Remove(name)
	}
	why := "cancelled"
	if !errors.Is(err, context.Canceled) {
		why = "failed"
	}
	if aerr := printed(ctx, s, fmt.Sprintf("student summaries to %s %s after %s; the files written were removed",
		req.Out, why, plural(len(written), "file", "files"))); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

// fileWriter writes the files of a folder batch several at a time: each
// is synced before it takes its name, and syncs waited for together cost
// little more than one.
type fileWriter struct {
	ctx      context.Context // cancelled: no file is started
	out      *data.OutputFolder
	slots    chan struct{} // one for each file being written
	progress func(written int)
	wg       sync.WaitGroup
	mu       sync.Mutex
	written  []string
	err      error // the first failure; no file is started after it
}

// write starts writing pdf to the file name of the folder, or returns the
// error that stopped an earlier file.
func (fw *fileWriter) write(name string, pdf []byte) error {
	fw.slots <- struct{}{}
	fw.mu.Lock()
	err := fw.err
	fw.mu.Unlock()
	if err == nil {
		err = fw.ctx.Err()
	}
	if err != nil {
		<-fw.slots
		return err
	}
	fw.wg.Add(1)
	go func() {
		defer func() { <-fw.slots; fw.wg.Done() }()
		out, err := fw.out.Create(name)
		if err == nil {
			err = writeOutput(out, func(w io.Writer) error { _, err := w.Write(pdf); return err })
		}
		fw.mu.Lock()
		defer fw.mu.Unlock()
		switch {
		case err == nil:
			fw.written = append(fw.written, out.Path())
			fw.progress(len(fw.written))
		case fw.err == nil:
			fw.err = err
		}
	}()
	return nil
}

// wait waits for the files being written and returns those written and the
// first failure.
func (fw *fileWriter) wait() ([]string, error) {
	fw.wg.Wait()
	return fw.written, fw.err
}

func batchAudit(students, withheld int) string {
	audit := fmt.Sprintf("student summaries (%s", plural(students, "student", "students"))
	if withheld > 0 {
		audit += fmt.Sprintf("; %s left out: data-sharing consent withheld", count(withheld))
	}
	return audit + ")"
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

// writeFile writes a PDF through draw into an output of s (see
// data.Store.CreateOutput): checked, mode 0600, in place only when whole.
func writeFile(s *data.Store, path string, draw func(w io.Writer) error) error {
	out, err := s.CreateOutput(path, data.OutputPDF, false)
	if err != nil {
		return err
	}
	return writeOutput(out, draw)
}

// writeOutput draws into out and commits it, or aborts it on failure.
func writeOutput(out *data.Output, draw func(w io.Writer) error) error {
	defer out.Abort()
	w := bufio.NewWriterSize(out, 1<<16)
	if err := draw(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return out.Commit()
}
