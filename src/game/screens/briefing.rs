//! The briefing: the situation, objectives, sources and the length to play; then start.

use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{difficulty_key, difficulty_row, notice, page, page_column};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::shell::{digit, start_session};
use crate::game::state::{self, Seating, Session, open_level};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, row, scroll_panel, text};
use crate::sim::game::Game;
use crate::sim::vocab::Side;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Briefing, build)
        .add_keys(KeysOn::Screen(Screen::Briefing), keys)
        .add_acts(carry_out);
}

/// The briefing: context, objectives, sources; then start.
fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, images: &mut Assets<Image>) {
    let p = ui.theme.palette;
    // No level chosen (a stale state): the main menu instead.
    let Some(entry) = ui.chosen.0.and_then(|i| ui.catalog.levels.get(i)) else {
        crate::game::screens::main_menu::build(c, root, ui, kept, images);
        return;
    };
    let loaded = state::open_level(&entry.source, &ui.lengths.variant()).ok();
    let body = page(c, root, ui, &format!("Briefing: {}", entry.title));
    c.entity(body).with_children(|b| {
        b.spawn(page_column()).with_children(|col| {
            scroll_panel(col, &p, "briefing", kept, 10.0, 16.0, Node { flex_grow: 1.0, ..default() }, |s| {
                if let Some((l, _, _)) = &loaded {
                    let r = &l.rules;
                    s.spawn(text(
                        format!(
                            "{} rounds of {} month{} from {}",
                            r.rounds,
                            r.months_per_round,
                            if r.months_per_round == 1 { "" } else { "s" },
                            r.start.long()
                        ),
                        theme::BODY,
                        p.text_dim,
                    ));
                    if !r.question.is_empty() {
                        s.spawn(bold(r.question.clone(), theme::H2, p.heading, &ui.theme.bold));
                    }
                    // In the other chair alone, its own briefing; else the U.S.'s.
                    let theirs = ui.seat_choice.0 == Seating::Opponent
                        && r.sides.playable(Side::Opponent);
                    let brief = match (&r.sides.opponent, theirs) {
                        (Some(b), true) => b,
                        _ => &r.briefing,
                    };
                    if theirs {
                        s.spawn(bold(
                            format!("In {}'s chair", r.names.opponent),
                            theme::H2,
                            p.heading,
                            &ui.theme.bold,
                        ));
                    }
                    for para in brief.context.split("\n\n") {
                        s.spawn(text(para.to_string(), theme::BODY, p.text));
                    }
                    if !brief.objectives.is_empty() {
                        s.spawn(bold("Objectives", theme::H2, p.heading, &ui.theme.bold));
                        for o in &brief.objectives {
                            s.spawn(text(format!("•  {o}"), theme::BODY, p.text));
                        }
                    }
                    s.spawn(text(
                        if theirs {
                            "Each round Washington moves first; then you answer and move. Your own values are exact; Washington's state you only estimate, within a band.".to_string()
                        } else {
                            format!(
                                "{} action points a round; a budget of ${}M, refilled by Congress. Hidden values are shown as estimate ± band, and can be wrong.",
                                r.action_points, r.budget_start
                            )
                        },
                        theme::BODY,
                        p.text_dim,
                    ));
                    let cites: Vec<&str> = brief
                        .sources
                        .iter()
                        .filter_map(|id| r.sources.iter().find(|x| &x.id == id))
                        .map(|x| x.cite.as_str())
                        .collect();
                    if !cites.is_empty() {
                        s.spawn(bold("Sources", theme::H2, p.heading, &ui.theme.bold));
                        for cite in cites {
                            s.spawn(text(format!("•  {cite}"), theme::SMALL, p.text_dim));
                        }
                    }
                }
            });
            if ui.lengths.choices.len() > 1 || ui.lengths.choices.first().is_some_and(|c| c.minutes > 0) {
                col.spawn(row(theme::GAP)).with_children(|r| {
                    r.spawn(text("Length:", theme::BODY, p.text));
                    for (k, l) in ui.lengths.choices.iter().enumerate() {
                        let label = format!(
                            "{}: {} rounds, about {} min",
                            l.name, l.rounds, l.minutes
                        );
                        let kind = Kind::selected_if(ui.lengths.chosen == k);
                        let key = (k + 1).to_string();
                        r.spawn(button(&p, &label, Some(&key), Act::SetLength(k), kind, None))
                            .insert(crate::game::widgets::Tip(format!(
                                "{} rounds of {} month{}; about {:.1} minutes a round for a first-time player (reading the news and tips at {} words a minute, plus choosing and clicking).",
                                l.rounds,
                                l.months_per_round,
                                if l.months_per_round == 1 { "" } else { "s" },
                                l.minutes_per_round,
                                crate::analysis::pace::WORDS_PER_MINUTE
                            )));
                    }
                });
            }
            if let Some((l, _, _)) = &loaded
                && l.rules.sides.playable(crate::sim::vocab::Side::Opponent)
            {
                seating_row(col, ui, &l.rules);
            }
            difficulty_row(col, ui);
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Start", Some("S"), Act::Start, Kind::Primary, None));
                r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
            });
        });
    });
    notice(c, root, ui);
}

