//! The rules of a class session: a join code, a student's game found (or made) by name, and a
//! command taken only when it is the next turn and the game, replayed from its stored log,
//! accepts it — so a duplicate is refused, a stale client is told where the game is, and a
//! tampered command never reaches the log.

use crate::protocol::{PROTOCOL_VERSION, ServerMsg};
use crate::store::{SessionRow, Store, StoreError};
use qpq_core::level::{self, Loaded};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Command, Game};
use rand::RngExt;

/// The letters of a join code: no 0/O, 1/I/L, so it reads aloud and from a projector.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A fresh join code: six letters from [`CODE_LETTERS`] (about 887 million codes).
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..6)
        .map(|_| char::from(CODE_LETTERS[rng.random_range(0..CODE_LETTERS.len())]))
        .collect()
}

/// A shipped level by id.
pub fn level(id: &str) -> Result<Loaded, String> {
    match level::shipped(id) {
        Some(Ok(l)) => Ok(l),
        Some(Err(d)) => Err(d.render()),
        None => Err(format!("there is no shipped level `{id}`")),
    }
}

/// Opens a session on a shipped level at a difficulty; returns its join code.
pub async fn open_session(
    store: &Store,
    level_id: &str,
    difficulty: Difficulty,
    now: i64,
) -> Result<String, String> {
    let loaded = level(level_id)?;
    let code = new_code();
    store
        .add_session(
            &SessionRow {
                code: code.clone(),
                level_id: loaded.rules.id.clone(),
                level_hash: loaded.rules.content_hash.clone(),
                difficulty: difficulty.id().to_string(),
            },
            now,
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(code)
}

/// A student's game in a session, as the server knows it: its row and the game replayed from
/// its stored commands.
pub struct Seat {
    /// The game's id.
    pub game_id: i64,
    /// The game, replayed.
    pub game: Game,
}

/// Joins (or rejoins) a session: the answer to send, and the seat when joined.
pub async fn join(
    store: &Store,
    version: u32,
    code: &str,
    name: &str,
    seed: u64,
) -> (ServerMsg, Option<Seat>) {
    if version != PROTOCOL_VERSION {
        return (
            ServerMsg::Reload {
                version: PROTOCOL_VERSION,
            },
            None,
        );
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        let why = "a name of 1 to 60 characters is needed to join".to_string();
        return (ServerMsg::Error { why }, None);
    }
    let code = code.trim().to_uppercase();
    let result: Result<(ServerMsg, Seat), String> = async {
        let session = store.session(&code).await.map_err(|e| e.to_string())?;
        let loaded = level(&session.level_id)?;
        if loaded.rules.content_hash != session.level_hash {
            return Err(format!(
                "this server's level `{}` is not the one the session was opened on",
                session.level_id
            ));
        }
        let difficulty = Difficulty::from_id(&session.difficulty)
            .ok_or_else(|| format!("unknown difficulty `{}`", session.difficulty))?;
        let row = store
            .game_of(&code, name, seed)
            .await
            .map_err(|e| e.to_string())?;
        let commands = store.commands(row.id).await.map_err(|e| e.to_string())?;
        let game = Game::replay(loaded.rules.clone(), row.seed, difficulty, &commands);
        let msg = ServerMsg::Joined {
            game: row.id,
            level_id: session.level_id,
            seed: row.seed,
            difficulty: session.difficulty,
            commands,
        };
        Ok((
            msg,
            Seat {
                game_id: row.id,
                game,
            },
        ))
    }
    .await;
    match result {
        Ok((msg, seat)) => (msg, Some(seat)),
        Err(why) => (ServerMsg::Error { why }, None),
    }
}

/// Takes a command of `turn` for the seat: only the next turn, only a command its game accepts,
/// stored before it is acknowledged.
pub async fn command(
    store: &Store,
    seat: &mut Seat,
    turn: u64,
    cmd: Command,
) -> Result<ServerMsg, StoreError> {
    let next = seat.game.commands().len() as u64;
    let refuse = |why: String| ServerMsg::Refused { turn, next, why };
    if turn != next {
        return Ok(refuse(if turn < next {
            format!("turn {turn} is already played")
        } else {
            format!("turn {turn} comes after turn {next}, which has not arrived")
        }));
    }
    let mut trial = seat.game.clone();
    if let Err(refusal) = trial.command(cmd.clone()) {
        return Ok(refuse(format!(
            "the game does not take this command: {refusal}"
        )));
    }
    if !store.append(seat.game_id, turn, &cmd).await? {
        // Another connection of the same game stored this turn first: follow the log.
        let commands = store.commands(seat.game_id).await?;
        let rules = seat.game.rules_arc().clone();
        seat.game = Game::replay(rules, seat.game.seed(), seat.game.difficulty(), &commands);
        return Ok(ServerMsg::Refused {
            turn,
            next: commands.len() as u64,
            why: format!("turn {turn} is already played"),
        });
    }
    seat.game = trial;
    Ok(ServerMsg::Ack { turn })
}
