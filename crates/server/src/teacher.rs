//! The teacher's pages: plain server-rendered HTML that works on a Chromebook and reads on a
//! projector, behind the teacher secret the server prints at start (the link sets a cookie).
//!
//! - `/teacher` — open a session (level, length, difficulty, assumptions, a roster) and the list
//!   of sessions.
//! - `/teacher/s/CODE` — the join code in large type, and the live monitor: who has joined, each
//!   student's round, the nearest danger, the score so far, the last move and who is stuck,
//!   updated every two seconds (server-sent events; a plain reload works too). Pause, go on,
//!   set a deadline for the round, end the session.
//! - `/teacher/s/CODE/report` — the class report (the page `class-report` makes), with each
//!   student's own debrief a click away; `games.csv` — the class table as CSV; `records.zip` —
//!   every student's game record, which `quid-pro-quo replay` checks on the desktop.

#![allow(
    clippy::result_large_err,
    reason = "a page that refuses is a whole response, returned at once by every handler"
)]

use crate::app::{Server, now};
use crate::class::{self, SessionSpec};
use crate::protocol::ClassStatus;
use crate::store::{GameRow, SessionRow};
use axum::Router;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use qpq_core::analysis::class::ClassView;
use qpq_core::analysis::document::html_escape as esc;
use qpq_core::analysis::record::GameRecord;
use qpq_core::level::{Loaded, PRESETS, SHIPPED};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::Game;
use qpq_core::sim::seat::UsSeat;
use serde::Deserialize;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A student with no move for this long, in a game not over, is shown as stuck.
pub const STUCK_AFTER: i64 = 180;
/// How often the monitor is brought up to date.
pub const MONITOR_EVERY: Duration = Duration::from_secs(2);
/// The cookie that carries the teacher secret.
const COOKIE: &str = "qpq_teacher";

/// The teacher's routes.
pub fn routes() -> Router<Arc<Server>> {
    Router::new()
        .route("/teacher", get(home))
        .route("/teacher/sessions", post(create))
        .route("/teacher/s/{code}", get(monitor))
        .route("/teacher/s/{code}/events", get(events))
        .route("/teacher/s/{code}/status", post(set_status))
        .route("/teacher/s/{code}/report", get(report))
        .route("/teacher/s/{code}/games.csv", get(csv))
        .route("/teacher/s/{code}/records.zip", get(records))
        .route("/teacher/s/{code}/debrief/{game}", get(debrief))
        .route("/teacher/packet/{level}", get(packet))
}

/// A whole page: large type, high contrast, no script needed to read it.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>{body}</body></html>\n",
        esc(title)
    )
}

const CSS: &str = "body{font-family:system-ui,sans-serif;font-size:18px;line-height:1.45;\
max-width:70rem;margin:1rem auto;padding:0 1rem;color:#111;background:#fff}\
h1{font-size:1.7rem}h2{font-size:1.3rem;margin-top:2rem}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #bbb;padding:.35rem .5rem;text-align:left}\
th{background:#eee}td.n{text-align:right}.code{font-size:4rem;font-weight:700;letter-spacing:.4rem;margin:.2rem 0;\
font-family:ui-monospace,monospace}.big{font-size:1.4rem}.stuck{background:#fde2e2}.done{color:#555}\
.behind{background:#fff4cc}button,select,input,textarea{font-size:1rem;padding:.35rem .6rem}\
form.inline{display:inline-block;margin:0 .5rem .5rem 0}label{display:block;margin:.6rem 0}\
.note{color:#444}.paused{background:#222;color:#fff;padding:.5rem 1rem;font-size:1.3rem}\
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto}";

fn cookie_secret(headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == COOKIE).then(|| v.to_string())
    })
}

/// Compares without leaking, by its time, how much of the secret was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A request that carries the teacher secret; any other gets the page that says how to get in.
pub struct Teacher;

impl axum::extract::FromRequestParts<Arc<Server>> for Teacher {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        server: &Arc<Server>,
    ) -> Result<Teacher, Response> {
        let ConnectInfo(addr) =
            <ConnectInfo<SocketAddr> as axum::extract::FromRequestParts<_>>::from_request_parts(
                parts, server,
            )
            .await
            .map_err(IntoResponse::into_response)?;
        teacher(server, &parts.headers, addr).map(|()| Teacher)
    }
}

