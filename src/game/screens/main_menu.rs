//! The main menu: play, the tutorial, join a class, load, settings, quit, and continue when
//! there is a game.

use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::notice;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::shell::{go, start_session};
use crate::game::state::{self, Lengths, restore};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, text};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Menu, build)
        .add_keys(KeysOn::Screen(Screen::Menu), keys)
        .add_acts(carry_out);
}

/// The main menu: play, tutorial, load, settings, quit (and continue, when there is a game).
pub(super) fn build(c: &mut Commands, root: Entity, ui: &Ui, _: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let can_continue = state::can_continue(&ui.dirs);
    c.entity(root).insert(Node {
        width: percent(100),
        height: percent(100),
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        justify_content: JustifyContent::Center,
        row_gap: px(14),
        overflow: Overflow::scroll_y(),
        ..default()
    });
    c.entity(root).with_children(|r| {
        r.spawn(bold("Quid Pro Quo", theme::TITLE, p.heading, &ui.theme.bold));
        r.spawn((
            text(
                "A negotiation game on the memo “With North Korea, Seek Quid Pro Quo Engagement” (April 2000)",
                theme::H2,
                p.text_dim,
            ),
            Node {
                max_width: px(760),
                margin: UiRect::bottom(px(18)),
                ..default()
            },
            TextLayout::justify(Justify::Center),
        ));
        let mut col = r.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(10),
            width: px(320),
            ..default()
        });
        col.with_children(|b| {
            if can_continue {
                // A class game continues in its class (it joins again).
                let label = match state::autosave_class(&ui.dirs) {
                    Some(k) => format!("Continue class {}", k.code),
                    None => "Continue".to_string(),
                };
                b.spawn(button(&p, &label, Some("C"), Act::Continue, Kind::Primary, None));
            }
            b.spawn(button(
                &p,
                "Play",
                Some("P"),
                Act::Go(Screen::LevelSelect),
                if can_continue { Kind::Normal } else { Kind::Primary },
                None,
            ));
            b.spawn(button(&p, "Tutorial", Some("T"), Act::Tutorial, Kind::Normal, None));
            b.spawn(button(
                &p,
                "Join a class",
                Some("J"),
                Act::Go(Screen::Join),
                Kind::Normal,
                None,
            ));
            b.spawn(button(&p, "Load", Some("L"), Act::Go(Screen::Load), Kind::Normal, None));
            b.spawn(button(
                &p,
                "Settings",
                Some("S"),
                Act::Go(Screen::Settings),
                Kind::Normal,
                None,
            ));
            if !platform::IN_BROWSER {
                b.spawn(button(&p, "Quit", Some("Q"), Act::Quit, Kind::Normal, None));
            }
        });
        r.spawn(text(
            "Tab moves between controls, Enter presses them, F1 lists the shortcuts.",
            theme::SMALL,
            p.text_dim,
        ));
    });
    notice(c, root, ui);
}

/// The main menu's keys.
fn keys(key: KeyCode, cx: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyC if state::can_continue(cx.dirs) => Some(Act::Continue),
        KeyCode::KeyP => Some(Act::Go(Screen::LevelSelect)),
        KeyCode::KeyT => Some(Act::Tutorial),
        KeyCode::KeyJ => Some(Act::Go(Screen::Join)),
        KeyCode::KeyL => Some(Act::Go(Screen::Load)),
        KeyCode::KeyS => Some(Act::Go(Screen::Settings)),
        KeyCode::KeyQ if !platform::IN_BROWSER => Some(Act::Quit),
        _ => None,
    }
}

/// The main menu's acts: continue the autosaved game, start the tutorial.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Continue if sh.joining.link.is_none() && state::autosave_class(&sh.dirs).is_some() => {
            // A class game: join the class again; the moves the server has not stored (made
            // offline) are in the autosave and go once joined.
            if let Some(k) = state::autosave_class(&sh.dirs) {
                sh.notice.0 = Some((format!("Joining class {} again …", k.code), false));
                sh.joining.roster.clear();
                sh.joining.start(&k.server, &k.code, &k.name, true);
            }
        }
        Act::Continue => match restore(&sh.dirs, &sh.dirs.autosave()) {
            Ok(s) => start_session(sh, s),
            Err(e) => sh.notice.0 = Some((e, true)),
        },
        Act::Tutorial => {
            if let Some(i) = sh.catalog.levels.iter().position(|l| l.id == "tutorial") {
                *sh.lengths = Lengths::of(&sh.catalog.levels[i].source);
                sh.chosen.0 = Some(i);
                go(sh, Screen::Briefing);
            }
        }
        other => return Some(other),
    }
    None
}
