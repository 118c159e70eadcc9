#![no_main]
//! Parse, analyse and plan (EXPLAIN runs every stage but execution).

libfuzzer_sys::fuzz_target!(|text: &str| embargo_fuzz::execute(text, true));
