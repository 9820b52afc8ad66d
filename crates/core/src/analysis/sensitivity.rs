//! What the conclusion rests on: each assumption of the ledger is set to its minimum and its
//! maximum in turn, the same games are played again, and the gap between two strategies (by
//! default quid pro quo against appeasement) is measured each time. Assumptions whose range can
//! reverse the gap get the value where it crosses zero, found by bisection.
//!
//! Every run plays the same seeds (game k uses `seed + k` whatever the assumption), so the
//! differences come from the assumption, not from different dice. All runs are spread over all
//! cores; the result does not depend on the number of threads.

use crate::analysis::playtest;
use crate::level::Variant;
use crate::sim::Difficulty;
use crate::sim::rules::Rules;
use crate::sim::vocab::School;
use askama::Template;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;
use std::sync::Arc;

/// What the conclusion of each shipped level rests on, as computed by `sensitivity --format
/// summary` (see [`Summary`]): (level id, file text).
pub const SENSITIVITY: &[(&str, &str)] = &[
    (
        "tutorial",
        include_str!("../../../../levels/sensitivity/tutorial.ron"),
    ),
    (
        "crisis-1993",
        include_str!("../../../../levels/sensitivity/crisis-1993.ron"),
    ),
    (
        "april-2000",
        include_str!("../../../../levels/sensitivity/april-2000.ron"),
    ),
    (
        "collapse-2002",
        include_str!("../../../../levels/sensitivity/collapse-2002.ron"),
    ),
    (
        "action-2007",
        include_str!("../../../../levels/sensitivity/action-2007.ron"),
    ),
    (
        "sandbox",
        include_str!("../../../../levels/sensitivity/sandbox.ron"),
    ),
];

/// The shipped sensitivity summary of a level, if there is one and it parses.
pub fn shipped_sensitivity(id: &str) -> Option<Summary> {
    let (_, text) = SENSITIVITY.iter().find(|(x, _)| *x == id)?;
    ron::from_str(text).ok()
}

/// The few lines of an analysis that the debrief shows, saved next to the shipped levels
/// (`levels/sensitivity/<id>.ron`) by `sensitivity --format summary`. `key` ties it to the rules
/// it was computed on ([`model_key`]); the debrief shows it only for a game played on the same
/// rules, and a test fails when a shipped summary is stale.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Summary {
    /// The level it was computed for.
    pub level_id: String,
    /// The fingerprint of the rules it was computed on ([`model_key`]).
    pub key: String,
    /// The strategy whose advantage was tested.
    pub a: String,
    /// The strategy it was compared with.
    pub b: String,
    /// Games per strategy per setting.
    pub games: u32,
    /// The difficulty played.
    pub difficulty: Difficulty,
    /// Mean score of `a` with the ledger as written.
    pub base_a: f64,
    /// Mean score of `b` with the ledger as written.
    pub base_b: f64,
    /// Standard error of the gap at the base setting.
    pub base_se: f64,
    /// The largest swings: (assumption id, its claim, gap at min, gap at max, reversed at).
    pub top: Vec<SummaryRow>,
    /// The conclusion in words.
    pub conclusion: String,
}

/// One assumption in a [`Summary`].
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SummaryRow {
    /// The assumption's ledger id.
    pub id: String,
    /// Its claim.
    pub claim: String,
    /// Its value as written.
    pub value: i32,
    /// The smallest value swept.
    pub min: i32,
    /// The largest value swept.
    pub max: i32,
    /// The gap with the assumption at its minimum.
    pub gap_at_min: f64,
    /// The gap with the assumption at its maximum.
    pub gap_at_max: f64,
    /// The value past which the conclusion reverses (`≤` when `below`), if it does.
    pub reverses: Option<(i32, bool)>,
}

