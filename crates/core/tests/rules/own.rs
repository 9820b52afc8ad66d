//! A level's own world: variables, moves and steps it defines itself, read and written by its
//! effects, conditions and ends, chosen by the AI, asked for in offers, broken and verified.

use crate::common::{Fixture, level_with};
use qpq_core::level::{self, types::MoveKind};
use qpq_core::sim::orders::{Answer, DprkOrders, StepChoice, Target, UsOrders};
use qpq_core::sim::rules::{Rules, StepTarget};
use qpq_core::sim::state::Offer;
use qpq_core::sim::vars::Var;
use qpq_core::sim::vocab::Sequencing;
use qpq_core::sim::{Command, Difficulty, Game};
use std::sync::Arc;

/// A level with a visible and a hidden variable of its own, a covert and a public move that
/// break its own ongoing cap, and a one-off step verified only by surveillance.
const OWN: &str = r#"
    variables: [
        (id: "morale", name: "Army morale", start: 40, min: 10, max: 60, drift: 3,
         meaning: "how ready the army is to fight"),
        (id: "stock", name: "Stockpile", hidden: true, start: 20, drift: "stock_growth",
         worth: 10, rise_is_good: Some(false), score: 20),
    ],
    new_steps: [
        (id: "cap", name: "Cap the stockpile", description: "No new cascades.", ongoing: true,
         kept_rounds: 2, effects: [Add(tension, -2)], verification: "Kept two rounds."),
        (id: "ship_out", name: "Ship it out", description: "Send it abroad.",
         verified_by: Surveillance(stock), effects: [Add(stock, -15)],
         verification: "Surveillance tells a real shipment from a token one."),
    ],
    opponent_moves: (
        add: [
            (id: spin, name: "New cascades", public: false, effects: [Add(stock, 5)],
             breaks: [cap], description: "More centrifuges."),
            (id: parade, name: "A parade of centrifuges", public: true, provocation: true,
             face: 3, effects: [Add(tension, 4)], breaks: [cap], description: "On television."),
        ],
    ),
    events: [
        (id: "proud-army", when: AtLeast(morale, 46), effects: [Add(tension, 5)],
         headline: "The army is proud"),
        (id: "red-line", when: AtLeast(stock, 60), effects: [EndGame(breakout)],
         headline: "Enough for a weapon"),
    ],
    assumptions: [
        (id: "stock_growth", value: 1, unit: "points a round", claim: "It grows.", source: "test"),
        (id: "covert_detection", value: 100, source: "test: surveillance always sees"),
    ],
"#;

fn own_rules() -> Arc<Rules> {
    level_with(OWN).rules
}

fn var(rules: &Rules, id: &str) -> Var {
    rules
        .var_by_id(id)
        .unwrap_or_else(|| panic!("no variable {id}"))
}

fn ask(fx: &Fixture, step: &str) -> UsOrders {
    UsOrders {
        offer: Some(Offer {
            gives: vec![fx.action("heavy_fuel_oil")],
            asks: vec![StepTarget {
                kind: fx.rules.step_by_id(step).expect("own step"),
                site: None,
            }],
            sequencing: Sequencing::Simultaneous,
            deadline: Some(6),
        }),
        ..UsOrders::default()
    }
}

fn surveil(fx: &Fixture, v: Var) -> UsOrders {
    UsOrders {
        actions: vec![(fx.action("surveillance"), Target::Var(v))],
        ..UsOrders::default()
    }
}

fn accept() -> DprkOrders {
    DprkOrders {
        answer: Some(Answer::Accept),
        ..DprkOrders::default()
    }
}

fn moves(m: MoveKind) -> DprkOrders {
    DprkOrders {
        moves: vec![m],
        ..DprkOrders::default()
    }
}

