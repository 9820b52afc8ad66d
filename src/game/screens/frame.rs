//! What every screen is built on: the window's [`Viewport`], the [`Ui`] a screen reads, and the
//! rebuild. A screen registers its builder with [`ScreenApp::add_screen`]; whenever the state
//! changes, the screen shown is built again from scratch under a fresh root, keeping scroll
//! positions and the focused control, and the overlays are built over it.

use crate::game::acts::{Act, Dialog, Dirty, Handled, HelpOpen, Notice, Paused, Screen, WantFocus};
use crate::game::hot_reload::ReloadError;
use crate::game::map::MapImages;
use crate::game::state::{Catalog, Chosen, Dirs, Lengths, Session, Settings};
use crate::game::theme::Theme;
use crate::game::widgets::{Fields, Kept, ScrollKey, keep_fields};
use bevy::ecs::system::SystemParam;
use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use std::collections::HashMap;

/// Builds a screen's content under its root.
pub type Build = fn(&mut Commands, Entity, &Ui, &Kept, &mut Assets<Image>);

/// The builder of each screen, and of what is drawn over every screen (the overlays).
#[derive(Resource, Default)]
pub struct Builders {
    screens: HashMap<Screen, Build>,
    overlays: Vec<Build>,
}

/// How a screen plugin adds itself.
pub trait ScreenApp {
    /// The screen `screen` is built by `build`.
    fn add_screen(&mut self, screen: Screen, build: Build) -> &mut Self;
    /// `build` draws over every screen, after it (dialogs, menus, tooltips).
    fn add_overlay(&mut self, build: Build) -> &mut Self;
}

impl ScreenApp for App {
    fn add_screen(&mut self, screen: Screen, build: Build) -> &mut Self {
        self.init_resource::<Builders>();
        self.world_mut()
            .resource_mut::<Builders>()
            .screens
            .insert(screen, build);
        self
    }

    fn add_overlay(&mut self, build: Build) -> &mut Self {
        self.init_resource::<Builders>();
        self.world_mut()
            .resource_mut::<Builders>()
            .overlays
            .push(build);
        self
    }
}

/// The root of the screen being shown.
#[derive(Component)]
pub struct ScreenRoot;

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
    pub lengths: Res<'w, Lengths>,
    pub seat_choice: Res<'w, crate::game::state::SeatChoice>,
    pub dirs: Res<'w, Dirs>,
    pub paused: Res<'w, Paused>,
    pub help: Res<'w, HelpOpen>,
    pub notice: Res<'w, Notice>,
    pub reload: Res<'w, ReloadError>,
    pub maps: Res<'w, MapImages>,
    pub fields: Res<'w, Fields>,
    pub dialog: Res<'w, Dialog>,
    pub joining: Res<'w, crate::game::state::Joining>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Kept>()
        .init_resource::<Builders>()
        .init_resource::<Viewport>()
        .add_systems(Update, track_viewport.after(Handled))
        .add_systems(
            PostUpdate,
            (keep_fields, rebuild, restore_focus)
                .chain()
                .before(bevy::ui::UiSystems::Prepare),
        );
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
    mut want: ResMut<WantFocus>,
    builders: Res<Builders>,
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
    if let Some(build) = builders.screens.get(&current) {
        build(&mut commands, root, &ui, &kept, &mut images);
    }
    for build in &builders.overlays {
        build(&mut commands, root, &ui, &kept, &mut images);
    }
}

fn restore_focus(
    mut kept: ResMut<Kept>,
    acts: Query<(Entity, &Act), Without<bevy::ui::InteractionDisabled>>,
    mut focus: ResMut<InputFocus>,
    mut want_next: ResMut<WantFocus>,
    mut retried: Local<bool>,
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
        *retried = false;
    } else if !*retried {
        // Asked for with a move to another screen, the control is on the next screen's build:
        // try once more then.
        *retried = true;
        want_next.0 = Some(want);
    } else {
        *retried = false;
    }
}
