//! The true state of a game: variables, sites, agreements, open offers and demands, shipments,
//! Pyongyang's mind, the player's intelligence picture, and running tallies for the score.
//!
//! Fields are readable by the whole crate but only the resolution code (`sim::resolve`) changes
//! them during play.

use crate::sim::rules::{ActionIx, SiteIx, StepTarget};
use crate::sim::vars::{Var, VarTable};
use crate::sim::vocab::{Finding, MoveKind, OutcomeKind, Sequencing, StepKind, Truth};
use serde::{Deserialize, Serialize};

/// A site in play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteState {
    pub truth: Truth,
    /// Shown on the player's map.
    pub suspected: bool,
    /// The latest inspection finding and its round.
    pub finding: Option<(Finding, u32)>,
    /// Struck by the U.S.
    pub struck: bool,
    /// An intelligence leak claimed the site is active.
    pub leaked: bool,
}

/// One obligation of Pyongyang under an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Obligation {
    pub step: StepTarget,
    /// A one-off step has been carried out for real (hidden unless verified).
    pub done: bool,
    /// Pyongyang claims it is done (true for real and faked steps).
    pub claimed: bool,
    /// The U.S. has verified the step.
    pub verified: bool,
    /// Rounds an ongoing step has been kept without a detected violation.
    pub kept_rounds: u32,
}

/// Why an agreement ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndReason {
    /// The U.S. reimposed pressure after a detected violation.
    Enforced,
    /// The U.S. broke it.
    UsBroke,
    /// Pyongyang walked out.
    WalkedOut,
    /// Steps were not carried out by the deadline of a step-first deal.
    Lapsed,
    /// An event ended it.
    Event,
}

/// An agreement between the two sides.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Number shown to the player (`enforce 2`).
    pub id: u32,
    pub name: String,
    pub gives: Vec<ActionIx>,
    pub obligations: Vec<Obligation>,
    pub sequencing: Sequencing,
    /// Round by which one-off steps must be claimed.
    pub deadline: Option<u32>,
    pub since: u32,
    /// The U.S. rewards have been delivered.
    pub delivered: bool,
    /// $M set aside for rewards not yet delivered.
    pub escrow: i32,
    /// The level's agreement this one was made from, if any (for its upkeep).
    pub template: Option<u16>,
    pub ended: Option<(EndReason, u32)>,
}

/// Copies field by field; `clone_from` reuses the target's buffers, so the AI's lookahead can
/// reset a scratch state without allocating. Every field is named: a new one will not compile
/// until it is copied here.
macro_rules! clone_fields {
    ($ty:ident { $($f:ident),* $(,)? }) => {
        impl Clone for $ty {
            fn clone(&self) -> Self {
                let $ty { $($f),* } = self;
                $ty { $($f: $f.clone()),* }
            }

            fn clone_from(&mut self, source: &Self) {
                let $ty { $($f),* } = source;
                $(self.$f.clone_from($f);)*
            }
        }
    };
}

clone_fields!(Agreement {
    id,
    name,
    gives,
    obligations,
    sequencing,
    deadline,
    since,
    delivered,
    escrow,
    template,
    ended,
});

impl Agreement {
    pub fn active(&self) -> bool {
        self.ended.is_none()
    }

    /// Whether the agreement includes this kind of step.
    pub fn has(&self, kind: StepKind) -> bool {
        self.obligations.iter().any(|o| o.step.kind == kind)
    }
}

/// An offer: rewards for steps, sequenced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Offer {
    pub gives: Vec<ActionIx>,
    pub asks: Vec<StepTarget>,
    pub sequencing: Sequencing,
    /// Rounds allowed for the steps.
    pub deadline: Option<u32>,
}

/// An offer waiting for an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenOffer {
    pub offer: Offer,
    pub made: u32,
    pub stalls: u32,
    /// $M set aside for it.
    pub escrow: i32,
}

/// A demand to inspect a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub site: SiteIx,
    pub since: u32,
    /// Percent of the evidence still there.
    pub evidence: i32,
    pub stalls: u32,
    /// Part of an agreement (an `allow_inspection` step) rather than a bare demand.
    pub agreed: bool,
}

/// Aid monitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Monitors {
    Absent,
    Requested,
    Present,
}

/// The state of high-level talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Talks {
    None,
    /// Proposed by the U.S. in this round.
    Proposed(u32),
    /// Promised by Pyongyang in this round.
    Promised(u32),
}

/// Food on its way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    pub value: i32,
    pub monitored: bool,
    pub arrives: u32,
}

/// A detected violation waiting for the player's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub agreement: u32,
    pub step: StepTarget,
    pub round: u32,
    pub what: String,
}

