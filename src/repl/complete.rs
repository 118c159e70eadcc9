//! Tab completion as a pure function of the text typed so far and the names
//! the graph holds: labels in node patterns, types in relationship
//! patterns, property keys after `x.` (the keys of `x`'s labels first),
//! parameters after `$`, procedures after `CALL` and `db.`, keywords and
//! functions elsewhere, and meta-commands with their arguments.

use std::collections::BTreeMap;

use super::commands::{COMMANDS, EXPORT_FORMATS, canonical, is_command};
use super::lex::{Kind, Open, is_name_char, last_statement, lex, names_of, open_bracket};
use crate::database::Params;
use crate::schema::Schema;

/// Clause and expression keywords (several words where Cypher says them so).
#[rustfmt::skip]
pub const KEYWORDS: &[&str] = &[
    "MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER BY", "SKIP", "LIMIT", "CREATE", "MERGE",
    "ON CREATE SET", "ON MATCH SET", "DELETE", "DETACH DELETE", "SET", "REMOVE", "CALL", "YIELD", "DISTINCT", "AS",
    "AND", "OR", "XOR", "NOT", "IN", "IS NULL", "IS NOT NULL", "STARTS WITH", "ENDS WITH", "CONTAINS", "CASE", "WHEN",
    "THEN", "ELSE", "END", "UNION", "UNION ALL", "ASC", "DESC", "EXPLAIN", "PROFILE", "TRUE", "FALSE", "NULL",
    "OPTIONAL CALL", "IN TRANSACTIONS", "ROWS", "ON ERROR CONTINUE", "ON ERROR BREAK", "ON ERROR FAIL",
    "REPORT STATUS AS", "FOREACH", "LOAD CSV", "LOAD CSV WITH HEADERS", "FROM", "FIELDTERMINATOR",
    "SHORTEST", "ALL SHORTEST", "ANY SHORTEST", "GROUPS", "OFFSET", "FINISH", "LET", "SHOW FUNCTIONS", "SHOW PROCEDURES", "IS NORMALIZED", "IS NOT NORMALIZED",
];

/// The functions the engine knows, as users spell them.
#[rustfmt::skip]
pub const FUNCTIONS: &[&str] = &[
    "abs", "acos", "asin", "atan", "atan2", "avg", "ceil", "coalesce", "collect", "cos", "count", "date", "degrees",
    "e", "elementId", "endNode", "exists", "exp", "file", "floor", "head", "id", "keys", "labels", "last", "left",
    "length", "linenumber", "log", "log10", "ltrim", "max", "min", "nodes", "percentileCont", "percentileDisc", "pi",
    "properties", "radians", "rand", "range", "relationships", "replace", "reverse", "right", "round", "rtrim",
    "sign", "sin", "size", "split", "sqrt", "startNode", "stDev", "stDevP", "substring", "sum", "tail", "tan",
    "timestamp", "toBoolean", "toFloat", "toInteger", "toLower", "toString", "toUpper", "trim", "type",
    "btrim", "lower", "upper", "normalize", "valueType",
];

/// Procedures for `CALL`.
pub const PROCEDURES: &[&str] = &[
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.checkpoint",
    "db.schema.visualization",
    "embargo.subgraph",
];

/// The graph's names, as completion needs them.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub labels: Vec<String>,
    pub types: Vec<String>,
    pub keys: Vec<String>,
    pub label_keys: BTreeMap<String, Vec<String>>,
    pub type_keys: BTreeMap<String, Vec<String>>,
    pub params: Vec<String>,
}

impl Vocabulary {
    pub fn new(schema: &Schema, params: &Params) -> Vocabulary {
        let names = |map: &BTreeMap<String, BTreeMap<String, usize>>| {
            map.iter().map(|(name, keys)| (name.clone(), keys.keys().cloned().collect())).collect()
        };
        Vocabulary {
            labels: schema.labels.keys().cloned().collect(),
            types: schema.types.keys().cloned().collect(),
            keys: schema.keys.keys().cloned().collect(),
            label_keys: names(&schema.label_keys),
            type_keys: names(&schema.type_keys),
            params: params.keys().cloned().collect(),
        }
    }
}

/// What Tab offers: words to replace the text from `start` (a byte offset
/// in the line), or file names, which the editor's file completer finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    Words { start: usize, words: Vec<String> },
    Path,
}

/// Completion at byte `pos` of `line`; `pending` holds the lines of the
/// statement typed before this one (empty on the first line).
pub fn complete(pending: &str, line: &str, pos: usize, vocabulary: &Vocabulary) -> Completion {
    let before = line.get(..pos).unwrap_or(line);
    if pending.is_empty() && is_command(line) {
        return command(before);
    }
    let text = format!("{pending}{before}");
    let start =
        text.rfind(|c: char| !is_name_char(c)).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let words = cypher(&text, start, vocabulary);
    Completion::Words { start: start.saturating_sub(pending.len()), words }
}

