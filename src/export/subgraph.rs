//! Which nodes and relationships an export holds: the whole graph, what a
//! query's result refers to, or a neighbourhood (see [`super::expand`]).

use std::collections::BTreeSet;

use crate::result::QueryResult;
use crate::store::{Dir, Graph};
use crate::value::{NodeId, RelId, Value};

/// A set of nodes and relationships, each in ascending id order. Every
/// relationship's ends are among the nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<NodeId>,
    pub relationships: Vec<RelId>,
}

impl Subgraph {
    /// Every node and relationship of `graph`.
    pub fn all(graph: &Graph) -> Subgraph {
        Subgraph { nodes: graph.node_ids().collect(), relationships: graph.rel_ids().collect() }
    }

    /// The nodes, relationships and paths that appear in `result`'s rows
    /// (inside lists and maps too); with `between`, also every relationship
    /// that joins two of those nodes.
    pub fn from_result(graph: &Graph, result: &QueryResult, between: bool) -> Subgraph {
        Subgraph::from_values(graph, result.rows.iter().flatten(), between)
    }

    /// Like [`Subgraph::from_result`], over any values.
    pub fn from_values<'a>(graph: &Graph, values: impl IntoIterator<Item = &'a Value>, between: bool) -> Subgraph {
        let mut nodes = BTreeSet::new();
        let mut rels = BTreeSet::new();
        for value in values {
            collect(value, &mut nodes, &mut rels);
        }
        Subgraph::from_ids(graph, nodes, rels, between)
    }

    /// The given nodes and relationships of `graph` (ids not in the graph
    /// are dropped), with each relationship's ends added; with `between`,
    /// also every relationship that joins two of the nodes.
    pub fn from_ids(
        graph: &Graph,
        nodes: impl IntoIterator<Item = NodeId>,
        relationships: impl IntoIterator<Item = RelId>,
        between: bool,
    ) -> Subgraph {
        let mut nodes: BTreeSet<NodeId> = nodes.into_iter().filter(|id| graph.contains_node(*id)).collect();
        let mut rels = BTreeSet::new();
        for rel in relationships {
            if let Some((start, end)) = graph.rel_ends(rel) {
                rels.insert(rel);
                nodes.insert(start);
                nodes.insert(end);
            }
        }
        if between {
            for &node in &nodes {
                let joining = graph.edges(node, Dir::Outgoing).filter(|e| nodes.contains(&e.end));
                rels.extend(joining.map(|e| e.rel));
            }
        }
        Subgraph { nodes: nodes.into_iter().collect(), relationships: rels.into_iter().collect() }
    }

    /// The `nodes` and `relationships` columns of `embargo.subgraph`: two
    /// lists of node and relationship values.
    pub fn to_values(&self) -> (Value, Value) {
        (
            Value::List(self.nodes.iter().map(|n| Value::Node(*n)).collect()),
            Value::List(self.relationships.iter().map(|r| Value::Relationship(*r)).collect()),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

fn collect(value: &Value, nodes: &mut BTreeSet<NodeId>, rels: &mut BTreeSet<RelId>) {
    match value {
        Value::Node(id) => {
            nodes.insert(*id);
        }
        Value::Relationship(id) => {
            rels.insert(*id);
        }
        Value::Path(path) => {
            nodes.extend(path.nodes.iter().copied());
            rels.extend(path.rels.iter().copied());
        }
        Value::List(items) => items.iter().for_each(|v| collect(v, nodes, rels)),
        Value::Map(map) => map.values().for_each(|v| collect(v, nodes, rels)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::database::{Database, Params};

    fn db() -> Database {
        let mut db = Database::empty();
        let script =
            "CREATE (a:P {name: 'a'})-[:KNOWS]->(b:P {name: 'b'})-[:KNOWS]->(c:P {name: 'c'}), (a)-[:OWNS]->(c)";
        db.run_script(script, &Params::new()).unwrap();
        db
    }

    fn query(db: &mut Database, q: &str, between: bool) -> Subgraph {
        let result = db.execute(q, &Params::new()).unwrap();
        Subgraph::from_result(db.graph(), &result, between)
    }

    #[test]
    fn returned_nodes_bring_the_relationships_between_them() {
        let mut db = db();
        let q = "MATCH (n:P) WHERE n.name IN ['a', 'c'] RETURN n";
        assert_eq!(query(&mut db, q, true), Subgraph { nodes: vec![0, 2], relationships: vec![2] });
        assert_eq!(query(&mut db, q, false), Subgraph { nodes: vec![0, 2], relationships: vec![] });
    }

    #[test]
    fn paths_lists_and_maps_are_searched_and_relationship_ends_added() {
        let mut db = db();
        let q = "MATCH p = (:P {name: 'a'})-[:KNOWS]->() RETURN {path: [p]} AS m";
        assert_eq!(query(&mut db, q, false), Subgraph { nodes: vec![0, 1], relationships: vec![0] });
        let q = "MATCH ()-[r:OWNS]->() RETURN r";
        assert_eq!(query(&mut db, q, false), Subgraph { nodes: vec![0, 2], relationships: vec![2] });
        assert!(query(&mut db, "RETURN 1", true).is_empty());
    }

    #[test]
    fn the_whole_graph() {
        let db = db();
        assert_eq!(Subgraph::all(db.graph()), Subgraph { nodes: vec![0, 1, 2], relationships: vec![0, 1, 2] });
    }
}
