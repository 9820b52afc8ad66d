//! The resolution of a round, in a fixed and documented order.
//!
//! A round is resolved in two phases around Pyongyang's decision:
//!
//! **Phase A — the U.S. moves** ([`resolve_us`]):
//! 1. decisions on detected violations (enforce or look away; undecided ones look away);
//! 2. agreements the U.S. breaks;
//! 3. Pyongyang's counter-offer, accepted or lapsing;
//! 4. U.S. actions in the order planned (cost, effects, Congress's view of concessions);
//! 5. a new offer is put on the table (its rewards' cost set aside);
//! 6. Pyongyang updates its model of the U.S. from what the U.S. just did.
//!
//! **Pyongyang decides** (the AI sees the state after phase A, never the player's future commands).
//!
//! **Phase B — Pyongyang moves and the world turns** ([`resolve_pyongyang`]):
//! 7. the answer to the offer on the table (accept, counter, stall, reject);
//! 8. the answer to a request for aid monitors;
//! 9. Pyongyang's moves (talks track, public track, covert track), with detection;
//! 10. one-off steps owed under agreements (do, fake or wait);
//! 11. inspection demands (accept, stall — evidence decays — or refuse);
//! 12. agreements checked against verification; step-first rewards released; deadlines;
//! 13. aid arrives, and the hidden share is diverted;
//! 14. drift: sanctions, openness, famine, baselines, unanswered strikes, funding;
//! 15. events fire;
//! 16. the player's intelligence picture is updated;
//! 17. the outcome test runs; the round advances.

use crate::level::types::{MoveKind, OutcomeKind, Program, Sequencing, StepKind, Truth};
use crate::sim::cond::holds;
use crate::sim::orders::{
    Answer, Decision, DprkOrders, InspectionAnswer, StepChoice, Target, UsOrders,
};
use crate::sim::report::{Cause, Change, Log, News, NewsKind, Tone};
use crate::sim::rng::GameRng;
use crate::sim::rules::{ActionIx, Eff, Rules, SiteIx, StepTarget};
use crate::sim::state::{
    Agreement, EndReason, Finding, Inspection, Monitors, Notice, Obligation, Offer, OpenOffer,
    Recent, Response, Shipment, State, Talks,
};
use crate::sim::vars::Var;

/// Rounds an offer may be stalled before it lapses.
pub const MAX_STALLS: u32 = 3;
/// Rounds an inspection demand may be stalled before it counts as refused.
pub const MAX_INSPECTION_STALLS: u32 = 4;
/// Rounds a proposal or promise of talks stays open.
pub const TALKS_WINDOW: u32 = 2;

/// The context every rule works in.
pub struct Ctx<'a> {
    pub rules: &'a Rules,
    pub st: &'a mut State,
    pub rng: &'a mut GameRng,
    pub log: &'a mut Log,
    /// The player's intelligence picture is kept up to date (off in the AI's lookahead).
    pub track_intel: bool,
    /// Intelligence noise multiplier in percent (difficulty).
    pub intel_noise: i32,
    /// The budget refill in percent of the level's (difficulty).
    pub budget_percent: i32,
}