impl SummaryRow {
    /// One line for the debrief.
    pub fn line(&self) -> String {
        let rev = match self.reverses {
            Some((v, true)) if v <= self.min => format!("; the conclusion reverses at {v}"),
            Some((v, false)) if v >= self.max => format!("; the conclusion reverses at {v}"),
            Some((v, true)) => format!("; the conclusion reverses at {v} or below"),
            Some((v, false)) => format!("; the conclusion reverses at {v} or above"),
            None => String::new(),
        };
        format!(
            "{} (as written {}, range {}–{}): the gap is {} at the minimum and {} at the maximum{rev}.",
            self.claim.trim_end_matches('.'),
            self.value,
            self.min,
            self.max,
            points(self.gap_at_min),
            points(self.gap_at_max)
        )
    }
}

/// A fingerprint of the rules a game is played on: the level, every assumption's value, and two
/// reference games (so a change to the rules' code changes it too).
pub fn model_key(rules: &Arc<Rules>) -> String {
    rules.model_key.get_or_init(|| compute_key(rules)).clone()
}

fn compute_key(rules: &Arc<Rules>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(rules.id.as_bytes());
    h.update(rules.variant.as_bytes());
    for a in &rules.ledger {
        h.update(format!("{}={};", a.id, a.value).as_bytes());
    }
    // The games and their scores: a change to the scoring alone makes a summary stale too.
    for id in ["quid-pro-quo", "appease"] {
        if let Some(g) = playtest::play_one(rules, id, 1, Difficulty::Normal) {
            h.update(g.hash().as_bytes());
            h.update(g.score().total.to_le_bytes());
        }
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How to run the analysis.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The strategy whose advantage is tested (a built-in id or one of the level's scripts).
    pub a: String,
    /// The strategy it is compared with.
    pub b: String,
    /// Games per strategy per setting.
    pub games: u32,
    /// The difficulty played.
    pub difficulty: Difficulty,
    /// The first seed; game k is played with `seed + k`.
    pub seed: u64,
    /// Bisection steps when an assumption's range reverses the conclusion.
    pub bisect_steps: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            a: "quid-pro-quo".into(),
            b: "appease".into(),
            games: 24,
            difficulty: Difficulty::Normal,
            seed: 1,
            bisect_steps: 5,
        }
    }
}

/// Where the conclusion reverses along one assumption's range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossover {
    /// The value at which the gap changes sign (the first value past the default where it does).
    pub value: i32,
    /// True when the conclusion reverses below the default (the assumption must stay above
    /// `value`), false when it reverses above it.
    pub below: bool,
}

/// One assumption's effect on the gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swing {
    /// The assumption's ledger id.
    pub id: String,
    /// Its claim.
    pub claim: String,
    /// Its unit.
    pub unit: String,
    /// The school of the debate it belongs to, if either.
    pub school: Option<School>,
    /// Its value as written.
    pub value: i32,
    /// The smallest value swept.
    pub min: i32,
    /// The largest value swept.
    pub max: i32,
    /// The gap (mean score of `a` minus that of `b`) with the assumption at its minimum / maximum.
    pub gap_at_min: f64,
    /// The gap with the assumption at its maximum.
    pub gap_at_max: f64,
    /// Where the conclusion reverses, if it does.
    pub crossover: Option<Crossover>,
}

impl Swing {
    /// Where the conclusion reverses, for tables: "at ≤ 14", or empty.
    pub fn reverses_at(&self) -> String {
        match &self.crossover {
            Some(c) if c.below => format!("at ≤ {}", c.value),
            Some(c) => format!("at ≥ {}", c.value),
            None => String::new(),
        }
    }

    /// How far the gap moves across the range.
    pub fn swing(&self) -> f64 {
        (self.gap_at_max - self.gap_at_min).abs()
    }
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The level's id.
    pub level_id: String,
    /// The level's title.
    pub level_title: String,
    /// The level variant analysed (a preset or length), or empty.
    pub variant: String,
    /// The strategy whose advantage is tested.
    pub a: String,
    /// The strategy it is compared with.
    pub b: String,
    /// Games per strategy per setting.
    pub games: u32,
    /// The difficulty played.
    pub difficulty: Difficulty,
    /// The first seed.
    pub seed: u64,
    /// Mean scores and gap with the ledger as written.
    pub base_a: f64,
    /// Mean score of `b` with the ledger as written.
    pub base_b: f64,
    /// The standard error of the gap at the base setting (paired over seeds).
    pub base_se: f64,
    /// Every assumption with a range, the largest swing first.
    pub rows: Vec<Swing>,
    /// Games played in all.
    pub games_played: u64,
    /// Settings played in all (the ledger as written, each end of each range, bisection steps).
    pub settings_played: u64,
}

