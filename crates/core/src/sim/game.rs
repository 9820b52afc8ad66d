//! A game in progress: the player's commands are checked and planned, `End` resolves the round
//! with Pyongyang's decision in the middle, and every report is kept. A game is a pure function of
//! (level, seed, difficulty, command log).

use crate::sim::Difficulty;
use crate::sim::cond::holds;
use crate::sim::orders::{Decision, DprkOrders, Reason, Target, UsOrders};
use crate::sim::report::{Log, RoundReport};
use crate::sim::resolve::{self, Ctx, gives_cost};
use crate::sim::rng::{GameRng, Stream};
use crate::sim::rules::{ActionIx, Rules, StepTarget, TruthRule};
use crate::sim::score::Score;
use crate::sim::state::{
    Agreement, Beliefs, Intel, Mind, Monitors, Obligation, Offer, OpponentView, Recent, Response,
    SiteState, State, Talks, Tally, Tendency,
};
use crate::sim::vars::{Hidden, Var};
use crate::sim::vocab::{Group, MoveKind, OutcomeKind, Sequencing, StepKind, TargetKind, Truth};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;

mod believed;
mod opponent_seat;
pub use opponent_seat::{AnswerKind, OpponentCommand, Phase, SeatRefusal, Terms};

/// A player command, as typed, clicked or replayed from a record. Ids are the level's strings so
/// a command log survives edits of a level that keep those ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Plan an action (`target` is a site id or a variable name where the action needs one).
    Act {
        /// The action's id.
        action: String,
        /// The target's id, where the action needs one.
        target: Option<String>,
    },
    /// Put an offer on the table: rewards (action ids) for steps (`freeze:yongbyon`).
    Offer {
        /// The rewards, by action id.
        give: Vec<String>,
        /// The steps, as typed (`freeze:yongbyon`).
        ask: Vec<String>,
        /// How rewards and steps are ordered.
        sequencing: Sequencing,
        /// Rounds allowed for the steps (1–12); the shipped default if absent.
        deadline: Option<u32>,
    },
    /// Take back the last planned action, or the planned offer if no action is left.
    Undo,
    /// Reimpose pressure for a detected violation of this agreement.
    Enforce(u32),
    /// Let a detected violation of this agreement pass.
    LookAway(u32),
    /// Accept Pyongyang's counter-offer.
    AcceptCounter,
    /// Decline Pyongyang's counter-offer.
    RejectCounter,
    /// Withdraw from an agreement (planned: it takes effect when the round ends).
    Break(u32),
    /// Take back the offer planned this round.
    CancelOffer,
    /// End the round.
    End,
    /// A command from the other side's chair, when a person sits in it (`opponent_seat`).
    Opponent(OpponentCommand),
}

/// Why a command was refused. Every variant explains itself to the player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The game has ended.
    GameOver,
    /// The other chair's turn: the game waits for this side.
    NotYourTurn {
        /// Who the game waits for ("Pyongyang", "the U.S.").
        waiting_for: String,
    },
    /// A refusal of the other side's command (`opponent_seat`).
    Opponent(SeatRefusal),
    /// No action has this id.
    UnknownAction {
        /// The id as typed.
        id: String,
        /// The nearest id, if one is near.
        suggestion: Option<String>,
    },
    /// The action needs a target and none was given.
    NeedsTarget {
        /// The action's name.
        action: String,
        /// What kind of target it takes.
        kind: TargetKind,
    },
    /// The action takes no target and one was given.
    UnexpectedTarget {
        /// The action's name.
        action: String,
    },
    /// No site has this id.
    UnknownSite {
        /// The id as typed.
        id: String,
        /// The nearest id, if one is near.
        suggestion: Option<String>,
    },
    /// No variable has this id or name.
    UnknownVariable {
        /// The id as typed.
        id: String,
        /// The nearest id or name, if one is near.
        suggestion: Option<String>,
        /// The hidden variables as they may be typed.
        hidden: String,
    },
    /// The variable is seen exactly, so there is nothing to surveil.
    NotHidden {
        /// The variable as typed.
        id: String,
        /// The hidden variables as they may be typed.
        hidden: String,
    },
    /// Too few action points left.
    NotEnoughAp {
        /// Points the action costs.
        need: u32,
        /// Points left this round.
        left: u32,
    },
    /// Too little budget left.
    NotEnoughBudget {
        /// $M the action costs.
        need: i32,
        /// $M left.
        left: i32,
    },
    /// The action's condition does not hold now.
    Requirement {
        /// The action's name.
        action: String,
        /// Why, from the level (`requires_text`).
        why: String,
    },
    /// The action is already planned this round (its name).
    AlreadyPlanned(String),
    /// The action cannot be offered as a reward (its name).
    NotOfferable(String),
    /// An offer needs at least one reward and at least one step.
    OfferNeedsBoth,
    /// No step has this id.
    UnknownStep {
        /// The id as typed.
        id: String,
        /// The nearest id, if one is near.
        suggestion: Option<String>,
        /// The steps of this level, as typed.
        steps: String,
    },
    /// The step names a site and none was given (the step's name).
    StepNeedsSite(String),
    /// The step names no site and one was given (the step's name).
    StepTakesNoSite(String),
    /// The same reward or step appears twice in an offer (its name).
    DuplicateInOffer(String),
    /// A deadline outside 1–12 rounds.
    BadDeadline(u32),
    /// No agreement has this number.
    NoSuchAgreement(u32),
    /// No detected violation waits for a decision under this agreement.
    NoNotice(u32),
    /// There is no counter-offer to answer.
    NoCounter,
    /// Nothing is planned this round to take back.
    NothingToUndo,
    /// No offer is planned this round.
    NoOfferPlanned,
    /// An action index that is not in the level (from a corrupt record or a bug).
    NoSuchAction(u32),
}

