//! The window's logic without a window or GPU: a headless `App` with real UI layout and text,
//! driven through the same input a player gives (keys, Tab and Enter, mouse clicks), from the
//! main menu through several rounds to the debrief; saves, resume, settings, hot reload; and a
//! layout audit of every screen at 1280×720 and 1920×1080, at UI scale 1.0 and 1.5.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::MouseButtonInput;
use bevy::prelude::*;
use quid_pro_quo::game::acts::Screen;
use quid_pro_quo::game::acts::{Act, Paused};
use quid_pro_quo::game::hot_reload::ReloadError;
use quid_pro_quo::game::state::{Session, Settings};
use quid_pro_quo::game::{self, Options, layout};
use std::path::PathBuf;

pub(crate) struct Harness {
    pub(crate) app: App,
    pub(crate) dir: PathBuf,
}

pub(crate) fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "qpq-app-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp");
    d
}

impl Harness {
    pub(crate) fn new(name: &str) -> Harness {
        Harness::with(name, Options::default())
    }

    pub(crate) fn with(name: &str, mut options: Options) -> Harness {
        let dir = options.data_dir.clone().unwrap_or_else(|| tmp(name));
        options.data_dir = Some(dir.clone());
        let mut h = Harness {
            app: game::headless(options),
            dir,
        };
        h.frames(4);
        h
    }

    pub(crate) fn frames(&mut self, n: usize) {
        for _ in 0..n {
            self.app.update();
        }
    }

    pub(crate) fn window(&mut self) -> Entity {
        let w = self.app.world_mut();
        w.query_filtered::<Entity, With<Window>>()
            .iter(w)
            .next()
            .expect("a window")
    }

    pub(crate) fn key(&mut self, code: KeyCode) {
        let window = self.window();
        for state in [ButtonState::Pressed, ButtonState::Released] {
            self.app.world_mut().write_message(KeyboardInput {
                key_code: code,
                logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window,
            });
            self.frames(1);
        }
        self.frames(2);
    }

    pub(crate) fn screen(&self) -> Screen {
        *self.app.world().resource::<State<Screen>>().get()
    }

    pub(crate) fn session(&self) -> Option<&Session> {
        self.app.world().get_resource::<Session>()
    }

    /// Clicks the centre of the control that carries this act.
    pub(crate) fn click(&mut self, act: &Act) {
        let window = self.window();
        let w = self.app.world_mut();
        let mut q = w.query::<(&Act, &ComputedNode, &UiGlobalTransform)>();
        let center = q
            .iter(w)
            .find(|(a, _, _)| *a == act)
            .map(|(_, _, t)| t.translation)
            .unwrap_or_else(|| panic!("no control for {act:?}"));
        if let Ok(mut win) = w.query::<&mut Window>().get_mut(w, window) {
            win.set_physical_cursor_position(Some(center.as_dvec2()));
        }
        // As the window system reports it: to bevy_ui and to picking.
        let moved = bevy::window::CursorMoved {
            window,
            position: center,
            delta: None,
        };
        w.write_message(moved.clone());
        w.write_message(bevy::window::WindowEvent::CursorMoved(moved));
        self.frames(1);
        for state in [ButtonState::Pressed, ButtonState::Released] {
            let input = MouseButtonInput {
                button: MouseButton::Left,
                state,
                window,
            };
            self.app.world_mut().write_message(input);
            self.app
                .world_mut()
                .write_message(bevy::window::WindowEvent::MouseButtonInput(input));
            self.frames(1);
        }
        self.frames(2);
    }

