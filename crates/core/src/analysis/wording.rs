//! The debrief in words, written once. [`debrief`] turns a [`Debrief`] into a
//! [`Document`]; the window, the terminal, the Markdown hand-in and the HTML page all render that
//! document, so a sentence changed here changes everywhere, and a translation would replace this
//! file. Section by section: the outcome, true values against estimates, reciprocity, the
//! negotiation, the strategy fingerprint, the other side, the timeline, what the conclusion rests
//! on, the assumptions, what actually happened.

use crate::analysis::Debrief;
use crate::analysis::document::{Block, ChartData, Document, Para, Table, Tone};
use crate::analysis::fingerprint::{self, Move};
use crate::sim::describe::count;
use crate::sim::vars::Var;

/// The debrief of a game as a document.
pub fn debrief(d: &Debrief) -> Document {
    let mut doc = Document::default();
    doc.heading(1, format!("Debrief: {}", d.level_title));
    if !d.player.is_empty() {
        doc.para(Para::default().strong("Player: ").plain(d.player.clone()));
    }
    doc.para(
        Para::default()
            .plain(format!(
                "Level {} · seed {} · difficulty {} · record hash ",
                d.level_id, d.seed, d.difficulty
            ))
            .code(d.hash.clone())
            .tone(Tone::Quiet),
    );
    outcome(&mut doc, d);
    estimates(&mut doc, d);
    reciprocity(&mut doc, d);
    negotiation(&mut doc, d);
    strategy(&mut doc, d);
    opponent(&mut doc, d);
    timeline(&mut doc, d);
    rests_on(&mut doc, d);
    assumptions(&mut doc, d);
    history(&mut doc, d);
    doc
}

/// The outcome in one line: "Deal in round 24 of 24 — grade B (score 71)".
pub fn outcome_line(d: &Debrief) -> String {
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

fn outcome(doc: &mut Document, d: &Debrief) {
    doc.heading(2, "Outcome");
    let tone = if d.outcome.is_some_and(|x| x.is_defeat()) || matches!(d.score.grade, 'D' | 'F') {
        Tone::Bad
    } else if matches!(d.score.grade, 'A' | 'B') {
        Tone::Good
    } else {
        Tone::Plain
    };
    doc.para(Para::new(outcome_line(d)).tone(tone).headline());
    doc.push(Block::Scores {
        rows: d
            .score
            .dimensions()
            .iter()
            .map(|(name, v)| (name.replace('_', " "), *v))
            .collect(),
        total: d.score.total,
    });
}

fn label(d: &Debrief, v: Var) -> String {
    d.labels.get(v.index()).cloned().unwrap_or_default()
}

fn estimates(doc: &mut Document, d: &Debrief) {
    doc.heading(2, "True values against your estimates");
    doc.para(
        Para::new(
            "The solid line is the true value; the dashed line is your estimate, with its band shaded.",
        )
        .tone(Tone::Quiet),
    );
    let charts = d
        .vars
        .iter()
        .filter(|(v, _)| v.is_hidden())
        .map(|&(v, _)| ChartData {
            label: label(d, v),
            var: v,
            truth: d.timeline.iter().map(|r| r.truth[v]).collect(),
            estimate: d
                .timeline
                .iter()
                .map(|r| r.estimate_of(v).unwrap_or_default().0)
                .collect(),
            band: d
                .timeline
                .iter()
                .map(|r| r.estimate_of(v).unwrap_or_default().1)
                .collect(),
        })
        .collect();
    doc.push(Block::Charts(charts));
    if let (Some(first), Some(last)) = (d.timeline.first(), d.timeline.last()) {
        let rows = d
            .vars
            .iter()
            .filter(|(v, _)| v.is_hidden())
            .map(|&(v, _)| {
                let (start, _) = first.estimate_of(v).unwrap_or_default();
                let (end, band) = last.estimate_of(v).unwrap_or_default();
                vec![
                    label(d, v),
                    first.truth[v].to_string(),
                    start.to_string(),
                    last.truth[v].to_string(),
                    format!("{end} ± {band}"),
                ]
            })
            .collect();
        doc.table(
            &[
                "variable",
                "true at the start",
                "your estimate",
                "true at the end",
                "your estimate ± band",
            ],
            rows,
            &[false, true, true, true, true],
        );
    }
    if let Some((v, round, truth, est)) = d.worst_estimate() {
        doc.para(
            Para::new(format!(
                "Your worst miss: {} in round {round}, estimated {est} when it was {truth}.",
                label(d, v)
            ))
            .tone(Tone::Warn),
        );
    }
}

fn reciprocity(doc: &mut Document, d: &Debrief) {
    let opp = &d.opponent;
    let r = &d.reciprocity;
    doc.heading(2, "Reciprocity");
    doc.list(vec![
        format!(
            "Concessions: {} — after a verified step {}, after a provocation {}, unprompted {}.",
            r.concessions, r.after_verified_step, r.after_provocation, r.unprompted
        ),
        format!(
            "{opp}: {}, {}.",
            count(r.verified_steps, "verified step", "verified steps"),
            count(r.provocations, "provocation", "provocations")
        ),
        format!(
            "Food aid: ${}M sent, ${}M reached people, ${}M diverted to the regime.",
            r.aid_sent, r.aid_reached, r.aid_diverted
        ),
        format!(
            "Violations detected: {}; enforced {}, let pass {}. Agreements the U.S. broke: {}; threats not carried out: {}.",
            r.violations_detected, r.enforced, r.let_pass, r.us_broke, r.threats_unkept
        ),
        format!(
            "U.S. credibility: {} at the start, {} at the end ({}).",
            r.credibility_start,
            r.credibility_end,
            if r.credibility_end >= r.credibility_start {
                "kept"
            } else {
                "lost"
            }
        ),
    ]);
}

fn negotiation(doc: &mut Document, d: &Debrief) {
    doc.heading(2, "The negotiation");
    let mut any = false;
    for row in d.negotiation() {
        any = true;
        doc.heading(3, format!("Round {} ({})", row.round, row.month));
        let mut items: Vec<String> = row.table.iter().map(|t| format!("You: {t}")).collect();
        if !row.answer.is_empty() {
            items.push(row.answer.clone());
        }
        items.extend(row.agreements.iter().cloned());
        doc.list(items);
    }
    if !any {
        doc.para(Para::new("No offers were made and no agreements changed.").tone(Tone::Quiet));
    }
}

fn rate(r: Option<f64>) -> String {
    r.map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0))
}

