//! The core of Quid Pro Quo: the rules, Pyongyang's mind, the level format and the analysis of
//! played games. No window, no command line, no terminal: the game crate (the Bevy shell and the
//! `quid-pro-quo` command) is built on top of this one, and nothing here knows it exists.
//!
//! The modules, bottom up (each uses only those above it in this list; `tests/layers.rs` checks
//! it):
//! - [`files`] — writing files atomically.
//! - [`sim`] — the rules: state, actions, offers and agreements, intelligence, events, the
//!   resolution of a round, outcomes and the score.
//! - [`ai`] — Pyongyang: its utility, its model of the U.S., its lookahead; built-in U.S.
//!   strategies for playtests.
//! - [`level`] — the RON level format: types, loading, validation with positioned diagnostics,
//!   compilation into the rules.
//! - [`analysis`] — the debrief, strategy fingerprint, game records, reports, the class view,
//!   automatic playtests.
//! - [`net`] — a class session's messages between a student's game and the class server, and
//!   the outbox that keeps a student's commands until the server has stored them.
//! - [`text`] — the text-mode command language (`offer give=… ask=…`), parsed into game commands.
//! - [`fuzzing`] — the bodies of the fuzz targets, shared with the test that replays their corpora.
//!
//! A game is a pure function of (level, seed, difficulty, command log): see [`sim::game::Game`].

#![warn(missing_docs)]

pub mod ai;
pub mod analysis;
pub mod files;
pub mod fuzzing;
pub mod level;
pub mod net;
pub mod sim;
pub mod text;
