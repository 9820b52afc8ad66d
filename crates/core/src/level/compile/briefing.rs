//! The briefing and tips, and the warnings about likely mistakes: an event that can never fire, a victory no action can reach, what the level defines and never uses.

use super::*;

impl Compiler<'_> {
    /// `teacher`: a class period of 20–180 minutes, a plan whose steps fit in it, nothing empty.
    fn teacher(&mut self, level: &Level) {
        let Some(t) = &level.teacher else {
            return;
        };
        self.range(
            &vec![f("teacher"), f("minutes")],
            "the class period",
            i64::from(t.minutes),
            20,
            180,
        );
        if t.plan.is_empty() {
            self.error(
                &vec![f("teacher"), f("plan")],
                "the lesson plan has no steps",
                Some("add the steps of the lesson: `plan: [(minutes: 5, step: \"Read the briefing aloud\"), …]`".into()),
            );
        }
        let total: u32 = t.plan.iter().map(|s| s.minutes).sum();
        if total > t.minutes {
            self.error(
                &vec![f("teacher"), f("plan")],
                format!(
                    "the lesson plan takes {total} minutes, more than its class period of {}",
                    t.minutes
                ),
                Some("shorten a step, or give the class period more `minutes`".into()),
            );
        }
        for (k, s) in t.plan.iter().enumerate() {
            if s.minutes == 0 || s.step.trim().is_empty() {
                self.error(
                    &vec![f("teacher"), f("plan"), i(k)],
                    "a step of the lesson plan needs its minutes and what the class does",
                    None,
                );
            }
        }
        for (k, r) in t.rubric.iter().enumerate() {
            if [&r.criterion, &r.strong, &r.adequate, &r.weak]
                .iter()
                .any(|x| x.trim().is_empty())
            {
                self.error(
                    &vec![f("teacher"), f("rubric"), i(k)],
                    "a rubric row needs its criterion and what a strong, an adequate and a weak hand-in show",
                    None,
                );
            }
        }
    }

    /// `sides`: at least one chair, each named once; the AI Washington's policy one that exists;
    /// the other chair's briefing complete, with sources the level has — and a warning when a
    /// chair a student may take has no briefing of its own.
    fn sides(&mut self, level: &Level) {
        use crate::sim::vocab::Side;
        let c = self;
        let sides = &level.sides;
        if sides.playable.is_empty() {
            c.error(
                &vec![f("sides"), f("playable")],
                "no chair can be played: `playable` is empty",
                Some("list `us`, `opponent` or both: `playable: [us, opponent]`".into()),
            );
        }
        for (k, s) in sides.playable.iter().enumerate() {
            if sides.playable[..k].contains(s) {
                c.error(
                    &vec![f("sides"), f("playable"), i(k)],
                    format!("`{}` is listed twice in `playable`", side_id(*s)),
                    None,
                );
            }
        }
        if let Some(w) = &sides.washington {
            let known: Vec<String> = crate::sim::vocab::US_STRATEGIES
                .iter()
                .map(|s| s.to_string())
                .chain(level.policies.iter().map(|p| p.id.clone()))
                .collect();
            if !known.contains(w) {
                c.error(
                    &vec![f("sides"), f("washington")],
                    format!("there is no U.S. policy `{w}` for the AI Washington to play"),
                    Some(Self::did_you_mean(w, &known).unwrap_or_else(|| {
                        format!(
                            "use a built-in strategy or one of the level's `policies`: {}",
                            known.join(", ")
                        )
                    })),
                );
            }
        }
        match &sides.opponent {
            Some(b) => {
                if b.context.trim().is_empty() {
                    c.error(
                        &vec![f("sides"), f("opponent"), f("context")],
                        "the other chair's briefing has an empty context",
                        None,
                    );
                }
                for (k, s) in b.sources.iter().enumerate() {
                    let table = c.sources.clone();
                    c.lookup(
                        &Origin::Level(vec![f("sides"), f("opponent"), f("sources")]),
                        &[i(k)],
                        "source",
                        s,
                        &table,
                    );
                }
                if !b.tips.is_empty() {
                    c.warn(
                        &vec![f("sides"), f("opponent"), f("tips")],
                        "tips are shown only in the U.S. chair; the other chair's are not used",
                        None,
                    );
                }
            }
            None if sides.playable.contains(&Side::Opponent) => c.warn(
                &vec![f("sides")],
                "the other side's chair can be played but has no briefing of its own: a student there would read only the U.S. briefing",
                Some("add `sides: (opponent: (context: \"…\", objectives: [...], sources: [...]))`, or leave the chair out: `sides: (playable: [us])`".into()),
            ),
            None => {}
        }
    }

    /// Briefing and debrief.
    pub(super) fn briefing(&mut self, level: &Level) {
        let c = self;
        if level.briefing.context.trim().is_empty() {
            c.error(
                &vec![f("briefing"), f("context")],
                "the briefing's context is empty",
                None,
            );
        }
        for (k, s) in level.briefing.sources.iter().enumerate() {
            let table = c.sources.clone();
            c.lookup(
                &Origin::Level(vec![f("briefing"), f("sources")]),
                &[i(k)],
                "source",
                s,
                &table,
            );
        }
        for (k, l) in level.lengths.iter().enumerate() {
            c.range(
                &vec![f("lengths"), i(k), f("rounds")],
                "a length's rounds",
                i64::from(l.rounds),
                1,
                120,
            );
            c.range(
                &vec![f("lengths"), i(k), f("months_per_round")],
                "a length's months per round",
                i64::from(l.months_per_round),
                1,
                12,
            );
            if level.lengths[..k].iter().any(|o| o.id == l.id) {
                c.error(
                    &vec![f("lengths"), i(k), f("id")],
                    format!("the length `{}` is defined twice", l.id),
                    None,
                );
            }
        }
        c.sides(level);
        c.teacher(level);
        for (k, t) in level.briefing.tips.iter().enumerate() {
            c.range(
                &vec![f("briefing"), f("tips"), i(k), f("round")],
                "a tip's round",
                i64::from(t.round),
                1,
                i64::from(level.rounds.max(1)),
            );
            for (j, e) in t.expect.iter().enumerate() {
                if let crate::level::types::TipExpect::Action(id) = e {
                    let table = c.actions.clone();
                    c.lookup(
                        &Origin::Level(vec![f("briefing"), f("tips"), i(k), f("expect")]),
                        &[i(j)],
                        "action",
                        id,
                        &table,
                    );
                }
            }
            if let Some(first) = level.briefing.tips[..k]
                .iter()
                .position(|o| o.round == t.round)
            {
                c.warn(
                    &vec![f("briefing"), f("tips"), i(k), f("round")],
                    format!(
                        "tip {} is for round {}, like tip {}: only the first is shown",
                        k + 1,
                        t.round,
                        first + 1
                    ),
                    Some("merge the two texts into one tip".into()),
                );
            }
        }
        for (k, n) in level.debrief.history.iter().enumerate() {
            check_source_ref(
                c,
                &vec![f("debrief"), f("history"), i(k), f("source")],
                &n.source,
            );
        }
    }
    /// Likely mistakes: events that can never fire, a victory no action can reach, unseen sites.
    pub(super) fn likely_mistakes(&mut self, level: &Level, parts: &Parts<'_>) {
        let c = self;
        let Parts {
            actions,
            moves,
            steps,
            agreements,
            events,
        } = *parts;
        let mut flags_set = vec![false; level.flags.len()];
        let mut raises_normalization = false;
        {
            let mut scan = |effs: &[Eff]| {
                for e in effs {
                    match e {
                        Eff::SetFlag(f) => {
                            if let Some(x) = flags_set.get_mut(*f as usize) {
                                *x = true;
                            }
                        }
                        Eff::Add(Var::Normalization, x) if *x > 0 => raises_normalization = true,
                        _ => {}
                    }
                }
            };
            actions.iter().for_each(|a| scan(&a.effects));
            moves
                .iter()
                .filter(|m| m.enabled)
                .for_each(|m| scan(&m.effects));
            steps.iter().for_each(|s| scan(&s.effects));
            events.iter().for_each(|e| scan(&e.effects));
            agreements.iter().for_each(|a| scan(&a.upkeep));
        }
        let site_truths: Vec<TruthDef> = level.sites.iter().map(|s| s.truth.clone()).collect();
        for (k, e) in events.iter().enumerate() {
            if e.chance == 0 {
                continue;
            }
            if let Some(why) = never_reason(
                &e.when,
                &flags_set,
                &level.flags,
                &site_truths,
                level.rounds,
            ) {
                c.warn(
                    &vec![f("events"), i(k), f("when")],
                    format!("event `{}` can never fire: {why}", e.id),
                    None,
                );
            }
        }
        let peace = &level.outcomes.peace;
        let norm_start = level.initial.normalization;
        if peace.normalization > norm_start && !raises_normalization {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("normalization")],
                format!(
                    "verified peace needs normalization {} but nothing in this level raises it above {norm_start}: the victory cannot be reached",
                    peace.normalization
                ),
                None,
            );
        }
        if peace.verified_steps > 0 && !actions.iter().any(|a| a.offerable) {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("verified_steps")],
                "verified peace needs verified steps, but no action can be offered as a reward, so no offer can be made".to_string(),
                None,
            );
        }
        // A step counts once toward peace (the same kind, at the same site): no level can need more
        // different steps than its step kinds and sites give.
        let distinct_steps: usize = steps
            .iter()
            .map(|s| {
                if s.kind.takes_site() {
                    level.sites.len()
                } else {
                    1
                }
            })
            .sum();
        if peace.verified_steps as usize > distinct_steps {
            c.warn(
                &vec![f("outcomes"), f("peace"), f("verified_steps")],
                format!(
                    "verified peace needs {} different verified steps, but this level can produce at most {distinct_steps} ({} kinds of step, those with a site once per site): the victory cannot be reached",
                    peace.verified_steps,
                    steps.len()
                ),
                Some(format!("use at most {distinct_steps}, or add sites")),
            );
        }
        // An event that ends the game in verified peace whatever the player does makes the victory a
        // script, not an outcome.
        for (k, e) in events.iter().enumerate() {
            if e.chance > 0
                && matches!(e.when, Cond::Always)
                && e.effects
                    .contains(&Eff::EndGame(crate::sim::vocab::OutcomeKind::VerifiedPeace))
            {
                c.warn(
                    &vec![f("events"), i(k), f("effects")],
                    format!(
                        "event `{}` ends the game in verified peace with no condition: the player wins whatever they do",
                        e.id
                    ),
                    Some("give the event a `when` (e.g. `AtLeast(normalization, 60)`), or end the game another way".into()),
                );
            }
        }
        for (k, s) in level.sites.iter().enumerate() {
            let referenced = events
                .iter()
                .any(|e| e.site == Some(k as u16) || e.effects.contains(&Eff::Leak(k as u16)))
                || agreements
                    .iter()
                    .any(|a| a.steps.iter().any(|st| st.site == Some(k as u16)));
            let can_be_active = matches!(s.truth, TruthDef::Active)
                || matches!(s.truth, TruthDef::Chance { active, .. } if active > 0);
            if !s.suspected && !referenced && !can_be_active {
                c.warn(
                    &vec![f("sites"), i(k), f("id")],
                    format!(
                        "site `{}` is never suspected, never leaked and never active: the player can never see it",
                        s.id
                    ),
                    None,
                );
            }
        }
    }
    /// Unused declarations.
    pub(super) fn unused(&mut self, level: &Level, defaults: &Defaults) {
        let c = self;
        for (k, fl) in level.flags.iter().enumerate() {
            if !c.used_flags.contains(fl) {
                c.warn(
                    &vec![f("flags"), i(k)],
                    format!("flag `{fl}` is never set or tested"),
                    None,
                );
            }
        }
        for (k, a) in level.assumptions.iter().enumerate() {
            if !c.used_weights.contains(&a.id) && !defaults.assumptions.iter().any(|d| d.id == a.id)
            {
                c.warn(
                    &vec![f("assumptions"), i(k), f("id")],
                    format!("assumption `{}` is not used by any rule or effect", a.id),
                    None,
                );
            }
        }
    }
}

