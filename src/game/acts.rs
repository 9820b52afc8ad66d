//! The floor every screen stands on: the screens and tabs there are, every act a player can do
//! (buttons carry an [`Act`]; keys and clicks send it as a [`Do`] message), and the flags the
//! screens share (paused, help open, a notice, the screen needs a rebuild). This module names
//! nothing else of the shell, so any module may use it.

use crate::level::types::Sequencing;
use crate::sim::Difficulty;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use std::path::PathBuf;

/// The screens of the game.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Menu,
    LevelSelect,
    Briefing,
    Round,
    Report,
    Debrief,
    Settings,
    Load,
    /// The other side's chair: its situation and its orders.
    Opponent,
    /// Between two students at one screen: nothing shown until the next one has the seat.
    Handover,
    /// Join a class: the class server, the join code, the student's name.
    Join,
}

/// The tabs of the round screen's right panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    #[default]
    Actions,
    Offer,
    Agreements,
    /// The map and the news, as a tab of its own in the compact layout.
    World,
}

/// Who sits where at this screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Seating {
    /// A student in the U.S. chair against the AI.
    #[default]
    Us,
    /// A student in the other side's chair against an AI Washington.
    Opponent,
    /// Two students at one screen, one in each chair, with a handover between them.
    Both,
}

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
    /// Choose the chair to sit in (on the briefing).
    SetSeating(Seating),
    /// An order from the other side's chair.
    Order(crate::sim::game::OpponentCommand),
    /// The other chair's terms: a reward it wants, or a step it offers.
    TermGive(String),
    TermAsk(String),
    /// Counter the offer with the terms put together.
    Counter,
    /// Stall on the offer, naming the terms put together.
    StallWithTerms,
    /// The next student has the seat (on the handover screen).
    Seated,
    /// At one screen: show the other chair's debrief, or the U.S.'s.
    OtherDebrief,
    /// Join the class the Join screen's fields name.
    JoinClass,
    /// Join the class with this name from its class list.
    JoinAs(String),
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
/// The Join screen's fields: the class server's address, the join code, the student's name.
pub const JOIN_SERVER: &str = "join-server";
pub const JOIN_CODE: &str = "join-code";
pub const JOIN_NAME: &str = "join-name";

/// An act to carry out this frame.
#[derive(Message, Debug, Clone)]
pub struct Do(pub Act);

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
        .init_resource::<Paused>()
        .init_resource::<HelpOpen>()
        .init_resource::<Notice>()
        .init_resource::<Dirty>()
        .init_resource::<WantFocus>()
        .init_resource::<Dialog>()
        .add_observer(on_activate);
}

/// A button was clicked, or Enter/Space pressed on it: carry out its act.
fn on_activate(ev: On<Activate>, acts: Query<&Act>, mut out: MessageWriter<Do>) {
    if let Ok(a) = acts.get(ev.entity) {
        out.write(Do(a.clone()));
    }
}
