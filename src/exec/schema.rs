//! Runs the schema commands: the definitions change as one undoable
//! write, so a command that fails (or a new constraint the data breaks,
//! found at commit) leaves the schema as it was.

use std::sync::Arc;

use super::{Ctx, Row, eval};
use crate::ast::SchemaCommand;
use crate::error::{Error, ErrorKind, Result};
use crate::plan::Expr;
use crate::value::Value;

pub fn run(command: &SchemaCommand, options: Option<&Expr>, rows: Vec<Row>, ctx: &mut Ctx<'_>) -> Result<Vec<Row>> {
    let mut defs = ctx.graph.schema().clone();
    let changed = match command {
        SchemaCommand::CreateIndex { index, if_not_exists, .. } => {
            let mut index = index.clone();
            index.options = options_of(options, ctx)?;
            let added = defs.create_index(index, *if_not_exists)?;
            ctx.stats.indexes_added += u64::from(added);
            added
        }
        SchemaCommand::CreateConstraint { constraint, if_not_exists, .. } => {
            // Constraints take no options of their own: check them anyway.
            options_of(options, ctx)?;
            let added = defs.create_constraint(constraint.clone(), *if_not_exists)?;
            ctx.stats.constraints_added += u64::from(added);
            added
        }
        SchemaCommand::DropIndex { name, if_exists } => {
            let dropped = defs.drop_index(name, *if_exists)?;
            ctx.stats.indexes_removed += u64::from(dropped);
            dropped
        }
        SchemaCommand::DropConstraint { name, if_exists } => {
            let dropped = defs.drop_constraint(name, *if_exists)?;
            ctx.stats.constraints_removed += u64::from(dropped);
            dropped
        }
    };
    if changed {
        ctx.graph.write()?.set_schema(defs);
    }
    Ok(rows)
}

/// `OPTIONS {indexProvider: …, indexConfig: {…}}` as Neo4j allows it.
fn options_of(options: Option<&Expr>, ctx: &Ctx<'_>) -> Result<Vec<(Arc<str>, Value)>> {
    let Some(expr) = options else { return Ok(Vec::new()) };
    let Value::Map(map) = eval(expr, &vec![Value::Null; ctx.width], ctx)? else {
        return Err(Error::new(ErrorKind::ArgumentError, "OPTIONS must be a map"));
    };
    for (key, value) in &map {
        let fits = match key.as_ref() {
            "indexProvider" => matches!(value, Value::String(_)),
            "indexConfig" => matches!(value, Value::Map(_)),
            _ => false,
        };
        if !fits {
            return Err(Error::new(
                ErrorKind::ArgumentError,
                format!("Invalid option `{key}`: the options are `indexProvider` (a string) and `indexConfig` (a map)"),
            ));
        }
    }
    Ok(map.into_iter().collect())
}
