//! The serde types of a level file (GAME.md §8) and of the shipped default rule data.
//!
//! Every struct rejects unknown fields. Ids are strings here; `level::compile` resolves them to
//! indices for the rules. `levels/README.md` documents every field.

use crate::sim::vars::Var;
pub use crate::sim::vocab::{
    BriefingDef, Confidence, DebriefDef, Group, HistoryNote, MapDef, MoveKind, OutcomeKind,
    OutlineDef, Place, PlaceDef, PlaceRef, Program, School, Sequencing, Side, SidesDef, SourceDef,
    StepKind, TargetKind, TipDef, TipExpect, Truth, VerifyDef, YearMonth,
};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A whole level file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Format version; 1 is the only one so far.
    #[serde(default = "one")]
    pub format: u32,
    /// Short unique id (`april-2000`), used by game records.
    pub id: String,
    /// The title shown on the level screen and in reports.
    pub title: String,
    /// One paragraph on what the level is about.
    pub summary: String,
    /// The one-line question the level puts to a class, shown on the scenario screen
    /// ("Can a freeze be bought without a war?").
    #[serde(default)]
    pub question: String,
    /// Who wrote the level.
    #[serde(default)]
    pub author: String,
    /// Who the player negotiates with, as news names them.
    #[serde(default)]
    pub opponent: OpponentDef,
    /// Names shown for variables instead of the shipped ones (`(economy, "Libyan economy")`).
    #[serde(default)]
    pub labels: Vec<VarLabel>,
    /// The map the game draws.
    #[serde(default)]
    pub map: MapDef,
    /// Named places events can happen at (`place: tehran`), drawn on the map.
    #[serde(default)]
    pub places: Vec<PlaceDef>,
    /// Land drawn on a plain map: countries, islands.
    #[serde(default)]
    pub outlines: Vec<OutlineDef>,
    /// A border or ceasefire line drawn dashed on a plain map, as (latitude, longitude) points.
    #[serde(default)]
    pub border: Vec<(f32, f32)>,
    /// Sources cited anywhere in the level, by id.
    #[serde(default)]
    pub sources: Vec<SourceDef>,
    /// Month of the first round, `"YYYY-MM"`.
    pub start: String,
    /// Months per round.
    #[serde(default = "one")]
    pub months_per_round: u32,
    /// Rounds in a game.
    pub rounds: u32,
    /// Action points per round.
    pub action_points: u32,
    /// The U.S. budget.
    pub budget: BudgetDef,
    /// True starting values of every variable but the budget.
    pub initial: InitialState,
    /// How good the player's intelligence is.
    #[serde(default)]
    pub intel: IntelDef,
    /// The other side's possible hidden types and its starting beliefs about the U.S. The
    /// section was called `pyongyang` before levels could be about any negotiation; that name is
    /// still read (see [`crate::level::OLD_SECTION_NAMES`]).
    #[serde(alias = "pyongyang")]
    pub opponent_mind: MindDef,
    /// Suspected facilities.
    #[serde(default)]
    pub sites: Vec<SiteDef>,
    /// Flags that events and conditions may set and test.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Changes to the shipped catalogue of U.S. actions.
    #[serde(default)]
    pub actions: CatalogueChanges<ActionDef, ActionPatch>,
    /// Changes to the shipped effects of the other side's moves (formerly `pyongyang_moves`).
    #[serde(default, alias = "pyongyang_moves")]
    pub opponent_moves: CatalogueChanges<MoveDef, MovePatch>,
    /// Changes to the shipped effects of the steps Pyongyang can be asked for.
    #[serde(default)]
    pub steps: Vec<StepPatch>,
    /// Agreements already in force when the game starts.
    #[serde(default)]
    pub agreements: Vec<AgreementDef>,
    /// Events that may fire during the game.
    #[serde(default)]
    pub events: Vec<EventDef>,
    /// When a game ends.
    #[serde(default)]
    pub outcomes: OutcomesDef,
    /// The text shown before play.
    pub briefing: BriefingDef,
    /// Which chairs a student may take, and the other chair's briefing.
    #[serde(default)]
    pub sides: SidesDef,
    /// The texts of the debrief: what actually happened, questions for discussion.
    #[serde(default)]
    pub debrief: DebriefDef,
    /// The teacher's packet: a lesson plan for one class period, discussion questions, a
    /// grading rubric.
    #[serde(default)]
    pub teacher: Option<crate::sim::vocab::TeacherDef>,
    /// Overrides of (or additions to) the assumption ledger.
    #[serde(default)]
    pub assumptions: Vec<AssumptionDef>,
    /// Other lengths the level can be played at (e.g. a class-period version): the same
    /// calendar in fewer, longer rounds.
    #[serde(default)]
    pub lengths: Vec<LengthDef>,
    /// A shipped assumption preset (`memo`, `engagement`) applied before the level's own
    /// `assumptions`.
    #[serde(default)]
    pub preset: Option<String>,
    /// Scripted U.S. policies (what the U.S. actually did, say), offered as strategies to
    /// `simulate` and used by the level's back-test.
    #[serde(default)]
    pub policies: Vec<PolicyDef>,
    /// The level's own variables, which its actions, moves, events, conditions and ends read
    /// and write by id.
    #[serde(default)]
    pub variables: Vec<VariableDef>,
    /// The level's own kinds of step, asked for by id in offers (`Step("cap")` in agreements).
    #[serde(default)]
    pub new_steps: Vec<NewStepDef>,
    /// The allies whose confidence the U.S. must keep, zero to three (absent: the two built-in
    /// ones, `seoul` and `tokyo`, as the labels name them).
    #[serde(default)]
    pub allies: Option<Vec<AllyDef>>,
    /// The ids of the level's own variables, moves and steps, as read before the file was
    /// parsed (not part of the file).
    #[serde(skip)]
    pub names: crate::sim::names::LevelNames,
}

