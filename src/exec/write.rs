//! The updating operators: CREATE, MERGE, SET/REMOVE and DELETE. Every
//! change goes through the store's undo log, so a failure later in the
//! statement rolls it all back.

use std::sync::Arc;

use super::{Ctx, Row, eval, matcher};
use crate::analyse::PROPERTY_MAP_KEY;
use crate::error::{Error, Result};
use crate::plan::{CreateItem, Expr, Merge, SetOp};
use crate::result::{NodeData, RelData};
use crate::store::{Dir, Symbol};
use crate::value::{Map, NodeId, RelId, Value};

pub fn create(items: &[CreateItem], mut rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    for row in &mut rows {
        ctx.tick()?;
        create_items(items, row, ctx, false)?;
    }
    Ok(rows)
}

fn create_items(items: &[CreateItem], row: &mut Row, ctx: &mut Ctx<'_>, merging: bool) -> Result<()> {
    for item in items {
        match item {
            CreateItem::Node { slot, labels, properties, .. } => {
                let props = evaluate_properties(properties, row, ctx, merging)?;
                let graph = ctx.graph.write()?;
                let symbols: Vec<Symbol> = labels.iter().map(|l| graph.labels.intern(l)).collect();
                let id = graph.create_node(&symbols, props.clone());
                ctx.stats.nodes_created += 1;
                ctx.stats.labels_added += ctx.graph.label_symbols(id).len() as u64;
                ctx.stats.properties_set += props.iter().filter(|(_, v)| !v.is_null()).count() as u64;
                row[*slot] = Value::Node(id);
            }
            CreateItem::Rel { slot, from, to, rel_type, properties } => {
                let (start, end) = match (&row[*from], &row[*to]) {
                    (Value::Node(a), Value::Node(b)) => (*a, *b),
                    _ => {
                        return Err(Error::semantic(
                            "Failed to create relationship: an end node is null or not a node",
                        ));
                    }
                };
                let props = evaluate_properties(properties, row, ctx, merging)?;
                let graph = ctx.graph.write()?;
                let t = graph.types.intern(rel_type);
                let count = props.iter().filter(|(_, v)| !v.is_null()).count() as u64;
                let id = graph
                    .create_rel(start, end, t, props)
                    .ok_or_else(|| Error::entity_not_found("Failed to create relationship: an end node was deleted"))?;
                ctx.stats.relationships_created += 1;
                ctx.stats.properties_set += count;
                row[*slot] = Value::Relationship(id);
            }
            CreateItem::Path { slot, nodes, rels } => {
                row[*slot] = matcher::build_path(&ctx.graph, row, nodes, rels).map_or(Value::Null, Value::path);
            }
        }
    }
    Ok(())
}

fn evaluate_properties(
    properties: &[(Arc<str>, Expr)],
    row: &Row,
    ctx: &mut Ctx<'_>,
    merging: bool,
) -> Result<Vec<(Symbol, Value)>> {
    let mut out = Vec::with_capacity(properties.len());
    for (key, expr) in properties {
        let value = eval(expr, row, ctx)?;
        if key.as_ref() == PROPERTY_MAP_KEY {
            match value {
                Value::Map(m) => {
                    for (k, v) in m {
                        check_property_value(&v)?;
                        out.push((ctx.graph.write()?.keys.intern(&k), v));
                    }
                }
                Value::Null => {}
                other => {
                    return Err(Error::type_error(format!("Expected a map of properties, got {}", other.type_name())));
                }
            }
            continue;
        }
        if merging && value.is_null() {
            return Err(Error::semantic(format!(
                "Cannot merge the following node because of null property value for '{key}'"
            )));
        }
        check_property_value(&value)?;
        out.push((ctx.graph.write()?.keys.intern(key), value));
    }
    Ok(out)
}

