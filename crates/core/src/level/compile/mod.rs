//! Semantic validation of a parsed level and its compilation into [`Rules`]: ids resolved,
//! catalogues merged with the shipped defaults, dates turned into rounds, assumption names into
//! numbers. Every problem is reported with its place in the file; nothing here panics.
//!
//! [`compile`] runs the sections in the order of the file, a file each, with tests of its own:
//! `world` (header, map, sources, sites, the start, intelligence), `variables` (the level's
//! own variables and allies), `mind` (the other side's types, the assumption ledger),
//! `catalogue` (actions, moves, steps), `expressions` (conditions, effects, amounts),
//! `events` (agreements, events, outcomes), `briefing` (the briefing and the likely
//! mistakes) and `policies` (scripted U.S. policies). The `Compiler` here holds the place of
//! every value in the file and the diagnostics.

use crate::level::diag::{Diagnostic, Diagnostics};
use crate::level::spans::{Node, Seg};
use crate::level::suggest;
use crate::level::types::{
    ActionDef, Amount, AssumptionDef, Condition, Defaults, Effect, Level, MapDef, MoveDef,
    MoveKind, Place, StepKind, TargetKind, TruthDef, YearMonth,
};
use crate::sim::rules::{
    Action, AgreementTemplate, Assumption, Cond, Eff, Event, IntelParams, Move, Outcomes, OwnVar,
    Personality, Prior, Rules, Site, Step, StepTarget, TruthRule, Weights,
};
use crate::sim::vars::{Hidden, Var, VarTable};
use std::collections::BTreeMap;

mod briefing;
mod catalogue;
mod events;
mod expressions;
mod mind;
mod policies;
mod variables;
mod world;

use events::check_source_ref;
pub use events::{labelled_invention, latest_year};
use policies::compile_policies;

type Path = Vec<Seg>;
/// Whether a latitude and longitude are on the globe.
fn on_globe(lat: f32, lon: f32) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}
/// What `check` says of a point off the globe.
const OFF_GLOBE: &str = "latitude is −90 to 90 and longitude −180 to 180";
fn f(name: &str) -> Seg {
    Seg::Field(name.to_string())
}
fn i(k: usize) -> Seg {
    Seg::Index(k)
}
fn join(base: &Path, more: &[Seg]) -> Path {
    let mut p = base.clone();
    p.extend_from_slice(more);
    p
}
/// Where a piece of rule data came from: the level file (with its path) or the shipped defaults.
#[derive(Clone)]
enum Origin {
    Level(Path),
    Defaults,
}
struct Compiler<'a> {
    tree: Option<&'a Node>,
    diags: &'a mut Diagnostics,
    sites: Vec<String>,
    flags: Vec<String>,
    actions: Vec<String>,
    /// Shipped actions this level disables: a reference to one gets its own message.
    disabled_actions: Vec<String>,
    agreements: Vec<String>,
    events: Vec<String>,
    sources: Vec<String>,
    /// The level's own kinds of step, by id.
    own_steps: Vec<(String, StepKind)>,
    /// Built-in ally variables the level does not use: effects on them are dropped and
    /// conditions on them always hold.
    absent: Vec<Var>,
    ledger: BTreeMap<String, i32>,
    used_weights: Vec<String>,
    used_flags: Vec<String>,
    start: Option<YearMonth>,
    rounds: u32,
    months_per_round: u32,
}

