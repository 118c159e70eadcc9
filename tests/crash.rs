//! Crash safety as scripts see it: a child `embargo STORE --format jsonl`
//! reads writing statements from its standard input and answers each with
//! a jsonl line; the test kills it with SIGKILL at random moments (with a
//! tiny checkpoint threshold, so kills also land inside checkpoints), then
//! checks that every acknowledged statement is in the store and that no
//! statement is there in part.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::stores::{int, ints};
use embargo::Database;

/// Statement `k`: odd ones create one node, even ones fifty in one
/// statement (all of them or none must survive).
fn statement(k: u64) -> String {
    if k % 2 == 1 {
        format!("CREATE (:T {{k: {k}}});\n")
    } else {
        format!("UNWIND range(1, 50) AS x CREATE (:U {{k: {k}, x: x}});\n")
    }
}

/// A small deterministic generator, so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Runs one child until killed; returns the highest acknowledged
/// statement and the highest one sent.
fn round(store: &std::path::Path, first: u64, kill_after: Duration) -> (u64, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_embargo"))
        .arg(store)
        .args(["--format", "jsonl"])
        .env("EMBARGO_CHECKPOINT_BYTES", "3000")
        .env("EMBARGO_HISTORY", "in-memory")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let sent = Arc::new(AtomicU64::new(first - 1));
    let sent_by_writer = sent.clone();
    // One statement in flight beyond the acknowledged ones: the next is
    // written when the previous is answered, so the acknowledgement of
    // statement k is line k - first + 1.
    let (answered, next) = mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut k = first;
        loop {
            sent_by_writer.store(k, Ordering::SeqCst);
            if stdin.write_all(statement(k).as_bytes()).and_then(|_| stdin.flush()).is_err() {
                return;
            }
            if next.recv().is_err() {
                return;
            }
            k += 1;
        }
    });
    let reader = std::thread::spawn(move || {
        let mut acked = first - 1;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let object: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert!(object.get("error").is_none(), "statement {} failed: {line}", acked + 1);
            acked += 1;
            if answered.send(()).is_err() {
                break;
            }
        }
        acked
    });
    std::thread::sleep(kill_after);
    child.kill().unwrap();
    child.wait().unwrap();
    let acked = reader.join().unwrap();
    writer.join().unwrap();
    (acked, sent.load(Ordering::SeqCst))
}

#[test]
fn acknowledged_statements_survive_sigkill_and_none_is_half_applied() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    let mut next = 1;
    let mut rounds = 0;
    while rounds < 30 && started.elapsed() < Duration::from_secs(25) {
        let (acked, sent) = round(&store, next, Duration::from_millis(20 + rng.below(180)));
        rounds += 1;
        // Read-only: the files stay as the crash left them (a torn tail
        // included) for the next child to recover.
        let (mut db, _warnings) = Database::open(&store, true).unwrap();
        // Every statement so far is there, or (only the one in flight at
        // the kill) absent; the in-flight one may have become durable
        // without its answer being read.
        let singles = ints(&mut db, "MATCH (n:T) RETURN n.k ORDER BY n.k");
        let groups = ints(&mut db, "MATCH (n:U) WITH n.k AS k, count(*) AS c RETURN k * 1000 + c ORDER BY k");
        let mut present: Vec<u64> = singles.iter().map(|k| *k as u64).collect();
        for g in &groups {
            assert_eq!(g % 1000, 50, "statement {} is there in part: {} of 50 nodes", g / 1000, g % 1000);
            present.push((g / 1000) as u64);
        }
        present.sort();
        let durable = present.last().copied().unwrap_or(0);
        assert!(durable >= acked, "round {rounds}: statement {acked} was acknowledged, the store ends at {durable}");
        assert!(durable <= sent, "round {rounds}: statement {durable} was never sent");
        assert_eq!(present, (1..=durable).collect::<Vec<_>>(), "round {rounds}: a statement is missing");
        assert_eq!(int(&mut db, "MATCH (n) RETURN count(n)") as u64, singles.len() as u64 + 50 * groups.len() as u64);
        drop(db);
        next = durable + 1;
    }
    eprintln!("{rounds} rounds, {} statements in {:?}", next - 1, started.elapsed());
    assert!(rounds >= 10, "only {rounds} rounds ran");
    assert!(next > 20, "too few statements got through: {next}");
}
