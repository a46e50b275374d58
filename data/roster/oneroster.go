package roster

import (
	"strings"
	"time"
)

// OneRoster is what a OneRoster CSV roster holds that Mentorbook uses. Only
// rows that passed every check are here; the rest are Problems.
type OneRoster struct {
	Version   string // "1.1" or "1.2", from the manifest or guessed from the columns
	School    School // the first org of type school
	Years     []Year
	Terms     []Term
	Students  []Student
	Mentors   []Mentor   // teachers, aides, administrators and other staff
	Guardians []Guardian // guardians, parents and relatives
	Links     []Link     // student–guardian pairs, each once
	Deleted   int        // rows marked tobedeleted, which were skipped
	// Unlisted counts the problems found beyond those listed.
	Unlisted int

	// userIDs holds every sourcedId in users.csv, rejected rows included,
	// or nil when users.csv could not be read.
	userIDs map[string]bool
}

// Roles, org types and session types as OneRoster 1.1 and 1.2 spell them, by
// lower-case key. Files in the wild vary the case, so matching ignores it.
var (
	studentRoles  = spellings("student")
	guardianRoles = spellings("guardian", "parent", "relative")
	staffRoles    = spellings("teacher", "aide", "administrator", "counselor", "principal",
		"siteAdministrator", "districtAdministrator", "systemAdministrator", "proctor")
	orgTypes     = spellings("school", "district", "department", "local", "state", "national")
	sessionTypes = spellings("schoolYear", "term", "semester", "gradingPeriod")
)

func spellings(names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[strings.ToLower(n)] = n
	}
	return m
}

// Kinds of user, by what Mentorbook makes of them.
type kind int

const (
	kindStudent kind = iota + 1
	kindGuardian
	kindStaff
)

// user is a users.csv row between the passes that check it.
type user struct {
	row      Row
	role     string
	kind     kind
	agents   []string
	accepted bool
}

// parser holds what has been read so far, for checking references.
type parser struct {
	set  *set
	out  *OneRoster
	ps   problems
	orgs map[string]bool // every org sourcedId in orgs.csv; nil when orgs.csv was not read

	sessions map[string]Row // every academic session, by sourcedId

	usersFile *Table
	userIDs   ids              // every sourcedId in users.csv, usable or not
	users     map[string]*user // users neither deleted nor with a bad status
	order     []*user          // the same, in file order
	rolesFile bool             // roles came from roles.csv (OneRoster 1.2)
	students  map[string]int   // accepted students: sourcedId → index in out.Students
	guardians map[string]bool  // accepted guardians
}

func (s *set) parse() (*OneRoster, []Problem, error) {
	p := &parser{set: s, out: &OneRoster{Version: s.version}}
	steps := []struct {
		file string
		read func(*Table)
	}{
		{"orgs.csv", p.readOrgs},
		{"academicSessions.csv", p.readSessions},
		{"users.csv", p.readUsers},
	}
	for _, st := range steps {
		t, err := s.table(st.file, true, columnsOf[st.file])
		if err != nil {
			return nil, nil, err
		}
		if t != nil {
			st.read(t)
		}
	}
	if p.users == nil {
		// users.csv could not be parsed: every other file refers to it.
		return p.finish()
	}
	roles, err := s.table("roles.csv", false, columnsOf["roles.csv"])
	if err != nil {
		return nil, nil, err
	}
	p.classify(roles)
	demographics, err := s.table("demographics.csv", false, columnsOf["demographics.csv"])
	if err != nil {
		return nil, nil, err
	}
	if demographics != nil {
		p.readDemographics(demographics)
	}
	if err := p.readEnrollments(); err != nil {
		return nil, nil, err
	}
	p.link()
	return p.finish()
}

