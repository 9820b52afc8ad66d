//! A class game in the window: the link to the class server while joining and while playing
//! (the desktop's thread-backed [`crate::link::Link`], the page's WebSocket in the browser), what
//! the round screen says of it, and the system that listens to it every frame — it starts the
//! game once joined, and turns what the teacher sets into words on the screen.

use crate::game::acts::{Act, Dirty, Do, Notice, Screen};
use crate::game::state::Session;
pub use crate::link::{Link, Note};
use bevy::prelude::*;
use std::sync::Mutex;

/// A class being joined (from the Join screen): its link, until the server answers.
#[derive(Resource, Default)]
pub struct Joining(pub Option<Mutex<Link>>);

/// The class a session's game belongs to.
pub struct ClassSeat {
    /// The link to the server (behind a lock: a session is shared between systems).
    pub link: Mutex<Link>,
    /// The join code.
    pub code: String,
    /// The student's name as the class knows it.
    pub name: String,
    /// The class was paused when last heard.
    paused: bool,
}

impl ClassSeat {
    /// Sends the game's new moves.
    pub fn sent(&self, log: &[crate::sim::game::Command]) {
        self.lock().sent(log);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Link> {
        self.link
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One line for the round screen: the class, and where its moves are.
    pub fn line(&self) -> (String, bool) {
        let link = self.lock();
        let head = format!("Class {}", self.code);
        let now = now();
        if link.status.ended {
            return (format!("{head} · ended by the teacher"), true);
        }
        if link.status.paused {
            return (format!("{head} · paused by the teacher"), true);
        }
        if link.offline {
            return (
                format!(
                    "{head} · offline: {} move{} kept",
                    link.waiting(),
                    if link.waiting() == 1 { "" } else { "s" }
                ),
                true,
            );
        }
        let deadline = link.status.deadline.map(|d| {
            let left = d - now;
            if left > 0 {
                format!(" · round deadline {}:{:02}", left / 60, left % 60)
            } else {
                " · round deadline passed".to_string()
            }
        });
        let stored = if link.waiting() == 0 {
            "every move stored".to_string()
        } else {
            format!(
                "sending {} move{}",
                link.waiting(),
                if link.waiting() == 1 { "" } else { "s" }
            )
        };
        (
            format!("{head} · {stored}{}", deadline.unwrap_or_default()),
            false,
        )
    }
}

fn now() -> i64 {
    crate::game::platform::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Joining>().add_systems(Update, listen);
}

/// Every frame: a class being joined becomes a game when the server answers; a class game hears
/// what the teacher set and where its moves are, and the screen is redrawn when that changes
/// (every second while a deadline counts down).
fn listen(
    mut commands: Commands,
    mut joining: ResMut<Joining>,
    session: Option<ResMut<Session>>,
    mut notice: ResMut<Notice>,
    mut dirty: ResMut<Dirty>,
    mut out: MessageWriter<Do>,
    mut last_second: Local<i64>,
) {
    if let Some(link) = joining.0.as_ref() {
        let notes = link
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .poll();
        for n in notes {
            match n {
                Note::Joined(j) => match crate::game::state::joined_session(&j) {
                    Ok(mut s) => {
                        if let Some(link) = joining.0.take() {
                            s.class = Some(ClassSeat {
                                link,
                                code: j.code.clone(),
                                name: j.name.clone(),
                                paused: j.status.paused,
                            });
                        }
                        s.say(
                            format!(
                                "Joined class {} as {}: every move you make is kept on the class server.",
                                j.code, j.name
                            ),
                            false,
                        );
                        let to = crate::game::shell::first_screen(&s);
                        commands.insert_resource(s);
                        notice.0 = None;
                        out.write(Do(Act::Go(to)));
                        return;
                    }
                    Err(e) => {
                        joining.0 = None;
                        notice.0 = Some((e, true));
                        dirty.0 = true;
                    }
                },
                Note::Failed(e) => {
                    joining.0 = None;
                    notice.0 = Some((e, true));
                    dirty.0 = true;
                }
                _ => {}
            }
        }
    }
    let Some(mut session) = session else {
        return;
    };
    let Some(class) = session.class.as_mut() else {
        return;
    };
    let notes = class.lock().poll();
    let mut said = Vec::new();
    for n in &notes {
        match n {
            Note::Said(s) => said.push((s.clone(), true)),
            Note::Status(s) => {
                if let Some(w) = s.news(class.paused, now()) {
                    said.push((w, s.paused || s.ended));
                }
                class.paused = s.paused;
            }
            _ => {}
        }
    }
    let ticking = class.lock().status.deadline.is_some();
    if !notes.is_empty() {
        dirty.0 = true;
    }
    if let Some((words, error)) = said.pop() {
        session.say(words, error);
    }
    let second = now();
    if ticking && second != *last_second {
        *last_second = second;
        dirty.0 = true;
    }
    let _ = Screen::Round;
}
