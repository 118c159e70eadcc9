//! The command-line contract (shared/docs/interface.md), driven through the
//! binary as scripts drive it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use common::{bundled, column, embargo, jsonl, run, strings};
use serde_json::{Value, json};

// ---- where statements come from ------------------------------------------

#[test]
fn empty_starts_with_no_nodes() {
    assert_eq!(jsonl("MATCH (n) RETURN count(n) AS n").value(), json!(0));
}

#[test]
fn without_empty_the_bundled_graph_is_loaded() {
    // The article's 31 nodes and 40 relationships, and the UN list's 99
    // listings of July 2017 beside them.
    let article = "n.source IN ['Newsweek, Dec 2017', 'ISIS report, Dec 2017, via Newsweek']";
    let out = bundled(&format!(
        "MATCH (n) WHERE {article} RETURN count(n); MATCH ()-[n]->() WHERE {article} RETURN count(n); \
         MATCH (n {{list: 'UN SC consolidated list'}}) WHERE NOT n:Address RETURN count(n)"
    ));
    let objects = out.objects();
    assert_eq!(objects[0]["rows"], json!([[31]]));
    assert_eq!(objects[1]["rows"], json!([[40]]));
    assert_eq!(objects[2]["rows"], json!([[99]]));
}

#[test]
fn repeated_commands_run_in_order() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-c", "RETURN 1 AS a", "-c", "RETURN 2 AS b; RETURN 3 AS c"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0));
    let columns: Vec<Value> = out.objects().iter().map(|o| o["columns"][0].clone()).collect();
    assert_eq!(columns, [json!("a"), json!("b"), json!("c")]);
}

#[test]
fn file_statements_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("script.cypher");
    std::fs::write(
        &path,
        "CREATE (:Country {name: 'Iran'});\n// a comment; with a semicolon\nMATCH (c:Country)\nRETURN c.name;\n",
    )
    .expect("script written");
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-f"]).arg(&path);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let objects = out.objects();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["stats"]["nodes_created"], json!(1));
    assert_eq!(objects[1]["columns"], json!(["c.name"]));
    assert_eq!(objects[1]["rows"], json!([["Iran"]]));
}

#[test]
fn dash_file_reads_standard_input() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-f", "-"]).write_stdin("RETURN 'a' AS x;\nRETURN 'b' AS x");
    let out = run(cmd);
    assert_eq!(out.objects().iter().map(|o| o["rows"][0][0].clone()).collect::<Vec<_>>(), [json!("a"), json!("b")]);
}

#[test]
fn piped_standard_input_is_a_script() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl"]).write_stdin("UNWIND [1, 2, 3] AS x\nRETURN x * 10 AS y;");
    assert_eq!(column(&run(cmd), 0), [json!(10), json!(20), json!(30)]);
}

#[test]
fn a_missing_file_fails_the_run() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-f", "/nonexistent/embargo.cypher"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.object()["error"]["kind"], json!("IoError"));
}

