//! Settings: the interface scale, full screen, difficulty, the colour-blind palette.

use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{difficulty_key, difficulty_row, notice, page};
use crate::game::shell::save_settings;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::state;
use crate::game::theme;
use crate::game::theme::Palette;
use crate::game::widgets::{Kept, Kind, button, panel_with, row, text};
use bevy::prelude::*;
use bevy::window::{MonitorSelection, WindowMode};

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Settings, build)
        .add_keys(KeysOn::Screen(Screen::Settings), keys)
        .add_acts(carry_out);
}

/// Settings: UI scale, fullscreen, difficulty, colour-blind palette.
fn build(c: &mut Commands, root: Entity, ui: &Ui, _: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let s = &ui.settings;
    let body = page(c, root, ui, "Settings");
    c.entity(body).insert(Node {
        flex_grow: 1.0,
        min_height: px(0),
        padding: UiRect::all(px(20)),
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        overflow: Overflow::scroll_y(),
        ..default()
    });
    c.entity(body).with_children(|b| {
        b.spawn(panel_with(
            &p,
            p.panel,
            Node {
                width: percent(100),
                max_width: px(760),
                flex_direction: FlexDirection::Column,
                row_gap: px(14),
                padding: UiRect::all(px(18)),
                border: UiRect::all(px(1)),
                ..default()
            },
        ))
        .with_children(|col| {
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(text(
                    format!("Interface scale: {:.2}×", s.ui_scale),
                    theme::BODY,
                    p.text,
                ));
                r.spawn(button(
                    &p,
                    "Smaller",
                    Some("−"),
                    Act::ScaleDown,
                    Kind::Normal,
                    None,
                ));
                r.spawn(button(
                    &p,
                    "Larger",
                    Some("+"),
                    Act::ScaleUp,
                    Kind::Normal,
                    None,
                ));
                r.spawn(text(
                    "Larger is easier to read on a projector.",
                    theme::SMALL,
                    p.text_dim,
                ));
            });
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(text(
                    format!("Fullscreen: {}", if s.fullscreen { "on" } else { "off" }),
                    theme::BODY,
                    p.text,
                ));
                r.spawn(button(
                    &p,
                    "Toggle",
                    Some("F"),
                    Act::Fullscreen,
                    Kind::Normal,
                    None,
                ));
            });
            difficulty_row(col, ui);
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(text(
                    format!(
                        "Colour-blind-safe palette: {}",
                        if s.colorblind { "on" } else { "off" }
                    ),
                    theme::BODY,
                    p.text,
                ));
                r.spawn(button(
                    &p,
                    "Toggle",
                    Some("B"),
                    Act::Colorblind,
                    Kind::Normal,
                    None,
                ));
                r.spawn((
                    Node {
                        width: px(18),
                        height: px(18),
                        ..default()
                    },
                    BackgroundColor(p.good),
                ));
                r.spawn((
                    Node {
                        width: px(18),
                        height: px(18),
                        ..default()
                    },
                    BackgroundColor(p.bad),
                ));
                r.spawn((
                    Node {
                        width: px(18),
                        height: px(18),
                        ..default()
                    },
                    BackgroundColor(p.estimate),
                ));
            });
            if platform::IN_BROWSER {
                col.spawn(text(
                    "Settings and saved games are kept in this browser's storage for this page: they survive a reload and a closed tab, and clearing the site's data removes them.",
                    theme::SMALL,
                    p.text_dim,
                ));
            } else {
                col.spawn(text(
                    format!(
                        "Settings and saved games live in {}.",
                        ui.dirs.data.display()
                    ),
                    theme::SMALL,
                    p.text_dim,
                ));
                col.spawn(text(
                    "Your own levels go in its levels folder: start one with `quid-pro-quo new`.",
                    theme::SMALL,
                    p.text_dim,
                ));
            }
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(
                    &p,
                    "Back",
                    Some("Esc"),
                    Act::Back,
                    Kind::Primary,
                    None,
                ));
            });
        });
    });
    notice(c, root, ui);
}

/// The settings' keys.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::Equal | KeyCode::NumpadAdd => Some(Act::ScaleUp),
        KeyCode::Minus | KeyCode::NumpadSubtract => Some(Act::ScaleDown),
        KeyCode::KeyF => Some(Act::Fullscreen),
        KeyCode::KeyB => Some(Act::Colorblind),
        KeyCode::Escape => Some(Act::Back),
        k => difficulty_key(k),
    }
}

/// The settings' acts (the difficulty is also set from the scenario list).
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::SetDifficulty(d) => {
            sh.settings.difficulty = d;
            save_settings(sh);
        }
        Act::ScaleUp | Act::ScaleDown => {
            let i = state::SCALES
                .iter()
                .position(|&s| (s - sh.settings.ui_scale).abs() < 0.01)
                .unwrap_or(0);
            let j = if act == Act::ScaleUp {
                (i + 1).min(state::SCALES.len() - 1)
            } else {
                i.saturating_sub(1)
            };
            sh.settings.ui_scale = state::SCALES[j];
            sh.scale.0 = sh.settings.ui_scale;
            save_settings(sh);
        }
        Act::Fullscreen => {
            sh.settings.fullscreen = !sh.settings.fullscreen;
            for mut w in &mut sh.windows {
                w.mode = if sh.settings.fullscreen {
                    WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                } else {
                    WindowMode::Windowed
                };
            }
            save_settings(sh);
        }
        Act::Colorblind => {
            sh.settings.colorblind = !sh.settings.colorblind;
            sh.theme.palette = Palette::for_setting(sh.settings.colorblind);
            save_settings(sh);
        }
        other => return Some(other),
    }
    None
}
