//! `qpq-server`: the class server a teacher starts with one command. It prints the teacher's
//! link (with the teacher secret) and the address students join at, and keeps every game in
//! SQLite (a file, by default) or PostgreSQL (`--db postgres://…`).

use clap::Parser;
use qpq_server::app::{self, Server};
use qpq_server::store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The class server of Quid Pro Quo: students join a session with a code, the teacher watches
/// the class live and downloads the results. Runs on a laptop on the school network, no internet
/// needed.
#[derive(Parser, Debug)]
#[command(name = "qpq-server", version)]
struct Args {
    /// Where every game is kept: an SQLite file (`sqlite://class.db`, made if missing) or a
    /// PostgreSQL database (`postgres://user:password@host/db`).
    #[arg(long, default_value = "sqlite://class.db")]
    db: String,
    /// The address and port to listen on (`0.0.0.0` takes connections from the whole network).
    #[arg(long, default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
    /// The built browser page to serve (made by `web/build.sh`); `web/dist` when it is there.
    #[arg(long)]
    web: Option<PathBuf>,
    /// The teacher secret; made once and kept in the database when left out, so the teacher's
    /// link stays the same across restarts.
    #[arg(long)]
    secret: Option<String>,
}

/// This computer's address on the network (what students type), or loopback without one.
fn lan_address() -> std::net::IpAddr {
    // Connecting a UDP socket sends nothing: it only picks the interface a packet would leave by.
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("10.254.254.254:1").map(|_| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("qpq-server: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> ExitCode {
    let started = Instant::now();
    let store = match Store::open(&args.db).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "qpq-server: cannot open the database `{}`: {e}\n\
                 Give an SQLite file (`--db sqlite://class.db`) or a PostgreSQL URL \
                 (`--db postgres://user:password@host/db`).",
                args.db
            );
            return ExitCode::from(2);
        }
    };
    let secret = match args.secret {
        Some(s) if s.len() >= 8 => s,
        Some(_) => {
            eprintln!("qpq-server: the teacher secret needs at least 8 characters");
            return ExitCode::from(2);
        }
        None => {
            let fresh: String = (0..3).map(|_| qpq_server::class::new_code()).collect();
            match store
                .setting_or("teacher_secret", &fresh.to_lowercase())
                .await
            {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("qpq-server: the database: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let web = args
        .web
        .or_else(|| Some(PathBuf::from("web/dist")))
        .filter(|d| d.join("index.html").is_file());
    let games = store.all_games().await.map(|g| g.len()).unwrap_or(0);
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "qpq-server: cannot listen on {}: {e}\nIs another server running? Choose another port with `--listen 0.0.0.0:8081`.",
                args.listen
            );
            return ExitCode::from(2);
        }
    };
    let port = listener
        .local_addr()
        .map_or(args.listen.port(), |a| a.port());
    let host = if args.listen.ip().is_unspecified() {
        lan_address()
    } else {
        args.listen.ip()
    };
    let base = format!("http://{host}:{port}");
    let server = Server::new(store, secret.clone(), web.clone());
    let _poll = server.poll_statuses();
    println!(
        "Quid Pro Quo class server, ready in {} ms",
        started.elapsed().as_millis()
    );
    println!("  games kept: {games}, in {}", args.db);
    println!();
    println!("Teacher: open {base}/teacher?key={secret}");
    println!("  (keep this link to yourself: it opens the teacher's pages)");
    match &web {
        Some(dir) => println!(
            "Students: open {base}/ and choose Join a class (the page is {})",
            dir.display()
        ),
        None => println!(
            "Students: Join a class in the desktop game, with the server address {base}\n  (no browser page here: build it once with web/build.sh to serve it too)"
        ),
    }
    println!();
    println!("Stop the server with Ctrl+C; nothing is lost, every move is kept as it is made.");
    let app = app::router(server).into_make_service_with_connect_info::<SocketAddr>();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("qpq-server: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
