//! What a round did: every change of a variable with its cause, the news the player reads, and
//! the hidden record the debrief reveals.

use crate::sim::rules::{ActionIx, EventIx, Rules, SiteIx};
use crate::sim::vars::Var;
use crate::sim::vocab::{MoveKind, OutcomeKind, Place, StepKind};
use serde::{Deserialize, Serialize};

/// Why a variable changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cause {
    /// A U.S. action taken this round.
    UsAction(ActionIx),
    /// A reward delivered under an agreement.
    Reward(ActionIx, u32),
    /// One of Pyongyang's moves.
    Move(MoveKind),
    /// A step carried out under an agreement.
    Step(StepKind, u32),
    /// A level event.
    Event(EventIx),
    /// The U.S. enforced an agreement after a violation.
    Enforce(u32),
    /// The U.S. looked away from a violation.
    LookAway(u32),
    /// The U.S. broke an agreement.
    UsBreak(u32),
    /// A threat the U.S. did not carry out.
    ThreatUnkept,
    /// An inspection at a site.
    Inspection(SiteIx),
    /// Aid reaching people.
    AidRelief,
    /// Aid diverted to the regime.
    Diversion,
    /// Sanctions weighing on the economy.
    Sanctions,
    /// Openness: growth, and a threat to the regime past its tolerance.
    Openness,
    /// Famine feeding unrest, or the economy feeding famine.
    Famine,
    /// Drift back toward a baseline.
    Drift,
    /// Budget refilled by Congress.
    Funding,
    /// Congress reacting to a concession with no verified step behind it.
    Unreciprocated,
    /// Congress reacting to a verified step.
    VerifiedStep,
    /// A strike Pyongyang did not answer.
    Humiliation,
    /// A U.S. strike hitting a site.
    Strike(SiteIx),
    /// Monitors present in the country.
    Monitors,
    /// Money set aside for an offer, or returned.
    Escrow,
    /// Deliveries under an agreement in force.
    Upkeep(u32),
    /// The part of a visible change whose causes the U.S. cannot see (a covert move's effect).
    Unexplained,
    /// An ally (by its position in the level's list) broke with the U.S. approach.
    AllyBreak(u8),
}

impl Cause {
    /// Whether the U.S. could know of this change when it happens.
    pub fn public(self, rules: &Rules) -> bool {
        match self {
            Cause::Move(k) => rules.mv(k).public,
            Cause::Diversion => false,
            _ => true,
        }
    }

    /// The cause in words ("inter-Korean summit").
    pub fn describe(self, rules: &Rules) -> String {
        let action = |ix: ActionIx| {
            rules
                .actions
                .get(ix as usize)
                .map_or("an action", |a| a.name.as_str())
                .to_string()
        };
        match self {
            Cause::UsAction(a) => action(a),
            Cause::Reward(a, id) => format!("{} (agreement {id})", action(a)),
            Cause::Move(k) => rules.mv(k).name.clone(),
            Cause::Step(k, id) => format!("{} (agreement {id})", rules.step(k).name),
            Cause::Event(e) => rules
                .events
                .get(e as usize)
                .map_or("an event", |e| e.headline.as_str())
                .to_string(),
            Cause::Enforce(id) => format!("enforcing agreement {id}"),
            Cause::LookAway(id) => format!("looking away from a violation of agreement {id}"),
            Cause::UsBreak(id) => format!("the U.S. breaking agreement {id}"),
            Cause::ThreatUnkept => "a threat not carried out".into(),
            Cause::Inspection(s) => format!(
                "inspection at {}",
                rules
                    .sites
                    .get(s as usize)
                    .map_or("a site", |s| s.name.as_str())
            ),
            Cause::AidRelief => "food aid reaching people".into(),
            Cause::Diversion => "food aid diverted to the regime".into(),
            Cause::Sanctions => "sanctions".into(),
            Cause::Openness => "openness".into(),
            Cause::Famine => "famine".into(),
            Cause::Drift => "drift".into(),
            Cause::Funding => "funding from Congress".into(),
            Cause::Unreciprocated => "Congress: a concession with no verified step".into(),
            Cause::VerifiedStep => "Congress: a verified step".into(),
            Cause::Humiliation => "an unanswered U.S. strike or threat".into(),
            Cause::Strike(s) => format!(
                "air strike on {}",
                rules
                    .sites
                    .get(s as usize)
                    .map_or("a site", |s| s.name.as_str())
            ),
            Cause::Monitors => "aid monitors".into(),
            Cause::Escrow => "money set aside for an offer".into(),
            Cause::Upkeep(id) => format!("deliveries under agreement {id}"),
            Cause::Unexplained => "causes you could not identify".into(),
            Cause::AllyBreak(k) => format!(
                "{} breaking with the U.S. approach",
                rules
                    .allies
                    .get(usize::from(k))
                    .map_or("an ally".to_string(), |a| rules.label(a.var).to_string())
            ),
        }
    }
}

