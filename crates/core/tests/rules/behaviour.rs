//! The AI's behaviour over many seeds. Each test is a statistical claim with a stated margin,
//! measured on fixed seeds (so the result is deterministic) at normal difficulty. The memo's
//! claims must come out of the mechanics; nothing in the rules or the AI names them.

use qpq_core::ai::strategies::{self, Seen, Strategy};
use qpq_core::level::types::{MoveKind, Sequencing};
use qpq_core::level::{self, SHIPPED};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Command, Game};
use qpq_core::sim::rng::GameRng;
use qpq_core::sim::rules::Rules;
use qpq_core::sim::vars::Var;
use std::sync::Arc;

const SEEDS: u64 = 60;

fn shipped(id: &str) -> Arc<Rules> {
    let text = level::shipped_text(id).expect("shipped");
    level::load_bytes(id, text.as_bytes()).expect("loads").rules
}

/// April 2000 with the two assumptions the memo leans on switched off: no aid diversion, and no
/// fear of opening (neither in the ledger nor in Pyongyang's types).
fn flipped() -> Arc<Rules> {
    let text = level::shipped_text("april-2000").expect("shipped");
    let mut text = text.to_string();
    for k in 0..=100 {
        text = text.replace(&format!("opening_fear: {k},"), "opening_fear: 0,");
    }
    let variant = level::Variant::default()
        .with("aid_diversion_share", 0)
        .with("monitored_diversion_share", 0)
        .with("openness_threat", 0);
    level::load_bytes_with("flipped.ron", text.as_bytes(), &variant)
        .unwrap_or_else(|d| panic!("{}", d.render()))
        .rules
}

fn games(rules: &Arc<Rules>, make: impl Fn() -> Box<dyn Strategy + Send>) -> Vec<Game> {
    (0..SEEDS)
        .map(|seed| {
            let mut s = make();
            strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut())
        })
        .collect()
}

fn by_id(id: &'static str) -> impl Fn() -> Box<dyn Strategy + Send> {
    move || strategies::by_id(id).expect("strategy")
}

/// Summary statistics of a set of games.
#[derive(Debug)]
struct Stats {
    provocations_per_round: f64,
    verified_steps: f64,
    /// Offers accepted whose steps were verified (the same step bought again counts each time).
    deals_verified: f64,
    nonproliferation: f64,
    collapse_or_war: f64,
    diverted: f64,
    humanitarian: f64,
    /// Decisions a game whose main reason, by Pyongyang's breakdown, was the threat of opening.
    opening_driven: f64,
}

fn stats(games: &[Game]) -> Stats {
    let n = games.len() as f64;
    let rounds: i64 = games
        .iter()
        .map(|g| i64::from(g.state().tally.rounds))
        .sum();
    let prov: i64 = games
        .iter()
        .map(|g| i64::from(g.state().tally.provocations))
        .sum();
    let mean = |f: &dyn Fn(&Game) -> f64| games.iter().map(f).sum::<f64>() / n;
    Stats {
        provocations_per_round: prov as f64 / rounds.max(1) as f64,
        verified_steps: mean(&|g| f64::from(g.state().tally.verified_steps)),
        deals_verified: mean(&|g| {
            g.state()
                .agreements
                .iter()
                .filter(|a| a.template.is_none() && a.obligations.iter().all(|o| o.verified))
                .count() as f64
        }),
        nonproliferation: mean(&|g| f64::from(g.score().nonproliferation)),
        collapse_or_war: mean(&|g| {
            use qpq_core::level::types::OutcomeKind::*;
            f64::from(u8::from(matches!(g.over(), Some(Collapse | War))))
        }),
        diverted: mean(&|g| f64::from(g.state().tally.aid_diverted)),
        humanitarian: mean(&|g| f64::from(g.score().humanitarian)),
        opening_driven: mean(&|g| {
            g.reports()
                .iter()
                .flat_map(|r| r.reasons.iter())
                .filter(|x| {
                    let b = &x.chosen_score;
                    x.chosen != "nothing"
                        && b.opening > 0.5
                        && b.opening >= b.survival.max(b.economy).max(b.face).max(b.risk)
                })
                .count() as f64
        }),
    }
}

