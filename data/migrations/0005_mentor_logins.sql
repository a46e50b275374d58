-- Version 5: the database login of each mentor who has one. On a shared
-- PostgreSQL database each teacher connects as their own login, and the
-- server's row-level security shows a mentor login only the students of
-- that mentor's pairings (docs/POSTGRES.md, "Roles"); this column is how
-- the server knows which mentor a login is. `mentorbook user add` fills
-- it. A database file has no logins: here it stays empty (NULL).

ALTER TABLE mentors ADD COLUMN login TEXT;
CREATE UNIQUE INDEX mentors_login ON mentors (login);