impl<'a> Ctx<'a> {
    /// The opponent's name in news ("Pyongyang").
    pub fn opp(&self) -> &'a str {
        &self.rules.opponent
    }

    /// Changes a variable, clamped to its range, and records the change with its cause.
    pub fn add(&mut self, var: Var, delta: i32, cause: Cause) -> i32 {
        if delta == 0 {
            return 0;
        }
        let before = self.st.vars[var];
        let after = (i64::from(before) + i64::from(delta)).clamp(0, i64::from(var.max())) as i32;
        self.st.vars[var] = after;
        let actual = after - before;
        if actual != 0 && (!self.log.quiet || self.track_intel) {
            self.log.changes.push(Change {
                var,
                delta: actual,
                cause,
                public: cause.public(self.rules),
            });
        }
        actual
    }

    fn round(&self) -> u32 {
        self.st.round
    }

    /// Applies a list of effects.
    pub fn apply(&mut self, effects: &[Eff], cause: Cause, target: Target) {
        for e in effects {
            self.apply_one(e, cause, target);
        }
    }

    fn apply_one(&mut self, e: &Eff, cause: Cause, target: Target) {
        let now = self.round();
        match *e {
            Eff::Add(v, x) => {
                self.add(v, x, cause);
            }
            Eff::Set(v, x) => {
                let d = x - self.st.vars[v];
                self.add(v, d, cause);
            }
            Eff::SetFlag(f) => {
                if let Some(slot) = self.st.flags.get_mut(f as usize) {
                    *slot = true;
                }
            }
            Eff::ClearFlag(f) => {
                if let Some(slot) = self.st.flags.get_mut(f as usize) {
                    *slot = false;
                }
            }
            Eff::Reveal(v) => {
                if let Some(i) = v.hidden_index() {
                    self.st.intel.looked[i] = true;
                }
            }
            Eff::Mislead(v, x) => {
                if let Some(i) = v.hidden_index() {
                    self.st.intel.estimate[i] = (self.st.intel.estimate[i] + x).clamp(0, 100);
                }
            }
            Eff::Leak(s) => {
                if let Some(site) = self.st.sites.get_mut(s as usize) {
                    site.leaked = true;
                    site.suspected = true;
                }
            }
            Eff::FoodAid { value, monitored } => {
                let arrives = if monitored { now + 1 } else { now };
                self.st.shipments.push(Shipment {
                    value,
                    monitored,
                    arrives,
                });
                self.st.tally.aid_sent += value;
            }
            Eff::DemandInspection => {
                if let Target::Site(s) = target {
                    self.demand_inspection(s, false);
                }
            }
            Eff::Surveil => {
                if let Target::Var(v) = target
                    && let Some(i) = v.hidden_index()
                {
                    self.st.intel.looked[i] = true;
                }
            }
            Eff::RequestMonitors => {
                if self.st.monitors != Monitors::Present {
                    self.st.monitors = Monitors::Requested;
                }
            }
            Eff::ProposeTalks => {
                if !matches!(self.st.talks, Talks::Promised(_)) {
                    self.st.talks = Talks::Proposed(now);
                }
            }
            Eff::ThreatenStrike => {
                self.st.recent.threats.push(now);
                self.st.threat_open = Some(now);
                self.st.unanswered_threat = Some(now);
            }
            Eff::Strike => {
                if let Target::Site(s) = target {
                    self.strike(s);
                }
            }
            Eff::Interdict => self.st.interdicting = true,
            Eff::SuspendAid => {
                let cancelled: i32 = self
                    .st
                    .shipments
                    .iter()
                    .filter(|s| s.arrives > now)
                    .map(|s| s.value)
                    .sum();
                self.st.shipments.retain(|s| s.arrives <= now);
                if cancelled > 0 {
                    self.log.news(News::new(
                        NewsKind::UnitedStates,
                        format!("Aid shipments worth ${cancelled}M halted"),
                    ));
                }
            }
            Eff::StartAgreement(t) => self.start_template(t),
            Eff::EndAgreements => {
                let reason = match cause {
                    Cause::Move(MoveKind::WalkOut) => EndReason::WalkedOut,
                    _ => EndReason::Event,
                };
                self.end_all_agreements(reason);
            }
            Eff::EndGame(o) => {
                if self.st.outcome.is_none() {
                    self.st.outcome = Some(o);
                }
            }
        }
    }

    fn demand_inspection(&mut self, site: SiteIx, agreed: bool) {
        if self.st.inspections.iter().any(|i| i.site == site) {
            if agreed {
                for i in &mut self.st.inspections {
                    if i.site == site {
                        i.agreed = true;
                    }
                }
            }
            return;
        }
        if let Some(s) = self.st.sites.get_mut(site as usize) {
            s.suspected = true;
        }
        self.st.inspections.push(Inspection {
            site,
            since: self.st.round,
            evidence: 100,
            stalls: 0,
            agreed,
        });
    }

    fn strike(&mut self, site: SiteIx) {
        let now = self.round();
        self.st.recent.strikes.push(now);
        self.st.unanswered_strike = Some(now);
        if self.st.threat_open.take().is_some() {
            self.st.mind.belief[Response::StrikeAfterThreat as usize].observe(true);
        }
        let Some(def) = self.rules.sites.get(site as usize) else {
            return;
        };
        let active = self
            .st
            .sites
            .get(site as usize)
            .is_some_and(|s| s.truth == Truth::Active);
        if let Some(s) = self.st.sites.get_mut(site as usize) {
            s.struck = true;
        }
        let damage = self.rules.weights.strike_damage;
        let var = match def.program {
            Program::Nuclear => Var::Nuclear,
            Program::Missile => Var::Missile,
        };
        if active {
            self.add(var, -damage, Cause::Strike(site));
            if let Some(s) = self.st.sites.get_mut(site as usize) {
                s.truth = Truth::Cleaned;
            }
        }
        self.log.news(
            News::new(
                NewsKind::UnitedStates,
                format!("U.S. aircraft strike {}", def.name),
            )
            .body(if active {
                "Bomb damage assessment: the facility was in use and is badly damaged."
            } else {
                "Bomb damage assessment: little of value was there."
            })
            .at_site(site),
        );
    }

    /// Ends every active agreement; rewards not yet delivered are refunded.
    fn end_all_agreements(&mut self, reason: EndReason) {
        let now = self.round();
        let mut refund = 0;
        for a in self.st.agreements.iter_mut().filter(|a| a.active()) {
            a.ended = Some((reason, now));
            refund += a.escrow;
            a.escrow = 0;
        }
        if refund > 0 {
            self.add(Var::Budget, refund, Cause::Escrow);
        }
        if let Some(o) = self.st.offer.take() {
            self.add(Var::Budget, o.escrow, Cause::Escrow);
        }
        self.st.counter = None;
        // Violations already detected stay on the table: walking out does not erase them.
        self.st.inspections.retain(|i| !i.agreed);
    }

    fn end_agreement(&mut self, id: u32, reason: EndReason) {
        let now = self.round();
        let mut refund = 0;
        if let Some(a) = self
            .st
            .agreements
            .iter_mut()
            .find(|a| a.id == id && a.active())
        {
            a.ended = Some((reason, now));
            refund = a.escrow;
            a.escrow = 0;
        }
        if refund > 0 {
            self.add(Var::Budget, refund, Cause::Escrow);
        }
        self.st.notices.retain(|n| n.agreement != id);
    }

    fn start_template(&mut self, t: u16) {
        let Some(tpl) = self.rules.agreements.get(t as usize) else {
            return;
        };
        let id = self.st.next_agreement;
        self.st.next_agreement += 1;
        let agreement = Agreement {
            id,
            name: tpl.name.clone(),
            gives: tpl.gives.clone(),
            obligations: tpl.steps.iter().map(|&s| fresh_obligation(s)).collect(),
            sequencing: tpl.sequencing,
            deadline: None,
            since: self.st.round,
            delivered: false,
            escrow: 0,
            template: Some(t),
            ended: None,
        };
        self.st.agreements.push(agreement);
        for &s in &tpl.steps {
            self.begin_step(s, id);
        }
        // Rewards not held for verification are delivered now, with their effects (an
        // agreement in force at the start was paid for before the game).
        if tpl.sequencing != Sequencing::StepFirst {
            self.deliver(id, tpl.sequencing == Sequencing::Simultaneous);
        }
    }

    /// What accepting a step sets going: ongoing steps take effect, inspections are scheduled.
    fn begin_step(&mut self, s: StepTarget, agreement: u32) {
        match s.kind {
            StepKind::AcceptMonitoring => {
                self.st.monitors = Monitors::Present;
            }
            StepKind::AllowInspection => {
                if let Some(site) = s.site {
                    self.demand_inspection(site, true);
                }
            }
            _ => {}
        }
        if s.kind.ongoing() {
            let effects = &self.rules.step(s.kind).effects;
            self.apply(effects, Cause::Step(s.kind, agreement), Target::None);
        }
    }

    /// Accounts for a concession at this moment: its reciprocity bucket and Congress's view.
    fn account_concession(&mut self, reciprocated: bool) {
        let now = self.round();
        let t = &mut self.st.tally;
        t.concessions += 1;
        self.st.recent.concessions.push(now);
        let w = self.rules.weights;
        let window = u32::try_from(w.reciprocity_window).unwrap_or(0);
        let after_step = reciprocated || Recent::within(&self.st.recent.verified, now, window);
        if after_step {
            t.concessions_after_step += 1;
            return;
        }
        // The memo's mechanism: a concession that pays for nothing is read, in part, as the U.S.
        // conceding under pressure.
        self.st.mind.belief[Response::ConcedeAfterProvocation as usize]
            .observe_partial(true, f64::from(w.weakness_generalization) / 100.0);
        let t = &mut self.st.tally;
        if Recent::within(&self.st.recent.provocations, now, 2) {
            t.concessions_after_provocation += 1;
        } else {
            t.concessions_unprompted += 1;
        }
        // Congress reacts once a round to unreciprocated concessions, however many there were.
        if !self.st.recent.unreciprocated.contains(&now) {
            self.st.recent.unreciprocated.push(now);
            let penalty = self.rules.weights.congress_unreciprocated_penalty;
            self.add(Var::Congress, -penalty, Cause::Unreciprocated);
        }
    }

    /// Delivers the rewards of an agreement.
    fn deliver(&mut self, id: u32, reciprocated: bool) {
        let Some(a) = self.st.agreements.iter_mut().find(|a| a.id == id) else {
            return;
        };
        if a.delivered {
            return;
        }
        a.delivered = true;
        let spent = a.escrow;
        a.escrow = 0;
        let gives = a.gives.clone();
        self.st.tally.spent += spent;
        for g in gives {
            if let Some(action) = self.rules.actions.get(g as usize) {
                let effects = action.effects.clone();
                self.apply(&effects, Cause::Reward(g, id), Target::None);
                self.account_concession(reciprocated);
            }
        }
        self.st.mind.belief[Response::KeepsPromises as usize].observe(true);
    }

    fn notice(&mut self, agreement: u32, step: StepTarget, what: String) {
        let now = self.round();
        self.st.tally.violations_detected += 1;
        self.st.recent.violations_seen.push(now);
        if !self.st.notices.iter().any(|n| n.agreement == agreement) {
            self.st.notices.push(Notice {
                agreement,
                step,
                round: now,
                what: what.clone(),
            });
        }
        self.log.news(
            News::new(
                NewsKind::Agreement,
                format!("Violation detected: agreement {agreement}"),
            ).tone(Tone::Bad)
            .body(format!(
                "{what}. Decide whether to enforce agreement {agreement} (reimpose pressure) or look away; a violation left undecided passes."
            )),
        );
    }

    /// Whether inspectors are on a site under an agreement (for catching freeze violations).
    fn inspectors_at(&self, site: SiteIx, agreement: &Agreement) -> bool {
        agreement.obligations.iter().any(|o| {
            o.step.kind == StepKind::AllowInspection && o.step.site == Some(site) && o.done
        }) || self
            .st
            .sites
            .get(site as usize)
            .and_then(|s| s.finding)
            .is_some_and(|(_, r)| r >= agreement.since)
    }
}

fn fresh_obligation(step: StepTarget) -> Obligation {
    Obligation {
        step,
        done: false,
        claimed: false,
        verified: false,
        kept_rounds: 0,
    }
}

/// Cost in $M of a set of rewards.
pub fn gives_cost(rules: &Rules, gives: &[ActionIx]) -> i32 {
    gives
        .iter()
        .filter_map(|&g| rules.actions.get(g as usize))
        .map(|a| a.cost)
        .sum()
}

