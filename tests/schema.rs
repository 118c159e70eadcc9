//! Indexes and constraints through the library: seeks answer as scans do,
//! a write that breaks a constraint changes nothing, and the schema
//! survives a reopen and a crash (WAL replay).

mod common;

use common::stores::{copy_store, exec, int, open};
use common::{embargo, run as run_binary};
use embargo::{Database, ErrorKind, Params, Value};

fn run(db: &mut Database, statement: &str) -> embargo::QueryResult {
    db.execute(statement, &Params::new()).unwrap_or_else(|e| panic!("{statement}: {e}"))
}

fn error(db: &mut Database, statement: &str) -> embargo::Error {
    match db.execute(statement, &Params::new()) {
        Ok(r) => panic!("{statement}: expected an error, got {:?}", r.rows),
        Err(e) => e,
    }
}

fn plan(db: &mut Database, query: &str) -> String {
    run(db, &format!("EXPLAIN {query}")).plan.unwrap_or_default()
}

/// Sorted rows as text, so two answers compare regardless of order.
fn answer(db: &mut Database, query: &str) -> Vec<String> {
    let mut rows: Vec<String> = run(db, query).rows.iter().map(|r| format!("{r:?}")).collect();
    rows.sort();
    rows
}

/// A graph of mixed values: integers, floats, strings, lists, nulls.
const PEOPLE: &str = "UNWIND range(0, 199) AS i
    CREATE (:Person {id: i, score: CASE i % 4 WHEN 0 THEN i WHEN 1 THEN toFloat(i) / 2 WHEN 2 THEN 'v' + i ELSE [i] END,
                     name: 'p' + (i % 37)})";

const QUERIES: &[&str] = &[
    "MATCH (p:Person) WHERE p.score = 8 RETURN p.id",
    "MATCH (p:Person {score: 8.0}) RETURN p.id",
    "MATCH (p:Person) WHERE p.score IN [4, 'v6', 12.5, null] RETURN p.id",
    "MATCH (p:Person) WHERE p.score < 10 RETURN p.id",
    "MATCH (p:Person) WHERE 10 <= p.score RETURN p.id",
    "MATCH (p:Person) WHERE p.score > 20 AND p.score <= 40.5 RETURN p.id",
    "MATCH (p:Person) WHERE p.score > 'v1' RETURN p.id",
    "MATCH (p:Person) WHERE p.score >= 'v5' AND p.score < 'v7' RETURN p.id",
    "MATCH (p:Person) WHERE p.score < [5] RETURN p.id",
    "MATCH (p:Person) WHERE p.score STARTS WITH 'v1' RETURN p.id",
    "MATCH (p:Person) WHERE p.score > 30 AND p.score < 10 RETURN p.id",
    "MATCH (p:Person) WHERE p.name STARTS WITH 'p1' RETURN p.id",
    "MATCH (p:Person) WHERE p.name = 'p3' RETURN p.id",
    "MATCH (p:Person) WHERE p.score = null RETURN p.id",
    "UNWIND [3, 'v6', 2.5] AS v MATCH (p:Person) WHERE p.score = v RETURN v, p.id",
];

#[test]
fn seeks_answer_as_scans_do() {
    let mut db = Database::empty();
    exec(&mut db, PEOPLE);
    let without: Vec<Vec<String>> = QUERIES.iter().map(|q| answer(&mut db, q)).collect();
    exec(&mut db, "CREATE INDEX score FOR (p:Person) ON (p.score); CREATE TEXT INDEX names FOR (p:Person) ON (p.name)");
    for (query, expected) in QUERIES.iter().zip(&without) {
        assert_eq!(&answer(&mut db, query), expected, "{query}");
    }
    assert!(plan(&mut db, QUERIES[0]).contains("NodeIndexSeek RANGE INDEX score"));
    assert!(plan(&mut db, QUERIES[2]).contains("NodeIndexSeek RANGE INDEX score"));
    assert!(plan(&mut db, QUERIES[3]).contains("NodeIndexSeekByRange RANGE INDEX score"));
    assert!(plan(&mut db, QUERIES[11]).contains("NodeIndexSeekByRange TEXT INDEX names"));
    assert!(plan(&mut db, QUERIES[12]).contains("NodeIndexSeek TEXT INDEX names"));
    assert!(!plan(&mut db, "MATCH (p:Person) WHERE p.id = 3 RETURN p").contains("IndexSeek"));
}

