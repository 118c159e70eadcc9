//! Expressions as Cypher, with the fewest parentheses that keep the tree:
//! a child is parenthesised when it binds more loosely than its place needs,
//! by the precedence of the parser's Pratt table (`parser/expr.rs`).

use std::fmt::{self, Display, Formatter, Write};

use super::lexical::{dotted_name, float, parameter, schema_name, string, variable};
use super::precedence::{Level, binary_level, binary_symbol, level};
use super::{comma_separated, labels};
use crate::ast::*;

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        expr(f, self, Level::Or)
    }
}

/// `e`, parenthesised when it binds more loosely than `at_least`.
fn expr(f: &mut Formatter<'_>, e: &Expr, at_least: Level) -> fmt::Result {
    if level(e) < at_least {
        f.write_char('(')?;
        kind(f, &e.kind)?;
        f.write_char(')')
    } else {
        kind(f, &e.kind)
    }
}

fn kind(f: &mut Formatter<'_>, kind: &ExprKind) -> fmt::Result {
    match kind {
        ExprKind::Literal(l) => literal(f, l),
        ExprKind::BigInt(digits) => f.write_str(digits),
        ExprKind::Parameter(name) => parameter(f, name),
        ExprKind::Variable(name) => variable(f, name),
        ExprKind::List(items) => list(f, items),
        ExprKind::Map(entries) => map(f, entries),
        ExprKind::Property(base, key) => property(f, base, key),
        ExprKind::Index(base, index) => subscript(f, base, index),
        ExprKind::Slice(base, from, to) => slice(f, base, from.as_deref(), to.as_deref()),
        ExprKind::HasLabels(base, names) => {
            expr(f, base, Level::Postfix)?;
            labels(f, names)
        }
        ExprKind::Unary(op, operand) => unary(f, *op, operand),
        ExprKind::Binary(op, lhs, rhs) => binary(f, *op, lhs, rhs),
        ExprKind::IsNull(operand, negated) => {
            expr(f, operand, Level::Predicate)?;
            f.write_str(if *negated { " IS NOT NULL" } else { " IS NULL" })
        }
        ExprKind::IsType { expr: operand, ty, negated } => {
            expr(f, operand, Level::Predicate)?;
            write!(f, " IS {}:: {ty}", if *negated { "NOT " } else { "" })
        }
        ExprKind::IsNormalized { expr: operand, form, negated } => is_normalized(f, operand, *form, *negated),
        ExprKind::FunctionCall { name, distinct, args } => function_call(f, name, *distinct, args),
        ExprKind::CountStar => f.write_str("count(*)"),
        ExprKind::Case { subject, whens, otherwise } => case(f, subject.as_deref(), whens, otherwise.as_deref()),
        ExprKind::ListComprehension { var, list, filter, map } => {
            list_comprehension(f, var, list, filter.as_deref(), map.as_deref())
        }
        ExprKind::Quantifier { kind, var, list, filter } => quantifier(f, *kind, var, list, filter.as_deref()),
        ExprKind::Reduce { acc, init, var, list, expr: step } => reduce(f, acc, init, var, list, step),
        ExprKind::PatternComprehension { var, pattern, filter, map } => {
            pattern_comprehension(f, var.as_ref(), pattern, filter.as_deref(), map)
        }
        ExprKind::PatternPredicate(element) => element.fmt(f),
        ExprKind::ShortestPathExpr(part) => part.fmt(f),
        ExprKind::Exists(body) => subquery_expression(f, "EXISTS", body),
        ExprKind::Count(body) => subquery_expression(f, "COUNT", body),
        ExprKind::Collect(query) => write!(f, "COLLECT {{ {query} }}"),
        ExprKind::MapProjection { var, items } => map_projection(f, var, items),
    }
}

pub(super) fn literal(f: &mut Formatter<'_>, literal: &Literal) -> fmt::Result {
    match literal {
        Literal::Null => f.write_str("null"),
        Literal::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
        Literal::Int(n) => write!(f, "{n}"),
        Literal::Float(x) => float(f, *x),
        Literal::String(s) => string(f, s),
    }
}

fn list(f: &mut Formatter<'_>, items: &[Expr]) -> fmt::Result {
    f.write_char('[')?;
    comma_separated(f, items, |f, e| e.fmt(f))?;
    f.write_char(']')
}

pub(super) fn map(f: &mut Formatter<'_>, entries: &[(String, Expr)]) -> fmt::Result {
    f.write_char('{')?;
    comma_separated(f, entries, |f, (key, value)| {
        schema_name(f, key)?;
        write!(f, ": {value}")
    })?;
    f.write_char('}')
}

fn property(f: &mut Formatter<'_>, base: &Expr, key: &str) -> fmt::Result {
    expr(f, base, Level::Postfix)?;
    f.write_char('.')?;
    schema_name(f, key)
}

fn subscript(f: &mut Formatter<'_>, base: &Expr, index: &Expr) -> fmt::Result {
    expr(f, base, Level::Postfix)?;
    write!(f, "[{index}]")
}