#[test]
fn an_own_variable_starts_drifts_stays_in_range_and_triggers_events() {
    let rules = own_rules();
    let morale = var(&rules, "morale");
    let stock = var(&rules, "stock");
    assert!(!morale.is_hidden() && stock.is_hidden());
    assert_eq!(rules.label(morale), "Army morale");
    assert_eq!(rules.range(morale), (10, 60));
    assert_eq!(rules.initial[morale], 40);
    let mut fx = Fixture::new(rules.clone());
    let tension = fx.st.vars[Var::Tension];
    fx.round(UsOrders::default(), DprkOrders::default());
    assert_eq!(fx.st.vars[morale], 43, "drift 3 a round");
    assert_eq!(fx.st.vars[stock], 21, "drift from a ledger entry");
    let log = fx.round(UsOrders::default(), DprkOrders::default());
    assert_eq!(fx.st.vars[morale], 46);
    assert!(
        log.news.iter().any(|n| n.headline == "The army is proud"),
        "an event reads the level's own variable"
    );
    assert!(fx.st.vars[Var::Tension] > tension);
    for _ in 0..8 {
        fx.round(UsOrders::default(), DprkOrders::default());
    }
    assert_eq!(fx.st.vars[morale], 60, "held at the level's maximum");
}

#[test]
fn a_covert_own_move_breaks_an_own_cap_unseen_unless_watched() {
    let rules = own_rules();
    let stock = var(&rules, "stock");
    let spin = rules.move_by_id("spin").expect("own move");
    assert!(matches!(spin, MoveKind::Level(0)));
    // Unwatched: the stockpile grows and the violation is real but unseen.
    let mut fx = Fixture::new(rules.clone());
    fx.round(ask(&fx, "cap"), accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    let before = fx.st.vars[stock];
    fx.round(UsOrders::default(), moves(spin));
    assert_eq!(fx.st.vars[stock], before + 5 + 1, "the move and the drift");
    assert_eq!(fx.st.tally.violations, 1);
    assert!(fx.st.notices.is_empty(), "covert and unwatched: unseen");
    // Watched (surveillance of the stockpile, detection certain by the level's ledger): seen.
    let mut fx = Fixture::new(rules.clone());
    fx.round(ask(&fx, "cap"), accept());
    fx.round(surveil(&fx, stock), moves(spin));
    assert!(fx.st.notices.iter().any(|n| n.agreement == id));
    // A public move that breaks the cap is seen at once.
    let parade = rules.move_by_id("parade").expect("own move");
    let mut fx = Fixture::new(rules.clone());
    fx.round(ask(&fx, "cap"), accept());
    fx.round(UsOrders::default(), moves(parade));
    assert!(fx.st.notices.iter().any(|n| n.agreement == id));
    assert_eq!(fx.st.tally.provocations, 1);
}

#[test]
fn an_own_cap_kept_its_rounds_is_verified() {
    let rules = own_rules();
    let mut fx = Fixture::new(rules);
    fx.round(ask(&fx, "cap"), accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    // Kept in rounds 2 and 3; as with the shipped moratorium, the count is checked in the
    // round after it is reached.
    for _ in 0..2 {
        fx.round(UsOrders::default(), DprkOrders::default());
        assert_eq!(fx.st.tally.verified_steps, 0, "not kept two rounds yet");
    }
    fx.round(UsOrders::default(), DprkOrders::default());
    assert!(
        fx.st
            .agreement(id)
            .is_some_and(|a| a.obligations[0].verified)
    );
    assert_eq!(fx.st.tally.verified_steps, 1);
}

#[test]
fn an_own_step_verified_by_surveillance_catches_a_fake_and_verifies_the_real_thing() {
    let rules = own_rules();
    let stock = var(&rules, "stock");
    let step = |choice| DprkOrders {
        steps: vec![(1, 0, choice)],
        ..DprkOrders::default()
    };
    // Faked, then watched: "claimed but not done".
    let mut fx = Fixture::new(rules.clone());
    fx.round(ask(&fx, "ship_out"), accept());
    assert_eq!(fx.st.agreements.last().map(|a| a.id), Some(1));
    fx.round(UsOrders::default(), step(StepChoice::Fake));
    assert!(fx.st.notices.is_empty(), "not watched: the claim stands");
    fx.round(surveil(&fx, stock), DprkOrders::default());
    assert!(
        fx.st
            .notices
            .iter()
            .any(|n| n.what.contains("claimed but not done"))
    );
    // Done, then watched: verified, and the stockpile fell.
    let mut fx = Fixture::new(rules.clone());
    fx.round(ask(&fx, "ship_out"), accept());
    let before = fx.st.vars[stock];
    fx.round(UsOrders::default(), step(StepChoice::Do));
    assert_eq!(fx.st.vars[stock], before - 15 + 1);
    assert_eq!(fx.st.tally.verified_steps, 0, "claimed, not yet checked");
    fx.round(surveil(&fx, stock), DprkOrders::default());
    assert_eq!(fx.st.tally.verified_steps, 1);
}

#[test]
fn an_own_variable_can_end_the_game_and_the_ai_makes_own_moves() {
    let rules = own_rules();
    // Spinning every round: the stockpile reaches the level's red line and the game ends.
    let spin = rules.move_by_id("spin").expect("own move");
    let mut fx = Fixture::new(rules.clone());
    for _ in 0..12 {
        fx.round(UsOrders::default(), moves(spin));
        if fx.st.outcome.is_some() {
            break;
        }
    }
    assert_eq!(
        fx.st.outcome,
        Some(qpq_core::sim::vocab::OutcomeKind::Breakout)
    );
    // The AI weighs the level's own moves like the shipped ones: the stockpile is worth
    // something to it, so it spins.
    let mut made = 0;
    for seed in 1..=10 {
        let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
        for _ in 0..6 {
            if g.over().is_some() {
                break;
            }
            g.command(Command::End).expect("end round");
        }
        made += g
            .reports()
            .iter()
            .flat_map(|r| &r.moves)
            .filter(|&&m| m == spin)
            .count();
    }
    assert!(made > 0, "the AI never made the level's own move");
}

#[test]
fn own_names_work_in_commands_and_mistakes_are_named() {
    let rules = own_rules();
    let mut g = Game::new(rules.clone(), 1, Difficulty::Normal);
    g.command(Command::Act {
        action: "surveillance".into(),
        target: Some("stock".into()),
    })
    .expect("surveillance of the level's own hidden variable");
    let e = g
        .command(Command::Act {
            action: "surveillance".into(),
            target: Some("stok".into()),
        })
        .expect_err("a typo");
    assert!(e.to_string().contains("stock"), "{e}");
    g.command(Command::Offer {
        give: vec!["heavy_fuel_oil".into()],
        ask: vec!["cap".into()],
        sequencing: Sequencing::StepFirst,
        deadline: None,
    })
    .expect("an offer asking for the level's own step");
    // Mistakes in a level file, each named where it is.
    let bad = |part: &str, want: &str| {
        let text = crate::common::TEST_LEVEL.replace("ASSUMPTIONS", part);
        let d = level::load_bytes("bad.ron", text.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("loaded: {part}"));
        assert!(d.render().contains(want), "{part}\n{}", d.render());
    };
    bad(
        r#"variables: [(id: "stock", name: "S", start: 5)], events: [(id: "e", effects: [Add(stok, 1)], headline: "x")],"#,
        "did you mean `stock`?",
    );
    bad(
        r#"variables: [(id: "tension", name: "T", start: 5)],"#,
        "is a shipped variable",
    );
    bad(
        r#"variables: [(id: "s", name: "S", start: 500)],"#,
        "out of range",
    );
    bad(
        r#"variables: [(id: "s", name: "S", start: 5, max: 1000)],"#,
        "max is 1000, out of range",
    );
    bad(
        r#"agreements: [(id: "a", name: "A", steps: [Step("nope")])],"#,
        "unknown step `nope`",
    );
    bad(
        r#"opponent_moves: (add: [(id: missile_test, name: "M", public: true, effects: [], description: "d")]),"#,
        "is a shipped move",
    );
    bad(
        r#"new_steps: [(id: "c", name: "C", description: "d", ongoing: true, verified_by: Inspection, verification: "v")],"#,
        "an ongoing step is verified by being kept",
    );
}

#[test]
fn the_worked_example_defines_its_own_variable_moves_and_steps() {
    let loaded = level::load_file(&crate::common::repo("levels/examples/varnia.ron"))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let rules = loaded.rules;
    let stock = var(&rules, "stockpile");
    assert!(stock.is_hidden());
    assert_eq!(rules.label(stock), "Enriched stockpile");
    assert!(rules.move_by_id("spin_cascades").is_some());
    assert!(rules.move_by_id("centrifuge_tour").is_some());
    assert!(rules.step_by_id("cap_enrichment").is_some());
    assert!(rules.step_by_id("ship_out_stockpile").is_some());
    // Its own variable is in every report the player and the class read.
    let mut g = Game::new(rules.clone(), 4, Difficulty::Normal);
    for _ in 0..3 {
        g.command(Command::End).expect("end round");
    }
    let d = qpq_core::analysis::Debrief::of(&g, "");
    let csv = qpq_core::analysis::report::csv(&d);
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.contains("stockpile_true"), "{header}");
    assert!(header.contains("stockpile_estimate"), "{header}");
    assert!(
        qpq_core::analysis::report::html(&d).contains("Enriched stockpile"),
        "the HTML debrief charts it"
    );
}

#[test]
fn allies_are_the_levels_own_zero_to_three_and_run_out_of_patience() {
    use qpq_core::sim::report::Cause;
    // Zero allies: no Seoul or Tokyo anywhere, and the shipped texts that name them are named.
    let none = level_with("allies: [],");
    let rules = none.rules.clone();
    assert!(rules.allies.is_empty());
    assert!(!rules.vars().any(|v| v == Var::Seoul || v == Var::Tokyo));
    assert!(
        none.warnings.render().contains("consult_allies"),
        "{}",
        none.warnings.render()
    );
    let mut fx = Fixture::new(rules.clone());
    let consult = UsOrders {
        actions: vec![(fx.action("consult_allies"), Target::None)],
        ..UsOrders::default()
    };
    let log = fx.round(consult, DprkOrders::default());
    assert!(
        log.changes
            .iter()
            .all(|c| c.var != Var::Seoul && c.var != Var::Tokyo),
        "effects on allies the level does not have are dropped"
    );
    // One ally with little patience: below its breaking point for two rounds, it breaks, once.
    let one = level_with(
        r#"allies: [(id: "drava", name: "Drava", start: 50, patience: 1, breaking_point: 60,
            on_break: [Add(sanctions, -10)], break_text: "Drava trades again.")],
           events: [(id: "e", when: Round(5, 5), effects: [Add(drava, 30)], headline: "Drava warms")],"#,
    );
    let rules = one.rules.clone();
    assert_eq!(rules.allies.len(), 1);
    assert_eq!(rules.label(Var::Seoul), "Drava");
    assert!(!rules.vars().any(|v| v == Var::Tokyo));
    let mut fx = Fixture::new(rules.clone());
    let sanctions = fx.st.vars[Var::Sanctions];
    let log = fx.round(UsOrders::default(), DprkOrders::default());
    assert!(!fx.st.tally.ally_broken[0], "one round low: patience holds");
    assert!(log.changes.iter().all(|c| c.cause != Cause::AllyBreak(0)));
    let log = fx.round(UsOrders::default(), DprkOrders::default());
    assert!(fx.st.tally.ally_broken[0]);
    assert!(
        log.news
            .iter()
            .any(|n| n.headline == "Drava breaks with the U.S. approach"
                && n.body == "Drava trades again.")
    );
    let cut: i32 = log
        .changes
        .iter()
        .filter(|c| c.cause == Cause::AllyBreak(0))
        .map(|c| c.delta)
        .sum();
    assert_eq!(cut, -10);
    assert!(fx.st.vars[Var::Sanctions] < sanctions);
    for _ in 0..3 {
        let log = fx.round(UsOrders::default(), DprkOrders::default());
        assert!(
            log.changes.iter().all(|c| c.cause != Cause::AllyBreak(0)),
            "once a game"
        );
    }
    assert!(
        fx.st.vars[Var::Seoul] > 50,
        "an event names the ally by its id"
    );
    // The score counts the allies the level has: with none, their values do not matter.
    let mut a = qpq_core::sim::game::setup(&none.rules, 1, Difficulty::Normal);
    let mut b = a.clone();
    a.vars[Var::Seoul] = 0;
    b.vars[Var::Seoul] = 100;
    assert_eq!(
        qpq_core::sim::score::Score::of(&a, &none.rules).total,
        qpq_core::sim::score::Score::of(&b, &none.rules).total
    );
}

