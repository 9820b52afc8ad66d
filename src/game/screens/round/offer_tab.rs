//! The Offer tab: the offer builder (what the U.S. gives, what it asks, in what order, by when)
//! and, fixed under it, the terms and the Send button.

use super::*;
use crate::game::acts::Act;
use crate::game::shell::{Shell, command};
use crate::sim::game::Command;

pub(super) fn offer_tab(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    let g = s.seat();
    let rules = g.rules();
    let d = &s.offer;
    if let Some(o) = &v.open_offer {
        c.spawn(text(
            crate::analysis::wording::open_offer(o),
            theme::SMALL,
            p.warn,
        ));
    }
    c.spawn(bold(
        "Give (rewards)",
        theme::BODY,
        p.heading,
        &ui.theme.bold,
    ));
    c.spawn(row(6.0)).with_children(|r| {
        for a in rules
            .actions
            .iter()
            .filter(|a| a.offerable && a.group == Group::Concession)
        {
            let on = d.give.contains(&a.id);
            r.spawn(button(
                &p,
                &format!("{} (${}M)", a.name, a.cost),
                None,
                Act::Give(a.id.clone()),
                Kind::selected_if(on),
                None,
            ))
            .insert(Tip(a.description.clone()));
        }
    });
    c.spawn(bold("Ask (steps)", theme::BODY, p.heading, &ui.theme.bold));
    c.spawn(row(6.0)).with_children(|r| {
        let suspected = |i: usize| v.sites.get(i).is_some_and(|x| x.suspected);
        for (id, label, step) in rules.askable_steps(suspected) {
            let on = d.ask.contains(&id);
            r.spawn(button(
                &p,
                &label,
                None,
                Act::Ask(id),
                Kind::selected_if(on),
                None,
            ))
            .insert(Tip(format!(
                "{} Verified by: {}.",
                step.description, step.verification
            )));
        }
    });
}

/// The offer's terms and its Send button, fixed under the offer builder so they never scroll
/// out of reach.
pub(super) fn offer_footer(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session) {
    let p = ui.theme.palette;
    let g = s.seat();
    let rules = g.rules();
    let d = &s.offer;
    c.spawn(crate::game::widgets::panel_with(
        &p,
        p.panel_alt,
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(8)),
            row_gap: px(5),
            flex_shrink: 0.0,
            ..default()
        },
    ))
    .with_children(|c| {
    let planned = g.plan().offer.as_ref();
    let draft = offer_of_draft(g, d);
    let same = planned.is_some() && planned == draft.as_ref();
    match (planned, same) {
        (Some(o), true) => {
            c.spawn(text(
                format!(
                    "\u{2713} Planned: {}. It goes to {} when you end the round; Clear takes it back.",
                    crate::sim::describe::describe_offer(rules, o),
                    rules.names.opponent
                ),
                theme::SMALL,
                p.good,
            ));
        }
        (Some(o), false) => {
            c.spawn(text(
                format!(
                    "Planned: {}. Send again to replace it with the terms below.",
                    crate::sim::describe::describe_offer(rules, o)
                ),
                theme::SMALL,
                p.warn,
            ));
        }
        (None, _) => {}
    }
    sequencing_row(c, ui, d.sequencing);
    let cost: i32 = d
        .give
        .iter()
        .filter_map(|id| {
            rules
                .action_ix(id)
                .and_then(|ix| rules.actions.get(ix as usize))
        })
        .map(|a| a.cost)
        .sum();
    let missing = if d.give.is_empty() || d.ask.is_empty() {
        Some("choose at least one reward and one step")
    } else {
        None
    };
    c.spawn(row(6.0)).with_children(|r| {
        r.spawn(text(
            format!(
                "Deadline: {} round{}",
                d.deadline,
                if d.deadline == 1 { "" } else { "s" }
            ),
            theme::SMALL,
            p.text,
        ));
        r.spawn(button(&p, "−", None, Act::DeadlineDown, Kind::Normal, None));
        r.spawn(button(&p, "+", None, Act::DeadlineUp, Kind::Normal, None));
        if same {
            r.spawn(text("\u{2713} Offer planned", theme::BODY, p.good));
        } else {
            r.spawn(button(
                &p,
                "Send offer",
                None,
                Act::SendOffer,
                Kind::Primary,
                missing,
            ));
        }
        r.spawn(button(
            &p,
            "Clear",
            None,
            Act::ClearOffer,
            Kind::Normal,
            None,
        ));
    });
    let chosen = format!(
        "{} reward{}, {} step{}: ${cost}M set aside until delivered (returned if the offer fails).",
        d.give.len(),
        if d.give.len() == 1 { "" } else { "s" },
        d.ask.len(),
        if d.ask.len() == 1 { "" } else { "s" },
    );
    c.spawn(text(
        if ui.viewport.compact() {
            chosen
        } else {
            format!(
                "{chosen} {} answers when the round ends.",
                rules.names.opponent
            )
        },
        theme::SMALL,
        p.text_dim,
    ));
    });
}

