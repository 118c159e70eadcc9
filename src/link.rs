//! Linking the listings of one party across lists: `SAME_AS` between a
//! UN, an OFAC and an EU listing of the same person, company or vessel,
//! with the score and the features that made it.
//!
//! A run replaces what an earlier run wrote: pairs that still hold are
//! updated, new ones added, and ones that no longer hold removed, so
//! running it again after a new version of a list is safe.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::store::names::{MatchOptions, strings};
use crate::store::{Dir, Graph};
use crate::value::{NodeId, RelId, Value};

/// The `method` of the `SAME_AS` this module writes; others (a user's own)
/// are never touched.
pub const METHOD: &str = "embargo link";

/// The least score of a link unless told otherwise: 0.7 and above is
/// "very likely the same party".
pub const DEFAULT_MIN_SCORE: f64 = 0.7;

/// Labels of the nodes that are parties (not addresses, countries or
/// programs).
const PARTY_LABELS: &[&str] = &["Person", "Organization", "LegalEntity", "Company", "Vessel", "Airplane"];

/// What a run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LinkReport {
    pub parties: usize,
    pub lists: usize,
    pub pairs: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

impl std::fmt::Display for LinkReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} pairs of listings of one party ({} added, {} updated, {} removed) among {} parties of {} lists",
            self.pairs, self.added, self.updated, self.removed, self.parties, self.lists
        )
    }
}

/// Every party with the list it is on.
fn parties(graph: &Graph) -> HashMap<NodeId, Arc<str>> {
    let labels: Vec<_> = PARTY_LABELS.iter().filter_map(|l| graph.labels.get(l)).collect();
    let Some(list) = graph.keys.get("list") else { return HashMap::new() };
    graph
        .node_ids()
        .filter(|id| labels.iter().any(|l| graph.has_label(*id, *l)))
        .filter_map(|id| strings(graph.node_property(id, list).as_ref()).into_iter().next().map(|l| (id, l)))
        .collect()
}

/// Pairs of listings (lower id, higher id), each with its score and the
/// features that made it.
pub type Pairs = BTreeMap<(NodeId, NodeId), (f64, Vec<String>)>;

/// The pairs of listings on different lists that score at least
/// `min_score`, with the numbers of parties and lists. Each pair of lists
/// is searched from the smaller one, so the largest list is never searched
/// from.
pub fn pairs(graph: &Graph, min_score: f64) -> (Pairs, usize, usize) {
    let parties = parties(graph);
    let mut sizes: HashMap<Arc<str>, usize> = HashMap::new();
    for list in parties.values() {
        *sizes.entry(list.clone()).or_default() += 1;
    }
    // A list's rank: smaller lists first, ties by name.
    let rank = |list: &Arc<str>| (sizes.get(list).copied().unwrap_or(0), list.clone());
    let mut found = BTreeMap::new();
    let mut ids: Vec<NodeId> = parties.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let Some(own) = parties.get(&id) else { continue };
        let own_rank = rank(own);
        let later = |other: NodeId| parties.get(&other).is_some_and(|l| rank(l) > own_rank);
        let options = MatchOptions { limit: 10, min_score, filter: &later };
        // A party is listed once per list: its best candidate on each other
        // list is the link; the runners-up are related parties sharing
        // words or aliases, not the same one.
        let mut best_per_list: HashMap<&Arc<str>, NodeId> = HashMap::new();
        for c in graph.matches(&graph.facts(id), &options) {
            let Some(list) = parties.get(&c.node) else { continue };
            if best_per_list.entry(list).or_insert(c.node) != &c.node {
                continue;
            }
            let key = (id.min(c.node), id.max(c.node));
            let features = c.features.iter().map(|(name, v)| format!("{name} {v:.2}")).collect();
            found.insert(key, (c.score, features));
        }
    }
    (found, parties.len(), sizes.len())
}

/// Links the graph's parties: writes, updates and removes `SAME_AS`.
pub fn link(graph: &mut Graph, min_score: f64) -> LinkReport {
    let (found, parties, lists) = pairs(graph, min_score);
    let [method, score, features, source] = ["method", "score", "features", "source"].map(|k| graph.keys.intern(k));
    let same_as = graph.types.intern("SAME_AS");
    // What an earlier run wrote, by pair.
    let mut earlier: HashMap<(NodeId, NodeId), Vec<RelId>> = HashMap::new();
    let ids: Vec<NodeId> = graph.node_ids().collect();
    for id in ids {
        for e in graph.edges(id, Dir::Outgoing).filter(|e| e.rel_type == same_as) {
            if graph.rel_property(e.rel, method) == Some(Value::string(METHOD)) {
                earlier.entry((e.start.min(e.end), e.start.max(e.end))).or_default().push(e.rel);
            }
        }
    }
    let mut report = LinkReport { parties, lists, pairs: found.len(), ..LinkReport::default() };
    for (pair, (value, why)) in &found {
        let why = Value::List(why.iter().map(|w| Value::string(w)).collect());
        let mut kept = earlier.remove(pair).unwrap_or_default();
        // One link a pair: any second one (both directions) goes.
        for extra in kept.split_off(kept.len().min(1)) {
            graph.delete_rel(extra);
            report.removed += 1;
        }
        match kept.first() {
            Some(&rel) => {
                let same = graph.rel_property(rel, score) == Some(Value::Float(*value))
                    && graph.rel_property(rel, features).as_ref() == Some(&why);
                if !same {
                    graph.set_rel_property(rel, score, Value::Float(*value));
                    graph.set_rel_property(rel, features, why);
                    report.updated += 1;
                }
            }
            None => {
                let properties = vec![
                    (score, Value::Float(*value)),
                    (method, Value::string(METHOD)),
                    (features, why),
                    (source, Value::string(METHOD)),
                ];
                graph.create_rel(pair.0, pair.1, same_as, properties);
                report.added += 1;
            }
        }
    }
    for rel in earlier.into_values().flatten() {
        graph.delete_rel(rel);
        report.removed += 1;
    }
    report
}
