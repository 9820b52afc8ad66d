//! The rules of one level, compiled from its file: ids resolved to indices, dates to rounds,
//! assumption names to numbers. Built only by `level::compile`, read by everything else.

use crate::sim::vars::{Var, VarTable};
use crate::sim::vocab::{
    BriefingDef, Confidence, DebriefDef, Group, MoveKind, OutcomeKind, Place, Program, Sequencing,
    SourceDef, StepKind, TargetKind, Truth, YearMonth,
};
use serde::{Deserialize, Serialize};

/// Index of a site in [`Rules::sites`].
pub type SiteIx = u16;
/// Index of a flag in [`Rules::flags`].
pub type FlagIx = u16;
/// Index of a U.S. action in [`Rules::actions`].
pub type ActionIx = u16;
/// Index of an event in [`Rules::events`].
pub type EventIx = u16;

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// Always holds.
    Always,
    /// Never holds.
    Never,
    /// The variable is at least the value.
    AtLeast(Var, i32),
    /// The variable is at most the value.
    AtMost(Var, i32),
    /// The flag is set.
    Flag(FlagIx),
    /// The flag is not set.
    NoFlag(FlagIx),
    /// Round in `from..=to`.
    Round(u32, u32),
    /// Some agreement is in force.
    InAgreement,
    /// An agreement in force includes this step.
    HasAgreement(StepKind),
    /// No agreement in force includes this step.
    NoAgreement(StepKind),
    /// The U.S. took this action within the last N rounds (0: this round).
    UsDid(ActionIx, u32),
    /// Pyongyang made this move within the last N rounds (0: this round).
    OpponentDid(MoveKind, u32),
    /// The U.S. made an unreciprocated concession within the last N rounds.
    UnreciprocatedConcession(u32),
    /// The site's hidden truth is this.
    SiteIs(SiteIx, Truth),
    /// The U.S. has proposed talks and Pyongyang has not answered yet.
    TalksProposed,
    /// Talks are promised but not yet held.
    TalksPromised,
    /// Aid monitors are in the country.
    MonitorsPresent,
    /// The U.S. struck a site within the last N rounds.
    Struck(u32),
    /// The U.S. threatened strikes within the last N rounds.
    Threatened(u32),
    /// Some site of this programme is active.
    ActiveSite(Program),
    /// Unmonitored food aid has arrived within the last N rounds.
    UnmonitoredAid(u32),
    /// Food aid was diverted within the last N rounds (the hidden truth).
    AidDiverted(u32),
    /// The event has fired.
    Fired(EventIx),
    /// Every condition holds.
    All(Vec<Cond>),
    /// At least one condition holds.
    Any(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
}

impl Cond {
    /// The smallest range of rounds outside which the condition cannot hold (only its round
    /// conditions narrow it; everything else may hold at any time).
    pub fn rounds(&self) -> (u32, u32) {
        match self {
            Cond::Round(a, b) => (*a, *b),
            Cond::Never => (1, 0),
            Cond::All(cs) => cs
                .iter()
                .map(Cond::rounds)
                .fold((0, u32::MAX), |(a, b), (x, y)| (a.max(x), b.min(y))),
            Cond::Any(cs) if !cs.is_empty() => cs
                .iter()
                .map(Cond::rounds)
                .fold((u32::MAX, 0), |(a, b), (x, y)| (a.min(x), b.max(y))),
            _ => (0, u32::MAX),
        }
    }

    /// The same condition for use only inside `window` (the event's own): top-level round
    /// conditions that hold throughout the window are dropped, so a round does not test them
    /// again.
    pub fn within(self, window: (u32, u32)) -> Cond {
        let covers = |c: &Cond| matches!(*c, Cond::Round(a, b) if a <= window.0 && b >= window.1);
        match self {
            c if covers(&c) => Cond::Always,
            Cond::All(cs) => {
                let mut rest: Vec<Cond> = cs.into_iter().filter(|c| !covers(c)).collect();
                match rest.len() {
                    0 => Cond::Always,
                    1 => rest.pop().unwrap_or(Cond::Always),
                    _ => Cond::All(rest),
                }
            }
            c => c,
        }
    }
}

