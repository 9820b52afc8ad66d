//! The debrief: outcome, grade and score; charts of every hidden variable's true value against
//! the player's estimate; reciprocity; the strategy fingerprint; Pyongyang's hidden type and key
//! decisions; the assumptions; what actually happened; exports.

use crate::analysis::{Debrief, TimelineRow, report};
use crate::game::acts::{Act, Export, Screen};
use crate::game::canvas::Canvas;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::message_line;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::theme::{self, Palette, rgba};
use crate::game::widgets::Kept;
use crate::game::widgets::{
    Kind, bold, button, gauge, panel_with, row, scroll_panel, text, top_bar_node,
};
use crate::sim::vars::Var;
use bevy::prelude::*;

/// A chart of one hidden variable: the band, the estimate (dashed) and the truth.
pub fn chart(d: &Debrief, v: Var, p: &Palette) -> Canvas {
    let (w, h) = (300u32, 130u32);
    let mut c = Canvas::new(w, h, rgba(p.panel_alt));
    if !v.is_hidden() {
        return c;
    }
    let est = |r: &TimelineRow| r.estimate_of(v).unwrap_or_default();
    let n = d.timeline.len().max(2) - 1;
    let x = |k: usize| 6.0 + (w as f32 - 12.0) * k as f32 / n as f32;
    let y = |val: i32| 6.0 + (h as f32 - 12.0) * (1.0 - val.clamp(0, 100) as f32 / 100.0);
    for g in [0, 50, 100] {
        c.line((6.0, y(g)), (w as f32 - 6.0, y(g)), 1.0, rgba(p.border));
    }
    let mut band: Vec<(f32, f32)> = d
        .timeline
        .iter()
        .enumerate()
        .map(|(k, r)| {
            (x(k), {
                let (e, b) = est(r);
                y(e + b)
            })
        })
        .collect();
    band.extend(d.timeline.iter().enumerate().rev().map(|(k, r)| {
        (x(k), {
            let (e, b) = est(r);
            y(e - b)
        })
    }));
    c.fill_polygon(&band, rgba(p.band));
    for k in 0..n {
        let (a, b) = (&d.timeline[k], &d.timeline[k + 1]);
        c.dashed(
            (x(k), y(est(a).0)),
            (x(k + 1), y(est(b).0)),
            2.0,
            4.0,
            rgba(p.estimate),
        );
        c.line(
            (x(k), y(a.truth[v])),
            (x(k + 1), y(b.truth[v])),
            2.5,
            rgba(p.truth),
        );
    }
    c
}

fn section(
    c: &mut ChildSpawnerCommands,
    ui: &Ui,
    title: &str,
    f: impl FnOnce(&mut ChildSpawnerCommands),
) {
    let p = ui.theme.palette;
    c.spawn(panel_with(
        &p,
        p.panel,
        Node {
            width: percent(100),
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            row_gap: px(6),
            padding: UiRect::all(px(14)),
            border: UiRect::all(px(1)),
            ..default()
        },
    ))
    .with_children(|s| {
        s.spawn(bold(title, theme::H2, p.heading, &ui.theme.bold));
        f(s);
    });
}

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Debrief, build)
        .add_keys(KeysOn::Screen(Screen::Debrief), keys)
        .add_acts(carry_out);
}

