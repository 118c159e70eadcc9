//! The server states, request by request, against an in-memory database.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::database::Database;
use crate::server::packstream::decode;

fn server(auth: Auth) -> Arc<Server> {
    let db = SharedDatabase::new(Database::empty(), Duration::from_millis(50));
    Arc::new(Server::new(db, auth, "db.example:7687".into()))
}

fn password() -> Auth {
    Auth::Password { user: "neo4j".into(), password: "pw".into() }
}

fn token(pw: &str) -> Packed {
    Packed::Map(vec![
        ("scheme".into(), Packed::String("basic".into())),
        ("principal".into(), Packed::String("neo4j".into())),
        ("credentials".into(), Packed::String(pw.into())),
    ])
}

fn run(query: &str) -> Request {
    Request::Run { query: query.into(), params: Packed::Map(vec![]), extra: Packed::Map(vec![]) }
}

/// The tag of each answer (0x70 SUCCESS, 0x71 RECORD, 0x7E IGNORED, 0x7F
/// FAILURE) and its first field.
fn answers(answer: &Answer) -> Vec<(u8, Packed)> {
    answer
        .0
        .iter()
        .map(|bytes| match decode(bytes) {
            Ok(Packed::Struct(tag, mut fields)) => (tag, fields.pop().unwrap_or(Packed::Null)),
            _ => (0, Packed::Null),
        })
        .collect()
}

fn tags(answer: &Answer) -> Vec<u8> {
    answers(answer).into_iter().map(|(tag, _)| tag).collect()
}

fn logged_in() -> Session {
    let mut session = Session::new(server(password()), 1);
    assert_eq!(tags(&session.handle(Request::Hello(Packed::Map(vec![])))), [0x70]);
    assert_eq!(tags(&session.handle(Request::Logon(token("pw")))), [0x70]);
    session
}

#[test]
fn hello_names_a_neo4j_compatible_agent() {
    let mut session = Session::new(server(password()), 7);
    let hello = answers(&session.handle(Request::Hello(Packed::Map(vec![]))));
    assert!(hello[0].1.get("server").and_then(Packed::as_str).is_some_and(|a| a.starts_with("Neo4j/")));
    assert_eq!(hello[0].1.get("connection_id").and_then(Packed::as_str), Some("bolt-7"));
}

#[test]
fn nothing_reaches_the_database_before_logon() {
    let mut session = Session::new(server(password()), 1);
    assert_eq!(session.handle(run("CREATE ()")).1, After::Close);
    let mut session = Session::new(server(password()), 1);
    session.handle(Request::Hello(Packed::Map(vec![])));
    let (messages, after) = session.handle(Request::Reset);
    assert_eq!((tags(&(messages, After::Continue)), after), (vec![0x7F], After::Close));
}

#[test]
fn a_wrong_password_fails_and_closes() {
    let mut session = Session::new(server(password()), 1);
    session.handle(Request::Hello(Packed::Map(vec![])));
    let answer = session.handle(Request::Logon(token("guess")));
    assert_eq!(answer.1, After::Close);
    let code = answers(&answer)[0].1.get("code").and_then(Packed::as_str).map(str::to_string);
    assert_eq!(code.as_deref(), Some("Neo.ClientError.Security.Unauthorized"));
    assert!(!session.is_authenticated());
}

#[test]
fn results_stream_in_the_sizes_pulled() {
    let mut session = logged_in();
    assert_eq!(tags(&session.handle(run("UNWIND range(1, 5) AS i RETURN i"))), [0x70]);
    assert_eq!(tags(&session.handle(Request::Pull { n: 2, qid: -1 })), [0x71, 0x71, 0x70]);
    let last = answers(&session.handle(Request::Pull { n: 2, qid: -1 }));
    assert_eq!(last.last().and_then(|(_, m)| m.get("has_more").cloned()), Some(Packed::Bool(true)));
    let rest = answers(&session.handle(Request::Pull { n: -1, qid: -1 }));
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[1].1.get("type").and_then(Packed::as_str), Some("r"));
    assert!(rest[1].1.get("bookmark").is_some());
}

#[test]
fn after_a_failure_everything_is_ignored_until_reset() {
    let mut session = logged_in();
    let failed = answers(&session.handle(run("RETURN 1 +")));
    assert_eq!(failed[0].0, 0x7F);
    assert_eq!(failed[0].1.get("code").and_then(Packed::as_str), Some("Neo.ClientError.Statement.SyntaxError"));
    assert_eq!(tags(&session.handle(Request::Pull { n: -1, qid: -1 })), [0x7E]);
    assert_eq!(tags(&session.handle(run("RETURN 1"))), [0x7E]);
    assert_eq!(tags(&session.handle(Request::Reset)), [0x70]);
    assert_eq!(tags(&session.handle(run("RETURN 1"))), [0x70]);
}

