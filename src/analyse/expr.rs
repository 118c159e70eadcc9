//! Expressions: names to slots, functions to their built-ins, aggregates
//! pulled out into the aggregation they belong to.

use std::sync::Arc;

use super::compile_error;
use super::pattern::pattern_predicate;
use super::scope::{Scope, VarKind};
use crate::ast::{self, ExprKind, Literal, MapProjectionItem, UnaryOp};
use crate::error::Result;
use crate::plan::subquery::SubqueryKind;
use crate::plan::{Aggregate, AggregateCall, Expr, Function, MapItem};
use crate::value::Value;

/// Where aggregate calls go while compiling a projection item; `None`
/// where aggregates are not allowed.
pub type Aggregates<'a> = Option<&'a mut Vec<AggregateCall>>;

/// Compiles an expression in which aggregates are not allowed.
pub fn compile(scope: &mut Scope, e: &ast::Expr) -> Result<Expr> {
    compile_with(scope, e, &mut None)
}

pub fn compile_with(scope: &mut Scope, e: &ast::Expr, aggs: &mut Aggregates<'_>) -> Result<Expr> {
    let compiled = compile_unchecked(scope, e, aggs)?;
    super::types::check(&compiled, scope, e.span.start)?;
    Ok(compiled)
}

fn compile_unchecked(scope: &mut Scope, e: &ast::Expr, aggs: &mut Aggregates<'_>) -> Result<Expr> {
    let at = e.span.start;
    check_no_pattern_values(e)?;
    Ok(match &e.kind {
        ExprKind::Literal(l) => Expr::Const(literal(l)),
        ExprKind::BigInt(digits) => {
            return Err(compile_error("IntegerOverflow", format!("integer is too large: {digits}"), at));
        }
        ExprKind::Parameter(name) => Expr::Param(Arc::from(name.as_str())),
        ExprKind::Variable(name) => match scope.get(name) {
            Some(var) => Expr::Slot(var.slot),
            None => return Err(compile_error("UndefinedVariable", format!("Variable `{name}` not defined"), at)),
        },
        ExprKind::List(items) => Expr::List(items.iter().map(|i| compile_with(scope, i, aggs)).collect::<Result<_>>()?),
        ExprKind::Map(entries) => Expr::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((Arc::from(k.as_str()), compile_with(scope, v, aggs)?)))
                .collect::<Result<_>>()?,
        ),
        ExprKind::Property(base, key) => {
            Expr::Property(Box::new(compile_with(scope, base, aggs)?), Arc::from(key.as_str()))
        }
        ExprKind::Index(base, index) => {
            Expr::Index(Box::new(compile_with(scope, base, aggs)?), Box::new(compile_with(scope, index, aggs)?))
        }
        ExprKind::Slice(base, from, to) => Expr::Slice(
            Box::new(compile_with(scope, base, aggs)?),
            from.as_ref().map(|f| compile_with(scope, f, aggs).map(Box::new)).transpose()?,
            to.as_ref().map(|t| compile_with(scope, t, aggs).map(Box::new)).transpose()?,
        ),
        ExprKind::HasLabels(base, labels) => Expr::HasLabels(
            Box::new(compile_with(scope, base, aggs)?),
            labels.iter().map(|l| Arc::from(l.as_str())).collect(),
        ),
        ExprKind::Unary(op, operand) => {
            let inner = compile_with(scope, operand, aggs)?;
            match op {
                UnaryOp::Not => Expr::Not(Box::new(inner)),
                UnaryOp::Neg => Expr::Neg(Box::new(inner)),
                UnaryOp::Pos => inner,
            }
        }
        ExprKind::Binary(op, l, r) => {
            Expr::Binary(*op, Box::new(compile_with(scope, l, aggs)?), Box::new(compile_with(scope, r, aggs)?))
        }
        ExprKind::IsNull(inner, negated) => Expr::IsNull(Box::new(compile_with(scope, inner, aggs)?), *negated),
        ExprKind::IsType { expr, ty, negated } => {
            Expr::IsType(Box::new(compile_with(scope, expr, aggs)?), ty.clone(), *negated)
        }
        ExprKind::IsNormalized { expr, form, negated } => {
            let test = Expr::Function(Function::IsNormalized(*form), vec![compile_with(scope, expr, aggs)?]);
            if *negated { Expr::Not(Box::new(test)) } else { test }
        }
        ExprKind::CountStar => aggregate(scope, Aggregate::CountStar, false, &[], aggs, at)?,
        ExprKind::FunctionCall { name, distinct, args } => function_call(scope, name, *distinct, args, aggs, at)?,
        ExprKind::Case { subject, whens, otherwise } => Expr::Case {
            subject: subject.as_ref().map(|s| compile_with(scope, s, aggs).map(Box::new)).transpose()?,
            whens: whens
                .iter()
                .map(|(w, t)| Ok((compile_with(scope, w, aggs)?, compile_with(scope, t, aggs)?)))
                .collect::<Result<_>>()?,
            otherwise: otherwise.as_ref().map(|o| compile_with(scope, o, aggs).map(Box::new)).transpose()?,
        },
        ExprKind::ListComprehension { var, list, filter, map } => {
            let list = compile_with(scope, list, aggs)?;
            scope.push_frame();
            let slot = scope.declare(&var.name, VarKind::Value);
            scope.set_type(slot, super::types::element_type(&list, scope));
            let filter = filter.as_ref().map(|f| compile(scope, f).map(Box::new)).transpose();
            // Aggregating inside runs once per element, not per group.
            let map = map.as_ref().map(|m| compile(scope, m).map(Box::new)).transpose();
            scope.pop_frame();
            Expr::ListComprehension { slot, list: Box::new(list), filter: filter?, map: map? }
        }
        ExprKind::Quantifier { kind, var, list, filter } => {
            let list = compile_with(scope, list, aggs)?;
            scope.push_frame();
            let slot = scope.declare(&var.name, VarKind::Value);
            scope.set_type(slot, super::types::element_type(&list, scope));
            let filter = filter.as_ref().map(|f| compile(scope, f).map(Box::new)).transpose();
            scope.pop_frame();
            Expr::Quantifier { kind: *kind, slot, list: Box::new(list), filter: filter? }
        }
        ExprKind::Reduce { acc, init, var, list, expr } => {
            let init = compile_with(scope, init, aggs)?;
            let list = compile_with(scope, list, aggs)?;
            scope.push_frame();
            let acc_slot = scope.declare(&acc.name, VarKind::Value);
            let slot = scope.declare(&var.name, VarKind::Value);
            let body = compile(scope, expr);
            scope.pop_frame();
            Expr::Reduce { acc: acc_slot, init: Box::new(init), slot, list: Box::new(list), expr: Box::new(body?) }
        }
        ExprKind::PatternPredicate(element) => {
            let plan = pattern_predicate(scope, None, element, None, at, false)?;
            Expr::Exists(Box::new(plan))
        }
        ExprKind::PatternComprehension { var, pattern, filter, map } => {
            scope.push_frame();
            let result = (|| -> Result<Expr> {
                let plan = pattern_predicate(scope, var.as_ref(), pattern, filter.as_deref(), at, true)?;
                let map = compile(scope, map)?;
                Ok(Expr::PatternComprehension { plan: Box::new(plan), map: Box::new(map) })
            })();
            scope.pop_frame();
            result?
        }
        ExprKind::Exists(query) => super::subquery::expression(scope, SubqueryKind::Exists, query, at)?,
        ExprKind::Count(query) => super::subquery::expression(scope, SubqueryKind::Count, query, at)?,
        ExprKind::Collect(query) => {
            let body = ast::ExistsQuery::Query((**query).clone());
            super::subquery::expression(scope, SubqueryKind::Collect, &body, at)?
        }
        ExprKind::ShortestPathExpr(part) => {
            scope.push_frame();
            let result = super::pattern::shortest_expression(scope, part);
            scope.pop_frame();
            let (plan, slot) = result?;
            Expr::ShortestPath(Box::new(plan), slot)
        }
        ExprKind::MapProjection { var, items } => {
            let base = match scope.get(&var.name) {
                Some(v) => Expr::Slot(v.slot),
                None => {
                    return Err(compile_error(
                        "UndefinedVariable",
                        format!("Variable `{}` not defined", var.name),
                        var.span.start,
                    ));
                }
            };
            let mut compiled = Vec::new();
            for item in items {
                compiled.push(match item {
                    MapProjectionItem::AllProperties => MapItem::AllProperties,
                    MapProjectionItem::Property(k) => MapItem::Property(Arc::from(k.as_str())),
                    MapProjectionItem::Entry(k, v) => {
                        MapItem::Entry(Arc::from(k.as_str()), compile_with(scope, v, aggs)?)
                    }
                    MapProjectionItem::Variable(v) => match scope.get(&v.name) {
                        Some(found) => MapItem::Entry(Arc::from(v.name.as_str()), Expr::Slot(found.slot)),
                        None => {
                            return Err(compile_error(
                                "UndefinedVariable",
                                format!("Variable `{}` not defined", v.name),
                                v.span.start,
                            ));
                        }
                    },
                });
            }
            Expr::MapProjection { base: Box::new(base), items: compiled }
        }
    })
}

