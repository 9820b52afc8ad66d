//! Rules in words: actions, effects, orders and offers as the player reads them. Shared by the
//! window, the text mode and the reports.

use crate::sim::orders::{Target, UsOrders};
use crate::sim::rules::{ActionIx, Eff, Rules};
use crate::sim::state::Offer;

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
        out.push(format!("Violation of agreement {id}: {}", d.label()));
    }
    if us.accept_counter {
        out.push(format!("Accepted {}'s counter-offer", rules.names.opponent));
    }
    for id in &us.breaks {
        out.push(format!("Withdrew from agreement {id}"));
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
        o.sequencing.id()
    );
    if let Some(dl) = o.deadline {
        s.push_str(&format!(
            ", deadline {dl} round{}",
            if dl == 1 { "" } else { "s" }
        ));
    }
    s
}
