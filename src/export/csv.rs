//! neo4j-admin import files, which `embargo import --nodes … --relationships
//! …` loads back: a folder with `nodes/<Labels>.csv` (one file per label
//! set, labels sorted and joined by `_`; `_unlabelled.csv` for nodes
//! without labels) and `relationships/<TYPE>.csv`.
//!
//! - Node headers: `:ID` (an id that is not stored as a property, so
//!   an export loaded back is the same graph), `:LABEL` (labels joined by `;`), then one
//!   typed column per property key (`name:string`, `n:long`, `x:double`,
//!   `b:boolean`, `d:date`, `aliases:string[]` with `;` between elements).
//!   Relationship headers: `:START_ID`, `:END_ID`, `:TYPE`, then properties.
//! - Strings, labels, types and arrays are always quoted (`"` doubled); a
//!   missing property is an empty unquoted field and an empty string `""`.
//!   Strings may hold line breaks (neo4j-admin needs `--multiline-fields`).
//! - Arrays and labels are joined by `;`, neo4j-admin's default, unless a
//!   label or an element holds one: then by the first of `|`, `¦` and
//!   U+001F that none holds. `IMPORT.txt` in the folder gives the command
//!   lines (embargo's and neo4j-admin's) with that delimiter, so a folder
//!   loaded back as it says is the same graph.
//! - A column whose values do not share one type, or a list whose strings
//!   hold every candidate delimiter, is a `string` column holding JSON text
//!   in the encoding of [`super::json`], as APOC turns such values into
//!   strings.
//!
//! For Kùzu, declare the node table with the same columns in order
//! (`id INT64, labels STRING, …`) and `COPY … (HEADER=true)`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use super::dump::Dump;
use super::json::value_to_json;
use crate::error::{Error, Result};
use crate::value::{Map, Value, format_float};

/// A column's neo4j-admin type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Scalar(&'static str),
    Array(&'static str),
    /// JSON text in a `string` column.
    Json,
}

fn scalar_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::String(_) => Some("string"),
        Value::Int(_) => Some("long"),
        Value::Float(_) => Some("double"),
        Value::Bool(_) => Some("boolean"),
        Value::Date(_) => Some("date"),
        Value::Temporal(t) => Some(t.kind_name()),
        _ => None,
    }
}

/// The delimiters an export may join arrays and labels with, best first.
const DELIMITERS: [char; 4] = [';', '|', '¦', '\u{1f}'];

/// The first delimiter that no label and no string in a list holds.
fn array_delimiter(dump: &Dump) -> char {
    let mut texts: Vec<&str> = dump.nodes.iter().flat_map(|n| n.labels.iter().map(|l| &**l)).collect();
    let maps = dump.nodes.iter().map(|n| &n.properties).chain(dump.relationships.iter().map(|r| &r.properties));
    for map in maps {
        for value in map.values() {
            if let Value::List(items) = value {
                texts.extend(items.iter().filter_map(|i| if let Value::String(s) = i { Some(&**s) } else { None }));
            }
        }
    }
    DELIMITERS.into_iter().find(|d| !texts.iter().any(|t| t.contains(*d))).unwrap_or(';')
}

fn column_of(v: &Value, delimiter: char) -> Option<Column> {
    match v {
        Value::List(items) => {
            let mut types = items.iter().map(|i| match i {
                Value::String(s) if s.contains(delimiter) => None,
                i => scalar_type(i),
            });
            match types.next() {
                None => None, // empty: any array type fits
                Some(Some(first)) if types.all(|t| t == Some(first)) => Some(Column::Array(first)),
                _ => Some(Column::Json),
            }
        }
        v => Some(scalar_type(v).map_or(Column::Json, Column::Scalar)),
    }
}

/// Each key's column type over `maps`, in key order.
fn columns<'a>(maps: impl Iterator<Item = &'a Map>, delimiter: char) -> BTreeMap<Arc<str>, Column> {
    let mut found: BTreeMap<Arc<str>, Option<Column>> = BTreeMap::new();
    for map in maps {
        for (key, value) in map {
            let c = column_of(value, delimiter);
            let entry = found.entry(key.clone()).or_insert(c);
            *entry = match (*entry, c) {
                (a, None) => a,
                (None, b) => b,
                (Some(a), Some(b)) if a == b => Some(a),
                _ => Some(Column::Json),
            };
        }
    }
    found.into_iter().map(|(k, c)| (k, c.unwrap_or(Column::Array("string")))).collect()
}

