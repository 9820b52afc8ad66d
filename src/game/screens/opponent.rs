//! The other side's chair: on the left its situation as the core words it
//! (`analysis::wording::opponent_situation`: its values exactly, its reading of Washington, what
//! is on the table, its agreements and sites, what happened); on the right its orders — the
//! answer to the offer (with terms it may name), to inspection demands and to monitors, the
//! steps it owes (do, fake, wait), one move per track, diverting aid — and End. Every button
//! gives the same command the terminal's `play --side pyongyang` does. Nothing only Washington
//! knows is read: the screen holds an `OpponentSeat`.

use crate::analysis::document::Block;
use crate::analysis::wording;
use crate::game::acts::{Act, Screen};
use crate::game::screens::blocks;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::round::message_line;
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, command, go};
use crate::game::state::{OfferDraft, Seating};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, Tip, bold, button, row, scroll_panel, text, top_bar_node};
use crate::sim::game::{Ack, AnswerKind, Command, OpponentCommand, Terms};
use crate::sim::orders::{Answer, InspectionAnswer, StepChoice};
use crate::sim::vocab::Group;
use bevy::prelude::*;

/// The screen, its keys and its acts.
pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Opponent, build)
        .add_keys(KeysOn::Screen(Screen::Opponent), keys)
        .add_acts(carry_out);
}

/// An order button: selected when it is what is planned.
fn order(
    r: &mut ChildSpawnerCommands,
    ui: &Ui,
    label: &str,
    key: Option<&str>,
    c: OpponentCommand,
    on: bool,
    tip: String,
) {
    let p = ui.theme.palette;
    r.spawn(button(
        &p,
        label,
        key,
        Act::Order(c),
        Kind::selected_if(on),
        None,
    ))
    .insert(Tip(tip));
}

/// Builds the other chair's screen.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, images: &mut Assets<Image>) {
    let Some(s) = ui.session.as_deref() else {
        return;
    };
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let rules = seat.rules();
    let opp = rules.names.opponent.clone();
    let doc = wording::opponent_situation(seat);
    let (title, situation) = match doc.blocks.split_first() {
        Some((Block::Heading(1, t), rest)) => (t.clone(), rest),
        _ => (String::new(), &doc.blocks[..]),
    };
    let to_move = seat.to_move();
    c.entity(root).with_children(|root| {
        root.spawn(top_bar_node(&p)).with_children(|bar| {
            bar.spawn(row(16.0)).with_children(|l| {
                l.spawn(bold(title, theme::H2, p.heading, &ui.theme.bold));
                if let Some(class) = &s.class {
                    // In a class: where the moves are, and what the teacher set.
                    let (line, alarm) = class.line();
                    l.spawn(text(line, theme::SMALL, if alarm { p.bad } else { p.text_dim }));
                }
            });
            bar.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Help", Some("F1"), Act::Help, Kind::Normal, None));
                r.spawn(button(&p, "Menu", Some("Esc"), Act::Pause, Kind::Normal, None));
                if to_move {
                    r.spawn(button(
                        &p,
                        "End your half",
                        Some("E"),
                        Act::Order(OpponentCommand::End),
                        Kind::Primary,
                        None,
                    ))
                    .insert(Tip(
                        "Your orders go in and the round resolves; anything you did not answer is stalled."
                            .into(),
                    ));
                }
            });
        });
        message_line(root, &p, s);
        root.spawn(crate::game::widgets::body_row())
        .with_children(|body| {
            scroll_panel(
                body,
                &p,
                "opponent-situation",
                kept,
                5.0,
                12.0,
                Node {
                    width: percent(52),
                    ..default()
                },
                |n| {
                    blocks::blocks(n, ui, situation, images);
                    let why = wording::washington_why(s.washington_said(), s.seat().difficulty());
                    blocks::blocks(n, ui, &why, images);
                },
            );
            scroll_panel(
                body,
                &p,
                "opponent-orders",
                kept,
                6.0,
                12.0,
                Node {
                    width: percent(48),
                    ..default()
                },
                |o| {
                    if to_move {
                        orders(o, ui, s);
                    } else {
                        o.spawn(text(
                            format!("Washington is deciding; {opp}'s orders come after."),
                            theme::BODY,
                            p.text_dim,
                        ));
                    }
                },
            );
        });
    });
}

