//! Plan shapes of the bench workload (Q1–Q8 of `shared/bench`), on a small
//! graph generated like the bench's: where each pattern starts, which way
//! it expands, and how many rows each step makes, read from EXPLAIN and
//! PROFILE. Rows are counted, never timed, so the tests cannot flake.

use std::sync::{LazyLock, Mutex, MutexGuard};

use embargo::{Database, Params, Value};

const COUNTRIES: i64 = 60;
const SANCTIONS: i64 = 100;
const PERSONS: i64 = 2000;
const ORGANIZATIONS: i64 = 1400;
const VESSELS: i64 = 600;
/// Every this-many-th party is targeted: about 9 % of them, as in the bench.
const TARGET_EVERY: i64 = 11;

/// The bench's shape, scaled down: more sanctions than countries (as at
/// scale L), each party registered in one country, one in 11 targeted.
fn bench_graph() -> Database {
    let mut db = Database::empty();
    let script = [
        format!("UNWIND range(0, {}) AS i CREATE (:Country {{name: 'C' + i, iso2: 'c' + i}})", COUNTRIES - 1),
        format!("UNWIND range(0, {}) AS i CREATE (:Sanction {{name: 'S' + i, active: i % 2 = 0}})", SANCTIONS - 1),
        format!(
            "UNWIND range(0, {}) AS i MATCH (c:Country {{name: 'C' + (i % {COUNTRIES})}})
             CREATE (:Person {{name: {}, id: i}})-[:NATIONAL_OF]->(c)",
            PERSONS - 1,
            person_name("i")
        ),
        format!(
            "UNWIND range(0, {}) AS i MATCH (c:Country {{name: 'C' + (i % {COUNTRIES})}})
             CREATE (:Organization {{name: 'O' + i, kind: CASE i % 3 WHEN 0 THEN 'front_company' ELSE 'trading' END,
                                    employees: i % 7}})-[:REGISTERED_IN]->(c)",
            ORGANIZATIONS - 1
        ),
        format!(
            "UNWIND range(0, {}) AS i MATCH (c:Country {{name: 'C' + (i % {COUNTRIES})}})
             CREATE (:Vessel {{name: 'V' + i}})-[:FLAGGED_IN]->(c)",
            VESSELS - 1
        ),
        format!(
            "MATCH (o:Organization) WITH o, toInteger(substring(o.name, 1)) AS i
             MATCH (a:Organization {{name: 'O' + ((i * 7 + 1) % {ORGANIZATIONS})}}),
                   (b:Organization {{name: 'O' + ((i * 13 + 5) % {ORGANIZATIONS})}})
             CREATE (o)-[:OWNS]->(a), (o)-[:OWNS]->(b)"
        ),
        format!(
            "MATCH (p:Person) WITH p, (p.id * 17 + 3) % {PERSONS} AS j
             MATCH (o:Organization {{name: 'O' + (p.id % {ORGANIZATIONS})}}), (q:Person {{name: {}}})
             CREATE (p)-[:DIRECTOR_OF]->(o), (p)-[:ASSOCIATE_OF]->(q)",
            person_name("j")
        ),
        format!(
            "MATCH (o:Organization) WITH o, toInteger(substring(o.name, 1)) AS i WHERE i < {VESSELS}
             MATCH (v:Vessel {{name: 'V' + i}}) CREATE (o)-[:OPERATES]->(v)"
        ),
        format!(
            "MATCH (e) WHERE (e:Person OR e:Organization OR e:Vessel) AND id(e) % {TARGET_EVERY} = 0
             MATCH (s:Sanction {{name: 'S' + (id(e) % {SANCTIONS})}}) CREATE (s)-[:TARGETS]->(e)"
        ),
    ];
    for statement in &script {
        db.execute(statement, &Params::new()).unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    db
}

/// Every 50th person is a KIM, for the substring scan.
fn person_name(i: &str) -> String {
    format!("CASE WHEN {i} % 50 = 0 THEN 'KIM ' + {i} ELSE 'P' + {i} END")
}

/// The graph the reading queries share (built once: it takes a while in
/// a debug build).
static SHARED: LazyLock<Mutex<Database>> = LazyLock::new(|| Mutex::new(bench_graph()));

fn shared() -> MutexGuard<'static, Database> {
    SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn scalar(db: &mut Database, query: &str) -> i64 {
    match db.execute(query, &Params::new()).map(|r| r.rows) {
        Ok(rows) => match rows.first().and_then(|r| r.first()) {
            Some(Value::Int(n)) => *n,
            other => panic!("{query}: {other:?}"),
        },
        Err(e) => panic!("{query}: {e}"),
    }
}

/// One line of a plan: the operator or step, its estimate, its rows.
#[derive(Debug)]
struct Line {
    text: String,
    step: bool,
    estimate: f64,
    rows: Option<u64>,
}

fn field(line: &str, name: &str) -> Option<String> {
    let at = line.find(name)? + name.len();
    Some(line[at..].split_whitespace().next().unwrap_or_default().to_string())
}

fn lines(db: &mut Database, mode: &str, query: &str) -> (Vec<Line>, usize) {
    let result = db.execute(&format!("{mode} {query}"), &Params::new()).unwrap_or_else(|e| panic!("{query}: {e}"));
    let plan = result.plan.unwrap_or_default();
    let parsed = plan
        .lines()
        .filter(|l| !l.starts_with("Produce") && !l.starts_with("Statement: "))
        .map(|l| Line {
            text: l.split(" est=").next().unwrap_or_default().trim().to_string(),
            step: l.starts_with("  "),
            estimate: field(l, "est=").and_then(|e| e.parse().ok()).unwrap_or_else(|| panic!("no estimate: {l}")),
            rows: field(l, "rows=").and_then(|r| r.parse().ok()),
        })
        .collect();
    (parsed, result.rows.len())
}

/// The steps of the plan's first MATCH.
fn steps(plan: &[Line]) -> Vec<&Line> {
    plan.iter().skip_while(|l| !l.text.ends_with("Match")).skip(1).take_while(|l| l.step).collect()
}

/// The rows every step of the first MATCH made, together.
fn touched(plan: &[Line]) -> u64 {
    steps(plan).iter().map(|l| l.rows.unwrap_or_else(|| panic!("not profiled: {l:?}"))).sum()
}

const Q1: &str = "MATCH (p:Person {name: 'P42'}) RETURN p";
const Q2: &str = "MATCH (c:Country {name: 'C9'})<-[:REGISTERED_IN]-(o:Organization)
    WHERE o.kind = 'front_company' AND o.employees < 3 RETURN o.name, o.employees";
const Q3: &str =
    "MATCH (s:Sanction {name: 'S33'})-[:TARGETS]->(t:Organization)<-[:OWNS]-(o:Organization)<-[:DIRECTOR_OF]-(p:Person)
    RETURN p.name, o.name, t.name";
const Q4: &str = "MATCH (o:Organization {name: 'O5'})-[:OWNS*1..4]->(t:Organization)<-[:TARGETS]-(s:Sanction)
    RETURN DISTINCT t.name";
const Q5: &str = "MATCH (s:Sanction)-[:TARGETS]->(e)-[:NATIONAL_OF|REGISTERED_IN|FLAGGED_IN]->(c:Country)
    RETURN c.name AS country, COUNT(DISTINCT e) AS n ORDER BY n DESC, country LIMIT 10";
const Q6: &str = "MATCH (p:Person) WHERE p.name CONTAINS 'KIM' RETURN p.id, p.name";
const Q7: &str =
    "MATCH p = shortestPath((a:Person {name: 'P3'})-[:DIRECTOR_OF|OWNS|OPERATES*..10]->(b:Vessel {name: 'V100'}))
    RETURN length(p) AS hops";
const Q8: &str = "MATCH (c:Country {name: 'C7'}) UNWIND range(1, 10000) AS i
    CREATE (:Person {id: 'BENCH-' + toString(i), name: 'BENCH PERSON ' + toString(i)})-[:NATIONAL_OF]->(c)";

#[test]
fn point_lookups_seek_and_touch_a_row() {
    let mut db = shared();
    let (plan, answers) = lines(&mut db, "PROFILE", Q1);
    assert_eq!(answers, 1);
    let first = steps(&plan);
    assert!(first[0].text.starts_with("IndexSeek :Person(name)"), "{plan:#?}");
    assert_eq!(touched(&plan), 1, "{plan:#?}");
    assert!((first[0].estimate - 1.0).abs() < 0.5, "names are unique: {plan:#?}");
}

#[test]
fn one_hop_starts_at_the_named_country() {
    let mut db = shared();
    let (plan, answers) = lines(&mut db, "PROFILE", Q2);
    let first = steps(&plan);
    assert!(first[0].text.starts_with("IndexSeek :Country(name)"), "{plan:#?}");
    assert!(first[1].text.contains("REGISTERED_IN"), "{plan:#?}");
    // The country, its organizations, and those left after each filter.
    let per_country = (ORGANIZATIONS / COUNTRIES + 1) as u64;
    assert!(touched(&plan) <= 1 + 3 * per_country, "{plan:#?}");
    assert!(answers > 0 && answers as u64 <= per_country);
}

#[test]
fn two_hops_start_at_the_named_sanction() {
    let mut db = shared();
    let (plan, answers) = lines(&mut db, "PROFILE", Q3);
    assert!(answers > 0, "{plan:#?}");
    let first = steps(&plan);
    assert!(first[0].text.starts_with("IndexSeek :Sanction(name)"), "{plan:#?}");
    // Nowhere near a scan of the organizations or the persons.
    assert!(touched(&plan) < 200, "{plan:#?}");
}

#[test]
fn ownership_chains_start_at_the_named_organization() {
    let mut db = shared();
    let (plan, _) = lines(&mut db, "PROFILE", Q4);
    let first = steps(&plan);
    assert!(first[0].text.starts_with("IndexSeek :Organization(name)"), "{plan:#?}");
    assert!(first[1].text.starts_with("ExpandVarLength"), "{plan:#?}");
    // 1 + 2 + 4 + 8 + 16 trails at most, then their targeting sanctions.
    assert!(touched(&plan) < 100, "{plan:#?}");
}

#[test]
fn sanctioned_per_country_walks_the_targets_not_the_parties() {
    let mut db = shared();
    let targets = scalar(&mut db, "MATCH ()-[t:TARGETS]->() RETURN count(t)") as u64;
    let parties = (PERSONS + ORGANIZATIONS + VESSELS) as u64;
    assert!(targets * 5 < parties, "the graph is shaped like the bench");

    let (explained, _) = lines(&mut db, "EXPLAIN", Q5);
    let first = steps(&explained);
    assert!(first[0].text.starts_with("LabelScan :Sanction"), "{explained:#?}");
    assert!(first[1].text.contains("TARGETS") && first[1].text.ends_with("Outgoing"), "{explained:#?}");

    let (plan, answers) = lines(&mut db, "PROFILE", Q5);
    assert_eq!(answers, 10);
    // The sanctions, their targets, and each target's country: O(targets).
    assert!(touched(&plan) <= SANCTIONS as u64 + 2 * targets, "{plan:#?}");
    // The estimate of the match is within a factor of two of what it made.
    let last = first.last().map(|l| l.estimate).unwrap_or_default();
    assert!(last > targets as f64 / 2.0 && last < targets as f64 * 2.0, "{explained:#?}");
}

#[test]
fn a_substring_scan_reads_each_person_once() {
    let mut db = shared();
    let (plan, answers) = lines(&mut db, "PROFILE", Q6);
    assert_eq!(answers as i64, PERSONS / 50);
    let first = steps(&plan);
    assert!(first[0].text.starts_with("LabelScan :Person"), "{plan:#?}");
    assert_eq!(first[0].rows, Some(PERSONS as u64));
    assert_eq!(first[0].estimate, PERSONS as f64);
}

#[test]
fn shortest_paths_seek_both_ends() {
    let mut db = shared();
    let (plan, _) = lines(&mut db, "PROFILE", Q7);
    let first = steps(&plan);
    assert!(first[0].text.starts_with("IndexSeek :Person(name)"), "{plan:#?}");
    assert!(first[1].text.starts_with("IndexSeek :Vessel(name)"), "{plan:#?}");
    assert!(first[2].text.starts_with("ShortestPath"), "{plan:#?}");
    assert_eq!(first[1].rows, Some(1));
}

#[test]
fn a_write_batch_expects_its_rows_and_keeps_the_counts() {
    let mut db = bench_graph();
    let (explained, _) = lines(&mut db, "EXPLAIN", Q8);
    let unwind = explained.iter().find(|l| l.text.starts_with("Unwind")).expect("an Unwind");
    assert_eq!(unwind.estimate, 10000.0);
    let (plan, _) = lines(&mut db, "PROFILE", Q8);
    let create = plan.iter().find(|l| l.text.starts_with("Create")).expect("a Create");
    assert_eq!(create.rows, Some(10000));
    // The new persons are counted at once: a scan of them expects them all.
    let (after, _) = lines(&mut db, "EXPLAIN", "MATCH (p:Person)-[:NATIONAL_OF]->(c:Country) RETURN count(*)");
    let expected = steps(&after).last().map(|l| l.estimate).unwrap_or_default();
    assert_eq!(expected.round(), (PERSONS + 10000) as f64, "{after:#?}");
    // And a statement that fails takes its counts back with it.
    let failing = "MATCH (c:Country {name: 'C1'}) UNWIND range(1, 100) AS i
        CREATE (:Person {name: 'X' + i})-[:NATIONAL_OF]->(c) WITH i WHERE i = 100 RETURN 1 / 0";
    assert!(db.execute(failing, &Params::new()).is_err());
    let (again, _) = lines(&mut db, "EXPLAIN", "MATCH (p:Person)-[:NATIONAL_OF]->(c:Country) RETURN count(*)");
    assert_eq!(steps(&again).last().map(|l| l.estimate.round()), Some(expected.round()), "{again:#?}");
}
