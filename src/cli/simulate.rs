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

/// Runs the sensitivity analysis of a level (a file or a shipped id) on top of `variant`, with a
/// spinner counting settings on a terminal.
pub fn sensitivity(
    level_arg: &str,
    variant: &crate::level::Variant,
    settings: &crate::analysis::sensitivity::Settings,
    progress: bool,
) -> Result<crate::analysis::sensitivity::Sensitivity, String> {
    let bar = if progress {
        let b = ProgressBar::new_spinner();
        b.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos} settings played ({per_sec}, {elapsed})")
        {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };
    let load = |v: &crate::level::Variant| super::resolve_level_with(level_arg, v).map(|l| l.rules);
    let r = crate::analysis::sensitivity::run(&load, variant, settings, &|| bar.inc(1));
    bar.finish_and_clear();
    r
}