fn slice(f: &mut Formatter<'_>, base: &Expr, from: Option<&Expr>, to: Option<&Expr>) -> fmt::Result {
    expr(f, base, Level::Postfix)?;
    f.write_char('[')?;
    if let Some(from) = from {
        from.fmt(f)?;
    }
    f.write_str("..")?;
    if let Some(to) = to {
        to.fmt(f)?;
    }
    f.write_char(']')
}

fn unary(f: &mut Formatter<'_>, op: UnaryOp, operand: &Expr) -> fmt::Result {
    match op {
        UnaryOp::Not => {
            f.write_str("NOT ")?;
            expr(f, operand, Level::Not)
        }
        UnaryOp::Neg | UnaryOp::Pos => {
            f.write_char(if op == UnaryOp::Neg { '-' } else { '+' })?;
            expr(f, operand, Level::Unary)
        }
    }
}

/// Operators associate to the left, so the right operand binds tighter. A
/// comparison's left operand does too: `a < b < c` is a chain, which the
/// parser reads as `a < b AND b < c`.
fn binary(f: &mut Formatter<'_>, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> fmt::Result {
    let at = binary_level(op);
    expr(f, lhs, if at == Level::Comparison { at.tighter() } else { at })?;
    write!(f, " {} ", binary_symbol(op))?;
    expr(f, rhs, at.tighter())
}

fn is_normalized(f: &mut Formatter<'_>, operand: &Expr, form: NormalForm, negated: bool) -> fmt::Result {
    expr(f, operand, Level::Predicate)?;
    let form = match form {
        NormalForm::Nfc => "NFC",
        NormalForm::Nfd => "NFD",
        NormalForm::Nfkc => "NFKC",
        NormalForm::Nfkd => "NFKD",
    };
    write!(f, " IS {}{form} NORMALIZED", if negated { "NOT " } else { "" })
}

fn function_call(f: &mut Formatter<'_>, name: &str, distinct: bool, args: &[Expr]) -> fmt::Result {
    dotted_name(f, name)?;
    f.write_str(if distinct { "(DISTINCT " } else { "(" })?;
    comma_separated(f, args, |f, e| e.fmt(f))?;
    f.write_char(')')
}

fn case(
    f: &mut Formatter<'_>,
    subject: Option<&Expr>,
    whens: &[(Expr, Expr)],
    otherwise: Option<&Expr>,
) -> fmt::Result {
    f.write_str("CASE")?;
    if let Some(subject) = subject {
        write!(f, " {subject}")?;
    }
    for (when, then) in whens {
        write!(f, " WHEN {when} THEN {then}")?;
    }
    if let Some(otherwise) = otherwise {
        write!(f, " ELSE {otherwise}")?;
    }
    f.write_str(" END")
}

/// `v IN list [WHERE filter]`, the head of comprehensions and quantifiers;
/// `bar_follows` when a `|` comes next.
fn iteration(f: &mut Formatter<'_>, var: &Ident, list: &Expr, filter: Option<&Expr>, bar_follows: bool) -> fmt::Result {
    variable(f, &var.name)?;
    f.write_str(" IN ")?;
    match filter {
        Some(filter) => {
            write!(f, "{list} WHERE ")?;
            before_bar(f, filter, bar_follows)
        }
        None => before_bar(f, list, bar_follows),
    }
}

/// `e` before a `|`, in parentheses when it ends in a type, which would
/// take what follows the `|` as another type (`x IS :: INTEGER | date`).
fn before_bar(f: &mut Formatter<'_>, e: &Expr, bar_follows: bool) -> fmt::Result {
    fn ends_in_type(e: &Expr) -> bool {
        match &e.kind {
            ExprKind::IsType { .. } => true,
            ExprKind::Binary(_, _, last) | ExprKind::Unary(_, last) => ends_in_type(last),
            _ => false,
        }
    }
    if bar_follows && ends_in_type(e) { write!(f, "({e})") } else { e.fmt(f) }
}

fn list_comprehension(
    f: &mut Formatter<'_>,
    var: &Ident,
    list: &Expr,
    filter: Option<&Expr>,
    map: Option<&Expr>,
) -> fmt::Result {
    f.write_char('[')?;
    iteration(f, var, list, filter, map.is_some())?;
    if let Some(map) = map {
        write!(f, " | {map}")?;
    }
    f.write_char(']')
}

fn quantifier(f: &mut Formatter<'_>, kind: Quantifier, var: &Ident, list: &Expr, filter: Option<&Expr>) -> fmt::Result {
    f.write_str(match kind {
        Quantifier::All => "all(",
        Quantifier::Any => "any(",
        Quantifier::None => "none(",
        Quantifier::Single => "single(",
    })?;
    iteration(f, var, list, filter, false)?;
    f.write_char(')')
}

fn reduce(f: &mut Formatter<'_>, acc: &Ident, init: &Expr, var: &Ident, list: &Expr, step: &Expr) -> fmt::Result {
    f.write_str("reduce(")?;
    variable(f, &acc.name)?;
    write!(f, " = {init}, ")?;
    iteration(f, var, list, None, true)?;
    write!(f, " | {step})")
}

