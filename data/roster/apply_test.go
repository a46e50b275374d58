package roster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// testNow is the tests' clock: a Wednesday in the 2025–26 spring term.
var testNow = time.Date(2026, 3, 11, 14, 0, 0, 0, time.Local)

// openStore opens a new database in a temporary folder with a fixed clock.
func openStore(tb testing.TB) *data.Store { return datatest.Open(tb, testNow) }

func update(tb testing.TB, s *data.Store, fn func(tx *data.Tx) error) {
	tb.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		tb.Fatal(err)
	}
}

func view(tb testing.TB, s *data.Store, fn func(tx *data.Tx) error) {
	tb.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		tb.Fatal(err)
	}
}

// mustImport imports a roster that is expected to have no rejected rows.
func mustImport(t *testing.T, s *data.Store, path string, opts Options) *Result {
	t.Helper()
	res, err := ImportOneRoster(context.Background(), s, path, opts)
	if err != nil {
		t.Fatalf("ImportOneRoster(%q) error = %v", path, err)
	}
	if len(res.Rejected) > 0 {
		t.Fatalf("ImportOneRoster(%q) rejected %q", path, problemStrings(res.Rejected))
	}
	return res
}

// snapshot describes every record an import may touch, read through the
// store, so that two snapshots differ exactly when the import changed
// something.
func snapshot(t testing.TB, s *data.Store) string {
	t.Helper()
	var b strings.Builder
	view(t, s, func(tx *data.Tx) error {
		sc, err := tx.School()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "school %q\n", sc.Name)
		years, err := tx.Years()
		if err != nil {
			return err
		}
		terms, err := tx.Terms()
		if err != nil {
			return err
		}
		students, err := tx.AllStudents()
		if err != nil {
			return err
		}
		guardians, err := tx.SourcedGuardians()
		if err != nil {
			return err
		}
		links, err := tx.GuardianLinks()
		if err != nil {
			return err
		}
		mentors, err := tx.AllMentors()
		if err != nil {
			return err
		}
		for _, v := range []any{years, terms, students, links, mentors} {
			fmt.Fprintf(&b, "%+v\n", v)
		}
		var ids []string
		for id := range guardians {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			fmt.Fprintf(&b, "%+v\n", *guardians[id])
		}
		return nil
	})
	return b.String()
}

func studentBySchoolID(t testing.TB, s *data.Store, id string) *data.Student {
	t.Helper()
	var st *data.Student
	view(t, s, func(tx *data.Tx) (err error) {
		st, err = tx.StudentBySchoolID(id)
		return err
	})
	return st
}

func guardianNames(t testing.TB, s *data.Store, studentID int64) []string {
	t.Helper()
	var names []string
	view(t, s, func(tx *data.Tx) error {
		gs, err := tx.GuardiansOf(studentID)
		for _, g := range gs {
			names = append(names, g.Name+" ("+g.Relationship+")")
		}
		return err
	})
	return names
}

