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
        (ServerMsg::Joined { .. }, Some(seat)) => seat,
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
        " Ada ",
        99,
        0,
    )
    .await;
    let ServerMsg::Joined { commands, seed, .. } = msg else {
        panic!("{msg:?}");
    };
    assert_eq!(commands, script.to_vec());
    assert_eq!(seed, 17, "the seed of the first join, not of the second");
    let seat = seat.unwrap();
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
