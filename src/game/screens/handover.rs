//! Between two students at one screen: nothing of either side is shown — no values, no news, no
//! orders — until the next student says they have the seat. After the U.S. ends its half the
//! seat passes to the other side; after the other side ends its half, back to Washington, which
//! then reads its report.

use crate::game::acts::{Act, Screen};
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, go};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, panel_with, text};
use crate::sim::game::Phase;
use bevy::prelude::*;

/// The screen, its keys and its act.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Handover, build)
        .add_keys(KeysOn::Screen(Screen::Handover), keys)
        .add_acts(carry_out);
}

/// Who takes the seat next: the other side while the round waits for its orders, else
/// Washington.
fn next_chair(s: &crate::game::state::Session) -> String {
    match s.phase() {
        Phase::Opponent => s.seat().rules().names.opponent.clone(),
        Phase::Us => "Washington".to_string(),
    }
}

fn build(c: &mut Commands, root: Entity, ui: &Ui, _: &Kept, _: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    let who = next_chair(s);
    c.entity(root).with_children(|r| {
        r.spawn(Node {
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            row_gap: px(18),
            padding: UiRect::all(px(24)),
            ..default()
        })
        .with_children(|outer| {
            // A card in the middle of an empty screen: nothing of either side around it.
            outer
                .spawn(panel_with(
                    &p,
                    p.panel,
                    Node {
                        width: px(680),
                        max_width: percent(92),
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(18),
                        padding: UiRect::axes(px(32), px(40)),
                        border: UiRect::all(px(1)),
                        ..default()
                    },
                ))
                .with_children(|col| {
            col.spawn(bold(
                format!("Pass the seat to {who}"),
                theme::H1,
                p.heading,
                &ui.theme.bold,
            ));
            col.spawn(text(
                format!(
                    "Nothing is on screen while the seat changes hands. {who}: press Enter when you have the seat."
                ),
                theme::BODY,
                p.text,
            ));
            col.spawn(button(
                &p,
                &format!("I am {who}: show my screen"),
                Some("Enter"),
                Act::Seated,
                Kind::Primary,
                None,
            ));
                });
        });
    });
}

fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::Enter | KeyCode::NumpadEnter => Some(Act::Seated),
        KeyCode::Escape => Some(Act::Pause),
        _ => None,
    }
}

/// The next student has the seat: the other chair's orders, or the U.S.'s report of the round.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Seated => {
            let to = match sh.session.as_ref().map(|s| s.phase()) {
                Some(Phase::Opponent) => Screen::Opponent,
                Some(Phase::Us)
                    if sh
                        .session
                        .as_ref()
                        .is_some_and(|s| s.seat().last_report().is_some()) =>
                {
                    Screen::Report
                }
                _ => Screen::Round,
            };
            go(sh, to);
        }
        other => return Some(other),
    }
    None
}
