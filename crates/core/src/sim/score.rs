//! The score of a game (GAME.md §6), computed from true values, never from estimates.

use crate::level::types::OutcomeKind;
use crate::sim::state::State;
use crate::sim::vars::Var;
use serde::{Deserialize, Serialize};

/// Six dimensions, 0–100 each, a total and a letter grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Low tension over the game, and no war.
    pub security: i32,
    /// Little growth of the nuclear and missile programmes and of exports; curtailments.
    pub nonproliferation: i32,
    /// Famine over the game, and aid that reached people.
    pub humanitarian: i32,
    /// Seoul's and Tokyo's confidence at the end.
    pub alliances: i32,
    /// Congress at the end.
    pub domestic: i32,
    /// $M spent per verified step.
    pub cost_per_step: i32,
    pub total: i32,
    pub grade: char,
}

/// Weights of the dimensions in the total, in percent.
pub const WEIGHTS: [(&str, i32); 6] = [
    ("security", 25),
    ("nonproliferation", 25),
    ("humanitarian", 15),
    ("alliances", 10),
    ("domestic", 10),
    ("cost_per_step", 15),
];

impl Score {
    /// Scores a finished (or unfinished) game from its true state.
    pub fn of(st: &State) -> Score {
        let t = &st.tally;
        let v = &st.vars;
        let start = &t.start;
        let rounds = i64::from(t.rounds.max(1));
        let outcome = st.outcome;

        let avg_tension = (t.tension_sum / rounds) as i32;
        let security = if outcome == Some(OutcomeKind::War) {
            0
        } else {
            (100 - avg_tension).clamp(0, 100)
        };

        let growth = |var: Var| (v[var] - start[var]).max(0);
        // Growth of the programmes per month of play, projected over the whole scenario, so a
        // game cut short is not flattered by having had less time to grow.
        let nonproliferation = if outcome == Some(OutcomeKind::Breakout) {
            0
        } else {
            let played = i64::from(t.rounds.max(1));
            let length = i64::from(t.scenario_rounds.max(t.rounds).max(1));
            let grown = i64::from(
                growth(Var::Nuclear) + growth(Var::Missile) / 2 + growth(Var::Proliferation),
            );
            let penalty = (grown * length / played) as i32;
            let credit = (start[Var::Nuclear] - v[Var::Nuclear]).max(0)
                + (start[Var::Missile] - v[Var::Missile]).max(0) / 2
                + 5 * t.curtailments;
            (80 - penalty + credit).clamp(0, 100)
        };

        let avg_famine = (t.famine_sum / rounds) as i32;
        let humanitarian = (100 - avg_famine + (t.aid_reached / 10).min(30)).clamp(0, 100);

        let alliances = ((v[Var::Seoul] + v[Var::Tokyo]) / 2).clamp(0, 100);
        let domestic = v[Var::Congress].clamp(0, 100);

        let cost_per_step = if t.verified_steps == 0 {
            if t.spent == 0 { 50 } else { 0 }
        } else {
            (100 - t.spent / t.verified_steps / 3).clamp(0, 100)
        };

        let dims = [
            security,
            nonproliferation,
            humanitarian,
            alliances,
            domestic,
            cost_per_step,
        ];
        let mut total: i32 = dims
            .iter()
            .zip(WEIGHTS.iter())
            .map(|(d, (_, w))| d * w)
            .sum::<i32>()
            / 100;
        total = match outcome {
            Some(OutcomeKind::War) => total.min(15),
            Some(OutcomeKind::Breakout) => total.min(20),
            Some(OutcomeKind::MandateLost) => total.min(30),
            Some(OutcomeKind::Collapse) => total.min(35),
            Some(OutcomeKind::VerifiedPeace) => (total + 15).min(100),
            _ => total,
        }
        .clamp(0, 100);
        Score {
            security,
            nonproliferation,
            humanitarian,
            alliances,
            domestic,
            cost_per_step,
            total,
            grade: grade(total),
        }
    }

    /// The dimensions with their names, in display order.
    pub fn dimensions(&self) -> [(&'static str, i32); 6] {
        [
            ("security", self.security),
            ("nonproliferation", self.nonproliferation),
            ("humanitarian", self.humanitarian),
            ("alliances", self.alliances),
            ("domestic", self.domestic),
            ("cost_per_step", self.cost_per_step),
        ]
    }
}

/// The letter for a total.
pub fn grade(total: i32) -> char {
    match total {
        t if t >= 80 => 'A',
        t if t >= 65 => 'B',
        t if t >= 50 => 'C',
        t if t >= 35 => 'D',
        _ => 'F',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_have_their_bands() {
        assert_eq!(grade(100), 'A');
        assert_eq!(grade(80), 'A');
        assert_eq!(grade(79), 'B');
        assert_eq!(grade(50), 'C');
        assert_eq!(grade(35), 'D');
        assert_eq!(grade(0), 'F');
    }
}
