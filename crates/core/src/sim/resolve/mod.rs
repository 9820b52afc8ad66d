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

use crate::sim::cond::holds;
use crate::sim::describe::{describe_appraisal, describe_offer};
use crate::sim::orders::{
    Answer, Decision, DprkOrders, InspectionAnswer, StepChoice, Target, UsOrders,
};
use crate::sim::report::{Cause, Change, CovertAct, Log, News, NewsKind, OfferAnswer, Tone};
use crate::sim::rng::GameRng;
use crate::sim::rules::{ActionIx, Eff, Rules, SiteIx, StepTarget};
use crate::sim::state::{
    Agreement, EndReason, Inspection, Monitors, Notice, Obligation, Offer, OpenOffer, Response,
    Shipment, State, Talks,
};
use crate::sim::vars::{Hidden, Var};
use crate::sim::vocab::{Finding, MoveKind, OutcomeKind, Program, Sequencing, StepKind, Truth};

/// Records a news item unless the log is quiet (the AI's lookahead), without building it then:
/// the wording costs allocations the lookahead does not need.
macro_rules! news {
    ($cx:expr, $n:expr $(,)?) => {
        if !$cx.log.quiet {
            let n = $n;
            $cx.log.news(n);
        }
    };
}

mod agreements;
mod moves;
mod us;
mod world;

use agreements::*;
use moves::*;
pub use moves::{Track, move_allowed, track};
use us::*;
pub use us::{default_deadline, resolve_us};
use world::*;

/// Rounds an offer may be stalled before it lapses.
pub const MAX_STALLS: u32 = 3;
/// Rounds an inspection demand may be stalled before it counts as refused.
pub const MAX_INSPECTION_STALLS: u32 = 4;
/// Rounds a proposal or promise of talks stays open.
pub const TALKS_WINDOW: u32 = 2;

