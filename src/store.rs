//! The graph store: nodes and relationships on a petgraph `StableGraph`,
//! with embargo's own stable ids, interned names, a label index, a
//! `(label, key, value)` index for the always-indexed `name` key, and the
//! user's indexes and constraints ([`indexes`], `constraints`).
//!
//! Every change goes through a method that records how to undo it, so a
//! statement that fails can be rolled back ([`Graph::rollback`]), and, when
//! the graph is persistent, how to redo it ([`Redo`]), so a committed
//! statement can be written to the WAL and replayed.

mod bulk;
mod constraints;
mod fulltext;
mod idset;
pub mod indexes;
mod interner;
pub mod names;
mod redo;
#[cfg(test)]
mod redo_tests;
pub mod stats;
pub mod stored;
mod undo;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap;

use idset::IdSet;
use indexes::Element;
pub use interner::{Interner, Symbol};
pub use redo::Redo;
pub use stats::Statistics;
use undo::Change;

use crate::value::{Map, NodeId, RelId, Value};

/// Property keys that are indexed for every label.
pub const INDEXED_KEYS: &[&str] = &["name"];

/// A node as the store keeps it.
#[derive(Clone, Debug)]
pub struct NodeRecord {
    pub id: NodeId,
    pub labels: Vec<Symbol>,
    pub properties: Vec<(Symbol, Value)>,
}

/// A relationship as the store keeps it.
#[derive(Clone, Debug)]
pub struct RelRecord {
    pub id: RelId,
    pub rel_type: Symbol,
    pub properties: Vec<(Symbol, Value)>,
}

/// Which way a relationship is followed from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Outgoing,
    Incoming,
    Both,
}

/// A relationship seen from one of its ends.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub rel: RelId,
    pub rel_type: Symbol,
    pub start: NodeId,
    pub end: NodeId,
    /// The node at the other end from the one expanded.
    pub other: NodeId,
}

#[derive(Default)]
pub struct Graph {
    graph: StableDiGraph<NodeRecord, RelRecord, u32>,
    /// Node id → petgraph index (ids are dense, so a vector).
    node_index: Vec<Option<NodeIndex>>,
    /// Petgraph index → node id: reading an edge's ends from this small
    /// array instead of the node records keeps expansion in cache.
    id_at: Vec<NodeId>,
    rel_index: Vec<Option<EdgeIndex>>,
    pub labels: Interner,
    pub types: Interner,
    pub keys: Interner,
    by_label: HashMap<Symbol, BTreeSet<NodeId>>,
    by_property: FxHashMap<(Symbol, Symbol, Value), IdSet>,
    indexed_keys: Vec<Symbol>,
    /// The name index, built on first use ([`names`]).
    names: std::sync::OnceLock<crate::names::NameIndex>,
    /// Changes since the last commit, newest last.
    changes: Vec<Change>,
    /// The same changes in redo form, oldest first, while `redo_on`.
    redo: Vec<Redo>,
    redo_on: bool,
    /// The user's indexes and constraints ([`indexes`]).
    indexes: indexes::Indexes,
    stats: Statistics,
}

