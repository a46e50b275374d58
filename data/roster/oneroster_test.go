package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const fixtures = "../../testdata/roster"

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// mustRead reads a roster that is expected to have no problems at all.
func mustRead(t *testing.T, path string) *OneRoster {
	t.Helper()
	r, ps, err := ReadOneRoster(path)
	if err != nil {
		t.Fatalf("ReadOneRoster(%q) error = %v", path, err)
	}
	if len(ps) > 0 {
		t.Fatalf("ReadOneRoster(%q) problems = %q, want none", path, problemStrings(ps))
	}
	return r
}

func TestReadOneRoster11(t *testing.T) {
	r := mustRead(t, filepath.Join(fixtures, "oneroster11"))

	if r.Version != "1.1" || r.Deleted != 1 {
		t.Errorf("Version, Deleted = %q, %d, want 1.1, 1", r.Version, r.Deleted)
	}
	if want := (School{SourcedID: "org-s-01", Name: "Riverside Community School", Identifier: "RCS-4471"}); r.School != want {
		t.Errorf("School = %+v, want %+v", r.School, want)
	}
	if len(r.Years) != 1 || r.Years[0].Title != "2025–26" || !r.Years[0].Start.Equal(day("2025-09-01")) || r.Years[0].SchoolYear != "2026" {
		t.Errorf("Years = %+v, want one year 2025–26 from 2025-09-01", r.Years)
	}
	var terms []string
	for _, term := range r.Terms {
		terms = append(terms, term.Title+" "+term.Start.Format(time.DateOnly)+".."+term.End.Format(time.DateOnly)+" in "+term.YearSourcedID)
	}
	wantTerms := []string{
		"2025–26 Autumn 2025-09-01..2025-12-19 in as-2026",
		"2025–26 Spring 2026-01-05..2026-03-27 in as-2026",
		"2025–26 Summer 2026-04-13..2026-07-17 in as-2026",
	}
	if !reflect.DeepEqual(terms, wantTerms) {
		t.Errorf("Terms = %q, want %q", terms, wantTerms)
	}

	wantStudents := []Student{
		{SourcedID: "stu-001", SchoolID: "24001", GivenName: "Zoë", FamilyName: "Adams", Grade: "07", Homeroom: "7A", DateOfBirth: day("2013-11-04"), Email: "zoe.adams@pupils.riverside.example"},
		{SourcedID: "stu-002", SchoolID: "24002", GivenName: "José", FamilyName: "García", Grade: "08", Homeroom: "8A", DateOfBirth: day("2012-05-17"), Email: "jose.garcia@pupils.riverside.example"},
		{SourcedID: "stu-003", SchoolID: "24003", GivenName: "Lucía", FamilyName: "García", Grade: "07", Homeroom: "7A", DateOfBirth: day("2014-02-28"), Email: "lucia.garcia@pupils.riverside.example"},
		{SourcedID: "stu-004", SchoolID: "24004", GivenName: "An", MiddleName: "Văn", FamilyName: "Nguyễn", Grade: "09", Homeroom: "9A", DateOfBirth: day("2011-09-30"), Email: "an.nguyen@pupils.riverside.example"},
		{SourcedID: "stu-005", SchoolID: "24005", GivenName: "Σοφία", FamilyName: "Παπαδοπούλου", Grade: "08", Homeroom: "8A", DateOfBirth: day("2012-12-01"), Email: "sofia.papadopoulou@pupils.riverside.example"},
		{SourcedID: "stu-006", SchoolID: "24006", GivenName: "Алексей", FamilyName: "Смирнов", Grade: "09", Homeroom: "9A", DateOfBirth: day("2011-10-15"), Email: "alexei.smirnov@pupils.riverside.example"},
		// Enrolled only in a scheduled class, so that class names the homeroom.
		{SourcedID: "stu-007", SchoolID: "24007", GivenName: "太郎", FamilyName: "山田", Grade: "07", Homeroom: "Maths 7", DateOfBirth: day("2014-04-01"), Email: "taro.yamada@pupils.riverside.example"},
		// No identifier: the username is the school ID.
		{SourcedID: "stu-008", SchoolID: "aroha.ngata", GivenName: "Aroha", FamilyName: "Ngata", Grade: "08", Homeroom: "8A", DateOfBirth: day("2013-01-22"), Email: "aroha.ngata@pupils.riverside.example"},
		{SourcedID: "stu-009", SchoolID: "24009", GivenName: "Oluwaseun", FamilyName: "Adeyemi", Grade: "09", Homeroom: "9A", DateOfBirth: day("2011-12-08"), Email: "oluwaseun.adeyemi@pupils.riverside.example"},
		// Neither identifier nor username: the sourcedId is the school ID.
		{SourcedID: "stu-010", SchoolID: "stu-010", GivenName: "Siobhán", FamilyName: "O'Brien", Grade: "07", Homeroom: "7A", DateOfBirth: day("2014-06-19")},
		{SourcedID: "stu-011", SchoolID: "24011", GivenName: "Amira", FamilyName: "Haddad", Grade: "08", Homeroom: "8A", DateOfBirth: day("2012-08-29"), Email: "amira.haddad@pupils.riverside.example"},
		// No enrollment and no birth date.
		{SourcedID: "stu-012", SchoolID: "24012", GivenName: "Priya", FamilyName: "Patel", Grade: "09", Email: "priya.patel@pupils.riverside.example"},
	}
	for i := range wantStudents {
		wantStudents[i].Source = Source{"users.csv", i + 2}
	}
	if len(r.Students) != len(wantStudents) {
		t.Fatalf("len(Students) = %d, want %d", len(r.Students), len(wantStudents))
	}
	for i, want := range wantStudents {
		if got := r.Students[i]; got != want {
			t.Errorf("Students[%d] = %+v, want %+v", i, got, want)
		}
	}

	var guardians []string
	for _, g := range r.Guardians {
		guardians = append(guardians, g.SourcedID+" "+g.Name+" <"+g.Email+"> "+g.Phone+" "+g.Relationship)
	}
	wantGuardians := []string{
		"g-001 Hannah Adams <hannah.adams@example.org> 07700900101 parent",
		"g-002 Carmen García <carmen.garcia@example.org> +44 20 7946 0102 parent",
		"g-003 Miguel García <miguel.garcia@example.org> 07700900103 parent",
		"g-004 Thị Mai Nguyễn <mai.nguyen@example.org> 07700900104 guardian",
		"g-005 Ελένη Παπαδοπούλου <eleni.p@example.org> 07700900105 parent",
		"g-006 Ирина Смирнова <irina.smirnova@example.org> 07700900106 parent", // phone from sms
		"g-007 山田花子 <hanako.yamada@example.jp> 07700900107 parent",
		"g-008 Mere Ngata <mere.ngata@example.nz> 07700900108 guardian",
		"g-009 Folasade Adeyemi <folasade.adeyemi@example.org> 07700900109 parent",
		"g-010 Brendan O'Brien <> 07700900110 relative",
	}
	if !reflect.DeepEqual(guardians, wantGuardians) {
		t.Errorf("Guardians = %q, want %q", guardians, wantGuardians)
	}

	var mentors []string
	for _, m := range r.Mentors {
		mentors = append(mentors, m.SourcedID+" "+m.Name+" <"+m.Email+"> "+m.Phone+" "+m.Role)
	}
	wantMentors := []string{
		"t-001 Sarah Thompson <s.thompson@riverside.example> 01632 960001 teacher",
		"t-002 Rahul Mehta <r.mehta@riverside.example> 01632 960002 teacher",
		"t-003 Grace Okafor <g.okafor@riverside.example>  teacher",
		"t-004 Daniel Kim <d.kim@riverside.example>  teacher",
	}
	if !reflect.DeepEqual(mentors, wantMentors) {
		t.Errorf("Mentors = %q, want %q", mentors, wantMentors)
	}

	// stu-001/g-001 and stu-006/g-006 are named from both sides and
	// stu-002, stu-003 share two parents: twelve links, each once.
	wantLinks := map[Link]bool{}
	for _, l := range [][2]string{
		{"stu-001", "g-001"}, {"stu-002", "g-002"}, {"stu-002", "g-003"}, {"stu-003", "g-002"},
		{"stu-003", "g-003"}, {"stu-004", "g-004"}, {"stu-005", "g-005"}, {"stu-006", "g-006"},
		{"stu-007", "g-007"}, {"stu-008", "g-008"}, {"stu-009", "g-009"}, {"stu-010", "g-010"},
	} {
		wantLinks[Link{l[0], l[1]}] = true
	}
	gotLinks := map[Link]bool{}
	for _, l := range r.Links {
		if gotLinks[l] {
			t.Errorf("Links has %v twice", l)
		}
		gotLinks[l] = true
	}
	if !reflect.DeepEqual(gotLinks, wantLinks) {
		t.Errorf("Links = %v, want %v", r.Links, wantLinks)
	}
}

