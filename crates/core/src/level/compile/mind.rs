//! The other side's mind: its hidden types, and the assumption ledger (the level's values over the shipped ones, presets and the starting beliefs).

use super::*;

impl Compiler<'_> {
    /// Pyongyang.
    pub(super) fn opponent_types(&mut self, level: &Level) -> Vec<Personality> {
        let c = self;
        let py = &level.opponent_mind;
        if py.types.is_empty() {
            c.error(
                &vec![f("opponent_mind"), f("types")],
                "the other side needs at least one type",
                None,
            );
        }
        let type_ids: Vec<String> = py.types.iter().map(|t| t.id.clone()).collect();
        c.unique(&vec![f("opponent_mind"), f("types")], "type", &type_ids);
        if !py.types.is_empty() && py.types.iter().all(|t| t.weight == 0) {
            c.error(
                &vec![f("opponent_mind"), f("types")],
                "the weights of the other side's types add up to zero",
                None,
            );
        }
        let mut types = Vec::new();
        for (k, t) in py.types.iter().enumerate() {
            let base = vec![f("opponent_mind"), f("types"), i(k)];
            for (name, v) in [
                ("survival", t.survival),
                ("economy", t.economy),
                ("face", t.face),
                ("opening_fear", t.opening_fear),
                ("opening_tolerance", t.opening_tolerance),
                ("risk", t.risk),
                ("deception", t.deception),
                ("patience", t.patience),
            ] {
                c.range(&join(&base, &[f(name)]), name, i64::from(v), 0, 100);
            }
            types.push(Personality {
                id: t.id.clone(),
                name: t.name.clone(),
                weight: t.weight,
                description: t.description.clone(),
                survival: t.survival,
                economy: t.economy,
                face: t.face,
                opening_fear: t.opening_fear,
                opening_tolerance: t.opening_tolerance,
                risk: t.risk,
                deception: t.deception,
                patience: t.patience,
            });
        }
        // The beliefs are percentages; `strength` (pseudo-observations) is checked with the other
        // single numbers.
        for (name, v) in py.prior.to_prior().values() {
            if name != "strength" {
                c.range(
                    &vec![f("opponent_mind"), f("prior"), f(name)],
                    name,
                    i64::from(v),
                    0,
                    100,
                );
            }
        }
        types
    }
    /// The assumption ledger: defaults, then the level's overrides and additions.
    pub(super) fn ledger(
        &mut self,
        level: &Level,
        defaults: &Defaults,
    ) -> (Vec<Assumption>, Prior, Weights) {
        let c = self;
        let mut ledger: Vec<Assumption> = Vec::new();
        let mut bounds: BTreeMap<String, (i32, i32)> = BTreeMap::new();
        for a in &defaults.assumptions {
            c.ledger.insert(a.id.clone(), a.value);
            bounds.insert(
                a.id.clone(),
                (a.min.unwrap_or(-1000), a.max.unwrap_or(1000)),
            );
            ledger.push(assumption_from(a, None));
        }
        for (k, a) in level.assumptions.iter().enumerate() {
            let base = vec![f("assumptions"), i(k)];
            if level.assumptions[..k].iter().any(|b| b.id == a.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("assumption `{}` is set twice", a.id),
                    None,
                );
                continue;
            }
            match ledger.iter_mut().find(|x| x.id == a.id) {
                Some(existing) => {
                    if let Some(&(lo, hi)) = bounds.get(&a.id) {
                        c.range(
                            &join(&base, &[f("value")]),
                            &format!("assumption `{}`", a.id),
                            i64::from(a.value),
                            i64::from(lo),
                            i64::from(hi),
                        );
                    }
                    existing.default_value = Some(existing.value);
                    existing.value = a.value;
                    if !a.claim.is_empty() {
                        existing.claim = a.claim.clone();
                    }
                    if !a.source.is_empty() {
                        existing.source = a.source.clone();
                    }
                    if let Some(conf) = a.confidence {
                        existing.confidence = conf;
                    }
                    if !a.unit.is_empty() {
                        existing.unit = a.unit.clone();
                    }
                    c.ledger.insert(a.id.clone(), a.value);
                }
                None => {
                    c.check_id(&join(&base, &[f("id")]), "assumption", &a.id);
                    if a.claim.trim().is_empty() || a.source.trim().is_empty() {
                        let known: Vec<String> =
                            defaults.assumptions.iter().map(|x| x.id.clone()).collect();
                        let help = Compiler::did_you_mean(&a.id, &known);
                        c.error(
                            &join(&base, &[f("id")]),
                            format!("`{}` is not a shipped assumption; a new one needs a `claim` and a `source`", a.id),
                            help,
                        );
                    }
                    if let (Some(lo), Some(hi)) = (a.min, a.max)
                        && lo > hi
                    {
                        c.error(
                            &join(&base, &[f("min")]),
                            format!(
                                "assumption `{}` has its range backwards: min {lo} is above max {hi}",
                                a.id
                            ),
                            Some(format!("write `min: {hi}, max: {lo}`")),
                        );
                    } else if let (Some(lo), Some(hi)) = (a.min, a.max) {
                        c.range(
                            &join(&base, &[f("value")]),
                            &format!("assumption `{}`", a.id),
                            i64::from(a.value),
                            i64::from(lo),
                            i64::from(hi),
                        );
                    }
                    ledger.push(assumption_from(a, None));
                    c.ledger.insert(a.id.clone(), a.value);
                }
            }
        }
        // Pyongyang's starting beliefs are ledger entries too (`prior_*`): the level's `prior` block
        // sets them, an explicit assumption (or a preset, or the command line) overrides that.
        let written = level.opponent_mind.prior.to_prior();
        for (name, v) in written.values() {
            let id = format!("prior_{name}");
            c.used_weights.push(id.clone());
            if level.assumptions.iter().any(|a| a.id == id) {
                continue;
            }
            if let Some(entry) = ledger.iter_mut().find(|a| a.id == id) {
                if entry.value != v {
                    entry.default_value = Some(entry.value);
                    entry.value = v;
                    entry.source = format!(
                        "This level's judgement of {}'s beliefs at its start.",
                        level.opponent.name
                    );
                }
                c.ledger.insert(id, v);
            }
        }
        // The ledger's value where it has the entry, else the level's own.
        let as_written = written.values();
        let prior = Prior::from_fn(|name| {
            c.ledger
                .get(&format!("prior_{name}"))
                .or_else(|| as_written.iter().find(|(n, _)| *n == name).map(|(_, v)| v))
                .copied()
                .unwrap_or(0)
        });

        let mut weights = Weights::default();
        for &id in Weights::IDS {
            match c.ledger.get(id) {
                Some(&v) => {
                    weights.set(id, v);
                    c.used_weights.push(id.to_string());
                }
                None => c.diags.push_at(
                    Diagnostic::error(format!("the shipped defaults lack the assumption `{id}`")),
                    None,
                ),
            }
        }
        (ledger, prior, weights)
    }
}

pub(super) fn assumption_from(a: &AssumptionDef, default_value: Option<i32>) -> Assumption {
    Assumption {
        id: a.id.clone(),
        value: a.value,
        default_value,
        claim: a.claim.clone(),
        unit: a.unit.clone(),
        source: a.source.clone(),
        confidence: a.confidence.unwrap_or(crate::level::types::Confidence::Low),
        min: a.min.unwrap_or(0).min(a.value),
        max: a.max.unwrap_or(100).max(a.value),
        school: a.school,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{edited, said, says_at};

    #[test]
    fn types_need_weight_and_the_prior_is_in_range() {
        let s = said("weight: 1,", "weight: 0,");
        assert!(
            s.contains("the weights of the other side's types add up to zero"),
            "{s}"
        );
        let s = said(
            "concede_after_provocation: 55",
            "concede_after_provocation: 155",
        );
        says_at(&s, "concede_after_provocation is 155, out of range", 48);
    }

    #[test]
    fn the_types_and_prior_reach_the_rules() {
        let Ok(l) = edited("weight: 1,", "weight: 3,") else {
            panic!("the tutorial loads");
        };
        assert_eq!(l.rules.types.len(), 1);
        assert_eq!(l.rules.types[0].name, "Pragmatist");
    }
}
