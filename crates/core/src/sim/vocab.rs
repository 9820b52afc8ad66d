//! The vocabulary the rules and the level format share: the kinds of moves, steps, outcomes and
//! places, dates, sources and the texts a level supplies. It sits at the bottom of the core: the
//! rules (`sim`) and the file format (`level`) both use it, and it uses neither.

use crate::sim::names::{deserialize_named, level_name};
use serde::{Deserialize, Serialize};
use std::fmt;
use strum::{EnumString, IntoStaticStr, VariantArray};

/// The map the game draws.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum MapDef {
    /// The Korean peninsula, with the DMZ, Pyongyang and Seoul.
    #[default]
    Korea,
    /// A plain box with sites placed by latitude and longitude, for other places.
    Plain {
        /// The southern edge.
        min_lat: f32,
        /// The northern edge.
        max_lat: f32,
        /// The western edge.
        min_lon: f32,
        /// The eastern edge.
        max_lon: f32,
    },
}

impl MapDef {
    /// (min_lat, max_lat, min_lon, max_lon).
    pub fn bounds(self) -> (f32, f32, f32, f32) {
        match self {
            MapDef::Korea => (33.0, 43.5, 124.0, 131.0),
            MapDef::Plain {
                min_lat,
                max_lat,
                min_lon,
                max_lon,
            } => (min_lat, max_lat, min_lon, max_lon),
        }
    }

    /// Whether a latitude and longitude fall on this map.
    pub fn contains(self, lat: f32, lon: f32) -> bool {
        let (lat0, lat1, lon0, lon1) = self.bounds();
        (lat0..=lat1).contains(&lat) && (lon0..=lon1).contains(&lon)
    }
}

/// A citation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// The id the level's texts cite it by.
    pub id: String,
    /// Full citation as it should be printed.
    pub cite: String,
    /// A link to it, if it is online.
    #[serde(default)]
    pub url: String,
}

/// Which programme a site serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// Nuclear weapons.
    Nuclear,
    /// Ballistic missiles.
    Missile,
}

/// What a site really is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Truth {
    /// Work goes on there.
    Active,
    /// Nothing there (it never was, or it was never finished).
    Empty,
    /// Work went on there but it has been cleaned out.
    Cleaned,
}

/// The five groups of U.S. actions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Food aid, sanctions relief, normalization and other rewards.
    Concession,
    /// Sanctions and other pressure.
    Pressure,
    /// Inspections, surveillance and monitoring.
    Inspection,
    /// Talks.
    Talks,
    /// Strike threats, strikes and interdiction.
    Military,
}

impl Group {
    /// The groups, in the order the action panel shows them.
    pub const ALL: &'static [Group] = Group::VARIANTS;

    /// The heading the action panel shows.
    pub fn label(self) -> &'static str {
        match self {
            Group::Concession => "Concessions",
            Group::Pressure => "Sanctions and pressure",
            Group::Inspection => "Inspections and verification",
            Group::Talks => "Talks",
            Group::Military => "Military",
        }
    }
}

/// What an action is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// No target.
    #[default]
    None,
    /// A site id.
    Site,
    /// A hidden variable.
    Variable,
}

/// Pyongyang's moves: a built-in vocabulary whose effects are data, and the level's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoveKind {
    /// Do nothing notable this round.
    Hold,
    /// Test a missile.
    MissileTest,
    /// Build up forces at the DMZ.
    DmzBuildup,
    /// Advance the covert weapons programme.
    CovertNuclear,
    /// Sell missiles abroad.
    ProliferationSale,
    /// An armed provocation short of a test (an incursion at sea or across the border).
    Provocation,
    /// Promise to attend talks.
    PromiseTalks,
    /// Attend talks.
    AttendTalks,
    /// Break a promise to attend talks.
    BreakPromise,
    /// Walk out of an agreement.
    WalkOut,
    /// Tighten control at home.
    Crackdown,
    /// Open a little to the outside.
    LimitedOpening,
    /// Expel aid monitors.
    ExpelMonitors,
    /// Military retaliation for a U.S. strike or threat.
    Retaliate,
    /// Invade the South: war.
    Invade,
    /// A move the level defines (`pyongyang_moves: (add: …)` with a new id), by its position
    /// among the level's own moves. Its name, effects and flags are in the level's rules.
    Level(u8),
}

