//! Rules in words: actions, effects, orders and offers as the player reads them. Shared by the
//! window, the text mode and the reports.

use crate::sim::orders::{Answer, Appraisal, Target, UsOrders, Verdict};
use crate::sim::rules::{ActionIx, Eff, Rules};
use crate::sim::state::Offer;
use crate::sim::vocab::Sequencing;

/// The effects of an action in words, for previews on cards and in the action list.
pub fn describe_effects(rules: &Rules, effects: &[Eff]) -> String {
    let parts: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Eff::Add(v, x) => Some(format!("{} {:+}", rules.label(*v), x)),
            Eff::Set(v, x) => Some(format!("{} = {x}", rules.label(*v))),
            Eff::FoodAid { value, monitored } => Some(format!(
                "${value}M of food{}",
                if *monitored {
                    " with monitors, next month"
                } else {
                    ", no monitors, this month"
                }
            )),
            Eff::DemandInspection => Some("demand access to a site".into()),
            Eff::Surveil => Some("an accurate look at one estimate".into()),
            Eff::RequestMonitors => Some("ask for aid monitors".into()),
            Eff::ProposeTalks => Some("propose talks".into()),
            Eff::ThreatenStrike => Some("a threat you must keep".into()),
            Eff::Strike => Some("strike a site".into()),
            Eff::Interdict => Some("search ships this month".into()),
            Eff::SuspendAid => Some("halt aid in transit".into()),
            Eff::Leak(s) => rules
                .sites
                .get(*s as usize)
                .map(|x| format!("a leak about {}", x.name)),
            _ => None,
        })
        .collect();
    parts.join(", ")
}

/// An action and its target in words: "Demand inspection → Kumchang-ri".
pub fn describe_action(rules: &Rules, ix: ActionIx, t: &Target) -> Option<String> {
    let a = rules.actions.get(ix as usize)?;
    let target = match t {
        Target::Site(x) => rules
            .sites
            .get(*x as usize)
            .map(|s| format!(" → {}", s.name))
            .unwrap_or_default(),
        Target::Var(v) => format!(" → {}", rules.label(*v)),
        Target::None => String::new(),
    };
    Some(format!("{}{target}", a.name))
}

/// The state of the talks, in words, if any are proposed or promised.
pub fn talks_words(rules: &Rules, t: crate::sim::state::Talks) -> Option<String> {
    talks_words_for(&rules.names.opponent, t)
}

/// The state of the talks as the other side's chair reads it: "you promised in round 3 to
/// attend".
pub fn talks_words_to_them(t: crate::sim::state::Talks) -> Option<String> {
    talks_words_for("you", t)
}

fn talks_words_for(who: &str, t: crate::sim::state::Talks) -> Option<String> {
    use crate::sim::state::Talks;
    match t {
        Talks::None => None,
        Talks::Proposed(r) => Some(format!("proposed in round {r}; no answer yet")),
        Talks::Promised(r) => Some(format!("{who} promised in round {r} to attend")),
    }
}

/// A decision on a violation: "Violation of agreement 3: enforce it".
pub fn decision_line(agreement: u32, d: crate::sim::orders::Decision) -> String {
    format!("Violation of agreement {agreement}: {}", d.label())
}

/// A withdrawal from an agreement.
pub fn withdrawal_line(agreement: u32) -> String {
    format!("Withdrew from agreement {agreement}")
}

/// The player's orders of the round in words.
pub fn describe_orders(rules: &Rules, us: &UsOrders) -> Vec<String> {
    let mut out: Vec<String> = us
        .actions
        .iter()
        .filter_map(|(ix, t)| describe_action(rules, *ix, t))
        .collect();
    if let Some(o) = &us.offer {
        out.push(format!("Offer: {}", describe_offer(rules, o)));
    }
    for (id, d) in &us.decisions {
        out.push(decision_line(*id, *d));
    }
    if us.accept_counter {
        out.push(format!("Accepted {}'s counter-offer", rules.names.opponent));
    }
    for id in &us.breaks {
        out.push(withdrawal_line(*id));
    }
    out
}

