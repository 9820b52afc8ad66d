//! What happens over time: agreements in force, events (with the check that a source is not dated before what it reports), and the outcomes.

use super::*;

impl Compiler<'_> {
    /// Agreements.
    pub(super) fn agreements(
        &mut self,
        level: &Level,
        actions: &[Action],
    ) -> Vec<AgreementTemplate> {
        let c = self;
        let ag_ids = c.agreements.clone();
        c.unique(&vec![f("agreements")], "agreement", &ag_ids);
        let mut agreements = Vec::new();
        for (k, a) in level.agreements.iter().enumerate() {
            let base = vec![f("agreements"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "agreement", &a.id);
            let origin = Origin::Level(base.clone());
            let mut gives = Vec::new();
            for (g, id) in a.gives.iter().enumerate() {
                let table = c.actions.clone();
                if let Some(ix) = c.lookup(&origin, &[f("gives"), i(g)], "action", id, &table) {
                    let act = &actions[ix as usize];
                    if !act.offerable {
                        c.error(
                            &join(&base, &[f("gives"), i(g)]),
                            format!("`{id}` is not a concession that can be given in an agreement"),
                            None,
                        );
                    }
                    gives.push(ix);
                }
            }
            if a.steps.is_empty() {
                c.error(
                    &join(&base, &[f("steps")]),
                    "an agreement needs at least one step",
                    None,
                );
            }
            let mut targets = Vec::new();
            for (s, step) in a.steps.iter().enumerate() {
                let site = match step.site() {
                    Some(sid) => {
                        let table = c.sites.clone();
                        c.lookup(&origin, &[f("steps"), i(s), i(0)], "site", sid, &table)
                    }
                    None => None,
                };
                let kind = match step.kind() {
                    Some(k) => Some(k),
                    None => c.own_step(&origin, &[f("steps"), i(s), i(0)], step.id()),
                };
                if let Some(kind) = kind {
                    targets.push(StepTarget { kind, site });
                }
            }
            let upkeep = c.effects(&Origin::Level(join(&base, &[f("upkeep")])), &a.upkeep, None);
            agreements.push(AgreementTemplate {
                id: a.id.clone(),
                name: a.name.clone(),
                gives,
                steps: targets,
                sequencing: a.sequencing,
                upkeep,
                in_force: a.in_force,
                note: a.note.clone(),
                source: a.source.clone(),
            });
        }
        agreements
    }
    /// Events.
    pub(super) fn events(&mut self, level: &Level) -> Vec<Event> {
        let c = self;
        let ev_ids: Vec<String> = level.events.iter().map(|e| e.id.clone()).collect();
        c.unique(&vec![f("events")], "event", &ev_ids);
        let mut events = Vec::new();
        for (k, e) in level.events.iter().enumerate() {
            let base = vec![f("events"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "event", &e.id);
            // A number, or an assumption of the ledger, so a flipped assumption reaches events.
            let errors_before = c.diags.errors().count();
            let chance = c.amount(&Origin::Level(join(&base, &[f("chance")])), &[], &e.chance);
            if c.diags.errors().count() > errors_before {
                // Already said: an unknown assumption.
            } else if !(0..=100).contains(&chance) {
                c.error(
                    &join(&base, &[f("chance")]),
                    format!("chance is {chance}%, out of range: it must be between 0 and 100"),
                    None,
                );
            } else if chance == 0 {
                c.warn(
                    &join(&base, &[f("chance")]),
                    format!("event `{}` has a 0% chance and never fires", e.id),
                    None,
                );
            }
            if e.headline.trim().is_empty() {
                c.error(
                    &join(&base, &[f("headline")]),
                    "the headline is empty",
                    None,
                );
            }
            let when = c.cond(&Origin::Level(join(&base, &[f("when")])), &[], &e.when);
            let effects = c.effects(
                &Origin::Level(join(&base, &[f("effects")])),
                &e.effects,
                None,
            );
            if e.site.is_some() && e.place.is_some() {
                c.warn(
                    &join(&base, &[f("place")]),
                    format!(
                        "event `{}` has both a `site` and a `place`: its news is shown at the site, and the place is not used",
                        e.id
                    ),
                    Some("keep one of the two".into()),
                );
            }
            let site = match &e.site {
                Some(s) => {
                    let table = c.sites.clone();
                    c.lookup(
                        &Origin::Level(base.clone()),
                        &[f("site")],
                        "site",
                        s,
                        &table,
                    )
                }
                None => None,
            };
            let place = e.place.as_ref().and_then(|pl| {
                let table: Vec<String> = Place::BUILT_IN
                    .iter()
                    .map(|b| b.builtin_id().to_string())
                    .chain(level.places.iter().map(|p| p.id.clone()))
                    .collect();
                let k = c.lookup(
                    &Origin::Level(base.clone()),
                    &[f("place")],
                    "place",
                    &pl.0,
                    &table,
                )?;
                let n = Place::BUILT_IN.len() as u16;
                Some(if k < n {
                    Place::BUILT_IN[usize::from(k)]
                } else {
                    Place::Level(k - n)
                })
            });
            check_source_ref(c, &join(&base, &[f("source")]), &e.source);
            let window = when.rounds();
            check_event_record(c, &base, level, e, window);
            events.push(Event {
                id: e.id.clone(),
                window,
                when: when.within(window),
                chance: chance.clamp(0, 100) as u32,
                once: e.once,
                effects,
                headline: e.headline.clone(),
                body: e.body.clone(),
                source: e.source.clone(),
                site,
                place,
            });
        }
        events
    }
    /// Outcomes.
    pub(super) fn outcomes(&mut self, level: &Level) -> Outcomes {
        let c = self;
        let o = &level.outcomes;
        let pp = vec![f("outcomes"), f("peace")];
        if i64::from(o.peace.hold_rounds) > i64::from(level.rounds) {
            c.warn(
                &join(&pp, &[f("hold_rounds")]),
                format!(
                    "verified peace must hold {} rounds, but the game has only {}: it can never be won",
                    o.peace.hold_rounds, level.rounds
                ),
                Some(format!(
                    "hold it for at most {} rounds",
                    level.rounds.max(1)
                )),
            );
        }
        Outcomes {
            war_tension: o.war_tension,
            collapse_security: o.collapse_security,
            breakout_nuclear: o.breakout_nuclear,
            mandate_congress: o.mandate_congress,
            peace_steps: o.peace.verified_steps,
            peace_need_curtailment: o.peace.need_curtailment,
            peace_normalization: o.peace.normalization,
            peace_tension: o.peace.tension_at_most,
            peace_hold: o.peace.hold_rounds,
        }
    }
}

/// A source reference may be a declared source id or a free citation; an id-looking string that
/// matches no source is probably a typo.
pub(super) fn check_source_ref(c: &mut Compiler, path: &Path, s: &str) {
    if s.is_empty() || c.sources.iter().any(|x| x == s) {
        return;
    }
    let looks_like_id = !s.contains(' ') && s.len() < 40;
    if looks_like_id {
        let help = Compiler::did_you_mean(s, &c.sources);
        c.error(
            path,
            format!("unknown source `{s}`"),
            help.or(Some(
                "declare it under `sources`, or write the citation out in full".into(),
            )),
        );
    }
}
/// Whether a source's text labels an event as the game's invention at its date ("Game
/// counterfactual: …", "Tutorial: fictional").
pub fn labelled_invention(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("counterfactual") || t.contains("fictional")
}
/// The latest year (1900–2099) a citation names: when the record it cites was written.
pub fn latest_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut best: Option<i32> = None;
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() {
            let start = k;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k - start == 4
                && let Ok(y) = text[start..k].parse::<i32>()
                && (1900..=2099).contains(&y)
            {
                best = Some(best.map_or(y, |b: i32| b.max(y)));
            }
        } else {
            k += 1;
        }
    }
    best
}
/// Whether a text puts words in quotation marks.
pub(super) fn quotes_someone(text: &str) -> bool {
    text.matches('"').count() >= 2 || (text.contains('“') && text.contains('”'))
}
/// An event is a record of its source, or says it is the game's invention: an event that can
/// only happen after the source it cites was written (a 1995 appeal cited for floods in 2001)
/// carries the counterfactual label in its `source`, and quotation marks are kept for words
/// someone said, with a source that has them.
pub(super) fn check_event_record(
    c: &mut Compiler,
    base: &Path,
    level: &Level,
    e: &crate::level::types::EventDef,
    window: (u32, u32),
) {
    let cite = level
        .sources
        .iter()
        .find(|x| x.id == e.source)
        .map_or(e.source.as_str(), |x| x.cite.as_str());
    let invented = labelled_invention(&e.source) || labelled_invention(cite);
    if (invented || e.source.trim().is_empty())
        && (quotes_someone(&e.headline) || quotes_someone(&e.body))
    {
        c.warn(
            &join(base, &[f("headline")]),
            format!(
                "event `{}` puts words in quotation marks, but its source {}",
                e.id,
                if invented {
                    "says it is the game's invention"
                } else {
                    "is missing"
                }
            ),
            Some(
                "quotation marks are for words someone said, with the source that has them: drop them, or cite that source"
                    .into(),
            ),
        );
    }
    if invented || e.source.trim().is_empty() {
        return;
    }
    let (Some(year), Some(start)) = (latest_year(cite), YearMonth::parse(&level.start)) else {
        return;
    };
    let first = window.0.max(1);
    let from = start.plus((first - 1).saturating_mul(level.months_per_round.max(1)));
    if from.year > year {
        c.warn(
            &join(base, &[f("source")]),
            format!(
                "event `{}` can only happen from {from}, but its source dates from {year}: a record cannot report what came after it",
                e.id
            ),
            Some(
                "if the event is the game's invention at this date, say so in its source: `source: \"Game counterfactual: …, modelled on …\"`"
                    .into(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{said, says_at};
    use super::{labelled_invention, latest_year};

    #[test]
    fn an_agreement_needs_a_step() {
        let s = said("steps: [TestMoratorium],", "steps: [],");
        says_at(&s, "an agreement needs at least one step", 89);
    }

    #[test]
    fn a_source_is_read_for_its_year_and_its_label() {
        assert_eq!(
            latest_year("GAO report, 1999; hearing, 16 March 2000."),
            Some(2000)
        );
        assert_eq!(latest_year("no year here"), None);
        assert!(labelled_invention(
            "Tutorial: fictional, modelled on the WFP's appeals"
        ));
        assert!(!labelled_invention(
            "UN press release WFP/1019, November 1995"
        ));
    }
}