    /// Reaches the control that carries this act with Tab, then presses Enter on it.
    pub(crate) fn press(&mut self, act: &Act) {
        for _ in 0..300 {
            let focused = self
                .app
                .world()
                .resource::<bevy::input_focus::InputFocus>()
                .get();
            if let Some(e) = focused
                && self.app.world().get::<Act>(e) == Some(act)
            {
                self.key(KeyCode::Enter);
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("Tab never reached {act:?}");
    }

    pub(crate) fn texts(&mut self) -> String {
        let w = self.app.world_mut();
        let mut q = w.query::<&Text>();
        q.iter(w)
            .map(|t| t.0.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Opens `screen` on the game of `s`.
    pub(crate) fn show(&mut self, s: Session, screen: Screen) {
        self.app.world_mut().insert_resource(s);
        self.app
            .world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(screen);
        self.app
            .world_mut()
            .resource_mut::<quid_pro_quo::game::acts::Dirty>()
            .0 = true;
        self.frames(3);
        assert_eq!(self.screen(), screen);
    }

    pub(crate) fn has_control(&mut self, act: &Act) -> bool {
        let w = self.app.world_mut();
        let mut q = w.query::<&Act>();
        q.iter(w).any(|a| a == act)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn from_the_menu_through_rounds_to_the_debrief_by_keyboard_and_mouse() {
    let mut h = Harness::new("flow");
    assert_eq!(h.screen(), Screen::Menu);
    assert!(h.texts().contains("Quid Pro Quo"));
    // Mouse: Play opens the level list.
    h.click(&Act::Go(Screen::LevelSelect));
    assert_eq!(h.screen(), Screen::LevelSelect);
    assert!(h.texts().contains("April 2000: Seek Quid Pro Quo"));
    // Keyboard: 1 chooses the tutorial, S starts it.
    h.key(KeyCode::Digit1);
    assert_eq!(h.screen(), Screen::Briefing);
    assert!(h.texts().contains("Objectives"));
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Round);
    assert_eq!(
        h.session().map(|s| s.seat().rules().id.clone()),
        Some("tutorial".into())
    );
    // The tutorial tip says how to do it in the window, not with typed commands.
    let t = h.texts();
    assert!(t.contains("then End round [E]"), "{t}");
    assert!(!t.contains("`food_aid_monitored`"), "{t}");
    // Plan an action with the mouse, then end the round with E.
    h.click(&Act::Plan("food_aid_monitored".into()));
    assert_eq!(h.session().map(|s| s.seat().plan().actions.len()), Some(1));
    assert!(h.texts().contains("Planned: Food aid (monitored)"));
    // Tab + Enter reaches and presses controls too.
    h.key(KeyCode::Tab);
    let focused = h
        .app
        .world()
        .resource::<bevy::input_focus::InputFocus>()
        .get();
    assert!(focused.is_some(), "Tab focuses a control");
    h.key(KeyCode::KeyE);
    assert_eq!(h.screen(), Screen::Report);
    assert!(h.texts().contains("Report · round 1"));
    h.key(KeyCode::KeyW);
    assert!(h.texts().contains("Why did Pyongyang do that?"));
    h.key(KeyCode::KeyN);
    assert_eq!(h.screen(), Screen::Round);
    // An offer through the offer tab.
    h.key(KeyCode::KeyO);
    h.click(&Act::Give("heavy_fuel_oil".into()));
    h.click(&Act::Ask("attend_talks".into()));
    h.press(&Act::SendOffer);
    assert!(
        h.session().is_some_and(|s| s.seat().plan().offer.is_some()),
        "{:?} {:?}",
        h.session().map(|s| s.message.clone()),
        h.session().map(|s| s.offer.clone())
    );
    // Play the rest of the tutorial.
    for _ in 0..10 {
        if h.screen() == Screen::Debrief {
            break;
        }
        if h.screen() == Screen::Round {
            h.key(KeyCode::KeyE);
        }
        if h.screen() == Screen::Report {
            h.key(KeyCode::KeyN);
        }
    }
    assert_eq!(h.screen(), Screen::Debrief);
    let t = h.texts();
    assert!(t.contains("True values against your estimates"));
    assert!(t.contains("Your strategy fingerprint"));
    assert!(t.contains("What actually happened") || t.contains("Questions for discussion"));
    // Export the debrief.
    h.key(KeyCode::KeyH);
    let exported = std::fs::read_dir(h.dir.join("exports"))
        .expect("exports")
        .filter_map(|e| e.ok())
        .any(|e| e.path().extension().is_some_and(|x| x == "html"));
    assert!(exported);
}

#[test]
fn pause_save_main_menu_and_continue_after_a_crash() {
    let dir = tmp("resume");
    let round_before;
    {
        let mut h = Harness::with(
            "resume",
            Options {
                data_dir: Some(dir.clone()),
                ..Options::default()
            },
        );
        h.key(KeyCode::KeyT);
        h.key(KeyCode::KeyS);
        h.key(KeyCode::KeyE);
        h.key(KeyCode::KeyN);
        h.press(&Act::Plan("brief_congress".into()));
        round_before = h.session().map(|s| s.seat().round()).expect("session");
        // The pause menu saves under a name (the suggested one, here).
        h.key(KeyCode::Escape);
        assert!(h.app.world().resource::<Paused>().0);
        h.key(KeyCode::KeyS);
        h.key(KeyCode::Enter);
        let saves = std::fs::read_dir(dir.join("saves")).expect("saves").count();
        assert_eq!(saves, 1);
        // The app is dropped here without quitting: a crash.
        std::mem::forget(h.dir.clone());
        h.dir = tmp("resume-unused");
    }
    let mut h = Harness::with(
        "resume2",
        Options {
            data_dir: Some(dir.clone()),
            ..Options::default()
        },
    );
    assert!(h.has_control(&Act::Continue), "the menu offers to continue");
    h.key(KeyCode::KeyC);
    assert_eq!(h.screen(), Screen::Round);
    let s = h.session().expect("restored");
    assert_eq!(s.seat().round(), round_before);
    assert_eq!(
        s.seat().plan().actions.len(),
        1,
        "even the planned action is back"
    );
    // Load lists the saves.
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyM);
    assert_eq!(h.screen(), Screen::Menu);
    h.key(KeyCode::KeyL);
    assert_eq!(h.screen(), Screen::Load);
    assert!(h.texts().contains("Autosave"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// How many frames the game asked for during `n` updates (the window sleeps otherwise).
fn redraws(h: &mut Harness, n: usize) -> usize {
    let mut cursor = h
        .app
        .world()
        .resource::<Messages<bevy::window::RequestRedraw>>()
        .get_cursor();
    let mut count = 0;
    for _ in 0..n {
        h.frames(1);
        let m = h
            .app
            .world()
            .resource::<Messages<bevy::window::RequestRedraw>>();
        count += cursor.read(m).count();
    }
    count
}

/// The shipped game (without the `dev` tooling) keeps drawing after a screen is rebuilt and while
/// pipelines compile, then sleeps: in stop 17 this lived in the `dev` tooling, and the shipped
/// window showed a new round without its map markers, bars and End round button until the mouse
/// moved. `redraw` is not behind a feature, and this checks it in the app the tests build.
#[test]
fn the_round_screen_asks_for_no_frames_while_nothing_changes() {
    let mut h = Harness::new("idle");
    // As in the window once every pipeline is compiled.
    h.app
        .world_mut()
        .insert_resource(quid_pro_quo::game::redraw::PipelinesReady(true));
    h.key(KeyCode::KeyT);
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Round);
    h.frames(10);
    assert_eq!(
        redraws(&mut h, 30),
        0,
        "the idle round screen keeps drawing"
    );
    // A change draws a few frames, then stops again.
    let mut cursor = h
        .app
        .world()
        .resource::<Messages<bevy::window::RequestRedraw>>()
        .get_cursor();
    h.click(&Act::Plan("food_aid_monitored".into()));
    let m = h
        .app
        .world()
        .resource::<Messages<bevy::window::RequestRedraw>>();
    let after_change = cursor.read(m).count();
    assert!((1..=10).contains(&after_change), "{after_change}");
    assert!(
        redraws(&mut h, 5) <= 4,
        "a change settles within a few frames"
    );
    assert_eq!(redraws(&mut h, 30), 0);
}

#[test]
fn settings_change_the_scale_and_palette_and_persist() {
    let mut h = Harness::new("settings");
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Settings);
    h.key(KeyCode::Equal);
    h.key(KeyCode::Equal);
    assert_eq!(h.app.world().resource::<UiScale>().0, 1.5);
    h.key(KeyCode::KeyB);
    h.key(KeyCode::KeyH);
    let s = h.app.world().resource::<Settings>().clone();
    assert!(s.colorblind);
    assert_eq!(s.difficulty, quid_pro_quo::sim::Difficulty::Hard);
    let saved = std::fs::read_to_string(h.dir.join("settings.ron")).expect("saved");
    assert!(
        saved.contains("ui_scale: 1.5") && saved.contains("colorblind: true"),
        "{saved}"
    );
    h.key(KeyCode::Escape);
    assert_eq!(h.screen(), Screen::Menu);
    // A broken settings file does not stop the game.
    std::fs::write(h.dir.join("settings.ron"), "(ui_scale: \"big\"").expect("write");
    let mut again = Harness::with(
        "settings2",
        Options {
            data_dir: Some(h.dir.clone()),
            ..Options::default()
        },
    );
    assert!(again.texts().contains("default settings are used"));
}

#[test]
fn editing_the_level_file_reloads_it_or_shows_where_it_is_wrong() {
    let dir = tmp("reload");
    std::fs::create_dir_all(dir.join("levels")).expect("levels dir");
    let level = dir.join("levels").join("mine.ron");
    let text = std::fs::read_to_string("levels/tutorial.ron")
        .expect("level")
        .replace("id: \"tutorial\"", "id: \"mine\"")
        .replace("Tutorial: Learning the Table", "My Level");
    std::fs::write(&level, &text).expect("write");
    let mut h = Harness::with(
        "reload",
        Options {
            data_dir: Some(dir.clone()),
            ..Options::default()
        },
    );
    h.key(KeyCode::KeyP);
    assert!(h.texts().contains("My Level"));
    h.key(crate::common::first_user_level_key());
    h.key(KeyCode::KeyS);
    assert_eq!(
        h.session().map(|s| s.seat().rules().id.clone()),
        Some("mine".into())
    );
    h.key(KeyCode::KeyE);
    h.key(KeyCode::KeyN);
    assert_eq!(h.session().map(|s| s.seat().round()), Some(2));
    // Break it: the overlay names the line.
    let broken = text.replacen("Leak(\"hill-site\")", "Leak(\"hill-sight\")", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("hill-sight"))
        .expect("line")
        + 1;
    std::fs::write(&level, &broken).expect("write");
    let mut seen = None;
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(60));
        h.frames(1);
        if let Some(e) = h.app.world().resource::<ReloadError>().0.clone() {
            seen = Some(e);
            break;
        }
    }
    let e = seen.expect("the broken file is noticed");
    assert!(
        e.problems
            .iter()
            .any(|(l, _, m)| *l == line && m.contains("hill-sight")),
        "{e:?}"
    );
    h.frames(2);
    assert!(h.texts().contains("The level file changed and has errors"));
    // Fix it, with a change: the game is replayed on it, back to round 2.
    let fixed = text.replacen(
        "budget: (start: 200, refill: 40)",
        "budget: (start: 300, refill: 40)",
        1,
    );
    std::fs::write(&level, &fixed).expect("write");
    let mut cleared = false;
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(60));
        h.frames(1);
        if h.app.world().resource::<ReloadError>().0.is_none() {
            cleared = true;
            break;
        }
    }
    assert!(cleared);
    let s = h.session().expect("session");
    assert_eq!(s.seat().round(), 2);
    assert_eq!(s.seat().rules().budget_start, 300);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every screen at one size and interface scale: nothing sticks out, leaves the window, or
/// overflows its box.
fn every_screen_fits(w: u32, h: u32, scale: f32) {
    let mut report = Vec::new();
    for screen in game::shots::SCREENS {
        let mut app = Harness::with(
            "layout",
            Options {
                size: Some((w, h)),
                scale: Some(scale),
                screen: Some(screen.to_string()),
                ..Options::default()
            },
        );
        app.frames(6);
        for p in layout::problems(app.app.world_mut()) {
            report.push(format!("{screen} at {w}×{h}, scale {scale}: {p}"));
        }
    }
    assert!(
        report.is_empty(),
        "{} layout problems:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn every_screen_fits_a_laptop_1280x720() {
    every_screen_fits(1280, 720, 1.0);
}

#[test]
fn every_screen_fits_a_projector_scale_on_a_laptop_1280x720_x1_5() {
    every_screen_fits(1280, 720, 1.5);
}

#[test]
fn every_screen_fits_an_old_classroom_screen_1024x768() {
    every_screen_fits(1024, 768, 1.0);
}

#[test]
fn every_screen_fits_full_hd_1920x1080() {
    every_screen_fits(1920, 1080, 1.0);
}

#[test]
fn every_screen_fits_full_hd_with_projector_scale_1920x1080_x1_5() {
    every_screen_fits(1920, 1080, 1.5);
}

/// Every text on screen and every tooltip, in a stable order.
/// What the screen shown says before and after `scramble` changes the session's secrets: how
/// many texts it showed, and those that changed (each a secret on screen).
pub(crate) fn changed_by(h: &mut Harness, scramble: fn(&mut Session)) -> (usize, Vec<String>) {
    use quid_pro_quo::game::acts::Dirty;
    let real = screen_texts(h);
    scramble(&mut h.app.world_mut().resource_mut::<Session>());
    h.app.world_mut().resource_mut::<Dirty>().0 = true;
    h.frames(2);
    let other = screen_texts(h);
    let diff = real
        .iter()
        .filter(|t| !other.contains(t))
        .cloned()
        .collect();
    (real.len(), diff)
}

pub(crate) fn screen_texts(h: &mut Harness) -> Vec<String> {
    let w = h.app.world_mut();
    let mut out: Vec<String> = w.query::<&Text>().iter(w).map(|t| t.0.clone()).collect();
    out.extend(
        w.query::<&quid_pro_quo::game::widgets::Tip>()
            .iter(w)
            .map(|t| t.0.clone()),
    );
    out.sort();
    out
}

#[test]
fn the_window_shows_no_secret_during_play() {
    use quid_pro_quo::game::acts::Tab;
    use quid_pro_quo::game::shots::scripted_session;
    let mut h = Harness::new("secrets");
    let mut compared = 0;
    for (level, rounds, seed) in [
        ("april-2000", 3, 1),
        ("april-2000", 7, 2),
        ("tutorial", 4, 6),
    ] {
        for (screen, tab) in [
            (Screen::Round, Tab::Actions),
            (Screen::Round, Tab::Offer),
            (Screen::Round, Tab::Agreements),
            (Screen::Report, Tab::Actions),
        ] {
            let mut s = scripted_session(level, rounds, seed).expect("session");
            if screen == Screen::Report {
                let _ = s.command(quid_pro_quo::sim::game::Command::End);
                s.show_why = true;
            }
            s.tab = tab;
            h.show(s, screen);
            let (shown, diff) = changed_by(&mut h, Session::scramble_secrets);
            assert!(
                diff.is_empty(),
                "{level} round {rounds} {screen:?} {tab:?}: a secret shows in {diff:?}"
            );
            compared += shown;
        }
    }
    assert!(compared > 300, "{compared}");
}

#[test]
fn withdrawing_asks_first_is_planned_and_undone_like_any_order() {
    let mut h = Harness::new("withdraw");
    h.key(KeyCode::KeyP);
    h.key(crate::common::shipped_level_key("april-2000"));
    h.key(KeyCode::KeyS);
    assert_eq!(
        h.session().map(|s| s.seat().rules().id.clone()),
        Some("april-2000".into())
    );
    h.key(KeyCode::KeyG);
    h.click(&Act::Break(1));
    // One click only asks.
    assert!(
        h.session()
            .is_some_and(|s| s.seat().plan().breaks.is_empty())
    );
    assert!(h.texts().contains("Withdraw from agreement 1?"));
    // Esc keeps the agreement.
    h.key(KeyCode::Escape);
    assert!(!h.texts().contains("Withdraw from agreement 1?"));
    assert!(!h.app.world().resource::<Paused>().0);
    h.click(&Act::Break(1));
    h.click(&Act::Confirm);
    assert_eq!(
        h.session().map(|s| s.seat().plan().breaks.clone()),
        Some(vec![1])
    );
    assert!(h.texts().contains("Withdrawal planned"));
    h.key(KeyCode::KeyA);
    assert!(h.texts().contains("Withdraw from agreement 1"));
    // U takes it back.
    h.key(KeyCode::KeyU);
    assert!(
        h.session()
            .is_some_and(|s| s.seat().plan().breaks.is_empty())
    );
    h.key(KeyCode::KeyE);
    assert!(h.session().is_some_and(|s| {
        s.inspect_game()
            .state()
            .agreement(1)
            .is_some_and(|a| a.active())
    }));
}

impl Harness {
    /// A touchscreen tap: the pointer jumps to the control and presses in the same frame.
    pub(crate) fn tap(&mut self, act: &Act) {
        let window = self.window();
        let w = self.app.world_mut();
        let mut q = w.query::<(&Act, &ComputedNode, &UiGlobalTransform)>();
        let center = q
            .iter(w)
            .find(|(a, _, _)| *a == act)
            .map(|(_, _, t)| t.translation)
            .unwrap_or_else(|| panic!("no control for {act:?}"));
        if let Ok(mut win) = w.query::<&mut Window>().get_mut(w, window) {
            win.set_physical_cursor_position(Some(center.as_dvec2()));
        }
        let moved = bevy::window::CursorMoved {
            window,
            position: center,
            delta: None,
        };
        w.write_message(moved.clone());
        w.write_message(bevy::window::WindowEvent::CursorMoved(moved));
        for state in [ButtonState::Pressed, ButtonState::Released] {
            let input = MouseButtonInput {
                button: MouseButton::Left,
                state,
                window,
            };
            self.app.world_mut().write_message(input);
            self.app
                .world_mut()
                .write_message(bevy::window::WindowEvent::MouseButtonInput(input));
            self.frames(1);
        }
        self.frames(2);
    }
}

#[test]
fn a_tap_that_moves_and_presses_at_once_works_every_time() {
    let mut h = Harness::new("tap");
    h.tap(&Act::Go(Screen::LevelSelect));
    assert_eq!(h.screen(), Screen::LevelSelect);
    h.key(KeyCode::Digit1);
    h.tap(&Act::Start);
    assert_eq!(h.screen(), Screen::Round);
    for a in [
        "food_aid_monitored",
        "food_aid_unmonitored",
        "heavy_fuel_oil",
    ] {
        h.tap(&Act::Plan(a.into()));
    }
    assert_eq!(h.session().map(|s| s.seat().plan().actions.len()), Some(3));
}

#[test]
fn choosing_a_target_opens_beside_the_card_in_view() {
    let mut h = Harness::new("chooser");
    h.key(KeyCode::KeyT);
    h.key(KeyCode::KeyS);
    h.press(&Act::Plan("surveillance".into()));
    h.frames(3);
    let w = h.app.world_mut();
    let focused = w
        .resource::<bevy::input_focus::InputFocus>()
        .get()
        .expect("a focused control");
    let act = w.get::<Act>(focused).cloned();
    assert!(
        matches!(act, Some(Act::Target(_))),
        "the first target is focused, not {act:?}"
    );
    // The focused target is inside the visible part of the actions panel.
    let (node, at) = {
        let mut q = w.query::<(&ComputedNode, &UiGlobalTransform)>();
        let (n, t) = q.get(w, focused).expect("laid out");
        (n.size(), t.translation)
    };
    let mut panels = w.query::<(
        &quid_pro_quo::game::widgets::ScrollKey,
        &ComputedNode,
        &UiGlobalTransform,
    )>();
    let (_, pn, pt) = panels
        .iter(w)
        .find(|(k, _, _)| k.0 == "tab-actions")
        .expect("actions panel");
    let top = pt.translation.y - pn.size().y / 2.0;
    let bottom = pt.translation.y + pn.size().y / 2.0;
    assert!(
        at.y - node.y / 2.0 >= top - 1.0 && at.y + node.y / 2.0 <= bottom + 1.0,
        "target at {at} (h {}) outside the panel {top}..{bottom}",
        node.y
    );
    // It is listed right after the surveillance card.
    let t = h.texts();
    let card = t.find("Satellite surveillance").expect("card");
    let chooser = t.find("choose a target").expect("chooser");
    assert!(chooser > card, "{t}");
    h.key(KeyCode::Enter);
    assert_eq!(h.session().map(|s| s.seat().plan().actions.len()), Some(1));
}

/// Types text the way a keyboard does: a key press with its text.
pub(crate) fn type_text(h: &mut Harness, s: &str) {
    let window = h.window();
    for ch in s.chars() {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            h.app.world_mut().write_message(KeyboardInput {
                key_code: KeyCode::KeyA,
                logical_key: Key::Character(ch.to_string().into()),
                state,
                text: (state == ButtonState::Pressed).then(|| ch.to_string().into()),
                repeat: false,
                window,
            });
            h.frames(1);
        }
    }
    h.frames(2);
}

/// The file names in the player's saves folder.
fn saved_files(h: &Harness) -> Vec<String> {
    std::fs::read_dir(h.dir.join("saves"))
        .expect("saves")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// A quick typist on a slow machine: the letters and Enter all arrive within one frame.
#[test]
fn letters_and_enter_in_one_frame_submit_every_letter() {
    let mut h = Harness::new("one-frame");
    h.key(KeyCode::KeyT);
    h.key(KeyCode::KeyS);
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyS);
    assert!(h.texts().contains("Save the game"));
    let window = h.window();
    let mut keys: Vec<(KeyCode, Key, Option<String>)> = "Quick typist"
        .chars()
        .map(|c| {
            (
                KeyCode::KeyA,
                Key::Character(c.to_string().into()),
                Some(c.to_string()),
            )
        })
        .collect();
    keys.push((KeyCode::Enter, Key::Enter, None));
    for (code, key, text) in keys {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            h.app.world_mut().write_message(KeyboardInput {
                key_code: code,
                logical_key: key.clone(),
                state,
                text: text
                    .clone()
                    .filter(|_| state == ButtonState::Pressed)
                    .map(Into::into),
                repeat: false,
                window,
            });
        }
    }
    h.frames(4);
    let saved = saved_files(&h);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].ends_with(" - Quick typist.ron"), "{saved:?}");
}

