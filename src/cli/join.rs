//! `play --text --join CODE --name NAME --server URL`: a class game in the terminal, through the
//! link the window uses too ([`crate::link`]). The student joins the teacher's session (picking
//! a name from the class list when there is one) and plays as usual, in the chair the class
//! gives; every move goes to the class server, kept until the server has stored it; a student
//! who rejoins (another day, another terminal) carries on where the server's game stands.

use crate::cli::play::{self, Options, Relay};
use crate::link::{self, Link, Note};
use crate::sim::game::Command;
use std::io::{self, BufRead, Write};
use std::time::Duration;

/// How long the terminal waits, when the game is left, for its last moves to be stored.
const DRAIN: Duration = Duration::from_secs(8);

struct Terminal {
    link: Link,
    paused: bool,
}

impl Relay for Terminal {
    fn sent(&mut self, log: &[Command]) {
        self.link.sent(log);
    }

    fn news(&mut self) -> Vec<String> {
        let mut said = Vec::new();
        for n in self.link.poll() {
            match n {
                Note::Said(s) => said.push(s),
                Note::Status(s) => {
                    if let Some(w) = s.news(self.paused, now()) {
                        said.push(w);
                    }
                    self.paused = s.paused;
                }
                _ => {}
            }
        }
        said
    }

    fn finish(&mut self, log: &[Command], out: &mut dyn Write) -> io::Result<()> {
        self.link.sent(log);
        let stored = self.link.drain(DRAIN);
        for s in self.news() {
            writeln!(out, "[class] {s}")?;
        }
        if stored {
            writeln!(
                out,
                "[class] All {} of your moves are stored on the class server.",
                log.len()
            )
        } else {
            writeln!(
                out,
                "[class] {} of your moves could not reach the class server yet. Join again with the same code and name to play on (keep a record with --record to be safe).",
                self.link.waiting()
            )
        }
    }
}

/// How many times a student may pick a name before the terminal gives up.
const PICKS: usize = 3;

/// The name picked from the class list: its number or the name itself, typed on a line.
fn pick(
    names: &[String],
    why: Option<String>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<String, String> {
    let say = |e: io::Error| e.to_string();
    if let Some(why) = why {
        writeln!(out, "[class] {why}.").map_err(say)?;
    }
    writeln!(
        out,
        "[class] This class has a list of names. Which one is you?"
    )
    .map_err(say)?;
    for (k, n) in names.iter().enumerate() {
        writeln!(out, "  {:>2}  {n}", k + 1).map_err(say)?;
    }
    write!(out, "Your number or name: ").map_err(say)?;
    out.flush().map_err(say)?;
    let mut line = String::new();
    if play::read_line_lossy(input, &mut line).map_err(say)? == 0 {
        return Err("No name was picked from the class list.".into());
    }
    let typed = line.trim();
    writeln!(out).map_err(say)?;
    Ok(typed
        .parse::<usize>()
        .ok()
        .and_then(|k| names.get(k.wrapping_sub(1)))
        .cloned()
        .unwrap_or_else(|| typed.to_string()))
}

/// Joins a class and plays its game in the terminal, in the chair the class gives: the U.S.
/// chair against the AI, or the other side's against the AI Washington at the class's
/// difficulty. With no name (or one not on the class list) the student picks from the list.
pub fn play_joined(
    server: &str,
    code: &str,
    name: &str,
    opts: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<play::TextEnd, String> {
    let mut name = name.to_string();
    let mut picks = 0;
    let (link, joined) = loop {
        let mut link = Link::start(server, code, &name);
        match link.joined(Duration::from_secs(20)) {
            Ok(j) => break (link, j),
            Err(Note::Roster { names, why }) if picks < PICKS => {
                picks += 1;
                name = pick(&names, why, input, out)?;
            }
            Err(Note::Roster { why, .. }) => {
                return Err(why.unwrap_or_else(|| "No name was picked from the class list.".into()));
            }
            Err(Note::Failed(why)) => return Err(why),
            Err(other) => return Err(format!("the class server answered {other:?}")),
        }
    };
    let (loaded, game) = link::game_of(&joined)?;
    let chair = if joined.side == "opponent" {
        format!(" in {}'s chair", loaded.rules.names.opponent)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "[class] Joined class {} as {}{chair}.",
        joined.code, joined.name
    );
    if let Some(w) = joined.status.news(false, now()) {
        let _ = writeln!(out, "[class] {w}");
    }
    let opts = Options {
        seed: joined.seed,
        difficulty: game.difficulty(),
        player: joined.name.clone(),
        level_file: format!("levels/{}.ron", joined.level_id),
        ..opts.clone()
    };
    let paused = joined.status.paused;
    let mut terminal = Terminal { link, paused };
    if joined.side == "opponent" {
        // Washington is the AI at the class's difficulty, as in the window.
        let id = crate::ai::washington::id_for(game.difficulty());
        let strategy = crate::ai::washington::any(id, &loaded.rules)
            .ok_or_else(|| format!("there is no AI Washington `{id}`"))?;
        crate::cli::play_opponent::play_opponent_game(
            game,
            &opts,
            id,
            strategy,
            &mut terminal,
            input,
            out,
        )
        .map_err(|e| e.to_string())
    } else {
        play::play_game(game, &opts, &mut terminal, input, out).map_err(|e| e.to_string())
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
