//! Everything the player can do in the window, as one enum. Buttons carry an [`Act`]; clicking
//! one or pressing Enter or Space on it when focused triggers it, and keyboard shortcuts trigger
//! the same acts. One system carries them out, through the same game commands the text mode uses.

use crate::analysis::Debrief;
use crate::analysis::report;
use crate::game::state::{
    self, Catalog, Dirs, Screen, Session, Settings, Tab, can_continue, open_level, restore,
};
use crate::game::theme::{Palette, Theme};
use crate::level::types::Sequencing;
use crate::sim::Difficulty;
use crate::sim::game::{Ack, Command, Game};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use bevy::window::{MonitorSelection, WindowMode};
use std::path::PathBuf;

/// What a debrief export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Export {
    Html,
    Markdown,
    Csv,
    Record,
}

/// An act of the player.
#[derive(Component, Debug, Clone, PartialEq)]
pub enum Act {
    Go(Screen),
    /// Back out of the current screen (Esc).
    Back,
    Quit,
    /// Resume the autosaved game.
    Continue,
    /// Choose a level of the catalogue (then the briefing).
    ChooseLevel(usize),
    /// The tutorial.
    Tutorial,
    /// Start the chosen level.
    Start,
    /// Play the chosen level at its n-th length.
    SetLength(usize),
    SetDifficulty(Difficulty),
    Load(PathBuf),
    ScaleUp,
    ScaleDown,
    Fullscreen,
    Colorblind,
    Pause,
    Resume,
    SaveGame,
    MainMenu,
    Help,
    Tab(Tab),
    /// Plan an action (asks for a target first if it needs one).
    Plan(String),
    /// The target for the action being chosen.
    Target(String),
    CancelTarget,
    Undo,
    Give(String),
    Ask(String),
    Sequence(Sequencing),
    DeadlineUp,
    DeadlineDown,
    SendOffer,
    ClearOffer,
    Enforce(u32),
    LookAway(u32),
    AcceptCounter,
    RejectCounter,
    /// Withdraw from an agreement: asks for confirmation first.
    Break(u32),
    /// Carry out the act waiting for confirmation.
    Confirm,
    CancelConfirm,
    EndRound,
    /// From the round report to the next round (or the debrief).
    Next,
    /// Show or hide Pyongyang's reasons.
    Why,
    /// Show or hide the scores behind the other side's reasons.
    WhyScores,
    Export(Export),
    DismissReload,
    /// In the browser: open the page's file picker for a record or a level.
    PickFile,
    /// A text field (focusing it; its text is in `Fields`).
    Field(&'static str),
    /// Enter in a text field, or its button: do what the field is for.
    Submit(&'static str),
    /// Close the open dialog.
    CancelDialog,
    /// Open a game record or a level file (dropped on the window).
    Open(PathBuf),
}

/// A dialog over the screen, waiting for the player.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub enum Dialog {
    #[default]
    None,
    /// Name the game to save.
    SaveAs,
}

/// The field of the save dialog.
pub const SAVE_NAME: &str = "save-name";
/// The field of the Load screen that opens a file.
pub const OPEN_PATH: &str = "open-path";

/// An act to carry out this frame.
#[derive(Message, Debug, Clone)]
pub struct Do(pub Act);

/// The level chosen on the level screen.
#[derive(Resource, Debug, Clone, Default)]
pub struct Chosen(pub Option<usize>);

/// A length the chosen level can be played at, with the estimated minutes it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct LengthChoice {
    /// `None`: the level's own length.
    pub id: Option<String>,
    pub name: String,
    pub rounds: u32,
    pub months_per_round: u32,
    pub minutes: u32,
    pub minutes_per_round: f64,
}

/// The lengths of the chosen level, and which one is chosen.
#[derive(Resource, Debug, Clone, Default)]
pub struct Lengths {
    pub choices: Vec<LengthChoice>,
    pub chosen: usize,
}

