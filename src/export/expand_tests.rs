use std::sync::Arc;

use super::*;
use crate::database::{Database, Params};

/// p -DIRECTOR_OF-> c1 -OWNS-> c2 -OWNS-> v, c1 and c2 -REGISTERED_IN-> k,
/// q -ASSOCIATE_OF-> p.
fn db() -> Database {
    let mut db = Database::empty();
    let script = "CREATE (p:Person {name: 'p'})-[:DIRECTOR_OF]->(c1:Company {name: 'c1'})-[:OWNS]->\
                  (c2:Company {name: 'c2'})-[:OWNS]->(v:Vessel {name: 'v'}), \
                  (c2)-[:REGISTERED_IN]->(k:Country {name: 'k'}), (c1)-[:REGISTERED_IN]->(k), \
                  (:Person {name: 'q'})-[:ASSOCIATE_OF]->(p)";
    db.run_script(script, &Params::new()).unwrap();
    db
}

fn id(db: &Database, name: &str) -> NodeId {
    let key = db.graph().keys.get("name").unwrap();
    db.graph().node_ids().find(|n| db.graph().node_property(*n, key) == Some(Value::string(name))).unwrap()
}

fn config(pairs: &[(&str, Value)]) -> Result<ExpandConfig> {
    let map: Map = pairs.iter().map(|(k, v)| (Arc::from(*k), v.clone())).collect();
    ExpandConfig::from_value(&Value::Map(map))
}

/// The names of the nodes found from `start`, sorted, and the count of
/// relationships among them.
fn run(start: &str, pairs: &[(&str, Value)]) -> (Vec<String>, usize) {
    let db = db();
    let sub = expand(db.graph(), &[id(&db, start)], &config(pairs).unwrap()).unwrap();
    let key = db.graph().keys.get("name").unwrap();
    let mut names: Vec<String> = sub
        .nodes
        .iter()
        .filter_map(|n| match db.graph().node_property(*n, key) {
            Some(Value::String(s)) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    (names, sub.relationships.len())
}

fn s(text: &str) -> Value {
    Value::string(text)
}

#[test]
fn without_a_configuration_everything_reachable() {
    assert_eq!(run("v", &[]), (vec!["c1", "c2", "k", "p", "q", "v"].into_iter().map(String::from).collect(), 6));
}

#[test]
fn depth_limits_hops_and_all_relationships_among_the_nodes_come_along() {
    // c2-REGISTERED_IN->k was not followed, but joins two nodes found.
    let (names, rels) = run("c1", &[("maxLevel", Value::Int(1))]);
    assert_eq!((names, rels), (vec!["c1".into(), "c2".into(), "k".into(), "p".into()], 4));
    assert_eq!(run("c1", &[("maxDepth", Value::Int(1))]).0.len(), 4);
    assert_eq!(run("c1", &[("maxLevel", Value::Int(0))]).0, ["c1"]);
    assert_eq!(run("c1", &[("maxLevel", Value::Int(-1))]).0.len(), 6);
}

#[test]
fn relationship_filters_follow_types_and_directions() {
    assert_eq!(run("c1", &[("relationshipFilter", s("OWNS>"))]).0, ["c1", "c2", "v"]);
    assert_eq!(run("v", &[("relationshipFilter", s("<OWNS"))]).0, ["c1", "c2", "v"]);
    assert_eq!(run("c2", &[("relationshipFilter", s("OWNS"))]).0, ["c1", "c2", "v"]);
    assert_eq!(run("c1", &[("relationshipFilter", s("<DIRECTOR_OF|OWNS>"))]).0, ["c1", "c2", "p", "v"]);
    assert_eq!(run("c1", &[("relationshipFilter", s("DIRECTOR_OF>"))]).0, ["c1"]);
    assert_eq!(run("p", &[("relationshipFilter", s(">"))]).0, ["c1", "c2", "k", "p", "v"]);
    assert_eq!(run("p", &[("relationshipFilter", s("<"))]).0, ["p", "q"]);
    assert_eq!(run("p", &[("relationshipFilter", s("NO_SUCH_TYPE"))]).0, ["p"]);
}

#[test]
fn label_filters_deny_allow_stop_and_end() {
    assert_eq!(run("p", &[("labelFilter", s("-Country"))]).0, ["c1", "c2", "p", "q", "v"]);
    // The start node is not filtered unless asked.
    assert_eq!(run("p", &[("labelFilter", s("+Company"))]).0, ["c1", "c2", "p"]);
    assert_eq!(run("p", &[("labelFilter", s("Company"))]).0, ["c1", "c2", "p"]);
    assert_eq!(run("p", &[("labelFilter", s("/Company"))]).0, ["c1", "p"]);
    assert_eq!(run("p", &[("labelFilter", s(">Company"))]).0, ["c1", "c2", "p"]);
    assert_eq!(run("p", &[("labelFilter", s(">Vessel|-Country"))]).0, ["p", "v"]);
    assert_eq!(
        run("p", &[("labelFilter", s("-Person")), ("filterStartNode", Value::Bool(true))]).0,
        Vec::<String>::new()
    );
}

#[test]
fn limit_keeps_the_nearest_and_min_level_drops_the_start() {
    assert_eq!(run("c2", &[("limit", Value::Int(1))]).0, ["c2"]);
    let (names, _) = run("c2", &[("limit", Value::Int(3))]);
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"c2".to_string()) && !names.contains(&"q".to_string()), "{names:?}");
    assert_eq!(run("c1", &[("minLevel", Value::Int(1)), ("maxLevel", Value::Int(1))]).0, ["c2", "k", "p"]);
}

