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
    let hz: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    let ro: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let loaded = level::shipped("april-2000").unwrap().unwrap();
    let rules = loaded.rules.clone();
    let offers: Vec<(&str, &str, Sequencing)> = vec![
        ("food_aid_monitored", "attend_talks", Sequencing::StepFirst),
        ("food_aid_monitored", "halt_exports", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil", "halt_exports", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil,ease_sanctions", "halt_exports", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil,ease_sanctions,liaison_office", "halt_exports", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil", "halt_exports", Sequencing::Simultaneous),
        ("food_aid_monitored,heavy_fuel_oil", "halt_exports", Sequencing::RewardFirst),
        ("food_aid_monitored,heavy_fuel_oil", "curtail_missile", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil,ease_sanctions", "curtail_missile", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil", "allow_inspection:musudan-ri", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil", "accept_monitoring", Sequencing::StepFirst),
        ("food_aid_monitored,heavy_fuel_oil", "pull_back_artillery", Sequencing::StepFirst),
        ("ease_sanctions", "attend_talks", Sequencing::StepFirst),
        ("heavy_fuel_oil", "accept_monitoring", Sequencing::StepFirst),
    ];
    let params = Brain::for_difficulty(Difficulty::Normal).params;
    for (give, ask, seq) in offers {
        let mut g = Game::new(rules.clone(), seed, Difficulty::Normal);
        g.command(Command::Offer { give: give.split(',').map(String::from).collect(), ask: ask.split(',').map(String::from).collect(), sequencing: seq, deadline: Some(3) }).unwrap();
        let st = g.state_after_us_half();
        let p = personality(&rules, &st).unwrap();
        let dice = GameRng::for_round(seed, Stream::Mind, 1);
        let mut stats = Stats { rounds: 0 };
        let base = DprkOrders { inspections: vec![InspectionAnswer::Stall; st.inspections.len()], divert: true, ..DprkOrders::default() };
        let pr = Params { horizon: hz, rollouts: ro, ..params };
        let v = |a: Answer, stats: &mut Stats| { let mut o = base.clone(); o.answer = Some(a); planner::rollout_value(&rules, &st, p, &o, &pr, &dice, stats) };
        let acc = v(Answer::Accept, &mut stats); let rej = v(Answer::Reject, &mut stats); let sta = v(Answer::Stall, &mut stats);
        println!("{:70} acc-rej {:+6.2} [{}]  stall-rej {:+6.2}", format!("{give} for {ask} {}", seq.id()), acc.total()-rej.total(), acc.minus(&rej).describe(), sta.total()-rej.total());
    }
}
