//! The rules of a class session: a join code, a student's game found (or made) by name, and a
//! command taken only when it is the next turn, the class is not paused or ended, and the game,
//! replayed from its stored log, accepts it — so a duplicate is refused, a stale client is told
//! where the game is, and a tampered command never reaches the log.

use crate::protocol::{ClassStatus, PROTOCOL_VERSION, ServerMsg};
use crate::store::{SessionRow, Store, StoreError};
use qpq_core::level::{self, Loaded, Variant};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Chair, Command, Game};
use qpq_core::sim::vocab::Side;
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

/// A shipped level by id, played as `variant` says.
pub fn level(id: &str, variant: &Variant) -> Result<Loaded, String> {
    match level::shipped_with(id, variant) {
        Some(Ok(l)) => Ok(l),
        Some(Err(d)) => Err(d.render()),
        None => Err(format!("there is no shipped level `{id}`")),
    }
}

/// The level a session is played on.
pub fn level_of(session: &SessionRow) -> Result<Loaded, String> {
    let loaded = level(&session.level_id, &Variant::from_key(&session.variant))?;
    if loaded.rules.content_hash != session.level_hash {
        return Err(format!(
            "this server's level `{}` is not the one the session was opened on",
            session.level_id
        ));
    }
    Ok(loaded)
}

/// What a teacher asks for when opening a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSpec {
    /// A shipped level's id.
    pub level_id: String,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// One of the level's lengths (`None`: as written).
    pub length: Option<String>,
    /// A shipped assumption preset (`None`: the level's own assumptions).
    pub preset: Option<String>,
    /// `us`, `opponent` or `half`.
    pub chair: String,
    /// Names students pick from; empty: any name.
    pub roster: Vec<String>,
}

impl SessionSpec {
    /// A session on `level_id` at normal difficulty, as written, in the U.S. chair.
    pub fn new(level_id: &str) -> SessionSpec {
        SessionSpec {
            level_id: level_id.to_string(),
            difficulty: Difficulty::Normal,
            length: None,
            preset: None,
            chair: "us".to_string(),
            roster: Vec::new(),
        }
    }

    /// The variant the spec plays: the length, then the preset.
    pub fn variant(&self) -> Result<Variant, String> {
        let mut v = Variant {
            length: self.length.clone(),
            set: Vec::new(),
        };
        if let Some(p) = &self.preset {
            v = v.with_preset(&level::preset(p).map_err(|d| d.render())?);
        }
        Ok(v)
    }
}

