//! The other side's chair when a person sits in it. Each round, after the U.S. half resolves,
//! the game waits (`Phase::Opponent`) for the orders the AI would otherwise decide, given as
//! commands: the answer to the offer on the table (accept, stall, reject, counter with named
//! terms), answers to inspection demands and to a request for aid monitors, one-off steps owed
//! (do, fake, wait), moves on the talks, public and covert tracks, and whether to divert aid.
//! They are checked by the same rules the AI's orders pass through, and a refusal says why.
//! Nothing the AI can order is missing here: `DprkOrders` has no field a command does not set.

use super::{Ack, Game, Refusal};
use crate::sim::orders::{Answer, DprkOrders, InspectionAnswer, StepChoice};
use crate::sim::resolve::{move_allowed, track};
use crate::sim::state::{Agreement, Monitors, Offer};
use crate::sim::vocab::{MoveKind, Sequencing};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whose orders the round is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The U.S. plans; `End` resolves its half.
    Us,
    /// The U.S. half is resolved; a person in the other chair gives its orders.
    Opponent,
}

/// An offer's terms as typed: rewards (U.S. action ids) for steps (`freeze:yongbyon`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// The rewards, by action id.
    pub give: Vec<String>,
    /// The steps, as typed.
    pub ask: Vec<String>,
    /// How rewards and steps are ordered.
    pub sequencing: Sequencing,
    /// Rounds allowed for the steps (1–12).
    pub deadline: Option<u32>,
}

/// How the other side answers the U.S. offer on the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerKind {
    /// Yes: the agreement is made.
    Accept,
    /// Neither yes nor no: the offer stays on the table (terms may be named with it).
    Stall,
    /// No: the offer is off the table.
    Reject,
    /// No, but these terms: the U.S. may accept them next round.
    Counter,
}

impl AnswerKind {
    fn label(self) -> &'static str {
        match self {
            AnswerKind::Accept => "accept",
            AnswerKind::Stall => "stall",
            AnswerKind::Reject => "reject",
            AnswerKind::Counter => "counter",
        }
    }
}

/// A command from the other side's chair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpponentCommand {
    /// Answer the offer on the table; `terms` names what it would accept now (needed with a
    /// counter-offer, allowed with a stall).
    Answer {
        /// The answer.
        answer: AnswerKind,
        /// The terms named with it.
        terms: Option<Terms>,
    },
    /// Answer the demand to inspect a site.
    Inspection {
        /// The site's id.
        site: String,
        /// The answer.
        answer: InspectionAnswer,
    },
    /// Answer the request for aid monitors: let them in or not.
    Monitors(bool),
    /// Carry out, fake or put off a one-off step owed under an agreement.
    Step {
        /// The agreement's id.
        agreement: u32,
        /// The step as typed (`freeze:yongbyon`).
        step: String,
        /// What to do about it.
        choice: StepChoice,
    },
    /// A move, by id; one per track (talks, public, covert): a later one on the same track
    /// replaces the earlier, and `hold` clears its track.
    Move(String),
    /// Divert the unmonitored aid arriving this round to the regime (or not).
    Divert(bool),
    /// End this side's half: the round resolves.
    End,
}

/// Why a command from the other side's chair was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatRefusal {
    /// No U.S. offer is on the table.
    NoOffer,
    /// A counter-offer needs its terms.
    TermsNeeded,
    /// Terms go only with a stall or a counter-offer.
    NoTermsWith(&'static str),
    /// No open demand to inspect this site.
    NoDemand(String),
    /// The U.S. has not asked to send aid monitors.
    NoMonitorRequest,
    /// The step is not owed (or not a one-off step, or already claimed) under the agreement.
    NotOwed {
        /// The agreement's id.
        agreement: u32,
        /// The step as typed.
        step: String,
    },
    /// No move has this id.
    UnknownMove {
        /// The id as typed.
        id: String,
        /// The nearest id, if one is near.
        suggestion: Option<String>,
    },
    /// The move's requirements do not hold now (or the level switches it off).
    MoveNotAllowed(String),
}

