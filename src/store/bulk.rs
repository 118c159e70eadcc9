//! Loading and dumping the graph in bulk: import and snapshots add records
//! straight into the store, without undo or redo records, and snapshots
//! read the records back in id order.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::{Graph, NodeRecord, RelRecord, Symbol};
use crate::value::{NodeId, RelId, Value};

impl Graph {
    /// Makes room for this many more nodes and relationships.
    pub fn reserve(&mut self, nodes: usize, rels: usize) {
        self.nodes.reserve(nodes);
        self.rels.reserve(rels);
    }

    /// The ids the next created node and relationship get. Ids of deleted
    /// entities are never handed out again, so these are part of a snapshot.
    pub fn next_ids(&self) -> (NodeId, RelId) {
        (self.nodes.len() as NodeId, self.rels.len() as RelId)
    }

    /// Moves the next ids forward (a snapshot whose last entities were
    /// deleted). Ids never go backwards.
    pub fn advance_next_ids(&mut self, nodes: NodeId, rels: RelId) -> Result<(), String> {
        let nodes = usize::try_from(nodes).map_err(|_| "node id out of range".to_string())?;
        let rels = usize::try_from(rels).map_err(|_| "relationship id out of range".to_string())?;
        // A cap that keeps a damaged count from allocating without bound.
        let cap = u32::MAX as usize;
        if nodes > cap || rels > cap {
            return Err("the next ids are out of range".into());
        }
        if nodes < self.nodes.len() || rels < self.rels.len() {
            return Err("the next ids are below ids in use".into());
        }
        self.nodes.resize_with(nodes, || None);
        self.rels.resize_with(rels, || None);
        Ok(())
    }

    /// Adds a node with the next id. Not undoable: for bulk loads only.
    pub fn bulk_node(&mut self, labels: Vec<Symbol>, properties: Vec<(Symbol, Value)>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.insert_node(NodeRecord { id, labels, properties });
        id
    }

    /// Adds a relationship with the next id; `None` if an end is missing.
    pub fn bulk_rel(
        &mut self,
        start: NodeId,
        end: NodeId,
        rel_type: Symbol,
        properties: Vec<(Symbol, Value)>,
    ) -> Option<RelId> {
        let id = self.rels.len() as RelId;
        self.insert_rel(start, end, RelRecord { id, rel_type, properties })?;
        Some(id)
    }

    /// Adds a node read from a snapshot, checking it against the interners
    /// and the next ids (set first, with [`Graph::advance_next_ids`]).
    pub fn restore_node(&mut self, record: NodeRecord) -> Result<(), String> {
        let id = record.id;
        if id >= self.next_ids().0 || self.contains_node(id) {
            return Err(format!("node {id} is out of range or repeated"));
        }
        let labels_ok = record.labels.iter().all(|l| (*l as usize) < self.labels.len());
        if !labels_ok || !record.properties.iter().all(|(k, _)| (*k as usize) < self.keys.len()) {
            return Err(format!("node {id} refers to an unknown label or key"));
        }
        self.insert_node(record);
        Ok(())
    }

    /// Adds a relationship read from a snapshot.
    pub fn restore_rel(&mut self, start: NodeId, end: NodeId, record: RelRecord) -> Result<(), String> {
        let id = record.id;
        if id >= self.next_ids().1 || self.contains_rel(id) {
            return Err(format!("relationship {id} is out of range or repeated"));
        }
        if (record.rel_type as usize) >= self.types.len()
            || !record.properties.iter().all(|(k, _)| (*k as usize) < self.keys.len())
        {
            return Err(format!("relationship {id} refers to an unknown type or key"));
        }
        self.insert_rel(start, end, record).ok_or_else(|| format!("relationship {id} joins a missing node"))
    }

    /// Every node, in id order.
    pub fn node_records(&self) -> impl Iterator<Item = NodeRecord> + '_ {
        let nodes = self.nodes.iter().enumerate();
        nodes.filter_map(|(id, n)| Some(self.spell_node(id as NodeId, n.as_ref()?)))
    }

    /// Every relationship with its start and end, in id order.
    pub fn rel_records(&self) -> impl Iterator<Item = (RelRecord, NodeId, NodeId)> + '_ {
        self.rels.iter().enumerate().filter_map(|(id, r)| {
            let r = r.as_ref()?;
            Some((self.spell_rel(id as RelId, r), NodeId::from(r.start), NodeId::from(r.end)))
        })
    }

    /// Every relationship with its start and end, grouped by start node
    /// (then in id order). A snapshot lists them so: each node's outgoing
    /// relationships are then read back together.
    pub fn rel_records_by_start(&self) -> impl Iterator<Item = (RelRecord, NodeId, NodeId)> + Send + '_ {
        self.node_ids().flat_map(move |node| {
            let mut ids: Vec<RelId> = self.edges(node, super::Dir::Outgoing).map(|e| e.rel).collect();
            ids.sort_unstable();
            ids.into_iter().filter_map(move |id| {
                let r = self.rel_at(id)?;
                Some((self.spell_rel(id, r), NodeId::from(r.start), NodeId::from(r.end)))
            })
        })
    }

    /// The value index's entries grouped by `(label, key, value)`.
    fn value_index_groups(&self) -> HashMap<(Symbol, Symbol, Value), BTreeSet<NodeId>> {
        let mut groups: HashMap<(Symbol, Symbol, Value), BTreeSet<NodeId>> = HashMap::new();
        for e in self.by_property.entries() {
            let value = self.node_property(e.node, e.key).unwrap_or(Value::Null);
            groups.entry((e.label, e.key, value)).or_default().insert(e.node);
        }
        groups
    }

    /// A text that two graphs share exactly when they hold the same nodes,
    /// relationships, ids and index entries, whatever their symbols: for tests that compare a replayed or reloaded
    /// graph with the original.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        let (next_node, next_rel) = self.next_ids();
        let _ = writeln!(out, "next {next_node} {next_rel}");
        let props = |p: &[(Symbol, Value)]| {
            let mut named: Vec<String> = p.iter().map(|(k, v)| format!("{}={v:?}", self.keys.name(*k))).collect();
            named.sort();
            named.join(",")
        };
        for n in self.node_records() {
            let mut labels: Vec<_> = n.labels.iter().map(|l| self.labels.name(*l)).collect();
            labels.sort();
            let _ = writeln!(out, "node {} {labels:?} {}", n.id, props(&n.properties));
        }
        for (r, start, end) in self.rel_records() {
            let _ =
                writeln!(out, "rel {} {start}->{end} {} {}", r.id, self.types.name(r.rel_type), props(&r.properties));
        }
        let mut index: Vec<String> =
            self.by_label
                .iter()
                .filter(|(_, ids)| !ids.is_empty())
                .map(|(l, ids)| format!("label {} {ids:?}", self.labels.name(*l)))
                .chain(self.value_index_groups().into_iter().map(|((l, k, v), ids)| {
                    format!("index {} {} {v:?} {ids:?}", self.labels.name(l), self.keys.name(k))
                }))
                .collect();
        index.sort();
        out.push_str(&index.join("\n"));
        out
    }
}
