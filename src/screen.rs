//! Screening a file of names against the lists: for each row of a CSV
//! (`name`, and optionally `birth_date`, `country`, `schema`, an `id`
//! kept as is), the listings most likely the same party, with why.

use std::io::Write;
use std::path::Path;

use crate::names::{Facts, Kind};
use crate::store::Graph;
use crate::store::names::{Candidate, MatchOptions, strings};
use crate::value::{NodeId, Value};

/// One name to check, as the file gives it.
#[derive(Clone, Debug)]
pub struct Row {
    /// Its line in the file (1 is the header).
    pub line: u64,
    pub id: Option<String>,
    pub name: String,
    pub facts: Facts,
}

/// The rows of a screening file, each a row or `FILE:LINE: reason`; an
/// unreadable file, or one without a `name` column, is an error.
pub fn read_rows(path: &Path) -> Result<Vec<Result<Row, String>>, String> {
    let file = path.display().to_string();
    let input = std::fs::File::open(path).map_err(|e| format!("cannot read {file}: {e}"))?;
    // Quoting as the imports check it: a quote never closed would merge rows.
    let mut reader = crate::import::quoting::reader(input, b',');
    let reason = |e: &csv::Error, line: u64| match crate::import::quoting::quote_error(e) {
        Some(quote) => format!("{file}:{quote}"),
        None => format!("{file}:{line}: {e}"),
    };
    let mut header = csv::StringRecord::new();
    if !reader.read_record(&mut header).map_err(|e| reason(&e, 1))? {
        return Err(format!("{file}:1: the file is empty"));
    }
    let headers: Vec<String> =
        header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let name_column = column("name").ok_or_else(|| format!("{file}:1: there is no 'name' column"))?;
    let (birth, country, schema, id) = (column("birth_date"), column("country"), column("schema"), column("id"));
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = record.as_ref().ok().and_then(|r| r.position()).map_or(i as u64 + 2, |p| p.line());
        let record = match record {
            Ok(record) => record,
            // Past a quoting error the rest of the file cannot be told apart.
            Err(e) if crate::import::quoting::quote_error(&e).is_some() => {
                rows.push(Err(reason(&e, line)));
                break;
            }
            Err(e) => {
                rows.push(Err(reason(&e, line)));
                continue;
            }
        };
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::trim).filter(|v| !v.is_empty());
        let Some(name) = field(Some(name_column)) else {
            rows.push(Err(format!("{file}:{line}: the name is empty")));
            continue;
        };
        let list = |c: Option<usize>| {
            field(c).map(|v| v.split(';').map(|s| s.trim().to_string()).collect()).unwrap_or_default()
        };
        let facts = Facts {
            kind: field(schema).map_or(Kind::Unknown, |s| Kind::from_labels(&[s])),
            names: vec![name.to_string()],
            birth_dates: list(birth),
            countries: list(country),
            ..Facts::default()
        };
        rows.push(Ok(Row { line, id: field(id).map(str::to_string), name: name.to_string(), facts }));
    }
    Ok(rows)
}

/// The listings that may be the row's party, best first.
pub fn screen(graph: &Graph, row: &Row, min_score: f64, limit: usize) -> Vec<Candidate> {
    let list = graph.keys.get("list");
    let listed = |id: NodeId| list.is_some_and(|k| graph.node_property(id, k).is_some());
    graph.matches(&row.facts, &MatchOptions { limit, min_score, filter: &listed })
}

/// A node's first value of `key`, as text.
fn text(graph: &Graph, id: NodeId, key: &str) -> String {
    let value = graph.keys.get(key).and_then(|k| graph.node_property(id, k));
    match value {
        Some(Value::String(s)) => s.to_string(),
        other => strings(other.as_ref()).first().map(|s| s.to_string()).unwrap_or_default(),
    }
}

/// The columns of the CSV output.
pub const CSV_HEADER: &[&str] =
    &["line", "id", "name", "score", "match", "matched", "labels", "list", "source_id", "source", "features"];

/// One output line per match (a row with no match gives one line with
/// the match columns empty), as CSV.
pub fn write_csv(out: &mut csv::Writer<impl Write>, graph: &Graph, row: &Row, found: &[Candidate]) -> csv::Result<()> {
    let head = [row.line.to_string(), row.id.clone().unwrap_or_default(), row.name.clone()];
    if found.is_empty() {
        let empty = std::iter::repeat_n(String::new(), CSV_HEADER.len() - head.len());
        return out.write_record(head.iter().cloned().chain(empty));
    }
    for c in found {
        let labels: Vec<String> = graph.node_labels(c.node).iter().map(|l| l.to_string()).collect();
        let features: Vec<String> = c.features.iter().map(|(k, v)| format!("{k} {v:.2}")).collect();
        let rest = [
            format!("{:.3}", c.score),
            text(graph, c.node, "name"),
            c.matched.clone(),
            labels.join(";"),
            text(graph, c.node, "list"),
            text(graph, c.node, "source_id"),
            text(graph, c.node, "source"),
            features.join("; "),
        ];
        out.write_record(head.iter().cloned().chain(rest))?;
    }
    Ok(())
}

/// One JSON object per row, its matches in a list.
pub fn to_json(graph: &Graph, row: &Row, found: &[Candidate]) -> serde_json::Value {
    let matches: Vec<serde_json::Value> = found
        .iter()
        .map(|c| {
            let features: serde_json::Map<String, serde_json::Value> =
                c.features.iter().map(|(k, v)| (k.to_string(), serde_json::json!(v))).collect();
            serde_json::json!({
                "score": c.score,
                "name": text(graph, c.node, "name"),
                "matched": c.matched,
                "labels": graph.node_labels(c.node).iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                "list": text(graph, c.node, "list"),
                "source_id": text(graph, c.node, "source_id"),
                "source": text(graph, c.node, "source"),
                "features": features,
            })
        })
        .collect();
    serde_json::json!({"line": row.line, "id": row.id, "name": row.name, "matches": matches})
}

#[cfg(test)]
mod tests {
    use super::read_rows;

    #[test]
    fn a_quote_never_closed_ends_the_rows_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("customers.csv");
        std::fs::write(&path, "name,country\nKim Chol,kp\n\"Ri Won\nPak,kp\n").unwrap();
        let rows = read_rows(&path).unwrap();
        assert_eq!(rows.len(), 2, "the rows after the quote are not merged into one name");
        assert!(rows[0].as_ref().is_ok_and(|r| r.name == "Kim Chol"));
        let error = rows[1].as_ref().err().cloned().unwrap_or_default();
        assert!(error.ends_with("customers.csv:3: a quoted field is never closed (a \" is missing)"), "{error}");
    }
}
