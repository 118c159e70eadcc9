//! `embargo serve` through Neo4j's official Python driver (the scenarios
//! are in `tests/bolt/driver_tests.py`). The driver is installed into a
//! venv under the target directory on first use; without Python or
//! without the package (no network), these tests say so and pass.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

const PASSWORD: &str = "s3cret-for-tests";

/// The venv's Python with `neo4j` importable, or why there is none.
fn python() -> Result<&'static Path, &'static str> {
    static PYTHON: OnceLock<Result<PathBuf, &'static str>> = OnceLock::new();
    let found = PYTHON.get_or_init(|| {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bolt-venv");
        let python = venv.join("bin/python");
        let has_driver = |python: &Path| {
            Command::new(python).args(["-c", "import neo4j, pytz"]).output().is_ok_and(|o| o.status.success())
        };
        if has_driver(&python) {
            return Ok(python);
        }
        let made = Command::new("python3").args(["-m", "venv"]).arg(&venv).output();
        if !made.is_ok_and(|o| o.status.success()) {
            return Err("no python3 with venv");
        }
        let pip = venv.join("bin/pip");
        let installed = Command::new(pip).args(["install", "-q", "neo4j>=5.26", "pytz"]).output();
        if installed.is_ok_and(|o| o.status.success()) && has_driver(&python) {
            Ok(python)
        } else {
            Err("the neo4j package could not be installed (no network?)")
        }
    });
    found.as_deref().map_err(|e| *e)
}

/// A running `embargo serve` on a free port.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(store: &Path, dir: &Path, options: &[&str]) -> Server {
        let password_file = dir.join("password");
        std::fs::write(&password_file, format!("{PASSWORD}\n")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_embargo"))
            .args(["serve", "--listen", "127.0.0.1:0", "--password-file"])
            .arg(&password_file)
            .args(options)
            .arg(store)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        // "embargo serve: STORE on bolt://127.0.0.1:PORT (Bolt 5.4), user neo4j"
        let address = line.split("://").nth(1).and_then(|rest| rest.split(' ').next()).unwrap().to_string();
        Server { child, address }
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a scenario of the Python driver against `server`; panics with
/// its output when it fails.
fn scenario(python: &Path, server: &Server, name: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bolt/driver_tests.py");
    let out = Command::new(python).arg(script).args([name, &server.address, PASSWORD]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "scenario {name} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// Starts a server on a new store and runs one scenario against it.
fn with_driver(name: &str) {
    with_driver_and(name, &[]);
}

fn with_driver_and(name: &str, options: &[&str]) {
    let python = match python() {
        Ok(python) => python,
        Err(why) => {
            eprintln!("skipped: the Bolt driver tests need Python's neo4j package: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("store"), dir.path(), options);
    scenario(python, &server, name);
}

#[test]
fn connects_over_bolt_and_neo4j_and_checks_passwords() {
    with_driver("connect");
}

#[test]
fn parameters_and_results_of_every_type() {
    with_driver("types");
}

#[test]
fn streams_ten_thousand_rows_in_small_fetches() {
    with_driver("stream");
}

#[test]
fn explicit_transactions_commit_roll_back_and_fail_whole() {
    with_driver("transactions");
}

#[test]
fn eight_readers_and_a_writer_see_only_committed_states() {
    with_driver("concurrent");
}

#[test]
fn eight_readers_return_while_a_long_write_transaction_is_open() {
    with_driver_and("snapshot_reads", &["--lock-timeout", "30"]);
}

#[test]
fn reset_a_hang_up_and_a_transaction_timeout_end_a_running_statement() {
    with_driver("interrupts");
}

#[test]
fn a_client_past_max_connections_is_told_why() {
    with_driver_and("full", &["--max-connections", "1"]);
}

#[test]
fn a_write_behind_a_writer_ends_in_a_transient_error_and_a_timeout_in_its_own() {
    with_driver_and("waits", &["--lock-timeout", "0.2", "--timeout", "0.5"]);
}

#[test]
fn serves_tls_with_a_certificate_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output();
    if !made.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no openssl to make a test certificate");
        return;
    }
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    with_driver_and("tls", &["--tls-cert", cert, "--tls-key", key]);
}

#[test]
fn garbage_and_hang_ups_cost_nothing_to_other_clients() {
    with_driver("hostile");
}

#[test]
fn a_commit_survives_kill_9_of_the_server() {
    let Ok(python) = python() else {
        eprintln!("skipped: the Bolt driver tests need Python's neo4j package");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let server = Server::start(&store, dir.path(), &[]);
    assert!(scenario(python, &server, "commit_marker").contains("committed"));
    server.kill();
    let server = Server::start(&store, dir.path(), &[]);
    scenario(python, &server, "marker_survived");
}

#[test]
fn without_a_password_or_no_auth_serve_exits_2_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_embargo"))
        .arg("serve")
        .arg(dir.path().join("store"))
        .env_remove("EMBARGO_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--password-file") && stderr.contains("EMBARGO_PASSWORD") && stderr.contains("--no-auth"));
}

#[test]
fn sigterm_checkpoints_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut server = Server::start(&store, dir.path(), &[]);
    let wal_length = || std::fs::metadata(store.join("wal")).map(|m| m.len()).unwrap();
    // With the driver at hand, commits fill the WAL that the exit folds away.
    let committed = python().is_ok_and(|python| scenario(python, &server, "commit_marker").contains("committed"));
    if committed {
        assert!(wal_length() > 24);
    }
    let killed = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(server.child.wait().unwrap().code(), Some(0));
    // Nothing but the WAL's 24-byte header is left: all is in the snapshot.
    assert_eq!(wal_length(), 24);
}