/// Builds the debrief screen.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, images: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    // The debrief is the one screen that reads the whole game, and only once it is over.
    let Some(game) = s.seat().revealed() else {
        return;
    };
    let d = Debrief::of(game, "");
    let charts: Vec<(Var, Handle<Image>)> = d
        .vars
        .iter()
        .filter(|(v, _)| v.is_hidden())
        .map(|&(v, _)| (v, images.add(chart(&d, v, &p).into_image())))
        .collect();
    let mut body = root;
    c.entity(root).with_children(|r| {
        r.spawn(top_bar_node(&p)).with_children(|bar| {
            bar.spawn(bold(
                format!("Debrief: {}", d.level_title),
                theme::H1,
                p.heading,
                &ui.theme.bold,
            ));
            bar.spawn(row(theme::GAP)).with_children(|b| {
                b.spawn(button(
                    &p,
                    "Export HTML",
                    Some("H"),
                    Act::Export(Export::Html),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Markdown",
                    Some("M"),
                    Act::Export(Export::Markdown),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "CSV",
                    Some("V"),
                    Act::Export(Export::Csv),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Game record",
                    Some("R"),
                    Act::Export(Export::Record),
                    Kind::Normal,
                    None,
                ));
                b.spawn(button(
                    &p,
                    "Main menu",
                    Some("Esc"),
                    Act::MainMenu,
                    Kind::Primary,
                    None,
                ));
            });
        });
        message_line(r, &p, s);
        body = scroll_panel(
            r,
            &p,
            "debrief",
            kept,
            12.0,
            16.0,
            Node {
                flex_grow: 1.0,
                ..default()
            },
            |_| {},
        );
    });
    c.entity(body).with_children(|b| {
        // Stretched to a definite width (and centred by its margins), so wrapped text is
        // measured at the width it is drawn at.
        b.spawn(Node {
            max_width: px(1100),
            margin: UiRect::horizontal(Val::Auto),
            flex_direction: FlexDirection::Column,
            flex_shrink: 0.0,
            row_gap: px(12),
            ..default()
        })
        .with_children(|col| {
            outcome(col, ui, &d);
            estimates(col, ui, &d, &charts);
            reciprocity(col, ui, &d);
            negotiation(col, ui, &d);
            fingerprint(col, ui, &d);
            opponent(col, ui, &d);
            rests_on(col, ui, &d);
            assumptions(col, ui, &d);
            history(col, ui, &d);
        });
    });
}

/// The outcome, the grade and the score by dimension.
fn outcome(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    section(col, ui, "Outcome", |o| {
        let headline = match d.outcome {
            Some(out) => format!(
                "{} in round {} of {} — grade {} (score {})",
                out.label(),
                d.round,
                d.rounds,
                d.score.grade,
                d.score.total
            ),
            None => format!("Unfinished — score {}", d.score.total),
        };
        o.spawn(bold(
            headline,
            theme::H2,
            if d.outcome.is_some_and(|x| x.is_defeat()) || matches!(d.score.grade, 'D' | 'F') {
                p.bad
            } else if matches!(d.score.grade, 'A' | 'B') {
                p.good
            } else {
                p.heading
            },
            &ui.theme.bold,
        ));
        for (name, v) in d.score.dimensions() {
            let said = format!("{}, {v} of 100", name.replace('_', " "));
            o.spawn((
                Node {
                    column_gap: px(8),
                    align_items: AlignItems::Center,
                    ..default()
                },
                crate::game::a11y::ReadAs(said),
            ))
            .with_children(|l| {
                l.spawn((
                    text(name.replace('_', " "), theme::BODY, p.text),
                    TextLayout::no_wrap(),
                    Node {
                        width: px(170),
                        flex_shrink: 0.0,
                        ..default()
                    },
                ));
                l.spawn(gauge(&p, v, None, p.truth));
                l.spawn((
                    text(v.to_string(), theme::BODY, p.text),
                    Node {
                        min_width: px(36),
                        ..default()
                    },
                ));
            });
        }
    });
}

