//! The names of a level's own variables, moves and steps while its file is parsed, and the
//! reader that lets `Add(centrifuges, 5)` name a level's own variable where a built-in one is
//! expected. It sits below everything else in the rules: it uses nothing of them.

use serde::Deserialize;
use std::fmt;

/// The ids of a level's own variables, moves and steps, in the order the level gives them
/// (a position is the slot the tables use).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelNames {
    /// Each own variable's id, and whether the player knows it only as an estimate.
    pub vars: Vec<(String, bool)>,
    /// Each own move's id.
    pub moves: Vec<String>,
    /// Each own step's id, and whether it is kept over time.
    pub steps: Vec<(String, bool)>,
    /// Other ids of built-in variables (an ally's id for `seoul` or `tokyo`), with the built-in
    /// variable's position.
    pub aliases: Vec<(String, usize)>,
}

impl LevelNames {
    /// The slot of the level's variable with this id, and whether it is hidden.
    pub fn var(&self, id: &str) -> Option<(u8, bool)> {
        let k = self.vars.iter().position(|(x, _)| x == id)?;
        Some((u8::try_from(k).ok()?, self.vars[k].1))
    }

    /// The position of the built-in variable this id is another name for.
    pub fn alias(&self, id: &str) -> Option<usize> {
        self.aliases.iter().find(|(x, _)| x == id).map(|(_, k)| *k)
    }

    /// The slot of the level's move with this id.
    pub fn move_slot(&self, id: &str) -> Option<u8> {
        u8::try_from(self.moves.iter().position(|x| x == id)?).ok()
    }

    /// The slot of the level's step with this id, and whether it is ongoing.
    pub fn step(&self, id: &str) -> Option<(u8, bool)> {
        let k = self.steps.iter().position(|(x, _)| x == id)?;
        Some((u8::try_from(k).ok()?, self.steps[k].1))
    }

    /// Every id, for "did you mean" suggestions.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.vars
            .iter()
            .map(|(x, _)| x.as_str())
            .chain(self.moves.iter().map(String::as_str))
            .chain(self.steps.iter().map(|(x, _)| x.as_str()))
            .chain(self.aliases.iter().map(|(x, _)| x.as_str()))
    }
}

thread_local! {
    static LEVEL_NAMES: std::cell::RefCell<Option<LevelNames>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (parsing a level file) with the level's own names known to the parser on this
/// thread; they are forgotten afterwards, even if `f` panics.
pub fn with_level_names<R>(names: LevelNames, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<LevelNames>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            LEVEL_NAMES.with(|n| *n.borrow_mut() = old);
        }
    }
    let old = LEVEL_NAMES.with(|n| n.borrow_mut().replace(names));
    let _restore = Restore(old);
    f()
}

/// Looks a name up among the level's own names while its file is parsed.
pub(crate) fn level_name<T>(f: impl FnOnce(&LevelNames) -> Option<T>) -> Option<T> {
    LEVEL_NAMES.with(|n| n.borrow().as_ref().and_then(f))
}

/// An identifier (a variant's name), read as one.
struct Ident(String);

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ident, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Ident;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Ident, E> {
                Ok(Ident(v.to_string()))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// An identifier as a string (a name written bare, as `id: spin_cascades`).
pub(crate) fn read_ident<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ident::deserialize(d).map(|i| i.0)
}

/// Reads a name that is a built-in variant (`tension`), a level's own name while its file is
/// parsed (`centrifuges`), or a level's own as a record writes it (`level(…)`).
pub(crate) fn deserialize_named<'de, D, T, L>(
    d: D,
    name: &'static str,
    builtin: &'static [&'static str],
    by_name: impl Fn(&str) -> Option<T>,
    level: impl Fn(L) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    L: Deserialize<'de>,
{
    use serde::de::{EnumAccess, Error, VariantAccess};
    struct V<F, G, L> {
        builtin: &'static [&'static str],
        by_name: F,
        level: G,
        _l: std::marker::PhantomData<L>,
    }
    impl<'de, T, L, F, G> serde::de::Visitor<'de> for V<F, G, L>
    where
        L: Deserialize<'de>,
        F: Fn(&str) -> Option<T>,
        G: Fn(L) -> T,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a name")
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
            (self.by_name)(v).ok_or_else(|| E::unknown_variant(v, self.builtin))
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
            let (Ident(tag), variant) = data.variant::<Ident>()?;
            if tag == "level" {
                return variant.newtype_variant::<L>().map(&self.level);
            }
            variant.unit_variant()?;
            (self.by_name)(&tag).ok_or_else(|| A::Error::unknown_variant(&tag, self.builtin))
        }
    }
    d.deserialize_enum(
        name,
        builtin,
        V {
            builtin,
            by_name,
            level,
            _l: std::marker::PhantomData,
        },
    )
}
