//! The cross-table: U.S. strategies against policies for the other chair (`ai::pyongyang`),
//! many games a cell — Axelrod's tournament with both chairs. Each cell has both sides' mean
//! scores (the U.S. score; the other side's `RegimeScore`) and how the games ended.

use crate::ai::{pyongyang, strategies};
use crate::sim::Difficulty;
use crate::sim::game::Game;
use crate::sim::rules::Rules;
use crate::sim::score::RegimeScore;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One cell: a U.S. strategy against a policy of the other chair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The U.S. strategy.
    pub us: String,
    /// The other chair's policy.
    pub them: String,
    /// Games played.
    pub games: u32,
    /// The U.S.'s mean score.
    pub us_mean: f64,
    /// The other side's mean score, from its own chair.
    pub them_mean: f64,
    /// How many games ended each way, by outcome id.
    pub outcomes: BTreeMap<String, u32>,
}

impl Cell {
    /// The most common ending and its share, in percent.
    pub fn usual_end(&self) -> (String, u32) {
        self.outcomes
            .iter()
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse((*id).clone())))
            .map_or((String::new(), 0), |(id, n)| {
                (id.clone(), n * 100 / self.games.max(1))
            })
    }
}

/// Plays `games` games (seeds `seed`, `seed + 1`, …) of every U.S. strategy against every policy
/// of the other chair; an unknown id is an error naming it.
pub fn cross(
    rules: &Arc<Rules>,
    us: &[&str],
    them: &[&str],
    games: u32,
    difficulty: Difficulty,
    seed: u64,
) -> Result<Vec<Cell>, String> {
    for id in us {
        if crate::ai::washington::any(id, rules).is_none() {
            return Err(format!("There is no U.S. strategy `{id}`."));
        }
    }
    for id in them {
        if pyongyang::by_id(id).is_none() {
            return Err(format!(
                "There is no policy `{id}` for the other chair; the built-in ones are {}.",
                pyongyang::IDS.join(", ")
            ));
        }
    }
    let pairs: Vec<(&str, &str)> = us
        .iter()
        .flat_map(|&u| them.iter().map(move |&t| (u, t)))
        .collect();
    Ok(pairs
        .par_iter()
        .map(|&(u, t)| cell(rules, u, t, games, difficulty, seed))
        .collect())
}

fn cell(rules: &Arc<Rules>, us: &str, them: &str, games: u32, d: Difficulty, seed: u64) -> Cell {
    let mut us_sum = 0i64;
    let mut them_sum = 0i64;
    let mut outcomes = BTreeMap::new();
    for k in 0..u64::from(games) {
        let (Some(mut s), Some(opponent)) = (
            crate::ai::washington::any(us, rules),
            pyongyang::by_id(them),
        ) else {
            continue;
        };
        let g = Game::with_opponent(Arc::clone(rules), seed + k, d, opponent);
        let g = strategies::play_game(g, s.as_mut(), u32::MAX);
        us_sum += i64::from(g.score().total);
        them_sum += i64::from(RegimeScore::of(g.state(), rules).total);
        let end = g.over().map_or("unfinished", |o| o.id()).to_string();
        *outcomes.entry(end).or_insert(0) += 1;
    }
    let n = f64::from(games.max(1));
    Cell {
        us: us.to_string(),
        them: them.to_string(),
        games,
        us_mean: us_sum as f64 / n,
        them_mean: them_sum as f64 / n,
        outcomes,
    }
}

/// The cross-table as text: a row per U.S. strategy, a column per policy of the other chair,
/// each cell "U.S. score / other side's score, usual ending and its share".
pub fn table(cells: &[Cell], opponent: &str) -> String {
    let mut us: Vec<&str> = Vec::new();
    let mut them: Vec<&str> = Vec::new();
    for c in cells {
        if !us.contains(&c.us.as_str()) {
            us.push(&c.us);
        }
        if !them.contains(&c.them.as_str()) {
            them.push(&c.them);
        }
    }
    let games = cells.first().map_or(0, |c| c.games);
    let mut s = format!(
        "Mean scores, U.S. / {opponent} (each side's own score, 0–100), and the usual ending, over {games} games a cell.\n\n"
    );
    let width = 26;
    s.push_str(&format!("{:<24}", "U.S. \\ ".to_string() + opponent));
    for t in &them {
        s.push_str(&format!("{t:<width$}"));
    }
    s.push('\n');
    for u in &us {
        let mut line = format!("{u:<24}");
        let mut ends = format!("{:<24}", "");
        for t in &them {
            if let Some(c) = cells.iter().find(|c| c.us == *u && c.them == *t) {
                let (end, share) = c.usual_end();
                line.push_str(&format!(
                    "{:<width$}",
                    format!("{:.0} / {:.0}", c.us_mean, c.them_mean)
                ));
                ends.push_str(&format!("{:<width$}", format!("{end} {share}%")));
            }
        }
        s.push_str(line.trim_end());
        s.push('\n');
        s.push_str(ends.trim_end());
        s.push('\n');
    }
    s
}
