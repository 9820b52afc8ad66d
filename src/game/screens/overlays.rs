//! Overlays drawn above any screen: the pause menu, the help sheet, the level-reload error, and
//! tooltips for whatever the pointer rests on.

use crate::game::acts::{Act, Dialog, SAVE_NAME, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, go, take_field};
use crate::game::state::{self, Session};
use crate::game::theme;
use crate::game::widgets::Kept;
use crate::game::widgets::{Kind, Tip, bold, button, column, text};
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;

/// A dimmed full-screen layer with a centred box.
fn modal(
    c: &mut ChildSpawnerCommands,
    ui: &Ui,
    width: f32,
    f: impl FnOnce(&mut ChildSpawnerCommands),
) {
    let p = ui.theme.palette;
    c.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(0),
            top: px(0),
            width: percent(100),
            height: percent(100),
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            padding: UiRect::all(px(16)),
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.6)),
        GlobalZIndex(10),
    ))
    .with_children(|layer| {
        layer
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(10),
                    padding: UiRect::all(px(20)),
                    border: UiRect::all(px(2)),
                    border_radius: BorderRadius::all(px(theme::RADIUS)),
                    width: px(width),
                    max_width: percent(100),
                    max_height: percent(100),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                BackgroundColor(p.panel),
                BorderColor::all(p.accent),
                TabGroup::modal(),
            ))
            .with_children(f);
    });
}

/// The overlays the state calls for, on top of the screen just built.
fn build(c: &mut Commands, root: Entity, ui: &Ui, _: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    c.entity(root).insert(TabGroup::new(0));
    c.entity(root).with_children(|r| {
        if ui.paused.0 {
            modal(r, ui, 380.0, |m| {
                m.spawn(bold("Paused", theme::H1, p.heading, &ui.theme.bold));
                m.spawn(button(&p, "Resume", Some("R"), Act::Resume, Kind::Primary, None));
                m.spawn(button(&p, "Save game", Some("S"), Act::SaveGame, Kind::Normal, None));
                m.spawn(button(&p, "Settings", Some("O"), Act::Go(Screen::Settings), Kind::Normal, None));
                m.spawn(button(&p, "Main menu", Some("M"), Act::MainMenu, Kind::Normal, None));
                if !crate::game::platform::IN_BROWSER {
                    m.spawn(button(&p, "Quit", Some("Q"), Act::Quit, Kind::Normal, None));
                }
                m.spawn(text(
                    if crate::game::platform::IN_BROWSER {
                        "The game is saved in this browser after every move: closing the tab loses nothing."
                    } else {
                        "The game is saved automatically after every move: quitting loses nothing."
                    },
                    theme::SMALL,
                    p.text_dim,
                ));
            });
        }
        if *ui.dialog == crate::game::acts::Dialog::SaveAs {
            modal(r, ui, 480.0, |m| {
                m.spawn(bold("Save the game", theme::H1, p.heading, &ui.theme.bold));
                m.spawn(text(
                    if crate::game::platform::IN_BROWSER {
                        "Name it so you can find it again (your name and class, say). It is kept in this browser and listed under Load on the main menu; Export on the debrief downloads a record to hand in."
                    } else {
                        "Name it so you can find it again (your name and class, say). It is kept in the saves folder and listed under Load on the main menu."
                    },
                    theme::BODY,
                    p.text,
                ));
                m.spawn(crate::game::widgets::text_field(&p, crate::game::acts::SAVE_NAME, "Name of the save", &ui.fields, 28.0));
                m.spawn(crate::game::widgets::row(theme::GAP)).with_children(|r| {
                    r.spawn(button(&p, "Save", Some("Enter"), Act::Submit(crate::game::acts::SAVE_NAME), Kind::Primary, None));
                    r.spawn(button(&p, "Cancel", Some("Esc"), Act::CancelDialog, Kind::Normal, None));
                });
            });
        }
        if ui.help.0 {
            let opponent = ui
                .session
                .as_ref()
                .map_or("the other side".to_string(), |s| s.seat().rules().names.opponent.clone());
            let round = format!(
                "Each round you spend action points and money on actions, and may send one offer: rewards for steps. Then {opponent} answers and acts, and the world turns."
            );
            let why = format!("Report: N next round, W why did {opponent} do that, S the scores behind its reasons.");
            modal(r, ui, 720.0, |m| {
                m.spawn(bold("How to play", theme::H1, p.heading, &ui.theme.bold));
                for line in [
                    round.as_str(),
                    "Visible values are exact. Hidden ones are estimates with a band (± n); surveillance, inspections, monitors and defectors sharpen them, and they can be wrong.",
                    "Step-first offers hold the reward until the step is verified: quid pro quo. Reward-first offers pay on trust.",
                    "When a violation is detected, enforce it (credibility holds) or look away (credibility falls).",
                ] {
                    m.spawn(text(line, theme::BODY, p.text));
                }
                m.spawn(bold("Keys", theme::H2, p.heading, &ui.theme.bold));
                for line in [
                    "Everywhere: Tab / Shift+Tab move between controls, Enter or Space presses, F1 help, Esc back or pause.",
                    if crate::game::platform::IN_BROWSER {
                        "Main menu: C continue, P play, T tutorial, L load, S settings. Load: O choose a file."
                    } else {
                        "Main menu: C continue, P play, T tutorial, L load, S settings, Q quit."
                    },
                    "Scenarios: 1–9 choose, E / N / H difficulty. Briefing: S start.",
                    "Round: A actions, O offer, G agreements, U undo, Y accept the other side's terms, E end the round.",
                    why.as_str(),
                    if crate::game::platform::IN_BROWSER {
                        "Debrief: H export HTML, M Markdown, V CSV, R game record (each downloads a file)."
                    } else {
                        "Debrief: H export HTML, M Markdown, V CSV, R game record."
                    },
                    "Settings: + / − scale, F fullscreen, B colour-blind palette, E / N / H difficulty.",
                ] {
                    m.spawn(text(line, theme::BODY, p.text));
                }
                m.spawn(button(&p, "Close", Some("Esc"), Act::Help, Kind::Primary, None));
            });
        }
        if let Some(err) = &ui.reload.0 {
            modal(r, ui, 760.0, |m| {
                m.spawn(bold("The level file changed and has errors", theme::H2, p.bad, &ui.theme.bold));
                m.spawn(text(err.file.clone(), theme::BODY, p.text));
                m.spawn(column(4.0)).with_children(|list| {
                    for (line, col, msg) in err.problems.iter().take(12) {
                        list.spawn(text(format!("line {line}, column {col}: {msg}"), theme::BODY, p.warn));
                    }
                    if err.problems.len() > 12 {
                        list.spawn(text(format!("… and {} more", err.problems.len() - 12), theme::SMALL, p.text_dim));
                    }
                });
                m.spawn(text(
                    "Fix the file and save it: the game checks it again and, when it is valid, replays your moves on it. The game goes on with the last valid version meanwhile.",
                    theme::SMALL,
                    p.text_dim,
                ));
                m.spawn(button(&p, "Dismiss", None, Act::DismissReload, Kind::Normal, None));
            });
        }
    });
}