/// A compiled effect. Amounts taken from the assumption ledger are already numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Eff {
    /// Change a variable by the amount.
    Add(Var, i32),
    /// Set a variable to the amount.
    Set(Var, i32),
    /// Set a flag.
    SetFlag(FlagIx),
    /// Clear a flag.
    ClearFlag(FlagIx),
    /// Give the player an accurate look at a hidden variable this round.
    Reveal(Var),
    /// Shift the player's estimate of a hidden variable (bad intelligence).
    Mislead(Var, i32),
    /// Intelligence reports that the site is active, whether or not it is.
    Leak(SiteIx),
    /// Ship food aid worth `value` $M, watched by aid monitors or not.
    FoodAid {
        /// Its value in $M.
        value: i32,
        /// Whether aid agencies monitor its distribution.
        monitored: bool,
    },
    /// Ask to inspect the action's target site.
    DemandInspection,
    /// Point surveillance at the action's target variable.
    Surveil,
    /// Ask Pyongyang to accept aid monitors.
    RequestMonitors,
    /// Propose talks.
    ProposeTalks,
    /// Publicly threaten an air strike.
    ThreatenStrike,
    /// Strike the action's target site.
    Strike,
    /// Try to stop shipments at sea this round.
    Interdict,
    /// Stop aid shipments not yet delivered.
    SuspendAid,
    /// Start the level's agreement with this index in [`Rules::agreements`].
    StartAgreement(u16),
    /// End every agreement in force.
    EndAgreements,
    /// End the game with this outcome.
    EndGame(OutcomeKind),
}

/// A U.S. action.
#[derive(Debug, Clone)]
pub struct Action {
    /// The id used in level files and commands.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// The group it is listed under.
    pub group: Group,
    /// Action points it costs.
    pub ap: u32,
    /// Its cost in $M from the budget.
    pub cost: i32,
    /// What it is aimed at, if anything.
    pub target: TargetKind,
    /// When it may be taken.
    pub requires: Cond,
    /// Why `requires` may fail, shown to the player.
    pub requires_text: String,
    /// What it does.
    pub effects: Vec<Eff>,
    /// Whether it may be offered as a reward in an offer.
    pub offerable: bool,
    /// What it is, for the player.
    pub description: String,
    /// A source id or citation.
    pub source: String,
}

impl Action {
    /// Whether the action is a concession for reciprocity accounting.
    pub fn is_concession(&self) -> bool {
        self.group == Group::Concession
    }

    /// Whether the action is pressure (sanctions or military) for reciprocity accounting.
    pub fn is_pressure(&self) -> bool {
        matches!(self.group, Group::Pressure | Group::Military)
    }
}

/// The untargeted actions Pyongyang's opponent model may expect from the U.S.: concessions
/// (`[0]`) and pressure (`[1]`), in level order.
pub fn habit_candidates(actions: &[Action]) -> [Vec<ActionIx>; 2] {
    let pick = |concession: bool| {
        actions
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                a.target == crate::sim::vocab::TargetKind::None
                    && if concession {
                        a.group == Group::Concession
                    } else {
                        a.is_pressure() && a.group == Group::Pressure
                    }
            })
            .map(|(i, _)| i as ActionIx)
            .collect()
    };
    [pick(true), pick(false)]
}

/// One of Pyongyang's moves.
#[derive(Debug, Clone)]
pub struct Move {
    /// Which move this is.
    pub kind: MoveKind,
    /// Its id in level files (`missile_test`, or the level's own).
    pub id: String,
    /// Steps it breaks while they are owed under an agreement.
    pub breaks: Vec<StepKind>,
    /// Whether this level lets Pyongyang make it.
    pub enabled: bool,
    /// The name the player reads.
    pub name: String,
    /// Whether the U.S. sees the move when it is made.
    pub public: bool,
    /// Whether the U.S. would read it as a provocation.
    pub provocation: bool,
    /// Prestige the regime feels it gains (negative: loses) by the move.
    pub face: i32,
    /// When Pyongyang may make it.
    pub requires: Cond,
    /// What it does.
    pub effects: Vec<Eff>,
    /// What it is, for the player.
    pub description: String,
    /// A source id or citation.
    pub source: String,
}

/// An ally whose confidence the U.S. must keep.
#[derive(Debug, Clone)]
pub struct Ally {
    /// The variable that holds its confidence (`seoul`, `tokyo`, or the level's own).
    pub var: Var,
    /// Its name.
    pub name: String,
    /// Rounds in a row at or below the breaking point before it breaks (0: never).
    pub patience: u32,
    /// The confidence at or below which its patience runs down.
    pub breaking_point: i32,
    /// What its break does.
    pub on_break: Vec<Eff>,
    /// What the break means, for the news.
    pub break_text: String,
    /// A source id or citation.
    pub source: String,
}

/// A variable the level adds.
#[derive(Debug, Clone)]
pub struct OwnVar {
    /// Its id in level files and commands.
    pub id: String,
    /// The variable itself.
    pub var: Var,
    /// The least it can be.
    pub min: i32,
    /// The most it can be.
    pub max: i32,
    /// Added each round.
    pub drift: i32,
    /// What one point is worth to the other side, in percent of a point of its economy.
    pub worth: i32,
    /// Its weight in the grade (0: not scored).
    pub score: i32,
    /// Whether a rise is good news for the U.S. (colours only).
    pub rise_is_good: Option<bool>,
    /// A source id or citation.
    pub source: String,
}

