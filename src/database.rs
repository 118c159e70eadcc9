//! The library's front door: a [`Database`] runs openCypher statements
//! against its graph, each one atomically.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::error::{Error, ErrorKind, Result};
use crate::result::QueryResult;
use crate::script::split_statements;
use crate::storage::Storage;
use crate::store::{Graph, Redo};
use crate::value::Value;

mod limits;
mod literal;
mod shared;
pub use limits::{Limits, Stop};
pub use literal::{parse_literal, parse_param};
pub use shared::{SharedDatabase, Transaction, TxOptions};

/// Parameters bound to `$name` in statements.
pub type Params = BTreeMap<String, Value>;

/// The bundled North Korea sanctions graph, as a Cypher script.
pub const BUNDLED_GRAPH: &str = include_str!("../data/sanctions.cypher");

/// The UN list's DPRK listings as of July 2017, loaded into the bundled
/// graph (`data/README.md`).
pub const BUNDLED_UN_LIST: &str = include_str!("../data/un-dprk-2017-07-03.xml");

pub struct Database {
    /// Shared with [`SharedDatabase`]'s readers once committed; changing
    /// it while they hold it changes a copy ([`Database::graph_mut`]).
    graph: Arc<Graph>,
    cancel: Arc<AtomicBool>,
    pub limits: Limits,
    /// The store on disk, for a persistent database.
    storage: Option<Storage>,
    /// Inside `BEGIN` … `COMMIT`: statements' changes wait for the commit.
    in_transaction: bool,
    /// The redo records of what was committed, kept for another copy of
    /// the graph to catch up with ([`SharedDatabase`]); `None`: not kept.
    kept: Option<Vec<Redo>>,
}

impl Default for Database {
    fn default() -> Database {
        Database::empty()
    }
}

impl Database {
    /// An empty in-memory graph.
    pub fn empty() -> Database {
        Database {
            graph: Arc::new(Graph::new()),
            cancel: Arc::default(),
            limits: Limits::default(),
            storage: None,
            in_transaction: false,
            kept: None,
        }
    }

    /// Opens the store in directory `path`, creating it when the directory
    /// is missing or empty. Returns warnings for the user as well (a torn
    /// WAL record cut off after a crash). Read-only opens take no lock and
    /// refuse statements that would change the graph (`IoError`).
    pub fn open(path: &Path, read_only: bool) -> Result<(Database, Vec<String>)> {
        let opened = Storage::open(path, read_only)?;
        Ok((Database::with_storage(opened.graph, opened.storage), opened.warnings))
    }

    /// A persistent database over `graph` (built in bulk by an import),
    /// written to its store by the next [`Database::checkpoint`].
    pub(crate) fn with_storage(mut graph: Graph, storage: Storage) -> Database {
        graph.record_redo(true);
        Database {
            graph: Arc::new(graph),
            cancel: Arc::default(),
            limits: Limits::default(),
            storage: Some(storage),
            in_transaction: false,
            kept: None,
        }
    }

    /// Writes a new snapshot and empties the WAL (`CALL db.checkpoint()`,
    /// `:checkpoint`). Nothing to do in memory; an `IoError` when read-only.
    pub fn checkpoint(&mut self) -> Result<()> {
        self.refuse_in_transaction("checkpoint")?;
        match &mut self.storage {
            Some(storage) => storage.checkpoint(&self.graph),
            None => Ok(()),
        }
    }

    /// Checkpoints if the WAL holds anything, and closes the store. Dropping
    /// a database does the same but cannot report a failure.
    pub fn close(&mut self) -> Result<()> {
        self.rollback();
        let outcome = match &mut self.storage {
            Some(storage) if storage.is_dirty() => storage.checkpoint(&self.graph),
            _ => Ok(()),
        };
        self.storage = None;
        outcome
    }

    /// The store's directory, for a persistent database.
    pub fn store_path(&self) -> Option<&Path> {
        self.storage.as_ref().map(Storage::dir)
    }

    pub fn is_read_only(&self) -> bool {
        self.storage.as_ref().is_some_and(Storage::is_read_only)
    }

    /// The bundled sanctions graph, in memory: the article's graph, and the
    /// UN list's DPRK listings attached to its North Korea and UN sanctions.
    pub fn bundled() -> Result<Database> {
        let mut db = Database::empty();
        db.run_script(BUNDLED_GRAPH, &Params::new())?;
        db.transact(|graph| {
            crate::import::lists::import_un_text(graph, BUNDLED_UN_LIST, "data/un-dprk-2017-07-03.xml")
                .map_err(|e| Error::new(ErrorKind::IoError, e))
        })?;
        Ok(db)
    }

