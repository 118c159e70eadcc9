//! Text → AST. pest does the recognising (`grammar/cypher.pest`); the
//! functions here lower pest's pairs into the typed tree of `ast.rs`, one
//! function per rule. No pest type leaves this module.

mod clause;
mod cypher25;
mod cypher5;
mod expr;
mod gql;
mod height;
mod pattern;
mod schema;
mod types;

/// The columns `SHOW PROCEDURES` and `SHOW FUNCTIONS` yield by default.
pub(crate) use cypher25::{SHOW_FUNCTIONS_COLUMNS, SHOW_PROCEDURES_COLUMNS};

use pest::Parser;
use pest::iterators::Pair;

use crate::ast::{ExplainMode, Span, Statement};
use crate::error::{Error, Result};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cypher.pest"]
struct CypherParser;

/// How deeply brackets may nest. The grammar recurses once per level, so
/// without a bound a deep enough input would overflow the stack.
const MAX_NESTING: usize = 100;

/// How tall an expression's tree may be: every operator, `CASE`, argument
/// list and index adds a level. Lowering, analysis and evaluation recurse
/// once per level, so this bound keeps them within the statement's stack.
pub const MAX_EXPRESSION_DEPTH: usize = 1000;

/// How many clauses one query (or UNION part) may have: the pipeline
/// streams a row through its operators by recursion.
const MAX_CLAUSES: usize = 1000;

/// How many nodes and relationships one pattern may have: the matcher
/// recurses once per step.
const MAX_PATTERN_LENGTH: usize = 1000;

/// Parses one statement (a trailing `;` is allowed).
pub fn parse(text: &str) -> Result<Statement> {
    check_nesting(text)?;
    let mut pairs = CypherParser::parse(Rule::statement, text).map_err(|e| syntax_error(e, text))?;
    let statement = pairs.next().ok_or_else(|| Error::syntax("empty statement"))?;
    let mut explain = None;
    let mut query = None;
    for pair in statement.into_inner() {
        match pair.as_rule() {
            Rule::explain_prefix => {
                let upper = pair.as_str().to_ascii_uppercase();
                explain = Some(if upper == "PROFILE" { ExplainMode::Profile } else { ExplainMode::Explain });
            }
            Rule::query => query = Some(clause::query(pair)?),
            _ => {}
        }
    }
    let query = query.ok_or_else(|| Error::syntax("expected a query").at(0))?;
    Ok(Statement { explain, query })
}

/// Refuses input whose brackets nest deeper than [`MAX_NESTING`] (brackets
/// inside strings and back-quoted names do not count).
fn check_nesting(text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(q) if c == '\\' && q != '`' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(Error::syntax(format!("Brackets nest more than {MAX_NESTING} deep")).at(i));
                    }
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    Ok(())
}

/// Parses a standalone expression (a parameter's literal value).
pub fn parse_expression(text: &str) -> Result<crate::ast::Expr> {
    check_nesting(text)?;
    let mut pairs = CypherParser::parse(Rule::literal_value, text).map_err(|e| syntax_error(e, text))?;
    let top = pairs.next().ok_or_else(|| Error::syntax("expected a value"))?;
    let inner = top.into_inner().next().ok_or_else(|| Error::syntax("expected a value"))?;
    expr::expression(inner)
}

fn span(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span { start: s.start(), end: s.end() }
}

/// The error for input the grammar rejects, with a readable message.
fn syntax_error(e: pest::error::Error<Rule>, text: &str) -> Error {
    use pest::error::{ErrorVariant, InputLocation};
    let offset = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = text[offset.min(text.len())..]
        .split(|c: char| c.is_whitespace())
        .next()
        .filter(|t| !t.is_empty())
        .map(|t| format!("Invalid input '{}'", t.chars().take(20).collect::<String>()));
    let found = found.unwrap_or_else(|| "Unexpected end of input".to_string());
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            // Where any operand may start, the grammar lists each kind of
            // one; a reader wants to hear "an expression".
            let mut expected: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
            if expected.contains(&"a variable name") && expected.contains(&"an integer") {
                expected = expected.into_iter().map(|d| if is_operand(d) { "an expression" } else { d }).collect();
            }
            expected.sort_unstable();
            expected.dedup();
            if expected.is_empty() { found } else { format!("{found}: expected {}", expected.join(", ")) }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    Error::syntax(message).at(offset)
}

/// Whether a description names one kind of operand.
fn is_operand(description: &str) -> bool {
    matches!(description, "a variable name" | "an integer" | "a map '{'" | "a node pattern '('" | "an expression")
}

