//! The parser and analyser never panic: random and mutated queries give a
//! plan or a clean error with a place inside the text.

mod common;

use common::fuzz::mutate_text;
use embargo::{Database, Params};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "MATCH (c:Country {name: 'Iran'})-[v:VIOLATED]->(s:Sanction) WHERE v.category = 'military' RETURN c.name AS n ORDER BY n DESC SKIP 1 LIMIT 2",
    "MATCH p = (a)-[:OWNS*1..4]->(b) RETURN nodes(p), length(p)",
    "OPTIONAL MATCH (n)-[r]-() WITH n, count(r) AS degree WHERE degree > 2 RETURN n {.name, degree}",
    "UNWIND [1, 2.5, 'x', null, [1], {a: 1}] AS v RETURN v, v IS NULL, toString(v)",
    "CREATE (a:A {x: 1})-[:T {y: [1, 2]}]->(b:B) SET a += {z: 'q'}, b:C REMOVE a.x DETACH DELETE b",
    "MERGE (n:P {name: $name}) ON CREATE SET n.created = true ON MATCH SET n.seen = n.seen + 1 RETURN n",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x ^ 2] AS squares, reduce(s = 0, x IN [1, 2] | s + x)",
    "MATCH (a), (b) WHERE a.name STARTS WITH 'K' AND (a)-->(b) RETURN CASE WHEN a.x > 1 THEN 'big' ELSE 'small' END",
    "MATCH (n) RETURN labels(n) AS l, [p = (n)-->() | p] AS ps UNION ALL MATCH (m) RETURN labels(m) AS l, [] AS ps",
    "MATCH path = shortestPath((a:Person {name: 'A'})-[*..10]->(b)) RETURN length(path)",
    "CALL db.labels() YIELD label WHERE label STARTS WITH 'C' RETURN label",
    "RETURN 1 < 2 < 3, 'a' =~ 'A.*', -9223372036854775808, 0x1F, .5e3 AS `weird name`",
];

const TOKENS: &[&str] = &[
    "MATCH", "RETURN", "WITH", "WHERE", "CREATE", "MERGE", "SET", "DELETE", "UNWIND", "AS", "(", ")", "[", "]", "{",
    "}", ":", ".", ",", "-", "->", "<-", "*", "..", "=", "<>", "+", "'", "\"", "`", "n", "m", "x", "1", "2.5", "null",
    "count(*)", "$p", "|", "AND", "NOT", "IN", "CASE", "WHEN", "END", "//", "/*", ";", "\n", "é", "\\",
];

fn check(text: &str) {
    let mut db = Database::empty();
    // EXPLAIN runs every stage but execution, so random queries cannot run long.
    let statement = format!("EXPLAIN {text}");
    if let Err(e) = db.execute(&statement, &Params::new()) {
        if let Some(offset) = e.offset {
            assert!(offset <= statement.len(), "error offset {offset} past the end of {statement:?}");
            assert!(e.position(&statement).is_some());
        }
        assert!(!e.message.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn the_parser_alone_never_panics(
        seed in proptest::sample::select(SEEDS),
        edits in proptest::collection::vec((any::<usize>(), 0usize..8, proptest::sample::select(TOKENS)), 1..6),
    ) {
        let text = mutate_text(seed, &edits);
        if let Err(e) = embargo::parser::parse(&text) {
            assert!(e.offset.is_none_or(|o| o <= text.len()), "error offset past the end of {text:?}");
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..24)) {
        check(&tokens.join(" "));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,60}") {
        check(&text);
    }

    #[test]
    fn mutated_queries_never_panic(
        seed in proptest::sample::select(SEEDS),
        cut in 0usize..200,
        len in 0usize..12,
        insert in proptest::sample::select(TOKENS),
    ) {
        let chars: Vec<char> = seed.chars().collect();
        let at = cut.min(chars.len());
        let end = (at + len).min(chars.len());
        let mut mutated: String = chars[..at].iter().collect();
        mutated.push_str(insert);
        mutated.extend(&chars[end..]);
        check(&mutated);
    }
}

#[test]
fn the_seed_queries_are_valid() {
    let mut db = Database::empty();
    for seed in SEEDS {
        let result = db.execute(&format!("EXPLAIN {seed}"), &Params::new());
        assert!(result.is_ok(), "{seed}: {:?}", result.err());
    }
}
