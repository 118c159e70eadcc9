//! A Cypher script that rebuilds the subgraph in an empty graph, in plain
//! openCypher (embargo, Neo4j, and Kùzu syntax-wise), the way APOC's
//! `apoc.export.cypher` does it without unique keys: each node is created
//! with a temporary `UNIQUE IMPORT LABEL` label and `UNIQUE IMPORT ID`
//! property, each relationship matches its ends by them, and a last
//! statement removes both. The graph's indexes and constraints come first.

use std::fmt::Write as _;
use std::io::Write;

use super::dump::Dump;
use crate::error::{Error, Result};
use crate::value::{Map, Value, format_float};

const IMPORT_LABEL: &str = "UNIQUE IMPORT LABEL";
const IMPORT_ID: &str = "UNIQUE IMPORT ID";

/// Writes `dump` as a script of `;`-terminated statements, one a line.
pub fn write_cypher(dump: &Dump, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "// embargo export: {} nodes, {} relationships; run in an empty graph.",
        dump.nodes.len(),
        dump.relationships.len()
    )?;
    // Indexes and constraints first: the data then fills the indexes as
    // it is created, and meets the constraints it met before.
    for statement in &dump.schema {
        writeln!(out, "{statement};")?;
    }
    for node in &dump.nodes {
        let mut text = String::from("CREATE (");
        for label in node.labels.iter().map(|l| &**l).chain([IMPORT_LABEL]) {
            let _ = write!(text, ":{}", name(label));
        }
        text.push(' ');
        let mut props = node.properties.clone();
        props.insert(IMPORT_ID.into(), Value::Int(node.id as i64));
        map(&mut text, &props)?;
        writeln!(out, "{text});")?;
    }
    let end = |id: u64| format!(":{} {{{}: {id}}}", name(IMPORT_LABEL), name(IMPORT_ID));
    for rel in &dump.relationships {
        let mut text = format!("MATCH (a{}), (b{}) CREATE (a)-[:{}", end(rel.start), end(rel.end), name(&rel.rel_type));
        if !rel.properties.is_empty() {
            text.push(' ');
            map(&mut text, &rel.properties)?;
        }
        writeln!(out, "{text}]->(b);")?;
    }
    if !dump.nodes.is_empty() {
        let (label, id) = (name(IMPORT_LABEL), name(IMPORT_ID));
        writeln!(out, "MATCH (n:{label}) REMOVE n:{label}, n.{id};")?;
    }
    Ok(())
}

/// A label, type or key, always back-quoted (a back quote doubled).
pub fn name(text: &str) -> String {
    format!("`{}`", text.replace('`', "``"))
}

fn map(out: &mut String, props: &Map) -> Result<()> {
    out.push('{');
    for (i, (key, value)) in props.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}: ", name(key));
        literal(out, value)?;
    }
    out.push('}');
    Ok(())
}

/// A property value as a Cypher expression that evaluates back to it.
pub fn literal(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // The smallest integer has no literal: its negation overflows.
        Value::Int(i64::MIN) => out.push_str("(-9223372036854775807 - 1)"),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_nan() => out.push_str("(0.0 / 0.0)"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "(1.0 / 0.0)" } else { "(-1.0 / 0.0)" }),
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => string(out, s),
        Value::Date(d) => {
            let _ = write!(out, "date('{d}')");
        }
        Value::Temporal(t) => {
            let _ = write!(out, "{}('{t}')", t.kind_name());
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                literal(out, item)?;
            }
            out.push(']');
        }
        Value::Map(m) => map(out, m)?,
        other => return Err(Error::type_error(format!("a {} cannot be written as a literal", other.type_name()))),
    }
    Ok(())
}

/// A single-quoted string literal with openCypher's escapes.
fn string(out: &mut String, s: &str) {
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: Value) -> String {
        let mut s = String::new();
        literal(&mut s, &v).unwrap();
        s
    }

    #[test]
    fn literals_escape_and_keep_types() {
        assert_eq!(lit(Value::string("it's a \\ \"test\"\n\u{1}é")), r#"'it\'s a \\ "test"\n\u0001é'"#);
        assert_eq!(lit(Value::Float(3.0)), "3.0");
        assert_eq!(lit(Value::List(vec![Value::Int(1), Value::Null])), "[1, null]");
        assert_eq!(name("we`ird"), "`we``ird`");
    }
}
