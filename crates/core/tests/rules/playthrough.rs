//! Every shipped level plays to its end for 100 seeds under several scripted strategies without
//! a panic, with every value in range and the score well-formed; a game's command log replays to
//! the same game.

use qpq_core::ai::strategies;
use qpq_core::level::{self, SHIPPED};
use qpq_core::sim::Difficulty;
use qpq_core::sim::game::Game;

#[test]
fn shipped_levels_play_through_for_100_seeds_under_four_strategies() {
    for (id, text) in SHIPPED {
        let rules = level::load_bytes(id, text.as_bytes()).expect("loads").rules;
        for strategy in ["appease", "hard-line", "quid-pro-quo", "random"] {
            for seed in 0..100u64 {
                let mut s = strategies::by_id(strategy).expect("strategy");
                let g = strategies::play(rules.clone(), seed, Difficulty::Normal, s.as_mut());
                let st = g.state();
                assert!(g.over().is_some(), "{id}/{strategy}/{seed} did not finish");
                assert!(st.round <= rules.rounds);
                for v in rules.vars() {
                    let x = st.vars[v];
                    let (lo, hi) = rules.range(v);
                    assert!((lo..=hi).contains(&x), "{id}/{strategy}/{seed}: {v} = {x}");
                }
                let score = g.score();
                assert!((0..=100).contains(&score.total));
                assert!(matches!(score.grade, 'A' | 'B' | 'C' | 'D' | 'F'));
                assert_eq!(g.reports().len() as u32, st.round);
                if seed < 10 {
                    let again = Game::replay(rules.clone(), seed, Difficulty::Normal, g.commands());
                    assert_eq!(
                        again.hash(),
                        g.hash(),
                        "{id}/{strategy}/{seed}: replaying the log gave another game"
                    );
                }
            }
        }
    }
}
