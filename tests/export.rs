//! Export round trips and checks by the programs that read the formats.
//! Checks that need GraphViz (`dot`) or Python's networkx skip with a
//! message when those are not installed.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use common::stores::fingerprint;
use embargo::export::{self, Dump, DumpNode, DumpRel, Format, Options, Subgraph};
use embargo::value::{Date, Map, Value};
use embargo::{Database, Params};

/// A graph with every awkward value a property can hold.
fn awkward() -> Database {
    let mut db = Database::empty();
    let nasty = "quote ' double \" back \\ slash\nnew line\r\ttab — Ḩasan 金正恩 🚢 \u{1} <b>&amp;</b> ]]>";
    let date = Value::Date(Date::parse_iso("2017-09-11").unwrap());
    let params: Params = [
        ("s", Value::string(nasty)),
        ("empty", Value::string("")),
        ("spaces", Value::string("  padded  ")),
        ("list", Value::List(vec![Value::string("a \"b\""), Value::string("c\nd"), Value::string("é")])),
        ("ints", Value::List(vec![Value::Int(1), Value::Int(-2)])),
        ("dates", Value::List(vec![date.clone()])),
        ("d", date),
        ("f", Value::Float(3.0)),
        ("nan", Value::Float(f64::NAN)),
        ("inf", Value::Float(f64::NEG_INFINITY)),
        ("tiny", Value::Float(1e-300)),
        ("min", Value::Int(i64::MIN)),
        ("b", Value::Bool(false)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let script = "CREATE (a:`Wéird Label-1`:Second {name: $s, empty: $empty, spaces: $spaces, list: $list, \
                  ints: $ints, dates: $dates, d: $d, f: $f, nan: $nan, inf: $inf, tiny: $tiny, min: $min, b: $b}) \
                  CREATE (b:Plain {name: 'b', f: 1.5, at: datetime('2017-09-11T12:30:00.5+01:00'), \
                  span: duration('P1Y2M3DT4H'), t: localtime('12:30')}) CREATE (c {title: 'no label'}) \
                  CREATE (a)-[:`OWNS ☠`{since: $d, share: 0.5, note: $s}]->(b) \
                  CREATE (b)-[:`OWNS ☠`]->(b) CREATE (b)-[:KNOWS]->(a) CREATE (a)-[:KNOWS {n: 1}]->(b)";
    db.execute(script, &params).unwrap();
    assert_eq!((db.graph().node_count(), db.graph().relationship_count()), (3, 4));
    db
}

fn bundled() -> Database {
    Database::bundled().unwrap()
}

fn export_to_string(db: &Database, format: Format) -> String {
    let dump = Dump::of(db.graph(), &Subgraph::all(db.graph()));
    let mut out = Vec::new();
    export::write(&dump, format, &mut out, &Options::default()).unwrap();
    String::from_utf8(out).unwrap()
}

fn both() -> [(&'static str, Database); 2] {
    [("bundled", bundled()), ("awkward", awkward())]
}

#[test]
fn json_round_trips() {
    for (name, db) in both() {
        let text = export_to_string(&db, Format::Json);
        let imported = export::json::read_json(text.as_bytes()).unwrap();
        assert_eq!(fingerprint(&imported.graph), fingerprint(db.graph()), "{name}");
        assert_eq!(imported.nodes.len(), db.graph().node_count());
        // The mapping leads from the file's ids to the same nodes.
        for (old, new) in &imported.nodes {
            assert_eq!(imported.graph.node_properties(*new), db.graph().node_properties(*old));
        }
    }
}

#[test]
fn graphml_round_trips() {
    for (name, db) in both() {
        let text = export_to_string(&db, Format::Graphml);
        let imported = export::graphml::read_graphml(text.as_bytes()).unwrap();
        assert_eq!(fingerprint(&imported.graph), fingerprint(db.graph()), "{name}");
    }
}

#[test]
fn cypher_round_trips_through_an_empty_database() {
    for (name, db) in both() {
        let script = export_to_string(&db, Format::Cypher);
        let mut fresh = Database::empty();
        fresh.run_script(&script, &Params::new()).unwrap_or_else(|e| panic!("{name}: {e}\n{script}"));
        assert_eq!(fingerprint(fresh.graph()), fingerprint(db.graph()), "{name}");
    }
}

#[test]
fn csv_files_have_neo4j_admin_headers_and_read_back() {
    for (name, db) in both() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let all = Subgraph::all(db.graph());
        let summary = export::export(db.graph(), &all, Format::Csv, &target, &Options::default()).unwrap();
        assert_eq!(summary.nodes, db.graph().node_count());
        let rebuilt = read_csv_dir(&target).into_graph().unwrap();
        assert_eq!(fingerprint(&rebuilt.graph), fingerprint(db.graph()), "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    export::run(&mut bundled(), Format::Csv, &dir.path().join("b"), None, &Options::default()).unwrap();
    let country = std::fs::read_to_string(dir.path().join("b/nodes/Country.csv")).unwrap();
    assert!(country.starts_with(":ID,:LABEL,aliases:string[],iso2:string,name:string,source:string\n"), "{country}");
    // Some UN listing's notes hold a `;`, so this export joins arrays by `|`.
    assert!(country.contains(r#","Country","DPRK|Democratic People's Republic of Korea","KP","North Korea","#));
    let instructions = std::fs::read_to_string(dir.path().join("b/IMPORT.txt")).unwrap();
    assert!(instructions.contains("embargo import --array-delimiter '|'"), "{instructions}");
    let violated = std::fs::read_to_string(dir.path().join("b/relationships/VIOLATED.csv")).unwrap();
    assert!(violated.starts_with(":START_ID,:END_ID,:TYPE,category:string,source:string\n"), "{violated}");
    let awkward_dir = tempfile::tempdir().unwrap();
    export::run(&mut awkward(), Format::Csv, &awkward_dir.path().join("a"), None, &Options::default()).unwrap();
    let files = |sub: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(awkward_dir.path().join("a").join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files("nodes"), ["Plain.csv", "Second_Wéird_Label-1.csv", "_unlabelled.csv"]);
    assert_eq!(files("relationships"), ["KNOWS.csv", "OWNS__.csv"]);
}

#[path = "export/csv_reader.rs"]
mod csv_reader;
use csv_reader::read_csv_dir;

#[path = "export/checks.rs"]
mod checks;

/// `embargo export --format csv` then `embargo import --nodes … --relationships
/// …` gives back the same graph: no property appears or goes missing.
#[test]
fn a_csv_export_imports_back_as_the_same_graph() {
    for (name, db) in both() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("csv");
        export::export(db.graph(), &Subgraph::all(db.graph()), Format::Csv, &target, &Options::default()).unwrap();
        let mut cmd = common::embargo();
        cmd.arg("import").arg(format!("--array-delimiter={}", csv_reader::delimiter(&target)));
        for (flag, folder) in [("--nodes", "nodes"), ("--relationships", "relationships")] {
            for entry in std::fs::read_dir(target.join(folder)).unwrap() {
                cmd.arg(format!("{flag}={}", entry.unwrap().path().display()));
            }
        }
        let store = dir.path().join("store");
        let run = common::run({
            cmd.arg(&store);
            cmd
        });
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        let (reopened, _) = Database::open(&store, true).unwrap();
        // The one thing the files cannot carry to embargo's importer: an
        // empty string, which it reads as no value.
        let mut expected = db;
        expected.execute("MATCH (n) WHERE n.empty = '' REMOVE n.empty", &Params::new()).unwrap();
        assert_eq!(fingerprint(reopened.graph()), fingerprint(expected.graph()), "{name}");
    }
}

/// GraphML is whole only from `<graphml>` to `</graphml>`: a cut file or
/// another kind of file is an error, not a smaller graph.
#[test]
fn a_cut_or_foreign_graphml_file_is_refused() {
    let whole = export_to_string(&bundled(), Format::Graphml);
    let cut = &whole.as_bytes()[..whole.len() - "</graphml>\n".len() - 20];
    let e = export::graphml::read_graphml(cut).map(|_| ()).unwrap_err();
    assert!(e.message.starts_with("line "), "{}", e.message);
    let e = export::graphml::read_graphml(&b"hello world"[..]).map(|_| ()).unwrap_err();
    assert!(e.message.contains("not a GraphML document"), "{}", e.message);
    let e = export::graphml::read_graphml(&b"<svg><g/></svg>"[..]).map(|_| ()).unwrap_err();
    assert!(e.message.contains("not a GraphML document"), "{}", e.message);
    assert!(export::graphml::read_graphml(whole.as_bytes()).is_ok());
}
