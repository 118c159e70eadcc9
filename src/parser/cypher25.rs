//! Lowering of the Cypher 25 clauses that mean what older clauses mean:
//! `LET` and the standalone `ORDER BY` / `SKIP` / `LIMIT` are `WITH *`
//! projections, `SHOW PROCEDURES` / `SHOW FUNCTIONS` are procedure calls.

use pest::iterators::Pair;

use super::clause::{page_part, where_clause};
use super::expr::{expression, ident};
use super::{Rule, span};
use crate::ast::*;
use crate::error::{Error, Result};

/// The columns `SHOW PROCEDURES` and `SHOW FUNCTIONS` return without YIELD.
pub const SHOW_PROCEDURES_COLUMNS: [&str; 4] = ["name", "description", "mode", "worksOnSystem"];
pub const SHOW_FUNCTIONS_COLUMNS: [&str; 3] = ["name", "category", "description"];

/// A `WITH *` that adds nothing: the base of the clauses below.
fn keep_all(at: Span) -> Projection {
    Projection {
        distinct: false,
        star: true,
        items: Vec::new(),
        order_by: Vec::new(),
        skip: None,
        limit: None,
        filter: None,
        from_let: false,
        span: at,
    }
}

/// `LET a = e1, b = e2`: `WITH *, e1 AS a WITH *, e2 AS b`.
pub(super) fn let_clause(pair: Pair<'_, Rule>) -> Result<Vec<Clause>> {
    let mut clauses = Vec::new();
    for item in pair.into_inner().filter(|p| p.as_rule() == Rule::let_item) {
        let at = span(&item);
        let mut inner = item.into_inner();
        let (Some(var), Some(value)) = (inner.next(), inner.next()) else {
            return Err(Error::syntax("expected name = expression").at(at.start));
        };
        let alias = ident(&var);
        let expr = expression(value)?;
        let mut projection = keep_all(at);
        projection.from_let = true;
        projection.items.push(ProjectionItem { expr, name: alias.name.clone(), alias: Some(alias) });
        clauses.push(Clause::With(projection));
    }
    Ok(clauses)
}

/// `ORDER BY … SKIP … LIMIT …` between clauses: `WITH * ORDER BY …`.
pub(super) fn page_clause<'a>(inner: impl Iterator<Item = Pair<'a, Rule>>, at: Span) -> Result<Clause> {
    let mut projection = keep_all(at);
    for p in inner {
        page_part(p, &mut projection)?;
    }
    Ok(Clause::With(projection))
}

/// `SHOW FUNCTIONS YIELD … WHERE …`: a call of the listing procedure
/// (named with a space, so no `CALL` can reach it), yielding Neo4j's
/// default columns unless told otherwise.
pub(super) fn show_clause<'a>(inner: impl Iterator<Item = Pair<'a, Rule>>, at: Span) -> Result<Clause> {
    let mut procedure = "";
    let mut call = None;
    let mut filter = None;
    for p in inner {
        match p.as_rule() {
            Rule::show_kind => {
                let functions = p.into_inner().next().is_some_and(|k| k.as_rule() == Rule::FUNCTIONS);
                procedure = if functions { "show functions" } else { "show procedures" };
            }
            Rule::yield_clause => call = Some(super::clause::call(std::iter::once(p), at)?),
            Rule::where_clause => filter = Some(where_clause(p)?),
            _ => {}
        }
    }
    let defaults: &[&str] =
        if procedure == "show functions" { &SHOW_FUNCTIONS_COLUMNS } else { &SHOW_PROCEDURES_COLUMNS };
    let mut call = call.unwrap_or_else(|| Call {
        procedure: String::new(),
        args: None,
        yields: Some(defaults.iter().map(|c| (c.to_string(), Ident { name: c.to_string(), span: at })).collect()),
        filter,
        span: at,
    });
    call.procedure = procedure.to_string();
    call.args = Some(Vec::new());
    Ok(Clause::Call(call))
}
