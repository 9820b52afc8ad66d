//! A simulated student: a real WebSocket client that joins a session, plays the U.S. chair with a
//! built-in strategy and think time, keeps its own copy of the game as the real clients do, and
//! sends each command through the same [`Outbox`] — so when the server goes away it waits,
//! reconnects, and resends what was not stored, once and in order. The load generator
//! (`qpq-load`) and the server's tests drive the server with it.

use crate::protocol::{self, ClassStatus, ClientMsg, Outbox, PROTOCOL_VERSION, Resume, ServerMsg};
use futures_util::{SinkExt, StreamExt};
use qpq_core::ai::strategies;
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::{Command, Game};
use qpq_core::sim::rng::{GameRng, Stream};
use std::collections::VecDeque;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// What a simulated student does.
#[derive(Debug, Clone)]
pub struct BotSpec {
    /// The server's WebSocket address: `ws://127.0.0.1:8080/play`.
    pub url: String,
    /// The join code.
    pub code: String,
    /// The student's name.
    pub name: String,
    /// The U.S. strategy it plays (`quid-pro-quo`, …).
    pub strategy: String,
    /// Think time before each command: at least, at most.
    pub think: (Duration, Duration),
    /// Stop after this many rounds (the game's end otherwise).
    pub rounds: u32,
    /// Seed of its think times and its strategy's coin flips.
    pub seed: u64,
    /// Give up when the server has not answered for this long.
    pub patience: Duration,
}

