//! `play --text --join CODE --name NAME --server URL`: a class game in the terminal. The student
//! joins the teacher's session, plays as usual, and every move goes to the class server through
//! the core's [`Outbox`]: a move is kept until the server has stored it, moves made while the
//! connection is down are sent, in order and once, when it comes back, and a student who
//! rejoins (another day, another terminal) carries on where the server's log stands.

use crate::cli::play::{self, Options, Relay};
use crate::net::{self, ClassStatus, ClientMsg, Outbox, PROTOCOL_VERSION, Resume, ServerMsg};
use crate::sim::Difficulty;
use crate::sim::game::Command;
use std::io::{self, BufRead, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// How long the terminal waits, when the game is left, for its last moves to be stored.
const DRAIN: Duration = Duration::from_secs(8);

/// The students' WebSocket address of a server given as `http://host:port`, `host:port` or
/// `ws://host:port/play`.
pub fn play_url(server: &str) -> String {
    let s = server.trim().trim_end_matches('/');
    let s = s
        .strip_prefix("http://")
        .map(|r| format!("ws://{r}"))
        .or_else(|| s.strip_prefix("https://").map(|r| format!("wss://{r}")))
        .unwrap_or_else(|| {
            if s.starts_with("ws://") || s.starts_with("wss://") {
                s.to_string()
            } else {
                format!("ws://{s}")
            }
        });
    if s.ends_with("/play") {
        s
    } else {
        format!("{s}/play")
    }
}

fn read(ws: &mut Socket) -> Result<Option<ServerMsg>, String> {
    match ws.read() {
        Ok(Message::Text(t)) => net::decode_server(t.as_str())
            .map(Some)
            .map_err(|e| format!("the server's answer could not be read: {e}")),
        Ok(Message::Close(_)) => Err("the server closed the connection".into()),
        Ok(_) => Ok(None),
        Err(tungstenite::Error::Io(e))
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e.to_string()),
    }
}

fn send(ws: &mut Socket, msg: &ClientMsg) -> Result<(), String> {
    ws.send(Message::Text(net::encode_client(msg).into()))
        .map_err(|e| e.to_string())
}

/// Connects and sends `join`; the answer to it (and the class status after it).
fn connect(url: &str, code: &str, name: &str) -> Result<(Socket, ServerMsg, ClassStatus), String> {
    let (mut ws, _) = tungstenite::connect(url).map_err(|e| format!("cannot reach {url}: {e}"))?;
    if let MaybeTlsStream::Plain(s) = ws.get_mut() {
        let _ = s.set_read_timeout(Some(Duration::from_secs(15)));
    }
    send(
        &mut ws,
        &ClientMsg::Join {
            version: PROTOCOL_VERSION,
            code: code.to_string(),
            name: name.to_string(),
        },
    )?;
    let joined = loop {
        if let Some(m) = read(&mut ws)? {
            break m;
        }
    };
    let mut status = ClassStatus::default();
    if matches!(joined, ServerMsg::Joined { .. }) {
        loop {
            if let Some(ServerMsg::Class(s)) = read(&mut ws)? {
                status = s;
                break;
            }
        }
    }
    // From here on the connection is read in short turns, between sending moves.
    if let MaybeTlsStream::Plain(s) = ws.get_mut() {
        let _ = s.set_read_timeout(Some(Duration::from_millis(150)));
    }
    Ok((ws, joined, status))
}

/// What the link's thread tells the game.
enum Note {
    /// Words for the student.
    Said(String),
    /// The server has stored this many moves.
    Stored(u64),
}

/// The link to the class server: a thread that owns the connection, the game's side of it.
struct Link {
    logs: mpsc::Sender<Vec<Command>>,
    notes: mpsc::Receiver<Note>,
    stored: u64,
    sent_len: usize,
    said: Vec<String>,
}

