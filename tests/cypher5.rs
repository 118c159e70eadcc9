//! LOAD CSV through the binary, and CALL { … } IN TRANSACTIONS committing
//! each batch durably in a store on disk.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::stores::{copy_store, int, open};
use common::{embargo, jsonl, run};
use embargo::{ErrorKind, Params};
use serde_json::json;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn load_csv_with_headers_gives_maps_with_rfc4180_quoting_and_nulls() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "vessels.csv",
        "imo,name,flag\r\n9138393,\"Chon Ma San, \"\"the\"\" tanker\",kp\r\n8905490,\"Wise\nHonest\",\r\n",
    );
    let out = jsonl(&format!(
        "LOAD CSV WITH HEADERS FROM 'file://{path}' AS row RETURN row.imo, row.name, row.flag, linenumber(), file()"
    ));
    assert_eq!(
        out.rows(),
        vec![
            json!(["9138393", "Chon Ma San, \"the\" tanker", "kp", 2, path]),
            json!(["8905490", "Wise\nHonest", null, 3, path]),
        ]
    );
}

#[test]
fn load_csv_without_headers_gives_lists_and_takes_a_field_terminator() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "names.tsv", "KPi.033\tCHOE CHUN YONG\n\tunknown\n");
    let mut cmd = embargo();
    // A plain path is relative to the working directory.
    cmd.current_dir(dir.path()).args([
        "--empty",
        "--format",
        "jsonl",
        "-c",
        "LOAD CSV FROM 'names.tsv' AS row FIELDTERMINATOR '\\t' RETURN row, linenumber() AS line",
    ]);
    assert_eq!(run(cmd).rows(), vec![json!([["KPi.033", "CHOE CHUN YONG"], 1]), json!([[null, "unknown"], 2])]);
}

#[test]
fn load_csv_feeds_writes_in_batches() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("imo,name\n");
    for i in 0..2500 {
        writeln!(csv, "{},Vessel {i}", 9_000_000 + i).unwrap();
    }
    let path = write(dir.path(), "vessels.csv", &csv);
    let out = jsonl(&format!(
        "LOAD CSV WITH HEADERS FROM '{path}' AS row \
         CALL (row) {{ MERGE (v:Vessel {{imo_number: row.imo}}) SET v.name = row.name }} IN TRANSACTIONS OF 500 ROWS; \
         MATCH (v:Vessel) RETURN count(v), min(v.name)"
    ));
    assert_eq!(out.objects()[1]["rows"], json!([[2500, "Vessel 0"]]));
}

#[test]
fn load_csv_streams_so_limit_stops_reading() {
    // The third record is not UTF-8: reading it is an error, but LIMIT 2
    // ends the read before it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, b"a\n1\n\xff\xfe\n").unwrap();
    let path = path.to_string_lossy();
    let out = jsonl(&format!("LOAD CSV FROM '{path}' AS row RETURN row[0] AS a LIMIT 2"));
    assert_eq!(out.rows(), vec![json!(["a"]), json!(["1"])]);
    let all = jsonl(&format!("LOAD CSV FROM '{path}' AS row RETURN row[0] AS a"));
    assert_eq!(all.object()["error"]["kind"], "IoError");
}

#[test]
fn a_missing_csv_file_is_an_io_error_naming_it() {
    let out = jsonl("LOAD CSV FROM 'file:///nonexistent/sanctions.csv' AS row RETURN row");
    let error = &out.object()["error"];
    assert_eq!(error["kind"], "IoError");
    assert!(error["message"].as_str().unwrap().contains("/nonexistent/sanctions.csv"), "{error}");
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_failing_later_batch_leaves_the_earlier_batches_committed_and_durable() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut db = open(&store);
    // Batches of two: [1, 2] and [3, 4] commit; [0, 5] fails on 10 / 0.
    let err = db
        .execute(
            "UNWIND [1, 2, 3, 4, 0, 5] AS x CALL (x) { CREATE (:Batch {v: 10 / x}) } IN TRANSACTIONS OF 2 ROWS",
            &Params::new(),
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ArgumentError);
    assert_eq!(int(&mut db, "MATCH (b:Batch) RETURN count(b)"), 4);
    // What a crash now would leave on disk: the WAL holds both batches.
    let crashed = dir.path().join("crashed");
    copy_store(&store, &crashed);
    drop(db);
    let mut reopened = open(&crashed);
    assert_eq!(int(&mut reopened, "MATCH (b:Batch) RETURN count(b)"), 4);
    assert_eq!(int(&mut reopened, "MATCH (b:Batch) RETURN sum(b.v)"), 10 + 5 + 3 + 2);
}

#[test]
fn without_in_transactions_a_failing_statement_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("store"));
    let result = db.execute("UNWIND [1, 2, 0] AS x CALL (x) { CREATE (:Batch {v: 10 / x}) }", &Params::new());
    assert!(result.is_err());
    assert_eq!(int(&mut db, "MATCH (b:Batch) RETURN count(b)"), 0);
}

#[test]
fn load_csv_into_in_transactions_reads_the_file_a_batch_at_a_time() {
    // The fifth record is not UTF-8. Had the whole file been read before
    // the first batch, nothing would be committed; read a batch at a time,
    // the two batches before it are.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vessels.csv");
    std::fs::write(&path, b"imo\n1\n2\n3\n4\n\xff\n6\n").unwrap();
    let mut db = embargo::Database::empty();
    let err = db
        .execute(
            &format!(
                "LOAD CSV WITH HEADERS FROM '{}' AS row \
                 CALL (row) {{ CREATE (:Vessel {{imo: row.imo}}) }} IN TRANSACTIONS OF 2 ROWS",
                path.display()
            ),
            &Params::new(),
        )
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::IoError);
    assert_eq!(int(&mut db, "MATCH (v:Vessel) RETURN count(v)"), 4);
}

#[test]
fn a_kill_during_in_transactions_leaves_whole_batches_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id\n");
    for i in 0..40_000 {
        writeln!(csv, "{i}").unwrap();
    }
    let path = write(dir.path(), "rows.csv", &csv);
    let statement = format!(
        "LOAD CSV WITH HEADERS FROM '{path}' AS row \
         CALL (row) {{ CREATE (:Row {{id: toInteger(row.id)}}) }} IN TRANSACTIONS OF 100 ROWS"
    );
    // Kills at a few moments of the load (and, with a small checkpoint
    // threshold, some inside checkpoints): whatever survives is a run of
    // whole batches from the start of the file.
    for (round, kill_after) in [50u64, 300, 900].into_iter().enumerate() {
        let store = dir.path().join(format!("store-{round}"));
        drop(open(&store));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
            .arg(&store)
            .args(["-c", &statement])
            .env("EMBARGO_CHECKPOINT_BYTES", "20000")
            .env("EMBARGO_HISTORY", "in-memory")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(kill_after));
        child.kill().unwrap();
        child.wait().unwrap();
        let (mut db, _warnings) = embargo::Database::open(&store, false).unwrap();
        let rows = int(&mut db, "MATCH (r:Row) RETURN count(r)");
        assert_eq!(rows % 100, 0, "a batch was cut: {rows} rows");
        if rows > 0 {
            assert_eq!(int(&mut db, "MATCH (r:Row) RETURN min(r.id)"), 0);
            assert_eq!(int(&mut db, "MATCH (r:Row) RETURN max(r.id)"), rows - 1);
        }
    }
}
