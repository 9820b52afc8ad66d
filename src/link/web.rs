//! The page's link: the browser's WebSocket calls back into a queue, and [`Link::poll`] (every
//! frame) joins, sends, reads and comes back after a drop — the same steps as the desktop's
//! thread, through the same outbox, without a thread.

use super::{BACK, DROPPED, ELSEWHERE, Joined, Note, not_joined, play_url, refusal};
use crate::net::{self, ClassStatus, ClientMsg, Outbox, PROTOCOL_VERSION, Resume, ServerMsg};
use crate::sim::game::Command;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{MessageEvent, WebSocket};

/// What the browser said about a connection.
enum Event {
    Open,
    Text(String),
    Closed,
}

/// A connection and the callbacks that feed its queue (kept alive as long as it is).
struct Conn {
    ws: WebSocket,
    events: Rc<RefCell<VecDeque<Event>>>,
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut()>,
}

thread_local! {
    // The page has one thread; the browser's objects stay on it, and a link names its
    // connection by number (so the link itself can live in the game's state).
    static CONNS: RefCell<HashMap<u64, Conn>> = RefCell::new(HashMap::new());
    static NEXT: Cell<u64> = const { Cell::new(1) };
}

fn open(url: &str) -> Result<u64, String> {
    let ws = WebSocket::new(url).map_err(|_| format!("cannot reach {url}"))?;
    let events: Rc<RefCell<VecDeque<Event>>> = Rc::new(RefCell::new(VecDeque::new()));
    let on_open = {
        let q = events.clone();
        Closure::<dyn FnMut()>::new(move || q.borrow_mut().push_back(Event::Open))
    };
    let on_message = {
        let q = events.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(t) = e.data().as_string() {
                q.borrow_mut().push_back(Event::Text(t));
            }
        })
    };
    let on_close = {
        let q = events.clone();
        Closure::<dyn FnMut()>::new(move || q.borrow_mut().push_back(Event::Closed))
    };
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let id = NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    CONNS.with(|c| {
        c.borrow_mut().insert(
            id,
            Conn {
                ws,
                events,
                _open: on_open,
                _message: on_message,
                _close: on_close,
            },
        )
    });
    Ok(id)
}

fn events(id: u64) -> Vec<Event> {
    CONNS.with(|c| {
        c.borrow()
            .get(&id)
            .map(|conn| conn.events.borrow_mut().drain(..).collect())
            .unwrap_or_default()
    })
}

fn send(id: u64, msg: &ClientMsg) -> bool {
    CONNS.with(|c| {
        c.borrow()
            .get(&id)
            .is_some_and(|conn| conn.ws.send_with_str(&net::encode_client(msg)).is_ok())
    })
}

