//! Lowering of the Cypher 5 clauses and expressions: `CALL { … }`
//! subqueries, `FOREACH`, `LOAD CSV`, and `EXISTS` / `COUNT` / `COLLECT`.

use pest::iterators::Pair;

use super::clause::{clause, query, where_clause};
use super::expr::{expression, ident, operand};
use super::pattern::pattern;
use super::{Rule, span};
use crate::ast::*;
use crate::error::{Error, Result};

pub(super) fn subquery_clause(pair: Pair<'_, Rule>) -> Result<Clause> {
    let at = span(&pair);
    let mut call = CallSubquery { optional: false, scope: None, query: empty_query(at), transactions: None, span: at };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::OPTIONAL => call.optional = true,
            Rule::subquery_scope => call.scope = Some(import_scope(p)),
            Rule::query => call.query = query(p)?,
            Rule::in_transactions => call.transactions = Some(in_transactions(p)?),
            _ => {}
        }
    }
    Ok(Clause::Subquery(Box::new(call)))
}

fn empty_query(at: Span) -> Query {
    Query { parts: Vec::new(), union_all: Vec::new(), span: at }
}

fn import_scope(pair: Pair<'_, Rule>) -> ImportScope {
    let mut vars = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::star => return ImportScope::All,
            Rule::variable => vars.push(ident(&p)),
            _ => {}
        }
    }
    ImportScope::Vars(vars)
}

fn in_transactions(pair: Pair<'_, Rule>) -> Result<InTransactions> {
    let mut tx = InTransactions { batch: None, on_error: OnError::Fail, status: None };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::batch_size => {
                let size = p.into_inner().find(|e| e.as_rule() == Rule::expression);
                tx.batch = size.map(expression).transpose()?;
            }
            Rule::on_error => {
                for q in p.into_inner() {
                    match q.as_rule() {
                        Rule::CONTINUE => tx.on_error = OnError::Continue,
                        Rule::BREAK => tx.on_error = OnError::Break,
                        Rule::FAIL => tx.on_error = OnError::Fail,
                        _ => {}
                    }
                }
            }
            Rule::report_status => {
                tx.status = p.into_inner().find(|v| v.as_rule() == Rule::variable).map(|v| ident(&v))
            }
            _ => {}
        }
    }
    Ok(tx)
}

pub(super) fn foreach_clause(pair: Pair<'_, Rule>) -> Result<Clause> {
    let at = span(&pair);
    let mut var = None;
    let mut list = None;
    let mut clauses = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::FOREACH | Rule::IN | Rule::rparen => {}
            Rule::variable => var = Some(ident(&p)),
            Rule::expression => list = Some(expression(p)?),
            _ => clauses.push(clause(p)?),
        }
    }
    match (var, list) {
        (Some(var), Some(list)) => Ok(Clause::Foreach { var, list, clauses, span: at }),
        _ => Err(Error::syntax("malformed FOREACH").at(at.start)),
    }
}

pub(super) fn load_csv_clause(pair: Pair<'_, Rule>) -> Result<Clause> {
    let at = span(&pair);
    let mut headers = false;
    let mut url = None;
    let mut var = None;
    let mut terminator = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::with_headers => headers = true,
            Rule::expression => url = Some(expression(p)?),
            Rule::variable => var = Some(ident(&p)),
            Rule::field_terminator => {
                if let Some(s) = p.into_inner().find(|s| s.as_rule() == Rule::string)
                    && let ExprKind::Literal(Literal::String(text)) = operand(s)?.kind
                {
                    terminator = Some(text);
                }
            }
            _ => {}
        }
    }
    match (url, var) {
        (Some(url), Some(var)) => Ok(Clause::LoadCsv(Box::new(LoadCsv { headers, url, var, terminator, span: at }))),
        _ => Err(Error::syntax("malformed LOAD CSV").at(at.start)),
    }
}

/// The body of `EXISTS { … }` or `COUNT { … }`: a query, or a pattern with
/// an optional WHERE.
pub(super) fn subquery_body(pair: Pair<'_, Rule>) -> Result<ExistsQuery> {
    let mut pat = None;
    let mut filter = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::query => return Ok(ExistsQuery::Query(query(p)?)),
            Rule::pattern => pat = Some(pattern(p)?),
            Rule::where_clause => filter = Some(where_clause(p)?),
            _ => {}
        }
    }
    Ok(ExistsQuery::Pattern(pat.unwrap_or_default(), filter))
}

pub(super) fn collect_subquery(pair: Pair<'_, Rule>) -> Result<ExprKind> {
    let at = span(&pair);
    match pair.into_inner().find(|p| p.as_rule() == Rule::query) {
        Some(q) => Ok(ExprKind::Collect(Box::new(query(q)?))),
        None => Err(Error::syntax("expected a query in COLLECT { … }").at(at.start)),
    }
}
