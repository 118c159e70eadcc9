//! Pattern planning: where each part of a pattern starts, how that node
//! is found (a bound node, a lookup by id, an index seek, a label scan),
//! and the order and direction its relationships are expanded in, all
//! chosen by estimated cost ([`cost`](super::cost)). Where the WHERE
//! conditions go is [`filters`](super::filters)'s.

use std::collections::{HashMap, HashSet};

use super::by_id::element_id_lookups;
use super::cost::estimate_steps;
pub(super) use super::filters::reads_only;
use super::filters::{lift_indexed_equalities, place_filters};
use super::index::{Condition, IndexSeek, best_seek, conditions};
use super::repeat::{Repeat, RepeatBody, Select};
pub use super::stats::GraphStats;
use super::walk::{Hop, orders, rightwards_then_leftwards};
use super::{Expand, Expr, MatchPlan, NodeCheck, Slot, Step};
use crate::ast::PathSelector;
use crate::store::{Dir, INDEXED_KEYS};

/// Paths with more relationships than this are walked the way the planner
/// guesses first (see [`Planner::first_guess`]), not in the cheapest of
/// all their `2^len` orders.
const ALL_ORDERS_UP_TO: usize = 8;

/// A pattern node with its variable resolved.
#[derive(Clone, Debug)]
pub struct PatternNode {
    pub slot: Slot,
    pub check: NodeCheck,
}

/// A pattern relationship with its variable resolved; `dir` is seen from
/// the node before it in the pattern.
#[derive(Clone, Debug)]
pub struct PatternRel {
    pub slot: Slot,
    pub dir: Dir,
    pub types: Vec<std::sync::Arc<str>>,
    pub properties: Vec<(std::sync::Arc<str>, Expr)>,
    pub var_length: Option<(u64, Option<u64>)>,
    /// Whether the relationship has a variable (so its value is read).
    pub named: bool,
    /// A quantified path pattern: `var_length` repeats this path, and
    /// `slot` holds every relationship walked.
    pub group: Option<Box<RepeatBody>>,
}

/// One comma-separated part of a MATCH: `nodes.len() == rels.len() + 1`.
#[derive(Clone, Debug)]
pub struct PatternPath {
    pub nodes: Vec<PatternNode>,
    pub rels: Vec<PatternRel>,
    /// `p = …`: the slot of the path value.
    pub path: Option<Slot>,
    /// `shortestPath` (false) or `allShortestPaths` (true).
    pub shortest: Option<bool>,
    /// A GQL selector: which matches between each pair of ends are kept.
    pub selector: Option<PathSelector>,
    /// REPEATABLE ELEMENTS: relationships may repeat.
    pub repeatable: bool,
}

/// Plans a MATCH of `paths` given the slots bound before it, with the
/// WHERE condition split at its ANDs.
pub fn plan_match(
    stats: &GraphStats,
    mut paths: Vec<PatternPath>,
    bound: &HashSet<Slot>,
    filter: Vec<Expr>,
) -> MatchPlan {
    let filter = lift_indexed_equalities(&mut paths, bound, filter);
    let by_id = element_id_lookups(&paths, bound, &filter);
    let named: HashSet<Slot> = paths.iter().flat_map(|p| p.rels.iter()).filter(|r| r.named).map(|r| r.slot).collect();
    let conditions = if stats.indexes.is_empty() { HashMap::new() } else { conditions(&filter, bound) };
    let mut filter_reads = HashSet::new();
    for f in &filter {
        super::visit_slots(f, &mut |s| {
            filter_reads.insert(s);
        });
    }
    let unique = !paths.iter().any(|p| p.repeatable);
    let mut planner = Planner {
        stats,
        by_id: &by_id,
        conditions: &conditions,
        before: bound,
        filter: &filter,
        bound: bound.clone(),
        steps: Vec::new(),
        rels_of_match: Vec::new(),
        filter_reads,
        unique,
    };
    let mut remaining = paths;
    while !remaining.is_empty() {
        // Parts connected to what is bound go first: they need no scan.
        let next = remaining.iter().position(|p| p.nodes.iter().any(|n| planner.bound.contains(&n.slot))).unwrap_or(0);
        let path = remaining.remove(next);
        planner.path(path);
    }
    let mut plan = MatchPlan { steps: planner.steps, estimates: Vec::new() };
    drop_unread_rel_lists(&mut plan, &named);
    place_filters(&mut plan, bound, filter);
    plan.estimates = estimate_steps(stats, &plan.steps).rows;
    plan
}

