//! Query benchmarks over a generated sanctions-shaped graph, one per kind
//! of work the side-by-side benchmark (`../shared/bench`) measures: an index
//! lookup, a filtered hop, two hops, variable-length ownership chains, an
//! aggregation, a substring scan, a shortest path and a batch of writes.
//!
//! `cargo bench --bench engine`

use embargo::{Database, Params};

fn main() {
    divan::main();
}

/// 249 countries, 20,000 persons, 10,000 organizations with an ownership
/// forest, directors, 50 sanction programs and vessels.
fn graph() -> Database {
    let mut db = Database::empty();
    let script = "
        UNWIND range(0, 248) AS i CREATE (:Country {name: 'Country ' + i});
        UNWIND range(0, 19999) AS i
          MATCH (c:Country {name: 'Country ' + (i % 249)})
          CREATE (:Person {id: 'P' + i, name: CASE i % 50 WHEN 0 THEN 'KIM ' + i ELSE 'PERSON ' + i END})-[:NATIONAL_OF]->(c);
        UNWIND range(0, 9999) AS i
          MATCH (c:Country {name: 'Country ' + (i % 31)})
          CREATE (:Organization {name: 'Org ' + i, employees: i % 9,
                                 kind: CASE i % 4 WHEN 0 THEN 'front_company' ELSE 'company' END})-[:REGISTERED_IN]->(c);
        UNWIND range(1, 9999) AS i
          MATCH (a:Organization {name: 'Org ' + ((i - 1) / 3)}), (b:Organization {name: 'Org ' + i})
          CREATE (a)-[:OWNS]->(b);
        UNWIND range(0, 19999) AS i
          MATCH (p:Person {name: CASE i % 50 WHEN 0 THEN 'KIM ' + i ELSE 'PERSON ' + i END}),
                (o:Organization {name: 'Org ' + ((i * 13) % 10000)})
          CREATE (p)-[:DIRECTOR_OF]->(o);
        UNWIND range(0, 49) AS i CREATE (:Sanction {name: 'Program ' + i});
        UNWIND range(0, 9999) AS i
          MATCH (s:Sanction {name: 'Program ' + (i % 50)}), (o:Organization {name: 'Org ' + ((i * 17) % 10000)})
          WHERE i % 5 = 0
          CREATE (s)-[:TARGETS]->(o);
        UNWIND range(0, 1999) AS i
          MATCH (o:Organization {name: 'Org ' + (i * 5)})
          CREATE (o)-[:OPERATES]->(:Vessel {name: 'Vessel ' + i});
    ";
    if let Err(e) = db.run_script(script, &Params::new()) {
        panic!("building the benchmark graph: {e}");
    }
    db
}

fn run(bencher: divan::Bencher, query: &str) {
    let mut db = graph();
    let params = Params::new();
    bencher.bench_local(|| match db.execute(query, &params) {
        Ok(result) => divan::black_box(result.rows.len()),
        Err(e) => panic!("{query}: {e}"),
    });
}

#[divan::bench]
fn point_lookup(bencher: divan::Bencher) {
    run(bencher, "MATCH (p:Person {name: 'PERSON 12345'}) RETURN p");
}

#[divan::bench]
fn one_hop_filter(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH (c:Country {name: 'Country 7'})<-[:REGISTERED_IN]-(o:Organization)
         WHERE o.kind = 'front_company' AND o.employees < 3 RETURN o.name, o.employees",
    );
}

#[divan::bench]
fn two_hops(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH (s:Sanction {name: 'Program 3'})-[:TARGETS]->(t:Organization)<-[:OWNS]-(o:Organization)<-[:DIRECTOR_OF]-(p:Person)
         RETURN p.name, o.name, t.name",
    );
}

#[divan::bench]
fn ownership_chain(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH (o:Organization {name: 'Org 0'})-[:OWNS*1..4]->(t:Organization)<-[:TARGETS]-(s:Sanction)
         RETURN DISTINCT t.name",
    );
}

#[divan::bench]
fn count_distinct_per_country(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH (s:Sanction)-[:TARGETS]->(e)-[:NATIONAL_OF|REGISTERED_IN]->(c:Country)
         RETURN c.name AS country, count(DISTINCT e) AS n ORDER BY n DESC, country LIMIT 10",
    );
}

#[divan::bench]
fn contains_scan(bencher: divan::Bencher) {
    run(bencher, "MATCH (p:Person) WHERE p.name CONTAINS 'KIM' RETURN p.id, p.name");
}

#[divan::bench]
fn shortest_path(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH p = shortestPath((a:Person {name: 'PERSON 1'})-[:DIRECTOR_OF|OWNS|OPERATES*..10]->(b:Vessel {name: 'Vessel 1999'}))
         RETURN length(p) AS hops",
    );
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn write_batch(bencher: divan::Bencher) {
    run(
        bencher,
        "MATCH (c:Country {name: 'Country 1'}) UNWIND range(1, 10000) AS i
         CREATE (:Person {id: 'BENCH-' + toString(i), name: 'BENCH PERSON ' + toString(i)})-[:NATIONAL_OF]->(c)",
    );
}
