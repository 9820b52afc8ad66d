//! The round's resolution: Pyongyang's answers and moves, the news, every change with its cause,
//! and "Why did Pyongyang do that?".

use crate::game::acts::{Act, Screen};
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::{goal_strip, message_line, news_tag, top_bar};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, go};
use crate::game::state::Session;
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, row, scroll_panel, text};
use crate::sim::rules::Rules;
use crate::sim::seat::SeenReport;
use crate::sim::view::PlayerView;
use bevy::prelude::*;

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Report, build)
        .add_keys(KeysOn::Screen(Screen::Report), keys)
        .add_acts(carry_out);
}

/// Builds the report screen for the last round played.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, _: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    let g = s.seat();
    let rules = g.rules();
    let v = g.view();
    let Some(r) = g.last_report() else {
        return;
    };
    let over = g.over().is_some();
    c.entity(root).with_children(|root| {
        top_bar(root, ui, s, &v, false);
        goal_strip(root, ui, &g.progress());
        message_line(root, &p, s);
        root.spawn((Node {
            padding: UiRect::axes(px(16), px(8)),
            column_gap: px(12),
            row_gap: px(6),
            flex_wrap: FlexWrap::Wrap,
            align_items: AlignItems::Center,
            ..default()
        },))
            .with_children(|b| {
                b.spawn(bold(
                    format!(
                        "Report · round {} · {}",
                        r.round(),
                        rules.month_of(r.round()).long()
                    ),
                    theme::H1,
                    p.heading,
                    &ui.theme.bold,
                ));
                b.spawn(button(
                    &p,
                    if over {
                        "See the debrief"
                    } else {
                        "Next round"
                    },
                    Some("N"),
                    Act::Next,
                    Kind::Primary,
                    None,
                ));
                b.spawn(button(
                    &p,
                    &format!("Why did {} do that?", rules.names.opponent),
                    Some("W"),
                    Act::Why,
                    Kind::selected_if(s.show_why),
                    None,
                ));
            });
        root.spawn(Node {
            flex_grow: 1.0,
            min_height: px(0),
            padding: UiRect::all(px(theme::GAP)),
            column_gap: px(theme::GAP),
            ..default()
        })
        .with_children(|body| {
            scroll_panel(
                body,
                &p,
                "report-news",
                kept,
                5.0,
                12.0,
                Node {
                    width: percent(50),
                    ..default()
                },
                |n| {
                    what_you_did(n, ui, r, rules);
                },
            );
            scroll_panel(
                body,
                &p,
                "report-changes",
                kept,
                5.0,
                12.0,
                Node {
                    width: percent(50),
                    ..default()
                },
                |ch| {
                    if s.show_why {
                        why(ch, ui, s, r);
                    }
                    what_changed(ch, ui, r, rules, &v);
                },
            );
        });
    });
}

/// What the player did and what happened this round: the tip's check, their orders, the news.
fn what_you_did(n: &mut ChildSpawnerCommands, ui: &Ui, r: SeenReport<'_>, rules: &Rules) {
    let p = ui.theme.palette;
    if let Some(check) = r.tip_check(rules) {
        n.spawn(text(
            check.line(),
            theme::BODY,
            if check.all_done() { p.good } else { p.warn },
        ));
    }
    n.spawn(bold("What you did", theme::H2, p.heading, &ui.theme.bold));
    let mine = crate::sim::describe::describe_orders(rules, r.us());
    if mine.is_empty() {
        n.spawn(text(
            "Nothing: you let the month pass.",
            theme::BODY,
            p.text_dim,
        ));
    }
    for line in mine {
        n.spawn(text(format!("•  {line}"), theme::BODY, p.text));
    }
    n.spawn(bold("What happened", theme::H2, p.heading, &ui.theme.bold));
    if r.news().is_empty() {
        n.spawn(text("A quiet month.", theme::BODY, p.text_dim));
    }
    for item in r.news() {
        let (tag, color) = news_tag(&p, item);
        n.spawn(text(
            format!("{tag}  {}", item.headline),
            theme::BODY,
            color,
        ));
        if !item.body.is_empty() {
            n.spawn(text(item.body.clone(), theme::SMALL, p.text_dim));
        }
        if !item.source.is_empty() {
            n.spawn(text(
                format!("Source: {}", item.source),
                theme::SMALL,
                p.text_dim,
            ));
        }
    }
}