/// Running counts for the score, the analysis and Pyongyang's learning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub verified_steps: i32,
    pub curtailments: i32,
    pub concessions: i32,
    pub concessions_after_step: i32,
    pub concessions_after_provocation: i32,
    pub concessions_unprompted: i32,
    pub aid_sent: i32,
    pub aid_reached: i32,
    pub aid_diverted: i32,
    pub spent: i32,
    pub provocations: i32,
    pub missile_tests: i32,
    pub violations: i32,
    pub violations_detected: i32,
    pub enforced: i32,
    pub ignored: i32,
    pub us_breaks: i32,
    pub threats_unkept: i32,
    pub sales: i32,
    pub sales_caught: i32,
    pub inspections: i32,
    pub peace_streak: i32,
    pub tension_sum: i64,
    pub famine_sum: i64,
    pub rounds: i32,
    /// Rounds the scenario has in all.
    pub scenario_rounds: i32,
    pub start: VarTable,
}

/// What happened recently, for conditions and for Pyongyang's learning.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    pub us: Vec<(u32, ActionIx)>,
    pub pyongyang: Vec<(u32, MoveKind)>,
    pub verified: Rounds,
    pub provocations: Rounds,
    pub strikes: Rounds,
    pub threats: Rounds,
    pub unmonitored_aid: Rounds,
    pub diversions: Rounds,
    pub unreciprocated: Rounds,
    pub violations_seen: Rounds,
    pub stalls: Rounds,
    pub concessions: Rounds,
    pub pressure: Rounds,
    pub us_breaks: Rounds,
}

clone_fields!(Recent {
    us,
    pyongyang,
    verified,
    provocations,
    strikes,
    threats,
    unmonitored_aid,
    diversions,
    unreciprocated,
    violations_seen,
    stalls,
    concessions,
    pressure,
    us_breaks,
});

impl Recent {
    /// Rounds of history kept.
    pub const KEEP: u32 = 12;

    /// Drops entries older than [`Recent::KEEP`] rounds before `round`.
    pub fn prune(&mut self, round: u32) {
        let keep_from = round.saturating_sub(Self::KEEP);
        // Entries are pushed in round order, so the old ones are a prefix.
        let old = self.us.partition_point(|e| e.0 < keep_from);
        self.us.drain(..old);
        let old = self.pyongyang.partition_point(|e| e.0 < keep_from);
        self.pyongyang.drain(..old);
        for v in [
            &mut self.verified,
            &mut self.provocations,
            &mut self.strikes,
            &mut self.threats,
            &mut self.unmonitored_aid,
            &mut self.diversions,
            &mut self.unreciprocated,
            &mut self.violations_seen,
            &mut self.stalls,
            &mut self.concessions,
            &mut self.pressure,
            &mut self.us_breaks,
        ] {
            v.prune(keep_from);
        }
    }
}

/// A set of recent rounds in which something happened: a window of 64 rounds as bits, so the
/// AI's lookahead copies and queries it without allocating. Rounds are added in play order;
/// [`Recent::prune`] keeps the last [`Recent::KEEP`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounds {
    /// The round of bit 0.
    base: u32,
    bits: u64,
}

impl Rounds {
    /// Adds a round. A round older than the whole window is dropped (never the newest).
    pub fn push(&mut self, r: u32) {
        if self.bits == 0 {
            self.base = r;
            self.bits = 1;
            return;
        }
        if r < self.base {
            let d = self.base - r;
            if d + (63 - self.bits.leading_zeros()) >= 64 {
                return;
            }
            self.bits <<= d;
            self.base = r;
        } else if r - self.base >= 64 {
            let d = r - self.base - 63;
            self.bits = if d >= 64 { 0 } else { self.bits >> d };
            self.base += d;
        }
        self.bits |= 1 << (r - self.base);
    }

    /// Whether round `r` is in the set.
    pub fn contains(&self, r: u32) -> bool {
        r >= self.base && r - self.base < 64 && (self.bits >> (r - self.base)) & 1 == 1
    }

    /// Whether a round within `within` rounds before `now` (0: `now` itself) is in the set.
    pub fn within(&self, now: u32, within: u32) -> bool {
        let lo = now.saturating_sub(within).max(self.base);
        if now < lo || lo - self.base >= 64 {
            return false;
        }
        let (from, to) = (lo - self.base, (now - self.base).min(63));
        let width = to - from + 1;
        let mask = if width >= 64 {
            u64::MAX
        } else {
            ((1u64 << width) - 1) << from
        };
        self.bits & mask != 0
    }