/// The built-in moves' ids, in declaration order.
pub const MOVE_IDS: [&str; 15] = [
    "hold",
    "missile_test",
    "dmz_buildup",
    "covert_nuclear",
    "proliferation_sale",
    "provocation",
    "promise_talks",
    "attend_talks",
    "break_promise",
    "walk_out",
    "crackdown",
    "limited_opening",
    "expel_monitors",
    "retaliate",
    "invade",
];

impl MoveKind {
    /// Every built-in move, in declaration order (a level's own come after them:
    /// `Rules::move_kinds`).
    pub const BUILTIN: &'static [MoveKind] = &[
        MoveKind::Hold,
        MoveKind::MissileTest,
        MoveKind::DmzBuildup,
        MoveKind::CovertNuclear,
        MoveKind::ProliferationSale,
        MoveKind::Provocation,
        MoveKind::PromiseTalks,
        MoveKind::AttendTalks,
        MoveKind::BreakPromise,
        MoveKind::WalkOut,
        MoveKind::Crackdown,
        MoveKind::LimitedOpening,
        MoveKind::ExpelMonitors,
        MoveKind::Retaliate,
        MoveKind::Invade,
    ];

    /// A built-in move's id, spelled as in a level file (`missile_test`); `level` for a level's
    /// own, whose id is in its rules (`Rules::move_id`).
    pub fn id(self) -> &'static str {
        match self {
            MoveKind::Level(_) => "level",
            m => MOVE_IDS[m.index()],
        }
    }

    /// The built-in move with this id (a level's own: `Rules::move_by_id`).
    pub fn from_id(id: &str) -> Option<MoveKind> {
        MOVE_IDS
            .iter()
            .position(|x| *x == id)
            .map(|i| MoveKind::BUILTIN[i])
    }

    /// Position in `Rules::moves`: the built-in moves, then the level's own.
    pub fn index(self) -> usize {
        match self {
            MoveKind::Hold => 0,
            MoveKind::MissileTest => 1,
            MoveKind::DmzBuildup => 2,
            MoveKind::CovertNuclear => 3,
            MoveKind::ProliferationSale => 4,
            MoveKind::Provocation => 5,
            MoveKind::PromiseTalks => 6,
            MoveKind::AttendTalks => 7,
            MoveKind::BreakPromise => 8,
            MoveKind::WalkOut => 9,
            MoveKind::Crackdown => 10,
            MoveKind::LimitedOpening => 11,
            MoveKind::ExpelMonitors => 12,
            MoveKind::Retaliate => 13,
            MoveKind::Invade => 14,
            MoveKind::Level(k) => MOVE_IDS.len() + k as usize,
        }
    }
}

impl Serialize for MoveKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MoveKind::Level(k) => {
                s.serialize_newtype_variant("MoveKind", MOVE_IDS.len() as u32, "level", k)
            }
            m => s.serialize_unit_variant("MoveKind", m.index() as u32, m.id()),
        }
    }
}

impl<'de> Deserialize<'de> for MoveKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MoveKind, D::Error> {
        deserialize_named(
            d,
            "MoveKind",
            &MOVE_IDS,
            |name| {
                MoveKind::from_id(name)
                    .or_else(|| level_name(|n| n.move_slot(name)).map(MoveKind::Level))
            },
            MoveKind::Level,
        )
    }
}

/// The kinds of step the U.S. can ask of Pyongyang: built in, or the level's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    /// Attend talks.
    AttendTalks,
    /// Stop missile tests.
    TestMoratorium,
    /// Freeze a named site.
    Freeze,
    /// Let inspectors into a named site.
    AllowInspection,
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
    /// A step the level defines (`new_steps`). Its name, effects and how it is verified are in
    /// the level's rules.
    Level(LevelStep),
}

/// A level's own kind of step, as the rules know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LevelStep {
    /// Its position among the level's own steps.
    pub slot: u8,
    /// Whether it is kept over time (a moratorium) rather than done once.
    pub ongoing: bool,
}