/// Property values are scalars, dates, or lists of those.
fn check_property_value(v: &Value) -> Result<()> {
    let scalar = |v: &Value| {
        matches!(
            v,
            Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Date(_) | Value::Temporal(_)
        )
    };
    match v {
        Value::Null => Ok(()),
        Value::List(items) if items.iter().all(scalar) => Ok(()),
        v if scalar(v) => Ok(()),
        other => Err(Error::type_error(format!(
            "Property values can only be of primitive types or lists of them, not {} (InvalidPropertyType)",
            other.type_name()
        ))),
    }
}

pub fn merge(m: &Merge, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for row in rows {
        let mut found = Vec::new();
        matcher::run_read(&m.pattern, &mut row.clone(), ctx, &mut |r| {
            found.push(r.clone());
            Ok(true)
        })?;
        if found.is_empty() {
            let mut created = row;
            create_items(&m.create, &mut created, ctx, true)?;
            apply_sets(&m.on_create, &created, ctx)?;
            out.push(created);
        } else {
            for r in found {
                apply_sets(&m.on_match, &r, ctx)?;
                out.push(r);
            }
        }
    }
    Ok(out)
}

pub fn set(ops: &[SetOp], rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    for row in &rows {
        ctx.tick()?;
        apply_sets(ops, row, ctx)?;
    }
    Ok(rows)
}

