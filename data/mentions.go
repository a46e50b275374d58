package data

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mention is a place in another student's records where a student about
// to be erased is named: a meeting's notes ("worked with Zoë Okafor on…"),
// a follow-up, a check-in. Erasure removes the student's own records; it
// cannot know whether such a sentence should go, so it offers each, shown
// in context, and redacts those the coordinator chooses.
type Mention struct {
	Field   string // what holds the text, in words: "meeting notes"
	Of      string // whose record it is, and which: "José García, meeting of 2026-03-02"
	Context string // the text around the name, "…" where it is cut
	ID      int64  // the record's ID
	field   int    // index in mentionFields
}

// Redacted replaces a student's name in another record's text.
const Redacted = "[name removed]"

// mentionFields are the free-text fields of other students' records
// searched for a name. Each query selects the record's ID, the text, the
// student's name and what else tells the record apart; ?1 is the student
// being erased, whose own records go anyway.
var mentionFields = []struct {
	field, table, column, query string
}{
	{"meeting notes", "meetings", "notes", `SELECT m.id, m.notes, s.given_name || ' ' || s.family_name, 'meeting of ' || substr(m.at, 1, 10)
		FROM meetings m JOIN pairings p ON p.id = m.pairing_id JOIN students s ON s.id = p.student_id WHERE p.student_id <> ?1`},
	{"follow-up actions", "meetings", "follow_up", `SELECT m.id, m.follow_up, s.given_name || ' ' || s.family_name, 'meeting of ' || substr(m.at, 1, 10)
		FROM meetings m JOIN pairings p ON p.id = m.pairing_id JOIN students s ON s.id = p.student_id WHERE p.student_id <> ?1`},
	{"check-in notes", "checkins", "notes", `SELECT c.id, c.notes, s.given_name || ' ' || s.family_name, 'check-in of ' || c.on_date
		FROM checkins c JOIN pairings p ON p.id = c.pairing_id JOIN students s ON s.id = p.student_id WHERE p.student_id <> ?1`},
	{"goal progress comment", "goal_progress", "comment", `SELECT gp.id, gp.comment, s.given_name || ' ' || s.family_name, 'goal "' || g.title || '", ' || gp.on_date
		FROM goal_progress gp JOIN goals g ON g.id = gp.goal_id JOIN students s ON s.id = g.student_id WHERE g.student_id <> ?1`},
	{"goal description", "goals", "description", `SELECT g.id, g.description, s.given_name || ' ' || s.family_name, 'goal "' || g.title || '"'
		FROM goals g JOIN students s ON s.id = g.student_id WHERE g.student_id <> ?1`},
	{"closing note", "pairings", "closing_note", `SELECT p.id, p.closing_note, s.given_name || ' ' || s.family_name, 'pairing with ' || mt.name
		FROM pairings p JOIN students s ON s.id = p.student_id JOIN mentors mt ON mt.id = p.mentor_id WHERE p.student_id <> ?1`},
	{"term comment", "term_comments", "comment", `SELECT tc.id, tc.comment, s.given_name || ' ' || s.family_name, 'term comment for ' || t.name
		FROM term_comments tc JOIN pairings p ON p.id = tc.pairing_id JOIN students s ON s.id = p.student_id JOIN terms t ON t.id = tc.term_id
		WHERE p.student_id <> ?1`},
	{"notes on needs", "students", "needs", `SELECT s.id, s.needs, s.given_name || ' ' || s.family_name, 'student record'
		FROM students s WHERE s.id <> ?1`},
	{"consent notes", "consents", "notes", `SELECT c.id, c.notes, s.given_name || ' ' || s.family_name, c.kind || ' consent'
		FROM consents c JOIN students s ON s.id = c.student_id WHERE c.student_id <> ?1`},
}

