//! The core is a stack of modules with no back-arrow: each module uses only modules below it.
//! This test reads the sources, finds every `crate::…` and `super::…` path outside tests, and
//! fails on any cycle between modules (a top-level module, or a module one level down such as
//! `sim::rules`); the shell's `src/game` is held to the same (a module is a file such as `shell`
//! or `screens::round`). It also holds the layering the architecture promises: the rules (`sim`)
//! use nothing from the level format, the AI or the analysis, and the level format nothing from
//! the AI or the analysis; the shell's floor (`acts`, `widgets`, `state`, …) names no screen.
//! `cargo test -p qpq-core --test layers -- --nocapture` prints both stacks. And no function of
//! the core or the program runs past 150 lines (it prints the longest).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "the test fails loudly on an unreadable source tree"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside the crate (`sim::rules`), cut to at most two segments.
type Module = String;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the core's src folder is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            source_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module a file defines, e.g. `src/sim/resolve/moves.rs` → `sim::resolve::moves`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn cut(parts: &[String]) -> Module {
    parts.iter().take(2).cloned().collect::<Vec<_>>().join("::")
}

/// The text before the file's unit tests.
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path a file names from `crate::` or `super::`, as segments, including each member of a
/// `use crate::a::{b, c::d}` group. `super::` is resolved against the file's own module.
fn paths_named(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (start, root) in [("crate::", None), ("super::", Some(()))] {
        let mut from = 0;
        while let Some(i) = text[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && text[..at].ends_with(|c: char| is_ident(c) || c == ':') {
                continue;
            }
            let mut base: Vec<String> = match root {
                None => Vec::new(),
                Some(()) => {
                    // In `a/b.rs` and in `a/b/mod.rs` (module a::b), `super` is `a`.
                    let mut p = here.to_vec();
                    p.pop();
                    p
                }
            };
            let rest = &text[from..];
            let mut segs = Vec::new();
            let mut j = 0;
            let bytes = rest.as_bytes();
            loop {
                let s = j;
                while j < bytes.len() && is_ident(char::from(bytes[j])) {
                    j += 1;
                }
                if j > s {
                    segs.push(rest[s..j].to_string());
                }
                if rest[j..].starts_with("::")
                    && bytes.get(j + 2).is_some_and(|c| is_ident(char::from(*c)))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            base.extend(segs.iter().cloned());
            // A group: `crate::a::{b, c::{d}}` names each first member too.
            if rest[j..].starts_with("::{") {
                let group_end = rest[j..].find(';').map_or(rest.len(), |e| j + e);
                for member in rest[j + 3..group_end].split([',', '{', '}']) {
                    let first = member.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() && first != "self" && first.chars().all(is_ident) {
                        let mut p = base.clone();
                        p.push(first.to_string());
                        out.push(p);
                    }
                }
            }
            out.push(base);
        }
    }
    out
}

/// The core's module graph at the granularity of [`cut`]: module → modules it uses.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    graph_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &[])
}

