//! The Bevy shell: the only place Bevy is used. A stack of plugins without cycles (checked by
//! `crates/core/tests/layers.rs`), from the floor up:
//!
//! - [`acts`]: the screens, every act a player can do, the flags screens share. Names nothing
//!   else of the shell. [`theme`]: palette, sizes, the shipped font. [`canvas`]: charts the game
//!   paints itself. [`platform`]: files and the clock on the desktop and in the browser.
//! - [`widgets`]: buttons, text, panels, gauges, scrolling lists. [`state`]: the session (the
//!   game in play), settings, where files live, the catalogue of levels, saves and the autosave.
//! - [`hot_reload`]: watching the level file and replaying on change. [`map`]: the map.
//!   [`scrolling`], `redraw`, `web` (the browser's bridges).
//! - [`shell`]: input into acts (keys, clicks, dropped files), acts carried out by the handlers
//!   the screens register, changes to the game only through its commands.
//! - [`screens`]: a plugin per screen, each with its layout, keys and acts.
//! - `layout`: an audit of the laid-out screen for overflow, used by the tests (`dev` feature).
//! - `shots`: driving the window to a screen and taking a screenshot, for CI and the README
//!   (`dev` feature: not in the shipped game).
//!
//! The window renders only when something changes (reactive updates), so it idles near 0% CPU.

pub mod a11y;
pub mod acts;
pub mod canvas;
pub mod class;
pub mod hot_reload;
#[cfg(feature = "dev")]
pub mod layout;
pub mod map;
pub mod platform;
pub mod redraw;
pub mod screens;
pub mod scrolling;
pub mod shell;
#[cfg(feature = "dev")]
pub mod shots;
pub mod state;
pub mod theme;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod widgets;

use acts::Screen;
use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::window::{ExitCondition, WindowResolution};
use bevy::winit::{UpdateMode, WinitSettings};
use state::{Catalog, Dirs};
use std::time::Duration;

/// How the window is started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Window size in logical pixels (default 1280×720).
    pub size: Option<(u32, u32)>,
    /// Overrides the saved UI scale.
    pub scale: Option<f32>,
    /// Go to this screen at once (`menu`, `round`, `debrief`, …).
    #[cfg(feature = "dev")]
    pub screen: Option<String>,
    /// Take a screenshot of that screen here, then exit.
    #[cfg(feature = "dev")]
    pub screenshot: Option<std::path::PathBuf>,
    /// Where settings and saves live (default: `$QPQ_DATA_DIR` or the platform's data folder).
    pub data_dir: Option<std::path::PathBuf>,
    /// When the program started, for the launch-to-ready time it logs (default: now).
    pub launched: Option<std::time::Instant>,
}

/// Everything but the window and the renderer: shared by the game and the headless tests.
pub struct GamePlugin {
    pub options: Options,
}

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        let dirs = match &self.options.data_dir {
            Some(d) => Dirs { data: d.clone() },
            None => Dirs::locate(),
        };
        let (mut settings, problem) = state::load_settings(&dirs);
        if let Some(s) = self.options.scale {
            settings.ui_scale = s.clamp(0.5, 3.0);
        }
        let catalog = Catalog::scan(&dirs);
        app.insert_resource(UiScale(settings.ui_scale))
            .insert_resource(catalog)
            .insert_resource(dirs)
            .insert_resource(settings.clone())
            .init_state::<Screen>()
            .add_plugins(TabNavigationPlugin)
            .add_plugins((
                theme::plugin,
                widgets::plugin,
                a11y::plugin,
                acts::plugin,
                shell::plugin,
                class::plugin,
                map::plugin,
                hot_reload::plugin,
                screens::plugin,
                scrolling::plugin,
                redraw::plugin,
            ))
            .add_systems(
                Startup,
                move |mut commands: Commands, mut theme: ResMut<theme::Theme>| {
                    commands.spawn((Camera2d, IsDefaultUiCamera));
                    theme.palette = theme::Palette::for_setting(settings.colorblind);
                },
            );
        if let Some(p) = problem {
            app.insert_resource(acts::Notice(Some((p, true))));
        }
        #[cfg(target_arch = "wasm32")]
        app.add_plugins(web::plugin);
        #[cfg(feature = "dev")]
        app.add_plugins(shots::plugin)
            .insert_resource(shots::Plan::from_options(&self.options));
    }
}

