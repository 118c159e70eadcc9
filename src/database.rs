//! The library's front door: a [`Database`] runs openCypher statements
//! against its graph, each one atomically.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind, Result};
use crate::result::QueryResult;
use crate::script::split_statements;
use crate::store::Graph;
use crate::value::Value;

/// Parameters bound to `$name` in statements.
pub type Params = BTreeMap<String, Value>;

/// The bundled North Korea sanctions graph, as a Cypher script.
pub const BUNDLED_GRAPH: &str = include_str!("../data/sanctions.cypher");

/// Limits on one statement's run.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// End a statement that runs longer than this (`ResourceLimit`).
    pub timeout: Option<Duration>,
}

pub struct Database {
    graph: Graph,
    cancel: Arc<AtomicBool>,
    pub limits: Limits,
}

impl Default for Database {
    fn default() -> Database {
        Database::empty()
    }
}

impl Database {
    /// An empty in-memory graph.
    pub fn empty() -> Database {
        Database { graph: Graph::new(), cancel: Arc::default(), limits: Limits::default() }
    }

    /// The bundled sanctions graph, in memory.
    pub fn bundled() -> Result<Database> {
        let mut db = Database::empty();
        db.run_script(BUNDLED_GRAPH, &Params::new())?;
        Ok(db)
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
    pub fn execute(&mut self, statement: &str, params: &Params) -> Result<QueryResult> {
        let started = Instant::now();
        self.cancel.store(false, Ordering::Relaxed);
        let interrupt = crate::exec::Interrupt::new(self.cancel.clone(), self.limits.timeout.map(|t| started + t));
        let outcome = crate::exec::run(statement, params, &mut self.graph, &interrupt);
        match outcome {
            Ok(mut result) => {
                self.graph.commit();
                result.elapsed = started.elapsed();
                Ok(result)
            }
            Err(e) => {
                self.graph.rollback();
                Err(e)
            }
        }
    }
}

/// Parses a parameter value given on the command line (`-p name='Iran'`):
/// a Cypher expression without variables or parameters, evaluated once.
pub fn parse_literal(text: &str) -> Result<Value> {
    let expr = crate::parser::parse_expression(text)?;
    let mut db = Database::empty();
    let stats = std::sync::Arc::default();
    let compiled = crate::analyse::constant(&expr, stats)?;
    crate::exec::evaluate_constant(&compiled, &mut db.graph)
        .map_err(|e| Error::new(ErrorKind::ArgumentError, format!("not a literal value: {}", e.message)))
}