#[test]
fn a_named_save_is_listed_with_its_level_round_and_time_and_a_record_opens_from_a_path() {
    let mut h = Harness::new("named-save");
    h.key(KeyCode::KeyT);
    h.key(KeyCode::KeyS);
    h.key(KeyCode::KeyE);
    h.key(KeyCode::KeyN);
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyS);
    // The dialog asks for a name, with the field focused and a suggestion in it.
    assert!(h.texts().contains("Save the game"));
    let focused = h
        .app
        .world()
        .resource::<bevy::input_focus::InputFocus>()
        .get()
        .expect("focus");
    assert_eq!(
        h.app.world().get::<Act>(focused),
        Some(&Act::Field(quid_pro_quo::game::acts::SAVE_NAME))
    );
    // Letters typed go into the field, not to the shortcuts (E would end the round).
    let round = h.session().map(|s| s.seat().round());
    type_text(&mut h, "Ada/period 3");
    assert_eq!(h.session().map(|s| s.seat().round()), round);
    assert_eq!(h.screen(), Screen::Round);
    h.key(KeyCode::Enter);
    let saved = saved_files(&h);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].ends_with(" - Adaperiod 3.ron"), "{saved:?}");
    assert!(h.texts().contains("Saved as"));
    // Load lists it by name, level title, round and time.
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyM);
    h.key(KeyCode::KeyL);
    let t = h.texts();
    assert!(t.contains("Adaperiod 3"), "{t}");
    assert!(
        t.contains("Tutorial: Learning the Table · round 2 · saved "),
        "{t}"
    );
    // A record elsewhere opens from its path.
    let elsewhere = h.dir.join("from-a-student.ron");
    std::fs::copy(h.dir.join("saves").join(&saved[0]), &elsewhere).expect("copy");
    h.click(&Act::Field(quid_pro_quo::game::acts::OPEN_PATH));
    type_text(&mut h, &elsewhere.display().to_string());
    h.click(&Act::Submit(quid_pro_quo::game::acts::OPEN_PATH));
    assert_eq!(h.screen(), Screen::Round, "{}", h.texts());
    assert_eq!(h.session().map(|s| s.seat().round()), Some(2));
    // A file dropped on the window opens too; a bad one says why.
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyM);
    let junk = h.dir.join("junk.ron");
    std::fs::write(&junk, "not a record").expect("write");
    let window = h.window();
    h.app
        .world_mut()
        .write_message(bevy::window::FileDragAndDrop::DroppedFile {
            window,
            path_buf: junk,
        });
    h.frames(3);
    assert!(h.texts().contains("is neither a game record nor a level"));
    h.app
        .world_mut()
        .write_message(bevy::window::FileDragAndDrop::DroppedFile {
            window,
            path_buf: elsewhere,
        });
    h.frames(3);
    assert_eq!(h.screen(), Screen::Round);
}

