//! The window draws only when something changes (reactive updates), so it idles near 0% CPU. A
//! change reaches the screen only if frames are drawn after it: while render pipelines compile
//! (the first rounded button, the first map marker) and for a few frames after a screen is
//! rebuilt, this asks for more frames; then the window sleeps until the next input.

use bevy::prelude::*;

/// Whether every render pipeline has been compiled (mirrored from the render world).
#[derive(Resource, Debug, Default)]
pub struct PipelinesReady(pub bool);

/// Frames still to draw after the last change.
#[derive(Default)]
struct Settle(u32);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PipelinesReady>()
        .add_systems(Last, keep_drawing);
}

/// The part that needs the renderer: pipeline readiness, read in the render world.
pub struct WindowedRedrawPlugin;

impl Plugin for WindowedRedrawPlugin {
    fn build(&self, app: &mut App) {
        if let Some(render) = app.get_sub_app_mut(bevy::render::RenderApp) {
            render.add_systems(bevy::render::ExtractSchedule, mirror_ready);
        }
    }
}

fn keep_drawing(
    ready: Res<PipelinesReady>,
    kept: Res<crate::game::widgets::Kept>,
    mut settle: Local<Settle>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    if kept.is_changed() || !ready.0 {
        settle.0 = 4;
    }
    if settle.0 > 0 {
        settle.0 -= 1;
        redraw.write(bevy::window::RequestRedraw);
    }
}

fn mirror_ready(
    mut main: ResMut<bevy::render::MainWorld>,
    cache: Res<bevy::render::render_resource::PipelineCache>,
) {
    if let Some(mut r) = main.get_resource_mut::<PipelinesReady>() {
        r.0 = cache.waiting_pipelines().count() == 0;
    }
}
