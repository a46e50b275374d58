-- Version 4: when each goal's status changed, so that a past term's report
-- shows each goal as it stood then and counts the goals achieved in that
-- term rather than ever. A goal's history is its rows in date order (ties
-- by id); goals.status stays the current one. Goals from before this
-- version get "open" on the day they were set and, when no longer open,
-- their status on the day of their last progress entry: the latest date
-- the records hold for it (or the day it was set, without progress).

CREATE TABLE goal_statuses (
    id      INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    status  TEXT NOT NULL CHECK (status IN ('open', 'achieved', 'dropped')),
    on_date TEXT NOT NULL
);
CREATE INDEX goal_statuses_goal ON goal_statuses (goal_id, on_date);

INSERT INTO goal_statuses (goal_id, status, on_date) SELECT id, 'open', created_on FROM goals ORDER BY id;
INSERT INTO goal_statuses (goal_id, status, on_date)
    SELECT g.id, g.status, max(g.created_on, COALESCE((SELECT max(p.on_date) FROM goal_progress p WHERE p.goal_id = g.id), g.created_on))
    FROM goals g WHERE g.status <> 'open' ORDER BY g.id;