/// Scores of the two strategies over the same seeds, game by game.
fn scores(rules: &Arc<Rules>, s: &Settings) -> Result<Vec<(i32, i32)>, String> {
    (0..s.games)
        .into_par_iter()
        .map(|k| {
            let seed = s.seed.wrapping_add(u64::from(k));
            let one = |id: &str| {
                playtest::play_one(rules, id, seed, s.difficulty)
                    .map(|g| g.score().total)
                    .ok_or_else(|| format!("no strategy called `{id}` for {}", rules.id))
            };
            Ok((one(&s.a)?, one(&s.b)?))
        })
        .collect()
}

fn gap(pairs: &[(i32, i32)]) -> f64 {
    let n = pairs.len().max(1) as f64;
    pairs.iter().map(|(a, b)| f64::from(a - b)).sum::<f64>() / n
}

/// Runs the analysis. `load` compiles the level with a variant (the caller's own variant,
/// such as a preset or a length, with the given assumption added); `tick` is called after each
/// setting is played. A load error (the level, or an assumption it rejects) is returned.
pub fn run(
    load: &(dyn Fn(&Variant) -> Result<Arc<Rules>, String> + Sync),
    base: &Variant,
    s: &Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<Sensitivity, String> {
    let rules = load(base)?;
    let base_pairs = scores(&rules, s)?;
    let n = base_pairs.len().max(1) as f64;
    let base_a = base_pairs.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let base_b = base_pairs.iter().map(|p| f64::from(p.1)).sum::<f64>() / n;
    let base_gap = base_a - base_b;
    let var = base_pairs
        .iter()
        .map(|(a, b)| (f64::from(a - b) - base_gap).powi(2))
        .sum::<f64>()
        / (n - 1.0).max(1.0);
    let base_se = (var / n).sqrt();
    tick();

    let entries: Vec<_> = rules
        .ledger
        .iter()
        .filter(|e| e.min < e.max)
        .cloned()
        .collect();
    let played = std::sync::atomic::AtomicU64::new(1);
    let gap_at = |id: &str, v: i32| -> Result<f64, String> {
        played.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let r = load(&base.clone().with(id, v))?;
        let g = gap(&scores(&r, s)?);
        tick();
        Ok(g)
    };
    let mut rows: Vec<Swing> = entries
        .par_iter()
        .map(|e| -> Result<Swing, String> {
            let gap_at_min = gap_at(&e.id, e.min)?;
            let gap_at_max = gap_at(&e.id, e.max)?;
            // The conclusion reverses where the gap's sign differs from the base's.
            let flips = |g: f64| g * base_gap < 0.0 || (g == 0.0 && base_gap != 0.0);
            let end = if flips(gap_at_min) {
                Some((e.min, true))
            } else if flips(gap_at_max) {
                Some((e.max, false))
            } else {
                None
            };
            let crossover = match end {
                None => None,
                Some((end, below)) => {
                    // Invariant: the gap keeps its sign at `keep` and has lost it at `lost`.
                    let (mut keep, mut lost) = (e.value, end);
                    for _ in 0..s.bisect_steps {
                        if (keep - lost).abs() <= 1 {
                            break;
                        }
                        let mid = keep + (lost - keep) / 2;
                        if flips(gap_at(&e.id, mid)?) {
                            lost = mid;
                        } else {
                            keep = mid;
                        }
                    }
                    Some(Crossover { value: lost, below })
                }
            };
            Ok(Swing {
                id: e.id.clone(),
                claim: e.claim.clone(),
                unit: e.unit.clone(),
                school: e.school,
                value: e.value,
                min: e.min,
                max: e.max,
                gap_at_min,
                gap_at_max,
                crossover,
            })
        })
        .collect::<Result<_, _>>()?;
    rows.sort_by(|x, y| {
        y.swing()
            .partial_cmp(&x.swing())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| x.id.cmp(&y.id))
    });
    let settings_played = played.into_inner();
    Ok(Sensitivity {
        level_id: rules.id.clone(),
        level_title: rules.title.clone(),
        variant: rules.variant.clone(),
        a: s.a.clone(),
        b: s.b.clone(),
        games: s.games,
        difficulty: s.difficulty,
        seed: s.seed,
        base_a,
        base_b,
        base_se,
        rows,
        games_played: settings_played * 2 * u64::from(s.games),
        settings_played,
    })
}

