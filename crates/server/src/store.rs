//! Sessions, games and commands in a database: SQLite in a file by default, PostgreSQL when given
//! a `postgres://` URL, through one code path (sqlx's `Any` driver) and the migrations in
//! `crates/server/migrations`. A command is committed before the server acknowledges it; the
//! primary key (game, turn) makes sure a turn is taken once, even by two servers at once.

use qpq_core::net::ClassStatus;
use qpq_core::sim::game::Command;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};
use std::fmt;

/// Why the store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The database said no (its words).
    Db(String),
    /// No session has this code.
    NoSession(String),
    /// A stored command could not be read back (a database edited by hand).
    Corrupt {
        /// The game.
        game: i64,
        /// The turn.
        turn: i64,
        /// What was wrong.
        what: String,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Db(e) => write!(f, "the database: {e}"),
            StoreError::NoSession(code) => {
                write!(f, "there is no class session with the code {code}")
            }
            StoreError::Corrupt { game, turn, what } => {
                write!(
                    f,
                    "game {game}, turn {turn} in the database cannot be read: {what}"
                )
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        StoreError::Db(e.to_string())
    }
}

/// A session as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionRow {
    /// Its join code.
    pub code: String,
    /// The level's id.
    pub level_id: String,
    /// The level file's content hash, so every game replays on the same level.
    pub level_hash: String,
    /// The difficulty's id.
    pub difficulty: String,
    /// How the level is played beyond its file: a [`qpq_core::level::Variant`] key (length,
    /// assumptions); empty for the level as written.
    pub variant: String,
    /// The chair students sit in: `us`, `opponent`, or `half` (every second student opposite).
    pub chair: String,
    /// Names students may pick from; empty when any name is taken.
    pub roster: Vec<String>,
    /// What the teacher set: paused, ended, a deadline.
    pub status: ClassStatus,
    /// When it was opened, in seconds since 1970.
    pub created_at: i64,
}

/// A student's game as stored (its commands apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameRow {
    /// Its id.
    pub id: i64,
    /// The session's code.
    pub session: String,
    /// The student's name.
    pub player: String,
    /// The seed.
    pub seed: u64,
    /// The chair: `us` or `opponent`.
    pub side: String,
    /// When the student joined, in seconds since 1970.
    pub joined_at: i64,
    /// When the student's last command was stored (the join, before any).
    pub last_at: i64,
    /// How many commands are stored.
    pub commands: u64,
}

const GAME_COLUMNS: &str = "g.id, g.session_code, g.player, g.seed, g.side, g.joined_at, g.last_at, (SELECT COUNT(*) FROM commands c WHERE c.game_id = g.id)";

fn game_row(r: &sqlx::any::AnyRow) -> Result<GameRow, StoreError> {
    Ok(GameRow {
        id: r.try_get(0)?,
        session: r.try_get(1)?,
        player: r.try_get(2)?,
        seed: r.try_get::<i64, _>(3)? as u64,
        side: r.try_get(4)?,
        joined_at: r.try_get(5)?,
        last_at: r.try_get(6)?,
        commands: r.try_get::<i64, _>(7)? as u64,
    })
}

const SESSION_COLUMNS: &str = "code, level_id, level_hash, difficulty, variant, chair, roster, paused, ended, deadline, created_at";

fn session_row(r: &sqlx::any::AnyRow) -> Result<SessionRow, StoreError> {
    let roster: String = r.try_get(6)?;
    Ok(SessionRow {
        code: r.try_get(0)?,
        level_id: r.try_get(1)?,
        level_hash: r.try_get(2)?,
        difficulty: r.try_get(3)?,
        variant: r.try_get(4)?,
        chair: r.try_get(5)?,
        roster: roster
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        status: ClassStatus {
            paused: r.try_get::<i64, _>(7)? != 0,
            ended: r.try_get::<i64, _>(8)? != 0,
            deadline: r.try_get(9)?,
        },
        created_at: r.try_get(10)?,
    })
}

/// The database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
}