fn did_you_mean(s: &Option<String>) -> String {
    match s {
        Some(x) => format!(" Did you mean `{x}`?"),
        None => String::new(),
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::GameOver => write!(f, "The game is over."),
            Refusal::NotYourTurn { waiting_for } => {
                write!(f, "Not now: the round is waiting for {waiting_for}.")
            }
            Refusal::Opponent(r) => write!(f, "{r}"),
            Refusal::UnknownAction { id, suggestion } => write!(
                f,
                "There is no action `{id}`.{} Type `actions` to list them.",
                did_you_mean(suggestion)
            ),
            Refusal::NeedsTarget { action, kind } => match kind {
                TargetKind::Site => write!(
                    f,
                    "`{action}` needs a site: `{action} SITE`. Type `sites` to list them."
                ),
                _ => write!(
                    f,
                    "`{action}` needs a hidden variable, e.g. `{action} nuclear`."
                ),
            },
            Refusal::UnexpectedTarget { action } => {
                write!(f, "`{action}` takes no target.")
            }
            Refusal::UnknownSite { id, suggestion } => write!(
                f,
                "There is no site `{id}`.{} Type `sites` to list them.",
                did_you_mean(suggestion)
            ),
            Refusal::UnknownVariable {
                id,
                suggestion,
                hidden,
            } => {
                write!(
                    f,
                    "There is no variable `{id}`.{} The hidden ones: {hidden}.",
                    did_you_mean(suggestion)
                )
            }
            Refusal::NotHidden { id, hidden } => write!(
                f,
                "`{id}` is visible already; surveillance works on the hidden variables: {hidden}."
            ),
            Refusal::NotEnoughAp { need, left } => write!(
                f,
                "Not enough action points: this needs {need}, {left} left this round."
            ),
            Refusal::NotEnoughBudget { need, left } => write!(
                f,
                "Not enough budget: this needs ${need}M, ${left}M left this round."
            ),
            Refusal::Requirement { action, why } => {
                write!(f, "{action} is not possible now: {why}.")
            }
            Refusal::AlreadyPlanned(a) => write!(f, "{a} is already planned this round."),
            Refusal::NotOfferable(a) => write!(
                f,
                "`{a}` cannot be offered as a reward; offer concessions such as food aid, fuel oil or easing sanctions."
            ),
            Refusal::OfferNeedsBoth => write!(
                f,
                "An offer needs at least one reward to give and one step to ask for."
            ),
            Refusal::UnknownStep {
                id,
                suggestion,
                steps,
            } => write!(
                f,
                "There is no step `{id}`.{} Steps: {steps}.",
                did_you_mean(suggestion)
            ),
            Refusal::StepNeedsSite(s) => write!(
                f,
                "`{s}` needs a site: `{s}:SITE`. Type `sites` to list them."
            ),
            Refusal::StepTakesNoSite(s) => write!(f, "`{s}` takes no site."),
            Refusal::DuplicateInOffer(s) => write!(f, "`{s}` appears twice in the offer."),
            Refusal::BadDeadline(d) => {
                write!(f, "A deadline of {d} rounds is out of range; use 1 to 12.")
            }
            Refusal::NoSuchAgreement(id) => write!(
                f,
                "There is no agreement {id} in force. Type `agreements` to list them."
            ),
            Refusal::NoNotice(id) => write!(
                f,
                "No violation of agreement {id} is waiting for a decision."
            ),
            Refusal::NoCounter => write!(f, "No counter-offer is waiting for an answer."),
            Refusal::NothingToUndo => write!(f, "Nothing is planned this round."),
            Refusal::NoOfferPlanned => write!(f, "No offer is planned this round."),
            Refusal::NoSuchAction(ix) => write!(f, "There is no action number {ix} in this level."),
        }
    }
}

/// What a successful command did.
#[derive(Debug, Clone, PartialEq)]
pub enum Ack {
    /// Something was planned (what, in words).
    Planned(String),
    /// Something planned was taken back (what, in words).
    Undone(String),
    /// A decision was recorded (what, in words).
    Decided(String),
    /// The round was resolved; its report is the last one.
    RoundEnded,
    /// The U.S. half of the round is resolved; the round waits for the other side's orders (a
    /// person in its chair), named here.
    Waiting(String),
}

/// One thing planned this round, in the order planned: `Undo` takes back the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planned {
    /// An action (the last of `Plan::actions`).
    Action,
    /// The offer.
    Offer,
    /// A decision on a detected violation under this agreement.
    Decision(u32),
    /// The answer to the counter-offer.
    Counter,
    /// Breaking this agreement.
    Break(u32),
}

/// The player's plan for the round being played. Nothing in it happens until the round ends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Actions with their targets.
    pub actions: Vec<(ActionIx, Target)>,
    /// The offer to send.
    pub offer: Option<Offer>,
    /// Decisions on detected violations, by agreement.
    pub decisions: Vec<(u32, Decision)>,
    /// The answer to Pyongyang's counter-offer.
    pub accept_counter: Option<bool>,
    /// Agreements the U.S. breaks.
    pub breaks: Vec<u32>,
    /// The order things were planned in.
    pub order: Vec<Planned>,
}

impl Plan {
    /// Everything planned, in words, in the order it was planned.
    pub fn describe(&self, rules: &Rules) -> Vec<String> {
        self.order
            .iter()
            .enumerate()
            .filter_map(|(k, p)| match p {
                Planned::Action => {
                    let n = self.order[..k]
                        .iter()
                        .filter(|x| **x == Planned::Action)
                        .count();
                    self.actions.get(n).and_then(|(ix, t)| {
                        let a = rules.actions.get(*ix as usize)?;
                        crate::sim::describe::describe_action(rules, *ix, t)
                            .map(|l| format!("{l} ({} AP, ${}M)", a.ap, a.cost))
                    })
                }
                Planned::Offer => self
                    .offer
                    .as_ref()
                    .map(|o| format!("Offer: {}", crate::sim::describe::describe_offer(rules, o))),
                Planned::Decision(id) => self
                    .decisions
                    .iter()
                    .find(|(x, _)| x == id)
                    .map(|(_, d)| crate::sim::describe::decision_line(*id, *d)),
                Planned::Counter => self.accept_counter.map(|yes| {
                    if yes {
                        format!("Accept {}'s counter-offer", rules.names.opponent)
                    } else {
                        format!("Decline {}'s counter-offer", rules.names.opponent)
                    }
                }),
                Planned::Break(id) => Some(format!(
                    "Withdraw from agreement {id} (takes effect when the round ends)"
                )),
            })
            .collect()
    }

