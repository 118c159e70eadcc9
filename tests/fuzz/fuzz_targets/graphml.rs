#![no_main]
//! `embargo import --graphml` on any bytes, into a new store.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    embargo_fuzz::import_file(data, "graph.graphml", |args, f| args.graphml.push(f))
});