impl Compiler<'_> {
    fn span_of(&self, path: &Path) -> Option<(usize, usize)> {
        let tree = self.tree?;
        let (node, _) = tree.locate(path);
        let s = node.span();
        Some((s.start, s.end))
    }
    fn error(&mut self, path: &Path, msg: impl Into<String>, help: Option<String>) {
        let range = self.span_of(path);
        self.diags
            .push_at(Diagnostic::error(msg).with_help(help), range);
    }
    fn warn(&mut self, path: &Path, msg: impl Into<String>, help: Option<String>) {
        let range = self.span_of(path);
        self.diags
            .push_at(Diagnostic::warning(msg).with_help(help), range);
    }
    fn error_at(&mut self, origin: &Origin, more: &[Seg], msg: String, help: Option<String>) {
        match origin {
            Origin::Level(p) => {
                let path = join(p, more);
                self.error(&path, msg, help);
            }
            Origin::Defaults => self.diags.push_at(
                Diagnostic::error(format!("in the shipped defaults: {msg}")).with_help(help),
                None,
            ),
        }
    }
    fn range(&mut self, path: &Path, what: &str, v: i64, lo: i64, hi: i64) {
        if v < lo || v > hi {
            self.error(
                path,
                format!("{what} is {v}, out of range: it must be between {lo} and {hi}"),
                None,
            );
        }
    }
    fn did_you_mean(word: &str, options: &[String]) -> Option<String> {
        suggest(word, options.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"))
    }
    fn lookup(
        &mut self,
        origin: &Origin,
        more: &[Seg],
        kind: &str,
        id: &str,
        table: &[String],
    ) -> Option<u16> {
        match table.iter().position(|x| x == id) {
            Some(k) => Some(k as u16),
            None if kind == "action" && self.disabled_actions.iter().any(|d| d == id) => {
                self.error_at(
                    origin,
                    more,
                    format!("action `{id}` is disabled by this level (in `actions: (disable: [...])`)"),
                    Some(format!(
                        "remove `{id}` from `disable` to keep the action, or do not refer to it here"
                    )),
                );
                None
            }
            None => {
                let help = Self::did_you_mean(id, table).or_else(|| {
                    if table.is_empty() {
                        Some(format!("this level declares no {kind}s"))
                    } else {
                        None
                    }
                });
                self.error_at(origin, more, format!("unknown {kind} `{id}`"), help);
                None
            }
        }
    }
    fn warn_at(&mut self, origin: &Origin, more: &[Seg], msg: String) {
        if let Origin::Level(p) = origin {
            let path = join(p, more);
            self.warn(&path, msg, None);
        }
    }
    fn check_id(&mut self, path: &Path, what: &str, id: &str) {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.error(
                path,
                format!("{what} id `{id}` must be non-empty lowercase letters, digits, `-` or `_`"),
                None,
            );
        }
    }
    fn unique(&mut self, base: &Path, what: &str, ids: &[String]) {
        for (k, id) in ids.iter().enumerate() {
            if ids[..k].contains(id) {
                let path = join(base, &[i(k), f("id")]);
                self.error(&path, format!("duplicate {what} id `{id}`"), None);
            }
        }
    }
}

