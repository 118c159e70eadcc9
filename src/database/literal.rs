//! Parameter values given on the command line and in the shell, as Cypher
//! literals.

use super::Database;
use crate::error::{Error, ErrorKind, Result};
use crate::value::Value;

/// Parses a parameter value given on the command line (`-p name='Iran'`):
/// a Cypher expression without variables or parameters, evaluated once.
pub fn parse_literal(text: &str) -> Result<Value> {
    crate::exec::with_statement_stack(|| {
        let expr = crate::parser::parse_expression(text)?;
        let mut db = Database::empty();
        let stats = std::sync::Arc::default();
        let compiled = crate::analyse::constant(&expr, stats)?;
        crate::exec::evaluate_constant(&compiled, db.graph_mut())
            .map_err(|e| Error::new(ErrorKind::ArgumentError, format!("not a literal value: {}", e.message)))
    })
}

/// One parameter: a valid name and a Cypher literal (shared with `:param`).
pub fn parse_param(name: &str, literal: &str) -> Result<(Value, String), String> {
    // Cypher allows `$name`, `$_x` and `$1`.
    let mut chars = name.chars();
    let identifier =
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_');
    let valid = identifier || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()));
    if !valid {
        return Err(format!("'{name}' is not a parameter name"));
    }
    let value = parse_literal(literal.trim()).map_err(|e| format!("{}: {}", e.kind.name(), e.message))?;
    Ok((value, name.to_string()))
}
