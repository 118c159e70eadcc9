//! How tall an expression's tree may grow ([`MAX_EXPRESSION_DEPTH`]),
//! counted while it is lowered: before the Pratt parser recurses over a
//! run of prefix operators, and before a chain of infix ones makes a tree
//! that every later pass would walk by recursion.

use std::cell::Cell;

use pest::iterators::Pair;

use super::{MAX_EXPRESSION_DEPTH, Rule};
use crate::error::{Error, ErrorKind, Result};

thread_local! {
    /// The height claimed by the expressions being lowered on this thread,
    /// from the outermost to the current one.
    static HEIGHT: Cell<usize> = const { Cell::new(0) };
}

/// The levels one expression adds to the tree: its operators (each makes
/// a node above the rest, at worst in a chain) and itself. Claimed on
/// entry and given back on drop, so nested expressions add up.
pub(super) struct Height(usize);

impl Height {
    pub(super) fn claim(pair: &Pair<'_, Rule>) -> Result<Height> {
        let below = HEIGHT.with(Cell::get);
        let operators = pair.clone().into_inner().filter(|p| is_operator(p.as_rule()));
        let mut height = below + 1;
        for op in operators {
            height += 1;
            if height > MAX_EXPRESSION_DEPTH {
                return Err(too_deep(op.as_span().start()));
            }
        }
        if height > MAX_EXPRESSION_DEPTH {
            return Err(too_deep(pair.as_span().start()));
        }
        HEIGHT.with(|h| h.set(height));
        Ok(Height(height - below))
    }
}

impl Height {
    /// Claims a level per clause and per pattern step inside an operand
    /// that runs a pattern or a subquery (`EXISTS { … }`, a pattern
    /// comprehension or predicate, `shortestPath`): the matcher and the
    /// pipeline recurse once per step, inside the evaluation of the
    /// expression around them.
    pub(super) fn claim_steps(operand: &Pair<'_, Rule>) -> Result<Height> {
        let below = HEIGHT.with(Cell::get);
        if !runs_steps(operand.as_rule()) {
            return Ok(Height(0));
        }
        let mut height = below;
        // The steps of this operand, not of the expressions nested in it,
        // whose operands claim their own when they are lowered.
        let mut pending: Vec<Pair<'_, Rule>> = operand.clone().into_inner().collect();
        while let Some(pair) = pending.pop() {
            if is_step(pair.as_rule()) {
                height += 1;
                if height > MAX_EXPRESSION_DEPTH {
                    return Err(too_deep(pair.as_span().start()));
                }
            }
            if pair.as_rule() != Rule::expression {
                pending.extend(pair.into_inner());
            }
        }
        HEIGHT.with(|h| h.set(height));
        Ok(Height(height - below))
    }
}

/// Whether an operand runs a pattern or a subquery.
fn runs_steps(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::exists_subquery | Rule::pattern_comprehension | Rule::relationships_pattern | Rule::shortest_path
    )
}

/// Whether a rule is a step the pipeline or the matcher recurses over.
fn is_step(rule: Rule) -> bool {
    super::is_clause(rule) || matches!(rule, Rule::node_pattern | Rule::pattern_chain)
}

impl Drop for Height {
    fn drop(&mut self) {
        HEIGHT.with(|h| h.set(h.get().saturating_sub(self.0)));
    }
}

fn too_deep(at: usize) -> Error {
    let message = format!(
        "Expressions may nest at most {MAX_EXPRESSION_DEPTH} deep (operators, CASE, arguments, subquery clauses, pattern steps)"
    );
    Error::new(ErrorKind::ResourceLimit, message).at(at)
}

/// Whether a rule in an expression's flat list is an operator, not an operand.
fn is_operator(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_or
            | Rule::op_xor
            | Rule::op_and
            | Rule::op_not
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_lt
            | Rule::op_gt
            | Rule::op_le
            | Rule::op_ge
            | Rule::op_starts_with
            | Rule::op_ends_with
            | Rule::op_contains
            | Rule::op_in
            | Rule::op_regex
            | Rule::op_concat
            | Rule::op_is_type
            | Rule::op_is_normalized
            | Rule::op_is_null
            | Rule::op_is_not_null
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
            | Rule::op_mod
            | Rule::op_pow
            | Rule::op_neg
            | Rule::op_pos
            | Rule::property_lookup
            | Rule::index
            | Rule::slice
            | Rule::label_check
    )
}
