//! The orders each side gives in a round: the U.S. player's actions, offer and decisions, and
//! Pyongyang's answers, compliance and moves, with the reasons behind them.

use crate::sim::rules::{ActionIx, SiteIx};
use crate::sim::state::Offer;
use crate::sim::vars::Var;
use crate::sim::vocab::MoveKind;
use serde::{Deserialize, Serialize};

/// What a U.S. action is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// No target.
    None,
    /// A site.
    Site(SiteIx),
    /// A variable.
    Var(Var),
}

/// The player's answer to a detected violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Reimpose pressure and end the agreement (credibility holds).
    Enforce,
    /// Let it pass (credibility falls).
    LookAway,
}

impl Decision {
    /// In words, for plans and reports.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Enforce => "enforce it",
            Decision::LookAway => "let it pass",
        }
    }
}

/// The U.S. orders for one round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UsOrders {
    /// Actions with their targets.
    pub actions: Vec<(ActionIx, Target)>,
    /// The offer sent, if any.
    pub offer: Option<Offer>,
    /// Decisions on pending violation notices, by agreement id.
    pub decisions: Vec<(u32, Decision)>,
    /// Accept Pyongyang's counter-offer.
    pub accept_counter: bool,
    /// Agreements the U.S. breaks.
    pub breaks: Vec<u32>,
}

/// Pyongyang's answer to an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Accept: an agreement is formed.
    Accept,
    /// Asks for more; the player may accept the counter next round.
    Counter(Offer),
    /// Neither yes nor no; the offer stays on the table.
    Stall,
    /// Reject: the offer is off the table.
    Reject,
}

impl Answer {
    /// The answer in words.
    pub fn label(&self) -> &'static str {
        match self {
            Answer::Accept => "accept",
            Answer::Counter(_) => "counter",
            Answer::Stall => "stall",
            Answer::Reject => "reject",
        }
    }
}

/// Pyongyang's answer to a demand for inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InspectionAnswer {
    /// Accept.
    Accept,
    /// Stall: neither accept nor refuse, and wait.
    Stall,
    /// Refuse.
    Refuse,
}

impl InspectionAnswer {
    /// The answer in words.
    pub fn label(self) -> &'static str {
        match self {
            InspectionAnswer::Accept => "accept",
            InspectionAnswer::Stall => "stall",
            InspectionAnswer::Refuse => "refuse",
        }
    }
}

/// What Pyongyang does about a one-off step it owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepChoice {
    /// Carry it out.
    Do,
    /// Claim it is done without doing it.
    Fake,
    /// Not yet.
    Wait,
}

/// One term of a score breakdown: how a choice serves each of Pyongyang's goals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// From regime survival.
    pub survival: f64,
    /// From economic gain.
    pub economy: f64,
    /// From prestige and face.
    pub face: f64,
    /// From openness (its fear of opening up).
    pub opening: f64,
    /// From risk.
    pub risk: f64,
}

impl Breakdown {
    /// The sum of the parts.
    pub fn total(&self) -> f64 {
        self.survival + self.economy + self.face + self.opening + self.risk
    }

    /// Adds another breakdown, part by part.
    pub fn add(&mut self, o: &Breakdown) {
        self.survival += o.survival;
        self.economy += o.economy;
        self.face += o.face;
        self.opening += o.opening;
        self.risk += o.risk;
    }

    /// Every part times `k`.
    pub fn scaled(&self, k: f64) -> Breakdown {
        Breakdown {
            survival: self.survival * k,
            economy: self.economy * k,
            face: self.face * k,
            opening: self.opening * k,
            risk: self.risk * k,
        }
    }

    /// This breakdown minus another, part by part.
    pub fn minus(&self, o: &Breakdown) -> Breakdown {
        Breakdown {
            survival: self.survival - o.survival,
            economy: self.economy - o.economy,
            face: self.face - o.face,
            opening: self.opening - o.opening,
            risk: self.risk - o.risk,
        }
    }