#[test]
fn every_control_and_text_has_a_name_a_screen_reader_can_read() {
    use bevy::a11y::AccessibilityNode;
    let mut h = Harness::new("a11y");
    h.key(KeyCode::KeyT);
    h.key(KeyCode::KeyS);
    h.frames(3);
    let w = h.app.world_mut();
    let mut controls = 0;
    let mut q = w.query::<(&Act, Option<&AccessibilityNode>)>();
    for (act, node) in q.iter(w) {
        let node = node.unwrap_or_else(|| panic!("{act:?} has no accessibility node"));
        let name = node.label().unwrap_or_default();
        assert!(!name.trim().is_empty(), "{act:?} has no accessible name");
        controls += 1;
    }
    // A text is read itself, or by what holds it: a button whose name says it, or a line read
    // as one phrase ("Tension, 45, rising 2").
    let says = |n: &AccessibilityNode| {
        n.value().is_some_and(|v| !v.trim().is_empty())
            || n.label().is_some_and(|l| !l.trim().is_empty())
    };
    let mut texts = 0;
    let mut q = w.query::<(Entity, &Text, Option<&AccessibilityNode>)>();
    let found: Vec<(Entity, String, bool)> = q
        .iter(w)
        .map(|(e, t, n)| (e, t.0.clone(), n.is_some_and(says)))
        .collect();
    for (e, t, read) in found {
        if t.trim().is_empty() {
            continue;
        }
        let mut at = e;
        let mut held = read;
        while !held {
            let Some(parent) = w.get::<ChildOf>(at).map(ChildOf::parent) else {
                break;
            };
            held = w.get::<AccessibilityNode>(parent).is_some_and(|n| {
                says(n) && matches!(n.role(), accesskit::Role::Button | accesskit::Role::Label)
            });
            at = parent;
        }
        assert!(held, "the text {t:?} is not read by a screen reader");
        texts += 1;
    }
    assert!(
        controls > 20 && texts > 60,
        "{controls} controls, {texts} texts"
    );
}

