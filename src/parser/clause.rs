//! Lowering of queries and clauses.

use pest::iterators::Pair;

use super::expr::{expression, ident, schema_names};
use super::pattern::{pattern, pattern_part};
use super::{MAX_CLAUSES, Rule, cypher5, name, span};
use crate::ast::*;
use crate::error::{Error, ErrorKind, Result};

pub(super) fn query(pair: Pair<'_, Rule>) -> Result<Query> {
    let query_span = span(&pair);
    let mut parts = Vec::new();
    let mut union_all = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::single_query => parts.push(single_query(p)?),
            Rule::union_part => {
                let mut all = false;
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::ALL => all = true,
                        Rule::single_query => parts.push(single_query(q)?),
                        _ => {}
                    }
                }
                union_all.push(all);
            }
            _ => {}
        }
    }
    Ok(Query { parts, union_all, span: query_span })
}

pub(super) fn single_query(pair: Pair<'_, Rule>) -> Result<SingleQuery> {
    let query_span = span(&pair);
    if let Some(extra) = pair.clone().into_inner().nth(MAX_CLAUSES) {
        let message = format!("A query may have at most {MAX_CLAUSES} clauses");
        return Err(Error::new(ErrorKind::ResourceLimit, message).at(span(&extra).start));
    }
    let mut clauses = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            // One WITH per binding, so that a binding sees those before it.
            Rule::let_clause => clauses.extend(super::cypher25::let_clause(p)?),
            _ => clauses.push(clause(p)?),
        }
    }
    Ok(SingleQuery { clauses, span: query_span })
}

pub(super) fn clause(pair: Pair<'_, Rule>) -> Result<Clause> {
    let clause_span = span(&pair);
    let rule = pair.as_rule();
    match rule {
        Rule::subquery_clause => return cypher5::subquery_clause(pair),
        Rule::foreach_clause => return cypher5::foreach_clause(pair),
        Rule::load_csv_clause => return cypher5::load_csv_clause(pair),
        _ => {}
    }
    let mut inner = pair.into_inner().peekable();
    Ok(match rule {
        Rule::match_clause => {
            let optional = inner.peek().is_some_and(|p| p.as_rule() == Rule::OPTIONAL);
            let mut pat = Vec::new();
            let mut filter = None;
            let mut mode = MatchMode::DifferentRelationships;
            for p in inner {
                match p.as_rule() {
                    Rule::match_mode if p.clone().into_inner().any(|w| w.as_rule() == Rule::REPEATABLE) => {
                        mode = MatchMode::RepeatableElements;
                    }
                    Rule::pattern => pat = pattern(p)?,
                    Rule::where_clause => filter = Some(where_clause(p)?),
                    _ => {}
                }
            }
            Clause::Match { optional, mode, pattern: pat, filter, span: clause_span }
        }
        Rule::unwind_clause => {
            let mut expr = None;
            let mut var = None;
            for p in inner {
                match p.as_rule() {
                    Rule::expression => expr = Some(expression(p)?),
                    Rule::variable => var = Some(ident(&p)),
                    _ => {}
                }
            }
            match (expr, var) {
                (Some(expr), Some(var)) => Clause::Unwind { expr, var },
                _ => return Err(Error::syntax("malformed UNWIND").at(clause_span.start)),
            }
        }
        Rule::with_clause | Rule::return_clause => {
            let mut projection = None;
            let mut filter = None;
            for p in inner {
                match p.as_rule() {
                    Rule::projection_body => projection = Some(projection_body(p)?),
                    Rule::where_clause => filter = Some(where_clause(p)?),
                    _ => {}
                }
            }
            let mut projection =
                projection.ok_or_else(|| Error::syntax("expected projection").at(clause_span.start))?;
            projection.filter = filter;
            projection.span = clause_span;
            if rule == Rule::with_clause { Clause::With(projection) } else { Clause::Return(projection) }
        }
        Rule::create_clause => {
            let pat = inner.find(|p| p.as_rule() == Rule::pattern).map(pattern).transpose()?.unwrap_or_default();
            Clause::Create { pattern: pat, span: clause_span }
        }
        Rule::merge_clause => {
            let mut part = None;
            let mut on_create = Vec::new();
            let mut on_match = Vec::new();
            for p in inner {
                match p.as_rule() {
                    Rule::pattern_part => part = Some(pattern_part(p)?),
                    Rule::merge_action => {
                        let mut on_create_action = false;
                        let mut items = Vec::new();
                        for q in p.into_inner() {
                            match q.as_rule() {
                                Rule::CREATE => on_create_action = true,
                                Rule::set_item => items.push(set_item(q)?),
                                _ => {}
                            }
                        }
                        if on_create_action { on_create.extend(items) } else { on_match.extend(items) }
                    }
                    _ => {}
                }
            }
            let part = part.ok_or_else(|| Error::syntax("expected a pattern").at(clause_span.start))?;
            Clause::Merge { part, on_create, on_match, span: clause_span }
        }
        Rule::set_clause => {
            Clause::Set(inner.filter(|p| p.as_rule() == Rule::set_item).map(set_item).collect::<Result<_>>()?)
        }
        Rule::remove_clause => {
            Clause::Remove(inner.filter(|p| p.as_rule() == Rule::remove_item).map(remove_item).collect::<Result<_>>()?)
        }
        Rule::delete_clause => {
            let detach = inner.peek().is_some_and(|p| p.as_rule() == Rule::DETACH);
            let exprs = inner.filter(|p| p.as_rule() == Rule::expression).map(expression).collect::<Result<_>>()?;
            Clause::Delete { detach, exprs }
        }
        Rule::call_clause => Clause::Call(call(inner, clause_span)?),
        Rule::schema_command => {
            let command =
                inner.next().ok_or_else(|| Error::syntax("expected a schema command").at(clause_span.start))?;
            Clause::Schema(super::schema::command(command)?)
        }
        Rule::show_clause => Clause::Show(super::schema::show(inner, clause_span)?),
        Rule::finish_clause => Clause::Finish,
        Rule::page_clause => super::cypher25::page_clause(inner, clause_span)?,
        Rule::show_routines_clause => super::cypher25::show_clause(inner, clause_span)?,
        _ => return Err(Error::syntax("unexpected clause").at(clause_span.start)),
    })
}

