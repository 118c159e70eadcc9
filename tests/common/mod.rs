//! Running the embargo binary the way scripts do.

#![allow(dead_code)]

pub mod fuzz;
pub mod stores;

use assert_cmd::Command;
use serde_json::Value;

/// The binary, with no history file touched.
pub fn embargo() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_embargo"));
    cmd.env("EMBARGO_HISTORY", "in-memory").env("NO_COLOR", "1");
    cmd
}

/// A finished run: exit status, stdout lines, stderr.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Each stdout line parsed as JSON (the jsonl contract).
    pub fn objects(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
            .collect()
    }

    /// The only object of a one-statement run.
    pub fn object(&self) -> Value {
        let objects = self.objects();
        assert_eq!(objects.len(), 1, "expected one object, got {}\nstderr: {}", self.stdout, self.stderr);
        objects.into_iter().next().unwrap_or_default()
    }

    /// The rows of a one-statement run that must have succeeded.
    pub fn rows(&self) -> Vec<Value> {
        let object = self.object();
        assert!(object.get("error").is_none(), "unexpected error: {object}");
        object["rows"].as_array().cloned().unwrap_or_default()
    }

    /// The first value of the first row.
    pub fn value(&self) -> Value {
        self.rows().first().and_then(|row| row.get(0)).cloned().unwrap_or_default()
    }
}

pub fn run(mut cmd: Command) -> Run {
    let output = cmd.output().expect("embargo runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `statements` (one -c) on an empty graph in jsonl.
pub fn jsonl(statements: &str) -> Run {
    let mut cmd = embargo();
    cmd.args(["--empty", "--format", "jsonl", "-c", statements]);
    run(cmd)
}

/// Runs `statements` on the bundled graph in jsonl.
pub fn bundled(statements: &str) -> Run {
    let mut cmd = embargo();
    cmd.args(["--format", "jsonl", "-c", statements]);
    run(cmd)
}

/// The values of a column, in row order.
pub fn column(run: &Run, index: usize) -> Vec<Value> {
    run.rows().iter().map(|row| row[index].clone()).collect()
}

pub fn strings(values: &[Value]) -> Vec<String> {
    values.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}
