//! A neighbourhood as APOC's `apoc.path.subgraphAll` finds it: the distinct
//! nodes reachable from the start nodes under the filters, and **all**
//! relationships among them (not only those followed).
//!
//! The configuration is a Cypher map in APOC's syntax, so that a Neo4j
//! user's `{maxLevel: 2, relationshipFilter: 'OWNS>|<DIRECTOR_OF',
//! labelFilter: '-Country'}` means the same in embargo:
//!
//! | key | meaning |
//! | --- | --- |
//! | `maxLevel` (alias `maxDepth`) | the most hops from a start node; absent or -1: no limit |
//! | `minLevel` | 0 (default) includes the start nodes, 1 leaves them out |
//! | `relationshipFilter` | `|`-separated `TYPE` (either way), `TYPE>` (outgoing), `<TYPE` (incoming), or a bare `>` / `<` for any type that way |
//! | `labelFilter` | `|`-separated `+L` allow (also a bare `L`), `-L` deny, `/L` stop: include and go no further, `>L` end: include and go on |
//! | `limit` | the most nodes returned, nearest first |
//! | `filterStartNode` | apply the label filter to the start nodes too (default false) |
//! | `bfs` | accepted for compatibility; the search is always breadth-first |
//!
//! A denied node is neither included nor passed through. With allow
//! entries, only nodes with an allowed (or stop, or end) label are. With
//! stop or end entries, the result holds the start nodes and the nodes
//! that carry a stop or end label, as APOC returns only paths ending at
//! such nodes.

use std::collections::{BTreeSet, HashSet, VecDeque};

use super::subgraph::Subgraph;
use crate::error::{Error, Result};
use crate::store::{Dir, Graph};
use crate::value::{Map, NodeId, Value};

/// A parsed `subgraphAll` configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpandConfig {
    /// The most hops; `None` for no limit.
    pub max_level: Option<u64>,
    /// Leave the start nodes out (`minLevel: 1`).
    pub exclude_start: bool,
    /// Which relationships to follow; empty: all, both ways.
    pub relationships: Vec<RelFilter>,
    pub labels: LabelFilter,
    /// The most nodes returned.
    pub limit: Option<usize>,
    pub filter_start_node: bool,
}

/// One `relationshipFilter` entry: a type (or any) and a direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelFilter {
    /// `None` for any type.
    pub rel_type: Option<String>,
    pub dir: Dir,
}

/// The four kinds of `labelFilter` entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelFilter {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    pub stop: Vec<String>,
    pub end: Vec<String>,
}

const KEYS: &[&str] =
    &["maxLevel", "maxDepth", "minLevel", "relationshipFilter", "labelFilter", "limit", "filterStartNode", "bfs"];

impl ExpandConfig {
    /// Parses a configuration map value (null is the default configuration).
    pub fn from_value(value: &Value) -> Result<ExpandConfig> {
        match value {
            Value::Null => Ok(ExpandConfig::default()),
            Value::Map(map) => ExpandConfig::from_map(map),
            other => Err(Error::argument(format!(
                "the subgraph configuration must be a map such as {{maxLevel: 2}}, not {}",
                a(other.type_name())
            ))),
        }
    }

    pub fn from_map(map: &Map) -> Result<ExpandConfig> {
        let mut config = ExpandConfig::default();
        for (key, value) in map {
            if value.is_null() {
                continue;
            }
            match &**key {
                "maxLevel" | "maxDepth" => {
                    config.max_level = match integer(key, value)? {
                        -1 => None,
                        n => Some(u64::try_from(n).map_err(|_| bad(key, "must be -1 (no limit) or at least 0"))?),
                    }
                }
                "minLevel" => match integer(key, value)? {
                    0 => config.exclude_start = false,
                    1 => config.exclude_start = true,
                    _ => return Err(bad(key, "must be 0 or 1")),
                },
                "limit" => {
                    config.limit = match integer(key, value)? {
                        -1 => None,
                        n => Some(usize::try_from(n).map_err(|_| bad(key, "must be -1 (no limit) or at least 0"))?),
                    }
                }
                "relationshipFilter" => config.relationships = parse_relationship_filter(&string(key, value)?)?,
                "labelFilter" => config.labels = parse_label_filter(&string(key, value)?)?,
                "filterStartNode" => config.filter_start_node = boolean(key, value)?,
                "bfs" => {
                    boolean(key, value)?;
                }
                other => return Err(unknown_key(other)),
            }
        }
        Ok(config)
    }
}

