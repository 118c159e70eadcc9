//! The shared database: reads beside a writer, and the two copies of the
//! graph kept level.

use super::*;
use crate::store::Graph;
use crate::value::Value;

/// A long wait, so a read that waited for a writer would show as a hang
/// (or a `LockTimeout`) rather than pass.
fn shared() -> SharedDatabase {
    SharedDatabase::new(Database::empty(), Duration::from_secs(30))
}

fn count(db: &SharedDatabase) -> Value {
    let result = db.run("MATCH (n) RETURN count(n)", &Params::new());
    result.map_or(Value::Null, |r| r.rows[0][0].clone())
}

fn ok(outcome: Result<QueryResult>) -> bool {
    outcome.map_err(|e| eprintln!("{}: {}", e.kind.name(), e.message)).is_ok()
}

/// Everything a query can see of a graph, in id order.
fn contents(g: &Graph) -> Vec<String> {
    let nodes = g.node_ids().map(|n| format!("{n} {:?} {:?}", g.node_labels(n), g.node_properties(n)));
    let rels =
        g.rel_ids().map(|r| format!("{r} {:?} {:?} {:?}", g.rel_ends(r), g.rel_type_name(r), g.rel_properties(r)));
    nodes.chain(rels).chain([format!("{:?}", g.schema())]).collect()
}

#[test]
fn a_transaction_commits_all_its_statements_at_once() {
    let db = shared();
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    assert!(ok(tx.run("CREATE (:B)", &Params::new())));
    assert!(tx.has_written());
    assert!(tx.commit().is_ok());
    assert_eq!(count(&db), Value::Int(2));
}

#[test]
fn rollback_an_error_and_a_drop_leave_nothing() {
    let db = shared();
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    tx.rollback();
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    assert!(tx.run("RETURN 1/0", &Params::new()).is_err());
    assert!(tx.run("RETURN 1", &Params::new()).is_err());
    assert!(tx.commit().is_err());
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    drop(tx);
    assert_eq!(count(&db), Value::Int(0));
    // Nor did any of it reach the writer's copy.
    assert_eq!(db.write().map(|w| w.db.graph().node_count()).ok(), Some(0));
}

#[test]
fn a_read_during_a_write_transaction_gets_the_last_commit_at_once() {
    let db = shared();
    assert!(ok(db.run("CREATE (:A)", &Params::new())));
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    // The transaction reads its own change; others read the last commit,
    // from another thread as from this one, without waiting for it.
    let own = tx.run("MATCH (n) RETURN count(n)", &Params::new()).map(|r| r.rows[0][0].clone());
    assert_eq!(own.ok(), Some(Value::Int(2)));
    let reader = db.clone();
    let seen = std::thread::spawn(move || count(&reader)).join().ok();
    assert_eq!(seen, Some(Value::Int(1)));
    assert_eq!(count(&db), Value::Int(1));
    assert!(tx.commit().is_ok());
    assert_eq!(count(&db), Value::Int(2));
}

#[test]
fn a_snapshot_stays_as_it_was_taken() {
    let db = shared();
    assert!(ok(db.run("CREATE (:A {v: 1})", &Params::new())));
    let before = db.snapshot();
    assert!(ok(db.run("MATCH (a:A) SET a.v = 2 CREATE (:B)", &Params::new())));
    assert_eq!(before.node_count(), 1);
    assert_eq!(db.snapshot().node_count(), 2);
    // The next writer waits for the old copy's reader, then copies the
    // published graph instead; both ways it writes on the last commit.
    assert!(ok(db.run("CREATE (:C)", &Params::new())));
    assert_eq!(before.node_count(), 1);
    drop(before);
    assert_eq!(count(&db), Value::Int(3));
}

