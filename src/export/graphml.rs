//! GraphML, for Gephi, yEd, Cytoscape and networkx (`read_graphml`).
//!
//! - Every property key is declared once per domain (`node`, `edge`) with
//!   an `attr.type`: `boolean`, `long`, `double` or `string`. A key whose
//!   values are all of one of those types is written plainly (floats as
//!   `3.0`, `NaN`, `Infinity`).
//! - Dates are `string` keys marked `embargo:type="date"`, holding ISO
//!   text (`2017-09-11`). Lists, keys of mixed types, and strings that XML
//!   cannot carry (control characters) are `string` keys marked
//!   `embargo:type="json"`, holding the value as JSON text in the encoding
//!   of [`super::json`] (`["DPRK", "Burma"]`). Other tools see the text.
//! - A node's labels are the `labels` attribute, `:Country:Person`; a
//!   relationship's type is the `label` attribute (APOC's convention).
//! - Node ids are `n<id>`, relationship ids `e<id>`.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::dump::{Dump, DumpNode, DumpRel, Imported};
use super::json::{value_from_json, value_to_json};
use crate::error::{Error, Result, excerpt};
use crate::import::xml::Lines;
use crate::value::{Date, Map, Value, format_float};

/// Marks keys whose text needs decoding (see the module docs).
pub const NAMESPACE: &str = "urn:embargo:graphml";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Boolean,
    Long,
    Double,
    String,
    Date,
    Json,
}

impl KeyType {
    fn of(value: &Value) -> KeyType {
        match value {
            Value::Bool(_) => KeyType::Boolean,
            Value::Int(_) => KeyType::Long,
            Value::Float(_) => KeyType::Double,
            Value::String(s) if s.chars().all(xml_char) => KeyType::String,
            Value::Date(_) => KeyType::Date,
            _ => KeyType::Json,
        }
    }

    fn attr_type(self) -> &'static str {
        match self {
            KeyType::Boolean => "boolean",
            KeyType::Long => "long",
            KeyType::Double => "double",
            _ => "string",
        }
    }
}

/// Whether XML 1.0 can carry the character at all (even as a reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Each key's one type across the values of a domain, in key order.
fn key_types<'a>(maps: impl Iterator<Item = &'a Map>) -> BTreeMap<Arc<str>, KeyType> {
    let mut types = BTreeMap::new();
    for map in maps {
        for (key, value) in map {
            let t = KeyType::of(value);
            types
                .entry(key.clone())
                .and_modify(|old| {
                    if *old != t {
                        *old = KeyType::Json
                    }
                })
                .or_insert(t);
        }
    }
    types
}