/// The proper names of the Korean case. A level about somewhere else must show none of them
/// (the ids of the file format, `opponent_mind.prior`, `exposure_tokyo`, are lower case and are not
/// names the player reads).
const KOREAN: [&str; 14] = [
    "Pyongyang",
    "Yellow Sea",
    "Korea",
    "DPRK",
    "Seoul",
    "Tokyo",
    "DMZ",
    "Yongbyon",
    "Kumchang",
    "Taepodong",
    "KEDO",
    "peninsula",
    "Japan",
    "ROK",
];

/// The lines of `text` that name the Korean case, except in citations: the shipped ledger's
/// numbers were taken from the Korean record, and its sources say so (hiding them would hide
/// where the numbers come from). `citations` are cut out first, as written and as HTML escapes
/// them.
fn korean_lines_outside(text: &str, citations: &[String]) -> Vec<String> {
    let mut text = text.to_string();
    for c in citations.iter().filter(|c| !c.is_empty()) {
        let escaped = quid_pro_quo::analysis::document::html_escape(c);
        text = text.replace(c.as_str(), "").replace(&escaped, "");
    }
    korean_lines(&text)
}

/// The sources of a level's ledger: citations the Korean-name checks cut out.
fn citations(rules: &quid_pro_quo::sim::rules::Rules) -> Vec<String> {
    rules.ledger.iter().map(|a| a.source.clone()).collect()
}