/// Why the other side did what it did, in words and (on request) with the scores; hidden on
/// hard difficulty until the debrief.
fn why(ch: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, r: SeenReport<'_>) {
    let p = ui.theme.palette;
    let rules = s.seat().rules();
    ch.spawn(bold(
        format!("Why did {} do that?", rules.names.opponent),
        theme::H2,
        p.heading,
        &ui.theme.bold,
    ));
    if !r.reasons_shown() {
        ch.spawn(text(
            "On hard difficulty its reasons stay hidden until the debrief.",
            theme::BODY,
            p.text_dim,
        ));
    } else if r.reasons().next().is_none() {
        ch.spawn(text(
            "It made no choice you could observe.",
            theme::BODY,
            p.text_dim,
        ));
    } else {
        ch.spawn(text(
            "Each decision, with how it served its goals compared with doing nothing, and the best option it turned down:",
            theme::SMALL,
            p.text_dim,
        ));
        for reason in r.reasons() {
            let mut line = reason.words();
            if let Some(record) = crate::analysis::provocation_record(s.seat(), reason) {
                line.push(' ');
                line.push_str(&record);
            }
            ch.spawn(text(format!("•  {line}"), theme::SMALL, p.text));
            if s.show_scores {
                ch.spawn(text(
                    format!("    scores: {}", reason.line()),
                    theme::SMALL,
                    p.text_dim,
                ));
            }
        }
        ch.spawn(button(
            &p,
            if s.show_scores {
                "Hide the scores"
            } else {
                "Show the scores"
            },
            Some("S"),
            Act::WhyScores,
            Kind::selected_if(s.show_scores),
            None,
        ));
    }
    if r.reasons_shown() {
        ch.spawn(text(
            crate::sim::report::SECRET_REASONS,
            theme::SMALL,
            p.text_dim,
        ));
    }
}

/// What changed that the player could see, each change with its causes, and the estimates now.
fn what_changed(
    ch: &mut ChildSpawnerCommands,
    ui: &Ui,
    r: SeenReport<'_>,
    rules: &Rules,
    v: &PlayerView,
) {
    let p = ui.theme.palette;
    ch.spawn(bold(
        "What changed, and why",
        theme::H2,
        p.heading,
        &ui.theme.bold,
    ));
    let summary = r.visible_summary(rules);
    let mut any = !summary.is_empty();
    for (var, net, parts) in summary {
        ch.spawn(row(6.0)).with_children(|line| {
            line.spawn(text(
                format!("{} {net:+}", rules.label(var)),
                theme::BODY,
                match rules.rise_is_good(var) {
                    Some(good) if (net > 0) == good => p.good,
                    Some(_) => p.bad,
                    None => p.text,
                },
            ));
        });
        for (cause, d) in parts {
            ch.spawn(text(
                format!("    {d:+}  {}", cause.describe(rules)),
                theme::SMALL,
                p.text_dim,
            ));
        }
    }
    ch.spawn(bold(
        "Estimates now",
        theme::BODY,
        p.heading,
        &ui.theme.bold,
    ));
    for var in rules.hidden_vars() {
        if let Some(rd) = v.reading(var) {
            let known: Vec<String> = r
                .visible_changes(var)
                .iter()
                .map(|(c, d)| format!("{d:+} {}", c.describe(rules)))
                .collect();
            ch.spawn(text(
                format!(
                    "{}: {}{}{}",
                    rules.label(var),
                    rd.text(),
                    if rd.fresh { " (fresh look)" } else { "" },
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(" — known causes: {}", known.join(", "))
                    }
                ),
                theme::SMALL,
                p.text,
            ));
            any = true;
        }
    }
    if !any {
        ch.spawn(text(
            "Nothing changed that you could see.",
            theme::BODY,
            p.text_dim,
        ));
    }
}

/// The report's keys: next, why, the scores behind the reasons, pause.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyN => Some(Act::Next),
        KeyCode::KeyW => Some(Act::Why),
        KeyCode::KeyS => Some(Act::WhyScores),
        KeyCode::Escape => Some(Act::Pause),
        _ => None,
    }
}

/// The report's acts: go on (to the next round or the debrief), show the reasons.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Next => {
            let over = sh
                .session
                .as_ref()
                .is_some_and(|s| s.seat().over().is_some());
            go(sh, if over { Screen::Debrief } else { Screen::Round });
        }
        Act::Why => {
            if let Some(s) = sh.session.as_mut() {
                s.show_why = !s.show_why;
            }
        }
        Act::WhyScores => {
            if let Some(s) = sh.session.as_mut() {
                s.show_scores = !s.show_scores;
                s.show_why = true;
            }
        }
        other => return Some(other),
    }
    None
}
