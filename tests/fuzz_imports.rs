//! Fuzzing each importer with mutated copies of the small valid inputs in
//! `tests/data/`: no input makes a reader panic, every error names the
//! file, and a failed import leaves the graph (or the store) as it was.

mod common;

use std::path::{Path, PathBuf};

use common::fuzz::{Edit, apply, edits};
use common::stores::{files, fingerprint};
use embargo::export::{self, Dump, Format, Subgraph};
use embargo::import::lists::{self, ListOptions};
use embargo::import::{self, ImportArgs};
use embargo::{Database, Params};
use proptest::prelude::*;

const CASES: u32 = 64;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)).unwrap()
}

/// A small graph that a list import attaches to and must leave alone on failure.
fn small_graph() -> Database {
    let mut db = Database::empty();
    let setup = "CREATE (:Sanction {name: 'UN DPRK', authority: 'United Nations Security Council', program: 'DPRK'}), \
                 (:Country {name: 'North Korea', iso2: 'KP'})";
    db.execute(setup, &Params::new()).unwrap();
    db
}

/// Imports `bytes` as one file of a list format (`others` beside it,
/// unchanged) into a small graph.
fn check_list(format: lists::Format, name: &str, bytes: &[u8], others: &[(&str, Vec<u8>)]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    for (other, content) in others {
        std::fs::write(dir.path().join(other), content).unwrap();
    }
    let mut db = small_graph();
    let before = fingerprint(db.graph());
    if let Err(e) = db.import_lists(&[(format, file)], &ListOptions::default()) {
        // The file given, or add.csv or alt.csv beside it.
        let named = e.message.contains(&dir.path().display().to_string());
        assert!(named, "the error does not name the file: {}", e.message);
        assert!(e.message.len() < 2_000, "a {}-byte message", e.message.len());
        assert_eq!(fingerprint(db.graph()), before, "a failed import changed the graph: {}", e.message);
    }
}

fn import_args(store: &Path) -> ImportArgs {
    ImportArgs {
        nodes: vec![],
        relationships: vec![],
        json: vec![],
        graphml: vec![],
        un_xml: vec![],
        ofac_csv: vec![],
        ofac_xml: vec![],
        eu_csv: vec![],
        ftm: vec![],
        as_of: None,
        delimiter: ',',
        array_delimiter: ';',
        skip_bad_rows: false,
        report: store.join("import.report"),
        store: store.to_path_buf(),
    }
}

/// A store with one node in it, made once per test.
fn store_in(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let (mut db, _) = Database::open(&store, false).unwrap();
    db.execute("CREATE (:Old {name: 'kept'})", &Params::new()).unwrap();
    store
}

/// Runs `embargo import` with `args`: on an error, the file named in it is
/// one of the inputs, and the store's files are unchanged (a new store is
/// not made at all).
fn check_import(args: &ImportArgs, inputs: &[&Path]) {
    let before = args.store.exists().then(|| files(&args.store));
    if let Err(message) = import::run(args, &mut |_| {}) {
        let named = inputs.iter().any(|f| message.contains(&f.display().to_string()));
        assert!(named, "the error names no input file: {message}");
        assert!(message.len() < 2_000, "a {}-byte message", message.len());
        match &before {
            Some(before) => assert_eq!(&files(&args.store), before, "a failed import changed the store: {message}"),
            None => assert!(!args.store.exists(), "a failed import left a new store behind: {message}"),
        }
    }
}

const NODES: &[u8] = b"id:ID,:LABEL,name,n:int,x:float,ok:boolean,when:date,tags:string[]\n\
    p1,Person;Listed,\"KIM, Jong\",42,0.5,true,2017-07-03,a;b\n\
    p2,Vessel,\"say \"\"hi\"\"\",-1,1e3,false,,\n\
    p3,,\"two\nlines\",,,,,\n";
const RELATIONSHIPS: &[u8] = b":START_ID,:END_ID,:TYPE,since:int\np1,p2,OWNS,2001\np2,p3,LINKED_TO,\n";

