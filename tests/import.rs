//! `embargo import`: neo4j-admin headers, arrays, id spaces, bad rows,
//! --skip-bad-rows, and a failed import leaving the store as it was.

mod common;

use std::path::{Path, PathBuf};

use common::stores::files;
use common::{Run, embargo, run};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut cmd = embargo();
    cmd.arg("import");
    for a in args {
        cmd.arg(a);
    }
    run(cmd)
}

fn query(store: &Path, statement: &str) -> Run {
    let mut cmd = embargo();
    cmd.arg(store).args(["--format", "jsonl", "-c", statement]);
    run(cmd)
}

#[test]
fn every_header_type_imports() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = write(
        dir.path(),
        "people.csv",
        "id:ID,:LABEL,name,age:int,big:long,score:float,ratio:double,pep:boolean,born:date,aliases:string[],lucky:int[],weights:float[],flags:boolean[],days:date[],junk:IGNORE,note:string\n\
         p1,Person;Sanctioned,\"KIM, Jong Un\",40,9007199254740993,0.5,1e-3,true,1984-01-08,Kim;Un,3;7,0.5;1.5,true;false,2017-09-11;2018-01-01,whatever,\n\
         p2,Person,Someone,,,,,FALSE,,,,,,,x,\"quoted, with \"\"quotes\"\"\"\n",
    );
    let store = dir.path().join("store");
    let out = import(&[&"--nodes", &nodes, &"--", &store]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("imported 2 nodes, 0 relationships"), "{}", out.stderr);
    let out = query(
        &store,
        "MATCH (p:Person {name: 'KIM, Jong Un'}) RETURN [p.id, labels(p), p.age, p.big, p.score, p.ratio, p.pep, toString(p.born), p.aliases, p.lucky, p.weights, p.flags, size(p.days), p.junk]",
    );
    assert_eq!(
        out.value(),
        serde_json::json!([
            "p1",
            ["Person", "Sanctioned"],
            40,
            9007199254740993_i64,
            0.5,
            0.001,
            true,
            "1984-01-08",
            ["Kim", "Un"],
            [3, 7],
            [0.5, 1.5],
            [true, false],
            2,
            null
        ])
    );
    let out = query(&store, "MATCH (p {id: 'p2'}) RETURN [p.age, p.pep, p.note, size(keys(p))]");
    assert_eq!(out.value(), serde_json::json!([null, false, "quoted, with \"quotes\"", 4]));
}

#[test]
fn id_spaces_relationships_and_delimiters() {
    let dir = tempfile::tempdir().unwrap();
    let people = write(dir.path(), "people.tsv", ":ID(Person)\t:LABEL\tname\n1\tPerson\tAnna\n2\tPerson\tBoris\n");
    let firms = write(dir.path(), "firms.tsv", "code:ID(Company)\t:LABEL\tname\n1\tCompany|Bank\tBank One\n");
    let rels = write(
        dir.path(),
        "rels.tsv",
        ":START_ID(Person)\t:END_ID(Company)\t:TYPE\tshare:float\troles:string[]\n1\t1\tOWNS\t0.5\tceo|director\n2\t1\tOWNS\t\t\n",
    );
    let store = dir.path().join("store");
    let out = import(&[
        &"--nodes",
        &people,
        &format!("--nodes={}", firms.display()),
        &"--relationships",
        &rels,
        &"--delimiter",
        &"TAB",
        &"--array-delimiter",
        &"|",
        &store,
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = query(
        &store,
        "MATCH (p:Person)-[o:OWNS]->(c:Company:Bank) RETURN [p.name, o.share, o.roles, c.code, p.id] ORDER BY p.name",
    );
    let rows: Vec<_> = out.rows().into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        rows,
        [
            serde_json::json!(["Anna", 0.5, ["ceo", "director"], "1", null]),
            serde_json::json!(["Boris", null, null, "1", null])
        ]
    );
}

#[test]
fn importing_into_an_existing_store_adds_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    assert_eq!(query(&store, "CREATE (:Old {name: 'kept'})").code, Some(0));
    let nodes = write(dir.path(), "n.csv", "id:ID,:LABEL\na,New\n");
    assert_eq!(import(&[&"--nodes", &nodes, &store]).code, Some(0));
    assert_eq!(query(&store, "MATCH (n) RETURN count(n)").value(), 2);
    assert_eq!(query(&store, "MATCH (n:Old) RETURN n.name").value(), "kept");
}

/// A store with something in it, for bad imports to leave alone.
fn existing_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    assert_eq!(query(&store, "CREATE (:Old {name: 'kept'})").code, Some(0));
    assert_eq!(query(&store, "CREATE (:Old {name: 'in the wal'})").code, Some(0));
    store
}

