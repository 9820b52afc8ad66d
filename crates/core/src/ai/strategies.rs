//! Built-in U.S. strategies, used by tests, automatic playtests and the debrief's comparisons.
//! Each sees only what a player sees — the player's view and the public record of the last
//! round — and issues ordinary commands, which the game checks like any player's.

use crate::sim::game::{Command, Game};
use crate::sim::orders::{Answer, Verdict};
use crate::sim::rng::{GameRng, Stream};
use crate::sim::rules::Rules;
use crate::sim::view::{PlayerView, StepStatus, view};
use crate::sim::vocab::{Group, MoveKind, Sequencing, StepKind};
use crate::sim::{Difficulty, vars::Var};
use std::sync::Arc;

/// What a strategy may look at when it plans a round.
pub struct Seen<'a> {
    /// The level's rules.
    pub rules: &'a Rules,
    /// What the player may see now.
    pub view: PlayerView,
    /// Pyongyang's public moves last round.
    pub last_moves: Vec<MoveKind>,
    /// Steps verified last round.
    pub last_verified: u32,
    /// The U.S. chair itself, for a strategy that looks ahead in games drawn from what the U.S.
    /// believes (the hard AI Washington); absent where a strategy is handed only a view.
    pub seat: Option<crate::sim::seat::UsSeat<'a>>,
}

impl Seen<'_> {
    /// Pyongyang provoked last round.
    pub fn provoked(&self) -> bool {
        self.last_moves
            .iter()
            .any(|&m| self.rules.mv(m).provocation)
    }

    /// Agreement ids with a violation waiting for a decision.
    pub fn violations(&self) -> Vec<u32> {
        self.view.notices.iter().map(|n| n.agreement).collect()
    }

    /// Suspected sites not yet inspected, by id.
    pub fn open_suspects(&self) -> Vec<String> {
        self.view
            .sites
            .iter()
            .filter(|s| s.suspected && s.finding.is_none() && s.demand.is_none())
            .map(|s| s.id.clone())
            .collect()
    }

    /// Whether an active agreement has a step of this kind.
    pub fn has_step(&self, kind: StepKind) -> bool {
        let name = &self.rules.step(kind).name;
        self.view
            .agreements
            .iter()
            .filter(|a| a.active)
            .any(|a| a.steps.iter().any(|(l, _)| l.starts_with(name.as_str())))
    }

    /// Steps claimed but not yet verified, by kind.
    pub fn claimed_unverified(&self) -> Vec<StepKind> {
        let mut out = Vec::new();
        for a in self.view.agreements.iter().filter(|a| a.active) {
            for (label, status) in &a.steps {
                if *status == StepStatus::Claimed {
                    for k in self.rules.step_kinds() {
                        if label.starts_with(self.rules.step(k).name.as_str()) {
                            out.push(k);
                        }
                    }
                }
            }
        }
        out
    }
}

/// A U.S. strategy.
pub trait Strategy {
    /// Short id (`quid-pro-quo`).
    fn id(&self) -> &'static str;
    /// The commands for this round (not including `End`).
    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command>;
    /// What it weighed in its last plan, in words, for a person in the other chair (an AI
    /// Washington says; the others say nothing).
    fn said(&self) -> Option<String> {
        None
    }
}

fn act(id: &str) -> Command {
    Command::Act {
        action: id.into(),
        target: None,
    }
}

fn act_on(id: &str, target: &str) -> Command {
    Command::Act {
        action: id.into(),
        target: Some(target.into()),
    }
}

fn offer(give: &[&str], ask: &[String], seq: Sequencing, deadline: Option<u32>) -> Command {
    Command::Offer {
        give: give.iter().map(|s| s.to_string()).collect(),
        ask: ask.to_vec(),
        sequencing: seq,
        deadline,
    }
}

/// Concede whatever happens: aid without monitors, fuel, easing, diplomatic steps; offers that
/// pay first; violations let pass.
#[derive(Debug, Default)]
pub struct Appease;

