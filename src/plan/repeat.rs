//! The steps of GQL path patterns that the matcher runs as searches of
//! their own: a quantified path pattern repeated between two nodes, and a
//! path pattern whose matches a selector (`SHORTEST 2`, `ANY`) chooses from.

use super::{MatchPlan, NodeCheck, Slot};
use crate::ast::PathSelector;

/// One repetition of a quantified path pattern, as the analyser builds it:
/// `plan` matches the path once from `entry` (bound before it runs) and
/// binds `exit`, where the next repetition starts.
#[derive(Clone, Debug)]
pub struct RepeatBody {
    pub plan: MatchPlan,
    pub entry: Slot,
    pub exit: Slot,
    /// The relationship slots of the path, in the order written.
    pub rels: Vec<Slot>,
    /// Each variable of the path: (its slot in one repetition, the slot of
    /// the list of its values over the repetitions).
    pub groups: Vec<(Slot, Slot)>,
    /// DIFFERENT RELATIONSHIPS: no relationship twice in a match.
    pub unique: bool,
}

/// A quantified path pattern `(from)((x)-[…]->(y) WHERE …){min,max}(to)`.
#[derive(Clone, Debug)]
pub struct Repeat {
    pub from: Slot,
    pub to: Slot,
    pub to_bound: bool,
    pub to_check: NodeCheck,
    /// Every relationship the repetitions walked, in order (a list): what
    /// a path variable and a later relationship's uniqueness read.
    pub rels: Slot,
    pub min: u64,
    pub max: Option<u64>,
    pub body: RepeatBody,
    /// Relationship slots of the same MATCH bound before this step.
    pub distinct_from: Vec<Slot>,
    /// `max` is a path selector's cap, not the user's.
    pub capped: bool,
}

/// A path pattern after a selector: `plan` finds every match, and the
/// selector keeps some of those between each pair of end nodes.
#[derive(Clone, Debug)]
pub struct Select {
    pub plan: MatchPlan,
    pub selector: PathSelector,
    /// The path's first and last node.
    pub ends: (Slot, Slot),
    /// The path's relationship slots (single or lists): its length.
    pub rels: Vec<Slot>,
    /// What `plan` binds, saved for each match it finds.
    pub binds: Vec<Slot>,
    /// Set when the pattern has an unbounded quantifier.
    pub deepen: Option<Deepen>,
}

/// How a selector searches a pattern with an unbounded quantifier: with a
/// cap on each quantifier that grows until the selection is known, which
/// ends even when relationships may repeat and a cycle has walks of every
/// length.
#[derive(Clone, Copy, Debug)]
pub struct Deepen {
    /// REPEATABLE ELEMENTS: the matches are walks.
    pub walks: bool,
    /// How many places a shortest walk can be in per node; a pair of ends
    /// that has a match has one at most (nodes × states) long.
    pub states: u64,
}

impl MatchPlan {
    /// This plan with every unbounded quantifier bounded by `cap`.
    pub fn capped(&self, cap: u64) -> MatchPlan {
        let mut plan = self.clone();
        for step in &mut plan.steps {
            match step {
                super::Step::Expand(e) => {
                    if let Some((_, max @ None)) = &mut e.var_length {
                        *max = Some(cap);
                        e.capped = true;
                    }
                }
                super::Step::Repeat(r) if r.max.is_none() => {
                    r.max = Some(cap);
                    r.capped = true;
                }
                _ => {}
            }
        }
        plan
    }
}
