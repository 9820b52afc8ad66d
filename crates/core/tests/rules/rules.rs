//! One test (or a few) per rule: diversion, evidence decay, each sequencing, enforcement and
//! credibility, intelligence, events, and each outcome. Orders for both sides are chosen by the
//! test, so no AI is involved.

use crate::common::{Fixture, level_with, test_rules};
use qpq_core::level::types::{MoveKind, OutcomeKind, Sequencing, StepKind, Truth};
use qpq_core::sim::orders::{
    Answer, Decision, DprkOrders, InspectionAnswer, StepChoice, Target, UsOrders,
};
use qpq_core::sim::report::{Cause, Log};
use qpq_core::sim::rules::{ActionIx, StepTarget};
use qpq_core::sim::state::{EndReason, Monitors, Offer, Response};
use qpq_core::sim::vars::Var;
use qpq_core::sim::vocab::Finding;

fn sum(log: &Log, var: Var, cause: Cause) -> i32 {
    log.changes
        .iter()
        .filter(|c| c.var == var && c.cause == cause)
        .map(|c| c.delta)
        .sum()
}

fn act(fx: &Fixture, id: &str) -> UsOrders {
    UsOrders {
        actions: vec![(fx.action(id), Target::None)],
        ..UsOrders::default()
    }
}

fn nothing() -> DprkOrders {
    DprkOrders::default()
}

fn divert() -> DprkOrders {
    DprkOrders {
        divert: true,
        ..DprkOrders::default()
    }
}

// ------------------------------------------------------------------ diversion

#[test]
fn unmonitored_aid_loses_the_ledger_share_to_the_regime() {
    let mut fx = Fixture::new(test_rules());
    let us = act(&fx, "food_aid_unmonitored");
    let log = fx.round(us, divert());
    assert_eq!(fx.st.tally.aid_sent, 30);
    assert_eq!(fx.st.tally.aid_diverted, 9, "30% of $30M");
    assert_eq!(fx.st.tally.aid_reached, 21);
    assert_eq!(
        sum(&log, Var::RegimeSecurity, Cause::Diversion),
        1,
        "$9M × 2 per $10M"
    );
    assert_eq!(
        sum(&log, Var::Humanitarian, Cause::AidRelief),
        -4,
        "$21M × 2 per $10M"
    );
    // The diversion is hidden from the player.
    assert!(
        log.changes
            .iter()
            .filter(|c| c.cause == Cause::Diversion)
            .all(|c| !c.public)
    );
}

#[test]
fn monitored_aid_arrives_next_month_and_little_is_diverted() {
    let mut fx = Fixture::new(test_rules());
    let us = act(&fx, "food_aid_monitored");
    fx.round(us, divert());
    assert_eq!(fx.st.tally.aid_reached, 0, "not arrived yet");
    fx.round(UsOrders::default(), divert());
    assert_eq!(fx.st.tally.aid_diverted, 1, "5% of $30M, rounded down");
    assert_eq!(fx.st.tally.aid_reached, 29);
}

#[test]
fn a_regime_that_chooses_not_to_divert_diverts_nothing() {
    let mut fx = Fixture::new(test_rules());
    let us = act(&fx, "food_aid_unmonitored");
    fx.round(us, nothing());
    assert_eq!(fx.st.tally.aid_diverted, 0);
    assert_eq!(fx.st.tally.aid_reached, 30);
}

