//! Steps 13–17: aid arrives (and is diverted), drift, events, the player's intelligence picture,
//! and the outcome test.

use super::*;

pub(super) fn aid_arrives(cx: &mut Ctx, divert: bool) {
    let now = cx.round();
    let w = &cx.rules.weights;
    let (arriving, later): (Vec<Shipment>, Vec<Shipment>) = std::mem::take(&mut cx.st.shipments)
        .into_iter()
        .partition(|s| s.arrives <= now);
    cx.st.shipments = later;
    for s in arriving {
        let monitored = s.monitored || cx.st.monitors == Monitors::Present;
        let share = if monitored {
            w.monitored_diversion_share
        } else if divert {
            w.aid_diversion_share
        } else {
            0
        };
        if !monitored {
            cx.st.recent.unmonitored_aid.push(now);
        }
        let diverted = s.value * share / 100;
        let reached = s.value - diverted;
        cx.st.tally.aid_reached += reached;
        cx.st.tally.aid_diverted += diverted;
        cx.add(
            Var::Humanitarian,
            -(reached * w.aid_relief_per_10m / 10),
            Cause::AidRelief,
        );
        cx.add(
            Var::Economy,
            reached * w.aid_economy_per_30m / 30,
            Cause::AidRelief,
        );
        if diverted > 0 {
            // Leakage from monitored aid is small and not what refugees report.
            if !monitored {
                cx.st.recent.diversions.push(now);
            }
            cx.add(
                Var::RegimeSecurity,
                diverted * w.diversion_security_per_10m / 10,
                Cause::Diversion,
            );
            cx.add(
                Var::Military,
                diverted * w.diversion_military_per_10m / 10,
                Cause::Diversion,
            );
            cx.log.hidden(|| {
                format!(
                    "round {now}: ${diverted}M of ${}M in food aid diverted",
                    s.value
                )
            });
            if divert && !monitored {
                cx.log.covert(|| CovertAct {
                    what: format!("diverted ${diverted}M of ${}M in food aid", s.value),
                    seen: None,
                    claim: None,
                });
            }
        }
    }
}

