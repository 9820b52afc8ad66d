//! Shipped levels validate and hold their historical content; broken levels get the expected
//! error at the expected place; no input makes the loader panic.

use qpq_core::level::types::Truth;
use qpq_core::level::{self, SHIPPED};
use qpq_core::sim::rules::TruthRule;
use qpq_core::sim::vocab::Finding;

#[test]
fn every_shipped_level_validates_without_warnings() {
    for (id, text) in SHIPPED {
        let loaded = level::load_bytes(&format!("levels/{id}.ron"), text.as_bytes())
            .unwrap_or_else(|d| panic!("{id} does not load:\n{}", d.render()));
        assert_eq!(loaded.rules.id, *id);
        assert!(
            loaded.warnings.items.is_empty(),
            "{id} has warnings:\n{}",
            loaded.warnings.render()
        );
        // The copy on disk is the one built into the program.
        let on_disk = std::fs::read_to_string(crate::common::repo(&format!("levels/{id}.ron")))
            .expect("level file");
        assert_eq!(&on_disk, text);
    }
}

fn shipped(id: &str) -> std::sync::Arc<qpq_core::sim::rules::Rules> {
    let text = level::shipped_text(id).expect("shipped");
    level::load_bytes(id, text.as_bytes()).expect("loads").rules
}

#[test]
fn april_2000_is_the_memos_moment() {
    let r = shipped("april-2000");
    assert_eq!(r.start.to_string(), "2000-04");
    assert!(r.rounds >= 24 && r.months_per_round == 1);
    for id in [
        "summit",
        "unreciprocated-hearing",
        "floods-2000",
        "lean-season-2001",
        "defector",
        "refugee-diversion",
        "launch-preparations",
        "leak-taechon",
    ] {
        assert!(r.events.iter().any(|e| e.id == id), "missing event {id}");
    }
    let site = |id: &str| r.sites.iter().find(|s| s.id == id).expect(id);
    let kumchang = site("kumchang-ri");
    assert_eq!(kumchang.truth, TruthRule::Fixed(Truth::Empty));
    assert_eq!(
        kumchang.finding,
        Some(Finding::Empty),
        "visited May 1999, found empty"
    );
    let uranium = site("uranium");
    assert_eq!(
        uranium.truth,
        TruthRule::Fixed(Truth::Active),
        "the uranium effort was real"
    );
    assert!(!uranium.suspected, "unconfirmed at the time");
    assert!(r.types.len() >= 2);
    assert!(!r.debrief.history.is_empty());
    for e in &r.events {
        assert!(!e.source.is_empty(), "event {} has no source", e.id);
    }
}

#[test]
fn tutorial_is_short_and_teaches_each_round() {
    let r = shipped("tutorial");
    assert!((6..=8).contains(&r.rounds));
    for round in 1..=r.rounds {
        assert!(
            r.briefing.tips.iter().any(|t| t.round == round),
            "no tip for round {round}"
        );
    }
}

/// Loads `text` and returns (line, column, message, help) of the first error.
fn first_error(text: &[u8]) -> (usize, usize, String, Option<String>) {
    let d = level::load_bytes("broken.ron", text).expect_err("should fail");
    let e = d.errors().next().expect("an error").clone();
    (e.line, e.column, e.message, e.help)
}

fn april() -> String {
    let t = level::shipped_text("april-2000").expect("shipped");
    t.to_string()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .expect(needle)
}