fn command(before: &str) -> Completion {
    let body = before.trim_start();
    let offset = before.len() - body.len() + 1;
    let body = body.get(1..).unwrap_or("");
    let args: Vec<&str> = body.split_whitespace().collect();
    let typing_new = body.is_empty() || body.ends_with(char::is_whitespace);
    let word = if typing_new { "" } else { args.last().copied().unwrap_or("") };
    let start = before.len() - word.len();
    // The position of the word being typed: 0 is the command's name.
    let index = if typing_new { args.len() } else { args.len().saturating_sub(1) };
    let names = || COMMANDS.iter().map(|c| c.0);
    let words: Vec<&str> = match (index, args.first().and_then(|a| canonical(a))) {
        (0, _) => return Completion::Words { start: offset, words: matching(word, names()) },
        (1, Some("source" | "open")) | (2, Some("export")) => return Completion::Path,
        (1, Some("export")) => EXPORT_FORMATS.to_vec(),
        (1, Some("format")) => crate::render::Format::ALL.iter().map(|f| f.name()).collect(),
        (1, Some("timer" | "pager")) => vec!["on", "off"],
        (1, Some("timeout")) => vec!["off"],
        (1, Some("help")) => names().collect(),
        _ => Vec::new(),
    };
    Completion::Words { start, words: matching(word, words.into_iter()) }
}

fn cypher(text: &str, start: usize, vocabulary: &Vocabulary) -> Vec<String> {
    let (tokens, open) = lex(text, Open::Nothing);
    if open != Open::Nothing || tokens.last().is_some_and(|t| t.kind == Kind::Comment) {
        return Vec::new();
    }
    let word = &text[start..];
    let head = &text[..start];
    let tokens = last_statement(head);
    let last = tokens.last();
    let previous = |back: usize| tokens.len().checked_sub(back + 1).and_then(|i| tokens.get(i));
    // Directly before the word, with nothing in between.
    let touching = |c: char| head.ends_with(c) && last.is_some_and(|t| t.is(head, c));
    if touching('$') {
        return matching(word, vocabulary.params.iter().map(String::as_str));
    }
    if touching('.') {
        let Some(var) = previous(1).and_then(|t| t.name(head)) else {
            return Vec::new();
        };
        let namespace = format!("{}.", var.to_ascii_lowercase());
        let procedures: Vec<&str> = PROCEDURES
            .iter()
            .filter(|p| p.to_ascii_lowercase().starts_with(&namespace))
            .filter_map(|p| p.get(namespace.len()..))
            .collect();
        if !procedures.is_empty() {
            return matching(word, procedures.into_iter());
        }
        return matching(word, property_keys(&var, &tokens, head, vocabulary).iter().map(String::as_str));
    }
    if touching(':') || touching('|') {
        let relationship = open_bracket(&tokens, head) == Some('[');
        let in_map = open_bracket(&tokens, head) == Some('{');
        if !in_map {
            let names = if relationship { &vocabulary.types } else { &vocabulary.labels };
            return matching(word, names.iter().map(String::as_str)).into_iter().map(|n| quoted(&n)).collect();
        }
    }
    let after_call = last.filter(|t| t.kind == Kind::Ident).is_some_and(|t| t.text(head).eq_ignore_ascii_case("CALL"));
    if after_call {
        return matching(word, PROCEDURES.iter().copied());
    }
    if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    matching(word, KEYWORDS.iter().chain(FUNCTIONS).chain(PROCEDURES).copied())
}

/// The keys of `var`'s labels or types first, then every other key.
fn property_keys(var: &str, tokens: &[super::lex::Token], source: &str, vocabulary: &Vocabulary) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for name in names_of(var, tokens, source) {
        let known = vocabulary.label_keys.get(&name).or_else(|| vocabulary.type_keys.get(&name));
        for key in known.into_iter().flatten() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    let rest: Vec<String> = vocabulary.keys.iter().filter(|k| !keys.contains(k)).cloned().collect();
    keys.extend(rest);
    keys
}

/// Options that start with `word`, ignoring case (analysts type `coun`
/// for `Country`).
fn matching<'a>(word: &str, options: impl Iterator<Item = &'a str>) -> Vec<String> {
    let lower = word.to_lowercase();
    options.filter(|o| o.to_lowercase().starts_with(&lower)).map(str::to_string).collect()
}

