//! The debrief screen draws the document the core writes (`analysis::wording::debrief`): each
//! section a panel, paragraphs coloured by their tone, scores as gauges, charts painted, tables as
//! rows of cells. It writes no sentence of its own; the exports are the same document as files.

use crate::analysis::document::{Block, ChartData, Output, TOTAL, Table, Tone, list_items, shows};
use crate::analysis::{Debrief, report, wording};
use crate::game::acts::{Act, Export, Screen};
use crate::game::canvas::Canvas;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::message_line;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::theme::{self, Palette, rgba};
use crate::game::widgets::Kept;
use crate::game::widgets::{
    Kind, bold, button, gauge, panel_with, row, scroll_panel, text, top_bar_node,
};
use bevy::prelude::*;

/// A chart of one hidden variable: the band, the estimate (dashed) and the truth.
pub fn chart(c: &ChartData, p: &Palette) -> Canvas {
    let (w, h) = (300u32, 130u32);
    let mut canvas = Canvas::new(w, h, rgba(p.panel_alt));
    let n = c.truth.len().max(2) - 1;
    let x = |k: usize| 6.0 + (w as f32 - 12.0) * k as f32 / n as f32;
    let y = |val: i32| 6.0 + (h as f32 - 12.0) * (1.0 - val.clamp(0, 100) as f32 / 100.0);
    for g in [0, 50, 100] {
        canvas.line((6.0, y(g)), (w as f32 - 6.0, y(g)), 1.0, rgba(p.border));
    }
    let points = c.estimate.iter().zip(&c.band).enumerate();
    let mut band: Vec<(f32, f32)> = points.clone().map(|(k, (e, b))| (x(k), y(e + b))).collect();
    band.extend(points.rev().map(|(k, (e, b))| (x(k), y(e - b))));
    canvas.fill_polygon(&band, rgba(p.band));
    for k in 0..n.min(c.truth.len().saturating_sub(1)) {
        canvas.dashed(
            (x(k), y(c.estimate[k])),
            (x(k + 1), y(c.estimate[k + 1])),
            2.0,
            4.0,
            rgba(p.estimate),
        );
        canvas.line(
            (x(k), y(c.truth[k])),
            (x(k + 1), y(c.truth[k + 1])),
            2.5,
            rgba(p.truth),
        );
    }
    canvas
}

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
    let doc = wording::debrief(&Debrief::of(game, ""));
    // The title goes in the top bar, above the scrolling sections.
    let (title, blocks) = match doc.blocks.split_first() {
        Some((Block::Heading(1, t), rest)) => (t.clone(), rest),
        _ => (String::new(), &doc.blocks[..]),
    };
    let mut body = root;
    c.entity(root).with_children(|r| {
        r.spawn(top_bar_node(&p)).with_children(|bar| {
            bar.spawn(bold(title, theme::H1, p.heading, &ui.theme.bold));
            bar.spawn(row(theme::GAP)).with_children(|b| {
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
            for (heading, part) in sections(blocks) {
                section(col, ui, heading, |o| {
                    for b in part.iter().filter(|b| shows(b, Output::WINDOW)) {
                        block(o, ui, b, images);
                    }
                });
            }
        });
    });
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

/// Draws one block of the document.
fn block(o: &mut ChildSpawnerCommands, ui: &Ui, b: &Block, images: &mut Assets<Image>) {
    let p = ui.theme.palette;
    match b {
        Block::Heading(_, t) => {
            o.spawn(bold(t.clone(), theme::BODY, p.heading, &ui.theme.bold));
        }
        Block::Para(para) => {
            let colour = match para.tone {
                Tone::Plain => p.text,
                Tone::Quiet => p.text_dim,
                Tone::Good => p.good,
                Tone::Bad => p.bad,
                Tone::Warn => p.warn,
            };
            if para.headline {
                o.spawn(bold(para.text(), theme::H2, colour, &ui.theme.bold));
            } else {
                let size = if para.tone == Tone::Quiet {
                    theme::SMALL
                } else {
                    theme::BODY
                };
                o.spawn(text(para.text(), size, colour));
            }
        }
        Block::List {
            items,
            ordered,
            brief,
        } => {
            for (i, item) in list_items(items, *brief, Output::WINDOW).iter().enumerate() {
                let mark = if *ordered {
                    format!("{}. ", i + 1)
                } else {
                    "•  ".to_string()
                };
                o.spawn(text(format!("{mark}{item}"), theme::SMALL, p.text));
            }
        }
        Block::Table(t) => table(o, ui, t),
        Block::Scores { rows, total } => {
            for (name, v) in rows
                .iter()
                .chain(std::iter::once(&(TOTAL.to_string(), *total)))
            {
                score_row(o, ui, name, *v);
            }
        }
        Block::Charts(charts) => charts_grid(o, ui, charts, images),
        Block::Strips(strips) => {
            for (who, letters) in strips {
                o.spawn(row(8.0)).with_children(|l| {
                    l.spawn((
                        text(who.clone(), theme::BODY, p.text),
                        Node {
                            width: px(110),
                            ..default()
                        },
                    ));
                    l.spawn(text(letters.clone(), theme::BODY, p.text));
                });
            }
        }
        Block::FullOnly(inner) | Block::NotInTerminal(inner) => {
            for b in inner.iter().filter(|b| shows(b, Output::WINDOW)) {
                block(o, ui, b, images);
            }
        }
    }
}

/// A score out of 100: its name, a gauge and the number, read as "security, 61 of 100".
fn score_row(o: &mut ChildSpawnerCommands, ui: &Ui, name: &str, v: i32) {
    let p = ui.theme.palette;
    o.spawn((
        Node {
            column_gap: px(8),
            align_items: AlignItems::Center,
            ..default()
        },
        crate::game::a11y::ReadAs(format!("{name}, {v} of 100")),
    ))
    .with_children(|l| {
        l.spawn((
            text(name.to_string(), theme::BODY, p.text),
            TextLayout::no_wrap(),
            Node {
                width: px(170),
                flex_shrink: 0.0,
                ..default()
            },
        ));
        l.spawn(gauge(&p, v, None, p.truth));
        l.spawn((
            text(v.to_string(), theme::BODY, p.text),
            Node {
                min_width: px(36),
                ..default()
            },
        ));
    });
}

/// A table as rows of cells, the header row in bold; a screen reader hears each row as one
/// phrase with its columns' names.
fn table(o: &mut ChildSpawnerCommands, ui: &Ui, t: &Table) {
    let p = ui.theme.palette;
    let rows = std::iter::once((true, &t.head)).chain(t.rows.iter().map(|r| (false, r)));
    for (head, cells) in rows {
        let said = if head {
            t.spoken_head()
        } else {
            t.spoken_row(cells)
        };
        o.spawn((
            Node {
                column_gap: px(10),
                width: percent(100),
                ..default()
            },
            crate::game::a11y::ReadAs(said),
        ))
        .with_children(|r| {
            for (i, c) in cells.iter().enumerate() {
                let numeric = t.numeric.get(i).copied().unwrap_or(false);
                let cell = Node {
                    flex_grow: if numeric { 1.0 } else { 2.0 },
                    flex_basis: px(0),
                    justify_content: if numeric {
                        JustifyContent::FlexEnd
                    } else {
                        JustifyContent::FlexStart
                    },
                    ..default()
                };
                r.spawn(cell).with_children(|cell| {
                    if head {
                        cell.spawn(bold(c.clone(), theme::SMALL, p.heading, &ui.theme.bold));
                    } else {
                        cell.spawn(text(c.clone(), theme::SMALL, p.text));
                    }
                });
            }
        });
    }
}

/// The charts of true values against estimates, painted, each named for a screen reader.
fn charts_grid(
    o: &mut ChildSpawnerCommands,
    ui: &Ui,
    charts: &[ChartData],
    images: &mut Assets<Image>,
) {
    let p = ui.theme.palette;
    o.spawn(Node {
        align_items: AlignItems::FlexStart,
        ..row(10.0)
    })
    .with_children(|grid| {
        for c in charts {
            let image = images.add(chart(c, &p).into_image());
            grid.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(3),
                width: px(300),
                max_width: percent(100),
                ..default()
            })
            .with_children(|cell| {
                cell.spawn(text(c.label.clone(), theme::BODY, p.text));
                cell.spawn((
                    Node {
                        width: percent(100),
                        aspect_ratio: Some(300.0 / 130.0),
                        ..default()
                    },
                    ImageNode::new(image),
                    AccessibleLabel::new(c.alt()),
                ));
            });
        }
    });
}

