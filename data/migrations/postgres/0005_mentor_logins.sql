-- PostgreSQL twin of ../0005_mentor_logins.sql: the login that is this
-- mentor, which the row-level security policies look up (roles.sql).

ALTER TABLE mentors ADD COLUMN login text COLLATE "C";
CREATE UNIQUE INDEX mentors_login ON mentors (login);