    /// Whether nothing is planned.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn mark(&mut self, p: Planned) {
        self.order.retain(|x| *x != p);
        self.order.push(p);
    }
}

/// A game in progress.
#[derive(Debug, Clone)]
pub struct Game {
    rules: Arc<Rules>,
    seed: u64,
    difficulty: Difficulty,
    state: State,
    rng: GameRng,
    plan: Plan,
    reports: Vec<RoundReport>,
    commands: Vec<Command>,
    opponent: Chair,
    /// The round between its halves, while a person in the other chair decides.
    mid: Option<Box<Midround>>,
    /// The other side's orders as a person plans them.
    opp_plan: DprkOrders,
}

/// Who sits in the other side's chair.
#[derive(Debug, Clone)]
pub enum Chair {
    /// The AI (or any other program): asked once a round, after the U.S. half.
    Ai(Arc<dyn Opponent>),
    /// A person, who gives commands (`Command::Opponent`) between the round's halves.
    Person,
}

/// A round whose U.S. half is resolved, waiting for the other side's orders.
#[derive(Debug, Clone)]
struct Midround {
    orders: UsOrders,
    log: Log,
    round: u32,
    verified_before: i32,
    rewarded_before: i32,
    conceded_before: i32,
    seen_before: i32,
}

/// Who plays Pyongyang. The game asks it for orders once a round, after the player's orders are
/// resolved; the orders then pass through the same rules as the player's. The AI (`ai::Brain`)
/// implements it; `Game::new` (in `ai`) starts a game against the AI for a difficulty.
pub trait Opponent: std::fmt::Debug + Send + Sync {
    /// Pyongyang's orders for this round, from what it can know of the game (its view, built by
    /// the rules). All randomness comes from `rng`, which the game seeds for the round.
    fn decide(&self, rules: &Rules, seen: &OpponentView, rng: &mut GameRng) -> DprkOrders;
}

/// Builds the starting state of a level for a seed.
pub fn setup(rules: &Rules, seed: u64, difficulty: Difficulty) -> State {
    let mut rng = GameRng::new(seed, Stream::Setup);
    let type_ix = draw_type(rules, difficulty, &mut rng);
    let sites = draw_sites(rules, &mut rng);
    let mut vars = rules.initial;
    vars[Var::Budget] = vars[Var::Budget] * difficulty.budget_percent() / 100;
    vars[Var::Congress] = (vars[Var::Congress] + difficulty.congress_shift()).clamp(0, 100);
    let intel = starting_intel(rules, &vars, difficulty, &mut rng);
    let mind = starting_mind(rules, difficulty, type_ix);
    let mut st = State {
        round: 1,
        vars,
        flags: vec![false; rules.flags.len()],
        sites,
        agreements: Vec::new(),
        next_agreement: 1,
        offer: None,
        counter: None,
        inspections: Vec::new(),
        monitors: Monitors::Absent,
        talks: Talks::None,
        shipments: Vec::new(),
        notices: Vec::new(),
        unanswered_strike: None,
        unanswered_threat: None,
        threat_open: None,
        interdicting: false,
        recent: Recent::default(),
        tally: Tally {
            start: vars,
            scenario_rounds: rules.rounds as i32,
            ..Tally::default()
        },
        fired: vec![false; rules.events.len()],
        outcome: None,
        intel,
        mind,
    };
    agreements_in_force(rules, &mut st);
    st
}

/// Pyongyang's hidden type for this game, drawn by weight. Difficulty tilts the draw toward
/// the least aggressive type on easy, the most aggressive on hard.
fn draw_type(rules: &Rules, difficulty: Difficulty, rng: &mut GameRng) -> u16 {
    // Difficulty tilts the draw of Pyongyang's type: toward the least aggressive type on easy,
    // the most aggressive on hard (aggression = face + risk + deception − patience).
    let aggression =
        |t: &crate::sim::rules::Personality| t.face + t.risk + t.deception - t.patience;
    let most = rules.types.iter().map(aggression).max().unwrap_or(0);
    let least = rules.types.iter().map(aggression).min().unwrap_or(0);
    let weights: Vec<u32> = rules
        .types
        .iter()
        .map(|t| {
            let tilted = match difficulty {
                Difficulty::Easy if aggression(t) == least => difficulty.type_tilt(),
                Difficulty::Hard if aggression(t) == most => difficulty.type_tilt(),
                _ => 1,
            };
            t.weight * tilted
        })
        .collect();
    rng.weighted(&weights).unwrap_or(0) as u16
}

/// Each site's hidden truth, fixed by the level or drawn.
fn draw_sites(rules: &Rules, rng: &mut GameRng) -> Vec<SiteState> {
    rules
        .sites
        .iter()
        .map(|s| {
            let truth = match s.truth {
                TruthRule::Fixed(t) => t,
                TruthRule::Chance(w) => match rng.weighted(&w) {
                    Some(0) | None => Truth::Active,
                    Some(1) => Truth::Empty,
                    Some(_) => Truth::Cleaned,
                },
            };
            SiteState {
                truth,
                suspected: s.suspected,
                finding: s.finding.map(|f| (f, 0)),
                struck: false,
                leaked: false,
            }
        })
        .collect()
}

