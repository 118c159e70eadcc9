//! Values as text for the table and CSV formats: a cell shows a top-level
//! string or date bare, and anything nested as Cypher-literal text, with
//! nodes and relationships drawn as patterns (`(:Country {name: "Iran"})`).

use std::fmt::Write as _;

use crate::result::Entities;
use crate::value::{Map, NodeId, Path, RelId, Value, format_float};

/// The text of a cell: strings unquoted, dates bare, `null` visible.
pub fn cell(value: &Value, entities: &Entities) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Temporal(t) => t.to_string(),
        other => literal(other, entities),
    }
}

/// Cypher-literal text of a value.
pub fn literal(value: &Value, entities: &Entities) -> String {
    let mut out = String::new();
    write_literal(&mut out, value, entities);
    out
}

fn write_literal(out: &mut String, value: &Value, entities: &Entities) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => quote(out, s),
        Value::Date(d) => {
            let _ = write!(out, "date(\"{d}\")");
        }
        Value::Temporal(t) => {
            let _ = write!(out, "{}(\"{t}\")", t.kind_name());
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_literal(out, item, entities);
            }
            out.push(']');
        }
        Value::Map(map) => write_map(out, map, entities),
        Value::Node(id) => write_node(out, *id, entities),
        Value::Relationship(id) => write_rel(out, *id, entities),
        Value::Path(path) => write_path(out, path, entities),
    }
}

fn write_map(out: &mut String, map: &Map, entities: &Entities) {
    out.push('{');
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_name(out, key);
        out.push_str(": ");
        write_literal(out, value, entities);
    }
    out.push('}');
}

fn write_node(out: &mut String, id: NodeId, entities: &Entities) {
    let Some(data) = entities.nodes.get(&id) else {
        // The engine had no data for it (should not happen): show the id.
        let _ = write!(out, "(#{id})");
        return;
    };
    out.push('(');
    for label in &data.labels {
        out.push(':');
        write_name(out, label);
    }
    if !data.properties.is_empty() {
        if !data.labels.is_empty() {
            out.push(' ');
        }
        write_map(out, &data.properties, entities);
    }
    out.push(')');
}

fn write_rel(out: &mut String, id: RelId, entities: &Entities) {
    let Some(data) = entities.rels.get(&id) else {
        let _ = write!(out, "[#{id}]");
        return;
    };
    out.push_str("[:");
    write_name(out, &data.rel_type);
    if !data.properties.is_empty() {
        out.push(' ');
        write_map(out, &data.properties, entities);
    }
    out.push(']');
}

fn write_path(out: &mut String, path: &Path, entities: &Entities) {
    let Some(first) = path.nodes.first() else {
        return;
    };
    write_node(out, *first, entities);
    for (i, rel) in path.rels.iter().enumerate() {
        // A path may walk a relationship against its direction.
        let forward = entities.rels.get(rel).is_none_or(|r| path.nodes.get(i) == Some(&r.start));
        out.push_str(if forward { "-" } else { "<-" });
        write_rel(out, *rel, entities);
        out.push_str(if forward { "->" } else { "-" });
        if let Some(next) = path.nodes.get(i + 1) {
            write_node(out, *next, entities);
        }
    }
}

/// A label, type or key: bare when it is an identifier, else back-quoted.
fn write_name(out: &mut String, name: &str) {
    let mut chars = name.chars();
    let plain =
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        out.push_str(name);
    } else {
        out.push('`');
        out.push_str(&name.replace('`', "``"));
        out.push('`');
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_entities;

    #[test]
    fn cells_show_strings_bare_and_nested_values_as_literals() {
        let e = Entities::default();
        assert_eq!(cell(&Value::string("Iran"), &e), "Iran");
        assert_eq!(cell(&Value::Null, &e), "null");
        assert_eq!(cell(&Value::Float(3.0), &e), "3.0");
        let list = Value::List(vec![Value::string("a\"b"), Value::Int(1), Value::Null]);
        assert_eq!(cell(&list, &e), r#"["a\"b", 1, null]"#);
        let mut map = Map::new();
        map.insert("two words".into(), Value::Bool(true));
        map.insert("k".into(), Value::Float(f64::NAN));
        assert_eq!(cell(&Value::Map(map), &e), "{k: NaN, `two words`: true}");
    }

    #[test]
    fn entities_are_drawn_as_patterns() {
        let e = sample_entities();
        assert_eq!(cell(&Value::Node(12), &e), r#"(:Country {name: "Iran"})"#);
        assert_eq!(cell(&Value::Relationship(40), &e), r#"[:VIOLATED {category: "military"}]"#);
        let path = Value::path(Path { nodes: vec![12, 7], rels: vec![40] });
        assert_eq!(
            cell(&path, &e),
            r#"(:Country {name: "Iran"})-[:VIOLATED {category: "military"}]->(:Sanction {name: "UN"})"#
        );
        let backwards = Value::path(Path { nodes: vec![7, 12], rels: vec![40] });
        assert!(cell(&backwards, &e).contains(")<-[:VIOLATED"));
    }
}
