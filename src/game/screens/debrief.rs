//! The debrief screen draws the document the core writes (`analysis::wording::debrief`): each
//! section a panel, paragraphs coloured by their tone, scores as gauges, charts painted, tables as
//! rows of cells. It writes no sentence of its own; the exports are the same document as files.

use crate::analysis::document::{self, Block, Document};
use crate::analysis::{Debrief, report, wording};
use crate::game::acts::{Act, Export, Screen};
use crate::game::screens::blocks;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::message_line;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::state::{Seating, Session};
use crate::game::theme;
use crate::game::widgets::Kept;
use crate::game::widgets::{Kind, bold, button, panel_with, row, scroll_panel, top_bar_node};
use bevy::prelude::*;

/// A panel holding one section of the document: its heading, then its blocks.
fn section(
    c: &mut ChildSpawnerCommands,
    ui: &Ui,
    title: Option<&str>,
    f: impl FnOnce(&mut ChildSpawnerCommands),
) {
    let p = ui.theme.palette;
    c.spawn(panel_with(
        &p,
        p.panel,
        Node {
            width: percent(100),
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            row_gap: px(6),
            padding: UiRect::all(px(14)),
            border: UiRect::all(px(1)),
            ..default()
        },
    ))
    .with_children(|s| {
        if let Some(title) = title {
            s.spawn(bold(title, theme::H2, p.heading, &ui.theme.bold));
        }
        f(s);
    });
}

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Debrief, build)
        .add_keys(KeysOn::Screen(Screen::Debrief), keys)
        .add_acts(carry_out);
}

/// Builds the debrief screen.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, images: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    // The debrief is the one screen that reads the whole game, and only once it is over.
    let Some(game) = s.seat().revealed() else {
        return;
    };
    let doc = shown(s, game);
    // The title goes in the top bar, above the scrolling sections.
    let (title, body_blocks) = match doc.blocks.split_first() {
        Some((Block::Heading(1, t), rest)) => (t.clone(), rest),
        _ => (String::new(), &doc.blocks[..]),
    };
    let mut body = root;
    c.entity(root).with_children(|r| {
        r.spawn(top_bar_node(&p)).with_children(|bar| {
            bar.spawn(bold(title, theme::H1, p.heading, &ui.theme.bold));
            bar.spawn(row(theme::GAP)).with_children(|b| {
                if s.seating == Seating::Both {
                    let label = if s.other_debrief {
                        "Washington's debrief".to_string()
                    } else {
                        format!("{}'s debrief", s.seat().rules().names.opponent)
                    };
                    b.spawn(button(
                        &p,
                        &label,
                        Some("P"),
                        Act::OtherDebrief,
                        Kind::Normal,
                        None,
                    ));
                }
                b.spawn(button(
                    &p,
                    "Export HTML",
                    Some("H"),
                    Act::Export(Export::Html),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Markdown",
                    Some("M"),
                    Act::Export(Export::Markdown),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "CSV",
                    Some("V"),
                    Act::Export(Export::Csv),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Game record",
                    Some("R"),
                    Act::Export(Export::Record),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Main menu",
                    Some("Esc"),
                    Act::MainMenu,
                    Kind::Primary,
                    None,
                ));
            });
        });
        message_line(r, &p, s);
        body = scroll_panel(
            r,
            &p,
            "debrief",
            kept,
            12.0,
            16.0,
            Node {
                flex_grow: 1.0,
                ..default()
            },
            |_| {},
        );
    });
    c.entity(body).with_children(|b| {
        // Stretched to a definite width (and centred by its margins), so wrapped text is
        // measured at the width it is drawn at.
        b.spawn(Node {
            max_width: px(1100),
            margin: UiRect::horizontal(Val::Auto),
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            row_gap: px(12),
            ..default()
        })
        .with_children(|col| {
            for (heading, part) in sections(body_blocks) {
                section(col, ui, heading, |o| blocks::blocks(o, ui, part, images));
            }
        });
    });
}