func TestImportOneRoster11(t *testing.T) {
	s := openStore(t)
	path := filepath.Join(fixtures, "oneroster11")

	before := snapshot(t, s)
	dry := mustImport(t, s, path, Options{DryRun: true})
	if after := snapshot(t, s); after != before {
		t.Fatalf("a dry run changed the database:\nbefore %s\nafter %s", before, after)
	}
	var fractions []float64
	res := mustImport(t, s, path, Options{Progress: func(f float64) { fractions = append(fractions, f) }})
	dry.DryRun = false
	if !reflect.DeepEqual(dry, res) {
		t.Errorf("dry run = %+v, import = %+v; want the same counts", dry, res)
	}
	want := &Result{School: "Riverside Community School", Years: Counts{Added: 1}, Terms: Counts{Added: 3},
		Students: Counts{Added: 12}, Guardians: Counts{Added: 10}, Linked: 12, Mentors: Counts{Added: 4}}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("ImportOneRoster(oneroster11) = %+v, want %+v", res, want)
	}
	if len(fractions) == 0 || fractions[len(fractions)-1] != 1 {
		t.Errorf("progress = %v, want it to end at 1", fractions)
	}

	names := []struct{ schoolID, given, family, grade, homeroom, dob string }{
		{"24001", "Zoë", "Adams", "07", "7A", "2013-11-04"},
		{"24004", "An", "Nguyễn", "09", "9A", "2011-09-30"},
		{"24005", "Σοφία", "Παπαδοπούλου", "08", "8A", "2012-12-01"},
		{"24006", "Алексей", "Смирнов", "09", "9A", "2011-10-15"},
		{"24007", "太郎", "山田", "07", "Maths 7", "2014-04-01"},
		{"aroha.ngata", "Aroha", "Ngata", "08", "8A", "2013-01-22"},
		{"stu-010", "Siobhán", "O'Brien", "07", "7A", "2014-06-19"},
		{"24012", "Priya", "Patel", "09", "", ""},
	}
	for _, n := range names {
		st := studentBySchoolID(t, s, n.schoolID)
		got := []string{st.GivenName, st.FamilyName, st.YearGroup, st.Homeroom, st.BirthDate.String()}
		if want := []string{n.given, n.family, n.grade, n.homeroom, n.dob}; !reflect.DeepEqual(got, want) || !st.Active {
			t.Errorf("student %s = %q (active %v), want %q", n.schoolID, got, st.Active, want)
		}
	}
	links := []struct {
		schoolID  string
		guardians []string
	}{
		{"24002", []string{"Carmen García (parent)", "Miguel García (parent)"}},
		{"24003", []string{"Carmen García (parent)", "Miguel García (parent)"}},
		{"24004", []string{"Thị Mai Nguyễn (guardian)"}},
		{"24007", []string{"山田花子 (parent)"}},
		{"stu-010", []string{"Brendan O'Brien (relative)"}},
		{"24011", nil},
	}
	for _, l := range links {
		if got := guardianNames(t, s, studentBySchoolID(t, s, l.schoolID).ID); !reflect.DeepEqual(got, l.guardians) {
			t.Errorf("guardians of %s = %q, want %q", l.schoolID, got, l.guardians)
		}
	}
	view(t, s, func(tx *data.Tx) error {
		terms, err := tx.Terms()
		if err != nil {
			return err
		}
		var got []string
		for _, term := range terms {
			got = append(got, fmt.Sprintf("%s %s..%s %s", term.Name, term.Start, term.End, term.SourceID))
		}
		wantTerms := []string{"2025–26 Summer 2026-04-13..2026-07-17 as-2026-t3", "2025–26 Spring 2026-01-05..2026-03-27 as-2026-t2",
			"2025–26 Autumn 2025-09-01..2025-12-19 as-2026-t1"}
		if !reflect.DeepEqual(got, wantTerms) {
			t.Errorf("terms = %q, want %q", got, wantTerms)
		}
		m, err := tx.MentorBySourceID("t-001")
		if err != nil {
			return err
		}
		if m.Name != "Sarah Thompson" || m.Email != "s.thompson@riverside.example" || m.Role != "staff" || m.Active || m.Capacity != DefaultMentorCapacity {
			t.Errorf("mentor t-001 = %+v, want Sarah Thompson, staff, inactive", m)
		}
		audit, err := tx.AuditLog(data.AuditFilter{Action: data.ActImport})
		if err != nil {
			return err
		}
		if len(audit) != 1 || !strings.Contains(audit[0].Detail, "oneroster11") {
			t.Errorf("import audit lines = %+v, want one naming oneroster11", audit)
		}
		return nil
	})

	// The same roster again changes nothing.
	again := mustImport(t, s, path, Options{})
	wantAgain := &Result{Years: Counts{Unchanged: 1}, Terms: Counts{Unchanged: 3}, Students: Counts{Unchanged: 12},
		Guardians: Counts{Unchanged: 10}, Mentors: Counts{Unchanged: 4}}
	if !reflect.DeepEqual(again, wantAgain) {
		t.Errorf("second ImportOneRoster(oneroster11) = %+v, want %+v", again, wantAgain)
	}
}

