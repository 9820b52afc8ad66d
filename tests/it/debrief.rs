//! The debrief, reports, game records, replays, the class view, automatic playtests and the
//! educator's `check`: known answers, well-formed output, clean errors.

use crate::common::test_rules;
use quid_pro_quo::ai::strategies::{self, Appease, QuidProQuo};
use quid_pro_quo::analysis::fingerprint::{self, Move};
use quid_pro_quo::analysis::record::{GameRecord, RecordError};
use quid_pro_quo::analysis::{Debrief, class, report};
use quid_pro_quo::cli::simulate;
use quid_pro_quo::level::types::MoveKind;
use quid_pro_quo::level::{self, SHIPPED};
use quid_pro_quo::sim::Difficulty;
use quid_pro_quo::sim::game::Game;
use quid_pro_quo::sim::orders::{Target, UsOrders};
use quid_pro_quo::sim::report::RoundReport;
use quid_pro_quo::sim::rules::Rules;
use quid_pro_quo::sim::vars::Hidden;
use quid_pro_quo::sim::vars::VarTable;
use std::path::{Path, PathBuf};
use std::process::Command as Proc;
use std::sync::Arc;

fn shipped(id: &str) -> Arc<Rules> {
    let text = level::shipped_text(id).expect("shipped");
    level::load_bytes(id, text.as_bytes()).expect("loads").rules
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qpq-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

/// A report of one round with the given U.S. actions and Pyongyang public moves.
fn round(rules: &Rules, n: u32, us: &[&str], moves: &[MoveKind], verified: u32) -> RoundReport {
    RoundReport {
        round: n,
        month: String::new(),
        changes: Vec::new(),
        news: Vec::new(),
        hidden: Vec::new(),
        reasons: Vec::new(),
        outcome: None,
        truth: VarTable::default(),
        estimates: Hidden::splat(0),
        bands: Hidden::splat(0),
        moves: moves.to_vec(),
        public_moves: moves.to_vec(),
        verified,
        us: UsOrders {
            actions: us
                .iter()
                .map(|a| (rules.action_ix(a).expect("action"), Target::None))
                .collect(),
            ..UsOrders::default()
        },
        violations_seen: 0,
        rewards_after_step: 0,
        rewards_unreciprocated: 0,
        refused_moves: 0,
        cleaned_while_stalling: 0,
        answer: None,
        covert: Vec::new(),
        found: Vec::new(),
    }
}

/// Marks the concessions of constructed rounds as the rules would count them: a reward for the
/// step verified the round before, or a reward for nothing.
fn paid(rules: &Rules, mut rounds: Vec<RoundReport>) -> Vec<RoundReport> {
    for k in 0..rounds.len() {
        let n = rounds[k]
            .us
            .actions
            .iter()
            .filter(|(ix, _)| rules.actions[*ix as usize].is_concession())
            .count() as u32;
        let after_step = k > 0 && rounds[k - 1].verified > 0;
        rounds[k].rewards_after_step = if after_step { n } else { 0 };
        rounds[k].rewards_unreciprocated = if after_step { 0 } else { n };
    }
    rounds
}

#[test]
fn constructed_histories_give_the_expected_fingerprints() {
    let r = test_rules();
    let t = MoveKind::MissileTest;
    // Pyongyang: step, test, step, test, step, test; the player answers like for like.
    let tft = vec![
        round(&r, 1, &[], &[], 1),
        round(&r, 2, &["food_aid_monitored"], &[t], 0),
        round(&r, 3, &["tighten_sanctions"], &[], 1),
        round(&r, 4, &["food_aid_monitored"], &[t], 0),
        round(&r, 5, &["tighten_sanctions"], &[], 1),
        round(&r, 6, &["food_aid_monitored"], &[t], 0),
        round(&r, 7, &["tighten_sanctions"], &[], 0),
    ];
    let tft = paid(&r, tft);
    let f = fingerprint::fingerprint(&r, &tft);
    assert_eq!(
        f.rates,
        [Some(1.0), Some(0.0), Some(1.0), Some(1.0), None, None, None]
    );
    assert_eq!(f.nearest, "Tit for Tat");
    assert_eq!(f.player_moves[1], Move::Cooperate);
    assert_eq!(f.pyongyang_moves[1], Move::Defect);
    // The same Pyongyang, and a player who concedes whatever happens.
    let allc: Vec<RoundReport> = tft
        .iter()
        .map(|x| {
            let mut y = x.clone();
            y.us.actions = vec![(r.action_ix("food_aid_monitored").expect("a"), Target::None)];
            y
        })
        .collect();
    let allc = paid(&r, allc);
    assert_eq!(
        fingerprint::fingerprint(&r, &allc).nearest,
        "Always Cooperate"
    );
    // And one who never forgives.
    let mut grudge = tft.clone();
    for x in grudge.iter_mut().skip(2) {
        x.us.actions = vec![(r.action_ix("tighten_sanctions").expect("a"), Target::None)];
    }
    let grudge = paid(&r, grudge);
    assert_eq!(fingerprint::fingerprint(&r, &grudge).nearest, "Grudger");
    // Too little to go on.
    assert_eq!(
        fingerprint::fingerprint(&r, &tft[..2]).nearest,
        "not enough data"
    );
}

#[test]
fn a_pure_appeaser_fingerprints_as_always_cooperate_and_strict_qpq_as_tit_for_tat() {
    let rules = shipped("april-2000");
    for seed in 0..6 {
        let g = strategies::play(rules.clone(), seed, Difficulty::Normal, &mut Appease);
        assert_eq!(
            Debrief::of(&g, "").fingerprint.nearest,
            "Always Cooperate",
            "seed {seed}"
        );
        let g = strategies::play(
            rules.clone(),
            seed,
            Difficulty::Normal,
            &mut QuidProQuo::default(),
        );
        let d = Debrief::of(&g, "");
        // Tit for Tat and Grudger differ only after Pyongyang comes back from a defection; in a
        // game where it never does, the two tie.
        assert!(
            d.fingerprint.nearest.starts_with("Tit for Tat"),
            "seed {seed}: {} {:?}",
            d.fingerprint.nearest,
            d.fingerprint.rates
        );
    }
}

#[test]
fn the_debrief_holds_what_the_player_could_not_see() {
    let rules = shipped("april-2000");
    let g = strategies::play(rules.clone(), 4, Difficulty::Normal, &mut Appease);
    let d = Debrief::of(&g, "Ada");
    assert_eq!(
        d.timeline.len(),
        g.reports().len() + 1,
        "start plus every round"
    );
    assert_eq!(d.reciprocity.aid_diverted, g.state().tally.aid_diverted);
    assert!(d.reciprocity.unprompted + d.reciprocity.after_provocation > 0);
    assert!(!d.pyongyang_type.is_empty());
    assert_eq!(d.ledger.len(), rules.ledger.len());
    assert!(!d.history.history.is_empty());
    assert!(d.worst_estimate().is_some());
    assert!(d.key_decisions.len() <= 10);
}

/// A minimal CSV reader: fields, with quotes.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        rows.push(fields);
    }
    rows
}