/// An ally whose confidence the U.S. must keep.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllyDef {
    /// The id effects and conditions use for its confidence (`drava`); the first ally is also
    /// `seoul` and the second `tokyo`, as the shipped rules call them.
    pub id: String,
    /// Its name as the player reads it ("Drava").
    pub name: String,
    /// Its confidence in the U.S. approach when the game starts, 0–100 (default: `initial`'s
    /// `seoul` or `tokyo` for the first two, 50 for a third).
    #[serde(default)]
    pub start: Option<i32>,
    /// Rounds in a row its confidence may stay at or below `breaking_point` before it breaks
    /// with the U.S. approach (0: it never breaks).
    #[serde(default)]
    pub patience: u32,
    /// The confidence at or below which its patience runs down (default 20).
    #[serde(default = "default_breaking_point")]
    pub breaking_point: i32,
    /// What happens when it breaks (once a game): effects, with the news of it.
    #[serde(default)]
    pub on_break: Vec<Effect>,
    /// What the break means, for the news.
    #[serde(default)]
    pub break_text: String,
    /// A source id or citation for its patience and what its break does.
    #[serde(default)]
    pub source: String,
}

fn default_breaking_point() -> i32 {
    20
}

/// A variable the level adds to the world.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    /// The id effects and conditions use (`centrifuges`).
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// What it means, in a line, for help and tooltips.
    #[serde(default)]
    pub meaning: String,
    /// Whether the player knows it only as an estimate (surveillance narrows it).
    #[serde(default)]
    pub hidden: bool,
    /// Its value when the game starts.
    pub start: i32,
    /// The least it can be (default 0).
    #[serde(default)]
    pub min: i32,
    /// The most it can be (default 100).
    #[serde(default = "default_war")]
    pub max: i32,
    /// Added each round before anything else moves it: a number, or an assumption's id.
    #[serde(default = "zero_amount")]
    pub drift: Amount,
    /// What one point of it is worth to the other side, as a share in percent of one point of
    /// its economy (negative: a cost); a number, or an assumption's id.
    #[serde(default = "zero_amount")]
    pub worth: Amount,
    /// Whether a rise is good news for the U.S. (`Some(true)`), bad (`Some(false)`), or depends;
    /// colours, and which way it counts in the score.
    #[serde(default)]
    pub rise_is_good: Option<bool>,
    /// Its weight in the grade beside the ledger's `score_weight_*` (0: not scored): a number
    /// or an assumption's id.
    #[serde(default = "zero_amount")]
    pub score: Amount,
    /// A source id or citation for its meaning and start.
    #[serde(default)]
    pub source: String,
}

fn zero_amount() -> Amount {
    Amount::Lit(0)
}

/// A kind of step the level adds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStepDef {
    /// The id offers and commands use (`cap_enrichment`).
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// What it is, for the player.
    pub description: String,
    /// Effects when it is carried out (once for a one-off step, at acceptance for an ongoing
    /// one).
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Whether it is kept over time (a cap, a moratorium) rather than done once.
    #[serde(default)]
    pub ongoing: bool,
    /// For a one-off step: how it is verified once claimed.
    #[serde(default)]
    pub verified_by: VerifyDef,
    /// For an ongoing step: rounds it must be kept, with no violation seen, to count as
    /// verified (default 1).
    #[serde(default = "one_round")]
    pub kept_rounds: u32,
    /// How it is verified, in words, for the player.
    pub verification: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
}

fn one_round() -> u32 {
    1
}

/// A scripted U.S. policy: what to do month by month.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    /// The id used by `simulate --policy` and the class view.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// What the policy is, in words.
    #[serde(default)]
    pub about: String,
    /// A source id (or a citation) for the policy as a whole.
    #[serde(default)]
    pub source: String,
    /// How detected violations are answered.
    #[serde(default = "look_away")]
    pub violations: PolicyAnswer,
    /// Whether Pyongyang's counter-offers are accepted.
    #[serde(default)]
    pub accept_counters: bool,
    /// What it does, window by window.
    pub steps: Vec<PolicyStepDef>,
}

