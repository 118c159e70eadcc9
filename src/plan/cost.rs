//! The cost model: how many rows each step of a pattern is expected to
//! produce, from the store's counts ([`GraphStats`]) and, for conditions
//! the counts cannot describe, default selectivities; and the work a plan
//! takes: the rows it makes plus the relationships it reads.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::index::{IndexSeek, SeekPlan};
use super::stats::{GraphStats, fraction};
use super::{BinaryOp, Expr, Op, Slot, Step};
use crate::store::{Dir, INDEXED_KEYS};
use crate::value::Value;

/// A property equals a value no count describes.
pub const EQUALITY: f64 = 0.1;
/// `<`, `<=`, `>`, `>=`.
pub const RANGE: f64 = 0.3;
/// `STARTS WITH`, `ENDS WITH`, `CONTAINS`, `=~`.
pub const STRING_MATCH: f64 = 0.1;
/// Any other condition.
pub const PREDICATE: f64 = 0.5;
/// The length of a list not known when planning.
pub const LIST: f64 = 10.0;
/// The hops assumed for `*` without an upper bound.
pub const UNBOUNDED_HOPS: u64 = 8;
/// No estimate grows past this, so that long var-length chains stay finite.
const CEILING: f64 = 1e15;

/// Rows after each step, per row the pattern starts from, and the work.
#[derive(Clone, Debug, Default)]
pub struct Estimate {
    pub rows: Vec<f64>,
    pub cost: f64,
}

