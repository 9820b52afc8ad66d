//! The debrief as a document: Markdown, a self-contained HTML page with inline SVG charts (true
//! value against the player's estimate, round by round), and a CSV timeline for spreadsheets.

use crate::analysis::Debrief;
use crate::analysis::fingerprint::Move;
use crate::sim::vars::Var;
use askama::Template;
use std::fmt::Write;

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

fn csv_field(s: &str) -> String {
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

fn outcome_line(d: &Debrief) -> String {
    match d.outcome {
        Some(o) => format!(
            "{} in round {} of {} — grade {} (score {})",
            o.label(),
            d.round,
            d.rounds,
            d.score.grade,
            d.score.total
        ),
        None => format!(
            "Unfinished after round {} of {} — score so far {} (grade {})",
            d.round.saturating_sub(1),
            d.rounds,
            d.score.total,
            d.score.grade
        ),
    }
}

fn rate(r: Option<f64>) -> String {
    r.map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0))
}

fn strip(moves: &[Move]) -> String {
    moves.iter().map(|m| m.letter()).collect()
}

/// The debrief as Markdown.
pub fn markdown(d: &Debrief) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Debrief: {}\n", d.level_title);
    if !d.player.is_empty() {
        let _ = writeln!(s, "**Player:** {}  ", d.player);
    }
    let _ = writeln!(
        s,
        "**Level:** {} · **seed** {} · **difficulty** {} · **record hash** `{}`\n",
        d.level_id, d.seed, d.difficulty, d.hash
    );
    let _ = writeln!(s, "## Outcome\n\n{}\n", outcome_line(d));
    let _ = writeln!(s, "| dimension | score |\n|---|---:|");
    for (name, v) in d.score.dimensions() {
        let _ = writeln!(s, "| {} | {v} |", name.replace('_', " "));
    }
    let _ = writeln!(s, "| **total** | **{}** |\n", d.score.total);
    md_reciprocity(&mut s, d);
    md_fingerprint(&mut s, d);
    md_opponent(&mut s, d);
    md_estimates(&mut s, d);
    md_timeline(&mut s, d);
    md_assumptions(&mut s, d);

    s
}

/// The Markdown debrief's part: reciprocity: what each concession answered; aid; violations; credibility.
fn md_reciprocity(s: &mut String, d: &Debrief) {
    let opp = &d.opponent;
    let r = &d.reciprocity;
    let _ = writeln!(s, "## Reciprocity\n");
    let _ = writeln!(
        s,
        "- Concessions: **{}** — after a verified step **{}**, after a provocation **{}**, unprompted **{}**.",
        r.concessions, r.after_verified_step, r.after_provocation, r.unprompted
    );
    let _ = writeln!(
        s,
        "- Verified steps by {opp}: **{}**; provocations: **{}**.",
        r.verified_steps, r.provocations
    );
    let _ = writeln!(
        s,
        "- Food aid: ${}M sent, ${}M reached people, **${}M diverted** to the regime.",
        r.aid_sent, r.aid_reached, r.aid_diverted
    );
    let _ = writeln!(
        s,
        "- Violations detected: {}; enforced {}, let pass {}. Agreements the U.S. broke: {}; threats not carried out: {}.",
        r.violations_detected, r.enforced, r.let_pass, r.us_broke, r.threats_unkept
    );
    let _ = writeln!(
        s,
        "- U.S. credibility: {} at the start, {} at the end ({}).\n",
        r.credibility_start,
        r.credibility_end,
        if r.credibility_end >= r.credibility_start {
            "kept"
        } else {
            "lost"
        }
    );
}

