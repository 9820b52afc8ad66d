//! The debrief (GAME.md §7): what happened and why, computed from a played game.
//!
//! - [`Debrief::of`] gathers the outcome and score, the timeline of true values against the
//!   player's estimates, the reciprocity of the player's concessions, the strategy
//!   [`fingerprint`], Pyongyang's hidden type and key decisions, the assumption ledger and the
//!   level's "what actually happened" notes.
//! - [`report`] renders it as Markdown, self-contained HTML with inline SVG charts, or CSV.
//! - [`record`] reads and writes game records; [`class`] gathers a class's records.

pub mod class;
pub mod cross;
pub mod document;
pub mod fingerprint;
pub mod pace;
pub mod packet;
pub mod playtest;
pub mod record;
pub mod report;
pub mod sensitivity;
pub mod wording;

use crate::sim::Difficulty;
use crate::sim::game::Game;
use crate::sim::orders::Reason;
use crate::sim::rules::Assumption;
use crate::sim::score::Score;
use crate::sim::seat::UsSeat;
use crate::sim::state::Response;
use crate::sim::vars::{Hidden, Var, VarTable};
use crate::sim::vocab::{DebriefDef, OutcomeKind, Truth};
use fingerprint::Fingerprint;
use serde::Serialize;

/// One row of the timeline: the state at the end of a round (row 0 is the start).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    /// The round (0 for the start).
    pub round: u32,
    /// `"YYYY-MM"`.
    pub month: String,
    /// The true values.
    pub truth: VarTable,
    /// The player's estimate and band of each hidden variable.
    pub estimates: Hidden<i32>,
    /// The band (±) of each estimate.
    pub bands: Hidden<i32>,
    /// U.S. actions, by name.
    pub us: Vec<String>,
    /// Pyongyang's public moves, by name.
    pub pyongyang: Vec<String>,
    /// Pyongyang's hidden moves, by name.
    pub hidden_moves: Vec<String>,
    /// Events and other news headlines.
    pub headlines: Vec<String>,
    /// What the U.S. did at the table: the offer made, terms accepted, violations decided,
    /// agreements left.
    pub table: Vec<String>,
    /// The other side's answer to the offer on the table, with what its envoys said.
    pub answer: String,
    /// What came of the agreements: made, steps verified or violated, rewards released, lapses.
    pub agreements: Vec<String>,
}

impl TimelineRow {
    /// The player's estimate of `v` and its band (±); `None` for a variable seen exactly.
    pub fn estimate_of(&self, v: Var) -> Option<(i32, i32)> {
        Some((*self.estimates.get(v)?, *self.bands.get(v)?))
    }
}

/// How the player's concessions related to Pyongyang's behaviour, and what came of aid and
/// enforcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reciprocity {
    /// U.S. concessions made.
    pub concessions: i32,
    /// Concessions made in the round after a verified step.
    pub after_verified_step: i32,
    /// Concessions made in the round after a provocation.
    pub after_provocation: i32,
    /// Concessions made with no step or provocation before them.
    pub unprompted: i32,
    /// Food aid sent ($M).
    pub aid_sent: i32,
    /// Food aid that reached the hungry ($M).
    pub aid_reached: i32,
    /// Food aid diverted ($M).
    pub aid_diverted: i32,
    /// Violations the U.S. detected.
    pub violations_detected: i32,
    /// Detected violations it enforced.
    pub enforced: i32,
    /// Detected violations it let pass.
    pub let_pass: i32,
    /// Agreements the U.S. broke.
    pub us_broke: i32,
    /// Strike threats not carried out.
    pub threats_unkept: i32,
    /// U.S. credibility at the start.
    pub credibility_start: i32,
    /// U.S. credibility at the end.
    pub credibility_end: i32,
    /// Steps the U.S. verified.
    pub verified_steps: i32,
    /// Provocations by Pyongyang.
    pub provocations: i32,
}

