-- Roles that PostgreSQL itself enforces (docs/POSTGRES.md, "Roles"): run
-- by `mentorbook server init` after the schema steps, by the database's
-- owner, in one transaction. Every run first takes back every privilege and
-- policy it gave, then gives them again, so that running it twice changes
-- nothing and a new version of the program replaces the old rules whole.
--
-- coordinator: everything, as on a database file.
-- mentor:      the students of the mentor's own pairings (current or past)
--              and those students' pairings, meetings, goals and consent
--              status; writes meetings and goal progress of its own
--              pairings only, and the term comments of those pairings;
--              no guardians' contact details (email, phone, postal
--              address; unless a setting allows them), consent
--              documents, check-ins,
--              audit log or settings changes.
-- reader:      reads everything but confidential text, consent documents
--              and the audit log; changes nothing (it may only add its own
--              "print" and "export" lines to the audit log).
--
-- Confidential text (meeting notes, a student's needs, a closing note, a
-- goal progress comment, check-in and consent notes) is not granted to
-- mentors and readers at all; they read it through the *_shown views,
-- which give it where it is not confidential or (for a mentor) where the
-- mentor wrote it, and '' otherwise.
--
-- The tables stay owned by the owner, and row-level security does not
-- bind a table's owner: the owner is the administrator who runs server
-- init and user add, never a day-to-day login. FORCE ROW LEVEL SECURITY
-- is not used: the schema steps, run by the owner, must see every row.