#[test]
fn each_kind_of_bad_row_names_file_and_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let good = "id:ID,:LABEL,n:int\na,X,1\nb,X,2\n";
    let cases: [(&str, &str, &str); 10] = [
        ("id:ID,:LABEL,n:int\na,X,1\nb,X,two\n", "", "n.csv:3: field 3 (n) holds 'two', which is not an integer"),
        ("id:ID,:LABEL,n:int\na,X,1\nb,X\n", "", "n.csv:3: the row has 2 fields, the header 3"),
        ("id:ID,:LABEL,n:int\na,X,1\na,X,2\n", "", "n.csv:3: duplicate node id 'a'"),
        ("id:ID,:LABEL,n:int\na,X,1\n,X,2\n", "", "n.csv:3: field 1 (the node's id) is empty"),
        (good, ":START_ID,:END_ID,:TYPE\na,b,R\na,zz,R\n", "r.csv:3: unknown end node id 'zz'"),
        (good, ":START_ID,:END_ID,:TYPE,note\na,b,R,\"multi\nline\"\nq,b,R,x\n", "r.csv:4: unknown start node id 'q'"),
        (good, ":START_ID,:END_ID,:TYPE\na,b,\n", "r.csv:2: the relationship type is empty"),
        ("id:ID,n:integer\n", "", "n.csv:1: header field 'n:integer': unknown type 'integer'"),
        // A quote never closed would take every later row into one field.
        ("id:ID,:LABEL,name\na,X,\"a\nb,X,b\n", "", "n.csv:2: a quoted field is never closed"),
        ("id:ID,:LABEL,name,name\na,X,1,2\n", "", "n.csv:1: the header names the property 'name' twice"),
    ];
    for (nodes, rels, expected) in cases {
        let before = files(&store);
        let n = write(dir.path(), "n.csv", nodes);
        let r = write(dir.path(), "r.csv", if rels.is_empty() { ":START_ID,:END_ID,:TYPE\n" } else { rels });
        let out = import(&[&"--nodes", &n, &"--relationships", &r, &"--", &store]);
        assert_eq!(out.code, Some(1), "{expected}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "expected {expected:?} in {}", out.stderr);
        assert!(out.stderr.contains("the store was left as it was"), "{}", out.stderr);
        assert_eq!(files(&store), before, "{expected}: the store changed");
    }
    assert_eq!(query(&store, "MATCH (n) RETURN count(n)").value(), 2);
}

#[test]
fn skip_bad_rows_imports_the_rest_and_writes_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let n = write(dir.path(), "n.csv", "id:ID,:LABEL,n:int\na,X,1\nb,X,two\nc,X,3\nc,X,4\n");
    let r = write(dir.path(), "r.csv", ":START_ID,:END_ID,:TYPE\na,c,R\na,b,R\n");
    let report = dir.path().join("bad.txt");
    let store = dir.path().join("store");
    let out = import(&[&"--skip-bad-rows", &"--report", &report, &"--nodes", &n, &"--relationships", &r, &store]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("skipped 3 bad rows") && out.stderr.contains("bad.txt"), "{}", out.stderr);
    let text = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with("n.csv:3: field 3 (n) holds 'two', which is not an integer"), "{text}");
    assert!(lines[1].ends_with("n.csv:5: duplicate node id 'c'"), "{text}");
    assert!(lines[2].ends_with("r.csv:3: unknown end node id 'b'"), "{text}");
    assert_eq!(query(&store, "MATCH (x:X) RETURN sum(x.n)").value(), 4);
    assert_eq!(query(&store, "MATCH ()-[r:R]->() RETURN count(r)").value(), 1);
}

#[test]
fn a_missing_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = existing_store(dir.path());
    let before = files(&store);
    let out = import(&[&"--nodes", &dir.path().join("nope.csv"), &store]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("nope.csv"), "{}", out.stderr);
    assert_eq!(files(&store), before);
}

