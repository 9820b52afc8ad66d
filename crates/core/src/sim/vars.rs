//! The state variables of GAME.md §2: their names, which ones the player sees, and a compact
//! integer table indexed by them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Index, IndexMut};

/// One state variable. Integers 0–100, except `Budget` ($M, 0 and up) and a level's own
/// variables (their range is the level's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Var {
    /// War risk on the peninsula; 100 means war.
    Tension,
    /// U.S. domestic support for the policy; refills the budget; 0 loses the mandate.
    Congress,
    /// Seoul's confidence in the U.S. approach.
    Seoul,
    /// Tokyo's confidence in the U.S. approach.
    Tokyo,
    /// Whether the U.S. is believed to carry out its promises and threats.
    UsCredibility,
    /// Level of U.S. and UN sanctions in force.
    Sanctions,
    /// Diplomatic steps taken, from none to full relations.
    Normalization,
    /// $M available for aid and incentives.
    Budget,
    /// Famine severity (higher is worse).
    Humanitarian,
    /// The regime's grip on the elite and military; 0 means collapse.
    RegimeSecurity,
    /// The economy and food supply.
    Economy,
    /// Conventional posture at the border.
    Military,
    /// Missile programme progress.
    Missile,
    /// Covert nuclear and WMD programme progress; 100 means breakout.
    Nuclear,
    /// Missile exports so far.
    Proliferation,
    /// Exposure to the outside: exchange, investment, monitors.
    Openness,
    /// A variable the level defines (`variables`): its slot, and whether the player sees only an
    /// estimate of it. Its name, range and meaning are in the level's rules.
    Level(LevelVar),
}

/// A level's own variable, as the rules and tables know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LevelVar {
    /// Its position among the level's variables (0..[`MAX_LEVEL_VARS`]).
    pub slot: u8,
    /// Whether the player knows it only as an estimate.
    pub hidden: bool,
}

/// How many variables are built in.
pub const BUILTIN_COUNT: usize = 16;

/// How many variables a level may add.
pub const MAX_LEVEL_VARS: usize = 8;

/// Room in a [`VarTable`]: the built-in variables and the level's own.
pub const VAR_COUNT: usize = BUILTIN_COUNT + MAX_LEVEL_VARS;

/// The built-in variables' ids, in table order.
pub const BUILTIN_IDS: [&str; BUILTIN_COUNT] = [
    "tension",
    "congress",
    "seoul",
    "tokyo",
    "us_credibility",
    "sanctions",
    "normalization",
    "budget",
    "humanitarian",
    "regime_security",
    "economy",
    "military",
    "missile",
    "nuclear",
    "proliferation",
    "openness",
];

