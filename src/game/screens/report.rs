//! The round's resolution: what the player did, the news, every change with its cause, and "Why
//! did Pyongyang do that?" — the core's words (`analysis::wording::round_report` and `why`),
//! drawn in two columns.

use crate::analysis::document::Block;
use crate::analysis::wording;
use crate::game::acts::{Act, Screen};
use crate::game::screens::blocks;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::{goal_strip, message_line, top_bar};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, go};
use crate::game::state::Session;
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, scroll_panel};
use bevy::prelude::*;

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Report, build)
        .add_keys(KeysOn::Screen(Screen::Report), keys)
        .add_acts(carry_out);
}

/// Builds the report screen for the last round played.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, images: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    let g = s.seat();
    let rules = g.rules();
    let v = g.view();
    let Some(words) = wording::round_report(g) else {
        return;
    };
    let over = g.over().is_some();
    c.entity(root).with_children(|root| {
        top_bar(root, ui, s, &v, false);
        goal_strip(root, ui, &g.progress());
        message_line(root, &p, s);
        root.spawn((Node {
            padding: UiRect::axes(px(16), px(8)),
            column_gap: px(12),
            row_gap: px(6),
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            ..default()
        },))
            .with_children(|b| {
                b.spawn(bold(
                    words.title.clone(),
                    theme::H1,
                    p.heading,
                    &ui.theme.bold,
                ));
                b.spawn(button(
                    &p,
                    if over {
                        "See the debrief"
                    } else {
                        "Next round"
                    },
                    Some("N"),
                    Act::Next,
                    Kind::Primary,
                    None,
                ));
                b.spawn(button(
                    &p,
                    &wording::why_heading(&rules.names.opponent),
                    Some("W"),
                    Act::Why,
                    Kind::selected_if(s.show_why),
                    None,
                ));
            });
        root.spawn(crate::game::widgets::body_row())
            .with_children(|body| {
                scroll_panel(
                    body,
                    &p,
                    "report-news",
                    kept,
                    5.0,
                    12.0,
                    Node {
                        width: percent(50),
                        ..default()
                    },
                    |n| blocks::blocks(n, ui, &words.did, images),
                );
                scroll_panel(
                    body,
                    &p,
                    "report-changes",
                    kept,
                    5.0,
                    12.0,
                    Node {
                        width: percent(50),
                        ..default()
                    },
                    |ch| {
                        if s.show_why {
                            why(ch, ui, s, images);
                        }
                        blocks::blocks(ch, ui, &words.changed, images);
                    },
                );
            });
    });
}

/// Why the other side did what it did (the core's words), with the button that shows or hides the
/// scores behind its reasons.
fn why(ch: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, images: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let seat = s.seat();
    let words = wording::why(seat, s.show_scores);
    let has_reasons = words.iter().any(|b| matches!(b, Block::List { .. }));
    blocks::blocks(ch, ui, &words, images);
    if has_reasons {
        ch.spawn(Node::default()).with_child(button(
            &p,
            if s.show_scores {
                "Hide the scores"
            } else {
                "Show the scores"
            },
            Some("S"),
            Act::WhyScores,
            Kind::selected_if(s.show_scores),
            None,
        ));
    }
}

/// The report's keys: next, why, the scores behind the reasons, pause.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyN => Some(Act::Next),
        KeyCode::KeyW => Some(Act::Why),
        KeyCode::KeyS => Some(Act::WhyScores),
        KeyCode::Escape => Some(Act::Pause),
        _ => None,
    }
}

/// The report's acts: go on (to the next round or the debrief), show the reasons.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Next => {
            let over = sh
                .session
                .as_ref()
                .is_some_and(|s| s.seat().over().is_some());
            go(sh, if over { Screen::Debrief } else { Screen::Round });
        }
        Act::Why => {
            if let Some(s) = sh.session.as_mut() {
                s.show_why = !s.show_why;
            }
        }
        Act::WhyScores => {
            if let Some(s) = sh.session.as_mut() {
                s.show_scores = !s.show_scores;
                s.show_why = true;
            }
        }
        other => return Some(other),
    }
    None
}
