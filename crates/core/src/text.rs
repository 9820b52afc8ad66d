//! The text-mode command language: one command per line, parsed into what the game or the screen
//! should do. A mistake becomes a message with a suggestion, never a crash.

use crate::sim::game::Command;
use crate::sim::rules::Rules;
use crate::sim::vocab::Sequencing;
use crate::sim::vocab::suggest;

/// What one line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Nothing (blank or a comment).
    Empty,
    /// `help`: the commands.
    Help,
    /// `status`: the situation.
    Status,
    /// `actions`: what the U.S. can do.
    Actions,
    /// `sites`: the suspected sites.
    Sites,
    /// `agreements`: agreements and their steps.
    Agreements,
    /// `news`: last round's news.
    News,
    /// `report`: last round's report.
    Report,
    /// `plan`: what is planned this round.
    Plan,
    /// `ledger`: the assumption ledger.
    Ledger,
    /// `why`: Pyongyang's reasons last round, in words; `why numbers` gives the scores.
    Why {
        /// Show the scores behind the reasons.
        numbers: bool,
    },
    /// Save the game record (to this file, or to the `--record` file).
    Save(Option<String>),
    /// `quit`: leave the game.
    Quit,
    /// A command to the game itself.
    Game(Command),
}

/// Commands and their one-line help, in the order `help` shows them.
pub const HELP: &[(&str, &str, &str)] = &[
    ("help", "this list", "help"),
    (
        "status",
        "the situation: values, estimates ± band, sites, agreements",
        "status",
    ),
    (
        "actions",
        "the actions you can take, with cost and effects",
        "actions",
    ),
    (
        "sites",
        "suspected sites and what is known of them",
        "sites",
    ),
    (
        "agreements",
        "agreements and the status of each step",
        "agreements",
    ),
    ("news", "last round's news and cables", "news"),
    (
        "report",
        "last round's changes, each with its cause",
        "report",
    ),
    (
        "why [numbers]",
        "why the other side did what it did last round; `why numbers` shows the scores",
        "why",
    ),
    (
        "ledger",
        "the level's assumptions: named weights with sources",
        "ledger",
    ),
    ("plan", "what you have planned this round", "plan"),
    (
        "save [FILE]",
        "save the game record (for `replay` and `report`)",
        "save my-game.ron",
    ),
    (
        "ACTION [TARGET]",
        "plan an action (`do` in front is optional)",
        "food_aid_monitored   |   inspect_site {site}   |   surveillance nuclear",
    ),
    (
        "offer give=.. ask=.. [seq=..] [deadline=N]",
        "offer rewards for steps; seq is step_first (default), instalments, simultaneous or reward_first",
        "offer give=food_aid_monitored,ease_sanctions ask=test_moratorium,allow_inspection:{site} seq=step_first deadline=3",
    ),
    (
        "offer cancel",
        "take back the offer planned this round",
        "offer cancel",
    ),
    (
        "undo",
        "take back the last thing you planned (action, offer, decision or withdrawal)",
        "undo",
    ),
    (
        "enforce N",
        "answer a detected violation of agreement N by reimposing pressure",
        "enforce 2",
    ),
    (
        "lookaway N",
        "let a detected violation of agreement N pass",
        "lookaway 2",
    ),
    (
        "accept / reject",
        "accept or decline the other side's counter-offer",
        "accept",
    ),
    (
        "break N",
        "withdraw from agreement N when the round ends (`undo` takes it back)",
        "break 3",
    ),
    (
        "end",
        "end the round (undecided violations are let pass; a counter-offer lapses)",
        "end",
    ),
    ("quit", "stop playing", "quit"),
];

const WORDS: &[&str] = &[
    "help",
    "status",
    "actions",
    "sites",
    "agreements",
    "news",
    "report",
    "why",
    "ledger",
    "plan",
    "do",
    "offer",
    "undo",
    "enforce",
    "lookaway",
    "accept",
    "reject",
    "break",
    "end",
    "quit",
];

