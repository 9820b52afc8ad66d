//! Pyongyang's decision latency per difficulty, and simulated rounds per second in its lookahead,
//! on a mid-game April 2000 position (agreements, an open offer, an inspection demand).

#![allow(
    clippy::expect_used,
    reason = "a benchmark without its level cannot run"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quid_pro_quo::ai::strategies::{self, QuidProQuo};
use quid_pro_quo::ai::{Brain, planner};
use quid_pro_quo::level;
use quid_pro_quo::sim::Difficulty;
use quid_pro_quo::sim::game::{Command, Game};
use quid_pro_quo::sim::orders::DprkOrders;
use quid_pro_quo::sim::rng::{GameRng, Stream};
use std::hint::black_box;

/// A mid-game position: six rounds of quid pro quo, then an offer and a demand on the table.
fn position() -> Game {
    let (_, text) = level::SHIPPED
        .iter()
        .find(|(id, _)| *id == "april-2000")
        .expect("april-2000 is shipped");
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
    let rules = g.rules_arc().clone();
    let mut group = c.benchmark_group("decision");
    for d in Difficulty::ALL {
        let brain = Brain::for_difficulty(d);
        group.bench_function(d.id(), |b| {
            b.iter(|| {
                let mut rng = GameRng::for_round(7, Stream::Mind, st.round);
                black_box(brain.decide(&rules, &st, &mut rng))
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

/// A whole April 2000 game at hard difficulty in text mode, from a script of real commands.
fn text_game(c: &mut Criterion) {
    let loaded = quid_pro_quo::cli::resolve_level("april-2000").expect("april-2000 loads");
    let mut script = String::new();
    for round in 0..24 {
        script.push_str("status\nsurveillance nuclear\nfood_aid_monitored\n");
        if round % 3 == 0 {
            script.push_str("offer give=ease_sanctions,heavy_fuel_oil ask=curtail_missile,allow_inspection:musudan-ri seq=step-first deadline=3\n");
        }
        script.push_str("enforce 1\nenforce 2\nenforce 3\nreport\nwhy\nend\n");
    }
    let mut group = c.benchmark_group("text_game");
    group.sample_size(10);
    group.bench_function("april_2000_hard", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            let end = quid_pro_quo::cli::play::play(
                &loaded,
                1,
                Difficulty::Hard,
                &mut std::io::Cursor::new(script.as_bytes().to_vec()),
                &mut out,
                true,
            );
            black_box((end.is_ok(), out.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, decisions, rollouts, text_game);
criterion_main!(benches);