/// The chairs to choose from: the U.S., the other side's (against an AI Washington), or both at
/// one screen.
fn seating_row(b: &mut ChildSpawnerCommands, ui: &Ui, rules: &crate::sim::rules::Rules) {
    let p = ui.theme.palette;
    let opp = &rules.names.opponent;
    let us_ok = rules.sides.playable(crate::sim::vocab::Side::Us);
    b.spawn(row(theme::GAP)).with_children(|r| {
        r.spawn(text("Your chair:", theme::BODY, p.text));
        let mut choices = Vec::new();
        if us_ok {
            choices.push((Seating::Us, "U", "The U.S.".to_string()));
        }
        choices.push((Seating::Opponent, "O", opp.clone()));
        if us_ok {
            choices.push((Seating::Both, "B", format!("Both: two players, U.S. and {opp}")));
        }
        for (seating, key, label) in choices {
            let kind = Kind::selected_if(ui.seat_choice.0 == seating);
            r.spawn(button(&p, &label, Some(key), Act::SetSeating(seating), kind, None))
                .insert(crate::game::widgets::Tip(match seating {
                    Seating::Us => "You negotiate for the U.S.; the AI plays the other side.".to_string(),
                    Seating::Opponent => format!("You play {opp}; an AI plays Washington at the difficulty below."),
                    Seating::Both => format!("Two players at one screen: the U.S. plans, then a handover screen hides everything while {opp} takes the seat."),
                }));
        }
    });
}

/// The briefing's keys: S starts, a digit chooses a length, U, O and B choose the chair, Esc
/// goes back.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyU => Some(Act::SetSeating(Seating::Us)),
        KeyCode::KeyO => Some(Act::SetSeating(Seating::Opponent)),
        KeyCode::KeyB => Some(Act::SetSeating(Seating::Both)),
        KeyCode::KeyS => Some(Act::Start),
        KeyCode::Escape => Some(Act::Back),
        k if difficulty_key(k).is_some() => difficulty_key(k),
        k => digit(k).map(|d| Act::SetLength(d as usize - 1)),
    }
}

/// The briefing's acts: choose a length, start the game.
fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::SetLength(i) => {
            if i < sh.lengths.choices.len() {
                sh.lengths.chosen = i;
            }
        }
        Act::SetSeating(seating) => sh.seat_choice.0 = seating,
        Act::Start => {
            // No level chosen: nothing to start (the act is used up).
            let entry = sh
                .chosen
                .0
                .and_then(|i| sh.catalog.levels.get(i))
                .cloned()?;
            match open_level(&entry.source, &sh.lengths.variant()) {
                Ok((loaded, file, watch)) => {
                    let seed = platform::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(1);
                    let seed = std::env::var("QPQ_SEED")
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(seed);
                    // A chair the level does not offer falls back to the one it does.
                    let sides = &loaded.rules.sides;
                    let seating = match sh.seat_choice.0 {
                        Seating::Us if !sides.playable(Side::Us) => Seating::Opponent,
                        Seating::Opponent | Seating::Both if !sides.playable(Side::Opponent) => {
                            Seating::Us
                        }
                        Seating::Both if !sides.playable(Side::Us) => Seating::Opponent,
                        s => s,
                    };
                    let game = match seating {
                        Seating::Us => {
                            Game::new(loaded.rules.clone(), seed, sh.settings.difficulty)
                        }
                        _ => Game::seated(
                            loaded.rules.clone(),
                            seed,
                            sh.settings.difficulty,
                            crate::sim::game::Chair::Person,
                        ),
                    };
                    let session =
                        Session::new(game, loaded.variant, file, watch).seated(seating, None);
                    if let Err(e) = state::autosave(&sh.dirs, &session) {
                        sh.notice.0 = Some((format!("Autosave failed: {e}"), true));
                    }
                    start_session(sh, session);
                }
                Err(e) => sh.notice.0 = Some((e, true)),
            }
        }
        other => return Some(other),
    }
    None
}
