//! The round screen: date and round, action points and budget; a dashboard of every variable
//! (estimates drawn with their band, trend arrows); the map; the action cards by group with cost
//! and previewed effects; the offer builder; agreements, violations and counter-offers; news.

use crate::analysis::wording;
use crate::game::acts::Tab;
use crate::game::acts::{Act, Screen};
use crate::game::map;
use crate::game::screens::blocks;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, command, go};
use crate::game::state::Session;
use crate::game::theme::{self, Palette};
use crate::game::widgets::{
    Kept, Kind, Tip, bold, button, gauge, row, scroll_panel, text, top_bar_node,
};
use crate::level::types::{Group, Sequencing, TargetKind};
use crate::sim::game::Command;
use crate::sim::orders::Target;
use crate::sim::rules::Rules;
use crate::sim::vars::Var;
use crate::sim::view::PlayerView;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::prelude::*;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::Button as WidgetButton;

mod actions_tab;
mod agreements_tab;
mod offer_tab;

use actions_tab::actions_tab;
use agreements_tab::agreements_tab;
use offer_tab::{offer_footer, offer_tab};

/// The top bar shared by the round and report screens.
pub fn top_bar(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView, end: bool) {
    let p = ui.theme.palette;
    c.spawn(top_bar_node(&p)).with_children(|bar| {
        bar.spawn(row(16.0)).with_children(|l| {
            l.spawn(bold(
                format!("Round {} of {} · {}", v.round, v.rounds, v.month.long()),
                theme::H2,
                p.heading,
                &ui.theme.bold,
            ));
            if end {
                let compact = ui.viewport.compact();
                l.spawn((
                    text(
                        if compact {
                            format!("AP {}/{} · ${}M", v.ap_left, v.ap_total, v.budget_left)
                        } else {
                            format!(
                                "Action points {}/{} · Budget ${}M",
                                v.ap_left, v.ap_total, v.budget_left
                            )
                        },
                        theme::BODY,
                        p.text,
                    ),
                    AccessibleLabel::new(format!(
                        "Action points {} of {}, budget {} million dollars left",
                        v.ap_left, v.ap_total, v.budget_left
                    )),
                ));
            }
            if let Some(class) = &s.class {
                // In a class: where the moves are, and what the teacher set.
                let (line, alarm) = class.line();
                l.spawn(text(
                    line,
                    theme::SMALL,
                    if alarm { p.bad } else { p.text_dim },
                ));
            } else if !ui.viewport.compact() {
                l.spawn(text(
                    s.seat().rules().title.clone(),
                    theme::SMALL,
                    p.text_dim,
                ));
            }
        });
        bar.spawn(row(theme::GAP)).with_children(|r| {
            r.spawn(button(
                &p,
                "Help",
                Some("F1"),
                Act::Help,
                Kind::Normal,
                None,
            ));
            r.spawn(button(
                &p,
                "Menu",
                Some("Esc"),
                Act::Pause,
                Kind::Normal,
                None,
            ));
            if end {
                r.spawn(button(
                    &p,
                    "End round",
                    Some("E"),
                    Act::EndRound,
                    Kind::Primary,
                    None,
                ));
            }
        });
    });
}

/// The message line (what the last command did, or why it was refused).
pub fn message_line(c: &mut ChildSpawnerCommands, p: &Palette, s: &Session) {
    if let Some((m, error)) = &s.message {
        c.spawn((
            Node {
                padding: UiRect::axes(px(16), px(4)),
                ..default()
            },
            BackgroundColor(if *error {
                p.bad.with_alpha(0.18)
            } else {
                p.good.with_alpha(0.12)
            }),
            children![text(
                m.clone(),
                theme::BODY,
                if *error { p.bad } else { p.good }
            )],
        ));
    }
}