// columnsOf names, for each file, the columns the parser reads: the
// reader keeps no others, and reads no rows when a required one is
// missing.
var columnsOf = map[string]Columns{
	"orgs.csv": {Required: []string{"sourcedId", "name", "type"},
		Optional: []string{"status", "parentSourcedId", "identifier"}},
	"academicSessions.csv": {Required: []string{"sourcedId", "title", "type", "startDate", "endDate"},
		Optional: []string{"status", "parentSourcedId", "orgSourcedId", "schoolYear"}},
	"users.csv": {Required: []string{"sourcedId", "givenName", "familyName"},
		Optional: []string{"status", "role", "agentSourcedIds", "orgSourcedIds", "primaryOrgSourcedId", "birthDate",
			"identifier", "username", "middleName", "preferredGivenName", "preferredFirstName", "pronouns", "grades",
			"email", "phone", "sms"}},
	"roles.csv": {Required: []string{"userSourcedId", "role"},
		Optional: []string{"status", "orgSourcedId", "roleType"}},
	"demographics.csv": {Required: []string{"sourcedId", "birthDate"}, Optional: []string{"status"}},
	"classes.csv": {Required: []string{"sourcedId", "title"},
		Optional: []string{"status", "classType", "schoolSourcedId"}},
	"enrollments.csv": {Required: []string{"classSourcedId", "userSourcedId"},
		Optional: []string{"status", "schoolSourcedId"}},
}

// fileOrder is the order problems are listed in: the order a person would
// fix the files in, referenced files before the files that refer to them.
var fileOrder = []string{"manifest.csv", "orgs.csv", "academicSessions.csv", "users.csv", "roles.csv",
	"demographics.csv", "classes.csv", "enrollments.csv"}

// finish sorts the problems by file and by line within a file.
func (p *parser) finish() (*OneRoster, []Problem, error) {
	var all problems
	all.addAll(p.set.problems.list, p.set.problems.unlisted)
	all.addAll(p.ps.list, p.ps.unlisted)
	sortProblems(all.list)
	p.out.Unlisted = all.unlisted
	if p.out.Version == "" {
		p.out.Version = "1.1"
		if p.rolesFile {
			p.out.Version = "1.2"
		}
	}
	if p.userIDs != nil {
		p.out.userIDs = make(map[string]bool, len(p.userIDs))
		for id := range p.userIDs {
			p.out.userIDs[id] = true
		}
	}
	return p.out, all.list, nil
}

// skip reports whether a row is marked tobedeleted, counting it, or has a
// status OneRoster does not define.
func (p *parser) skip(file string, r Row) bool {
	switch strings.ToLower(r.Get("status")) {
	case "", "active", "inactive":
		return false
	case "tobedeleted":
		p.out.Deleted++
		return true
	}
	p.ps.add(file, r.Line, "status %q is not active or tobedeleted", r.Get("status"))
	return true
}

// ids collects sourcedIds, reporting empty and repeated ones.
type ids map[string]int

func (p *parser) newID(file string, seen ids, r Row, column string) (string, bool) {
	id := r.Get(column)
	if id == "" {
		p.ps.add(file, r.Line, "%s is empty", column)
		return "", false
	}
	if first, dup := seen[id]; dup {
		p.ps.add(file, r.Line, "%s %q is already used on line %d", column, id, first)
		return "", false
	}
	seen[id] = r.Line
	return id, true
}

func (p *parser) readOrgs(t *Table) {
	if p.missing(t, "sourcedId", "name", "type") {
		return
	}
	seen := ids{}
	type org struct {
		row Row
		id  string
	}
	var rows []org
	for _, r := range t.Rows {
		id, ok := p.newID(t.File, seen, r, "sourcedId")
		if !ok || p.skip(t.File, r) {
			continue
		}
		rows = append(rows, org{r, id})
	}
	p.orgs = make(map[string]bool, len(seen))
	for id := range seen {
		p.orgs[id] = true
	}
	for _, o := range rows {
		r := o.row
		bad := p.require(t.File, r, "name", "type")
		typ, known := orgTypes[strings.ToLower(r.Get("type"))]
		if r.Get("type") != "" && !known {
			p.ps.add(t.File, r.Line, "type %q is not an org type (school, district, department, local, state, national)", r.Get("type"))
			bad = true
		}
		if parent := r.Get("parentSourcedId"); parent != "" && !p.orgs[parent] {
			p.ps.add(t.File, r.Line, "parentSourcedId %q is not in orgs.csv", parent)
			bad = true
		}
		if !bad && typ == "school" && p.out.School.SourcedID == "" {
			p.out.School = School{SourcedID: o.id, Name: r.Get("name"), Identifier: r.Get("identifier")}
		}
	}
}