impl fmt::Display for SeatRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeatRefusal::NoOffer => write!(f, "No U.S. offer is on the table to answer."),
            SeatRefusal::TermsNeeded => write!(
                f,
                "A counter-offer names its terms: what the U.S. gives and what you do."
            ),
            SeatRefusal::NoTermsWith(a) => write!(
                f,
                "Terms go with a stall or a counter-offer, not with `{a}`."
            ),
            SeatRefusal::NoDemand(site) => {
                write!(f, "The U.S. has not demanded to inspect `{site}`.")
            }
            SeatRefusal::NoMonitorRequest => {
                write!(f, "The U.S. has not asked to send aid monitors.")
            }
            SeatRefusal::NotOwed { agreement, step } => write!(
                f,
                "Agreement {agreement} owes no one-off step `{step}` still to do."
            ),
            SeatRefusal::UnknownMove { id, suggestion } => write!(
                f,
                "There is no move `{id}`.{}",
                suggestion
                    .as_ref()
                    .map_or(String::new(), |s| format!(" Did you mean `{s}`?"))
            ),
            SeatRefusal::MoveNotAllowed(name) => {
                write!(
                    f,
                    "{name} is not possible now: its requirements do not hold."
                )
            }
        }
    }
}

fn refuse(r: SeatRefusal) -> Refusal {
    Refusal::Opponent(r)
}

impl Game {
    /// The U.S. half of the round being played, once resolved and while the round waits for the
    /// other chair: the U.S. orders and the news so far. (Its covert parts are filtered by
    /// whoever shows it: `seat::OpponentSeat`.)
    pub fn us_half(&self) -> Option<(&crate::sim::orders::UsOrders, &[crate::sim::report::News])> {
        self.mid
            .as_ref()
            .map(|m| (&m.orders, m.log.news.as_slice()))
    }

    /// Whether a person sits in the other chair.
    pub fn person_opposite(&self) -> bool {
        matches!(self.opponent, super::Chair::Person)
    }

    /// Whose orders the round is waiting for.
    pub fn phase(&self) -> Phase {
        if self.mid.is_some() {
            Phase::Opponent
        } else {
            Phase::Us
        }
    }

    /// The other side's orders as planned so far this round (a person in its chair).
    pub fn opponent_plan(&self) -> &DprkOrders {
        &self.opp_plan
    }

    /// What the other side does if its person gives no orders: stall on the offer and on every
    /// inspection demand, give no answer on monitors (a refusal), owe steps on, no move, no
    /// diversion.
    pub(super) fn opponent_defaults(&self) -> DprkOrders {
        DprkOrders {
            answer: self.state.offer.as_ref().map(|_| Answer::Stall),
            inspections: vec![InspectionAnswer::Stall; self.state.inspections.len()],
            ..DprkOrders::default()
        }
    }