/// The table: last round's answer to the offer, as the envoys gave it, and the terms the other
/// side would take now, with one key or click to accept them. Shown at the top of the round,
/// where a student cannot miss it.
fn answer_strip(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    let rules = s.seat().rules();
    let opp = &rules.names.opponent;
    if v.answer.is_none() && v.counter.is_none() {
        return;
    }
    c.spawn((
        Node {
            padding: UiRect::axes(px(16), px(3)),
            row_gap: px(3),
            flex_direction: FlexDirection::Column,
            border: UiRect::bottom(px(1)),
            ..default()
        },
        BackgroundColor(p.warn.with_alpha(0.10)),
        BorderColor::all(p.border),
    ))
    .with_children(|strip| {
        // On a small or scaled screen one row: the answer in brief, the terms in the
        // Agreements tab; on a large one the terms themselves as well.
        let compact = ui.viewport.compact();
        let headline = v
            .answer
            .as_ref()
            .map(|a| crate::analysis::answer_headline(rules, a))
            .unwrap_or_default();
        if !compact && !headline.is_empty() {
            strip.spawn(text(
                format!("{headline} Its envoys' words: Agreements tab [G]."),
                theme::SMALL,
                p.text,
            ));
        }
        if compact && v.counter.is_none() {
            strip.spawn(text(headline.clone(), theme::SMALL, p.text));
        }
        if let Some(terms) = &v.counter {
            strip.spawn(row(8.0)).with_children(|r| {
                r.spawn(bold(
                    if compact {
                        format!("{opp} named its terms (Agreements tab [G]).")
                    } else {
                        crate::analysis::wording::counter_terms(opp, terms)
                    },
                    theme::SMALL,
                    p.heading,
                    &ui.theme.bold,
                ));
                let planned = s.seat().plan().accept_counter;
                let cost = v.counter_cost.unwrap_or(0);
                r.spawn(button(
                    &p,
                    &format!("Accept its terms (${cost}M)"),
                    Some("Y"),
                    Act::AcceptCounter,
                    if planned == Some(true) {
                        Kind::Selected
                    } else {
                        Kind::Primary
                    },
                    None,
                ));
                r.spawn(button(
                    &p,
                    "Decline",
                    None,
                    Act::RejectCounter,
                    Kind::selected_if(planned == Some(false)),
                    None,
                ));
            });
        }
    });
}

fn trend(t: i32) -> String {
    match t {
        0 => String::new(),
        t if t > 0 => format!("↑{t}"),
        t => format!("↓{}", -t),
    }
}

/// A dashboard line as a screen reader says it: "Tension, 45, rising 2", "Regime security,
/// about 60, give or take 12".
fn spoken(label: &str, value: &str, r: &crate::sim::view::Reading) -> String {
    let value = match r.band {
        Some(b) => format!("about {}, give or take {b}", r.value),
        None => value.to_string(),
    };
    let trend = match r.trend {
        0 => String::new(),
        t if t > 0 => format!(", rising {t}"),
        t => format!(", falling {}", -t),
    };
    format!("{label}, {value}{trend}")
}

fn dashboard(c: &mut ChildSpawnerCommands, ui: &Ui, rules: &Rules, v: &PlayerView, kept: &Kept) {
    let p = ui.theme.palette;
    scroll_panel(
        c,
        &p,
        "dashboard",
        kept,
        5.0,
        10.0,
        Node {
            width: percent(if ui.viewport.compact() { 38.0 } else { 27.0 }),
            ..default()
        },
        |d| {
            let groups: [(&str, Vec<Var>); 2] = [
                ("Visible", rules.visible_vars().collect()),
                ("Estimates (± band)", rules.hidden_vars().collect()),
            ];
            for (title, vars) in groups {
                d.spawn(bold(title, theme::BODY, p.heading, &ui.theme.bold));
                for var in vars {
                    let Some(r) = v.reading(var) else { continue };
                    let color = match var {
                        Var::Tension if r.value >= 70 => p.bad,
                        _ if r.band.is_some() => p.estimate,
                        _ => p.truth,
                    };
                    let trend_color = match (rules.rise_is_good(var), r.trend > 0) {
                        (Some(true), true) | (Some(false), false) => p.good,
                        (Some(_), _) => p.bad,
                        (None, _) => p.text_dim,
                    };
                    // The budget left after this round's plans, as in the top bar.
                    let value = if var == Var::Budget {
                        format!("${}M", v.budget_left)
                    } else {
                        r.text()
                    };
                    d.spawn((
                    Node {
                        column_gap: px(6),
                        align_items: AlignItems::Center,
                        ..default()
                    },
                    Interaction::default(),
                    crate::game::a11y::ReadAs(spoken(rules.label(var), &value, r)),
                    Tip(format!(
                        "{}: {}{}",
                        rules.label(var),
                        rules.meaning(var),
                        match r.band {
                            Some(b) => format!(
                                ". Analysts estimate {} ± {b}; the truth may lie outside.",
                                r.value
                            ),
                            None if var == Var::Budget => format!(
                                ". ${}M at the start of the round; ${}M is committed by this round's plans.",
                                r.value,
                                r.value - v.budget_left
                            ),
                            None => String::new(),
                        }
                    )),
                ))
                .with_children(|line| {
                    line.spawn((
                        text(rules.label(var).to_string(), theme::SMALL, p.text),
                        Node {
                            width: percent(42),
                            ..default()
                        },
                    ));
                    if var == Var::Budget {
                        line.spawn(Node {
                            flex_grow: 1.0,
                            ..default()
                        });
                    } else {
                        line.spawn(gauge(&p, r.value, r.band, color));
                    }
                    line.spawn((
                        text(value, theme::SMALL, p.text),
                        Node {
                            min_width: px(58),
                            flex_shrink: 0.0,
                            justify_content: JustifyContent::End,
                            ..default()
                        },
                        TextLayout::justify(Justify::Right).with_no_wrap(),
                    ));
                    line.spawn((
                        text(trend(r.trend), theme::SMALL, trend_color),
                        Node {
                            min_width: px(28),
                            flex_shrink: 0.0,
                            ..default()
                        },
                        TextLayout::no_wrap(),
                    ));
                });
                }
            }
            if let Some(t) = &v.talks {
                d.spawn(text(wording::talks(t), theme::SMALL, p.text_dim));
            }
            d.spawn(text(
                format!(
                    "Aid monitors: {}",
                    match v.monitors {
                        crate::sim::state::Monitors::Present => "in the country",
                        crate::sim::state::Monitors::Requested => "requested",
                        crate::sim::state::Monitors::Absent => "none",
                    }
                ),
                theme::SMALL,
                p.text_dim,
            ));
        },
    );
}