/// Parses one line of input.
pub fn parse(line: &str, rules: &Rules) -> Result<Line, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(Line::Empty);
    }
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return Ok(Line::Empty);
    };
    let rest: Vec<&str> = words.collect();
    let head = first.to_lowercase();
    let no_args = |l: Line| -> Result<Line, String> {
        if rest.is_empty() {
            Ok(l)
        } else {
            Err(format!("`{head}` takes nothing after it."))
        }
    };
    match head.as_str() {
        "help" | "?" | "h" => Ok(Line::Help),
        "status" | "s" => no_args(Line::Status),
        "actions" | "a" => no_args(Line::Actions),
        "sites" => no_args(Line::Sites),
        "agreements" | "ag" => no_args(Line::Agreements),
        "news" => no_args(Line::News),
        "report" | "r" => no_args(Line::Report),
        "plan" | "p" => no_args(Line::Plan),
        "ledger" | "assumptions" => no_args(Line::Ledger),
        "why" => match rest.as_slice() {
            [] => Ok(Line::Why { numbers: false }),
            [w] if ["numbers", "scores", "n"].contains(&w.to_lowercase().as_str()) => {
                Ok(Line::Why { numbers: true })
            }
            _ => Err("`why` takes nothing, or `numbers` for the scores: `why numbers`.".into()),
        },
        "quit" | "exit" | "q" => no_args(Line::Quit),
        "save" => match rest.as_slice() {
            [] => Ok(Line::Save(None)),
            [f] => Ok(Line::Save(Some(f.to_string()))),
            _ => Err("`save` takes one file name, e.g. `save my-game.ron`.".into()),
        },
        "end" | "e" => no_args(Line::Game(Command::End)),
        "undo" | "u" => no_args(Line::Game(Command::Undo)),
        "accept" => no_args(Line::Game(Command::AcceptCounter)),
        "reject" => no_args(Line::Game(Command::RejectCounter)),
        "enforce" | "lookaway" | "look-away" | "break" => {
            let [n] = rest.as_slice() else {
                return Err(format!(
                    "`{head}` needs an agreement number, e.g. `{head} 2`."
                ));
            };
            let id: u32 = n
                .trim_start_matches('#')
                .parse()
                .map_err(|_| format!("`{n}` is not an agreement number; e.g. `{head} 2`."))?;
            Ok(Line::Game(match head.as_str() {
                "enforce" => Command::Enforce(id),
                "break" => Command::Break(id),
                _ => Command::LookAway(id),
            }))
        }
        "offer" if rest == ["cancel"] => Ok(Line::Game(Command::CancelOffer)),
        "offer" => parse_offer(&rest).map(Line::Game),
        "do" => {
            let Some((action, target)) = rest.split_first() else {
                return Err("`do` needs an action, e.g. `do food_aid_monitored`.".into());
            };
            act(action, target)
        }
        _ => {
            let norm = head.replace('-', "_");
            if rules.action_ix(&norm).is_some() {
                act(first, &rest)
            } else {
                let mut options: Vec<&str> = WORDS.to_vec();
                options.extend(rules.actions.iter().map(|a| a.id.as_str()));
                let hint = suggest(&norm, options)
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(format!(
                    "Unknown command `{first}`.{hint} Type `help` for the commands, `actions` for the actions."
                ))
            }
        }
    }
}

fn act(action: &str, target: &[&str]) -> Result<Line, String> {
    match target {
        [] => Ok(Line::Game(Command::Act {
            action: action.to_string(),
            target: None,
        })),
        [t] => Ok(Line::Game(Command::Act {
            action: action.to_string(),
            target: Some(t.to_string()),
        })),
        _ => Err(format!("`{action}` takes at most one target.")),
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses `offer give=a,b ask=x,y:site seq=step_first deadline=3`.
pub fn parse_offer(args: &[&str]) -> Result<Command, String> {
    let usage =
        "Write: offer give=food_aid_monitored ask=test_moratorium seq=step_first deadline=3";
    let mut give = Vec::new();
    let mut ask = Vec::new();
    let mut sequencing = Sequencing::StepFirst;
    let mut deadline = None;
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            return Err(format!("`{a}` is not `key=value`. {usage}"));
        };
        match k.to_lowercase().as_str() {
            "give" | "g" => give.extend(split_list(v)),
            "ask" | "for" => ask.extend(split_list(v)),
            "seq" | "sequencing" => {
                sequencing = Sequencing::from_id(v).ok_or_else(|| {
                    format!(
                        "`{v}` is not a sequencing; use step_first, instalments, simultaneous or reward_first."
                    )
                })?;
            }
            "deadline" | "d" => {
                deadline = Some(
                    v.parse::<u32>()
                        .map_err(|_| format!("`{v}` is not a number of rounds."))?,
                );
            }
            other => {
                let hint = suggest(other, ["give", "ask", "seq", "deadline"])
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!("Unknown offer part `{other}`.{hint} {usage}"));
            }
        }
    }
    if give.is_empty() || ask.is_empty() {
        return Err(format!("An offer needs give= and ask=. {usage}"));
    }
    Ok(Command::Offer {
        give,
        ask,
        sequencing,
        deadline,
    })
}

