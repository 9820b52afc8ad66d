//! Steps 7–9: Pyongyang answers the offer and the request for monitors, then moves on its three
//! tracks (talks, public, covert), with detection, covert work and sales.

use super::*;

/// Which of Pyongyang's three tracks a move belongs to (one move per track per round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    /// Talks: promise, attend, break a promise, walk out.
    Talks,
    /// Public moves: tests, build-ups, provocations, openings.
    Public,
    /// Covert moves, which the U.S. does not see.
    Covert,
}

/// The track of a move: a level's own move is public or covert as the level says.
pub fn track(rules: &Rules, m: MoveKind) -> Track {
    match m {
        MoveKind::Level(_) if rules.mv(m).public => Track::Public,
        MoveKind::Level(_) => Track::Covert,
        MoveKind::PromiseTalks
        | MoveKind::AttendTalks
        | MoveKind::BreakPromise
        | MoveKind::WalkOut => Track::Talks,
        MoveKind::CovertNuclear | MoveKind::ProliferationSale => Track::Covert,
        _ => Track::Public,
    }
}

/// Whether Pyongyang may make a move now.
pub fn move_allowed(rules: &Rules, st: &State, m: MoveKind) -> bool {
    let def = rules.mv(m);
    def.enabled && holds(&def.requires, rules, st)
}

pub(super) fn answer_offer(cx: &mut Ctx, d: &DprkOrders) {
    let now = cx.round();
    let Some(open) = cx.st.offer.take() else {
        return;
    };
    let answer = d.answer.clone().unwrap_or(Answer::Stall);
    let said = |cx: &Ctx, counter: Option<&Offer>| {
        d.appraisal.as_ref().map_or_else(String::new, |a| {
            describe_appraisal(cx.rules, &answer, a, counter)
        })
    };
    let mut record = OfferAnswer {
        offer: open.offer.clone(),
        made: open.made,
        answer: answer.clone(),
        appraisal: d.appraisal.clone(),
        counter: None,
        agreement: None,
        lapsed: false,
    };
    match &answer {
        Answer::Accept => {
            let id = form_agreement(cx, &open.offer, open.escrow);
            record.agreement = Some(id);
            news!(
                cx,
                News::new(
                    NewsKind::Answer,
                    format!("{opp} accepts the offer: agreement {id}", opp = cx.opp()),
                )
                .tone(Tone::Good)
                .body(join_said(
                    format!("{}.", describe_offer(cx.rules, &open.offer)),
                    &said(cx, None)
                )),
            );
        }
        Answer::Counter(counter) => {
            cx.add(Var::Budget, open.escrow, Cause::Escrow);
            cx.st.recent.stalls.push(now);
            record.counter = Some(counter.clone());
            news!(
                cx,
                News::new(
                    NewsKind::Answer,
                    format!(
                        "{} turns the offer down and makes a counter-offer",
                        cx.opp()
                    ),
                )
                .body(said(cx, Some(counter))),
            );
            cx.st.counter = Some(counter.clone());
        }
        Answer::Stall => {
            cx.st.recent.stalls.push(now);
            let stalls = open.stalls + 1;
            let expired = open.offer.deadline.is_some_and(|dl| now >= open.made + dl);
            let counter = d.counter.as_ref();
            record.counter = counter.cloned();
            if let Some(c) = counter {
                cx.st.counter = Some(c.clone());
            }
            if stalls >= MAX_STALLS || expired {
                cx.add(Var::Budget, open.escrow, Cause::Escrow);
                record.lapsed = true;
                news!(
                    cx,
                    News::new(
                        NewsKind::Answer,
                        format!("The offer lapses: {} never gave an answer", cx.opp()),
                    )
                    .body(said(cx, counter)),
                );
            } else {
                news!(
                    cx,
                    News::new(
                        NewsKind::Answer,
                        format!("{} stalls on the offer", cx.opp()),
                    )
                    .body(said(cx, counter)),
                );
                cx.st.offer = Some(OpenOffer { stalls, ..open });
            }
        }
        Answer::Reject => {
            cx.add(Var::Budget, open.escrow, Cause::Escrow);
            news!(
                cx,
                News::new(NewsKind::Answer, format!("{} rejects the offer", cx.opp()))
                    .tone(Tone::Bad)
                    .body(said(cx, None)),
            );
        }
    }
    if !cx.log.quiet {
        cx.log.answer = Some(record);
    }
}