func TestReadOneRoster12(t *testing.T) {
	r := mustRead(t, filepath.Join(fixtures, "oneroster12"))
	if r.Version != "1.2" || r.School.Name != "Kōwhai Intermediate School" {
		t.Errorf("Version, School = %q, %q, want 1.2, Kōwhai Intermediate School", r.Version, r.School.Name)
	}
	var terms []string
	for _, term := range r.Terms {
		terms = append(terms, term.Title+"/"+term.Type+"/"+term.YearSourcedID)
	}
	wantTerms := []string{"Term 1/term/as-y2026", "Term 2/term/as-y2026", "Term 3/term/as-y2026",
		"Term 4/term/as-y2026", "Term 4 reports/gradingPeriod/as-y2026"}
	if !reflect.DeepEqual(terms, wantTerms) {
		t.Errorf("Terms = %q, want %q", terms, wantTerms)
	}
	tests := []struct {
		id                                          string
		given, preferred, pronouns, homeroom, grade string
		dob                                         time.Time
	}{
		{"u-s-101", "Mereana", "Mere", "she/her", "Rūma Tūī", "07", day("2014-03-12")},
		{"u-s-102", "Liam", "", "he/him", "Rūma Kea", "08", day("2013-07-30")},
		{"u-s-103", "Sione", "", "", "Rūma Kea", "08", time.Time{}},
		{"u-s-104", "지우", "Ji-woo", "", "Rūma Tūī", "07", day("2014-01-05")},
		{"u-s-105", "Alejandra", "Alex", "they/them", "Rūma Kea", "08", day("2013-05-21")},
	}
	if len(r.Students) != len(tests) {
		t.Fatalf("len(Students) = %d, want %d", len(r.Students), len(tests))
	}
	for i, tt := range tests {
		s := r.Students[i]
		got := []any{s.SourcedID, s.GivenName, s.PreferredName, s.Pronouns, s.Homeroom, s.Grade, s.DateOfBirth}
		want := []any{tt.id, tt.given, tt.preferred, tt.pronouns, tt.homeroom, tt.grade, tt.dob}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Students[%d] = %v, want %v", i, got, want)
		}
	}
	var mentors []string
	for _, m := range r.Mentors {
		mentors = append(mentors, m.Name+" "+m.Role)
	}
	// Priyanka's secondary counselor role comes first in roles.csv; the
	// primary role wins.
	if want := []string{"Huia Walker teacher", "Priyanka Sharma teacher"}; !reflect.DeepEqual(mentors, want) {
		t.Errorf("Mentors = %q, want %q", mentors, want)
	}
	var guardians []string
	for _, g := range r.Guardians {
		guardians = append(guardians, g.Name+" "+g.Relationship+" "+g.Phone)
	}
	if want := []string{"Hine Te Awa guardian 021 555 0101", "Siobhan O'Connor parent 09 555 0102", "María Rivera parent 09 555 0103"}; !reflect.DeepEqual(guardians, want) {
		t.Errorf("Guardians = %q, want %q", guardians, want)
	}
	wantLinks := []Link{{"u-s-101", "u-g-201"}, {"u-s-102", "u-g-202"}, {"u-s-104", "u-g-203"}, {"u-s-105", "u-g-203"}}
	if !reflect.DeepEqual(r.Links, wantLinks) {
		t.Errorf("Links = %v, want %v", r.Links, wantLinks)
	}
}