/// The player's first estimates: the truth, the level's deliberate errors, and noise the
/// difficulty sets.
fn starting_intel(
    rules: &Rules,
    vars: &crate::sim::vars::VarTable,
    difficulty: Difficulty,
    rng: &mut GameRng,
) -> Intel {
    let p = &rules.intel;
    let noise = difficulty.intel_noise();
    let mut intel = Intel {
        estimate: Hidden::splat(0),
        band: Hidden::splat(p.start_band),
        looked: Hidden::splat(false),
        previous: Hidden::splat(0),
    };
    let spread = (p.start_band * noise / 100 / 2).max(0);
    intel.estimate = Hidden::from_fn(|v| {
        let error = p.start_error.get(v).copied().unwrap_or_default();
        (vars[v] + error + rng.range(-spread, spread)).clamp(0, 100)
    });
    intel.previous = intel.estimate;
    intel
}

/// Pyongyang's mind at the start: its type, and its beliefs from the level's prior (shifted by
/// the difficulty).
fn starting_mind(rules: &Rules, difficulty: Difficulty, type_ix: u16) -> Mind {
    let pr = rules.prior;
    let shift = difficulty.prior_shift();
    Mind {
        type_ix,
        belief: Beliefs::from_fn(|r| {
            let percent = match r {
                Response::ConcedeAfterProvocation => pr.concede_after_provocation + shift,
                Response::RewardAfterStep => pr.reward_after_step,
                Response::PunishAfterViolation => pr.punish_after_violation,
                Response::ConcedeAfterStall => pr.concede_after_stall,
                Response::StrikeAfterThreat => pr.strike_after_threat,
                Response::KeepsPromises => pr.keeps_promises - shift,
                Response::ConcedeUnprompted => pr.concede_unprompted,
                Response::PressureUnprompted => pr.pressure_unprompted,
                Response::PunishAfterProvocation => pr.punish_after_provocation,
            };
            Tendency::from_prior(percent, pr.strength)
        }),
        us_counts: vec![0; rules.actions.len()],
    }
}

/// Agreements in force at the start: their steps were taken before the game, so they apply no
/// effects now and their ongoing steps count as kept.
fn agreements_in_force(rules: &Rules, st: &mut State) {
    for (t, tpl) in rules
        .agreements
        .iter()
        .enumerate()
        .filter(|(_, t)| t.in_force)
    {
        let id = st.next_agreement;
        st.next_agreement += 1;
        if tpl
            .steps
            .iter()
            .any(|s| s.kind == StepKind::AcceptMonitoring)
        {
            st.monitors = Monitors::Present;
        }
        st.agreements.push(Agreement {
            id,
            name: tpl.name.clone(),
            gives: tpl.gives.clone(),
            obligations: tpl
                .steps
                .iter()
                .map(|&step| Obligation {
                    step,
                    done: false,
                    claimed: false,
                    verified: step.kind.ongoing(),
                    kept_rounds: u32::from(step.kind.ongoing()),
                })
                .collect(),
            sequencing: tpl.sequencing,
            deadline: None,
            since: 0,
            delivered: !tpl.sequencing.holds_rewards(),
            paid: if tpl.sequencing.holds_rewards() {
                0
            } else {
                tpl.gives.len() as u32
            },
            escrow: 0,
            template: Some(t as u16),
            ended: None,
        });
    }
}

impl Game {
    /// Starts a game against `opponent`.
    pub fn with_opponent(
        rules: Arc<Rules>,
        seed: u64,
        difficulty: Difficulty,
        opponent: Arc<dyn Opponent>,
    ) -> Game {
        Game::seated(rules, seed, difficulty, Chair::Ai(opponent))
    }

    /// Starts a game with this chair opposite the U.S.
    pub fn seated(rules: Arc<Rules>, seed: u64, difficulty: Difficulty, opponent: Chair) -> Game {
        let state = setup(&rules, seed, difficulty);
        Game {
            opponent,
            mid: None,
            opp_plan: DprkOrders::default(),
            rng: GameRng::new(seed, Stream::World),
            rules,
            seed,
            difficulty,
            state,
            plan: Plan::default(),
            reports: Vec::new(),
            commands: Vec::new(),
        }
    }

    /// Replays a command log against `opponent`; refused commands are skipped (a log of a real
    /// game has none).
    pub fn replay_with(
        rules: Arc<Rules>,
        seed: u64,
        difficulty: Difficulty,
        opponent: Arc<dyn Opponent>,
        log: &[Command],
    ) -> Game {
        Game::replay_seated(rules, seed, difficulty, Chair::Ai(opponent), log)
    }

    /// Replays a command log with this chair opposite the U.S.
    pub fn replay_seated(
        rules: Arc<Rules>,
        seed: u64,
        difficulty: Difficulty,
        opponent: Chair,
        log: &[Command],
    ) -> Game {
        let mut g = Game::seated(rules, seed, difficulty, opponent);
        for c in log {
            if g.over().is_some() {
                break;
            }
            let _ = g.command(c.clone());
        }
        g
    }

    /// The level's rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The level's rules, shared.
    pub fn rules_arc(&self) -> &Arc<Rules> {
        &self.rules
    }

    /// The seed the game was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The difficulty.
    pub fn difficulty(&self) -> Difficulty {
        self.difficulty
    }

    /// The true state. The player's screens show only what `sim::view` allows.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// What is planned for the round being played.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The reports of the rounds played, in order.
    pub fn reports(&self) -> &[RoundReport] {
        &self.reports
    }

    /// Every accepted command so far.
    pub fn commands(&self) -> &[Command] {
        &self.commands
    }

    /// How the game ended, once it has.
    pub fn over(&self) -> Option<OutcomeKind> {
        self.state.outcome
    }

    /// The round being planned (1-based).
    pub fn round(&self) -> u32 {
        self.state.round
    }

    /// The score as it stands, from the true state.
    pub fn score(&self) -> Score {
        Score::of(&self.state, &self.rules)
    }

    /// Action points left this round.
    pub fn ap_left(&self) -> u32 {
        let used: u32 = self
            .plan
            .actions
            .iter()
            .filter_map(|(ix, _)| self.rules.actions.get(*ix as usize))
            .map(|a| a.ap)
            .sum();
        self.rules.action_points.saturating_sub(used)
    }

