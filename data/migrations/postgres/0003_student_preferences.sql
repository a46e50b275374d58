-- PostgreSQL twin of ../0003_student_preferences.sql.

ALTER TABLE students ADD COLUMN preferences text COLLATE "C" NOT NULL DEFAULT '';
