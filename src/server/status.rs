//! Neo4j's status codes for embargo's errors, so that drivers raise the
//! exception they would raise against Neo4j (and retry what is transient).

use crate::error::{Error, ErrorKind};

/// The code of a FAILURE for `error`.
pub fn code(error: &Error) -> &'static str {
    match error.kind {
        ErrorKind::SyntaxError | ErrorKind::SemanticError => "Neo.ClientError.Statement.SyntaxError",
        ErrorKind::TypeError => "Neo.ClientError.Statement.TypeError",
        ErrorKind::ArgumentError => "Neo.ClientError.Statement.ArgumentError",
        ErrorKind::EntityNotFound => "Neo.ClientError.Statement.EntityNotFound",
        ErrorKind::ConstraintViolation => "Neo.ClientError.Schema.ConstraintValidationFailed",
        ErrorKind::ResourceLimit => "Neo.ClientError.Transaction.TransactionTimedOut",
        ErrorKind::LockTimeout => "Neo.TransientError.Transaction.LockAcquisitionTimeout",
        ErrorKind::IoError => "Neo.DatabaseError.General.UnknownError",
    }
}

/// The message of a FAILURE: embargo's kind and message, and where in the
/// statement the error is.
pub fn message(error: &Error, statement: &str) -> String {
    match error.position(statement) {
        Some(p) => format!("{} (line {}, column {})", error.message, p.line, p.column),
        None => error.message.clone(),
    }
}

pub const UNAUTHORIZED: &str = "Neo.ClientError.Security.Unauthorized";
pub const PROTOCOL: &str = "Neo.ClientError.Request.Invalid";
pub const DATABASE_NOT_FOUND: &str = "Neo.ClientError.Database.DatabaseNotFound";
/// All the connections `--max-connections` allows are taken (Neo4j's
/// code when its Bolt threads are all busy; drivers retry it).
pub const NO_THREADS: &str = "Neo.TransientError.Request.NoThreadsAvailable";
pub const READ_ONLY: &str = "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_the_codes_drivers_know() {
        assert_eq!(code(&Error::syntax("x")), "Neo.ClientError.Statement.SyntaxError");
        assert_eq!(code(&Error::constraint("x")), "Neo.ClientError.Schema.ConstraintValidationFailed");
        assert!(code(&Error::new(ErrorKind::LockTimeout, "x")).starts_with("Neo.TransientError."));
        let located = Error::syntax("Invalid input").at(9);
        assert_eq!(message(&located, "RETURN 1\nRETURN"), "Invalid input (line 2, column 1)");
    }
}
