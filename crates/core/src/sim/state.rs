//! The true state of a game: variables, sites, agreements, open offers and demands, shipments,
//! Pyongyang's mind, the player's intelligence picture, and running tallies for the score.
//!
//! Fields are readable by the whole crate but only the resolution code (`sim::resolve`) changes
//! them during play.

use crate::sim::rules::{ActionIx, SiteIx, StepTarget};
use crate::sim::vars::{Hidden, Var, VarTable};
use crate::sim::vocab::{Finding, MoveKind, OutcomeKind, Sequencing, StepKind, Truth};
use serde::{Deserialize, Serialize};

/// A site in play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteState {
    /// What is really there (hidden from the player).
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
    /// The step owed.
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
    /// The name the player reads.
    pub name: String,
    /// The U.S. rewards owed.
    pub gives: Vec<ActionIx>,
    /// Pyongyang's steps owed, one per step asked.
    pub obligations: Vec<Obligation>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// Round by which one-off steps must be claimed.
    pub deadline: Option<u32>,
    /// The round it was made.
    pub since: u32,
    /// The U.S. rewards have been delivered.
    pub delivered: bool,
    /// How many of the rewards, in order, have been delivered (all once `delivered`).
    #[serde(default)]
    pub paid: u32,
    /// $M set aside for rewards not yet delivered.
    pub escrow: i32,
    /// The level's agreement this one was made from, if any (for its upkeep).
    pub template: Option<u16>,
    /// Why and in which round it ended; `None` while in force.
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
    paid,
    escrow,
    template,
    ended,
});

impl Agreement {
    /// Whether it is still in force.
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
    /// The U.S. actions offered as rewards.
    pub gives: Vec<ActionIx>,
    /// The steps asked for.
    pub asks: Vec<StepTarget>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// Rounds allowed for the steps.
    pub deadline: Option<u32>,
}

/// An offer waiting for an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenOffer {
    /// The offer.
    pub offer: Offer,
    /// The round it was made.
    pub made: u32,
    /// Rounds Pyongyang has stalled on it.
    pub stalls: u32,
    /// $M set aside for it.
    pub escrow: i32,
}

/// A demand to inspect a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    /// The site to inspect.
    pub site: SiteIx,
    /// The round the demand was made.
    pub since: u32,
    /// Percent of the evidence still there.
    pub evidence: i32,
    /// Rounds Pyongyang has stalled on it.
    pub stalls: u32,
    /// Part of an agreement (an `allow_inspection` step) rather than a bare demand.
    pub agreed: bool,
}

/// Aid monitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Monitors {
    /// No monitors, none asked for.
    Absent,
    /// The U.S. has asked for monitors.
    Requested,
    /// Monitors are in the country.
    Present,
}

/// The state of high-level talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Talks {
    /// No talks proposed or promised.
    None,
    /// Proposed by the U.S. in this round.
    Proposed(u32),
    /// Promised by Pyongyang in this round.
    Promised(u32),
}

/// Food on its way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    /// Its value in $M.
    pub value: i32,
    /// Whether aid monitors watch its distribution.
    pub monitored: bool,
    /// The round it arrives.
    pub arrives: u32,
}

/// A detected violation waiting for the player's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The agreement violated.
    pub agreement: u32,
    /// The step violated.
    pub step: StepTarget,
    /// The round it was detected.
    pub round: u32,
    /// What was found, in words.
    pub what: String,
}

