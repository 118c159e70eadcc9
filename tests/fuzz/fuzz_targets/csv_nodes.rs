#![no_main]
//! `embargo import --nodes` on any bytes, into a new store.

libfuzzer_sys::fuzz_target!(|data: &[u8]| embargo_fuzz::import_file(data, "nodes.csv", |args, f| args.nodes.push(f)));
