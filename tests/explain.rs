//! EXPLAIN and PROFILE show the statement as embargo understood it (its
//! syntax tree printed back as Cypher) above the plan, in the library's
//! result and in every output format of the binary.

mod common;

use common::{embargo, run};
use embargo::{Database, Params, Value};

/// As written, and as parsed: keywords in capitals, parentheses only where
/// precedence needs them, GQL's quantifier as a variable length, and
/// `OFFSET` spelled `SKIP`.
const WRITTEN: &str = "explain match (c:Country)-[:VIOLATED]->{1,2}(s) \
                       where c.name='Iran' and not (s.category = 'military' or s.x) \
                       return c.name as n offset 1";
const UNDERSTOOD: &str = "Statement: MATCH (c:Country)-[:VIOLATED*1..2]->(s) \
                          WHERE c.name = 'Iran' AND NOT (s.category = 'military' OR s.x) \
                          RETURN c.name AS n SKIP 1";

#[test]
fn explain_shows_the_statement_above_the_plan() {
    let mut db = Database::bundled().expect("the bundled graph loads");
    let result = db.execute(WRITTEN, &Params::new()).expect("explains");
    let plan = result.plan.unwrap_or_default();
    let mut lines = plan.lines();
    assert_eq!(lines.next(), Some(UNDERSTOOD), "{plan}");
    assert!(lines.next().is_some_and(|l| l.starts_with("Match")), "{plan}");
    assert!(plan.ends_with("Produce [\"n\"]\n"), "{plan}");
    assert!(result.rows.is_empty());
}

#[test]
fn profile_shows_the_statement_above_the_counted_plan() {
    let mut db = Database::bundled().expect("the bundled graph loads");
    let query = "PROFILE MATCH (c:Country {name: 'Iran'}) RETURN count(*) AS n";
    let result = db.execute(query, &Params::new()).expect("profiles");
    assert_eq!(result.rows, vec![vec![Value::Int(1)]]);
    let plan = result.plan.unwrap_or_default();
    let mut lines = plan.lines();
    assert_eq!(lines.next(), Some("Statement: MATCH (c:Country {name: 'Iran'}) RETURN count(*) AS n"), "{plan}");
    assert!(lines.next().is_some_and(|l| l.starts_with("Match") && l.contains("rows=1")), "{plan}");
}

#[test]
fn the_binary_prints_the_statement_in_table_csv_and_jsonl() {
    let table = run({
        let mut cmd = embargo();
        cmd.args(["--format", "table", "-c", WRITTEN]);
        cmd
    });
    assert_eq!(table.code, Some(0), "{}", table.stderr);
    assert!(table.stdout.starts_with(&format!("{UNDERSTOOD}\nMatch ")), "{}", table.stdout);

    // csv keeps standard output a CSV file: the plan goes to standard error.
    let csv = run({
        let mut cmd = embargo();
        cmd.args(["--format", "csv", "-c", WRITTEN]);
        cmd
    });
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    assert!(csv.stderr.starts_with(UNDERSTOOD), "{}", csv.stderr);
    assert!(!csv.stdout.contains("Statement:"), "{}", csv.stdout);

    let jsonl = run({
        let mut cmd = embargo();
        cmd.args(["--format", "jsonl", "-c", WRITTEN]);
        cmd
    });
    assert_eq!(jsonl.code, Some(0), "{}", jsonl.stderr);
    let plan = jsonl.object()["plan"].as_str().map(str::to_string).unwrap_or_default();
    assert!(plan.starts_with(&format!("{UNDERSTOOD}\n")), "{plan}");
}
