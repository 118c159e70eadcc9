//! Grouping and the aggregate functions.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use super::{Ctx, Row, eval};
use crate::error::{Error, Result};
use crate::plan::{Aggregate, AggregateCall, Expr, Slot};
use crate::value::Value;

/// One aggregate's running state for one group.
#[derive(Clone, Default)]
struct State {
    count: i64,
    int_sum: Option<i64>,
    float_sum: f64,
    saw_float: bool,
    values: Vec<Value>,
    best: Option<Value>,
    seen: Option<HashSet<Value>>,
    percentile: Option<f64>,
}

/// Groups rows as they come and computes each group's aggregates.
pub struct Aggregator<'p> {
    keys: &'p [(Expr, Slot)],
    aggregates: &'p [AggregateCall],
    width: usize,
    /// Each group's first row (with its key values) and aggregate states.
    groups: Vec<(Row, Vec<State>)>,
    index: FxHashMap<Vec<Value>, usize>,
}

impl<'p> Aggregator<'p> {
    pub fn new(keys: &'p [(Expr, Slot)], aggregates: &'p [AggregateCall], width: usize) -> Aggregator<'p> {
        Aggregator { keys, aggregates, width, groups: Vec::new(), index: FxHashMap::default() }
    }

    fn fresh(&self) -> Vec<State> {
        self.aggregates.iter().map(|a| State { seen: a.distinct.then(HashSet::new), ..State::default() }).collect()
    }

    pub fn feed(&mut self, row: &Row, ctx: &Ctx<'_>) -> Result<()> {
        ctx.tick()?;
        let key = self.keys.iter().map(|(e, _)| eval(e, row, ctx)).collect::<Result<Vec<_>>>()?;
        let g = match self.index.get(&key) {
            Some(g) => *g,
            None => {
                let mut base = row.clone();
                for ((_, slot), v) in self.keys.iter().zip(&key) {
                    base[*slot] = v.clone();
                }
                let states = self.fresh();
                self.groups.push((base, states));
                self.index.insert(key, self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        for (call, state) in self.aggregates.iter().zip(self.groups[g].1.iter_mut()) {
            feed(call, state, row, ctx)?;
        }
        Ok(())
    }

    /// One row per group; without grouping keys, aggregating nothing still
    /// gives one row.
    pub fn finish(mut self) -> Result<Vec<Row>> {
        if self.groups.is_empty() && self.keys.is_empty() {
            let states = self.fresh();
            self.groups.push((vec![Value::Null; self.width], states));
        }
        let mut out = Vec::with_capacity(self.groups.len());
        for (mut row, states) in self.groups {
            for (call, state) in self.aggregates.iter().zip(states) {
                if row.len() <= call.slot {
                    row.resize(call.slot + 1, Value::Null);
                }
                row[call.slot] = finish(call.function, state)?;
            }
            out.push(row);
        }
        Ok(out)
    }
}

fn feed(call: &AggregateCall, state: &mut State, row: &Row, ctx: &Ctx<'_>) -> Result<()> {
    if call.function == Aggregate::CountStar {
        state.count += 1;
        return Ok(());
    }
    let value = match call.args.first() {
        Some(arg) => eval(arg, row, ctx)?,
        None => Value::Null,
    };
    if value.is_null() {
        return Ok(());
    }
    if let Some(seen) = &mut state.seen
        && !seen.insert(value.clone())
    {
        return Ok(());
    }
    match call.function {
        Aggregate::Count => state.count += 1,
        Aggregate::Sum | Aggregate::Avg => {
            state.count += 1;
            match value {
                Value::Int(i) => {
                    let sum = state.int_sum.unwrap_or(0);
                    state.int_sum =
                        Some(sum.checked_add(i).ok_or_else(|| Error::argument("integer overflow in sum()"))?);
                    state.float_sum += i as f64;
                }
                Value::Float(f) => {
                    state.saw_float = true;
                    state.float_sum += f;
                }
                other => {
                    return Err(Error::type_error(format!("sum()/avg() expect numbers, got {}", other.type_name())));
                }
            }
        }
        Aggregate::Min | Aggregate::Max => {
            let better = match &state.best {
                None => true,
                Some(b) => {
                    let o = value.order(b);
                    if call.function == Aggregate::Min { o.is_lt() } else { o.is_gt() }
                }
            };
            if better {
                state.best = Some(value);
            }
        }
        Aggregate::Collect => state.values.push(value),
        Aggregate::StDev | Aggregate::StDevP | Aggregate::PercentileCont | Aggregate::PercentileDisc => {
            if !matches!(value, Value::Int(_) | Value::Float(_)) {
                return Err(Error::type_error(format!("expected numbers, got {}", value.type_name())));
            }
            if state.percentile.is_none()
                && matches!(call.function, Aggregate::PercentileCont | Aggregate::PercentileDisc)
            {
                let p = match call.args.get(1).map(|a| eval(a, row, ctx)).transpose()? {
                    Some(Value::Int(i)) => i as f64,
                    Some(Value::Float(f)) => f,
                    _ => return Err(Error::argument("percentile must be a number")),
                };
                if !(0.0..=1.0).contains(&p) {
                    return Err(Error::argument(format!(
                        "percentile must be between 0.0 and 1.0, got {p} (NumberOutOfRange)"
                    )));
                }
                state.percentile = Some(p);
            }
            state.values.push(value);
        }
        Aggregate::CountStar => {}
    }
    Ok(())
}

fn finish(function: Aggregate, state: State) -> Result<Value> {
    let numbers = || state.values.iter().map(super::eval::as_f64).collect::<Vec<f64>>();
    Ok(match function {
        Aggregate::CountStar | Aggregate::Count => Value::Int(state.count),
        Aggregate::Sum => match (state.saw_float, state.int_sum) {
            (false, Some(i)) => Value::Int(i),
            (false, None) => Value::Int(0),
            (true, _) => Value::Float(state.float_sum),
        },
        Aggregate::Avg if state.count == 0 => Value::Null,
        Aggregate::Avg => Value::Float(state.float_sum / state.count as f64),
        Aggregate::Min | Aggregate::Max => state.best.unwrap_or(Value::Null),
        Aggregate::Collect => Value::nested_list(state.values)?,
        Aggregate::StDev | Aggregate::StDevP => {
            let xs = numbers();
            let n = xs.len() as f64;
            let denominator = if function == Aggregate::StDev { n - 1.0 } else { n };
            if denominator <= 0.0 {
                Value::Float(0.0)
            } else {
                let mean = xs.iter().sum::<f64>() / n;
                Value::Float((xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / denominator).sqrt())
            }
        }
        Aggregate::PercentileCont | Aggregate::PercentileDisc => {
            let mut values = state.values;
            if values.is_empty() {
                return Ok(Value::Null);
            }
            values.sort_by(|a, b| a.order(b));
            let p = state.percentile.unwrap_or(0.0);
            let n = values.len();
            if function == Aggregate::PercentileDisc {
                let i = ((p * n as f64).ceil() as usize).saturating_sub(1).min(n - 1);
                values.swap_remove(i)
            } else {
                let position = p * (n - 1) as f64;
                let (lo, hi) = (position.floor() as usize, position.ceil() as usize);
                let (a, b) = (super::eval::as_f64(&values[lo]), super::eval::as_f64(&values[hi]));
                Value::Float(a + (b - a) * (position - lo as f64))
            }
        }
    })
}
