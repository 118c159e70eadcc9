//! Loading and dumping the graph in bulk: import and snapshots add records
//! straight into the store, without undo or redo records, and snapshots
//! read the records back in id order.

use std::fmt::Write as _;

use petgraph::stable_graph::EdgeIndex;

use super::{Graph, NodeRecord, RelRecord, Symbol};
use crate::value::{NodeId, RelId, Value};

impl Graph {
    /// Makes room for this many more nodes and relationships.
    pub fn reserve(&mut self, nodes: usize, rels: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(rels);
        self.node_index.reserve(nodes);
        self.rel_index.reserve(rels);
    }

    /// The ids the next created node and relationship get. Ids of deleted
    /// entities are never handed out again, so these are part of a snapshot.
    pub fn next_ids(&self) -> (NodeId, RelId) {
        (self.node_index.len() as NodeId, self.rel_index.len() as RelId)
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
        if nodes < self.node_index.len() || rels < self.rel_index.len() {
            return Err("the next ids are below ids in use".into());
        }
        self.node_index.resize(nodes, None);
        self.rel_index.resize(rels, None);
        Ok(())
    }

    /// Adds a node with the next id. Not undoable: for bulk loads only.
    pub fn bulk_node(&mut self, labels: Vec<Symbol>, properties: Vec<(Symbol, Value)>) -> NodeId {
        let id = self.node_index.len() as NodeId;
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
        let id = self.rel_index.len() as RelId;
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
    pub fn node_records(&self) -> impl Iterator<Item = &NodeRecord> + '_ {
        self.node_index.iter().flatten().filter_map(|ix| self.graph.node_weight(*ix))
    }

    /// Every relationship with its start and end, in id order.
    pub fn rel_records(&self) -> impl Iterator<Item = (&RelRecord, NodeId, NodeId)> + '_ {
        self.rel_index.iter().flatten().filter_map(|ix| {
            let (a, b) = self.graph.edge_endpoints(*ix)?;
            Some((self.graph.edge_weight(*ix)?, self.graph[a].id, self.graph[b].id))
        })
    }

    /// Every relationship with its start and end, grouped by start node
    /// (then in id order). A snapshot lists them so: loaded back, each
    /// node's outgoing relationships lie together in memory, and following
    /// them touches a few cache lines instead of one per relationship.
    /// The order is worked out before this returns (a sort of one word per
    /// relationship), so another thread can do it while the nodes are
    /// written. Node ids past 2^32, which a snapshot cannot hold, leave
    /// their relationships out.
    pub fn rel_records_by_start(&self) -> impl Iterator<Item = (&RelRecord, NodeId, NodeId)> + Send + '_ {
        let ends = |ix: u32| self.graph.edge_endpoints(EdgeIndex::new(ix as usize));
        let start = |ix: u32| self.id_at.get(ends(ix)?.0.index()).copied();
        let rel_id = |key: &u64| self.graph.edge_weight(EdgeIndex::new(*key as u32 as usize)).map(|r| r.id);
        // A start id and an edge index in one word, sorted: grouped by start.
        let mut order: Vec<u64> = self
            .rel_index
            .iter()
            .flatten()
            .filter_map(|ix| {
                let ix = u32::try_from(ix.index()).ok()?;
                Some(u64::from(u32::try_from(start(ix)?).ok()?) << 32 | u64::from(ix))
            })
            .collect();
        order.sort_unstable();
        for group in order.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
            if group.len() > 1 {
                group.sort_unstable_by_key(rel_id);
            }
        }
        order.into_iter().filter_map(move |key| {
            let ix = EdgeIndex::new(key as u32 as usize);
            let (_, b) = self.graph.edge_endpoints(ix)?;
            Some((self.graph.edge_weight(ix)?, key >> 32, *self.id_at.get(b.index())?))
        })
    }

    /// A text that two graphs share exactly when they hold the same nodes,
    /// relationships, ids and index entries, whatever their symbols and
    /// petgraph indices: for tests that compare a replayed or reloaded
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
                .chain(self.by_property.iter().map(|((l, k, v), ids)| {
                    format!("index {} {} {v:?} {ids:?}", self.labels.name(*l), self.keys.name(*k))
                }))
                .collect();
        index.sort();
        out.push_str(&index.join("\n"));
        out
    }
}
