//! The browser build's bridges to the page (wasm32 only; `web/index.html` is the other side):
//!
//! - files live in the page's `localStorage` under the same paths as on the desktop
//!   (`platform::store`), so saves, the autosave and settings survive a reload and a closed tab;
//! - exports download as files ([`download`]);
//! - a file the player chooses (Load → Choose a file) or drops on the page is handed to the game
//!   by the page's script (`window.qpqInbox`), kept in the browser's storage (a level among
//!   the player's levels, a record among the opened files) and opened as on the desktop;
//! - the page hides its loading screen when the main menu is drawn ([`ready`]).

use crate::game::acts::Screen;
use crate::game::acts::{Act, Do, Notice};
use crate::game::state::Dirs;
use bevy::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `body` to the player as a downloaded file called `name`.
pub fn download(name: &str, mime: &str, body: &str) -> Result<(), String> {
    let failed = |what: &str| format!("the browser refused the download ({what})");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let document = window.document().ok_or_else(|| failed("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    let kind = web_sys::BlobPropertyBag::new();
    kind.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &kind)
        .map_err(|_| failed("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed("url"))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| failed("link"))?
        .dyn_into()
        .map_err(|_| failed("link"))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The click has started the download: the page script frees the URL a little later.
    call_page("qpqRevokeLater", &[JsValue::from_str(&url)]);
    Ok(())
}

/// Calls `window[name](args…)` if the page defines it.
fn call_page(name: &str, args: &[JsValue]) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(f) = js_sys::Reflect::get(&window, &JsValue::from_str(name)) else {
        return false;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return false;
    };
    let array: js_sys::Array = args.iter().collect();
    f.apply(&JsValue::NULL, &array).is_ok()
}

/// Opens the page's file picker (Load → Choose a file). The file chosen comes back through
/// `window.qpqInbox`.
pub fn pick_file() -> bool {
    call_page("qpqPickFile", &[])
}

/// The files the page has handed over (`window.qpqInbox`, a list of `{name, text}`), taken
/// out of its list. The game reads them rather than the page calling in, so nothing has to be
/// exported from the module.
fn take_inbox() -> Vec<(String, String)> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let Ok(inbox) = js_sys::Reflect::get(&window, &JsValue::from_str("qpqInbox")) else {
        return Vec::new();
    };
    let Ok(list) = inbox.dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    if list.length() == 0 {
        return Vec::new();
    }
    let field = |v: &JsValue, name: &str| {
        js_sys::Reflect::get(v, &JsValue::from_str(name))
            .ok()
            .and_then(|x| x.as_string())
    };
    let files = list
        .iter()
        .filter_map(|v| Some((field(&v, "name")?, field(&v, "text")?)))
        .collect();
    list.set_length(0);
    files
}

/// Keeps each handed-over file in the browser's storage and opens it: a game record goes to the
/// opened files, anything else to the player's levels (where the level list finds it again after
/// a reload, and where the game looks for the level of a record). A file of the same name is
/// replaced: opening a level again after editing it is the browser's hot reload.
fn receive_files(dirs: Res<Dirs>, mut out: MessageWriter<Do>, mut notice: ResMut<Notice>) {
    for (name, text) in take_inbox() {
        let path = crate::game::state::kept_path(&dirs, &name, &text);
        match crate::game::platform::store().write(&path, text.as_bytes()) {
            Ok(()) => {
                out.write(Do(Act::Open(path)));
            }
            Err(e) => {
                notice.0 = Some((format!("{name} could not be kept: {e}"), true));
            }
        }
    }
}

/// Tells the page the main menu is on screen, once: it hides its loading screen and logs the time
/// from page load.
fn ready(mut frames: Local<u32>) {
    // The menu is built in the first frames; two more frames put it on the canvas.
    if *frames < 3 {
        *frames += 1;
        if *frames == 3 {
            call_page("qpqReady", &[]);
        }
    }
}

/// Tells the page which screen is shown (it names it in the page title, and the browser tests
/// follow the game by it).
fn tell_screen(screen: Res<State<Screen>>) {
    if screen.is_changed() {
        call_page(
            "qpqScreen",
            &[JsValue::from_str(&format!("{:?}", screen.get()))],
        );
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            receive_files.before(crate::game::acts::Handled),
            ready,
            tell_screen,
        ),
    );
}