/// The debrief's keys: the four exports, and Esc back to the menu.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyH => Some(Act::Export(Export::Html)),
        KeyCode::KeyM => Some(Act::Export(Export::Markdown)),
        KeyCode::KeyV => Some(Act::Export(Export::Csv)),
        KeyCode::KeyR => Some(Act::Export(Export::Record)),
        KeyCode::Escape => Some(Act::Back),
        _ => None,
    }
}

/// The debrief's act: write (or in the browser, download) the debrief, the timeline or the record.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Export(kind) => {
            #[cfg(not(target_arch = "wasm32"))]
            let dirs = sh.dirs.clone();
            if let Some(s) = sh.session.as_mut()
                && let Some(game) = s.seat().revealed()
            {
                let d = Debrief::of(game, "");
                let stem = format!("{}-seed{}", s.seat().rules().id, s.seat().seed());
                let (name, body) = match kind {
                    Export::Html => (format!("{stem}.html"), report::html(&d)),
                    Export::Markdown => (format!("{stem}.md"), report::markdown(&d)),
                    Export::Csv => (format!("{stem}.csv"), report::csv(&d)),
                    Export::Record => (
                        format!("{stem}-record.ron"),
                        crate::analysis::record::GameRecord::of_seat(s.seat(), &s.level_file, "")
                            .to_ron(),
                    ),
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