#[test]
fn profile_shows_the_seek_and_its_rows() {
    let mut db = Database::empty();
    exec(&mut db, PEOPLE);
    exec(&mut db, "CREATE INDEX FOR (p:Person) ON (p.id)");
    let profile = run(&mut db, "PROFILE MATCH (p:Person) WHERE p.id >= 195 RETURN p.id").plan.unwrap_or_default();
    // The first line is the statement, the plan follows.
    let lines: Vec<&str> = profile.lines().skip(1).collect();
    assert!(lines[0].starts_with("Match") && lines[0].contains("rows=5"), "{profile}");
    assert!(lines[1].contains("NodeIndexSeekByRange"), "{profile}");
}

#[test]
fn composite_indexes_seek_on_every_property() {
    let mut db = Database::empty();
    exec(&mut db, PEOPLE);
    exec(&mut db, "CREATE INDEX pair FOR (p:Person) ON (p.name, p.id)");
    let query = "MATCH (p:Person {name: 'p5', id: 42}) RETURN p.id";
    assert!(plan(&mut db, query).contains("NodeIndexSeek RANGE INDEX pair"));
    assert_eq!(answer(&mut db, query), vec!["[Int(42)]".to_string()]);
    assert!(!plan(&mut db, "MATCH (p:Person {name: 'p5'}) RETURN p").contains("pair"));
}

#[test]
fn indexes_follow_every_write() {
    let mut db = Database::empty();
    exec(&mut db, "CREATE INDEX FOR (v:Vessel) ON (v.imo)");
    let count = |db: &mut Database, imo: i64| int(db, &format!("MATCH (v:Vessel) WHERE v.imo = {imo} RETURN count(v)"));
    exec(&mut db, "CREATE (:Vessel {imo: 1}), (:Ship {imo: 2})");
    assert_eq!((count(&mut db, 1), count(&mut db, 2)), (1, 0));
    exec(&mut db, "MATCH (s:Ship) SET s:Vessel");
    assert_eq!(count(&mut db, 2), 1);
    exec(&mut db, "MATCH (v:Vessel {imo: 1}) SET v.imo = 3");
    assert_eq!((count(&mut db, 1), count(&mut db, 3)), (0, 1));
    exec(&mut db, "MATCH (v:Vessel {imo: 3}) REMOVE v.imo");
    assert_eq!(count(&mut db, 3), 0);
    exec(&mut db, "MATCH (v:Vessel {imo: 2}) REMOVE v:Vessel");
    assert_eq!(count(&mut db, 2), 0);
    exec(&mut db, "MATCH (s:Ship) SET s:Vessel");
    exec(&mut db, "MATCH (v:Vessel {imo: 2}) DELETE v");
    assert_eq!(count(&mut db, 2), 0);
    // A statement that fails after writing is rolled back, entries too.
    let e = error(&mut db, "CREATE (:Vessel {imo: 9}) WITH 1 AS x RETURN 1 / 0");
    assert_eq!(e.kind, ErrorKind::ArgumentError);
    assert_eq!(count(&mut db, 9), 0);
}

