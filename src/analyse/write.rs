//! Updating clauses (CREATE, MERGE, SET, REMOVE, DELETE) and CALL.

use std::sync::Arc;

use super::compile_error;
use super::expr::compile;
use super::pattern::{properties, resolve_parts};
use super::scope::{Scope, VarKind};
use crate::ast::{self, Direction, RemoveItem, SetItem};
use crate::error::Result;
use crate::plan::pattern::plan_match;
use crate::plan::{CreateItem, Expr, Merge, Op, Procedure, SetOp, Slot};

pub fn create(scope: &mut Scope, parts: &[ast::PatternPart]) -> Result<Op> {
    let mut items = Vec::new();
    for part in parts {
        items.extend(create_part(scope, part)?);
    }
    Ok(Op::Create(items))
}

fn create_part(scope: &mut Scope, part: &ast::PatternPart) -> Result<Vec<CreateItem>> {
    let element = &part.element;
    let single_node = element.chain.is_empty();
    let mut nodes = Vec::new();
    let mut node_slots = Vec::new();
    for np in std::iter::once(&element.start).chain(element.chain.iter().map(|(_, n)| n)) {
        let properties = properties(scope, np.properties.as_ref(), true)?;
        let existing = np.var.as_ref().and_then(|v| scope.get(&v.name).cloned());
        let slot = match (existing, &np.var) {
            (Some(var), Some(name)) => {
                if !np.labels.is_empty() || np.properties.is_some() || single_node {
                    return Err(compile_error(
                        "VariableAlreadyBound",
                        format!("Variable `{}` already declared", name.name),
                        name.span.start,
                    ));
                }
                if !matches!(var.kind, VarKind::Node | VarKind::Value) {
                    return Err(compile_error(
                        "VariableTypeConflict",
                        format!("Type mismatch: `{}` is not a node", name.name),
                        name.span.start,
                    ));
                }
                var.slot
            }
            (_, Some(name)) => {
                let slot = scope.declare(&name.name, VarKind::Node);
                nodes.push(CreateItem::Node { slot, labels: labels(&np.labels), properties, bound: false });
                slot
            }
            (_, None) => {
                let slot = scope.new_slot();
                nodes.push(CreateItem::Node { slot, labels: labels(&np.labels), properties, bound: false });
                slot
            }
        };
        node_slots.push(slot);
    }
    let mut rels = Vec::new();
    let mut rel_slots = Vec::new();
    for (i, (rp, _)) in element.chain.iter().enumerate() {
        let (slot, item) = create_rel(scope, rp, node_slots[i], node_slots[i + 1], false)?;
        rels.push(item);
        rel_slots.push(slot);
    }
    let mut items = nodes;
    items.extend(rels);
    if let Some(var) = &part.var {
        let slot = scope.declare_fresh(&var.name, VarKind::Path, var.span.start)?;
        items.push(CreateItem::Path { slot, nodes: node_slots, rels: rel_slots });
    }
    Ok(items)
}

/// A relationship to create between two node slots. MERGE may leave the
/// direction open (it then creates left to right).
fn create_rel(
    scope: &mut Scope,
    rp: &ast::RelPattern,
    left: Slot,
    right: Slot,
    merging: bool,
) -> Result<(Slot, CreateItem)> {
    let at = rp.span.start;
    if rp.types.len() != 1 {
        return Err(compile_error(
            "NoSingleRelationshipType",
            "A single relationship type must be specified for CREATE or MERGE",
            at,
        ));
    }
    if rp.range.is_some() {
        return Err(compile_error(
            "CreatingVarLength",
            "Variable length relationships cannot be used in CREATE or MERGE",
            at,
        ));
    }
    let (from, to) = match rp.direction {
        Direction::Right => (left, right),
        Direction::Left => (right, left),
        Direction::Both if merging => (left, right),
        Direction::Both => {
            return Err(compile_error(
                "RequiresDirectedRelationship",
                "Only directed relationships are supported in CREATE",
                at,
            ));
        }
    };
    let properties = properties(scope, rp.properties.as_ref(), true)?;
    let slot = match &rp.var {
        Some(var) if merging => {
            scope.get(&var.name).map(|v| v.slot).unwrap_or_else(|| scope.declare(&var.name, VarKind::Rel))
        }
        Some(var) => scope.declare_fresh(&var.name, VarKind::Rel, var.span.start)?,
        None => scope.new_slot(),
    };
    let rel_type = Arc::from(rp.types[0].as_str());
    Ok((slot, CreateItem::Rel { slot, from, to, rel_type, properties }))
}

