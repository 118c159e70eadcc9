//! Procedure calls (`CALL p(…) YIELD …`, `SHOW PROCEDURES`), the `YIELD`
//! that `SHOW` shares, and `CALL { … }` subqueries.

use std::fmt::{self, Display, Formatter, Write};

use super::comma_separated;
use super::lexical::{dotted_name, variable};
use crate::ast::*;

/// ` YIELD a, b AS c WHERE …` (` YIELD *` for an empty list) of a procedure
/// call or `SHOW`.
pub(super) fn yields(f: &mut Formatter<'_>, items: Option<&[(String, Ident)]>, filter: Option<&Expr>) -> fmt::Result {
    match items {
        Some([]) => f.write_str(" YIELD *")?,
        Some(items) => {
            f.write_str(" YIELD ")?;
            comma_separated(f, items, |f, (field, alias)| {
                variable(f, field)?;
                if alias.name == *field {
                    return Ok(());
                }
                f.write_str(" AS ")?;
                variable(f, &alias.name)
            })?;
        }
        None => {}
    }
    match filter {
        Some(filter) => write!(f, " WHERE {filter}"),
        None => Ok(()),
    }
}

/// `CALL p.name(args) YIELD …`; `SHOW PROCEDURES` and `SHOW FUNCTIONS`
/// are calls of procedures no `CALL` can name, and print as written.
pub(super) fn call(f: &mut Formatter<'_>, call: &Call) -> fmt::Result {
    use crate::parser::{SHOW_FUNCTIONS_COLUMNS, SHOW_PROCEDURES_COLUMNS};
    let show = match call.procedure.as_str() {
        "show procedures" => Some(("SHOW PROCEDURES", &SHOW_PROCEDURES_COLUMNS[..])),
        "show functions" => Some(("SHOW FUNCTIONS", &SHOW_FUNCTIONS_COLUMNS[..])),
        _ => None,
    };
    if let Some((words, defaults)) = show {
        f.write_str(words)?;
        let default_yields = call.yields.as_ref().is_some_and(|items| {
            items.len() == defaults.len()
                && items.iter().zip(defaults).all(|((field, alias), d)| field == d && alias.name == *d)
        });
        let items = if default_yields { None } else { call.yields.as_deref() };
        return yields(f, items, call.filter.as_ref());
    }
    f.write_str("CALL ")?;
    dotted_name(f, &call.procedure)?;
    if let Some(args) = &call.args {
        f.write_char('(')?;
        comma_separated(f, args, |f, e| e.fmt(f))?;
        f.write_char(')')?;
    }
    yields(f, call.yields.as_deref(), call.filter.as_ref())
}

pub(super) fn subquery(f: &mut Formatter<'_>, call: &CallSubquery) -> fmt::Result {
    f.write_str(if call.optional { "OPTIONAL CALL " } else { "CALL " })?;
    match &call.scope {
        Some(ImportScope::All) => f.write_str("(*) ")?,
        Some(ImportScope::Vars(vars)) => {
            f.write_char('(')?;
            comma_separated(f, vars, |f, v| variable(f, &v.name))?;
            f.write_str(") ")?;
        }
        None => {}
    }
    write!(f, "{{ {} }}", call.query)?;
    match &call.transactions {
        Some(tx) => in_transactions(f, tx),
        None => Ok(()),
    }
}

fn in_transactions(f: &mut Formatter<'_>, tx: &InTransactions) -> fmt::Result {
    f.write_str(" IN TRANSACTIONS")?;
    if let Some(batch) = &tx.batch {
        write!(f, " OF {batch} ROWS")?;
    }
    match tx.on_error {
        OnError::Continue => f.write_str(" ON ERROR CONTINUE")?,
        OnError::Break => f.write_str(" ON ERROR BREAK")?,
        OnError::Fail => {}
    }
    match &tx.status {
        Some(status) => {
            f.write_str(" REPORT STATUS AS ")?;
            variable(f, &status.name)
        }
        None => Ok(()),
    }
}
