//! Steps 10–12: steps owed under agreements, inspection demands, and verification — rewards
//! released, deadlines, violations.

use super::*;
use crate::sim::vocab::VerifyDef;

pub(super) fn expire_talks(cx: &mut Ctx) {
    let now = cx.round();
    match cx.st.talks {
        Talks::Proposed(r) if now >= r + TALKS_WINDOW => {
            cx.st.talks = Talks::None;
            cx.st.recent.stalls.push(now);
            news!(
                cx,
                News::new(
                    NewsKind::Answer,
                    format!("No answer from {} to the proposal of talks", cx.opp()),
                )
            );
        }
        Talks::Promised(r) if now >= r + TALKS_WINDOW => {
            cx.st.talks = Talks::None;
            cx.st.recent.provocations.push(now);
            cx.st.tally.provocations += 1;
            cx.st.recent.pyongyang.push((now, MoveKind::BreakPromise));
            let rules = cx.rules;
            cx.apply(
                &rules.mv(MoveKind::BreakPromise).effects,
                Cause::Move(MoveKind::BreakPromise),
                Target::None,
            );
            news!(
                cx,
                News::new(NewsKind::Pyongyang, "The promised delegation never arrives")
                    .tone(Tone::Bad),
            );
        }
        _ => {}
    }
}

/// Marks a one-off obligation carried out for real and applies the step's effects.
pub(super) fn carry_out(cx: &mut Ctx, id: u32, i: usize) {
    let Some(a) = cx.st.agreement_mut(id) else {
        return;
    };
    let Some(o) = a.obligations.get_mut(i) else {
        return;
    };
    if o.done {
        return;
    }
    o.done = true;
    o.claimed = true;
    let step = o.step;
    let rules = cx.rules;
    cx.apply(
        &rules.step(step.kind).effects,
        Cause::Step(step.kind, id),
        Target::None,
    );
    cx.log
        .hidden(|| format!("step carried out: {}", rules.step(step.kind).id));
    if step.kind == StepKind::AllowInspection
        && let Some(site) = step.site
    {
        let pos = cx.st.inspections.iter().position(|x| x.site == site);
        let evidence = pos.map_or(100, |p| cx.st.inspections[p].evidence);
        if let Some(p) = pos {
            cx.st.inspections.remove(p);
        }
        inspect(cx, site, evidence);
    }
}

pub(super) fn owed_steps(cx: &mut Ctx, d: &DprkOrders) {
    for &(id, i, choice) in &d.steps {
        let i = i as usize;
        let Some(o) = cx
            .st
            .agreement(id)
            .filter(|a| a.active())
            .and_then(|a| a.obligations.get(i))
        else {
            continue;
        };
        if o.step.kind.ongoing() || o.claimed {
            continue;
        }
        match choice {
            StepChoice::Do => carry_out(cx, id, i),
            StepChoice::Fake => {
                // Talks and inspections cannot be faked: they happen in the open.
                if cx.rules.done_in_open(o.step.kind) {
                    continue;
                }
                let step = o.step;
                if let Some(o) = cx
                    .st
                    .agreement_mut(id)
                    .and_then(|a| a.obligations.get_mut(i))
                {
                    o.claimed = true;
                }
                cx.log.hidden(|| {
                    format!(
                        "step claimed but not carried out: {}",
                        cx.rules.step(step.kind).id
                    )
                });
                let label = cx.rules.step_label(step);
                cx.log.covert(|| CovertAct {
                    what: format!("claimed \"{label}\" (agreement {id}) without doing it"),
                    seen: None,
                    claim: Some((id, label.clone())),
                });
            }
            StepChoice::Wait => {}
        }
    }
}

