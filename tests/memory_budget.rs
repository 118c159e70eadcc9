//! The memory budget, measured from outside: the binary runs each runaway
//! statement under a small `--max-memory`, and the test watches the child's
//! peak resident memory (`VmHWM`) while it runs. The statement must fail
//! with a `ResourceLimit` naming the budget, change nothing, and leave the
//! process able to run the next statement.

use std::process::{Command, Stdio};
use std::time::Duration;

const BUDGET_MIB: u64 = 128;

/// Peak resident memory of the process `pid` in KiB, while it lives.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Run {
    stdout: String,
    stderr: String,
    peak_mib: u64,
}

/// Runs the binary with `args`, watching its peak memory until it exits.
fn run(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_embargo"))
        .args(args)
        .env("EMBARGO_HISTORY", "in-memory")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start embargo: {e}"));
    let mut peak = 0;
    while child.try_wait().ok().flatten().is_none() {
        peak = peak.max(peak_kib(child.id()).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        peak_mib: peak / 1024,
    }
}

/// A runaway statement stops at the budget, and the next one runs.
fn stays_within_budget(setup: &str, query: &str) {
    let budget = format!("{BUDGET_MIB}M");
    let run = run(&[
        "--empty",
        "--format",
        "csv",
        "--max-memory",
        &budget,
        "-c",
        setup,
        "-c",
        query,
        "-c",
        "MATCH (n) RETURN count(n) AS nodes",
    ]);
    assert!(
        run.stderr.contains("ResourceLimit") && run.stderr.contains("memory budget of 128 MiB"),
        "{query}: {}",
        run.stderr
    );
    // The statement changed nothing, and the process answered the next one.
    assert!(run.stdout.ends_with("nodes\n30\n") || run.stdout.ends_with("nodes\n0\n"), "{query}: {}", run.stdout);
    // The executable itself and its stacks: about 20 MiB. What the budget
    // counts may be passed by one step of growth (a vector doubling).
    let ceiling = 2 * BUDGET_MIB + 40;
    assert!(run.peak_mib <= ceiling, "{query}: peak {} MiB, budget {BUDGET_MIB} MiB", run.peak_mib);
    eprintln!("{query}: peak {} MiB", run.peak_mib);
}

const NOTHING: &str = "RETURN 0";
const SQUARE: &str = "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS b";

#[test]
fn ten_thousand_squared_rows_stop_at_the_budget() {
    stays_within_budget(NOTHING, &format!("{SQUARE} RETURN a, b"));
}

#[test]
fn sorting_and_collecting_stop_at_the_budget() {
    stays_within_budget(NOTHING, &format!("{SQUARE} WITH a, b ORDER BY b DESC, a RETURN a LIMIT 1"));
    stays_within_budget(NOTHING, &format!("{SQUARE} RETURN size(collect(b))"));
}

#[test]
fn creating_stops_at_the_budget_and_is_rolled_back() {
    stays_within_budget(NOTHING, &format!("{SQUARE} CREATE (:Company {{a: a, b: b}})"));
}

#[test]
fn long_lists_and_strings_are_refused_before_they_are_made() {
    stays_within_budget(NOTHING, "RETURN size(range(1, 1000000000))");
    stays_within_budget(NOTHING, "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s))");
    stays_within_budget(NOTHING, "RETURN size(reduce(l = [1], i IN range(1, 40) | l + l))");
}

#[test]
fn variable_length_paths_on_a_complete_graph_stop_at_the_budget() {
    let complete = "UNWIND range(1, 30) AS i CREATE (:K {i: i}) WITH count(*) AS n \
                    MATCH (a:K), (b:K) WHERE a <> b CREATE (a)-[:E]->(b)";
    stays_within_budget(complete, "MATCH p = (:K {i: 1})-[*]->(:K) RETURN collect(p)");
}
