//! `EXPLAIN` and `PROFILE`: the statement as embargo understood it (its
//! syntax tree printed back as Cypher), then the operator pipeline as text,
//! one operator a line (a MATCH's steps indented under it), with the rows
//! each operator produced and its time when profiled.

use std::fmt::{self, Write};
use std::time::Duration;

use super::{Op, QueryPlan, Step};
use crate::ast::Query;

/// What one operator did when the statement ran. Operators that stream
/// together share one time, reported on the last of them.
#[derive(Clone, Copy, Debug)]
pub struct OpProfile {
    pub rows: usize,
    pub time: Option<Duration>,
}

impl fmt::Display for QueryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&[]))
    }
}

impl QueryPlan {
    /// What `EXPLAIN` (and, with `profile`, `PROFILE`) shows: a
    /// `Statement:` line with `query` as parsed, which shows how names,
    /// precedence and synonyms were read, then the plan.
    pub fn explain(&self, query: &Query, profile: &[Vec<OpProfile>]) -> String {
        format!("Statement: {query}\n{}", self.render(profile))
    }

    /// The plan as text; `profile[part][op]`, when given, adds rows and time.
    pub fn render(&self, profile: &[Vec<OpProfile>]) -> String {
        let mut out = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let all = self.union_all.get(i - 1).copied().unwrap_or(false);
                out.push_str(if all { "UnionAll\n" } else { "Union\n" });
            }
            for (j, op) in part.ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Forget(_))) {
                let mut lines = describe(op).into_iter();
                let head = lines.next().unwrap_or_default();
                match profile.get(i).and_then(|p| p.get(j)) {
                    Some(OpProfile { rows, time: Some(time) }) => {
                        let _ = writeln!(out, "{head:<48} rows={rows:<8} time={:.3} ms", time.as_secs_f64() * 1e3);
                    }
                    Some(OpProfile { rows, time: None }) => {
                        let _ = writeln!(out, "{head:<48} rows={rows}");
                    }
                    None => {
                        let _ = writeln!(out, "{head}");
                    }
                }
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
            }
            let _ = writeln!(out, "Produce {:?}", self.columns);
        }
        out
    }
}

/// An operator's line, then its steps' lines.
fn describe(op: &Op) -> Vec<String> {
    match op {
        Op::Match { plan, optional, .. } => {
            let mut lines = vec![if *optional { "OptionalMatch" } else { "Match" }.to_string()];
            describe_steps(&plan.steps, "", &mut lines);
            lines
        }
        Op::Filter(_) => vec!["Filter".into()],
        Op::Unwind { slot, .. } => vec![format!("Unwind -> #{slot}")],
        Op::Project(items) => vec![format!("Project {} column(s)", items.len())],
        Op::Aggregate { keys, aggregates } => {
            vec![format!("Aggregate by {} key(s), {} aggregate(s)", keys.len(), aggregates.len())]
        }
        Op::Distinct(_) => vec!["Distinct".into()],
        Op::Sort(keys) => vec![format!("Sort by {} key(s)", keys.len())],
        Op::Forget(slot) => vec![format!("Forget slots below #{slot}")],
        Op::Skip(_) => vec!["Skip".into()],
        Op::Limit(_) => vec!["Limit".into()],
        Op::Create(items) => vec![format!("Create {} item(s)", items.len())],
        Op::Merge(_) => vec!["Merge".into()],
        Op::Set(ops) => vec![format!("Set {} item(s)", ops.len())],
        Op::Delete { detach, .. } => vec![if *detach { "DetachDelete" } else { "Delete" }.into()],
        Op::Call { procedure: super::Procedure::Show(what), .. } => vec![super::index::show_name(*what).into()],
        Op::Call { procedure, .. } => vec![format!("ProcedureCall {procedure:?}")],
        Op::Schema { command, .. } => vec![super::index::command_name(command).into()],
        Op::Subquery(call) => {
            let head = match (&call.batching, call.optional) {
                (Some(_), _) => "TransactionApply",
                (None, true) => "OptionalApply",
                (None, false) => "Apply",
            };
            let mut lines = vec![format!("{head} {} part(s) -> {:?}", call.body.parts.len(), call.outputs)];
            for part in &call.body.parts {
                lines.extend(part.ops.iter().filter(|op| !matches!(op, Op::Forget(_))).flat_map(describe));
            }
            lines
        }
        Op::Foreach(each) => {
            let mut lines = vec![format!("Foreach -> #{}", each.slot)];
            lines.extend(each.ops.iter().filter(|op| !matches!(op, Op::Forget(_))).flat_map(describe));
            lines
        }
        Op::LoadCsv(load) => {
            vec![format!("LoadCSV{} -> #{}", if load.headers { " WithHeaders" } else { "" }, load.slot)]
        }
    }
}

/// Each step's line; a repetition's and a selection's own steps below it,
/// indented once more.
fn describe_steps(steps: &[Step], indent: &str, lines: &mut Vec<String>) {
    for step in steps {
        lines.push(format!("{indent}{}", describe_step(step)));
        let inner = match step {
            Step::Repeat(r) => &r.body.plan.steps,
            Step::Select(s) => &s.plan.steps,
            _ => continue,
        };
        describe_steps(inner, &format!("{indent}  "), lines);
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
            "Expand{} #{} -[{}]- #{} {:?}",
            if e.var_length.is_some() { "VarLength" } else { "" },
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
