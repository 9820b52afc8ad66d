//! An AI Washington for a person in the other chair, at three difficulties that get harder for
//! that person in order:
//!
//! - `ai-easy`: a generous, forgetful U.S. — it offers aid and easing for steps with monitors
//!   (generous quid pro quo) but looks away from every violation it detects.
//! - `ai-normal`: the level's own choice of U.S. policy (`sides: (washington: …)` in the level;
//!   `quid-pro-quo` when it names none) — one of its scripted policies or a built-in strategy.
//! - `ai-hard`: a planner on the U.S. score. Each round it plays each candidate policy a few
//!   rounds ahead, in games drawn from what the U.S. believes ([`UsSeat::believed`]: its
//!   estimates, its findings, the claims made, a regime type drawn from the level's weights),
//!   against the regime AI as its model, and follows this round the policy whose games end with
//!   the best U.S. score. It never reads the other side's true state: only the U.S. seat.
//!
//! [`UsSeat::believed`]: crate::sim::seat::UsSeat::believed

use crate::ai::Brain;
use crate::ai::strategies::{QuidProQuo, Seen, Strategy, for_level, play_game};
use crate::sim::Difficulty;
use crate::sim::game::{Command, Opponent};
use crate::sim::rng::GameRng;
use crate::sim::rules::Rules;
use std::sync::Arc;

/// The ids of the AI Washington's difficulties.
pub const IDS: [&str; 3] = ["ai-easy", "ai-normal", "ai-hard"];

/// The AI Washington at a game's difficulty.
pub fn id_for(difficulty: Difficulty) -> &'static str {
    match difficulty {
        Difficulty::Easy => "ai-easy",
        Difficulty::Normal => "ai-normal",
        Difficulty::Hard => "ai-hard",
    }
}

/// The U.S. policies the hard planner weighs each round (a level's scripted policies join them).
pub const CANDIDATES: [&str; 6] = [
    "quid-pro-quo",
    "generous-quid-pro-quo",
    "engagement",
    "grudger",
    "hard-line",
    "isolation",
];

/// Any U.S. strategy for a level: an AI Washington by its difficulty id, else a built-in strategy
/// or one of the level's policies ([`for_level`]).
pub fn any(id: &str, rules: &Rules) -> Option<Box<dyn Strategy + Send>> {
    by_id(id, rules).or_else(|| for_level(id, rules))
}

/// The AI Washington at this difficulty id, for this level.
pub fn by_id(id: &str, rules: &Rules) -> Option<Box<dyn Strategy + Send>> {
    Some(match id {
        "ai-easy" => Box::new(Forgetful(QuidProQuo::generous())),
        "ai-normal" => {
            let policy = rules.sides.washington.as_deref().unwrap_or("quid-pro-quo");
            let (policy, inner) = match for_level(policy, rules) {
                Some(s) => (policy, s),
                None => ("quid-pro-quo", for_level("quid-pro-quo", rules)?),
            };
            Box::new(Policy {
                about: about(policy, rules),
                inner,
            })
        }
        "ai-hard" => Box::new(Planner::for_level(rules)),
        _ => return None,
    })
}

/// What a U.S. policy does, in a line, for the other chair: a built-in strategy's rule, or a
/// level policy's own `about`.
pub fn about(id: &str, rules: &Rules) -> String {
    if let Some(p) = rules.policies.iter().find(|p| p.id == id) {
        return format!("{}: {}", p.name, p.about);
    }
    let rule = match id {
        "quid-pro-quo" => {
            "rewards only after a verified step, and answers a violation with pressure"
        }
        "generous-quid-pro-quo" => {
            "rewards after verified steps, and lets about one violation in three pass"
        }
        "reward-first-reciprocal" => "rewards first on trust, then stops if steps do not follow",
        "engagement" => "pays for talks and openings, and keeps paying through setbacks",
        "grudger" => "rewards verified steps until the first violation, then presses for good",
        "hard-line" => "presses whatever you do",
        "isolation" => "cuts you off: sanctions and no talks",
        "appease" => "pays whatever you do",
        _ => "a built-in U.S. strategy",
    };
    format!("`{id}`, which {rule}")
}

/// A policy played as it is (the AI Washington at normal), saying which.
pub struct Policy {
    about: String,
    inner: Box<dyn Strategy + Send>,
}

impl Strategy for Policy {
    fn id(&self) -> &'static str {
        "ai-normal"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        self.inner.plan(seen, rng)
    }

    fn said(&self) -> Option<String> {
        Some(format!(
            "Washington follows one policy throughout: {}.",
            self.about
        ))
    }
}

