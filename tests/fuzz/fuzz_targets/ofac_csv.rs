#![no_main]
//! `embargo import --ofac-csv` on any bytes.

use embargo::import::lists::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| embargo_fuzz::import_list(Format::OfacCsv, "sdn.csv", data));
