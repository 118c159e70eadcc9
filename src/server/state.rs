//! One connection's session: Bolt's server states (a HELLO, then a LOGON
//! before anything reaches the database; after a FAILURE everything is
//! IGNORED until RESET), transactions, and results streamed in the sizes
//! the client pulls.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::auth::Auth;
use super::message::{Request, failure, ignored, success};
use super::packstream::{Packed, Writer};
use super::status;
use super::values::{read_value, write_value};
use crate::database::{Params, SharedDatabase, Stop, Transaction, TxOptions};
use crate::error::{Error, ErrorKind};
use crate::result::QueryResult;

/// What every connection of a server shares.
pub struct Server {
    pub db: SharedDatabase,
    pub auth: Auth,
    /// The `host:port` that ROUTE answers.
    pub advertised: String,
    /// Commits so far, for bookmarks.
    commits: AtomicU64,
}

impl Server {
    pub fn new(db: SharedDatabase, auth: Auth, advertised: String) -> Server {
        Server { db, auth, advertised, commits: AtomicU64::new(0) }
    }

    fn bookmark(&self) -> Packed {
        Packed::String(format!("embargo:{}", self.commits.load(Ordering::SeqCst)))
    }
}

/// The `server` agent: drivers (Java's) refuse one not starting `Neo4j/`.
pub fn agent() -> String {
    format!("Neo4j/5.26.0 (compatible; embargo/{})", env!("CARGO_PKG_VERSION"))
}

/// The names the one database answers to.
const DATABASE_NAMES: [&str; 2] = ["neo4j", "embargo"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Hello,
    Logon,
    Ready,
}

/// A result being streamed.
struct Stream {
    qid: i64,
    result: QueryResult,
    sent: usize,
    in_transaction: bool,
    opened: Instant,
}

pub struct Session {
    server: Arc<Server>,
    connection_id: String,
    phase: Phase,
    failed: bool,
    tx: Option<Transaction>,
    streams: Vec<Stream>,
    next_qid: i64,
    /// Set by the connection's reader on RESET or a hang-up, it ends the
    /// running statement; cleared when the RESET is answered.
    cancel: Arc<AtomicBool>,
}

/// What the connection does after a request.
#[derive(Debug, PartialEq, Eq)]
pub enum After {
    Continue,
    Close,
}

type Answer = (Vec<Vec<u8>>, After);

fn fail(code: &str, message: &str) -> Result<Vec<Vec<u8>>, Vec<u8>> {
    Err(failure(code, message))
}

impl Session {
    pub fn new(server: Arc<Server>, connection_id: u64) -> Session {
        Session {
            server,
            connection_id: format!("bolt-{connection_id}"),
            phase: Phase::Hello,
            failed: false,
            tx: None,
            streams: Vec::new(),
            next_qid: 0,
            cancel: Arc::default(),
        }
    }

