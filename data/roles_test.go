package data_test

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"mentorbook/data"
	"mentorbook/data/pgtest"
)

// Logins are the whole test server's, not one database's: each test names
// its own.
var loginCount atomic.Int64

func newLogin(name string) string { return fmt.Sprintf("%s_%d", name, loginCount.Add(1)) }

// school is a small school on a PostgreSQL database made by server init,
// with a login of each role, seeded with plain SQL by the owner:
//
//	students: S1 (Tanaka's now, Priya's before), S2 (Tanaka's, closed),
//	S3 (Priya's), S4 (no mentor)
//	meetings: 1 Tanaka's confidential note on S1, 2 the coordinator's
//	confidential note on Tanaka's pairing, 3 Priya's confidential note on
//	S3, 4 Priya's open note on S3, 5 Priya's open note from her past
//	pairing with S1
type school struct {
	url                          string
	coordinator, tanaka, priya   string // logins
	reader                       string
	tanakaPairing, priyaPairing  int64
	priyaPastPairingWithTanakaS1 int64
}

func newSchool(t *testing.T) *school {
	t.Helper()
	ctx := t.Context()
	sc := &school{url: pgtest.NewDatabase(t), coordinator: newLogin("coord"), tanaka: newLogin("tanaka"),
		priya: newLogin("priya"), reader: newLogin("head")}
	if _, _, err := data.InitPostgres(ctx, sc.url); err != nil {
		t.Fatal(err)
	}
	owner := openPG(t, sc.url)
	mustExec(t, owner, fmt.Sprintf(`
		INSERT INTO settings (key, value) VALUES ('alert_days', '21');
		INSERT INTO mentors (id, name, email, created_at) VALUES
			(1, 'Mr Tanaka', 'tanaka@school.example', 'x'), (2, 'Priya Shah', 'Priya@Example.org', 'x'), (3, 'Ms Other', 'other@school.example', 'x');
		INSERT INTO mentor_checks (mentor_id, kind, checked_on) VALUES (1, 'DBS', '2025-08-01'), (2, 'DBS', '2025-08-02');
		INSERT INTO students (id, school_id, given_name, needs, needs_confidential, search_key, created_at, updated_at) VALUES
			(1, 'S1', 'Zoë', 'dyslexia', 1, 'zoe s1', 'x', 'x'), (2, 'S2', 'Taro', 'glasses', 0, 'taro s2', 'x', 'x'),
			(3, 'S3', 'Sparkle', 'asthma', 1, 'sparkle s3', 'x', 'x'), (4, 'S4', 'Dan', '', 1, 'dan s4', 'x', 'x');
		INSERT INTO student_words (word, student_id) VALUES ('zoe', 1), ('taro', 2), ('sparkle', 3), ('dan', 4);
		INSERT INTO guardians (id, name, email, phone) VALUES (1, 'Ada Okafor', 'ada@example.org', '+44 7700 900123'), (2, 'Bo Nguyen', 'bo@example.org', '555');
		INSERT INTO student_guardians (student_id, guardian_id) VALUES (1, 1), (3, 2);
		INSERT INTO pairings (id, student_id, mentor_id, start_on, planned_end, status, closed_on, closure_reason, closing_note, closing_confidential, created_at) VALUES
			(1, 1, 1, '2025-09-01', '2026-07-01', 'active', NULL, '', '', 0, 'x'),
			(2, 2, 1, '2025-09-01', '2026-07-01', 'closed', '2025-12-01', 'mismatch', 'family moved', 1, 'x'),
			(3, 3, 2, '2025-09-01', '2026-07-01', 'active', NULL, '', '', 0, 'x'),
			(4, 1, 2, '2024-09-01', '2025-07-01', 'closed', '2025-07-01', 'programme ended', 'went well', 0, 'x');
		INSERT INTO meetings (id, pairing_id, at, minutes, kind, status, notes, notes_confidential, recorded_by, recorded_at) VALUES
			(1, 1, '2025-09-10 12:00', 30, 'one-to-one', 'held', 'T secret', 1, '%[1]s', 'x'),
			(2, 1, '2025-09-17 12:00', 30, 'one-to-one', 'held', 'C secret', 1, '%[2]s', 'x'),
			(3, 3, '2025-09-10 12:00', 30, 'one-to-one', 'held', 'P secret', 1, '%[3]s', 'x'),
			(4, 3, '2025-09-17 12:00', 30, 'one-to-one', 'held', 'P open', 0, '%[3]s', 'x'),
			(5, 4, '2025-01-10 12:00', 30, 'one-to-one', 'held', 'earlier', 0, '%[3]s', 'x');
		SELECT setval(pg_get_serial_sequence('meetings', 'id'), 5);
		INSERT INTO goals (id, student_id, title, area, created_on) VALUES (1, 1, 'Reading', 'academic', '2025-09-10'), (2, 3, 'Friends', 'social-emotional', '2025-09-10');
		INSERT INTO goal_statuses (goal_id, status, on_date) VALUES (1, 'open', '2025-09-10'), (2, 'open', '2025-09-10');
		INSERT INTO goal_progress (goal_id, meeting_id, on_date, rating, comment, confidential) VALUES
			(1, 1, '2025-09-10', 3, 'T comment', 1), (2, 3, '2025-09-10', 2, 'P comment', 1);
		INSERT INTO goal_progress (goal_id, on_date, rating, comment, confidential) VALUES (1, '2025-09-20', 4, 'C progress secret', 1);
		INSERT INTO checkins (pairing_id, on_date, with_whom, notes, confidential) VALUES (1, '2025-10-01', 'guardian', 'worried', 1);
		INSERT INTO consents (id, student_id, guardian_id, kind, status, notes, confidential, updated_at) VALUES
			(1, 1, 1, 'participation', 'granted', 'dad may not collect', 1, 'x'), (2, 3, 2, 'participation', 'granted', '', 0, 'x');
		INSERT INTO consent_documents (consent_id, filename, mime, content, added_at) VALUES (1, 'form.pdf', 'application/pdf', '\x25504446', 'x');
		INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', 'coord', 'create', 'student', 'S1');
		UPDATE guardians SET address = '12 Elm Row' WHERE id = 1;
		INSERT INTO academic_years (id, name, start_on, end_on) VALUES (1, '2025–26', '2025-09-01', '2026-08-31');
		INSERT INTO terms (id, year_id, name, start_on, end_on) VALUES (1, 1, 'Autumn', '2025-09-01', '2025-12-19'), (2, 1, 'Spring', '2026-01-05', '2026-03-27');
		INSERT INTO term_comments (pairing_id, term_id, comment, written_by, updated_at) VALUES
			(1, 1, 'T term', '%[1]s', 'x'), (3, 1, 'P term', '%[3]s', 'x'), (4, 1, 'P past term', '%[3]s', 'x');
	`, sc.tanaka, sc.coordinator, sc.priya))
	sc.tanakaPairing, sc.priyaPairing, sc.priyaPastPairingWithTanakaS1 = 1, 3, 4
	for _, u := range []struct{ login, role, mentor string }{
		{sc.coordinator, "coordinator", ""}, {sc.tanaka, "mentor", "tanaka@school.example"},
		{sc.priya, "mentor", "priya@example.org"}, {sc.reader, "reader", ""},
	} {
		if created, err := data.AddUser(ctx, sc.url, u.login, u.role, u.mentor); err != nil || !created {
			t.Fatalf("AddUser(%s, %s) = %v, %v, want a new login", u.login, u.role, created, err)
		}
	}
	return sc
}