/// The Markdown debrief's part: the negotiation round by round, and the strategy fingerprint.
fn md_fingerprint(s: &mut String, d: &Debrief) {
    let opp = &d.opponent;
    let f = &d.fingerprint;
    let _ = writeln!(s, "## The negotiation\n");
    let mut any = false;
    for row in d.negotiation() {
        any = true;
        let _ = writeln!(s, "**Round {} ({})**\n", row.round, row.month);
        for t in &row.table {
            let _ = writeln!(s, "- You: {t}");
        }
        if !row.answer.is_empty() {
            let _ = writeln!(s, "- {}", row.answer);
        }
        for a in &row.agreements {
            let _ = writeln!(s, "- {a}");
        }
        let _ = writeln!(s);
    }
    if !any {
        let _ = writeln!(s, "No offers were made and no agreements changed.\n");
    }

    let _ = writeln!(s, "## Strategy fingerprint\n");
    let _ = writeln!(
        s,
        "Nearest classic strategy: **{}**.\n\n| your answer … | rate | rounds |\n|---|---:|---:|",
        f.nearest
    );
    let labels = crate::analysis::fingerprint::RATE_LABELS.map(|l| l.replace("{opp}", opp));
    for ((label, r), n) in labels.iter().zip(f.rates).zip(f.samples) {
        let _ = writeln!(s, "| {label} | {} | {n} |", rate(r));
    }
    let _ = writeln!(
        s,
        "\n{}",
        crate::analysis::fingerprint::how_we_read("your", opp)
    );
    if !f.distances.is_empty() {
        let _ = writeln!(
            s,
            "\n| strategy | what it does | distance |\n|---|---|---:|"
        );
        for (name, dist) in &f.distances {
            let what = crate::analysis::fingerprint::LEGEND
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, w)| w);
            let _ = writeln!(s, "| {name} | {what} | {dist:.2} |");
        }
    }
    let _ = writeln!(
        s,
        "\nRound by round (you: C a reward paid, D pressure; {opp}: C a verified step, D a provocation or violation; · neither):\n\n```\nYou        {}\n{:<11}{}\n```\n",
        strip(&f.player_moves),
        opp,
        strip(&f.pyongyang_moves)
    );
}

/// The Markdown debrief's part: the other side: its type, what it learned, its decisions, what was hidden.
fn md_opponent(s: &mut String, d: &Debrief) {
    let opp = &d.opponent;
    let _ = writeln!(s, "## {opp}\n");
    let _ = writeln!(
        s,
        "{opp} was a **{}**: {}\n",
        d.pyongyang_type, d.pyongyang_description
    );
    let _ = writeln!(
        s,
        "What it had learned about the U.S. by the end:\n\n| response | its estimate |\n|---|---:|"
    );
    for (what, p) in &d.pyongyang_beliefs {
        let _ = writeln!(s, "| {what} | {:.0}% |", p * 100.0);
    }
    if !d.key_decisions.is_empty() {
        let _ = writeln!(
            s,
            "\nKey decisions and the reasons it gave itself (the scores, against doing nothing, in brackets):\n"
        );
        for (round, reason) in &d.key_decisions {
            let _ = writeln!(
                s,
                "- Round {round}: {} _({})_",
                reason.words(),
                reason.line()
            );
        }
    }
    if !d.hidden.is_empty() {
        let _ = writeln!(s, "\nWhat you could not see:\n");
        for h in &d.hidden {
            let _ = writeln!(s, "- {h}");
        }
    }
    let _ = writeln!(
        s,
        "\nSites:\n\n| site | truth | inspection |\n|---|---|---|"
    );
    for (name, truth, found) in &d.sites {
        let _ = writeln!(s, "| {name} | {truth} | {found} |");
    }
}

/// The Markdown debrief's part: true values against the player's estimates.
fn md_estimates(s: &mut String, d: &Debrief) {
    let _ = writeln!(s, "\n## True values against your estimates\n");
    let _ = writeln!(
        s,
        "| variable | start true | start est. | end true | end est. ± band |\n|---|---:|---:|---:|---:|"
    );
    if let (Some(first), Some(last)) = (d.timeline.first(), d.timeline.last()) {
        for (v, &first_estimate) in first.estimates.iter() {
            let (estimate, band) = last.estimate_of(v).unwrap_or_default();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} ± {} |",
                d.labels[v.index()],
                first.truth[v],
                first_estimate,
                last.truth[v],
                estimate,
                band
            );
        }
    }
    if let Some((v, round, truth, est)) = d.worst_estimate() {
        let _ = writeln!(
            s,
            "\nYour worst miss: **{}** in round {round}, estimated {est} when it was {truth}.",
            d.labels[v.index()]
        );
    }
}