/// Everything the debrief shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    /// The level's id.
    pub level_id: String,
    /// The level's title.
    pub level_title: String,
    /// The other side's name ("Pyongyang").
    pub opponent: String,
    /// Variable names as the level shows them, indexed by `Var::index`.
    pub labels: Vec<String>,
    /// The level's variables (built in, then its own), each with its id.
    pub vars: Vec<(Var, String)>,
    /// The game's seed.
    pub seed: u64,
    /// The difficulty.
    pub difficulty: Difficulty,
    /// The player's name.
    pub player: String,
    /// How the game ended, if it has.
    pub outcome: Option<OutcomeKind>,
    /// The last round reached.
    pub round: u32,
    /// Rounds in the game.
    pub rounds: u32,
    /// The score.
    pub score: Score,
    /// The record's hash, to check a replay.
    pub hash: String,
    /// The state round by round.
    pub timeline: Vec<TimelineRow>,
    /// How concessions related to Pyongyang's behaviour.
    pub reciprocity: Reciprocity,
    /// The player's strategy, compared with the classic ones.
    pub fingerprint: Fingerprint,
    /// The type Pyongyang was drawn as.
    pub pyongyang_type: String,
    /// What that type is.
    pub pyongyang_description: String,
    /// Pyongyang's belief about the U.S. at the end: (what, chance).
    pub pyongyang_beliefs: Vec<(String, f64)>,
    /// The decisions that mattered most, with their reasons: (round, reason).
    pub key_decisions: Vec<(u32, Reason)>,
    /// What the player could not see while playing.
    pub hidden: Vec<String>,
    /// Each site: name, truth, what inspectors found.
    pub sites: Vec<(String, String, String)>,
    /// The assumption ledger the game was played with.
    pub ledger: Vec<Assumption>,
    /// What the conclusion of this level rests on (the shipped sensitivity summary), when the
    /// game was played on the rules it was computed for.
    pub sensitivity: Option<sensitivity::Summary>,
    /// The level's "what actually happened" and questions.
    pub history: DebriefDef,
}

/// What the U.S. did at the table in a round, in words: the offer made, the other side's terms
/// accepted (`counter`: the terms on the table that round) or declined, decisions on violations,
/// withdrawals.
pub fn describe_table(
    rules: &crate::sim::rules::Rules,
    us: &crate::sim::orders::UsOrders,
    counter: Option<&crate::sim::state::Offer>,
) -> Vec<String> {
    let opp = &rules.names.opponent;
    let mut out = Vec::new();
    if us.accept_counter {
        out.push(match counter {
            Some(c) => format!(
                "Accepted {opp}'s terms: {}",
                crate::sim::describe::describe_offer(rules, c)
            ),
            None => format!("Accepted {opp}'s terms"),
        });
    }
    if let Some(o) = &us.offer {
        out.push(format!(
            "Offered: {}",
            crate::sim::describe::describe_offer(rules, o)
        ));
    }
    for (id, d) in &us.decisions {
        out.push(crate::sim::describe::decision_line(*id, *d));
    }
    for id in &us.breaks {
        out.push(crate::sim::describe::withdrawal_line(*id));
    }
    out
}

/// The other side's answer to an offer in a short sentence, for the top of the next round:
/// "Pyongyang stalled on your offer; it is still on the table."
pub fn answer_headline(
    rules: &crate::sim::rules::Rules,
    a: &crate::sim::report::OfferAnswer,
) -> String {
    use crate::sim::orders::Answer;
    let opp = &rules.names.opponent;
    match (&a.answer, a.lapsed, a.agreement) {
        (_, true, _) => format!("{opp} let your offer lapse without an answer."),
        (Answer::Accept, _, Some(id)) => format!("{opp} accepted your offer: agreement {id}."),
        (Answer::Accept, _, None) => format!("{opp} accepted your offer."),
        (Answer::Stall, _, _) => format!("{opp} stalled on your offer; it is still on the table."),
        (Answer::Reject, _, _) => format!("{opp} rejected your offer."),
        (Answer::Counter(_), _, _) => format!("{opp} turned your offer down and named its terms."),
    }
}

/// The other side's answer to an offer, with what its envoys said: "Pyongyang stalls on the offer
/// of round 3 (Give … for …). Its envoys ask for time …".
pub fn describe_answer(
    rules: &crate::sim::rules::Rules,
    a: &crate::sim::report::OfferAnswer,
) -> String {
    use crate::sim::orders::Answer;
    let opp = &rules.names.opponent;
    let verb = match (&a.answer, a.lapsed) {
        (_, true) => "lets lapse",
        (Answer::Accept, _) => "accepts",
        (Answer::Stall, _) => "stalls on",
        (Answer::Reject, _) => "rejects",
        (Answer::Counter(_), _) => "turns down, with a counter-offer,",
    };
    let mut s = format!(
        "{opp} {verb} the offer of round {} ({})",
        a.made,
        crate::sim::describe::describe_offer(rules, &a.offer)
    );
    if let Some(id) = a.agreement {
        s.push_str(&format!(": agreement {id}"));
    }
    s.push('.');
    if let Some(ap) = &a.appraisal {
        let said =
            crate::sim::describe::describe_appraisal(rules, &a.answer, ap, a.counter.as_ref());
        if !said.is_empty() {
            s.push(' ');
            s.push_str(&said);
        }
    }
    s
}

