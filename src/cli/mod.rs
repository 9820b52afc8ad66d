//! The command line: `check`, `play --text`, and (in later modules) the other tools. Parsing is
//! clap's; each subcommand is a function over the pure core, writing to a given output.

pub mod check;
pub mod play;
pub mod text;

use crate::level::{self, Loaded};
use crate::sim::Difficulty;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Quid Pro Quo: a negotiation game on the Heritage memo "With North Korea, Seek Quid Pro Quo
/// Engagement" (April 2000). With no command it opens the game window.
#[derive(Debug, Parser)]
#[command(name = "quid-pro-quo", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Difficulty on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    Easy,
    Normal,
    Hard,
}

impl From<DifficultyArg> for Difficulty {
    fn from(d: DifficultyArg) -> Difficulty {
        match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Normal => Difficulty::Normal,
            DifficultyArg::Hard => Difficulty::Hard,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Validate level files: every problem with file:line:column; exit 1 if any has an error.
    Check {
        /// Level files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Play a level. `--text` plays in the terminal, one command per line from stdin.
    Play {
        /// Play in the terminal (the window is the default when this is left out).
        #[arg(long)]
        text: bool,
        /// A level file, or the id of a shipped level (tutorial, april-2000, sandbox).
        level: String,
        /// Seed of the game's random generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value = "normal")]
        difficulty: DifficultyArg,
    },
}

/// Finds a level: a file path, or the id of a shipped level.
pub fn resolve_level(arg: &str) -> Result<Loaded, String> {
    let path = Path::new(arg);
    if path.exists() {
        return level::load_file(path).map_err(|d| d.render());
    }
    if let Some((id, text)) = level::SHIPPED.iter().find(|(id, _)| *id == arg) {
        return level::load_bytes(&format!("levels/{id}.ron"), text.as_bytes())
            .map_err(|d| d.render());
    }
    let hint = level::suggest(arg, level::SHIPPED.iter().map(|(id, _)| *id))
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    Err(format!(
        "No level file `{arg}` and no shipped level with that id.{hint} Shipped levels: {}.",
        level::SHIPPED
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Runs a subcommand.
pub fn run(cmd: Cmd) -> ExitCode {
    match cmd {
        Cmd::Check { files } => {
            let mut out = io::stdout().lock();
            match check::check(&files, &mut out) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Play {
            text,
            level,
            seed,
            difficulty,
        } => {
            if !text {
                eprintln!(
                    "The window is started with `quid-pro-quo` and no arguments; use `play --text` for the terminal."
                );
                return ExitCode::from(2);
            }
            let loaded = match resolve_level(&level) {
                Ok(l) => l,
                Err(msg) => {
                    eprint!("{msg}");
                    if !msg.ends_with('\n') {
                        eprintln!();
                    }
                    return ExitCode::from(1);
                }
            };
            let stdin = io::stdin();
            let echo = !stdin.is_terminal();
            let mut input = stdin.lock();
            let mut out = io::stdout().lock();
            match play::play(&loaded, seed, difficulty.into(), &mut input, &mut out, echo) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
