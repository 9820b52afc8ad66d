//! Builders for tests: a small level, and a fixture that resolves rounds with orders chosen by
//! the test for both sides (no AI), so each rule can be checked on its own.

use qpq_core::level::{self, Loaded};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::setup;
use qpq_core::sim::orders::{DprkOrders, UsOrders};
use qpq_core::sim::report::Log;
use qpq_core::sim::resolve::{self, Ctx};
use qpq_core::sim::rng::{GameRng, Stream};
use qpq_core::sim::rules::Rules;
use qpq_core::sim::state::State;
use std::sync::Arc;

/// A small, quiet level: no events, fixed site truths, one Pyongyang type.
pub const TEST_LEVEL: &str = r#"
Level(
    id: "test",
    title: "Test",
    summary: "A level for tests.",
    start: "2000-04",
    rounds: 12,
    action_points: 3,
    budget: (start: 200, refill: 0),
    initial: (
        tension: 40, congress: 50, seoul: 50, tokyo: 50, us_credibility: 50, sanctions: 50,
        normalization: 10, humanitarian: 50, regime_security: 50, economy: 30, military: 60,
        missile: 40, nuclear: 30, proliferation: 20, openness: 10,
    ),
    opponent_mind: (
        types: [(id: "t", name: "T", weight: 1, survival: 90, economy: 70, face: 40,
                 opening_fear: 50, opening_tolerance: 30, risk: 30, deception: 50, patience: 60)],
        prior: (concede_after_provocation: 50, reward_after_step: 50, punish_after_violation: 50,
                concede_after_stall: 50, strike_after_threat: 20, keeps_promises: 50, strength: 5),
    ),
    sites: [
        (id: "active-site", name: "Active", lat: 39.8, lon: 125.7, program: nuclear, truth: Active),
        (id: "empty-site", name: "Empty", lat: 40.0, lon: 125.9, program: nuclear, truth: Empty),
    ],
    briefing: (context: "Test."),
    ASSUMPTIONS
)
"#;

/// The test level, with extra top-level fields (e.g. assumptions) spliced in.
pub fn level_with(extra: &str) -> Loaded {
    let text = TEST_LEVEL.replace("ASSUMPTIONS", extra);
    match level::load_bytes("test.ron", text.as_bytes()) {
        Ok(l) => l,
        Err(d) => panic!("test level does not load:\n{}", d.render()),
    }
}

pub fn test_rules() -> Arc<Rules> {
    level_with("").rules
}

/// A game state driven by hand.
pub struct Fixture {
    pub rules: Arc<Rules>,
    pub st: State,
    pub rng: GameRng,
    pub log: Log,
}

impl Fixture {
    pub fn new(rules: Arc<Rules>) -> Fixture {
        let st = setup(&rules, 1, Difficulty::Normal);
        Fixture {
            rules,
            st,
            rng: GameRng::new(1, Stream::World),
            log: Log::default(),
        }
    }

    /// Resolves one round with these orders; returns the round's log.
    pub fn round(&mut self, us: UsOrders, dprk: DprkOrders) -> Log {
        self.log = Log::default();
        let mut cx = Ctx {
            rules: &self.rules,
            st: &mut self.st,
            rng: &mut self.rng,
            log: &mut self.log,
            track_intel: true,
            intel_noise: 100,
            budget_percent: 100,
        };
        resolve::resolve_us(&mut cx, &us);
        resolve::resolve_pyongyang(&mut cx, &dprk);
        self.log.clone()
    }

    pub fn action(&self, id: &str) -> u16 {
        self.rules
            .action_ix(id)
            .unwrap_or_else(|| panic!("no action {id}"))
    }

    pub fn site(&self, id: &str) -> u16 {
        self.rules
            .site_ix(id)
            .unwrap_or_else(|| panic!("no site {id}"))
    }
}

/// A path in the repository (the tests run in `crates/core`).
pub fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}
