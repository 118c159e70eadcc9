//! The REPL's meta-commands (`:help`, `:schema`, …): a line starting with
//! `:` (or `.`, for sqlite3 and duckdb habits) parsed by a pure function.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::render::Format;
use crate::session::TransactionCommand;

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
    /// Export the graph, or the subgraph a query returns, to a file.
    Export {
        format: String,
        path: PathBuf,
        query: Option<String>,
    },
    /// Find parties by any spelling of a name.
    Search(String),
    /// Import a sanctions list into the open graph.
    Import {
        format: String,
        path: PathBuf,
    },
    Open(PathBuf),
    Checkpoint,
    /// `:begin`, `:commit`, `:rollback`, as in cypher-shell.
    Transaction(TransactionCommand),
    /// `None` shows whether the pager is on.
    Pager(Option<bool>),
    /// `None` shows the timeout; `Some(None)` turns it off.
    Timeout(Option<Option<Duration>>),
    /// `None` shows the limit; `Some(None)` turns it off.
    MaxRows(Option<Option<usize>>),
    /// `None` shows the memory budget; `Some(None)` turns it off.
    MaxMemory(Option<Option<usize>>),
}

/// The formats `:export` (and `embargo export`) write.
pub const EXPORT_FORMATS: &[&str] = &["json", "graphml", "dot", "svg", "csv", "cypher"];

/// The formats `:import` (and `embargo import --FORMAT`) read.
pub const IMPORT_FORMATS: &[&str] = &["un-xml", "ofac-csv", "ofac-xml", "eu-csv", "ftm"];

/// Each command: name, aliases, usage, what it does.
pub const COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    ("help", &["?"], ":help [command]", "list the commands, or show how to use one"),
    ("quit", &["exit", "q"], ":quit", "leave the shell (also :exit or Ctrl-D)"),
    ("schema", &["tables"], ":schema", "labels, types, keys and connections with counts; indexes and constraints"),
    ("format", &["mode"], ":format [table|jsonl|json|csv]", "set the result format, or show the current one"),
    ("timer", &[], ":timer [on|off]", "show or hide the time each statement took"),
    ("param", &[], ":param NAME => LITERAL", "bind $NAME to a Cypher literal, e.g. :param country => 'Iran'"),
    ("params", &[], ":params [clear]", "list the bound parameters, or forget them all"),
    ("source", &["read"], ":source FILE", "run the ;-separated statements of FILE"),
    (
        "export",
        &[],
        ":export FORMAT FILE [QUERY]",
        "write the graph, or the subgraph QUERY returns, as json, graphml, dot, svg, csv or cypher",
    ),
    (
        "search",
        &["find"],
        ":search NAME",
        "the listings whose names match NAME under any spelling, best first, with the list and the name that matched",
    ),
    (
        "import",
        &[],
        ":import FORMAT FILE",
        "load a sanctions list (un-xml, ofac-csv, ofac-xml, eu-csv or ftm) into the open graph, all or nothing",
    ),
    ("open", &[], ":open STORE", "switch to the persistent store in directory STORE"),
    ("checkpoint", &["save"], ":checkpoint", "write the open store's snapshot now"),
    ("begin", &[], ":begin", "open a transaction: the statements up to :commit are one change, or none"),
    ("commit", &[], ":commit", "make the open transaction's changes durable"),
    ("rollback", &[], ":rollback", "undo the open transaction"),
    ("pager", &[], ":pager [on|off]", "page results taller than the screen ($PAGER, or less -FRX)"),
    ("timeout", &[], ":timeout [SECONDS|off]", "end statements that run longer than SECONDS"),
    ("maxrows", &["max_rows"], ":maxrows [N|off]", "show at most N rows of a result"),
    ("maxmemory", &["max_memory"], ":maxmemory [SIZE|off]", "end statements that hold more than SIZE (512M, 2G)"),
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
        "timer" => on_off(rest).map(Command::Timer).map_err(bad),
        "pager" => on_off(rest).map(Command::Pager).map_err(bad),
        "timeout" => match rest.to_ascii_lowercase().as_str() {
            "" => Ok(Command::Timeout(None)),
            "off" | "0" => Ok(Command::Timeout(Some(None))),
            seconds => seconds
                .parse::<f64>()
                .ok()
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .filter(|d| !d.is_zero())
                .map(|d| Command::Timeout(Some(Some(d))))
                .ok_or_else(|| bad(format!("expected a positive number of seconds or off, not '{rest}'"))),
        },
        "maxmemory" if rest.is_empty() => Ok(Command::MaxMemory(None)),
        "maxmemory" => crate::memory::parse_budget(rest).map(|b| Command::MaxMemory(Some(b))).map_err(bad),
        "maxrows" => match rest.to_ascii_lowercase().as_str() {
            "" => Ok(Command::MaxRows(None)),
            "off" | "0" => Ok(Command::MaxRows(Some(None))),
            n => n
                .parse::<usize>()
                .map(|n| Command::MaxRows(Some(Some(n))))
                .map_err(|_| bad(format!("expected a number of rows or off, not '{rest}'"))),
        },
        "export" => {
            let (format, rest) = first_word(rest);
            let (path, query) = first_word(rest);
            let format = format.to_ascii_lowercase();
            if !EXPORT_FORMATS.contains(&format.as_str()) {
                let problem =
                    if format.is_empty() { "which format?".to_string() } else { format!("unknown format '{format}'") };
                return Err(bad(problem));
            }
            if path.is_empty() {
                return Err(bad("which file?".to_string()));
            }
            let query = (!query.is_empty()).then(|| query.to_string());
            Ok(Command::Export { format, path: PathBuf::from(path), query })
        }
        "search" if rest.is_empty() => Err(bad("which name?".to_string())),
        "search" => Ok(Command::Search(unquote(rest).to_string())),
        "import" => {
            let (format, path) = first_word(rest);
            let format = format.to_ascii_lowercase();
            if !IMPORT_FORMATS.contains(&format.as_str()) {
                let problem = if format.is_empty() {
                    format!("which format? ({})", IMPORT_FORMATS.join(", "))
                } else {
                    format!("unknown format '{format}' ({})", IMPORT_FORMATS.join(", "))
                };
                return Err(bad(problem));
            }
            if path.is_empty() {
                return Err(bad("which file?".to_string()));
            }
            Ok(Command::Import { format, path: PathBuf::from(unquote(path)) })
        }
        "open" if rest.is_empty() => Err(bad("which store directory?".to_string())),
        "open" => Ok(Command::Open(PathBuf::from(unquote(rest)))),
        "checkpoint" => no_argument(Command::Checkpoint),
        "begin" => no_argument(Command::Transaction(TransactionCommand::Begin)),
        "commit" => no_argument(Command::Transaction(TransactionCommand::Commit)),
        "rollback" => no_argument(Command::Transaction(TransactionCommand::Rollback)),
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

