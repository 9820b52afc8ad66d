//! AI Pyongyang (GAME.md §4): what it wants ([`utility`]), how it decides ([`greedy`]), and the
//! [`Brain`] the game asks each round. It reads the true state only as Pyongyang could know it —
//! its own values, the public record and its beliefs — and never the player's intelligence
//! picture or future commands. Its orders pass through the same rules (`sim::resolve`) as the
//! player's, which refuse any move whose requirements fail.

pub mod greedy;
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
    /// Random jitter added to each option's score before choosing (utility points).
    pub noise: f64,
}

impl Brain {
    pub fn for_difficulty(d: Difficulty) -> Brain {
        let noise = match d {
            Difficulty::Easy => 6.0,
            Difficulty::Normal => 2.0,
            Difficulty::Hard => 0.0,
        };
        Brain { noise }
    }

    /// Pyongyang's orders for this round.
    pub fn decide(&self, rules: &Rules, st: &State, rng: &mut GameRng) -> DprkOrders {
        greedy::decide(rules, st, rng, self.noise)
    }
}
