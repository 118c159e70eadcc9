//! `embargo.search` and `embargo.match`: finding parties by any spelling
//! of their names, and by everything known of them.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::names::{Kind, SearchOptions};
use crate::store::Graph;
use crate::store::names::{MatchOptions, facts_from, strings};
use crate::value::{Map, NodeId, Value};

/// The options both procedures take: `{labels: [...], limit: 10, min_score: 0.7}`.
struct Options {
    labels: Vec<Arc<str>>,
    limit: usize,
    min_score: f64,
}

fn options(value: Option<&Value>, procedure: &str) -> Result<Options> {
    let mut options = Options { labels: Vec::new(), limit: 10, min_score: 0.5 };
    let bad = |what: &str| Error::argument(format!("{procedure}: {what}"));
    let map = match value {
        None | Some(Value::Null) => return Ok(options),
        Some(Value::Map(map)) => map,
        Some(other) => return Err(bad(&format!("the options must be a map, not {}", other.type_name()))),
    };
    for (key, value) in map {
        match (&**key, value) {
            (_, Value::Null) => {}
            ("labels", Value::List(_)) | ("labels", Value::String(_)) => options.labels = strings(Some(value)),
            ("limit", Value::Int(n)) if *n >= 0 => options.limit = usize::try_from(*n).unwrap_or(usize::MAX),
            ("min_score", Value::Int(n)) => options.min_score = *n as f64,
            ("min_score", Value::Float(f)) if f.is_finite() => options.min_score = *f,
            ("labels", other) => {
                return Err(bad(&format!("labels must be a list of strings, not {}", other.type_name())));
            }
            ("limit", other) => {
                let given = if let Value::Int(n) = other { n.to_string() } else { other.type_name().to_string() };
                return Err(bad(&format!("limit must be an integer of 0 or more, not {given}")));
            }
            ("min_score", other) => return Err(bad(&format!("min_score must be a number, not {}", other.type_name()))),
            _ => return Err(bad(&format!("unknown option '{key}' (labels, limit, min_score)"))),
        }
    }
    Ok(options)
}

/// Whether a node carries one of `labels` (any node when there are none).
fn labelled<'g>(graph: &'g Graph, labels: &[Arc<str>]) -> impl Fn(NodeId) -> bool + 'g {
    let symbols: Vec<_> = labels.iter().map(|l| graph.labels.get(l)).collect();
    let any = labels.is_empty();
    move |id| any || symbols.iter().flatten().any(|l| graph.has_label(id, *l))
}

/// `CALL embargo.search(text [, options]) YIELD node, score, matched`.
pub fn search(graph: &Graph, args: &[Value]) -> Result<Vec<Vec<Value>>> {
    let text = match args.first() {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Ok(Vec::new()),
        Some(other) => {
            return Err(Error::argument(format!(
                "embargo.search: the text must be a string, not {}",
                other.type_name()
            )));
        }
    };
    let options = options(args.get(1), "embargo.search")?;
    let filter = labelled(graph, &options.labels);
    let search = SearchOptions {
        limit: options.limit,
        min_score: options.min_score,
        filter: Some(&filter),
        ..SearchOptions::default()
    };
    let hits = graph.name_index().search(&text, &search);
    Ok(hits.into_iter().map(|h| vec![Value::Node(h.owner), Value::Float(h.score), Value::string(&h.matched)]).collect())
}

/// `CALL embargo.match(entity [, options]) YIELD candidate, score, features`.
pub fn match_entity(graph: &Graph, args: &[Value]) -> Result<Vec<Vec<Value>>> {
    let (query, own) = match args.first() {
        Some(Value::Node(id)) if graph.contains_node(*id) => (graph.facts(*id), Some(*id)),
        Some(Value::Map(map)) => {
            let kind = Kind::from_labels(&strings(map.get("schema")));
            (facts_from(kind, |key| strings(map.get(key))), None)
        }
        Some(Value::Null) | None => return Ok(Vec::new()),
        Some(other) => {
            return Err(Error::argument(format!(
                "embargo.match: the entity must be a node or a map such as {{schema: 'Person', name: '…'}}, not {}",
                other.type_name()
            )));
        }
    };
    let options = options(args.get(1), "embargo.match")?;
    let labelled = labelled(graph, &options.labels);
    let filter = |id| Some(id) != own && labelled(id);
    let found =
        graph.matches(&query, &MatchOptions { limit: options.limit, min_score: options.min_score, filter: &filter });
    Ok(found
        .into_iter()
        .map(|c| {
            let features: Map = c.features.iter().map(|(k, v)| (Arc::from(*k), Value::Float(*v))).collect();
            vec![Value::Node(c.node), Value::Float(c.score), Value::Map(features)]
        })
        .collect())
}
