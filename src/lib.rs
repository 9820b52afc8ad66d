//! Quid Pro Quo: a turn-based negotiation game on the Heritage Foundation memo "With North Korea,
//! Seek Quid Pro Quo Engagement" (April 2000).
//!
//! A guide to the code:
//! - [`sim`], [`ai`], [`level`], [`analysis`] — the core, from the `qpq-core` crate (no Bevy):
//!   the rules, Pyongyang's mind, the level format, the debrief and playtests.
//! - [`game`] — the Bevy shell: screens, widgets, map, saves, hot reload. The only Bevy code.
//! - [`link`] — a student's game joined to a class server (the terminal's and the window's).
//! - [`cli`] — the subcommands (`check`, `play --text`, `report`, `replay`, `simulate`,
//!   `class-report`), written over the core.
//!
//! A game is a pure function of (level, seed, difficulty, command log): see [`sim::game::Game`].

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod game;
pub mod link;

/// The core (rules, AI, level format, analysis) lives in its own crate, `qpq-core`, without Bevy;
/// its modules are re-exported here so the shell reads `crate::sim`, `crate::level`, ….
pub use qpq_core::{ai, analysis, files, level, net, sim};