/// How an expected rule reads in an error message.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::rparen => "')'",
        Rule::rbracket => "']'",
        Rule::semicolon | Rule::EOI => "end of statement",
        Rule::expression | Rule::operand => "an expression",
        Rule::variable | Rule::symbolic_name => "a variable name",
        Rule::schema_name | Rule::label_name | Rule::rel_type_name | Rule::property_key => "a name",
        Rule::node_pattern => "a node pattern '('",
        Rule::relationship_pattern => "a relationship pattern",
        Rule::pattern | Rule::pattern_part => "a pattern",
        rule if is_clause(rule) => "a clause",
        Rule::single_query | Rule::query => "a clause",
        Rule::union_part | Rule::UNION => "UNION",
        Rule::where_clause | Rule::WHERE => "WHERE",
        Rule::AS => "AS",
        Rule::order_by => "ORDER BY",
        Rule::skip => "SKIP",
        Rule::limit => "LIMIT",
        Rule::op_or
        | Rule::op_xor
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div
        | Rule::op_mod
        | Rule::op_pow
        | Rule::op_in
        | Rule::op_regex
        | Rule::op_contains
        | Rule::op_starts_with
        | Rule::op_ends_with
        | Rule::op_concat => "an operator",
        Rule::value_type | Rule::type_part | Rule::type_name => "a type",
        Rule::map_literal | Rule::properties => "a map '{'",
        Rule::integer => "an integer",
        _ => return None,
    })
}

/// Decodes the body of a quoted string (escapes as openCypher defines them).
fn unescape(body: &str, offset: usize) -> Result<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        match e {
            '\\' | '\'' | '"' => out.push(e),
            'b' | 'B' => out.push('\u{8}'),
            'f' | 'F' => out.push('\u{c}'),
            'n' | 'N' => out.push('\n'),
            'r' | 'R' => out.push('\r'),
            't' | 'T' => out.push('\t'),
            'u' | 'U' => {
                let len = if e == 'u' { 4 } else { 8 };
                let hex: String = chars.by_ref().take(len).map(|(_, h)| h).collect();
                let code = u32::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == len);
                match code.and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => return Err(Error::syntax(format!("Invalid unicode escape \\{e}{hex}")).at(offset + i)),
                }
            }
            other => {
                return Err(Error::syntax(format!("Invalid escape sequence \\{other}")).at(offset + i));
            }
        }
    }
    Ok(out)
}

/// The name of a (possibly back-quoted) identifier.
fn name(pair: &Pair<'_, Rule>) -> String {
    let text = pair.as_str();
    match text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        Some(inner) => inner.replace("``", "`"),
        None => text.to_string(),
    }
}

/// A dotted function or procedure name with its back-quoted parts decoded:
/// `` `my``fn`.x `` is ``my`fn.x``.
fn dotted_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '`' if quoted && chars.peek() == Some(&'`') => {
                chars.next();
                out.push('`');
            }
            '`' => quoted = !quoted,
            c => out.push(c),
        }
    }
    out
}

/// The clauses of a query, each a step the pipeline runs (and the height
/// guard counts inside expressions).
fn is_clause(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::match_clause
            | Rule::unwind_clause
            | Rule::with_clause
            | Rule::return_clause
            | Rule::create_clause
            | Rule::merge_clause
            | Rule::set_clause
            | Rule::remove_clause
            | Rule::delete_clause
            | Rule::call_clause
            | Rule::subquery_clause
            | Rule::foreach_clause
            | Rule::load_csv_clause
            | Rule::finish_clause
            | Rule::let_clause
            | Rule::page_clause
            | Rule::schema_command
            | Rule::show_clause
            | Rule::show_routines_clause
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Clause, ExprKind};

    #[test]
    fn keywords_are_case_insensitive_and_comments_skipped() {
        let s = parse("match (n:Country) /* x */ where n.name = 'Iran' // y\n return n").map(|s| s.query.parts.len());
        assert_eq!(s.ok(), Some(1));
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let text = "MATCH (n:Country\nRETURN n";
        let e = parse(text).err().map(|e| (e.kind, e.position(text).map(|p| (p.line, p.column))));
        assert_eq!(e, Some((crate::error::ErrorKind::SyntaxError, Some((2, 1)))));
    }

    #[test]
    fn precedence_follows_opencypher() {
        let stmt = parse("RETURN 1 + 2 * 3 = 7 AND NOT false").ok();
        let Some(Clause::Return(p)) = stmt.as_ref().and_then(|s| s.query.parts[0].clauses.first()) else {
            panic!("expected RETURN")
        };
        assert!(matches!(p.items[0].expr.kind, ExprKind::Binary(crate::ast::BinaryOp::And, _, _)));
        assert_eq!(p.items[0].name, "1 + 2 * 3 = 7 AND NOT false");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("RETURN {}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse(&deep).is_err_and(|e| e.message.contains("nest")));
        let fine = format!("RETURN {}1{}", "[".repeat(60), "]".repeat(60));
        assert!(parse(&fine).is_ok());
        assert!(parse(&format!("RETURN '{}'", "(".repeat(5000))).is_ok());
    }

    #[test]
    fn back_quoted_function_names_decode_their_back_quotes() {
        let Ok(statement) = parse("RETURN `my``fn`.`x`(1)") else { panic!("parses") };
        let Some(Clause::Return(p)) = statement.query.parts[0].clauses.first() else { panic!("expected RETURN") };
        assert!(matches!(&p.items[0].expr.kind, ExprKind::FunctionCall { name, .. } if name == "my`fn.x"));
        assert_eq!(dotted_name("db.`labels`"), "db.labels");
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(unescape(r"a\'b\u00e9\n", 0).ok().as_deref(), Some("a'bé\n"));
        assert!(unescape(r"\q", 0).is_err());
    }
}
