//! The lookahead planner: Pyongyang scores each option of its decision by Monte Carlo rollouts
//! under the real rules. A rollout plays this round with the option, then several more rounds in
//! which the U.S. is sampled from Pyongyang's opponent model (how the U.S. has answered
//! provocations, steps, violations and stalls so far) and Pyongyang follows a simple default
//! policy; chance events fire from Pyongyang's own dice. The option's score is the discounted
//! utility over the rollout, averaged over rollouts that share their dice across options
//! (common random numbers), so differences come from the option, not from luck.
//!
//! Everything a rollout reads is what Pyongyang could know: its own true state, the public record,
//! its beliefs. The player's intelligence picture and future commands are never read.

use crate::ai::decision::{self, Part};
use crate::ai::utility::{face, personality, value};
use crate::sim::orders::{
    Breakdown, Decision, DprkOrders, InspectionAnswer, StepChoice, Target, UsOrders,
};
use crate::sim::report::Log;
use crate::sim::resolve::{self, Ctx, move_allowed};
use crate::sim::rng::GameRng;
use crate::sim::rules::{ActionIx, Personality, Rules};
use crate::sim::state::{Monitors, Response, State, Talks};
use crate::sim::vocab::{MoveKind, StepKind};

/// How hard Pyongyang thinks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Rounds simulated after this one.
    pub horizon: u32,
    /// Rollouts per option.
    pub rollouts: u32,
    /// Passes of coordinate ascent over the parts of the decision.
    pub passes: u32,
    /// Random jitter added to each option's score (utility points per round).
    pub noise: f64,
}

/// How much the next round counts against this one: from the regime's patience, lengthened by
/// its trust that the U.S. keeps its promises (the engagement school's "shadow of the future",
/// `trust_shadow` in the ledger).
pub fn discount(rules: &Rules, st: &State, p: &Personality) -> f64 {
    let w = &rules.weights;
    let trust = st.mind.p(Response::KeepsPromises) - 0.5;
    let patience = f64::from(p.patience.clamp(0, 100)) + f64::from(w.trust_shadow) * trust * 10.0;
    let patience = patience.clamp(0.0, 100.0) / 100.0;
    (f64::from(w.discount_base) / 100.0 + f64::from(w.discount_patience) / 100.0 * patience)
        .clamp(0.0, 0.95)
}

/// How likely Pyongyang thinks a U.S. response is: what it has seen, blended with the U.S.'s
/// record of keeping its word (U.S. credibility), by the ledger's `credibility_in_beliefs`.
fn expect(rules: &Rules, st: &State, r: Response) -> f64 {
    let k = f64::from(rules.weights.credibility_in_beliefs.clamp(0, 100)) / 100.0;
    let credibility =
        f64::from(st.vars[crate::sim::vars::Var::UsCredibility].clamp(0, 100)) / 100.0;
    (1.0 - k) * st.mind.p(r) + k * credibility
}

/// The U.S. action Pyongyang expects for a kind of response: the one the U.S. has used most, or
/// the cheapest of the kind if it has used none.
fn habitual(rules: &Rules, st: &State, concession: bool) -> Option<ActionIx> {
    let candidates = &rules.habits[usize::from(!concession)];
    let used = candidates
        .iter()
        .map(|&i| (i, st.mind.us_counts.get(i as usize).copied().unwrap_or(0)))
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))
        .map(|(i, _)| i);
    used.or_else(|| {
        candidates
            .iter()
            .copied()
            .min_by_key(|&i| rules.actions.get(i as usize).map_or(i32::MAX, |a| a.cost))
    })
}

/// One round of U.S. behaviour sampled from Pyongyang's opponent model.
pub fn sample_us(rules: &Rules, st: &State, rng: &mut GameRng) -> UsOrders {
    let mut orders = UsOrders::default();
    sample_us_into(rules, st, rng, &mut orders);
    orders
}