/// `Ok` when the request carries the teacher secret; otherwise the page that says how to get in.
fn teacher(server: &Server, headers: &HeaderMap, addr: SocketAddr) -> Result<(), Response> {
    if cookie_secret(headers).is_some_and(|s| same(&s, &server.secret)) {
        return Ok(());
    }
    server.failures.failed(addr.ip(), Instant::now());
    Err(refused())
}

fn refused() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Html(page(
            "Teacher's pages",
            "<h1>The teacher's pages need the teacher link</h1>\
             <p>Open the link the class server printed when it started (it ends in \
             <code>/teacher?key=…</code>). Students join from the game, with the session's code.</p>",
        )),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Key {
    key: Option<String>,
}

async fn home(
    State(server): State<Arc<Server>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<Key>,
) -> Response {
    if let Some(key) = q.key {
        if server.failures.wait(addr.ip(), Instant::now()).is_none() && same(&key, &server.secret) {
            let cookie = format!("{COOKIE}={key}; Path=/teacher; HttpOnly; SameSite=Strict");
            return ([(header::SET_COOKIE, cookie)], Redirect::to("/teacher")).into_response();
        }
        server.failures.failed(addr.ip(), Instant::now());
        return refused();
    }
    if let Err(r) = teacher(&server, &headers, addr) {
        return r;
    }
    let sessions = server.store.sessions().await.unwrap_or_default();
    let mut body = String::from("<h1>Quid Pro Quo: your class sessions</h1>");
    body.push_str(&new_session_form());
    body.push_str("<p>Teacher's packets (a lesson plan for one class period, discussion questions, a grading rubric; printable): ");
    let packets: Vec<String> = SHIPPED
        .iter()
        .filter(|(id, _)| {
            class::level(id, &Default::default()).is_ok_and(|l| l.rules.teacher.is_some())
        })
        .map(|(id, _)| format!("<a href=\"/teacher/packet/{id}\">{id}</a>"))
        .collect();
    body.push_str(&packets.join(" · "));
    body.push_str("</p>");
    body.push_str("<h2>Sessions</h2>");
    if sessions.is_empty() {
        body.push_str("<p>None yet: open one above.</p>");
    } else {
        body.push_str(
            "<table><tr><th>code</th><th>level</th><th>difficulty</th><th>students</th><th>state</th></tr>",
        );
        for s in &sessions {
            let n = server
                .store
                .games(&s.code)
                .await
                .map(|g| g.len())
                .unwrap_or(0);
            let _ = write!(
                body,
                "<tr><td><a href=\"/teacher/s/{c}\">{c}</a></td><td>{}</td><td>{}</td><td class=\"n\">{n}</td><td>{}</td></tr>",
                esc(&s.level_id),
                esc(&s.difficulty),
                state_word(&s.status),
                c = esc(&s.code),
            );
        }
        body.push_str("</table>");
    }
    Html(page("Class sessions", &body)).into_response()
}

fn state_word(s: &ClassStatus) -> &'static str {
    if s.ended {
        "ended"
    } else if s.paused {
        "paused"
    } else {
        "open"
    }
}

fn new_session_form() -> String {
    let mut levels = String::new();
    for (id, _) in SHIPPED {
        let title = class::level(id, &Default::default())
            .map(|l| l.rules.title.clone())
            .unwrap_or_default();
        let selected = if *id == "april-2000" { " selected" } else { "" };
        let _ = write!(
            levels,
            "<option value=\"{id}\"{selected}>{} ({id})</option>",
            esc(&title)
        );
    }
    let mut presets = String::from("<option value=\"\">the level's own</option>");
    for (id, _) in PRESETS {
        let _ = write!(presets, "<option value=\"{id}\">{id}</option>");
    }
    format!(
        "<h2>Open a session</h2><form method=\"post\" action=\"/teacher/sessions\">\
         <label>Level <select name=\"level\">{levels}</select></label>\
         <label>Length <select name=\"length\"><option value=\"class\">a class period (the level's \
         class length, where it has one)</option><option value=\"\">as the level is written</option>\
         </select></label>\
         <label>Difficulty <select name=\"difficulty\"><option value=\"easy\">easy</option>\
         <option value=\"normal\" selected>normal</option><option value=\"hard\">hard</option></select></label>\
         <label>Assumptions <select name=\"preset\">{presets}</select></label>\
         <label>Students sit in <select name=\"chair\"><option value=\"us\" selected>the U.S. chair \
         (against the AI of the other side)</option><option value=\"opponent\">the other side's chair \
         (Pyongyang in the Korean chapters, against an AI Washington)</option><option value=\"half\">\
         half the class in each chair, in the order they join</option></select></label>\
         <label>Class list (optional: one name per line; students pick theirs from it, and \
         anyone with the join code sees it — first names are enough)<br>\
         <textarea name=\"roster\" rows=\"5\" cols=\"40\"></textarea></label>\
         <p class=\"note\">The AI opposite each student plays at the session's difficulty.</p>\
         <button type=\"submit\">Open the session</button></form>"
    )
}

