//! The Actions tab: a card per U.S. action, by group, with its cost, previewed effects and why it
//! is unavailable; the target chooser under the card being planned.

use super::*;
use crate::game::acts::Act;
use crate::game::shell::{Shell, command};
use crate::sim::game::Command;

/// A clickable card: a title, lines of detail, the act, and why it is unavailable if it is.
fn card(
    c: &mut ChildSpawnerCommands,
    p: &Palette,
    title: String,
    detail: Vec<String>,
    act: Act,
    disabled: Option<String>,
    tip: String,
) {
    let fg = if disabled.is_some() {
        p.text_dim
    } else {
        p.text
    };
    let accessible = match &disabled {
        Some(why) => format!("{title}, unavailable: {why}"),
        None => title.clone(),
    };
    c.spawn((
        WidgetButton,
        Interaction::default(),
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(10), px(6)),
            row_gap: px(2),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            width: percent(100),
            ..default()
        },
        BackgroundColor(if disabled.is_some() {
            p.button_disabled
        } else {
            p.button
        }),
        BorderColor::all(p.border),
        crate::game::widgets::ButtonStyle {
            normal: if disabled.is_some() {
                p.button_disabled
            } else {
                p.button
            },
            hover: p.button_hover,
            pressed: p.button_press,
        },
        TabIndex(0),
        AccessibleLabel::new(accessible),
        act,
        Tip(match &disabled {
            Some(why) => format!("Not now: {why}"),
            None => tip,
        }),
    ))
    .insert_if(InteractionDisabled, || disabled.is_some())
    .with_children(|b| {
        b.spawn(crate::game::widgets::caption(title, theme::BODY, fg));
        for d in detail {
            b.spawn(text(d, theme::SMALL, p.text_dim));
        }
        if let Some(why) = disabled {
            b.spawn(text(format!("Not now: {why}"), theme::SMALL, p.warn));
        }
    });
}

/// The targets for the action being planned, shown right under its card.
fn target_chooser(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    let rules = s.seat().rules();
    if let Some(id) = &s.choosing
        && let Some(ix) = rules.action_ix(id)
        && let Some(a) = rules.actions.get(ix as usize)
    {
        c.spawn(crate::game::widgets::callout(p.accent))
            .with_children(|t| {
                t.spawn(bold(
                    format!("{}: choose a target", a.name),
                    theme::BODY,
                    p.heading,
                    &ui.theme.bold,
                ));
                t.spawn(row(6.0)).with_children(|r| match a.target {
                    TargetKind::Site => {
                        for site in v.sites.iter().filter(|x| x.suspected) {
                            r.spawn(button(
                                &p,
                                &site.name,
                                None,
                                Act::Target(site.id.clone()),
                                Kind::Normal,
                                None,
                            ));
                        }
                    }
                    TargetKind::Variable => {
                        for var in rules.hidden_vars() {
                            r.spawn(button(
                                &p,
                                rules.label(var),
                                None,
                                Act::Target(rules.var_id(var).into()),
                                Kind::Normal,
                                None,
                            ));
                        }
                    }
                    TargetKind::None => {}
                });
                t.spawn(button(
                    &p,
                    "Cancel",
                    Some("Esc"),
                    Act::CancelTarget,
                    Kind::Normal,
                    None,
                ));
            });
    }
}

pub(super) fn actions_tab(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    let g = s.seat();
    let rules = g.rules();
    // What is planned.
    let plan = g.plan();
    c.spawn(bold(
        "Planned this round",
        theme::BODY,
        p.heading,
        &ui.theme.bold,
    ));
    let planned = plan.describe(rules);
    if planned.is_empty() {
        c.spawn(text(
            "Nothing yet. Doing nothing is a legal, sometimes wise, choice.",
            theme::SMALL,
            p.text_dim,
        ));
    } else {
        for line in planned {
            c.spawn(text(format!("•  {line}"), theme::SMALL, p.text));
        }
        c.spawn(row(theme::GAP)).with_children(|r| {
            r.spawn(button(
                &p,
                "Undo last",
                Some("U"),
                Act::Undo,
                Kind::Normal,
                None,
            ));
            r.spawn(text(
                "Nothing happens until you end the round.",
                theme::SMALL,
                p.text_dim,
            ));
        });
    }
    // The catalogue, by group.
    for group in Group::ALL.iter().copied() {
        // A group the level empties (every military action disabled, say) is not shown.
        if !rules.actions.iter().any(|a| a.group == group) {
            continue;
        }
        c.spawn(bold(group.label(), theme::BODY, p.heading, &ui.theme.bold));
        for (ix, a) in rules
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.group == group)
        {
            let probe = match a.target {
                TargetKind::None => g.check_action(ix as u16, Target::None),
                _ => {
                    // Any target will do for the check of points, money and conditions.
                    let t = match a.target {
                        TargetKind::Site => Target::Site(u16::MAX),
                        _ => Target::Var(Var::Nuclear),
                    };
                    g.check_action(ix as u16, t)
                }
            };
            let disabled = probe.err().map(|e| e.to_string());
            let cost = format!(
                "{} AP · ${}M{}{}",
                a.ap,
                a.cost,
                match a.target {
                    TargetKind::Site => " · needs a site",
                    TargetKind::Variable => " · needs a variable",
                    TargetKind::None => "",
                },
                if a.offerable {
                    " · can be offered"
                } else {
                    ""
                }
            );
            let preview = crate::sim::describe::describe_effects(rules, &a.effects);
            card(
                c,
                &p,
                a.name.clone(),
                vec![cost, preview],
                Act::Plan(a.id.clone()),
                disabled,
                a.description.clone(),
            );
            if s.choosing.as_deref() == Some(a.id.as_str()) {
                target_chooser(c, ui, s, v);
            }
        }
    }
}

/// The actions tab's acts: plan an action, choose its target.
pub(super) fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Plan(id) => {
            let needs = sh.session.as_ref().and_then(|s| {
                s.seat()
                    .rules()
                    .action_ix(&id)
                    .and_then(|ix| s.seat().rules().actions.get(ix as usize))
                    .map(|a| a.target)
            });
            match needs {
                Some(crate::level::types::TargetKind::None) => {
                    command(
                        sh,
                        Command::Act {
                            action: id,
                            target: None,
                        },
                    );
                }
                Some(kind) => {
                    if let Some(s) = sh.session.as_mut() {
                        let first = match kind {
                            crate::level::types::TargetKind::Site => s
                                .seat()
                                .view()
                                .sites
                                .into_iter()
                                .find(|x| x.suspected)
                                .map(|x| x.id),
                            _ => {
                                let rules = s.seat().rules();
                                rules
                                    .hidden_vars()
                                    .next()
                                    .map(|v| rules.var_id(v).to_string())
                            }
                        };
                        sh.want_focus.0 = first.map(Act::Target);
                        s.choosing = Some(id);
                        s.message = None;
                    }
                }
                None => {}
            }
        }
        Act::Target(t) => {
            let action = sh.session.as_mut().and_then(|s| s.choosing.take());
            if let Some(action) = action {
                command(
                    sh,
                    Command::Act {
                        action,
                        target: Some(t),
                    },
                );
            }
        }
        Act::CancelTarget => {
            if let Some(s) = sh.session.as_mut() {
                s.choosing = None;
            }
        }
        other => return Some(other),
    }
    None
}