fn strip(moves: &[Move]) -> String {
    moves.iter().map(|m| m.letter()).collect()
}

fn strategy(doc: &mut Document, d: &Debrief) {
    let opp = &d.opponent;
    let f = &d.fingerprint;
    doc.heading(2, "Your strategy fingerprint");
    let mut p = Para::default()
        .plain("You played most like: ")
        .strong(f.nearest.clone())
        .plain(".");
    if let Some((_, what)) = fingerprint::LEGEND.iter().find(|(n, _)| *n == f.nearest) {
        p = p.plain(format!(" {} {what}.", f.nearest));
    }
    doc.para(p);
    let rows: Vec<Vec<String>> = fingerprint::RATE_LABELS
        .iter()
        .zip(f.rates.iter().zip(f.samples))
        .filter(|(_, (_, n))| *n > 0)
        .map(|(l, (r, n))| vec![l.replace("{opp}", opp), rate(*r), n.to_string()])
        .collect();
    if !rows.is_empty() {
        doc.table(
            &["your answer …", "rate", "rounds"],
            rows,
            &[false, true, true],
        );
    }
    doc.para(Para::new(fingerprint::how_we_read("your", opp)).tone(Tone::Quiet));
    if !f.distances.is_empty() {
        let rows = f
            .distances
            .iter()
            .map(|(name, dist)| {
                let what = fingerprint::LEGEND
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, w)| w);
                vec![name.to_string(), what.to_string(), format!("{dist:.2}")]
            })
            .collect();
        doc.table(
            &["classic strategy", "what it does", "distance from yours"],
            rows,
            &[false, false, true],
        );
    }
    doc.heading(3, "Round by round");
    doc.push(Block::Strips(vec![
        ("You".to_string(), strip(&f.player_moves)),
        (opp.clone(), strip(&f.pyongyang_moves)),
    ]));
    doc.para(
        Para::new(format!(
            "You: C a reward paid, D pressure. {opp}: C a verified step, D a provocation or violation. · neither."
        ))
        .tone(Tone::Quiet),
    );
}