/// Phase A: the U.S. moves (steps 1–6).
pub fn resolve_us(cx: &mut Ctx, orders: &UsOrders) {
    let now = cx.round();
    let w = cx.rules.weights;

    // 1. Decisions on detected violations.
    let notices = std::mem::take(&mut cx.st.notices);
    for n in notices {
        let decision = orders
            .decisions
            .iter()
            .find(|(id, _)| *id == n.agreement)
            .map_or(Decision::LookAway, |(_, d)| *d);
        match decision {
            Decision::Enforce => {
                cx.st.tally.enforced += 1;
                cx.st.recent.pressure.push(now);
                cx.add(
                    Var::Sanctions,
                    w.enforce_sanctions,
                    Cause::Enforce(n.agreement),
                );
                cx.add(
                    Var::UsCredibility,
                    w.enforce_credibility,
                    Cause::Enforce(n.agreement),
                );
                cx.add(Var::Tension, w.enforce_tension, Cause::Enforce(n.agreement));
                cx.add(
                    Var::Congress,
                    w.congress_enforce_reward,
                    Cause::Enforce(n.agreement),
                );
                cx.end_agreement(n.agreement, EndReason::Enforced);
                cx.log.news(News::new(
                    NewsKind::UnitedStates,
                    format!(
                        "U.S. enforces agreement {}: sanctions reimposed",
                        n.agreement
                    ),
                ));
            }
            Decision::LookAway => {
                cx.st.tally.ignored += 1;
                cx.add(
                    Var::UsCredibility,
                    -w.lookaway_credibility,
                    Cause::LookAway(n.agreement),
                );
                cx.add(
                    Var::Congress,
                    -w.congress_lookaway_penalty,
                    Cause::LookAway(n.agreement),
                );
                cx.log.news(
                    News::new(
                        NewsKind::UnitedStates,
                        format!(
                            "U.S. lets a violation of agreement {} pass without a response",
                            n.agreement
                        ),
                    )
                    .tone(Tone::Bad),
                );
            }
        }
    }

    // 2. Agreements the U.S. breaks.
    for &id in &orders.breaks {
        if cx.st.agreement(id).is_some_and(Agreement::active) {
            cx.st.tally.us_breaks += 1;
            cx.st.recent.us_breaks.push(now);
            cx.st.mind.belief[Response::KeepsPromises as usize].observe(false);
            cx.add(
                Var::UsCredibility,
                -w.broken_promise_credibility,
                Cause::UsBreak(id),
            );
            cx.add(Var::Tension, w.us_break_tension, Cause::UsBreak(id));
            cx.end_agreement(id, EndReason::UsBroke);
            cx.log.news(News::new(
                NewsKind::Agreement,
                format!("The U.S. withdraws from agreement {id}"),
            ));
        }
    }

    // 3. Pyongyang's counter-offer.
    if let Some(counter) = cx.st.counter.take()
        && orders.accept_counter
    {
        let cost = gives_cost(cx.rules, &counter.gives);
        if cx.st.vars[Var::Budget] >= cost {
            cx.add(Var::Budget, -cost, Cause::Escrow);
            let id = form_agreement(cx, &counter, cost);
            cx.log.news(
                News::new(
                    NewsKind::Agreement,
                    format!(
                        "The U.S. accepts {opp}'s counter-offer: agreement {id}",
                        opp = cx.opp()
                    ),
                )
                .tone(Tone::Good),
            );
        }
    }

    // 4. U.S. actions.
    for &(ix, target) in &orders.actions {
        let Some(action) = cx.rules.actions.get(ix as usize) else {
            continue;
        };
        cx.st.recent.us.push((now, ix));
        if action.cost != 0 {
            cx.add(Var::Budget, -action.cost, Cause::UsAction(ix));
            cx.st.tally.spent += action.cost;
        }
        let effects = action.effects.clone();
        cx.apply(&effects, Cause::UsAction(ix), target);
        if action.is_concession() {
            cx.account_concession(false);
        }
        if action.is_pressure() {
            cx.st.recent.pressure.push(now);
        }
    }

    // 5. A new offer on the table.
    if let Some(offer) = &orders.offer {
        if let Some(old) = cx.st.offer.take() {
            cx.add(Var::Budget, old.escrow, Cause::Escrow);
        }
        let cost = gives_cost(cx.rules, &offer.gives);
        cx.add(Var::Budget, -cost, Cause::Escrow);
        cx.st.offer = Some(OpenOffer {
            offer: offer.clone(),
            made: now,
            stalls: 0,
            escrow: cost,
        });
    }

    // 6. Pyongyang learns how the U.S. responds.
    learn(cx, orders);
}

/// Pyongyang's opponent model: what the U.S. did this round after what Pyongyang did last round.
fn learn(cx: &mut Ctx, orders: &UsOrders) {
    let now = cx.round();
    for &(ix, _) in &orders.actions {
        if let Some(c) = cx.st.mind.us_counts.get_mut(ix as usize) {
            *c += 1;
        }
    }
    if now <= 1 {
        return;
    }
    let prev = now - 1;
    let conceded = orders.actions.iter().any(|&(ix, _)| {
        cx.rules
            .actions
            .get(ix as usize)
            .is_some_and(|a| a.is_concession())
    }) || orders.accept_counter
        || orders
            .offer
            .as_ref()
            .is_some_and(|o| o.sequencing == Sequencing::RewardFirst);
    let pressured = orders.actions.iter().any(|&(ix, _)| {
        cx.rules
            .actions
            .get(ix as usize)
            .is_some_and(|a| a.is_pressure())
    });
    let punished = pressured
        || orders
            .decisions
            .iter()
            .any(|(_, d)| *d == Decision::Enforce);
    let r = &cx.st.recent;
    let provoked = r.provocations.contains(&prev);
    let stepped = r.verified.contains(&prev);
    let violated = r.violations_seen.contains(&prev);
    let stalled = r.stalls.contains(&prev);
    let stepped_rewarded = stepped && (conceded || r.concessions.contains(&prev));
    let m = &mut cx.st.mind;
    if provoked {
        m.observe(Response::ConcedeAfterProvocation, conceded);
        m.observe(Response::PunishAfterProvocation, pressured);
    }
    if stepped {
        m.observe(Response::RewardAfterStep, stepped_rewarded);
    }
    if violated {
        m.observe(Response::PunishAfterViolation, punished);
    }
    if stalled {
        m.observe(Response::ConcedeAfterStall, conceded);
    }
    if !(provoked || stepped || violated || stalled) {
        m.observe(Response::ConcedeUnprompted, conceded);
        m.observe(Response::PressureUnprompted, pressured);
    }
}

/// Forms an agreement from an accepted offer; returns its id.
fn form_agreement(cx: &mut Ctx, offer: &Offer, escrow: i32) -> u32 {
    let now = cx.round();
    let id = cx.st.next_agreement;
    cx.st.next_agreement += 1;
    let names: Vec<String> = offer.asks.iter().map(|&s| cx.rules.step_label(s)).collect();
    let deadline = offer
        .deadline
        .map(|d| now + d.max(1))
        .or(Some(now + default_deadline(offer.sequencing)));
    cx.st.agreements.push(Agreement {
        id,
        name: names.join(" + "),
        gives: offer.gives.clone(),
        obligations: offer.asks.iter().map(|&s| fresh_obligation(s)).collect(),
        sequencing: offer.sequencing,
        deadline,
        since: now,
        delivered: false,
        escrow,
        template: None,
        ended: None,
    });
    for &s in &offer.asks {
        cx.begin_step(s, id);
    }
    if offer.sequencing != Sequencing::StepFirst {
        let reciprocated = offer.sequencing == Sequencing::Simultaneous;
        cx.deliver(id, reciprocated);
    }
    id
}

/// Rounds allowed for one-off steps when an offer names no deadline.
pub fn default_deadline(seq: Sequencing) -> u32 {
    match seq {
        Sequencing::RewardFirst => 3,
        Sequencing::Simultaneous => 1,
        Sequencing::StepFirst => 3,
    }
}

/// Which of Pyongyang's three tracks a move belongs to (one move per track per round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    Talks,
    Public,
    Covert,
}

/// The track of a move.
pub fn track(m: MoveKind) -> Track {
    match m {
        MoveKind::PromiseTalks
        | MoveKind::AttendTalks
        | MoveKind::BreakPromise
        | MoveKind::WalkOut => Track::Talks,
        MoveKind::CovertNuclear | MoveKind::ProliferationSale => Track::Covert,
        _ => Track::Public,
    }
}

/// Whether Pyongyang may make a move now.
pub fn move_allowed(rules: &Rules, st: &State, m: MoveKind) -> bool {
    let def = rules.mv(m);
    def.enabled && holds(&def.requires, rules, st)
}

