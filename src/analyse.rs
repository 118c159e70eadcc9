//! AST → plan: resolves every variable to a slot, checks what Cypher
//! forbids before anything runs, and builds the operator pipeline.
//!
//! Compile-time errors carry the openCypher TCK's classification: the TCK
//! files them (undefined variables, type conflicts, misplaced aggregates …)
//! as `SyntaxError`, and its detail name ends the message.

mod expr;
mod group;
mod pattern;
mod projection;
mod schema;
mod scope;
mod subquery;
mod types;
mod write;

use crate::ast::{self, Clause};
use crate::error::{Error, Result};
use crate::plan::{Op, QueryPart, QueryPlan};

pub use pattern::PROPERTY_MAP_KEY;
pub use projection::check_count;
pub use scope::{Scope, VarKind};
pub use subquery::batch_size;

/// A compile-time error with the TCK's detail name.
pub(crate) fn compile_error(detail: &str, message: impl Into<String>, offset: usize) -> Error {
    Error::syntax(format!("{} ({detail})", message.into())).at(offset)
}

/// Builds the plan of a statement.
pub fn analyse(query: &ast::Query, stats: std::sync::Arc<crate::plan::pattern::GraphStats>) -> Result<QueryPlan> {
    let mut parts = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    for part in &query.parts {
        let (plan, cols) = single_query(part, stats.clone())?;
        if let Some(previous) = &columns
            && *previous != cols
        {
            return Err(compile_error(
                "DifferentColumnsInUnion",
                "All sub queries in a UNION must have the same return column names",
                part.span.start,
            ));
        }
        columns = Some(cols);
        parts.push(plan);
    }
    if query.union_all.iter().any(|a| *a) && query.union_all.iter().any(|a| !*a) {
        return Err(compile_error(
            "InvalidClauseComposition",
            "Invalid combination of UNION and UNION ALL",
            query.span.start,
        ));
    }
    Ok(QueryPlan { parts, union_all: query.union_all.clone(), columns: columns.unwrap_or_default() })
}

/// Plans one single query; also the body of `EXISTS { … }` subqueries,
/// which start from the scope around them.
pub(crate) fn single_query_in(
    part: &ast::SingleQuery,
    scope: &mut Scope,
    subquery: bool,
) -> Result<(Vec<Op>, Vec<String>, Vec<usize>)> {
    let mut ops = Vec::new();
    let mut columns = Vec::new();
    let mut returns = Vec::new();
    let last = part.clauses.len().saturating_sub(1);
    for (i, clause) in part.clauses.iter().enumerate() {
        if matches!(part.clauses.get(i.wrapping_sub(1)), Some(Clause::Return(_))) {
            return Err(compile_error(
                "InvalidClauseComposition",
                "RETURN can only be used at the end of the query",
                part.span.start,
            ));
        }
        match clause {
            Clause::Match { optional, mode, pattern: pat, filter, .. } => {
                ops.push(pattern::match_clause(scope, pat, filter.as_ref(), *optional, *mode)?);
            }
            Clause::Unwind { expr, var } => {
                let list = expr::compile(scope, expr)?;
                let slot = scope.declare_fresh(&var.name, VarKind::Value, var.span.start)?;
                ops.push(Op::Unwind { expr: list, slot });
            }
            Clause::With(projection) => {
                if let Some(item) =
                    projection.items.iter().find(|i| projection.from_let && expr::has_aggregate(&i.expr))
                {
                    return Err(compile_error(
                        "InvalidAggregation",
                        "LET cannot aggregate (use WITH)",
                        item.expr.span.start,
                    ));
                }
                projection::projection(scope, projection, false, &mut ops)?;
            }
            Clause::Return(projection) => {
                let (cols, slots) = projection::projection(scope, projection, true, &mut ops)?;
                columns = cols;
                returns = slots;
            }
            Clause::Create { pattern: pat, .. } => ops.push(write::create(scope, pat)?),
            Clause::Merge { part: pat, on_create, on_match, span } => {
                ops.push(write::merge(scope, pat, on_create, on_match, span.start)?)
            }
            Clause::Set(items) => ops.push(write::set(scope, items)?),
            Clause::Remove(items) => ops.push(write::remove(scope, items)?),
            Clause::Delete { detach, exprs } => ops.push(write::delete(scope, *detach, exprs)?),
            Clause::Subquery(call) => ops.push(subquery::call(scope, call, subquery)?),
            Clause::Foreach { var, list, clauses, span } => {
                ops.push(subquery::foreach(scope, var, list, clauses, *span)?)
            }
            Clause::LoadCsv(load) => ops.push(subquery::load_csv(scope, load)?),
            Clause::Finish if i != last => {
                return Err(compile_error(
                    "InvalidClauseComposition",
                    "FINISH can only be used at the end of the query",
                    part.span.start,
                ));
            }
            Clause::Finish => {}
            Clause::Call(call) => {
                let standalone = i == last && part.clauses.len() == 1;
                let (op, yielded) = write::call(scope, call, standalone)?;
                ops.push(op);
                if let Some(filter) = &call.filter {
                    ops.push(Op::Filter(expr::compile(scope, filter)?));
                }
                if standalone {
                    columns = yielded.iter().map(|(name, _)| name.clone()).collect();
                    returns = yielded.iter().map(|(_, slot)| *slot).collect();
                }
            }
            Clause::Schema(command) => ops.push(schema::command(scope, command, part)?),
            Clause::Show(show) => {
                let (op, yielded) = schema::show(scope, show, i)?;
                ops.push(op);
                if let Some(filter) = &show.filter {
                    ops.push(Op::Filter(expr::compile(scope, filter)?));
                }
                if i == last {
                    columns = yielded.iter().map(|(name, _)| name.clone()).collect();
                    returns = yielded.iter().map(|(_, slot)| *slot).collect();
                }
            }
        }
    }
    let last_clause = part.clauses.last();
    let ends_well = matches!(
        last_clause,
        Some(Clause::Return(_))
            | Some(Clause::Create { .. })
            | Some(Clause::Merge { .. })
            | Some(Clause::Set(_))
            | Some(Clause::Remove(_))
            | Some(Clause::Delete { .. })
            | Some(Clause::Call(_))
            | Some(Clause::Schema(_))
            | Some(Clause::Show(_))
            | Some(Clause::Foreach { .. })
            | Some(Clause::Finish)
    ) || last_clause.is_some_and(subquery::is_unit_call);
    if !ends_well && !subquery {
        return Err(compile_error(
            "InvalidClauseComposition",
            "Query cannot conclude with this clause (must be RETURN or an update clause)",
            part.span.end.saturating_sub(1),
        ));
    }
    Ok((ops, columns, returns))
}

fn single_query(
    part: &ast::SingleQuery,
    stats: std::sync::Arc<crate::plan::pattern::GraphStats>,
) -> Result<(QueryPart, Vec<String>)> {
    let mut scope = Scope::with_stats(stats);
    let (ops, columns, returns) = single_query_in(part, &mut scope, false)?;
    Ok((QueryPart { ops, slots: scope.slot_count(), returns }, columns))
}

/// Compiles an expression that must not refer to any variable.
pub fn constant(e: &ast::Expr, stats: std::sync::Arc<crate::plan::pattern::GraphStats>) -> Result<crate::plan::Expr> {
    expr::compile(&mut Scope::with_stats(stats), e)
}
