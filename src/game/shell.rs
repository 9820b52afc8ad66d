//! The shell's engine room: turning input into acts and acts into changes. Buttons carry an
//! [`Act`]; clicking one or pressing Enter or Space on it sends it (see `acts`), and keyboard
//! shortcuts send the same acts. Each screen's plugin registers the keys of its screen
//! ([`ShellApp::add_keys`]) and a handler for its own acts ([`ShellApp::add_acts`]); this module
//! asks them in turn and carries out the few acts that belong to no screen (go, back, quit, open
//! a file, close a dialog). Handlers change the game only through [`command`], the same game
//! commands the text mode uses.

use crate::game::acts::{
    Act, Dialog, Dirty, Do, Handled, HelpOpen, Notice, OPEN_PATH, Paused, Screen, WantFocus,
};
use crate::game::hot_reload::ReloadError;
use crate::game::platform;
use crate::game::state::{self, Catalog, Chosen, Dirs, Lengths, Session, Settings, restore};
use crate::game::theme::Theme;
use crate::game::widgets::Fields;
use crate::sim::game::{Ack, Command};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;

/// Carries out the acts it owns and gives any other act back.
pub type Handler = for<'a, 'w, 's> fn(&'a mut Shell<'w, 's>, Act) -> Option<Act>;

/// The act a key asks for on a screen, if any.
pub type Keys = fn(KeyCode, &KeyCx) -> Option<Act>;

/// Where a key table applies: on a screen, or while the pause menu is open over any screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeysOn {
    Screen(Screen),
    Paused,
}

/// What a key table may look at.
pub struct KeyCx<'a> {
    pub session: Option<&'a Session>,
    pub catalog: &'a Catalog,
    pub dirs: &'a Dirs,
}

/// The handlers and key tables the screens registered.
#[derive(Resource, Default)]
pub struct Registry {
    handlers: Vec<Handler>,
    keys: Vec<(KeysOn, Keys)>,
}

/// How a screen plugin registers its acts and keys.
pub trait ShellApp {
    /// `handler` carries out the acts it owns.
    fn add_acts(&mut self, handler: Handler) -> &mut Self;
    /// `keys` turns key presses into acts where `on` says.
    fn add_keys(&mut self, on: KeysOn, keys: Keys) -> &mut Self;
}

impl ShellApp for App {
    fn add_acts(&mut self, handler: Handler) -> &mut Self {
        self.init_resource::<Registry>();
        self.world_mut()
            .resource_mut::<Registry>()
            .handlers
            .push(handler);
        self
    }

    fn add_keys(&mut self, on: KeysOn, keys: Keys) -> &mut Self {
        self.init_resource::<Registry>();
        self.world_mut()
            .resource_mut::<Registry>()
            .keys
            .push((on, keys));
        self
    }
}

/// The screen shown before the current one (Back returns to it from Settings and Load).
#[derive(Resource, Debug, Clone, Default)]
pub struct Previous(pub Option<Screen>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Registry>()
        .init_resource::<Previous>()
        .init_resource::<Chosen>()
        .init_resource::<Lengths>()
        .init_resource::<crate::game::state::SeatChoice>()
        .init_resource::<Fields>()
        .add_systems(Update, dropped_files.in_set(Handled).before(handle))
        .add_systems(Update, (shortcuts, handle).chain().in_set(Handled));
}

/// Keyboard shortcuts: a text field's Enter and Esc, a dialog's Esc and help's F1 first, then
/// the pause menu's keys while it is open, else the keys of the screen shown. The same letters
/// are shown on the buttons.
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
    typing: Query<(&Act, &bevy::text::EditableText)>,
    dialog: Res<Dialog>,
    registry: Res<Registry>,
    mut held: Local<Option<Act>>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    // An Enter held back last frame: the letters typed before it are in its field now.
    if let Some(a) = held.take() {
        out.write(Do(a));
    }
    let pressed: Vec<KeyCode> = keys.get_just_pressed().copied().collect();
    // While a text field has the focus, letters are text: only Enter and Esc act.
    let focused = focus.get().and_then(|e| typing.get(e).ok());
    let field = focused.map(|(a, _)| a.clone());
    // Letters typed in the same frame as Enter reach the field's text only after this frame's
    // update (Bevy applies text edits late in the frame): on a slow machine a quick "code, Enter"
    // would submit the code without its last letters. Such an Enter waits one frame.
    let letters_pending = focused.is_some_and(|(_, t)| !t.pending_edits.is_empty());
    let cx = KeyCx {
        session: session.as_deref(),
        catalog: &catalog,
        dirs: &dirs,
    };
    let on = if paused.0 {
        KeysOn::Paused
    } else {
        KeysOn::Screen(*screen.get())
    };
    for key in pressed {
        if let Some(Act::Field(name)) = &field {
            match key {
                KeyCode::Enter | KeyCode::NumpadEnter if letters_pending => {
                    *held = Some(Act::Submit(name));
                    redraw.write(bevy::window::RequestRedraw);
                }
                KeyCode::Enter | KeyCode::NumpadEnter => {
                    out.write(Do(Act::Submit(name)));
                }
                KeyCode::Escape => {
                    out.write(Do(Act::CancelDialog));
                }
                _ => {}
            }
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
        } else if key == KeyCode::F1 && !paused.0 {
            Some(Act::Help)
        } else {
            registry
                .keys
                .iter()
                .filter(|(o, _)| *o == on)
                .find_map(|(_, table)| table(key, &cx))
        };
        if let Some(a) = act {
            out.write(Do(a));
        }
    }
}