/// Performs an inspection of a site with the evidence left, and reports the finding.
pub(super) fn inspect(cx: &mut Ctx, site: SiteIx, evidence: i32) {
    let now = cx.round();
    cx.st.tally.inspections += 1;
    let Some(def) = cx.rules.sites.get(site as usize) else {
        return;
    };
    let truth = cx
        .st
        .sites
        .get(site as usize)
        .map_or(Truth::Empty, |s| s.truth);
    let finding = match truth {
        Truth::Active => {
            if cx.rng.percent(evidence.max(10)) {
                Finding::Active
            } else {
                Finding::Inconclusive
            }
        }
        Truth::Empty => Finding::Empty,
        Truth::Cleaned => {
            if cx.rng.percent(evidence / 2) {
                Finding::Traces
            } else {
                Finding::Empty
            }
        }
    };
    if let Some(s) = cx.st.sites.get_mut(site as usize) {
        s.finding = Some((finding, now));
        s.suspected = true;
    }
    let var = match def.program {
        Program::Nuclear => Var::Nuclear,
        Program::Missile => Var::Missile,
    };
    if let Some(looked) = cx.st.intel.looked.get_mut(var) {
        *looked = true;
    }
    let name = def.name.clone();
    let body = match finding {
        Finding::Active => {
            "Inspectors find equipment in use and samples that point to ongoing work."
        }
        Finding::Empty => "Inspectors find no sign of work for the programme there.",
        Finding::Traces => "Inspectors find signs that equipment was removed not long ago.",
        Finding::Inconclusive => "Months of delay have left too little to judge.",
    };
    news!(
        cx,
        News::new(
            NewsKind::Intelligence,
            if def.declared && finding == Finding::Active {
                format!("Inspection at {name}: in use, as declared")
            } else {
                format!("Inspection at {name}: {}", finding.label())
            },
        )
        .body(body)
        .at_site(site),
    );
    if finding == Finding::Active {
        if !def.declared {
            // Exposed covert work is read by everyone as a violation of the spirit of
            // engagement; work at a declared site (a known launch site) is not news.
            let w = &cx.rules.weights;
            cx.st.recent.violations_seen.push(now);
            cx.add(Var::Congress, w.exposure_congress, Cause::Inspection(site));
            cx.add(Var::Tokyo, w.exposure_tokyo, Cause::Inspection(site));
        }
        let breach: Vec<(u32, StepTarget)> = cx
            .st
            .active_agreements()
            .filter_map(|a| {
                a.obligations
                    .iter()
                    .find(|o| o.step.kind == StepKind::Freeze && o.step.site == Some(site))
                    .map(|o| (a.id, o.step))
            })
            .collect();
        for (id, step) in breach {
            cx.notice(
                id,
                step,
                format!("inspectors found work going on at frozen {name}"),
            );
        }
    }
}

pub(super) fn inspections(cx: &mut Ctx, d: &DprkOrders) {
    let now = cx.round();
    let decay = cx.rules.weights.evidence_decay_per_month * cx.rules.months_per_round as i32;
    let demands = std::mem::take(&mut cx.st.inspections);
    let mut keep = Vec::new();
    for (k, mut ins) in demands.into_iter().enumerate() {
        if ins.since == now && ins.agreed {
            // Agreed this round: it is carried out as a step, not answered as a demand.
            keep.push(ins);
            continue;
        }
        let mut answer = d
            .inspections
            .get(k)
            .copied()
            .unwrap_or(InspectionAnswer::Stall);
        if ins.stalls >= MAX_INSPECTION_STALLS && answer == InspectionAnswer::Stall {
            answer = InspectionAnswer::Refuse;
        }
        let name = cx
            .rules
            .sites
            .get(ins.site as usize)
            .map_or("the site", |s| s.name.as_str())
            .to_string();
        match answer {
            InspectionAnswer::Accept => {
                news!(
                    cx,
                    News::new(
                        NewsKind::Answer,
                        format!("{opp} opens {name} to inspectors", opp = cx.opp()),
                    )
                    .tone(Tone::Good)
                    .at_site(ins.site),
                );
                inspect(cx, ins.site, ins.evidence);
                // An accepted inspection under an agreement counts as the step carried out.
                mark_inspection_step(cx, ins.site);
            }
            InspectionAnswer::Stall => {
                ins.stalls += 1;
                ins.evidence = (ins.evidence - decay).max(0);
                cx.st.recent.stalls.push(now);
                if ins.evidence == 0
                    && let Some(s) = cx.st.sites.get_mut(ins.site as usize)
                    && s.truth == Truth::Active
                {
                    s.truth = Truth::Cleaned;
                    cx.log.cleaned_while_stalling += 1;
                    cx.log
                        .hidden(|| format!("round {now}: {name} cleaned out during the stalling"));
                }
                news!(cx,
                    News::new(NewsKind::Answer, format!("{opp} stalls on access to {name}", opp = cx.opp()))
                        .body("It asks what the U.S. will give for a visit. Each month of delay lets evidence fade.")
                        .at_site(ins.site),
                );
                keep.push(ins);
            }
            InspectionAnswer::Refuse => {
                cx.st.recent.stalls.push(now);
                let w = &cx.rules.weights;
                cx.add(Var::Tension, w.refusal_tension, Cause::Inspection(ins.site));
                cx.add(
                    Var::Congress,
                    -w.refusal_congress,
                    Cause::Inspection(ins.site),
                );
                news!(
                    cx,
                    News::new(
                        NewsKind::Answer,
                        format!("{opp} refuses inspection of {name}", opp = cx.opp()),
                    )
                    .tone(Tone::Bad)
                    .at_site(ins.site),
                );
                let owed: Vec<(u32, StepTarget)> = cx
                    .st
                    .active_agreements()
                    .filter_map(|a| {
                        a.obligations
                            .iter()
                            .find(|o| {
                                o.step.kind == StepKind::AllowInspection
                                    && o.step.site == Some(ins.site)
                                    && !o.done
                            })
                            .map(|o| (a.id, o.step))
                    })
                    .collect();
                for (id, step) in owed {
                    cx.st.tally.violations += 1;
                    cx.notice(
                        id,
                        step,
                        format!(
                            "{opp} refused the agreed inspection of {name}",
                            opp = cx.opp()
                        ),
                    );
                }
            }
        }
    }
    // Demands added while answering (none today) are kept after the answered ones.
    keep.append(&mut cx.st.inspections);
    cx.st.inspections = keep;
}

