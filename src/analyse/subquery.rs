//! `CALL { … }` subqueries, `FOREACH`, `LOAD CSV`, and the `EXISTS`,
//! `COUNT` and `COLLECT` expressions: which variables their bodies see,
//! and what Cypher forbids in them.

use super::scope::{Scope, Var, VarKind};
use super::types::{Ty, element_type};
use super::{compile_error, expr, pattern, single_query_in};
use crate::ast::{self, Clause, ImportScope, OnError};
use crate::error::Result;
use crate::plan::subquery::{Batching, Body, BodyPart, CallPlan, Foreach, LoadCsv, SubqueryKind, writes};
use crate::plan::{Expr, Op, Procedure};
use crate::value::Value;

/// Rows per transaction when `IN TRANSACTIONS` names no batch size.
const DEFAULT_BATCH: i64 = 1000;

/// `[OPTIONAL] CALL [(…)] { … } [IN TRANSACTIONS …]`. `nested`: the
/// clause is itself inside a subquery or FOREACH.
pub fn call(scope: &mut Scope, call: &ast::CallSubquery, nested: bool) -> Result<Op> {
    let at = call.span.start;
    if call.transactions.is_some() && nested {
        return Err(compile_error(
            "InvalidClauseComposition",
            "CALL { … } IN TRANSACTIONS cannot be nested in a subquery or FOREACH",
            at,
        ));
    }
    let outer = scope.vars().to_vec();
    let listed = match &call.scope {
        Some(ImportScope::Vars(names)) => names.iter().map(|name| imported_var(scope, name)).collect::<Result<_>>()?,
        _ => Vec::new(),
    };
    let imported = |part: &ast::SingleQuery| match &call.scope {
        Some(ImportScope::All) => Ok(outer.clone()),
        Some(ImportScope::Vars(_)) => Ok(listed.clone()),
        None => importing_with(part, &outer),
    };
    for part in &call.query.parts {
        let writing_call =
            |c: &Clause| matches!(c, Clause::Call(p) if Procedure::lookup(&p.procedure).is_some_and(Procedure::writes));
        let ends_well = part
            .clauses
            .last()
            .is_some_and(|c| matches!(c, Clause::Return(_)) || is_update(c) || is_unit_call(c) || writing_call(c));
        if !ends_well {
            return Err(compile_error(
                "InvalidClauseComposition",
                "A CALL subquery must end with RETURN, or be a unit subquery ending with an update",
                part.span.end.saturating_sub(1),
            ));
        }
    }
    let (body, columns, kinds) = body(scope, &call.query, imported)?;
    let mut outputs = Vec::new();
    for (name, (kind, ty)) in columns.iter().zip(kinds) {
        if scope.get(name).is_some() {
            return Err(compile_error(
                "VariableAlreadyBound",
                format!("Variable `{name}` already declared in the outer scope"),
                at,
            ));
        }
        let slot = scope.declare(name, kind);
        scope.set_type(slot, ty);
        outputs.push(slot);
    }
    let batching = call.transactions.as_ref().map(|tx| batching(scope, tx, at)).transpose()?;
    // Batches commit as they go, so they run with the updates.
    let writes = batching.is_some() || body.parts.iter().any(|p| writes(&p.ops));
    Ok(Op::Subquery(Box::new(CallPlan { body, outputs, optional: call.optional, writes, batching })))
}

fn imported_var(scope: &Scope, name: &ast::Ident) -> Result<Var> {
    scope.get(&name.name).cloned().ok_or_else(|| {
        compile_error("UndefinedVariable", format!("Variable `{}` not defined", name.name), name.span.start)
    })
}

/// The importing-WITH form: a leading WITH that names outer variables
/// imports them, and must consist of nothing but their names (or `*`).
fn importing_with(part: &ast::SingleQuery, outer: &[Var]) -> Result<Vec<Var>> {
    let Some(Clause::With(with)) = part.clauses.first() else { return Ok(Vec::new()) };
    let mut named = with.star;
    for item in &with.items {
        item.expr.walk(&mut |e| {
            if let ast::ExprKind::Variable(v) = &e.kind {
                named |= outer.iter().any(|o| o.name == *v);
            }
        });
    }
    if !named {
        return Ok(Vec::new());
    }
    let simple = with
        .items
        .iter()
        .all(|i| matches!(&i.expr.kind, ast::ExprKind::Variable(v) if i.alias.as_ref().is_none_or(|a| a.name == *v)));
    let plain = !with.distinct && with.order_by.is_empty() && with.skip.is_none() && with.limit.is_none();
    if !simple || !plain || with.filter.is_some() {
        return Err(compile_error(
            "InvalidClauseComposition",
            "An importing WITH may only name variables from outside the subquery \
             (no aliases, expressions, DISTINCT, ORDER BY, SKIP, LIMIT or WHERE)",
            with.span.start,
        ));
    }
    Ok(outer.to_vec())
}

