//! Files the program reads and writes: game records, saves, settings, levels and exports.
//!
//! On the desktop they are files on disk ([`Disk`]), written atomically with the permissions a
//! new file gets. In the browser there is no file system: the same paths name entries of the
//! page's storage ([`Keyed`] over a [`KeyValue`] store such as `localStorage`). Everything that
//! reads or writes a file takes a [`Storage`], so the rules, levels and records work the same
//! in both.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where files live: the disk, or the browser's storage.
pub trait Storage {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// Writes a file whole, so that a reader (or a crash) sees the old file or the new one,
    /// never half of one; creates its folder if need be.
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), WriteError>;
    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool;
    /// The files directly in `dir` (not in its subfolders), sorted by path.
    fn list(&self, dir: &Path) -> Vec<PathBuf>;
    /// When a file was last written.
    fn modified(&self, path: &Path) -> Option<SystemTime>;
}

/// The files on disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

#[cfg(not(target_arch = "wasm32"))]
impl Storage for Disk {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        write_atomic(path, bytes)
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }
    fn modified(&self, path: &Path) -> Option<SystemTime> {
        std::fs::metadata(path).and_then(|m| m.modified()).ok()
    }
}

/// There are no files on disk in the browser: every read fails and every write says so.
#[cfg(target_arch = "wasm32")]
impl Storage for Disk {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            format!("no files on disk in the browser: {}", path.display()),
        ))
    }
    fn write(&self, path: &Path, _bytes: &[u8]) -> Result<(), WriteError> {
        Err(WriteError {
            path: path.to_path_buf(),
            message: "no files on disk in the browser".into(),
        })
    }
    fn is_file(&self, _path: &Path) -> bool {
        false
    }
    fn list(&self, _dir: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
    fn modified(&self, _path: &Path) -> Option<SystemTime> {
        None
    }
}

/// A store of text under string keys: the browser's `localStorage`, or memory in tests.
pub trait KeyValue {
    /// The text under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Puts `value` under `key` (one operation: it is there whole or not at all).
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    /// Every key.
    fn keys(&self) -> Vec<String>;
}

/// A key-value store in memory (for tests, and as a fallback when the browser refuses storage).
#[derive(Debug, Default)]
pub struct Memory(Mutex<BTreeMap<String, String>>);

impl KeyValue for Memory {
    fn get(&self, key: &str) -> Option<String> {
        self.0.lock().ok()?.get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let mut map = self.0.lock().map_err(|e| e.to_string())?;
        map.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn keys(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// Files kept in a key-value store: a file's text is under `qpq:file:PATH` and the time it was
/// written (milliseconds since 1970) under `qpq:time:PATH`. Files are text (levels, records,
/// settings): bytes that are not UTF-8 are kept with the replacement character.
#[derive(Debug)]
pub struct Keyed<K> {
    /// The store.
    pub kv: K,
    /// The clock that stamps writes (the page's clock in the browser).
    pub now: fn() -> SystemTime,
}

const FILE_KEY: &str = "qpq:file:";
const TIME_KEY: &str = "qpq:time:";

fn key_of(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl<K: KeyValue> Keyed<K> {
    /// Files in `kv`, stamped by `now`.
    pub fn new(kv: K, now: fn() -> SystemTime) -> Keyed<K> {
        Keyed { kv, now }
    }
}

impl<K: KeyValue> Storage for Keyed<K> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.kv
            .get(&format!("{FILE_KEY}{}", key_of(path)))
            .map(String::into_bytes)
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("there is no {} in this browser's storage", path.display()),
                )
            })
    }
    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        let key = key_of(path);
        let text = String::from_utf8_lossy(bytes);
        let fail = |message: String| WriteError {
            path: path.to_path_buf(),
            message,
        };
        self.kv
            .set(&format!("{FILE_KEY}{key}"), &text)
            .map_err(fail)?;
        let ms = (self.now)()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        self.kv
            .set(&format!("{TIME_KEY}{key}"), &ms.to_string())
            .map_err(fail)
    }
    fn is_file(&self, path: &Path) -> bool {
        self.kv
            .get(&format!("{FILE_KEY}{}", key_of(path)))
            .is_some()
    }
    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let prefix = format!("{FILE_KEY}{}/", key_of(dir).trim_end_matches('/'));
        let mut files: Vec<PathBuf> = self
            .kv
            .keys()
            .into_iter()
            .filter_map(|k| {
                let name = k.strip_prefix(&prefix)?;
                (!name.is_empty() && !name.contains('/'))
                    .then(|| PathBuf::from(&k[FILE_KEY.len()..]))
            })
            .collect();
        files.sort();
        files
    }
    fn modified(&self, path: &Path) -> Option<SystemTime> {
        let ms: u64 = self
            .kv
            .get(&format!("{TIME_KEY}{}", key_of(path)))?
            .parse()
            .ok()?;
        Some(UNIX_EPOCH + Duration::from_millis(ms))
    }
}

