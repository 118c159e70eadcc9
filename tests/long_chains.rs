//! Long ownership chains and large lists: deeper than the call stack could
//! follow by recursion, larger than copying per row would allow.

use embargo::{Database, Params, Value};

fn run(db: &mut Database, query: &str) -> Vec<Vec<Value>> {
    db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}")).rows
}

#[test]
fn a_chain_of_fifty_thousand_hops_is_followed() {
    let mut db = Database::empty();
    run(&mut db, "UNWIND range(0, 49999) AS i CREATE (:Company {i: i})");
    // Linking by list index: each row reads two elements of a 50,000-element list.
    run(
        &mut db,
        "MATCH (c:Company) WITH c ORDER BY c.i WITH collect(c) AS cs \
         UNWIND range(0, size(cs) - 2) AS k WITH cs[k] AS owner, cs[k + 1] AS owned \
         CREATE (owner)-[:OWNS]->(owned)",
    );
    let reachable = run(&mut db, "MATCH (:Company {i: 0})-[:OWNS*]->(c) RETURN count(c)");
    assert_eq!(reachable, vec![vec![Value::Int(49_999)]]);
    let layers = run(&mut db, "MATCH p = (:Company {i: 0})-[:OWNS*]->(:Company {i: 49999}) RETURN length(p)");
    assert_eq!(layers, vec![vec![Value::Int(49_999)]]);
    let back = run(&mut db, "MATCH (:Company {i: 49999})<-[r:OWNS*]-(top:Company {i: 0}) RETURN size(r)");
    assert_eq!(back, vec![vec![Value::Int(49_999)]]);
}
