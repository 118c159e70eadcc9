//! What every fuzz target checks: the input gives a result or a clean
//! error, and an error leaves the graph as it was.

use std::path::Path;

use embargo::import::lists::{Format, ListOptions};
use embargo::import::{ImportArgs, run};
use embargo::store::Graph;
use embargo::{Database, Params};

/// A small sanctions graph to run queries on and import into.
pub const GRAPH: &str = "CREATE (kp:Country {name: 'North Korea', iso2: 'KP'}), \
    (s:Sanction {name: 'UN DPRK', authority: 'United Nations Security Council', program: 'DPRK'}), \
    (p:Person {name: 'Kim Jong Un', aliases: ['Kim Jong-un']}), (o:Organization {name: 'KOMID'}), \
    (s)-[:TARGETS {listed_on: date('2013-03-07')}]->(p), (s)-[:TARGETS]->(o), (p)-[:NATIONAL_OF]->(kp), \
    (o)-[:LINKED_TO]->(p)";

pub fn small_graph() -> Database {
    let mut db = Database::empty();
    if let Err(e) = db.execute(GRAPH, &Params::new()) {
        panic!("the fuzz graph does not build: {e}");
    }
    db
}

/// The graph as sorted lines, without ids.
pub fn fingerprint(graph: &Graph) -> Vec<String> {
    let node = |id| format!("{:?} {:?}", graph.node_labels(id), graph.node_properties(id));
    let mut lines: Vec<String> = graph.node_ids().map(node).collect();
    for rel in graph.rel_ids() {
        let ends = graph.rel_ends(rel).map(|(s, e)| (node(s), node(e)));
        lines.push(format!("{:?} {ends:?} {:?}", graph.rel_type_name(rel), graph.rel_properties(rel)));
    }
    lines.sort();
    lines
}

/// Runs `statement` on the small graph with a timeout.
pub fn execute(statement: &str, explain: bool) {
    let mut db = small_graph();
    db.limits.timeout = Some(std::time::Duration::from_secs(2));
    let before = fingerprint(db.graph());
    let statement = if explain { format!("EXPLAIN {statement}") } else { statement.to_string() };
    if db.execute(&statement, &Params::new()).is_err() {
        assert_eq!(fingerprint(db.graph()), before, "a failed statement changed the graph");
    }
}

/// Writes `data` to `name` in a new temporary directory.
fn file_of(data: &[u8], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary directory: {e}"));
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    (dir, path)
}

/// Imports `data` as a list of `format`; on an error the graph is unchanged.
pub fn import_list(format: Format, name: &str, data: &[u8]) {
    let (_dir, path) = file_of(data, name);
    let mut db = small_graph();
    let before = fingerprint(db.graph());
    if let Err(e) = db.import_lists(&[(format, path)], &ListOptions::default()) {
        assert!(e.message.contains(name), "the error names no file: {}", e.message);
        assert_eq!(fingerprint(db.graph()), before, "a failed import changed the graph");
    }
}

/// Runs `embargo import` of `data` (given to `args` by `put`) into a new
/// store; on an error, no store is left behind.
pub fn import_file(data: &[u8], name: &str, put: fn(&mut ImportArgs, std::path::PathBuf)) {
    let (dir, path) = file_of(data, name);
    let store = dir.path().join("store");
    let mut args = import_args(&store);
    put(&mut args, path);
    if let Err(message) = run(&args, &mut |_| {}) {
        assert!(message.contains(name), "the error names no file: {message}");
        assert!(!store.exists(), "a failed import left a store behind");
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