// as connects as login, with plain SQL: no store, only what the server
// itself allows.
func (sc *school) as(t *testing.T, login string) *sql.DB {
	t.Helper()
	db := openPG(t, pgtest.As(sc.url, login))
	var who string
	if err := db.QueryRow(`SELECT current_user`).Scan(&who); err != nil || who != login {
		t.Fatalf("connected as %q (%v), want %s", who, err, login)
	}
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// strs returns the rows of a one-column query, or the error.
func strs(db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// refused says whether err is the server's refusal: no privilege
// (permission denied) or a row its policies do not allow.
func refused(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "42501"
}

// wantRows checks what a query returns to a role.
func wantRows(t *testing.T, db *sql.DB, who, query string, want ...string) {
	t.Helper()
	got, err := strs(db, query)
	if err != nil || !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%s: %s = %q, %v; want %q", who, query, got, err, want)
	}
}

// wantRefused checks that the server refuses a statement to a role.
func wantRefused(t *testing.T, db *sql.DB, who, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); !refused(err) {
		t.Errorf("%s: %s = %v, want the server's refusal (SQLSTATE 42501)", who, query, err)
	}
}

// wantChanged checks how many rows a statement changes for a role (0: the
// policies hide the rows from it).
func wantChanged(t *testing.T, db *sql.DB, who string, want int64, query string, args ...any) {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Errorf("%s: %s = %v, want %d rows changed", who, query, err, want)
		return
	}
	if n, _ := res.RowsAffected(); n != want {
		t.Errorf("%s: %s changed %d rows, want %d", who, query, n, want)
	}
}

