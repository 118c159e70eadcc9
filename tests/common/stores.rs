//! Helpers for tests of stores on disk.

use std::path::Path;

use embargo::store::Graph;
use embargo::{Database, Params, Value};

/// Opens a store for writing, panicking on failure.
pub fn open(dir: &Path) -> Database {
    let (db, warnings) = Database::open(dir, false).unwrap_or_else(|e| panic!("cannot open {}: {e}", dir.display()));
    assert!(warnings.is_empty(), "{warnings:?}");
    db
}

/// Runs statements that must succeed.
pub fn exec(db: &mut Database, statements: &str) {
    db.run_script(statements, &Params::new()).unwrap_or_else(|e| panic!("{statements}: {e}"));
}

/// The single integer a query returns.
pub fn int(db: &mut Database, query: &str) -> i64 {
    let result = db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}"));
    match result.rows.first().and_then(|r| r.first()) {
        Some(Value::Int(i)) => *i,
        other => panic!("{query}: expected an integer, got {other:?}"),
    }
}

/// The integers of a one-column query, in order.
pub fn ints(db: &mut Database, query: &str) -> Vec<i64> {
    let result = db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}"));
    result.rows.iter().map(|r| if let Some(Value::Int(i)) = r.first() { *i } else { panic!("{r:?}") }).collect()
}

/// Copies the store's files (not the lock) to a new directory: a picture
/// of the store as a crash at this moment would leave it.
pub fn copy_store(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["snapshot", "wal"] {
        let source = from.join(name);
        if source.exists() {
            std::fs::copy(&source, to.join(name)).unwrap();
        }
    }
}

/// Every file of a directory with its bytes, for "left exactly as it was".
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// The graph as a sorted list of lines that do not depend on ids: each
/// node's labels and properties (with their exact types), each
/// relationship's type, ends and properties.
pub fn fingerprint(graph: &Graph) -> Vec<String> {
    let node_text = |id| {
        let mut labels: Vec<String> = graph.node_labels(id).iter().map(|l| l.to_string()).collect();
        labels.sort();
        format!("{labels:?} {:?}", graph.node_properties(id))
    };
    let mut lines: Vec<String> = graph.node_ids().map(|id| format!("node {}", node_text(id))).collect();
    for rel in graph.rel_ids() {
        let (start, end) = graph.rel_ends(rel).unwrap();
        let t = graph.rel_type_name(rel).unwrap();
        lines.push(format!("rel {t} {} -> {} {:?}", node_text(start), node_text(end), graph.rel_properties(rel)));
    }
    lines.sort();
    lines
}