/// Whether a window can be opened here: the game is built for X11 (Wayland desktops serve it
/// through XWayland), so it needs an X display that answers. If not, says what to do instead.
pub fn display_problem() -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        let instead = "Run it from a desktop session, or play in this terminal:\n    \
                       cargo run -- play --text april-2000   (or: quid-pro-quo play --text april-2000)";
        let display = std::env::var("DISPLAY").unwrap_or_default();
        if display.is_empty() {
            let wayland = if std::env::var_os("WAYLAND_DISPLAY").is_some() {
                "; this Wayland session offers no XWayland"
            } else {
                ""
            };
            return Some(format!(
                "cannot open the game window: no X display (DISPLAY is not set){wayland}.\n{instead}"
            ));
        }
        if let Err(e) = x11rb::connect(None) {
            return Some(format!(
                "cannot open the game window: the X display `{display}` does not answer ({e}).\n{instead}"
            ));
        }
    }
    None
}

/// Opens the game window and runs until it is closed.
pub fn run(options: Options) -> AppExit {
    let (w, h) = options.size.unwrap_or((1280, 720));
    let (settings, _) = state::load_settings(&Dirs::locate());
    // A page cannot start in full screen (the browser allows it only on a key press or a click).
    let mode = if settings.fullscreen && options.size.is_none() && !platform::IN_BROWSER {
        bevy::window::WindowMode::BorderlessFullscreen(bevy::window::MonitorSelection::Current)
    } else {
        bevy::window::WindowMode::Windowed
    };
    let mut app = App::new();
    // In front of a class, a bug in a system or a command degrades to a logged warning instead
    // of closing the window. The headless tests keep Bevy's default (panic), so the same bug
    // fails a test there.
    app.set_error_handler(bevy::ecs::error::warn);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Quid Pro Quo".into(),
                    resolution: WindowResolution::new(w, h).with_scale_factor_override(1.0),
                    mode,
                    // In the browser: draw in the page's canvas and fill the page, resizing with
                    // the browser's window (web/index.html).
                    canvas: platform::IN_BROWSER.then(|| "#qpq".to_string()),
                    fit_canvas_to_parent: true,
                    ..default()
                }),
                exit_condition: ExitCondition::OnPrimaryClosed,
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,quid_pro_quo=info,wgpu=error,naga=error".into(),
                ..default()
            }),
    );
    // Render only when something happens: input, a window event, or a wake-up from the level
    // watcher. A screenshot run keeps rendering until its picture is taken.
    #[cfg(feature = "dev")]
    let continuous = options.screenshot.is_some();
    #[cfg(not(feature = "dev"))]
    let continuous = false;
    let settings = if continuous {
        WinitSettings::continuous()
    } else {
        WinitSettings {
            focused_mode: UpdateMode::reactive_low_power(Duration::from_secs(60)),
            unfocused_mode: UpdateMode::reactive_low_power(Duration::from_secs(60)),
        }
    };
    app.insert_resource(settings)
        .add_plugins(GamePlugin { options })
        .add_plugins((redraw::WindowedRedrawPlugin, a11y::WindowedA11yPlugin));
    #[cfg(feature = "dev")]
    app.add_plugins(shots::WindowedShotsPlugin);
    app.run()
}

/// An app with the whole game but no window system and no GPU, for tests: real UI layout and
/// text, input through the same messages a player's keys and clicks produce.
pub fn headless(options: Options) -> App {
    use bevy::render::RenderPlugin;
    use bevy::render::settings::{RenderCreation, WgpuSettings};
    let (w, h) = options.size.unwrap_or((1280, 720));
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(RenderPlugin {
                render_creation: RenderCreation::Automatic(Box::new(WgpuSettings {
                    backends: None,
                    ..default()
                })),
                ..default()
            })
            .set(WindowPlugin {
                primary_window: Some(Window {
                    resolution: WindowResolution::new(w, h).with_scale_factor_override(1.0),
                    ..default()
                }),
                exit_condition: ExitCondition::DontExit,
                close_when_requested: false,
                ..default()
            })
            .disable::<bevy::winit::WinitPlugin>()
            .disable::<bevy::log::LogPlugin>(),
    );
    app.add_plugins(GamePlugin { options });
    app.finish();
    app.cleanup();
    app
}
