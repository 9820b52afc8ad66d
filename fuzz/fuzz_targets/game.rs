//! Fuzz target `game`: see `qpq_core::fuzzing::game` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qpq_core::fuzzing::game(data));
