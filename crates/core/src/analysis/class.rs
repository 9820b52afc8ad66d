//! The class view: many students' game records on one page — a row per record, the spread of
//! outcomes and strategies, and the records that stand out most from the class, as a starting
//! point for discussion. Records of another level, or that fail to replay, are listed as skipped
//! with the reason.

use crate::analysis::Debrief;
use crate::analysis::fingerprint::RATES;
use crate::analysis::record::GameRecord;
use askama::Template;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// What a record is compared on: the fingerprint's rates, the score and whether it was lost.
const FEATURES: usize = RATES + 2;

/// One student's game in the class view.
#[derive(Debug, Clone)]
pub struct Row {
    /// The record's file name.
    pub file: String,
    /// The student's name.
    pub player: String,
    /// The debrief of the game.
    pub debrief: Debrief,
    /// Where the student's own debrief was written, relative to the class report, to link to.
    pub debrief_link: Option<String>,
    /// The chair the student sat in, in words: `U.S.`, the other side's name, or `both`.
    pub chair: String,
    /// Who played Washington opposite a student in the other chair.
    pub washington: Option<String>,
    /// The other side's score from its own chair (total, grade).
    pub their_score: (i32, char),
    /// The chair as a record says it (`us`, `opponent`, `both`).
    pub side: String,
    /// The game, replayed.
    pub game: crate::sim::game::Game,
}

impl Row {
    /// The student's own debrief (for the chair they sat in) as Markdown.
    pub fn markdown(&self) -> String {
        crate::analysis::report::markdown_for(&self.game, &self.debrief, &self.side)
    }

    /// The student's own debrief (for the chair they sat in) as an HTML page.
    pub fn html(&self) -> String {
        crate::analysis::report::html_for(&self.game, &self.debrief, &self.side)
    }
}

/// What each column of the class table means, in the table's order.
pub const COLUMNS: [(&str, &str); 13] = [
    (
        "player",
        "the name in the record (the file's name when none was given); a link opens that student's debrief",
    ),
    (
        "chair",
        "the chair the student sat in: the U.S. (against the AI), the other side (against an AI Washington), or both (two students at one screen)",
    ),
    (
        "outcome",
        "how the game ended: verified peace, the term ended, or a defeat (war, collapse, breakout, mandate lost)",
    ),
    ("round", "the last round reached"),
    ("grade", "the letter grade of the score"),
    (
        "score",
        "the U.S. score, 0–100, from the true state at the end, as the debrief breaks it down",
    ),
    (
        "their score",
        "the other side's score from its own chair, 0–100, as its type weighs its goals: what a student who sat there is graded on",
    ),
    (
        "nearest strategy",
        "the classic strategy the U.S.'s answers to the other side are nearest to (the legend below); for a student in the other chair, the AI Washington they faced",
    ),
    (
        "after step",
        "concessions paid in return for a verified step: reciprocity, the memo's way",
    ),
    (
        "after provocation",
        "concessions paid soon after a provocation: paying for it",
    ),
    ("unprompted", "concessions paid with nothing before them"),
    (
        "verified steps",
        "different steps of the other side verified in the game",
    ),
    (
        "aid diverted",
        "food aid ($M) that went to the regime instead of the hungry",
    ),
];

/// What "distance" means in the list of records that stand out.
pub const DISTANCE: &str = "distance: how far a record lies from the class average, measured on the fingerprint's rates, the score and whether the game was lost (each on a 0–1 scale); 0 is the average record, and a record beyond 1 plays unlike most of the class";

/// A class's records, gathered.
#[derive(Debug, Clone, Default)]
pub struct ClassView {
    /// The level the class played.
    pub level_id: String,
    /// The content hash of its file.
    pub level_hash: String,
    /// The level's title.
    pub level_title: String,
    /// The other side's name in the level.
    pub opponent: String,
    /// One row per record, in file order.
    pub rows: Vec<Row>,
    /// (file, reason) for every record left out.
    pub skipped: Vec<(String, String)>,
}

