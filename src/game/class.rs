//! A class game in the window: the link to the class server while joining and while playing
//! (the desktop's thread-backed [`crate::link::Link`], the page's WebSocket in the browser), what
//! the round screen says of it, and the system that listens to it every frame — it starts the
//! game once joined, and turns what the teacher sets into words on the screen.

use crate::game::acts::{Act, Dirty, Do, Notice, Screen};
use crate::game::state::{ClassSeat, Joining, Session};
use crate::link::Note;
use bevy::prelude::*;

fn now() -> i64 {
    crate::game::platform::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// How often a window with a class link open looks at it, with no input (milliseconds).
const LISTEN_MS: u64 = 400;
/// How long a window without one sleeps with no input (as `game::run` sets it).
const IDLE_MS: u64 = 60_000;

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
    winit: Option<ResMut<bevy::winit::WinitSettings>>,
    dirs: Res<crate::game::state::Dirs>,
) {
    let linked = joining.link.is_some() || session.as_ref().is_some_and(|s| s.class.is_some());
    pace(winit, linked);
    if hear_joining(
        &mut commands,
        &mut joining,
        &mut notice,
        &mut dirty,
        &mut out,
        &dirs,
    ) {
        return;
    }
    if let Some(session) = session {
        hear_class(session, &mut dirty, &mut out, &mut last_second);
    }
}

/// While a class link is open the game looks at it a few times a second, even with no input (the
/// window otherwise sleeps until the next key or click).
fn pace(winit: Option<ResMut<bevy::winit::WinitSettings>>, linked: bool) {
    if let Some(mut w) = winit
        && !matches!(w.focused_mode, bevy::winit::UpdateMode::Continuous)
    {
        let wait = std::time::Duration::from_millis(if linked { LISTEN_MS } else { IDLE_MS });
        let mode = bevy::winit::UpdateMode::reactive_low_power(wait);
        if w.focused_mode != mode {
            w.focused_mode = mode;
            w.unfocused_mode = mode;
        }
    }
}

/// A class being joined: the server's answer starts the game (true), fails, or shows the class
/// list to pick a name from.
fn hear_joining(
    commands: &mut Commands,
    joining: &mut Joining,
    notice: &mut Notice,
    dirty: &mut Dirty,
    out: &mut MessageWriter<Do>,
    dirs: &crate::game::state::Dirs,
) -> bool {
    if let Some(link) = joining.link.as_ref() {
        let notes = link
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .poll();
        for n in notes {
            match n {
                Note::Joined(j) => match crate::game::state::joined_session(dirs, &j) {
                    Ok((mut s, extra)) => {
                        if let Some(link) = joining.link.take() {
                            let server = link
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .server()
                                .to_string();
                            // Continue joins this class again.
                            if let Err(e) = crate::game::state::keep_class(dirs, &server, &j) {
                                warn!("the class joined could not be kept: {e}");
                            }
                            joining.roster.clear();
                            let seat = ClassSeat::new(link, &j);
                            // Moves made offline before the page was reloaded go now.
                            seat.sent(s.seat().commands());
                            s.class = Some(seat);
                        }
                        let kept = if extra > 0 {
                            format!(
                                " {extra} move{} made while offline {} being sent.",
                                if extra == 1 { "" } else { "s" },
                                if extra == 1 { "is" } else { "are" }
                            )
                        } else {
                            String::new()
                        };
                        s.say(
                            format!(
                                "Joined class {} as {}: every move you make is kept on the class server.{kept}",
                                j.code, j.name
                            ),
                            false,
                        );
                        // The round (or the other chair's orders), or the debrief when the
                        // student comes back to a game already over.
                        let to = if s.seat().over().is_some() {
                            Screen::Debrief
                        } else if s.seating == crate::game::state::Seating::Opponent {
                            Screen::Opponent
                        } else {
                            Screen::Round
                        };
                        commands.insert_resource(s);
                        notice.0 = None;
                        out.write(Do(Act::Go(to)));
                        return true;
                    }
                    Err(e) => {
                        joining.link = None;
                        notice.0 = Some((e, true));
                        dirty.0 = true;
                    }
                },
                Note::Failed(e) => {
                    joining.link = None;
                    let e = if joining.again {
                        format!(
                            "{e}. Your game and its moves are kept on this computer: press Continue again when the class server can be reached."
                        )
                    } else {
                        e
                    };
                    notice.0 = Some((e, true));
                    dirty.0 = true;
                }
                Note::Roster { names, why } => {
                    joining.link = None;
                    joining.roster = names;
                    let words = match why {
                        Some(w) => format!("{w}: pick it from the class list below."),
                        None => "Pick your name from the class list below.".to_string(),
                    };
                    notice.0 = Some((words, false));
                    // From Continue the class list shows on the Join page.
                    if joining.again {
                        joining.again = false;
                        out.write(Do(Act::Go(Screen::Join)));
                    }
                    dirty.0 = true;
                }
                _ => {}
            }
        }
    }
    false
}

/// A class game: what the teacher set is said, and a deadline that has passed ends the round.
fn hear_class(
    mut session: ResMut<Session>,
    dirty: &mut Dirty,
    out: &mut MessageWriter<Do>,
    last_second: &mut i64,
) {
    let Some(class) = session.class.as_mut() else {
        return;
    };
    let notes = class.poll();
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
    // The teacher's deadline has passed: the round the student was in when it was set ends,
    // with the moves planned (as if they had ended it themselves).
    let opponent = session.seating == crate::game::state::Seating::Opponent;
    let round = session.seat().round();
    let mine = session.seat().over().is_none()
        && session.phase()
            == if opponent {
                crate::sim::game::Phase::Opponent
            } else {
                crate::sim::game::Phase::Us
            };
    let Some(class) = session.class.as_mut() else {
        return;
    };
    if class.deadline_due(round, now()) && mine {
        out.write(Do(if opponent {
            Act::Order(crate::sim::game::OpponentCommand::End)
        } else {
            Act::EndRound
        }));
        class.time_up = Some(round);
    }
    // Said once the round has ended (ending it clears the message line).
    if let Some(ended) = class.time_up
        && round > ended
    {
        class.time_up = None;
        said.push((
            format!(
                "Time is up: the teacher's deadline ended round {ended} for you, with the moves you had planned."
            ),
            true,
        ));
    }
    let ticking = class.deadline().is_some();
    if !notes.is_empty() || !said.is_empty() {
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
}
