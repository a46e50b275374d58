package roster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mentorbook/data"
	"mentorbook/data/datatest"
)

// TestReadTableBOMOverLimit: a file that starts with a byte order mark and
// is over the size limit is refused whole. The byte order mark used to be
// left out of the count, and the file was cut at the limit, inside a row.
func TestReadTableBOMOverLimit(t *testing.T) {
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 1024
	file := func(size int) string {
		s := "\ufeffsourcedId,givenName,familyName\n"
		for i := 0; len(s) < size; i++ {
			s += fmt.Sprintf("s%d,Given%d,Family%d\n", i, i, i)
		}
		return s[:size]
	}
	for _, size := range []int{1025, 1027, 1500, 5000} {
		_, err := ReadTable(strings.NewReader(file(size)), "users.csv")
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("ReadTable(%d bytes starting with a BOM) error = %v, want ErrTooLarge", size, err)
			continue
		}
		if want := "users.csv is larger than 1 KiB, the limit for a roster file"; err.Error() != want {
			t.Errorf("ReadTable(%d bytes) error = %q, want %q", size, err, want)
		}
	}
	if _, err := ReadTable(strings.NewReader(file(1024)), "users.csv"); err != nil {
		t.Errorf("ReadTable(1024 bytes, the limit) error = %v, want nil", err)
	}
	fsys := mapFS(map[string][]byte{"orgs.csv": []byte("sourcedId,name,type\n"),
		"academicSessions.csv": []byte("sourcedId,title,type,startDate,endDate\n"), "users.csv": []byte(file(1300))})
	if r, _, err := ReadOneRosterFS(fsys); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadOneRosterFS(BOM users.csv over the limit) = %d students, %v; want ErrTooLarge", len(r.Students), err)
	}
}

// repeatReader yields head, then row over and over until n bytes in all.
type repeatReader struct {
	head, row []byte
	n, off    int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off)]
	n := 0
	for n < len(p) {
		var src []byte
		if r.off < int64(len(r.head)) {
			src = r.head[r.off:]
		} else {
			src = r.row[(r.off-int64(len(r.head)))%int64(len(r.row)):]
		}
		c := copy(p[n:], src)
		n += c
		r.off += int64(c)
	}
	return n, nil
}

// TestReadTableRealSizeLimit streams a generated file one byte over the
// real limit, with a byte order mark, through the reader.
func TestReadTableRealSizeLimit(t *testing.T) {
	row := []byte("s," + strings.Repeat("x", 1020) + ",Family\n")
	for _, tc := range []struct {
		size int64
		want error
	}{{maxFileSize + 1, ErrTooLarge}, {maxFileSize - int64(len(row)) + 1, nil}} {
		in := &repeatReader{head: []byte("\ufeffsourcedId,givenName,familyName\n"), row: row, n: tc.size}
		rows := 0
		_, err := readTable(in, "users.csv", &Columns{Required: []string{"sourcedId"}}, func(Row) { rows++ })
		if !errors.Is(err, tc.want) {
			t.Errorf("readTable(%d bytes) error = %v, want %v", tc.size, err, tc.want)
		}
	}
}

func TestReadTableRowLimit(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 5
	file := func(n int) string {
		s := "id,name\n\n"
		for i := range n {
			s += fmt.Sprintf("%d,n%d\n,\n", i, i) // blank rows do not count
		}
		return s
	}
	if tab, err := ReadTable(strings.NewReader(file(5)), "x.csv"); err != nil || len(tab.Rows) != 5 {
		t.Errorf("ReadTable(5 rows) error = %v, want 5 rows", err)
	}
	_, err := ReadTable(strings.NewReader(file(6)), "x.csv")
	if want := "x.csv has more than 5 rows, the limit for a roster file"; !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("ReadTable(6 rows) error = %v, want %q", err, want)
	}
	// A file read row by row keeps none, so it may have any number.
	rows := 0
	if _, err := readTable(strings.NewReader(file(50)), "x.csv", &Columns{}, func(Row) { rows++ }); err != nil || rows != 50 {
		t.Errorf("readTable(50 rows, one by one) = %d rows, %v; want 50, nil", rows, err)
	}
}

