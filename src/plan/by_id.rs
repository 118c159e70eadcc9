//! `WHERE elementId(n) = $id`: the node is found by its identifier, not
//! by scanning. The condition stays in the filter as well, so it still
//! holds where the pattern starts elsewhere (a bound node beats a lookup).

use std::collections::{HashMap, HashSet};

use super::pattern::{PatternPath, reads_only};
use super::{BinaryOp, Expr, Function, Slot};

/// The pattern nodes and single relationships (not bound before) whose
/// elementId a condition equates with a value known before the match.
pub fn element_id_lookups(paths: &[PatternPath], bound: &HashSet<Slot>, filter: &[Expr]) -> HashMap<Slot, Expr> {
    let nodes = paths.iter().flat_map(|p| p.nodes.iter().map(|n| n.slot));
    let rels = paths.iter().flat_map(|p| p.rels.iter().filter(|r| r.var_length.is_none()).map(|r| r.slot));
    let found_by_id: HashSet<Slot> = nodes.chain(rels).collect();
    let mut found = HashMap::new();
    for condition in filter {
        let Expr::Binary(BinaryOp::Eq, l, r) = condition else { continue };
        for (side, value) in [(l, r), (r, l)] {
            let Expr::Function(Function::ElementId, args) = &**side else { continue };
            let [Expr::Slot(slot)] = args.as_slice() else { continue };
            if found_by_id.contains(slot) && !bound.contains(slot) && reads_only(value, bound) {
                found.entry(*slot).or_insert_with(|| (**value).clone());
            }
        }
    }
    found
}