fn labels(names: &[String]) -> Vec<Arc<str>> {
    names.iter().map(|l| Arc::from(l.as_str())).collect()
}

pub fn merge(
    scope: &mut Scope,
    part: &ast::PatternPart,
    on_create: &[SetItem],
    on_match: &[SetItem],
    at: usize,
) -> Result<Op> {
    let element = &part.element;
    if element.chain.is_empty()
        && let Some(var) = &element.start.var
        && scope.get(&var.name).is_some()
    {
        return Err(compile_error(
            "VariableAlreadyBound",
            format!("Variable `{}` already declared", var.name),
            var.span.start,
        ));
    }
    for (rp, _) in &element.chain {
        if rp.types.len() != 1 {
            return Err(compile_error(
                "NoSingleRelationshipType",
                "A single relationship type must be specified for MERGE",
                rp.span.start,
            ));
        }
        if rp.range.is_some() {
            return Err(compile_error(
                "CreatingVarLength",
                "Variable length relationships cannot be used in MERGE",
                rp.span.start,
            ));
        }
    }
    let bound = scope.bound_slots();
    let paths = resolve_parts(scope, std::slice::from_ref(part), false, ast::MatchMode::default())?;
    let Some(path) = paths.first().cloned() else {
        return Err(compile_error("InvalidMerge", "MERGE needs a pattern", at));
    };
    for (np, node) in std::iter::once(&element.start).chain(element.chain.iter().map(|(_, n)| n)).zip(&path.nodes) {
        let was_bound = bound.contains(&node.slot);
        if was_bound && (!np.labels.is_empty() || np.properties.is_some()) {
            let name = np.var.as_ref().map_or("", |v| v.name.as_str());
            return Err(compile_error(
                "VariableAlreadyBound",
                format!("Variable `{name}` already declared"),
                np.span.start,
            ));
        }
    }
    let mut create = Vec::new();
    let mut created_nodes: Vec<Slot> = Vec::new();
    for node in &path.nodes {
        if !bound.contains(&node.slot) && !created_nodes.contains(&node.slot) {
            create.push(CreateItem::Node {
                slot: node.slot,
                labels: node.check.labels.clone(),
                properties: node.check.properties.clone(),
                bound: false,
            });
            created_nodes.push(node.slot);
        }
    }
    for (i, rel) in path.rels.iter().enumerate() {
        let (left, right) = (path.nodes[i].slot, path.nodes[i + 1].slot);
        let (from, to) = match rel.dir {
            crate::store::Dir::Incoming => (right, left),
            _ => (left, right),
        };
        let rel_type = rel.types.first().cloned().unwrap_or_else(|| Arc::from(""));
        create.push(CreateItem::Rel { slot: rel.slot, from, to, rel_type, properties: rel.properties.clone() });
    }
    if let Some(slot) = path.path {
        create.push(CreateItem::Path {
            slot,
            nodes: path.nodes.iter().map(|n| n.slot).collect(),
            rels: path.rels.iter().map(|r| r.slot).collect(),
        });
    }
    let pattern = plan_match(&scope.stats, paths, &bound, Vec::new());
    let on_create = set_ops(scope, on_create)?;
    let on_match = set_ops(scope, on_match)?;
    Ok(Op::Merge(Box::new(Merge { pattern, create, on_create, on_match })))
}

pub fn set(scope: &mut Scope, items: &[SetItem]) -> Result<Op> {
    Ok(Op::Set(set_ops(scope, items)?))
}

fn set_ops(scope: &mut Scope, items: &[SetItem]) -> Result<Vec<SetOp>> {
    items
        .iter()
        .map(|item| {
            Ok(match item {
                SetItem::Property { target, key, value } => SetOp::Property {
                    target: compile(scope, target)?,
                    key: Arc::from(key.as_str()),
                    value: compile(scope, value)?,
                },
                SetItem::Replace { var, value } => {
                    SetOp::Replace { slot: slot_of(scope, var)?, value: compile(scope, value)? }
                }
                SetItem::Merge { var, value } => {
                    SetOp::Merge { slot: slot_of(scope, var)?, value: compile(scope, value)? }
                }
                SetItem::Labels { var, labels: names } => {
                    SetOp::AddLabels { slot: slot_of(scope, var)?, labels: labels(names) }
                }
            })
        })
        .collect()
}