impl Var {
    /// Every built-in variable, in table order (a level's own come after them: see
    /// `Rules::vars`).
    pub const BUILTIN: &'static [Var] = &[
        Var::Tension,
        Var::Congress,
        Var::Seoul,
        Var::Tokyo,
        Var::UsCredibility,
        Var::Sanctions,
        Var::Normalization,
        Var::Budget,
        Var::Humanitarian,
        Var::RegimeSecurity,
        Var::Economy,
        Var::Military,
        Var::Missile,
        Var::Nuclear,
        Var::Proliferation,
        Var::Openness,
    ];

    /// The built-in variables the player sees exactly: the first eight of the table.
    pub const BUILTIN_VISIBLE: &'static [Var] = Var::BUILTIN.split_at(BUILTIN_HIDDEN_AT).0;

    /// The built-in variables the player knows only as estimates: the rest of the table.
    pub const BUILTIN_HIDDEN: &'static [Var] = Var::BUILTIN.split_at(BUILTIN_HIDDEN_AT).1;

    /// Position in a [`VarTable`].
    pub const fn index(self) -> usize {
        match self {
            Var::Tension => 0,
            Var::Congress => 1,
            Var::Seoul => 2,
            Var::Tokyo => 3,
            Var::UsCredibility => 4,
            Var::Sanctions => 5,
            Var::Normalization => 6,
            Var::Budget => 7,
            Var::Humanitarian => 8,
            Var::RegimeSecurity => 9,
            Var::Economy => 10,
            Var::Military => 11,
            Var::Missile => 12,
            Var::Nuclear => 13,
            Var::Proliferation => 14,
            Var::Openness => 15,
            Var::Level(l) => BUILTIN_COUNT + l.slot as usize,
        }
    }

    /// Whether the player sees only an estimate of this variable.
    pub const fn is_hidden(self) -> bool {
        match self {
            Var::Level(l) => l.hidden,
            _ => self.index() >= BUILTIN_HIDDEN_AT,
        }
    }

    /// Position in a [`Hidden`] table, for hidden ones: the built-in hidden variables first,
    /// then a slot for each of a level's own.
    pub const fn hidden_index(self) -> Option<usize> {
        match self {
            Var::Level(l) if l.hidden => Some(BUILTIN_HIDDEN_COUNT + l.slot as usize),
            Var::Level(_) => None,
            _ if self.is_hidden() => Some(self.index() - BUILTIN_HIDDEN_AT),
            _ => None,
        }
    }

    /// The variable at a position of a [`Hidden`] table.
    pub const fn from_hidden_index(i: usize) -> Var {
        if i < BUILTIN_HIDDEN_COUNT {
            Var::BUILTIN_HIDDEN[i]
        } else {
            Var::Level(LevelVar {
                slot: (i - BUILTIN_HIDDEN_COUNT) as u8,
                hidden: true,
            })
        }
    }

    /// The name a built-in variable has in level files and commands (`regime_security`);
    /// `level` for a level's own, whose name is in its rules (`Rules::var_id`).
    pub fn id(self) -> &'static str {
        match self {
            Var::Level(_) => "level",
            _ => BUILTIN_IDS[self.index()],
        }
    }

    /// A short label for the player ("Regime security").
    pub const fn label(self) -> &'static str {
        match self {
            Var::Tension => "Tension",
            Var::Congress => "Congress",
            Var::Seoul => "Seoul",
            Var::Tokyo => "Tokyo",
            Var::UsCredibility => "U.S. credibility",
            Var::Sanctions => "Sanctions",
            Var::Normalization => "Normalization",
            Var::Budget => "Budget ($M)",
            Var::Humanitarian => "Famine",
            Var::RegimeSecurity => "Regime security",
            Var::Economy => "{tag} economy",
            Var::Military => "Military posture",
            Var::Missile => "Missile programme",
            Var::Nuclear => "Nuclear programme",
            Var::Proliferation => "Missile exports",
            Var::Openness => "Openness",
            Var::Level(_) => "",
        }
    }

    /// One line on what the variable means, for help screens and tooltips.
    pub const fn meaning(self) -> &'static str {
        match self {
            Var::Tension => "the risk of war; 100 means war",
            Var::Congress => {
                "U.S. domestic support for the policy; refills the budget; 0 loses the mandate"
            }
            Var::Seoul => "{ally_1}'s confidence in the U.S. approach",
            Var::Tokyo => "{ally_2}'s confidence in the U.S. approach",
            Var::UsCredibility => {
                "whether the U.S. is believed to carry out its promises and threats"
            }
            Var::Sanctions => "level of U.S. and UN sanctions in force",
            Var::Normalization => "diplomatic steps taken, from none to full relations",
            Var::Budget => "$M available for aid and incentives",
            Var::Humanitarian => "famine severity (higher is worse)",
            Var::RegimeSecurity => "the regime's grip on the elite and military; 0 means collapse",
            Var::Economy => "{country}'s economy and food supply",
            Var::Military => "conventional forces massed at {border}",
            Var::Missile => "missile programme progress",
            Var::Nuclear => "covert nuclear and WMD programme progress; 100 means breakout",
            Var::Proliferation => "missile exports so far",
            Var::Openness => "exposure to the outside: exchange, investment, monitors",
            Var::Level(_) => "",
        }
    }

    /// Whether a rise is good news for the U.S. goals (`None` where it depends: sanctions,
    /// the budget, regime security, the economy, openness). Used only for colours.
    pub const fn rise_is_good(self) -> Option<bool> {
        match self {
            Var::Tension
            | Var::Humanitarian
            | Var::Military
            | Var::Missile
            | Var::Nuclear
            | Var::Proliferation => Some(false),
            Var::Congress | Var::Seoul | Var::Tokyo | Var::UsCredibility | Var::Normalization => {
                Some(true)
            }
            _ => None,
        }
    }

    /// Largest value a built-in variable may take (a level's own have the level's range:
    /// `Rules::range`).
    pub const fn max(self) -> i32 {
        match self {
            Var::Budget => 100_000,
            _ => 100,
        }
    }

    /// Looks a built-in variable up by its level-file name (a level's own: `Rules::var_by_id`).
    pub fn from_id(id: &str) -> Option<Var> {
        BUILTIN_IDS
            .iter()
            .position(|x| *x == id)
            .map(|i| Var::BUILTIN[i])
    }

    /// The built-in variables' level-file names, for "did you mean" suggestions.
    pub fn ids() -> impl Iterator<Item = &'static str> {
        BUILTIN_IDS.iter().copied()
    }
}

// Saved and read by id (`tension`), as before level variables existed; a level's own variable
// is written `level((slot: 0, hidden: true))` in records, and read by its name from a level
// file while that file is parsed (`names::with_level_names`).
impl Serialize for Var {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Var::Level(l) => s.serialize_newtype_variant("Var", BUILTIN_COUNT as u32, "level", l),
            v => s.serialize_unit_variant("Var", v.index() as u32, v.id()),
        }
    }
}