/// One change of one variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The variable changed.
    pub var: Var,
    /// By how much.
    pub delta: i32,
    /// Why.
    pub cause: Cause,
    /// The U.S. could know of it.
    pub public: bool,
}

/// The kind of a news item, for icons and grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewsKind {
    /// A level event.
    Event,
    /// Something Pyongyang did in public.
    Pyongyang,
    /// Pyongyang's answer to an offer or demand.
    Answer,
    /// An inspection or intelligence finding.
    Intelligence,
    /// An agreement formed, kept, broken or ended.
    Agreement,
    /// What the U.S. did.
    UnitedStates,
}

/// Whether a news item is good or bad news for the U.S. (for its colour), or neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    /// Good news for the U.S.
    Good,
    /// Bad news for the U.S.
    Bad,
    /// Neither.
    #[default]
    Neutral,
}

/// A news item or cable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct News {
    /// What kind of news it is.
    pub kind: NewsKind,
    /// Good or bad news for the U.S.
    #[serde(default)]
    pub tone: Tone,
    /// The headline.
    pub headline: String,
    /// The text under the headline.
    pub body: String,
    /// A source id or citation, for level events.
    pub source: String,
    /// The site where the map shows it, if any.
    pub site: Option<SiteIx>,
    /// Where on the map it happens, if not at a site.
    pub place: Option<Place>,
    /// Known only to the U.S.: what its intelligence found and the violations it detected and
    /// has not yet answered. Never shown from the other side's chair.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub us_only: bool,
}

impl News {
    /// A neutral news item with this headline and no text.
    pub fn new(kind: NewsKind, headline: impl Into<String>) -> News {
        News {
            kind,
            tone: Tone::Neutral,
            headline: headline.into(),
            body: String::new(),
            source: String::new(),
            site: None,
            place: None,
            us_only: false,
        }
    }

    /// The same item, known only to the U.S.
    pub fn us_only(mut self) -> News {
        self.us_only = true;
        self
    }

    /// The same item, with this tone.
    pub fn tone(mut self, tone: Tone) -> News {
        self.tone = tone;
        self
    }

    /// The same item, with this text.
    pub fn body(mut self, body: impl Into<String>) -> News {
        self.body = body.into();
        self
    }

    /// The same item, shown at this site.
    pub fn at_site(mut self, site: SiteIx) -> News {
        self.site = Some(site);
        self
    }

    /// The same item, shown at this place.
    pub fn at(mut self, place: Place) -> News {
        self.place = Some(place);
        self
    }
}

/// Collects what a resolution does. In quiet mode (the AI's lookahead) it records nothing.
#[derive(Debug, Clone, Default)]
pub struct Log {
    /// Record nothing (the AI's lookahead).
    pub quiet: bool,
    /// Every change of every variable, with its cause.
    pub changes: Vec<Change>,
    /// The news of the round.
    pub news: Vec<News>,
    /// Pyongyang's hidden moves and decisions, revealed in the debrief.
    pub hidden: Vec<String>,
    /// Pyongyang's moves that the rules refused (their requirements failed).
    pub refused_moves: u32,
    /// Sites cleaned out while an inspection was stalled.
    pub cleaned_while_stalling: u32,
    /// The answer to the offer on the table, if there was one.
    pub answer: Option<OfferAnswer>,
    /// What Pyongyang did in secret, and whether the U.S. saw it at once.
    pub covert: Vec<CovertAct>,
    /// Claimed steps that verification showed were not done: (agreement, step in words).
    pub found: Vec<(u32, String)>,
}

/// Something the other side did in secret — a covert move, a step claimed and not done, aid
/// diverted — with how the U.S. saw it in that round, if it did. A claimed step may be found
/// out later, by verification (`RoundReport::found`). Kept for the other chair's debrief:
/// "what Washington saw of you".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CovertAct {
    /// What was done, in words.
    pub what: String,
    /// How the U.S. learned of it that round (the news it read), if it did.
    pub seen: Option<String>,
    /// For a claimed step: the agreement and the step in words, to match a later finding.
    #[serde(default)]
    pub claim: Option<(u32, String)>,
}

