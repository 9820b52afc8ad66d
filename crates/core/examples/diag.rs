use qpq_core::ai::decision::{self, Part};
use qpq_core::ai::planner::{self, Params, Stats};
use qpq_core::ai::utility::personality;
use qpq_core::ai::Brain;
use qpq_core::level;
use qpq_core::sim::game::{Command, Game};
use qpq_core::sim::orders::{Answer, DprkOrders, InspectionAnswer};
use qpq_core::sim::rng::{GameRng, Stream};
use qpq_core::sim::Difficulty;
use qpq_core::sim::vocab::Sequencing;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(7);
    let give: Vec<String> = args.get(1).map(|s| s.split(',').map(String::from).collect()).unwrap_or(vec!["food_aid_monitored".into()]);
    let ask: Vec<String> = args.get(2).map(|s| s.split(',').map(String::from).collect()).unwrap_or(vec!["halt_exports".into()]);
    let seq = match args.get(3).map(String::as_str) { Some("simultaneous")=>Sequencing::Simultaneous, Some("reward_first")=>Sequencing::RewardFirst, Some("instalments")=>Sequencing::Instalments, _=>Sequencing::StepFirst};
    let loaded = level::shipped("april-2000").unwrap().unwrap();
    let rules = loaded.rules.clone();
    let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
    g.command(Command::Offer { give, ask, sequencing: seq, deadline: Some(3) }).unwrap();
    let st = g.state_after_us_half();
    let p = personality(&rules, &st).unwrap();
    println!("type {}", st.mind.type_ix);
    let params = Brain::for_difficulty(Difficulty::Normal).params;
    let parts = decision::parts(&rules, &st);
    let dice = GameRng::for_round(seed, Stream::Mind, 1);
    let mut stats = Stats { rounds: 0 };
    let base = DprkOrders { inspections: vec![InspectionAnswer::Stall; st.inspections.len()], divert: true, ..DprkOrders::default() };
    for part in &parts {
        if let Part::Answer(ans) = part {
            for a in ans {
                let mut o = base.clone();
                o.answer = Some(a.clone());
                for hz in [3u32, 6, 10] {
                    let pr = Params { horizon: hz, rollouts: 20, ..params };
                    let b = planner::rollout_value(&rules, &st, p, &o, &pr, &dice, &mut stats);
                    print!("{:8} h{hz}: {:7.2} ({}) | ", a.label(), b.total(), b.describe());
                }
                println!();
                if let Answer::Counter(c) = a { println!("   counter: {}", qpq_core::sim::describe::describe_offer(&rules, c)); }
            }
        }
    }
}