fn truth_label(t: Truth) -> &'static str {
    match t {
        Truth::Active => "active",
        Truth::Empty => "empty",
        Truth::Cleaned => "cleaned out",
    }
}

impl Debrief {
    /// The debrief of a game (finished or not), for a named player.
    pub fn of(game: &Game, player: &str) -> Debrief {
        let rules = game.rules();
        let st = game.state();
        let reports = game.reports();
        let timeline = timeline(game);
        let t = &st.tally;
        let reciprocity = Reciprocity {
            concessions: t.concessions,
            after_verified_step: t.concessions_after_step,
            after_provocation: t.concessions_after_provocation,
            unprompted: t.concessions_unprompted,
            aid_sent: t.aid_sent,
            aid_reached: t.aid_reached,
            aid_diverted: t.aid_diverted,
            violations_detected: t.violations_detected,
            enforced: t.enforced,
            let_pass: t.ignored,
            us_broke: t.us_breaks,
            threats_unkept: t.threats_unkept,
            credibility_start: t.start[Var::UsCredibility],
            credibility_end: st.vars[Var::UsCredibility],
            verified_steps: t.verified_steps,
            provocations: t.provocations,
        };
        let ty = rules.types.get(st.mind.type_ix as usize);
        let mut key: Vec<(u32, Reason, f64)> = reports
            .iter()
            .flat_map(|r| {
                r.reasons.iter().filter_map(move |x| {
                    let trivial = matches!(x.chosen.as_str(), "nothing" | "stall" | "wait");
                    (!trivial).then(|| (r.round, x.clone(), x.chosen_score.total().abs()))
                })
            })
            .collect();
        key.sort_by(|a, b| {
            b.2.partial_cmp(&a.2)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(&b.0))
        });
        key.truncate(10);
        key.sort_by_key(|k| k.0);
        let sites = rules
            .sites
            .iter()
            .zip(&st.sites)
            .map(|(def, s)| {
                let found = match s.finding {
                    Some((f, 0)) => format!("before the game: {}", f.label()),
                    Some((f, r)) => format!("round {r}: {}", f.label()),
                    None => "never inspected".to_string(),
                };
                (def.name.clone(), truth_label(s.truth).to_string(), found)
            })
            .collect();
        Debrief {
            level_id: rules.id.clone(),
            level_title: rules.title.clone(),
            opponent: rules.names.opponent.clone(),
            labels: rules.labels.to_vec(),
            vars: rules
                .vars()
                .map(|v| (v, rules.var_id(v).to_string()))
                .collect(),
            seed: game.seed(),
            difficulty: game.difficulty(),
            player: player.to_string(),
            outcome: game.over(),
            round: st.round,
            rounds: rules.rounds,
            score: game.score(),
            hash: game.hash(),
            timeline,
            reciprocity,
            fingerprint: fingerprint::fingerprint(rules, reports),
            pyongyang_type: ty.map_or_else(String::new, |t| t.name.clone()),
            pyongyang_description: ty.map_or_else(String::new, |t| t.description.clone()),
            pyongyang_beliefs: Response::ALL
                .iter()
                .map(|&r| (r.label().to_string(), st.mind.p(r)))
                .collect(),
            key_decisions: key.into_iter().map(|(r, x, _)| (r, x)).collect(),
            hidden: reports
                .iter()
                .flat_map(|r| r.hidden.iter().cloned())
                .collect(),
            sites,
            ledger: rules.ledger.clone(),
            sensitivity: sensitivity::shipped_sensitivity(&rules.id)
                .filter(|s| s.key == sensitivity::model_key(game.rules_arc())),
            history: {
                // Sources by publication, not by the level's short ids.
                let mut h = rules.debrief.clone();
                for n in &mut h.history {
                    if let Some(src) = rules.sources.iter().find(|x| x.id == n.source) {
                        n.source = src.cite.clone();
                    }
                }
                h
            },
        }
    }

    /// The rounds in which something happened at the table, for the hand-in.
    pub fn negotiation(&self) -> impl Iterator<Item = &TimelineRow> {
        self.timeline
            .iter()
            .filter(|r| !r.table.is_empty() || !r.answer.is_empty() || !r.agreements.is_empty())
    }

    /// The largest gap between a true value and the player's estimate, at the end of any round:
    /// (variable, round, truth, estimate).
    pub fn worst_estimate(&self) -> Option<(Var, u32, i32, i32)> {
        let mut worst: Option<(Var, u32, i32, i32)> = None;
        for row in &self.timeline {
            for (v, &estimate) in row.estimates.iter() {
                let gap = (row.truth[v] - estimate).abs();
                if worst.is_none_or(|w| gap > (w.2 - w.3).abs()) {
                    worst = Some((v, row.round, row.truth[v], estimate));
                }
            }
        }
        worst
    }
}