    /// Checks and plans one command of the other side.
    pub(super) fn opponent_command(&mut self, c: &OpponentCommand) -> Result<Ack, Refusal> {
        let opp = self.rules.names.opponent.clone();
        Ok(match c {
            OpponentCommand::Answer { answer, terms } => self.plan_answer(*answer, terms)?,
            OpponentCommand::Inspection { site, answer } => {
                let ix = self.find_site(site)?;
                let k = self
                    .state
                    .inspections
                    .iter()
                    .position(|i| i.site == ix && !(i.agreed && i.since == self.state.round))
                    .ok_or_else(|| refuse(SeatRefusal::NoDemand(site.clone())))?;
                self.opp_plan.inspections[k] = *answer;
                Ack::Decided(format!(
                    "{opp} will {} the inspection of {}.",
                    answer.label(),
                    self.rules.sites[ix as usize].name
                ))
            }
            OpponentCommand::Monitors(yes) => {
                if self.state.monitors != Monitors::Requested {
                    return Err(refuse(SeatRefusal::NoMonitorRequest));
                }
                self.opp_plan.monitors = Some(*yes);
                Ack::Decided(format!(
                    "{opp} will {} the aid monitors.",
                    if *yes { "let in" } else { "refuse" }
                ))
            }
            OpponentCommand::Step {
                agreement,
                step,
                choice,
            } => self.plan_step(*agreement, step, *choice)?,
            OpponentCommand::Move(id) => self.plan_move(id)?,
            OpponentCommand::Divert(yes) => {
                self.opp_plan.divert = *yes;
                Ack::Decided(if *yes {
                    "Unmonitored aid arriving this round goes to the regime.".to_string()
                } else {
                    "Aid arriving this round goes to the people.".to_string()
                })
            }
            OpponentCommand::End => {
                let Some(mid) = self.mid.take() else {
                    return Err(Refusal::NotYourTurn {
                        waiting_for: "the U.S.".to_string(),
                    });
                };
                let orders = std::mem::take(&mut self.opp_plan);
                self.finish_round(*mid, orders);
                Ack::RoundEnded
            }
        })
    }

    fn plan_answer(&mut self, answer: AnswerKind, terms: &Option<Terms>) -> Result<Ack, Refusal> {
        if self.state.offer.is_none() {
            return Err(refuse(SeatRefusal::NoOffer));
        }
        let named: Option<Offer> = match terms {
            Some(t) => Some(self.build_offer(&t.give, &t.ask, t.sequencing, t.deadline)?),
            None => None,
        };
        let (plan_answer, counter) = match (answer, named) {
            (AnswerKind::Counter, None) => return Err(refuse(SeatRefusal::TermsNeeded)),
            (AnswerKind::Counter, Some(o)) => (Answer::Counter(o), None),
            (AnswerKind::Stall, named) => (Answer::Stall, named),
            (a @ (AnswerKind::Accept | AnswerKind::Reject), Some(_)) => {
                return Err(refuse(SeatRefusal::NoTermsWith(a.label())));
            }
            (AnswerKind::Accept, None) => (Answer::Accept, None),
            (AnswerKind::Reject, None) => (Answer::Reject, None),
        };
        let words = match (&plan_answer, &counter) {
            (Answer::Counter(o), _) | (Answer::Stall, Some(o)) => format!(
                "{}, naming these terms: {}",
                answer.label(),
                crate::sim::describe::describe_offer(&self.rules, o)
            ),
            _ => answer.label().to_string(),
        };
        self.opp_plan.answer = Some(plan_answer);
        self.opp_plan.counter = counter;
        Ok(Ack::Decided(format!("Answer to the offer: {words}.")))
    }

    fn plan_step(
        &mut self,
        agreement: u32,
        step: &str,
        choice: StepChoice,
    ) -> Result<Ack, Refusal> {
        let target = self.parse_step(step)?;
        let not_owed = || {
            refuse(SeatRefusal::NotOwed {
                agreement,
                step: step.to_string(),
            })
        };
        let a = self
            .state
            .agreement(agreement)
            .filter(|a| Agreement::active(a))
            .ok_or_else(not_owed)?;
        let i = a
            .obligations
            .iter()
            .position(|o| o.step == target && !o.step.kind.ongoing() && !o.claimed)
            .ok_or_else(not_owed)? as u8;
        self.opp_plan
            .steps
            .retain(|(id, k, _)| !(*id == agreement && *k == i));
        self.opp_plan.steps.push((agreement, i, choice));
        let what = match choice {
            StepChoice::Do => "carry out",
            StepChoice::Fake => "claim without doing",
            StepChoice::Wait => "put off",
        };
        Ok(Ack::Decided(format!(
            "You will {what} {} (agreement {agreement}).",
            self.rules.step_label(target)
        )))
    }