-- The functions below are SECURITY DEFINER: they keep this search_path
-- (Mentorbook's schema, then nothing a login could put first).
SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

-- The group roles are the server's, not the database's: created once,
-- whichever Mentorbook database is initialised first.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database's server init made it just now
            END;
        END IF;
    END LOOP;
END $$;

-- Only the logins that `user add` names may connect to this database: a
-- group role is the whole server's, and without this a mentor of one
-- school would be a mentor on every Mentorbook database of the server.
-- Then take back every privilege given before.
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO mentorbook_coordinator, mentorbook_mentor, mentorbook_reader', current_schema());
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, mentorbook_coordinator, mentorbook_mentor, mentorbook_reader', current_schema());
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC, mentorbook_coordinator, mentorbook_mentor, mentorbook_reader', current_schema());
END $$;

-- Who the connected login is. SECURITY DEFINER, so that a policy can ask
-- about pairings without the pairings' own policy asking again (which
-- PostgreSQL refuses as infinite recursion). Inside such a function
-- current_user is the owner, so the login is passed in (current_user at
-- the call) and answered only for a role the session may act as: asking
-- about someone else gets nothing. Each returns an array, which policies
-- use as `col = ANY ((SELECT f(current_user))::bigint[])`: the subquery is computed
-- once per statement, and = ANY of an array can use the column's index
-- (a mentor's meetings are read by pairing, not by scanning them all).
-- They build on one another, each step through an index (a mentor by
-- its login, pairings by mentor or by student): written as one query
-- each, with joins, they measured half the time on a 1,000-student school
-- but, the planner then joining whole tables, a mentor's save took 3.3
-- ms instead of 2.2 at 10,000 students (BenchmarkBackends10k).
CREATE FUNCTION mentorbook_my_mentors(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT coalesce(array_agg(id), '{}') FROM mentors WHERE login = who::text AND pg_has_role(session_user, who, 'MEMBER') $$;

-- The students the login's mentor has or had a pairing with.
CREATE FUNCTION mentorbook_my_students(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT coalesce(array_agg(DISTINCT student_id), '{}') FROM pairings WHERE mentor_id = ANY (mentorbook_my_mentors(who)) $$;

-- Every pairing of those students, other mentors' included (their
-- meetings are read, not written).
CREATE FUNCTION mentorbook_my_students_pairings(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT coalesce(array_agg(id), '{}') FROM pairings WHERE student_id = ANY (mentorbook_my_students(who)) $$;

-- The login's mentor's own pairings, the only ones it writes meetings for.
CREATE FUNCTION mentorbook_my_pairings(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT coalesce(array_agg(id), '{}') FROM pairings WHERE mentor_id = ANY (mentorbook_my_mentors(who)) $$;

-- Coordinators and readers see every row (the *_shown views ask).
CREATE FUNCTION mentorbook_sees_all() RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER') OR pg_has_role(current_user, 'mentorbook_reader', 'MEMBER') $$;

-- Whether others changed records, for the window's refresh (Store.Changes):
-- every change writes an audit line, which a mentor or reader may not
-- read, so this tells only the newest line's number and how many lines
-- are newer than after (none asked when after is negative). Both are
-- read by the primary key's index.
CREATE FUNCTION mentorbook_changes_since(after bigint, OUT last bigint, OUT lines bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT coalesce((SELECT max(id) FROM audit), 0),
          CASE WHEN after < 0 THEN 0 ELSE (SELECT count(*) FROM audit WHERE id > after) END $$;

REVOKE ALL ON FUNCTION mentorbook_my_mentors(name), mentorbook_my_students(name), mentorbook_my_students_pairings(name),
    mentorbook_my_pairings(name), mentorbook_sees_all(), mentorbook_changes_since(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mentorbook_my_mentors(name), mentorbook_my_students(name), mentorbook_my_students_pairings(name),
    mentorbook_my_pairings(name), mentorbook_sees_all(), mentorbook_changes_since(bigint) TO mentorbook_coordinator, mentorbook_mentor, mentorbook_reader;

-- Logins (`user add`, `user remove`, Settings ▸ Logins), for the owner and
-- for coordinators: the owner's right to create roles, lent for exactly
-- this, so that a coordinator adds and removes teachers' logins without
-- holding CREATEROLE itself, which on PostgreSQL 15 reaches far beyond
-- Mentorbook (it may grant itself almost any role of the server). Only
-- names data.checkLogin allows, only Mentorbook's three group roles, and
-- never a login the rules would not bind (a superuser, one that bypasses
-- row-level security, the tables' owner) or a login of none of them: the
-- program checks all this first for its plain words, and these again,
-- since a coordinator may call them from psql. The owner needs CREATEROLE
-- (or to be a superuser); without it the server refuses (42501).
CREATE FUNCTION mentorbook_login_allowed(login text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$
BEGIN
    IF login !~ '^[a-z_][a-z0-9_.@-]{0,62}$' OR login LIKE 'pg\_%' OR login LIKE 'mentorbook\_%' OR login = 'public' THEN
        RAISE EXCEPTION 'the login % cannot be used', quote_literal(login) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login AND (r.rolsuper OR r.rolbypassrls
            OR pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'students'::regclass), 'MEMBER'))) THEN
        RAISE EXCEPTION 'the login % is not bound by the roles'' rules', login USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Adds login to the group role grp and lets it connect to this database;
-- says whether it created the login.
CREATE FUNCTION mentorbook_add_login(login text, grp text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
DECLARE
    created boolean := NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login);
BEGIN
    PERFORM mentorbook_login_allowed(login);
    IF grp NOT IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader') THEN
        RAISE EXCEPTION 'no role %', grp USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF created THEN
        EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', login, grp);
    ELSE
        EXECUTE format('GRANT %I TO %I', grp, login);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), login);
    RETURN created;
END
$$;

-- Whether login is a plain teacher's login, whose password a coordinator
-- may set and which it may drop: no right beyond logging in (creating
-- roles or databases, replication), a member of Mentorbook's roles alone,
-- and nothing of it anywhere on the server (pg_shdepend: objects it owns
-- or privileges given to it, in any database) but its right to connect
-- to this one. A login IT made for more (an administrator's, another
-- school's, another program's) stays IT's.
CREATE FUNCTION mentorbook_plain_login(login text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login
        AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
        AND NOT EXISTS (SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
            WHERE a.member = r.oid AND g.rolname NOT IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader'))
        AND NOT EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid
            AND NOT (d.classid = 'pg_database'::regclass AND d.deptype = 'a'
                AND d.objid = (SELECT oid FROM pg_database WHERE datname = current_database())))) $$;

-- Takes a login of this database away: no connecting, and a plain login
-- dropped unless another database still grants it something; says
-- whether it was kept.
CREATE FUNCTION mentorbook_remove_login(login text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
BEGIN
    PERFORM mentorbook_login_allowed(login);
    IF NOT EXISTS (SELECT 1 FROM pg_roles r JOIN pg_auth_members a ON a.member = r.oid JOIN pg_roles g ON g.oid = a.roleid
            WHERE r.rolname = login AND g.rolname IN ('mentorbook_coordinator', 'mentorbook_mentor', 'mentorbook_reader')) THEN
        RAISE EXCEPTION 'the login % has no Mentorbook role', login USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), login);
    IF NOT mentorbook_plain_login(login) THEN
        RETURN true; -- IT's login: it keeps what else it has
    END IF;
    BEGIN
        EXECUTE format('DROP ROLE %I', login);
    EXCEPTION WHEN dependent_objects_still_exist THEN
        RETURN true; -- another database of the server still grants it something
    END;
    RETURN false;
END
$$;

-- Sets a plain login's password (see mentorbook_plain_login) from the
-- SCRAM-SHA-256 verifier the program computed from what the coordinator
-- typed, as psql's \password does: the password itself never reaches the
-- server, its log or a file. Only a login of this database.
CREATE FUNCTION mentorbook_set_password(login text, verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
BEGIN
    PERFORM mentorbook_login_allowed(login);
    IF NOT has_database_privilege(login, current_database(), 'CONNECT')
            OR NOT pg_has_role(login, 'mentorbook_coordinator', 'MEMBER') AND NOT pg_has_role(login, 'mentorbook_mentor', 'MEMBER')
                AND NOT pg_has_role(login, 'mentorbook_reader', 'MEMBER') THEN
        RAISE EXCEPTION 'the login % is not one of this database''s', login USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT mentorbook_plain_login(login) THEN
        RAISE EXCEPTION 'the login % has rights beyond Mentorbook or another database; the server''s administrator sets its password', login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$' THEN
        RAISE EXCEPTION 'not a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
END
$$;

REVOKE ALL ON FUNCTION mentorbook_login_allowed(text), mentorbook_add_login(text, text), mentorbook_remove_login(text),
    mentorbook_plain_login(text), mentorbook_set_password(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mentorbook_add_login(text, text), mentorbook_remove_login(text), mentorbook_set_password(text, text)
    TO mentorbook_coordinator;

-- The coordinator: every table, including any a later schema step adds
-- before this file names it (the others get nothing of a new table until
-- it does). Row-level security is on for every table, so that a table
-- without a policy for a role shows that role nothing.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'mentorbook_schema' LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mentorbook_coordinator', t);
        EXECUTE format('CREATE POLICY coordinator ON %I TO mentorbook_coordinator USING (true) WITH CHECK (true)', t);
    END LOOP;
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO mentorbook_coordinator, mentorbook_mentor, mentorbook_reader', current_schema());
END $$;
GRANT SELECT ON mentorbook_schema TO mentorbook_coordinator, mentorbook_mentor, mentorbook_reader;

-- Column grants: a privilege on every column of a table but the withheld
-- ones, so that a column a later step adds is granted without naming it
-- here (confidential text always comes with its own line in this file).
-- Dropped again at the end of this file.
CREATE FUNCTION mentorbook_grant_columns(privilege text, tbl text, withheld text[], grantee text) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
        FROM pg_attribute WHERE attrelid = tbl::regclass AND attnum > 0 AND NOT attisdropped AND attname <> ALL (withheld);
    EXECUTE format('GRANT %s (%s) ON %I TO %I', privilege, cols, tbl, grantee);
END
$$;

-- The reader: reads all but confidential text, consent documents and the
-- audit log.
SELECT mentorbook_grant_columns('SELECT', t, w, 'mentorbook_reader') FROM (VALUES
    ('school', '{}'::text[]), ('settings', '{}'), ('academic_years', '{}'), ('terms', '{}'),
    ('students', '{needs}'), ('student_words', '{}'), ('guardians', '{}'), ('student_guardians', '{}'),
    ('mentors', '{}'), ('mentor_checks', '{}'), ('mentor_training', '{}'),
    ('pairings', '{closing_note}'), ('meetings', '{notes}'), ('goals', '{}'), ('goal_statuses', '{}'),
    ('goal_progress', '{comment}'), ('checkins', '{notes}'), ('consents', '{notes}'), ('term_comments', '{}')) AS g(t, w);
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['school', 'settings', 'academic_years', 'terms', 'students', 'student_words', 'guardians',
            'student_guardians', 'mentors', 'mentor_checks', 'mentor_training', 'pairings', 'meetings', 'goals',
            'goal_statuses', 'goal_progress', 'checkins', 'consents', 'term_comments'] LOOP
        EXECUTE format('CREATE POLICY reader ON %I FOR SELECT TO mentorbook_reader USING (true)', t);
    END LOOP;
END $$;

-- The mentor: what a programme's records say of every student (school,
-- terms, settings) and of its own students only.
SELECT mentorbook_grant_columns('SELECT', t, w, 'mentorbook_mentor') FROM (VALUES
    ('school', '{}'::text[]), ('settings', '{}'), ('academic_years', '{}'), ('terms', '{}'),
    ('students', '{needs}'), ('student_words', '{}'), ('guardians', '{email,phone,address}'), ('student_guardians', '{}'),
    ('mentors', '{}'), ('mentor_checks', '{}'), ('mentor_training', '{}'),
    ('pairings', '{closing_note}'), ('meetings', '{notes}'), ('goals', '{}'), ('goal_statuses', '{}'),
    ('goal_progress', '{comment}'), ('consents', '{notes}'), ('term_comments', '{}')) AS g(t, w);
CREATE POLICY mentor ON school FOR SELECT TO mentorbook_mentor USING (true);
CREATE POLICY mentor ON settings FOR SELECT TO mentorbook_mentor USING (true);
CREATE POLICY mentor ON academic_years FOR SELECT TO mentorbook_mentor USING (true);
CREATE POLICY mentor ON terms FOR SELECT TO mentorbook_mentor USING (true);
CREATE POLICY mentor ON students FOR SELECT TO mentorbook_mentor
    USING (id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
CREATE POLICY mentor ON student_words FOR SELECT TO mentorbook_mentor
    USING (student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
CREATE POLICY mentor ON student_guardians FOR SELECT TO mentorbook_mentor
    USING (student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
-- The subqueries below are filtered by their own tables' policies.
CREATE POLICY mentor ON guardians FOR SELECT TO mentorbook_mentor
    USING (id IN (SELECT guardian_id FROM student_guardians));
-- Itself, and the other mentors of its students.
CREATE POLICY mentor ON mentors FOR SELECT TO mentorbook_mentor
    USING (id = ANY ((SELECT mentorbook_my_mentors(current_user))::bigint[]) OR id IN (SELECT mentor_id FROM pairings));
CREATE POLICY mentor ON mentor_checks FOR SELECT TO mentorbook_mentor
    USING (mentor_id = ANY ((SELECT mentorbook_my_mentors(current_user))::bigint[]));
CREATE POLICY mentor ON mentor_training FOR SELECT TO mentorbook_mentor
    USING (mentor_id = ANY ((SELECT mentorbook_my_mentors(current_user))::bigint[]));
CREATE POLICY mentor ON pairings FOR SELECT TO mentorbook_mentor
    USING (student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
CREATE POLICY mentor ON goals FOR SELECT TO mentorbook_mentor
    USING (student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
CREATE POLICY mentor ON goal_statuses FOR SELECT TO mentorbook_mentor
    USING (goal_id IN (SELECT id FROM goals));
CREATE POLICY mentor ON consents FOR SELECT TO mentorbook_mentor
    USING (student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));

-- Meetings: read those of its students; log them for its own pairings,
-- as itself; edit and delete them there, but not a meeting holding someone
-- else's confidential notes (which it cannot read, so must not overwrite).
GRANT INSERT ON meetings TO mentorbook_mentor;
SELECT mentorbook_grant_columns('UPDATE', 'meetings', '{id,recorded_by,recorded_at}', 'mentorbook_mentor');
GRANT DELETE ON meetings TO mentorbook_mentor;
CREATE POLICY mentor_read ON meetings FOR SELECT TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_students_pairings(current_user))::bigint[]));
CREATE POLICY mentor_log ON meetings FOR INSERT TO mentorbook_mentor
    WITH CHECK (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]) AND recorded_by = current_user);
CREATE POLICY mentor_edit ON meetings FOR UPDATE TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]) AND (recorded_by = current_user OR notes_confidential = 0))
    WITH CHECK (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]));
