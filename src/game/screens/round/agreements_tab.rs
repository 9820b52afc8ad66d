//! The Agreements tab: agreements in force with their steps and deadlines, violations to answer,
//! counter-offers and demands.

use super::*;
use crate::game::acts::Act;
use crate::game::shell::{Shell, command};
use crate::sim::game::Command;
use crate::sim::state::Notice;
use crate::sim::view::AgreementView;

pub(super) fn agreements_tab(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    let decided = &s.seat().plan().decisions;
    for n in &v.notices {
        let choice = decided
            .iter()
            .find(|(id, _)| *id == n.agreement)
            .map(|(_, d)| *d);
        violation(c, ui, n, choice);
    }
    on_the_table(c, ui, s, v);
    let live: Vec<_> = v.agreements.iter().filter(|a| a.active).collect();
    c.spawn(bold(
        "Agreements in force",
        theme::BODY,
        p.heading,
        &ui.theme.bold,
    ));
    if live.is_empty() {
        c.spawn(text(
            "None. Make an offer to start one.",
            theme::SMALL,
            p.text_dim,
        ));
    }
    for a in live {
        agreement_card(c, ui, s, a);
    }
    let ended: Vec<_> = v.agreements.iter().filter(|a| !a.active).collect();
    if !ended.is_empty() {
        c.spawn(bold("Ended", theme::BODY, p.heading, &ui.theme.bold));
        for a in ended {
            c.spawn(text(
                format!(
                    "[{}] {} — {}",
                    a.id,
                    a.name,
                    a.ended.clone().unwrap_or_default()
                ),
                theme::SMALL,
                p.text_dim,
            ));
        }
    }
}

/// A violation the player must answer: enforce or look away.
fn violation(
    c: &mut ChildSpawnerCommands,
    ui: &Ui,
    n: &Notice,
    choice: Option<crate::sim::orders::Decision>,
) {
    let p = ui.theme.palette;
    c.spawn(crate::game::widgets::callout(p.bad))
        .with_children(|b| {
            b.spawn(text(
                crate::analysis::wording::violation(n),
                theme::BODY,
                p.bad,
            ));
            b.spawn(row(6.0)).with_children(|r| {
                r.spawn(button(
                    &p,
                    "Enforce",
                    None,
                    Act::Enforce(n.agreement),
                    Kind::selected_if(choice == Some(crate::sim::orders::Decision::Enforce)),
                    None,
                ));
                r.spawn(button(
                    &p,
                    "Look away",
                    None,
                    Act::LookAway(n.agreement),
                    Kind::selected_if(choice == Some(crate::sim::orders::Decision::LookAway)),
                    None,
                ));
                r.spawn(text(
                    crate::analysis::wording::UNDECIDED_PASSES,
                    theme::SMALL,
                    p.text_dim,
                ));
            });
        });
}

/// What is on the table: the last answer to the player's offer and any terms to accept.
fn on_the_table(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, v: &PlayerView) {
    let p = ui.theme.palette;
    if let Some(a) = &v.answer {
        c.spawn(bold(
            "The last answer to your offer",
            theme::BODY,
            p.heading,
            &ui.theme.bold,
        ));
        c.spawn(text(
            crate::analysis::describe_answer(s.seat().rules(), a),
            theme::SMALL,
            p.text,
        ));
    }
    if let Some(counter) = &v.counter {
        c.spawn(text(
            crate::analysis::wording::counter_terms(&s.seat().rules().names.opponent, counter),
            theme::BODY,
            p.warn,
        ));
        c.spawn(row(6.0)).with_children(|r| {
            r.spawn(button(
                &p,
                "Accept",
                None,
                Act::AcceptCounter,
                Kind::Normal,
                None,
            ));
            r.spawn(button(
                &p,
                "Reject",
                None,
                Act::RejectCounter,
                Kind::Normal,
                None,
            ));
        });
    }
}

/// An agreement in force: its steps as the player knows them, what it gives, its deadline, and
/// withdrawing from it.
fn agreement_card(c: &mut ChildSpawnerCommands, ui: &Ui, s: &Session, a: &AgreementView) {
    let p = ui.theme.palette;
    c.spawn((
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(3),
            padding: UiRect::all(px(8)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(theme::RADIUS)),
            ..default()
        },
        BorderColor::all(p.border),
        BackgroundColor(p.panel_alt),
    ))
    .with_children(|b| {
        b.spawn(text(format!("[{}] {}", a.id, a.name), theme::BODY, p.text));
        for (label, st) in &a.steps {
            let color = match st {
                crate::sim::view::StepStatus::Verified => p.good,
                crate::sim::view::StepStatus::Claimed => p.warn,
                _ => p.text_dim,
            };
            b.spawn(text(
                format!("•  {}", crate::analysis::wording::step_status(label, *st)),
                theme::SMALL,
                color,
            ));
        }
        if !a.gives.is_empty() {
            b.spawn(text(a.gives_line(), theme::SMALL, p.text_dim));
        }
        if !a.note.is_empty() {
            b.spawn(text(a.note.clone(), theme::SMALL, p.text_dim));
        }
        if let Some(dl) = a.deadline {
            b.spawn(text(
                crate::analysis::wording::steps_due(dl),
                theme::SMALL,
                p.text_dim,
            ));
        }
        withdraw(b, &p, s, a);
    });
}

/// Withdrawing from an agreement: planned (undo), asked to confirm, or offered.
fn withdraw(b: &mut ChildSpawnerCommands, p: &Palette, s: &Session, a: &AgreementView) {
    let p = *p;
    if s.seat().plan().breaks.contains(&a.id) {
        b.spawn(text(
            "Withdrawal planned: it takes effect when the round ends.",
            theme::SMALL,
            p.bad,
        ));
        b.spawn(button(
            &p,
            "Undo last",
            Some("U"),
            Act::Undo,
            Kind::Normal,
            None,
        ));
    } else if s.confirm.as_ref() == Some(&Act::Break(a.id)) {
        b.spawn(text(
            format!(
                "Withdraw from agreement {}? Any rewards it holds stop, {} remembers the U.S. broke a deal, and U.S. credibility falls. You can still undo it until you end the round.",
                a.id,
                s.seat().rules().names.opponent
            ),
            theme::SMALL,
            p.warn,
        ));
        b.spawn(row(6.0)).with_children(|r| {
            r.spawn(button(
                &p,
                "Yes, withdraw",
                None,
                Act::Confirm,
                Kind::Danger,
                None,
            ));
            r.spawn(button(
                &p,
                "Keep it",
                Some("Esc"),
                Act::CancelConfirm,
                Kind::Normal,
                None,
            ));
        });
    } else {
        b.spawn(button(
            &p,
            "Withdraw…",
            None,
            Act::Break(a.id),
            Kind::Danger,
            None,
        ));
    }
}

/// The agreements tab's acts: enforce or overlook a violation, withdraw (after a confirmation).
pub(super) fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Enforce(id) => {
            command(sh, Command::Enforce(id));
        }
        Act::LookAway(id) => {
            command(sh, Command::LookAway(id));
        }
        Act::Break(id) => {
            if let Some(s) = sh.session.as_mut() {
                s.confirm = Some(Act::Break(id));
                s.message = None;
            }
        }
        Act::Confirm => {
            let waiting = sh.session.as_mut().and_then(|s| s.confirm.take());
            if let Some(Act::Break(id)) = waiting {
                command(sh, Command::Break(id));
            }
        }
        Act::CancelConfirm => {
            if let Some(s) = sh.session.as_mut() {
                s.confirm = None;
            }
        }
        other => return Some(other),
    }
    None
}
