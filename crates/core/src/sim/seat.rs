//! Each side's chair at the table: the only way a front end or an opponent reads a game.
//!
//! - [`UsSeat`] is what the U.S. player may know: the level, its own plan and commands, the
//!   [`PlayerView`] (visible values, estimates with bands, sites as intelligence knows them,
//!   agreements as verified or claimed), the goal strip, and each round's report without its
//!   secrets ([`SeenReport`]). The whole game — true values, hidden moves, the other side's type —
//!   is reached only through [`UsSeat::revealed`], which gives it once the game is over, for
//!   the debrief.
//! - [`OpponentView`] (defined with the state, which it masks) is what the other side may know when it decides: its own true values,
//!   the public record and its beliefs about the U.S., without the U.S.'s intelligence picture
//!   or the violations the U.S. has detected and not yet answered.
//!
//! The window, the terminal and the built-in strategies hold a `UsSeat`; the opponent is handed
//! an `OpponentView`. Only the rules (`sim::resolve`, `sim::game`) hold the `State`.

use crate::sim::Difficulty;
use crate::sim::game::{Command, Game, Plan, Refusal};
use crate::sim::orders::{Reason, Target, UsOrders};
use crate::sim::report::{Cause, News, OfferAnswer, RoundReport, TipCheck};
use crate::sim::rules::{ActionIx, Rules};
pub use crate::sim::state::OpponentView;
use crate::sim::vars::Var;
use crate::sim::view::{PlayerView, Progress, progress, view};
use crate::sim::vocab::OutcomeKind;

/// The U.S. chair: everything the U.S. player may read of a game, and nothing it may not.
#[derive(Debug, Clone, Copy)]
pub struct UsSeat<'a> {
    game: &'a Game,
}

impl<'a> UsSeat<'a> {
    /// The U.S. chair at `game`.
    pub fn of(game: &'a Game) -> UsSeat<'a> {
        UsSeat { game }
    }

    /// The level being played (public: it is the file the player opened).
    pub fn rules(&self) -> &'a Rules {
        self.game.rules()
    }

    /// The orders planned so far this round.
    pub fn plan(&self) -> &'a Plan {
        self.game.plan()
    }

    /// The commands given so far, the player's own.
    pub fn commands(&self) -> &'a [Command] {
        self.game.commands()
    }

    /// The round being planned.
    pub fn round(&self) -> u32 {
        self.game.round()
    }

    /// How the game ended, once it has (every ending is announced).
    pub fn over(&self) -> Option<OutcomeKind> {
        self.game.over()
    }

    /// The seed the game was started with.
    pub fn seed(&self) -> u64 {
        self.game.seed()
    }

    /// The difficulty chosen.
    pub fn difficulty(&self) -> Difficulty {
        self.game.difficulty()
    }

    /// Action points left this round.
    pub fn ap_left(&self) -> u32 {
        self.game.ap_left()
    }

    /// Budget left this round ($M).
    pub fn budget_left(&self) -> i32 {
        self.game.budget_left()
    }

    /// Whether an action could be planned now, with the reason if not: the same answer the
    /// command would get, so it tells the player nothing that trying would not.
    pub fn check_action(&self, ix: ActionIx, target: Target) -> Result<(), Refusal> {
        self.game.check_action(ix, target)
    }

    /// Resolves a target as typed for an action.
    pub fn parse_target(&self, ix: ActionIx, target: Option<&str>) -> Result<Target, Refusal> {
        self.game.parse_target(ix, target)
    }

    /// The plan as it would be after `cmd`, tried on a copy (for previews such as the offer
    /// builder's terms); `None` if the game would refuse it. Ending the round is never tried.
    pub fn try_plan(&self, cmd: Command) -> Option<Plan> {
        if cmd == Command::End {
            return None;
        }
        let mut trial = self.game.clone();
        trial.command(cmd).ok()?;
        Some(trial.plan().clone())
    }

    /// What the player sees now.
    pub fn view(&self) -> PlayerView {
        view(self.game)
    }

    /// The goal strip: each goal and danger as the player can judge it.
    pub fn progress(&self) -> Progress {
        progress(self.game)
    }

    /// The report of the last round played, as the player may read it.
    pub fn last_report(&self) -> Option<SeenReport<'a>> {
        self.game.reports().last().map(|report| SeenReport {
            report,
            reasons: self.reasons_shown(),
        })
    }

    /// Every round's report as the player may read it, oldest first.
    pub fn reports(&self) -> impl Iterator<Item = SeenReport<'a>> + 'a {
        let reasons = self.reasons_shown();
        self.game
            .reports()
            .iter()
            .map(move |report| SeenReport { report, reasons })
    }

    /// Whether the other side's stated reasons may be shown: not on hard until the game ends.
    pub fn reasons_shown(&self) -> bool {
        self.game.difficulty() != Difficulty::Hard || self.game.over().is_some()
    }

    /// A game drawn from what the U.S. believes, for an AI Washington's lookahead: its
    /// estimates for the hidden values, its findings and suspicions for the sites, the claims
    /// made for the steps, a regime type drawn by `draw` from the level's weights, the level's
    /// prior for its beliefs, and new dice; `model` decides for the other side. None of the
    /// other side's true state is in it.
    pub fn believed(
        &self,
        draw: u64,
        model: std::sync::Arc<dyn crate::sim::game::Opponent>,
    ) -> Game {
        self.game.as_us_believes(draw, model)
    }

    /// The game inside, for the core's own analyses that read only public parts of it (the
    /// record of commands, the provocation record). Not visible outside the core.
    pub(crate) fn game(&self) -> &'a Game {
        self.game
    }

    /// The whole game, secrets included — only once it is over, for the debrief.
    pub fn revealed(&self) -> Option<&'a Game> {
        self.game.over().map(|_| self.game)
    }
}