pub fn literal(l: &Literal) -> Value {
    match l {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::string(s),
    }
}

fn aggregate(
    scope: &mut Scope,
    function: Aggregate,
    distinct: bool,
    args: &[ast::Expr],
    aggs: &mut Aggregates<'_>,
    at: usize,
) -> Result<Expr> {
    let Some(list) = aggs.as_deref_mut() else {
        return Err(compile_error("InvalidAggregation", "Aggregation is not allowed here", at));
    };
    if args.iter().any(calls_rand) {
        return Err(compile_error(
            "NonConstantExpression",
            "rand() inside an aggregation: the aggregate would not be the same twice",
            at,
        ));
    }
    // Aggregates inside an aggregate's arguments are not allowed.
    let args = args.iter().map(|a| compile(scope, a)).collect::<Result<Vec<_>>>().map_err(|e| {
        if e.message.contains("(InvalidAggregation)") {
            compile_error("NestedAggregation", "Can't use aggregate functions inside of aggregate functions", at)
        } else {
            e
        }
    })?;
    let slot = scope.new_slot();
    list.push(AggregateCall { function, distinct, args, slot });
    Ok(Expr::Slot(slot))
}

/// A pattern (`(a)-->(b)`) is a predicate: it may stand where a condition
/// is read (WHERE, AND / OR / XOR / NOT, CASE WHEN, a comprehension's
/// WHERE, `exists()`), never as an operand that takes a value.
pub fn check_no_pattern_values(e: &ast::Expr) -> Result<()> {
    use ast::{BinaryOp, UnaryOp};
    let operands: Vec<&ast::Expr> = match &e.kind {
        ExprKind::Binary(BinaryOp::And | BinaryOp::Or | BinaryOp::Xor, ..) | ExprKind::Unary(UnaryOp::Not, _) => {
            Vec::new()
        }
        ExprKind::FunctionCall { name, .. } if name.eq_ignore_ascii_case("exists") => Vec::new(),
        ExprKind::Binary(_, l, r) | ExprKind::Index(l, r) => vec![l, r],
        ExprKind::Unary(_, operand)
        | ExprKind::Property(operand, _)
        | ExprKind::IsNull(operand, _)
        | ExprKind::IsType { expr: operand, .. }
        | ExprKind::IsNormalized { expr: operand, .. } => vec![operand],
        ExprKind::FunctionCall { args, .. } | ExprKind::List(args) => args.iter().collect(),
        ExprKind::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
        ExprKind::Case { subject, whens, otherwise } => {
            let mut values: Vec<&ast::Expr> = whens.iter().map(|(_, then)| then).collect();
            values.extend(subject.as_deref().into_iter().chain(otherwise.as_deref()));
            values
        }
        _ => Vec::new(),
    };
    match operands.into_iter().find(|o| matches!(o.kind, ExprKind::PatternPredicate(_))) {
        Some(pattern) => Err(compile_error(
            "UnexpectedSyntax",
            "A pattern expression can only be used as a condition; use exists(...), COUNT { ... } or a pattern comprehension",
            pattern.span.start,
        )),
        None => Ok(()),
    }
}

