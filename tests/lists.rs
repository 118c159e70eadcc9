//! The real sanctions lists (`../shared/data/real/`) through the binary:
//! one store holding all of them, counts against the sources' own, the
//! two UN versions, an FtM delta, and a failed import that changes
//! nothing. Skipped with a message where the shared data is not there.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, embargo, run};

fn real(path: &str) -> Option<PathBuf> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real").join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!("skipped: {} is not there (it comes with the shared folder beside the checkout)", full.display());
        None
    }
}

fn import(store: &Path, args: &[(&str, &Path)]) -> Run {
    let mut cmd = embargo();
    cmd.arg("import");
    for (flag, file) in args {
        cmd.arg(flag).arg(file);
    }
    cmd.arg(store);
    run(cmd)
}

fn query(store: &Path, statement: &str) -> Run {
    let mut cmd = embargo();
    cmd.args(["--read-only", "--format", "jsonl", "-c", statement]).arg(store);
    run(cmd)
}

fn count(store: &Path, statement: &str) -> i64 {
    let run = query(store, statement);
    run.value().as_i64().unwrap_or_else(|| panic!("{statement}: {}\n{}", run.stdout, run.stderr))
}

#[test]
fn every_real_list_in_one_store_with_the_sources_counts() {
    let files =
        ["un/consolidated-2024-09-26.xml", "ofac/sdn.csv", "ofac/cons-non-sdn-2025-06-30.xml", "eu/32017R1509.csv"];
    let ftm = [
        "ftm/opensanctions-entities.delta-2024.json",
        "ftm/yente-t1-entities.ftm.json",
        "ftm/sa_wiki_peps_v2-entities.ftm.json",
    ];
    let Some(paths) = files.iter().chain(&ftm).map(|f| real(f)).collect::<Option<Vec<_>>>() else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("lists");
    let flags = ["--un-xml", "--ofac-csv", "--ofac-xml", "--eu-csv", "--ftm", "--ftm", "--ftm"];
    let args: Vec<(&str, &Path)> = flags.iter().copied().zip(paths.iter().map(PathBuf::as_path)).collect();
    let done = import(&store, &args);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(done.stderr.contains("from 7 sources"), "{}", done.stderr);
    assert!(done.stderr.contains("per label and type: "), "{}", done.stderr);

    let listed =
        |list: &str| count(&store, &format!("MATCH (n {{list: '{list}'}}) WHERE NOT n:Address RETURN count(n)"));
    assert_eq!(listed("UN SC consolidated list"), 875);
    assert_eq!(listed("OFAC SDN list"), 8890);
    assert_eq!(listed("OFAC consolidated non-SDN list"), 443);
    let un = "MATCH (:Sanction {authority: 'United Nations Security Council', program: 'DPRK'})-[:TARGETS]->(p) RETURN count(p)";
    assert_eq!(count(&store, un), 155);
    assert_eq!(count(&store, "MATCH (p:Person {list: 'UN SC consolidated list'}) RETURN count(p)"), 682);
    assert_eq!(count(&store, "MATCH (v:Vessel {list: 'OFAC SDN list'}) RETURN count(v)"), 403);
    assert_eq!(count(&store, "MATCH (:Sanction {program: 'EU-PRK'})-[t:TARGETS]->() RETURN count(t)"), 326);
    // The EU table lists a vessel once per measure: 75 rows, 61 vessels.
    assert_eq!(count(&store, "MATCH (v:Vessel) WHERE v.list STARTS WITH 'EU' RETURN count(v)"), 61);
    assert_eq!(count(&store, "MATCH (:Sanction {program: 'EU-PRK'})-[t:TARGETS]->(:Vessel) RETURN count(t)"), 75);
    // One North Korea, whatever the spelling of each list.
    assert_eq!(count(&store, "MATCH (c:Country {iso2: 'KP'}) RETURN count(c)"), 1);
    let spellings = "MATCH (c:Country {iso2: 'KP'})<-[:NATIONAL_OF|REGISTERED_IN|FLAGGED_IN|LOCATED_IN]-(x) \
                     RETURN count(DISTINCT x.list)";
    assert!(count(&store, spellings) >= 3);
    assert_eq!(count(&store, "MATCH ()-[f:FAMILY_OF]->() RETURN count(f)"), 756);
    // Every relationship says where it comes from.
    assert_eq!(count(&store, "MATCH ()-[r]->() WHERE r.source IS NULL RETURN count(r)"), 0);
    // The questions of the issue run and answer.
    let flags = query(
        &store,
        "MATCH (s:Sanction {program: 'DPRK'})-[t:TARGETS]->(v:Vessel)-[:FLAGGED_IN]->(c:Country) \
         RETURN c.name, count(v) ORDER BY count(v) DESC",
    );
    assert!(!flags.rows().is_empty(), "{}", flags.stdout);
    let linked = query(
        &store,
        "MATCH (p:Person)-[:NATIONAL_OF]->(:Country {name: 'North Korea'}), (p)-[l:LINKED_TO]->(o:Organization) \
         RETURN p.name, o.name, l.source LIMIT 10",
    );
    assert_eq!(linked.rows().len(), 10, "{}", linked.stdout);
}

