//! What the player reads after a round and at the end, written once. [`debrief`] turns a
//! [`Debrief`] into a [`Document`]; the window, the terminal, the Markdown hand-in and the HTML
//! page all render that document, so a sentence changed here changes everywhere, and a
//! translation would replace this file. Section by section: the outcome, true values against
//! estimates, reciprocity, the negotiation, the strategy fingerprint, the other side, the
//! timeline, what the conclusion rests on, the assumptions, what actually happened.
//!
//! The round's report ([`round_report`]), its news ([`news`]) and the other side's reasons
//! ([`why`]) are written here too, for the window's report screen and the terminal alike.

use crate::analysis::document::{Block, ChartData, Document, Para, Table, Tone};
use crate::analysis::fingerprint::{self, Move};
use crate::analysis::{Debrief, provocation_record};
use crate::sim::describe::{count, describe_orders};
use crate::sim::report::{News, NewsKind, SECRET_REASONS};
use crate::sim::seat::{SeenReport, UsSeat};
use crate::sim::vars::Var;

/// The debrief of a game as a document.
pub fn debrief(d: &Debrief) -> Document {
    let mut doc = header(d, format!("Debrief: {}", d.level_title));
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

/// The U.S. score's gauges.
fn us_scores(d: &Debrief) -> Block {
    Block::Scores {
        rows: d
            .score
            .dimensions()
            .iter()
            .map(|(name, v)| (name.replace('_', " "), *v))
            .collect(),
        total: d.score.total,
    }
}

/// A debrief's title, the player, and the line that identifies the game (level, seed,
/// difficulty, record hash).
fn header(d: &Debrief, title: String) -> Document {
    let mut doc = Document::default();
    doc.heading(1, title);
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
    doc.push(us_scores(d));
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
    timeline_from(doc, d, "you did", &format!("{} did (public)", d.opponent));
}

/// The timeline, its two last columns named for the chair reading it.
fn timeline_from(doc: &mut Document, d: &Debrief, us: &str, opponent: &str) {
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
    head.push(us.to_string());
    head.push(opponent.to_string());
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

/// A round's report in words, in the parts a screen lays out side by side: its title, what the
/// player did and what happened, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportWords {
    /// "Report · round 3 · June 2000".
    pub title: String,
    /// The tip's check, the player's orders, the news.
    pub did: Vec<Block>,
    /// Every visible change with its causes, and the estimates now.
    pub changed: Vec<Block>,
}

impl ReportWords {
    /// The report as one document (for the terminal): the title, then its parts.
    pub fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.heading(1, self.title.clone());
        doc.blocks.extend(self.did.iter().cloned());
        doc.blocks.extend(self.changed.iter().cloned());
        doc
    }
}

fn tone_of(t: crate::sim::report::Tone) -> Tone {
    match t {
        crate::sim::report::Tone::Good => Tone::Good,
        crate::sim::report::Tone::Bad => Tone::Bad,
        crate::sim::report::Tone::Neutral => Tone::Plain,
    }
}

/// The tag a news item carries: "NEWS", the other side's tag for its moves ("DPRK"), "INTEL"…
pub fn news_tag(n: &News, opponent_tag: &str) -> String {
    match n.kind {
        NewsKind::Event => "NEWS",
        NewsKind::Pyongyang => opponent_tag,
        NewsKind::Answer => "ANSWER",
        NewsKind::Intelligence => "INTEL",
        NewsKind::Agreement => "DEAL",
        NewsKind::UnitedStates => "WASHINGTON",
    }
    .to_string()
}

/// News items: each a headline with its tag, its text and its source.
pub fn news(items: &[News], opponent_tag: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for n in items {
        out.push(Block::Para(
            Para::new(format!("[{}] {}", news_tag(n, opponent_tag), n.headline))
                .tone(tone_of(n.tone)),
        ));
        if !n.body.is_empty() {
            out.push(Block::Para(Para::new(n.body.clone()).tone(Tone::Quiet)));
        }
        if !n.source.is_empty() {
            out.push(Block::Para(
                Para::new(format!("Source: {}", n.source)).tone(Tone::Quiet),
            ));
        }
    }
    out
}

