//! `WITH` and `RETURN`: projection, aggregation, DISTINCT, ORDER BY, SKIP,
//! LIMIT and `WITH … WHERE`, and the scope that follows them.

use super::compile_error;
use super::expr::{compile, compile_with, has_aggregate};
use super::pattern::{compile_condition, conjuncts};
use super::scope::{Scope, Var, VarKind};
use super::types::{Ty, infer};
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
    // Every column gets a new slot: all slots from before are out of scope after.
    let first_new_slot = scope.slot_count();
    let aggregating = items.iter().any(|i| has_aggregate(&i.expr));
    let mut slots = Vec::new();
    let mut compiled_items = Vec::new();
    if aggregating {
        check_grouping(&items)?;
        let mut keys = Vec::new();
        let mut aggregates = Vec::new();
        let mut post = Vec::new();
        for item in &items {
            let slot = scope.new_slot();
            let compiled = if has_aggregate(&item.expr) {
                let mut sink = Some(&mut aggregates);
                let e = compile_with(scope, &item.expr, &mut sink)?;
                post.push((e.clone(), slot));
                e
            } else {
                let e = compile(scope, &item.expr)?;
                keys.push((e.clone(), slot));
                e
            };
            compiled_items.push(compiled);
            slots.push(slot);
        }
        ops.push(Op::Aggregate { keys, aggregates });
        if !post.is_empty() {
            ops.push(Op::Project(post));
        }
    } else {
        let mut computed = Vec::new();
        for item in &items {
            let slot = scope.new_slot();
            let e = compile(scope, &item.expr)?;
            compiled_items.push(e.clone());
            computed.push((e, slot));
            slots.push(slot);
        }
        ops.push(Op::Project(computed));
    }
    let mut new_vars = Vec::new();
    for ((item, slot), compiled) in items.iter().zip(&slots).zip(&compiled_items) {
        let kind = match &item.expr.kind {
            ExprKind::Variable(v) => scope.get(v).map_or(VarKind::Value, |var| var.kind),
            _ => VarKind::Value,
        };
        let ty = if kind == VarKind::Value { infer(compiled, scope) } else { Ty::Any };
        new_vars.push(Var { name: item.name.clone(), slot: *slot, kind, ty });
    }
    if p.distinct {
        ops.push(Op::Distinct(slots.clone()));
    }
    // What ORDER BY and WHERE may refer to: the projection's columns, and,
    // unless it aggregates or is DISTINCT, the variables from before it.
    let restricted = aggregating || p.distinct;
    if !p.order_by.is_empty() {
        let mut sort = Vec::new();
        for s in &p.order_by {
            let e = compile_after(scope, &s.expr, &items, &new_vars, restricted, aggregating, false)?;
            sort.push((e, s.descending));
        }
        ops.push(Op::Sort(sort));
    }
    if let Some(skip) = &p.skip {
        ops.push(Op::Skip(count_expression(scope, skip)?));
    }
    if let Some(limit) = &p.limit {
        ops.push(Op::Limit(count_expression(scope, limit)?));
    }
    if let Some(filter) = &p.filter {
        let condition = compile_after(scope, filter, &items, &new_vars, restricted, aggregating, true)?;
        ops.extend(conjuncts(condition).into_iter().map(Op::Filter));
    }
    scope.replace(new_vars);
    ops.push(Op::Forget(first_new_slot));
    let names = items.into_iter().map(|i| i.name).collect();
    Ok((names, slots))
}

/// Compiles an ORDER BY or WHERE expression of a projection. Parts written
/// like a projected expression stand for its column.
fn compile_after(
    scope: &mut Scope,
    e: &ast::Expr,
    items: &[ast::ProjectionItem],
    new_vars: &[Var],
    restricted: bool,
    aggregating: bool,
    condition: bool,
) -> Result<Expr> {
    if aggregating && has_aggregate(e) {
        // An ORDER BY item that aggregates follows the rule of an
        // aggregating column; the projection's names are keys too.
        let names: Vec<ast::Expr> = items
            .iter()
            .filter(|i| !has_aggregate(&i.expr))
            .map(|i| ast::Expr::new(ExprKind::Variable(i.name.clone()), e.span))
            .collect();
        let mut keys = grouping_keys(items);
        keys.extend(names.iter());
        check_grouped(e, &keys)?;
    }
    let mut e = e.clone();
    substitute(&mut e, items);
    if aggregating && has_aggregate(&e) {
        return Err(compile_error(
            "InvalidAggregation",
            "Aggregation in ORDER BY or WHERE must also be projected",
            e.span.start,
        ));
    }
    let saved: Vec<Var> = scope.vars().to_vec();
    if restricted {
        scope.replace(new_vars.to_vec());
    } else {
        for v in new_vars {
            scope.declare_alias(&v.name, v.slot, v.kind);
        }
    }
    let compiled = if condition { compile_condition(scope, &e) } else { compile(scope, &e) };
    scope.replace(saved);
    compiled
}

