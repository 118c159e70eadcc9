//! Lowering of expressions. Precedence is openCypher's, from loosest to
//! tightest: OR, XOR, AND, NOT, comparisons (chained: `a < b < c` is
//! `a < b AND b < c`), string/list predicates and IS NULL, `+ -`, `* / %`,
//! `^`, unary `+ -`, then property access, indexing and label checks.

use std::sync::LazyLock;

use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::clause::where_clause;
use super::height::Height;
use super::pattern::{node_pattern, relationships_pattern, shortest_path};
use super::{Rule, cypher5, name, span, unescape};
use crate::ast::*;
use crate::error::{Error, Result};

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_xor, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left))
        .op(Op::infix(Rule::op_starts_with, Assoc::Left)
            | Op::infix(Rule::op_ends_with, Assoc::Left)
            | Op::infix(Rule::op_contains, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_regex, Assoc::Left)
            | Op::postfix(Rule::op_is_null)
            | Op::postfix(Rule::op_is_not_null)
            | Op::postfix(Rule::op_is_type)
            | Op::postfix(Rule::op_is_normalized))
        .op(Op::infix(Rule::op_add, Assoc::Left)
            | Op::infix(Rule::op_sub, Assoc::Left)
            | Op::infix(Rule::op_concat, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left)
            | Op::infix(Rule::op_div, Assoc::Left)
            | Op::infix(Rule::op_mod, Assoc::Left))
        .op(Op::infix(Rule::op_pow, Assoc::Left))
        .op(Op::prefix(Rule::op_neg) | Op::prefix(Rule::op_pos))
        .op(Op::postfix(Rule::property_lookup)
            | Op::postfix(Rule::index)
            | Op::postfix(Rule::slice)
            | Op::postfix(Rule::label_check))
});

/// An expression, and whether it is an unparenthesised comparison (which a
/// following comparison chains onto).
type Lowered = Result<(Expr, bool)>;

pub(super) fn expression(pair: Pair<'_, Rule>) -> Result<Expr> {
    let _height = Height::claim(&pair)?;
    PRATT
        .map_primary(|p| operand(p).map(|e| (e, false)))
        .map_prefix(|op, rhs| prefix(op, rhs))
        .map_postfix(|lhs, op| postfix(lhs, op))
        .map_infix(|lhs, op, rhs| infix(lhs, op, rhs))
        .parse(pair.into_inner())
        .map(|(e, _)| e)
}

fn join(a: Span, b: Span) -> Span {
    Span { start: a.start.min(b.start), end: a.end.max(b.end) }
}

fn prefix(op: Pair<'_, Rule>, rhs: Lowered) -> Lowered {
    let (rhs, _) = rhs?;
    let op_span = span(&op);
    let whole = join(op_span, rhs.span);
    let kind = match op.as_rule() {
        Rule::op_not => ExprKind::Unary(UnaryOp::Not, Box::new(rhs)),
        Rule::op_pos => ExprKind::Unary(UnaryOp::Pos, Box::new(rhs)),
        _ => match rhs.kind {
            // The one integer literal that only fits negated.
            ExprKind::BigInt(ref digits) if digits == "9223372036854775808" => {
                ExprKind::Literal(Literal::Int(i64::MIN))
            }
            _ => ExprKind::Unary(UnaryOp::Neg, Box::new(rhs)),
        },
    };
    Ok((Expr::new(kind, whole), false))
}

fn postfix(lhs: Lowered, op: Pair<'_, Rule>) -> Lowered {
    let (lhs, _) = lhs?;
    let whole = join(lhs.span, span(&op));
    let base = Box::new(lhs);
    let kind = match op.as_rule() {
        Rule::op_is_null => ExprKind::IsNull(base, false),
        Rule::op_is_not_null => ExprKind::IsNull(base, true),
        Rule::op_is_type => super::types::is_type(base, op)?,
        Rule::op_is_normalized => super::types::is_normalized(base, op),
        Rule::property_lookup => {
            let key = op.into_inner().next().map(|k| name(&k)).unwrap_or_default();
            ExprKind::Property(base, key)
        }
        Rule::index => {
            let at = whole.start;
            let index = op.into_inner().find(|p| p.as_rule() == Rule::expression);
            let index = index.ok_or_else(|| Error::syntax("expected an index").at(at))?;
            ExprKind::Index(base, Box::new(expression(index)?))
        }
        Rule::slice => {
            let (mut from, mut to) = (None, None);
            let mut seen_dots = false;
            for p in op.clone().into_inner() {
                if p.as_rule() == Rule::expression {
                    // The expression's place relative to `..` says which bound it is.
                    let text_before = &op.as_str()[..p.as_span().start() - op.as_span().start()];
                    seen_dots |= text_before.contains("..");
                    let e = Box::new(expression(p)?);
                    if seen_dots { to = Some(e) } else { from = Some(e) }
                }
            }
            ExprKind::Slice(base, from, to)
        }
        Rule::label_check => {
            let labels = op.into_inner().next().map(schema_names).unwrap_or_default();
            ExprKind::HasLabels(base, labels)
        }
        _ => return Err(Error::syntax("unexpected operator").at(whole.start)),
    };
    Ok((Expr::new(kind, whole), false))
}