/// Parses APOC's `relationshipFilter`, e.g. `'OWNS>|<DIRECTOR_OF|ASSOCIATE_OF'`.
pub fn parse_relationship_filter(text: &str) -> Result<Vec<RelFilter>> {
    if text.contains(',') {
        return Err(Error::argument(
            "relationshipFilter: sequences (entries separated by ',') are not supported; separate types with '|'",
        ));
    }
    let mut filters = Vec::new();
    for entry in text.split('|').map(str::trim).filter(|e| !e.is_empty()) {
        let (body, dir) = if let Some(t) = entry.strip_prefix('<') {
            (t, Dir::Incoming)
        } else if let Some(t) = entry.strip_suffix('>') {
            (t, Dir::Outgoing)
        } else {
            (entry, Dir::Both)
        };
        let body = body.trim();
        if body.contains(['<', '>']) {
            return Err(Error::argument(format!("relationshipFilter: '{entry}' is not TYPE, TYPE>, <TYPE, > or <")));
        }
        let rel_type = (!body.is_empty()).then(|| body.to_string());
        filters.push(RelFilter { rel_type, dir });
    }
    Ok(filters)
}

/// Parses APOC's `labelFilter`, e.g. `'+Company|-Vessel|/Country|>Person'`.
pub fn parse_label_filter(text: &str) -> Result<LabelFilter> {
    if text.contains(',') {
        return Err(Error::argument(
            "labelFilter: sequences (entries separated by ',') are not supported; separate labels with '|'",
        ));
    }
    let mut filter = LabelFilter::default();
    for entry in text.split('|').map(str::trim).filter(|e| !e.is_empty()) {
        let (list, name) = match entry.chars().next() {
            Some('+') => (&mut filter.allow, &entry[1..]),
            Some('-') => (&mut filter.deny, &entry[1..]),
            Some('/') => (&mut filter.stop, &entry[1..]),
            Some('>') => (&mut filter.end, &entry[1..]),
            _ => (&mut filter.allow, entry),
        };
        let name = name.trim();
        if name.is_empty() || name.starts_with(['+', '-', '/', '>']) {
            return Err(Error::argument(format!("labelFilter: '{entry}' names no label (use +L, -L, /L or >L)")));
        }
        list.push(name.to_string());
    }
    Ok(filter)
}

/// What the label filter says of one node.
#[derive(PartialEq)]
enum Verdict {
    Exclude,
    /// Include and expand past it (`stop` false) or not.
    Include {
        stop: bool,
        result: bool,
    },
}

impl LabelFilter {
    fn judge(&self, graph: &Graph, node: NodeId) -> Verdict {
        let labels = graph.node_labels(node);
        let has = |names: &[String]| labels.iter().any(|l| names.iter().any(|n| **n == **l));
        if has(&self.deny) {
            return Verdict::Exclude;
        }
        let (stop, end) = (has(&self.stop), has(&self.end));
        if !self.allow.is_empty() && !has(&self.allow) && !stop && !end {
            return Verdict::Exclude;
        }
        let targeted = !self.stop.is_empty() || !self.end.is_empty();
        Verdict::Include { stop, result: !targeted || stop || end }
    }
}

