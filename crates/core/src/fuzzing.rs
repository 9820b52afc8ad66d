//! The bodies of the fuzz targets in `fuzz/` (run with `cargo fuzz`, see `fuzz/README.md`). Each
//! takes arbitrary bytes and must not panic or hang, whatever they are; where the rules promise
//! something (variables in range, the same game when a log is replayed), it is asserted, so a
//! broken promise is a crash the fuzzer keeps. The same functions replay the kept corpora in the
//! ordinary test run (`tests/fuzz_corpora.rs`), so a regression fails CI without a fuzzer.

use crate::analysis::record::GameRecord;
use crate::level;
use crate::sim::Difficulty;
use crate::sim::game::{AnswerKind, Chair, Command, Game, OpponentCommand, Phase, Terms};
use crate::sim::orders::{InspectionAnswer, StepChoice};
use crate::sim::rules::Rules;
use crate::sim::vocab::{Sequencing, TargetKind};
use std::sync::{Arc, OnceLock};

/// Rounds of a fuzzed level that are played when it loads: enough to run every phase of the
/// rules on what the fuzzer wrote, few enough to keep the fuzzer fast.
const LEVEL_ROUNDS: usize = 2;
/// Commands of a fuzzed game, at most (a whole April 2000 game is about 150; the log is replayed at the end).
const GAME_COMMANDS: usize = 250;

/// The shipped levels, compiled once.
fn shipped() -> &'static [Arc<Rules>] {
    static RULES: OnceLock<Vec<Arc<Rules>>> = OnceLock::new();
    RULES.get_or_init(|| {
        level::SHIPPED
            .iter()
            .filter_map(|(id, _)| level::shipped(id)?.ok().map(|l| l.rules))
            .collect()
    })
}

/// Asserts what the rules promise about any state: every variable within its range.
fn assert_in_range(g: &Game) {
    let rules = g.rules();
    for v in rules.vars() {
        let x = g.state().vars[v];
        let (lo, hi) = rules.range(v);
        assert!(
            (lo..=hi).contains(&x),
            "{} = {x} is out of its range {lo}..={hi}",
            rules.var_id(v),
        );
    }
}

/// A level file: loaded and validated; if it loads, its diagnostics rendered and a few rounds
/// played; if not, its errors rendered (with positions inside the text).
pub fn level(data: &[u8]) {
    match level::load_bytes("fuzz.ron", data) {
        Ok(loaded) => {
            let _ = loaded.warnings.render();
            let mut g = Game::new(loaded.rules.clone(), 1, Difficulty::Easy);
            for _ in 0..LEVEL_ROUNDS {
                if g.over().is_some() {
                    break;
                }
                let _ = g.command(Command::End);
                assert_in_range(&g);
            }
        }
        Err(d) => {
            let _ = d.render();
        }
    }
}