impl Sensitivity {
    /// The summary the debrief shows: the conclusion and the `top` largest swings.
    pub fn summary(&self, key: String, top: usize) -> Summary {
        Summary {
            level_id: self.level_id.clone(),
            key,
            a: self.a.clone(),
            b: self.b.clone(),
            games: self.games,
            difficulty: self.difficulty,
            base_a: self.base_a,
            base_b: self.base_b,
            base_se: self.base_se,
            top: self
                .rows
                .iter()
                .take(top)
                .map(|r| SummaryRow {
                    id: r.id.clone(),
                    claim: r.claim.clone(),
                    value: r.value,
                    min: r.min,
                    max: r.max,
                    gap_at_min: r.gap_at_min,
                    gap_at_max: r.gap_at_max,
                    reverses: r.crossover.as_ref().map(|c| (c.value, c.below)),
                })
                .collect(),
            conclusion: self.conclusion_in_words(),
        }
    }

    /// The gap with the ledger as written: mean score of `a` minus that of `b`.
    pub fn base_gap(&self) -> f64 {
        self.base_a - self.base_b
    }

    /// The assumptions whose range reverses the conclusion, the largest swing first.
    pub fn reversals(&self) -> impl Iterator<Item = &Swing> {
        self.rows.iter().filter(|r| r.crossover.is_some())
    }

    /// The conclusion in words for the window and reports: the gap, then each assumption that
    /// can reverse it by its claim rather than its id.
    pub fn conclusion_in_words(&self) -> String {
        let (lead, trail) = if self.base_gap() >= 0.0 {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        };
        let head = format!(
            "With the assumptions as written, {} scores {} points more than {} on average.",
            strategy_name(lead),
            points(self.base_gap().abs()),
            strategy_name(trail)
        );
        let conds: Vec<String> = self
            .reversals()
            .take(3)
            .filter_map(|r| {
                let c = r.crossover.as_ref()?;
                let at_end = (c.below && c.value <= r.min) || (!c.below && c.value >= r.max);
                Some(format!(
                    "\u{201c}{}\u{201d} is set to {}{}",
                    r.claim.trim_end_matches('.'),
                    c.value,
                    if at_end {
                        ""
                    } else if c.below {
                        " or less"
                    } else {
                        " or more"
                    }
                ))
            })
            .collect();
        if conds.is_empty() {
            format!("{head} No single assumption, moved across its whole range, reverses that.")
        } else {
            format!("{head} That reverses if {}.", join_or(&conds))
        }
    }

