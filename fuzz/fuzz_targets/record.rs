//! Fuzz target `record`: see `qpq_core::fuzzing::record` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qpq_core::fuzzing::record(data));