/// What happened to a simulated student.
#[derive(Debug, Clone, Default)]
pub struct BotRun {
    /// Round trip of each acknowledged command (sent → `ack`), including the AI's turn after
    /// an `End`.
    pub round_trips: Vec<Duration>,
    /// Times it lost the connection and came back.
    pub reconnects: u32,
    /// For each time it lost the connection: how long until it had rejoined its game.
    pub outages: Vec<Duration>,
    /// Its own log, as its game holds it.
    pub log: Vec<Command>,
    /// Its game id on the server.
    pub game_id: i64,
    /// Its game's state hash at the end.
    pub hash: String,
    /// The game is over.
    pub finished: bool,
    /// Commands the server refused for a reason other than a duplicate (paused, limits).
    pub refusals: Vec<String>,
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A tiny generator for think times (the game's own generator is for the game).
fn next_u64(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn recv(ws: &mut Socket, within: Duration) -> Result<ServerMsg, String> {
    loop {
        let m = tokio::time::timeout(within, ws.next())
            .await
            .map_err(|_| format!("no answer for {} s", within.as_secs()))?;
        match m {
            Some(Ok(Message::Text(t))) => {
                return protocol::decode_server(t.as_str()).map_err(|e| e.to_string());
            }
            Some(Ok(Message::Close(_))) | None => return Err("the server closed".into()),
            Some(Err(e)) => return Err(e.to_string()),
            Some(Ok(_)) => {}
        }
    }
}

async fn send(ws: &mut Socket, msg: &ClientMsg) -> Result<(), String> {
    ws.send(Message::Text(protocol::encode_client(msg).into()))
        .await
        .map_err(|e| e.to_string())
}

/// Connects and joins, retrying until the server answers (or `patience` runs out); the game
/// comes from the first join, and later joins resume it through the outbox.
async fn join(
    spec: &BotSpec,
    game: &mut Option<Game>,
    outbox: &mut Outbox,
    run: &mut BotRun,
) -> Result<(Socket, ClassStatus), String> {
    let start = Instant::now();
    loop {
        let attempt = async {
            let (mut ws, _) = tokio_tungstenite::connect_async(&spec.url)
                .await
                .map_err(|e| e.to_string())?;
            send(
                &mut ws,
                &ClientMsg::Join {
                    version: PROTOCOL_VERSION,
                    code: spec.code.clone(),
                    name: spec.name.clone(),
                },
            )
            .await?;
            let joined = recv(&mut ws, spec.patience).await?;
            Ok::<_, String>((ws, joined))
        };
        match attempt.await {
            Ok((
                mut ws,
                ServerMsg::Joined {
                    game: id,
                    level_id,
                    level_hash,
                    variant,
                    seed,
                    difficulty,
                    commands,
                    ..
                },
            )) => {
                run.game_id = id;
                match game {
                    None => {
                        let loaded = crate::class::level(&level_id, &variant)?;
                        if loaded.rules.content_hash != level_hash {
                            return Err("the server plays another version of the level".into());
                        }
                        let d = Difficulty::from_id(&difficulty).unwrap_or_default();
                        *game = Some(crate::class::replay(&loaded, seed, d, "us", &commands));
                        outbox.joined(&commands, &commands);
                    }
                    Some(g) => match outbox.joined(&commands, g.commands()) {
                        Resume::SendFrom(_) => {}
                        Resume::Adopt | Resume::Conflict => {
                            return Err(format!(
                                "the server's log ({}) is not this student's ({})",
                                commands.len(),
                                g.commands().len()
                            ));
                        }
                    },
                }
                let status = match recv(&mut ws, spec.patience).await? {
                    ServerMsg::Class(s) => s,
                    other => return Err(format!("after joining: {other:?}")),
                };
                outbox.status(&status);
                return Ok((ws, status));
            }
            Ok((_, other)) => return Err(format!("could not join: {other:?}")),
            Err(_) if start.elapsed() < spec.patience => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(format!("the server did not come back: {e}")),
        }
    }
}

/// Plays a whole game (or `rounds` rounds) as one student.
pub async fn play(spec: BotSpec) -> Result<BotRun, String> {
    let mut run = BotRun::default();
    let mut game: Option<Game> = None;
    let mut outbox = Outbox::default();
    let mut strategy = strategies::by_id(&spec.strategy)
        .ok_or_else(|| format!("no strategy `{}`", spec.strategy))?;
    let mut rng = GameRng::new(spec.seed, Stream::Strategy);
    let mut dice = spec.seed | 1;
    let mut planned: VecDeque<Command> = VecDeque::new();
    let (mut ws, mut status) = join(&spec, &mut game, &mut outbox, &mut run).await?;
    loop {
        let Some(g) = game.as_mut() else {
            return Err("no game".into());
        };
        if status.ended {
            break;
        }
        let all_stored = outbox.waiting(g.commands().len()) == 0;
        if all_stored && !status.paused {
            if g.over().is_some() || g.round() > spec.rounds {
                break;
            }
            if planned.is_empty() {
                let rules = g.rules_arc().clone();
                planned.extend(strategy.plan(&strategies::seen_of(g, &rules), &mut rng));
                planned.push_back(Command::End);
            }
            let (lo, hi) = spec.think;
            let span = hi.saturating_sub(lo).as_millis() as u64;
            let think = lo
                + Duration::from_millis(if span == 0 {
                    0
                } else {
                    next_u64(&mut dice) % span
                });
            tokio::time::sleep(think).await;
            if let Some(cmd) = planned.pop_front() {
                // A command this game does not take is skipped, as a student would retry.
                let _ = g.command(cmd);
            }
        }
        let sent_at = Instant::now();
        let mut failed = None;
        for m in outbox.to_send(g.commands()) {
            if let Err(e) = send(&mut ws, &m).await {
                failed = Some(e);
                break;
            }
        }
        // Wait for the answers (or what the teacher sets).
        while failed.is_none() && outbox.waiting(g.commands().len()) > 0 && !status.paused {
            match recv(&mut ws, spec.patience).await {
                Ok(msg) => {
                    if let ServerMsg::Ack { .. } = msg {
                        run.round_trips.push(sent_at.elapsed());
                    }
                    if let ServerMsg::Class(s) = &msg {
                        status = s.clone();
                    }
                    if let Some(why) = outbox.answer(&msg) {
                        run.refusals.push(why);
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        break;
                    }
                }
                Err(e) => failed = Some(e),
            }
        }
        if status.paused && failed.is_none() {
            // Wait for the teacher to go on.
            match recv(&mut ws, spec.patience).await {
                Ok(ServerMsg::Class(s)) => {
                    outbox.status(&s);
                    status = s;
                }
                Ok(_) => {}
                Err(e) => failed = Some(e),
            }
        }
        if failed.is_some() {
            let lost = Instant::now();
            outbox.disconnected();
            run.reconnects += 1;
            let (w, s) = join(&spec, &mut game, &mut outbox, &mut run).await?;
            run.outages.push(lost.elapsed());
            ws = w;
            status = s;
        }
    }
    let g = game.ok_or("no game")?;
    run.log = g.commands().to_vec();
    run.hash = g.hash();
    run.finished = g.over().is_some();
    let _ = ws.close(None).await;
    Ok(run)
}
