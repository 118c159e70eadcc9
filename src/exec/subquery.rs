//! Running subqueries: `CALL { … }` per row (in batches of their own
//! transactions with `IN TRANSACTIONS`), `FOREACH`, and the `EXISTS`,
//! `COUNT` and `COLLECT` expressions.

use std::collections::HashSet;

use super::{Ctx, Row, eval, pipeline, write};
use crate::error::{Error, ErrorKind, Result};
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

/// `IN TRANSACTIONS`: each batch of rows runs and commits (durably) on its
/// own, before the next starts. A failed batch is rolled back alone; the
/// ones before it stay committed.
fn in_transactions(call: &CallPlan, batching: &Batching, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let size = eval(&batching.size, &vec![Value::Null; ctx.width], ctx)?;
    let size = crate::analyse::batch_size(&size).map_err(|m| Error::new(ErrorKind::ArgumentError, m))?;
    // What the statement changed before the CALL is not part of a batch.
    commit(ctx)?;
    let mut out = Vec::new();
    let mut broken = false;
    for (number, batch) in rows.chunks(size).enumerate() {
        let id = Value::string(&format!("batch-{}", number + 1));
        if broken {
            let status = status(false, false, Value::Null, Value::Null);
            out.extend(batch.iter().map(|row| with_status(batching, with_nulls(call, row), &status)));
            continue;
        }
        let before = ctx.stats;
        match run_batch(call, batch, ctx) {
            Ok(done) => {
                let status = status(true, true, id, Value::Null);
                out.extend(done.into_iter().map(|row| with_status(batching, row, &status)));
            }
            Err(e) if e.kind == ErrorKind::ResourceLimit => return Err(e),
            Err(e) => {
                ctx.graph.rollback();
                ctx.stats = before;
                ctx.pending_deletes.clear();
                match batching.on_error {
                    OnError::Fail => return Err(e),
                    OnError::Break => broken = true,
                    OnError::Continue => {}
                }
                let status = status(true, false, id, Value::string(&e.message));
                out.extend(batch.iter().map(|row| with_status(batching, with_nulls(call, row), &status)));
            }
        }
    }
    Ok(out)
}

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
        Some(commit) => commit(graph),
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
