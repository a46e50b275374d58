-- Records of a database at schema version 8 (version 7's, plus the
-- version numbers of mentors and guardians that version 8 added: some
-- saved a few times, as two laptops sharing a server leave them), one or
-- more in every table, with the awkward values real schools have:
-- accents, CJK and emoji names, NULL dates, confidential notes, a scanned
-- form. migrations_test.go builds the version-8 schema from the first
-- eight migration steps, loads this file and upgrades the result to the
-- newest version, checking every row survives. Never edit this file once
-- a later version exists: it is what version 8 databases out in schools
-- look like.

UPDATE school SET name = 'Ashgrove Académie', address = '1 Rue de l''École', paper = 'Letter', phone = '+33 1 23 45 67 89',
    email = 'office@ashgrove.example', coordinator = 'Mme Łucja Dubois' WHERE id = 1;
INSERT INTO settings (key, value) VALUES ('alert_days', '21'), ('dose_minutes', '240');

INSERT INTO academic_years (id, source_id, name, start_on, end_on) VALUES (1, 'ay-2025', '2025–26', '2025-09-01', '2026-08-31');
INSERT INTO terms (id, source_id, year_id, name, start_on, end_on) VALUES
    (1, NULL, 1, '2025–26 Autumn', '2025-09-01', '2025-12-19'),
    (2, 'term-2', 1, '2025–26 Spring', '2026-01-05', '2026-03-27');

INSERT INTO students (id, source_id, school_id, given_name, family_name, preferred_name, birth_date, year_group, homeroom,
    pronouns, interests, languages, preferences, needs, needs_confidential, email, active, left_on, search_key, created_at, updated_at) VALUES
    (1, 'stu-1', 'S001', 'Zoë', 'Okafor', '', '2013-04-02', '8', '8B', 'she/her', 'chess,drawing', 'English,Igbo',
     'a peer mentor, lunchtimes, speaks Igbo', 'Dyslexia; extra time', 1, '', 1, NULL, 'zoe okafor s001', '2025-09-02T08:00:00Z', '2025-09-02T08:00:00Z'),
    (2, NULL, 'S002', '山田', '太郎', 'Taro', NULL, '9', '', '', '', 'Japanese', '日本語が話せる人', '', 1, 'taro@example.org', 0, '2026-02-01',
     '山田 太郎 taro s002', '2025-09-02T08:00:00Z', '2026-02-01T10:00:00Z'),
    (3, NULL, 'S003', '🦄 Sparkle', 'Nguyễn', '', NULL, '7', '7A', '', '', '', '', '', 0, '', 1, NULL, 'sparkle nguyen s003',
     '2025-09-03T08:00:00Z', '2025-09-03T08:00:00Z');