/// A small embargo document in `format`: every kind of property value.
fn document(format: Format) -> Vec<u8> {
    let mut db = Database::empty();
    let setup = "CREATE (a:Person {name: 'Kim', n: 9223372036854775807, x: 0.5, tags: ['a', 'b'], when: date('2017-07-03'), \
                 t: localdatetime('2017-07-03T10:00'), d: duration('P1D')})-[:OWNS {share: 0.5}]->(:Vessel {imo: 'IMO 1'})";
    db.execute(setup, &Params::new()).unwrap();
    let dump = Dump::of(db.graph(), &Subgraph::all(db.graph()));
    let mut out = Vec::new();
    export::write(&dump, format, &mut out, &export::Options::default()).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn un_xml(seed in prop::sample::select(&["un-2017-excerpt.xml", "un-2024-excerpt.xml"][..]), edits in edits()) {
        check_list(lists::Format::UnXml, "un.xml", &apply(&data(seed), &edits), &[]);
    }

    #[test]
    fn ofac_xml(edits in edits()) {
        check_list(lists::Format::OfacXml, "cons.xml", &apply(&data("ofac-cons-excerpt.xml"), &edits), &[]);
    }

    #[test]
    fn ofac_csv(which in 0usize..3, edits in edits()) {
        let mut trio: Vec<(&str, Vec<u8>)> =
            ["sdn.csv", "add.csv", "alt.csv"].iter().map(|f| (*f, data(&format!("ofac-sdn-excerpt/{f}")))).collect();
        trio[which].1 = apply(&trio[which].1, &edits);
        let sdn = trio.remove(0);
        check_list(lists::Format::OfacCsv, sdn.0, &sdn.1, &trio);
    }

    #[test]
    fn eu_csv(edits in edits()) {
        check_list(lists::Format::EuCsv, "eu.csv", &apply(&data("eu-synthetic.csv"), &edits), &[]);
    }

    #[test]
    fn ftm(seed in prop::sample::select(&["ftm-synthetic.json", "ftm-delta-synthetic.json"][..]), edits in edits()) {
        check_list(lists::Format::Ftm, "entities.ftm.json", &apply(&data(seed), &edits), &[]);
    }
}

/// The store-level importers share one store per test, so each case also
/// checks that earlier successful imports left it readable.
fn store_cases(each: impl Fn(&Path, &Path, &[Edit])) {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&edits(), |edits| {
        each(dir.path(), &store, &edits);
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}

#[test]
fn csv_nodes_and_relationships() {
    store_cases(|dir, store, edits| {
        let (nodes, rels) = (dir.join("nodes.csv"), dir.join("rels.csv"));
        // The edits go to one file or the other, by their count.
        let (mutated, kept) = if edits.len() % 2 == 0 { (NODES, RELATIONSHIPS) } else { (RELATIONSHIPS, NODES) };
        let (mutated_path, kept_path) = if edits.len() % 2 == 0 { (&nodes, &rels) } else { (&rels, &nodes) };
        std::fs::write(mutated_path, apply(mutated, edits)).unwrap();
        std::fs::write(kept_path, kept).unwrap();
        // Into the shared store, and into a new one.
        let args = ImportArgs { nodes: vec![nodes.clone()], relationships: vec![rels.clone()], ..import_args(store) };
        check_import(&args, &[&nodes, &rels]);
        let fresh = tempfile::tempdir().unwrap();
        check_import(&ImportArgs { store: fresh.path().join("new"), ..args }, &[&nodes, &rels]);
    });
}

#[test]
fn json_documents() {
    let seed = document(Format::Json);
    store_cases(|dir, store, edits| {
        let file = dir.join("graph.json");
        std::fs::write(&file, apply(&seed, edits)).unwrap();
        check_import(&ImportArgs { json: vec![file.clone()], ..import_args(store) }, &[&file]);
    });
}

#[test]
fn graphml_documents() {
    let seed = document(Format::Graphml);
    store_cases(|dir, store, edits| {
        let file = dir.join("graph.graphml");
        std::fs::write(&file, apply(&seed, edits)).unwrap();
        check_import(&ImportArgs { graphml: vec![file.clone()], ..import_args(store) }, &[&file]);
    });
}