/// Estimates the steps of a pattern, in order.
pub fn estimate_steps(stats: &GraphStats, steps: &[Step]) -> Estimate {
    let mut labels: HashMap<Slot, Vec<Arc<str>>> = HashMap::new();
    // Conditions a seek already narrowed to: their filters pass every row.
    let mut served: HashSet<(Slot, Arc<str>)> = HashSet::new();
    let mut rows = 1.0_f64;
    let mut estimate = Estimate::default();
    let property_selectivity = |labels: &[Arc<str>], properties: &[(Arc<str>, Expr)], except: &[Arc<str>]| -> f64 {
        let label = stats.narrowest(labels).map(|l| l.as_ref());
        properties.iter().filter(|(k, _)| !except.contains(k)).map(|(k, _)| equality(stats, label, k)).product()
    };
    for step in steps {
        match step {
            Step::Scan { slot, check } => {
                let read = match stats.narrowest(&check.labels) {
                    Some(l) => stats.label_count(l) as f64,
                    None => stats.nodes as f64,
                };
                estimate.cost += rows * read;
                rows *= stats.nodes_with(&check.labels) * property_selectivity(&check.labels, &check.properties, &[]);
                labels.insert(*slot, check.labels.clone());
            }
            Step::Seek { slot, label, key, check, .. } => {
                let found = stats.label_count(label) as f64 * equality(stats, Some(label), key);
                estimate.cost += rows * found;
                let others: Vec<Arc<str>> = check.labels.iter().filter(|l| *l != label).cloned().collect();
                let others = if others.is_empty() { 1.0 } else { stats.label_fraction(&others) };
                rows *=
                    found * others * property_selectivity(&check.labels, &check.properties, std::slice::from_ref(key));
                labels.insert(*slot, check.labels.clone());
            }
            Step::IndexSeek(seek) => {
                let count = stats.label_count(&seek.index.label) as f64;
                let found = count * seek_selectivity(stats, seek);
                estimate.cost += rows * found;
                rows *=
                    found * property_selectivity(&seek.check.labels, &seek.check.properties, &seek.index.properties);
                for key in &seek.index.properties {
                    served.insert((seek.slot, key.clone()));
                }
                labels.insert(seek.slot, seek.check.labels.clone());
            }
            Step::NodeById { slot, check, .. } => {
                estimate.cost += rows;
                rows *= property_selectivity(&check.labels, &check.properties, &[]);
                labels.insert(*slot, check.labels.clone());
            }
            Step::RelById { dir, .. } => {
                estimate.cost += rows;
                rows *= if *dir == Dir::Both { 2.0 } else { 1.0 };
            }
            Step::Bound { slot, check } => {
                rows *= property_selectivity(&check.labels, &check.properties, &[]);
                if !check.labels.is_empty() {
                    labels.insert(*slot, check.labels.clone());
                }
            }
            Step::Expand(e) => {
                let from = labels.get(&e.from).cloned().unwrap_or_default();
                let to = &e.to_check.labels;
                let (min, max) = e.var_length.unwrap_or((1, Some(1)));
                let max = max.unwrap_or(UNBOUNDED_HOPS.max(min)).min(min + 2 * UNBOUNDED_HOPS);
                let first = stats.degree(&from, &e.types, e.dir);
                let next = stats.degree(to, &e.types, e.dir);
                let read_first = stats.degree(&from, &[], e.dir);
                let read_next = stats.degree(to, &[], e.dir);
                // Trails of each length, and the relationships read to find them.
                let (mut trails, mut reached, mut read) = (1.0_f64, 0.0, 0.0);
                for hop in 0..=max {
                    if hop >= min {
                        reached += trails;
                    }
                    if hop < max {
                        read += trails * if hop == 0 { read_first } else { read_next };
                        trails = (trails * if hop == 0 { first } else { next }).min(CEILING);
                    }
                }
                let mut per_row = reached * stats.reach_fraction(&e.types, e.dir, to);
                per_row *= property_selectivity(&[], &e.rel_properties, &[])
                    * property_selectivity(to, &e.to_check.properties, &[]);
                if e.to_bound {
                    // The other end must be one node of those it could be.
                    per_row = fraction(per_row, stats.nodes_with(to).max(1.0));
                }
                if e.rel_bound {
                    per_row = per_row.min(1.0);
                }
                estimate.cost += rows * read;
                rows = (rows * per_row).min(CEILING);
                labels.insert(e.to, to.clone());
            }
            Step::Repeat(r) => {
                // Each repetition fans out as its body does, from one row.
                let body = estimate_steps(stats, &r.body.plan.steps);
                let fan_out = body.rows.last().copied().unwrap_or(1.0);
                let max = r.max.unwrap_or(UNBOUNDED_HOPS.max(r.min)).min(r.min + 2 * UNBOUNDED_HOPS);
                let (mut trails, mut reached, mut read) = (1.0_f64, 0.0, 0.0);
                for hop in 0..=max {
                    if hop >= r.min {
                        reached += trails;
                    }
                    if hop < max {
                        read += trails * body.cost;
                        trails = (trails * fan_out).min(CEILING);
                    }
                }
                if r.to_bound {
                    reached = fraction(reached, stats.nodes_with(&r.to_check.labels).max(1.0));
                }
                estimate.cost += rows * read;
                rows = (rows * reached).min(CEILING);
                labels.insert(r.to, r.to_check.labels.clone());
            }
            Step::Select(select) => {
                // Every match is found before the selector keeps some.
                let inner = estimate_steps(stats, &select.plan.steps);
                estimate.cost += rows * inner.cost;
                rows = (rows * inner.rows.last().copied().unwrap_or(1.0)).min(CEILING);
            }
            Step::Path { .. } | Step::Shortest(_) => estimate.cost += rows,
            Step::Filter(condition) => {
                estimate.cost += rows;
                rows *= selectivity(Some(stats), condition, &served);
            }
        }
        estimate.cost += rows;
        estimate.rows.push(rows);
    }
    estimate
}

/// The share of nodes of `label` (any node for `None`) whose `key`
/// equals a value: one of the distinct names for the indexed key, the
/// default for other keys.
fn equality(stats: &GraphStats, label: Option<&str>, key: &str) -> f64 {
    let distinct = label.filter(|_| INDEXED_KEYS.contains(&key)).map_or(0, |l| stats.distinct_names(l));
    if distinct > 0 { 1.0 / distinct as f64 } else { EQUALITY }
}

