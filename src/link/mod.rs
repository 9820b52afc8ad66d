//! The link from a student's game to the class server, for the terminal (`play --join`), the
//! window and the page ("Join a class"). It joins, sends each move the game makes through the
//! core's [`crate::net::Outbox`] (a move is kept until the server has stored it; moves made while
//! the connection is down go, in order and once, when it is back), reads the server's answers,
//! and comes back by itself when the connection drops. The game talks to it through
//! [`Link::sent`] and [`Link::poll`], and never waits on the network: on the desktop a thread owns
//! the connection ([`native`]); in the page, the browser's WebSocket calls back and `poll` does
//! the rest (`web`).

use crate::net::ClassStatus;
use crate::sim::game::Command;

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::Link;
#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
pub use web::Link;

/// The game a student joined, as the server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The student's name as the server keeps it.
    pub name: String,
    /// The join code.
    pub code: String,
    /// The level's id and its file's hash.
    pub level_id: String,
    /// The level file's content hash.
    pub level_hash: String,
    /// How the class plays the level.
    pub variant: crate::level::Variant,
    /// The game's seed.
    pub seed: u64,
    /// The difficulty's id.
    pub difficulty: String,
    /// `us` or `opponent`.
    pub side: String,
    /// The moves the server has.
    pub commands: Vec<Command>,
    /// What the teacher has set.
    pub status: ClassStatus,
}

impl Joined {
    /// The game of the server's `joined` answer to a join with `code`, with the class's status;
    /// any other answer is given back.
    pub fn of(
        msg: crate::net::ServerMsg,
        code: &str,
        status: ClassStatus,
    ) -> Result<Joined, Box<crate::net::ServerMsg>> {
        match msg {
            crate::net::ServerMsg::Joined {
                name,
                level_id,
                level_hash,
                variant,
                seed,
                difficulty,
                side,
                commands,
                ..
            } => Ok(Joined {
                name,
                code: code.to_string(),
                level_id,
                level_hash,
                variant,
                seed,
                difficulty,
                side,
                commands,
                status,
            }),
            other => Err(Box::new(other)),
        }
    }
}

/// What the link tells the game.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Joined: the game to play.
    Joined(Box<Joined>),
    /// The class has a list of names and the student gave none, or one not on it (`why`): the
    /// student picks a name and joins again. The link has stopped.
    Roster {
        /// The names on the class list.
        names: Vec<String>,
        /// Why the name given was not taken, if one was.
        why: Option<String>,
    },
    /// Could not join (a wrong code, no server, another version); the link has stopped.
    Failed(String),
    /// What the teacher set (paused, ended, a deadline).
    Status(ClassStatus),
    /// Words for the student (the connection dropped or came back, a move refused).
    Said(String),
    /// The server has stored this many moves.
    Stored(u64),
}

/// The students' WebSocket address of a server given as `http://host:port`, `host:port` or
/// `ws://host:port/play`.
pub fn play_url(server: &str) -> String {
    let s = server.trim().trim_end_matches('/');
    let s = s
        .strip_prefix("http://")
        .map(|r| format!("ws://{r}"))
        .or_else(|| s.strip_prefix("https://").map(|r| format!("wss://{r}")))
        .unwrap_or_else(|| {
            if s.starts_with("ws://") || s.starts_with("wss://") {
                s.to_string()
            } else {
                format!("ws://{s}")
            }
        });
    if s.ends_with("/play") {
        s
    } else {
        format!("{s}/play")
    }
}

/// The words when the connection drops.
pub const DROPPED: &str = "The connection to the class server dropped.";
/// The words when the server holds other moves for the student than this game does.
pub const ELSEWHERE: &str = "The class server holds other moves for you than this game (did you play elsewhere?). Moves made here are no longer sent: join the class again to play on from the server's game.";

/// The words when it is back.
pub const BACK: &str = "Connected to the class server again";

/// What the game is told of an answer to a first join that is not the game: the class list to
/// pick a name from, or why the student cannot join.
fn not_joined(msg: crate::net::ServerMsg) -> Note {
    match msg {
        crate::net::ServerMsg::Roster { names, why } => Note::Roster { names, why },
        other => Note::Failed(refusal(other)),
    }
}

/// Why a join was refused, in words.
fn refusal(msg: crate::net::ServerMsg) -> String {
    match msg {
        crate::net::ServerMsg::Roster { why, .. } => why.unwrap_or_else(|| {
            "The class server asks for your name from the class list.".to_string()
        }),
        crate::net::ServerMsg::Error { why } => format!("The class server says: {why}"),
        crate::net::ServerMsg::Reload { version } => format!(
            "The class server speaks version {version} of the game's messages and this game speaks {}: use the game the class uses.",
            crate::net::PROTOCOL_VERSION
        ),
        other => format!("The class server answered {other:?}"),
    }
}

/// The game a student joined, as their own copy: the class's level (its length and assumptions),
/// seed and difficulty, with the moves the server has. Refused when this game does not have the
/// level the class plays, or has another version of it.
pub fn game_of(j: &Joined) -> Result<(crate::level::Loaded, crate::sim::game::Game), String> {
    if j.side != "us" && j.side != "opponent" {
        return Err(format!(
            "This class plays from the `{}` chair, which this game does not know.",
            j.side
        ));
    }
    let loaded = match crate::level::shipped_with(&j.level_id, &j.variant) {
        Some(Ok(l)) => l,
        Some(Err(d)) => return Err(d.render()),
        None => {
            return Err(format!(
                "The class plays level `{}`, which this game does not have: use the game the class uses.",
                j.level_id
            ));
        }
    };
    if loaded.rules.content_hash != j.level_hash {
        return Err(format!(
            "The class plays another version of `{}` than this game has: use the game the class uses.",
            j.level_id
        ));
    }
    let game = replay(&loaded, j, &j.commands);
    Ok((loaded, game))
}

/// A class game's log replayed: against the AI in the U.S. chair; with a person opposite in the
/// other chair (Washington's moves, the AI's, are in the log).
pub fn replay(
    loaded: &crate::level::Loaded,
    j: &Joined,
    log: &[Command],
) -> crate::sim::game::Game {
    let difficulty = crate::sim::Difficulty::from_id(&j.difficulty).unwrap_or_default();
    let chair = if j.side == "opponent" {
        crate::sim::game::Chair::Person
    } else {
        crate::analysis::record::OtherChair::Ai.chair(difficulty)
    };
    crate::sim::game::Game::replay_seated(loaded.rules.clone(), j.seed, difficulty, chair, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_found_however_the_teacher_wrote_it() {
        for given in [
            "http://10.0.0.5:8080",
            "http://10.0.0.5:8080/",
            "10.0.0.5:8080",
            "ws://10.0.0.5:8080/play",
        ] {
            assert_eq!(play_url(given), "ws://10.0.0.5:8080/play", "{given}");
        }
        assert_eq!(
            play_url("https://class.example"),
            "wss://class.example/play"
        );
    }
}
