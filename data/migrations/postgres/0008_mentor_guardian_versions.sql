-- PostgreSQL twin of ../0008_mentor_guardian_versions.sql: the version
-- number a save of a mentor or guardian checks and adds one to.

ALTER TABLE mentors ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE guardians ADD COLUMN version integer NOT NULL DEFAULT 0;
