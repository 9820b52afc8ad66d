-- How a session is played and run: the level's length and assumptions (a variant key), the chair
-- students sit in (us, opponent, or half: every second student in the other chair), an optional
-- roster of names (one per line), and what the teacher set (paused, ended: 0 or 1; a deadline in
-- seconds since 1970).
ALTER TABLE sessions ADD COLUMN variant TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN chair TEXT NOT NULL DEFAULT 'us';
ALTER TABLE sessions ADD COLUMN roster TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN paused BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ended BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN deadline BIGINT;

-- The chair a student's game is played from, and when the student joined and last sent a move.
ALTER TABLE games ADD COLUMN side TEXT NOT NULL DEFAULT 'us';
ALTER TABLE games ADD COLUMN joined_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE games ADD COLUMN last_at BIGINT NOT NULL DEFAULT 0;

-- The server's own settings (the teacher secret), so a restart keeps the teacher's link.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