pub(super) fn mark_inspection_step(cx: &mut Ctx, site: SiteIx) {
    for a in cx.st.agreements.iter_mut().filter(|a| a.active()) {
        for o in &mut a.obligations {
            if o.step.kind == StepKind::AllowInspection && o.step.site == Some(site) {
                o.done = true;
                o.claimed = true;
            }
        }
    }
}

/// Whether a claimed one-off step can be checked this round, and by what.
pub(super) fn verifiable(cx: &Ctx, a: &Agreement, o: &Obligation) -> bool {
    let looked = |v: Var| cx.st.intel.looked.get(v) == Some(&true);
    let inspected = a
        .obligations
        .iter()
        .any(|x| x.step.kind == StepKind::AllowInspection && x.done);
    match o.step.kind {
        StepKind::Level(_) => match cx.rules.step(o.step.kind).verify {
            VerifyDef::Seen => true,
            VerifyDef::Inspection => inspected,
            VerifyDef::Surveillance(v) => looked(v),
            VerifyDef::InspectionOrSurveillance(v) => inspected || looked(v),
        },
        StepKind::AttendTalks | StepKind::AllowInspection => true,
        StepKind::PullBackArtillery => looked(Var::Military),
        StepKind::CurtailMissile => inspected || looked(Var::Missile),
        StepKind::CurtailWmd => inspected || looked(Var::Nuclear),
        _ => false,
    }
}

pub(super) fn verify_agreements(cx: &mut Ctx) {
    let now = cx.round();
    let w = &cx.rules.weights;
    // By position: agreements made while checking (none are) would come after.
    for k in 0..cx.st.agreements.len() {
        let cxr: &Ctx = cx;
        let Some(a) = cxr.st.agreements.get(k).filter(|a| a.active()) else {
            continue;
        };
        let id = a.id;
        let (since, delivered, sequencing) = (a.since, a.delivered, a.sequencing);
        // A step whose violation was detected this round is not verified in the same round.
        let violated = |step: &StepTarget| {
            cxr.st
                .notices
                .iter()
                .any(|n| n.agreement == id && n.round == now && n.step == *step)
        };
        let violated_now = cxr
            .st
            .notices
            .iter()
            .any(|n| n.agreement == id && n.round == now);
        let mut newly_verified: Vec<(usize, StepTarget)> = Vec::new();
        let mut fakes: Vec<StepTarget> = Vec::new();
        let mut unverified = 0usize;
        let mut ongoing = false;
        for (i, o) in a.obligations.iter().enumerate() {
            ongoing |= o.step.kind.ongoing();
            if o.verified {
                continue;
            }
            unverified += 1;
            if violated_now && violated(&o.step) {
                continue;
            }
            if o.step.kind.ongoing() {
                let kept = o.kept_rounds >= cxr.rules.kept_rounds_needed(o.step.kind);
                let ok = match o.step.kind {
                    StepKind::TestMoratorium | StepKind::HaltExports | StepKind::Level(_) => kept,
                    StepKind::AcceptMonitoring => cxr.st.monitors == Monitors::Present,
                    StepKind::Freeze => {
                        o.step.site.is_some_and(|s| cxr.inspectors_at(s, a)) && kept
                    }
                    _ => false,
                };
                if ok {
                    newly_verified.push((i, o.step));
                }
            } else if o.claimed && verifiable(cxr, a, o) {
                if o.done {
                    newly_verified.push((i, o.step));
                } else {
                    fakes.push(o.step);
                }
            }
        }
        // Toward peace and the score a step counts once: the same promise bought again (talks
        // attended under a second agreement, a second freeze of the same site) is not new progress.
        let fresh: Vec<bool> = newly_verified
            .iter()
            .enumerate()
            .map(|(k, (_, step))| {
                !cx.st
                    .agreements
                    .iter()
                    .flat_map(|x| &x.obligations)
                    .any(|o| o.verified && o.step == *step)
                    && !newly_verified[..k].iter().any(|(_, s)| s == step)
            })
            .collect();
        // Every step is verified once this round's verifications are marked.
        let all_verified = unverified == newly_verified.len();
        // Ongoing steps: one more round kept unless a violation was seen this round.
        let keep = ongoing && !violated_now && since < now;
        if (keep || !newly_verified.is_empty())
            && let Some(am) = cx.st.agreements.get_mut(k)
        {
            if keep {
                for o in am.obligations.iter_mut().filter(|o| o.step.kind.ongoing()) {
                    o.kept_rounds += 1;
                }
            }
            for &(i, _) in &newly_verified {
                if let Some(o) = am.obligations.get_mut(i) {
                    o.verified = true;
                }
            }
        }
        for (&(_, step), fresh) in newly_verified.iter().zip(fresh) {
            if fresh {
                cx.st.tally.verified_steps += 1;
                if matches!(step.kind, StepKind::CurtailMissile | StepKind::CurtailWmd) {
                    cx.st.tally.curtailments += 1;
                }
            }
            cx.st.recent.verified.push(now);
            cx.add(Var::Congress, w.congress_step_reward, Cause::VerifiedStep);
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    format!("Verified: {} (agreement {id})", cx.rules.step_label(step)),
                )
                .tone(Tone::Good),
            );
        }
        for step in fakes {
            cx.st.tally.violations += 1;
            let label = cx.rules.step_label(step);
            cx.notice(
                id,
                step,
                format!("verification shows \"{label}\" was claimed but not done"),
            );
            if !cx.log.quiet {
                cx.log.found.push((id, label));
            }
        }
        if !delivered && sequencing == Sequencing::Instalments {
            release_instalments(cx, k, id);
        }
        // Step-first rewards are released once every step is verified.
        if all_verified && !delivered && sequencing == Sequencing::StepFirst {
            cx.deliver(id, true);
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    format!("Steps verified: rewards of agreement {id} released"),
                )
                .tone(Tone::Good),
            );
        }
        // Deadlines for one-off steps.
        check_deadline(cx, k, id);
    }
}

