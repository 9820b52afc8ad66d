//! A real screen reader client reads the running game: `tests/screen-reader/read.sh` starts the
//! game on a screen with the accessibility bus on (as Orca does) and prints the accessible tree
//! through AT-SPI (`python3-pyatspi`). These tests hold what a blind student hears: the tree is
//! there when the window opens, in the order the screen is seen (title, goal strip, dashboard,
//! map legend, tabs, cards), panels are groups named by their heading, a value is read with its
//! label, and nothing is read as an empty label. They need a display, D-Bus and at-spi2-core, so
//! a plain `cargo test` skips them; `.ci/run` installs those and runs them under Xvfb.

use std::process::Command;

/// The tree of `screen` as `(depth, role, name)`, read by the screen reader client.
fn tree(screen: &str, keys: &[&str]) -> Vec<(usize, String, String)> {
    let out = Command::new("tests/screen-reader/read.sh")
        .arg(env!("CARGO_BIN_EXE_quid-pro-quo"))
        .arg(screen)
        .args(keys)
        .output()
        .expect("tests/screen-reader/read.sh runs (needs dbus-run-session, at-spi2-core, python3-pyatspi)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the screen reader run failed on {screen}: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nodes: Vec<(usize, String, String)> = text
        .lines()
        .filter_map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let l = l.trim_start().strip_prefix('[')?;
            let (role, rest) = l.split_once("] ")?;
            let name = rest.trim_matches(|c| c == '\'' || c == '"');
            Some((depth, role.to_string(), name.to_string()))
        })
        .collect();
    assert!(
        nodes.len() > 5,
        "no accessible tree on {screen} when the window opened:\n{text}"
    );
    nodes
}

/// Where the first node with this role whose name starts with `start` is, in reading order.
fn at(t: &[(usize, String, String)], role: &str, start: &str) -> usize {
    t.iter()
        .position(|(_, r, n)| r == role && n.starts_with(start))
        .unwrap_or_else(|| panic!("no [{role}] '{start}…' in the tree:\n{}", show(t)))
}

fn show(t: &[(usize, String, String)]) -> String {
    t.iter()
        .map(|(d, r, n)| format!("{}[{r}] {n}", "  ".repeat(*d)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Nothing is read as an empty label, heading, group or button (the window itself is named by
/// the desktop, and only when it has the focus).
fn no_empty_names(t: &[(usize, String, String)]) {
    let empty: Vec<_> = t
        .iter()
        .filter(|(_, r, n)| r != "frame" && r != "application" && n.trim().is_empty())
        .collect();
    assert!(
        empty.is_empty(),
        "read with no name: {empty:?}\n{}",
        show(t)
    );
}

#[test]
#[ignore = "needs a display and an accessibility bus: run by .ci/run under Xvfb"]
fn a_screen_reader_hears_every_screen_in_the_order_it_is_seen() {
    let menu = tree("menu", &[]);
    no_empty_names(&menu);
    assert!(at(&menu, "heading", "Quid Pro Quo") < at(&menu, "push button", "Play"));
    assert!(at(&menu, "push button", "Play") < at(&menu, "push button", "Settings"));

    let round = tree("round", &[]);
    no_empty_names(&round);
    let order = [
        at(&round, "heading", "Round "),
        at(&round, "heading", "Goal:"),
        at(&round, "panel", "Visible"),
        at(&round, "label", "Tension, "),
        at(&round, "panel", "Map of "),
        at(&round, "panel", "Map legend"),
        at(&round, "push button", "Actions"),
        at(&round, "push button", "Offer"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order {order:?}:\n{}",
        show(&round)
    );
    // A value with its label, and an estimate said as one.
    assert!(
        round
            .iter()
            .any(|(_, _, n)| n.contains(", about ") && n.contains("give or take"))
    );
    // The dashboard's lines are inside its group.
    let (group_depth, ..) = round[at(&round, "panel", "Visible")];
    assert!(round[at(&round, "label", "Tension, ")].0 > group_depth);

    let report = tree("report", &[]);
    no_empty_names(&report);
    assert!(at(&report, "heading", "Report ·") < at(&report, "panel", "What you did"));
    assert!(at(&report, "panel", "What you did") < at(&report, "panel", "What changed"));

    // The other side's chair: its situation, then its orders, each a group named by its heading.
    let theirs = tree("opponent", &[]);
    no_empty_names(&theirs);
    let order = [
        at(&theirs, "heading", "Pyongyang · round"),
        at(&theirs, "panel", "Where you stand"),
        at(&theirs, "label", "Tension: now"),
        at(
            &theirs,
            "label",
            "Congress: its patience with the policy: your estimate",
        ),
        at(&theirs, "panel", "Your orders this round"),
        at(&theirs, "push button", "Accept"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order {order:?}:\n{}",
        show(&theirs)
    );
    // Join a class: each field named by its label, in the order a student fills them, then Join.
    let join = tree("join", &[]);
    no_empty_names(&join);
    let order = [
        at(&join, "heading", "Join a class"),
        at(&join, "panel", "Class server, text field"),
        at(&join, "panel", "Join code, text field"),
        at(&join, "panel", "Your name, text field"),
        at(&join, "push button", "Join"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order {order:?}:\n{}",
        show(&join)
    );
    // The handover says only whose seat it is.
    let handover = tree("handover", &[]);
    no_empty_names(&handover);
    assert!(at(&handover, "heading", "Pass the seat to") < at(&handover, "push button", "I am"));
    assert!(
        handover
            .iter()
            .all(|(_, _, n)| !n.chars().any(|c| c.is_ascii_digit())),
        "{}",
        show(&handover)
    );

    let debrief = tree("debrief", &[]);
    no_empty_names(&debrief);
    assert!(at(&debrief, "heading", "Debrief:") < at(&debrief, "panel", "Outcome"));
    assert!(at(&debrief, "panel", "Outcome") < at(&debrief, "panel", "Reciprocity"));
    at(&debrief, "label", "security, ");
    at(&debrief, "image", "Chart of ");
}
