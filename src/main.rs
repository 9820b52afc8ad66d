//! The `quid-pro-quo` binary: with no command it opens the game window; otherwise it runs a
//! subcommand (`check`, `play --text`, `report`, `replay`, `simulate`, `class-report`).

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;
#[cfg(not(target_arch = "wasm32"))]
use quid_pro_quo::cli::{Cli, run};
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

/// In the browser there is no command line: the page opens the game (web/build.sh).
#[cfg(target_arch = "wasm32")]
fn main() {
    quid_pro_quo::game::run(quid_pro_quo::game::Options::default());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Some(cmd) => {
            // A reader that stops early (`| head`) closes the pipe: printing then fails, and the
            // command ends quietly and successfully instead of reporting a crash.
            let technical = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let message = panic_message(info);
                if message.contains("failed printing to std") && message.contains("Broken pipe") {
                    std::process::exit(0);
                }
                technical(info);
            }));
            run(cmd)
        }
        None => {
            if let Some(problem) = quid_pro_quo::game::display_problem() {
                eprintln!("error: {problem}");
                return ExitCode::from(2);
            }
            // If the window fails after all (a missing graphics driver, a bug), say what it means
            // for the player after the technical message.
            let technical = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                technical(info);
                let gpu = panic_message(info).contains("GPU");
                if gpu {
                    eprintln!(
                        "\nNo graphics adapter was found: the game draws with Vulkan. Install your \
                         system's Vulkan driver (Debian and Ubuntu: mesa-vulkan-drivers), or play \
                         in the terminal: cargo run -- play --text april-2000"
                    );
                } else {
                    eprintln!(
                        "\nQuid Pro Quo stopped unexpectedly. Your game was autosaved after your \
                         last command: choose Continue on the main menu to go on."
                    );
                }
            }));
            let options = quid_pro_quo::game::Options {
                size: cli.size,
                scale: cli.scale,
                #[cfg(feature = "dev")]
                screen: cli.screen,
                #[cfg(feature = "dev")]
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

/// The text a panic was raised with, or "" when it carries none.
#[cfg(not(target_arch = "wasm32"))]
fn panic_message<'a>(info: &'a std::panic::PanicHookInfo<'_>) -> &'a str {
    info.payload()
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| info.payload().downcast_ref::<&str>().copied())
        .unwrap_or("")
}
