-- PostgreSQL twin of ../0007_record_versions.sql: the version number a
-- save checks and adds one to.

ALTER TABLE students ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE pairings ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN version integer NOT NULL DEFAULT 0;