/// Fails with every place found, once each.
fn assert_no_korean_name(mut found: Vec<String>) {
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} Korean names:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The lines of `text` that name the Korean case, except "Source:" lines.
fn korean_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("Source:") && !l.contains("source: "))
        .filter(|l| KOREAN.iter().any(|k| l.contains(k)))
        .map(|l| l.trim().to_string())
        .collect()
}

/// The fictional Varnia level, played by a quid-pro-quo strategy for `rounds` rounds.
fn varnia(rounds: u32) -> (quid_pro_quo::level::Loaded, quid_pro_quo::sim::game::Game) {
    use quid_pro_quo::ai::strategies::{self, QuidProQuo};
    let loaded = quid_pro_quo::level::load_file(std::path::Path::new("levels/examples/varnia.ron"))
        .expect("varnia loads");
    assert!(
        loaded.warnings.items.is_empty(),
        "varnia names its own world: {:?}",
        loaded.warnings.items
    );
    let game = strategies::play_rounds(
        loaded.rules.clone(),
        3,
        quid_pro_quo::sim::Difficulty::Normal,
        &mut QuidProQuo::default(),
        rounds,
    );
    (loaded, game)
}

#[test]
fn a_level_about_somewhere_else_shows_no_korean_name_in_text_mode_or_reports() {
    use quid_pro_quo::analysis::{Debrief, report};
    use quid_pro_quo::cli::render as play;
    use quid_pro_quo::sim::view::view;
    let mut found = Vec::new();
    let mut checked = 0;
    for rounds in [0, 3, 9, 18] {
        let (loaded, g) = varnia(rounds);
        let v = view(&g);
        let d = Debrief::of(&g, "Student");
        for text in [
            play::briefing(g.rules(), 3, g.difficulty()),
            play::help(g.rules()),
            play::situation(quid_pro_quo::sim::seat::UsSeat::of(&g)),
            play::actions(quid_pro_quo::sim::seat::UsSeat::of(&g)),
            play::sites(&v),
            play::agreements(&v),
            play::news(&v, &g.rules().names.tag),
            play::round_report(quid_pro_quo::sim::seat::UsSeat::of(&g)),
            play::plan(quid_pro_quo::sim::seat::UsSeat::of(&g)),
            play::ledger(g.rules()),
            play::why(quid_pro_quo::sim::seat::UsSeat::of(&g), false),
            play::debrief_text(&d),
            report::markdown(&d),
            report::html(&d),
            report::csv(&d),
            quid_pro_quo::ai::difficulty_text(g.difficulty(), &loaded.rules.names.opponent),
        ] {
            checked += text.len();
            found.extend(
                korean_lines_outside(&text, &citations(g.rules()))
                    .into_iter()
                    .map(|l| format!("round {rounds}: {l}")),
            );
        }
    }
    assert_no_korean_name(found);
    assert!(checked > 100_000, "{checked} characters checked");
    // The check itself finds the names where they are.
    let korea = quid_pro_quo::level::shipped("april-2000")
        .expect("shipped")
        .expect("loads");
    assert!(!korean_lines(&play::ledger(&korea.rules)).is_empty());
}

