//! `quid-pro-quo simulate`: automatic playtests of the built-in strategies (and the level's
//! scripted policies) against the AI, on all cores, with a progress bar. The games and the table
//! are the core's (`analysis::playtest`); this adds the terminal.

use crate::analysis::playtest::{self, Balance};
use crate::sim::Difficulty;
use crate::sim::rules::Rules;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;

/// Plays `games` games of each strategy in parallel, with a progress bar on a terminal.
pub fn simulate(
    rules: &Arc<Rules>,
    strategy_ids: &[&str],
    games: u32,
    difficulty: Difficulty,
    seed: u64,
    progress: bool,
) -> Balance {
    let total = strategy_ids.len() as u64 * u64::from(games);
    let bar = if progress {
        let b = ProgressBar::new(total);
        b.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {wide_bar} {pos}/{len} games ({per_sec}, {eta} left)",
        ) {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let b = playtest::run(rules, strategy_ids, games, difficulty, seed, &|| bar.inc(1));
    bar.finish_and_clear();
    b
}