#[test]
fn a_transaction_counts_its_writes_and_commits_them_together() {
    let mut session = logged_in();
    assert_eq!(tags(&session.handle(Request::Begin(Packed::Map(vec![])))), [0x70]);
    let first = answers(&session.handle(run("CREATE (:A {x: 1})")));
    assert_eq!(first[0].1.get("qid"), Some(&Packed::Int(0)));
    let summary = answers(&session.handle(Request::Pull { n: -1, qid: 0 }));
    let stats = summary[0].1.get("stats").cloned().unwrap_or(Packed::Null);
    assert_eq!(stats.get("nodes-created"), Some(&Packed::Int(1)));
    assert_eq!(stats.get("properties-set"), Some(&Packed::Int(1)));
    let commit = answers(&session.handle(Request::Commit));
    assert_eq!(commit[0].1.get("bookmark").and_then(Packed::as_str), Some("embargo:1"));
    session.handle(run("MATCH (n:A) RETURN count(n)"));
    let rows = answers(&session.handle(Request::Pull { n: -1, qid: -1 }));
    assert_eq!(rows[0].1, Packed::List(vec![Packed::Int(1)]));
}

#[test]
fn an_error_in_a_transaction_rolls_it_all_back() {
    let mut session = logged_in();
    session.handle(Request::Begin(Packed::Map(vec![])));
    session.handle(run("CREATE (:A)"));
    assert_eq!(tags(&session.handle(run("RETURN 1/0"))), [0x7F]);
    assert_eq!(tags(&session.handle(Request::Commit)), [0x7E]);
    session.handle(Request::Reset);
    session.handle(run("MATCH (n) RETURN count(n)"));
    let rows = answers(&session.handle(Request::Pull { n: -1, qid: -1 }));
    assert_eq!(rows[0].1, Packed::List(vec![Packed::Int(0)]));
}

#[test]
fn route_names_the_advertised_address_and_other_databases_do_not_exist() {
    let mut session = logged_in();
    let table = answers(&session.handle(Request::Route(Packed::Map(vec![]))));
    let servers = table[0].1.get("rt").and_then(|rt| rt.get("servers")).cloned();
    let Some(Packed::List(servers)) = servers else { panic!("no servers in {table:?}") };
    assert_eq!(servers.len(), 3);
    assert_eq!(servers[0].get("addresses"), Some(&Packed::List(vec![Packed::String("db.example:7687".into())])));
    let other = Packed::Map(vec![("db".into(), Packed::String("system".into()))]);
    let refused = answers(&session.handle(Request::Begin(other)));
    assert_eq!(refused[0].1.get("code").and_then(Packed::as_str), Some("Neo.ClientError.Database.DatabaseNotFound"));
}

fn code(answer: &Answer) -> Option<String> {
    answers(answer).first().and_then(|(_, m)| m.get("code").and_then(Packed::as_str).map(str::to_string))
}

#[test]
fn a_transaction_past_its_tx_timeout_is_rolled_back_as_timed_out() {
    let mut session = logged_in();
    let extra = |ms| Packed::Map(vec![("tx_timeout".into(), Packed::Int(ms))]);
    assert_eq!(tags(&session.handle(Request::Begin(extra(-1)))), [0x7F]);
    session.handle(Request::Reset);
    let metadata = Packed::Map(vec![("app".into(), Packed::String("screening".into()))]);
    let begin = Packed::Map(vec![("tx_timeout".into(), Packed::Int(300)), ("tx_metadata".into(), metadata)]);
    assert_eq!(tags(&session.handle(Request::Begin(begin))), [0x70]);
    assert_eq!(session.tx.as_ref().map(|tx| tx.metadata().len()), Some(1));
    assert_eq!(tags(&session.handle(run("CREATE (:A)"))), [0x70]);
    std::thread::sleep(Duration::from_millis(400));
    let late = session.handle(Request::Commit);
    assert_eq!(code(&late).as_deref(), Some("Neo.ClientError.Transaction.TransactionTimedOut"));
    session.handle(Request::Reset);
    session.handle(run("MATCH (n) RETURN count(n)"));
    let rows = answers(&session.handle(Request::Pull { n: -1, qid: -1 }));
    assert_eq!(rows[0].1, Packed::List(vec![Packed::Int(0)]));
}

#[test]
fn the_cancel_flag_ends_the_running_statement_until_reset() {
    let mut session = logged_in();
    session.cancel_flag().store(true, Ordering::SeqCst);
    let cancelled = session.handle(run("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"));
    assert_eq!(code(&cancelled).as_deref(), Some("Neo.ClientError.Transaction.TransactionTimedOut"));
    let message = answers(&cancelled)[0].1.get("message").and_then(Packed::as_str).map(str::to_string);
    assert_eq!(message.as_deref(), Some("the statement was cancelled"));
    assert_eq!(tags(&session.handle(Request::Reset)), [0x70]);
    assert_eq!(tags(&session.handle(run("RETURN 1"))), [0x70]);
}
