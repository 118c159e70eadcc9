//! Lowering of graph patterns.

use pest::iterators::Pair;

use super::expr::{ident, schema_names};
use super::{MAX_PATTERN_LENGTH, Rule, name, span};
use crate::ast::*;
use crate::error::{Error, ErrorKind, Result};

pub(super) fn pattern(pair: Pair<'_, Rule>) -> Result<Vec<PatternPart>> {
    let parts: Vec<PatternPart> =
        pair.into_inner().filter(|p| p.as_rule() == Rule::pattern_part).map(pattern_part).collect::<Result<_>>()?;
    let mut length = 0;
    for part in &parts {
        length += 1 + part.element.chain.len();
        if length > MAX_PATTERN_LENGTH {
            return Err(too_long(part.span.start));
        }
    }
    Ok(parts)
}

fn too_long(at: usize) -> Error {
    let message = format!("A pattern may have at most {MAX_PATTERN_LENGTH} nodes and relationships");
    Error::new(ErrorKind::ResourceLimit, message).at(at)
}

pub(super) fn pattern_part(pair: Pair<'_, Rule>) -> Result<PatternPart> {
    let part_span = span(&pair);
    let mut var = None;
    let mut body = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => var = Some(ident(&p)),
            Rule::shortest_path => body = Some(shortest_path(p)?),
            Rule::selected_path => body = Some(super::gql::selected_path(p)?),
            Rule::pattern_element => body = Some((PathKind::Normal, pattern_element(p)?)),
            _ => {}
        }
    }
    let (kind, element) = body.ok_or_else(|| Error::syntax("expected a pattern").at(part_span.start))?;
    Ok(PatternPart { var, kind, element, span: part_span })
}

pub(super) fn shortest_path(pair: Pair<'_, Rule>) -> Result<(PathKind, PatternElement)> {
    let at = span(&pair).start;
    let mut kind = PathKind::Shortest;
    let mut element = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::ALL_SHORTEST_PATHS => kind = PathKind::AllShortest,
            Rule::pattern_element => element = Some(pattern_element(p)?),
            _ => {}
        }
    }
    Ok((kind, element.ok_or_else(|| Error::syntax("expected a pattern").at(at))?))
}

pub(super) fn pattern_element(pair: Pair<'_, Rule>) -> Result<PatternElement> {
    let at = span(&pair).start;
    let mut start = None;
    let mut chain = Vec::new();
    // A quantified path pattern waiting for the node pattern after it.
    let mut pending: Option<RelPattern> = None;
    for p in pair.into_inner() {
        let here = span(&p);
        if chain.len() == MAX_PATTERN_LENGTH {
            return Err(too_long(here.start));
        }
        match p.as_rule() {
            // `((a)-->(b))`: the parenthesised element is the element.
            Rule::pattern_element => return pattern_element(p),
            Rule::node_pattern => {
                let node = node_pattern(p)?;
                match pending.take() {
                    // `(a)((x)-->(y)){2}(b)`: b is where the repetitions end.
                    Some(group) => chain.push((group, node)),
                    None if start.is_none() => start = Some(node),
                    None => {
                        let message = "two node patterns side by side need a relationship or a quantified path pattern between them";
                        return Err(Error::syntax(message).at(here.start));
                    }
                }
            }
            Rule::pattern_chain => chain.push(pattern_chain(p)?),
            Rule::quantified_path => {
                let group = super::gql::quantified_path(p)?;
                // A quantified path pattern with no node pattern beside it
                // starts or ends at a node of its own.
                start.get_or_insert_with(|| anonymous_node(here));
                if let Some(before) = pending.replace(group) {
                    chain.push((before, anonymous_node(here)));
                }
            }
            _ => {}
        }
    }
    if let Some(group) = pending {
        let end = Span { start: group.span.end, end: group.span.end };
        chain.push((group, anonymous_node(end)));
    }
    let start = start.ok_or_else(|| Error::syntax("expected a node pattern").at(at))?;
    Ok(PatternElement { start, chain })
}

fn anonymous_node(span: Span) -> NodePattern {
    NodePattern { var: None, labels: Vec::new(), properties: None, span }
}

pub(super) fn relationships_pattern(pair: Pair<'_, Rule>) -> Result<PatternElement> {
    pattern_element(pair)
}

pub(super) fn pattern_chain(pair: Pair<'_, Rule>) -> Result<(RelPattern, NodePattern)> {
    let at = span(&pair).start;
    let mut rel = None;
    let mut node = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::relationship_pattern => rel = Some(relationship_pattern(p)?),
            Rule::rel_quantifier => match rel.as_mut() {
                Some(rel) => super::gql::quantify(rel, p)?,
                None => return Err(Error::syntax("a quantifier follows a relationship").at(at)),
            },
            Rule::node_pattern => node = Some(node_pattern(p)?),
            _ => {}
        }
    }
    match (rel, node) {
        (Some(r), Some(n)) => Ok((r, n)),
        _ => Err(Error::syntax("expected a relationship and a node").at(at)),
    }
}

pub(super) fn node_pattern(pair: Pair<'_, Rule>) -> Result<NodePattern> {
    let mut node = NodePattern { var: None, labels: Vec::new(), properties: None, span: span(&pair) };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => node.var = Some(ident(&p)),
            Rule::node_labels => node.labels = schema_names(p),
            Rule::properties => node.properties = Some(properties(p)?),
            _ => {}
        }
    }
    Ok(node)
}

fn relationship_pattern(pair: Pair<'_, Rule>) -> Result<RelPattern> {
    let mut rel = RelPattern {
        var: None,
        types: Vec::new(),
        direction: Direction::Both,
        range: None,
        properties: None,
        group: None,
        span: span(&pair),
    };
    let (mut left, mut right) = (false, false);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::left_arrow => left = true,
            Rule::right_arrow => right = true,
            Rule::relationship_detail => {
                for d in p.into_inner() {
                    match d.as_rule() {
                        Rule::variable => rel.var = Some(ident(&d)),
                        Rule::relationship_types => {
                            rel.types = d
                                .into_inner()
                                .filter(|t| t.as_rule() == Rule::rel_type_name)
                                .map(|t| name(&t))
                                .collect();
                        }
                        Rule::range => rel.range = Some(range(d)?),
                        Rule::properties => rel.properties = Some(properties(d)?),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    rel.direction = match (left, right) {
        (true, false) => Direction::Left,
        (false, true) => Direction::Right,
        _ => Direction::Both,
    };
    Ok(rel)
}

fn range(pair: Pair<'_, Rule>) -> Result<(Option<u64>, Option<u64>)> {
    let mut bounds = (None, None);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::range_exact => {
                let n = bound(p)?;
                bounds = (Some(n), Some(n));
            }
            Rule::range_bounds => {
                for b in p.into_inner() {
                    match b.as_rule() {
                        Rule::range_min => bounds.0 = Some(bound(b)?),
                        Rule::range_max => bounds.1 = Some(bound(b)?),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(bounds)
}

fn bound(pair: Pair<'_, Rule>) -> Result<u64> {
    let at = span(&pair).start;
    pair.as_str().trim().parse().map_err(|_| Error::syntax("invalid length bound").at(at))
}

fn properties(pair: Pair<'_, Rule>) -> Result<Expr> {
    let at = span(&pair).start;
    match pair.into_inner().next() {
        Some(p) => super::expr::operand(p),
        None => Err(Error::syntax("expected properties").at(at)),
    }
}
