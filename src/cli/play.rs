//! `quid-pro-quo play --text`: the whole game in a terminal, one command per line, from a person
//! or a file or a pipe. Mistakes get a message and a new prompt; end of input ends cleanly.

use crate::analysis::Debrief;
use crate::analysis::record::GameRecord;
use crate::cli::render::*;
use crate::cli::text::{self, Line};
use crate::level::Loaded;
use crate::level::types::OutcomeKind;
use crate::sim::Difficulty;
use crate::sim::game::{Ack, Game};
use crate::sim::seat::UsSeat;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// How a text game ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextEnd {
    /// The game reached an outcome; the `result:` line was printed.
    Finished { outcome: OutcomeKind, hash: String },
    /// The player quit or the input ran out first.
    Stopped { round: u32 },
}

/// Settings of a text game.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub seed: u64,
    pub difficulty: Difficulty,
    /// Echo each input line (for input from files and pipes).
    pub echo: bool,
    /// Save the game record here when the game ends.
    pub record: Option<PathBuf>,
    /// The player's name for the record.
    pub player: String,
    /// The level file name kept in the record.
    pub level_file: String,
    /// Two players at one keyboard: the U.S. plans, then the other chair answers, with a
    /// handover that clears the screen between them.
    pub hotseat: bool,
}

/// Plays a game from `input`, writing everything to `out`.
pub fn play(
    loaded: &Loaded,
    seed: u64,
    difficulty: Difficulty,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
) -> io::Result<TextEnd> {
    let opts = Options {
        seed,
        difficulty,
        echo,
        level_file: format!("levels/{}.ron", loaded.rules.id),
        ..Options::default()
    };
    play_with(loaded, &opts, input, out)
}

fn save_record(game: &Game, opts: &Options, path: &Path, out: &mut dyn Write) -> io::Result<()> {
    let record = GameRecord::of(game, &opts.level_file, &opts.player);
    match record.save(path) {
        Ok(()) => writeln!(out, "Game record saved to {}.", path.display()),
        Err(e) => writeln!(out, "Could not save the game record: {e}"),
    }
}

/// Where a text game's commands go besides the game itself: nowhere (a game on its own), or a
/// class server (`play --join`).
pub trait Relay {
    /// The game's log after a line was played: send what is new.
    fn sent(&mut self, log: &[crate::sim::game::Command]);
    /// What the class server has said since (the teacher paused the class, a deadline), to print
    /// before the next prompt.
    fn news(&mut self) -> Vec<String>;
    /// The game is left (ended, quit, input over): see every move stored, and say so.
    fn finish(&mut self, log: &[crate::sim::game::Command], out: &mut dyn Write) -> io::Result<()>;
}

/// A game on its own: its commands go nowhere else.
pub struct Alone;

