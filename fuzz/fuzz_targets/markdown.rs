//! Markdown (and the other file kinds) through extraction, the snippet parsers, every lint rule
//! and `--fix --unsafe-fixes`: nothing panics, and a fixed file fixes to itself.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::markdown(data));
