//! Plans of the Cypher 5 clauses that hold other clauses or read a file:
//! `CALL { … }` subqueries, `FOREACH`, `LOAD CSV`, and the bodies of the
//! `EXISTS`, `COUNT` and `COLLECT` expressions.

use std::path::PathBuf;

use super::{Expr, Op, Slot};
pub use crate::ast::OnError;

/// A subquery's single queries, joined by UNION.
#[derive(Clone, Debug)]
pub struct Body {
    pub parts: Vec<BodyPart>,
    /// UNION without ALL: each returned row once.
    pub distinct: bool,
}

#[derive(Clone, Debug)]
pub struct BodyPart {
    pub ops: Vec<Op>,
    /// The returned columns' slots (none for a unit subquery).
    pub returns: Vec<Slot>,
}

/// What an expression subquery makes of its body's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubqueryKind {
    Exists,
    Count,
    Collect,
}

/// `[OPTIONAL] CALL { … } [IN TRANSACTIONS …]`.
#[derive(Clone, Debug)]
pub struct CallPlan {
    pub body: Body,
    /// Where the returned columns go in the outer row; empty for a unit
    /// subquery, whose rows pass through unchanged.
    pub outputs: Vec<Slot>,
    pub optional: bool,
    /// The body changes the graph, so it runs as an update, not streamed.
    pub writes: bool,
    pub batching: Option<Batching>,
}

/// `IN TRANSACTIONS [OF n ROWS] [ON ERROR …] [REPORT STATUS AS s]`.
#[derive(Clone, Debug)]
pub struct Batching {
    pub size: Expr,
    pub on_error: OnError,
    pub status: Option<Slot>,
}

/// `FOREACH (x IN list | updates)`.
#[derive(Clone, Debug)]
pub struct Foreach {
    pub slot: Slot,
    pub list: Expr,
    pub ops: Vec<Op>,
}

/// `LOAD CSV [WITH HEADERS] FROM url AS row`.
#[derive(Clone, Debug)]
pub struct LoadCsv {
    pub url: Expr,
    pub headers: bool,
    pub delimiter: u8,
    pub slot: Slot,
    /// What `linenumber()` and `file()` read for this clause's rows.
    pub line: Slot,
    pub file: Slot,
}

/// Whether operators change the graph.
pub fn writes(ops: &[Op]) -> bool {
    ops.iter().any(|op| match op {
        Op::Create(_) | Op::Merge(_) | Op::Set(_) | Op::Delete { .. } | Op::Foreach(_) | Op::Schema { .. } => true,
        Op::Call { procedure, .. } => procedure.writes(),
        Op::Subquery(call) => call.writes,
        _ => false,
    })
}

/// The path a `LOAD CSV` URL names: `file:///abs/path`, `file:rel`, or a
/// plain path (relative to the working directory). `None` for any other
/// scheme.
pub fn csv_path(url: &str) -> Option<PathBuf> {
    let path = match url.strip_prefix("file://") {
        Some(rest) => rest,
        None => match url.strip_prefix("file:") {
            Some(rest) => rest,
            None if url.contains("://") => return None,
            None => return Some(PathBuf::from(url)),
        },
    };
    Some(PathBuf::from(percent_decode(path)))
}

/// `%20` and the like, as URLs write them; a bad escape stays as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_and_plain_paths_name_files() {
        assert_eq!(csv_path("file:///data/vessels.csv"), Some(PathBuf::from("/data/vessels.csv")));
        assert_eq!(csv_path("file:///tmp/a%20b.csv"), Some(PathBuf::from("/tmp/a b.csv")));
        assert_eq!(csv_path("lists/un.csv"), Some(PathBuf::from("lists/un.csv")));
        assert_eq!(csv_path("file:lists/un.csv"), Some(PathBuf::from("lists/un.csv")));
        assert_eq!(csv_path("https://example.org/x.csv"), None);
        assert_eq!(csv_path("file:///100%.csv"), Some(PathBuf::from("/100%.csv")));
    }
}
