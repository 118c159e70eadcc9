//! Writing the readers' batches into the graph: one node per listing per
//! list, `TARGETS` from each program's `Sanction` node, countries,
//! addresses and stated links, and versions — a newer version of a list
//! updates its records instead of duplicating them.
//!
//! Every change goes through the store's undoable methods, so the caller
//! can roll a failed import back whole.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::listing::{Batch, Listing, Source, parse_date};
use super::report::Report;
use crate::store::{Dir, Graph, Symbol};
use crate::value::{Date, NodeId, RelId, Value};

/// Relationships an import keeps across versions instead of rewriting.
const KEPT_TYPES: &[&str] = &["TARGETS", "SAME_AS"];

pub struct Writer<'g> {
    graph: &'g mut Graph,
    /// (list, source_id) → the record's node.
    parties: HashMap<(Arc<str>, Arc<str>), NodeId>,
    /// (list, source_id) → relationships given their own id by the list
    /// (designations, FtM edge entities).
    rels: HashMap<(Arc<str>, Arc<str>), Vec<RelId>>,
    /// Ids whose relationships this import wrote: a second pair of one
    /// edge entity adds to them instead of replacing them.
    written: HashSet<(Arc<str>, Arc<str>)>,
    /// iso2 → Country node.
    countries: HashMap<String, NodeId>,
    /// (authority, program) → Sanction node.
    sanctions: HashMap<(String, String), NodeId>,
    /// (list, full address) → Address node.
    addresses: HashMap<(String, String), NodeId>,
    pub report: Report,
}

