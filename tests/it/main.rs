//! Integration tests of the program, in one binary: the window (headless and screenshots), the
//! text mode, the debrief's files, secrecy at the terminal. The rules, levels, determinism and
//! play-throughs need no Bevy and are tested in the core (`crates/core/tests/rules`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

mod app;
mod class;
mod common;
// The core's fixtures (a small level, rounds resolved with chosen orders), shared, not copied.
mod debrief;
#[path = "../../crates/core/tests/rules/common.rs"]
#[allow(
    dead_code,
    reason = "the window tests use only some of the core's fixtures"
)]
mod fixtures;
mod monkey;
mod other_chair;
mod screen_reader;
mod screens;
mod secrets;
mod text;