func TestImportOneRosterChanged(t *testing.T) {
	s := openStore(t)
	// A student and a guardian typed in by hand, before and between imports.
	hand := &data.Student{SchoolID: "H-001", GivenName: "Hand", FamilyName: "Typed", Active: true, Needs: "private", NeedsConfidential: true}
	update(t, s, func(tx *data.Tx) error { return tx.CreateStudent(hand) })
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	zoe := studentBySchoolID(t, s, "24001")
	handGuardian := &data.Guardian{Name: "Aunt Jo"}
	update(t, s, func(tx *data.Tx) error {
		// What the coordinator adds to an imported student stays.
		zoe.PreferredName, zoe.Interests = "Zo", "netball"
		if err := tx.UpdateStudent(zoe); err != nil {
			return err
		}
		if err := tx.CreateGuardian(handGuardian); err != nil {
			return err
		}
		return tx.LinkGuardian(zoe.ID, handGuardian.ID, "aunt")
	})
	handBefore := *studentBySchoolID(t, s, "H-001")

	res := mustImport(t, s, filepath.Join(fixtures, "oneroster11-changed"), Options{})
	want := &Result{Years: Counts{Unchanged: 1}, Terms: Counts{Unchanged: 3},
		Students: Counts{Added: 1, Updated: 1, Unchanged: 10}, Left: 1, Leavers: []string{"Oluwaseun Adeyemi (24009)"},
		Guardians: Counts{Added: 1, Updated: 1, Unchanged: 8}, Linked: 1, Mentors: Counts{Unchanged: 4}}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("ImportOneRoster(oneroster11-changed) = %+v, want %+v", res, want)
	}

	zoe = studentBySchoolID(t, s, "24001")
	if zoe.FamilyName != "Adams-Clarke" || zoe.PreferredName != "Zo" || zoe.Interests != "netball" {
		t.Errorf("Zoë = %+v, want family name Adams-Clarke with her preferred name and interests kept", zoe)
	}
	if got, want := guardianNames(t, s, zoe.ID), []string{"Aunt Jo (aunt)", "Hannah Adams (parent)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Zoë's guardians = %q, want %q", got, want)
	}
	seun := studentBySchoolID(t, s, "24009")
	if seun.Active || seun.LeftOn != data.DateOf(testNow) {
		t.Errorf("Oluwaseun: active %v, left on %s; want left today", seun.Active, seun.LeftOn)
	}
	kai := studentBySchoolID(t, s, "24014")
	if kai.GivenName != "Kai" || kai.FamilyName != "Müller" {
		t.Errorf("Kai = %+v", kai)
	}
	if got := guardianNames(t, s, kai.ID); !reflect.DeepEqual(got, []string{"Anja Müller (parent)"}) {
		t.Errorf("Kai's guardians = %q", got)
	}
	if got := *studentBySchoolID(t, s, "H-001"); got != handBefore {
		t.Errorf("the hand-typed student changed: %+v, was %+v", got, handBefore)
	}
	view(t, s, func(tx *data.Tx) error {
		all, err := tx.AllStudents()
		if len(all) != 14 {
			t.Errorf("%d students after two imports, want 14 (12 + Kai + the hand-typed one)", len(all))
		}
		g, err := tx.GuardianBySourceID("g-002")
		if err != nil {
			return err
		}
		if g.Email != "carmen.garcia.lopez@example.org" || g.Phone != "07700900202" {
			t.Errorf("Carmen = %+v, want the new email and phone", g)
		}
		return err
	})

	// Importing it once more finds nothing to do; Oluwaseun stays left.
	again := mustImport(t, s, filepath.Join(fixtures, "oneroster11-changed"), Options{})
	if again.Left != 0 || again.Students != (Counts{Unchanged: 12}) {
		t.Errorf("third import = %+v, want 12 students unchanged and none newly left", again)
	}

	// He comes back: the older roster lists him again.
	back := mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	if back.Students.Updated != 2 || back.Left != 1 { // Oluwaseun back, Zoë's old name; Kai left
		t.Errorf("re-import of the older roster = %+v, want 2 updated and Kai left", back)
	}
	if st := studentBySchoolID(t, s, "24009"); !st.Active || !st.LeftOn.IsZero() {
		t.Errorf("Oluwaseun after returning = active %v, left %s; want active", st.Active, st.LeftOn)
	}
}

