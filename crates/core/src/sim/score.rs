//! The score of a game (GAME.md §6), computed from true values, never from estimates. Every
//! weight and cap is an entry of the assumption ledger (`score_*`): what counts as success is a
//! judgement, and a class can change it like any other assumption.

use crate::sim::rules::Rules;
use crate::sim::state::State;
use crate::sim::vars::Var;
use crate::sim::vocab::OutcomeKind;
use serde::{Deserialize, Serialize};

/// Seven dimensions, 0–100 each, a total and a letter grade.
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
    /// Progress toward the level's goal: verified steps and normalization against what verified
    /// peace needs, and a curtailed programme when peace needs one. Doing nothing earns nothing.
    #[serde(default)]
    pub diplomacy: i32,
    /// The level's own goals: its scored variables (`score` above 0), each scaled over its range
    /// (reversed where a rise is bad), weighted; absent when the level scores none.
    #[serde(default)]
    pub own: Option<i32>,
    /// The total, 0–100.
    pub total: i32,
    /// The letter grade: A (80 and up), B, C, D or F (below 35).
    pub grade: char,
}

impl Score {
    /// Scores a finished (or unfinished) game from its true state.
    pub fn of(st: &State, rules: &Rules) -> Score {
        let w = &rules.weights;
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
                + w.score_curtailment_credit * t.curtailments;
            (w.score_nonproliferation_base - penalty + credit).clamp(0, 100)
        };

        let avg_famine = (t.famine_sum / rounds) as i32;
        let humanitarian =
            (100 - avg_famine + (t.aid_reached / 10).min(w.score_aid_credit_cap)).clamp(0, 100);

        // The allies' mean confidence; a level with no allies leaves the dimension out.
        let allied: Vec<i32> = rules.allies.iter().map(|a| v[a.var]).collect();
        let alliances = if allied.is_empty() {
            0
        } else {
            (allied.iter().sum::<i32>() / allied.len() as i32).clamp(0, 100)
        };
        let alliance_weight = if allied.is_empty() {
            0
        } else {
            w.score_weight_alliances
        };
        let domestic = v[Var::Congress].clamp(0, 100);

        let cost_per_step = if t.verified_steps == 0 {
            if t.spent == 0 { 50 } else { 0 }
        } else {
            (100 - t.spent / t.verified_steps / w.score_cost_scale.max(1)).clamp(0, 100)
        };

        let o = &rules.outcomes;
        let share = |now: i32, need: i32| {
            if need <= 0 {
                100
            } else {
                (now.max(0) * 100 / need).clamp(0, 100)
            }
        };
        let norm_gain = v[Var::Normalization] - start[Var::Normalization];
        let norm_need = o.peace_normalization - start[Var::Normalization];
        // When the goal needs a curtailed programme, progress without one is not the whole way.
        let diplomacy = if o.peace_need_curtailment {
            (share(t.verified_steps, o.peace_steps)
                + share(norm_gain, norm_need)
                + share(t.curtailments, 1))
                / 3
        } else {
            (share(t.verified_steps, o.peace_steps) + share(norm_gain, norm_need)) / 2
        };

        // The level's own scored variables: each 0–100 over its range, a fall counting as the
        // gain where a rise is bad; their weights join the ledger's.
        let scored: Vec<(i32, i32)> = rules
            .own_vars
            .iter()
            .filter(|o| o.score > 0)
            .map(|o| {
                let span = (o.max - o.min).max(1);
                let x = ((v[o.var] - o.min) * 100 / span).clamp(0, 100);
                let x = if o.rise_is_good == Some(false) {
                    100 - x
                } else {
                    x
                };
                (x, o.score)
            })
            .collect();
        let own_weight: i32 = scored.iter().map(|&(_, k)| k).sum();
        let own =
            (own_weight > 0).then(|| scored.iter().map(|&(x, k)| x * k).sum::<i32>() / own_weight);
        let dims = [
            (own.unwrap_or(0), own_weight),
            (security, w.score_weight_security),
            (nonproliferation, w.score_weight_nonproliferation),
            (humanitarian, w.score_weight_humanitarian),
            (alliances, alliance_weight),
            (domestic, w.score_weight_domestic),
            (cost_per_step, w.score_weight_cost),
            (diplomacy, w.score_weight_diplomacy),
        ];
        let weight_sum: i32 = dims.iter().map(|(_, k)| (*k).max(0)).sum();
        let mut total: i32 = if weight_sum == 0 {
            0
        } else {
            dims.iter().map(|(d, k)| d * (*k).max(0)).sum::<i32>() / weight_sum
        };
        total = match outcome {
            Some(OutcomeKind::War) => total.min(w.score_cap_war),
            Some(OutcomeKind::Breakout) => total.min(w.score_cap_breakout),
            Some(OutcomeKind::MandateLost) => total.min(w.score_cap_mandate),
            Some(OutcomeKind::Collapse) => total.min(w.score_cap_collapse),
            Some(OutcomeKind::VerifiedPeace) => (total + w.score_peace_bonus).min(100),
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
            diplomacy,
            own,
            total,
            grade: grade(total),
        }
    }

    /// The dimensions with their names, in display order (the level's own goals last, where it
    /// scores any).
    pub fn dimensions(&self) -> Vec<(&'static str, i32)> {
        let mut out = vec![
            ("security", self.security),
            ("nonproliferation", self.nonproliferation),
            ("humanitarian", self.humanitarian),
            ("alliances", self.alliances),
            ("domestic", self.domestic),
            ("cost_per_step", self.cost_per_step),
            ("diplomacy", self.diplomacy),
        ];
        if let Some(x) = self.own {
            out.push(("the_level's_own_goals", x));
        }
        out
    }
}