/// Each hidden variable's true value against the player's estimate, and the worst miss.
fn estimates(
    col: &mut ChildSpawnerCommands,
    ui: &Ui,
    d: &Debrief,
    charts: &[(Var, Handle<Image>)],
) {
    let p = ui.theme.palette;
    section(col, ui, "True values against your estimates", |o| {
        o.spawn(text(
            "Solid blue: the true value. Dashed orange: your estimate, with its band shaded.",
            theme::SMALL,
            p.text_dim,
        ));
        o.spawn(Node {
            align_items: AlignItems::FlexStart,
            ..row(10.0)
        })
        .with_children(|grid| {
            for (v, h) in charts {
                grid.spawn(Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(3),
                    width: px(300),
                    max_width: percent(100),
                    ..default()
                })
                .with_children(|cell| {
                    cell.spawn(text(d.labels[v.index()].clone(), theme::BODY, p.text));
                    cell.spawn((
                        Node {
                            width: percent(100),
                            aspect_ratio: Some(300.0 / 130.0),
                            ..default()
                        },
                        ImageNode::new(h.clone()),
                        AccessibleLabel::new(format!(
                            "Chart of {}: true value and your estimate by round",
                            d.labels[v.index()]
                        )),
                    ));
                });
            }
        });
        if let Some((v, round, truth, est)) = d.worst_estimate() {
            o.spawn(text(
                format!(
                    "Your worst miss: {} in round {round}, estimated {est} when it was {truth}.",
                    d.labels[v.index()]
                ),
                theme::BODY,
                p.warn,
            ));
        }
    });
}

/// Whether concessions followed verified steps, provocations or nothing; aid; violations; credibility.
fn reciprocity(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    let opp = d.opponent.clone();
    let rc = d.reciprocity.clone();
    section(col, ui, "Reciprocity", |o| {
        for line in [
            format!(
                "Concessions: {} — after a verified step {}, after a provocation {}, unprompted {}.",
                rc.concessions, rc.after_verified_step, rc.after_provocation, rc.unprompted
            ),
            format!(
                "{opp}: {}, {}.",
                crate::sim::describe::count(rc.verified_steps, "verified step", "verified steps"),
                crate::sim::describe::count(rc.provocations, "provocation", "provocations")
            ),
            format!(
                "Food aid: ${}M sent, ${}M reached people, ${}M diverted to the regime.",
                rc.aid_sent, rc.aid_reached, rc.aid_diverted
            ),
            format!(
                "Violations detected: {}; enforced {}, let pass {}. Agreements the U.S. broke: {}; threats not carried out: {}.",
                rc.violations_detected, rc.enforced, rc.let_pass, rc.us_broke, rc.threats_unkept
            ),
            format!(
                "U.S. credibility: {} at the start, {} at the end.",
                rc.credibility_start, rc.credibility_end
            ),
        ] {
            o.spawn(text(line, theme::BODY, p.text));
        }
    });
}

/// The offers, the answers and the agreements, round by round.
fn negotiation(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    section(col, ui, "The negotiation", |o| {
        let mut any = false;
        for row in d.negotiation() {
            any = true;
            o.spawn(bold(
                format!("Round {} ({})", row.round, row.month),
                theme::BODY,
                p.heading,
                &ui.theme.bold,
            ));
            for t in &row.table {
                o.spawn(text(format!("You: {t}"), theme::SMALL, p.text));
            }
            if !row.answer.is_empty() {
                o.spawn(text(row.answer.clone(), theme::SMALL, p.text));
            }
            for a in &row.agreements {
                o.spawn(text(a.clone(), theme::SMALL, p.text_dim));
            }
        }
        if !any {
            o.spawn(text(
                "No offers were made and no agreements changed.",
                theme::BODY,
                p.text_dim,
            ));
        }
    });
}

