//! The menu screens: main menu, level select, briefing, settings and load.

use crate::game::actions::Act;
use crate::game::screens::{Kept, Ui};
use crate::game::state::{self, Screen};
use crate::game::theme;
use crate::game::widgets::{Kind, bold, button, panel_with, row, scroll_panel, text};
use crate::sim::Difficulty;
use bevy::prelude::*;

/// The column a list page fills: as wide as the window up to a readable width.
fn page_column() -> Node {
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

fn notice(c: &mut Commands, parent: Entity, ui: &Ui) {
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

/// The main menu: play, tutorial, load, settings, quit (and continue, when there is a game).
pub fn main_menu(c: &mut Commands, root: Entity, ui: &Ui) {
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
                b.spawn(button(&p, "Continue", Some("C"), Act::Continue, Kind::Primary, None));
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
            b.spawn(button(&p, "Load", Some("L"), Act::Go(Screen::Load), Kind::Normal, None));
            b.spawn(button(
                &p,
                "Settings",
                Some("S"),
                Act::Go(Screen::Settings),
                Kind::Normal,
                None,
            ));
            if !state::IN_BROWSER {
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

fn difficulty_row(b: &mut ChildSpawnerCommands, ui: &Ui) {
    let p = ui.theme.palette;
    b.spawn(row(theme::GAP)).with_children(|r| {
        r.spawn(text("Difficulty:", theme::BODY, p.text));
        for (d, key, label) in [
            (Difficulty::Easy, "E", "Easy"),
            (Difficulty::Normal, "N", "Normal"),
            (Difficulty::Hard, "H", "Hard"),
        ] {
            let kind = if ui.settings.difficulty == d {
                Kind::Selected
            } else {
                Kind::Normal
            };
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
    b.spawn(text(
        crate::ai::difficulty_text(ui.settings.difficulty, "The other side"),
        theme::SMALL,
        p.text_dim,
    ));
}

/// The shipped levels and the user's own, each with title, summary and length.
pub fn level_select(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept) {
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
                    if state::IN_BROWSER {
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

/// The briefing: context, objectives, sources; then start.
pub fn briefing(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept) {
    let p = ui.theme.palette;
    let Some(entry) = ui.chosen.0.and_then(|i| ui.catalog.levels.get(i)) else {
        main_menu(c, root, ui);
        return;
    };
    let loaded = state::open_level(&entry.source, &ui.lengths.variant()).ok();
    let body = page(c, root, ui, &format!("Briefing: {}", entry.title));
    c.entity(body).with_children(|b| {
        b.spawn(page_column()).with_children(|col| {
            scroll_panel(col, &p, "briefing", kept, 10.0, 16.0, Node { flex_grow: 1.0, ..default() }, |s| {
                if let Some((l, _, _)) = &loaded {
                    let r = &l.rules;
                    s.spawn(text(
                        format!(
                            "{} rounds of {} month{} from {}",
                            r.rounds,
                            r.months_per_round,
                            if r.months_per_round == 1 { "" } else { "s" },
                            r.start.long()
                        ),
                        theme::BODY,
                        p.text_dim,
                    ));
                    if !r.question.is_empty() {
                        s.spawn(bold(r.question.clone(), theme::H2, p.heading, &ui.theme.bold));
                    }
                    for para in r.briefing.context.split("\n\n") {
                        s.spawn(text(para.to_string(), theme::BODY, p.text));
                    }
                    if !r.briefing.objectives.is_empty() {
                        s.spawn(bold("Objectives", theme::H2, p.heading, &ui.theme.bold));
                        for o in &r.briefing.objectives {
                            s.spawn(text(format!("•  {o}"), theme::BODY, p.text));
                        }
                    }
                    s.spawn(text(
                        format!(
                            "{} action points a round; a budget of ${}M, refilled by Congress. Hidden values are shown as estimate ± band, and can be wrong.",
                            r.action_points, r.budget_start
                        ),
                        theme::BODY,
                        p.text_dim,
                    ));
                    let cites: Vec<&str> = r
                        .briefing
                        .sources
                        .iter()
                        .filter_map(|id| r.sources.iter().find(|x| &x.id == id))
                        .map(|x| x.cite.as_str())
                        .collect();
                    if !cites.is_empty() {
                        s.spawn(bold("Sources", theme::H2, p.heading, &ui.theme.bold));
                        for cite in cites {
                            s.spawn(text(format!("•  {cite}"), theme::SMALL, p.text_dim));
                        }
                    }
                }
            });
            if ui.lengths.choices.len() > 1 || ui.lengths.choices.first().is_some_and(|c| c.minutes > 0) {
                col.spawn(row(theme::GAP)).with_children(|r| {
                    r.spawn(text("Length:", theme::BODY, p.text));
                    for (k, l) in ui.lengths.choices.iter().enumerate() {
                        let label = format!(
                            "{}: {} rounds, about {} min",
                            l.name, l.rounds, l.minutes
                        );
                        let kind = if ui.lengths.chosen == k { Kind::Selected } else { Kind::Normal };
                        let key = (k + 1).to_string();
                        r.spawn(button(&p, &label, Some(&key), Act::SetLength(k), kind, None))
                            .insert(crate::game::widgets::Tip(format!(
                                "{} rounds of {} month{}; about {:.1} minutes a round for a first-time player (reading the news and tips at {} words a minute, plus choosing and clicking).",
                                l.rounds,
                                l.months_per_round,
                                if l.months_per_round == 1 { "" } else { "s" },
                                l.minutes_per_round,
                                crate::analysis::pace::WORDS_PER_MINUTE
                            )));
                    }
                });
            }
            difficulty_row(col, ui);
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Start", Some("S"), Act::Start, Kind::Primary, None));
                r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
            });
        });
    });
    notice(c, root, ui);
}

/// Settings: UI scale, fullscreen, difficulty, colour-blind palette.
pub fn settings(c: &mut Commands, root: Entity, ui: &Ui) {
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
            if state::IN_BROWSER {
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

/// Saved games: the autosave and the saves folder.
pub fn load(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept) {
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
                    if state::IN_BROWSER {
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
                            r.spawn(crate::game::widgets::text_field(&p, crate::game::actions::OPEN_PATH, &ui.fields, 60.0));
                            r.spawn(button(&p, "Open", Some("Enter"), Act::Submit(crate::game::actions::OPEN_PATH), Kind::Primary, None));
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
