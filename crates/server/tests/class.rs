//! A class session against a real database (SQLite in a temporary file): students join by code
//! and name, their commands are taken turn by turn, stored before they are acknowledged, and
//! survive a restart; duplicates, gaps, tampered commands, other versions and malformed messages
//! are refused with a reason.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly on broken fixtures"
)]

use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Command, Game};
use qpq_server::class::{self, Seat, SessionSpec};
use qpq_server::protocol::ClassStatus;
use qpq_server::protocol::{self, ClientMsg, PROTOCOL_VERSION, ProtocolError, ServerMsg};
use qpq_server::store::Store;

/// The databases to test on: an SQLite file always, and a fresh PostgreSQL database when
/// `QPQ_TEST_POSTGRES` names a server (`postgres://user:password@host/db`; `.ci/run` starts one).
async fn databases(dir: &tempfile::TempDir, name: &str) -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}",
        dir.path().join(format!("{name}.db")).display()
    )];
    if let Ok(admin) = std::env::var("QPQ_TEST_POSTGRES") {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let db = format!("qpq_{name}_{}", std::process::id());
        let pool = sqlx::AnyPool::connect(&admin)
            .await
            .expect("the PostgreSQL server answers");
        let _ = pool
            .execute(format!("DROP DATABASE IF EXISTS {db}").as_str())
            .await;
        pool.execute(format!("CREATE DATABASE {db}").as_str())
            .await
            .expect("a test database");
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        urls.push(format!("{base}/{db}"));
    }
    urls
}

fn act(id: &str) -> Command {
    Command::Act {
        action: id.into(),
        target: None,
    }
}

async fn joined(store: &Store, code: &str, name: &str) -> Seat {
    match class::join(store, PROTOCOL_VERSION, code, name, 17, 0).await {
        (ServerMsg::Joined { .. }, Some((seat, _))) => seat,
        (other, _) => panic!("{name} could not join {code}: {other:?}"),
    }
}

#[tokio::test]
async fn a_students_game_is_taken_turn_by_turn_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "restart").await {
        turn_by_turn(&url).await;
    }
}

async fn turn_by_turn(url: &str) {
    let store = Store::open(url).await.unwrap();
    let code = class::open_session(&store, &SessionSpec::new("april-2000"), 0)
        .await
        .unwrap();
    assert_eq!(code.len(), 6);
    let mut ada = joined(&store, &code, "Ada").await;
    let script = [
        act("food_aid_monitored"),
        act("propose_talks"),
        Command::End,
        Command::End,
    ];
    for (turn, cmd) in script.iter().enumerate() {
        let said = class::command(
            &store,
            &mut ada,
            &ClassStatus::default(),
            turn as u64,
            cmd.clone(),
            0,
        )
        .await
        .unwrap();
        assert_eq!(said, ServerMsg::Ack { turn: turn as u64 });
    }
    // A duplicate, a gap and a command the game does not take are refused, and not stored.
    let dup = class::command(
        &store,
        &mut ada,
        &ClassStatus::default(),
        1,
        act("propose_talks"),
        0,
    )
    .await
    .unwrap();
    assert!(
        matches!(&dup, ServerMsg::Refused { next: 4, why, .. } if why.contains("already played")),
        "{dup:?}"
    );
    let gap = class::command(
        &store,
        &mut ada,
        &ClassStatus::default(),
        9,
        Command::End,
        0,
    )
    .await
    .unwrap();
    assert!(
        matches!(&gap, ServerMsg::Refused { next: 4, .. }),
        "{gap:?}"
    );
    let bad = class::command(
        &store,
        &mut ada,
        &ClassStatus::default(),
        4,
        act("nuke_pyongyang"),
        0,
    )
    .await
    .unwrap();
    assert!(
        matches!(&bad, ServerMsg::Refused { why, .. } if why.contains("does not take")),
        "{bad:?}"
    );
    assert_eq!(store.commands(ada.game_id).await.unwrap(), script.to_vec());

    // The server stops; another opens the same file: Ada comes back to the same game.
    drop(store);
    let store = Store::open(url).await.unwrap();
    let (msg, seat) = class::join(
        &store,
        PROTOCOL_VERSION,
        &code.to_lowercase(),
        " ada ",
        99,
        0,
    )
    .await;
    let ServerMsg::Joined { commands, seed, .. } = msg else {
        panic!("{msg:?}");
    };
    assert_eq!(commands, script.to_vec());
    assert_eq!(seed, 17, "the seed of the first join, not of the second");
    let (seat, _) = seat.unwrap();
    assert_eq!(seat.game_id, ada.game_id);
    // The game the server replays is the game the student's own copy plays.
    let rules = class::level("april-2000", &Default::default())
        .unwrap()
        .rules;
    let local = Game::replay(rules, 17, Difficulty::Normal, &script);
    assert_eq!(seat.game.hash(), local.hash());
    assert_eq!(seat.game.round(), 3);

    // Another student gets another game; a wrong code, another version, an empty name: refused.
    let bob = joined(&store, &code, "Bob").await;
    assert_ne!(bob.game_id, ada.game_id);
    assert_eq!(store.games(&code).await.unwrap().len(), 2);
    let (wrong, none) = class::join(&store, PROTOCOL_VERSION, "ZZZZZZ", "Cy", 1, 0).await;
    assert!(none.is_none());
    assert!(
        matches!(&wrong, ServerMsg::Error { why } if why.contains("no class session")),
        "{wrong:?}"
    );
    let (old, _) = class::join(&store, PROTOCOL_VERSION + 1, &code, "Cy", 1, 0).await;
    assert_eq!(
        old,
        ServerMsg::Reload {
            version: PROTOCOL_VERSION
        }
    );
    let (empty, _) = class::join(&store, PROTOCOL_VERSION, &code, "  ", 1, 0).await;
    assert!(matches!(empty, ServerMsg::Error { .. }));
}

