//! A class game from the terminal (`play --text --join`), against a real class server in this
//! process: the student joins by code and name, every move is stored on the server, joining
//! again (whatever the capitals of the name) carries on where the game stands, and a wrong code
//! or a missing server is said in words.

use qpq_server::app::{self, Server};
use qpq_server::class::{self, SessionSpec};
use qpq_server::store::Store;
use quid_pro_quo::cli::join;
use quid_pro_quo::cli::play::Options;
use std::io::Cursor;
use std::net::SocketAddr;

fn play(server: &str, code: &str, name: &str, input: &str) -> Result<String, String> {
    let mut out = Vec::new();
    let opts = Options {
        echo: true,
        ..Options::default()
    };
    join::play_joined(
        server,
        code,
        name,
        &opts,
        &mut Cursor::new(input.as_bytes().to_vec()),
        &mut out,
    )?;
    Ok(String::from_utf8(out).unwrap())
}

/// A class server on a free loopback port, on an SQLite file in a folder of its own, with a
/// session on April 2000 at its class-period length: (folder, runtime, address, store, code).
fn class_server(
    name: &str,
    chair: &str,
    roster: &[&str],
) -> (
    std::path::PathBuf,
    tokio::runtime::Runtime,
    SocketAddr,
    Store,
    String,
) {
    let dir = std::env::temp_dir().join(format!("qpq-class-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("class.db").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (addr, store, code) = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let server = Server::new(store.clone(), "a-teacher-secret".into(), None);
        // What the teacher sets is read from the database, as `qpq-server` does.
        server.poll_statuses();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app::router(server).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let mut spec = SessionSpec::new("april-2000");
        spec.length = Some("class".into());
        spec.chair = chair.into();
        spec.roster = roster.iter().map(|n| n.to_string()).collect();
        let code = class::open_session(&store, &spec, 0).await.unwrap();
        (addr, store, code)
    });
    (dir, rt, addr, store, code)
}

