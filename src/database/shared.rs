//! One database shared by many threads (`embargo serve`): statements that
//! only read run side by side under a shared lock; a writer holds the lock
//! alone, from its first change to its commit, so no reader ever sees a
//! change that is not committed. Writers queue, and give up after a wait.

use std::sync::Arc;
use std::time::Duration;

use parking_lot::{RawRwLock, RwLock, RwLockReadGuard, lock_api::ArcRwLockWriteGuard};

use super::{Database, Params};
use crate::error::{Error, ErrorKind, Result};
use crate::result::QueryResult;

/// A cloneable, thread-safe handle on one [`Database`].
#[derive(Clone)]
pub struct SharedDatabase {
    db: Arc<RwLock<Database>>,
    /// How long a statement waits for a writer ahead of it.
    wait: Duration,
    /// Kept apart so asking needs no lock (a writer may hold it).
    read_only: bool,
}

type WriteGuard = ArcRwLockWriteGuard<RawRwLock, Database>;

impl SharedDatabase {
    pub fn new(db: Database, wait: Duration) -> SharedDatabase {
        let read_only = db.is_read_only();
        SharedDatabase { db: Arc::new(RwLock::new(db)), wait, read_only }
    }

    fn busy(&self) -> Error {
        Error::new(
            ErrorKind::LockTimeout,
            format!("another transaction held the store for {} ms; nothing was done, try again", self.wait.as_millis()),
        )
    }

    fn read(&self) -> Result<RwLockReadGuard<'_, Database>> {
        self.db.try_read_for(self.wait).ok_or_else(|| self.busy())
    }

    fn write(&self) -> Result<WriteGuard> {
        self.db.try_write_arc_for(self.wait).ok_or_else(|| self.busy())
    }

    /// Runs one statement as its own transaction (auto-commit): a read
    /// alongside other reads, a write alone and durable before it returns.
    pub fn run(&self, statement: &str, params: &Params) -> Result<QueryResult> {
        if let Some(outcome) = self.read()?.execute_read(statement, params) {
            return outcome;
        }
        let mut writer = UndoOnPanic(self.write()?);
        writer.0.execute(statement, params)
    }

    /// Starts an explicit transaction. It takes the write lock at its first
    /// change; until then it reads the last committed state, statement by
    /// statement (read committed, as in Neo4j).
    pub fn begin(&self) -> Transaction {
        Transaction { shared: self.clone(), writer: None, failed: false }
    }

    /// Writes a snapshot and empties the WAL, waiting for any writer.
    pub fn checkpoint(&self) -> Result<()> {
        self.write()?.checkpoint()
    }

    /// Whether the store refuses changes (opened read-only).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}

/// The write lock, undoing a statement cut off by a panic, so the next
/// writer does not commit half of it (a transaction's drop does the same).
struct UndoOnPanic(WriteGuard);

impl Drop for UndoOnPanic {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.rollback();
        }
    }
}

/// An explicit transaction: several statements, committed together or not
/// at all. Dropping it without [`Transaction::commit`] rolls it back.
pub struct Transaction {
    shared: SharedDatabase,
    writer: Option<WriteGuard>,
    failed: bool,
}

impl Transaction {
    /// Runs one statement in the transaction. After an error the
    /// transaction has been undone and refuses further statements.
    pub fn run(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        if self.failed {
            return Err(Error::semantic("the transaction failed and was rolled back; start a new one"));
        }
        let outcome = self.run_statement(statement, params);
        self.failed = outcome.is_err();
        outcome
    }

    fn run_statement(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        if let Some(writer) = &mut self.writer {
            return writer.execute(statement, params);
        }
        if let Some(outcome) = self.shared.read()?.execute_read(statement, params) {
            return outcome;
        }
        let writer = self.writer.insert(self.shared.write()?);
        writer.begin()?;
        writer.execute(statement, params)
    }

    /// Whether a statement of this transaction has changed the graph.
    pub fn has_written(&self) -> bool {
        self.writer.is_some()
    }

    /// Makes every change durable (fsync'ed) and visible, then releases
    /// the store; on an error nothing of the transaction stays.
    pub fn commit(mut self) -> Result<()> {
        if self.failed {
            return Err(Error::semantic("the transaction failed and was rolled back; nothing to commit"));
        }
        match self.writer.take() {
            Some(mut writer) => writer.commit(),
            None => Ok(()),
        }
    }

    pub fn rollback(self) {}
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            writer.rollback();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> SharedDatabase {
        SharedDatabase::new(Database::empty(), Duration::from_millis(50))
    }

    fn count(db: &SharedDatabase) -> Value {
        let result = db.run("MATCH (n) RETURN count(n)", &Params::new());
        result.map_or(Value::Null, |r| r.rows[0][0].clone())
    }

    use crate::value::Value;

    #[test]
    fn a_transaction_commits_all_its_statements_at_once() {
        let db = shared();
        let mut tx = db.begin();
        tx.run("CREATE (:A)", &Params::new()).map(drop).unwrap_or_default();
        tx.run("CREATE (:B)", &Params::new()).map(drop).unwrap_or_default();
        assert!(tx.has_written());
        assert!(tx.commit().is_ok());
        assert_eq!(count(&db), Value::Int(2));
    }

    #[test]
    fn rollback_an_error_and_a_drop_leave_nothing() {
        let db = shared();
        let mut tx = db.begin();
        assert!(tx.run("CREATE (:A)", &Params::new()).is_ok());
        tx.rollback();
        let mut tx = db.begin();
        assert!(tx.run("CREATE (:A)", &Params::new()).is_ok());
        assert!(tx.run("RETURN 1/0", &Params::new()).is_err());
        assert!(tx.run("RETURN 1", &Params::new()).is_err());
        assert!(tx.commit().is_err());
        let mut tx = db.begin();
        assert!(tx.run("CREATE (:A)", &Params::new()).is_ok());
        drop(tx);
        assert_eq!(count(&db), Value::Int(0));
    }

    #[test]
    fn readers_never_see_an_uncommitted_write_and_give_up_waiting() {
        let db = shared();
        let mut tx = db.begin();
        assert!(tx.run("CREATE (:A)", &Params::new()).is_ok());
        let reader = db.clone();
        let waited = std::thread::spawn(move || reader.run("MATCH (n) RETURN count(n)", &Params::new()));
        let outcome = waited.join().map_err(|_| ()).and_then(|r| r.map_err(|_| ()));
        assert!(outcome.is_err(), "a read during a write transaction must wait, then give up");
        assert!(tx.commit().is_ok());
        assert_eq!(count(&db), Value::Int(1));
    }

    #[test]
    fn the_lock_timeout_has_its_own_kind() {
        let db = shared();
        let mut tx = db.begin();
        assert!(tx.run("CREATE (:A)", &Params::new()).is_ok());
        let other = db.clone();
        let kind = std::thread::spawn(move || other.run("CREATE (:B)", &Params::new()).err().map(|e| e.kind)).join();
        assert_eq!(kind.ok().flatten(), Some(ErrorKind::LockTimeout));
    }

    #[test]
    fn reads_run_together() {
        let db = shared();
        assert!(db.run("CREATE (:A)", &Params::new()).is_ok());
        let guard = db.read();
        // A read holding the lock does not keep another read out.
        assert_eq!(count(&db), Value::Int(1));
        drop(guard);
    }
}