/// The neighbourhood of `starts` under `config`: breadth-first, each node
/// visited once, then all relationships among the nodes found.
pub fn expand(graph: &Graph, starts: &[NodeId], config: &ExpandConfig) -> Result<Subgraph> {
    if let Some(missing) = starts.iter().find(|id| !graph.contains_node(**id)) {
        return Err(Error::entity_not_found(format!("subgraph start node {missing} does not exist")));
    }
    let mut seen: HashSet<NodeId> = HashSet::new();
    let mut found: Vec<NodeId> = Vec::new();
    let mut queue = VecDeque::new();
    let full = |found: &Vec<NodeId>| config.limit.is_some_and(|l| found.len() >= l);
    for &start in starts {
        if !seen.insert(start) {
            continue;
        }
        let verdict = if config.filter_start_node {
            config.labels.judge(graph, start)
        } else {
            Verdict::Include { stop: false, result: true }
        };
        if let Verdict::Include { stop, .. } = verdict {
            if !config.exclude_start && !full(&found) {
                found.push(start);
            }
            if !stop {
                queue.push_back((start, 0u64));
            }
        }
    }
    while let Some((node, level)) = queue.pop_front() {
        if config.max_level.is_some_and(|max| level >= max) {
            continue;
        }
        let mut next: Vec<(u64, NodeId)> = neighbours(graph, node, &config.relationships);
        next.sort_unstable();
        for (_, other) in next {
            if full(&found) {
                break;
            }
            if !seen.insert(other) {
                continue;
            }
            if let Verdict::Include { stop, result } = config.labels.judge(graph, other) {
                if result {
                    found.push(other);
                }
                if !stop {
                    queue.push_back((other, level + 1));
                }
            }
        }
    }
    let nodes: BTreeSet<NodeId> = found.into_iter().collect();
    Ok(Subgraph::from_ids(graph, nodes, [], true))
}

/// The start nodes of `CALL embargo.subgraph(start, …)`: a node, a list of
/// nodes (nulls skipped), or null (none).
pub fn start_nodes(value: &Value) -> Result<Vec<NodeId>> {
    match value {
        Value::Null => Ok(vec![]),
        Value::Node(id) => Ok(vec![*id]),
        Value::List(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::Node(id) => Ok(*id),
                other => Err(not_a_node(other)),
            })
            .collect(),
        other => Err(not_a_node(other)),
    }
}

fn not_a_node(v: &Value) -> Error {
    Error::type_error(format!("subgraph start must be a node or a list of nodes, not {}", a(v.type_name())))
}

/// (relationship id, other end) of the relationships the filter follows.
fn neighbours(graph: &Graph, node: NodeId, filters: &[RelFilter]) -> Vec<(u64, NodeId)> {
    let edges = graph.edges(node, Dir::Both);
    if filters.is_empty() {
        return edges.map(|e| (e.rel, e.other)).collect();
    }
    edges
        .filter(|e| {
            let outgoing = e.start == node;
            let incoming = e.end == node;
            filters.iter().any(|f| {
                let type_ok = f.rel_type.as_deref().is_none_or(|t| graph.types.get(t) == Some(e.rel_type));
                let dir_ok = match f.dir {
                    Dir::Both => true,
                    Dir::Outgoing => outgoing,
                    Dir::Incoming => incoming,
                };
                type_ok && dir_ok
            })
        })
        .map(|e| (e.rel, e.other))
        .collect()
}

fn integer(key: &str, value: &Value) -> Result<i64> {
    match value {
        Value::Int(n) => Ok(*n),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(*f as i64),
        other => Err(bad(key, &format!("must be an integer, not {}", a(other.type_name())))),
    }
}

fn string(key: &str, value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.to_string()),
        other => Err(bad(key, &format!("must be a string, not {}", a(other.type_name())))),
    }
}

fn boolean(key: &str, value: &Value) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(bad(key, &format!("must be a boolean, not {}", a(other.type_name())))),
    }
}

/// "a String", "an Integer".
fn a(type_name: &str) -> String {
    let article = if type_name.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    format!("{article} {type_name}")
}

fn bad(key: &str, why: &str) -> Error {
    Error::argument(format!("subgraph option {key} {why}"))
}

fn unknown_key(key: &str) -> Error {
    let nearest = KEYS.iter().min_by_key(|k| strsim::levenshtein(&k.to_lowercase(), &key.to_lowercase()));
    let hint = nearest
        .filter(|k| strsim::levenshtein(&k.to_lowercase(), &key.to_lowercase()) <= 3)
        .map(|k| format!(" (did you mean {k}?)"))
        .unwrap_or_default();
    Error::argument(format!("unknown subgraph option '{key}'{hint}; the options are {}", KEYS.join(", ")))
}

#[cfg(test)]
#[path = "expand_tests.rs"]
mod tests;
