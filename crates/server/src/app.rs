//! The server: the students' WebSocket (`/play`), the teacher's pages (`/teacher…`, see
//! [`crate::teacher`]) and the browser page (the built `web/dist`, when there is one). Nothing a
//! game needs lives only in this process: every command is in the database before it is
//! acknowledged, and what the teacher sets (pause, deadline, end) is too — a second server on the
//! same PostgreSQL database sees it within [`STATUS_POLL`].

use crate::class::{self, Seat};
use crate::limits::{Bucket, Failures};
use crate::protocol::{self, ClassStatus, ClientMsg, MAX_MESSAGE, ServerMsg};
use crate::store::Store;
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use qpq_core::sim::game::Game;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How often the server reads what the teacher set from the database (for a second server).
pub const STATUS_POLL: Duration = Duration::from_secs(2);

/// Seconds since 1970, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The server's shared state.
pub struct Server {
    /// The database.
    pub store: Store,
    /// The teacher secret: the teacher's pages need it.
    pub secret: String,
    /// The built browser page, if there is one.
    pub web: Option<PathBuf>,
    /// What the teacher set for each session, watched by its students' connections.
    classes: Mutex<HashMap<String, watch::Sender<ClassStatus>>>,
    /// Wrong codes and secrets by computer.
    pub failures: Failures,
    /// Games replayed for the teacher's monitor, by id (a cache: the log is the truth).
    pub replayed: Mutex<HashMap<i64, Game>>,
}

impl Server {
    /// A server on `store`.
    pub fn new(store: Store, secret: String, web: Option<PathBuf>) -> Arc<Server> {
        Arc::new(Server {
            store,
            secret,
            web,
            classes: Mutex::new(HashMap::new()),
            failures: Failures::default(),
            replayed: Mutex::new(HashMap::new()),
        })
    }

    /// What the teacher has set for a session, to watch.
    pub fn watch(&self, code: &str, stored: &ClassStatus) -> watch::Receiver<ClassStatus> {
        let mut classes = self
            .classes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        classes
            .entry(code.to_string())
            .or_insert_with(|| watch::channel(stored.clone()).0)
            .subscribe()
    }

    /// Tells a session's students what the teacher set (after it is stored).
    pub fn announce(&self, code: &str, status: &ClassStatus) {
        let classes = self
            .classes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tx) = classes.get(code) {
            tx.send_if_modified(|s| {
                let changed = s != status;
                *s = status.clone();
                changed
            });
        }
    }

    /// Reads what the teacher set from the database every [`STATUS_POLL`], so what another
    /// server on the same database set reaches this one's students too.
    pub fn poll_statuses(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let server = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(STATUS_POLL).await;
                let watched: Vec<String> = {
                    let classes = server
                        .classes
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    classes.keys().cloned().collect()
                };
                for code in watched {
                    if let Ok(s) = server.store.session(&code).await {
                        server.announce(&code, &s.status);
                    }
                }
            }
        })
    }
}

/// Every route of the server.
pub fn router(server: Arc<Server>) -> Router {
    let app = Router::new()
        .route("/play", get(play))
        .route("/health", get(|| async { "ok" }))
        .merge(crate::teacher::routes());
    let app = match &server.web {
        Some(dir) => app.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => app.fallback(no_page),
    };
    app.with_state(server)
}

/// The page at `/` when no browser build is there: how to build it, and how to join meanwhile.
async fn no_page(uri: axum::http::Uri) -> Response {
    if uri.path() != "/" {
        return (axum::http::StatusCode::NOT_FOUND, "Not found.").into_response();
    }
    Html(crate::teacher::page(
        "Quid Pro Quo",
        "<h1>Quid Pro Quo: class server</h1>\
         <p>This server has no browser build of the game to serve. To serve it, build the page \
         once with <code>web/build.sh</code> (it writes <code>web/dist</code>) and start the \
         server again from the project's folder.</p>\
         <p>Meanwhile students can join from the desktop game (<em>Join a class</em> on the main \
         menu) or from a terminal:</p>\
         <pre>quid-pro-quo play --text --join CODE --name \"Your name\" --server URL</pre>\
         <p>Teachers: open the teacher link the server printed when it started.</p>",
    ))
    .into_response()
}