#[test]
fn a_level_about_somewhere_else_shows_no_korean_name_on_any_screen() {
    use quid_pro_quo::game::acts::Dirty;
    use quid_pro_quo::game::acts::Tab;
    // A teacher's level in the user's levels folder, chosen and played with the keys.
    let dir = tmp("varnia");
    std::fs::create_dir_all(dir.join("levels")).expect("levels folder");
    std::fs::copy("levels/examples/varnia.ron", dir.join("levels/varnia.ron")).expect("copy");
    let mut h = Harness::with(
        "varnia",
        Options {
            data_dir: Some(dir.clone()),
            ..Options::default()
        },
    );
    let mut found = Vec::new();
    let mut seen = 0;
    let (_, played) = varnia(0);
    let citations = citations(played.rules());
    let mut look = |h: &mut Harness, what: &str| {
        for t in screen_texts(h) {
            seen += 1;
            for l in korean_lines_outside(&t, &citations) {
                found.push(format!("{what}: {l}"));
            }
        }
    };
    // (The level list names every level, the Korean ones too: it is not this level's.)
    h.key(KeyCode::KeyP);
    h.key(crate::common::first_user_level_key());
    assert_eq!(h.screen(), Screen::Briefing);
    look(&mut h, "briefing");
    h.key(KeyCode::KeyS);
    assert_eq!(h.screen(), Screen::Round);
    assert_eq!(
        h.session().map(|s| s.seat().rules().id.clone()),
        Some("varnia".into())
    );
    for (key, what) in [
        (KeyCode::KeyA, "actions tab"),
        (KeyCode::KeyO, "offer tab"),
        (KeyCode::KeyG, "agreements tab"),
        (KeyCode::F1, "help"),
    ] {
        h.key(key);
        look(&mut h, what);
    }
    h.key(KeyCode::Escape);
    h.key(KeyCode::KeyE);
    assert_eq!(h.screen(), Screen::Report);
    look(&mut h, "report");
    h.key(KeyCode::KeyW);
    look(&mut h, "report with reasons");
    h.key(KeyCode::Escape);
    look(&mut h, "pause");
    h.key(KeyCode::Escape);
    // Later in the game, and its end.
    for rounds in [4, 18] {
        let (loaded, game) = varnia(rounds);
        let visits = if game.over().is_some() {
            vec![(Screen::Debrief, Tab::Actions)]
        } else {
            vec![
                (Screen::Round, Tab::Actions),
                (Screen::Round, Tab::Offer),
                (Screen::Round, Tab::Agreements),
                (Screen::Round, Tab::World),
                (Screen::Report, Tab::Actions),
            ]
        };
        for (screen, tab) in visits {
            let mut s = Session::new(
                game.clone(),
                loaded.variant.clone(),
                "levels/varnia.ron".into(),
                None,
            );
            if screen == Screen::Report {
                let _ = s.command(quid_pro_quo::sim::game::Command::End);
                s.show_why = true;
            }
            s.tab = tab;
            h.app.world_mut().insert_resource(s);
            h.app
                .world_mut()
                .resource_mut::<NextState<Screen>>()
                .set(screen);
            h.app.world_mut().resource_mut::<Dirty>().0 = true;
            h.frames(4);
            assert_eq!(h.screen(), screen);
            look(&mut h, &format!("{screen:?} {tab:?} after {rounds} rounds"));
        }
    }
    assert_no_korean_name(found);
    assert!(seen > 300, "{seen} texts");
    let _ = std::fs::remove_dir_all(&dir);
}

