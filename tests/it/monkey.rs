//! Random input against the headless game: key presses (shortcuts, Tab and Shift+Tab, Enter,
//! Space, Esc), clicks on random controls and random places, clicks that move and press in the
//! same frame (touchscreens), and wheel scrolls, from several seeds. Between inputs the app runs
//! zero to three frames, as the real window does (it only draws when something happens), so two
//! rebuilds can follow each other with no quiet frame between them. After every step the app
//! must still be running and its state consistent.
//!
//! `QPQ_MONKEY_STEPS` sets the number of steps per seed (default 80, a few seconds; `.ci/run` runs 1,000).

use crate::app::Harness;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::{MouseButtonInput, MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use quid_pro_quo::game::acts::Act;
use quid_pro_quo::game::acts::Screen;
use quid_pro_quo::game::screens::frame::ScreenRoot;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Every key the game reacts to somewhere, and a few it does not. `Q` is left out: it quits,
/// which is the one way the app is allowed to stop.
const KEYS: &[KeyCode] = &[
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Space,
    KeyCode::Escape,
    KeyCode::F1,
    KeyCode::KeyA,
    KeyCode::KeyB,
    KeyCode::KeyC,
    KeyCode::KeyE,
    KeyCode::KeyF,
    KeyCode::KeyG,
    KeyCode::KeyH,
    KeyCode::KeyJ,
    KeyCode::KeyL,
    KeyCode::KeyM,
    KeyCode::KeyN,
    KeyCode::KeyO,
    KeyCode::KeyP,
    KeyCode::KeyR,
    KeyCode::KeyS,
    KeyCode::KeyT,
    KeyCode::KeyU,
    KeyCode::KeyV,
    KeyCode::KeyW,
    KeyCode::KeyX,
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit9,
    KeyCode::Equal,
    KeyCode::Minus,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::ArrowDown,
    KeyCode::Home,
];

fn send_key(h: &mut Harness, code: KeyCode, state: ButtonState) {
    let window = h.window();
    h.app.world_mut().write_message(KeyboardInput {
        key_code: code,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window,
    });
}

fn move_to(h: &mut Harness, at: Vec2) {
    let window = h.window();
    let w = h.app.world_mut();
    if let Ok(mut win) = w.query::<&mut Window>().get_mut(w, window) {
        win.set_physical_cursor_position(Some(at.as_dvec2()));
    }
    let moved = bevy::window::CursorMoved {
        window,
        position: at,
        delta: None,
    };
    w.write_message(moved.clone());
    w.write_message(bevy::window::WindowEvent::CursorMoved(moved));
}

fn mouse(h: &mut Harness, state: ButtonState) {
    let window = h.window();
    let input = MouseButtonInput {
        button: MouseButton::Left,
        state,
        window,
    };
    h.app.world_mut().write_message(input);
    h.app
        .world_mut()
        .write_message(bevy::window::WindowEvent::MouseButtonInput(input));
}

/// The centres of the controls on screen, except Quit.
fn controls(h: &mut Harness) -> Vec<(Act, Vec2)> {
    let w = h.app.world_mut();
    let mut q = w.query::<(&Act, &ComputedNode, &UiGlobalTransform)>();
    let mut v: Vec<(Act, Vec2)> = q
        .iter(w)
        .filter(|(a, n, _)| **a != Act::Quit && n.size().x > 0.0)
        .map(|(a, _, t)| (a.clone(), t.translation))
        .collect();
    // Query order is not part of the contract; sort so a seed always picks the same control.
    v.sort_by(|a, b| format!("{:?}{:?}", a.0, a.1).cmp(&format!("{:?}{:?}", b.0, b.1)));
    v
}

fn idle(h: &mut Harness, rng: &mut ChaCha8Rng) {
    // Mostly one frame, often none, sometimes a few: the window only draws on input.
    let n = match rng.random_range(0..10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => rng.random_range(2..=3),
    };
    h.frames(n);
}

/// One random input. Returns a description for the failure message.
fn step(h: &mut Harness, rng: &mut ChaCha8Rng, chair: Option<KeyCode>) -> String {
    let (ww, wh) = {
        let w = h.app.world_mut();
        let mut q = w.query::<&Window>();
        q.iter(w)
            .next()
            .map(|w| (w.physical_width() as f32, w.physical_height() as f32))
            .unwrap_or((1280.0, 720.0))
    };
    // A student who reaches a briefing usually starts the game: with six shipped levels and
    // their lengths to click, a pure random walk could spend its steps in the menus.
    if h.screen() == Screen::Briefing && rng.random_bool(0.3) {
        // A walk about the other chair sits there first (or both at one screen).
        if let Some(key) = chair {
            send_key(h, key, ButtonState::Pressed);
            idle(h, rng);
            send_key(h, key, ButtonState::Released);
            h.frames(1);
        }
        send_key(h, KeyCode::KeyS, ButtonState::Pressed);
        idle(h, rng);
        send_key(h, KeyCode::KeyS, ButtonState::Released);
        return "key KeyS (start from the briefing)".into();
    }
    match rng.random_range(0..100) {
        0..=44 => {
            let code = KEYS[rng.random_range(0..KEYS.len())];
            send_key(h, code, ButtonState::Pressed);
            idle(h, rng);
            send_key(h, code, ButtonState::Released);
            format!("key {code:?}")
        }
        45..=52 => {
            send_key(h, KeyCode::ShiftLeft, ButtonState::Pressed);
            h.frames(1);
            send_key(h, KeyCode::Tab, ButtonState::Pressed);
            h.frames(1);
            send_key(h, KeyCode::Tab, ButtonState::Released);
            send_key(h, KeyCode::ShiftLeft, ButtonState::Released);
            "shift+tab".into()
        }
        53..=82 => {
            let cs = controls(h);
            if cs.is_empty() {
                return "no control to click".into();
            }
            let (act, at) = cs[rng.random_range(0..cs.len())].clone();
            // Half the clicks move and press in the same frame, as a touchscreen does.
            let touch = rng.random_bool(0.5);
            move_to(h, at);
            if !touch {
                h.frames(1);
            }
            mouse(h, ButtonState::Pressed);
            idle(h, rng);
            mouse(h, ButtonState::Released);
            format!("{} {act:?}", if touch { "tap" } else { "click" })
        }
        83..=89 => {
            let at = Vec2::new(rng.random_range(0.0..ww), rng.random_range(0.0..wh));
            move_to(h, at);
            mouse(h, ButtonState::Pressed);
            h.frames(1);
            mouse(h, ButtonState::Released);
            format!("click at {at}")
        }
        _ => {
            let at = Vec2::new(rng.random_range(0.0..ww), rng.random_range(0.0..wh));
            move_to(h, at);
            let window = h.window();
            let y = if rng.random_bool(0.5) { -3.0 } else { 3.0 };
            h.app.world_mut().write_message(MouseWheel {
                unit: MouseScrollUnit::Line,
                x: 0.0,
                y,
                window,
                phase: bevy::input::touch::TouchPhase::Moved,
            });
            format!("scroll {y} at {at}")
        }
    }
}

/// What must hold whenever the app has settled.
fn check(h: &mut Harness) -> Result<(), String> {
    if let Some(exit) = h.app.should_exit() {
        return Err(format!("the app asked to exit: {exit:?}"));
    }
    let screen = h.screen();
    let has_session = h.session().is_some();
    if matches!(
        screen,
        Screen::Round | Screen::Report | Screen::Debrief | Screen::Opponent | Screen::Handover
    ) && !has_session
    {
        return Err(format!("{screen:?} is shown without a game"));
    }
    if let Some(s) = h.session() {
        use quid_pro_quo::game::state::Seating;
        if screen == Screen::Opponent && s.seating == Seating::Us {
            return Err("the other chair's screen is shown to the U.S. player".into());
        }
        if screen == Screen::Handover && s.seating != Seating::Both {
            return Err("a handover is shown with one player".into());
        }
        if matches!(screen, Screen::Round | Screen::Report) && s.seating == Seating::Opponent {
            return Err(format!(
                "{screen:?} (the U.S.'s) is shown to the other chair"
            ));
        }
    }
    if let Some(s) = h.session() {
        let g = s.inspect_game();
        if g.round() > g.rules().rounds + 1 {
            return Err(format!("round {} of {}", g.round(), g.rules().rounds));
        }
        if screen == Screen::Round && g.over().is_some() {
            return Err("the round screen is shown for a game that is over".into());
        }
        if screen == Screen::Report && g.reports().is_empty() {
            return Err("the report screen is shown before any round was played".into());
        }
    }
    let w = h.app.world_mut();
    let roots = w.query_filtered::<(), With<ScreenRoot>>().iter(w).count();
    if roots != 1 {
        return Err(format!("{roots} screen roots after the app settled"));
    }
    let focus = w.resource::<bevy::input_focus::InputFocus>().get();
    if let Some(e) = focus
        && w.get_entity(e).is_err()
    {
        return Err(format!("focus is on a despawned entity {e}"));
    }
    Ok(())
}

fn monkey(seed: u64) {
    monkey_in(seed, None);
}

/// A walk that sits in a chair chosen by `chair` on the briefing (O: the other side, B: both).
fn monkey_in(seed: u64, chair: Option<KeyCode>) {
    let steps: usize = std::env::var("QPQ_MONKEY_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(80);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut h = Harness::new(&format!("monkey{seed}"));
    // A walk about a chair starts at April 2000's briefing, where the chair is chosen.
    if let Some(key) = chair {
        h.key(KeyCode::KeyP);
        h.key(crate::common::shipped_level_key("april-2000"));
        h.key(key);
    }
    let mut trail: Vec<String> = Vec::new();
    let mut screens = std::collections::BTreeSet::new();
    for i in 0..steps {
        let what = step(&mut h, &mut rng, chair);
        trail.push(format!("{i}: {what} (on {:?})", h.screen()));
        if trail.len() > 25 {
            trail.remove(0);
        }
        // Run the step's frames under a catch: a panic inside Bevy is a failure with the trail.
        if let Err(e) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.frames(1))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "seed {seed}: the app panicked ({msg}) after:\n{}",
                trail.join("\n")
            );
        }
        screens.insert(format!("{:?}", h.screen()));
        // Settle before checking: a screen change takes a frame to apply.
        if i % 5 == 4 {
            h.frames(2);
            if let Err(e) = check(&mut h) {
                panic!("seed {seed}: {e} after:\n{}", trail.join("\n"));
            }
        }
        // A finished game is only interesting for a while: go back to the menu sometimes.
        if h.screen() == Screen::Debrief && rng.random_range(0..20) == 0 {
            h.key(KeyCode::Escape);
        }
    }
    h.frames(2);
    if let Err(e) = check(&mut h) {
        panic!("seed {seed}: {e} after:\n{}", trail.join("\n"));
    }
    // The walk must get past the menus to be worth anything.
    let played = match chair {
        Some(KeyCode::KeyO) => "Opponent",
        _ => "Round",
    };
    assert!(
        screens.contains(played),
        "seed {seed} only saw {screens:?} after:\n{}",
        trail.join("\n")
    );
}

#[test]
fn random_input_never_stops_the_game_in_the_other_chair() {
    monkey_in(11, Some(KeyCode::KeyO));
}

#[test]
fn random_input_never_stops_the_game_with_two_players_at_one_screen() {
    monkey_in(12, Some(KeyCode::KeyB));
}

#[test]
fn random_input_never_stops_the_game_seed_1() {
    monkey(1);
}

#[test]
fn random_input_never_stops_the_game_seed_2() {
    monkey(2);
}

#[test]
fn random_input_never_stops_the_game_seed_3() {
    monkey(3);
}

#[test]
fn random_input_never_stops_the_game_seed_5() {
    monkey(5);
}
