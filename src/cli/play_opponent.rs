//! `play --text --side pyongyang`: the other side's chair in the terminal. Each round Washington
//! (a built-in U.S. strategy) moves first; then the player reads what the other side knows and
//! gives its orders, one per line, and `end` resolves the round.

use crate::analysis::Debrief;
use crate::analysis::document::terminal;
use crate::analysis::record::GameRecord;
use crate::analysis::wording;
use crate::cli::play::{Alone, Options, Relay, TextEnd, read_line_lossy};
use crate::cli::render::opponent_debrief_text;
use crate::cli::text::{OPPONENT_HELP, OpponentLine, parse_opponent};
use crate::level::Loaded;
use crate::sim::game::{Ack, Chair, Command, Game};
use crate::sim::rng::{GameRng, Stream};
use crate::sim::seat::OpponentSeat;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// What the other chair's player reads first: who they are and how a round goes.
fn introduction(g: &Game, washington: &str) -> String {
    let rules = g.rules();
    let opp = &rules.names.opponent;
    let mut s = terminal(
        &{
            let mut d = crate::analysis::document::Document::default();
            d.heading(1, format!("{} — in {opp}'s chair", rules.title));
            d.blocks.extend(wording::opponent_briefing(rules));
            d.heading(2, "How a round goes");
            d
        },
        96,
    );
    s.push_str(&format!(
        "\n{}\n",
        crate::analysis::document::wrap(
            &format!(
                "Each round Washington ({}) moves first; then you see what it did and what it put on the table, and give your orders: answer its offer, its inspection demands and its request for monitors, do (or fake, or put off) the steps you owe, and make your moves. `end` resolves the round. Your own values are shown exactly; Washington's intelligence and plans are not. {} rounds from {}; seed {}. Type `help` for the commands.",
                wording::washington_name(washington, rules),
                rules.rounds,
                rules.month_of(1).long(),
                g.seed()
            ),
            96
        )
    ));
    s
}

fn help() -> String {
    let mut s = String::from("Commands (one per line):\n");
    for (cmd, what, example) in OPPONENT_HELP {
        s.push_str(&format!("  {cmd:<42} {what}\n      e.g. {example}\n"));
    }
    s.trim_end().to_string()
}

/// The moves possible now, by id, with their names.
fn moves(g: &Game) -> String {
    let mut s = String::from("Moves you can make now (`move ID`; `hold` makes none in public):\n");
    for (id, name, public) in OpponentSeat::of(g).moves_possible() {
        s.push_str(&format!(
            "  {id:<22} {name}{}\n",
            if public { "" } else { " (secret)" }
        ));
    }
    s.trim_end().to_string()
}

/// The orders given so far this round.
fn plan(g: &Game) -> String {
    let lines = wording::opponent_orders(OpponentSeat::of(g));
    if lines.is_empty() {
        "Nothing yet: if you end now you stall on everything and make no move.".into()
    } else {
        format!("Your orders so far:\n  {}", lines.join("\n  "))
    }
}

fn save(
    g: &Game,
    opts: &Options,
    washington: Option<&str>,
    path: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    match GameRecord::of(g, &opts.level_file, &opts.player)
        .with_washington(washington)
        .save(path)
    {
        Ok(()) => writeln!(out, "Game record saved to {}.", path.display()),
        Err(e) => writeln!(out, "Could not save the game record: {e}"),
    }
}

/// Plays a game from the other side's chair, against Washington playing `washington`.
pub fn play_opponent(
    loaded: &Loaded,
    opts: &Options,
    washington: &str,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let rules = loaded.rules.clone();
    let Some(strategy) = crate::ai::washington::any(washington, &rules) else {
        writeln!(
            out,
            "There is no U.S. strategy `{washington}`; try one of: {}, {}.",
            crate::ai::washington::IDS.join(", "),
            crate::ai::strategies::all_for_level(&rules).join(", ")
        )?;
        return Ok(TextEnd::Stopped { round: 0 });
    };
    let g = Game::seated(rules.clone(), opts.seed, opts.difficulty, Chair::Person);
    play_opponent_game(g, opts, washington, strategy, &mut Alone, input, out)
}

