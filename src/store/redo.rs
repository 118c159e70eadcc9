//! The redo log: what a statement did, in a form that replays onto a copy
//! of the graph as it was before the statement (a snapshot plus the WAL).
//!
//! Records name labels, types and keys rather than holding symbols, because
//! symbols are only meaningful inside one process's interners.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::stored::{named_props, value};
use super::{Graph, NodeRecord, RelRecord};
use crate::value::{NodeId, RelId, Value};

/// One change, as it is replayed. Variant order is part of the WAL format.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Redo {
    CreateNode {
        id: NodeId,
        labels: Vec<Arc<str>>,
        #[serde(with = "named_props")]
        properties: Vec<(Arc<str>, Value)>,
    },
    CreateRel {
        id: RelId,
        start: NodeId,
        end: NodeId,
        rel_type: Arc<str>,
        #[serde(with = "named_props")]
        properties: Vec<(Arc<str>, Value)>,
    },
    /// A null value removes the property.
    SetNodeProperty {
        id: NodeId,
        key: Arc<str>,
        #[serde(with = "value")]
        value: Value,
    },
    SetRelProperty {
        id: RelId,
        key: Arc<str>,
        #[serde(with = "value")]
        value: Value,
    },
    AddLabel {
        id: NodeId,
        label: Arc<str>,
    },
    RemoveLabel {
        id: NodeId,
        label: Arc<str>,
    },
    DeleteRel(RelId),
    DeleteNode(NodeId),
    /// The index and constraint definitions from now on.
    Schema(crate::schema::definition::SchemaDefs),
}

impl Graph {
    /// Turns on recording of redo records (off by default: an in-memory
    /// graph has nowhere to send them).
    pub fn record_redo(&mut self, on: bool) {
        self.redo_on = on;
        self.redo.clear();
    }

    /// The redo records of the changes since the last commit, oldest first.
    pub fn redo(&self) -> &[Redo] {
        &self.redo
    }

    /// Takes the redo records of the changes since the last commit, which
    /// [`Graph::commit`] would forget.
    pub fn take_redo(&mut self) -> Vec<Redo> {
        std::mem::take(&mut self.redo)
    }

    /// Whether anything changed since the last commit.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    pub(super) fn log(&mut self, make: impl FnOnce(&Graph) -> Redo) {
        if self.redo_on {
            let record = make(self);
            self.redo.push(record);
        }
    }

    pub(super) fn log_create_node(&mut self, id: NodeId) {
        self.log(|g| {
            let n = g.node_record(id);
            Redo::CreateNode {
                id,
                labels: n.as_ref().map(|n| n.labels.iter().map(|l| g.labels.name(*l)).collect()).unwrap_or_default(),
                properties: n.map(|n| g.named(n.properties)).unwrap_or_default(),
            }
        });
    }

    pub(super) fn log_create_rel(&mut self, id: RelId) {
        self.log(|g| {
            let (start, end) = g.rel_ends(id).unwrap_or_default();
            let r = g.rel_record(id);
            Redo::CreateRel {
                id,
                start,
                end,
                rel_type: r.as_ref().map(|r| g.types.name(r.rel_type)).unwrap_or_else(|| Arc::from("")),
                properties: r.map(|r| g.named(r.properties)).unwrap_or_default(),
            }
        });
    }

    fn named(&self, props: Vec<(super::Symbol, Value)>) -> Vec<(Arc<str>, Value)> {
        props.into_iter().map(|(k, v)| (self.keys.name(k), v)).collect()
    }

    /// Replays one record. An error means the record does not fit this
    /// graph (a store whose files do not belong together).
    pub fn apply(&mut self, record: &Redo) -> Result<(), String> {
        let missing_node = |id| format!("node {id} does not exist");
        let missing_rel = |id| format!("relationship {id} does not exist");
        match record {
            Redo::CreateNode { id, labels, properties } => {
                // Ids are handed out in sequence, so a replayed creation
                // must get exactly the id it had.
                if *id != self.next_ids().0 {
                    return Err(format!("node {id} is out of sequence"));
                }
                let mut symbols = Vec::with_capacity(labels.len());
                for l in labels {
                    let s = self.labels.intern(l);
                    if !symbols.contains(&s) {
                        symbols.push(s);
                    }
                }
                let properties = self.symbols(properties);
                self.insert_node(NodeRecord { id: *id, labels: symbols, properties });
            }
            Redo::CreateRel { id, start, end, rel_type, properties } => {
                if *id != self.next_ids().1 {
                    return Err(format!("relationship {id} is out of sequence"));
                }
                let rel_type = self.types.intern(rel_type);
                let properties = self.symbols(properties);
                self.insert_rel(*start, *end, RelRecord { id: *id, rel_type, properties })
                    .ok_or_else(|| format!("relationship {id} joins a node that does not exist"))?;
            }
            Redo::SetNodeProperty { id, key, value } => {
                let key = self.keys.intern(key);
                if !self.contains_node(*id) {
                    return Err(missing_node(id));
                }
                self.set_node_property(*id, key, value.clone());
            }
            Redo::SetRelProperty { id, key, value } => {
                let key = self.keys.intern(key);
                if !self.contains_rel(*id) {
                    return Err(missing_rel(id));
                }
                self.set_rel_property(*id, key, value.clone());
            }
            Redo::AddLabel { id, label } => {
                let label = self.labels.intern(label);
                if !self.contains_node(*id) {
                    return Err(missing_node(id));
                }
                self.add_label(*id, label);
            }
            Redo::RemoveLabel { id, label } => {
                let label = self.labels.intern(label);
                if !self.contains_node(*id) {
                    return Err(missing_node(id));
                }
                self.remove_label(*id, label);
            }
            Redo::DeleteRel(id) => {
                if !self.delete_rel(*id) {
                    return Err(missing_rel(id));
                }
            }
            Redo::DeleteNode(id) => {
                if !self.delete_node(*id) {
                    return Err(format!("node {id} does not exist or still has relationships"));
                }
            }
            Redo::Schema(defs) => self.restore_schema(defs.clone()),
        }
        // Replayed changes are already committed: nothing to undo or log.
        self.changes.clear();
        self.redo.clear();
        Ok(())
    }

    fn symbols(&mut self, props: &[(Arc<str>, Value)]) -> Vec<(super::Symbol, Value)> {
        props.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (self.keys.intern(k), v.clone())).collect()
    }
}
