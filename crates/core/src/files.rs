//! Files the program writes: game records, saves, settings and exports, all written atomically
//! with the permissions a new file gets.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes bytes to `path` atomically: into a temporary file in the same folder, synced, then
/// renamed over `path`, so a reader (or a crash) sees the old file or the new one, never half of
/// one. Creates the folder if need be.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
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

#[cfg(test)]
mod tests {
    use super::write_atomic;

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