/// Reads and replays every record; the level is the first readable record's (or `level`). A
/// record's level is looked for in the shipped levels, `folders` and the record's own folder.
pub fn gather(files: &[PathBuf], level: Option<&Path>, folders: &[&Path]) -> ClassView {
    let mut view = ClassView::default();
    for path in files {
        let name = path.display().to_string();
        let record = match GameRecord::load(path) {
            Ok(r) => r,
            Err(e) => {
                view.skipped.push((name, first_line(&e.to_string())));
                continue;
            }
        };
        if let Some(why) = view.foreign(&record) {
            view.skipped.push((name, why));
            continue;
        }
        let look = GameRecord::folders_for(folders, path);
        match record.find_level(level, &look) {
            Ok(loaded) => view.push(name, path.file_stem(), &record, &loaded),
            Err(e) => view.skipped.push((name, first_line(&e.to_string()))),
        }
    }
    view
}

impl ClassView {
    /// Why a record does not belong with the records already here (another level, or another
    /// version of its file), if it does not.
    fn foreign(&self, record: &GameRecord) -> Option<String> {
        if self.rows.is_empty() {
            return None;
        }
        if self.level_id != record.level_id {
            return Some(format!(
                "another level ({}, not {})",
                record.level_id, self.level_id
            ));
        }
        if self.level_hash != record.level_hash {
            return Some("another version of the level file (its content hash differs)".into());
        }
        None
    }

    /// Adds a student's record, played on `loaded`: replayed and checked, or listed as skipped
    /// with the reason. `stem` names a student whose record has no name.
    pub fn push(
        &mut self,
        name: String,
        stem: Option<&std::ffi::OsStr>,
        record: &GameRecord,
        loaded: &crate::level::Loaded,
    ) {
        if let Some(why) = self.foreign(record) {
            self.skipped.push((name, why));
            return;
        }
        let game = match record.verify(loaded) {
            Ok(g) => g,
            Err(e) => {
                self.skipped.push((name, first_line(&e.to_string())));
                return;
            }
        };
        if self.rows.is_empty() {
            self.level_id = record.level_id.clone();
            self.level_hash = record.level_hash.clone();
            self.level_title = loaded.rules.title.clone();
            self.opponent = loaded.rules.names.opponent.clone();
        }
        let player = if record.player.is_empty() {
            stem.map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            record.player.clone()
        };
        let regime = crate::sim::seat::OpponentSeat::of(&game).score();
        let chair = match record.side() {
            "opponent" => loaded.rules.names.opponent.clone(),
            "both" => "both".to_string(),
            _ => "U.S.".to_string(),
        };
        self.rows.push(Row {
            file: name,
            debrief: Debrief::of(&game, &player),
            player,
            debrief_link: None,
            chair,
            washington: record.washington.clone(),
            their_score: (regime.total, regime.grade),
            side: record.side().to_string(),
            game,
        });
    }
}