#[test]
fn each_statement_is_answered_before_the_next_arrives() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
        .args(["--empty", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("embargo starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    writeln!(stdin, "CREATE (:Probe);").expect("write");
    stdin.flush().expect("flush");
    let first = rx.recv_timeout(Duration::from_secs(20));
    drop(stdin);
    let _ = child.wait();
    let first = first.expect("the first statement is acknowledged while stdin is still open");
    assert!(first.contains("\"nodes_created\": 1"), "{first}");
}

// ---- exit status and errors -------------------------------------------------

#[test]
fn a_failing_statement_does_not_stop_the_run() {
    let out = jsonl("RETURN 1 AS x; RETURN nope; RETURN 3 AS z");
    assert_eq!(out.code, Some(1));
    let objects = out.objects();
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[0]["rows"], json!([[1]]));
    assert_eq!(objects[1]["error"]["kind"], json!("SyntaxError"));
    assert_eq!(objects[2]["rows"], json!([[3]]));
}

#[test]
fn success_exits_zero() {
    let out = jsonl("RETURN 1 AS x");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn syntax_errors_have_a_line_and_column() {
    let out = jsonl("MATCH (n)\nRETURN n n");
    assert_eq!(out.code, Some(1));
    let error = &out.object()["error"];
    assert_eq!(error["kind"], json!("SyntaxError"));
    assert_eq!((error["line"].clone(), error["column"].clone()), (json!(2), json!(10)), "{error}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
}

/// The openCypher TCK classifies compile-time semantic errors as
/// `SyntaxError` with a detail; embargo follows it and names the detail.
#[test]
fn an_undefined_variable_is_a_compile_time_error() {
    let out = jsonl("MATCH (n) RETURN m");
    assert_eq!(out.code, Some(1));
    let error = &out.object()["error"];
    assert_eq!(error["kind"], json!("SyntaxError"));
    assert!(error["message"].as_str().is_some_and(|m| m.contains("UndefinedVariable")), "{error}");
    assert_eq!((error["line"].clone(), error["column"].clone()), (json!(1), json!(18)), "{error}");
}

#[test]
fn table_errors_go_to_stderr_with_a_caret() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "table", "-c", "MATCH (n)\nRETURN n n"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.starts_with("SyntaxError: "), "{}", out.stderr);
    assert!(out.stderr.contains("(line 2, column 10)\n  RETURN n n\n           ^\n"), "{}", out.stderr);
}

#[test]
fn a_directory_that_is_not_a_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let mut cmd = embargo();
    cmd.arg(dir.path()).args(["-c", "RETURN 1"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("is not an embargo store"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing may be added to it");
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [&["--format", "yaml"][..], &["--timeout", "-3"], &["-p", "novalue"], &["-p", "x=1 +"], &["--bogus"]] {
        let mut cmd = embargo();
        cmd.arg("--empty").args(args).args(["-c", "RETURN 1"]);
        let out = run(cmd);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.is_empty() && !out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
}

// ---- parameters ---------------------------------------------------------------

#[test]
fn parameters_take_cypher_literals() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-p", "name='Iran'", "-p", "n=3", "-p", "ids=[1, 2, 3]"]);
    cmd.args(["-p", "m={a: 1, b: 'x'}", "-c", "RETURN $name AS name, $n AS n, $ids AS ids, $m AS m"]);
    let out = run(cmd);
    assert_eq!(out.rows(), [json!(["Iran", 3, [1, 2, 3], {"a": 1, "b": "x"}])]);
}

// ---- formats ----------------------------------------------------------------

#[test]
fn jsonl_names_columns_as_cypher_does() {
    let out = jsonl("WITH {x: 1} AS a RETURN a.x, a.x AS y, 1 + 1");
    assert_eq!(out.object()["columns"], json!(["a.x", "y", "1 + 1"]));
}

#[test]
fn jsonl_writes_have_no_columns_and_count_changes() {
    let object = jsonl("CREATE (a:Country {name: 'Iran', iso2: 'IR'})-[:VIOLATED]->(:Sanction)").object();
    assert_eq!(object["columns"], json!([]));
    assert_eq!(object["rows"], json!([]));
    assert_eq!(object["stats"]["nodes_created"], json!(2));
    assert_eq!(object["stats"]["relationships_created"], json!(1));
    assert_eq!(object["stats"]["properties_set"], json!(2));
    assert!(object["elapsed_ms"].is_f64(), "{object}");
}

#[test]
fn json_is_one_document_for_the_run() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "json", "-c", "RETURN 1 AS x; RETURN nope; RETURN 'b' AS y"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(1));
    let document: Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    let statements = document.as_array().cloned().unwrap_or_default();
    assert_eq!(statements.len(), 3);
    assert_eq!(statements[0]["rows"], json!([[1]]));
    assert_eq!(statements[1]["error"]["kind"], json!("SyntaxError"));
    assert_eq!(statements[2]["rows"], json!([["b"]]));
}

#[test]
fn csv_has_a_header_then_rows() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "csv", "-c", "UNWIND ['Sri Lanka', 'a,b'] AS name RETURN name, size(name) AS n"]);
    assert_eq!(run(cmd).stdout, "name,n\nSri Lanka,9\n\"a,b\",3\n");
}

#[test]
fn csv_is_the_default_off_a_terminal() {
    let mut cmd = embargo();
    cmd.args(["--empty", "-c", "RETURN 'x' AS a, null AS b, [1, 'y'] AS c"]);
    assert_eq!(run(cmd).stdout, "a,b,c\nx,null,\"[1, \"\"y\"\"]\"\n");
}

#[test]
fn table_draws_a_box_and_counts_rows() {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "table", "-c", "CREATE (c:Country {name: 'Iran'}) RETURN c, 42 AS n, null AS x"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("│ (:Country {name: \"Iran\"}) ┆ 42 ┆ null │"), "{}", out.stdout);
    assert!(out.stdout.contains("\n1 row ("), "{}", out.stdout);
    assert!(out.stdout.contains("Added 1 node, set 1 property"), "{}", out.stdout);
}

// ---- value encoding -----------------------------------------------------------

#[test]
fn scalars_encode_per_the_contract() {
    let out = jsonl("RETURN 1 AS i, 1.0 AS f, 2.5 AS g, 'x' AS s, true AS b, null AS n, 1e300 AS big");
    assert!(out.stdout.contains("[[1, 1.0, 2.5, \"x\", true, null, 1e"), "{}", out.stdout);
    let row = out.rows()[0].clone();
    assert!(row[0].is_i64() && row[1].is_f64() && row[6].is_f64(), "{row}");
}