#[test]
fn flipping_the_ledger_weight_removes_diversion() {
    let loaded = level_with(r#"assumptions: [(id: "aid_diversion_share", value: 0)],"#);
    assert_eq!(
        loaded
            .rules
            .assumption("aid_diversion_share")
            .map(|a| a.value),
        Some(0)
    );
    let mut fx = Fixture::new(loaded.rules);
    let us = act(&fx, "food_aid_unmonitored");
    fx.round(us, divert());
    assert_eq!(fx.st.tally.aid_diverted, 0);
}

#[test]
fn monitors_make_all_aid_monitored() {
    let mut fx = Fixture::new(test_rules());
    let us = act(&fx, "require_monitoring");
    fx.round(
        us,
        DprkOrders {
            monitors: Some(true),
            ..DprkOrders::default()
        },
    );
    assert_eq!(fx.st.monitors, Monitors::Present);
    let us = act(&fx, "food_aid_unmonitored");
    fx.round(us, divert());
    assert_eq!(fx.st.tally.aid_diverted, 1, "5% under monitors");
}

// ------------------------------------------------------------------ inspections and evidence

fn demand(fx: &Fixture, site: &str) -> UsOrders {
    UsOrders {
        actions: vec![(fx.action("inspect_site"), Target::Site(fx.site(site)))],
        ..UsOrders::default()
    }
}

fn answer(a: InspectionAnswer) -> DprkOrders {
    DprkOrders {
        inspections: vec![a],
        ..DprkOrders::default()
    }
}

#[test]
fn evidence_decays_each_month_of_stalling_until_the_site_is_clean() {
    let mut fx = Fixture::new(test_rules());
    let site = fx.site("active-site");
    let us = demand(&fx, "active-site");
    fx.round(us, answer(InspectionAnswer::Stall));
    assert_eq!(fx.st.inspections[0].evidence, 75, "25% a month");
    fx.round(UsOrders::default(), answer(InspectionAnswer::Stall));
    fx.round(UsOrders::default(), answer(InspectionAnswer::Stall));
    assert_eq!(fx.st.inspections[0].evidence, 25);
    assert_eq!(fx.st.sites[site as usize].truth, Truth::Active);
    fx.round(UsOrders::default(), answer(InspectionAnswer::Stall));
    assert_eq!(fx.st.inspections[0].evidence, 0);
    assert_eq!(
        fx.st.sites[site as usize].truth,
        Truth::Cleaned,
        "cleaned out"
    );
    fx.round(UsOrders::default(), answer(InspectionAnswer::Accept));
    let (finding, _) = fx.st.sites[site as usize].finding.expect("inspected");
    assert_eq!(finding, Finding::Empty, "no evidence left to find");
    assert!(fx.st.inspections.is_empty());
}

#[test]
fn a_prompt_inspection_of_an_active_site_finds_the_work() {
    let mut fx = Fixture::new(test_rules());
    let site = fx.site("active-site");
    let us = demand(&fx, "active-site");
    fx.round(us, answer(InspectionAnswer::Accept));
    assert_eq!(
        fx.st.sites[site as usize].finding.map(|f| f.0),
        Some(Finding::Active)
    );
    assert_eq!(fx.st.tally.inspections, 1);
}

#[test]
fn an_empty_site_is_found_empty() {
    let mut fx = Fixture::new(test_rules());
    let site = fx.site("empty-site");
    let us = demand(&fx, "empty-site");
    fx.round(us, answer(InspectionAnswer::Accept));
    assert_eq!(
        fx.st.sites[site as usize].finding.map(|f| f.0),
        Some(Finding::Empty)
    );
}

#[test]
fn endless_stalling_counts_as_refusal() {
    let mut fx = Fixture::new(test_rules());
    let us = demand(&fx, "empty-site");
    fx.round(us, answer(InspectionAnswer::Stall));
    for _ in 0..5 {
        fx.round(UsOrders::default(), answer(InspectionAnswer::Stall));
    }
    assert!(fx.st.inspections.is_empty(), "the demand ended in refusal");
}

// ------------------------------------------------------------------ offers and sequencing

fn offer_orders(fx: &Fixture, seq: Sequencing, ask: StepKind) -> UsOrders {
    UsOrders {
        offer: Some(Offer {
            gives: vec![fx.action("heavy_fuel_oil")],
            asks: vec![StepTarget {
                kind: ask,
                site: None,
            }],
            sequencing: seq,
            deadline: Some(2),
        }),
        ..UsOrders::default()
    }
}

fn accept() -> DprkOrders {
    DprkOrders {
        answer: Some(Answer::Accept),
        ..DprkOrders::default()
    }
}

fn step(id: u32, choice: StepChoice) -> DprkOrders {
    DprkOrders {
        steps: vec![(id, 0, choice)],
        ..DprkOrders::default()
    }
}

#[test]
fn reward_first_pays_at_once_on_trust() {
    let mut fx = Fixture::new(test_rules());
    let budget = fx.st.vars[Var::Budget];
    let us = offer_orders(&fx, Sequencing::RewardFirst, StepKind::AttendTalks);
    let log = fx.round(us, accept());
    let a = fx.st.agreements.last().expect("agreement formed");
    assert!(a.delivered);
    assert_eq!(a.escrow, 0);
    let hfo = fx.action("heavy_fuel_oil");
    assert_eq!(sum(&log, Var::Economy, Cause::Reward(hfo, a.id)), 3);
    assert_eq!(sum(&log, Var::Budget, Cause::Escrow), -15);
    assert!(fx.st.vars[Var::Budget] <= budget);
    assert_eq!(
        fx.st.tally.concessions_unprompted, 1,
        "paid before any step"
    );
}

#[test]
fn simultaneous_pays_at_once_and_the_step_is_due_now() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::Simultaneous, StepKind::AttendTalks);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    assert!(fx.st.agreement(id).is_some_and(|a| a.delivered));
    assert_eq!(
        fx.st.tally.concessions_after_step, 1,
        "an exchange, not a gift"
    );
    // The step never comes: the deadline passes and a violation is detected.
    fx.round(UsOrders::default(), nothing());
    fx.round(UsOrders::default(), nothing());
    assert!(
        fx.st.notices.iter().any(|n| n.agreement == id),
        "deadline missed"
    );
}