fn opponent(doc: &mut Document, d: &Debrief) {
    let opp = &d.opponent;
    doc.heading(2, opp.clone());
    doc.para(
        Para::default()
            .plain(format!("{opp} was a "))
            .strong(d.pyongyang_type.clone())
            .plain(format!(": {}", d.pyongyang_description)),
    );
    doc.table(
        &["what it had learned about the U.S.", "its estimate"],
        d.pyongyang_beliefs
            .iter()
            .map(|(what, p)| vec![what.clone(), format!("{:.0}%", p * 100.0)])
            .collect(),
        &[false, true],
    );
    if !d.key_decisions.is_empty() {
        doc.heading(3, "Key decisions and its reasons");
        doc.push(Block::List {
            items: d
                .key_decisions
                .iter()
                .map(|(round, reason)| format!("Round {round}: {}", reason.words()))
                .collect(),
            ordered: false,
            brief: Some(8),
        });
    }
    if !d.hidden.is_empty() {
        doc.heading(3, "What you could not see");
        doc.push(Block::List {
            items: d.hidden.clone(),
            ordered: false,
            brief: Some(20),
        });
    }
    if !d.sites.is_empty() {
        doc.table(
            &["site", "what it really was", "what inspectors found"],
            d.sites
                .iter()
                .map(|(n, t, f)| vec![n.clone(), t.clone(), f.clone()])
                .collect(),
            &[false, false, false],
        );
    }
}

fn timeline(doc: &mut Document, d: &Debrief) {
    let opp = &d.opponent;
    let vars = [
        Var::Tension,
        Var::Congress,
        Var::UsCredibility,
        Var::Sanctions,
        Var::Humanitarian,
        Var::RegimeSecurity,
        Var::Nuclear,
        Var::Missile,
    ];
    let mut head = vec!["round".to_string(), "month".to_string()];
    head.extend(vars.iter().map(|&v| label(d, v)));
    head.push("you did".to_string());
    head.push(format!("{opp} did (public)"));
    let rows = d
        .timeline
        .iter()
        .map(|row| {
            let mut cells = vec![row.round.to_string(), row.month.clone()];
            cells.extend(vars.iter().map(|&v| row.truth[v].to_string()));
            cells.push(row.us.join(", "));
            cells.push(row.pyongyang.join(", "));
            cells
        })
        .collect();
    let mut numeric = vec![true, false];
    numeric.extend(vars.iter().map(|_| true));
    numeric.extend([false, false]);
    doc.push(Block::FullOnly(vec![
        Block::Heading(2, "Timeline".to_string()),
        Block::Table(Table {
            head,
            rows,
            numeric,
        }),
    ]));
}

fn rests_on(doc: &mut Document, d: &Debrief) {
    let Some(sum) = &d.sensitivity else {
        return;
    };
    doc.heading(2, "What the conclusion rests on");
    doc.para(Para::new(format!(
        "Over {} games per setting at {} difficulty, each assumption was moved to its minimum and its maximum and the same games played again. {}",
        sum.games, sum.difficulty, sum.conclusion
    )));
    doc.list(
        sum.top
            .iter()
            .map(|r| format!("{}: {}", r.id, r.line()))
            .collect(),
    );
}

fn assumptions(doc: &mut Document, d: &Debrief) {
    let rows = d
        .ledger
        .iter()
        .map(|a| {
            let value = match a.default_value {
                Some(def) if def != a.value => format!("{} {} (default {def})", a.value, a.unit),
                _ => format!("{} {}", a.value, a.unit),
            };
            vec![
                a.id.clone(),
                value.trim().to_string(),
                a.claim.clone(),
                a.source.clone(),
                a.confidence.label().to_string(),
            ]
        })
        .collect();
    // The terminal has its `ledger` command for them, and points to the full debrief.
    doc.push(Block::NotInTerminal(vec![
        Block::Heading(2, "The assumptions behind this game".to_string()),
        Block::Para(
            Para::new(
                "Each causal weight the rules use, with its source. A teacher can change any of them in the level file.",
            )
            .tone(Tone::Quiet),
        ),
        Block::Table(Table {
            head: ["assumption", "value", "claim", "source", "confidence"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![false; 5],
        }),
    ]));
}

fn history(doc: &mut Document, d: &Debrief) {
    if !d.history.history.is_empty() {
        doc.heading(2, "What actually happened");
        doc.list(
            d.history
                .history
                .iter()
                .map(|n| format!("{} — {} ({})", n.date, n.text, n.source))
                .collect(),
        );
    }
    if !d.history.questions.is_empty() {
        doc.heading(2, "Questions for discussion");
        doc.push(Block::List {
            items: d.history.questions.clone(),
            ordered: true,
            brief: None,
        });
    }
}
