//! The text mode: scripted games to the end, the `result:` line last, mistakes refused cleanly,
//! end of input handled, and the binary's `check` exit codes.

use quid_pro_quo::cli::play::{TextEnd, play};
use quid_pro_quo::cli::resolve_level;
use quid_pro_quo::sim::Difficulty;
use std::io::Cursor;
use std::process::Command as Proc;

fn run(level: &str, seed: u64, input: &str) -> (String, TextEnd) {
    let loaded = resolve_level(level).expect("level");
    let mut out = Vec::new();
    let end = play(
        &loaded,
        seed,
        Difficulty::Normal,
        &mut Cursor::new(input.as_bytes().to_vec()),
        &mut out,
        true,
    )
    .expect("io");
    (String::from_utf8(out).expect("utf8"), end)
}

fn result_line(out: &str) -> &str {
    out.lines().last().unwrap_or("")
}

#[test]
fn a_script_of_end_lines_plays_april_2000_to_the_end() {
    let input = "end\n".repeat(30);
    let (out, end) = run("april-2000", 7, &input);
    assert!(matches!(end, TextEnd::Finished { .. }), "{end:?}");
    let last = result_line(&out);
    let re = |s: &str| {
        let parts: Vec<&str> = s.split(' ').collect();
        parts.len() == 6
            && parts[0] == "result:"
            && parts[1].starts_with("outcome=")
            && parts[2].starts_with("round=")
            && parts[3].starts_with("score=")
            && parts[4].starts_with("grade=")
            && parts[5].starts_with("hash=")
            && parts[5].len() == "hash=".len() + 16
            && parts[5][5..].chars().all(|c| c.is_ascii_hexdigit())
    };
    assert!(re(last), "bad result line: {last}");
}

#[test]
fn the_same_seed_and_input_give_the_same_result() {
    let input = "food_aid_monitored\nsurveillance nuclear\nend\noffer give=heavy_fuel_oil ask=attend_talks\nend\n"
        .to_string()
        + &"end\n".repeat(30);
    let (a, _) = run("april-2000", 11, &input);
    let (b, _) = run("april-2000", 11, &input);
    assert_eq!(result_line(&a), result_line(&b));
    let (c, _) = run("april-2000", 12, &input);
    assert_ne!(
        result_line(&a),
        result_line(&c),
        "another seed, another game"
    );
}

