//! The `quid-pro-quo` binary: with no command it opens the game window; otherwise it runs a
//! subcommand (`check`, `play --text`, `report`, `replay`, `simulate`, `class-report`).

use clap::Parser;
use quid_pro_quo::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Some(cmd) => run(cmd),
        None => {
            if let Some(problem) = quid_pro_quo::game::display_problem() {
                eprintln!("error: {problem}");
                return ExitCode::from(2);
            }
            let options = quid_pro_quo::game::Options {
                size: cli.size,
                scale: cli.scale,
                screen: cli.screen,
                screenshot: cli.screenshot,
                data_dir: None,
                launched: Some(launched),
            };
            match quid_pro_quo::game::run(options) {
                bevy::app::AppExit::Success => ExitCode::SUCCESS,
                bevy::app::AppExit::Error(_) => ExitCode::from(1),
            }
        }
    }
}