// TestReadOneRosterChanged reads a school's next export and checks that what
// a re-import needs to see (who left, who joined, who changed) is there.
func TestReadOneRosterChanged(t *testing.T) {
	before := mustRead(t, filepath.Join(fixtures, "oneroster11"))
	after := mustRead(t, filepath.Join(fixtures, "oneroster11-changed"))

	old := map[string]Student{}
	for _, s := range before.Students {
		old[s.SourcedID] = s
	}
	var added, renamed []string
	for _, s := range after.Students {
		o, ok := old[s.SourcedID]
		delete(old, s.SourcedID)
		switch {
		case !ok:
			added = append(added, s.SourcedID+" "+s.GivenName+" "+s.FamilyName+" "+s.Homeroom)
		case o.FamilyName != s.FamilyName || o.GivenName != s.GivenName:
			renamed = append(renamed, o.FamilyName+" → "+s.FamilyName)
		}
	}
	var left []string
	for id := range old {
		left = append(left, id)
	}
	if want := []string{"stu-014 Kai Müller 7A"}; !reflect.DeepEqual(added, want) {
		t.Errorf("added = %q, want %q", added, want)
	}
	if want := []string{"Adams → Adams-Clarke"}; !reflect.DeepEqual(renamed, want) {
		t.Errorf("renamed = %q, want %q", renamed, want)
	}
	if want := []string{"stu-009"}; !reflect.DeepEqual(left, want) {
		t.Errorf("left = %q, want %q", left, want)
	}
	oldGuardians := map[string]Guardian{}
	for _, g := range before.Guardians {
		oldGuardians[g.SourcedID] = g
	}
	var changed []string
	for _, g := range after.Guardians {
		if o, ok := oldGuardians[g.SourcedID]; ok && (o.Email != g.Email || o.Phone != g.Phone) {
			changed = append(changed, g.SourcedID+" "+g.Email+" "+g.Phone)
		}
	}
	if want := []string{"g-002 carmen.garcia.lopez@example.org 07700900202"}; !reflect.DeepEqual(changed, want) {
		t.Errorf("changed guardians = %q, want %q", changed, want)
	}
}