    /// The flag that interrupts this session's running statement.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    pub fn is_authenticated(&self) -> bool {
        self.phase == Phase::Ready
    }

    /// Answers one request: the messages to send back, and whether the
    /// connection stays open.
    pub fn handle(&mut self, request: Request) -> Answer {
        if let Request::Goodbye = request {
            return (vec![], After::Close);
        }
        match self.phase {
            Phase::Hello => self.before_auth(request, Phase::Hello),
            Phase::Logon => self.before_auth(request, Phase::Logon),
            Phase::Ready if self.failed && request != Request::Reset => (vec![ignored()], After::Continue),
            Phase::Ready => match self.ready(request) {
                Ok(messages) => (messages, After::Continue),
                Err(message) => {
                    self.failed = true;
                    self.drop_transaction();
                    (vec![message], After::Continue)
                }
            },
        }
    }

    /// HELLO, then LOGON; anything else, or a wrong password, ends the
    /// connection, so nothing can skip authentication.
    fn before_auth(&mut self, request: Request, phase: Phase) -> Answer {
        match (phase, request) {
            (Phase::Hello, Request::Hello(_)) => {
                self.phase = Phase::Logon;
                let hints = Packed::Map(vec![("telemetry.enabled".into(), Packed::Bool(true))]);
                let reply = success(&[
                    ("server", Packed::String(agent())),
                    ("connection_id", Packed::String(self.connection_id.clone())),
                    ("hints", hints),
                ]);
                (vec![reply], After::Continue)
            }
            (Phase::Logon, Request::Logon(token)) if self.server.auth.accepts(&token) => {
                self.phase = Phase::Ready;
                (vec![success(&[])], After::Continue)
            }
            (Phase::Logon, Request::Logon(_)) => (
                vec![failure(status::UNAUTHORIZED, "The client is unauthorized due to authentication failure.")],
                After::Close,
            ),
            (_, other) => {
                let expected = if phase == Phase::Hello { "HELLO" } else { "LOGON" };
                let message = format!("{} before {expected}: the connection is closed", other.name());
                (vec![failure(status::PROTOCOL, &message)], After::Close)
            }
        }
    }

    fn ready(&mut self, request: Request) -> Result<Vec<Vec<u8>>, Vec<u8>> {
        match request {
            Request::Reset => {
                self.failed = false;
                self.cancel.store(false, Ordering::SeqCst);
                self.drop_transaction();
                Ok(vec![success(&[])])
            }
            Request::Logoff => {
                self.drop_transaction();
                self.phase = Phase::Logon;
                Ok(vec![success(&[])])
            }
            Request::Telemetry => Ok(vec![success(&[])]),
            Request::Route(extra) => {
                check_database(&extra)?;
                Ok(vec![self.routing_table()])
            }
            Request::Begin(extra) => {
                check_database(&extra)?;
                if self.tx.is_some() {
                    return fail(status::PROTOCOL, "a transaction is open already");
                }
                self.streams.clear();
                let options = TxOptions {
                    cancel: self.cancel.clone(),
                    timeout: tx_timeout(&extra).map_err(|e| self.engine_failure(&e, ""))?,
                    metadata: tx_metadata(&extra).map_err(|e| self.engine_failure(&e, ""))?,
                };
                self.tx = Some(self.server.db.begin_with(options));
                Ok(vec![success(&[])])
            }
            Request::Commit => {
                let tx = self.tx.take().ok_or_else(|| failure(status::PROTOCOL, "no transaction to commit"))?;
                self.streams.clear();
                let wrote = tx.has_written();
                tx.commit().map_err(|e| self.engine_failure(&e, ""))?;
                if wrote {
                    self.server.commits.fetch_add(1, Ordering::SeqCst);
                }
                Ok(vec![success(&[("bookmark", self.server.bookmark())])])
            }
            Request::Rollback => {
                let tx = self.tx.take().ok_or_else(|| failure(status::PROTOCOL, "no transaction to roll back"))?;
                self.streams.clear();
                tx.rollback();
                Ok(vec![success(&[])])
            }
            Request::Run { query, params, extra } => self.run(&query, &params, &extra),
            Request::Pull { n, qid } => self.pull(n, qid, false),
            Request::Discard { n, qid } => self.pull(n, qid, true),
            Request::Hello(_) | Request::Logon(_) => fail(status::PROTOCOL, "already authenticated"),
            Request::Goodbye => Ok(vec![]),
        }
    }

    fn drop_transaction(&mut self) {
        self.streams.clear();
        // Dropping a transaction rolls it back and frees the store.
        self.tx = None;
    }

    fn engine_failure(&self, error: &Error, statement: &str) -> Vec<u8> {
        let code = if error.kind == ErrorKind::IoError && self.server.db.is_read_only() {
            status::READ_ONLY
        } else {
            status::code(error)
        };
        failure(code, &status::message(error, statement))
    }

    fn run(&mut self, query: &str, params: &Packed, extra: &Packed) -> Result<Vec<Vec<u8>>, Vec<u8>> {
        let params = read_params(params).map_err(|e| self.engine_failure(&e, ""))?;
        let outcome = match &mut self.tx {
            Some(tx) => tx.run(query, &params),
            None => {
                check_database(extra)?;
                // A new auto-commit statement ends the one before.
                self.streams.clear();
                let timeout = tx_timeout(extra).map_err(|e| self.engine_failure(&e, ""))?;
                tx_metadata(extra).map_err(|e| self.engine_failure(&e, ""))?;
                let stop = Stop { cancel: self.cancel.clone(), deadline: timeout.map(|t| Instant::now() + t) };
                let outcome = self.server.db.run_with(query, &params, &stop);
                if outcome.as_ref().is_ok_and(|r| !r.stats.is_empty()) {
                    self.server.commits.fetch_add(1, Ordering::SeqCst);
                }
                outcome
            }
        };
        let result = outcome.map_err(|e| self.engine_failure(&e, query))?;
        let qid = self.next_qid;
        self.next_qid += 1;
        let fields = Packed::List(result.columns.iter().map(|c| Packed::String(c.clone())).collect());
        let t_first = Packed::Int(result.elapsed.as_millis() as i64);
        let in_transaction = self.tx.is_some();
        let mut metadata = vec![("fields", fields), ("t_first", t_first)];
        if in_transaction {
            metadata.push(("qid", Packed::Int(qid)));
        }
        self.streams.push(Stream { qid, result, sent: 0, in_transaction, opened: Instant::now() });
        Ok(vec![success(&metadata)])
    }

    /// PULL (or DISCARD) `n` records (all for -1) of result `qid` (the
    /// last one for -1).
    fn pull(&mut self, n: i64, qid: i64, discard: bool) -> Result<Vec<Vec<u8>>, Vec<u8>> {
        let index = match qid {
            -1 => self.streams.len().checked_sub(1),
            qid => self.streams.iter().position(|s| s.qid == qid),
        };
        let index = index.ok_or_else(|| failure(status::PROTOCOL, "no result to pull from"))?;
        let stream = &mut self.streams[index];
        let left = stream.result.rows.len() - stream.sent;
        let count = if n < 0 { left } else { left.min(n as usize) };
        let mut messages = Vec::new();
        if !discard {
            for row in &stream.result.rows[stream.sent..stream.sent + count] {
                let mut w = Writer::default();
                w.struct_header(0x71, 1);
                w.list_header(row.len());
                row.iter().for_each(|v| write_value(&mut w, v, &stream.result.entities));
                messages.push(w.buf);
            }
        }
        stream.sent += count;
        if stream.sent < stream.result.rows.len() {
            messages.push(success(&[("has_more", Packed::Bool(true))]));
            return Ok(messages);
        }
        let stream = self.streams.remove(index);
        messages.push(success(&self.summary(&stream)));
        Ok(messages)
    }

    fn summary(&self, stream: &Stream) -> Vec<(&'static str, Packed)> {
        let stats = stream.result.stats;
        let kind = match (stats.is_empty(), stream.result.columns.is_empty()) {
            (true, _) => "r",
            (false, true) => "w",
            (false, false) => "rw",
        };
        let mut metadata = vec![
            ("type", Packed::String(kind.into())),
            ("t_last", Packed::Int(stream.opened.elapsed().as_millis() as i64)),
            ("db", Packed::String(DATABASE_NAMES[0].into())),
        ];
        if !stats.is_empty() {
            let mut counters: Vec<(String, Packed)> = stats
                .counters()
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(name, n)| (name.replace('_', "-"), Packed::Int(*n as i64)))
                .collect();
            counters.push(("contains-updates".into(), Packed::Bool(true)));
            metadata.push(("stats", Packed::Map(counters)));
        }
        if !stream.in_transaction {
            metadata.push(("bookmark", self.server.bookmark()));
        }
        metadata
    }

    fn routing_table(&self) -> Vec<u8> {
        let server = |role: &str| {
            Packed::Map(vec![
                ("addresses".into(), Packed::List(vec![Packed::String(self.server.advertised.clone())])),
                ("role".into(), Packed::String(role.into())),
            ])
        };
        let table = Packed::Map(vec![
            ("ttl".into(), Packed::Int(300)),
            ("db".into(), Packed::String(DATABASE_NAMES[0].into())),
            ("servers".into(), Packed::List(vec![server("ROUTE"), server("READ"), server("WRITE")])),
        ]);
        success(&[("rt", table)])
    }
}