fn text<V: Borrow<Value>>(value: Option<V>) -> Option<Arc<str>> {
    match value.as_ref().map(Borrow::borrow) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn date<V: Borrow<Value>>(value: Option<V>) -> Option<Date> {
    match value.as_ref().map(Borrow::borrow) {
        Some(Value::Date(d)) => Some(*d),
        Some(Value::String(s)) => parse_date(s),
        _ => None,
    }
}

/// First and last of two optional dates.
fn earliest(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    a.into_iter().chain(b).min()
}

fn latest(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    a.into_iter().chain(b).max()
}

/// Whether a record last seen on `this` may replace one stored as last
/// seen on `stored`: not when it is older; either date unknown, yes.
fn is_newer(this: Option<Date>, stored: Option<Date>) -> bool {
    match (this, stored) {
        (Some(this), Some(stored)) => this >= stored,
        _ => true,
    }
}

/// `first_seen`/`last_seen` as FtM gives them (timestamps) become dates,
/// comparable with `date()`; other values stay as they are.
fn seen_as_date(key: &str, value: &Value) -> Value {
    match (key, value) {
        ("first_seen" | "last_seen", Value::Date(_)) => value.clone(),
        ("first_seen" | "last_seen", other) => date(Some(other)).map_or(Value::Null, Value::Date),
        _ => value.clone(),
    }
}

impl<'g> Writer<'g> {
    /// A writer over `graph`, indexing what earlier imports left in it.
    pub fn new(graph: &'g mut Graph) -> Writer<'g> {
        let mut writer = Writer {
            graph,
            parties: HashMap::new(),
            rels: HashMap::new(),
            written: HashSet::new(),
            countries: HashMap::new(),
            sanctions: HashMap::new(),
            addresses: HashMap::new(),
            report: Report::default(),
        };
        writer.index();
        writer
    }

    fn key(&mut self, name: &str) -> Symbol {
        self.graph.keys.intern(name)
    }

    fn node_text(&mut self, node: NodeId, key: &str) -> Option<Arc<str>> {
        let key = self.key(key);
        text(self.graph.node_property(node, key))
    }

    fn index(&mut self) {
        let [list, source_id, iso2, authority, program, full, source] =
            ["list", "source_id", "iso2", "authority", "program", "full", "source"].map(|k| self.key(k));
        let (country, sanction, address) = (
            self.graph.labels.intern("Country"),
            self.graph.labels.intern("Sanction"),
            self.graph.labels.intern("Address"),
        );
        let g = &*self.graph;
        let ids: Vec<NodeId> = g.node_ids().collect();
        for id in ids {
            let prop = |k| text(g.node_property(id, k));
            if let Some(l) = prop(list) {
                if let Some(s) = prop(source_id) {
                    self.parties.insert((l.clone(), s), id);
                }
                if g.has_label(id, address)
                    && let Some(f) = prop(full)
                {
                    self.addresses.insert((l.to_string(), f.to_string()), id);
                }
            }
            if g.has_label(id, country)
                && let Some(code) = prop(iso2)
            {
                self.countries.entry(code.to_string()).or_insert(id);
            }
            if g.has_label(id, sanction)
                && let (Some(a), Some(p)) = (prop(authority), prop(program))
            {
                self.sanctions.entry((a.to_string(), p.to_string())).or_insert(id);
            }
        }
        let lists: HashSet<Arc<str>> = self.parties.keys().map(|(l, _)| l.clone()).collect();
        let rels: Vec<RelId> = g.rel_ids().collect();
        for rel in rels {
            let (Some(s), Some(from)) = (text(g.rel_property(rel, source_id)), text(g.rel_property(rel, source)))
            else {
                continue;
            };
            if let Some(l) = lists.iter().find(|l| from.starts_with(&***l)) {
                self.rels.entry((l.clone(), s)).or_default().push(rel);
            }
        }
    }

    /// Writes one batch of `source` (its version already settled).
    pub fn apply(&mut self, batch: Batch, source: &Source) {
        let list: Arc<str> = Arc::from(source.list.as_str());
        self.report.sources.push(source.label());
        self.report.skipped.extend(batch.skipped);
        self.report.dangling.extend(batch.dangling);
        for id in &batch.deleted {
            self.delete_record(&list, id);
        }
        let placed: Vec<(NodeId, bool)> = batch.listings.iter().map(|l| self.upsert(l, &list, source)).collect();
        let mut names = None;
        let mut seen = HashSet::new();
        // All cleared before any is written: a link may start at another
        // record (a vessel's owner), whose clearing must not undo it.
        for (node, _) in placed.iter().filter(|(_, rewrite)| *rewrite) {
            self.clear_own_relationships(*node, &list);
        }
        for (listing, (node, rewrite)) in batch.listings.iter().zip(placed) {
            if rewrite {
                for (rel_type, country) in &listing.countries {
                    self.country_link(node, rel_type, country, source);
                }
                for address in &listing.addresses {
                    self.address(node, address, &list, source);
                }
                for link in &listing.links {
                    self.link(node, link, &list, source, &mut names, &mut seen);
                }
            }
            for designation in &listing.designations {
                self.designate(node, designation, source);
            }
        }
        for (party, designation) in &batch.designations {
            match self.parties.get(&(list.clone(), Arc::from(party.as_str()))).copied() {
                Some(node) => self.designate(node, designation, source),
                None => self.report.dangling.push(format!("a sanction of {party}, which is not in the list")),
            }
        }
        for (start, link) in &batch.links {
            match self.parties.get(&(list.clone(), Arc::from(start.as_str()))).copied() {
                Some(node) => self.link(node, link, &list, source, &mut names, &mut seen),
                None => self.report.dangling.push(format!("{} from {start}, which is not in the list", link.rel_type)),
            }
        }
    }

    /// Puts a listing's node in place: a new node, or the record's node
    /// from an earlier version. True when its own relationships are to be
    /// written anew (it is new, or this version is not older than the last
    /// one seen).
    fn upsert(&mut self, listing: &Listing, list: &Arc<str>, source: &Source) -> (NodeId, bool) {
        let version = source.version;
        let id: Arc<str> = Arc::from(listing.source_id.as_str());
        let mut properties: Vec<(String, Value)> =
            listing.properties.iter().map(|(k, v)| (k.clone(), seen_as_date(k, v))).collect();
        properties.retain(|(_, v)| !v.is_null());
        let own = |p: &[(String, Value)], k: &str| date(p.iter().find(|(key, _)| key == k).map(|(_, v)| v));
        let (first, last) = (own(&properties, "first_seen").or(version), own(&properties, "last_seen").or(version));
        if let Some(node) = self.parties.get(&(list.clone(), id.clone())).copied() {
            let [first_key, last_key] = ["first_seen", "last_seen"].map(|k| self.key(k));
            let (was_first, was_last) =
                (date(self.graph.node_property(node, first_key)), date(self.graph.node_property(node, last_key)));
            // Without a list version (FtM), the record's own last date
            // decides: an older export must not overwrite a newer one.
            let newer = is_newer(version.or(last), was_last);
            if newer {
                self.rewrite(node, listing, properties, source);
                self.report.updated += 1;
            }
            self.graph.set_node_property(node, first_key, earliest(was_first, first).map_or(Value::Null, Value::Date));
            self.graph.set_node_property(node, last_key, latest(was_last, last).map_or(Value::Null, Value::Date));
            return (node, newer);
        }
        properties.extend([
            ("source".to_string(), Value::string(&source.label())),
            ("source_id".to_string(), Value::String(id.clone())),
            ("list".to_string(), Value::String(list.clone())),
        ]);
        properties.extend(first.map(|d| ("first_seen".to_string(), Value::Date(d))));
        properties.extend(last.map(|d| ("last_seen".to_string(), Value::Date(d))));
        let node = self.create_node(&listing.labels, properties);
        self.parties.insert((list.clone(), id), node);
        (node, true)
    }

    /// Replaces a record's properties with this version's, keeping what
    /// ties it to the list; labels are added, never taken away.
    fn rewrite(&mut self, node: NodeId, listing: &Listing, properties: Vec<(String, Value)>, source: &Source) {
        let kept = ["list", "source_id", "first_seen", "last_seen"].map(|k| self.key(k));
        let wanted: HashSet<Symbol> = properties.iter().map(|(k, _)| self.graph.keys.intern(k)).collect();
        let old: Vec<Symbol> = self.graph.node_keys(node);
        for key in old {
            if !wanted.contains(&key) && !kept.contains(&key) {
                self.graph.set_node_property(node, key, Value::Null);
            }
        }
        for (k, v) in properties {
            let key = self.key(&k);
            if self.graph.node_property(node, key).as_ref() != Some(&v) {
                self.graph.set_node_property(node, key, v);
            }
        }
        let key = self.key("source");
        self.graph.set_node_property(node, key, Value::string(&source.label()));
        for label in &listing.labels {
            let label = self.graph.labels.intern(label);
            self.graph.add_label(node, label);
        }
    }

    fn create_node(&mut self, labels: &[&str], properties: Vec<(String, Value)>) -> NodeId {
        let labels: Vec<Symbol> = labels.iter().map(|l| self.graph.labels.intern(l)).collect();
        let properties = properties.into_iter().map(|(k, v)| (self.graph.keys.intern(&k), v)).collect();
        let node = self.graph.create_node(&labels, properties);
        for l in &labels {
            *self.report.nodes.entry(self.graph.labels.name(*l).to_string()).or_default() += 1;
        }
        self.report.nodes_created += 1;
        node
    }

    fn create_rel(
        &mut self,
        start: NodeId,
        end: NodeId,
        rel_type: &str,
        properties: Vec<(String, Value)>,
    ) -> Option<RelId> {
        let t = self.graph.types.intern(rel_type);
        let properties = properties
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (self.graph.keys.intern(&k), v))
            .collect();
        let rel = self.graph.create_rel(start, end, t, properties)?;
        *self.report.relationships.entry(rel_type.to_string()).or_default() += 1;
        self.report.relationships_created += 1;
        Some(rel)
    }

    /// Whether relationship `rel` was written by an import of `list`.
    fn written_by(&mut self, rel: RelId, list: &str) -> bool {
        let key = self.key("source");
        text(self.graph.rel_property(rel, key)).is_some_and(|s| s.starts_with(list))
    }

    /// Deletes the relationships a listing itself gives (countries,
    /// addresses, links), before this version's are written; designations
    /// and links with ids of their own are updated in place instead.
    fn clear_own_relationships(&mut self, node: NodeId, list: &str) {
        let source_id = self.key("source_id");
        let edges: Vec<_> = self.graph.edges(node, Dir::Outgoing).collect();
        for e in edges {
            let kept = KEPT_TYPES.iter().any(|t| self.graph.types.get(t) == Some(e.rel_type));
            if !kept && self.graph.rel_property(e.rel, source_id).is_none() && self.written_by(e.rel, list) {
                self.graph.delete_rel(e.rel);
            }
        }
    }

    /// A record the list no longer holds (an FtM `DEL`): its node with all
    /// its relationships, or the relationships that carry its id.
    fn delete_record(&mut self, list: &Arc<str>, id: &str) {
        let key = (list.clone(), Arc::from(id));
        if let Some(node) = self.parties.remove(&key) {
            let edges: Vec<RelId> = self.graph.edges(node, Dir::Both).map(|e| e.rel).collect();
            for rel in edges {
                self.graph.delete_rel(rel);
            }
            self.graph.delete_node(node);
            self.report.deleted += 1;
        }
        for rel in self.rels.remove(&key).unwrap_or_default() {
            if self.graph.delete_rel(rel) {
                self.report.deleted += 1;
            }
        }
    }
}

mod links;
mod places;

#[cfg(test)]
mod tests;
