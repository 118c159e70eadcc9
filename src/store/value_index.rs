//! The `(label, key, value)` index of the always-indexed keys (`name`).
//!
//! It holds no values: an entry is `(label, key, node)`, 16 bytes, placed by
//! the hash of the value the node has. The value itself stays in the node's
//! record, and whoever changes the index hands over a way to read it (for
//! comparing on a seek and rehashing when the table grows). A map keyed by
//! the value would keep a second 32-byte copy of every name and a set per
//! name: at a million nodes that was the graph's largest structure but one.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

use super::Symbol;
use crate::value::{NodeId, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub label: Symbol,
    pub key: Symbol,
    pub node: NodeId,
}

#[derive(Clone, Default)]
pub struct ValueIndex {
    table: HashTable<Entry>,
}

fn hash(label: Symbol, key: Symbol, value: &Value) -> u64 {
    FxBuildHasher.hash_one((label, key, value))
}

impl ValueIndex {
    /// Files `node` under `(label, key, value)`. `value_of` reads any
    /// indexed node's current value of a key: the table rehashes with it.
    /// True when no other node of the label has the value (the planner
    /// counts distinct values).
    pub fn insert<V>(&mut self, entry: Entry, value: &Value, value_of: V) -> bool
    where
        V: Fn(NodeId, Symbol) -> Option<Value>,
    {
        if value.is_null() {
            return false;
        }
        let h = hash(entry.label, entry.key, value);
        if self.table.find(h, |e| *e == entry).is_some() {
            return false;
        }
        let first = !self.has_other(h, entry, value, &value_of);
        let rehash = |e: &Entry| value_of(e.node, e.key).map_or(0, |v| hash(e.label, e.key, &v));
        self.table.insert_unique(h, entry, rehash);
        first
    }

    /// Takes `node` out from under `(label, key, value)`; `value` is the one
    /// it was filed with. True when it was the last node of the label with
    /// the value.
    pub fn remove<V>(&mut self, entry: Entry, value: &Value, value_of: V) -> bool
    where
        V: Fn(NodeId, Symbol) -> Option<Value>,
    {
        let h = hash(entry.label, entry.key, value);
        match self.table.find_entry(h, |e| *e == entry) {
            Ok(found) => {
                found.remove();
                !self.has_other(h, entry, value, &value_of)
            }
            Err(_) => false,
        }
    }

    /// Whether a node other than `entry`'s is filed under its label, key and `value`.
    fn has_other<V>(&self, h: u64, entry: Entry, value: &Value, value_of: &V) -> bool
    where
        V: Fn(NodeId, Symbol) -> Option<Value>,
    {
        self.table.iter_hash(h).any(|e| {
            e.label == entry.label
                && e.key == entry.key
                && e.node != entry.node
                && value_of(e.node, e.key).as_ref() == Some(value)
        })
    }

    /// The nodes filed under `(label, key, value)`, in increasing order.
    /// `value_of` tells them from other values with the same hash.
    pub fn seek<V>(&self, label: Symbol, key: Symbol, value: &Value, value_of: V) -> Vec<NodeId>
    where
        V: Fn(NodeId, Symbol) -> Option<Value>,
    {
        if value.is_null() {
            return Vec::new();
        }
        let mut ids: Vec<NodeId> = self
            .table
            .iter_hash(hash(label, key, value))
            .filter(|e| e.label == label && e.key == key)
            .filter(|e| value_of(e.node, key).as_ref() == Some(value))
            .map(|e| e.node)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.table.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_filed_and_nothing_after_removal() {
        let names = [Value::string("Iran"), Value::string("Syria"), Value::string("Iran")];
        let value_of = |n: NodeId, _| names.get(n as usize).cloned();
        let mut index = ValueIndex::default();
        let firsts: Vec<bool> = names
            .iter()
            .enumerate()
            .map(|(n, v)| index.insert(Entry { label: 0, key: 0, node: n as NodeId }, v, value_of))
            .collect();
        // The second Iran is not a new value.
        assert_eq!(firsts, vec![true, true, false]);
        // A second filing of the same entry changes nothing.
        assert!(!index.insert(Entry { label: 0, key: 0, node: 2 }, &names[2], value_of));
        assert_eq!(index.seek(0, 0, &Value::string("Iran"), value_of), vec![0, 2]);
        assert_eq!(index.seek(1, 0, &Value::string("Iran"), value_of), Vec::<NodeId>::new());
        // Node 2 still has the value: not the last.
        assert!(!index.remove(Entry { label: 0, key: 0, node: 0 }, &names[0], value_of));
        assert_eq!(index.seek(0, 0, &Value::string("Iran"), value_of), vec![2]);
        assert_eq!(index.entries().count(), 2);
        assert!(index.remove(Entry { label: 0, key: 0, node: 1 }, &names[1], value_of));
    }
}
