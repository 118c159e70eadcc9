//! The executor: runs a plan's operators over the store. A row is a
//! `Vec<Value>` indexed by slot. Each operator takes the rows of the one
//! before; patterns are matched depth-first, one row at a time.

mod aggregate;
mod eval;
mod fulltext;
mod functions;
mod listing;
mod load_csv;
mod matcher;
mod pipeline;
mod procedures;
mod repeat;
mod schema;
mod search;
mod seek;
mod select;
mod strings;
mod subquery;
mod temporal;
mod write;

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::ast::ExplainMode;
use crate::database::Params;
use crate::error::{Error, ErrorKind, Result};
use crate::memory::Budget;
use crate::plan::QueryPlan;
use crate::plan::explain::OpProfile;
use crate::result::{Entities, QueryResult, Stats};
use crate::store::Graph;
use crate::value::Value;

pub use eval::eval;

/// A row: one value per slot.
pub type Row = Vec<Value>;

/// Why a running statement must stop: a cancel flag, a deadline or its
/// memory budget.
pub struct Interrupt {
    cancel: Arc<AtomicBool>,
    deadline: Option<Instant>,
    memory: Option<Budget>,
}

impl Interrupt {
    pub fn new(cancel: Arc<AtomicBool>, deadline: Option<Instant>) -> Interrupt {
        Interrupt { cancel, deadline, memory: None }
    }

    /// The same, with a budget of `limit` bytes counted from now on the
    /// calling thread (the one the statement runs on).
    pub fn with_memory(self, limit: Option<usize>) -> Interrupt {
        Interrupt { memory: limit.map(Budget::start), ..self }
    }

    /// `ResourceLimit` once cancelled, past the deadline or over budget.
    pub fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorKind::ResourceLimit, "the statement was cancelled"));
        }
        if self.deadline.is_some_and(|d| Instant::now() > d) {
            return Err(Error::new(ErrorKind::ResourceLimit, "the statement ran past its timeout"));
        }
        self.check_memory()
    }

    /// `ResourceLimit` once the statement holds more than its budget: a
    /// thread-local read, cheap enough for every row.
    pub fn check_memory(&self) -> Result<()> {
        self.memory.as_ref().map_or(Ok(()), Budget::check)
    }

    /// `ResourceLimit` if `bytes` more would pass the budget; asked before
    /// an allocation of a size known in advance.
    pub fn reserve(&self, bytes: usize) -> Result<()> {
        self.memory.as_ref().map_or(Ok(()), |b| b.reserve(bytes))
    }
}

/// The graph as a statement holds it: shared for reading (many statements
/// at once), or exclusively, for writing.
pub enum GraphAccess<'a> {
    /// `wanted_write` records a refused attempt to change the graph, so
    /// that the caller can run the statement again with write access.
    Read {
        graph: &'a Graph,
        wanted_write: bool,
    },
    Write(&'a mut Graph),
}

impl GraphAccess<'_> {
    /// The graph for a change; an error (and a note to retry for writing)
    /// when the statement holds it only for reading.
    pub fn write(&mut self) -> Result<&mut Graph> {
        match self {
            GraphAccess::Write(graph) => Ok(graph),
            GraphAccess::Read { wanted_write, .. } => {
                *wanted_write = true;
                Err(Error::new(ErrorKind::IoError, "this statement changes the graph and was run for reading"))
            }
        }
    }
}

impl std::ops::Deref for GraphAccess<'_> {
    type Target = Graph;

    fn deref(&self) -> &Graph {
        match self {
            GraphAccess::Read { graph, .. } => graph,
            GraphAccess::Write(graph) => graph,
        }
    }
}