impl Lengths {
    /// Every length of a level with its estimated minutes (plays one scripted game each).
    pub fn of(source: &state::LevelSource) -> Lengths {
        let mut choices = Vec::new();
        if let Ok((loaded, _, _)) = open_level(source, &crate::level::Variant::default()) {
            let mut variants = vec![(None, "Full length".to_string())];
            variants.extend(
                loaded
                    .level
                    .lengths
                    .iter()
                    .map(|l| (Some(l.id.clone()), l.name.clone())),
            );
            for (id, name) in variants {
                let variant = crate::level::Variant {
                    length: id.clone(),
                    ..Default::default()
                };
                if let Ok((l, _, _)) = open_level(source, &variant) {
                    let (per_round, minutes) = crate::analysis::pace::estimate(&l.rules);
                    choices.push(LengthChoice {
                        id,
                        name,
                        rounds: l.rules.rounds,
                        months_per_round: l.rules.months_per_round,
                        minutes,
                        minutes_per_round: per_round,
                    });
                }
            }
        }
        Lengths { choices, chosen: 0 }
    }

    pub fn variant(&self) -> crate::level::Variant {
        crate::level::Variant {
            length: self.choices.get(self.chosen).and_then(|c| c.id.clone()),
            ..Default::default()
        }
    }
}

/// Whether the pause menu is open.
#[derive(Resource, Debug, Clone, Default)]
pub struct Paused(pub bool);

/// Whether the help overlay is open.
#[derive(Resource, Debug, Clone, Default)]
pub struct HelpOpen(pub bool);

/// A short message on screens without a session (menus).
#[derive(Resource, Debug, Clone, Default)]
pub struct Notice(pub Option<(String, bool)>);

/// The systems that turn input into acts and carry them out.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handled;

/// A control to focus (and scroll into view) once the screen is rebuilt: the first target of
/// an action waiting for one, so the chooser is where the player looks.
#[derive(Resource, Debug, Clone, Default)]
pub struct WantFocus(pub Option<Act>);

/// The screen must be rebuilt from the current state.
#[derive(Resource, Debug, Clone, Default)]
pub struct Dirty(pub bool);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Do>()
        .init_resource::<Chosen>()
        .init_resource::<Lengths>()
        .init_resource::<Paused>()
        .init_resource::<HelpOpen>()
        .init_resource::<Notice>()
        .init_resource::<Dirty>()
        .init_resource::<WantFocus>()
        .init_resource::<Dialog>()
        .init_resource::<crate::game::widgets::Fields>()
        .add_systems(Update, dropped_files.in_set(Handled).before(handle))
        .add_observer(on_activate)
        .add_systems(Update, (shortcuts, handle).chain().in_set(Handled));
}

/// A button was clicked, or Enter/Space pressed on it: carry out its act.
fn on_activate(ev: On<Activate>, acts: Query<&Act>, mut out: MessageWriter<Do>) {
    if let Ok(a) = acts.get(ev.entity) {
        out.write(Do(a.clone()));
    }
}

