//! Each side reads its own seat. The opponent's view leaves out the U.S.'s intelligence picture
//! and its unanswered notices, so what the AI decides cannot depend on them; the U.S. seat shows
//! reasons only where the difficulty allows and the whole game only once it is over.

use crate::common::repo;
use qpq_core::ai::Brain;
use qpq_core::ai::strategies::{QuidProQuo, play_rounds};
use qpq_core::level;
use qpq_core::sim::Difficulty;
use qpq_core::sim::rng::{GameRng, Stream};
use qpq_core::sim::rules::StepTarget;
use qpq_core::sim::seat::UsSeat;
use qpq_core::sim::state::{Notice, OpponentView};
use qpq_core::sim::vars::Hidden;
use qpq_core::sim::vocab::StepKind;
use std::sync::Arc;

fn april(difficulty: Difficulty, rounds: u32) -> qpq_core::sim::game::Game {
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    play_rounds(
        Arc::clone(&loaded.rules),
        11,
        difficulty,
        &mut QuidProQuo::default(),
        rounds,
    )
}

#[test]
fn the_opponent_decides_the_same_whatever_the_us_secretly_knows() {
    let g = april(Difficulty::Normal, 6);
    let st = g.state_after_us_half();
    let mut other = st.clone();
    other.intel.estimate = Hidden::splat(93);
    other.intel.band = Hidden::splat(2);
    other.intel.looked = Hidden::splat(true);
    other.notices.push(Notice {
        agreement: 1,
        step: StepTarget {
            kind: StepKind::Freeze,
            site: Some(0),
        },
        round: st.round,
        what: "satellites saw trucks at night".into(),
    });
    assert_ne!(
        st, other,
        "the two states differ in what only the U.S. knows"
    );
    let (a, b) = (OpponentView::of(&st), OpponentView::of(&other));
    assert_eq!(a.world(), b.world(), "the views are the same");
    assert!(a.world().notices.is_empty());
    let brain = Brain::for_difficulty(Difficulty::Hard);
    let decide = |v: &OpponentView| {
        let mut rng = GameRng::for_round(11, Stream::Mind, st.round);
        brain.decide(g.rules(), v, &mut rng)
    };
    assert_eq!(decide(&a), decide(&b));
    // Its own values it sees exactly.
    assert_eq!(a.world().vars, st.vars);
    assert_eq!(a.world().mind, st.mind);
}

#[test]
fn the_us_seat_hides_reasons_on_hard_and_the_game_until_the_end() {
    let hard = april(Difficulty::Hard, 4);
    let seat = UsSeat::of(&hard);
    assert!(!seat.reasons_shown());
    let r = seat.last_report().expect("a round was played");
    assert_eq!(r.reasons().count(), 0);
    assert!(seat.revealed().is_none(), "the game is not over");
    let normal = april(Difficulty::Normal, 4);
    let seat = UsSeat::of(&normal);
    assert!(seat.reasons_shown());
    assert!(seat.reports().count() == 4);
    let whole = april(Difficulty::Normal, 40);
    assert!(whole.over().is_some());
    assert!(UsSeat::of(&whole).revealed().is_some());
}

use qpq_core::sim::game::{
    Ack, AnswerKind, Chair, Command, Game, OpponentCommand, Phase, Refusal, SeatRefusal,
};

