//! Join a class: the address of the class server the teacher started, the join code the teacher
//! shows, and the student's name. The game then comes from the server — the class's level,
//! length, assumptions and difficulty, and the moves already made by a student who comes back.

use crate::game::acts::{Act, JOIN_CODE, JOIN_NAME, JOIN_SERVER, Screen};
use crate::game::platform;
use crate::game::screens::frame::{ScreenApp, Ui};
use crate::game::screens::page::{notice, page, page_column};
use crate::game::shell::{KeyCx, KeysOn, Shell, ShellApp, take_field};
use crate::game::theme;
use crate::game::widgets::{Kept, Kind, bold, button, row, scroll_panel, text, text_field};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_screen(Screen::Join, build)
        .add_keys(KeysOn::Screen(Screen::Join), keys)
        .add_acts(carry_out);
}

/// One labelled field.
fn field(b: &mut ChildSpawnerCommands, ui: &Ui, label: &str, key: &'static str, hint: &str) {
    let p = ui.theme.palette;
    b.spawn(Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(4),
        ..default()
    })
    .with_children(|f| {
        f.spawn(bold(label, theme::BODY, p.text, &ui.theme.bold));
        f.spawn(text_field(&p, key, label, &ui.fields, 36.0));
        f.spawn(text(hint, theme::SMALL, p.text_dim));
    });
}

fn build(c: &mut Commands, root: Entity, ui: &Ui, kept: &Kept, _: &mut Assets<Image>) {
    let p = ui.theme.palette;
    let body = page(c, root, ui, "Join a class");
    let joining = ui.joining.link.is_some();
    c.entity(body).with_children(|b| {
        b.spawn(page_column()).with_children(|col| {
            col.spawn(text(
                "Your teacher runs a class server and shows a join code. Your game then comes from the class: the scenario, its length and difficulty are the teacher's choice, every move you make is kept on the server, and if you come back with the same code and name you carry on where you were.",
                theme::BODY,
                p.text,
            ));
            // The fields and the class list scroll when they do not fit (a long class list, a
            // large interface scale); Join and Back stay in view below them.
            scroll_panel(
                col,
                &p,
                "join",
                kept,
                12.0,
                theme::PAD,
                Node {
                    flex_shrink: 1.0,
                    ..default()
                },
                |form| {
                if !platform::IN_BROWSER {
                    field(
                        form,
                        ui,
                        "Class server",
                        JOIN_SERVER,
                        "The address your teacher gives, e.g. http://10.0.0.5:8080",
                    );
                }
                field(form, ui, "Join code", JOIN_CODE, "Six letters and digits, e.g. K7PQ2M");
                field(
                    form,
                    ui,
                    "Your name",
                    JOIN_NAME,
                    "As on your class list: the teacher sees it beside your game. If your teacher made a class list, leave it empty and pick your name from the list.",
                );
                if !ui.joining.roster.is_empty() {
                    form.spawn(bold("Your class list", theme::BODY, p.text, &ui.theme.bold));
                    form.spawn(Node {
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: px(theme::GAP),
                        row_gap: px(theme::GAP),
                        max_width: px(760),
                        ..default()
                    })
                    .with_children(|names| {
                        for n in &ui.joining.roster {
                            names.spawn(button(
                                &p,
                                n,
                                None,
                                Act::JoinAs(n.clone()),
                                Kind::Normal,
                                None,
                            ));
                        }
                    });
                }
                },
            );
            col.spawn(row(theme::GAP)).with_children(|r| {
                    r.spawn(button(
                        &p,
                        if joining { "Joining…" } else { "Join" },
                        Some("Enter"),
                        Act::JoinClass,
                        Kind::Primary,
                        None,
                    ));
                    r.spawn(button(&p, "Back", Some("Esc"), Act::Back, Kind::Normal, None));
                });
        });
    });
    notice(c, root, ui);
}

fn keys(key: KeyCode, _: &KeyCx) -> Option<Act> {
    match key {
        KeyCode::Escape => Some(Act::Back),
        _ => None,
    }
}

/// The server the page came from, in the browser (students type only the code and a name).
fn page_server() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.location().origin().ok())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

fn carry_out(sh: &mut Shell, act: Act) -> Option<Act> {
    match act {
        Act::Go(Screen::Join) => {
            crate::game::shell::go(sh, Screen::Join);
            // The class last joined on this computer, filled in (the student changes what is not
            // right).
            if let Some(k) = crate::game::state::last_class(&sh.dirs) {
                for (field, value) in [
                    (JOIN_SERVER, k.server),
                    (JOIN_CODE, k.code),
                    (JOIN_NAME, k.name),
                ] {
                    let empty = sh.fields.0.get(field).is_none_or(|v| v.is_empty());
                    if empty {
                        sh.fields.0.insert(field, value);
                    }
                }
            }
            let first = if platform::IN_BROWSER {
                JOIN_CODE
            } else {
                JOIN_SERVER
            };
            let first = if sh.fields.0.get(first).is_some_and(|v| !v.is_empty()) {
                JOIN_CODE
            } else {
                first
            };
            sh.want_focus.0 = Some(Act::Field(first));
        }
        // Esc in a field leaves the page (there is no dialog on it to close).
        Act::CancelDialog if *sh.screen.get() == Screen::Join => {
            sh.focus.clear();
            crate::game::shell::go(sh, Screen::Menu);
        }
        Act::JoinClass | Act::Submit(JOIN_SERVER | JOIN_CODE | JOIN_NAME) => join(sh, None),
        Act::JoinAs(name) => join(sh, Some(name)),
        other => return Some(other),
    }
    None
}

/// Joins the class the fields name, as the name `picked` from the class list or as typed. With
/// no name typed the server answers with the class list, when there is one, to pick from.
fn join(sh: &mut Shell, picked: Option<String>) {
    let server = page_server().unwrap_or_else(|| take_field(sh, JOIN_SERVER));
    let code = take_field(sh, JOIN_CODE);
    let name = match picked {
        Some(n) => {
            sh.fields.0.insert(JOIN_NAME, n.clone());
            n
        }
        None => take_field(sh, JOIN_NAME),
    };
    let missing = if server.trim().is_empty() {
        Some("Type the class server's address your teacher gives (e.g. http://10.0.0.5:8080).")
    } else if code.trim().is_empty() {
        Some("Type the join code your teacher shows.")
    } else {
        None
    };
    if let Some(m) = missing {
        sh.notice.0 = Some((m.to_string(), true));
        return;
    }
    sh.notice.0 = Some((
        format!("Joining class {} …", code.trim().to_uppercase()),
        false,
    ));
    sh.joining.roster.clear();
    sh.joining
        .start(server.trim(), code.trim(), name.trim(), false);
}