// Mentions finds the student's names and school ID in the free text of
// other students' records (see Mention), in the order of mentionFields and
// then of the records.
func (tx *Tx) Mentions(studentID int64) ([]Mention, error) {
	st, err := tx.Student(studentID)
	if err != nil {
		return nil, err
	}
	words := nameWords(st)
	if len(words) == 0 {
		return nil, nil
	}
	// The database narrows the rows (lower() folds ASCII letters only, in
	// SQLite and in PostgreSQL's COLLATE "C" columns); Go then finds whole
	// words in any case. A word that holds another ("Zoë Okafor", "Zoë")
	// needs no search of its own.
	var filter []string
	args := []any{studentID}
	for _, w := range words {
		if containsAnother(w, words) {
			continue
		}
		args = append(args, likeContainsASCII(w))
		filter = append(filter, "lower({column}) LIKE ?"+strconv.Itoa(len(args))+` ESCAPE '\'`)
	}
	var out []Mention
	for i, f := range mentionFields {
		cond := strings.ReplaceAll(strings.Join(filter, " OR "), "{column}", f.column)
		rows, err := tx.query(f.query+` AND (`+cond+`) ORDER BY 1`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var m Mention
			var text, who, which string
			if err := rows.Scan(&m.ID, &text, &who, &which); err != nil {
				rows.Close()
				return nil, err
			}
			spans := nameSpans(text, words)
			if len(spans) == 0 {
				continue // the name inside another word: "Ann" in "Annual"
			}
			m.Field, m.Of, m.Context, m.field = f.field, strings.TrimSpace(who)+", "+which, around(text, spans[0]), i
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// containsAnother reports whether w holds another of words, ignoring case.
func containsAnother(w string, words []string) bool {
	for _, o := range words {
		if len(o) < len(w) && strings.Contains(strings.ToLower(w), strings.ToLower(o)) {
			return true
		}
	}
	return false
}

// redact replaces the student's names in the text that m points at.
func (tx *Tx) redact(m Mention, words []string) error {
	if m.field < 0 || m.field >= len(mentionFields) {
		return Errorf(EINVALID, "That mention is not one Mentorbook found.")
	}
	f := mentionFields[m.field]
	var text string
	err := tx.queryRow(`SELECT `+f.column+` FROM `+f.table+` WHERE id = ?`, m.ID).Scan(&text)
	if err != nil {
		return err // gone meanwhile: sql.ErrNoRows
	}
	spans := nameSpans(text, words)
	if len(spans) == 0 {
		return nil
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		b.WriteString(text[last:s[0]])
		b.WriteString(Redacted)
		last = s[1]
	}
	b.WriteString(text[last:])
	_, err = tx.exec(`UPDATE `+f.table+` SET `+f.column+` = ? WHERE id = ?`, b.String(), m.ID)
	return err
}

// nameSpans finds each whole-word occurrence of any of words in text,
// ignoring case, as byte ranges in order; where two overlap ("Zoë Okafor"
// and "Zoë"), the longer wins.
func nameSpans(text string, words []string) [][2]int {
	sorted := append([]string(nil), words...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	var spans [][2]int
	for i := 0; i < len(text); {
		n := 0
		if i == 0 || !isWordRune(lastRune(text[:i])) {
			for _, w := range sorted {
				if m, ok := foldPrefix(text[i:], w); ok && (i+m == len(text) || !isWordRune(firstRune(text[i+m:]))) {
					n = m
					break
				}
			}
		}
		if n > 0 {
			spans = append(spans, [2]int{i, i + n})
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return spans
}

// foldPrefix reports whether s begins with w, ignoring case, and how many
// bytes of s that takes.
func foldPrefix(s, w string) (int, bool) {
	n := 0
	for _, wr := range w {
		if n >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if r != wr && !strings.EqualFold(string(r), string(wr)) {
			return 0, false
		}
		n += size
	}
	return n, true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }

// around is the text around span, on one line: up to about 60 characters
// either side, cut at a space, "…" where cut.
func around(text string, span [2]int) string {
	const n = 60
	before, after := []rune(text[:span[0]]), []rune(text[span[1]:])
	pre, post := string(before), string(after)
	if len(before) > n {
		pre = string(before[len(before)-n:])
		if i := strings.IndexByte(pre, ' '); i >= 0 {
			pre = pre[i+1:]
		}
		pre = "…" + pre
	}
	if len(after) > n {
		post = string(after[:n])
		if i := strings.LastIndexByte(post, ' '); i >= 0 {
			post = post[:i]
		}
		post += "…"
	}
	return strings.Join(strings.Fields(pre+text[span[0]:span[1]]+post), " ")
}
