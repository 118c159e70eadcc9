//! Where the conditions of a MATCH's WHERE go: an equality on the name
//! into the node's check (so the name index can serve it), and every other
//! condition right after the first step that binds all it reads.

use std::collections::HashSet;

use super::pattern::{PatternPath, reads_only};
use super::{Expr, MatchPlan, Slot, Step};
use crate::store::INDEXED_KEYS;

/// `WHERE n.name = value` on a labelled pattern node means what
/// `(n:Label {name: value})` means: it moves into the node's check, where
/// the name index can serve it.
pub(super) fn lift_indexed_equalities(
    paths: &mut [PatternPath],
    bound: &HashSet<Slot>,
    filter: Vec<Expr>,
) -> Vec<Expr> {
    let mut kept = Vec::with_capacity(filter.len());
    'conditions: for condition in filter {
        if let Expr::Binary(super::BinaryOp::Eq, l, r) = &condition {
            for (side, value) in [(l, r), (r, l)] {
                let Expr::Property(base, key) = &**side else { continue };
                let Expr::Slot(slot) = **base else { continue };
                if !INDEXED_KEYS.contains(&key.as_ref()) || !reads_only(value, bound) {
                    continue;
                }
                let node = paths.iter_mut().flat_map(|p| p.nodes.iter_mut()).find(|n| n.slot == slot);
                if let Some(node) = node.filter(|n| !n.check.labels.is_empty()) {
                    node.check.properties.push((key.clone(), (**value).clone()));
                    continue 'conditions;
                }
            }
        }
        kept.push(condition);
    }
    kept
}

/// Puts each condition right after the first step that binds all it reads.
pub(super) fn place_filters(plan: &mut MatchPlan, bound: &HashSet<Slot>, filter: Vec<Expr>) {
    let mut bound_after: Vec<HashSet<Slot>> = Vec::with_capacity(plan.steps.len());
    let mut now = bound.clone();
    for step in &plan.steps {
        match step {
            Step::Scan { slot, .. }
            | Step::Seek { slot, .. }
            | Step::NodeById { slot, .. }
            | Step::Bound { slot, .. }
            | Step::Path { slot, .. } => {
                now.insert(*slot);
            }
            Step::IndexSeek(seek) => {
                now.insert(seek.slot);
            }
            Step::Expand(e) => {
                now.insert(e.rel);
                now.insert(e.to);
            }
            Step::RelById { rel, node, .. } => {
                now.insert(*rel);
                now.insert(*node);
            }
            Step::Shortest(s) => {
                now.insert(s.rel);
                now.insert(s.path);
            }
            Step::Filter(_) => {}
        }
        bound_after.push(now.clone());
    }
    let mut placed: Vec<(usize, Expr)> = filter
        .into_iter()
        .map(|f| {
            let at = bound_after.iter().position(|b| reads_only(&f, b)).unwrap_or(plan.steps.len().saturating_sub(1));
            (at, f)
        })
        .collect();
    // Insert from the back so earlier positions stay valid.
    placed.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, f) in placed {
        let index = (at + 1).min(plan.steps.len());
        plan.steps.insert(index, Step::Filter(f));
    }
}
