//! Secrets stay secret during play. Over many seeds, levels and strategies, every player-facing
//! text of the text mode (each look-around command) is rendered twice: from the game, and from a
//! copy whose secrets are all different (true hidden values, site truths, real or faked steps,
//! Pyongyang's type and beliefs, its hidden moves and secret reasons). The two must be identical,
//! round after round, until the game ends; and no hidden move of the round may be named. The
//! window's screens are checked the same way in `app.rs`.

use quid_pro_quo::ai::strategies::{self, Seen};
use quid_pro_quo::cli::render as play;
use quid_pro_quo::level::{self, SHIPPED};
use quid_pro_quo::sim::Difficulty;
use quid_pro_quo::sim::game::{Command, Game};
use quid_pro_quo::sim::rng::{GameRng, Stream};
use quid_pro_quo::sim::seat::UsSeat;

/// Everything the text mode shows a player who types every look-around command.
pub fn player_texts(game: &Game) -> String {
    let g = UsSeat::of(game);
    let v = g.view();
    [
        play::situation(g),
        play::actions(g),
        play::sites(&v),
        play::agreements(&v),
        play::news(&v, &g.rules().names.tag),
        play::round_report(g),
        play::plan(g),
        play::ledger(g.rules()),
        play::why(g, false),
        play::why(g, true),
    ]
    .join("\n")
}

#[test]
fn no_secret_reaches_the_player_before_the_game_ends() {
    let mut rounds_checked = 0;
    let mut hidden_moves_seen = 0;
    for (id, text) in SHIPPED {
        let rules = level::load_bytes(id, text.as_bytes()).expect("loads").rules;
        for seed in 0..12u64 {
            let sid = strategies::IDS[seed as usize % strategies::IDS.len()];
            let mut strategy = strategies::by_id(sid).expect("strategy");
            for difficulty in [Difficulty::Easy, Difficulty::Normal] {
                let mut g = Game::new(rules.clone(), seed, difficulty);
                let mut rng = GameRng::new(seed, Stream::Strategy);
                while g.over().is_none() {
                    let texts = player_texts(&g);
                    let scrambled = player_texts(&g.with_secrets_scrambled());
                    if texts != scrambled {
                        let (a, b) = texts
                            .lines()
                            .zip(scrambled.lines())
                            .find(|(a, b)| a != b)
                            .unwrap_or(("(lengths differ)", ""));
                        panic!(
                            "{id} seed {seed} {sid} round {}: a secret shows:\n  real:      {a}\n  scrambled: {b}",
                            g.round()
                        );
                    }
                    if let Some(r) = g.reports().last() {
                        for m in r.moves.iter().filter(|m| !r.public_moves.contains(m)) {
                            hidden_moves_seen += 1;
                            let name = &rules.mv(*m).name;
                            let in_news = r.news.iter().any(|n| n.headline.contains(name.as_str()));
                            assert!(
                                in_news || !texts.contains(name.as_str()),
                                "{id} seed {seed} round {}: the hidden move {name:?} is named",
                                g.round()
                            );
                        }
                    }
                    rounds_checked += 1;
                    let seen = {
                        let last = g.reports().last();
                        Seen {
                            rules: &rules,
                            view: UsSeat::of(&g).view(),
                            last_moves: last.map(|r| r.public_moves.clone()).unwrap_or_default(),
                            last_verified: last.map_or(0, |r| r.verified),
                            seat: None,
                        }
                    };
                    for cmd in strategy.plan(&seen, &mut rng) {
                        let _ = g.command(cmd);
                    }
                    let _ = g.command(Command::End);
                }
            }
        }
    }
    assert!(rounds_checked > 500, "{rounds_checked}");
    assert!(
        hidden_moves_seen > 20,
        "the games must include hidden moves to test anything ({hidden_moves_seen})"
    );
}