impl<'de> Deserialize<'de> for Var {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Var, D::Error> {
        crate::sim::names::deserialize_named(
            d,
            "Var",
            &BUILTIN_IDS,
            |name| {
                Var::from_id(name).or_else(|| {
                    crate::sim::names::level_name(|n| {
                        n.alias(name)
                            .and_then(|k| Var::BUILTIN.get(k).copied())
                            .or_else(|| {
                                n.var(name)
                                    .map(|(slot, hidden)| Var::Level(LevelVar { slot, hidden }))
                            })
                    })
                })
            },
            Var::Level,
        )
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How many built-in variables the player knows only as estimates.
pub const BUILTIN_HIDDEN_COUNT: usize = 8;

/// Where the built-in hidden variables start in the table (`humanitarian`).
const BUILTIN_HIDDEN_AT: usize = BUILTIN_COUNT - BUILTIN_HIDDEN_COUNT;

/// Room in a [`Hidden`] table: the built-in hidden variables and a slot for each of a level's
/// own.
pub const HIDDEN_COUNT: usize = BUILTIN_HIDDEN_COUNT + MAX_LEVEL_VARS;

/// A value for each hidden variable, looked up by the [`Var`] itself rather than by a position
/// (written as a plain array in saves and records: the built-in hidden variables, then the
/// level's own slots).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hidden<T>(pub [T; HIDDEN_COUNT]);

impl<T> Hidden<T> {
    /// The same value for every hidden variable.
    pub fn splat(x: T) -> Self
    where
        T: Copy,
    {
        Hidden([x; HIDDEN_COUNT])
    }

    /// A value for each hidden variable, from a function of the variable.
    pub fn from_fn(mut f: impl FnMut(Var) -> T) -> Self {
        Hidden(std::array::from_fn(|i| f(Var::from_hidden_index(i))))
    }

    /// The value for `v`; `None` for a variable the player sees exactly.
    pub fn get(&self, v: Var) -> Option<&T> {
        v.hidden_index().and_then(|i| self.0.get(i))
    }

    /// The value for `v`, to change; `None` for a variable the player sees exactly.
    pub fn get_mut(&mut self, v: Var) -> Option<&mut T> {
        v.hidden_index().and_then(|i| self.0.get_mut(i))
    }

    /// Each slot with its variable and value, in table order (a level's unused slots
    /// included; `Rules::hidden_vars` lists the level's).
    pub fn iter(&self) -> impl Iterator<Item = (Var, &T)> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, x)| (Var::from_hidden_index(i), x))
    }
}

/// A value for every variable, indexed by [`Var`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct VarTable(pub [i32; VAR_COUNT]);

impl Index<Var> for VarTable {
    type Output = i32;
    fn index(&self, v: Var) -> &i32 {
        &self.0[v.index()]
    }
}

impl IndexMut<Var> for VarTable {
    fn index_mut(&mut self, v: Var) -> &mut i32 {
        &mut self.0[v.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_visible_partition_all() {
        for (i, v) in Var::BUILTIN.iter().copied().enumerate() {
            assert_eq!(v.index(), i);
            assert_eq!(v.is_hidden(), Var::BUILTIN_HIDDEN.contains(&v), "{v}");
            assert_eq!(!v.is_hidden(), Var::BUILTIN_VISIBLE.contains(&v), "{v}");
            assert_eq!(Var::from_id(v.id()), Some(v));
            if let Some(h) = v.hidden_index() {
                assert_eq!(Var::from_hidden_index(h), v);
            }
        }
        assert_eq!(Var::Openness.hidden_index(), Some(7));
        assert_eq!(Var::Budget.hidden_index(), None);
        let own = Var::Level(LevelVar {
            slot: 2,
            hidden: true,
        });
        assert_eq!(own.index(), BUILTIN_COUNT + 2);
        assert_eq!(own.hidden_index(), Some(BUILTIN_HIDDEN_COUNT + 2));
        assert_eq!(Var::from_hidden_index(BUILTIN_HIDDEN_COUNT + 2), own);
        let seen = Var::Level(LevelVar {
            slot: 1,
            hidden: false,
        });
        assert_eq!(seen.hidden_index(), None);
        assert!(!seen.is_hidden());
    }

    #[test]
    fn a_level_variable_survives_a_record() {
        let own = Var::Level(LevelVar {
            slot: 3,
            hidden: false,
        });
        for v in [Var::Tension, Var::Openness, own] {
            let text = ron::to_string(&v).unwrap_or_default();
            assert_eq!(ron::from_str::<Var>(&text).ok(), Some(v), "{text}");
        }
        assert_eq!(
            ron::to_string(&Var::UsCredibility).ok().as_deref(),
            Some("us_credibility")
        );
        assert!(ron::from_str::<Var>("centrifuges").is_err());
    }
}
