-- What roles.sql made that a schema step could trip on (a view or policy
-- naming a column the step changes): dropped before each step and before
-- roles.sql makes them again. Until roles.sql has run, mentors and readers
-- see nothing (row-level security without a policy shows no row).
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    END LOOP;
END $$;
DROP VIEW IF EXISTS student_needs_shown, pairing_notes_shown, meeting_notes_shown, goal_progress_comments_shown,
    checkin_notes_shown, consent_notes_shown, guardian_contacts_shown;
DROP FUNCTION IF EXISTS mentorbook_my_mentors(name), mentorbook_my_students(name), mentorbook_my_students_pairings(name),
    mentorbook_my_pairings(name), mentorbook_sees_all(), mentorbook_grant_columns(text, text, text[], text),
    mentorbook_changes_since(bigint), mentorbook_login_allowed(text), mentorbook_add_login(text, text), mentorbook_remove_login(text),
    mentorbook_plain_login(text), mentorbook_set_password(text, text);