func TestImportOneRoster12(t *testing.T) {
	s := openStore(t)
	res := mustImport(t, s, filepath.Join(fixtures, "oneroster12"), Options{})
	if res.Students.Added != 5 || res.Guardians.Added != 3 || res.Mentors.Added != 2 || res.Terms.Added != 4 {
		t.Errorf("ImportOneRoster(oneroster12) = %+v, want 5 students, 3 guardians, 2 mentors, 4 terms", res)
	}
	st := studentBySchoolID(t, s, "1300456792")
	if st.GivenName != "지우" || st.FamilyName != "박" || st.PreferredName != "Ji-woo" || st.Homeroom != "Rūma Tūī" {
		t.Errorf("student 1300456792 = %+v", st)
	}
	if st := studentBySchoolID(t, s, "1300456793"); st.Pronouns != "they/them" || st.PreferredName != "Alex" {
		t.Errorf("student 1300456793 = %+v", st)
	}
	view(t, s, func(tx *data.Tx) error {
		terms, err := tx.Terms()
		var got []string
		for _, term := range terms {
			got = append(got, term.Name)
		}
		// The grading period inside Term 4 is not a term of its own.
		if want := []string{"Term 4", "Term 3", "Term 2", "Term 1"}; !reflect.DeepEqual(got, want) {
			t.Errorf("terms = %q, want %q", got, want)
		}
		return err
	})
}

func TestImportZip(t *testing.T) {
	s := openStore(t)
	zip := writeZip(t, "export-2026/", readDir(t, filepath.Join(fixtures, "oneroster11")))
	res := mustImport(t, s, zip, Options{})
	if res.Students.Added != 12 {
		t.Errorf("ImportOneRoster(zip) = %+v, want 12 students added", res)
	}
}

func TestImportOneRosterBroken(t *testing.T) {
	ctx := context.Background()
	users, err := os.ReadFile(filepath.Join(fixtures, "oneroster11", "users.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// withUsers is the good roster with users.csv edited by replacing old by new.
	withUsers := func(old, new string) string {
		files := readDir(t, filepath.Join(fixtures, "oneroster11"))
		if !strings.Contains(string(users), old) {
			t.Fatalf("users.csv has no %q", old)
		}
		files["users.csv"] = []byte(strings.Replace(string(users), old, new, 1))
		return writeDir(t, files)
	}
	tests := []struct {
		name     string
		path     func() string
		rejected []string // a prefix of each rejected row, in order
	}{
		{"impossible date", func() string { return overlay(t, "oneroster11", "broken/impossible-date") },
			[]string{`demographics.csv:5: birthDate "2011-02-31"`}},
		{"unknown agent", func() string { return overlay(t, "oneroster11", "broken/unknown-agent") },
			[]string{`users.csv:7: agentSourcedIds names "g-099"`}},
		{"open quote", func() string { return overlay(t, "oneroster11", "broken/open-quote") },
			[]string{"users.csv:4: "}},
		{"missing column", func() string { return overlay(t, "oneroster11", "broken/missing-column") },
			[]string{`users.csv:1: missing required column "givenName"`}},
		{"references", func() string { return overlay(t, "oneroster11", "broken/references") },
			[]string{"academicSessions.csv:4:", "academicSessions.csv:4:", "academicSessions.csv:5:", `users.csv:28: org "org-s-99"`, "enrollments.csv:12:", "enrollments.csv:13:"}},
		{"guardian email the store refuses", func() string { return withUsers("hanako.yamada@example.jp", "hanako at example") },
			[]string{`users.csv:21: Guardian's email "hanako at example" is not an email address.`}},
		{"birth date in the future", func() string {
			files := readDir(t, filepath.Join(fixtures, "oneroster11"))
			files["demographics.csv"] = []byte(strings.Replace(string(files["demographics.csv"]), "2014-06-19", "2030-06-19", 1))
			return writeDir(t, files)
		}, []string{"users.csv:11: Date of birth (2030-06-19) is in the future."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
			path := tt.path()
			before := snapshot(t, s)
			dry, err := ImportOneRoster(ctx, s, path, Options{DryRun: true})
			if err != nil {
				t.Fatalf("dry run error = %v", err)
			}
			res, err := ImportOneRoster(ctx, s, path, Options{})
			var rej *RejectedError
			if !errors.As(err, &rej) {
				t.Fatalf("ImportOneRoster() error = %v, want a *RejectedError", err)
			}
			if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), "Nothing was imported") {
				t.Errorf("ErrorMessage() = %q, want the report", data.ErrorMessage(err))
			}
			if after := snapshot(t, s); after != before {
				t.Errorf("a rejected import changed the database:\nbefore %s\nafter %s", before, after)
			}
			got := problemStrings(res.Rejected)
			if !reflect.DeepEqual(got, problemStrings(dry.Rejected)) {
				t.Errorf("dry run rejected %q, import rejected %q; want the same", problemStrings(dry.Rejected), got)
			}
			if len(got) != len(tt.rejected) {
				t.Fatalf("rejected %q, want %d rows starting %q", got, len(tt.rejected), tt.rejected)
			}
			for i, prefix := range tt.rejected {
				if !strings.HasPrefix(got[i], prefix) {
					t.Errorf("rejected[%d] = %q, want it to start %q", i, got[i], prefix)
				}
			}
			// A rejected row is still in the roster: its student has not left.
			if res.Left != 0 {
				t.Errorf("Left = %d, want 0", res.Left)
			}
		})
	}
	t.Run("delta", func(t *testing.T) {
		s := openStore(t)
		_, err := ImportOneRoster(ctx, s, overlay(t, "oneroster11", "broken/delta"), Options{})
		if !errors.Is(err, ErrDelta) || data.ErrorCode(err) != data.EINVALID {
			t.Errorf("ImportOneRoster(delta) error = %v (code %q), want ErrDelta shown as invalid", err, data.ErrorCode(err))
		}
	})
}

