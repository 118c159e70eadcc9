//! The graph store: nodes and relationships in flat vectors indexed by
//! their stable ids, each node's relationships in contiguous arrays
//! ([`adjacency`]), properties as compact byte records ([`props`]) with
//! each distinct string kept once ([`strings`]), interned names, a label
//! index, a `(label, key, value)` index for the always-indexed `name` key,
//! and the user's indexes and constraints ([`indexes`], `constraints`).
//!
//! Every change goes through a method that records how to undo it, so a
//! statement that fails can be rolled back ([`Graph::rollback`]), and, when
//! the graph is persistent, how to redo it ([`Redo`]), so a committed
//! statement can be written to the WAL and replayed.

mod adjacency;
mod bulk;
mod constraints;
mod copy;
mod fulltext;
pub mod indexes;
mod interner;
mod labels;
pub mod names;
mod props;
mod redo;
#[cfg(test)]
mod redo_tests;
pub mod stats;
pub mod stored;
mod strings;
mod undo;
mod value_index;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use adjacency::{Adjacency, Link};

use indexes::Element;
pub use interner::{Interner, Symbol};
use labels::Labels;
use props::Props;
pub use redo::Redo;
pub use stats::Statistics;
use strings::Strings;
use undo::Change;
use value_index::{Entry, ValueIndex};

use crate::value::{Map, NodeId, RelId, Value};

/// Property keys that are indexed for every label.
pub const INDEXED_KEYS: &[&str] = &["name"];

/// A node with its properties spelled out: what undo keeps of a deleted
/// node and what snapshots write and read.
#[derive(Clone, Debug)]
pub struct NodeRecord {
    pub id: NodeId,
    pub labels: Vec<Symbol>,
    pub properties: Vec<(Symbol, Value)>,
}

/// A relationship with its properties spelled out.
#[derive(Clone, Debug)]
pub struct RelRecord {
    pub id: RelId,
    pub rel_type: Symbol,
    pub properties: Vec<(Symbol, Value)>,
}

/// A node as the store keeps it (40 bytes and its property record).
#[derive(Clone, Debug)]
struct Node {
    labels: Labels,
    props: Props,
}