/// A student's name as a file name's stem: letters and digits in lower case, the rest `-`, at
/// most 40 characters (`Ada Lovelace` → `ada-lovelace`; `player` when nothing is left).
pub fn file_stem(player: &str) -> String {
    let mut stem: String = player
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    stem.truncate(40);
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "player".to_string()
    } else {
        stem.to_string()
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

impl Row {
    /// The row's cells, in [`COLUMNS`]' order, as plain text.
    pub fn cells(&self) -> [String; 13] {
        let d = &self.debrief;
        let rc = &d.reciprocity;
        [
            self.player.clone(),
            self.chair.clone(),
            d.outcome.map_or("unfinished", |o| o.label()).to_string(),
            d.round.to_string(),
            d.score.grade.to_string(),
            d.score.total.to_string(),
            format!("{} ({})", self.their_score.0, self.their_score.1),
            self.nearest(),
            rc.after_verified_step.to_string(),
            rc.after_provocation.to_string(),
            rc.unprompted.to_string(),
            rc.verified_steps.to_string(),
            format!("${}M", rc.aid_diverted),
        ]
    }

    /// The strategy cell: the U.S.'s nearest classic strategy, or the AI Washington a student in
    /// the other chair faced.
    pub fn nearest(&self) -> String {
        match &self.washington {
            Some(w) => format!("Washington: {w}"),
            None => self.debrief.fingerprint.nearest.clone(),
        }
    }
}

impl ClassView {
    /// A file name for each student's debrief (`03-alice.html`), numbered in table order.
    pub fn debrief_names(&self, extension: &str) -> Vec<String> {
        self.rows
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let stem = file_stem(&r.player);
                format!("{:02}-{stem}.{extension}", k + 1,)
            })
            .collect()
    }

    /// How often each outcome occurred.
    pub fn outcomes(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            let k = r
                .debrief
                .outcome
                .map_or("unfinished".to_string(), |o| o.label().to_string());
            *m.entry(k).or_insert(0) += 1;
        }
        m
    }

    /// How often each strategy was the nearest.
    pub fn strategies(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            *m.entry(r.nearest()).or_insert(0) += 1;
        }
        m
    }

    fn features(d: &Debrief) -> [f64; FEATURES] {
        let f = &d.fingerprint.rates;
        let mut out = [0.0; FEATURES];
        for (slot, r) in out.iter_mut().zip(f) {
            *slot = r.unwrap_or(0.5);
        }
        out[RATES] = f64::from(d.score.total) / 100.0;
        out[RATES + 1] = f64::from(u8::from(d.outcome.is_some_and(|o| o.is_defeat())));
        out
    }

    /// The records furthest from the class average (fingerprint, score, defeat), most first:
    /// (row index, distance).
    pub fn divergent(&self, n: usize) -> Vec<(usize, f64)> {
        if self.rows.len() < 2 {
            return Vec::new();
        }
        let feats: Vec<[f64; FEATURES]> = self
            .rows
            .iter()
            .map(|r| Self::features(&r.debrief))
            .collect();
        let mut mean = [0.0; FEATURES];
        for f in &feats {
            for (m, x) in mean.iter_mut().zip(f) {
                *m += x / feats.len() as f64;
            }
        }
        let mut d: Vec<(usize, f64)> = feats
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s: f64 = f.iter().zip(&mean).map(|(x, m)| (x - m) * (x - m)).sum();
                (i, s.sqrt())
            })
            .collect();
        d.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
        d.truncate(n);
        d
    }

    fn mean_score(&self) -> f64 {
        if self.rows.is_empty() {
            return 0.0;
        }
        self.rows
            .iter()
            .map(|r| f64::from(r.debrief.score.total))
            .sum::<f64>()
            / self.rows.len() as f64
    }

    /// The class table as CSV: a header row of [`COLUMNS`]' names, then a row per record.
    pub fn csv(&self) -> String {
        let field = crate::analysis::report::csv_field;
        let mut out = COLUMNS.map(|(name, _)| name).join(",");
        out.push('\n');
        for r in &self.rows {
            let cells: Vec<String> = r.cells().iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// The class view as Markdown.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Class report: {}\n", self.level_title);
        let _ = writeln!(
            s,
            "{} game record{} from level `{}`; mean score {:.0}.\n",
            self.rows.len(),
            if self.rows.len() == 1 { "" } else { "s" },
            self.level_id,
            self.mean_score()
        );
        let _ = writeln!(
            s,
            "| player | chair | outcome | round | grade | score | their score | nearest strategy | after step | after provocation | unprompted | verified steps | aid diverted |\n|---|---|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|"
        );
        for r in &self.rows {
            let mut cells = r.cells();
            if let Some(link) = &r.debrief_link {
                cells[0] = format!("[{}]({link})", r.player);
            }
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        let _ = writeln!(s, "\nThe columns:\n");
        for (name, what) in COLUMNS {
            let _ = writeln!(s, "- **{name}**: {what}");
        }
        let _ = writeln!(s, "\n## The strategies\n");
        for (name, what) in crate::analysis::fingerprint::LEGEND {
            let _ = writeln!(s, "- **{name}**: {what}");
        }
        let _ = writeln!(
            s,
            "\n{}",
            crate::analysis::fingerprint::how_we_read("a student's", &self.opponent)
        );
        let _ = writeln!(s, "\n## Outcomes\n");
        for (k, n) in self.outcomes() {
            let _ = writeln!(s, "- {k}: {n}");
        }
        let _ = writeln!(s, "\n## Strategies\n");
        for (k, n) in self.strategies() {
            let _ = writeln!(s, "- {k}: {n}");
        }
        let div = self.divergent(3);
        if !div.is_empty() {
            let _ = writeln!(s, "\n## Records that stand out\n\n({DISTANCE}.)\n");
            for (i, dist) in div {
                let r = &self.rows[i];
                let d = &r.debrief;
                let _ = writeln!(
                    s,
                    "- **{}** (distance {dist:.2}): {}, score {} against a class mean of {:.0}; plays like {}.",
                    r.player,
                    d.outcome.map_or("unfinished", |o| o.label()),
                    d.score.total,
                    self.mean_score(),
                    r.nearest()
                );
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(s, "\n## Skipped records\n");
            for (f, why) in &self.skipped {
                let _ = writeln!(s, "- `{f}`: {why}");
            }
        }
        s
    }

    /// The class view as a self-contained HTML page (well-formed XHTML syntax).
    pub fn html(&self) -> String {
        let mean = format!("{:.0}", self.mean_score());
        let total = self.rows.len().max(1) as f64;
        let tally = |m: Vec<(String, usize)>| -> Vec<(String, usize, String)> {
            m.into_iter()
                .map(|(k, n)| (k, n, format!("{:.0}", 200.0 * n as f64 / total)))
                .collect()
        };
        ClassPage {
            c: self,
            css: CLASS_CSS,
            mean,
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let d = &r.debrief;
                    let rc = &d.reciprocity;
                    (r.player.clone(), r.debrief_link.clone(), vec![
                        r.chair.clone(),
                        d.outcome.map_or("unfinished", |o| o.label()).to_string(),
                        d.round.to_string(),
                        d.score.grade.to_string(),
                        d.score.total.to_string(),
                        format!("{} ({})", r.their_score.0, r.their_score.1),
                        r.nearest(),
                        rc.after_verified_step.to_string(),
                        rc.after_provocation.to_string(),
                        rc.unprompted.to_string(),
                        rc.verified_steps.to_string(),
                        format!("${}M", rc.aid_diverted),
                    ])
                })
                .collect(),
            columns: COLUMNS.to_vec(),
            legend: crate::analysis::fingerprint::LEGEND.to_vec(),
            how: crate::analysis::fingerprint::how_we_read("a student's", &self.opponent),
            distance: DISTANCE,
            tallies: vec![
                ("Outcomes", tally(self.outcomes().into_iter().collect())),
                ("Strategies", tally(self.strategies().into_iter().collect())),
            ],
            standouts: self
                .divergent(3)
                .into_iter()
                .filter_map(|(i, dist)| {
                    let r = self.rows.get(i)?;
                    let d = &r.debrief;
                    Some((
                        r.player.clone(),
                        format!("{dist:.2}"),
                        d.outcome.map_or("unfinished", |o| o.label()),
                        d.score.total,
                        r.nearest(),
                    ))
                })
                .collect(),
        }
        .render()
        .unwrap_or_else(|e| format!("<!DOCTYPE html>\n<html><body><p>The report could not be written: {e}</p></body></html>\n"))
    }
}

const CLASS_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b2631}h1{color:#1f4e79}table{border-collapse:collapse}td,th{border:1px solid #ccd1d1;padding:.25rem .5rem;font-size:.9rem}th{background:#eaf2f8}.bar{display:inline-block;background:#1f4e79;height:.8rem}";

/// The class page's template: every name a player or a level wrote is escaped by the template
/// engine.
#[derive(Template)]
#[template(path = "class.html")]
struct ClassPage<'a> {
    c: &'a ClassView,
    css: &'static str,
    mean: String,
    /// (player, link to the student's debrief, the other cells).
    rows: Vec<(String, Option<String>, Vec<String>)>,
    columns: Vec<(&'static str, &'static str)>,
    legend: Vec<(&'static str, &'static str)>,
    how: String,
    distance: &'static str,
    /// (title, [(value, count, bar width)]).
    tallies: Vec<(&'static str, Vec<(String, usize, String)>)>,
    /// (player, distance, outcome, score, nearest strategy).
    standouts: Vec<(String, String, &'static str, i32, String)>,
}
