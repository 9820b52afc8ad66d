//! What the player may see of a game: visible values exactly, hidden ones only as estimates with
//! their bands, sites as intelligence knows them, agreements with the status of each step as
//! verified or merely claimed. Every screen and the text mode read the game through this.

use crate::sim::describe::describe_offer;
use crate::sim::game::Game;
use crate::sim::report::News;
use crate::sim::state::{Monitors, Notice};
use crate::sim::vars::Var;
use crate::sim::vocab::Finding;
use crate::sim::vocab::{Program, Sequencing, YearMonth};

/// One variable as the player reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The variable.
    pub var: Var,
    /// Its value, or the player's estimate of it.
    pub value: i32,
    /// `Some(band)` for an estimate (`value ± band`); `None` when the value is exact.
    pub band: Option<i32>,
    /// Change since the start of the last round, as the player saw it.
    pub trend: i32,
    /// Collected directly this last round (surveillance, inspection, monitors, defectors).
    pub fresh: bool,
}

impl Reading {
    /// `54`, or `54 ± 8` for an estimate.
    pub fn text(&self) -> String {
        match self.band {
            Some(b) => format!("{} ± {}", self.value, b),
            None => self.value.to_string(),
        }
    }
}

/// A site as U.S. intelligence knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteView {
    /// The id used in commands.
    pub id: String,
    /// The name the player reads.
    pub name: String,
    /// Latitude, for the map.
    pub lat: f32,
    /// Longitude, for the map.
    pub lon: f32,
    /// The programme it would serve.
    pub program: Program,
    /// Whether intelligence suspects it (shown on the map).
    pub suspected: bool,
    /// The latest inspection finding and its round.
    pub finding: Option<(Finding, u32)>,
    /// An intelligence leak claimed it is active.
    pub leaked: bool,
    /// The U.S. struck it.
    pub struck: bool,
    /// An inspection demand is open: since which round, stalled how often, evidence left (%).
    pub demand: Option<(u32, u32)>,
    /// An agreement in force freezes it.
    pub frozen: bool,
    /// The level's note on it.
    pub note: String,
}

/// The status of a step as the player can know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Not yet claimed.
    Pending,
    /// Pyongyang says it is done; not verified.
    Claimed,
    /// The U.S. has verified it.
    Verified,
    /// Kept so far with no violation seen (ongoing steps), for this many rounds.
    Kept(u32),
}

impl StepStatus {
    /// The status in words.
    pub fn label(self) -> String {
        match self {
            StepStatus::Pending => "pending".into(),
            StepStatus::Claimed => "claimed, not verified".into(),
            StepStatus::Verified => "verified".into(),
            StepStatus::Kept(n) => format!(
                "no violation seen for {n} round{}",
                if n == 1 { "" } else { "s" }
            ),
        }
    }
}

/// An agreement as the player sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementView {
    /// The number commands use (`enforce 2`).
    pub id: u32,
    /// The name the player reads.
    pub name: String,
    /// The U.S. rewards, by name.
    pub gives: Vec<String>,
    /// Pyongyang's steps, by name, with what the player knows of each.
    pub steps: Vec<(String, StepStatus)>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// The round by which one-off steps are due.
    pub deadline: Option<u32>,
    /// The U.S. rewards have been delivered.
    pub delivered: bool,
    /// It is still in force.
    pub active: bool,
    /// Why and when it ended, in words.
    pub ended: Option<String>,
    /// $M set aside for rewards not yet delivered.
    pub escrow: i32,
    /// The id of the level agreement it was made from (`agreed-framework`), if any.
    pub template: Option<String>,
    /// How many of the rewards have been delivered (instalments pay them one by one).
    pub paid: u32,
    /// The level's note on the agreement it was made from (empty for the player's own).
    pub note: String,
}

impl AgreementView {
    /// The rewards and how they are paid: "U.S. gives Heavy fuel oil (step first, held until
    /// verified)"; empty when it gives nothing.
    pub fn gives_line(&self) -> String {
        if self.gives.is_empty() {
            return String::new();
        }
        let state = if self.delivered {
            "delivered".to_string()
        } else if self.sequencing == Sequencing::Instalments {
            format!(
                "{} of {} delivered, the rest as steps are verified",
                self.paid,
                self.gives.len()
            )
        } else {
            "held until verified".to_string()
        };
        format!(
            "U.S. gives {} ({}, {state})",
            self.gives.join(", "),
            self.sequencing.words()
        )
    }
}