/// Phase B: Pyongyang moves and the world turns (steps 7–17).
pub fn resolve_pyongyang(cx: &mut Ctx, d: &DprkOrders) {
    answer_offer(cx, d);
    answer_monitors(cx, d);
    let mut seen_tracks: Vec<Track> = Vec::new();
    for &m in &d.moves {
        let t = track(m);
        if m == MoveKind::Hold || seen_tracks.contains(&t) {
            continue;
        }
        seen_tracks.push(t);
        if move_allowed(cx.rules, cx.st, m) {
            make_move(cx, m);
        } else {
            cx.log
                .hidden(|| format!("move refused by the rules: {}", m.id()));
        }
        if cx.st.outcome.is_some() {
            break;
        }
    }
    expire_talks(cx);
    owed_steps(cx, d);
    inspections(cx, d);
    verify_agreements(cx);
    aid_arrives(cx, d.divert);
    drift(cx);
    events(cx);
    if cx.track_intel {
        update_intel(cx);
    }
    let st = &mut *cx.st;
    st.tally.tension_sum += i64::from(st.vars[Var::Tension]);
    st.tally.famine_sum += i64::from(st.vars[Var::Humanitarian]);
    st.tally.rounds += 1;
    outcome_test(cx);
    let st = &mut *cx.st;
    st.interdicting = false;
    st.intel.looked = [false; 8];
    if st.outcome.is_none() {
        st.round += 1;
        let r = st.round;
        st.recent.prune(r);
    }
}

fn answer_offer(cx: &mut Ctx, d: &DprkOrders) {
    let now = cx.round();
    let Some(open) = cx.st.offer.take() else {
        return;
    };
    let answer = d.answer.clone().unwrap_or(Answer::Stall);
    match answer {
        Answer::Accept => {
            let id = form_agreement(cx, &open.offer, open.escrow);
            cx.log.news(
                News::new(
                    NewsKind::Answer,
                    format!("{opp} accepts the offer: agreement {id}", opp = cx.opp()),
                )
                .tone(Tone::Good)
                .body(format!("{}.", describe_offer(cx.rules, &open.offer))),
            );
        }
        Answer::Counter(counter) => {
            cx.add(Var::Budget, open.escrow, Cause::Escrow);
            cx.st.recent.stalls.push(now);
            cx.log.news(
                News::new(
                    NewsKind::Answer,
                    format!("{} makes a counter-offer", cx.opp()),
                )
                .body(format!(
                    "{}. You can accept it next round, or let it lapse.",
                    describe_offer(cx.rules, &counter)
                )),
            );
            cx.st.counter = Some(counter);
        }
        Answer::Stall => {
            cx.st.recent.stalls.push(now);
            let stalls = open.stalls + 1;
            let expired = open.offer.deadline.is_some_and(|dl| now >= open.made + dl);
            if stalls >= MAX_STALLS || expired {
                cx.add(Var::Budget, open.escrow, Cause::Escrow);
                cx.log.news(News::new(
                    NewsKind::Answer,
                    format!("The offer lapses: {} never gave an answer", cx.opp()),
                ));
            } else {
                cx.log.news(
                    News::new(
                        NewsKind::Answer,
                        format!("{} stalls on the offer", cx.opp()),
                    )
                    .body("Its envoys ask for time and hint that more would help."),
                );
                cx.st.offer = Some(OpenOffer { stalls, ..open });
            }
        }
        Answer::Reject => {
            cx.add(Var::Budget, open.escrow, Cause::Escrow);
            cx.log.news(
                News::new(NewsKind::Answer, format!("{} rejects the offer", cx.opp()))
                    .tone(Tone::Bad),
            );
        }
    }
}

/// The effects of an action in words, for previews on cards and in the action list.
pub fn describe_effects(rules: &Rules, effects: &[Eff]) -> String {
    let parts: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Eff::Add(v, x) => Some(format!("{} {:+}", rules.label(*v), x)),
            Eff::Set(v, x) => Some(format!("{} = {x}", rules.label(*v))),
            Eff::FoodAid { value, monitored } => Some(format!(
                "${value}M of food{}",
                if *monitored {
                    " with monitors, next month"
                } else {
                    ", no monitors, this month"
                }
            )),
            Eff::DemandInspection => Some("demand access to a site".into()),
            Eff::Surveil => Some("an accurate look at one estimate".into()),
            Eff::RequestMonitors => Some("ask for aid monitors".into()),
            Eff::ProposeTalks => Some("propose talks".into()),
            Eff::ThreatenStrike => Some("a threat you must keep".into()),
            Eff::Strike => Some("strike a site".into()),
            Eff::Interdict => Some("search ships this month".into()),
            Eff::SuspendAid => Some("halt aid in transit".into()),
            Eff::Leak(s) => rules
                .sites
                .get(*s as usize)
                .map(|x| format!("a leak about {}", x.name)),
            _ => None,
        })
        .collect();
    parts.join(", ")
}

/// An action and its target in words: "Demand inspection → Kumchang-ri".
pub fn describe_action(rules: &Rules, ix: ActionIx, t: &Target) -> Option<String> {
    let a = rules.actions.get(ix as usize)?;
    let target = match t {
        Target::Site(x) => rules
            .sites
            .get(*x as usize)
            .map(|s| format!(" → {}", s.name))
            .unwrap_or_default(),
        Target::Var(v) => format!(" → {}", rules.label(*v)),
        Target::None => String::new(),
    };
    Some(format!("{}{target}", a.name))
}

/// The player's orders of the round in words.
pub fn describe_orders(rules: &Rules, us: &crate::sim::orders::UsOrders) -> Vec<String> {
    let mut out: Vec<String> = us
        .actions
        .iter()
        .filter_map(|(ix, t)| describe_action(rules, *ix, t))
        .collect();
    if let Some(o) = &us.offer {
        out.push(format!("Offer: {}", describe_offer(rules, o)));
    }
    for (id, d) in &us.decisions {
        out.push(format!("Violation of agreement {id}: {}", d.label()));
    }
    if us.accept_counter {
        out.push(format!("Accepted {}'s counter-offer", rules.opponent));
    }
    for id in &us.breaks {
        out.push(format!("Withdrew from agreement {id}"));
    }
    out
}

/// The offer in words.
pub fn describe_offer(rules: &Rules, o: &Offer) -> String {
    let gives: Vec<&str> = o
        .gives
        .iter()
        .filter_map(|&g| rules.actions.get(g as usize).map(|a| a.name.as_str()))
        .collect();
    let asks: Vec<String> = o.asks.iter().map(|&s| rules.step_label(s)).collect();
    let mut s = format!(
        "Give {} for {} ({})",
        if gives.is_empty() {
            "nothing".to_string()
        } else {
            gives.join(", ")
        },
        if asks.is_empty() {
            "nothing".to_string()
        } else {
            asks.join(", ")
        },
        o.sequencing.id()
    );
    if let Some(dl) = o.deadline {
        s.push_str(&format!(
            ", deadline {dl} round{}",
            if dl == 1 { "" } else { "s" }
        ));
    }
    s
}

fn answer_monitors(cx: &mut Ctx, d: &DprkOrders) {
    if cx.st.monitors != Monitors::Requested {
        return;
    }
    if d.monitors == Some(true) {
        cx.st.monitors = Monitors::Present;
        cx.log.news(
            News::new(
                NewsKind::Answer,
                format!("{} accepts aid monitors", cx.opp()),
            )
            .tone(Tone::Good),
        );
    } else {
        cx.st.monitors = Monitors::Absent;
        cx.st.recent.stalls.push(cx.st.round);
        cx.log.news(
            News::new(
                NewsKind::Answer,
                format!("{} refuses aid monitors", cx.opp()),
            )
            .tone(Tone::Bad),
        );
    }
}

