//! A second copy of a graph, for `embargo serve`: readers keep the one
//! last committed while the writer changes the other
//! ([`crate::database::SharedDatabase`]).

use std::sync::OnceLock;

use super::Graph;

impl Clone for Graph {
    /// Everything, logs of changes in progress included. The name index
    /// is a cache: the copy builds its own on first use, which copying it
    /// would cost every writer that never searches.
    fn clone(&self) -> Graph {
        Graph {
            nodes: self.nodes.clone(),
            rels: self.rels.clone(),
            node_count: self.node_count,
            rel_count: self.rel_count,
            out: self.out.clone(),
            inc: self.inc.clone(),
            labels: self.labels.clone(),
            types: self.types.clone(),
            keys: self.keys.clone(),
            strings: self.strings.clone(),
            by_label: self.by_label.clone(),
            by_property: self.by_property.clone(),
            indexed_keys: self.indexed_keys.clone(),
            names: OnceLock::new(),
            changes: self.changes.clone(),
            redo: self.redo.clone(),
            redo_on: self.redo_on,
            indexes: self.indexes.clone(),
            stats: self.stats.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Graph;
    use crate::value::Value;

    #[test]
    fn a_copy_changes_apart_from_its_original() {
        let mut g = Graph::new();
        let l = g.labels.intern("Person");
        let k = g.keys.intern("name");
        let a = g.create_node(&[l], vec![(k, Value::string("Kim"))]);
        g.commit();
        assert_eq!(g.name_index().len(), 1);
        let mut copy = g.clone();
        copy.set_node_property(a, k, Value::string("Ri"));
        copy.create_node(&[l], vec![]);
        assert_eq!((g.node_count(), copy.node_count()), (1, 2));
        assert_eq!(g.node_property(a, k), Some(Value::string("Kim")));
        assert_eq!(copy.seek(l, k, &Value::string("Ri")).collect::<Vec<_>>(), vec![a]);
        // The copy's own name index sees its own names.
        assert_eq!(copy.name_index().len(), 1);
        copy.rollback();
        assert_eq!(copy.node_property(a, k), Some(Value::string("Kim")));
    }
}