/// Why a condition can never hold, if it cannot (a static check for authors).
pub(super) fn never_reason(
    c: &Cond,
    flags_set: &[bool],
    flag_names: &[String],
    truths: &[TruthDef],
    rounds: u32,
) -> Option<String> {
    match c {
        Cond::Never => Some("its date window lies outside the game".into()),
        Cond::Round(a, _) if *a > rounds => Some(format!("round {a} is after the last round")),
        Cond::Flag(f) if !flags_set.get(*f as usize).copied().unwrap_or(true) => Some(format!(
            "flag `{}` is never set by any effect",
            flag_names.get(*f as usize).map_or("?", |s| s.as_str())
        )),
        Cond::SiteIs(s, t) => {
            let truth = truths.get(*s as usize)?;
            let possible = matches!(
                (truth, t),
                (TruthDef::Chance { .. } | TruthDef::Active, _)
                    | (TruthDef::Empty, crate::level::types::Truth::Empty)
                    | (TruthDef::Cleaned, crate::level::types::Truth::Cleaned)
            );
            (!possible).then(|| "that site can never have that truth".into())
        }
        Cond::All(cs) => {
            if let Some(w) = cs
                .iter()
                .find_map(|x| never_reason(x, flags_set, flag_names, truths, rounds))
            {
                return Some(w);
            }
            let mut lo = [i32::MIN; crate::sim::vars::VAR_COUNT];
            let mut hi = [i32::MAX; crate::sim::vars::VAR_COUNT];
            for x in cs {
                match x {
                    Cond::AtLeast(v, n) => lo[v.index()] = lo[v.index()].max(*n),
                    Cond::AtMost(v, n) => hi[v.index()] = hi[v.index()].min(*n),
                    _ => {}
                }
            }
            for k in 0..crate::sim::vars::VAR_COUNT {
                if lo[k] > hi[k] {
                    let v = crate::sim::vars::Var::BUILTIN
                        .get(k)
                        .map_or("a level variable", |v| v.id());
                    return Some(format!(
                        "{v} cannot be at least {} and at most {} at once",
                        lo[k], hi[k]
                    ));
                }
            }
            for x in cs {
                if let Cond::Flag(f) = x
                    && cs.contains(&Cond::NoFlag(*f))
                {
                    return Some("it needs a flag both set and unset".into());
                }
            }
            None
        }
        Cond::Any(cs) if !cs.is_empty() => {
            let reasons: Vec<String> = cs
                .iter()
                .filter_map(|x| never_reason(x, flags_set, flag_names, truths, rounds))
                .collect();
            (reasons.len() == cs.len()).then(|| reasons.join("; and "))
        }
        _ => None,
    }
}

/// A chair as a level file spells it.
fn side_id(s: crate::sim::vocab::Side) -> &'static str {
    match s {
        crate::sim::vocab::Side::Us => "us",
        crate::sim::vocab::Side::Opponent => "opponent",
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{said, says_at};

    #[test]
    fn tips_and_sources_are_checked_and_an_unreachable_victory_is_warned() {
        let s = said("                round: 1,", "                round: 9,");
        says_at(
            &s,
            "a tip's round is 9, out of range: it must be between 1 and 7",
            153,
        );
        let s = said("sources: [\"neilan-2000\"],", "sources: [\"neilan-200\"],");
        says_at(&s, "unknown source `neilan-200`", 150);
        let s = said("peace: (verified_steps: 3,", "peace: (verified_steps: 30,");
        assert!(s.contains("the victory cannot be reached"), "{s}");
    }
}
