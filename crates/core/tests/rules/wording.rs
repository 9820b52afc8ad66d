//! One wording layer: each debrief of a set of games is rendered as terminal text, Markdown and
//! HTML, and each output must hold exactly the document's text — every unit, in order, and no
//! word that is not in the document. (The window's rendering is held to the same in the game's
//! `tests/it/debrief.rs`.)

use crate::common::repo;
use qpq_core::ai::strategies::{self, play_rounds};
use qpq_core::analysis::document::{self, Document, Output};
use qpq_core::analysis::{Debrief, report, wording};
use qpq_core::level;
use qpq_core::sim::Difficulty;
use std::sync::Arc;

/// Debriefs of finished and unfinished games, on real and fictional levels, by several strategies.
fn debriefs() -> Vec<Debrief> {
    let mut out = Vec::new();
    for (file, strategy, seed, rounds) in [
        ("levels/april-2000.ron", "quid-pro-quo", 3, 99),
        ("levels/april-2000.ron", "appease", 5, 99),
        ("levels/april-2000.ron", "hard-line", 7, 99),
        ("levels/tutorial.ron", "quid-pro-quo", 2, 99),
        ("levels/examples/varnia.ron", "grudger", 4, 99),
        ("levels/crisis-1993.ron", "quid-pro-quo", 1, 5),
    ] {
        let loaded = level::load_file(&repo(file)).unwrap();
        let mut s = strategies::by_id(strategy).unwrap_or_else(|| panic!("no strategy {strategy}"));
        let g = play_rounds(
            Arc::clone(&loaded.rules),
            seed,
            Difficulty::Normal,
            s.as_mut(),
            rounds,
        );
        out.push(Debrief::of(&g, "Ada <&> Lovelace"));
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// An HTML page's text: its head, charts and tags removed, entities read.
fn html_text(page: &str) -> String {
    let mut s = page.to_string();
    for (open, close) in [("<head>", "</head>"), ("<svg", "</svg>")] {
        while let Some(a) = s.find(open) {
            let b = s[a..].find(close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    // Block tags end a piece of text; inline ones (emphasis, code) do not.
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in s.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name = t.trim_start_matches('/');
                if !name.starts_with("strong") && !name.starts_with("code") {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => out.push(c),
        }
    }
    unescape(&out)
}

/// Markdown's text: the renderer's emphasis and escapes removed.
fn markdown_text(md: &str) -> String {
    md.replace("**", "").replace('`', "").replace("\\|", "|")
}

fn boundary(s: &str, at: usize, before: bool) -> bool {
    let c = if before {
        s[..at].chars().next_back()
    } else {
        s[at..].chars().next()
    };
    !c.is_some_and(char::is_alphanumeric)
}

/// Finds every unit in order in `text` (as whole words); what is left has no letters.
fn holds_exactly(what: &str, text: &str, units: &[String]) {
    let text = collapse(text);
    let mut left = text.clone();
    let mut at = 0;
    for u in units.iter().map(|u| collapse(u)) {
        let found = text[at..]
            .match_indices(u.as_str())
            .map(|(i, _)| at + i)
            .find(|&i| {
                let first = u.chars().next().is_some_and(char::is_alphanumeric);
                let last = u.chars().next_back().is_some_and(char::is_alphanumeric);
                (!first || boundary(&text, i, true))
                    && (!last || boundary(&text, i + u.len(), false))
            });
        let Some(i) = found else {
            panic!(
                "{what}: `{u}` is not where it should be, after: …{}",
                &text[at.saturating_sub(80)..at.min(text.len())]
            );
        };
        left.replace_range(i..i + u.len(), &" ".repeat(u.len()));
        at = i + u.len();
    }
    let extra: String = collapse(&left);
    assert!(
        !extra.chars().any(char::is_alphabetic),
        "{what} has words the document does not: {extra}"
    );
}

#[test]
fn every_debrief_says_the_same_in_the_terminal_in_markdown_and_in_html() {
    let mut units = 0;
    for d in debriefs() {
        let doc: Document = wording::debrief(&d);
        let name = format!("{} seed {}", d.level_id, d.seed);
        let terminal = document::terminal(&doc, 96);
        holds_exactly(
            &format!("{name}, terminal"),
            &terminal,
            &doc.units(Output::TERMINAL),
        );
        let md = report::markdown(&d);
        holds_exactly(
            &format!("{name}, Markdown"),
            &markdown_text(&md),
            &doc.units(Output::MARKDOWN),
        );
        let html = report::html(&d);
        holds_exactly(
            &format!("{name}, HTML"),
            &html_text(&html),
            &doc.units(Output::HTML),
        );
        units += doc.units(Output::HTML).len();
        // The files hold everything; the terminal is brief but leaves out no section it shows.
        assert!(doc.units(Output::MARKDOWN).len() > doc.units(Output::TERMINAL).len());
        assert!(md.contains("## Reciprocity") && html.contains("<h2>Reciprocity</h2>"));
        assert!(terminal.contains("Reciprocity\n───"));
    }
    assert!(units > 3000, "{units} units compared");
}

#[test]
fn the_checker_finds_a_word_a_renderer_added_or_lost() {
    let d = &debriefs()[0];
    let doc = wording::debrief(d);
    let md = markdown_text(&report::markdown(d));
    let units = doc.units(Output::MARKDOWN);
    let added = md.replace("## Reciprocity", "## Reciprocity at a glance");
    assert!(std::panic::catch_unwind(|| holds_exactly("added", &added, &units)).is_err());
    let lost = md.replace("## Reciprocity", "##");
    assert!(std::panic::catch_unwind(|| holds_exactly("lost", &lost, &units)).is_err());
    holds_exactly("as rendered", &md, &units);
}

#[test]
fn every_round_report_and_its_reasons_say_the_same_in_the_terminal() {
    use qpq_core::sim::seat::UsSeat;
    let mut reports = 0;
    for (file, strategy, seed) in [
        ("levels/april-2000.ron", "quid-pro-quo", 3),
        ("levels/tutorial.ron", "engagement", 2),
        ("levels/examples/varnia.ron", "hard-line", 4),
    ] {
        let loaded = level::load_file(&repo(file)).unwrap();
        for (rounds, difficulty) in [
            (1, Difficulty::Normal),
            (6, Difficulty::Easy),
            (9, Difficulty::Hard),
        ] {
            let mut s = strategies::by_id(strategy).unwrap();
            let g = play_rounds(
                Arc::clone(&loaded.rules),
                seed,
                difficulty,
                s.as_mut(),
                rounds,
            );
            let seat = UsSeat::of(&g);
            let words = wording::round_report(seat).expect("a round was played");
            let doc = words.document();
            let name = format!("{file} after round {rounds}");
            holds_exactly(
                &name,
                &document::terminal(&doc, 96),
                &doc.units(Output::TERMINAL),
            );
            for scores in [false, true] {
                let why = Document {
                    blocks: wording::why(seat, scores),
                };
                holds_exactly(
                    &format!("{name}, why"),
                    &document::terminal(&why, 96),
                    &why.units(Output::TERMINAL),
                );
                let text = why.units(Output::TERMINAL).join("\n");
                assert_eq!(
                    text.contains("stay hidden until the debrief"),
                    difficulty == Difficulty::Hard && g.over().is_none(),
                    "{name}: {text}"
                );
            }
            reports += 1;
        }
    }
    assert_eq!(reports, 9);
}
