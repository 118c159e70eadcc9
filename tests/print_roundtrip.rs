//! A statement printed back as Cypher parses to the same statement: for
//! every query of the TCK case files that parses, and for queries generated
//! from a small grammar of clauses, patterns and expressions.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use embargo::ast::Statement;
use embargo::parser::parse;
use proptest::prelude::*;
use regex::Regex;

/// The debug text of `statement`'s tree, to compare with the tree of its
/// printed form.
///
/// Two things are taken out: byte offsets (the printed text has other ones;
/// `Span`'s own equality ignores them too, but the debug text shows them),
/// and the column name of an unaliased projection item, which is the
/// expression's text as the user wrote it (`RETURN n.x+1` names its column
/// `n.x+1`, and the printed `n.x + 1` names it `n.x + 1`).
fn tree(statement: &Statement) -> String {
    static SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Span \{ start: \d+, end: \d+ \}").expect("regex"));
    static COLUMN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"alias: None, name: "(?:[^"\\]|\\.)*""#).expect("regex"));
    let debug = format!("{statement:?}");
    COLUMN.replace_all(&SPAN.replace_all(&debug, "Span"), "alias: None, name: _").into_owned()
}

/// `None` when `statement` prints as something that parses to the same
/// tree; otherwise what went wrong.
fn round_trip_failure(text: &str, statement: &Statement) -> Option<String> {
    let printed = statement.to_string();
    let failure = match parse(&printed) {
        Ok(reparsed) if tree(&reparsed) == tree(statement) => return None,
        Ok(reparsed) => format!("was:    {}\n  became: {}", tree(statement), tree(&reparsed)),
        Err(e) => format!("does not parse: {}", e.message),
    };
    Some(format!("{text}\n  printed: {printed}\n  {failure}"))
}

/// The queries of a TCK case file: each case's query, setup and control.
fn tck_queries(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut queries = Vec::new();
    for case in json["cases"].as_array().into_iter().flatten() {
        queries.extend(case["query"].as_str().map(str::to_string));
        queries.extend(case["setup"].as_array().into_iter().flatten().filter_map(|s| s.as_str()).map(str::to_string));
        queries.extend(case["control"]["query"].as_str().map(str::to_string));
    }
    queries
}

/// Round-trips every query of `files`; returns how many parsed.
fn check_files(files: &[PathBuf]) -> usize {
    let mut parsed = 0;
    let mut failures = Vec::new();
    for file in files {
        for query in tck_queries(file) {
            if let Ok(statement) = parse(&query) {
                parsed += 1;
                failures.extend(round_trip_failure(&query, &statement));
            }
        }
    }
    eprintln!("{parsed} queries parsed and printed back");
    let some = failures.iter().take(5).cloned().collect::<Vec<_>>().join("\n\n");
    assert!(failures.is_empty(), "{} queries do not round-trip, among them:\n{some}", failures.len());
    parsed
}

/// The case files in `tests/tck`.
fn repository_tck_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tck");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "expected the TCK case files in {}", dir.display());
    files
}

#[test]
fn the_repository_tck_queries_print_back_to_the_same_tree() {
    let parsed = check_files(&repository_tck_files());
    assert!(parsed > 1500, "only {parsed} queries parsed");
}

#[test]
fn the_shared_tck_queries_print_back_to_the_same_tree() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates =
        [manifest.join("../shared/tck/core-public.json"), PathBuf::from("/work/shared/tck/core-public.json")];
    let Some(file) = candidates.into_iter().find(|p| p.is_file()) else {
        eprintln!("skipped: no shared TCK (../shared/tck/core-public.json or /work/shared/tck/core-public.json)");
        return;
    };
    let parsed = check_files(&[file]);
    assert!(parsed > 1000, "only {parsed} queries parsed");
}

// ---- generated queries -------------------------------------------------

/// Names, among them keywords that are fine as names and some that need
/// back-quotes.
const NAMES: &[&str] =
    &["n", "m", "x", "country", "count", "order", "end", "desc", "limit", "date", "null", "a b", "é", "_1"];
const LABELS: &[&str] = &["Country", "Person", "VIOLATED", "TARGETS", "x y", "NULL", "order"];
const KEYS: &[&str] = &["name", "iso2", "listed_on", "null", "a-b", "1st", "end"];

/// A name, back-quoted as a user may, or bare where the grammar allows.
fn name() -> impl Strategy<Value = String> {
    (proptest::sample::select(NAMES), proptest::bool::ANY).prop_map(|(name, bare)| {
        let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_') && !name.starts_with(char::is_numeric);
        if bare && plain && name != "null" { name.to_string() } else { quote(name) }
    })
}