#[test]
fn a_student_joins_a_class_from_the_terminal_and_every_move_is_stored() {
    let (dir, rt, addr, store, code) = class_server("terminal", "us", &[]);
    let server = format!("http://{addr}");

    let first = play(
        &server,
        &code.to_lowercase(),
        "Ada",
        "offer give=food_aid_monitored ask=attend_talks\nend\nend\nquit\n",
    )
    .unwrap();
    assert!(
        first.contains(&format!("[class] Joined class {code} as Ada.")),
        "{first}"
    );
    assert!(
        first.contains("12 rounds of 2 months"),
        "the class length: {first}"
    );
    assert!(
        first.contains("[class] All 3 of your moves are stored on the class server."),
        "{first}"
    );
    let games = rt.block_on(store.games(&code)).unwrap();
    assert_eq!(games.len(), 1);
    assert_eq!(games[0].commands, 3);

    // Back another day, with other capitals: the same game, where it stood.
    let again = play(&server, &code, "ada", "end\nquit\n").unwrap();
    assert!(
        again.contains("You are back in your game, in round 3: 3 of your moves were kept."),
        "{again}"
    );
    assert!(again.contains("All 4 of your moves"), "{again}");
    let log = rt.block_on(store.commands(games[0].id)).unwrap();
    assert_eq!(log.len(), 4);

    // A wrong code, and no server at all, are said in words.
    let wrong = play(&server, "ZZZZZZ", "Bo", "quit\n").unwrap_err();
    assert!(
        wrong.contains("no class session with the code ZZZZZZ"),
        "{wrong}"
    );
    let nobody = play("http://127.0.0.1:9", &code, "Bo", "quit\n").unwrap_err();
    assert!(
        nobody.contains("cannot reach ws://127.0.0.1:9/play"),
        "{nobody}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A class with a list of names: a student who gives no name, or one not on it, picks from the
/// list by number or by name.
#[test]
fn a_student_picks_a_name_from_the_class_list_in_the_terminal() {
    let (dir, rt, addr, store, code) = class_server("roster", "us", &["Ada", "Bo", "Cy"]);
    let server = format!("http://{addr}");
    let bo = play(&server, &code, "", "2\nend\nquit\n").unwrap();
    assert!(
        bo.contains("Which one is you?") && bo.contains(" 3  Cy"),
        "{bo}"
    );
    assert!(
        bo.contains(&format!("[class] Joined class {code} as Bo.")),
        "{bo}"
    );
    let cy = play(&server, &code, "Zed", "cy\nquit\n").unwrap();
    assert!(
        cy.contains("`Zed` is not on this class's list: pick your name."),
        "{cy}"
    );
    assert!(cy.contains("as Cy."), "{cy}");
    let nobody = play(&server, &code, "", "").unwrap_err();
    assert!(nobody.contains("No name was picked"), "{nobody}");
    let games = rt.block_on(store.games(&code)).unwrap();
    let names: Vec<_> = games.iter().map(|g| g.player.as_str()).collect();
    assert_eq!(names, vec!["Bo", "Cy"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The window's "Join a class": the fields filled, Join pressed, the game comes from the server
/// (its class length), the top bar says where the moves are, and an ended round reaches the
/// server's log. A wrong code is said on the Join screen.
#[test]
fn a_student_joins_a_class_in_the_window_and_the_moves_reach_the_server() {
    use crate::app::Harness;
    use crate::app::type_text;
    use quid_pro_quo::analysis::record::GameRecord;
    use quid_pro_quo::game::acts::{Act, JOIN_CODE, JOIN_NAME, JOIN_SERVER, Notice, Screen};
    use quid_pro_quo::sim::game::Command;

    let (dir, rt, addr, store, code) = class_server("window", "us", &["Ada", "Bo"]);
    // As a student does it: J on the main menu, then the three fields typed.
    let join_in = |h: Harness, code: &str, name: &str| {
        let mut h = h;
        h.key(bevy::prelude::KeyCode::KeyJ);
        assert_eq!(h.screen(), Screen::Join);
        for (field, text) in [
            (JOIN_SERVER, format!("http://{addr}")),
            (JOIN_CODE, code.to_string()),
            (JOIN_NAME, name.to_string()),
        ] {
            h.click(&Act::Field(field));
            type_text(&mut h, &text);
        }
        h
    };
    let join = |name: &str, code: &str| join_in(Harness::new(name), code, "Ada");
    let wait = |h: &mut Harness, until: &dyn Fn(&Harness) -> bool| {
        for _ in 0..300 {
            if until(h) {
                return true;
            }
            h.frames(1);
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    };

    // A wrong code: the Join screen says so.
    let mut h = join("class-window-wrong", "ZZZZZZ");
    h.key(bevy::prelude::KeyCode::Enter);
    let refused = wait(&mut h, &|h| {
        h.app
            .world()
            .resource::<Notice>()
            .0
            .as_ref()
            .is_some_and(|(m, e)| *e && m.contains("no class session"))
    });
    assert!(refused, "{:?}", h.app.world().resource::<Notice>().0);
    assert_eq!(h.screen(), Screen::Join);

    // No name typed: the class list, a button a name; Ada picks hers.
    let mut h = join_in(Harness::new("class-window"), &code.to_lowercase(), "");
    h.click(&Act::JoinClass);
    for _ in 0..300 {
        if h.has_control(&Act::JoinAs("Ada".into())) {
            break;
        }
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        h.has_control(&Act::JoinAs("Ada".into())),
        "the class list: {:?}",
        h.app.world().resource::<Notice>().0
    );
    assert!(h.has_control(&Act::JoinAs("Bo".into())));
    assert!(
        h.texts()
            .contains("Pick your name from the class list below.")
    );
    h.click(&Act::JoinAs("Ada".into()));
    assert!(
        wait(&mut h, &|h| h.screen() == Screen::Round),
        "the round opens"
    );
    let s = h.session().expect("a session");
    assert_eq!(s.seat().rules().rounds, 12, "the class's length");
    let (line, alarm) = s.class.as_ref().expect("a class game").line();
    assert!(
        line.starts_with(&format!("Class {code}")) && !alarm,
        "{line}"
    );

    h.click(&Act::EndRound);
    let games = || rt.block_on(store.games(&code)).unwrap();
    for _ in 0..300 {
        if games().first().is_some_and(|g| g.commands == 1) {
            break;
        }
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let g = games();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].player, "Ada");
    assert_eq!(g[0].commands, 1, "the ended round is stored on the server");

    // A round played offline, then the game closed (as a page reloaded): the autosave holds a
    // move the server has not. Continue joins the class again and sends it.
    let mut record = GameRecord::load(&h.dir.join("autosave.ron")).unwrap();
    let kept = std::fs::read(h.dir.join("class.ron")).expect("the class is kept");
    drop(h);
    record.commands.push(Command::End);
    let data = dir.join("student-computer");
    std::fs::create_dir_all(&data).unwrap();
    record.save(&data.join("autosave.ron")).unwrap();
    std::fs::write(data.join("class.ron"), kept).unwrap();
    let mut h = Harness::with(
        "class-window-again",
        quid_pro_quo::game::Options {
            data_dir: Some(data),
            ..Default::default()
        },
    );
    assert!(
        h.texts().contains(&format!("Continue class {code}")),
        "the main menu names the class"
    );
    h.key(bevy::prelude::KeyCode::KeyC);
    assert!(
        wait(&mut h, &|h| h.screen() == Screen::Round),
        "the round opens"
    );
    let said = h
        .session()
        .and_then(|s| s.message.clone())
        .unwrap_or_default()
        .0;
    assert!(
        said.contains("1 move made while offline is being sent"),
        "{said}"
    );
    assert_eq!(h.session().unwrap().seat().round(), 3);
    for _ in 0..300 {
        if games()[0].commands == 2 {
            break;
        }
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(
        games()[0].commands,
        2,
        "the move made offline reached the server, once"
    );

    // The teacher sets a round deadline; when it passes, the student's round ends by itself.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let status = quid_pro_quo::net::ClassStatus {
        deadline: Some(now + 4),
        ..Default::default()
    };
    rt.block_on(store.set_status(&code, &status)).unwrap();
    for _ in 0..1000 {
        if games()[0].commands == 3 {
            break;
        }
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(
        games()[0].commands,
        3,
        "the deadline ended round 3; heard {:?}, screen {:?}, said {:?}",
        h.session().unwrap().class.as_ref().unwrap().deadline(),
        h.screen(),
        h.session().unwrap().message
    );
    h.frames(2);
    assert_eq!(h.screen(), Screen::Report);
    assert_eq!(h.session().unwrap().seat().round(), 4);
    let said = h.session().unwrap().message.clone().unwrap_or_default().0;
    assert!(
        said.contains("Time is up: the teacher's deadline ended round 3 for you"),
        "{said}"
    );
    // It ends that round only: round 4 goes on.
    for _ in 0..100 {
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(games()[0].commands, 3);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A class in the other chair, joined in the window: the student sits in Pyongyang's chair
/// against the AI Washington, whose moves (made at once) and the student's own reach the
/// server; from the terminal too.
#[test]
fn a_student_joins_a_class_in_the_other_chair() {
    use crate::app::{Harness, type_text};
    use quid_pro_quo::game::acts::{Act, JOIN_CODE, JOIN_NAME, JOIN_SERVER, Screen};
    use quid_pro_quo::game::state::Seating;

    let (dir, rt, addr, store, code) = class_server("other-chair", "opponent", &[]);
    // The terminal takes that chair too: Washington's first moves, then the student's end.
    let tess = play(&format!("http://{addr}"), &code, "Tess", "end\nquit\n").unwrap();
    assert!(
        tess.contains("as Tess in Pyongyang's chair.") && tess.contains("Round 1 resolved."),
        "{tess}"
    );
    let tess_log = rt.block_on(store.games(&code)).unwrap()[0].commands;
    assert!(
        tess.contains(&format!("All {tess_log} of your moves")),
        "{tess}"
    );
    assert!(
        tess_log >= 3,
        "Washington's moves and the student's end: {tess_log}"
    );

    let mut h = Harness::new("class-other-chair");
    h.key(bevy::prelude::KeyCode::KeyJ);
    for (field, text) in [
        (JOIN_SERVER, format!("http://{addr}")),
        (JOIN_CODE, code.clone()),
        (JOIN_NAME, "Kim".to_string()),
    ] {
        h.click(&Act::Field(field));
        type_text(&mut h, &text);
    }
    h.key(bevy::prelude::KeyCode::Enter);
    let stored = |name: &str| {
        rt.block_on(store.games(&code))
            .unwrap()
            .into_iter()
            .find(|g| g.player == name)
            .map_or(0, |g| g.commands)
    };
    let mut reached = false;
    for _ in 0..400 {
        h.frames(1);
        if h.screen() == Screen::Opponent && stored("Kim") > 0 {
            reached = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        reached,
        "the other chair opens and Washington's moves reach the server"
    );
    let s = h.session().unwrap();
    assert_eq!(s.seating, Seating::Opponent);
    let washington = stored("Kim");
    h.key(bevy::prelude::KeyCode::KeyE);
    for _ in 0..400 {
        if stored("Kim") > washington + 1 {
            break;
        }
        h.frames(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The student's End, and Washington's moves for the next round.
    assert!(
        stored("Kim") > washington + 1,
        "{} after {washington}; the game says {:?}; its log {:?}",
        stored("Kim"),
        h.session().and_then(|s| s.message.clone()),
        h.session().map(|s| s.seat().commands().to_vec())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