    /// Budget ($M) left this round after planned actions and the planned offer.
    pub fn budget_left(&self) -> i32 {
        let actions: i32 = self
            .plan
            .actions
            .iter()
            .filter_map(|(ix, _)| self.rules.actions.get(*ix as usize))
            .map(|a| a.cost)
            .sum();
        let offer = self
            .plan
            .offer
            .as_ref()
            .map_or(0, |o| gives_cost(&self.rules, &o.gives));
        let counter = if self.plan.accept_counter == Some(true) {
            self.state
                .counter
                .as_ref()
                .map_or(0, |o| gives_cost(&self.rules, &o.gives))
        } else {
            0
        };
        // A stalled offer's money comes back when it is replaced, by a new offer or by the
        // counter-offer accepted in its place.
        let refund = if self.plan.offer.is_some() || self.plan.accept_counter == Some(true) {
            self.state.offer.as_ref().map_or(0, |o| o.escrow)
        } else {
            0
        };
        self.state.vars[Var::Budget] - actions - offer - counter + refund
    }

    /// Checks and applies one command.
    pub fn command(&mut self, cmd: Command) -> Result<Ack, Refusal> {
        if self.over().is_some() {
            return Err(Refusal::GameOver);
        }
        let opponents_turn = self.mid.is_some();
        if opponents_turn != matches!(cmd, Command::Opponent(_)) {
            return Err(Refusal::NotYourTurn {
                waiting_for: if opponents_turn {
                    self.rules.names.opponent.clone()
                } else {
                    "the U.S.".to_string()
                },
            });
        }
        let ack = match &cmd {
            Command::Opponent(c) => self.opponent_command(c)?,
            Command::Act { action, target } => self.plan_action(action, target.as_deref())?,
            Command::Offer {
                give,
                ask,
                sequencing,
                deadline,
            } => self.plan_offer(give, ask, *sequencing, *deadline)?,
            Command::Undo => self.undo()?,
            Command::Enforce(id) => self.decide(*id, Decision::Enforce)?,
            Command::LookAway(id) => self.decide(*id, Decision::LookAway)?,
            Command::AcceptCounter => {
                let counter = self.state.counter.as_ref().ok_or(Refusal::NoCounter)?;
                let need = gives_cost(&self.rules, &counter.gives);
                let before = self.plan.accept_counter;
                self.plan.accept_counter = Some(true);
                let after = self.budget_left();
                if after < 0 {
                    self.plan.accept_counter = before;
                    return Err(Refusal::NotEnoughBudget {
                        need,
                        left: after + need,
                    });
                }
                self.plan.mark(Planned::Counter);
                Ack::Decided(format!(
                    "You will accept {}'s terms: the agreement is made when the round ends.",
                    self.rules.names.opponent
                ))
            }
            Command::RejectCounter => {
                if self.state.counter.is_none() {
                    return Err(Refusal::NoCounter);
                }
                self.plan.accept_counter = Some(false);
                self.plan.mark(Planned::Counter);
                Ack::Decided(format!(
                    "You decline {}'s terms.",
                    self.rules.names.opponent
                ))
            }
            Command::Break(id) => {
                if !self.state.agreement(*id).is_some_and(Agreement::active) {
                    return Err(Refusal::NoSuchAgreement(*id));
                }
                if !self.plan.breaks.contains(id) {
                    self.plan.breaks.push(*id);
                }
                self.plan.mark(Planned::Break(*id));
                Ack::Planned(format!(
                    "withdrawal from agreement {id} when the round ends (Undo takes it back)"
                ))
            }
            Command::CancelOffer => {
                if self.plan.offer.take().is_none() {
                    return Err(Refusal::NoOfferPlanned);
                }
                self.plan.order.retain(|x| *x != Planned::Offer);
                Ack::Undone("the offer".into())
            }
            Command::End => match self.end_us_half() {
                Some(mid) => {
                    self.mid = Some(Box::new(mid));
                    Ack::Waiting(self.rules.names.opponent.clone())
                }
                None => Ack::RoundEnded,
            },
        };
        self.commands.push(cmd);
        Ok(ack)
    }

    fn find_action(&self, id: &str) -> Result<ActionIx, Refusal> {
        let norm = id.replace('-', "_");
        self.rules
            .action_ix(&norm)
            .ok_or_else(|| Refusal::UnknownAction {
                id: id.to_string(),
                suggestion: crate::sim::vocab::suggest(
                    &norm,
                    self.rules.actions.iter().map(|a| a.id.as_str()),
                ),
            })
    }

    fn find_site(&self, id: &str) -> Result<u16, Refusal> {
        self.rules.site_ix(id).ok_or_else(|| Refusal::UnknownSite {
            id: id.to_string(),
            suggestion: crate::sim::vocab::suggest(
                id,
                self.rules.sites.iter().map(|s| s.id.as_str()),
            ),
        })
    }

    /// Resolves a target string for an action.
    pub fn parse_target(&self, ix: ActionIx, target: Option<&str>) -> Result<Target, Refusal> {
        let Some(action) = self.rules.actions.get(ix as usize) else {
            return Err(Refusal::NoSuchAction(u32::from(ix)));
        };
        match (action.target, target) {
            (TargetKind::None, None) => Ok(Target::None),
            (TargetKind::None, Some(_)) => Err(Refusal::UnexpectedTarget {
                action: action.id.clone(),
            }),
            (kind, None) => Err(Refusal::NeedsTarget {
                action: action.id.clone(),
                kind,
            }),
            (TargetKind::Site, Some(s)) => Ok(Target::Site(self.find_site(s)?)),
            (TargetKind::Variable, Some(v)) => {
                let names = self.rules.var_names();
                let var = self
                    .rules
                    .var_by_name(v)
                    .ok_or_else(|| Refusal::UnknownVariable {
                        id: v.to_string(),
                        suggestion: crate::sim::vocab::suggest(
                            &v.to_lowercase(),
                            names.iter().map(String::as_str),
                        ),
                        hidden: self.rules.hidden_var_list(),
                    })?;
                if !var.is_hidden() {
                    return Err(Refusal::NotHidden {
                        id: v.to_string(),
                        hidden: self.rules.hidden_var_list(),
                    });
                }
                Ok(Target::Var(var))
            }
        }
    }