/// Running counts for the score, the analysis and Pyongyang's learning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Steps the U.S. has verified.
    pub verified_steps: i32,
    /// Verified steps that curtail the missile or WMD programme.
    pub curtailments: i32,
    /// U.S. concessions made.
    pub concessions: i32,
    /// Concessions made in the round after a verified step.
    pub concessions_after_step: i32,
    /// Concessions made in the round after a provocation.
    pub concessions_after_provocation: i32,
    /// Concessions made with no step or provocation before them.
    pub concessions_unprompted: i32,
    /// Food aid sent ($M).
    pub aid_sent: i32,
    /// Food aid that reached the hungry ($M).
    pub aid_reached: i32,
    /// Food aid diverted to the elite and military ($M).
    pub aid_diverted: i32,
    /// Budget spent ($M).
    pub spent: i32,
    /// Provocations by Pyongyang.
    pub provocations: i32,
    /// Missile tests.
    pub missile_tests: i32,
    /// Violations of agreements, seen or not.
    pub violations: i32,
    /// Violations the U.S. detected.
    pub violations_detected: i32,
    /// Detected violations the U.S. enforced.
    pub enforced: i32,
    /// Detected violations the U.S. let pass.
    pub ignored: i32,
    /// Agreements the U.S. broke.
    pub us_breaks: i32,
    /// Strike threats not carried out.
    pub threats_unkept: i32,
    /// Missile sales abroad.
    pub sales: i32,
    /// Missile sales caught at sea.
    pub sales_caught: i32,
    /// Inspections carried out.
    pub inspections: i32,
    /// Rounds in a row the peace conditions have held.
    pub peace_streak: i32,
    /// For each ally (the level's order): rounds in a row its confidence has been at or below
    /// its breaking point.
    #[serde(default)]
    pub ally_low: [u32; 3],
    /// For each ally: whether it has broken with the U.S. approach.
    #[serde(default)]
    pub ally_broken: [bool; 3],
    /// Tension summed over the rounds played.
    pub tension_sum: i64,
    /// Famine severity summed over the rounds played.
    pub famine_sum: i64,
    /// Rounds played.
    pub rounds: i32,
    /// Rounds the scenario has in all.
    pub scenario_rounds: i32,
    /// True values at the start of the game.
    pub start: VarTable,
}

/// What happened recently, for conditions and for Pyongyang's learning.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    /// U.S. actions taken, with their rounds.
    pub us: Vec<(u32, ActionIx)>,
    /// Pyongyang's moves, with their rounds.
    pub pyongyang: Vec<(u32, MoveKind)>,
    /// Rounds with a verified step.
    pub verified: Rounds,
    /// Rounds with a provocation.
    pub provocations: Rounds,
    /// Rounds with a U.S. strike.
    pub strikes: Rounds,
    /// Rounds with a U.S. strike threat.
    pub threats: Rounds,
    /// Rounds unmonitored aid arrived.
    pub unmonitored_aid: Rounds,
    /// Rounds aid was diverted.
    pub diversions: Rounds,
    /// Rounds with an unreciprocated U.S. concession.
    pub unreciprocated: Rounds,
    /// Rounds a violation was detected.
    pub violations_seen: Rounds,
    /// Rounds Pyongyang stalled.
    pub stalls: Rounds,
    /// Rounds with a U.S. concession.
    pub concessions: Rounds,
    /// Rounds with U.S. pressure.
    pub pressure: Rounds,
    /// Rounds the U.S. broke an agreement.
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

    /// Whether the set has no rounds.
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
    /// Estimate per hidden variable.
    pub estimate: Hidden<i32>,
    /// Uncertainty band (±) per hidden variable.
    pub band: Hidden<i32>,
    /// Collection on each hidden variable this round.
    pub looked: Hidden<bool>,
    /// The estimates a round ago, for trend arrows.
    pub previous: Hidden<i32>,
}

impl Intel {
    /// The player's estimate of `v` and its band (±); `None` for a variable seen exactly.
    pub fn estimate_of(&self, v: Var) -> Option<(i32, i32)> {
        Some((*self.estimate.get(v)?, *self.band.get(v)?))
    }
}

/// Pyongyang's belief about one kind of U.S. response: successes in trials (prior included).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tendency {
    /// Successes observed, the prior's included.
    pub yes: f64,
    /// Trials observed, the prior's included.
    pub trials: f64,
}

impl Tendency {
    /// A belief worth `strength` observations with `percent` successes.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::EnumCount)]
pub enum Response {
    /// The U.S. concedes after a provocation.
    ConcedeAfterProvocation = 0,
    /// The U.S. rewards a verified step.
    RewardAfterStep = 1,
    /// The U.S. punishes a detected violation.
    PunishAfterViolation = 2,
    /// The U.S. sweetens its offer after a stall.
    ConcedeAfterStall = 3,
    /// The U.S. strikes after threatening to.
    StrikeAfterThreat = 4,
    /// The U.S. delivers what it promised.
    KeepsPromises = 5,
    /// The U.S. concedes in a quiet round.
    ConcedeUnprompted = 6,
    /// The U.S. applies pressure in a quiet round.
    PressureUnprompted = 7,
    /// The U.S. answers a provocation with pressure.
    PunishAfterProvocation = 8,
}

impl Response {
    /// Every kind of response, in the order of [`Mind::belief`].
    pub const ALL: &'static [Response] = <Response as strum::VariantArray>::VARIANTS;

