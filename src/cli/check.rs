//! `quid-pro-quo check FILE...`: validates level files and prints every problem with its
//! position, the line and a caret; exits non-zero if any file has an error.

use crate::level;
use std::io::{self, Write};
use std::path::PathBuf;

/// A level file, or a shipped level by its id when no file has that name (`check april-2000`).
fn load(path: &std::path::Path) -> Result<level::Loaded, level::diag::Diagnostics> {
    if !path.exists()
        && let Some(r) = path.to_str().and_then(level::shipped)
    {
        return r;
    }
    level::load_file(path)
}

/// Checks each file; returns whether all were free of errors.
pub fn check(files: &[PathBuf], out: &mut dyn Write) -> io::Result<bool> {
    let mut all_ok = true;
    for path in files {
        match load(path) {
            Ok(loaded) => {
                let r = &loaded.rules;
                write!(out, "{}", loaded.warnings.render())?;
                writeln!(
                    out,
                    "ok: {} — \"{}\": {} rounds from {}, {} actions, {} events, {} sites, {} opponent type{}{}",
                    path.display(),
                    r.title,
                    r.rounds,
                    r.start,
                    r.actions.len(),
                    r.events.len(),
                    r.sites.len(),
                    r.types.len(),
                    if r.types.len() == 1 { "" } else { "s" },
                    match loaded.warnings.items.len() {
                        0 => String::new(),
                        n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
                    }
                )?;
            }
            Err(diags) => {
                all_ok = false;
                write!(out, "{}", diags.render())?;
                let errors = diags.errors().count();
                writeln!(
                    out,
                    "failed: {} — {errors} error{}",
                    path.display(),
                    if errors == 1 { "" } else { "s" }
                )?;
            }
        }
    }
    Ok(all_ok)
}

/// Checks each file and prints one JSON document: per file, whether it is valid, a summary, and
/// every diagnostic with its line, column and help. Returns whether all were free of errors.
pub fn check_json(files: &[PathBuf], out: &mut dyn Write) -> io::Result<bool> {
    let mut all_ok = true;
    let mut entries = Vec::new();
    for path in files {
        let entry = match load(path) {
            Ok(loaded) => {
                let r = &loaded.rules;
                serde_json::json!({
                    "file": path.display().to_string(),
                    "ok": true,
                    "summary": {
                        "id": r.id,
                        "title": r.title,
                        "rounds": r.rounds,
                        "start": r.start.to_string(),
                        "actions": r.actions.len(),
                        "events": r.events.len(),
                        "sites": r.sites.len(),
                        "types": r.types.len(),
                    },
                    "diagnostics": loaded.warnings.items,
                })
            }
            Err(diags) => {
                all_ok = false;
                serde_json::json!({
                    "file": path.display().to_string(),
                    "ok": false,
                    "summary": null,
                    "diagnostics": diags.items,
                })
            }
        };
        entries.push(entry);
    }
    let doc = serde_json::json!({ "ok": all_ok, "files": entries });
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
    )?;
    Ok(all_ok)
}
