//! Replays the fuzz corpora (`fuzz/corpus/<target>/`) and the inputs that once crashed a target
//! (`fuzz/regressions/<target>/`) through the targets' own bodies, so a regression fails the
//! ordinary test run without a fuzzer or a nightly toolchain.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
        }
    }
    files.sort();
    files
}

fn replay(target: &str, body: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for fuzz target {target}");
    for f in files {
        let data = std::fs::read(&f).expect("corpus file");
        let result = std::panic::catch_unwind(|| body(&data));
        assert!(
            result.is_ok(),
            "fuzz target {target} fails on {}",
            f.display()
        );
    }
}

#[test]
fn level_corpus() {
    replay("level", qpq_core::fuzzing::level);
}

#[test]
fn record_corpus() {
    replay("record", qpq_core::fuzzing::record);
}

#[test]
fn text_corpus() {
    replay("text", qpq_core::fuzzing::text);
}

#[test]
fn game_corpus() {
    replay("game", qpq_core::fuzzing::game);
}
