package data

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// EraseStudent removes every trace of a student from the database: their
// pairings with the meetings, check-ins and goal progress of those
// pairings, their goals, consents and scanned consent forms, their links to
// guardians, the guardians linked to no other student, and the details of
// audit lines about any of these or naming them. The student's names in
// other students' records are replaced by Redacted where redact points
// (see Tx.Mentions); the coordinator chooses which. What stays is one
// audit line, "erase student #id", without the name.
//
// SQLite's secure_delete (on for every connection of the store) zeroes the
// freed space in the pages this transaction writes; Store.EraseStudent
// then rewrites the whole file so that no free page or WAL frame still
// holds the name. Use Store.EraseStudent; this is its transaction.
func (tx *Tx) EraseStudent(id int64, redact ...Mention) error {
	st, err := tx.Student(id)
	if err != nil {
		return err
	}
	for _, m := range redact {
		if err := tx.redact(m, nameWords(st)); err != nil {
			return err
		}
	}
	// Guardians who will be linked to nobody once this student is gone.
	guardians, err := tx.ids(`SELECT guardian_id FROM student_guardians sg WHERE student_id = ?1
		AND NOT EXISTS (SELECT 1 FROM student_guardians o WHERE o.guardian_id = sg.guardian_id AND o.student_id <> ?1)`, id)
	if err != nil {
		return err
	}
	owned := []struct{ entity, which string }{
		{"student", `= ?1`},
		{"pairing", `IN (SELECT id FROM pairings WHERE student_id = ?1)`},
		{"meeting", `IN (SELECT m.id FROM meetings m JOIN pairings p ON p.id = m.pairing_id WHERE p.student_id = ?1)`},
		{"checkin", `IN (SELECT c.id FROM checkins c JOIN pairings p ON p.id = c.pairing_id WHERE p.student_id = ?1)`},
		{"goal", `IN (SELECT id FROM goals WHERE student_id = ?1)`},
		{"consent", `IN (SELECT id FROM consents WHERE student_id = ?1)`},
	}
	for _, o := range owned {
		if _, err := tx.exec(`UPDATE audit SET detail = '' WHERE entity = ?2 AND entity_id `+o.which, id, o.entity); err != nil {
			return err
		}
	}
	for _, g := range guardians {
		if _, err := tx.exec(`UPDATE audit SET detail = '' WHERE entity = 'guardian' AND entity_id = ?`, g); err != nil {
			return err
		}
	}
	// Lines about other records that name the student (a report printed
	// for a group, an export) lose their detail too.
	// lower() folds ASCII letters only, in SQLite and in PostgreSQL's
	// COLLATE "C" columns; the word is folded the same way.
	for _, word := range nameWords(st) {
		if _, err := tx.exec(`UPDATE audit SET detail = '' WHERE lower(detail) LIKE ? ESCAPE '\'`, likeContainsASCII(word)); err != nil {
			return err
		}
	}

	var counts []string
	steps := []struct{ what, query string }{
		{"consent document", `DELETE FROM consent_documents WHERE consent_id IN (SELECT id FROM consents WHERE student_id = ?1)`},
		{"consent", `DELETE FROM consents WHERE student_id = ?1`},
		{"progress record", `DELETE FROM goal_progress WHERE goal_id IN (SELECT id FROM goals WHERE student_id = ?1)
			OR meeting_id IN (SELECT m.id FROM meetings m JOIN pairings p ON p.id = m.pairing_id WHERE p.student_id = ?1)`},
		{"goal", `DELETE FROM goals WHERE student_id = ?1`},
		{"check-in", `DELETE FROM checkins WHERE pairing_id IN (SELECT id FROM pairings WHERE student_id = ?1)`},
		{"meeting", `DELETE FROM meetings WHERE pairing_id IN (SELECT id FROM pairings WHERE student_id = ?1)`},
		{"term comment", `DELETE FROM term_comments WHERE pairing_id IN (SELECT id FROM pairings WHERE student_id = ?1)`},
		{"pairing", `DELETE FROM pairings WHERE student_id = ?1`},
		{"guardian link", `DELETE FROM student_guardians WHERE student_id = ?1`},
	}
	for _, s := range steps {
		res, err := tx.exec(s.query, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			counts = append(counts, plural(int(n), s.what))
		}
	}
	for _, g := range guardians {
		if _, err := tx.exec(`DELETE FROM guardians WHERE id = ?`, g); err != nil {
			return err
		}
	}
	if len(guardians) > 0 {
		counts = append(counts, plural(len(guardians), "guardian"))
	}
	if _, err := tx.exec(`DELETE FROM students WHERE id = ?`, id); err != nil {
		return err
	}
	if len(redact) > 0 {
		counts = append(counts, plural(len(redact), "mention")+" of them in other records redacted")
	}
	detail := fmt.Sprintf("erase student #%d", id)
	if len(counts) > 0 {
		detail += " with " + strings.Join(counts, ", ")
	}
	return tx.Audit(ActErase, "student", id, detail)
}

// nameWords are the strings that identify a student in free text: the
// school ID, the roster's ID and the names. Words shorter than three
// characters would match too much else.
func nameWords(st *Student) []string {
	var out []string
	for _, w := range []string{st.SchoolID, st.SourceID, st.FullName(), st.DisplayName(),
		st.GivenName, st.FamilyName, st.PreferredName, st.Email} {
		if w = strings.TrimSpace(w); utf8.RuneCountInString(w) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

func (tx *Tx) ids(query string, args ...any) ([]int64, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// EraseStudent erases a student (see Tx.EraseStudent) and then rewrites the
// database file, so that nothing of them is left in a free page, the WAL,
// or the file's slack. Backups taken before stay as they are until
// rotation removes them; the GUI says so.
func (s *Store) EraseStudent(ctx context.Context, id int64, redact ...Mention) error {
	if err := s.Update(ctx, func(tx *Tx) error { return tx.EraseStudent(id, redact...) }); err != nil {
		return err
	}
	return s.Compact(ctx)
}

// Compact folds the WAL into the database file, rebuilds the file with
// VACUUM and truncates the WAL to nothing. It waits for readers to finish,
// up to about ten seconds. On PostgreSQL it does nothing: the server's
// files, WAL and backups are its administrator's to purge.
func (s *Store) Compact(ctx context.Context) error {
	if s.dialect == postgresDialect {
		return nil
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	checkpoint := func() error {
		for try := 0; ; try++ {
			var busy, frames, done int
			if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
				return err
			}
			if busy == 0 {
				return nil
			}
			if try == 50 {
				return fmt.Errorf("the database is busy; its log could not be cleared (it will be when Mentorbook closes)")
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if err := checkpoint(); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return diskErr(err)
	}
	return checkpoint()
}

// StudentsLeftBefore lists the students who left the school before day,
// longest gone first: the coordinator's list to review for erasure.
func (tx *Tx) StudentsLeftBefore(day Date) ([]Student, error) {
	rows, err := tx.query(`SELECT `+tx.studentCols()+` FROM students s WHERE active = 0 AND left_on < ?
		ORDER BY left_on, family_name, given_name, id`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Student
	for rows.Next() {
		st, err := scanStudent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *st)
	}
	return out, rows.Err()
}