    /// `survival +12, economy -3, face +4` (terms under 0.5 left out).
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            ("survival", self.survival),
            ("economy", self.economy),
            ("face", self.face),
            ("opening", self.opening),
            ("risk", self.risk),
        ]
        .iter()
        .filter(|(_, v)| v.abs() >= 0.5)
        .map(|(n, v)| format!("{n} {:+.0}", v))
        .collect();
        if parts.is_empty() {
            "no difference".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Why Pyongyang made one decision: the chosen option against the best one it rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// What was decided ("move", "answer to the offer", "inspection of Kumchang-ri").
    pub decision: String,
    /// What it chose, in words.
    pub chosen: String,
    /// Why: the chosen option's value, part by part.
    pub chosen_score: Breakdown,
    /// The best option it turned down, with its value.
    pub rejected: Option<(String, Breakdown)>,
    /// Whether the U.S. can observe what was chosen (a public move, an answer, an inspection or
    /// monitoring decision). Covert moves, step compliance and aid diversion are secret: they
    /// are shown only in the debrief.
    #[serde(default)]
    pub observable: bool,
    /// The move chosen, when the decision was which move to make (`None` for "nothing", an
    /// answer, an inspection or monitoring decision).
    #[serde(default)]
    pub chosen_move: Option<MoveKind>,
}

/// Each of Pyongyang's goals in words: what a gain and a loss do (present tense, then as
/// "would have"), in the order of [`Breakdown::parts`].
const GOAL_WORDS: [[&str; 4]; 5] = [
    [
        "tightens the regime's grip",
        "loosens the regime's grip",
        "tightened the regime's grip",
        "loosened the regime's grip",
    ],
    [
        "helps its economy",
        "hurts its economy",
        "helped its economy",
        "hurt its economy",
    ],
    [
        "wins it prestige",
        "costs it face",
        "won it prestige",
        "cost it face",
    ],
    [
        "keeps the outside world out",
        "lets in more of the outside world than it likes",
        "kept the outside world out",
        "let in more of the outside world than it likes",
    ],
    [
        "lowers the risk of war",
        "raises the risk of war",
        "lowered the risk of war",
        "raised the risk of war",
    ],
];

/// Terms under this many utility points are not worth a word.
const WORD_THRESHOLD: f64 = 0.5;

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => (*a).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Breakdown {
    /// The parts in a fixed order: survival, economy, face, opening, risk.
    pub fn parts(&self) -> [f64; 5] {
        [
            self.survival,
            self.economy,
            self.face,
            self.opening,
            self.risk,
        ]
    }

    /// The goals it serves and those it harms, in words (`tense` 0 for present, 2 for "would
    /// have"), each list largest first.
    fn words(&self, tense: usize) -> (Vec<&'static str>, Vec<&'static str>) {
        let mut parts: Vec<(usize, f64)> = self
            .parts()
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, v)| v.abs() >= WORD_THRESHOLD)
            .collect();
        parts.sort_by(|a, b| {
            b.1.abs()
                .partial_cmp(&a.1.abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let gains = parts
            .iter()
            .filter(|(_, v)| *v > 0.0)
            .map(|&(k, _)| GOAL_WORDS[k][tense])
            .collect();
        let losses = parts
            .iter()
            .filter(|(_, v)| *v < 0.0)
            .map(|&(k, _)| GOAL_WORDS[k][tense + 1])
            .collect();
        (gains, losses)
    }
}

impl Reason {
    /// The reason in words, the numbers left out: "Move — Build-up at the DMZ: it tightens the
    /// regime's grip. It chose this over Limited opening, which would have let in more of the
    /// outside world than it likes, though it would have helped its economy."
    pub fn words(&self) -> String {
        let (gains, losses) = self.chosen_score.words(0);
        let head = format!("{} — {}", capitalize(&self.decision), self.chosen);
        let mut s = match (gains.is_empty(), losses.is_empty()) {
            (true, true) => format!("{head}: little changes for it either way"),
            (false, true) => format!("{head}: it {}", and_list(&gains)),
            (true, false) => format!("{head}: it {}", and_list(&losses)),
            (false, false) => format!(
                "{head}: it {}, though it {}",
                and_list(&gains),
                and_list(&losses)
            ),
        };
        s.push('.');
        if let Some((name, b)) = &self.rejected {
            // What the alternative would have done, against the choice.
            let (better, worse) = b.minus(&self.chosen_score).words(2);
            let alt = match (worse.is_empty(), better.is_empty()) {
                (true, true) => {
                    format!(" {} would have served it about as well.", capitalize(name))
                }
                (false, true) => format!(
                    " It chose this over {name}, which would have {}.",
                    and_list(&worse)
                ),
                (true, false) => format!(
                    " It chose this over {name}, though that would have {}.",
                    and_list(&better)
                ),
                (false, false) => format!(
                    " It chose this over {name}, which would have {}, though it would have {}.",
                    and_list(&worse),
                    and_list(&better)
                ),
            };
            s.push_str(&alt);
        }
        s
    }

    /// One line: `move: Missile test (survival +2, face +6) over Wait and watch (…)`.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{}: {} ({})",
            self.decision,
            self.chosen,
            self.chosen_score.describe()
        );
        if let Some((name, b)) = &self.rejected {
            let margin = self.chosen_score.minus(b);
            s.push_str(&format!("; rather than {name}, by {}", margin.describe()));
        }
        s
    }
}

