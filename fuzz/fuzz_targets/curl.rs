//! Shell text through the curl parser (lint's view) and `convert` (every option kept): nothing
//! panics, and a converted command's description renders in every language.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::curl(data));