    /// Imports sanctions lists into this graph as one atomic, durable step
    /// (the shell's `:import`): all of them, or, on an error, none.
    pub fn import_lists(
        &mut self,
        files: &[(crate::import::lists::Format, std::path::PathBuf)],
        options: &crate::import::lists::ListOptions,
    ) -> Result<crate::import::report::Report> {
        if self.is_read_only() {
            return Err(Error::new(ErrorKind::IoError, "the store is open read-only; nothing was imported"));
        }
        let report = self.transact(|graph| {
            crate::import::lists::import(graph, files, options, &mut |_| {})
                .map_err(|e| Error::new(ErrorKind::IoError, e))
        })?;
        // A whole list is better folded into the snapshot than replayed
        // from the WAL at every open. The import is durable in the WAL
        // already, so a failed checkpoint is retried later, not reported
        // as a failed import.
        let _ = self.checkpoint();
        Ok(report)
    }

    /// Links the listings of one party across lists (`embargo link`): one
    /// atomic, durable step, checkpointed.
    pub fn link(&mut self, min_score: f64) -> Result<crate::link::LinkReport> {
        if self.is_read_only() {
            return Err(Error::new(ErrorKind::IoError, "the store is open read-only; nothing was linked"));
        }
        let report = self.transact(|graph| Ok(crate::link::link(graph, min_score)))?;
        // Durable in the WAL already; a failed checkpoint is retried later.
        let _ = self.checkpoint();
        Ok(report)
    }

    /// Runs `change` on the graph as one transaction: durable before it is
    /// acknowledged, rolled back whole when it or the commit fails.
    fn transact<T>(&mut self, change: impl FnOnce(&mut Graph) -> Result<T>) -> Result<T> {
        self.refuse_in_transaction("import or link")?;
        match change(self.graph_mut()) {
            Ok(value) => {
                self.persist()?;
                Ok(value)
            }
            Err(e) => {
                self.rollback_statement();
                Err(e)
            }
        }
    }

    /// Commits the graph's pending changes durably ([`persist`]).
    fn persist(&mut self) -> Result<()> {
        match Arc::get_mut(&mut self.graph) {
            Some(graph) => persist(&mut self.storage, &mut self.kept, graph),
            // Shared with readers, so committed: nothing to write.
            None => Ok(()),
        }
    }

    /// The graph to change: this database's own, copied first if readers
    /// share it (a graph they share is committed, so the copy is too).
    fn graph_mut(&mut self) -> &mut Graph {
        Arc::make_mut(&mut self.graph)
    }