// TestRoleMentor: a mentor's login, with plain SQL, sees the students it
// has or had a pairing with and nothing of the others; their meetings but
// only its own confidential notes; no guardian's contact details, consent
// documents, check-ins or audit log; logs meetings and goal progress for
// its own pairings only, as itself; changes no setting.
func TestRoleMentor(t *testing.T) {
	sc := newSchool(t)
	db := sc.as(t, sc.tanaka)
	who := "mentor"

	// Reading: its students only (S1 now, S2 in the past), and of those
	// the pairings, meetings, goals and consent status, even where another
	// mentor held them (Priya's past pairing with S1, meeting 5).
	wantRows(t, db, who, `SELECT school_id FROM students ORDER BY id`, "S1", "S2")
	wantRows(t, db, who, `SELECT word FROM student_words ORDER BY student_id`, "zoe", "taro")
	wantRows(t, db, who, `SELECT id::text FROM pairings ORDER BY id`, "1", "2", "4")
	wantRows(t, db, who, `SELECT id::text FROM meetings ORDER BY id`, "1", "2", "5")
	wantRows(t, db, who, `SELECT id::text FROM goals ORDER BY id`, "1")
	wantRows(t, db, who, `SELECT goal_id::text FROM goal_statuses ORDER BY id`, "1")
	wantRows(t, db, who, `SELECT student_id || ' ' || status FROM consents ORDER BY id`, "1 granted")
	wantRows(t, db, who, `SELECT name FROM guardians ORDER BY id`, "Ada Okafor")
	wantRows(t, db, who, `SELECT name FROM mentors ORDER BY id`, "Mr Tanaka", "Priya Shah")
	wantRows(t, db, who, `SELECT kind FROM mentor_checks`, "DBS")
	wantRows(t, db, who, `SELECT count(*)::text FROM mentor_checks WHERE mentor_id = 2`, "0")
	wantRows(t, db, who, `SELECT value FROM settings WHERE key = 'alert_days'`, "21")
	// A student it never had is not there, by id or by search.
	wantRows(t, db, who, `SELECT school_id FROM students WHERE id = 3`)
	wantRows(t, db, who, `SELECT student_id::text FROM student_words WHERE word = 'sparkle'`)
	wantRows(t, db, who, `SELECT id::text FROM meetings WHERE pairing_id = 3`)

	// Confidential text: not granted at all; through the views, its own
	// note, and not the coordinator's confidential note on its own pairing.
	for _, q := range []string{`SELECT notes FROM meetings`, `SELECT needs FROM students`, `SELECT closing_note FROM pairings`,
		`SELECT comment FROM goal_progress`, `SELECT notes FROM consents`} {
		wantRefused(t, db, who, q)
	}
	wantRows(t, db, who, `SELECT id || ' ' || notes FROM meeting_notes_shown ORDER BY id`, "1 T secret", "2 ", "5 earlier")
	wantRows(t, db, who, `SELECT id || ' ' || needs FROM student_needs_shown ORDER BY id`, "1 ", "2 glasses")
	wantRows(t, db, who, `SELECT id || ' ' || closing_note FROM pairing_notes_shown ORDER BY id`, "1 ", "2 ", "4 went well")
	wantRows(t, db, who, `SELECT comment FROM goal_progress_comments_shown ORDER BY id`, "T comment", "")
	wantRows(t, db, who, `SELECT notes FROM consent_notes_shown`, "")
	wantRows(t, db, who, `SELECT notes FROM checkin_notes_shown`)

	// Withheld whole: guardians' contact details, consent documents,
	// check-ins, the audit log.
	for _, q := range []string{`SELECT email FROM guardians`, `SELECT phone FROM guardians`, `SELECT address FROM guardians`,
		`SELECT id FROM consent_documents`, `SELECT id FROM checkins`, `SELECT id FROM audit`} {
		wantRefused(t, db, who, q)
	}

	// Guardians' contact details: only where the school allows them (a
	// setting only the coordinator writes), and only its students'.
	wantRows(t, db, who, `SELECT id || ' ' || email || ' ' || phone || ' ' || address FROM guardian_contacts_shown`, "1   ")
	mustExec(t, sc.as(t, sc.coordinator), `INSERT INTO settings (key, value) VALUES ('mentor_guardian_contacts', 'yes')`)
	wantRows(t, db, who, `SELECT id || ' ' || email || ' ' || phone || ' ' || address FROM guardian_contacts_shown`, "1 ada@example.org +44 7700 900123 12 Elm Row")
	wantRefused(t, db, who, `UPDATE settings SET value = 'no' WHERE key = 'mentor_guardian_contacts'`)

	// Term comments: read on its students' pairings (Priya's past one with
	// S1 too); written, replaced and removed on its own pairings only, as
	// itself.
	wantRows(t, db, who, `SELECT comment FROM term_comments ORDER BY pairing_id`, "T term", "P past term")
	comment := `INSERT INTO term_comments (pairing_id, term_id, comment, written_by, updated_at) VALUES ($1, 2, 'new', $2, 'x')`
	wantChanged(t, db, who, 1, comment, sc.tanakaPairing, sc.tanaka)
	wantRefused(t, db, who, comment, sc.priyaPairing, sc.tanaka)
	wantRefused(t, db, who, comment, sc.priyaPastPairingWithTanakaS1, sc.tanaka)
	wantRefused(t, db, who, `INSERT INTO term_comments (pairing_id, term_id, comment, written_by, updated_at) VALUES (2, 2, 'new', 'someone', 'x')`)
	wantChanged(t, db, who, 1, `UPDATE term_comments SET comment = 'edited', written_by = current_user WHERE pairing_id = 1 AND term_id = 1`)
	wantChanged(t, db, who, 0, `UPDATE term_comments SET comment = 'overwritten', written_by = current_user WHERE pairing_id IN (3, 4)`)
	wantChanged(t, db, who, 0, `DELETE FROM term_comments WHERE pairing_id IN (3, 4)`)
	wantChanged(t, db, who, 1, `DELETE FROM term_comments WHERE pairing_id = 1 AND term_id = 2`)

	// Writing: a meeting for its own pairing, as itself.
	meeting := `INSERT INTO meetings (pairing_id, at, minutes, kind, status, notes, notes_confidential, recorded_by, recorded_at) VALUES ($1, '2025-10-01 12:00', 30, 'one-to-one', 'held', 'new', 1, $2, 'x')`
	wantChanged(t, db, who, 1, meeting, sc.tanakaPairing, sc.tanaka)
	wantRows(t, db, who, `SELECT notes FROM meeting_notes_shown WHERE id = 6`, "new")
	// Not for another mentor's pairing, even one with its own student,
	// and not in another's name.
	wantRefused(t, db, who, meeting, sc.priyaPairing, sc.tanaka)
	wantRefused(t, db, who, meeting, sc.priyaPastPairingWithTanakaS1, sc.tanaka)
	wantRefused(t, db, who, meeting, sc.tanakaPairing, sc.priya)
	// Edits: its own; not another's pairing's (hidden), not the
	// coordinator's confidential note it cannot read, not onto another
	// pairing, not the recorded_by.
	wantChanged(t, db, who, 1, `UPDATE meetings SET minutes = 45, notes = 'edited' WHERE id = 1`)
	wantChanged(t, db, who, 0, `UPDATE meetings SET notes = 'overwritten' WHERE id = 3`)
	wantChanged(t, db, who, 0, `UPDATE meetings SET notes = 'overwritten' WHERE id = 2`)
	wantRefused(t, db, who, `UPDATE meetings SET pairing_id = $1 WHERE id = 1`, sc.priyaPairing)
	wantRefused(t, db, who, `UPDATE meetings SET recorded_by = 'someone' WHERE id = 1`)
	wantChanged(t, db, who, 0, `DELETE FROM meetings WHERE id IN (2, 3, 4, 5)`)
	// Goal progress: for its own pairing's student, not for another's.
	wantChanged(t, db, who, 1, `INSERT INTO goal_progress (goal_id, meeting_id, on_date, rating) VALUES (1, 1, '2025-10-01', 4)`)
	wantRefused(t, db, who, `INSERT INTO goal_progress (goal_id, on_date, rating) VALUES (2, '2025-10-01', 4)`)
	wantRefused(t, db, who, `INSERT INTO goal_progress (goal_id, meeting_id, on_date, rating) VALUES (1, 5, '2025-10-01', 4)`)
	// Corrects its own entry; not the coordinator's confidential one
	// recorded without a meeting (shown to it as ''), which it would
	// overwrite unseen.
	wantChanged(t, db, who, 1, `UPDATE goal_progress SET rating = 5 WHERE id = 1`)
	wantChanged(t, db, who, 0, `UPDATE goal_progress SET comment = '' WHERE id = 3`)
	// No settings, students, pairings, goals, consents, guardians.
	for _, q := range []string{
		`UPDATE settings SET value = '99'`,
		`INSERT INTO settings (key, value) VALUES ('x', 'y')`,
		`DELETE FROM settings`,
		`UPDATE students SET given_name = 'X' WHERE id = 1`,
		`INSERT INTO pairings (student_id, mentor_id, start_on, planned_end, status, created_at) VALUES (4, 1, '2025-01-01', '2026-01-01', 'active', 'x')`,
		`UPDATE pairings SET status = 'paused' WHERE id = 1`,
		`UPDATE goals SET status = 'achieved' WHERE id = 1`,
		`UPDATE consents SET status = 'granted' WHERE id = 1`,
		`UPDATE mentors SET login = 'x' WHERE id = 2`,
		`DELETE FROM audit`,
		`UPDATE school SET name = 'x'`,
	} {
		wantRefused(t, db, who, q)
	}
	// The audit log: its own lines only, written, never read.
	wantChanged(t, db, who, 1, `INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', current_user, 'create', 'meeting', '')`)
	wantRefused(t, db, who, `INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', 'coord', 'create', 'meeting', '')`)
	// Asking the helper about another login answers nothing.
	wantRows(t, db, who, fmt.Sprintf(`SELECT mentorbook_my_students('%s')::text`, sc.priya), "{}")

	// The coordinator's confidential note is untouched, as the owner sees.
	owner := openPG(t, sc.url)
	wantRows(t, owner, "owner", `SELECT notes FROM meetings WHERE id IN (2, 3) ORDER BY id`, "C secret", "P secret")
	wantRows(t, owner, "owner", `SELECT comment FROM goal_progress WHERE id = 3`, "C progress secret")
}