fn infix(lhs: Lowered, op: Pair<'_, Rule>, rhs: Lowered) -> Lowered {
    let (lhs, lhs_is_comparison) = lhs?;
    let (rhs, _) = rhs?;
    let whole = join(lhs.span, rhs.span);
    let bin = match op.as_rule() {
        Rule::op_or => BinaryOp::Or,
        Rule::op_xor => BinaryOp::Xor,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_starts_with => BinaryOp::StartsWith,
        Rule::op_ends_with => BinaryOp::EndsWith,
        Rule::op_contains => BinaryOp::Contains,
        Rule::op_in => BinaryOp::In,
        Rule::op_regex => BinaryOp::Regex,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        Rule::op_mod => BinaryOp::Mod,
        Rule::op_concat => BinaryOp::Concat,
        _ => BinaryOp::Pow,
    };
    let comparison =
        matches!(bin, BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge);
    if comparison && lhs_is_comparison {
        // `a < b < c`: compare the previous right-hand side with `c`.
        if let ExprKind::Binary(_, _, ref middle) = lhs.kind {
            let middle = (**middle).clone();
            let next =
                Expr::new(ExprKind::Binary(bin, Box::new(middle.clone()), Box::new(rhs)), join(middle.span, whole));
            let and = Expr::new(ExprKind::Binary(BinaryOp::And, Box::new(lhs), Box::new(next)), whole);
            return Ok((and, true));
        }
    }
    if comparison && lhs_is_comparison {
        return Err(Error::syntax("malformed comparison chain").at(whole.start));
    }
    Ok((Expr::new(ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)), whole), comparison))
}

/// A primary expression (an operand of the operators).
pub(super) fn operand(pair: Pair<'_, Rule>) -> Result<Expr> {
    let at = span(&pair);
    let rule = pair.as_rule();
    let _height = Height::claim_steps(&pair)?;
    let kind = match rule {
        Rule::integer => integer(pair.as_str(), at.start)?,
        Rule::float => {
            let value: f64 = pair.as_str().parse().map_err(|_| Error::syntax("invalid number").at(at.start))?;
            if value.is_infinite() {
                return Err(
                    Error::syntax(format!("floating point number is too large: {}", pair.as_str())).at(at.start)
                );
            }
            ExprKind::Literal(Literal::Float(value))
        }
        Rule::string => {
            let body = pair.into_inner().next().map(|b| (b.as_str(), b.as_span().start())).unwrap_or(("", at.start));
            ExprKind::Literal(Literal::String(unescape(body.0, body.1)?))
        }
        Rule::boolean => ExprKind::Literal(Literal::Bool(pair.as_str().eq_ignore_ascii_case("true"))),
        Rule::null => ExprKind::Literal(Literal::Null),
        Rule::list_literal => ExprKind::List(
            pair.into_inner().filter(|p| p.as_rule() == Rule::expression).map(expression).collect::<Result<_>>()?,
        ),
        Rule::map_literal => ExprKind::Map(map_entries(pair)?),
        Rule::parameter => match pair.into_inner().next() {
            // `$name` or `` $`a name` ``: a name as any other; `$1`: digits.
            Some(name_pair) if name_pair.as_rule() == Rule::schema_name => ExprKind::Parameter(name(&name_pair)),
            Some(digits) => ExprKind::Parameter(digits.as_str().to_string()),
            None => return Err(Error::syntax("expected a parameter name").at(at.start)),
        },
        Rule::variable => ExprKind::Variable(name(&pair)),
        Rule::parenthesized => {
            let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expression);
            return expression(inner.ok_or_else(|| Error::syntax("expected an expression").at(at.start))?)
                .map(|e| Expr::new(e.kind, at));
        }
        Rule::count_star => ExprKind::CountStar,
        Rule::function_call => function_call(pair)?,
        Rule::case_expression => case(pair)?,
        Rule::list_comprehension => list_comprehension(pair)?,
        Rule::pattern_comprehension => pattern_comprehension(pair)?,
        Rule::quantifier => quantifier(pair)?,
        Rule::reduce => reduce(pair)?,
        Rule::exists_subquery => ExprKind::Exists(Box::new(cypher5::subquery_body(pair)?)),
        Rule::count_subquery => ExprKind::Count(Box::new(cypher5::subquery_body(pair)?)),
        Rule::collect_subquery => cypher5::collect_subquery(pair)?,
        Rule::relationships_pattern => ExprKind::PatternPredicate(Box::new(relationships_pattern(pair)?)),
        Rule::shortest_path => {
            let (kind, element) = shortest_path(pair)?;
            ExprKind::ShortestPathExpr(Box::new(PatternPart { var: None, kind, element, span: at }))
        }
        Rule::map_projection => map_projection(pair)?,
        Rule::node_pattern => {
            let node = node_pattern(pair)?;
            ExprKind::PatternPredicate(Box::new(PatternElement { start: node, chain: Vec::new() }))
        }
        _ => return Err(Error::syntax(format!("unexpected {:?}", rule)).at(at.start)),
    };
    Ok(Expr::new(kind, at))
}

