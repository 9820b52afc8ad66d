//! The debrief as files: Markdown and a self-contained HTML page with inline SVG charts (true
//! value against the player's estimate, round by round), both rendered from the one document of
//! [`wording::debrief`], and a CSV timeline for spreadsheets.

use crate::analysis::Debrief;
use crate::analysis::document::{self, ChartData, Document};
use crate::analysis::wording;
use askama::Template;

/// The CSV columns of a debrief, in order (documented in README.md): a level's own variables
/// come after the built-in ones, by their ids.
pub fn csv_columns(d: &Debrief) -> Vec<String> {
    let mut c = vec!["round".to_string(), "month".to_string()];
    for (_, id) in &d.vars {
        c.push(format!("{id}_true"));
    }
    for (_, id) in d.vars.iter().filter(|(v, _)| v.is_hidden()) {
        c.push(format!("{id}_estimate"));
        c.push(format!("{id}_band"));
    }
    for x in [
        "us_actions",
        "us_at_the_table",
        "answer_to_offer",
        "agreements",
        "opponent_public",
        "opponent_hidden",
        "headlines",
    ] {
        c.push(x.to_string());
    }
    c
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The timeline as CSV: a header row, then one row per round (round 0 is the start).
pub fn csv(d: &Debrief) -> String {
    let mut out = csv_columns(d).join(",");
    out.push('\n');
    for row in &d.timeline {
        let mut cells = vec![row.round.to_string(), row.month.clone()];
        for (v, _) in &d.vars {
            cells.push(row.truth[*v].to_string());
        }
        for (v, _) in d.vars.iter().filter(|(v, _)| v.is_hidden()) {
            cells.push(row.estimates.get(*v).copied().unwrap_or(0).to_string());
            cells.push(row.bands.get(*v).copied().unwrap_or(0).to_string());
        }
        cells.push(row.us.join("; "));
        cells.push(row.table.join("; "));
        cells.push(row.answer.clone());
        cells.push(row.agreements.join("; "));
        cells.push(row.pyongyang.join("; "));
        cells.push(row.hidden_moves.join("; "));
        cells.push(row.headlines.join("; "));
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The debrief for the chair a record's student sat in (`GameRecord::side`): the U.S.'s, the
/// other side's, or at one screen both, the U.S.'s first.
pub fn document_for(game: &crate::sim::game::Game, d: &Debrief, side: &str) -> Document {
    let theirs = || wording::opponent_debrief(crate::sim::seat::OpponentSeat::of(game), d);
    match side {
        "opponent" => theirs().unwrap_or_else(|| wording::debrief(d)),
        "both" => {
            let mut doc = wording::debrief(d);
            if let Some(t) = theirs() {
                doc.blocks.extend(t.blocks);
            }
            doc
        }
        _ => wording::debrief(d),
    }
}

/// [`document_for`] as Markdown.
pub fn markdown_for(game: &crate::sim::game::Game, d: &Debrief, side: &str) -> String {
    document::markdown(&document_for(game, d, side))
}

/// [`document_for`] as one self-contained HTML page, its title the document's own.
pub fn html_for(game: &crate::sim::game::Game, d: &Debrief, side: &str) -> String {
    let doc = document_for(game, d, side);
    let title = match doc.blocks.first() {
        Some(crate::analysis::document::Block::Heading(1, t)) => t.clone(),
        _ => format!("Debrief: {}", d.level_title),
    };
    document::html(&doc, &title, &svg_chart)
}

/// The debrief as Markdown: the words of [`wording::debrief`], as Markdown.
pub fn markdown(d: &Debrief) -> String {
    document::markdown(&wording::debrief(d))
}

/// The debrief as one self-contained HTML page (well-formed XHTML syntax), with each chart as
/// inline SVG.
pub fn html(d: &Debrief) -> String {
    document::html(
        &wording::debrief(d),
        &format!("Debrief: {}", d.level_title),
        &svg_chart,
    )
}

/// A line chart of one hidden variable: the truth, the estimate, and the estimate's band.
#[derive(Template)]
#[template(path = "chart.svg", escape = "html")]
struct Chart<'a> {
    label: &'a str,
    w: f64,
    h: f64,
    pad: f64,
    x2: f64,
    tx: f64,
    yl: f64,
    n: usize,
    /// Grid lines: (value, y of the line, y of its label).
    grid: Vec<(i32, String, String)>,
    band: String,
    est: String,
    truth: String,
}

/// A line chart of one hidden variable (SVG): the truth, the estimate, and the estimate's band.
pub fn svg_chart(c: &ChartData) -> String {
    let (w, h, pad) = (340.0_f64, 150.0_f64, 26.0_f64);
    let n = c.truth.len().max(2) - 1;
    let x = |k: usize| pad + (w - pad - 8.0) * k as f64 / n as f64;
    let y = |val: i32| 8.0 + (h - 8.0 - pad) * (1.0 - f64::from(val.clamp(0, 100)) / 100.0);
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut est = Vec::new();
    let mut truth = Vec::new();
    for (k, (&t, (&e, &b))) in c
        .truth
        .iter()
        .zip(c.estimate.iter().zip(&c.band))
        .enumerate()
    {
        upper.push(format!("{:.1},{:.1}", x(k), y(e + b)));
        lower.push(format!("{:.1},{:.1}", x(k), y(e - b)));
        est.push(format!("{:.1},{:.1}", x(k), y(e)));
        truth.push(format!("{:.1},{:.1}", x(k), y(t)));
    }
    lower.reverse();
    Chart {
        label: &c.label,
        w,
        h,
        pad,
        x2: w - 8.0,
        tx: pad - 4.0,
        yl: h - 8.0,
        n,
        grid: [0, 50, 100]
            .into_iter()
            .map(|g| (g, format!("{:.1}", y(g)), format!("{:.1}", y(g) + 3.0)))
            .collect(),
        band: [upper, lower].concat().join(" "),
        est: est.join(" "),
        truth: truth.join(" "),
    }
    .render()
    .unwrap_or_default()
}

pub(crate) use document::CSS;