impl Strategy for Appease {
    fn id(&self) -> &'static str {
        "appease"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(Command::LookAway)
            .collect();
        if seen.view.counter.is_some() {
            c.push(Command::AcceptCounter);
        }
        c.push(act("food_aid_unmonitored"));
        c.push(act("heavy_fuel_oil"));
        let third = match seen.view.round % 3 {
            0 => "ease_sanctions",
            1 => "liaison_office",
            _ => "security_assurance",
        };
        c.push(act(third));
        // When the money runs out, concessions that cost nothing.
        c.push(act("ease_sanctions"));
        c.push(act("security_assurance"));
        if seen.view.open_offer.is_none() {
            c.push(offer(
                &["food_aid_unmonitored"],
                &["attend_talks".to_string()],
                Sequencing::RewardFirst,
                None,
            ));
        }
        c
    }
}

/// Sanctions and threats; violations enforced; no concessions.
#[derive(Debug, Default)]
pub struct HardLine;

impl Strategy for HardLine {
    fn id(&self) -> &'static str {
        "hard-line"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(Command::Enforce)
            .collect();
        if seen.view.counter.is_some() {
            c.push(Command::RejectCounter);
        }
        if seen.provoked() {
            c.push(act("threaten_strike"));
        }
        c.push(act("tighten_sanctions"));
        c.push(act("financial_sanctions"));
        // Large exercises twice a year, as the alliance holds them.
        if seen.view.round % 6 == 1 {
            c.push(act("joint_exercises"));
        }
        if let Some(site) = seen.open_suspects().first() {
            c.push(act_on("inspect_site", site));
        }
        c
    }
}

/// Cut the regime off: sanctions at every level, aid suspended, shipments searched, no talks.
#[derive(Debug, Default)]
pub struct Isolation;

impl Strategy for Isolation {
    fn id(&self) -> &'static str {
        "isolation"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(Command::Enforce)
            .collect();
        if seen.view.counter.is_some() {
            c.push(Command::RejectCounter);
        }
        c.push(act("seek_un_sanctions"));
        c.push(act("tighten_sanctions"));
        c.push(act("financial_sanctions"));
        c.push(act("interdict"));
        c
    }
}

/// Quid pro quo (Tit for Tat): rewards only for verified steps (step-first offers, and a
/// concession after a verified step); a provocation answered with pressure; every violation
/// enforced; verification paid for.
#[derive(Debug)]
pub struct QuidProQuo {
    /// Forgive this share (percent) of provocations and violations (0 for strict TFT).
    pub forgive: i32,
    /// How its offers are sequenced: step first (quid pro quo) or, to isolate the memo's claim
    /// about sequencing, reward first with everything else the same.
    pub sequencing: Sequencing,
    next_ask: usize,
}

impl Default for QuidProQuo {
    fn default() -> Self {
        QuidProQuo {
            forgive: 0,
            sequencing: Sequencing::StepFirst,
            next_ask: 0,
        }
    }
}

impl QuidProQuo {
    /// A forgiving quid pro quo (generous tit for tat): it forgives a third of defections.
    pub fn generous() -> QuidProQuo {
        QuidProQuo {
            forgive: 33,
            ..QuidProQuo::default()
        }
    }

    /// Quid pro quo paid in instalments: each verified step releases its share of the rewards.
    pub fn instalments() -> QuidProQuo {
        QuidProQuo {
            sequencing: Sequencing::Instalments,
            ..QuidProQuo::default()
        }
    }

    /// Quid pro quo that pays first: the same asks, enforcement and answers to provocation,
    /// but the rewards are given when the offer is accepted, before any step.
    pub fn reward_first() -> QuidProQuo {
        QuidProQuo {
            sequencing: Sequencing::RewardFirst,
            ..QuidProQuo::default()
        }
    }

