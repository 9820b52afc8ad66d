//! How Pyongyang weighs an offer, and what its envoys say of it.
//!
//! A deal pays out over rounds — a step kept for a while, checked, then the rewards — so the
//! answer to an offer is scored over the deal's life ([`planner::deal_params`]), not only the
//! planner's usual horizon. After the answer is chosen, [`appraise`] values the offer's parts with the same
//! rollouts and the same dice: each reward with and without it, each step with and without it,
//! the sequencing against payment on delivery, and the offer against stalling and rejecting.
//! From those numbers come the words the player reads (an [`Appraisal`]) and, when the offer falls
//! short but a deal is within reach, a counter-offer: the offer with the rewards Pyongyang values
//! most added (at most the ledger's `counter_extra_rewards`, and no more than the U.S. can pay),
//! a step it prices too high dropped, or — if the ledger's `counter_softens_sequencing` says so —
//! payment on delivery. Pyongyang would take that counter over every answer it could give now, so
//! it is a real proposal: accepting it forms the agreement.

use crate::ai::decision;
use crate::ai::planner::{self, Params, Stats, rollout_value};
use crate::ai::utility::personality;
use crate::sim::orders::{Answer, Appraisal, DprkOrders, Verdict};
use crate::sim::resolve::gives_cost;
use crate::sim::rng::GameRng;
use crate::sim::rules::{ActionIx, Personality, Rules};
use crate::sim::state::{Offer, State};
use crate::sim::vars::Var;
use crate::sim::vocab::{Group, Sequencing};

/// Pyongyang's orders for this round: the planner's, then — when an offer is on the table — its
/// appraisal of the offer with the same dice, the terms it would take instead attached to a stall
/// or turned into a counter-offer with a rejection, and the reasons its envoys give.
pub fn decide_counting(
    rules: &Rules,
    st: &State,
    rng: &mut GameRng,
    params: &Params,
    stats: &mut Stats,
) -> DprkOrders {
    let dice = rng.clone();
    let mut orders = planner::decide_counting(rules, st, rng, params, stats);
    let Some(p) = personality(rules, st) else {
        return orders;
    };
    let deal = planner::deal_params(rules, st, params);
    if let Some((appraisal, counter)) = appraise(rules, st, p, &deal, &dice, &orders, stats) {
        match (&orders.answer, counter) {
            // Rejected, with terms it would take instead: a counter-offer.
            (Some(Answer::Reject), Some(c)) => {
                let counter = Answer::Counter(c);
                let label = counter.label();
                orders.answer = Some(counter);
                if let Some(r) = orders
                    .reasons
                    .iter_mut()
                    .find(|r| r.decision == decision::ANSWER)
                {
                    r.chosen = label.into();
                }
            }
            // Stalled, naming the terms it would take now.
            (Some(Answer::Stall), Some(c)) => orders.counter = Some(c),
            _ => {}
        }
        orders.appraisal = Some(appraisal);
    }
    orders
}

/// Values answers to variants of the offer on the table, all with the same dice.
struct Weigher<'a> {
    rules: &'a Rules,
    st: &'a State,
    p: &'a Personality,
    params: Params,
    dice: &'a GameRng,
    orders: &'a DprkOrders,
    stats: &'a mut Stats,
}

impl Weigher<'_> {
    /// The value of giving `answer` to `offer` (put on the table in place of the real one).
    fn value(&mut self, offer: &Offer, answer: Answer) -> f64 {
        let mut st = self.st.clone();
        if let Some(open) = st.offer.as_mut() {
            open.offer = offer.clone();
            open.escrow = gives_cost(self.rules, &offer.gives);
        }
        let mut orders = self.orders.clone();
        orders.answer = Some(answer);
        orders.counter = None;
        rollout_value(
            self.rules,
            &st,
            self.p,
            &orders,
            &self.params,
            self.dice,
            self.stats,
        )
        .total()
    }

    fn accept(&mut self, offer: &Offer) -> f64 {
        self.value(offer, Answer::Accept)
    }
}

/// What the U.S. could pay for a counter-offer: its budget now and the money set aside for the
/// offer on the table (both public).
fn us_means(st: &State) -> i32 {
    st.vars[Var::Budget] + st.offer.as_ref().map_or(0, |o| o.escrow)
}

/// Rewards that could be added to `offer`: offerable concessions it does not give yet.
fn extras(rules: &Rules, offer: &Offer) -> Vec<ActionIx> {
    rules
        .actions
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            a.offerable && a.group == Group::Concession && !offer.gives.contains(&(*i as u16))
        })
        .map(|(i, _)| i as ActionIx)
        .collect()
}

/// The best single reward to add to `offer` (within the U.S.'s means), with the value of the
/// offer with it accepted.
fn best_addition(w: &mut Weigher, offer: &Offer, means: i32) -> Option<(ActionIx, f64)> {
    let mut best: Option<(ActionIx, f64)> = None;
    for g in extras(w.rules, offer) {
        let mut o = offer.clone();
        o.gives.push(g);
        if gives_cost(w.rules, &o.gives) > means {
            continue;
        }
        let v = w.accept(&o);
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((g, v));
        }
    }
    best
}

