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

/// A shipped level's rules as written.
fn shipped(id: &str) -> Arc<qpq_core::sim::rules::Rules> {
    level::shipped_with(id, &Variant::default())
        .expect("shipped")
        .expect("loads")
        .rules
}

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
/// produce against the AI, reading the player's moves the memo's way (a reward paid for a
/// verified step is reciprocity, a reward for nothing unconditional cooperation, a sanction
/// after a violation retaliation, unprovoked pressure defection): over 50 seeds each, quid pro
/// quo and its instalments and generous variants are Tit for Tat or Generous Tit for Tat,
/// appeasement Always Cooperate, the hard line Always Defect, the grudger Grudger, random play
/// Random and doing nothing Passive — each in at least 90% of games.
#[test]
fn the_fingerprint_names_real_strategies_from_their_games() {
    use qpq_core::ai::strategies::{QuidProQuo, play};
    use qpq_core::analysis::Debrief;
    let rules = april(&Variant::default());
    let tft: &[&str] = &["Tit for Tat", "Generous Tit for Tat"];
    let cases: [(&str, &[&str]); 8] = [
        ("quid-pro-quo", tft),
        ("quid-pro-quo in instalments", tft),
        ("generous-quid-pro-quo", tft),
        ("appease", &["Always Cooperate"]),
        ("hard-line", &["Always Defect"]),
        ("grudger", &["Grudger"]),
        ("random", &["Random"]),
        ("idle", &["Passive"]),
    ];
    let mut report = Vec::new();
    let mut wrong = Vec::new();
    for (strategy, want) in cases {
        let named: Vec<String> = (0..50u64)
            .into_par_iter()
            .map(|k| {
                let seed = 1000 + k;
                let g = if strategy == "quid-pro-quo in instalments" {
                    let mut s = QuidProQuo::instalments();
                    play(rules.clone(), seed, Difficulty::Normal, &mut s)
                } else {
                    playtest::play_one(&rules, strategy, seed, Difficulty::Normal)
                        .expect("strategy")
                };
                Debrief::of(&g, "").fingerprint.nearest
            })
            .collect();
        // A game too short to read (a war in the first rounds) is not named: the fingerprint
        // says "not enough data". Those are left out of the share, and must be few.
        let read: Vec<&String> = named.iter().filter(|n| *n != "not enough data").collect();
        let right = read
            .iter()
            .filter(|n| want.iter().any(|w| n.split(" or ").any(|x| x == *w)))
            .count() as f64
            / read.len().max(1) as f64;
        let unread = 1.0 - read.len() as f64 / named.len() as f64;
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for n in &named {
            *counts.entry(n.as_str()).or_default() += 1;
        }
        report.push(format!(
            "{strategy}: {:.0}% {want:?}; {counts:?}",
            right * 100.0
        ));
        if right < 0.9 || unread > 0.1 {
            wrong.push(strategy);
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(wrong.is_empty(), "{wrong:?}\n{}", report.join("\n"));
}

/// A student who plays the memo's way from the game's own words — the answers, the counter-offers
/// and the violations it sees, nothing of the rules — learns enough from the feedback to come
/// close to the built-in quid pro quo: over 200 seeds of April 2000 at normal, at least 80% of
/// its different verified steps, and a better score than appeasement. The same student deaf to
/// the answers does worse: the feedback is what teaches.
#[test]
fn a_student_learns_the_memo_from_the_feedback() {
    use qpq_core::ai::strategies::{Student, play};
    let rules = april(&Variant::default());
    let mean =
        |gs: &[Game], f: &dyn Fn(&Game) -> f64| gs.iter().map(f).sum::<f64>() / gs.len() as f64;
    let steps = |g: &Game| f64::from(g.state().tally.verified_steps);
    let score = |g: &Game| f64::from(g.score().total);
    let qpq = games(&rules, "quid-pro-quo", 200);
    let student = games(&rules, "student", 200);
    let appease = games(&rules, "appease", 200);
    let deaf: Vec<Game> = (0..200u64)
        .into_par_iter()
        .map(|k| {
            play(
                rules.clone(),
                1000 + k,
                Difficulty::Normal,
                &mut Student::deaf(),
            )
        })
        .collect();
    let table = format!(
        "quid-pro-quo: {:.2} steps, score {:.1}\nstudent: {:.2} steps, score {:.1}\nstudent deaf to the answers: {:.2} steps, score {:.1}\nappease: {:.2} steps, score {:.1}",
        mean(&qpq, &steps),
        mean(&qpq, &score),
        mean(&student, &steps),
        mean(&student, &score),
        mean(&deaf, &steps),
        mean(&deaf, &score),
        mean(&appease, &steps),
        mean(&appease, &score),
    );
    eprintln!("{table}");
    assert!(
        mean(&student, &steps) >= 0.8 * mean(&qpq, &steps),
        "{table}"
    );
    assert!(mean(&student, &score) > mean(&appease, &score), "{table}");
    assert!(mean(&student, &steps) > mean(&deaf, &steps), "{table}");
}

/// A player who answered one provocation in thirteen is not playing Tit for Tat.
#[test]
fn answering_one_provocation_in_thirteen_is_not_tit_for_tat() {
    use qpq_core::analysis::fingerprint::{Move, of_rounds};
    let dprk: Vec<Move> = std::iter::repeat_n(Move::Defect, 13)
        .chain(std::iter::once(Move::Neither))
        .collect();
    let mut player = [Move::Neither; 14];
    player[5] = Move::Defect;
    let player: Vec<_> = player
        .iter()
        .map(|&m| qpq_core::analysis::fingerprint::PlayerRound {
            pressure: m == Move::Defect,
            ..Default::default()
        })
        .collect();
    let f = of_rounds(&dprk, &player);
    assert!(!f.nearest.contains("Tit for Tat"), "{}", f.nearest);
    assert_eq!(f.nearest, "Passive");
}

/// A digest of what happened in a game: every change to every variable, every headline, every
/// move of Pyongyang's, the endings and the final values (not the level's text or its variant,
/// which the record hash includes).
fn course(g: &Game) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for r in g.reports() {
        for c in &r.changes {
            (c.var.index(), c.delta).hash(&mut h);
        }
        for n in &r.news {
            n.headline.hash(&mut h);
        }
        for m in &r.moves {
            m.index().hash(&mut h);
        }
        r.outcome.map(|o| o as u8).hash(&mut h);
    }
    for v in g.rules().vars() {
        g.state().vars[v].hash(&mut h);
    }
    h.finish()
}

/// What a batch of games measures, compared setting by setting: each game's course and its
/// score, dimension by dimension.
fn batch_stats(
    rules: &Arc<qpq_core::sim::rules::Rules>,
    plan: &[(&str, u64)],
) -> Vec<(u64, [i32; 8])> {
    plan.par_iter()
        .filter_map(|&(id, seed)| {
            let g = match id {
                "freeze-script" | "breaker-script" => scripted(rules, seed, id == "breaker-script"),
                _ => playtest::play_one(rules, id, seed, Difficulty::Normal)?,
            };
            let s = g.score();
            Some((
                course(&g),
                [
                    s.total,
                    s.security,
                    s.nonproliferation,
                    s.humanitarian,
                    s.alliances,
                    s.domestic,
                    s.cost_per_step,
                    s.diplomacy,
                ],
            ))
        })
        .collect()
}

/// Two players no built-in strategy imitates: one who buys a freeze of the first nuclear site
/// (step first) and watches it every round with inspectors and satellites; one who makes
/// simultaneous deals and walks out of them.
fn scripted(rules: &Arc<qpq_core::sim::rules::Rules>, seed: u64, breaker: bool) -> Game {
    use qpq_core::level::types::{Program, Sequencing};
    use qpq_core::sim::game::Command;
    let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
    let site = rules
        .sites
        .iter()
        .find(|s| s.program == Program::Nuclear)
        .map_or_else(String::new, |s| s.id.clone());
    let act = |a: &str, t: Option<&str>| Command::Act {
        action: a.into(),
        target: t.map(str::to_string),
    };
    while g.over().is_none() && g.round() <= 40 {
        if g.state().offer.is_none() && g.state().active_agreements().next().is_none() {
            let _ = g.command(Command::Offer {
                give: vec!["ease_sanctions".into(), "heavy_fuel_oil".into()],
                ask: vec![format!("freeze:{site}")],
                sequencing: if breaker {
                    Sequencing::Simultaneous
                } else {
                    Sequencing::StepFirst
                },
                deadline: Some(3),
            });
        }
        if breaker {
            let ids: Vec<u32> = g.state().active_agreements().map(|a| a.id).collect();
            for id in ids {
                let _ = g.command(Command::Break(id));
            }
        } else {
            let _ = g.command(act("inspect_site", Some(&site)));
            let _ = g.command(act("surveillance", Some("nuclear")));
        }
        let _ = g.command(Command::End);
    }
    g
}

/// No dead assumption: every entry of the ledger, set to its minimum and to its maximum, changes
/// something a fixed batch of games measures on some shipped level. The batch mixes strategies
/// that reach each kind of ending (war, mandate lost, verified peace, a full term), so the
/// entries that only matter in one ending (its score cap) are exercised too.
#[test]
fn no_assumption_is_dead() {
    let plan: Vec<(&str, u64)> = [
        "quid-pro-quo",
        "appease",
        "hard-line",
        "isolation",
        "engagement",
        "reward-first-reciprocal",
        "random",
        "freeze-script",
        "breaker-script",
    ]
    .iter()
    .flat_map(|&s| (1..=3).map(move |k| (s, k)))
    .collect();
    // The shipped levels, and the sandbox with a nuclear breakout within reach (threshold 28, from 25) (no shipped level
    // lets the programme grow to its breakout threshold, so that ending's entries need one).
    let sandbox = level::shipped_text("sandbox").unwrap();
    let near_breakout = sandbox.replacen(
        "outcomes: (",
        "outcomes: (\n        breakout_nuclear: 28,",
        1,
    );
    let mut levels: Vec<(String, String)> = level::SHIPPED
        .iter()
        .map(|(id, text)| (id.to_string(), text.to_string()))
        .collect();
    levels.push(("sandbox-near-breakout".into(), near_breakout));
    let mut alive: std::collections::BTreeSet<String> = Default::default();
    let mut all: std::collections::BTreeSet<String> = Default::default();
    for (id, text) in &levels {
        let load = |v: &Variant| {
            level::load_bytes_with(id, text.as_bytes(), v)
                .expect("loads")
                .rules
        };
        let base_rules = load(&Variant::default());
        let base = batch_stats(&base_rules, &plan);
        let entries: Vec<_> = base_rules
            .ledger
            .iter()
            .filter(|e| e.min < e.max)
            .cloned()
            .collect();
        let moved: Vec<String> = entries
            .par_iter()
            .filter(|e| !alive.contains(&e.id))
            .filter(|e| {
                [e.min, e.max]
                    .iter()
                    .any(|&v| batch_stats(&load(&Variant::default().with(&e.id, v)), &plan) != base)
            })
            .map(|e| e.id.clone())
            .collect();
        all.extend(entries.iter().map(|e| e.id.clone()));
        alive.extend(moved);
    }
    let dead: Vec<&String> = all.difference(&alive).collect();
    assert!(
        dead.is_empty(),
        "{} of {} assumptions change nothing at their minimum or maximum on any shipped level: {dead:?}",
        dead.len(),
        all.len()
    );
}

/// Mean score and standard error of the mean over paired seeds.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

/// Difficulty is honest: for every built-in strategy, easy scores at least as well as normal and
/// normal at least as well as hard, within noise. The games of two difficulties share their
/// seeds, so the test is on the paired differences: a difference more than three standard
/// errors below zero fails (about one chance in 700 per comparison by luck alone).
///
/// One exception is the model's own and is checked, not assumed: a smarter Pyongyang avoids the
/// wars a reckless U.S. walks into (war is a loss for both sides), so a strategy that often ends
/// in war may do better against it (200 games of `random`: 39.0 on normal, 46.6 on hard, war in
/// 40% against 22%). A harder level may look easier only when it had fewer wars.
#[test]
fn easy_is_no_harder_than_normal_and_normal_no_harder_than_hard() {
    let rules = april(&Variant::default());
    let ids = qpq_core::ai::strategies::all_for_level(&rules);
    let n = 48u64;
    let mut failures = Vec::new();
    for id in ids.iter().filter(|s| s.as_str() != "historical") {
        let play = |d: Difficulty| -> Vec<(f64, bool)> {
            (0..n)
                .into_par_iter()
                .map(|k| {
                    let g = playtest::play_one(&rules, id, 500 + k, d).expect("strategy");
                    (
                        f64::from(g.score().total),
                        g.over() == Some(OutcomeKind::War),
                    )
                })
                .collect()
        };
        let (e, m, h) = (
            play(Difficulty::Easy),
            play(Difficulty::Normal),
            play(Difficulty::Hard),
        );
        for (name, a, b) in [("easy-normal", &e, &m), ("normal-hard", &m, &h)] {
            let diffs: Vec<f64> = a.iter().zip(b.iter()).map(|(x, y)| x.0 - y.0).collect();
            let (d, se) = mean_se(&diffs);
            let wars = |g: &[(f64, bool)]| g.iter().filter(|x| x.1).count();
            let fewer_wars = wars(b) < wars(a);
            eprintln!(
                "{id:<26} {name}: {d:+.1} (se {se:.1}); wars {} then {}",
                wars(a),
                wars(b)
            );
            if d < -3.0 * se.max(0.5) && !fewer_wars {
                failures.push(format!("{id} {name}: {d:+.1} (se {se:.1})"));
            }
        }
    }
    assert!(failures.is_empty(), "harder was easier: {failures:?}");
}

/// The presets move the conclusion the way their mechanisms say: under the memo's assumptions
/// quid pro quo beats appeasement clearly; under the engagement school's, appeasement's deficit
/// shrinks (assurances and aid lower the regime's need for weapons, so one-sided concessions
/// cost less). "Clearly" is more than four standard errors of the paired difference.
#[test]
fn presets_move_the_conclusion_their_way() {
    let gap = |preset: &str| {
        let p = level::preset(preset).expect("preset");
        let rules = april(&Variant::default().with_preset(&p));
        let diffs: Vec<f64> = (0..60u64)
            .into_par_iter()
            .map(|k| {
                let s = |id| {
                    f64::from(
                        playtest::play_one(&rules, id, 700 + k, Difficulty::Normal)
                            .expect("strategy")
                            .score()
                            .total,
                    )
                };
                s("quid-pro-quo") - s("appease")
            })
            .collect();
        mean_se(&diffs)
    };
    let (memo, memo_se) = gap("memo");
    let (eng, eng_se) = gap("engagement");
    eprintln!(
        "quid pro quo minus appeasement: memo preset {memo:+.1} (se {memo_se:.1}), engagement preset {eng:+.1} (se {eng_se:.1})"
    );
    assert!(
        memo > 4.0 * memo_se,
        "under the memo's preset quid pro quo must beat appeasement clearly"
    );
    assert!(
        eng < memo - 2.0 * (memo_se + eng_se),
        "the engagement preset must narrow appeasement's deficit"
    );
}

/// The tutorial does not reward appeasement. Over seven months appeasement's costs (Congress's
/// patience, a Pyongyang that learns provocation pays, diverted aid) barely show, and it used
/// to win by buying the same step, attendance at talks, three times over; a step now counts
/// once toward peace and the score. The test is that appeasement is not the best strategy: some
/// other built-in strategy beats it by more than three standard errors of the paired difference.
#[test]
fn the_tutorial_does_not_reward_appeasement() {
    let rules = shipped("tutorial");
    let score = |id: &str, k: u64| {
        f64::from(
            playtest::play_one(&rules, id, 300 + k, Difficulty::Normal)
                .expect("strategy")
                .score()
                .total,
        )
    };
    let mut best = (String::new(), f64::MIN, 0.0);
    for id in qpq_core::ai::strategies::all_for_level(&rules)
        .iter()
        .filter(|s| s.as_str() != "appease")
    {
        let diffs: Vec<f64> = (0..60u64)
            .into_par_iter()
            .map(|k| score(id, k) - score("appease", k))
            .collect();
        let (d, se) = mean_se(&diffs);
        eprintln!("{id:<26} minus appease: {d:+.1} (se {se:.1})");
        if d - 3.0 * se > best.1 - 3.0 * best.2 {
            best = (id.clone(), d, se);
        }
    }
    assert!(
        best.1 > 3.0 * best.2.max(0.5),
        "appeasement wins the tutorial: the best other strategy, {}, is {:+.1} (se {:.1})",
        best.0,
        best.1,
        best.2
    );
}

/// A step counts once: talks attended under three agreements are one verified step toward peace.
#[test]
fn the_same_step_bought_again_is_not_new_progress() {
    let rules = shipped("tutorial");
    let g = playtest::play_one(&rules, "appease", 301, Difficulty::Normal).expect("strategy");
    let talks = g
        .state()
        .agreements
        .iter()
        .flat_map(|a| &a.obligations)
        .filter(|o| o.verified && o.step.kind == qpq_core::level::types::StepKind::AttendTalks)
        .count();
    assert!(
        talks >= 2,
        "appeasement should buy talks more than once ({talks})"
    );
    assert_eq!(g.state().tally.verified_steps, 1, "talks count once");
}

mod consistency {
    //! The rules never contradict themselves, on random command logs on every shipped level.

    use super::*;
    use proptest::prelude::*;
    use qpq_core::level::types::Sequencing;
    use qpq_core::sim::game::Command;
    use qpq_core::sim::state::Agreement;

    /// Whether step `i` of agreement `id` was verified.
    fn verified(agreements: &[Agreement], id: u32, i: usize) -> bool {
        agreements
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.obligations.get(i))
            .is_some_and(|o| o.verified)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn random_command_logs_keep_the_rules_consistent(
            level_ix in 0usize..3,
            seed in 0u64..1000,
            cmds in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>()), 20..260),
            cut in 0usize..260,
            person in any::<bool>(),
        ) {
            let (id, _) = level::SHIPPED[level_ix % level::SHIPPED.len()];
            let rules = level::shipped_with(id, &Variant::default()).unwrap().unwrap().rules;
            // Half the games have a person in the other chair, giving random orders of its own.
            let chair = if person {
                qpq_core::sim::game::Chair::Person
            } else {
                qpq_core::sim::game::Chair::Ai(std::sync::Arc::new(qpq_core::ai::Brain::for_difficulty(Difficulty::Normal)))
            };
            let mut g = Game::seated(rules.clone(), seed, Difficulty::Normal, chair);
            for &(k, a, b) in &cmds {
                if g.over().is_some() {
                    break;
                }
                let c = match g.phase() {
                    qpq_core::sim::game::Phase::Us => qpq_core::fuzzing::command_from(&rules, k, a, b),
                    qpq_core::sim::game::Phase::Opponent => Command::Opponent(
                        qpq_core::fuzzing::opponent_command_from(&rules, k, a, b),
                    ),
                };
                let ending = matches!(
                    c,
                    Command::End | Command::Opponent(qpq_core::sim::game::OpponentCommand::End)
                );
                let before = g.state().agreements.clone();
                let round = g.round();
                let _ = g.command(c);
                if !ending || g.reports().len() as u32 != round {
                    continue;
                }
                let st = g.state();
                let report = g.reports().last().unwrap();
                // No step is verified (and so paid) in the round its violation is detected.
                for n in st.notices.iter().filter(|n| n.round == round) {
                    if let Some(a) = st.agreements.iter().find(|a| a.id == n.agreement) {
                        for (i, o) in a.obligations.iter().enumerate() {
                            if o.step == n.step {
                                prop_assert!(
                                    !o.verified || verified(&before, a.id, i),
                                    "{id} seed {seed} round {round}: agreement {} step {:?} verified the round its violation was detected",
                                    a.id, o.step
                                );
                            }
                        }
                    }
                }
                // Step-first rewards are delivered only once every step is verified.
                for a in &st.agreements {
                    if a.sequencing == Sequencing::StepFirst && a.delivered && a.template.is_none() {
                        prop_assert!(
                            a.obligations.iter().all(|o| o.verified),
                            "{id} seed {seed} round {round}: step-first agreement {} paid before its steps were verified", a.id
                        );
                    }
                }
                // Verified peace is never declared in a round with a detected violation.
                if report.outcome == Some(OutcomeKind::VerifiedPeace) {
                    prop_assert_eq!(report.violations_seen, 0, "{} seed {}: peace with a violation seen", id, seed);
                }
                // The game's ending and the last report agree.
                prop_assert_eq!(g.over(), report.outcome);
                // Every variable stays in its range.
                for v in rules.vars() {
                    let (lo, hi) = rules.range(v);
                    prop_assert!((lo..=hi).contains(&st.vars[v]), "{id}: {} out of range", rules.var_id(v));
                }
            }
            // Replaying the log gives the same game.
            let seat = || qpq_core::analysis::record::OtherChair::of(&g).chair(Difficulty::Normal);
            let again = Game::replay_seated(rules.clone(), seed, Difficulty::Normal, seat(), g.commands());
            prop_assert_eq!(again.hash(), g.hash());
            // Saving mid-game as a record, loading it and playing on gives the same game.
            let log = g.commands();
            let cut = cut.min(log.len());
            let mid = Game::replay_seated(rules.clone(), seed, Difficulty::Normal, seat(), &log[..cut]);
            let text = qpq_core::analysis::record::GameRecord::of(&mid, id, "prop").to_ron();
            let record = qpq_core::analysis::record::GameRecord::parse("mid.ron", text.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("record does not load: {e:?}")))?;
            let loaded = level::shipped_with(id, &Variant::default()).unwrap().unwrap();
            let mut resumed = record.replay(&loaded);
            for c in &log[cut..] {
                let _ = resumed.command(c.clone());
            }
            prop_assert_eq!(resumed.hash(), g.hash(), "{} seed {}: resumed after {} commands", id, seed, cut);
        }
    }
}