pub fn remove(scope: &mut Scope, items: &[RemoveItem]) -> Result<Op> {
    let ops = items
        .iter()
        .map(|item| {
            Ok(match item {
                RemoveItem::Labels { var, labels: names } => {
                    SetOp::RemoveLabels { slot: slot_of(scope, var)?, labels: labels(names) }
                }
                RemoveItem::Property { target, key } => SetOp::Property {
                    target: compile(scope, target)?,
                    key: Arc::from(key.as_str()),
                    value: Expr::Const(crate::value::Value::Null),
                },
            })
        })
        .collect::<Result<_>>()?;
    Ok(Op::Set(ops))
}

fn slot_of(scope: &Scope, var: &ast::Ident) -> Result<Slot> {
    scope.get(&var.name).map(|v| v.slot).ok_or_else(|| {
        compile_error("UndefinedVariable", format!("Variable `{}` not defined", var.name), var.span.start)
    })
}

pub fn delete(scope: &mut Scope, detach: bool, exprs: &[ast::Expr]) -> Result<Op> {
    let mut compiled = Vec::new();
    for e in exprs {
        if matches!(e.kind, ast::ExprKind::HasLabels(..)) {
            return Err(compile_error(
                "InvalidDelete",
                "DELETE removes nodes and relationships; REMOVE takes labels away",
                e.span.start,
            ));
        }
        let invalid = matches!(
            e.kind,
            ast::ExprKind::Literal(_) | ast::ExprKind::Binary(..) | ast::ExprKind::Map(_) | ast::ExprKind::Unary(..)
        );
        if invalid {
            return Err(compile_error(
                "InvalidArgumentType",
                "DELETE takes nodes, relationships or paths",
                e.span.start,
            ));
        }
        compiled.push(compile(scope, e)?);
    }
    Ok(Op::Delete { detach, exprs: compiled })
}

/// `CALL proc(args) [YIELD …]`: the operator and the yielded columns.
pub fn call(scope: &mut Scope, call: &ast::Call, standalone: bool) -> Result<(Op, Vec<(String, Slot)>)> {
    let Some(procedure) = Procedure::lookup(&call.procedure) else {
        return Err(compile_error(
            "ProcedureNotFound",
            format!("There is no procedure with the name `{}`", call.procedure),
            call.span.start,
        ));
    };
    let args = call.args.as_deref().unwrap_or_default();
    let (least, most) = procedure.arity();
    if args.len() < least || args.len() > most {
        return Err(compile_error(
            "InvalidNumberOfArguments",
            format!("{} takes {least} to {most} arguments, not {}", call.procedure, args.len()),
            call.span.start,
        ));
    }
    let args = args.iter().map(|a| super::expr::compile(scope, a)).collect::<Result<Vec<_>>>()?;
    let outputs = procedure.outputs();
    let wanted: Vec<(usize, String)> = match &call.yields {
        None if standalone => outputs.iter().enumerate().map(|(i, o)| (i, o.to_string())).collect(),
        None => {
            return Err(compile_error(
                "MissingYield",
                "A procedure call inside a query must YIELD its outputs",
                call.span.start,
            ));
        }
        Some(items) if items.is_empty() => outputs.iter().enumerate().map(|(i, o)| (i, o.to_string())).collect(),
        Some(items) => {
            let mut wanted = Vec::new();
            for (field, alias) in items {
                let Some(i) = outputs.iter().position(|o| o == field) else {
                    return Err(compile_error(
                        "UndefinedVariable",
                        format!("Unknown procedure output: `{field}`"),
                        alias.span.start,
                    ));
                };
                wanted.push((i, alias.name.clone()));
            }
            wanted
        }
    };
    let mut yields = Vec::new();
    let mut columns = Vec::new();
    for (i, name) in wanted {
        let slot = scope.declare_fresh(&name, VarKind::Value, call.span.start)?;
        yields.push((i, slot));
        columns.push((name, slot));
    }
    let op = Op::Call { procedure, args, yields };
    Ok((op, columns))
}
