//! Index seeks: which of the user's range and text indexes can start a
//! pattern at a node, from `{key: value}` in the pattern and from WHERE
//! conditions `n.p = v`, `n.p IN list`, `n.p < v` (and `<=`, `>`, `>=`) and
//! `n.p STARTS WITH s`. The conditions stay in the plan as filters: a seek
//! only chooses where to look.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::pattern::PatternNode;
use super::{BinaryOp, Expr, NodeCheck, Slot};
use crate::ast::SchemaCommand;

/// A node index the planner may seek in.
#[derive(Clone, Debug)]
pub struct IndexInfo {
    pub name: Arc<str>,
    pub label: Arc<str>,
    pub properties: Vec<Arc<str>>,
    /// A text index: strings only.
    pub text: bool,
}

/// What to look up, as expressions evaluated per row.
#[derive(Clone, Debug)]
pub enum SeekPlan {
    Exact(Vec<Expr>),
    In(Expr),
    Range { lower: Option<(Expr, bool)>, upper: Option<(Expr, bool)> },
    Prefix(Expr),
}

#[derive(Clone, Debug)]
pub struct IndexSeek {
    pub slot: Slot,
    pub index: IndexInfo,
    pub seek: SeekPlan,
    pub check: NodeCheck,
}

impl IndexSeek {
    /// How the seek shows in EXPLAIN, with Neo4j's operator names.
    pub fn describe(&self) -> String {
        let operator = match self.seek {
            SeekPlan::Exact(_) | SeekPlan::In(_) => "NodeIndexSeek",
            SeekPlan::Range { .. } | SeekPlan::Prefix(_) => "NodeIndexSeekByRange",
        };
        let kind = if self.index.text { "TEXT" } else { "RANGE" };
        let properties = self.index.properties.join(", ");
        format!("{operator} {kind} INDEX {} :{}({properties}) -> #{}", self.index.name, self.index.label, self.slot)
    }
}

/// A condition on one property of one node, usable by a seek.
#[derive(Clone, Debug)]
pub enum Condition {
    Eq(Arc<str>, Expr),
    In(Arc<str>, Expr),
    /// `true`: the bound is included.
    Lower(Arc<str>, Expr, bool),
    Upper(Arc<str>, Expr, bool),
    Prefix(Arc<str>, Expr),
}

/// The seekable conditions in `filter`, by the node slot they are about;
/// the value side must read only `bound` slots.
pub fn conditions(filter: &[Expr], bound: &HashSet<Slot>) -> HashMap<Slot, Vec<Condition>> {
    let mut found: HashMap<Slot, Vec<Condition>> = HashMap::new();
    for condition in filter {
        let Expr::Binary(op, l, r) = condition else { continue };
        for (side, value, flipped) in [(l, r, false), (r, l, true)] {
            let Expr::Property(base, key) = &**side else { continue };
            let Expr::Slot(slot) = **base else { continue };
            if !super::pattern::reads_only(value, bound) {
                continue;
            }
            let (key, value) = (key.clone(), (**value).clone());
            let made = match (op, flipped) {
                (BinaryOp::Eq, _) => Condition::Eq(key, value),
                (BinaryOp::In, false) => Condition::In(key, value),
                (BinaryOp::StartsWith, false) => Condition::Prefix(key, value),
                (BinaryOp::Gt, false) | (BinaryOp::Lt, true) => Condition::Lower(key, value, false),
                (BinaryOp::Ge, false) | (BinaryOp::Le, true) => Condition::Lower(key, value, true),
                (BinaryOp::Lt, false) | (BinaryOp::Gt, true) => Condition::Upper(key, value, false),
                (BinaryOp::Le, false) | (BinaryOp::Ge, true) => Condition::Upper(key, value, true),
                _ => continue,
            };
            found.entry(slot).or_default().push(made);
            break;
        }
    }
    found
}

/// The best seek for an unbound node, and its rank (lower is better:
/// exact, then IN, then prefix, then range).
pub fn best_seek(
    indexes: &[IndexInfo],
    node: &PatternNode,
    conditions: &[Condition],
    bound: &HashSet<Slot>,
) -> Option<(usize, IndexSeek)> {
    let mut all: Vec<Condition> = conditions.to_vec();
    for (key, value) in &node.check.properties {
        if super::pattern::reads_only(value, bound) {
            all.push(Condition::Eq(key.clone(), value.clone()));
        }
    }
    let mut best: Option<(usize, IndexSeek)> = None;
    for index in indexes.iter().filter(|i| node.check.labels.contains(&i.label)) {
        let Some((rank, seek)) = seek_in(index, &all) else { continue };
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            let seek = IndexSeek { slot: node.slot, index: index.clone(), seek, check: node.check.clone() };
            best = Some((rank, seek));
        }
    }
    best
}

