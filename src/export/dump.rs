//! The data of a subgraph, read out of the store once, in the shape every
//! format writes and every reader produces: nodes and relationships with
//! their ids, labels or type, and properties.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::subgraph::Subgraph;
use crate::error::{Error, Result};
use crate::store::Graph;
use crate::value::{Map, NodeId, RelId, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct DumpNode {
    /// The node's id in the exported graph (or in the file read).
    pub id: u64,
    pub labels: Vec<Arc<str>>,
    pub properties: Map,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DumpRel {
    pub id: u64,
    pub rel_type: Arc<str>,
    /// Ids of the start and end nodes, as in [`DumpNode::id`].
    pub start: u64,
    pub end: u64,
    pub properties: Map,
}

/// A subgraph's data, nodes and relationships in id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dump {
    pub nodes: Vec<DumpNode>,
    pub relationships: Vec<DumpRel>,
    /// The statements that remake the graph's indexes and constraints.
    pub schema: Vec<String>,
}

/// A graph rebuilt from a file, and where each of the file's ids went.
pub struct Imported {
    pub graph: Graph,
    /// The file's node id → the node's id in `graph`.
    pub nodes: BTreeMap<u64, NodeId>,
    /// The file's relationship id → the relationship's id in `graph`.
    pub relationships: BTreeMap<u64, RelId>,
}

impl Dump {
    /// Reads the data of `subgraph` out of `graph`; ids that are not in the
    /// graph any more are skipped.
    pub fn of(graph: &Graph, subgraph: &Subgraph) -> Dump {
        let nodes = subgraph
            .nodes
            .iter()
            .filter(|id| graph.contains_node(**id))
            .map(|&id| DumpNode { id, labels: graph.node_labels(id), properties: graph.node_properties(id) })
            .collect();
        let relationships = subgraph
            .relationships
            .iter()
            .filter_map(|&id| {
                let (start, end) = graph.rel_ends(id)?;
                let rel_type = graph.rel_type_name(id)?;
                Some(DumpRel { id, rel_type, start, end, properties: graph.rel_properties(id) })
            })
            .collect();
        Dump { nodes, relationships, schema: crate::schema::show::create_statements(graph.schema()) }
    }

    /// Rebuilds the dump as a new graph.
    pub fn into_graph(self) -> Result<Imported> {
        let mut graph = Graph::new();
        let (nodes, relationships) = self.load_into(&mut graph)?;
        graph.commit();
        Ok(Imported { graph, nodes, relationships })
    }

    /// Adds the dump's nodes and relationships to `graph`, returning the
    /// id mappings. Everything is checked before the first change, so an
    /// error leaves `graph` as it was. The changes are not committed.
    #[allow(clippy::type_complexity)]
    pub fn load_into(self, graph: &mut Graph) -> Result<(BTreeMap<u64, NodeId>, BTreeMap<u64, RelId>)> {
        self.check()?;
        let mut nodes = BTreeMap::new();
        for node in self.nodes {
            let labels: Vec<_> = node.labels.iter().map(|l| graph.labels.intern(l)).collect();
            let props = node.properties.into_iter().map(|(k, v)| (graph.keys.intern(&k), v)).collect();
            nodes.insert(node.id, graph.create_node(&labels, props));
        }
        let mut relationships = BTreeMap::new();
        for rel in self.relationships {
            let (Some(&start), Some(&end)) = (nodes.get(&rel.start), nodes.get(&rel.end)) else { continue };
            let rel_type = graph.types.intern(&rel.rel_type);
            let props = rel.properties.into_iter().map(|(k, v)| (graph.keys.intern(&k), v)).collect();
            if let Some(id) = graph.create_rel(start, end, rel_type, props) {
                relationships.insert(rel.id, id);
            }
        }
        Ok((nodes, relationships))
    }

    /// Ids are unique, relationships join nodes of the dump, and property
    /// values are ones a store can hold.
    pub fn check(&self) -> Result<()> {
        let mut seen = HashSet::new();
        for node in &self.nodes {
            if !seen.insert(node.id) {
                return Err(Error::argument(format!("node id {} appears twice", node.id)));
            }
            check_properties(&node.properties, || format!("node {}", node.id))?;
        }
        let mut rels = HashSet::new();
        for rel in &self.relationships {
            if !rels.insert(rel.id) {
                return Err(Error::argument(format!("relationship id {} appears twice", rel.id)));
            }
            for end in [rel.start, rel.end] {
                if !seen.contains(&end) {
                    return Err(Error::argument(format!("relationship {} refers to a missing node {end}", rel.id)));
                }
            }
            if rel.rel_type.is_empty() {
                return Err(Error::argument(format!("relationship {} has no type", rel.id)));
            }
            check_properties(&rel.properties, || format!("relationship {}", rel.id))?;
        }
        Ok(())
    }

    /// The labels that occur, sorted.
    pub fn labels(&self) -> Vec<Arc<str>> {
        let mut labels: Vec<Arc<str>> = self.nodes.iter().flat_map(|n| n.labels.iter().cloned()).collect();
        labels.sort();
        labels.dedup();
        labels
    }
}

fn check_properties(props: &Map, owner: impl Fn() -> String) -> Result<()> {
    for (key, value) in props {
        let ok = match value {
            Value::List(items) => items.iter().all(is_primitive),
            v => is_primitive(v),
        };
        if !ok {
            return Err(Error::type_error(format!(
                "{}: property '{key}' holds a {}, which a property cannot",
                owner(),
                value.type_name()
            )));
        }
    }
    Ok(())
}

fn is_primitive(v: &Value) -> bool {
    matches!(
        v,
        Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Date(_)
            | Value::Temporal(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u64) -> DumpNode {
        DumpNode { id, labels: vec![Arc::from("A")], properties: Map::new() }
    }

    #[test]
    fn dangling_and_duplicate_ids_are_refused_before_any_change() {
        let rel = DumpRel { id: 0, rel_type: Arc::from("T"), start: 1, end: 9, properties: Map::new() };
        let dump = Dump { nodes: vec![node(1)], relationships: vec![rel], schema: Vec::new() };
        let mut graph = Graph::new();
        let e = dump.load_into(&mut graph).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("missing node 9"), "{e}");
        assert_eq!(graph.node_count(), 0);
        let twice = Dump { nodes: vec![node(1), node(1)], relationships: vec![], schema: Vec::new() };
        assert!(twice.into_graph().is_err());
    }

    #[test]
    fn maps_are_not_property_values() {
        let mut n = node(1);
        n.properties.insert(Arc::from("m"), Value::Map(Map::new()));
        let e = Dump { nodes: vec![n], relationships: vec![], schema: Vec::new() }.check().err().map(|e| e.message);
        assert_eq!(e.as_deref(), Some("node 1: property 'm' holds a Map, which a property cannot"));
    }
}