/// How an offer compares with what Pyongyang would accept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Enough: the deal is worth more to it than any other answer.
    #[default]
    Enough,
    /// Short: a deal on these steps is within reach with more (the counter-offer says what).
    Short,
    /// Far: no reward the U.S. can add now pays for the steps asked.
    Far,
}

/// What Pyongyang's envoys convey about an offer: the reasons behind its answer, as much as a
/// negotiator across the table would hear — which reward it values, which it wants, which step
/// it prices too high, what it fears about the sequencing — never its numbers or its type. Made
/// from the AI's real valuation of the offer (`ai::negotiation`), so the words cannot drift
/// from the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Appraisal {
    /// How the offer compares with what it would accept.
    pub verdict: Verdict,
    /// The reward of the offer it values most (when it was offered more than one).
    pub valued_most: Option<ActionIx>,
    /// The reward not on the table that would add most for it, one the U.S. could afford.
    pub wants: Option<ActionIx>,
    /// The step of the offer it prices highest, when the steps cost it more than the rewards
    /// are worth.
    pub too_costly: Option<crate::sim::rules::StepTarget>,
    /// Waiting for verification before being paid weighs on it (a step-first or instalments
    /// offer it would rather take paid on delivery).
    pub sequencing: bool,
    /// It expects a better offer if it waits: stalling has paid, in its eyes.
    pub expects_more: bool,
}

/// Pyongyang's orders for one round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DprkOrders {
    /// Answer to the U.S. offer on the table, if any.
    pub answer: Option<Answer>,
    /// Terms it would accept now, named with a stall (a counter-offer with `Answer::Counter`
    /// is carried by the answer itself).
    #[serde(default)]
    pub counter: Option<Offer>,
    /// What its envoys say of the offer: the reasons behind the answer.
    #[serde(default)]
    pub appraisal: Option<Appraisal>,
    /// Answers to open inspection demands, in the order of `State::inspections`.
    pub inspections: Vec<InspectionAnswer>,
    /// Answer to a request for aid monitors.
    pub monitors: Option<bool>,
    /// Choices on one-off steps owed: (agreement id, obligation index, choice).
    pub steps: Vec<(u32, u8, StepChoice)>,
    /// Divert unmonitored aid arriving this round.
    pub divert: bool,
    /// Its move this round.
    pub moves: Vec<MoveKind>,
    /// Its reasons, one per decision.
    pub reasons: Vec<Reason>,
}

/// The text with its first letter in capitals.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(chosen: Breakdown, rejected: Breakdown) -> Reason {
        Reason {
            decision: "move".into(),
            chosen: "Build-up at the DMZ".into(),
            chosen_score: chosen,
            rejected: Some(("Limited opening".into(), rejected)),
            observable: true,
            chosen_move: None,
        }
    }

    #[test]
    fn a_reason_speaks_in_goals_not_numbers() {
        let r = reason(
            Breakdown {
                survival: 1.2,
                face: 0.8,
                ..Breakdown::default()
            },
            Breakdown {
                economy: 3.0,
                opening: -2.0,
                ..Breakdown::default()
            },
        );
        let w = r.words();
        assert_eq!(
            w,
            "Move — Build-up at the DMZ: it tightens the regime's grip and wins it prestige. It \
             chose this over Limited opening, which would have let in more of the outside world \
             than it likes, loosened the regime's grip and cost it face, though it would have \
             helped its economy."
        );
        assert!(!w.chars().any(|c| c.is_ascii_digit()), "{w}");
        let quiet = reason(Breakdown::default(), Breakdown::default());
        assert_eq!(
            quiet.words(),
            "Move — Build-up at the DMZ: little changes for it either way. Limited opening would \
             have served it about as well."
        );
    }
}
