//! `qpq-load`: a bounded load generator for the class server, on loopback. It opens a session in
//! the server's database (or joins one a teacher opened: `--code`), lets `--students` simulated students join it over real WebSockets and
//! play with think time, and reports commands per second, the round trip of each command (the
//! AI's turn included), how often students lost the connection and how long they were away —
//! then checks, game by game, that the server's stored log is exactly the student's own: not one
//! command lost, not one applied twice.

use clap::Parser;
use qpq_server::bot::{self, BotSpec};
use qpq_server::class::{self, SessionSpec};
use qpq_server::store::Store;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(name = "qpq-load")]
struct Args {
    /// The server's students' address.
    #[arg(long, default_value = "ws://127.0.0.1:8080/play")]
    server: String,
    /// The server's database (to open the session and to check every log at the end).
    #[arg(long, default_value = "sqlite://class.db")]
    db: String,
    /// Join this session (opened on the teacher's page) instead of opening one.
    #[arg(long)]
    code: Option<String>,
    /// Simulated students.
    #[arg(long, default_value_t = 1000)]
    students: usize,
    /// The level.
    #[arg(long, default_value = "april-2000")]
    level: String,
    /// Rounds each student plays (fewer when the game ends first).
    #[arg(long, default_value_t = 4)]
    rounds: u32,
    /// Think time before each command, in milliseconds: `least..most`.
    #[arg(long, default_value = "1000..6000")]
    think: String,
    /// Students join over this many milliseconds (a class arriving), not all at once.
    #[arg(long, default_value_t = 10_000)]
    ramp: u64,
    /// The U.S. strategy the students play.
    #[arg(long, default_value = "quid-pro-quo")]
    strategy: String,
    /// Seconds a student waits for a server that went away before giving up.
    #[arg(long, default_value_t = 60)]
    patience: u64,
    /// The server's process id, to report its memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some((lo, hi)) = args
        .think
        .split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?)))
    else {
        eprintln!("qpq-load: --think is `least..most` in milliseconds, e.g. 1000..6000");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qpq-load: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(args, (lo, hi.max(lo))))
}

async fn run(args: Args, think: (u64, u64)) -> ExitCode {
    let store = match Store::open(&args.db).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("qpq-load: the database {}: {e}", args.db);
            return ExitCode::from(2);
        }
    };
    let opened = match &args.code {
        Some(c) => Ok(c.trim().to_uppercase()),
        None => class::open_session(&store, &SessionSpec::new(&args.level), 0).await,
    };
    let code = match opened {
        Ok(c) => c,
        Err(e) => {
            eprintln!("qpq-load: {e}");
            return ExitCode::from(2);
        }
    };
    let before = args.server_pid.and_then(rss_kib);
    println!(
        "session {code}: {} students, {} rounds each, think {}..{} ms, joining over {} ms",
        args.students, args.rounds, think.0, think.1, args.ramp
    );
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(args.students);
    for k in 0..args.students {
        let spec = BotSpec {
            url: args.server.clone(),
            code: code.clone(),
            name: format!("student {k:04}"),
            strategy: args.strategy.clone(),
            think: (
                Duration::from_millis(think.0),
                Duration::from_millis(think.1),
            ),
            rounds: args.rounds,
            seed: 1 + k as u64,
            patience: Duration::from_secs(args.patience),
        };
        let delay = Duration::from_millis(args.ramp * k as u64 / args.students.max(1) as u64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            bot::play(spec).await
        }));
    }
    let mut peak = before;
    let mut runs = Vec::new();
    let mut failures = Vec::new();
    for (k, t) in tasks.into_iter().enumerate() {
        if let Some(pid) = args.server_pid {
            peak = peak.max(rss_kib(pid));
        }
        match t.await {
            Ok(Ok(r)) => runs.push(r),
            Ok(Err(e)) => failures.push(format!("student {k:04}: {e}")),
            Err(e) => failures.push(format!("student {k:04}: {e}")),
        }
    }
    let took = started.elapsed();
    let mut rtts: Vec<Duration> = runs.iter().flat_map(|r| r.round_trips.clone()).collect();
    rtts.sort();
    let commands: usize = runs.iter().map(|r| r.log.len()).sum();
    let reconnects: u32 = runs.iter().map(|r| r.reconnects).sum();
    let outages: Vec<Duration> = runs.iter().flat_map(|r| r.outages.clone()).collect();
    let refusals: usize = runs.iter().map(|r| r.refusals.len()).sum();
    println!(
        "{} students played in {:.1} s: {commands} commands stored, {:.1} commands/s",
        runs.len(),
        took.as_secs_f64(),
        commands as f64 / took.as_secs_f64()
    );
    println!(
        "round trip (sent → stored, the AI's turn included): p50 {}, p90 {}, p99 {}, max {}",
        ms(percentile(&rtts, 0.5)),
        ms(percentile(&rtts, 0.9)),
        ms(percentile(&rtts, 0.99)),
        ms(rtts.last().copied().unwrap_or_default())
    );
    if reconnects > 0 {
        let longest = outages.iter().max().copied().unwrap_or_default();
        println!(
            "connections lost and rejoined: {reconnects}; longest time away {:.1} s",
            longest.as_secs_f64()
        );
    }
    if refusals > 0 {
        println!("commands refused for a reason (paused, limits): {refusals}");
    }
    if let (Some(b), Some(p)) = (before, peak) {
        let games = runs.len().max(1) as u64;
        println!(
            "server memory: {} MiB before, {} MiB at the peak: {:.0} KiB a game",
            b / 1024,
            p / 1024,
            p.saturating_sub(b) as f64 / games as f64
        );
    }
    // Every game's stored log against the student's own.
    let mut lost = 0usize;
    let mut doubled = 0usize;
    let mut differ = 0usize;
    for r in &runs {
        let stored = match store.commands(r.game_id).await {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("game {}: {e}", r.game_id));
                continue;
            }
        };
        if stored.len() < r.log.len() {
            lost += r.log.len() - stored.len();
        } else if stored.len() > r.log.len() {
            doubled += stored.len() - r.log.len();
        } else if stored != r.log {
            differ += 1;
        }
    }
    println!(
        "checked {} games against the database: {lost} commands lost, {doubled} applied twice, {differ} logs that differ",
        runs.len()
    );
    for f in failures.iter().take(10) {
        println!("failed: {f}");
    }
    if !failures.is_empty() || lost + doubled + differ > 0 {
        println!("FAILED: {} students failed", failures.len());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
