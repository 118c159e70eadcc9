//! Input nested past the bounds of the parser, the analyser and the value
//! model is refused with a `ResourceLimit` that says where, never a stack
//! overflow; input just inside the bounds runs.

mod common;

use common::embargo;
use embargo::{Database, ErrorKind, Params, Value};

fn refusal(query: &str) -> (ErrorKind, Option<usize>, String) {
    match Database::empty().execute(query, &Params::new()) {
        Ok(_) => panic!("expected an error: {}", &query[..query.len().min(80)]),
        Err(e) => (e.kind, e.offset, e.message),
    }
}

fn value(query: &str) -> Value {
    let result = Database::empty().execute(query, &Params::new()).unwrap_or_else(|e| panic!("{e}"));
    result.rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or_default()
}

fn repeat(text: &str, n: usize) -> String {
    text.repeat(n)
}

#[test]
fn long_operator_chains_are_refused_where_they_pass_the_bound() {
    let chains = [
        format!("RETURN {}true", repeat("NOT ", 7000)),
        format!("RETURN {}1", repeat("- ", 7000)),
        format!("RETURN 1{}", repeat(" + 1", 5000)),
        format!("RETURN true{}", repeat(" AND true", 5000)),
        format!("RETURN 2{}", repeat(" ^ 1", 5000)),
        format!("RETURN 'a'{}", repeat(" + 'a'", 5000)),
        format!("WITH {{a: 1}} AS m RETURN m{}", repeat(".a", 7000)),
        format!("WITH [1] AS l RETURN l{}", repeat("[0]", 7000)),
        format!("RETURN 1{}", repeat(" < 2", 10_000)),
        format!("RETURN 'a'{}", repeat(" || 'a'", 5000)),
        format!("RETURN 1{}", repeat(" IS :: INTEGER", 5000)),
        format!("RETURN 'a'{}", repeat(" IS NORMALIZED", 5000)),
    ];
    for query in &chains {
        let (kind, offset, message) = refusal(query);
        assert_eq!(kind, ErrorKind::ResourceLimit, "{message}");
        assert!(message.contains("nest at most 1000"), "{message}");
        // The place is the operator that passed the bound, not the start.
        assert!(offset.is_some_and(|o| o > 1000 && o < query.len()), "{offset:?}");
    }
}

#[test]
fn nested_case_and_many_clauses_are_refused() {
    let case = format!("RETURN {}1{}", repeat("CASE WHEN true THEN ", 2200), repeat(" END", 2200));
    assert_eq!(refusal(&case).0, ErrorKind::ResourceLimit);
    let with = format!("{}RETURN x", repeat("WITH 1 AS x ", 8000));
    let (kind, offset, message) = refusal(&with);
    assert_eq!((kind, offset), (ErrorKind::ResourceLimit, Some(12 * 1000)), "{message}");
    let hops = format!("MATCH (a){} RETURN 1", repeat("-->()", 100_000));
    assert_eq!(refusal(&hops).0, ErrorKind::ResourceLimit);
    let parts = format!("MATCH (a){} RETURN 1", repeat(", ()", 2000));
    assert_eq!(refusal(&parts).0, ErrorKind::ResourceLimit);
}

#[test]
fn nesting_inside_the_bounds_runs() {
    assert_eq!(value(&format!("RETURN 0{}", repeat(" + 1", 990))), Value::Int(990));
    assert_eq!(value(&format!("RETURN {}true", repeat("NOT ", 990))), Value::Bool(true));
    let case = format!("RETURN {}1{}", repeat("CASE WHEN true THEN ", 490), repeat(" END", 490));
    assert_eq!(value(&case), Value::Int(1));
    assert_eq!(value(&format!("{}RETURN x", repeat("WITH 1 AS x ", 999))), Value::Int(1));
    let hops = format!("CREATE (a){} RETURN 1", repeat("-[:R]->()", 499));
    assert_eq!(value(&hops), Value::Int(1));
}

#[test]
fn values_built_deep_at_run_time_are_refused_and_freed() {
    for query in [
        "RETURN reduce(l = [], i IN range(1, 100000) | [l])",
        "RETURN reduce(m = {}, i IN range(1, 100000) | {a: m})",
        "RETURN reduce(l = [], i IN range(1, 100000) | [x IN [1] | l])",
        "UNWIND range(1, 100000) AS i WITH [i] AS l RETURN reduce(a = l, j IN range(1, 300) | [a])",
    ] {
        let (kind, _, message) = refusal(query);
        assert_eq!(kind, ErrorKind::ResourceLimit, "{query}: {message}");
        assert!(message.contains("nest at most 200"), "{message}");
    }
    // Just inside the bound, a deep value is built, compared, hashed and printed.
    let query = "WITH reduce(l = [], i IN range(1, 198) | [l]) AS deep \
                 RETURN deep = deep AS same, size(collect(DISTINCT deep)) AS one, toString(size(deep)) AS text";
    let row = Database::empty().execute(query, &Params::new()).map(|r| r.rows).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(row, vec![vec![Value::Bool(true), Value::Int(1), Value::string("1")]]);
}

#[test]
fn the_binary_reports_deep_input_cleanly() {
    let not = format!("RETURN {}true", repeat("NOT ", 7000));
    let out = embargo().args(["--empty", "-c", &not]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ResourceLimit"));
    let deep = "RETURN reduce(l = [], i IN range(1, 100000) | [l])";
    let out = embargo().args(["--empty", "-c", deep]).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ResourceLimit"));
}

#[test]
fn a_parameter_of_thirty_thousand_minus_signs_is_a_usage_error() {
    let literal = format!("x={}1", "-".repeat(30_000));
    let out = embargo().args(["--empty", "-p", &literal, "-c", "RETURN $x"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ResourceLimit") && stderr.len() < 400, "{stderr}");
}

/// `EXISTS { … }` subqueries, `depth` deep, each with `clauses` WITHs.
fn nested_subqueries(depth: usize, clauses: usize) -> String {
    let mut query = "RETURN 1 AS y".to_string();
    for _ in 0..depth {
        query = format!("{}WITH 1 AS x WHERE EXISTS {{ {query} }} RETURN 1 AS y", repeat("WITH 1 AS x ", clauses));
    }
    format!("RETURN EXISTS {{ {query} }} AS r")
}

#[test]
fn clauses_of_nested_subqueries_count_against_the_bound() {
    let (kind, _, message) = refusal(&nested_subqueries(40, 50));
    assert_eq!(kind, ErrorKind::ResourceLimit, "{message}");
    assert_eq!(value(&nested_subqueries(10, 50)), Value::Bool(true));
}

#[test]
fn long_patterns_nested_in_comprehensions_count_against_the_bound() {
    let hops = repeat("-->()", 300);
    let mut query = "1".to_string();
    for _ in 0..5 {
        query = format!("size([(a){hops} | {query}])");
    }
    let (kind, _, message) = refusal(&format!("RETURN {query}"));
    assert_eq!(kind, ErrorKind::ResourceLimit, "{message}");
    assert_eq!(value(&format!("RETURN size([(a){} | 1])", repeat("-->()", 300))), Value::Int(0));
}
