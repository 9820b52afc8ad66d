//! The screens. Each screen is built from the current state by one function; when anything
//! changes, the screen is rebuilt, keeping scroll positions and the focused control.
//!
//! - [`menus`]: main menu, level select, briefing, settings, load.
//! - [`round`]: the round — dashboard, map, actions, offer builder, agreements, news.
//! - [`report`]: the round's resolution — answers, changes with causes, "Why?".
//! - [`debrief`]: the end — outcome, charts, reciprocity, fingerprint, assumptions, history.
//! - [`overlays`]: the pause menu, help, the level-reload error, tooltips.

pub mod debrief;
pub mod menus;
pub mod overlays;
pub mod report;
pub mod round;

use crate::game::actions::{Act, Chosen, Dirty, HelpOpen, Notice, Paused};
use crate::game::hot_reload::ReloadError;
use crate::game::map::MapImages;
use crate::game::state::{Catalog, Dirs, Screen, Session, Settings};
use crate::game::theme::Theme;
use bevy::ecs::system::SystemParam;
use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use std::collections::HashMap;

/// The root of the screen being shown.
#[derive(Component)]
pub struct ScreenRoot;

/// A scroll container whose position survives rebuilds.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScrollKey(pub &'static str);

/// Scroll positions and focus kept across rebuilds.
#[derive(Resource, Default)]
pub struct Kept {
    pub screen: Option<Screen>,
    pub scroll: HashMap<&'static str, Vec2>,
    pub focus: Option<Act>,
}

impl Kept {
    pub fn scroll(&self, key: &'static str) -> Vec2 {
        self.scroll.get(key).copied().unwrap_or(Vec2::ZERO)
    }
}

/// The window's size in logical pixels (after the interface scale), and whether the screens
/// use their compact layout (below [`Viewport::COMPACT_WIDTH`]: a small window, or a projector
/// scale on a laptop screen).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Viewport(pub Vec2);

impl Default for Viewport {
    fn default() -> Self {
        Viewport(Vec2::new(1280.0, 720.0))
    }
}

impl Viewport {
    pub const COMPACT_WIDTH: f32 = 1100.0;

    pub fn compact(&self) -> bool {
        self.0.x < Self::COMPACT_WIDTH
    }
}

/// Follows the window's logical size; a change of layout (compact or not) rebuilds the screen.
fn track_viewport(
    windows: Query<&Window>,
    scale: Res<UiScale>,
    mut viewport: ResMut<Viewport>,
    mut dirty: ResMut<Dirty>,
) {
    let Some(w) = windows.iter().next() else {
        return;
    };
    let k = scale.0.max(0.1);
    let now = Viewport(Vec2::new(w.width() / k, w.height() / k));
    if now != *viewport {
        if now.compact() != viewport.compact() {
            dirty.0 = true;
        }
        *viewport = now;
    }
}

/// What every screen is built from.
#[derive(SystemParam)]
pub struct Ui<'w> {
    pub viewport: Res<'w, Viewport>,
    pub theme: Res<'w, Theme>,
    pub settings: Res<'w, Settings>,
    pub session: Option<Res<'w, Session>>,
    pub catalog: Res<'w, Catalog>,
    pub chosen: Res<'w, Chosen>,
    pub lengths: Res<'w, crate::game::actions::Lengths>,
    pub dirs: Res<'w, Dirs>,
    pub paused: Res<'w, Paused>,
    pub help: Res<'w, HelpOpen>,
    pub notice: Res<'w, Notice>,
    pub reload: Res<'w, ReloadError>,
    pub maps: Res<'w, MapImages>,
    pub fields: Res<'w, crate::game::widgets::Fields>,
    pub dialog: Res<'w, crate::game::actions::Dialog>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Kept>()
        .init_resource::<Viewport>()
        .add_systems(Update, track_viewport.after(crate::game::actions::Handled))
        .add_systems(
            PostUpdate,
            (crate::game::widgets::keep_fields, rebuild, restore_focus)
                .chain()
                .before(bevy::ui::UiSystems::Prepare),
        )
        .add_plugins(overlays::plugin);
}

fn rebuild(
    mut commands: Commands,
    screen: Res<State<Screen>>,
    mut dirty: ResMut<Dirty>,
    roots: Query<Entity, With<ScreenRoot>>,
    scrolls: Query<(&ScrollKey, &ScrollPosition)>,
    focus: Res<InputFocus>,
    acts: Query<&Act>,
    mut kept: ResMut<Kept>,
    ui: Ui,
    mut images: ResMut<Assets<Image>>,
    mut want: ResMut<crate::game::actions::WantFocus>,
) {
    let current = *screen.get();
    let same_screen = kept.screen == Some(current);
    if !dirty.0
        && same_screen
        && !ui.theme.is_changed()
        && !ui.reload.is_changed()
        && !ui.dialog.is_changed()
    {
        return;
    }
    dirty.0 = false;
    if same_screen {
        for (k, pos) in &scrolls {
            kept.scroll.insert(k.0, pos.0);
        }
        kept.focus = focus.get().and_then(|e| acts.get(e).ok()).cloned();
    } else {
        kept.scroll.clear();
        kept.focus = None;
    }
    if let Some(a) = want.0.take() {
        kept.focus = Some(a);
    }
    kept.screen = Some(current);
    for r in &roots {
        commands.entity(r).despawn();
    }
    let root = commands
        .spawn((
            ScreenRoot,
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            BackgroundColor(ui.theme.palette.background),
        ))
        .id();
    match current {
        Screen::Menu => menus::main_menu(&mut commands, root, &ui),
        Screen::LevelSelect => menus::level_select(&mut commands, root, &ui, &kept),
        Screen::Briefing => menus::briefing(&mut commands, root, &ui, &kept),
        Screen::Settings => menus::settings(&mut commands, root, &ui),
        Screen::Load => menus::load(&mut commands, root, &ui, &kept),
        Screen::Round => round::build(&mut commands, root, &ui, &kept),
        Screen::Report => report::build(&mut commands, root, &ui, &kept),
        Screen::Debrief => debrief::build(&mut commands, root, &ui, &kept, &mut images),
    }
    overlays::build(&mut commands, root, &ui);
}

fn restore_focus(
    mut kept: ResMut<Kept>,
    acts: Query<(Entity, &Act), Without<bevy::ui::InteractionDisabled>>,
    mut focus: ResMut<InputFocus>,
) {
    // Read before writing: touching `Kept` mutably every frame would mark it changed, and a
    // changed `Kept` asks for another frame, so the window would never idle.
    if kept.focus.is_none() {
        return;
    }
    let Some(want) = kept.focus.take() else {
        return;
    };
    if let Some((e, _)) = acts.iter().find(|(_, a)| **a == want) {
        focus.set(e, FocusCause::Navigated);
    }
}
