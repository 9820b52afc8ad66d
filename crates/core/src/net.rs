//! A class session over the network, without the network: the messages between a student's game
//! and the class server (as JSON), and the [`Outbox`] that keeps a student's commands until the
//! server has stored them. The server (`crates/server`) and every client (the terminal, the
//! window, the page) speak through this module, so they cannot disagree.
//!
//! Every message a client sends carries the protocol version (in `join`) or a turn number (in
//! `command`): a client of another version is told to reload, and a command whose turn is not the
//! next one is refused, never applied twice. Anything malformed gets an error that says what and
//! where, never a panic.

use crate::level::Variant;
use crate::sim::game::Command;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of these messages. A client that says another is told to reload its page.
pub const PROTOCOL_VERSION: u32 = 2;

/// The longest message a client may send, in bytes (a command is a few hundred).
pub const MAX_MESSAGE: usize = 16 * 1024;

/// The longest message a client takes from the server (a game's whole log when it joins).
pub const MAX_SERVER_MESSAGE: usize = 4 * 1024 * 1024;

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
    /// Joined: the game to play (level, seed, difficulty, chair) and every command it has so
    /// far, so a client that reloaded carries on where it was.
    Joined {
        /// The game's id in the session.
        game: i64,
        /// The student's name as the server keeps it.
        name: String,
        /// The level's id.
        level_id: String,
        /// The level file's content hash: the client's copy must be the same level.
        level_hash: String,
        /// How the level is played beyond its file (the session's length and assumptions).
        #[serde(default)]
        variant: Variant,
        /// The seed of the game.
        seed: u64,
        /// The difficulty's id.
        difficulty: String,
        /// The chair the student sits in: `us`, or `opponent` (against an AI Washington).
        side: String,
        /// The commands stored so far, in order; the next turn is their number.
        commands: Vec<Command>,
    },
    /// The class list, in answer to a `join` with no name or a name not on it: the student
    /// picks a name from it and joins again with that name.
    Roster {
        /// The names on the class list, as the teacher wrote them.
        names: Vec<String>,
        /// Why the join was not taken (a name not on the list), if a name was given.
        #[serde(default)]
        why: Option<String>,
    },
    /// How the class stands: sent after `joined` and whenever the teacher changes it.
    Class(ClassStatus),
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

/// How a class session stands, as the teacher set it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassStatus {
    /// The teacher paused the class: commands are held, not taken, until it goes on.
    pub paused: bool,
    /// The teacher ended the session: no more commands are taken.
    pub ended: bool,
    /// When the round should be ended by, in seconds since 1970 (UTC); the student's game shows
    /// the time left, and the teacher's monitor shows who is behind.
    pub deadline: Option<i64>,
}

impl ClassStatus {
    /// The status in a sentence for the student, or `None` when the class simply goes on.
    pub fn said(&self, now: i64) -> Option<String> {
        if self.ended {
            return Some(
                "The teacher has ended the class session: your game so far is kept, and no more moves are sent."
                    .to_string(),
            );
        }
        if self.paused {
            return Some(
                "The teacher has paused the class: what you do is kept and sent when the class goes on."
                    .to_string(),
            );
        }
        self.deadline.map(|d| {
            let left = d - now;
            if left <= 0 {
                "The teacher's deadline for this round has passed: end the round now.".to_string()
            } else {
                format!(
                    "The teacher asks you to end this round within {}:{:02}; in the game's window or page it then ends by itself, with the moves you have planned.",
                    left / 60,
                    left % 60
                )
            }
        })
    }
}

impl ClassStatus {
    /// What a student reads when the status changes: [`ClassStatus::said`], or, when the class
    /// had been paused (`was_paused`) and now goes on, that it does.
    pub fn news(&self, was_paused: bool, now: i64) -> Option<String> {
        self.said(now).or_else(|| {
            was_paused.then(|| "The class goes on: your moves are being sent.".to_string())
        })
    }
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

/// A client's message as JSON text.
pub fn encode_client(msg: &ClientMsg) -> String {
    serde_json::to_string(msg).unwrap_or_default()
}

/// Reads a server's message (a client's side of [`decode`]).
pub fn decode_server(text: &str) -> Result<ServerMsg, ProtocolError> {
    if text.len() > MAX_SERVER_MESSAGE {
        return Err(ProtocolError::TooLarge { len: text.len() });
    }
    serde_json::from_str(text).map_err(|e| ProtocolError::Malformed {
        what: e.to_string(),
        at: None,
    })
}

/// What a client does with the server's log when it (re)joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// The server has a beginning of the local log (or all of it): send the rest, from this turn.
    SendFrom(u64),
    /// The server has more than this client (the student played on another device): take the
    /// server's log.
    Adopt,
    /// The logs differ: the server's is the one kept; the client starts again from it.
    Conflict,
}

/// A student's commands on their way to the server: which are stored (acknowledged) and which
/// are sent and not yet answered. Commands made while offline wait here and go, in order and
/// once, when the connection comes back; a command the server refuses as already played is not
/// sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    /// Commands the server has stored: the log's first `acked`.
    acked: u64,
    /// Commands sent on this connection: the log's first `sent` (at least `acked`).
    sent: u64,
    /// The class is paused or ended: nothing is sent.
    held: bool,
}