#[test]
fn a_write_that_breaks_a_constraint_changes_nothing() {
    let mut db = Database::empty();
    exec(&mut db, "CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.source_id IS UNIQUE");
    exec(&mut db, "CREATE (:Person {source_id: 1})");
    let e = error(&mut db, "CREATE (:Person {source_id: 2}), (:Person {source_id: 1})");
    assert_eq!(e.kind, ErrorKind::ConstraintViolation);
    assert!(e.message.contains("person_id"), "{}", e.message);
    assert_eq!(int(&mut db, "MATCH (p:Person) RETURN count(p)"), 1);
    // Setting a value another node has, or adding the label to one.
    exec(&mut db, "CREATE (:Person {source_id: 2}), (:Draft {source_id: 1})");
    assert!(
        error(&mut db, "MATCH (p:Person {source_id: 2}) SET p.source_id = 1").kind == ErrorKind::ConstraintViolation
    );
    assert!(error(&mut db, "MATCH (d:Draft) SET d:Person").kind == ErrorKind::ConstraintViolation);
    assert_eq!(int(&mut db, "MATCH (p:Person) WHERE p.source_id = 2 RETURN count(p)"), 1);
    // Swapping two values in one statement breaks nothing at its end.
    exec(&mut db, "MATCH (a:Person {source_id: 1}), (b:Person {source_id: 2}) SET a.source_id = 2, b.source_id = 1");
    assert_eq!(int(&mut db, "MATCH (p:Person) RETURN count(p)"), 2);
}

#[test]
fn existence_key_and_type_constraints() {
    let mut db = Database::empty();
    exec(
        &mut db,
        "CREATE CONSTRAINT name_required FOR (p:Person) REQUIRE p.name IS NOT NULL;
         CREATE CONSTRAINT vessel_key FOR (v:Vessel) REQUIRE (v.flag, v.imo) IS NODE KEY;
         CREATE CONSTRAINT age_int FOR (p:Person) REQUIRE p.age IS :: INTEGER;
         CREATE CONSTRAINT share_required FOR ()-[o:OWNS]-() REQUIRE o.share IS NOT NULL;
         CREATE CONSTRAINT deal_key FOR ()-[d:DEAL]-() REQUIRE d.ref IS RELATIONSHIP KEY",
    );
    let violations = [
        "CREATE (:Person {age: 3})",
        "CREATE (:Person {name: 'a', age: '3'})",
        "CREATE (:Vessel {imo: 1})",
        "CREATE (:Vessel {imo: 1, flag: 'kp'}), (:Vessel {imo: 1, flag: 'kp'})",
        "CREATE (:A)-[:OWNS]->(:B)",
        "CREATE (a:A)-[:DEAL {ref: 1}]->(b:B), (a)-[:DEAL {ref: 1}]->(b)",
        "CREATE (:Person {name: 'a'})-[:DEAL]->(:B)",
    ];
    for statement in violations {
        assert_eq!(error(&mut db, statement).kind, ErrorKind::ConstraintViolation, "{statement}");
    }
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 0);
    exec(&mut db, "CREATE (:Person {name: 'a', age: 3})-[:OWNS {share: 0.5}]->(:Vessel {imo: 1, flag: 'kp'})");
    assert_eq!(error(&mut db, "MATCH (p:Person) REMOVE p.name").kind, ErrorKind::ConstraintViolation);
    assert_eq!(error(&mut db, "MATCH ()-[o:OWNS]->() SET o.share = null").kind, ErrorKind::ConstraintViolation);
    assert_eq!(int(&mut db, "MATCH (p:Person) WHERE p.name IS NOT NULL RETURN count(p)"), 1);
}

#[test]
fn a_constraint_the_data_breaks_is_not_created() {
    let mut db = Database::empty();
    exec(&mut db, "CREATE (:Person {id: 1}), (:Person {id: 1}), (:Person)");
    for statement in [
        "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.id IS UNIQUE",
        "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.id IS NOT NULL",
        "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.id IS :: STRING",
    ] {
        let e = error(&mut db, statement);
        assert_eq!(e.kind, ErrorKind::ConstraintViolation, "{statement}");
        assert!(e.message.starts_with("Unable to create the constraint"), "{}", e.message);
    }
    assert!(run(&mut db, "SHOW CONSTRAINTS").rows.is_empty());
    assert!(run(&mut db, "SHOW INDEXES").rows.is_empty());
    exec(&mut db, "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.id IS :: INTEGER");
    assert_eq!(run(&mut db, "SHOW CONSTRAINTS").rows.len(), 1);
}