fn pattern_comprehension(
    f: &mut Formatter<'_>,
    var: Option<&Ident>,
    pattern: &PatternElement,
    filter: Option<&Expr>,
    map: &Expr,
) -> fmt::Result {
    f.write_char('[')?;
    if let Some(var) = var {
        variable(f, &var.name)?;
        f.write_str(" = ")?;
    }
    pattern.fmt(f)?;
    if let Some(filter) = filter {
        f.write_str(" WHERE ")?;
        before_bar(f, filter, true)?;
    }
    write!(f, " | {map}]")
}

/// `EXISTS { … }` and `COUNT { … }`: a pattern (with WHERE) or a query.
fn subquery_expression(f: &mut Formatter<'_>, keyword: &str, body: &ExistsQuery) -> fmt::Result {
    write!(f, "{keyword} {{ ")?;
    match body {
        ExistsQuery::Pattern(parts, filter) => {
            comma_separated(f, parts, |f, p| p.fmt(f))?;
            if let Some(filter) = filter {
                write!(f, " WHERE {filter}")?;
            }
        }
        ExistsQuery::Query(query) => query.fmt(f)?,
    }
    f.write_str(" }")
}

fn map_projection(f: &mut Formatter<'_>, var: &Ident, items: &[MapProjectionItem]) -> fmt::Result {
    variable(f, &var.name)?;
    f.write_str(" {")?;
    comma_separated(f, items, |f, item| match item {
        MapProjectionItem::AllProperties => f.write_str(".*"),
        MapProjectionItem::Property(key) => {
            f.write_char('.')?;
            schema_name(f, key)
        }
        MapProjectionItem::Entry(key, value) => {
            schema_name(f, key)?;
            write!(f, ": {value}")
        }
        MapProjectionItem::Variable(var) => variable(f, &var.name),
    })?;
    f.write_char('}')
}

#[cfg(test)]
mod tests {
    use crate::parser::parse;

    /// The expression of `RETURN text`, printed.
    fn printed(text: &str) -> String {
        match parse(&format!("RETURN {text}")).map(|s| s.query.parts[0].clauses[0].clone()) {
            Ok(crate::ast::Clause::Return(p)) => p.items[0].expr.to_string(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn parentheses_are_only_where_precedence_needs_them() {
        assert_eq!(printed("(1 + 2) * 3"), "(1 + 2) * 3");
        assert_eq!(printed("1 + (2 * 3)"), "1 + 2 * 3");
        assert_eq!(printed("1 - (2 - 3)"), "1 - (2 - 3)");
        assert_eq!(printed("(1 - 2) - 3"), "1 - 2 - 3");
        assert_eq!(printed("NOT (a AND b)"), "NOT (a AND b)");
        assert_eq!(printed("(NOT a) = b"), "(NOT a) = b");
        assert_eq!(printed("(a.x + 1).y"), "(a.x + 1).y");
        assert_eq!(printed("-(2 ^ 2)"), "-(2 ^ 2)");
        assert_eq!(printed("(-2) ^ 2"), "-2 ^ 2");
        assert_eq!(printed("(a < b) < c"), "(a < b) < c");
        assert_eq!(printed("a < b < c"), "a < b AND b < c");
        assert_eq!(printed("(x IS NULL) IS NULL"), "x IS NULL IS NULL");
        assert_eq!(printed("(-9223372036854775808).x"), "(-9223372036854775808).x");
        // Unbracketed, `| date` would be read as a second type.
        assert_eq!(printed("[x IN l WHERE (x IS :: INTEGER) | date]"), "[x IN l WHERE (x IS :: INTEGER) | date]");
        assert_eq!(printed("[x IN l WHERE x IS :: INTEGER | date]"), "[x IN l WHERE x IS :: INTEGER | DATE]");
    }

    #[test]
    fn every_kind_of_expression_prints_as_cypher() {
        for text in [
            "[x IN range(1, 10) WHERE x % 2 = 0 | x ^ 2]",
            "reduce(s = 0, x IN [1, 2] | s + x)",
            "CASE n.x WHEN 1 THEN 'one' ELSE 'other' END",
            "[p = (a)-[:T*1..3]->(b:B {x: 1}) WHERE a.y > 0 | p]",
            "n {.name, .*, degree: 3, m}",
            "EXISTS { (a)<-[r:R|S]-() WHERE r.x IS NOT NULL }",
            "COUNT { MATCH (a)--(b) RETURN b }",
            "COLLECT { UNWIND [1, 2] AS x RETURN x }",
            "any(x IN $list WHERE x STARTS WITH 'a')",
            "x IS NOT :: LIST<INTEGER NOT NULL> NOT NULL",
            "s IS NOT NFKC NORMALIZED",
            "count(DISTINCT n.`weird key`) || 'x'",
            "n:A:B AND l[1..] = l[..2]",
            "shortestPath((a)-[*..5]->(b))",
            "`my fn`.x(1, 2.5e-7, 'it\\'s')",
        ] {
            assert_eq!(printed(text), text);
        }
    }
}