/// A news body and what the envoys said, as one paragraph.
fn join_said(body: String, said: &str) -> String {
    if said.is_empty() {
        body
    } else {
        format!("{body} {said}")
    }
}

pub(super) fn answer_monitors(cx: &mut Ctx, d: &DprkOrders) {
    if cx.st.monitors != Monitors::Requested {
        return;
    }
    if d.monitors == Some(true) {
        cx.st.monitors = Monitors::Present;
        news!(
            cx,
            News::new(
                NewsKind::Answer,
                format!("{} accepts aid monitors", cx.opp()),
            )
            .tone(Tone::Good),
        );
    } else {
        cx.st.monitors = Monitors::Absent;
        cx.st.recent.stalls.push(cx.st.round);
        news!(
            cx,
            News::new(
                NewsKind::Answer,
                format!("{} refuses aid monitors", cx.opp()),
            )
            .tone(Tone::Bad),
        );
    }
}

pub(super) fn make_move(cx: &mut Ctx, m: MoveKind) {
    let now = cx.round();
    let w = &cx.rules.weights;
    let rules = cx.rules;
    let def = rules.mv(m);
    cx.st.recent.pyongyang.push((now, m));
    if def.provocation {
        cx.st.tally.provocations += 1;
        cx.st.recent.provocations.push(now);
    }
    if def.public {
        let tone = if def.provocation {
            Tone::Bad
        } else {
            Tone::Neutral
        };
        news!(
            cx,
            News::new(NewsKind::Pyongyang, def.name.clone())
                .tone(tone)
                .body(def.description.clone()),
        );
    } else {
        cx.log.hidden(|| format!("round {now}: {}", def.name));
    }
    let effects = &def.effects;
    match m {
        MoveKind::CovertNuclear => {
            covert_work(cx, effects);
            return;
        }
        MoveKind::ProliferationSale => {
            sale(cx, effects);
            return;
        }
        _ => {}
    }
    cx.apply(effects, Cause::Move(m), Target::None);
    if !def.breaks.is_empty() {
        breaks_steps(cx, m);
    }
    match m {
        MoveKind::MissileTest => {
            cx.st.tally.missile_tests += 1;
            let ids: Vec<(u32, StepTarget)> = cx
                .st
                .active_agreements()
                .filter_map(|a| {
                    a.obligations
                        .iter()
                        .find(|o| o.step.kind == StepKind::TestMoratorium)
                        .map(|o| (a.id, o.step))
                })
                .collect();
            for (id, step) in ids {
                cx.st.tally.violations += 1;
                cx.notice(
                    id,
                    step,
                    format!("{} tested a missile during the moratorium", cx.opp()),
                );
            }
        }
        MoveKind::PromiseTalks => cx.st.talks = Talks::Promised(now),
        MoveKind::AttendTalks => {
            cx.st.talks = Talks::None;
            let owed: Vec<(u32, usize)> = cx
                .st
                .active_agreements()
                .flat_map(|a| {
                    a.obligations
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.step.kind == StepKind::AttendTalks && !o.done)
                        .map(move |(i, _)| (a.id, i))
                })
                .collect();
            for (id, i) in owed {
                carry_out(cx, id, i);
            }
        }
        MoveKind::BreakPromise => cx.st.talks = Talks::None,
        MoveKind::ExpelMonitors => {
            cx.st.monitors = Monitors::Absent;
            let ids: Vec<(u32, StepTarget)> = cx
                .st
                .active_agreements()
                .filter_map(|a| {
                    a.obligations
                        .iter()
                        .find(|o| o.step.kind == StepKind::AcceptMonitoring)
                        .map(|o| (a.id, o.step))
                })
                .collect();
            for (id, step) in ids {
                cx.st.tally.violations += 1;
                cx.notice(
                    id,
                    step,
                    format!("{} restricted the aid monitors it had accepted", cx.opp()),
                );
            }
        }
        MoveKind::Retaliate => {
            let after_strike =
                cx.st.unanswered_strike.take().is_some() || cx.st.recent.strikes.within(now, 1);
            cx.st.unanswered_threat = None;
            if after_strike && cx.rng.percent(w.strike_retaliation_war) {
                news!(
                    cx,
                    News::new(NewsKind::Pyongyang, "Retaliation escalates into war")
                        .tone(Tone::Bad)
                        .body(format!(
                            "Artillery exchanges across {} spiral out of control.",
                            cx.rules.names.border
                        )),
                );
                cx.st.outcome = Some(OutcomeKind::War);
            }
        }
        MoveKind::DmzBuildup => {
            cx.st.unanswered_threat = None;
        }
        MoveKind::Invade => {
            cx.st.outcome = Some(OutcomeKind::War);
        }
        _ => {}
    }
}