#[tokio::test]
async fn two_connections_of_one_game_cannot_both_take_a_turn() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "race").await {
        race(&url).await;
    }
}

async fn race(url: &str) {
    let store = Store::open(url).await.unwrap();
    let mut spec = SessionSpec::new("tutorial");
    spec.difficulty = Difficulty::Easy;
    let code = class::open_session(&store, &spec, 0).await.unwrap();
    let mut a = joined(&store, &code, "Kim").await;
    let mut b = joined(&store, &code, "Kim").await;
    assert_eq!(a.game_id, b.game_id);
    let first = class::command(
        &store,
        &mut a,
        &ClassStatus::default(),
        0,
        act("food_aid_monitored"),
        0,
    )
    .await
    .unwrap();
    assert_eq!(first, ServerMsg::Ack { turn: 0 });
    // The second connection has not seen turn 0: its own turn 0 is refused, and it catches up.
    let second = class::command(
        &store,
        &mut b,
        &ClassStatus::default(),
        0,
        act("propose_talks"),
        0,
    )
    .await
    .unwrap();
    assert!(
        matches!(second, ServerMsg::Refused { next: 1, .. }),
        "{second:?}"
    );
    assert_eq!(b.game.commands().len(), 1);
    let third = class::command(&store, &mut b, &ClassStatus::default(), 1, Command::End, 0)
        .await
        .unwrap();
    assert_eq!(third, ServerMsg::Ack { turn: 1 });
    assert_eq!(store.commands(a.game_id).await.unwrap().len(), 2);
}

