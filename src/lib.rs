//! Quid Pro Quo: a turn-based negotiation game on the Heritage Foundation memo "With North Korea,
//! Seek Quid Pro Quo Engagement" (April 2000).
//!
//! A guide to the code:
//! - [`sim`] — the rules: state, actions, offers and agreements, intelligence, events, the
//!   resolution of a round, outcomes and the score. No Bevy, no I/O.
//! - [`ai`] — Pyongyang: its utility, its model of the U.S., and how it decides.
//! - [`level`] — the RON level format: types, loading, validation with positioned diagnostics.
//! - [`analysis`] — the debrief, strategy fingerprint, game records, reports and the class view.
//! - [`game`] — the Bevy shell: screens, widgets, map, saves, hot reload. The only Bevy code.
//! - [`cli`] — the subcommands (`check`, `play --text`, `report`, `replay`, `simulate`,
//!   `class-report`), written over the core.
//!
//! A game is a pure function of (level, seed, difficulty, command log): see [`sim::game::Game`].

pub mod ai;
pub mod analysis;
pub mod cli;
pub mod game;
pub mod level;
pub mod sim;
