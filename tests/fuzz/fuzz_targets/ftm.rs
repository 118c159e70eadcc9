#![no_main]
//! `embargo import --ftm` on any bytes.

use embargo::import::lists::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| embargo_fuzz::import_list(Format::Ftm, "entities.ftm.json", data));