/// Everything the player may see at the start of a round.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerView {
    /// The round being planned.
    pub round: u32,
    /// Rounds in the game.
    pub rounds: u32,
    /// The month of this round.
    pub month: YearMonth,
    /// Action points left this round.
    pub ap_left: u32,
    /// Action points per round.
    pub ap_total: u32,
    /// $M left to spend.
    pub budget_left: i32,
    /// Every variable as the player reads it.
    pub readings: Vec<Reading>,
    /// The sites as intelligence knows them.
    pub sites: Vec<SiteView>,
    /// Every agreement, in force or ended.
    pub agreements: Vec<AgreementView>,
    /// Detected violations waiting for a decision.
    pub notices: Vec<Notice>,
    /// Pyongyang's counter-offer, in words, if one is waiting.
    pub counter: Option<String>,
    /// The U.S. offer still on the table, in words.
    pub open_offer: Option<String>,
    /// The state of talks, in words.
    pub talks: Option<String>,
    /// Aid monitors.
    pub monitors: Monitors,
    /// Last round's news (public only).
    pub news: Vec<News>,
    /// A tutorial tip for this round.
    pub tip: Option<crate::sim::vocab::TipDef>,
    /// Last round's answer to the offer on the table, as the envoys gave it (public).
    pub answer: Option<crate::sim::report::OfferAnswer>,
    /// What accepting the counter-offer waiting now would cost ($M).
    pub counter_cost: Option<i32>,
}

impl PlayerView {
    /// The reading of `v`.
    pub fn reading(&self, v: Var) -> Option<&Reading> {
        self.readings.iter().find(|r| r.var == v)
    }
}

/// The player's view of a game now.
pub fn view(g: &Game) -> PlayerView {
    let rules = g.rules();
    let st = g.state();
    let last = g.reports().last();
    let mut readings = Vec::new();
    for v in rules.vars() {
        let intel = &st.intel;
        match (
            intel.estimate.get(v),
            intel.band.get(v),
            intel.previous.get(v),
        ) {
            (Some(&value), Some(&band), Some(&previous)) => readings.push(Reading {
                var: v,
                value,
                band: Some(band),
                trend: value - previous,
                fresh: band <= rules.intel.narrow_to,
            }),
            _ => readings.push(Reading {
                var: v,
                value: st.vars[v],
                band: None,
                trend: last.map_or(0, |r| r.net(v)),
                fresh: true,
            }),
        }
    }
    let sites = rules
        .sites
        .iter()
        .zip(&st.sites)
        .enumerate()
        .map(|(k, (def, s))| SiteView {
            id: def.id.clone(),
            name: def.name.clone(),
            lat: def.lat,
            lon: def.lon,
            program: def.program,
            suspected: s.suspected,
            finding: s.finding,
            leaked: s.leaked,
            struck: s.struck,
            demand: st
                .inspections
                .iter()
                .find(|i| i.site as usize == k)
                .map(|i| (i.since, i.stalls)),
            frozen: st.frozen(k as u16),
            note: def.note.clone(),
        })
        .collect();
    let agreements = st
        .agreements
        .iter()
        .map(|a| {
            let template = a.template.and_then(|t| rules.agreements.get(t as usize));
            AgreementView {
                id: a.id,
                name: a.name.clone(),
                gives: a
                    .gives
                    .iter()
                    .filter_map(|&x| rules.actions.get(x as usize).map(|a| a.name.clone()))
                    .collect(),
                steps: a
                    .obligations
                    .iter()
                    .map(|o| {
                        let status = if o.verified && !o.step.kind.ongoing() {
                            StepStatus::Verified
                        } else if o.step.kind.ongoing() {
                            if o.verified {
                                StepStatus::Verified
                            } else {
                                StepStatus::Kept(o.kept_rounds)
                            }
                        } else if o.claimed {
                            StepStatus::Claimed
                        } else {
                            StepStatus::Pending
                        };
                        (rules.step_label(o.step), status)
                    })
                    .collect(),
                sequencing: a.sequencing,
                deadline: a.deadline,
                delivered: a.delivered,
                active: a.active(),
                ended: a.ended.map(|(r, round)| format!("{r:?} in round {round}")),
                escrow: a.escrow,
                template: template.map(|t| t.id.clone()),
                paid: a.paid,
                note: template.map(|t| t.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let talks = crate::sim::describe::talks_words(rules, st.talks);
    PlayerView {
        round: st.round,
        rounds: rules.rounds,
        month: rules.month_of(st.round),
        ap_left: g.ap_left(),
        ap_total: rules.action_points,
        budget_left: g.budget_left(),
        readings,
        sites,
        agreements,
        notices: st.notices.clone(),
        counter: st.counter.as_ref().map(|o| describe_offer(rules, o)),
        open_offer: st.offer.as_ref().map(|o| describe_offer(rules, &o.offer)),
        talks,
        monitors: st.monitors,
        news: last.map(|r| r.news.clone()).unwrap_or_default(),
        tip: rules
            .briefing
            .tips
            .iter()
            .find(|t| t.round == st.round)
            .cloned(),
        answer: last.and_then(|r| r.answer.clone()),
        counter_cost: st
            .counter
            .as_ref()
            .map(|o| crate::sim::resolve::gives_cost(rules, &o.gives)),
    }
}

/// Which way a gauge should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
}

impl Better {
    /// `↑ better` / `↓ better`.
    pub fn hint(self) -> &'static str {
        match self {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
        }
    }

    /// An arrow for the direction: `↑` or `↓`.
    pub fn arrow(self) -> &'static str {
        match self {
            Better::Higher => "↑",
            Better::Lower => "↓",
        }
    }
}

/// One objective or danger with its live value, as far as the player can know it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// `Verified steps`, `War`.
    pub label: String,
    /// What is measured (`tension`), for dangers.
    pub measure: String,
    /// The value now, or its estimate.
    pub now: i32,
    /// `Some(band)` when `now` is an estimate.
    pub band: Option<i32>,
    /// The objective's target, or the danger's threshold.
    pub target: i32,
    /// Which way is better.
    pub better: Better,
    /// An objective is met, or a danger has been reached.
    pub met: bool,
    /// How far there is to go, 0–100 (objectives: share done; dangers: how close, 100 = there).
    pub fill: i32,
}