/// Generous quid pro quo that forgets: every violation it detects, it lets pass.
pub struct Forgetful(QuidProQuo);

impl Strategy for Forgetful {
    fn id(&self) -> &'static str {
        "ai-easy"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        self.0
            .plan(seen, rng)
            .into_iter()
            .map(|c| match c {
                Command::Enforce(id) => Command::LookAway(id),
                other => other,
            })
            .collect()
    }

    fn said(&self) -> Option<String> {
        Some(
            "Washington rewards steps generously, and lets pass every violation it detects.".into(),
        )
    }
}

/// The hard AI Washington: a lookahead over U.S. policies in games drawn from its own beliefs.
/// It keeps the policy it follows (with that policy's memory of the game) until another one
/// scores better by more than `margin` points in its lookahead.
pub struct Planner {
    /// The policies weighed.
    pub candidates: Vec<String>,
    /// Rounds played ahead, this one included.
    pub horizon: u32,
    /// Believed games per policy (the same draws for every policy).
    pub rollouts: u32,
    /// How much better (U.S. score points) another policy must look to be switched to.
    pub margin: f64,
    /// The policy followed now, with its memory.
    current: Option<(String, Box<dyn Strategy + Send>)>,
    /// The last round's weighing, best first, and whether it switched policy.
    last: (Vec<(String, f64)>, bool),
}

impl Planner {
    /// The planner for a level: the built-in candidates and the level's scripted policies.
    pub fn for_level(rules: &Rules) -> Planner {
        Planner {
            candidates: CANDIDATES
                .iter()
                .map(|s| s.to_string())
                .chain(rules.policies.iter().map(|p| p.id.clone()))
                .collect(),
            horizon: 4,
            rollouts: 2,
            margin: 2.0,
            current: None,
            last: (Vec::new(), false),
        }
    }

    /// Each candidate with its mean U.S. score at the end of its believed games, best first
    /// (ties keep the candidates' order). Empty without a seat to read.
    pub fn weigh(&self, seen: &Seen, rng: &mut GameRng) -> Vec<(String, f64)> {
        let Some(seat) = seen.seat else {
            return Vec::new();
        };
        let model: Arc<dyn Opponent> = Arc::new(Brain::for_difficulty(Difficulty::Normal));
        let draws: Vec<u64> = (0..self.rollouts)
            .map(|_| u64::from(rng.below(u32::MAX)) << 8 | u64::from(seat.round()))
            .collect();
        let mut scored: Vec<(String, f64)> = self
            .candidates
            .iter()
            .filter_map(|id| {
                let total: f64 = draws
                    .iter()
                    .map(|&d| {
                        let mut s = for_level(id, seen.rules)?;
                        let g = play_game(
                            seat.believed(d, Arc::clone(&model)),
                            s.as_mut(),
                            self.horizon,
                        );
                        Some(f64::from(g.score().total))
                    })
                    .sum::<Option<f64>>()?;
                Some((id.clone(), total / f64::from(self.rollouts.max(1))))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored
    }
}

impl Strategy for Planner {
    fn id(&self) -> &'static str {
        "ai-hard"
    }

    fn plan(&mut self, seen: &Seen, rng: &mut GameRng) -> Vec<Command> {
        let weighed = self.weigh(seen, rng);
        let held = self.current.as_ref().map(|(id, _)| id.clone());
        let score_of = |id: &str| weighed.iter().find(|(c, _)| c == id).map(|(_, v)| *v);
        let best = weighed.first().cloned();
        let switch = match (&held, &best) {
            (None, _) => true,
            (Some(h), Some((b, v))) => b != h && *v > score_of(h).unwrap_or(f64::MIN) + self.margin,
            (Some(_), None) => false,
        };
        if switch {
            let id = best.map_or_else(|| "quid-pro-quo".to_string(), |(id, _)| id);
            self.current = for_level(&id, seen.rules).map(|s| (id, s));
        }
        self.last = (weighed, switch);
        match &mut self.current {
            Some((_, s)) => s.plan(seen, rng),
            None => Vec::new(),
        }
    }

    fn said(&self) -> Option<String> {
        let (weighed, switched) = &self.last;
        let (held, _) = self.current.as_ref()?;
        let scores: Vec<String> = weighed
            .iter()
            .take(4)
            .map(|(id, v)| format!("{id} {v:.0}"))
            .collect();
        Some(format!(
            "Washington played its policies {} rounds ahead in games drawn from what it believes, scoring each for the U.S. ({}); it {} {held}.",
            self.horizon,
            scores.join(", "),
            if *switched { "switched to" } else { "kept to" }
        ))
    }
}