/// Rewards in instalments: each verified step of agreement `id` (at position `k`) releases its
/// share, in order.
fn release_instalments(cx: &mut Ctx, k: usize, id: u32) {
    let sequencing = Sequencing::Instalments;
    if let Some(a) = cx.st.agreements.get(k) {
        let verified = a.obligations.iter().filter(|o| o.verified).count();
        let earned = sequencing.rewards_earned(a.gives.len(), a.obligations.len(), verified);
        let paid = a.paid as usize;
        if earned > paid {
            let names: Vec<String> = a.gives[paid..earned]
                .iter()
                .filter_map(|&g| cx.rules.actions.get(g as usize))
                .map(|x| x.name.clone())
                .collect();
            let last = earned == a.gives.len();
            cx.deliver_upto(id, earned, true);
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    if last {
                        format!("Steps verified: the last instalment of agreement {id} released")
                    } else {
                        format!("Step verified: an instalment of agreement {id} released")
                    },
                )
                .body(names.join(", "))
                .tone(Tone::Good),
            );
        }
    }
}

/// The deadline of agreement `id` (at position `k`) for its one-off steps: past it, a deal that
/// holds its rewards lapses; one that paid up front is violated.
fn check_deadline(cx: &mut Ctx, k: usize, id: u32) {
    let now = cx.round();
    let Some(a) = cx.st.agreements.get(k) else {
        return;
    };
    if a.active()
        && a.deadline.is_some_and(|dl| now >= dl)
        && let Some(missing) = a
            .obligations
            .iter()
            .find(|o| !o.step.kind.ongoing() && !o.claimed)
            .map(|o| o.step)
    {
        let (sequencing, delivered, paid) = (a.sequencing, a.delivered, a.paid);
        let label = cx.rules.step_label(missing);
        if sequencing.holds_rewards() && !delivered {
            cx.end_agreement(id, EndReason::Lapsed);
            cx.st.recent.stalls.push(now);
            let withheld = if paid > 0 {
                "the rewards still owed are withheld"
            } else {
                "rewards withheld"
            };
            news!(
                cx,
                News::new(
                    NewsKind::Agreement,
                    format!(
                        "Agreement {id} lapses: \"{label}\" not done by the deadline; {withheld}"
                    ),
                )
                .tone(Tone::Bad)
            );
        } else if !cx.st.notices.iter().any(|n| n.agreement == id) {
            cx.st.tally.violations += 1;
            cx.notice(id, missing, format!("the deadline for \"{label}\" passed"));
            if let Some(am) = cx.st.agreements.get_mut(k) {
                am.deadline = None;
            }
        }
    }
}
