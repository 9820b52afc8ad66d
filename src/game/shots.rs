//! Driving the window to a given screen (`--screen round`) and taking a screenshot of it
//! (`--screenshot out.png`) once every render pipeline is compiled — for CI, the README, and for
//! measuring the time from launch to a ready screen.

use crate::ai::strategies::{self, QuidProQuo};
use crate::game::acts::{Act, Do, HelpOpen, Paused};
use crate::game::acts::{Screen, Tab};
use crate::game::hot_reload::{ReloadError, reload};
use crate::game::redraw::PipelinesReady;
use crate::game::state::{Catalog, Session};
use crate::level::types::Sequencing;
use crate::level::{self, Loaded};
use crate::sim::Difficulty;
use crate::sim::game::{Command, Game};
use bevy::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// The screens a run can be sent to.
pub const SCREENS: [&str; 18] = [
    "menu",
    "levels",
    "briefing",
    "settings",
    "load",
    "join",
    "tutorial",
    "round",
    "offer",
    "agreements",
    "report",
    "pause",
    "help",
    "reload",
    "debrief",
    "opponent",
    "handover",
    "opponent-debrief",
];

/// Where to go, and where to save a picture.
#[derive(Resource, Debug, Clone)]
pub struct Plan {
    pub target: Option<String>,
    pub out: Option<PathBuf>,
    stage: u32,
    ready_frames: u32,
    started: Instant,
    reported: bool,
}

impl Plan {
    pub fn from_options(o: &crate::game::Options) -> Plan {
        Plan {
            target: o.screen.clone(),
            out: o.screenshot.clone(),
            stage: 0,
            ready_frames: 0,
            started: o.launched.unwrap_or_else(Instant::now),
            reported: false,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, drive.before(crate::game::acts::Handled));
}

/// The part that needs the renderer: the screenshot itself.
pub struct WindowedShotsPlugin;

impl Plugin for WindowedShotsPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, shoot);
    }
}

fn shipped(id: &str) -> Option<Loaded> {
    let text = level::shipped_text(id)?;
    level::load_bytes(&format!("levels/{id}.ron"), text.as_bytes()).ok()
}

/// A session part-way through a level, played by quid pro quo for `rounds` rounds.
pub fn scripted_session(id: &str, rounds: u32, seed: u64) -> Option<Session> {
    let loaded = shipped(id)?;
    let game = strategies::play_rounds(
        loaded.rules.clone(),
        seed,
        Difficulty::Normal,
        &mut QuidProQuo::default(),
        rounds,
    );
    // Start from a clean plan, then plan a little so the screen shows it.
    let mut game = Game::replay(
        loaded.rules.clone(),
        seed,
        Difficulty::Normal,
        &game
            .commands()
            .iter()
            .rposition(|c| *c == Command::End)
            .map(|i| game.commands()[..=i].to_vec())
            .unwrap_or_default(),
    );
    for a in ["food_aid_monitored", "propose_talks"] {
        let _ = game.command(Command::Act {
            action: a.into(),
            target: None,
        });
    }
    Some(Session::new(
        game,
        loaded.variant,
        format!("levels/{id}.ron"),
        None,
    ))
}

/// A session in the other side's chair against the AI Washington at normal, `rounds` rounds in:
/// each round it accepts what is on the table, lets monitors in and keeps its word, except that
/// it diverts aid and works on in secret every third round.
pub fn opponent_session(id: &str, rounds: u32, seed: u64) -> Option<Session> {
    use crate::sim::game::{Chair, OpponentCommand as O};
    let loaded = shipped(id)?;
    let game = Game::seated(
        loaded.rules.clone(),
        seed,
        Difficulty::Normal,
        Chair::Person,
    );
    let mut s = Session::new(game, loaded.variant, format!("levels/{id}.ron"), None)
        .seated(crate::game::state::Seating::Opponent, Some("ai-normal"));
    for k in 0..rounds {
        if s.seat().over().is_some() {
            break;
        }
        let mut orders = vec![
            O::Answer {
                answer: crate::sim::game::AnswerKind::Accept,
                terms: None,
            },
            O::Monitors(true),
        ];
        for st in s.opponent_seat().owed() {
            orders.push(O::Step {
                agreement: st.agreement,
                step: st.step,
                choice: crate::sim::orders::StepChoice::Do,
            });
        }
        if k % 3 == 2 {
            orders.push(O::Move("covert_nuclear".into()));
            orders.push(O::Divert(true));
        }
        for o in orders {
            let _ = s.command(Command::Opponent(o));
        }
        let _ = s.command(Command::Opponent(O::End));
        s.washington_moves();
    }
    Some(s)
}

