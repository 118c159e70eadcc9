//! The contract's jsonl format: one JSON object per statement, one line
//! each. The encoder is written by hand so that floats keep their `.0`,
//! NaN and infinities become strings, and keys keep the contract's order.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::error::Error;
use crate::result::{Entities, QueryResult};
use crate::value::{Map, NodeId, RelId, Value, format_float};

/// Writes a statement's object as one line and flushes it, so a reader sees
/// the statement acknowledged as soon as it is done.
pub fn write_outcome<W: Write>(out: &mut W, statement: &str, outcome: &Result<QueryResult, Error>) -> io::Result<()> {
    let line = match outcome {
        Ok(result) => result_object(result),
        Err(error) => error_object(error, statement),
    };
    writeln!(out, "{line}")?;
    out.flush()
}

/// `{"columns": [...], "rows": [[...]], "stats": {...}, "elapsed_ms": 0.42}`
pub fn result_object(result: &QueryResult) -> String {
    let mut out = String::from("{\"columns\": [");
    for (i, column) in result.columns.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(&mut out, column);
    }
    out.push_str("], \"rows\": [");
    for (i, row) in result.rows.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        list(&mut out, row, &result.entities);
    }
    out.push_str("], \"stats\": {");
    let counters = result.stats.counters();
    for (i, (name, count)) in counters.iter().filter(|(_, n)| *n > 0).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{name}\": {count}");
    }
    let elapsed_ms = result.elapsed.as_secs_f64() * 1000.0;
    let _ = write!(out, "}}, \"elapsed_ms\": {elapsed_ms:.4}");
    if let Some(plan) = &result.plan {
        out.push_str(", \"plan\": ");
        string(&mut out, plan);
    }
    out.push('}');
    out
}

/// `{"error": {"kind": "...", "message": "...", "line": L, "column": C}}`,
/// with line and column only when the error has a place in `statement`.
pub fn error_object(error: &Error, statement: &str) -> String {
    let mut out = format!("{{\"error\": {{\"kind\": \"{}\", \"message\": ", error.kind.name());
    string(&mut out, &error.message);
    if let Some(position) = error.position(statement) {
        let _ = write!(out, ", \"line\": {}, \"column\": {}", position.line, position.column);
    }
    out.push_str("}}");
    out
}

/// A value in the contract's JSON encoding.
pub fn value(out: &mut String, value: &Value, entities: &Entities) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        // Non-finite floats have no JSON number: the contract spells them
        // as strings, which is also what format_float prints.
        Value::Float(f) if !f.is_finite() => string(out, &format_float(*f)),
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => string(out, s),
        Value::List(items) => list(out, items, entities),
        Value::Map(map) => object(out, map, entities),
        Value::Node(id) => node(out, *id, entities),
        Value::Relationship(id) => relationship(out, *id, entities),
        Value::Path(path) => {
            out.push_str("{\"~kind\": \"path\", \"nodes\": [");
            for (i, id) in path.nodes.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                node(out, *id, entities);
            }
            out.push_str("], \"relationships\": [");
            for (i, id) in path.rels.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                relationship(out, *id, entities);
            }
            out.push_str("]}");
        }
        Value::Date(d) => {
            let _ = write!(out, "{{\"~kind\": \"date\", \"value\": \"{d}\"}}");
        }
        Value::Temporal(t) => {
            let _ = write!(out, "{{\"~kind\": \"{}\", \"value\": \"{t}\"}}", t.kind_name());
        }
    }
}

fn node(out: &mut String, id: NodeId, entities: &Entities) {
    let _ = write!(out, "{{\"~kind\": \"node\", \"id\": {id}, \"labels\": [");
    let data = entities.nodes.get(&id);
    for (i, label) in data.map(|d| d.labels.as_slice()).unwrap_or_default().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, label);
    }
    out.push_str("], \"properties\": ");
    object(out, data.map_or(&Map::new(), |d| &d.properties), entities);
    out.push('}');
}

fn relationship(out: &mut String, id: RelId, entities: &Entities) {
    let _ = write!(out, "{{\"~kind\": \"relationship\", \"id\": {id}, \"type\": ");
    match entities.rels.get(&id) {
        Some(data) => {
            string(out, &data.rel_type);
            let _ = write!(out, ", \"start\": {}, \"end\": {}, \"properties\": ", data.start, data.end);
            object(out, &data.properties, entities);
        }
        None => out.push_str("null, \"start\": null, \"end\": null, \"properties\": {}"),
    }
    out.push('}');
}

