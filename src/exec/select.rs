//! GQL path selectors: every match of the path pattern is found, then,
//! between each pair of end nodes, `ANY k` keeps the first k, `SHORTEST k`
//! the k shortest and `SHORTEST k GROUPS` all those of the k shortest
//! lengths; the rest of the pattern goes on from each kept match.

use super::matcher::{Out, run_read, step};
use super::{Ctx, Row};
use crate::ast::PathSelector;
use crate::error::Result;
use crate::plan::repeat::{Deepen, Select};
use crate::plan::{MatchPlan, Step};
use crate::value::Value;

/// One match of the path: its length and what it binds.
struct Found {
    length: usize,
    values: Vec<Value>,
}

pub(super) fn select(steps: &[Step], i: usize, s: &Select, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    let found = match s.deepen {
        Some(deepen) => deepening(s, deepen, row, ctx)?,
        None => matches(&s.plan, s, row, ctx)?,
    };
    let old: Vec<Value> = s.binds.iter().map(|slot| row[*slot].clone()).collect();
    let mut go_on = Ok(true);
    'pairs: for mut matches in found {
        for kept in chosen(&mut matches, s.selector) {
            for (slot, value) in s.binds.iter().zip(&kept.values) {
                row[*slot] = value.clone();
            }
            go_on = step(steps, i + 1, row, ctx, out);
            if !matches!(go_on, Ok(true)) {
                break 'pairs;
            }
        }
    }
    for (slot, value) in s.binds.iter().zip(old) {
        row[*slot] = value;
    }
    go_on
}

/// Every match of `plan`, by pair of ends (pairs in the order first found).
fn matches(plan: &MatchPlan, s: &Select, row: &mut Row, ctx: &Ctx<'_>) -> Result<Vec<Vec<Found>>> {
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    let mut found: Vec<Vec<Found>> = Vec::new();
    run_read(plan, row, ctx, &mut |row: &mut Row| {
        let ends = (row[s.ends.0].clone(), row[s.ends.1].clone());
        let at = match pairs.iter().position(|p| *p == ends) {
            Some(at) => at,
            None => {
                pairs.push(ends);
                found.push(Vec::new());
                pairs.len() - 1
            }
        };
        let length = s.rels.iter().map(|slot| hops(&row[*slot])).sum();
        found[at].push(Found { length, values: s.binds.iter().map(|slot| row[*slot].clone()).collect() });
        Ok(true)
    })?;
    Ok(found)
}

/// The matches of a pattern with an unbounded quantifier, searched with
/// the quantifiers capped at 1, 2, 3 … hops: at cap L every match of at
/// most L relationships is found, so the search stops once the selection
/// among those is made (or once no search was cut short by its cap). When
/// relationships may repeat, a pair of ends that has a match has one of at
/// most nodes × states relationships, and the k-th within k + 1 times that;
/// that bounds the search when the ends are free.
fn deepening(s: &Select, deepen: Deepen, row: &mut Row, ctx: &Ctx<'_>) -> Result<Vec<Vec<Found>>> {
    let ends_bound = matches!((&row[s.ends.0], &row[s.ends.1]), (Value::Node(_), Value::Node(_)));
    if !deepen.walks && !ends_bound {
        // Trails end by themselves; with a free end every one is needed.
        return matches(&s.plan, s, row, ctx);
    }
    let k = match s.selector {
        PathSelector::Any(k) | PathSelector::Shortest(k) | PathSelector::ShortestGroups(k) => k,
    };
    let nodes = ctx.graph.node_count() as u64;
    let reach = nodes.saturating_mul(deepen.states).max(1);
    let last = reach.saturating_mul(k.saturating_add(1));
    let (mut cap, mut pairs, mut pairs_since) = (1, 0, 1);
    loop {
        ctx.cut.set(false);
        let found = matches(&s.plan.capped(cap), s, row, ctx)?;
        let cut = ctx.cut.get();
        if found.len() > pairs {
            (pairs, pairs_since) = (found.len(), cap);
        }
        let known = found.iter().all(|m| selection_known(m, s.selector, cap));
        // A walk to a new end passes a new place in the pattern at every
        // step, so new ends stop appearing once `states` caps found none.
        let no_new_pairs = (ends_bound && !found.is_empty()) || cap >= reach || cap - pairs_since >= deepen.states;
        if !cut || (known && no_new_pairs) || cap >= last {
            return Ok(found);
        }
        cap += 1;
    }
}

