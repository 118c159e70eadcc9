//! The user's indexes in the store: their definitions ([`SchemaDefs`]) and,
//! for range and text indexes, sorted entries from property values to ids.
//!
//! Every write method of [`Graph`] reads an element's index keys before it
//! changes it and re-files them after ([`Graph::reindex`]); undo and
//! snapshot loading go through the same methods, so the entries always
//! agree with the records. Definitions change only through
//! [`Graph::set_schema`], which is undoable and logged like any write.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::Arc;

use super::undo::Change;
use super::{Graph, Redo};
use crate::schema::definition::{Entity, IndexDef, IndexType, SchemaDefs};
use crate::value::Value;

/// A node or a relationship, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Node(u64),
    Rel(u64),
}

/// A property value under the total order of ORDER BY, so that values of
/// every type can share one sorted index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key(pub Value);

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.0.order(&other.0)
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

type Entries = BTreeMap<Vec<Key>, BTreeSet<u64>>;

/// Definitions, and entries parallel to `defs.indexes` (`None` for index
/// types the store does not fill).
#[derive(Clone, Default)]
pub(super) struct Indexes {
    defs: SchemaDefs,
    entries: Vec<Option<Entries>>,
    /// The full-text indexes' words, once built ([`super::fulltext`]).
    pub(super) texts: super::fulltext::Texts,
}

/// What an index seek looks for. The planner keeps the predicate as a
/// filter after the seek, so a seek may return more than matches, never less.
#[derive(Clone, Debug)]
pub enum Seek {
    /// Every property equal to these values.
    Exact(Vec<Value>),
    /// The first property between bounds (`true`: the bound is included).
    Range { lower: Option<(Value, bool)>, upper: Option<(Value, bool)> },
    /// The first property a string starting with this.
    Prefix(Arc<str>),
}

impl Graph {
    pub fn schema(&self) -> &SchemaDefs {
        &self.indexes.defs
    }

    /// Replaces the index and constraint definitions (undoably, and
    /// logged), and fills the entries of new indexes from the graph.
    pub fn set_schema(&mut self, defs: SchemaDefs) {
        let old = std::mem::replace(&mut self.indexes.defs, defs);
        self.changes.push(Change::Schema(Box::new(old)));
        self.log(|g| Redo::Schema(g.indexes.defs.clone()));
        self.fill_indexes();
    }

    /// Puts definitions back without logging (undo, snapshot loading).
    pub fn restore_schema(&mut self, defs: SchemaDefs) {
        self.indexes.defs = defs;
        self.fill_indexes();
    }

    /// Rebuilds every index's entries from the records.
    fn fill_indexes(&mut self) {
        let mut all = Vec::with_capacity(self.indexes.defs.indexes.len());
        for def in &self.indexes.defs.indexes {
            if !def.index_type.has_entries() {
                all.push(None);
                continue;
            }
            let mut entries = Entries::new();
            for element in self.elements_of(def) {
                if let Some(key) = self.key_of(def, element) {
                    entries.entry(key).or_default().insert(id_of(element));
                }
            }
            all.push(Some(entries));
        }
        self.indexes.entries = all;
        self.indexes.texts.reset(self.indexes.defs.indexes.len());
    }

    fn elements_of(&self, def: &IndexDef) -> Vec<Element> {
        let Some(label) = def.labels.first() else { return Vec::new() };
        match def.entity {
            Entity::Node => match self.labels.get(label) {
                Some(symbol) => self.nodes_with_label(symbol).map(Element::Node).collect(),
                None => Vec::new(),
            },
            Entity::Relationship => match self.types.get(label) {
                Some(symbol) => self
                    .rel_ids()
                    .filter(|r| self.rel(*r).is_some_and(|rec| rec.rel_type == symbol))
                    .map(Element::Rel)
                    .collect(),
                None => Vec::new(),
            },
        }
    }