fn list(out: &mut String, items: &[Value], entities: &Entities) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        value(out, item, entities);
    }
    out.push(']');
}

fn object(out: &mut String, map: &Map, entities: &Entities) {
    out.push('{');
    for (i, (key, item)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, key);
        out.push_str(": ");
        value(out, item, entities);
    }
    out.push('}');
}

fn string(out: &mut String, s: &str) {
    // serde_json's Display escapes exactly as JSON requires, and cannot fail.
    let _ = write!(out, "{}", serde_json::Value::String(s.to_string()));
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::render::test_support::sample_entities;
    use crate::result::Stats;
    use crate::value::{Date, Path};

    fn encode(v: &Value) -> String {
        let mut out = String::new();
        value(&mut out, v, &sample_entities());
        out
    }

    #[test]
    fn numbers_keep_their_kind() {
        assert_eq!(encode(&Value::Int(3)), "3");
        assert_eq!(encode(&Value::Float(3.0)), "3.0");
        assert_eq!(encode(&Value::Float(-0.5)), "-0.5");
        assert_eq!(encode(&Value::Float(1e300)), "1e300");
        assert_eq!(encode(&Value::Float(f64::NAN)), "\"NaN\"");
        assert_eq!(encode(&Value::Float(f64::INFINITY)), "\"Infinity\"");
        assert_eq!(encode(&Value::Float(f64::NEG_INFINITY)), "\"-Infinity\"");
        for f in [3.0, 1e300, 1e16, 1.5e-7, -2.25, 123456789.0] {
            let parsed: serde_json::Value = serde_json::from_str(&encode(&Value::Float(f))).unwrap_or_default();
            assert!(parsed.is_f64(), "{f} must stay a JSON float");
            assert_eq!(parsed.as_f64(), Some(f));
        }
    }

    #[test]
    fn strings_lists_and_maps() {
        assert_eq!(encode(&Value::string("a\"b\n")), r#""a\"b\n""#);
        let mut map = Map::new();
        map.insert("b".into(), Value::List(vec![Value::Null, Value::Bool(true)]));
        map.insert("a".into(), Value::Int(1));
        assert_eq!(encode(&Value::Map(map)), r#"{"a": 1, "b": [null, true]}"#);
        let date = Date::parse_iso("2017-09-11").map(Value::Date).unwrap_or_default();
        assert_eq!(encode(&date), r#"{"~kind": "date", "value": "2017-09-11"}"#);
    }

    #[test]
    fn entities_carry_their_data() {
        assert_eq!(
            encode(&Value::Node(12)),
            r#"{"~kind": "node", "id": 12, "labels": ["Country"], "properties": {"name": "Iran"}}"#
        );
        assert_eq!(
            encode(&Value::Relationship(40)),
            r#"{"~kind": "relationship", "id": 40, "type": "VIOLATED", "start": 12, "end": 7, "properties": {"category": "military"}}"#
        );
        let path = encode(&Value::path(Path { nodes: vec![12, 7], rels: vec![40] }));
        assert!(path.starts_with(r#"{"~kind": "path", "nodes": [{"~kind": "node", "id": 12,"#));
        assert!(path.ends_with(r#""properties": {"category": "military"}}]}"#));
    }

    #[test]
    fn statement_objects_follow_the_contract() {
        let result = QueryResult {
            columns: vec!["c.name".into(), "n".into()],
            rows: vec![vec![Value::string("Iran"), Value::Int(3)]],
            stats: Stats { nodes_created: 2, properties_set: 1, ..Stats::default() },
            elapsed: Duration::from_micros(420),
            ..QueryResult::default()
        };
        assert_eq!(
            result_object(&result),
            r#"{"columns": ["c.name", "n"], "rows": [["Iran", 3]], "stats": {"nodes_created": 2, "properties_set": 1}, "elapsed_ms": 0.4200}"#
        );
        let error = Error::syntax("Invalid input 'n'").at(19);
        assert_eq!(
            error_object(&error, "MATCH (n)\nRETURN n n"),
            r#"{"error": {"kind": "SyntaxError", "message": "Invalid input 'n'", "line": 2, "column": 10}}"#
        );
        assert_eq!(
            error_object(&Error::semantic("x"), "RETURN x"),
            r#"{"error": {"kind": "SemanticError", "message": "x"}}"#
        );
    }
}