#[test]
fn mistakes_are_refused_with_a_message_and_play_goes_on() {
    let input = [
        "fod_aid_monitored",
        "inspect_site",
        "inspect_site kumchang",
        "surveillance tension",
        "surveillance",
        "offer give=food_aid_monitored",
        "offer give=tighten_sanctions ask=attend_talks",
        "offer give=heavy_fuel_oil ask=freeze",
        "offer give=heavy_fuel_oil ask=attend_talks deadline=99",
        "enforce 9",
        "enforce two",
        "accept",
        "undo",
        "food_aid_monitored",
        "food_aid_monitored",
        "heavy_fuel_oil",
        "liaison_office",
        "brief_congress",
        "status please",
        "\u{1F600}",
        "",
        "end",
    ]
    .join("\n")
        + "\n";
    let (out, end) = run("april-2000", 1, &input);
    assert!(matches!(end, TextEnd::Stopped { round: 2 }), "{end:?}");
    for expected in [
        "Unknown command `fod_aid_monitored`. Did you mean `food_aid_monitored`?",
        "`inspect_site` needs a site",
        "There is no site `kumchang`. Did you mean `kumchang-ri`?",
        "`tension` is visible already",
        "`surveillance` needs a hidden variable",
        "An offer needs give= and ask=",
        "`tighten_sanctions` cannot be offered as a reward",
        "`freeze` needs a site",
        "A deadline of 99 rounds is out of range",
        "No violation of agreement 9",
        "`two` is not an agreement number",
        "No counter-offer is waiting for an answer.",
        "Nothing is planned this round.",
        "Food aid (monitored) is already planned",
        "Not enough action points",
        "`status` takes nothing after it.",
        "Input ended in round 2 before the game did.",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
}

#[test]
fn help_lists_every_command_with_an_example() {
    let (out, _) = run("tutorial", 1, "help\n");
    // The tutorial's tip names the commands to type, not the window's keys.
    assert!(out.contains("`surveillance famine`"), "{out}");
    assert!(!out.contains("End round [E]"), "{out}");
    // The examples name one of the level's own sites.
    let tutorial = quid_pro_quo::level::shipped("tutorial")
        .expect("shipped")
        .expect("loads");
    let site = tutorial.rules.sites[0].id.clone();
    for (cmd, _, example) in quid_pro_quo::cli::text::HELP {
        assert!(out.contains(cmd), "{cmd}");
        let example = example.replace("{site}", &site);
        assert!(out.contains(&example), "{example}");
    }
    assert!(out.contains(&format!("inspect_site {site}")), "{out}");
}

#[test]
fn quit_stops_cleanly() {
    let (out, end) = run("sandbox", 1, "end\nquit\nend\n");
    assert_eq!(end, TextEnd::Stopped { round: 2 });
    assert!(out.contains("You left the table in round 2."));
}

#[test]
fn the_game_over_screen_reveals_what_was_hidden() {
    let input = "end\n".repeat(10);
    let (out, end) = run("tutorial", 3, &input);
    assert!(matches!(end, TextEnd::Finished { .. }));
    assert!(out.contains("Pyongyang was a Pragmatist"));
    assert!(out.contains("true at the end"));
    assert!(out.contains("What you could not see"));
}

fn bin() -> Proc {
    Proc::new(env!("CARGO_BIN_EXE_quid-pro-quo"))
}

#[test]
fn check_accepts_the_shipped_levels_and_points_at_a_broken_one() {
    let ok = bin()
        .args([
            "check",
            "levels/tutorial.ron",
            "levels/april-2000.ron",
            "levels/sandbox.ron",
        ])
        .output()
        .expect("runs");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok: ")).count(),
        3,
        "{stdout}"
    );
    // A shipped level by its id, as the other commands take it: every chapter checks.
    let ids = bin()
        .args([
            "check",
            "crisis-1993",
            "april-2000",
            "collapse-2002",
            "action-2007",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&ids.stdout);
    assert!(ids.status.success(), "{stdout}");
    assert!(
        stdout.contains("ok: collapse-2002 — \"2002–03: The Collapse\""),
        "{stdout}"
    );

    let dir = std::env::temp_dir().join(format!("qpq-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string("levels/april-2000.ron")
        .expect("level")
        .replacen("site: \"musudan-ri\"", "site: \"musudan\"", 1);
    std::fs::write(&broken, &text).expect("write");
    let bad = bin()
        .args(["check", "levels/tutorial.ron"])
        .arg(&broken)
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&bad.stdout);
    let line = text
        .lines()
        .position(|l| l.contains("site: \"musudan\""))
        .expect("line")
        + 1;
    assert!(
        stdout.contains(&format!("broken.ron:{line}:")),
        "no position in:\n{stdout}"
    );
    assert!(stdout.contains("unknown site `musudan`"), "{stdout}");
    assert!(stdout.contains("did you mean `musudan-ri`?"), "{stdout}");
    assert!(stdout.contains('^'), "no caret:\n{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_binary_plays_from_a_pipe_and_prints_the_result_last() {
    use std::io::Write;
    let mut child = bin()
        .args([
            "play",
            "--text",
            "tutorial",
            "--seed",
            "5",
            "--difficulty",
            "easy",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("end\n".repeat(10).as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .trim_end()
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("result: "),
        "{stdout}"
    );
}

#[test]
fn an_unknown_level_gets_a_suggestion() {
    let out = bin()
        .args(["play", "--text", "april2000"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Did you mean `april-2000`?"), "{err}");
}

mod fuzz {
    use proptest::prelude::*;
    use quid_pro_quo::cli::play::play;
    use quid_pro_quo::cli::resolve_level;
    use quid_pro_quo::sim::Difficulty;
    use std::io::Cursor;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        /// Any sequence of lines — real commands with junk mixed in — never panics or hangs.
        #[test]
        fn random_input_never_panics(lines in proptest::collection::vec(
            prop_oneof![
                Just("end".to_string()),
                Just("food_aid_unmonitored".to_string()),
                Just("inspect_site yongbyon".to_string()),
                Just("offer give=ease_sanctions ask=test_moratorium seq=reward-first".to_string()),
                Just("enforce 1".to_string()),
                Just("accept".to_string()),
                Just("break 2".to_string()),
                "[ -~]{0,30}",
            ], 0..60)) {
            let loaded = resolve_level("april-2000").expect("level");
            let input = lines.join("\n");
            let mut out = Vec::new();
            let r = play(&loaded, 9, Difficulty::Easy, &mut Cursor::new(input.into_bytes()), &mut out, true);
            prop_assert!(r.is_ok());
        }
    }
}

#[test]
fn without_a_display_the_window_says_what_to_do_instead_of_crashing() {
    for display in [None, Some(":4242")] {
        let mut cmd = bin();
        cmd.env_remove("WAYLAND_DISPLAY")
            .env("QPQ_DATA_DIR", std::env::temp_dir().join("qpq-nodisplay"));
        match display {
            Some(d) => cmd.env("DISPLAY", d),
            None => cmd.env_remove("DISPLAY"),
        };
        let out = cmd.output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("cannot open the game window"), "{err}");
        assert!(err.contains("play --text april-2000"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A reader that stops early (`check … | head`) closes the pipe: every command then ends quietly
/// with success, never with a panic's 101, even when its error output is closed too.
#[test]
fn commands_end_cleanly_when_the_reader_closes_the_pipe() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = std::env::temp_dir().join(format!("qpq-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string("levels/tutorial.ron")
        .expect("level")
        .replace("rounds: 7,", "rounds: 7,,");
    std::fs::write(&broken, text).expect("write");
    // Far more output than a pipe holds (64 KiB), so the writer meets the closed pipe.
    let files: Vec<String> = (0..400).map(|_| broken.display().to_string()).collect();
    let mut runs: Vec<Vec<String>> = vec![
        std::iter::once("check".to_string())
            .chain(files.iter().cloned())
            .collect(),
    ];
    runs.push(
        ["simulate", "tutorial", "--games", "30", "--format", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    for args in runs {
        let mut child = Proc::new(env!("CARGO_BIN_EXE_quid-pro-quo"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let mut first = [0u8; 16];
        let _ = child.stdout.as_mut().expect("stdout").read(&mut first);
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("ends");
        assert_eq!(status.code(), Some(0), "{} with a closed pipe", args[0]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_group_the_level_empties_is_not_listed() {
    use quid_pro_quo::sim::game::Game;
    let loaded = crate::common::level_with(
        r#"actions: (disable: ["joint_exercises", "reinforce_forces", "threaten_strike", "air_strike"]),"#,
    );
    let g = Game::new(loaded.rules.clone(), 1, Difficulty::Normal);
    let list = quid_pro_quo::cli::render::actions(quid_pro_quo::sim::seat::UsSeat::of(&g));
    assert!(!list.contains("Military:"), "{list}");
    assert!(list.contains("Concessions:"), "{list}");
    let full = Game::new(crate::common::test_rules(), 1, Difficulty::Normal);
    assert!(
        quid_pro_quo::cli::render::actions(quid_pro_quo::sim::seat::UsSeat::of(&full))
            .contains("Military:")
    );
}

#[test]
fn a_new_level_checks_and_plays_from_blank_or_from_a_shipped_level() {
    use quid_pro_quo::ai::strategies::{self, QuidProQuo};
    use quid_pro_quo::level::{self, SHIPPED};
    let blank = level::scaffold("my-level", "blank").expect("blank");
    let l = level::load_bytes("my-level.ron", blank.as_bytes())
        .unwrap_or_else(|d| panic!("the blank level does not check:\n{}", d.render()));
    assert!(
        l.warnings.items.is_empty(),
        "the blank level warns:\n{}",
        l.warnings.render()
    );
    assert_eq!(l.rules.id, "my-level");
    assert_eq!(l.rules.title, "My level");
    assert_eq!(l.rules.names.opponent, "Mirn");
    let g = strategies::play(
        l.rules.clone(),
        1,
        Difficulty::Normal,
        &mut QuidProQuo::default(),
    );
    assert!(g.over().is_some(), "a blank level plays to its end");
    for (id, _) in SHIPPED {
        let text = level::scaffold("copy", id).expect("shipped");
        let l = level::load_bytes("copy.ron", text.as_bytes())
            .unwrap_or_else(|d| panic!("a copy of {id} does not check:\n{}", d.render()));
        assert_eq!(l.rules.id, "copy");
        assert!(text.starts_with(&format!("// Started from the shipped level `{id}`")));
    }
    let wrong = level::scaffold("x", "april2000").expect_err("unknown");
    assert!(wrong.contains("Did you mean `april-2000`?"), "{wrong}");
    assert!(
        wrong.contains(
            "blank, tutorial, crisis-1993, april-2000, collapse-2002, action-2007, sandbox"
        ),
        "{wrong}"
    );
    assert_eq!(level::id_from_name("My Level (2)"), "my-level-2");
    assert_eq!(level::id_from_name("??"), "my-level");
    assert_eq!(level::id_from_name("class_warm-up"), "class_warm-up");
}

#[test]
fn the_new_command_writes_a_level_once_and_never_over_a_file() {
    let dir = std::env::temp_dir().join(format!("qpq-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("Class Warm-up.ron");
    let out = bin().arg("new").arg(&file).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("level `class-warm-up`"), "{said}");
    let check = bin().arg("check").arg(&file).output().expect("runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let first = std::fs::read_to_string(&file).expect("written");
    // Again: refused, the teacher's file untouched.
    let again = bin()
        .args(["new", "--from", "tutorial"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), first);
    // Asked to: replaced by a copy of the tutorial under the file's id.
    let forced = bin()
        .args(["new", "--force", "--from", "tutorial"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(forced.status.success());
    let copy = std::fs::read_to_string(&file).expect("written");
    assert!(copy.contains("id: \"class-warm-up\""), "{copy}");
    // Not a level file name, or nothing to start from: a message, nothing written.
    let txt = bin()
        .arg("new")
        .arg(dir.join("notes.txt"))
        .output()
        .expect("runs");
    assert_eq!(txt.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&txt.stderr).contains(".ron"));
    let bad = bin()
        .args(["new", "--from", "nowhere"])
        .arg(dir.join("x.ron"))
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(!dir.join("x.ron").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the dashboard shows is what commands accept: a hidden variable by the dashboard's name
/// or by its id; a mistyped one lists them; a new offer says it replaces the one on the table;
/// a count of one is singular.
#[test]
fn commands_take_the_names_the_dashboard_shows() {
    let (out, _) = run(
        "april-2000",
        7,
        "surveillance famine\nsurveillance missile_exports\nsurveillance Regime_Security\nsurveillance famin\nend\n",
    );
    assert!(
        out.contains("Planned: Satellite surveillance: Famine."),
        "{out}"
    );
    assert!(
        out.contains("Planned: Satellite surveillance: Missile exports."),
        "{out}"
    );
    assert!(
        out.contains("Planned: Satellite surveillance: Regime security."),
        "{out}"
    );
    assert!(
        out.contains("There is no variable `famin`. Did you mean `famine`?"),
        "{out}"
    );
    assert!(out.contains("missile_exports (or proliferation)"), "{out}");
    // An offer, stalled; a new one replaces it and says so.
    let (out, _) = run(
        "april-2000",
        7,
        "offer give=food_aid_monitored ask=curtail_wmd\nend\noffer give=heavy_fuel_oil ask=attend_talks\nend\n",
    );
    assert!(out.contains("Your offer is still on the table"), "{out}");
    assert!(
        out.contains("The new U.S. offer replaces the one still on the table"),
        "{out}"
    );
    assert!(!out.contains(" 1 verified steps"), "{out}");
}

/// Plays from the other chair with `input`, against Washington playing quid pro quo.
fn run_opponent(
    level: &str,
    seed: u64,
    input: &str,
    record: Option<std::path::PathBuf>,
) -> (String, TextEnd) {
    let loaded = resolve_level(level).expect("level");
    let mut out = Vec::new();
    let opts = quid_pro_quo::cli::play::Options {
        seed,
        difficulty: Difficulty::Normal,
        echo: true,
        record,
        player: "Kim".into(),
        level_file: format!("levels/{level}.ron"),
        hotseat: false,
    };
    let end = quid_pro_quo::cli::play_opponent::play_opponent(
        &loaded,
        &opts,
        "quid-pro-quo",
        &mut Cursor::new(input.as_bytes().to_vec()),
        &mut out,
    )
    .expect("io");
    (String::from_utf8(out).expect("utf8"), end)
}

#[test]
fn a_student_plays_april_2000_from_pyongyangs_chair_to_the_end() {
    let dir = std::env::temp_dir().join(format!("qpq-opp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let rec = dir.join("kim.ron");
    // Accept what is on the table, keep the word given, open up a little.
    let round = "accept\nmonitors yes\nmove limited_opening\nend\n";
    let input = format!("help\nmoves\nplan\nmove missile_tst\n{}", round.repeat(30));
    let (out, end) = run_opponent("april-2000", 5, &input, Some(rec.clone()));
    assert!(matches!(end, TextEnd::Finished { .. }), "{end:?}\n{out}");
    assert!(out.contains("in Pyongyang's chair"));
    assert!(out.contains("Where you stand"));
    assert!(out.contains("There is no move `missile_tst`. Did you mean `missile_test`?"));
    assert!(out.contains("Answer to the offer: accept."));
    assert!(
        result_line(&out).starts_with("result: outcome="),
        "{}",
        result_line(&out)
    );
    assert!(result_line(&out).contains("side=opponent score="));
    assert!(out.contains("— Pyongyang's chair"));
    assert!(out.contains("What Washington saw of you"));
    assert!(out.contains("What you make of Washington"));
    assert!(out.contains("Your score so far: "));
    // Before the debrief, nothing only Washington knows: no estimates with bands, none of its
    // intelligence news, no detected violation it has not answered.
    let before = out.split("Debrief: ").next().unwrap_or("");
    assert_only_its_own_estimates(before);
    for secret in [
        "Intelligence: a missile sale",
        "Surveillance:",
        "Violation detected",
    ] {
        assert!(
            !before.contains(secret),
            "`{secret}` reached the other chair"
        );
    }
    // The record says who sat where and replays to the same game.
    let record = quid_pro_quo::analysis::record::GameRecord::load(&rec).expect("record");
    assert_eq!(
        record.other_chair,
        quid_pro_quo::analysis::record::OtherChair::Person
    );
    let loaded = resolve_level("april-2000").expect("level");
    let again = record.replay(&loaded);
    assert!(result_line(&out).ends_with(&format!("hash={}", again.hash())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_other_chair_is_chosen_by_the_levels_name_for_it() {
    let out = bin()
        .args(["play", "sandbox", "--text", "--side", "pyongyang"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("in Pyongyang's chair"), "{text}");
    let bad = bin()
        .args(["play", "tutorial", "--text", "--side", "seoul"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`us` and `pyongyang`"));
}

/// Two students at one keyboard: the U.S. plans, a handover hides the screen, Pyongyang answers,
/// another handover, and the U.S. reads its report. Neither side's secrets are on screen while
/// the other has the seat: Pyongyang's part of the output shows no estimate with a band and none
/// of Washington's intelligence; Washington's part shows nothing of Pyongyang's true hidden
/// values (checked on the famine value Pyongyang reads exactly).
#[test]
fn two_players_take_turns_at_one_keyboard_with_a_handover_between_them() {
    let loaded = resolve_level("april-2000").expect("level");
    let opts = quid_pro_quo::cli::play::Options {
        seed: 2,
        difficulty: Difficulty::Normal,
        echo: true,
        record: None,
        player: "class".into(),
        level_file: "levels/april-2000.ron".into(),
        hotseat: true,
    };
    // Each round: the U.S. offers and ends; Enter; Pyongyang stalls and ends; Enter.
    let round = "offer give=food_aid_monitored ask=attend_talks\nend\n\nstall\nend\n\n";
    let mut out = Vec::new();
    let end = quid_pro_quo::cli::play::play_with(
        &loaded,
        &opts,
        &mut Cursor::new(round.repeat(30).into_bytes()),
        &mut out,
    )
    .expect("io");
    let out = String::from_utf8(out).expect("utf8");
    assert!(matches!(end, TextEnd::Finished { .. }), "{end:?}");
    let handovers = out.matches("──── Pass the keyboard to").count();
    assert!(handovers >= 40, "{handovers} handovers");
    // Split the transcript at the handovers: odd parts are Pyongyang's seat.
    let parts: Vec<&str> = out.split("──── Pass the keyboard to").collect();
    for (i, part) in parts.iter().enumerate().skip(1) {
        let part = part.split("Debrief: ").next().unwrap_or(part);
        if part.starts_with(" Pyongyang.") {
            assert_only_its_own_estimates(part);
            for secret in [
                "Intelligence: a missile sale",
                "Surveillance:",
                "Violation detected",
            ] {
                assert!(
                    !part.contains(secret),
                    "`{secret}` on Pyongyang's screen, part {i}"
                );
            }
            assert!(part.contains("Where you stand"), "part {i}: {part}");
            // Its own type it knows.
            assert!(part.contains("Your regime: "), "part {i}: {part}");
        } else {
            assert!(part.starts_with(" Washington."), "part {i}: {part}");
            assert!(
                !part.contains("Where you stand"),
                "Pyongyang's view on Washington's screen"
            );
            assert!(
                !part.contains("Your sites"),
                "Pyongyang's sites on Washington's screen"
            );
            assert!(
                !part.contains("Your score"),
                "Pyongyang's score (its type's weights) on Washington's screen"
            );
            assert!(
                !part.contains("Your regime"),
                "Pyongyang's type on Washington's screen"
            );
        }
    }
}

#[test]
fn simulate_cross_prints_both_sides_scores_and_says_what_it_does_not_know() {
    let out = bin()
        .args([
            "simulate",
            "tutorial",
            "--cross",
            "--strategy",
            "quid-pro-quo",
            "--against",
            "cooperator,hard-liner",
            "--games",
            "3",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cells: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let cells = cells.as_array().expect("an array");
    assert_eq!(cells.len(), 2);
    assert!(
        cells
            .iter()
            .all(|c| c["games"] == 3 && c["them_mean"].is_number())
    );
    let bad = bin()
        .args(["simulate", "tutorial", "--cross", "--against", "saint"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no policy `saint`"));
}

/// The only estimates with bands on the other chair's screen are its own reading of Washington
/// (Congress, the U.S. budget, how much of its secret work was seen), never the U.S.'s
/// estimates of its values.
fn assert_only_its_own_estimates(screen: &str) {
    for line in screen.lines().filter(|l| l.contains(" ± ")) {
        let line = line.trim_start();
        assert!(
            [
                "Congress: its patience",
                "Washington's budget",
                "Share of your secret work"
            ]
            .iter()
            .any(|own| line.starts_with(own)),
            "a U.S. estimate on the other chair's screen: {line}"
        );
    }
}

/// `play april-2000 --text --side pyongyang` with these further arguments and no input: its
/// output, and its output with the lines joined (wrapped text read as one).
fn other_chair_with(args: &[&str]) -> (String, String) {
    let out = bin()
        .args(["play", "april-2000", "--text", "--side", "pyongyang"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (out, flat)
}

/// The level decides which chairs can be played; by default Washington is the AI at the game's
/// difficulty, and the other chair's introduction says which.
#[test]
fn the_other_chair_is_offered_where_the_level_allows_it_against_the_ai_washington() {
    let refused = bin()
        .args(["play", "tutorial", "--text", "--side", "pyongyang"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("cannot be played from Pyongyang's chair"),
        "{said}"
    );
    let (out, flat) = other_chair_with(&["--difficulty", "hard"]);
    assert!(out.contains("Washington (the AI at hard"), "{out}");
    // On hard its reasons wait for the debrief; at normal it says what it weighed.
    assert!(
        flat.contains("Washington's reasons are revealed in the debrief"),
        "{out}"
    );
    let (out, flat) = other_chair_with(&["--washington", "ai-hard"]);
    assert!(out.contains("Why Washington did that"), "{out}");
    assert!(flat.contains("scoring each for the U.S. ("), "{out}");
    let (out, _) = other_chair_with(&["--washington", "quid-pro-qou"]);
    assert!(
        out.contains("There is no U.S. strategy `quid-pro-qou`"),
        "{out}"
    );
    assert!(out.contains("ai-hard"), "{out}");
}

/// A record of a game from the other chair says so: `report` writes that chair's debrief, and
/// `class-report` shows students of either chair side by side with both sides' scores.
#[test]
fn reports_and_the_class_report_follow_the_chair_each_student_sat_in() {
    let dir = std::env::temp_dir().join(format!("qpq-chairs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let theirs = dir.join("kim.ron");
    let round = "accept\nmonitors yes\nend\n";
    let (_, end) = run_opponent("april-2000", 4, &round.repeat(30), Some(theirs.clone()));
    assert!(matches!(end, TextEnd::Finished { .. }));
    let record = std::fs::read_to_string(&theirs).expect("record");
    assert!(
        record.contains("washington: Some(\"quid-pro-quo\")"),
        "{record}"
    );
    let ours = dir.join("ada.ron");
    let out = bin()
        .args([
            "play",
            "april-2000",
            "--text",
            "--seed",
            "4",
            "--name",
            "Ada",
            "--record",
        ])
        .arg(&ours)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .expect("stdin")
                .write_all("end\n".repeat(30).as_bytes())?;
            c.wait_with_output()
        })
        .expect("runs");
    assert!(out.status.success());
    let md = bin().args(["report"]).arg(&theirs).output().expect("runs");
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("Pyongyang's chair"), "{md}");
    assert!(md.contains("What Washington saw of you"));
    let class = bin()
        .arg("class-report")
        .arg(&ours)
        .arg(&theirs)
        .output()
        .expect("runs");
    let class = String::from_utf8_lossy(&class.stdout);
    assert!(class.contains("| chair |"), "{class}");
    assert!(class.contains("| Pyongyang |"), "{class}");
    assert!(class.contains("| U.S. |"), "{class}");
    assert!(class.contains("Washington: quid-pro-quo"), "{class}");
    let _ = std::fs::remove_dir_all(&dir);
}
