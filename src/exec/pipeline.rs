//! The operator pipeline. Reading operators stream: one row goes through
//! every following reading operator before the next row is made, so no
//! list of rows is built between them, and LIMIT stops the pattern search
//! early. Rows are gathered only where they must be: before ORDER BY and
//! aggregation (which need them all), and before an update, which must not
//! change the graph a MATCH before it is still reading.

use std::collections::HashSet;
use std::time::Instant;

use super::aggregate::Aggregator;
use super::{Ctx, Row, eval, load_csv, matcher, procedures, subquery, write};
use crate::error::{Error, Result};
use crate::plan::explain::OpProfile;
use crate::plan::{Expr, Op};
use crate::value::Value;

/// Runs operators in order over `rows`; updates included.
pub fn run_ops(ops: &[Op], mut rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut at = 0;
    while at < ops.len() {
        if let Some(call) = subquery::batched_load(ops, at) {
            let started = Instant::now();
            rows = subquery::load_in_batches(&ops[at..=call], rows, call + 1 == ops.len(), ctx)?;
            let shown = OpProfile { rows: rows.len(), time: Some(started.elapsed()) };
            record(ctx, vec![shown; call + 1 - at]);
            at = call + 1;
            continue;
        }
        let (gathered, next, profile) = read_segment(ops, at, rows, ctx)?;
        record(ctx, profile);
        rows = gathered;
        at = next;
        if let Some(op) = ops.get(at) {
            ctx.interrupt.check()?;
            let started = Instant::now();
            rows = match op {
                Op::Create(items) => write::create(items, rows, ctx)?,
                Op::Merge(merge) => write::merge(merge, rows, ctx)?,
                Op::Set(ops) => write::set(ops, rows, ctx)?,
                Op::Delete { detach, exprs } => write::delete(*detach, exprs, rows, ctx)?,
                Op::Schema { command, options } => super::schema::run(command, options.as_ref(), rows, ctx)?,
                Op::Call { procedure, args, yields } => procedures::call_writing(*procedure, args, yields, rows, ctx)?,
                Op::Subquery(call) => subquery::call(call, rows, ctx)?,
                Op::Foreach(each) => subquery::foreach(each, rows, ctx)?,
                other => return Err(Error::semantic(format!("internal: {other:?} is not an update"))),
            };
            record(ctx, vec![OpProfile { rows: rows.len(), time: Some(started.elapsed()) }]);
            at += 1;
        }
    }
    Ok(rows)
}

/// The rows a subquery's operators produce from `row` (reading only).
pub fn read_rows(ops: &[Op], row: &Row, ctx: &Ctx<'_>) -> Result<Vec<Row>> {
    read_all(ops, vec![row.clone()], ctx)
}

/// The rows reading operators produce from `rows`.
pub fn read_all(ops: &[Op], mut rows: Vec<Row>, ctx: &Ctx<'_>) -> Result<Vec<Row>> {
    let mut at = 0;
    while at < ops.len() {
        let (gathered, next, _) = read_segment(ops, at, rows, ctx)?;
        if next < ops.len() {
            return Err(Error::semantic("an update cannot run inside a subquery"));
        }
        rows = gathered;
        at = next;
    }
    Ok(rows)
}

fn record(ctx: &mut Ctx<'_>, profile: Vec<OpProfile>) {
    if let Some(part) = ctx.profile.as_mut().and_then(|p| p.last_mut()) {
        part.extend(profile);
    }
}

pub fn is_update(op: &Op) -> bool {
    crate::plan::subquery::writes(std::slice::from_ref(op))
}