/// A step Pyongyang can be asked for.
#[derive(Debug, Clone)]
pub struct Step {
    /// Which step this is.
    pub kind: StepKind,
    /// Its id in offers and commands (`test_moratorium`, or the level's own).
    pub id: String,
    /// How a level's own one-off step is verified once claimed (built-in steps have their own
    /// rules).
    pub verify: crate::sim::vocab::VerifyDef,
    /// Rounds a level's own ongoing step must be kept to count as verified.
    pub kept_rounds: u32,
    /// The name the player reads.
    pub name: String,
    /// Effects when Pyongyang carries it out (once for one-off steps, at acceptance for ongoing ones).
    pub effects: Vec<Eff>,
    /// How it is verified, in words.
    pub verification: String,
    /// What it is, for the player.
    pub description: String,
}

/// A site's rule for its hidden truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TruthRule {
    /// Always this truth.
    Fixed(Truth),
    /// Percent weights for active, empty, cleaned.
    Chance([u32; 3]),
}

/// A suspected facility.
#[derive(Debug, Clone)]
pub struct Site {
    /// The id used in level files and commands.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// Latitude, for the map.
    pub lat: f32,
    /// Longitude, for the map.
    pub lon: f32,
    /// The programme the site would serve.
    pub program: Program,
    /// How its hidden truth is set at the start of a game.
    pub truth: TruthRule,
    /// Whether U.S. intelligence suspects it at the start.
    pub suspected: bool,
    /// A declared facility: work found there is not a violation unless frozen.
    pub declared: bool,
    /// What an inspection before the game found there, if one did.
    pub finding: Option<crate::sim::vocab::Finding>,
    /// A note for the player.
    pub note: String,
    /// A source id or citation.
    pub source: String,
}

/// A step named in an agreement template or offer, with its site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StepTarget {
    /// The kind of step.
    pub kind: StepKind,
    /// The site it names (`freeze`, `allow_inspection`).
    pub site: Option<SiteIx>,
}

/// An agreement the level defines (in force at the start, or started by an event).
#[derive(Debug, Clone)]
pub struct AgreementTemplate {
    /// The id used in level files and by `StartAgreement`.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// U.S. actions still owed under it.
    pub gives: Vec<ActionIx>,
    /// The steps asked of Pyongyang.
    pub steps: Vec<StepTarget>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// Effects each round while it is in force.
    pub upkeep: Vec<Eff>,
    /// Whether it is in force when the game starts.
    pub in_force: bool,
    /// A note for the player.
    pub note: String,
    /// A source id or citation.
    pub source: String,
}

/// A level event.
#[derive(Debug, Clone)]
pub struct Event {
    /// The id used by `Fired` conditions.
    pub id: String,
    /// The rounds in which `when` can hold at all (from its date conditions), so the rules skip
    /// the event outside them without evaluating it.
    pub window: (u32, u32),
    /// The trigger.
    pub when: Cond,
    /// Percent chance each round the trigger holds.
    pub chance: u32,
    /// Whether it fires at most once per game.
    pub once: bool,
    /// What it does.
    pub effects: Vec<Eff>,
    /// The news headline.
    pub headline: String,
    /// The news text under the headline.
    pub body: String,
    /// A source id or citation.
    pub source: String,
    /// The site where the map shows it, if any.
    pub site: Option<SiteIx>,
    /// Where on the map it happens, if not at a site.
    pub place: Option<Place>,
}

/// For each round from 0 to the last, the events whose window includes it, in level order.
pub fn event_schedule(events: &[Event], rounds: u32) -> Vec<Vec<u16>> {
    (0..=rounds.saturating_add(1))
        .map(|r| {
            (0..events.len())
                .filter(|&i| (events[i].window.0..=events[i].window.1).contains(&r))
                .map(|i| i as u16)
                .collect()
        })
        .collect()
}

/// A personality type Pyongyang may be.
#[derive(Debug, Clone)]
pub struct Personality {
    /// The id used in level files.
    pub id: String,
    /// The name shown in the debrief.
    pub name: String,
    /// Relative chance of being drawn.
    pub weight: u32,
    /// What the type is, shown in the debrief.
    pub description: String,
    /// Weight on regime survival (0–100).
    pub survival: i32,
    /// Weight on economic gain (0–100).
    pub economy: i32,
    /// Weight on prestige and face (0–100).
    pub face: i32,
    /// How much openness above the tolerance is feared (0–100).
    pub opening_fear: i32,
    /// Openness the regime tolerates before it feels threatened (0–100).
    pub opening_tolerance: i32,
    /// Appetite for risky moves (0 averse – 100 reckless).
    pub risk: i32,
    /// Readiness to cheat on agreements when it may go unseen (0–100).
    pub deception: i32,
    /// How much the future counts (0 only now – 100 far-sighted).
    pub patience: i32,
}