#[test]
fn show_yields_filters_and_returns() {
    let mut db = Database::empty();
    exec(
        &mut db,
        "CREATE INDEX a FOR (n:A) ON (n.x);
         CREATE TEXT INDEX b FOR (n:B) ON (n.y);
         CREATE FULLTEXT INDEX names FOR (n:Person|Organization) ON EACH [n.name, n.alias]
             OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
         CREATE CONSTRAINT c FOR (n:C) REQUIRE n.z IS UNIQUE",
    );
    let result = run(
        &mut db,
        "SHOW INDEXES YIELD name, type, owningConstraint WHERE type = 'RANGE' RETURN name, owningConstraint",
    );
    assert_eq!(result.columns, ["name", "owningConstraint"]);
    assert_eq!(result.rows, [[Value::string("a"), Value::Null], [Value::string("c"), Value::string("c")]]);
    assert_eq!(run(&mut db, "SHOW TEXT INDEXES").rows.len(), 1);
    assert!(plan(&mut db, "SHOW INDEXES").starts_with("Statement: SHOW INDEXES\nShowIndexes"));
    assert!(plan(&mut db, "DROP CONSTRAINT c").starts_with("Statement: DROP CONSTRAINT c\nDropConstraint"));
    assert_eq!(run(&mut db, "SHOW FULLTEXT INDEXES").rows.len(), 1);
    let fulltext = db.graph().schema().fulltext_index("names").cloned().unwrap();
    assert_eq!(fulltext.labels, ["Person", "Organization"]);
    assert_eq!(fulltext.properties, ["name", "alias"]);
    let counted = run(&mut db, "SHOW INDEXES YIELD * RETURN count(*) AS n, collect(createStatement)[0] AS s");
    assert_eq!(counted.rows[0][0], Value::Int(4));
    let statement = run(&mut db, "SHOW CONSTRAINTS YIELD createStatement").rows[0][0].clone();
    assert_eq!(statement, Value::string("CREATE CONSTRAINT `c` FOR (n:`C`) REQUIRE (n.`z`) IS UNIQUE"));
}

#[test]
fn the_schema_survives_a_reopen_and_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    {
        let mut db = open(&store);
        exec(
            &mut db,
            "CREATE INDEX imo FOR (v:Vessel) ON (v.imo); CREATE CONSTRAINT FOR (p:Person) REQUIRE p.id IS UNIQUE",
        );
        exec(&mut db, "UNWIND range(1, 50) AS i CREATE (:Vessel {imo: i})");
    }
    let mut db = open(&store);
    assert!(plan(&mut db, "MATCH (v:Vessel) WHERE v.imo = 7 RETURN v").contains("NodeIndexSeek RANGE INDEX imo"));
    assert_eq!(int(&mut db, "MATCH (v:Vessel) WHERE v.imo > 45 RETURN count(v)"), 5);
    // Written to the WAL only: a crash now must keep it.
    exec(&mut db, "CREATE INDEX flag FOR (v:Vessel) ON (v.flag); DROP INDEX imo; CREATE (:Person {id: 1})");
    let crashed = dir.path().join("crashed");
    copy_store(&store, &crashed);
    drop(db);
    let mut db = open(&crashed);
    let names = run(&mut db, "SHOW INDEXES YIELD name RETURN name");
    assert_eq!(names.rows.len(), 2);
    assert!(plan(&mut db, "MATCH (v:Vessel) WHERE v.flag = 'kp' RETURN v").contains("INDEX flag"));
    assert!(!plan(&mut db, "MATCH (v:Vessel) WHERE v.imo = 7 RETURN v").contains("IndexSeek"));
    assert_eq!(error(&mut db, "CREATE (:Person {id: 1})").kind, ErrorKind::ConstraintViolation);
}