fn apply_sets(ops: &[SetOp], row: &Row, ctx: &mut Ctx<'_>) -> Result<()> {
    for op in ops {
        match op {
            SetOp::Property { target, key, value } => {
                let target = eval(target, row, ctx)?;
                let value = eval(value, row, ctx)?;
                set_property(&target, key, value, ctx)?;
            }
            SetOp::Replace { slot, value } => {
                let target = row[*slot].clone();
                let map = properties_of(eval(value, row, ctx)?, ctx)?;
                if target.is_null() {
                    continue;
                }
                let existing: Vec<Arc<str>> = match &target {
                    Value::Node(id) => ctx.graph.node_properties(*id).into_keys().collect(),
                    Value::Relationship(id) => ctx.graph.rel_properties(*id).into_keys().collect(),
                    other => return Err(Error::type_error(format!("Cannot set properties on {}", other.type_name()))),
                };
                for key in existing {
                    if !map.contains_key(&key) {
                        set_property(&target, &key, Value::Null, ctx)?;
                    }
                }
                for (k, v) in map {
                    set_property(&target, &k, v, ctx)?;
                }
            }
            SetOp::Merge { slot, value } => {
                let target = row[*slot].clone();
                let map = properties_of(eval(value, row, ctx)?, ctx)?;
                if target.is_null() {
                    continue;
                }
                for (k, v) in map {
                    set_property(&target, &k, v, ctx)?;
                }
            }
            SetOp::AddLabels { slot, labels } | SetOp::RemoveLabels { slot, labels } => {
                let adding = matches!(op, SetOp::AddLabels { .. });
                let id = match &row[*slot] {
                    Value::Node(id) => *id,
                    Value::Null => continue,
                    other => {
                        return Err(Error::type_error(format!(
                            "Labels can only be changed on nodes, not {}",
                            other.type_name()
                        )));
                    }
                };
                for label in labels {
                    let graph = ctx.graph.write()?;
                    let symbol = graph.labels.intern(label);
                    if adding && graph.add_label(id, symbol) {
                        ctx.stats.labels_added += 1;
                    } else if !adding && graph.remove_label(id, symbol) {
                        ctx.stats.labels_removed += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The properties a `SET x = …` or `SET x += …` value stands for.
fn properties_of(value: Value, ctx: &Ctx<'_>) -> Result<Map> {
    match value {
        Value::Map(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        Value::Node(id) => Ok(ctx.graph.node_properties(id)),
        Value::Relationship(id) => Ok(ctx.graph.rel_properties(id)),
        other => Err(Error::type_error(format!("Expected a map of properties, got {}", other.type_name()))),
    }
}

fn set_property(target: &Value, key: &str, value: Value, ctx: &mut Ctx<'_>) -> Result<()> {
    check_property_value(&value)?;
    let graph = ctx.graph.write()?;
    let k = graph.keys.intern(key);
    let changed = match target {
        Value::Null => return Ok(()),
        Value::Node(id) => {
            if !graph.contains_node(*id) {
                return Err(Error::entity_not_found("Cannot set a property on a deleted node (DeletedEntityAccess)"));
            }
            graph.set_node_property(*id, k, value)
        }
        Value::Relationship(id) => {
            if !graph.contains_rel(*id) {
                return Err(Error::entity_not_found(
                    "Cannot set a property on a deleted relationship (DeletedEntityAccess)",
                ));
            }
            graph.set_rel_property(*id, k, value)
        }
        other => {
            return Err(Error::type_error(format!(
                "Cannot set a property on {} (InvalidArgumentType)",
                other.type_name()
            )));
        }
    };
    if changed {
        ctx.stats.properties_set += 1;
    }
    Ok(())
}

pub fn delete(detach: bool, exprs: &[Expr], rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    for row in &rows {
        ctx.tick()?;
        for e in exprs {
            let value = eval(e, row, ctx)?;
            delete_value(value, detach, ctx)?;
        }
    }
    Ok(rows)
}

fn delete_value(value: Value, detach: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    match value {
        Value::Null => Ok(()),
        Value::Node(id) => delete_node(id, detach, ctx),
        Value::Relationship(id) => delete_rel(id, ctx),
        Value::Path(p) => {
            for r in p.rels {
                delete_rel(r, ctx)?;
            }
            for n in p.nodes {
                delete_node(n, detach, ctx)?;
            }
            Ok(())
        }
        Value::List(items) => items.into_iter().try_for_each(|v| delete_value(v, detach, ctx)),
        other => Err(Error::type_error(format!(
            "DELETE takes nodes, relationships or paths, not {} (InvalidArgumentType)",
            other.type_name()
        ))),
    }
}

fn delete_node(id: NodeId, detach: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    if !ctx.graph.contains_node(id) {
        return Ok(());
    }
    if detach {
        let rels: Vec<RelId> = ctx.graph.edges(id, Dir::Both).map(|e| e.rel).collect();
        for r in rels {
            delete_rel(r, ctx)?;
        }
    }
    remember_node(id, ctx);
    if ctx.graph.write()?.delete_node(id) {
        ctx.stats.nodes_deleted += 1;
        ctx.pending_deletes.remove(&id);
    } else {
        // Its relationships may still go later in this statement.
        ctx.pending_deletes.insert(id);
    }
    Ok(())
}

fn remember_node(id: NodeId, ctx: &mut Ctx<'_>) {
    if ctx.graph.contains_node(id) {
        let data = NodeData { labels: ctx.graph.node_labels(id), properties: ctx.graph.node_properties(id) };
        ctx.deleted.nodes.insert(id, data);
    }
}

fn delete_rel(id: RelId, ctx: &mut Ctx<'_>) -> Result<()> {
    let (Some(rel_type), Some((start, end))) = (ctx.graph.rel_type_name(id), ctx.graph.rel_ends(id)) else {
        return Ok(());
    };
    let data = RelData { rel_type, start, end, properties: ctx.graph.rel_properties(id) };
    ctx.deleted.rels.insert(id, data);
    if ctx.graph.write()?.delete_rel(id) {
        ctx.stats.relationships_deleted += 1;
    }
    Ok(())
}

/// Deletes the nodes whose DELETE waited for their relationships to go; a
/// node that still has some makes the statement fail.
pub fn finish_deletes(ctx: &mut Ctx<'_>) -> Result<()> {
    let pending: Vec<NodeId> = ctx.pending_deletes.drain().collect();
    for id in pending {
        if !ctx.graph.contains_node(id) {
            continue;
        }
        if ctx.graph.write()?.delete_node(id) {
            ctx.stats.nodes_deleted += 1;
        } else {
            return Err(Error::constraint(format!(
                "Cannot delete node<{id}>, because it still has relationships. To delete this node, you must first delete its relationships (DeleteConnectedNode)"
            )));
        }
    }
    Ok(())
}
