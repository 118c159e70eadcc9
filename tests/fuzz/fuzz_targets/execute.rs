#![no_main]
//! Execution on a small graph, under a timeout.

libfuzzer_sys::fuzz_target!(|text: &str| embargo_fuzz::execute(text, false));