func TestImportHandTypedClash(t *testing.T) {
	s := openStore(t)
	update(t, s, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "24003", GivenName: "Lucy", FamilyName: "Garcia", Active: true})
	})
	before := snapshot(t, s)
	res, err := ImportOneRoster(context.Background(), s, filepath.Join(fixtures, "oneroster11"), Options{})
	if err == nil {
		t.Fatal("ImportOneRoster() error = nil, want the clash rejected")
	}
	want := []string{"users.csv:4: school ID 24003 already belongs to Lucy Garcia, who was typed in by hand; change the school ID in Mentorbook or in the file"}
	if got := problemStrings(res.Rejected); !reflect.DeepEqual(got, want) {
		t.Errorf("rejected %q, want %q", got, want)
	}
	if after := snapshot(t, s); after != before {
		t.Errorf("a rejected import changed the database")
	}
}

func TestImportAdoptsHandTyped(t *testing.T) {
	s := openStore(t)
	update(t, s, func(tx *data.Tx) error {
		y := &data.Year{Name: "2025–26", Start: data.MustDate("2025-09-01"), End: data.MustDate("2026-08-31")}
		if err := tx.SaveYear(y); err != nil {
			return err
		}
		if err := tx.SaveTerm(&data.Term{YearID: y.ID, Name: "2025–26 Autumn", Start: data.MustDate("2025-09-01"), End: data.MustDate("2025-12-19")}); err != nil {
			return err
		}
		return tx.CreateMentor(&data.Mentor{Name: "Mrs Thompson", Role: "staff", Email: "S.Thompson@riverside.example", Capacity: 5, Active: true})
	})
	res := mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	if res.Years != (Counts{Updated: 1}) || res.Terms != (Counts{Added: 2, Updated: 1}) || res.Mentors != (Counts{Added: 3, Updated: 1}) {
		t.Errorf("ImportOneRoster() = %+v, want the year, a term and a mentor adopted", res)
	}
	view(t, s, func(tx *data.Tx) error {
		m, err := tx.MentorBySourceID("t-001")
		if err != nil {
			return err
		}
		if !m.Active || m.Capacity != 5 || m.Name != "Sarah Thompson" {
			t.Errorf("adopted mentor = %+v, want still active with capacity 5", m)
		}
		return nil
	})
}

