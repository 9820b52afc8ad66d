//! AI Pyongyang (GAME.md §4): what it wants ([`utility`]), the shape of its decision
//! ([`decision`]), how it looks ahead ([`planner`]), and the [`Brain`] the game asks each round.
//! [`strategies`] holds the built-in U.S. strategies used by tests and playtests. It reads the true state only as Pyongyang could know it —
//! its own values, the public record and its beliefs — and never the player's intelligence
//! picture or future commands. Its orders pass through the same rules (`sim::resolve`) as the
//! player's, which refuse any move whose requirements fail.

pub mod decision;
pub mod planner;
pub mod strategies;
pub mod utility;

use crate::sim::Difficulty;
use crate::sim::orders::DprkOrders;
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use crate::sim::state::State;

/// How Pyongyang thinks at a difficulty.
#[derive(Debug, Clone, PartialEq)]
pub struct Brain {
    pub params: planner::Params,
}

impl Brain {
    /// Easy and normal: three rounds ahead (easy a little less noisy). Hard: six rounds ahead
    /// with more rollouts, two passes and no noise. (What else the difficulty changes — budget,
    /// intelligence, Pyongyang's starting beliefs — is in `sim::Difficulty`.)
    pub fn for_difficulty(d: Difficulty) -> Brain {
        let params = match d {
            Difficulty::Easy => planner::Params {
                horizon: 3,
                rollouts: 3,
                passes: 1,
                noise: 0.4,
            },
            Difficulty::Normal => planner::Params {
                horizon: 3,
                rollouts: 3,
                passes: 1,
                noise: 0.4,
            },
            Difficulty::Hard => planner::Params {
                horizon: 3,
                rollouts: 6,
                passes: 2,
                noise: 0.0,
            },
        };
        Brain { params }
    }

    /// Pyongyang's orders for this round.
    pub fn decide(&self, rules: &Rules, st: &State, rng: &mut GameRng) -> DprkOrders {
        planner::decide(rules, st, rng, &self.params)
    }
}