fn label() -> impl Strategy<Value = String> {
    proptest::sample::select(LABELS).prop_map(quote)
}

fn key() -> impl Strategy<Value = String> {
    proptest::sample::select(KEYS).prop_map(quote)
}

/// Back-quotes every name, as a user may.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn string_literal() -> impl Strategy<Value = String> {
    "[a-z'\"\\\\\n\t\u{1}é☃ ]{0,8}".prop_map(|s| {
        let mut out = String::from("'");
        for c in s.chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                '\u{1}' => out.push_str("\\u0001"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    })
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just("-9223372036854775808".to_string()),
        Just("0x1F".to_string()),
        Just("0o17".to_string()),
        Just(r#""say \"\u00e9\" \U0001F600""#.to_string()),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| format!("{x:e}")),
        (0u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b}")),
        string_literal(),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("FALSE".to_string()),
    ]
}

const BINARY: &[&str] = &[
    "OR",
    "XOR",
    "AND",
    "=",
    "<>",
    "<",
    ">",
    "<=",
    ">=",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "IN",
    "=~",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "||",
];
const POSTFIX: &[&str] = &[
    "IS NULL",
    "IS NOT NULL",
    "IS :: INTEGER",
    "IS NOT :: LIST<STRING NOT NULL>",
    // Generated in parentheses: a type union before a comprehension's `|`
    // would read on as one more type.
    ":: FLOAT NOT NULL | BOOLEAN NOT NULL",
    "IS TYPED ANY<DATE | DURATION>",
    "IS NFD NORMALIZED",
    "IS NOT NORMALIZED",
];

fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        literal(),
        name(),
        name().prop_map(|n| format!("${n}")),
        Just("$0".to_string()),
        Just("count(*)".to_string()),
        pattern_element(),
        pattern_element().prop_map(|p| format!("shortestPath({p})")),
    ];
    leaf.prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            (inner.clone(), proptest::sample::select(BINARY), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|e| format!("({e})")),
            inner.clone().prop_map(|e| format!("NOT {e}")),
            inner.clone().prop_map(|e| format!("-{e}")),
            (inner.clone(), proptest::sample::select(POSTFIX)).prop_map(|(e, p)| format!("({e} {p})")),
            (inner.clone(), key()).prop_map(|(e, k)| format!("{e}.{k}")),
            (inner.clone(), label()).prop_map(|(e, l)| format!("{e}:{l}")),
            (inner.clone(), inner.clone()).prop_map(|(e, i)| format!("{e}[{i}]")),
            (inner.clone(), proptest::option::of(inner.clone()))
                .prop_map(|(e, i)| format!("{e}[{}..]", i.unwrap_or_default())),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec((key(), inner.clone()), 0..3).prop_map(|entries| {
                let entries: Vec<String> = entries.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", entries.join(", "))
            }),
            (proptest::bool::ANY, proptest::collection::vec(inner.clone(), 0..3)).prop_map(|(d, args)| format!(
                "coalesce({}{})",
                if d { "DISTINCT " } else { "" },
                args.join(", ")
            )),
            (proptest::option::of(inner.clone()), inner.clone(), inner.clone(), proptest::option::of(inner.clone()))
                .prop_map(|(s, w, t, e)| format!(
                    "CASE {} WHEN {w} THEN {t} {} END",
                    s.unwrap_or_default(),
                    e.map(|e| format!("ELSE {e}")).unwrap_or_default()
                )),
            (name(), inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(v, l, w, m)| format!("[{v} IN {l} WHERE {w} | {m}]")),
            // A type before `|` needs its parentheses: `| date` would be a type.
            (name(), inner.clone(), inner.clone(), prop_oneof![Just("null".to_string()), name()])
                .prop_map(|(v, l, w, m)| format!("[{v} IN {l} WHERE ({w} IS :: INTEGER) | {m}]")),
            (name(), inner.clone(), inner.clone()).prop_map(|(v, l, w)| format!("any({v} IN {l} WHERE {w})")),
            (name(), inner.clone(), name(), inner.clone(), inner.clone())
                .prop_map(|(a, i, v, l, e)| format!("reduce({a} = {i}, {v} IN {l} | {e})")),
            (pattern_element(), inner.clone()).prop_map(|(p, m)| format!("[{p} | {m}]")),
            (pattern_element(), inner.clone()).prop_map(|(p, w)| format!("EXISTS {{ {p} WHERE {w} }}")),
            pattern_element().prop_map(|p| format!("COUNT {{ {p} }}")),
            (pattern_element(), inner.clone()).prop_map(|(p, e)| format!("COLLECT {{ MATCH {p} RETURN {e} }}")),
            (pattern_element(), inner.clone())
                .prop_map(|(p, e)| format!("EXISTS {{ MATCH {p} RETURN {e} UNION RETURN 1 }}")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(e, a, b)| format!("{e}[{a}..{b}]")),
            (inner.clone(), inner.clone()).prop_map(|(e, i)| format!("apoc.text.join({e}, {i})")),
            (name(), key(), inner.clone()).prop_map(|(v, k, e)| format!("{v} {{.{k}, .*, {k}: {e}}}")),
        ]
    })
}

