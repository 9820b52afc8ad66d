//! Fuzz target `level`: see `qpq_core::fuzzing::level` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qpq_core::fuzzing::level(data));