/// Keyboard shortcuts, by screen. The same letters are shown on the buttons.
fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    paused: Res<Paused>,
    help: Res<HelpOpen>,
    session: Option<Res<Session>>,
    catalog: Res<Catalog>,
    dirs: Res<Dirs>,
    mut out: MessageWriter<Do>,
    focus: Res<InputFocus>,
    typing: Query<&Act, With<bevy::text::EditableText>>,
    dialog: Res<Dialog>,
) {
    let pressed: Vec<KeyCode> = keys.get_just_pressed().copied().collect();
    // While a text field has the focus, letters are text: only Enter and Esc act.
    let field = focus.get().and_then(|e| typing.get(e).ok()).cloned();
    for key in pressed {
        if let Some(Act::Field(name)) = &field {
            match key {
                KeyCode::Enter | KeyCode::NumpadEnter => out.write(Do(Act::Submit(name))),
                KeyCode::Escape => out.write(Do(Act::CancelDialog)),
                _ => continue,
            };
            continue;
        }
        if *dialog != Dialog::None {
            if key == KeyCode::Escape {
                out.write(Do(Act::CancelDialog));
            }
            continue;
        }
        let act = if help.0 {
            matches!(key, KeyCode::Escape | KeyCode::F1).then_some(Act::Help)
        } else if paused.0 {
            match key {
                KeyCode::Escape | KeyCode::KeyR => Some(Act::Resume),
                KeyCode::KeyS => Some(Act::SaveGame),
                KeyCode::KeyM => Some(Act::MainMenu),
                KeyCode::KeyO => Some(Act::Go(Screen::Settings)),
                KeyCode::KeyQ if !state::IN_BROWSER => Some(Act::Quit),
                _ => None,
            }
        } else if key == KeyCode::F1 {
            Some(Act::Help)
        } else {
            match (screen.get(), key) {
                (Screen::Menu, KeyCode::KeyC) if can_continue(&dirs) => Some(Act::Continue),
                (Screen::Menu, KeyCode::KeyP) => Some(Act::Go(Screen::LevelSelect)),
                (Screen::Menu, KeyCode::KeyT) => Some(Act::Tutorial),
                (Screen::Menu, KeyCode::KeyL) => Some(Act::Go(Screen::Load)),
                (Screen::Menu, KeyCode::KeyS) => Some(Act::Go(Screen::Settings)),
                (Screen::Menu, KeyCode::KeyQ) if !state::IN_BROWSER => Some(Act::Quit),
                (Screen::Load, KeyCode::KeyO) if state::IN_BROWSER => Some(Act::PickFile),
                (Screen::LevelSelect, k) => digit(k)
                    .filter(|&d| d >= 1 && (d as usize) <= catalog.levels.len())
                    .map(|d| Act::ChooseLevel(d as usize - 1))
                    .or(match k {
                        KeyCode::KeyE => Some(Act::SetDifficulty(Difficulty::Easy)),
                        KeyCode::KeyN => Some(Act::SetDifficulty(Difficulty::Normal)),
                        KeyCode::KeyH => Some(Act::SetDifficulty(Difficulty::Hard)),
                        KeyCode::Escape => Some(Act::Back),
                        _ => None,
                    }),
                (Screen::Briefing, KeyCode::KeyS) => Some(Act::Start),
                (Screen::Briefing, k) if digit(k).is_some() => {
                    digit(k).map(|d| Act::SetLength(d as usize - 1))
                }
                (Screen::Round, KeyCode::KeyA) => Some(Act::Tab(Tab::Actions)),
                (Screen::Round, KeyCode::KeyO) => Some(Act::Tab(Tab::Offer)),
                (Screen::Round, KeyCode::KeyG) => Some(Act::Tab(Tab::Agreements)),
                (Screen::Round, KeyCode::KeyN) => Some(Act::Tab(Tab::World)),
                (Screen::Round, KeyCode::KeyE) => Some(Act::EndRound),
                (Screen::Round, KeyCode::KeyU) => Some(Act::Undo),
                (Screen::Round, KeyCode::KeyY) => Some(Act::AcceptCounter),
                (Screen::Round, KeyCode::Escape) => {
                    if session.as_ref().is_some_and(|s| s.confirm.is_some()) {
                        Some(Act::CancelConfirm)
                    } else if session.as_ref().is_some_and(|s| s.choosing.is_some()) {
                        Some(Act::CancelTarget)
                    } else {
                        Some(Act::Pause)
                    }
                }
                (Screen::Report, KeyCode::KeyN) => Some(Act::Next),
                (Screen::Report, KeyCode::KeyW) => Some(Act::Why),
                (Screen::Report, KeyCode::KeyS) => Some(Act::WhyScores),
                (Screen::Report, KeyCode::Escape) => Some(Act::Pause),
                (Screen::Debrief, KeyCode::KeyH) => Some(Act::Export(Export::Html)),
                (Screen::Debrief, KeyCode::KeyM) => Some(Act::Export(Export::Markdown)),
                (Screen::Debrief, KeyCode::KeyV) => Some(Act::Export(Export::Csv)),
                (Screen::Debrief, KeyCode::KeyR) => Some(Act::Export(Export::Record)),
                (Screen::Settings, KeyCode::Equal | KeyCode::NumpadAdd) => Some(Act::ScaleUp),
                (Screen::Settings, KeyCode::Minus | KeyCode::NumpadSubtract) => {
                    Some(Act::ScaleDown)
                }
                (Screen::Settings, KeyCode::KeyF) => Some(Act::Fullscreen),
                (Screen::Settings, KeyCode::KeyB) => Some(Act::Colorblind),
                (Screen::Settings, KeyCode::KeyE) => Some(Act::SetDifficulty(Difficulty::Easy)),
                (Screen::Settings, KeyCode::KeyN) => Some(Act::SetDifficulty(Difficulty::Normal)),
                (Screen::Settings, KeyCode::KeyH) => Some(Act::SetDifficulty(Difficulty::Hard)),
                (
                    Screen::Briefing | Screen::Settings | Screen::Load | Screen::Debrief,
                    KeyCode::Escape,
                ) => Some(Act::Back),
                _ => None,
            }
        };
        if let Some(a) = act {
            out.write(Do(a));
        }
    }
}