#[derive(Deserialize)]
struct NewSession {
    level: String,
    #[serde(default)]
    length: String,
    difficulty: String,
    #[serde(default)]
    preset: String,
    #[serde(default)]
    roster: String,
    #[serde(default)]
    chair: Option<String>,
}

async fn create(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Form(f): Form<NewSession>,
) -> Response {
    let mut spec = SessionSpec::new(&f.level);
    let Some(difficulty) = Difficulty::from_id(&f.difficulty) else {
        return bad(&format!("unknown difficulty `{}`", f.difficulty));
    };
    spec.difficulty = difficulty;
    // "class": the level's class-period length when it has one.
    spec.length = match f.length.as_str() {
        "" => None,
        l => class::level(&f.level, &Default::default())
            .ok()
            .and_then(|lv| {
                lv.level
                    .lengths
                    .iter()
                    .any(|x| x.id == l)
                    .then(|| l.to_string())
            }),
    };
    spec.preset = (!f.preset.is_empty()).then(|| f.preset.clone());
    spec.chair = f.chair.clone().unwrap_or_else(|| "us".to_string());
    spec.roster = f
        .roster
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().take(60).collect())
        .collect();
    match class::open_session(&server.store, &spec, now()).await {
        Ok(code) => Redirect::to(&format!("/teacher/s/{code}")).into_response(),
        Err(why) => bad(&why),
    }
}

fn bad(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(page(
            "Not done",
            &format!(
                "<h1>That was not done</h1><p>{}</p><p><a href=\"/teacher\">Back</a></p>",
                esc(why)
            ),
        )),
    )
        .into_response()
}

async fn session_of(server: &Server, code: &str) -> Result<(SessionRow, Loaded), Response> {
    let s = server
        .store
        .session(&code.to_uppercase())
        .await
        .map_err(|e| {
            (
                StatusCode::NOT_FOUND,
                Html(page("No session", &esc(&e.to_string()))),
            )
                .into_response()
        })?;
    let loaded = class::level_of(&s).map_err(|e| bad(&e))?;
    Ok((s, loaded))
}

/// One student's game as the monitor shows it.
pub struct Line {
    /// The stored row.
    pub row: GameRow,
    /// The game, replayed.
    pub game: Game,
}

/// Every game of a session, replayed (from the cache where it is up to date).
pub async fn lines(server: &Server, s: &SessionRow, loaded: &Loaded) -> Vec<Line> {
    let rows = server.store.games(&s.code).await.unwrap_or_default();
    let difficulty = Difficulty::from_id(&s.difficulty).unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let cached = {
            let cache = server
                .replayed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache.get(&row.id).cloned()
        };
        let game = match cached {
            Some(g) if g.commands().len() as u64 == row.commands => g,
            cached => {
                let log = server.store.commands(row.id).await.unwrap_or_default();
                let game = match cached {
                    // The cached game is a beginning of the log: play on from it.
                    Some(mut g) if log.starts_with(g.commands()) => {
                        for c in &log[g.commands().len()..] {
                            let _ = g.command(c.clone());
                        }
                        g
                    }
                    _ => class::replay(loaded, row.seed, difficulty, &row.side, &log),
                };
                server
                    .replayed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(row.id, game.clone());
                game
            }
        };
        out.push(Line { row, game });
    }
    out
}