    /// The key `element` has in the index: `None` when it lacks the label
    /// (or type) or one of the properties, or, for a text index, when a
    /// value is not a string.
    fn key_of(&self, def: &IndexDef, element: Element) -> Option<Vec<Key>> {
        let label = def.labels.first()?;
        let (properties, entity) = match element {
            Element::Node(id) => {
                let node = self.node(id)?;
                let symbol = self.labels.get(label)?;
                node.labels.contains(&symbol).then_some(())?;
                (&node.properties, Entity::Node)
            }
            Element::Rel(id) => {
                let rel = self.rel(id)?;
                (rel.rel_type == self.types.get(label)?).then_some(())?;
                (&rel.properties, Entity::Relationship)
            }
        };
        if entity != def.entity {
            return None;
        }
        let mut key = Vec::with_capacity(def.properties.len());
        for property in &def.properties {
            let symbol = self.keys.get(property)?;
            let value = properties.iter().find(|(k, _)| *k == symbol).map(|(_, v)| v)?;
            if def.index_type == IndexType::Text && !matches!(value, Value::String(_)) {
                return None;
            }
            key.push(Key(value.clone()));
        }
        Some(key)
    }

    /// The element's keys in every filled index, read before a change.
    pub(super) fn index_keys(&self, element: Element) -> Vec<(usize, Vec<Key>)> {
        if self.indexes.entries.iter().all(Option::is_none) {
            return Vec::new();
        }
        let defs = self.indexes.defs.indexes.iter().enumerate();
        defs.filter(|(i, _)| self.indexes.entries.get(*i).is_some_and(Option::is_some))
            .filter_map(|(i, def)| self.key_of(def, element).map(|k| (i, k)))
            .collect()
    }

    /// Re-files the element after a change, given its keys from before.
    pub(super) fn reindex(&mut self, element: Element, before: Vec<(usize, Vec<Key>)>) {
        self.refile_texts(element);
        if self.indexes.entries.iter().all(Option::is_none) {
            return;
        }
        let after = self.index_keys(element);
        let id = id_of(element);
        for (i, key) in &before {
            if after.contains(&(*i, key.clone())) {
                continue;
            }
            if let Some(Some(entries)) = self.indexes.entries.get_mut(*i)
                && let Some(ids) = entries.get_mut(key)
            {
                ids.remove(&id);
                if ids.is_empty() {
                    entries.remove(key);
                }
            }
        }
        for (i, key) in after {
            if let Some(Some(entries)) = self.indexes.entries.get_mut(i) {
                entries.entry(key).or_default().insert(id);
            }
        }
    }

    /// The ids an index holds for `seek`, in key order; `None` when the
    /// index has no entries or the seek cannot use it (a range over values
    /// without an order, such as lists).
    pub fn index_seek(&self, name: &str, seek: &Seek) -> Option<Vec<u64>> {
        let i = self.indexes.defs.indexes.iter().position(|d| d.name == name)?;
        let entries = self.indexes.entries.get(i)?.as_ref()?;
        let ids = |found: &mut dyn Iterator<Item = &BTreeSet<u64>>| found.flatten().copied().collect::<Vec<u64>>();
        Some(match seek {
            Seek::Exact(values) => {
                if values.iter().any(Value::is_null) {
                    return Some(Vec::new());
                }
                let key: Vec<Key> = values.iter().cloned().map(Key).collect();
                entries.get(&key).map(|set| set.iter().copied().collect()).unwrap_or_default()
            }
            Seek::Prefix(prefix) => {
                let start = vec![Key(Value::String(prefix.clone()))];
                let mut found = entries
                    .range(start..)
                    .take_while(|(k, _)| matches!(k.first(), Some(Key(Value::String(s))) if s.starts_with(&**prefix)))
                    .map(|(_, v)| v);
                ids(&mut found)
            }
            Seek::Range { lower, upper } => {
                let anchor = &lower.as_ref().or(upper.as_ref())?.0;
                if !orderable(anchor) {
                    return None;
                }
                let comparable = |k: &Vec<Key>| k.first().is_some_and(|first| first.0.cypher_cmp(anchor).is_some());
                let bound = |b: &Option<(Value, bool)>| match b {
                    Some((v, true)) => Bound::Included(vec![Key(v.clone())]),
                    Some((v, false)) => Bound::Excluded(vec![Key(v.clone())]),
                    None => Bound::Unbounded,
                };
                if let (Some((l, li)), Some((u, ui))) = (lower, upper) {
                    match l.cypher_cmp(u) {
                        None | Some(Ordering::Greater) => return Some(Vec::new()),
                        Some(Ordering::Equal) if !(*li && *ui) => return Some(Vec::new()),
                        _ => {}
                    }
                }
                let range = entries.range((bound(lower), bound(upper)));
                if lower.is_some() {
                    ids(&mut range.take_while(|(k, _)| comparable(k)).map(|(_, v)| v))
                } else {
                    let mut found: Vec<u64> = ids(&mut range.rev().take_while(|(k, _)| comparable(k)).map(|(_, v)| v));
                    found.reverse();
                    found
                }
            }
        })
    }
}