/// A move that breaks steps owed under agreements (the level says which: `breaks`): a
/// violation, seen at once if the move is public; a covert one only with surveillance of a
/// hidden variable the move changes, and then by the ledger's `covert_detection` chance.
fn breaks_steps(cx: &mut Ctx, m: MoveKind) {
    let rules = cx.rules;
    let def = rules.mv(m);
    let owed: Vec<(u32, StepTarget)> = cx
        .st
        .active_agreements()
        .flat_map(|a| {
            a.obligations
                .iter()
                .filter(|o| def.breaks.contains(&o.step.kind))
                .map(move |o| (a.id, o.step))
        })
        .collect();
    if owed.is_empty() {
        return;
    }
    cx.st.tally.violations += i32::try_from(owed.len()).unwrap_or(i32::MAX);
    let seen = def.public || {
        let watched = def.effects.iter().any(|e| match e {
            Eff::Add(v, _) | Eff::Set(v, _) => cx.st.intel.looked.get(*v) == Some(&true),
            _ => false,
        });
        watched && cx.rng.percent(rules.weights.covert_detection)
    };
    if !seen {
        cx.log.hidden(|| {
            format!(
                "round {}: {} broke an owed step unseen",
                cx.st.round, def.name
            )
        });
        return;
    }
    for (id, step) in owed {
        let what = if def.public {
            format!("{}: {}", def.name, rules.step_label(step))
        } else {
            format!(
                "surveillance found \"{}\", against \"{}\"",
                def.name,
                rules.step_label(step)
            )
        };
        cx.notice(id, step, what);
    }
}

