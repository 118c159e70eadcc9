//! Lowering of GQL's path selectors and quantified relationships onto the
//! path kinds and variable-length relationships the planner knows:
//! `SHORTEST 1` and `ANY` find one shortest path per pair of ends, `ALL
//! SHORTEST` (and `SHORTEST 1 GROUPS`) every shortest one; `-[:T]->{1,4}`,
//! `+` and `*` are `-[:T*1..4]->`, `*1..` and `*0..`, with the same group
//! variable (a list of relationships).

use pest::iterators::Pair;

use super::pattern::pattern_element;
use super::{Rule, span};
use crate::ast::{PathKind, PatternElement, RelPattern};
use crate::error::{Error, Result};

/// `SHORTEST k …`, `ALL SHORTEST …`, `ANY …` before a path pattern.
pub(super) fn selected_path(pair: Pair<'_, Rule>) -> Result<(PathKind, PatternElement)> {
    let at = span(&pair).start;
    let mut kind = None;
    let mut element = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::path_selector => kind = Some(selector(p)?),
            Rule::pattern_element => element = Some(pattern_element(p)?),
            _ => {}
        }
    }
    match (kind, element) {
        (Some(kind), Some(element)) => Ok((kind, element)),
        _ => Err(Error::syntax("expected a path selector and a path pattern").at(at)),
    }
}

fn selector(pair: Pair<'_, Rule>) -> Result<PathKind> {
    let at = span(&pair).start;
    let words: Vec<Rule> = pair.clone().into_inner().map(|p| p.as_rule()).collect();
    let count = match pair.into_inner().find(|p| p.as_rule() == Rule::selector_count) {
        Some(n) => n.as_str().parse::<u64>().map_err(|_| Error::syntax("the path count is too large").at(at))?,
        None => 1,
    };
    if count == 0 {
        return Err(Error::syntax("a path selector needs a count of at least 1").at(at));
    }
    let groups = words.contains(&Rule::GROUPS);
    Ok(match words.first() {
        Some(Rule::ALL) => PathKind::AllShortest,
        Some(Rule::SHORTEST) if groups && count == 1 => PathKind::AllShortest,
        _ if words.contains(&Rule::SHORTEST) || words.first() == Some(&Rule::ANY_KW) => {
            if count > 1 {
                let message = if groups {
                    "SHORTEST k GROUPS with k above 1 is not supported: use SHORTEST 1 GROUPS or ALL SHORTEST"
                } else {
                    "SHORTEST k and ANY k with k above 1 are not supported: use SHORTEST 1, ANY or ALL SHORTEST"
                };
                return Err(Error::semantic(message).at(at));
            }
            PathKind::Shortest
        }
        _ => return Err(Error::syntax("expected SHORTEST, ALL SHORTEST or ANY").at(at)),
    })
}

/// Applies a quantifier (`{m,n}`, `+`, `*`) to the relationship before it.
pub(super) fn quantify(rel: &mut RelPattern, pair: Pair<'_, Rule>) -> Result<()> {
    let at = span(&pair).start;
    if rel.range.is_some() {
        return Err(Error::syntax("a variable-length relationship (*) cannot also be quantified").at(at));
    }
    let bound = |p: Pair<'_, Rule>| p.as_str().parse::<u64>().map_err(|_| Error::syntax("invalid length bound").at(at));
    let range = match pair.as_str() {
        "+" => (Some(1), None),
        "*" => (Some(0), None),
        _ => {
            let (mut min, mut max, mut comma) = (None, None, false);
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::quantifier_min => min = Some(bound(p)?),
                    Rule::quantifier_max => max = Some(bound(p)?),
                    Rule::quantifier_comma => comma = true,
                    _ => {}
                }
            }
            match (min, max, comma) {
                // `{n}`: exactly n.
                (Some(n), None, false) => (Some(n), Some(n)),
                (None, None, false) => return Err(Error::syntax("a quantifier needs a bound: {n} or {m,n}").at(at)),
                (min, max, _) => (Some(min.unwrap_or(0)), max),
            }
        }
    };
    if let (Some(min), Some(max)) = range
        && min > max
    {
        return Err(Error::syntax(format!("the quantifier's lower bound {min} is above its upper bound {max}")).at(at));
    }
    rel.range = Some(range);
    Ok(())
}
