//! The store's name index: every node's `name`, `aliases`, `weak_aliases`
//! and `previous_names`, searchable by similarity ([`crate::names`]).
//!
//! It is built on the first search, not on open, so a store that is never
//! searched pays nothing; from then on every write that touches a node's
//! names or labels updates it (rollbacks too, since they go through the
//! same methods).

use std::sync::Arc;

use super::{Dir, Graph, Symbol};
use crate::names::{Facts, Field, Kind, NameIndex};
use crate::value::{NodeId, Value};

/// The properties that hold names, and which field of the index each is.
pub const NAME_KEYS: [(&str, Field); 4] = [
    ("name", Field::Name),
    ("aliases", Field::Alias),
    ("weak_aliases", Field::WeakAlias),
    ("previous_names", Field::PreviousName),
];

/// Relationship types that lead from a party to a country it belongs to.
const COUNTRY_TYPES: [&str; 3] = ["NATIONAL_OF", "REGISTERED_IN", "FLAGGED_IN"];

/// The strings of a property value: a string, or a list's strings.
pub fn strings(value: Option<&Value>) -> Vec<Arc<str>> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::List(items)) => {
            items.iter().filter_map(|v| if let Value::String(s) = v { Some(s.clone()) } else { None }).collect()
        }
        _ => Vec::new(),
    }
}

impl Graph {
    /// Whether `key` is one of the properties the name index reads. (The
    /// keys are looked up, not interned when a graph is made: a store's
    /// snapshot lists the keys it was written with, in order.)
    pub(super) fn is_name_key(&self, key: Symbol) -> bool {
        NAME_KEYS.iter().any(|(name, _)| self.keys.get(name) == Some(key))
    }

    /// The kind of party a node is, from its labels.
    pub fn kind_of(&self, id: NodeId) -> Kind {
        Kind::from_labels(&self.node_labels(id))
    }

    /// Adds a node's names to `index`.
    fn index_names(&self, index: &mut NameIndex, id: NodeId) {
        let kind = self.kind_of(id);
        for (key, field) in NAME_KEYS {
            let Some(key) = self.keys.get(key) else { continue };
            for name in strings(self.node_property(id, key).as_ref()) {
                index.insert(id, field, &name, kind);
            }
        }
    }

    /// The name index, built from every node on first use.
    pub fn name_index(&self) -> &NameIndex {
        self.names.get_or_init(|| {
            let mut index = NameIndex::new();
            for id in self.node_ids() {
                self.index_names(&mut index, id);
            }
            index
        })
    }

    /// A node's names or labels changed (or it was created): its entries
    /// are made anew, if the index has been built.
    pub(super) fn names_changed(&mut self, id: NodeId) {
        let Some(mut index) = self.names.take() else { return };
        index.remove(id);
        self.index_names(&mut index, id);
        let _ = self.names.set(index);
    }

    /// A node was deleted.
    pub(super) fn names_removed(&mut self, id: NodeId) {
        if let Some(index) = self.names.get_mut() {
            index.remove(id);
        }
    }

    /// What is known of a party for matching it with another: its names,
    /// birth dates, countries (by relationship or as listed), gender and
    /// identifiers.
    pub fn facts(&self, id: NodeId) -> Facts {
        let mut facts = facts_from(self.kind_of(id), |key| {
            self.keys.get(key).map(|k| strings(self.node_property(id, k).as_ref())).unwrap_or_default()
        });
        let iso2 = self.keys.get("iso2");
        for e in self.edges(id, Dir::Outgoing) {
            let country_type = COUNTRY_TYPES.iter().any(|t| self.types.get(t) == Some(e.rel_type));
            if country_type && let Some(code) = iso2.and_then(|k| self.node_property(e.other, k)) {
                facts.countries.extend(strings(Some(&code)).iter().map(|c| c.to_string()));
            }
        }
        facts
    }
}

/// A party's facts from its properties (a node's, or the keys of a map
/// given to `embargo.match`), `values` giving each key's strings.
pub fn facts_from(kind: Kind, values: impl Fn(&str) -> Vec<Arc<str>>) -> Facts {
    let all = |keys: &[&str]| keys.iter().flat_map(|k| values(k)).map(|s| s.to_string()).collect::<Vec<String>>();
    Facts {
        kind,
        names: all(&["name", "aliases", "previous_names"]),
        weak_names: all(&["weak_aliases"]),
        birth_dates: all(&["birth_date"]),
        countries: all(&["nationality", "jurisdiction", "flag", "country"]),
        gender: all(&["gender"]).into_iter().next(),
        identifiers: all(&["passport_numbers", "id_numbers", "imo_number"]),
    }
}

/// How [`Graph::matches`] looks for parties.
pub struct MatchOptions<'a> {
    pub limit: usize,
    pub min_score: f64,
    /// Only candidates it accepts (labels, another list, not the query's
    /// own node).
    pub filter: &'a dyn Fn(NodeId) -> bool,
}

/// A party that may be the one asked for.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub node: NodeId,
    pub score: f64,
    /// The candidate's name that the search found it by.
    pub matched: String,
    /// What made the score: `name`, `identifier`, `birth_date_mismatch`, …
    pub features: Vec<(&'static str, f64)>,
}

/// How many of a party's names are looked up, and how many candidates
/// each brings: a party with hundreds of aliases stays cheap.
const NAMES_LOOKED_UP: usize = 12;
const CANDIDATES_PER_NAME: usize = 20;

impl Graph {
    /// The parties most likely the same as `query`: candidates found by
    /// name in the index, then weighed with birth dates, countries, gender
    /// and identifiers ([`crate::names::match_score`]), best first.
    pub fn matches(&self, query: &Facts, options: &MatchOptions) -> Vec<Candidate> {
        let index = self.name_index();
        let search = crate::names::SearchOptions {
            limit: CANDIDATES_PER_NAME,
            min_score: 0.3,
            kind: Some(query.kind),
            filter: Some(options.filter),
            ..crate::names::SearchOptions::default()
        };
        let mut seen = std::collections::HashSet::new();
        let mut found = Vec::new();
        for name in query.names.iter().take(NAMES_LOOKED_UP) {
            for hit in index.search(name, &search) {
                if seen.insert(hit.owner) {
                    let (score, features) = crate::names::match_score(query, &self.facts(hit.owner));
                    if score >= options.min_score {
                        found.push(Candidate { node: hit.owner, score, matched: hit.matched, features });
                    }
                }
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        found.truncate(options.limit);
        found
    }
}
