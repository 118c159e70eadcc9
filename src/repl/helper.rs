//! The rustyline helper: tab completion of meta-commands, file names after
//! `:source`, labels and types after `:`, property keys after `.`, and
//! Cypher keywords.
//!
//! Multi-line input is not a rustyline `Validator`: rustyline draws its
//! prompt on the first line of a buffer only, so the REPL reads line by line
//! and asks [`crate::session::is_complete`] whether to show `   ...> `.

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::{Context, Helper, Highlighter, Hinter, Validator};

use super::commands::COMMANDS;
use crate::schema::Schema;

const KEYWORDS: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "CREATE",
    "MERGE",
    "DELETE",
    "DETACH DELETE",
    "SET",
    "REMOVE",
    "DISTINCT",
    "AS",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS NULL",
    "IS NOT NULL",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "UNION",
    "ASC",
    "DESC",
    "EXPLAIN",
    "PROFILE",
    "count",
    "collect",
    "coalesce",
    "labels",
    "type",
    "properties",
    "keys",
    "size",
    "toLower",
    "toUpper",
    "date",
    "id",
];

#[derive(Helper, Hinter, Highlighter, Validator, Default)]
pub struct ReplHelper {
    files: FilenameCompleter,
    /// Labels and relationship types, offered after `:`.
    names: Vec<String>,
    /// Property keys, offered after `.`.
    keys: Vec<String>,
}

impl ReplHelper {
    /// Refreshes the names completion offers from the graph's schema.
    pub fn learn(&mut self, schema: &Schema) {
        self.names = schema.labels.keys().chain(schema.types.keys()).cloned().collect();
        self.keys = schema.keys.keys().cloned().collect();
    }

    /// Candidates for the word before `pos` (pure, for tests).
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[start..];
        let previous = before[..start].chars().last();
        let first_word = before[..start].trim().len() <= 1;
        let pick = |options: &mut dyn Iterator<Item = &str>, case_blind: bool| {
            options
                .filter(|o| {
                    if case_blind { o.to_lowercase().starts_with(&word.to_lowercase()) } else { o.starts_with(word) }
                })
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        if super::commands::is_command(line) && first_word {
            return (start, pick(&mut COMMANDS.iter().map(|c| c.0), true));
        }
        match previous {
            Some(':') => (start, pick(&mut self.names.iter().map(String::as_str), false)),
            Some('.') => (start, pick(&mut self.keys.iter().map(String::as_str), false)),
            _ if word.is_empty() => (start, Vec::new()),
            _ => (start, pick(&mut KEYWORDS.iter().copied(), true)),
        }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let trimmed = line.trim_start();
        if trimmed.starts_with(":source ") || trimmed.starts_with(".read ") || trimmed.starts_with(":read ") {
            return self.files.complete(line, pos, ctx);
        }
        let (start, words) = self.candidates(line, pos);
        let pairs = words.into_iter().map(|w| Pair { display: w.clone(), replacement: w }).collect();
        Ok((start, pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> ReplHelper {
        let mut schema = Schema::default();
        schema.labels.insert("Country".into(), 16);
        schema.types.insert("VIOLATED".into(), 14);
        schema.keys.insert("name".into(), 40);
        let mut helper = ReplHelper::default();
        helper.learn(&schema);
        helper
    }

    fn complete(line: &str) -> Vec<String> {
        helper().candidates(line, line.len()).1
    }

    #[test]
    fn completes_commands_names_and_keywords() {
        assert_eq!(complete(":sch"), ["schema"]);
        assert_eq!(complete(".qu"), ["quit"]);
        assert_eq!(complete("MATCH (c:Co"), ["Country"]);
        assert_eq!(complete("MATCH (c)-[:VIO"), ["VIOLATED"]);
        assert_eq!(complete("RETURN c.na"), ["name"]);
        assert_eq!(complete("mat"), ["MATCH"]);
        assert!(complete("RETURN ").is_empty());
        // A separator wider than one byte must not split a character.
        assert_eq!(complete("RETURN «mat"), ["MATCH"]);
    }
}