/// [`sample_us`] into orders whose buffers are reused (the lookahead's inner loop).
pub fn sample_us_into(rules: &Rules, st: &State, rng: &mut GameRng, orders: &mut UsOrders) {
    orders.actions.clear();
    orders.decisions.clear();
    orders.breaks.clear();
    orders.offer = None;
    orders.accept_counter = false;
    let m = &st.mind;
    let prev = st.round.saturating_sub(1);
    let r = &st.recent;
    let provoked = r.provocations.contains(prev);
    let stepped = r.verified.contains(prev);
    let stalled = r.stalls.contains(prev);
    let chance = |rng: &mut GameRng, p: f64| rng.unit_f64() < p;
    let mut concede = false;
    let mut pressure = false;
    if provoked {
        if chance(rng, m.p(Response::ConcedeAfterProvocation)) {
            concede = true;
        } else if chance(rng, expect(rules, st, Response::PunishAfterProvocation)) {
            pressure = true;
        }
    }
    if stepped && chance(rng, m.p(Response::RewardAfterStep)) {
        concede = true;
    }
    if stalled && chance(rng, m.p(Response::ConcedeAfterStall)) {
        concede = true;
    }
    if !(provoked || stepped || stalled) {
        concede = chance(rng, m.p(Response::ConcedeUnprompted));
        pressure = chance(rng, m.p(Response::PressureUnprompted));
    }
    if concede && let Some(a) = habitual(rules, st, true) {
        orders.actions.push((a, Target::None));
    }
    if pressure && let Some(a) = habitual(rules, st, false) {
        orders.actions.push((a, Target::None));
    }
    for n in &st.notices {
        let d = if chance(rng, expect(rules, st, Response::PunishAfterViolation)) {
            Decision::Enforce
        } else {
            Decision::LookAway
        };
        orders.decisions.push((n.agreement, d));
    }
    // A threat may be carried out against a site the U.S. suspects.
    if st.threat_open.is_some()
        && provoked
        && chance(rng, expect(rules, st, Response::StrikeAfterThreat))
        && let Some(strike) = rules.action_ix("air_strike")
        && let Some(site) = st.sites.iter().position(|s| s.suspected)
    {
        orders.actions.push((strike, Target::Site(site as u16)));
    }
}

/// Pyongyang's default behaviour in the rounds after the one being decided: keep promises that
/// pay, hold its ground on inspections, lean on its habits.
pub fn default_orders(rules: &Rules, st: &State, p: &Personality, rng: &mut GameRng) -> DprkOrders {
    let mut o = DprkOrders::default();
    default_orders_into(rules, st, p, rng, &mut o);
    o
}

/// [`default_orders`] into orders whose buffers are reused (the lookahead's inner loop).
pub fn default_orders_into(
    rules: &Rules,
    st: &State,
    p: &Personality,
    rng: &mut GameRng,
    o: &mut DprkOrders,
) {
    o.answer = st.offer.as_ref().map(|_| crate::sim::orders::Answer::Stall);
    o.inspections.clear();
    o.inspections
        .resize(st.inspections.len(), InspectionAnswer::Stall);
    o.monitors = (st.monitors == Monitors::Requested).then_some(p.opening_fear < 50);
    o.steps.clear();
    o.divert = p.deception >= 40;
    o.moves.clear();
    o.reasons.clear();
    for a in st.active_agreements() {
        let unpaid = a.sequencing.holds_rewards() && !a.delivered;
        for (i, ob) in a.obligations.iter().enumerate() {
            if ob.step.kind.ongoing() || ob.claimed {
                continue;
            }
            let choice = if unpaid || p.deception < 60 {
                StepChoice::Do
            } else {
                StepChoice::Wait
            };
            o.steps.push((a.id, i as u8, choice));
        }
    }
    match st.talks {
        Talks::Promised(_) => o.moves.push(if p.patience >= 50 {
            MoveKind::AttendTalks
        } else {
            MoveKind::BreakPromise
        }),
        Talks::Proposed(_) => o.moves.push(MoveKind::PromiseTalks),
        Talks::None => {}
    }
    let leverage = f64::from(p.face.clamp(0, 100) + p.risk.clamp(0, 100)) / 200.0
        * f64::from(rules.weights.rollout_leverage_rate)
        / 100.0;
    if rng.unit_f64() < leverage {
        let m = if !st.has_agreement(StepKind::TestMoratorium)
            && move_allowed(rules, st, MoveKind::MissileTest)
        {
            MoveKind::MissileTest
        } else {
            MoveKind::DmzBuildup
        };
        o.moves.push(m);
    }
    let free_site = rules.sites.iter().enumerate().any(|(i, def)| {
        def.program == crate::sim::vocab::Program::Nuclear
            && st
                .sites
                .get(i)
                .is_some_and(|s| s.truth == crate::sim::vocab::Truth::Active)
            && !st.frozen(i as u16)
    });
    if free_site && move_allowed(rules, st, MoveKind::CovertNuclear) {
        o.moves.push(MoveKind::CovertNuclear);
    }
    if st.unanswered_threat.is_some() && move_allowed(rules, st, MoveKind::DmzBuildup) {
        o.moves.retain(|&m| m != MoveKind::MissileTest);
        if !o.moves.contains(&MoveKind::DmzBuildup) {
            o.moves.push(MoveKind::DmzBuildup);
        }
    }
}

/// Resolves Pyongyang's half of a round in a rollout.
fn phase_b(rules: &Rules, st: &mut State, orders: &DprkOrders, rng: &mut GameRng, log: &mut Log) {
    resolve::resolve_pyongyang(&mut quiet(rules, st, rng, log), orders);
}

fn phase_a(rules: &Rules, st: &mut State, orders: &UsOrders, rng: &mut GameRng, log: &mut Log) {
    resolve::resolve_us(&mut quiet(rules, st, rng, log), orders);
}

