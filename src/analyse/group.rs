//! Quantified path patterns: the path one repetition matches, planned on
//! its own, and its variables — single values inside each repetition,
//! lists (group variables) outside it.

use std::collections::HashSet;

use super::pattern::{compile_condition, conjuncts, element_vars, node, relationship};
use super::scope::{Scope, VarKind};
use crate::ast::{self, MatchMode};
use crate::error::{Error, Result};
use crate::plan::Slot;
use crate::plan::pattern::{PatternPath, PatternRel, plan_match};
use crate::plan::repeat::RepeatBody;
use crate::store::Dir;

/// The hop `((x)-[…]->(y) WHERE …){m,n}`; `before` holds the slots bound
/// before the MATCH, the only outside ones its WHERE may read.
pub fn quantified_path(
    scope: &mut Scope,
    hop: &ast::RelPattern,
    group: &ast::QuantifiedPath,
    mode: MatchMode,
    before: &HashSet<Slot>,
) -> Result<PatternRel> {
    let vars = element_vars(&group.element);
    if let Some(var) = vars.iter().find(|v| scope.get(&v.name).is_some()) {
        let message = format!(
            "`{}` is already declared: a variable inside a quantified path pattern is a group variable of its own",
            var.name
        );
        return Err(Error::semantic(message).at(var.span.start));
    }
    scope.push_frame();
    let body = repetition(scope, group, mode, before);
    // Each inner variable's slot in one repetition, read before the frame ends.
    let inner: Vec<(String, Slot)> =
        vars.iter().filter_map(|v| scope.get(&v.name).map(|var| (v.name.clone(), var.slot))).collect();
    scope.pop_frame();
    let mut body = body?;
    let mut declared: Vec<&str> = Vec::new();
    for (name, slot) in &inner {
        if !declared.contains(&name.as_str()) {
            declared.push(name);
            body.groups.push((*slot, scope.declare(name, VarKind::Group)));
        }
    }
    let (min, max) = hop.range.map_or((1, Some(1)), |(min, max)| (min.unwrap_or(0), max));
    Ok(PatternRel {
        slot: scope.new_slot(),
        dir: Dir::Both,
        types: Vec::new(),
        properties: Vec::new(),
        var_length: Some((min, max)),
        named: true,
        group: Some(Box::new(body)),
    })
}

/// One repetition: the path planned from its first node, bound when it runs.
fn repetition(
    scope: &mut Scope,
    group: &ast::QuantifiedPath,
    mode: MatchMode,
    before: &HashSet<Slot>,
) -> Result<RepeatBody> {
    let first_inner = scope.slot_count();
    let element = &group.element;
    let mut nodes = vec![node(scope, &element.start)?];
    let mut rels = Vec::new();
    for (rel, next) in &element.chain {
        rels.push(relationship(scope, rel, false)?);
        nodes.push(node(scope, next)?);
    }
    let filter = match &group.filter {
        Some(f) => {
            let compiled = compile_condition(scope, f)?;
            let mut outside = None;
            crate::plan::visit_slots(&compiled, &mut |s| {
                if s < first_inner && !before.contains(&s) {
                    outside.get_or_insert(s);
                }
            });
            if outside.is_some() {
                let message = "the WHERE of a quantified path pattern may use only its own variables and those bound before the MATCH";
                return Err(Error::semantic(message).at(f.span.start));
            }
            conjuncts(compiled)
        }
        None => Vec::new(),
    };
    let entry = nodes[0].slot;
    let exit = nodes[nodes.len() - 1].slot;
    let rel_slots = rels.iter().map(|r| r.slot).collect();
    let unique = mode == MatchMode::DifferentRelationships;
    let path = PatternPath { nodes, rels, path: None, shortest: None, selector: None, repeatable: !unique };
    let mut bound = before.clone();
    bound.insert(entry);
    let plan = plan_match(&scope.stats, vec![path], &bound, filter);
    Ok(RepeatBody { plan, entry, exit, rels: rel_slots, groups: Vec::new(), unique })
}

/// REPEATABLE ELEMENTS without a selector: every quantifier needs an
/// upper bound, or a match could go round a cycle for ever.
pub fn check_bounded(element: &ast::PatternElement) -> Result<()> {
    for (rel, _) in &element.chain {
        if let Some((_, None)) = rel.range {
            let message = "with MATCH REPEATABLE ELEMENTS, a quantifier needs an upper bound (such as {1,5}) unless a path selector (SHORTEST, ANY) limits the matches";
            return Err(Error::semantic(message).at(rel.span.start));
        }
    }
    Ok(())
}
