//! The listings tools read the database's shape from: `SHOW PROCEDURES`,
//! `SHOW FUNCTIONS` and `db.schema.visualization()`.

use crate::plan::catalog::{FUNCTIONS, PROCEDURES, mode};
use crate::schema::Schema;
use crate::store::{Graph, INDEXED_KEYS};
use crate::value::{Map, Value};

/// One record per procedure, in `Procedure::outputs` order.
pub fn procedures() -> Vec<Vec<Value>> {
    PROCEDURES
        .iter()
        .map(|doc| {
            let (arguments, returns) = split_signature(doc.signature);
            vec![
                Value::string(doc.name),
                Value::string(doc.description),
                Value::string(mode(doc.procedure)),
                Value::Bool(false),
                Value::string(doc.signature),
                Value::string(&arguments),
                Value::string(&returns),
                Value::Bool(false),
                Value::Bool(false),
            ]
        })
        .collect()
}

/// One record per function, in `Procedure::outputs` order.
pub fn functions() -> Vec<Vec<Value>> {
    FUNCTIONS
        .iter()
        .map(|doc| {
            let (arguments, returns) = split_signature(doc.signature);
            vec![
                Value::string(doc.name),
                Value::string(doc.category),
                Value::string(doc.description),
                Value::string(doc.signature),
                Value::Bool(true),
                Value::string(&arguments),
                Value::string(&returns),
                Value::Bool(doc.aggregating),
                Value::Bool(false),
            ]
        })
        .collect()
}

/// `name(a :: A, b :: B) :: R`: the argument list and the result.
fn split_signature(signature: &str) -> (String, String) {
    let open = signature.find('(').unwrap_or(signature.len());
    let close = signature.rfind(')').unwrap_or(signature.len());
    let arguments = signature.get(open + 1..close).unwrap_or_default().to_string();
    let returns = signature.get(close + 1..).unwrap_or_default().trim().trim_start_matches("::").trim().to_string();
    (arguments, returns)
}

/// `nodes`: one map per label (`name`, the `indexes` its nodes are found
/// by, `constraints`); `relationships`: one per `(:A)-[:T]->(:B)` seen,
/// as `name`, `start`, `end`. Neo4j returns virtual nodes and
/// relationships; embargo has no virtual entities, so it returns maps of
/// the same facts.
pub fn schema_visualization(graph: &Graph) -> Vec<Vec<Value>> {
    let schema = Schema::of(graph);
    let text_list = |items: Vec<String>| Value::List(items.iter().map(|i| Value::string(i)).collect());
    let nodes = schema
        .labels
        .keys()
        .map(|label| {
            let keys = schema.label_keys.get(label);
            let indexed = INDEXED_KEYS.iter().filter(|k| keys.is_some_and(|ks| ks.contains_key(**k)));
            let mut entry = Map::new();
            entry.insert("name".into(), Value::string(label));
            entry.insert("indexes".into(), text_list(indexed.map(|k| k.to_string()).collect()));
            entry.insert("constraints".into(), Value::List(Vec::new()));
            Value::Map(entry)
        })
        .collect();
    let relationships = schema
        .connections
        .keys()
        .filter(|(start, _, end)| !start.is_empty() && !end.is_empty())
        .map(|(start, rel_type, end)| {
            let mut entry = Map::new();
            entry.insert("name".into(), Value::string(rel_type));
            entry.insert("start".into(), Value::string(start));
            entry.insert("end".into(), Value::string(end));
            Value::Map(entry)
        })
        .collect();
    vec![vec![Value::List(nodes), Value::List(relationships)]]
}
