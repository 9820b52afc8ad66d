//! The strategy fingerprint: how the player answered Pyongyang, as conditional response rates,
//! compared with the classic strategies of the iterated prisoner's dilemma.
//!
//! **How we read Pyongyang's move** in a round, as the U.S. could see it: it *defected* when it
//! provoked in public or a violation of its was detected, *cooperated* when a step of its was
//! verified, and did neither otherwise (a quiet round).
//!
//! **How we read the player's moves** — the way the memo means them, from what the player
//! actually paid and did, not from what it promised:
//! - a reward paid for a verified step (released by a step-first or instalment deal, delivered
//!   with a step in a simultaneous one, or a concession soon after a step) is *reciprocity*;
//! - a reward paid with nothing verified in return (a concession on its own, a reward paid first
//!   on trust) is *unconditional cooperation*, and so is letting a violation pass;
//! - a sanction or military pressure, or enforcing a violation, is *pressure*: *retaliation*
//!   when it answers a defection, *unprovoked* otherwise.
//!
//! An offer is neither: a step-first offer is a promise, paid only if the step is verified.
//!
//! Seven rates describe a reactive strategy (each read from the round after Pyongyang's move,
//! and for a verified step also from rewards released in the same round):
//! - **a**: cooperation after Pyongyang cooperated, before it ever defected;
//! - **b**: unconditional cooperation after Pyongyang defected (paying for a defection);
//! - **d**: retaliation after Pyongyang defected;
//! - **c**: cooperation after Pyongyang cooperated, once it had defected at least once;
//! - **e**: unprovoked pressure in a quiet round, before Pyongyang ever defected;
//! - **g**: pressure in a quiet round after Pyongyang had defected (a grudge);
//! - **f**: unconditional cooperation in a quiet round (a reward paid for nothing).
//!
//! The classic strategies on the same rates: Tit for Tat rewards steps and answers defections
//! with pressure, and nothing else; Generous Tit for Tat forgives a third of defections; Always
//! Cooperate pays whatever happens; Always Defect presses whatever happens; Grudger is Tit for
//! Tat until the first defection and presses for ever after; Random does either at random; and
//! Passive — a player who does nothing — none of it.

use crate::sim::orders::Decision;
use crate::sim::report::RoundReport;
use crate::sim::rules::Rules;
use serde::Serialize;

/// A side's move in one round, as the other side could read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Move {
    /// Cooperated: a reward paid (U.S.) or a verified step (Pyongyang).
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

/// How many rates the fingerprint has.
pub const RATES: usize = 7;

/// The rates, in order, in words (`{opp}` is the opponent's name).
pub const RATE_LABELS: [&str; RATES] = [
    "Reward after {opp} cooperated",
    "Reward after {opp} defected (paying for it)",
    "Retaliation after {opp} defected",
    "Reward after {opp} came back",
    "Unprovoked pressure, before {opp} defected",
    "Pressure in quiet rounds, after {opp} defected",
    "Reward for nothing, in quiet rounds",
];

/// How the debrief explains the reading of moves, in one paragraph: `whose` moves ("your",
/// "a student's"), `opp` the other side's name.
pub fn how_we_read(whose: &str, opp: &str) -> String {
    format!(
        "How {whose} moves are read: a reward paid for a verified step (released by a step-first \
         or instalment deal, or given with or soon after the step) is reciprocity; a reward paid \
         with nothing verified in return — a concession on its own, a reward paid first on \
         trust — or a violation let pass is unconditional cooperation; a sanction, military \
         pressure or an enforced violation is pressure, retaliation when it answers a provocation \
         or a violation and unprovoked otherwise. An offer is a promise, not a payment: it counts \
         when its rewards are paid. {opp} cooperated when a step of its was verified and defected \
         when it provoked in public or was caught violating a deal."
    )
}

