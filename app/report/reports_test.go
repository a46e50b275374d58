package report

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"mentorbook/data"
)

var update = flag.Bool("update", false, "rewrite the PDF masters in testdata")

// The tests share one small demo school, made once with a fixed clock.
var (
	schoolOnce sync.Once
	schoolPath string
	schoolDB   *data.Store
	schoolErr  error
)

// demoNames are the first ten demo students' names, as stored.
var demoNames = []string{
	"Zoë Okafor", "José García", "Văn An Nguyễn", "Σοφία Παπαδοπούλου", "Алексей Иванов",
	"山田太郎", "Aroha Ngata", "Oluwaseun Adeyemi", "Łukasz Wiśniewski", "ليلى حداد",
}

func testSchool(t *testing.T) (*data.Store, string) {
	t.Helper()
	schoolOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mentorbook-report-test")
		if err != nil {
			schoolErr = err
			return
		}
		schoolPath = filepath.Join(dir, "school.db")
		schoolDB, schoolErr = openDemo(schoolPath, 80)
	})
	if schoolErr != nil {
		t.Fatal(schoolErr)
	}
	return schoolDB, schoolPath
}

// rawDB opens the demo school's file read-only with database/sql, for
// counting behind the store's back.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqlInt(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return int(n.Int64)
}

func sqlStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// printText prints req into a temporary folder and returns what pdftotext
// reads from it, pages joined.
func printText(t *testing.T, s *data.Store, req Request) string {
	t.Helper()
	req.Out = filepath.Join(t.TempDir(), "out.pdf")
	if err := Print(context.Background(), s, req, nil); err != nil {
		t.Fatalf("Print(%+v): %v", req, err)
	}
	pdf, err := os.ReadFile(req.Out)
	if err != nil {
		t.Fatal(err)
	}
	return normalize(strings.Join(pdfText(t, pdf), "\f"))
}

// currentTerm returns the term the reports default to, as stored.
func currentTerm(t *testing.T, s *data.Store) *data.Term {
	t.Helper()
	var term *data.Term
	if err := s.View(context.Background(), func(tx *data.Tx) (err error) { term, err = tx.Term(""); return }); err != nil {
		t.Fatal(err)
	}
	return term
}

func TestStudentNamesInEveryScript(t *testing.T) {
	s, _ := testSchool(t)
	for i, name := range demoNames {
		id := fmt.Sprintf("S%05d", i+1)
		t.Run(id, func(t *testing.T) {
			// Confidential, since some of them have data sharing withheld.
			text := printText(t, s, Request{Kind: KindStudent, StudentSchoolID: id, Confidential: true})
			if !strings.Contains(text, normalize(name)) {
				t.Errorf("summary of %s lacks %q:\n%s", id, name, text)
			}
		})
	}
}

