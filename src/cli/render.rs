//! The text mode's renderers: the briefing, the situation, the actions, sites, agreements and
//! news, the round report, the plan, the ledger, Pyongyang's reasons and the debrief, each as
//! text for a terminal. They read the game and write nothing; the loop is in `cli::play`.

use crate::analysis::Debrief;
use crate::analysis::document::{self, Document};
use crate::analysis::wording;
use crate::cli::text::HELP;
use crate::level::types::{Group, TargetKind};
use crate::sim::Difficulty;
use crate::sim::rules::Rules;
use crate::sim::seat::UsSeat;
use crate::sim::vars::Var;
use crate::sim::view::PlayerView;

fn rule(title: &str) -> String {
    let bar = "═".repeat(4);
    format!("{bar} {title} {bar}")
}

/// The briefing shown before the first round.
pub fn briefing(rules: &Rules, seed: u64, difficulty: Difficulty) -> String {
    let mut s = String::new();
    s.push_str(&rule(&rules.title));
    s.push('\n');
    if !rules.question.is_empty() {
        s.push_str(&format!("The question: {}\n", rules.question));
    }
    s.push_str(&format!(
        "{}\n{} rounds of {} month{} from {} · {} action points a round · seed {seed} · {difficulty}\n\n",
        rules.summary,
        rules.rounds,
        rules.months_per_round,
        if rules.months_per_round == 1 { "" } else { "s" },
        rules.start.long(),
        rules.action_points,
    ));
    s.push_str(&wrap(&rules.briefing.context, 96));
    s.push('\n');
    if !rules.briefing.objectives.is_empty() {
        s.push_str("\nObjectives:\n");
        for o in &rules.briefing.objectives {
            s.push_str(&format!("  - {o}\n"));
        }
    }
    if !rules.briefing.sources.is_empty() {
        s.push_str("\nSources:\n");
        for id in &rules.briefing.sources {
            if let Some(src) = rules.sources.iter().find(|x| &x.id == id) {
                s.push_str(&format!("  - {}\n", src.cite));
            }
        }
    }
    s.push_str("\nType `help` for the commands. Hidden values are shown as `estimate ± band`.\n");
    s
}

pub use crate::analysis::document::wrap;

fn arrow(trend: i32) -> String {
    match trend {
        0 => "  ".into(),
        t if t > 0 => format!("↑{t}"),
        t => format!("↓{}", -t),
    }
}

/// The situation at the start of a round.
pub fn situation(g: UsSeat<'_>) -> String {
    let v = g.view();
    let mut s = String::new();
    s.push_str(&rule(&format!(
        "Round {} of {} · {}",
        v.round,
        v.rounds,
        v.month.long()
    )));
    s.push_str(&format!(
        "  Action points {}/{} · Budget ${}M\n",
        v.ap_left, v.ap_total, v.budget_left
    ));
    s.push_str(&format!(
        "{:<34}{}\n",
        "Visible", "Estimates (value ± band)"
    ));
    let rules = g.rules();
    let visible: Vec<Var> = rules.visible_vars().collect();
    let hidden: Vec<Var> = rules.hidden_vars().collect();
    for k in 0..visible.len().max(hidden.len()) {
        let left = visible
            .get(k)
            .and_then(|&x| v.reading(x))
            .map_or(String::new(), |a| {
                format!(
                    "  {:<18}{:>5} {:<4}",
                    clip(rules.label(a.var), 18),
                    a.text(),
                    arrow(a.trend)
                )
            });
        let right = hidden
            .get(k)
            .and_then(|&x| v.reading(x))
            .map_or(String::new(), |b| {
                format!(
                    "{:<20}{:>8} {:<4}{}",
                    clip(rules.label(b.var), 20),
                    b.text(),
                    arrow(b.trend),
                    if b.fresh { " (fresh)" } else { "" }
                )
            });
        s.push_str(format!("{left:<34}{right}").trim_end());
        s.push('\n');
    }
    let pr = g.progress();
    s.push_str(&format!(
        "{}\n",
        wrap(&pr.goal_line(), 100).replace('\n', "\n  ")
    ));
    s.push_str(&format!(
        "{}\n",
        wrap(&pr.danger_line(), 100).replace('\n', "\n  ")
    ));
    let live: Vec<_> = v.agreements.iter().filter(|a| a.active).collect();
    if !live.is_empty() {
        s.push_str("Agreements in force:\n");
        for a in live {
            s.push_str(&format!("  [{}] {}\n", a.id, agreement_line(a)));
        }
    }
    if let Some(t) = &v.talks {
        s.push_str(&format!("{}\n", wording::talks(t)));
    }
    for site in v.sites.iter().filter(|x| x.demand.is_some()) {
        if let Some((since, stalls)) = site.demand {
            s.push_str(&format!("{}\n", wording::demand(&site.name, since, stalls)));
        }
    }
    if let Some(o) = &v.open_offer {
        s.push_str(&format!("{}\n", wording::open_offer(o)));
    }
    if let Some(c) = &v.counter {
        s.push_str(&format!(
            "{}\n  `accept` to take them (the agreement is made when you end the round) or `reject`.\n",
            wording::counter_terms(&g.rules().names.opponent, c)
        ));
    }
    for n in &v.notices {
        s.push_str(&format!(
            "{} Decide: `enforce {}` or `lookaway {}`. {}\n",
            wording::violation(n),
            n.agreement,
            n.agreement,
            wording::UNDECIDED_PASSES
        ));
    }
    if let Some(tip) = &v.tip {
        let line = match &tip.terminal {
            Some(how) => format!("{} {how}", tip.text),
            None => tip.text.clone(),
        };
        s.push_str(&format!(
            "Tip: {}\n",
            wrap(&line, 96).replace('\n', "\n     ")
        ));
    }
    s.trim_end().to_string()
}