/// The classic strategies and their rates (a, b, d, c, e, g, f).
pub const CLASSICS: [(&str, [f64; RATES]); 7] = [
    ("Tit for Tat", [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
    (
        "Generous Tit for Tat",
        [1.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 0.0, 0.0, 0.0],
    ),
    ("Always Cooperate", [1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]),
    ("Always Defect", [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0]),
    ("Grudger", [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]),
    ("Random", [0.5; RATES]),
    ("Passive", [0.0; RATES]),
];

/// What each classic strategy does, in a line, for the legend of the debrief and class report.
pub const LEGEND: [(&str, &str); 7] = [
    (
        "Tit for Tat",
        "rewards each verified step and answers each defection with pressure, nothing more: quid pro quo",
    ),
    (
        "Generous Tit for Tat",
        "Tit for Tat that lets about one defection in three pass",
    ),
    (
        "Always Cooperate",
        "pays whatever the other side does: appeasement",
    ),
    (
        "Always Defect",
        "presses whatever the other side does: the hard line",
    ),
    (
        "Grudger",
        "Tit for Tat until the first defection, then pressure for ever",
    ),
    ("Random", "rewards or presses at random"),
    ("Passive", "neither rewards nor presses"),
];

/// Responses needed before a fingerprint is named.
pub const MIN_SAMPLES: u32 = 3;

/// What the player did in a round, read the memo's way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlayerRound {
    /// Rewards paid for verified steps.
    pub reciprocal: bool,
    /// Rewards paid for nothing verified, or a violation let pass.
    pub unconditional: bool,
    /// Sanctions, military pressure or an enforced violation.
    pub pressure: bool,
}

impl PlayerRound {
    /// The round in one letter: pressure first, then any reward, else nothing.
    pub fn as_move(self) -> Move {
        if self.pressure {
            Move::Defect
        } else if self.reciprocal || self.unconditional {
            Move::Cooperate
        } else {
            Move::Neither
        }
    }
}

/// The player's round, read the memo's way.
pub fn player_round(rules: &Rules, r: &RoundReport) -> PlayerRound {
    let us = &r.us;
    let pressure = us.decisions.iter().any(|(_, d)| *d == Decision::Enforce)
        || us.actions.iter().any(|(ix, _)| {
            rules
                .actions
                .get(*ix as usize)
                .is_some_and(|a| a.is_pressure())
        });
    PlayerRound {
        reciprocal: r.rewards_after_step > 0,
        unconditional: r.rewards_unreciprocated > 0
            || us.decisions.iter().any(|(_, d)| *d == Decision::LookAway),
        pressure,
    }
}

/// The player's move in a round: pressure first, then any reward paid, else nothing.
pub fn player_move(rules: &Rules, r: &RoundReport) -> Move {
    player_round(rules, r).as_move()
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
    /// The rates of [`RATE_LABELS`] (None where the situation never arose).
    pub rates: [Option<f64>; RATES],
    /// How many responses each rate is based on.
    pub samples: [u32; RATES],
    /// Distance to each classic strategy, nearest first.
    pub distances: Vec<(&'static str, f64)>,
    /// The nearest classic strategy (two names joined by "or" when they tie), or "not enough
    /// data" when fewer than three responses could be read.
    pub nearest: String,
    /// The player's moves, round by round.
    pub player_moves: Vec<Move>,
    /// Pyongyang's moves, round by round.
    pub pyongyang_moves: Vec<Move>,
}

/// The fingerprint of a history: Pyongyang's moves and the player's rounds, read the memo's way.
pub fn of_rounds(dprk: &[Move], player: &[PlayerRound]) -> Fingerprint {
    let mut hits = [0u32; RATES];
    let mut samples = [0u32; RATES];
    let mut count = |k: usize, hit: bool| {
        samples[k] += 1;
        hits[k] += u32::from(hit);
    };
    let mut betrayed = false;
    for t in 0..dprk.len().min(player.len()).saturating_sub(1) {
        let next = player[t + 1];
        match dprk[t] {
            Move::Cooperate => {
                // A reward released for the step in the same round answers it at once.
                let paid = player[t].reciprocal || next.reciprocal || next.unconditional;
                count(if betrayed { 3 } else { 0 }, !next.pressure && paid);
            }
            Move::Defect => {
                count(1, !next.pressure && next.unconditional);
                count(2, next.pressure);
                betrayed = true;
            }
            Move::Neither => {
                count(if betrayed { 5 } else { 4 }, next.pressure);
                count(6, !next.pressure && next.unconditional);
            }
        }
    }
    let rates: [Option<f64>; RATES] = std::array::from_fn(|k| {
        (samples[k] > 0).then(|| f64::from(hits[k]) / f64::from(samples[k]))
    });
    // The distance to a profile: the root mean square of the differences, each rate weighed by
    // the rounds it rests on (a rate read from one answer counts less than one read from ten).
    let mut distances: Vec<(&'static str, f64)> = CLASSICS
        .iter()
        .map(|(name, profile)| {
            let (sum, n) = rates
                .iter()
                .zip(profile)
                .zip(samples)
                .filter_map(|((r, p), n)| r.map(|r| (f64::from(n) * (r - p) * (r - p), n)))
                .fold((0.0, 0u32), |(s, total), (d, n)| (s + d, total + n));
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
    // Situations counted once each: a defection gives one sample to b and d together, a quiet
    // round one to e or g and f together.
    let enough = samples[0] + samples[1] + samples[3] + samples[4] + samples[5] >= MIN_SAMPLES;
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
        player_moves: player.iter().map(|p| p.as_move()).collect(),
        pyongyang_moves: dprk.to_vec(),
    }
}

/// Computes the fingerprint from the rounds played.
pub fn fingerprint(rules: &Rules, reports: &[RoundReport]) -> Fingerprint {
    let player: Vec<PlayerRound> = reports.iter().map(|r| player_round(rules, r)).collect();
    let dprk: Vec<Move> = reports.iter().map(|r| pyongyang_move(rules, r)).collect();
    of_rounds(&dprk, &player)
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
        for ((a, _), (b, _)) in CLASSICS.iter().zip(LEGEND.iter()) {
            assert_eq!(a, b);
        }
    }

    const C: PlayerRound = PlayerRound {
        reciprocal: true,
        unconditional: false,
        pressure: false,
    };
    const U: PlayerRound = PlayerRound {
        reciprocal: false,
        unconditional: true,
        pressure: false,
    };
    const D: PlayerRound = PlayerRound {
        reciprocal: false,
        unconditional: false,
        pressure: true,
    };
    const N: PlayerRound = PlayerRound {
        reciprocal: false,
        unconditional: false,
        pressure: false,
    };

    fn named(dprk: &str, player: &[PlayerRound]) -> String {
        let d: Vec<Move> = dprk
            .chars()
            .map(|c| match c {
                'C' => Move::Cooperate,
                'D' => Move::Defect,
                _ => Move::Neither,
            })
            .collect();
        of_rounds(&d, player).nearest
    }

    /// Hand-written histories of each classic strategy are named for it.
    #[test]
    fn hand_written_histories_are_named_right() {
        // Pyongyang: quiet, step, provocation, quiet, step, provocation, quiet, step.
        let dprk = "·CD·CD·C·";
        // Tit for tat: the step rewarded, the provocation pressed, quiet rounds left quiet.
        assert_eq!(named(dprk, &[N, C, N, D, C, N, D, N, C]), "Tit for Tat");
        // Appeasement: paid every round.
        assert_eq!(
            named(dprk, &[U, U, U, U, U, U, U, U, U]),
            "Always Cooperate"
        );
        // The hard line: pressure every round.
        assert_eq!(named(dprk, &[D, D, D, D, D, D, D, D, D]), "Always Defect");
        // The grudger: rewards until the first provocation, pressure for ever after.
        assert_eq!(named(dprk, &[N, C, N, D, D, D, D, D, D]), "Grudger");
        // Doing nothing.
        assert_eq!(named(dprk, &[N, N, N, N, N, N, N, N, N]), "Passive");
        // Step-first offers every round (promises, not payments) with rewards released for
        // the steps and no answer to provocations: not Always Cooperate.
        let promiser = named(dprk, &[N, C, N, N, C, N, N, N, C]);
        assert!(!promiser.contains("Always Cooperate"), "{promiser}");
    }
}
