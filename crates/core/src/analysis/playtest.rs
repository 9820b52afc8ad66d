//! Automatic playtests: the built-in U.S. strategies (and the level's scripted policies) against
//! the AI, many games each, on all cores, summarised per strategy. Game k of every strategy uses
//! seed `seed + k`, and results are gathered in that order, so the table is the same whatever
//! the number of threads.

use crate::ai::strategies;
use crate::sim::Difficulty;
use crate::sim::game::Game;
use crate::sim::rules::Rules;
use crate::sim::vocab::{MoveKind, OutcomeKind};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;
use std::sync::Arc;

/// What one game gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GameResult {
    /// How it ended (`term_ended` if it ran its course).
    pub outcome: OutcomeKind,
    /// The final score.
    pub score: i32,
    /// Rounds played.
    pub rounds: i32,
    /// Provocations by Pyongyang.
    pub provocations: i32,
    /// Steps the U.S. verified.
    pub verified_steps: i32,
    /// How often Pyongyang made each move (`MoveKind::ALL` order), public or hidden.
    pub moves: Vec<u32>,
    /// U.S. concessions.
    pub concessions: i32,
    /// Violations the U.S. detected.
    pub violations_detected: i32,
    /// Food aid diverted ($M).
    pub aid_diverted: i32,
    /// Verified steps that curtailed a programme.
    pub curtailments: i32,
    /// The true values at the end (`Var::ALL` order).
    pub end: Vec<i32>,
}

impl GameResult {
    /// The statistics of a played game.
    pub fn of(g: &Game) -> GameResult {
        let t = &g.state().tally;
        let mut moves = vec![0u32; g.rules().moves.len()];
        for r in g.reports() {
            for m in &r.moves {
                if let Some(slot) = moves.get_mut(m.index()) {
                    *slot += 1;
                }
            }
        }
        GameResult {
            outcome: g.over().unwrap_or(OutcomeKind::TermEnded),
            score: g.score().total,
            rounds: t.rounds,
            provocations: t.provocations,
            verified_steps: t.verified_steps,
            moves,
            concessions: t.concessions,
            violations_detected: t.violations_detected,
            aid_diverted: t.aid_diverted,
            curtailments: t.curtailments,
            end: g.rules().vars().map(|v| g.state().vars[v]).collect(),
        }
    }
}

/// The balance of one strategy over its games.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The strategy's id.
    pub strategy: String,
    /// Games played.
    pub games: usize,
    /// Share of games per outcome, by outcome id.
    pub outcomes: Vec<(String, f64)>,
    /// Mean score.
    pub score_mean: f64,
    /// Standard deviation of the score.
    pub score_sd: f64,
    /// Mean rounds played.
    pub rounds_mean: f64,
    /// Mean provocations per game.
    pub provocations_mean: f64,
    /// Mean verified steps per game.
    pub steps_mean: f64,
    /// Mean count per game of each of Pyongyang's moves, by move id (hold left out).
    pub moves_mean: Vec<(String, f64)>,
}

impl Row {
    /// Share of games that ended this way.
    pub fn share(&self, o: OutcomeKind) -> f64 {
        self.outcomes
            .iter()
            .find(|(id, _)| id == o.id())
            .map_or(0.0, |(_, x)| *x)
    }

    /// Mean count per game of a move.
    pub fn moves(&self, m: MoveKind) -> f64 {
        self.moves_mean
            .iter()
            .find(|(id, _)| id == m.id())
            .map_or(0.0, |(_, x)| *x)
    }
}

/// The whole balance report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    /// The level played.
    pub level_id: String,
    /// The difficulty played.
    pub difficulty: Difficulty,
    /// The first seed; game k is played with `seed + k`.
    pub seed: u64,
    /// How the level was played beyond its file (assumptions set, length), empty if as written.
    pub variant: String,
    /// One row per strategy.
    pub rows: Vec<Row>,
}

/// Plays one game of a strategy (a built-in id or one of the level's scripts).
pub fn play_one(rules: &Arc<Rules>, id: &str, seed: u64, difficulty: Difficulty) -> Option<Game> {
    let mut strat = strategies::for_level(id, rules)?;
    Some(strategies::play(
        rules.clone(),
        seed,
        difficulty,
        strat.as_mut(),
    ))
}

/// Plays `games` games of each strategy in parallel; `tick` is called after each game.
pub fn run(
    rules: &Arc<Rules>,
    strategy_ids: &[&str],
    games: u32,
    difficulty: Difficulty,
    seed: u64,
    tick: &(dyn Fn() + Sync),
) -> Balance {
    let jobs: Vec<(usize, u32)> = (0..strategy_ids.len())
        .flat_map(|s| (0..games).map(move |k| (s, k)))
        .collect();
    let results: Vec<Option<GameResult>> = jobs
        .par_iter()
        .map(|&(s, k)| {
            let r = play_one(
                rules,
                strategy_ids[s],
                seed.wrapping_add(u64::from(k)),
                difficulty,
            )
            .map(|g| GameResult::of(&g));
            tick();
            r
        })
        .collect();
    let per = games as usize;
    let rows = strategy_ids
        .iter()
        .enumerate()
        .map(|(s, id)| {
            let rs: Vec<&GameResult> = results[s * per..(s + 1) * per].iter().flatten().collect();
            summarise(rules, id, &rs)
        })
        .collect();
    Balance {
        level_id: rules.id.clone(),
        difficulty,
        seed,
        variant: rules.variant.clone(),
        rows,
    }
}

