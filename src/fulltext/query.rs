//! Lucene query text → [`Query`]: pest recognises (`grammar/lucene.pest`),
//! this lowers the pairs, analysing words as the index does, and gives
//! each clause its occurrence the way Lucene's classic parser does (with OR
//! as the default operator, as in Neo4j).

use pest::Parser;
use pest::iterators::Pair;

use super::words;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/lucene.pest"]
struct LuceneParser;

/// How deeply groups may nest: the grammar recurses once per level.
const MAX_NESTING: usize = 32;

/// Lucene's default for `term~`: at most two edits.
const DEFAULT_EDITS: u8 = 2;

/// A parsed query: what to match, and how much a match weighs.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub kind: Kind,
    pub boost: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Clauses, each required, optional or prohibited.
    Bool(Vec<(Occur, Query)>),
    /// A leaf, in one property of the index or (`None`) in any.
    Leaf { field: Option<String>, leaf: Leaf },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    Must,
    Should,
    MustNot,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    /// Words in order, at most `slop` moves apart; one word is a term.
    Phrase {
        words: Vec<String>,
        slop: u32,
    },
    Prefix(String),
    /// `?` one character, `*` any number.
    Wildcard(String),
    Fuzzy {
        word: String,
        edits: u8,
    },
    /// Words between two ends (`None`: open), each end with whether it is
    /// included.
    Range {
        lower: Option<(String, bool)>,
        upper: Option<(String, bool)>,
    },
    /// `*` or `*:*`: every entry of the index.
    All,
}

/// Parses a query, or says what is wrong with it and where.
pub fn parse(text: &str) -> Result<Query, String> {
    let depth = text.chars().fold((0usize, 0usize), |(depth, deepest), c| match c {
        '(' => (depth + 1, deepest.max(depth + 1)),
        ')' => (depth.saturating_sub(1), deepest),
        _ => (depth, deepest),
    });
    if depth.1 > MAX_NESTING {
        return Err(format!("groups nest more than {MAX_NESTING} deep"));
    }
    let mut pairs = LuceneParser::parse(Rule::query, text).map_err(|e| {
        let offset = match e.location {
            pest::error::InputLocation::Pos(p) | pest::error::InputLocation::Span((p, _)) => p,
        };
        let column = text.get(..offset).map_or(0, |t| t.chars().count()) + 1;
        let near: String = text.get(offset..).unwrap_or_default().chars().take(20).collect();
        match near.is_empty() {
            true => format!("the query ends too soon (column {column})"),
            false => format!("cannot read the query at column {column}, near '{near}'"),
        }
    })?;
    let query = pairs.next().ok_or("an empty query")?;
    match query.into_inner().find(|p| p.as_rule() == Rule::clauses) {
        Some(clauses) => lower_clauses(clauses, None),
        None => Ok(Query { kind: Kind::Bool(Vec::new()), boost: 1.0 }),
    }
}

fn lower_clauses(pair: Pair<'_, Rule>, field: Option<&str>) -> Result<Query, String> {
    let mut clauses: Vec<(Occur, Query)> = Vec::new();
    let mut and = false;
    for part in pair.into_inner() {
        if part.as_rule() == Rule::conjunction {
            and = part.into_inner().next().is_some_and(|c| c.as_rule() == Rule::and);
            continue;
        }
        let (modifier, query) = lower_clause(part, field)?;
        // Lucene's rule: AND makes the clause before it required too.
        if and && let Some((occur, _)) = clauses.last_mut().filter(|(o, _)| *o != Occur::MustNot) {
            *occur = Occur::Must;
        }
        let occur = match modifier.as_deref() {
            Some("-" | "!" | "NOT") => Occur::MustNot,
            Some("+") => Occur::Must,
            _ if and => Occur::Must,
            _ => Occur::Should,
        };
        clauses.push((occur, query));
        and = false;
    }
    Ok(match <[_; 1]>::try_from(clauses) {
        // One optional or required clause is that clause.
        Ok([(Occur::Should | Occur::Must, query)]) => query,
        Ok([clause]) => Query { kind: Kind::Bool(vec![clause]), boost: 1.0 },
        Err(clauses) => Query { kind: Kind::Bool(clauses), boost: 1.0 },
    })
}

