//! One database shared by many threads (`embargo serve`), as a left-right
//! pair of graphs. Readers take the last committed graph (an `Arc`, held
//! for one statement) and read it without any lock: they never wait for a
//! writer and never see what it has not committed. One writer at a time
//! (writers queue, and give up after a wait) changes the other copy, inside
//! the [`Database`] with its WAL; its commit, once durable, publishes that
//! copy to readers. The copy published before is taken back by the next
//! writer once its last reader is done, and brought level by replaying the
//! commit's redo records (as the WAL is replayed at open). The second copy
//! is made at the first write: a server that only reads holds one graph.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use parking_lot::{Mutex, RawMutex, RwLock, lock_api::ArcMutexGuard};

use super::{Database, Limits, Params, Stop};
use crate::error::{Error, ErrorKind, Result};
use crate::result::QueryResult;
use crate::store::{Graph, Redo};
use crate::value::Value;

/// A cloneable, thread-safe handle on one [`Database`].
#[derive(Clone)]
pub struct SharedDatabase {
    /// The last committed graph: what every read sees.
    published: Arc<RwLock<Arc<Graph>>>,
    writer: Arc<Mutex<Writer>>,
    /// The database's limits, for reads (which do not touch it).
    limits: Limits,
    /// How long a writer waits for the one ahead of it.
    wait: Duration,
    read_only: bool,
}

/// The writer's side: the database, and the copy readers may still hold.
struct Writer {
    db: Database,
    /// The graph published before the last commit, and the redo records
    /// that bring it level with the one published since.
    behind: Option<(Arc<Graph>, Vec<Redo>)>,
}

type WriterGuard = ArcMutexGuard<RawMutex, Writer>;

/// How long a writer waits for the last reader of the copy it takes back.
/// A read that holds it longer is a long one (Q1 of the bench takes
/// 0.02 ms), and copying the published graph then costs less than waiting.
const OLD_COPY_WAIT: Duration = Duration::from_millis(100);

impl Writer {
    /// Makes the copy readers were given before the last commit the
    /// database's own again, level with the last commit. Past
    /// [`OLD_COPY_WAIT`] for that copy's last reader, the database's next
    /// change copies the published graph instead.
    fn catch_up(&mut self) {
        let Some((mut old, records)) = self.behind.take() else { return };
        let deadline = Instant::now() + OLD_COPY_WAIT;
        let mut graph = loop {
            match Arc::try_unwrap(old) {
                Ok(graph) => break graph,
                Err(still_read) if Instant::now() < deadline => {
                    old = still_read;
                    std::thread::sleep(Duration::from_micros(100));
                }
                Err(_) => return,
            }
        };
        // The records were made on a graph equal to this one, so they fit;
        // if one did not, the copy is dropped and the next change copies.
        if records.iter().all(|record| graph.apply(record).is_ok()) {
            self.db.adopt(graph);
        }
    }

    /// Shows readers what the database has committed since the last time.
    fn publish(&mut self, published: &RwLock<Arc<Graph>>) {
        let records = self.db.take_committed();
        if records.is_empty() {
            return;
        }
        let previous = std::mem::replace(&mut *published.write(), self.db.share_graph());
        self.behind = Some((previous, records));
    }
}

impl SharedDatabase {
    pub fn new(mut db: Database, wait: Duration) -> SharedDatabase {
        db.keep_committed();
        SharedDatabase {
            published: Arc::new(RwLock::new(db.share_graph())),
            limits: db.limits.clone(),
            read_only: db.is_read_only(),
            writer: Arc::new(Mutex::new(Writer { db, behind: None })),
            wait,
        }
    }

    fn busy(&self) -> Error {
        Error::new(
            ErrorKind::LockTimeout,
            format!("another transaction held the store for {} ms; nothing was done, try again", self.wait.as_millis()),
        )
    }

    /// The last committed graph, to read as long as one likes.
    pub fn snapshot(&self) -> Arc<Graph> {
        self.published.read().clone()
    }

    /// Runs a statement on the last committed graph; `None` when it would
    /// change the graph.
    fn read(&self, statement: &str, params: &Params, stop: &Stop) -> Option<Result<QueryResult>> {
        super::read(&self.snapshot(), &self.limits, statement, params, stop)
    }

    /// The writer's side, once the writer ahead of this one is done.
    fn write(&self) -> Result<WriterGuard> {
        let mut writer = self.writer.try_lock_arc_for(self.wait).ok_or_else(|| self.busy())?;
        writer.catch_up();
        Ok(writer)
    }

    /// Runs one statement as its own transaction (auto-commit): a read on
    /// the last committed graph, a write alone and durable before it
    /// returns.
    pub fn run(&self, statement: &str, params: &Params) -> Result<QueryResult> {
        self.run_with(statement, params, &Stop::default())
    }