/// Declares Pyongyang's prior from one list of (field, doc): the struct, the names as a level's
/// `prior` block and the ledger (`prior_<name>`) spell them, and building and listing it by name.
macro_rules! prior {
    ($($(#[doc = $doc:literal])* $name:ident),* $(,)?) => {
        /// Pyongyang's prior about U.S. responses (percent) and its strength (pseudo-observations).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Prior {
            $($(#[doc = $doc])* pub $name: i32,)*
        }

        impl Prior {
            /// The beliefs' names, as a level's `prior` block and the ledger (`prior_<name>`)
            /// spell them; `strength` last.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// The beliefs, each given by `value(name)` for a name of [`Prior::NAMES`].
            pub fn from_fn(mut value: impl FnMut(&'static str) -> i32) -> Prior {
                Prior { $($name: value(stringify!($name)),)* }
            }

            /// The beliefs with their names, in the order of [`Prior::NAMES`].
            pub fn values(&self) -> Vec<(&'static str, i32)> {
                vec![$((stringify!($name), self.$name)),*]
            }
        }
    };
}

prior! {
    /// Chance the U.S. offers a concession after a provocation.
    concede_after_provocation,
    /// Chance the U.S. answers a provocation with pressure.
    punish_after_provocation,
    /// Chance the U.S. rewards a verified step.
    reward_after_step,
    /// Chance the U.S. punishes a detected violation.
    punish_after_violation,
    /// Chance the U.S. sweetens its offer after a stall.
    concede_after_stall,
    /// Chance the U.S. strikes after threatening to.
    strike_after_threat,
    /// Chance the U.S. delivers what it promised.
    keeps_promises,
    /// Chance in a quiet round that the U.S. makes a concession anyway.
    concede_unprompted,
    /// Chance in a quiet round that the U.S. applies pressure anyway.
    pressure_unprompted,
    /// How many observations the prior is worth.
    strength,
}

/// Intelligence parameters.
#[derive(Debug, Clone)]
pub struct IntelParams {
    /// Band (±) of every estimate at the start.
    pub start_band: i32,
    /// How much a band widens each round with no collection on that variable.
    pub widen: i32,
    /// The widest a band gets.
    pub max_band: i32,
    /// Largest random step of an estimate's error each round with no collection (normal difficulty).
    pub drift: i32,
    /// Band after a direct look.
    pub narrow_to: i32,
    /// Starting error per hidden variable (estimate minus truth).
    pub start_error: crate::sim::vars::Hidden<i32>,
    /// Band of the other side's reading of Washington (see `OpponentSeat::reading`).
    pub their_band: i32,
}

/// Outcome thresholds.
#[derive(Debug, Clone)]
pub struct Outcomes {
    /// Tension at which war breaks out.
    pub war_tension: i32,
    /// Regime security at or below which the regime collapses.
    pub collapse_security: i32,
    /// Nuclear progress at which breakout is declared.
    pub breakout_nuclear: i32,
    /// Congress support at or below which the mandate is lost.
    pub mandate_congress: i32,
    /// Verified steps over the game that verified peace needs.
    pub peace_steps: i32,
    /// Whether one of them must curtail the missile or WMD programme.
    pub peace_need_curtailment: bool,
    /// Normalization verified peace needs.
    pub peace_normalization: i32,
    /// Tension at or below which verified peace may hold.
    pub peace_tension: i32,
    /// Rounds the peace conditions must hold in a row.
    pub peace_hold: i32,
}

/// One entry of the assumption ledger, as the level sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    /// The ledger id (`aid_diversion_share`).
    pub id: String,
    /// The value the rules use.
    pub value: i32,
    /// The shipped value, where the level overrides it.
    pub default_value: Option<i32>,
    /// The causal claim, in words.
    pub claim: String,
    /// The unit of the value.
    pub unit: String,
    /// A source id or citation.
    pub source: String,
    /// How sure the sources are.
    pub confidence: Confidence,
    /// The range it may be set to (the sensitivity analysis sweeps it).
    pub min: i32,
    /// The largest value it may be set to.
    pub max: i32,
    /// The school of the debate whose mechanism it drives, if either.
    pub school: Option<crate::sim::vocab::School>,
}

/// Declares the ledger weights the rules read directly: the struct, the list of ids, and the
/// setter and getter by id, from one list.
macro_rules! weights {
    ($($id:ident),* $(,)?) => {
        /// The ledger weights the rules read directly, resolved once per level (see the ledger
        /// in `assets/rules/defaults.ron` for each one's claim, unit, range and source).
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct Weights {
            $(
                #[doc = concat!("The ledger weight `", stringify!($id), "`.")]
                pub $id: i32,
            )*
        }

        impl Weights {
            /// The ledger ids the rules read; `level::compile` fills them.
            pub const IDS: &'static [&'static str] = &[$(stringify!($id)),*];

            /// Sets the weight with this ledger id; false if the rules read no such weight.
            pub fn set(&mut self, id: &str, value: i32) -> bool {
                match id {
                    $(stringify!($id) => { self.$id = value; true })*
                    _ => false,
                }
            }

            /// The weight with this ledger id.
            pub fn get(&self, id: &str) -> Option<i32> {
                match id {
                    $(stringify!($id) => Some(self.$id),)*
                    _ => None,
                }
            }
        }
    };
}

weights! {
    aid_diversion_share,
    monitored_diversion_share,
    diversion_security_per_10m,
    aid_relief_per_10m,
    sanctions_bite,
    openness_threat,
    openness_growth,
    famine_unrest,
    sanctions_elite_squeeze,
    collapse_risk_per_point,
    strike_retaliation_war,
    unanswered_strike_security,
    unanswered_threat_security,
    strike_damage,
    war_regime_survival,
    congress_unreciprocated_penalty,
    congress_step_reward,
    evidence_decay_per_month,
    freeze_detection_inspected,
    covert_detection,
    export_detection,
    interdiction_success,
    lookaway_credibility,
    enforce_credibility,
    enforce_sanctions,
    broken_promise_credibility,
    tension_baseline,
    economy_baseline,
    security_baseline,
    congress_enforce_reward,
    congress_lookaway_penalty,
    enforce_tension,
    us_break_tension,
    reciprocity_window,
    exposure_congress,
    exposure_tokyo,
    refusal_tension,
    refusal_congress,
    threat_window,
    credibility_in_beliefs,
    aid_economy_per_30m,
    diversion_military_per_10m,
    economy_drift_rate,
    famine_economy_anchor,
    famine_drift_rate,
    security_drift_rate,
    famine_unrest_threshold,
    sanctions_squeeze_threshold,
    tension_drift_rate,
    military_drift_rate,
    congress_baseline,
    congress_drift_rate,
    allies_drift_rate,
    openness_decay,
    monitors_openness,
    deterrent_value,
    deterrent_need_isolation,
    deterrent_relief_normalization,
    normalization_value,
    trust_shadow,
    freeze_slowdown,
    weakness_generalization,
    provocation_learning,
    utility_collapse,
    utility_brink,
    utility_famine_weight,
    utility_opening_scale,
    utility_risk_scale,
    utility_risk_threshold,
    utility_war_risk,
    utility_face_scale,
    face_fatigue_window,
    face_fatigue_keep,
    broken_commitment_face,
    discount_base,
    discount_patience,
    rollout_leverage_rate,
    decision_inertia,
    counter_extra_rewards,
    counter_softens_sequencing,
    score_weight_security,
    score_weight_nonproliferation,
    score_weight_humanitarian,
    score_weight_alliances,
    score_weight_domestic,
    score_weight_cost,
    score_weight_diplomacy,
    score_cost_scale,
    score_curtailment_credit,
    score_peace_bonus,
    score_cap_war,
    score_cap_breakout,
    score_cap_mandate,
    score_cap_collapse,
    score_nonproliferation_base,
    score_aid_credit_cap,
}

/// A scripted U.S. policy, compiled: what to do round by round.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The id used by `simulate --policy` and the class view.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// What the policy is, in words.
    pub about: String,
    /// A source id or citation for the policy as a whole.
    pub source: String,
    /// Whether detected violations are answered with pressure.
    pub enforce: bool,
    /// Whether Pyongyang's counter-offers are accepted.
    pub accept_counters: bool,
    /// What it does, window by window.
    pub steps: Vec<PolicyStep>,
}

/// What a policy does from round `first` to round `last`.
#[derive(Debug, Clone)]
pub struct PolicyStep {
    /// The first round of the window.
    pub first: u32,
    /// The last round of the window.
    pub last: u32,
    /// (action id, target id).
    pub actions: Vec<(String, Option<String>)>,
    /// (rewards by action id, steps as typed, sequencing, deadline).
    pub offer: Option<(
        Vec<String>,
        Vec<String>,
        crate::sim::vocab::Sequencing,
        Option<u32>,
    )>,
    /// Level agreements (by id) the U.S. withdraws from in this window.
    pub withdraw: Vec<String>,
}

/// Everything the rules need to know about one level.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The fingerprint of these rules for matching a shipped sensitivity summary, computed on
    /// first use (it plays two games) by `analysis::sensitivity::model_key`. Rules are never
    /// changed after they are compiled, so it never goes stale.
    pub model_key: std::sync::OnceLock<String>,
    /// The level's id.
    pub id: String,
    /// The level's title.
    pub title: String,
    /// One paragraph on what the level is about.
    pub summary: String,
    /// The level's one-line question for a class (may be empty).
    pub question: String,
    /// Who wrote the level.
    pub author: String,
    /// The names of the level's world: the other side ("Pyongyang"), its country, adjective,
    /// news tag and border, the allies; shipped texts are filled with them.
    pub names: crate::sim::vocab::Names,
    /// Variable names as this level shows them.
    pub labels: [String; crate::sim::vars::VAR_COUNT],
    /// What each variable means, in this level's names (help and tooltips).
    pub meanings: [String; crate::sim::vars::VAR_COUNT],
    /// The map the level is played on.
    pub map: crate::sim::vocab::MapDef,
    /// The places the level names, for events and the map.
    pub places: Vec<crate::sim::vocab::PlaceDef>,
    /// Land drawn on a plain map.
    pub outlines: Vec<crate::sim::vocab::OutlineDef>,
    /// A border line drawn dashed on a plain map.
    pub border: Vec<(f32, f32)>,
    /// The publications the level cites.
    pub sources: Vec<SourceDef>,
    /// The month of round 1.
    pub start: YearMonth,
    /// Months per round.
    pub months_per_round: u32,
    /// Rounds in a game.
    pub rounds: u32,
    /// Action points per round.
    pub action_points: u32,
    /// U.S. budget at the start ($M, normal difficulty).
    pub budget_start: i32,
    /// U.S. budget added each round ($M, normal difficulty).
    pub budget_refill: i32,
    /// True starting values (budget included).
    pub initial: VarTable,
    /// How good the player's intelligence is.
    pub intel: IntelParams,
    /// Pyongyang's possible hidden types; one is drawn per game by weight.
    pub types: Vec<Personality>,
    /// Pyongyang's starting belief about U.S. responses.
    pub prior: Prior,
    /// The suspected facilities.
    pub sites: Vec<Site>,
    /// The level's flags, by name.
    pub flags: Vec<String>,
    /// The U.S. actions, in the order the player sees them.
    pub actions: Vec<Action>,
    /// Candidates for the U.S. habits the AI expects ([`habit_candidates`]).
    pub habits: [Vec<ActionIx>; 2],
    /// The level's own variables, in slot order.
    pub own_vars: Vec<OwnVar>,
    /// The allies, zero to three (the two built-in ones unless the level says otherwise).
    pub allies: Vec<Ally>,
    /// Built-in ally variables this level does not use (`tokyo` in a level with one ally):
    /// not shown, not scored, and the shipped rules' effects and conditions on them dropped.
    pub absent: Vec<Var>,
    /// Indexed by `MoveKind::index()`.
    pub moves: Vec<Move>,
    /// Indexed by `StepKind::index()`.
    pub steps: Vec<Step>,
    /// The level's agreements (in force at the start, or started by events).
    pub agreements: Vec<AgreementTemplate>,
    /// The level's events.
    pub events: Vec<Event>,
    /// Which events can fire in each round ([`event_schedule`]), so a round looks only at those.
    pub event_rounds: Vec<Vec<u16>>,
    /// When a game ends.
    pub outcomes: Outcomes,
    /// The text shown before play.
    pub briefing: BriefingDef,
    /// Which chairs a student may take, the other chair's briefing, and the AI Washington's
    /// policy.
    pub sides: crate::sim::vocab::SidesDef,
    /// The level's debrief texts: what actually happened, questions.
    pub debrief: DebriefDef,
    /// The teacher's packet: lesson plan, questions, rubric (absent: the level has none).
    pub teacher: Option<crate::sim::vocab::TeacherDef>,
    /// The assumption ledger: every causal weight, with its claim and source.
    pub ledger: Vec<Assumption>,
    /// The ledger weights the rules read directly.
    pub weights: Weights,
    /// Scripted U.S. policies the level defines.
    pub policies: Vec<Policy>,
    /// SHA-256 of the level file's bytes (hex), so records can tell an edited level.
    pub content_hash: String,
    /// How the level is played beyond its file (`level::Variant::key`); empty as written.
    pub variant: String,
}