/// The module graph of the source tree `src`, whose modules sit at `inside` in their crate
/// (`["game"]` for the shell's `src/game`), cut to two segments below it. Paths that lead
/// out of the tree (the shell naming the core) are not edges.
fn graph_of(src: &Path, inside: &[&str]) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    source_files(src, &mut files);
    let full = |f: &Path| -> Vec<String> {
        let mut p: Vec<String> = inside.iter().map(|s| s.to_string()).collect();
        p.extend(module_of(src, f));
        p
    };
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| full(f)).collect();
    let local = |p: &[String]| cut(p.get(inside.len()..).unwrap_or(&[]));
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for f in &files {
        let here = full(f);
        let text = std::fs::read_to_string(f).expect("a readable source file");
        let from = local(&here);
        if from.is_empty() {
            continue; // lib.rs (or the tree's mod.rs) only declares the modules
        }
        g.entry(from.clone()).or_default();
        for path in paths_named(without_tests(&text), &here) {
            // The longest prefix of the path that is a module file of this tree.
            let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            let to = local(&target);
            // A module's own children (and the crate root) are not a dependency between layers. (A
            // parent names its children by relative paths, which are not followed either.)
            if to != from
                && !to.is_empty()
                && !from.is_empty()
                && !from.starts_with(&format!("{to}::"))
            {
                g.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    g
}

/// The modules in layers from the bottom up, or a cycle if there is one.
fn layers(g: &BTreeMap<Module, BTreeSet<Module>>) -> Result<Vec<Vec<Module>>, Vec<Module>> {
    let mut placed: BTreeMap<&Module, usize> = BTreeMap::new();
    let mut out: Vec<Vec<Module>> = Vec::new();
    while placed.len() < g.len() {
        let layer: Vec<&Module> = g
            .iter()
            .filter(|(m, deps)| {
                !placed.contains_key(m) && deps.iter().all(|d| placed.contains_key(d))
            })
            .map(|(m, _)| m)
            .collect();
        if layer.is_empty() {
            // Walk from any unplaced module along unplaced edges until a module repeats.
            let mut path: Vec<Module> = Vec::new();
            let mut at = g
                .keys()
                .find(|m| !placed.contains_key(m))
                .cloned()
                .unwrap_or_default();
            while !path.contains(&at) {
                path.push(at.clone());
                at = g[&at]
                    .iter()
                    .find(|d| !placed.contains_key(d))
                    .cloned()
                    .unwrap_or_default();
            }
            let start = path.iter().position(|m| *m == at).unwrap_or(0);
            let mut cycle = path[start..].to_vec();
            cycle.push(at);
            return Err(cycle);
        }
        let n = out.len();
        for m in &layer {
            placed.insert(m, n);
        }
        out.push(layer.into_iter().cloned().collect());
    }
    Ok(out)
}

#[test]
fn the_core_is_a_stack_without_cycles() {
    let g = graph();
    assert!(
        g.contains_key("sim::rules") && g.contains_key("level::compile"),
        "{g:?}"
    );
    match layers(&g) {
        Ok(stack) => {
            println!(
                "The core's modules, bottom layer first (each uses only modules of the layers before it):"
            );
            for (i, layer) in stack.iter().enumerate() {
                println!("{:>2}. {}", i + 1, layer.join(", "));
            }
        }
        Err(cycle) => panic!("modules use each other in a circle: {}", cycle.join(" → ")),
    }
}

#[test]
fn the_rules_and_the_format_use_nothing_above_them() {
    let g = graph();
    let above = |m: &str, forbidden: &[&str]| -> Vec<String> {
        g[m].iter()
            .filter(|d| {
                forbidden
                    .iter()
                    .any(|f| *d == f || d.starts_with(&format!("{f}::")))
            })
            .cloned()
            .collect()
    };
    for (m, _) in g.iter().filter(|(m, _)| m.starts_with("sim")) {
        let bad = above(m, &["level", "ai", "analysis", "text", "fuzzing"]);
        assert!(
            bad.is_empty(),
            "{m} uses {bad:?}; the rules must not depend on them"
        );
    }
    for (m, _) in g.iter().filter(|(m, _)| m.starts_with("level")) {
        let bad = above(m, &["ai", "analysis", "text", "fuzzing"]);
        assert!(
            bad.is_empty(),
            "{m} uses {bad:?}; the level format must not depend on them"
        );
    }
    for (m, _) in g.iter().filter(|(m, _)| m.starts_with("ai")) {
        let bad = above(m, &["level", "analysis", "text", "fuzzing"]);
        assert!(
            bad.is_empty(),
            "{m} uses {bad:?}; the AI must not depend on them"
        );
    }
}

#[test]
fn the_shell_is_a_stack_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/game");
    let g = graph_of(&src, &["game"]);
    assert!(
        g.contains_key("screens::round") && g.contains_key("shell") && g.contains_key("acts"),
        "{g:?}"
    );
    match layers(&g) {
        Ok(stack) => {
            println!("The shell's modules (src/game), bottom layer first:");
            for (i, layer) in stack.iter().enumerate() {
                println!("{:>2}. {}", i + 1, layer.join(", "));
            }
        }
        Err(cycle) => panic!(
            "the shell's modules use each other in a circle: {}",
            cycle.join(" → ")
        ),
    }
    // The floor names no screen and not the engine room; the engine room names no screen (the
    // screens register their acts and keys with it).
    for m in [
        "acts", "theme", "canvas", "platform", "widgets", "state", "shell",
    ] {
        let bad: Vec<&String> = g[m]
            .iter()
            .filter(|d| d.starts_with("screens") || (m != "shell" && *d == "shell"))
            .collect();
        assert!(
            bad.is_empty(),
            "{m} uses {bad:?}: the floor must not reach up"
        );
    }
}

/// The screens, the text mode and the AI read a side's seat, never the state: the program's
/// files outside the rules' owners (`state.rs` holds the game privately and `cli/play.rs` runs it)
/// name no `State`, call no `.state()` and build no view from a whole game; the AI's files call no
/// `.state()` either (it is handed an `OpponentView`).
#[test]
fn front_ends_and_the_ai_read_a_seat_not_the_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    source_files(&root.join("../../src"), &mut files);
    let owners = ["game/state.rs", "cli/play.rs", "game/shots.rs"];
    let forbidden = [
        ".state()",
        "sim::state::State",
        "view::view(",
        "view::progress(",
        ".reports()",
        "inspect_game(",
        "scramble_secrets(",
    ];
    let mut read = 0;
    for f in &files {
        let rel = f.to_string_lossy().replace('\\', "/");
        if owners.iter().any(|o| rel.ends_with(o)) {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("a readable source file");
        read += 1;
        for bad in forbidden {
            assert!(
                !without_tests(&text).contains(bad),
                "{rel} names `{bad}`: a front end reads the U.S. seat (`Session::seat`, `UsSeat`)"
            );
        }
    }
    assert!(read > 20, "read only {read} files");
    let mut ai = Vec::new();
    source_files(&root.join("src/ai"), &mut ai);
    for f in &ai {
        let text = std::fs::read_to_string(f).expect("a readable source file");
        assert!(
            !without_tests(&text).contains(".state()"),
            "{} reads the whole state; the AI is handed an OpponentView",
            f.display()
        );
    }
}

#[test]
fn the_checker_sees_a_back_arrow() {
    // The checker itself: a graph with a cycle is reported, one without is layered.
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    g.insert("a".into(), BTreeSet::from(["b".to_string()]));
    g.insert("b".into(), BTreeSet::new());
    assert_eq!(
        layers(&g),
        Ok(vec![vec!["b".to_string()], vec!["a".to_string()]])
    );
    g.get_mut("b").map(|d| d.insert("a".to_string()));
    let cycle = layers(&g).expect_err("a ↔ b is a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 3);
    // And the path reader finds uses in groups and through `super`.
    let here = vec!["sim".to_string(), "game".to_string()];
    let p = paths_named(
        "use crate::sim::{rules::Rules, state};\nuse super::vars::Var;",
        &here,
    );
    assert!(p.contains(&vec!["sim".into(), "rules".into()]), "{p:?}");
    assert!(p.contains(&vec!["sim".into(), "state".into()]), "{p:?}");
    assert!(
        p.contains(&vec!["sim".into(), "vars".into(), "Var".into()]),
        "{p:?}"
    );
}

/// The braces of a line that count: outside strings, character literals and `//` comments.
fn braces(line: &str) -> i64 {
    let mut depth = 0;
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_str => {
                chars.next();
            }
            '"' => in_str = !in_str,
            '/' if !in_str && chars.peek() == Some(&'/') => break,
            '\'' if !in_str => {
                // A character literal ('{', '\n') is skipped; a lifetime ('a) is not one.
                let rest: String = chars.clone().take(3).collect();
                if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                } else if rest.starts_with('\\') {
                    for x in chars.by_ref() {
                        if x == '\'' {
                            break;
                        }
                    }
                }
            }
            '{' if !in_str => depth += 1,
            '}' if !in_str => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Every function of a source file outside its tests, as (name, first line, length in lines).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = without_tests(text).lines().collect();
    let mut out = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("pub(super) ")
            .or_else(|| t.strip_prefix("pub(crate) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        let t = t.strip_prefix("const ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
        let (mut depth, mut opened) = (0, false);
        for (j, l) in lines.iter().enumerate().skip(k) {
            if j > k && !opened && l.trim_end().ends_with(';') {
                break; // a declaration without a body
            }
            let b = braces(l);
            opened |= l.contains('{') && b != 0 || depth != 0;
            depth += b;
            if opened && depth <= 0 {
                out.push((name.clone(), k + 1, j - k + 1));
                break;
            }
        }
    }
    out
}

#[test]
fn no_function_runs_past_a_hundred_and_fifty_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    source_files(&root.join("src"), &mut files);
    source_files(&root.join("crates/core/src"), &mut files);
    let mut long = Vec::new();
    let mut all = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a readable source file");
        for (name, line, len) in functions(&text) {
            let at = format!("{}:{line} {name} ({len} lines)", f.display());
            if len > 150 {
                long.push(at.clone());
            }
            all.push((len, at));
        }
    }
    let seen = all.len();
    all.sort_by_key(|a| std::cmp::Reverse(a.0));
    println!("The longest functions:");
    for (_, at) in all.iter().take(5) {
        println!("  {at}");
    }
    assert!(
        seen > 500,
        "only {seen} functions found: the reader is broken"
    );
    assert!(
        long.is_empty(),
        "functions to split (a function reads at once at 150 lines or fewer):\n{}",
        long.join("\n")
    );
    // The reader itself: a brace in a string or a character does not count.
    assert_eq!(braces(r#"let s = "{"; let c = '{'; if x { // }"#), 1);
    assert_eq!(
        functions("fn a() {\n    let s = \"}\";\n}\nfn b();\n"),
        vec![("a".to_string(), 1, 3)]
    );
}
