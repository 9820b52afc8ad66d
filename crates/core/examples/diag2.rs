use qpq_core::ai::strategies;
use qpq_core::level;
use qpq_core::sim::Difficulty;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(7);
    let strat = args.get(1).cloned().unwrap_or("quid-pro-quo".into());
    let loaded = level::shipped("april-2000").unwrap().unwrap();
    let rules = loaded.rules.clone();
    let mut s = strategies::by_id(&strat).unwrap();
    let g = strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut());
    for r in g.reports() {
        println!("--- round {} ---", r.round);
        for l in qpq_core::sim::describe::describe_orders(&rules, &r.us) { println!("  US: {l}"); }
        for n in &r.news { if matches!(n.kind, qpq_core::sim::report::NewsKind::Answer | qpq_core::sim::report::NewsKind::Agreement | qpq_core::sim::report::NewsKind::Pyongyang) { println!("  NEWS: {}", n.headline); if n.kind == qpq_core::sim::report::NewsKind::Answer { println!("        {}", n.body); } } }
        for x in &r.reasons { println!("  WHY: {}", x.line()); }
    }
    println!("score {:?} verified {}", g.score().total, g.state().tally.verified_steps);
}