/// The game round by round, from the start: true values, estimates, what each side did, the
/// offers and answers, the agreements' news.
fn timeline(game: &Game) -> Vec<TimelineRow> {
    let rules = game.rules();
    let st = game.state();
    let reports = game.reports();
    let mut timeline = vec![TimelineRow {
        round: 0,
        month: "start".to_string(),
        truth: st.tally.start,
        estimates: reports
            .first()
            .map(|_| setup_estimates(game))
            .unwrap_or(st.intel.estimate),
        bands: Hidden::splat(rules.intel.start_band),
        us: Vec::new(),
        pyongyang: Vec::new(),
        hidden_moves: Vec::new(),
        headlines: Vec::new(),
        table: Vec::new(),
        answer: String::new(),
        agreements: Vec::new(),
    }];
    let mut counter_on_table: Option<crate::sim::state::Offer> = None;
    for r in reports {
        let us =
            r.us.actions
                .iter()
                .filter_map(|(ix, _)| rules.actions.get(*ix as usize).map(|a| a.name.clone()))
                .collect();
        timeline.push(TimelineRow {
            round: r.round,
            month: r.month.clone(),
            truth: r.truth,
            estimates: r.estimates,
            bands: r.bands,
            us,
            pyongyang: r
                .public_moves
                .iter()
                .map(|&m| rules.mv(m).name.clone())
                .collect(),
            hidden_moves: r
                .moves
                .iter()
                .filter(|&&m| !rules.mv(m).public)
                .map(|&m| rules.mv(m).name.clone())
                .collect(),
            headlines: r.news.iter().map(|n| n.headline.clone()).collect(),
            table: describe_table(rules, &r.us, counter_on_table.as_ref()),
            answer: r
                .answer
                .as_ref()
                .map(|a| describe_answer(rules, a))
                .unwrap_or_default(),
            agreements: r
                .news
                .iter()
                .filter(|n| n.kind == crate::sim::report::NewsKind::Agreement)
                .map(|n| {
                    if n.headline.starts_with("Violation detected") {
                        format!(
                            "{} — {}",
                            n.headline,
                            n.body.split(". Decide").next().unwrap_or_default()
                        )
                    } else {
                        n.headline.clone()
                    }
                })
                .collect(),
        });
        counter_on_table = r.answer.as_ref().and_then(|a| a.counter.clone());
    }
    timeline
}

/// The player's estimates at the start of the game (before any round).
fn setup_estimates(game: &Game) -> Hidden<i32> {
    crate::sim::game::setup(game.rules(), game.seed(), game.difficulty())
        .intel
        .estimate
}

/// The public record behind a provocation, for `why`: when Pyongyang chose a public provocation,
/// how the U.S. has answered its provocations so far ("After 3 of its 4 provocations so far the
/// U.S. paid something the next round, and pressed it after 1."). Nothing secret: the player saw
/// every provocation and knows what it did next.
pub fn provocation_record(seat: UsSeat<'_>, reason: &Reason) -> Option<String> {
    let game = seat.game();
    let rules = game.rules();
    let m = reason.chosen_move?;
    if !rules.mv(m).provocation || !rules.mv(m).public {
        return None;
    }
    let reports = game.reports();
    let mut provocations = 0;
    let mut paid = 0;
    let mut pressed = 0;
    for pair in reports.windows(2) {
        if pair[0]
            .public_moves
            .iter()
            .any(|&x| rules.mv(x).provocation)
        {
            provocations += 1;
            let next = fingerprint::player_round(rules, &pair[1]);
            paid += u32::from(next.unconditional);
            pressed += u32::from(next.pressure);
        }
    }
    let opp = &rules.names.opponent;
    Some(if provocations == 0 {
        format!("The U.S. has not yet had to answer a provocation by {opp} in this game.")
    } else {
        format!(
            "After {paid} of its {provocations} provocation{} so far the U.S. paid something the next round, and pressed back after {pressed}.",
            if provocations == 1 { "" } else { "s" }
        )
    })
}