/// Everything done in secret in these rounds, in order, each with the round it was done and the
/// round Washington saw it, if it did: at once (the news it read that round), or — for a step
/// claimed and not done — when a later verification found it out.
pub fn sightings(reports: &[RoundReport]) -> Vec<(u32, &CovertAct, Option<u32>)> {
    let mut out = Vec::new();
    for r in reports {
        for act in &r.covert {
            let seen = if act.seen.is_some() {
                Some(r.round)
            } else {
                act.claim.as_ref().and_then(|claim| {
                    reports
                        .iter()
                        .filter(|later| later.round >= r.round)
                        .find(|later| later.found.contains(claim))
                        .map(|later| later.round)
                })
            };
            out.push((r.round, act, seen));
        }
    }
    out
}

/// Pyongyang's answer to an offer, as the U.S. heard it: the offer, the answer, what its envoys
/// said, the terms it proposed instead and the agreement made, for the report and the hand-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferAnswer {
    /// The offer answered.
    pub offer: crate::sim::state::Offer,
    /// The round it was made.
    pub made: u32,
    /// The answer.
    pub answer: crate::sim::orders::Answer,
    /// What the envoys said of it.
    pub appraisal: Option<crate::sim::orders::Appraisal>,
    /// The terms proposed instead (a counter-offer, or terms named with a stall).
    pub counter: Option<crate::sim::state::Offer>,
    /// The agreement made, when it was accepted.
    pub agreement: Option<u32>,
    /// The offer lapsed this round (stalled too long or past its deadline).
    pub lapsed: bool,
}

impl Log {
    /// A log that records nothing.
    pub fn quiet() -> Log {
        Log {
            quiet: true,
            ..Log::default()
        }
    }

    /// Adds a news item (unless quiet).
    pub fn news(&mut self, n: News) {
        if !self.quiet {
            self.news.push(n);
        }
    }

    /// Adds a line to the hidden record (unless quiet; the line is then never written).
    pub fn hidden(&mut self, f: impl FnOnce() -> String) {
        if !self.quiet {
            self.hidden.push(f());
        }
    }

    /// Records something done in secret (unless quiet).
    pub fn covert(&mut self, f: impl FnOnce() -> CovertAct) {
        if !self.quiet {
            self.covert.push(f());
        }
    }
}

/// Said under Pyongyang's reasons during play, whether or not it did anything in secret.
pub const SECRET_REASONS: &str =
    "What it did in secret, if anything, and why, is revealed in the debrief.";

/// Everything one round did, as kept in the game record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundReport {
    /// The round.
    pub round: u32,
    /// `"YYYY-MM"` of the round.
    pub month: String,
    /// Every change of every variable, with its cause.
    pub changes: Vec<Change>,
    /// The news of the round.
    pub news: Vec<News>,
    /// Pyongyang's hidden moves and decisions.
    pub hidden: Vec<String>,
    /// Pyongyang's reasons for its choices this round.
    pub reasons: Vec<crate::sim::orders::Reason>,
    /// How the game ended, if it did this round.
    pub outcome: Option<OutcomeKind>,
    /// True values at the end of the round.
    pub truth: crate::sim::vars::VarTable,
    /// The player's estimates and bands of the hidden variables at the end of the round.
    pub estimates: crate::sim::vars::Hidden<i32>,
    /// The band (±) of each estimate.
    pub bands: crate::sim::vars::Hidden<i32>,
    /// Pyongyang's moves this round (public and hidden), for the debrief.
    pub moves: Vec<MoveKind>,
    /// The moves the U.S. saw.
    pub public_moves: Vec<MoveKind>,
    /// Steps verified this round.
    pub verified: u32,
    /// What the U.S. ordered this round.
    pub us: crate::sim::orders::UsOrders,
    /// Violations detected this round.
    pub violations_seen: u32,
    /// Rewards the U.S. delivered this round in return for steps (step-first releases and
    /// simultaneous exchanges), counted as its answer to those steps.
    pub rewards_after_step: u32,
    /// Rewards the U.S. delivered this round in return for nothing verified: concessions made
    /// on their own, rewards paid first on trust (what the memo calls one-sided concessions).
    #[serde(default)]
    pub rewards_unreciprocated: u32,
    /// Pyongyang's moves that the rules refused this round (the AI should never choose one).
    #[serde(default)]
    pub refused_moves: u32,
    /// Sites Pyongyang cleaned out this round while it stalled an inspection.
    #[serde(default)]
    pub cleaned_while_stalling: u32,
    /// The answer to the offer on the table this round, if there was one.
    #[serde(default)]
    pub answer: Option<OfferAnswer>,
    /// What Pyongyang did in secret this round, and whether the U.S. saw it then.
    #[serde(default)]
    pub covert: Vec<CovertAct>,
    /// Claimed steps that verification this round showed were not done.
    #[serde(default)]
    pub found: Vec<(u32, String)>,
}

