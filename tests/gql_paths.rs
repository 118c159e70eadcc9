//! GQL path patterns as Neo4j 5 users write them: quantified relationships
//! are the variable-length relationships of Cypher, and path selectors the
//! shortest-path searches.

use embargo::{Database, ErrorKind, Params, Value};

/// A chain of ownership a → b → c → d, and a shortcut a → d through e.
const GRAPH: &str = "CREATE (a:Org {name: 'a'})-[:OWNS]->(b:Org {name: 'b'})-[:OWNS]->(c:Org {name: 'c'})-[:OWNS]->(d:Org {name: 'd'}), \
                     (a)-[:OWNS]->(e:Org {name: 'e'})-[:OWNS]->(d)";

fn db() -> Database {
    let mut db = Database::empty();
    db.run_script(GRAPH, &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    db
}

fn rows(db: &mut Database, query: &str) -> Vec<Vec<Value>> {
    let mut result = db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}")).rows;
    result.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    result
}

fn refused(query: &str) -> ErrorKind {
    match db().execute(query, &Params::new()) {
        Ok(r) => panic!("{query}: expected an error, got {:?}", r.rows),
        Err(e) => e.kind,
    }
}

#[test]
fn quantified_relationships_are_variable_length_relationships() {
    let mut db = db();
    for (gql, cypher) in
        [("{1,2}", "*1..2"), ("{2}", "*2"), ("{2,}", "*2.."), ("{,2}", "*0..2"), ("+", "*1.."), ("*", "*0..")]
    {
        let quantified = format!("MATCH (a {{name: 'a'}})-[r:OWNS]->{gql}(x) RETURN x.name, size(r)");
        let var_length = format!("MATCH (a {{name: 'a'}})-[r:OWNS{cypher}]->(x) RETURN x.name, size(r)");
        assert_eq!(rows(&mut db, &quantified), rows(&mut db, &var_length), "{gql}");
    }
    // The shorthand relationship takes a quantifier too.
    assert_eq!(rows(&mut db, "MATCH ({name: 'a'})-->{3}(x) RETURN x.name"), [[Value::string("d")]]);
}

#[test]
fn path_selectors_are_shortest_path_searches() {
    let mut db = db();
    let shortest = "MATCH p = SHORTEST 1 (a {name: 'a'})-[:OWNS]->+(d {name: 'd'}) RETURN [n IN nodes(p) | n.name]";
    let expected = vec![vec![Value::List(["a", "e", "d"].map(Value::string).to_vec())]];
    assert_eq!(rows(&mut db, shortest), expected);
    assert_eq!(rows(&mut db, &shortest.replace("SHORTEST 1", "ANY SHORTEST PATH")), expected);
    assert_eq!(rows(&mut db, &shortest.replace("SHORTEST 1", "ANY")), expected);
    // One shortest route here, so ALL SHORTEST and SHORTEST 1 GROUPS find it alone.
    for all in ["ALL SHORTEST", "SHORTEST 1 GROUPS", "ALL SHORTEST PATHS"] {
        assert_eq!(rows(&mut db, &shortest.replace("SHORTEST 1", all)), expected, "{all}");
    }
    // Two routes of the same length: ALL SHORTEST finds both, SHORTEST 1 one.
    db.run_script("MATCH (b {name: 'b'}), (d {name: 'd'}) CREATE (b)-[:OWNS]->(d)", &Params::new())
        .unwrap_or_else(|e| panic!("{e}"));
    let count = |db: &mut Database, selector: &str| {
        let q = format!("MATCH p = {selector} (a {{name: 'a'}})-[:OWNS]->+(d {{name: 'd'}}) RETURN count(p)");
        rows(db, &q)
    };
    assert_eq!(count(&mut db, "ALL SHORTEST"), [[Value::Int(2)]]);
    assert_eq!(count(&mut db, "SHORTEST 1"), [[Value::Int(1)]]);
}

#[test]
fn what_is_not_a_path_pattern_says_so() {
    assert_eq!(refused("MATCH (a)-[*]->+(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH (a)-->{3,1}(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH (a)-->{}(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH p = SHORTEST 0 (a)-->+(b) RETURN p"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH p = SHORTEST 2 PATHS (a)-->+(b) RETURN p"), ErrorKind::SemanticError);
    assert_eq!(refused("MATCH p = SHORTEST 2 GROUPS (a)-->+(b) RETURN p"), ErrorKind::SemanticError);
}
