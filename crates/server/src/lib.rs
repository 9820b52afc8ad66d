//! Class sessions for Quid Pro Quo. A teacher opens a session on a level; students join it with
//! a short code and a name; every command of every student's game is stored before it is
//! acknowledged, and a game is never kept anywhere but as its log: the server replays it from the
//! stored commands whenever it needs it, so a restart or a second server on the same database
//! loses nothing.
//!
//! - [`protocol`]: the messages between a student's game and the server, versioned and checked.
//! - [`store`]: sessions, games and commands in SQLite (a file, by default) or PostgreSQL, one
//!   code path, migrations checked in.
//! - [`class`]: the rules of a session — joining, and taking a command only when it is the next
//!   turn and the game accepts it.

pub mod class;
pub mod fuzzing;
pub mod protocol;
pub mod store;
