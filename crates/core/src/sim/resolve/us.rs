//! Phase A, steps 1–6: the U.S. moves — violations answered, agreements broken, the counter-offer,
//! actions in order, a new offer on the table, and what Pyongyang learns from it.

use super::*;

/// Phase A: the U.S. moves (steps 1–6).
pub fn resolve_us(cx: &mut Ctx, orders: &UsOrders) {
    let now = cx.round();
    let w = &cx.rules.weights;

    // 1. Decisions on detected violations.
    answer_violations(cx, orders);

    // 2. Agreements the U.S. breaks.
    for &id in &orders.breaks {
        if cx.st.agreement(id).is_some_and(Agreement::active) {
            cx.st.tally.us_breaks += 1;
            cx.st.recent.us_breaks.push(now);
            cx.st.mind.belief[Response::KeepsPromises].observe(false);
            cx.add(
                Var::UsCredibility,
                -w.broken_promise_credibility,
                Cause::UsBreak(id),
            );
            cx.add(Var::Tension, w.us_break_tension, Cause::UsBreak(id));
            cx.end_agreement(id, EndReason::UsBroke);
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    format!("The U.S. withdraws from agreement {id}"),
                )
            );
        }
    }

    // 3. Pyongyang's counter-offer.
    if let Some(counter) = cx.st.counter.take()
        && orders.accept_counter
    {
        let cost = gives_cost(cx.rules, &counter.gives);
        let stalled = cx.st.offer.as_ref().map_or(0, |o| o.escrow);
        if cx.st.vars[Var::Budget] + stalled >= cost {
            // The counter takes the place of the offer it answered, if that is still open.
            if let Some(old) = cx.st.offer.take() {
                cx.add(Var::Budget, old.escrow, Cause::Escrow);
            }
            cx.add(Var::Budget, -cost, Cause::Escrow);
            let id = form_agreement(cx, &counter, cost);
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    format!(
                        "The U.S. accepts {opp}'s terms: agreement {id}",
                        opp = cx.opp()
                    ),
                )
                .body(format!("{}.", describe_offer(cx.rules, &counter)))
                .tone(Tone::Good),
            );
        }
    }

    // 4. U.S. actions.
    for &(ix, target) in &orders.actions {
        let Some(action) = cx.rules.actions.get(ix as usize) else {
            continue;
        };
        cx.st.recent.us.push((now, ix));
        if action.cost != 0 {
            cx.add(Var::Budget, -action.cost, Cause::UsAction(ix));
            cx.st.tally.spent += action.cost;
        }
        cx.apply(&action.effects, Cause::UsAction(ix), target);
        if action.is_concession() {
            cx.account_concession(false);
        }
        if action.is_pressure() {
            cx.st.recent.pressure.push(now);
        }
    }

    // 5. A new offer on the table.
    if let Some(offer) = &orders.offer {
        if let Some(old) = cx.st.offer.take() {
            cx.add(Var::Budget, old.escrow, Cause::Escrow);
            news!(
                cx,
                News::new(
                    NewsKind::UnitedStates,
                    "The new U.S. offer replaces the one still on the table",
                )
                .body(format!(
                    "Withdrawn: {}.",
                    describe_offer(cx.rules, &old.offer)
                )),
            );
        }
        let cost = gives_cost(cx.rules, &offer.gives);
        cx.add(Var::Budget, -cost, Cause::Escrow);
        cx.st.offer = Some(OpenOffer {
            offer: offer.clone(),
            made: now,
            stalls: 0,
            escrow: cost,
        });
    }

    // 6. Pyongyang learns how the U.S. responds.
    learn(cx, orders);
}

/// The U.S. answers each violation it detected: enforce (sanctions back, credibility kept) or
/// look away (credibility and Congress lost). An undecided violation is let pass.
fn answer_violations(cx: &mut Ctx, orders: &UsOrders) {
    let now = cx.round();
    let w = &cx.rules.weights;
    let notices = std::mem::take(&mut cx.st.notices);
    for n in notices {
        let decision = orders
            .decisions
            .iter()
            .find(|(id, _)| *id == n.agreement)
            .map_or(Decision::LookAway, |(_, d)| *d);
        match decision {
            Decision::Enforce => {
                cx.st.tally.enforced += 1;
                cx.st.recent.pressure.push(now);
                cx.add(
                    Var::Sanctions,
                    w.enforce_sanctions,
                    Cause::Enforce(n.agreement),
                );
                cx.add(
                    Var::UsCredibility,
                    w.enforce_credibility,
                    Cause::Enforce(n.agreement),
                );
                cx.add(Var::Tension, w.enforce_tension, Cause::Enforce(n.agreement));
                cx.add(
                    Var::Congress,
                    w.congress_enforce_reward,
                    Cause::Enforce(n.agreement),
                );
                cx.end_agreement(n.agreement, EndReason::Enforced);
                news!(
                    cx,
                    News::new(
                        NewsKind::UnitedStates,
                        format!(
                            "U.S. enforces agreement {}: sanctions reimposed",
                            n.agreement
                        ),
                    )
                );
            }
            Decision::LookAway => {
                cx.st.tally.ignored += 1;
                cx.add(
                    Var::UsCredibility,
                    -w.lookaway_credibility,
                    Cause::LookAway(n.agreement),
                );
                cx.add(
                    Var::Congress,
                    -w.congress_lookaway_penalty,
                    Cause::LookAway(n.agreement),
                );
                news!(
                    cx,
                    News::new(
                        NewsKind::UnitedStates,
                        format!(
                            "U.S. lets a violation of agreement {} pass without a response",
                            n.agreement
                        ),
                    )
                    .tone(Tone::Bad),
                );
            }
        }
    }
}

