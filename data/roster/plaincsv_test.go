package roster

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func readFixtureTable(t *testing.T, name string) *Table {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := ReadTable(f, name)
	if err != nil {
		t.Fatalf("ReadTable(%q) error = %v", name, err)
	}
	return tab
}

func TestGuessMapping(t *testing.T) {
	tests := []struct {
		headers []string
		want    Mapping
	}{
		{
			[]string{"Student ID", "First Name", "Last Name", "Preferred Name", "Date of Birth", "Year Group", "Form", "Pronouns", "Notes",
				"Parent 1 Name", "Parent 1 Relationship", "Parent 1 Email", "Parent 1 Phone", "Parent 2 Name", "Parent 2 Relationship", "Parent 2 Email", "Parent 2 Phone"},
			Mapping{
				FieldSchoolID: "Student ID", FieldGivenName: "First Name", FieldFamilyName: "Last Name", FieldPreferredName: "Preferred Name",
				FieldDateOfBirth: "Date of Birth", FieldYearGroup: "Year Group", FieldHomeroom: "Form", FieldPronouns: "Pronouns",
				FieldGuardianName: "Parent 1 Name", FieldGuardianRelationship: "Parent 1 Relationship", FieldGuardianEmail: "Parent 1 Email", FieldGuardianPhone: "Parent 1 Phone",
				FieldGuardian2Name: "Parent 2 Name", FieldGuardian2Relationship: "Parent 2 Relationship", FieldGuardian2Email: "Parent 2 Email", FieldGuardian2Phone: "Parent 2 Phone",
			},
		},
		{
			[]string{"UPN", "Forename", "Surname", "Known As", "DOB", "Year", "Tutor Group", "Contact 1 Mobile", "Contact 2 Language", "Contact 1 Name"},
			Mapping{
				FieldSchoolID: "UPN", FieldGivenName: "Forename", FieldFamilyName: "Surname", FieldPreferredName: "Known As",
				FieldDateOfBirth: "DOB", FieldYearGroup: "Year", FieldHomeroom: "Tutor Group",
				FieldGuardianPhone: "Contact 1 Mobile", FieldGuardian2Language: "Contact 2 Language", FieldGuardianName: "Contact 1 Name",
			},
		},
		{
			[]string{"student_id", "given_name", "family_name", "Email", "guardian_name", "guardian_email", "guardian2_name", "Guardian2Phone", "GuardianRelationship2"},
			Mapping{
				FieldSchoolID: "student_id", FieldGivenName: "given_name", FieldFamilyName: "family_name", FieldEmail: "Email",
				FieldGuardianName: "guardian_name", FieldGuardianEmail: "guardian_email",
				FieldGuardian2Name: "guardian2_name", FieldGuardian2Phone: "Guardian2Phone", FieldGuardian2Relationship: "GuardianRelationship2",
			},
		},
		{
			// The first header that fits wins; the rest are left for the coordinator.
			[]string{"Pupil First Name", "Forename", "Parent/Guardian E-mail", "Guardian", "Favourite colour", ""},
			Mapping{FieldGivenName: "Pupil First Name", FieldGuardianEmail: "Parent/Guardian E-mail", FieldGuardianName: "Guardian"},
		},
		{nil, Mapping{}},
	}
	for _, tt := range tests {
		if got := GuessMapping(tt.headers); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("GuessMapping(%q) = %v, want %v", tt.headers, got, tt.want)
		}
	}
}

func TestPlainStudents(t *testing.T) {
	tab := readFixtureTable(t, "students.csv")
	students, ps, _ := PlainStudents(tab, GuessMapping(tab.Header))
	if len(ps) > 0 {
		t.Fatalf("PlainStudents(students.csv) problems = %q, want none", problemStrings(ps))
	}
	if len(students) != 8 {
		t.Fatalf("len(PlainStudents(students.csv)) = %d, want 8", len(students))
	}
	jose := students[1]
	wantJose := PlainStudent{
		Student: Student{SchoolID: "24002", GivenName: "José", FamilyName: "García", PreferredName: "Pepe", Pronouns: "he/him",
			Grade: "Year 8", Homeroom: "8A", DateOfBirth: day("2012-05-17"), Source: Source{"students.csv", 3}},
		Guardians: []Guardian{
			{Name: "Carmen García", Relationship: "Mother", Email: "carmen.garcia@example.org", Phone: "+44 20 7946 0102", Source: Source{"students.csv", 3}},
			{Name: "Miguel García", Relationship: "Father", Email: "miguel.garcia@example.org", Phone: "07700 900103", Source: Source{"students.csv", 3}},
		},
	}
	if !reflect.DeepEqual(jose, wantJose) {
		t.Errorf("PlainStudents(students.csv)[1] = %+v, want %+v", jose, wantJose)
	}
	// The note on An's row spans two lines, so the rows after it start one
	// line later than their position suggests.
	var lines []string
	for _, s := range students {
		lines = append(lines, s.SchoolID+"@"+itoa(s.Source.Line)+" "+s.FamilyName+" guardians="+itoa(len(s.Guardians)))
	}
	want := []string{"24001@2 Adams guardians=1", "24002@3 García guardians=2", "24004@4 Nguyễn Văn guardians=1",
		"24005@6 Παπαδοπούλου guardians=1", "24006@7 Смирнов guardians=1", "24007@8 山田 guardians=2",
		"24008@9 Ngata guardians=1", "24009@10 Adeyemi guardians=2"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("PlainStudents(students.csv) = %q, want %q", lines, want)
	}
}

