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
use crate::sim::game::{Command, Game, Opponent};
use crate::sim::orders::DprkOrders;
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use crate::sim::state::State;
use std::sync::Arc;

/// How Pyongyang thinks at a difficulty.
#[derive(Debug, Clone, PartialEq)]
pub struct Brain {
    /// How far it looks ahead and how many futures it samples.
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

impl Opponent for Brain {
    fn decide(&self, rules: &Rules, st: &State, rng: &mut GameRng) -> DprkOrders {
        Brain::decide(self, rules, st, rng)
    }
}

/// Games against the AI. The rules (`sim`) know Pyongyang only as an [`Opponent`]; these
/// constructors, which pick the AI for the difficulty, live here so that `sim` does not depend on
/// the AI.
impl Game {
    /// Starts a game against the AI at `difficulty`.
    pub fn new(rules: Arc<Rules>, seed: u64, difficulty: Difficulty) -> Game {
        Game::with_opponent(
            rules,
            seed,
            difficulty,
            Arc::new(Brain::for_difficulty(difficulty)),
        )
    }

    /// Replays a command log against the AI; refused commands are skipped (a log of a real game
    /// has none).
    pub fn replay(rules: Arc<Rules>, seed: u64, difficulty: Difficulty, log: &[Command]) -> Game {
        let opponent = Arc::new(Brain::for_difficulty(difficulty));
        Game::replay_with(rules, seed, difficulty, opponent, log)
    }
}
