//! Designations (`TARGETS` from a program's `Sanction` node) and the links
//! a list states between its records, resolved by id or by name.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Writer, date, earliest, is_newer, latest, seen_as_date, text};
use crate::import::listing::fold_words as fold_name;
use crate::import::listing::{Designation, Link, Source, Target};
use crate::store::Dir;
use crate::value::{NodeId, Value};

/// Folded name → the list's records of that name, and whether it is their
/// primary name; built on first need.
pub(super) type Names = Option<HashMap<String, Vec<(NodeId, bool)>>>;

impl Writer<'_> {
    fn sanction_node(&mut self, authority: &str, program: &str, source: &Source) -> NodeId {
        let key = (authority.to_string(), program.to_string());
        if let Some(node) = self.sanctions.get(&key) {
            return *node;
        }
        let properties = vec![
            ("name".to_string(), Value::string(&format!("{program} ({authority})"))),
            ("authority".to_string(), Value::string(authority)),
            ("program".to_string(), Value::string(program)),
            ("source".to_string(), Value::string(&source.label())),
        ];
        let node = self.create_node(&["Sanction"], properties);
        self.sanctions.insert(key, node);
        node
    }

    /// A designation as a `TARGETS` relationship. The same designation of
    /// another version (same program, party, id and measure) is updated:
    /// `first_seen` and `last_seen` widen, the rest follows the newest.
    pub(super) fn designate(&mut self, party: NodeId, d: &Designation, source: &Source) {
        let sanction = self.sanction_node(&d.authority, &d.program, source);
        let mut properties: Vec<(String, Value)> = vec![("source".into(), Value::string(&source.label()))];
        properties.extend(d.source_id.as_deref().map(|s| ("source_id".to_string(), Value::string(s))));
        properties.extend(d.listed_on.map(|l| ("listed_on".to_string(), Value::Date(l))));
        properties.extend(d.reason.as_deref().map(|r| ("reason".to_string(), Value::string(r))));
        properties.extend(d.properties.iter().map(|(k, v)| (k.clone(), seen_as_date(k, v))));
        let own = |k: &str| date(properties.iter().find(|(key, _)| key == k).map(|(_, v)| v));
        let (first, last) = (own("first_seen").or(source.version), own("last_seen").or(source.version));
        properties.retain(|(k, v)| k != "first_seen" && k != "last_seen" && !v.is_null());
        let [source_id, measure, first_key, last_key] =
            ["source_id", "measure", "first_seen", "last_seen"].map(|k| self.key(k));
        let same = |w: &Self, rel| {
            let m = d.properties.iter().find(|(k, _)| k == "measure").map(|(_, v)| v).filter(|v| !v.is_null());
            text(w.graph.rel_property(rel, source_id)).as_deref() == d.source_id.as_deref()
                && w.graph.rel_property(rel, measure).as_ref() == m
        };
        let targets = self.graph.types.intern("TARGETS");
        let candidates: Vec<_> = self
            .graph
            .edges(sanction, Dir::Outgoing)
            .filter(|e| e.other == party && e.rel_type == targets)
            .map(|e| e.rel)
            .collect();
        let existing = candidates.into_iter().find(|rel| same(self, *rel) && self.written_by(*rel, &source.list));
        let Some(rel) = existing else {
            properties.extend(first.map(|d| ("first_seen".to_string(), Value::Date(d))));
            properties.extend(last.map(|d| ("last_seen".to_string(), Value::Date(d))));
            if let Some(rel) = self.create_rel(sanction, party, "TARGETS", properties)
                && let Some(id) = &d.source_id
            {
                self.rels.entry((Arc::from(source.list.as_str()), Arc::from(id.as_str()))).or_default().push(rel);
            }
            return;
        };
        let (was_first, was_last) =
            (date(self.graph.rel_property(rel, first_key)), date(self.graph.rel_property(rel, last_key)));
        let newer = is_newer(source.version.or(last), was_last);
        if newer {
            for (k, v) in properties {
                let key = self.key(&k);
                if self.graph.rel_property(rel, key).as_ref() != Some(&v) {
                    self.graph.set_rel_property(rel, key, v);
                }
            }
        }
        self.graph.set_rel_property(rel, first_key, earliest(was_first, first).map_or(Value::Null, Value::Date));
        self.graph.set_rel_property(rel, last_key, latest(was_last, last).map_or(Value::Null, Value::Date));
    }

    /// The records of `list` that carry `name`, folded: the one whose
    /// primary name it is when the name is also another record's alias
    /// (OFAC's `Linked To: X` means the listing called X).
    fn named(&mut self, name: &str, list: &Arc<str>, names: &mut Names) -> Vec<NodeId> {
        if names.is_none() {
            let keys = ["name", "aliases", "previous_names"].map(|k| self.key(k));
            let mut index: HashMap<String, Vec<(NodeId, bool)>> = HashMap::new();
            for ((l, _), node) in &self.parties {
                if l != list {
                    continue;
                }
                for key in keys {
                    let values = match self.graph.node_property(*node, key) {
                        Some(Value::String(s)) => vec![s.clone()],
                        Some(Value::List(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
                        _ => Vec::new(),
                    };
                    for v in values {
                        let entry = index.entry(fold_name(&v)).or_default();
                        match entry.iter_mut().find(|(n, _)| n == node) {
                            Some((_, primary)) => *primary |= key == keys[0],
                            None => entry.push((*node, key == keys[0])),
                        }
                    }
                }
            }
            *names = Some(index);
        }
        let found = names.as_ref().and_then(|n| n.get(&fold_name(name))).cloned().unwrap_or_default();
        let primary: Vec<NodeId> = found.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect();
        if found.len() > 1 && primary.len() == 1 { primary } else { found.into_iter().map(|(n, _)| n).collect() }
    }

    /// A stated link from `node`. It is written once per pair, type and
    /// list; one that names no record, or several, is counted, not guessed.
    pub(super) fn link(
        &mut self,
        node: NodeId,
        link: &Link,
        list: &Arc<str>,
        source: &Source,
        names: &mut Names,
        seen: &mut HashSet<(NodeId, NodeId, &'static str)>,
    ) {
        let own_id = self.node_text(node, "source_id").unwrap_or_default();
        let targets = match &link.target {
            Target::Id(id) => self.parties.get(&(list.clone(), Arc::from(id.as_str()))).copied().into_iter().collect(),
            Target::Name(name) => self.named(name, list, names),
        };
        let described = match &link.target {
            Target::Id(id) => format!("{own_id} {} {id}", link.rel_type),
            Target::Name(name) => format!("{own_id} {} '{name}'", link.rel_type),
        };
        let other = match targets.as_slice() {
            [one] => *one,
            [] => {
                match &link.target {
                    Target::Id(_) => self.report.dangling.push(described),
                    Target::Name(_) => self.report.unresolved.push(format!("{described}: no record has this name")),
                }
                return;
            }
            many => {
                self.report.unresolved.push(format!("{described}: {} records have this name", many.len()));
                return;
            }
        };
        if other == node {
            return;
        }
        let (start, end) = if link.incoming { (other, node) } else { (node, other) };
        if !seen.insert((start, end, link.rel_type)) && !link.properties.iter().any(|(k, _)| k == "source_id") {
            return;
        }
        *self.report.resolved.entry(link.rel_type.to_string()).or_default() += 1;
        let mut properties = vec![("source".to_string(), Value::string(&source.label()))];
        properties.extend(link.text.as_deref().map(|t| ("text".to_string(), Value::string(t))));
        properties.extend(link.properties.iter().cloned());
        let edge_id = link.properties.iter().find(|(k, _)| k == "source_id").and_then(|(_, v)| text(Some(v)));
        if let Some(id) = &edge_id
            && self.written.insert((list.clone(), id.clone()))
        {
            // Another version of an edge entity: replaced, not doubled; but
            // an older one leaves a newer in place.
            let key = (list.clone(), id.clone());
            let last_key = self.key("last_seen");
            let given = date(link.properties.iter().find(|(k, _)| k == "last_seen").map(|(_, v)| v));
            let stored = self
                .rels
                .get(&key)
                .into_iter()
                .flatten()
                .filter_map(|r| date(self.graph.rel_property(*r, last_key)))
                .max();
            if let (Some(given), Some(stored)) = (given, stored)
                && given < stored
            {
                self.written.remove(&key);
                return;
            }
            for rel in self.rels.remove(&key).unwrap_or_default() {
                self.graph.delete_rel(rel);
            }
        }
        if let Some(rel) = self.create_rel(start, end, link.rel_type, properties)
            && let Some(id) = edge_id
        {
            self.rels.entry((list.clone(), id)).or_default().push(rel);
        }
    }
}
