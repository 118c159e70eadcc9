//! The shell driven in a pseudo-terminal, the way a person uses it: typing,
//! Tab, the arrow keys, Ctrl-C and Ctrl-D.
//!
//! Expected text is built so that it cannot match the echo of what was
//! typed (`'Ir' + 'an'` prints `Iran`). Input is sent only once a prompt is
//! on screen: before drawing it, rustyline asks the terminal where the
//! cursor is and would swallow keys that arrive while it waits for the
//! answer (a pty has no terminal to answer).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

const PROMPT: &str = "embargo> ";

/// The shell on the bundled graph (or with `args`), history in `history`,
/// colour off unless `color`.
fn shell(args: &[&str], history: &Path, color: bool) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_embargo"));
    command.args(args).env("EMBARGO_HISTORY", history).env("TERM", "xterm").env_remove("PAGER");
    if color {
        command.env_remove("NO_COLOR");
    } else {
        command.env("NO_COLOR", "1");
    }
    let options = Options::new().timeout_ms(Some(15_000)).strip_ansi_escape_codes(!color);
    let mut session = spawn_with_options(command, options).expect("the shell starts in a pty");
    session.exp_string(PROMPT).expect("a prompt");
    session
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Sends a line, waits for `expected` in what follows, then for the next
/// prompt (unless `expected` is one).
fn ask(session: &mut PtySession, line: &str, expected: &str) -> String {
    session.send_line(line).expect("send");
    let mut shown =
        session.exp_string(expected).unwrap_or_else(|e| panic!("after {line:?}, expected {expected:?}: {e}"));
    shown.push_str(expected);
    if !expected.ends_with("> ") {
        let (rest, _) =
            session.exp_regex(r"(embargo|   \.\.\.)> ").unwrap_or_else(|e| panic!("no prompt after {line:?}: {e}"));
        shown.push_str(&rest);
    }
    shown
}

/// Sends keys without Enter.
fn keys(session: &mut PtySession, keys: &str) {
    session.send(keys).expect("send");
    session.flush().expect("flush");
}

fn quit(mut session: PtySession) {
    session.send_control('d').expect("Ctrl-D");
    session.exp_eof().expect("the shell leaves on Ctrl-D");
}

#[test]
fn a_statement_may_span_lines_and_ctrl_c_clears_the_one_being_typed() {
    let dir = temp();
    let mut s = shell(&["--empty"], &dir.path().join("history"), false);
    ask(&mut s, "RETURN 40 +", "   ...> ");
    ask(&mut s, "  2", "   ...> ");
    ask(&mut s, "  AS answer;", "     42 ");
    // Ctrl-C drops the half-typed statement, continuation lines included.
    ask(&mut s, "RETURN 'never", "   ...> ");
    s.send_control('c').expect("Ctrl-C");
    s.exp_string(PROMPT).expect("back to a fresh prompt");
    let shown = ask(&mut s, "RETURN 'fre' + 'sh' AS word;", "1 row");
    assert!(shown.contains("fresh") && !shown.contains("Error"), "{shown}");
    quit(s);
}

#[test]
fn tab_completes_labels_and_property_keys() {
    let dir = temp();
    let mut s = shell(&[], &dir.path().join("history"), false);
    keys(&mut s, "MATCH (c:Coun");
    keys(&mut s, "\t");
    s.exp_string("Country").expect("the label completed");
    // Country's own keys come first, so `na` can only be `name`.
    keys(&mut s, ") WHERE c.na");
    keys(&mut s, "\t");
    s.exp_string("c.name").expect("the key completed");
    let shown = ask(&mut s, " = 'Ir' + 'an' RETURN c.name AS found;", "1 row");
    assert!(shown.contains(" Iran "), "{shown}");
    // Relationship types after `[:`, on a continuation line.
    ask(&mut s, "MATCH (c:Country)", "   ...> ");
    keys(&mut s, "-[:VIOLA");
    keys(&mut s, "\t");
    s.exp_string("VIOLATED").expect("the type completed");
    ask(&mut s, "]->(:Sanction) RETURN count(*) * 1000 AS n;", "000");
    quit(s);
}

#[test]
fn history_is_kept_across_sessions() {
    let dir = temp();
    let history = dir.path().join("state").join("history");
    let mut first = shell(&["--empty"], &history, false);
    ask(&mut first, "RETURN 'remem' +", "   ...> ");
    ask(&mut first, "'bered' AS h;", "remembered");
    quit(first);
    let saved = std::fs::read_to_string(&history).expect("a history file");
    assert!(saved.contains("RETURN 'remem' +"), "{saved}");

    let mut second = shell(&["--empty"], &history, false);
    keys(&mut second, "\x1b[A");
    second.exp_string("'bered' AS h;").expect("the statement recalled");
    keys(&mut second, "\r");
    second.exp_string("remembered").expect("the recalled statement runs");
    quit(second);

    let mut none = shell(&["--empty", "--no-history"], &history, false);
    ask(&mut none, "RETURN 'not' + 'kept' AS k;", "notkept");
    quit(none);
    let saved = std::fs::read_to_string(&history).expect("a history file");
    assert!(!saved.contains("'kept'"), "{saved}");
}