/// The tooltip box.
#[derive(Component)]
struct Tooltip;

pub(super) fn plugin(app: &mut App) {
    app.add_overlay(build)
        .add_keys(KeysOn::Paused, paused_keys)
        .add_acts(carry_out)
        .add_systems(Startup, spawn_tooltip)
        .add_systems(Update, show_tooltip);
}

fn spawn_tooltip(mut commands: Commands) {
    commands.spawn((
        Tooltip,
        Node {
            position_type: PositionType::Absolute,
            max_width: px(360),
            padding: UiRect::all(px(8)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(4)),
            display: Display::None,
            ..default()
        },
        BackgroundColor(Color::srgb_u8(0x0b, 0x12, 0x1c)),
        BorderColor::all(Color::srgb_u8(0xf6, 0xc8, 0x5f)),
        GlobalZIndex(20),
        // Never in the way of a click: a tap elsewhere must reach the control under it.
        Pickable::IGNORE,
        children![(
            text("", theme::SMALL, Color::srgb_u8(0xec, 0xf0, 0xf4)),
            Pickable::IGNORE
        )],
    ));
}

fn show_tooltip(
    overlays: (
        Res<crate::game::acts::Paused>,
        Res<crate::game::acts::HelpOpen>,
        Res<crate::game::acts::Dialog>,
        Res<crate::game::hot_reload::ReloadError>,
    ),
    hovered: Query<(&Interaction, &Tip)>,
    placed: Query<(&Tip, &ComputedNode, &UiGlobalTransform)>,
    focus: Res<bevy::input_focus::InputFocus>,
    focus_visible: Option<Res<bevy::input_focus::InputFocusVisible>>,
    mut tip: Query<(&mut Node, &Children), With<Tooltip>>,
    mut texts: Query<&mut Text>,
    windows: Query<&Window>,
    scale: Res<UiScale>,
) {
    let Ok((mut node, children)) = tip.single_mut() else {
        return;
    };
    let hover = hovered
        .iter()
        .find(|(i, _)| matches!(i, Interaction::Hovered | Interaction::Pressed))
        .map(|(_, t)| t.0.clone());
    let window = windows.iter().next();
    // Under the pointer, else (for keyboard users) under the focused control.
    let (shown, at) = match hover {
        Some(t) => (Some(t), window.and_then(|w| w.cursor_position())),
        // Not for a control under an open overlay.
        None if focus_visible.is_some_and(|v| v.0)
            && !overlays.0.0
            && !overlays.1.0
            && *overlays.2 == crate::game::acts::Dialog::None
            && overlays.3.0.is_none() =>
        {
            match focus.get().and_then(|e| placed.get(e).ok()) {
                Some((t, n, g)) => {
                    let k = n.inverse_scale_factor();
                    let bottom_left = Vec2::new(
                        g.translation.x - n.size().x / 2.0,
                        g.translation.y + n.size().y / 2.0 - 14.0 / k.max(0.01),
                    ) * k;
                    (Some(t.0.clone()), Some(bottom_left * scale.0))
                }
                None => (None, None),
            }
        }
        None => (None, None),
    };
    let cursor = at.zip(window).map(|(c, w)| (c, w.width(), w.height()));
    match (shown, cursor) {
        (Some(s), Some((pos, w, h))) if !s.is_empty() => {
            let k = scale.0.max(0.1);
            let x = (pos.x + 16.0).min(w - 370.0 * k).max(0.0) / k;
            let y = (pos.y + 18.0).min(h - 80.0 * k).max(0.0) / k;
            node.display = Display::Flex;
            node.left = px(x);
            node.top = px(y);
            if let Some(&child) = children.first()
                && let Ok(mut t) = texts.get_mut(child)
                && t.0 != s
            {
                t.0 = s;
            }
        }
        _ => {
            if node.display != Display::None {
                node.display = Display::None;
            }
            // Hidden, it holds nothing: no stale words on a screen that shows none (the
            // handover between two players), nor for a screen reader.
            if let Some(&child) = children.first()
                && let Ok(mut t) = texts.get_mut(child)
                && !t.0.is_empty()
            {
                t.0.clear();
            }
        }
    }
}