fn news_list(c: &mut ChildSpawnerCommands, ui: &Ui, v: &PlayerView, rules: &Rules) {
    if v.news.is_empty() {
        c.spawn(text(
            "No news yet: the first round has not been played.",
            theme::SMALL,
            ui.theme.palette.text_dim,
        ));
    }
    blocks::text_blocks(c, ui, &wording::news(&v.news, &rules.names.tag));
}

fn center(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView, kept: &Kept) {
    center_column(
        c,
        ui,
        s,
        v,
        kept,
        Node {
            width: percent(33),
            min_width: px(0),
            min_height: px(0),
            flex_direction: FlexDirection::Column,
            row_gap: px(theme::GAP),
            ..default()
        },
    );
}

/// The map over the news.
fn center_column(
    c: &mut ChildSpawnerCommands,
    ui: &Ui,
    s: &Session,
    v: &PlayerView,
    kept: &Kept,
    node: Node,
) {
    let p = ui.theme.palette;
    c.spawn(node).with_children(|col| {
        map::map_panel(col, ui.theme.palette, &ui.maps, s.seat().rules(), v);
        scroll_panel(
            col,
            &p,
            "news",
            kept,
            4.0,
            10.0,
            Node {
                flex_grow: 1.0,
                flex_basis: px(0),
                ..default()
            },
            |n| {
                n.spawn(bold(
                    "News and cables",
                    theme::BODY,
                    p.heading,
                    &ui.theme.bold,
                ));
                news_list(n, ui, v, s.seat().rules());
            },
        );
    });
}