/// `embargo export` then `embargo import --json` / `--graphml` into a new
/// store gives the same graph back.
#[test]
fn exported_documents_import_into_a_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Node and relationship counts of a store, or of the bundled graph.
    let counts = |store: Option<&std::path::Path>| {
        let mut cmd = assert_cmd::Command::cargo_bin("embargo").expect("binary");
        cmd.args(store);
        let queries = ["-c", "MATCH (n) RETURN count(n) AS n", "-c", "MATCH ()-[r]->() RETURN count(r) AS r"];
        let out = cmd.args(["--format", "csv"]).args(queries).output().expect("runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let count = |store: &std::path::Path| counts(Some(store));
    let bundled = counts(None);
    let nodes = bundled.lines().nth(1).unwrap_or_default().to_string();
    for format in ["json", "graphml"] {
        let file = dir.path().join(format!("bundled.{format}"));
        assert_cmd::Command::cargo_bin("embargo")
            .expect("binary")
            .args(["export", "--format", format, "--output"])
            .arg(&file)
            .assert()
            .success();
        let store = dir.path().join(format!("store-{format}"));
        assert_cmd::Command::cargo_bin("embargo")
            .expect("binary")
            .args(["import", &format!("--{format}")])
            .arg(&file)
            .arg(&store)
            .assert()
            .success()
            .stderr(predicates::str::contains(format!("{nodes} nodes")));
        assert_eq!(count(&store), bundled, "{format}");
        let iran = assert_cmd::Command::cargo_bin("embargo")
            .expect("binary")
            .arg(&store)
            .args(["--format", "csv", "-c", "MATCH (c:Country {name: 'Iran'})-[v:VIOLATED]->() RETURN v.category"])
            .output()
            .expect("runs");
        assert_eq!(String::from_utf8_lossy(&iran.stdout), "v.category\nmilitary\n", "{format}");
    }
    // A broken document names the file and changes nothing.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"format\": \"embargo-graph\", \"version\": 1, \"nodes\": [{}]}").expect("write");
    let store = dir.path().join("store-json");
    assert_cmd::Command::cargo_bin("embargo")
        .expect("binary")
        .args(["import", "--json"])
        .arg(&broken)
        .arg(&store)
        .assert()
        .failure()
        .stderr(predicates::str::contains("broken.json"));
    assert_eq!(count(&store), bundled);
}

/// Files far longer than the batches their rows are handed over in: ids,
/// labels and types that change between batches, and bad rows anywhere,
/// come out as they do in a short file.
#[test]
fn long_files_import_as_short_ones_do() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = |bad: bool| {
        let mut text = String::from("id:ID,:LABEL,n:int\n");
        for i in 0..10_000 {
            let label = if i < 5_000 {
                "A"
            } else if i < 9_000 {
                "B;A"
            } else {
                "C"
            };
            let n = if bad && i % 2_500 == 7 { "bad".to_string() } else { i.to_string() };
            text.push_str(&format!("v{i},{label},{n}\n"));
        }
        text
    };
    let mut rels = String::from(":START_ID,:END_ID,:TYPE\n");
    for i in 0..9_999 {
        rels.push_str(&format!("v{i},v{},{}\n", i + 1, if i < 6_000 { "NEXT" } else { "THEN" }));
    }
    let n = write(dir.path(), "n.csv", &nodes(true));
    let r = write(dir.path(), "r.csv", &rels);
    let report = dir.path().join("bad.txt");
    let store = dir.path().join("store");
    let out = import(&[&"--skip-bad-rows", &"--report", &report, &"--nodes", &n, &"--relationships", &r, &store]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Nodes 7, 2507, 5007 and 7507 are bad, and so the two relationships of each.
    assert_eq!(lines.len(), 12, "{text}");
    assert!(lines[0].ends_with("n.csv:9: field 3 (n) holds 'bad', which is not an integer"), "{text}");
    assert!(lines[3].ends_with("n.csv:7509: field 3 (n) holds 'bad', which is not an integer"), "{text}");
    assert!(lines[4].ends_with("r.csv:8: unknown end node id 'v7'"), "{text}");
    assert!(lines[11].ends_with("r.csv:7509: unknown start node id 'v7507'"), "{text}");
    let count = |statement: &str| query(&store, statement).value();
    assert_eq!(count("MATCH (a)-[r]->(b) WHERE b.n <> a.n + 1 OR b.id <> 'v' + toString(b.n) RETURN count(r)"), 0);
    assert_eq!(count("MATCH ()-[r:NEXT]->() RETURN count(r)"), 5_994);
    assert_eq!(count("MATCH ()-[r:THEN]->() RETURN count(r)"), 3_997);
    assert_eq!(count("MATCH (x:A) RETURN count(x)"), 8_996);
    assert_eq!(count("MATCH (x:B) RETURN count(x)"), 3_998);
    assert_eq!(count("MATCH (x:C) RETURN count(x)"), 1_000);

    // Without --skip-bad-rows, a bad row in the last batch still stops
    // the import, and nothing is left behind.
    let n = write(dir.path(), "n.csv", &nodes(false));
    rels.push_str("v1,nope,NEXT\n");
    let r = write(dir.path(), "r.csv", &rels);
    let fresh = dir.path().join("fresh");
    let out = import(&[&"--nodes", &n, &"--relationships", &r, &fresh]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("r.csv:10001: unknown end node id 'nope'"), "{}", out.stderr);
    assert!(!fresh.exists());
}