#[test]
fn syntax_error_points_at_its_line() {
    let text = april().replacen("rounds: 24,", "rounds: 24", 1);
    let (line, _, msg, _) = first_error(text.as_bytes());
    assert_eq!(line, line_of(&text, "action_points: 3,"), "{msg}");
    assert!(msg.contains("comma"), "{msg}");
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = april().replacen("rounds: 24,", "rounds: \"many\",", 1);
    let (line, col, msg, _) = first_error(text.as_bytes());
    assert_eq!(line, line_of(&text, "rounds: \"many\""));
    assert!(col > 1);
    assert!(msg.contains("integer") || msg.contains("number"), "{msg}");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let text = april().replacen("action_points: 3,", "action_pionts: 3,", 1);
    let (line, _, msg, help) = first_error(text.as_bytes());
    assert_eq!(line, line_of(&text, "action_pionts"));
    assert!(msg.contains("unknown field `action_pionts`"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `action_points`?"));
}

#[test]
fn unknown_site_is_found_where_it_is_used() {
    let text = april().replacen(
        "effects: [Leak(\"taechon\")]",
        "effects: [Leak(\"taechn\")]",
        1,
    );
    let (line, col, msg, help) = first_error(text.as_bytes());
    let expected = line_of(&text, "Leak(\"taechn\")");
    assert_eq!(line, expected, "{msg}");
    let col_expected = text
        .lines()
        .nth(expected - 1)
        .and_then(|l| l.find("\"taechn\""))
        .map(|c| c + 1);
    assert_eq!(Some(col), col_expected);
    assert!(msg.contains("unknown site `taechn`"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `taechon`?"));
}

#[test]
fn unknown_variable_name_suggests_one() {
    let text = april().replacen("Add(tension, -10)", "Add(tensoin, -10)", 1);
    let (line, _, msg, help) = first_error(text.as_bytes());
    assert_eq!(line, line_of(&text, "tensoin"));
    assert!(msg.contains("tensoin"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `tension`?"));
}

#[test]
fn out_of_range_value_is_reported_with_its_range() {
    let text = april().replacen("        humanitarian: 60,", "        humanitarian: 160,", 1);
    let (line, _, msg, _) = first_error(text.as_bytes());
    assert_eq!(line, line_of(&text, "humanitarian: 160"));
    assert!(
        msg.contains("160") && msg.contains("between 0 and 100"),
        "{msg}"
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let text = april().replacen("id: \"floods-2001\"", "id: \"floods-2000\"", 1);
    let d = level::load_bytes("dup.ron", text.as_bytes()).expect_err("fails");
    assert!(
        d.errors()
            .any(|e| e.message.contains("duplicate event id `floods-2000`"))
    );
}

#[test]
fn unknown_assumption_in_an_effect_is_reported() {
    let text = april().replacen("Add(economy, -4)", "Add(economy, \"-sanction_bite\")", 1);
    let (_, _, msg, help) = first_error(text.as_bytes());
    assert!(msg.contains("unknown assumption `sanction_bite`"), "{msg}");
    assert_eq!(help.as_deref(), Some("did you mean `sanctions_bite`?"));
}

#[test]
fn empty_file_says_so() {
    let (line, col, msg, _) = first_error(b"");
    assert_eq!((line, col), (1, 1));
    assert_eq!(msg, "the file is empty");
    let (_, _, msg, _) = first_error(b"   \n\n");
    assert_eq!(msg, "the file is empty");
}

#[test]
fn non_utf8_bytes_are_reported_with_their_place() {
    let mut bytes = b"Level(\n  id: \"x".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"\",\n)");
    let (line, col, msg, _) = first_error(&bytes);
    assert_eq!(line, 2);
    assert_eq!(col, 9, "the 9th character of `  id: \"x?`");
    assert!(msg.contains("not valid UTF-8"), "{msg}");
}

#[test]
fn every_error_is_reported_in_one_run() {
    let text = april()
        .replacen("Leak(\"taechon\")", "Leak(\"nowhere\")", 1)
        .replacen("SetFlag(\"summit_held\")", "SetFlag(\"sumit_held\")", 1)
        .replacen("rounds: 24,", "rounds: 0,", 1);
    let d = level::load_bytes("many.ron", text.as_bytes()).expect_err("fails");
    let msgs: Vec<&str> = d.errors().map(|e| e.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("nowhere")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("sumit_held")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("rounds")), "{msgs:?}");
    let rendered = d.render();
    assert!(rendered.contains("many.ron:"), "{rendered}");
}

mod fuzz {
    use proptest::prelude::*;
    use qpq_core::level;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any edit of a real level loads or fails with diagnostics, never panics.
        #[test]
        fn mutated_levels_never_panic(cut in 0usize..40_000, insert in "[ -~]{0,8}", drop in 0usize..20) {
            let (_, text) = level::SHIPPED[1];
            let mut bytes = text.as_bytes().to_vec();
            let at = cut.min(bytes.len());
            let end = (at + drop).min(bytes.len());
            bytes.splice(at..end, insert.bytes());
            let _ = level::load_bytes("fuzz.ron", &bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = level::load_bytes("fuzz.ron", &bytes);
        }
    }
}

#[test]
fn a_level_played_at_another_length_keeps_its_calendar_and_replays_from_its_record() {
    use qpq_core::ai::strategies;
    use qpq_core::analysis::record::GameRecord;
    use qpq_core::level::{self, Variant};
    use qpq_core::sim::Difficulty;
    let class = Variant {
        length: Some("class".into()),
        ..Variant::default()
    };
    let full = level::shipped("april-2000")
        .expect("shipped")
        .expect("loads");
    let short = level::shipped_with("april-2000", &class)
        .expect("shipped")
        .expect("loads");
    assert_eq!((full.rules.rounds, full.rules.months_per_round), (24, 1));
    assert_eq!((short.rules.rounds, short.rules.months_per_round), (12, 2));
    // The same calendar: the last round of each covers March 2002.
    assert_eq!(
        full.rules.month_of(24).to_string(),
        "2002-03",
        "full length ends in March 2002"
    );
    assert_eq!(short.rules.month_of(12).to_string(), "2002-02");
    // An unknown length is refused with the ones that exist.
    let bad = level::shipped_with(
        "april-2000",
        &Variant {
            length: Some("lesson".into()),
            ..Variant::default()
        },
    )
    .expect("shipped")
    .expect_err("unknown length");
    assert!(
        bad.render().contains("its lengths are: class"),
        "{}",
        bad.render()
    );
    // A record keeps the length and replays to the same game.
    let g = strategies::play(
        short.rules.clone(),
        5,
        Difficulty::Normal,
        &mut strategies::QuidProQuo::default(),
    );
    assert!(g.round() <= 12);
    let rec = GameRecord::of(&g, "levels/april-2000.ron", "");
    let text = rec.to_ron();
    assert!(text.contains("length: Some(\"class\")"), "{text}");
    let back = GameRecord::parse("r.ron", text.as_bytes()).expect("parses");
    let loaded = back.find_level(None, &[]).expect("level");
    assert_eq!(loaded.rules.rounds, 12);
    assert_eq!(back.replay(&loaded).hash(), g.hash());
    // The full-length game on the same seed is another game.
    let other = strategies::play(
        full.rules.clone(),
        5,
        Difficulty::Normal,
        &mut strategies::QuidProQuo::default(),
    );
    assert_ne!(other.hash(), g.hash());
}

/// An event's chance may be a ledger assumption, so setting the assumption (with `--set`, a
/// preset or the level) reaches the event too.
#[test]
fn an_events_chance_can_be_an_assumption_that_a_flip_reaches() {
    use qpq_core::sim::Difficulty;
    use qpq_core::sim::game::{Command, Game};
    let extra = r#"
    events: [(id: "shock", chance: "shock_chance", once: false, effects: [Add(tension, 1)], headline: "A shock")],
    assumptions: [(id: "shock_chance", value: 100, unit: "%", claim: "Shocks come every month.",
                   source: "test", confidence: low, min: 0, max: 100)],
"#;
    let text = crate::common::TEST_LEVEL.replace("ASSUMPTIONS", extra);
    let shocks = |variant: &level::Variant| {
        let loaded = level::load_bytes_with("chance.ron", text.as_bytes(), variant)
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let mut g = Game::new(loaded.rules.clone(), 1, Difficulty::Normal);
        for _ in 0..4 {
            let _ = g.command(Command::End);
        }
        let fired = g
            .reports()
            .iter()
            .flat_map(|r| &r.news)
            .filter(|n| n.headline == "A shock")
            .count();
        (loaded.rules.events[0].chance, fired)
    };
    assert_eq!(shocks(&level::Variant::default()), (100, 4));
    assert_eq!(
        shocks(&level::Variant::default().with("shock_chance", 0)),
        (0, 0)
    );
    // An unknown assumption is an error that points at the chance.
    let wrong = crate::common::TEST_LEVEL.replace(
        "ASSUMPTIONS",
        r#"events: [(id: "shock", chance: "shock_chanse", effects: [], headline: "A shock")],"#,
    );
    let d = level::load_bytes("wrong.ron", wrong.as_bytes()).expect_err("unknown assumption");
    let e = d.errors().next().expect("an error");
    assert!(
        e.message.contains("unknown assumption `shock_chanse`"),
        "{}",
        e.message
    );
    assert_eq!(
        &wrong[e.range.expect("placed").0..][..14],
        "\"shock_chanse\"",
        "the caret is on the chance"
    );
}

/// A level names its own places and draws its own land: `place: tehran` reaches the news when the
/// level defines `tehran`; an unknown place is an error with a suggestion, pointing at it; a
/// place that takes a built-in id, a shape with too few corners and coordinates off the globe
/// are errors; outlines on the Korea map are a warning (they are not drawn there).
#[test]
fn a_level_defines_its_places_outlines_and_border() {
    use qpq_core::sim::Difficulty;
    use qpq_core::sim::game::{Command, Game};
    use qpq_core::sim::vocab::Place;
    let with = |extra: &str| crate::common::TEST_LEVEL.replace("ASSUMPTIONS", extra);
    let good = with(
        r#"
    map: Plain(min_lat: 30.0, max_lat: 40.0, min_lon: 44.0, max_lon: 62.0),
    places: [(id: "tehran", name: "Tehran", lat: 35.7, lon: 51.4, capital: true, note: "The capital."),
             (id: "vienna", name: "Vienna", lat: 48.2, lon: 16.4)],
    outlines: [(name: "Iran", points: [(39.0, 44.5), (37.0, 61.0), (25.5, 61.5), (30.0, 48.0)])],
    border: [(39.0, 44.5), (37.0, 44.8)],
    events: [(id: "talks", when: Round(1, 1), effects: [], headline: "Talks open", place: tehran),
             (id: "iaea", when: Round(2, 2), effects: [], headline: "Report in Vienna", place: vienna),
             (id: "dc", when: Round(3, 3), effects: [], headline: "Hearing", place: washington)],
"#,
    );
    let loaded = level::load_bytes("iran.ron", good.as_bytes()).unwrap_or_then_panic_render();
    let rules = &loaded.rules;
    assert_eq!(rules.events[0].place, Some(Place::Level(0)));
    assert_eq!(rules.events[1].place, Some(Place::Level(1)));
    assert_eq!(rules.events[2].place, Some(Place::Washington));
    assert_eq!(rules.place_name(Place::Level(0)), "Tehran");
    assert_eq!(rules.place_coords(Place::Level(1)), Some((48.2, 16.4)));
    assert_eq!(rules.outlines.len(), 1);
    assert_eq!(rules.border.len(), 2);
    // Vienna is off this map: a warning says its news is listed under the map.
    assert!(
        loaded
            .warnings
            .warnings()
            .any(|w| w.message.contains("Vienna") && w.message.contains("off the level's map")),
        "{}",
        loaded.warnings.render()
    );
    let mut g = Game::new(loaded.rules.clone(), 1, Difficulty::Normal);
    let _ = g.command(Command::End);
    let news = &g.reports()[0].news;
    assert!(
        news.iter()
            .any(|n| n.headline == "Talks open" && n.place == Some(Place::Level(0))),
        "{news:?}"
    );
    // An unknown place: an error on the place, with the nearest id.
    let wrong = with(
        r#"places: [(id: "tehran", name: "Tehran", lat: 35.7, lon: 51.4)],
    events: [(id: "talks", effects: [], headline: "Talks", place: teheran)],"#,
    );
    let d = level::load_bytes("wrong.ron", wrong.as_bytes()).expect_err("unknown place");
    let e = d.errors().next().expect("an error");
    assert!(
        e.message.contains("unknown place `teheran`"),
        "{}",
        e.message
    );
    assert!(
        e.help.as_deref().unwrap_or_default().contains("tehran"),
        "{:?}",
        e.help
    );
    assert_eq!(&wrong[e.range.expect("placed").0..][..7], "teheran");
    // A built-in id, a two-cornered outline, a point off the globe.
    for (extra, says) in [
        (
            r#"places: [(id: "seoul", name: "Seoul again", lat: 37.5, lon: 127.0)],"#,
            "already a built-in place",
        ),
        (
            r#"outlines: [(points: [(38.0, 125.0), (39.0, 126.0)])],"#,
            "at least three corners",
        ),
        (
            r#"places: [(id: "nowhere", name: "Nowhere", lat: 95.0, lon: 10.0)],"#,
            "latitude is −90 to 90",
        ),
    ] {
        let d = level::load_bytes("bad.ron", with(extra).as_bytes()).expect_err(says);
        assert!(
            d.errors().any(|e| e.message.contains(says)),
            "{says}: {}",
            d.render()
        );
    }
    // Outlines on the Korea map are not drawn: a warning.
    let korea = with(r#"outlines: [(points: [(38.0, 125.0), (39.0, 126.0), (38.5, 127.0)])],"#);
    let loaded = level::load_bytes("korea.ron", korea.as_bytes()).unwrap_or_then_panic_render();
    assert!(
        loaded
            .warnings
            .warnings()
            .any(|w| w.message.contains("only on a `Plain(...)` map")),
        "{}",
        loaded.warnings.render()
    );
}

trait OrPanic {
    fn unwrap_or_then_panic_render(self) -> level::Loaded;
}

impl OrPanic for Result<level::Loaded, qpq_core::level::diag::Diagnostics> {
    fn unwrap_or_then_panic_render(self) -> level::Loaded {
        self.unwrap_or_else(|d| panic!("{}", d.render()))
    }
}

/// A level's own end: an event with `EndGame` ends the game with that outcome in the round its
/// condition holds, and its headline is the news of that round (as the format documents).
#[test]
fn an_event_can_end_the_game_on_the_levels_own_terms() {
    use qpq_core::level::types::OutcomeKind;
    use qpq_core::sim::Difficulty;
    use qpq_core::sim::game::{Command, Game};
    let text = crate::common::TEST_LEVEL.replace(
        "ASSUMPTIONS",
        r#"events: [(id: "deal-day", when: Round(3, 3), effects: [EndGame(verified_peace)],
                    headline: "Implementation Day: the deal takes effect")],"#,
    );
    let loaded = level::load_bytes("end.ron", text.as_bytes()).unwrap_or_then_panic_render();
    let mut g = Game::new(loaded.rules.clone(), 1, Difficulty::Normal);
    for _ in 0..5 {
        let _ = g.command(Command::End);
    }
    assert_eq!(g.over(), Some(OutcomeKind::VerifiedPeace));
    assert_eq!(g.reports().len(), 3, "it ends in round 3");
    assert!(
        g.reports()[2]
            .news
            .iter()
            .any(|n| n.headline.contains("Implementation Day"))
    );
}

/// Every event of a shipped level is a record of the source it cites, or says it is the game's
/// invention: a source, and no event that can only happen after its source was written without
/// the counterfactual label. In a teacher's own level `check` warns about such an event, and about
/// quotation marks in an event labelled invented; the label silences the first warning.
#[test]
fn events_are_records_of_their_sources_or_labelled_counterfactual() {
    for &(id, text) in SHIPPED {
        let loaded = level::load_bytes(id, text.as_bytes()).expect("loads");
        for e in &loaded.rules.events {
            assert!(
                !e.source.trim().is_empty(),
                "{id}: event `{}` cites no source and is not labelled invented",
                e.id
            );
        }
    }
    let warnings = |text: &str| -> Vec<String> {
        level::load_bytes("mine.ron", text.as_bytes())
            .unwrap_or_else(|d| panic!("{}", d.render()))
            .warnings
            .items
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    let text = april();
    // Autumn floods in 2001, cited to a 1997 defection report: not a record of the floods.
    let wrong = text.replacen(
        r#"source: "wfp-2001-floods","#,
        r#"source: "hwang-1997","#,
        1,
    );
    assert_ne!(wrong, text);
    let w = warnings(&wrong);
    assert!(
        w.iter().any(
            |m| m.contains("event `floods-2001` can only happen from 2001-10")
                && m.contains("dates from 1997")
        ),
        "{w:?}"
    );
    // Labelled, it is the game's counterfactual and says so.
    let labelled = text.replacen(
        r#"source: "wfp-2001-floods","#,
        r#"source: "Game counterfactual, modelled on hwang-1997","#,
        1,
    );
    assert!(warnings(&labelled).is_empty(), "{:?}", warnings(&labelled));
    // Invented words in quotation marks.
    let quoted = labelled.replacen(
        r#"headline: "Autumn floods in Kangwon","#,
        r#"headline: "\"The worst floods in memory\"","#,
        1,
    );
    assert_ne!(quoted, labelled);
    let w = warnings(&quoted);
    assert!(
        w.iter()
            .any(|m| m.contains("puts words in quotation marks") && m.contains("floods-2001")),
        "{w:?}"
    );
}