#[test]
fn reports_are_well_formed() {
    let rules = shipped("april-2000");
    let g = strategies::play(rules, 9, Difficulty::Normal, &mut QuidProQuo::default());
    let d = Debrief::of(&g, "Student <A> & \"B\"");
    // HTML: a well-formed document with a chart per hidden variable.
    let html = report::html(&d);
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("HTML does not parse: {e}"));
    let svgs = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "svg")
        .count();
    assert_eq!(svgs, 8);
    // The player's name arrives as text, not as markup.
    assert!(
        doc.descendants()
            .filter_map(|n| n.text())
            .any(|t| t.contains("Student <A> & \"B\"")),
        "the player's name is in the page as text"
    );
    assert!(!html.contains("<A>"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
    // CSV: the documented columns, and one row per round plus the start.
    let csv = report::csv(&d);
    let rows = csv_rows(&csv);
    let header = report::csv_columns(&d);
    assert_eq!(rows[0], header);
    assert_eq!(rows.len(), g.reports().len() + 2);
    for r in &rows[1..] {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    let readme = std::fs::read_to_string("README.md").expect("README");
    for col in [
        "`round`",
        "`month`",
        "`tension_true`",
        "`<variable>_estimate`",
        "`<variable>_band`",
        "`us_actions`",
        "`headlines`",
    ] {
        assert!(
            readme.contains(col),
            "README documents the CSV column {col}"
        );
    }
    // Markdown: the sections a student hands in.
    let md = report::markdown(&d);
    for section in [
        "## Outcome",
        "## Reciprocity",
        "## Your strategy fingerprint",
        "## True values against your estimates",
        "## The assumptions behind this game",
        "## What actually happened",
    ] {
        assert!(md.contains(section), "{section}");
    }
}

fn record_of(rules: &Arc<Rules>, seed: u64, strategy: &str, player: &str) -> (Game, GameRecord) {
    let mut s = strategies::by_id(strategy).expect("strategy");
    let g = strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut());
    let r = GameRecord::of(&g, &format!("levels/{}.ron", rules.id), player);
    (g, r)
}

#[test]
fn records_of_scripted_games_replay_to_the_same_result_on_every_shipped_level() {
    let dir = tmpdir("replay");
    for (id, _) in SHIPPED {
        let rules = shipped(id);
        for (seed, strategy) in [(1, "quid-pro-quo"), (2, "random"), (3, "appease")] {
            let (g, r) = record_of(&rules, seed, strategy, "tester");
            let path = dir.join(format!("{id}-{seed}.ron"));
            r.save(&path).expect("save");
            let back = GameRecord::load(&path).expect("load");
            assert_eq!(back, r);
            let loaded = back.find_level(None, &[]).expect("level");
            let again = back.verify(&loaded).expect("same result");
            assert_eq!(again.hash(), g.hash());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_records_and_edited_levels_get_clean_errors() {
    let dir = tmpdir("broken");
    let rules = shipped("tutorial");
    let (_, r) = record_of(&rules, 1, "quid-pro-quo", "x");
    let text = r.to_ron();
    let path = dir.join("cut.ron");
    std::fs::write(&path, &text[..text.len() / 2]).expect("write");
    let e = GameRecord::load(&path).expect_err("truncated");
    assert!(matches!(e, RecordError::Truncated(_)), "{e}");
    assert!(e.to_string().contains("cut off"), "{e}");

    std::fs::write(&path, "this is not a record").expect("write");
    let e = GameRecord::load(&path).expect_err("corrupt");
    assert!(matches!(e, RecordError::Corrupt(_)), "{e}");

    std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("write");
    assert!(GameRecord::load(&path).is_err());

    std::fs::write(&path, text.replacen("format: 1", "format: 9", 1)).expect("write");
    let e = GameRecord::load(&path).expect_err("format");
    assert!(matches!(e, RecordError::Format { found: 9, .. }), "{e}");

    assert!(matches!(
        GameRecord::load(&dir.join("missing.ron")),
        Err(RecordError::Io { .. })
    ));

    // A record of a level file that was edited afterwards.
    let level_path = dir.join("my-level.ron");
    let original = std::fs::read_to_string("levels/tutorial.ron")
        .expect("level")
        .replacen("id: \"tutorial\"", "id: \"my-level\"", 1);
    std::fs::write(&level_path, &original).expect("write");
    let loaded = level::load_file(&level_path).expect("loads");
    let g = strategies::play(loaded.rules.clone(), 2, Difficulty::Normal, &mut Appease);
    let r = GameRecord::of(&g, &level_path.display().to_string(), "x");
    // Found in the record's folder by id and hash, not by the path it names.
    assert!(r.find_level(None, &[]).is_err());
    assert!(r.find_level(None, &[dir.as_path()]).is_ok());
    std::fs::write(
        &level_path,
        original.replacen("rounds: 7,", "rounds: 8,", 1),
    )
    .expect("write");
    let e = r.find_level(None, &[dir.as_path()]).expect_err("edited");
    assert!(matches!(e, RecordError::LevelEdited { .. }), "{e}");
    assert!(e.to_string().contains("has been edited"), "{e}");

    // A record whose level cannot be found anywhere.
    let mut lost = r.clone();
    lost.level_file = dir.join("gone.ron").display().to_string();
    lost.level_id = "gone".into();
    let e = lost.find_level(None, &[dir.as_path()]).expect_err("lost");
    assert!(matches!(e, RecordError::LevelMissing { .. }), "{e}");
    assert!(e.to_string().contains("`gone`"), "names the level: {e}");

    // A record whose result was tampered with does not verify.
    let (_, mut t) = record_of(&rules, 1, "quid-pro-quo", "x");
    if let Some(res) = t.result.as_mut() {
        res.score += 1;
    }
    let loaded = t.find_level(None, &[]).expect("level");
    assert!(matches!(
        t.verify(&loaded),
        Err(RecordError::Mismatch { .. })
    ));

    // The binary says so and exits 1.
    let path = dir.join("cut2.ron");
    std::fs::write(&path, &text[..text.len() / 3]).expect("write");
    let out = Proc::new(env!("CARGO_BIN_EXE_quid-pro-quo"))
        .arg("replay")
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stops in the middle"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_class_view_gathers_records_and_skips_the_wrong_ones() {
    let dir = tmpdir("class");
    let rules = shipped("april-2000");
    let mut files = Vec::new();
    for (k, strategy) in ["appease", "quid-pro-quo", "hard-line", "random"]
        .iter()
        .enumerate()
    {
        let (_, r) = record_of(&rules, k as u64, strategy, &format!("student{k}"));
        let p = dir.join(format!("s{k}.ron"));
        r.save(&p).expect("save");
        files.push(p);
    }
    let (_, other) = record_of(&shipped("tutorial"), 1, "appease", "elsewhere");
    let p = dir.join("other.ron");
    other.save(&p).expect("save");
    files.push(p);
    let p = dir.join("junk.ron");
    std::fs::write(&p, "(format: 1, game").expect("write");
    files.push(p);
    let view = class::gather(&files, None, &[]);
    assert_eq!(view.rows.len(), 4);
    assert_eq!(view.skipped.len(), 2);
    assert!(
        view.skipped
            .iter()
            .any(|(f, why)| f.ends_with("other.ron") && why.contains("another level"))
    );
    assert!(view.skipped.iter().any(|(f, _)| f.ends_with("junk.ron")));
    assert_eq!(view.divergent(3).len(), 3);
    let md = view.markdown();
    assert!(md.contains("student1") && md.contains("Skipped records"));
    let html = view.html();
    roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("class HTML does not parse: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn simulate_gives_the_same_table_whatever_the_number_of_threads() {
    let rules = shipped("tutorial");
    let ids = ["appease", "quid-pro-quo", "random"];
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| simulate::simulate(&rules, &ids, 12, Difficulty::Normal, 5, false))
    };
    let one = run(1);
    let two = run(2);
    let three = run(3);
    assert_eq!(one, two);
    assert_eq!(one, three);
    assert_eq!(one.rows.len(), 3);
    for r in &one.rows {
        assert_eq!(r.games, 12);
        let total: f64 = r.outcomes.iter().map(|(_, x)| x).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
    assert!(one.table().contains("quid-pro-quo"));
}

#[test]
fn simulate_flags_a_level_nobody_can_win() {
    let text = std::fs::read_to_string("levels/tutorial.ron")
        .expect("level")
        .replacen("verified_steps: 3,", "verified_steps: 50,", 1);
    let rules = level::load_bytes("hard.ron", text.as_bytes())
        .expect("loads")
        .rules;
    let b = simulate::simulate(
        &rules,
        &["appease", "quid-pro-quo"],
        6,
        Difficulty::Easy,
        1,
        false,
    );
    assert!(
        b.flags().iter().any(|f| f.starts_with("nobody wins")),
        "{:?}",
        b.flags()
    );
}

fn warnings_of(text: &str) -> Vec<String> {
    match level::load_bytes("w.ron", text.as_bytes()) {
        Ok(l) => l.warnings.items.iter().map(|d| d.message.clone()).collect(),
        Err(d) => panic!("{}", d.render()),
    }
}

#[test]
fn check_warns_about_likely_mistakes() {
    let base = std::fs::read_to_string("levels/tutorial.ron").expect("level");
    // An event whose flag is never set, and one with contradictory conditions.
    let text = base.replacen(
        "    events: [\n",
        "    flags: [\"orphan\"],\n    events: [\n        (id: \"never-a\", when: Flag(\"orphan\"), effects: [], headline: \"A\"),\n        (id: \"never-b\", when: All([AtLeast(tension, 80), AtMost(tension, 20)]), effects: [], headline: \"B\"),\n",
        1,
    );
    let w = warnings_of(&text);
    assert!(
        w.iter()
            .any(|m| m.contains("`never-a` can never fire") && m.contains("orphan")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|m| m.contains("`never-b` can never fire")),
        "{w:?}"
    );
    // A victory nothing can reach.
    let text = base.replacen(
        "    events: [\n",
        "    actions: (disable: [\"liaison_office\"]),\n    opponent_moves: (disable: [\"attend_talks\"]),\n    steps: [(id: attend_talks, effects: [])],\n    events: [\n",
        1,
    );
    let w = warnings_of(&text);
    assert!(
        w.iter().any(|m| m.contains("victory cannot be reached")),
        "{w:?}"
    );
    // A site nobody can ever see.
    let text = base.replacen(
        "    sites: [\n",
        "    sites: [\n        (id: \"ghost\", name: \"Ghost\", lat: 39.0, lon: 126.0, program: nuclear, truth: Empty, suspected: false),\n",
        1,
    );
    let w = warnings_of(&text);
    assert!(
        w.iter()
            .any(|m| m.contains("`ghost`") && m.contains("never see it")),
        "{w:?}"
    );
    // Two tips for one round: only the first would ever show.
    let text = base.replacen(
        "            (\n                round: 2,",
        "            (round: 1, text: \"Again.\"),\n            (\n                round: 2,",
        1,
    );
    let w = warnings_of(&text);
    assert!(
        w.iter()
            .any(|m| m.contains("tip 2 is for round 1, like tip 1")),
        "{w:?}"
    );
}

#[test]
fn check_speaks_json_for_tools() {
    let dir = tmpdir("json");
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string("levels/tutorial.ron")
        .expect("level")
        .replacen("Leak(\"hill-site\")", "Leak(\"hill-sight\")", 1);
    std::fs::write(&broken, &text).expect("write");
    let out = Proc::new(env!("CARGO_BIN_EXE_quid-pro-quo"))
        .args(["check", "--format", "json", "levels/tutorial.ron"])
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(v["files"][0]["ok"], true);
    assert_eq!(v["files"][0]["summary"]["id"], "tutorial");
    let d = &v["files"][1]["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    let line = text
        .lines()
        .position(|l| l.contains("hill-sight"))
        .expect("line")
        + 1;
    assert_eq!(d["line"], line);
    assert_eq!(d["help"], "did you mean `hill-site`?");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_and_class_report_commands_write_files() {
    let dir = tmpdir("cmds");
    let rules = shipped("tutorial");
    let (_, r) = record_of(&rules, 3, "quid-pro-quo", "Ada");
    let rec = dir.join("ada.ron");
    r.save(&rec).expect("save");
    let bin = env!("CARGO_BIN_EXE_quid-pro-quo");
    for (fmt, file) in [("md", "a.md"), ("html", "a.html"), ("csv", "a.csv")] {
        let out_path = dir.join(file);
        let st = Proc::new(bin)
            .args(["report"])
            .arg(&rec)
            .args(["--format", fmt, "--out"])
            .arg(&out_path)
            .status()
            .expect("runs");
        assert!(st.success());
        assert!(std::fs::metadata(&out_path).expect("written").len() > 200);
    }
    let out = Proc::new(bin)
        .arg("replay")
        .arg(&rec)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("replay ok: result: "));
    let class_out = dir.join("class.html");
    let st = Proc::new(bin)
        .arg("class-report")
        .arg(&rec)
        .args(["--format", "html", "--out"])
        .arg(&class_out)
        .status()
        .expect("runs");
    assert!(st.success());
    assert!(Path::new(&class_out).exists());
    // Each student's debrief is written beside the class report and linked from the table;
    // the columns and the strategies are explained.
    let page = std::fs::read_to_string(&class_out).expect("read");
    let linked = dir.join("class-debriefs").join("01-ada.html");
    assert!(linked.exists(), "no debrief beside the report");
    assert!(
        std::fs::read_to_string(&linked)
            .expect("read")
            .contains("The negotiation")
    );
    assert!(
        page.contains("href=\"class-debriefs/01-ada.html\""),
        "{page}"
    );
    for (name, _) in class::COLUMNS {
        assert!(
            page.contains(&format!("<dt>{name}</dt>")),
            "{name} unexplained"
        );
    }
    for (name, _) in fingerprint::LEGEND {
        assert!(
            page.contains(&format!("<dt>{name}</dt>")),
            "{name} not in the legend"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_text_mode_saves_a_record_that_replays() {
    let dir = tmpdir("textrec");
    let rec = dir.join("game.ron");
    let loaded = quid_pro_quo::cli::resolve_level("tutorial").expect("level");
    let opts = quid_pro_quo::cli::play::Options {
        seed: 8,
        difficulty: Difficulty::Normal,
        echo: true,
        record: Some(rec.clone()),
        player: "Ada".into(),
        level_file: "levels/tutorial.ron".into(),
        hotseat: false,
    };
    let input = "food_aid_monitored\nend\n".repeat(8);
    let mut out = Vec::new();
    quid_pro_quo::cli::play::play_with(
        &loaded,
        &opts,
        &mut std::io::Cursor::new(input.into_bytes()),
        &mut out,
    )
    .expect("plays");
    let text = String::from_utf8(out).expect("utf8");
    let last = text.trim_end().lines().last().unwrap_or("");
    assert!(
        last.starts_with("result: "),
        "the result line stays last: {last}"
    );
    assert!(text.contains("You played most like: "));
    let r = GameRecord::load(&rec).expect("record");
    assert_eq!(r.player, "Ada");
    assert_eq!(r.result.as_ref().map(|x| x.line()), Some(last.to_string()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sensitivity` from the command line: the table names the gap and the conclusion, the HTML
/// parses and has its tornado chart, the JSON has every assumption with a range, and a mistyped
/// strategy is told the right name.
#[test]
fn sensitivity_reports_what_the_conclusion_rests_on() {
    let bin = env!("CARGO_BIN_EXE_quid-pro-quo");
    let dir = std::env::temp_dir().join(format!("qpq-sens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |args: &[&str]| {
        Proc::new(bin)
            .args(["sensitivity", "tutorial", "--games", "2"])
            .args(args)
            .output()
            .expect("runs")
    };
    let table = run(&["--top", "5"]);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let t = String::from_utf8_lossy(&table.stdout);
    assert!(
        t.contains("gap = mean score of quid-pro-quo minus appease"),
        "{t}"
    );
    assert!(t.contains("With the ledger as written"), "{t}");
    // It says why its numbers differ from `simulate`'s, and each row carries its claim.
    assert!(t.contains("the two differ by chance"), "{t}");
    let rules = shipped("tutorial");
    let claims = rules
        .ledger
        .iter()
        .filter(|a| t.contains(&format!("\n{:<34}", a.id)))
        .filter(|a| {
            let first: String = a
                .claim
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            t.contains(&first)
        })
        .count();
    assert_eq!(claims, 5, "each of the 5 rows shows its claim:\n{t}");
    let html_path = dir.join("s.html");
    let html = run(&[
        "--format",
        "html",
        "--out",
        html_path.to_str().expect("utf-8"),
    ]);
    assert!(html.status.success());
    let page = std::fs::read_to_string(&html_path).expect("written");
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("sensitivity HTML does not parse: {e}"));
    let bars = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
        .count();
    assert_eq!(bars, 2 * 15, "two bars for each of the top 15 assumptions");
    let json = run(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let ranged = rules.ledger.iter().filter(|e| e.min < e.max).count();
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(ranged));
    let bad = run(&["--pair", "quid-pro-quo,apease"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Did you mean `appease`?"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `simulate --format json` gives, per strategy, outcome shares, the score's mean and spread,
/// and the mean count of each of Pyongyang's moves; `--set` and `--assumptions` change the
/// level and say so; a wrong name gets a message.
#[test]
fn simulate_json_presets_and_set() {
    let bin = env!("CARGO_BIN_EXE_quid-pro-quo");
    let run = |args: &[&str]| {
        Proc::new(bin)
            .args([
                "simulate",
                "tutorial",
                "--games",
                "3",
                "--strategy",
                "appease,idle",
            ])
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&[
        "--format",
        "json",
        "--assumptions",
        "engagement",
        "--set",
        "aid_diversion_share=0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        v["variant"]
            .as_str()
            .unwrap_or("")
            .contains("aid_diversion_share:0")
    );
    let row = &v["rows"][0];
    assert_eq!(row["strategy"], "appease");
    assert!(row["score_sd"].is_number() && row["score_mean"].is_number());
    let moves = row["moves_mean"].as_array().expect("moves");
    assert!(moves.iter().any(|m| m[0] == "missile_test"));
    let outcomes: f64 = row["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o[1].as_f64().unwrap_or(0.0))
        .sum();
    assert!((outcomes - 1.0).abs() < 1e-9);
    let bad = run(&["--set", "aid_diversion_shar=0"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("aid_diversion_share"), "{err}");
    let range = run(&["--set", "aid_diversion_share=300"]);
    assert!(!range.status.success());
    let preset = run(&["--assumptions", "memoo"]);
    assert!(!preset.status.success());
    assert!(String::from_utf8_lossy(&preset.stderr).contains("memo"));
}

/// A record cannot send the program anywhere: the level file it names is never opened. A record
/// naming a private file (here one with a secret line) is answered with the level's id and hash,
/// and the secret appears in no message, from the library or from `replay`.
#[test]
fn a_hostile_record_cannot_make_the_game_read_another_file() {
    let dir = tmpdir("hostile");
    let secret = dir.join("secret.ron");
    std::fs::write(&secret, "TOP-SECRET first line\n").expect("write");
    let rules = shipped("tutorial");
    let (_, mut r) = record_of(&rules, 1, "appease", "x");
    for (id, file) in [
        ("tutorial-edited", secret.display().to_string()),
        ("tutorial-edited", "/etc/passwd".to_string()),
        ("tutorial-edited", "../../../../etc/hostname".to_string()),
    ] {
        r.level_id = id.into();
        r.level_file = file.clone();
        let e = r.find_level(None, &[]).expect_err("not found");
        let text = e.to_string();
        assert!(matches!(e, RecordError::LevelMissing { .. }), "{text}");
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("root:"),
            "{text}"
        );
        assert!(text.contains("tutorial-edited"), "{text}");
        let path = dir.join("hostile.qpq.ron");
        r.save(&path).expect("save");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_quid-pro-quo"))
            .args(["replay", &path.display().to_string()])
            .output()
            .expect("runs");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{all}");
        assert!(
            !all.contains("TOP-SECRET") && !all.contains("root:"),
            "{all}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The hand-in shows the negotiation: each round's offer (rewards, steps, sequencing, deadline),
/// the answer with what the envoys said and any terms they named, agreements made, steps
/// verified or violated, and the player's decisions on violations — in the Markdown, the HTML
/// and the CSV alike.
#[test]
fn the_hand_in_shows_the_offers_answers_and_agreements() {
    let rules = shipped("april-2000");
    let g = strategies::play(
        rules.clone(),
        3,
        Difficulty::Normal,
        &mut strategies::Student::default(),
    );
    let d = Debrief::of(&g, "Ada");
    let offers: Vec<String> = g
        .reports()
        .iter()
        .filter_map(|r| r.us.offer.as_ref())
        .map(|o| quid_pro_quo::sim::describe::describe_offer(&rules, o))
        .collect();
    assert!(!offers.is_empty(), "the student made offers");
    let answered = g.reports().iter().filter(|r| r.answer.is_some()).count();
    assert!(answered > 0);
    let md = report::markdown(&d);
    let html = report::html(&d);
    let csv = report::csv(&d);
    assert!(md.contains("## The negotiation"), "{md}");
    assert!(html.contains("<h2>The negotiation</h2>"));
    for o in &offers {
        assert!(
            md.contains(o.as_str()),
            "the Markdown leaves out the offer {o}"
        );
        // The HTML escapes quotes and ampersands; the offers have neither.
        assert!(
            html.contains(o.as_str()),
            "the HTML leaves out the offer {o}"
        );
        assert!(csv.contains(o.as_str()), "the CSV leaves out the offer {o}");
    }
    let header = csv.lines().next().unwrap_or_default();
    for col in ["us_at_the_table", "answer_to_offer", "agreements"] {
        assert!(header.contains(col), "{header}");
    }
    // Each answer, with the envoys' words, is in the hand-in.
    for r in g.reports() {
        if let Some(a) = &r.answer {
            let said = quid_pro_quo::analysis::describe_answer(&rules, a);
            assert!(md.contains(&said), "round {}: {said}", r.round);
        }
    }
    // Agreements made and steps verified are listed.
    assert!(md.contains("Verified: "), "{md}");
    // A decision on a violation, when there was one, is the player's own line.
    if g.state().tally.violations_detected > 0 {
        assert!(md.contains("Violation of agreement"), "{md}");
    }
}

/// Every answer to an offer comes with what the envoys said, in words: never the other side's
/// type, and a counter-offer whenever they named terms, which accepting turns into the agreement.
#[test]
fn every_answer_says_why_and_named_terms_can_be_taken() {
    let rules = shipped("april-2000");
    let mut taken = 0;
    let mut named = 0;
    for seed in 1..=12 {
        let g = strategies::play(
            rules.clone(),
            seed,
            Difficulty::Normal,
            &mut strategies::Student::default(),
        );
        let ty = rules.types[g.state().mind.type_ix as usize].name.clone();
        for (k, r) in g.reports().iter().enumerate() {
            let Some(a) = &r.answer else { continue };
            assert!(
                a.appraisal.is_some(),
                "seed {seed} round {}: no reasons",
                r.round
            );
            let said = quid_pro_quo::analysis::describe_answer(&rules, a);
            assert!(!said.contains(&ty), "the envoys gave away the type: {said}");
            let news = r
                .news
                .iter()
                .find(|n| n.kind == quid_pro_quo::sim::report::NewsKind::Answer)
                .expect("an answer is news");
            assert!(news.body.contains("envoys"), "{}", news.body);
            if let Some(terms) = &a.counter {
                named += 1;
                assert!(news.body.contains("They would accept now"), "{}", news.body);
                // The student accepts terms it can afford: the next round makes the agreement.
                if let Some(next) = g.reports().get(k + 1)
                    && next.us.accept_counter
                {
                    taken += 1;
                    let made = next.news.iter().any(|n| {
                        n.headline.contains("accepts Pyongyang's terms")
                            && n.body
                                .contains(&quid_pro_quo::sim::describe::describe_offer(
                                    &rules, terms,
                                ))
                    });
                    assert!(made, "seed {seed}: accepted terms made no agreement");
                }
            }
        }
    }
    assert!(named > 0 && taken > 0, "named {named}, taken {taken}");
}

/// A new level, unedited, can be won and `simulate` finds nothing wrong with it; on April 2000
/// a large lead is a finding stated in a teacher's words, not a warning.
#[test]
fn the_new_level_is_winnable_and_a_lead_is_a_finding() {
    let text = level::scaffold("mine", "blank").expect("scaffold");
    let rules = level::load_bytes("mine.ron", text.as_bytes())
        .expect("the new level loads")
        .rules;
    let b = simulate::simulate(
        &rules,
        &["appease", "quid-pro-quo", "engagement", "hard-line"],
        40,
        Difficulty::Normal,
        1,
        false,
    );
    assert!(b.flags().is_empty(), "{:?}", b.flags());
    assert!(
        b.rows
            .iter()
            .any(|r| r.share(quid_pro_quo::level::types::OutcomeKind::VerifiedPeace) > 0.2),
        "{}",
        b.table()
    );
    let april = shipped("april-2000");
    let b = simulate::simulate(
        &april,
        &["appease", "quid-pro-quo"],
        40,
        Difficulty::Normal,
        1,
        false,
    );
    let table = b.table();
    assert!(!table.contains("warning:"), "{table}");
    assert!(
        table.contains("finding: quid-pro-quo leads every other approach by")
            && table.contains("the level's answer to its question")
            && table.contains("sensitivity april-2000"),
        "{table}"
    );
}

/// The texts under `e` in the order a reader meets them, leaving out the controls' captions.
fn texts_in_order(w: &bevy::prelude::World, e: bevy::prelude::Entity, out: &mut Vec<String>) {
    use bevy::prelude::{Children, Text};
    if w.get::<quid_pro_quo::game::acts::Act>(e).is_some() {
        return;
    }
    if let Some(t) = w.get::<Text>(e)
        && !t.0.is_empty()
    {
        out.push(t.0.clone());
    }
    if let Some(children) = w.get::<Children>(e) {
        for c in children.iter() {
            texts_in_order(w, *c, out);
        }
    }
}

/// The window's debrief is the core's document drawn: its texts, in order, are exactly the
/// document's units for the window (list items carry a bullet or a number in front).
#[test]
fn the_window_debrief_shows_the_document_and_nothing_else() {
    use crate::app::Harness;
    use bevy::prelude::With;
    use quid_pro_quo::analysis::document::Output;
    use quid_pro_quo::analysis::wording;
    use quid_pro_quo::game::acts::Screen;
    use quid_pro_quo::game::screens::frame::ScreenRoot;
    use quid_pro_quo::game::shots::scripted_session;
    let mut h = Harness::new("debrief-words");
    for (level, seed) in [("april-2000", 3), ("tutorial", 5), ("collapse-2002", 2)] {
        let s = scripted_session(level, 60, seed).expect("session");
        let game = s.inspect_game().clone();
        assert!(game.over().is_some(), "{level}: the game is over");
        h.show(s, Screen::Debrief);
        let w = h.app.world_mut();
        let roots: Vec<_> = w
            .query_filtered::<bevy::prelude::Entity, With<ScreenRoot>>()
            .iter(w)
            .collect();
        assert_eq!(roots.len(), 1);
        let mut shown = Vec::new();
        texts_in_order(w, roots[0], &mut shown);
        let shown: Vec<String> = shown
            .iter()
            .map(|t| {
                let t = t.strip_prefix("•  ").unwrap_or(t);
                match t.split_once(". ") {
                    Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
                    _ => t.to_string(),
                }
            })
            .collect();
        let expected = wording::debrief(&Debrief::of(&game, "")).units(Output::WINDOW);
        assert!(expected.len() > 100, "{level}: {} units", expected.len());
        let first_difference = shown
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(shown.len().min(expected.len()));
        assert_eq!(
            shown.len(),
            expected.len(),
            "{level}: first difference at {first_difference}: {:?} against {:?}",
            shown.get(first_difference),
            expected.get(first_difference)
        );
        assert_eq!(shown, expected, "{level}");
    }
}

/// The report screen draws the core's words for the round: its two columns hold exactly what
/// the player did and what happened, then the reasons (when asked for) and what changed.
#[test]
fn the_window_report_shows_the_core_words_and_nothing_else() {
    use crate::app::Harness;
    use quid_pro_quo::analysis::document::{Document, Output};
    use quid_pro_quo::analysis::wording;
    use quid_pro_quo::game::acts::Screen;
    use quid_pro_quo::game::shots::scripted_session;
    use quid_pro_quo::game::widgets::ScrollKey;
    use quid_pro_quo::sim::game::Command;
    let mut h = Harness::new("report-words");
    let strip = |t: &String| t.strip_prefix("•  ").unwrap_or(t).to_string();
    for (level, rounds, seed, show_why) in [
        ("april-2000", 5, 3, true),
        ("april-2000", 1, 4, false),
        ("tutorial", 3, 5, true),
    ] {
        let mut s = scripted_session(level, rounds, seed).expect("session");
        let _ = s.command(Command::End);
        s.show_why = show_why;
        let seat_game = s.inspect_game().clone();
        h.show(s, Screen::Report);
        let seat = quid_pro_quo::sim::seat::UsSeat::of(&seat_game);
        let words = wording::round_report(seat).expect("a round was played");
        let units = |blocks: Vec<_>| Document { blocks }.units(Output::WINDOW);
        let mut expected = units(words.did.clone());
        if show_why {
            expected.extend(units(wording::why(seat, false)));
        }
        expected.extend(units(words.changed.clone()));
        let w = h.app.world_mut();
        let mut panels: Vec<_> = w
            .query::<(bevy::prelude::Entity, &ScrollKey)>()
            .iter(w)
            .filter(|(_, k)| k.0.starts_with("report-"))
            .map(|(e, k)| (k.0, e))
            .collect();
        panels.sort_by_key(|(k, _)| *k != "report-news");
        assert_eq!(panels.len(), 2);
        let mut shown = Vec::new();
        for (_, e) in panels {
            texts_in_order(w, e, &mut shown);
        }
        let shown: Vec<String> = shown.iter().map(strip).collect();
        assert!(expected.len() > 10, "{level}: {expected:?}");
        assert_eq!(shown, expected, "{level} round {rounds}");
    }
}
