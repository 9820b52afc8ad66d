//! Class sessions for Quid Pro Quo. A teacher opens a session on a level; students join it with
//! a short code and a name; every command of every student's game is stored before it is
//! acknowledged, and a game is never kept anywhere but as its log: the server replays it from the
//! stored commands whenever it needs it, so a restart or a second server on the same database
//! loses nothing.
//!
//! - [`protocol`]: the messages between a student's game and the server, versioned and checked
//!   (they live in the core, `qpq_core::net`, so every client speaks the same).
//! - [`store`]: sessions, games and commands in SQLite (a file, by default) or PostgreSQL, one
//!   code path, migrations checked in.
//! - [`app`]: the HTTP server: the students' WebSocket, the teacher's pages, the browser page.
//! - [`teacher`]: the teacher's pages: open a session, the live monitor, the results.
//! - [`bot`]: a simulated student over a real WebSocket, for the load generator and the tests.
//! - [`limits`]: how much one connection or one computer may ask.
//! - [`class`]: the rules of a session — joining, and taking a command only when it is the next
//!   turn and the game accepts it.

pub mod app;
pub mod bot;
pub mod class;
pub mod fuzzing;
pub mod limits;
/// The messages, from the core (every client speaks them too).
pub use qpq_core::net as protocol;
pub mod store;
pub mod teacher;