fn seek_in(index: &IndexInfo, conditions: &[Condition]) -> Option<(usize, SeekPlan)> {
    let equal = |key: &Arc<str>| {
        conditions.iter().find_map(|c| match c {
            // A text index holds strings only: an equality seeks in it only
            // when the value is known to be a string.
            Condition::Eq(k, v) if k == key && (!index.text || is_string(v)) => Some(v.clone()),
            _ => None,
        })
    };
    let exact: Option<Vec<Expr>> = index.properties.iter().map(equal).collect();
    if let Some(values) = exact {
        return Some((0, SeekPlan::Exact(values)));
    }
    let [key] = index.properties.as_slice() else { return None };
    let on_key = || conditions.iter().filter(|c| condition_key(c) == key);
    if !index.text
        && let Some(Condition::In(_, list)) = on_key().find(|c| matches!(c, Condition::In(..)))
    {
        return Some((1, SeekPlan::In(list.clone())));
    }
    if let Some(Condition::Prefix(_, prefix)) = on_key().find(|c| matches!(c, Condition::Prefix(..))) {
        return Some((2, SeekPlan::Prefix(prefix.clone())));
    }
    if index.text {
        return None;
    }
    let lower = on_key().find_map(|c| match c {
        Condition::Lower(_, v, inclusive) => Some((v.clone(), *inclusive)),
        _ => None,
    });
    let upper = on_key().find_map(|c| match c {
        Condition::Upper(_, v, inclusive) => Some((v.clone(), *inclusive)),
        _ => None,
    });
    (lower.is_some() || upper.is_some()).then_some((3, SeekPlan::Range { lower, upper }))
}

fn condition_key(c: &Condition) -> &Arc<str> {
    match c {
        Condition::Eq(k, _)
        | Condition::In(k, _)
        | Condition::Lower(k, _, _)
        | Condition::Upper(k, _, _)
        | Condition::Prefix(k, _) => k,
    }
}

fn is_string(e: &Expr) -> bool {
    matches!(e, Expr::Const(crate::value::Value::String(_)))
}

/// The operator name EXPLAIN shows for `SHOW …` (Neo4j's).
pub fn show_name(what: crate::ast::ShowWhat) -> &'static str {
    match what {
        crate::ast::ShowWhat::Constraints => "ShowConstraints",
        _ => "ShowIndexes",
    }
}

/// The operator name EXPLAIN shows for a schema command (Neo4j's).
pub fn command_name(command: &SchemaCommand) -> &'static str {
    match command {
        SchemaCommand::CreateIndex { .. } => "CreateIndex",
        SchemaCommand::CreateConstraint { .. } => "CreateConstraint",
        SchemaCommand::DropIndex { .. } => "DropIndex",
        SchemaCommand::DropConstraint { .. } => "DropConstraint",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn property(slot: Slot, key: &str) -> Box<Expr> {
        Box::new(Expr::Property(Box::new(Expr::Slot(slot)), Arc::from(key)))
    }

    fn constant(i: i64) -> Box<Expr> {
        Box::new(Expr::Const(Value::Int(i)))
    }

    #[test]
    fn comparisons_written_either_way_become_bounds() {
        let filter = vec![
            Expr::Binary(BinaryOp::Lt, constant(5), property(0, "p")),
            Expr::Binary(BinaryOp::Le, property(0, "p"), constant(9)),
            Expr::Binary(BinaryOp::Eq, property(1, "q"), Box::new(Expr::Slot(7))),
            Expr::Binary(BinaryOp::In, constant(1), property(0, "p")),
        ];
        let found = conditions(&filter, &HashSet::new());
        let on_p = &found[&0];
        assert!(matches!(&on_p[0], Condition::Lower(k, _, false) if &**k == "p"));
        assert!(matches!(&on_p[1], Condition::Upper(k, _, true) if &**k == "p"));
        // `1 IN n.p` is about a list property, not a seek; `q = x` reads
        // a slot not bound yet.
        assert_eq!(on_p.len(), 2);
        assert!(!found.contains_key(&1));
    }

    #[test]
    fn the_best_seek_is_exact_then_in_then_prefix_then_range() {
        let index = |name: &str, props: &[&str], text: bool| IndexInfo {
            name: Arc::from(name),
            label: Arc::from("L"),
            properties: props.iter().map(|p| Arc::from(*p)).collect(),
            text,
        };
        let indexes = [index("range", &["p"], false), index("pair", &["p", "q"], false), index("text", &["s"], true)];
        let node = PatternNode { slot: 0, check: NodeCheck { labels: vec![Arc::from("L")], properties: vec![] } };
        let best = |conditions: Vec<Condition>| {
            best_seek(&indexes, &node, &conditions, &HashSet::new()).map(|(rank, s)| (rank, s.index.name.to_string()))
        };
        let p = || Arc::from("p");
        assert_eq!(best(vec![Condition::Lower(p(), *constant(1), true)]), Some((3, "range".into())));
        assert_eq!(
            best(vec![Condition::In(p(), *constant(1)), Condition::Eq(p(), *constant(1))]),
            Some((0, "range".into()))
        );
        let both = vec![Condition::Eq(p(), *constant(1)), Condition::Eq(Arc::from("q"), *constant(2))];
        assert_eq!(best(both).map(|(rank, _)| rank), Some(0));
        // A text index seeks an equality only with a string.
        assert_eq!(best(vec![Condition::Eq(Arc::from("s"), *constant(1))]), None);
        let string = Expr::Const(Value::string("a"));
        assert_eq!(best(vec![Condition::Prefix(Arc::from("s"), string)]), Some((2, "text".into())));
    }
}
