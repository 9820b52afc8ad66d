//! The rules of the game (GAME.md §1–3, §5, §6), with no Bevy and no I/O.
//!
//! - [`names`]: a level's own names while its file is parsed (below everything else).
//! - [`vars`]: the sixteen built-in state variables, a level's own, and which are hidden.
//! - [`rules`]: a level compiled for play (indices, not strings).
//! - [`state`]: the true state of a game, Pyongyang's mind and the player's intelligence.
//! - [`orders`]: what each side orders in a round, with Pyongyang's reasons.
//! - [`cond`]: conditions for actions, moves and events.
//! - [`resolve`]: the resolution of a round, in its documented order, one file per phase.
//! - [`describe`]: the rules in words (actions, effects, orders, offers) for every front end.
//! - [`report`]: every change with its cause, news and the hidden record.
//! - [`score`]: outcomes are scored from true values.
//! - [`game`]: a game in progress: commands, checks, rounds, the record's hash.
//! - [`rng`]: the seeded ChaCha8 generator, the only randomness.
//! - [`view`]: what the player may see: values, estimates with bands, sites, agreements.
//! - [`seat`]: each side's chair: the U.S. player's [`seat::UsSeat`] and the opponent's
//!   [`seat::OpponentView`], the only ways a front end or the AI reads a game.

pub mod cond;
pub mod describe;
pub mod game;
pub mod names;
pub mod orders;
pub mod report;
pub mod resolve;
pub mod rng;
pub mod rules;
pub mod score;
pub mod seat;
pub mod state;
pub mod vars;
pub mod view;
pub mod vocab;

pub use game::{Ack, Command, Game, Refusal};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How hard the game is: Pyongyang's foresight and the noise in the player's intelligence.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Difficulty {
    /// A shorter-sighted, more moderate Pyongyang; sharper intelligence; a more patient Congress.
    Easy,
    /// The level as written.
    #[default]
    Normal,
    /// A far-sighted, more aggressive Pyongyang, harder to persuade; noisier intelligence; a less
    /// patient Congress.
    Hard,
}

impl Difficulty {
    /// Easy, normal, hard.
    pub const ALL: &'static [Difficulty] = <Difficulty as strum::VariantArray>::VARIANTS;

    /// The id, as typed on the command line and written in a record (`hard`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The difficulty with this id.
    pub fn from_id(s: &str) -> Option<Difficulty> {
        s.parse().ok()
    }

    /// Intelligence noise in percent of the level's setting.
    pub fn intel_noise(self) -> i32 {
        match self {
            Difficulty::Easy => 50,
            Difficulty::Normal => 100,
            Difficulty::Hard => 150,
        }
    }

    /// The U.S. budget (start and refill) in percent of the level's setting.
    pub fn budget_percent(self) -> i32 {
        100
    }

    /// How many times more likely Pyongyang's least aggressive type is drawn on easy, and its
    /// most aggressive type on hard.
    pub fn type_tilt(self) -> u32 {
        match self {
            Difficulty::Normal => 1,
            Difficulty::Easy | Difficulty::Hard => 3,
        }
    }

    /// Points added to Congress's starting support (a patient Congress on easy).
    pub fn congress_shift(self) -> i32 {
        match self {
            Difficulty::Easy => 10,
            Difficulty::Normal => 0,
            Difficulty::Hard => -10,
        }
    }

    /// Points added to Pyongyang's prior that the U.S. pays for provocations, and taken from its
    /// prior that the U.S. keeps its promises: on hard it starts out harder to persuade.
    pub fn prior_shift(self) -> i32 {
        match self {
            Difficulty::Easy => -10,
            Difficulty::Normal => 0,
            Difficulty::Hard => 15,
        }
    }

    /// What the difficulty changes in the rules, in words, after what it changes in the
    /// opponent's search (`ai::difficulty_text` puts the two together for the player).
    pub fn describe(self) -> &'static str {
        match self {
            Difficulty::Easy => {
                "it is more likely its most moderate type and starts out easier to persuade; sharper intelligence; a more patient Congress."
            }
            Difficulty::Normal => "the level as written.",
            Difficulty::Hard => {
                "it is more likely its most aggressive type, starts out convinced the U.S. pays for provocations and doubting its promises; noisier intelligence; a less patient Congress; its reasons stay hidden until the debrief."
            }
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