/// Games in which `pred` holds for some round's report.
fn share(games: &[Game], pred: impl Fn(&Game) -> bool) -> f64 {
    games.iter().filter(|g| pred(g)).count() as f64 / games.len() as f64
}

fn made(g: &Game, m: MoveKind) -> bool {
    g.reports().iter().any(|r| r.moves.contains(&m))
}

// ------------------------------------------------------------------ the memo's claims

#[test]
fn memo_claims_hold_under_the_default_assumptions() {
    let rules = shipped("april-2000");
    let appease = stats(&games(&rules, by_id("appease")));
    let qpq = stats(&games(&rules, by_id("quid-pro-quo")));
    let isolation = stats(&games(&rules, by_id("isolation")));
    println!("appease   {appease:?}\nqpq       {qpq:?}\nisolation {isolation:?}");

    // Appeasement draws more provocations than quid pro quo: margin 0.08 a round.
    assert!(
        appease.provocations_per_round > qpq.provocations_per_round + 0.08,
        "provocations/round: appease {:.3} vs qpq {:.3}",
        appease.provocations_per_round,
        qpq.provocations_per_round
    );
    // Quid pro quo yields more verified steps (margin 3 a game) and a better non-proliferation
    // score (margin 8 points).
    assert!(qpq.verified_steps > appease.verified_steps + 3.0);
    assert!(qpq.nonproliferation > appease.nonproliferation + 8.0);
    // Isolation raises collapse and war: at least 25% of games, 20 points above either.
    assert!(
        isolation.collapse_or_war >= 0.25,
        "{}",
        isolation.collapse_or_war
    );
    assert!(isolation.collapse_or_war > qpq.collapse_or_war + 0.20);
    assert!(isolation.collapse_or_war > appease.collapse_or_war + 0.20);
}

#[test]
fn flipping_the_ledger_measurably_changes_the_results() {
    let default = shipped("april-2000");
    let flip = flipped();
    let appease_default = stats(&games(&default, by_id("appease")));
    let appease_flipped = stats(&games(&flip, by_id("appease")));
    println!("default {appease_default:?}\nflipped {appease_flipped:?}");
    // No diversion: nothing diverted, and the hungry get more.
    assert!(appease_default.diverted > 10.0);
    assert_eq!(appease_flipped.diverted, 0.0);
    assert!(appease_flipped.humanitarian > appease_default.humanitarian + 2.0);
    // No fear of opening: when the U.S. opens the North up, no decision is driven by it any more.
    let opener_default = stats(&games(&default, || Box::new(Opener)));
    let opener_flipped = stats(&games(&flip, || Box::new(Opener)));
    println!("opener default {opener_default:?}\nopener flipped {opener_flipped:?}");
    assert!(
        opener_default.opening_driven >= 1.0,
        "{}",
        opener_default.opening_driven
    );
    assert_eq!(opener_flipped.opening_driven, 0.0);
    // ... and opening up then buys far more verified deals (margin 3 a game). The Opener asks for
    // the same step, monitoring, each time, so it is one verified step toward peace however
    // often it is bought; what changes is how often Pyongyang sells it.
    assert!(
        opener_flipped.deals_verified > opener_default.deals_verified + 3.0,
        "verified deals: flipped {:.1}, default {:.1}",
        opener_flipped.deals_verified,
        opener_default.deals_verified
    );
    // The gap in provocations between appeasement and quid pro quo changes.
    let qpq_default = stats(&games(&default, by_id("quid-pro-quo")));
    let qpq_flipped = stats(&games(&flip, by_id("quid-pro-quo")));
    let gap = |a: &Stats, q: &Stats| a.provocations_per_round - q.provocations_per_round;
    let (g0, g1) = (
        gap(&appease_default, &qpq_default),
        gap(&appease_flipped, &qpq_flipped),
    );
    println!("provocation gap: default {g0:.3}, flipped {g1:.3}");
    assert!((g0 - g1).abs() > 0.02, "gap {g0:.3} vs {g1:.3}");
}

// ------------------------------------------------------------------ memo behaviours in play

