//! The link from a student's game to the class server, for the terminal (`play --join`) and the
//! window ("Join a class"). A thread owns the connection: it joins, sends each move the game
//! makes through the core's [`Outbox`] (a move is kept until the server has stored it; moves made
//! while the connection is down go, in order and once, when it is back), reads the server's
//! answers, and comes back by itself when the connection drops. The game talks to it through
//! [`Link::sent`] and [`Link::poll`], and never waits on the network.

use crate::net::{self, ClassStatus, ClientMsg, Outbox, PROTOCOL_VERSION, Resume, ServerMsg};
use crate::sim::game::Command;
use std::io;
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// The game a student joined, as the server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The student's name as the server keeps it.
    pub name: String,
    /// The join code.
    pub code: String,
    /// The level's id and its file's hash.
    pub level_id: String,
    /// The level file's content hash.
    pub level_hash: String,
    /// How the class plays the level.
    pub variant: crate::level::Variant,
    /// The game's seed.
    pub seed: u64,
    /// The difficulty's id.
    pub difficulty: String,
    /// `us` or `opponent`.
    pub side: String,
    /// The moves the server has.
    pub commands: Vec<Command>,
    /// What the teacher has set.
    pub status: ClassStatus,
}

/// What the link tells the game.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// Joined: the game to play.
    Joined(Box<Joined>),
    /// Could not join (a wrong code, no server, another version); the link has stopped.
    Failed(String),
    /// What the teacher set (paused, ended, a deadline).
    Status(ClassStatus),
    /// Words for the student (the connection dropped or came back, a move refused).
    Said(String),
    /// The server has stored this many moves.
    Stored(u64),
}

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

/// The link, from the game's side.
pub struct Link {
    logs: mpsc::Sender<Vec<Command>>,
    notes: mpsc::Receiver<Note>,
    sent_len: usize,
    /// Moves the server has stored.
    pub stored: u64,
    /// What the teacher has set, as last heard.
    pub status: ClassStatus,
    /// The connection is down (moves wait).
    pub offline: bool,
    /// Notes heard while draining, for the next poll.
    pending: Vec<Note>,
}

impl Link {
    /// Starts joining `code` as `name` at `server`; the answer comes as [`Note::Joined`] or
    /// [`Note::Failed`] from [`Link::poll`].
    pub fn start(server: &str, code: &str, name: &str) -> Link {
        let (log_tx, log_rx) = mpsc::channel();
        let (note_tx, note_rx) = mpsc::channel();
        let (url, code, name) = (
            play_url(server),
            code.trim().to_uppercase(),
            name.to_string(),
        );
        std::thread::spawn(move || run(url, code, name, log_rx, note_tx));
        Link {
            logs: log_tx,
            notes: note_rx,
            sent_len: 0,
            stored: 0,
            status: ClassStatus::default(),
            offline: false,
            pending: Vec::new(),
        }
    }

    /// Waits (up to `within`) for the join's answer: the game, or why not.
    pub fn joined(&mut self, within: Duration) -> Result<Joined, String> {
        match self.notes.recv_timeout(within) {
            Ok(Note::Joined(j)) => {
                self.adopt(&j);
                Ok(*j)
            }
            Ok(Note::Failed(why)) => Err(why),
            Ok(other) => Err(format!("the class server answered {other:?}")),
            Err(_) => Err("the class server did not answer".into()),
        }
    }

    /// Takes the joined game's state as the link's own (the game starts from its moves).
    pub fn adopt(&mut self, j: &Joined) {
        self.sent_len = j.commands.len();
        self.stored = j.commands.len() as u64;
        self.status = j.status.clone();
    }

    /// The game's log after a move: the new moves go to the server.
    pub fn sent(&mut self, log: &[Command]) {
        if log.len() != self.sent_len {
            self.sent_len = log.len();
            let _ = self.logs.send(log.to_vec());
        }
    }

    /// Moves not yet stored by the server.
    pub fn waiting(&self) -> u64 {
        (self.sent_len as u64).saturating_sub(self.stored)
    }

    /// What the link has heard since the last call (status and counts are kept on the link too).
    pub fn poll(&mut self) -> Vec<Note> {
        let mut out = Vec::new();
        let mut heard: Vec<Note> = std::mem::take(&mut self.pending);
        heard.extend(self.notes.try_iter());
        for n in heard {
            match &n {
                Note::Stored(k) => self.stored = *k,
                Note::Status(s) => self.status = s.clone(),
                Note::Said(s) if s.starts_with(DROPPED) => self.offline = true,
                Note::Said(s) if s.starts_with(BACK) => self.offline = false,
                Note::Joined(j) => self.adopt(j),
                Note::Said(_) | Note::Failed(_) => {}
            }
            out.push(n);
        }
        out
    }

    /// Waits up to `within` for every move to be stored; true when they are.
    pub fn drain(&mut self, within: Duration) -> bool {
        let until = Instant::now() + within;
        while self.waiting() > 0 && Instant::now() < until {
            match self.notes.recv_timeout(Duration::from_millis(100)) {
                Ok(Note::Stored(k)) => self.stored = k,
                Ok(other) => self.pending.push(other),
                Err(_) => {}
            }
        }
        self.waiting() == 0
    }
}

/// The words when the connection drops.
pub const DROPPED: &str = "The connection to the class server dropped.";
/// The words when it is back.
pub const BACK: &str = "Connected to the class server again";

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