pub(super) fn drift(cx: &mut Ctx) {
    let now = cx.round();
    let w = &cx.rules.weights;
    let init = cx.rules.initial;
    let v = cx.st.vars;
    let tolerance = cx
        .rules
        .types
        .get(cx.st.mind.type_ix as usize)
        .map_or(40, |t| t.opening_tolerance);

    let toward = |target: i32, now: i32, rate: i32| (target - now) * rate / 100;
    cx.add(
        Var::Economy,
        toward(w.economy_baseline, v[Var::Economy], w.economy_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Economy,
        -(v[Var::Sanctions] * w.sanctions_bite / 100),
        Cause::Sanctions,
    );
    cx.add(
        Var::Economy,
        v[Var::Openness] * w.openness_growth / 10,
        Cause::Openness,
    );

    let famine_target = (w.famine_economy_anchor - cx.st.vars[Var::Economy]).clamp(0, 100);
    cx.add(
        Var::Humanitarian,
        toward(famine_target, v[Var::Humanitarian], w.famine_drift_rate),
        Cause::Famine,
    );

    cx.add(
        Var::RegimeSecurity,
        toward(
            w.security_baseline,
            v[Var::RegimeSecurity],
            w.security_drift_rate,
        ),
        Cause::Drift,
    );
    let excess = (v[Var::Openness] - tolerance).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(excess * w.openness_threat / 10),
        Cause::Openness,
    );
    let famine = (v[Var::Humanitarian] - w.famine_unrest_threshold).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(famine * w.famine_unrest / 10),
        Cause::Famine,
    );
    let squeeze = (v[Var::Sanctions] - w.sanctions_squeeze_threshold).max(0);
    cx.add(
        Var::RegimeSecurity,
        -(squeeze * w.sanctions_elite_squeeze / 10),
        Cause::Sanctions,
    );
    if let Some(r) = cx.st.unanswered_strike
        && r < now
    {
        cx.st.unanswered_strike = None;
        cx.add(
            Var::RegimeSecurity,
            -w.unanswered_strike_security,
            Cause::Humiliation,
        );
    }
    if let Some(r) = cx.st.unanswered_threat
        && r < now
    {
        cx.st.unanswered_threat = None;
        cx.add(
            Var::RegimeSecurity,
            -w.unanswered_threat_security,
            Cause::Humiliation,
        );
    }

    cx.add(
        Var::Tension,
        toward(w.tension_baseline, v[Var::Tension], w.tension_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Military,
        toward(init[Var::Military], v[Var::Military], w.military_drift_rate),
        Cause::Drift,
    );
    if cx.st.monitors == Monitors::Present {
        cx.add(Var::Openness, w.monitors_openness, Cause::Monitors);
        for var in [Var::Humanitarian, Var::Economy] {
            if let Some(looked) = cx.st.intel.looked.get_mut(var) {
                *looked = true;
            }
        }
    } else if v[Var::Openness] > init[Var::Openness] {
        let decay = w.openness_decay.min(v[Var::Openness] - init[Var::Openness]);
        cx.add(Var::Openness, -decay, Cause::Drift);
    }
    cx.add(
        Var::Congress,
        toward(w.congress_baseline, v[Var::Congress], w.congress_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Seoul,
        toward(init[Var::Seoul], v[Var::Seoul], w.allies_drift_rate),
        Cause::Drift,
    );
    cx.add(
        Var::Tokyo,
        toward(init[Var::Tokyo], v[Var::Tokyo], w.allies_drift_rate),
        Cause::Drift,
    );
    drift_own_and_upkeep(cx, init);
    threat_kept_or_broken(cx, now);
}

/// The level's own variables drift by what the level says (a number or a ledger weight); a third
/// ally's confidence returns toward its start as the built-in allies' does; level agreements in
/// force cost their upkeep; Congress funds the budget.
fn drift_own_and_upkeep(cx: &mut Ctx, init: crate::sim::vars::VarTable) {
    let w = &cx.rules.weights;
    let toward = |target: i32, now: i32, rate: i32| (target - now) * rate / 100;
    let rules = cx.rules;
    for o in &rules.own_vars {
        cx.add(o.var, o.drift, Cause::Drift);
    }
    for a in rules
        .allies
        .iter()
        .filter(|a| matches!(a.var, Var::Level(_)))
    {
        let now = cx.st.vars[a.var];
        cx.add(
            a.var,
            toward(init[a.var], now, w.allies_drift_rate),
            Cause::Drift,
        );
    }
    // Upkeep of level agreements in force (deliveries outside the player's budget).
    for k in 0..cx.st.agreements.len() {
        let Some((id, t)) = cx
            .st
            .agreements
            .get(k)
            .filter(|a| a.active())
            .and_then(|a| a.template.map(|t| (a.id, t)))
        else {
            continue;
        };
        let rules = cx.rules;
        if let Some(tpl) = rules.agreements.get(t as usize) {
            cx.apply(&tpl.upkeep, Cause::Upkeep(id), Target::None);
        }
    }
    let refill = cx.rules.budget_refill * cx.st.vars[Var::Congress] / 100 * cx.budget_percent / 100;
    cx.add(Var::Budget, refill, Cause::Funding);
}

/// A threat is kept by a strike; if Pyongyang provoked within the window and no strike came, it
/// is broken, and Pyongyang and the U.S. public remember.
fn threat_kept_or_broken(cx: &mut Ctx, now: u32) {
    let w = &cx.rules.weights;
    if let Some(r) = cx.st.threat_open
        && now >= r + u32::try_from(w.threat_window).unwrap_or(1)
    {
        cx.st.threat_open = None;
        let defied =
            cx.st.recent.provocations.any_after(r) || cx.st.recent.violations_seen.any_after(r);
        if defied {
            cx.st.tally.threats_unkept += 1;
            cx.st.mind.belief[Response::StrikeAfterThreat].observe(false);
            cx.add(
                Var::UsCredibility,
                -w.broken_promise_credibility,
                Cause::ThreatUnkept,
            );
        }
    }
}

/// Allies' patience: an ally whose confidence stays at or below its breaking point for more
/// rounds in a row than its patience breaks with the U.S. approach, once a game, and its break
/// does what the level says.
pub(super) fn allies(cx: &mut Ctx) {
    let rules = cx.rules;
    for (k, a) in rules.allies.iter().enumerate().take(3) {
        if a.patience == 0 || cx.st.tally.ally_broken[k] {
            continue;
        }
        let low = &mut cx.st.tally.ally_low[k];
        if cx.st.vars[a.var] <= a.breaking_point {
            *low += 1;
        } else {
            *low = 0;
        }
        if *low > a.patience {
            cx.st.tally.ally_broken[k] = true;
            let name = rules.label(a.var).to_string();
            news!(
                cx,
                News::new(
                    NewsKind::Event,
                    format!("{name} breaks with the U.S. approach"),
                )
                .tone(Tone::Bad)
                .body(if a.break_text.is_empty() {
                    format!(
                        "After {} rounds of low confidence, {name} goes its own way.",
                        a.patience + 1
                    )
                } else {
                    a.break_text.clone()
                }),
            );
            cx.apply(&a.on_break, Cause::AllyBreak(k as u8), Target::None);
        }
    }
}

pub(super) fn events(cx: &mut Ctx) {
    let rules = cx.rules;
    let scheduled = rules.event_rounds.get(cx.st.round as usize);
    let all;
    // The schedule lists only events whose window holds this round; past its end (never in a
    // game of the level's length) every event's window is checked.
    let candidates: &[u16] = match scheduled {
        Some(list) => list,
        None => {
            all = (0..rules.events.len() as u16)
                .filter(|&i| {
                    let w = rules.events[usize::from(i)].window;
                    (w.0..=w.1).contains(&cx.st.round)
                })
                .collect::<Vec<_>>();
            &all
        }
    };
    for &i in candidates {
        let i = usize::from(i);
        let Some(ev) = rules.events.get(i) else {
            continue;
        };
        if ev.once && cx.st.fired.get(i).copied().unwrap_or(false) {
            continue;
        }
        if !holds(&ev.when, cx.rules, cx.st) {
            continue;
        }
        if !cx.rng.percent(ev.chance as i32) {
            continue;
        }
        if let Some(f) = cx.st.fired.get_mut(i) {
            *f = true;
        }
        cx.apply(&ev.effects, Cause::Event(i as u16), Target::None);
        news!(
            cx,
            News {
                kind: NewsKind::Event,
                tone: Tone::Neutral,
                headline: ev.headline.clone(),
                body: ev.body.clone(),
                source: rules
                    .sources
                    .iter()
                    .find(|s| s.id == ev.source)
                    .map_or_else(|| ev.source.clone(), |s| s.cite.clone()),
                site: ev.site,
                place: ev.place,
                us_only: false,
            }
        );
        if cx.st.outcome.is_some() {
            break;
        }
    }
}

/// Updates the player's estimates: a direct look gives the truth within the narrow band; without
/// one, the estimate follows only the changes the U.S. could know of, plus noise, and the band
/// widens. Hidden moves (covert work, diversion) therefore open a gap the band may not cover.
pub(super) fn update_intel(cx: &mut Ctx) {
    let p = &cx.rules.intel;
    let drift = (p.drift * cx.intel_noise / 100).max(0);
    let mut public = Hidden::splat(0);
    for c in &cx.log.changes {
        if c.public
            && let Some(sum) = public.get_mut(c.var)
        {
            *sum += c.delta;
        }
    }
    cx.st.intel.previous = cx.st.intel.estimate;
    let rules = cx.rules;
    for v in rules.hidden_vars() {
        let Some(i) = v.hidden_index() else {
            continue;
        };
        let (lo, hi) = rules.range(v);
        let truth = cx.st.vars[v];
        let intel = &mut cx.st.intel;
        let (estimate, band) = (&mut intel.estimate.0[i], &mut intel.band.0[i]);
        if intel.looked.0[i] {
            let half = (p.narrow_to / 2).max(0);
            *estimate = (truth + cx.rng.range(-half, half)).clamp(lo, hi);
            *band = p.narrow_to;
        } else {
            let noise = cx.rng.range(-drift, drift);
            *estimate = (*estimate + public.0[i] + noise).clamp(lo, hi);
            *band = (*band + p.widen).min(p.max_band);
        }
    }
}

pub(super) fn outcome_test(cx: &mut Ctx) {
    let rules = cx.rules;
    let o = &rules.outcomes;
    let v = cx.st.vars;
    let t = &mut cx.st.tally;
    if cx.st.outcome.is_none() {
        cx.st.outcome = if v[Var::Tension] >= o.war_tension {
            Some(OutcomeKind::War)
        } else if v[Var::RegimeSecurity] <= o.collapse_security
            || (v[Var::RegimeSecurity] < o.collapse_security + 10
                && cx.rng.percent(
                    (o.collapse_security + 10 - v[Var::RegimeSecurity])
                        * cx.rules.weights.collapse_risk_per_point,
                ))
        {
            Some(OutcomeKind::Collapse)
        } else if v[Var::Nuclear] >= o.breakout_nuclear {
            Some(OutcomeKind::Breakout)
        } else if v[Var::Congress] <= o.mandate_congress {
            Some(OutcomeKind::MandateLost)
        } else {
            let violation_now = cx.st.notices.iter().any(|n| n.round == cx.st.round);
            let peace = !violation_now
                && t.verified_steps >= o.peace_steps
                && (!o.peace_need_curtailment || t.curtailments > 0)
                && v[Var::Normalization] >= o.peace_normalization
                && v[Var::Tension] <= o.peace_tension;
            t.peace_streak = if peace { t.peace_streak + 1 } else { 0 };
            if t.peace_streak >= o.peace_hold {
                Some(OutcomeKind::VerifiedPeace)
            } else if cx.st.round >= cx.rules.rounds {
                Some(OutcomeKind::TermEnded)
            } else {
                None
            }
        };
    }
    if let Some(out) = cx.st.outcome
        && !cx.log.quiet
    {
        news!(
            cx,
            News::new(NewsKind::Event, format!("Game over: {}", out.label())).tone(
                if out.is_defeat() {
                    Tone::Bad
                } else if out == OutcomeKind::VerifiedPeace {
                    Tone::Good
                } else {
                    Tone::Neutral
                },
            ),
        );
    }
}