/// The last round's report at the U.S. chair, if a round has been played.
pub fn round_report(seat: UsSeat<'_>) -> Option<ReportWords> {
    let r = seat.last_report()?;
    let rules = seat.rules();
    let mut did = Vec::new();
    if let Some(check) = r.tip_check(rules) {
        let tone = if check.all_done() {
            Tone::Good
        } else {
            Tone::Warn
        };
        did.push(Block::Para(Para::new(check.line()).tone(tone)));
    }
    did.push(Block::Heading(2, "What you did".to_string()));
    let mine = describe_orders(rules, r.us());
    if mine.is_empty() {
        did.push(Block::Para(
            Para::new("Nothing: you let the month pass.").tone(Tone::Quiet),
        ));
    } else {
        did.push(list(mine));
    }
    did.push(Block::Heading(2, "What happened".to_string()));
    if r.news().is_empty() {
        did.push(Block::Para(Para::new("A quiet month.").tone(Tone::Quiet)));
    }
    did.extend(news(r.news(), &rules.names.tag));
    Some(ReportWords {
        title: format!(
            "Report · round {} · {}",
            r.round(),
            rules.month_of(r.round()).long()
        ),
        did,
        changed: changed(seat, r),
    })
}

fn list(items: Vec<String>) -> Block {
    Block::List {
        items,
        ordered: false,
        brief: None,
    }
}

/// What changed that the player could see, each change with its causes, and the estimates now.
fn changed(seat: UsSeat<'_>, r: SeenReport<'_>) -> Vec<Block> {
    let rules = seat.rules();
    let mut out = vec![Block::Heading(2, "What changed, and why".to_string())];
    let summary = r.visible_summary(rules);
    if summary.is_empty() {
        out.push(Block::Para(
            Para::new("Nothing you can see changed.").tone(Tone::Quiet),
        ));
    }
    for (var, net, parts) in summary {
        let tone = match rules.rise_is_good(var) {
            Some(good) if (net > 0) == good => Tone::Good,
            Some(_) => Tone::Bad,
            None => Tone::Plain,
        };
        out.push(Block::Para(
            Para::new(format!("{} {net:+}", rules.label(var))).tone(tone),
        ));
        out.push(list(
            parts
                .iter()
                .map(|(cause, d)| format!("{d:+} {}", cause.describe(rules)))
                .collect(),
        ));
    }
    out.push(Block::Heading(3, "Estimates now".to_string()));
    let v = seat.view();
    let lines = rules
        .hidden_vars()
        .filter_map(|var| {
            let rd = v.reading(var)?;
            let known: Vec<String> = r
                .visible_changes(var)
                .iter()
                .map(|(c, d)| format!("{d:+} {}", c.describe(rules)))
                .collect();
            Some(format!(
                "{}: {}{}{}",
                rules.label(var),
                rd.text(),
                if rd.fresh { " (fresh look)" } else { "" },
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" — known causes: {}", known.join(", "))
                }
            ))
        })
        .collect();
    out.push(list(lines));
    out
}

/// The question the report's "Why?" answers: "Why did Pyongyang do that?".
pub fn why_heading(opponent: &str) -> String {
    format!("Why did {opponent} do that?")
}

/// Why the other side did what it did last round, as far as the player may know: its stated
/// reasons for what the player could observe (with the scores behind them when `scores`), and
/// that its secret moves wait for the debrief (what its envoys said is in the round's news). On hard difficulty the reasons
/// stay hidden until the end.
pub fn why(seat: UsSeat<'_>, scores: bool) -> Vec<Block> {
    let rules = seat.rules();
    let opp = &rules.names.opponent;
    let mut out = vec![Block::Heading(2, why_heading(opp))];
    if !seat.reasons_shown() {
        out.push(Block::Para(
            Para::new(format!(
                "On hard difficulty {opp}'s reasons stay hidden until the debrief."
            ))
            .tone(Tone::Quiet),
        ));
        return out;
    }
    let Some(r) = seat.last_report() else {
        out.push(Block::Para(
            Para::new("No round has been played yet.").tone(Tone::Quiet),
        ));
        return out;
    };
    let reasons: Vec<String> = r
        .reasons()
        .map(|reason| {
            let mut line = reason.words();
            if let Some(record) = provocation_record(seat, reason) {
                line.push(' ');
                line.push_str(&record);
            }
            if scores {
                line.push_str(&format!(" Scores: {}.", reason.line()));
            }
            line
        })
        .collect();
    if reasons.is_empty() {
        out.push(Block::Para(
            Para::new(format!(
                "{opp} made no choice you could observe in round {}.",
                r.round()
            ))
            .tone(Tone::Quiet),
        ));
    } else {
        out.push(Block::Para(
            Para::new(format!(
                "Round {}: each decision, with how it served its goals compared with doing nothing (its scores are in its own utility points), and the best option it turned down:",
                r.round()
            ))
            .tone(Tone::Quiet),
        ));
        out.push(list(reasons));
    }
    out.push(Block::Para(Para::new(SECRET_REASONS).tone(Tone::Quiet)));
    out
}

