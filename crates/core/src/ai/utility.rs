//! What Pyongyang wants: regime survival (steep near collapse, war catastrophic) against economic
//! gain, with face and a fear of opening, weighted by its personality (GAME.md §4).
//!
//! Only `+ - * /` on f64 are used, so rankings are the same on every platform.

use crate::level::types::OutcomeKind;
use crate::sim::orders::Breakdown;
use crate::sim::rules::{Personality, Rules};
use crate::sim::state::State;
use crate::sim::vars::Var;

/// Utility of a collapsed regime (times the survival weight).
pub const COLLAPSE: f64 = -500.0;

fn w(x: i32) -> f64 {
    f64::from(x.clamp(0, 100)) / 100.0
}

/// The value of regime security `rs`: linear in the middle, falling steeply toward collapse.
pub fn survival_curve(rs: f64) -> f64 {
    rs - 600.0 / (rs + 5.0)
}

/// How much the regime values a state, by goal.
pub fn value(rules: &Rules, st: &State, p: &Personality) -> Breakdown {
    let v = &st.vars;
    let f = |var: Var| f64::from(v[var]);
    match st.outcome {
        Some(OutcomeKind::Collapse) => {
            return Breakdown {
                survival: COLLAPSE * w(p.survival).max(0.2),
                ..Breakdown::default()
            };
        }
        Some(OutcomeKind::War) => {
            // The regime survives a war with the ledger's chance; otherwise it is gone.
            let live = w(rules.weights.war_regime_survival);
            return Breakdown {
                survival: ((1.0 - live) * COLLAPSE + live * survival_curve(10.0))
                    * w(p.survival).max(0.2),
                risk: -50.0 * (1.0 - w(p.risk)),
                ..Breakdown::default()
            };
        }
        _ => {}
    }
    let deterrent = (f(Var::Nuclear) + f(Var::Missile) + f(Var::Military)) / 6.0;
    let survival = w(p.survival) * (survival_curve(f(Var::RegimeSecurity)) + deterrent);
    let economy = w(p.economy) * (f(Var::Economy) - f(Var::Humanitarian) / 4.0);
    let excess = (v[Var::Openness] - p.opening_tolerance).max(0);
    let opening = -w(p.opening_fear) * 1.5 * f64::from(excess);
    let risk = -(1.0 - w(p.risk)) * 0.8 * f64::from((v[Var::Tension] - 50).max(0));
    Breakdown {
        survival,
        economy,
        face: 0.0,
        opening,
        risk,
    }
}

/// The face a set of moves brings, weighted.
pub fn face(rules: &Rules, moves: &[crate::level::types::MoveKind], p: &Personality) -> f64 {
    let total: i32 = moves.iter().map(|&m| rules.mv(m).face).sum();
    w(p.face) * 2.0 * f64::from(total)
}

/// The personality Pyongyang has in this game.
pub fn personality<'a>(rules: &'a Rules, st: &State) -> Option<&'a Personality> {
    rules.types.get(st.mind.type_ix as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survival_is_steep_near_collapse() {
        let drop_high = survival_curve(60.0) - survival_curve(50.0);
        let drop_low = survival_curve(10.0) - survival_curve(0.0);
        assert!(drop_low > 3.0 * drop_high, "{drop_low} vs {drop_high}");
    }
}
