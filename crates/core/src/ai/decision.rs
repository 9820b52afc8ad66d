//! The shape of Pyongyang's decision: its parts (a move on each track, the answer to an offer,
//! each inspection demand, each step owed, monitors, aid diversion), the options of each, and the
//! coordinate ascent that improves one part at a time with a given scoring function (the
//! planner's rollouts).

use crate::sim::orders::{Answer, Breakdown, DprkOrders, InspectionAnswer, Reason, StepChoice};
use crate::sim::resolve::{Track, move_allowed, track};
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use crate::sim::state::{Monitors, State};
use crate::sim::vocab::MoveKind;

/// One part of the decision and its options.
#[derive(Debug, Clone)]
pub enum Part {
    /// Which move to make on a track (or none): the moves it may make there.
    Move(Track, Vec<MoveKind>),
    /// How to answer the offer on the table.
    Answer(Vec<Answer>),
    /// How to answer the inspection demand with this index in `State::inspections`.
    Inspection(usize, Vec<InspectionAnswer>),
    /// What to do about a one-off step owed: agreement id, obligation index, the choices.
    Step(u32, u8, Vec<StepChoice>),
    /// Whether to accept aid monitors.
    Monitors,
    /// Whether to divert unmonitored aid.
    Divert,
}

impl Part {
    /// Whether the U.S. sees the choice made on this part: public moves and talks, answers to
    /// offers, inspections and monitors. Covert moves, whether an owed step is done or faked,
    /// and diversion of aid are hidden from it.
    pub fn observable(&self) -> bool {
        match self {
            Part::Move(t, _) => *t != Track::Covert,
            Part::Answer(_) | Part::Inspection(..) | Part::Monitors => true,
            Part::Step(..) | Part::Divert => false,
        }
    }

    /// How many options there are.
    pub fn options(&self) -> usize {
        match self {
            Part::Move(_, m) => m.len() + 1,
            Part::Answer(a) => a.len(),
            Part::Inspection(_, a) => a.len(),
            Part::Step(_, _, c) => c.len(),
            Part::Monitors | Part::Divert => 2,
        }
    }
}

/// What the decision on the offer on the table is called in its reason.
pub const ANSWER: &str = "answer to the offer";

/// The parts of this round's decision, each with its options; the first option is the default.
pub fn parts(rules: &Rules, st: &State) -> Vec<Part> {
    let mut out = Vec::new();
    for t in [Track::Public, Track::Covert, Track::Talks] {
        let moves: Vec<MoveKind> = rules
            .move_kinds()
            .filter(|&m| m != MoveKind::Hold && track(rules, m) == t && move_allowed(rules, st, m))
            .collect();
        if !moves.is_empty() {
            out.push(Part::Move(t, moves));
        }
    }
    if st.offer.is_some() {
        // A counter-offer is not chosen here: once the answer is chosen, the appraisal of the
        // offer (`ai::negotiation`) names the terms it would take instead, if any.
        out.push(Part::Answer(vec![
            Answer::Stall,
            Answer::Accept,
            Answer::Reject,
        ]));
    }
    for (k, ins) in st.inspections.iter().enumerate() {
        if ins.agreed && ins.since == st.round {
            continue;
        }
        out.push(Part::Inspection(
            k,
            vec![
                InspectionAnswer::Stall,
                InspectionAnswer::Accept,
                InspectionAnswer::Refuse,
            ],
        ));
    }
    for a in st.active_agreements() {
        for (i, o) in a.obligations.iter().enumerate() {
            if o.step.kind.ongoing() || o.claimed {
                continue;
            }
            let mut choices = vec![StepChoice::Wait, StepChoice::Do];
            if !rules.done_in_open(o.step.kind) {
                choices.push(StepChoice::Fake);
            }
            out.push(Part::Step(a.id, i as u8, choices));
        }
    }
    if st.monitors == Monitors::Requested {
        out.push(Part::Monitors);
    }
    if st
        .shipments
        .iter()
        .any(|s| s.arrives <= st.round && !s.monitored)
    {
        out.push(Part::Divert);
    }
    out
}

/// Sets option `o` of a part in the orders.
pub fn set_option(rules: &Rules, orders: &mut DprkOrders, st: &State, part: &Part, o: usize) {
    match part {
        Part::Move(t, moves) => {
            orders.moves.retain(|&m| track(rules, m) != *t);
            if o > 0
                && let Some(&m) = moves.get(o - 1)
            {
                orders.moves.push(m);
            }
        }
        Part::Answer(a) => orders.answer = a.get(o).cloned(),
        Part::Inspection(k, a) => {
            if orders.inspections.len() < st.inspections.len() {
                orders
                    .inspections
                    .resize(st.inspections.len(), InspectionAnswer::Stall);
            }
            if let (Some(slot), Some(&ans)) = (orders.inspections.get_mut(*k), a.get(o)) {
                *slot = ans;
            }
        }
        Part::Step(id, i, c) => {
            orders.steps.retain(|(x, y, _)| !(x == id && y == i));
            if let Some(&ch) = c.get(o) {
                orders.steps.push((*id, *i, ch));
            }
        }
        Part::Monitors => orders.monitors = Some(o == 1),
        Part::Divert => orders.divert = o == 0,
    }
}

