//! `EXPLAIN` and `PROFILE`: the statement as embargo understood it (its
//! syntax tree printed back as Cypher), then the operator pipeline as text,
//! one operator a line (a MATCH's steps indented under it), each with the
//! rows the cost model expects (`est=`), and when profiled the rows it
//! produced and its time.

use std::collections::HashMap;
use std::fmt::{self, Write};
use std::time::Duration;

use super::cost::estimate_ops;
use super::{MatchPlan, Op, QueryPlan, Step};
use crate::ast::Query;

/// What one operator did when the statement ran. Operators that stream
/// together share one time, reported on the last of them.
#[derive(Clone, Copy, Debug)]
pub struct OpProfile {
    pub rows: usize,
    pub time: Option<Duration>,
}

/// With PROFILE: the rows each step of each pattern produced, by the
/// pattern's [`steps_key`].
pub type StepRows = HashMap<usize, Vec<usize>>;

/// Names a pattern's steps while the plan lives: the address of its list.
pub fn steps_key(steps: &[Step]) -> usize {
    steps.as_ptr() as usize
}

impl fmt::Display for QueryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&[], &StepRows::new()))
    }
}

/// One line of the plan: its text, the rows expected and, when
/// profiled, the rows made.
struct Line {
    text: String,
    depth: usize,
    estimate: f64,
    rows: Option<usize>,
}

impl QueryPlan {
    /// What `EXPLAIN` (and, with `profile`, `PROFILE`) shows: a
    /// `Statement:` line with `query` as parsed, which shows how names,
    /// precedence and synonyms were read, then the plan.
    pub fn explain(&self, query: &Query, profile: &[Vec<OpProfile>], steps: &StepRows) -> String {
        format!("Statement: {query}\n{}", self.render(profile, steps))
    }

    /// The plan as text; `profile[part][op]`, when given, adds rows and
    /// time, and `steps` the rows of each pattern step.
    pub fn render(&self, profile: &[Vec<OpProfile>], steps: &StepRows) -> String {
        let mut out = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let all = self.union_all.get(i - 1).copied().unwrap_or(false);
                out.push_str(if all { "UnionAll\n" } else { "Union\n" });
            }
            let estimates = estimate_ops(&part.ops);
            let mut input = 1.0;
            for (j, op) in part.ops.iter().enumerate() {
                let estimate = estimates.get(j).copied().unwrap_or(input);
                if !matches!(op, Op::Forget(_)) {
                    let mut lines = describe(op, input, steps, 0).into_iter();
                    if let Some(first) = lines.next() {
                        let shown = profile.get(i).and_then(|p| p.get(j));
                        write_line(
                            &mut out,
                            &Line { estimate, rows: shown.map(|p| p.rows), ..first },
                            shown.and_then(|p| p.time),
                        );
                    }
                    for line in lines {
                        write_line(&mut out, &line, None);
                    }
                }
                input = estimate;
            }
            let _ = writeln!(out, "Produce {:?}", self.columns);
        }
        out
    }
}

fn write_line(out: &mut String, line: &Line, time: Option<Duration>) {
    let indent = "  ".repeat(line.depth);
    let text = format!("{indent}{}", line.text);
    let estimate = format!("est={}", shown_estimate(line.estimate));
    let _ = match (line.rows, time) {
        (Some(rows), Some(time)) => {
            writeln!(out, "{text:<48} {estimate:<14} rows={rows:<8} time={:.3} ms", time.as_secs_f64() * 1e3)
        }
        (Some(rows), None) => writeln!(out, "{text:<48} {estimate:<14} rows={rows}"),
        (None, _) => writeln!(out, "{text:<48} {estimate}"),
    };
}

/// Whole rows, or one decimal below ten (a selective step expects less
/// than a row per input row).
fn shown_estimate(rows: f64) -> String {
    if rows >= 10.0 { format!("{rows:.0}") } else { format!("{rows:.1}") }
}

fn line(text: impl Into<String>, depth: usize, estimate: f64) -> Line {
    Line { text: text.into(), depth, estimate, rows: None }
}

/// The lines of a pipeline nested in an operator, per row it runs for.
fn nested(ops: &[Op], steps: &StepRows, depth: usize) -> Vec<Line> {
    let estimates = estimate_ops(ops);
    let mut input = 1.0;
    let mut lines = Vec::new();
    for (op, estimate) in ops.iter().zip(estimates) {
        if !matches!(op, Op::Forget(_)) {
            let mut described = describe(op, input, steps, depth);
            if let Some(first) = described.first_mut() {
                first.estimate = estimate;
            }
            lines.extend(described);
        }
        input = estimate;
    }
    lines
}