#[test]
fn step_first_holds_the_reward_until_the_step_is_verified() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::StepFirst, StepKind::AttendTalks);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    let a = fx.st.agreement(id).expect("agreement");
    assert!(!a.delivered);
    assert_eq!(a.escrow, 15, "the reward's cost is set aside");
    let log = fx.round(UsOrders::default(), step(id, StepChoice::Do));
    let a = fx.st.agreement(id).expect("agreement");
    assert!(a.obligations[0].verified, "talks are public, so verified");
    assert!(a.delivered, "released on verification");
    let hfo = fx.action("heavy_fuel_oil");
    assert_eq!(sum(&log, Var::Economy, Cause::Reward(hfo, id)), 3);
    assert_eq!(fx.st.tally.verified_steps, 1);
    assert_eq!(fx.st.tally.concessions_after_step, 1);
}

/// Fuel oil then a liaison office, in instalments, for talks and then `second`: offered and
/// accepted. Returns the fixture, the two rewards and the agreement's id.
fn instalment_deal(second: StepKind, deadline: u32) -> (Fixture, ActionIx, ActionIx, u32) {
    let mut fx = Fixture::new(test_rules());
    let hfo = fx.action("heavy_fuel_oil");
    let office = fx.action("liaison_office");
    let step = |kind| StepTarget { kind, site: None };
    let us = UsOrders {
        offer: Some(Offer {
            gives: vec![hfo, office],
            asks: vec![step(StepKind::AttendTalks), step(second)],
            sequencing: Sequencing::Instalments,
            deadline: Some(deadline),
        }),
        ..UsOrders::default()
    };
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    (fx, hfo, office, id)
}

/// In instalments each verified step releases its share of the rewards, in the order written:
/// talks verified release the fuel oil; the moratorium, kept a round and so verified, the
/// liaison office; the escrow pays each out as it goes.
#[test]
fn instalments_release_each_reward_as_its_step_is_verified() {
    let (mut fx, hfo, office, id) = instalment_deal(StepKind::TestMoratorium, 3);
    let a = fx.st.agreement(id).expect("agreement");
    assert!(!a.delivered);
    assert_eq!((a.paid, a.escrow), (0, 20), "both rewards' costs set aside");
    // Talks come: one step of two verified, the first reward released.
    let log = fx.round(UsOrders::default(), step(id, StepChoice::Do));
    let a = fx.st.agreement(id).expect("agreement");
    assert_eq!((a.paid, a.escrow, a.delivered), (1, 5, false));
    assert_eq!(sum(&log, Var::Economy, Cause::Reward(hfo, id)), 3);
    assert_eq!(sum(&log, Var::Normalization, Cause::Reward(office, id)), 0);
    assert!(
        log.news
            .iter()
            .any(|n| n.headline.contains("an instalment")),
        "the release is news"
    );
    // The moratorium kept a round: verified, the rest released.
    let log = fx.round(UsOrders::default(), nothing());
    let a = fx.st.agreement(id).expect("agreement");
    assert!(a.obligations.iter().all(|o| o.verified));
    assert_eq!((a.paid, a.escrow, a.delivered), (2, 0, true));
    assert_eq!(sum(&log, Var::Normalization, Cause::Reward(office, id)), 12);
    assert_eq!(
        fx.st.tally.concessions_after_step, 2,
        "each paid for a step"
    );
}