// TestReadOneRosterPackaging reads the same roster as a zip (at the root, in
// a subfolder, with a Mac's __MACOSX folder) and with CRLF line ends and byte
// order marks, and expects exactly what the plain folder gives.
func TestReadOneRosterPackaging(t *testing.T) {
	dir := filepath.Join(fixtures, "oneroster11")
	want := mustRead(t, dir)
	files := readDir(t, dir)

	crlf := map[string][]byte{}
	for name, b := range files {
		crlf[name] = append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...)
	}
	macJunk := map[string][]byte{"__MACOSX/export/._users.csv": []byte("\x00\x05\x16\x07")}
	for name, b := range files {
		macJunk["export/"+name] = b
	}
	upper := map[string][]byte{}
	for name, b := range files {
		upper[strings.ToUpper(name[:1])+name[1:]] = b
	}

	tests := []struct {
		name string
		path string
	}{
		{"zip at root", writeZip(t, "", files)},
		{"zip with subfolder", writeZip(t, "oneroster-export-2026-01-10/", files)},
		{"zip with __MACOSX", writeZip(t, "", macJunk)},
		{"zip with capitalised names", writeZip(t, "", upper)},
		{"folder with CRLF and BOM", writeDir(t, crlf)},
		{"zip with CRLF and BOM", writeZip(t, "", crlf)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustRead(t, tt.path)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ReadOneRoster(%s) = %+v, want %+v", tt.name, got, want)
			}
		})
	}
}

