//! The rules, the level format, determinism and play-throughs, tested without Bevy: each rule on
//! a small level with chosen orders, every shipped level loaded and played, the golden game, the
//! level reference's examples. One binary, so a rules change rebuilds only the core.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

mod behaviour;
mod common;
mod determinism;
mod docs;
mod levels;
mod own;
mod playthrough;
mod rules;
mod seats;
mod wording;
