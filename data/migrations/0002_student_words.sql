-- Version 2: a word index for the student search. Typing "ngu" must find
-- Nguyễn among 10,000 students on every keystroke; a LIKE over every row
-- was too slow. Each row is one folded word of a student's names or school
-- ID, so a typed prefix is a range scan. The words come from search_key,
-- which the store already keeps folded (accents removed, lower case).

CREATE TABLE student_words (
    word       TEXT NOT NULL,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    PRIMARY KEY (word, student_id)
);
CREATE INDEX student_words_student ON student_words (student_id);

WITH RECURSIVE split (id, word, rest) AS (
    SELECT id, '', trim(search_key) || ' ' FROM students
    UNION ALL
    SELECT id, substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1)) FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO student_words (word, student_id) SELECT word, id FROM split WHERE word <> '';

-- The student list sorts by name without regard to case; an index in that
-- order spares a sort of the whole school when nothing is typed.
DROP INDEX students_family;
CREATE INDEX students_name_nocase ON students (family_name COLLATE NOCASE, given_name COLLATE NOCASE);

