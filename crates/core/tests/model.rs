//! The honest-model tests: history as a back-test, the ledger alive, difficulty and the tutorial
//! honest, the rules consistent. They play many games; the thresholds say why they are what
//! they are.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use qpq_core::analysis::playtest;
use qpq_core::level::types::{MoveKind, OutcomeKind};
use qpq_core::level::{self, Variant};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::Game;
use rayon::prelude::*;
use std::sync::Arc;

fn april(variant: &Variant) -> Arc<qpq_core::sim::rules::Rules> {
    level::shipped_with("april-2000", variant)
        .expect("shipped")
        .expect("loads")
        .rules
}

fn games(rules: &Arc<qpq_core::sim::rules::Rules>, strategy: &str, n: u64) -> Vec<Game> {
    (0..n)
        .into_par_iter()
        .map(|seed| {
            playtest::play_one(rules, strategy, 1000 + seed, Difficulty::Normal).expect("strategy")
        })
        .collect()
}

/// The April 2000 level played with what the U.S. actually did must give the broad shape of what
/// happened in those two years: the moratorium held (no long-range test until July 2006), no
/// war, the inter-Korean summit in June 2000, the visits of October 2000, and an administration
/// that kept its mandate.
#[test]
fn history_comes_out_of_april_2000() {
    let rules = april(&Variant::default());
    let gs = games(&rules, "historical", 100);
    let n = gs.len() as f64;
    let share = |f: &dyn Fn(&Game) -> bool| gs.iter().filter(|g| f(g)).count() as f64 / n;
    let no_test = share(&|g| {
        !g.reports()
            .iter()
            .any(|r| r.moves.contains(&MoveKind::MissileTest))
    });
    let war = share(&|g| g.over() == Some(OutcomeKind::War));
    let mandate = share(&|g| g.over() != Some(OutcomeKind::MandateLost));
    let fired = |id: &str| {
        let ix = rules.events.iter().position(|e| e.id == id).expect("event");
        share(&|g| g.state().fired.get(ix).copied().unwrap_or(false))
    };
    let summit = fired("summit");
    let visits = share(&|g| {
        let jo = rules
            .events
            .iter()
            .position(|e| e.id == "jo-myong-rok")
            .expect("event");
        let al = rules
            .events
            .iter()
            .position(|e| e.id == "albright")
            .expect("event");
        g.state().fired[jo] || g.state().fired[al]
    });
    eprintln!(
        "historical back-test over {n} seeds: no missile test {:.0}%, war {:.0}%, summit {:.0}%, an October visit {:.0}%, mandate kept {:.0}%",
        no_test * 100.0,
        war * 100.0,
        summit * 100.0,
        visits * 100.0,
        mandate * 100.0
    );
    // Thresholds: "most games" for the moratorium (it held in reality, but the model's
    // Pyongyang may test when a test pays; a majority is the bar for trusting the model);
    // no war (none happened and the model's war needs tension near 100); the summit and the
    // visits in most games (they depend on tension, which the historical policy keeps low);
    // the mandate kept in nearly all (the administration kept it).
    assert!(
        no_test >= 0.5,
        "the moratorium held in only {:.0}% of games",
        no_test * 100.0
    );
    assert!(war <= 0.02, "war in {:.0}% of games", war * 100.0);
    assert!(summit >= 0.7, "summit in {:.0}% of games", summit * 100.0);
    assert!(
        visits >= 0.6,
        "October visits in {:.0}% of games",
        visits * 100.0
    );
    assert!(
        mandate >= 0.9,
        "mandate kept in {:.0}% of games",
        mandate * 100.0
    );
}

#[test]
#[ignore = "a probe for development"]
fn probe_tests() {
    let rules = april(&Variant::default());
    for seed in 0..6u64 {
        let g = playtest::play_one(&rules, "historical", 1000 + seed, Difficulty::Normal).unwrap();
        let ty = &rules.types[g.state().mind.type_ix as usize].id;
        for r in g.reports() {
            if r.moves.contains(&MoveKind::MissileTest) {
                let why: Vec<String> = r
                    .reasons
                    .iter()
                    .filter(|x| x.chosen.contains("Missile"))
                    .map(|x| x.line())
                    .collect();
                eprintln!("seed {seed} ({ty}) round {}: {:?}", r.round, why);
            }
        }
    }
}