/// A round's report without its secrets: what the U.S. ordered, the news, the visible changes
/// and their causes, the other side's answer and its stated reasons (where the difficulty shows
/// them). Its true values, hidden moves and hidden reasons are not reachable from here.
#[derive(Debug, Clone, Copy)]
pub struct SeenReport<'a> {
    report: &'a RoundReport,
    reasons: bool,
}

impl<'a> SeenReport<'a> {
    /// The round.
    pub fn round(&self) -> u32 {
        self.report.round
    }

    /// What the U.S. ordered.
    pub fn us(&self) -> &'a UsOrders {
        &self.report.us
    }

    /// The round's news.
    pub fn news(&self) -> &'a [News] {
        &self.report.news
    }

    /// The answer to the offer on the table, if there was one.
    pub fn answer(&self) -> Option<&'a OfferAnswer> {
        self.report.answer.as_ref()
    }

    /// How the game ended, if it did this round.
    pub fn outcome(&self) -> Option<OutcomeKind> {
        self.report.outcome
    }

    /// Whether the player did what the round's tip asked.
    pub fn tip_check(&self, rules: &Rules) -> Option<TipCheck> {
        self.report.tip_check(rules)
    }

    /// Every visible variable's net change with its causes.
    pub fn visible_summary(&self, rules: &Rules) -> Vec<(Var, i32, Vec<(Cause, i32)>)> {
        self.report.visible_summary(rules)
    }

    /// The changes to `v` the player could see, with their causes.
    pub fn visible_changes(&self, v: Var) -> Vec<(Cause, i32)> {
        self.report.visible_changes(v)
    }

    /// Whether the difficulty lets the player read the other side's reasons now.
    pub fn reasons_shown(&self) -> bool {
        self.reasons
    }

    /// The other side's reasons for its public choices, where the difficulty shows them (none on
    /// hard before the end).
    pub fn reasons(&self) -> impl Iterator<Item = &'a Reason> + 'a {
        let shown = self.reasons;
        self.report.observable_reasons().filter(move |_| shown)
    }
}

/// The other side's chair, for a person sitting in it: its own values exactly (all of them: its
/// hidden ones are its own, the rest are public), the U.S. offer on the table and its demands,
/// its agreements with what it really did, its sites as they really are, the public record of
/// last round — and nothing of what only Washington knows: its intelligence picture, what it has
/// detected and not yet answered, its covert collection, or what it is planning this round.
/// The whole game comes only from [`OpponentSeat::revealed`], once the game is over.
#[derive(Debug, Clone, Copy)]
pub struct OpponentSeat<'a> {
    game: &'a Game,
}

/// An agreement as the other side knows it: each step owed with what it really did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnAgreement {
    /// The agreement's id.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// What the U.S. gives, in words.
    pub gives: String,
    /// Each step: (as typed, in words, done for real, claimed, verified by the U.S.).
    pub steps: Vec<(String, String, bool, bool, bool)>,
    /// Round by which one-off steps must be claimed.
    pub deadline: Option<u32>,
}

/// A one-off step the other side owes, as its chair sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedStep {
    /// The agreement's id.
    pub agreement: u32,
    /// The step as typed (`freeze:yongbyon`).
    pub step: String,
    /// The step in words.
    pub label: String,
    /// Whether it can be claimed without being done (steps done in the open cannot).
    pub can_fake: bool,
    /// What is planned for it this round, if anything.
    pub planned: Option<crate::sim::orders::StepChoice>,
}

impl<'a> OpponentSeat<'a> {
    /// The other chair at `game`.
    pub fn of(game: &'a Game) -> OpponentSeat<'a> {
        OpponentSeat { game }
    }

    /// The level being played.
    pub fn rules(&self) -> &'a Rules {
        self.game.rules()
    }

    /// The round.
    pub fn round(&self) -> u32 {
        self.game.round()
    }

