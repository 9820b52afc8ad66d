//! The window's renderer of the core's documents (`analysis::document`): headings, paragraphs
//! coloured by their tone, lists, tables read row by row, scores as gauges, charts painted. The
//! debrief and the round's report draw their words with it; it adds no words of its own.

use crate::analysis::document::{Block, ChartData, Output, TOTAL, Table, Tone, list_items, shows};
use crate::game::canvas::Canvas;
use crate::game::screens::frame::Ui;
use crate::game::theme::{self, Palette, rgba};
use crate::game::widgets::{bold, gauge, row, text};
use bevy::prelude::*;

/// Draws blocks that the window shows, in order.
pub fn blocks(o: &mut ChildSpawnerCommands, ui: &Ui, bs: &[Block], images: &mut Assets<Image>) {
    for b in bs.iter().filter(|b| shows(b, Output::WINDOW)) {
        block(o, ui, b, Some(&mut *images));
    }
}

/// Draws blocks of words only (news, reasons): a chart among them would be left out.
pub fn text_blocks(o: &mut ChildSpawnerCommands, ui: &Ui, bs: &[Block]) {
    for b in bs.iter().filter(|b| shows(b, Output::WINDOW)) {
        block(o, ui, b, None);
    }
}

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

/// Draws one block of a document.
pub fn block(
    o: &mut ChildSpawnerCommands,
    ui: &Ui,
    b: &Block,
    mut images: Option<&mut Assets<Image>>,
) {
    let p = ui.theme.palette;
    match b {
        Block::Heading(level, t) => {
            let size = if *level <= 2 { theme::H2 } else { theme::BODY };
            o.spawn(bold(t.clone(), size, p.heading, &ui.theme.bold));
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
        Block::Charts(charts) => {
            if let Some(images) = images {
                charts_grid(o, ui, charts, images);
            }
        }
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
                block(o, ui, b, images.as_deref_mut());
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
