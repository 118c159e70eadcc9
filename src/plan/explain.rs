//! `EXPLAIN`: the operator pipeline as indented text, one operator a line.

use std::fmt;

use super::{Op, QueryPlan, Step};

impl fmt::Display for QueryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let all = self.union_all.get(i - 1).copied().unwrap_or(false);
                writeln!(f, "{}", if all { "UnionAll" } else { "Union" })?;
            }
            for op in &part.ops {
                write_op(f, op)?;
            }
            writeln!(f, "Produce {:?}", self.columns)?;
        }
        Ok(())
    }
}

fn write_op(f: &mut fmt::Formatter<'_>, op: &Op) -> fmt::Result {
    match op {
        Op::Match { plan, optional, .. } => {
            writeln!(f, "{}", if *optional { "OptionalMatch" } else { "Match" })?;
            for step in &plan.steps {
                let line = match step {
                    Step::Scan { slot, check } => match check.labels.first() {
                        Some(l) => format!("LabelScan :{l} -> #{slot}"),
                        None => format!("AllNodesScan -> #{slot}"),
                    },
                    Step::Seek { slot, label, key, .. } => format!("IndexSeek :{label}({key}) -> #{slot}"),
                    Step::Bound { slot, .. } => format!("Argument #{slot}"),
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
                    Step::Filter(_) => "Filter".to_string(),
                };
                writeln!(f, "  {line}")?;
            }
            Ok(())
        }
        Op::Filter(_) => writeln!(f, "Filter"),
        Op::Unwind { slot, .. } => writeln!(f, "Unwind -> #{slot}"),
        Op::Project(items) => writeln!(f, "Project {} column(s)", items.len()),
        Op::Aggregate { keys, aggregates } => {
            writeln!(f, "Aggregate by {} key(s), {} aggregate(s)", keys.len(), aggregates.len())
        }
        Op::Distinct(_) => writeln!(f, "Distinct"),
        Op::Sort(keys) => writeln!(f, "Sort by {} key(s)", keys.len()),
        Op::Skip(_) => writeln!(f, "Skip"),
        Op::Limit(_) => writeln!(f, "Limit"),
        Op::Retain(_) => Ok(()),
        Op::Create(items) => writeln!(f, "Create {} item(s)", items.len()),
        Op::Merge(_) => writeln!(f, "Merge"),
        Op::Set(ops) => writeln!(f, "Set {} item(s)", ops.len()),
        Op::Delete { detach, .. } => writeln!(f, "{}", if *detach { "DetachDelete" } else { "Delete" }),
        Op::Call { procedure, .. } => writeln!(f, "ProcedureCall {procedure:?}"),
    }
}