/// How a level's own one-off step is verified once claimed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub enum VerifyDef {
    /// Done in the open: verified when it is done, and it cannot be faked.
    #[default]
    Seen,
    /// Verified once inspectors have been let in under the same agreement.
    Inspection,
    /// Verified in a round the U.S. has surveillance on this hidden variable.
    Surveillance(crate::sim::vars::Var),
    /// Either of the two.
    InspectionOrSurveillance(crate::sim::vars::Var),
}

/// The built-in steps' ids, in declaration order.
pub const STEP_IDS: [&str; 9] = [
    "attend_talks",
    "test_moratorium",
    "freeze",
    "allow_inspection",
    "accept_monitoring",
    "halt_exports",
    "pull_back_artillery",
    "curtail_missile",
    "curtail_wmd",
];

impl StepKind {
    /// Every built-in kind of step, in declaration order (a level's own come after them:
    /// `Rules::step_kinds`).
    pub const BUILTIN: &'static [StepKind] = &[
        StepKind::AttendTalks,
        StepKind::TestMoratorium,
        StepKind::Freeze,
        StepKind::AllowInspection,
        StepKind::AcceptMonitoring,
        StepKind::HaltExports,
        StepKind::PullBackArtillery,
        StepKind::CurtailMissile,
        StepKind::CurtailWmd,
    ];

    /// A built-in step's id, spelled as in a level file (`test_moratorium`); `level` for a
    /// level's own, whose id is in its rules (`Rules::step_id`).
    pub fn id(self) -> &'static str {
        match self {
            StepKind::Level(_) => "level",
            k => STEP_IDS[k.index()],
        }
    }

    /// The built-in step with this id (a level's own: `Rules::step_by_id`).
    pub fn from_id(id: &str) -> Option<StepKind> {
        STEP_IDS
            .iter()
            .position(|x| *x == id)
            .map(|i| StepKind::BUILTIN[i])
    }

    /// Position in `Rules::steps`: the built-in steps, then the level's own.
    pub fn index(self) -> usize {
        match self {
            StepKind::AttendTalks => 0,
            StepKind::TestMoratorium => 1,
            StepKind::Freeze => 2,
            StepKind::AllowInspection => 3,
            StepKind::AcceptMonitoring => 4,
            StepKind::HaltExports => 5,
            StepKind::PullBackArtillery => 6,
            StepKind::CurtailMissile => 7,
            StepKind::CurtailWmd => 8,
            StepKind::Level(l) => STEP_IDS.len() + l.slot as usize,
        }
    }

    /// Whether the step names a site (`freeze`, `allow_inspection`).
    pub fn takes_site(self) -> bool {
        matches!(self, StepKind::Freeze | StepKind::AllowInspection)
    }

    /// Whether the step is kept over time (a moratorium) rather than done once (a pull-back).
    pub fn ongoing(self) -> bool {
        match self {
            StepKind::Level(l) => l.ongoing,
            k => matches!(
                k,
                StepKind::TestMoratorium
                    | StepKind::Freeze
                    | StepKind::AcceptMonitoring
                    | StepKind::HaltExports
            ),
        }
    }
}

impl Serialize for StepKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StepKind::Level(l) => {
                s.serialize_newtype_variant("StepKind", STEP_IDS.len() as u32, "level", l)
            }
            k => s.serialize_unit_variant("StepKind", k.index() as u32, k.id()),
        }
    }
}

impl<'de> Deserialize<'de> for StepKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<StepKind, D::Error> {
        deserialize_named(
            d,
            "StepKind",
            &STEP_IDS,
            |name| {
                StepKind::from_id(name).or_else(|| {
                    level_name(|n| n.step(name))
                        .map(|(slot, ongoing)| StepKind::Level(LevelStep { slot, ongoing }))
                })
            },
            StepKind::Level,
        )
    }
}

/// How an offer's reward and step are ordered.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    VariantArray,
    IntoStaticStr,
    EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Sequencing {
    /// The reward is given at once, on trust.
    RewardFirst,
    /// The reward is given at once and the step is due at once.
    Simultaneous,
    /// The reward is released only once the steps are verified (quid pro quo).
    StepFirst,
    /// The rewards are released in order as the steps are verified, each verified step its
    /// share (action for action).
    Instalments,
}

impl Sequencing {
    /// Whether rewards wait for verified steps (step first, or in instalments).
    pub fn holds_rewards(self) -> bool {
        matches!(self, Sequencing::StepFirst | Sequencing::Instalments)
    }