#[test]
fn messages_are_read_or_refused_with_what_and_where() {
    let join = br#"{"type":"join","version":1,"code":"ABC234","name":"Ada"}"#;
    assert_eq!(
        protocol::decode(join).unwrap(),
        ClientMsg::Join {
            version: 1,
            code: "ABC234".into(),
            name: "Ada".into()
        }
    );
    let cmd = br#"{"type":"command","turn":3,"command":{"Act":{"action":"food_aid_monitored","target":null}}}"#;
    assert!(matches!(
        protocol::decode(cmd).unwrap(),
        ClientMsg::Command { turn: 3, .. }
    ));
    let big = vec![b' '; protocol::MAX_MESSAGE + 1];
    assert!(matches!(
        protocol::decode(&big),
        Err(ProtocolError::TooLarge { .. })
    ));
    assert_eq!(protocol::decode(&[0xff, 0xfe]), Err(ProtocolError::NotText));
    let broken = protocol::decode(b"{\"type\":\"join\",\n \"version\": }").unwrap_err();
    let said = broken.to_string();
    assert!(said.contains("at line 2, column"), "{said}");
    let shape = protocol::decode(br#"{"type":"join","version":"one","code":"A","name":"B"}"#)
        .unwrap_err()
        .to_string();
    assert!(shape.contains("expected u32"), "{shape}");
    let unknown =
        protocol::decode(br#"{"type":"join","version":1,"code":"A","name":"B","admin":true}"#);
    assert!(unknown.is_err(), "an unknown field is refused");
    // Every prefix and a spread of single-byte changes of valid messages: an answer, never a panic.
    for msg in [&join[..], &cmd[..]] {
        for n in 0..msg.len() {
            let _ = protocol::decode(&msg[..n]);
            for b in [0u8, b'"', b'{', b'}', b'9', 0xc3] {
                let mut m = msg.to_vec();
                m[n] = b;
                let _ = protocol::decode(&m);
            }
        }
    }
    let text = protocol::encode(&ServerMsg::Refused {
        turn: 2,
        next: 4,
        why: "turn 2 is already played".into(),
    });
    assert_eq!(
        text,
        r#"{"type":"refused","turn":2,"next":4,"why":"turn 2 is already played"}"#
    );
}

/// The fuzz target's corpus and regressions (`fuzz/corpus/protocol`, `fuzz/regressions/protocol`)
/// through its own body, so a regression fails the ordinary test run.
#[test]
fn the_protocol_fuzz_corpus_reads_without_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join("protocol")) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    assert!(files.len() >= 10, "the corpus is there: {files:?}");
    let mut read = 0;
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let result = std::panic::catch_unwind(|| qpq_server::fuzzing::protocol(&data));
        assert!(
            result.is_ok(),
            "the protocol target fails on {}",
            f.display()
        );
        read += usize::from(protocol::decode(&data).is_ok());
    }
    assert!(read >= 6, "valid messages in the corpus are read: {read}");
}

// ---------------------------------------------------------------------------------------------
// A real server, real WebSocket clients, the teacher's pages.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode, header};
use qpq_core::analysis::record::GameRecord;
use qpq_server::app::{self, Server};
use qpq_server::bot::{self, BotSpec};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const SECRET: &str = "test-teacher-secret";

/// A server on a free loopback port, in this process: its address and its state.
async fn start(url: &str) -> (SocketAddr, Arc<Server>) {
    let store = Store::open(url).await.unwrap();
    let server = Server::new(store, SECRET.into(), None);
    server.poll_statuses();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app::router(server.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, server)
}

/// A teacher's request to the router: (status, headers, body).
async fn teacher(
    server: &Arc<Server>,
    method: &str,
    path: &str,
    form: Option<&str>,
    key: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(k) = key {
        req = req.header(header::COOKIE, format!("qpq_teacher={k}"));
    }
    let body = match form {
        Some(f) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f.to_string())
        }
        None => Body::empty(),
    };
    let app =
        app::router(server.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
    let res = app.oneshot(req.body(body).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, bytes.to_vec())
}

fn student(addr: SocketAddr, code: &str, name: &str, rounds: u32) -> BotSpec {
    BotSpec {
        url: format!("ws://{addr}/play"),
        code: code.into(),
        name: name.into(),
        strategy: "quid-pro-quo".into(),
        think: (Duration::ZERO, Duration::from_millis(5)),
        rounds,
        seed: name.len() as u64,
        patience: Duration::from_secs(20),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_plays_over_real_websockets_and_the_teacher_sees_it_all() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "live").await {
        live_class(&url).await;
    }
}