/// A detected violation the player must answer: "Violation of agreement 3: a missile sale was
/// seized at sea." (Each front end adds how to answer it.)
pub fn violation(n: &crate::sim::state::Notice) -> String {
    format!("Violation of agreement {}: {}.", n.agreement, n.what)
}

/// What happens to a violation the player does not answer.
pub const UNDECIDED_PASSES: &str = "Undecided violations are let pass when the round ends.";

/// The other side's terms, waiting for the player: "Pyongyang's terms: Give … for …".
pub fn counter_terms(opponent: &str, terms: &str) -> String {
    format!("{opponent}'s terms: {terms}")
}

/// The player's offer that the other side stalled on.
pub fn open_offer(offer: &str) -> String {
    format!("Your offer is still on the table: {offer}")
}

/// The state of the talks.
pub fn talks(state: &str) -> String {
    format!("Talks: {state}")
}

/// An open inspection demand: "Inspection of Yongbyon demanded in round 3; stalled 2 times."
pub fn demand(site: &str, since: u32, stalls: u32) -> String {
    format!(
        "Inspection of {site} demanded in round {since}; stalled {}.",
        count(stalls as i32, "time", "times")
    )
}

/// A step of an agreement with its status as the player can know it: "Freeze a facility:
/// Yongbyon: verified".
pub fn step_status(label: &str, status: crate::sim::view::StepStatus) -> String {
    format!("{label}: {}", status.label())
}

/// An agreement's deadline.
pub fn steps_due(round: u32) -> String {
    format!("Steps due by round {round}.")
}

/// The other side's score from its own chair: the total and grade, each goal 0–100, and how its
/// type weighs them. `full` adds the heading and the weights (for the end of a game).
pub fn regime_score(seat: crate::sim::seat::OpponentSeat<'_>, full: bool) -> Vec<Block> {
    let sc = seat.score();
    let mut out = Vec::new();
    if full {
        out.push(Block::Heading(
            2,
            format!("Your score as {}", seat.rules().names.opponent),
        ));
    }
    let goals: Vec<String> = sc
        .dimensions()
        .iter()
        .map(|(name, v, _)| format!("{name} {v}"))
        .collect();
    let weights: Vec<String> = sc
        .dimensions()
        .iter()
        .map(|(name, _, w)| format!("{name} {w}"))
        .collect();
    // During play, the regime it is and what it weighs: its own, so its own to know.
    if !full && let Some((name, about)) = seat.regime() {
        out.push(Block::Para(
            Para::default()
                .strong(format!("Your regime: {name}. "))
                .plain(format!("{about} Your score weighs {}.", weights.join(", "))),
        ));
    }
    out.push(Block::Para(
        Para::default()
            .plain(if full { "" } else { "Your score so far: " })
            .strong(format!("{} (grade {})", sc.total, sc.grade))
            .plain(format!(" — {}.", goals.join(", "))),
    ));
    if full {
        out.push(Block::Scores {
            rows: sc
                .dimensions()
                .iter()
                .map(|(name, v, _)| (name.to_string(), *v))
                .collect(),
            total: sc.total,
        });
        out.push(Block::Para(
            Para::new(format!(
                "Each goal counts as this regime weighs it: {}. The weights are its type's wish for survival, economy and control, and the ledger's value of a deterrent and of recognition.",
                weights.join(", ")
            ))
            .tone(Tone::Quiet),
        ));
    }
    out
}