func TestImportCSV(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	path := filepath.Join(fixtures, "students.csv")
	headers, err := CSVHeaders(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ImportCSV(ctx, s, path, GuessMapping(headers), Options{})
	if err != nil {
		t.Fatalf("ImportCSV(students.csv) error = %v", err)
	}
	want := &Result{Students: Counts{Added: 8}, Guardians: Counts{Added: 11}, Linked: 11}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("ImportCSV(students.csv) = %+v, want %+v", res, want)
	}
	jose := studentBySchoolID(t, s, "24002")
	if jose.PreferredName != "Pepe" || jose.Homeroom != "8A" || jose.YearGroup != "Year 8" || jose.SourceID != "csv:24002" {
		t.Errorf("José = %+v", jose)
	}
	if got, want := guardianNames(t, s, jose.ID), []string{"Carmen García (Mother)", "Miguel García (Father)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("José's guardians = %q, want %q", got, want)
	}
	again, err := ImportCSV(ctx, s, path, GuessMapping(headers), Options{})
	if err != nil || again.Students != (Counts{Unchanged: 8}) || again.Guardians != (Counts{Unchanged: 11}) || again.Linked != 0 {
		t.Errorf("second ImportCSV(students.csv) = %+v, %v; want all unchanged", again, err)
	}

	// A OneRoster import later takes over the students the CSV brought in.
	or := mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	// Aroha has no identifier in the roster, so her school ID there differs.
	// The CSV's guardians give way to the roster's.
	if or.Students.Updated != 7 || or.Students.Added != 5 || or.Unlinked != 10 {
		t.Errorf("ImportOneRoster after a CSV import = %+v, want 7 of the CSV's students adopted and their CSV guardians unlinked", or)
	}
	if st := studentBySchoolID(t, s, "24002"); st.SourceID != "stu-002" || st.PreferredName != "Pepe" {
		t.Errorf("José after the roster import = %+v", st)
	}

	t.Run("CRLF and BOM", func(t *testing.T) {
		s := openStore(t)
		report, err := Import(ctx, s, filepath.Join(fixtures, "students-crlf-bom.csv"), false, nil)
		if err != nil {
			t.Fatalf("Import() error = %v", err)
		}
		if !strings.Contains(report, "Students: 3 added") {
			t.Errorf("Import() report = %q", report)
		}
		st := studentBySchoolID(t, s, "K801234567014")
		if got := guardianNames(t, s, st.ID); !reflect.DeepEqual(got, []string{"Kowalska, Agnieszka (Mother)"}) {
			t.Errorf("Łukasz's guardians = %q", got)
		}
	})
	t.Run("broken", func(t *testing.T) {
		s := openStore(t)
		before := snapshot(t, s)
		path := filepath.Join(fixtures, "students-broken.csv")
		headers, _ := CSVHeaders(path)
		res, err := ImportCSV(ctx, s, path, GuessMapping(headers), Options{})
		if err == nil || len(res.Rejected) != 6 || res.Students.Added != 1 {
			t.Errorf("ImportCSV(students-broken.csv) = %+v, %v; want 6 rejected rows and nothing written", res, err)
		}
		if snapshot(t, s) != before {
			t.Errorf("a rejected import changed the database")
		}
	})
}