fn digit(k: KeyCode) -> Option<u32> {
    Some(match k {
        KeyCode::Digit1 => 1,
        KeyCode::Digit2 => 2,
        KeyCode::Digit3 => 3,
        KeyCode::Digit4 => 4,
        KeyCode::Digit5 => 5,
        KeyCode::Digit6 => 6,
        KeyCode::Digit7 => 7,
        KeyCode::Digit8 => 8,
        KeyCode::Digit9 => 9,
        _ => return None,
    })
}

/// The resources the act handler works on.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Shell<'w, 's> {
    commands: Commands<'w, 's>,
    screen: Res<'w, State<Screen>>,
    next: ResMut<'w, NextState<Screen>>,
    session: Option<ResMut<'w, Session>>,
    settings: ResMut<'w, Settings>,
    dirs: Res<'w, Dirs>,
    catalog: ResMut<'w, Catalog>,
    chosen: ResMut<'w, Chosen>,
    lengths: ResMut<'w, Lengths>,
    paused: ResMut<'w, Paused>,
    help: ResMut<'w, HelpOpen>,
    notice: ResMut<'w, Notice>,
    dirty: ResMut<'w, Dirty>,
    theme: ResMut<'w, Theme>,
    scale: ResMut<'w, UiScale>,
    windows: Query<'w, 's, &'static mut Window>,
    exit: MessageWriter<'w, AppExit>,
    focus: ResMut<'w, InputFocus>,
    reload: ResMut<'w, crate::game::hot_reload::ReloadError>,
    want_focus: ResMut<'w, WantFocus>,
    dialog: ResMut<'w, Dialog>,
    fields: ResMut<'w, crate::game::widgets::Fields>,
    typed: Query<'w, 's, (&'static Act, &'static bevy::text::EditableText)>,
    previous: Local<'s, Option<Screen>>,
}

fn handle(mut msgs: MessageReader<Do>, mut sh: Shell) {
    let acts: Vec<Act> = msgs.read().map(|d| d.0.clone()).collect();
    for act in acts {
        carry_out(&mut sh, act);
        sh.dirty.0 = true;
    }
}

fn go(sh: &mut Shell, to: Screen) {
    *sh.previous = Some(*sh.screen.get());
    sh.next.set(to);
    sh.paused.0 = false;
    sh.focus.clear();
}