fn integer(text: &str, at: usize) -> Result<ExprKind> {
    let lower = text.to_ascii_lowercase();
    let parsed = if let Some(hex) = lower.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).map_err(|e| (e, "hexadecimal"))
    } else if let Some(oct) = lower.strip_prefix("0o") {
        u64::from_str_radix(oct, 8).map_err(|e| (e, "octal"))
    } else {
        lower.parse::<u64>().map_err(|e| (e, "decimal"))
    };
    match parsed {
        Ok(n) if n <= i64::MAX as u64 => Ok(ExprKind::Literal(Literal::Int(n as i64))),
        Ok(n) if n == i64::MAX as u64 + 1 => Ok(ExprKind::BigInt(n.to_string())),
        Ok(_) => Err(Error::syntax(format!("integer is too large: {text}")).at(at)),
        Err((e, base)) => {
            if matches!(e.kind(), std::num::IntErrorKind::PosOverflow) {
                Err(Error::syntax(format!("integer is too large: {text}")).at(at))
            } else {
                Err(Error::syntax(format!("invalid {base} integer: {text}")).at(at))
            }
        }
    }
}

fn map_entries(pair: Pair<'_, Rule>) -> Result<Vec<(String, Expr)>> {
    let mut entries = Vec::new();
    for entry in pair.into_inner().filter(|p| p.as_rule() == Rule::map_entry) {
        let mut inner = entry.into_inner();
        if let (Some(k), Some(v)) = (inner.next(), inner.next()) {
            entries.push((name(&k), expression(v)?));
        }
    }
    Ok(entries)
}

fn function_call(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut name_text = String::new();
    let mut distinct = false;
    let mut args = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::function_name => name_text = super::dotted_name(p.as_str()),
            Rule::DISTINCT => distinct = true,
            Rule::expression => args.push(expression(p)?),
            _ => {}
        }
    }
    Ok(ExprKind::FunctionCall { name: name_text, distinct, args })
}

fn case(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let mut subject = None;
    let mut whens = Vec::new();
    let mut otherwise = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::expression => subject = Some(Box::new(expression(p)?)),
            Rule::case_when => {
                let mut inner = p.into_inner().filter(|q| q.as_rule() == Rule::expression);
                if let (Some(w), Some(t)) = (inner.next(), inner.next()) {
                    whens.push((expression(w)?, expression(t)?));
                }
            }
            Rule::case_else => {
                if let Some(e) = p.into_inner().find(|q| q.as_rule() == Rule::expression) {
                    otherwise = Some(Box::new(expression(e)?));
                }
            }
            _ => {}
        }
    }
    Ok(ExprKind::Case { subject, whens, otherwise })
}