/// In instalments a missed deadline ends the agreement: what was earned stays paid, the rest of
/// the escrow comes back, and the news says the rewards still owed are withheld.
#[test]
fn instalments_lapse_keeps_what_was_paid_and_refunds_the_rest() {
    let (mut fx, _, _, id) = instalment_deal(StepKind::PullBackArtillery, 2);
    fx.round(UsOrders::default(), step(id, StepChoice::Do));
    assert_eq!(fx.st.agreement(id).map(|a| a.paid), Some(1));
    let log = fx.round(UsOrders::default(), nothing());
    let a = fx.st.agreement(id).expect("agreement");
    assert_eq!(a.ended.map(|e| e.0), Some(EndReason::Lapsed));
    assert_eq!((a.paid, a.delivered), (1, false));
    assert_eq!(
        sum(&log, Var::Budget, Cause::Escrow),
        5,
        "the office's cost refunded"
    );
    assert!(
        log.news
            .iter()
            .any(|n| n.headline.contains("the rewards still owed are withheld")),
        "{:?}",
        log.news.iter().map(|n| &n.headline).collect::<Vec<_>>()
    );
}

#[test]
fn step_first_lapses_with_a_refund_when_the_step_never_comes() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::StepFirst, StepKind::AttendTalks);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    let budget_after_offer = fx.st.vars[Var::Budget];
    fx.round(UsOrders::default(), nothing());
    let log = fx.round(UsOrders::default(), nothing());
    let a = fx.st.agreement(id).expect("agreement");
    assert_eq!(a.ended.map(|e| e.0), Some(EndReason::Lapsed));
    assert!(!a.delivered);
    assert_eq!(sum(&log, Var::Budget, Cause::Escrow), 15, "refunded");
    assert!(fx.st.vars[Var::Budget] >= budget_after_offer);
}

#[test]
fn a_faked_step_is_caught_when_it_can_be_verified() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::StepFirst, StepKind::PullBackArtillery);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    // Claimed without surveillance: stays unverified, no reward.
    fx.round(UsOrders::default(), step(id, StepChoice::Fake));
    let a = fx.st.agreement(id).expect("agreement");
    assert!(a.obligations[0].claimed && !a.obligations[0].verified && !a.delivered);
    // Surveillance of the DMZ posture exposes the fake.
    let us = UsOrders {
        actions: vec![(fx.action("surveillance"), Target::Var(Var::Military))],
        ..UsOrders::default()
    };
    fx.round(us, nothing());
    assert!(fx.st.notices.iter().any(|n| n.agreement == id));
    assert!(!fx.st.agreement(id).expect("agreement").delivered);
}

#[test]
fn a_counter_offer_can_be_accepted_the_next_round() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::StepFirst, StepKind::AttendTalks);
    let counter = Offer {
        gives: vec![fx.action("heavy_fuel_oil"), fx.action("liaison_office")],
        asks: vec![StepTarget {
            kind: StepKind::AttendTalks,
            site: None,
        }],
        sequencing: Sequencing::Simultaneous,
        deadline: Some(2),
    };
    fx.round(
        us,
        DprkOrders {
            answer: Some(Answer::Counter(counter)),
            ..DprkOrders::default()
        },
    );
    assert!(fx.st.counter.is_some());
    assert!(fx.st.agreements.is_empty());
    fx.round(
        UsOrders {
            accept_counter: true,
            ..UsOrders::default()
        },
        nothing(),
    );
    assert_eq!(fx.st.agreements.len(), 1);
    assert!(fx.st.agreements[0].delivered);
}