/// A MATCH's steps, each with its rows for `input` rows in.
fn match_steps(plan: &MatchPlan, input: f64, steps: &StepRows, depth: usize) -> Vec<Line> {
    let made = steps.get(&steps_key(&plan.steps));
    let mut lines = Vec::new();
    for (k, step) in plan.steps.iter().enumerate() {
        let estimate = input * plan.estimates.get(k).copied().unwrap_or(1.0);
        lines.push(Line { text: describe_step(step), depth, estimate, rows: made.and_then(|m| m.get(k).copied()) });
        // A repetition's and a selection's own steps, beneath them.
        let inner = match step {
            Step::Repeat(r) => &r.body.plan,
            Step::Select(s) => &s.plan,
            _ => continue,
        };
        lines.extend(match_steps(inner, estimate, steps, depth + 1));
    }
    lines
}

/// An operator's line (its estimate filled in by the caller), then its
/// steps' or its nested pipeline's lines.
fn describe(op: &Op, input: f64, steps: &StepRows, depth: usize) -> Vec<Line> {
    let one = |text: String| vec![line(text, depth, input)];
    match op {
        Op::Match { plan, optional, .. } => {
            let mut lines = one(if *optional { "OptionalMatch" } else { "Match" }.to_string());
            lines.extend(match_steps(plan, input, steps, depth + 1));
            lines
        }
        Op::Filter(_) => one("Filter".into()),
        Op::Unwind { slot, .. } => one(format!("Unwind -> #{slot}")),
        Op::Project(items) => one(format!("Project {} column(s)", items.len())),
        Op::Aggregate { keys, aggregates } => {
            one(format!("Aggregate by {} key(s), {} aggregate(s)", keys.len(), aggregates.len()))
        }
        Op::Distinct(_) => one("Distinct".into()),
        Op::Sort(keys) => one(format!("Sort by {} key(s)", keys.len())),
        Op::Forget(slot) => one(format!("Forget slots below #{slot}")),
        Op::Skip(_) => one("Skip".into()),
        Op::Limit(_) => one("Limit".into()),
        Op::Create(items) => one(format!("Create {} item(s)", items.len())),
        Op::Merge(_) => one("Merge".into()),
        Op::Set(ops) => one(format!("Set {} item(s)", ops.len())),
        Op::Delete { detach, .. } => one(if *detach { "DetachDelete" } else { "Delete" }.into()),
        Op::Call { procedure: super::Procedure::Show(what), .. } => one(super::index::show_name(*what).into()),
        Op::Call { procedure, .. } => one(format!("ProcedureCall {procedure:?}")),
        Op::Schema { command, .. } => one(super::index::command_name(command).into()),
        Op::Subquery(call) => {
            let head = match (&call.batching, call.optional) {
                (Some(_), _) => "TransactionApply",
                (None, true) => "OptionalApply",
                (None, false) => "Apply",
            };
            let mut lines = one(format!("{head} {} part(s) -> {:?}", call.body.parts.len(), call.outputs));
            for part in &call.body.parts {
                lines.extend(nested(&part.ops, steps, depth + 1));
            }
            lines
        }
        Op::Foreach(each) => {
            let mut lines = one(format!("Foreach -> #{}", each.slot));
            lines.extend(nested(&each.ops, steps, depth + 1));
            lines
        }
        Op::LoadCsv(load) => {
            one(format!("LoadCSV{} -> #{}", if load.headers { " WithHeaders" } else { "" }, load.slot))
        }
    }
}

fn describe_step(step: &Step) -> String {
    match step {
        Step::Scan { slot, check } => match check.labels.first() {
            Some(l) => format!("LabelScan :{l} -> #{slot}"),
            None => format!("AllNodesScan -> #{slot}"),
        },
        Step::Seek { slot, label, key, .. } => format!("IndexSeek :{label}({key}) -> #{slot}"),
        Step::IndexSeek(seek) => seek.describe(),
        Step::Bound { slot, .. } => format!("Argument #{slot}"),
        Step::NodeById { slot, .. } => format!("NodeByElementIdSeek -> #{slot}"),
        Step::RelById { rel, node, .. } => format!("RelationshipByElementIdSeek -> #{rel} #{node}"),
        Step::Expand(e) => format!(
            "Expand{}{} #{} -[{}]- #{} {:?}",
            if e.var_length.is_some() { "VarLength" } else { "" },
            // Both ends bound: the step checks the relationships between them.
            if e.to_bound { "Into" } else { "" },
            e.from,
            e.types.join("|"),
            e.to,
            e.dir
        ),
        Step::Path { slot, .. } => format!("ProjectPath -> #{slot}"),
        Step::Shortest(s) => format!("ShortestPath #{} -> #{}", s.from, s.to),
        Step::Repeat(r) => {
            format!("Repeat{{{},{}}} #{} -> #{}", r.min, r.max.map_or(String::new(), |m| m.to_string()), r.from, r.to)
        }
        Step::Select(s) => format!("Select {:?} #{} -> #{}", s.selector, s.ends.0, s.ends.1),
        Step::Filter(_) => "Filter".to_string(),
    }
}
