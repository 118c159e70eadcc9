//! Running subqueries: `CALL { … }` per row (in batches of their own
//! transactions with `IN TRANSACTIONS`), `FOREACH`, and the `EXISTS`,
//! `COUNT` and `COLLECT` expressions.

use std::collections::HashSet;

use super::{Ctx, Row, eval, load_csv, pipeline, write};
use crate::error::{Error, ErrorKind, Result};
use crate::plan::Op;
use crate::plan::subquery::{Batching, Body, CallPlan, Foreach, OnError, SubqueryKind};
use crate::value::{Map, Value};

/// The values each row of a read-only body returns, from `row`.
pub fn read_body(body: &Body, row: &Row, ctx: &Ctx<'_>) -> Result<Vec<Vec<Value>>> {
    let mut results = Vec::new();
    for part in &body.parts {
        let rows = pipeline::read_rows(&part.ops, row, ctx)?;
        results.extend(rows.into_iter().map(|r| part.returns.iter().map(|s| r[*s].clone()).collect()));
    }
    Ok(distinct(body, results))
}

/// The same, for a body that changes the graph.
fn write_body(body: &Body, row: &Row, ctx: &mut Ctx<'_>) -> Result<Vec<Vec<Value>>> {
    // The body's operators are not the part's: PROFILE shows them as one.
    let profile = ctx.profile.take();
    let mut results = Vec::new();
    let mut outcome = Ok(());
    for part in &body.parts {
        match pipeline::run_ops(&part.ops, vec![row.clone()], ctx) {
            Ok(rows) => results.extend(rows.into_iter().map(|r| part.returns.iter().map(|s| r[*s].clone()).collect())),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    ctx.profile = profile;
    outcome.map(|()| distinct(body, results))
}

fn distinct(body: &Body, mut results: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    if body.distinct {
        let mut seen = HashSet::new();
        results.retain(|r| seen.insert(r.clone()));
    }
    results
}

/// `EXISTS { … }`, `COUNT { … }`, `COLLECT { … }`.
pub fn evaluate(kind: SubqueryKind, body: &Body, row: &Row, ctx: &Ctx<'_>) -> Result<Value> {
    let results = read_body(body, row, ctx)?;
    Ok(match kind {
        SubqueryKind::Exists => Value::Bool(!results.is_empty()),
        SubqueryKind::Count => Value::Int(i64::try_from(results.len()).unwrap_or(i64::MAX)),
        SubqueryKind::Collect => Value::List(results.into_iter().filter_map(|r| r.into_iter().next()).collect()),
    })
}

/// The rows a CALL makes of one input row and what its body returned.
pub fn outputs(call: &CallPlan, row: &Row, results: Vec<Vec<Value>>) -> Vec<Row> {
    if call.outputs.is_empty() {
        // A unit subquery: the row passes through unchanged.
        return vec![row.clone()];
    }
    if results.is_empty() {
        return if call.optional { vec![with_nulls(call, row)] } else { Vec::new() };
    }
    results
        .into_iter()
        .map(|values| {
            let mut out = row.clone();
            for (slot, value) in call.outputs.iter().zip(values) {
                out[*slot] = value;
            }
            out
        })
        .collect()
}

fn with_nulls(call: &CallPlan, row: &Row) -> Row {
    let mut out = row.clone();
    for slot in &call.outputs {
        out[*slot] = Value::Null;
    }
    out
}

/// A CALL whose body changes the graph, row after row.
pub fn call(call: &CallPlan, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    if let Some(batching) = &call.batching {
        return in_transactions(call, batching, rows, ctx);
    }
    let mut out = Vec::new();
    for row in rows {
        ctx.interrupt.check()?;
        let results = write_body(&call.body, &row, ctx)?;
        out.extend(outputs(call, &row, results));
    }
    Ok(out)
}

/// `IN TRANSACTIONS` over rows already gathered.
fn in_transactions(call: &CallPlan, batching: &Batching, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut transactions = Transactions::start(call, batching, true, ctx)?;
    transactions.feed(rows, ctx)?;
    transactions.finish(ctx)
}

/// `IN TRANSACTIONS`: each batch of rows runs and commits (durably) on its
/// own, before the next starts. A failed batch is rolled back alone; the
/// ones before it stay committed.
struct Transactions<'p> {
    call: &'p CallPlan,
    batching: &'p Batching,
    size: usize,
    /// Batches started so far.
    started: usize,
    /// `ON ERROR BREAK` met a failure: no batch starts any more.
    broken: bool,
    /// Rows not yet making a whole batch.
    pending: Vec<Row>,
    /// Whether anything reads the rows the CALL makes.
    keep: bool,
    out: Vec<Row>,
}

impl<'p> Transactions<'p> {
    fn start(call: &'p CallPlan, batching: &'p Batching, keep: bool, ctx: &mut Ctx<'_>) -> Result<Transactions<'p>> {
        let size = eval(&batching.size, &vec![Value::Null; ctx.width], ctx)?;
        let size = crate::analyse::batch_size(&size).map_err(|m| Error::new(ErrorKind::ArgumentError, m))?;
        // What the statement changed before the CALL is not part of a batch.
        commit(ctx)?;
        Ok(Transactions { call, batching, size, started: 0, broken: false, pending: Vec::new(), keep, out: Vec::new() })
    }

    /// Takes more rows; runs every batch they complete.
    fn feed(&mut self, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<()> {
        self.pending.extend(rows);
        while self.pending.len() >= self.size {
            let batch: Vec<Row> = self.pending.drain(..self.size).collect();
            self.run(batch, ctx)?;
        }
        Ok(())
    }

    /// Runs the last, partial batch; returns the CALL's rows.
    fn finish(mut self, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
        if !self.pending.is_empty() {
            let batch = std::mem::take(&mut self.pending);
            self.run(batch, ctx)?;
        }
        Ok(self.out)
    }

    fn run(&mut self, batch: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<()> {
        let (call, batching) = (self.call, self.batching);
        let rows: Vec<Row> = if self.broken {
            let status = status(false, false, Value::Null, Value::Null);
            batch.iter().map(|row| with_status(batching, with_nulls(call, row), &status)).collect()
        } else {
            self.started += 1;
            let id = Value::string(&format!("batch-{}", self.started));
            let before = ctx.stats;
            match run_batch(call, &batch, ctx) {
                Ok(done) => {
                    let status = status(true, true, id, Value::Null);
                    done.into_iter().map(|row| with_status(batching, row, &status)).collect()
                }
                Err(e) if e.kind == ErrorKind::ResourceLimit => return Err(e),
                Err(e) => {
                    ctx.graph.write()?.rollback();
                    ctx.stats = before;
                    ctx.pending_deletes.clear();
                    match batching.on_error {
                        OnError::Fail => return Err(e),
                        OnError::Break => self.broken = true,
                        OnError::Continue => {}
                    }
                    let status = status(true, false, id, Value::string(&e.message));
                    batch.iter().map(|row| with_status(batching, with_nulls(call, row), &status)).collect()
                }
            }
        };
        if self.keep {
            self.out.extend(rows);
        }
        Ok(())
    }
}

/// Where `LOAD CSV` feeds `CALL { … } IN TRANSACTIONS` through streaming
/// operators only: the index of the CALL. Such a statement reads its file
/// a batch at a time, so a file of any size is loaded in the memory of a
/// batch.
pub fn batched_load(ops: &[Op], at: usize) -> Option<usize> {
    if !matches!(ops.get(at), Some(Op::LoadCsv(_))) {
        return None;
    }
    let end = ops[at + 1..].iter().position(|op| pipeline::is_update(op) || pipeline::is_gathering(op))? + at + 1;
    matches!(&ops[end], Op::Subquery(call) if call.batching.is_some()).then_some(end)
}

/// Runs `ops` (LOAD CSV, streaming operators, a batched CALL: see
/// [`batched_load`]) over `rows`. `last`: nothing reads the CALL's rows.
pub fn load_in_batches(ops: &[Op], rows: Vec<Row>, last: bool, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let (Some(Op::LoadCsv(load)), Some((Op::Subquery(call), middle))) = (ops.first(), ops[1..].split_last()) else {
        return Err(Error::semantic("internal: not a batched LOAD CSV"));
    };
    let Some(batching) = &call.batching else {
        return Err(Error::semantic("internal: not a batched LOAD CSV"));
    };
    let mut transactions = Transactions::start(call, batching, !last, ctx)?;
    for mut row in rows {
        let mut records = load_csv::Records::open(load, &row, ctx)?;
        loop {
            let mut chunk = Vec::new();
            while chunk.len() < transactions.size && records.next_into(&mut row, ctx)? {
                chunk.push(row.clone());
            }
            let done = chunk.len() < transactions.size;
            let fed = pipeline::read_all(middle, chunk, ctx)?;
            transactions.feed(fed, ctx)?;
            if done {
                break;
            }
        }
    }
    transactions.finish(ctx)
}

/// Runs one batch and commits it.
fn run_batch(call: &CallPlan, batch: &[Row], ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for row in batch {
        ctx.interrupt.check()?;
        let results = write_body(&call.body, row, ctx)?;
        out.extend(outputs(call, row, results));
    }
    write::finish_deletes(ctx)?;
    commit(ctx)?;
    Ok(out)
}

/// Makes the graph's changes so far durable and final.
fn commit(ctx: &mut Ctx<'_>) -> Result<()> {
    let Ctx { commit, graph, .. } = ctx;
    match commit {
        Some(commit) => commit(graph.write()?),
        None => Err(Error::semantic("CALL { … } IN TRANSACTIONS needs a database to commit to")),
    }
}

/// `REPORT STATUS AS s`: what became of a row's transaction.
fn status(started: bool, committed: bool, id: Value, error: Value) -> Value {
    let mut map = Map::new();
    map.insert("started".into(), Value::Bool(started));
    map.insert("committed".into(), Value::Bool(committed));
    map.insert("transactionId".into(), id);
    map.insert("errorMessage".into(), error);
    Value::Map(map)
}

fn with_status(batching: &Batching, mut row: Row, status: &Value) -> Row {
    if let Some(slot) = batching.status {
        row[slot] = status.clone();
    }
    row
}

/// `FOREACH`: the updates run once per element; the rows pass on unchanged.
pub fn foreach(each: &Foreach, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let profile = ctx.profile.take();
    let outcome = rows.iter().try_for_each(|row| {
        let items = match eval(&each.list, row, ctx)? {
            Value::List(items) => items,
            Value::Null => return Ok(()),
            other => {
                return Err(Error::type_error(format!("FOREACH needs a list, not {}", other.type_name())));
            }
        };
        for item in items {
            let mut inner = row.clone();
            inner[each.slot] = item;
            pipeline::run_ops(&each.ops, vec![inner], ctx)?;
        }
        Ok(())
    });
    ctx.profile = profile;
    outcome.map(|()| rows)
}