/// What one line asks for from the other side's chair (`play --text --side pyongyang`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpponentLine {
    /// Nothing (blank or a comment).
    Empty,
    /// `help`: the commands.
    Help,
    /// `status`: the situation as this side knows it.
    Status,
    /// `moves`: the moves possible now.
    Moves,
    /// `plan`: the orders given so far this round.
    Plan,
    /// Save the game record (to this file, or to the `--record` file).
    Save(Option<String>),
    /// `quit`: leave the game.
    Quit,
    /// An order.
    Order(crate::sim::game::OpponentCommand),
}

/// The other chair's commands and their one-line help, in the order `help` shows them.
pub const OPPONENT_HELP: &[(&str, &str, &str)] = &[
    ("help", "this list", "help"),
    (
        "status",
        "where you stand, what is on the table, your agreements and sites",
        "status",
    ),
    ("moves", "the moves you can make now", "moves"),
    ("plan", "your orders so far this round", "plan"),
    ("accept", "accept the U.S. offer on the table", "accept"),
    ("reject", "turn the offer down", "reject"),
    (
        "stall [give=… ask=…]",
        "neither yes nor no; the offer stays on the table (optionally naming terms you would take)",
        "stall give=ease_sanctions,food_aid_monitored ask=attend_talks",
    ),
    (
        "counter give=… ask=… [seq=…] [deadline=…]",
        "turn it down with your own terms, which the U.S. may accept next round",
        "counter give=heavy_fuel_oil ask=freeze:yongbyon seq=simultaneous",
    ),
    (
        "inspection SITE accept|stall|refuse",
        "answer a demand to inspect a site",
        "inspection kumchang-ri stall",
    ),
    (
        "monitors yes|no",
        "let the U.S.'s aid monitors in, or not",
        "monitors no",
    ),
    (
        "step AGREEMENT STEP do|fake|wait",
        "carry out a step you owe, claim it without doing it, or put it off",
        "step 3 freeze:yongbyon fake",
    ),
    (
        "move MOVE",
        "a move: one on the talks, one in public, one in secret each round (`hold` clears the public one)",
        "move missile_test",
    ),
    (
        "divert yes|no",
        "send unmonitored aid arriving this round to the regime, or let it reach people",
        "divert yes",
    ),
    ("end", "end your half: the round resolves", "end"),
    ("save [FILE]", "save the game record", "save my-game.ron"),
    ("quit", "leave the game", "quit"),
];