/// Whether the debrief shown is the other chair's: for a student who sat there, or at one
/// screen when they asked for it.
fn theirs(s: &Session) -> bool {
    match s.seating {
        Seating::Opponent => true,
        Seating::Both => s.other_debrief,
        Seating::Us => false,
    }
}

/// The debrief document for the chair it is shown to.
fn shown(s: &Session, game: &crate::sim::game::Game) -> Document {
    let d = Debrief::of(game, "");
    if theirs(s)
        && let Some(doc) = wording::opponent_debrief(s.opponent_seat(), &d)
    {
        return doc;
    }
    wording::debrief(&d)
}

/// The blocks cut into sections at each second-level heading: (heading, its blocks).
fn sections(blocks: &[Block]) -> Vec<(Option<&str>, &[Block])> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut heading = None;
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Heading(2, t) = b {
            if i > start || heading.is_some() {
                out.push((heading, &blocks[start..i]));
            }
            heading = Some(t.as_str());
            start = i + 1;
        }
    }
    out.push((heading, &blocks[start..]));
    out
}

/// The debrief's keys: the four exports, and Esc back to the menu.
fn keys(key: KeyCode, cx: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyH => Some(Act::Export(Export::Html)),
        KeyCode::KeyM => Some(Act::Export(Export::Markdown)),
        KeyCode::KeyV => Some(Act::Export(Export::Csv)),
        KeyCode::KeyR => Some(Act::Export(Export::Record)),
        KeyCode::KeyP if cx.session.is_some_and(|s| s.seating == Seating::Both) => {
            Some(Act::OtherDebrief)
        }
        KeyCode::Escape => Some(Act::Back),
        _ => None,
    }
}

/// The debrief's act: write (or in the browser, download) the debrief, the timeline or the record.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::OtherDebrief => {
            if let Some(s) = sh.session.as_mut() {
                s.other_debrief = !s.other_debrief;
            }
        }
        Act::Export(kind) => {
            #[cfg(not(target_arch = "wasm32"))]
            let dirs = sh.dirs.clone();
            if let Some(s) = sh.session.as_mut()
                && let Some(game) = s.seat().revealed()
            {
                let d = Debrief::of(game, "");
                let mut stem = format!("{}-seed{}", s.seat().rules().id, s.seat().seed());
                let doc = shown(s, game);
                if theirs(s) {
                    stem.push_str("-opponent");
                }
                let title = match doc.blocks.first() {
                    Some(Block::Heading(1, t)) => t.clone(),
                    _ => format!("Debrief: {}", d.level_title),
                };
                let (name, body) = match kind {
                    Export::Html => (
                        format!("{stem}.html"),
                        document::html(&doc, &title, &report::svg_chart),
                    ),
                    Export::Markdown => (format!("{stem}.md"), document::markdown(&doc)),
                    Export::Csv => (format!("{stem}.csv"), report::csv(&d)),
                    Export::Record => (format!("{stem}-record.ron"), s.record("").to_ron()),
                };
                #[cfg(target_arch = "wasm32")]
                {
                    let mime = match kind {
                        Export::Html => "text/html",
                        Export::Markdown => "text/markdown",
                        Export::Csv => "text/csv",
                        Export::Record => "text/plain",
                    };
                    match crate::game::web::download(&name, mime, &body) {
                        Ok(()) => s.say(format!("Downloaded: {name}"), false),
                        Err(e) => s.say(format!("Could not download {name}: {e}"), true),
                    }
                }
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let path = dirs.exports().join(name);
                    match crate::files::write_atomic(&path, body.as_bytes()) {
                        Ok(()) => s.say(format!("Written: {}", path.display()), false),
                        Err(e) => s.say(format!("Could not write: {e}"), true),
                    }
                }
            }
        }
        other => return Some(other),
    }
    None
}
