//! Writes that fail (past a file-size limit, as on a full disk) say which
//! file, and leave nothing half made: no temporary file, no new store.

mod common;

use std::path::Path;

use common::stores::files;
use common::{Run, run};

/// Runs embargo with `args` under `ulimit -f BLOCKS` (512-byte blocks in
/// POSIX sh): a write past the limit fails with EFBIG.
fn limited(blocks: u32, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.arg("-c").arg(format!("ulimit -f {blocks} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_embargo"));
    for a in args {
        cmd.arg(a);
    }
    cmd.env("EMBARGO_HISTORY", "in-memory").env("NO_COLOR", "1");
    run(cmd)
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(name, _)| name).collect()
}

#[test]
fn an_export_past_a_file_size_limit_names_its_file_and_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "graphml", "cypher", "dot", "csv"] {
        let output = dir.path().join(format!("graph.{format}"));
        let out = limited(4, &[&"export", &"--format", &format, &"--output", &output]);
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        assert!(out.stderr.contains("IoError"), "{format}: {}", out.stderr);
        assert!(out.stderr.contains(&format!("graph.{format}")), "{format}: the file is not named: {}", out.stderr);
        assert!(out.stderr.contains("File too large"), "{format}: {}", out.stderr);
        assert_eq!(names(dir.path()), Vec::<String>::new(), "{format}: something was left behind");
    }
}

#[test]
fn a_new_store_past_a_file_size_limit_names_the_snapshot_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("new").join("store");
    let statement = "UNWIND range(1, 3000) AS i CREATE (:N {i: i, name: 'party ' + toString(i)})";
    let out = limited(4, &[&store, &"--format", &"jsonl", &"-c", &statement]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let error = &out.object()["error"];
    assert_eq!(error["kind"], "IoError");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("snapshot.tmp") && message.contains("File too large"), "{message}");
    assert!(!dir.path().join("new").exists(), "the directories made for the store are left: {:?}", names(dir.path()));
}

#[test]
fn a_statement_past_a_file_size_limit_names_the_wal_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut cmd = common::embargo();
    cmd.arg(&store).args(["-c", "CREATE (:Kept)"]);
    assert_eq!(run(cmd).code, Some(0));
    let before = files(&store);
    let statement = "UNWIND range(1, 3000) AS i CREATE (:N {i: i, name: 'party ' + toString(i)})";
    let out = limited(4, &[&store, &"--format", &"jsonl", &"-c", &statement, &"-c", &"MATCH (n) RETURN count(n)"]);
    let objects = out.objects();
    let message = objects[0]["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("wal") && message.contains("File too large"), "{message}");
    assert_eq!(objects[1]["rows"][0][0], 1, "the failed statement was rolled back");
    assert_eq!(files(&store), before, "the store changed");
}

#[test]
fn a_failed_import_into_a_new_store_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = dir.path().join("n.csv");
    std::fs::write(&nodes, "id:ID,name\n1,\"a\n2,b\n").unwrap();
    let store = dir.path().join("made").join("for").join("store");
    let mut cmd = common::embargo();
    cmd.args(["import", "--nodes"]).arg(&nodes).arg(&store);
    let out = run(cmd);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("n.csv:2: a quoted field is never closed"), "{}", out.stderr);
    assert_eq!(names(dir.path()), ["n.csv"], "the new store's directories are left");
    // Into an empty directory the user made: the directory stays, empty.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let mut cmd = common::embargo();
    cmd.args(["import", "--nodes"]).arg(&nodes).arg(&empty);
    assert_eq!(run(cmd).code, Some(1));
    assert_eq!(names(&empty), Vec::<String>::new());
}

#[test]
fn an_export_to_a_full_standard_output_says_so() {
    // /dev/full: every write fails with "No space left on device".
    let Ok(full) = std::fs::File::options().write(true).open("/dev/full") else { return };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
        .args(["export", "--format", "json", "--output", "-"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to standard output: No space left on device"), "{stderr}");
}