/// One objective or danger of the goal strip: its label, a bar, its value, and the sentence a
/// tooltip and a screen reader give. In the compact layout the chips drop their bars and the
/// dangers their measure.
fn goal_chip(c: &mut ChildSpawnerCommands, ui: &Ui, g: &crate::sim::view::Gauge, danger: bool) {
    use crate::sim::view::Better;
    let p = ui.theme.palette;
    let compact = ui.viewport.compact();
    let (value, tip) = if danger {
        (
            format!("{} → {}", g.text(), g.target),
            format!(
                "{}: the game is lost when {} reaches {}. Now {}{}; {}.",
                g.label,
                g.measure,
                g.target,
                g.text(),
                if g.band.is_some() {
                    " (an estimate: the truth may be closer)"
                } else {
                    ""
                },
                g.better.hint()
            ),
        )
    } else {
        let cmp = match g.better {
            Better::Higher => "at least",
            Better::Lower => "at most",
        };
        (
            format!("{}/{}", g.text(), g.target),
            format!(
                "For verified peace, {} must be {cmp} {}. Now {}; {}.",
                g.measure,
                g.target,
                g.text(),
                g.better.hint()
            ),
        )
    };
    let color = if danger {
        if g.met || g.fill >= 75 {
            p.bad
        } else if g.fill >= 50 {
            p.warn
        } else {
            p.text_dim
        }
    } else if g.met {
        p.good
    } else {
        p.accent
    };
    c.spawn((
        Node {
            column_gap: px(5),
            align_items: AlignItems::Center,
            ..default()
        },
        Interaction::default(),
        Tip(tip.clone()),
        AccessibleLabel::new(tip),
    ))
    .with_children(|l| {
        l.spawn((
            text(
                if danger && !compact {
                    format!("{} ({}) {}", g.label, g.short_measure(), g.better.arrow())
                } else if danger {
                    format!("{} {}", g.label, g.better.arrow())
                } else {
                    format!(
                        "{}{} {}",
                        if g.met { "\u{2713} " } else { "" },
                        g.label,
                        g.better.arrow()
                    )
                },
                theme::SMALL,
                p.text,
            ),
            TextLayout::no_wrap(),
        ));
        if compact {
            l.spawn((
                text(value.clone(), theme::SMALL, color),
                TextLayout::no_wrap(),
            ));
            return;
        }
        l.spawn((
            Node {
                width: px(48),
                height: px(8),
                border_radius: BorderRadius::all(px(3)),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(p.panel_alt),
            children![(
                Node {
                    width: percent(g.fill as f32),
                    height: percent(100),
                    ..default()
                },
                BackgroundColor(color),
            )],
        ));
        l.spawn((
            text(
                value,
                theme::SMALL,
                if g.met && !danger { p.good } else { p.text },
            ),
            TextLayout::no_wrap(),
        ));
    });
}

/// The goal with live progress, and how close each danger is, as a strip across the screen.
/// Every gauge names the way it should move.
pub fn goal_strip(c: &mut ChildSpawnerCommands, ui: &Ui, pr: &crate::sim::view::Progress) {
    let p = ui.theme.palette;
    let compact = ui.viewport.compact();
    let wrap_row = || Node {
        column_gap: px(16),
        row_gap: px(3),
        flex_wrap: FlexWrap::Wrap,
        align_items: AlignItems::Center,
        ..default()
    };
    c.spawn((
        Node {
            padding: UiRect::axes(px(16), px(4)),
            row_gap: px(3),
            flex_direction: FlexDirection::Column,
            border: UiRect::bottom(px(1)),
            ..default()
        },
        BackgroundColor(p.panel),
        BorderColor::all(p.border),
    ))
    .with_children(|strip| {
        strip.spawn(wrap_row()).with_children(|strip| {
            strip.spawn((
                bold(
                    if compact {
                        format!("Goal (held {}/{}):", pr.held.0, pr.held.1)
                    } else {
                        format!(
                            "Goal: verified peace, held {}/{} rounds:",
                            pr.held.0, pr.held.1
                        )
                    },
                    theme::SMALL,
                    p.heading,
                    &ui.theme.bold,
                ),
                TextLayout::no_wrap(),
            ));
            for g in &pr.objectives {
                goal_chip(strip, ui, g, false);
            }
        });
        strip.spawn(wrap_row()).with_children(|strip| {
            strip.spawn((
                bold("Dangers:", theme::SMALL, p.heading, &ui.theme.bold),
                TextLayout::no_wrap(),
            ));
            for g in &pr.dangers {
                goal_chip(strip, ui, g, true);
            }
        });
    });
}

fn right(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView, kept: &Kept) {
    let p = ui.theme.palette;
    let compact = ui.viewport.compact();
    // The map and news have their own column unless the layout is compact.
    let tab = if s.tab == Tab::World && !compact {
        Tab::Actions
    } else {
        s.tab
    };
    c.spawn(Node {
        width: percent(if compact { 62.0 } else { 40.0 }),
        min_width: px(0),
        min_height: px(0),
        flex_direction: FlexDirection::Column,
        row_gap: px(theme::GAP),
        ..default()
    })
    .with_children(|col| {
        col.spawn(row(6.0)).with_children(|tabs| {
            let agreements = format!(
                "Agreements ({})",
                v.agreements.iter().filter(|a| a.active).count()
            );
            let mut tab_list = vec![
                (Tab::Actions, "Actions".to_string(), "A"),
                (Tab::Offer, "Offer".to_string(), "O"),
                (Tab::Agreements, agreements, "G"),
            ];
            if compact {
                tab_list.push((Tab::World, "Map".to_string(), "N"));
            }
            for (t, label, key) in tab_list {
                let kind = Kind::selected_if(tab == t);
                tabs.spawn(button(&p, &label, Some(key), Act::Tab(t), kind, None));
            }
            let plan = s.seat().plan();
            let undecided = v
                .notices
                .iter()
                .any(|n| !plan.decisions.iter().any(|(id, _)| *id == n.agreement))
                || (v.counter.is_some() && plan.accept_counter.is_none());
            if undecided {
                tabs.spawn(text("● decision waiting", theme::SMALL, p.bad));
            }
        });
        if tab == Tab::World {
            center_column(
                col,
                ui,
                s,
                v,
                kept,
                Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(theme::GAP),
                    ..default()
                },
            );
            return;
        }
        let key = match tab {
            Tab::Actions | Tab::World => "tab-actions",
            Tab::Offer => "tab-offer",
            Tab::Agreements => "tab-agreements",
        };
        scroll_panel(
            col,
            &p,
            key,
            kept,
            6.0,
            10.0,
            Node {
                flex_grow: 1.0,
                flex_basis: px(0),
                ..default()
            },
            |panel| match tab {
                Tab::Actions | Tab::World => actions_tab(panel, ui, s, v),
                Tab::Offer => offer_tab(panel, ui, s, v),
                Tab::Agreements => agreements_tab(panel, ui, s, v),
            },
        );
        if tab == Tab::Offer {
            offer_footer(col, ui, s);
        }
    });
}

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Round, build)
        .add_keys(KeysOn::Screen(Screen::Round), keys)
        .add_acts(carry_out)
        .add_acts(actions_tab::carry_out)
        .add_acts(offer_tab::carry_out)
        .add_acts(agreements_tab::carry_out);
}