/// Replaces every part of `e` written like a projected expression by the
/// projection's column.
fn substitute(e: &mut ast::Expr, items: &[ast::ProjectionItem]) {
    if let Some(item) = items.iter().find(|i| i.expr == *e && !matches!(e.kind, ExprKind::Variable(_))) {
        e.kind = ExprKind::Variable(item.name.clone());
        return;
    }
    for child in e.children_mut() {
        substitute(child, items);
    }
}

/// The projected items, with `*` expanded and names checked.
fn items(scope: &Scope, p: &ast::Projection, is_return: bool) -> Result<Vec<ast::ProjectionItem>> {
    let mut items = Vec::new();
    if p.star {
        let mut vars: Vec<&Var> = scope.vars().iter().collect();
        if vars.is_empty() && is_return {
            return Err(compile_error(
                "NoVariablesInScope",
                "RETURN * is not allowed when there are no variables in scope",
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
        if matches!(item.expr.kind, ExprKind::PatternPredicate(_)) {
            return Err(compile_error(
                "UnexpectedSyntax",
                "A pattern expression can only be used as a condition; use exists(...) or a pattern comprehension",
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

/// An aggregating item may use variables outside its aggregates only as
/// grouping keys projected beside it (a variable or a property of one).
fn check_grouping(items: &[ast::ProjectionItem]) -> Result<()> {
    let keys = grouping_keys(items);
    for item in items.iter().filter(|i| has_aggregate(&i.expr)) {
        check_grouped(&item.expr, &keys)?;
    }
    Ok(())
}

/// The grouping keys an aggregating expression may use outside its
/// aggregates: the projected variables and properties of variables. A
/// more complex projected expression is not one, even when written again.
fn grouping_keys(items: &[ast::ProjectionItem]) -> Vec<&ast::Expr> {
    items
        .iter()
        .filter(|i| !has_aggregate(&i.expr))
        .map(|i| &i.expr)
        .filter(|e| match &e.kind {
            ExprKind::Variable(_) => true,
            ExprKind::Property(base, _) => matches!(base.kind, ExprKind::Variable(_)),
            _ => false,
        })
        .collect()
}

fn check_grouped(e: &ast::Expr, keys: &[&ast::Expr]) -> Result<()> {
    match ungrouped_variable(e, keys, &[]) {
        Some(offset) => Err(compile_error(
            "AmbiguousAggregationExpression",
            "Aggregation column contains implicit grouping expressions",
            offset,
        )),
        None => Ok(()),
    }
}

/// A variable of `e` used outside an aggregate that is not a grouping key
/// (nor a variable of a comprehension inside `e`, listed in `locals`).
fn ungrouped_variable(e: &ast::Expr, keys: &[&ast::Expr], locals: &[String]) -> Option<usize> {
    if keys.iter().any(|k| **k == *e) {
        return None;
    }
    let mut locals = locals.to_vec();
    match &e.kind {
        ExprKind::Variable(name) if locals.contains(name) => return None,
        ExprKind::Variable(_) => return Some(e.span.start),
        ExprKind::CountStar => return None,
        ExprKind::FunctionCall { .. } if is_aggregate_call(e) => return None,
        ExprKind::ListComprehension { var, .. } | ExprKind::Quantifier { var, .. } => locals.push(var.name.clone()),
        ExprKind::Reduce { acc, var, .. } => locals.extend([acc.name.clone(), var.name.clone()]),
        _ => {}
    }
    let mut copy = e.clone();
    copy.children_mut().into_iter().find_map(|c| ungrouped_variable(c, keys, &locals))
}

fn is_aggregate_call(e: &ast::Expr) -> bool {
    match &e.kind {
        ExprKind::FunctionCall { name, .. } => matches!(
            name.to_ascii_lowercase().as_str(),
            "count"
                | "sum"
                | "avg"
                | "min"
                | "max"
                | "collect"
                | "stdev"
                | "stdevp"
                | "percentilecont"
                | "percentiledisc"
        ),
        _ => false,
    }
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
