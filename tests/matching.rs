//! Finding and linking names through the binary: `embargo.search` and
//! `embargo.match` in Cypher, `embargo link`, `embargo screen`, on the
//! UN's DPRK listings of 2017 (`data/`) and an excerpt of OFAC's SDN list
//! (`tests/data/`).

mod common;

use std::path::{Path, PathBuf};

use common::{embargo, run};
use serde_json::json;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A store holding the UN's DPRK listings of 2017 and the OFAC excerpt.
fn store(dir: &Path) -> PathBuf {
    let store = dir.join("lists");
    let mut cmd = embargo();
    cmd.arg("import").arg("--un-xml").arg(repo("data/un-dprk-2017-07-03.xml"));
    cmd.arg("--ofac-csv").arg(repo("tests/data/ofac-sdn-excerpt/sdn.csv")).args(["--as-of", "2021-04-25"]);
    let done = run({
        cmd.arg(&store);
        cmd
    });
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    store
}

fn query(store: &Path, statement: &str) -> common::Run {
    let mut cmd = embargo();
    cmd.args(["--format", "jsonl", "-c", statement]).arg(store);
    run(cmd)
}

#[test]
fn search_finds_a_listing_under_other_spellings() {
    for spelling in [
        "Korea Mining Development Trading Corporation",
        "KOMID",
        "Korea Mining Dev. Trading Corp.",
        "korea mining development trading corp",
    ] {
        let run = common::bundled(&format!(
            "CALL embargo.search('{spelling}', {{labels: ['Organization']}}) YIELD node, score, matched \
             RETURN node.source_id, score >= 0.7, matched LIMIT 1"
        ));
        let rows = run.rows();
        assert_eq!(rows.first().map(|r| r[0].clone()), Some(json!("KPe.001")), "{spelling}: {rows:?}");
        assert_eq!(rows[0][1], json!(true), "{spelling}: {rows:?}");
    }
    let unknown = common::bundled(
        "CALL embargo.search('Zzyzx Quuxbar Holdings', {min_score: 0.7}) YIELD node RETURN count(node)",
    );
    assert_eq!(unknown.value(), json!(0));
    let similar = common::jsonl(
        "RETURN embargo.similarity('Kim Jong-un', 'KIM Jong Un') >= 0.9, embargo.similarity('Kim Jong Un', 'Ocean Maritime Management') < 0.5",
    );
    assert_eq!(similar.rows(), vec![json!([true, true])]);
    let bad = common::jsonl("CALL embargo.search('x', {limit: 'ten'}) YIELD node RETURN node");
    assert_eq!(bad.object()["error"]["kind"], json!("ArgumentError"));
}

#[test]
fn match_weighs_names_with_what_else_is_known() {
    let run = common::bundled(
        "MATCH (p {source_id: 'KPi.033'}) CALL embargo.match(p) YIELD candidate, score RETURN count(candidate)",
    );
    assert_eq!(run.value(), json!(0), "a listing is not its own match");
    let by_map = common::bundled(
        "CALL embargo.match({schema: 'Organization', name: 'Korea Mining Dev. Trading Corp.'}) \
         YIELD candidate, score, features RETURN candidate.source_id, features.name > 0 LIMIT 1",
    );
    assert_eq!(by_map.rows(), vec![json!(["KPe.001", true])]);
}

#[test]
fn link_writes_same_as_once_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let link = || {
        let mut cmd = embargo();
        cmd.arg("link").arg(&store);
        run(cmd)
    };
    let first = link();
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let komid = "MATCH (u {source_id: 'KPe.001', list: 'UN SC consolidated list'})-[s:SAME_AS]-(o {list: 'OFAC SDN list'}) \
                 RETURN o.name, s.score >= 0.7, s.method";
    let rows = query(&store, komid).rows();
    assert_eq!(rows, vec![json!(["KOREA MINING DEVELOPMENT TRADING CORPORATION", true, "embargo link"])]);
    let count = || query(&store, "MATCH ()-[s:SAME_AS]->() RETURN count(s)").value();
    let links = count();
    let again = link();
    assert!(again.stderr.contains("(0 added, 0 updated, 0 removed)"), "{}", again.stderr);
    assert_eq!(count(), links);
    // A store that is not there is a mistake, not a new empty store.
    let missing = dir.path().join("missing");
    let mut cmd = embargo();
    let refused = run({
        cmd.arg("link").arg(&missing);
        cmd
    });
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(!missing.exists());
    // Links within one list are never made.
    let within = query(&store, "MATCH (a)-[:SAME_AS]-(b) WHERE a.list = b.list RETURN count(*)");
    assert_eq!(within.value(), json!(0));
}

#[test]
fn link_in_cypher_writes_the_same_links_as_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let call = "CALL embargo.link({min_score: 0.7}) YIELD pairs, added, updated, removed RETURN pairs, added, updated, removed";
    let first = query(&store, call).rows();
    let [pairs, added] = [&first[0][0], &first[0][1]].map(|v| v.as_i64().unwrap_or(-1));
    assert!(pairs > 0 && added == pairs, "{first:?}");
    let links = query(&store, "MATCH ()-[s:SAME_AS {method: 'embargo link'}]->() RETURN count(s)").value();
    assert_eq!(links, json!(pairs));
    // Again: nothing new; the command finds nothing to do either.
    assert_eq!(query(&store, call).rows(), vec![json!([pairs, 0, 0, 0])]);
    let mut cmd = embargo();
    let again = run({
        cmd.arg("link").arg(&store);
        cmd
    });
    assert!(again.stderr.contains("(0 added, 0 updated, 0 removed)"), "{}", again.stderr);
    // A stricter run removes the links that no longer hold.
    let strict = query(&store, "CALL embargo.link({min_score: 0.99}) YIELD pairs, removed RETURN pairs + removed");
    assert_eq!(strict.value(), json!(pairs));
    let bad = query(&store, "CALL embargo.link({min_score: 'high'})");
    assert_eq!(bad.object()["error"]["kind"], json!("ArgumentError"));
}

#[test]
fn screen_checks_a_file_of_names_and_reports_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let names = dir.path().join("customers.csv");
    std::fs::write(
        &names,
        "id,name,country\nc1,Korea Mining Dev. Trading Corp.,KP\nc2,,\nc3,Zzyzx Quuxbar Holdings,US\n",
    )
    .unwrap();
    let screen = |format: &str| {
        let mut cmd = embargo();
        cmd.args(["screen", "--format", format]).arg(&names).arg(&store);
        run(cmd)
    };
    let csv = screen("csv");
    assert_eq!(csv.code, Some(1), "a row could not be read: {}", csv.stderr);
    assert!(csv.stderr.contains("customers.csv:3: the name is empty"), "{}", csv.stderr);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert!(lines[0].starts_with("line,id,name,score,match,matched,labels,list,source_id"), "{}", csv.stdout);
    assert!(lines.iter().any(|l| l.starts_with("2,c1,") && l.contains("KPe.001")), "{}", csv.stdout);
    assert!(lines.iter().any(|l| l.starts_with("4,c3,Zzyzx Quuxbar Holdings,,")), "{}", csv.stdout);
    let jsonl = screen("jsonl");
    let objects = jsonl.objects();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["id"], json!("c1"));
    assert!(objects[0]["matches"].as_array().is_some_and(|m| !m.is_empty()));
    assert_eq!(objects[1]["matches"], json!([]));
}