fn batching(scope: &mut Scope, tx: &ast::InTransactions, at: usize) -> Result<Batching> {
    let size = match &tx.batch {
        Some(e) => {
            let compiled = expr::compile(&mut Scope::with_stats(scope.stats.clone()), e).map_err(|err| {
                if err.message.contains("(UndefinedVariable)") {
                    compile_error("NonConstantExpression", "The batch size cannot refer to variables", e.span.start)
                } else {
                    err
                }
            })?;
            if let Expr::Const(v) = &compiled {
                batch_size(v).map_err(|m| compile_error("InvalidArgumentType", m, e.span.start))?;
            }
            compiled
        }
        None => Expr::Const(Value::Int(DEFAULT_BATCH)),
    };
    let status = match &tx.status {
        Some(_) if tx.on_error == OnError::Fail => {
            return Err(compile_error(
                "InvalidClauseComposition",
                "REPORT STATUS needs ON ERROR CONTINUE or ON ERROR BREAK",
                at,
            ));
        }
        Some(var) => {
            let slot = scope.declare_fresh(&var.name, VarKind::Value, var.span.start)?;
            scope.set_type(slot, Ty::Map);
            Some(slot)
        }
        None => None,
    };
    Ok(Batching { size, on_error: tx.on_error, status })
}

/// A batch size: a positive integer.
pub fn batch_size(v: &Value) -> std::result::Result<usize, String> {
    match v {
        Value::Int(n) if *n > 0 => Ok(usize::try_from(*n).unwrap_or(usize::MAX)),
        other => Err(format!("The batch size must be a positive integer, not a {}", other.type_name())),
    }
}

/// What a subquery's first part knows of each column it returns.
type ColumnKinds = Vec<(VarKind, Ty)>;

/// Plans a subquery's single queries, each starting with the variables
/// `imported` gives it. Returns the body, its columns, and their kinds.
fn body(
    scope: &mut Scope,
    query: &ast::Query,
    imported: impl Fn(&ast::SingleQuery) -> Result<Vec<Var>>,
) -> Result<(Body, Vec<String>, ColumnKinds)> {
    let mut parts = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    let mut kinds = Vec::new();
    for part in &query.parts {
        let mut inner = scope.nested(imported(part)?);
        let planned = single_query_in(part, &mut inner, true);
        scope.reserve(&inner);
        let (ops, cols, returns) = planned?;
        match &columns {
            Some(previous) if *previous != cols => {
                return Err(compile_error(
                    "DifferentColumnsInUnion",
                    "All sub queries in a UNION must have the same return column names",
                    part.span.start,
                ));
            }
            Some(_) => {}
            None => {
                kinds =
                    cols.iter().map(|c| inner.get(c).map_or((VarKind::Value, Ty::Any), |v| (v.kind, v.ty))).collect();
                columns = Some(cols);
            }
        }
        parts.push(BodyPart { ops, returns });
    }
    if query.union_all.iter().any(|a| *a) && query.union_all.iter().any(|a| !*a) {
        return Err(compile_error(
            "InvalidClauseComposition",
            "Invalid combination of UNION and UNION ALL",
            query.span.start,
        ));
    }
    let distinct = query.union_all.first() == Some(&false);
    Ok((Body { parts, distinct }, columns.unwrap_or_default(), kinds))
}