/// Demands inspection of one site every round and offers nothing.
struct Inspector(&'static str);

impl Strategy for Inspector {
    fn id(&self) -> &'static str {
        "inspector"
    }
    fn plan(&mut self, _seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        vec![Command::Act {
            action: "inspect_site".into(),
            target: Some(self.0.into()),
        }]
    }
}

/// Offers sanctions relief for a test moratorium, reward after the step.
struct MoratoriumForRelief;

impl Strategy for MoratoriumForRelief {
    fn id(&self) -> &'static str {
        "moratorium-for-relief"
    }
    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        if seen.has_step(qpq_core::level::types::StepKind::TestMoratorium)
            || seen.view.open_offer.is_some()
        {
            return Vec::new();
        }
        vec![Command::Offer {
            give: vec!["ease_sanctions".into()],
            ask: vec!["test_moratorium".into()],
            sequencing: Sequencing::StepFirst,
            deadline: Some(2),
        }]
    }
}

/// Opens the North up: investment, engagement, monitored aid, and step-first deals for talks.
struct Opener;

impl Strategy for Opener {
    fn id(&self) -> &'static str {
        "opener"
    }
    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        let act = |a: &str| Command::Act {
            action: a.into(),
            target: None,
        };
        let mut c = vec![
            act("business_mission"),
            act("support_summit"),
            act("ease_sanctions"),
        ];
        if seen.view.open_offer.is_none() {
            c.push(Command::Offer {
                give: vec!["food_aid_monitored".into()],
                ask: vec!["accept_monitoring".into()],
                sequencing: Sequencing::Simultaneous,
                deadline: None,
            });
        }
        c
    }
}

/// Threatens strikes and strikes a suspected site now and then.
struct Striker;

impl Strategy for Striker {
    fn id(&self) -> &'static str {
        "striker"
    }
    fn plan(&mut self, seen: &Seen, _rng: &mut GameRng) -> Vec<Command> {
        if seen.view.round % 4 == 3 {
            vec![Command::Act {
                action: "air_strike".into(),
                target: Some("musudan-ri".into()),
            }]
        } else {
            vec![Command::Act {
                action: "threaten_strike".into(),
                target: None,
            }]
        }
    }
}

#[test]
fn pyongyang_promises_talks_and_then_refuses() {
    let rules = shipped("april-2000");
    let policy = rules.clone();
    let gs = games(&rules, move || {
        strategies::for_level("historical", &policy).expect("the level's policy")
    });
    let s = share(&gs, |g| {
        let promised = g
            .reports()
            .iter()
            .position(|r| r.moves.contains(&MoveKind::PromiseTalks));
        promised.is_some_and(|p| {
            g.reports()[p..]
                .iter()
                .any(|r| r.moves.contains(&MoveKind::BreakPromise))
        })
    });
    println!("promise then refuse: {s:.2}");
    assert!(s >= 0.15, "promise-then-refuse in {s:.2} of games");
}

#[test]
fn pyongyang_stalls_an_inspection_until_the_site_is_clean() {
    let rules = shipped("april-2000");
    let gs = games(&rules, || Box::new(Inspector("musudan-ri")));
    let s = share(&gs, |g| {
        g.reports().iter().any(|r| r.cleaned_while_stalling > 0)
    });
    println!("stalled until clean: {s:.2}");
    assert!(s >= 0.20, "stalled until clean in {s:.2} of games");
}

#[test]
fn pyongyang_diverts_unmonitored_aid() {
    let rules = shipped("april-2000");
    let gs = games(&rules, by_id("appease"));
    let s = share(&gs, |g| g.state().tally.aid_diverted > 0);
    assert!(s >= 0.8, "diverted in {s:.2} of games");
}

#[test]
fn pyongyang_tests_missiles_or_builds_up_for_leverage() {
    let rules = shipped("april-2000");
    let gs = games(&rules, by_id("appease"));
    let s = share(&gs, |g| {
        made(g, MoveKind::MissileTest) || made(g, MoveKind::DmzBuildup)
    });
    assert!(s >= 0.8, "leverage moves in {s:.2} of games");
}

