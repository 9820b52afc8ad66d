//! The rules of the game (GAME.md §1–3, §5, §6), with no Bevy and no I/O.
//!
//! - [`vars`]: the sixteen state variables and which ones are hidden.
//! - [`rules`]: a level compiled for play (indices, not strings).
//! - [`state`]: the true state of a game, Pyongyang's mind and the player's intelligence.
//! - [`orders`]: what each side orders in a round, with Pyongyang's reasons.
//! - [`cond`]: conditions for actions, moves and events.
//! - [`resolve`]: the resolution of a round, in its documented order.
//! - [`report`]: every change with its cause, news and the hidden record.
//! - [`score`]: outcomes are scored from true values.
//! - [`game`]: a game in progress: commands, checks, rounds, the record's hash.
//! - [`rng`]: the seeded ChaCha8 generator, the only randomness.
//! - [`view`]: what the player may see: values, estimates with bands, sites, agreements.

pub mod cond;
pub mod game;
pub mod orders;
pub mod report;
pub mod resolve;
pub mod rng;
pub mod rules;
pub mod score;
pub mod state;
pub mod vars;
pub mod view;

pub use game::{Ack, Command, Game, Refusal};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How hard the game is: Pyongyang's foresight and the noise in the player's intelligence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    #[default]
    Normal,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard];

    pub fn id(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        }
    }

    pub fn from_id(s: &str) -> Option<Difficulty> {
        Difficulty::ALL.into_iter().find(|d| d.id() == s)
    }

    /// Intelligence noise in percent of the level's setting.
    pub fn intel_noise(self) -> i32 {
        match self {
            Difficulty::Easy => 50,
            Difficulty::Normal => 100,
            Difficulty::Hard => 150,
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