/// `EXISTS { … }`, `COUNT { … }` and `COLLECT { … }`: they see every
/// variable around them and may not change the graph.
pub fn expression(scope: &mut Scope, kind: SubqueryKind, query: &ast::ExistsQuery, at: usize) -> Result<Expr> {
    let (body, columns) = match query {
        ast::ExistsQuery::Pattern(parts, filter) if kind == SubqueryKind::Exists => {
            scope.push_frame();
            let plan = pattern::exists_pattern(scope, parts, filter.as_ref());
            scope.pop_frame();
            return Ok(Expr::Exists(Box::new(plan?)));
        }
        ast::ExistsQuery::Pattern(parts, filter) => {
            let mut inner = scope.nested(scope.vars().to_vec());
            let planned =
                pattern::match_clause(&mut inner, parts, filter.as_ref(), false, crate::ast::MatchMode::default());
            scope.reserve(&inner);
            (Body { parts: vec![BodyPart { ops: vec![planned?], returns: Vec::new() }], distinct: false }, Vec::new())
        }
        ast::ExistsQuery::Query(query) => {
            let outer = scope.vars().to_vec();
            let (body, columns, _) = body(scope, query, |_| Ok(outer.clone()))?;
            (body, columns)
        }
    };
    if body.parts.iter().any(|p| writes(&p.ops)) {
        let name = match kind {
            SubqueryKind::Exists => "An EXISTS",
            SubqueryKind::Count => "A COUNT",
            SubqueryKind::Collect => "A COLLECT",
        };
        return Err(compile_error("InvalidClauseComposition", format!("{name} subquery cannot update the graph"), at));
    }
    if kind == SubqueryKind::Collect && columns.len() != 1 {
        return Err(compile_error(
            "InvalidClauseComposition",
            "A COLLECT subquery must end with a RETURN of exactly one column",
            at,
        ));
    }
    Ok(Expr::Subquery(kind, Box::new(body)))
}

/// `FOREACH (x IN list | updates)`: `x` and what the updates bind are seen
/// only inside.
pub fn foreach(scope: &mut Scope, var: &ast::Ident, list: &ast::Expr, clauses: &[Clause], at: ast::Span) -> Result<Op> {
    if !clauses.iter().all(is_update) {
        return Err(compile_error(
            "InvalidClauseComposition",
            "Only CREATE, MERGE, SET, REMOVE, DELETE and FOREACH may be used inside FOREACH",
            at.start,
        ));
    }
    let list = expr::compile(scope, list)?;
    let mut inner = scope.nested(scope.vars().to_vec());
    let slot = inner.declare_fresh(&var.name, VarKind::Value, var.span.start)?;
    inner.set_type(slot, element_type(&list, scope));
    let updates = ast::SingleQuery { clauses: clauses.to_vec(), span: at };
    let planned = single_query_in(&updates, &mut inner, true);
    scope.reserve(&inner);
    let (ops, _, _) = planned?;
    Ok(Op::Foreach(Box::new(Foreach { slot, list, ops })))
}

/// The clauses that change the graph and return nothing.
fn is_update(c: &Clause) -> bool {
    matches!(
        c,
        Clause::Create { .. }
            | Clause::Merge { .. }
            | Clause::Set(_)
            | Clause::Remove(_)
            | Clause::Delete { .. }
            | Clause::Foreach { .. }
    )
}

/// A `CALL { … }` without RETURN: a query may end with one.
pub fn is_unit_call(c: &Clause) -> bool {
    let returns = |p: &ast::SingleQuery| matches!(p.clauses.last(), Some(Clause::Return(_)));
    matches!(c, Clause::Subquery(call) if !call.query.parts.iter().any(returns))
}

/// `LOAD CSV [WITH HEADERS] FROM url AS row [FIELDTERMINATOR t]`.
pub fn load_csv(scope: &mut Scope, load: &ast::LoadCsv) -> Result<Op> {
    let url = expr::compile(scope, &load.url)?;
    let delimiter = match load.terminator.as_deref() {
        None => b',',
        Some(t) if t.len() == 1 && t.is_ascii() => t.as_bytes()[0],
        Some(t) => {
            return Err(compile_error(
                "InvalidArgumentValue",
                format!("FIELDTERMINATOR must be one ASCII character, not '{t}'"),
                load.span.start,
            ));
        }
    };
    let slot = scope.declare_fresh(&load.var.name, VarKind::Value, load.var.span.start)?;
    scope.set_type(slot, if load.headers { Ty::Map } else { Ty::List });
    let (line, file) = (scope.new_slot(), scope.new_slot());
    scope.csv = Some((line, file));
    Ok(Op::LoadCsv(Box::new(LoadCsv { url, headers: load.headers, delimiter, slot, line, file })))
}

/// `linenumber()` and `file()`: the current LOAD CSV row's line and file,
/// null outside LOAD CSV. `None` for any other function.
pub fn csv_function(scope: &Scope, name: &str, args: &[ast::Expr], at: usize) -> Option<Result<Expr>> {
    let pick = match name.to_ascii_lowercase().as_str() {
        "linenumber" => |(line, _): (usize, usize)| line,
        "file" => |(_, file): (usize, usize)| file,
        _ => return None,
    };
    if !args.is_empty() {
        return Some(Err(compile_error("InvalidNumberOfArguments", format!("{name}() takes no arguments"), at)));
    }
    Some(Ok(scope.csv.map_or(Expr::Const(Value::Null), |slots| Expr::Slot(pick(slots)))))
}