fn drive(
    mut plan: ResMut<Plan>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut out: MessageWriter<Do>,
    catalog: Res<Catalog>,
    mut paused: ResMut<Paused>,
    mut help: ResMut<HelpOpen>,
    mut reload_error: ResMut<ReloadError>,
) {
    let Some(target) = plan.target.clone() else {
        return;
    };
    if plan.stage > 0 {
        return;
    }
    plan.stage = 1;
    let april = catalog
        .levels
        .iter()
        .position(|l| l.id == "april-2000")
        .unwrap_or(0);
    let round_session = |n| scripted_session("april-2000", n, 7);
    match target.as_str() {
        "menu" => {}
        "levels" => {
            out.write(Do(Act::Go(Screen::LevelSelect)));
        }
        "briefing" => {
            out.write(Do(Act::ChooseLevel(april)));
        }
        "settings" => {
            out.write(Do(Act::Go(Screen::Settings)));
        }
        "load" => {
            out.write(Do(Act::Go(Screen::Load)));
        }
        "join" => {
            out.write(Do(Act::Go(Screen::Join)));
        }
        "tutorial" => {
            if let Some(s) = scripted_session("tutorial", 0, 3) {
                commands.insert_resource(s);
                next.set(Screen::Round);
            }
        }
        "round" | "offer" | "agreements" | "pause" | "help" | "reload" => {
            if let Some(mut s) = round_session(6) {
                match target.as_str() {
                    "offer" => {
                        s.tab = Tab::Offer;
                        s.offer.give = vec!["ease_sanctions".into(), "food_aid_monitored".into()];
                        s.offer.ask = vec![
                            "curtail_missile".into(),
                            "allow_inspection:musudan-ri".into(),
                        ];
                        s.offer.sequencing = Sequencing::StepFirst;
                    }
                    "agreements" => s.tab = Tab::Agreements,
                    "pause" => paused.0 = true,
                    "help" => help.0 = true,
                    "reload" => {
                        let dir =
                            std::env::temp_dir().join(format!("qpq-reload-{}", std::process::id()));
                        let _ = std::fs::create_dir_all(&dir);
                        let path = dir.join("april-2000.ron");
                        let broken = level::SHIPPED
                            .iter()
                            .find(|(x, _)| *x == "april-2000")
                            .map(|(_, t)| {
                                t.replacen("Leak(\"taechon\")", "Leak(\"taechn\")", 1)
                                    .replacen("rounds: 24,", "rounds: 0,", 1)
                            })
                            .unwrap_or_default();
                        if std::fs::write(&path, broken).is_ok() {
                            reload(&mut s, &path, &mut reload_error);
                        }
                    }
                    _ => {}
                }
                commands.insert_resource(s);
                next.set(Screen::Round);
            }
        }
        "report" => {
            if let Some(mut s) = round_session(5) {
                let _ = s.command(Command::End);
                commands.insert_resource(s);
                next.set(Screen::Report);
            }
        }
        "debrief" => {
            if let Some(s) = round_session(40) {
                commands.insert_resource(s);
                next.set(Screen::Debrief);
            }
        }
        "opponent" => {
            if let Some(s) = opponent_session("april-2000", 4, 7) {
                commands.insert_resource(s);
                next.set(Screen::Opponent);
            }
        }
        "opponent-debrief" => {
            if let Some(s) = opponent_session("april-2000", 40, 7) {
                commands.insert_resource(s);
                next.set(Screen::Debrief);
            }
        }
        "handover" => {
            if let Some(loaded) = shipped("april-2000") {
                let game = Game::seated(
                    loaded.rules.clone(),
                    7,
                    Difficulty::Normal,
                    crate::sim::game::Chair::Person,
                );
                let mut s =
                    Session::new(game, loaded.variant, "levels/april-2000.ron".into(), None)
                        .seated(crate::game::state::Seating::Both, None);
                let _ = s.command(Command::End);
                commands.insert_resource(s);
                next.set(Screen::Handover);
            }
        }
        other => {
            warn!("unknown screen `{other}`; screens: {}", SCREENS.join(", "));
        }
    }
}

fn shoot(
    mut plan: ResMut<Plan>,
    ready: Res<PipelinesReady>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) {
    if !ready.0 {
        plan.ready_frames = 0;
        return;
    }
    if !plan.reported {
        plan.reported = true;
        info!(
            "ready: first screen drawn with every render pipeline compiled, {} ms after launch",
            plan.started.elapsed().as_millis()
        );
    }
    let Some(out) = plan.out.clone() else {
        return;
    };
    plan.ready_frames += 1;
    // A few frames for layout, text and images to settle after the last rebuild.
    if plan.ready_frames == 12 {
        commands
            .spawn(bevy::render::view::screenshot::Screenshot::primary_window())
            .observe(bevy::render::view::screenshot::save_to_disk(out))
            .observe(
                |_: On<bevy::render::view::screenshot::ScreenshotCaptured>,
                 mut exit: MessageWriter<AppExit>| {
                    exit.write(AppExit::Success);
                },
            );
    }
    if plan.ready_frames > 600 {
        error!("no screenshot after 600 ready frames");
        exit.write(AppExit::error());
    }
}