// ------------------------------------------------------------------ enforcement and credibility

fn moratorium_then_test(fx: &mut Fixture) -> u32 {
    let us = offer_orders(fx, Sequencing::StepFirst, StepKind::TestMoratorium);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    fx.round(
        UsOrders::default(),
        DprkOrders {
            moves: vec![MoveKind::MissileTest],
            ..DprkOrders::default()
        },
    );
    assert!(
        fx.st.notices.iter().any(|n| n.agreement == id),
        "tests are public"
    );
    id
}

#[test]
fn enforcing_a_violation_keeps_credibility_and_ends_the_deal() {
    let mut fx = Fixture::new(test_rules());
    let id = moratorium_then_test(&mut fx);
    let us = UsOrders {
        decisions: vec![(id, Decision::Enforce)],
        ..UsOrders::default()
    };
    let log = fx.round(us, nothing());
    assert_eq!(sum(&log, Var::UsCredibility, Cause::Enforce(id)), 4);
    assert_eq!(sum(&log, Var::Sanctions, Cause::Enforce(id)), 12);
    assert_eq!(
        fx.st.agreement(id).and_then(|a| a.ended).map(|e| e.0),
        Some(EndReason::Enforced)
    );
    assert_eq!(fx.st.tally.enforced, 1);
}

#[test]
fn looking_away_costs_credibility_and_keeps_the_deal() {
    let mut fx = Fixture::new(test_rules());
    let id = moratorium_then_test(&mut fx);
    let us = UsOrders {
        decisions: vec![(id, Decision::LookAway)],
        ..UsOrders::default()
    };
    let log = fx.round(us, nothing());
    assert_eq!(sum(&log, Var::UsCredibility, Cause::LookAway(id)), -8);
    assert!(fx.st.agreement(id).is_some_and(|a| a.active()));
    assert_eq!(fx.st.tally.ignored, 1);
}

#[test]
fn an_undecided_violation_is_let_pass() {
    let mut fx = Fixture::new(test_rules());
    let id = moratorium_then_test(&mut fx);
    let log = fx.round(UsOrders::default(), nothing());
    assert_eq!(sum(&log, Var::UsCredibility, Cause::LookAway(id)), -8);
}

#[test]
fn breaking_an_agreement_costs_credibility_and_pyongyang_remembers() {
    let mut fx = Fixture::new(test_rules());
    let us = offer_orders(&fx, Sequencing::StepFirst, StepKind::TestMoratorium);
    fx.round(us, accept());
    let id = fx.st.agreements.last().map(|a| a.id).expect("agreement");
    let before = fx.st.mind.p(Response::KeepsPromises);
    let log = fx.round(
        UsOrders {
            breaks: vec![id],
            ..UsOrders::default()
        },
        nothing(),
    );
    assert_eq!(sum(&log, Var::UsCredibility, Cause::UsBreak(id)), -10);
    assert!(
        fx.st.mind.p(Response::KeepsPromises) < before,
        "keeps-promises belief falls"
    );
    assert_eq!(
        fx.st.agreement(id).and_then(|a| a.ended).map(|e| e.0),
        Some(EndReason::UsBroke)
    );
}

// ------------------------------------------------------------------ Pyongyang's moves

#[test]
fn moves_the_rules_refuse_do_not_happen() {
    let mut fx = Fixture::new(test_rules());
    let log = fx.round(
        UsOrders::default(),
        DprkOrders {
            moves: vec![MoveKind::PromiseTalks, MoveKind::Retaliate],
            ..DprkOrders::default()
        },
    );
    assert!(fx.st.recent.pyongyang.is_empty());
    assert_eq!(log.hidden.len(), 2, "{:?}", log.hidden);
}