/// The Markdown debrief's part: the timeline, round by round.
fn md_timeline(s: &mut String, d: &Debrief) {
    let opp = &d.opponent;
    let _ = writeln!(s, "\n## Timeline\n");
    let _ = writeln!(
        s,
        "| round | month | tension | congress | credibility | sanctions | famine | regime | nuclear | missile | you did | {opp} did (public) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    for row in &d.timeline {
        let t = &row.truth;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.round,
            row.month,
            t[Var::Tension],
            t[Var::Congress],
            t[Var::UsCredibility],
            t[Var::Sanctions],
            t[Var::Humanitarian],
            t[Var::RegimeSecurity],
            t[Var::Nuclear],
            t[Var::Missile],
            row.us.join(", "),
            row.pyongyang.join(", ")
        );
    }
}

/// The Markdown debrief's part: what the conclusion rests on, the assumptions, what actually happened and questions.
fn md_assumptions(s: &mut String, d: &Debrief) {
    if let Some(sum) = &d.sensitivity {
        let _ = writeln!(s, "\n## What the conclusion rests on\n");
        let _ = writeln!(
            s,
            "Over {} games per setting at {} difficulty, each assumption was moved to its minimum and its maximum and the same games played again. {}\n",
            sum.games, sum.difficulty, sum.conclusion
        );
        for r in &sum.top {
            let _ = writeln!(s, "- `{}`: {}", r.id, r.line());
        }
    }

    let _ = writeln!(s, "\n## The assumptions behind this game\n");
    let _ = writeln!(
        s,
        "| assumption | value | claim | source | confidence |\n|---|---:|---|---|---|"
    );
    for a in &d.ledger {
        let value = match a.default_value {
            Some(def) if def != a.value => format!("{} (default {def})", a.value),
            _ => a.value.to_string(),
        };
        let _ = writeln!(
            s,
            "| `{}` | {value} | {} | {} | {} |",
            a.id,
            a.claim.replace('|', "/"),
            a.source.replace('|', "/"),
            a.confidence.label()
        );
    }
    if !d.history.history.is_empty() {
        let _ = writeln!(s, "\n## What actually happened\n");
        for n in &d.history.history {
            let _ = writeln!(s, "- **{}** — {} *({})*", n.date, n.text, n.source);
        }
    }
    if !d.history.questions.is_empty() {
        let _ = writeln!(s, "\n## Questions for discussion\n");
        for q in &d.history.questions {
            let _ = writeln!(s, "1. {q}");
        }
    }
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
pub fn svg_chart(d: &Debrief, v: Var) -> String {
    if !v.is_hidden() {
        return String::new();
    }
    let (w, h, pad) = (340.0_f64, 150.0_f64, 26.0_f64);
    let n = d.timeline.len().max(2) - 1;
    let x = |k: usize| pad + (w - pad - 8.0) * k as f64 / n as f64;
    let y = |val: i32| 8.0 + (h - 8.0 - pad) * (1.0 - f64::from(val.clamp(0, 100)) / 100.0);
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut est = Vec::new();
    let mut truth = Vec::new();
    for (k, row) in d.timeline.iter().enumerate() {
        let (e, b) = row.estimate_of(v).unwrap_or_default();
        upper.push(format!("{:.1},{:.1}", x(k), y(e + b)));
        lower.push(format!("{:.1},{:.1}", x(k), y(e - b)));
        est.push(format!("{:.1},{:.1}", x(k), y(e)));
        truth.push(format!("{:.1},{:.1}", x(k), y(row.truth[v])));
    }
    lower.reverse();
    Chart {
        label: d.labels.get(v.index()).map_or("", String::as_str),
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

pub(crate) const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2631;line-height:1.45}h1{color:#1f4e79}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd1d1;padding:.25rem .5rem;text-align:left;font-size:.9rem}th{background:#eaf2f8}.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{border:1px solid #ccd1d1;padding:.4rem}.chart h3{margin:.1rem 0;font-size:.95rem}.legend span{margin-right:1rem;font-size:.85rem}.truth{color:#1f4e79;font-weight:bold}.est{color:#d35400;font-weight:bold}code,pre{background:#f4f6f6;padding:.1rem .3rem}.outcome{font-size:1.2rem;font-weight:bold}";

/// The debrief page's template: everything the level or the player wrote is escaped by the
/// template engine.
#[derive(Template)]
#[template(path = "debrief.html")]
struct DebriefPage<'a> {
    d: &'a Debrief,
    css: &'static str,
    opp: &'a str,
    opp_padded: String,
    r: &'a crate::analysis::Reciprocity,
    outcome: String,
    dimensions: Vec<(String, i32)>,
    /// (situation, rate, rounds it rests on).
    rates: Vec<(String, String, u32)>,
    distances: Vec<(&'static str, &'static str, String)>,
    how_we_read: String,
    /// (round, month, the U.S. at the table, the answer, agreements).
    negotiation: Vec<(u32, String, Vec<String>, String, Vec<String>)>,
    player_moves: String,
    pyongyang_moves: String,
    /// (variable, its chart as SVG made by [`svg_chart`]).
    charts: Vec<(String, String)>,
    worst: Option<(String, u32, i32, i32)>,
    beliefs: Vec<(String, String)>,
    decisions: Vec<(u32, String)>,
    timeline: Vec<Vec<String>>,
    sensitivity: Vec<(String, String)>,
    ledger: Vec<(String, String, String, String, &'static str)>,
}

/// The debrief as one self-contained HTML page (well-formed XHTML syntax).
pub fn html(d: &Debrief) -> String {
    let opp = d.opponent.as_str();
    let f = &d.fingerprint;
    let labels = crate::analysis::fingerprint::RATE_LABELS.map(|l| l.replace("{opp}", opp));
    let label = |v: Var| d.labels.get(v.index()).cloned().unwrap_or_default();
    DebriefPage {
        d,
        css: CSS,
        opp,
        opp_padded: format!("{opp:<11}"),
        r: &d.reciprocity,
        outcome: outcome_line(d),
        dimensions: d
            .score
            .dimensions()
            .iter()
            .map(|(name, v)| (name.replace('_', " "), *v))
            .collect(),
        rates: labels
            .iter()
            .zip(f.rates)
            .zip(f.samples)
            .map(|((l, r), n)| (l.clone(), rate(r), n))
            .collect(),
        distances: f
            .distances
            .iter()
            .map(|(name, dist)| {
                let what = crate::analysis::fingerprint::LEGEND
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, w)| *w);
                (*name, what, format!("{dist:.2}"))
            })
            .collect(),
        how_we_read: crate::analysis::fingerprint::how_we_read("your", opp),
        negotiation: d
            .negotiation()
            .map(|r| {
                (
                    r.round,
                    r.month.clone(),
                    r.table.clone(),
                    r.answer.clone(),
                    r.agreements.clone(),
                )
            })
            .collect(),
        player_moves: strip(&f.player_moves),
        pyongyang_moves: strip(&f.pyongyang_moves),
        charts: d
            .vars
            .iter()
            .filter(|(v, _)| v.is_hidden())
            .map(|&(v, _)| (label(v), svg_chart(d, v)))
            .collect(),
        worst: d
            .worst_estimate()
            .map(|(v, round, truth, est)| (label(v), round, truth, est)),
        beliefs: d
            .pyongyang_beliefs
            .iter()
            .map(|(what, p)| (what.clone(), format!("{:.0}", p * 100.0)))
            .collect(),
        decisions: d
            .key_decisions
            .iter()
            .map(|(round, reason)| (*round, format!("{} ({})", reason.words(), reason.line())))
            .collect(),
        timeline: d
            .timeline
            .iter()
            .map(|row| {
                let t = &row.truth;
                let mut cells = vec![row.round.to_string(), row.month.clone()];
                for v in [
                    Var::Tension,
                    Var::Congress,
                    Var::UsCredibility,
                    Var::Humanitarian,
                    Var::RegimeSecurity,
                    Var::Nuclear,
                ] {
                    cells.push(t[v].to_string());
                }
                cells.push(row.us.join(", "));
                cells.push(row.pyongyang.join(", "));
                cells
            })
            .collect(),
        sensitivity: d
            .sensitivity
            .iter()
            .flat_map(|sum| sum.top.iter().map(|r| (r.id.clone(), r.line())))
            .collect(),
        ledger: d
            .ledger
            .iter()
            .map(|a| {
                let value = match a.default_value {
                    Some(def) if def != a.value => format!("{} (default {def})", a.value),
                    _ => a.value.to_string(),
                };
                (
                    a.id.clone(),
                    value,
                    a.claim.clone(),
                    a.source.clone(),
                    a.confidence.label(),
                )
            })
            .collect(),
    }
    .render()
    .unwrap_or_else(|e| format!("<!DOCTYPE html>\n<html><body><p>The report could not be written: {e}</p></body></html>\n"))
}
