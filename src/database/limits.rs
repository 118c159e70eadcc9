//! What ends a statement early: its own limits (time, memory), and what
//! its caller adds (a cancel flag, a transaction's deadline).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// Limits on one statement's run.
#[derive(Clone, Debug)]
pub struct Limits {
    /// End a statement that runs longer than this (`ResourceLimit`).
    pub timeout: Option<Duration>,
    /// End a statement that holds more than this many bytes while it runs
    /// (`ResourceLimit`): rows, lists, strings, paths, sorts, groups and
    /// what it adds to the graph. `None` is no bound.
    pub max_memory: Option<usize>,
}

impl Default for Limits {
    /// No timeout; a memory budget of a quarter of the machine's memory.
    fn default() -> Limits {
        Limits { timeout: None, max_memory: Some(crate::memory::default_budget()) }
    }
}

/// What else may end a statement early, beyond its [`Limits`]: a cancel
/// flag another thread sets (a client's RESET or hang-up), and the
/// deadline of the transaction it belongs to. Both end it with
/// `ResourceLimit`.
#[derive(Clone, Debug, Default)]
pub struct Stop {
    pub cancel: Arc<AtomicBool>,
    pub deadline: Option<Instant>,
}

impl Stop {
    pub(super) fn interrupt(&self, limits: &Limits, started: Instant) -> crate::exec::Interrupt {
        let timeout = limits.timeout.map(|t| started + t);
        let deadline = match (timeout, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        crate::exec::Interrupt::new(self.cancel.clone(), deadline).with_memory(limits.max_memory)
    }
}
