//! Pyongyang's decision latency per difficulty, and simulated rounds per second in its lookahead,
//! on a mid-game April 2000 position (agreements, an open offer, an inspection demand).

#![allow(
    clippy::expect_used,
    reason = "a benchmark without its level cannot run"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qpq_core::ai::strategies::{self, QuidProQuo};
use qpq_core::ai::{Brain, planner};
use qpq_core::level;
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Command, Game};
use qpq_core::sim::orders::DprkOrders;
use qpq_core::sim::rng::{GameRng, Stream};
use qpq_core::sim::state::OpponentView;
use std::hint::black_box;

/// A mid-game position: six rounds of quid pro quo, then an offer and a demand on the table.
fn position() -> Game {
    let text = level::shipped_text("april-2000").expect("april-2000 is shipped");
    let rules = level::load_bytes("april-2000", text.as_bytes())
        .expect("april-2000 loads")
        .rules;
    let mut g =
        strategies::play_rounds(rules, 7, Difficulty::Normal, &mut QuidProQuo::default(), 6);
    let _ = g.command(Command::Act {
        action: "inspect_site".into(),
        target: Some("musudan-ri".into()),
    });
    g
}

fn decisions(c: &mut Criterion) {
    let g = position();
    // The state Pyongyang decides on: after the U.S. half of the round.
    let st = g.state_after_us_half();
    let seen = OpponentView::of(&st);
    let rules = g.rules_arc().clone();
    let mut group = c.benchmark_group("decision");
    for d in Difficulty::ALL.iter().copied() {
        let brain = Brain::for_difficulty(d);
        group.bench_function(d.id(), |b| {
            b.iter(|| {
                let mut rng = GameRng::for_round(7, Stream::Mind, st.round);
                black_box(brain.decide(&rules, &seen, &mut rng))
            })
        });
    }
    group.finish();
}

fn rollouts(c: &mut Criterion) {
    let g = position();
    let st = g.state_after_us_half();
    let rules = g.rules_arc().clone();
    let p = &rules.types[st.mind.type_ix as usize];
    let params = planner::Params {
        horizon: 9,
        rollouts: 10,
        passes: 1,
        noise: 0.0,
    };
    let rounds_per_iter = u64::from(params.rollouts * (params.horizon + 1));
    let mut group = c.benchmark_group("lookahead");
    group.throughput(Throughput::Elements(rounds_per_iter));
    let first = DprkOrders::default();
    let dice = GameRng::new(7, Stream::Mind);
    group.bench_function("simulated_rounds", |b| {
        b.iter(|| {
            let mut stats = planner::Stats { rounds: 0 };
            let v = planner::rollout_value(&rules, &st, p, &first, &params, &dice, &mut stats);
            black_box((v, stats.rounds))
        })
    });
    group.finish();
}

/// A whole April 2000 game at hard difficulty, from a script of real commands (what the text
/// mode and the window do, less the rendering).
fn full_game(c: &mut Criterion) {
    let loaded = level::shipped("april-2000")
        .expect("shipped")
        .expect("april-2000 loads");
    let mut group = c.benchmark_group("full_game");
    group.sample_size(10);
    group.bench_function("april_2000_hard", |b| {
        b.iter(|| {
            let mut g = Game::new(loaded.rules.clone(), 1, Difficulty::Hard);
            for round in 0..24 {
                let mut cmds = vec![
                    Command::Act {
                        action: "surveillance".into(),
                        target: Some("nuclear".into()),
                    },
                    Command::Act {
                        action: "food_aid_monitored".into(),
                        target: None,
                    },
                ];
                if round % 3 == 0 {
                    cmds.push(Command::Offer {
                        give: vec!["ease_sanctions".into(), "heavy_fuel_oil".into()],
                        ask: vec![
                            "curtail_missile".into(),
                            "allow_inspection:musudan-ri".into(),
                        ],
                        sequencing: qpq_core::level::types::Sequencing::StepFirst,
                        deadline: Some(3),
                    });
                }
                for id in 1..4 {
                    cmds.push(Command::Enforce(id));
                }
                cmds.push(Command::End);
                for cmd in cmds {
                    let _ = g.command(cmd);
                }
            }
            black_box(g.hash())
        })
    });
    group.finish();
}

/// The hard AI Washington's decision for a round: every candidate policy played four rounds
/// ahead in two games drawn from what the U.S. believes (the goal: 25 ms or less).
fn washington(c: &mut Criterion) {
    let g = position();
    let rules = g.rules_arc().clone();
    let mut group = c.benchmark_group("washington");
    group.bench_function("ai-hard", |b| {
        b.iter(|| {
            let seen = strategies::seen_of(&g, &rules);
            let mut planner = qpq_core::ai::washington::Planner::for_level(&rules);
            let mut rng = GameRng::new(7, Stream::Strategy);
            black_box(strategies::Strategy::plan(&mut planner, &seen, &mut rng))
        })
    });
    group.finish();
}

criterion_group!(benches, washington, decisions, rollouts, full_game);
criterion_main!(benches);