/// The endings the other chair must fear, each with how near it is: collapse (its grip on
/// power against the level's threshold), war (tension against the war line), and isolation
/// (sanctions in force and no recognition), which has no ending but starves its economy.
fn dangers(seat: crate::sim::seat::OpponentSeat<'_>) -> Vec<Block> {
    let o = &seat.rules().outcomes;
    let security = seat.value(Var::RegimeSecurity);
    let tension = seat.value(Var::Tension);
    let sanctions = seat.value(Var::Sanctions);
    let recognition = seat.value(Var::Normalization);
    let near = |gap: i32| if gap <= 15 { " — close" } else { "" };
    let items = vec![
        format!(
            "Collapse: your grip on power is {security}; the regime falls at {}{}.",
            o.collapse_security,
            near(security - o.collapse_security)
        ),
        format!(
            "War: tension is {tension}; war breaks out at {}{}.",
            o.war_tension,
            near(o.war_tension - tension)
        ),
        format!(
            "Isolation: sanctions at {sanctions} of 100 and normalization at {recognition}{}.",
            if sanctions >= 60 && recognition <= 20 {
                " — the economy starves"
            } else {
                ""
            }
        ),
    ];
    vec![
        Block::Heading(2, "Dangers".to_string()),
        Block::List {
            items,
            ordered: false,
            brief: None,
        },
    ]
}

/// A site's truth as its owner knows it.
fn truth_words(t: crate::sim::vocab::Truth) -> &'static str {
    match t {
        crate::sim::vocab::Truth::Active => "work goes on there",
        crate::sim::vocab::Truth::Empty => "nothing there",
        crate::sim::vocab::Truth::Cleaned => "cleaned out",
    }
}

/// The situation as the other side reads it from its own chair: its values exactly, what the
/// U.S. has put on the table and demands, its agreements with what it really did, its sites as
/// they are, and last round's public record.
pub fn opponent_situation(seat: crate::sim::seat::OpponentSeat<'_>) -> Document {
    let rules = seat.rules();
    let mut doc = Document::default();
    doc.heading(
        1,
        format!(
            "{} · round {} of {} · {}",
            rules.names.opponent,
            seat.round(),
            rules.rounds,
            rules.month_of(seat.round()).long()
        ),
    );
    doc.heading(2, "Where you stand");
    doc.para(
        Para::new(if seat.to_move() {
            "Washington has made its moves: your orders for this round."
        } else {
            "Washington is deciding its moves for this round."
        })
        .tone(Tone::Quiet),
    );
    doc.table(
        &["value", "now"],
        rules
            .vars()
            .filter(|&v| !matches!(v, Var::Congress | Var::Budget))
            .map(|v| vec![rules.label(v).to_string(), seat.value(v).to_string()])
            .collect(),
        &[false, true],
    );
    doc.blocks.extend(regime_score(seat, false));
    doc.blocks.extend(dangers(seat));
    doc.heading(2, "What you make of Washington");
    doc.para(
        Para::new("Washington's own state you can only estimate, from its papers, its envoys and what it does: the truth lies within the band.")
            .tone(Tone::Quiet),
    );
    doc.table(
        &["Washington's", "your estimate"],
        seat.reading()
            .into_iter()
            .map(|(what, estimate, band)| vec![what, format!("{estimate} ± {band}")])
            .collect(),
        &[false, true],
    );
    doc.heading(2, "On the table");
    let mut table = Vec::new();
    match seat.offer() {
        Some((offer, made)) => table.push(format!("The U.S. offer of round {made}: {offer}.")),
        None => table.push("No U.S. offer is on the table.".to_string()),
    }
    for (_, name, since, stalls) in seat.inspection_demands() {
        table.push(format!(
            "The U.S. demands to inspect {name} (since round {since}; you have stalled {}).",
            count(stalls as i32, "time", "times")
        ));
    }
    if seat.monitors_requested() {
        table.push("The U.S. asks to send aid monitors.".to_string());
    }
    if let Some(t) = seat.talks() {
        table.push(talks(&t));
    }
    if let Some(terms) = seat.terms_lapsed() {
        table.push(format!(
            "Washington did not take the terms you named ({terms}); they have lapsed."
        ));
    }
    doc.list(table);
    let agreements = seat.agreements();
    if !agreements.is_empty() {
        doc.heading(2, "Your agreements");
        for a in agreements {
            doc.heading(3, format!("[{}] {}", a.id, a.name));
            let mut items: Vec<String> = a
                .steps
                .iter()
                .map(|(_, label, done, claimed, verified)| {
                    let what = match (done, claimed, verified) {
                        (_, _, true) => "verified by the U.S.",
                        (true, _, false) => "done, not yet verified",
                        (false, true, false) => "claimed but not done",
                        (false, false, false) => "not done",
                    };
                    format!("{label}: {what}")
                })
                .collect();
            if !a.gives.is_empty() {
                items.push(format!("The U.S. gives: {}", a.gives));
            }
            if let Some(d) = a.deadline {
                items.push(steps_due(d));
            }
            doc.list(items);
        }
    }
    doc.heading(2, "Your sites");
    doc.list(
        seat.sites()
            .into_iter()
            .map(|(name, truth, suspected)| {
                format!(
                    "{name}: {}{}",
                    truth_words(truth),
                    if suspected {
                        "; the U.S. names it a suspect"
                    } else {
                        ""
                    }
                )
            })
            .collect(),
    );
    let items = seat.news();
    if !items.is_empty() {
        doc.heading(2, "What happened last round");
        doc.blocks.extend(news(&items, &rules.names.tag));
    }
    doc.heading(
        2,
        if seat.to_move() {
            "What the U.S. did this round"
        } else {
            "What the U.S. did last round"
        },
    );
    let (acts, us_news) = seat.us_acts();
    if acts.is_empty() {
        doc.para(Para::new("Nothing you could see.").tone(Tone::Quiet));
    } else {
        doc.list(acts);
    }
    doc.blocks.extend(news(&us_news, &rules.names.tag));
    doc
}