#[test]
fn nan_and_infinities_are_strings() {
    let out = jsonl("RETURN 0.0 / 0.0 AS nan, 1.0 / 0.0 AS inf, -1.0 / 0.0 AS ninf");
    assert_eq!(out.rows(), [json!(["NaN", "Infinity", "-Infinity"])]);
}

#[test]
fn lists_and_maps_nest() {
    let out = jsonl("RETURN [1, 'a', [true, null]] AS l, {a: 1, b: {c: [2.0]}} AS m");
    assert_eq!(out.rows(), [json!([[1, "a", [true, null]], {"a": 1, "b": {"c": [2.0]}}])]);
    assert!(out.stdout.contains("[2.0]"), "{}", out.stdout);
}

#[test]
fn nodes_carry_id_labels_and_properties() {
    let out = jsonl("CREATE (c:Country {name: 'Iran', iso2: 'IR'}) RETURN c, id(c) AS id");
    let row = out.rows()[0].clone();
    assert_eq!(
        row[0],
        json!({"~kind": "node", "id": row[1].clone(), "labels": ["Country"], "properties": {"iso2": "IR", "name": "Iran"}})
    );
}

#[test]
fn relationships_carry_type_and_ends() {
    let out = jsonl(
        "CREATE (a:Country {name: 'Iran'})-[r:VIOLATED {category: 'military'}]->(s:Sanction) RETURN r, id(a), id(s), id(r)",
    );
    let row = out.rows()[0].clone();
    let expected = json!({"~kind": "relationship", "id": row[3].clone(), "type": "VIOLATED",
        "start": row[1].clone(), "end": row[2].clone(), "properties": {"category": "military"}});
    assert_eq!(row[0], expected);
}

#[test]
fn paths_list_their_nodes_and_relationships() {
    let out = jsonl("CREATE p = (:A {k: 1})-[:T]->(:B) RETURN p");
    let path = out.value();
    assert_eq!(path["~kind"], json!("path"));
    let nodes = path["nodes"].as_array().cloned().unwrap_or_default();
    let rels = path["relationships"].as_array().cloned().unwrap_or_default();
    assert_eq!((nodes.len(), rels.len()), (2, 1));
    assert_eq!(nodes[0]["labels"], json!(["A"]));
    assert_eq!(nodes[0]["properties"], json!({"k": 1}));
    assert_eq!(rels[0]["type"], json!("T"));
    assert_eq!((rels[0]["start"].clone(), rels[0]["end"].clone()), (nodes[0]["id"].clone(), nodes[1]["id"].clone()));
}

#[test]
fn dates_are_iso_8601() {
    assert_eq!(jsonl("RETURN date('2017-09-11') AS d").value(), json!({"~kind": "date", "value": "2017-09-11"}));
}

#[test]
fn functions_over_entities() {
    let out = jsonl(
        "CREATE (c:Country {name: 'Iran'})-[r:VIOLATED]->(:Sanction) \
         RETURN labels(c), type(r), properties(c), keys(c), toUpper(c.name), toLower(c.name), coalesce(c.iso2, 'none')",
    );
    assert_eq!(out.rows(), [json!([["Country"], "VIOLATED", {"name": "Iran"}, ["name"], "IRAN", "iran", "none"])]);
}

// ---- the bundled graph ------------------------------------------------------------

#[test]
fn bundled_military_violators() {
    let out = bundled(
        "MATCH (c:Country)-[:VIOLATED {category: 'military'}]->(:Sanction) RETURN c.name AS country ORDER BY country",
    );
    assert_eq!(strings(&column(&out, 0)), ["Angola", "Cuba", "Iran", "Myanmar", "Sri Lanka", "Syria", "Uganda"]);
}

#[test]
fn bundled_imports_leaders_and_publishers() {
    let imports =
        bundled("MATCH (c:Country)-[:IMPORTED_FROM]->(:Country {name: 'North Korea'}) RETURN c.name AS c ORDER BY c");
    assert_eq!(strings(&column(&imports, 0)), ["China", "India"]);
    let leaders = bundled("MATCH (p:Person)-[:LEADS]->(c:Country) RETURN p.name, c.name ORDER BY p.name");
    assert_eq!(leaders.rows(), [json!(["Donald Trump", "United States"]), json!(["Kim Jong Un", "North Korea"])]);
    let publisher =
        bundled("MATCH (o:Organization)-[:PUBLISHED]->(r:Report) WHERE r.title STARTS WITH 'Institute' RETURN o.name");
    assert_eq!(publisher.value(), json!("Institute for Science and International Security"));
}

/// A pattern in SKIP once indexed past an empty row and panicked.
#[test]
fn a_pattern_in_skip_is_a_clean_error() {
    let mut cmd = common::embargo();
    cmd.args(["--empty", "--format", "jsonl", "-c", "CREATE ()", "-c", "RETURN 1 SKIP EXISTS { ()-->() }"]);
    let run = common::run(cmd);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.objects()[1]["error"]["kind"], json!("SyntaxError"));
}
