//! The executor (being built): runs a statement against the graph.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::database::Params;
use crate::error::{Error, ErrorKind, Result};
use crate::result::QueryResult;
use crate::store::Graph;

/// Why a running statement must stop: a cancel flag or a deadline.
pub struct Interrupt {
    cancel: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

impl Interrupt {
    pub fn new(cancel: Arc<AtomicBool>, deadline: Option<Instant>) -> Interrupt {
        Interrupt { cancel, deadline }
    }

    /// `ResourceLimit` once cancelled or past the deadline.
    pub fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorKind::ResourceLimit, "the statement was cancelled"));
        }
        if self.deadline.is_some_and(|d| Instant::now() > d) {
            return Err(Error::new(ErrorKind::ResourceLimit, "the statement ran past its timeout"));
        }
        Ok(())
    }
}

pub fn run(_statement: &str, _params: &Params, _graph: &mut Graph, interrupt: &Interrupt) -> Result<QueryResult> {
    interrupt.check()?;
    Err(Error::new(ErrorKind::SemanticError, "the executor is not built yet"))
}