    /// [`SharedDatabase::run`], ended early by `stop` too.
    pub fn run_with(&self, statement: &str, params: &Params, stop: &Stop) -> Result<QueryResult> {
        if let Some(outcome) = self.read(statement, params, stop) {
            return outcome;
        }
        let mut scope = WriteScope { writer: self.write()?, published: &self.published };
        scope.writer.db.execute_with(statement, params, stop)
    }

    /// Starts an explicit transaction. Until its first change it reads the
    /// last committed graph, statement by statement (read committed, as in
    /// Neo4j); from then on it is the writer, and reads its own changes.
    pub fn begin(&self) -> Transaction {
        self.begin_with(TxOptions::default())
    }

    pub fn begin_with(&self, options: TxOptions) -> Transaction {
        Transaction {
            shared: self.clone(),
            writer: None,
            failed: false,
            stop: Stop { cancel: options.cancel, deadline: options.timeout.map(|t| Instant::now() + t) },
            timeout: options.timeout,
            metadata: options.metadata,
        }
    }

    /// Writes a snapshot and empties the WAL, waiting for any writer.
    pub fn checkpoint(&self) -> Result<()> {
        self.write()?.db.checkpoint()
    }

    /// Whether the store refuses changes (opened read-only).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}

/// One auto-commit write: what it committed reaches readers when it ends,
/// also when it fails after committing batches (`IN TRANSACTIONS`); a
/// statement cut off by a panic is undone first, so that no later writer
/// commits half of it.
struct WriteScope<'a> {
    writer: WriterGuard,
    published: &'a RwLock<Arc<Graph>>,
}

impl Drop for WriteScope<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.writer.db.rollback();
        }
        self.writer.publish(self.published);
    }
}

/// How an explicit transaction runs.
#[derive(Clone, Debug, Default)]
pub struct TxOptions {
    /// Set by another thread, it ends the running statement (and so the
    /// transaction) with `ResourceLimit`.
    pub cancel: Arc<AtomicBool>,
    /// The transaction's whole life, after which it is rolled back.
    pub timeout: Option<Duration>,
    /// The client's words about the transaction (Bolt's `tx_metadata`).
    pub metadata: BTreeMap<String, Value>,
}

/// An explicit transaction: several statements, committed together or not
/// at all. Dropping it without [`Transaction::commit`] rolls it back.
pub struct Transaction {
    shared: SharedDatabase,
    writer: Option<WriterGuard>,
    failed: bool,
    stop: Stop,
    timeout: Option<Duration>,
    metadata: BTreeMap<String, Value>,
}

impl Transaction {
    /// Runs one statement in the transaction. After an error the
    /// transaction has been undone and refuses further statements.
    pub fn run(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        if self.failed {
            return Err(Error::semantic("the transaction failed and was rolled back; start a new one"));
        }
        self.check_deadline()?;
        let outcome = self.run_statement(statement, params);
        self.failed = outcome.is_err();
        if self.failed {
            // The writer's database undid the transaction already.
            self.writer = None;
            self.check_deadline()?;
        }
        outcome
    }

    fn run_statement(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        if let Some(writer) = &mut self.writer {
            return writer.db.execute_with(statement, params, &self.stop);
        }
        if let Some(outcome) = self.shared.read(statement, params, &self.stop) {
            return outcome;
        }
        let writer = self.writer.insert(self.shared.write()?);
        writer.db.begin()?;
        writer.db.execute_with(statement, params, &self.stop)
    }

    /// A transaction past its timeout is rolled back, and says so.
    fn check_deadline(&mut self) -> Result<()> {
        match (self.stop.deadline, self.timeout) {
            (Some(deadline), Some(timeout)) if Instant::now() >= deadline => {
                self.failed = true;
                self.undo();
                Err(Error::new(
                    ErrorKind::ResourceLimit,
                    format!("the transaction ran past its timeout of {} ms and was rolled back", timeout.as_millis()),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Whether a statement of this transaction has changed the graph.
    pub fn has_written(&self) -> bool {
        self.writer.is_some()
    }

    /// What the client said about the transaction when it began.
    pub fn metadata(&self) -> &BTreeMap<String, Value> {
        &self.metadata
    }

    /// Makes every change durable (fsync'ed) and visible, then releases
    /// the store; on an error nothing of the transaction stays.
    pub fn commit(mut self) -> Result<()> {
        if self.failed {
            return Err(Error::semantic("the transaction failed and was rolled back; nothing to commit"));
        }
        self.check_deadline()?;
        let Some(mut writer) = self.writer.take() else { return Ok(()) };
        let outcome = writer.db.commit();
        writer.publish(&self.shared.published);
        outcome
    }

    pub fn rollback(self) {}

    fn undo(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            writer.db.rollback();
        }
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        self.undo();
    }
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