impl Store {
    /// Opens (and creates, for SQLite) the database at `url` — `sqlite://class.db` or
    /// `postgres://user@host/db` — and brings its tables up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let url = if url.starts_with("sqlite:") && !url.contains("mode=") {
            format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
        } else {
            url.to_string()
        };
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .connect(&url)
            .await?;
        if url.starts_with("sqlite:") {
            // Write-ahead logging: students' moves are written while the teacher's monitor reads,
            // neither waiting for the other. (Kept in the file: set once, it stays.)
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
        }
        // Two servers starting at once on a new database both bring it up to date; SQLite has no
        // lock for that, so the one that loses the race reads the winner's tables and tries again.
        let mut tries = 0;
        loop {
            match sqlx::migrate!("./migrations").run(&pool).await {
                Ok(()) => break,
                Err(_) if tries < 5 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                Err(e) => return Err(StoreError::Db(e.to_string())),
            }
        }
        Ok(Store { pool })
    }

    /// Stores a new session.
    pub async fn add_session(&self, s: &SessionRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (code, level_id, level_hash, difficulty, variant, chair, roster, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&s.code)
        .bind(&s.level_id)
        .bind(&s.level_hash)
        .bind(&s.difficulty)
        .bind(&s.variant)
        .bind(&s.chair)
        .bind(s.roster.join("\n"))
        .bind(s.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session with this code.
    pub async fn session(&self, code: &str) -> Result<SessionRow, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NoSession(code.to_string()))?;
        session_row(&row)
    }

    /// Every session, the newest first.
    pub async fn sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions ORDER BY created_at DESC, code"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(session_row).collect()
    }

    /// Sets what the teacher decided for a session: paused, ended, a deadline.
    pub async fn set_status(&self, code: &str, status: &ClassStatus) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET paused = $1, ended = $2, deadline = $3 WHERE code = $4",
        )
        .bind(i64::from(status.paused))
        .bind(i64::from(status.ended))
        .bind(status.deadline)
        .bind(code)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NoSession(code.to_string()));
        }
        Ok(())
    }

    /// The game of `player` in the session (a name matches whatever its capitals: "ada" comes
    /// back to Ada's game), made with `seed` in `side`'s chair if the student is new.
    pub async fn game_of(
        &self,
        code: &str,
        player: &str,
        seed: u64,
        side: &str,
        now: i64,
    ) -> Result<GameRow, StoreError> {
        if let Some(g) = self.find_game(code, player).await? {
            return Ok(g);
        }
        let mut tx = self.pool.begin().await?;
        let next: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 FROM games")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let inserted = sqlx::query(
            "INSERT INTO games (id, session_code, player, seed, side, joined_at, last_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(next)
        .bind(code)
        .bind(player)
        .bind(seed as i64)
        .bind(side)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => tx.commit().await?,
            // Two joins at once (with one name, or two servers making one id): the other won.
            Err(_) => tx.rollback().await?,
        }
        match self.find_game(code, player).await? {
            Some(g) => Ok(g),
            // Another student's game took the id first: try again with the next one.
            None => Box::pin(self.game_of(code, player, seed, side, now)).await,
        }
    }

    async fn find_game(&self, code: &str, player: &str) -> Result<Option<GameRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {GAME_COLUMNS} FROM games g WHERE g.session_code = $1 AND LOWER(g.player) = LOWER($2) ORDER BY g.id LIMIT 1"
        ))
        .bind(code)
        .bind(player)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(game_row).transpose()
    }

    /// Every game of a session, in the order they joined, with how many commands each has.
    pub async fn games(&self, code: &str) -> Result<Vec<GameRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {GAME_COLUMNS} FROM games g WHERE g.session_code = $1 ORDER BY g.id"
        ))
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(game_row).collect()
    }

    /// Every game on the server (for a restart's count).
    pub async fn all_games(&self) -> Result<Vec<GameRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {GAME_COLUMNS} FROM games g ORDER BY g.id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(game_row).collect()
    }

    /// A setting of the server, if set.
    pub async fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Keeps a setting, unless one is already there; returns the one kept.
    pub async fn setting_or(&self, name: &str, value: &str) -> Result<String, StoreError> {
        let _ = sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2)")
            .bind(name)
            .bind(value)
            .execute(&self.pool)
            .await;
        self.setting(name)
            .await?
            .ok_or_else(|| StoreError::Db(format!("the setting {name} was not kept")))
    }

    /// Stores the command of `turn`; `false` when that turn is already taken (a duplicate).
    pub async fn append(
        &self,
        game: i64,
        turn: u64,
        cmd: &Command,
        now: i64,
    ) -> Result<bool, StoreError> {
        let text = serde_json::to_string(cmd).map_err(|e| StoreError::Db(e.to_string()))?;
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("INSERT INTO commands (game_id, turn, command) VALUES ($1, $2, $3)")
            .bind(game)
            .bind(turn as i64)
            .bind(text)
            .execute(&mut *tx)
            .await;
        match done {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                tx.rollback().await?;
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        }
        sqlx::query("UPDATE games SET last_at = $1 WHERE id = $2")
            .bind(now)
            .bind(game)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The game's commands, in turn order.
    pub async fn commands(&self, game: i64) -> Result<Vec<Command>, StoreError> {
        let rows =
            sqlx::query("SELECT turn, command FROM commands WHERE game_id = $1 ORDER BY turn")
                .bind(game)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let turn: i64 = r.try_get(0)?;
                let text: String = r.try_get(1)?;
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    game,
                    turn,
                    what: e.to_string(),
                })
            })
            .collect()
    }
}