CREATE POLICY mentor_delete ON meetings FOR DELETE TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]) AND recorded_by = current_user);

-- Goal progress: read that of its students' goals; record and edit it for
-- the students of its own pairings, tied to none of the meetings or to one
-- of its own pairings'; but not edit an entry holding a confidential
-- comment it cannot read (goal_progress_comments_shown gives it ''), which
-- it would overwrite unseen: only one recorded with a meeting it recorded.
GRANT INSERT ON goal_progress TO mentorbook_mentor;
SELECT mentorbook_grant_columns('UPDATE', 'goal_progress', '{id}', 'mentorbook_mentor');
CREATE POLICY mentor_read ON goal_progress FOR SELECT TO mentorbook_mentor
    USING (goal_id IN (SELECT id FROM goals));
CREATE POLICY mentor_record ON goal_progress FOR INSERT TO mentorbook_mentor
    WITH CHECK (goal_id IN (SELECT id FROM goals WHERE student_id IN
            (SELECT student_id FROM pairings WHERE id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[])))
        AND (meeting_id IS NULL OR meeting_id IN (SELECT id FROM meetings WHERE pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]))));
CREATE POLICY mentor_edit ON goal_progress FOR UPDATE TO mentorbook_mentor
    USING (goal_id IN (SELECT id FROM goals WHERE student_id IN
            (SELECT student_id FROM pairings WHERE id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[])))
        AND (meeting_id IS NULL OR meeting_id IN (SELECT id FROM meetings WHERE pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[])))
        AND (confidential = 0 OR meeting_id IN (SELECT id FROM meetings WHERE recorded_by = current_user)))
    WITH CHECK (goal_id IN (SELECT id FROM goals WHERE student_id IN
            (SELECT student_id FROM pairings WHERE id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[])))
        AND (meeting_id IS NULL OR meeting_id IN (SELECT id FROM meetings WHERE pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]))));