/// A variable-length relationship without a variable, in no path and
/// before no other expansion (which would check uniqueness against it), is
/// never read: its list need not be built for every trail.
fn drop_unread_rel_lists(plan: &mut MatchPlan, named: &HashSet<Slot>) {
    let in_paths: HashSet<Slot> = plan
        .steps
        .iter()
        .flat_map(|s| match s {
            Step::Path { rels, .. } => rels.clone(),
            _ => Vec::new(),
        })
        .collect();
    let last_expand = plan
        .steps
        .iter()
        .rposition(|s| matches!(s, Step::Expand(_) | Step::Shortest(_) | Step::Repeat(_) | Step::Select(_)));
    for (k, step) in plan.steps.iter_mut().enumerate() {
        if let Step::Expand(e) = step
            && e.var_length.is_some()
            && !e.rel_bound
            && Some(k) == last_expand
            && !named.contains(&e.rel)
            && !in_paths.contains(&e.rel)
        {
            e.keep_rels = false;
        }
    }
}

#[derive(Clone)]
struct Planner<'g> {
    stats: &'g GraphStats,
    /// Nodes a WHERE gives the elementId of.
    by_id: &'g HashMap<Slot, Expr>,
    /// WHERE conditions an index seek can serve, by node slot.
    conditions: &'g HashMap<Slot, Vec<Condition>>,
    /// The slots bound before the MATCH, and its WHERE: a plan is costed
    /// with its filters in place.
    before: &'g HashSet<Slot>,
    filter: &'g [Expr],
    bound: HashSet<Slot>,
    steps: Vec<Step>,
    rels_of_match: Vec<Slot>,
    /// The slots the MATCH's WHERE reads.
    filter_reads: HashSet<Slot>,
    /// DIFFERENT RELATIONSHIPS (not REPEATABLE ELEMENTS).
    unique: bool,
}