func TestReadTableRowTooLong(t *testing.T) {
	defer func(n int64) { maxRowBytes = n }(maxRowBytes)
	maxRowBytes = 1 << 10
	long := strings.Repeat("a", 64<<10)
	for name, in := range map[string]string{
		"one line":           "id,name\n1,ok\n2," + long + "\n3,c\n",
		"one line of commas": "id,name\n1,ok\n" + strings.Repeat(",", 64<<10) + "x\n",
		"quoted over lines":  "id,name\n1,ok\n2,\"" + strings.Repeat("a\n", 32<<10) + "\"\n",
	} {
		_, err := ReadTable(strings.NewReader(in), "x.csv")
		var p Problem
		if !errors.As(err, &p) || !strings.Contains(p.Reason, "a row after line 2 is longer than 1 KiB") {
			t.Errorf("ReadTable(%s) error = %v, want a Problem: a row after line 2 is longer than 1 KiB", name, err)
		}
	}
	_, err := readTable(strings.NewReader("id,name\n1,ok\n,\n2,"+long+"\n"), "x.csv", &Columns{}, func(Row) {})
	if err == nil || !strings.Contains(err.Error(), "a row after line 3 is longer than 1 KiB") {
		t.Errorf("readTable(a long row, row by row) error = %v, want it to name the line before", err)
	}
	if _, err := ReadTable(strings.NewReader("id,name\n1,"+strings.Repeat("a", 1000)+"\n"), "x.csv"); err != nil {
		t.Errorf("ReadTable(a row under the limit) error = %v", err)
	}
}

// TestReadTableUTF16: UTF-16, with or without a byte order mark, is
// refused with a message that says what to do.
func TestReadTableUTF16(t *testing.T) {
	le := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	be := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(0)
			b.WriteByte(byte(r))
		}
		return b.String()
	}
	text := "Student ID,First Name,Last Name\r\n24001,Zoe,Adams\r\n"
	for name, in := range map[string]string{
		"LE with BOM": "\xff\xfe" + le(text), "BE with BOM": "\xfe\xff" + be(text),
		"LE without BOM": le(text), "BE without BOM": be(text), "LE header only": le("id,name"),
	} {
		_, err := ReadTable(strings.NewReader(in), "students.csv")
		want := "students.csv:1: file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"
		if err == nil || err.Error() != want {
			t.Errorf("ReadTable(UTF-16 %s) error = %v, want %q", name, err, want)
		}
	}
	// Text in UTF-8 that happens to start with short values is not UTF-16.
	if _, err := ReadTable(strings.NewReader("a,b\n1,2\n"), "x.csv"); err != nil {
		t.Errorf("ReadTable(short UTF-8) error = %v", err)
	}
}

// TestReadOneRosterZipBomb: a zip whose users.csv expands a thousand times
// is refused before a row is read; the limits on its whole size too.
func TestReadOneRosterZipBomb(t *testing.T) {
	files := readDir(t, filepath.Join(fixtures, "oneroster11"))
	files["users.csv"] = append([]byte("sourcedId,role,givenName,familyName\n"), bytes.Repeat([]byte("s,student,a,b\n"), 150_000)...)
	bomb := writeZip(t, "", files)
	_, _, err := ReadOneRoster(bomb)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "users.csv in roster.zip would expand") {
		t.Errorf("ReadOneRoster(zip bomb) error = %v, want ErrTooLarge saying users.csv would expand", err)
	}

	good := writeZip(t, "", readDir(t, filepath.Join(fixtures, "oneroster11")))
	defer func(n int64) { maxZipTotal = n }(maxZipTotal)
	maxZipTotal = 1 << 10
	_, _, err = ReadOneRoster(good)
	if want := "roster.zip expands to more than 1 KiB, the limit for a roster"; !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("ReadOneRoster(zip over the total) error = %v, want %q", err, want)
	}
	maxZipTotal = 1 << 30
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	maxFileSize = 1 << 10
	_, _, err = ReadOneRoster(good)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), ".csv in roster.zip is larger than 1 KiB, the limit for a roster file") {
		t.Errorf("ReadOneRoster(zip with files over the limit) error = %v, want the first such file named", err)
	}
}