-- Term comments (shared, never confidential): read those of its students'
-- pairings; write, replace and remove them on its own pairings, as itself.
GRANT INSERT, DELETE ON term_comments TO mentorbook_mentor;
SELECT mentorbook_grant_columns('UPDATE', 'term_comments', '{id}', 'mentorbook_mentor');
CREATE POLICY mentor_read ON term_comments FOR SELECT TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_students_pairings(current_user))::bigint[]));
CREATE POLICY mentor_record ON term_comments FOR INSERT TO mentorbook_mentor
    WITH CHECK (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]) AND written_by = current_user);
CREATE POLICY mentor_edit ON term_comments FOR UPDATE TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]))
    WITH CHECK (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]) AND written_by = current_user);
CREATE POLICY mentor_delete ON term_comments FOR DELETE TO mentorbook_mentor
    USING (pairing_id = ANY ((SELECT mentorbook_my_pairings(current_user))::bigint[]));

-- The audit log: mentors and readers add their own lines and read none;
-- a reader's lines can only say it printed or exported.
GRANT INSERT ON audit TO mentorbook_mentor, mentorbook_reader;
CREATE POLICY mentor ON audit FOR INSERT TO mentorbook_mentor WITH CHECK (username = current_user);
CREATE POLICY reader ON audit FOR INSERT TO mentorbook_reader
    WITH CHECK (username = current_user AND action IN ('print', 'export'));

