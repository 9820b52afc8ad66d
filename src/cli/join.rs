//! `play --text --join CODE --name NAME --server URL`: a class game in the terminal, through the
//! link the window uses too ([`crate::link`]). The student joins the teacher's session and plays
//! as usual; every move goes to the class server, kept until the server has stored it; a student
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

/// Joins a class and plays its game in the terminal.
pub fn play_joined(
    server: &str,
    code: &str,
    name: &str,
    opts: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<play::TextEnd, String> {
    let mut link = Link::start(server, code, name);
    let joined = link.joined(Duration::from_secs(20))?;
    let (loaded, game) = link::game_of(&joined)?;
    if joined.side != "us" {
        return Err(format!(
            "In this class you sit in {}'s chair, which the terminal cannot join yet: join from the game's window or the class's page (Join a class).",
            loaded.rules.names.opponent
        ));
    }
    let _ = writeln!(
        out,
        "[class] Joined class {} as {}.",
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
    play::play_game(game, &opts, &mut Terminal { link, paused }, input, out)
        .map_err(|e| e.to_string())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
