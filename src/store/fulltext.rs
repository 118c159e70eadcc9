//! The store's full-text indexes: for each FULLTEXT index of the schema,
//! an inverted index of its properties' words ([`crate::fulltext`]).
//!
//! Like the name index, one is built on its first query, not on open or
//! when it is created, so a store pays for the ones it searches; from then
//! on every write re-files the elements it touches ([`Graph::refile_texts`],
//! called where the range indexes are re-filed, undo included).

use std::sync::OnceLock;

use super::Graph;
use super::indexes::{Element, id_of};
use super::names::strings;
use crate::fulltext::{Index, Query};
use crate::schema::definition::{Entity, IndexDef, IndexType};

/// Per index of the schema (parallel to its definitions), the inverted
/// index once built; empty for the other index types.
#[derive(Default)]
pub(super) struct Texts(Vec<OnceLock<Index>>);

impl Clone for Texts {
    /// A copy of the graph builds its own indexes on their first query.
    fn clone(&self) -> Texts {
        Texts((0..self.0.len()).map(|_| OnceLock::new()).collect())
    }
}

impl Texts {
    /// Forgets every built index: the definitions changed.
    pub(super) fn reset(&mut self, indexes: usize) {
        self.0 = (0..indexes).map(|_| OnceLock::new()).collect();
    }
}

impl Graph {
    /// The elements of the full-text index `name` that match `query`, best
    /// first; `None` when there is no full-text index of that name.
    pub fn fulltext_search(&self, name: &str, query: &Query) -> Option<(Entity, Vec<(u64, f64)>)> {
        let defs = &self.schema().indexes;
        let at = defs.iter().position(|d| d.name == name && d.index_type == IndexType::Fulltext)?;
        let def = &defs[at];
        let index = self.indexes.texts.0.get(at)?.get_or_init(|| self.build_texts(def));
        Some((def.entity, index.search(query)))
    }

    fn build_texts(&self, def: &IndexDef) -> Index {
        let mut index = Index::new(def.properties.clone());
        let elements: Vec<Element> = match def.entity {
            Entity::Node => {
                let mut ids: Vec<u64> = def
                    .labels
                    .iter()
                    .filter_map(|l| self.labels.get(l))
                    .flat_map(|l| self.nodes_with_label(l))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().map(Element::Node).collect()
            }
            Entity::Relationship => {
                let types: Vec<_> = def.labels.iter().filter_map(|t| self.types.get(t)).collect();
                self.rel_ids()
                    .filter(|r| self.rel_type(*r).is_some_and(|t| types.contains(&t)))
                    .map(Element::Rel)
                    .collect()
            }
        };
        for element in elements {
            if let Some(texts) = self.texts_of(def, element) {
                index.set(id_of(element), &texts);
            }
        }
        index
    }

    /// An element's strings in each of the index's properties (a list
    /// property gives each of its strings); `None` when the index does not
    /// cover the element (another entity, label or type, or deleted).
    fn texts_of(&self, def: &IndexDef, element: Element) -> Option<Vec<Vec<String>>> {
        let value = |key: &str| {
            let key = self.keys.get(key)?;
            match element {
                Element::Node(id) => self.node_property(id, key),
                Element::Rel(id) => self.rel_property(id, key),
            }
        };
        let covered = match (def.entity, element) {
            (Entity::Node, Element::Node(id)) => {
                def.labels.iter().filter_map(|l| self.labels.get(l)).any(|l| self.has_label(id, l))
            }
            (Entity::Relationship, Element::Rel(id)) => {
                self.rel_type(id).is_some_and(|r| def.labels.iter().filter_map(|t| self.types.get(t)).any(|t| t == r))
            }
            _ => false,
        };
        covered.then(|| {
            def.properties.iter().map(|p| strings(value(p).as_ref()).iter().map(|s| s.to_string()).collect()).collect()
        })
    }

    /// Re-files an element in every built full-text index after a change.
    pub(super) fn refile_texts(&mut self, element: Element) {
        if self.indexes.texts.0.iter().all(|t| t.get().is_none()) {
            return;
        }
        let defs = &self.schema().indexes;
        let updates: Vec<(usize, Option<Vec<Vec<String>>>)> = (0..defs.len())
            .filter(|i| self.indexes.texts.0.get(*i).is_some_and(|t| t.get().is_some()))
            .map(|i| (i, self.texts_of(&defs[i], element)))
            .collect();
        for (i, texts) in updates {
            if let Some(index) = self.indexes.texts.0.get_mut(i).and_then(OnceLock::get_mut) {
                match texts {
                    Some(texts) => index.set(id_of(element), &texts),
                    None => index.remove(id_of(element)),
                }
            }
        }
    }
}