#[test]
fn a_cypher_dump_remakes_the_schema() {
    use embargo::export::{self, Dump, Format, Options, Subgraph};
    let mut db = Database::empty();
    exec(
        &mut db,
        "CREATE CONSTRAINT vessel_key FOR (v:Vessel) REQUIRE (v.flag, v.imo) IS NODE KEY;
         CREATE TEXT INDEX FOR (p:Person) ON (p.name);
         CREATE FULLTEXT INDEX names FOR (n:Person|`Odd ``name`) ON EACH [n.name]
             OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
         CREATE CONSTRAINT FOR ()-[o:OWNS]-() REQUIRE o.share IS :: FLOAT | INTEGER;
         CREATE (:Vessel {flag: 'kp', imo: 1})-[:OWNS {share: 0.5}]->(:Person {name: 'a'})",
    );
    let dump = Dump::of(db.graph(), &Subgraph::all(db.graph()));
    let mut script = Vec::new();
    export::write(&dump, Format::Cypher, &mut script, &Options::default()).unwrap();
    let script = String::from_utf8(script).unwrap();
    let mut fresh = Database::empty();
    fresh.run_script(&script, &Params::new()).unwrap_or_else(|e| panic!("{e}\n{script}"));
    let statements = |db: &Database| embargo::schema::show::create_statements(db.graph().schema());
    assert_eq!(statements(&fresh), statements(&db));
    assert_eq!(int(&mut fresh, "MATCH (v:Vessel {flag: 'kp', imo: 1}) RETURN count(v)"), 1);
    assert_eq!(error(&mut fresh, "CREATE (:Vessel {flag: 'kp'})").kind, ErrorKind::ConstraintViolation);
}

#[test]
fn the_cli_runs_schema_statements_on_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let script = "CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.source_id IS UNIQUE;
        CREATE (:Person {source_id: 'a'});
        CREATE (:Person {source_id: 'a'});";
    let mut cmd = embargo();
    cmd.args([store, "--format", "jsonl", "-c", script]);
    let first = run_binary(cmd);
    assert_eq!(first.code, Some(1), "{}", first.stderr);
    let objects = first.objects();
    assert_eq!(objects[0]["stats"]["constraints_added"], 1);
    assert_eq!(objects[2]["error"]["kind"], "ConstraintViolation");
    assert!(objects[2]["error"]["message"].as_str().unwrap_or_default().contains("person_id"));
    let mut cmd = embargo();
    cmd.args([
        store,
        "--format",
        "jsonl",
        "-c",
        "EXPLAIN MATCH (p:Person {source_id: 'a'}) RETURN p",
        "-c",
        "SHOW INDEXES YIELD name, owningConstraint",
    ]);
    let second = run_binary(cmd);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    let objects = second.objects();
    assert!(objects[0]["plan"].as_str().unwrap_or_default().contains("NodeIndexSeek RANGE INDEX person_id"));
    assert_eq!(objects[1]["rows"], serde_json::json!([["person_id", "person_id"]]));
}

#[test]
fn a_bulk_import_meets_the_constraints_and_fills_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let statement = |store: &std::path::Path, statement: &str| {
        let mut cmd = embargo();
        cmd.arg(store).args(["--format", "jsonl", "-c", statement]);
        run_binary(cmd)
    };
    let made = statement(&store, "CREATE CONSTRAINT vid FOR (v:Vessel) REQUIRE v.imo IS UNIQUE");
    assert_eq!(made.code, Some(0), "{}", made.stdout);
    let import = |text: &str| {
        let file = dir.path().join("vessels.csv");
        std::fs::write(&file, text).unwrap();
        let mut cmd = embargo();
        cmd.arg("import").arg("--nodes").arg(&file).arg(&store);
        run_binary(cmd)
    };
    let refused = import("id:ID,:LABEL,imo:int\na,Vessel,1\nb,Vessel,1\n");
    assert_ne!(refused.code, Some(0));
    assert!(refused.stderr.contains("ConstraintViolation"), "{}", refused.stderr);
    assert_eq!(statement(&store, "MATCH (v) RETURN count(v)").value(), 0);
    assert_eq!(import("id:ID,:LABEL,imo:int\na,Vessel,1\nb,Vessel,2\n").code, Some(0));
    let found = statement(&store, "MATCH (v:Vessel) WHERE v.imo = 2 RETURN v.id");
    assert_eq!(found.value(), "b");
}
