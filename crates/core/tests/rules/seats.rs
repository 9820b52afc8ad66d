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