#[test]
fn several_start_nodes() {
    let db = db();
    let starts = [id(&db, "q"), id(&db, "v"), id(&db, "q")];
    let sub = expand(db.graph(), &starts, &config(&[("maxLevel", Value::Int(1))]).unwrap()).unwrap();
    assert_eq!(sub.nodes.len(), 4);
}

fn error(pairs: &[(&str, Value)]) -> String {
    config(pairs).err().map(|e| e.message).unwrap_or_default()
}

#[test]
fn bad_configurations_say_what_is_wrong() {
    let e = error(&[("maxDepht", Value::Int(1))]);
    assert!(e.starts_with("unknown subgraph option 'maxDepht' (did you mean maxDepth?)"), "{e}");
    assert_eq!(error(&[("maxLevel", s("two"))]), "subgraph option maxLevel must be an integer, not a String");
    assert_eq!(error(&[("maxLevel", Value::Int(-3))]), "subgraph option maxLevel must be -1 (no limit) or at least 0");
    assert_eq!(error(&[("minLevel", Value::Int(2))]), "subgraph option minLevel must be 0 or 1");
    assert!(error(&[("relationshipFilter", s("A>,B"))]).contains("sequences"));
    assert!(error(&[("relationshipFilter", s("<A>"))]).contains("'<A>' is not TYPE"));
    assert!(error(&[("labelFilter", s("+"))]).contains("'+' names no label"));
    assert!(error(&[("labelFilter", Value::Int(1))]).contains("must be a string"));
    let e = ExpandConfig::from_value(&Value::Int(2)).err().map(|e| e.message).unwrap_or_default();
    assert!(e.contains("must be a map"), "{e}");
    assert_eq!(ExpandConfig::from_value(&Value::Null).ok(), Some(ExpandConfig::default()));
    let db = db();
    let missing = expand(db.graph(), &[99], &ExpandConfig::default()).err().map(|e| e.kind);
    assert_eq!(missing, Some(crate::error::ErrorKind::EntityNotFound));
}

#[test]
fn filters_parse_into_entries() {
    let f = parse_relationship_filter(" OWNS> | <DIRECTOR_OF|ASSOCIATE_OF ").unwrap();
    assert_eq!(
        f,
        vec![
            RelFilter { rel_type: Some("OWNS".into()), dir: Dir::Outgoing },
            RelFilter { rel_type: Some("DIRECTOR_OF".into()), dir: Dir::Incoming },
            RelFilter { rel_type: Some("ASSOCIATE_OF".into()), dir: Dir::Both },
        ]
    );
    let l = parse_label_filter("+Country|-Vessel|/Stop|>End|Plain").unwrap();
    assert_eq!(l.allow, ["Country", "Plain"]);
    assert_eq!((l.deny, l.stop, l.end), (vec!["Vessel".into()], vec!["Stop".into()], vec!["End".into()]));
}

#[test]
fn start_values_are_nodes_or_lists_of_nodes() {
    assert_eq!(start_nodes(&Value::Node(3)).ok(), Some(vec![3]));
    let list = Value::List(vec![Value::Node(1), Value::Null, Value::Node(2)]);
    assert_eq!(start_nodes(&list).ok(), Some(vec![1, 2]));
    assert_eq!(start_nodes(&Value::Null).ok(), Some(vec![]));
    let e = start_nodes(&Value::List(vec![Value::Int(1)])).err().map(|e| e.message);
    assert_eq!(e.as_deref(), Some("subgraph start must be a node or a list of nodes, not an Integer"));
}