/// The player's strategy fingerprint against the named strategies.
fn fingerprint(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    let opp = d.opponent.clone();
    let f = d.fingerprint.clone();
    section(col, ui, "Your strategy fingerprint", |o| {
        o.spawn(bold(
            format!("You played most like: {}", f.nearest),
            theme::BODY,
            p.heading,
            &ui.theme.bold,
        ));
        if let Some((_, what)) = crate::analysis::fingerprint::LEGEND
            .iter()
            .find(|(n, _)| *n == f.nearest)
        {
            o.spawn(text(format!("{}: {what}.", f.nearest), theme::BODY, p.text));
        }
        let rate = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{:.0}%", v * 100.0));
        for ((label, r), n) in crate::analysis::fingerprint::RATE_LABELS
            .iter()
            .map(|l| l.replace("{opp}", &opp))
            .zip(f.rates)
            .zip(f.samples)
        {
            if n > 0 {
                o.spawn(text(
                    format!(
                        "{label}: {} ({n} round{})",
                        rate(r),
                        if n == 1 { "" } else { "s" }
                    ),
                    theme::BODY,
                    p.text,
                ));
            }
        }
        o.spawn(text(
            crate::analysis::fingerprint::how_we_read("your", &opp),
            theme::SMALL,
            p.text_dim,
        ));
        if !f.distances.is_empty() {
            let list: Vec<String> = f
                .distances
                .iter()
                .map(|(n, x)| format!("{n} {x:.2}"))
                .collect();
            o.spawn(text(
                format!("Distance to the classic strategies: {}", list.join(" · ")),
                theme::SMALL,
                p.text_dim,
            ));
        }
        let strip = |m: &[crate::analysis::fingerprint::Move]| -> String {
            m.iter().map(|x| x.letter()).collect()
        };
        o.spawn(text(
            format!("You:  {}", strip(&f.player_moves)),
            theme::BODY,
            p.text,
        ));
        o.spawn(text(
            format!("{opp}:  {}", strip(&f.pyongyang_moves)),
            theme::BODY,
            p.text,
        ));
        o.spawn(text(format!("You: C a reward paid, D pressure. {opp}: C a verified step, D a provocation or violation. · neither."), theme::SMALL, p.text_dim));
    });
}

/// The other side: its type, what it learned, its key decisions, what the player could not see.
fn opponent(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    let opp = d.opponent.clone();
    section(col, ui, &opp, |o| {
        o.spawn(text(
            format!("It was a {}: {}", d.pyongyang_type, d.pyongyang_description),
            theme::BODY,
            p.text,
        ));
        let beliefs: Vec<String> = d
            .pyongyang_beliefs
            .iter()
            .map(|(w, x)| format!("{w} {:.0}%", x * 100.0))
            .collect();
        o.spawn(text(
            format!(
                "What it had learned about the U.S.: {}.",
                beliefs.join("; ")
            ),
            theme::SMALL,
            p.text_dim,
        ));
        if !d.key_decisions.is_empty() {
            o.spawn(bold(
                "Key decisions and its reasons",
                theme::BODY,
                p.heading,
                &ui.theme.bold,
            ));
            for (round, reason) in &d.key_decisions {
                o.spawn(text(
                    format!("Round {round}: {}", reason.words()),
                    theme::SMALL,
                    p.text,
                ));
            }
        }
        if !d.hidden.is_empty() {
            o.spawn(bold(
                "What you could not see",
                theme::BODY,
                p.heading,
                &ui.theme.bold,
            ));
            for h in d.hidden.iter().take(30) {
                o.spawn(text(format!("•  {h}"), theme::SMALL, p.text));
            }
            if d.hidden.len() > 30 {
                o.spawn(text(
                    format!(
                        "… and {} more (see the exported report)",
                        d.hidden.len() - 30
                    ),
                    theme::SMALL,
                    p.text_dim,
                ));
            }
        }
        for (name, truth, found) in &d.sites {
            o.spawn(text(
                format!("Site {name}: {truth}; inspection: {found}"),
                theme::SMALL,
                p.text_dim,
            ));
        }
    });
}

/// What the level's conclusion rests on (its sensitivity summary), when there is one.
fn rests_on(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    if let Some(sum) = &d.sensitivity {
        section(col, ui, "What the conclusion rests on", |o| {
            o.spawn(text(format!("Each assumption was moved to its minimum and its maximum, and the same {} games per setting were played again. {}", sum.games, sum.conclusion), theme::BODY, p.text));
            for r in &sum.top {
                o.spawn(text(format!("•  {}", r.line()), theme::SMALL, p.text));
            }
        });
    }
}