/// The context every rule works in.
pub struct Ctx<'a> {
    /// The level's rules.
    pub rules: &'a Rules,
    /// The state being changed.
    pub st: &'a mut State,
    /// The game's random stream.
    pub rng: &'a mut GameRng,
    /// What the round did, for the report.
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
        &self.rules.names.opponent
    }

    /// Changes a variable, clamped to its range, and records the change with its cause.
    #[inline]
    pub fn add(&mut self, var: Var, delta: i32, cause: Cause) -> i32 {
        if delta == 0 {
            return 0;
        }
        let before = self.st.vars[var];
        let (lo, hi) = self.rules.range(var);
        let after =
            (i64::from(before) + i64::from(delta)).clamp(i64::from(lo), i64::from(hi)) as i32;
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
                if let Some(looked) = self.st.intel.looked.get_mut(v) {
                    *looked = true;
                }
            }
            Eff::Mislead(v, x) => {
                if let Some(e) = self.st.intel.estimate.get_mut(v) {
                    *e = (*e + x).clamp(0, 100);
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
                    && let Some(looked) = self.st.intel.looked.get_mut(v)
                {
                    *looked = true;
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
            self.st.mind.belief[Response::StrikeAfterThreat].observe(true);
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
        if let Some(a) = self.st.agreement_mut(id).filter(|a| a.active()) {
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
            paid: 0,
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
        if !tpl.sequencing.holds_rewards() {
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
        let w = &self.rules.weights;
        let window = u32::try_from(w.reciprocity_window).unwrap_or(0);
        let after_step = reciprocated || self.st.recent.verified.within(now, window);
        if after_step {
            t.concessions_after_step += 1;
            return;
        }
        // The memo's mechanism: a concession that pays for nothing is read, in part, as the U.S.
        // conceding under pressure.
        self.st.mind.belief[Response::ConcedeAfterProvocation]
            .observe_partial(true, f64::from(w.weakness_generalization) / 100.0);
        let t = &mut self.st.tally;
        if self.st.recent.provocations.within(now, 2) {
            t.concessions_after_provocation += 1;
        } else {
            t.concessions_unprompted += 1;
        }
        // Congress reacts once a round to unreciprocated concessions, however many there were.
        if !self.st.recent.unreciprocated.contains(now) {
            self.st.recent.unreciprocated.push(now);
            let penalty = self.rules.weights.congress_unreciprocated_penalty;
            self.add(Var::Congress, -penalty, Cause::Unreciprocated);
        }
    }

    /// Delivers the rewards of an agreement.
    fn deliver(&mut self, id: u32, reciprocated: bool) {
        self.deliver_upto(id, usize::MAX, reciprocated);
    }

    /// Delivers the agreement's rewards, in order, up to the `upto`th (all of them at most): their
    /// effects, and their cost out of the escrow (the rest of it with the last one).
    fn deliver_upto(&mut self, id: u32, upto: usize, reciprocated: bool) {
        let rules = self.rules;
        let Some(a) = self.st.agreement_mut(id) else {
            return;
        };
        if a.delivered {
            return;
        }
        let upto = upto.min(a.gives.len());
        let from = (a.paid as usize).min(upto);
        let gives: Vec<ActionIx> = a.gives[from..upto].to_vec();
        let all = upto == a.gives.len();
        a.paid = upto as u32;
        let spent = if all {
            a.escrow
        } else {
            gives
                .iter()
                .filter_map(|&g| rules.actions.get(g as usize))
                .map(|x| x.cost)
                .sum::<i32>()
                .clamp(0, a.escrow.max(0))
        };
        a.escrow -= spent;
        a.delivered = all;
        self.st.tally.spent += spent;
        for g in gives {
            if let Some(action) = rules.actions.get(g as usize) {
                self.apply(&action.effects, Cause::Reward(g, id), Target::None);
                self.account_concession(reciprocated);
            }
        }
        if all {
            self.st.mind.belief[Response::KeepsPromises].observe(true);
        }
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
            ).us_only().tone(Tone::Bad)
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

/// Records a covert move for the other chair's debrief, with whether the U.S. saw it: news only
/// it reads, a violation it detected, or a shipment seized, during the move.
fn covert_move_seen(cx: &mut Ctx, m: MoveKind, before: (i32, i32, usize)) {
    if cx.log.quiet {
        return;
    }
    let (detected, caught, news) = before;
    let fresh = &cx.log.news[news.min(cx.log.news.len())..];
    let seen = (fresh.iter().any(|n| n.us_only)
        || cx.st.tally.violations_detected > detected
        || cx.st.tally.sales_caught > caught)
        .then(|| {
            fresh
                .iter()
                .find(|n| n.us_only || n.kind == NewsKind::Intelligence)
                .map_or_else(|| "seen".to_string(), |n| n.headline.clone())
        });
    let what = cx.rules.mv(m).name.clone();
    cx.log.covert(|| CovertAct {
        what,
        seen,
        claim: None,
    });
}

/// Phase B: Pyongyang moves and the world turns (steps 7–17).
pub fn resolve_pyongyang(cx: &mut Ctx, d: &DprkOrders) {
    answer_offer(cx, d);
    answer_monitors(cx, d);
    let mut seen_tracks: Vec<Track> = Vec::new();
    for &m in &d.moves {
        let t = track(cx.rules, m);
        if m == MoveKind::Hold || seen_tracks.contains(&t) {
            continue;
        }
        seen_tracks.push(t);
        if move_allowed(cx.rules, cx.st, m) {
            let before = (
                cx.st.tally.violations_detected,
                cx.st.tally.sales_caught,
                cx.log.news.len(),
            );
            make_move(cx, m);
            if !cx.rules.mv(m).public {
                covert_move_seen(cx, m, before);
            }
        } else {
            cx.log.refused_moves += 1;
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
    allies(cx);
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
    st.intel.looked = Hidden::splat(false);
    if st.outcome.is_none() {
        st.round += 1;
        let r = st.round;
        st.recent.prune(r);
    }
}
