//! `SharedDatabase` on a store: readers read the last commit while a write
//! transaction is open, and what readers and the store hold stays the same
//! through many commits.

use std::time::Duration;

use embargo::Database;
use embargo::database::{Params, SharedDatabase};
use embargo::value::Value;

fn open(path: &std::path::Path) -> Database {
    Database::open(path, false).map(|(db, _)| db).unwrap()
}

fn one(db: &SharedDatabase, statement: &str) -> Value {
    db.run(statement, &Params::new()).unwrap().rows[0][0].clone()
}

#[test]
fn readers_never_wait_and_every_commit_reaches_them_and_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // Long enough that a read waiting for the writer could not pass.
    let db = SharedDatabase::new(open(&store), Duration::from_secs(60));
    db.run("CREATE (:Sanction {program: 'DPRK'})", &Params::new()).unwrap();

    let mut tx = db.begin();
    tx.run("MATCH (s:Sanction) CREATE (s)-[:TARGETS]->(:Person {name: 'Kim'})", &Params::new()).unwrap();
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || one(&db, "MATCH (n) RETURN count(n)"))
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.join().unwrap(), Value::Int(1));
    }
    tx.commit().unwrap();
    assert_eq!(one(&db, "MATCH (n) RETURN count(n)"), Value::Int(2));

    for i in 0..30 {
        // Ten people, each listed; every other one delisted.
        let statement = match (i % 3, i % 2) {
            (0, _) => "MATCH (s:Sanction) CREATE (s)-[:TARGETS {n: $i}]->(:Person {name: 'p' + $i})",
            (1, _) => "MATCH (p:Person) WHERE p.name = 'p' + ($i - 1) SET p.listed = $i, p:Listed",
            (_, 0) => "MATCH (p:Listed) WHERE p.listed = $i - 1 DETACH DELETE p",
            _ => "MATCH (p:Listed) WHERE p.listed = $i - 1 REMOVE p:Listed SET p.name = toUpper(p.name)",
        };
        let params = Params::from([("i".to_string(), Value::Int(i))]);
        db.run(statement, &params).unwrap();
    }
    let summary = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r), collect(DISTINCT n.name)";
    let seen = db.run(summary, &Params::new()).unwrap().rows;
    assert_eq!(seen[0][..2], [Value::Int(7), Value::Int(6)]);
    drop(db);

    let reopened = open(&store);
    assert_eq!(reopened.execute_read(summary, &Params::new()).unwrap().unwrap().rows, seen);
}
