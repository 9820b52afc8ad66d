//! The game as Washington believes it is, for an AI Washington's lookahead: everything the U.S.
//! knows as it is, and everything it does not know replaced by its own picture — hidden values by
//! its estimates, sites by what its intelligence and inspections say, steps by what was claimed,
//! the regime's type drawn from the level's weights and its beliefs from the level's prior, the
//! tallies by what the U.S. detected, and the dice by new ones. Nothing of the other side's true
//! state or of the game's future dice survives in it; `tests/rules/seats.rs` scrambles them
//! (`Game::with_secrets_scrambled`) and requires an AI Washington to decide the same.

use super::*;

impl Game {
    /// The game as the U.S. believes it is, with the regime's type and the dice drawn from
    /// `draw` (a planner's own seed). The other chair is the AI at normal difficulty: the U.S.'s
    /// model of how the regime decides. Reports and commands are left out (they hold the other
    /// side's secrets); the round, the plan so far and the U.S.'s intelligence picture are kept.
    pub(crate) fn as_us_believes(&self, draw: u64, model: Arc<dyn Opponent>) -> Game {
        let rules = &self.rules;
        let mut st = self.state.clone();
        for v in rules.hidden_vars() {
            if let Some(&e) = st.intel.estimate.get(v) {
                st.vars[v] = e;
            }
        }
        for s in &mut st.sites {
            s.truth = match s.finding {
                Some((crate::sim::vocab::Finding::Active, _)) => Truth::Active,
                Some((crate::sim::vocab::Finding::Traces, _)) => Truth::Cleaned,
                Some(_) => Truth::Empty,
                None if s.suspected || s.leaked => Truth::Active,
                None => Truth::Empty,
            };
        }
        for a in &mut st.agreements {
            for o in &mut a.obligations {
                o.done = o.verified || o.claimed;
            }
        }
        st.recent.pyongyang.retain(|(_, m)| rules.mv(*m).public);
        st.recent.diversions = Default::default();
        let t = &mut st.tally;
        t.violations = t.violations_detected;
        t.aid_reached += t.aid_diverted;
        t.aid_diverted = 0;
        t.sales = t.sales_caught;
        let mut rng = GameRng::new(draw, Stream::Setup);
        let type_ix = draw_type(rules, Difficulty::Normal, &mut rng);
        let counts = std::mem::take(&mut st.mind.us_counts);
        st.mind = starting_mind(rules, Difficulty::Normal, type_ix);
        st.mind.us_counts = counts;
        Game {
            rules: Arc::clone(&self.rules),
            seed: draw,
            difficulty: self.difficulty,
            state: st,
            rng: GameRng::new(draw, Stream::World),
            plan: self.plan.clone(),
            reports: Vec::new(),
            commands: Vec::new(),
            opponent: Chair::Ai(model),
            mid: None,
            opp_plan: DprkOrders::default(),
        }
    }
}