func TestProgrammeFiguresMatchTheDatabase(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	term := currentTerm(t, s)
	from, to := term.Start.String(), term.End.AddDays(1).String()
	running := `status <> 'proposed' AND start_on <= ?1 AND (closed_on IS NULL OR closed_on >= ?2)`
	text := printText(t, s, Request{Kind: KindProgramme})
	tests := []struct {
		label string
		want  int
	}{
		{"Meetings held", sqlInt(t, db, `SELECT count(*) FROM meetings WHERE status = 'held' AND at >= ? AND at < ?`, from, to)},
		{"Student absent", sqlInt(t, db, `SELECT count(*) FROM meetings WHERE status = 'student absent' AND at >= ? AND at < ?`, from, to)},
		{"Mentor absent", sqlInt(t, db, `SELECT count(*) FROM meetings WHERE status = 'mentor absent' AND at >= ? AND at < ?`, from, to)},
		{"Cancelled", sqlInt(t, db, `SELECT count(*) FROM meetings WHERE status = 'cancelled' AND at >= ? AND at < ?`, from, to)},
		{"Minutes together", sqlInt(t, db, `SELECT sum(minutes) FROM meetings WHERE status = 'held' AND at >= ? AND at < ?`, from, to)},
		{"Running this term", sqlInt(t, db, `SELECT count(*) FROM pairings WHERE `+running, term.End, term.Start)},
		{"Started this term", sqlInt(t, db, `SELECT count(*) FROM pairings WHERE `+running+` AND start_on >= ?2`, term.End, term.Start)},
		{"Closed this term", sqlInt(t, db, `SELECT count(*) FROM pairings WHERE `+running+` AND closed_on IS NOT NULL AND closed_on <= ?1`, term.End, term.Start)},
		{"Students waiting", sqlInt(t, db, `SELECT count(*) FROM students s WHERE active = 1
			AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = s.id AND p.status IN ('proposed', 'active', 'paused'))`)},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(regexp.QuoteMeta(tt.label) + `\s+` + regexp.QuoteMeta(count(tt.want)) + `\b`)
		if !re.MatchString(text) {
			t.Errorf("programme report: %q = %s not found:\n%s", tt.label, count(tt.want), text)
		}
	}
	// Goals of students paired in the term that were open at some time in
	// it (set by the day printed, not closed before the term began), and
	// of those the ones achieved during it.
	during := `FROM goals g WHERE g.student_id IN (SELECT student_id FROM pairings WHERE ` + running + `) AND g.created_on <= ?1
		AND NOT EXISTS (SELECT 1 FROM goal_statuses c WHERE c.goal_id = g.id AND c.status <> 'open' AND c.on_date < ?2
			AND NOT EXISTS (SELECT 1 FROM goal_statuses o WHERE o.goal_id = g.id AND o.status = 'open' AND o.on_date >= c.on_date AND o.id > c.id))`
	printed := data.MustDate("2026-11-27")
	achieved := sqlInt(t, db, `SELECT count(*) `+during+` AND g.status = 'achieved'
		AND (SELECT max(on_date) FROM goal_statuses a WHERE a.goal_id = g.id AND a.status = 'achieved') BETWEEN ?2 AND ?1`, printed, term.Start)
	goals := sqlInt(t, db, `SELECT count(*) `+during, printed, term.Start)
	if achieved == 0 {
		t.Error("no goal achieved in the demo's term: the test proves nothing")
	}
	if want := fmt.Sprintf("%s of %s", count(achieved), count(goals)); !regexp.MustCompile(`Goals achieved\s+` + want).MatchString(text) {
		t.Errorf("programme report lacks goals achieved %q:\n%s", want, text)
	}
	// No student is named, not even one whose name is a common word.
	for _, n := range sqlStrings(t, db, `SELECT school_id FROM students`) {
		if strings.Contains(text, n) {
			t.Errorf("programme report names student %s", n)
		}
	}
}

func TestConfidentialNotes(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	term := currentTerm(t, s)
	// A held meeting this term with a confidential note, of a student
	// whose data sharing is not withheld.
	var schoolID, note string
	err := db.QueryRow(`SELECT st.school_id, mt.notes FROM meetings mt JOIN pairings p ON p.id = mt.pairing_id JOIN students st ON st.id = p.student_id
		WHERE mt.notes_confidential = 1 AND mt.notes <> '' AND mt.status = 'held' AND mt.at >= ? AND mt.at < ?
		AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.student_id = st.id AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn'))
		AND NOT EXISTS (SELECT 1 FROM meetings m2 WHERE m2.notes = mt.notes AND m2.notes_confidential = 0)
		ORDER BY mt.id LIMIT 1`, term.Start.String(), term.End.AddDays(1).String()).Scan(&schoolID, &note)
	if err != nil {
		t.Fatalf("no confidential note in the demo school: %v", err)
	}
	tests := []struct {
		confidential bool
		want         bool
	}{{false, false}, {true, true}}
	for _, tt := range tests {
		for _, kind := range []string{KindStudent, KindStudents} {
			text := printText(t, s, Request{Kind: kind, StudentSchoolID: map[bool]string{true: schoolID}[kind == KindStudent], Confidential: tt.confidential})
			if got := strings.Contains(strings.Join(strings.Fields(text), " "), note); got != tt.want {
				t.Errorf("Print(%s, confidential=%v) shows %q = %v, want %v", kind, tt.confidential, note, got, tt.want)
			}
			if tt.confidential != strings.Contains(text, "CONFIDENTIAL") {
				t.Errorf("Print(%s, confidential=%v): the confidential mark is wrong", kind, tt.confidential)
			}
			if !tt.confidential && kind == KindStudent && !regexp.MustCompile(`\d+ confidential notes? (is|are) not shown`).MatchString(text) {
				t.Errorf("Print(%s) does not say that confidential notes are left out", kind)
			}
		}
	}
}