/// A label or type as it must be written: back-quoted unless a plain name.
fn quoted(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_alphabetic() || c == '_') && name.chars().all(is_name_char);
    if plain { name.to_string() } else { format!("`{}`", name.replace('`', "``")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn vocabulary() -> Vocabulary {
        let mut schema = Schema::default();
        for label in ["Country", "Organization", "Person", "Sanction list"] {
            schema.labels.insert(label.into(), 1);
        }
        schema.types.insert("VIOLATED".into(), 1);
        schema.types.insert("IMPORTED_FROM".into(), 1);
        for key in ["name", "category", "goods", "region", "source"] {
            schema.keys.insert(key.into(), 1);
        }
        let keys = |ks: &[&str]| ks.iter().map(|k| (k.to_string(), 1)).collect();
        schema.label_keys.insert("Country".into(), keys(&["region", "source"]));
        schema.type_keys.insert("IMPORTED_FROM".into(), keys(&["goods"]));
        let mut params = Params::new();
        params.insert("country".into(), Value::string("Iran"));
        Vocabulary::new(&schema, &params)
    }

    fn words(pending: &str, line: &str) -> Vec<String> {
        match complete(pending, line, line.len(), &vocabulary()) {
            Completion::Words { words, .. } => words,
            Completion::Path => vec!["<path>".into()],
        }
    }

    #[test]
    fn labels_in_node_patterns_and_types_in_relationship_patterns() {
        assert_eq!(words("", "MATCH (c:Co"), ["Country"]);
        assert_eq!(words("", "MATCH (c:co"), ["Country"]);
        assert_eq!(words("", "MATCH (:"), ["Country", "Organization", "Person", "`Sanction list`"]);
        assert_eq!(words("", "MATCH (a)-[r:V"), ["VIOLATED"]);
        assert_eq!(words("", "MATCH (a)-[:VIOLATED|IM"), ["IMPORTED_FROM"]);
        assert_eq!(words("", "MATCH (a) WHERE a:Pe"), ["Person"]);
        // A colon in a map is not a label.
        assert!(!words("", "MATCH (a {name: Co").contains(&"Country".to_string()));
    }

    #[test]
    fn property_keys_of_the_variables_labels_come_first() {
        assert_eq!(words("", "MATCH (c:Country) WHERE c."), ["region", "source", "category", "goods", "name"]);
        assert_eq!(words("", "MATCH (c:Country) RETURN c.n"), ["name"]);
        assert_eq!(words("", "MATCH ()-[i:IMPORTED_FROM]->() RETURN i.")[0], "goods");
        // The pattern may be on an earlier line of the statement.
        assert_eq!(words("MATCH (c:Country)\n", "WHERE c.")[0], "region");
        // An earlier statement's variables do not count.
        assert_eq!(words("", "MATCH (c:Country) RETURN 1; MATCH (c) RETURN c.")[0], "category");
    }

    #[test]
    fn parameters_procedures_keywords_and_functions() {
        assert_eq!(words("", "MATCH (c {name: $co"), ["country"]);
        assert_eq!(words("", "CALL db.rel"), ["relationshipTypes"]);
        assert_eq!(words("", "CALL "), PROCEDURES);
        assert_eq!(words("", "call emb"), ["embargo.subgraph"]);
        assert_eq!(words("", "mat"), ["MATCH"]);
        assert_eq!(words("", "RETURN toL"), ["toLower"]);
        assert!(words("", "RETURN ").is_empty());
        // Nothing inside strings and comments.
        assert!(words("", "RETURN 'mat").is_empty());
        assert!(words("", "RETURN 1 // mat").is_empty());
        assert!(words("/* MATCH\n", "mat").is_empty());
        assert_eq!(words("", "RETURN «mat"), ["MATCH"]);
    }

    #[test]
    fn meta_commands_and_their_arguments() {
        assert_eq!(words("", ":sch"), ["schema"]);
        assert_eq!(words("", ".qu"), ["quit"]);
        assert_eq!(words("", ":format j"), ["jsonl", "json"]);
        assert_eq!(words("", ":timer o"), ["on", "off"]);
        assert_eq!(words("", ":export gr"), ["graphml"]);
        assert_eq!(words("", ":export graphml "), ["<path>"]);
        assert_eq!(words("", ":source da"), ["<path>"]);
        assert_eq!(words("", ":help ti"), ["timer", "timeout"]);
        match complete("", ":format js", 10, &vocabulary()) {
            Completion::Words { start, .. } => assert_eq!(start, 8),
            Completion::Path => panic!("not a path"),
        }
    }

    #[test]
    fn the_start_is_within_the_line() {
        let Completion::Words { start, .. } = complete("MATCH (c)\n", "RETURN c.na", 11, &vocabulary()) else {
            panic!("words expected");
        };
        assert_eq!(start, 9);
    }
}
