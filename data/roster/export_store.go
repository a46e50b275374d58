package roster

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"mentorbook/data"
)

// What can be exported.
const (
	ExportStudents = "students"
	ExportPairings = "pairings"
	ExportMeetings = "meetings"
	ExportGoals    = "goals"
	ExportCalendar = "calendar"
	// ExportFollowUps is the dashboard's alert list (one kind, or all:
	// see ExportOptions.AlertKind); the dashboard offers it.
	ExportFollowUps = "follow-ups"
)

// ExportKinds lists the CSV exports, in the order a menu offers them.
var ExportKinds = []string{ExportStudents, ExportPairings, ExportMeetings, ExportGoals}

// ExportOptions say what to export and where.
type ExportOptions struct {
	Kind string // one of ExportKinds, or ExportCalendar
	Out  string // the file to write; replaced if it exists
	// Confidential includes confidential notes and the students whose
	// data-sharing consent is declined or withdrawn. Only the coordinator,
	// on purpose, sets it.
	Confidential bool
	// Passphrase, when set, encrypts the file (age, scrypt).
	Passphrase string
	// Mentor is the mentor's email, for ExportCalendar.
	Mentor string
	// AlertKind picks one alert list for ExportFollowUps; "" exports all.
	AlertKind string
	// Progress, when set, hears how many rows of how many have been
	// written. Only the meetings export, which runs to hundreds of
	// thousands of rows, calls it (every thousand rows); the others take
	// about a second for a 10,000-student school.
	Progress func(done, total int)
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Rows int // rows (or calendar events) written
	// LeftOut counts the rows left out because the student's data-sharing
	// consent is declined or withdrawn.
	LeftOut int
}

// ErrUnknownKind is returned for an export kind that does not exist.
var ErrUnknownKind = errors.New("unknown export kind")

// Export writes kind as CSV to out without confidential notes and without
// students whose data-sharing consent is withheld. Its signature is
// app.Actions.Export's.
func Export(ctx context.Context, s *data.Store, kind, out string) error {
	_, err := ExportFile(ctx, s, ExportOptions{Kind: kind, Out: out})
	return err
}