/// Streams the reading operators from `at` on, through any number of
/// sorts and aggregations, up to the next update (or the end). Returns the
/// rows, the index of the update, and what each operator did.
fn read_segment(
    ops: &[Op],
    mut at: usize,
    mut rows: Vec<Row>,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Row>, usize, Vec<OpProfile>)> {
    let mut profile = Vec::new();
    while at < ops.len() && !is_update(&ops[at]) {
        let end = ops[at..].iter().position(|op| is_update(op) || is_gathering(op)).map_or(ops.len(), |p| at + p);
        let streaming = &ops[at..end];
        let forget = streaming.iter().filter_map(|op| if let Op::Forget(s) = op { Some(*s) } else { None }).max();
        let keep = |row: &Row| -> Row {
            match forget {
                Some(below) => {
                    row.iter().enumerate().map(|(i, v)| if i < below { Value::Null } else { v.clone() }).collect()
                }
                None => row.clone(),
            }
        };
        let mut stages = streaming.iter().map(|op| Stage::new(op, ctx)).collect::<Result<Vec<_>>>()?;
        let started = Instant::now();
        rows = match ops.get(end) {
            Some(Op::Aggregate { keys, aggregates }) => {
                let mut aggregator = Aggregator::new(keys, aggregates, ctx.width);
                stream_rows(streaming, &mut stages, rows, ctx, &mut |row| aggregator.feed(row, ctx).map(|()| true))?;
                push_profile(&mut profile, streaming, &stages, started);
                let grouped = aggregator.finish()?;
                profile.push(OpProfile { rows: grouped.len(), time: None });
                at = end + 1;
                grouped
            }
            Some(Op::Sort(keys)) => {
                let mut keyed = Vec::new();
                stream_rows(streaming, &mut stages, rows, ctx, &mut |row| {
                    let k = keys.iter().map(|(e, _)| eval(e, row, ctx)).collect::<Result<Vec<_>>>()?;
                    keyed.push((k, keep(row)));
                    Ok(true)
                })?;
                push_profile(&mut profile, streaming, &stages, started);
                sort(&mut keyed, keys, ctx)?;
                profile.push(OpProfile { rows: keyed.len(), time: None });
                at = end + 1;
                keyed.into_iter().map(|(_, row)| row).collect()
            }
            _ => {
                let mut out = Vec::new();
                stream_rows(streaming, &mut stages, rows, ctx, &mut |row| {
                    out.push(keep(row));
                    Ok(true)
                })?;
                push_profile(&mut profile, streaming, &stages, started);
                at = end;
                out
            }
        };
    }
    Ok((rows, at, profile))
}

pub fn is_gathering(op: &Op) -> bool {
    matches!(op, Op::Aggregate { .. } | Op::Sort(_))
}

fn push_profile(profile: &mut Vec<OpProfile>, ops: &[Op], stages: &[Stage], started: Instant) {
    let time = started.elapsed();
    let last = ops.iter().rposition(|op| !matches!(op, Op::Forget(_))).unwrap_or(0);
    for (i, stage) in stages.iter().enumerate() {
        // Streaming operators share their time; it is given to the last shown.
        profile.push(OpProfile { rows: stage.rows, time: (i == last).then_some(time) });
    }
}

