//! Errors for people: `Kind: message (line L, column C)`, the statement's
//! line, and a caret under the column, as Neo4j, kuzu and sqlite3 show them.

use std::io::{self, Write};

use crate::error::Error;

pub fn write_error<W: Write>(out: &mut W, statement: &str, error: &Error) -> io::Result<()> {
    let Some(position) = error.position(statement) else {
        writeln!(out, "{}: {}", error.kind.name(), error.message)?;
        return out.flush();
    };
    writeln!(out, "{}: {} (line {}, column {})", error.kind.name(), error.message, position.line, position.column)?;
    let line = statement.lines().nth(position.line - 1).unwrap_or("");
    // Keep tabs so the caret lines up however the terminal expands them.
    let pad: String = line.chars().take(position.column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    writeln!(out, "  {line}")?;
    writeln!(out, "  {pad}^")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(statement: &str, error: &Error) -> String {
        let mut out = Vec::new();
        assert!(write_error(&mut out, statement, error).is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn caret_sits_under_the_column_on_its_line() {
        let statement = "MATCH (n)\nRETURN n n";
        let error = Error::syntax("Invalid input 'n'").at(19);
        assert_eq!(
            render(statement, &error),
            "SyntaxError: Invalid input 'n' (line 2, column 10)\n  RETURN n n\n           ^\n"
        );
    }

    #[test]
    fn caret_counts_characters_and_keeps_tabs() {
        let statement = "\tRETURN 'ü' +";
        let error = Error::syntax("Unexpected end").at(statement.len());
        assert_eq!(
            render(statement, &error),
            "SyntaxError: Unexpected end (line 1, column 14)\n  \tRETURN 'ü' +\n  \t            ^\n"
        );
    }

    #[test]
    fn errors_without_a_place_have_no_caret() {
        assert_eq!(
            render("RETURN x", &Error::semantic("Variable `x` not defined")),
            "SemanticError: Variable `x` not defined\n"
        );
    }
}