/// A file that could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong, as the system says it.
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

/// Writes bytes to `path` on disk atomically: into a temporary file in the same folder, synced, then
/// renamed over `path`, so a reader (or a crash) sees the old file or the new one, never half of
/// one. Creates the folder if need be.
#[cfg(not(target_arch = "wasm32"))]
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    use std::io::Write;
    let io = |e: std::io::Error| WriteError {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    // A temporary file is private (0600) by default, and a rename keeps that: give it the
    // permissions of any new file (0666 less the user's umask), so a record or a report copied
    // to a shared class folder can be read there.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Writes bytes to `path` on disk atomically: there is no disk in the browser, so this fails.
#[cfg(target_arch = "wasm32")]
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    Disk.write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::{Keyed, Memory, Storage, write_atomic};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn clock() -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(1_700_000_000_123)
    }

    /// Files kept in a key-value store read back as written, list by folder (not subfolders, not
    /// a folder whose name only starts the same), and remember when they were written.
    #[test]
    #[allow(clippy::expect_used, reason = "a test fails loudly")]
    fn keyed_storage_keeps_files_by_folder() {
        let s = Keyed::new(Memory::default(), clock);
        let saves = Path::new("/qpq/saves");
        assert!(s.list(saves).is_empty());
        assert!(!s.is_file(&saves.join("a.ron")));
        assert!(s.read(&saves.join("a.ron")).is_err());
        s.write(&saves.join("b.ron"), b"two").expect("write");
        s.write(&saves.join("a.ron"), b"one").expect("write");
        s.write(&saves.join("old/c.ron"), b"deeper").expect("write");
        s.write(Path::new("/qpq/saves-x/d.ron"), b"elsewhere")
            .expect("write");
        s.write(Path::new("/qpq/settings.ron"), b"(ui_scale: 1.5)")
            .expect("write");
        assert_eq!(
            s.list(saves),
            vec![
                PathBuf::from("/qpq/saves/a.ron"),
                PathBuf::from("/qpq/saves/b.ron")
            ]
        );
        assert_eq!(s.list(Path::new("/qpq/saves/")), s.list(saves));
        assert_eq!(s.read(&saves.join("a.ron")).expect("read"), b"one");
        s.write(&saves.join("a.ron"), b"one again")
            .expect("rewrite");
        assert_eq!(s.read(&saves.join("a.ron")).expect("read"), b"one again");
        assert!(s.is_file(Path::new("/qpq/settings.ron")));
        assert_eq!(s.modified(&saves.join("a.ron")), Some(clock()));
        assert_eq!(s.modified(&saves.join("none.ron")), None);
    }

    /// A file written atomically gets the permissions any new file gets (0666 less the umask),
    /// not the temporary file's private 0600.
    #[cfg(unix)]
    #[test]
    #[allow(clippy::expect_used, reason = "a test fails loudly")]
    fn atomic_writes_have_a_new_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").expect("write");
        let atomic = dir.path().join("atomic.txt");
        write_atomic(&atomic, b"x").expect("write");
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
        };
        assert_eq!(mode(&atomic), mode(&plain));
        assert_ne!(mode(&atomic), 0o600, "a shared folder could not read it");
    }
}