    /// Whether an action could be planned now (for greying out buttons), with the reason if not.
    pub fn check_action(&self, ix: ActionIx, target: Target) -> Result<(), Refusal> {
        let Some(action) = self.rules.actions.get(ix as usize) else {
            return Err(Refusal::NoSuchAction(u32::from(ix)));
        };
        if self.plan.actions.contains(&(ix, target)) {
            return Err(Refusal::AlreadyPlanned(action.name.clone()));
        }
        let left = self.ap_left();
        if action.ap > left {
            return Err(Refusal::NotEnoughAp {
                need: action.ap,
                left,
            });
        }
        let budget = self.budget_left();
        if action.cost > budget {
            return Err(Refusal::NotEnoughBudget {
                need: action.cost,
                left: budget,
            });
        }
        if !holds(&action.requires, &self.rules, &self.state) {
            return Err(Refusal::Requirement {
                action: action.name.clone(),
                why: if action.requires_text.is_empty() {
                    "its conditions are not met".into()
                } else {
                    action.requires_text.clone()
                },
            });
        }
        Ok(())
    }

    fn plan_action(&mut self, id: &str, target: Option<&str>) -> Result<Ack, Refusal> {
        let ix = self.find_action(id)?;
        let target = self.parse_target(ix, target)?;
        self.check_action(ix, target)?;
        self.plan.actions.push((ix, target));
        self.plan.order.push(Planned::Action);
        let name = &self.rules.actions[ix as usize].name;
        let what = match target {
            Target::None => name.clone(),
            Target::Site(s) => format!("{name}: {}", self.rules.sites[s as usize].name),
            Target::Var(v) => format!("{name}: {}", self.rules.label(v)),
        };
        Ok(Ack::Planned(what))
    }

    /// Parses a step as typed (`freeze:yongbyon`).
    pub fn parse_step(&self, s: &str) -> Result<StepTarget, Refusal> {
        let (kind_s, site_s) = match s.split_once(':') {
            Some((k, site)) => (k, Some(site)),
            None => (s, None),
        };
        let norm = kind_s.replace('-', "_");
        let kind = self
            .rules
            .step_by_id(&norm)
            .ok_or_else(|| Refusal::UnknownStep {
                id: s.to_string(),
                suggestion: crate::sim::vocab::suggest(
                    &norm,
                    self.rules.steps.iter().map(|k| k.id.as_str()),
                ),
                steps: self.rules.step_list(),
            })?;
        match (kind.takes_site(), site_s) {
            (true, None) => Err(Refusal::StepNeedsSite(kind.id().into())),
            (false, Some(_)) => Err(Refusal::StepTakesNoSite(self.rules.step(kind).id.clone())),
            (true, Some(site)) => Ok(StepTarget {
                kind,
                site: Some(self.find_site(site)?),
            }),
            (false, None) => Ok(StepTarget { kind, site: None }),
        }
    }

    fn plan_offer(
        &mut self,
        give: &[String],
        ask: &[String],
        sequencing: Sequencing,
        deadline: Option<u32>,
    ) -> Result<Ack, Refusal> {
        let offer = self.build_offer(give, ask, sequencing, deadline)?;
        let need = gives_cost(&self.rules, &offer.gives);
        let old = self.plan.offer.take();
        let left = self.budget_left();
        if need > left {
            self.plan.offer = old;
            return Err(Refusal::NotEnoughBudget { need, left });
        }
        let text = crate::sim::describe::describe_offer(&self.rules, &offer);
        self.plan.offer = Some(offer);
        self.plan.mark(Planned::Offer);
        Ok(Ack::Planned(format!("Offer: {text}")))
    }

    /// An offer's terms checked against the level: rewards the U.S. can offer, steps that
    /// exist, no repeats, a deadline of 1–12 rounds. (Either side names terms this way.)
    fn build_offer(
        &self,
        give: &[String],
        ask: &[String],
        sequencing: Sequencing,
        deadline: Option<u32>,
    ) -> Result<Offer, Refusal> {
        if give.is_empty() || ask.is_empty() {
            return Err(Refusal::OfferNeedsBoth);
        }
        if let Some(d) = deadline
            && !(1..=12).contains(&d)
        {
            return Err(Refusal::BadDeadline(d));
        }
        let mut gives = Vec::new();
        for g in give {
            let ix = self.find_action(g)?;
            let a = &self.rules.actions[ix as usize];
            if !a.offerable || a.group != Group::Concession {
                return Err(Refusal::NotOfferable(a.id.clone()));
            }
            if gives.contains(&ix) {
                return Err(Refusal::DuplicateInOffer(a.id.clone()));
            }
            gives.push(ix);
        }
        let mut asks = Vec::new();
        for s in ask {
            let t = self.parse_step(s)?;
            if asks.contains(&t) {
                return Err(Refusal::DuplicateInOffer(s.clone()));
            }
            asks.push(t);
        }
        Ok(Offer {
            gives,
            asks,
            sequencing,
            deadline,
        })
    }

    /// Takes back the last thing planned, whatever it was.
    fn undo(&mut self) -> Result<Ack, Refusal> {
        let last = self.plan.order.pop().ok_or(Refusal::NothingToUndo)?;
        let what = match last {
            Planned::Action => match self.plan.actions.pop() {
                Some((ix, t)) => crate::sim::describe::describe_action(&self.rules, ix, &t)
                    .unwrap_or_else(|| "an action".into()),
                None => "an action".into(),
            },
            Planned::Offer => {
                self.plan.offer = None;
                "the offer".into()
            }
            Planned::Decision(id) => {
                self.plan.decisions.retain(|(x, _)| *x != id);
                format!("the decision on agreement {id}")
            }
            Planned::Counter => {
                self.plan.accept_counter = None;
                "the answer to the counter-offer".into()
            }
            Planned::Break(id) => {
                self.plan.breaks.retain(|x| *x != id);
                format!("the withdrawal from agreement {id}")
            }
        };
        Ok(Ack::Undone(what))
    }

