//! The other side's chair in the window: a student chooses it on the briefing, plays April 2000
//! as Pyongyang against the AI Washington with the same inputs a player gives (keys, clicks) to
//! its own debrief; nothing only Washington knows reaches the screen; two students at one screen
//! pass the seat through a handover that shows nothing of either side.

use crate::app::{Harness, changed_by, screen_texts};
use bevy::prelude::*;
use quid_pro_quo::game::acts::{Act, Screen};
use quid_pro_quo::game::shots::opponent_session;
use quid_pro_quo::game::state::{Seating, Session};
use quid_pro_quo::sim::game::{AnswerKind, OpponentCommand};

#[test]
fn a_student_plays_april_2000_as_pyongyang_in_the_window_to_its_debrief() {
    let mut h = Harness::new("other-chair");
    h.key(KeyCode::KeyP);
    h.key(crate::common::shipped_level_key("april-2000"));
    assert_eq!(h.screen(), Screen::Briefing);
    h.click(&Act::SetSeating(Seating::Opponent));
    // Its own briefing, in its own words.
    assert!(h.texts().contains("In Pyongyang's chair"), "{}", h.texts());
    assert!(h.texts().contains("You are Pyongyang"));
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Opponent);
    let s = h.session().expect("a session");
    assert_eq!(s.seating, Seating::Opponent);
    assert_eq!(s.washington_id().as_deref(), Some("ai-normal"));
    assert!(h.texts().contains("What you make of Washington"));
    assert!(h.texts().contains("End your half"));
    let mut rounds = 0;
    let mut secret = 0;
    while h.screen() == Screen::Opponent && rounds < 40 {
        let round = h.session().map(|s| s.seat().round()).unwrap_or_default();
        if h.session()
            .is_some_and(|s| s.opponent_seat().offer().is_some())
        {
            // A click on Accept at first; then its key, A.
            if rounds == 0 {
                h.click(&Act::Order(OpponentCommand::Answer {
                    answer: AnswerKind::Accept,
                    terms: None,
                }));
            } else {
                h.key(KeyCode::KeyA);
            }
            assert!(
                h.texts().contains("Answer to the offer: accept"),
                "round {round}: {}",
                h.texts()
            );
        }
        let covert = h.session().is_some_and(|s| {
            s.opponent_seat()
                .moves_possible()
                .iter()
                .any(|(id, _, _)| id == "covert_nuclear")
        });
        if rounds % 4 == 3 && covert {
            // Below the fold: a keyboard user tabs to it.
            h.press(&Act::Order(OpponentCommand::Move("covert_nuclear".into())));
            assert!(
                h.texts().contains("Move: Covert nuclear work"),
                "{}",
                h.texts()
            );
            secret += 1;
        }
        h.key(KeyCode::KeyE);
        rounds += 1;
        if h.screen() == Screen::Opponent {
            let now = h.session().map(|s| s.seat().round()).unwrap_or_default();
            assert_eq!(now, round + 1, "the round resolved and Washington moved");
            assert!(h.texts().contains(&format!("Round {round} resolved")));
        }
    }
    assert_eq!(h.screen(), Screen::Debrief, "after {rounds} rounds");
    let texts = h.texts();
    assert!(texts.contains("Pyongyang's chair"), "{texts}");
    assert!(texts.contains("What Washington saw of you"));
    assert!(secret > 0, "no covert move was possible");
    assert!(texts.contains("Covert nuclear work"), "{texts}");
    // The autosave says who sat where, and opens on the same chair.
    let record = std::fs::read_to_string(h.dir.join("autosave.ron")).expect("autosave");
    assert!(
        record.contains("washington: Some(\"ai-normal\")"),
        "{record}"
    );
}

#[test]
fn the_other_chairs_screen_shows_nothing_only_washington_knows() {
    let mut h = Harness::new("other-chair-secrets");
    let mut compared = 0;
    for (rounds, seed) in [(1, 3), (4, 7), (9, 11)] {
        let s = opponent_session("april-2000", rounds, seed).expect("session");
        h.show(s, Screen::Opponent);
        let (shown, diff) = changed_by(&mut h, Session::scramble_us_secrets);
        assert!(
            diff.is_empty(),
            "round {rounds}: Washington's secret shows in {diff:?}"
        );
        compared += shown;
    }
    assert!(compared > 150, "{compared}");
}

#[test]
fn two_students_pass_the_seat_through_a_handover_that_shows_nothing() {
    let mut h = Harness::new("hotseat");
    h.key(KeyCode::KeyP);
    h.key(crate::common::shipped_level_key("april-2000"));
    h.key(KeyCode::KeyB);
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Round);
    h.click(&Act::Plan("food_aid_monitored".into()));
    h.key(KeyCode::KeyE);
    // The U.S. half is in; the seat passes to Pyongyang with nothing on screen.
    assert_eq!(h.screen(), Screen::Handover);
    let shown = screen_texts(&mut h);
    assert!(
        shown.iter().all(|t| !t.chars().any(|c| c.is_ascii_digit())),
        "a number on the handover screen: {shown:?}"
    );
    assert!(h.texts().contains("Pass the seat to Pyongyang"));
    h.key(KeyCode::Enter);
    assert_eq!(h.screen(), Screen::Opponent);
    assert!(h.texts().contains("Where you stand"));
    // Washington's estimates are not on Pyongyang's screen.
    assert!(!h.texts().contains("Nuclear programme (est"));
    h.key(KeyCode::KeyE);
    assert_eq!(h.screen(), Screen::Handover);
    assert!(h.texts().contains("Pass the seat to Washington"));
    h.key(KeyCode::Enter);
    assert_eq!(h.screen(), Screen::Report, "the U.S. reads its report");
    assert_eq!(h.session().map(|s| s.seat().round()), Some(2));
}