    /// The next step to ask for: a test moratorium first, then verified curtailment (with an
    /// inspection to verify it), then inspections of suspected sites, exports, talks and the rest.
    fn asks(&mut self, seen: &Seen) -> Vec<String> {
        let suspects = seen.open_suspects();
        let mut options: Vec<Vec<String>> = Vec::new();
        if !seen.has_step(StepKind::TestMoratorium) {
            options.push(vec!["test_moratorium".into()]);
        }
        for k in [StepKind::CurtailMissile, StepKind::CurtailWmd] {
            let mut ask = vec![k.id().to_string()];
            if let Some(site) = suspects.first() {
                ask.push(format!("allow_inspection:{site}"));
            }
            options.push(ask);
        }
        for site in &suspects {
            options.push(vec![format!("allow_inspection:{site}")]);
        }
        for k in [
            StepKind::HaltExports,
            StepKind::AttendTalks,
            StepKind::PullBackArtillery,
            StepKind::AcceptMonitoring,
        ] {
            if !seen.has_step(k) {
                options.push(vec![k.id().to_string()]);
            }
        }
        let pick = options[self.next_ask % options.len()].clone();
        self.next_ask += 1;
        pick
    }
}

impl Strategy for QuidProQuo {
    fn id(&self) -> &'static str {
        if self.sequencing == Sequencing::RewardFirst {
            "reward-first-reciprocal"
        } else if self.forgive > 0 {
            "generous-quid-pro-quo"
        } else {
            "quid-pro-quo"
        }
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        let mut c = Vec::new();
        for id in seen.violations() {
            if rng.percent(self.forgive) {
                c.push(Command::LookAway(id));
            } else {
                c.push(Command::Enforce(id));
            }
        }
        if seen.view.counter.is_some() {
            c.push(Command::RejectCounter);
        }
        if seen.provoked() && !rng.percent(self.forgive) {
            // Tit for tat: a provocation is answered with pressure on the elite.
            c.push(act("financial_sanctions"));
        } else if seen.last_verified > 0 {
            c.push(act("food_aid_monitored"));
        }
        // Pay for verification of what was claimed.
        for k in seen.claimed_unverified() {
            let var = match k {
                StepKind::PullBackArtillery => Var::Military,
                StepKind::CurtailMissile => Var::Missile,
                _ => Var::Nuclear,
            };
            c.push(act_on("surveillance", var.id()));
        }
        if seen.view.monitors != crate::sim::state::Monitors::Present && seen.view.round % 4 == 1 {
            c.push(act("require_monitoring"));
        }
        if seen.view.talks.is_none() && seen.view.round % 3 == 1 {
            c.push(act("propose_talks"));
        }
        if seen.view.open_offer.is_none() {
            let asks = self.asks(seen);
            let sanctions = seen.view.reading(Var::Sanctions).map_or(0, |r| r.value);
            let gives: &[&str] = if sanctions >= 40 {
                &["ease_sanctions", "food_aid_monitored"]
            } else {
                &["heavy_fuel_oil", "food_aid_monitored"]
            };
            c.push(offer(gives, &asks, self.sequencing, Some(3)));
        }
        c.push(act("consult_allies"));
        c
    }
}

/// The engagement school's policy (Perry 1999): reduce pressure and move toward normalization
/// step by step and reciprocally — an early security assurance and diplomatic steps, monitored
/// food aid, offers in which both sides move at once (simultaneous), isolated provocations
/// forgiven, and violations of a deal enforced (Perry's second path if engagement is refused).
#[derive(Debug)]
pub struct Engagement {
    qpq: QuidProQuo,
}

impl Default for Engagement {
    fn default() -> Self {
        Engagement {
            qpq: QuidProQuo {
                sequencing: Sequencing::Simultaneous,
                ..QuidProQuo::default()
            },
        }
    }
}