INSERT INTO guardians (id, source_id, name, email, phone, language, address) VALUES
    (1, 'g-1', 'Ada Okafor', 'ada@example.org', '+44 7700 900123', 'English', '12 Elm Row
Leeds LS6 2AB'),
    (2, NULL, 'Yamada Hanako', '', '', 'Japanese', '');
INSERT INTO student_guardians (student_id, guardian_id, relationship) VALUES (1, 1, 'mother'), (2, 2, 'mother'), (3, 1, 'aunt');

INSERT INTO mentors (id, source_id, name, role, email, phone, interests, languages, capacity, availability, active, created_at, login) VALUES
    (1, 't-1', 'Mr Tanaka', 'staff', 'tanaka@school.example', '', 'chess', 'English,Japanese', 3, 'Tue lunch', 1, '2025-08-20T09:00:00Z', 'tanaka'),
    (2, NULL, 'Priya Shah', 'volunteer', 'priya@example.org', '', '', '', 2, '', 0, '2025-08-21T09:00:00Z', NULL);
INSERT INTO mentor_checks (id, mentor_id, kind, reference, checked_by, checked_on, expires_on) VALUES
    (1, 1, 'DBS', '001234567890', 'J. Coordinator', '2025-08-01', '2028-08-01'),
    (2, 2, 'DBS', '', '', '2022-01-01', NULL);
INSERT INTO mentor_training (id, mentor_id, title, held_on, hours) VALUES (1, 1, 'Safeguarding', '2025-08-28', 2.5);

INSERT INTO pairings (id, student_id, mentor_id, start_on, planned_end, status, closed_on, closure_reason, closure_other,
    closing_note, closing_confidential, created_at) VALUES
    (1, 1, 1, '2025-09-15', '2026-09-15', 'active', NULL, '', '', '', 0, '2025-09-15T09:00:00Z'),
    (2, 2, 1, '2025-09-15', '2026-09-15', 'closed', '2026-02-01', 'student left school', '', 'Moved to Osaka', 1, '2025-09-15T09:00:00Z'),
    (3, 3, 2, '2025-10-01', '2026-10-01', 'proposed', NULL, '', '', '', 0, '2025-10-01T09:00:00Z');

INSERT INTO meetings (id, pairing_id, at, minutes, kind, location, status, topics, notes, notes_confidential, follow_up,
    wb_feeling, wb_school, wb_relationships, recorded_by, recorded_at) VALUES
    (1, 1, '2025-09-22 12:30', 30, 'one-to-one', 'Library', 'held', 'reading,friends', 'Talked about the book club.', 0,
     'Bring a book', 4, 3, 5, 'tanaka', '2025-09-22T13:00:00Z'),
    (2, 1, '2025-09-29 12:30', 30, 'one-to-one', '', 'student absent', '', 'Worried about home; see coordinator.', 1, '',
     0, 0, 0, 'tanaka', '2025-09-29T13:00:00Z'),
    (3, 2, '2025-10-06 10:00', 600, 'online', '', 'held', '', 'Robert''); DROP TABLE students;--', 0, '', 5, 5, 5,
     'tanaka', '2025-10-06T11:00:00Z'),
    (4, 1, '2026-04-20 12:30', 45, 'group', 'Hall', 'planned', '', '', 0, '', 0, 0, 0, 'coordinator', '2026-03-01T09:00:00Z');

INSERT INTO goals (id, student_id, title, description, area, target_on, status, created_on) VALUES
    (1, 1, 'Read a book a week', '', 'academic', '2026-06-30', 'open', '2025-09-22'),
    (2, 2, 'Attend every Monday', 'Mondays are hard.', 'attendance', NULL, 'dropped', '2025-09-22');
INSERT INTO goal_progress (id, goal_id, meeting_id, on_date, rating, percent, comment, confidential) VALUES
    (1, 1, 1, '2025-09-22', 3, NULL, 'Started', 0),
    (2, 1, NULL, '2025-10-01', NULL, 40, 'Halfway', 1);

INSERT INTO checkins (id, pairing_id, on_date, with_whom, notes, confidential) VALUES
    (1, 1, '2025-09-20', 'mentor', 'Good start.', 1),
    (2, 1, '2025-10-20', 'guardian', '', 0);

INSERT INTO consents (id, student_id, guardian_id, kind, status, requested_on, signed_on, valid_until, method, notes,
    confidential, updated_at) VALUES
    (1, 1, 1, 'participation', 'granted', '2025-09-01', '2025-09-10', '2026-08-31', 'paper', '', 0, '2025-09-10T09:00:00Z'),
    (2, 1, NULL, 'photos', 'declined', NULL, '2025-09-10', NULL, 'email', 'No photos please.', 1, '2025-09-10T09:00:00Z'),
    (3, 2, 2, 'participation', 'withdrawn', NULL, NULL, NULL, '', '', 0, '2026-02-01T09:00:00Z');
INSERT INTO consent_documents (id, consent_id, filename, mime, content, added_at) VALUES
    (1, 1, 'consent-okafor.pdf', 'application/pdf', x'255044462d312e340a25e2e3cfd30a', '2025-09-10T09:05:00Z');

INSERT INTO audit (id, at, username, action, entity, entity_id, detail) VALUES
    (1, '2025-09-02T08:00:00Z', 'coordinator', 'create', 'student', 1, 'S001'),
    (2, '2025-09-22T13:00:00Z', 'tanaka', 'create', 'meeting', 1, 'held'),
    (3, '2025-12-19T16:00:00Z', 'coordinator', 'print', 'report', NULL, 'programme report 2025–26 Autumn');

INSERT INTO student_words (word, student_id) VALUES
    ('zoe', 1), ('okafor', 1), ('s001', 1),
    ('山田', 2), ('太郎', 2), ('taro', 2), ('s002', 2),
    ('sparkle', 3), ('nguyen', 3), ('s003', 3);

INSERT INTO goal_statuses (id, goal_id, status, on_date) VALUES
    (1, 1, 'open', '2025-09-22'),
    (2, 2, 'open', '2025-09-22'),
    (3, 2, 'dropped', '2025-11-03');

INSERT INTO term_comments (id, pairing_id, term_id, comment, written_by, updated_at) VALUES
    (1, 1, 1, 'Zoë has settled well; “reading club” next term.', 'tanaka', '2025-12-18T15:00:00Z'),
    (2, 2, 1, 'Good progress before the move.', 'tanaka', '2025-12-18T15:05:00Z');

UPDATE students SET version = 3 WHERE id = 1;
UPDATE pairings SET version = 1 WHERE id = 1;
UPDATE goals SET version = 2 WHERE id = 1;
UPDATE meetings SET version = 5 WHERE id = 1;
UPDATE mentors SET version = 4 WHERE id = 1;
UPDATE guardians SET version = 2 WHERE id = 1;
