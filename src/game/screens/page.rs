//! What the list-like screens share (the main menu, the scenario list, the briefing, settings,
//! load): a centred page with a title bar, the notice line, the difficulty buttons.

use crate::game::acts::Act;
use crate::game::screens::frame::Ui;
use crate::game::theme;
use crate::game::widgets::{Kind, bold, button, row, text};
use crate::sim::Difficulty;
use bevy::prelude::*;

/// The column a list page fills: as wide as the window up to a readable width.
pub fn page_column() -> Node {
    Node {
        width: percent(100),
        max_width: px(980),
        flex_grow: 1.0,
        min_height: px(0),
        flex_direction: FlexDirection::Column,
        row_gap: px(theme::GAP),
        ..default()
    }
}

/// A centred page with a title bar and a body that scrolls.
pub fn page(c: &mut Commands, root: Entity, ui: &Ui, title: &str) -> Entity {
    let p = ui.theme.palette;
    let mut body = root;
    c.entity(root).with_children(|r| {
        r.spawn((
            Node {
                padding: UiRect::axes(px(24), px(14)),
                border: UiRect::bottom(px(1)),
                ..default()
            },
            BorderColor::all(p.border),
            BackgroundColor(p.panel),
            children![bold(title, theme::H1, p.heading, &ui.theme.bold)],
        ));
        body = r
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(20)),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                ..default()
            })
            .id();
    });
    body
}

/// The notice line under a page (what went wrong, or what was done).
pub fn notice(c: &mut Commands, parent: Entity, ui: &Ui) {
    let p = ui.theme.palette;
    if let Some((msg, error)) = &ui.notice.0 {
        c.entity(parent).with_children(|b| {
            b.spawn(text(
                msg.clone(),
                theme::BODY,
                if *error { p.bad } else { p.good },
            ));
        });
    }
}

/// The difficulty buttons with a line on what the chosen one means.
pub fn difficulty_row(b: &mut ChildSpawnerCommands, ui: &Ui) {
    let p = ui.theme.palette;
    b.spawn(row(theme::GAP)).with_children(|r| {
        r.spawn(text("Difficulty:", theme::BODY, p.text));
        for (d, key, label) in [
            (Difficulty::Easy, "E", "Easy"),
            (Difficulty::Normal, "N", "Normal"),
            (Difficulty::Hard, "H", "Hard"),
        ] {
            let kind = Kind::selected_if(ui.settings.difficulty == d);
            r.spawn(button(
                &p,
                label,
                Some(key),
                Act::SetDifficulty(d),
                kind,
                None,
            ));
        }
    });
    // Below the buttons, as a paragraph of its own: inside the wrapping row its height was
    // measured for fewer lines than it wraps to.
    // In the other chair, the difficulty is Washington's.
    let said = if ui.seat_choice.0 == crate::game::state::Seating::Opponent {
        let id = crate::ai::washington::id_for(ui.settings.difficulty);
        let chosen = ui
            .chosen
            .0
            .and_then(|i| ui.catalog.levels.get(i))
            .and_then(|e| crate::game::state::open_level(&e.source, &ui.lengths.variant()).ok());
        match chosen {
            Some((l, _, _)) => format!(
                "Washington is {}.",
                crate::analysis::wording::washington_name(id, &l.rules).trim_end_matches('.')
            ),
            None => crate::ai::difficulty_text(ui.settings.difficulty, "The other side"),
        }
    } else {
        crate::ai::difficulty_text(ui.settings.difficulty, "The other side")
    };
    b.spawn(text(said, theme::SMALL, p.text_dim));
}

/// The difficulty keys (E, N, H), on the scenario list and in the settings.
pub fn difficulty_key(key: KeyCode) -> Option<Act> {
    match key {
        KeyCode::KeyE => Some(Act::SetDifficulty(Difficulty::Easy)),
        KeyCode::KeyN => Some(Act::SetDifficulty(Difficulty::Normal)),
        KeyCode::KeyH => Some(Act::SetDifficulty(Difficulty::Hard)),
        _ => None,
    }
}
