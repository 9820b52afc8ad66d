//! The state variables of GAME.md §2: their names, which ones the player sees, and a compact
//! integer table indexed by them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Index, IndexMut};
use strum::{EnumCount, EnumString, IntoStaticStr, VariantArray};

/// One state variable. Integers 0–100, except `Budget` ($M, 0 and up).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    VariantArray,
    IntoStaticStr,
    EnumString,
    EnumCount,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
}

/// How many variables there are.
pub const VAR_COUNT: usize = Var::COUNT;

impl Var {
    /// Every variable, in table order.
    pub const ALL: &'static [Var] = Var::VARIANTS;

    /// The variables the player knows only as estimates.
    pub const HIDDEN: [Var; HIDDEN_COUNT] = [
        Var::Humanitarian,
        Var::RegimeSecurity,
        Var::Economy,
        Var::Military,
        Var::Missile,
        Var::Nuclear,
        Var::Proliferation,
        Var::Openness,
    ];

    /// The variables the player sees exactly.
    pub const VISIBLE: [Var; 8] = [
        Var::Tension,
        Var::Congress,
        Var::Seoul,
        Var::Tokyo,
        Var::UsCredibility,
        Var::Sanctions,
        Var::Normalization,
        Var::Budget,
    ];

    /// Position in a [`VarTable`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Whether the player sees only an estimate of this variable.
    pub const fn is_hidden(self) -> bool {
        self.index() >= Var::Humanitarian.index()
    }

    /// Position among the hidden variables (0..8), for hidden ones.
    pub const fn hidden_index(self) -> Option<usize> {
        if self.is_hidden() {
            Some(self.index() - Var::Humanitarian.index())
        } else {
            None
        }
    }

    /// The name used in level files and commands (`regime_security`).
    pub fn id(self) -> &'static str {
        self.into()
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

    /// Largest value the variable may take.
    pub const fn max(self) -> i32 {
        match self {
            Var::Budget => 100_000,
            _ => 100,
        }
    }

    /// Looks a variable up by its level-file name.
    pub fn from_id(id: &str) -> Option<Var> {
        id.parse().ok()
    }

    /// All level-file names, for "did you mean" suggestions.
    pub fn ids() -> impl Iterator<Item = &'static str> {
        Var::ALL.iter().map(|v| v.id())
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How many variables the player knows only as estimates.
pub const HIDDEN_COUNT: usize = 8;

/// A value for each hidden variable, looked up by the [`Var`] itself rather than by a position
/// (written as a plain 8-element array in saves and records).
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
        Hidden(std::array::from_fn(|i| f(Var::HIDDEN[i])))
    }

    /// The value for `v`; `None` for a variable the player sees exactly.
    pub fn get(&self, v: Var) -> Option<&T> {
        v.hidden_index().and_then(|i| self.0.get(i))
    }

    /// The value for `v`, to change; `None` for a variable the player sees exactly.
    pub fn get_mut(&mut self, v: Var) -> Option<&mut T> {
        v.hidden_index().and_then(|i| self.0.get_mut(i))
    }

    /// Each hidden variable with its value, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (Var, &T)> {
        Var::HIDDEN.into_iter().zip(self.0.iter())
    }
}

/// A value for every variable, indexed by [`Var`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct VarTable(pub [i32; VAR_COUNT]);

impl VarTable {
    /// Clamps every value into its range.
    pub fn clamped(mut self) -> Self {
        for v in Var::ALL.iter().copied() {
            self.0[v.index()] = self.0[v.index()].clamp(0, v.max());
        }
        self
    }
}

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
        for v in Var::ALL.iter().copied() {
            assert_eq!(v.is_hidden(), Var::HIDDEN.contains(&v), "{v}");
            assert_eq!(!v.is_hidden(), Var::VISIBLE.contains(&v), "{v}");
            assert_eq!(Var::from_id(v.id()), Some(v));
        }
        assert_eq!(Var::Openness.hidden_index(), Some(7));
        assert_eq!(Var::Budget.hidden_index(), None);
    }
}