fn look_away() -> PolicyAnswer {
    PolicyAnswer::LookAway
}

/// How a scripted policy answers detected violations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyAnswer {
    /// Detected violations are answered with the sanctions the policy can reach.
    Enforce,
    /// Detected violations go unanswered.
    LookAway,
}

/// What a policy does in a window of months.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyStepDef {
    /// First and last month, `"YYYY-MM"`.
    pub from: String,
    /// Last month, `"YYYY-MM"`.
    pub to: String,
    /// Actions planned every round of the window (refused ones are skipped, as a player would).
    #[serde(default)]
    pub actions: Vec<PolicyActionDef>,
    /// An offer made whenever none is on the table.
    #[serde(default)]
    pub offer: Option<PolicyOfferDef>,
    /// Level agreements (by id) the U.S. withdraws from in this window, if they are in force
    /// (heavy fuel oil suspended in November 2002, say).
    #[serde(default)]
    pub withdraw: Vec<String>,
    /// Why, with its source: what the U.S. did then.
    #[serde(default)]
    pub note: String,
}

/// An action of a policy: an id, or an id and its target (`("inspect_site", "kumchang-ri")`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PolicyActionDef {
    /// An action with no target.
    Plain(String),
    /// An action and its target's id.
    Target(String, String),
}

/// An offer of a policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyOfferDef {
    /// U.S. action ids offered as rewards.
    pub give: Vec<String>,
    /// The steps asked for.
    pub ask: Vec<StepRef>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// Rounds to carry the steps out (1–12); the shipped default if absent.
    #[serde(default)]
    pub deadline: Option<u32>,
}

/// A bundle of assumption values: one school's reading of how the world works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// The preset's id, as a level's `preset` and `--preset` name it.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// What the preset assumes, in words.
    pub about: String,
    /// Assumption id → value.
    pub set: std::collections::BTreeMap<String, i32>,
}

/// Another length for a level: `rounds` rounds of `months_per_round` months. Events keep their
/// dates, so the arc of the scenario is kept; the rules per round are unchanged, so each side
/// makes fewer moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthDef {
    /// The id, as `--length` names it.
    pub id: String,
    /// The name the player reads ("Class period").
    pub name: String,
    /// Rounds in a game at this length.
    pub rounds: u32,
    /// Months per round at this length.
    pub months_per_round: u32,
}

fn one() -> u32 {
    1
}

fn hundred_percent() -> Amount {
    Amount::Lit(100)
}

fn yes() -> bool {
    true
}

/// The other side's names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpponentDef {
    /// Its capital or government as news names it ("Pyongyang").
    #[serde(default = "pyongyang")]
    pub name: String,
    /// The country ("North Korea").
    #[serde(default = "north_korea")]
    pub country: String,
    /// Its adjective ("North Korean"), for "a {adjective} delegation".
    #[serde(default = "north_korean")]
    pub adjective: String,
    /// The short tag of its news items in the terminal ("DPRK").
    #[serde(default = "dprk")]
    pub tag: String,
    /// Its armed border as news names it ("the DMZ").
    #[serde(default = "the_dmz")]
    pub border: String,
}

impl OpponentDef {
    /// The names shipped texts use, with the allies' names (the labels of `seoul` and `tokyo`).
    pub fn names(&self, allies: [String; 2]) -> crate::sim::vocab::Names {
        crate::sim::vocab::Names {
            opponent: self.name.clone(),
            country: self.country.clone(),
            adjective: self.adjective.clone(),
            tag: self.tag.clone(),
            border: self.border.clone(),
            allies,
        }
    }
}

fn north_korean() -> String {
    "North Korean".into()
}

fn dprk() -> String {
    "DPRK".into()
}

fn the_dmz() -> String {
    "the DMZ".into()
}

fn pyongyang() -> String {
    "Pyongyang".into()
}

fn north_korea() -> String {
    "North Korea".into()
}

impl Default for OpponentDef {
    fn default() -> Self {
        OpponentDef {
            name: pyongyang(),
            country: north_korea(),
            adjective: north_korean(),
            tag: dprk(),
            border: the_dmz(),
        }
    }
}

/// A variable's name as the level shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VarLabel(pub Var, pub String);

/// The money the U.S. negotiator has.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetDef {
    /// $M at the start.
    pub start: i32,
    /// $M added each round at full congressional support (scaled by `congress` / 100).
    pub refill: i32,
}

