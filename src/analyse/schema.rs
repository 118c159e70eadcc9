//! Schema commands and `SHOW`: where they may stand, and their operators.

use super::compile_error;
use super::scope::{Scope, VarKind};
use crate::ast::{self, SchemaCommand, Show};
use crate::error::Result;
use crate::plan::{Op, Procedure, Slot};
use crate::schema::show::{columns, default_columns};

/// `CREATE INDEX` and the rest stand alone: no other clause, no UNION.
pub fn command(scope: &mut Scope, command: &SchemaCommand, part: &ast::SingleQuery) -> Result<Op> {
    if part.clauses.len() != 1 {
        return Err(compile_error(
            "InvalidClauseComposition",
            "A schema command cannot be combined with other clauses",
            part.span.start,
        ));
    }
    let options = match command {
        SchemaCommand::CreateIndex { options, .. } | SchemaCommand::CreateConstraint { options, .. } => options,
        _ => &None,
    };
    let options = options.as_ref().map(|o| super::expr::compile(scope, o)).transpose()?;
    Ok(Op::Schema { command: Box::new(command.clone()), options })
}

/// `SHOW … [YIELD …]`: a call of the built-in listing, first in its query.
pub fn show(scope: &mut Scope, show: &Show, position: usize) -> Result<(Op, Vec<(String, Slot)>)> {
    if position != 0 {
        return Err(compile_error("InvalidClauseComposition", "SHOW must begin the query", show.span.start));
    }
    let all = columns(show.what);
    let wanted: Vec<(usize, String)> = match &show.yields {
        None => default_columns(show.what).iter().enumerate().map(|(i, c)| (i, c.to_string())).collect(),
        Some(items) if items.is_empty() => all.iter().enumerate().map(|(i, c)| (i, c.to_string())).collect(),
        Some(items) => {
            let mut wanted = Vec::with_capacity(items.len());
            for (field, alias) in items {
                let Some(i) = all.iter().position(|c| c == field) else {
                    return Err(compile_error(
                        "UndefinedVariable",
                        format!("Variable `{field}` not defined: SHOW does not return it"),
                        alias.span.start,
                    ));
                };
                wanted.push((i, alias.name.clone()));
            }
            wanted
        }
    };
    let mut yields = Vec::with_capacity(wanted.len());
    let mut yielded = Vec::with_capacity(wanted.len());
    for (i, name) in wanted {
        let slot = scope.declare_fresh(&name, VarKind::Value, show.span.start)?;
        yields.push((i, slot));
        yielded.push((name, slot));
    }
    Ok((Op::Call { procedure: Procedure::Show(show.what), args: Vec::new(), yields }, yielded))
}
