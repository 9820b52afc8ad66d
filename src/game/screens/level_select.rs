//! The scenario list: the shipped levels and the player's own, with the difficulty.

use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{difficulty_key, difficulty_row, notice, page, page_column};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::shell::{digit, go};
use crate::game::state::Lengths;
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, panel_with, row, scroll_panel, text};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::LevelSelect, build)
        .add_keys(KeysOn::Screen(Screen::LevelSelect), keys)
        .add_acts(carry_out);
}

/// The shipped levels and the user's own, each with title, summary and length.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let body = page(c, root, ui, "Choose a scenario");
    c.entity(body).with_children(|b| {
        b.spawn(page_column()).with_children(|col| {
            difficulty_row(col, ui);
            scroll_panel(col, &p, "levels", kept, theme::GAP, theme::PAD, Node { flex_grow: 1.0, ..default() }, |list| {
                for (i, l) in ui.catalog.levels.iter().enumerate() {
                    list.spawn(panel_with(&p, p.panel_alt, Node { flex_direction: FlexDirection::Column, padding: UiRect::all(px(theme::PAD)), row_gap: px(theme::GAP), ..default() }))
                        .with_children(|card| {
                            card.spawn(bold(
                                format!("{}. {}", i + 1, l.title),
                                theme::H2,
                                p.heading,
                                &ui.theme.bold,
                            ));
                            match &l.error {
                                None => {
                                    if !l.question.is_empty() {
                                        card.spawn(text(l.question.clone(), theme::BODY, p.heading));
                                    }
                                    card.spawn(text(l.summary.clone(), theme::BODY, p.text));
                                    card.spawn(row(theme::GAP)).with_children(|r| {
                                        r.spawn(text(l.length.clone(), theme::SMALL, p.text_dim));
                                        let key = (i < 9).then(|| (i + 1).to_string());
                                        r.spawn(button(
                                            &p,
                                            "Choose",
                                            key.as_deref(),
                                            Act::ChooseLevel(i),
                                            Kind::Primary,
                                            None,
                                        ));
                                    });
                                }
                                Some(e) => {
                                    card.spawn(text(
                                        format!("This level has errors and cannot be played: {e}"),
                                        theme::SMALL,
                                        p.bad,
                                    ));
                                }
                            }
                        });
                }
                list.spawn(text(
                    if platform::IN_BROWSER {
                        "Your own levels: open a .ron level file with Load [L] on the main menu, or drop it on this page (see levels/README.md for the format). It stays in this browser's list.".to_string()
                    } else {
                        format!(
                            "Your own levels: put .ron files in {} (see levels/README.md for the format), or open one from anywhere with Load [L] on the main menu.",
                            ui.catalog.user_dir.display()
                        )
                    },
                    theme::SMALL,
                    p.text_dim,
                ));
            });
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
            });
        });
    });
    notice(c, root, ui);
}

/// The scenario list's keys: a digit chooses a level; E, N, H set the difficulty; Esc goes back.
fn keys(key: KeyCode, cx: &KeyCx) -> Option<Act> {
    digit(key)
        .filter(|&d| d >= 1 && (d as usize) <= cx.catalog.levels.len())
        .map(|d| Act::ChooseLevel(d as usize - 1))
        .or_else(|| difficulty_key(key))
        .or((key == KeyCode::Escape).then_some(Act::Back))
}

/// The scenario list's act: choose a level (its briefing follows).
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::ChooseLevel(i) => {
            if let Some(l) = sh.catalog.levels.get(i).filter(|l| l.error.is_none()) {
                *sh.lengths = Lengths::of(&l.source);
                sh.chosen.0 = Some(i);
                go(sh, Screen::Briefing);
            }
        }
        other => return Some(other),
    }
    None
}
