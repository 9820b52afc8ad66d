//! The command line: `check`, `play --text`, and (in later modules) the other tools. Parsing is
//! clap's; each subcommand is a function over the pure core, writing to a given output.

pub mod check;
#[cfg(not(target_arch = "wasm32"))]
pub mod join;
pub mod play;
pub mod play_opponent;
pub mod render;
pub mod simulate;
/// The text-mode command language lives in the core (no terminal in it), so it can be fuzzed without the shell.
pub use qpq_core::text;

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
    /// Window size, e.g. 1920x1080 (window only).
    #[arg(long, hide = true, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Interface scale, overriding the saved setting (window only).
    #[arg(long, hide = true)]
    pub scale: Option<f32>,
    /// Open the window at this screen (menu, levels, briefing, settings, load, tutorial, round,
    /// offer, agreements, report, pause, help, reload, debrief). `dev` builds only.
    #[cfg(feature = "dev")]
    #[arg(long, hide = true)]
    pub screen: Option<String>,
    /// Save a screenshot of the screen to this PNG file, then exit. `dev` builds only.
    #[cfg(feature = "dev")]
    #[arg(long, hide = true)]
    pub screenshot: Option<PathBuf>,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{s}` is not WIDTHxHEIGHT, e.g. 1280x720"))?;
    let w: u32 = w.parse().map_err(|_| format!("`{w}` is not a width"))?;
    let h: u32 = h.parse().map_err(|_| format!("`{h}` is not a height"))?;
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err(format!("{w}x{h} is out of range"));
    }
    Ok((w, h))
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

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Csv,
}

/// Output format of `class-report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassFormat {
    Md,
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Validate level files: every problem with file:line:column; exit 1 if any has an error.
    Check {
        /// Level files (.ron), or ids of shipped levels.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `json` prints one JSON document for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Write the debrief of a game record as Markdown, HTML (with charts) or a CSV timeline.
    Report {
        record: PathBuf,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Write to this file instead of the terminal.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The level file, if not where the record says.
        #[arg(long)]
        level: Option<PathBuf>,
    },
    /// Play a game record again and check that it gives the recorded result.
    Replay {
        record: PathBuf,
        #[arg(long)]
        level: Option<PathBuf>,
    },
    /// Automatic playtests: the built-in strategies against the AI, on all cores.
    Simulate {
        #[command(flatten)]
        sim: SimulateArgs,
        #[command(flatten)]
        variant: VariantArgs,
    },
    /// What the conclusion rests on: each assumption set to its minimum and maximum, the same
    /// games played again, and the gap between two strategies measured; a table, or an HTML page
    /// with a tornado chart.
    Sensitivity {
        /// A level file, or the id of a shipped level.
        level: String,
        /// The two strategies compared, `A,B`: the gap is A's mean score minus B's.
        #[arg(long, default_value = "quid-pro-quo,appease")]
        pair: String,
        /// Games per strategy per setting.
        #[arg(long, default_value_t = 24)]
        games: u32,
        #[arg(long, value_enum, default_value = "normal")]
        difficulty: DifficultyArg,
        /// Seed of the first game (game k uses seed + k at every setting).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many assumptions to show in the terminal table and the chart (0: all).
        #[arg(long, default_value_t = 15)]
        top: usize,
        #[command(flatten)]
        variant: VariantArgs,
        /// `table` for people, `json` for tools, `html` for a page with a tornado chart,
        /// `summary` for the debrief's few lines.
        #[arg(long, value_enum, default_value = "table")]
        format: SensitivityFormat,
        /// Write to this file instead of the terminal.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Start a new level: writes a commented level file that passes `check`, from a blank
    /// template or a copy of a shipped level.
    New {
        /// The level file to write (.ron); its name gives the level's id (`my-level.ron`).
        file: PathBuf,
        /// `blank`, or a shipped level to start from (tutorial, april-2000, sandbox).
        #[arg(long, default_value = "blank")]
        from: String,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Gather a class's game records into one page.
    ClassReport {
        #[arg(required = true)]
        records: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ClassFormat,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        level: Option<PathBuf>,
    },
    /// A level's packet for the teacher: lesson plan, discussion questions, grading rubric.
    Packet {
        /// A level file, or the id of a shipped level.
        level: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ClassFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Play a level. `--text` plays in the terminal, one command per line from stdin.
    Play {
        #[command(flatten)]
        play: PlayArgs,
        #[command(flatten)]
        variant: VariantArgs,
    },
}

/// How to play a level beyond its file, from the command line.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct VariantArgs {
    /// Set an assumption of the ledger: `--set aid_diversion_share=0` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Apply an assumption preset: `memo`, `engagement`, or a preset file.
    #[arg(long = "assumptions", value_name = "PRESET")]
    pub assumptions: Option<String>,
    /// Play one of the level's other lengths (e.g. `class`).
    #[arg(long)]
    pub length: Option<String>,
}

impl VariantArgs {
    /// The variant: the preset first, then each `--set` in order.
    pub fn variant(&self) -> Result<level::Variant, String> {
        let mut v = level::Variant {
            length: self.length.clone(),
            ..Default::default()
        };
        if let Some(p) = &self.assumptions {
            let preset = level::preset(p).map_err(|d| d.render())?;
            v = v.with_preset(&preset);
        }
        for kv in &self.set {
            let Some((k, x)) = kv.split_once('=') else {
                return Err(format!(
                    "`--set {kv}`: write NAME=VALUE, e.g. `--set aid_diversion_share=0`."
                ));
            };
            let x: i32 = x
                .trim()
                .parse()
                .map_err(|_| format!("`--set {kv}`: `{x}` is not a whole number."))?;
            v = v.with(k.trim(), x);
        }
        Ok(v)
    }
}

/// Output of `sensitivity`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensitivityFormat {
    Table,
    Json,
    Html,
    /// The few lines the debrief shows, as RON (`levels/sensitivity/<id>.ron` for a shipped level).
    Summary,
}

/// Output of a table.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Json,
}

/// Finds a level: a file path, or the id of a shipped level.
pub fn resolve_level(arg: &str) -> Result<Loaded, String> {
    resolve_level_with(arg, &level::Variant::default())
}

/// Finds a level (a file path, or the id of a shipped level), to be played as `variant` says.
pub fn resolve_level_with(arg: &str, variant: &level::Variant) -> Result<Loaded, String> {
    let path = Path::new(arg);
    if path.exists() {
        return level::load_file_with(path, variant).map_err(|d| d.render());
    }
    if let Some(r) = level::shipped_with(arg, variant) {
        return r.map_err(|d| d.render());
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

/// Prints a message to stderr and gives exit code 1.
fn fail(msg: &str) -> ExitCode {
    eprint!("{msg}");
    if !msg.ends_with('\n') {
        eprintln!();
    }
    ExitCode::from(1)
}

/// `new`: writes a starting level, checked before it is written, and never over a file unless
/// asked to.
fn new_level(file: &Path, from: &str, force: bool) -> ExitCode {
    if file.extension().is_none_or(|x| x != "ron") {
        return fail(&format!(
            "`{}`: a level file ends in .ron, e.g. `quid-pro-quo new my-level.ron`.",
            file.display()
        ));
    }
    if file.exists() && !force {
        return fail(&format!(
            "`{}` exists; choose another name, or add --force to replace it.",
            file.display()
        ));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = level::id_from_name(&stem);
    let text = match level::scaffold(&id, from) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let name = file.display().to_string();
    if let Err(d) = level::load_bytes(&name, text.as_bytes()) {
        return fail(&format!(
            "the starting level does not check (a bug; please report it):\n{}",
            d.render()
        ));
    }
    match crate::files::write_atomic(file, text.as_bytes()) {
        Ok(()) => {
            println!(
                "wrote {name}: level `{id}`, started from {from}.\nNext: edit it and run `quid-pro-quo check {name}`; play it with `quid-pro-quo play --text {name}`, or in the window from the game's levels folder (Settings names it). levels/README.md walks through a first level."
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// Writes output to a file (atomically) or to stdout.
fn emit(out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        Some(path) => match crate::files::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        },
        None => {
            use std::io::Write;
            let mut o = io::stdout().lock();
            match o.write_all(text.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

/// Checks a strategy id against the level's strategies, suggesting the nearest on a typo;
/// `also` lists choices besides the strategies (`"all, "`).
fn known_strategy(known: &[String], s: &str, also: &str) -> Result<(), String> {
    if known.iter().any(|k| k == s) {
        return Ok(());
    }
    let hint = level::suggest(s, known.iter().map(String::as_str))
        .map(|x| format!(" Did you mean `{x}`?"))
        .unwrap_or_default();
    Err(format!(
        "There is no strategy `{s}`.{hint} Strategies: {also}{}.",
        known.join(", ")
    ))
}

/// Loads a record, finds its level and replays it, checking the result.
fn replayed(
    record: &Path,
    level: Option<&Path>,
) -> Result<(crate::analysis::record::GameRecord, crate::sim::game::Game), String> {
    use crate::analysis::record::GameRecord;
    let r = GameRecord::load(record).map_err(|e| e.to_string())?;
    let user_levels = crate::game::state::Dirs::locate().user_levels();
    let folders = GameRecord::folders_for(&[&user_levels], record);
    let loaded = r.find_level(level, &folders).map_err(|e| e.to_string())?;
    let game = r.verify(&loaded).map_err(|e| e.to_string())?;
    Ok((r, game))
}

/// Runs a subcommand.
pub fn run(cmd: Cmd) -> ExitCode {
    match cmd {
        Cmd::Check { files, format } => check_cmd(files, format),
        Cmd::Report {
            record,
            format,
            out,
            level,
        } => match replayed(&record, level.as_deref()) {
            Ok((r, game)) => {
                let d = crate::analysis::Debrief::of(&game, &r.player);
                let side = r.side();
                let text = match format {
                    ReportFormat::Md => crate::analysis::report::markdown_for(&game, &d, side),
                    ReportFormat::Html => crate::analysis::report::html_for(&game, &d, side),
                    ReportFormat::Csv => crate::analysis::report::csv(&d),
                };
                emit(out.as_deref(), &text)
            }
            Err(msg) => fail(&msg),
        },
        Cmd::Replay { record, level } => match replayed(&record, level.as_deref()) {
            Ok((r, _)) => {
                match &r.result {
                    Some(res) => println!("replay ok: {}", res.line()),
                    None => println!(
                        "replay ok: the recorded game was unfinished after {} commands",
                        r.commands.len()
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(msg) => fail(&msg),
        },
        Cmd::Simulate { sim, variant } => {
            if sim.cross {
                cross_cmd(sim, variant)
            } else {
                simulate_cmd(sim, variant)
            }
        }
        Cmd::Sensitivity {
            level,
            pair,
            games,
            difficulty,
            seed,
            top,
            variant,
            format,
            out,
        } => sensitivity_cmd(
            level, pair, games, difficulty, seed, top, variant, format, out,
        ),
        Cmd::New { file, from, force } => new_level(&file, &from, force),
        Cmd::ClassReport {
            records,
            format,
            out,
            level,
        } => class_report_cmd(records, format, out, level),
        Cmd::Packet { level, format, out } => packet_cmd(&level, format, out),
        Cmd::Play { play, variant } => play_cmd(play, variant),
    }
}

/// `packet`: the teacher's packet of a level, as Markdown or a printable HTML page.
fn packet_cmd(level: &str, format: ClassFormat, out: Option<PathBuf>) -> ExitCode {
    let loaded = match resolve_level_with(level, &level::Variant::default()) {
        Ok(l) => l,
        Err(msg) => return fail(&msg),
    };
    let text = match format {
        ClassFormat::Md => crate::analysis::packet::markdown(&loaded.rules),
        ClassFormat::Html => crate::analysis::packet::html(&loaded.rules),
    };
    match text {
        Some(t) => emit(out.as_deref(), &t),
        None => fail(&format!(
            "{} has no teacher's packet: a level's `teacher: (…)` section makes one (levels/README.md, \"The teacher's packet\").",
            loaded.rules.title
        )),
    }
}

/// `check`: validates level files and prints what is wrong, where.
fn check_cmd(files: Vec<PathBuf>, format: CheckFormat) -> ExitCode {
    let mut out = io::stdout().lock();
    let result = match format {
        CheckFormat::Text => check::check(&files, &mut out),
        CheckFormat::Json => check::check_json(&files, &mut out),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // The reader stopped (`| head`): what it wanted was written.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// How a level is to be played (its length, assumption values, preset) and the level loaded so.
fn level_and_variant(
    level: &str,
    variant: &VariantArgs,
) -> Result<(level::Variant, level::Loaded), String> {
    let v = variant.variant()?;
    let loaded = resolve_level_with(level, &v)?;
    Ok((v, loaded))
}

/// The arguments of `simulate`.
#[derive(clap::Args, Debug, Clone)]
pub struct SimulateArgs {
    /// A level file, or the id of a shipped level.
    level: String,
    /// Strategy ids separated by commas (built-ins, or the level's policies such as
    /// `historical`), or `all`.
    #[arg(long, default_value = "all")]
    strategy: String,
    /// Games per strategy.
    #[arg(long, default_value_t = 100)]
    games: u32,
    #[arg(long, value_enum, default_value = "normal")]
    difficulty: DifficultyArg,
    /// Seed of the first game (game k uses seed + k).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `table` for people, `json` for tools.
    #[arg(long, value_enum, default_value = "table")]
    format: TableFormat,
    /// The cross-table: each U.S. strategy against each policy of the other chair
    /// (`--against`), with both sides' mean scores and the usual ending.
    #[arg(long)]
    cross: bool,
    /// With `--cross`: the other chair's policies, separated by commas (`ai-easy`,
    /// `ai-normal`, `ai-hard`, `cooperator`, `cheat-and-retreat`, `provoke-for-pay`,
    /// `hard-liner`), or `all`.
    #[arg(long, default_value = "all")]
    against: String,
}

/// `simulate --cross`: U.S. strategies against the other chair's policies.
fn cross_cmd(sim: SimulateArgs, variant: VariantArgs) -> ExitCode {
    let SimulateArgs {
        level,
        strategy,
        games,
        difficulty,
        seed,
        format,
        against,
        ..
    } = sim;
    let (_, loaded) = match level_and_variant(&level, &variant) {
        Ok(x) => x,
        Err(msg) => return fail(&msg),
    };
    if games == 0 {
        return fail("--games must be at least 1.");
    }
    let us: Vec<String> = if strategy == "all" {
        crate::ai::strategies::all_for_level(&loaded.rules)
    } else {
        strategy.split(',').map(|x| x.trim().to_string()).collect()
    };
    let them: Vec<&str> = if against == "all" {
        crate::ai::pyongyang::IDS.to_vec()
    } else {
        against.split(',').map(str::trim).collect()
    };
    let us_refs: Vec<&str> = us.iter().map(String::as_str).collect();
    let start = std::time::Instant::now();
    let cells = match crate::analysis::cross::cross(
        &loaded.rules,
        &us_refs,
        &them,
        games,
        difficulty.into(),
        seed,
    ) {
        Ok(c) => c,
        Err(msg) => return fail(&msg),
    };
    match format {
        TableFormat::Table => {
            print!(
                "{}",
                crate::analysis::cross::table(&cells, &loaded.rules.names.opponent)
            );
            eprintln!(
                "{} games in {:.1} s",
                cells.len() as u64 * u64::from(games),
                start.elapsed().as_secs_f64()
            );
        }
        TableFormat::Json => match serde_json::to_string_pretty(&cells) {
            Ok(j) => println!("{j}"),
            Err(e) => return fail(&format!("could not write JSON: {e}")),
        },
    }
    ExitCode::SUCCESS
}

/// `simulate`: plays the built-in strategies against the AI and prints the table.
fn simulate_cmd(sim: SimulateArgs, variant: VariantArgs) -> ExitCode {
    let SimulateArgs {
        level,
        strategy,
        games,
        difficulty,
        seed,
        format,
        ..
    } = sim;
    let (_, loaded) = match level_and_variant(&level, &variant) {
        Ok(x) => x,
        Err(msg) => return fail(&msg),
    };
    let known = crate::ai::strategies::all_for_level(&loaded.rules);
    let ids: Vec<String> = if strategy == "all" {
        known.clone()
    } else {
        let mut ids = Vec::new();
        for s in strategy.split(',').map(str::trim) {
            if let Err(msg) = known_strategy(&known, s, "all, ") {
                return fail(&msg);
            }
            ids.push(s.to_string());
        }
        ids
    };
    if games == 0 {
        return fail("--games must be at least 1.");
    }
    let progress = io::stderr().is_terminal() && format == TableFormat::Table;
    let start = std::time::Instant::now();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let b = simulate::simulate(
        &loaded.rules,
        &id_refs,
        games,
        difficulty.into(),
        seed,
        progress,
    );
    match format {
        TableFormat::Table => print!("{}", b.table()),
        TableFormat::Json => match serde_json::to_string_pretty(&b) {
            Ok(j) => println!("{j}"),
            Err(e) => return fail(&format!("cannot write JSON: {e}")),
        },
    }
    eprintln!(
        "{} games in {:.1} s on {} threads",
        ids.len() as u64 * u64::from(games),
        start.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    ExitCode::SUCCESS
}

/// `sensitivity`: which assumptions the level's conclusion rests on.
fn sensitivity_cmd(
    level: String,
    pair: String,
    games: u32,
    difficulty: DifficultyArg,
    seed: u64,
    top: usize,
    variant: VariantArgs,
    format: SensitivityFormat,
    out: Option<PathBuf>,
) -> ExitCode {
    let (variant, loaded) = match level_and_variant(&level, &variant) {
        Ok(x) => x,
        Err(msg) => return fail(&msg),
    };
    let known = crate::ai::strategies::all_for_level(&loaded.rules);
    let Some((a, b)) = pair.split_once(',').map(|(a, b)| (a.trim(), b.trim())) else {
        return fail(&format!(
            "`--pair {pair}`: write two strategies, e.g. `--pair quid-pro-quo,appease`."
        ));
    };
    for s in [a, b] {
        if let Err(msg) = known_strategy(&known, s, "") {
            return fail(&msg);
        }
    }
    if games < 2 {
        return fail("--games must be at least 2 (the gap's spread needs two games).");
    }
    let settings = crate::analysis::sensitivity::Settings {
        a: a.to_string(),
        b: b.to_string(),
        games,
        difficulty: difficulty.into(),
        seed,
        ..Default::default()
    };
    let progress =
        io::stderr().is_terminal() && (out.is_some() || format == SensitivityFormat::Table);
    let start = std::time::Instant::now();
    let result = simulate::sensitivity(&level, &variant, &settings, progress);
    let sens = match result {
        Ok(s) => s,
        Err(msg) => return fail(&msg),
    };
    let text = match format {
        SensitivityFormat::Table => sens.table(top),
        SensitivityFormat::Html => sens.html(if top == 0 { sens.rows.len() } else { top }),
        SensitivityFormat::Json => match serde_json::to_string_pretty(&sens) {
            Ok(j) => j + "\n",
            Err(e) => return fail(&format!("cannot write JSON: {e}")),
        },
        SensitivityFormat::Summary => {
            let key = crate::analysis::sensitivity::model_key(&loaded.rules);
            let summary = sens.summary(key, if top == 0 { 5 } else { top.min(5) });
            match ron::ser::to_string_pretty(&summary, ron::ser::PrettyConfig::default()) {
                Ok(r) => format!(
                    "// What the conclusion of {} rests on. Generated by `quid-pro-quo sensitivity {} --format summary`; do not edit.\n{r}\n",
                    sens.level_id, sens.level_id
                ),
                Err(e) => return fail(&format!("cannot write RON: {e}")),
            }
        }
    };
    let code = emit(out.as_deref(), &text);
    eprintln!(
        "{} settings, {} games in {:.1} s on {} threads",
        sens.settings_played,
        sens.games_played,
        start.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    code
}

/// `class-report`: gathers many students' records into one page, with each debrief beside it.
fn class_report_cmd(
    records: Vec<PathBuf>,
    format: ClassFormat,
    out: Option<PathBuf>,
    level: Option<PathBuf>,
) -> ExitCode {
    let user_levels = crate::game::state::Dirs::locate().user_levels();
    let mut view = crate::analysis::class::gather(&records, level.as_deref(), &[&user_levels]);
    if view.rows.is_empty() {
        let mut msg = String::from("No record could be used:\n");
        for (f, why) in &view.skipped {
            msg.push_str(&format!("  {f}: {why}\n"));
        }
        return fail(&msg);
    }
    // Beside a report written to a file, each student's own debrief, linked from the
    // table: `class.html` and `class-debriefs/01-alice.html`.
    if let Some(out) = out.as_deref() {
        let ext = match format {
            ClassFormat::Md => "md",
            ClassFormat::Html => "html",
        };
        let stem = out
            .file_stem()
            .map_or("class".into(), |s| s.to_string_lossy().into_owned());
        let folder = format!("{stem}-debriefs");
        let dir = out.with_file_name(&folder);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return fail(&format!("Could not make {}: {e}", dir.display()));
        }
        let names = view.debrief_names(ext);
        for (row, name) in view.rows.iter_mut().zip(names) {
            let text = match format {
                ClassFormat::Md => row.markdown(),
                ClassFormat::Html => row.html(),
            };
            let path = dir.join(&name);
            if let Err(e) = crate::files::write_atomic(&path, text.as_bytes()) {
                return fail(&format!("Could not write {}: {e}", path.display()));
            }
            row.debrief_link = Some(format!("{folder}/{name}"));
        }
    }
    let text = match format {
        ClassFormat::Md => view.markdown(),
        ClassFormat::Html => view.html(),
    };
    emit(out.as_deref(), &text)
}

/// The arguments of `play`.
#[derive(clap::Args, Debug, Clone)]
pub struct PlayArgs {
    /// Play in the terminal (the window is the default when this is left out).
    #[arg(long)]
    text: bool,
    /// A level file, or the id of a shipped level (tutorial, april-2000, sandbox). Left out
    /// with `--join`: the class's level is the teacher's choice.
    #[arg(required_unless_present = "join")]
    level: Option<String>,
    /// Join a class session with the code the teacher gives (`--join K7PQ2M`); needs `--server`,
    /// and `--name` (or, when the class has a list of names, you pick yours from it).
    #[arg(long, value_name = "CODE", requires = "server")]
    join: Option<String>,
    /// The class server the teacher started (`--server http://10.0.0.5:8080`).
    #[arg(long, value_name = "URL", requires = "join")]
    server: Option<String>,
    /// Seed of the game's random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, value_enum, default_value = "normal")]
    difficulty: DifficultyArg,
    /// Save the game record here when the game ends (and on `save` without a file).
    #[arg(long)]
    record: Option<PathBuf>,
    /// The player's name, kept in the record for class reports.
    #[arg(long, default_value = "")]
    name: String,
    /// The chair to sit in: `us` (the default), the other side's — by the level's name for it
    /// or `opponent` (`--side pyongyang` in the Korean levels) — or `both`: two players at one
    /// keyboard, with a handover between them. Terminal only, for now.
    #[arg(long, default_value = "us")]
    side: String,
    /// Who Washington plays when you sit in the other chair: the AI Washington at the game's
    /// difficulty when left out (`ai-easy`, `ai-normal`, `ai-hard`), or any U.S. strategy or
    /// policy of the level (`quid-pro-quo`, `hard-line`, …).
    #[arg(long)]
    washington: Option<String>,
}

/// `play --text`: the game in the terminal, from either chair.
fn play_cmd(args: PlayArgs, variant: VariantArgs) -> ExitCode {
    let PlayArgs {
        text,
        level,
        seed,
        difficulty,
        record,
        name,
        side,
        washington,
        join,
        server,
    } = args;
    if !text {
        eprintln!(
            "The window is started with `quid-pro-quo` and no arguments; use `play --text` for the terminal."
        );
        return ExitCode::from(2);
    }
    if let (Some(code), Some(server)) = (join, server) {
        let stdin = io::stdin();
        let opts = play::Options {
            echo: !stdin.is_terminal(),
            record,
            ..play::Options::default()
        };
        let mut input = stdin.lock();
        let mut out = io::stdout().lock();
        return match join::play_joined(&server, &code, &name, &opts, &mut input, &mut out) {
            Ok(_) => ExitCode::SUCCESS,
            Err(msg) => fail(&msg),
        };
    }
    let Some(level) = level else {
        return fail("`play` needs a level: `quid-pro-quo play --text april-2000`.");
    };
    let (_, loaded) = match level_and_variant(&level, &variant) {
        Ok(x) => x,
        Err(msg) => return fail(&msg),
    };
    let stdin = io::stdin();
    let echo = !stdin.is_terminal();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    let opts = play::Options {
        seed,
        difficulty: difficulty.into(),
        echo,
        record,
        player: name,
        level_file: level_file_for(&level),
        hotseat: false,
    };
    let opponent = &loaded.rules.names.opponent;
    let mut opts = opts;
    let other_chair = match side.to_lowercase().as_str() {
        "us" | "u.s." | "washington" => false,
        "both" => {
            opts.hotseat = true;
            false
        }
        s if s == "opponent" || s == opponent.to_lowercase() => true,
        other => {
            return fail(&format!(
                "`--side {other}`: the sides of this level are `us` and `{}` (or `opponent`), or `both` for two players at one keyboard.",
                opponent.to_lowercase()
            ));
        }
    };
    let sides = &loaded.rules.sides;
    use crate::sim::vocab::Side;
    let blocked = if other_chair || opts.hotseat {
        (!sides.playable(Side::Opponent)).then(|| format!("{opponent}'s chair"))
    } else {
        None
    };
    let blocked = blocked.or_else(|| {
        (!other_chair && !sides.playable(Side::Us)).then(|| "the U.S. chair".to_string())
    });
    if let Some(chair) = blocked {
        return fail(&format!(
            "This level cannot be played from {chair} (its `sides: (playable: …)` leaves it out)."
        ));
    }
    let washington =
        washington.unwrap_or_else(|| crate::ai::washington::id_for(opts.difficulty).to_string());
    let played = if other_chair {
        play_opponent::play_opponent(&loaded, &opts, &washington, &mut input, &mut out)
    } else {
        play::play_with(&loaded, &opts, &mut input, &mut out)
    };
    match played {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The level file name kept in records: the path as given, or `levels/<id>.ron` for a shipped id.
pub fn level_file_for(arg: &str) -> String {
    if Path::new(arg).exists() {
        arg.to_string()
    } else {
        format!("levels/{arg}.ron")
    }
}
