package data

import (
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// TermComment is the mentor's comment on a pairing for one term ("Aroha
// has grown in confidence; next term we will work on…"). It is shared, not
// confidential: the student summary of that term prints it, and the
// pairings export carries it. A pairing has at most one per term.
type TermComment struct {
	PairingID int64
	TermID    int64
	Comment   string    // "" when none has been written
	WrittenBy string    // who saved it last
	UpdatedAt time.Time // when; zero when none has been written
	Term      string    // the term's name, where read with it (an export)
}

// MaxTermComment is the longest term comment, in characters: about a third
// of a page, so that a summary stays within two pages.
const MaxTermComment = 1500

// TermComment returns the comment on the pairing for the term; one never
// written has an empty Comment.
func (tx *Tx) TermComment(pairingID, termID int64) (*TermComment, error) {
	c := &TermComment{PairingID: pairingID, TermID: termID}
	var at string
	err := tx.queryRow(`SELECT comment, written_by, updated_at FROM term_comments WHERE pairing_id = ? AND term_id = ?`,
		pairingID, termID).Scan(&c.Comment, &c.WrittenBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	c.UpdatedAt, _ = time.Parse(time.RFC3339, at)
	return c, nil
}

// termCommentsByPairing reads every term comment with its term's name, by
// pairing, each pairing's in term order: an export reads them at once.
func (tx *Tx) termCommentsByPairing() (map[int64][]TermComment, error) {
	rows, err := tx.query(`SELECT tc.pairing_id, tc.term_id, t.name, tc.comment FROM term_comments tc JOIN terms t ON t.id = tc.term_id
		ORDER BY tc.pairing_id, t.start_on`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]TermComment{}
	for rows.Next() {
		var c TermComment
		if err := rows.Scan(&c.PairingID, &c.TermID, &c.Term, &c.Comment); err != nil {
			return nil, err
		}
		out[c.PairingID] = append(out[c.PairingID], c)
	}
	return out, rows.Err()
}

// SaveTermComment writes the comment on the pairing for the term, or
// removes it when c.Comment is empty (or only spaces; spaces around it are
// trimmed), and audits the
// change as one to the pairing. The comment's text stays out of the audit
// log, as every note's does.
func (tx *Tx) SaveTermComment(c *TermComment) error {
	var v check
	v.note("term_comment", "Term comment", c.Comment)
	if n := utf8.RuneCountInString(c.Comment); n > MaxTermComment {
		v.fail("term_comment", "Term comment is too long (%d characters; the limit is %d, about a third of a page of the summary).", n, MaxTermComment)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := tx.Pairing(c.PairingID); err != nil {
		return err
	}
	var term string
	if err := tx.queryRow(`SELECT name FROM terms WHERE id = ?`, c.TermID).Scan(&term); err != nil {
		return notFound(err, "term")
	}
	if c.Comment = strings.TrimSpace(c.Comment); c.Comment == "" {
		res, err := tx.exec(`DELETE FROM term_comments WHERE pairing_id = ? AND term_id = ?`, c.PairingID, c.TermID)
		if err != nil {
			return err
		}
		c.Comment, c.WrittenBy, c.UpdatedAt = "", "", time.Time{}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // nothing was there to remove
		}
		return tx.Audit(ActUpdate, "pairing", c.PairingID, "term comment for "+term+" removed")
	}
	if _, err := tx.exec(`INSERT INTO term_comments (pairing_id, term_id, comment, written_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (pairing_id, term_id) DO UPDATE SET comment = excluded.comment, written_by = excluded.written_by,
		updated_at = excluded.updated_at`, c.PairingID, c.TermID, c.Comment, tx.user, stamp(tx.now)); err != nil {
		return err
	}
	c.WrittenBy, c.UpdatedAt = tx.user, tx.now.UTC().Truncate(time.Second)
	return tx.Audit(ActUpdate, "pairing", c.PairingID, "term comment for "+term)
}
