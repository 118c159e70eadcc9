//! `WITH` and `RETURN`: projection, aggregation, DISTINCT, ORDER BY, SKIP,
//! LIMIT and `WITH … WHERE`, and the scope that follows them.

use super::compile_error;
use super::expr::{compile, compile_with, has_aggregate};
use super::pattern::conjuncts;
use super::scope::{Scope, Var, VarKind};
use crate::ast::{self, ExprKind};
use crate::error::Result;
use crate::plan::{Expr, Op, Slot};
use crate::value::Value;

/// Plans a projection; returns its column names and their slots.
pub fn projection(
    scope: &mut Scope,
    p: &ast::Projection,
    is_return: bool,
    ops: &mut Vec<Op>,
) -> Result<(Vec<String>, Vec<Slot>)> {
    let items = items(scope, p, is_return)?;
    let aggregating = items.iter().any(|i| has_aggregate(&i.expr));
    let mut new_vars: Vec<Var> = Vec::new();
    let mut slots = Vec::new();
    let mut names = Vec::new();
    if aggregating {
        let mut keys = Vec::new();
        let mut aggregates = Vec::new();
        let mut post = Vec::new();
        for item in &items {
            let slot = scope.new_slot();
            if has_aggregate(&item.expr) {
                let mut sink = Some(&mut aggregates);
                post.push((compile_with(scope, &item.expr, &mut sink)?, slot));
            } else {
                keys.push((compile(scope, &item.expr)?, slot));
            }
            slots.push(slot);
        }
        check_grouping(&items)?;
        ops.push(Op::Aggregate { keys, aggregates });
        if !post.is_empty() {
            ops.push(Op::Project(post));
        }
    } else {
        let mut computed = Vec::new();
        for item in &items {
            let slot = scope.new_slot();
            computed.push((compile(scope, &item.expr)?, slot));
            slots.push(slot);
        }
        ops.push(Op::Project(computed));
    }
    for (item, slot) in items.iter().zip(&slots) {
        let kind = match &item.expr.kind {
            ExprKind::Variable(v) => scope.get(v).map_or(VarKind::Value, |var| var.kind),
            _ => VarKind::Value,
        };
        new_vars.push(Var { name: item.name.clone(), slot: *slot, kind });
        names.push(item.name.clone());
    }
    if p.distinct {
        ops.push(Op::Distinct(slots.clone()));
    }
    if !p.order_by.is_empty() {
        let sort = order_by(scope, p, &items, &slots, &new_vars, aggregating)?;
        ops.push(Op::Sort(sort));
    }
    if let Some(skip) = &p.skip {
        ops.push(Op::Skip(count_expression(scope, skip)?));
    }
    if let Some(limit) = &p.limit {
        ops.push(Op::Limit(count_expression(scope, limit)?));
    }
    scope.replace(new_vars);
    if let Some(filter) = &p.filter {
        let condition = compile(scope, filter)?;
        ops.extend(conjuncts(condition).into_iter().map(Op::Filter));
    }
    ops.push(Op::Retain(slots.clone()));
    Ok((names, slots))
}

/// The projected items, with `*` expanded and names checked.
fn items(scope: &Scope, p: &ast::Projection, is_return: bool) -> Result<Vec<ast::ProjectionItem>> {
    let mut items = Vec::new();
    if p.star {
        let mut vars: Vec<&Var> = scope.vars().iter().filter(|v| !v.name.starts_with(' ')).collect();
        if vars.is_empty() {
            return Err(compile_error(
                "NoVariablesInScope",
                format!(
                    "{} * is not allowed when there are no variables in scope",
                    if is_return { "RETURN" } else { "WITH" }
                ),
                p.span.start,
            ));
        }
        vars.sort_by(|a, b| a.name.cmp(&b.name));
        for v in vars {
            let expr = ast::Expr::new(ExprKind::Variable(v.name.clone()), p.span);
            items.push(ast::ProjectionItem { expr, alias: None, name: v.name.clone() });
        }
    }
    for item in &p.items {
        if !is_return && item.alias.is_none() && !matches!(item.expr.kind, ExprKind::Variable(_)) {
            return Err(compile_error(
                "NoExpressionAlias",
                "Expression in WITH must be aliased (use AS)",
                item.expr.span.start,
            ));
        }
        if items.iter().any(|i: &ast::ProjectionItem| i.name == item.name) {
            return Err(compile_error(
                "ColumnNameConflict",
                format!("Multiple result columns with the same name `{}` are not supported", item.name),
                item.expr.span.start,
            ));
        }
        items.push(item.clone());
    }
    Ok(items)
}