-- Confidential text as mentors and readers may read it: the view's owner
-- reads the table (row-level security does not bind the owner), so each
-- view keeps to the rows the login sees itself. security_barrier: a
-- function in the caller's WHERE never sees a row the view leaves out.
CREATE VIEW student_needs_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN needs_confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            THEN needs ELSE '' END AS needs
    FROM students
    WHERE (SELECT mentorbook_sees_all()) OR id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]);
CREATE VIEW pairing_notes_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN closing_confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            THEN closing_note ELSE '' END AS closing_note
    FROM pairings
    WHERE (SELECT mentorbook_sees_all()) OR student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]);
CREATE VIEW meeting_notes_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN notes_confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            OR (recorded_by = current_user AND (SELECT pg_has_role(current_user, 'mentorbook_mentor', 'MEMBER')))
            THEN notes ELSE '' END AS notes
    FROM meetings
    WHERE (SELECT mentorbook_sees_all()) OR pairing_id = ANY ((SELECT mentorbook_my_students_pairings(current_user))::bigint[]);
CREATE VIEW goal_progress_comments_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            OR ((SELECT pg_has_role(current_user, 'mentorbook_mentor', 'MEMBER'))
                AND meeting_id IN (SELECT id FROM meetings WHERE recorded_by = current_user))
            THEN comment ELSE '' END AS comment
    FROM goal_progress
    WHERE (SELECT mentorbook_sees_all()) OR goal_id IN (SELECT id FROM goals WHERE student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
CREATE VIEW checkin_notes_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            THEN notes ELSE '' END AS notes
    FROM checkins
    WHERE (SELECT mentorbook_sees_all());
CREATE VIEW consent_notes_shown WITH (security_barrier) AS
    SELECT id, CASE WHEN confidential = 0 OR (SELECT pg_has_role(current_user, 'mentorbook_coordinator', 'MEMBER'))
            THEN notes ELSE '' END AS notes
    FROM consents
    WHERE (SELECT mentorbook_sees_all()) OR student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]);