/// Covert nuclear work: at an unfrozen active site if there is one, else at a frozen one (a
/// hidden violation that inspectors, or by chance surveillance, may catch).
pub(super) fn covert_work(cx: &mut Ctx, effects: &[Eff]) {
    let now = cx.round();
    let w = &cx.rules.weights;
    // Active nuclear sites: work goes to the first one not under a freeze, else the first.
    let candidates = || {
        cx.rules
            .sites
            .iter()
            .enumerate()
            .filter(|(i, def)| {
                def.program == Program::Nuclear
                    && cx
                        .st
                        .sites
                        .get(*i)
                        .is_some_and(|s| s.truth == Truth::Active)
            })
            .map(|(i, _)| i as SiteIx)
    };
    let free = candidates().find(|&s| !cx.st.frozen(s));
    let first = candidates().next();
    let site = match free.or(first) {
        Some(s) => s,
        None => return,
    };
    if free.is_some() {
        cx.apply(effects, Cause::Move(MoveKind::CovertNuclear), Target::None);
    } else {
        // Work hidden at a frozen site goes slower (the engagement school's reading of the
        // Agreed Framework freeze): its effects are cut by the ledger's share.
        let keep = 100 - w.freeze_slowdown.clamp(0, 100);
        let slowed: Vec<Eff> = effects
            .iter()
            .map(|e| match *e {
                Eff::Add(v, x) => Eff::Add(v, x * keep / 100),
                ref other => other.clone(),
            })
            .collect();
        cx.apply(&slowed, Cause::Move(MoveKind::CovertNuclear), Target::None);
    }
    let surveilled = cx.st.intel.looked.get(Var::Nuclear) == Some(&true);
    if free.is_some() {
        // Surveillance of the programme may catch the work and point at the site.
        if surveilled && cx.rng.percent(w.covert_detection) {
            cx.st.recent.violations_seen.push(now);
            let newly = cx.st.sites.get(site as usize).is_some_and(|s| !s.suspected);
            if let Some(s) = cx.st.sites.get_mut(site as usize) {
                s.suspected = true;
                s.leaked = true;
            }
            if !cx.log.quiet {
                let name = cx
                    .rules
                    .sites
                    .get(site as usize)
                    .map_or("", |s| s.name.as_str());
                news!(
                    cx,
                    News::new(
                        NewsKind::Intelligence,
                        "Surveillance: signs of covert nuclear work",
                    )
                    .us_only()
                    .tone(Tone::Bad)
                    .body(if newly {
                        format!("Imagery and intercepts point to a site not on our list: {name}.")
                    } else {
                        format!("Activity is seen at {name}.")
                    })
                    .at_site(site),
                );
            }
        }
        return;
    }
    // A frozen site: a violation.
    cx.st.tally.violations += 1;
    let breach: Vec<(u32, StepTarget, bool)> = cx
        .st
        .active_agreements()
        .filter_map(|a| {
            a.obligations
                .iter()
                .find(|o| o.step.kind == StepKind::Freeze && o.step.site == Some(site))
                .map(|o| (a.id, o.step, cx.inspectors_at(site, a)))
        })
        .collect();
    let rules = cx.rules;
    let name = rules
        .sites
        .get(site as usize)
        .map_or("a frozen site", |s| s.name.as_str());
    cx.log
        .hidden(|| format!("round {now}: covert work at frozen site {name}"));
    for (id, step, inspected) in breach {
        let chance = if inspected {
            w.freeze_detection_inspected
        } else if surveilled {
            w.covert_detection
        } else {
            0
        };
        if cx.rng.percent(chance) {
            cx.notice(
                id,
                step,
                format!("work resumed at {name} despite the freeze"),
            );
        }
    }
}

/// A missile sale: caught by interdiction, detected by intelligence, or unseen.
pub(super) fn sale(cx: &mut Ctx, effects: &[Eff]) {
    let w = &cx.rules.weights;
    cx.st.tally.sales += 1;
    let halted: Vec<(u32, StepTarget)> = cx
        .st
        .active_agreements()
        .filter_map(|a| {
            a.obligations
                .iter()
                .find(|o| o.step.kind == StepKind::HaltExports)
                .map(|o| (a.id, o.step))
        })
        .collect();
    if !halted.is_empty() {
        cx.st.tally.violations += 1;
    }
    if cx.st.interdicting && cx.rng.percent(w.interdiction_success) {
        cx.st.tally.sales_caught += 1;
        cx.add(
            Var::Proliferation,
            1,
            Cause::Move(MoveKind::ProliferationSale),
        );
        cx.add(Var::Tension, 3, Cause::Move(MoveKind::ProliferationSale));
        // On the Korea map the seizure is drawn in the Yellow Sea; a level's own map has no
        // sea lane to draw it on.
        let korea = cx.rules.map == crate::sim::vocab::MapDef::Korea;
        news!(cx, {
            let n = News::new(NewsKind::Intelligence, "Missile shipment seized at sea")
                .tone(Tone::Good)
                .body(format!(
                    "Interdiction stops a cargo of missile parts leaving {} for a buyer abroad.",
                    cx.rules.names.country
                ));
            if korea {
                n.at(crate::sim::vocab::Place::YellowSea)
            } else {
                n
            }
        });
        for (id, step) in halted {
            cx.notice(id, step, "a missile shipment was seized at sea".into());
        }
        return;
    }
    cx.apply(
        effects,
        Cause::Move(MoveKind::ProliferationSale),
        Target::None,
    );
    if cx.rng.percent(w.export_detection) {
        news!(
            cx,
            News::new(
                NewsKind::Intelligence,
                "Intelligence: a missile sale went through",
            )
            .us_only()
            .tone(Tone::Bad)
            .body("Reports say missiles or parts reached a buyer abroad."),
        );
        for (id, step) in halted {
            cx.notice(id, step, "intelligence found a missile sale".into());
        }
    }
}