#[test]
fn ctrl_c_cancels_a_runaway_statement_and_the_shell_goes_on() {
    let dir = temp();
    let mut s = shell(&["--empty"], &dir.path().join("history"), false);
    ask(&mut s, "UNWIND range(1, 60) AS i CREATE (:N {i: i});", "Added 60 nodes");
    ask(&mut s, "MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:R]->(b);", "Created 1770 relationships");
    // Every path of a complete graph on 60 nodes: it would run for ages.
    s.send_line("MATCH (a)-[*]-(b) RETURN count(*);").expect("send");
    std::thread::sleep(Duration::from_millis(700));
    let sent = Instant::now();
    s.send_control('c').expect("Ctrl-C");
    s.exp_string("ResourceLimit: the statement was cancelled").expect("the statement is cancelled");
    let waited = sent.elapsed();
    // The executor answers within milliseconds; the margin is for a busy CI.
    eprintln!("cancelled {waited:?} after Ctrl-C");
    assert!(waited < Duration::from_secs(2), "cancelling took {waited:?}");
    ask(&mut s, "RETURN 'still' + ' here' AS s;", "still here");

    // The same statement under a timeout ends by itself.
    ask(&mut s, ":timeout 0.3", "timeout: 0.3 s");
    ask(&mut s, "MATCH (a)-[*]-(b) RETURN count(*);", "ResourceLimit: the statement ran past its timeout");
    ask(&mut s, "RETURN 'after' + ' timeout' AS s;", "after timeout");
    quit(s);
}

#[test]
fn every_meta_command_answers() {
    let dir = temp();
    let script = dir.path().join("script.cypher");
    std::fs::write(&script, "CREATE (:Country {name: 'Iran'});\nRETURN 'from' + ' file' AS src;\n").expect("write");
    let mut s = shell(&["--empty"], &dir.path().join("history"), false);
    ask(&mut s, ":help", "Commands start with");
    ask(&mut s, ":help timer", "show or hide the time");
    ask(&mut s, ":schema", "The graph is empty.");
    ask(&mut s, &format!(":source {}", script.display()), "from file");
    ask(&mut s, ":schema", "connection");
    ask(&mut s, ":format csv", "format: csv");
    ask(&mut s, "RETURN 6 * 7 AS n;", "n\r\n42");
    ask(&mut s, ":format table", "format: table");
    ask(&mut s, ":timer off", "timer: off");
    ask(&mut s, "RETURN 'no' + ' time' AS t;", "1 row\r\n");
    ask(&mut s, ":timer", "timer: off");
    ask(&mut s, ":param who => 'Iran'", "$who => \"Iran\"");
    ask(&mut s, ":params", "$who => \"Iran\"");
    ask(&mut s, "MATCH (c:Country {name: $who}) RETURN count(c) * 10 AS n;", "10");
    let out = dir.path().join("out.json");
    ask(&mut s, &format!(":export json {} MATCH (n) RETURN n", out.display()), "exported 1 node");
    ask(&mut s, ":checkpoint", "nothing to write");
    let store = dir.path().join("store");
    ask(&mut s, &format!(":open {}", store.display()), "opened");
    ask(&mut s, "CREATE (:Stored);", "Added 1 node");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/un-dprk-2017-07-03.xml");
    ask(&mut s, &format!(":import un-xml {}", list.display()), "per label and type: ");
    ask(&mut s, ":search Korea Mining Dev Trading Corp", "KPe.001");
    ask(&mut s, ":checkpoint", "checkpoint written to");
    ask(&mut s, ":pager on", "pager: on");
    ask(&mut s, "RETURN 'pa' + 'ged' AS p;", "paged");
    ask(&mut s, ":pager off", "pager: off");
    ask(&mut s, ":timeout 5", "timeout: 5 s");
    ask(&mut s, ":maxrows 2", "maxrows: 2");
    ask(&mut s, "UNWIND range(1, 5) AS i RETURN i;", "5 rows (2 shown)");
    ask(&mut s, ":shcema", "did you mean :schema?");
    s.send_line(":quit").expect("send");
    s.exp_eof().expect("the shell leaves on :quit");
}

#[test]
fn errors_show_a_caret_and_typos_a_hint() {
    let dir = temp();
    let mut s = shell(&[], &dir.path().join("history"), false);
    ask(&mut s, "MATCH (n)", "   ...> ");
    let shown = ask(&mut s, "RETURN n n;", "SyntaxError");
    assert!(shown.contains("(line 2, column 10)\r\n  RETURN n n\r\n           ^\r\n"), "{shown}");
    ask(&mut s, "MATCH (c:Countyr) RETURN c;", "hint: there is no label :Countyr; did you mean :Country?");
    quit(s);
}

#[test]
fn colour_is_on_by_default_in_a_terminal() {
    let dir = temp();
    let mut s = shell(&["--empty"], &dir.path().join("history"), true);
    s.send_line("RETURN 'co' + 'lour' AS c;").expect("send");
    let echoed = s.exp_string("colour").expect("a result");
    assert!(echoed.contains("\x1b[1;34mRETURN"), "the keyword is not coloured: {echoed:?}");
    quit(s);

    let mut plain = shell(&["--empty", "--no-color"], &dir.path().join("history"), true);
    plain.send_line("RETURN 'pl' + 'ain' AS c;").expect("send");
    let echoed = plain.exp_string("plain").expect("a result");
    assert!(!echoed.contains("\x1b[1;34m"), "--no-color still colours: {echoed:?}");
    quit(plain);
}