/// Writes `dump` as GraphML.
pub fn write_graphml(dump: &Dump, out: &mut dyn Write) -> Result<()> {
    let node_keys = key_types(dump.nodes.iter().map(|n| &n.properties));
    let edge_keys = key_types(dump.relationships.iter().map(|r| &r.properties));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:embargo="{NAMESPACE}">"#)?;
    writeln!(out, r#"  <key id="labels" for="node" attr.name="labels" attr.type="string"/>"#)?;
    writeln!(out, r#"  <key id="label" for="edge" attr.name="label" attr.type="string"/>"#)?;
    let (mut node_ids, mut edge_ids) = (HashMap::new(), HashMap::new());
    for (domain, prefix, keys, ids) in
        [("node", "n", &node_keys, &mut node_ids), ("edge", "e", &edge_keys, &mut edge_ids)]
    {
        for (i, (name, t)) in keys.iter().enumerate() {
            let id = format!("{prefix}{i}");
            let marker = match t {
                KeyType::Date => r#" embargo:type="date""#,
                KeyType::Json => r#" embargo:type="json""#,
                _ => "",
            };
            writeln!(
                out,
                r#"  <key id="{id}" for="{domain}" attr.name="{}" attr.type="{}"{marker}/>"#,
                escape(name),
                t.attr_type()
            )?;
            ids.insert(name.clone(), id);
        }
    }
    writeln!(out, r#"  <graph id="G" edgedefault="directed">"#)?;
    for node in &dump.nodes {
        write!(out, r#"    <node id="n{}">"#, node.id)?;
        let labels: String = node.labels.iter().map(|l| format!(":{l}")).collect();
        write!(out, r#"<data key="labels">{}</data>"#, escape(&labels))?;
        write_data(out, &node.properties, &node_keys, &node_ids)?;
        writeln!(out, "</node>")?;
    }
    for rel in &dump.relationships {
        write!(out, r#"    <edge id="e{}" source="n{}" target="n{}">"#, rel.id, rel.start, rel.end)?;
        write!(out, r#"<data key="label">{}</data>"#, escape(&rel.rel_type))?;
        write_data(out, &rel.properties, &edge_keys, &edge_ids)?;
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}

fn write_data(
    out: &mut dyn Write,
    props: &Map,
    types: &BTreeMap<Arc<str>, KeyType>,
    ids: &HashMap<Arc<str>, String>,
) -> Result<()> {
    for (key, value) in props {
        let (Some(t), Some(id)) = (types.get(key), ids.get(key)) else { continue };
        let text = match (t, value) {
            (KeyType::Json, v) => value_to_json(v)?.to_string(),
            (_, Value::String(s)) => s.to_string(),
            (_, Value::Float(f)) => format_float(*f),
            (_, Value::Int(i)) => i.to_string(),
            (_, Value::Bool(b)) => b.to_string(),
            (_, Value::Date(d)) => d.to_string(),
            (_, v) => value_to_json(v)?.to_string(),
        };
        write!(out, r#"<data key="{id}">{}</data>"#, escape(&text))?;
    }
    Ok(())
}

/// Escapes text and attribute values; `\r`, `\n` and `\t` become character
/// references so that parsers' newline and attribute normalisation keep them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads GraphML (embargo's or another tool's) into a new graph.
pub fn read_graphml(input: impl Read) -> Result<Imported> {
    parse_graphml(input)?.into_graph()
}

struct Key {
    name: String,
    domain: String,
    attr_type: String,
    embargo_type: Option<String>,
}

#[derive(Default)]
struct Element {
    id: Option<String>,
    source: Option<String>,
    target: Option<String>,
    data: Vec<(String, String)>,
}

/// Reads GraphML into a [`Dump`]. Node ids `n<number>` (as embargo writes
/// them) keep their number; other ids are numbered in document order.
pub fn parse_graphml(input: impl Read) -> Result<Dump> {
    let (keys, nodes, edges) = read_elements(BufReader::new(input))?;
    let label_key = find_key(&keys, "node", "labels");
    let type_key = find_key(&keys, "edge", "label").or_else(|| find_key(&keys, "edge", "type"));
    let names: Vec<String> = nodes.iter().map(|n| n.id.clone().unwrap_or_default()).collect();
    let node_ids = numbering(&names, 'n');
    let mut by_name: HashMap<&str, u64> = HashMap::new();
    for (name, id) in names.iter().zip(&node_ids) {
        if by_name.insert(name, *id).is_some() {
            return Err(Error::argument(format!("GraphML node id '{name}' appears twice")));
        }
    }
    let mut dump = Dump::default();
    for (i, node) in nodes.into_iter().enumerate() {
        let mut labels = Vec::new();
        let mut properties = Map::new();
        for (key, text) in node.data {
            if Some(&key) == label_key.as_ref() {
                labels = text.split(':').filter(|l| !l.is_empty()).map(Arc::from).collect();
            } else if let Some(k) = keys.get(&key) {
                properties.insert(Arc::from(k.name.as_str()), decode(k, &text)?);
            }
        }
        dump.nodes.push(DumpNode { id: node_ids[i], labels, properties });
    }
    let edge_names: Vec<String> = edges.iter().map(|e| e.id.clone().unwrap_or_default()).collect();
    let edge_ids = numbering(&edge_names, 'e');
    for (i, edge) in edges.into_iter().enumerate() {
        let end = |name: Option<String>| {
            let name = name.unwrap_or_default();
            by_name
                .get(name.as_str())
                .copied()
                .ok_or_else(|| Error::argument(format!("edge refers to an unknown node '{name}'")))
        };
        let (start, end) = (end(edge.source)?, end(edge.target)?);
        let mut rel_type: Arc<str> = Arc::from("RELATED");
        let mut properties = Map::new();
        for (key, text) in edge.data {
            if Some(&key) == type_key.as_ref() && !text.is_empty() {
                rel_type = Arc::from(text.as_str());
            } else if let Some(k) = keys.get(&key) {
                properties.insert(Arc::from(k.name.as_str()), decode(k, &text)?);
            }
        }
        dump.relationships.push(DumpRel { id: edge_ids[i], rel_type, start, end, properties });
    }
    dump.check()?;
    Ok(dump)
}

/// `n12` → 12 when every id has that form and they are distinct; else
/// positions.
fn numbering(names: &[String], prefix: char) -> Vec<u64> {
    let numbers: Option<Vec<u64>> = names.iter().map(|n| n.strip_prefix(prefix)?.parse().ok()).collect();
    match numbers {
        Some(numbers) if numbers.iter().collect::<std::collections::HashSet<_>>().len() == numbers.len() => numbers,
        _ => (0..names.len() as u64).collect(),
    }
}

fn find_key(keys: &HashMap<String, Key>, domain: &str, name: &str) -> Option<String> {
    // Prefer embargo's own reserved id, then any key of that name.
    if keys.get(name).is_some_and(|k| k.domain == domain && k.name == name) {
        return Some(name.to_string());
    }
    let mut found: Vec<&String> = keys
        .iter()
        .filter(|(_, k)| (k.domain == domain || k.domain == "all") && k.name == name)
        .map(|(id, _)| id)
        .collect();
    found.sort();
    found.first().map(|s| s.to_string())
}

fn decode(key: &Key, text: &str) -> Result<Value> {
    let fail = || Error::argument(format!("'{}' is not a {} for key '{}'", excerpt(text), key.attr_type, key.name));
    match key.embargo_type.as_deref() {
        Some("json") => {
            crate::import::json_integers::check(text).map_err(|(_, reason)| Error::argument(reason))?;
            let json = serde_json::from_str(text)
                .map_err(|e| Error::argument(format!("'{}' is not JSON for key '{}': {e}", excerpt(text), key.name)))?;
            return value_from_json(&json);
        }
        Some("date") => return Date::parse_iso(text).map(Value::Date).ok_or_else(fail),
        _ => {}
    }
    Ok(match key.attr_type.as_str() {
        "boolean" => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(fail()),
        },
        "int" | "long" => Value::Int(text.trim().parse().map_err(|_| fail())?),
        "float" | "double" => Value::Float(text.trim().parse().map_err(|_| fail())?),
        _ => Value::string(text),
    })
}

type Elements = (HashMap<String, Key>, Vec<Element>, Vec<Element>);

fn read_elements(input: impl BufRead) -> Result<Elements> {
    let mut reader = Reader::from_reader(Lines::new(input));
    reader.config_mut().expand_empty_elements = true;
    let mut keys = HashMap::new();
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let mut current: Option<(bool, Element)> = None;
    let mut data: Option<(String, String)> = None;
    let mut buf = Vec::new();
    let bad = |e: &dyn std::fmt::Display, line: u64| Error::argument(format!("line {line}: {e}"));
    // A document is whole only from its <graphml> to its </graphml>: a cut
    // file or another kind of file must not load as a smaller graph.
    let (mut opened, mut closed) = (false, false);
    loop {
        // The line the next event starts on, for a message about it.
        let line = reader.get_ref().line();
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e, line))?;
        match event {
            Event::Start(e) if !opened => {
                if e.local_name().as_ref() != "graphml" {
                    return Err(bad(&"this is not a GraphML document (its root is not <graphml>)", line));
                }
                opened = true;
            }
            Event::End(e) if e.local_name().as_ref() == "graphml" => closed = true,
            // Well-formed XML has one root: nothing but comments may follow it.
            Event::Start(_) | Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
                if closed && !matches!(&event, Event::Text(t) if t.xml10_content().trim().is_empty()) =>
            {
                return Err(bad(&"content after </graphml>", line));
            }
            Event::Start(e) => {
                let attrs = attributes(&e).map_err(|e| bad(&e, line))?;
                let get = |k: &str| attrs.get(k).cloned();
                match e.local_name().as_ref() {
                    "key" => {
                        let key = Key {
                            name: get("attr.name").or_else(|| get("id")).unwrap_or_default(),
                            domain: get("for").unwrap_or_else(|| "all".into()),
                            attr_type: get("attr.type").unwrap_or_else(|| "string".into()),
                            embargo_type: get("embargo:type"),
                        };
                        keys.insert(get("id").unwrap_or_default(), key);
                    }
                    "node" | "edge" => {
                        let element =
                            Element { id: get("id"), source: get("source"), target: get("target"), data: vec![] };
                        current = Some((e.local_name().as_ref() == "node", element));
                    }
                    "data" if current.is_some() => data = Some((get("key").unwrap_or_default(), String::new())),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = data.as_mut() {
                    let resolved = match r.resolve_char_ref().map_err(|e| bad(&e, line))? {
                        Some(c) => c.to_string(),
                        None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                            .ok_or_else(|| bad(&format!("unknown entity &{};", r.xml10_content()), line))?
                            .to_string(),
                    };
                    text.push_str(&resolved);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "data" => {
                    if let (Some(d), Some((_, element))) = (data.take(), current.as_mut()) {
                        element.data.push(d);
                    }
                }
                "node" | "edge" => match current.take() {
                    Some((true, element)) => nodes.push(element),
                    Some((false, element)) => edges.push(element),
                    None => {}
                },
                _ => {}
            },
            Event::Eof if !opened => return Err(bad(&"this is not a GraphML document (no <graphml> element)", line)),
            Event::Eof if !closed => {
                return Err(bad(&"the document ends before </graphml>: the file is cut short", line));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((keys, nodes, edges))
}

fn attributes(e: &BytesStart<'_>) -> std::result::Result<HashMap<String, String>, quick_xml::Error> {
    let mut map = HashMap::new();
    for attr in e.attributes() {
        let attr = attr.map_err(quick_xml::Error::from)?;
        let key = attr.key.as_ref().to_string();
        map.insert(key, attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)?.into_owned());
    }
    Ok(map)
}