pub(super) fn call<'a>(inner: impl Iterator<Item = Pair<'a, Rule>>, call_span: Span) -> Result<Call> {
    let mut call = Call { procedure: String::new(), args: None, yields: None, filter: None, span: call_span };
    for p in inner {
        match p.as_rule() {
            Rule::procedure_name => call.procedure = super::dotted_name(p.as_str()),
            Rule::call_args => {
                call.args = Some(
                    p.into_inner()
                        .filter(|a| a.as_rule() == Rule::expression)
                        .map(expression)
                        .collect::<Result<_>>()?,
                );
            }
            Rule::yield_clause => {
                let mut items = Vec::new();
                for y in p.into_inner() {
                    match y.as_rule() {
                        Rule::yield_item => {
                            let mut field = String::new();
                            let mut alias = None;
                            for part in y.into_inner() {
                                match part.as_rule() {
                                    Rule::symbolic_name => field = name(&part),
                                    Rule::variable => alias = Some(ident(&part)),
                                    _ => {}
                                }
                            }
                            let alias = alias.unwrap_or(Ident { name: field.clone(), span: call_span });
                            items.push((field, alias));
                        }
                        Rule::where_clause => call.filter = Some(where_clause(y)?),
                        _ => {}
                    }
                }
                call.yields = Some(items);
            }
            _ => {}
        }
    }
    Ok(call)
}

pub(super) fn where_clause(pair: Pair<'_, Rule>) -> Result<Expr> {
    let at = span(&pair).start;
    match pair.into_inner().find(|p| p.as_rule() == Rule::expression) {
        Some(p) => expression(p),
        None => Err(Error::syntax("expected an expression after WHERE").at(at)),
    }
}

fn projection_body(pair: Pair<'_, Rule>) -> Result<Projection> {
    let mut projection = Projection {
        distinct: false,
        star: false,
        items: Vec::new(),
        order_by: Vec::new(),
        skip: None,
        limit: None,
        filter: None,
        from_let: false,
        span: span(&pair),
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::DISTINCT => projection.distinct = true,
            Rule::projection_items => {
                for item in p.into_inner() {
                    match item.as_rule() {
                        Rule::star => projection.star = true,
                        Rule::projection_item => projection.items.push(projection_item(item)?),
                        _ => {}
                    }
                }
            }
            _ => page_part(p, &mut projection)?,
        }
    }
    Ok(projection)
}