fn agreement_line(a: &crate::sim::view::AgreementView) -> String {
    let steps: Vec<String> = a
        .steps
        .iter()
        .map(|(l, st)| wording::step_status(l, *st))
        .collect();
    // A deal the player made is named after its steps: name it once.
    let named_by_steps = a.template.is_none()
        && a.name
            == a.steps
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>()
                .join(" + ");
    let mut s = if named_by_steps {
        format!("Deal: {}", steps.join("; "))
    } else {
        format!("{}: {}", a.name, steps.join("; "))
    };
    if !a.gives.is_empty() {
        s.push_str(&format!(" · {}", a.gives_line()));
    }
    if let Some(d) = a.deadline {
        s.push_str(&format!(" · {}", wording::steps_due(d)));
    }
    s
}

/// The action catalogue with costs, whether each is possible now, and previewed effects.
pub fn actions(g: UsSeat<'_>) -> String {
    let rules = g.rules();
    let mut s = format!(
        "Actions ({} AP and ${}M left this round):\n",
        g.ap_left(),
        g.budget_left()
    );
    for group in Group::ALL.iter().copied() {
        // A group the level empties (every military action disabled, say) is not shown.
        if !rules.actions.iter().any(|a| a.group == group) {
            continue;
        }
        s.push_str(&format!("{}:\n", group.label()));
        for (ix, a) in rules
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.group == group)
        {
            let target = match a.target {
                TargetKind::None => "",
                TargetKind::Site => " SITE",
                TargetKind::Variable => " VARIABLE",
            };
            let probe = match a.target {
                TargetKind::None => g.check_action(ix as u16, crate::sim::orders::Target::None),
                _ => Ok(()),
            };
            let note = match probe {
                Ok(()) => String::new(),
                Err(e) => format!("   [not now: {e}]"),
            };
            s.push_str(&format!(
                "  {:<22} {}AP ${:<3}  {}{}\n      {}{}\n",
                format!("{}{target}", a.id),
                a.ap,
                a.cost,
                a.name,
                if a.offerable { " (offerable)" } else { "" },
                crate::sim::describe::describe_effects(rules, &a.effects),
                note
            ));
        }
    }
    s.push_str(&wrap(
        &format!(
            "Steps you can ask for in an offer: {}.",
            g.rules().step_list()
        ),
        96,
    ));
    s.push('\n');
    s.push_str(&wrap(
        &format!(
            "Variables you can watch (surveillance VARIABLE): {}.",
            g.rules().hidden_var_list()
        ),
        96,
    ));
    s.push('\n');
    s.trim_end().to_string()
}

/// Sites as intelligence knows them.
pub fn sites(v: &PlayerView) -> String {
    let mut s = String::from("Sites:\n");
    let known: Vec<_> = v.sites.iter().filter(|x| x.suspected).collect();
    if known.is_empty() {
        s.push_str("  none known\n");
    }
    for site in known {
        let mut facts = vec![format!("{:?}", site.program).to_lowercase()];
        if let Some((f, r)) = site.finding {
            facts.push(if r == 0 {
                format!("inspected before the game: {}", f.label())
            } else {
                format!("inspected in round {r}: {}", f.label())
            });
        }
        if site.leaked {
            facts.push("a leak says it is active".into());
        }
        if site.frozen {
            facts.push("frozen under an agreement".into());
        }
        if site.struck {
            facts.push("struck".into());
        }
        if let Some((since, stalls)) = site.demand {
            facts.push(format!(
                "inspection demanded in round {since}, stalled {stalls}×"
            ));
        }
        s.push_str(&format!(
            "  {:<14} {} — {}\n",
            site.id,
            site.name,
            facts.join("; ")
        ));
        if !site.note.is_empty() {
            s.push_str(&format!("                 {}\n", site.note));
        }
    }
    s.trim_end().to_string()
}