    fn plan_move(&mut self, id: &str) -> Result<Ack, Refusal> {
        let m = self.rules.move_by_id(id).ok_or_else(|| {
            refuse(SeatRefusal::UnknownMove {
                id: id.to_string(),
                suggestion: crate::sim::vocab::suggest(
                    id,
                    self.rules
                        .move_kinds()
                        .filter(|&k| self.rules.mv(k).enabled)
                        .map(|k| self.rules.mv(k).id.as_str()),
                ),
            })
        })?;
        let name = self.rules.mv(m).name.clone();
        if m != MoveKind::Hold && !move_allowed(&self.rules, &self.state, m) {
            return Err(refuse(SeatRefusal::MoveNotAllowed(name)));
        }
        let t = track(&self.rules, m);
        let rules = &self.rules;
        self.opp_plan.moves.retain(|&x| track(rules, x) != t);
        if m == MoveKind::Hold {
            return Ok(Ack::Undone("the move on that track".into()));
        }
        self.opp_plan.moves.push(m);
        Ok(Ack::Planned(format!("move: {name}")))
    }
}

impl Game {
    /// An offer's terms as a person would type them.
    pub fn terms_of(&self, o: &Offer) -> Terms {
        Terms {
            give: o
                .gives
                .iter()
                .filter_map(|&g| self.rules.actions.get(g as usize))
                .map(|a| a.id.clone())
                .collect(),
            ask: o.asks.iter().map(|&t| self.rules.step_id(t)).collect(),
            sequencing: o.sequencing,
            deadline: o.deadline,
        }
    }

    /// Orders of the other side (the AI's, say) as the commands a person in its chair would
    /// give for them, on the state the round waits on. Giving them and ending plays the same
    /// round as the orders themselves (`tests/rules/seats.rs` holds it): the person's choices
    /// leave out nothing the AI can order. Only the AI's words (its envoys' appraisal, its
    /// reasons) have no command.
    pub fn commands_of(&self, d: &DprkOrders) -> Vec<OpponentCommand> {
        let mut out = Vec::new();
        match (&d.answer, &d.counter) {
            (Some(Answer::Counter(o)), _) => out.push(OpponentCommand::Answer {
                answer: AnswerKind::Counter,
                terms: Some(self.terms_of(o)),
            }),
            (Some(Answer::Stall), named) => out.push(OpponentCommand::Answer {
                answer: AnswerKind::Stall,
                terms: named.as_ref().map(|o| self.terms_of(o)),
            }),
            (Some(Answer::Accept), _) => out.push(OpponentCommand::Answer {
                answer: AnswerKind::Accept,
                terms: None,
            }),
            (Some(Answer::Reject), _) => out.push(OpponentCommand::Answer {
                answer: AnswerKind::Reject,
                terms: None,
            }),
            (None, _) => {}
        }
        for (ins, answer) in self.state.inspections.iter().zip(&d.inspections) {
            if !(ins.agreed && ins.since == self.state.round) {
                out.push(OpponentCommand::Inspection {
                    site: self.rules.sites[ins.site as usize].id.clone(),
                    answer: *answer,
                });
            }
        }
        if let Some(yes) = d.monitors
            && self.state.monitors == Monitors::Requested
        {
            out.push(OpponentCommand::Monitors(yes));
        }
        for &(id, i, choice) in &d.steps {
            if let Some(ob) = self
                .state
                .agreement(id)
                .and_then(|a| a.obligations.get(i as usize))
            {
                out.push(OpponentCommand::Step {
                    agreement: id,
                    step: self.rules.step_id(ob.step),
                    choice,
                });
            }
        }
        // The rules play the first move of each track.
        let mut tracks = Vec::new();
        for &m in &d.moves {
            let t = track(&self.rules, m);
            if m != MoveKind::Hold && !tracks.contains(&t) {
                tracks.push(t);
                out.push(OpponentCommand::Move(self.rules.mv(m).id.clone()));
            }
        }
        if d.divert {
            out.push(OpponentCommand::Divert(true));
        }
        out.push(OpponentCommand::End);
        out
    }
}
