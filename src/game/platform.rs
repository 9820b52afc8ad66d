//! What differs between the desktop and the browser: where files live and what time it is.
//! (The rest of the browser's bridges to the page are in `web`.)

use crate::files::Storage;

/// Whether this is the browser build (files in the page's storage, exports as downloads).
pub const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

/// Where the game's files live: the disk on the desktop; in the browser, the page's own storage
/// (`localStorage`), under the same paths.
pub fn store() -> &'static dyn Storage {
    #[cfg(target_arch = "wasm32")]
    {
        browser::storage()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        &crate::files::Disk
    }
}

/// The time now. (`SystemTime::now` is not available in the browser: there it is the page's
/// clock.)
pub fn now() -> std::time::SystemTime {
    #[cfg(target_arch = "wasm32")]
    {
        let ms = js_sys::Date::now().max(0.0);
        std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::now;
    use crate::files::{KeyValue, Keyed, Storage};

    /// The page's `localStorage`.
    struct LocalStorage;

    fn local() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    impl KeyValue for LocalStorage {
        fn get(&self, key: &str) -> Option<String> {
            local()?.get_item(key).ok()?
        }
        fn set(&self, key: &str, value: &str) -> Result<(), String> {
            let storage = local().ok_or(
                "this browser keeps no storage for the page (private browsing, or storage turned off)",
            )?;
            storage
                .set_item(key, value)
                .map_err(|_| "the browser's storage for this page is full".to_string())
        }
        fn keys(&self) -> Vec<String> {
            let Some(storage) = local() else {
                return Vec::new();
            };
            let n = storage.length().unwrap_or(0);
            (0..n)
                .filter_map(|i| storage.key(i).ok().flatten())
                .collect()
        }
    }

    static BROWSER: Keyed<LocalStorage> = Keyed {
        kv: LocalStorage,
        now,
    };

    /// The game's files in the browser: the page's `localStorage`.
    pub fn storage() -> &'static dyn Storage {
        &BROWSER
    }
}
