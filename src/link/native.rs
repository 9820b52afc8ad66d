//! The desktop's link: a thread owns the WebSocket (tungstenite), so the game never waits on the
//! network.

use super::{BACK, DROPPED, ELSEWHERE, Joined, Note, not_joined, play_url, refusal};
use crate::net::{self, ClassStatus, ClientMsg, Outbox, PROTOCOL_VERSION, Resume, ServerMsg};
use crate::sim::game::Command;
use std::io;
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

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
    server: String,
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
            server: server.trim().to_string(),
        }
    }

    /// Waits (up to `within`) for the join's answer: the game, or what came instead
    /// ([`Note::Roster`] to pick a name from, or [`Note::Failed`] saying why not).
    pub fn joined(&mut self, within: Duration) -> Result<Joined, Note> {
        match self.notes.recv_timeout(within) {
            Ok(Note::Joined(j)) => {
                self.adopt(&j);
                Ok(*j)
            }
            Ok(n @ (Note::Failed(_) | Note::Roster { .. })) => Err(n),
            Ok(other) => Err(Note::Failed(format!("the class server answered {other:?}"))),
            Err(_) => Err(Note::Failed("the class server did not answer".into())),
        }
    }

    /// The class server's address, as given.
    pub fn server(&self) -> &str {
        &self.server
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
                Note::Said(_) | Note::Failed(_) | Note::Roster { .. } => {}
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
    let joined = match Joined::of(joined, &code, status.clone()) {
        Ok(j) => j,
        Err(other) => {
            let _ = notes.send(not_joined(*other));
            return;
        }
    };
    let mut outbox = Outbox::default();
    outbox.joined(&joined.commands, &joined.commands);
    outbox.status(&status);
    let mut log = joined.commands.clone();
    let name = joined.name.clone();
    let _ = notes.send(Note::Joined(Box::new(joined)));
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
                        let _ = notes.send(Note::Said(ELSEWHERE.into()));
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