fn set_timeout(ws: &mut Socket, t: Duration) {
    if let MaybeTlsStream::Plain(s) = ws.get_mut() {
        let _ = s.set_read_timeout(Some(t));
    }
}

/// Connects and joins: the socket and the server's answer (and the status after it).
fn connect(url: &str, code: &str, name: &str) -> Result<(Socket, ServerMsg, ClassStatus), String> {
    let (mut ws, _) = tungstenite::connect(url).map_err(|e| format!("cannot reach {url}: {e}"))?;
    set_timeout(&mut ws, Duration::from_secs(15));
    send(
        &mut ws,
        &ClientMsg::Join {
            version: PROTOCOL_VERSION,
            code: code.to_string(),
            name: name.to_string(),
        },
    )?;
    let Some(joined) = read(&mut ws)? else {
        return Err("the class server did not answer".into());
    };
    let mut status = ClassStatus::default();
    if matches!(joined, ServerMsg::Joined { .. }) {
        loop {
            match read(&mut ws)? {
                Some(ServerMsg::Class(s)) => {
                    status = s;
                    break;
                }
                Some(_) => {}
                None => return Err("the class server did not answer".into()),
            }
        }
    }
    // From here on the connection is read in short turns, between sending moves.
    set_timeout(&mut ws, Duration::from_millis(150));
    Ok((ws, joined, status))
}

fn refusal(msg: ServerMsg) -> String {
    match msg {
        ServerMsg::Error { why } => format!("The class server says: {why}"),
        ServerMsg::Reload { version } => format!(
            "The class server speaks version {version} of the game's messages and this game speaks {PROTOCOL_VERSION}: use the game the class uses."
        ),
        other => format!("The class server answered {other:?}"),
    }
}

/// The link's thread.
fn run(
    url: String,
    code: String,
    name: String,
    logs: mpsc::Receiver<Vec<Command>>,
    notes: mpsc::Sender<Note>,
) {
    let (socket, joined, status) = match connect(&url, &code, &name) {
        Ok(x) => x,
        Err(e) => {
            let _ = notes.send(Note::Failed(e));
            return;
        }
    };
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
        let _ = notes.send(Note::Failed(refusal(joined)));
        return;
    };
    let mut outbox = Outbox::default();
    outbox.joined(&commands, &commands);
    outbox.status(&status);
    let mut log = commands.clone();
    let _ = notes.send(Note::Joined(Box::new(Joined {
        name: name.clone(),
        code: code.clone(),
        level_id,
        level_hash,
        variant,
        seed,
        difficulty,
        side,
        commands,
        status: status.clone(),
    })));
    let mut ws = Some(socket);
    let mut retry_at = Instant::now();
    let mut down = false;
    loop {
        // The newest log from the game (when the game is gone, so is the link).
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
                    if matches!(
                        outbox.joined(&commands, &log),
                        Resume::Adopt | Resume::Conflict
                    ) {
                        let _ = notes.send(Note::Said(
                            "The class server holds other moves for you than this game (did you play elsewhere?). Moves made here are no longer sent: join the class again to play on from the server's game.".into(),
                        ));
                        return;
                    }
                    outbox.status(&status);
                    let _ = notes.send(Note::Status(status));
                    if down {
                        let _ =
                            notes.send(Note::Said(format!("{BACK}: your moves are being sent.")));
                        down = false;
                    }
                    ws = Some(s);
                }
                Ok((_, other, _)) => {
                    let _ = notes.send(Note::Said(refusal(other)));
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
                        let _ = notes.send(Note::Status(s.clone()));
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
            if !down {
                let _ = notes.send(Note::Said(format!(
                    "{DROPPED} Play on: your moves are kept and sent when it is back."
                )));
                down = true;
            }
            retry_at = Instant::now() + Duration::from_secs(1);
        }
    }
}

/// The game a student joined, as their own copy: the class's level (its length and assumptions),
/// seed and difficulty, with the moves the server has. Refused when this game does not have the
/// level the class plays, or has another version of it.
pub fn game_of(j: &Joined) -> Result<(crate::level::Loaded, crate::sim::game::Game), String> {
    if j.side != "us" {
        return Err(format!(
            "This class plays from the `{}` chair, which this game cannot join yet.",
            j.side
        ));
    }
    let loaded = match crate::level::shipped_with(&j.level_id, &j.variant) {
        Some(Ok(l)) => l,
        Some(Err(d)) => return Err(d.render()),
        None => {
            return Err(format!(
                "The class plays level `{}`, which this game does not have: use the game the class uses.",
                j.level_id
            ));
        }
    };
    if loaded.rules.content_hash != j.level_hash {
        return Err(format!(
            "The class plays another version of `{}` than this game has: use the game the class uses.",
            j.level_id
        ));
    }
    let difficulty = crate::sim::Difficulty::from_id(&j.difficulty).unwrap_or_default();
    let game =
        crate::sim::game::Game::replay(loaded.rules.clone(), j.seed, difficulty, &j.commands);
    Ok((loaded, game))
}

/// What the teacher set, as the student reads it when it changes (`was_paused`: the class had
/// been paused, so going on is news too).
pub fn status_words(s: &ClassStatus, was_paused: bool) -> Option<String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    s.said(now)
        .or_else(|| was_paused.then(|| "The class goes on: your moves are being sent.".to_string()))
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