/// Whether the matches of one pair found with cap `cap` settle what the
/// selector keeps: those of at most `cap` relationships are all there is
/// of that length.
fn selection_known(matches: &[Found], selector: PathSelector, cap: u64) -> bool {
    let limit = |k: u64| usize::try_from(k).unwrap_or(usize::MAX);
    let within: Vec<usize> = matches.iter().map(|m| m.length).filter(|l| *l as u64 <= cap).collect();
    match selector {
        PathSelector::Any(k) => matches.len() >= limit(k),
        PathSelector::Shortest(k) => within.len() >= limit(k),
        PathSelector::ShortestGroups(k) => {
            let mut lengths = within;
            lengths.sort_unstable();
            lengths.dedup();
            lengths.len() >= limit(k)
        }
    }
}

/// The relationships a slot of the path holds.
fn hops(value: &Value) -> usize {
    match value {
        Value::Relationship(_) => 1,
        Value::List(items) => items.len(),
        _ => 0,
    }
}

/// The matches of one pair that `selector` keeps, shortest first.
fn chosen(matches: &mut [Found], selector: PathSelector) -> &[Found] {
    let limit = |k: u64| usize::try_from(k).unwrap_or(usize::MAX);
    match selector {
        PathSelector::Any(k) => &matches[..matches.len().min(limit(k))],
        PathSelector::Shortest(k) => {
            matches.sort_by_key(|m| m.length);
            &matches[..matches.len().min(limit(k))]
        }
        PathSelector::ShortestGroups(k) => {
            matches.sort_by_key(|m| m.length);
            let mut lengths = 0;
            let mut end = 0;
            while end < matches.len() {
                if end == 0 || matches[end].length != matches[end - 1].length {
                    lengths += 1;
                    if lengths > limit(k) {
                        break;
                    }
                }
                end += 1;
            }
            &matches[..end]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of_lengths(lengths: &[usize]) -> Vec<Found> {
        lengths.iter().map(|&length| Found { length, values: vec![Value::Int(length as i64)] }).collect()
    }

    fn kept(lengths: &[usize], selector: PathSelector) -> Vec<usize> {
        chosen(&mut of_lengths(lengths), selector).iter().map(|f| f.length).collect()
    }

    #[test]
    fn shortest_k_keeps_the_k_shortest_in_length_order() {
        assert_eq!(kept(&[3, 1, 2, 1], PathSelector::Shortest(3)), [1, 1, 2]);
        assert_eq!(kept(&[3], PathSelector::Shortest(2)), [3]);
    }

    #[test]
    fn groups_keep_every_path_of_the_k_shortest_lengths() {
        assert_eq!(kept(&[3, 1, 2, 1, 3, 4], PathSelector::ShortestGroups(2)), [1, 1, 2]);
        assert_eq!(kept(&[3, 1, 2, 1, 3, 4], PathSelector::ShortestGroups(3)), [1, 1, 2, 3, 3]);
        assert_eq!(kept(&[2, 2], PathSelector::ShortestGroups(1)), [2, 2]);
    }

    #[test]
    fn a_selection_is_known_once_enough_matches_fit_under_the_cap() {
        assert!(selection_known(&of_lengths(&[1, 2]), PathSelector::Shortest(2), 2));
        // A match longer than the cap may have shorter rivals not yet found.
        assert!(!selection_known(&of_lengths(&[1, 3]), PathSelector::Shortest(2), 2));
        assert!(!selection_known(&of_lengths(&[1, 1]), PathSelector::ShortestGroups(2), 2));
        assert!(selection_known(&of_lengths(&[1, 1, 2]), PathSelector::ShortestGroups(2), 2));
        assert!(selection_known(&of_lengths(&[5]), PathSelector::Any(1), 1));
    }

    #[test]
    fn any_k_keeps_the_first_k_found() {
        assert_eq!(kept(&[3, 1, 2], PathSelector::Any(2)), [3, 1]);
        assert_eq!(kept(&[], PathSelector::Any(2)), Vec::<usize>::new());
    }
}