impl Graph {
    pub fn new() -> Graph {
        let mut graph = Graph::default();
        graph.indexed_keys = INDEXED_KEYS.iter().map(|k| graph.keys.intern(k)).collect();
        graph
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relationship_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Counts for the planner ([`stats`]).
    pub fn statistics(&self) -> &Statistics {
        &self.stats
    }

    // ---- reading -------------------------------------------------------

    pub fn node(&self, id: NodeId) -> Option<&NodeRecord> {
        self.node_ix(id).and_then(|ix| self.graph.node_weight(ix))
    }

    pub fn rel(&self, id: RelId) -> Option<&RelRecord> {
        self.rel_ix(id).and_then(|ix| self.graph.edge_weight(ix))
    }

    pub fn contains_node(&self, id: NodeId) -> bool {
        self.node_ix(id).is_some()
    }

    pub fn contains_rel(&self, id: RelId) -> bool {
        self.rel_ix(id).is_some()
    }

    /// The start and end node of a relationship.
    pub fn rel_ends(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        let (a, b) = self.graph.edge_endpoints(self.rel_ix(id)?)?;
        Some((*self.id_at.get(a.index())?, *self.id_at.get(b.index())?))
    }

    fn node_ix(&self, id: NodeId) -> Option<NodeIndex> {
        usize::try_from(id).ok().and_then(|i| self.node_index.get(i).copied().flatten())
    }

    fn rel_ix(&self, id: RelId) -> Option<EdgeIndex> {
        usize::try_from(id).ok().and_then(|i| self.rel_index.get(i).copied().flatten())
    }

    /// All node ids, in creation order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.node_index.iter().enumerate().filter(|(_, ix)| ix.is_some()).map(|(id, _)| id as NodeId)
    }