/// Pyongyang's opponent model: what the U.S. did this round after what Pyongyang did last round.
pub(super) fn learn(cx: &mut Ctx, orders: &UsOrders) {
    let now = cx.round();
    for &(ix, _) in &orders.actions {
        if let Some(c) = cx.st.mind.us_counts.get_mut(ix as usize) {
            *c += 1;
        }
    }
    if now <= 1 {
        return;
    }
    let prev = now - 1;
    let conceded = orders.actions.iter().any(|&(ix, _)| {
        cx.rules
            .actions
            .get(ix as usize)
            .is_some_and(|a| a.is_concession())
    }) || orders.accept_counter
        || orders
            .offer
            .as_ref()
            .is_some_and(|o| o.sequencing == Sequencing::RewardFirst);
    let pressured = orders.actions.iter().any(|&(ix, _)| {
        cx.rules
            .actions
            .get(ix as usize)
            .is_some_and(|a| a.is_pressure())
    });
    let punished = pressured
        || orders
            .decisions
            .iter()
            .any(|(_, d)| *d == Decision::Enforce);
    let r = &cx.st.recent;
    let provoked = r.provocations.contains(prev);
    let stepped = r.verified.contains(prev);
    let violated = r.violations_seen.contains(prev);
    let stalled = r.stalls.contains(prev);
    let stepped_rewarded = stepped && (conceded || r.concessions.contains(prev));
    let lesson = f64::from(cx.rules.weights.provocation_learning.clamp(0, 100)) / 100.0;
    let m = &mut cx.st.mind;
    if provoked {
        m.belief[Response::ConcedeAfterProvocation].observe_partial(conceded, lesson);
        m.belief[Response::PunishAfterProvocation].observe_partial(pressured, lesson);
    }
    if stepped {
        m.observe(Response::RewardAfterStep, stepped_rewarded);
    }
    if violated {
        m.observe(Response::PunishAfterViolation, punished);
    }
    if stalled {
        m.observe(Response::ConcedeAfterStall, conceded);
    }
    if !(provoked || stepped || violated || stalled) {
        m.observe(Response::ConcedeUnprompted, conceded);
        m.observe(Response::PressureUnprompted, pressured);
    }
}

/// Forms an agreement from an accepted offer; returns its id.
pub(super) fn form_agreement(cx: &mut Ctx, offer: &Offer, escrow: i32) -> u32 {
    let now = cx.round();
    let id = cx.st.next_agreement;
    cx.st.next_agreement += 1;
    let names: Vec<String> = offer.asks.iter().map(|&s| cx.rules.step_label(s)).collect();
    let deadline = offer
        .deadline
        .map(|d| now + d.max(1))
        .or(Some(now + default_deadline(offer.sequencing)));
    cx.st.agreements.push(Agreement {
        id,
        name: names.join(" + "),
        gives: offer.gives.clone(),
        obligations: offer.asks.iter().map(|&s| fresh_obligation(s)).collect(),
        sequencing: offer.sequencing,
        deadline,
        since: now,
        delivered: false,
        paid: 0,
        escrow,
        template: None,
        ended: None,
    });
    for &s in &offer.asks {
        cx.begin_step(s, id);
    }
    if !offer.sequencing.holds_rewards() {
        let reciprocated = offer.sequencing == Sequencing::Simultaneous;
        cx.deliver(id, reciprocated);
    }
    id
}

/// Rounds allowed for one-off steps when an offer names no deadline.
pub fn default_deadline(seq: Sequencing) -> u32 {
    match seq {
        Sequencing::RewardFirst => 3,
        Sequencing::Simultaneous => 1,
        Sequencing::StepFirst | Sequencing::Instalments => 3,
    }
}