impl Strategy for Engagement {
    fn id(&self) -> &'static str {
        "engagement"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let round = seen.view.round;
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(Command::Enforce)
            .collect();
        if seen.view.counter.is_some() {
            c.push(Command::RejectCounter);
        }
        if round % 6 == 1 {
            c.push(act("security_assurance"));
        }
        if round % 4 == 2 {
            c.push(act("liaison_office"));
        }
        if round % 2 == 1 {
            c.push(act("food_aid_monitored"));
        }
        c.push(act("support_summit"));
        if seen.view.talks.is_none() && round.is_multiple_of(3) {
            c.push(act("propose_talks"));
        }
        if seen.view.open_offer.is_none() {
            let asks = self.qpq.asks(seen);
            c.push(offer(
                &["heavy_fuel_oil", "ease_sanctions"],
                &asks,
                Sequencing::Simultaneous,
                Some(3),
            ));
        }
        c.push(act("consult_allies"));
        c
    }
}

/// Cooperates like quid pro quo until the first provocation or violation, then never again.
#[derive(Debug, Default)]
pub struct Grudger {
    betrayed: bool,
    qpq: QuidProQuo,
}

impl Strategy for Grudger {
    fn id(&self) -> &'static str {
        "grudger"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        if seen.provoked() || !seen.violations().is_empty() {
            self.betrayed = true;
        }
        if self.betrayed {
            HardLine.plan(seen, rng)
        } else {
            self.qpq.plan(seen, rng)
        }
    }
}

/// The Random strategy of the iterated prisoner's dilemma: each round a coin decides between
/// cooperating (food aid and fuel, violations let pass) and defecting (financial sanctions,
/// violations enforced). The reference for the fingerprint's "Random".
#[derive(Debug, Default)]
pub struct CoinFlip;

impl Strategy for CoinFlip {
    fn id(&self) -> &'static str {
        "coin-flip"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        let cooperate = rng.percent(50);
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(|id| {
                if cooperate {
                    Command::LookAway(id)
                } else {
                    Command::Enforce(id)
                }
            })
            .collect();
        if cooperate {
            // No offers: a reward promised in advance would answer later steps for it.
            c.push(act("food_aid_monitored"));
            c.push(act("heavy_fuel_oil"));
        } else {
            // Financial sanctions have no precondition: the defection always goes through.
            c.push(act("financial_sanctions"));
        }
        c
    }
}

/// Random play: each round a coin decides its stance — to pay (random concessions) or to press
/// (random sanctions or military moves) — and the rest is random too: another action of any
/// kind but the other stance's, an offer half the time (random rewards, step, sequencing and
/// deadline), coins for violations and counter-offers. The iterated prisoner's dilemma's Random,
/// played with the whole of the game's vocabulary.
///
/// The stances come from a shuffled deck of two of each per four rounds: each round is a coin
/// toss beforehand, but a game of twenty rounds is not three-quarters pressure by bad luck, so
/// the fingerprint can tell it from the hard line.
#[derive(Debug, Default)]
pub struct RandomPlay {
    deck: Vec<bool>,
}

impl RandomPlay {
    /// A random action of the level whose group passes `keep`, with a random target.
    fn pick(
        rules: &Rules,
        rng: &mut GameRng,
        budget: i32,
        keep: impl Fn(Group) -> bool,
    ) -> Option<Command> {
        let pool: Vec<&crate::sim::rules::Action> = rules
            .actions
            .iter()
            .filter(|a| keep(a.group) && a.cost <= budget)
            .collect();
        let a = pool.get(rng.below(pool.len() as u32) as usize)?;
        let target = match a.target {
            crate::sim::vocab::TargetKind::None => None,
            crate::sim::vocab::TargetKind::Site => rules
                .sites
                .get(rng.below(rules.sites.len() as u32) as usize)
                .map(|s| s.id.clone()),
            crate::sim::vocab::TargetKind::Variable => {
                let hidden: Vec<Var> = rules.hidden_vars().collect();
                hidden
                    .get(rng.below(hidden.len() as u32) as usize)
                    .map(|&v| rules.var_id(v).to_string())
            }
        };
        Some(Command::Act {
            action: a.id.clone(),
            target,
        })
    }
}

