//! Full-text indexes as Neo4j users write them: `CREATE FULLTEXT INDEX`,
//! then `db.index.fulltext.queryNodes` with Lucene's query syntax, kept up
//! to date by every write, rolled back with a failed statement, and kept
//! by the store.

mod common;

use common::stores::{exec, open};
use embargo::{Database, ErrorKind, Params, Value};

const INDEX: &str = "CREATE FULLTEXT INDEX names FOR (n:Person|Organization) ON EACH [n.name, n.aliases]";

fn names(db: &mut Database, query: &str) -> Vec<String> {
    let statement = format!("CALL db.index.fulltext.queryNodes('names', '{query}') YIELD node, score RETURN node.name");
    let result = db.execute(&statement, &Params::new()).unwrap_or_else(|e| panic!("{statement}: {e}"));
    result
        .rows
        .into_iter()
        .map(|row| match row.first() {
            Some(Value::String(s)) => s.to_string(),
            other => panic!("{statement}: {other:?}"),
        })
        .collect()
}

fn bundled_with_index() -> Database {
    let mut db = Database::bundled().unwrap_or_else(|e| panic!("{e}"));
    db.execute(INDEX, &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    db
}

#[test]
fn lucene_queries_find_listings_under_any_spelling() {
    let mut db = bundled_with_index();
    let komid = "KOREA MINING DEVELOPMENT TRADING CORPORATION";
    assert_eq!(names(&mut db, "komid").first().map(String::as_str), Some(komid), "an alias");
    assert_eq!(names(&mut db, "\"mining development\"").first().map(String::as_str), Some(komid));
    assert_eq!(names(&mut db, "mining devlopment~1").first().map(String::as_str), Some(komid), "a typo");
    assert_eq!(names(&mut db, "korea AND minin*").first().map(String::as_str), Some(komid));
    assert!(names(&mut db, "name:komid").is_empty(), "KOMID is an alias, not the name");
    let kims = names(&mut db, "kim jong*~");
    assert!(kims.len() > 5 && kims.iter().any(|n| n == "Kim Jong Un"), "{kims:?}");
    let without = names(&mut db, "+kim -chol");
    assert!(!without.is_empty() && without.iter().all(|n| !n.to_lowercase().contains("chol")), "{without:?}");
    // Hangul folds as the name index folds it.
    assert!(names(&mut db, "김정은").iter().any(|n| n.eq_ignore_ascii_case("Kim Jong Un")));
}

#[test]
fn writes_and_rollbacks_keep_the_index_true() {
    let mut db = bundled_with_index();
    assert!(names(&mut db, "zorro").is_empty());
    exec(&mut db, "CREATE (:Person {name: 'Zorro Vega', aliases: ['El Zorro']})");
    assert_eq!(names(&mut db, "zorro"), ["Zorro Vega"]);
    exec(&mut db, "MATCH (p:Person {name: 'Zorro Vega'}) SET p.name = 'Diego Vega'");
    assert_eq!(names(&mut db, "vega"), ["Diego Vega"]);
    assert_eq!(names(&mut db, "zorro"), ["Diego Vega"], "still an alias");
    exec(&mut db, "MATCH (p:Person {name: 'Diego Vega'}) REMOVE p:Person SET p:Hero");
    assert!(names(&mut db, "vega").is_empty(), "outside the index's labels");
    // A statement that fails changes nothing, in the index too.
    let failed = db.execute("CREATE (:Organization {name: 'Ghost Shipping'}) WITH 1 AS x RETURN 1 / 0", &Params::new());
    assert!(failed.is_err());
    assert!(names(&mut db, "ghost").is_empty());
}

#[test]
fn options_errors_and_relationship_indexes() {
    let mut db = bundled_with_index();
    let page = |db: &mut Database, options: &str| {
        let q = format!("CALL db.index.fulltext.queryNodes('names', 'kim', {options}) YIELD node RETURN count(node)");
        db.execute(&q, &Params::new()).map(|r| r.rows[0][0].clone())
    };
    let all = page(&mut db, "{}").unwrap_or_else(|e| panic!("{e}"));
    let Value::Int(all) = all else { panic!("{all:?}") };
    assert_eq!(page(&mut db, "{skip: 2, limit: 3}").ok(), Some(Value::Int(3.min(all - 2))));
    assert_eq!(page(&mut db, "{limit: 'x'}").map_err(|e| e.kind).err(), Some(ErrorKind::ArgumentError));
    let missing = db.execute("CALL db.index.fulltext.queryNodes('nope', 'kim')", &Params::new());
    assert_eq!(missing.map_err(|e| e.kind).err(), Some(ErrorKind::SemanticError));
    let unreadable = db.execute("CALL db.index.fulltext.queryNodes('names', 'kim AND')", &Params::new());
    assert!(unreadable.is_err_and(|e| e.kind == ErrorKind::ArgumentError && e.message.contains("column")));
    exec(&mut db, "CREATE FULLTEXT INDEX reasons FOR ()-[t:TARGETS]-() ON EACH [t.reason]");
    exec(&mut db, "MATCH (s:Sanction)-[t:TARGETS]->() WITH t LIMIT 1 SET t.reason = 'Quuxite ore procurement'");
    let found = db.execute(
        "CALL db.index.fulltext.queryRelationships('reasons', 'quux*') YIELD relationship RETURN type(relationship)",
        &Params::new(),
    );
    assert_eq!(found.map(|r| r.rows).ok(), Some(vec![vec![Value::string("TARGETS")]]));
    let wrong = db.execute("CALL db.index.fulltext.queryNodes('reasons', 'quuxite')", &Params::new());
    assert!(wrong.is_err_and(|e| e.message.contains("queryRelationships")));
}

#[test]
fn the_store_keeps_the_index_and_answers_after_reopening() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    {
        let mut db = open(dir.path());
        exec(&mut db, "CREATE (:Person {name: 'Ri Chol Ho'}), (:Organization {name: 'Chol Trading'})");
        exec(&mut db, INDEX);
        assert_eq!(names(&mut db, "chol").len(), 2);
    }
    let mut db = open(dir.path());
    assert_eq!(names(&mut db, "+chol +ri"), ["Ri Chol Ho"]);
}