fn make_move(cx: &mut Ctx, m: MoveKind) {
    let now = cx.round();
    let w = cx.rules.weights;
    let def = cx.rules.mv(m);
    cx.st.recent.pyongyang.push((now, m));
    if def.provocation {
        cx.st.tally.provocations += 1;
        cx.st.recent.provocations.push(now);
    }
    if def.public {
        let tone = if def.provocation {
            Tone::Bad
        } else {
            Tone::Neutral
        };
        cx.log.news(
            News::new(NewsKind::Pyongyang, def.name.clone())
                .tone(tone)
                .body(def.description.clone()),
        );
    } else {
        cx.log.hidden(|| format!("round {now}: {}", def.name));
    }
    let effects = def.effects.clone();
    match m {
        MoveKind::CovertNuclear => {
            covert_work(cx, &effects);
            return;
        }
        MoveKind::ProliferationSale => {
            sale(cx, &effects);
            return;
        }
        _ => {}
    }
    cx.apply(&effects, Cause::Move(m), Target::None);
    match m {
        MoveKind::MissileTest => {
            cx.st.tally.missile_tests += 1;
            let ids: Vec<(u32, StepTarget)> = cx
                .st
                .active_agreements()
                .filter_map(|a| {
                    a.obligations
                        .iter()
                        .find(|o| o.step.kind == StepKind::TestMoratorium)
                        .map(|o| (a.id, o.step))
                })
                .collect();
            for (id, step) in ids {
                cx.st.tally.violations += 1;
                cx.notice(
                    id,
                    step,
                    format!("{} tested a missile during the moratorium", cx.opp()),
                );
            }
        }
        MoveKind::PromiseTalks => cx.st.talks = Talks::Promised(now),
        MoveKind::AttendTalks => {
            cx.st.talks = Talks::None;
            let owed: Vec<(u32, usize)> = cx
                .st
                .active_agreements()
                .flat_map(|a| {
                    a.obligations
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.step.kind == StepKind::AttendTalks && !o.done)
                        .map(move |(i, _)| (a.id, i))
                })
                .collect();
            for (id, i) in owed {
                carry_out(cx, id, i);
            }
        }
        MoveKind::BreakPromise => cx.st.talks = Talks::None,
        MoveKind::ExpelMonitors => {
            cx.st.monitors = Monitors::Absent;
            let ids: Vec<(u32, StepTarget)> = cx
                .st
                .active_agreements()
                .filter_map(|a| {
                    a.obligations
                        .iter()
                        .find(|o| o.step.kind == StepKind::AcceptMonitoring)
                        .map(|o| (a.id, o.step))
                })
                .collect();
            for (id, step) in ids {
                cx.st.tally.violations += 1;
                cx.notice(
                    id,
                    step,
                    format!("{} restricted the aid monitors it had accepted", cx.opp()),
                );
            }
        }
        MoveKind::Retaliate => {
            let after_strike = cx.st.unanswered_strike.take().is_some()
                || Recent::within(&cx.st.recent.strikes, now, 1);
            cx.st.unanswered_threat = None;
            if after_strike && cx.rng.percent(w.strike_retaliation_war) {
                cx.log.news(
                    News::new(NewsKind::Pyongyang, "Retaliation escalates into war")
                        .tone(Tone::Bad)
                        .body("Artillery exchanges across the DMZ spiral out of control."),
                );
                cx.st.outcome = Some(OutcomeKind::War);
            }
        }
        MoveKind::DmzBuildup => {
            cx.st.unanswered_threat = None;
        }
        MoveKind::Invade => {
            cx.st.outcome = Some(OutcomeKind::War);
        }
        _ => {}
    }
}

/// Covert nuclear work: at an unfrozen active site if there is one, else at a frozen one (a
/// hidden violation that inspectors, or by chance surveillance, may catch).
fn covert_work(cx: &mut Ctx, effects: &[Eff]) {
    let now = cx.round();
    let w = cx.rules.weights;
    let candidates: Vec<SiteIx> = cx
        .rules
        .sites
        .iter()
        .enumerate()
        .filter(|(i, def)| {
            def.program == Program::Nuclear
                && cx
                    .st
                    .sites
                    .get(*i)
                    .is_some_and(|s| s.truth == Truth::Active)
        })
        .map(|(i, _)| i as SiteIx)
        .collect();
    let free = candidates.iter().copied().find(|&s| !cx.st.frozen(s));
    let site = match free.or_else(|| candidates.first().copied()) {
        Some(s) => s,
        None => return,
    };
    if free.is_some() {
        cx.apply(effects, Cause::Move(MoveKind::CovertNuclear), Target::None);
    } else {
        // Work hidden at a frozen site goes slower (the engagement school's reading of the
        // Agreed Framework freeze): its effects are cut by the ledger's share.
        let keep = 100 - w.freeze_slowdown.clamp(0, 100);
        let slowed: Vec<Eff> = effects
            .iter()
            .map(|e| match *e {
                Eff::Add(v, x) => Eff::Add(v, x * keep / 100),
                ref other => other.clone(),
            })
            .collect();
        cx.apply(&slowed, Cause::Move(MoveKind::CovertNuclear), Target::None);
    }
    let surveilled = Var::Nuclear
        .hidden_index()
        .is_some_and(|i| cx.st.intel.looked[i]);
    if free.is_some() {
        // Surveillance of the programme may catch the work and point at the site.
        if surveilled && cx.rng.percent(w.covert_detection) {
            cx.st.recent.violations_seen.push(now);
            let newly = cx.st.sites.get(site as usize).is_some_and(|s| !s.suspected);
            if let Some(s) = cx.st.sites.get_mut(site as usize) {
                s.suspected = true;
                s.leaked = true;
            }
            if !cx.log.quiet {
                let name = cx
                    .rules
                    .sites
                    .get(site as usize)
                    .map_or("", |s| s.name.as_str());
                cx.log.news(
                    News::new(
                        NewsKind::Intelligence,
                        "Surveillance: signs of covert nuclear work",
                    )
                    .tone(Tone::Bad)
                    .body(if newly {
                        format!("Imagery and intercepts point to a site not on our list: {name}.")
                    } else {
                        format!("Activity is seen at {name}.")
                    })
                    .at_site(site),
                );
            }
        }
        return;
    }
    // A frozen site: a violation.
    cx.st.tally.violations += 1;
    let breach: Vec<(u32, StepTarget, bool)> = cx
        .st
        .active_agreements()
        .filter_map(|a| {
            a.obligations
                .iter()
                .find(|o| o.step.kind == StepKind::Freeze && o.step.site == Some(site))
                .map(|o| (a.id, o.step, cx.inspectors_at(site, a)))
        })
        .collect();
    let name = cx
        .rules
        .sites
        .get(site as usize)
        .map_or("a frozen site", |s| s.name.as_str())
        .to_string();
    cx.log
        .hidden(|| format!("round {now}: covert work at frozen site {name}"));
    for (id, step, inspected) in breach {
        let chance = if inspected {
            w.freeze_detection_inspected
        } else if surveilled {
            w.covert_detection
        } else {
            0
        };
        if cx.rng.percent(chance) {
            cx.notice(
                id,
                step,
                format!("work resumed at {name} despite the freeze"),
            );
        }
    }
}

/// A missile sale: caught by interdiction, detected by intelligence, or unseen.
fn sale(cx: &mut Ctx, effects: &[Eff]) {
    let w = cx.rules.weights;
    cx.st.tally.sales += 1;
    let halted: Vec<(u32, StepTarget)> = cx
        .st
        .active_agreements()
        .filter_map(|a| {
            a.obligations
                .iter()
                .find(|o| o.step.kind == StepKind::HaltExports)
                .map(|o| (a.id, o.step))
        })
        .collect();
    if !halted.is_empty() {
        cx.st.tally.violations += 1;
    }
    if cx.st.interdicting && cx.rng.percent(w.interdiction_success) {
        cx.st.tally.sales_caught += 1;
        cx.add(
            Var::Proliferation,
            1,
            Cause::Move(MoveKind::ProliferationSale),
        );
        cx.add(Var::Tension, 3, Cause::Move(MoveKind::ProliferationSale));
        cx.log.news(
            News::new(NewsKind::Intelligence, "Missile shipment seized at sea")
                .tone(Tone::Good)
                .body("Interdiction stops a cargo of missile parts bound for the Middle East.")
                .at(crate::level::types::Place::YellowSea),
        );
        for (id, step) in halted {
            cx.notice(id, step, "a missile shipment was seized at sea".into());
        }
        return;
    }
    cx.apply(
        effects,
        Cause::Move(MoveKind::ProliferationSale),
        Target::None,
    );
    if cx.rng.percent(w.export_detection) {
        cx.log.news(
            News::new(
                NewsKind::Intelligence,
                "Intelligence: a missile sale went through",
            )
            .tone(Tone::Bad)
            .body("Reports say missiles or parts reached a buyer abroad."),
        );
        for (id, step) in halted {
            cx.notice(id, step, "intelligence found a missile sale".into());
        }
    }
}

fn expire_talks(cx: &mut Ctx) {
    let now = cx.round();
    match cx.st.talks {
        Talks::Proposed(r) if now >= r + TALKS_WINDOW => {
            cx.st.talks = Talks::None;
            cx.st.recent.stalls.push(now);
            cx.log.news(News::new(
                NewsKind::Answer,
                format!("No answer from {} to the proposal of talks", cx.opp()),
            ));
        }
        Talks::Promised(r) if now >= r + TALKS_WINDOW => {
            cx.st.talks = Talks::None;
            cx.st.recent.provocations.push(now);
            cx.st.tally.provocations += 1;
            cx.st.recent.pyongyang.push((now, MoveKind::BreakPromise));
            let effects = cx.rules.mv(MoveKind::BreakPromise).effects.clone();
            cx.apply(&effects, Cause::Move(MoveKind::BreakPromise), Target::None);
            cx.log.news(
                News::new(NewsKind::Pyongyang, "The promised delegation never arrives")
                    .tone(Tone::Bad),
            );
        }
        _ => {}
    }
}

