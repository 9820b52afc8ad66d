//! What Pyongyang wants: regime survival (steep near collapse, war catastrophic) against economic
//! gain, with face and a fear of opening, weighted by its personality (GAME.md §4).
//!
//! Every constant is an entry of the assumption ledger (`utility_*`, `deterrent_*`), so a class
//! can see and change what the regime is assumed to want. Only `+ - * /` on f64 are used, so
//! rankings are the same on every platform.

use crate::sim::orders::Breakdown;
use crate::sim::rules::{Personality, Rules};
use crate::sim::state::State;
use crate::sim::vars::Var;
use crate::sim::vocab::OutcomeKind;

fn w(x: i32) -> f64 {
    f64::from(x.clamp(0, 100)) / 100.0
}

/// The value of regime security `rs`: linear in the middle, falling steeply toward collapse
/// (`brink` sets how steeply).
pub fn survival_curve(rs: f64, brink: f64) -> f64 {
    rs - brink / (rs + 5.0)
}

/// How much the regime values its deterrent now, per point of nuclear, missile and military
/// strength: the ledger's base value, raised by isolation (sanctions and tension) and lowered
/// by normalization (the engagement school's mechanism; both 0 in the memo's reading).
pub fn deterrent_weight(rules: &Rules, st: &State) -> f64 {
    let w = &rules.weights;
    let v = &st.vars;
    let isolation = f64::from((v[Var::Sanctions] + v[Var::Tension]).clamp(0, 200)) / 200.0;
    let relief = f64::from(v[Var::Normalization].clamp(0, 100)) / 100.0;
    let factor = 1.0 + f64::from(w.deterrent_need_isolation) / 100.0 * isolation
        - f64::from(w.deterrent_relief_normalization) / 100.0 * relief;
    f64::from(w.deterrent_value) / 100.0 * factor.max(0.0)
}

/// How much the regime values a state, by goal.
pub fn value(rules: &Rules, st: &State, p: &Personality) -> Breakdown {
    let v = &st.vars;
    let l = &rules.weights;
    let f = |var: Var| f64::from(v[var]);
    let collapse = -f64::from(l.utility_collapse);
    let brink = f64::from(l.utility_brink);
    match st.outcome {
        Some(OutcomeKind::Collapse) => {
            return Breakdown {
                survival: collapse * w(p.survival).max(0.2),
                ..Breakdown::default()
            };
        }
        Some(OutcomeKind::War) => {
            // The regime survives a war with the ledger's chance; otherwise it is gone.
            let live = w(l.war_regime_survival);
            return Breakdown {
                survival: ((1.0 - live) * collapse + live * survival_curve(10.0, brink))
                    * w(p.survival).max(0.2),
                risk: -f64::from(l.utility_war_risk) * (1.0 - w(p.risk)),
                ..Breakdown::default()
            };
        }
        _ => {}
    }
    let deterrent =
        (f(Var::Nuclear) + f(Var::Missile) + f(Var::Military)) * deterrent_weight(rules, st);
    // Recognition: normalization makes the regime more secure (the engagement school's reading;
    // 0 in the memo's).
    let recognition = f(Var::Normalization) * f64::from(l.normalization_value) / 100.0;
    let survival =
        w(p.survival) * (survival_curve(f(Var::RegimeSecurity), brink) + deterrent + recognition);
    // A level's own variables count as the level says, in shares of a point of the economy.
    let own: f64 = rules
        .own_vars
        .iter()
        .filter(|o| o.worth != 0)
        .map(|o| f(o.var) * f64::from(o.worth) / 100.0)
        .sum();
    let economy = w(p.economy)
        * (f(Var::Economy) - f(Var::Humanitarian) * f64::from(l.utility_famine_weight) / 100.0
            + own);
    let excess = (v[Var::Openness] - p.opening_tolerance).max(0);
    let opening =
        -w(p.opening_fear) * f64::from(l.utility_opening_scale) / 100.0 * f64::from(excess);
    let risk = -(1.0 - w(p.risk)) * f64::from(l.utility_risk_scale) / 100.0
        * f64::from((v[Var::Tension] - l.utility_risk_threshold).max(0));
    Breakdown {
        survival,
        economy,
        face: 0.0,
        opening,
        risk,
    }
}

/// The face a set of moves brings, weighted. A show of force repeated within the ledger's
/// `face_fatigue_window` rounds brings only `face_fatigue_keep`% of its face (the state is the
/// one after the moves, whose own record is counted).
pub fn face(
    rules: &Rules,
    st: &State,
    moves: &[crate::sim::vocab::MoveKind],
    p: &Personality,
) -> f64 {
    let l = &rules.weights;
    let window = u32::try_from(l.face_fatigue_window).unwrap_or(0);
    let since = st.round.saturating_sub(window + 1);
    let total: f64 = moves
        .iter()
        .map(|&m| {
            use crate::sim::vocab::{MoveKind, StepKind};
            // Breaking its own public commitment costs the regime face instead of winning it.
            let breaks = match m {
                MoveKind::MissileTest => st.has_agreement(StepKind::TestMoratorium),
                MoveKind::ExpelMonitors => st.has_agreement(StepKind::AcceptMonitoring),
                _ => rules.mv(m).breaks.iter().any(|&k| st.has_agreement(k)),
            };
            if breaks {
                return -f64::from(l.broken_commitment_face);
            }
            let full = f64::from(rules.mv(m).face);
            let made = st
                .recent
                .pyongyang
                .iter()
                .filter(|(r, x)| *x == m && *r >= since)
                .count();
            if full > 0.0 && made >= 2 {
                full * f64::from(l.face_fatigue_keep) / 100.0
            } else {
                full
            }
        })
        .sum();
    w(p.face) * f64::from(l.utility_face_scale) / 100.0 * total
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
        let drop_high = survival_curve(60.0, 600.0) - survival_curve(50.0, 600.0);
        let drop_low = survival_curve(10.0, 600.0) - survival_curve(0.0, 600.0);
        assert!(drop_low > 3.0 * drop_high, "{drop_low} vs {drop_high}");
    }
}
