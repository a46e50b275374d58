-- Version 6: what consent letters and the termly summary need. A
-- guardian's postal address, printed where an envelope's window shows it;
-- the school's phone and email and the programme coordinator's name, which
-- every letter gives for questions; and the mentor's comment on a pairing
-- for one term: a shared note (never a confidential one) printed in that
-- term's student summary, one per pairing per term.

ALTER TABLE guardians ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE school ADD COLUMN coordinator TEXT NOT NULL DEFAULT '';

CREATE TABLE term_comments (
    id         INTEGER PRIMARY KEY,
    pairing_id INTEGER NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
    comment    TEXT NOT NULL CHECK (comment <> ''),
    written_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (pairing_id, term_id)
);
CREATE INDEX term_comments_term ON term_comments (term_id);