impl Strategy for RandomPlay {
    fn id(&self) -> &'static str {
        "random"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        let rules = seen.rules;
        let mut c = Vec::new();
        for id in seen.violations() {
            c.push(if rng.percent(50) {
                Command::Enforce(id)
            } else {
                Command::LookAway(id)
            });
        }
        if seen.view.counter.is_some() && rng.percent(50) {
            c.push(Command::AcceptCounter);
        }
        if self.deck.is_empty() {
            let mut deck = vec![true, true, false, false];
            for k in (1..deck.len()).rev() {
                let j = rng.below(k as u32 + 1) as usize;
                deck.swap(k, j);
            }
            self.deck = deck;
        }
        let pays = self.deck.pop().unwrap_or(true);
        let stance = |g: Group| {
            if pays {
                g == Group::Concession
            } else {
                matches!(g, Group::Pressure | Group::Military)
            }
        };
        // Its stance first: every action of it in a random order, so that the first the rules
        // allow go through (an action may be refused: its condition unmet, or no points left);
        // then anything else but the other stance.
        let budget = seen.view.budget_left;
        let mut pool: Vec<Command> = Vec::new();
        for _ in 0..12 {
            if let Some(cmd) = RandomPlay::pick(rules, rng, budget, stance)
                && !pool.contains(&cmd)
            {
                pool.push(cmd);
            }
        }
        c.extend(pool);
        let other = |g: Group| !matches!(g, Group::Concession | Group::Pressure | Group::Military);
        c.extend(RandomPlay::pick(rules, rng, budget, other));
        if rng.percent(50) {
            let gives: Vec<&str> = rules
                .actions
                .iter()
                .filter(|a| a.offerable && a.group == Group::Concession)
                .map(|a| a.id.as_str())
                .collect();
            if let Some(g) = gives.get(rng.below(gives.len() as u32) as usize) {
                let kinds: Vec<StepKind> = rules.step_kinds().collect();
                let kind = kinds[rng.below(kinds.len() as u32) as usize];
                let ask = if kind.takes_site() {
                    match rules
                        .sites
                        .get(rng.below(rules.sites.len() as u32) as usize)
                    {
                        Some(s) => format!("{}:{}", rules.step(kind).id, s.id),
                        None => "attend_talks".into(),
                    }
                } else {
                    rules.step(kind).id.clone()
                };
                let seq = Sequencing::ALL[rng.below(Sequencing::ALL.len() as u32) as usize];
                c.push(offer(&[g], &[ask], seq, Some(1 + rng.below(4))));
            }
        }
        c
    }
}

/// Does nothing at all: no actions, no offers, violations let pass (the default). The baseline
/// every other strategy should be measured against.
#[derive(Debug, Default)]
pub struct Idle;

impl Strategy for Idle {
    fn id(&self) -> &'static str {
        "idle"
    }

    fn plan(&mut self, _seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        Vec::new()
    }
}

/// A student who plays the memo's way by hand, from the game's own words: it sees only what the
/// player sees — the view, the news, the envoys' answers and counter-offers — and follows the
/// feedback as a student would. It offers one or two rewards for one step, step first, with a
/// deadline of three rounds; accepts a counter-offer it can afford; adds the reward an answer
/// names; asks for a smaller step when told a step costs more than any reward is worth; pays for
/// a look at what was claimed; and enforces every violation it sees. The measure of whether the
/// feedback teaches: it should come close to the built-in `quid-pro-quo` without reading a line
/// of the rules.
#[derive(Debug)]
pub struct Student {
    /// It reads the answers and counter-offers (off: the same student, deaf to them, for
    /// measuring what the feedback teaches).
    pub listens: bool,
    /// Steps an answer called too costly, with the round it said so (asked again later).
    shelved: Vec<(String, u32)>,
    /// Rewards the answers named, added to the next offer.
    extra: Vec<String>,
    /// The step being negotiated now.
    current: Option<String>,
}