-- Guardians' contact details: a mentor has them only where the school
-- allows it, by the settings row mentor_guardian_contacts = 'yes' (which
-- only a coordinator can write), and only for its own students.
CREATE VIEW guardian_contacts_shown WITH (security_barrier) AS
    SELECT id,
        CASE WHEN (SELECT mentorbook_sees_all()) OR EXISTS (SELECT 1 FROM settings WHERE key = 'mentor_guardian_contacts' AND value = 'yes')
            THEN email ELSE '' END AS email,
        CASE WHEN (SELECT mentorbook_sees_all()) OR EXISTS (SELECT 1 FROM settings WHERE key = 'mentor_guardian_contacts' AND value = 'yes')
            THEN phone ELSE '' END AS phone,
        CASE WHEN mentorbook_sees_all() OR EXISTS (SELECT 1 FROM settings WHERE key = 'mentor_guardian_contacts' AND value = 'yes')
            THEN address ELSE '' END AS address
    FROM guardians
    WHERE (SELECT mentorbook_sees_all()) OR id IN (SELECT guardian_id FROM student_guardians
        WHERE student_id = ANY ((SELECT mentorbook_my_students(current_user))::bigint[]));
GRANT SELECT ON student_needs_shown, pairing_notes_shown, meeting_notes_shown, goal_progress_comments_shown,
    checkin_notes_shown, consent_notes_shown, guardian_contacts_shown TO mentorbook_coordinator, mentorbook_mentor, mentorbook_reader;

DROP FUNCTION mentorbook_grant_columns(text, text, text[], text);