// ExportFile writes one export: a CSV file that spreadsheet programs open
// cleanly (see WriteCSV), or a mentor's planned meetings as an iCalendar
// file. The file is readable by its owner only and appears at opts.Out only
// when complete; the export is recorded in the audit log.
func ExportFile(ctx context.Context, s *data.Store, opts ExportOptions) (*ExportResult, error) {
	var res ExportResult
	var write func(tx *data.Tx, w io.Writer) error
	switch opts.Kind {
	case ExportStudents:
		write = func(tx *data.Tx, w io.Writer) error { return exportStudents(tx, w, opts, &res) }
	case ExportPairings:
		write = func(tx *data.Tx, w io.Writer) error { return exportPairings(tx, w, opts, &res) }
	case ExportMeetings:
		write = func(tx *data.Tx, w io.Writer) error { return exportMeetings(ctx, tx, w, opts, &res) }
	case ExportGoals:
		write = func(tx *data.Tx, w io.Writer) error { return exportGoals(tx, w, opts, &res) }
	case ExportFollowUps:
		write = func(tx *data.Tx, w io.Writer) error {
			rep, err := tx.FollowUps(tx.Today(), opts.AlertKind, data.ReportOptions{Confidential: opts.Confidential})
			if err != nil {
				return err
			}
			res.Rows, res.LeftOut = len(rep.Alerts), rep.Withheld
			return WriteCSV(w, data.AlertColumns, data.AlertRows(rep.Alerts))
		}
	case ExportCalendar:
		if strings.TrimSpace(opts.Mentor) == "" {
			return nil, &data.Error{Code: data.EINVALID, Field: "mentor", Message: "Choose the mentor whose calendar to export."}
		}
		write = func(tx *data.Tx, w io.Writer) error { return exportCalendar(tx, w, opts, &res) }
	default:
		return nil, fmt.Errorf("%w %q (want %s or %s)", ErrUnknownKind, opts.Kind, strings.Join(ExportKinds, ", "), ExportCalendar)
	}
	kind := data.OutputCSV
	if opts.Kind == ExportCalendar {
		kind = data.OutputCalendar
	}
	out, err := s.CreateOutput(opts.Out, kind, opts.Passphrase != "")
	if err != nil {
		return nil, err
	}
	defer out.Abort() // a no-op once committed
	err = s.View(ctx, func(tx *data.Tx) error {
		return writeTo(out, opts.Passphrase, func(w io.Writer) error { return write(tx, w) })
	})
	if err != nil {
		return nil, err
	}
	// The audit line comes before the file appears: an export that is not
	// in the log must not exist.
	detail := fmt.Sprintf("%d rows to %s", res.Rows, opts.Out)
	if opts.Kind == ExportCalendar {
		detail = fmt.Sprintf("%d planned meetings of %s to %s", res.Rows, opts.Mentor, opts.Out)
	}
	if opts.Confidential {
		detail += ", confidential notes and withheld students included"
	}
	if opts.Passphrase != "" {
		detail += ", encrypted"
	} else {
		detail += ", not encrypted"
	}
	if err := s.Update(ctx, func(tx *data.Tx) error { return tx.Audit(data.ActExport, opts.Kind, 0, detail) }); err != nil {
		return nil, err
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	return &res, nil
}

// writeTo writes through write into f, encrypted with passphrase when one
// is given.
func writeTo(f io.Writer, passphrase string, write func(io.Writer) error) error {
	var w io.Writer = f
	var enc io.WriteCloser
	if passphrase != "" {
		var err error
		if enc, err = data.Encrypt(f, passphrase); err != nil {
			return err
		}
		w = enc
	}
	if err := write(w); err != nil {
		return err
	}
	if enc != nil {
		return enc.Close()
	}
	return nil
}

func exportStudents(tx *data.Tx, w io.Writer, opts ExportOptions, res *ExportResult) error {
	students, leftOut, err := tx.ExportStudents(opts.Confidential)
	if err != nil {
		return err
	}
	header := []string{"School ID", "Given name", "Family name", "Preferred name", "Date of birth", "Year group", "Homeroom",
		"Pronouns", "Interests", "Languages", "Mentor preferences", "Email", "Status", "Left on", "Notes on needs"}
	rows := make([][]string, 0, len(students))
	for _, s := range students {
		status := "active"
		if !s.Active {
			status = "left"
		}
		rows = append(rows, []string{s.SchoolID, s.GivenName, s.FamilyName, s.PreferredName, s.BirthDate.String(), s.YearGroup,
			s.Homeroom, s.Pronouns, s.Interests, s.Languages, s.Preferences, s.Email, status, s.LeftOn.String(), s.Needs})
	}
	res.Rows, res.LeftOut = len(rows), leftOut
	return WriteCSV(w, header, rows)
}

func exportPairings(tx *data.Tx, w io.Writer, opts ExportOptions, res *ExportResult) error {
	pairings, leftOut, err := tx.ExportPairings(opts.Confidential)
	if err != nil {
		return err
	}
	header := []string{"Pairing", "School ID", "Student", "Mentor", "Mentor email", "Start", "Planned end", "Status",
		"Closed on", "Closure reason", "Closing note", "Term comments"}
	rows := make([][]string, 0, len(pairings))
	for _, p := range pairings {
		reason := p.Closure.Reason
		if reason == data.ReasonOther && p.Closure.Other != "" {
			reason += ": " + p.Closure.Other
		}
		// The term comments (shared text) in one cell, a paragraph each:
		// "2026–27 Autumn: Settled in well."
		var comments []string
		for _, c := range p.TermComments {
			comments = append(comments, c.Term+": "+c.Comment)
		}
		rows = append(rows, []string{strconv.FormatInt(p.ID, 10), p.StudentSchoolID, p.StudentName, p.MentorName, p.MentorEmail,
			p.Start.String(), p.PlannedEnd.String(), p.Status, p.Closure.On.String(), reason, p.Closure.Note,
			strings.Join(comments, "\n\n")})
	}
	res.Rows, res.LeftOut = len(rows), leftOut
	return WriteCSV(w, header, rows)
}

// meetingHeader is the meetings export's header; rows are written as they
// are read, since a large school has hundreds of thousands.
var meetingHeader = []string{"Meeting", "Pairing", "School ID", "Student", "Mentor", "Date and time", "Minutes", "Kind",
	"Location", "Status", "Topics", "Notes", "Follow-up actions", data.WellbeingQuestions[0], data.WellbeingQuestions[1],
	data.WellbeingQuestions[2], "Recorded by", "Recorded at"}

func exportMeetings(ctx context.Context, tx *data.Tx, w io.Writer, opts ExportOptions, res *ExportResult) error {
	total := 0
	if opts.Progress != nil {
		var err error
		if total, err = tx.CountMeetingsToExport(opts.Confidential); err != nil {
			return err
		}
	}
	out := newCSVStream(w)
	if err := out.write(meetingHeader); err != nil {
		return err
	}
	wb := func(v int) string {
		if v == 0 {
			return "" // not asked
		}
		return strconv.Itoa(v)
	}
	leftOut, err := tx.ExportMeetings(opts.Confidential, func(m *data.MeetingExport) error {
		res.Rows++
		if res.Rows%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err // Cancel: the statements do not watch ctx themselves
			}
			if opts.Progress != nil {
				opts.Progress(res.Rows, total)
			}
		}
		return out.write([]string{strconv.FormatInt(m.ID, 10), strconv.FormatInt(m.PairingID, 10), m.StudentSchoolID,
			m.StudentName, m.MentorName, m.At.Format(data.TimeLayout), strconv.Itoa(m.Minutes), m.Kind, m.Location, m.Status,
			strings.Join(m.Topics, ", "), m.Notes, m.FollowUp, wb(m.Wellbeing[0]), wb(m.Wellbeing[1]), wb(m.Wellbeing[2]),
			m.RecordedBy, m.RecordedAt.Local().Format(data.TimeLayout)})
	})
	if err != nil {
		return err
	}
	res.LeftOut = leftOut
	return out.close()
}