/// A relationship as the store keeps it (32 bytes and its record).
#[derive(Clone, Debug)]
struct Rel {
    start: u32,
    end: u32,
    rel_type: Symbol,
    props: Props,
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
    /// By id; `None` once deleted (ids are never handed out again), and
    /// the length is the next id.
    nodes: Vec<Option<Node>>,
    rels: Vec<Option<Rel>>,
    node_count: usize,
    rel_count: usize,
    /// Each node's outgoing and incoming relationships.
    out: Adjacency,
    inc: Adjacency,
    pub labels: Interner,
    pub types: Interner,
    pub keys: Interner,
    /// The string property values, each distinct one once ([`strings`]).
    strings: Strings,
    by_label: HashMap<Symbol, BTreeSet<NodeId>>,
    by_property: ValueIndex,
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
        self.node_count
    }

    pub fn relationship_count(&self) -> usize {
        self.rel_count
    }

    /// Counts for the planner ([`stats`]).
    pub fn statistics(&self) -> &Statistics {
        &self.stats
    }

    // ---- reading -------------------------------------------------------

    fn node_at(&self, id: NodeId) -> Option<&Node> {
        usize::try_from(id).ok().and_then(|i| self.nodes.get(i)).and_then(Option::as_ref)
    }

    fn rel_at(&self, id: RelId) -> Option<&Rel> {
        usize::try_from(id).ok().and_then(|i| self.rels.get(i)).and_then(Option::as_ref)
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        usize::try_from(id).ok().and_then(|i| self.nodes.get_mut(i)).and_then(Option::as_mut)
    }

    /// A node with its properties decoded.
    pub fn node_record(&self, id: NodeId) -> Option<NodeRecord> {
        self.node_at(id).map(|n| self.spell_node(id, n))
    }

    /// A relationship with its properties decoded.
    pub fn rel_record(&self, id: RelId) -> Option<RelRecord> {
        self.rel_at(id).map(|r| self.spell_rel(id, r))
    }

    fn spell_node(&self, id: NodeId, n: &Node) -> NodeRecord {
        NodeRecord { id, labels: n.labels.to_vec(), properties: n.props.decode(&self.strings) }
    }

    fn spell_rel(&self, id: RelId, r: &Rel) -> RelRecord {
        RelRecord { id, rel_type: r.rel_type, properties: r.props.decode(&self.strings) }
    }

    pub fn contains_node(&self, id: NodeId) -> bool {
        self.node_at(id).is_some()
    }

    pub fn contains_rel(&self, id: RelId) -> bool {
        self.rel_at(id).is_some()
    }

    /// The start and end node of a relationship.
    pub fn rel_ends(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        self.rel_at(id).map(|r| (NodeId::from(r.start), NodeId::from(r.end)))
    }

    /// A relationship's type.
    pub fn rel_type(&self, id: RelId) -> Option<Symbol> {
        self.rel_at(id).map(|r| r.rel_type)
    }

    /// A node's labels (none for a node that does not exist).
    pub fn label_symbols(&self, id: NodeId) -> &[Symbol] {
        self.node_at(id).map_or(&[], |n| n.labels.as_slice())
    }

    /// All node ids, in creation order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes.iter().enumerate().filter(|(_, n)| n.is_some()).map(|(id, _)| id as NodeId)
    }

    /// All relationship ids, in creation order.
    pub fn rel_ids(&self) -> impl Iterator<Item = RelId> + '_ {
        self.rels.iter().enumerate().filter(|(_, r)| r.is_some()).map(|(id, _)| id as RelId)
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
        self.by_property.seek(label, key, value, |n, k| self.node_property(n, k)).into_iter()
    }

    pub fn has_label(&self, id: NodeId, label: Symbol) -> bool {
        self.label_symbols(id).contains(&label)
    }

    pub fn node_property(&self, id: NodeId, key: Symbol) -> Option<Value> {
        self.node_at(id).and_then(|n| n.props.get(key, &self.strings))
    }

    pub fn rel_property(&self, id: RelId, key: Symbol) -> Option<Value> {
        self.rel_at(id).and_then(|r| r.props.get(key, &self.strings))
    }

    /// The keys of a node's properties.
    pub fn node_keys(&self, id: NodeId) -> Vec<Symbol> {
        self.node_at(id).map(|n| n.props.keys()).unwrap_or_default()
    }

    /// The keys of a relationship's properties.
    pub fn rel_keys(&self, id: RelId) -> Vec<Symbol> {
        self.rel_at(id).map(|r| r.props.keys()).unwrap_or_default()
    }

    /// A node's properties as a map value.
    pub fn node_properties(&self, id: NodeId) -> Map {
        self.node_at(id).map(|n| self.to_map(n.props.decode(&self.strings))).unwrap_or_default()
    }

    pub fn rel_properties(&self, id: RelId) -> Map {
        self.rel_at(id).map(|r| self.to_map(r.props.decode(&self.strings))).unwrap_or_default()
    }

    pub fn node_labels(&self, id: NodeId) -> Vec<Arc<str>> {
        self.label_symbols(id).iter().map(|l| self.labels.name(*l)).collect()
    }

    pub fn rel_type_name(&self, id: RelId) -> Option<Arc<str>> {
        self.rel_type(id).map(|t| self.types.name(t))
    }

    fn to_map(&self, props: Vec<(Symbol, Value)>) -> Map {
        props.into_iter().map(|(k, v)| (self.keys.name(k), v)).collect()
    }

    /// The relationships at `node` in direction `dir`, newest first. A
    /// self-loop is reported once, also for `Both`.
    pub fn edges(&self, node: NodeId, dir: Dir) -> impl Iterator<Item = Edge> + '_ {
        let node = u32::try_from(node).ok().filter(|n| self.contains_node(NodeId::from(*n)));
        let out = node.filter(|_| matches!(dir, Dir::Outgoing | Dir::Both));
        let inc = node.filter(|_| matches!(dir, Dir::Incoming | Dir::Both));
        let edge = |rel_type, start: u32, end: u32, other: u32, rel: u32| Edge {
            rel: RelId::from(rel),
            rel_type,
            start: NodeId::from(start),
            end: NodeId::from(end),
            other: NodeId::from(other),
        };
        let outgoing = out.into_iter().flat_map(move |n| {
            self.out
                .links(n, || self.links(|r| (r.start, r.end)))
                .map(move |l| edge(l.rel_type, n, l.other, l.other, l.rel))
        });
        let incoming = inc.into_iter().flat_map(move |n| {
            self.inc
                .links(n, || self.links(|r| (r.end, r.start)))
                // With Both, a self-loop was already seen as outgoing.
                .filter(move |l| dir != Dir::Both || l.other != n)
                .map(move |l| edge(l.rel_type, l.other, n, l.other, l.rel))
        });
        outgoing.chain(incoming)
    }

    /// Every relationship as `(node, link)` for one direction: `ends`
    /// picks the node and the other end. What adjacency builds from.
    fn links(&self, ends: fn(&Rel) -> (u32, u32)) -> impl Iterator<Item = (u32, Link)> + Clone + '_ {
        self.rels.iter().enumerate().filter_map(move |(id, r)| {
            let r = r.as_ref()?;
            let (node, other) = ends(r);
            Some((node, Link { rel: id as u32, rel_type: r.rel_type, other }))
        })
    }

    /// Whether any relationship starts or ends at `node`.
    fn has_edges(&self, node: NodeId) -> bool {
        self.edges(node, Dir::Both).next().is_some()
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
        let indexed = self.indexed_values(&record.labels, &record.properties);
        for l in &record.labels {
            self.by_label.entry(*l).or_default().insert(id);
        }
        let props = Props::encode(&record.properties, &mut self.strings);
        let slot = id as usize;
        if self.nodes.len() <= slot {
            self.nodes.resize_with(slot + 1, || None);
        }
        self.nodes[slot] = Some(Node { labels: Labels::from(record.labels), props });
        self.node_count += 1;
        for (label, key, value) in indexed {
            self.file_value(Entry { label, key, node: id }, &value, true);
        }
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

    /// Adds a relationship record; `None` when an end node does not exist
    /// (or an id is past the 2^32 the adjacency arrays hold).
    fn insert_rel(&mut self, start: NodeId, end: NodeId, record: RelRecord) -> Option<()> {
        if !self.contains_node(start) || !self.contains_node(end) {
            return None;
        }
        let id = record.id;
        let (start, end, rel) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?, u32::try_from(id).ok()?);
        let rel_type = record.rel_type;
        self.count_relationship(rel_type, start, end, true);
        let props = Props::encode(&record.properties, &mut self.strings);
        let slot = id as usize;
        if self.rels.len() <= slot {
            self.rels.resize_with(slot + 1, || None);
        }
        self.rels[slot] = Some(Rel { start, end, rel_type, props });
        self.rel_count += 1;
        self.out.add(start, Link { rel, rel_type, other: end });
        self.inc.add(end, Link { rel, rel_type, other: start });
        self.reindex(Element::Rel(id), Vec::new());
        Some(())
    }

    /// Writes `value` under `key` in a record (null removes it) and returns
    /// the value it replaced.
    fn write_property(props: &mut Props, strings: &mut Strings, key: Symbol, value: Value) -> Option<Value> {
        let mut spelled = props.decode(strings);
        let old = replace_property(&mut spelled, key, value);
        // Encoded before the old record is released: the strings both
        // share are never let go in between.
        let new = Props::encode(&spelled, strings);
        std::mem::replace(props, new).release(strings);
        old
    }

    /// Sets (or, with null, removes) a node property. Returns whether a
    /// property existed or was written.
    pub fn set_node_property(&mut self, id: NodeId, key: Symbol, value: Value) -> bool {
        if !self.contains_node(id) {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        let indexed = self.indexed_keys.contains(&key);
        let Graph { nodes, strings, .. } = self;
        let Some(node) = nodes.get_mut(id as usize).and_then(Option::as_mut) else { return false };
        let old = Self::write_property(&mut node.props, strings, key, value.clone());
        if indexed {
            let labels = node.labels.to_vec();
            if let Some(old) = &old {
                for &label in &labels {
                    self.file_value(Entry { label, key, node: id }, old, false);
                }
            }
            for label in labels {
                self.file_value(Entry { label, key, node: id }, &value, true);
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
        if !self.contains_rel(id) {
            return false;
        }
        let before = self.index_keys(Element::Rel(id));
        let Graph { rels, strings, .. } = self;
        let Some(rel) = rels.get_mut(id as usize).and_then(Option::as_mut) else { return false };
        let old = Self::write_property(&mut rel.props, strings, key, value.clone());
        self.reindex(Element::Rel(id), before);
        let touched = old.is_some() || !value.is_null();
        self.changes.push(Change::RelProperty(id, key, old));
        if touched {
            self.log(|g| Redo::SetRelProperty { id, key: g.keys.name(key), value });
        }
        touched
    }

    /// The indexed keys' values of a node, as `(key, value)`.
    fn indexed_of(&self, id: NodeId) -> Vec<(Symbol, Value)> {
        self.indexed_keys.iter().filter_map(|k| self.node_property(id, *k).map(|v| (*k, v))).collect()
    }

    /// Adds a label; false if the node had it already.
    pub fn add_label(&mut self, id: NodeId, label: Symbol) -> bool {
        if !self.contains_node(id) || self.has_label(id, label) {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        if let Some(node) = self.node_mut(id) {
            node.labels.insert(label);
        }
        self.by_label.entry(label).or_default().insert(id);
        for (key, v) in self.indexed_of(id) {
            self.file_value(Entry { label, key, node: id }, &v, true);
        }
        self.stats.label(label, self.rel_ends_at(id).into_iter(), true);
        self.names_changed(id);
        self.reindex(Element::Node(id), before);
        self.changes.push(Change::AddLabel(id, label));
        self.log(|g| Redo::AddLabel { id, label: g.labels.name(label) });
        true
    }

    /// Removes a label; false if the node did not have it.
    pub fn remove_label(&mut self, id: NodeId, label: Symbol) -> bool {
        if !self.has_label(id, label) {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        if let Some(node) = self.node_mut(id) {
            node.labels.remove(label);
        }
        if let Some(set) = self.by_label.get_mut(&label) {
            set.remove(&id);
        }
        for (key, v) in self.indexed_of(id) {
            self.file_value(Entry { label, key, node: id }, &v, false);
        }
        self.stats.label(label, self.rel_ends_at(id).into_iter(), false);
        self.names_changed(id);
        self.reindex(Element::Node(id), before);
        self.changes.push(Change::RemoveLabel(id, label));
        self.log(|g| Redo::RemoveLabel { id, label: g.labels.name(label) });
        true
    }

    /// Counts a relationship in (or out of) the planner's statistics, by
    /// the labels of its ends.
    fn count_relationship(&mut self, rel_type: Symbol, start: u32, end: u32, added: bool) {
        let Graph { nodes, stats, .. } = self;
        let labels_of =
            |n: u32| nodes.get(n as usize).and_then(Option::as_ref).map_or(&[][..], |n| n.labels.as_slice());
        stats.relationship(rel_type, labels_of(start), labels_of(end), added);
    }

    /// `(type, leaving)` for each relationship at a node (a self-loop twice),
    /// for the planner's counts per label.
    fn rel_ends_at(&self, id: NodeId) -> Vec<(Symbol, bool)> {
        let out = self.edges(id, Dir::Outgoing).map(|e| (e.rel_type, true));
        out.chain(self.edges(id, Dir::Incoming).map(|e| (e.rel_type, false))).collect()
    }

    /// The `(label, key, value)` entries of the indexed keys a node has.
    fn indexed_values(&self, labels: &[Symbol], props: &[(Symbol, Value)]) -> Vec<(Symbol, Symbol, Value)> {
        let indexed = props.iter().filter(|(k, _)| self.indexed_keys.contains(k));
        indexed.flat_map(|(k, v)| labels.iter().map(|l| (*l, *k, v.clone()))).collect()
    }

    /// Files a node in the value index (`filed`: its record already holds
    /// `value`) or takes it out (`value` is the one it was filed with), and
    /// counts the label's distinct values for the planner.
    fn file_value(&mut self, entry: Entry, value: &Value, filed: bool) {
        let Graph { nodes, by_property, strings, stats, .. } = self;
        let value_of = |n: NodeId, k| {
            let node = usize::try_from(n).ok().and_then(|i| nodes.get(i)).and_then(Option::as_ref)?;
            node.props.get(k, strings)
        };
        let distinct_changed =
            if filed { by_property.insert(entry, value, value_of) } else { by_property.remove(entry, value, value_of) };
        if distinct_changed {
            stats.name_value(entry.label, filed);
        }
    }

    /// Deletes a relationship; false if it did not exist.
    pub fn delete_rel(&mut self, id: RelId) -> bool {
        if !self.contains_rel(id) {
            return false;
        }
        let before = self.index_keys(Element::Rel(id));
        let Some(rel) = self.rels.get_mut(id as usize).and_then(Option::take) else { return false };
        self.rel_count -= 1;
        self.out.remove(rel.start, id as u32);
        self.inc.remove(rel.end, id as u32);
        let (start, end) = (NodeId::from(rel.start), NodeId::from(rel.end));
        let record = self.spell_rel(id, &rel);
        rel.props.release(&mut self.strings);
        self.count_relationship(rel.rel_type, rel.start, rel.end, false);
        self.reindex(Element::Rel(id), before);
        self.changes.push(Change::DeleteRel { start, end, record });
        self.log(|_| Redo::DeleteRel(id));
        true
    }

    /// Deletes a node that has no relationships left; false if it did not
    /// exist or still has relationships.
    pub fn delete_node(&mut self, id: NodeId) -> bool {
        if !self.contains_node(id) || self.has_edges(id) {
            return false;
        }
        let before = self.index_keys(Element::Node(id));
        let Some(node) = self.nodes.get_mut(id as usize).and_then(Option::take) else { return false };
        self.node_count -= 1;
        let record = self.spell_node(id, &node);
        node.props.release(&mut self.strings);
        self.reindex(Element::Node(id), before);
        for l in &record.labels {
            if let Some(set) = self.by_label.get_mut(l) {
                set.remove(&id);
            }
        }
        for (label, key, value) in self.indexed_values(&record.labels, &record.properties) {
            self.file_value(Entry { label, key, node: id }, &value, false);
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
                self.nodes.truncate(id as usize);
            }
            Change::CreateRel(id) => {
                self.delete_rel(id);
                self.rels.truncate(id as usize);
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
        assert_eq!(g.node_property(a, k), Some(Value::string("a")));
        assert!(!g.has_label(b, l));
        assert_eq!(g.seek(l, k, &Value::string("a")).collect::<Vec<_>>(), vec![a]);
        assert_eq!(g.edges(a, Dir::Outgoing).map(|e| e.other).collect::<Vec<_>>(), vec![b]);
        assert_eq!(g.create_node(&[], vec![]), 2);
    }

    #[test]
    fn a_clone_is_a_separate_graph() {
        let mut g = Graph::new();
        let k = g.keys.intern("name");
        let l = g.labels.intern("L");
        let a = g.create_node(&[l], vec![(k, Value::string("a"))]);
        g.commit();
        let copy = g.clone();
        g.set_node_property(a, k, Value::string("b"));
        g.create_node(&[], vec![]);
        assert_eq!(copy.node_property(a, k), Some(Value::string("a")));
        assert_eq!(copy.seek(l, k, &Value::string("a")).collect::<Vec<_>>(), vec![a]);
        assert_eq!((copy.node_count(), g.node_count()), (1, 2));
    }

    #[test]
    fn strings_are_let_go_with_the_last_value_using_them() {
        let mut g = Graph::new();
        let k = g.keys.intern("role");
        let t = g.types.intern("T");
        let a = g.create_node(&[], vec![(k, Value::string("director"))]);
        let r = g.create_rel(a, a, t, vec![(k, Value::string("director"))]).unwrap_or_default();
        g.commit();
        g.set_node_property(a, k, Value::Null);
        assert!(g.strings.get(0).is_some());
        g.delete_rel(r);
        assert!(g.strings.get(0).is_none());
        // Undoing brings the string back with the values.
        g.rollback();
        assert_eq!(g.rel_property(r, k), Some(Value::string("director")));
        assert_eq!(g.node_property(a, k), Some(Value::string("director")));
    }

    #[test]
    fn records_stay_small() {
        // The slots of a million nodes and five million relationships.
        assert!(std::mem::size_of::<Option<Node>>() <= 40);
        assert!(std::mem::size_of::<Option<Rel>>() <= 32);
    }

    #[test]
    fn relationships_read_newest_first_and_leave_with_their_deletion() {
        let mut g = Graph::new();
        let t = g.types.intern("T");
        let [a, b, c] = [(); 3].map(|_| g.create_node(&[], vec![]));
        let r1 = g.create_rel(a, b, t, vec![]).unwrap_or_default();
        let r2 = g.create_rel(a, c, t, vec![]).unwrap_or_default();
        let r3 = g.create_rel(c, a, t, vec![]).unwrap_or_default();
        let rels = |g: &Graph, dir| g.edges(a, dir).map(|e| e.rel).collect::<Vec<_>>();
        assert_eq!(rels(&g, Dir::Outgoing), vec![r2, r1]);
        assert_eq!(rels(&g, Dir::Both), vec![r2, r1, r3]);
        g.commit();
        assert!(g.delete_rel(r2));
        let r4 = g.create_rel(b, a, t, vec![]).unwrap_or_default();
        assert_eq!(rels(&g, Dir::Both), vec![r1, r4, r3]);
        assert!(!g.delete_node(a));
        g.rollback();
        assert_eq!(rels(&g, Dir::Outgoing).len(), 2);
        assert_eq!(g.edges(b, Dir::Outgoing).count(), 0);
        assert_eq!(g.rel_ends(r3), Some((c, a)));
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
