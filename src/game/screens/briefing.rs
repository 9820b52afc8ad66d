//! The briefing: the situation, objectives, sources and the length to play; then start.

use crate::game::acts::{Act, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{difficulty_row, notice, page, page_column};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp};
use crate::game::shell::{digit, start_session};
use crate::game::state::{self, Session, open_level};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, row, scroll_panel, text};
use crate::sim::game::Game;
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
                    for para in r.briefing.context.split("\n\n") {
                        s.spawn(text(para.to_string(), theme::BODY, p.text));
                    }
                    if !r.briefing.objectives.is_empty() {
                        s.spawn(bold("Objectives", theme::H2, p.heading, &ui.theme.bold));
                        for o in &r.briefing.objectives {
                            s.spawn(text(format!("•  {o}"), theme::BODY, p.text));
                        }
                    }
                    s.spawn(text(
                        format!(
                            "{} action points a round; a budget of ${}M, refilled by Congress. Hidden values are shown as estimate ± band, and can be wrong.",
                            r.action_points, r.budget_start
                        ),
                        theme::BODY,
                        p.text_dim,
                    ));
                    let cites: Vec<&str> = r
                        .briefing
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
            difficulty_row(col, ui);
            col.spawn(row(theme::GAP)).with_children(|r| {
                r.spawn(button(&p, "Start", Some("S"), Act::Start, Kind::Primary, None));
                r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
            });
        });
    });
    notice(c, root, ui);
}

/// The briefing's keys: S starts, a digit chooses a length, Esc goes back.
fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::KeyS => Some(Act::Start),
        KeyCode::Escape => Some(Act::Back),
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
                    let game = Game::new(loaded.rules.clone(), seed, sh.settings.difficulty);
                    let session = Session::new(game, loaded.variant, file, watch);
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
