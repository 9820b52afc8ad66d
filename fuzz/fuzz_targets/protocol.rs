//! Fuzz target `protocol`: see `qpq_server::fuzzing::protocol` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qpq_server::fuzzing::protocol(data));