/// The number of a digit key (1–9).
pub fn digit(k: KeyCode) -> Option<u32> {
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
    pub commands: Commands<'w, 's>,
    pub screen: Res<'w, State<Screen>>,
    pub next: ResMut<'w, NextState<Screen>>,
    pub session: Option<ResMut<'w, Session>>,
    pub settings: ResMut<'w, Settings>,
    pub dirs: Res<'w, Dirs>,
    pub catalog: ResMut<'w, Catalog>,
    pub chosen: ResMut<'w, Chosen>,
    pub lengths: ResMut<'w, Lengths>,
    pub seat_choice: ResMut<'w, crate::game::state::SeatChoice>,
    pub paused: ResMut<'w, Paused>,
    pub help: ResMut<'w, HelpOpen>,
    pub notice: ResMut<'w, Notice>,
    pub dirty: ResMut<'w, Dirty>,
    pub theme: ResMut<'w, Theme>,
    pub scale: ResMut<'w, UiScale>,
    pub windows: Query<'w, 's, &'static mut Window>,
    pub exit: MessageWriter<'w, AppExit>,
    pub focus: ResMut<'w, InputFocus>,
    pub reload: ResMut<'w, ReloadError>,
    pub want_focus: ResMut<'w, WantFocus>,
    pub dialog: ResMut<'w, Dialog>,
    pub fields: ResMut<'w, Fields>,
    pub typed: Query<'w, 's, (&'static Act, &'static bevy::text::EditableText)>,
    pub previous: ResMut<'w, Previous>,
    pub joining: ResMut<'w, crate::game::state::Joining>,
}

fn handle(mut msgs: MessageReader<Do>, mut sh: Shell, registry: Res<Registry>) {
    let acts: Vec<Act> = msgs.read().map(|d| d.0.clone()).collect();
    for act in acts {
        let mut left = Some(act);
        for handler in &registry.handlers {
            left = left.and_then(|a| handler(&mut sh, a));
        }
        if let Some(a) = left {
            carry_out(&mut sh, a);
        }
        sh.dirty.0 = true;
    }
}

pub fn go(sh: &mut Shell, to: Screen) {
    sh.previous.0 = Some(*sh.screen.get());
    sh.next.set(to);
    sh.paused.0 = false;
    sh.focus.clear();
}

/// Plays a command and reports the outcome on the session.
pub fn command(sh: &mut Shell, cmd: Command) -> Option<Ack> {
    let dirs = sh.dirs.clone();
    let s = sh.session.as_mut()?;
    match s.command(cmd) {
        Ok(ack) => {
            match &ack {
                Ack::Planned(w) => s.say(format!("Planned: {w}."), false),
                Ack::Undone(w) => s.say(format!("Taken back: {w}."), false),
                Ack::Decided(w) => s.say(w.clone(), false),
                Ack::RoundEnded => s.message = None,
                Ack::Waiting(who) => s.say(format!("{who} is deciding."), false),
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

/// Starts a session: the U.S. chair's round, or the other chair's orders once the AI
/// Washington has moved.
pub fn start_session(sh: &mut Shell, session: Session) {
    let to = first_screen(&session);
    sh.commands.insert_resource(session);
    sh.reload.0 = None;
    go(sh, to);
}

/// Where a session opens: the debrief once over; the other chair's orders when the round waits
/// for them and the student sits there alone; else the U.S. round (at one screen, the U.S.
/// plans first; a round waiting for the other chair opens on the handover).
pub fn first_screen(s: &Session) -> Screen {
    use crate::game::state::Seating;
    use crate::sim::game::Phase;
    if s.seat().over().is_some() {
        return Screen::Debrief;
    }
    match (s.seating, s.phase()) {
        (Seating::Opponent, _) => Screen::Opponent,
        (Seating::Both, Phase::Opponent) => Screen::Handover,
        _ => Screen::Round,
    }
}

pub fn save_settings(sh: &mut Shell) {
    if let Err(e) = state::save_settings(&sh.dirs, &sh.settings) {
        sh.notice.0 = Some((format!("Settings not saved: {e}"), true));
    }
}

/// The acts of no screen in particular.
fn carry_out(sh: &mut Shell, act: Act) {
    match act {
        Act::Go(to) => go(sh, to),
        Act::Back => {
            let to = match sh.screen.get() {
                Screen::Briefing => Screen::LevelSelect,
                Screen::Settings | Screen::Load if sh.session.is_some() => {
                    sh.previous.0.unwrap_or(Screen::Menu)
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
        Act::Field(_) => {}
        Act::Open(path) => open_file(sh, &path),
        Act::CancelDialog => {
            *sh.dialog = Dialog::None;
            sh.focus.clear();
        }
        // An act whose screen is not registered (there is none) does nothing.
        _ => {}
    }
}

/// The text typed in a field, kept for the next time it is shown.
pub fn take_field(sh: &mut Shell, field: &'static str) -> String {
    let value = current_text(sh, field);
    sh.fields.0.insert(field, value.clone());
    value
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
pub fn open_file(sh: &mut Shell, path: &std::path::Path) {
    if path.as_os_str().is_empty() {
        sh.notice.0 = Some((
            "Type the path of a game record or a level file.".into(),
            true,
        ));
        return;
    }
    if !platform::store().is_file(path) {
        sh.notice.0 = Some((format!("There is no file {}.", path.display()), true));
        return;
    }
    match restore(&sh.dirs, path) {
        Ok(s) => {
            sh.notice.0 = None;
            start_session(sh, s);
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
    mut fields: ResMut<Fields>,
) {
    for d in drops.read() {
        if let bevy::window::FileDragAndDrop::DroppedFile { path_buf, .. } = d {
            fields.0.insert(OPEN_PATH, path_buf.display().to_string());
            out.write(Do(Act::Open(path_buf.clone())));
        }
    }
}
