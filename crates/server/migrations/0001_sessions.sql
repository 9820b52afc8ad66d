-- A class session: the level every student plays, how, and its join code.
CREATE TABLE sessions (
    code TEXT PRIMARY KEY,
    level_id TEXT NOT NULL,
    level_hash TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One student's game: the record it already is (level, seed, difficulty), less the commands.
CREATE TABLE games (
    id BIGINT PRIMARY KEY,
    session_code TEXT NOT NULL REFERENCES sessions(code),
    player TEXT NOT NULL,
    seed BIGINT NOT NULL,
    UNIQUE (session_code, player)
);

-- Every command, stored before it is acknowledged; a turn is taken once.
CREATE TABLE commands (
    game_id BIGINT NOT NULL REFERENCES games(id),
    turn BIGINT NOT NULL,
    command TEXT NOT NULL,
    PRIMARY KEY (game_id, turn)
);