/// Marks a one-off obligation carried out for real and applies the step's effects.
fn carry_out(cx: &mut Ctx, id: u32, i: usize) {
    let Some(a) = cx.st.agreements.iter_mut().find(|a| a.id == id) else {
        return;
    };
    let Some(o) = a.obligations.get_mut(i) else {
        return;
    };
    if o.done {
        return;
    }
    o.done = true;
    o.claimed = true;
    let step = o.step;
    let effects = cx.rules.step(step.kind).effects.clone();
    cx.apply(&effects, Cause::Step(step.kind, id), Target::None);
    cx.log
        .hidden(|| format!("step carried out: {}", step.kind.id()));
    if step.kind == StepKind::AllowInspection
        && let Some(site) = step.site
    {
        let pos = cx.st.inspections.iter().position(|x| x.site == site);
        let evidence = pos.map_or(100, |p| cx.st.inspections[p].evidence);
        if let Some(p) = pos {
            cx.st.inspections.remove(p);
        }
        inspect(cx, site, evidence);
    }
}

fn owed_steps(cx: &mut Ctx, d: &DprkOrders) {
    for &(id, i, choice) in &d.steps {
        let i = i as usize;
        let Some(o) = cx
            .st
            .agreements
            .iter()
            .find(|a| a.id == id && a.active())
            .and_then(|a| a.obligations.get(i))
        else {
            continue;
        };
        if o.step.kind.ongoing() || o.claimed {
            continue;
        }
        match choice {
            StepChoice::Do => carry_out(cx, id, i),
            StepChoice::Fake => {
                // Talks and inspections cannot be faked: they happen in the open.
                if matches!(
                    o.step.kind,
                    StepKind::AttendTalks | StepKind::AllowInspection
                ) {
                    continue;
                }
                let step = o.step;
                if let Some(o) = cx
                    .st
                    .agreements
                    .iter_mut()
                    .find(|a| a.id == id)
                    .and_then(|a| a.obligations.get_mut(i))
                {
                    o.claimed = true;
                }
                cx.log
                    .hidden(|| format!("step claimed but not carried out: {}", step.kind.id()));
            }
            StepChoice::Wait => {}
        }
    }
}

/// Performs an inspection of a site with the evidence left, and reports the finding.
fn inspect(cx: &mut Ctx, site: SiteIx, evidence: i32) {
    let now = cx.round();
    cx.st.tally.inspections += 1;
    let Some(def) = cx.rules.sites.get(site as usize) else {
        return;
    };
    let truth = cx
        .st
        .sites
        .get(site as usize)
        .map_or(Truth::Empty, |s| s.truth);
    let finding = match truth {
        Truth::Active => {
            if cx.rng.percent(evidence.max(10)) {
                Finding::Active
            } else {
                Finding::Inconclusive
            }
        }
        Truth::Empty => Finding::Empty,
        Truth::Cleaned => {
            if cx.rng.percent(evidence / 2) {
                Finding::Traces
            } else {
                Finding::Empty
            }
        }
    };
    if let Some(s) = cx.st.sites.get_mut(site as usize) {
        s.finding = Some((finding, now));
        s.suspected = true;
    }
    let var = match def.program {
        Program::Nuclear => Var::Nuclear,
        Program::Missile => Var::Missile,
    };
    if let Some(i) = var.hidden_index() {
        cx.st.intel.looked[i] = true;
    }
    let name = def.name.clone();
    let body = match finding {
        Finding::Active => {
            "Inspectors find equipment in use and samples that point to ongoing work."
        }
        Finding::Empty => "Inspectors find no sign of work for the programme there.",
        Finding::Traces => "Inspectors find signs that equipment was removed not long ago.",
        Finding::Inconclusive => "Months of delay have left too little to judge.",
    };
    cx.log.news(
        News::new(
            NewsKind::Intelligence,
            if def.declared && finding == Finding::Active {
                format!("Inspection at {name}: in use, as declared")
            } else {
                format!("Inspection at {name}: {}", finding.label())
            },
        )
        .body(body)
        .at_site(site),
    );
    if finding == Finding::Active {
        if !def.declared {
            // Exposed covert work is read by everyone as a violation of the spirit of
            // engagement; work at a declared site (a known launch site) is not news.
            let w = cx.rules.weights;
            cx.st.recent.violations_seen.push(now);
            cx.add(Var::Congress, w.exposure_congress, Cause::Inspection(site));
            cx.add(Var::Tokyo, w.exposure_tokyo, Cause::Inspection(site));
        }
        let breach: Vec<(u32, StepTarget)> = cx
            .st
            .active_agreements()
            .filter_map(|a| {
                a.obligations
                    .iter()
                    .find(|o| o.step.kind == StepKind::Freeze && o.step.site == Some(site))
                    .map(|o| (a.id, o.step))
            })
            .collect();
        for (id, step) in breach {
            cx.notice(
                id,
                step,
                format!("inspectors found work going on at frozen {name}"),
            );
        }
    }
}

fn inspections(cx: &mut Ctx, d: &DprkOrders) {
    let now = cx.round();
    let decay = cx.rules.weights.evidence_decay_per_month * cx.rules.months_per_round as i32;
    let demands = std::mem::take(&mut cx.st.inspections);
    let mut keep = Vec::new();
    for (k, mut ins) in demands.into_iter().enumerate() {
        if ins.since == now && ins.agreed {
            // Agreed this round: it is carried out as a step, not answered as a demand.
            keep.push(ins);
            continue;
        }
        let mut answer = d
            .inspections
            .get(k)
            .copied()
            .unwrap_or(InspectionAnswer::Stall);
        if ins.stalls >= MAX_INSPECTION_STALLS && answer == InspectionAnswer::Stall {
            answer = InspectionAnswer::Refuse;
        }
        let name = cx
            .rules
            .sites
            .get(ins.site as usize)
            .map_or("the site", |s| s.name.as_str())
            .to_string();
        match answer {
            InspectionAnswer::Accept => {
                cx.log.news(
                    News::new(
                        NewsKind::Answer,
                        format!("{opp} opens {name} to inspectors", opp = cx.opp()),
                    )
                    .tone(Tone::Good)
                    .at_site(ins.site),
                );
                inspect(cx, ins.site, ins.evidence);
                // An accepted inspection under an agreement counts as the step carried out.
                mark_inspection_step(cx, ins.site);
            }
            InspectionAnswer::Stall => {
                ins.stalls += 1;
                ins.evidence = (ins.evidence - decay).max(0);
                cx.st.recent.stalls.push(now);
                if ins.evidence == 0
                    && let Some(s) = cx.st.sites.get_mut(ins.site as usize)
                    && s.truth == Truth::Active
                {
                    s.truth = Truth::Cleaned;
                    cx.log
                        .hidden(|| format!("round {now}: {name} cleaned out during the stalling"));
                }
                cx.log.news(
                    News::new(NewsKind::Answer, format!("{opp} stalls on access to {name}", opp = cx.opp()))
                        .body("It asks what the U.S. will give for a visit. Each month of delay lets evidence fade.")
                        .at_site(ins.site),
                );
                keep.push(ins);
            }
            InspectionAnswer::Refuse => {
                cx.st.recent.stalls.push(now);
                let w = cx.rules.weights;
                cx.add(Var::Tension, w.refusal_tension, Cause::Inspection(ins.site));
                cx.add(
                    Var::Congress,
                    -w.refusal_congress,
                    Cause::Inspection(ins.site),
                );
                cx.log.news(
                    News::new(
                        NewsKind::Answer,
                        format!("{opp} refuses inspection of {name}", opp = cx.opp()),
                    )
                    .tone(Tone::Bad)
                    .at_site(ins.site),
                );
                let owed: Vec<(u32, StepTarget)> = cx
                    .st
                    .active_agreements()
                    .filter_map(|a| {
                        a.obligations
                            .iter()
                            .find(|o| {
                                o.step.kind == StepKind::AllowInspection
                                    && o.step.site == Some(ins.site)
                                    && !o.done
                            })
                            .map(|o| (a.id, o.step))
                    })
                    .collect();
                for (id, step) in owed {
                    cx.st.tally.violations += 1;
                    cx.notice(
                        id,
                        step,
                        format!(
                            "{opp} refused the agreed inspection of {name}",
                            opp = cx.opp()
                        ),
                    );
                }
            }
        }
    }
    // Demands added while answering (none today) are kept after the answered ones.
    keep.append(&mut cx.st.inspections);
    cx.st.inspections = keep;
}