    fn decide(&mut self, id: u32, d: Decision) -> Result<Ack, Refusal> {
        if !self.state.notices.iter().any(|n| n.agreement == id) {
            return Err(Refusal::NoNotice(id));
        }
        self.plan.decisions.retain(|(x, _)| *x != id);
        self.plan.decisions.push((id, d));
        self.plan.mark(Planned::Decision(id));
        Ok(Ack::Decided(match d {
            Decision::Enforce => format!("You will enforce agreement {id}."),
            Decision::LookAway => format!("You will let the violation of agreement {id} pass."),
        }))
    }

    fn orders_of(plan: Plan) -> UsOrders {
        UsOrders {
            actions: plan.actions,
            offer: plan.offer,
            decisions: plan.decisions,
            accept_counter: plan.accept_counter == Some(true),
            breaks: plan.breaks,
        }
    }

    /// The state Pyongyang would decide on if the round ended now: the true state after the U.S.
    /// half of the round with the current plan (for benchmarks and analysis; the game is unchanged).
    pub fn state_after_us_half(&self) -> State {
        let mut st = self.state.clone();
        let mut rng = self.rng.clone();
        let mut log = Log::quiet();
        let mut cx = Ctx {
            rules: &self.rules,
            st: &mut st,
            rng: &mut rng,
            log: &mut log,
            track_intel: false,
            intel_noise: self.difficulty.intel_noise(),
            budget_percent: self.difficulty.budget_percent(),
        };
        resolve::resolve_us(&mut cx, &Self::orders_of(self.plan.clone()));
        st
    }

    /// Resolves the round: the U.S. plan, Pyongyang's decision, then the world.
    /// Resolves the U.S. half of the round. Against the AI the round is finished at once (and
    /// `None` returned); with a person in the other chair, the round waits for its orders.
    fn end_us_half(&mut self) -> Option<Midround> {
        let mut plan = std::mem::take(&mut self.plan);
        // Undecided violations are let pass: record that as the decision it is.
        for n in &self.state.notices {
            if !plan.decisions.iter().any(|(id, _)| *id == n.agreement) {
                plan.decisions.push((n.agreement, Decision::LookAway));
            }
        }
        let orders = Self::orders_of(plan);
        let round = self.state.round;
        let verified_before = self.state.tally.verified_steps;
        let rewarded_before = self.state.tally.concessions_after_step;
        let conceded_before = self.state.tally.concessions;
        let seen_before = self.state.tally.violations_detected;
        let mut log = Log::default();
        let noise = self.difficulty.intel_noise();
        {
            let mut cx = Ctx {
                rules: &self.rules,
                st: &mut self.state,
                rng: &mut self.rng,
                log: &mut log,
                track_intel: true,
                intel_noise: noise,
                budget_percent: self.difficulty.budget_percent(),
            };
            resolve::resolve_us(&mut cx, &orders);
        }
        let mid = Midround {
            orders,
            log,
            round,
            verified_before,
            rewarded_before,
            conceded_before,
            seen_before,
        };
        match &self.opponent {
            Chair::Ai(opponent) => {
                let mut mind_rng = GameRng::for_round(self.seed, Stream::Mind, round);
                let seen = OpponentView::of(&self.state);
                let dprk = opponent.decide(&self.rules, &seen, &mut mind_rng);
                self.finish_round(mid, dprk);
                None
            }
            // A round the U.S. half ended (a war, a lost mandate) has nothing left to decide.
            Chair::Person if self.state.outcome.is_some() => {
                self.finish_round(mid, DprkOrders::default());
                None
            }
            Chair::Person => {
                self.opp_plan = self.opponent_defaults();
                Some(mid)
            }
        }
    }

    /// Resolves the other side's half of the round and the world, and keeps the report.
    fn finish_round(&mut self, mid: Midround, dprk: DprkOrders) {
        let Midround {
            orders,
            mut log,
            round,
            verified_before,
            rewarded_before,
            conceded_before,
            seen_before,
        } = mid;
        let noise = self.difficulty.intel_noise();
        {
            let mut cx = Ctx {
                rules: &self.rules,
                st: &mut self.state,
                rng: &mut self.rng,
                log: &mut log,
                track_intel: true,
                intel_noise: noise,
                budget_percent: self.difficulty.budget_percent(),
            };
            resolve::resolve_pyongyang(&mut cx, &dprk);
        }
        let moves: Vec<_> = self
            .state
            .recent
            .pyongyang
            .iter()
            .filter(|(r, _)| *r == round)
            .map(|(_, m)| *m)
            .collect();
        let public_moves = moves
            .iter()
            .copied()
            .filter(|&m| self.rules.mv(m).public)
            .collect();
        self.reports.push(RoundReport {
            round,
            month: self.rules.month_of(round).to_string(),
            refused_moves: log.refused_moves,
            cleaned_while_stalling: log.cleaned_while_stalling,
            answer: log.answer,
            covert: log.covert,
            found: log.found,
            changes: log.changes,
            news: log.news,
            hidden: log.hidden,
            reasons: dprk.reasons,
            outcome: self.state.outcome,
            truth: self.state.vars,
            estimates: self.state.intel.estimate,
            bands: self.state.intel.band,
            moves,
            public_moves,
            verified: (self.state.tally.verified_steps - verified_before).max(0) as u32,
            us: orders,
            violations_seen: (self.state.tally.violations_detected - seen_before).max(0) as u32,
            rewards_after_step: (self.state.tally.concessions_after_step - rewarded_before).max(0)
                as u32,
            rewards_unreciprocated: ((self.state.tally.concessions - conceded_before)
                - (self.state.tally.concessions_after_step - rewarded_before))
                .max(0) as u32,
        });
    }