fn lower_clause(pair: Pair<'_, Rule>, field: Option<&str>) -> Result<(Option<String>, Query), String> {
    let mut modifier = None;
    let mut field = field.map(str::to_string);
    let mut query = None;
    let mut boost = 1.0;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::modifier => modifier = Some(part.as_str().to_string()),
            Rule::field => field = Some(unescape(part.as_str())).filter(|f| f != "*"),
            Rule::boost => boost = number(part.into_inner().next())?,
            Rule::group => {
                query = Some(match part.into_inner().next() {
                    Some(clauses) => lower_clauses(clauses, field.as_deref())?,
                    None => Query { kind: Kind::Bool(Vec::new()), boost: 1.0 },
                })
            }
            _ => query = Some(lower_atom(part, field.clone())?),
        }
    }
    let mut query = query.ok_or("a clause without a term")?;
    query.boost *= boost;
    Ok((modifier, query))
}

fn leaf(field: Option<String>, leaf: Leaf) -> Query {
    Query { kind: Kind::Leaf { field, leaf }, boost: 1.0 }
}

/// Several leaves that must all match, or the one leaf.
fn all_of(mut leaves: Vec<Query>) -> Query {
    if leaves.len() == 1 {
        return leaves.remove(0);
    }
    Query { kind: Kind::Bool(leaves.into_iter().map(|q| (Occur::Must, q)).collect()), boost: 1.0 }
}

fn lower_atom(pair: Pair<'_, Rule>, field: Option<String>) -> Result<Query, String> {
    match pair.as_rule() {
        Rule::phrase => {
            let mut inner = pair.into_inner();
            let text = inner.next().map(|p| unescape(p.as_str())).unwrap_or_default();
            let slop = match inner.next() {
                Some(slop) => number(slop.into_inner().next())? as u32,
                None => 0,
            };
            Ok(leaf(field, Leaf::Phrase { words: words(&text), slop }))
        }
        Rule::range => {
            let mut inner = pair.into_inner();
            let open = inner.next().is_some_and(|p| p.as_str() == "[");
            let lower = inner.next().map(|p| unescape(p.as_str())).unwrap_or_default();
            let upper = inner.next().map(|p| unescape(p.as_str())).unwrap_or_default();
            let close = inner.next().is_some_and(|p| p.as_str() == "]");
            let end = |text: String, included: bool| (text != "*").then(|| (words(&text).concat(), included));
            Ok(leaf(field, Leaf::Range { lower: end(lower, open), upper: end(upper, close) }))
        }
        Rule::regexp => Err("regular expressions (/…/) are not supported in full-text queries".to_string()),
        Rule::term => {
            let mut inner = pair.into_inner();
            let raw = inner.next().map(|p| p.as_str()).unwrap_or_default();
            let fuzzy = match inner.next() {
                Some(f) => Some(match f.into_inner().next() {
                    Some(n) => number(Some(n))?.clamp(0.0, 2.0) as u8,
                    None => DEFAULT_EDITS,
                }),
                None => None,
            };
            Ok(lower_term(raw, fuzzy, field))
        }
        other => Err(format!("internal: unexpected {other:?} in a query")),
    }
}

/// A bare term: a prefix, a wildcard, a fuzzy word, or words to find in
/// order (`jong-un` is the two words `jong un`).
fn lower_term(raw: &str, fuzzy: Option<u8>, field: Option<String>) -> Query {
    let unescaped = unescape(raw);
    if unescaped == "*" {
        return leaf(field, Leaf::All);
    }
    let wild = |c: char| c == '*' || c == '?';
    let escaped_wildcards = raw.contains("\\*") || raw.contains("\\?");
    if !escaped_wildcards && unescaped.ends_with('*') && !unescaped[..unescaped.len() - 1].contains(wild) {
        // Lucene reads `jong*~` as the prefix `jong`: a prefix wins over fuzziness.
        let mut parts = words(&unescaped);
        let Some(last) = parts.pop() else { return leaf(field, Leaf::All) };
        let mut leaves: Vec<Query> = parts.into_iter().map(|w| term(field.clone(), w)).collect();
        leaves.push(leaf(field, Leaf::Prefix(last)));
        return all_of(leaves);
    }
    if !escaped_wildcards && unescaped.contains(wild) {
        // Each run between wildcards is folded as words are.
        let mut pattern = String::new();
        let mut run = String::new();
        for c in unescaped.chars() {
            if wild(c) {
                pattern.push_str(&words(&run).concat());
                run.clear();
                pattern.push(c);
            } else {
                run.push(c);
            }
        }
        pattern.push_str(&words(&run).concat());
        return leaf(field, Leaf::Wildcard(pattern));
    }
    let parts = words(&unescaped);
    match fuzzy {
        Some(edits) => all_of(parts.into_iter().map(|word| leaf(field.clone(), Leaf::Fuzzy { word, edits })).collect()),
        None => leaf(field, Leaf::Phrase { words: parts, slop: 0 }),
    }
}