impl Default for Student {
    fn default() -> Self {
        Student {
            listens: true,
            shelved: Vec::new(),
            extra: Vec::new(),
            current: None,
        }
    }
}

/// Rounds a step the envoys priced too high is left aside before the student asks again.
const SHELVE_ROUNDS: u32 = 6;

impl Student {
    /// The same student, deaf to the answers and counter-offers: it offers, looks and enforces
    /// the same way, but never adds a reward, changes a step or accepts terms because of what
    /// the envoys said.
    pub fn deaf() -> Student {
        Student {
            listens: false,
            ..Student::default()
        }
    }

    /// The steps it works through, in the order a student reading the briefing would: talks,
    /// the export halt, inspections of the sites it suspects, monitors, then curtailment.
    fn wishlist(seen: &Seen) -> Vec<String> {
        let mut out = vec!["attend_talks".to_string(), "halt_exports".into()];
        for s in seen
            .view
            .sites
            .iter()
            .filter(|s| s.suspected && s.finding.is_none())
        {
            out.push(format!("allow_inspection:{}", s.id));
        }
        out.push("accept_monitoring".into());
        out.push("curtail_missile".into());
        out.push("curtail_wmd".into());
        out.push("pull_back_artillery".into());
        out
    }

    /// Whether a step (as typed) is in an agreement in force or was verified before: its name
    /// on the agreements list.
    fn got(seen: &Seen, step: &str) -> bool {
        let rules = seen.rules;
        let (kind, site) = match step.split_once(':') {
            Some((k, site)) => (rules.step_by_id(k), rules.site_ix(site).map(Some)),
            None => (rules.step_by_id(step), Some(None)),
        };
        let (Some(kind), Some(site)) = (kind, site) else {
            return false;
        };
        let label = rules.step_label(crate::sim::rules::StepTarget { kind, site });
        seen.view.agreements.iter().any(|a| {
            a.steps
                .iter()
                .any(|(l, status)| *l == label && (a.active || *status == StepStatus::Verified))
        })
    }

    fn next_step(&self, seen: &Seen) -> Option<String> {
        let round = seen.view.round;
        Student::wishlist(seen).into_iter().find(|s| {
            !Student::got(seen, s)
                && !self
                    .shelved
                    .iter()
                    .any(|(x, r)| x == s && round < r + SHELVE_ROUNDS)
        })
    }

    fn gives(&self, seen: &Seen) -> Vec<String> {
        let mut gives = vec!["food_aid_monitored".to_string()];
        for g in &self.extra {
            if !gives.contains(g) {
                gives.push(g.clone());
            }
        }
        // What it can afford, in the order it decided to give them.
        let mut left = seen.view.budget_left;
        gives.retain(|g| {
            let cost = seen
                .rules
                .actions
                .iter()
                .find(|a| &a.id == g)
                .map_or(i32::MAX, |a| a.cost);
            if cost <= left {
                left -= cost;
                true
            } else {
                false
            }
        });
        gives
    }
}