#[test]
fn a_promise_of_talks_not_kept_becomes_a_broken_promise() {
    let mut fx = Fixture::new(test_rules());
    let us = act(&fx, "propose_talks");
    fx.round(
        us,
        DprkOrders {
            moves: vec![MoveKind::PromiseTalks],
            ..DprkOrders::default()
        },
    );
    fx.round(UsOrders::default(), nothing());
    fx.round(UsOrders::default(), nothing());
    assert!(
        fx.st
            .recent
            .pyongyang
            .iter()
            .any(|(_, m)| *m == MoveKind::BreakPromise)
    );
    assert!(fx.st.tally.provocations >= 1);
}

#[test]
fn covert_work_is_hidden_from_the_estimate_until_someone_looks() {
    let mut fx = Fixture::new(test_rules());
    let covert = DprkOrders {
        moves: vec![MoveKind::CovertNuclear],
        ..DprkOrders::default()
    };
    let est = |fx: &Fixture| fx.st.intel.estimate_of(Var::Nuclear).unwrap_or_default();
    let start = fx.st.vars[Var::Nuclear];
    let start_gap = start - est(&fx).0;
    for _ in 0..8 {
        fx.round(UsOrders::default(), covert.clone());
    }
    let grown = fx.st.vars[Var::Nuclear] - start;
    assert!(grown >= 12, "the work went on: +{grown}");
    let gap = fx.st.vars[Var::Nuclear] - est(&fx).0 - start_gap;
    assert!(
        gap >= grown / 2,
        "the estimate missed the hidden work: gap {gap} of {grown}"
    );
    assert!(est(&fx).1 > 12, "the band widened: {}", est(&fx).1);
    let us = UsOrders {
        actions: vec![(fx.action("surveillance"), Target::Var(Var::Nuclear))],
        ..UsOrders::default()
    };
    fx.round(us, nothing());
    let gap = (fx.st.vars[Var::Nuclear] - est(&fx).0).abs();
    assert!(gap <= 2, "a fresh look is close: gap {gap}");
    assert_eq!(est(&fx).1, 4);
}

#[test]
fn a_strike_on_an_active_site_sets_the_programme_back() {
    let mut fx = Fixture::new(test_rules());
    let site = fx.site("active-site");
    let us = UsOrders {
        actions: vec![(fx.action("air_strike"), Target::Site(site))],
        ..UsOrders::default()
    };
    let log = fx.round(us, nothing());
    assert_eq!(sum(&log, Var::Nuclear, Cause::Strike(site)), -25);
    assert_eq!(fx.st.sites[site as usize].truth, Truth::Cleaned);
    // Unanswered, the strike humiliates the regime the next round.
    let log = fx.round(UsOrders::default(), nothing());
    let w = fx.rules.weights.unanswered_strike_security;
    assert!(w > 0);
    assert_eq!(sum(&log, Var::RegimeSecurity, Cause::Humiliation), -w);
}

// ------------------------------------------------------------------ events

#[test]
fn events_fire_on_their_date_flags_and_chance() {
    let loaded = level_with(
        r#"flags: ["done"],
        events: [
            (id: "june", when: Date("2000-06", "2000-06"), effects: [SetFlag("done"), Add(seoul, 5)], headline: "June"),
            (id: "after", when: Flag("done"), effects: [Add(tokyo, 5)], headline: "After"),
            (id: "never", when: Always, chance: 0, effects: [Add(tension, 50)], headline: "Never"),
            (id: "often", when: Round(1, 3), once: false, effects: [Add(normalization, 1)], headline: "Often"),
        ],"#,
    );
    let mut fx = Fixture::new(loaded.rules);
    let mut fired: Vec<(u32, String)> = Vec::new();
    for _ in 0..5 {
        let round = fx.st.round;
        let log = fx.round(UsOrders::default(), nothing());
        for n in &log.news {
            fired.push((round, n.headline.clone()));
        }
    }
    let rounds_of = |h: &str| -> Vec<u32> {
        fired
            .iter()
            .filter(|(_, x)| x == h)
            .map(|(r, _)| *r)
            .collect()
    };
    assert_eq!(rounds_of("June"), vec![3], "June 2000 is round 3");
    assert_eq!(
        rounds_of("After"),
        vec![3],
        "same round, after the flag was set"
    );
    assert!(rounds_of("Never").is_empty());
    assert_eq!(rounds_of("Often"), vec![1, 2, 3]);
}