impl Rules {
    /// Where a place is, as (latitude, longitude): a built-in one, or the level's.
    pub fn place_coords(&self, place: Place) -> Option<(f32, f32)> {
        match place {
            Place::Level(i) => self.places.get(usize::from(i)).map(|p| (p.lat, p.lon)),
            other => other.builtin_coords(),
        }
    }

    /// A place's name as news says it.
    pub fn place_name(&self, place: Place) -> String {
        match place {
            Place::Level(i) => self
                .places
                .get(usize::from(i))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            other => other.builtin_name().to_string(),
        }
    }

    /// The month a round is played in.
    pub fn month_of(&self, round: u32) -> YearMonth {
        self.start.plus(
            round
                .saturating_sub(1)
                .saturating_mul(self.months_per_round),
        )
    }

    /// A U.S. action by id.
    pub fn action_ix(&self, id: &str) -> Option<ActionIx> {
        self.actions
            .iter()
            .position(|a| a.id == id)
            .map(|i| i as ActionIx)
    }

    /// A site by id.
    pub fn site_ix(&self, id: &str) -> Option<SiteIx> {
        self.sites
            .iter()
            .position(|s| s.id == id)
            .map(|i| i as SiteIx)
    }

    /// The data of one of Pyongyang's moves.
    pub fn mv(&self, kind: MoveKind) -> &Move {
        &self.moves[kind.index()]
    }

