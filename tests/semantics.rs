//! Rules the analyser and the evaluator hold to, each shown on queries of
//! our own: what is refused before anything runs (with the openCypher
//! detail), and what a comparison or a graph function gives back.

use embargo::{Database, ErrorKind, Params, Value};

/// The kind and the detail in brackets of the error a statement raises
/// after `setup` (`None` when it succeeds).
fn refusal(setup: &str, query: &str) -> Option<(ErrorKind, String)> {
    let mut db = Database::empty();
    db.run_script(setup, &Params::new()).unwrap_or_else(|e| panic!("{setup}: {e}"));
    let e = db.execute(query, &Params::new()).err()?;
    let detail = e.message.rsplit_once('(').map(|(_, d)| d.trim_end_matches(')').to_string()).unwrap_or_default();
    Some((e.kind, detail))
}

fn refused(setup: &str, query: &str, kind: ErrorKind, detail: &str) {
    assert_eq!(refusal(setup, query), Some((kind, detail.to_string())), "{query}");
}

fn row(query: &str) -> Vec<Value> {
    let mut db = Database::empty();
    let result = db.execute(query, &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}"));
    result.rows.into_iter().next().unwrap_or_default()
}

const GRAPH: &str = "CREATE (:Person {age: 30})-[:KNOWS]->(:Person {age: 40})";

#[test]
fn delete_takes_entities_not_labels_or_types() {
    refused(GRAPH, "MATCH (p:Person) DELETE p:Person", ErrorKind::SyntaxError, "InvalidDelete");
    refused(GRAPH, "MATCH ()-[k:KNOWS]->() DELETE k:KNOWS", ErrorKind::SyntaxError, "InvalidDelete");
}

#[test]
fn an_aggregating_sort_key_groups_only_by_variables_and_their_properties() {
    let pairs = "MATCH (a:Person)-->(b:Person) ";
    refused(
        GRAPH,
        &format!("{pairs}RETURN a.age * b.age, count(*) AS n ORDER BY a.age * b.age + count(*)"),
        ErrorKind::SyntaxError,
        "AmbiguousAggregationExpression",
    );
    refused(
        GRAPH,
        &format!("{pairs}RETURN count(*) AS n ORDER BY b.age + count(*)"),
        ErrorKind::SyntaxError,
        "AmbiguousAggregationExpression",
    );
    // Projected properties and the projection's names are keys.
    for fine in [
        "RETURN a.age, count(*) AS n ORDER BY a.age + count(*)",
        "RETURN a.age AS age, count(*) AS n ORDER BY age + count(*)",
        "RETURN a.age * b.age AS product, count(*) AS n ORDER BY product + count(*)",
    ] {
        assert_eq!(refusal(GRAPH, &format!("{pairs}{fine}")), None, "{fine}");
    }
}

#[test]
fn aggregates_stay_out_of_comprehensions_and_rand_out_of_aggregates() {
    refused("", "UNWIND [1, 2] AS x RETURN [y IN [1, 2] | sum(y)]", ErrorKind::SyntaxError, "InvalidAggregation");
    refused("", "UNWIND [1, 2] AS x RETURN collect(rand() * x)", ErrorKind::SyntaxError, "NonConstantExpression");
    assert_eq!(
        row("UNWIND [1, 2] AS x RETURN [y IN collect(x) | y * 2]"),
        [Value::List(vec![Value::Int(2), Value::Int(4)])]
    );
}

#[test]
fn a_pattern_is_a_condition_never_a_value() {
    refused(GRAPH, "MATCH (p) SET p.first = head((p)-->())", ErrorKind::SyntaxError, "UnexpectedSyntax");
    refused(GRAPH, "MATCH (p) RETURN size((p)-->()) AS n", ErrorKind::SyntaxError, "UnexpectedSyntax");
    refused(GRAPH, "MATCH (p) RETURN [(p)-->()] AS n", ErrorKind::SyntaxError, "UnexpectedSyntax");
    for fine in [
        "MATCH (p) WHERE (p)-->() AND NOT (p)<--() RETURN p",
        "MATCH (p) RETURN CASE WHEN (p)-->() THEN 1 ELSE 0 END AS out",
        "MATCH (p) RETURN exists((p)-->()) AS out, [q IN [p] WHERE (q)-->()] AS qs",
    ] {
        assert_eq!(refusal(GRAPH, fine), None, "{fine}");
    }
}

#[test]
fn nan_is_neither_below_nor_above_a_number() {
    let nan = row("WITH 0.0 / 0.0 AS nan RETURN nan < 1, nan >= 1.5, 2 > nan, nan <= nan, nan = nan, nan < 'a'");
    let f = Value::Bool(false);
    assert_eq!(nan, [f.clone(), f.clone(), f.clone(), f.clone(), f, Value::Null]);
}

#[test]
fn graph_functions_given_other_values_are_type_errors_at_run_time() {
    for query in [
        "WITH [1] AS l RETURN labels(l[0])",
        "UNWIND ['x'] AS x RETURN type(x)",
        "UNWIND [2.5] AS x RETURN nodes(x)",
        "UNWIND [true] AS x RETURN startNode(x)",
    ] {
        refused("", query, ErrorKind::TypeError, "InvalidArgumentValue");
    }
}