func (p *parser) readSessions(t *Table) {
	if p.missing(t, "sourcedId", "title", "type", "startDate", "endDate") {
		return
	}
	seen := ids{}
	p.sessions = make(map[string]Row)
	var rows []Row
	for _, r := range t.Rows {
		id, ok := p.newID(t.File, seen, r, "sourcedId")
		if !ok {
			continue
		}
		p.sessions[id] = r
		if !p.skip(t.File, r) {
			rows = append(rows, r)
		}
	}
	yearBySchoolYear := map[string]string{}
	for _, r := range rows {
		bad := p.require(t.File, r, "title", "type")
		typ, known := sessionTypes[strings.ToLower(r.Get("type"))]
		if r.Get("type") != "" && !known {
			p.ps.add(t.File, r.Line, "type %q is not schoolYear, term, semester or gradingPeriod", r.Get("type"))
			bad = true
		}
		start, ok1 := p.date(t.File, r, "startDate", true)
		end, ok2 := p.date(t.File, r, "endDate", true)
		if !ok1 || !ok2 {
			bad = true
		} else if end.Before(start) {
			p.ps.add(t.File, r.Line, "endDate %s is before startDate %s", r.Get("endDate"), r.Get("startDate"))
			bad = true
		}
		parent := r.Get("parentSourcedId")
		if _, ok := p.sessions[parent]; parent != "" && !ok {
			p.ps.add(t.File, r.Line, "parentSourcedId %q is not in academicSessions.csv", parent)
			bad = true
		}
		if org := r.Get("orgSourcedId"); org != "" && p.orgs != nil && !p.orgs[org] {
			p.ps.add(t.File, r.Line, "orgSourcedId %q is not in orgs.csv", org)
			bad = true
		}
		if bad {
			continue
		}
		src := Source{t.File, r.Line}
		if typ == "schoolYear" {
			y := Year{SourcedID: r.Get("sourcedId"), Title: r.Get("title"), Start: start, End: end, SchoolYear: r.Get("schoolYear"), Source: src}
			p.out.Years = append(p.out.Years, y)
			if y.SchoolYear != "" {
				yearBySchoolYear[y.SchoolYear] = y.SourcedID
			}
			continue
		}
		p.out.Terms = append(p.out.Terms, Term{SourcedID: r.Get("sourcedId"), Title: r.Get("title"), Type: typ,
			Start: start, End: end, YearSourcedID: p.yearOf(parent), Source: src})
	}
	// A term with no parent may still name its year by the schoolYear column;
	// a term whose year was rejected or deleted belongs to none.
	accepted := map[string]bool{}
	for _, y := range p.out.Years {
		accepted[y.SourcedID] = true
	}
	for i, term := range p.out.Terms {
		if term.YearSourcedID == "" {
			term.YearSourcedID = yearBySchoolYear[p.sessions[term.SourcedID].Get("schoolYear")]
		}
		if !accepted[term.YearSourcedID] {
			term.YearSourcedID = ""
		}
		p.out.Terms[i].YearSourcedID = term.YearSourcedID
	}
}

// yearOf follows parentSourcedId up to the enclosing school year, so that a
// grading period inside a semester still finds its year. The step limit
// stops a cycle of parents.
func (p *parser) yearOf(id string) string {
	for step := 0; id != "" && step < 8; step++ {
		r, ok := p.sessions[id]
		if !ok {
			return ""
		}
		if strings.EqualFold(r.Get("type"), "schoolYear") {
			return id
		}
		id = r.Get("parentSourcedId")
	}
	return ""
}

// missing reports the table's missing columns; true means the file cannot be
// used at all.
func (p *parser) missing(t *Table, columns ...string) bool {
	ms := t.Missing(columns...)
	p.ps.addAll(ms, 0)
	return len(ms) > 0
}

// require reports each named value that is empty; true means some were.
func (p *parser) require(file string, r Row, columns ...string) bool {
	bad := false
	for _, c := range columns {
		if r.Get(c) == "" {
			p.ps.add(file, r.Line, "%s is empty", c)
			bad = true
		}
	}
	return bad
}

// date reads an optional or required date column; false means the value was
// there but wrong, or required and missing, and a Problem says so.
func (p *parser) date(file string, r Row, column string, required bool) (time.Time, bool) {
	v := r.Get(column)
	if v == "" {
		if required {
			p.ps.add(file, r.Line, "%s is empty", column)
			return time.Time{}, false
		}
		return time.Time{}, true
	}
	d, err := parseDate(column, v)
	if err != nil {
		p.ps.add(file, r.Line, "%s", err)
		return time.Time{}, false
	}
	return d, true
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