impl Planner<'_> {
    fn path(&mut self, mut path: PatternPath) {
        match path.selector.take() {
            Some(selector) if self.breadth_first(&path, selector) => {
                path.shortest = Some(matches!(selector, PathSelector::ShortestGroups(_)));
            }
            Some(selector) => return self.select(path, selector),
            None => {}
        }
        if let (Some(all), [from, to], [rel]) = (path.shortest, path.nodes.as_slice(), path.rels.as_slice()) {
            self.start_node(from);
            self.start_node(to);
            let (min, max) = rel.var_length.unwrap_or((1, Some(1)));
            let path_slot = path.path.unwrap_or(rel.slot);
            self.steps.push(Step::Shortest(Box::new(super::Shortest {
                from: from.slot,
                to: to.slot,
                rel: rel.slot,
                path: path_slot,
                dir: rel.dir,
                types: rel.types.clone(),
                rel_properties: rel.properties.clone(),
                min,
                max,
                all,
            })));
            self.bound.insert(rel.slot);
            self.bound.insert(path_slot);
            return;
        }
        match self.rel_lookup(&path) {
            Some(i) => {
                let rel = &path.rels[i];
                let id = self.by_id.get(&rel.slot).cloned().unwrap_or(Expr::Const(crate::value::Value::Null));
                let node = path.nodes[i].slot;
                self.steps.push(Step::RelById { rel: rel.slot, node, id, dir: rel.dir });
                self.bound.insert(rel.slot);
                self.bound.insert(node);
                self.walk(&path, i, &rightwards_then_leftwards(path.rels.len(), i));
            }
            None => self.cheapest_walk(&path),
        }
        if let Some(slot) = path.path {
            self.steps.push(Step::Path {
                slot,
                nodes: path.nodes.iter().map(|n| n.slot).collect(),
                rels: path.rels.iter().map(|r| r.slot).collect(),
            });
            self.bound.insert(slot);
        }
    }

    /// Whether a selector over `path` is the breadth-first shortest-path
    /// search: one relationship of at most one hop to start with, one
    /// shortest path or the shortest group, and a WHERE that reads neither
    /// the relationships nor the path (it filters after the selection).
    fn breadth_first(&self, path: &PatternPath, selector: PathSelector) -> bool {
        let [rel] = path.rels.as_slice() else { return false };
        let one =
            matches!(selector, PathSelector::Shortest(1) | PathSelector::Any(1) | PathSelector::ShortestGroups(1));
        let read = |s: &Slot| self.filter_reads.contains(s);
        one && rel.group.is_none()
            && rel.var_length.is_none_or(|(min, _)| min <= 1)
            && !read(&rel.slot)
            && !path.path.as_ref().is_some_and(read)
    }

    /// Plans `path` on its own, inside a step that keeps the matches
    /// `selector` chooses.
    fn select(&mut self, path: PatternPath, selector: PathSelector) {
        let before = self.bound.clone();
        let outer = std::mem::take(&mut self.steps);
        let ends = (path.nodes[0].slot, path.nodes[path.nodes.len() - 1].slot);
        let rels = path.rels.iter().map(|r| r.slot).collect();
        let unbounded = path.rels.iter().any(|r| r.var_length.is_some_and(|(_, max)| max.is_none()));
        // The states a shortest walk passes at most once per node: each
        // place in the pattern, times the repetitions still owed.
        let hops: usize = path.rels.iter().map(|r| r.group.as_ref().map_or(1, |g| g.rels.len())).sum();
        let owed = path.rels.iter().filter_map(|r| r.group.as_ref().and(r.var_length)).map(|(min, _)| min).max();
        let states = (hops as u64 + 1).saturating_mul(owed.unwrap_or(0).saturating_add(1));
        let walks = !self.unique;
        self.path(path);
        let steps = std::mem::replace(&mut self.steps, outer);
        let mut binds: Vec<Slot> = self.bound.difference(&before).copied().collect();
        binds.sort_unstable();
        let deepen = unbounded.then_some(super::repeat::Deepen { walks, states });
        self.steps.push(Step::Select(Box::new(Select {
            plan: MatchPlan { steps, estimates: Vec::new() },
            selector,
            ends,
            rels,
            binds,
            deepen,
        })));
    }

    /// The relationship to start from when a WHERE gives its elementId and
    /// no node of the path is bound or looked up by its own.
    fn rel_lookup(&self, path: &PatternPath) -> Option<usize> {
        let nodes_known = path.nodes.iter().any(|n| self.bound.contains(&n.slot) || self.by_id.contains_key(&n.slot));
        // (Repetitions are walked forwards, from a node before them.)
        if nodes_known || path.shortest.is_some() || path.rels.iter().any(|r| r.group.is_some()) {
            return None;
        }
        path.rels
            .iter()
            .position(|r| r.var_length.is_none() && !self.bound.contains(&r.slot) && self.by_id.contains_key(&r.slot))
    }

    /// Walks the path from the start and in the order that cost least.
    /// Ties go to the first tried: the node a bound slot, an id, a seek
    /// or the smallest label finds, walked rightwards, then leftwards.
    fn cheapest_walk(&mut self, path: &PatternPath) {
        let first = self.first_guess(path);
        // Repetitions are walked forwards, from a start no later than the
        // first (see `first_guess`): only the hops before it may vary.
        let repeats = path.rels.iter().any(|r| r.group.is_some());
        if path.rels.len() > ALL_ORDERS_UP_TO || repeats {
            // Weighing every start of a long chain would cost more than it saves.
            self.walk(path, first, &rightwards_then_leftwards(path.rels.len(), first));
            return;
        }
        // A path through a bound node starts at one: the row's value is
        // checked there (it must be a node), and one row costs least.
        let any_bound = path.nodes.iter().any(|n| self.bound.contains(&n.slot));
        let may_start = |i: &usize| !any_bound || self.bound.contains(&path.nodes[*i].slot);
        let starts = std::iter::once(first).chain((0..path.nodes.len()).filter(|i| *i != first).filter(may_start));
        let mut best: Option<(f64, Self)> = None;
        for start in starts {
            for order in orders(path.rels.len(), start) {
                let mut trial = self.clone();
                trial.walk(path, start, &order);
                let cost = trial.cost();
                if best.as_ref().is_none_or(|(least, _)| cost < *least) {
                    best = Some((cost, trial));
                }
            }
        }
        if let Some((_, planner)) = best {
            *self = planner;
        }
    }

    /// Binds the start node, then expands the relationships in `order`.
    fn walk(&mut self, path: &PatternPath, start: usize, order: &[Hop]) {
        self.start_node(&path.nodes[start]);
        for &(i, backwards) in order {
            if backwards {
                self.expand(&path.nodes[i + 1], &path.rels[i], &path.nodes[i], true);
            } else {
                self.expand(&path.nodes[i], &path.rels[i], &path.nodes[i + 1], false);
            }
        }
    }

    /// The estimated work of the steps so far, with the WHERE in place.
    fn cost(&self) -> f64 {
        if self.filter.is_empty() {
            return estimate_steps(self.stats, &self.steps).cost;
        }
        let mut plan = MatchPlan { steps: self.steps.clone(), estimates: Vec::new() };
        place_filters(&mut plan, self.before, self.filter.to_vec());
        estimate_steps(self.stats, &plan.steps).cost
    }

    /// The start the planner took before it weighed costs, tried first so
    /// that it wins ties (an empty graph, equal counts).
    fn first_guess(&self, path: &PatternPath) -> usize {
        let score = |n: &PatternNode| -> (u8, usize) {
            if self.bound.contains(&n.slot) {
                return (0, 0);
            }
            if self.by_id.contains_key(&n.slot) || self.index_seek_for(n).is_some() || self.seek_for(n).is_some() {
                return (1, 0);
            }
            match n.check.labels.iter().map(|l| self.stats.label_count(l)).min() {
                Some(count) => (2, count),
                None => (3, 0),
            }
        };
        // Repetitions are walked forwards: start no later than the first.
        let last = path.rels.iter().position(|r| r.group.is_some()).unwrap_or(path.nodes.len() - 1);
        (0..=last).min_by_key(|i| score(&path.nodes[*i])).unwrap_or(0)
    }

    /// A `(label, key, value)` lookup for a node, when one applies.
    fn seek_for<'n>(
        &self,
        node: &'n PatternNode,
    ) -> Option<(&'n std::sync::Arc<str>, &'n std::sync::Arc<str>, &'n Expr)> {
        let label = node.check.labels.first()?;
        node.check
            .properties
            .iter()
            .find(|(k, v)| INDEXED_KEYS.contains(&k.as_ref()) && reads_only(v, &self.bound))
            .map(|(k, v)| (label, k, v))
    }

    fn index_seek_for(&self, node: &PatternNode) -> Option<(usize, IndexSeek)> {
        if self.stats.indexes.is_empty() {
            return None;
        }
        let conditions = self.conditions.get(&node.slot).map(Vec::as_slice).unwrap_or_default();
        best_seek(&self.stats.indexes, node, conditions, &self.bound)
    }

    /// Binds a node: a bound one is checked, an unbound one is found the
    /// cheapest way it can be.
    fn start_node(&mut self, node: &PatternNode) {
        let step = if self.bound.contains(&node.slot) {
            Step::Bound { slot: node.slot, check: node.check.clone() }
        } else {
            let cost = |step: &Step| estimate_steps(self.stats, std::slice::from_ref(step)).cost;
            // The first of equally cheap ways wins: they are listed best first.
            let ways = self.ways_to_find(node).into_iter().map(|step| (cost(&step), step));
            let cheapest = ways.min_by(|(a, _), (b, _)| a.total_cmp(b)).map(|(_, step)| step);
            cheapest.unwrap_or_else(|| Step::Scan { slot: node.slot, check: node.check.clone() })
        };
        self.steps.push(step);
        self.bound.insert(node.slot);
    }

    /// The ways an unbound node can be found: by its elementId, an exact
    /// seek in a user's index, the name index, another seek, a scan.
    fn ways_to_find(&self, node: &PatternNode) -> Vec<Step> {
        let mut ways = Vec::new();
        if let Some(id) = self.by_id.get(&node.slot) {
            ways.push(Step::NodeById { slot: node.slot, id: id.clone(), check: node.check.clone() });
        }
        let index_seek = self.index_seek_for(node);
        let exact = index_seek.as_ref().is_some_and(|(rank, _)| *rank == 0);
        if let Some((_, seek)) = index_seek.clone().filter(|_| exact) {
            ways.push(Step::IndexSeek(Box::new(seek)));
        }
        if let Some((label, key, value)) = self.seek_for(node) {
            ways.push(Step::Seek {
                slot: node.slot,
                label: label.clone(),
                key: key.clone(),
                value: value.clone(),
                check: node.check.clone(),
            });
        }
        if let Some((_, seek)) = index_seek.filter(|_| !exact) {
            ways.push(Step::IndexSeek(Box::new(seek)));
        }
        let mut check = node.check.clone();
        // Scan the smallest label: put it first, the scan uses labels[0].
        check.labels.sort_by_key(|l| self.stats.label_count(l));
        ways.push(Step::Scan { slot: node.slot, check });
        ways
    }

    fn expand(&mut self, from: &PatternNode, rel: &PatternRel, to: &PatternNode, backwards: bool) {
        let dir = if backwards {
            match rel.dir {
                Dir::Outgoing => Dir::Incoming,
                Dir::Incoming => Dir::Outgoing,
                Dir::Both => Dir::Both,
            }
        } else {
            rel.dir
        };
        let distinct_from = if self.unique { self.rels_of_match.clone() } else { Vec::new() };
        if let Some(body) = &rel.group {
            self.steps.push(Step::Repeat(Box::new(Repeat {
                from: from.slot,
                to: to.slot,
                to_bound: self.bound.contains(&to.slot),
                to_check: to.check.clone(),
                rels: rel.slot,
                min: rel.var_length.map_or(1, |(min, _)| min),
                max: rel.var_length.and_then(|(_, max)| max),
                body: (**body).clone(),
                distinct_from,
                capped: false,
            })));
            self.rels_of_match.push(rel.slot);
            self.bound.insert(rel.slot);
            self.bound.insert(to.slot);
            self.bound.extend(body.groups.iter().map(|(_, list)| *list));
            return;
        }
        self.steps.push(Step::Expand(Box::new(Expand {
            from: from.slot,
            rel: rel.slot,
            to: to.slot,
            dir,
            types: rel.types.clone(),
            rel_properties: rel.properties.clone(),
            var_length: rel.var_length,
            rel_bound: self.bound.contains(&rel.slot),
            to_bound: self.bound.contains(&to.slot),
            to_check: to.check.clone(),
            distinct_from,
            backwards,
            keep_rels: true,
            trail: self.unique,
            capped: false,
        })));
        self.rels_of_match.push(rel.slot);
        self.bound.insert(rel.slot);
        self.bound.insert(to.slot);
    }
}