/// The row of one strategy from its games.
pub fn summarise(rules: &Rules, id: &str, rs: &[&GameResult]) -> Row {
    let n = rs.len().max(1) as f64;
    let mean = |f: &dyn Fn(&GameResult) -> f64| rs.iter().map(|r| f(r)).sum::<f64>() / n;
    let score_mean = mean(&|r| f64::from(r.score));
    let var = mean(&|r| (f64::from(r.score) - score_mean).powi(2));
    let outcomes = OutcomeKind::ALL
        .iter()
        .map(|&o| {
            let k = rs.iter().filter(|r| r.outcome == o).count();
            (o.id().to_string(), k as f64 / n)
        })
        .collect();
    let moves_mean = rules
        .moves
        .iter()
        .filter(|m| m.kind != MoveKind::Hold)
        .map(|def| {
            let m = def.kind;
            (
                def.id.clone(),
                mean(&|r| f64::from(r.moves.get(m.index()).copied().unwrap_or(0))),
            )
        })
        .collect();
    Row {
        strategy: id.to_string(),
        games: rs.len(),
        outcomes,
        score_mean,
        score_sd: var.sqrt(),
        rounds_mean: mean(&|r| f64::from(r.rounds)),
        provocations_mean: mean(&|r| f64::from(r.provocations)),
        steps_mean: mean(&|r| f64::from(r.verified_steps)),
        moves_mean,
    }
}

impl Balance {
    /// The row of a strategy.
    pub fn row(&self, strategy: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.strategy == strategy)
    }

    /// What the playtests found about the level, in a teacher's words: a strategy that leads
    /// every other approach by 15 points or more is the level's answer to its question (or, for a
    /// level meant to be open, a sign it rewards one approach).
    pub fn findings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.rows.len() > 1 {
            let mut by_score: Vec<&Row> = self.rows.iter().collect();
            by_score.sort_by(|a, b| {
                b.score_mean
                    .partial_cmp(&a.score_mean)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            // Compare with the best strategy of another family (generous quid pro quo is a
            // variant of quid pro quo, not a rival).
            let family = |id: &str| {
                id.trim_start_matches("generous-")
                    .trim_start_matches("reward-first-")
                    .to_string()
            };
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
                    "{} leads every other approach by {:.0} points ({:.0} on average, against {:.0} for {}, the next best): this is the level's answer to its question, under its assumptions. `quid-pro-quo sensitivity {}` shows which assumptions the answer rests on. A level meant to leave the question open should not show a lead this large.",
                    best.strategy,
                    best.score_mean - next.score_mean,
                    best.score_mean,
                    next.score_mean,
                    next.strategy,
                    self.level_id
                ));
            }
        }
        out
    }

    /// Problems with the level's balance: a victory nobody reaches.
    pub fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self
            .rows
            .iter()
            .all(|r| r.share(OutcomeKind::VerifiedPeace) == 0.0)
        {
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
            "Balance of {} at {} difficulty, seeds {}..{}{}:",
            self.level_id,
            self.difficulty,
            self.seed,
            self.seed + self.rows.first().map_or(0, |r| r.games as u64),
            if self.variant.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.variant)
            }
        );
        let _ = writeln!(
            s,
            "{:<26} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6} {:>6}",
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
            "tests",
            "steps"
        );
        for r in &self.rows {
            let pct = |o: OutcomeKind| format!("{:.0}%", r.share(o) * 100.0);
            let _ = writeln!(
                s,
                "{:<26} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6.1} {:>5.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
                r.strategy,
                r.games,
                pct(OutcomeKind::War),
                pct(OutcomeKind::Collapse),
                pct(OutcomeKind::Breakout),
                pct(OutcomeKind::MandateLost),
                pct(OutcomeKind::VerifiedPeace),
                pct(OutcomeKind::TermEnded),
                r.score_mean,
                r.score_sd,
                r.rounds_mean,
                r.provocations_mean,
                r.moves(MoveKind::MissileTest),
                r.steps_mean
            );
        }
        let _ = writeln!(
            s,
            "(outcome shares: war, collapse, breakout, mandate lost, verified peace, term ended; provocations, missile tests and verified steps per game)"
        );
        for f in self.findings() {
            let _ = writeln!(s, "finding: {f}");
        }
        for f in self.flags() {
            let _ = writeln!(s, "warning: {f}");
        }
        s
    }
}
