//! The vocabulary the rules and the level format share: the kinds of moves, steps, outcomes and
//! places, dates, sources and the texts a level supplies. It sits at the bottom of the core: the
//! rules (`sim`) and the file format (`level`) both use it, and it uses neither.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The map the game draws.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub enum MapDef {
    /// The Korean peninsula, with the DMZ, Pyongyang and Seoul.
    #[default]
    Korea,
    /// A plain box with sites placed by latitude and longitude, for other places.
    Plain {
        min_lat: f32,
        max_lat: f32,
        min_lon: f32,
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
}

/// A citation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    pub id: String,
    /// Full citation as it should be printed.
    pub cite: String,
    #[serde(default)]
    pub url: String,
}

/// Which programme a site serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Nuclear,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Concession,
    Pressure,
    Inspection,
    Talks,
    Military,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Concession,
        Group::Pressure,
        Group::Inspection,
        Group::Talks,
        Group::Military,
    ];

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
    #[default]
    None,
    /// A site id.
    Site,
    /// A hidden variable.
    Variable,
}

/// Pyongyang's moves: a fixed vocabulary whose effects are data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Do nothing notable this round.
    Hold,
    MissileTest,
    DmzBuildup,
    CovertNuclear,
    ProliferationSale,
    Provocation,
    PromiseTalks,
    AttendTalks,
    BreakPromise,
    WalkOut,
    Crackdown,
    LimitedOpening,
    ExpelMonitors,
    Retaliate,
    Invade,
}

impl MoveKind {
    pub const ALL: [MoveKind; 15] = [
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

    pub fn id(self) -> &'static str {
        match self {
            MoveKind::Hold => "hold",
            MoveKind::MissileTest => "missile_test",
            MoveKind::DmzBuildup => "dmz_buildup",
            MoveKind::CovertNuclear => "covert_nuclear",
            MoveKind::ProliferationSale => "proliferation_sale",
            MoveKind::Provocation => "provocation",
            MoveKind::PromiseTalks => "promise_talks",
            MoveKind::AttendTalks => "attend_talks",
            MoveKind::BreakPromise => "break_promise",
            MoveKind::WalkOut => "walk_out",
            MoveKind::Crackdown => "crackdown",
            MoveKind::LimitedOpening => "limited_opening",
            MoveKind::ExpelMonitors => "expel_monitors",
            MoveKind::Retaliate => "retaliate",
            MoveKind::Invade => "invade",
        }
    }

    pub fn from_id(id: &str) -> Option<MoveKind> {
        MoveKind::ALL.into_iter().find(|m| m.id() == id)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The kinds of step the U.S. can ask of Pyongyang.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    AttendTalks,
    TestMoratorium,
    Freeze,
    AllowInspection,
    AcceptMonitoring,
    HaltExports,
    PullBackArtillery,
    CurtailMissile,
    CurtailWmd,
}

impl StepKind {
    pub const ALL: [StepKind; 9] = [
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

    pub fn id(self) -> &'static str {
        match self {
            StepKind::AttendTalks => "attend_talks",
            StepKind::TestMoratorium => "test_moratorium",
            StepKind::Freeze => "freeze",
            StepKind::AllowInspection => "allow_inspection",
            StepKind::AcceptMonitoring => "accept_monitoring",
            StepKind::HaltExports => "halt_exports",
            StepKind::PullBackArtillery => "pull_back_artillery",
            StepKind::CurtailMissile => "curtail_missile",
            StepKind::CurtailWmd => "curtail_wmd",
        }
    }

    pub fn from_id(id: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the step names a site (`freeze`, `allow_inspection`).
    pub fn takes_site(self) -> bool {
        matches!(self, StepKind::Freeze | StepKind::AllowInspection)
    }

    /// Whether the step is kept over time (a moratorium) rather than done once (a pull-back).
    pub fn ongoing(self) -> bool {
        matches!(
            self,
            StepKind::TestMoratorium
                | StepKind::Freeze
                | StepKind::AcceptMonitoring
                | StepKind::HaltExports
        )
    }
}

/// How an offer's reward and step are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sequencing {
    /// The reward is given at once, on trust.
    RewardFirst,
    /// The reward is given at once and the step is due at once.
    Simultaneous,
    /// The reward is released only once the steps are verified (quid pro quo).
    StepFirst,
}

impl Sequencing {
    pub const ALL: [Sequencing; 3] = [
        Sequencing::RewardFirst,
        Sequencing::Simultaneous,
        Sequencing::StepFirst,
    ];

    /// The id, spelled as in a level file and a record (`step_first`).
    pub fn id(self) -> &'static str {
        match self {
            Sequencing::RewardFirst => "reward_first",
            Sequencing::Simultaneous => "simultaneous",
            Sequencing::StepFirst => "step_first",
        }
    }

    /// The sequencing with this id; a hyphen is taken for the underscore (`step-first`), as
    /// players type both.
    pub fn from_id(id: &str) -> Option<Sequencing> {
        let id = id.replace('-', "_");
        Sequencing::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Named places on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Pyongyang,
    Seoul,
    Dmz,
    SeaOfJapan,
    Washington,
    Tokyo,
    Beijing,
    YellowSea,
}

/// The text shown before play.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingDef {
    pub context: String,
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
    pub round: u32,
    pub text: String,
    #[serde(default)]
    pub window: Option<String>,
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

/// One "what actually happened" note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryNote {
    /// `"YYYY-MM"` or a range in words.
    pub date: String,
    pub text: String,
    /// A source id or a citation.
    pub source: String,
}

/// How sure a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
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
    pub fn label(self) -> &'static str {
        match self {
            School::Memo => "the memo's school",
            School::Engagement => "the engagement school",
        }
    }
}

/// How a game ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    War,
    Collapse,
    Breakout,
    MandateLost,
    VerifiedPeace,
    /// The last round was played.
    TermEnded,
}

impl OutcomeKind {
    pub fn id(self) -> &'static str {
        match self {
            OutcomeKind::War => "war",
            OutcomeKind::Collapse => "collapse",
            OutcomeKind::Breakout => "breakout",
            OutcomeKind::MandateLost => "mandate_lost",
            OutcomeKind::VerifiedPeace => "verified_peace",
            OutcomeKind::TermEnded => "term_ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::War => "War on the peninsula",
            OutcomeKind::Collapse => "Regime collapse",
            OutcomeKind::Breakout => "Nuclear breakout",
            OutcomeKind::MandateLost => "Mandate lost in Congress",
            OutcomeKind::VerifiedPeace => "Verified peace",
            OutcomeKind::TermEnded => "Term ended",
        }
    }

    pub fn is_defeat(self) -> bool {
        matches!(
            self,
            OutcomeKind::War
                | OutcomeKind::Collapse
                | OutcomeKind::Breakout
                | OutcomeKind::MandateLost
        )
    }

    pub const ALL: [OutcomeKind; 6] = [
        OutcomeKind::War,
        OutcomeKind::Collapse,
        OutcomeKind::Breakout,
        OutcomeKind::MandateLost,
        OutcomeKind::VerifiedPeace,
        OutcomeKind::TermEnded,
    ];
}

/// A month, from `"YYYY-MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
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
    fn a_sequencing_id_is_its_file_spelling() {
        for s in Sequencing::ALL {
            assert_eq!(ron::to_string(&s).ok().as_deref(), Some(s.id()));
            assert_eq!(Sequencing::from_id(s.id()), Some(s));
            assert_eq!(Sequencing::from_id(&s.id().replace('_', "-")), Some(s));
        }
        assert_eq!(Sequencing::from_id("step first"), None);
    }
}