pub(super) fn id_of(element: Element) -> u64 {
    match element {
        Element::Node(id) | Element::Rel(id) => id,
    }
}

/// Values whose comparable fellows sit together in the index's order.
fn orderable(value: &Value) -> bool {
    matches!(
        value,
        Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Bool(_) | Value::Date(_) | Value::Temporal(_)
    ) && !matches!(value, Value::Float(f) if f.is_nan())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::definition::NewIndex;

    fn graph_with_index(index_type: IndexType) -> Graph {
        let mut g = Graph::new();
        let mut defs = SchemaDefs::default();
        let new = NewIndex {
            name: Some("i".into()),
            index_type,
            entity: Entity::Node,
            labels: vec!["P".into()],
            properties: vec!["age".into()],
            options: Vec::new(),
        };
        defs.create_index(new, false).unwrap();
        g.set_schema(defs);
        g.commit();
        g
    }

    fn range(lower: Option<(i64, bool)>, upper: Option<(i64, bool)>) -> Seek {
        let v = |b: Option<(i64, bool)>| b.map(|(x, i)| (Value::Int(x), i));
        Seek::Range { lower: v(lower), upper: v(upper) }
    }

    #[test]
    fn entries_follow_writes_and_rollback() {
        let mut g = graph_with_index(IndexType::Range);
        let p = g.labels.intern("P");
        let age = g.keys.intern("age");
        let a = g.create_node(&[p], vec![(age, Value::Int(30))]);
        let b = g.create_node(&[], vec![(age, Value::Int(40))]);
        g.commit();
        assert_eq!(g.index_seek("i", &Seek::Exact(vec![Value::Float(30.0)])), Some(vec![a]));
        assert_eq!(g.index_seek("i", &range(Some((35, true)), None)), Some(vec![]));
        g.add_label(b, p);
        assert_eq!(g.index_seek("i", &range(Some((35, true)), None)), Some(vec![b]));
        g.set_node_property(a, age, Value::string("thirty"));
        g.delete_node(b);
        assert_eq!(g.index_seek("i", &range(None, Some((50, false)))), Some(vec![]));
        g.rollback();
        assert_eq!(g.index_seek("i", &range(None, Some((50, false)))), Some(vec![a]));
        assert_eq!(g.index_seek("i", &range(Some((30, false)), Some((30, true)))), Some(vec![]));
        assert_eq!(g.index_seek("i", &range(Some((30, true)), Some((30, true)))), Some(vec![a]));
    }

    #[test]
    fn text_indexes_hold_strings_and_seek_prefixes() {
        let mut g = graph_with_index(IndexType::Text);
        let p = g.labels.intern("P");
        let age = g.keys.intern("age");
        let a = g.create_node(&[p], vec![(age, Value::string("abc"))]);
        g.create_node(&[p], vec![(age, Value::Int(3))]);
        let c = g.create_node(&[p], vec![(age, Value::string("abd"))]);
        g.create_node(&[p], vec![(age, Value::string("b"))]);
        assert_eq!(g.index_seek("i", &Seek::Prefix(Arc::from("ab"))), Some(vec![a, c]));
        assert_eq!(g.index_seek("i", &Seek::Exact(vec![Value::Int(3)])), Some(vec![]));
        assert_eq!(g.index_seek("missing", &Seek::Exact(vec![Value::Int(3)])), None);
    }
}
