//! `db.index.fulltext.queryNodes` and `…queryRelationships`, as in Neo4j:
//! a full-text index searched with a Lucene query, best first.

use crate::error::{Error, Result};
use crate::schema::definition::Entity;
use crate::store::Graph;
use crate::value::Value;

/// `CALL db.index.fulltext.queryNodes(index, query [, {skip, limit}]) YIELD node, score`
/// (and the relationship form, which yields `relationship`).
pub fn query(graph: &Graph, args: &[Value], entity: Entity) -> Result<Vec<Vec<Value>>> {
    let procedure = procedure_for(entity);
    let bad = |what: String| Error::argument(format!("{procedure}: {what}"));
    let name = match args.first() {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(bad(format!("the index name must be a string, not {}", other.type_name()))),
        None => return Err(bad("no index name".into())),
    };
    let text = match args.get(1) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Ok(Vec::new()),
        Some(other) => return Err(bad(format!("the query must be a string, not {}", other.type_name()))),
    };
    let (skip, limit) = window(args.get(2)).map_err(bad)?;
    let query = crate::fulltext::parse(&text).map_err(|e| bad(format!("cannot parse '{text}': {e}")))?;
    let Some((indexed, hits)) = graph.fulltext_search(&name, &query) else {
        return Err(Error::semantic(format!("There is no such fulltext schema index: {name}")));
    };
    if indexed != entity {
        let (holds, other) = (indexed.name().to_lowercase(), procedure_for(indexed));
        return Err(bad(format!("the index '{name}' holds {holds}s: query it with {other}")));
    }
    let element = |id: u64| match entity {
        Entity::Node => Value::Node(id),
        Entity::Relationship => Value::Relationship(id),
    };
    Ok(hits.into_iter().skip(skip).take(limit).map(|(id, score)| vec![element(id), Value::Float(score)]).collect())
}

/// The procedure that queries indexes of nodes or of relationships.
fn procedure_for(entity: Entity) -> &'static str {
    match entity {
        Entity::Node => "db.index.fulltext.queryNodes",
        Entity::Relationship => "db.index.fulltext.queryRelationships",
    }
}

/// The `{skip, limit}` of the options map.
fn window(options: Option<&Value>) -> std::result::Result<(usize, usize), String> {
    let mut window = (0, usize::MAX);
    let map = match options {
        None | Some(Value::Null) => return Ok(window),
        Some(Value::Map(map)) => map,
        Some(other) => return Err(format!("the options must be a map, not {}", other.type_name())),
    };
    for (key, value) in map {
        let slot = match &**key {
            "skip" => &mut window.0,
            "limit" => &mut window.1,
            // One analyser folds every index's words (see README).
            "analyzer" => return Err("embargo's full-text indexes have one analyser; leave out 'analyzer'".into()),
            _ => return Err(format!("unknown option '{key}' (skip, limit)")),
        };
        *slot = match value {
            Value::Null => continue,
            Value::Int(n) if *n >= 0 => usize::try_from(*n).unwrap_or(usize::MAX),
            _ => return Err(format!("{key} must be an integer of 0 or more")),
        };
    }
    Ok(window)
}