impl Gauge {
    /// The word that names the measure on a crowded strip: the first word of its label that is
    /// not an article ("tension"; "junta's" for a level's "the junta's grip"), so the strip
    /// stays short and aligned whatever a level calls its variables.
    pub fn short_measure(&self) -> &str {
        let mut words = self.measure.split_whitespace();
        let first = words.next().unwrap_or_default();
        if ["the", "a", "an"].contains(&first.to_lowercase().as_str()) {
            words.next().unwrap_or(first)
        } else {
            first
        }
    }

    /// The value: `40`, or `50 ± 10` for an estimate.
    pub fn text(&self) -> String {
        match self.band {
            Some(b) => format!("{} ± {b}", self.now),
            None => self.now.to_string(),
        }
    }
}

/// The level's goal and dangers with live progress: what the round screen and `status` show.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The conditions of verified peace, each with its progress.
    pub objectives: Vec<Gauge>,
    /// Rounds all the conditions have held, and how many are needed.
    pub held: (i32, i32),
    /// War, collapse, breakout, the mandate: how close each is.
    pub dangers: Vec<Gauge>,
}

impl Progress {
    /// One line for the text mode: `Goal (verified peace): verified steps 2/4 ↑ · …`.
    pub fn goal_line(&self) -> String {
        let parts: Vec<String> = self
            .objectives
            .iter()
            .map(|g| {
                let cmp = match g.better {
                    Better::Higher => "≥",
                    Better::Lower => "≤",
                };
                format!(
                    "{} {} (need {cmp} {}){}",
                    g.label.to_lowercase(),
                    g.text(),
                    g.target,
                    if g.met { " ✓" } else { "" }
                )
            })
            .collect();
        format!(
            "Goal (verified peace): {} — all held {}/{} rounds",
            parts.join(" · "),
            self.held.0,
            self.held.1
        )
    }

    /// One line for the text mode: `Dangers: war at tension 100 (now 40, ↓ better) · …`.
    pub fn danger_line(&self) -> String {
        let parts: Vec<String> = self
            .dangers
            .iter()
            .map(|g| {
                format!(
                    "{} when {} reaches {} (now {}, {})",
                    g.label.to_lowercase(),
                    g.measure,
                    g.target,
                    g.text(),
                    g.better.hint()
                )
            })
            .collect();
        format!("Dangers: {}", parts.join(" · "))
    }
}

