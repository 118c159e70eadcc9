#![no_main]
//! `embargo import --ofac-xml` on any bytes.

use embargo::import::lists::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| embargo_fuzz::import_list(Format::OfacXml, "sdn.xml", data));