async fn live_class(url: &str) {
    let (addr, server) = start(url).await;
    // Without the secret the teacher's pages are closed; the link sets the cookie.
    let (closed, _, _) = teacher(&server, "GET", "/teacher", None, None).await;
    assert_eq!(closed, StatusCode::UNAUTHORIZED);
    let (_, headers, _) = teacher(
        &server,
        "GET",
        &format!("/teacher?key={SECRET}"),
        None,
        None,
    )
    .await;
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains(SECRET),
        "{cookie}"
    );
    let key = Some(SECRET);
    let (made, headers, _) = teacher(
        &server,
        "POST",
        "/teacher/sessions",
        Some("level=april-2000&length=class&difficulty=normal&preset=memo&roster=Ada%0D%0ABo%0D%0ACy"),
        key,
    )
    .await;
    assert_eq!(made, StatusCode::SEE_OTHER);
    let code = headers[header::LOCATION]
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let session = server.store.session(&code).await.unwrap();
    // The class length, and the memo's assumptions set on top of the level's.
    assert!(
        session.variant.starts_with("length=class;set=")
            && session.variant.contains("weakness_generalization:75"),
        "{}",
        session.variant
    );
    assert_eq!(session.roster, vec!["Ada", "Bo", "Cy"]);

    // Three students play two rounds each over real WebSockets.
    let runs: Vec<_> = futures_util::future::join_all(
        ["Ada", "bo", "Cy"].map(|n| bot::play(student(addr, &code, n, 2))),
    )
    .await
    .into_iter()
    .map(Result::unwrap)
    .collect();
    for r in &runs {
        assert_eq!(
            r.round_trips.len(),
            r.log.len(),
            "every command acknowledged once"
        );
        assert_eq!(server.store.commands(r.game_id).await.unwrap(), r.log);
    }
    // A name not on the class list is refused, with the list.
    let stranger = bot::play(student(addr, &code, "Mallory", 1))
        .await
        .unwrap_err();
    assert!(stranger.contains("not on this class's list"), "{stranger}");
    // No name: the class list to pick from; a name on it in other capitals is that name.
    let (list, none) = class::join(&server.store, PROTOCOL_VERSION, &code, " ", 3, 0).await;
    assert!(none.is_none());
    assert_eq!(
        list,
        ServerMsg::Roster {
            names: vec!["Ada".into(), "Bo".into(), "Cy".into()],
            why: None
        }
    );
    let (cy, _) = class::join(&server.store, PROTOCOL_VERSION, &code, "CY", 3, 0).await;
    assert!(
        matches!(cy, ServerMsg::Joined { ref name, .. } if name == "Cy"),
        "{cy:?}"
    );

    // The monitor shows every student; the report, the CSV and the zip hold every game.
    let (ok, _, page) = teacher(&server, "GET", &format!("/teacher/s/{code}"), None, key).await;
    assert_eq!(ok, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    for name in ["Ada", "Bo", "Cy"] {
        assert!(
            page.contains(&format!("<td>{name}</td>")),
            "{name} on the monitor"
        );
    }
    assert!(page.contains(&code) && page.contains("3 of 12"), "{page}");
    assert!(
        page.contains("/teacher/packet/april-2000"),
        "the packet is linked"
    );
    let (ok, _, packet) = teacher(&server, "GET", "/teacher/packet/april-2000", None, key).await;
    assert_eq!(ok, StatusCode::OK);
    let packet = String::from_utf8(packet).unwrap();
    assert!(
        packet.contains("Lesson plan") && packet.contains("Grading rubric"),
        "{packet}"
    );
    let (_, _, csv) = teacher(
        &server,
        "GET",
        &format!("/teacher/s/{code}/games.csv"),
        None,
        key,
    )
    .await;
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let (_, _, report) = teacher(
        &server,
        "GET",
        &format!("/teacher/s/{code}/report"),
        None,
        key,
    )
    .await;
    let report = String::from_utf8(report).unwrap();
    assert!(report.contains("3 game records"), "{report}");
    let (_, _, zip) = teacher(
        &server,
        "GET",
        &format!("/teacher/s/{code}/records.zip"),
        None,
        key,
    )
    .await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert_eq!(zip.len(), 3);
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
        let record = GameRecord::parse(f.name(), text.as_bytes()).unwrap();
        let loaded = class::level(&record.level_id, &record.variant).unwrap();
        let game = record.verify(&loaded).unwrap();
        let id: i64 = f.name()[..3].parse().unwrap();
        let run = runs.iter().find(|r| r.game_id == id).unwrap();
        assert_eq!(run.log, record.commands);
        assert_eq!(
            game.hash(),
            run.hash,
            "the record replays to the student's own game"
        );
    }

    // Paused, a student's move waits; when the teacher goes on, it is taken.
    let status = |action: &str| format!("action={action}");
    teacher(
        &server,
        "POST",
        &format!("/teacher/s/{code}/status"),
        Some(&status("pause")),
        key,
    )
    .await;
    let mut ada = student(addr, &code, "Ada", 3);
    ada.patience = Duration::from_secs(30);
    let waiting = tokio::spawn(bot::play(ada));
    tokio::time::sleep(Duration::from_millis(600)).await;
    let games = server.store.games(&code).await.unwrap();
    let before = games
        .iter()
        .find(|g| g.id == runs[0].game_id)
        .unwrap()
        .commands;
    assert_eq!(
        before,
        runs[0].log.len() as u64,
        "nothing taken while paused"
    );
    teacher(
        &server,
        "POST",
        &format!("/teacher/s/{code}/status"),
        Some(&status("resume")),
        key,
    )
    .await;
    let ada = waiting.await.unwrap().unwrap();
    assert!(ada.log.len() > runs[0].log.len(), "taken after the pause");
    assert_eq!(server.store.commands(ada.game_id).await.unwrap(), ada.log);

    // Ended: nothing more is taken.
    teacher(
        &server,
        "POST",
        &format!("/teacher/s/{code}/status"),
        Some(&status("end")),
        key,
    )
    .await;
    let late = bot::play(student(addr, &code, "Bo", 4)).await.unwrap();
    assert_eq!(late.log, runs[1].log, "no move after the end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_join_codes_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let url = databases(&dir, "guess").await.remove(0);
    let (addr, _) = start(&url).await;
    let mut said = String::new();
    for _ in 0..=qpq_server::limits::FAILURES_ALLOWED {
        said = bot::play(student(addr, "QQQQQQ", "Eve", 1))
            .await
            .unwrap_err();
    }
    assert!(said.contains("too many wrong codes"), "{said}");
}