/// The goal and dangers as the player can know them: visible values exactly, hidden ones as
/// estimates (a danger measured by a hidden value is as uncertain as its estimate).
pub fn progress(g: &Game) -> Progress {
    let rules = g.rules();
    let st = g.state();
    let o = &rules.outcomes;
    let reading = |v: Var| -> (i32, Option<i32>) {
        match st.intel.estimate_of(v) {
            Some((e, b)) => (e, Some(b)),
            None => (st.vars[v], None),
        }
    };
    let share = |now: i32, target: i32| -> i32 {
        if target <= 0 {
            100
        } else {
            (now * 100 / target).clamp(0, 100)
        }
    };
    let mut objectives = vec![Gauge {
        label: "Verified steps".into(),
        // A step counts once: the same promise bought again is not new progress.
        measure: "different verified steps".into(),
        now: st.tally.verified_steps,
        band: None,
        target: o.peace_steps,
        better: Better::Higher,
        met: st.tally.verified_steps >= o.peace_steps,
        fill: share(st.tally.verified_steps, o.peace_steps),
    }];
    if o.peace_need_curtailment {
        objectives.push(Gauge {
            label: "Verified curtailments".into(),
            measure: "verified curtailments".into(),
            now: st.tally.curtailments,
            band: None,
            target: 1,
            better: Better::Higher,
            met: st.tally.curtailments >= 1,
            fill: share(st.tally.curtailments, 1),
        });
    }
    let norm = st.vars[Var::Normalization];
    objectives.push(Gauge {
        label: rules.label(Var::Normalization).to_string(),
        measure: rules.label(Var::Normalization).to_lowercase(),
        now: norm,
        band: None,
        target: o.peace_normalization,
        better: Better::Higher,
        met: norm >= o.peace_normalization,
        fill: share(norm, o.peace_normalization),
    });
    let tension = st.vars[Var::Tension];
    objectives.push(Gauge {
        label: rules.label(Var::Tension).to_string(),
        measure: rules.label(Var::Tension).to_lowercase(),
        now: tension,
        band: None,
        target: o.peace_tension,
        better: Better::Lower,
        met: tension <= o.peace_tension,
        fill: if tension <= o.peace_tension {
            100
        } else {
            (100 - (tension - o.peace_tension) * 100 / (100 - o.peace_tension).max(1)).clamp(0, 99)
        },
    });
    // How close a danger is: 100 at the threshold, 0 as far away as the scale allows.
    let closeness = |now: i32, band: Option<i32>, threshold: i32, better: Better| -> (i32, bool) {
        let worst = match better {
            Better::Lower => now + band.unwrap_or(0),
            Better::Higher => now - band.unwrap_or(0),
        };
        let reached = match better {
            Better::Lower => now >= threshold,
            Better::Higher => now <= threshold,
        };
        let span = match better {
            Better::Lower => threshold.max(1),
            Better::Higher => (100 - threshold).max(1),
        };
        let distance = match better {
            Better::Lower => threshold - worst,
            Better::Higher => worst - threshold,
        };
        ((100 - distance * 100 / span).clamp(0, 100), reached)
    };
    let mut dangers = Vec::new();
    for (label, var, threshold, better) in [
        ("War", Var::Tension, o.war_tension, Better::Lower),
        (
            "Collapse",
            Var::RegimeSecurity,
            o.collapse_security,
            Better::Higher,
        ),
        ("Breakout", Var::Nuclear, o.breakout_nuclear, Better::Lower),
        (
            "Mandate lost",
            Var::Congress,
            o.mandate_congress,
            Better::Higher,
        ),
    ] {
        let (now, band) = reading(var);
        let (fill, met) = closeness(now, band, threshold, better);
        dangers.push(Gauge {
            label: label.into(),
            measure: rules.label(var).to_lowercase(),
            now,
            band,
            target: threshold,
            better,
            met,
            fill,
        });
    }
    Progress {
        objectives,
        held: (st.tally.peace_streak, o.peace_hold),
        dangers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauge(measure: &str) -> Gauge {
        Gauge {
            label: "Collapse".into(),
            measure: measure.into(),
            now: 50,
            band: None,
            target: 0,
            better: Better::Higher,
            met: false,
            fill: 0,
        }
    }

    #[test]
    fn an_agreement_says_how_its_rewards_are_paid() {
        let mut a = AgreementView {
            id: 2,
            name: "Deal".into(),
            gives: vec!["Heavy fuel oil".into(), "Diplomatic step".into()],
            steps: Vec::new(),
            sequencing: Sequencing::Instalments,
            deadline: None,
            delivered: false,
            active: true,
            ended: None,
            escrow: 5,
            template: None,
            paid: 1,
            note: String::new(),
        };
        assert_eq!(
            a.gives_line(),
            "U.S. gives Heavy fuel oil, Diplomatic step (in instalments, 1 of 2 delivered, the rest as steps are verified)"
        );
        a.sequencing = Sequencing::StepFirst;
        assert!(
            a.gives_line()
                .ends_with("(step first, held until verified)")
        );
        a.delivered = true;
        assert!(a.gives_line().ends_with("(step first, delivered)"));
        a.gives.clear();
        assert_eq!(a.gives_line(), "");
    }

    #[test]
    fn the_short_measure_skips_articles() {
        assert_eq!(gauge("regime security").short_measure(), "regime");
        assert_eq!(gauge("the junta's grip").short_measure(), "junta's");
        assert_eq!(gauge("An index").short_measure(), "index");
        assert_eq!(gauge("the").short_measure(), "the");
        assert_eq!(gauge("").short_measure(), "");
    }
}
