//! Semantic validation of a parsed level and its compilation into [`Rules`]: ids resolved,
//! catalogues merged with the shipped defaults, dates turned into rounds, assumption names into
//! numbers. Every problem is reported with its place in the file; nothing here panics.

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

    fn amount(&mut self, origin: &Origin, more: &[Seg], a: &Amount) -> i32 {
        match a {
            Amount::Lit(v) => *v,
            Amount::Weight { id, negate } => match self.ledger.get(id) {
                Some(&v) => {
                    if !self.used_weights.contains(id) {
                        self.used_weights.push(id.clone());
                    }
                    if *negate { -v } else { v }
                }
                None => {
                    let keys: Vec<String> = self.ledger.keys().cloned().collect();
                    self.error_at(
                        origin,
                        more,
                        format!("unknown assumption `{id}`"),
                        Self::did_you_mean(id, &keys),
                    );
                    0
                }
            },
        }
    }

    /// The rounds in which a month window falls.
    fn date_rounds(&self, from: YearMonth, to: YearMonth) -> Option<(u32, u32)> {
        let start = self.start?;
        let m = i64::from(self.months_per_round.max(1));
        let from_m = from.ordinal() - start.ordinal();
        let to_m = to.ordinal() - start.ordinal();
        if to_m < 0 {
            return None;
        }
        // Round r covers months (r-1)*m ..= r*m - 1 from the start.
        let first = (from_m.max(0) / m + 1).max(1);
        let last = to_m / m + 1;
        if last < first {
            return None;
        }
        Some((u32::try_from(first).ok()?, u32::try_from(last).ok()?))
    }

    fn cond(&mut self, origin: &Origin, more: &[Seg], c: &Condition) -> Cond {
        let here = |k: &[Seg]| -> Vec<Seg> {
            let mut v = more.to_vec();
            v.extend_from_slice(k);
            v
        };
        match c {
            Condition::Always => Cond::Always,
            Condition::Never => Cond::Never,
            Condition::AtLeast(v, _) | Condition::AtMost(v, _) if self.absent.contains(v) => {
                Cond::Always
            }
            Condition::AtLeast(v, x) | Condition::AtMost(v, x) => {
                if let Origin::Level(p) = origin {
                    let path = join(p, &here(&[i(1)]));
                    self.range(
                        &path,
                        &format!("the {v} threshold"),
                        i64::from(*x),
                        0,
                        i64::from(Var::max(*v)),
                    );
                }
                if matches!(c, Condition::AtLeast(..)) {
                    Cond::AtLeast(*v, *x)
                } else {
                    Cond::AtMost(*v, *x)
                }
            }
            Condition::Flag(name) | Condition::NoFlag(name) => {
                let table = self.flags.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "flag", name, &table)
                    .unwrap_or(0);
                if !self.used_flags.contains(name) {
                    self.used_flags.push(name.clone());
                }
                if matches!(c, Condition::Flag(_)) {
                    Cond::Flag(ix)
                } else {
                    Cond::NoFlag(ix)
                }
            }
            Condition::Round(a, b) => {
                if a > b || *a == 0 {
                    self.error_at(
                        origin,
                        more,
                        format!("round window {a}..{b} is empty: rounds start at 1 and `from` must not exceed `to`"),
                        None,
                    );
                } else if *a > self.rounds {
                    self.warn_at(
                        origin,
                        more,
                        format!(
                            "round {a} is after the level's last round ({}); this never holds",
                            self.rounds
                        ),
                    );
                }
                Cond::Round(*a, *b)
            }
            Condition::Date(from, to) => {
                let pf = YearMonth::parse(from);
                let pt = YearMonth::parse(to);
                match (pf, pt) {
                    (Some(a), Some(b)) if a <= b => {
                        match self.date_rounds(a, b) {
                            Some((r1, r2)) => {
                                if r1 > self.rounds {
                                    self.warn_at(origin, more, format!("{from}..{to} falls after the level ends; this never holds"));
                                }
                                Cond::Round(r1, r2)
                            }
                            None => {
                                self.warn_at(origin, more, format!("{from}..{to} falls before the level starts; this never holds"));
                                Cond::Never
                            }
                        }
                    }
                    (Some(_), Some(_)) => {
                        self.error_at(
                            origin,
                            more,
                            format!("date window {from}..{to} is backwards"),
                            None,
                        );
                        Cond::Never
                    }
                    (None, _) => {
                        self.error_at(
                            origin,
                            &here(&[i(0)]),
                            format!("`{from}` is not a month; write \"YYYY-MM\""),
                            None,
                        );
                        Cond::Never
                    }
                    (_, None) => {
                        self.error_at(
                            origin,
                            &here(&[i(1)]),
                            format!("`{to}` is not a month; write \"YYYY-MM\""),
                            None,
                        );
                        Cond::Never
                    }
                }
            }
            Condition::InAgreement => Cond::InAgreement,
            Condition::HasAgreement(k) => Cond::HasAgreement(*k),
            Condition::NoAgreement(k) => Cond::NoAgreement(*k),
            Condition::UsDid(a, within) => {
                let table = self.actions.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "action", a, &table)
                    .unwrap_or(0);
                Cond::UsDid(ix, *within)
            }
            Condition::PyongyangDid(m, within) => Cond::PyongyangDid(*m, *within),
            Condition::UnreciprocatedConcession(w) => Cond::UnreciprocatedConcession(*w),
            Condition::SiteIs(s, t) => {
                let table = self.sites.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "site", s, &table)
                    .unwrap_or(0);
                Cond::SiteIs(ix, *t)
            }
            Condition::TalksProposed => Cond::TalksProposed,
            Condition::TalksPromised => Cond::TalksPromised,
            Condition::MonitorsPresent => Cond::MonitorsPresent,
            Condition::Struck(w) => Cond::Struck(*w),
            Condition::Threatened(w) => Cond::Threatened(*w),
            Condition::ActiveSite(p) => Cond::ActiveSite(*p),
            Condition::UnmonitoredAid(w) => Cond::UnmonitoredAid(*w),
            Condition::AidDiverted(w) => Cond::AidDiverted(*w),
            Condition::Fired(id) => {
                let table = self.events.clone();
                Cond::Fired(
                    self.lookup(origin, &here(&[i(0)]), "event", id, &table)
                        .unwrap_or(0),
                )
            }
            Condition::All(cs) | Condition::Any(cs) => {
                let mut out = Vec::new();
                for (k, c2) in cs.iter().enumerate() {
                    out.push(self.cond(origin, &here(&[i(0), i(k)]), c2));
                }
                if matches!(c, Condition::All(_)) {
                    Cond::All(out)
                } else {
                    Cond::Any(out)
                }
            }
            Condition::Not(inner) => Cond::Not(Box::new(self.cond(origin, &here(&[i(0)]), inner))),
        }
    }

    fn warn_at(&mut self, origin: &Origin, more: &[Seg], msg: String) {
        if let Origin::Level(p) = origin {
            let path = join(p, more);
            self.warn(&path, msg, None);
        }
    }

    /// Compiles a list of effects; `target` is the kind of target the owner provides.
    fn effects(
        &mut self,
        origin: &Origin,
        list: &[Effect],
        target: Option<TargetKind>,
    ) -> Vec<Eff> {
        let mut out = Vec::new();
        for (k, e) in list.iter().enumerate() {
            if let Effect::Add(v, _) | Effect::Set(v, _) = e
                && self.absent.contains(v)
            {
                continue;
            }
            let at = [i(k)];
            let at0 = [i(k), i(0)];
            let at1 = [i(k), i(1)];
            let need_target = |c: &mut Self, want: TargetKind, name: &str| {
                if target != Some(want) {
                    let what = match want {
                        TargetKind::Site => "a site",
                        _ => "a variable",
                    };
                    c.error_at(
                        origin,
                        &at,
                        format!("`{name}` needs the action's target to be {what} (set `target: {}`)", match want {
                            TargetKind::Site => "site",
                            _ => "variable",
                        }),
                        if target.is_none() {
                            Some("only U.S. actions have targets; events, moves and steps cannot use it".into())
                        } else {
                            None
                        },
                    );
                }
            };
            let eff = match e {
                Effect::Add(v, a) | Effect::Set(v, a) => {
                    let x = self.amount(origin, &at1, a);
                    let lim = if *v == Var::Budget { 10_000 } else { 100 };
                    if x.abs() > lim {
                        self.error_at(
                            origin,
                            &at1,
                            format!("{x} is out of range for {v}: at most {lim} either way"),
                            None,
                        );
                    }
                    if matches!(e, Effect::Add(..)) {
                        Eff::Add(*v, x)
                    } else {
                        Eff::Set(*v, x.max(0))
                    }
                }
                Effect::SetFlag(name) | Effect::ClearFlag(name) => {
                    let table = self.flags.clone();
                    let ix = self.lookup(origin, &at0, "flag", name, &table).unwrap_or(0);
                    if !self.used_flags.contains(name) {
                        self.used_flags.push(name.clone());
                    }
                    if matches!(e, Effect::SetFlag(_)) {
                        Eff::SetFlag(ix)
                    } else {
                        Eff::ClearFlag(ix)
                    }
                }
                Effect::Reveal(v) | Effect::Mislead(v, _) => {
                    if !v.is_hidden() {
                        self.error_at(origin, &at0, format!("`{v}` is visible to the player; only hidden variables have estimates"), None);
                    }
                    match e {
                        Effect::Mislead(_, a) => {
                            let x = self.amount(origin, &at1, a);
                            Eff::Mislead(*v, x)
                        }
                        _ => Eff::Reveal(*v),
                    }
                }
                Effect::Leak(s) => {
                    let table = self.sites.clone();
                    Eff::Leak(self.lookup(origin, &at0, "site", s, &table).unwrap_or(0))
                }
                Effect::FoodAid { value, monitored } => {
                    let x = self.amount(origin, &[i(k), f("value")], value);
                    if !(0..=1000).contains(&x) {
                        self.error_at(
                            origin,
                            &[i(k), f("value")],
                            format!("food aid of ${x}M is out of range (0 to 1000)"),
                            None,
                        );
                    }
                    Eff::FoodAid {
                        value: x,
                        monitored: *monitored,
                    }
                }
                Effect::DemandInspection => {
                    need_target(self, TargetKind::Site, "DemandInspection");
                    Eff::DemandInspection
                }
                Effect::Strike => {
                    need_target(self, TargetKind::Site, "Strike");
                    Eff::Strike
                }
                Effect::Surveil => {
                    need_target(self, TargetKind::Variable, "Surveil");
                    Eff::Surveil
                }
                Effect::RequestMonitors => Eff::RequestMonitors,
                Effect::ProposeTalks => Eff::ProposeTalks,
                Effect::ThreatenStrike => Eff::ThreatenStrike,
                Effect::Interdict => Eff::Interdict,
                Effect::SuspendAid => Eff::SuspendAid,
                Effect::StartAgreement(id) => {
                    let table = self.agreements.clone();
                    Eff::StartAgreement(
                        self.lookup(origin, &at0, "agreement", id, &table)
                            .unwrap_or(0),
                    )
                }
                Effect::EndAgreements => Eff::EndAgreements,
                Effect::EndGame(o) => Eff::EndGame(*o),
            };
            out.push(eff);
        }
        out
    }

    /// One of the level's own steps, by id, or an error where it is named.
    fn own_step(&mut self, origin: &Origin, more: &[Seg], id: &str) -> Option<StepKind> {
        let found = self
            .own_steps
            .iter()
            .find(|(x, _)| x == id)
            .map(|(_, k)| *k);
        if found.is_none() {
            let ids: Vec<String> = self.own_steps.iter().map(|(x, _)| x.clone()).collect();
            let help = Self::did_you_mean(id, &ids).or_else(|| {
                Some(if ids.is_empty() {
                    "this level adds no steps of its own (`new_steps`)".to_string()
                } else {
                    format!("the level's own steps are: {}", ids.join(", "))
                })
            });
            self.error_at(origin, more, format!("unknown step `{id}`"), help);
        }
        found
    }

    /// The level's own variables: checked, with their start values written into `initial`.
    fn own_vars(&mut self, level: &Level, initial: &mut VarTable) -> Vec<OwnVar> {
        let c = self;
        if level.variables.len() > MAX_OWN {
            c.error(
                &vec![f("variables")],
                format!("a level may add at most {MAX_OWN} variables"),
                None,
            );
        }
        let mut out = Vec::new();
        for (k, def) in level.variables.iter().enumerate().take(MAX_OWN) {
            let base = vec![f("variables"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "variable", &def.id);
            if Var::from_id(&def.id).is_some() {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is a shipped variable: give the new one an id of its own (or rename the shipped one with `labels`)", def.id),
                    None,
                );
                continue;
            }
            if level.variables[..k].iter().any(|d| d.id == def.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate variable id `{}`", def.id),
                    None,
                );
                continue;
            }
            let Some(var) = level
                .names
                .var(&def.id)
                .map(|(slot, hidden)| Var::Level(crate::sim::vars::LevelVar { slot, hidden }))
            else {
                continue;
            };
            if def.min >= def.max {
                c.error(
                    &join(&base, &[f("max")]),
                    format!("`max` ({}) must be more than `min` ({})", def.max, def.min),
                    None,
                );
            }
            // Within the 0–100 scale every variable but the budget shares, so the dashboard's
            // bars and the debrief's charts draw it on the same scale as the others.
            c.range(&join(&base, &[f("min")]), "min", i64::from(def.min), 0, 100);
            c.range(&join(&base, &[f("max")]), "max", i64::from(def.max), 0, 100);
            c.range(
                &join(&base, &[f("start")]),
                &format!("the start of `{}`", def.id),
                i64::from(def.start),
                i64::from(def.min),
                i64::from(def.max.max(def.min)),
            );
            let origin = Origin::Level(base.clone());
            let drift = c.amount(&origin, &[f("drift")], &def.drift);
            let worth = c.amount(&origin, &[f("worth")], &def.worth);
            c.range(
                &join(&base, &[f("worth")]),
                "worth",
                i64::from(worth),
                -1000,
                1000,
            );
            let score = c.amount(&origin, &[f("score")], &def.score);
            c.range(
                &join(&base, &[f("score")]),
                "score",
                i64::from(score),
                0,
                100,
            );
            if score > 0 && def.rise_is_good.is_none() {
                c.error(
                    &join(&base, &[f("score")]),
                    format!(
                        "`{}` is scored, but the score cannot tell whether a rise is good",
                        def.id
                    ),
                    Some("add `rise_is_good: Some(true)` or `Some(false)`".into()),
                );
            }
            initial[var] = def.start.clamp(def.min, def.max.max(def.min));
            out.push(OwnVar {
                id: def.id.clone(),
                var,
                min: def.min,
                max: def.max.max(def.min),
                drift,
                worth,
                score,
                rise_is_good: def.rise_is_good,
                source: def.source.clone(),
            });
        }
        out
    }

    /// Warns about each shipped text still in play that names an ally the level does not have.
    fn texts_naming_absent_allies(&mut self, actions: &[Action], moves: &[Move], steps: &[Step]) {
        let missing: Vec<&str> = [(Var::Seoul, "{ally_1}"), (Var::Tokyo, "{ally_2}")]
            .into_iter()
            .filter(|(v, _)| self.absent.contains(v))
            .map(|(_, p)| p)
            .collect();
        if missing.is_empty() {
            return;
        }
        let names = |texts: &[&str]| missing.iter().any(|p| texts.iter().any(|t| t.contains(p)));
        let mut found: Vec<String> = Vec::new();
        for a in actions {
            if names(&[&a.name, &a.description, &a.requires_text]) {
                found.push(format!("action `{}`", a.id));
            }
        }
        for m in moves.iter().filter(|m| m.enabled) {
            if names(&[&m.name, &m.description]) {
                found.push(format!("move `{}`", m.id));
            }
        }
        for s in steps {
            if names(&[&s.name, &s.description, &s.verification]) {
                found.push(format!("step `{}`", s.id));
            }
        }
        if !found.is_empty() {
            self.warn(
                &vec![f("allies")],
                format!(
                    "these shipped texts name an ally this level does not have, and will read \"{NO_ALLY}\": {}",
                    found.join(", ")
                ),
                Some("rename or re-describe them with `change`, or disable them".into()),
            );
        }
    }

    /// The allies: the two built-in ones unless the level lists its own (zero to three; the
    /// first two hold their confidence in `seoul` and `tokyo`, a third in a variable of the
    /// level's own).
    fn allies(
        &mut self,
        level: &Level,
        initial: &mut VarTable,
        own_vars: &mut Vec<OwnVar>,
    ) -> Vec<crate::sim::rules::Ally> {
        let c = self;
        let Some(list) = &level.allies else {
            return [Var::Seoul, Var::Tokyo]
                .into_iter()
                .map(|var| crate::sim::rules::Ally {
                    var,
                    name: String::new(),
                    patience: 0,
                    breaking_point: 0,
                    on_break: Vec::new(),
                    break_text: String::new(),
                    source: String::new(),
                })
                .collect();
        };
        if list.len() > 3 {
            c.error(&vec![f("allies")], "a level has at most three allies", None);
        }
        let mut out = Vec::new();
        for (k, a) in list.iter().enumerate().take(3) {
            let base = vec![f("allies"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "ally", &a.id);
            let var = match k {
                0 => Some(Var::Seoul),
                1 => Some(Var::Tokyo),
                _ => level
                    .names
                    .var(&a.id)
                    .map(|(slot, hidden)| Var::Level(crate::sim::vars::LevelVar { slot, hidden })),
            };
            let taken = Var::from_id(&a.id).is_some()
                || level.variables.iter().any(|v| v.id == a.id)
                || list[..k].iter().any(|b| b.id == a.id);
            let Some(var) = var.filter(|_| !taken) else {
                c.error(
                    &join(&base, &[f("id")]),
                    if taken {
                        format!("`{}` is already the id of a variable or ally", a.id)
                    } else {
                        "no room for a third ally: a level has at most eight variables of its own, allies included".to_string()
                    },
                    None,
                );
                continue;
            };
            if let Some(x) = a.start {
                c.range(
                    &join(&base, &[f("start")]),
                    "an ally's start",
                    i64::from(x),
                    0,
                    100,
                );
            }
            c.range(
                &join(&base, &[f("patience")]),
                "patience",
                i64::from(a.patience),
                0,
                120,
            );
            c.range(
                &join(&base, &[f("breaking_point")]),
                "the breaking point",
                i64::from(a.breaking_point),
                0,
                100,
            );
            if a.patience > 0 && a.on_break.is_empty() {
                c.warn(
                    &join(&base, &[f("on_break")]),
                    format!(
                        "`{}` can run out of patience, but its break does nothing",
                        a.id
                    ),
                    Some("say what its break does with `on_break: [...]`".into()),
                );
            }
            let start = a.start.unwrap_or(if k < 2 { initial[var] } else { 50 });
            initial[var] = start.clamp(0, 100);
            if k == 2 {
                own_vars.push(OwnVar {
                    id: a.id.clone(),
                    var,
                    min: 0,
                    max: 100,
                    drift: 0,
                    worth: 0,
                    score: 0,
                    rise_is_good: Some(true),
                    source: a.source.clone(),
                });
            }
            let on_break = c.effects(
                &Origin::Level(join(&base, &[f("on_break")])),
                &a.on_break,
                None,
            );
            out.push(crate::sim::rules::Ally {
                var,
                name: a.name.clone(),
                patience: a.patience,
                breaking_point: a.breaking_point,
                on_break,
                break_text: a.break_text.clone(),
                source: a.source.clone(),
            });
        }
        out
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

/// One method per section of the level file, in the order `compile` runs them.
impl Compiler<'_> {
    /// Header.
    fn header(&mut self, level: &Level) {
        let c = self;
        for b in BOUNDS {
            let path: Path = b.path.iter().map(|name| f(name)).collect();
            c.range(&path, b.name, (b.get)(level), b.lo, b.hi);
        }
        if level.format != 1 {
            c.error(
                &vec![f("format")],
                format!(
                    "format {} is not supported; this game reads format 1",
                    level.format
                ),
                None,
            );
        }
        c.check_id(&vec![f("id")], "level", &level.id);
        if level.title.trim().is_empty() {
            c.error(&vec![f("title")], "the title is empty", None);
        }
        // A level about another country that keeps April 2000's adjective, news tag or border
        // would put Korean words into its shipped texts.
        let shipped = crate::level::types::OpponentDef::default();
        let o = &level.opponent;
        if o.name != shipped.name || o.country != shipped.country {
            for (field, value, kept) in [
                ("adjective", &o.adjective, o.adjective == shipped.adjective),
                ("tag", &o.tag, o.tag == shipped.tag),
                ("border", &o.border, o.border == shipped.border),
            ] {
                if kept {
                    c.warn(
                        &vec![f("opponent")],
                        format!(
                            "the opponent is renamed but its `{field}` is still April 2000's (\"{value}\"); the shipped texts will say it"
                        ),
                        Some(format!(
                            "add `{field}: \"…\"` to `opponent`, e.g. `opponent: (name: \"{}\", country: \"{}\", adjective: \"…\", tag: \"…\", border: \"the border\")`",
                            o.name, o.country
                        )),
                    );
                }
            }
        }
        if c.start.is_none() {
            c.error(
                &vec![f("start")],
                format!(
                    "`{}` is not a month; write \"YYYY-MM\", e.g. \"2000-04\"",
                    level.start
                ),
                None,
            );
        }

        if let crate::level::types::MapDef::Plain {
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        } = level.map
            && (min_lat >= max_lat || min_lon >= max_lon)
        {
            c.error(
                &vec![f("map")],
                "the map's minimum latitude and longitude must be below the maximum",
                None,
            );
        }
        for (k, l) in level.labels.iter().enumerate() {
            if l.1.trim().is_empty() {
                c.error(
                    &vec![f("labels"), i(k), i(1)],
                    format!("the label of `{}` is empty", l.0),
                    None,
                );
            }
        }
    }

    /// Warns that a site or place lies off the level's map (`then` says what follows from it).
    fn warn_off_map(
        &mut self,
        path: &Path,
        map: MapDef,
        name: &str,
        lat: f32,
        lon: f32,
        then: &str,
    ) {
        if map.contains(lat, lon) {
            return;
        }
        let (lat0, lat1, lon0, lon1) = map.bounds();
        self.warn(
            path,
            format!(
                "{name} ({lat}, {lon}) is off the level's map ({lat0} to {lat1} latitude, {lon0} to {lon1} longitude){then}"
            ),
            None,
        );
    }

    /// An error at the first of `points` off the globe, if any (`path` is the list's);
    /// returns whether all are on it.
    fn on_globe(&mut self, path: &Path, points: &[(f32, f32)]) -> bool {
        let bad = points.iter().position(|&(lat, lon)| !on_globe(lat, lon));
        if let Some(j) = bad {
            self.error(&join(path, &[i(j)]), OFF_GLOBE, None);
        }
        bad.is_none()
    }

    /// The level's places, outlines and border: ids well formed and unique, not clashing with a
    /// built-in place, coordinates on the globe and on the map, shapes with enough corners.
    fn geography(&mut self, level: &Level) {
        let c = self;
        let ids: Vec<String> = level.places.iter().map(|p| p.id.clone()).collect();
        let places = vec![f("places")];
        c.unique(&places, "place", &ids);
        for (k, p) in level.places.iter().enumerate() {
            let base = join(&places, &[i(k)]);
            c.check_id(&join(&base, &[f("id")]), "place", &p.id);
            if Place::BUILT_IN.iter().any(|b| b.builtin_id() == p.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is already a built-in place", p.id),
                    Some("give the level's place another id".into()),
                );
            }
            if p.name.trim().is_empty() {
                c.error(&join(&base, &[f("name")]), "a place needs a name", None);
            }
            if !on_globe(p.lat, p.lon) {
                c.error(
                    &join(&base, &[f("lat")]),
                    format!("{} ({}, {}): {OFF_GLOBE}", p.name, p.lat, p.lon),
                    None,
                );
            } else {
                c.warn_off_map(
                    &join(&base, &[f("lat")]),
                    level.map,
                    &p.name,
                    p.lat,
                    p.lon,
                    ": its news is listed under the map",
                );
            }
        }
        let korea = level.map == MapDef::Korea;
        for (k, o) in level.outlines.iter().enumerate() {
            let points = vec![f("outlines"), i(k), f("points")];
            if o.points.len() < 3 {
                c.error(
                    &points,
                    format!(
                        "an outline needs at least three corners, not {}",
                        o.points.len()
                    ),
                    None,
                );
            }
            c.on_globe(&points, &o.points);
            if korea {
                c.warn(
                    &points,
                    "outlines are drawn only on a `Plain(...)` map: the Korea map draws its own coast",
                    Some("set `map: Plain(min_lat: …, max_lat: …, min_lon: …, max_lon: …)`".into()),
                );
            }
        }
        if !level.border.is_empty() {
            let border = vec![f("border")];
            if level.border.len() < 2 {
                c.error(&border, "a border needs at least two points", None);
            }
            c.on_globe(&border, &level.border);
            if korea {
                c.warn(
                    &border,
                    "a border is drawn only on a `Plain(...)` map: the Korea map draws the DMZ",
                    None,
                );
            }
        }
    }

    /// Sources, sites, flags.
    fn sources_sites_flags(&mut self, level: &Level) {
        let c = self;
        let src_ids: Vec<String> = level.sources.iter().map(|s| s.id.clone()).collect();
        c.unique(&vec![f("sources")], "source", &src_ids);
        let site_ids = c.sites.clone();
        c.unique(&vec![f("sites")], "site", &site_ids);
        for (k, s) in level.sites.iter().enumerate() {
            let base = vec![f("sites"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "site", &s.id);
            c.warn_off_map(
                &join(&base, &[f("lat")]),
                level.map,
                &s.name,
                s.lat,
                s.lon,
                "",
            );
            if let TruthDef::Chance {
                active,
                empty,
                cleaned,
            } = s.truth
                && active + empty + cleaned == 0
            {
                c.error(
                    &join(&base, &[f("truth")]),
                    "the chances of a site's truth add up to zero",
                    None,
                );
            }
        }
        for (k, fl) in level.flags.iter().enumerate() {
            if level.flags[..k].contains(fl) {
                c.error(
                    &vec![f("flags"), i(k)],
                    format!("duplicate flag `{fl}`"),
                    None,
                );
            }
        }
    }

    /// Initial state.
    fn initial_state(&mut self, level: &Level) -> VarTable {
        let c = self;
        let mut initial = VarTable::default();
        for v in Var::BUILTIN.iter().copied() {
            if let Some(x) = level.initial.get(v) {
                c.range(
                    &vec![f("initial"), f(v.id())],
                    &format!("initial {v}"),
                    i64::from(x),
                    0,
                    100,
                );
                initial[v] = x.clamp(0, 100);
            }
        }
        initial[Var::Budget] = level.budget.start.max(0);
        initial
    }

    /// Intelligence.
    fn intel(&mut self, level: &Level) -> IntelParams {
        let c = self;
        let intel = &level.intel;
        let mut start_error = Hidden::splat(0);
        for (k, e) in intel.start_error.iter().enumerate() {
            let p = vec![f("intel"), f("start_error"), i(k)];
            match start_error.get_mut(e.0) {
                Some(slot) => {
                    c.range(
                        &join(&p, &[i(1)]),
                        "a starting error",
                        i64::from(e.1),
                        -50,
                        50,
                    );
                    *slot = e.1;
                }
                None => c.error(
                    &join(&p, &[i(0)]),
                    format!(
                        "`{}` is visible to the player; only hidden variables have estimates",
                        e.0
                    ),
                    None,
                ),
            }
        }
        IntelParams {
            start_band: intel.start_band,
            widen: intel.widen,
            max_band: intel.max_band,
            drift: intel.drift,
            narrow_to: intel.narrow_to,
            start_error,
        }
    }

    /// Pyongyang.
    fn opponent_types(&mut self, level: &Level) -> Vec<Personality> {
        let c = self;
        let py = &level.opponent_mind;
        if py.types.is_empty() {
            c.error(
                &vec![f("opponent_mind"), f("types")],
                "Pyongyang needs at least one type",
                None,
            );
        }
        let type_ids: Vec<String> = py.types.iter().map(|t| t.id.clone()).collect();
        c.unique(&vec![f("opponent_mind"), f("types")], "type", &type_ids);
        if !py.types.is_empty() && py.types.iter().all(|t| t.weight == 0) {
            c.error(
                &vec![f("opponent_mind"), f("types")],
                "the weights of Pyongyang's types add up to zero",
                None,
            );
        }
        let mut types = Vec::new();
        for (k, t) in py.types.iter().enumerate() {
            let base = vec![f("opponent_mind"), f("types"), i(k)];
            for (name, v) in [
                ("survival", t.survival),
                ("economy", t.economy),
                ("face", t.face),
                ("opening_fear", t.opening_fear),
                ("opening_tolerance", t.opening_tolerance),
                ("risk", t.risk),
                ("deception", t.deception),
                ("patience", t.patience),
            ] {
                c.range(&join(&base, &[f(name)]), name, i64::from(v), 0, 100);
            }
            types.push(Personality {
                id: t.id.clone(),
                name: t.name.clone(),
                weight: t.weight,
                description: t.description.clone(),
                survival: t.survival,
                economy: t.economy,
                face: t.face,
                opening_fear: t.opening_fear,
                opening_tolerance: t.opening_tolerance,
                risk: t.risk,
                deception: t.deception,
                patience: t.patience,
            });
        }
        // The beliefs are percentages; `strength` (pseudo-observations) is checked with the other
        // single numbers.
        for (name, v) in py.prior.to_prior().values() {
            if name != "strength" {
                c.range(
                    &vec![f("opponent_mind"), f("prior"), f(name)],
                    name,
                    i64::from(v),
                    0,
                    100,
                );
            }
        }
        types
    }

    /// The assumption ledger: defaults, then the level's overrides and additions.
    fn ledger(&mut self, level: &Level, defaults: &Defaults) -> (Vec<Assumption>, Prior, Weights) {
        let c = self;
        let mut ledger: Vec<Assumption> = Vec::new();
        let mut bounds: BTreeMap<String, (i32, i32)> = BTreeMap::new();
        for a in &defaults.assumptions {
            c.ledger.insert(a.id.clone(), a.value);
            bounds.insert(
                a.id.clone(),
                (a.min.unwrap_or(-1000), a.max.unwrap_or(1000)),
            );
            ledger.push(assumption_from(a, None));
        }
        for (k, a) in level.assumptions.iter().enumerate() {
            let base = vec![f("assumptions"), i(k)];
            if level.assumptions[..k].iter().any(|b| b.id == a.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("assumption `{}` is set twice", a.id),
                    None,
                );
                continue;
            }
            match ledger.iter_mut().find(|x| x.id == a.id) {
                Some(existing) => {
                    if let Some(&(lo, hi)) = bounds.get(&a.id) {
                        c.range(
                            &join(&base, &[f("value")]),
                            &format!("assumption `{}`", a.id),
                            i64::from(a.value),
                            i64::from(lo),
                            i64::from(hi),
                        );
                    }
                    existing.default_value = Some(existing.value);
                    existing.value = a.value;
                    if !a.claim.is_empty() {
                        existing.claim = a.claim.clone();
                    }
                    if !a.source.is_empty() {
                        existing.source = a.source.clone();
                    }
                    if let Some(conf) = a.confidence {
                        existing.confidence = conf;
                    }
                    if !a.unit.is_empty() {
                        existing.unit = a.unit.clone();
                    }
                    c.ledger.insert(a.id.clone(), a.value);
                }
                None => {
                    c.check_id(&join(&base, &[f("id")]), "assumption", &a.id);
                    if a.claim.trim().is_empty() || a.source.trim().is_empty() {
                        let known: Vec<String> =
                            defaults.assumptions.iter().map(|x| x.id.clone()).collect();
                        let help = Compiler::did_you_mean(&a.id, &known);
                        c.error(
                            &join(&base, &[f("id")]),
                            format!("`{}` is not a shipped assumption; a new one needs a `claim` and a `source`", a.id),
                            help,
                        );
                    }
                    if let (Some(lo), Some(hi)) = (a.min, a.max)
                        && lo > hi
                    {
                        c.error(
                            &join(&base, &[f("min")]),
                            format!(
                                "assumption `{}` has its range backwards: min {lo} is above max {hi}",
                                a.id
                            ),
                            Some(format!("write `min: {hi}, max: {lo}`")),
                        );
                    } else if let (Some(lo), Some(hi)) = (a.min, a.max) {
                        c.range(
                            &join(&base, &[f("value")]),
                            &format!("assumption `{}`", a.id),
                            i64::from(a.value),
                            i64::from(lo),
                            i64::from(hi),
                        );
                    }
                    ledger.push(assumption_from(a, None));
                    c.ledger.insert(a.id.clone(), a.value);
                }
            }
        }
        // Pyongyang's starting beliefs are ledger entries too (`prior_*`): the level's `prior` block
        // sets them, an explicit assumption (or a preset, or the command line) overrides that.
        let written = level.opponent_mind.prior.to_prior();
        for (name, v) in written.values() {
            let id = format!("prior_{name}");
            c.used_weights.push(id.clone());
            if level.assumptions.iter().any(|a| a.id == id) {
                continue;
            }
            if let Some(entry) = ledger.iter_mut().find(|a| a.id == id) {
                if entry.value != v {
                    entry.default_value = Some(entry.value);
                    entry.value = v;
                    entry.source = format!(
                        "This level's judgement of {}'s beliefs at its start.",
                        level.opponent.name
                    );
                }
                c.ledger.insert(id, v);
            }
        }
        // The ledger's value where it has the entry, else the level's own.
        let as_written = written.values();
        let prior = Prior::from_fn(|name| {
            c.ledger
                .get(&format!("prior_{name}"))
                .or_else(|| as_written.iter().find(|(n, _)| *n == name).map(|(_, v)| v))
                .copied()
                .unwrap_or(0)
        });

        let mut weights = Weights::default();
        for &id in Weights::IDS {
            match c.ledger.get(id) {
                Some(&v) => {
                    weights.set(id, v);
                    c.used_weights.push(id.to_string());
                }
                None => c.diags.push_at(
                    Diagnostic::error(format!("the shipped defaults lack the assumption `{id}`")),
                    None,
                ),
            }
        }
        (ledger, prior, weights)
    }

    /// U.S. actions: the defaults, less what the level disables, with its changes, plus additions.
    fn us_actions(&mut self, level: &Level, defaults: &Defaults) -> Vec<Action> {
        let c = self;
        let dl = &level.actions;
        let default_ids: Vec<String> = defaults.actions.iter().map(|a| a.id.clone()).collect();
        for (k, id) in dl.disable.iter().enumerate() {
            if dl.add.iter().any(|a| a.id == *id) {
                c.error(
                    &vec![f("actions"), f("disable"), i(k)],
                    format!("action `{id}` is added by this file, so there is nothing to disable"),
                    Some(format!(
                        "remove `{id}` from `disable`; `disable` removes shipped actions, and an added one is simply not added"
                    )),
                );
            } else if !default_ids.contains(id) {
                let help = Compiler::did_you_mean(id, &default_ids);
                c.error(
                    &vec![f("actions"), f("disable"), i(k)],
                    format!("unknown action `{id}`"),
                    help,
                );
            }
        }
        let mut merged: Vec<(ActionDef, Origin)> = defaults
            .actions
            .iter()
            .filter(|a| !dl.disable.contains(&a.id))
            .map(|a| (a.clone(), Origin::Defaults))
            .collect();
        for (k, p) in dl.change.iter().enumerate() {
            let base = vec![f("actions"), f("change"), i(k)];
            if dl.disable.contains(&p.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("action `{}` is both disabled and changed", p.id),
                    None,
                );
                continue;
            }
            let Some((a, origin)) = merged.iter_mut().find(|(a, _)| a.id == p.id) else {
                let help = Compiler::did_you_mean(&p.id, &default_ids);
                c.error(
                    &join(&base, &[f("id")]),
                    format!("unknown action `{}`", p.id),
                    help,
                );
                continue;
            };
            if let Some(x) = &p.name {
                a.name = x.clone();
            }
            if let Some(x) = p.ap {
                a.ap = x;
            }
            if let Some(x) = p.cost {
                a.cost = x;
            }
            if let Some(x) = &p.requires {
                a.requires = x.clone();
            }
            if let Some(x) = &p.requires_text {
                a.requires_text = x.clone();
            }
            if let Some(x) = &p.effects {
                a.effects = x.clone();
                *origin = Origin::Level(base.clone());
            }
            if let Some(x) = p.offerable {
                a.offerable = x;
            }
            if let Some(x) = &p.description {
                a.description = x.clone();
            }
            if let Some(x) = &p.source {
                a.source = x.clone();
            }
            if p.requires.is_some() && matches!(origin, Origin::Defaults) {
                *origin = Origin::Level(base.clone());
            }
        }
        for (k, a) in dl.add.iter().enumerate() {
            let base = vec![f("actions"), f("add"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "action", &a.id);
            // An added id that is also disabled is reported once, at `disable`, unless it is a
            // shipped action's (then the file should change it instead).
            let shipped_disabled = dl.disable.contains(&a.id) && default_ids.contains(&a.id);
            if merged.iter().any(|(m, _)| m.id == a.id) || shipped_disabled {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("action `{}` already exists; use `change` to alter it", a.id),
                    None,
                );
                continue;
            }
            merged.push((a.clone(), Origin::Level(base)));
        }
        c.actions = merged.iter().map(|(a, _)| a.id.clone()).collect();
        let mut actions = Vec::new();
        for (a, origin) in &merged {
            let (effects_origin, requires_origin) = match origin {
                Origin::Level(p) => (
                    Origin::Level(join(p, &[f("effects")])),
                    Origin::Level(join(p, &[f("requires")])),
                ),
                Origin::Defaults => (Origin::Defaults, Origin::Defaults),
            };
            if let Origin::Level(p) = origin {
                c.range(&join(p, &[f("ap")]), "ap", i64::from(a.ap), 0, 5);
                c.range(&join(p, &[f("cost")]), "cost", i64::from(a.cost), 0, 10_000);
            }
            if !a.requires_text.trim().is_empty() && matches!(a.requires, Condition::Always) {
                // Where the text was written: in an addition, or in a change of a shipped action.
                let at = match origin {
                    Origin::Level(p) => Some(join(p, &[f("requires_text")])),
                    Origin::Defaults => dl
                        .change
                        .iter()
                        .position(|x| x.id == a.id && x.requires_text.is_some())
                        .map(|k| vec![f("actions"), f("change"), i(k), f("requires_text")]),
                };
                if let Some(at) = at {
                    c.warn(
                        &at,
                        format!(
                            "action `{}` explains why it may fail (`requires_text`) but has no `requires`, so it never fails",
                            a.id
                        ),
                        Some("add the condition, e.g. `requires: AtLeast(tension, 40)`, or remove `requires_text`".into()),
                    );
                }
            }
            let effects = c.effects(&effects_origin, &a.effects, Some(a.target));
            let requires = c.cond(&requires_origin, &[], &a.requires);
            actions.push(Action {
                id: a.id.clone(),
                name: a.name.clone(),
                group: a.group,
                ap: a.ap,
                cost: a.cost,
                target: a.target,
                requires,
                requires_text: a.requires_text.clone(),
                effects,
                offerable: a.offerable,
                description: a.description.clone(),
                source: a.source.clone(),
            });
        }
        actions
    }

    /// Pyongyang's moves: the shipped ones with the level's changes, then the level's own.
    fn dprk_moves(&mut self, level: &Level, defaults: &Defaults) -> Vec<Move> {
        let c = self;
        let ml = &level.opponent_moves;
        let all: Vec<String> = MoveKind::BUILTIN
            .iter()
            .map(|m| m.id().to_string())
            .chain(level.names.moves.iter().cloned())
            .collect();
        for (k, id) in ml.disable.iter().enumerate() {
            if !all.contains(id) {
                let help = Compiler::did_you_mean(id, &all);
                c.error(
                    &vec![f("opponent_moves"), f("disable"), i(k)],
                    format!("unknown move `{id}`"),
                    help,
                );
            }
        }
        let mut moves = Vec::new();
        for kind in MoveKind::BUILTIN.iter().copied() {
            let Some(def) = defaults.moves.iter().find(|m| m.id == kind) else {
                c.diags.push_at(
                    Diagnostic::error(format!(
                        "the shipped defaults lack the move `{}`",
                        kind.id()
                    )),
                    None,
                );
                continue;
            };
            let mut def = def.clone();
            let mut origin = Origin::Defaults;
            if let Some((k, p)) = ml.change.iter().enumerate().find(|(_, p)| p.id == kind) {
                let base = vec![f("opponent_moves"), f("change"), i(k)];
                if let Some(x) = &p.name {
                    def.name = x.clone();
                }
                if let Some(x) = p.public {
                    def.public = x;
                }
                if let Some(x) = p.face {
                    c.range(&join(&base, &[f("face")]), "face", i64::from(x), -20, 20);
                    def.face = x;
                }
                if let Some(x) = &p.requires {
                    def.requires = x.clone();
                }
                if let Some(x) = &p.effects {
                    def.effects = x.clone();
                }
                if let Some(x) = &p.description {
                    def.description = x.clone();
                }
                if let Some(x) = &p.source {
                    def.source = x.clone();
                }
                if let Some(x) = &p.breaks {
                    def.breaks = x.clone();
                }
                origin = Origin::Level(base);
            }
            moves.push(c.one_move(kind, kind.id().to_string(), def, &origin, &ml.disable));
        }
        for (k, p) in ml.change.iter().enumerate() {
            if matches!(p.id, MoveKind::Level(_)) {
                c.error(
                    &vec![f("opponent_moves"), f("change"), i(k), f("id")],
                    "this move is the level's own: write its data in `add`, not `change`",
                    None,
                );
            }
        }
        let own = &level.names.moves;
        let mut seen: Vec<u8> = Vec::new();
        for (k, def) in ml.add.iter().enumerate() {
            let base = vec![f("opponent_moves"), f("add"), i(k)];
            let MoveKind::Level(slot) = def.id else {
                c.error(
                    &join(&base, &[f("id")]),
                    format!(
                        "`{}` is a shipped move: change it with `change`, or give the new move an id of its own",
                        def.id.id()
                    ),
                    None,
                );
                continue;
            };
            let id = own.get(usize::from(slot)).cloned().unwrap_or_default();
            c.check_id(&join(&base, &[f("id")]), "move", &id);
            if seen.contains(&slot) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate move id `{id}`"),
                    None,
                );
            }
            seen.push(slot);
            c.range(
                &join(&base, &[f("face")]),
                "face",
                i64::from(def.face),
                -20,
                20,
            );
            let origin = Origin::Level(base);
            moves.push(c.one_move(def.id, id, def.clone(), &origin, &ml.disable));
        }
        moves
    }

    /// One move, compiled from its data (`origin` says where that data is written).
    fn one_move(
        &mut self,
        kind: MoveKind,
        id: String,
        def: MoveDef,
        origin: &Origin,
        disabled: &[String],
    ) -> Move {
        let (eo, ro) = match origin {
            Origin::Level(p) => (
                Origin::Level(join(p, &[f("effects")])),
                Origin::Level(join(p, &[f("requires")])),
            ),
            Origin::Defaults => (Origin::Defaults, Origin::Defaults),
        };
        let effects = self.effects(&eo, &def.effects, None);
        let requires = self.cond(&ro, &[], &def.requires);
        Move {
            kind,
            enabled: !disabled.contains(&id),
            id,
            name: def.name,
            public: def.public,
            provocation: def.provocation,
            face: def.face,
            requires,
            effects,
            description: def.description,
            source: def.source,
            breaks: def.breaks,
        }
    }

    /// Steps.
    fn steps(&mut self, level: &Level, defaults: &Defaults) -> Vec<Step> {
        let c = self;
        let mut steps = Vec::new();
        for kind in StepKind::BUILTIN.iter().copied() {
            let Some(def) = defaults.steps.iter().find(|s| s.id == kind) else {
                c.diags.push_at(
                    Diagnostic::error(format!(
                        "the shipped defaults lack the step `{}`",
                        kind.id()
                    )),
                    None,
                );
                continue;
            };
            let mut def = def.clone();
            let mut origin = Origin::Defaults;
            if let Some((k, p)) = level.steps.iter().enumerate().find(|(_, p)| p.id == kind) {
                if let Some(x) = &p.name {
                    def.name = x.clone();
                }
                if let Some(x) = &p.effects {
                    def.effects = x.clone();
                }
                if let Some(x) = &p.description {
                    def.description = x.clone();
                }
                origin = Origin::Level(vec![f("steps"), i(k), f("effects")]);
            }
            let effects = c.effects(&origin, &def.effects, None);
            steps.push(Step {
                kind,
                id: kind.id().to_string(),
                verify: crate::sim::vocab::VerifyDef::Seen,
                kept_rounds: 1,
                name: def.name,
                effects,
                verification: def.verification,
                description: def.description,
            });
        }
        if level.new_steps.len() > MAX_OWN {
            c.error(
                &vec![f("new_steps")],
                format!("a level may add at most {MAX_OWN} kinds of step"),
                None,
            );
        }
        for (k, def) in level.new_steps.iter().enumerate().take(MAX_OWN) {
            let base = vec![f("new_steps"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "step", &def.id);
            if StepKind::from_id(&def.id).is_some() {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is a shipped step: change it in `steps`, or give the new step an id of its own", def.id),
                    None,
                );
                continue;
            }
            if level.new_steps[..k].iter().any(|d| d.id == def.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate step id `{}`", def.id),
                    None,
                );
                continue;
            }
            let Some(kind) = level.names.step(&def.id).map(|(slot, ongoing)| {
                StepKind::Level(crate::sim::vocab::LevelStep { slot, ongoing })
            }) else {
                continue;
            };
            if def.ongoing {
                c.range(
                    &join(&base, &[f("kept_rounds")]),
                    "kept_rounds",
                    i64::from(def.kept_rounds),
                    1,
                    12,
                );
                if def.verified_by != crate::sim::vocab::VerifyDef::Seen {
                    c.error(
                        &join(&base, &[f("verified_by")]),
                        "an ongoing step is verified by being kept (`kept_rounds`), not by `verified_by`",
                        Some("remove `verified_by`, or make the step one-off with `ongoing: false`".into()),
                    );
                }
            }
            if let crate::sim::vocab::VerifyDef::Surveillance(v)
            | crate::sim::vocab::VerifyDef::InspectionOrSurveillance(v) = def.verified_by
                && !v.is_hidden()
            {
                c.error(
                    &join(&base, &[f("verified_by")]),
                    "surveillance watches a hidden variable; this one the player already sees",
                    None,
                );
            }
            let effects = c.effects(
                &Origin::Level(join(&base, &[f("effects")])),
                &def.effects,
                None,
            );
            steps.push(Step {
                kind,
                id: def.id.clone(),
                name: def.name.clone(),
                effects,
                verification: def.verification.clone(),
                description: def.description.clone(),
                verify: def.verified_by,
                kept_rounds: def.kept_rounds,
            });
        }
        for (k, p) in level.steps.iter().enumerate() {
            if level.steps[..k].iter().any(|q| q.id == p.id) {
                c.error(
                    &vec![f("steps"), i(k), f("id")],
                    format!("step `{}` is changed twice", p.id.id()),
                    None,
                );
            }
        }
        steps
    }

    /// Agreements.
    fn agreements(&mut self, level: &Level, actions: &[Action]) -> Vec<AgreementTemplate> {
        let c = self;
        let ag_ids = c.agreements.clone();
        c.unique(&vec![f("agreements")], "agreement", &ag_ids);
        let mut agreements = Vec::new();
        for (k, a) in level.agreements.iter().enumerate() {
            let base = vec![f("agreements"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "agreement", &a.id);
            let origin = Origin::Level(base.clone());
            let mut gives = Vec::new();
            for (g, id) in a.gives.iter().enumerate() {
                let table = c.actions.clone();
                if let Some(ix) = c.lookup(&origin, &[f("gives"), i(g)], "action", id, &table) {
                    let act = &actions[ix as usize];
                    if !act.offerable {
                        c.error(
                            &join(&base, &[f("gives"), i(g)]),
                            format!("`{id}` is not a concession that can be given in an agreement"),
                            None,
                        );
                    }
                    gives.push(ix);
                }
            }
            if a.steps.is_empty() {
                c.error(
                    &join(&base, &[f("steps")]),
                    "an agreement needs at least one step",
                    None,
                );
            }
            let mut targets = Vec::new();
            for (s, step) in a.steps.iter().enumerate() {
                let site = match step.site() {
                    Some(sid) => {
                        let table = c.sites.clone();
                        c.lookup(&origin, &[f("steps"), i(s), i(0)], "site", sid, &table)
                    }
                    None => None,
                };
                let kind = match step.kind() {
                    Some(k) => Some(k),
                    None => c.own_step(&origin, &[f("steps"), i(s), i(0)], step.id()),
                };
                if let Some(kind) = kind {
                    targets.push(StepTarget { kind, site });
                }
            }
            let upkeep = c.effects(&Origin::Level(join(&base, &[f("upkeep")])), &a.upkeep, None);
            agreements.push(AgreementTemplate {
                id: a.id.clone(),
                name: a.name.clone(),
                gives,
                steps: targets,
                sequencing: a.sequencing,
                upkeep,
                in_force: a.in_force,
                note: a.note.clone(),
                source: a.source.clone(),
            });
        }
        agreements
    }

    /// Events.
    fn events(&mut self, level: &Level) -> Vec<Event> {
        let c = self;
        let ev_ids: Vec<String> = level.events.iter().map(|e| e.id.clone()).collect();
        c.unique(&vec![f("events")], "event", &ev_ids);
        let mut events = Vec::new();
        for (k, e) in level.events.iter().enumerate() {
            let base = vec![f("events"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "event", &e.id);
            // A number, or an assumption of the ledger, so a flipped assumption reaches events.
            let errors_before = c.diags.errors().count();
            let chance = c.amount(&Origin::Level(join(&base, &[f("chance")])), &[], &e.chance);
            if c.diags.errors().count() > errors_before {
                // Already said: an unknown assumption.
            } else if !(0..=100).contains(&chance) {
                c.error(
                    &join(&base, &[f("chance")]),
                    format!("chance is {chance}%, out of range: it must be between 0 and 100"),
                    None,
                );
            } else if chance == 0 {
                c.warn(
                    &join(&base, &[f("chance")]),
                    format!("event `{}` has a 0% chance and never fires", e.id),
                    None,
                );
            }
            if e.headline.trim().is_empty() {
                c.error(
                    &join(&base, &[f("headline")]),
                    "the headline is empty",
                    None,
                );
            }
            let when = c.cond(&Origin::Level(join(&base, &[f("when")])), &[], &e.when);
            let effects = c.effects(
                &Origin::Level(join(&base, &[f("effects")])),
                &e.effects,
                None,
            );
            if e.site.is_some() && e.place.is_some() {
                c.warn(
                    &join(&base, &[f("place")]),
                    format!(
                        "event `{}` has both a `site` and a `place`: its news is shown at the site, and the place is not used",
                        e.id
                    ),
                    Some("keep one of the two".into()),
                );
            }
            let site = match &e.site {
                Some(s) => {
                    let table = c.sites.clone();
                    c.lookup(
                        &Origin::Level(base.clone()),
                        &[f("site")],
                        "site",
                        s,
                        &table,
                    )
                }
                None => None,
            };
            let place = e.place.as_ref().and_then(|pl| {
                let table: Vec<String> = Place::BUILT_IN
                    .iter()
                    .map(|b| b.builtin_id().to_string())
                    .chain(level.places.iter().map(|p| p.id.clone()))
                    .collect();
                let k = c.lookup(
                    &Origin::Level(base.clone()),
                    &[f("place")],
                    "place",
                    &pl.0,
                    &table,
                )?;
                let n = Place::BUILT_IN.len() as u16;
                Some(if k < n {
                    Place::BUILT_IN[usize::from(k)]
                } else {
                    Place::Level(k - n)
                })
            });
            check_source_ref(c, &join(&base, &[f("source")]), &e.source);
            let window = when.rounds();
            check_event_record(c, &base, level, e, window);
            events.push(Event {
                id: e.id.clone(),
                window,
                when: when.within(window),
                chance: chance.clamp(0, 100) as u32,
                once: e.once,
                effects,
                headline: e.headline.clone(),
                body: e.body.clone(),
                source: e.source.clone(),
                site,
                place,
            });
        }
        events
    }

    /// Outcomes.
    fn outcomes(&mut self, level: &Level) -> Outcomes {
        let c = self;
        let o = &level.outcomes;
        let pp = vec![f("outcomes"), f("peace")];
        if i64::from(o.peace.hold_rounds) > i64::from(level.rounds) {
            c.warn(
                &join(&pp, &[f("hold_rounds")]),
                format!(
                    "verified peace must hold {} rounds, but the game has only {}: it can never be won",
                    o.peace.hold_rounds, level.rounds
                ),
                Some(format!(
                    "hold it for at most {} rounds",
                    level.rounds.max(1)
                )),
            );
        }
        Outcomes {
            war_tension: o.war_tension,
            collapse_security: o.collapse_security,
            breakout_nuclear: o.breakout_nuclear,
            mandate_congress: o.mandate_congress,
            peace_steps: o.peace.verified_steps,
            peace_need_curtailment: o.peace.need_curtailment,
            peace_normalization: o.peace.normalization,
            peace_tension: o.peace.tension_at_most,
            peace_hold: o.peace.hold_rounds,
        }
    }

    /// Briefing and debrief.
    fn briefing(&mut self, level: &Level) {
        let c = self;
        if level.briefing.context.trim().is_empty() {
            c.error(
                &vec![f("briefing"), f("context")],
                "the briefing's context is empty",
                None,
            );
        }
        for (k, s) in level.briefing.sources.iter().enumerate() {
            let table = c.sources.clone();
            c.lookup(
                &Origin::Level(vec![f("briefing"), f("sources")]),
                &[i(k)],
                "source",
                s,
                &table,
            );
        }
        for (k, l) in level.lengths.iter().enumerate() {
            c.range(
                &vec![f("lengths"), i(k), f("rounds")],
                "a length's rounds",
                i64::from(l.rounds),
                1,
                120,
            );
            c.range(
                &vec![f("lengths"), i(k), f("months_per_round")],
                "a length's months per round",
                i64::from(l.months_per_round),
                1,
                12,
            );
            if level.lengths[..k].iter().any(|o| o.id == l.id) {
                c.error(
                    &vec![f("lengths"), i(k), f("id")],
                    format!("the length `{}` is defined twice", l.id),
                    None,
                );
            }
        }
        for (k, t) in level.briefing.tips.iter().enumerate() {
            c.range(
                &vec![f("briefing"), f("tips"), i(k), f("round")],
                "a tip's round",
                i64::from(t.round),
                1,
                i64::from(level.rounds.max(1)),
            );
            for (j, e) in t.expect.iter().enumerate() {
                if let crate::level::types::TipExpect::Action(id) = e {
                    let table = c.actions.clone();
                    c.lookup(
                        &Origin::Level(vec![f("briefing"), f("tips"), i(k), f("expect")]),
                        &[i(j)],
                        "action",
                        id,
                        &table,
                    );
                }
            }
            if let Some(first) = level.briefing.tips[..k]
                .iter()
                .position(|o| o.round == t.round)
            {
                c.warn(
                    &vec![f("briefing"), f("tips"), i(k), f("round")],
                    format!(
                        "tip {} is for round {}, like tip {}: only the first is shown",
                        k + 1,
                        t.round,
                        first + 1
                    ),
                    Some("merge the two texts into one tip".into()),
                );
            }
        }
        for (k, n) in level.debrief.history.iter().enumerate() {
            check_source_ref(
                c,
                &vec![f("debrief"), f("history"), i(k), f("source")],
                &n.source,
            );
        }
    }

    /// Likely mistakes: events that can never fire, a victory no action can reach, unseen sites.
    fn likely_mistakes(&mut self, level: &Level, parts: &Parts<'_>) {
        let c = self;
        let Parts {
            actions,
            moves,
            steps,
            agreements,
            events,
        } = *parts;
        let mut flags_set = vec![false; level.flags.len()];
        let mut raises_normalization = false;
        {
            let mut scan = |effs: &[Eff]| {
                for e in effs {
                    match e {
                        Eff::SetFlag(f) => {
                            if let Some(x) = flags_set.get_mut(*f as usize) {
                                *x = true;
                            }
                        }
                        Eff::Add(Var::Normalization, x) if *x > 0 => raises_normalization = true,
                        _ => {}
                    }
                }
            };
            actions.iter().for_each(|a| scan(&a.effects));
            moves
                .iter()
                .filter(|m| m.enabled)
                .for_each(|m| scan(&m.effects));
            steps.iter().for_each(|s| scan(&s.effects));
            events.iter().for_each(|e| scan(&e.effects));
            agreements.iter().for_each(|a| scan(&a.upkeep));
        }
        let site_truths: Vec<TruthDef> = level.sites.iter().map(|s| s.truth.clone()).collect();
        for (k, e) in events.iter().enumerate() {
            if e.chance == 0 {
                continue;
            }
            if let Some(why) = never_reason(
                &e.when,
                &flags_set,
                &level.flags,
                &site_truths,
                level.rounds,
            ) {
                c.warn(
                    &vec![f("events"), i(k), f("when")],
                    format!("event `{}` can never fire: {why}", e.id),
                    None,
                );
            }
        }
        let peace = &level.outcomes.peace;
        let norm_start = level.initial.normalization;
        if peace.normalization > norm_start && !raises_normalization {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("normalization")],
                format!(
                    "verified peace needs normalization {} but nothing in this level raises it above {norm_start}: the victory cannot be reached",
                    peace.normalization
                ),
                None,
            );
        }
        if peace.verified_steps > 0 && !actions.iter().any(|a| a.offerable) {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("verified_steps")],
                "verified peace needs verified steps, but no action can be offered as a reward, so no offer can be made".to_string(),
                None,
            );
        }
        // A step counts once toward peace (the same kind, at the same site): no level can need more
        // different steps than its step kinds and sites give.
        let distinct_steps: usize = steps
            .iter()
            .map(|s| {
                if s.kind.takes_site() {
                    level.sites.len()
                } else {
                    1
                }
            })
            .sum();
        if peace.verified_steps as usize > distinct_steps {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("verified_steps")],
                format!(
                    "verified peace needs {} different verified steps, but this level can produce at most {distinct_steps} ({} kinds of step, those with a site once per site): the victory cannot be reached",
                    peace.verified_steps,
                    steps.len()
                ),
                Some(format!("use at most {distinct_steps}, or add sites")),
            );
        }
        // An event that ends the game in verified peace whatever the player does makes the victory a
        // script, not an outcome.
        for (k, e) in events.iter().enumerate() {
            if e.chance > 0
                && matches!(e.when, Cond::Always)
                && e.effects
                    .contains(&Eff::EndGame(crate::sim::vocab::OutcomeKind::VerifiedPeace))
            {
                c.warn(
                    &vec![f("events"), i(k), f("effects")],
                    format!(
                        "event `{}` ends the game in verified peace with no condition: the player wins whatever they do",
                        e.id
                    ),
                    Some("give the event a `when` (e.g. `AtLeast(normalization, 60)`), or end the game another way".into()),
                );
            }
        }
        for (k, s) in level.sites.iter().enumerate() {
            let referenced = events
                .iter()
                .any(|e| e.site == Some(k as u16) || e.effects.contains(&Eff::Leak(k as u16)))
                || agreements
                    .iter()
                    .any(|a| a.steps.iter().any(|st| st.site == Some(k as u16)));
            let can_be_active = matches!(s.truth, TruthDef::Active)
                || matches!(s.truth, TruthDef::Chance { active, .. } if active > 0);
            if !s.suspected && !referenced && !can_be_active {
                c.warn(
                    &vec![f("sites"), i(k), f("id")],
                    format!(
                        "site `{}` is never suspected, never leaked and never active: the player can never see it",
                        s.id
                    ),
                    None,
                );
            }
        }
    }

    /// Unused declarations.
    fn unused(&mut self, level: &Level, defaults: &Defaults) {
        let c = self;
        for (k, fl) in level.flags.iter().enumerate() {
            if !c.used_flags.contains(fl) {
                c.warn(
                    &vec![f("flags"), i(k)],
                    format!("flag `{fl}` is never set or tested"),
                    None,
                );
            }
        }
        for (k, a) in level.assumptions.iter().enumerate() {
            if !c.used_weights.contains(&a.id) && !defaults.assumptions.iter().any(|d| d.id == a.id)
            {
                c.warn(
                    &vec![f("assumptions"), i(k), f("id")],
                    format!("assumption `{}` is not used by any rule or effect", a.id),
                    None,
                );
            }
        }
    }
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
    let mut c = Compiler {
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
    };

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
    let mut labels: [String; crate::sim::vars::VAR_COUNT] = std::array::from_fn(|k| {
        Var::BUILTIN
            .get(k)
            .map_or(String::new(), |v| v.label().to_string())
    });
    let mut meanings: [String; crate::sim::vars::VAR_COUNT] = std::array::from_fn(|k| {
        Var::BUILTIN
            .get(k)
            .map_or(String::new(), |v| v.meaning().to_string())
    });
    for o in &own_vars {
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
        sites: level
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
            .collect(),
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
        debrief: level.debrief.clone(),
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

/// Why a condition can never hold, if it cannot (a static check for authors).
fn never_reason(
    c: &Cond,
    flags_set: &[bool],
    flag_names: &[String],
    truths: &[TruthDef],
    rounds: u32,
) -> Option<String> {
    match c {
        Cond::Never => Some("its date window lies outside the game".into()),
        Cond::Round(a, _) if *a > rounds => Some(format!("round {a} is after the last round")),
        Cond::Flag(f) if !flags_set.get(*f as usize).copied().unwrap_or(true) => Some(format!(
            "flag `{}` is never set by any effect",
            flag_names.get(*f as usize).map_or("?", |s| s.as_str())
        )),
        Cond::SiteIs(s, t) => {
            let truth = truths.get(*s as usize)?;
            let possible = matches!(
                (truth, t),
                (TruthDef::Chance { .. } | TruthDef::Active, _)
                    | (TruthDef::Empty, crate::level::types::Truth::Empty)
                    | (TruthDef::Cleaned, crate::level::types::Truth::Cleaned)
            );
            (!possible).then(|| "that site can never have that truth".into())
        }
        Cond::All(cs) => {
            if let Some(w) = cs
                .iter()
                .find_map(|x| never_reason(x, flags_set, flag_names, truths, rounds))
            {
                return Some(w);
            }
            let mut lo = [i32::MIN; crate::sim::vars::VAR_COUNT];
            let mut hi = [i32::MAX; crate::sim::vars::VAR_COUNT];
            for x in cs {
                match x {
                    Cond::AtLeast(v, n) => lo[v.index()] = lo[v.index()].max(*n),
                    Cond::AtMost(v, n) => hi[v.index()] = hi[v.index()].min(*n),
                    _ => {}
                }
            }
            for k in 0..crate::sim::vars::VAR_COUNT {
                if lo[k] > hi[k] {
                    let v = crate::sim::vars::Var::BUILTIN
                        .get(k)
                        .map_or("a level variable", |v| v.id());
                    return Some(format!(
                        "{v} cannot be at least {} and at most {} at once",
                        lo[k], hi[k]
                    ));
                }
            }
            for x in cs {
                if let Cond::Flag(f) = x
                    && cs.contains(&Cond::NoFlag(*f))
                {
                    return Some("it needs a flag both set and unset".into());
                }
            }
            None
        }
        Cond::Any(cs) if !cs.is_empty() => {
            let reasons: Vec<String> = cs
                .iter()
                .filter_map(|x| never_reason(x, flags_set, flag_names, truths, rounds))
                .collect();
            (reasons.len() == cs.len()).then(|| reasons.join("; and "))
        }
        _ => None,
    }
}

/// A source reference may be a declared source id or a free citation; an id-looking string that
/// matches no source is probably a typo.
fn check_source_ref(c: &mut Compiler, path: &Path, s: &str) {
    if s.is_empty() || c.sources.iter().any(|x| x == s) {
        return;
    }
    let looks_like_id = !s.contains(' ') && s.len() < 40;
    if looks_like_id {
        let help = Compiler::did_you_mean(s, &c.sources);
        c.error(
            path,
            format!("unknown source `{s}`"),
            help.or(Some(
                "declare it under `sources`, or write the citation out in full".into(),
            )),
        );
    }
}

/// Whether a source's text labels an event as the game's invention at its date ("Game
/// counterfactual: …", "Tutorial: fictional").
pub fn labelled_invention(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("counterfactual") || t.contains("fictional")
}

/// The latest year (1900–2099) a citation names: when the record it cites was written.
pub fn latest_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut best: Option<i32> = None;
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() {
            let start = k;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k - start == 4
                && let Ok(y) = text[start..k].parse::<i32>()
                && (1900..=2099).contains(&y)
            {
                best = Some(best.map_or(y, |b: i32| b.max(y)));
            }
        } else {
            k += 1;
        }
    }
    best
}

