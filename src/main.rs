//! The `quid-pro-quo` binary: parses the command line and runs a subcommand.

use clap::Parser;
use quid_pro_quo::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(cmd) => run(cmd),
        None => {
            eprintln!(
                "The game window is not part of this build yet; play in the terminal with `quid-pro-quo play --text april-2000`."
            );
            ExitCode::from(2)
        }
    }
}