/// An aggregating item may use variables only inside its aggregates, or
/// as grouping keys projected beside it.
fn check_grouping(items: &[ast::ProjectionItem]) -> Result<()> {
    let keys: Vec<&ast::Expr> = items.iter().filter(|i| !has_aggregate(&i.expr)).map(|i| &i.expr).collect();
    for item in items.iter().filter(|i| has_aggregate(&i.expr)) {
        if let Some(offset) = ungrouped_variable(&item.expr, &keys) {
            return Err(compile_error(
                "AmbiguousAggregationExpression",
                "Aggregation column contains implicit grouping expressions",
                offset,
            ));
        }
    }
    Ok(())
}

/// A variable of `e` used outside an aggregate that is not a grouping key.
fn ungrouped_variable(e: &ast::Expr, keys: &[&ast::Expr]) -> Option<usize> {
    if keys.iter().any(|k| same_expr(k, e)) {
        return None;
    }
    match &e.kind {
        ExprKind::Variable(_) => Some(e.span.start),
        ExprKind::CountStar => None,
        ExprKind::FunctionCall { name, .. } if is_aggregate_name(name) => None,
        ExprKind::Property(b, _) => ungrouped_variable(b, keys),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            ungrouped_variable(a, keys).or_else(|| ungrouped_variable(b, keys))
        }
        ExprKind::Unary(_, a) | ExprKind::IsNull(a, _) => ungrouped_variable(a, keys),
        ExprKind::FunctionCall { args, .. } | ExprKind::List(args) => {
            args.iter().find_map(|a| ungrouped_variable(a, keys))
        }
        _ => None,
    }
}

fn is_aggregate_name(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "count" | "sum" | "avg" | "min" | "max" | "collect" | "stdev" | "stdevp" | "percentilecont" | "percentiledisc"
    )
}

/// Whether two expressions are written the same (white space aside).
fn same_expr(a: &ast::Expr, b: &ast::Expr) -> bool {
    format!("{:?}", strip_spans(a)) == format!("{:?}", strip_spans(b))
}

fn strip_spans(e: &ast::Expr) -> String {
    // The Debug form carries spans; drop them by re-rendering without them.
    let text = format!("{:?}", e.kind);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("span: Span {") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn order_by(
    scope: &mut Scope,
    p: &ast::Projection,
    items: &[ast::ProjectionItem],
    slots: &[Slot],
    new_vars: &[Var],
    aggregating: bool,
) -> Result<Vec<(Expr, bool)>> {
    let mut sort = Vec::new();
    for s in &p.order_by {
        // An ORDER BY expression written like a projected one sorts by it.
        if let Some(i) = items.iter().position(|i| same_expr(&i.expr, &s.expr)) {
            sort.push((Expr::Slot(slots[i]), s.descending));
            continue;
        }
        scope.push_frame();
        let restricted = aggregating || p.distinct;
        let saved: Vec<Var> = scope.vars().to_vec();
        if restricted {
            scope.replace(new_vars.to_vec());
        } else {
            for v in new_vars {
                let slot = v.slot;
                let name = v.name.clone();
                scope.declare_alias(&name, slot, v.kind);
            }
        }
        let compiled = if aggregating && has_aggregate(&s.expr) {
            Err(compile_error(
                "InvalidAggregation",
                "ORDER BY may use an aggregate only when it is projected",
                s.expr.span.start,
            ))
        } else {
            compile(scope, &s.expr)
        };
        scope.replace(saved);
        scope.pop_frame();
        sort.push((compiled?, s.descending));
    }
    Ok(sort)
}

/// SKIP and LIMIT: a constant expression; a literal is checked now.
fn count_expression(scope: &mut Scope, e: &ast::Expr) -> Result<Expr> {
    let mut empty = Scope::with_stats(scope.stats.clone());
    let compiled = compile(&mut empty, e).map_err(|err| {
        if err.message.contains("(UndefinedVariable)") {
            compile_error(
                "NonConstantExpression",
                "It is not allowed to refer to variables in SKIP or LIMIT",
                e.span.start,
            )
        } else {
            err
        }
    })?;
    if let Expr::Const(v) = &compiled {
        check_count(v).map_err(|(detail, message)| compile_error(detail, message, e.span.start))?;
    }
    Ok(compiled)
}

/// A valid SKIP/LIMIT value, or the TCK detail and message of what is wrong.
pub fn check_count(v: &Value) -> std::result::Result<i64, (&'static str, String)> {
    match v {
        Value::Int(n) if *n >= 0 => Ok(*n),
        Value::Int(n) => Err((
            "NegativeIntegerArgument",
            format!("Invalid input. '{n}' is not a valid value. Must be a non-negative integer."),
        )),
        other => Err((
            "InvalidArgumentType",
            format!("Invalid input. {} is not a valid value. Must be a non-negative integer.", other.type_name()),
        )),
    }
}