/// Opens a session; returns its join code. The level, its length, the preset and the chair are
/// checked first, and refused with a reason.
pub async fn open_session(store: &Store, spec: &SessionSpec, now: i64) -> Result<String, String> {
    let variant = spec.variant()?;
    let loaded = level(&spec.level_id, &variant)?;
    let sides = &loaded.rules.sides;
    let needs: &[Side] = match spec.chair.as_str() {
        "us" => &[Side::Us],
        "opponent" => &[Side::Opponent],
        "half" => &[Side::Us, Side::Opponent],
        other => {
            return Err(format!(
                "the chair `{other}` is not one of `us`, `opponent`, `half`"
            ));
        }
    };
    if let Some(side) = needs.iter().find(|s| !sides.playable(**s)) {
        let chair = match side {
            Side::Us => "the U.S. chair".to_string(),
            Side::Opponent => format!("{}'s chair", loaded.rules.names.opponent),
        };
        return Err(format!(
            "{} cannot be played from {chair}",
            loaded.rules.title
        ));
    }
    let code = new_code();
    store
        .add_session(&SessionRow {
            code: code.clone(),
            level_id: loaded.rules.id.clone(),
            level_hash: loaded.rules.content_hash.clone(),
            difficulty: spec.difficulty.id().to_string(),
            variant: variant.key(),
            chair: spec.chair.clone(),
            roster: spec.roster.clone(),
            status: ClassStatus::default(),
            created_at: now,
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(code)
}

/// A student's game in a session, as the server knows it: its row and the game replayed from
/// its stored commands.
pub struct Seat {
    /// The game's id.
    pub game_id: i64,
    /// The session's code.
    pub code: String,
    /// The game, replayed.
    pub game: Game,
}

/// The game of a stored log: with a person opposite when the student sits in the other chair
/// (Washington's moves, made by the student's own AI Washington, are in the log).
pub fn replay(
    loaded: &Loaded,
    seed: u64,
    difficulty: Difficulty,
    side: &str,
    log: &[Command],
) -> Game {
    let chair = if side == "opponent" {
        Chair::Person
    } else {
        qpq_core::analysis::record::OtherChair::Ai.chair(difficulty)
    };
    Game::replay_seated(loaded.rules.clone(), seed, difficulty, chair, log)
}

/// Joins (or rejoins) a session: the answer to send, and when joined the seat and how the class
/// stands (as stored).
pub async fn join(
    store: &Store,
    version: u32,
    code: &str,
    name: &str,
    seed: u64,
    now: i64,
) -> (ServerMsg, Option<(Seat, ClassStatus)>) {
    if version != PROTOCOL_VERSION {
        return (
            ServerMsg::Reload {
                version: PROTOCOL_VERSION,
            },
            None,
        );
    }
    let name = name.trim();
    if name.chars().count() > 60 {
        let why = "a name of 1 to 60 characters is needed to join".to_string();
        return (ServerMsg::Error { why }, None);
    }
    let code = code.trim().to_uppercase();
    let result: Result<(ServerMsg, Option<(Seat, ClassStatus)>), String> = async {
        let session = store.session(&code).await.map_err(|e| e.to_string())?;
        // With a class list, a student picks a name from it: no name, or one not on it, is
        // answered with the list.
        let name = if session.roster.is_empty() {
            if name.is_empty() {
                return Err("type your name to join (1 to 60 characters)".to_string());
            }
            name.to_string()
        } else {
            match session.roster.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                Some(n) => n.clone(),
                None => {
                    let why = (!name.is_empty())
                        .then(|| format!("`{name}` is not on this class's list: pick your name"));
                    let names = session.roster.clone();
                    return Ok((ServerMsg::Roster { names, why }, None));
                }
            }
        };
        let loaded = level_of(&session)?;
        let difficulty = Difficulty::from_id(&session.difficulty)
            .ok_or_else(|| format!("unknown difficulty `{}`", session.difficulty))?;
        let side = match session.chair.as_str() {
            "half" => {
                let joined = store.games(&code).await.map_err(|e| e.to_string())?;
                if joined.len() % 2 == 0 {
                    "us"
                } else {
                    "opponent"
                }
            }
            "opponent" => "opponent",
            _ => "us",
        };
        let row = store
            .game_of(&code, &name, seed, side, now)
            .await
            .map_err(|e| e.to_string())?;
        let commands = store.commands(row.id).await.map_err(|e| e.to_string())?;
        let game = replay(&loaded, row.seed, difficulty, &row.side, &commands);
        let msg = ServerMsg::Joined {
            game: row.id,
            name: row.player.clone(),
            level_id: session.level_id,
            level_hash: session.level_hash,
            variant: Variant::from_key(&session.variant),
            seed: row.seed,
            difficulty: session.difficulty,
            side: row.side,
            commands,
        };
        let seat = Seat {
            game_id: row.id,
            code: code.clone(),
            game,
        };
        Ok((msg, Some((seat, session.status))))
    }
    .await;
    match result {
        Ok((msg, seat)) => (msg, seat),
        Err(why) => (ServerMsg::Error { why }, None),
    }
}

/// Takes a command of `turn` for the seat: only the next turn, only while the class goes on,
/// only a command its game accepts, stored before it is acknowledged.
pub async fn command(
    store: &Store,
    seat: &mut Seat,
    status: &ClassStatus,
    turn: u64,
    cmd: Command,
    now: i64,
) -> Result<ServerMsg, StoreError> {
    let next = seat.game.commands().len() as u64;
    let refuse = |why: String| ServerMsg::Refused { turn, next, why };
    if status.ended {
        return Ok(refuse("the teacher has ended the class session".into()));
    }
    if status.paused {
        return Ok(refuse(
            "the teacher has paused the class; your move is sent again when it goes on".into(),
        ));
    }
    if turn != next {
        return Ok(refuse(if turn < next {
            format!("turn {turn} is already played")
        } else {
            format!("turn {turn} comes after turn {next}, which has not arrived")
        }));
    }
    // The game's answer (the AI's whole turn after an `End`) is worked out off the threads that
    // serve connections, so one student's round never holds up another's message.
    let mut trial = seat.game.clone();
    let tried = cmd.clone();
    let (trial, answer) = tokio::task::spawn_blocking(move || {
        let answer = trial.command(tried);
        (trial, answer)
    })
    .await
    .map_err(|e| StoreError::Db(format!("the game could not be played on: {e}")))?;
    if let Err(refusal) = answer {
        return Ok(refuse(format!(
            "the game does not take this command: {refusal}"
        )));
    }
    if !store.append(seat.game_id, turn, &cmd, now).await? {
        // Another connection of the same game stored this turn first: follow the log.
        let commands = store.commands(seat.game_id).await?;
        let mut game = seat.game.clone();
        for c in &commands[seat.game.commands().len().min(commands.len())..] {
            let _ = game.command(c.clone());
        }
        seat.game = game;
        return Ok(ServerMsg::Refused {
            turn,
            next: commands.len() as u64,
            why: format!("turn {turn} is already played"),
        });
    }
    seat.game = trial;
    Ok(ServerMsg::Ack { turn })
}
