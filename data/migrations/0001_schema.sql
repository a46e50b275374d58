-- Mentorbook schema, version 1. Dates are TEXT 'YYYY-MM-DD'; meeting times
-- are TEXT 'YYYY-MM-DD HH:MM' in local wall-clock time; flags are 0/1.
-- Every free-text note has a *_confidential flag beside it: 1 means the note
-- is shown inside the program only and never printed or exported unasked.

CREATE TABLE school (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    logo       BLOB,
    logo_type  TEXT NOT NULL DEFAULT '' CHECK (logo_type IN ('', 'png', 'jpeg')),
    paper      TEXT NOT NULL DEFAULT 'A4' CHECK (paper IN ('A4', 'Letter'))
);
INSERT INTO school (id) VALUES (1);

-- Programme-health thresholds and other coordinator settings.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE academic_years (
    id         INTEGER PRIMARY KEY,
    source_id  TEXT UNIQUE,
    name       TEXT NOT NULL UNIQUE,
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    CHECK (end_on > start_on)
);

CREATE TABLE terms (
    id         INTEGER PRIMARY KEY,
    source_id  TEXT UNIQUE,
    year_id    INTEGER NOT NULL REFERENCES academic_years(id) ON DELETE CASCADE,
    name       TEXT NOT NULL UNIQUE,
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    CHECK (end_on > start_on)
);
CREATE INDEX terms_dates ON terms (start_on, end_on);

CREATE TABLE students (
    id                 INTEGER PRIMARY KEY,
    source_id          TEXT UNIQUE,
    school_id          TEXT NOT NULL UNIQUE,
    given_name         TEXT NOT NULL,
    family_name        TEXT NOT NULL DEFAULT '',
    preferred_name     TEXT NOT NULL DEFAULT '',
    birth_date         TEXT,
    year_group         TEXT NOT NULL DEFAULT '',
    homeroom           TEXT NOT NULL DEFAULT '',
    pronouns           TEXT NOT NULL DEFAULT '',
    interests          TEXT NOT NULL DEFAULT '',
    languages          TEXT NOT NULL DEFAULT '',
    needs              TEXT NOT NULL DEFAULT '',
    needs_confidential INTEGER NOT NULL DEFAULT 1 CHECK (needs_confidential IN (0, 1)),
    email              TEXT NOT NULL DEFAULT '',
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    left_on            TEXT,
    search_key         TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX students_family ON students (family_name, given_name);
CREATE INDEX students_year ON students (year_group);

CREATE TABLE guardians (
    id         INTEGER PRIMARY KEY,
    source_id  TEXT UNIQUE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    language   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE student_guardians (
    student_id   INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id  INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    relationship TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX student_guardians_guardian ON student_guardians (guardian_id);

CREATE TABLE mentors (
    id           INTEGER PRIMARY KEY,
    source_id    TEXT UNIQUE,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('staff', 'volunteer', 'peer')),
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    interests    TEXT NOT NULL DEFAULT '',
    languages    TEXT NOT NULL DEFAULT '',
    capacity     INTEGER NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 0 AND 50),
    availability TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL
);
CREATE INDEX mentors_name ON mentors (name);
CREATE INDEX mentors_email ON mentors (email);

CREATE TABLE mentor_checks (
    id         INTEGER PRIMARY KEY,
    mentor_id  INTEGER NOT NULL REFERENCES mentors(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    reference  TEXT NOT NULL DEFAULT '',
    checked_by TEXT NOT NULL DEFAULT '',
    checked_on TEXT NOT NULL,
    expires_on TEXT,
    CHECK (expires_on IS NULL OR expires_on > checked_on)
);
CREATE INDEX mentor_checks_mentor ON mentor_checks (mentor_id, expires_on);

CREATE TABLE mentor_training (
    id        INTEGER PRIMARY KEY,
    mentor_id INTEGER NOT NULL REFERENCES mentors(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    held_on   TEXT NOT NULL,
    hours     REAL NOT NULL CHECK (hours > 0 AND hours <= 100)
);
CREATE INDEX mentor_training_mentor ON mentor_training (mentor_id);

CREATE TABLE pairings (
    id                  INTEGER PRIMARY KEY,
    student_id          INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    mentor_id           INTEGER NOT NULL REFERENCES mentors(id),
    start_on            TEXT NOT NULL,
    planned_end         TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'paused', 'closed')),
    closed_on           TEXT,
    closure_reason      TEXT NOT NULL DEFAULT '' CHECK (closure_reason IN ('', 'goals met', 'student left school', 'mentor left', 'mismatch', 'family request', 'programme ended', 'other')),
    closure_other       TEXT NOT NULL DEFAULT '',
    closing_note        TEXT NOT NULL DEFAULT '',
    closing_confidential INTEGER NOT NULL DEFAULT 0 CHECK (closing_confidential IN (0, 1)),
    created_at          TEXT NOT NULL,
    CHECK (planned_end > start_on),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL AND closure_reason <> ''))
);
CREATE INDEX pairings_student ON pairings (student_id, status);
CREATE INDEX pairings_mentor ON pairings (mentor_id, status);
CREATE INDEX pairings_status ON pairings (status);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    pairing_id       INTEGER NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
    at               TEXT NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    kind             TEXT NOT NULL CHECK (kind IN ('one-to-one', 'group', 'online', 'phone')),
    location         TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('planned', 'held', 'student absent', 'mentor absent', 'cancelled')),
    topics           TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    notes_confidential INTEGER NOT NULL DEFAULT 0 CHECK (notes_confidential IN (0, 1)),
    follow_up        TEXT NOT NULL DEFAULT '',
    wb_feeling       INTEGER NOT NULL DEFAULT 0 CHECK (wb_feeling BETWEEN 0 AND 5),
    wb_school        INTEGER NOT NULL DEFAULT 0 CHECK (wb_school BETWEEN 0 AND 5),
    wb_relationships INTEGER NOT NULL DEFAULT 0 CHECK (wb_relationships BETWEEN 0 AND 5),
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
);
CREATE INDEX meetings_pairing ON meetings (pairing_id, at);
CREATE INDEX meetings_at ON meetings (at);

CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    area        TEXT NOT NULL CHECK (area IN ('academic', 'attendance', 'social-emotional', 'career', 'other')),
    target_on   TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'dropped')),
    created_on  TEXT NOT NULL
);
CREATE INDEX goals_student ON goals (student_id, status);

CREATE TABLE goal_progress (
    id           INTEGER PRIMARY KEY,
    goal_id      INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    meeting_id   INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    on_date      TEXT NOT NULL,
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    percent      INTEGER CHECK (percent BETWEEN 0 AND 100),
    comment      TEXT NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    CHECK (rating IS NOT NULL OR percent IS NOT NULL)
);
CREATE INDEX goal_progress_goal ON goal_progress (goal_id, on_date);
CREATE INDEX goal_progress_meeting ON goal_progress (meeting_id);

CREATE TABLE checkins (
    id           INTEGER PRIMARY KEY,
    pairing_id   INTEGER NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,
    with_whom    TEXT NOT NULL CHECK (with_whom IN ('mentor', 'student', 'guardian')),
    notes        TEXT NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 1 CHECK (confidential IN (0, 1))
);
CREATE INDEX checkins_pairing ON checkins (pairing_id, on_date);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id  INTEGER REFERENCES guardians(id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('participation', 'data sharing', 'photos', 'off-site activities')),
    status       TEXT NOT NULL CHECK (status IN ('not requested', 'requested', 'granted', 'declined', 'withdrawn', 'expired')),
    requested_on TEXT,
    signed_on    TEXT,
    valid_until  TEXT,
    method       TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'paper', 'email', 'online')),
    notes        TEXT NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    updated_at   TEXT NOT NULL,
    UNIQUE (student_id, kind)
);
CREATE INDEX consents_kind ON consents (kind, status, valid_until);

CREATE TABLE consent_documents (
    id         INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    filename   TEXT NOT NULL,
    mime       TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/png', 'image/jpeg')),
    content    BLOB NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE INDEX consent_documents_consent ON consent_documents (consent_id);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'print', 'export', 'erase', 'import', 'restore', 'backup')),
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_entity ON audit (entity, entity_id);
