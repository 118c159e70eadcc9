//! Patterns: variables resolved (bound before, or new), kinds checked, and
//! the result handed to the pattern planner.

use std::sync::Arc;

use super::compile_error;
use super::expr::compile;
use super::scope::{Scope, VarKind};
use crate::ast::{self, Direction, MatchMode, PathKind};
use crate::error::Result;
use crate::plan::pattern::{PatternNode, PatternPath, PatternRel, plan_match};
use crate::plan::{BinaryOp, Expr, MatchPlan, NodeCheck, Op, Slot};
use crate::store::Dir;

/// `[OPTIONAL] MATCH pattern [WHERE filter]`.
pub fn match_clause(
    scope: &mut Scope,
    parts: &[ast::PatternPart],
    filter: Option<&ast::Expr>,
    optional: bool,
    mode: MatchMode,
) -> Result<Op> {
    let before: Vec<Slot> = scope.vars().iter().map(|v| v.slot).collect();
    let plan = graph_pattern(scope, parts, filter, mode)?;
    let introduced = scope.vars().iter().map(|v| v.slot).filter(|s| !before.contains(s)).collect();
    Ok(Op::Match { plan, optional, introduced })
}

/// A WHERE condition: compiled, and checked that it can be a boolean.
pub fn compile_condition(scope: &mut Scope, e: &ast::Expr) -> Result<Expr> {
    let compiled = compile(scope, e)?;
    super::types::check_condition(&compiled, scope, e.span.start)?;
    Ok(compiled)
}

/// Splits a condition at its top-level ANDs.
pub fn conjuncts(e: Expr) -> Vec<Expr> {
    match e {
        Expr::Binary(BinaryOp::And, l, r) => {
            let mut out = conjuncts(*l);
            out.extend(conjuncts(*r));
            out
        }
        other => vec![other],
    }
}

/// A pattern inside an expression (`WHERE (a)-->(b)`, a pattern
/// comprehension): it may not introduce named variables except in a
/// comprehension, where the new ones live in the comprehension's frame.
pub fn pattern_predicate(
    scope: &mut Scope,
    path_var: Option<&ast::Ident>,
    element: &ast::PatternElement,
    filter: Option<&ast::Expr>,
    at: usize,
    may_introduce: bool,
) -> Result<MatchPlan> {
    let bound = scope.bound_slots();
    if !may_introduce {
        for var in element_vars(element) {
            if scope.get(&var.name).is_none() {
                return Err(compile_error(
                    "UndefinedVariable",
                    format!("Variable `{}` not defined (a pattern expression cannot introduce variables)", var.name),
                    var.span.start,
                ));
            }
        }
    }
    let part = ast::PatternPart {
        var: path_var.cloned(),
        kind: PathKind::Normal,
        element: element.clone(),
        span: ast::Span { start: at, end: at },
    };
    let paths = resolve_parts(scope, std::slice::from_ref(&part), false, MatchMode::default())?;
    let filter = filter.map(|f| compile(scope, f)).transpose()?;
    Ok(plan_match(&scope.stats, paths, &bound, filter.map(conjuncts).unwrap_or_default()))
}

/// A MATCH's pattern and WHERE, planned; also `EXISTS { pattern [WHERE …] }`
/// (whose caller keeps the new variables inside).
pub fn exists_pattern(scope: &mut Scope, parts: &[ast::PatternPart], filter: Option<&ast::Expr>) -> Result<MatchPlan> {
    graph_pattern(scope, parts, filter, MatchMode::default())
}

fn graph_pattern(
    scope: &mut Scope,
    parts: &[ast::PatternPart],
    filter: Option<&ast::Expr>,
    mode: MatchMode,
) -> Result<MatchPlan> {
    let bound = scope.bound_slots();
    let paths = resolve_parts(scope, parts, false, mode)?;
    let filter = filter.map(|f| compile_condition(scope, f)).transpose()?;
    Ok(plan_match(&scope.stats, paths, &bound, filter.map(conjuncts).unwrap_or_default()))
}

/// `shortestPath(...)` used as an expression: the plan and the path's slot.
pub fn shortest_expression(scope: &mut Scope, part: &ast::PatternPart) -> Result<(MatchPlan, Slot)> {
    let bound = scope.bound_slots();
    let mut paths = resolve_parts(scope, std::slice::from_ref(part), false, MatchMode::default())?;
    let slot = scope.new_slot();
    if let Some(p) = paths.first_mut() {
        p.path = Some(slot);
    }
    Ok((plan_match(&scope.stats, paths, &bound, Vec::new()), slot))
}

pub(super) fn element_vars(element: &ast::PatternElement) -> Vec<&ast::Ident> {
    let mut vars: Vec<&ast::Ident> = element.start.var.iter().collect();
    for (rel, node) in &element.chain {
        vars.extend(rel.var.iter());
        if let Some(group) = &rel.group {
            vars.extend(element_vars(&group.element));
        }
        vars.extend(node.var.iter());
    }
    vars
}