/// The sensitivity summaries shipped for the debrief were computed on the rules as they are now
/// (the key covers the level, every assumption and two reference games). When this fails, run
/// the command it names.
#[test]
fn shipped_sensitivity_summaries_are_fresh() {
    for (id, _) in qpq_core::analysis::sensitivity::SENSITIVITY {
        let summary = qpq_core::analysis::sensitivity::shipped_sensitivity(id)
            .unwrap_or_else(|| panic!("levels/sensitivity/{id}.ron does not parse"));
        let rules = level::shipped_with(id, &Variant::default())
            .unwrap()
            .unwrap()
            .rules;
        assert_eq!(
            summary.key,
            qpq_core::analysis::sensitivity::model_key(&rules),
            "levels/sensitivity/{id}.ron is stale: run `cargo run -- sensitivity {id} --format summary --out levels/sensitivity/{id}.ron`"
        );
        assert!(!summary.top.is_empty());
    }
}

/// A shipped chapter of history, played `n` times with one of its strategies at normal.
fn chapter(id: &str, strategy: &str, n: u64) -> (Arc<qpq_core::sim::rules::Rules>, Vec<Game>) {
    let rules = level::shipped_with(id, &Variant::default())
        .expect("shipped")
        .expect("loads")
        .rules;
    let gs = games(&rules, strategy, n);
    (rules, gs)
}