    /// How many of `rewards` rewards have been earned once `verified` of `steps` steps are
    /// verified: all of them for every order but instalments, which pays each verified step its
    /// share in order (rounding down, so the last step releases the rest).
    pub fn rewards_earned(self, rewards: usize, steps: usize, verified: usize) -> usize {
        match self {
            Sequencing::Instalments if steps > 0 => rewards * verified.min(steps) / steps,
            Sequencing::StepFirst if verified < steps => 0,
            _ => rewards,
        }
    }

    /// The orders, from most trusting to quid pro quo, then in instalments.
    pub const ALL: &'static [Sequencing] = Sequencing::VARIANTS;

    /// The id, spelled as in a level file and a record (`step_first`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The order in words, as the player reads it ("step first", "in instalments").
    pub fn words(self) -> &'static str {
        match self {
            Sequencing::RewardFirst => "reward first",
            Sequencing::Simultaneous => "simultaneous",
            Sequencing::StepFirst => "step first",
            Sequencing::Instalments => "in instalments",
        }
    }

    /// The sequencing with this id; a hyphen is taken for the underscore (`step-first`), as
    /// players type both.
    pub fn from_id(id: &str) -> Option<Sequencing> {
        id.replace('-', "_").parse().ok()
    }
}

/// Named places on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Pyongyang.
    Pyongyang,
    /// Seoul.
    Seoul,
    /// The demilitarized zone.
    Dmz,
    /// The Sea of Japan (East Sea).
    SeaOfJapan,
    /// Washington.
    Washington,
    /// Tokyo.
    Tokyo,
    /// Beijing.
    Beijing,
    /// The Yellow Sea.
    YellowSea,
    /// A place the level defines (`places`), by its index there.
    Level(u16),
}

impl Place {
    /// The built-in places, in the order of their ids.
    pub const BUILT_IN: &'static [Place] = &[
        Place::Pyongyang,
        Place::Seoul,
        Place::Dmz,
        Place::SeaOfJapan,
        Place::Washington,
        Place::Tokyo,
        Place::Beijing,
        Place::YellowSea,
    ];

    /// A built-in place's id, spelled as in a level file (`sea_of_japan`); empty for a level's.
    pub fn builtin_id(self) -> &'static str {
        match self {
            Place::Pyongyang => "pyongyang",
            Place::Seoul => "seoul",
            Place::Dmz => "dmz",
            Place::SeaOfJapan => "sea_of_japan",
            Place::Washington => "washington",
            Place::Tokyo => "tokyo",
            Place::Beijing => "beijing",
            Place::YellowSea => "yellow_sea",
            Place::Level(_) => "",
        }
    }

    /// A built-in place's name as news says it ("the Sea of Japan"); empty for a level's.
    pub fn builtin_name(self) -> &'static str {
        match self {
            Place::Pyongyang => "Pyongyang",
            Place::Seoul => "Seoul",
            Place::Dmz => "the DMZ",
            Place::SeaOfJapan => "the Sea of Japan",
            Place::Washington => "Washington",
            Place::Tokyo => "Tokyo",
            Place::Beijing => "Beijing",
            Place::YellowSea => "the Yellow Sea",
            Place::Level(_) => "",
        }
    }

    /// A built-in place's latitude and longitude.
    pub fn builtin_coords(self) -> Option<(f32, f32)> {
        Some(match self {
            Place::Pyongyang => (39.02, 125.75),
            Place::Seoul => (37.57, 126.98),
            Place::Dmz => (38.25, 127.40),
            Place::YellowSea => (37.60, 124.70),
            Place::SeaOfJapan => (39.40, 130.20),
            Place::Washington => (38.90, -77.04),
            Place::Tokyo => (35.68, 139.69),
            Place::Beijing => (39.90, 116.40),
            Place::Level(_) => return None,
        })
    }
}

/// A place named in a level file: a bare id (`place: tehran`), either one of the built-in places
/// or one the level defines in `places`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PlaceRef(pub String);

impl<'de> Deserialize<'de> for PlaceRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = PlaceRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a place id written bare, like `pyongyang` or a place the level defines",
                )
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PlaceRef, E> {
                Ok(PlaceRef(s.to_string()))
            }
        }
        d.deserialize_identifier(Id)
    }
}

