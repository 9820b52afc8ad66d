//! Playtests without the window: `cargo run --release -p qpq-core --example playtest --
//! april-2000 [--games N] [--difficulty easy|normal|hard] [--strategy a,b] [--assumptions PRESET]
//! [--set NAME=VALUE ...] [--dims]`. The same engine as `quid-pro-quo simulate`, for quick experiments on
//! the rules without building Bevy.

use qpq_core::analysis::playtest;
use qpq_core::level::{self, Variant};
use qpq_core::sim::Difficulty;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut level_id = "april-2000".to_string();
    let mut games = 100u32;
    let mut difficulty = Difficulty::Normal;
    let mut strategies: Option<Vec<String>> = None;
    let mut variant = Variant::default();
    let mut seed = 1u64;
    let mut k = 0;
    let mut dims = false;
    let mut steps = false;
    while k < args.len() {
        let next = args.get(k + 1).cloned().unwrap_or_default();
        match args[k].as_str() {
            "--games" => games = next.parse().unwrap_or(games),
            "--seed" => seed = next.parse().unwrap_or(seed),
            "--difficulty" => {
                difficulty = match next.as_str() {
                    "easy" => Difficulty::Easy,
                    "hard" => Difficulty::Hard,
                    _ => Difficulty::Normal,
                }
            }
            "--strategy" => strategies = Some(next.split(',').map(str::to_string).collect()),
            "--assumptions" => match level::preset(&next) {
                Ok(p) => variant = variant.with_preset(&p),
                Err(d) => {
                    eprintln!("{}", d.render());
                    std::process::exit(2);
                }
            },
            "--set" => {
                if let Some((a, b)) = next.split_once('=')
                    && let Ok(v) = b.parse()
                {
                    variant = variant.with(a, v);
                }
            }
            "--length" => variant.length = Some(next.clone()),
            "--steps" => {
                steps = true;
                k += 1;
                continue;
            }
            "--dims" => {
                dims = true;
                k += 1;
                continue;
            }
            other => {
                level_id = other.to_string();
                k += 1;
                continue;
            }
        }
        k += 2;
    }
    let loaded = match level::shipped_with(&level_id, &variant) {
        Some(Ok(l)) => l,
        Some(Err(d)) => {
            eprintln!("{}", d.render());
            std::process::exit(2);
        }
        None => {
            eprintln!("no shipped level {level_id}");
            std::process::exit(2);
        }
    };
    let ids = strategies.unwrap_or_else(|| qpq_core::ai::strategies::all_for_level(&loaded.rules));
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let t = std::time::Instant::now();
    let b = playtest::run(&loaded.rules, &refs, games, difficulty, seed, &|| {});
    print!("{}", b.table());
    if dims {
        // Mean of each score dimension per strategy, from the same seeds.
        println!(
            "{:<26} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
            "strategy", "secur", "nonpr", "human", "allie", "domes", "cost", "diplo"
        );
        for id in &refs {
            let mut sum = [0i64; 7];
            for k in 0..games {
                if let Some(g) =
                    playtest::play_one(&loaded.rules, id, seed + u64::from(k), difficulty)
                {
                    let s = g.score();
                    for (x, v) in sum.iter_mut().zip([
                        s.security,
                        s.nonproliferation,
                        s.humanitarian,
                        s.alliances,
                        s.domestic,
                        s.cost_per_step,
                        s.diplomacy,
                    ]) {
                        *x += i64::from(v);
                    }
                }
            }
            let m: Vec<String> = sum
                .iter()
                .map(|x| format!("{:>5.0}", *x as f64 / f64::from(games)))
                .collect();
            println!("{:<26} {}", id, m.join(" "));
        }
    }
    if steps {
        // Verified steps per game by kind, from the same seeds.
        let kinds: Vec<qpq_core::level::types::StepKind> = loaded.rules.step_kinds().collect();
        print!("{:<26}", "verified steps per game");
        for &kind in &kinds {
            print!(" {:>6.6}", loaded.rules.step(kind).id);
        }
        println!();
        for id in &refs {
            let mut n = vec![0u32; kinds.len()];
            for k in 0..games {
                if let Some(g) =
                    playtest::play_one(&loaded.rules, id, seed + u64::from(k), difficulty)
                {
                    for a in &g.state().agreements {
                        for o in a.obligations.iter().filter(|o| o.verified) {
                            if let Some(i) = kinds.iter().position(|&x| x == o.step.kind) {
                                n[i] += 1;
                            }
                        }
                    }
                }
            }
            print!("{:<26}", id);
            for x in n {
                print!(" {:>6.2}", f64::from(x) / f64::from(games));
            }
            println!();
        }
    }
    eprintln!("{:.1} s", t.elapsed().as_secs_f64());
}