func TestReadOneRosterBroken(t *testing.T) {
	tests := []struct {
		overlay  string
		problems []string
		students int // how many students are still accepted
	}{
		{"missing-column", []string{`users.csv:1: missing required column "givenName"`}, 0},
		{"impossible-date", []string{`demographics.csv:5: birthDate "2011-02-31" is not a real date (use YYYY-MM-DD)`}, 12},
		{"unknown-agent", []string{`users.csv:7: agentSourcedIds names "g-099", which is not in users.csv`}, 11},
		{"open-quote", []string{`users.csv:4: a quoted value that starts on this line runs on to line 16; check for a missing closing "`}, 0},
		{"references", []string{
			`academicSessions.csv:4: type "quarter" is not schoolYear, term, semester or gradingPeriod`,
			`academicSessions.csv:4: endDate 2026-01-05 is before startDate 2026-03-27`,
			`academicSessions.csv:5: parentSourcedId "as-2027" is not in academicSessions.csv`,
			`users.csv:28: org "org-s-99" is not in orgs.csv`,
			`enrollments.csv:12: userSourcedId "stu-100" is not in users.csv`,
			`enrollments.csv:13: classSourcedId "cls-10z" is not in classes.csv`,
		}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.overlay, func(t *testing.T) {
			dir := overlay(t, "oneroster11", filepath.Join("broken", tt.overlay))
			r, ps, err := ReadOneRoster(dir)
			if err != nil {
				t.Fatalf("ReadOneRoster(%q) error = %v, want problems", tt.overlay, err)
			}
			if got := problemStrings(ps); !reflect.DeepEqual(got, tt.problems) {
				t.Errorf("ReadOneRoster(%q) problems =\n%s\nwant\n%s", tt.overlay, strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
			if len(r.Students) != tt.students {
				t.Errorf("ReadOneRoster(%q) has %d students, want %d", tt.overlay, len(r.Students), tt.students)
			}
		})
	}
}

func TestReadOneRosterErrors(t *testing.T) {
	good := readDir(t, filepath.Join(fixtures, "oneroster11"))
	without := func(names ...string) fstest.MapFS {
		m := mapFS(good)
		for _, n := range names {
			delete(m, n)
		}
		return m
	}
	delta := mapFS(good)
	delta["manifest.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(string(good["manifest.csv"]), "file.users,bulk", "file.users,delta", 1))}
	absent := without("enrollments.csv", "classes.csv")
	absent["manifest.csv"] = &fstest.MapFile{Data: []byte(strings.NewReplacer("file.enrollments,bulk", "file.enrollments,absent", "file.classes,bulk", "file.classes,absent").Replace(string(good["manifest.csv"])))}
	twoRosters := fstest.MapFS{}
	for name, b := range good {
		twoRosters["a/"+name] = &fstest.MapFile{Data: b}
		twoRosters["b/"+name] = &fstest.MapFile{Data: b}
	}

	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr error  // matched with errors.Is, when set
		want    string // the whole message, when set
	}{
		{"delta", delta, ErrDelta, "manifest.csv:16: file.users is delta: delta files are not supported; export a bulk roster"},
		{"no users.csv", without("users.csv", "manifest.csv"), ErrMissingFile, ""},
		{"manifest promises a missing file", without("demographics.csv"), ErrMissingFile, "demographics.csv: missing roster file"},
		{"no orgs.csv without manifest", without("orgs.csv", "manifest.csv"), ErrMissingFile, "orgs.csv: missing roster file"},
		{"enrollments without classes", without("classes.csv", "manifest.csv"), ErrMissingFile, "enrollments.csv needs classes.csv: missing roster file"},
		{"two rosters", twoRosters, nil, "found rosters in several folders (a, b); choose one"},
		{"manifest says absent", absent, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadOneRosterFS(tt.fsys)
			if tt.wantErr == nil && tt.want == "" {
				if err != nil {
					t.Fatalf("ReadOneRosterFS(%s) error = %v, want nil", tt.name, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadOneRosterFS(%s) error = nil, want %v", tt.name, tt.wantErr)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("ReadOneRosterFS(%s) error = %v, want errors.Is %v", tt.name, err, tt.wantErr)
			}
			if tt.want != "" && err.Error() != tt.want {
				t.Errorf("ReadOneRosterFS(%s) error = %q, want %q", tt.name, err, tt.want)
			}
		})
	}

	t.Run("not a zip", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "roster.zip")
		if err := os.WriteFile(p, []byte("sourcedId\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := ReadOneRoster(p)
		if want := "roster.zip is neither a folder nor a .zip file"; err == nil || err.Error() != want {
			t.Errorf("ReadOneRoster(%q) error = %v, want %q", p, err, want)
		}
	})
}

// TestReadOneRosterRows checks row rules on small inline rosters.
func TestReadOneRosterRows(t *testing.T) {
	const orgs = "sourcedId,name,type\norg-1,Test School,school\n"
	const sessions = "sourcedId,title,type,startDate,endDate\n"
	tests := []struct {
		name     string
		files    map[string]string
		problems []string
	}{
		{"birthDate in users.csv", map[string]string{
			"users.csv": "sourcedId,role,givenName,familyName,birthDate\n" +
				"s1,student,Ada,Lovelace,2011-02-28\n" +
				"s2,student,Bob,Brown,2011-02-31\n" +
				"s3,student,Cy,Cole,28/02/2011\n"},
			[]string{
				`users.csv:3: birthDate "2011-02-31" is not a real date (use YYYY-MM-DD)`,
				`users.csv:4: birthDate "28/02/2011" is not a date in the form YYYY-MM-DD`,
			}},
		{"row rules", map[string]string{
			"users.csv": "sourcedId,status,role,givenName,familyName,orgSourcedIds\n" +
				"s1,active,Student,Ada,Lovelace,org-1\n" +
				"s1,active,student,Ada,Again,org-1\n" +
				",active,student,No,Id,org-1\n" +
				"s2,retired,student,Old,Status,org-1\n" +
				"s3,active,janitor,Jo,Bloggs,org-1\n" +
				"s4,active,,Jo,Bloggs,org-1\n" +
				"s5,active,student,,,org-1\n" +
				"s6,active,student,Mononym,,org-1\n" +
				"s7,active,student,Al,Stray,\"org-1,org-2\"\n" +
				"s8,active,student,,Lovelace,org-1\n" +
				"g1,active,guardian, ,Byron,org-1\n"},
			[]string{
				`users.csv:3: sourcedId "s1" is already used on line 2`,
				`users.csv:4: sourcedId is empty`,
				`users.csv:5: status "retired" is not active or tobedeleted`,
				`users.csv:6: role "janitor" is not a OneRoster role (student, teacher, aide, administrator, guardian, parent, relative, ...)`,
				`users.csv:7: role is empty`,
				`users.csv:8: givenName is empty`,
				`users.csv:10: org "org-2" is not in orgs.csv`,
				`users.csv:11: givenName is empty`,
				`users.csv:12: givenName is empty`,
			}},
		{"dates outside 1900..2100", map[string]string{
			"users.csv": "sourcedId,role,givenName,familyName,birthDate\n" +
				"s1,student,Ada,Lovelace,0001-01-01\n" +
				"s2,student,Bob,Brown,0000-01-01\n" +
				"s3,student,Cy,Cole,1899-12-31\n" +
				"s4,student,Di,Dee,2101-01-01\n" +
				"s5,student,Ed,Eve,1900-01-01\n"},
			[]string{
				`users.csv:2: birthDate "0001-01-01" is not between 1900 and 2100; check the year`,
				`users.csv:3: birthDate "0000-01-01" is not between 1900 and 2100; check the year`,
				`users.csv:4: birthDate "1899-12-31" is not between 1900 and 2100; check the year`,
				`users.csv:5: birthDate "2101-01-01" is not between 1900 and 2100; check the year`,
			}},
		{"1.2 without role column or roles.csv", map[string]string{
			"users.csv": "sourcedId,givenName,familyName\ns1,Ada,Lovelace\n"},
			[]string{`users.csv:1: missing required column "role" (and there is no roles.csv)`}},
		{"roles.csv rules", map[string]string{
			"users.csv": "sourcedId,givenName,familyName\ns1,Ada,Lovelace\ns2,Bob,Brown\n",
			"roles.csv": "userSourcedId,roleType,role,orgSourcedId\ns1,primary,student,org-1\ns9,primary,student,org-1\ns1,secondary,wizard,org-1\n"},
			[]string{
				`users.csv:3: no role for this user in roles.csv`,
				`roles.csv:3: userSourcedId "s9" is not in users.csv`,
				`roles.csv:4: role "wizard" is not a OneRoster role`,
			}},
		{"demographics for an unknown user", map[string]string{
			"users.csv":        "sourcedId,role,givenName,familyName\ns1,student,Ada,Lovelace\n",
			"demographics.csv": "sourcedId,birthDate\ns1,2012-01-01\ns2,2012-01-02\n"},
			[]string{`demographics.csv:3: sourcedId "s2" is not in users.csv`}},
		{"guardian naming an unknown student", map[string]string{
			"users.csv": "sourcedId,role,givenName,familyName,agentSourcedIds\ns1,student,Ada,Lovelace,\ng1,parent,Ann,Lovelace,\"s1,s9\"\n"},
			[]string{`users.csv:3: agentSourcedIds names "s9", which is not in users.csv`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"orgs.csv": {Data: []byte(orgs)}, "academicSessions.csv": {Data: []byte(sessions)}}
			for name, s := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(s)}
			}
			_, ps, err := ReadOneRosterFS(fsys)
			if err != nil {
				t.Fatalf("ReadOneRosterFS(%s) error = %v", tt.name, err)
			}
			if got := problemStrings(ps); !reflect.DeepEqual(got, tt.problems) {
				t.Errorf("ReadOneRosterFS(%s) problems =\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
		})
	}
}

func TestFullName(t *testing.T) {
	tests := []struct{ given, family, want string }{
		{"Hannah", "Adams", "Hannah Adams"},
		{"花子", "山田", "山田花子"},
		{"지우", "박", "박지우"},
		{"Ελένη", "Παπαδοπούλου", "Ελένη Παπαδοπούλου"},
		{"Mononym", "", "Mononym"},
		{"", "Family", "Family"},
		{" Ann ", " Lee ", "Ann Lee"},
	}
	for _, tt := range tests {
		if got := fullName(tt.given, tt.family); got != tt.want {
			t.Errorf("fullName(%q, %q) = %q, want %q", tt.given, tt.family, got, tt.want)
		}
	}
}

func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

func writeDir(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeZip packs files into a zip under prefix, the way a student
// information system hands a roster over, and returns its path.
func writeZip(t testing.TB, prefix string, files map[string][]byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "roster.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range files {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// overlay copies a fixture set and lays the files of the given folders over
// it, so that a broken set keeps only what differs from a good one.
func overlay(t testing.TB, base string, layers ...string) string {
	t.Helper()
	files := readDir(t, filepath.Join(fixtures, base))
	for _, l := range layers {
		for name, b := range readDir(t, filepath.Join(fixtures, l)) {
			files[name] = b
		}
	}
	return writeDir(t, files)
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, b := range files {
		m[name] = &fstest.MapFile{Data: b}
	}
	return m
}
