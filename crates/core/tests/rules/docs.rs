//! Every RON example in levels/README.md parses and validates, and the worked example level in
//! levels/examples/ is valid and plays.

use qpq_core::level::{self, SHIPPED};

/// (info string, body) of every fenced ```ron block.
fn ron_blocks() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(crate::common::repo("levels/README.md")).expect("levels/README.md");
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```ron") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push((info.trim().to_string(), body));
        }
    }
    out
}

fn april() -> String {
    SHIPPED
        .iter()
        .find(|(id, _)| *id == "april-2000")
        .map(|(_, t)| t.to_string())
        .expect("shipped")
}

/// Splices text in just before the level's closing parenthesis.
fn splice(level: &str, part: &str) -> String {
    let end = level.rfind(')').expect("closing parenthesis");
    format!("{}{}\n{}", &level[..end], part, &level[end..])
}

#[test]
fn every_ron_example_in_the_format_reference_validates() {
    let blocks = ron_blocks();
    let base = blocks
        .iter()
        .find(|(info, _)| info == "level")
        .map(|(_, b)| b.clone())
        .expect("a whole-level example");
    let mut checked = 0;
    for (info, body) in &blocks {
        let event = |fields: String| {
            april().replacen(
                "    events: [\n",
                &format!(
                    "    events: [\n        (id: \"doc-example\", {fields}, headline: \"x\"),\n"
                ),
                1,
            )
        };
        let text = match info.as_str() {
            "level" => body.clone(),
            "level-part" => splice(&base, body),
            "condition" => event(format!("when: {}, effects: []", body.trim())),
            "effects" => event(format!("effects: {}", body.trim())),
            // A list of events, added to the annotated level's own.
            "events" => {
                let list = body.trim();
                let inner = list
                    .strip_prefix('[')
                    .and_then(|l| l.strip_suffix(']'))
                    .expect("an `events` example is a list in brackets")
                    .trim()
                    .trim_end_matches(',');
                base.replacen("    events: [\n", &format!("    events: [\n{inner},\n"), 1)
            }
            other => panic!("unknown example kind `{other}` in levels/README.md"),
        };
        match level::load_bytes("README example", text.as_bytes()) {
            Ok(_) => checked += 1,
            Err(d) => panic!(
                "a `{info}` example in levels/README.md does not validate:\n{}",
                d.render()
            ),
        }
    }
    assert!(checked >= 6, "only {checked} examples found");
}

#[test]
fn the_worked_example_level_is_valid_plays_and_names_its_own_world() {
    let loaded = level::load_file(&crate::common::repo("levels/examples/varnia.ron"))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(
        loaded.warnings.items.is_empty(),
        "{}",
        loaded.warnings.render()
    );
    let rules = loaded.rules.clone();
    assert_eq!(rules.names.opponent, "Kessel");
    assert_eq!(
        rules.label(qpq_core::sim::vars::Var::Economy),
        "Varnian economy"
    );
    let mut s = qpq_core::ai::strategies::by_id("quid-pro-quo").expect("strategy");
    let g = qpq_core::ai::strategies::play(rules, 3, qpq_core::sim::Difficulty::Normal, s.as_mut());
    assert!(g.over().is_some());
    let text: Vec<String> = g
        .reports()
        .iter()
        .flat_map(|r| r.news.iter().map(|n| n.headline.clone()))
        .collect();
    assert!(!text.iter().any(|h| h.contains("Pyongyang")), "{text:?}");
}

/// Every shipped level carries a teacher's packet that fits its class period, and `check` says
/// what is wrong with one that does not.
#[test]
fn every_shipped_level_has_a_teachers_packet_and_a_bad_one_is_caught() {
    for (id, text) in SHIPPED {
        let loaded = level::load_bytes(id, text.as_bytes()).expect("a shipped level loads");
        let packet = qpq_core::analysis::packet::markdown(&loaded.rules)
            .unwrap_or_else(|| panic!("{id} has no teacher's packet"));
        for part in [
            "## Lesson plan",
            "## Discussion questions",
            "## Grading rubric",
        ] {
            assert!(packet.contains(part), "{id}: {part}");
        }
        let html = qpq_core::analysis::packet::html(&loaded.rules).expect("html");
        assert!(
            roxmltree::Document::parse(&html.replace("<!DOCTYPE html>", "")).is_ok(),
            "{id}: well-formed"
        );
    }
    // April 2000 without its own packet (the last section of its file), then a bad one.
    let text = april();
    let without = format!(
        "{})\n",
        &text[..text.find("    teacher: (").expect("a packet")]
    );
    let long = splice(
        &without,
        "teacher: (minutes: 50, plan: [(minutes: 40, step: \"Play\"), (minutes: 20, step: \"Talk\")], rubric: [(criterion: \"x\", strong: \"\", adequate: \"a\", weak: \"w\")]),",
    );
    let Err(d) = level::load_bytes("packet", long.as_bytes()) else {
        panic!("a plan longer than its period is refused");
    };
    let said = d.render();
    assert!(
        said.contains("the lesson plan takes 60 minutes, more than its class period of 50"),
        "{said}"
    );
    assert!(said.contains("a rubric row needs"), "{said}");
}