/// The ending as the other chair lived it.
fn ending_for_opponent(o: crate::sim::vocab::OutcomeKind, opp: &str) -> String {
    use crate::sim::vocab::OutcomeKind as O;
    match o {
        O::War => format!("War: the crisis became the war {opp}'s regime could least survive."),
        O::Collapse => {
            "Collapse: your grip on power reached zero and the regime fell.".to_string()
        }
        O::Breakout => "Nuclear breakout: your covert programme reached the bomb. Washington's policy failed; whether that made the regime safer is the question the debate turns on.".to_string(),
        O::MandateLost => "Washington's mandate was lost: Congress ended the U.S. policy, and with it whatever it was giving.".to_string(),
        O::VerifiedPeace => "Verified peace: enough of your steps were verified for a settlement.".to_string(),
        O::TermEnded => "The term ended without a settlement: you kept what you held.".to_string(),
    }
}

/// One thing done in secret, as the other chair's debrief lists it: (round, what, whether and
/// when Washington saw it, what Washington did in the round after it saw it).
pub fn covert_record(g: &crate::sim::game::Game) -> Vec<(u32, String, Option<u32>, String)> {
    let rules = g.rules();
    let reports = g.reports();
    let next_orders = |seen: u32| -> String {
        reports
            .iter()
            .find(|r| r.round == seen + 1)
            .map(|r| {
                let said = describe_orders(rules, &r.us);
                if said.is_empty() {
                    "nothing".to_string()
                } else {
                    said.join("; ")
                }
            })
            .unwrap_or_else(|| "— (the game ended)".to_string())
    };
    crate::sim::report::sightings(reports)
        .into_iter()
        .map(|(round, act, seen)| {
            let did = seen.map_or_else(|| "—".to_string(), next_orders);
            (round, act.what.clone(), seen, did)
        })
        .collect()
}