/// The assumptions behind the game, each with its source.
fn assumptions(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    section(col, ui, "The assumptions behind this game", |o| {
        o.spawn(text("Each causal weight the rules use, with its source. A teacher can change any of them in the level file.", theme::SMALL, p.text_dim));
        for a in &d.ledger {
            let changed = match a.default_value {
                Some(x) if x != a.value => format!(" (default {x})"),
                _ => String::new(),
            };
            o.spawn(text(
                format!(
                    "{}: {} {}{changed} [{} confidence]. Source: {}",
                    a.claim.trim_end_matches('.'),
                    a.value,
                    a.unit,
                    a.confidence.label(),
                    a.source
                ),
                theme::SMALL,
                p.text,
            ));
        }
    });
}

/// What actually happened, and questions for discussion.
fn history(col: &mut ChildSpawnerCommands, ui: &Ui, d: &Debrief) {
    let p = ui.theme.palette;
    if !d.history.history.is_empty() || !d.history.questions.is_empty() {
        section(col, ui, "What actually happened", |o| {
            for n in &d.history.history {
                o.spawn(text(
                    format!("{} — {} ({})", n.date, n.text, n.source),
                    theme::SMALL,
                    p.text,
                ));
            }
            if !d.history.questions.is_empty() {
                o.spawn(bold(
                    "For discussion",
                    theme::BODY,
                    p.heading,
                    &ui.theme.bold,
                ));
                for q in &d.history.questions {
                    o.spawn(text(format!("•  {q}"), theme::BODY, p.text));
                }
            }
        });
    }
}

/// The debrief's keys: the four exports, and Esc back to the menu.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyH => Some(Act::Export(Export::Html)),
        KeyCode::KeyM => Some(Act::Export(Export::Markdown)),
        KeyCode::KeyV => Some(Act::Export(Export::Csv)),
        KeyCode::KeyR => Some(Act::Export(Export::Record)),
        KeyCode::Escape => Some(Act::Back),
        _ => None,
    }
}

/// The debrief's act: write (or in the browser, download) the debrief, the timeline or the record.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Export(kind) => {
            #[cfg(not(target_arch = "wasm32"))]
            let dirs = sh.dirs.clone();
            if let Some(s) = sh.session.as_mut()
                && let Some(game) = s.seat().revealed()
            {
                let d = Debrief::of(game, "");
                let stem = format!("{}-seed{}", s.seat().rules().id, s.seat().seed());
                let (name, body) = match kind {
                    Export::Html => (format!("{stem}.html"), report::html(&d)),
                    Export::Markdown => (format!("{stem}.md"), report::markdown(&d)),
                    Export::Csv => (format!("{stem}.csv"), report::csv(&d)),
                    Export::Record => (
                        format!("{stem}-record.ron"),
                        crate::analysis::record::GameRecord::of_seat(s.seat(), &s.level_file, "")
                            .to_ron(),
                    ),
                };
                #[cfg(target_arch = "wasm32")]
                {
                    let mime = match kind {
                        Export::Html => "text/html",
                        Export::Markdown => "text/markdown",
                        Export::Csv => "text/csv",
                        Export::Record => "text/plain",
                    };
                    match crate::game::web::download(&name, mime, &body) {
                        Ok(()) => s.say(format!("Downloaded: {name}"), false),
                        Err(e) => s.say(format!("Could not download {name}: {e}"), true),
                    }
                }
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let path = dirs.exports().join(name);
                    match crate::files::write_atomic(&path, body.as_bytes()) {
                        Ok(()) => s.say(format!("Written: {}", path.display()), false),
                        Err(e) => s.say(format!("Could not write: {e}"), true),
                    }
                }
            }
        }
        other => return Some(other),
    }
    None
}