impl Relay for Link {
    fn sent(&mut self, log: &[Command]) {
        if log.len() != self.sent_len {
            self.sent_len = log.len();
            let _ = self.logs.send(log.to_vec());
        }
    }

    fn news(&mut self) -> Vec<String> {
        while let Ok(n) = self.notes.try_recv() {
            match n {
                Note::Said(s) => self.said.push(s),
                Note::Stored(n) => self.stored = n,
            }
        }
        std::mem::take(&mut self.said)
    }

    fn finish(&mut self, log: &[Command], out: &mut dyn Write) -> io::Result<()> {
        let _ = self.logs.send(log.to_vec());
        let until = Instant::now() + DRAIN;
        while self.stored < log.len() as u64 && Instant::now() < until {
            match self.notes.recv_timeout(Duration::from_millis(100)) {
                Ok(Note::Stored(n)) => self.stored = n,
                Ok(Note::Said(s)) => self.said.push(s),
                Err(_) => {}
            }
        }
        for s in self.said.drain(..) {
            writeln!(out, "[class] {s}")?;
        }
        if self.stored >= log.len() as u64 {
            writeln!(
                out,
                "[class] All {} of your moves are stored on the class server.",
                log.len()
            )
        } else {
            writeln!(
                out,
                "[class] {} of your moves could not reach the class server yet. Join again with the same code and name and they are sent then (keep this terminal's game record with --record to be safe).",
                log.len() as u64 - self.stored
            )
        }
    }
}

