-- PostgreSQL twin of ../0002_student_words.sql: the word index for the
-- student search. word is COLLATE "C", so that a typed prefix is a range
-- scan of the primary key (word >= prefix AND word < prefix || U+10FFFF),
-- as in SQLite.

CREATE TABLE student_words (
    word       text COLLATE "C" NOT NULL,
    student_id bigint NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    PRIMARY KEY (word, student_id)
);
CREATE INDEX student_words_student ON student_words (student_id);

-- The words of search_key, split at runs of spaces, as SQLite's recursive
-- split does.
INSERT INTO student_words (word, student_id)
    SELECT w, s.id FROM students s, regexp_split_to_table(trim(s.search_key), ' +') AS w WHERE w <> ''
    ON CONFLICT DO NOTHING;

-- SQLite's COLLATE NOCASE folds ASCII letters only and then compares bytes:
-- lower() of a COLLATE "C" column does exactly that.
DROP INDEX students_family;
CREATE INDEX students_name_nocase ON students (lower(family_name), lower(given_name));
