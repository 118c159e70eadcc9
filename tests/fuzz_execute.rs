//! Fuzzing execution: mutated queries run on a small graph, under a
//! timeout. None panics, and one that fails leaves the graph as it was.
//!
//! The mutations insert tokens and small numbers only, and the graph is
//! small and sparse, so no case can build a huge result: deep nesting and
//! runaway loops are tested on their own (the limits of the executor).

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::fuzz::mutate_text;
use common::stores::fingerprint;
use embargo::{Database, Params, Value};
use proptest::prelude::*;

const GRAPH: &str = "CREATE (kp:Country {name: 'North Korea', iso2: 'KP'}), (ir:Country {name: 'Iran', iso2: 'IR'}), \
    (s:Sanction {name: 'UN DPRK', program: 'DPRK', since: date('2006-10-14')}), \
    (p:Person {name: 'Kim Jong Un', aliases: ['Kim Jong-un', '김정은'], born: 1984}), \
    (o:Organization {name: 'KOMID', score: 0.5}), (v:Vessel {name: 'Chon Ma San', imo_number: '8660313'}), \
    (s)-[:TARGETS {listed_on: date('2013-03-07')}]->(p), (s)-[:TARGETS]->(o), (p)-[:LEADS {title: 'Chairman'}]->(kp), \
    (o)-[:OWNS {share: 1.0}]->(v), (v)-[:FLAGGED_IN]->(kp), (ir)-[:IMPORTED_FROM {goods: ['arms']}]->(kp), \
    (p)-[:NATIONAL_OF]->(kp)";

const SEEDS: &[&str] = &[
    "MATCH (c:Country)<-[r]-(x) RETURN c.name, type(r), labels(x) ORDER BY c.name, type(r)",
    "MATCH p = (a)-[*1..3]->(b) RETURN length(p), [n IN nodes(p) | n.name] LIMIT 20",
    "MATCH (n) WITH labels(n) AS l, count(*) AS c RETURN l, c ORDER BY c DESC",
    "MATCH (s:Sanction)-[t:TARGETS]->(p) WHERE t.listed_on IS NULL OR t.listed_on < date('2020-01-01') RETURN p.name",
    "UNWIND [1, 2.5, 'x', null, [1, 2], {a: 1}] AS v RETURN v, v = v, v IS NULL, coalesce(v, 0)",
    "MATCH (p:Person) SET p.seen = coalesce(p.seen, 0) + 1, p:Listed RETURN p.seen",
    "MATCH (o:Organization) CREATE (o)-[:LINKED_TO {text: 'test'}]->(:Note {at: datetime('2017-07-03T10:00Z')}) RETURN o.name",
    "MERGE (c:Country {iso2: 'SY'}) ON CREATE SET c.name = 'Syria' ON MATCH SET c.seen = true RETURN c.name",
    "MATCH (v:Vessel) DETACH DELETE v RETURN count(*)",
    "MATCH (n) WHERE n.name STARTS WITH 'K' OR n.name =~ '.*an' RETURN n.name, size(n.name), substring(n.name, 1, 3)",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x] AS squares, reduce(s = 0, x IN [1, 2, 3] | s + x) AS total",
    "MATCH (a:Country), (b:Country) WHERE a <> b RETURN a.name, b.name, exists { (a)<-[:IMPORTED_FROM]-(b) }",
    "OPTIONAL MATCH (n:Nothing) RETURN n, count(n) SKIP 0 LIMIT 1",
    "MATCH p = shortestPath((a:Person)-[*..4]-(b:Vessel)) RETURN [r IN relationships(p) | type(r)]",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "MATCH (n) RETURN n.name AS name UNION MATCH ()-[r]->() RETURN type(r) AS name",
    "MATCH (n) WITH n ORDER BY n.name SKIP 1 RETURN collect(n.name), CASE WHEN count(n) > 2 THEN 1 ELSE 0 END",
    "MATCH (p:Person) REMOVE p.born SET p += {note: 'x'} RETURN keys(p)",
];

const TOKENS: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "RETURN",
    "WITH",
    "WHERE",
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH DELETE",
    "REMOVE",
    "UNWIND",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "AS",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ".",
    ",",
    "-",
    "->",
    "<-",
    "*",
    "..",
    "=",
    "<>",
    "<",
    "+",
    "/",
    "%",
    "^",
    "'",
    "`",
    "n",
    "p",
    "x",
    "0",
    "1",
    "2",
    "-1",
    "0.0",
    "null",
    "true",
    "[]",
    "{}",
    "count(*)",
    "collect(n)",
    "$p",
    "|",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS NULL",
    "CASE",
    "WHEN",
    "THEN",
    "END",
    "DISTINCT",
    "exists",
    "size",
    "head",
    "toInteger",
    "date",
    ";",
    "\n",
    "é",
];

/// Runs `query` on a fresh small graph, on its own thread: a case that
/// never finished would fail the test instead of hanging it.
fn check(query: String) {
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let mut db = Database::empty();
        db.execute(GRAPH, &Params::new()).unwrap();
        db.limits.timeout = Some(Duration::from_secs(2));
        let before = fingerprint(db.graph());
        let mut params = Params::new();
        params.insert("p".into(), Value::Int(1));
        let outcome = db.execute(&query, &params);
        if let Err(e) = &outcome {
            assert!(!e.message.is_empty());
            if let Some(offset) = e.offset {
                assert!(offset <= query.len(), "error offset {offset} past the end of {query:?}");
            }
            assert_eq!(fingerprint(db.graph()), before, "a failed statement changed the graph: {query:?}: {e}");
        }
        let _ = sender.send(());
    });
    // The statement's own timeout ends it long before this.
    match receiver.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => {}
        // The worker panicked: its panic is the test's.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("a statement ran past its timeout"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn mutated_queries_run_or_fail_cleanly(
        seed in prop::sample::select(SEEDS),
        edits in prop::collection::vec((any::<usize>(), 0usize..8, prop::sample::select(TOKENS)), 1..4),
    ) {
        check(mutate_text(seed, &edits));
    }

    #[test]
    fn token_soup_runs_or_fails_cleanly(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..20)) {
        check(tokens.join(" "));
    }
}

#[test]
fn the_seed_queries_run() {
    for seed in SEEDS {
        let mut db = Database::empty();
        db.execute(GRAPH, &Params::new()).unwrap();
        let mut params = Params::new();
        params.insert("p".into(), Value::Int(1));
        let outcome = db.execute(seed, &params);
        assert!(outcome.is_ok(), "{seed}: {:?}", outcome.err());
    }
}