/// Whether an expression calls `rand()`.
fn calls_rand(e: &ast::Expr) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        found |= matches!(&x.kind, ExprKind::FunctionCall { name, .. } if name.eq_ignore_ascii_case("rand"))
    });
    found
}

/// Whether an expression holds an aggregate call (outside nested scopes).
pub fn has_aggregate(e: &ast::Expr) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        found |= match &x.kind {
            ExprKind::CountStar => true,
            ExprKind::FunctionCall { name, .. } => aggregate_function(name).is_some(),
            _ => false,
        }
    });
    found
}

fn aggregate_function(name: &str) -> Option<Aggregate> {
    Some(match name.to_ascii_lowercase().as_str() {
        "count" => Aggregate::Count,
        "sum" => Aggregate::Sum,
        "avg" => Aggregate::Avg,
        "min" => Aggregate::Min,
        "max" => Aggregate::Max,
        "collect" => Aggregate::Collect,
        "stdev" => Aggregate::StDev,
        "stdevp" => Aggregate::StDevP,
        "percentilecont" => Aggregate::PercentileCont,
        "percentiledisc" => Aggregate::PercentileDisc,
        _ => return None,
    })
}

fn function_call(
    scope: &mut Scope,
    name: &str,
    distinct: bool,
    args: &[ast::Expr],
    aggs: &mut Aggregates<'_>,
    at: usize,
) -> Result<Expr> {
    if let Some(agg) = aggregate_function(name) {
        let arity = match agg {
            Aggregate::PercentileCont | Aggregate::PercentileDisc => 2,
            _ => 1,
        };
        if args.len() != arity {
            return Err(compile_error("InvalidNumberOfArguments", format!("{name}() takes {arity} argument(s)"), at));
        }
        return aggregate(scope, agg, distinct, args, aggs, at);
    }
    if let Some(csv) = super::subquery::csv_function(scope, name, args, at) {
        return csv;
    }
    let Some((function, min, max)) = scalar_function(name) else {
        return Err(compile_error("UnknownFunction", format!("Unknown function '{name}'"), at));
    };
    if args.len() < min || args.len() > max {
        return Err(compile_error("InvalidNumberOfArguments", format!("Wrong number of arguments to {name}()"), at));
    }
    if function == Function::Exists {
        let valid =
            args.first().is_some_and(|a| matches!(a.kind, ExprKind::Property(..) | ExprKind::PatternPredicate(_)));
        if !valid {
            return Err(compile_error("InvalidArgumentExpression", "exists() takes a property or a pattern", at));
        }
    }
    if let Function::Normalize(_) = function {
        return normalize_call(scope, args, aggs, at);
    }
    let compiled = args.iter().map(|a| compile_with(scope, a, aggs)).collect::<Result<Vec<_>>>()?;
    Ok(Expr::Function(function, compiled))
}