#[test]
fn the_worked_example_has_three_allies_the_third_its_own_variable() {
    let loaded = level::load_file(&crate::common::repo("levels/examples/varnia.ron"))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let rules = loaded.rules;
    let names: Vec<&str> = rules.allies.iter().map(|a| rules.label(a.var)).collect();
    assert_eq!(names, ["Drava", "Sundmark", "Maren"]);
    let maren = rules.allies[2].var;
    assert!(matches!(maren, Var::Level(_)) && !maren.is_hidden());
    assert_eq!(rules.initial[maren], 55);
    assert!(
        rules
            .allies
            .iter()
            .all(|a| a.patience > 0 && !a.on_break.is_empty())
    );
    assert_eq!(
        rules.names.allies,
        ["Drava".to_string(), "Sundmark".to_string()]
    );
}

#[test]
fn a_scored_own_variable_counts_in_the_grade_the_way_the_level_says() {
    let rules = own_rules();
    let stock = var(&rules, "stock");
    let st = qpq_core::sim::game::setup(&rules, 1, Difficulty::Normal);
    let (mut low, mut high) = (st.clone(), st);
    low.vars[stock] = 0;
    high.vars[stock] = 100;
    let of = |s: &qpq_core::sim::state::State| qpq_core::sim::score::Score::of(s, &rules);
    assert_eq!(
        of(&low).own,
        Some(100),
        "a rise is bad: none left is the best"
    );
    assert_eq!(of(&high).own, Some(0));
    assert!(of(&low).total > of(&high).total);
    assert!(
        of(&low)
            .dimensions()
            .iter()
            .any(|(name, _)| name.contains("own"))
    );
    // A level that scores none of its variables keeps the shipped dimensions only.
    let plain = crate::common::test_rules();
    let st = qpq_core::sim::game::setup(&plain, 1, Difficulty::Normal);
    let s = qpq_core::sim::score::Score::of(&st, &plain);
    assert_eq!(s.own, None);
    assert_eq!(s.dimensions().len(), 7);
}