/// A game record: parsed; if it names a shipped level, replayed and checked against its
/// recorded result.
pub fn record(data: &[u8]) {
    match GameRecord::parse("fuzz.qpq.ron", data) {
        Ok(r) => {
            if r.commands.len() > GAME_COMMANDS {
                return;
            }
            if let Some(Ok(loaded)) = level::shipped_with(&r.level_id, &r.variant) {
                let _ = r.verify(&loaded).map_err(|e| e.to_string());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Lines of the text-mode command language, from either chair, parsed against each shipped
/// level.
pub fn text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for rules in shipped() {
        for line in text.lines().take(64) {
            let _ = crate::text::parse(line, rules);
            let _ = crate::text::parse_opponent(line, rules);
        }
    }
}

/// A whole game driven by the bytes: the first picks the level, the seed and who sits in the
/// other chair (the AI, or a person when it is odd), then every three bytes make one command of
/// the side whose turn it is. Variables stay in range after every command, and replaying the log
/// gives the same game.
pub fn game(data: &[u8]) {
    let levels = shipped();
    let (Some(&first), rest) = (data.first(), data.get(1..).unwrap_or_default()) else {
        return;
    };
    let Some(rules) = levels.get(usize::from(first) % levels.len().max(1)) else {
        return;
    };
    let chair = || {
        if first % 2 == 1 {
            Chair::Person
        } else {
            Chair::Ai(Arc::new(crate::ai::Brain::for_difficulty(Difficulty::Easy)))
        }
    };
    let mut g = Game::seated(rules.clone(), u64::from(first), Difficulty::Easy, chair());
    for chunk in rest.chunks_exact(3).take(GAME_COMMANDS) {
        if g.over().is_some() {
            break;
        }
        let (k, a, b) = (chunk[0], u16::from(chunk[1]), u16::from(chunk[2]));
        let c = match g.phase() {
            Phase::Us => command_from(rules, k, a, b),
            Phase::Opponent => Command::Opponent(opponent_command_from(rules, k, a, b)),
        };
        let _ = g.command(c);
        assert_in_range(&g);
    }
    let again = Game::replay_seated(
        rules.clone(),
        g.seed(),
        g.difficulty(),
        chair(),
        g.commands(),
    );
    assert_eq!(
        again.hash(),
        g.hash(),
        "replaying the log gave another game"
    );
}

/// The id of one of the level's sites, picked by a number.
fn site_id(rules: &Rules, x: u16) -> Option<String> {
    let n = rules.sites.len().max(1);
    rules.sites.get(usize::from(x) % n).map(|s| s.id.clone())
}

/// A command from three numbers, using the level's own ids so most are valid: actions (with a
/// target of the right kind), offers, decisions on violations, counter-offers, breaking an
/// agreement, cancelling, undoing and ending the round.
pub fn command_from(rules: &Rules, kind: u8, a: u16, b: u16) -> Command {
    let pick = |n: usize, x: u16| usize::from(x) % n.max(1);
    let site = |x: u16| site_id(rules, x);
    match kind % 12 {
        0..=4 => {
            let Some(act) = rules.actions.get(pick(rules.actions.len(), a)) else {
                return Command::End;
            };
            let target = match act.target {
                TargetKind::None => None,
                TargetKind::Site => site(b),
                TargetKind::Variable => Some(
                    rules
                        .hidden_vars()
                        .nth(pick(rules.hidden_vars().count(), b))
                        .map_or("economy".into(), |v| rules.var_id(v).to_string()),
                ),
            };
            Command::Act {
                action: act.id.clone(),
                target,
            }
        }
        5 => {
            let offerable: Vec<&str> = rules
                .actions
                .iter()
                .filter(|x| x.offerable)
                .map(|x| x.id.as_str())
                .collect();
            let step = &rules.steps[pick(rules.steps.len(), b)];
            let ask = if step.kind.takes_site() {
                format!("{}:{}", step.id, site(a).unwrap_or_default())
            } else {
                step.id.clone()
            };
            Command::Offer {
                give: offerable
                    .get(pick(offerable.len(), a))
                    .map(|s| s.to_string())
                    .into_iter()
                    .collect(),
                ask: vec![ask],
                sequencing: Sequencing::ALL[pick(3, a / 7)],
                deadline: Some(u32::from(b % 4) + 1),
            }
        }
        6 => Command::Enforce(u32::from(a % 5) + 1),
        7 => Command::LookAway(u32::from(a % 5) + 1),
        8 => {
            if a.is_multiple_of(2) {
                Command::AcceptCounter
            } else {
                Command::RejectCounter
            }
        }
        9 => match a % 4 {
            0 => Command::Break(u32::from(b % 4) + 1),
            1 => Command::CancelOffer,
            _ => Command::Undo,
        },
        _ => Command::End,
    }
}

/// A command of a person in the other chair from three numbers, using the level's own ids so
/// most are valid: answers to the offer (with terms), to inspections and to monitors, owed
/// steps, moves, diversion and ending its half.
pub fn opponent_command_from(rules: &Rules, kind: u8, a: u16, b: u16) -> OpponentCommand {
    let pick = |n: usize, x: u16| usize::from(x) % n.max(1);
    let site = |x: u16| site_id(rules, x).unwrap_or_default();
    let step = |x: u16, y: u16| {
        let s = &rules.steps[pick(rules.steps.len(), y)];
        if s.kind.takes_site() {
            format!("{}:{}", s.id, site(x))
        } else {
            s.id.clone()
        }
    };
    match kind % 9 {
        0 | 1 => {
            let answer = [
                AnswerKind::Accept,
                AnswerKind::Stall,
                AnswerKind::Reject,
                AnswerKind::Counter,
            ][pick(4, a)];
            let terms = (!b.is_multiple_of(3)).then(|| Terms {
                give: rules
                    .actions
                    .get(pick(rules.actions.len(), b))
                    .map(|x| x.id.clone())
                    .into_iter()
                    .collect(),
                ask: vec![step(a, b)],
                sequencing: Sequencing::ALL[pick(3, b / 5)],
                deadline: Some(u32::from(a % 13)),
            });
            OpponentCommand::Answer { answer, terms }
        }
        2 => OpponentCommand::Inspection {
            site: site(a),
            answer: [
                InspectionAnswer::Accept,
                InspectionAnswer::Stall,
                InspectionAnswer::Refuse,
            ][pick(3, b)],
        },
        3 => OpponentCommand::Monitors(a.is_multiple_of(2)),
        4 => OpponentCommand::Step {
            agreement: u32::from(a % 6) + 1,
            step: step(a, b),
            choice: [StepChoice::Do, StepChoice::Fake, StepChoice::Wait][pick(3, b / 3)],
        },
        5 | 6 => {
            let moves: Vec<&str> = rules
                .move_kinds()
                .map(|m| rules.mv(m).id.as_str())
                .collect();
            OpponentCommand::Move(
                moves
                    .get(pick(moves.len(), a))
                    .map_or("hold".into(), |m| m.to_string()),
            )
        }
        7 => OpponentCommand::Divert(a.is_multiple_of(2)),
        _ => OpponentCommand::End,
    }
}