/// `normalize(s, NFKC)`: the form is a bare word, not an expression.
fn normalize_call(scope: &mut Scope, args: &[ast::Expr], aggs: &mut Aggregates<'_>, at: usize) -> Result<Expr> {
    let form = match args.get(1).map(|a| &a.kind) {
        None => ast::NormalForm::Nfc,
        Some(ExprKind::Variable(name)) if ast::NormalForm::named(name).is_some() => {
            ast::NormalForm::named(name).unwrap_or(ast::NormalForm::Nfc)
        }
        Some(_) => {
            return Err(compile_error(
                "InvalidArgumentValue",
                "normalize() takes a normal form: NFC, NFD, NFKC or NFKD",
                at,
            ));
        }
    };
    let text = args.first().map(|a| compile_with(scope, a, aggs)).transpose()?;
    Ok(Expr::Function(Function::Normalize(form), text.into_iter().collect()))
}

/// A scalar function by name, with its least and most number of arguments.
fn scalar_function(name: &str) -> Option<(Function, usize, usize)> {
    use Function::*;
    Some(match name.to_ascii_lowercase().as_str() {
        "id" => (Id, 1, 1),
        "elementid" => (ElementId, 1, 1),
        "labels" => (Labels, 1, 1),
        "type" => (Type, 1, 1),
        "properties" => (Properties, 1, 1),
        "keys" => (Keys, 1, 1),
        "startnode" => (StartNode, 1, 1),
        "endnode" => (EndNode, 1, 1),
        "nodes" => (Nodes, 1, 1),
        "relationships" => (Relationships, 1, 1),
        "length" => (Length, 1, 1),
        "size" => (Size, 1, 1),
        "head" => (Head, 1, 1),
        "last" => (Last, 1, 1),
        "tail" => (Tail, 1, 1),
        "range" => (Range, 2, 3),
        "reverse" => (Reverse, 1, 1),
        "coalesce" => (Coalesce, 1, usize::MAX),
        "tostring" => (ToString, 1, 1),
        "tointeger" => (ToInteger, 1, 1),
        "tofloat" => (ToFloat, 1, 1),
        "toboolean" => (ToBoolean, 1, 1),
        "abs" => (Abs, 1, 1),
        "ceil" => (Ceil, 1, 1),
        "floor" => (Floor, 1, 1),
        "round" => (Round, 1, 1),
        "sign" => (Sign, 1, 1),
        "sqrt" => (Sqrt, 1, 1),
        "exp" => (Exp, 1, 1),
        "log" => (Log, 1, 1),
        "log10" => (Log10, 1, 1),
        "rand" => (Rand, 0, 0),
        "sin" => (Sin, 1, 1),
        "cos" => (Cos, 1, 1),
        "tan" => (Tan, 1, 1),
        "asin" => (Asin, 1, 1),
        "acos" => (Acos, 1, 1),
        "atan" => (Atan, 1, 1),
        "atan2" => (Atan2, 2, 2),
        "degrees" => (Degrees, 1, 1),
        "radians" => (Radians, 1, 1),
        "pi" => (Pi, 0, 0),
        "e" => (E, 0, 0),
        "tolower" | "lower" => (ToLower, 1, 1),
        "toupper" | "upper" => (ToUpper, 1, 1),
        "trim" => (Trim, 1, 1),
        "btrim" => (BTrim, 1, 2),
        "ltrim" => (LTrim, 1, 2),
        "rtrim" => (RTrim, 1, 2),
        "normalize" => (Normalize(ast::NormalForm::Nfc), 1, 2),
        "valuetype" => (ValueType, 1, 1),
        "split" => (Split, 2, 2),
        "substring" => (Substring, 2, 3),
        "left" => (Left, 2, 2),
        "right" => (Right, 2, 2),
        "replace" => (Replace, 3, 3),
        "exists" => (Exists, 1, 1),
        "date" => (Date, 0, 1),
        "localtime" => (LocalTime, 0, 1),
        "time" => (Time, 0, 1),
        "localdatetime" => (LocalDateTime, 0, 1),
        "datetime" => (DateTime, 0, 1),
        "duration" => (Duration, 1, 1),
        "timestamp" => (Timestamp, 0, 0),
        "embargo.similarity" => (Similarity, 2, 2),
        other => return temporal_function(other),
    })
}