    /// All relationship ids, in creation order.
    pub fn rel_ids(&self) -> impl Iterator<Item = RelId> + '_ {
        self.rel_index.iter().enumerate().filter(|(_, ix)| ix.is_some()).map(|(id, _)| id as RelId)
    }

    /// The nodes carrying `label`, in creation order.
    pub fn nodes_with_label(&self, label: Symbol) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label.get(&label).into_iter().flatten().copied()
    }

    pub fn label_count(&self, label: Symbol) -> usize {
        self.by_label.get(&label).map_or(0, BTreeSet::len)
    }

    /// Nodes with `label` whose indexed property `key` equals `value`.
    pub fn seek(&self, label: Symbol, key: Symbol, value: &Value) -> impl Iterator<Item = NodeId> + '_ {
        let candidates = match value {
            Value::Null => None,
            v => self.by_property.get(&(label, key, v.clone())),
        };
        candidates.into_iter().flat_map(IdSet::iter)
    }

    pub fn has_label(&self, id: NodeId, label: Symbol) -> bool {
        self.node(id).is_some_and(|n| n.labels.contains(&label))
    }

    pub fn node_property(&self, id: NodeId, key: Symbol) -> Option<&Value> {
        self.node(id).and_then(|n| lookup(&n.properties, key))
    }

    pub fn rel_property(&self, id: RelId, key: Symbol) -> Option<&Value> {
        self.rel(id).and_then(|r| lookup(&r.properties, key))
    }

    /// A node's properties as a map value.
    pub fn node_properties(&self, id: NodeId) -> Map {
        self.node(id).map(|n| self.to_map(&n.properties)).unwrap_or_default()
    }

    pub fn rel_properties(&self, id: RelId) -> Map {
        self.rel(id).map(|r| self.to_map(&r.properties)).unwrap_or_default()
    }

    pub fn node_labels(&self, id: NodeId) -> Vec<Arc<str>> {
        self.node(id).map(|n| n.labels.iter().map(|l| self.labels.name(*l)).collect()).unwrap_or_default()
    }

    pub fn rel_type_name(&self, id: RelId) -> Option<Arc<str>> {
        self.rel(id).map(|r| self.types.name(r.rel_type))
    }

    fn to_map(&self, props: &[(Symbol, Value)]) -> Map {
        props.iter().map(|(k, v)| (self.keys.name(*k), v.clone())).collect()
    }

    /// The relationships at `node` in direction `dir`, optionally only of
    /// the given types. A self-loop is reported once, also for `Both`.
    pub fn edges(&self, node: NodeId, dir: Dir) -> impl Iterator<Item = Edge> + '_ {
        let ix = self.node_ix(node);
        let out = matches!(dir, Dir::Outgoing | Dir::Both).then_some(ix).flatten();
        let inc = matches!(dir, Dir::Incoming | Dir::Both).then_some(ix).flatten();
        let outgoing = out.into_iter().flat_map(move |ix| self.graph.edges_directed(ix, Direction::Outgoing));
        let incoming = inc
            .into_iter()
            .flat_map(move |ix| self.graph.edges_directed(ix, Direction::Incoming))
            // With Both, a self-loop was already seen as outgoing.
            .filter(move |e| dir != Dir::Both || e.source() != e.target());
        outgoing.map(move |e| self.edge(e, true)).chain(incoming.map(move |e| self.edge(e, false)))
    }

    fn edge(&self, e: petgraph::stable_graph::EdgeReference<'_, RelRecord, u32>, outgoing: bool) -> Edge {
        let id = |ix: NodeIndex| self.id_at.get(ix.index()).copied().unwrap_or_default();
        let (start, end) = (id(e.source()), id(e.target()));
        Edge {
            rel: e.weight().id,
            rel_type: e.weight().rel_type,
            start,
            end,
            other: if outgoing { end } else { start },
        }
    }

    // ---- writing -------------------------------------------------------

    pub fn create_node(&mut self, labels: &[Symbol], properties: Vec<(Symbol, Value)>) -> NodeId {
        let mut unique = Vec::with_capacity(labels.len());
        for l in labels {
            if !unique.contains(l) {
                unique.push(*l);
            }
        }
        // A bulk insert, made undoable and logged.
        let id = self.bulk_node(unique, distinct_keys(properties));
        self.changes.push(Change::CreateNode(id));
        self.log_create_node(id);
        id
    }

    fn insert_node(&mut self, record: NodeRecord) {
        let id = record.id;
        for l in &record.labels {
            self.by_label.entry(*l).or_default().insert(id);
            for (k, v) in &record.properties {
                if self.indexed_keys.contains(k) && index_node(&mut self.by_property, (*l, *k, v.clone()), id) {
                    self.stats.name_value(*l, true);
                }
            }
        }
        let ix = self.graph.add_node(record);
        if self.id_at.len() <= ix.index() {
            self.id_at.resize(ix.index() + 1, 0);
        }
        self.id_at[ix.index()] = id;
        let slot = id as usize;
        if self.node_index.len() <= slot {
            self.node_index.resize(slot + 1, None);
        }
        self.node_index[slot] = Some(ix);
        self.names_changed(id);
        self.reindex(Element::Node(id), Vec::new());
    }

    /// Creates a relationship; `None` when an end node does not exist.
    pub fn create_rel(
        &mut self,
        start: NodeId,
        end: NodeId,
        rel_type: Symbol,
        properties: Vec<(Symbol, Value)>,
    ) -> Option<RelId> {
        let id = self.bulk_rel(start, end, rel_type, distinct_keys(properties))?;
        self.changes.push(Change::CreateRel(id));
        self.log_create_rel(id);
        Some(id)
    }

    fn insert_rel(&mut self, start: NodeId, end: NodeId, record: RelRecord) -> Option<()> {
        let (a, b) = (self.node_ix(start)?, self.node_ix(end)?);
        let id = record.id;
        self.stats.relationship(record.rel_type, &self.graph[a].labels, &self.graph[b].labels, true);
        let ix = self.graph.add_edge(a, b, record);
        let slot = id as usize;
        if self.rel_index.len() <= slot {
            self.rel_index.resize(slot + 1, None);
        }
        self.rel_index[slot] = Some(ix);
        self.reindex(Element::Rel(id), Vec::new());
        Some(())
    }

    /// Sets (or, with null, removes) a node property. Returns whether a
    /// property existed or was written.
    pub fn set_node_property(&mut self, id: NodeId, key: Symbol, value: Value) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        let before = self.index_keys(Element::Node(id));
        let indexed = self.indexed_keys.contains(&key);
        let record = &mut self.graph[ix];
        let old = replace_property(&mut record.properties, key, value.clone());
        if indexed {
            let labels = record.labels.clone();
            for l in labels {
                if let Some(old) = &old {
                    self.unindex(l, key, old, id);
                }
                if !value.is_null() && index_node(&mut self.by_property, (l, key, value.clone()), id) {
                    self.stats.name_value(l, true);
                }
            }
        }
        let touched = old.is_some() || !value.is_null();
        if self.names.get().is_some() && self.is_name_key(key) {
            self.names_changed(id);
        }
        self.reindex(Element::Node(id), before);
        self.changes.push(Change::NodeProperty(id, key, old));
        if touched {
            self.log(|g| Redo::SetNodeProperty { id, key: g.keys.name(key), value });
        }
        touched
    }

    pub fn set_rel_property(&mut self, id: RelId, key: Symbol, value: Value) -> bool {
        let Some(ix) = self.rel_ix(id) else { return false };
        let before = self.index_keys(Element::Rel(id));
        let old = replace_property(&mut self.graph[ix].properties, key, value.clone());
        self.reindex(Element::Rel(id), before);
        let touched = old.is_some() || !value.is_null();
        self.changes.push(Change::RelProperty(id, key, old));
        if touched {
            self.log(|g| Redo::SetRelProperty { id, key: g.keys.name(key), value });
        }
        touched
    }

    /// Adds a label; false if the node had it already.
    pub fn add_label(&mut self, id: NodeId, label: Symbol) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        if self.graph[ix].labels.contains(&label) {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        let record = &mut self.graph[ix];
        record.labels.push(label);
        let indexed: Vec<(Symbol, Value)> =
            record.properties.iter().filter(|(k, _)| self.indexed_keys.contains(k)).cloned().collect();
        self.by_label.entry(label).or_default().insert(id);
        for (k, v) in indexed {
            if index_node(&mut self.by_property, (label, k, v), id) {
                self.stats.name_value(label, true);
            }
        }
        self.stats.label(label, rel_ends_at(&self.graph, ix), true);
        self.names_changed(id);
        self.reindex(Element::Node(id), before);
        self.changes.push(Change::AddLabel(id, label));
        self.log(|g| Redo::AddLabel { id, label: g.labels.name(label) });
        true
    }

    /// Removes a label; false if the node did not have it.
    pub fn remove_label(&mut self, id: NodeId, label: Symbol) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        let before = self.index_keys(Element::Node(id));
        let record = &mut self.graph[ix];
        let Some(pos) = record.labels.iter().position(|l| *l == label) else { return false };
        record.labels.remove(pos);
        let indexed: Vec<(Symbol, Value)> =
            record.properties.iter().filter(|(k, _)| self.indexed_keys.contains(k)).cloned().collect();
        if let Some(set) = self.by_label.get_mut(&label) {
            set.remove(&id);
        }
        for (k, v) in indexed {
            self.unindex(label, k, &v, id);
        }
        self.stats.label(label, rel_ends_at(&self.graph, ix), false);
        self.names_changed(id);
        self.reindex(Element::Node(id), before);
        self.changes.push(Change::RemoveLabel(id, label));
        self.log(|g| Redo::RemoveLabel { id, label: g.labels.name(label) });
        true
    }

    fn unindex(&mut self, label: Symbol, key: Symbol, value: &Value, id: NodeId) {
        let entry = (label, key, value.clone());
        if let Some(set) = self.by_property.get_mut(&entry)
            && set.remove(id)
        {
            self.by_property.remove(&entry);
            self.stats.name_value(label, false);
        }
    }

    /// Deletes a relationship; false if it did not exist.
    pub fn delete_rel(&mut self, id: RelId) -> bool {
        let Some(ix) = self.rel_ix(id) else { return false };
        let Some((a, b)) = self.graph.edge_endpoints(ix) else { return false };
        let (start, end) = (self.graph[a].id, self.graph[b].id);
        let before = self.index_keys(Element::Rel(id));
        let Some(record) = self.graph.remove_edge(ix) else { return false };
        self.stats.relationship(record.rel_type, &self.graph[a].labels, &self.graph[b].labels, false);
        self.rel_index[id as usize] = None;
        self.reindex(Element::Rel(id), before);
        self.changes.push(Change::DeleteRel { start, end, record });
        self.log(|_| Redo::DeleteRel(id));
        true
    }

    /// Deletes a node that has no relationships left; false if it did not
    /// exist or still has relationships.
    pub fn delete_node(&mut self, id: NodeId) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        if self.graph.neighbors_undirected(ix).next().is_some() {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        let Some(record) = self.graph.remove_node(ix) else { return false };
        self.node_index[id as usize] = None;
        self.reindex(Element::Node(id), before);
        for l in &record.labels {
            if let Some(set) = self.by_label.get_mut(l) {
                set.remove(&id);
            }
            for (k, v) in &record.properties {
                if self.indexed_keys.contains(k) {
                    self.unindex(*l, *k, v, id);
                }
            }
        }
        self.names_removed(id);
        self.changes.push(Change::DeleteNode(record));
        self.log(|_| Redo::DeleteNode(id));
        true
    }

    // ---- transactions --------------------------------------------------

    /// Forgets the undo and redo logs: the changes so far stay. A
    /// persistent store reads [`Graph::redo`] before committing.
    pub fn commit(&mut self) {
        self.changes.clear();
        self.redo.clear();
    }

    /// Undoes every change since the last commit, newest first.
    pub fn rollback(&mut self) {
        while let Some(change) = self.changes.pop() {
            let mark = self.changes.len();
            self.undo(change);
            // Undoing must not itself leave changes to undo.
            self.changes.truncate(mark);
        }
        // Nothing of a rolled-back statement may reach the WAL.
        self.redo.clear();
    }

    fn undo(&mut self, change: Change) {
        match change {
            Change::CreateNode(id) => {
                self.delete_node(id);
                self.node_index.truncate(id as usize);
            }
            Change::CreateRel(id) => {
                self.delete_rel(id);
                self.rel_index.truncate(id as usize);
            }
            Change::NodeProperty(id, key, old) => {
                self.set_node_property(id, key, old.unwrap_or(Value::Null));
            }
            Change::RelProperty(id, key, old) => {
                self.set_rel_property(id, key, old.unwrap_or(Value::Null));
            }
            Change::AddLabel(id, label) => {
                self.remove_label(id, label);
            }
            Change::RemoveLabel(id, label) => {
                self.add_label(id, label);
            }
            Change::DeleteRel { start, end, record } => {
                self.insert_rel(start, end, record);
            }
            Change::DeleteNode(record) => self.insert_node(record),
            Change::Schema(defs) => self.restore_schema(*defs),
        }
    }
}