fn header(key: &str, column: Column) -> String {
    match column {
        Column::Scalar(t) => format!("{key}:{t}"),
        Column::Array(t) => format!("{key}:{t}[]"),
        Column::Json => format!("{key}:string"),
    }
}

/// Writes the `nodes/` and `relationships/` files of `dump` into `dir`,
/// and `IMPORT.txt`, how to load them.
pub fn write_dir(dump: &Dump, dir: &Path) -> Result<()> {
    let delimiter = array_delimiter(dump);
    let (mut node_files, mut rel_files) = (Vec::new(), Vec::new());
    let mut by_labels: BTreeMap<Vec<Arc<str>>, Vec<usize>> = BTreeMap::new();
    for (i, node) in dump.nodes.iter().enumerate() {
        let mut set = node.labels.clone();
        set.sort();
        by_labels.entry(set).or_default().push(i);
    }
    let nodes_dir = dir.join("nodes");
    create_dir(&nodes_dir)?;
    let mut used = HashSet::new();
    for (labels, members) in &by_labels {
        let stem = if labels.is_empty() { "_unlabelled".to_string() } else { labels.join("_") };
        let nodes = || members.iter().map(|i| &dump.nodes[*i]);
        let cols = columns(nodes().map(|n| &n.properties), delimiter);
        let mut rows = Vec::new();
        for node in nodes() {
            let labels: Vec<&str> = node.labels.iter().map(|l| &**l).collect();
            let mut row = vec![node.id.to_string(), quote(&labels.join(&delimiter.to_string()))];
            row.extend(fields(&node.properties, &cols, delimiter)?);
            rows.push(row);
        }
        let head = [":ID".to_string(), ":LABEL".to_string()].into_iter().chain(cols.iter().map(|(k, c)| header(k, *c)));
        let name = file_name(&stem, &mut used);
        write_file(&nodes_dir.join(&name), head, rows)?;
        node_files.push(format!("nodes/{name}"));
    }
    let rels_dir = dir.join("relationships");
    create_dir(&rels_dir)?;
    let mut by_type: BTreeMap<Arc<str>, Vec<usize>> = BTreeMap::new();
    for (i, rel) in dump.relationships.iter().enumerate() {
        by_type.entry(rel.rel_type.clone()).or_default().push(i);
    }
    let mut used = HashSet::new();
    for (rel_type, members) in &by_type {
        let rels = || members.iter().map(|i| &dump.relationships[*i]);
        let cols = columns(rels().map(|r| &r.properties), delimiter);
        let mut rows = Vec::new();
        for rel in rels() {
            let mut row = vec![rel.start.to_string(), rel.end.to_string(), quote(&rel.rel_type)];
            row.extend(fields(&rel.properties, &cols, delimiter)?);
            rows.push(row);
        }
        let head = [":START_ID", ":END_ID", ":TYPE"].into_iter().map(String::from);
        let head = head.chain(cols.iter().map(|(k, c)| header(k, *c)));
        let name = file_name(rel_type, &mut used);
        write_file(&rels_dir.join(&name), head, rows)?;
        rel_files.push(format!("relationships/{name}"));
    }
    write_instructions(dir, delimiter, &node_files, &rel_files)
}

/// `IMPORT.txt`: the command lines that load the folder back, run from
/// inside it.
fn write_instructions(dir: &Path, delimiter: char, nodes: &[String], rels: &[String]) -> Result<()> {
    let shell = |d: char| if d == '\u{1f}' { "$'\\x1f'".to_string() } else { format!("'{d}'") };
    let files = |flag: &str, eq: &str| {
        let nodes = nodes.iter().map(|f| format!(" \\\n    --nodes{eq}{flag}{f}"));
        nodes.chain(rels.iter().map(|f| format!(" \\\n    --relationships{eq}{flag}{f}"))).collect::<String>()
    };
    let text = format!(
        "Load this folder back, from inside it, into an embargo store:\n\n\
         embargo import --array-delimiter {d}{embargo} \\\n    STORE\n\n\
         or into Neo4j:\n\n\
         neo4j-admin database import full --array-delimiter={d} --multiline-fields=true{neo4j} \\\n    DATABASE\n",
        d = shell(delimiter),
        embargo = files("", " "),
        neo4j = files("", "="),
    );
    let path = dir.join("IMPORT.txt");
    fs::write(&path, text).map_err(|e| Error::io(format!("cannot write {}: {e}", path.display())))
}

fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io(format!("cannot create {}: {e}", path.display())))
}

fn write_file(path: &Path, header: impl Iterator<Item = String>, rows: Vec<Vec<String>>) -> Result<()> {
    let file = fs::File::create(path).map_err(|e| Error::io(format!("cannot create {}: {e}", path.display())))?;
    let mut out = BufWriter::new(file);
    let header: Vec<String> = header.map(|h| if needs_quotes(&h) { quote(&h) } else { h }).collect();
    let written = (|| {
        writeln!(out, "{}", header.join(","))?;
        for row in rows {
            writeln!(out, "{}", row.join(","))?;
        }
        out.flush()
    })();
    written.map_err(|e| Error::io(format!("cannot write {}: {e}", path.display())))
}

fn fields(props: &Map, cols: &BTreeMap<Arc<str>, Column>, delimiter: char) -> Result<Vec<String>> {
    cols.iter()
        .map(|(key, col)| match props.get(key) {
            None => Ok(String::new()),
            Some(v) => field(v, *col, delimiter),
        })
        .collect()
}

fn field(value: &Value, col: Column, delimiter: char) -> Result<String> {
    Ok(match (col, value) {
        (Column::Json, v) => quote(&value_to_json(v)?.to_string()),
        (Column::Array(_), Value::List(items)) => {
            let parts: Vec<String> = items.iter().map(plain).collect();
            quote(&parts.join(&delimiter.to_string()))
        }
        (_, Value::String(s)) => quote(s),
        (_, v) => plain(v),
    })
}

/// A scalar as neo4j-admin reads it, unquoted.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Temporal(t) => t.to_string(),
        _ => String::new(),
    }
}

fn needs_quotes(s: &str) -> bool {
    s.contains([',', '"', '\n', '\r'])
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A safe, unique file name for a label set or type.
fn file_name(stem: &str, used: &mut HashSet<String>) -> String {
    let mut safe: String =
        stem.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if safe.is_empty() {
        safe.push('_');
    }
    let mut name = format!("{safe}.csv");
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{safe}-{n}.csv");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    #[test]
    fn columns_take_one_type_or_fall_back_to_json_text() {
        assert_eq!(column_of(&Value::Int(1), ';'), Some(Column::Scalar("long")));
        assert_eq!(column_of(&l(vec![Value::string("a")]), ';'), Some(Column::Array("string")));
        assert_eq!(column_of(&l(vec![Value::string("a;b")]), ';'), Some(Column::Json));
        assert_eq!(column_of(&l(vec![Value::string("a;b")]), '|'), Some(Column::Array("string")));
        assert_eq!(column_of(&l(vec![Value::Int(1), Value::string("a")]), ';'), Some(Column::Json));
        assert_eq!(column_of(&l(vec![]), ';'), None);
        let a: Map = [(Arc::from("x"), Value::Int(1))].into_iter().collect();
        let b: Map = [(Arc::from("x"), Value::Float(1.5))].into_iter().collect();
        assert_eq!(columns([&a, &b].into_iter(), ';').get("x"), Some(&Column::Json));
        assert_eq!(
            field(&l(vec![Value::string("a \"q\""), Value::string("b")]), Column::Array("string"), ';').ok(),
            Some(r#""a ""q"";b""#.to_string())
        );
    }

    #[test]
    fn the_array_delimiter_is_one_no_element_or_label_holds() {
        use crate::export::dump::DumpNode;
        let node = |labels: &[&str], list: &[&str]| DumpNode {
            id: 0,
            labels: labels.iter().map(|l| Arc::from(*l)).collect(),
            properties: [(Arc::from("notes"), l(list.iter().map(|s| Value::string(s)).collect()))]
                .into_iter()
                .collect(),
        };
        let dump = |nodes| Dump { nodes, relationships: vec![], schema: vec![] };
        assert_eq!(array_delimiter(&dump(vec![node(&["A"], &["x", "y"])])), ';');
        assert_eq!(array_delimiter(&dump(vec![node(&["A"], &["x; y"])])), '|');
        assert_eq!(array_delimiter(&dump(vec![node(&["A|B"], &["x; y"])])), '¦');
    }

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(file_name("Country", &mut used), "Country.csv");
        assert_eq!(file_name("country", &mut used), "country-2.csv");
        assert_eq!(file_name("../x/é", &mut used), "___x_é.csv");
    }
}