    /// Whether a round after `r` is in the set.
    pub fn any_after(&self, r: u32) -> bool {
        match (r + 1).checked_sub(self.base) {
            None | Some(0) => self.bits != 0,
            Some(d) if d >= 64 => false,
            Some(d) => self.bits >> d != 0,
        }
    }

    /// Drops rounds before `keep_from`.
    pub fn prune(&mut self, keep_from: u32) {
        if keep_from > self.base {
            let d = keep_from - self.base;
            self.bits = if d >= 64 { 0 } else { self.bits >> d };
            self.base = keep_from;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The rounds in the set, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..64u32)
            .filter(|k| (self.bits >> k) & 1 == 1)
            .map(|k| self.base + k)
    }
}

/// The player's picture of the hidden variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intel {
    /// Estimate per hidden variable (`Var::hidden_index`).
    pub estimate: [i32; 8],
    /// Uncertainty band (±) per hidden variable.
    pub band: [i32; 8],
    /// Collection on each hidden variable this round.
    pub looked: [bool; 8],
    /// The estimates a round ago, for trend arrows.
    pub previous: [i32; 8],
}

impl Intel {
    pub fn estimate_of(&self, v: Var) -> Option<(i32, i32)> {
        v.hidden_index().map(|i| (self.estimate[i], self.band[i]))
    }
}

/// Pyongyang's belief about one kind of U.S. response: successes in trials (prior included).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tendency {
    pub yes: f64,
    pub trials: f64,
}

impl Tendency {
    pub fn from_prior(percent: i32, strength: i32) -> Tendency {
        let trials = f64::from(strength.max(1));
        Tendency {
            yes: trials * f64::from(percent.clamp(0, 100)) / 100.0,
            trials,
        }
    }

    /// Expected chance of the response.
    pub fn p(&self) -> f64 {
        if self.trials <= 0.0 {
            0.5
        } else {
            (self.yes / self.trials).clamp(0.0, 1.0)
        }
    }

    /// Counts one observation.
    pub fn observe(&mut self, happened: bool) {
        self.observe_partial(happened, 1.0);
    }

    /// Counts part of an observation (`weight` 0–1): evidence that only partly bears on it.
    pub fn observe_partial(&mut self, happened: bool, weight: f64) {
        let weight = weight.clamp(0.0, 1.0);
        self.trials += weight;
        if happened {
            self.yes += weight;
        }
    }
}

/// The kinds of U.S. response Pyongyang learns about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    ConcedeAfterProvocation = 0,
    RewardAfterStep = 1,
    PunishAfterViolation = 2,
    ConcedeAfterStall = 3,
    StrikeAfterThreat = 4,
    KeepsPromises = 5,
    ConcedeUnprompted = 6,
    PressureUnprompted = 7,
    PunishAfterProvocation = 8,
}

impl Response {
    pub const ALL: [Response; 9] = [
        Response::ConcedeAfterProvocation,
        Response::RewardAfterStep,
        Response::PunishAfterViolation,
        Response::ConcedeAfterStall,
        Response::StrikeAfterThreat,
        Response::KeepsPromises,
        Response::ConcedeUnprompted,
        Response::PressureUnprompted,
        Response::PunishAfterProvocation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Response::ConcedeAfterProvocation => "U.S. concedes after a provocation",
            Response::RewardAfterStep => "U.S. rewards a verified step",
            Response::PunishAfterViolation => "U.S. punishes a detected violation",
            Response::ConcedeAfterStall => "U.S. sweetens after a stall",
            Response::StrikeAfterThreat => "U.S. strikes after threatening",
            Response::KeepsPromises => "U.S. keeps its promises",
            Response::ConcedeUnprompted => "U.S. concedes unprompted",
            Response::PressureUnprompted => "U.S. applies pressure unprompted",
            Response::PunishAfterProvocation => "U.S. answers a provocation with pressure",
        }
    }
}

/// Pyongyang's private state: its drawn type and its opponent model.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Mind {
    pub type_ix: u16,
    pub belief: [Tendency; 9],
    /// How often the U.S. has taken each action (indexed like `Rules::actions`).
    pub us_counts: Vec<u32>,
}

clone_fields!(Mind {
    type_ix,
    belief,
    us_counts,
});

impl Mind {
    pub fn p(&self, r: Response) -> f64 {
        self.belief[r as usize].p()
    }

    pub fn observe(&mut self, r: Response, happened: bool) {
        self.belief[r as usize].observe(happened);
    }
}