/// Properties without nulls, each key once (the last value given wins,
/// as in a map literal), so that setting and undoing see one entry a key.
fn distinct_keys(properties: Vec<(Symbol, Value)>) -> Vec<(Symbol, Value)> {
    let mut out: Vec<(Symbol, Value)> = Vec::with_capacity(properties.len());
    for (k, v) in properties {
        match out.iter().position(|(key, _)| *key == k) {
            Some(i) if v.is_null() => {
                out.remove(i);
            }
            Some(i) => out[i].1 = v,
            None if v.is_null() => {}
            None => out.push((k, v)),
        }
    }
    out
}

/// Adds `id` under `entry` of the property index; true when the entry is new.
fn index_node(
    index: &mut FxHashMap<(Symbol, Symbol, Value), IdSet>,
    entry: (Symbol, Symbol, Value),
    id: NodeId,
) -> bool {
    match index.get_mut(&entry) {
        Some(set) => {
            set.insert(id);
            false
        }
        None => {
            index.insert(entry, IdSet::One(id));
            true
        }
    }
}

/// `(type, leaving)` for each relationship at a node (a self-loop twice).
fn rel_ends_at(
    graph: &StableDiGraph<NodeRecord, RelRecord, u32>,
    ix: NodeIndex,
) -> impl Iterator<Item = (Symbol, bool)> + '_ {
    let at =
        move |d: Direction| graph.edges_directed(ix, d).map(move |e| (e.weight().rel_type, d == Direction::Outgoing));
    at(Direction::Outgoing).chain(at(Direction::Incoming))
}