fn node() -> impl Strategy<Value = String> {
    (proptest::option::of(name()), proptest::collection::vec(label(), 0..3), proptest::option::of((key(), literal())))
        .prop_map(|(v, labels, props)| {
            let labels: String = labels.iter().map(|l| format!(":{l}")).collect();
            let props = props.map(|(k, v)| format!(" {{{k}: {v}}}")).unwrap_or_default();
            format!("({}{labels}{props})", v.unwrap_or_default())
        })
}

fn relationship() -> impl Strategy<Value = String> {
    let range = prop_oneof![
        Just(String::new()),
        Just("*".to_string()),
        (0u64..5).prop_map(|n| format!("*{n}")),
        (0u64..3, 3u64..6).prop_map(|(a, b)| format!("*{a}..{b}")),
        (0u64..5).prop_map(|n| format!("*..{n}")),
    ];
    (0..3usize, proptest::option::of(name()), proptest::collection::vec(label(), 0..3), range).prop_map(
        |(direction, v, types, range)| {
            let types = if types.is_empty() { String::new() } else { format!(":{}", types.join("|")) };
            let detail = format!("[{}{types}{range}]", v.unwrap_or_default());
            let (detail, quantifier) = match range.as_str() {
                // A GQL quantifier after the relationship instead of a length in it.
                "*0..3" => (detail.replace("*0..3", ""), "{0,3}"),
                "*1" => (detail.replace("*1", ""), "+"),
                _ => (detail, ""),
            };
            let arrow = match direction {
                0 => format!("-{detail}->"),
                1 => format!("<-{detail}-"),
                _ => format!("-{detail}-"),
            };
            format!("{arrow}{quantifier}")
        },
    )
}

fn pattern_element() -> impl Strategy<Value = String> {
    (node(), proptest::collection::vec((relationship(), node()), 1..3))
        .prop_map(|(start, chain)| chain.into_iter().fold(start, |text, (r, n)| format!("{text}{r}{n}")))
}

fn pattern_part() -> impl Strategy<Value = String> {
    (proptest::option::of(name()), pattern_element(), 0..4usize).prop_map(|(v, element, kind)| {
        let body = match kind {
            0 => format!("shortestPath({element})"),
            1 => format!("ALL SHORTEST {element}"),
            _ => element,
        };
        match v {
            Some(v) => format!("{v} = {body}"),
            None => body,
        }
    })
}

