//! Hot reload of the level being played: a background thread watches the file; when it changes
//! the level is validated again. Errors show in an overlay with file, line and message; a valid
//! level is played again from the command log, back to the current round.

use crate::game::acts::Dirty;
use crate::game::state::Session;
use crate::level;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// What was wrong with the level file last time it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReloadProblem {
    pub file: String,
    /// (line, column, message)
    pub problems: Vec<(usize, usize, String)>,
}

/// The reload error shown in an overlay, if any.
#[derive(Resource, Debug, Clone, Default)]
pub struct ReloadError(pub Option<ReloadProblem>);

/// The watcher of the current level file.
#[derive(Resource, Default)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Watcher {
    path: Option<PathBuf>,
    stop: Option<Arc<AtomicBool>>,
    changes: Option<Mutex<Receiver<()>>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(s) = &self.stop {
            s.store(true, Ordering::Relaxed);
        }
    }
}

/// How often the file is looked at.
pub const POLL: Duration = Duration::from_millis(400);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReloadError>()
        .init_resource::<Watcher>();
    // A page has no file to watch and no threads to watch it with: there a level edited again is
    // opened again (Load → Choose a file), which replaces the kept copy.
    #[cfg(not(target_arch = "wasm32"))]
    app.add_systems(Update, (follow_session, apply_changes).chain());
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn stamp(path: &PathBuf) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Starts (or stops) watching when the session's level file changes.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn follow_session(
    session: Option<Res<Session>>,
    mut watcher: ResMut<Watcher>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let want = session.as_ref().and_then(|s| s.level_path.clone());
    if watcher.path == want {
        return;
    }
    if let Some(s) = watcher.stop.take() {
        s.store(true, Ordering::Relaxed);
    }
    watcher.changes = None;
    watcher.path = want.clone();
    let Some(path) = want else {
        return;
    };
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = channel();
    let flag = stop.clone();
    let wake = proxy.map(|p| (**p).clone());
    let spawned = std::thread::Builder::new()
        .name("level-watcher".into())
        .spawn(move || {
            let mut last = stamp(&path);
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(POLL);
                let now = stamp(&path);
                if now != last && now.is_some() {
                    last = now;
                    if tx.send(()).is_err() {
                        break;
                    }
                    if let Some(w) = &wake {
                        let _ = w.send_event(bevy::winit::WinitUserEvent::WakeUp);
                    }
                }
            }
        });
    if spawned.is_ok() {
        watcher.stop = Some(stop);
        watcher.changes = Some(Mutex::new(rx));
    }
}

/// Validates the changed file and replays the game on it, or shows what is wrong.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn apply_changes(
    watcher: Res<Watcher>,
    session: Option<ResMut<Session>>,
    mut error: ResMut<ReloadError>,
    mut dirty: ResMut<Dirty>,
) {
    let changed = watcher
        .changes
        .as_ref()
        .and_then(|m| m.lock().ok())
        .is_some_and(|rx| {
            let mut any = false;
            while rx.try_recv().is_ok() {
                any = true;
            }
            any
        });
    if !changed {
        return;
    }
    let (Some(mut s), Some(path)) = (session, watcher.path.clone()) else {
        return;
    };
    reload(&mut s, &path, &mut error);
    dirty.0 = true;
}

/// Reloads the session's level from `path`: on errors, records them; when valid, replays the
/// command log on the new rules.
pub fn reload(s: &mut Session, path: &std::path::Path, error: &mut ReloadError) {
    match level::load_file_with(path, &s.variant) {
        Err(d) => {
            error.0 = Some(ReloadProblem {
                file: d.file.clone(),
                problems: d
                    .errors()
                    .map(|e| (e.line, e.column, e.message.clone()))
                    .collect(),
            });
        }
        Ok(loaded) => {
            error.0 = None;
            let (round, now) = s.replay_on(loaded.rules.clone());
            s.variant = loaded.variant;
            s.say(
                if now == round {
                    format!("Level reloaded; your moves were replayed back to round {now}.")
                } else {
                    format!(
                        "Level reloaded; replaying your moves on it ends in round {now} (it was {round})."
                    )
                },
                false,
            );
        }
    }
}