/// Sorts by the keys, checking the interrupt as it compares.
fn sort(keyed: &mut [(Vec<Value>, Row)], keys: &[(Expr, bool)], ctx: &Ctx<'_>) -> Result<()> {
    // The stable sort's buffer holds half the slice.
    ctx.reserve((keyed.len() / 2).saturating_mul(size_of::<(Vec<Value>, Row)>()))?;
    let mut stopped = None;
    keyed.sort_by(|(a, _), (b, _)| {
        if stopped.is_none() {
            stopped = ctx.tick().err();
        }
        if stopped.is_some() {
            // Stopping: the order no longer matters.
            return std::cmp::Ordering::Equal;
        }
        for (i, (_, descending)) in keys.iter().enumerate() {
            let o = a[i].order(&b[i]);
            let o = if *descending { o.reverse() } else { o };
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
    stopped.map_or(Ok(()), Err)
}

/// What a streaming operator keeps between rows.
struct Stage {
    rows: usize,
    state: State,
}

enum State {
    Plain,
    Distinct(HashSet<Vec<Value>>),
    Skip(usize),
    Limit(usize),
}

impl Stage {
    fn new(op: &Op, ctx: &Ctx<'_>) -> Result<Stage> {
        let state = match op {
            Op::Distinct(_) => State::Distinct(HashSet::new()),
            Op::Skip(e) => State::Skip(count_value(e, ctx)?),
            Op::Limit(e) => State::Limit(count_value(e, ctx)?),
            _ => State::Plain,
        };
        Ok(Stage { rows: 0, state })
    }
}

type Sink<'s> = &'s mut dyn FnMut(&mut Row) -> Result<bool>;

fn stream_rows(ops: &[Op], stages: &mut [Stage], rows: Vec<Row>, ctx: &Ctx<'_>, sink: Sink<'_>) -> Result<()> {
    for mut row in rows {
        if !stream(ops, stages, &mut row, ctx, sink)? {
            break;
        }
    }
    Ok(())
}

/// Sends one row through `ops`; false when a LIMIT says to stop.
fn stream(ops: &[Op], stages: &mut [Stage], row: &mut Row, ctx: &Ctx<'_>, sink: Sink<'_>) -> Result<bool> {
    let (Some((op, rest)), Some((stage, rest_stages))) = (ops.split_first(), stages.split_first_mut()) else {
        return sink(row);
    };
    ctx.tick()?;
    let mut emit = |row: &mut Row, rows: &mut usize| {
        *rows += 1;
        stream(rest, rest_stages, row, ctx, sink)
    };
    match op {
        Op::Match { plan, optional, introduced } => {
            let mut found = false;
            let go_on = matcher::run_read(plan, row, ctx, &mut |r| {
                found = true;
                emit(r, &mut stage.rows)
            })?;
            if !go_on {
                return Ok(false);
            }
            if *optional && !found {
                for s in introduced {
                    row[*s] = Value::Null;
                }
                return emit(row, &mut stage.rows);
            }
            Ok(true)
        }
        Op::Forget(_) => emit(row, &mut stage.rows),
        Op::Filter(condition) => {
            if matches!(eval(condition, row, ctx)?, Value::Bool(true)) {
                emit(row, &mut stage.rows)
            } else {
                Ok(true)
            }
        }
        Op::Unwind { expr, slot } => {
            let items = match eval(expr, row, ctx)? {
                Value::List(items) => items,
                Value::Null => return Ok(true),
                other => vec![other],
            };
            let old = std::mem::take(&mut row[*slot]);
            let mut go_on = true;
            for item in items {
                row[*slot] = item;
                if !emit(row, &mut stage.rows)? {
                    go_on = false;
                    break;
                }
            }
            row[*slot] = old;
            Ok(go_on)
        }
        Op::Project(items) => {
            for (expr, slot) in items {
                let value = eval(expr, row, ctx)?;
                row[*slot] = value;
            }
            emit(row, &mut stage.rows)
        }
        Op::Distinct(slots) => {
            let key: Vec<Value> = slots.iter().map(|s| row[*s].clone()).collect();
            let new = match &mut stage.state {
                State::Distinct(seen) => seen.insert(key),
                _ => true,
            };
            if new { emit(row, &mut stage.rows) } else { Ok(true) }
        }
        Op::Skip(_) => match &mut stage.state {
            State::Skip(n) if *n > 0 => {
                *n -= 1;
                Ok(true)
            }
            _ => emit(row, &mut stage.rows),
        },
        Op::Limit(_) => match &mut stage.state {
            State::Limit(0) => Ok(false),
            State::Limit(n) => {
                *n -= 1;
                let left = *n;
                Ok(emit(row, &mut stage.rows)? && left > 0)
            }
            _ => emit(row, &mut stage.rows),
        },
        Op::Call { procedure, args, yields } => {
            let args = args.iter().map(|a| eval(a, row, ctx)).collect::<Result<Vec<_>>>()?;
            for record in procedures::call(*procedure, &args, ctx)? {
                for (field, slot) in yields {
                    row[*slot] = record.get(*field).cloned().unwrap_or(Value::Null);
                }
                if !emit(row, &mut stage.rows)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Op::LoadCsv(load) => load_csv::each_row(load, row, ctx, &mut |r| emit(r, &mut stage.rows)),
        Op::Subquery(call) => {
            let results = subquery::read_body(&call.body, row, ctx)?;
            for mut out in subquery::outputs(call, row, results) {
                if !emit(&mut out, &mut stage.rows)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        other => Err(Error::semantic(format!("internal: {other:?} cannot stream"))),
    }
}

/// The value of SKIP or LIMIT.
fn count_value(e: &Expr, ctx: &Ctx<'_>) -> Result<usize> {
    // A row of the part's width: the expression reads no variable, but a
    // pattern in it (`EXISTS { ()-->() }`) binds its own slots.
    let v = eval(e, &vec![Value::Null; ctx.width], ctx)?;
    match crate::analyse::check_count(&v) {
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err((detail, message)) => Err(Error::syntax(format!("{message} ({detail})"))),
    }
}
