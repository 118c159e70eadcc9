//! Stores on disk: durability of statements, ids, checkpoints, the lock
//! and read-only opens.

mod common;

use common::stores::{exec, files, int, ints, open};
use common::{embargo, run};
use embargo::{Database, ErrorKind, Params};

#[test]
fn committed_statements_survive_and_failed_ones_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let mut db = open(&path);
        exec(&mut db, "CREATE (:Country {name: 'Iran'})-[:VIOLATED {year: 2017}]->(:Sanction {name: 'UN-1718'})");
        let failed = db.execute("CREATE (:Country {name: 'Syria'}) WITH 1 AS x RETURN 1 / 0", &Params::new());
        assert!(failed.is_err());
        exec(&mut db, "MATCH (c:Country {name: 'Iran'}) SET c.iso2 = 'IR', c:Violator");
        // Killed without a clean exit: the WAL alone must carry the changes.
        std::mem::forget(db);
    }
    // The forgotten database still holds the lock in this process, so
    // look at a copy, as a crash would leave the files.
    let copy = dir.path().join("copy");
    common::stores::copy_store(&path, &copy);
    let mut db = open(&copy);
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 2);
    assert_eq!(int(&mut db, "MATCH (c:Violator {iso2: 'IR'})-[v:VIOLATED]->() RETURN v.year"), 2017);
    assert_eq!(int(&mut db, "MATCH (c:Country {name: 'Iran'}) RETURN count(c)"), 1, "the name index is rebuilt");
}

#[test]
fn ids_survive_reopening_and_are_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let mut db = open(dir.path());
        exec(&mut db, "UNWIND range(1, 5) AS i CREATE (:N {i: i})");
        exec(&mut db, "MATCH (a:N {i: 1}), (b:N {i: 2}) CREATE (a)-[:R]->(b)");
        // The last node goes, so the next id is not simply the node count.
        exec(&mut db, "MATCH (n:N {i: 5}) DELETE n");
        ints(&mut db, "MATCH (n:N) RETURN id(n) ORDER BY n.i")
    };
    let mut db = open(dir.path());
    assert_eq!(ints(&mut db, "MATCH (n:N) RETURN id(n) ORDER BY n.i"), before);
    assert_eq!(int(&mut db, "MATCH ()-[r:R]->() RETURN id(r)"), 0);
    let new = int(&mut db, "CREATE (n:N {i: 6}) RETURN id(n)");
    assert_eq!(new, 5, "the id of the deleted node 5 is not handed out again");
    drop(db);
    // And once more after that statement went through the WAL and a checkpoint.
    let mut db = open(dir.path());
    assert_eq!(int(&mut db, "MATCH (n:N {i: 6}) RETURN id(n)"), 5);
}

#[test]
fn checkpoints_fold_the_wal_into_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(dir.path());
    // A new store's first write makes its first snapshot; later ones go
    // to the WAL.
    exec(&mut db, "CREATE (:A)");
    let wal = dir.path().join("wal");
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 24);
    exec(&mut db, "CREATE (:A)");
    assert!(std::fs::metadata(&wal).unwrap().len() > 24);
    db.checkpoint().unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 24, "an empty WAL is its header alone");
    exec(&mut db, "CREATE (:B)");
    exec(&mut db, "MATCH (n) RETURN n");
    let len = std::fs::metadata(&wal).unwrap().len();
    exec(&mut db, "MATCH (n) RETURN count(n)");
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), len, "reads write nothing");
    db.close().unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 24, "a clean close checkpoints");
    let mut db = open(dir.path());
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 3);
}

#[test]
fn a_wal_already_folded_in_is_not_replayed_twice() {
    // A crash after the new snapshot is renamed into place but before the
    // WAL is emptied leaves the old WAL beside the new snapshot.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    let mut db = open(&dir.path().join("s"));
    exec(&mut db, "CREATE (:A {i: 1})");
    exec(&mut db, "CREATE (:A {i: 2})");
    let old_wal = std::fs::read(dir.path().join("s/wal")).unwrap();
    db.checkpoint().unwrap();
    common::stores::copy_store(&dir.path().join("s"), &copy);
    std::fs::write(copy.join("wal"), old_wal).unwrap();
    let mut reopened = open(&copy);
    assert_eq!(int(&mut reopened, "MATCH (n:A) RETURN count(n)"), 2);
}

#[test]
fn a_second_writer_is_refused_and_read_only_works_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(dir.path());
    exec(&mut db, "CREATE (:Country {name: 'Iran'})");

    let refused = Database::open(dir.path(), false).err().expect("a second writer in this process");
    assert!(refused.message.contains("is locked by another embargo process"), "{}", refused.message);

    let mut cmd = embargo();
    cmd.arg(dir.path()).args(["--format", "jsonl", "-c", "RETURN 1"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("is locked by another embargo process"), "{}", out.stderr);

    let mut cmd = embargo();
    cmd.arg(dir.path()).args(["--read-only", "--format", "jsonl", "-c", "MATCH (n:Country) RETURN n.name"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.value(), "Iran");

    let before = files(dir.path());
    let mut cmd = embargo();
    cmd.arg(dir.path()).args(["--read-only", "--format", "jsonl", "-c", "CREATE (:X)"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(1));
    let error = &out.object()["error"];
    assert_eq!(error["kind"], "IoError");
    assert!(error["message"].as_str().unwrap().contains("read-only"), "{error}");
    assert_eq!(files(dir.path()), before);
    drop(db);
}

#[test]
fn read_only_refuses_writes_in_the_library_too() {
    let dir = tempfile::tempdir().unwrap();
    exec(&mut open(dir.path()), "CREATE (:A)");
    let (mut db, _) = Database::open(dir.path(), true).unwrap();
    assert!(db.is_read_only());
    let e = db.execute("CREATE (:B)", &Params::new()).err().unwrap();
    assert_eq!(e.kind, ErrorKind::IoError);
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 1, "the refused statement was rolled back");
    assert!(db.checkpoint().is_err());
}

#[test]
fn read_only_cannot_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let e = Database::open(&missing, true).err().unwrap();
    assert!(e.message.contains("there is no store"), "{}", e.message);
    assert!(!missing.exists());
}

#[test]
fn the_command_line_runs_every_input_form_on_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("script.cypher");
    std::fs::write(&script, "CREATE (:B {i: 2});").unwrap();
    let store = dir.path().join("store");
    let mut cmd = embargo();
    cmd.arg(&store).args(["--format", "jsonl", "-c", "CREATE (:A {i: 1})", "-f"]).arg(&script);
    assert_eq!(run(cmd).code, Some(0));
    let mut cmd = embargo();
    cmd.arg(&store).args(["--format", "jsonl"]).write_stdin("CREATE (:C {i: 3});\n");
    assert_eq!(run(cmd).code, Some(0));
    let mut cmd = embargo();
    cmd.arg(&store).args(["--format", "jsonl", "-c", "MATCH (n) RETURN sum(n.i)"]);
    assert_eq!(run(cmd).value(), 6);
}

#[test]
fn a_store_directory_made_empty_is_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(dir.path());
    assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)"), 0);
    drop(db);
    // Nothing was committed, so nothing is left, not even the lock.
    let names: Vec<String> = files(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(names.is_empty(), "{names:?}");
}