/// The orders panel.
fn orders(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let plan = seat.plan();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    h(o, "Your orders this round");
    let given = wording::opponent_orders(seat);
    if given.is_empty() {
        o.spawn(text(
            "None yet: ending now stalls on everything and makes no move.",
            theme::SMALL,
            p.text_dim,
        ));
    } else {
        for line in given {
            o.spawn(text(format!("•  {line}"), theme::SMALL, p.good));
        }
    }

    if let Some((offer, made)) = seat.offer() {
        h(o, "The U.S. offer");
        o.spawn(text(
            format!("Round {made}: {offer}."),
            theme::SMALL,
            p.text,
        ));
        let answered = |k: AnswerKind| match (&plan.answer, k) {
            (Some(Answer::Accept), AnswerKind::Accept) => true,
            (Some(Answer::Reject), AnswerKind::Reject) => true,
            (Some(Answer::Stall), AnswerKind::Stall) => plan.counter.is_none(),
            (Some(Answer::Counter(_)), AnswerKind::Counter) => true,
            _ => false,
        };
        o.spawn(row(6.0)).with_children(|r| {
            for (k, label, key, tip) in [
                (
                    AnswerKind::Accept,
                    "Accept",
                    "A",
                    "Yes: the agreement is made, and you owe its steps.",
                ),
                (
                    AnswerKind::Stall,
                    "Stall",
                    "S",
                    "Neither yes nor no: the offer stays on the table.",
                ),
                (
                    AnswerKind::Reject,
                    "Reject",
                    "R",
                    "No: the offer is off the table.",
                ),
            ] {
                order(
                    r,
                    ui,
                    label,
                    Some(key),
                    OpponentCommand::Answer {
                        answer: k,
                        terms: None,
                    },
                    answered(k),
                    tip.to_string(),
                );
            }
        });
    }
    demands(o, ui, s);
    monitors(o, ui, s);
    owed(o, ui, s);
    moves(o, ui, s);
    food_aid(o, ui, s);
    if seat.offer().is_some() {
        h(o, "Your own terms");
        terms(o, ui, s);
    }
}

/// Answers to the U.S. demands to inspect its sites.
fn demands(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    let demands = seat.inspection_demands();
    if !demands.is_empty() {
        h(o, "Inspection demands");
        for (id, name, since, stalls) in demands {
            o.spawn(text(
                wording::demand(&name, since, stalls),
                theme::SMALL,
                p.text,
            ));
            let planned = seat.planned_inspection(&id);
            o.spawn(row(6.0)).with_children(|r| {
                for (a, label) in [
                    (InspectionAnswer::Accept, "Let inspectors in"),
                    (InspectionAnswer::Stall, "Stall"),
                    (InspectionAnswer::Refuse, "Refuse"),
                ] {
                    order(
                        r,
                        ui,
                        &format!("{label}: {name}"),
                        None,
                        OpponentCommand::Inspection {
                            site: id.clone(),
                            answer: a,
                        },
                        planned == Some(a),
                        format!("Answer the demand to inspect {name}: {}.", a.label()),
                    );
                }
            });
        }
    }
}

/// The answer to the request for aid monitors.
fn monitors(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let plan = seat.plan();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    if seat.monitors_requested() {
        h(o, "Aid monitors");
        o.spawn(row(6.0)).with_children(|r| {
            for (yes, label, key) in [(true, "Let monitors in", "M"), (false, "Refuse monitors", "N")] {
                order(
                    r,
                    ui,
                    label,
                    Some(key),
                    OpponentCommand::Monitors(yes),
                    plan.monitors == Some(yes),
                    "Monitors watch where food aid goes: little of it can then be diverted, and Washington sees more.".into(),
                );
            }
        });
    }
}