/// The true state of a game.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The round being planned (1-based).
    pub round: u32,
    pub vars: VarTable,
    pub flags: Vec<bool>,
    pub sites: Vec<SiteState>,
    pub agreements: Vec<Agreement>,
    pub next_agreement: u32,
    /// A U.S. offer Pyongyang stalled on, still on the table.
    pub offer: Option<OpenOffer>,
    /// Pyongyang's counter-offer, waiting for the player.
    pub counter: Option<Offer>,
    pub inspections: Vec<Inspection>,
    pub monitors: Monitors,
    pub talks: Talks,
    pub shipments: Vec<Shipment>,
    /// Detected violations waiting for the player's decision.
    pub notices: Vec<Notice>,
    /// Round of a U.S. strike Pyongyang has not answered.
    pub unanswered_strike: Option<u32>,
    /// Round of a U.S. threat Pyongyang has not answered.
    pub unanswered_threat: Option<u32>,
    /// Round of the last U.S. threat, for keeping or breaking it.
    pub threat_open: Option<u32>,
    /// The U.S. is searching ships this round.
    pub interdicting: bool,
    pub recent: Recent,
    pub tally: Tally,
    /// Events that have fired.
    pub fired: Vec<bool>,
    pub outcome: Option<OutcomeKind>,
    pub intel: Intel,
    pub mind: Mind,
}

clone_fields!(State {
    round,
    vars,
    flags,
    sites,
    agreements,
    next_agreement,
    offer,
    counter,
    inspections,
    monitors,
    talks,
    shipments,
    notices,
    unanswered_strike,
    unanswered_threat,
    threat_open,
    interdicting,
    recent,
    tally,
    fired,
    outcome,
    intel,
    mind,
});

impl State {
    pub fn get(&self, v: Var) -> i32 {
        self.vars[v]
    }

    /// Active agreements.
    pub fn active_agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.agreements.iter().filter(|a| a.active())
    }

    /// Whether an active agreement includes this step kind.
    pub fn has_agreement(&self, kind: StepKind) -> bool {
        self.active_agreements().any(|a| a.has(kind))
    }

    /// Whether a site is under an active freeze.
    pub fn frozen(&self, site: SiteIx) -> bool {
        self.active_agreements().any(|a| {
            a.obligations
                .iter()
                .any(|o| o.step.kind == StepKind::Freeze && o.step.site == Some(site))
        })
    }

    /// The agreement with this id. Agreements are kept in the order they were made, which is the
    /// order of their ids.
    pub fn agreement(&self, id: u32) -> Option<&Agreement> {
        let i = self.agreements.binary_search_by_key(&id, |a| a.id).ok()?;
        self.agreements.get(i)
    }

    pub fn agreement_mut(&mut self, id: u32) -> Option<&mut Agreement> {
        let i = self.agreements.binary_search_by_key(&id, |a| a.id).ok()?;
        self.agreements.get_mut(i)
    }
}

#[cfg(test)]
mod tests {
    use super::Rounds;
    use proptest::prelude::*;

    proptest! {
        /// `Rounds` answers every query as a plain list of the same rounds would, when rounds
        /// are added in play order (several per round, or none) and pruned to the last twelve.
        #[test]
        fn rounds_match_a_list(steps in proptest::collection::vec((0u32..3, 0u32..4), 1..120),
                               queries in proptest::collection::vec((0u32..20, 0u32..20), 8)) {
            let (mut set, mut list) = (Rounds::default(), Vec::<u32>::new());
            let mut now = 0u32;
            for (advance, pushes) in steps {
                now += advance;
                let keep_from = now.saturating_sub(12);
                set.prune(keep_from);
                list.retain(|&r| r >= keep_from);
                for _ in 0..pushes {
                    set.push(now);
                    list.push(now);
                }
                for &(back, within) in &queries {
                    let r = now.saturating_sub(back);
                    prop_assert_eq!(set.contains(r), list.contains(&r));
                    prop_assert_eq!(
                        set.within(now, within),
                        list.iter().any(|&x| x <= now && now - x <= within)
                    );
                    prop_assert_eq!(set.any_after(r), list.iter().any(|&x| x > r));
                }
                let mut distinct = list.clone();
                distinct.dedup();
                prop_assert_eq!(set.iter().collect::<Vec<_>>(), distinct);
                prop_assert_eq!(set.is_empty(), list.is_empty());
            }
        }
    }

    #[test]
    fn rounds_far_apart_keep_the_newest() {
        let mut s = Rounds::default();
        s.push(3);
        s.push(200);
        assert!(s.contains(200));
        assert!(!s.contains(3));
        s.push(1);
        assert!(s.contains(200), "an old round never pushes out the newest");
        assert!(s.within(205, 5));
        assert!(!s.within(206, 5));
    }
}
