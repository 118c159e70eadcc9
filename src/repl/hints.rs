//! "Did you mean" for statements: a label, relationship type or property
//! key that the graph does not have but that is close to one it has is
//! almost always a typo, and Cypher itself does not complain (the pattern
//! just matches nothing). Computed from the statement's text and the schema.

use super::lex::{Kind, Token, last_statement};
use crate::schema::Schema;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Label,
    Type,
    Key,
}

/// Hint lines for `statement`. `empty` says the statement returned no rows:
/// then an unknown label or type is worth a word even with nothing near.
pub fn hints(statement: &str, schema: &Schema, empty: bool) -> Vec<String> {
    let tokens = last_statement(statement);
    let mut hints = Vec::new();
    for (what, name) in names(&tokens, statement) {
        let known: Vec<&String> = match what {
            What::Label => schema.labels.keys().collect(),
            What::Type => schema.types.keys().collect(),
            What::Key => schema.keys.keys().collect(),
        };
        if known.iter().any(|k| **k == name) {
            continue;
        }
        let shown = match what {
            What::Label => format!("label :{name}"),
            What::Type => format!("relationship type :{name}"),
            What::Key => format!("property key {name}"),
        };
        let hint = match nearest(&name, &known) {
            Some(near) if what == What::Key => format!("hint: there is no {shown}; did you mean {near}?"),
            Some(near) => format!("hint: there is no {shown}; did you mean :{near}?"),
            None if empty && what != What::Key => format!("hint: there is no {shown} in the graph"),
            None => continue,
        };
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    hints
}

/// Labels and types after `:` (by the bracket they are in) and keys after
/// `.` or in a pattern's property map.
fn names(tokens: &[Token], source: &str) -> Vec<(What, String)> {
    let mut found = Vec::new();
    let mut brackets = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).and_then(|t| t.name(source));
        let punct = if token.kind == Kind::Punct { token.text(source).chars().next() } else { None };
        match punct {
            Some(c @ ('(' | '[' | '{')) => brackets.push(c),
            Some(')' | ']' | '}') => {
                brackets.pop();
            }
            Some(':' | '|') if brackets.last() != Some(&'{') => {
                let what = if brackets.last() == Some(&'[') { What::Type } else { What::Label };
                // `|` only separates alternatives after a `:`.
                let after_name = i >= 2
                    && tokens[i - 1].name(source).is_some()
                    && (tokens[i - 2].is(source, ':') || tokens[i - 2].is(source, '|'));
                if let Some(name) = next.filter(|_| punct == Some(':') || after_name) {
                    found.push((what, name));
                }
            }
            Some('.') => {
                let namespace = i > 0
                    && tokens[i - 1].kind == Kind::Ident
                    && ["db", "embargo"].iter().any(|n| tokens[i - 1].text(source).eq_ignore_ascii_case(n));
                if let Some(name) = next.filter(|_| !namespace) {
                    found.push((What::Key, name));
                }
            }
            _ => {}
        }
        // `{key: …}` directly inside a node or relationship pattern.
        let in_pattern_map = brackets.len() >= 2
            && brackets.last() == Some(&'{')
            && matches!(brackets.get(brackets.len() - 2), Some('(' | '['));
        let after_brace_or_comma = i > 0 && (tokens[i - 1].is(source, '{') || tokens[i - 1].is(source, ','));
        if in_pattern_map
            && after_brace_or_comma
            && tokens.get(i + 1).is_some_and(|t| t.is(source, ':'))
            && let Some(key) = token.name(source)
        {
            found.push((What::Key, key));
        }
    }
    found
}

/// The known name nearest to `name`, when near enough to be its typo.
pub fn nearest<'a>(name: &str, known: &[&'a String]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k.as_str()))
        .filter(|(distance, _)| *distance <= 2 && distance * 3 <= name.chars().count())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let mut schema = Schema::default();
        schema.labels.insert("Country".into(), 3);
        schema.labels.insert("Sanction".into(), 1);
        schema.types.insert("VIOLATED".into(), 2);
        schema.keys.insert("name".into(), 4);
        schema.keys.insert("category".into(), 2);
        schema
    }

    #[test]
    fn near_misses_get_the_known_name() {
        assert_eq!(
            hints("MATCH (c:Countyr) RETURN c", &schema(), true),
            ["hint: there is no label :Countyr; did you mean :Country?"]
        );
        assert_eq!(
            hints("MATCH (c)-[:VIOLATD]->(s) RETURN c", &schema(), true),
            ["hint: there is no relationship type :VIOLATD; did you mean :VIOLATED?"]
        );
        assert_eq!(
            hints("MATCH (c:Country) RETURN c.nmae", &schema(), false),
            ["hint: there is no property key nmae; did you mean name?"]
        );
        assert_eq!(
            hints("MATCH (c:country {nmae: 'Iran'}) RETURN c", &schema(), true),
            [
                "hint: there is no label :country; did you mean :Country?",
                "hint: there is no property key nmae; did you mean name?"
            ]
        );
        assert_eq!(hints("MATCH (c) WHERE c:Sanctoin RETURN c", &schema(), true).len(), 1);
    }

    #[test]
    fn known_and_faraway_names_are_left_alone() {
        assert!(
            hints("MATCH (c:Country)-[:VIOLATED]->(s:Sanction) RETURN c.name, s.category", &schema(), false).is_empty()
        );
        assert!(hints("WITH {a: 1} AS m RETURN m.a", &schema(), false).is_empty());
        assert!(hints("CALL db.labels()", &schema(), false).is_empty());
        assert!(hints("MATCH (p:Person) RETURN p", &schema(), false).is_empty());
        assert_eq!(
            hints("MATCH (p:Person) RETURN p", &schema(), true),
            ["hint: there is no label :Person in the graph"]
        );
        assert!(hints("RETURN 'a:Countyr'", &schema(), true).is_empty());
        assert!(hints("RETURN [x IN [1] | x]", &schema(), true).is_empty());
    }
}