fn lookup(props: &[(Symbol, Value)], key: Symbol) -> Option<&Value> {
    props.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// Writes `value` under `key` (null removes it); returns the old value.
fn replace_property(props: &mut Vec<(Symbol, Value)>, key: Symbol, value: Value) -> Option<Value> {
    let pos = props.iter().position(|(k, _)| *k == key);
    match (pos, value.is_null()) {
        (Some(i), true) => Some(props.remove(i).1),
        (Some(i), false) => Some(std::mem::replace(&mut props[i].1, value)),
        (None, true) => None,
        (None, false) => {
            props.push((key, value));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_graph_interns_only_the_indexed_keys() {
        // Snapshots list their keys in order and are read into a new
        // graph: one that interned more keys could not open older stores.
        let g = Graph::new();
        assert_eq!(g.keys.len(), INDEXED_KEYS.len());
    }

    #[test]
    fn ids_are_stable_across_deletes() {
        let mut g = Graph::new();
        let a = g.create_node(&[], vec![]);
        let b = g.create_node(&[], vec![]);
        assert!(g.delete_node(a));
        let c = g.create_node(&[], vec![]);
        assert_ne!(c, a);
        assert!(g.contains_node(b));
        assert_eq!(g.node_ids().collect::<Vec<_>>(), vec![b, c]);
    }

    #[test]
    fn name_index_follows_labels_and_values() {
        let mut g = Graph::new();
        let country = g.labels.intern("Country");
        let name = g.keys.intern("name");
        let iran = Value::string("Iran");
        let n = g.create_node(&[country], vec![(name, iran.clone())]);
        assert_eq!(g.seek(country, name, &iran).collect::<Vec<_>>(), vec![n]);
        g.set_node_property(n, name, Value::string("Syria"));
        assert_eq!(g.seek(country, name, &iran).count(), 0);
        g.remove_label(n, country);
        assert_eq!(g.seek(country, name, &Value::string("Syria")).count(), 0);
    }

    #[test]
    fn rollback_restores_everything() {
        let mut g = Graph::new();
        let l = g.labels.intern("L");
        let t = g.types.intern("T");
        let k = g.keys.intern("name");
        let a = g.create_node(&[l], vec![(k, Value::string("a"))]);
        let b = g.create_node(&[], vec![]);
        let r = g.create_rel(a, b, t, vec![]);
        g.commit();
        g.set_node_property(a, k, Value::string("changed"));
        g.add_label(b, l);
        if let Some(r) = r {
            g.delete_rel(r);
        }
        g.delete_node(b);
        g.create_node(&[l], vec![]);
        g.rollback();
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.relationship_count(), 1);
        assert_eq!(g.node_property(a, k), Some(&Value::string("a")));
        assert!(!g.has_label(b, l));
        assert_eq!(g.seek(l, k, &Value::string("a")).collect::<Vec<_>>(), vec![a]);
        assert_eq!(g.edges(a, Dir::Outgoing).map(|e| e.other).collect::<Vec<_>>(), vec![b]);
        assert_eq!(g.create_node(&[], vec![]), 2);
    }

    #[test]
    fn self_loops_are_seen_once_undirected() {
        let mut g = Graph::new();
        let t = g.types.intern("T");
        let a = g.create_node(&[], vec![]);
        g.create_rel(a, a, t, vec![]);
        assert_eq!(g.edges(a, Dir::Both).count(), 1);
        assert_eq!(g.edges(a, Dir::Outgoing).count(), 1);
        assert_eq!(g.edges(a, Dir::Incoming).count(), 1);
    }
}