/// Starting true values (0–100).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialState {
    /// War risk on the peninsula; 100 means war.
    pub tension: i32,
    /// U.S. domestic support for the policy.
    pub congress: i32,
    /// Seoul's confidence in the U.S. approach.
    pub seoul: i32,
    /// Tokyo's confidence in the U.S. approach.
    pub tokyo: i32,
    /// Whether the U.S. is believed to carry out its promises and threats.
    pub us_credibility: i32,
    /// Level of sanctions in force.
    pub sanctions: i32,
    /// Diplomatic steps taken, from none to full relations.
    pub normalization: i32,
    /// Famine severity (higher is worse).
    pub humanitarian: i32,
    /// The regime's grip on the elite and military.
    pub regime_security: i32,
    /// The opponent's economy and food supply.
    pub economy: i32,
    /// Conventional military posture.
    pub military: i32,
    /// Missile programme progress.
    pub missile: i32,
    /// Nuclear and WMD programme progress; 100 means breakout.
    pub nuclear: i32,
    /// Missile exports so far.
    pub proliferation: i32,
    /// Exposure to the outside: exchange, investment, monitors.
    pub openness: i32,
}

impl InitialState {
    /// The value for a variable (`None` for the budget, which `BudgetDef` sets).
    pub fn get(&self, v: Var) -> Option<i32> {
        Some(match v {
            Var::Level(_) => return None,
            Var::Tension => self.tension,
            Var::Congress => self.congress,
            Var::Seoul => self.seoul,
            Var::Tokyo => self.tokyo,
            Var::UsCredibility => self.us_credibility,
            Var::Sanctions => self.sanctions,
            Var::Normalization => self.normalization,
            Var::Budget => return None,
            Var::Humanitarian => self.humanitarian,
            Var::RegimeSecurity => self.regime_security,
            Var::Economy => self.economy,
            Var::Military => self.military,
            Var::Missile => self.missile,
            Var::Nuclear => self.nuclear,
            Var::Proliferation => self.proliferation,
            Var::Openness => self.openness,
        })
    }
}

/// How good the player's intelligence is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntelDef {
    /// Band (±) of every estimate at the start.
    #[serde(default = "default_start_band")]
    pub start_band: i32,
    /// How much a band widens each round with no collection on that variable.
    #[serde(default = "default_widen")]
    pub widen: i32,
    /// The widest a band gets.
    #[serde(default = "default_max_band")]
    pub max_band: i32,
    /// Largest random step of an estimate's error each round with no collection (normal difficulty).
    #[serde(default = "default_drift")]
    pub drift: i32,
    /// Band after a direct look (surveillance of that variable, an inspection, monitors).
    #[serde(default = "default_narrow")]
    pub narrow_to: i32,
    /// Starting error of particular estimates (estimate minus truth), to model a wrong picture.
    #[serde(default)]
    pub start_error: Vec<VarAmount>,
    /// Band (±) of the other side's reading of Washington: Congress's patience (points), the U.S.
    /// budget (twice this in $M) and how much of its secret work the U.S. has seen (a share of
    /// it, in per cent). Only a person in the other chair reads it.
    #[serde(default = "default_their_band")]
    pub their_band: i32,
}

fn default_their_band() -> i32 {
    10
}

fn default_start_band() -> i32 {
    12
}
fn default_widen() -> i32 {
    2
}
fn default_max_band() -> i32 {
    30
}
fn default_drift() -> i32 {
    2
}
fn default_narrow() -> i32 {
    4
}

impl Default for IntelDef {
    fn default() -> Self {
        IntelDef {
            start_band: default_start_band(),
            widen: default_widen(),
            max_band: default_max_band(),
            drift: default_drift(),
            narrow_to: default_narrow(),
            start_error: Vec::new(),
            their_band: default_their_band(),
        }
    }
}

/// A variable and a number, as `(nuclear, -15)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VarAmount(pub Var, pub i32);

/// The other side's mind: its possible hidden types and its starting belief about the U.S.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MindDef {
    /// The possible hidden types; one is drawn per game by weight.
    pub types: Vec<TypeDef>,
    /// The starting belief about how the U.S. responds.
    pub prior: PriorDef,
}

/// One hidden type of the regime; one is drawn per game by weight.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// The id used in level files.
    pub id: String,
    /// The name shown in the debrief.
    pub name: String,
    /// Relative chance of being drawn.
    pub weight: u32,
    /// What the type is, shown in the debrief.
    #[serde(default)]
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

/// The other side's prior about how the U.S. responds, in percent, and how firmly it is held.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorDef {
    /// Chance the U.S. offers a concession after a provocation.
    pub concede_after_provocation: i32,
    /// Chance the U.S. answers a provocation with pressure.
    #[serde(default = "forty")]
    pub punish_after_provocation: i32,
    /// Chance the U.S. rewards a verified step.
    pub reward_after_step: i32,
    /// Chance the U.S. punishes a detected violation.
    pub punish_after_violation: i32,
    /// Chance the U.S. sweetens its offer after a stall.
    pub concede_after_stall: i32,
    /// Chance the U.S. strikes after threatening to.
    pub strike_after_threat: i32,
    /// Chance the U.S. delivers what it promised.
    pub keeps_promises: i32,
    /// Chance in a quiet round that the U.S. makes a concession anyway.
    #[serde(default = "thirty")]
    pub concede_unprompted: i32,
    /// Chance in a quiet round that the U.S. applies pressure anyway.
    #[serde(default = "thirty")]
    pub pressure_unprompted: i32,
    /// How many observations the prior is worth.
    pub strength: i32,
}

