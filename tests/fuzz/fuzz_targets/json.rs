#![no_main]
//! `embargo import --json` on any bytes, into a new store.

libfuzzer_sys::fuzz_target!(|data: &[u8]| embargo_fuzz::import_file(data, "graph.json", |args, f| args.json.push(f)));