/// A named place a level defines: a city, a port, a border crossing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceDef {
    /// The id events use (`place: tehran`): lowercase letters, digits, `-` and `_`.
    pub id: String,
    /// The name the player reads ("Tehran").
    pub name: String,
    /// Latitude, −90 to 90.
    pub lat: f32,
    /// Longitude, −180 to 180.
    pub lon: f32,
    /// Drawn with a label on the map at all times (a capital), not only when news happens there.
    #[serde(default)]
    pub capital: bool,
    /// What the tooltip says of it.
    #[serde(default)]
    pub note: String,
}

/// A named outline drawn as land on a level's plain map (a country, an island).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineDef {
    /// What it is ("Varnia"), for the map's accessible description.
    #[serde(default)]
    pub name: String,
    /// The corners, as (latitude, longitude), in order around it; at least three.
    pub points: Vec<(f32, f32)>,
}

/// Ids of the built-in U.S. strategies (`ai::strategies`), which a level may name as the policy
/// of an AI Washington (`sides: (washington: …)`).
pub const US_STRATEGIES: [&str; 12] = [
    "appease",
    "hard-line",
    "isolation",
    "quid-pro-quo",
    "reward-first-reciprocal",
    "engagement",
    "generous-quid-pro-quo",
    "grudger",
    "random",
    "coin-flip",
    "idle",
    "student",
];

/// A chair at the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The U.S. negotiator.
    Us,
    /// The level's other side (Pyongyang in the shipped chapters).
    Opponent,
}

/// Which chairs of a level a student may take, and what the other chair is told: its own
/// briefing, and the policy an AI Washington plays at normal difficulty.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidesDef {
    /// The chairs a student may take (both, unless the level says otherwise).
    #[serde(default = "both_sides")]
    pub playable: Vec<Side>,
    /// The U.S. policy (a built-in strategy or one of the level's `policies`) an AI Washington
    /// plays at normal difficulty; `quid-pro-quo` when absent.
    #[serde(default)]
    pub washington: Option<String>,
    /// The briefing for a student in the other chair: its situation, objectives and sources.
    #[serde(default)]
    pub opponent: Option<BriefingDef>,
}

fn both_sides() -> Vec<Side> {
    vec![Side::Us, Side::Opponent]
}

impl Default for SidesDef {
    fn default() -> Self {
        SidesDef {
            playable: both_sides(),
            washington: None,
            opponent: None,
        }
    }
}

impl SidesDef {
    /// Whether a student may take this chair.
    pub fn playable(&self, side: Side) -> bool {
        self.playable.contains(&side)
    }
}

/// The text shown before play.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingDef {
    /// The situation at the start, in a few paragraphs.
    pub context: String,
    /// What the player should try to achieve.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Source ids.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Short lessons shown one per round at the start (the tutorial uses these).
    #[serde(default)]
    pub tips: Vec<TipDef>,
}

/// A hint shown at the start of a given round: what to notice (`text`, shown everywhere), and
/// optionally how to do it in each interface (`window`: keys and buttons; `terminal`: commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TipDef {
    /// The round it is shown at the start of.
    pub round: u32,
    /// What to notice.
    pub text: String,
    /// How to do it in the window (keys and buttons).
    #[serde(default)]
    pub window: Option<String>,
    /// How to do it in the terminal (commands).
    #[serde(default)]
    pub terminal: Option<String>,
    /// What the tip asks the player to do; after the round the report says whether they did.
    #[serde(default)]
    pub expect: Vec<TipExpect>,
}

/// Something a tutorial tip asks for, checked against what the player ordered that round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TipExpect {
    /// Plan this action (with any target).
    Action(String),
    /// Send an offer; with a sequencing, one sequenced that way.
    Offer(Option<Sequencing>),
}

/// Text for the debrief.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebriefDef {
    /// What actually happened, dated and sourced.
    #[serde(default)]
    pub history: Vec<HistoryNote>,
    /// Questions for a class discussion.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// A level's packet for the teacher: a lesson plan for one class period, discussion questions and