/// All agreements, in force or ended.
pub fn agreements(v: &PlayerView) -> String {
    if v.agreements.is_empty() {
        return "No agreements yet. Make an offer: `offer give=... ask=...`.".into();
    }
    let mut s = String::from("Agreements:\n");
    for a in &v.agreements {
        let status = match &a.ended {
            Some(e) => format!(" [ended: {e}]"),
            None => String::new(),
        };
        s.push_str(&format!("  [{}] {}{status}\n", a.id, agreement_line(a)));
    }
    s.trim_end().to_string()
}

/// Last round's news.
/// Last round's news, each item tagged by where it comes from; `opponent_tag` tags the other
/// side's ("DPRK").
pub fn news(v: &PlayerView, opponent_tag: &str) -> String {
    if v.news.is_empty() {
        return "No news yet.".into();
    }
    let mut doc = Document::default();
    doc.heading(2, "News and cables");
    doc.blocks
        .extend(crate::analysis::wording::news(&v.news, opponent_tag));
    document::terminal(&doc, 96)
}

/// Last round's report: what you did, the news, then every visible change with its causes and
/// the estimates now (`analysis::wording::round_report`).
pub fn round_report(g: UsSeat<'_>) -> String {
    match crate::analysis::wording::round_report(g) {
        Some(words) => document::terminal(&words.document(), 96),
        None => "No round has been played yet.".into(),
    }
}

/// What is planned this round.
pub fn plan(g: UsSeat<'_>) -> String {
    let rules = g.rules();
    let p = g.plan();
    let mut s = format!(
        "Planned for round {} ({} AP and ${}M left):\n",
        g.round(),
        g.ap_left(),
        g.budget_left()
    );
    let lines = p.describe(rules);
    if lines.is_empty() {
        s.push_str("  nothing yet\n");
    }
    for line in lines {
        s.push_str(&format!("  {line}\n"));
    }
    s.trim_end().to_string()
}

/// The assumption ledger.
pub fn ledger(rules: &Rules) -> String {
    let mut s =
        String::from("Assumption ledger (named causal weights; a level can change any of them):\n");
    for a in &rules.ledger {
        let changed = match a.default_value {
            Some(d) if d != a.value => format!(" (default {d})"),
            _ => String::new(),
        };
        s.push_str(&format!(
            "  {} = {}{changed} {} [{} confidence]\n      {}\n      Source: {}\n",
            a.id,
            a.value,
            a.unit,
            a.confidence.label(),
            a.claim,
            a.source
        ));
    }
    s.trim_end().to_string()
}

/// Pyongyang's reasons for last round (hidden on hard until the debrief).
pub fn why(g: UsSeat<'_>, numbers: bool) -> String {
    let doc = Document {
        blocks: crate::analysis::wording::why(g, numbers),
    };
    let mut s = document::terminal(&doc, 96);
    if !numbers && g.reasons_shown() && g.last_report().is_some() {
        s.push_str("\nType `why numbers` for the scores behind these reasons.");
    }
    s
}

/// The commands with their examples, which name one of this level's own sites.
pub fn help(rules: &crate::sim::rules::Rules) -> String {
    let site = rules.sites.first().map_or("SITE", |s| s.id.as_str());
    let mut s = String::from("Commands (one per line):\n");
    for (cmd, what, example) in HELP {
        let example = example.replace("{site}", site);
        s.push_str(&format!("  {cmd:<44} {what}\n      e.g. {example}\n"));
    }
    s.trim_end().to_string()
}

/// The debrief for the terminal: the words of `wording::debrief`, wrapped, then where to find
/// the charts.
pub fn debrief_text(d: &Debrief) -> String {
    let mut s = crate::analysis::document::terminal(&crate::analysis::wording::debrief(d), 96);
    s.push_str("\n\nThe full debrief, with the charts, the timeline and the assumptions behind this game: `quid-pro-quo report RECORD --format html` (save a record with --record FILE).");
    s
}

/// The other chair's debrief in the terminal, once the game is over.
pub fn opponent_debrief_text(g: &crate::sim::game::Game, d: &Debrief) -> Option<String> {
    let doc = crate::analysis::wording::opponent_debrief(crate::sim::seat::OpponentSeat::of(g), d)?;
    let mut s = crate::analysis::document::terminal(&doc, 96);
    s.push_str("\n\nThe full debrief, with the timeline and the assumptions behind this game: `quid-pro-quo report RECORD --format html` (save a record with --record FILE).");
    Some(s)
}

/// `text` cut to `width` characters, with `…` where it was cut, so columns stay aligned.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