/// An `ORDER BY`, `SKIP`/`OFFSET` or `LIMIT` part into `projection`.
pub(super) fn page_part(p: Pair<'_, Rule>, projection: &mut Projection) -> Result<()> {
    let expr_of = |p: Pair<'_, Rule>| p.into_inner().find(|q| q.as_rule() == Rule::expression).map(expression);
    match p.as_rule() {
        Rule::order_by => {
            for s in p.into_inner().filter(|s| s.as_rule() == Rule::sort_item) {
                let mut expr = None;
                let mut descending = false;
                for q in s.into_inner() {
                    match q.as_rule() {
                        Rule::expression => expr = Some(expression(q)?),
                        Rule::sort_direction => descending = q.as_str().to_ascii_uppercase().starts_with("DESC"),
                        _ => {}
                    }
                }
                if let Some(expr) = expr {
                    projection.order_by.push(SortItem { expr, descending });
                }
            }
        }
        Rule::skip => projection.skip = expr_of(p).transpose()?,
        Rule::limit => projection.limit = expr_of(p).transpose()?,
        _ => {}
    }
    Ok(())
}

fn projection_item(pair: Pair<'_, Rule>) -> Result<ProjectionItem> {
    let mut expr = None;
    let mut alias = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::expression => expr = Some((p.as_str().trim().to_string(), expression(p)?)),
            Rule::variable => alias = Some(ident(&p)),
            _ => {}
        }
    }
    let (text, expr) = expr.ok_or_else(|| Error::syntax("expected an expression"))?;
    let name = alias.as_ref().map_or(text, |a| a.name.clone());
    Ok(ProjectionItem { expr, alias, name })
}

fn set_item(pair: Pair<'_, Rule>) -> Result<SetItem> {
    let Some(item) = pair.into_inner().next() else {
        return Err(Error::syntax("expected a SET item"));
    };
    let rule = item.as_rule();
    let at = span(&item).start;
    let mut inner = item.into_inner();
    let mut next = || inner.next().ok_or_else(|| Error::syntax("malformed SET item").at(at));
    Ok(match rule {
        Rule::set_property => {
            let (target, key) = property_target(next()?)?;
            SetItem::Property { target, key, value: expression(next()?)? }
        }
        Rule::set_replace_map => {
            let var = ident(&next()?);
            SetItem::Replace { var, value: expression(next()?)? }
        }
        Rule::set_merge_map => {
            let var = ident(&next()?);
            SetItem::Merge { var, value: expression(next()?)? }
        }
        Rule::set_labels => {
            let var = ident(&next()?);
            SetItem::Labels { var, labels: schema_names(next()?) }
        }
        _ => return Err(Error::syntax("malformed SET item").at(at)),
    })
}

fn remove_item(pair: Pair<'_, Rule>) -> Result<RemoveItem> {
    let Some(item) = pair.into_inner().next() else {
        return Err(Error::syntax("expected a REMOVE item"));
    };
    let at = span(&item).start;
    match item.as_rule() {
        Rule::set_labels => {
            let mut inner = item.into_inner();
            match (inner.next(), inner.next()) {
                (Some(var), Some(labels)) => Ok(RemoveItem::Labels { var: ident(&var), labels: schema_names(labels) }),
                _ => Err(Error::syntax("malformed REMOVE item").at(at)),
            }
        }
        _ => {
            let (target, key) = property_target(item)?;
            Ok(RemoveItem::Property { target, key })
        }
    }
}

/// `base.k1.k2`: the expression `base.k1` and the last key `k2`.
fn property_target(pair: Pair<'_, Rule>) -> Result<(Expr, String)> {
    let at = span(&pair).start;
    let mut inner = pair.into_inner();
    let base = inner.next().ok_or_else(|| Error::syntax("expected a property").at(at))?;
    let base_span = span(&base);
    let base_inner = base.into_inner().next().ok_or_else(|| Error::syntax("expected a property").at(at))?;
    let mut target = match base_inner.as_rule() {
        Rule::variable => Expr::new(ExprKind::Variable(name(&base_inner)), base_span),
        _ => super::expr::operand(base_inner)?,
    };
    let keys: Vec<(String, Span)> = inner.map(|k| (name(&k), span(&k))).collect();
    let Some(((last, _), rest)) = keys.split_last() else {
        return Err(Error::syntax("expected a property key").at(at));
    };
    for (key, key_span) in rest {
        target = Expr::new(ExprKind::Property(Box::new(target), key.clone()), Span { start: at, end: key_span.end });
    }
    Ok((target, last.clone()))
}