/// The debrief for the other chair: the ending as it lived it, its own score, "what Washington
/// saw of you" (each thing done in secret, whether and when the U.S. detected it, and what the
/// U.S. did next), what Washington believed of its hidden values, Washington's own result, and
/// the shared sections (timeline, what the model rests on, the assumptions, the history). `None`
/// until the game is over.
pub fn opponent_debrief(seat: crate::sim::seat::OpponentSeat<'_>, d: &Debrief) -> Option<Document> {
    let g = seat.revealed()?;
    let rules = g.rules();
    let opp = &rules.names.opponent;
    let mut doc = header(d, format!("Debrief: {} — {opp}'s chair", d.level_title));
    doc.heading(2, "Outcome");
    let sc = seat.score();
    let tone = if matches!(sc.grade, 'A' | 'B') {
        Tone::Good
    } else if matches!(sc.grade, 'D' | 'F') {
        Tone::Bad
    } else {
        Tone::Plain
    };
    let line = match d.outcome {
        Some(o) => format!(
            "{} in round {} of {} — your grade {} (score {})",
            o.label(),
            d.round,
            d.rounds,
            sc.grade,
            sc.total
        ),
        None => format!(
            "Unfinished — your score so far {} (grade {})",
            sc.total, sc.grade
        ),
    };
    doc.para(Para::new(line).tone(tone).headline());
    if let Some(o) = d.outcome {
        doc.para(Para::new(ending_for_opponent(o, opp)));
    }
    doc.blocks
        .extend(regime_score(seat, true).into_iter().skip(1));

    doc.heading(2, "What Washington saw of you");
    let secret = covert_record(g);
    if secret.is_empty() {
        doc.para(Para::new(
            "You did nothing in secret: no covert move, no step claimed and not done, no aid diverted.",
        ));
    } else {
        let at_once = secret
            .iter()
            .filter(|(r, _, seen, _)| *seen == Some(*r))
            .count();
        let later = secret
            .iter()
            .filter(|(r, _, seen, _)| seen.is_some_and(|s| s > *r))
            .count();
        doc.para(Para::new(format!(
            "Of {} you did in secret, Washington saw {} at once and found {} later; {} it never saw.",
            count(secret.len() as i32, "thing", "things"),
            at_once,
            later,
            secret.len() - at_once - later
        )));
        doc.table(
            &[
                "round",
                "what you did in secret",
                "Washington saw it",
                "what Washington did the round after",
            ],
            secret
                .into_iter()
                .map(|(r, what, seen, did)| {
                    vec![
                        r.to_string(),
                        what,
                        seen.map_or_else(|| "never".to_string(), |s| format!("round {s}")),
                        did,
                    ]
                })
                .collect(),
            &[true, false, false, false],
        );
    }

    doc.heading(2, "What Washington believed of you");
    if let Some(last) = g.reports().last() {
        doc.para(
            Para::new(format!(
                "Washington saw your hidden values only as estimates with a band. At the end of round {}:",
                last.round
            ))
            .tone(Tone::Quiet),
        );
        doc.table(
            &["value", "true", "Washington's estimate"],
            rules
                .hidden_vars()
                .map(|v| {
                    vec![
                        rules.label(v).to_string(),
                        last.truth[v].to_string(),
                        format!(
                            "{} ± {}",
                            last.estimates.get(v).copied().unwrap_or_default(),
                            last.bands.get(v).copied().unwrap_or_default()
                        ),
                    ]
                })
                .collect(),
            &[false, true, true],
        );
    }

    doc.heading(2, "Washington's side");
    doc.para(Para::new(format!(
        "Washington's own result: {}.",
        outcome_line(d)
    )));
    doc.push(us_scores(d));
    timeline_from(&mut doc, d, "Washington did", "you did (public)");
    rests_on(&mut doc, d);
    assumptions(&mut doc, d);
    history(&mut doc, d);
    Some(doc)
}

/// The other chair's briefing: its situation and objectives, as the level writes them (or, for a
/// level that writes none, a line saying so), with the sources named.
pub fn opponent_briefing(rules: &crate::sim::rules::Rules) -> Vec<Block> {
    let mut out = Vec::new();
    match &rules.sides.opponent {
        Some(b) => {
            out.push(Block::Para(Para::new(b.context.trim())));
            if !b.objectives.is_empty() {
                out.push(Block::Heading(2, "Your objectives".to_string()));
                out.push(Block::List {
                    items: b.objectives.clone(),
                    ordered: false,
                    brief: None,
                });
            }
            let sources: Vec<String> = b
                .sources
                .iter()
                .filter_map(|id| rules.sources.iter().find(|s| &s.id == id))
                .map(|s| s.cite.clone())
                .collect();
            if !sources.is_empty() {
                out.push(Block::Heading(2, "Sources".to_string()));
                out.push(Block::List {
                    items: sources,
                    ordered: false,
                    brief: None,
                });
            }
        }
        None => out.push(Block::Para(
            Para::new(format!(
                "This level has no briefing for {}'s chair; its situation is the U.S. briefing's, seen from the other side.",
                rules.names.opponent
            ))
            .tone(Tone::Quiet),
        )),
    }
    out
}

