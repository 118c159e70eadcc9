//! The one error type of the engine: a kind from the command-line contract,
//! a message, and where in the statement it happened.

use std::fmt;

/// The error kinds of the contract (`docs/interface.md`), which the jsonl
/// output reports by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    SemanticError,
    TypeError,
    ArgumentError,
    EntityNotFound,
    ConstraintViolation,
    IoError,
    ResourceLimit,
    /// Another transaction held the store past the wait (`embargo serve`
    /// only): nothing was done, and trying again may succeed.
    LockTimeout,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::SemanticError => "SemanticError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ArgumentError => "ArgumentError",
            ErrorKind::EntityNotFound => "EntityNotFound",
            ErrorKind::ConstraintViolation => "ConstraintViolation",
            ErrorKind::IoError => "IoError",
            ErrorKind::ResourceLimit => "ResourceLimit",
            ErrorKind::LockTimeout => "LockTimeout",
        }
    }
}

/// A place in a statement's text: a byte offset, and the 1-based line and
/// column (in characters) it falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    pub fn at(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { offset, line, column }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Byte offset in the statement where the error was found, if it has one.
    pub offset: Option<usize>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), offset: None }
    }

    pub fn at(mut self, offset: usize) -> Error {
        self.offset.get_or_insert(offset);
        self
    }

    pub fn syntax(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::SyntaxError, message)
    }

    pub fn semantic(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::SemanticError, message)
    }

    pub fn type_error(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::TypeError, message)
    }

    pub fn argument(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::ArgumentError, message)
    }

    pub fn entity_not_found(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::EntityNotFound, message)
    }

    pub fn constraint(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::ConstraintViolation, message)
    }

    pub fn io(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::IoError, message)
    }

    /// Line and column of the error in `statement`, when it has a place.
    pub fn position(&self, statement: &str) -> Option<Position> {
        self.offset.map(|o| Position::at(statement, o))
    }
}

/// At most the first 60 characters of a value, for an error message: a
/// bad 1 MB field must not make a 1 MB message.
pub fn excerpt(text: &str) -> String {
    shortened(text, 60)
}

/// The longest error message an import gives, in characters: its file and
/// line come first, so a reason that quotes too much is cut at the end.
pub const MESSAGE_MAX: usize = 500;

/// `text` cut to at most `max` characters, saying how long it was.
pub fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::io(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "MATCH (n)\nWHERE ü.x = 1";
        assert_eq!(Position::at(text, 0), Position { offset: 0, line: 1, column: 1 });
        let p = Position::at(text, text.find('.').unwrap_or(0));
        assert_eq!((p.line, p.column), (2, 8));
    }
}
