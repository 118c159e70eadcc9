//! A small reader of neo4j-admin import folders, only to check that the
//! csv export reads back into the same graph. It tells a quoted empty
//! field (an empty string) from an unquoted one (no property), as
//! neo4j-admin does.

use super::*;

/// Fields of each record; `None` for an empty unquoted field.
fn parse(text: &str) -> Vec<Vec<Option<String>>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut field = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        break;
                    }
                } else {
                    field.push(c);
                }
            }
        }
        while let Some(&c) = chars.peek() {
            if c == ',' || c == '\n' {
                break;
            }
            field.push(c);
            chars.next();
        }
        record.push(if field.is_empty() && !quoted { None } else { Some(field) });
        match chars.next() {
            Some(',') => continue,
            Some('\n') => records.push(std::mem::take(&mut record)),
            _ => break,
        }
    }
    records
}

fn scalar(t: &str, text: &str) -> Value {
    match t {
        "long" | "int" => Value::Int(text.parse().unwrap()),
        "double" | "float" => Value::Float(text.parse().unwrap()),
        "boolean" => Value::Bool(text == "true"),
        "date" => Value::Date(Date::parse_iso(text).unwrap()),
        kind @ ("localtime" | "time" | "localdatetime" | "datetime" | "duration") => {
            Value::temporal(embargo::temporal::Temporal::parse(kind, text).unwrap())
        }
        _ => Value::string(text),
    }
}

fn value(t: &str, text: &str, delimiter: char) -> Value {
    match t.strip_suffix("[]") {
        Some(_) if text.is_empty() => Value::List(vec![]),
        Some(element) => Value::List(text.split(delimiter).map(|p| scalar(element, p)).collect()),
        None => scalar(t, text),
    }
}

fn files(dir: &Path) -> Vec<Vec<Vec<Option<String>>>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| parse(&std::fs::read_to_string(p).unwrap())).collect()
}

/// The array delimiter `IMPORT.txt` tells `embargo import` to use.
pub fn delimiter(dir: &Path) -> char {
    let text = std::fs::read_to_string(dir.join("IMPORT.txt")).unwrap();
    let rest = text.split("--array-delimiter ").nth(1).unwrap();
    if rest.starts_with("$'\\x1f'") { '\u{1f}' } else { rest.chars().nth(1).unwrap() }
}

/// Reads `nodes/*.csv` and `relationships/*.csv` under `dir`.
pub fn read_csv_dir(dir: &Path) -> Dump {
    let delimiter = delimiter(dir);
    let mut dump = Dump::default();
    for records in files(&dir.join("nodes")) {
        let header: Vec<String> = records[0].iter().map(|h| h.clone().unwrap()).collect();
        for row in &records[1..] {
            let mut node = DumpNode { id: 0, labels: vec![], properties: Map::new() };
            for (h, field) in header.iter().zip(row) {
                let Some(text) = field else { continue };
                match h.as_str() {
                    ":ID" => node.id = text.parse().unwrap(),
                    ":LABEL" => node.labels = text.split(delimiter).filter(|l| !l.is_empty()).map(Arc::from).collect(),
                    h => {
                        let (key, t) = h.rsplit_once(':').unwrap();
                        node.properties.insert(Arc::from(key), value(t, text, delimiter));
                    }
                }
            }
            dump.nodes.push(node);
        }
    }
    for records in files(&dir.join("relationships")) {
        let header: Vec<String> = records[0].iter().map(|h| h.clone().unwrap()).collect();
        for row in &records[1..] {
            let id = dump.relationships.len() as u64;
            let mut rel = DumpRel { id, rel_type: Arc::from(""), start: 0, end: 0, properties: Map::new() };
            for (h, field) in header.iter().zip(row) {
                let Some(text) = field else { continue };
                match h.as_str() {
                    ":START_ID" => rel.start = text.parse().unwrap(),
                    ":END_ID" => rel.end = text.parse().unwrap(),
                    ":TYPE" => rel.rel_type = Arc::from(text.as_str()),
                    h => {
                        let (key, t) = h.rsplit_once(':').unwrap();
                        rel.properties.insert(Arc::from(key), value(t, text, delimiter));
                    }
                }
            }
            dump.relationships.push(rel);
        }
    }
    dump
}

#[test]
fn the_reader_tells_empty_strings_from_missing_values() {
    let records = parse("a,\"\",,\"x,\"\"y\"\"\nz\"\n1,2\n");
    assert_eq!(records[0], [Some("a".into()), Some(String::new()), None, Some("x,\"y\"\nz".into())]);
    assert_eq!(records[1], [Some("1".into()), Some("2".into())]);
}