// csvStream writes rows one at a time as WriteCSV writes a whole table (byte
// order mark, CRLF, neutralised cells), for exports too large to hold in
// memory. Rows of more than one cell only: see WriteCSV on a lone empty cell.
type csvStream struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	rec []string
	err error
}

func newCSVStream(w io.Writer) *csvStream {
	bw := bufio.NewWriter(w)
	_, err := bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &csvStream{bw: bw, cw: cw, err: err}
}

func (c *csvStream) write(cells []string) error {
	if c.err != nil {
		return c.err
	}
	c.rec = c.rec[:0]
	for _, v := range cells {
		c.rec = append(c.rec, exportCell(v))
	}
	c.err = c.cw.Write(c.rec)
	return c.err
}

func (c *csvStream) close() error {
	if c.err != nil {
		return c.err
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func exportGoals(tx *data.Tx, w io.Writer, opts ExportOptions, res *ExportResult) error {
	goals, leftOut, err := tx.ExportGoals(opts.Confidential)
	if err != nil {
		return err
	}
	header := []string{"Goal", "School ID", "Student", "Title", "Description", "Area", "Target date", "Status", "Set on",
		"Progress entries", "Latest progress on", "Latest rating", "Latest percentage", "Latest comment"}
	rows := make([][]string, 0, len(goals))
	for _, g := range goals {
		var rating, percent string
		if g.Latest.Rating > 0 {
			rating = strconv.Itoa(g.Latest.Rating)
		}
		if g.Latest.Percent >= 0 && !g.Latest.On.IsZero() {
			percent = strconv.Itoa(g.Latest.Percent)
		}
		rows = append(rows, []string{strconv.FormatInt(g.ID, 10), g.StudentSchoolID, g.StudentName, g.Title, g.Description,
			g.Area, g.Target.String(), g.Status, g.Created.String(), strconv.Itoa(g.Entries), g.Latest.On.String(),
			rating, percent, g.Latest.Comment})
	}
	res.Rows, res.LeftOut = len(rows), leftOut
	return WriteCSV(w, header, rows)
}

// exportCalendar writes a mentor's planned meetings. A student whose
// data-sharing consent is withheld is not named: the file goes into
// calendar programs and often into the cloud.
func exportCalendar(tx *data.Tx, w io.Writer, opts ExportOptions, res *ExportResult) error {
	m, err := tx.MentorByEmail(strings.TrimSpace(opts.Mentor))
	if err != nil {
		if data.IsNotFound(err) {
			return &data.Error{Code: data.ENOTFOUND, Field: "mentor", Message: "No mentor has the email " + opts.Mentor + "."}
		}
		return err
	}
	meetings, err := tx.PlannedMeetings(m.ID)
	if err != nil {
		return err
	}
	cal := Calendar{Name: "Mentoring – " + m.Name, Stamp: tx.Now()}
	for _, mt := range meetings {
		summary := "Mentoring meeting"
		if mt.StudentName != "" {
			summary = "Mentoring: " + mt.StudentName
		} else {
			res.LeftOut++
		}
		var desc []string
		if len(mt.Topics) > 0 {
			desc = append(desc, "Topics: "+strings.Join(mt.Topics, ", "))
		}
		if mt.Notes != "" {
			desc = append(desc, mt.Notes)
		}
		desc = append(desc, "Kind: "+mt.Kind)
		cal.Events = append(cal.Events, Event{ID: mt.ID, Start: mt.At, End: mt.At.Add(time.Duration(mt.Minutes) * time.Minute),
			Summary: summary, Location: mt.Location, Description: strings.Join(desc, "\n")})
	}
	res.Rows = len(cal.Events)
	return WriteICS(w, cal)
}