impl PriorDef {
    /// The beliefs as written, in the rules' type.
    pub fn to_prior(&self) -> crate::sim::rules::Prior {
        crate::sim::rules::Prior {
            concede_after_provocation: self.concede_after_provocation,
            punish_after_provocation: self.punish_after_provocation,
            reward_after_step: self.reward_after_step,
            punish_after_violation: self.punish_after_violation,
            concede_after_stall: self.concede_after_stall,
            strike_after_threat: self.strike_after_threat,
            keeps_promises: self.keeps_promises,
            concede_unprompted: self.concede_unprompted,
            pressure_unprompted: self.pressure_unprompted,
            strength: self.strength,
        }
    }
}

fn thirty() -> i32 {
    30
}

fn forty() -> i32 {
    40
}

/// A suspected facility.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDef {
    /// The id used in level files and commands.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// Latitude and longitude, for the map.
    pub lat: f32,
    /// Longitude, for the map.
    pub lon: f32,
    /// The programme the site would serve.
    pub program: Program,
    /// The hidden truth, fixed or drawn per game.
    pub truth: TruthDef,
    /// Whether U.S. intelligence already suspects the site at the start (shown on the map).
    #[serde(default = "yes")]
    pub suspected: bool,
    /// A declared, permitted facility (a known launch site): work found there is not a
    /// violation unless an agreement freezes it.
    #[serde(default)]
    pub declared: bool,
    /// What an inspection before the game found, if one did (`Empty` for Kumchang-ri, 1999).
    #[serde(default)]
    pub finding: Option<crate::sim::vocab::Finding>,
    /// A note for the player.
    #[serde(default)]
    pub note: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
}

/// A site's truth: fixed, or drawn per game with percent chances.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TruthDef {
    /// Work is going on at the site.
    Active,
    /// Nothing is there.
    Empty,
    /// Work was there and has been cleaned away.
    Cleaned,
    /// Drawn per game with these percent chances.
    Chance {
        /// Percent chance it is active (default 0).
        #[serde(default)]
        active: u32,
        /// Percent chance it is empty (default 0).
        #[serde(default)]
        empty: u32,
        /// Percent chance it has been cleaned out (default 0).
        #[serde(default)]
        cleaned: u32,
    },
}

/// A level's changes to a shipped catalogue: entries to disable, patches, and new entries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "D: Deserialize<'de>, P: Deserialize<'de>"))]
pub struct CatalogueChanges<D, P> {
    /// Ids to remove.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Partial changes to existing entries.
    #[serde(default)]
    pub change: Vec<P>,
    /// Whole new entries.
    #[serde(default)]
    pub add: Vec<D>,
}

impl<D, P> Default for CatalogueChanges<D, P> {
    fn default() -> Self {
        CatalogueChanges {
            disable: Vec::new(),
            change: Vec::new(),
            add: Vec::new(),
        }
    }
}

/// A U.S. action in the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// The id used in level files and commands.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// The group it is listed under.
    pub group: Group,
    /// Action points.
    pub ap: u32,
    /// $M.
    #[serde(default)]
    pub cost: i32,
    /// What it is aimed at, if anything (`site`, `variable`).
    #[serde(default)]
    pub target: TargetKind,
    /// When the action may be taken.
    #[serde(default)]
    pub requires: Condition,
    /// Why `requires` may fail, shown to the player.
    #[serde(default)]
    pub requires_text: String,
    /// What it does.
    pub effects: Vec<Effect>,
    /// Whether the action may be offered as a reward in an offer.
    #[serde(default)]
    pub offerable: bool,
    /// What it is, for the player.
    pub description: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
}

/// A partial change to a U.S. action; absent fields keep the shipped value.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    /// The id of the action to change.
    pub id: String,
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// A new cost in action points.
    #[serde(default)]
    pub ap: Option<u32>,
    /// A new cost in $M.
    #[serde(default)]
    pub cost: Option<i32>,
    /// A new condition for taking it.
    #[serde(default)]
    pub requires: Option<Condition>,
    /// A new reason shown when `requires` fails.
    #[serde(default)]
    pub requires_text: Option<String>,
    /// New effects, replacing the shipped ones.
    #[serde(default)]
    pub effects: Option<Vec<Effect>>,
    /// Whether it may be offered as a reward.
    #[serde(default)]
    pub offerable: Option<bool>,
    /// A new description.
    #[serde(default)]
    pub description: Option<String>,
    /// A new source.
    #[serde(default)]
    pub source: Option<String>,
}