    /// How the game ended, once it has.
    pub fn over(&self) -> Option<OutcomeKind> {
        self.game.over()
    }

    /// Whether the round is waiting for this side's orders.
    pub fn to_move(&self) -> bool {
        self.game.phase() == crate::sim::game::Phase::Opponent
    }

    /// Every variable's true value.
    pub fn value(&self, v: Var) -> i32 {
        self.game.state().vars[v]
    }

    /// The U.S. offer on the table, in words, with the round it was made. (The offer the U.S.
    /// is planning this round is in its plan, not on the table, until its half resolves.)
    pub fn offer(&self) -> Option<(String, u32)> {
        self.game.state().offer.as_ref().map(|o| {
            (
                crate::sim::describe::describe_offer(self.rules(), &o.offer),
                o.made,
            )
        })
    }

    /// Open U.S. demands to inspect its sites: (site id, site name, round demanded, stalls).
    pub fn inspection_demands(&self) -> Vec<(String, String, u32, u32)> {
        let st = self.game.state();
        st.inspections
            .iter()
            .filter(|i| !(i.agreed && i.since == st.round))
            .filter_map(|i| {
                let s = self.rules().sites.get(i.site as usize)?;
                Some((s.id.clone(), s.name.clone(), i.since, i.stalls))
            })
            .collect()
    }

    /// The state of the talks, in words.
    pub fn talks(&self) -> Option<String> {
        crate::sim::describe::talks_words_to_them(self.game.state().talks)
    }

    /// The terms it named last round, when Washington has just let them lapse (its half of
    /// this round resolved without taking them).
    pub fn terms_lapsed(&self) -> Option<String> {
        let (orders, _) = self.game.us_half()?;
        let named = self
            .game
            .reports()
            .last()?
            .answer
            .as_ref()?
            .counter
            .as_ref()?;
        (!orders.accept_counter).then(|| crate::sim::describe::describe_offer(self.rules(), named))
    }

    /// Whether the U.S. has asked to send aid monitors.
    pub fn monitors_requested(&self) -> bool {
        self.game.state().monitors == crate::sim::state::Monitors::Requested
    }

