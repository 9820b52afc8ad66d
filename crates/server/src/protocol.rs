//! The messages between a student's game and the server, as JSON. Every message a client sends
//! carries the protocol version (in `join`) or a turn number (in `command`): a client of another
//! version is told to reload, and a command whose turn is not the next one is refused, never
//! applied twice. Anything malformed gets an error that says what and where, never a panic.

use qpq_core::sim::game::Command;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of these messages. A client that says another is told to reload its page.
pub const PROTOCOL_VERSION: u32 = 1;

/// The longest message a client may send, in bytes (a command is a few hundred).
pub const MAX_MESSAGE: usize = 16 * 1024;

/// What a student's game sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// Join a session (or come back to it): the code, the student's name, and the version of the
    /// messages the client speaks.
    Join {
        /// [`PROTOCOL_VERSION`] of the client.
        version: u32,
        /// The session's join code.
        code: String,
        /// The student's name.
        name: String,
    },
    /// A command of the student's game; `turn` counts the commands before it, from 0.
    Command {
        /// Its place in the game's log.
        turn: u64,
        /// The command, as the game's records keep it.
        command: Command,
    },
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// Joined: the game to play (level, seed, difficulty) and every command it has so far, so a
    /// client that reloaded carries on where it was.
    Joined {
        /// The game's id in the session.
        game: i64,
        /// The level's id.
        level_id: String,
        /// The seed of the game.
        seed: u64,
        /// The difficulty's id.
        difficulty: String,
        /// The commands stored so far, in order; the next turn is their number.
        commands: Vec<Command>,
    },
    /// The command of this turn is stored.
    Ack {
        /// The turn stored.
        turn: u64,
    },
    /// The command of this turn was not taken, and why; `next` is the turn the server expects.
    Refused {
        /// The turn refused.
        turn: u64,
        /// The turn expected next.
        next: u64,
        /// Why, in words.
        why: String,
    },
    /// The client speaks another version of these messages: reload the page.
    Reload {
        /// The server's version.
        version: u32,
    },
    /// A message that could not be used, and why.
    Error {
        /// What was wrong, in words.
        why: String,
    },
}

/// Why a client's message could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// Longer than [`MAX_MESSAGE`].
    TooLarge {
        /// Its length in bytes.
        len: usize,
    },
    /// Not UTF-8 text.
    NotText,
    /// Not a message this server knows: the parser's words, with the line and column where the
    /// text itself is broken (a well-formed message of the wrong shape has no one place).
    Malformed {
        /// What the parser said.
        what: String,
        /// (line, column), from 1, where the text is broken.
        at: Option<(usize, usize)>,
    },
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::TooLarge { len } => write!(
                f,
                "the message is {len} bytes; at most {MAX_MESSAGE} are taken"
            ),
            ProtocolError::NotText => write!(f, "the message is not UTF-8 text"),
            ProtocolError::Malformed {
                what,
                at: Some((line, column)),
            } => write!(
                f,
                "the message could not be read at line {line}, column {column}: {what}"
            ),
            ProtocolError::Malformed { what, at: None } => {
                write!(f, "the message is not one this server knows: {what}")
            }
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Reads a client's message, checking its size first.
pub fn decode(bytes: &[u8]) -> Result<ClientMsg, ProtocolError> {
    if bytes.len() > MAX_MESSAGE {
        return Err(ProtocolError::TooLarge { len: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ProtocolError::NotText)?;
    serde_json::from_str(text).map_err(|e| ProtocolError::Malformed {
        // The parser's own "at line 2 column 7" is said once, by the position.
        what: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
        at: (e.line() > 0).then(|| (e.line(), e.column())),
    })
}

/// A server message as JSON text.
pub fn encode(msg: &ServerMsg) -> String {
    serde_json::to_string(msg).unwrap_or_else(|e| {
        format!("{{\"type\":\"error\",\"why\":\"the answer could not be written: {e}\"}}")
    })
}
