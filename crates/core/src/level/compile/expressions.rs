//! Conditions, effects and amounts: the small language events, actions, moves and steps are written in, resolved against the level's names.

use super::*;

impl Compiler<'_> {
    pub(super) fn amount(&mut self, origin: &Origin, more: &[Seg], a: &Amount) -> i32 {
        match a {
            Amount::Lit(v) => *v,
            Amount::Weight { id, negate } => match self.ledger.get(id) {
                Some(&v) => {
                    if !self.used_weights.contains(id) {
                        self.used_weights.push(id.clone());
                    }
                    if *negate { -v } else { v }
                }
                None => {
                    let keys: Vec<String> = self.ledger.keys().cloned().collect();
                    self.error_at(
                        origin,
                        more,
                        format!("unknown assumption `{id}`"),
                        Self::did_you_mean(id, &keys),
                    );
                    0
                }
            },
        }
    }
    /// The rounds in which a month window falls.
    pub(super) fn date_rounds(&self, from: YearMonth, to: YearMonth) -> Option<(u32, u32)> {
        let start = self.start?;
        let m = i64::from(self.months_per_round.max(1));
        let from_m = from.ordinal() - start.ordinal();
        let to_m = to.ordinal() - start.ordinal();
        if to_m < 0 {
            return None;
        }
        // Round r covers months (r-1)*m ..= r*m - 1 from the start.
        let first = (from_m.max(0) / m + 1).max(1);
        let last = to_m / m + 1;
        if last < first {
            return None;
        }
        Some((u32::try_from(first).ok()?, u32::try_from(last).ok()?))
    }
    pub(super) fn cond(&mut self, origin: &Origin, more: &[Seg], c: &Condition) -> Cond {
        let here = |k: &[Seg]| -> Vec<Seg> {
            let mut v = more.to_vec();
            v.extend_from_slice(k);
            v
        };
        match c {
            Condition::Always => Cond::Always,
            Condition::Never => Cond::Never,
            Condition::AtLeast(v, _) | Condition::AtMost(v, _) if self.absent.contains(v) => {
                Cond::Always
            }
            Condition::AtLeast(v, x) | Condition::AtMost(v, x) => {
                if let Origin::Level(p) = origin {
                    let path = join(p, &here(&[i(1)]));
                    self.range(
                        &path,
                        &format!("the {v} threshold"),
                        i64::from(*x),
                        0,
                        i64::from(Var::max(*v)),
                    );
                }
                if matches!(c, Condition::AtLeast(..)) {
                    Cond::AtLeast(*v, *x)
                } else {
                    Cond::AtMost(*v, *x)
                }
            }
            Condition::Flag(name) | Condition::NoFlag(name) => {
                let table = self.flags.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "flag", name, &table)
                    .unwrap_or(0);
                if !self.used_flags.contains(name) {
                    self.used_flags.push(name.clone());
                }
                if matches!(c, Condition::Flag(_)) {
                    Cond::Flag(ix)
                } else {
                    Cond::NoFlag(ix)
                }
            }
            Condition::Round(a, b) => self.round_window(origin, more, *a, *b),
            Condition::Date(from, to) => self.date_window(origin, more, from, to),
            Condition::InAgreement => Cond::InAgreement,
            Condition::HasAgreement(k) => Cond::HasAgreement(*k),
            Condition::NoAgreement(k) => Cond::NoAgreement(*k),
            Condition::UsDid(a, within) => {
                let table = self.actions.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "action", a, &table)
                    .unwrap_or(0);
                Cond::UsDid(ix, *within)
            }
            Condition::OpponentDid(m, within) => Cond::OpponentDid(*m, *within),
            Condition::UnreciprocatedConcession(w) => Cond::UnreciprocatedConcession(*w),
            Condition::SiteIs(s, t) => {
                let table = self.sites.clone();
                let ix = self
                    .lookup(origin, &here(&[i(0)]), "site", s, &table)
                    .unwrap_or(0);
                Cond::SiteIs(ix, *t)
            }
            Condition::TalksProposed => Cond::TalksProposed,
            Condition::TalksPromised => Cond::TalksPromised,
            Condition::MonitorsPresent => Cond::MonitorsPresent,
            Condition::Struck(w) => Cond::Struck(*w),
            Condition::Threatened(w) => Cond::Threatened(*w),
            Condition::ActiveSite(p) => Cond::ActiveSite(*p),
            Condition::UnmonitoredAid(w) => Cond::UnmonitoredAid(*w),
            Condition::AidDiverted(w) => Cond::AidDiverted(*w),
            Condition::Fired(id) => {
                let table = self.events.clone();
                Cond::Fired(
                    self.lookup(origin, &here(&[i(0)]), "event", id, &table)
                        .unwrap_or(0),
                )
            }
            Condition::All(cs) | Condition::Any(cs) => {
                let mut out = Vec::new();
                for (k, c2) in cs.iter().enumerate() {
                    out.push(self.cond(origin, &here(&[i(0), i(k)]), c2));
                }
                if matches!(c, Condition::All(_)) {
                    Cond::All(out)
                } else {
                    Cond::Any(out)
                }
            }
            Condition::Not(inner) => Cond::Not(Box::new(self.cond(origin, &here(&[i(0)]), inner))),
        }
    }

    /// `Round(a, b)`: a window of rounds, checked against the level's length.
    fn round_window(&mut self, origin: &Origin, more: &[Seg], a: u32, b: u32) -> Cond {
        if a > b || a == 0 {
            self.error_at(
                origin,
                more,
                format!("round window {a}..{b} is empty: rounds start at 1 and `from` must not exceed `to`"),
                None,
            );
        } else if a > self.rounds {
            self.warn_at(
                origin,
                more,
                format!(
                    "round {a} is after the level's last round ({}); this never holds",
                    self.rounds
                ),
            );
        }
        Cond::Round(a, b)
    }

    /// `Date(from, to)`: a window of months, turned into rounds.
    fn date_window(&mut self, origin: &Origin, more: &[Seg], from: &str, to: &str) -> Cond {
        let here = |k: &[Seg]| -> Vec<Seg> {
            let mut v = more.to_vec();
            v.extend_from_slice(k);
            v
        };
        let pf = YearMonth::parse(from);
        let pt = YearMonth::parse(to);
        match (pf, pt) {
            (Some(a), Some(b)) if a <= b => match self.date_rounds(a, b) {
                Some((r1, r2)) => {
                    if r1 > self.rounds {
                        self.warn_at(
                            origin,
                            more,
                            format!("{from}..{to} falls after the level ends; this never holds"),
                        );
                    }
                    Cond::Round(r1, r2)
                }
                None => {
                    self.warn_at(
                        origin,
                        more,
                        format!("{from}..{to} falls before the level starts; this never holds"),
                    );
                    Cond::Never
                }
            },
            (Some(_), Some(_)) => {
                self.error_at(
                    origin,
                    more,
                    format!("date window {from}..{to} is backwards"),
                    None,
                );
                Cond::Never
            }
            (None, _) => {
                self.error_at(
                    origin,
                    &here(&[i(0)]),
                    format!("`{from}` is not a month; write \"YYYY-MM\""),
                    None,
                );
                Cond::Never
            }
            (_, None) => {
                self.error_at(
                    origin,
                    &here(&[i(1)]),
                    format!("`{to}` is not a month; write \"YYYY-MM\""),
                    None,
                );
                Cond::Never
            }
        }
    }
    /// Compiles a list of effects; `target` is the kind of target the owner provides.
    pub(super) fn effects(
        &mut self,
        origin: &Origin,
        list: &[Effect],
        target: Option<TargetKind>,
    ) -> Vec<Eff> {
        let mut out = Vec::new();
        for (k, e) in list.iter().enumerate() {
            if let Effect::Add(v, _) | Effect::Set(v, _) = e
                && self.absent.contains(v)
            {
                continue;
            }
            let at = [i(k)];
            let at0 = [i(k), i(0)];
            let at1 = [i(k), i(1)];
            let need_target = |c: &mut Self, want: TargetKind, name: &str| {
                if target != Some(want) {
                    let what = match want {
                        TargetKind::Site => "a site",
                        _ => "a variable",
                    };
                    c.error_at(
                        origin,
                        &at,
                        format!("`{name}` needs the action's target to be {what} (set `target: {}`)", match want {
                            TargetKind::Site => "site",
                            _ => "variable",
                        }),
                        if target.is_none() {
                            Some("only U.S. actions have targets; events, moves and steps cannot use it".into())
                        } else {
                            None
                        },
                    );
                }
            };
            let eff = match e {
                Effect::Add(v, a) | Effect::Set(v, a) => {
                    let x = self.amount(origin, &at1, a);
                    let lim = if *v == Var::Budget { 10_000 } else { 100 };
                    if x.abs() > lim {
                        self.error_at(
                            origin,
                            &at1,
                            format!("{x} is out of range for {v}: at most {lim} either way"),
                            None,
                        );
                    }
                    if matches!(e, Effect::Add(..)) {
                        Eff::Add(*v, x)
                    } else {
                        Eff::Set(*v, x.max(0))
                    }
                }
                Effect::SetFlag(name) | Effect::ClearFlag(name) => {
                    let table = self.flags.clone();
                    let ix = self.lookup(origin, &at0, "flag", name, &table).unwrap_or(0);
                    if !self.used_flags.contains(name) {
                        self.used_flags.push(name.clone());
                    }
                    if matches!(e, Effect::SetFlag(_)) {
                        Eff::SetFlag(ix)
                    } else {
                        Eff::ClearFlag(ix)
                    }
                }
                Effect::Reveal(v) | Effect::Mislead(v, _) => {
                    if !v.is_hidden() {
                        self.error_at(origin, &at0, format!("`{v}` is visible to the player; only hidden variables have estimates"), None);
                    }
                    match e {
                        Effect::Mislead(_, a) => {
                            let x = self.amount(origin, &at1, a);
                            Eff::Mislead(*v, x)
                        }
                        _ => Eff::Reveal(*v),
                    }
                }
                Effect::Leak(s) => {
                    let table = self.sites.clone();
                    Eff::Leak(self.lookup(origin, &at0, "site", s, &table).unwrap_or(0))
                }
                Effect::FoodAid { value, monitored } => {
                    let x = self.amount(origin, &[i(k), f("value")], value);
                    if !(0..=1000).contains(&x) {
                        self.error_at(
                            origin,
                            &[i(k), f("value")],
                            format!("food aid of ${x}M is out of range (0 to 1000)"),
                            None,
                        );
                    }
                    Eff::FoodAid {
                        value: x,
                        monitored: *monitored,
                    }
                }
                Effect::DemandInspection => {
                    need_target(self, TargetKind::Site, "DemandInspection");
                    Eff::DemandInspection
                }
                Effect::Strike => {
                    need_target(self, TargetKind::Site, "Strike");
                    Eff::Strike
                }
                Effect::Surveil => {
                    need_target(self, TargetKind::Variable, "Surveil");
                    Eff::Surveil
                }
                Effect::RequestMonitors => Eff::RequestMonitors,
                Effect::ProposeTalks => Eff::ProposeTalks,
                Effect::ThreatenStrike => Eff::ThreatenStrike,
                Effect::Interdict => Eff::Interdict,
                Effect::SuspendAid => Eff::SuspendAid,
                Effect::StartAgreement(id) => {
                    let table = self.agreements.clone();
                    Eff::StartAgreement(
                        self.lookup(origin, &at0, "agreement", id, &table)
                            .unwrap_or(0),
                    )
                }
                Effect::EndAgreements => Eff::EndAgreements,
                Effect::EndGame(o) => Eff::EndGame(*o),
            };
            out.push(eff);
        }
        out
    }
    /// One of the level's own steps, by id, or an error where it is named.
    pub(super) fn own_step(&mut self, origin: &Origin, more: &[Seg], id: &str) -> Option<StepKind> {
        let found = self
            .own_steps
            .iter()
            .find(|(x, _)| x == id)
            .map(|(_, k)| *k);
        if found.is_none() {
            let ids: Vec<String> = self.own_steps.iter().map(|(x, _)| x.clone()).collect();
            let help = Self::did_you_mean(id, &ids).or_else(|| {
                Some(if ids.is_empty() {
                    "this level adds no steps of its own (`new_steps`)".to_string()
                } else {
                    format!("the level's own steps are: {}", ids.join(", "))
                })
            });
            self.error_at(origin, more, format!("unknown step `{id}`"), help);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{said, says_at};

    #[test]
    fn a_condition_names_an_action_the_level_has() {
        let s = said(
            "            when: Round(1, 1),",
            "            when: UsDid(\"food_aid_monitord\", 1),",
        );
        says_at(&s, "unknown action `food_aid_monitord`", 96);
        assert!(s.contains("did you mean `food_aid_monitored`?"), "{s}");
    }
}