/// The one-off steps it owes: do, claim without doing, or put off.
fn owed(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    let owed = seat.owed();
    if !owed.is_empty() {
        h(o, "Steps you owe");
        for st in owed {
            o.spawn(text(
                format!("Agreement {}: {}", st.agreement, st.label),
                theme::SMALL,
                p.text,
            ));
            o.spawn(row(6.0)).with_children(|r| {
                for (choice, label) in [
                    (StepChoice::Do, "Do it"),
                    (StepChoice::Fake, "Claim it, not done"),
                    (StepChoice::Wait, "Put it off"),
                ] {
                    if choice == StepChoice::Fake && !st.can_fake {
                        continue;
                    }
                    order(
                        r,
                        ui,
                        label,
                        None,
                        OpponentCommand::Step {
                            agreement: st.agreement,
                            step: st.step.clone(),
                            choice,
                        },
                        st.planned == Some(choice),
                        match choice {
                            StepChoice::Do => {
                                "Carry it out for real: verification will find it done.".into()
                            }
                            StepChoice::Fake => {
                                "Say it is done without doing it: verification may find out.".into()
                            }
                            StepChoice::Wait => "Not this round: the deadline still runs.".into(),
                        },
                    );
                }
            });
        }
    }
}

/// A move on each track: talks, in public, in secret.
fn moves(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let rules = seat.rules();
    let plan = seat.plan();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    h(o, "Moves: one on each track");
    let moves = seat.moves_possible();
    for (track, title) in [
        (crate::sim::resolve::Track::Talks, "Talks"),
        (crate::sim::resolve::Track::Public, "In public"),
        (crate::sim::resolve::Track::Covert, "In secret"),
    ] {
        let here: Vec<&(String, String, bool)> = moves
            .iter()
            .filter(|(id, _, _)| {
                rules
                    .move_by_id(id)
                    .is_some_and(|m| crate::sim::resolve::track(rules, m) == track)
            })
            .collect();
        if here.is_empty() {
            continue;
        }
        o.spawn(text(title, theme::SMALL, p.text_dim));
        o.spawn(row(6.0)).with_children(|r| {
            for (id, name, _) in here {
                let on = rules
                    .move_by_id(id)
                    .is_some_and(|m| plan.moves.contains(&m));
                let def = rules.move_by_id(id).map(|m| rules.mv(m));
                order(
                    r,
                    ui,
                    name,
                    None,
                    OpponentCommand::Move(id.clone()),
                    on,
                    def.map_or_else(String::new, |d| d.description.clone()),
                );
            }
            if track == crate::sim::resolve::Track::Public {
                order(
                    r,
                    ui,
                    "Hold",
                    None,
                    OpponentCommand::Move("hold".into()),
                    false,
                    "No public move this round.".into(),
                );
            }
        });
    }
}

/// Diverting the unmonitored aid that arrives this round.
fn food_aid(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let plan = seat.plan();
    let h = |o: &mut ChildSpawnerCommands, t: &str| {
        o.spawn(bold(t.to_string(), theme::BODY, p.heading, &ui.theme.bold));
    };
    h(o, "Food aid");
    o.spawn(row(6.0)).with_children(|r| {
        order(
            r,
            ui,
            if plan.divert {
                "Diverting unmonitored aid"
            } else {
                "Divert unmonitored aid"
            },
            Some("D"),
            OpponentCommand::Divert(!plan.divert),
            plan.divert,
            "Send the unmonitored aid arriving this round to the regime and the army instead of the hungry. Washington does not see it at once.".into(),
        );
    });
}

/// The terms the other chair may name: rewards it wants, steps it would take, then a
/// counter-offer or a stall naming them.
fn terms(o: &mut ChildSpawnerCommands, ui: &Ui, s: &crate::game::state::Session) {
    let p = ui.theme.palette;
    let seat = s.opponent_seat();
    let rules = seat.rules();
    let d = &s.terms;
    o.spawn(text(
        "Instead of yes or no: what you want, and what you would do for it. Washington may take the terms next round.",
        theme::SMALL,
        p.text_dim,
    ));
    o.spawn(row(6.0)).with_children(|r| {
        for a in rules
            .actions
            .iter()
            .filter(|a| a.offerable && a.group == Group::Concession)
        {
            r.spawn(button(
                &p,
                &a.name,
                None,
                Act::TermGive(a.id.clone()),
                Kind::selected_if(d.give.contains(&a.id)),
                None,
            ))
            .insert(Tip(a.description.clone()));
        }
    });
    o.spawn(row(6.0)).with_children(|r| {
        // Sites Washington names as suspects: offering one it does not know of would show it.
        let sites = seat.sites();
        let suspected = |i: usize| sites.get(i).is_some_and(|(_, _, s)| *s);
        for (id, label, step) in rules.askable_steps(suspected) {
            r.spawn(button(
                &p,
                &label,
                None,
                Act::TermAsk(id.clone()),
                Kind::selected_if(d.ask.contains(&id)),
                None,
            ))
            .insert(Tip(step.description.clone()));
        }
    });
    let none = d.give.is_empty() || d.ask.is_empty();
    let why = none.then_some("Choose at least one reward and one step first.");
    o.spawn(row(6.0)).with_children(|r| {
        r.spawn(button(&p, "Counter with these terms", Some("C"), Act::Counter, Kind::Normal, why))
            .insert(Tip(
                "Turn the offer down and put these terms on the table: Washington may take them next round.".into(),
            ));
        r.spawn(button(&p, "Stall, naming them", None, Act::StallWithTerms, Kind::Normal, why))
            .insert(Tip("Leave the offer on the table and say what you would take.".into()));
    });
}