/// Builds the round screen.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, _: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    let v = s.seat().view();
    c.entity(root).with_children(|r| {
        top_bar(r, ui, s, &v, true);
        goal_strip(r, ui, &s.seat().progress());
        answer_strip(r, ui, s, &v);
        message_line(r, &p, s);
        if let Some(tip) = &v.tip {
            r.spawn((
                Node {
                    padding: UiRect::axes(px(16), px(5)),
                    ..default()
                },
                BackgroundColor(p.accent.with_alpha(0.15)),
                children![text(
                    match &tip.window {
                        Some(how) => format!("Tip: {} {how}", tip.text),
                        None => format!("Tip: {}", tip.text),
                    },
                    theme::BODY,
                    p.heading
                )],
            ));
        }
        r.spawn(crate::game::widgets::body_row())
            .with_children(|body| {
                dashboard(body, ui, s.seat().rules(), &v, kept);
                if !ui.viewport.compact() {
                    center(body, ui, s, &v, kept);
                }
                right(body, ui, s, &v, kept);
            });
    });
}

/// The round's keys: the tabs, end the round, undo, accept the terms on the table, and Esc
/// (cancel what waits for a confirmation or a target, else pause).
fn keys(key: KeyCode, cx: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyA => Some(Act::Tab(Tab::Actions)),
        KeyCode::KeyO => Some(Act::Tab(Tab::Offer)),
        KeyCode::KeyG => Some(Act::Tab(Tab::Agreements)),
        KeyCode::KeyN => Some(Act::Tab(Tab::World)),
        KeyCode::KeyE => Some(Act::EndRound),
        KeyCode::KeyU => Some(Act::Undo),
        KeyCode::KeyY => Some(Act::AcceptCounter),
        KeyCode::Escape => Some(if cx.session.is_some_and(|s| s.confirm.is_some()) {
            Act::CancelConfirm
        } else if cx.session.is_some_and(|s| s.choosing.is_some()) {
            Act::CancelTarget
        } else {
            Act::Pause
        }),
        _ => None,
    }
}

/// The round's own acts: change tab, take back the last plan, end the round.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Tab(t) => {
            if let Some(s) = sh.session.as_mut() {
                s.tab = t;
                s.choosing = None;
                s.confirm = None;
            }
        }
        Act::Undo => {
            command(sh, Command::Undo);
        }
        Act::EndRound => {
            if let Some(ack) = command(sh, Command::End) {
                if let Some(s) = sh.session.as_mut() {
                    s.show_why = false;
                    s.choosing = None;
                    s.confirm = None;
                }
                // At one screen, the seat passes to the other side before the round resolves.
                let waiting = matches!(ack, crate::sim::game::Ack::Waiting(_));
                go(
                    sh,
                    if waiting {
                        Screen::Handover
                    } else {
                        Screen::Report
                    },
                );
            }
        }
        other => return Some(other),
    }
    None
}