impl Outbox {
    /// Commands the server has stored.
    pub fn acked(&self) -> u64 {
        self.acked
    }

    /// Commands not yet stored by the server (of a log of `local` commands).
    pub fn waiting(&self, local: usize) -> u64 {
        (local as u64).saturating_sub(self.acked)
    }

    /// The server answered `joined` with its log: how to go on from the `local` log.
    pub fn joined(&mut self, server: &[Command], local: &[Command]) -> Resume {
        let n = server.len().min(local.len());
        let resume = if server[..n] != local[..n] {
            Resume::Conflict
        } else if server.len() > local.len() {
            Resume::Adopt
        } else {
            Resume::SendFrom(server.len() as u64)
        };
        self.acked = server.len() as u64;
        self.sent = self.acked;
        resume
    }

    /// The connection dropped: whatever was sent and not answered goes again after the next join.
    pub fn disconnected(&mut self) {
        self.sent = self.acked;
    }

    /// The class status changed: sending stops while the class is paused or ended.
    pub fn status(&mut self, status: &ClassStatus) {
        self.held = status.paused || status.ended;
        if self.held {
            self.sent = self.acked;
        }
    }

    /// The messages to send now for the `local` log: each command not yet sent, with its turn.
    pub fn to_send(&mut self, local: &[Command]) -> Vec<ClientMsg> {
        if self.held {
            return Vec::new();
        }
        let from = self.sent as usize;
        self.sent = self.sent.max(local.len() as u64);
        local
            .iter()
            .enumerate()
            .skip(from)
            .map(|(turn, c)| ClientMsg::Command {
                turn: turn as u64,
                command: c.clone(),
            })
            .collect()
    }

    /// Takes the server's answer; `Some(why)` when a command was refused for a reason the student
    /// should read (not a duplicate, which is simply dropped).
    pub fn answer(&mut self, msg: &ServerMsg) -> Option<String> {
        match msg {
            ServerMsg::Ack { turn } => {
                self.acked = self.acked.max(turn + 1);
                self.sent = self.sent.max(self.acked);
                None
            }
            ServerMsg::Refused { turn, next, why } => {
                // The server has `next` commands; those below are stored, whoever sent them.
                self.acked = self.acked.max(*next);
                self.sent = self.acked;
                (*turn >= *next).then(|| why.clone())
            }
            ServerMsg::Class(status) => {
                self.status(status);
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end() -> Command {
        Command::End
    }

    #[test]
    fn commands_made_offline_go_once_and_in_order_when_the_connection_comes_back() {
        let mut out = Outbox::default();
        let mut log = vec![end()];
        assert_eq!(out.joined(&[], &[]), Resume::SendFrom(0));
        assert_eq!(out.to_send(&log).len(), 1);
        assert!(out.to_send(&log).is_empty(), "sent once");
        // The connection drops before the answer; two more are made offline.
        out.disconnected();
        log.push(end());
        log.push(end());
        // The server had stored the first before the drop: only the two new ones go.
        assert_eq!(out.joined(&log[..1], &log), Resume::SendFrom(1));
        let sent = out.to_send(&log);
        let turns: Vec<u64> = sent
            .iter()
            .map(|m| match m {
                ClientMsg::Command { turn, .. } => *turn,
                ClientMsg::Join { .. } => u64::MAX,
            })
            .collect();
        assert_eq!(turns, vec![1, 2]);
        assert_eq!(out.answer(&ServerMsg::Ack { turn: 2 }), None);
        assert_eq!(out.acked(), 3);
        assert_eq!(out.waiting(3), 0);
    }

    #[test]
    fn a_paused_class_holds_commands_and_a_duplicate_is_not_sent_again() {
        let mut out = Outbox::default();
        out.joined(&[], &[]);
        let paused = ClassStatus {
            paused: true,
            ..ClassStatus::default()
        };
        out.answer(&ServerMsg::Class(paused));
        let log = vec![end(), end()];
        assert!(out.to_send(&log).is_empty());
        out.answer(&ServerMsg::Class(ClassStatus::default()));
        assert_eq!(out.to_send(&log).len(), 2);
        let dup = ServerMsg::Refused {
            turn: 0,
            next: 2,
            why: "turn 0 is already played".into(),
        };
        assert_eq!(out.answer(&dup), None, "a duplicate is no news");
        assert_eq!(out.acked(), 2);
        assert!(out.to_send(&log).is_empty());
        let refused = ServerMsg::Refused {
            turn: 2,
            next: 2,
            why: "the class is paused".into(),
        };
        assert_eq!(out.answer(&refused).as_deref(), Some("the class is paused"));
    }

    #[test]
    fn a_longer_or_different_server_log_is_the_one_kept() {
        let mut out = Outbox::default();
        let other = Command::Undo;
        assert_eq!(out.joined(&[end(), end()], &[end()]), Resume::Adopt);
        assert_eq!(out.joined(&[other], &[end()]), Resume::Conflict);
    }
}
