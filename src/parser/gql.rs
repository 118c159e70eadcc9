//! Lowering of GQL's path patterns: path selectors (`SHORTEST k`, `SHORTEST
//! k GROUPS`, `ANY k`; `ANY SHORTEST` is `SHORTEST 1`, `ALL SHORTEST` is
//! `SHORTEST 1 GROUPS`), quantified relationships (`-[:T]->{1,4}`, `+` and
//! `*` are `-[:T*1..4]->`, `*1..` and `*0..`, with the same group variable,
//! a list of relationships) and quantified path patterns, hops whose range
//! repeats a whole path.

use pest::iterators::Pair;

use super::clause::where_clause;
use super::pattern::{node_pattern, pattern_chain, pattern_element};
use super::{Rule, span};
use crate::ast::{Direction, PathKind, PathSelector, PatternElement, QuantifiedPath, RelPattern};
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
    let shortest = words.contains(&Rule::SHORTEST);
    Ok(match words.first() {
        Some(Rule::ALL) if shortest => PathKind::Selected(PathSelector::ShortestGroups(1)),
        // `ALL [PATHS]`: every path, as without a selector.
        Some(Rule::ALL) => PathKind::Normal,
        _ if words.contains(&Rule::GROUPS) => PathKind::Selected(PathSelector::ShortestGroups(count)),
        _ if shortest => PathKind::Selected(PathSelector::Shortest(count)),
        Some(Rule::ANY_KW) => PathKind::Selected(PathSelector::Any(count)),
        _ => return Err(Error::syntax("expected SHORTEST, ALL SHORTEST or ANY").at(at)),
    })
}

/// `((x)-[:R]->(y) WHERE …){m,n}`: a hop that repeats a path.
pub(super) fn quantified_path(pair: Pair<'_, Rule>) -> Result<RelPattern> {
    let here = span(&pair);
    let mut start = None;
    let mut chain = Vec::new();
    let mut filter = None;
    let mut quantifier = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::node_pattern => start = Some(node_pattern(p)?),
            Rule::pattern_chain => {
                let (rel, node) = pattern_chain(p)?;
                if rel.range.is_some() {
                    let message = "quantified path patterns cannot be nested: a variable-length or quantified relationship cannot be inside one";
                    return Err(Error::syntax(message).at(rel.span.start));
                }
                chain.push((rel, node));
            }
            Rule::where_clause => filter = Some(where_clause(p)?),
            Rule::rel_quantifier => quantifier = Some(p),
            _ => {}
        }
    }
    let (Some(start), Some(quantifier)) = (start, quantifier) else {
        return Err(Error::syntax("expected a quantified path pattern").at(here.start));
    };
    let element = PatternElement { start, chain };
    let mut hop = RelPattern {
        var: None,
        types: Vec::new(),
        direction: Direction::Both,
        range: None,
        properties: None,
        group: Some(Box::new(QuantifiedPath { element, filter })),
        span: here,
    };
    quantify(&mut hop, quantifier)?;
    Ok(hop)
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

#[cfg(test)]
mod tests {
    use crate::ast::{Clause, MatchMode, PathKind, PathSelector, PatternPart};
    use crate::error::ErrorKind;
    use crate::parser::parse;

    fn matched(text: &str) -> (MatchMode, PatternPart) {
        match parse(text).map(|s| s.query.parts[0].clauses[0].clone()) {
            Ok(Clause::Match { mode, pattern, .. }) => (mode, pattern[0].clone()),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn kind(selector: &str) -> PathKind {
        matched(&format!("MATCH p = {selector} (a)-->+(b) RETURN p")).1.kind
    }

    #[test]
    fn selectors_name_a_count_and_a_kind() {
        use PathSelector::*;
        assert_eq!(kind("SHORTEST 3 PATHS"), PathKind::Selected(Shortest(3)));
        assert_eq!(kind("ANY SHORTEST"), PathKind::Selected(Shortest(1)));
        assert_eq!(kind("SHORTEST 2 GROUPS"), PathKind::Selected(ShortestGroups(2)));
        assert_eq!(kind("SHORTEST GROUP"), PathKind::Selected(ShortestGroups(1)));
        assert_eq!(kind("ALL SHORTEST PATHS"), PathKind::Selected(ShortestGroups(1)));
        assert_eq!(kind("ANY 4"), PathKind::Selected(Any(4)));
        assert_eq!(kind("ANY"), PathKind::Selected(Any(1)));
        assert_eq!(kind("ALL PATHS"), PathKind::Normal);
    }

    #[test]
    fn a_quantified_path_pattern_is_a_hop_between_the_nodes_beside_it() {
        let (mode, part) = matched("MATCH (a)((x)-[:R]->(y)-[:S]->(z) WHERE z.v > 1){2,}(b) RETURN b");
        assert_eq!(mode, MatchMode::DifferentRelationships);
        let [(hop, end)] = part.element.chain.as_slice() else { panic!("{part:?}") };
        assert_eq!(part.element.start.var.as_ref().map(|v| v.name.as_str()), Some("a"));
        assert_eq!(end.var.as_ref().map(|v| v.name.as_str()), Some("b"));
        assert_eq!(hop.range, Some((Some(2), None)));
        let group = hop.group.as_ref().expect("a group");
        assert_eq!(group.element.chain.len(), 2);
        assert!(group.filter.is_some());
        // Side by side, and with no node pattern at either end.
        let (_, part) = matched("MATCH ((x)-->(y)){1}((u)-->(v))+ RETURN 1");
        assert_eq!(part.element.chain.len(), 2);
        assert!(part.element.start.var.is_none() && part.element.chain[1].1.var.is_none());
    }

    #[test]
    fn match_modes_are_read_after_match() {
        assert_eq!(matched("MATCH REPEATABLE ELEMENTS (a)-->{2}(b) RETURN b").0, MatchMode::RepeatableElements);
        assert_eq!(matched("MATCH REPEATABLE ELEMENT (a)-->(b) RETURN b").0, MatchMode::RepeatableElements);
        assert_eq!(matched("MATCH DIFFERENT RELATIONSHIPS (a) RETURN a").0, MatchMode::DifferentRelationships);
        // Still names elsewhere.
        assert_eq!(matched("MATCH (repeatable) RETURN repeatable").0, MatchMode::DifferentRelationships);
    }

    #[test]
    fn what_cannot_be_quantified_is_a_syntax_error() {
        for text in [
            "MATCH ((a)){2} RETURN a",
            "MATCH ((a)-[*]->(b)){2} RETURN a",
            "MATCH ((a)-->{2}(b)){2} RETURN a",
            "MATCH (a)(b) RETURN a",
            "MATCH ((a)-->(b)){2,1} RETURN a",
        ] {
            assert_eq!(parse(text).map_err(|e| e.kind).err(), Some(ErrorKind::SyntaxError), "{text}");
        }
    }
}
