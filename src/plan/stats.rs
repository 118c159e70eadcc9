//! What the planner knows of the graph: the store's counts ([`Statistics`])
//! by name, read once per statement, and the averages the cost model
//! derives from them (nodes per label set, relationships per node).

use std::collections::HashMap;
use std::sync::Arc;

use super::index::IndexInfo;
use crate::store::{Dir, Graph};

/// Counts of the graph when a statement is planned, and its indexes.
#[derive(Clone, Debug, Default)]
pub struct GraphStats {
    pub nodes: usize,
    pub labels: HashMap<String, usize>,
    /// Relationships per type.
    pub types: HashMap<String, usize>,
    /// `(label, type)` → relationships of the type leaving nodes of the label.
    pub leaving: HashMap<(String, String), usize>,
    pub entering: HashMap<(String, String), usize>,
    /// Distinct names per label (the always-indexed key).
    pub names: HashMap<String, usize>,
    pub indexes: Vec<IndexInfo>,
}

impl GraphStats {
    pub fn of(graph: &Graph, indexes: Vec<IndexInfo>) -> GraphStats {
        let counts = graph.statistics();
        let labels: Vec<_> = graph.labels.names().map(|(s, name)| (s, name.to_string())).collect();
        let types: Vec<_> = graph.types.names().map(|(s, name)| (s, name.to_string())).collect();
        let mut stats = GraphStats { nodes: graph.node_count(), indexes, ..GraphStats::default() };
        for (t, name) in &types {
            stats.types.insert(name.clone(), counts.relationships(*t));
        }
        for (l, label) in &labels {
            stats.labels.insert(label.clone(), graph.label_count(*l));
            stats.names.insert(label.clone(), counts.distinct_names(*l));
            for (t, name) in &types {
                let key = || (label.clone(), name.clone());
                match (counts.leaving(*l, *t), counts.entering(*l, *t)) {
                    (0, 0) => {}
                    (out, inc) => {
                        stats.leaving.insert(key(), out);
                        stats.entering.insert(key(), inc);
                    }
                }
            }
        }
        stats
    }

    pub fn label_count(&self, label: &str) -> usize {
        self.labels.get(label).copied().unwrap_or(0)
    }

    /// The label of a node's labels with the fewest nodes: the one a scan
    /// reads and the one whose degrees describe the node best.
    pub fn narrowest<'l>(&self, labels: &'l [Arc<str>]) -> Option<&'l Arc<str>> {
        labels.iter().min_by_key(|l| self.label_count(l))
    }

    /// How many nodes carry all of `labels` (independent labels assumed).
    pub fn nodes_with(&self, labels: &[Arc<str>]) -> f64 {
        let all = self.nodes as f64;
        let Some(narrowest) = self.narrowest(labels) else { return all };
        let mut n = self.label_count(narrowest) as f64;
        for l in labels.iter().filter(|l| *l != narrowest) {
            n *= fraction(self.label_count(l) as f64, all);
        }
        n
    }

    /// The share of all nodes that carry `labels`.
    pub fn label_fraction(&self, labels: &[Arc<str>]) -> f64 {
        fraction(self.nodes_with(labels), self.nodes as f64)
    }

    /// Relationships of `types` (any type when empty) at nodes with
    /// `labels` (any node when empty), leaving them for `Outgoing`.
    pub fn rels_at(&self, labels: &[Arc<str>], types: &[Arc<str>], dir: Dir) -> f64 {
        let wanted = |t: &str| types.is_empty() || types.iter().any(|w| w.as_ref() == t);
        let sides = match dir {
            Dir::Outgoing => 1.0,
            Dir::Incoming => 1.0,
            Dir::Both => 2.0,
        };
        let Some(label) = self.narrowest(labels) else {
            return sides * self.types.iter().filter(|(t, _)| wanted(t)).map(|(_, n)| *n as f64).sum::<f64>();
        };
        let count = |map: &HashMap<(String, String), usize>| -> f64 {
            map.iter().filter(|((l, t), _)| l.as_str() == label.as_ref() && wanted(t)).map(|(_, n)| *n as f64).sum()
        };
        match dir {
            Dir::Outgoing => count(&self.leaving),
            Dir::Incoming => count(&self.entering),
            Dir::Both => count(&self.leaving) + count(&self.entering),
        }
    }

    /// The average number of relationships of `types` a node with `labels`
    /// has in direction `dir`.
    pub fn degree(&self, labels: &[Arc<str>], types: &[Arc<str>], dir: Dir) -> f64 {
        let nodes = match self.narrowest(labels) {
            Some(l) => self.label_count(l) as f64,
            None => self.nodes as f64,
        };
        fraction(self.rels_at(labels, types, dir), nodes)
    }

    /// Of the relationships of `types` followed in `dir`, the share that
    /// end at a node with `to` labels.
    pub fn reach_fraction(&self, types: &[Arc<str>], dir: Dir, to: &[Arc<str>]) -> f64 {
        if to.is_empty() {
            return 1.0;
        }
        let reverse = match dir {
            Dir::Outgoing => Dir::Incoming,
            Dir::Incoming => Dir::Outgoing,
            Dir::Both => Dir::Both,
        };
        // The narrowest label stands for the node's labels; the others
        // are independent of the relationship.
        let arriving = fraction(self.rels_at(to, types, reverse), self.rels_at(&[], types, reverse));
        let narrowest = self.narrowest(to);
        let others: Vec<Arc<str>> = to.iter().filter(|l| Some(*l) != narrowest).cloned().collect();
        (arriving * if others.is_empty() { 1.0 } else { self.label_fraction(&others) }).min(1.0)
    }

    /// Distinct values of the name index on nodes of `label`.
    pub fn distinct_names(&self, label: &str) -> usize {
        self.names.get(label).copied().unwrap_or(0)
    }
}

/// `part / whole`, 0 for an empty whole.
pub fn fraction(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}