func TestSharingWithheldStudentIsNotNamed(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	term := currentTerm(t, s)
	withheld := sqlStrings(t, db, `SELECT st.school_id FROM students st WHERE EXISTS (SELECT 1 FROM consents c WHERE c.student_id = st.id
		AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn'))
		AND EXISTS (SELECT 1 FROM pairings p WHERE p.student_id = st.id AND p.status <> 'proposed' AND p.start_on <= ? AND (p.closed_on IS NULL OR p.closed_on >= ?))`,
		term.End, term.Start)
	if len(withheld) == 0 {
		t.Fatal("the demo school has no paired student with data sharing withheld")
	}
	batch := printText(t, s, Request{Kind: KindStudents})
	caseload := printText(t, s, Request{Kind: KindMentors})
	if !regexp.MustCompile(count(len(withheld)) + ` students? whose guardians declined or withdrew data-sharing consent (is|are) not included`).MatchString(batch) {
		t.Errorf("the batch does not say that %d students are left out:\n%.2000s", len(withheld), batch)
	}
	for _, id := range withheld {
		var given, family string
		if err := db.QueryRow(`SELECT given_name, family_name FROM students WHERE school_id = ?`, id).Scan(&given, &family); err != nil {
			t.Fatal(err)
		}
		// The demo reuses names; one shared with a student who may be named
		// proves nothing.
		shared := sqlInt(t, db, `SELECT count(*) FROM students WHERE given_name = ? AND family_name = ?`, given, family) > 1
		for name, text := range map[string]string{"batch": batch, "caseload": caseload} {
			if strings.Contains(text, id) || !shared && strings.Contains(text, normalize(given+" "+family)) {
				t.Errorf("%s names %s (%s %s), whose data sharing is withheld", name, id, given, family)
			}
		}
		err := Print(context.Background(), s, Request{Kind: KindStudent, StudentSchoolID: id, Out: filepath.Join(t.TempDir(), "x.pdf")}, nil)
		if !errors.Is(err, data.ErrSharingWithheld) {
			t.Errorf("Print(student %s) = %v, want ErrSharingWithheld", id, err)
		}
	}
}

func TestConsentLetters(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	text := printText(t, s, Request{Kind: KindConsentLetters})
	guardians := sqlStrings(t, db, `SELECT g.name FROM guardians g JOIN student_guardians sg ON sg.guardian_id = g.id JOIN students st ON st.id = sg.student_id
		WHERE st.active = 1 AND (SELECT count(*) FROM consents c WHERE c.student_id = st.id
		AND c.status = 'granted' AND (c.valid_until IS NULL OR c.valid_until >= ?)) < ?`, data.DateOf(demoClock), len(data.ConsentKinds))
	if len(guardians) == 0 {
		t.Fatal("no guardian needs a letter in the demo school")
	}
	for _, g := range guardians {
		if !strings.Contains(text, "Dear "+normalize(g)+",") {
			t.Errorf("no letter starts \"Dear %s,\"", g)
		}
	}
	if n := strings.Count(text, "Reply slip: mentoring programme"); n != len(guardians)+1 {
		t.Errorf("%d reply slips, want %d letters and a blank form", n, len(guardians)+1)
	}
}

