-- Version 7: a version number on the records two people may edit at the
-- same time from two laptops on one server (students, pairings, goals,
-- meetings). A save says which version it read and adds one; a save of an
-- older version changes no row and is refused ("changed by LOGIN at HH:MM;
-- reload to see the change") instead of silently overwriting the other.
-- A column rather than PostgreSQL's xmin, so that one rule serves both
-- databases.

ALTER TABLE students ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pairings ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