fn on_off(word: &str) -> Result<Option<bool>, String> {
    match word.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        other => Err(format!("expected on or off, not '{other}'")),
    }
}

/// The first word of `text` (which may be quoted), and the rest, trimmed.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q)
            && let Some(end) = inner.find(q)
        {
            return (&inner[..end], inner[end + 1..].trim());
        }
    }
    let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    (word, rest.trim())
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
    fn export_open_and_checkpoint_parse_their_arguments() {
        assert_eq!(
            parse(":export graphml out.graphml"),
            Ok(Command::Export { format: "graphml".into(), path: "out.graphml".into(), query: None })
        );
        assert_eq!(
            parse(":export JSON 'my file.json' MATCH (c:Country)-[r]-(s) RETURN c, r, s;"),
            Ok(Command::Export {
                format: "json".into(),
                path: "my file.json".into(),
                query: Some("MATCH (c:Country)-[r]-(s) RETURN c, r, s".into())
            })
        );
        assert!(matches!(parse(":export yaml x"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":export dot"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":export"), Err(CommandError::Usage { .. })));
        assert_eq!(parse(":open /tmp/store"), Ok(Command::Open("/tmp/store".into())));
        assert!(matches!(parse(":open"), Err(CommandError::Usage { .. })));
        assert_eq!(parse(":checkpoint"), Ok(Command::Checkpoint));
        assert_eq!(
            parse(":import un-xml 'un list.xml'"),
            Ok(Command::Import { format: "un-xml".into(), path: "un list.xml".into() })
        );
        assert!(matches!(parse(":import yaml x"), Err(CommandError::Usage { .. })));
        assert_eq!(parse(":search 'Kim Jong-un'"), Ok(Command::Search("Kim Jong-un".into())));
        assert!(matches!(parse(":search"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":import ftm"), Err(CommandError::Usage { .. })));
        assert_eq!(parse(":save"), Ok(Command::Checkpoint));
        assert_eq!(parse(":begin"), Ok(Command::Transaction(TransactionCommand::Begin)));
        assert_eq!(parse(":rollback"), Ok(Command::Transaction(TransactionCommand::Rollback)));
    }

    #[test]
    fn limits_and_the_pager_take_values_or_off() {
        assert_eq!(parse(":pager on"), Ok(Command::Pager(Some(true))));
        assert_eq!(parse(":pager"), Ok(Command::Pager(None)));
        assert_eq!(parse(":timeout 2.5"), Ok(Command::Timeout(Some(Some(Duration::from_millis(2500))))));
        assert_eq!(parse(":timeout off"), Ok(Command::Timeout(Some(None))));
        assert_eq!(parse(":timeout"), Ok(Command::Timeout(None)));
        assert_eq!(parse(":maxmemory 512M"), Ok(Command::MaxMemory(Some(Some(512 << 20)))));
        assert_eq!(parse(":maxmemory off"), Ok(Command::MaxMemory(Some(None))));
        assert_eq!(parse(":maxmemory"), Ok(Command::MaxMemory(None)));
        assert!(matches!(parse(":maxmemory lots"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":timeout -1"), Err(CommandError::Usage { .. })));
        assert!(matches!(parse(":timeout soon"), Err(CommandError::Usage { .. })));
        assert_eq!(parse(":maxrows 50"), Ok(Command::MaxRows(Some(Some(50)))));
        assert_eq!(parse(":maxrows 0"), Ok(Command::MaxRows(Some(None))));
        assert!(matches!(parse(":maxrows many"), Err(CommandError::Usage { .. })));
        assert_eq!(suggest("maxrow"), Some("maxrows"));
        assert_eq!(suggest("checkpoitn"), Some("checkpoint"));
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
