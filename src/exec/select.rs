//! GQL path selectors: every match of the path pattern is found, then,
//! between each pair of end nodes, `ANY k` keeps the first k, `SHORTEST k`
//! the k shortest and `SHORTEST k GROUPS` all those of the k shortest
//! lengths; the rest of the pattern goes on from each kept match.

use super::matcher::{Out, run_read, step};
use super::{Ctx, Row};
use crate::ast::PathSelector;
use crate::error::Result;
use crate::plan::Step;
use crate::plan::repeat::Select;
use crate::value::Value;

/// One match of the path: its length and what it binds.
struct Found {
    length: usize,
    values: Vec<Value>,
}

pub(super) fn select(steps: &[Step], i: usize, s: &Select, row: &mut Row, ctx: &Ctx<'_>, out: Out<'_>) -> Result<bool> {
    // The matches by pair of ends, pairs in the order first found.
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    let mut found: Vec<Vec<Found>> = Vec::new();
    run_read(&s.plan, row, ctx, &mut |row: &mut Row| {
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
    fn any_k_keeps_the_first_k_found() {
        assert_eq!(kept(&[3, 1, 2], PathSelector::Any(2)), [3, 1]);
        assert_eq!(kept(&[], PathSelector::Any(2)), Vec::<usize>::new());
    }
}