fn mark_inspection_step(cx: &mut Ctx, site: SiteIx) {
    for a in cx.st.agreements.iter_mut().filter(|a| a.active()) {
        for o in &mut a.obligations {
            if o.step.kind == StepKind::AllowInspection && o.step.site == Some(site) {
                o.done = true;
                o.claimed = true;
            }
        }
    }
}

/// Whether a claimed one-off step can be checked this round, and by what.
fn verifiable(cx: &Ctx, a: &Agreement, o: &Obligation) -> bool {
    let looked = |v: Var| v.hidden_index().is_some_and(|i| cx.st.intel.looked[i]);
    let inspected = a
        .obligations
        .iter()
        .any(|x| x.step.kind == StepKind::AllowInspection && x.done);
    match o.step.kind {
        StepKind::AttendTalks | StepKind::AllowInspection => true,
        StepKind::PullBackArtillery => looked(Var::Military),
        StepKind::CurtailMissile => inspected || looked(Var::Missile),
        StepKind::CurtailWmd => inspected || looked(Var::Nuclear),
        _ => false,
    }
}

fn verify_agreements(cx: &mut Ctx) {
    let now = cx.round();
    let w = cx.rules.weights;
    let ids: Vec<u32> = cx.st.active_agreements().map(|a| a.id).collect();
    for id in ids {
        let Some(a) = cx.st.agreement(id).cloned() else {
            continue;
        };
        // A step whose violation was detected this round is not verified in the same round.
        let violated_now: Vec<StepTarget> = cx
            .st
            .notices
            .iter()
            .filter(|n| n.agreement == id && n.round == now)
            .map(|n| n.step)
            .collect();
        let mut newly_verified: Vec<usize> = Vec::new();
        let mut fakes: Vec<StepTarget> = Vec::new();
        for (i, o) in a.obligations.iter().enumerate() {
            if o.verified || violated_now.contains(&o.step) {
                continue;
            }
            if o.step.kind.ongoing() {
                let ok = match o.step.kind {
                    StepKind::TestMoratorium => o.kept_rounds >= 1,
                    StepKind::AcceptMonitoring => cx.st.monitors == Monitors::Present,
                    StepKind::Freeze => {
                        o.step.site.is_some_and(|s| cx.inspectors_at(s, &a)) && o.kept_rounds >= 1
                    }
                    StepKind::HaltExports => o.kept_rounds >= 3,
                    _ => false,
                };
                if ok {
                    newly_verified.push(i);
                }
            } else if o.claimed && verifiable(cx, &a, o) {
                if o.done {
                    newly_verified.push(i);
                } else {
                    fakes.push(o.step);
                }
            }
        }
        // Ongoing steps: one more round kept unless a violation was seen this round.
        let violated_now = !violated_now.is_empty();
        if let Some(am) = cx.st.agreements.iter_mut().find(|x| x.id == id) {
            for o in am.obligations.iter_mut().filter(|o| o.step.kind.ongoing()) {
                if !violated_now && a.since < now {
                    o.kept_rounds += 1;
                }
            }
            for &i in &newly_verified {
                if let Some(o) = am.obligations.get_mut(i) {
                    o.verified = true;
                }
            }
        }
        for &i in &newly_verified {
            let step = a.obligations[i].step;
            cx.st.tally.verified_steps += 1;
            if matches!(step.kind, StepKind::CurtailMissile | StepKind::CurtailWmd) {
                cx.st.tally.curtailments += 1;
            }
            cx.st.recent.verified.push(now);
            cx.add(Var::Congress, w.congress_step_reward, Cause::VerifiedStep);
            cx.log.news(
                News::new(
                    NewsKind::Agreement,
                    format!("Verified: {} (agreement {id})", cx.rules.step_label(step)),
                )
                .tone(Tone::Good),
            );
        }
        for step in fakes {
            cx.st.tally.violations += 1;
            let label = cx.rules.step_label(step);
            cx.notice(
                id,
                step,
                format!("verification shows \"{label}\" was claimed but not done"),
            );
        }
        // Step-first rewards are released once every step is verified.
        let all_verified = cx
            .st
            .agreement(id)
            .is_some_and(|a| a.obligations.iter().all(|o| o.verified));
        if all_verified && !a.delivered && a.sequencing == Sequencing::StepFirst {
            cx.deliver(id, true);
            cx.log.news(
                News::new(
                    NewsKind::Agreement,
                    format!("Steps verified: rewards of agreement {id} released"),
                )
                .tone(Tone::Good),
            );
        }
        // Deadlines for one-off steps.
        let Some(a) = cx.st.agreement(id).cloned() else {
            continue;
        };
        if a.active()
            && a.deadline.is_some_and(|dl| now >= dl)
            && let Some(missing) = a
                .obligations
                .iter()
                .find(|o| !o.step.kind.ongoing() && !o.claimed)
        {
            let label = cx.rules.step_label(missing.step);
            if a.sequencing == Sequencing::StepFirst && !a.delivered {
                cx.end_agreement(id, EndReason::Lapsed);
                cx.st.recent.stalls.push(now);
                cx.log.news(News::new(
                    NewsKind::Agreement,
                    format!("Agreement {id} lapses: \"{label}\" not done by the deadline; rewards withheld"),
                ).tone(Tone::Bad));
            } else if !cx.st.notices.iter().any(|n| n.agreement == id) {
                cx.st.tally.violations += 1;
                cx.notice(
                    id,
                    missing.step,
                    format!("the deadline for \"{label}\" passed"),
                );
                if let Some(am) = cx.st.agreements.iter_mut().find(|x| x.id == id) {
                    am.deadline = None;
                }
            }
        }
    }
}

fn aid_arrives(cx: &mut Ctx, divert: bool) {
    let now = cx.round();
    let w = cx.rules.weights;
    let (arriving, later): (Vec<Shipment>, Vec<Shipment>) = std::mem::take(&mut cx.st.shipments)
        .into_iter()
        .partition(|s| s.arrives <= now);
    cx.st.shipments = later;
    for s in arriving {
        let monitored = s.monitored || cx.st.monitors == Monitors::Present;
        let share = if monitored {
            w.monitored_diversion_share
        } else if divert {
            w.aid_diversion_share
        } else {
            0
        };
        if !monitored {
            cx.st.recent.unmonitored_aid.push(now);
        }
        let diverted = s.value * share / 100;
        let reached = s.value - diverted;
        cx.st.tally.aid_reached += reached;
        cx.st.tally.aid_diverted += diverted;
        cx.add(
            Var::Humanitarian,
            -(reached * w.aid_relief_per_10m / 10),
            Cause::AidRelief,
        );
        cx.add(
            Var::Economy,
            reached * w.aid_economy_per_30m / 30,
            Cause::AidRelief,
        );
        if diverted > 0 {
            // Leakage from monitored aid is small and not what refugees report.
            if !monitored {
                cx.st.recent.diversions.push(now);
            }
            cx.add(
                Var::RegimeSecurity,
                diverted * w.diversion_security_per_10m / 10,
                Cause::Diversion,
            );
            cx.add(
                Var::Military,
                diverted * w.diversion_military_per_10m / 10,
                Cause::Diversion,
            );
            cx.log.hidden(|| {
                format!(
                    "round {now}: ${diverted}M of ${}M in food aid diverted",
                    s.value
                )
            });
        }
    }
}

