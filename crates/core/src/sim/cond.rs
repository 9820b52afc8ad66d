//! Evaluating compiled conditions against the true state.

use crate::sim::rules::{Cond, Rules};
use crate::sim::state::{Monitors, State, Talks};
use crate::sim::vocab::Truth;

/// Whether a condition holds now.
#[inline]
pub fn holds(c: &Cond, rules: &Rules, st: &State) -> bool {
    // Most conditions met in play (a move's or an action's requirement) are `Always`.
    match c {
        Cond::Always => true,
        _ => evaluate(c, rules, st),
    }
}

fn evaluate(c: &Cond, rules: &Rules, st: &State) -> bool {
    let now = st.round;
    match c {
        Cond::Always => true,
        Cond::Never => false,
        Cond::AtLeast(v, x) => st.vars[*v] >= *x,
        Cond::AtMost(v, x) => st.vars[*v] <= *x,
        Cond::Flag(f) => st.flags.get(*f as usize).copied().unwrap_or(false),
        Cond::NoFlag(f) => !st.flags.get(*f as usize).copied().unwrap_or(false),
        Cond::Round(a, b) => (*a..=*b).contains(&now),
        Cond::InAgreement => st.active_agreements().next().is_some(),
        Cond::HasAgreement(k) => st.has_agreement(*k),
        Cond::NoAgreement(k) => !st.has_agreement(*k),
        Cond::UsDid(a, within) => st
            .recent
            .us
            .iter()
            .any(|&(r, x)| x == *a && r <= now && now - r <= *within),
        Cond::OpponentDid(m, within) => st
            .recent
            .pyongyang
            .iter()
            .any(|&(r, x)| x == *m && r <= now && now - r <= *within),
        Cond::UnreciprocatedConcession(within) => st.recent.unreciprocated.within(now, *within),
        Cond::SiteIs(s, t) => st.sites.get(*s as usize).is_some_and(|x| x.truth == *t),
        Cond::TalksProposed => matches!(st.talks, Talks::Proposed(_)),
        Cond::TalksPromised => matches!(st.talks, Talks::Promised(_)),
        Cond::MonitorsPresent => st.monitors == Monitors::Present,
        Cond::Struck(within) => st.recent.strikes.within(now, *within),
        Cond::Threatened(within) => st.recent.threats.within(now, *within),
        Cond::ActiveSite(p) => rules
            .sites
            .iter()
            .zip(&st.sites)
            .any(|(def, s)| def.program == *p && s.truth == Truth::Active),
        Cond::UnmonitoredAid(within) => st.recent.unmonitored_aid.within(now, *within),
        Cond::AidDiverted(within) => st.recent.diversions.within(now, *within),
        Cond::Fired(e) => st.fired.get(*e as usize).copied().unwrap_or(false),
        Cond::All(cs) => cs.iter().all(|c| holds(c, rules, st)),
        Cond::Any(cs) => cs.iter().any(|c| holds(c, rules, st)),
        Cond::Not(c) => !holds(c, rules, st),
    }
}
