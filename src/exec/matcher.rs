//! Pattern matching: the steps of a [`MatchPlan`] run depth-first over one
//! row, which each step extends in place and restores when it backtracks.

use std::collections::{HashMap, HashSet, VecDeque};

use rustc_hash::FxHashSet;
use std::sync::Arc;

use super::{Ctx, Row, eval};
use crate::error::{Error, Result};
use crate::plan::{Expand, Expr, MatchPlan, NodeCheck, Shortest, Slot, Step};
use crate::store::{Edge, Graph, Symbol};
use crate::value::{NodeId, Path, RelId, Value};

/// Calls `out` for every way `plan` matches from `row`; `out` returns
/// false to stop early. Returns false if it was stopped.
/// The row is extended in place and left as it was on return.
pub fn run_read(plan: &MatchPlan, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    step(&plan.steps, 0, row, ctx, out)
}

pub(super) type Out<'o> = &'o mut dyn FnMut(&mut Row) -> Result<bool>;

pub(super) fn step(steps: &[Step], i: usize, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    if let (Some(counts), Some(made)) = (&ctx.step_rows, i.checked_sub(1)) {
        // A row reaching step i is one that step i - 1 made.
        let mut counts = counts.borrow_mut();
        let key = crate::plan::explain::steps_key(steps);
        let per_step = counts.entry(key).or_insert_with(|| vec![0; steps.len()]);
        if let Some(n) = per_step.get_mut(made) {
            *n += 1;
        }
    }
    let Some(current) = steps.get(i) else { return out(row) };
    ctx.tick()?;
    let graph = &*ctx.graph;
    match current {
        Step::Scan { slot, check } => {
            let ids: Vec<NodeId> = match check.labels.first() {
                Some(label) => match graph.labels.get(label) {
                    Some(symbol) => graph.nodes_with_label(symbol).collect(),
                    None => return Ok(true),
                },
                None => graph.node_ids().collect(),
            };
            for id in ids {
                if node_passes_from(id, check, 1, row, ctx)? && !bind(steps, i, row, *slot, Value::Node(id), ctx, out)?
                {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Step::Seek { slot, label, key, value, check } => {
            let value = eval(value, row, ctx)?;
            let (Some(l), Some(k)) = (graph.labels.get(label), graph.keys.get(key)) else { return Ok(true) };
            let ids: Vec<NodeId> = graph.seek(l, k, &value).collect();
            for id in ids {
                if node_passes(id, check, row, ctx)? && !bind(steps, i, row, *slot, Value::Node(id), ctx, out)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Step::IndexSeek(seek) => {
            for id in super::seek::candidates(seek, row, ctx)? {
                if node_passes(id, &seek.check, row, ctx)?
                    && !bind(steps, i, row, seek.slot, Value::Node(id), ctx, out)?
                {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Step::NodeById { slot, id, check } => {
            let found = match eval(id, row, ctx)? {
                Value::String(s) => super::functions::node_of_element_id(&s).filter(|n| graph.contains_node(*n)),
                _ => None,
            };
            match found {
                Some(n) if node_passes(n, check, row, ctx)? => bind(steps, i, row, *slot, Value::Node(n), ctx, out),
                _ => Ok(true),
            }
        }
        Step::RelById { rel, node, id, dir } => {
            let found = match eval(id, row, ctx)? {
                Value::String(s) => super::functions::rel_of_element_id(&s),
                _ => None,
            };
            let Some((r, (start, end))) = found.and_then(|r| graph.rel_ends(r).map(|ends| (r, ends))) else {
                return Ok(true);
            };
            let ends: &[NodeId] = match dir {
                crate::store::Dir::Outgoing => &[start],
                crate::store::Dir::Incoming => &[end],
                crate::store::Dir::Both if start == end => &[start],
                crate::store::Dir::Both => &[start, end],
            };
            let old_rel = std::mem::replace(&mut row[*rel], Value::Relationship(r));
            let old_node = row[*node].clone();
            let mut go_on = Ok(true);
            for n in ends {
                row[*node] = Value::Node(*n);
                go_on = step(steps, i + 1, row, ctx, out);
                if !matches!(go_on, Ok(true)) {
                    break;
                }
            }
            row[*rel] = old_rel;
            row[*node] = old_node;
            go_on
        }
        Step::Bound { slot, check } => match row[*slot] {
            Value::Node(id) if node_passes(id, check, row, ctx)? => step(steps, i + 1, row, ctx, out),
            Value::Node(_) | Value::Null => Ok(true),
            ref other => Err(Error::type_error(format!("Expected a node, got {}", other.type_name()))),
        },
        Step::Expand(e) => expand(steps, i, e, row, ctx, out),
        Step::Path { slot, nodes, rels } => {
            let path = build_path(graph, row, nodes, rels);
            match path {
                Some(p) => bind(steps, i, row, *slot, Value::path(p), ctx, out),
                None => Ok(true),
            }
        }
        Step::Shortest(s) => shortest(steps, i, s, row, ctx, out),
        Step::Repeat(r) => super::repeat::repeat(steps, i, r, row, ctx, out),
        Step::Select(s) => super::select::select(steps, i, s, row, ctx, out),
        Step::Filter(condition) => {
            if matches!(eval(condition, row, ctx)?, Value::Bool(true)) {
                step(steps, i + 1, row, ctx, out)
            } else {
                Ok(true)
            }
        }
    }
}

/// Puts `value` in `slot`, runs the rest, and restores the slot.
fn bind(
    steps: &[Step],
    i: usize,
    row: &mut Row,
    slot: Slot,
    value: Value,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    let old = std::mem::replace(&mut row[slot], value);
    let go_on = step(steps, i + 1, row, ctx, out);
    row[slot] = old;
    go_on
}

pub(super) fn node_passes(id: NodeId, check: &NodeCheck, row: &Row, ctx: &Ctx<'_>) -> Result<bool> {
    node_passes_from(id, check, 0, row, ctx)
}

/// `node_passes` for the labels from `first_label` on (a label scan has
/// checked the ones before).
fn node_passes_from(id: NodeId, check: &NodeCheck, first_label: usize, row: &Row, ctx: &Ctx<'_>) -> Result<bool> {
    let graph = &*ctx.graph;
    for label in check.labels.iter().skip(first_label) {
        if !graph.labels.get(label).is_some_and(|l| graph.has_label(id, l)) {
            return Ok(false);
        }
    }
    properties_match(&check.properties, row, ctx, |k| graph.keys.get(k).and_then(|k| graph.node_property(id, k)))
}

fn properties_match(
    wanted: &[(Arc<str>, Expr)],
    row: &Row,
    ctx: &Ctx<'_>,
    actual: impl Fn(&str) -> Option<Value>,
) -> Result<bool> {
    for (key, expr) in wanted {
        let value = eval(expr, row, ctx)?;
        if actual(key).is_none_or(|a| a.cypher_eq(&value) != Some(true)) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn rel_passes(edge: &Edge, types: &[Symbol], props: &[(Arc<str>, Expr)], row: &Row, ctx: &Ctx<'_>) -> Result<bool> {
    if !types.is_empty() && !types.contains(&edge.rel_type) {
        return Ok(false);
    }
    if props.is_empty() {
        return Ok(true);
    }
    let graph = &*ctx.graph;
    properties_match(props, row, ctx, |k| graph.keys.get(k).and_then(|k| graph.rel_property(edge.rel, k)))
}

/// The type symbols to follow; `None` when a named type does not exist
/// (so nothing can match).
fn type_symbols(graph: &Graph, types: &[Arc<str>]) -> Option<Vec<Symbol>> {
    if types.is_empty() {
        return Some(Vec::new());
    }
    let found: Vec<Symbol> = types.iter().filter_map(|t| graph.types.get(t)).collect();
    if found.is_empty() { None } else { Some(found) }
}

/// Relationship ids already used by the MATCH (uniqueness).
pub(super) fn used_rels(row: &Row, slots: &[Slot]) -> Vec<RelId> {
    let mut used = Vec::new();
    for s in slots {
        match &row[*s] {
            Value::Relationship(r) => used.push(*r),
            Value::List(items) => used.extend(items.iter().filter_map(|v| match v {
                Value::Relationship(r) => Some(*r),
                _ => None,
            })),
            _ => {}
        }
    }
    used
}

fn expand(steps: &[Step], i: usize, e: &Expand, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    let graph = &*ctx.graph;
    let from = match row[e.from] {
        Value::Node(id) => id,
        _ => return Ok(true),
    };
    let Some(types) = type_symbols(graph, &e.types) else { return Ok(true) };
    let used = used_rels(row, &e.distinct_from);
    if e.var_length.is_some() && e.rel_bound {
        return follow_bound_list(steps, i, e, &types, from, row, ctx, out);
    }
    if let Some((min, max)) = e.var_length {
        return var_length(steps, i, e, &types, &used, from, min, max, row, ctx, out);
    }
    for edge in graph.edges(from, e.dir) {
        if used.contains(&edge.rel) || !rel_passes(&edge, &types, &e.rel_properties, row, ctx)? {
            continue;
        }
        if e.rel_bound && !matches!(row[e.rel], Value::Relationship(r) if r == edge.rel) {
            continue;
        }
        if !arrive(steps, i, e, edge.other, &|| Value::Relationship(edge.rel), row, ctx, out)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A variable-length relationship bound to a list of relationships before:
/// the list must be a walk from `from`, and it arrives where it ends.
#[allow(clippy::too_many_arguments)]
fn follow_bound_list(
    steps: &[Step],
    i: usize,
    e: &Expand,
    types: &[Symbol],
    from: NodeId,
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    let Value::List(items) = row[e.rel].clone() else { return Ok(true) };
    let (min, max) = e.var_length.unwrap_or((1, None));
    let hops = items.len() as u64;
    if hops < min || max.is_some_and(|m| hops > m) {
        return Ok(true);
    }
    let mut node = from;
    // Walking backwards, the list (in the pattern's order) is followed from its end.
    let ordered: Vec<&Value> = if e.backwards { items.iter().rev().collect() } else { items.iter().collect() };
    for item in ordered {
        let Value::Relationship(r) = item else { return Ok(true) };
        let edge = ctx.graph.edges(node, e.dir).find(|edge| edge.rel == *r);
        match edge {
            Some(edge) if rel_passes(&edge, types, &e.rel_properties, row, ctx)? => node = edge.other,
            _ => return Ok(true),
        }
    }
    arrive(steps, i, e, node, &|| Value::List(items.clone()), row, ctx, out)
}

/// Binds the relationship value and the node reached, if it passes.
#[allow(clippy::too_many_arguments)]
fn arrive(
    steps: &[Step],
    i: usize,
    e: &Expand,
    node: NodeId,
    rel: &dyn Fn() -> Value,
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    // The relationship value (a list, for variable length) is made only
    // once the node reached passes.
    if e.to_bound {
        if !matches!(row[e.to], Value::Node(id) if id == node) || !node_passes(node, &e.to_check, row, ctx)? {
            return Ok(true);
        }
        let old = std::mem::replace(&mut row[e.rel], rel());
        let go_on = step(steps, i + 1, row, ctx, out);
        row[e.rel] = old;
        return go_on;
    }
    if !node_passes(node, &e.to_check, row, ctx)? {
        return Ok(true);
    }
    let old_rel = std::mem::replace(&mut row[e.rel], rel());
    let old_to = std::mem::replace(&mut row[e.to], Value::Node(node));
    let go_on = step(steps, i + 1, row, ctx, out);
    row[e.rel] = old_rel;
    row[e.to] = old_to;
    go_on
}

/// Variable-length expansion: every trail (no relationship twice) from
/// `from` of `min..=max` hops. Depth-first with an explicit stack, since an
/// ownership chain can be longer than the call stack is deep.
#[allow(clippy::too_many_arguments)]
fn var_length(
    steps: &[Step],
    i: usize,
    e: &Expand,
    types: &[Symbol],
    used: &[RelId],
    from: NodeId,
    min: u64,
    max: Option<u64>,
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    let graph: &Graph = &ctx.graph;
    let mut trail: Vec<RelId> = Vec::new();
    let mut in_trail: FxHashSet<RelId> = FxHashSet::default();
    // One frame per node on the trail: its relationships, and the next to try.
    let mut stack: Vec<(Vec<Edge>, usize)> = Vec::new();
    if min == 0 && !arrive_trail(steps, i, e, from, &trail, row, ctx, out)? {
        return Ok(false);
    }
    if max != Some(0) {
        stack.push((graph.edges(from, e.dir).collect(), 0));
    }
    while let Some((edges, next)) = stack.last_mut() {
        ctx.tick()?;
        let Some(edge) = edges.get(*next).copied() else {
            stack.pop();
            if let Some(rel) = trail.pop() {
                in_trail.remove(&rel);
            }
            continue;
        };
        *next += 1;
        if (e.trail && in_trail.contains(&edge.rel))
            || used.contains(&edge.rel)
            || !rel_passes(&edge, types, &e.rel_properties, row, ctx)?
        {
            continue;
        }
        trail.push(edge.rel);
        in_trail.insert(edge.rel);
        let depth = trail.len() as u64;
        if depth >= min && !arrive_trail(steps, i, e, edge.other, &trail, row, ctx, out)? {
            return Ok(false);
        }
        if max.is_none_or(|m| depth < m) {
            stack.push((graph.edges(edge.other, e.dir).collect(), 0));
        } else if let Some(rel) = trail.pop() {
            if e.capped {
                ctx.cut.set(true);
            }
            in_trail.remove(&rel);
        }
    }
    Ok(true)
}

/// Arrives at `node` by `trail`: binds the relationship list (in the
/// pattern's order) unless nothing reads it.
#[allow(clippy::too_many_arguments)]
fn arrive_trail(
    steps: &[Step],
    i: usize,
    e: &Expand,
    node: NodeId,
    trail: &[RelId],
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    let rels = || {
        if !e.keep_rels {
            return Value::Null;
        }
        let mut rels: Vec<Value> = trail.iter().map(|r| Value::Relationship(*r)).collect();
        if e.backwards {
            rels.reverse();
        }
        Value::List(rels)
    };
    arrive(steps, i, e, node, &rels, row, ctx, out)
}

/// A path from the nodes and relationships (or relationship lists) bound
/// in `row`; `None` if any is missing.
pub fn build_path(graph: &Graph, row: &Row, nodes: &[Slot], rels: &[Slot]) -> Option<Path> {
    let mut current = match row.get(*nodes.first()?)? {
        Value::Node(id) => *id,
        _ => return None,
    };
    let mut path = Path { nodes: vec![current], rels: Vec::new() };
    for slot in rels {
        let hops: Vec<RelId> = match row.get(*slot)? {
            Value::Relationship(r) => vec![*r],
            Value::List(items) => items
                .iter()
                .filter_map(|v| match v {
                    Value::Relationship(r) => Some(*r),
                    _ => None,
                })
                .collect(),
            _ => return None,
        };
        for r in hops {
            let (start, end) = graph.rel_ends(r)?;
            current = if start == current { end } else { start };
            path.rels.push(r);
            path.nodes.push(current);
        }
    }
    Some(path)
}

/// Breadth-first shortest path(s) between two bound nodes.
fn shortest(steps: &[Step], i: usize, s: &Shortest, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    let graph = &*ctx.graph;
    let (from, to) = match (&row[s.from], &row[s.to]) {
        (Value::Node(a), Value::Node(b)) => (*a, *b),
        _ => return Ok(true),
    };
    let Some(types) = type_symbols(graph, &s.types) else { return Ok(true) };
    let paths = if from == to && s.min == 0 {
        vec![Path { nodes: vec![from], rels: Vec::new() }]
    } else {
        shortest_paths(graph, from, to, s, &types, row, ctx)?
    };
    for path in paths {
        let rels = Value::List(path.rels.iter().map(|r| Value::Relationship(*r)).collect());
        let old_rel = std::mem::replace(&mut row[s.rel], rels);
        let old_path = std::mem::replace(&mut row[s.path], Value::path(path));
        let go_on = step(steps, i + 1, row, ctx, out);
        row[s.rel] = old_rel;
        row[s.path] = old_path;
        if !go_on? {
            return Ok(false);
        }
        if !s.all {
            break;
        }
    }
    Ok(true)
}

fn shortest_paths(
    graph: &Graph,
    from: NodeId,
    to: NodeId,
    s: &Shortest,
    types: &[Symbol],
    row: &Row,
    ctx: &Ctx<'_>,
) -> Result<Vec<Path>> {
    // Parents of each node at its BFS depth: (parent node, relationship).
    let mut parents: HashMap<NodeId, Vec<(NodeId, RelId)>> = HashMap::new();
    let mut depth_of: HashMap<NodeId, u64> = HashMap::from([(from, 0)]);
    let mut frontier = VecDeque::from([from]);
    let mut found_at = None;
    while let Some(node) = frontier.pop_front() {
        ctx.tick()?;
        let depth = depth_of[&node];
        if found_at.is_some_and(|d| depth >= d) || s.max.is_some_and(|m| depth >= m) {
            continue;
        }
        for edge in graph.edges(node, s.dir) {
            if !rel_passes(&edge, types, &s.rel_properties, row, ctx)? {
                continue;
            }
            let next_depth = depth + 1;
            match depth_of.get(&edge.other) {
                Some(d) if *d == next_depth => parents.entry(edge.other).or_default().push((node, edge.rel)),
                Some(_) => {}
                None => {
                    depth_of.insert(edge.other, next_depth);
                    parents.entry(edge.other).or_default().push((node, edge.rel));
                    frontier.push_back(edge.other);
                }
            }
            if edge.other == to && next_depth >= s.min.max(1) {
                found_at.get_or_insert(next_depth);
            }
        }
    }
    if found_at.is_none() {
        return Ok(Vec::new());
    }
    // Walk the parents back from `to`, every way (or the first, for one path).
    let mut paths = Vec::new();
    let mut stack: Vec<(NodeId, Vec<NodeId>, Vec<RelId>)> = vec![(to, vec![to], Vec::new())];
    let mut seen_paths = HashSet::new();
    while let Some((node, nodes, rels)) = stack.pop() {
        ctx.tick()?;
        if node == from {
            let mut nodes = nodes;
            let mut rels = rels;
            nodes.reverse();
            rels.reverse();
            if seen_paths.insert(rels.clone()) {
                paths.push(Path { nodes, rels });
            }
            if !s.all {
                break;
            }
            continue;
        }
        for (parent, rel) in parents.get(&node).into_iter().flatten() {
            if rels.contains(rel) {
                continue;
            }
            let mut n = nodes.clone();
            n.push(*parent);
            let mut r = rels.clone();
            r.push(*rel);
            stack.push((*parent, n, r));
        }
    }
    Ok(paths)
}