impl Relay for Alone {
    fn sent(&mut self, _: &[crate::sim::game::Command]) {}
    fn news(&mut self) -> Vec<String> {
        Vec::new()
    }
    fn finish(&mut self, _: &[crate::sim::game::Command], _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Plays a game with the given options.
pub fn play_with(
    loaded: &Loaded,
    opts: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let game = if opts.hotseat {
        Game::seated(
            loaded.rules.clone(),
            opts.seed,
            opts.difficulty,
            crate::sim::game::Chair::Person,
        )
    } else {
        Game::new(loaded.rules.clone(), opts.seed, opts.difficulty)
    };
    play_game(game, opts, &mut Alone, input, out)
}

/// Plays `game` on from where it stands (a class game rejoined has moves already), each
/// accepted command passed to `relay`.
pub fn play_game(
    mut game: Game,
    opts: &Options,
    relay: &mut dyn Relay,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let end = play_lines(&mut game, opts, relay, input, out);
    relay.finish(game.commands(), out)?;
    end
}

fn play_lines(
    game: &mut Game,
    opts: &Options,
    relay: &mut dyn Relay,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let rules = game.rules_arc().clone();
    let echo = opts.echo;
    writeln!(out, "{}", briefing(&rules, opts.seed, opts.difficulty))?;
    if !game.commands().is_empty() {
        writeln!(
            out,
            "You are back in your game, in round {}: {} of your moves were kept.",
            game.round(),
            game.commands().len()
        )?;
    }
    writeln!(out, "{}", situation(UsSeat::of(game)))?;
    let mut line = String::new();
    loop {
        for said in relay.news() {
            writeln!(out, "[class] {said}")?;
        }
        if !echo {
            write!(out, "> ")?;
            out.flush()?;
        }
        line.clear();
        let n = read_line_lossy(input, &mut line)?;
        if n == 0 {
            writeln!(out)?;
            writeln!(
                out,
                "Input ended in round {} before the game did. The game was not finished.",
                game.round()
            )?;
            if let Some(path) = &opts.record {
                save_record(game, opts, path, out)?;
            }
            return Ok(TextEnd::Stopped {
                round: game.round(),
            });
        }
        let trimmed = line.trim();
        if echo && !trimmed.is_empty() {
            writeln!(out, "> {trimmed}")?;
        }
        let parsed = match text::parse(trimmed, &rules) {
            Ok(p) => p,
            Err(msg) => {
                writeln!(out, "{msg}")?;
                continue;
            }
        };
        match parsed {
            Line::Empty => {}
            Line::Help => writeln!(out, "{}", help(&rules))?,
            Line::Status => writeln!(out, "{}", situation(UsSeat::of(game)))?,
            Line::Actions => writeln!(out, "{}", actions(UsSeat::of(game)))?,
            Line::Sites => writeln!(out, "{}", sites(&UsSeat::of(game).view()))?,
            Line::Agreements => writeln!(out, "{}", agreements(&UsSeat::of(game).view()))?,
            Line::News => writeln!(out, "{}", news(&UsSeat::of(game).view(), &rules.names.tag))?,
            Line::Report => writeln!(out, "{}", round_report(UsSeat::of(game)))?,
            Line::Plan => writeln!(out, "{}", plan(UsSeat::of(game)))?,
            Line::Ledger => writeln!(out, "{}", ledger(&rules))?,
            Line::Why { numbers } => writeln!(out, "{}", why(UsSeat::of(game), numbers))?,
            Line::Save(file) => match file.map(PathBuf::from).or_else(|| opts.record.clone()) {
                Some(path) => save_record(game, opts, &path, out)?,
                None => writeln!(out, "Save where? e.g. `save my-game.ron`.")?,
            },
            Line::Quit => {
                writeln!(out, "You left the table in round {}.", game.round())?;
                if let Some(path) = &opts.record {
                    save_record(game, opts, path, out)?;
                }
                return Ok(TextEnd::Stopped {
                    round: game.round(),
                });
            }
            Line::Game(cmd) => {
                let ack = game.command(cmd);
                relay.sent(game.commands());
                match ack {
                    Err(refusal) => writeln!(out, "{refusal}")?,
                    Ok(Ack::RoundEnded) => {
                        if let Some(end) = after_round(game, opts, out)? {
                            return Ok(end);
                        }
                    }
                    Ok(Ack::Waiting(who)) if opts.hotseat => {
                        if !handover(&who, opts, input, out)? {
                            return Ok(TextEnd::Stopped {
                                round: game.round(),
                            });
                        }
                        if let Some(end) = crate::cli::play_opponent::opponent_turn(
                            game, opts, None, None, relay, input, out,
                        )? {
                            return Ok(end);
                        }
                        if !handover("Washington", opts, input, out)? {
                            return Ok(TextEnd::Stopped {
                                round: game.round(),
                            });
                        }
                        if let Some(end) = after_round(game, opts, out)? {
                            return Ok(end);
                        }
                    }
                    Ok(Ack::Planned(what)) => {
                        writeln!(
                            out,
                            "Planned: {what}. Left: {} AP, ${}M.",
                            UsSeat::of(game).ap_left(),
                            UsSeat::of(game).budget_left()
                        )?;
                    }
                    Ok(Ack::Undone(what)) => writeln!(out, "Taken back: {what}.")?,
                    Ok(Ack::Decided(what)) => writeln!(out, "{what}")?,
                    Ok(Ack::Waiting(who)) => writeln!(out, "{who} is deciding.")?,
                }
            }
        }
    }
}

/// After a round: its report for the U.S.; at the end, the debrief and the result line.
fn after_round(game: &Game, opts: &Options, out: &mut dyn Write) -> io::Result<Option<TextEnd>> {
    writeln!(out, "{}", round_report(UsSeat::of(game)))?;
    if let Some(outcome) = game.over()
        && let Some(game) = UsSeat::of(game).revealed()
    {
        let d = Debrief::of(game, &opts.player);
        writeln!(out, "{}", debrief_text(&d))?;
        // At one screen, the other player reads the debrief for their own chair too.
        if opts.hotseat
            && let Some(text) = crate::cli::render::opponent_debrief_text(game, &d)
        {
            let who = &game.rules().names.opponent;
            writeln!(out, "\n──── {who}'s debrief ────\n\n{text}")?;
        }
        if let Some(path) = &opts.record {
            save_record(game, opts, path, out)?;
        }
        let score = game.score();
        let hash = game.hash();
        writeln!(
            out,
            "result: outcome={} round={} score={} grade={} hash={}",
            outcome.id(),
            game.round(),
            score.total,
            score.grade,
            hash
        )?;
        return Ok(Some(TextEnd::Finished { outcome, hash }));
    }
    writeln!(out, "{}", situation(UsSeat::of(game)))?;
    Ok(None)
}

/// The handover between two players at one keyboard: the screen is cleared (a page of blank
/// lines when the output is not a terminal), and the next player presses Enter when seated.
/// `false` if the input ran out.
fn handover(
    to: &str,
    opts: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<bool> {
    if opts.echo {
        writeln!(out, "{}", "\n".repeat(40))?;
    } else {
        // Clear the screen and its scrollback, then home the cursor.
        write!(out, "\x1b[2J\x1b[3J\x1b[H")?;
    }
    writeln!(
        out,
        "──── Pass the keyboard to {to}. {to}: press Enter when you have the seat. ────"
    )?;
    out.flush()?;
    let mut line = String::new();
    Ok(read_line_lossy(input, &mut line)? > 0)
}

/// Reads a line, replacing bytes that are not UTF-8 instead of failing.
pub(crate) fn read_line_lossy(input: &mut dyn BufRead, line: &mut String) -> io::Result<usize> {
    let mut buf = Vec::new();
    let n = input.read_until(b'\n', &mut buf)?;
    line.push_str(&String::from_utf8_lossy(&buf));
    Ok(n)
}