    /// The conclusion and what it rests on, in one sentence.
    pub fn conclusion(&self) -> String {
        let (lead, trail) = if self.base_gap() >= 0.0 {
            (&self.a, &self.b)
        } else {
            (&self.b, &self.a)
        };
        let head = format!(
            "With the ledger as written, {lead} beats {trail} by {:.1} points (± {:.1}).",
            self.base_gap().abs(),
            2.0 * self.base_se
        );
        let conds: Vec<String> = self
            .reversals()
            .take(5)
            .filter_map(|r| {
                let c = r.crossover.as_ref()?;
                Some(if c.below {
                    format!("{} ≤ {}", r.id, c.value)
                } else {
                    format!("{} ≥ {}", r.id, c.value)
                })
            })
            .collect();
        if conds.is_empty() {
            format!(
                "{head} No single assumption, moved across its whole range, reverses it (the largest swing is {}).",
                self.rows.first().map_or("none".into(), |r| format!(
                    "{}: {:.1} points",
                    r.id,
                    r.swing()
                ))
            )
        } else {
            let more = self.reversals().count().saturating_sub(conds.len());
            format!(
                "{head} It holds unless {}{}.",
                join_or(&conds),
                if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                }
            )
        }
    }

    /// The table for the terminal: the `top` largest swings (all if `top` is 0).
    pub fn table(&self, top: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Sensitivity of {} at {} difficulty, {} games per setting, seeds {}..{}{}:",
            self.level_id,
            self.difficulty,
            self.games,
            self.seed,
            self.seed + u64::from(self.games),
            if self.variant.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.variant)
            }
        );
        let _ = writeln!(
            s,
            "gap = mean score of {} minus {}; as written {:.1} − {:.1} = {:.1} (± {:.1}, two standard errors)\n",
            self.a,
            self.b,
            self.base_a,
            self.base_b,
            self.base_gap(),
            2.0 * self.base_se
        );
        let about = format!(
            "These are {} games per setting on seeds {}..{}, so the gap as written is an estimate \
             like `simulate`'s (100 games unless told otherwise): the two differ by chance, \
             within the ± each gives. Each row moves one assumption to the bottom and the top of \
             its range and plays the same games again; `swing` is how far the gap moved, \
             `reverses` where the other strategy comes out ahead. Under each row, the claim the \
             assumption makes.",
            self.games,
            self.seed,
            self.seed + u64::from(self.games)
        );
        let _ = writeln!(s, "{}\n", indent_wrapped(&about, 0, 96));
        let _ = writeln!(
            s,
            "{:<34} {:>6} {:>13} {:>8} {:>8} {:>6}  reverses",
            "assumption", "value", "range", "gap@min", "gap@max", "swing"
        );
        let n = if top == 0 { self.rows.len() } else { top };
        for r in self.rows.iter().take(n) {
            let rev = r.reverses_at();
            let _ = writeln!(
                s,
                "{:<34} {:>6} {:>13} {:>8.1} {:>8.1} {:>6.1}  {rev}",
                r.id,
                r.value,
                format!("{}..{}", r.min, r.max),
                r.gap_at_min,
                r.gap_at_max,
                r.swing()
            );
            if !r.claim.is_empty() {
                let _ = writeln!(s, "{}", indent_wrapped(&r.claim, 4, 92));
            }
        }
        if n < self.rows.len() {
            let _ = writeln!(
                s,
                "({} more with smaller swings; --top 0 lists all)",
                self.rows.len() - n
            );
        }
        let _ = writeln!(s, "\n{}", self.conclusion());
        s
    }

    /// A self-contained HTML page: the conclusion, a tornado chart of the `top` largest swings
    /// and the full table (well-formed XHTML syntax).
    pub fn html(&self, top: usize) -> String {
        SensitivityPage {
            s: self,
            css: crate::analysis::report::CSS,
            last_seed: self.seed + u64::from(self.games).saturating_sub(1),
            conclusion: self.conclusion(),
            tornado: self.tornado_svg(top),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let school = r.school.map_or("", |s| match s {
                        School::Memo => "memo",
                        School::Engagement => "engagement",
                    });
                    (
                        r.id.clone(),
                        r.claim.clone(),
                        vec![
                            school.to_string(),
                            format!("{} {}", r.value, r.unit),
                            format!("{}–{}", r.min, r.max),
                            format!("{:.1}", r.gap_at_min),
                            format!("{:.1}", r.gap_at_max),
                            format!("{:.1}", r.swing()),
                            r.reverses_at(),
                        ],
                    )
                })
                .collect(),
            base_gap: format!("{:.1}", self.base_gap()),
            two_se: format!("{:.1}", 2.0 * self.base_se),
        }
        .render()
        .unwrap_or_else(|e| format!("<!DOCTYPE html>\n<html><body><p>The report could not be written: {e}</p></body></html>\n"))
    }

    /// The tornado chart: one bar per assumption from its gap at the minimum to its gap at the
    /// maximum, around the gap as written; zero (the conclusion reverses) is marked.
    fn tornado_svg(&self, top: usize) -> String {
        let rows: Vec<&Swing> = self.rows.iter().take(top.max(1)).collect();
        let base = self.base_gap();
        let lo = rows
            .iter()
            .map(|r| r.gap_at_min.min(r.gap_at_max))
            .fold(base.min(0.0), f64::min);
        let hi = rows
            .iter()
            .map(|r| r.gap_at_min.max(r.gap_at_max))
            .fold(base.max(0.0), f64::max);
        let span = (hi - lo).max(1.0);
        let (label_w, plot_w, row_h, top_pad) = (300.0, 520.0, 22.0, 34.0);
        let x = |g: f64| label_w + (g - lo) / span * plot_w;
        let f1 = |v: f64| format!("{v:.1}");
        let bottom = top_pad + row_h * rows.len() as f64;
        Tornado {
            width: format!("{:.0}", label_w + plot_w + 30.0),
            height: format!("{:.0}", bottom + 30.0),
            legend: (
                f1(label_w),
                f1(label_w + 14.0),
                f1(label_w + 130.0),
                f1(label_w + 144.0),
            ),
            label_x: f1(label_w - 8.0),
            rect_h: f1(row_h - 6.0),
            bars: rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let y = top_pad + row_h * i as f64;
                    TornadoBar {
                        id: r.id.clone(),
                        min: r.min,
                        max: r.max,
                        text_y: f1(y + 14.0),
                        rect_y: f1(y + 3.0),
                        rects: [
                            (r.gap_at_min, "#2e86c1", r.min),
                            (r.gap_at_max, "#d35400", r.max),
                        ]
                        .into_iter()
                        .map(|(g, colour, value)| {
                            let (a, b) = (x(base.min(g)), x(base.max(g)));
                            (f1(a), f1((b - a).max(1.0)), colour, value, f1(g))
                        })
                        .collect(),
                    }
                })
                .collect(),
            base: f1(base),
            base_x: f1(x(base)),
            line_top: f1(top_pad - 4.0),
            bottom: f1(bottom),
            base_label_y: f1(bottom + 14.0),
            zero_x: (lo < 0.0).then(|| f1(x(0.0))),
            zero_label_y: f1(bottom + 26.0),
        }
        .render()
        .unwrap_or_default()
    }
}

