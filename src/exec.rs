//! The executor: runs a plan's operators over the store. A row is a
//! `Vec<Value>` indexed by slot. Each operator takes the rows of the one
//! before; patterns are matched depth-first, one row at a time.

mod aggregate;
mod eval;
mod functions;
mod listing;
mod matcher;
mod pipeline;
mod procedures;
mod search;
mod strings;
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
use crate::plan::QueryPlan;
use crate::plan::explain::OpProfile;
use crate::result::{Entities, QueryResult, Stats};
use crate::store::Graph;
use crate::value::Value;

pub use eval::eval;

/// A row: one value per slot.
pub type Row = Vec<Value>;

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

/// What operators share while a statement runs.
pub struct Ctx<'a> {
    pub graph: &'a mut Graph,
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
    /// With PROFILE: per query part, what each shown operator did.
    pub profile: Option<Vec<Vec<OpProfile>>>,
}

impl Ctx<'_> {
    /// Checks the interrupt every 64 calls (an atomic load, and a clock
    /// read when there is a timeout), so Ctrl-C answers within milliseconds.
    pub fn tick(&self) -> Result<()> {
        let t = self.ticks.get().wrapping_add(1);
        self.ticks.set(t);
        if t.is_multiple_of(64) { self.interrupt.check() } else { Ok(()) }
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
    let ctx = new_ctx(graph, &params, &interrupt);
    eval(e, &Vec::new(), &ctx)
}

fn new_ctx<'a>(graph: &'a mut Graph, params: &'a Params, interrupt: &'a Interrupt) -> Ctx<'a> {
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
        profile: None,
    }
}

/// A statement's result, and what it asks of the database after commit.
pub struct Outcome {
    pub result: QueryResult,
    pub checkpoint: bool,
}

/// Parses, analyses, plans and runs one statement.
pub fn run(statement: &str, params: &Params, graph: &mut Graph, interrupt: &Interrupt) -> Result<Outcome> {
    let checkpoint = Cell::new(false);
    let result = run_statement(statement, params, graph, interrupt, &checkpoint)?;
    Ok(Outcome { result, checkpoint: checkpoint.get() })
}

fn run_statement(
    statement: &str,
    params: &Params,
    graph: &mut Graph,
    interrupt: &Interrupt,
    checkpoint: &Cell<bool>,
) -> Result<QueryResult> {
    let parsed = crate::parser::parse(statement)?;
    let stats =
        Arc::new(graph.labels.names().map(|(symbol, name)| (name.to_string(), graph.label_count(symbol))).collect());
    let plan = crate::analyse::analyse(&parsed.query, stats)?;
    if parsed.explain == Some(ExplainMode::Explain) {
        return Ok(QueryResult {
            columns: plan.columns.clone(),
            plan: Some(plan.to_string()),
            ..QueryResult::default()
        });
    }
    let mut ctx = new_ctx(graph, params, interrupt);
    if parsed.explain == Some(ExplainMode::Profile) {
        ctx.profile = Some(Vec::new());
    }
    let rows = run_plan(&plan, &mut ctx)?;
    write::finish_deletes(&mut ctx)?;
    checkpoint.set(ctx.checkpoint.get());
    let entities = Entities::collect(&rows, ctx.graph, &ctx.deleted);
    let plan_text = ctx.profile.take().map(|profile| plan.render(&profile));
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
        all.retain(|row| seen.insert(row.clone()));
    }
    Ok(all)
}