/// A mistake that stops the first reading of a level (the pass that learns its own names) is
/// reported where it is, with the full parser's message — not as an unknown name earlier on,
/// where the level's own names were lost.
#[test]
fn a_mistake_before_the_own_names_are_read_is_named_where_it_is() {
    let text = std::fs::read_to_string(crate::common::repo("levels/examples/varnia.ron"))
        .expect("the worked example");
    let lines: Vec<&str> = text.lines().collect();
    let chance = lines
        .iter()
        .position(|l| l.trim_start().starts_with("chance: 40,"))
        .expect("a chance line");
    let first_own = lines
        .iter()
        .position(|l| l.contains("Add(stockpile") || l.contains("(stockpile,"))
        .expect("a use of the level's own variable");
    assert!(
        first_own < chance,
        "the test needs a use of the own name before the mistake"
    );
    let broken = |at: usize, line: &str| -> String {
        let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        l[at] = line.to_string();
        l.join("\n")
    };
    let cases = [
        (
            broken(chance, "            chance: 40,  # forty percent"),
            chance,
            "`#` does not start a comment",
        ),
        (
            broken(chance, "            chance: 40, headline: \"Unclosed,"),
            chance,
            "is the closing `\"` missing on line",
        ),
        (
            broken(chance, "            chance: 40, stray words here"),
            chance,
            "expected `:` after `stray`",
        ),
    ];
    for (text, line, want) in cases {
        let d = match level::load_bytes("varnia.ron", text.as_bytes()) {
            Ok(_) => panic!("a broken level loads:\n{text}"),
            Err(d) => d,
        };
        let shown = d.render();
        assert!(
            !shown.contains("unknown name `stockpile`"),
            "the own names were lost:\n{shown}"
        );
        assert!(shown.contains(want), "{shown}");
        // The error points at the broken line or after it (an unclosed string runs on), never
        // before it.
        let at = d.items.first().map_or(0, |i| i.line);
        assert!(
            at > line,
            "reported at line {at}, the mistake is on line {}:\n{shown}",
            line + 1
        );
    }
}