// TestRoleReader: a reader's login reads every student and record but no
// confidential text, consent document or audit line, and changes nothing.
func TestRoleReader(t *testing.T) {
	sc := newSchool(t)
	db := sc.as(t, sc.reader)
	who := "reader"
	wantRows(t, db, who, `SELECT school_id FROM students ORDER BY id`, "S1", "S2", "S3", "S4")
	wantRows(t, db, who, `SELECT count(*)::text FROM meetings`, "5")
	wantRows(t, db, who, `SELECT email FROM guardians ORDER BY id`, "ada@example.org", "bo@example.org")
	wantRows(t, db, who, `SELECT address FROM guardians ORDER BY id`, "12 Elm Row", "")
	wantRows(t, db, who, `SELECT comment FROM term_comments ORDER BY pairing_id`, "T term", "P term", "P past term")
	wantRefused(t, db, who, `UPDATE term_comments SET comment = 'x'`)
	for _, q := range []string{`SELECT notes FROM meetings`, `SELECT needs FROM students`, `SELECT closing_note FROM pairings`,
		`SELECT comment FROM goal_progress`, `SELECT notes FROM consents`, `SELECT notes FROM checkins`,
		`SELECT id FROM consent_documents`, `SELECT id FROM audit`} {
		wantRefused(t, db, who, q)
	}
	wantRows(t, db, who, `SELECT id || ' ' || notes FROM meeting_notes_shown ORDER BY id`, "1 ", "2 ", "3 ", "4 P open", "5 earlier")
	wantRows(t, db, who, `SELECT id || ' ' || needs FROM student_needs_shown ORDER BY id`, "1 ", "2 glasses", "3 ", "4 ")
	wantRows(t, db, who, `SELECT id || ' ' || closing_note FROM pairing_notes_shown ORDER BY id`, "1 ", "2 ", "3 ", "4 went well")
	wantRows(t, db, who, `SELECT comment FROM goal_progress_comments_shown`, "", "", "")
	wantRows(t, db, who, `SELECT notes FROM checkin_notes_shown`, "")
	wantRows(t, db, who, `SELECT notes FROM consent_notes_shown ORDER BY id`, "", "")
	wantRows(t, db, who, `SELECT email FROM guardian_contacts_shown ORDER BY id`, "ada@example.org", "bo@example.org")
	for _, q := range []string{
		`UPDATE students SET given_name = 'X'`,
		`DELETE FROM students`,
		`INSERT INTO meetings (pairing_id, at, minutes, kind, status, recorded_by, recorded_at) VALUES (1, '2025-10-01 12:00', 30, 'one-to-one', 'held', current_user, 'x')`,
		`UPDATE meetings SET minutes = 1`,
		`UPDATE settings SET value = '99'`,
		`INSERT INTO settings (key, value) VALUES ('x', 'y')`,
		`UPDATE goals SET status = 'dropped'`,
		`INSERT INTO goal_progress (goal_id, on_date, rating) VALUES (1, '2025-10-01', 4)`,
		`UPDATE mentors SET login = NULL`,
		`INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', current_user, 'update', 'student', '')`,
	} {
		wantRefused(t, db, who, q)
	}
	// It may say that it printed: the audit log records the login.
	wantChanged(t, db, who, 1, `INSERT INTO audit (at, username, action, entity, detail) VALUES ('x', current_user, 'print', 'report', 'programme report')`)
}

// TestRoleCoordinator: a coordinator's login does everything, as on a
// database file, confidential text included; and a login of one
// Mentorbook database cannot connect to another on the same server.
func TestRoleCoordinator(t *testing.T) {
	sc := newSchool(t)
	db := sc.as(t, sc.coordinator)
	who := "coordinator"
	wantRows(t, db, who, `SELECT notes FROM meetings ORDER BY id`, "T secret", "C secret", "P secret", "P open", "earlier")
	wantRows(t, db, who, `SELECT id || ' ' || notes FROM meeting_notes_shown ORDER BY id`, "1 T secret", "2 C secret", "3 P secret", "4 P open", "5 earlier")
	wantRows(t, db, who, `SELECT count(*)::text FROM audit`, "5") // the seed's line, and user add's four
	wantRows(t, db, who, `SELECT filename FROM consent_documents`, "form.pdf")
	wantChanged(t, db, who, 1, `UPDATE settings SET value = '14' WHERE key = 'alert_days'`)
	wantChanged(t, db, who, 1, `INSERT INTO meetings (pairing_id, at, minutes, kind, status, recorded_by, recorded_at) VALUES (3, '2025-10-01 12:00', 30, 'one-to-one', 'held', current_user, 'x')`)
	wantChanged(t, db, who, 1, `DELETE FROM students WHERE id = 4`)

	other := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(t.Context(), other); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{sc.coordinator, sc.tanaka} {
		if err := openPG(t, pgtest.As(other, login)).Ping(); !refused(err) {
			t.Errorf("%s connecting to another school's database: %v, want the server's refusal", login, err)
		}
	}
}

// TestUsers: user add, list and remove, and what each refuses. A removed
// mentor's open session sees no student from its next statement on, and
// the login can no longer connect.
func TestUsers(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	users, err := data.Users(ctx, sc.url)
	if err != nil {
		t.Fatal(err)
	}
	want := []data.User{
		{Login: sc.coordinator, Role: "coordinator"}, {Login: sc.reader, Role: "reader"},
		{Login: sc.priya, Role: "mentor", MentorName: "Priya Shah", MentorEmail: "Priya@Example.org"},
		{Login: sc.tanaka, Role: "mentor", MentorName: "Mr Tanaka", MentorEmail: "tanaka@school.example"},
	}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("Users = %+v\nwant %+v", users, want)
	}

	for _, c := range []struct {
		login, role, mentor string
		code, field         string
	}{
		{"Ann", "mentor", "other@school.example", data.EINVALID, "login"},
		{"pg_ann", "reader", "", data.EINVALID, "login"},
		{"ann", "head", "", data.EINVALID, "role"},
		{"ann", "mentor", "", data.EINVALID, "mentor"},
		{"ann", "reader", "other@school.example", data.EINVALID, "mentor"},
		{"ann", "mentor", "nobody@school.example", data.ENOTFOUND, ""},
		{"ann", "mentor", "tanaka@school.example", data.ECONFLICT, ""}, // Tanaka has a login
		{sc.tanaka, "coordinator", "", data.ECONFLICT, ""},             // one role per login
		{pgtest.Superuser, "reader", "", data.EINVALID, "login"},       // RLS would not bind it
	} {
		_, err := data.AddUser(ctx, sc.url, c.login, c.role, c.mentor)
		if data.ErrorCode(err) != c.code || data.ErrorField(err) != c.field {
			t.Errorf("AddUser(%q, %q, %q) = %v (%s, field %q), want %s, field %q", c.login, c.role, c.mentor, err,
				data.ErrorCode(err), data.ErrorField(err), c.code, c.field)
		}
	}
	if again, _ := data.Users(ctx, sc.url); !reflect.DeepEqual(again, want) {
		t.Errorf("after the refusals, Users = %+v, want it unchanged", again)
	}

	session := sc.as(t, sc.tanaka)
	wantRows(t, session, "mentor", `SELECT school_id FROM students ORDER BY id`, "S1", "S2")
	kept, err := data.RemoveUser(ctx, sc.url, sc.tanaka)
	if err != nil || kept {
		t.Fatalf("RemoveUser = %v, %v, want the login dropped", kept, err)
	}
	// The open session: no privilege left (the login is dropped), or, had
	// it been kept, no student (it is no mentor's any more).
	if got, err := strs(session, `SELECT school_id FROM students`); len(got) > 0 || err != nil && !refused(err) {
		t.Errorf("the removed mentor's open session reads students: %q, %v", got, err)
	}
	if err := openPG(t, pgtest.As(sc.url, sc.tanaka)).Ping(); err == nil {
		t.Error("the removed login still connects")
	}
	if _, err := data.RemoveUser(ctx, sc.url, sc.tanaka); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("RemoveUser again = %v, want ENOTFOUND", err)
	}
	owner := openPG(t, sc.url)
	wantRows(t, owner, "owner", `SELECT count(*)::text FROM mentors WHERE login IS NOT NULL`, "1")
	wantRows(t, owner, "owner", `SELECT action || ' ' || detail FROM audit WHERE entity = 'login' ORDER BY id DESC LIMIT 1`, "delete "+sc.tanaka+" as mentor")

	// A login another database also grants stays on the server, with no
	// access here; added again, it is Tanaka's once more.
	other := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, other); err != nil {
		t.Fatal(err)
	}
	if created, err := data.AddUser(ctx, other, sc.reader, "reader", ""); err != nil || created {
		t.Fatalf("AddUser(an existing login) = %v, %v, want it taken as it is", created, err)
	}
	if kept, err := data.RemoveUser(ctx, sc.url, sc.reader); err != nil || !kept {
		t.Errorf("RemoveUser(a login of two databases) = %v, %v, want it kept", kept, err)
	}
	if err := openPG(t, pgtest.As(sc.url, sc.reader)).Ping(); !refused(err) {
		t.Errorf("the removed reader connecting: %v, want the server's refusal", err)
	}
	if err := openPG(t, pgtest.As(other, sc.reader)).Ping(); err != nil {
		t.Errorf("the reader connecting to the other database: %v", err)
	}
	if _, err := data.AddUser(ctx, sc.url, sc.tanaka, "mentor", "TANAKA@school.example"); err != nil {
		t.Fatal(err)
	}
	wantRows(t, sc.as(t, sc.tanaka), "mentor added again", `SELECT school_id FROM students ORDER BY id`, "S1", "S2")
}