// ------------------------------------------------------------------ outcomes

fn outcome_after(
    extra: &str,
    setup: impl Fn(&mut Fixture),
    dprk: DprkOrders,
) -> Option<OutcomeKind> {
    let mut fx = Fixture::new(level_with(extra).rules);
    setup(&mut fx);
    fx.round(UsOrders::default(), dprk);
    fx.st.outcome
}

#[test]
fn each_outcome_is_reached_from_true_values() {
    assert_eq!(
        outcome_after(
            "outcomes: (war_tension: 50),",
            |fx| fx.st.vars[Var::Tension] = 95,
            nothing()
        ),
        Some(OutcomeKind::War)
    );
    assert_eq!(
        outcome_after(
            "",
            |_| {},
            DprkOrders {
                moves: vec![MoveKind::Invade],
                ..DprkOrders::default()
            }
        ),
        Some(OutcomeKind::War)
    );
    assert_eq!(
        outcome_after(
            "outcomes: (collapse_security: 10),",
            |fx| fx.st.vars[Var::RegimeSecurity] = 0,
            nothing()
        ),
        Some(OutcomeKind::Collapse)
    );
    assert_eq!(
        outcome_after("", |fx| fx.st.vars[Var::Nuclear] = 100, nothing()),
        Some(OutcomeKind::Breakout)
    );
    assert_eq!(
        outcome_after(
            "outcomes: (mandate_congress: 5),",
            |fx| fx.st.vars[Var::Congress] = 0,
            nothing()
        ),
        Some(OutcomeKind::MandateLost)
    );
    // An estimate that looks like breakout does not end the game: only the truth counts.
    assert_eq!(
        outcome_after(
            "",
            |fx| {
                if let Some(e) = fx.st.intel.estimate.get_mut(Var::Nuclear) {
                    *e = 100;
                }
            },
            nothing()
        ),
        None
    );
}

#[test]
fn verified_peace_needs_its_conditions_held_for_several_rounds() {
    let mut fx = Fixture::new(
        level_with("outcomes: (peace: (verified_steps: 2, normalization: 30, tension_at_most: 40, hold_rounds: 3)),").rules,
    );
    fx.st.tally.verified_steps = 2;
    fx.st.tally.curtailments = 1;
    fx.st.vars[Var::Normalization] = 50;
    fx.st.vars[Var::Tension] = 20;
    fx.round(UsOrders::default(), nothing());
    fx.round(UsOrders::default(), nothing());
    assert_eq!(fx.st.outcome, None, "held two rounds");
    fx.round(UsOrders::default(), nothing());
    assert_eq!(fx.st.outcome, Some(OutcomeKind::VerifiedPeace));
}

#[test]
fn the_scenario_ends_on_its_last_round() {
    let mut fx = Fixture::new(test_rules());
    for _ in 0..11 {
        fx.round(UsOrders::default(), nothing());
        assert_eq!(fx.st.outcome, None);
    }
    fx.round(UsOrders::default(), nothing());
    assert_eq!(fx.st.outcome, Some(OutcomeKind::TermEnded));
    assert_eq!(fx.st.round, 12);
}

// ------------------------------------------------------------------ the report

#[test]
fn every_change_carries_its_cause_and_the_sum_matches_the_state() {
    let mut fx = Fixture::new(test_rules());
    let start = fx.st.vars;
    let us = UsOrders {
        actions: vec![
            (fx.action("tighten_sanctions"), Target::None),
            (fx.action("food_aid_unmonitored"), Target::None),
        ],
        ..UsOrders::default()
    };
    let log = fx.round(
        us,
        DprkOrders {
            moves: vec![MoveKind::MissileTest, MoveKind::CovertNuclear],
            divert: true,
            ..DprkOrders::default()
        },
    );
    for v in fx.rules.vars() {
        let net: i32 = log
            .changes
            .iter()
            .filter(|c| c.var == v)
            .map(|c| c.delta)
            .sum();
        assert_eq!(start[v] + net, fx.st.vars[v], "{v}");
    }
    let tighten = fx.action("tighten_sanctions");
    assert_eq!(sum(&log, Var::Sanctions, Cause::UsAction(tighten)), 12);
    assert_eq!(
        sum(&log, Var::Tension, Cause::Move(MoveKind::MissileTest)),
        10
    );
    // Covert work is recorded but not public.
    assert!(
        log.changes
            .iter()
            .any(|c| c.cause == Cause::Move(MoveKind::CovertNuclear) && !c.public)
    );
}