/// Resolves the variables of pattern parts. With `creating`, bound nodes
/// may not carry labels or properties (CREATE's rule is checked by the caller).
pub fn resolve_parts(
    scope: &mut Scope,
    parts: &[ast::PatternPart],
    creating: bool,
    mode: MatchMode,
) -> Result<Vec<PatternPath>> {
    let mut seen_rels: Vec<String> = Vec::new();
    let mut paths = Vec::new();
    let before = scope.bound_slots();
    for part in parts {
        let selector = match part.kind {
            PathKind::Selected(selector) => Some(selector),
            _ => None,
        };
        if mode == MatchMode::RepeatableElements && selector.is_none() {
            super::group::check_bounded(&part.element)?;
        }
        let mut nodes = vec![node(scope, &part.element.start)?];
        let mut rels = Vec::new();
        for (rel, next) in &part.element.chain {
            if let Some(var) = &rel.var {
                if seen_rels.contains(&var.name) {
                    return Err(compile_error(
                        "RelationshipUniquenessViolation",
                        format!("Cannot use the same relationship variable '{}' for multiple relationships", var.name),
                        var.span.start,
                    ));
                }
                seen_rels.push(var.name.clone());
            }
            match &rel.group {
                Some(group) => rels.push(super::group::quantified_path(scope, rel, group, mode, &before)?),
                None => rels.push(relationship(scope, rel, creating)?),
            }
            nodes.push(node(scope, next)?);
        }
        let shortest = match part.kind {
            PathKind::Normal | PathKind::Selected(_) => None,
            PathKind::Shortest => Some(false),
            PathKind::AllShortest => Some(true),
        };
        if shortest.is_some() && rels.len() != 1 {
            return Err(compile_error(
                "InvalidShortestPath",
                "shortestPath requires a pattern with one relationship",
                part.span.start,
            ));
        }
        let path = match &part.var {
            Some(var) => Some(scope.declare_fresh(&var.name, VarKind::Path, var.span.start)?),
            None => None,
        };
        let repeatable = mode == MatchMode::RepeatableElements;
        paths.push(PatternPath { nodes, rels, path, shortest, selector, repeatable });
    }
    Ok(paths)
}

pub(super) fn node(scope: &mut Scope, n: &ast::NodePattern) -> Result<PatternNode> {
    // Properties are compiled before the variable is declared: `(a {x: a.y})`
    // cannot refer to itself.
    let properties = properties(scope, n.properties.as_ref(), false)?;
    let slot = match &n.var {
        Some(var) => scope.bind_pattern_var(&var.name, VarKind::Node, var.span.start)?.0,
        None => scope.new_slot(),
    };
    let labels = n.labels.iter().map(|l| Arc::from(l.as_str())).collect();
    Ok(PatternNode { slot, check: NodeCheck { labels, properties } })
}

pub(super) fn relationship(scope: &mut Scope, r: &ast::RelPattern, creating: bool) -> Result<PatternRel> {
    let properties = properties(scope, r.properties.as_ref(), false)?;
    let var_length = r.range.map(|(min, max)| (min.unwrap_or(1), max));
    let kind = if var_length.is_some() { VarKind::RelList } else { VarKind::Rel };
    let slot = match &r.var {
        Some(var) => {
            let (slot, was_bound) = scope.bind_pattern_var(&var.name, kind, var.span.start)?;
            if was_bound && creating {
                return Err(compile_error(
                    "VariableAlreadyBound",
                    format!("Variable `{}` already declared", var.name),
                    var.span.start,
                ));
            }
            slot
        }
        None => scope.new_slot(),
    };
    let dir = match r.direction {
        Direction::Right => Dir::Outgoing,
        Direction::Left => Dir::Incoming,
        Direction::Both => Dir::Both,
    };
    let types = r.types.iter().map(|t| Arc::from(t.as_str())).collect();
    Ok(PatternRel { slot, dir, types, properties, var_length, named: r.var.is_some(), group: None })
}

/// A pattern's property map, entry by entry. Only CREATE may take a whole
/// map from a parameter (`CREATE (n $props)`); it travels under
/// [`PROPERTY_MAP_KEY`].
pub fn properties(scope: &mut Scope, props: Option<&ast::Expr>, creating: bool) -> Result<Vec<(Arc<str>, Expr)>> {
    match props.map(|p| &p.kind) {
        None => Ok(Vec::new()),
        Some(ast::ExprKind::Map(entries)) => {
            entries.iter().map(|(k, v)| Ok((Arc::from(k.as_str()), compile(scope, v)?))).collect()
        }
        Some(_) if creating => {
            let map = props.map(|p| compile(scope, p)).transpose()?;
            Ok(map.into_iter().map(|m| (Arc::from(PROPERTY_MAP_KEY), m)).collect())
        }
        Some(_) => {
            let at = props.map_or(0, |p| p.span.start);
            Err(compile_error(
                "InvalidParameterUse",
                "Parameter maps cannot be used in MATCH or MERGE patterns (use a literal map, e.g. {name: $name})",
                at,
            ))
        }
    }
}

/// The key under which a whole-map property pattern (`{…}` from a
/// parameter) travels; it cannot clash with a real key, which is never empty
/// and back-quoted names cannot hold a NUL.
pub const PROPERTY_MAP_KEY: &str = "\0map";
