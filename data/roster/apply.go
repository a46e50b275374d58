package roster

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"mentorbook/data"
)

// csvPrefix begins the source IDs Mentorbook gives records imported from a
// plain CSV file, which has no sourcedIds of its own. It keeps them apart
// from hand-typed records (no source ID) and from OneRoster ones.
const csvPrefix = "csv:"

// DefaultMentorCapacity is how many mentees a mentor created by an import
// may take, the same default as a mentor typed in by hand.
const DefaultMentorCapacity = 3

// Counts says how many records of one kind an import added, updated and
// left as they were.
type Counts struct {
	Added, Updated, Unchanged int
}

func (c Counts) String() string {
	return fmt.Sprintf("%d added, %d updated, %d unchanged", c.Added, c.Updated, c.Unchanged)
}

// Result is what an import did or, in a dry run, would do.
type Result struct {
	DryRun   bool
	School   string // the school's name, when the import set it
	Years    Counts
	Terms    Counts
	Students Counts
	Left     int // students marked as left because the roster no longer lists them
	// Leavers names each of them, with the open pairings closed because
	// they left: "Zoë Okafor (S001): pairing with Mr Tanaka closed".
	Leavers   []string
	Guardians Counts
	Linked    int // student–guardian links added or changed
	Unlinked  int // links the roster no longer has, removed
	Mentors   Counts
	// Rejected lists the rows that could not be imported, the first
	// maxListed of them; Unlisted counts the rest. One is enough for
	// nothing to be written.
	Rejected []Problem
	Unlisted int
}

// Written reports whether the import changed the database.
func (r *Result) Written() bool { return !r.DryRun && len(r.Rejected) == 0 }

// RejectedCount is how many rows were rejected, listed or not.
func (r *Result) RejectedCount() int { return len(r.Rejected) + r.Unlisted }

// Summary describes the result in a few lines, without the rejected rows.
func (r *Result) Summary() string {
	var b strings.Builder
	n := r.RejectedCount()
	switch {
	case n > 0:
		fmt.Fprintf(&b, "Nothing was imported: %s rejected. Fix %s and try again.\n", rows(n), them(n))
		b.WriteString("Without the rejected rows, the import would make these changes:\n")
	case r.DryRun:
		b.WriteString("Checked; nothing has been written yet. Importing will make these changes:\n")
	default:
		b.WriteString("Imported:\n")
	}
	fmt.Fprintf(&b, "Students: %s, %d marked as left.\n", r.Students, r.Left)
	for _, l := range r.Leavers {
		fmt.Fprintf(&b, "  Left: %s\n", l)
	}
	fmt.Fprintf(&b, "Guardians: %s; %d links to students added or changed, %d removed.\n", r.Guardians, r.Linked, r.Unlinked)
	fmt.Fprintf(&b, "Mentors (inactive until vetted): %s.\n", r.Mentors)
	fmt.Fprintf(&b, "Academic years: %s. Terms: %s.\n", r.Years, r.Terms)
	if r.School != "" {
		fmt.Fprintf(&b, "School name: %s.\n", r.School)
	}
	fmt.Fprintf(&b, "Rejected: %s.", rows(n))
	return b.String()
}

// Report is the summary followed by each listed rejected row as
// "file:line: reason", and the count of the others.
func (r *Result) Report() string {
	var b strings.Builder
	b.WriteString(r.Summary())
	for _, line := range r.RejectedLines() {
		b.WriteString("\n")
		b.WriteString(line)
	}
	return b.String()
}

// RejectedLines are the listed rejected rows as "file:line: reason" and,
// when there are more, a last line that counts them.
func (r *Result) RejectedLines() []string {
	lines := make([]string, 0, len(r.Rejected)+1)
	for _, p := range r.Rejected {
		lines = append(lines, p.String())
	}
	if r.Unlisted > 0 {
		lines = append(lines, fmt.Sprintf("… and %s more %s rejected", data.Grouped(r.Unlisted), plural(r.Unlisted, "row", "rows")))
	}
	return lines
}

