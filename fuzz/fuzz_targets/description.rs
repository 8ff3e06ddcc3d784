//! A request description (JSON) through parsing, the request's checks and every template: nothing
//! panics, and whatever is accepted renders in every language.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::description(data));