/// A RUN's parameters: a map of values.
fn read_params(params: &Packed) -> Result<Params, Error> {
    read_map(params, "the parameters are not a map")
}

fn read_map(map: &Packed, not_a_map: &str) -> Result<Params, Error> {
    match map {
        Packed::Map(entries) => entries.iter().map(|(k, v)| Ok((k.clone(), read_value(v)?))).collect(),
        Packed::Null => Ok(Params::new()),
        _ => Err(Error::argument(not_a_map)),
    }
}

/// BEGIN's or an auto-commit RUN's `tx_timeout`, in milliseconds (0 or
/// none: no timeout of its own).
fn tx_timeout(extra: &Packed) -> Result<Option<Duration>, Error> {
    match extra.get("tx_timeout") {
        None | Some(Packed::Null) | Some(Packed::Int(0)) => Ok(None),
        Some(Packed::Int(ms)) if *ms > 0 => Ok(Some(Duration::from_millis(*ms as u64))),
        Some(_) => Err(Error::argument("tx_timeout must be a positive number of milliseconds")),
    }
}

/// BEGIN's or an auto-commit RUN's `tx_metadata`: a map of values.
fn tx_metadata(extra: &Packed) -> Result<Params, Error> {
    extra.get("tx_metadata").map_or(Ok(Params::new()), |m| read_map(m, "tx_metadata must be a map"))
}

/// The database a request names (`db`), if any, must be this one.
fn check_database(extra: &Packed) -> Result<(), Vec<u8>> {
    match extra.get("db") {
        None | Some(Packed::Null) => Ok(()),
        Some(Packed::String(name)) if DATABASE_NAMES.contains(&name.as_str()) => Ok(()),
        Some(other) => {
            let name = other.as_str().unwrap_or("?");
            Err(failure(status::DATABASE_NOT_FOUND, &format!("Database does not exist. Database name: '{name}'.")))
        }
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