/// Plays the U.S. commands of `log` in a game with a person opposite, answering each round with
/// the commands `commands_of` makes of the AI's own decision on that person-game's state; after
/// every round the state must equal the AI game's.
fn person_replays_the_ai(file: &str, strategy: &str, seed: u64, difficulty: Difficulty) -> u32 {
    let loaded = level::load_file(&repo(file)).unwrap();
    let rules = Arc::clone(&loaded.rules);
    let mut s = qpq_core::ai::strategies::by_id(strategy).unwrap();
    let played = qpq_core::ai::strategies::play(Arc::clone(&rules), seed, difficulty, s.as_mut());
    let mut ai = Game::new(Arc::clone(&rules), seed, difficulty);
    let mut person = Game::seated(Arc::clone(&rules), seed, difficulty, Chair::Person);
    let brain = Brain::for_difficulty(difficulty);
    let mut rounds = 0;
    for cmd in played.commands() {
        let a = ai.command(cmd.clone());
        let p = person.command(cmd.clone());
        if *cmd != Command::End {
            assert_eq!(a.is_ok(), p.is_ok(), "{cmd:?}");
            continue;
        }
        assert_eq!(p, Ok(Ack::Waiting(rules.names.opponent.clone())));
        assert_eq!(person.phase(), Phase::Opponent);
        let round = person.round();
        let seen = OpponentView::of(person.state());
        let mut rng = GameRng::for_round(seed, Stream::Mind, round);
        let orders = brain.decide(&rules, &seen, &mut rng);
        for c in person.commands_of(&orders) {
            let said = person.command(Command::Opponent(c.clone()));
            assert!(
                said.is_ok(),
                "{file} round {round}: {c:?} refused: {said:?}"
            );
        }
        assert_eq!(person.phase(), Phase::Us);
        assert_eq!(person.state(), ai.state(), "{file} round {round}");
        assert_eq!(
            person.reports().last().map(|r| &r.changes),
            ai.reports().last().map(|r| &r.changes)
        );
        rounds += 1;
    }
    assert_eq!(person.over(), played.over());
    rounds
}

#[test]
fn a_person_in_the_other_chair_can_give_every_order_the_ai_gives() {
    let mut rounds = 0;
    for (file, strategy, seed, d) in [
        (
            "levels/april-2000.ron",
            "quid-pro-quo",
            3,
            Difficulty::Normal,
        ),
        ("levels/april-2000.ron", "appease", 5, Difficulty::Hard),
        ("levels/april-2000.ron", "random", 9, Difficulty::Easy),
        ("levels/crisis-1993.ron", "hard-line", 2, Difficulty::Normal),
        (
            "levels/collapse-2002.ron",
            "engagement",
            4,
            Difficulty::Normal,
        ),
        ("levels/action-2007.ron", "grudger", 6, Difficulty::Hard),
        (
            "levels/examples/varnia.ron",
            "student",
            1,
            Difficulty::Normal,
        ),
    ] {
        rounds += person_replays_the_ai(file, strategy, seed, d);
    }
    assert!(rounds > 100, "{rounds} rounds");
}

