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
    // Quantified path patterns: at least one relationship, no nesting, no
    // two node patterns side by side.
    assert_eq!(refused("MATCH ((x)){2} RETURN x"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH (a)((x)-->+(y)){2}(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH (a)(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("MATCH (a)((x)-->(y)){3,1}(b) RETURN a"), ErrorKind::SyntaxError);
    assert_eq!(refused("CREATE (a)((x)-[:R]->(y)){2}(b)"), ErrorKind::SyntaxError);
}

/// Names of the nodes of the path in column 0 of each row.
fn names(db: &mut Database, query: &str) -> Vec<String> {
    let mut out: Vec<String> = rows(db, query)
        .into_iter()
        .map(|row| match &row[0] {
            Value::List(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.to_string(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join(""),
            Value::String(s) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_quantified_path_pattern_repeats_a_path_between_the_nodes_it_joins() {
    let mut db = db();
    let walked = |db: &mut Database, quantifier: &str| {
        let q = format!("MATCH p = (a {{name: 'a'}})((x)-[:OWNS]->(y)){quantifier}(b) RETURN [n IN nodes(p) | n.name]");
        names(db, &q)
    };
    assert_eq!(walked(&mut db, "{1,2}"), ["ab", "abc", "ae", "aed"]);
    assert_eq!(walked(&mut db, "{2}"), ["abc", "aed"]);
    assert_eq!(walked(&mut db, "{3,}"), ["abcd"]);
    assert_eq!(walked(&mut db, "{,1}"), ["a", "ab", "ae"]);
    assert_eq!(walked(&mut db, "+"), ["ab", "abc", "abcd", "ae", "aed"]);
    assert_eq!(walked(&mut db, "*"), ["a", "ab", "abc", "abcd", "ae", "aed"]);
    // Two hops a repetition, and the node after the group joins its last y.
    let two = "MATCH (a {name: 'a'})((x)-[:OWNS]->()-[:OWNS]->(y)){1}(b) RETURN b.name";
    assert_eq!(names(&mut db, two), ["c", "d"]);
    // Labels and properties inside apply at every repetition.
    let only_e = "MATCH (a {name: 'a'})((x)-[:OWNS]->(y:Org {name: 'e'})){1,3}(b) RETURN b.name";
    assert_eq!(names(&mut db, only_e), ["e"]);
    // Without nodes beside it, a quantified path pattern has ends of its own.
    assert_eq!(rows(&mut db, "MATCH ((x)-[:OWNS]->(y)){3} RETURN count(*)"), [[Value::Int(1)]]);
}

#[test]
fn the_inner_where_prunes_each_repetition_as_it_is_searched() {
    let mut db = db();
    // b is sanctioned: no chain goes through it, so d is reached through e only.
    db.run_script("MATCH (b {name: 'b'}) SET b.jurisdiction = 'kp'", &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    let q = "MATCH p = (a {name: 'a'})((x)-[:OWNS]->(y) WHERE coalesce(y.jurisdiction, '') <> 'kp'){1,4}(b) \
             RETURN [n IN nodes(p) | n.name]";
    assert_eq!(names(&mut db, q), ["ae", "aed"]);
    // The WHERE can compare the two ends of one repetition.
    let q = "MATCH (a {name: 'a'})((x)-[:OWNS]->(y) WHERE y.name > x.name){2}(b) RETURN b.name";
    assert_eq!(names(&mut db, q), ["c"]);
}

#[test]
fn group_variables_are_lists_outside_the_group() {
    let mut db = db();
    let q = "MATCH (a {name: 'a'})((x)-[r:OWNS]->(y)){3}(d) RETURN [n IN x | n.name], [n IN y | n.name], size(r)";
    let row = rows(&mut db, q);
    let list = |names: [&str; 3]| Value::List(names.map(Value::string).to_vec());
    assert_eq!(row, [[list(["a", "b", "c"]), list(["b", "c", "d"]), Value::Int(3)]]);
    // As a single node or relationship, a group variable is refused.
    for q in [
        "MATCH (a)((x)-->(y)){1,2}(b) RETURN x.name",
        "MATCH (a)((x)-->(y)){1,2}(b) WHERE x.name = 'a' RETURN b",
        "MATCH (a)((x)-->(y)){1,2}(b), (x)-->(c) RETURN c",
        "MATCH (a)((x)-->(y)){1,2}(b) MATCH (x)-->(c) RETURN c",
        "MATCH (x) MATCH (a)((x)-->(y)){1,2}(b) RETURN b",
        "MATCH (a)((x)-->(y) WHERE y.name = a.name){1,2}(b) RETURN b",
    ] {
        assert_eq!(refused(q), ErrorKind::SemanticError, "{q}");
    }
}

#[test]
fn relationships_stay_unique_across_repetitions_unless_repeatable() {
    let mut db = Database::empty();
    db.run_script("CREATE (a:P {name: 'a'})-[:KNOWS]->(b:P {name: 'b'})", &Params::new())
        .unwrap_or_else(|e| panic!("{e}"));
    // There and back over the one relationship: a relationship cannot repeat.
    let there_and_back = "MATCH p = (a {name: 'a'})((x)-[:KNOWS]-(y)){2}(b) RETURN [n IN nodes(p) | n.name]";
    assert_eq!(rows(&mut db, there_and_back), Vec::<Vec<Value>>::new());
    assert_eq!(
        names(&mut db, &there_and_back.replace("MATCH p", "MATCH DIFFERENT RELATIONSHIPS p")),
        Vec::<String>::new()
    );
    assert_eq!(names(&mut db, &there_and_back.replace("MATCH p", "MATCH REPEATABLE ELEMENTS p")), ["aba"]);
    let rel = "MATCH REPEATABLE ELEMENTS p = (a {name: 'a'})-[:KNOWS]-{3}(b) RETURN [n IN nodes(p) | n.name]";
    assert_eq!(names(&mut db, rel), ["abab"]);
    // Nor can a repetition use the relationship another part of the MATCH has.
    let other = "MATCH (a {name: 'a'})-[:KNOWS]-(b), (b)((x)-[:KNOWS]-(y)){1}(c) RETURN c.name";
    assert_eq!(rows(&mut db, other), Vec::<Vec<Value>>::new());
    // Repeatable elements need a bound, or a selector.
    assert_eq!(refused("MATCH REPEATABLE ELEMENTS (a)-->+(b) RETURN b"), ErrorKind::SemanticError);
    assert_eq!(refused("MATCH REPEATABLE ELEMENTS (a)((x)-->(y))*(b) RETURN b"), ErrorKind::SemanticError);
}

#[test]
fn selectors_keep_k_paths_for_each_pair_of_ends() {
    let mut db = db();
    let paths = |db: &mut Database, selector: &str, pattern: &str| {
        let q =
            format!("MATCH p = {selector} (a {{name: 'a'}}){pattern}(d {{name: 'd'}}) RETURN [n IN nodes(p) | n.name]");
        names(db, &q)
    };
    for pattern in ["-[:OWNS]->+", "((x)-[:OWNS]->(y))+"] {
        assert_eq!(paths(&mut db, "SHORTEST 1", pattern), ["aed"], "{pattern}");
        assert_eq!(paths(&mut db, "SHORTEST 2", pattern), ["abcd", "aed"], "{pattern}");
        assert_eq!(paths(&mut db, "SHORTEST 5 PATHS", pattern), ["abcd", "aed"], "{pattern}");
        assert_eq!(paths(&mut db, "SHORTEST 1 GROUPS", pattern), ["aed"], "{pattern}");
        assert_eq!(paths(&mut db, "SHORTEST 2 GROUPS", pattern), ["abcd", "aed"], "{pattern}");
        assert_eq!(paths(&mut db, "ALL SHORTEST", pattern), ["aed"], "{pattern}");
        assert_eq!(paths(&mut db, "ANY 2", pattern).len(), 2, "{pattern}");
        assert_eq!(paths(&mut db, "ANY", pattern).len(), 1, "{pattern}");
    }
    // Each pair of ends has its own k.
    let q = "MATCH p = SHORTEST 1 (a {name: 'a'})((x)-[:OWNS]->(y))+(b) RETURN b.name";
    assert_eq!(names(&mut db, q), ["b", "c", "d", "e"]);
    // The MATCH's WHERE filters after the selection; the inner WHERE before it.
    let post = "MATCH p = SHORTEST 1 (a {name: 'a'})-[:OWNS]->+(d {name: 'd'}) WHERE length(p) = 3 RETURN p";
    assert_eq!(rows(&mut db, post), Vec::<Vec<Value>>::new());
    let pre = "MATCH p = SHORTEST 1 (a {name: 'a'})((x)-[:OWNS]->(y) WHERE y.name <> 'e')+(d {name: 'd'}) \
               RETURN [n IN nodes(p) | n.name]";
    assert_eq!(names(&mut db, pre), ["abcd"]);
}

#[test]
fn selectors_over_walks_end_even_round_a_cycle() {
    let mut db = db();
    // Walks may go round a → b → a for ever; SHORTEST k still ends.
    let q = "MATCH REPEATABLE ELEMENTS p = SHORTEST 3 (a {name: 'a'})-[:OWNS]-+(d {name: 'd'}) \
             RETURN [n IN nodes(p) | n.name]";
    assert_eq!(names(&mut db, q), ["abcd", "aed", "aeded"]);
    let groups = "MATCH REPEATABLE ELEMENTS p = SHORTEST 2 GROUPS (a {name: 'a'})((x)-[:OWNS]-(y))+(b {name: 'a'}) \
                  RETURN length(p), count(*)";
    assert_eq!(rows(&mut db, groups), [[Value::Int(2), Value::Int(2)], [Value::Int(4), Value::Int(6)]]);
    // With a free end, each end reached gets its own shortest walk.
    let free = "MATCH REPEATABLE ELEMENTS p = SHORTEST 1 (a {name: 'a'})-[:OWNS]->+(b) RETURN b.name";
    assert_eq!(names(&mut db, free), ["b", "c", "d", "e"]);
    // An end that no walk reaches gives no row, and the search stops.
    let none = "MATCH REPEATABLE ELEMENTS p = ANY 2 (a {name: 'a'})-[:OWNS]-+(z {name: 'z'}) RETURN p";
    assert_eq!(rows(&mut db, none), Vec::<Vec<Value>>::new());
}

#[test]
fn a_long_chain_repeats_without_running_out_of_stack_or_memory() {
    let mut db = Database::empty();
    db.run_script("UNWIND range(0, 4999) AS i CREATE (:C {i: i})", &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    let link = "MATCH (a:C) WITH a ORDER BY a.i WITH collect(a) AS cs \
                UNWIND range(0, size(cs) - 2) AS k WITH cs[k] AS a, cs[k + 1] AS b CREATE (a)-[:NEXT]->(b)";
    db.run_script(link, &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    let q = "MATCH (a:C {i: 0})((x)-[:NEXT]->(y))+(b:C {i: 4999}) RETURN size(x)";
    assert_eq!(rows(&mut db, q), [[Value::Int(4999)]]);
}

#[test]
fn explain_shows_the_inner_where_inside_the_repetition() {
    let mut db = db();
    let q = "EXPLAIN MATCH p = SHORTEST 2 (a {name: 'a'})((x)-[:OWNS]->(y) WHERE y.name <> 'b')+(d) \
             WHERE length(p) > 1 RETURN d";
    let plan = db.execute(q, &Params::new()).unwrap_or_else(|e| panic!("{e}")).plan.unwrap_or_default();
    let lines: Vec<&str> = plan.lines().collect();
    let at =
        |text: &str| lines.iter().position(|l| l.trim_start().starts_with(text)).unwrap_or_else(|| panic!("{plan}"));
    let indent = |i: usize| lines[i].len() - lines[i].trim_start().len();
    let (select, repeat) = (at("Select Shortest(2)"), at("Repeat{1,}"));
    assert!(select < repeat && indent(select) < indent(repeat), "{plan}");
    // The inner WHERE is a step of the repetition; the MATCH's comes after the selection.
    let filters: Vec<usize> =
        (0..lines.len()).filter(|i| lines[*i].split_whitespace().next() == Some("Filter")).collect();
    assert_eq!(filters.len(), 2, "{plan}");
    assert!(indent(filters[0]) > indent(repeat) && indent(filters[1]) == indent(select), "{plan}");
}
