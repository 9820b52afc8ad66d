//! Sessions, games and commands in a database: SQLite in a file by default, PostgreSQL when given
//! a `postgres://` URL, through one code path (sqlx's `Any` driver) and the migrations in
//! `crates/server/migrations`. A command is committed before the server acknowledges it; the
//! primary key (game, turn) makes sure a turn is taken once, even by two servers at once.

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Its join code.
    pub code: String,
    /// The level's id.
    pub level_id: String,
    /// The level file's content hash, so every game replays on the same level.
    pub level_hash: String,
    /// The difficulty's id.
    pub difficulty: String,
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
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Db(e.to_string()))?;
        Ok(Store { pool })
    }

    /// Stores a new session.
    pub async fn add_session(&self, s: &SessionRow, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (code, level_id, level_hash, difficulty, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.code)
        .bind(&s.level_id)
        .bind(&s.level_hash)
        .bind(&s.difficulty)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session with this code.
    pub async fn session(&self, code: &str) -> Result<SessionRow, StoreError> {
        let row = sqlx::query(
            "SELECT code, level_id, level_hash, difficulty FROM sessions WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NoSession(code.to_string()))?;
        Ok(SessionRow {
            code: row.try_get(0)?,
            level_id: row.try_get(1)?,
            level_hash: row.try_get(2)?,
            difficulty: row.try_get(3)?,
        })
    }

    /// The game of `player` in the session, made with `seed` if the student is new.
    pub async fn game_of(
        &self,
        code: &str,
        player: &str,
        seed: u64,
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
            "INSERT INTO games (id, session_code, player, seed) VALUES ($1, $2, $3, $4)",
        )
        .bind(next)
        .bind(code)
        .bind(player)
        .bind(seed as i64)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => tx.commit().await?,
            // Two joins at once with one name: the other made the game.
            Err(_) => tx.rollback().await?,
        }
        self.find_game(code, player)
            .await?
            .ok_or_else(|| StoreError::Db(format!("the game of {player} was not stored")))
    }

    async fn find_game(&self, code: &str, player: &str) -> Result<Option<GameRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, session_code, player, seed FROM games WHERE session_code = $1 AND player = $2",
        )
        .bind(code)
        .bind(player)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some(GameRow {
                id: r.try_get(0)?,
                session: r.try_get(1)?,
                player: r.try_get(2)?,
                seed: r.try_get::<i64, _>(3)? as u64,
            }),
            None => None,
        })
    }

    /// Every game of a session, in the order they joined.
    pub async fn games(&self, code: &str) -> Result<Vec<GameRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, session_code, player, seed FROM games WHERE session_code = $1 ORDER BY id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GameRow {
                    id: r.try_get(0)?,
                    session: r.try_get(1)?,
                    player: r.try_get(2)?,
                    seed: r.try_get::<i64, _>(3)? as u64,
                })
            })
            .collect()
    }

    /// Stores the command of `turn`; `false` when that turn is already taken (a duplicate).
    pub async fn append(&self, game: i64, turn: u64, cmd: &Command) -> Result<bool, StoreError> {
        let text = serde_json::to_string(cmd).map_err(|e| StoreError::Db(e.to_string()))?;
        let done = sqlx::query("INSERT INTO commands (game_id, turn, command) VALUES ($1, $2, $3)")
            .bind(game)
            .bind(turn as i64)
            .bind(text)
            .execute(&self.pool)
            .await;
        match done {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
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