#[test]
fn many_commits_keep_both_copies_level() {
    let db = shared();
    let statements = [
        "CREATE INDEX person_born FOR (p:Person) ON (p.born)",
        "UNWIND range(1, 20) AS i CREATE (:Person {name: 'p' + i, born: 1950 + i})",
        "MATCH (a:Person), (b:Person) WHERE a.born + 1 = b.born CREATE (a)-[:KNOWS {since: a.born}]->(b)",
        "MATCH (p:Person) WHERE p.born % 3 = 0 SET p:Listed, p.aliases = ['x' + p.name]",
        "MATCH (p:Person)-[k:KNOWS]->() WHERE p.born % 4 = 0 DELETE k",
        "MATCH (p:Person) WHERE p.born % 5 = 0 DETACH DELETE p",
        "MATCH (p:Listed) REMOVE p:Listed SET p.name = null",
        "CREATE (:Vessel {name: 'Chon Ma San'})",
    ];
    for (i, statement) in statements.iter().enumerate() {
        if i % 2 == 0 {
            assert!(ok(db.run(statement, &Params::new())), "{statement}");
        } else {
            let mut tx = db.begin();
            assert!(ok(tx.run(statement, &Params::new())), "{statement}");
            assert!(ok(tx.run("CREATE (t:Temporary) DELETE t", &Params::new())));
            assert!(tx.commit().is_ok());
        }
        // A rolled-back change in between reaches neither copy.
        let mut tx = db.begin();
        assert!(ok(tx.run("MATCH (n) SET n.rolled_back = true CREATE (:Never)", &Params::new())));
        drop(tx);
        let published = db.snapshot();
        let writer = db.write();
        let Ok(writer) = writer else { panic!("no writer") };
        assert!(!Arc::ptr_eq(&published, &writer.db.share_graph()), "two copies after {statement}");
        assert_eq!(contents(&published), contents(writer.db.graph()), "after {statement}");
    }
    assert_eq!(count(&db), Value::Int(17));
    let indexed = db.run("MATCH (p:Person) WHERE p.born > 1965 RETURN count(p)", &Params::new());
    assert_eq!(indexed.ok().map(|r| r.rows[0][0].clone()), Some(Value::Int(4)));
}

#[test]
fn a_server_that_only_reads_holds_one_graph() {
    let db = shared();
    assert!(ok(db.run("MATCH (n) RETURN n", &Params::new())));
    let published = db.snapshot();
    let writer = db.write();
    assert!(writer.is_ok_and(|w| Arc::ptr_eq(&published, &w.db.share_graph())));
}

#[test]
fn the_name_index_follows_each_copy() {
    let db = shared();
    let search = "CALL embargo.search('Kim Jong Un') YIELD node RETURN count(node)";
    assert!(ok(db.run("CREATE (:Person {name: 'Kim Jong Un'})", &Params::new())));
    let found = |db: &SharedDatabase| db.run(search, &Params::new()).map(|r| r.rows[0][0].clone()).ok();
    // Built on the published copy by this read, then changed on both.
    assert_eq!(found(&db), Some(Value::Int(1)));
    for _ in 0..3 {
        assert!(ok(db.run("CREATE (:Person {name: 'Kim Jong Un'})", &Params::new())));
    }
    assert_eq!(found(&db), Some(Value::Int(4)));
}

#[test]
fn the_lock_timeout_has_its_own_kind() {
    let db = SharedDatabase::new(Database::empty(), Duration::from_millis(50));
    let mut tx = db.begin();
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    let other = db.clone();
    let kind = std::thread::spawn(move || other.run("CREATE (:B)", &Params::new()).err().map(|e| e.kind)).join();
    assert_eq!(kind.ok().flatten(), Some(ErrorKind::LockTimeout));
}

#[test]
fn a_transaction_past_its_timeout_is_rolled_back() {
    let db = shared();
    let options = TxOptions { timeout: Some(Duration::from_millis(300)), ..TxOptions::default() };
    let mut tx = db.begin_with(options);
    assert!(ok(tx.run("CREATE (:A)", &Params::new())));
    std::thread::sleep(Duration::from_millis(400));
    let late = tx.run("CREATE (:B)", &Params::new());
    assert_eq!(late.err().map(|e| e.kind), Some(ErrorKind::ResourceLimit));
    assert!(tx.commit().is_err());
    assert_eq!(count(&db), Value::Int(0));
}

#[test]
fn a_cancel_flag_ends_the_running_statement() {
    let db = shared();
    let options = TxOptions::default();
    let cancel = options.cancel.clone();
    let mut tx = db.begin_with(options);
    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let outcome = tx.run("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)", &Params::new());
    let error = outcome.err().map(|e| (e.kind, e.message));
    assert_eq!(error, Some((ErrorKind::ResourceLimit, "the statement was cancelled".to_string())));
}

#[test]
fn the_second_copy_is_not_counted_in_a_statement_s_memory() {
    let mut db = Database::empty();
    assert!(ok(db.execute("UNWIND range(1, 20000) AS i CREATE (:Listing {name: 'listing ' + i})", &Params::new())));
    // Far less than the graph, far more than one small statement needs.
    db.limits.max_memory = Some(1 << 20);
    let db = SharedDatabase::new(db, Duration::from_secs(30));
    // The first write copies the graph readers share.
    assert!(ok(db.run("CREATE (:Listing {name: 'one more'})", &Params::new())));
    assert_eq!(count(&db), Value::Int(20001));
}