#[test]
fn undo_takes_back_the_last_thing_planned_whatever_it_was() {
    use qpq_core::sim::Difficulty;
    use qpq_core::sim::game::{Ack, Command, Game};
    let loaded = qpq_core::level::load_bytes(
        "april-2000.ron",
        qpq_core::level::shipped_text("april-2000")
            .expect("shipped")
            .as_bytes(),
    )
    .expect("loads");
    let mut g = Game::new(loaded.rules, 1, Difficulty::Normal);
    g.command(Command::Act {
        action: "brief_congress".into(),
        target: None,
    })
    .expect("act");
    g.command(Command::Offer {
        give: vec!["heavy_fuel_oil".into()],
        ask: vec!["attend_talks".into()],
        sequencing: Sequencing::StepFirst,
        deadline: Some(3),
    })
    .expect("offer");
    g.command(Command::Break(1)).expect("break");
    assert_eq!(g.plan().describe(g.rules()).len(), 3);
    assert!(matches!(g.command(Command::Undo), Ok(Ack::Undone(w)) if w.contains("withdrawal")));
    assert!(g.plan().breaks.is_empty());
    assert!(g.plan().offer.is_some());
    assert!(matches!(g.command(Command::Undo), Ok(Ack::Undone(w)) if w == "the offer"));
    assert_eq!(g.plan().actions.len(), 1);
    g.command(Command::Undo).expect("undo the action");
    assert!(g.plan().is_empty());
    assert!(g.command(Command::Undo).is_err());
    // A withdrawal takes effect only at the end of the round.
    g.command(Command::Break(1)).expect("break");
    assert!(g.state().agreement(1).is_some_and(|a| a.active()));
    g.command(Command::End).expect("end");
    assert!(g.state().agreement(1).is_some_and(|a| !a.active()));
}

#[test]
fn the_tutorial_notices_whether_the_player_did_what_the_tip_asked() {
    use qpq_core::sim::Difficulty;
    use qpq_core::sim::game::{Command, Game};
    let text = qpq_core::level::shipped_text("tutorial").expect("shipped");
    let rules = qpq_core::level::load_bytes("tutorial.ron", text.as_bytes())
        .expect("loads")
        .rules;
    let mut g = Game::new(rules.clone(), 4, Difficulty::Normal);
    g.command(Command::Act {
        action: "food_aid_monitored".into(),
        target: None,
    })
    .expect("aid");
    g.command(Command::End).expect("end");
    let check = g.reports()[0].tip_check(&rules).expect("round 1 asks");
    assert!(!check.all_done());
    assert!(
        check.line().contains("Satellite surveillance ✗"),
        "{}",
        check.line()
    );
    let mut g = Game::new(rules.clone(), 4, Difficulty::Normal);
    for (action, target) in [
        ("food_aid_monitored", None),
        ("surveillance", Some("humanitarian")),
    ] {
        g.command(Command::Act {
            action: action.into(),
            target: target.map(str::to_string),
        })
        .expect("plan");
    }
    g.command(Command::End).expect("end");
    assert!(g.reports()[0].tip_check(&rules).expect("asks").all_done());
    // Round 2 asks for a step-first offer: a reward-first one does not count.
    g.command(Command::Offer {
        give: vec!["heavy_fuel_oil".into()],
        ask: vec!["attend_talks".into()],
        sequencing: Sequencing::RewardFirst,
        deadline: Some(3),
    })
    .expect("offer");
    g.command(Command::End).expect("end");
    assert!(!g.reports()[1].tip_check(&rules).expect("asks").all_done());
}