fn term(field: Option<String>, word: String) -> Query {
    leaf(field, Leaf::Phrase { words: vec![word], slop: 0 })
}

fn number(pair: Option<Pair<'_, Rule>>) -> Result<f64, String> {
    let text = pair.map(|p| p.as_str()).unwrap_or_default();
    text.parse::<f64>().map_err(|_| format!("'{text}' is not a number"))
}

/// The text with its backslash escapes resolved.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(q: &Query) -> Vec<String> {
        match &q.kind {
            Kind::Leaf { leaf: Leaf::Phrase { words, .. }, .. } => words.clone(),
            other => panic!("not a phrase: {other:?}"),
        }
    }

    #[test]
    fn terms_are_optional_and_analysed_as_names() {
        let q = parse("Kim JONG-un").unwrap_or_else(|e| panic!("{e}"));
        let Kind::Bool(clauses) = &q.kind else { panic!("{q:?}") };
        assert_eq!(clauses.len(), 2);
        assert!(clauses.iter().all(|(o, _)| *o == Occur::Should));
        assert_eq!(words_of(&clauses[1].1), ["jong", "un"]);
    }

    #[test]
    fn and_or_not_follow_lucene() {
        let q = parse("kim AND jong OR un NOT ri -chol +pak").unwrap_or_else(|e| panic!("{e}"));
        let Kind::Bool(clauses) = &q.kind else { panic!("{q:?}") };
        let occurs: Vec<Occur> = clauses.iter().map(|(o, _)| *o).collect();
        use Occur::*;
        assert_eq!(occurs, [Must, Must, Should, MustNot, MustNot, Must]);
        // Lower-case words are words, not operators.
        let q = parse("kim and jong").unwrap_or_else(|e| panic!("{e}"));
        let Kind::Bool(clauses) = &q.kind else { panic!("{q:?}") };
        assert_eq!(clauses.len(), 3);
    }

    #[test]
    fn prefixes_wildcards_fuzzy_phrases_ranges_fields_boosts() {
        let leaf_of = |text: &str| match parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).kind {
            Kind::Leaf { field, leaf } => (field, leaf),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(leaf_of("Jong*~").1, Leaf::Prefix("jong".into()));
        assert_eq!(leaf_of("k?m*").1, Leaf::Wildcard("k?m*".into()));
        assert_eq!(leaf_of("chong~1").1, Leaf::Fuzzy { word: "chong".into(), edits: 1 });
        assert_eq!(leaf_of("chong~").1, Leaf::Fuzzy { word: "chong".into(), edits: 2 });
        assert_eq!(
            leaf_of("\"Ocean Maritime\"~2").1,
            Leaf::Phrase { words: vec!["ocean".into(), "maritime".into()], slop: 2 }
        );
        assert_eq!(leaf_of("name:kim").0.as_deref(), Some("name"));
        assert_eq!(
            leaf_of("[a TO m}").1,
            Leaf::Range { lower: Some(("a".into(), true)), upper: Some(("m".into(), false)) }
        );
        assert_eq!(leaf_of("*").1, Leaf::All);
        assert_eq!(leaf_of("*:*").1, Leaf::All);
        assert_eq!(parse("kim^2.5").map(|q| q.boost), Ok(2.5));
        assert_eq!(leaf_of("a\\*b").1, Leaf::Phrase { words: vec!["a".into(), "b".into()], slop: 0 });
        let grouped = parse("aliases:(kim jong)").unwrap_or_else(|e| panic!("{e}"));
        let Kind::Bool(clauses) = grouped.kind else { panic!() };
        assert!(clauses.iter().all(|(_, q)| matches!(&q.kind, Kind::Leaf { field: Some(f), .. } if f == "aliases")));
    }

    #[test]
    fn bad_queries_say_where() {
        for bad in ["kim AND", "(kim", "\"kim", "kim^", "/k.m/", "[a TO"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"(".repeat(1000)).is_err_and(|e| e.contains("nest")));
        assert!(parse("kim AND").is_err_and(|e| e.contains("column")));
    }
}