/// Plays a command and reports the outcome on the session.
fn command(sh: &mut Shell, cmd: Command) -> Option<Ack> {
    let dirs = sh.dirs.clone();
    let s = sh.session.as_mut()?;
    match s.game.command(cmd) {
        Ok(ack) => {
            match &ack {
                Ack::Planned(w) => s.say(format!("Planned: {w}."), false),
                Ack::Undone(w) => s.say(format!("Taken back: {w}."), false),
                Ack::Decided(w) => s.say(w.clone(), false),
                Ack::RoundEnded => s.message = None,
            }
            if let Err(e) = state::autosave(&dirs, s) {
                s.say(format!("Autosave failed: {e}"), true);
            }
            Some(ack)
        }
        Err(refusal) => {
            s.say(refusal.to_string(), true);
            None
        }
    }
}

fn start_session(sh: &mut Shell, session: Session) {
    sh.commands.insert_resource(session);
    sh.reload.0 = None;
    go(sh, Screen::Round);
}

fn save_settings(sh: &mut Shell) {
    if let Err(e) = state::save_settings(&sh.dirs, &sh.settings) {
        sh.notice.0 = Some((format!("Settings not saved: {e}"), true));
    }
}

fn carry_out(sh: &mut Shell, act: Act) {
    match act {
        Act::Go(to) => go(sh, to),
        Act::Back => {
            let to = match sh.screen.get() {
                Screen::Briefing => Screen::LevelSelect,
                Screen::Settings | Screen::Load if sh.session.is_some() => {
                    (*sh.previous).unwrap_or(Screen::Menu)
                }
                _ => Screen::Menu,
            };
            let reopen_pause = matches!(sh.screen.get(), Screen::Settings) && sh.session.is_some();
            go(sh, to);
            if reopen_pause && matches!(to, Screen::Round | Screen::Report) {
                sh.paused.0 = true;
            }
        }
        Act::Quit => {
            sh.exit.write(AppExit::Success);
        }
        Act::Continue => match restore(&sh.dirs, &sh.dirs.autosave()) {
            Ok(s) => start_session(sh, s),
            Err(e) => sh.notice.0 = Some((e, true)),
        },
        Act::Load(path) => match restore(&sh.dirs, &path) {
            Ok(s) => {
                let over = s.game.over().is_some();
                sh.commands.insert_resource(s);
                sh.reload.0 = None;
                go(sh, if over { Screen::Debrief } else { Screen::Round });
            }
            Err(e) => sh.notice.0 = Some((e, true)),
        },
        Act::ChooseLevel(i) => {
            if let Some(l) = sh.catalog.levels.get(i).filter(|l| l.error.is_none()) {
                *sh.lengths = Lengths::of(&l.source);
                sh.chosen.0 = Some(i);
                go(sh, Screen::Briefing);
            }
        }
        Act::Tutorial => {
            if let Some(i) = sh.catalog.levels.iter().position(|l| l.id == "tutorial") {
                *sh.lengths = Lengths::of(&sh.catalog.levels[i].source);
                sh.chosen.0 = Some(i);
                go(sh, Screen::Briefing);
            }
        }
        Act::SetLength(i) => {
            if i < sh.lengths.choices.len() {
                sh.lengths.chosen = i;
            }
        }
        Act::Start => {
            let Some(entry) = sh.chosen.0.and_then(|i| sh.catalog.levels.get(i)).cloned() else {
                return;
            };
            match open_level(&entry.source, &sh.lengths.variant()) {
                Ok((loaded, file, watch)) => {
                    let seed = state::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(1);
                    let seed = std::env::var("QPQ_SEED")
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(seed);
                    let game = Game::new(loaded.rules.clone(), seed, sh.settings.difficulty);
                    let session = Session::new(game, loaded.variant, file, watch);
                    if let Err(e) = state::autosave(&sh.dirs, &session) {
                        sh.notice.0 = Some((format!("Autosave failed: {e}"), true));
                    }
                    start_session(sh, session);
                }
                Err(e) => sh.notice.0 = Some((e, true)),
            }
        }
        Act::SetDifficulty(d) => {
            sh.settings.difficulty = d;
            save_settings(sh);
        }
        Act::ScaleUp | Act::ScaleDown => {
            let i = state::SCALES
                .iter()
                .position(|&s| (s - sh.settings.ui_scale).abs() < 0.01)
                .unwrap_or(0);
            let j = if act == Act::ScaleUp {
                (i + 1).min(state::SCALES.len() - 1)
            } else {
                i.saturating_sub(1)
            };
            sh.settings.ui_scale = state::SCALES[j];
            sh.scale.0 = sh.settings.ui_scale;
            save_settings(sh);
        }
        Act::Fullscreen => {
            sh.settings.fullscreen = !sh.settings.fullscreen;
            for mut w in &mut sh.windows {
                w.mode = if sh.settings.fullscreen {
                    WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                } else {
                    WindowMode::Windowed
                };
            }
            save_settings(sh);
        }
        Act::Colorblind => {
            sh.settings.colorblind = !sh.settings.colorblind;
            sh.theme.palette = Palette::for_setting(sh.settings.colorblind);
            save_settings(sh);
        }
        Act::Pause => sh.paused.0 = true,
        Act::Resume => sh.paused.0 = false,
        Act::Help => sh.help.0 = !sh.help.0,
        Act::SaveGame => {
            // Ask for a name first, suggesting one.
            if let Some(s) = sh.session.as_ref() {
                let name = format!(
                    "{} round {} - ",
                    s.game.rules().title.split(':').next().unwrap_or("game"),
                    s.game.round()
                );
                sh.fields.0.insert(SAVE_NAME, name);
                *sh.dialog = Dialog::SaveAs;
                sh.want_focus.0 = Some(Act::Field(SAVE_NAME));
            }
            sh.paused.0 = false;
        }
        Act::Field(_) => {}
        Act::Open(path) => open_file(sh, &path),
        Act::CancelDialog => {
            *sh.dialog = Dialog::None;
            sh.focus.clear();
        }
        Act::Submit(field) => {
            let value = current_text(sh, field);
            sh.fields.0.insert(field, value.clone());
            match field {
                SAVE_NAME => {
                    let dirs = sh.dirs.clone();
                    if let Some(s) = sh.session.as_mut() {
                        match state::save_game(&dirs, s, &value) {
                            Ok(p) => s.say(
                                format!(
                                    "Saved as “{}” in {}.",
                                    state::save_name(&p),
                                    if state::IN_BROWSER {
                                        "this browser".to_string()
                                    } else {
                                        dirs.saves().display().to_string()
                                    }
                                ),
                                false,
                            ),
                            Err(e) => s.say(format!("Could not save: {e}"), true),
                        }
                    }
                    *sh.dialog = Dialog::None;
                    sh.focus.clear();
                }
                OPEN_PATH => open_file(sh, std::path::Path::new(value.trim())),
                _ => {}
            }
        }
        Act::MainMenu => {
            // The autosave keeps the game; "Continue" brings it back.
            sh.commands.remove_resource::<Session>();
            sh.reload.0 = None;
            sh.notice.0 = None;
            go(sh, Screen::Menu);
        }
        Act::Tab(t) => {
            if let Some(s) = sh.session.as_mut() {
                s.tab = t;
                s.choosing = None;
                s.confirm = None;
            }
        }
        Act::Plan(id) => {
            let needs = sh.session.as_ref().and_then(|s| {
                s.game
                    .rules()
                    .action_ix(&id)
                    .and_then(|ix| s.game.rules().actions.get(ix as usize))
                    .map(|a| a.target)
            });
            match needs {
                Some(crate::level::types::TargetKind::None) => {
                    command(
                        sh,
                        Command::Act {
                            action: id,
                            target: None,
                        },
                    );
                }
                Some(kind) => {
                    if let Some(s) = sh.session.as_mut() {
                        let first = match kind {
                            crate::level::types::TargetKind::Site => {
                                crate::sim::view::view(&s.game)
                                    .sites
                                    .into_iter()
                                    .find(|x| x.suspected)
                                    .map(|x| x.id)
                            }
                            _ => {
                                let rules = s.game.rules();
                                rules
                                    .hidden_vars()
                                    .next()
                                    .map(|v| rules.var_id(v).to_string())
                            }
                        };
                        sh.want_focus.0 = first.map(Act::Target);
                        s.choosing = Some(id);
                        s.message = None;
                    }
                }
                None => {}
            }
        }
        Act::Target(t) => {
            let action = sh.session.as_mut().and_then(|s| s.choosing.take());
            if let Some(action) = action {
                command(
                    sh,
                    Command::Act {
                        action,
                        target: Some(t),
                    },
                );
            }
        }
        Act::CancelTarget => {
            if let Some(s) = sh.session.as_mut() {
                s.choosing = None;
            }
        }
        Act::Undo => {
            command(sh, Command::Undo);
        }
        Act::Give(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.offer.give, id);
            }
        }
        Act::Ask(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.offer.ask, id);
            }
        }
        Act::Sequence(q) => {
            if let Some(s) = sh.session.as_mut() {
                s.offer.sequencing = q;
            }
        }
        Act::DeadlineUp | Act::DeadlineDown => {
            if let Some(s) = sh.session.as_mut() {
                s.offer.deadline = if act == Act::DeadlineUp {
                    (s.offer.deadline + 1).min(12)
                } else {
                    s.offer.deadline.saturating_sub(1).max(1)
                };
            }
        }
        Act::SendOffer => {
            // The draft stays as sent, so the builder shows what is planned.
            let draft = sh.session.as_ref().map(|s| s.offer.clone());
            if let Some(d) = draft {
                command(
                    sh,
                    Command::Offer {
                        give: d.give,
                        ask: d.ask,
                        sequencing: d.sequencing,
                        deadline: Some(d.deadline),
                    },
                );
            }
        }
        Act::ClearOffer => {
            let planned = sh.session.as_mut().is_some_and(|s| {
                s.offer = Default::default();
                s.game.plan().offer.is_some()
            });
            if planned {
                command(sh, Command::CancelOffer);
            }
        }
        Act::Enforce(id) => {
            command(sh, Command::Enforce(id));
        }
        Act::LookAway(id) => {
            command(sh, Command::LookAway(id));
        }
        Act::AcceptCounter => {
            command(sh, Command::AcceptCounter);
        }
        Act::RejectCounter => {
            command(sh, Command::RejectCounter);
        }
        Act::Break(id) => {
            if let Some(s) = sh.session.as_mut() {
                s.confirm = Some(Act::Break(id));
                s.message = None;
            }
        }
        Act::Confirm => {
            let waiting = sh.session.as_mut().and_then(|s| s.confirm.take());
            if let Some(Act::Break(id)) = waiting {
                command(sh, Command::Break(id));
            }
        }
        Act::CancelConfirm => {
            if let Some(s) = sh.session.as_mut() {
                s.confirm = None;
            }
        }
        Act::EndRound => {
            if command(sh, Command::End).is_some() {
                if let Some(s) = sh.session.as_mut() {
                    s.show_why = false;
                    s.choosing = None;
                    s.confirm = None;
                }
                go(sh, Screen::Report);
            }
        }
        Act::Next => {
            let over = sh.session.as_ref().is_some_and(|s| s.game.over().is_some());
            go(sh, if over { Screen::Debrief } else { Screen::Round });
        }
        Act::Why => {
            if let Some(s) = sh.session.as_mut() {
                s.show_why = !s.show_why;
            }
        }
        Act::WhyScores => {
            if let Some(s) = sh.session.as_mut() {
                s.show_scores = !s.show_scores;
                s.show_why = true;
            }
        }
        Act::Export(kind) => {
            #[cfg(not(target_arch = "wasm32"))]
            let dirs = sh.dirs.clone();
            if let Some(s) = sh.session.as_mut() {
                let d = Debrief::of(&s.game, "");
                let stem = format!("{}-seed{}", s.game.rules().id, s.game.seed());
                let (name, body) = match kind {
                    Export::Html => (format!("{stem}.html"), report::html(&d)),
                    Export::Markdown => (format!("{stem}.md"), report::markdown(&d)),
                    Export::Csv => (format!("{stem}.csv"), report::csv(&d)),
                    Export::Record => (
                        format!("{stem}-record.ron"),
                        crate::analysis::record::GameRecord::of(&s.game, &s.level_file, "")
                            .to_ron(),
                    ),
                };
                #[cfg(target_arch = "wasm32")]
                {
                    let mime = match kind {
                        Export::Html => "text/html",
                        Export::Markdown => "text/markdown",
                        Export::Csv => "text/csv",
                        Export::Record => "text/plain",
                    };
                    match crate::game::web::download(&name, mime, &body) {
                        Ok(()) => s.say(format!("Downloaded: {name}"), false),
                        Err(e) => s.say(format!("Could not download {name}: {e}"), true),
                    }
                }
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let path = dirs.exports().join(name);
                    match crate::files::write_atomic(&path, body.as_bytes()) {
                        Ok(()) => s.say(format!("Written: {}", path.display()), false),
                        Err(e) => s.say(format!("Could not write: {e}"), true),
                    }
                }
            }
        }
        Act::DismissReload => sh.reload.0 = None,
        Act::PickFile =>
        {
            #[cfg(target_arch = "wasm32")]
            if !crate::game::web::pick_file() {
                sh.notice.0 = Some(("This page cannot open files.".into(), true));
            }
        }
    }
}

