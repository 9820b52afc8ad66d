//! The screens, a plugin each. A screen's file holds everything about it: its layout (built
//! from the state on every change), its keys and the acts it carries out. Start from the one you
//! want to change:
//!
//! - [`main_menu`], [`level_select`] (the scenario list), [`briefing`], [`settings`], [`load`],
//!   [`join`] (join a class): the pages before a game, on the shared [`page`] frame.
//! - [`round`]: the round — top bar, goal strip, dashboard, map, and the tabs (actions, offer,
//!   agreements, each a file of its own with its acts).
//! - [`report`]: the round's resolution — the answer, changes with causes, "Why?".
//! - [`debrief`]: the end — outcome, charts, reciprocity, fingerprint, assumptions, history.
//! - [`overlays`]: over any screen — the pause menu, help, the save dialog, the level-reload
//!   error, tooltips.
//!
//! [`frame`] is what they all stand on: the [`frame::Ui`] a screen reads and the rebuild.

pub mod blocks;
pub mod briefing;
pub mod debrief;
pub mod frame;
pub mod handover;
pub mod join;
pub mod level_select;
pub mod load;
pub mod main_menu;
pub mod opponent;
pub mod overlays;
pub mod page;
pub mod report;
pub mod round;
pub mod settings;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        frame::plugin,
        main_menu::plugin,
        level_select::plugin,
        briefing::plugin,
        settings::plugin,
        load::plugin,
        round::plugin,
        report::plugin,
        debrief::plugin,
        opponent::plugin,
        handover::plugin,
        join::plugin,
        overlays::plugin,
    ));
}
