//! embargo's own JSON document (`"format": "embargo-graph"`, version 1):
//!
//! ```json
//! {"format": "embargo-graph", "version": 1,
//!  "nodes": [
//!   {"id": 0, "labels": ["Country"], "properties": {"name": "Iran", "since": {"~date": "2017-09-11"}}}],
//!  "relationships": [
//!   {"id": 0, "type": "VIOLATED", "start": 0, "end": 4, "properties": {"weight": 1.0}}]}
//! ```
//!
//! One node or relationship per line. Values keep their Cypher type:
//! integers are JSON integers (`3`), floats always have a `.` or an
//! exponent (`3.0`, `1e300`) so they read back as floats, and what JSON
//! lacks is an object with a single `~` key: `{"~date": "2017-09-11"}`,
//! `{"~float": "NaN"}` (also `"Infinity"`, `"-Infinity"`). A map value whose
//! only key starts with `~` would look like such a tag, so it is wrapped as
//! `{"~map": {...}}`. Ids are the exported graph's; a reader may renumber
//! them (see [`super::Imported`]).

use std::io::{Read, Write};
use std::sync::Arc;

use serde_json::{Map as JsonMap, Number, Value as Json, json};

use super::dump::{Dump, DumpNode, DumpRel, Imported};
use crate::error::{Error, Result};
use crate::temporal::Temporal;
use crate::value::{Date, Map, Value};

pub const FORMAT: &str = "embargo-graph";
pub const VERSION: u64 = 1;

/// Writes `dump` as an embargo-graph document.
pub fn write_json(dump: &Dump, out: &mut dyn Write) -> Result<()> {
    write!(out, "{{\"format\": \"{FORMAT}\", \"version\": {VERSION},\n\"nodes\": [")?;
    for (i, node) in dump.nodes.iter().enumerate() {
        let labels: Vec<&str> = node.labels.iter().map(|l| &**l).collect();
        let object = json!({"id": node.id, "labels": labels, "properties": map_to_json(&node.properties)?});
        write!(out, "{}\n{}", if i == 0 { "" } else { "," }, object)?;
    }
    write!(out, "],\n\"relationships\": [")?;
    for (i, rel) in dump.relationships.iter().enumerate() {
        let object = json!({"id": rel.id, "type": &*rel.rel_type, "start": rel.start, "end": rel.end,
            "properties": map_to_json(&rel.properties)?});
        write!(out, "{}\n{}", if i == 0 { "" } else { "," }, object)?;
    }
    writeln!(out, "]}}")?;
    Ok(())
}

/// Reads an embargo-graph document into a new graph.
pub fn read_json(input: impl Read) -> Result<Imported> {
    parse_json(input)?.into_graph()
}

/// Reads an embargo-graph document into a [`Dump`], checking its shape.
pub fn parse_json(mut input: impl Read) -> Result<Dump> {
    let mut text = String::new();
    input.read_to_string(&mut text).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => Error::argument("not JSON: the file is not UTF-8"),
        _ => Error::from(e),
    })?;
    crate::import::json_integers::check(&text)
        .map_err(|(line, reason)| Error::argument(format!("line {line}: {reason}")))?;
    let doc: Json = serde_json::from_str(&text).map_err(|e| Error::argument(format!("not JSON: {e}")))?;
    let format = doc.get("format").and_then(Json::as_str);
    if format != Some(FORMAT) {
        return Err(Error::argument(format!("not an embargo graph document (\"format\" is not \"{FORMAT}\")")));
    }
    match doc.get("version").and_then(Json::as_u64) {
        Some(VERSION) => {}
        other => {
            return Err(Error::argument(format!(
                "embargo-graph version {} is not supported (this embargo reads version {VERSION})",
                other.map_or("(missing)".to_string(), |v| v.to_string())
            )));
        }
    }
    let nodes = array(&doc, "nodes")?.iter().enumerate().map(|(i, n)| node(n).map_err(|e| at("nodes", i, e)));
    let rels =
        array(&doc, "relationships")?.iter().enumerate().map(|(i, r)| rel(r).map_err(|e| at("relationships", i, e)));
    let dump =
        Dump { nodes: nodes.collect::<Result<_>>()?, relationships: rels.collect::<Result<_>>()?, schema: Vec::new() };
    dump.check()?;
    Ok(dump)
}

fn at(list: &str, index: usize, e: Error) -> Error {
    Error::new(e.kind, format!("{list}[{index}]: {}", e.message))
}

fn array<'a>(doc: &'a Json, key: &str) -> Result<&'a Vec<Json>> {
    doc.get(key).and_then(Json::as_array).ok_or_else(|| Error::argument(format!("\"{key}\" must be an array")))
}

fn node(n: &Json) -> Result<DumpNode> {
    let labels = match n.get("labels") {
        None | Some(Json::Null) => vec![],
        Some(Json::Array(items)) => items.iter().map(|l| name(Some(l), "labels")).collect::<Result<_>>()?,
        Some(_) => return Err(Error::argument("\"labels\" must be an array of strings")),
    };
    Ok(DumpNode { id: id(n, "id")?, labels, properties: properties(n)? })
}

fn rel(r: &Json) -> Result<DumpRel> {
    Ok(DumpRel {
        id: id(r, "id")?,
        rel_type: name(r.get("type"), "type")?,
        start: id(r, "start")?,
        end: id(r, "end")?,
        properties: properties(r)?,
    })
}

fn id(object: &Json, key: &str) -> Result<u64> {
    object
        .get(key)
        .and_then(Json::as_u64)
        .ok_or_else(|| Error::argument(format!("\"{key}\" must be an id (0 or more)")))
}