#[test]
fn pyongyang_accepts_a_test_moratorium_for_sanctions_relief() {
    let rules = shipped("sandbox");
    let gs = games(&rules, || Box::new(MoratoriumForRelief));
    let s = share(&gs, |g| {
        g.state().agreements.iter().any(|a| {
            a.obligations
                .iter()
                .any(|o| o.step.kind == qpq_core::level::types::StepKind::TestMoratorium)
        })
    });
    println!("moratorium accepted: {s:.2}");
    assert!(s >= 0.3, "accepted in {s:.2} of games");
}

#[test]
fn pyongyang_walks_out_when_opening_threatens_the_regime() {
    let rules = shipped("april-2000");
    let gs = games(&rules, || Box::new(Opener));
    // A walk-out whose main reason, in Pyongyang's own score breakdown, is the threat of opening.
    let opening_walkout = |g: &Game| {
        g.reports().iter().any(|r| {
            r.moves.contains(&MoveKind::WalkOut)
                && r.reasons.iter().any(|x| {
                    let b = &x.chosen_score;
                    x.chosen_move == Some(MoveKind::WalkOut)
                        && b.opening > 0.5
                        && b.opening >= b.survival.max(b.economy).max(b.face).max(b.risk)
                })
        })
    };
    let s = share(&gs, opening_walkout);
    println!("walk-outs for fear of opening: {s:.2}");
    assert!(
        s >= 0.15,
        "walked out for fear of opening in {s:.2} of games"
    );
    // Without the fear of opening, never for that reason.
    let flip = flipped();
    let gs2 = games(&flip, || Box::new(Opener));
    let s2 = share(&gs2, opening_walkout);
    assert_eq!(s2, 0.0);
}

#[test]
fn pyongyang_answers_strikes_and_threats_militarily() {
    let rules = shipped("april-2000");
    let gs = games(&rules, || Box::new(Striker));
    let s = share(&gs, |g| {
        made(g, MoveKind::Retaliate) || made(g, MoveKind::DmzBuildup)
    });
    assert!(s >= 0.8, "military answers in {s:.2} of games");
    // A strike is answered in kind (a retaliation), not only by a build-up at the DMZ.
    let retaliated = share(&gs, |g| made(g, MoveKind::Retaliate));
    println!("answered militarily: {s:.2}; retaliated: {retaliated:.2}");
    assert!(retaliated >= 0.8, "retaliated in {retaliated:.2} of games");
}

#[test]
fn pyongyang_invades_when_collapse_looms_under_isolation() {
    let rules = shipped("april-2000");
    let gs = games(&rules, by_id("isolation"));
    let invaded = share(&gs, |g| made(g, MoveKind::Invade));
    println!("invaded under isolation: {invaded:.2}");
    assert!(invaded >= 0.05, "invaded in {invaded:.2} of games");
    // Only when the regime was near collapse.
    for g in &gs {
        let mut rs_before = g.rules().initial[Var::RegimeSecurity];
        for r in g.reports() {
            if r.moves.contains(&MoveKind::Invade) {
                assert!(rs_before <= 25, "invaded at regime security {rs_before}");
            }
            rs_before = r.truth[Var::RegimeSecurity];
        }
    }
}

#[test]
fn the_ai_never_makes_a_move_the_rules_refuse() {
    for (id, _) in SHIPPED {
        let rules = shipped(id);
        for strategy in strategies::IDS {
            for seed in 0..6u64 {
                for d in [Difficulty::Easy, Difficulty::Normal] {
                    let mut s = strategies::by_id(strategy).expect("strategy");
                    let g = strategies::play(rules.clone(), seed, d, s.as_mut());
                    for r in g.reports() {
                        assert_eq!(
                            r.refused_moves, 0,
                            "{id}/{strategy}/{seed}/{d}: {:?}",
                            r.hidden
                        );
                    }
                }
            }
        }
        // A few games at hard difficulty too.
        for seed in 0..2u64 {
            let mut s = strategies::by_id("random").expect("strategy");
            let g = strategies::play(rules.clone(), seed, Difficulty::Hard, s.as_mut());
            assert!(g.over().is_some());
            for r in g.reports() {
                assert_eq!(
                    r.refused_moves, 0,
                    "{id}/random/{seed}/hard: {:?}",
                    r.hidden
                );
            }
        }
    }
}
