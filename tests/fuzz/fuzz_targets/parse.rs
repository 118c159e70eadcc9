#![no_main]
//! The parser alone: any text gives a statement or an error placed inside it.

libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Err(e) = embargo::parser::parse(text) {
        assert!(e.offset.is_none_or(|o| o <= text.len()));
    }
});