/// The dotted temporal functions; `date.transaction()` and its kin read the clock as `date()` does.
fn temporal_function(name: &str) -> Option<(Function, usize, usize)> {
    use crate::temporal::{Between, Kind, TemporalFn};
    let (base, member) = name.split_once('.')?;
    let kind = match base {
        "date" => Some((Function::Date, Kind::Date)),
        "localtime" => Some((Function::LocalTime, Kind::LocalTime)),
        "time" => Some((Function::Time, Kind::Time)),
        "localdatetime" => Some((Function::LocalDateTime, Kind::LocalDateTime)),
        "datetime" => Some((Function::DateTime, Kind::DateTime)),
        _ => None,
    };
    let between = |b| Some((Function::Temporal(TemporalFn::Between(b)), 2, 2));
    Some(match (kind, base, member) {
        (Some((f, _)), _, "transaction" | "statement" | "realtime") => (f, 0, 1),
        (Some((_, k)), _, "truncate") => (Function::Temporal(TemporalFn::Truncate(k)), 2, 3),
        (_, "datetime", "fromepoch") => (Function::Temporal(TemporalFn::FromEpoch), 2, 2),
        (_, "datetime", "fromepochmillis") => (Function::Temporal(TemporalFn::FromEpochMillis), 1, 1),
        (_, "duration", "between") => return between(Between::All),
        (_, "duration", "inmonths") => return between(Between::Months),
        (_, "duration", "indays") => return between(Between::Days),
        (_, "duration", "inseconds") => return between(Between::Seconds),
        _ => return None,
    })
}