func TestPlainStudentsCRLFBOM(t *testing.T) {
	tab := readFixtureTable(t, "students-crlf-bom.csv")
	if tab.Header[0] != "UPN" {
		t.Fatalf("header[0] = %q, want UPN (the byte order mark must not stick to it)", tab.Header[0])
	}
	students, ps, _ := PlainStudents(tab, GuessMapping(tab.Header))
	if len(ps) > 0 {
		t.Fatalf("PlainStudents(students-crlf-bom.csv) problems = %q, want none", problemStrings(ps))
	}
	var got []string
	for _, s := range students {
		line := s.SchoolID + " " + s.GivenName + " " + s.FamilyName + " (" + s.PreferredName + ") " + s.Grade + " " + s.Homeroom + " " + s.DateOfBirth.Format(time.DateOnly)
		for _, g := range s.Guardians {
			line += " | " + g.Name + ", " + g.Relationship + ", " + g.Email + ", " + g.Phone + ", " + g.Language
		}
		got = append(got, line)
	}
	want := []string{
		"K801234567012 Siobhán O'Brien () 7 7C 2014-06-19 | Brendan O'Brien, Grandfather, , 07700 900110, English",
		"K801234567013 Amira Haddad () 8 8C 2012-08-29 | Layla Haddad, Mother, layla.haddad@example.org, 07700 900111, Arabic | Karim Haddad, Father, karim.haddad@example.org, 07700 900112, Arabic",
		"K801234567014 Łukasz Kowalski (Łuki) 8 8C 2013-03-14 | Kowalska, Agnieszka, Mother, a.kowalska@example.pl, 07700 900113, Polish",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PlainStudents(students-crlf-bom.csv) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlainStudentsBroken(t *testing.T) {
	tab := readFixtureTable(t, "students-broken.csv")
	students, ps, _ := PlainStudents(tab, GuessMapping(tab.Header))
	want := []string{
		`students-broken.csv:3: Date of Birth "31/02/2011" is not a date in the form YYYY-MM-DD`,
		`students-broken.csv:4: Date of Birth "2011-02-31" is not a real date (use YYYY-MM-DD)`,
		`students-broken.csv:5: Last Name is empty`,
		`students-broken.csv:6: row has 7 values but the header names 6 columns; a value containing a comma must be in double quotes`,
		`students-broken.csv:7: Student ID "24101" is already used on line 2`,
		`students-broken.csv:8: Parent 1 Name is empty but the row has other details of that guardian`,
	}
	got := problemStrings(ps)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PlainStudents(students-broken.csv) problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(students) != 1 || students[0].GivenName != "Mateo" {
		t.Errorf("PlainStudents(students-broken.csv) accepted %d students, want only Mateo", len(students))
	}
}

func TestPlainStudentsMapping(t *testing.T) {
	tab, err := ReadTable(strings.NewReader("ID,First,Surname\n1,Ada,Lovelace\n"), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		m        Mapping
		problems []string
	}{
		{"complete", Mapping{FieldSchoolID: "id", FieldGivenName: "FIRST", FieldFamilyName: "Surname"}, nil},
		{"required field unmapped", Mapping{FieldSchoolID: "ID", FieldGivenName: "First", FieldFamilyName: ""},
			[]string{"s.csv:1: no column is chosen for family_name"}},
		{"column not in file", Mapping{FieldSchoolID: "ID", FieldGivenName: "First", FieldFamilyName: "Surname", FieldHomeroom: "Form"},
			[]string{`s.csv:1: column "Form" (chosen for homeroom) is not in the file`}},
	}
	for _, tt := range tests {
		students, ps, _ := PlainStudents(tab, tt.m)
		if got := problemStrings(ps); !reflect.DeepEqual(got, tt.problems) {
			t.Errorf("PlainStudents(%v) problems = %q, want %q", tt.m, got, tt.problems)
		}
		if wantN := map[bool]int{true: 1, false: 0}[tt.problems == nil]; len(students) != wantN {
			t.Errorf("PlainStudents(%v) = %d students, want %d", tt.m, len(students), wantN)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