func TestPrintFolder(t *testing.T) {
	s, path := testSchool(t)
	db := rawDB(t, path)
	term := currentTerm(t, s)
	dir := filepath.Join(t.TempDir(), "summaries") + string(os.PathSeparator)
	var last [2]int
	err := Print(context.Background(), s, Request{Kind: KindStudents, Out: dir}, func(done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	want := sqlInt(t, db, `SELECT count(DISTINCT p.student_id) FROM pairings p WHERE p.status <> 'proposed' AND p.start_on <= ? AND (p.closed_on IS NULL OR p.closed_on >= ?)
		AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.student_id = p.student_id AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn'))`, term.End, term.Start)
	files, _ := os.ReadDir(dir)
	if len(files) != want || last != [2]int{want, want} {
		t.Errorf("folder holds %d files, progress ended at %v; want %d", len(files), last, want)
	}
	for _, f := range files {
		fi, _ := f.Info()
		if fi.Mode().Perm() != 0o600 || !strings.HasSuffix(f.Name(), ".pdf") || strings.HasPrefix(f.Name(), ".") {
			t.Errorf("file %s has mode %v", f.Name(), fi.Mode().Perm())
		}
	}
}

func TestPrintAudits(t *testing.T) {
	s, _ := testSchool(t)
	out := filepath.Join(t.TempDir(), "p.pdf")
	if err := Print(context.Background(), s, Request{Kind: KindProgramme, Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	var log []data.AuditEntry
	s.View(context.Background(), func(tx *data.Tx) (err error) {
		log, err = tx.AuditLog(data.AuditFilter{Action: data.ActPrint})
		return
	})
	found := false
	for _, e := range log {
		found = found || strings.Contains(e.Detail, "programme report") && strings.Contains(e.Detail, out)
	}
	if !found {
		t.Errorf("the audit log has no print of the programme report to %s: %v", out, log)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("report file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

func TestPrintErrors(t *testing.T) {
	s, _ := testSchool(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		req  Request
		code string
	}{
		{"UnknownStudent", Request{Kind: KindStudent, StudentSchoolID: "NOPE", Out: filepath.Join(dir, "a.pdf")}, data.ENOTFOUND},
		{"UnknownTerm", Request{Kind: KindProgramme, Term: "Never", Out: filepath.Join(dir, "b.pdf")}, data.ENOTFOUND},
		{"NoStudent", Request{Kind: KindStudent, Out: filepath.Join(dir, "c.pdf")}, data.EINVALID},
		{"NoOut", Request{Kind: KindProgramme}, data.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Print(context.Background(), s, tt.req, nil)
			if got := data.ErrorCode(err); got != tt.code {
				t.Errorf("Print(%+v) = %v (code %q), want code %q", tt.req, err, got, tt.code)
			}
		})
	}
	if err := Print(context.Background(), s, Request{Kind: "nonsense", Out: filepath.Join(dir, "d.pdf")}, nil); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("Print(nonsense) = %v, want ErrUnknownKind", err)
	}
	if err := Print(context.Background(), s, Request{Kind: KindProgramme, Out: filepath.Join(dir, "missing", "e.pdf")}, nil); err == nil {
		t.Error("Print into a missing folder succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "cancelled.pdf")
	if err := Print(ctx, s, Request{Kind: KindStudents, Out: out}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Print(cancelled) = %v, want context.Canceled", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("failed prints left files behind: %v", files)
	}
}

// TestPrintConcurrently prints every kind of report from several goroutines
// at once; run with -race.
func TestPrintConcurrently(t *testing.T) {
	s, path := testSchool(t)
	student := sqlStrings(t, rawDB(t, path), `SELECT school_id FROM students st WHERE NOT EXISTS (SELECT 1 FROM consents c
		WHERE c.student_id = st.id AND c.kind = 'data sharing' AND c.status IN ('declined', 'withdrawn')) ORDER BY id LIMIT 1`)[0]
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 2; i++ {
		for _, kind := range []string{KindStudents, KindMentors, KindProgramme, KindConsentLetters, KindStudent} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := Request{Kind: kind, StudentSchoolID: student, Out: filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", kind, i))}
				if err := Print(context.Background(), s, req, func(int, int) {}); err != nil {
					errs <- fmt.Errorf("%s: %w", kind, err)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The same report printed twice at once is the same bytes.
	a, _ := os.ReadFile(filepath.Join(dir, "programme-0.pdf"))
	b, _ := os.ReadFile(filepath.Join(dir, "programme-1.pdf"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("two programme reports printed at once differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		id, given, family string
		want              string
	}{
		{"S00001", "Zoë", "Okafor", "S00001 Zoë Okafor.pdf"},
		{"S00006", "太郎", "山田", "S00006 山田太郎.pdf"},
		{"A/B", "..", "x:y*z", "A_B x_y_z.pdf"},
		{"S1", "Ann-Marie", "O'Neil", "S1 Ann-Marie O Neil.pdf"},
		{"", "", "", "student.pdf"},
		{"S2", "Zoe\u0308", "A\x00B", "S2 Zoë A_B.pdf"},
	}
	for _, tt := range tests {
		st := &data.Student{SchoolID: tt.id, GivenName: tt.given, FamilyName: tt.family}
		if got := FileName(st); got != tt.want {
			t.Errorf("FileName(%q, %q, %q) = %q, want %q", tt.id, tt.given, tt.family, got, tt.want)
		}
	}
	long := FileName(&data.Student{SchoolID: "S3", GivenName: strings.Repeat("Ω", 300)})
	if len(long) > 120 {
		t.Errorf("FileName of a long name is %d bytes", len(long))
	}
}
