//! Integration tests, in one binary: rules, levels, the text mode, determinism, play-throughs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

mod app;
mod behaviour;
mod common;
mod debrief;
mod determinism;
mod docs;
mod levels;
mod monkey;
mod own;
mod playthrough;
mod rules;
mod screens;
mod secrets;
mod text;