fn close(id: u64) {
    if let Some(conn) = CONNS.with(|c| c.borrow_mut().remove(&id)) {
        conn.ws.set_onclose(None);
        let _ = conn.ws.close();
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    /// Waiting for the connection to open.
    Connecting,
    /// `join` sent, waiting for `joined`.
    Joining,
    /// Joined, waiting for the class status that follows.
    Status,
    /// Playing: moves go, answers come.
    Open,
    /// The connection dropped: try again at this time.
    Down(f64),
    /// The link has stopped (a refusal it cannot get past).
    Stopped,
}

/// The link, from the game's side.
pub struct Link {
    url: String,
    server: String,
    code: String,
    name: String,
    conn: Option<u64>,
    stage: Stage,
    outbox: Outbox,
    log: Vec<Command>,
    /// The first join's answer, waiting for the class status after it.
    first: Option<Joined>,
    joined_once: bool,
    down_said: bool,
    /// After a refusal, moves go again from this time.
    hold_until: f64,
    sent_len: usize,
    /// Moves the server has stored.
    pub stored: u64,
    /// What the teacher has set, as last heard.
    pub status: ClassStatus,
    /// The connection is down (moves wait).
    pub offline: bool,
}

impl Link {
    /// Starts joining `code` as `name` at `server`; the answer comes from [`Link::poll`].
    pub fn start(server: &str, code: &str, name: &str) -> Link {
        let url = play_url(server);
        let mut link = Link {
            url,
            server: server.trim().to_string(),
            code: code.trim().to_uppercase(),
            name: name.to_string(),
            conn: None,
            stage: Stage::Connecting,
            outbox: Outbox::default(),
            log: Vec::new(),
            first: None,
            joined_once: false,
            down_said: false,
            hold_until: 0.0,
            sent_len: 0,
            stored: 0,
            status: ClassStatus::default(),
            offline: false,
        };
        link.connect();
        link
    }

    fn connect(&mut self) {
        match open(&self.url) {
            Ok(id) => {
                self.conn = Some(id);
                self.stage = Stage::Connecting;
            }
            Err(_) => self.stage = Stage::Down(now_ms() + 2000.0),
        }
    }

    /// The game's log after a move: the new moves go to the server on the next poll.
    pub fn sent(&mut self, log: &[Command]) {
        if log.len() != self.sent_len {
            self.sent_len = log.len();
            self.log = log.to_vec();
        }
    }

    /// The class server's address, as given.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Moves not yet stored by the server.
    pub fn waiting(&self) -> u64 {
        (self.sent_len as u64).saturating_sub(self.stored)
    }

    /// Joins, sends, reads and comes back; what was heard since the last call.
    pub fn poll(&mut self) -> Vec<Note> {
        let mut out = Vec::new();
        if let Stage::Down(at) = self.stage
            && now_ms() >= at
        {
            self.connect();
        }
        let Some(id) = self.conn else {
            return out;
        };
        for e in events(id) {
            match e {
                Event::Open => {
                    let join = ClientMsg::Join {
                        version: PROTOCOL_VERSION,
                        code: self.code.clone(),
                        name: self.name.clone(),
                    };
                    if send(id, &join) {
                        self.stage = Stage::Joining;
                    }
                }
                Event::Text(t) => match net::decode_server(&t) {
                    Ok(msg) => self.heard(msg, &mut out),
                    Err(e) => out.push(Note::Said(format!("The class server: {e}"))),
                },
                Event::Closed => self.dropped(&mut out),
            }
            if self.stage == Stage::Stopped {
                close(id);
                self.conn = None;
                return out;
            }
        }
        if self.stage == Stage::Open && now_ms() >= self.hold_until {
            for m in self.outbox.to_send(&self.log) {
                if !send(id, &m) {
                    self.dropped(&mut out);
                    break;
                }
            }
        }
        out
    }

    fn dropped(&mut self, out: &mut Vec<Note>) {
        if let Some(id) = self.conn.take() {
            close(id);
        }
        if !self.joined_once {
            out.push(Note::Failed(format!("cannot reach {}", self.url)));
            self.stage = Stage::Stopped;
            return;
        }
        self.outbox.disconnected();
        self.offline = true;
        if !self.down_said {
            out.push(Note::Said(format!(
                "{DROPPED} Play on: your moves are kept and sent when it is back."
            )));
            self.down_said = true;
        }
        self.stage = Stage::Down(now_ms() + 1000.0);
    }

    fn heard(&mut self, msg: ServerMsg, out: &mut Vec<Note>) {
        match (self.stage, msg) {
            (Stage::Joining, msg @ ServerMsg::Joined { .. }) => {
                let Ok(j) = Joined::of(msg, &self.code, ClassStatus::default()) else {
                    return;
                };
                if self.joined_once {
                    if matches!(
                        self.outbox.joined(&j.commands, &self.log),
                        Resume::Adopt | Resume::Conflict
                    ) {
                        out.push(Note::Said(ELSEWHERE.into()));
                        self.stage = Stage::Stopped;
                        return;
                    }
                } else {
                    self.outbox.joined(&j.commands, &j.commands);
                    self.log = j.commands.clone();
                    self.sent_len = j.commands.len();
                    self.stored = j.commands.len() as u64;
                    self.name = j.name.clone();
                    self.first = Some(j);
                }
                self.stage = Stage::Status;
            }
            (Stage::Joining, other) => {
                out.push(if self.joined_once {
                    Note::Said(refusal(other))
                } else {
                    not_joined(other)
                });
                self.stage = Stage::Stopped;
            }
            (Stage::Status, ServerMsg::Class(status)) => {
                self.outbox.status(&status);
                self.status = status.clone();
                self.stage = Stage::Open;
                self.offline = false;
                if let Some(mut j) = self.first.take() {
                    j.status = status;
                    self.joined_once = true;
                    out.push(Note::Joined(Box::new(j)));
                } else {
                    out.push(Note::Status(status));
                    if self.down_said {
                        out.push(Note::Said(format!("{BACK}: your moves are being sent.")));
                        self.down_said = false;
                    }
                }
            }
            (_, msg) => {
                if let ServerMsg::Class(s) = &msg {
                    self.status = s.clone();
                    out.push(Note::Status(s.clone()));
                }
                if let Some(why) = self.outbox.answer(&msg) {
                    out.push(Note::Said(format!("The class server: {why}")));
                    self.hold_until = now_ms() + 1000.0;
                }
                self.stored = self.outbox.acked();
                out.push(Note::Stored(self.stored));
            }
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        if let Some(id) = self.conn.take() {
            close(id);
        }
    }
}
