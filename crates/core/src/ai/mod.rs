//! AI Pyongyang (GAME.md §4): what it wants ([`utility`]), the shape of its decision
//! ([`decision`]), how it looks ahead ([`planner`]), and the [`Brain`] the game asks each round.
//! [`strategies`] holds the built-in U.S. strategies used by tests and playtests. Pyongyang is
//! handed an [`OpponentView`] — its own values, the public record and its beliefs — and never
//! the player's intelligence picture, the player's pending notices or future commands. Its orders pass through the same rules (`sim::resolve`) as the
//! player's, which refuse any move whose requirements fail.

pub mod decision;
pub mod negotiation;
pub mod planner;
pub mod pyongyang;
pub mod strategies;
pub mod utility;
pub mod washington;

use crate::sim::Difficulty;
use crate::sim::game::{Command, Game, Opponent};
use crate::sim::orders::DprkOrders;
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use crate::sim::state::OpponentView;
use std::sync::Arc;

/// How Pyongyang thinks at a difficulty.
#[derive(Debug, Clone, PartialEq)]
pub struct Brain {
    /// How far it looks ahead and how many futures it samples.
    pub params: planner::Params,
}

/// What a difficulty means for the player, from what it really changes: the opponent's search
/// ([`Brain::describe`]) and the rules ([`Difficulty::describe`]). `opponent` names the other side
/// ("Pyongyang").
pub fn difficulty_text(d: Difficulty, opponent: &str) -> String {
    format!(
        "{opponent} {}; {}",
        Brain::for_difficulty(d).describe(),
        d.describe()
    )
}

impl Brain {
    /// Easy and normal: three rounds ahead, three futures per option, with some noise in its
    /// judgement. Hard: three rounds ahead, six futures per option, two passes and no noise.
    /// (What else the difficulty changes — its type, its starting beliefs, intelligence,
    /// Congress — is in `sim::Difficulty`.)
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

    /// How it searches, in words: "looks 3 rounds ahead, weighing 3 futures per choice, with
    /// some noise in its judgement".
    pub fn describe(&self) -> String {
        let p = &self.params;
        let rounds = if p.horizon == 1 { "round" } else { "rounds" };
        let futures = if p.rollouts == 1 { "future" } else { "futures" };
        let judgement = if p.noise > 0.0 {
            "with some noise in its judgement"
        } else {
            "with no random slips"
        };
        format!(
            "looks {} {rounds} ahead, weighing {} {futures} per choice, {judgement}",
            p.horizon, p.rollouts
        )
    }

    /// Pyongyang's orders for this round, from its view of the game.
    pub fn decide(&self, rules: &Rules, seen: &OpponentView, rng: &mut GameRng) -> DprkOrders {
        negotiation::decide_counting(
            rules,
            seen.world(),
            rng,
            &self.params,
            &mut planner::Stats { rounds: 0 },
        )
    }
}

impl Opponent for Brain {
    fn decide(&self, rules: &Rules, seen: &OpponentView, rng: &mut GameRng) -> DprkOrders {
        Brain::decide(self, rules, seen, rng)
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

#[cfg(test)]
mod difficulty_words {
    use super::*;

    /// What the player reads about a difficulty is made from what it really changes, so the
    /// words cannot drift from the search (they once promised eight rounds of lookahead on hard
    /// while the search looked three ahead).
    #[test]
    fn the_difficulty_text_says_what_the_search_really_does() {
        for &d in Difficulty::ALL {
            let p = Brain::for_difficulty(d).params;
            let t = difficulty_text(d, "Kessel");
            assert!(t.starts_with("Kessel looks "), "{t}");
            assert!(
                t.contains(&format!("looks {} rounds ahead", p.horizon)),
                "{t}"
            );
            assert!(
                t.contains(&format!("weighing {} futures", p.rollouts)),
                "{t}"
            );
            assert_eq!(t.contains("noise in its judgement"), p.noise > 0.0, "{t}");
            assert!(t.ends_with(d.describe()), "{t}");
        }
        assert!(difficulty_text(Difficulty::Hard, "X").contains("reasons stay hidden"));
        assert_ne!(
            difficulty_text(Difficulty::Easy, "X"),
            difficulty_text(Difficulty::Normal, "X")
        );
    }
}
