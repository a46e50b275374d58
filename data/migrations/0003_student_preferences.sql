-- Version 3: what a student asked for in a mentor ("a peer mentor, speaks
-- Polish, lunchtimes"), which the matching assistant weighs with shared
-- interests and languages. Comma-separated, like interests.

ALTER TABLE students ADD COLUMN preferences TEXT NOT NULL DEFAULT '';