    /// Runs every statement of `script`, stopping at the first error.
    pub fn run_script(&mut self, script: &str, params: &Params) -> Result<Vec<QueryResult>> {
        split_statements(script).into_iter().map(|piece| self.execute(piece.text, params)).collect()
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// A flag that, once set, makes the running statement fail with
    /// `ResourceLimit` (the REPL's Ctrl-C). It is cleared at each start.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Runs one statement. It either succeeds entirely or changes nothing.
    /// Inside a transaction ([`Database::begin`]) its changes wait for
    /// [`Database::commit`], and an error undoes the whole transaction.
    pub fn execute(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        self.cancel.store(false, Ordering::Relaxed);
        let stop = Stop { cancel: self.cancel.clone(), deadline: None };
        self.execute_with(statement, params, &stop)
    }

    /// [`Database::execute`], ended early by `stop` too (its flag is not
    /// cleared: it belongs to the caller).
    pub fn execute_with(&mut self, statement: &str, params: &Params, stop: &Stop) -> Result<QueryResult> {
        // Copied before the statement's memory is counted: the copy that
        // readers sharing the graph force is not the statement's doing.
        let graph = Arc::make_mut(&mut self.graph);
        let started = Instant::now();
        let interrupt = stop.interrupt(&self.limits, started);
        let storage = &mut self.storage;
        let kept = &mut self.kept;
        let in_transaction = self.in_transaction;
        // `CALL { … } IN TRANSACTIONS` commits its batches as it goes, which
        // an explicit transaction cannot (as in Neo4j).
        let mut commit = |graph: &mut Graph| {
            if in_transaction {
                return Err(Error::semantic(
                    "CALL { … } IN TRANSACTIONS commits batches of its own: run it outside an explicit transaction",
                ));
            }
            persist(storage, kept, graph)
        };
        let outcome = crate::exec::run(statement, params, graph, &interrupt, &mut commit);
        match outcome {
            Ok(crate::exec::Outcome { mut result, checkpoint }) => {
                // Durable before acknowledged: the WAL record is fsync'ed
                // before the result goes back; if it cannot be, the
                // statement did not happen.
                if !self.in_transaction {
                    self.persist()?;
                    if checkpoint {
                        self.checkpoint()?;
                    }
                } else if let Err(e) = self.graph_mut().check_constraints() {
                    // A statement that breaks a constraint fails where it
                    // is written, not at COMMIT; like any error inside a
                    // transaction, it ends the transaction.
                    self.rollback();
                    return Err(e);
                }
                result.elapsed = started.elapsed();
                Ok(result)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }
}

impl Database {
    /// Runs one statement that only reads, alongside others (it needs no
    /// `&mut`). `None` when the statement would change the graph: it did
    /// nothing, and must go through [`Database::execute`] instead.
    pub fn execute_read(&self, statement: &str, params: &Params) -> Option<Result<QueryResult>> {
        read(&self.graph, &self.limits, statement, params, &Stop::default())
    }

    /// Starts an explicit transaction: the statements up to
    /// [`Database::commit`] are one atomic, durable change, or none.
    pub fn begin(&mut self) -> Result<()> {
        self.refuse_in_transaction("BEGIN")?;
        self.in_transaction = true;
        Ok(())
    }

    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// Makes the open transaction's changes durable (one fsync'ed WAL
    /// record) and visible; if they cannot be written, none stay.
    pub fn commit(&mut self) -> Result<()> {
        if !self.in_transaction {
            return Err(Error::semantic("there is no open transaction to commit"));
        }
        self.in_transaction = false;
        self.persist()
    }

    /// Undoes the open transaction (or a statement cut off), if any.
    pub fn rollback(&mut self) {
        self.rollback_statement();
        self.in_transaction = false;
    }

    /// Undoes what is not committed. A graph that readers share holds
    /// nothing uncommitted, and is left alone rather than copied.
    fn rollback_statement(&mut self) {
        if let Some(graph) = Arc::get_mut(&mut self.graph) {
            graph.rollback();
        }
    }

    /// From now on, keeps the redo records of every commit until
    /// [`Database::take_committed`] (for a second copy of the graph).
    pub(crate) fn keep_committed(&mut self) {
        self.graph_mut().record_redo(true);
        self.kept = Some(Vec::new());
    }

    /// The redo records committed since the last call, oldest first.
    pub(crate) fn take_committed(&mut self) -> Vec<Redo> {
        self.kept.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The graph as it is, to share with readers: the next change copies
    /// it unless [`Database::adopt`] gives back a copy of its own first.
    pub(crate) fn share_graph(&self) -> Arc<Graph> {
        self.graph.clone()
    }

    /// Takes `graph`, equal to this database's (committed) one, as its own
    /// to change from now on.
    pub(crate) fn adopt(&mut self, graph: Graph) {
        self.graph = Arc::new(graph);
    }

    fn refuse_in_transaction(&self, what: &str) -> Result<()> {
        if self.in_transaction {
            return Err(Error::semantic(format!("{what} inside an open transaction: commit or roll it back first")));
        }
        Ok(())
    }
}

/// Writes the graph's pending changes to the WAL (fsync'ed) and commits
/// them; if they cannot be written, they are undone, and so is a change
/// that breaks a constraint.
fn persist(storage: &mut Option<Storage>, kept: &mut Option<Vec<Redo>>, graph: &mut Graph) -> Result<()> {
    if let Err(e) = graph.check_constraints() {
        graph.rollback();
        return Err(e);
    }
    if let Some(storage) = storage {
        let records = graph.redo();
        if let Err(e) = storage.commit(graph, records) {
            graph.rollback();
            return Err(e);
        }
    }
    if let Some(kept) = kept {
        kept.extend(graph.take_redo());
    }
    graph.commit();
    Ok(())
}

/// Runs one statement that only reads on `graph` (a database's, or a
/// snapshot of one); `None` when it would change the graph.
pub(crate) fn read(
    graph: &Graph,
    limits: &Limits,
    statement: &str,
    params: &Params,
    stop: &Stop,
) -> Option<Result<QueryResult>> {
    let started = Instant::now();
    let interrupt = stop.interrupt(limits, started);
    let mut outcome = crate::exec::run_read(statement, params, graph, &interrupt)?;
    if let Ok(result) = &mut outcome {
        result.elapsed = started.elapsed();
    }
    Some(outcome)
}

impl Drop for Database {
    /// A clean exit folds the WAL into the snapshot, so the next open is a
    /// plain snapshot read.
    fn drop(&mut self) {
        // An open transaction ends with the process: it never happened.
        self.rollback();
        if let Some(storage) = &mut self.storage
            && storage.is_dirty()
        {
            let _ = storage.checkpoint(&self.graph);
        }
    }
}