/// The sensitivity page's template: every text a level supplies is escaped by the engine.
#[derive(Template)]
#[template(path = "sensitivity.html")]
struct SensitivityPage<'a> {
    s: &'a Sensitivity,
    css: &'static str,
    last_seed: u64,
    conclusion: String,
    /// The chart as SVG, made by the escaping [`Tornado`] template.
    tornado: String,
    /// (assumption id, its claim, the other cells).
    rows: Vec<(String, String, Vec<String>)>,
    base_gap: String,
    two_se: String,
}

#[derive(Template)]
#[template(path = "tornado.svg", escape = "html")]
struct Tornado {
    width: String,
    height: String,
    legend: (String, String, String, String),
    label_x: String,
    rect_h: String,
    bars: Vec<TornadoBar>,
    base: String,
    base_x: String,
    line_top: String,
    bottom: String,
    base_label_y: String,
    zero_x: Option<String>,
    zero_label_y: String,
}

struct TornadoBar {
    id: String,
    min: i32,
    max: i32,
    text_y: String,
    rect_y: String,
    /// (x, width, colour, the assumption's value, the gap there).
    rects: Vec<(String, String, &'static str, i32, String)>,
}

/// A gap in whole points, without "-0".
fn points(x: f64) -> String {
    let r = x.round();
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r:.0}")
    }
}

/// A strategy as a sentence names it.
fn strategy_name(id: &str) -> String {
    match id {
        "appease" => "appeasement".into(),
        "hard-line" => "the hard line".into(),
        other => other.replace('-', " "),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// `text` wrapped to `width` columns, each line indented by `indent` spaces.
fn indent_wrapped(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > width {
            lines.push(format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{pad}{line}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_with_or() {
        assert_eq!(join_or(&["a".into()]), "a");
        assert_eq!(join_or(&["a".into(), "b".into(), "c".into()]), "a, b or c");
    }
}