/// Whether the player did what the round's tutorial tip asked: each thing asked, in words,
/// and whether it was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipCheck {
    /// Each thing asked, in words, and whether it was done.
    pub items: Vec<(String, bool)>,
}

impl TipCheck {
    /// Whether everything asked was done.
    pub fn all_done(&self) -> bool {
        self.items.iter().all(|(_, done)| *done)
    }

    /// One line: `Tutorial check: Food aid (monitored) ✓, Satellite surveillance ✗ — …`.
    pub fn line(&self) -> String {
        let parts: Vec<String> = self
            .items
            .iter()
            .map(|(what, done)| format!("{what} {}", if *done { "✓" } else { "✗ (not done)" }))
            .collect();
        if self.all_done() {
            format!(
                "Tutorial check: you did what the tip asked — {}.",
                parts.join(", ")
            )
        } else {
            format!(
                "Tutorial check: {}. That is allowed; try it in a later round to see what it does.",
                parts.join(", ")
            )
        }
    }
}

impl RoundReport {
    /// Checks the round's orders against what its tutorial tip asked, if it asked anything.
    pub fn tip_check(&self, rules: &Rules) -> Option<TipCheck> {
        use crate::sim::vocab::TipExpect;
        let tip = rules.briefing.tips.iter().find(|t| t.round == self.round)?;
        if tip.expect.is_empty() {
            return None;
        }
        let items = tip
            .expect
            .iter()
            .map(|e| match e {
                TipExpect::Action(id) => {
                    let ix = rules.action_ix(id);
                    let name = ix
                        .and_then(|ix| rules.actions.get(ix as usize))
                        .map_or_else(|| id.clone(), |a| a.name.clone());
                    let done = self.us.actions.iter().any(|(a, _)| Some(*a) == ix);
                    (name, done)
                }
                TipExpect::Offer(seq) => {
                    let done = self
                        .us
                        .offer
                        .as_ref()
                        .is_some_and(|o| seq.is_none_or(|s| o.sequencing == s));
                    let what = match seq {
                        Some(s) => format!("an offer sequenced {}", s.id()),
                        None => "an offer".into(),
                    };
                    (what, done)
                }
            })
            .collect();
        Some(TipCheck { items })
    }

    /// Pyongyang's reasons for the choices the U.S. could observe. The others (covert moves,
    /// faked or real steps, diverted aid) stay secret until the debrief.
    pub fn observable_reasons(&self) -> impl Iterator<Item = &crate::sim::orders::Reason> {
        self.reasons.iter().filter(|r| r.observable)
    }

    /// Net change of a variable over the round.
    pub fn net(&self, v: Var) -> i32 {
        self.changes
            .iter()
            .filter(|c| c.var == v)
            .map(|c| c.delta)
            .sum()
    }

    /// Public changes of a variable, merged by cause, in order of first appearance. For a
    /// visible variable the net change is public too (its value is), so whatever the public
    /// causes do not explain is listed last as [`Cause::Unexplained`].
    pub fn visible_changes(&self, v: Var) -> Vec<(Cause, i32)> {
        let mut out: Vec<(Cause, i32)> = Vec::new();
        for c in self.changes.iter().filter(|c| c.var == v && c.public) {
            match out.iter_mut().find(|(cause, _)| *cause == c.cause) {
                Some((_, d)) => *d += c.delta,
                None => out.push((c.cause, c.delta)),
            }
        }
        if !v.is_hidden() {
            let explained: i32 = out.iter().map(|(_, d)| d).sum();
            let rest = self.net(v) - explained;
            if rest != 0 {
                out.push((Cause::Unexplained, rest));
            }
        }
        out.retain(|(_, d)| *d != 0);
        out
    }

    /// Every visible variable that changed in public: its net change and the causes behind it.
    pub fn visible_summary(&self, rules: &Rules) -> Vec<(Var, i32, Vec<(Cause, i32)>)> {
        rules
            .visible_vars()
            .filter_map(|v| {
                let parts = self.visible_changes(v);
                (!parts.is_empty()).then(|| (v, parts.iter().map(|(_, d)| d).sum(), parts))
            })
            .collect()
    }
}
