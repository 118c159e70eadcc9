//! Cypher 25 through the library: what the planner makes of elementId
//! lookups, and the listings tools read.

use embargo::{Database, Params, Value};

#[test]
fn an_element_id_lookup_seeks_instead_of_scanning() {
    let mut db = Database::empty();
    db.execute("UNWIND range(1, 50) AS i CREATE (:Party {n: i})", &Params::new()).expect("creates");
    let id = db.execute("MATCH (p:Party {n: 7}) RETURN elementId(p)", &Params::new()).expect("runs").rows;
    let mut params = Params::new();
    params.insert("id".to_string(), id[0][0].clone());
    let query = "MATCH (p) WHERE elementId(p) = $id RETURN p.n";
    let plan = db.execute(&format!("EXPLAIN {query}"), &params).expect("explains").plan.unwrap_or_default();
    assert!(plan.contains("NodeByElementIdSeek") && !plan.contains("AllNodesScan"), "{plan}");
    let profiled = db.execute(&format!("PROFILE {query}"), &params).expect("profiles");
    assert_eq!(profiled.rows, vec![vec![Value::Int(7)]]);
    assert!(profiled.plan.unwrap_or_default().contains("rows=1"));
}

#[test]
fn a_bound_node_still_starts_the_pattern_and_the_id_is_checked() {
    let mut db = Database::empty();
    db.execute("CREATE (:A {k: 1})-[:T]->(:B {k: 2}), (:B {k: 3})", &Params::new()).expect("creates");
    let rows = db
        .execute(
            "MATCH (x:B {k: 3}) WITH elementId(x) AS id MATCH (a:A)-[:T]->(b) WHERE elementId(b) = id RETURN b.k",
            &Params::new(),
        )
        .expect("runs")
        .rows;
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn show_functions_lists_what_queries_can_call() {
    let mut db = Database::empty();
    let rows =
        db.execute("SHOW FUNCTIONS YIELD name RETURN collect(name) AS names", &Params::new()).expect("runs").rows;
    let Value::List(names) = &rows[0][0] else { panic!("expected a list") };
    for name in ["btrim", "normalize", "valueType", "elementId", "count", "embargo.similarity"] {
        assert!(names.contains(&Value::string(name)), "{name} missing");
    }
}

#[test]
fn a_relationship_element_id_lookup_seeks_too() {
    let mut db = Database::empty();
    db.execute("UNWIND range(1, 20) AS i CREATE (:P {n: i})-[:OWNS {n: i}]->(:V)", &Params::new()).expect("creates");
    let id = db.execute("MATCH ()-[r:OWNS {n: 3}]->() RETURN elementId(r)", &Params::new()).expect("runs").rows;
    let mut params = Params::new();
    params.insert("id".to_string(), id[0][0].clone());
    let query = "MATCH (p)-[r]->(v) WHERE elementId(r) = $id RETURN p.n";
    let plan = db.execute(&format!("EXPLAIN {query}"), &params).expect("explains").plan.unwrap_or_default();
    assert!(plan.contains("RelationshipByElementIdSeek") && !plan.contains("Scan"), "{plan}");
    assert_eq!(db.execute(query, &params).expect("runs").rows, vec![vec![Value::Int(3)]]);
}
