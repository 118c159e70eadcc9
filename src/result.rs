//! What a statement returns: columns, rows, counters of what it changed, and
//! the labels and properties of every node and relationship in the rows.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::store::Graph;
use crate::value::{Map, NodeId, RelId, Value};

/// Counters of what a statement changed (the contract's `stats`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub nodes_created: u64,
    pub nodes_deleted: u64,
    pub relationships_created: u64,
    pub relationships_deleted: u64,
    pub properties_set: u64,
    pub labels_added: u64,
    pub labels_removed: u64,
    pub indexes_added: u64,
    pub indexes_removed: u64,
    pub constraints_added: u64,
    pub constraints_removed: u64,
}

impl Stats {
    /// The counters by their contract names, in a fixed order.
    pub fn counters(&self) -> [(&'static str, u64); 11] {
        [
            ("nodes_created", self.nodes_created),
            ("nodes_deleted", self.nodes_deleted),
            ("relationships_created", self.relationships_created),
            ("relationships_deleted", self.relationships_deleted),
            ("properties_set", self.properties_set),
            ("labels_added", self.labels_added),
            ("labels_removed", self.labels_removed),
            ("indexes_added", self.indexes_added),
            ("indexes_removed", self.indexes_removed),
            ("constraints_added", self.constraints_added),
            ("constraints_removed", self.constraints_removed),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.counters().iter().all(|(_, n)| *n == 0)
    }
}

/// A node's labels and properties as the statement left them.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeData {
    pub labels: Vec<Arc<str>>,
    pub properties: Map,
}

/// A relationship's type, ends and properties as the statement left them.
#[derive(Clone, Debug, PartialEq)]
pub struct RelData {
    pub rel_type: Arc<str>,
    pub start: NodeId,
    pub end: NodeId,
    pub properties: Map,
}

/// The nodes and relationships that a result's values refer to.
#[derive(Clone, Debug, Default)]
pub struct Entities {
    pub nodes: HashMap<NodeId, NodeData>,
    pub rels: HashMap<RelId, RelData>,
}

impl Entities {
    /// Collects the data of every entity that `rows` mention, from `graph`,
    /// falling back to `deleted` for those the statement deleted.
    pub fn collect(rows: &[Vec<Value>], graph: &Graph, deleted: &Entities) -> Entities {
        let mut entities = Entities::default();
        for value in rows.iter().flatten() {
            entities.add(value, graph, deleted);
        }
        entities
    }

    fn add(&mut self, value: &Value, graph: &Graph, deleted: &Entities) {
        match value {
            Value::Node(id) => self.add_node(*id, graph, deleted),
            Value::Relationship(id) => self.add_rel(*id, graph, deleted),
            Value::Path(p) => {
                p.nodes.iter().for_each(|id| self.add_node(*id, graph, deleted));
                p.rels.iter().for_each(|id| self.add_rel(*id, graph, deleted));
            }
            Value::List(items) => items.iter().for_each(|v| self.add(v, graph, deleted)),
            Value::Map(map) => map.values().for_each(|v| self.add(v, graph, deleted)),
            _ => {}
        }
    }

    fn add_node(&mut self, id: NodeId, graph: &Graph, deleted: &Entities) {
        if self.nodes.contains_key(&id) {
            return;
        }
        let data = if graph.contains_node(id) {
            Some(NodeData { labels: graph.node_labels(id), properties: graph.node_properties(id) })
        } else {
            deleted.nodes.get(&id).cloned()
        };
        if let Some(data) = data {
            self.nodes.insert(id, data);
        }
    }

    fn add_rel(&mut self, id: RelId, graph: &Graph, deleted: &Entities) {
        if self.rels.contains_key(&id) {
            return;
        }
        let data = match (graph.rel_type_name(id), graph.rel_ends(id)) {
            (Some(rel_type), Some((start, end))) => {
                Some(RelData { rel_type, start, end, properties: graph.rel_properties(id) })
            }
            _ => deleted.rels.get(&id).cloned(),
        };
        if let Some(data) = data {
            self.rels.insert(id, data);
        }
    }
}

/// The result of one statement.
#[derive(Clone, Debug, Default)]
pub struct QueryResult {
    /// Column names as Cypher names them (`RETURN a.x` → `a.x`).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub stats: Stats,
    /// Time spent in the engine: parse, plan, execute.
    pub elapsed: Duration,
    pub entities: Entities,
    /// The operator tree, for `EXPLAIN` and `PROFILE`.
    pub plan: Option<String>,
}