/// The share of an index's nodes a seek finds.
fn seek_selectivity(stats: &GraphStats, seek: &IndexSeek) -> f64 {
    let label = Some(seek.index.label.as_ref());
    match &seek.seek {
        SeekPlan::Exact(_) => seek.index.properties.iter().map(|k| equality(stats, label, k)).product(),
        SeekPlan::In(list) => (list_length(list) * EQUALITY).min(1.0),
        SeekPlan::Range { lower, upper } => match (lower, upper) {
            (Some(_), Some(_)) => RANGE * RANGE,
            _ => RANGE,
        },
        SeekPlan::Prefix(_) => STRING_MATCH,
    }
}

/// The length of a list expression, when the plan knows it.
pub fn list_length(list: &Expr) -> f64 {
    match list {
        Expr::List(items) => items.len() as f64,
        Expr::Const(Value::List(items)) => items.len() as f64,
        Expr::Function(super::Function::Range, args) => match args.as_slice() {
            [Expr::Const(Value::Int(a)), Expr::Const(Value::Int(b))] => (b - a + 1).max(0) as f64,
            _ => LIST,
        },
        _ => LIST,
    }
}

/// The share of rows that pass `condition` (label shares need `stats`).
pub fn selectivity(stats: Option<&GraphStats>, condition: &Expr, served: &HashSet<(Slot, Arc<str>)>) -> f64 {
    let is_served = |a: &Expr, b: &Expr| {
        [a, b].iter().any(|side| match side {
            Expr::Property(base, key) => matches!(**base, Expr::Slot(s) if served.contains(&(s, key.clone()))),
            _ => false,
        })
    };
    match condition {
        Expr::Const(Value::Bool(true)) => 1.0,
        Expr::Const(_) => 0.0,
        Expr::Binary(op, a, b) => match op {
            BinaryOp::And => selectivity(stats, a, served) * selectivity(stats, b, served),
            BinaryOp::Or => {
                let (x, y) = (selectivity(stats, a, served), selectivity(stats, b, served));
                x + y - x * y
            }
            _ if is_served(a, b) => 1.0,
            BinaryOp::Eq => EQUALITY,
            BinaryOp::Ne => 1.0 - EQUALITY,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => RANGE,
            BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains | BinaryOp::Regex => STRING_MATCH,
            BinaryOp::In => (list_length(b) * EQUALITY).min(1.0),
            _ => PREDICATE,
        },
        Expr::Not(inner) => 1.0 - selectivity(stats, inner, served),
        Expr::IsNull(_, negated) => {
            if *negated {
                1.0 - EQUALITY
            } else {
                EQUALITY
            }
        }
        Expr::HasLabels(_, labels) => stats.map_or(PREDICATE, |s| s.label_fraction(labels)),
        _ => PREDICATE,
    }
}

/// The rows expected after each operator of a query part, which starts
/// from one row. Operators whose output no count describes use Neo4j's
/// rules of thumb: a grouping keeps the square root of its rows.
pub fn estimate_ops(ops: &[Op]) -> Vec<f64> {
    let mut rows = 1.0_f64;
    let none = HashSet::new();
    let constant = |e: &Expr| match e {
        Expr::Const(Value::Int(n)) => Some((*n).max(0) as f64),
        _ => None,
    };
    let grouped = |rows: f64, keys: usize| if keys == 0 { 1.0 } else { rows.min(rows.sqrt().max(1.0)) };
    ops.iter()
        .map(|op| {
            rows = match op {
                Op::Match { plan, optional, .. } => {
                    let matched = rows * plan.estimates.last().copied().unwrap_or(1.0);
                    if *optional { matched.max(rows) } else { matched }
                }
                Op::Filter(condition) => rows * selectivity(None, condition, &none),
                Op::Unwind { expr, .. } => rows * list_length(expr),
                Op::Aggregate { keys, .. } => grouped(rows, keys.len()),
                Op::Distinct(slots) => grouped(rows, slots.len()),
                Op::Skip(n) => constant(n).map_or(rows, |n| (rows - n).max(0.0)),
                Op::Limit(n) => constant(n).map_or(rows, |n| rows.min(n)),
                Op::Call { yields, .. } if !yields.is_empty() => rows * LIST,
                Op::LoadCsv(_) => rows * LIST,
                _ => rows,
            };
            rows.min(CEILING)
        })
        .collect()
}