/// The data of one of Pyongyang's moves.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveDef {
    /// Which move this is.
    pub id: MoveKind,
    /// The name the player reads.
    pub name: String,
    /// Whether the U.S. sees the move when it is made.
    pub public: bool,
    /// Whether the U.S. would read it as a provocation (for the opponent model and analysis).
    #[serde(default)]
    pub provocation: bool,
    /// Prestige the regime feels it gains (negative: loses) by the move.
    #[serde(default)]
    pub face: i32,
    /// When Pyongyang may make it.
    #[serde(default)]
    pub requires: Condition,
    /// What it does.
    pub effects: Vec<Effect>,
    /// What it is, for the player.
    pub description: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
    /// Steps it breaks while they are owed under an agreement: a violation, seen at once if
    /// the move is public, and otherwise only with surveillance of what it changes.
    #[serde(default)]
    pub breaks: Vec<StepKind>,
}

/// A partial change to one of Pyongyang's moves.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovePatch {
    /// The move to change.
    pub id: MoveKind,
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the U.S. sees it when it is made.
    #[serde(default)]
    pub public: Option<bool>,
    /// A new prestige value.
    #[serde(default)]
    pub face: Option<i32>,
    /// A new condition for making it.
    #[serde(default)]
    pub requires: Option<Condition>,
    /// New effects, replacing the shipped ones.
    #[serde(default)]
    pub effects: Option<Vec<Effect>>,
    /// A new description.
    #[serde(default)]
    pub description: Option<String>,
    /// A new source.
    #[serde(default)]
    pub source: Option<String>,
    /// Steps it breaks while they are owed, replacing the shipped list.
    #[serde(default)]
    pub breaks: Option<Vec<StepKind>>,
}

/// A step as named in an offer or agreement: `TestMoratorium`, `Freeze("yongbyon")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRef {
    /// Attend talks.
    AttendTalks,
    /// Stop missile tests.
    TestMoratorium,
    /// Freeze the named site.
    Freeze(String),
    /// Let inspectors into the named site.
    AllowInspection(String),
    /// Accept aid monitors.
    AcceptMonitoring,
    /// Stop missile exports.
    HaltExports,
    /// Pull artillery back from the border.
    PullBackArtillery,
    /// Curtail the missile programme.
    CurtailMissile,
    /// Curtail the WMD programme.
    CurtailWmd,
    /// One of the level's own steps (`new_steps`), by id.
    Step(String),
}

impl StepRef {
    /// Its id as offers and commands spell it, without a site (`freeze`, or a level's own).
    pub fn id(&self) -> &str {
        match self {
            StepRef::Step(id) => id,
            other => other.kind().map_or("", StepKind::id),
        }
    }

    /// The kind of a built-in step, without its site; `None` for a level's own, looked up by
    /// its id ([`StepRef::own_id`]).
    pub fn kind(&self) -> Option<StepKind> {
        Some(match self {
            StepRef::AttendTalks => StepKind::AttendTalks,
            StepRef::TestMoratorium => StepKind::TestMoratorium,
            StepRef::Freeze(_) => StepKind::Freeze,
            StepRef::AllowInspection(_) => StepKind::AllowInspection,
            StepRef::AcceptMonitoring => StepKind::AcceptMonitoring,
            StepRef::HaltExports => StepKind::HaltExports,
            StepRef::PullBackArtillery => StepKind::PullBackArtillery,
            StepRef::CurtailMissile => StepKind::CurtailMissile,
            StepRef::CurtailWmd => StepKind::CurtailWmd,
            StepRef::Step(_) => return None,
        })
    }

    /// The id of a level's own step.
    pub fn own_id(&self) -> Option<&str> {
        match self {
            StepRef::Step(id) => Some(id),
            _ => None,
        }
    }

    /// The site the step names, if it names one.
    pub fn site(&self) -> Option<&str> {
        match self {
            StepRef::Freeze(s) | StepRef::AllowInspection(s) => Some(s),
            _ => None,
        }
    }
}

/// A change to the shipped data of a step.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepPatch {
    /// The step to change.
    pub id: StepKind,
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// New effects, replacing the shipped ones.
    #[serde(default)]
    pub effects: Option<Vec<Effect>>,
    /// A new description.
    #[serde(default)]
    pub description: Option<String>,
}

/// The shipped data of a step.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// Which step this is.
    pub id: StepKind,
    /// The name the player reads.
    pub name: String,
    /// Effects when Pyongyang carries the step out (once for one-off steps, at acceptance for
    /// ongoing ones).
    pub effects: Vec<Effect>,
    /// How the step is verified, in words.
    pub verification: String,
    /// What it is, for the player.
    pub description: String,
}