fn ago(secs: i64) -> String {
    match secs {
        s if s < 60 => format!("{s} s ago"),
        s if s < 3600 => format!("{} min ago", s / 60),
        s => format!("{} h ago", s / 3600),
    }
}

/// The monitor's table body.
pub fn rows_html(s: &SessionRow, lines: &[Line], now: i64) -> String {
    if lines.is_empty() {
        return "<tr><td colspan=\"8\">No student has joined yet.</td></tr>".to_string();
    }
    let rounds: Vec<u32> = lines.iter().map(|l| l.game.round()).collect();
    let lead = rounds.iter().copied().max().unwrap_or(1);
    let mut out = String::new();
    for l in lines {
        let g = &l.game;
        let seat = UsSeat::of(g);
        let over = g.over();
        let danger = seat
            .progress()
            .dangers
            .iter()
            .max_by_key(|d| d.fill)
            .map(|d| format!("{} {}%", d.label.to_lowercase(), d.fill))
            .unwrap_or_default();
        // The score of the chair the student sits in.
        let score = if l.row.side == "opponent" {
            let r = qpq_core::sim::seat::OpponentSeat::of(g).score();
            (r.total, r.grade)
        } else {
            let u = g.score();
            (u.total, u.grade)
        };
        let idle = now - l.row.last_at;
        let stuck = over.is_none() && idle >= STUCK_AFTER;
        let behind = over.is_none()
            && (g.round() + 1 < lead
                || s.status
                    .deadline
                    .is_some_and(|d| now > d && g.round() < lead));
        let class = if over.is_some() {
            "done"
        } else if stuck {
            "stuck"
        } else if behind {
            "behind"
        } else {
            ""
        };
        let state = match over {
            Some(o) => o.label().to_string(),
            None if stuck => format!("stuck? no move for {}", ago(idle).trim_end_matches(" ago")),
            None if behind => "behind the class".to_string(),
            None => "playing".to_string(),
        };
        let name = if over.is_some() {
            format!(
                "<a href=\"/teacher/s/{}/debrief/{}\">{}</a>",
                esc(&s.code),
                l.row.id,
                esc(&l.row.player)
            )
        } else {
            esc(&l.row.player)
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td>{name}</td><td class=\"n\">{} of {}</td><td>{}</td><td>{}</td><td class=\"n\">{} ({})</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            g.round(),
            g.rules().rounds,
            esc(&state),
            esc(&danger),
            score.0,
            score.1,
            l.row.commands,
            ago(idle.max(0)),
            if l.row.side == "us" {
                "U.S."
            } else {
                "other side"
            },
        );
    }
    out
}