/// How a shipped text names an ally the level does not have.
const NO_ALLY: &str = "its neighbours";
/// How many variables, moves or kinds of step a level may add.
const MAX_OWN: usize = crate::sim::vars::MAX_LEVEL_VARS;
/// A number of the level file with the range it must lie in.
struct Bound {
    /// Where it is written (field names from the top of the file).
    path: &'static [&'static str],
    /// How messages name it.
    name: &'static str,
    get: fn(&Level) -> i64,
    lo: i64,
    hi: i64,
}
/// The single numbers of a level and their ranges, checked in one pass. (Numbers in lists — a
/// type's utility weights, the starting errors, an assumption's value — are checked where the
/// list is read.)
const BOUNDS: &[Bound] = &[
    Bound {
        path: &["months_per_round"],
        name: "months_per_round",
        get: |l| i64::from(l.months_per_round),
        lo: 1,
        hi: 12,
    },
    Bound {
        path: &["rounds"],
        name: "rounds",
        get: |l| i64::from(l.rounds),
        lo: 1,
        hi: 120,
    },
    Bound {
        path: &["action_points"],
        name: "action_points",
        get: |l| i64::from(l.action_points),
        lo: 1,
        hi: 10,
    },
    Bound {
        path: &["budget", "start"],
        name: "budget.start",
        get: |l| i64::from(l.budget.start),
        lo: 0,
        hi: 100_000,
    },
    Bound {
        path: &["budget", "refill"],
        name: "budget.refill",
        get: |l| i64::from(l.budget.refill),
        lo: 0,
        hi: 10_000,
    },
    Bound {
        path: &["intel", "start_band"],
        name: "intel.start_band",
        get: |l| i64::from(l.intel.start_band),
        lo: 0,
        hi: 50,
    },
    Bound {
        path: &["intel", "their_band"],
        name: "intel.their_band",
        get: |l| i64::from(l.intel.their_band),
        lo: 0,
        hi: 50,
    },
    Bound {
        path: &["intel", "widen"],
        name: "intel.widen",
        get: |l| i64::from(l.intel.widen),
        lo: 0,
        hi: 20,
    },
    Bound {
        path: &["intel", "max_band"],
        name: "intel.max_band",
        get: |l| i64::from(l.intel.max_band),
        lo: 0,
        hi: 60,
    },
    Bound {
        path: &["intel", "drift"],
        name: "intel.drift",
        get: |l| i64::from(l.intel.drift),
        lo: 0,
        hi: 20,
    },
    Bound {
        path: &["intel", "narrow_to"],
        name: "intel.narrow_to",
        get: |l| i64::from(l.intel.narrow_to),
        lo: 0,
        hi: 50,
    },
    Bound {
        path: &["opponent_mind", "prior", "strength"],
        name: "strength",
        get: |l| i64::from(l.opponent_mind.prior.strength),
        lo: 1,
        hi: 100,
    },
    Bound {
        path: &["outcomes", "war_tension"],
        name: "war_tension",
        get: |l| i64::from(l.outcomes.war_tension),
        lo: 1,
        hi: 100,
    },
    Bound {
        path: &["outcomes", "collapse_security"],
        name: "collapse_security",
        get: |l| i64::from(l.outcomes.collapse_security),
        lo: 0,
        hi: 99,
    },
    Bound {
        path: &["outcomes", "breakout_nuclear"],
        name: "breakout_nuclear",
        get: |l| i64::from(l.outcomes.breakout_nuclear),
        lo: 1,
        hi: 100,
    },
    Bound {
        path: &["outcomes", "mandate_congress"],
        name: "mandate_congress",
        get: |l| i64::from(l.outcomes.mandate_congress),
        lo: 0,
        hi: 99,
    },
    Bound {
        path: &["outcomes", "peace", "verified_steps"],
        name: "peace.verified_steps",
        get: |l| i64::from(l.outcomes.peace.verified_steps),
        lo: 0,
        hi: 50,
    },
    Bound {
        path: &["outcomes", "peace", "normalization"],
        name: "peace.normalization",
        get: |l| i64::from(l.outcomes.peace.normalization),
        lo: 0,
        hi: 100,
    },
    Bound {
        path: &["outcomes", "peace", "tension_at_most"],
        name: "peace.tension_at_most",
        get: |l| i64::from(l.outcomes.peace.tension_at_most),
        lo: 0,
        hi: 100,
    },
    Bound {
        path: &["outcomes", "peace", "hold_rounds"],
        name: "peace.hold_rounds",
        get: |l| i64::from(l.outcomes.peace.hold_rounds),
        lo: 1,
        hi: 24,
    },
];
/// The compiled parts the checks for likely mistakes look at.
struct Parts<'p> {
    actions: &'p [Action],
    moves: &'p [Move],
    steps: &'p [Step],
    agreements: &'p [AgreementTemplate],
    events: &'p [Event],
}

impl<'a> Compiler<'a> {
    /// A compiler for `level`, knowing the ids it defines before any section is read.
    fn new(level: &Level, tree: Option<&'a Node>, diags: &'a mut Diagnostics) -> Compiler<'a> {
        Compiler {
            tree,
            diags,
            sites: level.sites.iter().map(|s| s.id.clone()).collect(),
            flags: level.flags.clone(),
            actions: Vec::new(),
            disabled_actions: level.actions.disable.clone(),
            agreements: level.agreements.iter().map(|a| a.id.clone()).collect(),
            events: level.events.iter().map(|e| e.id.clone()).collect(),
            sources: level.sources.iter().map(|s| s.id.clone()).collect(),
            own_steps: level
                .names
                .steps
                .iter()
                .enumerate()
                .map(|(k, (id, ongoing))| {
                    let slot = u8::try_from(k).unwrap_or(u8::MAX);
                    (
                        id.clone(),
                        StepKind::Level(crate::sim::vocab::LevelStep {
                            slot,
                            ongoing: *ongoing,
                        }),
                    )
                })
                .collect(),
            absent: match &level.allies {
                Some(list) => [Var::Seoul, Var::Tokyo]
                    .into_iter()
                    .skip(list.len().min(2))
                    .collect(),
                None => Vec::new(),
            },
            ledger: BTreeMap::new(),
            used_weights: Vec::new(),
            used_flags: Vec::new(),
            start: YearMonth::parse(&level.start),
            rounds: level.rounds,
            months_per_round: level.months_per_round.max(1),
        }
    }
}