// TestRequiredColumnsBeforeRows: a file without a required column is
// reported as such, without its rows being read (a broken row further
// down is not reached).
func TestRequiredColumnsBeforeRows(t *testing.T) {
	fsys := mapFS(map[string][]byte{"orgs.csv": []byte("sourcedId,name,type\norg-1,School,school\n"),
		"academicSessions.csv": []byte("sourcedId,title,type,startDate,endDate\n"),
		"users.csv":            []byte("sourcedId,role,familyName\ns1,student,Ada\ns2,student,Zo\xeb\n")})
	_, ps, err := ReadOneRosterFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`users.csv:1: missing required column "givenName"`}
	if got := problemStrings(ps); !reflect.DeepEqual(got, want) {
		t.Errorf("ReadOneRosterFS(users.csv without givenName) problems = %q, want %q", got, want)
	}

	path := filepath.Join(t.TempDir(), "students.csv")
	if err := os.WriteFile(path, []byte("ID,First,Surname\n1,Ada,Lovelace\n2,Zo\xeb,Adams\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ImportCSV(context.Background(), openStore(t), path, Mapping{FieldSchoolID: "ID", FieldGivenName: "Given", FieldFamilyName: "Surname"}, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{`students.csv:1: column "Given" (chosen for given_name) is not in the file`}
	if got := problemStrings(res.Rejected); !reflect.DeepEqual(got, want) {
		t.Errorf("ImportCSV(mapping a missing column) rejected %q, want %q", got, want)
	}
}

// TestColumnsOfNamesEveryColumnRead: the parser gives the same result
// whether the reader keeps every column or only those columnsOf names.
func TestColumnsOfNamesEveryColumnRead(t *testing.T) {
	dirs := []string{"oneroster11", "oneroster11-changed", "oneroster12"}
	broken, err := os.ReadDir(filepath.Join(fixtures, "broken"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range broken {
		dirs = append(dirs, filepath.Join("broken", e.Name()))
	}
	for _, dir := range dirs {
		path := filepath.Join(fixtures, dir)
		if dir != "oneroster11" && !strings.HasPrefix(dir, "oneroster") {
			path = overlay(t, filepath.Join(fixtures, "oneroster11"), path)
		}
		kept, keptPs, keptErr := ReadOneRoster(path)
		keepEveryColumn = true
		all, allPs, allErr := ReadOneRoster(path)
		keepEveryColumn = false
		if fmt.Sprint(keptErr) != fmt.Sprint(allErr) || !reflect.DeepEqual(kept, all) || !reflect.DeepEqual(keptPs, allPs) {
			t.Errorf("ReadOneRoster(%s) differs when only columnsOf is kept:\n%+v\n%q\n%v\nwith every column:\n%+v\n%q\n%v",
				dir, kept, problemStrings(keptPs), keptErr, all, problemStrings(allPs), allErr)
		}
	}
}

// TestRejectedRowsListedUpToALimit: of millions of bad rows, the first
// thousand are listed and the rest counted.
func TestRejectedRowsListedUpToALimit(t *testing.T) {
	files := map[string][]byte{"orgs.csv": []byte("sourcedId,name,type\norg-1,School,school\n"),
		"academicSessions.csv": []byte("sourcedId,title,type,startDate,endDate\n"),
		"users.csv":            []byte("sourcedId,role,givenName,familyName\ns,student,Ada,Lovelace\n" + strings.Repeat("s,student,a,b\n", 1500))}
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := openStore(t)
	res, err := ImportOneRoster(context.Background(), s, dir, Options{})
	var rejected *RejectedError
	if !errors.As(err, &rejected) {
		t.Fatalf("ImportOneRoster(1,500 repeated IDs) error = %v, want a RejectedError", err)
	}
	if len(res.Rejected) != 1000 || res.Unlisted != 500 || res.RejectedCount() != 1500 {
		t.Errorf("ImportOneRoster(1,500 repeated IDs) listed %d and counted %d more, want 1000 and 500", len(res.Rejected), res.Unlisted)
	}
	if res.Rejected[0].Line != 3 || res.Rejected[999].Line != 1002 {
		t.Errorf("listed lines %d to %d, want the first thousand, 3 to 1002", res.Rejected[0].Line, res.Rejected[999].Line)
	}
	report := res.Report()
	if !strings.HasPrefix(report, "Nothing was imported: 1,500 rows rejected.") || !strings.HasSuffix(report, "\n… and 500 more rows rejected") {
		t.Errorf("Report() = %q…%q, want it to count 1,500 rows and end with the 500 not listed", report[:80], report[len(report)-80:])
	}
	if n := strings.Count(report, "\n"); n > 1020 {
		t.Errorf("Report() has %d lines, want about a thousand", n)
	}
}

// TestRefusedImportLeavesNoTrace: an import whose rows the store refuses
// takes no automatic backup and writes no audit line; one that is applied
// takes the backup first (on SQLite: PostgreSQL has no automatic backups).
func TestRefusedImportLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	update(t, s, func(tx *data.Tx) error {
		return tx.CreateStudent(&data.Student{SchoolID: "24003", GivenName: "Lucy", FamilyName: "Garcia", Active: true})
	})
	trace := func() (backups, lines int) {
		bs, err := data.Backups(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		view(t, s, func(tx *data.Tx) error {
			log, err := tx.AuditLog(data.AuditFilter{})
			lines = len(log)
			return err
		})
		return len(bs), lines
	}
	backups, lines := trace()
	path := filepath.Join(fixtures, "oneroster11")
	if _, err := ImportOneRoster(ctx, s, path, Options{}); err == nil {
		t.Fatal("ImportOneRoster() error = nil, want the clash with a hand-typed student rejected")
	}
	if b, l := trace(); b != backups || l != lines {
		t.Errorf("a refused import left %d backups and %d audit lines, want %d and %d", b, l, backups, lines)
	}

	update(t, s, func(tx *data.Tx) error {
		st, err := tx.StudentBySchoolID("24003")
		if err != nil {
			return err
		}
		st.SchoolID = "H-24003" // the clash resolved in Mentorbook
		return tx.UpdateStudent(st)
	})
	backups, lines = trace()
	mustImport(t, s, path, Options{})
	if !datatest.Postgres() {
		backups++
	}
	if b, l := trace(); b != backups || l <= lines {
		t.Errorf("an import left %d backups and %d audit lines, want %d and more than %d", b, l, backups, lines)
	}
}

// TestImportRefusesHiddenDirectionCharacters: a name with a character that
// reverses the text is a rejected row, with its file, line and field.
func TestImportRefusesHiddenDirectionCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "students.csv")
	if err := os.WriteFile(path, []byte("ID,First,Surname\n1,Ada,Lovelace\n2,\u202eamadA,Adams\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ImportCSV(context.Background(), openStore(t), path, Mapping{FieldSchoolID: "ID", FieldGivenName: "First", FieldFamilyName: "Surname"}, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"students.csv:3: Given name contains an invisible character that changes the direction of the text (U+202E); type it again without it."}
	if got := problemStrings(res.Rejected); !reflect.DeepEqual(got, want) {
		t.Errorf("ImportCSV(name with U+202E) rejected %q, want %q", got, want)
	}
}