/// The terms put together, as a command's.
fn terms_of(d: &OfferDraft) -> Terms {
    Terms {
        give: d.give.clone(),
        ask: d.ask.clone(),
        sequencing: d.sequencing,
        deadline: Some(d.deadline),
    }
}

/// The other chair's keys.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    let answer = |answer| {
        Some(Act::Order(OpponentCommand::Answer {
            answer,
            terms: None,
        }))
    };
    match key {
        KeyCode::KeyE => Some(Act::Order(OpponentCommand::End)),
        KeyCode::KeyA => answer(AnswerKind::Accept),
        KeyCode::KeyS => answer(AnswerKind::Stall),
        KeyCode::KeyR => answer(AnswerKind::Reject),
        KeyCode::KeyC => Some(Act::Counter),
        KeyCode::KeyM => Some(Act::Order(OpponentCommand::Monitors(true))),
        KeyCode::KeyN => Some(Act::Order(OpponentCommand::Monitors(false))),
        KeyCode::KeyD => Some(Act::Order(OpponentCommand::Divert(true))),
        KeyCode::Escape => Some(Act::Pause),
        _ => None,
    }
}

/// The other chair's acts: its orders, its terms, and the end of its half.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Order(OpponentCommand::End) => {
            if command(sh, Command::Opponent(OpponentCommand::End)) == Some(Ack::RoundEnded) {
                after_half(sh);
            }
        }
        Act::Order(c) => {
            command(sh, Command::Opponent(c));
        }
        Act::TermGive(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.terms.give, id);
            }
        }
        Act::TermAsk(id) => {
            if let Some(s) = sh.session.as_mut() {
                toggle(&mut s.terms.ask, id);
            }
        }
        Act::Counter | Act::StallWithTerms => {
            let terms = sh.session.as_ref().map(|s| terms_of(&s.terms));
            if let Some(terms) = terms {
                let answer = if act == Act::Counter {
                    AnswerKind::Counter
                } else {
                    AnswerKind::Stall
                };
                command(
                    sh,
                    Command::Opponent(OpponentCommand::Answer {
                        answer,
                        terms: Some(terms),
                    }),
                );
            }
        }
        other => return Some(other),
    }
    None
}

/// After the other chair ends its half: the debrief once over; alone, the AI Washington makes
/// its next moves and the screen shows the new round; at one screen, the handover to the U.S.
fn after_half(sh: &mut Shell) {
    let dirs = sh.dirs.clone();
    let Some(s) = sh.session.as_mut() else {
        return;
    };
    s.terms = OfferDraft::default();
    let round = s.seat().round().saturating_sub(1);
    match s.seating {
        Seating::Both if s.seat().over().is_none() => go(sh, Screen::Handover),
        _ => {
            s.washington_moves();
            if let Err(e) = crate::game::state::autosave(&dirs, s) {
                s.say(format!("Autosave failed: {e}"), true);
                return;
            }
            if s.seat().over().is_some() {
                go(sh, Screen::Debrief);
            } else {
                s.say(
                    format!("Round {round} resolved. Washington has made its moves for the next."),
                    false,
                );
            }
        }
    }
}

fn toggle(v: &mut Vec<String>, id: String) {
    if let Some(i) = v.iter().position(|x| *x == id) {
        v.remove(i);
    } else {
        v.push(id);
    }
}