impl Strategy for Student {
    fn id(&self) -> &'static str {
        "student"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let rules = seen.rules;
        // The memo: reimpose pressure when a commitment is broken.
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(Command::Enforce)
            .collect();
        // What the envoys said last round about its offer.
        let mut rewrite = false;
        if let Some(ans) = seen.view.answer.as_ref().filter(|_| self.listens)
            && ans.answer != Answer::Accept
            && let Some(a) = &ans.appraisal
        {
            let asked: Vec<String> = ans.offer.asks.iter().map(|&s| rules.step_id(s)).collect();
            if a.verdict == Verdict::Far || a.too_costly.is_some() && seen.view.counter.is_none() {
                // Told it asks too much: a smaller step, and start the rewards afresh.
                for s in asked {
                    self.shelved.push((s, seen.view.round));
                }
                self.extra.clear();
                self.current = None;
                rewrite = true;
            } else if let Some(g) = a.wants.and_then(|g| rules.actions.get(g as usize)) {
                // Told which reward would weigh most: add it.
                if !self.extra.contains(&g.id) {
                    self.extra.push(g.id.clone());
                    rewrite = true;
                }
            }
        }
        // A counter-offer it can afford is a deal.
        let mut accepted = false;
        if self.listens
            && seen.view.counter.is_some()
            && seen
                .view
                .counter_cost
                .is_some_and(|cost| cost <= seen.view.budget_left)
        {
            c.push(Command::AcceptCounter);
            accepted = true;
            self.extra.clear();
            self.current = None;
        }
        // Pay for a look at what was claimed.
        for k in seen.claimed_unverified() {
            let var = match k {
                StepKind::PullBackArtillery => Var::Military,
                StepKind::CurtailMissile => Var::Missile,
                StepKind::HaltExports => Var::Proliferation,
                _ => Var::Nuclear,
            };
            c.push(act_on("surveillance", rules.var_id(var)));
        }
        if seen.view.talks.is_none() && seen.view.round % 3 == 1 {
            c.push(act("propose_talks"));
        }
        if !accepted && (seen.view.open_offer.is_none() || rewrite) {
            if self.current.as_ref().is_none_or(|s| Student::got(seen, s)) {
                self.current = self.next_step(seen);
                self.extra.clear();
            }
            if let Some(step) = self.current.clone() {
                let gives = self.gives(seen);
                let gives: Vec<&str> = gives.iter().map(String::as_str).collect();
                c.push(offer(&gives, &[step], Sequencing::StepFirst, Some(3)));
            }
        }
        c.push(act("consult_allies"));
        c
    }
}

/// A U.S. policy scripted by the level (what the U.S. actually did, say): each round, the
/// actions of the steps whose months it falls in, their offer when none is on the table, and
/// the policy's answer to violations and counter-offers.
#[derive(Debug, Clone)]
pub struct Scripted {
    /// The policy it plays.
    pub policy: crate::sim::rules::Policy,
}

impl Strategy for Scripted {
    fn id(&self) -> &'static str {
        "scripted"
    }

    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let p = &self.policy;
        let mut c: Vec<Command> = seen
            .violations()
            .into_iter()
            .map(|id| {
                if p.enforce {
                    Command::Enforce(id)
                } else {
                    Command::LookAway(id)
                }
            })
            .collect();
        if seen.view.counter.is_some() {
            c.push(if p.accept_counters {
                Command::AcceptCounter
            } else {
                Command::RejectCounter
            });
        }
        let round = seen.view.round;
        for step in p
            .steps
            .iter()
            .filter(|s| (s.first..=s.last).contains(&round))
        {
            for a in seen.view.agreements.iter().filter(|a| {
                a.active
                    && a.template
                        .as_ref()
                        .is_some_and(|t| step.withdraw.contains(t))
            }) {
                c.push(Command::Break(a.id));
            }
            for (action, target) in &step.actions {
                c.push(Command::Act {
                    action: action.clone(),
                    target: target.clone(),
                });
            }
            if let Some((give, ask, seq, deadline)) = &step.offer
                && seen.view.open_offer.is_none()
                && !already_agreed(seen, give)
            {
                c.push(Command::Offer {
                    give: give.clone(),
                    ask: ask.clone(),
                    sequencing: *seq,
                    deadline: *deadline,
                });
            }
        }
        c
    }
}

/// Whether an agreement in force already gives these rewards: a scripted offer is not made
/// again while the deal it made holds.
fn already_agreed(seen: &Seen, give: &[String]) -> bool {
    let mut names: Vec<&str> = give
        .iter()
        .filter_map(|id| seen.rules.actions.iter().find(|a| &a.id == id))
        .map(|a| a.name.as_str())
        .collect();
    names.sort_unstable();
    seen.view.agreements.iter().filter(|a| a.active).any(|a| {
        let mut have: Vec<&str> = a.gives.iter().map(String::as_str).collect();
        have.sort_unstable();
        have == names
    })
}

