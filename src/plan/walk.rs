//! The orders a path can be walked in: from a start node, the walked part
//! grows by one relationship at either end until it is the whole path.

/// One relationship of a path, by index, and whether it is walked right
/// to left.
pub type Hop = (usize, bool);

/// The hops of a path of `len` relationships walked from node `start`:
/// every order in which the walked part grows by one relationship at
/// either end (`2^len` over all starts), rightwards first.
pub fn orders(len: usize, start: usize) -> Vec<Vec<Hop>> {
    fn grow(len: usize, left: usize, right: usize, so_far: &mut Vec<Hop>, out: &mut Vec<Vec<Hop>>) {
        if left == 0 && right == len {
            out.push(so_far.clone());
            return;
        }
        if right < len {
            so_far.push((right, false));
            grow(len, left, right + 1, so_far, out);
            so_far.pop();
        }
        if left > 0 {
            so_far.push((left - 1, true));
            grow(len, left - 1, right, so_far, out);
            so_far.pop();
        }
    }
    let mut out = Vec::new();
    grow(len, start, start, &mut Vec::new(), &mut out);
    out
}

/// The one order when there is no choice: rightwards from the start, then leftwards.
pub fn rightwards_then_leftwards(len: usize, start: usize) -> Vec<Hop> {
    (start..len).map(|i| (i, false)).chain((0..start).rev().map(|i| (i, true))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_walks_every_relationship_once_from_the_start() {
        let len = 4;
        let all: usize = (0..=len).map(|start| orders(len, start).len()).sum();
        assert_eq!(all, 1 << len);
        for start in 0..=len {
            let found = orders(len, start);
            assert_eq!(found[0], rightwards_then_leftwards(len, start));
            for order in found {
                let mut rels: Vec<usize> = order.iter().map(|(i, _)| *i).collect();
                rels.sort();
                assert_eq!(rels, (0..len).collect::<Vec<_>>());
                // Leftwards hops leave the start's left side, rightwards its right.
                assert!(order.iter().all(|(i, backwards)| *backwards == (*i < start)));
            }
        }
        assert_eq!(rightwards_then_leftwards(3, 1), vec![(1, false), (2, false), (0, true)]);
    }
}