/// The fingerprint names the classic strategies from the histories their real implementations
/// produce against the AI (quid pro quo is Tit for Tat, its generous variant Generous Tit for
/// Tat, appeasement Always Cooperate, the hard line Always Defect, the grudger Grudger, random
/// play Random, and doing nothing Passive).
#[test]
fn the_fingerprint_names_real_strategies_from_their_games() {
    use qpq_core::analysis::Debrief;
    let rules = april(&Variant::default());
    let cases = [
        ("quid-pro-quo", "Tit for Tat"),
        ("generous-quid-pro-quo", "Generous Tit for Tat"),
        ("appease", "Always Cooperate"),
        ("hard-line", "Always Defect"),
        ("grudger", "Grudger"),
        ("coin-flip", "Random"),
        ("idle", "Passive"),
    ];
    let mut report = Vec::new();
    let mut shares = Vec::new();
    for (strategy, want) in cases {
        let gs = games(&rules, strategy, 40);
        let named: Vec<String> = gs
            .iter()
            .map(|g| Debrief::of(g, "").fingerprint.nearest)
            .collect();
        let right = named.iter().filter(|n| n.contains(want)).count() as f64 / named.len() as f64;
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for n in &named {
            *counts.entry(n.as_str()).or_default() += 1;
        }
        report.push(format!(
            "{strategy}: {:.0}% {want}; {counts:?}",
            right * 100.0
        ));
        let share_of = move |names: &[&str]| {
            named
                .iter()
                .filter(|n| names.iter().any(|x| n.contains(x)))
                .count() as f64
                / named.len() as f64
        };
        shares.push((strategy, right, share_of));
    }
    eprintln!("{}", report.join("\n"));
    let get = |id: &str| {
        shares
            .iter()
            .find(|s| s.0 == id)
            .map(|s| s.1)
            .unwrap_or(0.0)
    };
    // Strict strategies are named in nearly every game.
    assert!(get("quid-pro-quo") >= 0.8, "{}", report.join("\n"));
    assert!(get("appease") >= 0.9, "{}", report.join("\n"));
    assert!(get("idle") >= 0.95, "{}", report.join("\n"));
    // A coin flip answers only a handful of defections in a game, so its sample rates scatter
    // (3 answers, 1 of them cooperative, is Generous Tit for Tat's profile exactly): Random must
    // be the name it gets most often, and in at least two games in five.
    let coin = &shares.iter().find(|s| s.0 == "coin-flip").expect("row").2;
    assert!(coin(&["Random"]) >= 0.4, "{}", report.join("\n"));
    assert_eq!(coin(&["Passive"]), 0.0);
    // Generous Tit for Tat differs from Tit for Tat only after a defection it forgives; in a game
    // with few defections the two look alike, so either name counts.
    let generous = &shares
        .iter()
        .find(|s| s.0 == "generous-quid-pro-quo")
        .expect("row")
        .2;
    assert!(generous(&["Generous Tit for Tat", "Tit for Tat"]) >= 0.9);
    // Against an opponent that never cooperates, Always Defect and Tit for Tat act the same, and
    // a short war leaves too few answers to name: never a cooperative name.
    let hard = &shares.iter().find(|s| s.0 == "hard-line").expect("row").2;
    assert!(hard(&["Always Defect", "not enough data"]) >= 0.9);
    assert_eq!(hard(&["Always Cooperate", "Passive", "Generous"]), 0.0);
    // The grudger is Tit for Tat until it is betrayed; told apart only when Pyongyang comes
    // back after a defection.
    let grudge = &shares.iter().find(|s| s.0 == "grudger").expect("row").2;
    assert!(grudge(&["Grudger", "Tit for Tat", "Always Defect", "not enough data"]) >= 0.9);
    assert_eq!(grudge(&["Always Cooperate", "Passive"]), 0.0);
}

/// A player who answered one provocation in thirteen is not playing Tit for Tat.
#[test]
fn answering_one_provocation_in_thirteen_is_not_tit_for_tat() {
    use qpq_core::analysis::fingerprint::{Move, of_moves};
    let dprk: Vec<Move> = std::iter::repeat_n(Move::Defect, 13)
        .chain(std::iter::once(Move::Neither))
        .collect();
    let mut player = vec![Move::Neither; 14];
    player[5] = Move::Defect;
    let f = of_moves(&dprk, &player, &[false; 14]);
    assert!(!f.nearest.contains("Tit for Tat"), "{}", f.nearest);
    assert_eq!(f.nearest, "Passive");
}