#[test]
fn a_newer_un_list_updates_the_older_one() {
    let (Some(old), Some(new)) = (real("un/consolidated-2017-07-03.xml"), real("un/consolidated-2024-09-26.xml"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("un");
    assert_eq!(import(&store, &[("--un-xml", &old)]).code, Some(0));
    let dprk = "MATCH (:Sanction {program: 'DPRK'})-[t:TARGETS]->(p) RETURN count(p)";
    assert_eq!(count(&store, dprk), 99);
    let ids = |store: &Path| query(store, "MATCH (p {source_id: 'KPi.033'}) RETURN id(p)").value();
    let before = ids(&store);
    let done = import(&store, &[("--un-xml", &new)]);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert_eq!(count(&store, dprk), 155);
    assert_eq!(ids(&store), before, "a record keeps its node");
    let seen = |first: &str, last: &str| {
        count(
            &store,
            &format!(
                "MATCH (:Sanction {{program: 'DPRK'}})-[t:TARGETS]->() \
                 WHERE t.first_seen = date('{first}') AND t.last_seen = date('{last}') RETURN count(t)"
            ),
        )
    };
    assert_eq!(seen("2017-07-03", "2024-09-26"), 99);
    assert_eq!(seen("2024-09-26", "2024-09-26"), 56);
    let on = "MATCH (:Sanction {program: 'DPRK'})-[t:TARGETS]->() \
              WHERE t.first_seen <= date('2018-01-01') <= t.last_seen RETURN count(t)";
    assert_eq!(count(&store, on), 99);
    // The older list again changes no count: nothing is duplicated.
    let nodes = count(&store, "MATCH (n) RETURN count(n)");
    assert_eq!(import(&store, &[("--un-xml", &old)]).code, Some(0));
    assert_eq!(count(&store, "MATCH (n) RETURN count(n)"), nodes);
    assert_eq!(count(&store, dprk), 155);
}

#[test]
fn an_ftm_delta_deletes_and_replaces() {
    let Some(delta) = real("ftm/opensanctions-entities.delta-2024.json") else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("ftm");
    let done = import(&store, &[("--ftm", &delta)]);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(done.stderr.contains("references to records not in the file"), "{}", done.stderr);
    assert_eq!(count(&store, "MATCH (p:Person {list: 'OpenSanctions'}) RETURN count(p)"), 451);
    assert_eq!(count(&store, "MATCH (o:Organization {list: 'OpenSanctions'}) RETURN count(o)"), 98);
    assert!(count(&store, "MATCH ()-[t:TARGETS]->(:Person) RETURN count(t)") > 400);
}

#[test]
fn a_broken_list_leaves_the_store_as_it_was() {
    let Some(good) = real("un/consolidated-2017-07-03.xml") else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    assert_eq!(import(&store, &[("--un-xml", &good)]).code, Some(0));
    let before = common::stores::files(&store);
    let text = std::fs::read_to_string(&good).unwrap();
    let broken = dir.path().join("cut.xml");
    std::fs::write(&broken, &text.as_bytes()[..text.len() / 2]).unwrap();
    let failed = import(&store, &[("--un-xml", &good), ("--un-xml", &broken)]);
    assert_ne!(failed.code, Some(0));
    assert!(failed.stderr.contains("cut.xml:"), "{}", failed.stderr);
    assert!(failed.stderr.contains("the store was left as it was"), "{}", failed.stderr);
    assert_eq!(common::stores::files(&store), before);
}