/// A strategy for a level: one of its scripted policies by id, or a built-in strategy.
pub fn for_level(id: &str, rules: &Rules) -> Option<Box<dyn Strategy + Send>> {
    match rules.policies.iter().find(|p| p.id == id) {
        Some(p) => Some(Box::new(Scripted { policy: p.clone() })),
        None => by_id(id),
    }
}

/// Every strategy a level can be played with: the built-ins, then its scripted policies.
pub fn all_for_level(rules: &Rules) -> Vec<String> {
    IDS.iter()
        .map(|s| s.to_string())
        .chain(rules.policies.iter().map(|p| p.id.clone()))
        .collect()
}

/// The strategy with this id, if there is one.
pub fn by_id(id: &str) -> Option<Box<dyn Strategy + Send>> {
    Some(match id {
        "appease" => Box::new(Appease),
        "hard-line" => Box::new(HardLine),
        "isolation" => Box::new(Isolation),
        "quid-pro-quo" => Box::new(QuidProQuo::default()),
        "generous-quid-pro-quo" => Box::new(QuidProQuo::generous()),
        "grudger" => Box::new(Grudger::default()),
        "random" => Box::new(RandomPlay::default()),
        "idle" => Box::new(Idle),
        "coin-flip" => Box::new(CoinFlip),
        "engagement" => Box::new(Engagement::default()),
        "reward-first-reciprocal" => Box::new(QuidProQuo::reward_first()),
        "student" => Box::new(Student::default()),
        _ => return None,
    })
}

/// Ids of the built-in strategies (the level format names them too: `sides: (washington: …)`).
pub const IDS: [&str; 12] = crate::sim::vocab::US_STRATEGIES;

/// What a strategy sees of a game: the U.S. player's view and last round's public record.
pub fn seen_of<'a>(game: &'a Game, rules: &'a Rules) -> Seen<'a> {
    let last = game.reports().last();
    Seen {
        rules,
        view: view(game),
        last_moves: last.map(|r| r.public_moves.clone()).unwrap_or_default(),
        last_verified: last.map_or(0, |r| r.verified),
        seat: Some(crate::sim::seat::UsSeat::of(game)),
    }
}

/// The U.S. half of a round played by a strategy: it plans on what the U.S. sees, and ends its
/// half (the AI Washington opposite a person in the other chair).
pub fn us_half(game: &mut Game, s: &mut dyn Strategy, rng: &mut GameRng) {
    let rules = game.rules_arc().clone();
    for cmd in s.plan(&seen_of(game, &rules), rng) {
        let _ = game.command(cmd);
    }
    let _ = game.command(Command::End);
}

/// Plays a whole game with a strategy; refused commands are skipped, as a player would retry.
pub fn play(rules: Arc<Rules>, seed: u64, difficulty: Difficulty, s: &mut dyn Strategy) -> Game {
    play_rounds(rules, seed, difficulty, s, u32::MAX)
}

/// Plays at most `rounds` rounds with a strategy (then plans, but does not end, the next one).
pub fn play_rounds(
    rules: Arc<Rules>,
    seed: u64,
    difficulty: Difficulty,
    s: &mut dyn Strategy,
    rounds: u32,
) -> Game {
    play_game(Game::new(rules, seed, difficulty), s, rounds)
}

/// Plays at most `rounds` rounds of `game` with a strategy for the U.S., whoever sits opposite
/// (then plans, but does not end, the next one).
pub fn play_game(mut game: Game, s: &mut dyn Strategy, rounds: u32) -> Game {
    let rules = game.rules_arc().clone();
    let mut rng = GameRng::new(game.seed(), Stream::Strategy);
    let limit = rounds.min(rules.rounds + 1);
    for k in 0..=limit {
        if game.over().is_some() {
            break;
        }
        let seen = seen_of(&game, &rules);
        for cmd in s.plan(&seen, &mut rng) {
            let _ = game.command(cmd);
        }
        if k == limit {
            break;
        }
        let _ = game.command(Command::End);
    }
    game
}