/// The variables' labels and meanings: the built-in ones, the level's own, its relabels and its
/// allies' names.
type Words = [String; crate::sim::vars::VAR_COUNT];

fn labels_and_meanings(
    level: &Level,
    own_vars: &[OwnVar],
    allies: &[crate::sim::rules::Ally],
) -> (Words, Words) {
    let mut labels: Words = std::array::from_fn(|k| {
        Var::BUILTIN
            .get(k)
            .map_or(String::new(), |v| v.label().to_string())
    });
    let mut meanings: Words = std::array::from_fn(|k| {
        Var::BUILTIN
            .get(k)
            .map_or(String::new(), |v| v.meaning().to_string())
    });
    for o in own_vars {
        if let Some(def) = level.variables.iter().find(|d| d.id == o.id) {
            labels[o.var.index()] = def.name.clone();
            meanings[o.var.index()] = def.meaning.clone();
        }
    }
    for l in &level.labels {
        labels[l.0.index()] = l.1.clone();
    }
    for a in allies.iter().filter(|a| !a.name.is_empty()) {
        labels[a.var.index()] = a.name.clone();
        meanings[a.var.index()] = format!("{}'s confidence in the U.S. approach", a.name);
    }
    (labels, meanings)
}

/// The level's sites as the rules hold them.
fn sites(level: &Level) -> Vec<Site> {
    level
        .sites
        .iter()
        .map(|s| Site {
            id: s.id.clone(),
            name: s.name.clone(),
            lat: s.lat,
            lon: s.lon,
            program: s.program,
            truth: match s.truth {
                TruthDef::Active => TruthRule::Fixed(crate::level::types::Truth::Active),
                TruthDef::Empty => TruthRule::Fixed(crate::level::types::Truth::Empty),
                TruthDef::Cleaned => TruthRule::Fixed(crate::level::types::Truth::Cleaned),
                TruthDef::Chance {
                    active,
                    empty,
                    cleaned,
                } => TruthRule::Chance([active, empty, cleaned]),
            },
            suspected: s.suspected,
            declared: s.declared,
            finding: s.finding,
            note: s.note.clone(),
            source: s.source.clone(),
        })
        .collect()
}