/// Plays `g` on from the other side's chair (a class game rejoined has moves already), against
/// Washington playing `strategy` (`washington` by id); every move, Washington's too, is passed
/// to `relay`.
pub fn play_opponent_game(
    mut g: Game,
    opts: &Options,
    washington: &str,
    mut strategy: Box<dyn crate::ai::strategies::Strategy + Send>,
    relay: &mut dyn Relay,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let mut rng = GameRng::new(opts.seed, Stream::Strategy);
    writeln!(out, "{}", introduction(&g, washington))?;
    if !g.commands().is_empty() {
        writeln!(
            out,
            "You are back in your game, in round {}: {} moves were kept.",
            g.round(),
            g.commands().len()
        )?;
    }
    let end = loop {
        if let Some(outcome) = g.over() {
            break finish(&g, opts, washington, outcome, out);
        }
        crate::ai::strategies::us_half(&mut g, strategy.as_mut(), &mut rng);
        relay.sent(g.commands());
        if g.over().is_some() {
            continue;
        }
        let why = strategy.said();
        match opponent_turn(&mut g, opts, Some(washington), why, relay, input, out) {
            Ok(Some(end)) => break Ok(end),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
    };
    relay.finish(g.commands(), out)?;
    end
}

/// The other chair's half of a round: its situation, then its orders one per line until `end`
/// resolves the round. `Some` when the player quit or the input ran out first.
pub fn opponent_turn(
    g: &mut Game,
    opts: &Options,
    washington: Option<&str>,
    why: Option<String>,
    relay: &mut dyn Relay,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Option<TextEnd>> {
    let rules = g.rules_arc().clone();
    let mut doc = wording::opponent_situation(OpponentSeat::of(g));
    doc.blocks
        .extend(wording::washington_why(why, g.difficulty()));
    writeln!(out, "{}", terminal(&doc, 96))?;
    let mut line = String::new();
    while g.phase() == crate::sim::game::Phase::Opponent {
        for said in relay.news() {
            writeln!(out, "[class] {said}")?;
        }
        if !opts.echo {
            write!(out, "> ")?;
            out.flush()?;
        }
        line.clear();
        if read_line_lossy(input, &mut line)? == 0 {
            writeln!(
                out,
                "\nInput ended in round {} before the game did. The game was not finished.",
                g.round()
            )?;
            if let Some(path) = &opts.record {
                save(g, opts, washington, path, out)?;
            }
            return Ok(Some(TextEnd::Stopped { round: g.round() }));
        }
        let trimmed = line.trim();
        if opts.echo && !trimmed.is_empty() {
            writeln!(out, "> {trimmed}")?;
        }
        match parse_opponent(trimmed, &rules) {
            Err(msg) => writeln!(out, "{msg}")?,
            Ok(OpponentLine::Empty) => {}
            Ok(OpponentLine::Help) => writeln!(out, "{}", help())?,
            Ok(OpponentLine::Status) => writeln!(
                out,
                "{}",
                terminal(&wording::opponent_situation(OpponentSeat::of(g)), 96)
            )?,
            Ok(OpponentLine::Moves) => writeln!(out, "{}", moves(g))?,
            Ok(OpponentLine::Plan) => writeln!(out, "{}", plan(g))?,
            Ok(OpponentLine::Save(file)) => {
                match file.map(PathBuf::from).or_else(|| opts.record.clone()) {
                    Some(path) => save(g, opts, washington, &path, out)?,
                    None => writeln!(out, "Save where? e.g. `save my-game.ron`.")?,
                }
            }
            Ok(OpponentLine::Quit) => {
                writeln!(out, "You left the table in round {}.", g.round())?;
                if let Some(path) = &opts.record {
                    save(g, opts, washington, path, out)?;
                }
                return Ok(Some(TextEnd::Stopped { round: g.round() }));
            }
            Ok(OpponentLine::Order(c)) => match g.command(Command::Opponent(c)) {
                Err(refusal) => writeln!(out, "{refusal}")?,
                Ok(ack) => {
                    relay.sent(g.commands());
                    match ack {
                        Ack::RoundEnded => {
                            writeln!(out, "Round {} resolved.", g.round().saturating_sub(1))?
                        }
                        Ack::Planned(w) => writeln!(out, "Planned: {w}.")?,
                        Ack::Decided(w) => writeln!(out, "{w}")?,
                        Ack::Undone(w) => writeln!(out, "Taken back: {w}.")?,
                        Ack::Waiting(_) => {}
                    }
                }
            },
        }
    }
    Ok(None)
}

/// The end: the debrief for this chair (its score, what Washington saw of it, Washington's side)
/// and the result line.
fn finish(
    g: &Game,
    opts: &Options,
    washington: &str,
    outcome: crate::sim::vocab::OutcomeKind,
    out: &mut dyn Write,
) -> io::Result<TextEnd> {
    let Some(whole) = OpponentSeat::of(g).revealed() else {
        return Ok(TextEnd::Stopped { round: g.round() });
    };
    let d = Debrief::of(whole, &opts.player);
    if let Some(text) = opponent_debrief_text(g, &d) {
        writeln!(out, "{text}")?;
    }
    if let Some(path) = &opts.record {
        save(g, opts, Some(washington), path, out)?;
    }
    let hash = g.hash();
    let score = OpponentSeat::of(g).score();
    writeln!(
        out,
        "result: outcome={} round={} side=opponent score={} grade={} hash={hash}",
        outcome.id(),
        g.round(),
        score.total,
        score.grade
    )?;
    Ok(TextEnd::Finished { outcome, hash })
}