/// The server binary, killed when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run_server(url: &str, port: u16) -> Running {
    Running(
        std::process::Command::new(env!("CARGO_BIN_EXE_qpq-server"))
            .args(["--db", url, "--listen", &format!("127.0.0.1:{port}")])
            .args(["--secret", SECRET])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the server starts"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_class_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "killed").await {
        killed(&url).await;
    }
}

async fn killed(url: &str) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = run_server(url, port);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let store = Store::open(url).await.unwrap();
    let code = class::open_session(&store, &SessionSpec::new("april-2000"), 0)
        .await
        .unwrap();
    let students: Vec<_> = (0..12)
        .map(|k| {
            let mut s = student(addr, &code, &format!("student {k}"), 6);
            s.think = (Duration::from_millis(10), Duration::from_millis(40));
            s.seed = k + 1;
            s.patience = Duration::from_secs(30);
            tokio::spawn(bot::play(s))
        })
        .collect();
    // Mid-class (once 30 moves are stored): SIGKILL, no goodbye.
    let begun = std::time::Instant::now();
    loop {
        let n: u64 = store
            .games(&code)
            .await
            .unwrap()
            .iter()
            .map(|g| g.commands)
            .sum();
        if n >= 30 || begun.elapsed() > Duration::from_secs(20) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    let stored: u64 = store
        .games(&code)
        .await
        .unwrap()
        .iter()
        .map(|g| g.commands)
        .sum();
    assert!(stored > 0, "the class had begun");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _server = run_server(url, port);
    let mut reconnected = 0;
    for t in students {
        let run = t.await.unwrap().unwrap();
        reconnected += u32::from(run.reconnects > 0);
        // Not one command lost, not one applied twice: the stored log is the student's own.
        assert_eq!(store.commands(run.game_id).await.unwrap(), run.log);
        assert!(
            run.log.len() as u64 > 6,
            "the student played on after the restart"
        );
    }
    assert!(reconnected >= 10, "students came back: {reconnected}");
    let after: u64 = store
        .games(&code)
        .await
        .unwrap()
        .iter()
        .map(|g| g.commands)
        .sum();
    assert!(after > stored, "{after} > {stored}");
}

#[tokio::test]
async fn a_session_seats_students_in_the_chair_the_teacher_chose() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "chairs").await {
        let store = Store::open(&url).await.unwrap();
        let mut spec = SessionSpec::new("april-2000");
        spec.chair = "half".into();
        let code = class::open_session(&store, &spec, 0).await.unwrap();
        let mut sides = Vec::new();
        for name in ["Ada", "Bo", "Cy", "ada"] {
            let (msg, _) = class::join(&store, PROTOCOL_VERSION, &code, name, 5, 0).await;
            let ServerMsg::Joined { side, .. } = msg else {
                panic!("{msg:?}");
            };
            sides.push(side);
        }
        // Every second student in the other chair, in the order they join; Ada keeps hers.
        assert_eq!(sides, ["us", "opponent", "us", "us"]);
        // A level that offers only the U.S. chair cannot be opened for the other one.
        let mut spec = SessionSpec::new("tutorial");
        spec.chair = "opponent".into();
        let refused = class::open_session(&store, &spec, 0).await.unwrap_err();
        assert!(refused.contains("cannot be played from"), "{refused}");
    }
}