/// Whether a text puts words in quotation marks.
fn quotes_someone(text: &str) -> bool {
    text.matches('"').count() >= 2 || (text.contains('“') && text.contains('”'))
}

/// An event is a record of its source, or says it is the game's invention: an event that can
/// only happen after the source it cites was written (a 1995 appeal cited for floods in 2001)
/// carries the counterfactual label in its `source`, and quotation marks are kept for words
/// someone said, with a source that has them.
fn check_event_record(
    c: &mut Compiler,
    base: &Path,
    level: &Level,
    e: &crate::level::types::EventDef,
    window: (u32, u32),
) {
    let cite = level
        .sources
        .iter()
        .find(|x| x.id == e.source)
        .map_or(e.source.as_str(), |x| x.cite.as_str());
    let invented = labelled_invention(&e.source) || labelled_invention(cite);
    if (invented || e.source.trim().is_empty())
        && (quotes_someone(&e.headline) || quotes_someone(&e.body))
    {
        c.warn(
            &join(base, &[f("headline")]),
            format!(
                "event `{}` puts words in quotation marks, but its source {}",
                e.id,
                if invented {
                    "says it is the game's invention"
                } else {
                    "is missing"
                }
            ),
            Some(
                "quotation marks are for words someone said, with the source that has them: drop them, or cite that source"
                    .into(),
            ),
        );
    }
    if invented || e.source.trim().is_empty() {
        return;
    }
    let (Some(year), Some(start)) = (latest_year(cite), YearMonth::parse(&level.start)) else {
        return;
    };
    let first = window.0.max(1);
    let from = start.plus((first - 1).saturating_mul(level.months_per_round.max(1)));
    if from.year > year {
        c.warn(
            &join(base, &[f("source")]),
            format!(
                "event `{}` can only happen from {from}, but its source dates from {year}: a record cannot report what came after it",
                e.id
            ),
            Some(
                "if the event is the game's invention at this date, say so in its source: `source: \"Game counterfactual: …, modelled on …\"`"
                    .into(),
            ),
        );
    }
}