/// How the other side did, from its own chair: its goals as its utility weighs them (GAME.md §4,
/// `ai::utility`), each 0–100 at the end, and their mean weighted by its type's personality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegimeScore {
    /// Its grip on power: regime security at the end; 0 after a collapse, and after a war no
    /// more than the ledger's chance that the regime survives one.
    pub security: i32,
    /// Its economy, less the famine as the ledger weighs it.
    pub economy: i32,
    /// Its deterrent: the mean of its nuclear and missile programmes and its military posture.
    pub deterrent: i32,
    /// Recognition: normalization with the U.S.
    pub recognition: i32,
    /// Control: 100 less how far openness went past what the regime tolerates.
    pub control: i32,
    /// The weighted mean.
    pub total: i32,
    /// The letter grade, in the same bands as the U.S. score.
    pub grade: char,
    /// The weights, in the order of `dimensions`.
    pub weights: [i32; 5],
}

impl RegimeScore {
    /// Scores the other side from the true state, as its type weighs its goals: survival for
    /// security (and, as the ledger values them, for the deterrent and recognition), economy for
    /// the economy, fear of opening for control.
    pub fn of(st: &State, rules: &Rules) -> RegimeScore {
        let l = &rules.weights;
        let v = &st.vars;
        let p = rules.types.get(st.mind.type_ix as usize);
        let (survival, economy, fear) = p.map_or((50, 50, 50), |p| {
            (p.survival.max(0), p.economy.max(0), p.opening_fear.max(0))
        });
        let tolerance = p.map_or(50, |p| p.opening_tolerance);
        let security = match st.outcome {
            Some(OutcomeKind::Collapse) => 0,
            Some(OutcomeKind::War) => v[Var::RegimeSecurity].min(l.war_regime_survival),
            _ => v[Var::RegimeSecurity],
        }
        .clamp(0, 100);
        let economy_score =
            (v[Var::Economy] - v[Var::Humanitarian] * l.utility_famine_weight / 100).clamp(0, 100);
        let deterrent = ((v[Var::Nuclear] + v[Var::Missile] + v[Var::Military]) / 3).clamp(0, 100);
        let recognition = v[Var::Normalization].clamp(0, 100);
        let excess = (v[Var::Openness] - tolerance).max(0);
        let control = (100 - excess * l.utility_opening_scale / 100).clamp(0, 100);
        let weights = [
            survival,
            economy,
            survival * l.deterrent_value.max(0) / 100,
            survival * l.normalization_value.max(0) / 100,
            fear,
        ];
        let dims = [security, economy_score, deterrent, recognition, control];
        let sum: i32 = weights.iter().sum();
        let total = if sum > 0 {
            dims.iter().zip(&weights).map(|(d, w)| d * w).sum::<i32>() / sum
        } else {
            0
        };
        RegimeScore {
            security,
            economy: economy_score,
            deterrent,
            recognition,
            control,
            total,
            grade: grade(total),
            weights,
        }
    }

    /// The dimensions with their names and weights, in display order.
    pub fn dimensions(&self) -> [(&'static str, i32, i32); 5] {
        [
            ("grip on power", self.security, self.weights[0]),
            ("economy", self.economy, self.weights[1]),
            ("deterrent", self.deterrent, self.weights[2]),
            ("recognition", self.recognition, self.weights[3]),
            ("control", self.control, self.weights[4]),
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