/// The offer in words.
pub fn describe_offer(rules: &Rules, o: &Offer) -> String {
    let gives: Vec<&str> = o
        .gives
        .iter()
        .filter_map(|&g| rules.actions.get(g as usize).map(|a| a.name.as_str()))
        .collect();
    let asks: Vec<String> = o.asks.iter().map(|&s| rules.step_label(s)).collect();
    let mut s = format!(
        "Give {} for {} ({})",
        if gives.is_empty() {
            "nothing".to_string()
        } else {
            gives.join(", ")
        },
        if asks.is_empty() {
            "nothing".to_string()
        } else {
            asks.join(", ")
        },
        o.sequencing.words()
    );
    if let Some(dl) = o.deadline {
        s.push_str(&format!(
            ", deadline {dl} round{}",
            if dl == 1 { "" } else { "s" }
        ));
    }
    s
}

/// What Pyongyang's envoys said of an offer, in a diplomat's words: the body of the answer's
/// news item. Made from the AI's appraisal of the offer (`ai::negotiation`), never from its
/// numbers or its type. `counter` is the terms it proposed instead, if any.
pub fn describe_appraisal(
    rules: &Rules,
    answer: &Answer,
    a: &Appraisal,
    counter: Option<&Offer>,
) -> String {
    let action = |g: ActionIx| rules.actions.get(g as usize).map(|x| x.name.clone());
    let mut out: Vec<String> = Vec::new();
    match answer {
        Answer::Accept => out.push("Its envoys call the terms fair.".into()),
        Answer::Stall if a.verdict == Verdict::Enough => out.push(
            "Its envoys ask for time, but they seem close to yes: the terms are nearly enough for \
             them."
                .into(),
        ),
        Answer::Stall if a.expects_more => out.push(
            "Its envoys ask for time. The offer is not enough for them yet, and they seem to \
             expect a better one if they wait."
                .into(),
        ),
        Answer::Stall => {
            out.push("Its envoys ask for time: the offer is not enough for them yet.".into())
        }
        Answer::Reject | Answer::Counter(_) => out.push("Its envoys turn the terms down.".into()),
    }
    if let Some(step) = a.too_costly {
        out.push(format!(
            "They say \"{}\" would cost them more than the rewards are worth.",
            rules.step_label(step)
        ));
    }
    if a.sequencing {
        out.push(match counter.map(|c| c.sequencing) {
            Some(Sequencing::Simultaneous) => {
                "They will not act first and wait for verification before anything is paid: they \
                 want to be paid as they deliver."
                    .into()
            }
            _ => "Waiting for verification before anything is paid weighs on them.".into(),
        });
    }
    if let Some(name) = a.valued_most.and_then(action) {
        out.push(format!("Of what was offered, they care most for {name}."));
    }
    if answer != &Answer::Accept {
        match (counter, a.wants.and_then(action)) {
            (Some(c), _) => out.push(format!(
                "They would accept now: {}. You can accept these terms next round; otherwise \
                 they lapse.",
                describe_offer(rules, c)
            )),
            (None, Some(name)) if a.verdict == Verdict::Far => out.push(format!(
                "Of the rewards not offered, {name} would weigh most with them, but nothing you \
                 could add now would make this deal worth it to them: ask for a smaller step."
            )),
            (None, Some(name)) => out.push(format!(
                "Of the rewards not offered, {name} would weigh most with them."
            )),
            (None, None) if a.verdict == Verdict::Far => out.push(
                "Nothing you could add now would make this deal worth it to them: ask for a \
                 smaller step."
                    .into(),
            ),
            (None, None) => {}
        }
    }
    out.join(" ")
}

/// A count and its noun, singular or plural: `1 verified step`, `3 verified steps`.
pub fn count(n: i32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