/// Greedy: add the reward worth most to Pyongyang, up to `limit` of them, until the deal reaches
/// `target`. Returns the terms reached, their value and the first reward added.
fn sweeten(
    w: &mut Weigher,
    start: &Offer,
    start_value: f64,
    target: f64,
    limit: usize,
    means: i32,
) -> (Offer, f64, Option<ActionIx>) {
    let mut offer = start.clone();
    let mut value = start_value;
    let mut first = None;
    for _ in 0..limit {
        if value >= target {
            break;
        }
        let Some((g, v)) = best_addition(w, &offer, means) else {
            break;
        };
        if v <= value {
            break;
        }
        offer.gives.push(g);
        value = v;
        first.get_or_insert(g);
    }
    (offer, value, first)
}

/// Weighs the offer on the table after the answer in `orders` was chosen: the envoys' reasons
/// and, when the offer falls short of a deal within reach, the counter-offer. `params` are the
/// deal's ([`planner::deal_params`]); `dice` the decision's. Returns nothing when no offer is open.
pub fn appraise(
    rules: &Rules,
    st: &State,
    p: &Personality,
    params: &Params,
    dice: &GameRng,
    orders: &DprkOrders,
    stats: &mut Stats,
) -> Option<(Appraisal, Option<Offer>)> {
    let open = st.offer.as_ref()?;
    let offer = open.offer.clone();
    let mut w = Weigher {
        rules,
        st,
        p,
        params: *params,
        dice,
        orders,
        stats,
    };
    let margin = f64::from(rules.weights.decision_inertia) / 100.0;
    let accept = w.accept(&offer);
    let stall = w.value(&offer, Answer::Stall);
    let reject = w.value(&offer, Answer::Reject);
    let mut a = Appraisal {
        expects_more: stall > reject + margin && stall > accept,
        ..Appraisal::default()
    };
    // Each reward's worth to it: the deal with it against the deal without it.
    if offer.gives.len() > 1 {
        let mut best: Option<(ActionIx, f64)> = None;
        for (k, &g) in offer.gives.iter().enumerate() {
            let mut o = offer.clone();
            o.gives.remove(k);
            let worth = accept - w.accept(&o);
            if best.is_none_or(|(_, b)| worth > b) {
                best = Some((g, worth));
            }
        }
        a.valued_most = best.filter(|&(_, v)| v > 0.0).map(|(g, _)| g);
    }
    // Each step's cost to it: the deal without it against the deal with it.
    let mut costliest: Option<(usize, f64)> = None;
    if offer.asks.len() > 1 {
        for k in 0..offer.asks.len() {
            let mut o = offer.clone();
            o.asks.remove(k);
            let cost = w.accept(&o) - accept;
            if costliest.is_none_or(|(_, c)| cost > c) {
                costliest = Some((k, cost));
            }
        }
    } else if accept < reject {
        costliest = Some((0, reject - accept));
    }
    let alternative = stall.max(reject);
    if accept >= alternative {
        return Some((a, None));
    }
    if let Some((k, cost)) = costliest
        && cost > 0.0
        && accept < reject
    {
        a.too_costly = offer.asks.get(k).copied();
    }
    // Payment on delivery rather than after verification.
    if offer.sequencing.holds_rewards() {
        let mut o = offer.clone();
        o.sequencing = Sequencing::Simultaneous;
        a.sequencing = w.accept(&o) > accept + margin;
    }
    // The counter-offer: the fewest changes that make the deal its best answer.
    let target = alternative + margin;
    let means = us_means(st);
    let limit = usize::try_from(rules.weights.counter_extra_rewards).unwrap_or(0);
    let (mut terms, mut value, first) = sweeten(&mut w, &offer, accept, target, limit, means);
    a.wants = first.or_else(|| best_addition(&mut w, &offer, means).map(|(g, _)| g));
    if value < target
        && offer.asks.len() > 1
        && let Some((k, _)) = costliest
    {
        let mut smaller = offer.clone();
        smaller.asks.remove(k);
        let v = w.accept(&smaller);
        let (t, v, _) = sweeten(&mut w, &smaller, v, target, limit, means);
        if v > value {
            terms = t;
            value = v;
        }
    }
    if value < target && rules.weights.counter_softens_sequencing > 0 && a.sequencing {
        let mut softer = terms.clone();
        softer.sequencing = Sequencing::Simultaneous;
        let v = w.accept(&softer);
        if v > value {
            terms = softer;
            value = v;
        }
    }
    if value >= target && terms != offer {
        a.verdict = Verdict::Short;
        Some((a, Some(terms)))
    } else {
        a.verdict = Verdict::Far;
        Some((a, None))
    }
}
