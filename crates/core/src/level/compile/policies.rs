//! Scripted U.S. policies a level defines for back-tests and playtests.

use super::*;

/// The level's scripted U.S. policies: ids unique, actions and sites known, months turned into
/// rounds.
pub(super) fn compile_policies(c: &mut Compiler, level: &Level) -> Vec<crate::sim::rules::Policy> {
    use crate::level::types::{PolicyActionDef, PolicyAnswer};
    use crate::sim::rules::{Policy, PolicyStep};
    let ids: Vec<String> = level.policies.iter().map(|p| p.id.clone()).collect();
    c.unique(&vec![f("policies")], "policy", &ids);
    let mut out = Vec::new();
    for (k, p) in level.policies.iter().enumerate() {
        let base = vec![f("policies"), i(k)];
        c.check_id(&join(&base, &[f("id")]), "policy", &p.id);
        let mut steps = Vec::new();
        for (s, st) in p.steps.iter().enumerate() {
            let sb = join(&base, &[f("steps"), i(s)]);
            let (Some(from), Some(to)) = (YearMonth::parse(&st.from), YearMonth::parse(&st.to))
            else {
                c.error(
                    &join(&sb, &[f("from")]),
                    format!(
                        "`{}` to `{}`: months are written \"YYYY-MM\"",
                        st.from, st.to
                    ),
                    None,
                );
                continue;
            };
            let Some((first, last)) = c.date_rounds(from, to) else {
                c.warn(
                    &join(&sb, &[f("from")]),
                    "these months fall outside the level: the step never applies",
                    None,
                );
                continue;
            };
            let mut actions = Vec::new();
            for (a, act) in st.actions.iter().enumerate() {
                let (id, target) = match act {
                    PolicyActionDef::Plain(id) => (id.clone(), None),
                    PolicyActionDef::Target(id, t) => (id.clone(), Some(t.clone())),
                };
                let table = c.actions.clone();
                c.lookup(
                    &Origin::Level(join(&sb, &[f("actions")])),
                    &[i(a)],
                    "action",
                    &id,
                    &table,
                );
                actions.push((id, target));
            }
            let offer = st.offer.as_ref().map(|o| {
                if let Some(d) = o.deadline {
                    c.range(
                        &join(&sb, &[f("offer"), f("deadline")]),
                        "deadline",
                        i64::from(d),
                        1,
                        12,
                    );
                }
                for (g, id) in o.give.iter().enumerate() {
                    let table = c.actions.clone();
                    c.lookup(
                        &Origin::Level(join(&sb, &[f("offer"), f("give")])),
                        &[i(g)],
                        "action",
                        id,
                        &table,
                    );
                }
                let asks: Vec<String> = o
                    .ask
                    .iter()
                    .enumerate()
                    .map(|(a, step)| match step.site() {
                        Some(site) => {
                            let table = c.sites.clone();
                            c.lookup(
                                &Origin::Level(join(&sb, &[f("offer"), f("ask"), i(a)])),
                                &[i(0)],
                                "site",
                                site,
                                &table,
                            );
                            format!("{}:{site}", step.id())
                        }
                        None => step.id().to_string(),
                    })
                    .collect();
                (o.give.clone(), asks, o.sequencing, o.deadline)
            });
            for (w, id) in st.withdraw.iter().enumerate() {
                let table = c.agreements.clone();
                c.lookup(
                    &Origin::Level(join(&sb, &[f("withdraw")])),
                    &[i(w)],
                    "agreement",
                    id,
                    &table,
                );
            }
            steps.push(PolicyStep {
                first,
                last,
                actions,
                offer,
                withdraw: st.withdraw.clone(),
            });
        }
        out.push(Policy {
            id: p.id.clone(),
            name: p.name.clone(),
            about: p.about.clone(),
            source: p.source.clone(),
            enforce: p.violations == PolicyAnswer::Enforce,
            accept_counters: p.accept_counters,
            steps,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{edited, said, says_at};

    const POLICY: &str = "    policies: [(id: \"p\", name: \"P\", about: \"a\", source: \"neilan-2000\", steps: [(from: \"2000-04\", to: \"2000-05\", actions: [\"ACTION\"])])],\n    outcomes: (";

    #[test]
    fn a_policy_names_actions_the_level_has() {
        let Ok(l) = edited(
            "    outcomes: (",
            &POLICY.replace("ACTION", "food_aid_monitored"),
        ) else {
            panic!("a level with a policy loads");
        };
        assert_eq!(l.rules.policies.len(), 1);
        let s = said(
            "    outcomes: (",
            &POLICY.replace("ACTION", "food_aid_monitord"),
        );
        says_at(&s, "unknown action `food_aid_monitord`", 141);
    }
}
