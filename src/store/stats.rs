//! The counts the planner estimates from: relationships per type, and per
//! (label, type) the relationships leaving and entering nodes of the label,
//! and the distinct values of the name index per label. The store calls
//! these hooks where it adds or removes a relationship, a label or an index
//! entry; undo and loading go through the same places, so the counts are
//! exact after every write, rollback, bulk load and open.

use rustc_hash::FxHashMap;

use super::Symbol;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics {
    per_type: FxHashMap<Symbol, usize>,
    /// `(label, type)` → relationships of the type leaving nodes with the label.
    leaving: FxHashMap<(Symbol, Symbol), usize>,
    entering: FxHashMap<(Symbol, Symbol), usize>,
    /// label → distinct values of the always-indexed keys on its nodes.
    names: FxHashMap<Symbol, usize>,
}

impl Statistics {
    /// The number of relationships of `rel_type`.
    pub fn relationships(&self, rel_type: Symbol) -> usize {
        self.per_type.get(&rel_type).copied().unwrap_or(0)
    }

    /// The relationships of `rel_type` whose start node has `label`.
    pub fn leaving(&self, label: Symbol, rel_type: Symbol) -> usize {
        self.leaving.get(&(label, rel_type)).copied().unwrap_or(0)
    }

    /// The relationships of `rel_type` whose end node has `label`.
    pub fn entering(&self, label: Symbol, rel_type: Symbol) -> usize {
        self.entering.get(&(label, rel_type)).copied().unwrap_or(0)
    }

    /// How many distinct indexed values (names) nodes of `label` have.
    pub fn distinct_names(&self, label: Symbol) -> usize {
        self.names.get(&label).copied().unwrap_or(0)
    }

    /// A relationship of `rel_type` from a node with `start` labels to one
    /// with `end` labels was added (or removed).
    pub(super) fn relationship(&mut self, rel_type: Symbol, start: &[Symbol], end: &[Symbol], added: bool) {
        bump(&mut self.per_type, rel_type, added);
        for l in start {
            bump(&mut self.leaving, (*l, rel_type), added);
        }
        for l in end {
            bump(&mut self.entering, (*l, rel_type), added);
        }
    }

    /// `label` was added to (or removed from) a node with these
    /// relationships: `(type, leaving)` for each (a self-loop twice).
    pub(super) fn label(&mut self, label: Symbol, rels: impl Iterator<Item = (Symbol, bool)>, added: bool) {
        for (rel_type, leaving) in rels {
            let counts = if leaving { &mut self.leaving } else { &mut self.entering };
            bump(counts, (label, rel_type), added);
        }
    }

    /// A name value of a node with `label` got its first node (or lost its last).
    pub(super) fn name_value(&mut self, label: Symbol, added: bool) {
        bump(&mut self.names, label, added);
    }
}

fn bump<K: std::hash::Hash + Eq>(counts: &mut FxHashMap<K, usize>, key: K, added: bool) {
    if added {
        *counts.entry(key).or_default() += 1;
    } else if let Some(n) = counts.get_mut(&key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            // Absent and zero are one state, so equal graphs compare equal.
            counts.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{Graph, Statistics};
    use crate::value::Value;

    /// The counts made from scratch, by loading the graph's records anew.
    fn rebuilt(g: &Graph) -> Statistics {
        let mut fresh = Graph::new();
        for l in 0..g.labels.len() as u32 {
            fresh.labels.intern(&g.labels.name(l));
        }
        for t in 0..g.types.len() as u32 {
            fresh.types.intern(&g.types.name(t));
        }
        for k in 0..g.keys.len() as u32 {
            fresh.keys.intern(&g.keys.name(k));
        }
        let (nodes, rels) = g.next_ids();
        fresh.advance_next_ids(nodes, rels).ok();
        for n in g.node_records() {
            fresh.restore_node(n.clone()).ok();
        }
        for (r, start, end) in g.rel_records() {
            fresh.restore_rel(start, end, r.clone()).ok();
        }
        fresh.statistics().clone()
    }

    #[test]
    fn counts_follow_writes_labels_and_rollback() {
        let mut g = Graph::new();
        let (sanction, person) = (g.labels.intern("Sanction"), g.labels.intern("Person"));
        let targets = g.types.intern("TARGETS");
        let name = g.keys.intern("name");
        let s = g.create_node(&[sanction], vec![(name, Value::string("DPRK"))]);
        let p = g.create_node(&[person], vec![(name, Value::string("Kim"))]);
        let q = g.create_node(&[], vec![(name, Value::string("Kim"))]);
        g.create_rel(s, p, targets, vec![]);
        g.create_rel(s, q, targets, vec![]);
        g.create_rel(q, q, targets, vec![]);
        g.commit();
        let stats = g.statistics().clone();
        assert_eq!(stats.relationships(targets), 3);
        assert_eq!(stats.leaving(sanction, targets), 2);
        assert_eq!(stats.entering(person, targets), 1);
        assert_eq!(stats.distinct_names(person), 1);

        // A label added to a node counts its relationships, a self-loop at both ends.
        g.add_label(q, person);
        assert_eq!(g.statistics().entering(person, targets), 3);
        assert_eq!(g.statistics().leaving(person, targets), 1);
        assert_eq!(g.statistics().distinct_names(person), 1);
        g.set_node_property(p, name, Value::string("Ri"));
        assert_eq!(g.statistics().distinct_names(person), 2);
        assert_eq!(g.statistics(), &rebuilt(&g));

        g.remove_label(p, person);
        for r in g.edges(s, crate::store::Dir::Outgoing).map(|e| e.rel).collect::<Vec<_>>() {
            g.delete_rel(r);
        }
        g.delete_node(p);
        assert_eq!(g.statistics().leaving(sanction, targets), 0);
        assert_eq!(g.statistics(), &rebuilt(&g));

        g.rollback();
        assert_eq!(g.statistics(), &stats);
        assert_eq!(g.statistics(), &rebuilt(&g));
    }
}