/// The link's thread: sends what the game's log has that the server has not stored, reads the
/// answers, and when the connection drops, comes back and resumes.
fn run_link(
    url: String,
    code: String,
    name: String,
    mut ws: Option<Socket>,
    mut outbox: Outbox,
    mut paused: bool,
    logs: mpsc::Receiver<Vec<Command>>,
    notes: mpsc::Sender<Note>,
) {
    let mut log: Vec<Command> = Vec::new();
    let mut retry_at = Instant::now();
    let mut said_down = false;
    loop {
        // The newest log from the game (the game's own thread ends: so does this one).
        loop {
            match logs.try_recv() {
                Ok(l) => log = l,
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        }
        let Some(socket) = ws.as_mut() else {
            if Instant::now() < retry_at {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            match connect(&url, &code, &name) {
                Ok((s, ServerMsg::Joined { commands, .. }, status)) => {
                    match outbox.joined(&commands, &log) {
                        Resume::SendFrom(_) => {}
                        Resume::Adopt | Resume::Conflict => {
                            let _ = notes.send(Note::Said(
                                "The class server holds other moves for you than this terminal (did you play elsewhere?). Your moves here are not sent; join again to play on from the server's game.".into(),
                            ));
                            return;
                        }
                    }
                    outbox.status(&status);
                    paused = status.paused;
                    if said_down {
                        let _ = notes.send(Note::Said(
                            "Connected to the class server again: your moves are being sent."
                                .into(),
                        ));
                        said_down = false;
                    }
                    ws = Some(s);
                }
                Ok((_, other, _)) => {
                    let _ = notes.send(Note::Said(format!("The class server: {other:?}")));
                    return;
                }
                Err(_) => retry_at = Instant::now() + Duration::from_secs(2),
            }
            continue;
        };
        let mut lost = None;
        for m in outbox.to_send(&log) {
            if let Err(e) = send(socket, &m) {
                lost = Some(e);
                break;
            }
        }
        if lost.is_none() {
            match read(socket) {
                Ok(Some(msg)) => {
                    if let ServerMsg::Class(s) = &msg {
                        match s.said(now()) {
                            Some(words) => {
                                let _ = notes.send(Note::Said(words));
                            }
                            None if paused => {
                                let _ = notes.send(Note::Said(
                                    "The class goes on: your moves are being sent.".into(),
                                ));
                            }
                            None => {}
                        }
                        paused = s.paused;
                    }
                    if let Some(why) = outbox.answer(&msg) {
                        let _ = notes.send(Note::Said(format!("The class server: {why}")));
                        // Sent again in a moment, not at once.
                        std::thread::sleep(Duration::from_secs(1));
                    }
                    let _ = notes.send(Note::Stored(outbox.acked()));
                }
                Ok(None) => {}
                Err(e) => lost = Some(e),
            }
        }
        if lost.is_some() {
            outbox.disconnected();
            ws = None;
            if !said_down {
                let _ = notes.send(Note::Said(
                    "The connection to the class server dropped. Play on: your moves are kept and sent when it is back.".into(),
                ));
                said_down = true;
            }
            retry_at = Instant::now() + Duration::from_secs(1);
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Joins a class and plays its game in the terminal.
pub fn play_joined(
    server: &str,
    code: &str,
    name: &str,
    opts: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<play::TextEnd, String> {
    let url = play_url(server);
    let (ws, joined, status) = connect(&url, code, name)?;
    let ServerMsg::Joined {
        name,
        level_id,
        level_hash,
        variant,
        seed,
        difficulty,
        side,
        commands,
        ..
    } = joined
    else {
        return Err(match joined {
            ServerMsg::Error { why } => format!("The class server says: {why}"),
            ServerMsg::Reload { version } => format!(
                "The class server speaks version {version} of the game's messages and this game speaks {PROTOCOL_VERSION}: use the game the class uses."
            ),
            other => format!("The class server answered {other:?}"),
        });
    };
    if side != "us" {
        return Err(format!(
            "This class plays from the `{side}` chair, which the terminal cannot join yet: join from the window."
        ));
    }
    let loaded = match crate::level::shipped_with(&level_id, &variant) {
        Some(Ok(l)) => l,
        Some(Err(d)) => return Err(d.render()),
        None => {
            return Err(format!(
                "The class plays level `{level_id}`, which this game does not have: update the game."
            ));
        }
    };
    if loaded.rules.content_hash != level_hash {
        return Err(format!(
            "The class plays another version of `{level_id}` than this game has: use the game the class uses."
        ));
    }
    let difficulty = Difficulty::from_id(&difficulty).unwrap_or_default();
    let game = crate::sim::game::Game::replay(loaded.rules.clone(), seed, difficulty, &commands);
    let mut outbox = Outbox::default();
    outbox.joined(&commands, &commands);
    outbox.status(&status);
    let (log_tx, log_rx) = mpsc::channel();
    let (note_tx, note_rx) = mpsc::channel();
    let _ = log_tx.send(commands.clone());
    let thread = {
        let (url, code, name) = (url.clone(), code.to_string(), name.clone());
        let paused = status.paused;
        std::thread::spawn(move || {
            run_link(url, code, name, Some(ws), outbox, paused, log_rx, note_tx)
        })
    };
    let mut link = Link {
        logs: log_tx,
        notes: note_rx,
        stored: commands.len() as u64,
        sent_len: commands.len(),
        said: status.said(now()).into_iter().collect(),
    };
    let _ = writeln!(
        out,
        "[class] Joined class {} as {name}.",
        code.to_uppercase()
    );
    let opts = Options {
        seed,
        difficulty,
        player: name,
        level_file: format!("levels/{level_id}.ron"),
        ..opts.clone()
    };
    let end = play::play_game(game, &opts, &mut link, input, out).map_err(|e| e.to_string());
    drop(link);
    let _ = thread.join();
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_found_however_the_teacher_wrote_it() {
        for given in [
            "http://10.0.0.5:8080",
            "http://10.0.0.5:8080/",
            "10.0.0.5:8080",
            "ws://10.0.0.5:8080/play",
        ] {
            assert_eq!(play_url(given), "ws://10.0.0.5:8080/play", "{given}");
        }
        assert_eq!(
            play_url("https://class.example"),
            "wss://class.example/play"
        );
    }
}