/// Parses one line from the other side's chair.
pub fn parse_opponent(line: &str, rules: &Rules) -> Result<OpponentLine, String> {
    use crate::sim::game::{AnswerKind, OpponentCommand as O};
    use crate::sim::orders::{InspectionAnswer, StepChoice};
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(OpponentLine::Empty);
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let head = words[0].to_lowercase();
    let rest = &words[1..];
    let order = |c| Ok(OpponentLine::Order(c));
    let yes_no = |what: &str| -> Result<bool, String> {
        match rest {
            [w] if ["yes", "y", "true"].contains(&w.to_lowercase().as_str()) => Ok(true),
            [w] if ["no", "n", "false"].contains(&w.to_lowercase().as_str()) => Ok(false),
            _ => Err(format!("Write `{what} yes` or `{what} no`.")),
        }
    };
    let terms = |args: &[&str]| -> Result<crate::sim::game::Terms, String> {
        match parse_offer(args)? {
            Command::Offer {
                give,
                ask,
                sequencing,
                deadline,
            } => Ok(crate::sim::game::Terms {
                give,
                ask,
                sequencing,
                deadline,
            }),
            _ => Err("Name terms as give=… ask=…".into()),
        }
    };
    let bare = [
        "status", "s", "moves", "plan", "p", "quit", "exit", "q", "end", "e", "accept", "reject",
        "hold",
    ];
    if bare.contains(&head.as_str()) && !rest.is_empty() {
        return Err(format!("`{head}` takes nothing after it."));
    }
    match head.as_str() {
        "help" | "?" | "h" => Ok(OpponentLine::Help),
        "status" | "s" if rest.is_empty() => Ok(OpponentLine::Status),
        "moves" if rest.is_empty() => Ok(OpponentLine::Moves),
        "plan" | "p" if rest.is_empty() => Ok(OpponentLine::Plan),
        "quit" | "exit" | "q" if rest.is_empty() => Ok(OpponentLine::Quit),
        "save" => match rest {
            [] => Ok(OpponentLine::Save(None)),
            [f] => Ok(OpponentLine::Save(Some(f.to_string()))),
            _ => Err("`save` takes one file name, e.g. `save my-game.ron`.".into()),
        },
        "end" | "e" if rest.is_empty() => order(O::End),
        "accept" | "reject" if rest.is_empty() => order(O::Answer {
            answer: if head == "accept" {
                AnswerKind::Accept
            } else {
                AnswerKind::Reject
            },
            terms: None,
        }),
        "stall" => order(O::Answer {
            answer: AnswerKind::Stall,
            terms: if rest.is_empty() {
                None
            } else {
                Some(terms(rest)?)
            },
        }),
        "counter" => order(O::Answer {
            answer: AnswerKind::Counter,
            terms: Some(terms(rest)?),
        }),
        "inspection" | "inspect" => {
            let [site, a] = rest else {
                return Err("Write `inspection SITE accept`, `… stall` or `… refuse`.".into());
            };
            let answer = match a.to_lowercase().as_str() {
                "accept" | "yes" => InspectionAnswer::Accept,
                "stall" | "wait" => InspectionAnswer::Stall,
                "refuse" | "no" => InspectionAnswer::Refuse,
                other => {
                    return Err(format!(
                        "`{other}` is not an answer: accept, stall or refuse."
                    ));
                }
            };
            order(O::Inspection {
                site: site.to_string(),
                answer,
            })
        }
        "monitors" => order(O::Monitors(yes_no("monitors")?)),
        "divert" => order(O::Divert(yes_no("divert")?)),
        "step" => {
            let [n, step, c] = rest else {
                return Err("Write `step AGREEMENT STEP do`, `… fake` or `… wait`, e.g. `step 3 freeze:yongbyon do`.".into());
            };
            let agreement: u32 = n
                .trim_start_matches('#')
                .parse()
                .map_err(|_| format!("`{n}` is not an agreement number."))?;
            let choice = match c.to_lowercase().as_str() {
                "do" => StepChoice::Do,
                "fake" => StepChoice::Fake,
                "wait" => StepChoice::Wait,
                other => return Err(format!("`{other}` is not a choice: do, fake or wait.")),
            };
            order(O::Step {
                agreement,
                step: step.to_string(),
                choice,
            })
        }
        "move" | "m" => match rest {
            [m] => order(O::Move(m.to_string())),
            _ => Err("Write `move MOVE`; `moves` lists them.".into()),
        },
        "hold" if rest.is_empty() => order(O::Move("hold".into())),
        _ => {
            let words: Vec<&str> = OPPONENT_HELP
                .iter()
                .filter_map(|(c, _, _)| c.split_whitespace().next())
                .collect();
            let mut options = words.clone();
            options.extend(rules.move_kinds().map(|m| rules.mv(m).id.as_str()));
            let hint = suggest(&head, options)
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            Err(format!(
                "Unknown command `{}`.{hint} Type `help` for the commands.",
                words_first(line)
            ))
        }
    }
}

fn words_first(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or(line)
}

#[cfg(test)]
mod other_chair {
    use super::*;
    use crate::sim::game::{AnswerKind, OpponentCommand};

    fn rules() -> std::sync::Arc<Rules> {
        crate::level::shipped("april-2000")
            .and_then(Result::ok)
            .map(|l| l.rules)
            .expect("april-2000 loads")
    }

    #[test]
    fn the_other_chairs_lines_parse_and_mistakes_say_what_is_wrong() {
        let r = rules();
        assert_eq!(
            parse_opponent("counter give=heavy_fuel_oil ask=freeze:yongbyon", &r),
            Ok(OpponentLine::Order(OpponentCommand::Answer {
                answer: AnswerKind::Counter,
                terms: Some(crate::sim::game::Terms {
                    give: vec!["heavy_fuel_oil".into()],
                    ask: vec!["freeze:yongbyon".into()],
                    sequencing: Sequencing::StepFirst,
                    deadline: None,
                }),
            }))
        );
        assert_eq!(
            parse_opponent("status now", &r),
            Err("`status` takes nothing after it.".into())
        );
        assert!(
            parse_opponent("monitors maybe", &r)
                .unwrap_err()
                .contains("monitors yes")
        );
        assert!(
            parse_opponent("missile_tset", &r)
                .unwrap_err()
                .contains("`missile_test`")
        );
        assert!(parse_opponent("step x freeze:yongbyon do", &r).is_err());
        assert_eq!(parse_opponent("  # a note", &r), Ok(OpponentLine::Empty));
    }
}
