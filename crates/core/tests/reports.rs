//! Reports that cannot break: a level whose every text is hostile markup, played to the end by a
//! player with a hostile name, gives debrief, class and sensitivity pages that are well-formed
//! XHTML, contain the hostile text as text, and contain no element the text tried to open.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use qpq_core::ai::strategies;
use qpq_core::analysis::Debrief;
use qpq_core::analysis::class::{ClassView, Row};
use qpq_core::analysis::{report, sensitivity};
use qpq_core::level::{self, Variant};
use qpq_core::sim::Difficulty;
use qpq_core::sim::rules::Rules;
use std::sync::Arc;

/// Markup that would open an element, close the document early, or break an attribute.
const HOSTILE: &str = r#"AT&T <x> </body> ]]> "q" 'a' &amp; <![CDATA[ <!-- "#;
/// The same as a RON string's contents.
const HOSTILE_RON: &str = r#"AT&T <x> </body> ]]> \"q\" 'a' &amp; <![CDATA[ <!-- "#;

/// The April 2000 level with the hostile text put in front of every text a player reads: titles,
/// names, descriptions, claims, units, news, notes, history, the opponent's name and the
/// variables' labels.
fn hostile_level() -> Arc<Rules> {
    let text = level::shipped_text("april-2000").expect("the April 2000 level is shipped");
    let mut t = text.to_string();
    for key in [
        "title",
        "summary",
        "author",
        "name",
        "description",
        "claim",
        "unit",
        "headline",
        "body",
        "note",
        "text",
        "context",
        "about",
    ] {
        t = t.replace(&format!(" {key}: \""), &format!(" {key}: \"{HOSTILE_RON}"));
        t = t.replace(&format!("({key}: \""), &format!("({key}: \"{HOSTILE_RON}"));
    }
    t = t.replacen(
        "    author:",
        &format!(
            "    opponent: (name: \"{HOSTILE_RON}\", country: \"{HOSTILE_RON}\"),\n    labels: [(economy, \"{HOSTILE_RON}\"), (nuclear, \"{HOSTILE_RON}\")],\n    author:"
        ),
        1,
    );
    match level::load_bytes("hostile.ron", t.as_bytes()) {
        Ok(l) => l.rules,
        Err(d) => panic!("the hostile level does not load:\n{}", d.render()),
    }
}

/// Parses a page as XML and returns its text; fails on broken markup or a hostile element.
fn check_page(what: &str, html: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("the {what} page is not well-formed: {e}"));
    for n in doc.descendants() {
        assert_ne!(
            n.tag_name().name(),
            "x",
            "the {what} page has an element the level's text opened"
        );
    }
    assert!(
        !html.contains("<x>") && !html.contains("<!--"),
        "hostile markup reached the {what} page unescaped"
    );
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    text
}

fn hostile_debrief(rules: &Arc<Rules>, seed: u64) -> Debrief {
    let mut s = strategies::by_id("quid-pro-quo").expect("a built-in strategy");
    let game = strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut());
    assert!(game.over().is_some(), "the game is played to its end");
    Debrief::of(&game, HOSTILE)
}

#[test]
fn a_debrief_with_hostile_names_everywhere_is_well_formed() {
    let rules = hostile_level();
    let d = hostile_debrief(&rules, 3);
    let text = check_page("debrief", &report::html(&d));
    // The hostile text arrives as text: in the title, the player, the opponent's heading, the
    // labels of the charts and the timeline, the ledger and the history.
    let seen = text.matches(HOSTILE.trim_end()).count();
    assert!(
        seen >= 8,
        "the hostile text appears {seen} times as text; expected it in every level-supplied field"
    );
    assert!(text.contains(&format!("Debrief: {}", HOSTILE.trim_end())));
    assert!(
        text.lines()
            .any(|l| l.starts_with(HOSTILE.trim_end()) && l.ends_with(" was a ")),
        "the opponent's name opens its paragraph, as text"
    );
}

#[test]
fn a_class_page_with_hostile_players_is_well_formed() {
    let rules = hostile_level();
    let rows = (1..=3)
        .map(|seed| {
            let mut s = strategies::by_id("quid-pro-quo").expect("a built-in strategy");
            let game = strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut());
            // Students in both chairs: the other side's name is the hostile one.
            let opponent = seed % 2 == 0;
            Row {
                file: format!("{HOSTILE}{seed}.qpq.ron"),
                player: format!("{HOSTILE}{seed}"),
                debrief: hostile_debrief(&rules, seed),
                // A link made from a hostile name is escaped too.
                debrief_link: Some(format!("class-debriefs/{HOSTILE}{seed}.html")),
                chair: if opponent {
                    rules.names.opponent.clone()
                } else {
                    "U.S.".into()
                },
                washington: opponent.then(|| format!("{HOSTILE}-strategy")),
                their_score: (50, 'C'),
                side: if opponent { "opponent" } else { "us" }.into(),
                game,
            }
        })
        .collect();
    let view = ClassView {
        level_id: rules.id.clone(),
        level_hash: rules.content_hash.clone(),
        level_title: rules.title.clone(),
        opponent: rules.names.opponent.clone(),
        rows,
        skipped: vec![(format!("{HOSTILE}.ron"), HOSTILE.to_string())],
    };
    let text = check_page("class", &view.html());
    assert!(text.contains(&format!("{}1", HOSTILE)), "{text}");
    assert!(
        text.contains(&format!("Washington: {HOSTILE}-strategy")),
        "{text}"
    );
    // Each student's own debrief, for the chair they sat in, is well-formed too.
    for r in &view.rows {
        let page = check_page("student", &r.html());
        if r.side == "opponent" {
            assert!(page.contains("What Washington saw of you"), "{page}");
        }
    }
    assert!(text.contains(&format!("Class report: {}", HOSTILE.trim_end())));
}

#[test]
fn a_sensitivity_page_of_a_hostile_level_is_well_formed() {
    let rules = hostile_level();
    let settings = sensitivity::Settings {
        games: 2,
        bisect_steps: 1,
        ..sensitivity::Settings::default()
    };
    let r = rules.clone();
    let s = sensitivity::run(&|_| Ok(r.clone()), &Variant::default(), &settings, &|| {})
        .expect("the analysis runs");
    let text = check_page("sensitivity", &s.html(5));
    assert!(text.contains(&format!(
        "What the conclusion rests on: {}",
        HOSTILE.trim_end()
    )));
    // The claims of the ledger are level text too.
    assert!(text.matches(HOSTILE.trim_end()).count() >= 2, "{text}");
}