/// In the browser, a file the player opens is kept in the page's storage: a game record among
/// the opened files, a level (or anything else) among the player's levels where the level list
/// finds it after a reload; a name with folders or odd characters is made safe.
#[test]
fn the_browser_keeps_an_opened_record_apart_from_an_opened_level() {
    use quid_pro_quo::analysis::record::GameRecord;
    use quid_pro_quo::game::state::{Dirs, kept_path};
    use quid_pro_quo::sim::Difficulty;
    use quid_pro_quo::sim::game::{Command, Game};
    let dirs = Dirs {
        data: PathBuf::from("/quid-pro-quo"),
    };
    let loaded = quid_pro_quo::level::shipped("tutorial")
        .expect("shipped")
        .expect("valid");
    let mut game = Game::new(loaded.rules.clone(), 7, Difficulty::Normal);
    game.command(Command::End).expect("a round ends");
    let record = GameRecord::of(&game, "levels/tutorial.ron", "").to_ron();
    assert_eq!(
        kept_path(&dirs, "C:\\Users\\ana\\tutorial-seed7-record.ron", &record),
        PathBuf::from("/quid-pro-quo/opened/tutorial-seed7-record.ron")
    );
    let level = quid_pro_quo::level::shipped_text("tutorial").expect("text");
    assert_eq!(
        kept_path(&dirs, "../../my level?.ron", level),
        PathBuf::from("/quid-pro-quo/levels/my level.ron")
    );
    assert_eq!(
        kept_path(&dirs, "notes.txt", "not a level"),
        PathBuf::from("/quid-pro-quo/levels/notestxt.ron")
    );
}