    /// The response in words, for the debrief.
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

/// Pyongyang's belief about each kind of U.S. response, looked up by the [`Response`] (written
/// as a plain array in saves and records, in `Response::ALL` order).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Beliefs(pub [Tendency; <Response as strum::EnumCount>::COUNT]);

impl Beliefs {
    /// A belief for each kind of response, from a function of the response.
    pub fn from_fn(mut f: impl FnMut(Response) -> Tendency) -> Beliefs {
        Beliefs(std::array::from_fn(|i| f(Response::ALL[i])))
    }
}

impl std::ops::Index<Response> for Beliefs {
    type Output = Tendency;
    fn index(&self, r: Response) -> &Tendency {
        &self.0[r as usize]
    }
}

impl std::ops::IndexMut<Response> for Beliefs {
    fn index_mut(&mut self, r: Response) -> &mut Tendency {
        &mut self.0[r as usize]
    }
}

/// Pyongyang's private state: its drawn type and its opponent model.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Mind {
    /// The drawn type (index into `Rules::types`).
    pub type_ix: u16,
    /// What it believes about each kind of U.S. response.
    pub belief: Beliefs,
    /// How often the U.S. has taken each action (indexed like `Rules::actions`).
    pub us_counts: Vec<u32>,
}

clone_fields!(Mind {
    type_ix,
    belief,
    us_counts,
});

impl Mind {
    /// The chance it gives the U.S. response `r`.
    pub fn p(&self, r: Response) -> f64 {
        self.belief[r].p()
    }

    /// Updates its belief about `r` with one observation.
    pub fn observe(&mut self, r: Response, happened: bool) {
        self.belief[r].observe(happened);
    }
}

/// The true state of a game.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The round being planned (1-based).
    pub round: u32,
    /// The true values.
    pub vars: VarTable,
    /// The level's flags, by index.
    pub flags: Vec<bool>,
    /// The sites, in the level's order.
    pub sites: Vec<SiteState>,
    /// Every agreement made, in force or ended, in order of id.
    pub agreements: Vec<Agreement>,
    /// The id the next agreement gets.
    pub next_agreement: u32,
    /// A U.S. offer Pyongyang stalled on, still on the table.
    pub offer: Option<OpenOffer>,
    /// Pyongyang's counter-offer, waiting for the player.
    pub counter: Option<Offer>,
    /// Open inspection demands.
    pub inspections: Vec<Inspection>,
    /// Aid monitors.
    pub monitors: Monitors,
    /// High-level talks.
    pub talks: Talks,
    /// Food aid on its way.
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
    /// What happened in recent rounds.
    pub recent: Recent,
    /// Running counts.
    pub tally: Tally,
    /// Events that have fired.
    pub fired: Vec<bool>,
    /// How the game ended, once it has.
    pub outcome: Option<OutcomeKind>,
    /// The player's picture of the hidden variables.
    pub intel: Intel,
    /// Pyongyang's private state.
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
    /// The true value of `v`.
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

    /// The agreement with this id, to change.
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

/// What the other side may know when it decides: its own true values, the public record and its
/// beliefs about the U.S. The U.S.'s intelligence picture (estimates, bands, what it looked at)
/// is blank and the violations the U.S. has detected but not yet answered are absent. The rules
/// build it each round; it is all the opponent is given.
#[derive(Debug, Clone)]
pub struct OpponentView {
    state: State,
}

impl OpponentView {
    /// The other side's view of `st`.
    pub fn of(st: &State) -> OpponentView {
        let mut state = st.clone();
        state.intel = Intel {
            estimate: crate::sim::vars::Hidden::splat(0),
            band: crate::sim::vars::Hidden::splat(0),
            looked: crate::sim::vars::Hidden::splat(false),
            previous: crate::sim::vars::Hidden::splat(0),
        };
        state.notices.clear();
        OpponentView { state }
    }

    /// The world as the other side knows it, for its lookahead to roll forward; the U.S.'s
    /// private picture in it is blank.
    pub fn world(&self) -> &State {
        &self.state
    }
}