/// What operators share while a statement runs.
pub struct Ctx<'a> {
    pub graph: GraphAccess<'a>,
    pub params: &'a Params,
    pub interrupt: &'a Interrupt,
    pub stats: Stats,
    /// Data of entities deleted by this statement, for returning them.
    pub deleted: Entities,
    /// Nodes deleted without DETACH that still had relationships: they
    /// must lose them by the end of the statement.
    pub pending_deletes: HashSet<u64>,
    /// Calls since the interrupt was last checked.
    ticks: Cell<u32>,
    /// Slots in a row of the running query part.
    pub width: usize,
    /// The statement's time, nanoseconds since 1970 (UTC): `datetime()`,
    /// `timestamp()` and the rest read this, not the clock, so they agree.
    pub clock: i128,
    /// Set by `CALL db.checkpoint()`.
    pub checkpoint: Cell<bool>,
    /// Set when a search that a path selector capped stopped at its cap:
    /// a longer cap may find more (see exec/select.rs).
    pub cut: Cell<bool>,
    /// With PROFILE: per query part, what each shown operator did.
    pub profile: Option<Vec<Vec<OpProfile>>>,
    /// With PROFILE: the rows each pattern step produced.
    pub step_rows: Option<std::cell::RefCell<crate::plan::explain::StepRows>>,
    /// Makes the changes so far durable and final: `CALL { … } IN
    /// TRANSACTIONS` commits each batch with it.
    pub commit: Option<&'a mut Commit<'a>>,
}

/// What commits a statement's changes so far (the database's WAL write).
pub type Commit<'a> = dyn FnMut(&mut Graph) -> Result<()> + 'a;

impl Ctx<'_> {
    /// Checks the interrupt every 64 calls (an atomic load, and a clock
    /// read when there is a timeout), so Ctrl-C answers within milliseconds.
    /// The memory budget is checked at every call.
    pub fn tick(&self) -> Result<()> {
        let t = self.ticks.get().wrapping_add(1);
        self.ticks.set(t);
        if t.is_multiple_of(64) { self.interrupt.check() } else { self.interrupt.check_memory() }
    }

    /// `ResourceLimit` if `bytes` more would pass the memory budget.
    pub fn reserve(&self, bytes: usize) -> Result<()> {
        self.interrupt.reserve(bytes)
    }

    pub fn param(&self, name: &str) -> Result<Value> {
        self.params.get(name).cloned().ok_or_else(|| {
            Error::new(ErrorKind::SemanticError, format!("Expected parameter ${name} to be given (ParameterMissing)"))
        })
    }
}

/// Evaluates an expression that reads no row (a parameter's value).
pub fn evaluate_constant(e: &crate::plan::Expr, graph: &mut Graph) -> Result<Value> {
    let params = Params::new();
    let interrupt = Interrupt::new(Arc::default(), None);
    let ctx = new_ctx(GraphAccess::Write(graph), &params, &interrupt);
    eval(e, &Vec::new(), &ctx)
}

fn new_ctx<'a>(graph: GraphAccess<'a>, params: &'a Params, interrupt: &'a Interrupt) -> Ctx<'a> {
    Ctx {
        graph,
        params,
        interrupt,
        stats: Stats::default(),
        deleted: Entities::default(),
        pending_deletes: HashSet::new(),
        ticks: Cell::new(0),
        width: 0,
        clock: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128),
        checkpoint: Cell::new(false),
        cut: Cell::new(false),
        profile: None,
        step_rows: None,
        commit: None,
    }
}

/// A statement's result, and what it asks of the database after commit.
pub struct Outcome {
    pub result: QueryResult,
    pub checkpoint: bool,
}

/// The stack a statement runs on. Lowering, analysis, evaluation and the
/// pipeline recurse once per level of an expression, a value or a query;
/// the nesting limits (`parser::MAX_EXPRESSION_DEPTH`, `value::MAX_DEPTH`,
/// the clause and pattern limits) bound that depth, and this is enough
/// stack for the bounds in an unoptimised build, on whatever thread the
/// caller runs (a test's thread has 2 MiB).
const STATEMENT_STACK: usize = 128 << 20;

/// Runs `f` with at least [`STATEMENT_STACK`] of stack: on the caller's
/// own when it has that much left, else on a fresh one (on the same
/// thread, so the thread's memory count still sees what `f` allocates).
/// The stack a thread that runs statements is given: the statement's own
/// and room for the frames of its caller, so that
/// [`with_statement_stack`] runs the statement in place instead of mapping
/// a fresh stack for every one (tens of microseconds a statement).
pub const THREAD_STACK: usize = STATEMENT_STACK + (16 << 20);

pub fn with_statement_stack<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(STATEMENT_STACK, STATEMENT_STACK, f)
}

