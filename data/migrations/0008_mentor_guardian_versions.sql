-- Version 8: the version number of step 7 on mentors and guardians too,
-- whom two coordinators may edit at the same time from two laptops on one
-- server. A save of an older version is refused ("changed by LOGIN at
-- HH:MM; reload to see the change") instead of silently overwriting the
-- other's change.

ALTER TABLE mentors ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE guardians ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