/// Validates a parsed level against the shipped defaults and compiles it. Problems go to `diags`;
/// the rules are returned only when there is no error.
pub fn compile(
    level: &Level,
    defaults: &Defaults,
    tree: Option<&Node>,
    diags: &mut Diagnostics,
    content_hash: String,
) -> Option<Rules> {
    let mut c = Compiler::new(level, tree, diags);

    c.header(level);
    c.sources_sites_flags(level);
    c.geography(level);
    let initial = c.initial_state(level);
    let intel = c.intel(level);
    let types = c.opponent_types(level);
    let (ledger, prior, weights) = c.ledger(level, defaults);
    let mut initial = initial;
    let mut own_vars = c.own_vars(level, &mut initial);
    let allies = c.allies(level, &mut initial, &mut own_vars);
    let actions = c.us_actions(level, defaults);
    let moves = c.dprk_moves(level, defaults);
    let steps = c.steps(level, defaults);
    let agreements = c.agreements(level, &actions);
    let events = c.events(level);
    let outcomes = c.outcomes(level);
    c.briefing(level);
    c.likely_mistakes(
        level,
        &Parts {
            actions: &actions,
            moves: &moves,
            steps: &steps,
            agreements: &agreements,
            events: &events,
        },
    );
    c.unused(level, defaults);

    let policies = compile_policies(&mut c, level);
    c.texts_naming_absent_allies(&actions, &moves, &steps);
    let c_absent = c.absent.clone();

    if c.diags.has_errors() {
        return None;
    }
    let start = c.start?;
    let (labels, meanings) = labels_and_meanings(level, &own_vars, &allies);
    // A shipped text that names an ally the level does not have reads "its neighbours"
    // (`check` warns about each such text still in play).
    let ally_name = |v: Var| {
        if c_absent.contains(&v) {
            NO_ALLY.to_string()
        } else {
            labels[v.index()].clone()
        }
    };
    let names = level
        .opponent
        .names([ally_name(Var::Seoul), ally_name(Var::Tokyo)]);
    let labels = labels.map(|l| names.fill(&l));
    let meanings = meanings.map(|m| names.fill(&m));
    let mut rules = Rules {
        model_key: std::sync::OnceLock::new(),
        id: level.id.clone(),
        title: level.title.clone(),
        summary: level.summary.clone(),
        question: level.question.clone(),
        author: level.author.clone(),
        names,
        labels,
        meanings,
        map: level.map,
        places: level.places.clone(),
        outlines: level.outlines.clone(),
        border: level.border.clone(),
        sources: level.sources.clone(),
        start,
        months_per_round: level.months_per_round.max(1),
        rounds: level.rounds,
        action_points: level.action_points,
        budget_start: level.budget.start,
        budget_refill: level.budget.refill,
        initial,
        intel,
        types,
        prior,
        sites: sites(level),
        flags: level.flags.clone(),
        habits: crate::sim::rules::habit_candidates(&actions),
        actions,
        own_vars,
        allies,
        absent: c_absent,
        moves,
        steps,
        agreements,
        event_rounds: crate::sim::rules::event_schedule(&events, level.rounds),
        events,
        outcomes,
        briefing: level.briefing.clone(),
        sides: level.sides.clone(),
        debrief: level.debrief.clone(),
        teacher: level.teacher.clone(),
        ledger,
        weights,
        policies,
        content_hash,
        variant: String::new(),
    };
    fill_names(&mut rules);
    Some(rules)
}
/// Fills the placeholders (`{opponent}`, `{ally_1}`, …) of every text the player reads with the
/// level's names, so the shipped catalogue reads right in any level.
fn fill_names(r: &mut Rules) {
    let n = r.names.clone();
    let fill = |s: &mut String| *s = n.fill(s);
    for a in &mut r.actions {
        fill(&mut a.name);
        fill(&mut a.description);
        fill(&mut a.requires_text);
    }
    for m in &mut r.moves {
        fill(&mut m.name);
        fill(&mut m.description);
    }
    for s in &mut r.steps {
        fill(&mut s.name);
        fill(&mut s.description);
        fill(&mut s.verification);
    }
    for a in &mut r.ledger {
        fill(&mut a.claim);
        fill(&mut a.unit);
    }
    for e in &mut r.events {
        fill(&mut e.headline);
        fill(&mut e.body);
    }
}

#[cfg(test)]
mod testing {
    //! The tutorial, edited in one place and checked: what each section's tests start from.

    use crate::level::{Loaded, load_bytes, shipped_text};

    /// The tutorial with the first `from` replaced by `to`, loaded.
    pub(super) fn edited(from: &str, to: &str) -> Result<Loaded, String> {
        let t = shipped_text("tutorial").unwrap_or_default();
        assert!(t.contains(from), "the tutorial has no {from:?}");
        load_bytes("mine.ron", t.replacen(from, to, 1).as_bytes()).map_err(|d| d.render())
    }

    /// What `check` says of the edited tutorial: its errors, or its warnings.
    pub(super) fn said(from: &str, to: &str) -> String {
        match edited(from, to) {
            Ok(l) => l.warnings.render(),
            Err(e) => e,
        }
    }

    /// Asserts `said` holds `message` at `mine.ron:line:`.
    pub(super) fn says_at(said: &str, message: &str, line: usize) {
        assert!(said.contains(message), "no {message:?} in:\n{said}");
        assert!(
            said.contains(&format!("mine.ron:{line}:")),
            "not at line {line}:\n{said}"
        );
    }
}
