//! The executor: runs a plan's operators over the store. A row is a
//! `Vec<Value>` indexed by slot. Each operator takes the rows of the one
//! before; patterns are matched depth-first, one row at a time.

mod aggregate;
mod eval;
mod functions;
mod matcher;
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
use crate::plan::explain::{OpProfile, is_shown};
use crate::plan::{Op, Procedure, QueryPlan};
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
    /// With PROFILE: per query part, what each shown operator did.
    pub profile: Option<Vec<Vec<OpProfile>>>,
}

impl Ctx<'_> {
    /// Checks the interrupt every 1024 calls.
    pub fn tick(&self) -> Result<()> {
        let t = self.ticks.get().wrapping_add(1);
        self.ticks.set(t);
        if t.is_multiple_of(1024) { self.interrupt.check() } else { Ok(()) }
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
        profile: None,
    }
}

/// Parses, analyses, plans and runs one statement.
pub fn run(statement: &str, params: &Params, graph: &mut Graph, interrupt: &Interrupt) -> Result<QueryResult> {
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
        let rows = run_ops(&part.ops, vec![vec![Value::Null; part.slots]], ctx)?;
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

/// Runs operators in order over `rows`.
fn run_ops(ops: &[Op], mut rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    for op in ops {
        ctx.interrupt.check()?;
        let started = Instant::now();
        rows = run_op(op, rows, ctx)?;
        if let Some(part) = ctx.profile.as_mut().and_then(|p| p.last_mut())
            && is_shown(op)
        {
            part.push(OpProfile { rows: rows.len(), time: started.elapsed() });
        }
    }
    Ok(rows)
}

fn run_op(op: &Op, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    match op {
        Op::Create(items) => write::create(items, rows, ctx),
        Op::Merge(merge) => write::merge(merge, rows, ctx),
        Op::Set(ops) => write::set(ops, rows, ctx),
        Op::Delete { detach, exprs } => write::delete(*detach, exprs, rows, ctx),
        read => run_read_op(read, rows, ctx),
    }
}

/// Runs an operator that only reads (also inside `EXISTS { … }`).
pub fn run_read_op(op: &Op, rows: Vec<Row>, ctx: &Ctx<'_>) -> Result<Vec<Row>> {
    Ok(match op {
        Op::Match { plan, optional, introduced } => {
            let mut out = Vec::new();
            for row in rows {
                let before = out.len();
                matcher::run_read(plan, row.clone(), ctx, &mut |r| {
                    out.push(r);
                    Ok(true)
                })?;
                if *optional && out.len() == before {
                    let mut null_row = row;
                    for s in introduced {
                        null_row[*s] = Value::Null;
                    }
                    out.push(null_row);
                }
            }
            out
        }
        Op::Filter(condition) => {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                ctx.tick()?;
                if matches!(eval(condition, &row, ctx)?, Value::Bool(true)) {
                    out.push(row);
                }
            }
            out
        }
        Op::Unwind { expr, slot } => {
            let mut out = Vec::new();
            for row in rows {
                match eval(expr, &row, ctx)? {
                    Value::List(items) => {
                        for item in items {
                            let mut r = row.clone();
                            r[*slot] = item;
                            out.push(r);
                        }
                    }
                    Value::Null => {}
                    other => {
                        let mut r = row;
                        r[*slot] = other;
                        out.push(r);
                    }
                }
            }
            out
        }
        Op::Project(items) => {
            let mut out = Vec::with_capacity(rows.len());
            for mut row in rows {
                ctx.tick()?;
                for (expr, slot) in items {
                    row[*slot] = eval(expr, &row, ctx)?;
                }
                out.push(row);
            }
            out
        }
        Op::Aggregate { keys, aggregates } => aggregate::run(keys, aggregates, rows, ctx)?,
        Op::Distinct(slots) => {
            let mut seen = HashSet::new();
            rows.into_iter()
                .filter(|row| seen.insert(slots.iter().map(|s| row[*s].clone()).collect::<Vec<_>>()))
                .collect()
        }
        Op::Sort(keys) => {
            let mut keyed = Vec::with_capacity(rows.len());
            for row in rows {
                let k = keys.iter().map(|(e, _)| eval(e, &row, ctx)).collect::<Result<Vec<_>>>()?;
                keyed.push((k, row));
            }
            keyed.sort_by(|(a, _), (b, _)| {
                for (i, (_, descending)) in keys.iter().enumerate() {
                    let o = a[i].order(&b[i]);
                    let o = if *descending { o.reverse() } else { o };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
            keyed.into_iter().map(|(_, row)| row).collect()
        }
        Op::Skip(e) => {
            let n = count_value(e, ctx)?;
            rows.into_iter().skip(n).collect()
        }
        Op::Limit(e) => {
            let n = count_value(e, ctx)?;
            rows.into_iter().take(n).collect()
        }
        Op::Retain(slots) => {
            let keep: HashSet<usize> = slots.iter().copied().collect();
            rows.into_iter()
                .map(|mut row| {
                    for (i, v) in row.iter_mut().enumerate() {
                        if !keep.contains(&i) {
                            *v = Value::Null;
                        }
                    }
                    row
                })
                .collect()
        }
        Op::Create(_) | Op::Merge(_) | Op::Set(_) | Op::Delete { .. } => {
            return Err(Error::semantic("an update cannot run inside a read-only subquery"));
        }
        Op::Call { procedure, yields, .. } => {
            let values = procedure_rows(*procedure, ctx.graph);
            let mut out = Vec::new();
            for row in rows {
                for v in &values {
                    let mut r = row.clone();
                    for (field, slot) in yields {
                        if *field == 0 {
                            r[*slot] = v.clone();
                        }
                    }
                    out.push(r);
                }
            }
            out
        }
    })
}

/// The value of SKIP or LIMIT.
fn count_value(e: &crate::plan::Expr, ctx: &Ctx<'_>) -> Result<usize> {
    let v = eval(e, &Vec::new(), ctx)?;
    match crate::analyse::check_count(&v) {
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err((detail, message)) => Err(Error::syntax(format!("{message} ({detail})"))),
    }
}

/// The one output column of the built-in procedures, one value a row.
fn procedure_rows(procedure: Procedure, graph: &Graph) -> Vec<Value> {
    let names: Vec<String> = match procedure {
        Procedure::Labels => {
            graph.labels.names().filter(|(s, _)| graph.label_count(*s) > 0).map(|(_, n)| n.to_string()).collect()
        }
        Procedure::RelationshipTypes => {
            let used: HashSet<u32> = graph.rel_ids().filter_map(|r| graph.rel(r).map(|r| r.rel_type)).collect();
            graph.types.names().filter(|(s, _)| used.contains(s)).map(|(_, n)| n.to_string()).collect()
        }
        Procedure::PropertyKeys => graph.keys.names().map(|(_, n)| n.to_string()).collect(),
    };
    names.into_iter().map(|n| Value::string(&n)).collect()
}