    /// Its agreements in force, with what it really did of each step.
    pub fn agreements(&self) -> Vec<OwnAgreement> {
        let rules = self.rules();
        self.game
            .state()
            .active_agreements()
            .map(|a| OwnAgreement {
                id: a.id,
                name: a.name.clone(),
                gives: a
                    .gives
                    .iter()
                    .filter_map(|&g| rules.actions.get(g as usize))
                    .map(|x| x.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                steps: a
                    .obligations
                    .iter()
                    .map(|o| {
                        (
                            rules.step_id(o.step),
                            rules.step_label(o.step),
                            o.done,
                            o.claimed,
                            o.verified,
                        )
                    })
                    .collect(),
                deadline: a.deadline,
            })
            .collect()
    }

    /// Its sites as they really are: (name, truth, whether the U.S. names it a suspect).
    pub fn sites(&self) -> Vec<(String, crate::sim::vocab::Truth, bool)> {
        self.rules()
            .sites
            .iter()
            .zip(&self.game.state().sites)
            .map(|(def, s)| (def.name.clone(), s.truth, s.suspected))
            .collect()
    }

    /// Last round's news as the world saw it: without what only the U.S. knows.
    pub fn news(&self) -> Vec<News> {
        self.game
            .reports()
            .last()
            .map(|r| r.news.iter().filter(|n| !n.us_only).cloned().collect())
            .unwrap_or_default()
    }

    /// What the U.S. did that the world could see, in words — this round's U.S. half while the
    /// round waits for this side, else last round's — with its covert collection (surveillance of
    /// a hidden value) and its own decisions on the violations it detected left out; and the
    /// news of that U.S. half (only what the world could see).
    pub fn us_acts(&self) -> (Vec<String>, Vec<News>) {
        let rules = self.rules();
        let (orders, news) = match self.game.us_half() {
            Some((o, n)) => (o.clone(), n.to_vec()),
            None => match self.game.reports().last() {
                Some(r) => (r.us.clone(), Vec::new()),
                None => return (Vec::new(), Vec::new()),
            },
        };
        let mut public = orders;
        public.actions.retain(|(ix, _)| {
            rules
                .actions
                .get(*ix as usize)
                .is_some_and(|a| a.target != crate::sim::vocab::TargetKind::Variable)
        });
        // Decisions on violations it detected become known by what follows (sanctions
        // reimposed or nothing); the decision itself is Washington's.
        public.decisions.clear();
        (
            crate::sim::describe::describe_orders(rules, &public),
            news.into_iter().filter(|n| !n.us_only).collect(),
        )
    }

    /// Its own type, which it knows (the U.S. learns it only in the debrief): (name,
    /// description).
    pub fn regime(&self) -> Option<(String, String)> {
        self.rules()
            .types
            .get(usize::from(self.game.state().mind.type_ix))
            .map(|t| (t.name.clone(), t.description.clone()))
    }

    /// Its score so far, from its own values, as its type weighs its goals.
    pub fn score(&self) -> crate::sim::score::RegimeScore {
        crate::sim::score::RegimeScore::of(self.game.state(), self.rules())
    }

    /// The moves it could make now: (id, name, seen by the world), in the level's order.
    pub fn moves_possible(&self) -> Vec<(String, String, bool)> {
        let rules = self.rules();
        rules
            .move_kinds()
            .filter(|&m| {
                m != crate::sim::vocab::MoveKind::Hold
                    && crate::sim::resolve::move_allowed(rules, self.game.state(), m)
            })
            .map(|m| {
                let d = rules.mv(m);
                (d.id.clone(), d.name.clone(), d.public)
            })
            .collect()
    }

    /// Washington's inner state as this side can estimate it, each (what, estimate, band ±):
    /// Congress's patience, the U.S. budget, and — once it has done anything in secret — the share
    /// of its secret work Washington has seen. Each estimate is the truth moved by a draw of the
    /// level's `their_band` at most, so the truth is always inside the band; the draw is the
    /// game's own (seed and round), not Washington's.
    pub fn reading(&self) -> Vec<(String, i32, i32)> {
        let rules = self.rules();
        let st = self.game.state();
        let band = rules.intel.their_band.max(0);
        let mut rng = crate::sim::rng::GameRng::for_round(
            self.game.seed(),
            crate::sim::rng::Stream::Reading,
            self.round(),
        );
        let mut read = |truth: i32, band: i32, lo: i32, hi: i32| {
            (truth + rng.range(-band, band)).clamp(lo, hi.max(lo))
        };
        let congress = read(st.vars[Var::Congress], band, 0, 100);
        let budget = read(st.vars[Var::Budget], band * 2, 0, i32::MAX);
        let mut out = vec![
            (
                format!(
                    "{}: its patience with the policy",
                    rules.label(Var::Congress)
                ),
                congress,
                band,
            ),
            (
                format!("Washington's {}", lower_first(rules.label(Var::Budget))),
                budget,
                band * 2,
            ),
        ];
        let (done, seen) = self.secret_work_seen();
        if let Some(share) = (seen * 100).checked_div(done) {
            let share = i32::try_from(share).unwrap_or(100);
            out.push((
                format!("Share of your secret work Washington has seen (%, of {done})"),
                read(share, band, 0, 100),
                band,
            ));
        }
        out
    }

    /// How many things it has done in secret, and how many of them Washington has seen so far
    /// (at once, or a claimed step found out later).
    fn secret_work_seen(&self) -> (usize, usize) {
        let all = crate::sim::report::sightings(self.game.reports());
        let seen = all.iter().filter(|(_, _, seen)| seen.is_some()).count();
        (all.len(), seen)
    }

    /// The answer planned to the demand to inspect this site (a stall until another is given).
    pub fn planned_inspection(&self, site: &str) -> Option<crate::sim::orders::InspectionAnswer> {
        let st = self.game.state();
        let ix = self.rules().sites.iter().position(|s| s.id == site)?;
        let k = st
            .inspections
            .iter()
            .position(|i| i.site as usize == ix && !(i.agreed && i.since == st.round))?;
        self.game.opponent_plan().inspections.get(k).copied()
    }

    /// The one-off steps it owes and has not yet carried out or claimed, each as (agreement,
    /// the step as typed, in words, whether it can be claimed without being done, the choice
    /// planned this round if any).
    pub fn owed(&self) -> Vec<OwedStep> {
        let rules = self.rules();
        let plan = self.game.opponent_plan();
        self.game
            .state()
            .active_agreements()
            .flat_map(|a| {
                a.obligations
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| !o.step.kind.ongoing() && !o.claimed)
                    .map(move |(i, o)| OwedStep {
                        agreement: a.id,
                        step: rules.step_id(o.step),
                        label: rules.step_label(o.step),
                        can_fake: !rules.done_in_open(o.step.kind),
                        planned: plan
                            .steps
                            .iter()
                            .find(|(id, k, _)| *id == a.id && usize::from(*k) == i)
                            .map(|(_, _, c)| *c),
                    })
            })
            .collect()
    }

    /// Its own orders planned so far this round.
    pub fn plan(&self) -> &'a crate::sim::orders::DprkOrders {
        self.game.opponent_plan()
    }

    /// The whole game, secrets included — only once it is over, for the debrief.
    pub fn revealed(&self) -> Option<&'a Game> {
        self.game.over().map(|_| self.game)
    }
}

/// `s` with its first letter in lower case ("Budget ($M)" → "budget ($M)").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}
