//! The REPL's meta-commands (`:help`, `:schema`, …): a line starting with
//! `:` (or `.`, for sqlite3 and duckdb habits) parsed by a pure function.

use std::fmt;
use std::path::PathBuf;

use crate::render::Format;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help(Option<String>),
    Quit,
    Schema,
    /// `None` shows the current format.
    Format(Option<Format>),
    /// `None` shows whether the timer is on.
    Timer(Option<bool>),
    Param {
        name: String,
        literal: String,
    },
    Params,
    ClearParams,
    Source(PathBuf),
}

/// Each command: name, aliases, usage, what it does.
pub const COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    ("help", &["?"], ":help [command]", "list the commands, or show how to use one"),
    ("quit", &["exit", "q"], ":quit", "leave the shell (also :exit or Ctrl-D)"),
    ("schema", &["tables"], ":schema", "labels, types, property keys and connections, with counts"),
    ("format", &["mode"], ":format [table|jsonl|json|csv]", "set the result format, or show the current one"),
    ("timer", &[], ":timer [on|off]", "show or hide the time each statement took"),
    ("param", &[], ":param NAME => LITERAL", "bind $NAME to a Cypher literal, e.g. :param country => 'Iran'"),
    ("params", &[], ":params [clear]", "list the bound parameters, or forget them all"),
    ("source", &["read"], ":source FILE", "run the ;-separated statements of FILE"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    Unknown { name: String, suggestion: Option<&'static str> },
    Usage { usage: &'static str, problem: String },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Unknown { name, suggestion: Some(s) } => {
                write!(f, "unknown command :{name}; did you mean :{s}? (:help lists them)")
            }
            CommandError::Unknown { name, suggestion: None } => write!(f, "unknown command :{name} (:help lists them)"),
            CommandError::Usage { usage, problem } => write!(f, "{problem}; usage: {usage}"),
        }
    }
}

/// Whether a line is a meta-command rather than Cypher.
pub fn is_command(line: &str) -> bool {
    line.trim_start().starts_with([':', '.'])
}

/// The canonical name of a command or alias.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    COMMANDS.iter().find(|(n, aliases, _, _)| *n == name || aliases.contains(&name.as_str())).map(|(n, ..)| *n)
}

pub fn usage(name: &str) -> &'static str {
    COMMANDS.iter().find(|(n, ..)| *n == name).map_or("", |(_, _, usage, _)| usage)
}

/// Parses a meta-command line (with its `:` or `.`).
pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim();
    let body = line.strip_prefix([':', '.']).unwrap_or(line);
    // `:schema;` out of habit is fine.
    let body = body.trim_end_matches(';').trim();
    let (word, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let rest = rest.trim();
    let Some(name) = canonical(word) else {
        return Err(CommandError::Unknown { name: word.to_string(), suggestion: suggest(word) });
    };
    let bad = |problem: String| CommandError::Usage { usage: usage(name), problem };
    let no_argument =
        |command: Command| if rest.is_empty() { Ok(command) } else { Err(bad(format!("unexpected '{rest}'"))) };
    match name {
        "help" => Ok(Command::Help((!rest.is_empty()).then(|| rest.trim_start_matches([':', '.']).to_string()))),
        "quit" => no_argument(Command::Quit),
        "schema" => no_argument(Command::Schema),
        "format" if rest.is_empty() => Ok(Command::Format(None)),
        "format" => rest.parse().map(|f| Command::Format(Some(f))).map_err(bad),
        "timer" => match rest.to_ascii_lowercase().as_str() {
            "" => Ok(Command::Timer(None)),
            "on" => Ok(Command::Timer(Some(true))),
            "off" => Ok(Command::Timer(Some(false))),
            other => Err(bad(format!("expected on or off, not '{other}'"))),
        },
        "param" => {
            let (param, literal) = rest.split_once("=>").ok_or_else(|| bad("expected NAME => LITERAL".to_string()))?;
            let (param, literal) = (param.trim().trim_start_matches('$'), literal.trim());
            if param.is_empty() || literal.is_empty() {
                return Err(bad("expected NAME => LITERAL".to_string()));
            }
            Ok(Command::Param { name: param.to_string(), literal: literal.to_string() })
        }
        "params" => match rest {
            "" => Ok(Command::Params),
            "clear" => Ok(Command::ClearParams),
            other => Err(bad(format!("unexpected '{other}'"))),
        },
        "source" if rest.is_empty() => Err(bad("which file?".to_string())),
        "source" => Ok(Command::Source(PathBuf::from(unquote(rest)))),
        _ => Err(CommandError::Unknown { name: word.to_string(), suggestion: None }),
    }
}

fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// The nearest command name or alias, if it is near enough to be a typo.
pub fn suggest(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .flat_map(|(name, aliases, ..)| std::iter::once(*name).chain(aliases.iter().copied()))
        .map(|candidate| (strsim::damerau_levenshtein(&word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2 && *distance < candidate.len())
        .min_by_key(|(distance, _)| *distance)
        .and_then(|(_, candidate)| canonical(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_either_prefix() {
        assert_eq!(parse(":help"), Ok(Command::Help(None)));
        assert_eq!(parse(":help :schema"), Ok(Command::Help(Some("schema".into()))));
        assert_eq!(parse(".quit"), Ok(Command::Quit));
        assert_eq!(parse(":exit"), Ok(Command::Quit));
        assert_eq!(parse("  :schema;"), Ok(Command::Schema));
        assert_eq!(parse(".tables"), Ok(Command::Schema));
        assert_eq!(parse(":format csv"), Ok(Command::Format(Some(Format::Csv))));
        assert_eq!(parse(".mode jsonl"), Ok(Command::Format(Some(Format::Jsonl))));
        assert_eq!(parse(":format"), Ok(Command::Format(None)));
        assert_eq!(parse(":timer off"), Ok(Command::Timer(Some(false))));
        assert_eq!(parse(":timer"), Ok(Command::Timer(None)));
        assert_eq!(parse(":params"), Ok(Command::Params));
        assert_eq!(parse(":params clear"), Ok(Command::ClearParams));
        assert_eq!(parse(":source 'my file.cypher'"), Ok(Command::Source("my file.cypher".into())));
        assert_eq!(parse(".read q.cypher"), Ok(Command::Source("q.cypher".into())));
    }

    #[test]
    fn params_take_a_name_and_a_literal() {
        assert_eq!(
            parse(":param country => 'Iran'"),
            Ok(Command::Param { name: "country".into(), literal: "'Iran'".into() })
        );
        assert_eq!(
            parse(":param $m => {a: 1, b: [1, 2]}"),
            Ok(Command::Param { name: "m".into(), literal: "{a: 1, b: [1, 2]}".into() })
        );
        assert!(matches!(parse(":param country 'Iran'"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":param x =>"), Err(CommandError::Usage { .. })));
    }

    #[test]
    fn bad_arguments_explain_the_usage() {
        let error = parse(":format yaml").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("usage: :format [table|jsonl|json|csv]"), "{error}");
        assert!(matches!(parse(":timer maybe"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":quit now"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":source"), Err(CommandError::Usage { .. })));
    }

    #[test]
    fn typos_get_the_nearest_command() {
        assert_eq!(parse(":shcema"), Err(CommandError::Unknown { name: "shcema".into(), suggestion: Some("schema") }));
        assert_eq!(suggest("quti"), Some("quit"));
        assert_eq!(suggest("exti"), Some("quit"));
        assert_eq!(suggest("fromat"), Some("format"));
        assert_eq!(suggest("param"), Some("param"));
        assert_eq!(suggest("xyzzy"), None);
        let text = parse(":shcema").err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(text, "unknown command :shcema; did you mean :schema? (:help lists them)");
    }

    #[test]
    fn meta_lines_are_told_from_cypher() {
        assert!(is_command(":help"));
        assert!(is_command("  .schema"));
        assert!(!is_command("MATCH (n) RETURN n"));
    }
}