/// The label of option `o` of a part.
pub fn option_label(rules: &Rules, st: &State, part: &Part, o: usize) -> (String, String) {
    match part {
        Part::Move(t, moves) => {
            let what = match t {
                Track::Public => "move",
                Track::Covert => "covert move",
                Track::Talks => "talks",
            };
            let label = if o == 0 {
                "nothing".to_string()
            } else {
                moves
                    .get(o - 1)
                    .map_or("?".into(), |&m| rules.mv(m).name.clone())
            };
            (what.into(), label)
        }
        Part::Answer(a) => (
            ANSWER.into(),
            a.get(o).map_or("?", |x| x.label()).to_string(),
        ),
        Part::Inspection(k, a) => {
            let site = st
                .inspections
                .get(*k)
                .and_then(|i| rules.sites.get(i.site as usize))
                .map_or("a site", |s| s.name.as_str());
            (
                format!("inspection of {site}"),
                a.get(o).map_or("?", |x| x.label()).to_string(),
            )
        }
        Part::Step(id, i, c) => {
            let step = st
                .agreement(*id)
                .and_then(|a| a.obligations.get(*i as usize))
                .map_or("a step".into(), |ob| rules.step_label(ob.step));
            let choice = match c.get(o) {
                Some(StepChoice::Do) => "carry it out",
                Some(StepChoice::Fake) => "claim it without doing it",
                _ => "wait",
            };
            (format!("{step} (agreement {id})"), choice.into())
        }
        Part::Monitors => (
            "aid monitors".into(),
            if o == 1 { "accept" } else { "refuse" }.into(),
        ),
        Part::Divert => (
            "unmonitored aid".into(),
            if o == 0 {
                "divert a share"
            } else {
                "let it all through"
            }
            .into(),
        ),
    }
}

/// Chooses orders part by part: each part takes the option with the best score (plus `noise` of
/// random jitter), for up to `passes` passes. Every option of a part is scored with the same
/// dice; `score` is told which part it scores (the answer to an offer looks further ahead).
/// Returns the orders with a reason for each part.
pub fn coordinate_ascent(
    rules: &Rules,
    st: &State,
    parts: &[Part],
    rng: &mut GameRng,
    noise: f64,
    passes: u32,
    score: &dyn Fn(&DprkOrders, &GameRng, &Part) -> Breakdown,
) -> DprkOrders {
    let mut orders = DprkOrders {
        inspections: vec![InspectionAnswer::Stall; st.inspections.len()],
        divert: true,
        ..DprkOrders::default()
    };
    for part in parts {
        set_option(rules, &mut orders, st, part, 0);
    }
    let dice = rng.clone();
    let mut chosen: Vec<usize> = vec![0; parts.len()];
    let mut tables: Vec<Vec<Breakdown>> = vec![Vec::new(); parts.len()];
    for _pass in 0..passes.max(1) {
        let mut changed = false;
        for (pi, part) in parts.iter().enumerate() {
            let mut table = Vec::with_capacity(part.options());
            let mut best = (f64::NEG_INFINITY, 0usize);
            for o in 0..part.options() {
                let mut trial = orders.clone();
                set_option(rules, &mut trial, st, part, o);
                let b = score(&trial, &dice, part);
                let jitter = if noise > 0.0 {
                    (rng.unit_f64() - 0.5) * 2.0 * noise
                } else {
                    0.0
                };
                // A change from the default must be worth a little: no moves for nothing.
                let inertia = if o == 0 {
                    0.0
                } else {
                    f64::from(rules.weights.decision_inertia) / 100.0
                };
                let s = b.total() + jitter - inertia;
                if s > best.0 {
                    best = (s, o);
                }
                table.push(b);
            }
            if best.1 != chosen[pi] {
                changed = true;
            }
            chosen[pi] = best.1;
            set_option(rules, &mut orders, st, part, best.1);
            tables[pi] = table;
        }
        if !changed {
            break;
        }
    }
    // Reasons: the chosen option against the best rejected one, both relative to the default.
    for (pi, part) in parts.iter().enumerate() {
        let table = &tables[pi];
        let Some(base) = table.first() else {
            continue;
        };
        let c = chosen[pi];
        let rejected = (0..table.len()).filter(|&o| o != c).max_by(|&a, &b| {
            table[a]
                .total()
                .partial_cmp(&table[b].total())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let (decision, chosen_label) = option_label(rules, st, part, c);
        orders.reasons.push(Reason {
            decision,
            chosen: chosen_label,
            chosen_score: table[c].minus(base),
            rejected: rejected.map(|r| (option_label(rules, st, part, r).1, table[r].minus(base))),
            observable: match part {
                // A move is seen when the level makes it public; "nothing" on the covert track
                // would give the covert track away.
                Part::Move(_, moves) if c > 0 => {
                    moves.get(c - 1).is_some_and(|&m| rules.mv(m).public)
                }
                _ => part.observable(),
            },
            chosen_move: match part {
                Part::Move(_, moves) if c > 0 => moves.get(c - 1).copied(),
                _ => None,
            },
        });
    }
    orders
}
