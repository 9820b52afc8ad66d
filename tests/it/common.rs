//! Helpers of the window tests; the rules' fixtures are shared with the core's tests.

use quid_pro_quo::level;

pub use crate::fixtures::{level_with, test_rules};

/// The key that chooses the level list's `n`th entry (1-based, at most 9).
pub fn level_key(n: usize) -> bevy::input::keyboard::KeyCode {
    use bevy::input::keyboard::KeyCode as K;
    const KEYS: [K; 9] = [
        K::Digit1,
        K::Digit2,
        K::Digit3,
        K::Digit4,
        K::Digit5,
        K::Digit6,
        K::Digit7,
        K::Digit8,
        K::Digit9,
    ];
    KEYS[(n.clamp(1, 9)) - 1]
}

/// The key of the first level in the player's own folder: it follows the shipped ones.
pub fn first_user_level_key() -> bevy::input::keyboard::KeyCode {
    level_key(level::SHIPPED.len() + 1)
}

/// The key of a shipped level in the level list.
pub fn shipped_level_key(id: &str) -> bevy::input::keyboard::KeyCode {
    let n = level::SHIPPED
        .iter()
        .position(|(x, _)| *x == id)
        .map_or(1, |i| i + 1);
    level_key(n)
}
