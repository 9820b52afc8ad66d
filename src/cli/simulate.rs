//! `quid-pro-quo simulate`: automatic playtests of the built-in strategies against the AI, on all
//! cores, with a balance table per strategy. Game k of every strategy uses seed `seed + k`, and
//! results are gathered in that order, so the table is the same whatever the number of threads.

use crate::ai::strategies;
use crate::level::types::OutcomeKind;
use crate::sim::Difficulty;
use crate::sim::rules::Rules;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::fmt::Write;
use std::sync::Arc;

/// What one game gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GameResult {
    pub outcome: OutcomeKind,
    pub score: i32,
    pub rounds: i32,
    pub provocations: i32,
    pub verified_steps: i32,
}

/// The balance of one strategy over its games.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub strategy: String,
    pub games: usize,
    /// Share of games per outcome, in `OutcomeKind::ALL` order.
    pub outcomes: [f64; 6],
    pub score_mean: f64,
    pub score_sd: f64,
    pub rounds_mean: f64,
    pub provocations_mean: f64,
    pub steps_mean: f64,
}

/// The whole balance report.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    pub level_id: String,
    pub difficulty: Difficulty,
    pub seed: u64,
    pub rows: Vec<Row>,
}

/// Plays `games` games of each strategy in parallel.
pub fn simulate(
    rules: &Arc<Rules>,
    strategy_ids: &[&str],
    games: u32,
    difficulty: Difficulty,
    seed: u64,
    progress: bool,
) -> Balance {
    let jobs: Vec<(usize, u32)> = (0..strategy_ids.len())
        .flat_map(|s| (0..games).map(move |k| (s, k)))
        .collect();
    let bar = if progress {
        let b = ProgressBar::new(jobs.len() as u64);
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
    let results: Vec<GameResult> = jobs
        .par_iter()
        .map(|&(s, k)| {
            let id = strategy_ids[s];
            let r = match strategies::by_id(id) {
                Some(mut strat) => {
                    let g = strategies::play(
                        rules.clone(),
                        seed.wrapping_add(u64::from(k)),
                        difficulty,
                        strat.as_mut(),
                    );
                    let t = &g.state().tally;
                    GameResult {
                        outcome: g.over().unwrap_or(OutcomeKind::TermEnded),
                        score: g.score().total,
                        rounds: t.rounds,
                        provocations: t.provocations,
                        verified_steps: t.verified_steps,
                    }
                }
                None => GameResult {
                    outcome: OutcomeKind::TermEnded,
                    score: 0,
                    rounds: 0,
                    provocations: 0,
                    verified_steps: 0,
                },
            };
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let per = games as usize;
    let rows = strategy_ids
        .iter()
        .enumerate()
        .map(|(s, id)| {
            let rs = &results[s * per..(s + 1) * per];
            let n = rs.len().max(1) as f64;
            let mean = |f: &dyn Fn(&GameResult) -> f64| rs.iter().map(f).sum::<f64>() / n;
            let score_mean = mean(&|r| f64::from(r.score));
            let var = mean(&|r| (f64::from(r.score) - score_mean).powi(2));
            let mut outcomes = [0.0; 6];
            for r in rs {
                if let Some(i) = OutcomeKind::ALL.iter().position(|&o| o == r.outcome) {
                    outcomes[i] += 1.0 / n;
                }
            }
            Row {
                strategy: id.to_string(),
                games: rs.len(),
                outcomes,
                score_mean,
                score_sd: var.sqrt(),
                rounds_mean: mean(&|r| f64::from(r.rounds)),
                provocations_mean: mean(&|r| f64::from(r.provocations)),
                steps_mean: mean(&|r| f64::from(r.verified_steps)),
            }
        })
        .collect();
    Balance {
        level_id: rules.id.clone(),
        difficulty,
        seed,
        rows,
    }
}

impl Balance {
    /// Warnings about the level's balance: a dominant strategy, or a victory nobody reaches.
    pub fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        let peace = OutcomeKind::ALL
            .iter()
            .position(|&o| o == OutcomeKind::VerifiedPeace)
            .unwrap_or(4);
        if self.rows.len() > 1 {
            let mut by_score: Vec<&Row> = self.rows.iter().collect();
            by_score.sort_by(|a, b| {
                b.score_mean
                    .partial_cmp(&a.score_mean)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            // Compare with the best strategy of another family (generous quid pro quo is a
            // variant of quid pro quo, not a rival).
            let family = |id: &str| id.trim_start_matches("generous-").to_string();
            let best = by_score.first().copied();
            let next = best.and_then(|b| {
                by_score
                    .iter()
                    .copied()
                    .find(|r| family(&r.strategy) != family(&b.strategy))
            });
            if let (Some(best), Some(next)) = (best, next)
                && best.score_mean - next.score_mean >= 15.0
            {
                out.push(format!(
                    "dominant strategy: {} scores {:.0} on average, {:.0} points above the next best ({}). The level may reward one approach too much.",
                    best.strategy,
                    best.score_mean,
                    best.score_mean - next.score_mean,
                    next.strategy
                ));
            }
        }
        if self.rows.iter().all(|r| r.outcomes[peace] == 0.0) {
            out.push(format!(
                "nobody wins: no strategy reached verified peace in {} games. Check the peace conditions.",
                self.rows.iter().map(|r| r.games).sum::<usize>()
            ));
        }
        out
    }

    /// The table as text.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Balance of {} at {} difficulty, seeds {}..{}:",
            self.level_id,
            self.difficulty,
            self.seed,
            self.seed + self.rows.first().map_or(0, |r| r.games as u64)
        );
        let _ = writeln!(
            s,
            "{:<22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6}",
            "strategy",
            "games",
            "war",
            "clps",
            "brkout",
            "mandat",
            "peace",
            "term",
            "score",
            "±sd",
            "rounds",
            "provs",
            "steps"
        );
        for r in &self.rows {
            let pct = |x: f64| format!("{:.0}%", x * 100.0);
            let _ = writeln!(
                s,
                "{:<22} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6.1} {:>5.1} {:>6.1} {:>6.1} {:>6.1}",
                r.strategy,
                r.games,
                pct(r.outcomes[0]),
                pct(r.outcomes[1]),
                pct(r.outcomes[2]),
                pct(r.outcomes[3]),
                pct(r.outcomes[4]),
                pct(r.outcomes[5]),
                r.score_mean,
                r.score_sd,
                r.rounds_mean,
                r.provocations_mean,
                r.steps_mean
            );
        }
        let _ = writeln!(
            s,
            "(outcome shares: war, collapse, breakout, mandate lost, verified peace, term ended; provs and steps per game)"
        );
        for f in self.flags() {
            let _ = writeln!(s, "warning: {f}");
        }
        s
    }
}
