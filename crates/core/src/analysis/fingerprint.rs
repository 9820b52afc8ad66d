//! The strategy fingerprint: how the player answered Pyongyang, as conditional response rates,
//! compared with the classic strategies of the iterated prisoner's dilemma.
//!
//! Each round the player either cooperated (made a concession or let a violation pass, and
//! applied no pressure), defected (applied pressure or enforced, and made no concession), or did
//! neither. Pyongyang cooperated in a round when a step of its was verified and it made no public
//! provocation, and defected when it provoked in public or a violation of its was detected. The
//! player's move in the next round is the response — or, for a verified step, a reward released
//! for it at once (a step-first deal answers the step in advance). Three rates describe a
//! reactive strategy:
//!
//! - **a**: cooperation after Pyongyang cooperated, before it ever defected;
//! - **b**: cooperation after Pyongyang defected;
//! - **c**: cooperation after Pyongyang cooperated, once it had defected at least once.
//!
//! Tit for Tat is (1, 0, 1); Generous Tit for Tat (1, ⅓, 1); Always Cooperate (1, 1, 1); Always
//! Defect (0, 0, 0); Grudger (1, 0, 0); Random (½, ½, ½).

use crate::sim::orders::Decision;
use crate::sim::report::RoundReport;
use crate::sim::rules::Rules;
use serde::Serialize;

/// A side's move in one round, as the other side could read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Move {
    Cooperate,
    Defect,
    Neither,
}

impl Move {
    pub fn letter(self) -> char {
        match self {
            Move::Cooperate => 'C',
            Move::Defect => 'D',
            Move::Neither => '·',
        }
    }
}

/// The classic strategies and their rates (a, b, c).
pub const CLASSICS: [(&str, [f64; 3]); 6] = [
    ("Tit for Tat", [1.0, 0.0, 1.0]),
    ("Generous Tit for Tat", [1.0, 1.0 / 3.0, 1.0]),
    ("Always Cooperate", [1.0, 1.0, 1.0]),
    ("Always Defect", [0.0, 0.0, 0.0]),
    ("Grudger", [1.0, 0.0, 0.0]),
    ("Random", [0.5, 0.5, 0.5]),
];

/// Responses needed before a fingerprint is named.
pub const MIN_SAMPLES: u32 = 3;

/// The player's move in a round.
pub fn player_move(rules: &Rules, r: &RoundReport) -> Move {
    let us = &r.us;
    let mut concession = us.accept_counter
        || us
            .offer
            .as_ref()
            .is_some_and(|o| o.sequencing == crate::level::types::Sequencing::RewardFirst)
        || us.decisions.iter().any(|(_, d)| *d == Decision::LookAway);
    let mut pressure = us.decisions.iter().any(|(_, d)| *d == Decision::Enforce);
    for (ix, _) in &us.actions {
        if let Some(a) = rules.actions.get(*ix as usize) {
            concession |= a.is_concession();
            pressure |= a.is_pressure();
        }
    }
    match (concession, pressure) {
        (true, false) => Move::Cooperate,
        (false, true) => Move::Defect,
        _ => Move::Neither,
    }
}

/// Pyongyang's move in a round, as the U.S. could see it.
pub fn pyongyang_move(rules: &Rules, r: &RoundReport) -> Move {
    let provoked = r.public_moves.iter().any(|&m| rules.mv(m).provocation);
    if provoked || r.violations_seen > 0 {
        Move::Defect
    } else if r.verified > 0 {
        Move::Cooperate
    } else {
        Move::Neither
    }
}

/// The player's fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fingerprint {
    /// Rates a, b, c (None where the situation never arose).
    pub rates: [Option<f64>; 3],
    /// How many responses each rate is based on.
    pub samples: [u32; 3],
    /// Distance to each classic strategy, nearest first.
    pub distances: Vec<(&'static str, f64)>,
    /// The nearest classic strategy (two names joined by "or" when they tie), or "not enough
    /// data" when fewer than three responses could be read.
    pub nearest: String,
    /// The player's moves and Pyongyang's, round by round.
    pub player_moves: Vec<Move>,
    pub pyongyang_moves: Vec<Move>,
}

/// Computes the fingerprint from the rounds played.
pub fn fingerprint(rules: &Rules, reports: &[RoundReport]) -> Fingerprint {
    let player: Vec<Move> = reports.iter().map(|r| player_move(rules, r)).collect();
    let dprk: Vec<Move> = reports.iter().map(|r| pyongyang_move(rules, r)).collect();
    let mut coop = [0u32; 3];
    let mut samples = [0u32; 3];
    let mut betrayed = false;
    for t in 0..dprk.len().saturating_sub(1) {
        // A reward released for a step in the same round is the answer to that step.
        let response = if dprk[t] == Move::Cooperate && reports[t].rewards_after_step > 0 {
            Move::Cooperate
        } else {
            player[t + 1]
        };
        let slot = match dprk[t] {
            Move::Cooperate if !betrayed => Some(0),
            Move::Defect => Some(1),
            Move::Cooperate => Some(2),
            Move::Neither => None,
        };
        if dprk[t] == Move::Defect {
            betrayed = true;
        }
        if let Some(k) = slot {
            samples[k] += 1;
            if response == Move::Cooperate {
                coop[k] += 1;
            }
        }
    }
    let rates: [Option<f64>; 3] = std::array::from_fn(|k| {
        (samples[k] > 0).then(|| f64::from(coop[k]) / f64::from(samples[k]))
    });
    let mut distances: Vec<(&'static str, f64)> = CLASSICS
        .iter()
        .map(|(name, profile)| {
            let (sum, n) = rates
                .iter()
                .zip(profile)
                .filter_map(|(r, p)| r.map(|r| (r - p) * (r - p)))
                .fold((0.0, 0u32), |(s, n), d| (s + d, n + 1));
            (
                *name,
                if n == 0 {
                    f64::NAN
                } else {
                    (sum / f64::from(n)).sqrt()
                },
            )
        })
        .collect();
    let enough = samples.iter().sum::<u32>() >= MIN_SAMPLES;
    distances.sort_by(|x, y| x.1.partial_cmp(&y.1).unwrap_or(std::cmp::Ordering::Equal));
    let nearest = match distances.as_slice() {
        [a, b, ..] if enough && (b.1 - a.1).abs() < 0.01 => format!("{} or {}", a.0, b.0),
        [a, ..] if enough => a.0.to_string(),
        _ => "not enough data".to_string(),
    };
    Fingerprint {
        rates,
        samples,
        distances: if enough { distances } else { Vec::new() },
        nearest,
        player_moves: player,
        pyongyang_moves: dprk,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_profiles_are_their_own_nearest() {
        for (name, p) in CLASSICS {
            let nearest = CLASSICS
                .iter()
                .map(|(n, q)| {
                    let d: f64 = p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum();
                    (*n, d)
                })
                .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
                .map(|x| x.0);
            assert_eq!(nearest, Some(name));
        }
    }
}