async fn monitor(
    _: Teacher,
    State(server): State<Arc<Server>>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let (s, loaded) = match session_of(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lines = lines(&server, &s, &loaded).await;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("this-server:8080");
    let code = esc(&s.code);
    let mut body = String::new();
    if s.status.ended {
        body.push_str("<p class=\"paused\">This session has ended: no more moves are taken.</p>");
    } else if s.status.paused {
        body.push_str("<p class=\"paused\">Paused: students' moves wait until you go on.</p>");
    }
    // With a class list students pick their name from it; without, they type it.
    let (your_name, name_flag) = if s.roster.is_empty() {
        ("then the code and your name", " --name \"Your name\"")
    } else {
        ("then the code, and pick your name from the list", "")
    };
    let _ = write!(
        body,
        "<h1>{} — {} difficulty</h1>\
         <p class=\"big\">Join code</p><p class=\"code\" aria-label=\"join code\">{code}</p>\
         <p class=\"big\">In the game: <strong>Join a class</strong>, {your_name}. \
         In a browser: <strong>http://{}/</strong>. In a terminal: \
         <code>quid-pro-quo play --text --join {code}{} --server http://{}</code></p>",
        esc(&loaded.rules.title),
        esc(&s.difficulty),
        esc(host),
        esc(name_flag),
        esc(host),
    );
    if !s.roster.is_empty() {
        let _ = write!(
            body,
            "<p class=\"note\">Class list: {}</p>",
            esc(&s.roster.join(", "))
        );
    }
    let deadline = s
        .status
        .deadline
        .filter(|_| !s.status.ended)
        .map(|d| {
            let left = d - now();
            if left > 0 {
                format!(
                    "<p class=\"big\">Round deadline: {}:{:02} left.</p>",
                    left / 60,
                    left % 60
                )
            } else {
                "<p class=\"big\">The round deadline has passed.</p>".to_string()
            }
        })
        .unwrap_or_default();
    body.push_str(&deadline);
    if !s.status.ended {
        let pause = if s.status.paused {
            ("resume", "Go on")
        } else {
            ("pause", "Pause the class")
        };
        let _ = write!(
            body,
            "<div><form class=\"inline\" method=\"post\" action=\"/teacher/s/{code}/status\">\
             <button name=\"action\" value=\"{}\">{}</button></form>\
             <form class=\"inline\" method=\"post\" action=\"/teacher/s/{code}/status\">\
             <input type=\"hidden\" name=\"action\" value=\"deadline\">\
             <label style=\"display:inline\">Deadline for this round: <input name=\"minutes\" \
             type=\"number\" min=\"1\" max=\"60\" value=\"5\" size=\"3\"> minutes</label> \
             <button>Set</button></form>\
             <form class=\"inline\" method=\"post\" action=\"/teacher/s/{code}/status\">\
             <button name=\"action\" value=\"clear\">No deadline</button></form>\
             <form class=\"inline\" method=\"post\" action=\"/teacher/s/{code}/status\" \
             onsubmit=\"return confirm('End the session? No more moves are taken.')\">\
             <button name=\"action\" value=\"end\">End the session</button></form></div>",
            pause.0, pause.1
        );
    }
    let _ = write!(
        body,
        "<h2>Students</h2><table><thead><tr><th>student</th><th>round</th><th>state</th>\
         <th>nearest danger</th><th>score so far</th><th>moves</th><th>last move</th><th>chair</th>\
         </tr></thead><tbody id=\"rows\">{}</tbody></table>\
         <p class=\"note\">Updated every two seconds. Stuck: no move for {} minutes. Behind: a round \
         or more behind the class, or past the deadline. When a round deadline passes, the round \
         each student was in when it was set ends by itself in the window and the page (with the moves \
         planned); the terminal asks the student to end it. The score is the score of the student's chair from the true \
         state, as the debrief will give it; a finished student's name opens their debrief.</p>\
         <h2>Results</h2><p><a href=\"/teacher/s/{code}/report\">The class report</a> · \
         <a href=\"/teacher/s/{code}/games.csv\">the class table as CSV</a> · \
         <a href=\"/teacher/s/{code}/records.zip\">every game record (zip)</a> · \
         <a href=\"/teacher/packet/{level}\">the teacher's packet for this level</a> (lesson plan, \
         questions, rubric; printable) · <a href=\"/teacher\">all sessions</a></p>\
         <script>new EventSource('/teacher/s/{code}/events').addEventListener('rows',\
         function(e){{document.getElementById('rows').innerHTML=e.data}});</script>\
         <noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>",
        rows_html(&s, &lines, now()),
        STUCK_AFTER / 60,
        level = esc(&s.level_id),
    );
    Html(page(&format!("Class {} — monitor", s.code), &body)).into_response()
}

async fn events(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Path(code): Path<String>,
) -> Response {
    let code = code.to_uppercase();
    let stream =
        futures_util::stream::unfold((server, code, true), |(server, code, first)| async move {
            if !first {
                tokio::time::sleep(MONITOR_EVERY).await;
            }
            let html = match session_of(&server, &code).await {
                Ok((s, loaded)) => {
                    let lines = lines(&server, &s, &loaded).await;
                    rows_html(&s, &lines, now())
                }
                Err(_) => "<tr><td>The session is gone.</td></tr>".to_string(),
            };
            let event = Event::default().event("rows").data(html);
            Some((
                Ok::<_, std::convert::Infallible>(event),
                (server, code, false),
            ))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Deserialize)]
struct StatusForm {
    action: String,
    minutes: Option<i64>,
}

async fn set_status(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Path(code): Path<String>,
    Form(f): Form<StatusForm>,
) -> Response {
    let (s, _) = match session_of(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut status = s.status.clone();
    match f.action.as_str() {
        "pause" => status.paused = true,
        "resume" => status.paused = false,
        "end" => {
            status.ended = true;
            status.deadline = None;
        }
        "deadline" => status.deadline = Some(now() + 60 * f.minutes.unwrap_or(5).clamp(1, 60)),
        "clear" => status.deadline = None,
        other => return bad(&format!("`{other}` is not something a session can do")),
    }
    if let Err(e) = server.store.set_status(&s.code, &status).await {
        return bad(&e.to_string());
    }
    server.announce(&s.code, &status);
    Redirect::to(&format!("/teacher/s/{}", s.code)).into_response()
}

/// Every student's game record, as `class-report` and `replay` read them.
fn record_of(line: &Line, loaded: &Loaded) -> GameRecord {
    let record = GameRecord::of(
        &line.game,
        &format!("levels/{}.ron", loaded.rules.id),
        &line.row.player,
    );
    // In the other chair, Washington was the AI at the session's difficulty.
    let washington = (line.row.side == "opponent")
        .then(|| qpq_core::ai::washington::id_for(line.game.difficulty()));
    record.with_washington(washington)
}

async fn class_view(
    server: &Server,
    code: &str,
) -> Result<(SessionRow, Loaded, Vec<Line>, ClassView), Response> {
    let (s, loaded) = session_of(server, code).await?;
    let lines = lines(server, &s, &loaded).await;
    let mut view = ClassView::default();
    for l in &lines {
        view.push(
            format!("{:03}-{}", l.row.id, l.row.player),
            None,
            &record_of(l, &loaded),
            &loaded,
        );
    }
    Ok((s, loaded, lines, view))
}

async fn report(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Path(code): Path<String>,
) -> Response {
    let (s, _, lines, mut view) = match class_view(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if view.rows.is_empty() {
        return Html(page(
            "Class report",
            "<h1>Class report</h1><p>No student has played yet.</p>",
        ))
        .into_response();
    }
    for (row, l) in view.rows.iter_mut().zip(&lines) {
        row.debrief_link = Some(format!("/teacher/s/{}/debrief/{}", s.code, l.row.id));
    }
    Html(view.html()).into_response()
}

async fn debrief(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Path((code, game)): Path<(String, i64)>,
) -> Response {
    let (_, _, lines, view) = match class_view(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match lines.iter().zip(&view.rows).find(|(l, _)| l.row.id == game) {
        Some((_, row)) => Html(row.html()).into_response(),
        None => (StatusCode::NOT_FOUND, "No such game in this session.").into_response(),
    }
}

async fn csv(_: Teacher, State(server): State<Arc<Server>>, Path(code): Path<String>) -> Response {
    let (s, _, _, view) = match class_view(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"class-{}.csv\"", s.code),
            ),
        ],
        view.csv(),
    )
        .into_response()
}

/// A file name for a student's record: `007-ada-lovelace.ron`.
pub fn record_name(row: &GameRow) -> String {
    format!(
        "{:03}-{}.ron",
        row.id,
        qpq_core::analysis::class::file_stem(&row.player)
    )
}

async fn records(
    _: Teacher,
    State(server): State<Arc<Server>>,
    Path(code): Path<String>,
) -> Response {
    let (s, loaded) = match session_of(&server, &code).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lines = lines(&server, &s, &loaded).await;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for l in &lines {
        let text = record_of(l, &loaded).to_ron();
        if zip.start_file(record_name(&l.row), options).is_err() {
            return bad("the zip could not be written");
        }
        if std::io::Write::write_all(&mut zip, text.as_bytes()).is_err() {
            return bad("the zip could not be written");
        }
    }
    match zip.finish() {
        Ok(c) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"class-{}-records.zip\"", s.code),
                ),
            ],
            c.into_inner(),
        )
            .into_response(),
        Err(e) => bad(&format!("the zip could not be written: {e}")),
    }
}

async fn packet(_: Teacher, Path(level): Path<String>) -> Response {
    match class::level(&level, &Default::default()) {
        Ok(l) => match qpq_core::analysis::packet::html(&l.rules) {
            Some(page) => Html(page).into_response(),
            None => bad(&format!("{} has no teacher's packet", l.rules.title)),
        },
        Err(e) => (StatusCode::NOT_FOUND, Html(page("No such level", &esc(&e)))).into_response(),
    }
}
