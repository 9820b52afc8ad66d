//! The catalogues: U.S. actions, the other side's moves and the steps it can be asked for, each the shipped data with the level's changes and additions.

use super::*;

impl Compiler<'_> {
    /// U.S. actions: the defaults, less what the level disables, with its changes, plus additions.
    pub(super) fn us_actions(&mut self, level: &Level, defaults: &Defaults) -> Vec<Action> {
        let c = self;
        let dl = &level.actions;
        let default_ids: Vec<String> = defaults.actions.iter().map(|a| a.id.clone()).collect();
        for (k, id) in dl.disable.iter().enumerate() {
            if dl.add.iter().any(|a| a.id == *id) {
                c.error(
                    &vec![f("actions"), f("disable"), i(k)],
                    format!("action `{id}` is added by this file, so there is nothing to disable"),
                    Some(format!(
                        "remove `{id}` from `disable`; `disable` removes shipped actions, and an added one is simply not added"
                    )),
                );
            } else if !default_ids.contains(id) {
                let help = Compiler::did_you_mean(id, &default_ids);
                c.error(
                    &vec![f("actions"), f("disable"), i(k)],
                    format!("unknown action `{id}`"),
                    help,
                );
            }
        }
        let mut merged: Vec<(ActionDef, Origin)> = defaults
            .actions
            .iter()
            .filter(|a| !dl.disable.contains(&a.id))
            .map(|a| (a.clone(), Origin::Defaults))
            .collect();
        for (k, p) in dl.change.iter().enumerate() {
            let base = vec![f("actions"), f("change"), i(k)];
            if dl.disable.contains(&p.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("action `{}` is both disabled and changed", p.id),
                    None,
                );
                continue;
            }
            let Some((a, origin)) = merged.iter_mut().find(|(a, _)| a.id == p.id) else {
                let help = Compiler::did_you_mean(&p.id, &default_ids);
                c.error(
                    &join(&base, &[f("id")]),
                    format!("unknown action `{}`", p.id),
                    help,
                );
                continue;
            };
            if let Some(x) = &p.name {
                a.name = x.clone();
            }
            if let Some(x) = p.ap {
                a.ap = x;
            }
            if let Some(x) = p.cost {
                a.cost = x;
            }
            if let Some(x) = &p.requires {
                a.requires = x.clone();
            }
            if let Some(x) = &p.requires_text {
                a.requires_text = x.clone();
            }
            if let Some(x) = &p.effects {
                a.effects = x.clone();
                *origin = Origin::Level(base.clone());
            }
            if let Some(x) = p.offerable {
                a.offerable = x;
            }
            if let Some(x) = &p.description {
                a.description = x.clone();
            }
            if let Some(x) = &p.source {
                a.source = x.clone();
            }
            if p.requires.is_some() && matches!(origin, Origin::Defaults) {
                *origin = Origin::Level(base.clone());
            }
        }
        for (k, a) in dl.add.iter().enumerate() {
            let base = vec![f("actions"), f("add"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "action", &a.id);
            // An added id that is also disabled is reported once, at `disable`, unless it is a
            // shipped action's (then the file should change it instead).
            let shipped_disabled = dl.disable.contains(&a.id) && default_ids.contains(&a.id);
            if merged.iter().any(|(m, _)| m.id == a.id) || shipped_disabled {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("action `{}` already exists; use `change` to alter it", a.id),
                    None,
                );
                continue;
            }
            merged.push((a.clone(), Origin::Level(base)));
        }
        c.actions = merged.iter().map(|(a, _)| a.id.clone()).collect();
        let mut actions = Vec::new();
        for (a, origin) in &merged {
            let (effects_origin, requires_origin) = match origin {
                Origin::Level(p) => (
                    Origin::Level(join(p, &[f("effects")])),
                    Origin::Level(join(p, &[f("requires")])),
                ),
                Origin::Defaults => (Origin::Defaults, Origin::Defaults),
            };
            if let Origin::Level(p) = origin {
                c.range(&join(p, &[f("ap")]), "ap", i64::from(a.ap), 0, 5);
                c.range(&join(p, &[f("cost")]), "cost", i64::from(a.cost), 0, 10_000);
            }
            if !a.requires_text.trim().is_empty() && matches!(a.requires, Condition::Always) {
                // Where the text was written: in an addition, or in a change of a shipped action.
                let at = match origin {
                    Origin::Level(p) => Some(join(p, &[f("requires_text")])),
                    Origin::Defaults => dl
                        .change
                        .iter()
                        .position(|x| x.id == a.id && x.requires_text.is_some())
                        .map(|k| vec![f("actions"), f("change"), i(k), f("requires_text")]),
                };
                if let Some(at) = at {
                    c.warn(
                        &at,
                        format!(
                            "action `{}` explains why it may fail (`requires_text`) but has no `requires`, so it never fails",
                            a.id
                        ),
                        Some("add the condition, e.g. `requires: AtLeast(tension, 40)`, or remove `requires_text`".into()),
                    );
                }
            }
            let effects = c.effects(&effects_origin, &a.effects, Some(a.target));
            let requires = c.cond(&requires_origin, &[], &a.requires);
            actions.push(Action {
                id: a.id.clone(),
                name: a.name.clone(),
                group: a.group,
                ap: a.ap,
                cost: a.cost,
                target: a.target,
                requires,
                requires_text: a.requires_text.clone(),
                effects,
                offerable: a.offerable,
                description: a.description.clone(),
                source: a.source.clone(),
            });
        }
        actions
    }
    /// Pyongyang's moves: the shipped ones with the level's changes, then the level's own.
    pub(super) fn dprk_moves(&mut self, level: &Level, defaults: &Defaults) -> Vec<Move> {
        let c = self;
        let ml = &level.opponent_moves;
        let all: Vec<String> = MoveKind::BUILTIN
            .iter()
            .map(|m| m.id().to_string())
            .chain(level.names.moves.iter().cloned())
            .collect();
        for (k, id) in ml.disable.iter().enumerate() {
            if !all.contains(id) {
                let help = Compiler::did_you_mean(id, &all);
                c.error(
                    &vec![f("opponent_moves"), f("disable"), i(k)],
                    format!("unknown move `{id}`"),
                    help,
                );
            }
        }
        let mut moves = Vec::new();
        for kind in MoveKind::BUILTIN.iter().copied() {
            let Some(def) = defaults.moves.iter().find(|m| m.id == kind) else {
                c.diags.push_at(
                    Diagnostic::error(format!(
                        "the shipped defaults lack the move `{}`",
                        kind.id()
                    )),
                    None,
                );
                continue;
            };
            let mut def = def.clone();
            let mut origin = Origin::Defaults;
            if let Some((k, p)) = ml.change.iter().enumerate().find(|(_, p)| p.id == kind) {
                let base = vec![f("opponent_moves"), f("change"), i(k)];
                if let Some(x) = &p.name {
                    def.name = x.clone();
                }
                if let Some(x) = p.public {
                    def.public = x;
                }
                if let Some(x) = p.face {
                    c.range(&join(&base, &[f("face")]), "face", i64::from(x), -20, 20);
                    def.face = x;
                }
                if let Some(x) = &p.requires {
                    def.requires = x.clone();
                }
                if let Some(x) = &p.effects {
                    def.effects = x.clone();
                }
                if let Some(x) = &p.description {
                    def.description = x.clone();
                }
                if let Some(x) = &p.source {
                    def.source = x.clone();
                }
                if let Some(x) = &p.breaks {
                    def.breaks = x.clone();
                }
                origin = Origin::Level(base);
            }
            moves.push(c.one_move(kind, kind.id().to_string(), def, &origin, &ml.disable));
        }
        for (k, p) in ml.change.iter().enumerate() {
            if matches!(p.id, MoveKind::Level(_)) {
                c.error(
                    &vec![f("opponent_moves"), f("change"), i(k), f("id")],
                    "this move is the level's own: write its data in `add`, not `change`",
                    None,
                );
            }
        }
        let own = &level.names.moves;
        let mut seen: Vec<u8> = Vec::new();
        for (k, def) in ml.add.iter().enumerate() {
            let base = vec![f("opponent_moves"), f("add"), i(k)];
            let MoveKind::Level(slot) = def.id else {
                c.error(
                    &join(&base, &[f("id")]),
                    format!(
                        "`{}` is a shipped move: change it with `change`, or give the new move an id of its own",
                        def.id.id()
                    ),
                    None,
                );
                continue;
            };
            let id = own.get(usize::from(slot)).cloned().unwrap_or_default();
            c.check_id(&join(&base, &[f("id")]), "move", &id);
            if seen.contains(&slot) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate move id `{id}`"),
                    None,
                );
            }
            seen.push(slot);
            c.range(
                &join(&base, &[f("face")]),
                "face",
                i64::from(def.face),
                -20,
                20,
            );
            let origin = Origin::Level(base);
            moves.push(c.one_move(def.id, id, def.clone(), &origin, &ml.disable));
        }
        moves
    }
    /// One move, compiled from its data (`origin` says where that data is written).
    pub(super) fn one_move(
        &mut self,
        kind: MoveKind,
        id: String,
        def: MoveDef,
        origin: &Origin,
        disabled: &[String],
    ) -> Move {
        let (eo, ro) = match origin {
            Origin::Level(p) => (
                Origin::Level(join(p, &[f("effects")])),
                Origin::Level(join(p, &[f("requires")])),
            ),
            Origin::Defaults => (Origin::Defaults, Origin::Defaults),
        };
        let effects = self.effects(&eo, &def.effects, None);
        let requires = self.cond(&ro, &[], &def.requires);
        Move {
            kind,
            enabled: !disabled.contains(&id),
            id,
            name: def.name,
            public: def.public,
            provocation: def.provocation,
            face: def.face,
            requires,
            effects,
            description: def.description,
            source: def.source,
            breaks: def.breaks,
        }
    }
    /// Steps.
    pub(super) fn steps(&mut self, level: &Level, defaults: &Defaults) -> Vec<Step> {
        let c = self;
        let mut steps = Vec::new();
        for kind in StepKind::BUILTIN.iter().copied() {
            let Some(def) = defaults.steps.iter().find(|s| s.id == kind) else {
                c.diags.push_at(
                    Diagnostic::error(format!(
                        "the shipped defaults lack the step `{}`",
                        kind.id()
                    )),
                    None,
                );
                continue;
            };
            let mut def = def.clone();
            let mut origin = Origin::Defaults;
            if let Some((k, p)) = level.steps.iter().enumerate().find(|(_, p)| p.id == kind) {
                if let Some(x) = &p.name {
                    def.name = x.clone();
                }
                if let Some(x) = &p.effects {
                    def.effects = x.clone();
                }
                if let Some(x) = &p.description {
                    def.description = x.clone();
                }
                origin = Origin::Level(vec![f("steps"), i(k), f("effects")]);
            }
            let effects = c.effects(&origin, &def.effects, None);
            steps.push(Step {
                kind,
                id: kind.id().to_string(),
                verify: crate::sim::vocab::VerifyDef::Seen,
                kept_rounds: 1,
                name: def.name,
                effects,
                verification: def.verification,
                description: def.description,
            });
        }
        if level.new_steps.len() > MAX_OWN {
            c.error(
                &vec![f("new_steps")],
                format!("a level may add at most {MAX_OWN} kinds of step"),
                None,
            );
        }
        for (k, def) in level.new_steps.iter().enumerate().take(MAX_OWN) {
            let base = vec![f("new_steps"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "step", &def.id);
            if StepKind::from_id(&def.id).is_some() {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is a shipped step: change it in `steps`, or give the new step an id of its own", def.id),
                    None,
                );
                continue;
            }
            if level.new_steps[..k].iter().any(|d| d.id == def.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate step id `{}`", def.id),
                    None,
                );
                continue;
            }
            let Some(kind) = level.names.step(&def.id).map(|(slot, ongoing)| {
                StepKind::Level(crate::sim::vocab::LevelStep { slot, ongoing })
            }) else {
                continue;
            };
            if def.ongoing {
                c.range(
                    &join(&base, &[f("kept_rounds")]),
                    "kept_rounds",
                    i64::from(def.kept_rounds),
                    1,
                    12,
                );
                if def.verified_by != crate::sim::vocab::VerifyDef::Seen {
                    c.error(
                        &join(&base, &[f("verified_by")]),
                        "an ongoing step is verified by being kept (`kept_rounds`), not by `verified_by`",
                        Some("remove `verified_by`, or make the step one-off with `ongoing: false`".into()),
                    );
                }
            }
            if let crate::sim::vocab::VerifyDef::Surveillance(v)
            | crate::sim::vocab::VerifyDef::InspectionOrSurveillance(v) = def.verified_by
                && !v.is_hidden()
            {
                c.error(
                    &join(&base, &[f("verified_by")]),
                    "surveillance watches a hidden variable; this one the player already sees",
                    None,
                );
            }
            let effects = c.effects(
                &Origin::Level(join(&base, &[f("effects")])),
                &def.effects,
                None,
            );
            steps.push(Step {
                kind,
                id: def.id.clone(),
                name: def.name.clone(),
                effects,
                verification: def.verification.clone(),
                description: def.description.clone(),
                verify: def.verified_by,
                kept_rounds: def.kept_rounds,
            });
        }
        for (k, p) in level.steps.iter().enumerate() {
            if level.steps[..k].iter().any(|q| q.id == p.id) {
                c.error(
                    &vec![f("steps"), i(k), f("id")],
                    format!("step `{}` is changed twice", p.id.id()),
                    None,
                );
            }
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{said, says_at};

    #[test]
    fn a_change_to_the_catalogue_names_a_shipped_action() {
        let s = said(
            "    rounds: 7,",
            "    rounds: 7,\n    actions: (disable: [\"food_aid_monitord\"]),",
        );
        says_at(&s, "unknown action `food_aid_monitord`", 16);
        assert!(s.contains("did you mean `food_aid_monitored`?"), "{s}");
    }
}