/// The share of games for which `f` holds.
fn share(gs: &[Game], f: impl Fn(&Game) -> bool) -> f64 {
    gs.iter().filter(|g| f(g)).count() as f64 / gs.len() as f64
}

/// Whether the level's event fired in the game.
fn fired(rules: &qpq_core::sim::rules::Rules, g: &Game, id: &str) -> bool {
    let ix = rules
        .events
        .iter()
        .position(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"));
    g.state().fired.get(ix).copied().unwrap_or(false)
}

/// Whether a step of this kind (at this site, if given) was verified under any agreement.
fn verified(
    rules: &qpq_core::sim::rules::Rules,
    g: &Game,
    kind: qpq_core::sim::vocab::StepKind,
    site: Option<&str>,
) -> bool {
    let site = site.map(|s| rules.sites.iter().position(|x| x.id == s).expect("site") as u16);
    g.state().agreements.iter().any(|a| {
        a.obligations
            .iter()
            .any(|o| o.verified && o.step.kind == kind && (site.is_none() || o.step.site == site))
    })
}

/// The true value of a variable at the end of the game.
fn end_value(g: &Game, v: qpq_core::sim::vars::Var) -> i32 {
    g.state().vars[v]
}

/// 1993–94 played with what the U.S. did must give the shape of the first crisis: no war, the
/// NPT withdrawal suspended in June 1993, the reactor emptied without inspectors in the spring
/// of 1994, Carter's visit at the height of the crisis, and a verified freeze of Yongbyon by the
/// end.
#[test]
fn history_comes_out_of_the_first_crisis() {
    use qpq_core::sim::vocab::StepKind;
    let (rules, gs) = chapter("crisis-1993", "historical", 100);
    let war = share(&gs, |g| g.over() == Some(OutcomeKind::War));
    let collapse = share(&gs, |g| g.over() == Some(OutcomeKind::Collapse));
    let suspended = share(&gs, |g| fired(&rules, g, "withdrawal-suspended"));
    let unloaded = share(&gs, |g| fired(&rules, g, "fuel-unloading"));
    let carter = share(&gs, |g| fired(&rules, g, "carter-visit"));
    let freeze = share(&gs, |g| {
        verified(&rules, g, StepKind::Freeze, Some("yongbyon"))
    });
    let mandate = share(&gs, |g| g.over() != Some(OutcomeKind::MandateLost));
    eprintln!(
        "crisis-1993 historical back-test over {} seeds: war {:.0}%, collapse {:.0}%, withdrawal suspended {:.0}%, fuel unloaded {:.0}%, Carter's visit {:.0}%, Yongbyon freeze verified {:.0}%, mandate kept {:.0}%",
        gs.len(),
        war * 100.0,
        collapse * 100.0,
        suspended * 100.0,
        unloaded * 100.0,
        carter * 100.0,
        freeze * 100.0,
        mandate * 100.0
    );
    // No war and no collapse happened; the model's war needs tension near 100 and its collapse
    // security near 0, so a few games in a hundred is the most a faithful model may show.
    assert!(war <= 0.05, "war in {:.0}% of games", war * 100.0);
    assert!(
        collapse <= 0.05,
        "collapse in {:.0}% of games",
        collapse * 100.0
    );
    // The suspension needs Pyongyang to come to talks by June 1993: the AI's choice, which the
    // historical policy invites from the first month. History says yes; most games must agree.
    assert!(suspended >= 0.6, "suspended in {:.0}%", suspended * 100.0);
    // The unloading's chance is a ledger assumption (60% a month for two months, 84% in all if
    // no freeze was agreed before May): this checks the policy left Yongbyon unfrozen until then.
    assert!(unloaded >= 0.6, "unloaded in {:.0}%", unloaded * 100.0);
    // Carter went because the crisis was at its height: tension of 55 or more in June 1994.
    assert!(carter >= 0.5, "Carter's visit in {:.0}%", carter * 100.0);
    // The Agreed Framework froze Yongbyon under IAEA monitoring: the AI must accept the freeze
    // for fuel oil and assurances, and let inspectors see it, in most games.
    assert!(freeze >= 0.5, "freeze verified in {:.0}%", freeze * 100.0);
    assert!(mandate >= 0.9, "mandate kept in {:.0}%", mandate * 100.0);
}

/// 2002–03 played with what the U.S. did must give the shape of the collapse: the seals off at
/// Yongbyon, the NPT left, the nuclear programme growing, no war and no verified step; and the
/// counterfactual that kept the fuel oil flowing must leave the programme smaller on average
/// (the model's answer to the engagement school's question, checked so that a change to the
/// rules that reverses it is seen).
#[test]
fn history_comes_out_of_the_collapse() {
    use qpq_core::sim::vars::Var;
    let (rules, gs) = chapter("collapse-2002", "historical", 100);
    let (_, kept) = chapter("collapse-2002", "keep-the-freeze", 100);
    let war = share(&gs, |g| g.over() == Some(OutcomeKind::War));
    let seals = share(&gs, |g| fired(&rules, g, "seals-removed"));
    let npt = share(&gs, |g| fired(&rules, g, "npt-withdrawal"));
    let start = rules.initial[Var::Nuclear];
    let grew = share(&gs, |g| end_value(g, Var::Nuclear) >= start + 10);
    let steps = share(&gs, |g| g.reports().iter().any(|r| r.verified > 0));
    let mean = |gs: &[Game]| {
        gs.iter()
            .map(|g| f64::from(end_value(g, Var::Nuclear)))
            .sum::<f64>()
            / gs.len() as f64
    };
    let (hist_nuclear, kept_nuclear) = (mean(&gs), mean(&kept));
    eprintln!(
        "collapse-2002 historical back-test over {} seeds: war {:.0}%, seals removed {:.0}%, NPT left {:.0}%, nuclear up 10 or more {:.0}%, any verified step {:.0}%; nuclear at the end {hist_nuclear:.1} (kept the freeze: {kept_nuclear:.1}, from {start})",
        gs.len(),
        war * 100.0,
        seals * 100.0,
        npt * 100.0,
        grew * 100.0,
        steps * 100.0,
    );
    // No war happened in 2002–03.
    assert!(war <= 0.05, "war in {:.0}%", war * 100.0);
    // Once the U.S. withdrew, the seals came off within a month and the NPT went a month later;
    // both are ledger chances (60% and 50% a month) over ten and nine months.
    assert!(seals >= 0.9, "seals removed in {:.0}%", seals * 100.0);
    assert!(npt >= 0.8, "NPT left in {:.0}%", npt * 100.0);
    // The reactor restarted and the rods were reprocessed: the programme grew in most games.
    assert!(grew >= 0.7, "nuclear grew in {:.0}%", grew * 100.0);
    // Nothing was verified in these months: a game where the AI gave a verified step to a
    // policy that offered nothing would be a wrong model.
    assert!(steps <= 0.1, "a verified step in {:.0}%", steps * 100.0);
    assert!(
        kept_nuclear < hist_nuclear,
        "keeping the freeze left nuclear at {kept_nuclear:.1}, suspending it {hist_nuclear:.1}"
    );
}

/// 2007–08 played with what the U.S. did must give the shape of action for action: Yongbyon
/// shut and the shutdown verified, more steps verified than in any other chapter, no verified
/// peace (the process failed over verification), and no war.
#[test]
fn history_comes_out_of_action_for_action() {
    use qpq_core::sim::vocab::StepKind;
    let (rules, gs) = chapter("action-2007", "historical", 100);
    let war = share(&gs, |g| g.over() == Some(OutcomeKind::War));
    let peace = share(&gs, |g| g.over() == Some(OutcomeKind::VerifiedPeace));
    let shut = share(&gs, |g| {
        verified(&rules, g, StepKind::Freeze, Some("yongbyon"))
    });
    let disabled = share(&gs, |g| verified(&rules, g, StepKind::CurtailWmd, None));
    let steps = gs
        .iter()
        .map(|g| g.reports().iter().map(|r| r.verified).sum::<u32>())
        .sum::<u32>() as f64
        / gs.len() as f64;
    let mandate = share(&gs, |g| g.over() != Some(OutcomeKind::MandateLost));
    eprintln!(
        "action-2007 historical back-test over {} seeds: war {:.0}%, verified peace {:.0}%, shutdown verified {:.0}%, disablement verified {:.0}%, verified steps {steps:.1} a game, mandate kept {:.0}%",
        gs.len(),
        war * 100.0,
        peace * 100.0,
        shut * 100.0,
        disabled * 100.0,
        mandate * 100.0
    );
    assert!(war <= 0.05, "war in {:.0}%", war * 100.0);
    // The shutdown of July 2007 was verified by the IAEA: most games must verify it.
    assert!(shut >= 0.6, "shutdown verified in {:.0}%", shut * 100.0);
    // Steps were verified (shutdown, disablement work, a declaration): at least one a game on
    // average; and the process never reached a verified end.
    assert!(steps >= 1.0, "{steps:.1} verified steps a game");
    assert!(peace <= 0.1, "verified peace in {:.0}%", peace * 100.0);
    assert!(mandate >= 0.9, "mandate kept in {:.0}%", mandate * 100.0);
}

/// The chapters of history play to their end on every difficulty, with their own policy and the
/// classic strategies, every value in range; and each chapter's briefing, question and debrief
/// are there for the class.
#[test]
fn the_chapters_play_through_on_every_difficulty() {
    let chapters = ["crisis-1993", "april-2000", "collapse-2002", "action-2007"];
    // In date order in the level list, so a class can play the story in sequence.
    let order: Vec<usize> = chapters
        .iter()
        .map(|id| {
            level::SHIPPED
                .iter()
                .position(|(x, _)| x == id)
                .expect("shipped")
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for id in chapters {
        let rules = shipped(id);
        assert!(!rules.question.is_empty(), "{id} has no question");
        assert!(!rules.debrief.history.is_empty(), "{id} has no history");
        assert!(
            rules.policies.iter().any(|p| p.id == "historical"),
            "{id} has no historical policy"
        );
        for difficulty in Difficulty::ALL.iter().copied() {
            for strategy in ["historical", "quid-pro-quo", "appease", "hard-line"] {
                let gs: Vec<Game> = (0..12u64)
                    .into_par_iter()
                    .map(|seed| {
                        playtest::play_one(&rules, strategy, 500 + seed, difficulty)
                            .expect("strategy")
                    })
                    .collect();
                for g in &gs {
                    assert!(
                        g.over().is_some(),
                        "{id}/{strategy}/{difficulty} unfinished"
                    );
                    let rules = g.rules();
                    for v in rules.vars() {
                        let x = g.state().vars[v];
                        let (lo, hi) = rules.range(v);
                        assert!((lo..=hi).contains(&x), "{id}/{strategy}: {v} = {x}");
                    }
                }
            }
        }
    }
}

/// Every tutorial tip is true when it is shown: each command it gives in backticks is one the
/// game accepts at that round (placeholders such as `enforce N` aside), and each site it names is
/// on the map by then. Played by the tips themselves, over 20 seeds of every shipped level.
#[test]
fn every_tip_is_true_when_shown() {
    use qpq_core::sim::game::Command;
    use qpq_core::text::{self, Line};
    for &(id, _) in level::SHIPPED {
        let rules = shipped(id);
        for seed in 1..=20u64 {
            let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
            while g.over().is_none() {
                let round = g.round();
                for tip in rules.briefing.tips.iter().filter(|t| t.round == round) {
                    let said = format!("{} {}", tip.text, tip.window.clone().unwrap_or_default());
                    for (k, site) in rules.sites.iter().enumerate() {
                        if said.contains(&site.name) {
                            assert!(
                                g.state().sites[k].suspected,
                                "{id} seed {seed} round {round}: the tip names {}, not on the map yet",
                                site.name
                            );
                        }
                    }
                    let terminal = tip.terminal.clone().unwrap_or_default();
                    for (j, typed) in terminal.split('`').enumerate() {
                        // Odd pieces are the commands; a capital word is a placeholder.
                        if j % 2 == 0
                            || typed
                                .split(|c: char| !c.is_alphanumeric())
                                .any(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))
                        {
                            continue;
                        }
                        match text::parse(typed, &rules) {
                            Ok(Line::Game(cmd)) => {
                                if let Err(e) = g.command(cmd) {
                                    panic!(
                                        "{id} seed {seed} round {round}: `{typed}` is refused: {e}"
                                    );
                                }
                            }
                            Ok(_) => {}
                            Err(e) => panic!("{id} round {round}: `{typed}` does not parse: {e}"),
                        }
                    }
                }
                for n in g.state().notices.clone() {
                    let _ = g.command(Command::Enforce(n.agreement));
                }
                let _ = g.command(Command::End);
            }
        }
    }
}

/// The tutorial gives a real chance to practise the memo's "reimpose sanctions if Pyongyang
/// fails to honor its commitments": played by its tips, most games have a violation to catch
/// by round 6, from the level's design (a deal paid on delivery for a step only surveillance
/// can check, with a type that cheats when unseen) — no event scripts it.
#[test]
fn the_tutorial_lets_a_student_catch_a_violation() {
    use qpq_core::sim::game::Command;
    use qpq_core::text::{self, Line};
    let rules = shipped("tutorial");
    let caught = (1..=100u64)
        .into_par_iter()
        .filter(|&seed| {
            let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
            while g.over().is_none() && g.round() <= 6 {
                let round = g.round();
                for tip in rules.briefing.tips.iter().filter(|t| t.round == round) {
                    let terminal = tip.terminal.clone().unwrap_or_default();
                    for typed in terminal.split('`').skip(1).step_by(2) {
                        if let Ok(Line::Game(cmd)) = text::parse(typed, &rules) {
                            let _ = g.command(cmd);
                        }
                    }
                }
                let _ = g.command(Command::End);
            }
            g.reports().iter().any(|r| r.violations_seen > 0)
        })
        .count();
    eprintln!("a violation to catch in {caught} of 100 tutorial games");
    assert!(caught >= 40, "only {caught} of 100");
}

/// Text the player reads never speaks to the level's author: a site's note, shown once the
/// site is on the map, does not announce when something will happen.
#[test]
fn no_note_for_authors_reaches_players() {
    for &(id, _) in level::SHIPPED {
        let rules = shipped(id);
        for site in &rules.sites {
            let lower = site.note.to_lowercase();
            let announces = lower.contains(" will ")
                || lower
                    .split("round ")
                    .skip(1)
                    .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            assert!(
                !announces,
                "{id}: the note of {} speaks of the future: {:?}",
                site.id, site.note
            );
        }
    }
}

/// The class experiment of levels/README.md, tested. With Congress's verdict on unreciprocated
/// concessions taken out (so that appeasement keeps its mandate and plays the whole term),
/// appeasement draws provocations at well over the rate doing nothing does — the memo's
/// "one-sided concessions encourage aggressive posturing". Switching off the three mechanisms
/// that carry it in the model — concessions for nothing read as weakness
/// (`weakness_generalization`), learning from U.S. answers what provocations bring
/// (`provocation_learning`) and the prestige of a show of force (`utility_face_scale`) — brings
/// appeasement's provocations down to near the rate of doing nothing, and narrows the gap
/// between quid pro quo and appeasement.
#[test]
fn the_class_experiment_shows_what_carries_the_posturing() {
    let run = |sets: &[(&str, i32)]| {
        let mut v = Variant::default().with("congress_unreciprocated_penalty", 0);
        for (id, x) in sets {
            v = v.with(id, *x);
        }
        let rules = april(&v);
        let rate = |gs: &[Game]| {
            let provocations: u32 = gs.iter().map(|g| g.state().tally.provocations as u32).sum();
            let rounds: u32 = gs.iter().map(|g| g.reports().len() as u32).sum();
            f64::from(provocations) / f64::from(rounds.max(1))
        };
        let score = |gs: &[Game]| {
            gs.iter().map(|g| f64::from(g.score().total)).sum::<f64>() / gs.len() as f64
        };
        let appease = games(&rules, "appease", 120);
        let qpq = games(&rules, "quid-pro-quo", 120);
        let idle = games(&rules, "idle", 120);
        (rate(&appease), rate(&idle), score(&qpq) - score(&appease))
    };
    let (on, idle_on, gap_on) = run(&[]);
    let (off, idle_off, gap_off) = run(&[
        ("weakness_generalization", 0),
        ("provocation_learning", 0),
        ("utility_face_scale", 0),
    ]);
    let table = format!(
        "provocations a round — appease {on:.2}, idle {idle_on:.2}, gap {gap_on:.1}; with the mechanisms off: appease {off:.2}, idle {idle_off:.2}, gap {gap_off:.1}"
    );
    eprintln!("{table}");
    assert!(on > 1.5 * idle_on, "{table}");
    assert!(off < 0.7 * on, "{table}");
    assert!(off < 1.6 * idle_off, "{table}");
    assert!(gap_off < gap_on - 3.0, "{table}");
}