func TestImportCancelled(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	writeLargeRoster(t, dir, 600, 600, 5)
	ctx, cancel := context.WithCancel(context.Background())
	before := snapshot(t, s)
	_, err := ImportOneRoster(ctx, s, dir, Options{Progress: func(f float64) {
		if f > 0.3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ImportOneRoster() error = %v, want context.Canceled", err)
	}
	if snapshot(t, s) != before {
		t.Errorf("a cancelled import changed the database")
	}
}

func TestImportCSVWithoutGuardians(t *testing.T) {
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	p := filepath.Join(t.TempDir(), "years.csv")
	if err := os.WriteFile(p, []byte("Student ID,First Name,Last Name,Year Group\r\n24002,José,García,Year 9\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), s, p, false, nil)
	if err != nil {
		t.Fatalf("Import() error = %v", err)
	}
	if !strings.Contains(res, "Students: 0 added, 1 updated") || !strings.Contains(res, "0 removed") {
		t.Errorf("Import() = %q, want José updated and no guardian unlinked", res)
	}
	jose := studentBySchoolID(t, s, "24002")
	if jose.YearGroup != "Year 9" || jose.SourceID != "stu-002" || len(guardianNames(t, s, jose.ID)) != 2 {
		t.Errorf("José = %+v, guardians %q; want year 9, still the roster's, both guardians", jose, guardianNames(t, s, jose.ID))
	}
}

// guardianAddresses lists a student's guardians with their postal
// addresses, "name: address".
func guardianAddresses(t testing.TB, s *data.Store, studentID int64) []string {
	t.Helper()
	var out []string
	view(t, s, func(tx *data.Tx) error {
		gs, err := tx.GuardiansOf(studentID)
		for _, g := range gs {
			out = append(out, g.Name+": "+g.Address)
		}
		return err
	})
	return out
}

// TestImportCSVAddresses: a plain CSV file's guardian address columns,
// found by their usual headers ("Parent 1 Address"), are imported with
// their lines; a guardian on two siblings' rows is one person with one
// address; a row without an address leaves the guardian without one.
func TestImportCSVAddresses(t *testing.T) {
	s := openStore(t)
	path := filepath.Join(fixtures, "students-addresses.csv")
	headers, err := CSVHeaders(path)
	if err != nil {
		t.Fatal(err)
	}
	m := GuessMapping(headers)
	if m[FieldGuardianAddress] != "Parent 1 Address" || m[FieldGuardian2Address] != "Parent 2 Address" {
		t.Fatalf("GuessMapping(%q) = %v, want both address columns", headers, m)
	}
	res, err := ImportCSV(context.Background(), s, path, m, Options{})
	if err != nil || len(res.Rejected) > 0 {
		t.Fatalf("ImportCSV(students-addresses.csv) = %+v, %v", res, err)
	}
	if res.Guardians != (Counts{Added: 3}) {
		t.Errorf("guardians = %+v, want 3 added (Mere Ngata once)", res.Guardians)
	}
	for id, want := range map[string][]string{
		"31001": {"Mere Ngata: Flat 2\n14 Rātā Street\nHamilton 3204", "Tama Ngata: 22 Kōwhai Road, Hamilton 3200"},
		"31002": {"Mere Ngata: Flat 2\n14 Rātā Street\nHamilton 3204"},
		"31003": {"Anna Weber: "},
	} {
		if got := guardianAddresses(t, s, studentBySchoolID(t, s, id).ID); !reflect.DeepEqual(got, want) {
			t.Errorf("guardians of %s = %q, want %q", id, got, want)
		}
	}
}

// TestOneRosterKeepsTypedAddress: OneRoster 1.1 and 1.2 carry no postal
// address, so an address typed in the window survives a re-import that
// changes the same guardian's email and phone.
func TestOneRosterKeepsTypedAddress(t *testing.T) {
	s := openStore(t)
	mustImport(t, s, filepath.Join(fixtures, "oneroster11"), Options{})
	const address = "3 Calle Mayor\nMadrid 28013"
	update(t, s, func(tx *data.Tx) error {
		g, err := tx.GuardianBySourceID("g-002")
		if err != nil {
			return err
		}
		g.Address = address
		return tx.UpdateGuardian(g)
	})
	mustImport(t, s, filepath.Join(fixtures, "oneroster11-changed"), Options{})
	view(t, s, func(tx *data.Tx) error {
		g, err := tx.GuardianBySourceID("g-002")
		if err != nil {
			return err
		}
		if g.Address != address || g.Email != "carmen.garcia.lopez@example.org" {
			t.Errorf("Carmen García after the re-import = %+v, want the new email and the typed address", g)
		}
		return nil
	})
}
