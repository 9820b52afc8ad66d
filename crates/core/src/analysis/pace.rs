//! How long a game takes a first-time player, for the length choice on the briefing.
//!
//! The estimate is a reading-and-clicking model, not a stopwatch: each round the player reads
//! the news and the tip (words counted from a game played by the quid-pro-quo strategy) plus a
//! fixed amount of dashboard and report, at [`WORDS_PER_MINUTE`], and spends
//! [`PLANNING_MINUTES`] choosing and clicking. The constants come from timing rounds through the
//! window by hand (README, "How long a game takes").

use crate::ai::strategies::{self, QuidProQuo};
use crate::sim::Difficulty;
use crate::sim::rules::Rules;
use std::sync::Arc;

/// Reading speed of a student reading for understanding (words a minute).
pub const WORDS_PER_MINUTE: f64 = 180.0;
/// Dashboard, goal strip, planned orders and the report's changes, read each round (words).
pub const FIXED_WORDS: f64 = 110.0;
/// Choosing actions and an offer, and clicking, each round (minutes).
pub const PLANNING_MINUTES: f64 = 0.6;

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Estimated minutes per round and for the whole game.
pub fn estimate(rules: &Arc<Rules>) -> (f64, u32) {
    let g = strategies::play(
        rules.clone(),
        1,
        Difficulty::Normal,
        &mut QuidProQuo::default(),
    );
    let played = g.reports().len().max(1);
    let mut read = 0usize;
    for r in g.reports() {
        for n in &r.news {
            read += words(&n.headline) + words(&n.body);
        }
        if let Some(t) = rules.briefing.tips.iter().find(|t| t.round == r.round) {
            read += words(&t.text) + t.window.as_deref().map_or(0, words);
        }
    }
    let per_round =
        PLANNING_MINUTES + (read as f64 / played as f64 + FIXED_WORDS) / WORDS_PER_MINUTE;
    let briefing = words(&rules.briefing.context) as f64 / WORDS_PER_MINUTE + 1.0;
    let total = per_round * f64::from(rules.rounds) + briefing;
    (per_round, total.round() as u32)
}