func rows(n int) string {
	return data.Grouped(n) + " " + plural(n, "row", "rows")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// RejectedError is what an import that was not a dry run returns when rows
// were rejected: nothing was written. Its message, through
// data.ErrorMessage, is the whole report.
type RejectedError struct{ Result *Result }

func (e *RejectedError) Error() string { return e.Result.Report() }

// Unwrap lets data.ErrorMessage show the report as it is, rather than as an
// internal error.
func (e *RejectedError) Unwrap() error {
	return &data.Error{Code: data.EINVALID, Message: e.Result.Report()}
}

// batch is what an import writes, whichever kind of file it came from.
type batch struct {
	school    string
	years     []Year
	terms     []Term
	students  []Student // SourcedID set: from the roster, or csvPrefix + school ID
	guardians []Guardian
	links     []batchLink
	mentors   []Mentor
	// wholeRoster means the file lists every student of the school, so a
	// sourced student missing from it has left.
	wholeRoster bool
	// present holds the sourcedIds of users whose rows were rejected: they
	// are still in the roster and must not be counted as having left.
	present map[string]bool
	// bySchoolID matches students by school ID (plain CSV) instead of by
	// sourcedId (OneRoster).
	bySchoolID bool
	// listsGuardians means the file says who each student's guardians are,
	// so imported guardians it no longer names are unlinked. A spreadsheet
	// of students alone says nothing about guardians.
	listsGuardians bool
}

type batchLink struct {
	student, guardian string // SourcedIDs in the batch
	relationship      string
	src               Source
}

// errRollback ends a transaction that must not be committed (a dry run, or
// an import with rejected rows) without being an error itself.
var errRollback = errors.New("roll back")

// apply writes b to the store in one transaction: all of it, or nothing
// when any row is rejected or opts.DryRun is set. problems are the rows the
// reader rejected, and unlisted those it counted without listing; they are
// reported with the store's own rejections.
//
// Every row is checked before anything is kept: only once all have passed,
// just before the commit, is the automatic backup taken (of the school as
// it was: the import is not committed yet) and the audit line written, so
// that a refused import leaves neither behind.
func apply(ctx context.Context, s *data.Store, b *batch, problems []Problem, unlisted int, opts Options) (*Result, error) {
	var commit func(*data.Tx, *Result) error
	if !opts.DryRun {
		commit = func(tx *data.Tx, res *Result) error {
			if _, err := s.AutoBackupIn(ctx, tx); err != nil {
				return fmt.Errorf("the backup taken before every import failed, so nothing was imported: %w", err)
			}
			return tx.Audit(data.ActImport, "roster", 0, opts.describe()+": "+auditSummary(res))
		}
	}
	res, err := run(ctx, s, b, problems, unlisted, opts.progress(0.1, 1), commit)
	if err != nil {
		return nil, err
	}
	res.DryRun = opts.DryRun
	if opts.Progress != nil {
		opts.Progress(1)
	}
	if !opts.DryRun && res.RejectedCount() > 0 {
		return res, &RejectedError{res}
	}
	return res, nil
}

// run applies b in one transaction and commits it, after calling commit,
// when commit is set and no row was rejected; otherwise it rolls back.
func run(ctx context.Context, s *data.Store, b *batch, problems []Problem, unlisted int, progress func(done, total int),
	commit func(*data.Tx, *Result) error) (*Result, error) {
	var res *Result
	var a *applier
	err := s.Update(ctx, func(tx *data.Tx) error {
		// Counted afresh on every attempt: on PostgreSQL the store may
		// run this again after a concurrent writer (Store.Update).
		res = &Result{}
		a = &applier{ctx: ctx, b: b, res: res, progress: progress, tx: tx}
		a.rejected.addAll(problems, unlisted)
		if err := a.run(); err != nil {
			return err
		}
		if commit == nil || a.rejected.count() > 0 {
			return errRollback
		}
		return commit(tx, res)
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	sortProblems(a.rejected.list)
	res.Rejected, res.Unlisted = a.rejected.list, a.rejected.unlisted
	return res, nil
}

func auditSummary(r *Result) string {
	return fmt.Sprintf("students %s, %d left; guardians %s; mentors %s; years %s; terms %s",
		r.Students, r.Left, r.Guardians, r.Mentors, r.Years, r.Terms)
}

// sortProblems orders problems as a person fixes them: by file, referenced
// files first, then by line.
func sortProblems(ps []Problem) {
	rank := map[string]int{}
	for i, f := range fileOrder {
		rank[f] = i + 1
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ri, rj := rank[ps[i].File], rank[ps[j].File]; ri != rj {
			return ri < rj
		}
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// applier writes one batch inside one transaction.
type applier struct {
	ctx      context.Context
	tx       *data.Tx
	b        *batch
	res      *Result
	rejected problems
	progress func(done, total int)
	done     int

	students    map[string]*data.Student // sourced students by source ID
	bySchool    map[string]*data.Student // every student by school ID
	studentIDs  map[string]int64         // batch student → student ID, for those written
	guardianIDs map[string]int64         // batch guardian → guardian ID, for those written
	yearIDs     map[string]int64         // batch year → year ID, for those written
}

func (a *applier) run() error {
	a.studentIDs = map[string]int64{}
	a.guardianIDs = map[string]int64{}
	a.yearIDs = map[string]int64{}
	for _, step := range []func() error{a.school, a.years, a.terms, a.loadStudents, a.applyStudents,
		a.applyGuardians, a.applyLinks, a.applyMentors, a.markLeft} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// reject records a store error as a rejected row. Errors that are not the
// store's plain-words errors (a broken disk, a cancelled import) end the
// import instead.
func (a *applier) reject(src Source, err error) error {
	code := data.ErrorCode(err)
	if code == "" || code == data.EINTERNAL {
		return err
	}
	a.rejected.add(src.File, src.Line, "%s", data.ErrorMessage(err))
	return nil
}

func (a *applier) rejectf(src Source, format string, args ...any) {
	a.rejected.add(src.File, src.Line, format, args...)
}

// tick counts one record done, reports progress now and then, and notices
// a cancelled import.
func (a *applier) tick() error {
	a.done++
	if a.done%256 != 0 {
		return nil
	}
	if a.progress != nil {
		b := a.b
		a.progress(a.done, len(b.students)+len(b.guardians)+len(b.links)+len(b.mentors))
	}
	return a.ctx.Err()
}

// school names the school from the roster when it has no name yet; a name
// the coordinator typed is never replaced.
func (a *applier) school() error {
	if a.b.school == "" {
		return nil
	}
	sc, err := a.tx.School()
	if err != nil || sc.Name != "" {
		return err
	}
	sc.Name = a.b.school
	if sc.Paper == "" {
		sc.Paper = "A4"
	}
	if err := a.tx.SaveSchool(sc); err != nil {
		return a.reject(Source{File: "orgs.csv"}, err)
	}
	a.res.School = sc.Name
	return nil
}

func (a *applier) years() error {
	if len(a.b.years) == 0 {
		return nil
	}
	all, err := a.tx.Years()
	if err != nil {
		return err
	}
	for _, y := range a.b.years {
		want := data.Year{SourceID: y.SourcedID, Name: y.Title, Start: data.DateOf(y.Start), End: data.DateOf(y.End)}
		var old *data.Year
		for i := range all {
			// A year set up by hand under the same name becomes the roster's.
			if all[i].SourceID == y.SourcedID || all[i].SourceID == "" && all[i].Name == y.Title {
				old = &all[i]
				if all[i].SourceID == y.SourcedID {
					break
				}
			}
		}
		if old != nil {
			want.ID = old.ID
			if *old == want {
				a.res.Years.Unchanged++
				a.yearIDs[y.SourcedID] = old.ID
				continue
			}
		}
		if err := a.tx.SaveYear(&want); err != nil {
			if err := a.reject(y.Source, err); err != nil {
				return err
			}
			continue
		}
		if old != nil {
			a.res.Years.Updated++
			*old = want
		} else {
			a.res.Years.Added++
			all = append(all, want)
		}
		a.yearIDs[y.SourcedID] = want.ID
	}
	return nil
}

// termKinds ranks the kinds of session Mentorbook takes as its terms. A
// roster may list terms and the grading periods inside them; reports run by
// term, so within a year only the broadest kind present is imported.
var termKinds = []string{"term", "semester", "gradingPeriod"}

func (a *applier) terms() error {
	if len(a.b.terms) == 0 {
		return nil
	}
	best := map[string]int{} // year → best rank present
	for _, t := range a.b.terms {
		r := rankOf(t.Type)
		if cur, ok := best[t.YearSourcedID]; !ok || r < cur {
			best[t.YearSourcedID] = r
		}
	}
	all, err := a.tx.Terms()
	if err != nil {
		return err
	}
	years, err := a.tx.Years()
	if err != nil {
		return err
	}
	yearName := map[int64]string{}
	for _, y := range years {
		yearName[y.ID] = y.Name
	}
	for _, t := range a.b.terms {
		if rankOf(t.Type) != best[t.YearSourcedID] {
			continue
		}
		want := data.Term{SourceID: t.SourcedID, Name: t.Title, Start: data.DateOf(t.Start), End: data.DateOf(t.End)}
		if t.YearSourcedID != "" {
			id, ok := a.yearIDs[t.YearSourcedID]
			if !ok {
				continue // the year was rejected, and its row says why
			}
			want.YearID = id
		} else {
			y, err := a.tx.YearOn(want.Start)
			if err != nil {
				return err
			}
			if y == nil || want.End.After(y.End) {
				a.rejectf(t.Source, "term %q (%s to %s) belongs to no school year: the roster names none, and no academic year in Mentorbook contains it",
					t.Title, want.Start, want.End)
				continue
			}
			want.YearID = y.ID
		}
		var old *data.Term
		for i := range all {
			if all[i].SourceID == t.SourcedID {
				old = &all[i]
				break
			}
		}
		for i := range all {
			if old == nil && all[i].SourceID == "" && all[i].Name == t.Title && all[i].YearID == want.YearID {
				old = &all[i] // a term typed in by hand becomes the roster's
			}
		}
		// Term names are unique, but rosters often call every year's terms
		// "Term 1", "Term 2"…; a second year's then carry the year's name.
		for i := range all {
			if all[i].Name == want.Name && (old == nil || all[i].ID != old.ID) {
				want.Name = yearName[want.YearID] + " " + t.Title
				break
			}
		}
		if old != nil {
			want.ID = old.ID
			if *old == want {
				a.res.Terms.Unchanged++
				continue
			}
		}
		if err := a.tx.SaveTerm(&want); err != nil {
			if err := a.reject(t.Source, err); err != nil {
				return err
			}
			continue
		}
		if old != nil {
			a.res.Terms.Updated++
			*old = want
		} else {
			a.res.Terms.Added++
			all = append(all, want)
		}
	}
	return nil
}

func rankOf(kind string) int {
	for i, k := range termKinds {
		if strings.EqualFold(k, kind) {
			return i
		}
	}
	return len(termKinds)
}

func (a *applier) loadStudents() error {
	all, err := a.tx.AllStudents()
	if err != nil {
		return err
	}
	a.students = make(map[string]*data.Student, len(all))
	a.bySchool = make(map[string]*data.Student, len(all))
	for i := range all {
		s := &all[i]
		if s.SourceID != "" {
			a.students[s.SourceID] = s
		}
		a.bySchool[s.SchoolID] = s
	}
	return nil
}

func (a *applier) applyStudents() error {
	for _, st := range a.b.students {
		if err := a.tick(); err != nil {
			return err
		}
		old, ok := a.matchStudent(st)
		if !ok {
			continue
		}
		var want data.Student
		if old != nil {
			want = *old
		}
		mergeStudent(&want, st)
		if old == nil {
			want.SourceID = st.SourcedID
		} else if !a.b.bySchoolID {
			want.SourceID = st.SourcedID // adopts a student first imported from a plain CSV file
		}
		switch {
		case old != nil && want == *old:
			a.res.Students.Unchanged++
		case old != nil:
			if err := a.tx.UpdateStudent(&want); err != nil {
				if err := a.reject(st.Source, err); err != nil {
					return err
				}
				continue
			}
			a.res.Students.Updated++
			delete(a.bySchool, old.SchoolID)
			delete(a.students, old.SourceID)
		default:
			if err := a.tx.CreateStudent(&want); err != nil {
				if err := a.reject(st.Source, err); err != nil {
					return err
				}
				continue
			}
			a.res.Students.Added++
		}
		saved := want
		a.students[saved.SourceID] = &saved
		a.bySchool[saved.SchoolID] = &saved
		a.studentIDs[st.SourcedID] = saved.ID
	}
	return nil
}

// matchStudent finds the stored student a roster student updates: nil and
// true for a new one, false when the row is rejected.
func (a *applier) matchStudent(st Student) (*data.Student, bool) {
	if !a.b.bySchoolID {
		if old := a.students[st.SourcedID]; old != nil {
			return old, true
		}
	}
	other := a.bySchool[st.SchoolID]
	switch {
	case other == nil:
		return nil, true
	case other.SourceID == "":
		a.rejectf(st.Source, "school ID %s already belongs to %s, who was typed in by hand; change the school ID in Mentorbook or in the file",
			st.SchoolID, other.FullName())
		return nil, false
	case a.b.bySchoolID || strings.HasPrefix(other.SourceID, csvPrefix):
		return other, true
	}
	a.rejectf(st.Source, "school ID %s already belongs to %s, who came from a roster with sourcedId %s",
		st.SchoolID, other.FullName(), other.SourceID)
	return nil, false
}

// mergeStudent writes what the file says about a student over s. A value
// the file leaves empty keeps what Mentorbook has: rosters often omit
// preferred names and pronouns the coordinator has typed in. A student the
// file lists is at school.
func mergeStudent(s *data.Student, st Student) {
	s.SchoolID = st.SchoolID
	s.GivenName = st.GivenName
	setIf(&s.FamilyName, st.FamilyName)
	setIf(&s.PreferredName, st.PreferredName)
	setIf(&s.YearGroup, st.Grade)
	setIf(&s.Homeroom, st.Homeroom)
	setIf(&s.Pronouns, st.Pronouns)
	setIf(&s.Email, st.Email)
	if !st.DateOfBirth.IsZero() {
		s.BirthDate = data.DateOf(st.DateOfBirth)
	}
	if s.ID == 0 {
		s.NeedsConfidential = true // as the schema's default: notes on needs are private until marked shared
	}
	s.Active, s.LeftOn = true, data.Date{}
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func (a *applier) applyGuardians() error {
	if len(a.b.guardians) == 0 {
		return nil
	}
	all, err := a.tx.SourcedGuardians()
	if err != nil {
		return err
	}
	for _, g := range a.b.guardians {
		if err := a.tick(); err != nil {
			return err
		}
		old := all[g.SourcedID]
		var want data.Guardian
		if old != nil {
			want = *old
		}
		want.SourceID = g.SourcedID
		want.Name = g.Name
		setIf(&want.Email, g.Email)
		setIf(&want.Phone, g.Phone)
		setIf(&want.Language, g.Language)
		// A file without an address (OneRoster has none) keeps the one
		// typed in the window.
		setIf(&want.Address, g.Address)
		switch {
		case old != nil && want == *old:
			a.res.Guardians.Unchanged++
		case old != nil:
			if err := a.tx.UpdateGuardian(&want); err != nil {
				if err := a.reject(g.Source, err); err != nil {
					return err
				}
				continue
			}
			a.res.Guardians.Updated++
		default:
			if err := a.tx.CreateGuardian(&want); err != nil {
				if err := a.reject(g.Source, err); err != nil {
					return err
				}
				continue
			}
			a.res.Guardians.Added++
		}
		a.guardianIDs[g.SourcedID] = want.ID
	}
	return nil
}

// applyLinks links each imported student to the guardians the file names,
// and unlinks imported guardians the file no longer names for them: a
// guardian who lost parental responsibility must not keep receiving
// letters. Guardians typed in by hand stay linked.
func (a *applier) applyLinks() error {
	existing, err := a.tx.GuardianLinks()
	if err != nil {
		return err
	}
	type pair struct{ student, guardian int64 }
	have := make(map[pair]data.GuardianLink, len(existing))
	for _, l := range existing {
		have[pair{l.StudentID, l.GuardianID}] = l
	}
	wanted := make(map[pair]bool, len(a.b.links))
	for _, l := range a.b.links {
		if err := a.tick(); err != nil {
			return err
		}
		sid, ok1 := a.studentIDs[l.student]
		gid, ok2 := a.guardianIDs[l.guardian]
		if !ok1 || !ok2 {
			continue // the student or guardian was rejected
		}
		k := pair{sid, gid}
		wanted[k] = true
		if old, ok := have[k]; ok && (old.Relationship == l.relationship || l.relationship == "") {
			continue
		}
		if err := a.tx.LinkGuardian(sid, gid, l.relationship); err != nil {
			if err := a.reject(l.src, err); err != nil {
				return err
			}
			continue
		}
		a.res.Linked++
	}
	if !a.b.listsGuardians {
		return nil
	}
	imported := make(map[int64]bool, len(a.studentIDs))
	for _, id := range a.studentIDs {
		imported[id] = true
	}
	for _, l := range existing {
		if l.Sourced && imported[l.StudentID] && !wanted[pair{l.StudentID, l.GuardianID}] {
			if err := a.tx.UnlinkGuardian(l.StudentID, l.GuardianID); err != nil {
				return err
			}
			a.res.Unlinked++
		}
	}
	return nil
}

// applyMentors adds the roster's staff as possible mentors, inactive until
// the coordinator has vetted them. A mentor typed in by hand with the same
// email becomes the roster's rather than being duplicated.
func (a *applier) applyMentors() error {
	if len(a.b.mentors) == 0 {
		return nil
	}
	all, err := a.tx.AllMentors()
	if err != nil {
		return err
	}
	bySource := map[string]*data.Mentor{}
	byEmail := map[string]*data.Mentor{}
	for i := range all {
		m := &all[i]
		if m.SourceID != "" {
			bySource[m.SourceID] = m
		} else if m.Email != "" {
			byEmail[strings.ToLower(m.Email)] = m
		}
	}
	for _, m := range a.b.mentors {
		if err := a.tick(); err != nil {
			return err
		}
		old := bySource[m.SourcedID]
		if old == nil && m.Email != "" {
			old = byEmail[strings.ToLower(m.Email)]
		}
		if old == nil {
			want := data.Mentor{SourceID: m.SourcedID, Name: m.Name, Role: "staff", Email: m.Email, Phone: m.Phone,
				Capacity: DefaultMentorCapacity, Active: false}
			if err := a.tx.CreateMentor(&want); err != nil {
				if err := a.reject(m.Source, err); err != nil {
					return err
				}
				continue
			}
			a.res.Mentors.Added++
			bySource[m.SourcedID] = &want
			continue
		}
		want := *old
		want.SourceID = m.SourcedID
		want.Name = m.Name
		setIf(&want.Email, m.Email)
		if want.Phone == "" {
			want.Phone = m.Phone
		}
		if want == *old {
			a.res.Mentors.Unchanged++
			continue
		}
		if err := a.tx.UpdateMentor(&want); err != nil {
			if err := a.reject(m.Source, err); err != nil {
				return err
			}
			continue
		}
		a.res.Mentors.Updated++
		*old = want
		delete(byEmail, strings.ToLower(want.Email))
	}
	return nil
}

// markLeft marks as left, today, the students an earlier roster brought in
// that this one no longer lists. Their records and history stay.
func (a *applier) markLeft() error {
	if !a.b.wholeRoster {
		return nil
	}
	listed := make(map[string]bool, len(a.b.students))
	for _, st := range a.b.students {
		listed[st.SourcedID] = true
	}
	var gone []*data.Student
	for src, s := range a.students {
		if s.Active && !strings.HasPrefix(src, csvPrefix) && !listed[src] && !a.b.present[src] {
			gone = append(gone, s)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].SchoolID < gone[j].SchoolID })
	today := a.tx.Today()
	for _, s := range gone {
		open, err := a.tx.Pairings(data.PairingFilter{StudentID: s.ID, Status: "open"})
		if err != nil {
			return err
		}
		if err := a.tx.MarkStudentLeft(s.ID, today); err != nil {
			if code := data.ErrorCode(err); code == data.EINTERNAL {
				return err
			}
			a.rejectf(Source{File: "users.csv"}, "%s (school ID %s) is no longer in the roster but cannot be marked as left: %s",
				s.FullName(), s.SchoolID, data.ErrorMessage(err))
			continue
		}
		a.res.Left++
		a.res.Leavers = append(a.res.Leavers, leaver(s, open))
	}
	return nil
}

// leaver describes a student marked as left and the open pairings that
// closed with them, for the summary.
func leaver(s *data.Student, closed []data.PairingRow) string {
	line := fmt.Sprintf("%s (%s)", s.FullName(), s.SchoolID)
	for i, p := range closed {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		line += sep + p.Status + " pairing with " + p.MentorName + " closed (student left school)"
	}
	return line
}