fn list_comprehension(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair).start;
    let mut var = None;
    let mut exprs = Vec::new();
    let mut filter = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => var = Some(ident(&p)),
            Rule::expression => exprs.push(expression(p)?),
            Rule::where_clause => filter = Some(Box::new(where_clause(p)?)),
            _ => {}
        }
    }
    let mut exprs = exprs.into_iter();
    let (Some(var), Some(list)) = (var, exprs.next()) else {
        return Err(Error::syntax("malformed list comprehension").at(at));
    };
    Ok(ExprKind::ListComprehension { var, list: Box::new(list), filter, map: exprs.next().map(Box::new) })
}

fn pattern_comprehension(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair).start;
    let mut var = None;
    let mut element = None;
    let mut filter = None;
    let mut map = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => var = Some(ident(&p)),
            Rule::relationships_pattern => element = Some(relationships_pattern(p)?),
            Rule::where_clause => filter = Some(Box::new(where_clause(p)?)),
            Rule::expression => map = Some(Box::new(expression(p)?)),
            _ => {}
        }
    }
    match (element, map) {
        (Some(element), Some(map)) => {
            Ok(ExprKind::PatternComprehension { var, pattern: Box::new(element), filter, map })
        }
        _ => Err(Error::syntax("malformed pattern comprehension").at(at)),
    }
}

fn quantifier(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair).start;
    let mut kind = Quantifier::All;
    let mut var = None;
    let mut list = None;
    let mut filter = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::quantifier_kind => {
                kind = match p.as_str().to_ascii_uppercase().as_str() {
                    "ANY" => Quantifier::Any,
                    "NONE" => Quantifier::None,
                    "SINGLE" => Quantifier::Single,
                    _ => Quantifier::All,
                }
            }
            Rule::variable => var = Some(ident(&p)),
            Rule::expression => list = Some(Box::new(expression(p)?)),
            Rule::where_clause => filter = Some(Box::new(where_clause(p)?)),
            _ => {}
        }
    }
    match (var, list) {
        (Some(var), Some(list)) => Ok(ExprKind::Quantifier { kind, var, list, filter }),
        _ => Err(Error::syntax("malformed quantifier").at(at)),
    }
}

fn reduce(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair).start;
    let mut vars = Vec::new();
    let mut exprs = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => vars.push(ident(&p)),
            Rule::expression => exprs.push(expression(p)?),
            _ => {}
        }
    }
    let mut vars = vars.into_iter();
    let mut exprs = exprs.into_iter();
    match (vars.next(), vars.next(), exprs.next(), exprs.next(), exprs.next()) {
        (Some(acc), Some(var), Some(init), Some(list), Some(expr)) => {
            Ok(ExprKind::Reduce { acc, init: Box::new(init), var, list: Box::new(list), expr: Box::new(expr) })
        }
        _ => Err(Error::syntax("malformed reduce").at(at)),
    }
}

fn map_projection(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair).start;
    let mut var = None;
    let mut items = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::variable => var = Some(ident(&p)),
            Rule::map_projection_item => {
                let Some(item) = p.into_inner().next() else { continue };
                items.push(match item.as_rule() {
                    Rule::all_properties => MapProjectionItem::AllProperties,
                    Rule::property_selector => {
                        MapProjectionItem::Property(item.into_inner().next().map(|k| name(&k)).unwrap_or_default())
                    }
                    Rule::map_key_value => {
                        let mut inner = item.into_inner();
                        match (inner.next(), inner.next()) {
                            (Some(k), Some(v)) => MapProjectionItem::Entry(name(&k), expression(v)?),
                            _ => return Err(Error::syntax("malformed map projection").at(at)),
                        }
                    }
                    _ => MapProjectionItem::Variable(ident(&item)),
                });
            }
            _ => {}
        }
    }
    let var = var.ok_or_else(|| Error::syntax("malformed map projection").at(at))?;
    Ok(ExprKind::MapProjection { var, items })
}

pub(super) fn ident(pair: &Pair<'_, Rule>) -> Ident {
    Ident { name: name(pair), span: span(pair) }
}

/// The names of a `node_labels` pair (`:A:B`).
pub(super) fn schema_names(pair: Pair<'_, Rule>) -> Vec<String> {
    pair.into_inner().map(|p| name(&p)).collect()
}
