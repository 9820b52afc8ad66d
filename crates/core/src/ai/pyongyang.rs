//! Built-in policies for the other chair, for playtests and the cross-table (`simulate --cross`):
//! the AI at each difficulty, and four plain archetypes the debate talks about. Like the AI they
//! read only the [`OpponentView`] and give orders the rules check; unlike it they do not weigh
//! anything — each does what its name says, so the table shows what a U.S. strategy does against
//! a known kind of partner.
//!
//! - `cooperator`: keeps its word — accepts offers, lets inspectors and monitors in, does every
//!   step it owes, comes to talks, provokes nothing.
//! - `cheat-and-retreat`: takes the deal and fakes the steps, stalls inspectors where there is
//!   something to hide, works on in secret; after the U.S. presses, it does the steps for real.
//! - `provoke-for-pay`: provokes whenever nothing is on the table, and takes what is offered
//!   (the memo's "military threats for economic gain").
//! - `hard-liner`: refuses every offer and demand, tests and builds up, works on in secret.

use crate::ai::Brain;
use crate::sim::Difficulty;
use crate::sim::game::Opponent;
use crate::sim::orders::{Answer, DprkOrders, InspectionAnswer, StepChoice};
use crate::sim::resolve::move_allowed;
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use crate::sim::state::{Monitors, OpponentView, State, Talks};
use crate::sim::vocab::{MoveKind, Truth};
use std::sync::Arc;

/// The ids of the built-in policies for the other chair, in the order tables show them.
pub const IDS: [&str; 7] = [
    "ai-easy",
    "ai-normal",
    "ai-hard",
    "cooperator",
    "cheat-and-retreat",
    "provoke-for-pay",
    "hard-liner",
];

/// The policy with this id.
pub fn by_id(id: &str) -> Option<Arc<dyn Opponent>> {
    Some(match id {
        "ai-easy" => Arc::new(Brain::for_difficulty(Difficulty::Easy)),
        "ai-normal" => Arc::new(Brain::for_difficulty(Difficulty::Normal)),
        "ai-hard" => Arc::new(Brain::for_difficulty(Difficulty::Hard)),
        "cooperator" => Arc::new(Archetype::Cooperator),
        "cheat-and-retreat" => Arc::new(Archetype::CheatAndRetreat),
        "provoke-for-pay" => Arc::new(Archetype::ProvokeForPay),
        "hard-liner" => Arc::new(Archetype::HardLiner),
        _ => return None,
    })
}

/// A plain policy for the other chair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archetype {
    /// Keeps its word.
    Cooperator,
    /// Fakes its steps until pressed.
    CheatAndRetreat,
    /// Provokes when nothing is on the table, takes what is offered.
    ProvokeForPay,
    /// Refuses everything.
    HardLiner,
}

/// The first of `moves` the rules allow now.
fn first_allowed(rules: &Rules, st: &State, moves: &[MoveKind]) -> Option<MoveKind> {
    moves
        .iter()
        .copied()
        .find(|&m| rules.mv(m).enabled && move_allowed(rules, st, m))
}

impl Opponent for Archetype {
    fn decide(&self, rules: &Rules, seen: &OpponentView, _rng: &mut GameRng) -> DprkOrders {
        let st = seen.world();
        let prev = st.round.saturating_sub(1);
        let pressed = st.recent.pressure.contains(prev);
        let offer = st.offer.is_some();
        let mut o = DprkOrders::default();
        let (answer, inspect, monitors, step) = match self {
            Archetype::Cooperator => (Answer::Accept, None, true, StepChoice::Do),
            Archetype::CheatAndRetreat => (
                Answer::Accept,
                Some(InspectionAnswer::Stall),
                false,
                if pressed {
                    StepChoice::Do
                } else {
                    StepChoice::Fake
                },
            ),
            Archetype::ProvokeForPay => (Answer::Accept, None, false, StepChoice::Do),
            Archetype::HardLiner => (
                Answer::Reject,
                Some(InspectionAnswer::Refuse),
                false,
                StepChoice::Wait,
            ),
        };
        o.answer = offer.then_some(answer);
        // Inspectors are let in where there is nothing to hide (or always, by the cooperator).
        o.inspections = st
            .inspections
            .iter()
            .map(|i| match inspect {
                None => InspectionAnswer::Accept,
                Some(refuse) => {
                    let hides = st
                        .sites
                        .get(i.site as usize)
                        .is_some_and(|s| s.truth == Truth::Active);
                    if hides || *self == Archetype::HardLiner {
                        refuse
                    } else {
                        InspectionAnswer::Accept
                    }
                }
            })
            .collect();
        o.monitors = (st.monitors == Monitors::Requested).then_some(monitors);
        for a in st.active_agreements() {
            for (i, ob) in a.obligations.iter().enumerate() {
                if !ob.step.kind.ongoing() && !ob.claimed {
                    o.steps.push((a.id, i as u8, step));
                }
            }
        }
        let talks = match (self, st.talks) {
            (Archetype::HardLiner, _) | (_, Talks::None) => None,
            (_, Talks::Proposed(_)) => Some(MoveKind::PromiseTalks),
            (_, Talks::Promised(_)) => Some(MoveKind::AttendTalks),
        };
        let public: &[MoveKind] = match self {
            Archetype::Cooperator | Archetype::CheatAndRetreat => &[],
            Archetype::ProvokeForPay if offer => &[],
            Archetype::ProvokeForPay | Archetype::HardLiner => &[
                MoveKind::MissileTest,
                MoveKind::DmzBuildup,
                MoveKind::Provocation,
            ],
        };
        let covert: &[MoveKind] = match self {
            Archetype::CheatAndRetreat | Archetype::HardLiner => &[MoveKind::CovertNuclear],
            _ => &[],
        };
        o.moves = [
            talks,
            first_allowed(rules, st, public),
            first_allowed(rules, st, covert),
        ]
        .into_iter()
        .flatten()
        .filter(|&m| move_allowed(rules, st, m))
        .collect();
        o.divert = matches!(self, Archetype::CheatAndRetreat | Archetype::HardLiner);
        o
    }
}
