//! The strategy fingerprint: how the player answered Pyongyang, as conditional response rates,
//! compared with the classic strategies of the iterated prisoner's dilemma.
//!
//! **Pyongyang's move** in a round, as the U.S. could see it: it *defected* when it provoked in
//! public or a violation of its was detected, *cooperated* when a step of its was verified, and
//! did neither otherwise.
//!
//! **The player's answer** is read from what the player actually did the next round (or, for a
//! verified step, a reward released for it at once): it *defected* if it applied pressure or
//! enforced a violation; otherwise it *cooperated* if it made a concession, made an offer (of any
//! sequencing: a step-first offer is conditional cooperation), accepted a counter-offer or looked
//! away from a violation; otherwise it did *nothing*. Doing nothing is neither cooperation nor
//! retaliation.
//!
//! Four rates describe a reactive strategy:
//! - **a**: cooperation after Pyongyang cooperated, before it ever defected;
//! - **b**: cooperation after Pyongyang defected;
//! - **d**: retaliation (defection) after Pyongyang defected;
//! - **c**: cooperation after Pyongyang cooperated, once it had defected at least once.
//!
//! The classic strategies, on the same four rates: Tit for Tat (1, 0, 1, 1); Generous Tit for
//! Tat (1, ⅓, ⅔, 1); Always Cooperate (1, 1, 0, 1); Always Defect (0, 0, 1, 0); Grudger (1, 0, 1,
//! 0); Random (½, ½, ½, ½); and Passive — a player who does nothing — (0, 0, 0, 0).

use crate::sim::orders::Decision;
use crate::sim::report::RoundReport;
use crate::sim::rules::Rules;
use serde::Serialize;

/// A side's move in one round, as the other side could read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Move {
    /// Cooperated: a concession (U.S.) or a verified step (Pyongyang).
    Cooperate,
    /// Defected: pressure (U.S.) or a provocation or violation seen (Pyongyang).
    Defect,
    /// Did neither.
    Neither,
}

impl Move {
    /// `C`, `D` or `·`, for the move strings of the debrief.
    pub fn letter(self) -> char {
        match self {
            Move::Cooperate => 'C',
            Move::Defect => 'D',
            Move::Neither => '·',
        }
    }
}

/// The four rates, in order, in words (`{opp}` is the opponent's name).
pub const RATE_LABELS: [&str; 4] = [
    "Cooperation after {opp} cooperated",
    "Cooperation after {opp} defected",
    "Retaliation after {opp} defected",
    "Cooperation after {opp} came back",
];

/// The classic strategies and their rates (a, b, d, c).
pub const CLASSICS: [(&str, [f64; 4]); 7] = [
    ("Tit for Tat", [1.0, 0.0, 1.0, 1.0]),
    ("Generous Tit for Tat", [1.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]),
    ("Always Cooperate", [1.0, 1.0, 0.0, 1.0]),
    ("Always Defect", [0.0, 0.0, 1.0, 0.0]),
    ("Grudger", [1.0, 0.0, 1.0, 0.0]),
    ("Random", [0.5, 0.5, 0.5, 0.5]),
    ("Passive", [0.0, 0.0, 0.0, 0.0]),
];

/// Responses needed before a fingerprint is named.
pub const MIN_SAMPLES: u32 = 3;

/// The player's answer in a round: pressure first, then cooperation, else nothing.
pub fn player_move(rules: &Rules, r: &RoundReport) -> Move {
    let us = &r.us;
    let mut cooperation = us.accept_counter
        || us.offer.is_some()
        || us.decisions.iter().any(|(_, d)| *d == Decision::LookAway);
    let mut pressure = us.decisions.iter().any(|(_, d)| *d == Decision::Enforce);
    for (ix, _) in &us.actions {
        if let Some(a) = rules.actions.get(*ix as usize) {
            cooperation |= a.is_concession();
            pressure |= a.is_pressure();
        }
    }
    if pressure {
        Move::Defect
    } else if cooperation {
        Move::Cooperate
    } else {
        Move::Neither
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
    /// Rates a, b, d, c (None where the situation never arose).
    pub rates: [Option<f64>; 4],
    /// How many responses each rate is based on.
    pub samples: [u32; 4],
    /// Distance to each classic strategy, nearest first.
    pub distances: Vec<(&'static str, f64)>,
    /// The nearest classic strategy (two names joined by "or" when they tie), or "not enough
    /// data" when fewer than three responses could be read.
    pub nearest: String,
    /// The player's moves and Pyongyang's, round by round.
    pub player_moves: Vec<Move>,
    /// Pyongyang's moves, round by round.
    pub pyongyang_moves: Vec<Move>,
}

/// The fingerprint of a history of moves: Pyongyang's moves, the player's move in each round,
/// and whether a reward was released in the same round as each of Pyongyang's moves.
pub fn of_moves(dprk: &[Move], player: &[Move], rewarded_now: &[bool]) -> Fingerprint {
    let mut hits = [0u32; 4];
    let mut samples = [0u32; 4];
    let mut betrayed = false;
    for t in 0..dprk.len().min(player.len()).saturating_sub(1) {
        // A reward released for a step in the same round is the answer to that step.
        let response =
            if dprk[t] == Move::Cooperate && rewarded_now.get(t).copied().unwrap_or(false) {
                Move::Cooperate
            } else {
                player[t + 1]
            };
        match dprk[t] {
            Move::Cooperate => {
                let k = if betrayed { 3 } else { 0 };
                samples[k] += 1;
                hits[k] += u32::from(response == Move::Cooperate);
            }
            Move::Defect => {
                samples[1] += 1;
                samples[2] += 1;
                hits[1] += u32::from(response == Move::Cooperate);
                hits[2] += u32::from(response == Move::Defect);
                betrayed = true;
            }
            Move::Neither => {}
        }
    }
    let rates: [Option<f64>; 4] = std::array::from_fn(|k| {
        (samples[k] > 0).then(|| f64::from(hits[k]) / f64::from(samples[k]))
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
    // Situations counted once each: a defection gives one sample to b and d together.
    let enough = samples[0] + samples[1] + samples[3] >= MIN_SAMPLES;
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
        player_moves: player.to_vec(),
        pyongyang_moves: dprk.to_vec(),
    }
}

/// Computes the fingerprint from the rounds played.
pub fn fingerprint(rules: &Rules, reports: &[RoundReport]) -> Fingerprint {
    let player: Vec<Move> = reports.iter().map(|r| player_move(rules, r)).collect();
    let dprk: Vec<Move> = reports.iter().map(|r| pyongyang_move(rules, r)).collect();
    let rewarded: Vec<bool> = reports.iter().map(|r| r.rewards_after_step > 0).collect();
    of_moves(&dprk, &player, &rewarded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_profiles_are_distinct() {
        for (i, (_, p)) in CLASSICS.iter().enumerate() {
            for (_, q) in &CLASSICS[..i] {
                assert_ne!(p, q);
            }
        }
    }
}