fn clause() -> impl Strategy<Value = String> {
    let e = expression;
    prop_oneof![
        (proptest::bool::ANY, proptest::collection::vec(pattern_part(), 1..3), proptest::option::of(e())).prop_map(
            |(optional, parts, filter)| format!(
                "{}MATCH {}{}",
                if optional { "OPTIONAL " } else { "" },
                parts.join(", "),
                filter.map(|f| format!(" WHERE {f}")).unwrap_or_default()
            )
        ),
        (e(), name()).prop_map(|(e, v)| format!("UNWIND {e} AS {v}")),
        (proptest::bool::ANY, e(), name(), proptest::option::of(e()), proptest::option::of(e())).prop_map(
            |(distinct, item, alias, order, filter)| format!(
                "WITH {}{item} AS {alias}, {alias}{}{}",
                if distinct { "DISTINCT " } else { "" },
                order.map(|o| format!(" ORDER BY {o} DESC SKIP 1 LIMIT 2")).unwrap_or_default(),
                filter.map(|f| format!(" WHERE {f}")).unwrap_or_default()
            )
        ),
        (name(), e()).prop_map(|(v, e)| format!("LET {v} = {e}")),
        proptest::collection::vec(pattern_element(), 1..3).prop_map(|p| format!("CREATE {}", p.join(", "))),
        (pattern_element(), name(), key(), e())
            .prop_map(|(p, v, k, e)| format!("MERGE {p} ON MATCH SET {v}.{k} = {e} ON CREATE SET {v}:Seen")),
        (name(), key(), e(), name()).prop_map(|(v, k, e, w)| format!("SET {v}.{k}.{k} = {e}, {w} += {{}}")),
        (name(), key(), label()).prop_map(|(v, k, l)| format!("REMOVE {v}.{k}, {v}:{l}")),
        (proptest::bool::ANY, e()).prop_map(|(d, e)| format!("{}DELETE {e}", if d { "DETACH " } else { "" })),
        (name(), e()).prop_map(|(v, e)| format!("CALL ({v}) {{ WITH {v} RETURN {e} AS inner }}")),
        (name(), e(), key()).prop_map(|(v, l, k)| format!("FOREACH ({v} IN {l} | SET {v}.{k} = 1)")),
        (e(), name()).prop_map(|(u, v)| format!("LOAD CSV WITH HEADERS FROM {u} AS {v} FIELDTERMINATOR ';'")),
        (e(), e()).prop_map(|(o, l)| format!("ORDER BY {o} LIMIT {l}")),
        (e(), name(), e()).prop_map(|(a, v, w)| format!("CALL db.labels({a}) YIELD label AS {v} WHERE {w}")),
        Just("CALL db.labels YIELD *".to_string()),
        (name(), e()).prop_map(|(v, w)| format!("SHOW FUNCTIONS YIELD name AS {v}, category WHERE {w}")),
        e().prop_map(|w| format!("SHOW PROCEDURES WHERE {w}")),
        e().prop_map(|w| format!("SHOW TEXT INDEXES WHERE {w}")),
        (e(), name()).prop_map(|(b, s)| format!(
            "CALL {{ CREATE (x) }} IN TRANSACTIONS OF {b} ROWS ON ERROR BREAK REPORT STATUS AS {s}"
        )),
        (name(), label(), key())
            .prop_map(|(i, l, k)| format!("CREATE TEXT INDEX {i} IF NOT EXISTS FOR (x:{l}) ON (x.{k})")),
        (label(), key())
            .prop_map(|(l, k)| format!("CREATE CONSTRAINT FOR ()-[r:{l}]-() REQUIRE r.{k} IS :: INT | STRING")),
        name().prop_map(|i| format!("DROP INDEX {i} IF EXISTS")),
    ]
}

fn single_query() -> impl Strategy<Value = String> {
    (proptest::collection::vec(clause(), 0..4), proptest::collection::vec(expression(), 1..3)).prop_map(
        |(clauses, returns)| {
            let items: Vec<String> = returns.iter().enumerate().map(|(i, r)| format!("{r} AS c{i}")).collect();
            format!("{} RETURN {}", clauses.join(" "), items.join(", "))
        },
    )
}

fn query() -> impl Strategy<Value = String> {
    (single_query(), proptest::option::of((proptest::bool::ANY, single_query()))).prop_map(|(first, union)| match union
    {
        Some((all, second)) => format!("{first} UNION {}{second}", if all { "ALL " } else { "" }),
        None => first,
    })
}

/// The repository's TCK queries, seeds for mutation, and the words they
/// are made of, to insert into them.
static SEEDS: LazyLock<Vec<String>> =
    LazyLock::new(|| repository_tck_files().iter().flat_map(|f| tck_queries(f)).collect());
static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = SEEDS.iter().flat_map(|q| q.split_whitespace().map(str::to_string)).collect();
    words.sort();
    words.dedup();
    words
});

/// A generated query parses, and prints back to the same tree.
fn generated(text: &str) -> Result<(), TestCaseError> {
    let statement =
        parse(text).map_err(|e| TestCaseError::fail(format!("the generator wrote {text}: {}", e.message)))?;
    round_trip_failure(text, &statement).map_or(Ok(()), |failure| Err(TestCaseError::fail(failure)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn generated_expressions_print_back_to_the_same_tree(e in expression()) {
        let text = format!("RETURN {e}");
        generated(&text)?;
    }

    #[test]
    fn generated_queries_print_back_to_the_same_tree(text in query()) {
        generated(&text)?;
    }
}

proptest! {
    // Most mutations do not parse, and those are cheap: many cases.
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    /// TCK queries with words of other queries put in place of none, one or
    /// two of theirs: odd statements, some of them valid. Those that parse
    /// must print back to their tree.
    #[test]
    fn mutated_tck_queries_print_back_to_the_same_tree(
        seed in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec((any::<usize>(), 0usize..3, any::<proptest::sample::Index>()), 1..3),
    ) {
        let mut words: Vec<&str> = SEEDS[seed.index(SEEDS.len())].split_whitespace().collect();
        for (at, len, word) in &edits {
            let at = at % (words.len() + 1);
            let end = (at + len).min(words.len());
            words.splice(at..end, [WORDS[word.index(WORDS.len())].as_str()]);
        }
        let text = words.join(" ");
        if let Ok(statement) = parse(&text)
            && let Some(failure) = round_trip_failure(&text, &statement)
        {
            return Err(TestCaseError::fail(failure));
        }
    }
}