    /// A copy of the game in which everything only the U.S. knows is different: its
    /// intelligence picture (estimates, bands, what it looked at), the violations it detected and
    /// has not answered, the news only it reads, the targets of its covert collection, and what
    /// it is planning this round. Tests render everything the other chair reads from both games
    /// and require it to be the same.
    pub fn with_us_secrets_scrambled(&self) -> Game {
        let mut g = self.clone();
        let shift = |x: i32| if x >= 50 { x - 17 } else { x + 17 };
        for v in g.rules.hidden_vars().collect::<Vec<_>>() {
            if let Some(e) = g.state.intel.estimate.get_mut(v) {
                *e = shift(*e);
            }
            if let Some(b) = g.state.intel.band.get_mut(v) {
                *b += 3;
            }
            if let Some(l) = g.state.intel.looked.get_mut(v) {
                *l = !*l;
            }
        }
        for n in &mut g.state.notices {
            n.what = "(scrambled)".into();
        }
        let hidden: Vec<Var> = g.rules.hidden_vars().collect();
        let pending = g
            .mid
            .as_deref_mut()
            .map(|m| (&mut m.log.news, &mut m.orders));
        let done = g.reports.iter_mut().map(|r| (&mut r.news, &mut r.us));
        for (news, us) in done.chain(pending) {
            for n in news.iter_mut().filter(|n| n.us_only) {
                n.headline = "(scrambled)".into();
                n.body = "(scrambled)".into();
            }
            for (_, t) in &mut us.actions {
                if let Target::Var(v) = t
                    && let Some(k) = hidden.iter().position(|h| h == v)
                {
                    *t = Target::Var(hidden[(k + 1) % hidden.len()]);
                }
            }
            for d in &mut us.decisions {
                d.1 = match d.1 {
                    Decision::Enforce => Decision::LookAway,
                    Decision::LookAway => Decision::Enforce,
                };
            }
        }
        if g.mid.is_none() {
            // What the U.S. is planning is its own until its half resolves.
            g.plan = Plan::default();
            if let Some(surveil) = g
                .rules
                .actions
                .iter()
                .position(|a| a.target == TargetKind::Variable)
                && let Some(&v) = hidden.first()
            {
                g.plan.actions.push((surveil as ActionIx, Target::Var(v)));
            }
        }
        g
    }

    /// A copy of the game in which everything the player cannot know is different: the true
    /// hidden values, site truths, which owed steps were really done, Pyongyang's type and
    /// beliefs, its hidden moves and secret reasons. (Aid in transit is the U.S.'s own: it
    /// knows what it sent.) What the player can know — visible values,
    /// estimates, news, findings, claims, answers — is untouched. Tests render every
    /// player-facing text of both games and require them to be identical: nothing the player
    /// reads may depend on a secret.
    pub fn with_secrets_scrambled(&self) -> Game {
        let mut g = self.clone();
        let shift = |x: i32| if x >= 50 { x - 23 } else { x + 23 };
        let hidden: Vec<Var> = g.rules.hidden_vars().collect();
        for &v in &hidden {
            g.state.vars[v] = shift(g.state.vars[v]);
        }
        for site in &mut g.state.sites {
            site.truth = match site.truth {
                Truth::Active => Truth::Empty,
                Truth::Empty => Truth::Cleaned,
                Truth::Cleaned => Truth::Active,
            };
        }
        for a in &mut g.state.agreements {
            for o in &mut a.obligations {
                if o.claimed && !o.verified {
                    o.done = !o.done;
                }
            }
        }
        let types = g.rules.types.len().max(1) as u16;
        g.state.mind.type_ix = (g.state.mind.type_ix + 1) % types;
        for t in &mut g.state.mind.belief.0 {
            t.yes = t.trials - t.yes;
        }
        for r in &mut g.reports {
            for &v in &hidden {
                r.truth[v] = shift(r.truth[v]);
            }
            r.hidden = vec!["(scrambled)".into()];
            r.moves = r.public_moves.clone();
            r.moves.push(MoveKind::Hold);
            for reason in r.reasons.iter_mut().filter(|x| !x.observable) {
                reason.chosen = "(scrambled)".into();
                reason.chosen_move = None;
                reason.chosen_score.survival += 9.0;
            }
            r.reasons.push(Reason {
                decision: "covert move".into(),
                chosen: "(scrambled)".into(),
                chosen_score: Default::default(),
                rejected: None,
                observable: false,
                chosen_move: None,
            });
            // The net change of a visible variable is public (its value is), so only the hidden
            // variables' secret changes differ.
            for c in r
                .changes
                .iter_mut()
                .filter(|c| !c.public && c.var.is_hidden())
            {
                c.delta += 5;
            }
        }
        g
    }

    /// A 64-bit digest (16 hex digits) of the whole game: level, seed, difficulty, commands,
    /// and every round's changes, moves, steps, violations, number of news items and outcome.
    /// The wording of the news is left out on purpose: a clearer sentence in a later version
    /// must not make a student's record fail to replay.
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.rules.content_hash.as_bytes());
        if !self.rules.variant.is_empty() {
            h.update(self.rules.variant.as_bytes());
        }
        h.update(self.seed.to_le_bytes());
        h.update(self.difficulty.id().as_bytes());
        for c in &self.commands {
            h.update(ron::to_string(c).unwrap_or_default().as_bytes());
            h.update([0]);
        }
        for r in &self.reports {
            h.update(r.round.to_le_bytes());
            for c in &r.changes {
                h.update((c.var.index() as u32).to_le_bytes());
                h.update(c.delta.to_le_bytes());
            }
            for m in &r.moves {
                h.update([m.index() as u8]);
            }
            h.update([255]);
            for m in &r.public_moves {
                h.update([m.index() as u8]);
            }
            h.update(r.verified.to_le_bytes());
            h.update(r.violations_seen.to_le_bytes());
            h.update((r.news.len() as u32).to_le_bytes());
            h.update((r.hidden.len() as u32).to_le_bytes());
            h.update([r.outcome.map_or(255, |o| o as u8)]);
        }
        for v in self.rules.vars() {
            h.update(self.state.vars[v].to_le_bytes());
        }
        let digest = h.finalize();
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}