/// The students' WebSocket.
async fn play(
    ws: WebSocketUpgrade,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    State(server): State<Arc<Server>>,
) -> Response {
    ws.max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| student(socket, server, addr.ip()))
}

async fn send(socket: &mut WebSocket, msg: &ServerMsg) -> bool {
    socket
        .send(Message::Text(protocol::encode(msg).into()))
        .await
        .is_ok()
}

/// One student's connection: join, then commands, with what the teacher sets pushed as it
/// changes. The connection reads and writes only its own game.
async fn student(mut socket: WebSocket, server: Arc<Server>, ip: IpAddr) {
    let mut seat: Option<Seat> = None;
    let mut status_rx: Option<watch::Receiver<ClassStatus>> = None;
    let mut bucket = Bucket::for_student(Instant::now());
    loop {
        let changed = async {
            match status_rx.as_mut() {
                Some(rx) => rx.changed().await.is_ok(),
                None => std::future::pending().await,
            }
        };
        let incoming = tokio::select! {
            m = socket.recv() => m,
            ok = changed => {
                if !ok {
                    status_rx = None;
                    continue;
                }
                let status = status_rx.as_mut().map(|rx| rx.borrow_and_update().clone());
                if let Some(status) = status
                    && !send(&mut socket, &ServerMsg::Class(status)).await
                {
                    return;
                }
                continue;
            }
        };
        let bytes = match incoming {
            Some(Ok(Message::Text(t))) => t.as_bytes().to_vec(),
            Some(Ok(Message::Binary(b))) => b.to_vec(),
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
            Some(Ok(_)) => continue,
        };
        let decoded = protocol::decode(&bytes);
        if !bucket.take(Instant::now()) {
            let why = "too many messages at once: the game sends them again in a moment".into();
            let answer = match (&decoded, &seat) {
                (Ok(ClientMsg::Command { turn, .. }), Some(s)) => ServerMsg::Refused {
                    turn: *turn,
                    next: s.game.commands().len() as u64,
                    why,
                },
                _ => ServerMsg::Error { why },
            };
            if !send(&mut socket, &answer).await {
                return;
            }
            continue;
        }
        let answer = match decoded {
            Err(e) => ServerMsg::Error { why: e.to_string() },
            Ok(ClientMsg::Join {
                version,
                code,
                name,
            }) => {
                if let Some(wait) = server.failures.wait(ip, Instant::now()) {
                    ServerMsg::Error {
                        why: format!(
                            "too many wrong codes from this computer: try again in {} seconds",
                            wait.as_secs() + 1
                        ),
                    }
                } else {
                    let seed = rand::random::<u32>() as u64;
                    let (msg, joined) =
                        class::join(&server.store, version, &code, &name, seed, now()).await;
                    match joined {
                        Some((s, stored)) => {
                            let rx = server.watch(&s.code, &stored);
                            let status = rx.borrow().clone();
                            status_rx = Some(rx);
                            seat = Some(s);
                            if !send(&mut socket, &msg).await {
                                return;
                            }
                            ServerMsg::Class(status)
                        }
                        None => {
                            if matches!(msg, ServerMsg::Error { .. }) {
                                server.failures.failed(ip, Instant::now());
                            }
                            msg
                        }
                    }
                }
            }
            Ok(ClientMsg::Command { turn, command }) => match seat.as_mut() {
                None => ServerMsg::Error {
                    why: "join a class first: a command needs a game".into(),
                },
                Some(s) => {
                    let status = status_rx
                        .as_ref()
                        .map(|rx| rx.borrow().clone())
                        .unwrap_or_default();
                    match class::command(&server.store, s, &status, turn, command, now()).await {
                        Ok(m) => m,
                        Err(e) => ServerMsg::Refused {
                            turn,
                            next: s.game.commands().len() as u64,
                            why: format!("the move was not stored ({e}): it is sent again"),
                        },
                    }
                }
            },
        };
        if !send(&mut socket, &answer).await {
            return;
        }
    }
}