    /// The data of a step.
    pub fn step(&self, kind: StepKind) -> &Step {
        &self.steps[kind.index()]
    }

    /// The steps an offer can ask for, each (as typed, in words, the step): a step taken at a
    /// site once for each site the U.S. names a suspect (`suspected`, by the site's position), the
    /// others once.
    pub fn askable_steps(&self, suspected: impl Fn(usize) -> bool) -> Vec<(String, String, &Step)> {
        let mut out = Vec::new();
        for step in &self.steps {
            if step.kind.takes_site() {
                for (_, site) in self.sites.iter().enumerate().filter(|(i, _)| suspected(*i)) {
                    out.push((
                        format!("{}:{}", step.id, site.id),
                        format!("{}: {}", step.name, site.name),
                        step,
                    ));
                }
            } else {
                out.push((step.id.clone(), step.name.clone(), step));
            }
        }
        out
    }

    /// How a step reads with its site ("Freeze a facility: Yongbyon").
    pub fn step_label(&self, t: StepTarget) -> String {
        let base = &self.step(t.kind).name;
        match t.site.and_then(|s| self.sites.get(s as usize)) {
            Some(site) => format!("{base}: {}", site.name),
            None => base.clone(),
        }
    }

    /// The command-line spelling of a step (`freeze:yongbyon`).
    pub fn step_id(&self, t: StepTarget) -> String {
        match t.site.and_then(|s| self.sites.get(s as usize)) {
            Some(site) => format!("{}:{}", self.step(t.kind).id, site.id),
            None => self.step(t.kind).id.clone(),
        }
    }

