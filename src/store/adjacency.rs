//! Who is linked to whom: each node's relationships in one direction, in
//! contiguous arrays (a CSR), with the changes since it was built on the
//! side.
//!
//! The CSR is built from the relationship records on the first read after
//! it was dropped, in one pass (a counting sort by node). A bulk load
//! therefore costs nothing here until the first query. Relationships added
//! later go to a small per-node delta, removed ones are marked dead in
//! place; when the changes grow past a quarter of the CSR, it is dropped
//! and the next read builds it afresh.
//!
//! Each node's links read newest first, as the linked lists of the store's
//! earlier petgraph layout did (so answers keep their order).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// One relationship seen from one of its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub rel: u32,
    pub rel_type: u32,
    /// The node at the other end.
    pub other: u32,
}

/// A removed link, left in the CSR until it is built again.
const DEAD: u32 = u32::MAX;

#[derive(Clone, Default)]
struct Csr {
    /// Node n's links are `links[offsets[n]..offsets[n + 1]]`, oldest first.
    offsets: Vec<u32>,
    links: Vec<Link>,
}

impl Csr {
    fn range(&self, node: u32) -> &[Link] {
        let n = node as usize;
        match (self.offsets.get(n), self.offsets.get(n + 1)) {
            (Some(&a), Some(&b)) => self.links.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A node's links, newest first: the delta's, then the CSR's live ones.
pub struct Links<'a> {
    delta: std::iter::Rev<std::slice::Iter<'a, Link>>,
    base: std::iter::Rev<std::slice::Iter<'a, Link>>,
}

impl Iterator for Links<'_> {
    type Item = Link;

    fn next(&mut self) -> Option<Link> {
        match self.delta.next() {
            Some(link) => Some(*link),
            None => self.base.find(|l| l.rel != DEAD).copied(),
        }
    }
}

#[derive(Clone, Default)]
pub struct Adjacency {
    csr: OnceLock<Csr>,
    /// Links added since the CSR was built, oldest first.
    delta: FxHashMap<u32, Vec<Link>>,
    /// How many links were added or removed since.
    changes: usize,
}

impl Adjacency {
    /// The links of `node`, newest first. `all` lists every live
    /// relationship as `(node, link)` in id order; it builds the CSR when
    /// there is none.
    pub fn links<A, I>(&self, node: u32, all: A) -> Links<'_>
    where
        A: FnOnce() -> I,
        I: Iterator<Item = (u32, Link)> + Clone,
    {
        let csr = self.csr.get_or_init(|| build(all()));
        let delta = self.delta.get(&node).map_or(&[][..], Vec::as_slice);
        Links { delta: delta.iter().rev(), base: csr.range(node).iter().rev() }
    }

    /// Records a new link of `node`.
    pub fn add(&mut self, node: u32, link: Link) {
        // Without a CSR, the next read builds one with this link in it.
        if self.csr.get().is_none() {
            return;
        }
        self.delta.entry(node).or_default().push(link);
        self.changed();
    }

    /// Forgets the link of `node` to relationship `rel`.
    pub fn remove(&mut self, node: u32, rel: u32) {
        let Some(csr) = self.csr.get_mut() else { return };
        if let Some(list) = self.delta.get_mut(&node)
            && let Some(i) = list.iter().position(|l| l.rel == rel)
        {
            list.remove(i);
            if list.is_empty() {
                self.delta.remove(&node);
            }
        } else {
            let n = node as usize;
            if let (Some(&a), Some(&b)) = (csr.offsets.get(n), csr.offsets.get(n + 1))
                && let Some(links) = csr.links.get_mut(a as usize..b as usize)
                && let Some(link) = links.iter_mut().find(|l| l.rel == rel)
            {
                link.rel = DEAD;
            }
        }
        self.changed();
    }

    fn changed(&mut self) {
        self.changes += 1;
        // A build costs the links and the nodes: wait for a quarter of that.
        let built = self.csr.get().map_or(0, |c| c.links.len() + c.offsets.len());
        if self.changes > 4096 + built / 4 {
            self.csr = OnceLock::new();
            self.delta = FxHashMap::default();
            self.changes = 0;
        }
    }
}

/// A CSR of `links` (given in id order, which each node's range keeps),
/// in two passes over them rather than a copy: they are millions.
fn build(links: impl Iterator<Item = (u32, Link)> + Clone) -> Csr {
    let mut offsets: Vec<u32> = Vec::new();
    for (n, _) in links.clone() {
        let n = n as usize;
        if offsets.len() < n + 2 {
            offsets.resize(n + 2, 0);
        }
        offsets[n + 1] += 1;
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let total = offsets.last().copied().unwrap_or(0) as usize;
    let mut next: Vec<u32> = offsets.clone();
    let mut placed = vec![Link { rel: DEAD, rel_type: 0, other: 0 }; total];
    for (n, link) in links {
        let slot = &mut next[n as usize];
        placed[*slot as usize] = link;
        *slot += 1;
    }
    Csr { offsets, links: placed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(rel: u32) -> Link {
        Link { rel, rel_type: 0, other: 9 }
    }

    fn rels(a: &Adjacency, node: u32, all: &[(u32, Link)]) -> Vec<u32> {
        a.links(node, || all.iter().copied()).map(|l| l.rel).collect()
    }

    #[test]
    fn newest_first_through_builds_additions_and_removals() {
        let all = vec![(0, link(0)), (2, link(1)), (0, link(2))];
        let mut a = Adjacency::default();
        // Nothing is built before the first read.
        a.add(0, link(0));
        assert_eq!(rels(&a, 0, &all), vec![2, 0]);
        assert_eq!(rels(&a, 1, &all), Vec::<u32>::new());
        assert_eq!(rels(&a, 2, &all), vec![1]);
        a.add(0, link(3));
        a.add(7, link(4));
        assert_eq!(rels(&a, 0, &all), vec![3, 2, 0]);
        assert_eq!(rels(&a, 7, &all), vec![4]);
        a.remove(0, 2);
        a.remove(0, 3);
        a.remove(7, 4);
        assert_eq!(rels(&a, 0, &all), vec![0]);
        assert_eq!(rels(&a, 7, &all), Vec::<u32>::new());
    }

    #[test]
    fn many_changes_drop_the_csr_for_a_fresh_build() {
        let mut a = Adjacency::default();
        assert_eq!(rels(&a, 0, &[]), Vec::<u32>::new());
        let all: Vec<(u32, Link)> = (0..5000).map(|r| (0, link(r))).collect();
        for r in 0..5000 {
            a.add(0, link(r));
        }
        // Dropped along the way: what the records say is read afresh.
        assert_eq!(rels(&a, 0, &all).len(), 5000);
        assert_eq!(rels(&a, 0, &all).first(), Some(&4999));
    }
}
