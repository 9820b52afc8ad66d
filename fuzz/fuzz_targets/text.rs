//! Fuzz target `text`: see `qpq_core::fuzzing::text` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qpq_core::fuzzing::text(data));