/// The text in a field now (from the field on screen if there is one, else as last kept).
fn current_text(sh: &Shell, field: &'static str) -> String {
    sh.typed
        .iter()
        .find(|(a, _)| **a == Act::Field(field))
        .map(|(_, t)| t.value().to_string())
        .or_else(|| sh.fields.0.get(field).cloned())
        .unwrap_or_default()
}

/// Opens a file given by path or dropped on the window: a game record (its game, or its
/// debrief if it is finished), or a level (its briefing).
fn open_file(sh: &mut Shell, path: &std::path::Path) {
    if path.as_os_str().is_empty() {
        sh.notice.0 = Some((
            "Type the path of a game record or a level file.".into(),
            true,
        ));
        return;
    }
    if !state::store().is_file(path) {
        sh.notice.0 = Some((format!("There is no file {}.", path.display()), true));
        return;
    }
    match restore(&sh.dirs, path) {
        Ok(s) => {
            let over = s.game.over().is_some();
            sh.commands.insert_resource(s);
            sh.reload.0 = None;
            sh.notice.0 = None;
            go(sh, if over { Screen::Debrief } else { Screen::Round });
        }
        Err(record_error) => match state::load_level_file(path) {
            Ok(_) => {
                let entry_ix = sh.catalog.add_file(path.to_path_buf());
                if let Some(l) = sh.catalog.levels.get(entry_ix) {
                    *sh.lengths = Lengths::of(&l.source);
                }
                sh.chosen.0 = Some(entry_ix);
                sh.notice.0 = None;
                go(sh, Screen::Briefing);
            }
            Err(_) => {
                sh.notice.0 = Some((
                    format!(
                        "{} is neither a game record nor a level: {}",
                        path.display(),
                        record_error.lines().next().unwrap_or_default()
                    ),
                    true,
                ));
            }
        },
    }
}

/// Files dropped on the window are opened like the Load screen's Open.
fn dropped_files(
    mut drops: MessageReader<bevy::window::FileDragAndDrop>,
    mut out: MessageWriter<Do>,
    mut fields: ResMut<crate::game::widgets::Fields>,
) {
    for d in drops.read() {
        if let bevy::window::FileDragAndDrop::DroppedFile { path_buf, .. } = d {
            fields.0.insert(OPEN_PATH, path_buf.display().to_string());
            out.write(Do(Act::Open(path_buf.clone())));
        }
    }
}

fn toggle(list: &mut Vec<String>, id: String) {
    if let Some(i) = list.iter().position(|x| *x == id) {
        list.remove(i);
    } else {
        list.push(id);
    }
}