#[test]
fn the_other_chair_waits_its_turn_and_says_why_it_refuses() {
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let mut g = Game::seated(
        Arc::clone(&loaded.rules),
        4,
        Difficulty::Normal,
        Chair::Person,
    );
    let opp = |c: OpponentCommand| Command::Opponent(c);
    // Not its turn while the U.S. plans.
    let early = g.command(opp(OpponentCommand::Divert(true)));
    assert!(
        matches!(early, Err(Refusal::NotYourTurn { .. })),
        "{early:?}"
    );
    assert!(
        g.command(Command::Offer {
            give: vec!["food_aid_monitored".into()],
            ask: vec!["allow_inspection:musudan-ri".into()],
            sequencing: qpq_core::sim::vocab::Sequencing::StepFirst,
            deadline: Some(3),
        })
        .is_ok()
    );
    assert!(matches!(g.command(Command::End), Ok(Ack::Waiting(_))));
    // Now the U.S. waits.
    let late = g.command(Command::End);
    assert!(
        matches!(&late, Err(Refusal::NotYourTurn { waiting_for }) if waiting_for == "Pyongyang")
    );
    let refused = |g: &mut Game, c: OpponentCommand| match g.command(opp(c)) {
        Err(Refusal::Opponent(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(
        refused(
            &mut g,
            OpponentCommand::Answer {
                answer: AnswerKind::Counter,
                terms: None
            }
        ),
        SeatRefusal::TermsNeeded
    );
    match refused(&mut g, OpponentCommand::Move("missile_tst".into())) {
        SeatRefusal::UnknownMove { suggestion, .. } => {
            assert_eq!(suggestion.as_deref(), Some("missile_test"))
        }
        r => panic!("{r:?}"),
    }
    assert_eq!(
        refused(&mut g, OpponentCommand::Monitors(true)),
        SeatRefusal::NoMonitorRequest
    );
    assert!(matches!(
        refused(
            &mut g,
            OpponentCommand::Inspection {
                site: "yongbyon".into(),
                answer: qpq_core::sim::orders::InspectionAnswer::Accept
            }
        ),
        SeatRefusal::NoDemand(_)
    ));
    // Every refusal reads as a sentence.
    assert!(SeatRefusal::TermsNeeded.to_string().ends_with('.'));
    // Accepting makes the agreement when the round resolves.
    let before = g.state().agreements.len();
    assert!(
        g.command(opp(OpponentCommand::Answer {
            answer: AnswerKind::Accept,
            terms: None
        }))
        .is_ok()
    );
    assert_eq!(g.command(opp(OpponentCommand::End)), Ok(Ack::RoundEnded));
    assert_eq!(g.state().agreements.len(), before + 1);
    assert_eq!(g.phase(), Phase::Us);
    // The whole log, both chairs, replays to the same game.
    let again = Game::replay_seated(
        Arc::clone(&loaded.rules),
        4,
        Difficulty::Normal,
        Chair::Person,
        g.commands(),
    );
    assert_eq!(again.hash(), g.hash());
}

/// A person giving random orders from the other chair, on every shipped level: the rules hold,
/// the game ends, and its record — which says a person sat there — replays to the same game.
#[test]
fn a_record_of_a_game_with_a_person_opposite_replays_to_the_same_game() {
    use qpq_core::analysis::record::{GameRecord, OtherChair};
    use qpq_core::fuzzing::{command_from, opponent_command_from};
    let mut finished = 0;
    for (i, (id, _)) in level::SHIPPED.iter().enumerate() {
        let loaded = level::shipped(id).unwrap().unwrap();
        let rules = Arc::clone(&loaded.rules);
        let mut g = Game::seated(
            Arc::clone(&rules),
            40 + i as u64,
            Difficulty::Normal,
            Chair::Person,
        );
        let mut rng = GameRng::new(7 + i as u64, Stream::Strategy);
        let mut person_orders = 0;
        for _ in 0..3000 {
            if g.over().is_some() {
                break;
            }
            let (k, a, b) = (
                rng.below(256) as u8,
                rng.below(65536) as u16,
                rng.below(65536) as u16,
            );
            let c = match g.phase() {
                Phase::Us => command_from(&rules, k, a, b),
                Phase::Opponent => {
                    person_orders += 1;
                    Command::Opponent(opponent_command_from(&rules, k, a, b))
                }
            };
            let _ = g.command(c);
        }
        assert!(
            person_orders > 20,
            "{id}: {person_orders} orders from the other chair"
        );
        finished += usize::from(g.over().is_some());
        let record = GameRecord::of(&g, id, "Ada");
        assert_eq!(record.other_chair, OtherChair::Person);
        let text = record.to_ron();
        assert!(text.contains("other_chair: Person"), "{text}");
        let parsed = GameRecord::parse("r.ron", text.as_bytes()).unwrap();
        assert_eq!(parsed.replay(&loaded).hash(), g.hash(), "{id}");
    }
    assert!(finished >= 3, "{finished} games finished");
    // A record of a game against the AI says nothing of the chair, as records always did.
    let loaded = level::shipped("tutorial").unwrap().unwrap();
    let g = Game::new(Arc::clone(&loaded.rules), 1, Difficulty::Normal);
    assert!(
        !GameRecord::of(&g, "tutorial", "")
            .to_ron()
            .contains("other_chair")
    );
}

/// What the other chair reads never depends on what only Washington knows: rendered from a game
/// and from the same game with the U.S.'s secrets changed (its intelligence picture, unanswered
/// detections, its own news, covert collection, its plan in progress), it is the same text.
#[test]
fn the_other_chair_reads_nothing_only_washington_knows() {
    use qpq_core::analysis::document::terminal;
    use qpq_core::analysis::wording;
    use qpq_core::sim::seat::OpponentSeat;
    let mut compared = 0;
    let mut us_differs = 0;
    for (file, strategy, seed) in [
        ("levels/april-2000.ron", "quid-pro-quo", 3),
        ("levels/april-2000.ron", "random", 8),
        ("levels/crisis-1993.ron", "hard-line", 2),
    ] {
        let loaded = level::load_file(&repo(file)).unwrap();
        let rules = Arc::clone(&loaded.rules);
        let mut s = qpq_core::ai::strategies::by_id(strategy).unwrap();
        let played = qpq_core::ai::strategies::play(
            Arc::clone(&rules),
            seed,
            Difficulty::Normal,
            s.as_mut(),
        );
        let mut g = Game::seated(Arc::clone(&rules), seed, Difficulty::Normal, Chair::Person);
        let brain = Brain::for_difficulty(Difficulty::Normal);
        let read = |g: &Game| terminal(&wording::opponent_situation(OpponentSeat::of(g)), 96);
        for cmd in played.commands() {
            let _ = g.command(cmd.clone());
            // While the U.S. plans, and while the round waits for the other chair.
            let other = g.with_us_secrets_scrambled();
            assert_eq!(read(&g), read(&other), "{file} round {}", g.round());
            compared += 1;
            if UsSeat::of(&g).view() != UsSeat::of(&other).view() {
                us_differs += 1;
            }
            if g.phase() == Phase::Opponent {
                let seen = OpponentView::of(g.state());
                let mut rng = GameRng::for_round(seed, Stream::Mind, g.round());
                let orders = brain.decide(&rules, &seen, &mut rng);
                for c in g.commands_of(&orders) {
                    let _ = g.command(Command::Opponent(c));
                }
            }
            if g.over().is_some() {
                break;
            }
        }
    }
    assert!(compared > 200, "{compared}");
    // The scrambling did change what the U.S. reads: the check could have failed.
    assert!(us_differs > 100, "{us_differs}");
}

/// The other side's score weighs its goals as its type does: a collapse takes its grip on power
/// to 0, and a regime that fears opening loses more for the same openness than one that does not.
#[test]
fn the_other_sides_score_weighs_its_goals_as_its_type_does() {
    use qpq_core::sim::score::RegimeScore;
    use qpq_core::sim::vars::Var;
    use qpq_core::sim::vocab::OutcomeKind;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = &loaded.rules;
    let g = Game::new(Arc::clone(rules), 3, Difficulty::Normal);
    let st = g.state().clone();
    let before = RegimeScore::of(&st, rules);
    assert_eq!(before.security, st.vars[Var::RegimeSecurity]);
    assert!(('A'..='F').contains(&before.grade));
    let mut fallen = st.clone();
    fallen.outcome = Some(OutcomeKind::Collapse);
    let after = RegimeScore::of(&fallen, rules);
    assert_eq!(after.security, 0);
    assert!(after.total < before.total);
    // Openness far past tolerance: the type that fears opening most loses most.
    let mut open = st.clone();
    open.vars[Var::Openness] = 100;
    let loss = |type_ix: u16| {
        let mut a = st.clone();
        a.mind.type_ix = type_ix;
        let mut b = open.clone();
        b.mind.type_ix = type_ix;
        RegimeScore::of(&a, rules).total - RegimeScore::of(&b, rules).total
    };
    let fears: Vec<(i32, i32)> = (0..rules.types.len() as u16)
        .map(|t| (rules.types[t as usize].opening_fear, loss(t)))
        .collect();
    let most = fears.iter().max_by_key(|(f, _)| *f).unwrap();
    let least = fears.iter().min_by_key(|(f, _)| *f).unwrap();
    assert!(most.0 > least.0, "{fears:?}");
    assert!(most.1 >= least.1, "{fears:?}");
    assert!(most.1 > 0, "{fears:?}");
}

/// The built-in policies for the other chair give only orders the rules accept, and the
/// cross-table plays each pair, the same every time.
#[test]
fn the_other_chairs_policies_play_by_the_rules_and_the_cross_table_is_deterministic() {
    use qpq_core::ai::pyongyang;
    use qpq_core::analysis::cross;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = Arc::clone(&loaded.rules);
    for id in pyongyang::IDS {
        for seed in 1..4 {
            let opponent = pyongyang::by_id(id).unwrap();
            let g = Game::with_opponent(Arc::clone(&rules), seed, Difficulty::Normal, opponent);
            let mut s = qpq_core::ai::strategies::by_id("quid-pro-quo").unwrap();
            let g = qpq_core::ai::strategies::play_game(g, s.as_mut(), u32::MAX);
            assert!(g.over().is_some(), "{id}");
            let refused: u32 = g.reports().iter().map(|r| r.refused_moves).sum();
            assert_eq!(refused, 0, "{id} seed {seed}: moves the rules refused");
        }
    }
    let us = ["quid-pro-quo", "appease"];
    let them = ["cooperator", "hard-liner", "ai-normal"];
    let a = cross::cross(&rules, &us, &them, 6, Difficulty::Normal, 1).unwrap();
    let b = cross::cross(&rules, &us, &them, 6, Difficulty::Normal, 1).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 6);
    for c in &a {
        assert_eq!(c.outcomes.values().sum::<u32>(), 6, "{c:?}");
        assert!((0.0..=100.0).contains(&c.us_mean) && (0.0..=100.0).contains(&c.them_mean));
    }
    // A partner that keeps its word makes quid pro quo pay: verified peace, most games.
    let kept = a
        .iter()
        .find(|c| c.us == "quid-pro-quo" && c.them == "cooperator")
        .unwrap();
    assert!(
        kept.outcomes.get("verified_peace").copied().unwrap_or(0) >= 4,
        "{kept:?}"
    );
    let text = cross::table(&a, "Pyongyang");
    assert!(
        text.contains("U.S. \\ Pyongyang") && text.contains("hard-liner"),
        "{text}"
    );
    assert!(cross::cross(&rules, &us, &["saint"], 1, Difficulty::Normal, 1).is_err());
}

/// "What Washington saw of you": everything the other side did in secret is listed with whether
/// and when the U.S. saw it, each sighting matching what the U.S. read that round; the section
/// is in the other chair's debrief only once the game is over.
#[test]
fn the_other_chairs_debrief_says_what_washington_saw_of_it() {
    use qpq_core::ai::pyongyang;
    use qpq_core::analysis::document::terminal;
    use qpq_core::analysis::{Debrief, wording};
    use qpq_core::sim::seat::OpponentSeat;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = Arc::clone(&loaded.rules);
    let (mut at_once, mut later, mut never) = (0, 0, 0);
    for seed in 1..7 {
        let opponent = pyongyang::by_id("cheat-and-retreat").unwrap();
        let g = Game::with_opponent(Arc::clone(&rules), seed, Difficulty::Normal, opponent);
        let mut s = qpq_core::ai::strategies::by_id("quid-pro-quo").unwrap();
        let midway = qpq_core::ai::strategies::play_game(g.clone(), s.as_mut(), 5);
        let d = Debrief::of(&midway, "");
        assert!(
            wording::opponent_debrief(OpponentSeat::of(&midway), &d).is_none(),
            "not before the end"
        );
        let mut s = qpq_core::ai::strategies::by_id("quid-pro-quo").unwrap();
        let g = qpq_core::ai::strategies::play_game(g, s.as_mut(), u32::MAX);
        let secret = wording::covert_record(&g);
        let acts: usize = g.reports().iter().map(|r| r.covert.len()).sum();
        assert_eq!(secret.len(), acts);
        for (round, what, seen, did) in &secret {
            let r = g.reports().iter().find(|r| r.round == *round).unwrap();
            match seen {
                Some(s) if s == round => {
                    at_once += 1;
                    assert!(
                        r.news.iter().any(|n| n.us_only) || r.violations_seen > 0,
                        "seed {seed} round {round}: {what} seen with nothing the U.S. read"
                    );
                }
                Some(s) => {
                    later += 1;
                    let found = g.reports().iter().find(|f| f.round == *s).unwrap();
                    assert!(!found.found.is_empty() && found.violations_seen > 0);
                    assert!(what.starts_with("claimed"), "{what}");
                }
                None => {
                    never += 1;
                    assert_eq!(did, "—");
                }
            }
        }
        let d = Debrief::of(&g, "");
        let text = terminal(
            &wording::opponent_debrief(OpponentSeat::of(&g), &d).expect("over"),
            96,
        );
        assert!(text.contains("What Washington saw of you"), "{text}");
        assert!(text.contains("What Washington believed of you"));
    }
    // Each kind of row happened, so each check above could have failed.
    assert!(
        at_once > 0 && later > 0 && never > 0,
        "{at_once} {later} {never}"
    );
}

/// The other chair reads Washington's inner state only as estimates: Congress and the budget are
/// not in its exact table, and each estimate holds the truth within its band, the same for the
/// same game.
#[test]
fn the_other_chair_estimates_washington_within_a_band() {
    use qpq_core::ai::pyongyang;
    use qpq_core::analysis::document::terminal;
    use qpq_core::analysis::wording;
    use qpq_core::sim::seat::OpponentSeat;
    use qpq_core::sim::vars::Var;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = Arc::clone(&loaded.rules);
    let mut off = 0;
    for seed in 1..5 {
        let opponent = pyongyang::by_id("cheat-and-retreat").unwrap();
        let g = Game::with_opponent(Arc::clone(&rules), seed, Difficulty::Normal, opponent);
        let mut s = qpq_core::ai::strategies::by_id("quid-pro-quo").unwrap();
        for rounds in [1, 4, 9] {
            let g = qpq_core::ai::strategies::play_game(g.clone(), s.as_mut(), rounds);
            let seat = OpponentSeat::of(&g);
            let reading = seat.reading();
            assert_eq!(reading, OpponentSeat::of(&g.clone()).reading());
            let truth = [g.state().vars[Var::Congress], g.state().vars[Var::Budget]];
            for ((what, estimate, band), truth) in reading.iter().zip(truth) {
                assert!(
                    (estimate - truth).abs() <= *band,
                    "{what}: {estimate} ± {band} vs {truth}"
                );
                off += i32::from(*estimate != truth);
            }
            let text = terminal(&wording::opponent_situation(seat), 96);
            let exact = text.split("What you make of Washington").next().unwrap();
            assert!(!exact.contains("Congress"), "{exact}");
            assert!(text.contains("Congress: its patience"));
        }
    }
    assert!(off > 10, "the estimates are estimates: {off}");
}

/// The hard AI Washington plans on what the U.S. believes: scrambling everything only the other
/// side knows (its true values, sites, real steps, type, beliefs, hidden moves) changes nothing
/// it does.
#[test]
fn the_hard_ai_washington_never_reads_the_other_sides_secrets() {
    use qpq_core::ai::strategies::{Strategy, seen_of};
    use qpq_core::ai::washington::Planner;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = Arc::clone(&loaded.rules);
    let mut compared = 0;
    for (seed, rounds) in [(2, 3), (5, 7), (9, 11)] {
        let g = qpq_core::ai::strategies::play_rounds(
            Arc::clone(&rules),
            seed,
            Difficulty::Normal,
            &mut QuidProQuo::default(),
            rounds,
        );
        let other = g.with_secrets_scrambled();
        let plan = |g: &Game| {
            let mut p = Planner::for_level(&rules);
            let mut rng = GameRng::new(seed, Stream::Strategy);
            let seen = seen_of(g, &rules);
            (p.weigh(&seen, &mut rng.clone()), p.plan(&seen, &mut rng))
        };
        let (a, b) = (plan(&g), plan(&other));
        assert!(!a.0.is_empty());
        assert_eq!(a, b, "seed {seed} round {rounds}");
        compared += 1;
    }
    assert_eq!(compared, 3);
}

/// The AI Washington's difficulties get harder in order for the other chair played as the AI
/// plays it: the U.S. scores more, and the other side less, from easy to hard.
#[test]
fn the_ai_washingtons_difficulties_are_harder_in_order() {
    use qpq_core::analysis::cross;
    let loaded = level::load_file(&repo("levels/april-2000.ron")).unwrap();
    let rules = Arc::clone(&loaded.rules);
    let cells = cross::cross(
        &rules,
        &["ai-easy", "ai-normal", "ai-hard"],
        &["ai-normal"],
        40,
        Difficulty::Normal,
        1,
    )
    .unwrap();
    let us: Vec<f64> = cells.iter().map(|c| c.us_mean).collect();
    let them: Vec<f64> = cells.iter().map(|c| c.them_mean).collect();
    assert!(us[0] < us[1] && us[1] < us[2], "U.S. {us:?}");
    assert!(
        them[0] > them[1] && them[1] > them[2],
        "other side {them:?}"
    );
}

/// Levels decide which chairs can be played: every shipped chapter offers both, each with its
/// own briefing; the tutorial only the U.S. one; `check` points at a broken `sides` with a fix.
#[test]
fn levels_declare_their_sides_and_check_says_what_is_wrong() {
    use qpq_core::sim::vocab::Side;
    for id in ["april-2000", "crisis-1993", "collapse-2002", "action-2007"] {
        let loaded = level::load_file(&repo(&format!("levels/{id}.ron"))).unwrap();
        let sides = &loaded.rules.sides;
        assert!(
            sides.playable(Side::Us) && sides.playable(Side::Opponent),
            "{id}"
        );
        let b = sides.opponent.as_ref().expect("the other chair's briefing");
        assert!(b.context.contains("You are Pyongyang"), "{id}");
        assert!(!b.objectives.is_empty() && !b.sources.is_empty(), "{id}");
        assert!(
            loaded.warnings.items.is_empty(),
            "{id}: {}",
            loaded.warnings.render()
        );
    }
    let tutorial = level::load_file(&repo("levels/tutorial.ron")).unwrap();
    assert!(!tutorial.rules.sides.playable(Side::Opponent));

    let april = std::fs::read_to_string(repo("levels/april-2000.ron")).unwrap();
    let start = april.find("    sides: (").unwrap();
    let end = start + april[start..].find("\n    ),\n").unwrap() + "\n    ),\n".len();
    let with = |sides: &str| format!("{}{sides}\n{}", &april[..start], &april[end..]);
    let said = |sides: &str| match level::load_bytes("april-2000.ron", with(sides).as_bytes()) {
        Ok(l) => l.warnings.render(),
        Err(d) => d.render(),
    };
    let empty = said("    sides: (playable: []),");
    assert!(empty.contains("no chair can be played"), "{empty}");
    let twice = said("    sides: (playable: [us, us], opponent: (context: \"x\")),");
    assert!(twice.contains("`us` is listed twice"), "{twice}");
    let typo = said("    sides: (washington: \"quid-pro-qou\", opponent: (context: \"x\")),");
    assert!(typo.contains("no U.S. policy `quid-pro-qou`"), "{typo}");
    assert!(typo.contains("did you mean `quid-pro-quo`?"), "{typo}");
    let source = said("    sides: (opponent: (context: \"x\", sources: [\"nielan-2000\"])),");
    assert!(source.contains("unknown source `nielan-2000`"), "{source}");
    let bare = said("    sides: (playable: [us, opponent]),");
    assert!(bare.contains("has no briefing of its own"), "{bare}");
    // Each message points at the line of the mistake.
    let line = april[..start].lines().count() + 1;
    assert!(typo.contains(&format!("{line} │")), "{typo}");
    // The level's own policy is a valid choice.
    let ok = said("    sides: (washington: \"historical\", opponent: (context: \"x\")),");
    assert!(ok.is_empty(), "{ok}");
}