/// a grading rubric, printed from the class server's teacher pages (and `quid-pro-quo packet`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeacherDef {
    /// The class period the plan is for, in minutes (20–180).
    pub minutes: u32,
    /// What the lesson is for, in a sentence or two.
    #[serde(default)]
    pub aim: String,
    /// The lesson, step by step; the steps' minutes add up to at most `minutes`.
    pub plan: Vec<LessonStep>,
    /// Questions for the discussion after play (the debrief's own questions are printed too).
    #[serde(default)]
    pub questions: Vec<String>,
    /// How to grade a student's hand-in: a criterion per row, each described at three levels.
    #[serde(default)]
    pub rubric: Vec<RubricRow>,
}

/// One step of a lesson plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonStep {
    /// How long it takes.
    pub minutes: u32,
    /// What the class does.
    pub step: String,
}

/// One criterion of a rubric, described at three levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricRow {
    /// What is graded.
    pub criterion: String,
    /// What a strong hand-in shows.
    pub strong: String,
    /// What an adequate one shows.
    pub adequate: String,
    /// What a weak one shows.
    pub weak: String,
}

/// One "what actually happened" note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryNote {
    /// `"YYYY-MM"` or a range in words.
    pub date: String,
    /// What happened.
    pub text: String,
    /// A source id or a citation.
    pub source: String,
}

/// How sure a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Confidence {
    /// Little evidence, or sources disagree.
    Low,
    /// Some evidence, some disagreement.
    Medium,
    /// Good evidence, little disagreement.
    High,
}

impl Confidence {
    /// The word, as in a level file (`high`).
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// The two schools of the debate the game puts in its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum School {
    /// The memo's: rewards only for verified steps; one-sided concessions breed provocation.
    Memo,
    /// Engagement's (Perry 1999, Sigal 1998): assurances and trust lower the need for weapons.
    Engagement,
}

impl School {
    /// The word, as in a level file (`high`).
    pub fn label(self) -> &'static str {
        match self {
            School::Memo => "the memo's school",
            School::Engagement => "the engagement school",
        }
    }
}

/// How a game ends.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, VariantArray, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OutcomeKind {
    /// War on the peninsula.
    War,
    /// The regime collapses.
    Collapse,
    /// Nuclear breakout.
    Breakout,
    /// Congress withdraws the mandate.
    MandateLost,
    /// Verified peace.
    VerifiedPeace,
    /// The last round was played.
    TermEnded,
}

impl OutcomeKind {
    /// The id, spelled as in a level file (`verified_peace`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The name of the ending, for the player.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::War => "War",
            OutcomeKind::Collapse => "Regime collapse",
            OutcomeKind::Breakout => "Nuclear breakout",
            OutcomeKind::MandateLost => "Mandate lost in Congress",
            OutcomeKind::VerifiedPeace => "Verified peace",
            OutcomeKind::TermEnded => "Term ended",
        }
    }

    /// Whether it is a defeat for the U.S.
    pub fn is_defeat(self) -> bool {
        matches!(
            self,
            OutcomeKind::War
                | OutcomeKind::Collapse
                | OutcomeKind::Breakout
                | OutcomeKind::MandateLost
        )
    }

    /// Every ending, defeats first.
    pub const ALL: &'static [OutcomeKind] = OutcomeKind::VARIANTS;
}

/// The names a level gives the world, which the shipped texts (actions, moves, steps, the
/// ledger, variable labels) refer to by placeholder, so that nothing Korean is written into a
/// level about somewhere else: `{opponent}` ("Pyongyang"), `{country}` ("North Korea"),
/// `{adjective}` ("North Korean"), `{tag}` ("DPRK"), `{border}` ("the DMZ"), `{ally_1}` and
/// `{ally_2}` (the labels of the `seoul` and `tokyo` variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The other side's capital or government as news names it ("Pyongyang").
    pub opponent: String,
    /// Its country ("North Korea").
    pub country: String,
    /// Its adjective ("North Korean").
    pub adjective: String,
    /// The short tag of its news items ("DPRK").
    pub tag: String,
    /// Its armed border, as news names it ("the DMZ").
    pub border: String,
    /// The two allies whose confidence the U.S. must keep ("Seoul", "Tokyo").
    pub allies: [String; 2],
}

impl Names {
    /// The placeholders a shipped or level text may use.
    pub const PLACEHOLDERS: [&'static str; 7] = [
        "{opponent}",
        "{country}",
        "{adjective}",
        "{tag}",
        "{border}",
        "{ally_1}",
        "{ally_2}",
    ];