// TestRolesIdempotent: server init run again gives the same grants and
// policies and identity, and keeps the logins; a database whose policies were changed
// by hand gets this program's back.
func TestRolesIdempotent(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	owner := openPG(t, sc.url)
	rules := func() string {
		t.Helper()
		var out []string
		for _, q := range []string{
			`SELECT tablename || ' ' || policyname || ' ' || cmd || ' ' || array_to_string(roles, ',') || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
				FROM pg_policies WHERE schemaname = current_schema() ORDER BY 1`,
			`SELECT grantee || ' ' || table_name || ' ' || privilege_type FROM information_schema.role_table_grants
				WHERE table_schema = current_schema() AND grantee LIKE 'mentorbook_%' ORDER BY 1`,
			`SELECT grantee || ' ' || table_name || '.' || column_name || ' ' || privilege_type FROM information_schema.column_privileges
				WHERE table_schema = current_schema() AND grantee LIKE 'mentorbook_%' ORDER BY 1`,
			`SELECT relname || ' ' || relrowsecurity FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY 1`,
		} {
			rows, err := strs(owner, q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out = append(out, rows...)
		}
		return strings.Join(out, "\n")
	}
	identity := func() []string {
		t.Helper()
		id, err := strs(owner, `SELECT value FROM settings WHERE key = 'database_id'`)
		if err != nil || len(id) != 1 {
			t.Fatalf("the identity server init gives: %q, %v", id, err)
		}
		return id
	}
	before, id := rules(), identity()
	if !strings.Contains(before, "meetings mentor_log INSERT {mentorbook_mentor}") && !strings.Contains(before, "meetings mentor_log INSERT mentorbook_mentor") {
		t.Fatalf("no mentor_log policy in:\n%s", before)
	}
	mustExec(t, owner, `DROP POLICY mentor_log ON meetings; CREATE POLICY mentor_log ON meetings FOR INSERT TO mentorbook_mentor WITH CHECK (true);
		GRANT SELECT ON audit TO mentorbook_mentor`)
	if from, to, err := data.InitPostgres(ctx, sc.url); err != nil || from != to {
		t.Fatalf("InitPostgres again = %d, %d, %v", from, to, err)
	}
	if after := rules(); after != before {
		t.Errorf("server init again changed the rules:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if again := identity(); !reflect.DeepEqual(again, id) {
		t.Errorf("server init again changed the identity from %q to %q", id, again)
	}
	db := sc.as(t, sc.tanaka)
	wantRows(t, db, "mentor", `SELECT school_id FROM students ORDER BY id`, "S1", "S2")
	wantRefused(t, db, "mentor", `SELECT id FROM audit`)
}

// TestRolesNeedServer: on a database file the user commands say, in one
// sentence, that roles exist only on a server, and touch no file.
func TestRolesNeedServer(t *testing.T) {
	ctx := t.Context()
	path := t.TempDir() + "/school.db"
	_, listErr := data.Users(ctx, path)
	_, removeErr := data.RemoveUser(ctx, path, "ann")
	_, addErr := data.AddUser(ctx, path, "ann", "reader", "")
	for _, err := range []error{addErr, listErr, removeErr} {
		if !errors.Is(err, data.ErrRolesOnServer) || !strings.HasPrefix(data.ErrorMessage(err), "Logins and roles exist only on a shared PostgreSQL database") {
			t.Errorf("on a file: %v, want ErrRolesOnServer", err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the user commands made %s (%v)", path, err)
	}
}

// BenchmarkRoles10k: what row-level security costs, at 10,000 students
// (one pairing and five meetings each, 300 mentors): the same plain SQL
// of three screens run as the tables' owner (no policies), a coordinator,
// a reader and a mentor (its 33 students).
func BenchmarkRoles10k(b *testing.B) {
	ctx := b.Context()
	url := pgtest.NewDatabase(b)
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		b.Fatal(err)
	}
	owner, err := sql.Open("pgx", url)
	if err != nil {
		b.Fatal(err)
	}
	defer owner.Close()
	if _, err := owner.Exec(`
		INSERT INTO mentors (id, name, email, created_at) SELECT i, 'Mentor ' || i, 'm' || i || '@school.example', 'x' FROM generate_series(1, 300) i;
		INSERT INTO students (id, school_id, given_name, family_name, search_key, created_at, updated_at)
			SELECT i, 'S' || i, 'Given' || i, 'Family' || (i * 7919 % 10000), '', 'x', 'x' FROM generate_series(1, 10000) i;
		INSERT INTO pairings (id, student_id, mentor_id, start_on, planned_end, status, created_at)
			SELECT i, i, 1 + i % 300, '2025-09-01', '2026-07-01', 'active', 'x' FROM generate_series(1, 10000) i;
		INSERT INTO meetings (pairing_id, at, minutes, kind, status, notes, notes_confidential, recorded_by, recorded_at)
			SELECT 1 + i % 10000, '2025-' || lpad((1 + i % 12)::text, 2, '0') || '-10 12:00', 30, 'one-to-one', 'held', 'n' || i, i % 2, 'bench_m1', 'x'
			FROM generate_series(1, 50000) i;
		ANALYZE`); err != nil {
		b.Fatal(err)
	}
	logins := map[string]string{"coordinator": newLogin("bench_c"), "reader": newLogin("bench_r"), "mentor": newLogin("bench_m")}
	for role, login := range logins {
		email := ""
		if role == "mentor" {
			email = "m1@school.example"
		}
		if _, err := data.AddUser(ctx, url, login, role, email); err != nil {
			b.Fatal(err)
		}
	}
	queries := []struct{ name, sql string }{
		{"students", `SELECT id, school_id, given_name, family_name FROM students ORDER BY lower(family_name), lower(given_name), id LIMIT 100`},
		{"meetings", `SELECT id, pairing_id, at FROM meetings ORDER BY at DESC, id DESC LIMIT 100`},
		// As the store would read a window's confidential text: by id.
		{"notes", `SELECT id, notes FROM meeting_notes_shown WHERE id = ANY (ARRAY(SELECT id FROM meetings WHERE pairing_id = 300))`},
		// Joined, the view is computed whole first (security_barrier keeps
		// the join's condition out of it): the way not to read it.
		{"notes joined", `SELECT m.id, n.notes FROM meetings m JOIN meeting_notes_shown n ON n.id = m.id WHERE m.pairing_id = 300`},
	}
	for _, who := range []string{"owner", "coordinator", "reader", "mentor"} {
		db := owner
		if who != "owner" {
			if db, err = sql.Open("pgx", pgtest.As(url, logins[who])); err != nil {
				b.Fatal(err)
			}
			defer db.Close()
		}
		for _, q := range queries {
			b.Run(who+"/"+q.name, func(b *testing.B) {
				rows := 0
				for b.Loop() {
					r, err := db.Query(q.sql)
					if err != nil {
						b.Fatal(err)
					}
					for rows = 0; r.Next(); rows++ {
					}
					if err := r.Err(); err != nil {
						b.Fatal(err)
					}
					r.Close()
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}

// TestRolesOwnerNotSuperuser: as a school's IT would set it up, the
// database belongs to a login that may create roles but is no superuser;
// it runs server init and user add, and the rules hold as they do under
// a superuser's tables. Its own membership is refused as a user.
func TestRolesOwnerNotSuperuser(t *testing.T) {
	ctx := t.Context()
	url := pgtest.NewDatabase(t)
	owner := newLogin("owner")
	admin := openPG(t, url)
	var database string
	if err := admin.QueryRow(`SELECT current_database()`).Scan(&database); err != nil {
		t.Fatal(err)
	}
	mustExec(t, admin, fmt.Sprintf(`CREATE ROLE %[1]s LOGIN CREATEROLE; ALTER DATABASE %[2]s OWNER TO %[1]s`, owner, database))
	ownerURL := pgtest.As(url, owner)
	if from, to, err := data.InitPostgres(ctx, ownerURL); err != nil || from != 0 || to != data.SchemaVersion() {
		t.Fatalf("InitPostgres as a non-superuser owner = %d, %d, %v", from, to, err)
	}
	mustExec(t, openPG(t, ownerURL), `INSERT INTO mentors (id, name, email, created_at) VALUES (1, 'Mr Tanaka', 'tanaka@school.example', 'x'), (2, 'Ms Other', 'o@school.example', 'x');
		INSERT INTO students (id, school_id, given_name, created_at, updated_at) VALUES (1, 'S1', 'Zoë', 'x', 'x'), (2, 'S2', 'Dan', 'x', 'x');
		INSERT INTO pairings (student_id, mentor_id, start_on, planned_end, status, created_at) VALUES (1, 1, '2025-09-01', '2026-07-01', 'active', 'x'), (2, 2, '2025-09-01', '2026-07-01', 'active', 'x')`)
	tanaka := newLogin("tanaka")
	if _, err := data.AddUser(ctx, ownerURL, tanaka, "mentor", "tanaka@school.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := data.AddUser(ctx, ownerURL, owner, "coordinator", ""); data.ErrorField(err) != "login" {
		t.Errorf("AddUser(the tables' owner) = %v, want it refused", err)
	}
	db := openPG(t, pgtest.As(url, tanaka))
	wantRows(t, db, "mentor", `SELECT school_id FROM students`, "S1")
	wantRefused(t, db, "mentor", `UPDATE settings SET value = 'x'`)
	if kept, err := data.RemoveUser(ctx, ownerURL, tanaka); err != nil || kept {
		t.Errorf("RemoveUser as the owner = %v, %v", kept, err)
	}
	// A coordinator, without CREATEROLE, adds and removes a login with
	// the owner's.
	coordinator := newLogin("coord")
	if _, err := data.AddUser(ctx, ownerURL, coordinator, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	if created, err := data.AddUser(ctx, pgtest.As(url, coordinator), tanaka, "mentor", "tanaka@school.example"); err != nil || !created {
		t.Fatalf("AddUser by a coordinator of a non-superuser owner = %v, %v", created, err)
	}
	wantRows(t, openPG(t, pgtest.As(url, tanaka)), "mentor", `SELECT school_id FROM students`, "S1")
	if kept, err := data.RemoveUser(ctx, pgtest.As(url, coordinator), tanaka); err != nil || kept {
		t.Errorf("RemoveUser by a coordinator of a non-superuser owner = %v, %v", kept, err)
	}
}

// TestLoginsByCoordinator: a coordinator adds and removes logins (user
// add and remove, Settings ▸ Logins) through roles.sql's functions, which
// lend it the owner's right to create roles without giving it that right;
// called from psql, those functions refuse what user add would refuse, and
// a mentor or reader may not call them at all.
func TestLoginsByCoordinator(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	coordURL := pgtest.As(sc.url, sc.coordinator)
	ann := newLogin("ann")
	if created, err := data.AddUser(ctx, coordURL, ann, "mentor", "other@school.example"); err != nil || !created {
		t.Fatalf("AddUser by a coordinator = %v, %v, want a new login", created, err)
	}
	wantRows(t, sc.as(t, ann), "the mentor a coordinator added", `SELECT pg_has_role('mentorbook_mentor', 'MEMBER')::text`, "true")
	wantRows(t, openPG(t, sc.url), "owner", `SELECT username || ' ' || action || ' ' || detail FROM audit WHERE entity = 'login' ORDER BY id DESC LIMIT 1`,
		sc.coordinator+" create "+ann+" as mentor")
	if _, err := data.RemoveUser(ctx, coordURL, sc.coordinator); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a coordinator removing its own login = %v, want ECONFLICT", err)
	}
	if kept, err := data.RemoveUser(ctx, coordURL, ann); err != nil || kept {
		t.Errorf("RemoveUser by a coordinator = %v, %v, want the login dropped", kept, err)
	}
	if err := openPG(t, pgtest.As(sc.url, ann)).Ping(); err == nil {
		t.Error("the login a coordinator removed still connects")
	}

	// From psql, what user add and remove would refuse.
	plain := newLogin("plain")
	mustExec(t, openPG(t, sc.url), `CREATE ROLE `+plain+` LOGIN`)
	coord := sc.as(t, sc.coordinator)
	for _, q := range []string{
		`SELECT mentorbook_add_login('` + pgtest.Superuser + `', 'mentorbook_reader')`, // the rules would not bind it
		`SELECT mentorbook_add_login('pg_monitor', 'mentorbook_reader')`,               // PostgreSQL's own
		`SELECT mentorbook_add_login('` + plain + `', 'pg_read_all_data')`,             // not one of Mentorbook's roles
		`SELECT mentorbook_add_login('Eve"; DROP TABLE students; --', 'mentorbook_reader')`,
		`SELECT mentorbook_remove_login('` + pgtest.Superuser + `')`,
		`SELECT mentorbook_remove_login('` + plain + `')`, // a login of no Mentorbook role
	} {
		if _, err := coord.Exec(q); err == nil {
			t.Errorf("coordinator: %s was carried out, want it refused", q)
		}
	}
	wantRows(t, openPG(t, sc.url), "owner", `SELECT coalesce(string_agg(g.rolname, ','), 'none') FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
		JOIN pg_roles r ON r.oid = a.member WHERE r.rolname IN ('`+plain+`', '`+pgtest.Superuser+`')`, "none")
	wantRows(t, openPG(t, sc.url), "owner", `SELECT count(*)::text FROM pg_roles WHERE rolname = '`+plain+`'`, "1")
	for _, login := range []string{sc.tanaka, sc.reader} {
		wantRefused(t, sc.as(t, login), login, `SELECT mentorbook_add_login('eve', 'mentorbook_coordinator')`)
		wantRefused(t, sc.as(t, login), login, `SELECT mentorbook_remove_login($1)`, sc.coordinator)
	}
}

// TestRolesConcurrent: 20 mentor logins and a coordinator log meetings at
// once, each mentor on its own connection for its own pairing, reading
// back as it goes: none is lost or doubled, and no mentor ever sees a
// meeting of another's student. Plain SQL; the store's own concurrency
// test comes with the store on PostgreSQL.
func TestRolesConcurrent(t *testing.T) {
	ctx := t.Context()
	const mentors, each = 20, 25
	url := pgtest.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		t.Fatal(err)
	}
	mustExec(t, openPG(t, url), fmt.Sprintf(`
		INSERT INTO mentors (id, name, email, created_at) SELECT i, 'Mentor ' || i, 'm' || i || '@school.example', 'x' FROM generate_series(1, %[1]d) i;
		INSERT INTO students (id, school_id, given_name, created_at, updated_at) SELECT i, 'S' || i, 'Given' || i, 'x', 'x' FROM generate_series(1, %[1]d) i;
		INSERT INTO pairings (id, student_id, mentor_id, start_on, planned_end, status, created_at)
			SELECT i, i, i, '2025-09-01', '2026-07-01', 'active', 'x' FROM generate_series(1, %[1]d) i`, mentors))
	coordinator := newLogin("coord")
	if _, err := data.AddUser(ctx, url, coordinator, "coordinator", ""); err != nil {
		t.Fatal(err)
	}
	logins := make([]string, mentors+1)
	for i := 1; i <= mentors; i++ {
		logins[i] = newLogin("mentor")
		if _, err := data.AddUser(ctx, url, logins[i], "mentor", fmt.Sprintf("m%d@school.example", i)); err != nil {
			t.Fatal(err)
		}
	}
	const insert = `INSERT INTO meetings (pairing_id, at, minutes, kind, status, notes, notes_confidential, recorded_by, recorded_at)
		VALUES ($1, $2, 30, 'one-to-one', 'held', 'by ' || current_user, 1, current_user, 'x')`
	errs := make(chan error, mentors+1)
	for i := 1; i <= mentors; i++ {
		go func() {
			db, err := sql.Open("pgx", pgtest.As(url, logins[i]))
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			for n := range each {
				if _, err := db.Exec(insert, i, fmt.Sprintf("2025-10-%02d 12:00", 1+n)); err != nil {
					errs <- fmt.Errorf("%s logging meeting %d: %w", logins[i], n, err)
					return
				}
				seen, err := strs(db, `SELECT DISTINCT pairing_id::text FROM meetings`)
				if err != nil || len(seen) != 1 || seen[0] != fmt.Sprint(i) {
					errs <- fmt.Errorf("%s sees the meetings of pairings %q (%v), want only its own %d", logins[i], seen, err, i)
					return
				}
				// Its own confidential notes, and '' for the coordinator's.
				notes, err := strs(db, `SELECT DISTINCT notes FROM meeting_notes_shown WHERE notes NOT IN ('', 'by ' || current_user)`)
				if err != nil || len(notes) > 0 {
					errs <- fmt.Errorf("%s reads the notes %q (%v), want only its own", logins[i], notes, err)
					return
				}
			}
			errs <- nil
		}()
	}
	go func() {
		db, err := sql.Open("pgx", pgtest.As(url, coordinator))
		if err != nil {
			errs <- err
			return
		}
		defer db.Close()
		for n := range each {
			if _, err := db.Exec(insert, 1+n%mentors, fmt.Sprintf("2025-11-%02d 12:00", 1+n)); err != nil {
				errs <- fmt.Errorf("the coordinator logging meeting %d: %w", n, err)
				return
			}
		}
		errs <- nil
	}()
	for range mentors + 1 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	owner := openPG(t, url)
	wantRows(t, owner, "owner", `SELECT count(*) || ' ' || count(DISTINCT (pairing_id, at, recorded_by)) FROM meetings`,
		fmt.Sprintf("%d %d", (mentors+1)*each, (mentors+1)*each))
	wantRows(t, owner, "owner", `SELECT count(*)::text FROM meetings m JOIN pairings p ON p.id = m.pairing_id
		JOIN mentors r ON r.id = p.mentor_id WHERE m.recorded_by <> r.login AND m.recorded_by <> '`+coordinator+`'`, "0")
}

// TestRoleRefusalInPlainWords: what the server refuses to a login's role
// reaches a person, through the store, as one plain sentence, not as an
// internal error.
func TestRoleRefusalInPlainWords(t *testing.T) {
	ctx := t.Context()
	sc := newSchool(t)
	// The reader is the first to open it: server init gave the database
	// its identity, which the reader could not write.
	s, err := data.Open(pgtest.As(sc.url, sc.reader))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Update(ctx, func(tx *data.Tx) error { return tx.SaveDateFormat(data.DateFormats[len(data.DateFormats)-1]) })
	if !strings.HasPrefix(data.ErrorMessage(err), "The school's server does not let your login do this") {
		t.Errorf("a reader saving a setting through the store: %v, shown as %q", err, data.ErrorMessage(err))
	}
	var format data.DateFormat
	if err := s.View(ctx, func(tx *data.Tx) (err error) { format, err = tx.DateFormat(); return }); err != nil || format != data.DateISO {
		t.Errorf("after the refusal the date format is %q, %v, want it unchanged", format, err)
	}
}

// TestRolesOwnerCannotCreateRoles: an owner without CREATEROLE can run
// server init once the group roles exist (another database's init made
// them), but user add then says in plain words what the login lacks,
// and nothing is changed.
func TestRolesOwnerCannotCreateRoles(t *testing.T) {
	ctx := t.Context()
	if _, _, err := data.InitPostgres(ctx, pgtest.NewDatabase(t)); err != nil { // the group roles exist
		t.Fatal(err)
	}
	url := pgtest.NewDatabase(t)
	owner := newLogin("plainowner")
	admin := openPG(t, url)
	var database string
	if err := admin.QueryRow(`SELECT current_database()`).Scan(&database); err != nil {
		t.Fatal(err)
	}
	mustExec(t, admin, fmt.Sprintf(`CREATE ROLE %[1]s LOGIN; ALTER DATABASE %[2]s OWNER TO %[1]s`, owner, database))
	ownerURL := pgtest.As(url, owner)
	if _, _, err := data.InitPostgres(ctx, ownerURL); err != nil {
		t.Fatalf("InitPostgres by an owner without CREATEROLE, the roles made = %v", err)
	}
	_, err := data.AddUser(ctx, ownerURL, newLogin("head"), "reader", "")
	if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, "The server does not let this login add logins") || !strings.Contains(msg, "CREATEROLE") {
		t.Errorf("AddUser by an owner without CREATEROLE = %q", msg)
	}
	if users, err := data.Users(ctx, ownerURL); err != nil || len(users) != 0 {
		t.Errorf("after the refusal, Users = %v, %v, want none", users, err)
	}
}

// TestSetPassword: a coordinator gives a teacher's login its password
// from the window or a command, as psql's \password would: the login then
// connects over TCP with it, where the server asks every login for one,
// and not with another; the audit log says so without the password. It
// is refused for a password too short, for a login with more rights than
// a teacher's (created with CREATEDB, the superuser, owning a table of
// another program's) or of another database, for anything but a SCRAM verifier from psql, and to a mentor.
func TestSetPassword(t *testing.T) {
	ctx := t.Context()
	c, err := pgtest.Loopback()
	if err != nil {
		t.Fatal(err)
	}
	url := c.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, url); err != nil {
		t.Fatal(err)
	}
	coordinator, reader, mentor, admin := newLogin("coord"), newLogin("head"), newLogin("mentor"), newLogin("itadmin")
	owner := openPG(t, url)
	mustExec(t, owner, `INSERT INTO mentors (id, name, email, created_at) VALUES (1, 'Mr Tanaka', 'tanaka@school.example', 'x');
		CREATE ROLE `+admin+` LOGIN CREATEDB`)
	for _, u := range []struct{ login, role, mentor string }{
		{coordinator, "coordinator", ""}, {reader, "reader", ""}, {mentor, "mentor", "tanaka@school.example"}, {admin, "reader", ""},
	} {
		if _, err := data.AddUser(ctx, url, u.login, u.role, u.mentor); err != nil {
			t.Fatal(err)
		}
	}
	coordURL := pgtest.As(url, coordinator)
	tcp := func(login, password string) error {
		db, err := sql.Open("pgx", loginURL(c.LoopbackURL(url), login, password))
		if err == nil {
			defer db.Close()
			err = db.Ping()
		}
		return err
	}
	if err := data.SetPassword(ctx, coordURL, reader, "the head's own words"); err != nil {
		t.Fatalf("a coordinator setting a reader's password: %v (%s)", err, data.ErrorMessage(err))
	}
	if err := tcp(reader, "the head's own words"); err != nil {
		t.Errorf("the reader connecting with the password set: %v", err)
	}
	if err := tcp(reader, "something else"); err == nil {
		t.Error("the reader connects with another password")
	}
	wantRows(t, owner, "owner", `SELECT username || ' ' || action || ' ' || detail FROM audit WHERE entity = 'login' ORDER BY id DESC LIMIT 1`,
		coordinator+" update "+reader+": password set")

	if err := data.SetPassword(ctx, coordURL, reader, "short"); data.ErrorField(err) != "password" {
		t.Errorf("a password of 5 characters = %v, want it refused on the password field", err)
	}
	other := c.NewDatabase(t)
	if _, _, err := data.InitPostgres(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := data.AddUser(ctx, other, reader, "reader", ""); err != nil {
		t.Fatal(err)
	}
	// A login of another program's, which owns a table in its database.
	program := newLogin("program")
	mustExec(t, openPG(t, other), `CREATE ROLE `+program+` LOGIN; CREATE TABLE program_data (x int); ALTER TABLE program_data OWNER TO `+program)
	if _, err := data.AddUser(ctx, url, program, "reader", ""); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{admin, pgtest.Superuser, program, reader} { // more rights; the superuser; owning elsewhere; now another school's too
		if err := data.SetPassword(ctx, coordURL, login, "a long enough password"); err == nil || data.ErrorCode(err) == data.EINTERNAL {
			t.Errorf("a coordinator setting %s's password = %v, want it refused in plain words", login, err)
		}
	}
	if err := tcp(reader, "the head's own words"); err != nil {
		t.Errorf("after the refusals the reader's password changed: %v", err)
	}
	if err := data.SetPassword(ctx, pgtest.As(url, mentor), reader, "a long enough password"); err == nil {
		t.Error("a mentor set a reader's password")
	}
	coord := openPG(t, coordURL)
	if _, err := coord.Exec(`SELECT mentorbook_set_password($1, 'in clear words')`, mentor); err == nil {
		t.Error("mentorbook_set_password took a password in clear words")
	}
	// Removed, a login with more rights than a teacher's stays IT's.
	for _, login := range []string{admin, program} {
		if kept, err := data.RemoveUser(ctx, coordURL, login); err != nil || !kept {
			t.Errorf("RemoveUser(%s) = %v, %v, want it kept on the server", login, kept, err)
		}
	}
}
