//! Quantified path patterns: the path of one repetition is matched from the
//! node the last one reached, its WHERE checked as it goes (so a repetition
//! that fails it is not extended), until the quantifier's bounds. Under
//! DIFFERENT RELATIONSHIPS a repetition that uses a relationship already
//! walked (or bound elsewhere in the MATCH) is not extended either.

use rustc_hash::FxHashSet;

use super::matcher::{Out, node_passes, run_read, step, used_rels};
use super::{Ctx, Row};
use crate::error::Result;
use crate::plan::Step;
use crate::plan::repeat::Repeat;
use crate::value::{NodeId, RelId, Value};

/// Stack kept free below a repetition: deep chains grow the stack instead
/// of overflowing it.
const RED_ZONE: usize = 128 * 1024;
const STACK_GROWTH: usize = 4 * 1024 * 1024;

/// What the repetitions so far walked.
struct Walk {
    /// The relationships, in order.
    rels: Vec<RelId>,
    /// For each group variable, its values so far.
    groups: Vec<Vec<Value>>,
    /// Under DIFFERENT RELATIONSHIPS, what no repetition may use again: the
    /// relationships walked and those of the rest of the MATCH.
    taken: FxHashSet<RelId>,
}

pub(super) fn repeat(steps: &[Step], i: usize, r: &Repeat, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    let Value::Node(from) = row[r.from] else { return Ok(true) };
    let taken =
        if r.body.unique { used_rels(row, &r.distinct_from).into_iter().collect() } else { FxHashSet::default() };
    let mut walk = Walk { rels: Vec::new(), groups: vec![Vec::new(); r.body.groups.len()], taken };
    repetitions(steps, i, r, from, 0, &mut walk, row, ctx, out)
}

/// After `done` repetitions that reached `at`: the rest of the pattern from
/// here if `done` is enough, then one repetition more if it is allowed.
/// The row is left as it was.
#[allow(clippy::too_many_arguments)]
fn repetitions(
    steps: &[Step],
    i: usize,
    r: &Repeat,
    at: NodeId,
    done: u64,
    walk: &mut Walk,
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    ctx.tick()?;
    if done >= r.min && !arrive(steps, i, r, at, walk, row, ctx, out)? {
        return Ok(false);
    }
    if r.max.is_some_and(|max| done >= max) {
        if r.capped {
            ctx.cut.set(true);
        }
        return Ok(true);
    }
    let old_entry = std::mem::replace(&mut row[r.body.entry], Value::Node(at));
    let go_on = stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || {
        run_read(&r.body.plan, row, ctx, &mut |row: &mut Row| {
            let Value::Node(exit) = row[r.body.exit] else { return Ok(true) };
            let mark = walk.rels.len();
            for slot in &r.body.rels {
                if let Value::Relationship(rel) = row[*slot] {
                    walk.rels.push(rel);
                }
            }
            let new = &walk.rels[mark..];
            if r.body.unique && new.iter().any(|rel| walk.taken.contains(rel)) {
                walk.rels.truncate(mark);
                return Ok(true);
            }
            if r.body.unique {
                walk.taken.extend(new.iter().copied());
            }
            for (values, (inner, _)) in walk.groups.iter_mut().zip(&r.body.groups) {
                values.push(row[*inner].clone());
            }
            let go_on = repetitions(steps, i, r, exit, done + 1, walk, row, ctx, out);
            if r.body.unique {
                for rel in &walk.rels[mark..] {
                    walk.taken.remove(rel);
                }
            }
            walk.rels.truncate(mark);
            for values in &mut walk.groups {
                values.pop();
            }
            go_on
        })
    });
    row[r.body.entry] = old_entry;
    go_on
}

/// The repetitions end at `node`: it must be (or becomes) the node after
/// them, and the group variables are bound to what they walked.
#[allow(clippy::too_many_arguments)]
fn arrive(
    steps: &[Step],
    i: usize,
    r: &Repeat,
    node: NodeId,
    walk: &Walk,
    row: &mut Row,
    ctx: &Ctx<'_>,
    out: Out<'_>,
) -> Result<bool> {
    if r.to_bound && !matches!(row[r.to], Value::Node(id) if id == node) {
        return Ok(true);
    }
    if !node_passes(node, &r.to_check, row, ctx)? {
        return Ok(true);
    }
    let mut bindings = vec![(r.to, Value::Node(node))];
    bindings.push((r.rels, Value::List(walk.rels.iter().map(|r| Value::Relationship(*r)).collect())));
    for (values, (_, list)) in walk.groups.iter().zip(&r.body.groups) {
        bindings.push((*list, Value::List(values.clone())));
    }
    let old: Vec<(usize, Value)> =
        bindings.into_iter().map(|(slot, value)| (slot, std::mem::replace(&mut row[slot], value))).collect();
    let go_on = step(steps, i + 1, row, ctx, out);
    for (slot, value) in old.into_iter().rev() {
        row[slot] = value;
    }
    go_on
}