    /// A variable's name as this level shows it.
    pub fn label(&self, v: Var) -> &str {
        &self.labels[v.index()]
    }

    /// What a variable means, in this level's names.
    pub fn meaning(&self, v: Var) -> &str {
        &self.meanings[v.index()]
    }

    /// A ledger entry by id.
    pub fn assumption(&self, id: &str) -> Option<&Assumption> {
        self.ledger.iter().find(|a| a.id == id)
    }

    /// Every variable of this level: the built-in ones it uses, then the level's own.
    pub fn vars(&self) -> impl Iterator<Item = Var> + '_ {
        Var::BUILTIN
            .iter()
            .copied()
            .filter(|v| !self.absent.contains(v))
            .chain(self.own_vars.iter().map(|o| o.var))
    }

    /// The variables the player knows only as estimates, built-in first.
    pub fn hidden_vars(&self) -> impl Iterator<Item = Var> + '_ {
        self.vars().filter(|v| v.is_hidden())
    }

    /// The variables the player sees exactly, built-in first, with a third ally's confidence
    /// beside the other allies'.
    pub fn visible_vars(&self) -> impl Iterator<Item = Var> + '_ {
        let third = self
            .allies
            .iter()
            .map(|a| a.var)
            .find(|v| matches!(v, Var::Level(_)));
        let after = if self.absent.contains(&Var::Tokyo) {
            Var::Seoul
        } else {
            Var::Tokyo
        };
        self.vars()
            .filter(move |v| !v.is_hidden() && Some(*v) != third)
            .flat_map(move |v| {
                let extra = if v == after { third } else { None };
                std::iter::once(v).chain(extra)
            })
    }

    /// A level's own variable's definition.
    pub fn own_var(&self, v: Var) -> Option<&OwnVar> {
        match v {
            Var::Level(l) => self.own_vars.get(usize::from(l.slot)),
            _ => None,
        }
    }

    /// A variable's id in level files and commands.
    pub fn var_id(&self, v: Var) -> &str {
        self.own_var(v).map_or(v.id(), |o| o.id.as_str())
    }

    /// The variable with this id, built in or the level's own.
    pub fn var_by_id(&self, id: &str) -> Option<Var> {
        Var::from_id(id).or_else(|| self.own_vars.iter().find(|o| o.id == id).map(|o| o.var))
    }

    /// Every variable id, for suggestions.
    pub fn var_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.vars().map(|v| self.var_id(v))
    }

    /// Rounds an ongoing step must be kept, with no violation seen, before it counts as
    /// verified (0 for a one-off step, and for monitoring, verified once the monitors are in).
    pub fn kept_rounds_needed(&self, kind: StepKind) -> u32 {
        match kind {
            StepKind::TestMoratorium | StepKind::Freeze => 1,
            StepKind::HaltExports => 3,
            StepKind::Level(_) if kind.ongoing() => self.step(kind).kept_rounds,
            _ => 0,
        }
    }

    /// The steps an offer may ask for, as typed (`attend_talks, freeze:SITE, …`).
    pub fn step_list(&self) -> String {
        self.step_kinds()
            .map(|k| {
                let id = &self.step(k).id;
                if k.takes_site() {
                    format!("{id}:SITE")
                } else {
                    id.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A variable as a player may type it: its id (`humanitarian`) or the name the dashboard
    /// shows, in any case, with spaces or underscores (`Famine`, `missile_exports`).
    pub fn var_by_name(&self, name: &str) -> Option<Var> {
        self.var_by_id(name).or_else(|| {
            let typed = name_key(name);
            self.vars().find(|&v| name_key(self.label(v)) == typed)
        })
    }

    /// The name a player types for a variable: the dashboard's name in lower case with
    /// underscores (`missile_exports`).
    pub fn var_typed(&self, v: Var) -> String {
        name_key(self.label(v))
    }

    /// Every way a variable may be typed (its id and its dashboard name), for suggestions.
    pub fn var_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self.var_ids().map(str::to_string).collect();
        for v in self.vars() {
            let typed = self.var_typed(v);
            if !out.contains(&typed) {
                out.push(typed);
            }
        }
        out
    }

    /// The hidden variables as a player may type them: the dashboard's name, then the id where
    /// it differs (`famine (or humanitarian)`).
    pub fn hidden_var_list(&self) -> String {
        self.hidden_vars()
            .map(|v| {
                let typed = self.var_typed(v);
                let id = self.var_id(v);
                if typed == id {
                    typed
                } else {
                    format!("{typed} (or {id})")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The least and most a variable can be.
    pub fn range(&self, v: Var) -> (i32, i32) {
        self.own_var(v).map_or((0, v.max()), |o| (o.min, o.max))
    }

    /// Whether a rise is good news for the U.S. (colours only).
    pub fn rise_is_good(&self, v: Var) -> Option<bool> {
        match self.own_var(v) {
            Some(o) => o.rise_is_good,
            None => v.rise_is_good(),
        }
    }

    /// Every move of this level, built in first (disabled ones included).
    pub fn move_kinds(&self) -> impl Iterator<Item = MoveKind> + '_ {
        self.moves.iter().map(|m| m.kind)
    }

    /// The move with this id, built in or the level's own.
    pub fn move_by_id(&self, id: &str) -> Option<MoveKind> {
        self.moves.iter().find(|m| m.id == id).map(|m| m.kind)
    }

    /// Whether a step is done in the open (talks, letting inspectors in, a level's own step
    /// verified by being seen), so that it cannot be claimed without being done.
    pub fn done_in_open(&self, kind: StepKind) -> bool {
        match kind {
            StepKind::AttendTalks | StepKind::AllowInspection => true,
            StepKind::Level(_) => self.step(kind).verify == crate::sim::vocab::VerifyDef::Seen,
            _ => false,
        }
    }

    /// Every kind of step of this level, built in first.
    pub fn step_kinds(&self) -> impl Iterator<Item = StepKind> + '_ {
        self.steps.iter().map(|s| s.kind)
    }

    /// The kind of step with this id, built in or the level's own.
    pub fn step_by_id(&self, id: &str) -> Option<StepKind> {
        self.steps.iter().find(|s| s.id == id).map(|s| s.kind)
    }
}

/// A name as typed, compared without case, spaces or punctuation: `Missile exports` and
/// `missile_exports` are the same.
fn name_key(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_inside_its_window_drops_only_the_round_tests_the_window_implies() {
        let when = Cond::All(vec![Cond::Round(3, 5), Cond::AtLeast(Var::Tension, 55)]);
        let window = when.rounds();
        assert_eq!(window, (3, 5));
        assert_eq!(when.within(window), Cond::AtLeast(Var::Tension, 55));
        assert_eq!(Cond::Round(3, 5).within((3, 5)), Cond::Always);
        // A round test narrower than the window stays (here inside an `Any`, which widens it).
        let any = Cond::Any(vec![Cond::Round(3, 3), Cond::Round(7, 8)]);
        assert_eq!(any.clone().within(any.rounds()), any);
        let both = Cond::All(vec![Cond::Round(1, 9), Cond::Round(4, 6), Cond::Flag(0)]);
        assert_eq!(
            both.clone().within(both.rounds()),
            Cond::All(vec![Cond::Round(4, 6), Cond::Flag(0)]).within((4, 6))
        );
        assert_eq!(both.clone().within(both.rounds()), Cond::Flag(0));
    }

    #[test]
    fn a_variable_is_typed_as_the_dashboard_names_it() {
        assert_eq!(super::name_key("Missile exports"), "missile_exports");
        assert_eq!(super::name_key("  DPRK economy "), "dprk_economy");
        assert_eq!(super::name_key("U.S. credibility"), "u_s_credibility");
        assert_eq!(super::name_key("famine"), "famine");
    }
}
