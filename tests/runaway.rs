//! Runaway statements, one per kind of loop that user data drives: each
//! stops with a `ResourceLimit` once past its timeout or cancelled, and
//! the database answers the next statement.

use std::sync::atomic::Ordering;
use std::time::Duration;

use embargo::{Database, ErrorKind, Params, Value};

fn database(setup: &str) -> Database {
    let mut db = Database::empty();
    db.execute(setup, &Params::new()).unwrap_or_else(|e| panic!("{setup}: {e}"));
    // A budget of its own, so that the tests running beside it have room.
    db.limits.max_memory = Some(512 << 20);
    db
}

/// Runs `query` under a short timeout and checks it stops cleanly.
fn stops(db: &mut Database, query: &str) {
    db.limits.timeout = Some(Duration::from_millis(300));
    match db.execute(query, &Params::new()) {
        Ok(_) => panic!("{query}: finished under its timeout"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::ResourceLimit, "{query}: {e}");
            assert!(e.message.contains("timeout"), "{query}: {e}");
        }
    }
    db.limits.timeout = None;
    let next = db.execute("RETURN 1", &Params::new()).map(|r| r.rows);
    assert_eq!(next, Ok(vec![vec![Value::Int(1)]]));
}

#[test]
fn reduce_and_comprehensions_watch_the_timeout() {
    let mut db = database("RETURN 1");
    stops(&mut db, "RETURN reduce(s = 0, i IN range(1, 1000000) | s + reduce(t = 0, j IN range(1, 1000000) | t + j))");
    stops(&mut db, "RETURN [i IN range(1, 1000000) | size([j IN range(1, 1000000) WHERE j % 2 = 0])]");
    stops(&mut db, "RETURN any(i IN range(1, 1000000) WHERE all(j IN range(1, 1000000) WHERE j > 0) AND i < 0)");
}

#[test]
fn list_and_string_building_watch_the_timeout() {
    let mut db = database("RETURN 1");
    // Quadratic: each step copies the string built so far.
    stops(&mut db, "RETURN size(reduce(s = '', i IN range(1, 10000000) | s + 'x'))");
    stops(&mut db, "UNWIND range(1, 1000000) AS i RETURN size(range(1, 100000)) AS n");
    stops(&mut db, "UNWIND range(1, 1000000) AS i RETURN size(split(replace('a,b,c', ',', toString(i)), '1'))");
}

#[test]
fn sorting_aggregating_and_wide_projections_watch_the_timeout() {
    let mut db = database("RETURN 1");
    stops(&mut db, "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS i WITH i ORDER BY -i RETURN count(*)");
    stops(&mut db, "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS i RETURN count(DISTINCT i % 1000)");
    let items: Vec<String> = (0..200).map(|k| format!("i + {k} AS c{k}")).collect();
    stops(
        &mut db,
        &format!("UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS i WITH {} RETURN count(*)", items.join(", ")),
    );
    let chain: Vec<String> = (0..400).map(|k| format!("i > {k}")).collect();
    stops(
        &mut db,
        &format!(
            "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS i WITH i WHERE {} RETURN count(*)",
            chain.join(" OR ")
        ),
    );
}

#[test]
fn path_searches_watch_the_timeout() {
    // A complete graph of 30 nodes: more trails than can ever be walked.
    let mut db = database(
        "UNWIND range(1, 30) AS i CREATE (:K {i: i}) WITH count(*) AS n \
         MATCH (a:K), (b:K) WHERE a <> b CREATE (a)-[:E]->(b)",
    );
    stops(&mut db, "MATCH p = (:K {i: 1})-[*]->(:K) RETURN count(p)");
    stops(&mut db, "MATCH (a:K {i: 1})-[*]-(b:K) RETURN count(*)");
    // 18 layers of 8 nodes, each joined to the next by every pair: 8^18
    // shortest paths from the first node to the last.
    let mut layered = database(
        "UNWIND range(0, 18) AS layer UNWIND range(1, CASE WHEN layer IN [0, 18] THEN 1 ELSE 8 END) AS k \
         CREATE (:L {layer: layer, k: k}) WITH count(*) AS n \
         MATCH (a:L), (b:L) WHERE b.layer = a.layer + 1 CREATE (a)-[:E]->(b)",
    );
    stops(
        &mut layered,
        "MATCH (a:L {layer: 0}), (b:L {layer: 18}) MATCH p = allShortestPaths((a)-[:E*]->(b)) RETURN count(p)",
    );
}

#[test]
fn a_cancelled_statement_stops() {
    let mut db = database("RETURN 1");
    let cancel = db.cancel_flag();
    let canceller = std::thread::spawn(move || {
        // The flag is cleared when a statement starts; set it until it sticks.
        for _ in 0..200 {
            std::thread::sleep(Duration::from_millis(20));
            cancel.store(true, Ordering::Relaxed);
        }
    });
    let outcome =
        db.execute("RETURN reduce(s = 0, i IN range(1, 10000000) | s + size(range(1, 1000)))", &Params::new());
    assert!(outcome.is_err_and(|e| e.kind == ErrorKind::ResourceLimit && e.message.contains("cancelled")));
    canceller.join().unwrap_or_else(|_| panic!("the canceller panicked"));
}