fn name(value: Option<&Json>, key: &str) -> Result<Arc<str>> {
    match value {
        Some(Json::String(s)) if !s.is_empty() => Ok(Arc::from(s.as_str())),
        _ => Err(Error::argument(format!("\"{key}\" must hold non-empty strings"))),
    }
}

fn properties(object: &Json) -> Result<Map> {
    match object.get("properties") {
        None | Some(Json::Null) => Ok(Map::new()),
        Some(Json::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((Arc::from(k.as_str()), value_from_json(v).map_err(|e| in_key(k, e))?)))
            .filter(|p| !matches!(p, Ok((_, Value::Null))))
            .collect(),
        Some(_) => Err(Error::argument("\"properties\" must be an object")),
    }
}

fn in_key(key: &str, e: Error) -> Error {
    Error::new(e.kind, format!("property '{key}': {}", e.message))
}

fn map_to_json(map: &Map) -> Result<Json> {
    let object: JsonMap<String, Json> =
        map.iter().map(|(k, v)| Ok((k.to_string(), value_to_json(v)?))).collect::<Result<_>>()?;
    Ok(Json::Object(object))
}

/// A property value in the document's encoding.
pub fn value_to_json(value: &Value) -> Result<Json> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => match Number::from_f64(*f) {
            Some(n) => Json::Number(n),
            None => json!({"~float": crate::value::format_float(*f)}),
        },
        Value::String(s) => Json::String(s.to_string()),
        Value::Date(d) => json!({"~date": d.to_string()}),
        Value::Temporal(t) => {
            let mut object = JsonMap::new();
            object.insert(format!("~{}", t.kind_name()), Json::String(t.to_string()));
            Json::Object(object)
        }
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect::<Result<_>>()?),
        Value::Map(map) => {
            let object = map_to_json(map)?;
            let looks_tagged = map.len() == 1 && map.keys().all(|k| k.starts_with('~'));
            if looks_tagged { json!({"~map": object}) } else { object }
        }
        other => return Err(Error::type_error(format!("a {} cannot be written as a value", other.type_name()))),
    })
}

/// A value from the document's encoding.
pub fn value_from_json(json: &Json) -> Result<Value> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => Value::Int(i),
            _ if n.is_u64() => return Err(Error::argument(format!("integer {n} is too large"))),
            _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::string(s),
        Json::Array(items) => Value::List(items.iter().map(value_from_json).collect::<Result<_>>()?),
        Json::Object(object) => match tagged(object) {
            Some(("~date", Json::String(s))) => {
                Value::Date(Date::parse_iso(s).ok_or_else(|| Error::argument(format!("'{s}' is not a date")))?)
            }
            Some(("~float", Json::String(s))) => Value::Float(match s.as_str() {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                _ => return Err(Error::argument(format!("'{s}' is not NaN, Infinity or -Infinity"))),
            }),
            Some(("~map", Json::Object(inner))) => map_from_json(inner)?,
            Some((tag, Json::String(s))) if Temporal::parse(&tag[1..], s).is_some() => {
                Value::temporal(Temporal::parse(&tag[1..], s).ok_or_else(|| Error::argument("bad temporal value"))?)
            }
            Some((tag, _)) => return Err(Error::argument(format!("unknown value tag {tag}"))),
            None => map_from_json(object)?,
        },
    })
}

fn tagged(object: &JsonMap<String, Json>) -> Option<(&str, &Json)> {
    let mut entries = object.iter();
    match (entries.next(), entries.next()) {
        (Some((k, v)), None) if k.starts_with('~') => Some((k.as_str(), v)),
        _ => None,
    }
}

fn map_from_json(object: &JsonMap<String, Json>) -> Result<Value> {
    let map: Map =
        object.iter().map(|(k, v)| Ok((Arc::from(k.as_str()), value_from_json(v)?))).collect::<Result<_>>()?;
    Ok(Value::Map(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(v: Value) -> String {
        let json = value_to_json(&v).unwrap();
        let text = json.to_string();
        let back = value_from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        format!("{text} {back:?}")
    }

    #[test]
    fn typed_values_survive() {
        assert_eq!(round(Value::Float(3.0)), "3.0 Float(3.0)");
        assert_eq!(round(Value::Int(3)), "3 Int(3)");
        assert_eq!(round(Value::Int(i64::MIN)), "-9223372036854775808 Int(-9223372036854775808)");
        assert_eq!(round(Value::Float(f64::NAN)), r#"{"~float":"NaN"} Float(NaN)"#);
        assert_eq!(round(Value::Float(f64::NEG_INFINITY)), r#"{"~float":"-Infinity"} Float(-inf)"#);
        let d = Date::parse_iso("2017-09-11").map(Value::Date).unwrap_or_default();
        assert_eq!(round(d), r#"{"~date":"2017-09-11"} Date(Date { year: 2017, month: 9, day: 11 })"#);
        let tricky: Map = [(Arc::from("~date"), Value::string("x"))].into_iter().collect();
        assert!(round(Value::Map(tricky)).ends_with(r#"Map({"~date": String("x")})"#));
    }

    #[test]
    fn documents_are_checked() {
        let e = |text: &str| parse_json(text.as_bytes()).err().map(|e| e.message).unwrap_or_default();
        assert!(e("[]").contains("not an embargo graph document"));
        assert!(e(r#"{"format": "embargo-graph", "version": 2}"#).contains("version 2 is not supported"));
        let bad_date = r#"{"format": "embargo-graph", "version": 1, "relationships": [],
            "nodes": [{"id": 1, "properties": {"d": {"~date": "2017-02-30"}}}]}"#;
        assert_eq!(e(bad_date), "nodes[0]: property 'd': '2017-02-30' is not a date");
    }
}