/// The pause menu's keys.
fn paused_keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::Escape | KeyCode::KeyR => Some(Act::Resume),
        KeyCode::KeyS => Some(Act::SaveGame),
        KeyCode::KeyM => Some(Act::MainMenu),
        KeyCode::KeyO => Some(Act::Go(Screen::Settings)),
        KeyCode::KeyQ if !platform::IN_BROWSER => Some(Act::Quit),
        _ => None,
    }
}

/// The overlays' acts: the pause menu, help, the save dialog, the level-reload error.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Pause => sh.paused.0 = true,
        Act::Resume => sh.paused.0 = false,
        Act::Help => sh.help.0 = !sh.help.0,
        Act::SaveGame => {
            // Ask for a name first, suggesting one.
            if let Some(s) = sh.session.as_ref() {
                let name = format!(
                    "{} round {} - ",
                    s.seat().rules().title.split(':').next().unwrap_or("game"),
                    s.seat().round()
                );
                sh.fields.0.insert(SAVE_NAME, name);
                *sh.dialog = Dialog::SaveAs;
                sh.want_focus.0 = Some(Act::Field(SAVE_NAME));
            }
            sh.paused.0 = false;
        }
        Act::MainMenu => {
            // The autosave keeps the game; "Continue" brings it back.
            sh.commands.remove_resource::<Session>();
            sh.reload.0 = None;
            sh.notice.0 = None;
            go(sh, Screen::Menu);
        }
        Act::DismissReload => sh.reload.0 = None,
        Act::Submit(SAVE_NAME) => {
            let value = take_field(sh, SAVE_NAME);
            let dirs = sh.dirs.clone();
            if let Some(s) = sh.session.as_mut() {
                match state::save_game(&dirs, s, &value) {
                    Ok(p) => s.say(
                        format!(
                            "Saved as “{}” in {}.",
                            state::save_name(&p),
                            if platform::IN_BROWSER {
                                "this browser".to_string()
                            } else {
                                dirs.saves().display().to_string()
                            }
                        ),
                        false,
                    ),
                    Err(e) => s.say(format!("Could not save: {e}"), true),
                }
            }
            *sh.dialog = Dialog::None;
            sh.focus.clear();
        }
        other => return Some(other),
    }
    None
}