/// The level's scripted U.S. policies: ids unique, actions and sites known, months turned into
/// rounds.
fn compile_policies(c: &mut Compiler, level: &Level) -> Vec<crate::sim::rules::Policy> {
    use crate::level::types::{PolicyActionDef, PolicyAnswer};
    use crate::sim::rules::{Policy, PolicyStep};
    let ids: Vec<String> = level.policies.iter().map(|p| p.id.clone()).collect();
    c.unique(&vec![f("policies")], "policy", &ids);
    let mut out = Vec::new();
    for (k, p) in level.policies.iter().enumerate() {
        let base = vec![f("policies"), i(k)];
        c.check_id(&join(&base, &[f("id")]), "policy", &p.id);
        let mut steps = Vec::new();
        for (s, st) in p.steps.iter().enumerate() {
            let sb = join(&base, &[f("steps"), i(s)]);
            let (Some(from), Some(to)) = (YearMonth::parse(&st.from), YearMonth::parse(&st.to))
            else {
                c.error(
                    &join(&sb, &[f("from")]),
                    format!(
                        "`{}` to `{}`: months are written \"YYYY-MM\"",
                        st.from, st.to
                    ),
                    None,
                );
                continue;
            };
            let Some((first, last)) = c.date_rounds(from, to) else {
                c.warn(
                    &join(&sb, &[f("from")]),
                    "these months fall outside the level: the step never applies",
                    None,
                );
                continue;
            };
            let mut actions = Vec::new();
            for (a, act) in st.actions.iter().enumerate() {
                let (id, target) = match act {
                    PolicyActionDef::Plain(id) => (id.clone(), None),
                    PolicyActionDef::Target(id, t) => (id.clone(), Some(t.clone())),
                };
                let table = c.actions.clone();
                c.lookup(
                    &Origin::Level(join(&sb, &[f("actions")])),
                    &[i(a)],
                    "action",
                    &id,
                    &table,
                );
                actions.push((id, target));
            }
            let offer = st.offer.as_ref().map(|o| {
                if let Some(d) = o.deadline {
                    c.range(
                        &join(&sb, &[f("offer"), f("deadline")]),
                        "deadline",
                        i64::from(d),
                        1,
                        12,
                    );
                }
                for (g, id) in o.give.iter().enumerate() {
                    let table = c.actions.clone();
                    c.lookup(
                        &Origin::Level(join(&sb, &[f("offer"), f("give")])),
                        &[i(g)],
                        "action",
                        id,
                        &table,
                    );
                }
                let asks: Vec<String> = o
                    .ask
                    .iter()
                    .enumerate()
                    .map(|(a, step)| match step.site() {
                        Some(site) => {
                            let table = c.sites.clone();
                            c.lookup(
                                &Origin::Level(join(&sb, &[f("offer"), f("ask"), i(a)])),
                                &[i(0)],
                                "site",
                                site,
                                &table,
                            );
                            format!("{}:{site}", step.id())
                        }
                        None => step.id().to_string(),
                    })
                    .collect();
                (o.give.clone(), asks, o.sequencing, o.deadline)
            });
            for (w, id) in st.withdraw.iter().enumerate() {
                let table = c.agreements.clone();
                c.lookup(
                    &Origin::Level(join(&sb, &[f("withdraw")])),
                    &[i(w)],
                    "agreement",
                    id,
                    &table,
                );
            }
            steps.push(PolicyStep {
                first,
                last,
                actions,
                offer,
                withdraw: st.withdraw.clone(),
            });
        }
        out.push(Policy {
            id: p.id.clone(),
            name: p.name.clone(),
            about: p.about.clone(),
            source: p.source.clone(),
            enforce: p.violations == PolicyAnswer::Enforce,
            accept_counters: p.accept_counters,
            steps,
        });
    }
    out
}

fn assumption_from(a: &AssumptionDef, default_value: Option<i32>) -> Assumption {
    Assumption {
        id: a.id.clone(),
        value: a.value,
        default_value,
        claim: a.claim.clone(),
        unit: a.unit.clone(),
        source: a.source.clone(),
        confidence: a.confidence.unwrap_or(crate::level::types::Confidence::Low),
        min: a.min.unwrap_or(0).min(a.value),
        max: a.max.unwrap_or(100).max(a.value),
        school: a.school,
    }
}
