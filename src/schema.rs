//! What the graph holds, counted from the store's read API: labels,
//! relationship types, property keys and `(:A)-[:T]->(:B)` connections.

pub mod definition;
pub mod property_type;
pub mod show;

use std::collections::BTreeMap;

use crate::store::Graph;

/// Counts by name, sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// Label → nodes carrying it.
    pub labels: BTreeMap<String, usize>,
    /// Relationship type → relationships.
    pub types: BTreeMap<String, usize>,
    /// Property key → nodes and relationships that have it.
    pub keys: BTreeMap<String, usize>,
    /// (start label, type, end label) → relationships; an unlabelled end
    /// is the empty string.
    pub connections: BTreeMap<(String, String, String), usize>,
    /// Label → property key → nodes with that label and key.
    pub label_keys: BTreeMap<String, BTreeMap<String, usize>>,
    /// Relationship type → property key → relationships with it.
    pub type_keys: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Schema {
    pub fn of(graph: &Graph) -> Schema {
        let mut schema = Schema::default();
        for (symbol, name) in graph.labels.names() {
            let count = graph.label_count(symbol);
            if count > 0 {
                schema.labels.insert(name.to_string(), count);
            }
        }
        for id in graph.node_ids() {
            let labels = graph.node_labels(id);
            for key in graph.node_keys(id) {
                let key = graph.keys.name(key);
                *schema.keys.entry(key.to_string()).or_default() += 1;
                for label in &labels {
                    let keys = schema.label_keys.entry(label.to_string()).or_default();
                    *keys.entry(key.to_string()).or_default() += 1;
                }
            }
        }
        for id in graph.rel_ids() {
            let (Some(rel_type), Some((start, end))) = (graph.rel_type(id), graph.rel_ends(id)) else {
                continue;
            };
            let rel_type = graph.types.name(rel_type).to_string();
            *schema.types.entry(rel_type.clone()).or_default() += 1;
            for key in graph.rel_keys(id) {
                let key = graph.keys.name(key).to_string();
                *schema.keys.entry(key.clone()).or_default() += 1;
                *schema.type_keys.entry(rel_type.clone()).or_default().entry(key).or_default() += 1;
            }
            for a in labels_of(graph, start) {
                for b in labels_of(graph, end) {
                    *schema.connections.entry((a.clone(), rel_type.clone(), b)).or_default() += 1;
                }
            }
        }
        schema
    }
}

fn labels_of(graph: &Graph, node: u64) -> Vec<String> {
    let labels: Vec<String> = graph.node_labels(node).iter().map(|l| l.to_string()).collect();
    if labels.is_empty() { vec![String::new()] } else { labels }
}

/// `(:A)-[:T]->(:B)`, with `()` for an unlabelled end.
pub fn connection_pattern(start: &str, rel_type: &str, end: &str) -> String {
    let node = |label: &str| if label.is_empty() { "()".to_string() } else { format!("(:{label})") };
    format!("{}-[:{rel_type}]->{}", node(start), node(end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn counts_what_the_graph_holds() {
        let mut graph = Graph::new();
        let country = graph.labels.intern("Country");
        let sanction = graph.labels.intern("Sanction");
        // Interned but never used, so not shown.
        graph.labels.intern("Unused");
        let name = graph.keys.intern("name");
        let category = graph.keys.intern("category");
        let violated = graph.types.intern("VIOLATED");
        let iran = graph.create_node(&[country], vec![(name, Value::string("Iran"))]);
        let cuba = graph.create_node(&[country], vec![(name, Value::string("Cuba"))]);
        let un = graph.create_node(&[sanction], vec![]);
        let bare = graph.create_node(&[], vec![]);
        for from in [iran, cuba] {
            let _ = graph.create_rel(from, un, violated, vec![(category, Value::string("military"))]);
        }
        let _ = graph.create_rel(un, bare, violated, vec![]);
        graph.commit();

        let schema = Schema::of(&graph);
        assert_eq!(schema.labels.get("Country"), Some(&2));
        assert_eq!(schema.labels.get("Sanction"), Some(&1));
        assert!(!schema.labels.contains_key("Unused"));
        assert_eq!(schema.types.get("VIOLATED"), Some(&3));
        assert_eq!(schema.keys.get("name"), Some(&2));
        assert_eq!(schema.keys.get("category"), Some(&2));
        assert_eq!(schema.label_keys.get("Country").and_then(|k| k.get("name")), Some(&2));
        assert!(!schema.label_keys.contains_key("Sanction"));
        assert_eq!(schema.type_keys.get("VIOLATED").and_then(|k| k.get("category")), Some(&2));
        let key = |a: &str, b: &str| (a.to_string(), "VIOLATED".to_string(), b.to_string());
        assert_eq!(schema.connections.get(&key("Country", "Sanction")), Some(&2));
        assert_eq!(schema.connections.get(&key("Sanction", "")), Some(&1));
        assert_eq!(connection_pattern("Sanction", "VIOLATED", ""), "(:Sanction)-[:VIOLATED]->()");
    }
}
