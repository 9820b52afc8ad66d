//! The level's own variables and its allies (up to three, by other names), and texts that name an ally the level does not have.

use super::*;

impl Compiler<'_> {
    /// The level's own variables: checked, with their start values written into `initial`.
    pub(super) fn own_vars(&mut self, level: &Level, initial: &mut VarTable) -> Vec<OwnVar> {
        let c = self;
        if level.variables.len() > MAX_OWN {
            c.error(
                &vec![f("variables")],
                format!("a level may add at most {MAX_OWN} variables"),
                None,
            );
        }
        let mut out = Vec::new();
        for (k, def) in level.variables.iter().enumerate().take(MAX_OWN) {
            let base = vec![f("variables"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "variable", &def.id);
            if Var::from_id(&def.id).is_some() {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("`{}` is a shipped variable: give the new one an id of its own (or rename the shipped one with `labels`)", def.id),
                    None,
                );
                continue;
            }
            if level.variables[..k].iter().any(|d| d.id == def.id) {
                c.error(
                    &join(&base, &[f("id")]),
                    format!("duplicate variable id `{}`", def.id),
                    None,
                );
                continue;
            }
            let Some(var) = level
                .names
                .var(&def.id)
                .map(|(slot, hidden)| Var::Level(crate::sim::vars::LevelVar { slot, hidden }))
            else {
                continue;
            };
            if def.min >= def.max {
                c.error(
                    &join(&base, &[f("max")]),
                    format!("`max` ({}) must be more than `min` ({})", def.max, def.min),
                    None,
                );
            }
            // Within the 0–100 scale every variable but the budget shares, so the dashboard's
            // bars and the debrief's charts draw it on the same scale as the others.
            c.range(&join(&base, &[f("min")]), "min", i64::from(def.min), 0, 100);
            c.range(&join(&base, &[f("max")]), "max", i64::from(def.max), 0, 100);
            c.range(
                &join(&base, &[f("start")]),
                &format!("the start of `{}`", def.id),
                i64::from(def.start),
                i64::from(def.min),
                i64::from(def.max.max(def.min)),
            );
            let origin = Origin::Level(base.clone());
            let drift = c.amount(&origin, &[f("drift")], &def.drift);
            let worth = c.amount(&origin, &[f("worth")], &def.worth);
            c.range(
                &join(&base, &[f("worth")]),
                "worth",
                i64::from(worth),
                -1000,
                1000,
            );
            let score = c.amount(&origin, &[f("score")], &def.score);
            c.range(
                &join(&base, &[f("score")]),
                "score",
                i64::from(score),
                0,
                100,
            );
            if score > 0 && def.rise_is_good.is_none() {
                c.error(
                    &join(&base, &[f("score")]),
                    format!(
                        "`{}` is scored, but the score cannot tell whether a rise is good",
                        def.id
                    ),
                    Some("add `rise_is_good: Some(true)` or `Some(false)`".into()),
                );
            }
            initial[var] = def.start.clamp(def.min, def.max.max(def.min));
            out.push(OwnVar {
                id: def.id.clone(),
                var,
                min: def.min,
                max: def.max.max(def.min),
                drift,
                worth,
                score,
                rise_is_good: def.rise_is_good,
                source: def.source.clone(),
            });
        }
        out
    }
    /// Warns about each shipped text still in play that names an ally the level does not have.
    pub(super) fn texts_naming_absent_allies(
        &mut self,
        actions: &[Action],
        moves: &[Move],
        steps: &[Step],
    ) {
        let missing: Vec<&str> = [(Var::Seoul, "{ally_1}"), (Var::Tokyo, "{ally_2}")]
            .into_iter()
            .filter(|(v, _)| self.absent.contains(v))
            .map(|(_, p)| p)
            .collect();
        if missing.is_empty() {
            return;
        }
        let names = |texts: &[&str]| missing.iter().any(|p| texts.iter().any(|t| t.contains(p)));
        let mut found: Vec<String> = Vec::new();
        for a in actions {
            if names(&[&a.name, &a.description, &a.requires_text]) {
                found.push(format!("action `{}`", a.id));
            }
        }
        for m in moves.iter().filter(|m| m.enabled) {
            if names(&[&m.name, &m.description]) {
                found.push(format!("move `{}`", m.id));
            }
        }
        for s in steps {
            if names(&[&s.name, &s.description, &s.verification]) {
                found.push(format!("step `{}`", s.id));
            }
        }
        if !found.is_empty() {
            self.warn(
                &vec![f("allies")],
                format!(
                    "these shipped texts name an ally this level does not have, and will read \"{NO_ALLY}\": {}",
                    found.join(", ")
                ),
                Some("rename or re-describe them with `change`, or disable them".into()),
            );
        }
    }
    /// The allies: the two built-in ones unless the level lists its own (zero to three; the
    /// first two hold their confidence in `seoul` and `tokyo`, a third in a variable of the
    /// level's own).
    pub(super) fn allies(
        &mut self,
        level: &Level,
        initial: &mut VarTable,
        own_vars: &mut Vec<OwnVar>,
    ) -> Vec<crate::sim::rules::Ally> {
        let c = self;
        let Some(list) = &level.allies else {
            return [Var::Seoul, Var::Tokyo]
                .into_iter()
                .map(|var| crate::sim::rules::Ally {
                    var,
                    name: String::new(),
                    patience: 0,
                    breaking_point: 0,
                    on_break: Vec::new(),
                    break_text: String::new(),
                    source: String::new(),
                })
                .collect();
        };
        if list.len() > 3 {
            c.error(&vec![f("allies")], "a level has at most three allies", None);
        }
        let mut out = Vec::new();
        for (k, a) in list.iter().enumerate().take(3) {
            let base = vec![f("allies"), i(k)];
            c.check_id(&join(&base, &[f("id")]), "ally", &a.id);
            let var = match k {
                0 => Some(Var::Seoul),
                1 => Some(Var::Tokyo),
                _ => level
                    .names
                    .var(&a.id)
                    .map(|(slot, hidden)| Var::Level(crate::sim::vars::LevelVar { slot, hidden })),
            };
            let taken = Var::from_id(&a.id).is_some()
                || level.variables.iter().any(|v| v.id == a.id)
                || list[..k].iter().any(|b| b.id == a.id);
            let Some(var) = var.filter(|_| !taken) else {
                c.error(
                    &join(&base, &[f("id")]),
                    if taken {
                        format!("`{}` is already the id of a variable or ally", a.id)
                    } else {
                        "no room for a third ally: a level has at most eight variables of its own, allies included".to_string()
                    },
                    None,
                );
                continue;
            };
            if let Some(x) = a.start {
                c.range(
                    &join(&base, &[f("start")]),
                    "an ally's start",
                    i64::from(x),
                    0,
                    100,
                );
            }
            c.range(
                &join(&base, &[f("patience")]),
                "patience",
                i64::from(a.patience),
                0,
                120,
            );
            c.range(
                &join(&base, &[f("breaking_point")]),
                "the breaking point",
                i64::from(a.breaking_point),
                0,
                100,
            );
            if a.patience > 0 && a.on_break.is_empty() {
                c.warn(
                    &join(&base, &[f("on_break")]),
                    format!(
                        "`{}` can run out of patience, but its break does nothing",
                        a.id
                    ),
                    Some("say what its break does with `on_break: [...]`".into()),
                );
            }
            let start = a.start.unwrap_or(if k < 2 { initial[var] } else { 50 });
            initial[var] = start.clamp(0, 100);
            if k == 2 {
                own_vars.push(OwnVar {
                    id: a.id.clone(),
                    var,
                    min: 0,
                    max: 100,
                    drift: 0,
                    worth: 0,
                    score: 0,
                    rise_is_good: Some(true),
                    source: a.source.clone(),
                });
            }
            let on_break = c.effects(
                &Origin::Level(join(&base, &[f("on_break")])),
                &a.on_break,
                None,
            );
            out.push(crate::sim::rules::Ally {
                var,
                name: a.name.clone(),
                patience: a.patience,
                breaking_point: a.breaking_point,
                on_break,
                break_text: a.break_text.clone(),
                source: a.source.clone(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{edited, said, says_at};

    const OWN: &str = "    rounds: 7,\n    variables: [(id: \"stockpile\", name: \"Stockpile\", hidden: true, start: 10, meaning: \"m\"MORE)],";

    #[test]
    fn a_variable_of_the_level_s_own_is_compiled_and_its_bounds_checked() {
        let Ok(l) = edited("    rounds: 7,", &OWN.replace("MORE", "")) else {
            panic!("a level's own variable loads");
        };
        assert!(l.rules.own_vars.iter().any(|v| v.id == "stockpile"));
        let s = said("    rounds: 7,", &OWN.replace("MORE", ", min: 50, max: 20"));
        says_at(&s, "`max` (20) must be more than `min` (50)", 16);
    }
}