    /// `text` with every placeholder replaced by this level's name for it; a sentence that
    /// starts with a placeholder keeps its capital ("{border}" at the start gives "The DMZ").
    pub fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        let values = [
            &self.opponent,
            &self.country,
            &self.adjective,
            &self.tag,
            &self.border,
            &self.allies[0],
            &self.allies[1],
        ];
        let mut out = text.to_string();
        for (p, v) in Self::PLACEHOLDERS.iter().zip(values) {
            if out.starts_with(p) {
                let mut chars = v.chars();
                let capital: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                out = format!("{capital}{}", &out[p.len()..]);
            }
            out = out.replace(p, v);
        }
        out
    }
}

/// A month, from `"YYYY-MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// Parses `"YYYY-MM"`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(YearMonth { year, month })
    }

    /// Months since year 0.
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// This month plus n months.
    pub fn plus(self, n: u32) -> YearMonth {
        let o = self.ordinal() + i64::from(n);
        YearMonth {
            year: o.div_euclid(12) as i32,
            month: (o.rem_euclid(12) + 1) as u32,
        }
    }

    const NAMES: [&'static str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    /// `"June 2000"`.
    pub fn long(self) -> String {
        let name = Self::NAMES
            .get(self.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("?");
        format!("{name} {}", self.year)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What an inspection found, as the player learns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// Evidence of ongoing work.
    Active,
    /// Nothing there.
    Empty,
    /// Traces of work that has been removed.
    Traces,
    /// Inspectors found nothing conclusive (evidence had faded).
    Inconclusive,
}

impl Finding {
    /// The finding in words, for the player.
    pub fn label(self) -> &'static str {
        match self {
            Finding::Active => "active work found",
            Finding::Empty => "empty",
            Finding::Traces => "traces of removed work",
            Finding::Inconclusive => "inconclusive",
        }
    }
}

/// The closest of `options` to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // No name in a level or a command is this long; a suggestion for such a word would not help,
    // and comparing it letter by letter with every option is slow.
    const LONGEST: usize = 64;
    if word.len() > LONGEST {
        return None;
    }
    let word_l = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for o in options {
        let o_l = o.to_lowercase();
        let jw = strsim::jaro_winkler(&word_l, &o_l);
        let dist = strsim::damerau_levenshtein(&word_l, &o_l);
        let close = dist <= (word_l.len().max(o_l.len()) / 3).max(1)
            || jw >= 0.88
            || (o_l.contains(&word_l) && word_l.len() >= 3);
        if close && best.is_none_or(|(s, _)| jw > s) {
            best = Some((jw, o));
        }
    }
    best.map(|(_, o)| o.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sequencing has one spelling: its id is what a level file and a record write.
    #[test]
    fn instalments_pay_each_verified_step_its_share_in_order() {
        let i = Sequencing::Instalments;
        assert_eq!(
            (0..=2)
                .map(|v| i.rewards_earned(2, 2, v))
                .collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(
            (0..=2)
                .map(|v| i.rewards_earned(1, 2, v))
                .collect::<Vec<_>>(),
            [0, 0, 1]
        );
        assert_eq!(
            (0..=2)
                .map(|v| i.rewards_earned(3, 2, v))
                .collect::<Vec<_>>(),
            [0, 1, 3]
        );
        assert_eq!(
            i.rewards_earned(2, 0, 0),
            2,
            "no steps: nothing to wait for"
        );
        assert_eq!(Sequencing::StepFirst.rewards_earned(2, 2, 1), 0);
        assert_eq!(Sequencing::StepFirst.rewards_earned(2, 2, 2), 2);
        assert_eq!(Sequencing::RewardFirst.rewards_earned(2, 2, 0), 2);
        assert!(i.holds_rewards() && Sequencing::StepFirst.holds_rewards());
        assert!(!Sequencing::Simultaneous.holds_rewards());
    }

    #[test]
    fn a_sequencing_id_is_its_file_spelling() {
        for s in Sequencing::ALL.iter().copied() {
            assert_eq!(ron::to_string(&s).ok().as_deref(), Some(s.id()));
            assert_eq!(Sequencing::from_id(s.id()), Some(s));
            assert_eq!(Sequencing::from_id(&s.id().replace('_', "-")), Some(s));
        }
        assert_eq!(Sequencing::from_id("step first"), None);
    }
}

#[cfg(test)]
mod spelling {
    use super::*;
    use crate::sim::Difficulty;
    use crate::sim::vars::Var;

    /// Checks that `id` is the serde (level file, record) spelling of every variant, that
    /// `from_id` reads it back, and that the ids are distinct; returns how many were checked.
    fn same_spelling<T: Serialize + Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        id: fn(T) -> &'static str,
        from_id: fn(&str) -> Option<T>,
    ) -> usize {
        let mut seen = std::collections::BTreeSet::new();
        for &x in all {
            assert_eq!(ron::to_string(&x).ok().as_deref(), Some(id(x)), "{x:?}");
            assert_eq!(from_id(id(x)), Some(x), "{x:?}");
            assert!(seen.insert(id(x)), "{x:?}: id {} twice", id(x));
        }
        assert_eq!(from_id("no_such_id"), None);
        all.len()
    }

    /// The enums whose ids are derived (strum) must spell every variant as serde does, or a
    /// level file and a typed command would disagree.
    #[test]
    fn derived_ids_are_the_file_spelling() {
        assert_eq!(
            same_spelling(MoveKind::BUILTIN, MoveKind::id, MoveKind::from_id),
            15
        );
        assert_eq!(
            same_spelling(StepKind::BUILTIN, StepKind::id, StepKind::from_id),
            9
        );
        assert_eq!(
            same_spelling(Sequencing::ALL, Sequencing::id, Sequencing::from_id),
            4
        );
        assert_eq!(same_spelling(Var::BUILTIN, Var::id, Var::from_id), 16);
        assert_eq!(
            same_spelling(Difficulty::ALL, Difficulty::id, Difficulty::from_id),
            3
        );
        let outcome = |s: &str| OutcomeKind::ALL.iter().copied().find(|o| o.id() == s);
        assert_eq!(same_spelling(OutcomeKind::ALL, OutcomeKind::id, outcome), 6);
        for c in [Confidence::Low, Confidence::Medium, Confidence::High] {
            assert_eq!(ron::to_string(&c).ok().as_deref(), Some(c.label()));
        }
        // Order matters where a variant's position indexes a table.
        assert_eq!(MoveKind::BUILTIN[0], MoveKind::Hold);
        assert_eq!(Var::BUILTIN[Var::Openness.index()], Var::Openness);
        for (k, m) in MoveKind::BUILTIN.iter().enumerate() {
            assert_eq!(m.index(), k);
        }
        for (k, s) in StepKind::BUILTIN.iter().enumerate() {
            assert_eq!(s.index(), k);
        }
        // A level's own come after the built-in ones, and survive a record.
        assert_eq!(MoveKind::Level(2).index(), MoveKind::BUILTIN.len() + 2);
        let own = StepKind::Level(LevelStep {
            slot: 1,
            ongoing: true,
        });
        assert_eq!(own.index(), StepKind::BUILTIN.len() + 1);
        assert!(own.ongoing());
        for m in [MoveKind::Level(4), MoveKind::Invade] {
            let text = ron::to_string(&m).unwrap_or_default();
            assert_eq!(ron::from_str::<MoveKind>(&text).ok(), Some(m), "{text}");
        }
        let text = ron::to_string(&own).unwrap_or_default();
        assert_eq!(ron::from_str::<StepKind>(&text).ok(), Some(own), "{text}");
        // A level's own names are known only while its file is parsed.
        let names = crate::sim::names::LevelNames {
            moves: vec!["spin_cascades".into()],
            ..Default::default()
        };
        assert_eq!(
            crate::sim::names::with_level_names(names, || {
                ron::from_str::<MoveKind>("spin_cascades").ok()
            }),
            Some(MoveKind::Level(0))
        );
        assert!(ron::from_str::<MoveKind>("spin_cascades").is_err());
        assert_eq!(Group::ALL.first(), Some(&Group::Concession));
        assert_eq!(Var::id(Var::UsCredibility), "us_credibility");
        assert_eq!(
            StepKind::from_id("pull_back_artillery"),
            Some(StepKind::PullBackArtillery)
        );
    }
}