/// An agreement in force when the game starts (or started by an event).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementDef {
    /// The id used by `StartAgreement`.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// U.S. action ids still owed (delivered when the steps are verified if `step_first`).
    #[serde(default)]
    pub gives: Vec<String>,
    /// The steps asked of Pyongyang.
    pub steps: Vec<StepRef>,
    /// How rewards and steps are ordered (default `simultaneous`).
    #[serde(default = "default_sequencing")]
    pub sequencing: Sequencing,
    /// Effects each round while the agreement is in force (deliveries outside the player's
    /// budget, such as KEDO's fuel oil under the Agreed Framework).
    #[serde(default)]
    pub upkeep: Vec<Effect>,
    /// In force when the game starts (otherwise only an event's `StartAgreement` starts it).
    #[serde(default = "yes")]
    pub in_force: bool,
    /// A note for the player.
    #[serde(default)]
    pub note: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
}

fn default_sequencing() -> Sequencing {
    Sequencing::Simultaneous
}

/// A level event (GAME.md §5).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    /// The id used by `Fired` conditions.
    pub id: String,
    /// The trigger: a condition on the round or date, state, flags, agreements, recent moves.
    #[serde(default)]
    pub when: Condition,
    /// Percent chance each round the condition holds: a number, or the id of a ledger
    /// assumption (`"harvest_failure_chance"`), so that setting the assumption reaches the event.
    #[serde(default = "hundred_percent")]
    pub chance: Amount,
    /// Fires at most once per game (default) or every time it triggers.
    #[serde(default = "yes")]
    pub once: bool,
    /// What it does.
    pub effects: Vec<Effect>,
    /// The news headline.
    pub headline: String,
    /// The news text under the headline.
    #[serde(default)]
    pub body: String,
    /// A source id or a citation.
    #[serde(default)]
    pub source: String,
    /// A site id where the map shows it, if any.
    #[serde(default)]
    pub site: Option<String>,
    /// Where on the map it happens, if not at a site: a built-in place or one of the level's.
    #[serde(default)]
    pub place: Option<PlaceRef>,
}

/// Ends of the game and the verified-peace victory.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomesDef {
    /// Tension at which war breaks out (default 100).
    #[serde(default = "default_war")]
    pub war_tension: i32,
    /// Regime security at or below which the regime collapses (default 0).
    #[serde(default)]
    pub collapse_security: i32,
    /// Nuclear progress at which breakout is declared (default 100).
    #[serde(default = "default_war")]
    pub breakout_nuclear: i32,
    /// Congress support at or below which the mandate is lost (default 0).
    #[serde(default)]
    pub mandate_congress: i32,
    /// What verified peace takes.
    #[serde(default)]
    pub peace: PeaceDef,
}

fn default_war() -> i32 {
    100
}

impl Default for OutcomesDef {
    fn default() -> Self {
        OutcomesDef {
            war_tension: 100,
            collapse_security: 0,
            breakout_nuclear: 100,
            mandate_congress: 0,
            peace: PeaceDef::default(),
        }
    }
}

/// What verified peace takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeaceDef {
    /// Verified steps over the game.
    #[serde(default = "default_peace_steps")]
    pub verified_steps: i32,
    /// Whether one of them must curtail the missile or WMD programme.
    #[serde(default = "yes")]
    pub need_curtailment: bool,
    /// Normalization needed.
    #[serde(default = "default_peace_norm")]
    pub normalization: i32,
    /// Tension at or below which peace may hold.
    #[serde(default = "default_peace_tension")]
    pub tension_at_most: i32,
    /// Rounds in a row the conditions must hold.
    #[serde(default = "default_peace_hold")]
    pub hold_rounds: i32,
}

fn default_peace_steps() -> i32 {
    4
}
fn default_peace_norm() -> i32 {
    50
}
fn default_peace_tension() -> i32 {
    35
}
fn default_peace_hold() -> i32 {
    3
}

impl Default for PeaceDef {
    fn default() -> Self {
        PeaceDef {
            verified_steps: default_peace_steps(),
            need_curtailment: true,
            normalization: default_peace_norm(),
            tension_at_most: default_peace_tension(),
            hold_rounds: default_peace_hold(),
        }
    }
}

/// One named causal weight in the assumption ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssumptionDef {
    /// The ledger id (`sanctions_bite`).
    pub id: String,
    /// The value.
    pub value: i32,
    /// The claim the value encodes; required for new entries, kept from the default otherwise.
    #[serde(default)]
    pub claim: String,
    /// The unit of the value.
    #[serde(default)]
    pub unit: String,
    /// A source id or citation.
    #[serde(default)]
    pub source: String,
    /// How sure the sources are; kept from the default when absent.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Allowed range, for validation of overrides.
    #[serde(default)]
    pub min: Option<i32>,
    /// The largest value allowed.
    #[serde(default)]
    pub max: Option<i32>,
    /// Which school of the debate the mechanism belongs to, if either.
    #[serde(default)]
    pub school: Option<School>,
}