/// The other chair's orders given so far this round, one line each (empty: it has given none,
/// and ending now stalls on everything and makes no move).
pub fn opponent_orders(seat: crate::sim::seat::OpponentSeat<'_>) -> Vec<String> {
    use crate::sim::orders::StepChoice;
    let o = seat.plan();
    let rules = seat.rules();
    let mut lines = Vec::new();
    if let Some(a) = &o.answer {
        lines.push(format!("Answer to the offer: {}", a.label()));
    }
    if let Some(c) = &o.counter {
        lines.push(format!(
            "Terms named: {}",
            crate::sim::describe::describe_offer(rules, c)
        ));
    }
    for (id, name, _, _) in seat.inspection_demands() {
        if let Some(a) = seat.planned_inspection(&id) {
            lines.push(format!("Inspection of {name}: {}", a.label()));
        }
    }
    if let Some(yes) = o.monitors {
        lines.push(format!(
            "Aid monitors: {}",
            if yes { "let in" } else { "refused" }
        ));
    }
    for s in seat.owed() {
        if let Some(c) = s.planned {
            let what = match c {
                StepChoice::Do => "do it",
                StepChoice::Fake => "claim it without doing it",
                StepChoice::Wait => "put it off",
            };
            lines.push(format!("Agreement {}, {}: {what}", s.agreement, s.label));
        }
    }
    for m in &o.moves {
        lines.push(format!("Move: {}", rules.mv(*m).name));
    }
    if o.divert {
        lines.push("Aid arriving this round: diverted to the regime".into());
    }
    lines
}

/// Why the AI Washington did what it did, from its real decision, for the other chair — shown
/// as the U.S. player is shown the other side's reasons: not on hard.
pub fn washington_why(said: Option<String>, difficulty: crate::sim::Difficulty) -> Vec<Block> {
    let Some(said) = said else {
        return Vec::new();
    };
    let mut out = vec![Block::Heading(2, "Why Washington did that".to_string())];
    out.push(Block::Para(if difficulty == crate::sim::Difficulty::Hard {
        Para::new("On hard, Washington's reasons are revealed in the debrief, not before.")
            .tone(Tone::Quiet)
    } else {
        Para::new(said)
    }));
    out
}

/// Who plays Washington opposite the other chair, in words.
pub fn washington_name(id: &str, rules: &crate::sim::rules::Rules) -> String {
    let policy = rules.sides.washington.as_deref().unwrap_or("quid-pro-quo");
    match id {
        "ai-easy" => "the AI at easy: a generous U.S. that looks away from violations".to_string(),
        "ai-normal" => format!("the AI at normal: it plays the level's policy, `{policy}`"),
        "ai-hard" => "the AI at hard: each round it plays its policies ahead in games drawn from what it believes, and follows the one that scores best for the U.S.".to_string(),
        other => format!("playing the `{other}` strategy"),
    }
}

#[cfg(test)]
mod status_words {
    use super::*;

    #[test]
    fn status_sentences_count_and_name_things() {
        assert_eq!(
            demand("Yongbyon", 3, 1),
            "Inspection of Yongbyon demanded in round 3; stalled 1 time."
        );
        assert!(demand("Kumchang-ri", 2, 4).ends_with("stalled 4 times."));
        assert_eq!(
            counter_terms("Kessel", "Give A for B"),
            "Kessel's terms: Give A for B"
        );
        assert_eq!(steps_due(9), "Steps due by round 9.");
        assert_eq!(
            step_status("Freeze", crate::sim::view::StepStatus::Claimed),
            format!("Freeze: {}", crate::sim::view::StepStatus::Claimed.label())
        );
    }
}