/// The four orders of an offer, the chosen one marked, each with a tooltip saying what it means.
fn sequencing_row(c: &mut ChildSpawnerCommands, ui: &Ui, chosen: Sequencing) {
    let p = ui.theme.palette;
    c.spawn(row(6.0)).with_children(|r| {
        r.spawn(bold("Sequencing:", theme::SMALL, p.heading, &ui.theme.bold));
        for (q, label, tip) in [
            (
                Sequencing::StepFirst,
                "Step first",
                "The reward is held until the steps are verified: quid pro quo.",
            ),
            (
                Sequencing::Instalments,
                "In instalments",
                "The rewards are released in order as the steps are verified, each step its share: action for action.",
            ),
            (
                Sequencing::Simultaneous,
                "Simultaneous",
                "The reward is given at once and the steps are due at once.",
            ),
            (
                Sequencing::RewardFirst,
                "Reward first",
                "The reward is given at once, on trust.",
            ),
        ] {
            r.spawn(button(
                &p,
                label,
                None,
                Act::Sequence(q),
                Kind::selected_if(chosen == q),
                None,
            ))
            .insert(Tip(tip.to_string()));
        }
    });
}

/// The draft as the offer the game would plan, if it is a valid one.
fn offer_of_draft(
    g: crate::sim::seat::UsSeat<'_>,
    d: &crate::game::state::OfferDraft,
) -> Option<crate::sim::state::Offer> {
    g.try_plan(crate::sim::game::Command::Offer {
        give: d.give.clone(),
        ask: d.ask.clone(),
        sequencing: d.sequencing,
        deadline: Some(d.deadline),
    })?
    .offer
}

/// The offer tab's acts: build the offer, send or clear it, answer the terms on the table.
pub(super) fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Give(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.offer.give, id);
            }
        }
        Act::Ask(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.offer.ask, id);
            }
        }
        Act::Sequence(q) => {
            if let Some(s) = sh.session.as_mut() {
                s.offer.sequencing = q;
            }
        }
        Act::DeadlineUp | Act::DeadlineDown => {
            if let Some(s) = sh.session.as_mut() {
                s.offer.deadline = if act == Act::DeadlineUp {
                    (s.offer.deadline + 1).min(12)
                } else {
                    s.offer.deadline.saturating_sub(1).max(1)
                };
            }
        }
        Act::SendOffer => {
            // The draft stays as sent, so the builder shows what is planned.
            let draft = sh.session.as_ref().map(|s| s.offer.clone());
            if let Some(d) = draft {
                command(
                    sh,
                    Command::Offer {
                        give: d.give,
                        ask: d.ask,
                        sequencing: d.sequencing,
                        deadline: Some(d.deadline),
                    },
                );
            }
        }
        Act::ClearOffer => {
            let planned = sh.session.as_mut().is_some_and(|s| {
                s.offer = Default::default();
                s.seat().plan().offer.is_some()
            });
            if planned {
                command(sh, Command::CancelOffer);
            }
        }
        Act::AcceptCounter => {
            command(sh, Command::AcceptCounter);
        }
        Act::RejectCounter => {
            command(sh, Command::RejectCounter);
        }
        other => return Some(other),
    }
    None
}

fn toggle(list: &mut Vec<String>, id: String) {
    if let Some(i) = list.iter().position(|x| *x == id) {
        list.remove(i);
    } else {
        list.push(id);
    }
}