/// The shipped defaults: U.S. actions, Pyongyang's moves, steps and the assumption ledger.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The shipped U.S. actions.
    pub actions: Vec<ActionDef>,
    /// The shipped effects of Pyongyang's moves.
    pub moves: Vec<MoveDef>,
    /// The shipped steps.
    pub steps: Vec<StepDef>,
    /// The shipped assumption ledger.
    pub assumptions: Vec<AssumptionDef>,
}

/// A number in an effect: a literal, or the name of an assumption (`"sanctions_bite"`,
/// `"-sanctions_bite"` for its negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    /// A number as written.
    Lit(i32),
    /// The value of a ledger assumption, negated if written with a leading `-`.
    Weight {
        /// The assumption's ledger id.
        id: String,
        /// Whether its negative is meant.
        negate: bool,
    },
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Amount::Lit(v) => s.serialize_i32(*v),
            Amount::Weight { id, negate } => {
                if *negate {
                    s.serialize_str(&format!("-{id}"))
                } else {
                    s.serialize_str(id)
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number or the name of an assumption in quotes")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                i32::try_from(v)
                    .map(Amount::Lit)
                    .map_err(|_| E::custom(format!("{v} is too large for an amount")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                i32::try_from(v)
                    .map(Amount::Lit)
                    .map_err(|_| E::custom(format!("{v} is too large for an amount")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                Err(E::custom(format!(
                    "amounts are whole numbers, found {v}; write {}",
                    v.round()
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                let (negate, id) = match v.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, v),
                };
                if id.is_empty() {
                    return Err(E::custom("an assumption name is empty"));
                }
                Ok(Amount::Weight {
                    id: id.to_string(),
                    negate,
                })
            }
        }
        d.deserialize_any(AmountVisitor)
    }
}

/// A condition, used by action requirements, move requirements and event triggers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub enum Condition {
    /// Always holds.
    #[default]
    Always,
    /// Never holds.
    Never,
    /// The variable is at least the value.
    AtLeast(Var, i32),
    /// The variable is at most the value.
    AtMost(Var, i32),
    /// The flag is set.
    Flag(String),
    /// The flag is not set.
    NoFlag(String),
    /// The round number lies in `from..=to`.
    Round(u32, u32),
    /// The date lies in the months `from..=to` (`"YYYY-MM"`).
    Date(String, String),
    /// Some agreement is in force.
    InAgreement,
    /// An agreement in force includes this step.
    HasAgreement(StepKind),
    /// No agreement in force includes this step.
    NoAgreement(StepKind),
    /// The U.S. took this action within the last N rounds (0: this round).
    UsDid(String, u32),
    /// The other side made this move within the last N rounds (0: this round). Formerly
    /// `PyongyangDid`, which is still read.
    #[serde(alias = "PyongyangDid")]
    OpponentDid(MoveKind, u32),
    /// The U.S. made an unreciprocated concession within the last N rounds.
    UnreciprocatedConcession(u32),
    /// The site's hidden truth is this.
    SiteIs(String, Truth),
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
    /// The event with this id has fired.
    Fired(String),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// An effect of an action, a move, a step or an event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Effect {
    /// Change a variable.
    Add(Var, Amount),
    /// Set a variable.
    Set(Var, Amount),
    /// Set a flag.
    SetFlag(String),
    /// Clear a flag.
    ClearFlag(String),
    /// Give the player an accurate look at a hidden variable.
    Reveal(Var),
    /// Shift the player's estimate of a hidden variable (bad intelligence).
    Mislead(Var, Amount),
    /// Intelligence reports that a site is active; true or not depends on the site.
    Leak(String),
    /// Ship food aid worth the amount in $M (monitored by aid agencies or not).
    FoodAid {
        /// Its value in $M.
        value: Amount,
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
    /// Start an agreement from the level's list (for events).
    StartAgreement(String),
    /// End every agreement in force.
    EndAgreements,
    /// End the game.
    EndGame(OutcomeKind),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_arithmetic() {
        let m = YearMonth::parse("2000-04").unwrap();
        assert_eq!(m.plus(0).to_string(), "2000-04");
        assert_eq!(m.plus(9).to_string(), "2001-01");
        assert_eq!(m.plus(21).long(), "January 2002");
        assert!(YearMonth::parse("2000-13").is_none());
        assert!(YearMonth::parse("2000-4").is_none());
        assert!(YearMonth::parse("").is_none());
    }

    #[test]
    fn amounts_parse_as_numbers_or_names() {
        let a: Amount = ron::from_str("-5").unwrap();
        assert_eq!(a, Amount::Lit(-5));
        let b: Amount = ron::from_str("\"-sanctions_bite\"").unwrap();
        assert_eq!(
            b,
            Amount::Weight {
                id: "sanctions_bite".into(),
                negate: true
            }
        );
        assert!(ron::from_str::<Amount>("1.5").is_err());
    }
}
