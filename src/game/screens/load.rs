//! Load: the autosave, the saved games, and opening a record or a level by path.

use crate::game::acts::OPEN_PATH;
use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{notice, page, page_column};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::shell::{open_file, take_field};
use crate::game::state::{self, restore};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, panel_with, row, scroll_panel, text};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Load, build)
        .add_keys(KeysOn::Screen(Screen::Load), keys)
        .add_acts(carry_out);
}

/// Saved games: the autosave and the saves folder.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let saves = state::list_saves(&ui.dirs, &ui.catalog);
    let body = page(c, root, ui, "Load a game");
    c.entity(body).with_children(|b| {
        b.spawn(page_column()).with_children(|col| {
            scroll_panel(col, &p, "saves", kept, theme::GAP, theme::PAD, Node { flex_grow: 1.0, ..default() }, |list| {
                if saves.is_empty() {
                    list.spawn(text(
                        "No saved games yet. Games are saved automatically every round; save one under its own name from the pause menu (Esc).",
                        theme::BODY,
                        p.text_dim,
                    ));
                }
                for s in &saves {
                    list.spawn(panel_with(&p, p.panel_alt, Node { flex_direction: FlexDirection::Column, padding: UiRect::all(px(theme::PAD)), row_gap: px(theme::GAP), ..default() }))
                        .with_children(|card| {
                            card.spawn(bold(s.label.clone(), theme::BODY, p.text, &ui.theme.bold));
                            match &s.error {
                                None => {
                                    card.spawn(row(theme::GAP)).with_children(|r| {
                                        r.spawn(text(s.detail.clone(), theme::SMALL, p.text_dim));
                                        r.spawn(button(
                                            &p,
                                            "Load",
                                            None,
                                            Act::Load(s.path.clone()),
                                            Kind::Primary,
                                            None,
                                        ));
                                    });
                                }
                                Some(e) => {
                                    card.spawn(text(
                                        format!("Cannot be loaded: {e}"),
                                        theme::SMALL,
                                        p.bad,
                                    ));
                                }
                            }
                        });
                }
            });
            col.spawn(panel_with(&p, p.panel_alt, Node { flex_direction: FlexDirection::Column, padding: UiRect::all(px(theme::PAD)), row_gap: px(6), flex_shrink: 0.0, ..default() }))
                .with_children(|open| {
                    open.spawn(bold("Open a file", theme::BODY, p.heading, &ui.theme.bold));
                    if platform::IN_BROWSER {
                        open.spawn(text(
                            "A student's game record opens in its debrief (or where it stopped); a level file opens its briefing and joins your levels. Choose the file, or drop it on this page.",
                            theme::SMALL,
                            p.text_dim,
                        ));
                        open.spawn(row(theme::GAP)).with_children(|r| {
                            r.spawn(button(&p, "Choose a file", Some("O"), Act::PickFile, Kind::Primary, None));
                        });
                    } else {
                        open.spawn(text(
                            "A student's game record opens in its debrief (or where it stopped); a level file opens its briefing. Type or paste its path, or drop the file on this window.",
                            theme::SMALL,
                            p.text_dim,
                        ));
                        open.spawn(row(theme::GAP)).with_children(|r| {
                            r.spawn(crate::game::widgets::text_field(&p, crate::game::acts::OPEN_PATH, "Path of a game record or a level file", &ui.fields, 60.0));
                            r.spawn(button(&p, "Open", Some("Enter"), Act::Submit(crate::game::acts::OPEN_PATH), Kind::Primary, None));
                        });
                    }
                });
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
            });
        });
    });
    notice(c, root, ui);
}

/// The Load screen's keys.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyO if platform::IN_BROWSER => Some(Act::PickFile),
        KeyCode::Escape => Some(Act::Back),
        _ => None,
    }
}

/// The Load screen's acts: open a saved game, a typed path, or (in the browser) a chosen file.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Load(path) => match restore(&sh.dirs, &path) {
            Ok(s) => crate::game::shell::start_session(sh, s),
            Err(e) => sh.notice.0 = Some((e, true)),
        },
        Act::PickFile =>
        {
            #[cfg(target_arch = "wasm32")]
            if !crate::game::web::pick_file() {
                sh.notice.0 = Some(("This page cannot open files.".into(), true));
            }
        }
        Act::Submit(OPEN_PATH) => {
            let value = take_field(sh, OPEN_PATH);
            open_file(sh, std::path::Path::new(value.trim()));
        }
        other => return Some(other),
    }
    None
}