fn drift(cx: &mut Ctx) {
    let now = cx.round();
    let w = cx.rules.weights;
    let init = cx.rules.initial;
    let v = cx.st.vars;
    let tolerance = cx
        .rules
        .types
        .get(cx.st.mind.type_ix as usize)
        .map_or(40, |t| t.opening_tolerance);

    let toward = |target: i32, now: i32, rate: i32| (target - now) * rate / 100;
    cx.add(
        Var::Economy,
        toward(w.economy_baseline, v[Var::Economy], w.economy_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Economy,
        -(v[Var::Sanctions] * w.sanctions_bite / 100),
        Cause::Sanctions,
    );
    cx.add(
        Var::Economy,
        v[Var::Openness] * w.openness_growth / 10,
        Cause::Openness,
    );

    let famine_target = (w.famine_economy_anchor - cx.st.vars[Var::Economy]).clamp(0, 100);
    cx.add(
        Var::Humanitarian,
        toward(famine_target, v[Var::Humanitarian], w.famine_drift_rate),
        Cause::Famine,
    );

    cx.add(
        Var::RegimeSecurity,
        toward(
            w.security_baseline,
            v[Var::RegimeSecurity],
            w.security_drift_rate,
        ),
        Cause::Drift,
    );
    let excess = (v[Var::Openness] - tolerance).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(excess * w.openness_threat / 10),
        Cause::Openness,
    );
    let famine = (v[Var::Humanitarian] - w.famine_unrest_threshold).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(famine * w.famine_unrest / 10),
        Cause::Famine,
    );
    let squeeze = (v[Var::Sanctions] - w.sanctions_squeeze_threshold).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(squeeze * w.sanctions_elite_squeeze / 10),
        Cause::Sanctions,
    );
    if let Some(r) = cx.st.unanswered_strike
        && r < now
    {
        cx.st.unanswered_strike = None;
        cx.add(
            Var::RegimeSecurity,
            -w.unanswered_strike_security,
            Cause::Humiliation,
        );
    }
    if let Some(r) = cx.st.unanswered_threat
        && r < now
    {
        cx.st.unanswered_threat = None;
        cx.add(
            Var::RegimeSecurity,
            -w.unanswered_threat_security,
            Cause::Humiliation,
        );
    }

    cx.add(
        Var::Tension,
        toward(w.tension_baseline, v[Var::Tension], w.tension_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Military,
        toward(init[Var::Military], v[Var::Military], w.military_drift_rate),
        Cause::Drift,
    );
    if cx.st.monitors == Monitors::Present {
        cx.add(Var::Openness, w.monitors_openness, Cause::Monitors);
        for var in [Var::Humanitarian, Var::Economy] {
            if let Some(i) = var.hidden_index() {
                cx.st.intel.looked[i] = true;
            }
        }
    } else if v[Var::Openness] > init[Var::Openness] {
        let decay = w.openness_decay.min(v[Var::Openness] - init[Var::Openness]);
        cx.add(Var::Openness, -decay, Cause::Drift);
    }
    cx.add(
        Var::Congress,
        toward(w.congress_baseline, v[Var::Congress], w.congress_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Seoul,
        toward(init[Var::Seoul], v[Var::Seoul], w.allies_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Tokyo,
        toward(init[Var::Tokyo], v[Var::Tokyo], w.allies_drift_rate),
        Cause::Drift,
    );
    // Upkeep of level agreements in force (deliveries outside the player's budget).
    let upkeep: Vec<(u32, u16)> = cx
        .st
        .active_agreements()
        .filter_map(|a| a.template.map(|t| (a.id, t)))
        .collect();
    for (id, t) in upkeep {
        let rules = cx.rules;
        if let Some(tpl) = rules.agreements.get(t as usize) {
            cx.apply(&tpl.upkeep, Cause::Upkeep(id), Target::None);
        }
    }
    let refill = cx.rules.budget_refill * cx.st.vars[Var::Congress] / 100 * cx.budget_percent / 100;
    cx.add(Var::Budget, refill, Cause::Funding);

    // A threat is kept by a strike; if Pyongyang provoked and no strike came, it is broken.
    if let Some(r) = cx.st.threat_open
        && now >= r + u32::try_from(w.threat_window).unwrap_or(1)
    {
        cx.st.threat_open = None;
        let defied = cx.st.recent.provocations.iter().any(|&p| p > r)
            || cx.st.recent.violations_seen.iter().any(|&p| p > r);
        if defied {
            cx.st.tally.threats_unkept += 1;
            cx.st.mind.belief[Response::StrikeAfterThreat as usize].observe(false);
            cx.add(
                Var::UsCredibility,
                -w.broken_promise_credibility,
                Cause::ThreatUnkept,
            );
        }
    }
}

fn events(cx: &mut Ctx) {
    for (i, ev) in cx.rules.events.iter().enumerate() {
        if ev.once && cx.st.fired.get(i).copied().unwrap_or(false) {
            continue;
        }
        if !holds(&ev.when, cx.rules, cx.st) {
            continue;
        }
        if !cx.rng.percent(ev.chance as i32) {
            continue;
        }
        if let Some(f) = cx.st.fired.get_mut(i) {
            *f = true;
        }
        cx.apply(&ev.effects, Cause::Event(i as u16), Target::None);
        let source = cx
            .rules
            .sources
            .iter()
            .find(|s| s.id == ev.source)
            .map_or_else(|| ev.source.clone(), |s| s.cite.clone());
        cx.log.news(News {
            kind: NewsKind::Event,
            tone: Tone::Neutral,
            headline: ev.headline.clone(),
            body: ev.body.clone(),
            source,
            site: ev.site,
            place: ev.place,
        });
        if cx.st.outcome.is_some() {
            break;
        }
    }
}

/// Updates the player's estimates: a direct look gives the truth within the narrow band; without
/// one, the estimate follows only the changes the U.S. could know of, plus noise, and the band
/// widens. Hidden moves (covert work, diversion) therefore open a gap the band may not cover.
fn update_intel(cx: &mut Ctx) {
    let p = &cx.rules.intel;
    let drift = (p.drift * cx.intel_noise / 100).max(0);
    let mut public = [0i32; 8];
    for c in &cx.log.changes {
        if c.public
            && let Some(i) = c.var.hidden_index()
        {
            public[i] += c.delta;
        }
    }
    cx.st.intel.previous = cx.st.intel.estimate;
    for (i, var) in Var::HIDDEN.into_iter().enumerate() {
        let truth = cx.st.vars[var];
        let intel = &mut cx.st.intel;
        if intel.looked[i] {
            let half = (p.narrow_to / 2).max(0);
            intel.estimate[i] = (truth + cx.rng.range(-half, half)).clamp(0, 100);
            intel.band[i] = p.narrow_to;
        } else {
            let noise = cx.rng.range(-drift, drift);
            intel.estimate[i] = (intel.estimate[i] + public[i] + noise).clamp(0, 100);
            intel.band[i] = (intel.band[i] + p.widen).min(p.max_band);
        }
    }
}

fn outcome_test(cx: &mut Ctx) {
    let rules = cx.rules;
    let o = &rules.outcomes;
    let v = cx.st.vars;
    let t = &mut cx.st.tally;
    if cx.st.outcome.is_none() {
        cx.st.outcome = if v[Var::Tension] >= o.war_tension {
            Some(OutcomeKind::War)
        } else if v[Var::RegimeSecurity] <= o.collapse_security
            || (v[Var::RegimeSecurity] < o.collapse_security + 10
                && cx.rng.percent(
                    (o.collapse_security + 10 - v[Var::RegimeSecurity])
                        * cx.rules.weights.collapse_risk_per_point,
                ))
        {
            Some(OutcomeKind::Collapse)
        } else if v[Var::Nuclear] >= o.breakout_nuclear {
            Some(OutcomeKind::Breakout)
        } else if v[Var::Congress] <= o.mandate_congress {
            Some(OutcomeKind::MandateLost)
        } else {
            let violation_now = cx.st.notices.iter().any(|n| n.round == cx.st.round);
            let peace = !violation_now
                && t.verified_steps >= o.peace_steps
                && (!o.peace_need_curtailment || t.curtailments > 0)
                && v[Var::Normalization] >= o.peace_normalization
                && v[Var::Tension] <= o.peace_tension;
            t.peace_streak = if peace { t.peace_streak + 1 } else { 0 };
            if t.peace_streak >= o.peace_hold {
                Some(OutcomeKind::VerifiedPeace)
            } else if cx.st.round >= cx.rules.rounds {
                Some(OutcomeKind::TermEnded)
            } else {
                None
            }
        };
    }
    if let Some(out) = cx.st.outcome
        && !cx.log.quiet
    {
        cx.log.news(
            News::new(NewsKind::Event, format!("Game over: {}", out.label())).tone(
                if out.is_defeat() {
                    Tone::Bad
                } else if out == OutcomeKind::VerifiedPeace {
                    Tone::Good
                } else {
                    Tone::Neutral
                },
            ),
        );
    }
}