/// Parses, analyses, plans and runs one statement; `commit` makes the
/// changes so far durable, for statements that commit in batches.
pub fn run(
    statement: &str,
    params: &Params,
    graph: &mut Graph,
    interrupt: &Interrupt,
    commit: &mut Commit<'_>,
) -> Result<Outcome> {
    with_statement_stack(|| {
        let checkpoint = Cell::new(false);
        let mut wanted_write = false;
        let access = GraphAccess::Write(graph);
        let result = run_statement(statement, params, access, interrupt, &checkpoint, &mut wanted_write, commit)?;
        Ok(Outcome { result, checkpoint: checkpoint.get() })
    })
}

/// Runs one statement that only reads the graph, alongside others. `None`
/// when it turns out to change the graph (or to ask for a checkpoint): it
/// changed nothing, and must run again through [`run`].
pub fn run_read(statement: &str, params: &Params, graph: &Graph, interrupt: &Interrupt) -> Option<Result<QueryResult>> {
    with_statement_stack(|| {
        let checkpoint = Cell::new(false);
        let mut wanted_write = false;
        let access = GraphAccess::Read { graph, wanted_write: false };
        // A batch to commit needs the graph for writing, which a read
        // refuses (and asks to run again as a write) before it gets here.
        let mut commit = |_: &mut Graph| Ok(());
        let result = run_statement(statement, params, access, interrupt, &checkpoint, &mut wanted_write, &mut commit);
        (!wanted_write && !checkpoint.get()).then_some(result)
    })
}

fn run_statement(
    statement: &str,
    params: &Params,
    graph: GraphAccess<'_>,
    interrupt: &Interrupt,
    checkpoint: &Cell<bool>,
    wanted_write: &mut bool,
    commit: &mut Commit<'_>,
) -> Result<QueryResult> {
    let parsed = crate::parser::parse(statement)?;
    let stats = Arc::new(crate::plan::stats::GraphStats::of(&graph, seek::indexes(&graph)));
    let plan = crate::analyse::analyse(&parsed.query, stats)?;
    if parsed.explain == Some(ExplainMode::Explain) {
        return Ok(QueryResult {
            columns: plan.columns.clone(),
            plan: Some(plan.explain(&parsed.query, &[], &Default::default())),
            ..QueryResult::default()
        });
    }
    let mut ctx = new_ctx(graph, params, interrupt);
    ctx.commit = Some(commit);
    if parsed.explain == Some(ExplainMode::Profile) {
        ctx.profile = Some(Vec::new());
        ctx.step_rows = Some(Default::default());
    }
    let rows = run_plan(&plan, &mut ctx);
    if let GraphAccess::Read { wanted_write: true, .. } = ctx.graph {
        *wanted_write = true;
    }
    let rows = rows?;
    write::finish_deletes(&mut ctx)?;
    checkpoint.set(ctx.checkpoint.get());
    let entities = Entities::collect(&rows, &ctx.graph, &ctx.deleted);
    let step_rows = ctx.step_rows.take().map(|s| s.into_inner()).unwrap_or_default();
    let plan_text = ctx.profile.take().map(|profile| plan.explain(&parsed.query, &profile, &step_rows));
    Ok(QueryResult {
        columns: plan.columns,
        rows,
        stats: ctx.stats,
        elapsed: Default::default(),
        entities,
        plan: plan_text,
    })
}

fn run_plan(plan: &QueryPlan, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut all: Vec<Row> = Vec::new();
    for part in &plan.parts {
        ctx.width = part.slots;
        if let Some(profile) = &mut ctx.profile {
            profile.push(Vec::new());
        }
        let rows = pipeline::run_ops(&part.ops, vec![vec![Value::Null; part.slots]], ctx)?;
        if part.returns.is_empty() {
            // A statement without RETURN returns nothing.
            continue;
        }
        let projected = rows.into_iter().map(|row| part.returns.iter().map(|s| row[*s].clone()).collect::<Row>());
        all.extend(projected);
    }
    // UNION (without ALL) returns each row once.
    if plan.union_all.first() == Some(&false) {
        let mut seen = HashSet::new();
        let mut distinct = Vec::new();
        for row in all {
            ctx.tick()?;
            if seen.insert(row.clone()) {
                distinct.push(row);
            }
        }
        all = distinct;
    }
    Ok(all)
}