/// A resolution context for rollouts: no intelligence tracking, default noise.
fn quiet<'a>(
    rules: &'a Rules,
    st: &'a mut State,
    rng: &'a mut GameRng,
    log: &'a mut Log,
) -> Ctx<'a> {
    Ctx {
        rules,
        st,
        rng,
        log,
        track_intel: false,
        intel_noise: 100,
        budget_percent: 100,
    }
}

/// The value of a state and the face of the moves that led to it.
fn round_value(rules: &Rules, st: &State, p: &Personality, moves: &[MoveKind]) -> Breakdown {
    let mut b = value(rules, st, p);
    b.face += face(rules, st, moves, p);
    b
}

/// Counts simulated rounds, for benchmarks.
pub struct Stats {
    /// Rounds simulated.
    pub rounds: u64,
}

/// The discounted value of playing `first` this round and the default policy after, averaged
/// over rollouts (per-round units: weights sum to one).
pub fn rollout_value(
    rules: &Rules,
    st: &State,
    p: &Personality,
    first: &DprkOrders,
    params: &Params,
    dice: &GameRng,
    stats: &mut Stats,
) -> Breakdown {
    let gamma = discount(rules, st, p);
    let mut total = Breakdown::default();
    let mut log = Log::quiet();
    let (mut us, mut dp) = (UsOrders::default(), DprkOrders::default());
    // One scratch state, reset from `st` for each rollout without allocating.
    let mut s = st.clone();
    for r in 0..params.rollouts.max(1) {
        let mut rng = dice.fork(r);
        if r > 0 {
            s.clone_from(st);
        }
        log.changes.clear();
        phase_b(rules, &mut s, first, &mut rng, &mut log);
        stats.rounds += 1;
        let mut acc = round_value(rules, &s, p, &first.moves);
        let mut weight = 1.0;
        let mut weights = 1.0;
        for _ in 0..params.horizon {
            weight *= gamma;
            weights += weight;
            if s.outcome.is_some() {
                // The end lasts: its value counts for every remaining round.
                acc.add(&value(rules, &s, p).scaled(weight));
                continue;
            }
            sample_us_into(rules, &s, &mut rng, &mut us);
            phase_a(rules, &mut s, &us, &mut rng, &mut log);
            default_orders_into(rules, &s, p, &mut rng, &mut dp);
            phase_b(rules, &mut s, &dp, &mut rng, &mut log);
            stats.rounds += 1;
            acc.add(&round_value(rules, &s, p, &dp.moves).scaled(weight));
        }
        total.add(&acc.scaled(1.0 / weights));
    }
    total.scaled(1.0 / f64::from(params.rollouts.max(1)))
}

/// The planner's parameters for answering the offer on the table: a deal pays out over rounds
/// (a step kept for a while, checked, then the rewards), so the answer looks as far ahead as the
/// deal lasts ([`deal_rounds`]), at most [`DEAL_HORIZON_MAX`] rounds.
pub fn deal_params(rules: &Rules, st: &State, params: &Params) -> Params {
    let rounds = st
        .offer
        .as_ref()
        .map_or(0, |o| deal_rounds(rules, &o.offer));
    Params {
        horizon: params.horizon.max(rounds.min(DEAL_HORIZON_MAX)),
        ..*params
    }
}

/// The longest an answer to an offer looks ahead, in rounds.
pub const DEAL_HORIZON_MAX: u32 = 8;

/// Rounds until a deal on `offer` has paid out: the deadline for one-off steps, the rounds an
/// ongoing step must be kept, and a round to see the rewards.
pub fn deal_rounds(rules: &Rules, offer: &crate::sim::state::Offer) -> u32 {
    let deadline = offer
        .deadline
        .unwrap_or_else(|| resolve::default_deadline(offer.sequencing));
    let kept = offer
        .asks
        .iter()
        .map(|s| rules.kept_rounds_needed(s.kind))
        .max()
        .unwrap_or(0);
    deadline.max(kept) + 2
}

/// The planner's orders for this round, counting the rounds it simulated: each part of the
/// decision by coordinate ascent over rollouts (the answer to an offer over the deal's life).
/// `ai::negotiation` then adds what the envoys say of the offer.
pub fn decide_counting(
    rules: &Rules,
    st: &State,
    rng: &mut GameRng,
    params: &Params,
    stats: &mut Stats,
) -> DprkOrders {
    let Some(p) = personality(rules, st) else {
        return DprkOrders::default();
    };
    let parts: Vec<Part> = decision::parts(rules, st);
    let deal = deal_params(rules, st, params);
    let stats = std::cell::RefCell::new(stats);
    let score = |o: &DprkOrders, dice: &GameRng, part: &Part| {
        let mut s = stats.borrow_mut();
        let params = if matches!(part, Part::Answer(_)) {
            &deal
        } else {
            params
        };
        rollout_value(rules, st, p, o, params, dice, &mut s)
    };
    decision::coordinate_ascent(rules, st, &parts, rng, params.noise, params.passes, &score)
}
