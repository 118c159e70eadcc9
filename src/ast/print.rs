//! The syntax tree printed back as Cypher. A tree the parser made prints as
//! text that parses to the same tree (spans aside, and an unaliased
//! column's name, which is the text as written); `EXPLAIN` shows a
//! statement this way, as embargo understood it. Any tree prints, and
//! printing never fails. One function per kind of node.

mod call;
mod expr;
mod lexical;
mod pattern;
mod precedence;
mod schema;

use std::fmt::{self, Display, Formatter, Write};

use call::{call, subquery};
use lexical::{schema_name, string, variable};

use super::*;

/// Writes `items` with `", "` between them.
fn comma_separated<T>(
    f: &mut Formatter<'_>,
    items: &[T],
    mut each: impl FnMut(&mut Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        each(f, item)?;
    }
    Ok(())
}

/// `:A:B`.
fn labels(f: &mut Formatter<'_>, names: &[String]) -> fmt::Result {
    for name in names {
        f.write_char(':')?;
        schema_name(f, name)?;
    }
    Ok(())
}

impl Display for Statement {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.explain {
            Some(ExplainMode::Explain) => f.write_str("EXPLAIN ")?,
            Some(ExplainMode::Profile) => f.write_str("PROFILE ")?,
            None => {}
        }
        self.query.fmt(f)
    }
}

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let all = self.union_all.get(i - 1).copied().unwrap_or(false);
                f.write_str(if all { " UNION ALL " } else { " UNION " })?;
            }
            part.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for SingleQuery {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        clauses(f, &self.clauses)
    }
}

fn clauses(f: &mut Formatter<'_>, clauses: &[Clause]) -> fmt::Result {
    for (i, clause) in clauses.iter().enumerate() {
        if i > 0 {
            f.write_char(' ')?;
        }
        clause.fmt(f)?;
    }
    Ok(())
}

impl Display for Clause {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Match { optional, pattern, filter, mode, .. } => {
                match_clause(f, *optional, *mode, pattern, filter.as_ref())
            }
            Clause::Unwind { expr, var } => {
                write!(f, "UNWIND {expr} AS ")?;
                variable(f, &var.name)
            }
            Clause::With(p) => projection(f, "WITH", p),
            Clause::Return(p) => projection(f, "RETURN", p),
            Clause::Create { pattern, .. } => {
                f.write_str("CREATE ")?;
                comma_separated(f, pattern, |f, p| p.fmt(f))
            }
            Clause::Merge { part, on_create, on_match, .. } => merge(f, part, on_create, on_match),
            Clause::Set(items) => {
                f.write_str("SET ")?;
                comma_separated(f, items, set_item)
            }
            Clause::Remove(items) => {
                f.write_str("REMOVE ")?;
                comma_separated(f, items, remove_item)
            }
            Clause::Delete { detach, exprs } => {
                f.write_str(if *detach { "DETACH DELETE " } else { "DELETE " })?;
                comma_separated(f, exprs, |f, e| e.fmt(f))
            }
            Clause::Call(c) => call(f, c),
            Clause::Schema(command) => command.fmt(f),
            Clause::Show(show) => show.fmt(f),
            Clause::Subquery(call) => subquery(f, call),
            Clause::Foreach { var, list, clauses: body, .. } => foreach(f, var, list, body),
            Clause::LoadCsv(load) => load_csv(f, load),
            Clause::Finish => f.write_str("FINISH"),
        }
    }
}

fn match_clause(
    f: &mut Formatter<'_>,
    optional: bool,
    mode: MatchMode,
    pattern: &[PatternPart],
    filter: Option<&Expr>,
) -> fmt::Result {
    f.write_str(if optional { "OPTIONAL MATCH " } else { "MATCH " })?;
    if mode == MatchMode::RepeatableElements {
        f.write_str("REPEATABLE ELEMENTS ")?;
    }
    comma_separated(f, pattern, |f, p| p.fmt(f))?;
    match filter {
        Some(filter) => write!(f, " WHERE {filter}"),
        None => Ok(()),
    }
}

/// `WITH …` or `RETURN …`; a binding written as `LET v = e` prints so again.
fn projection(f: &mut Formatter<'_>, keyword: &str, p: &Projection) -> fmt::Result {
    if let Some((var, value)) = let_binding(p) {
        f.write_str("LET ")?;
        variable(f, var)?;
        return write!(f, " = {value}");
    }
    f.write_str(keyword)?;
    if p.distinct {
        f.write_str(" DISTINCT")?;
    }
    f.write_char(' ')?;
    if p.star {
        f.write_char('*')?;
        if !p.items.is_empty() {
            f.write_str(", ")?;
        }
    }
    comma_separated(f, &p.items, projection_item)?;
    if !p.order_by.is_empty() {
        f.write_str(" ORDER BY ")?;
        comma_separated(f, &p.order_by, |f, s| write!(f, "{}{}", s.expr, if s.descending { " DESC" } else { "" }))?;
    }
    if let Some(skip) = &p.skip {
        write!(f, " SKIP {skip}")?;
    }
    if let Some(limit) = &p.limit {
        write!(f, " LIMIT {limit}")?;
    }
    match &p.filter {
        Some(filter) => write!(f, " WHERE {filter}"),
        None => Ok(()),
    }
}

/// The name and value of a projection that `LET name = value` made.
fn let_binding(p: &Projection) -> Option<(&str, &Expr)> {
    let plain = p.star && !p.distinct && p.order_by.is_empty() && p.skip.is_none() && p.limit.is_none();
    match p.items.as_slice() {
        [ProjectionItem { expr, alias: Some(alias), .. }] if p.from_let && plain && p.filter.is_none() => {
            Some((&alias.name, expr))
        }
        _ => None,
    }
}

fn projection_item(f: &mut Formatter<'_>, item: &ProjectionItem) -> fmt::Result {
    item.expr.fmt(f)?;
    match &item.alias {
        Some(alias) => {
            f.write_str(" AS ")?;
            variable(f, &alias.name)
        }
        None => Ok(()),
    }
}

fn merge(f: &mut Formatter<'_>, part: &PatternPart, on_create: &[SetItem], on_match: &[SetItem]) -> fmt::Result {
    write!(f, "MERGE {part}")?;
    if !on_create.is_empty() {
        f.write_str(" ON CREATE SET ")?;
        comma_separated(f, on_create, set_item)?;
    }
    if !on_match.is_empty() {
        f.write_str(" ON MATCH SET ")?;
        comma_separated(f, on_match, set_item)?;
    }
    Ok(())
}

/// What `SET x.k = v` and `REMOVE x.k` write before `.k`: a variable, a
/// function call or a chain of keys on one; anything else in parentheses.
fn property_target(f: &mut Formatter<'_>, target: &Expr) -> fmt::Result {
    match &target.kind {
        ExprKind::Variable(name) => variable(f, name),
        ExprKind::FunctionCall { .. } => target.fmt(f),
        ExprKind::Property(base, key) => {
            property_target(f, base)?;
            f.write_char('.')?;
            schema_name(f, key)
        }
        _ => write!(f, "({target})"),
    }
}

fn set_item(f: &mut Formatter<'_>, item: &SetItem) -> fmt::Result {
    match item {
        SetItem::Property { target, key, value } => {
            property_target(f, target)?;
            f.write_char('.')?;
            schema_name(f, key)?;
            write!(f, " = {value}")
        }
        SetItem::Replace { var, value } => {
            variable(f, &var.name)?;
            write!(f, " = {value}")
        }
        SetItem::Merge { var, value } => {
            variable(f, &var.name)?;
            write!(f, " += {value}")
        }
        SetItem::Labels { var, labels: names } => {
            variable(f, &var.name)?;
            labels(f, names)
        }
    }
}

fn remove_item(f: &mut Formatter<'_>, item: &RemoveItem) -> fmt::Result {
    match item {
        RemoveItem::Property { target, key } => {
            property_target(f, target)?;
            f.write_char('.')?;
            schema_name(f, key)
        }
        RemoveItem::Labels { var, labels: names } => {
            variable(f, &var.name)?;
            labels(f, names)
        }
    }
}

fn foreach(f: &mut Formatter<'_>, var: &Ident, list: &Expr, body: &[Clause]) -> fmt::Result {
    f.write_str("FOREACH (")?;
    variable(f, &var.name)?;
    write!(f, " IN {list} | ")?;
    clauses(f, body)?;
    f.write_char(')')
}

fn load_csv(f: &mut Formatter<'_>, load: &LoadCsv) -> fmt::Result {
    f.write_str(if load.headers { "LOAD CSV WITH HEADERS FROM " } else { "LOAD CSV FROM " })?;
    write!(f, "{} AS ", load.url)?;
    variable(f, &load.var.name)?;
    match &load.terminator {
        Some(t) => {
            f.write_str(" FIELDTERMINATOR ")?;
            string(f, t)
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::parser::parse;

    fn printed(text: &str) -> String {
        parse(text).map(|s| s.to_string()).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    #[test]
    fn clauses_print_as_cypher() {
        for text in [
            "EXPLAIN OPTIONAL MATCH p = (a:Country)-[:VIOLATED]->(s) WHERE a.name = $`the name` RETURN DISTINCT *, p",
            "MATCH (n) WITH n, count(*) AS c ORDER BY c DESC, n.name SKIP 1 LIMIT 2 WHERE c > 1 RETURN n",
            "UNWIND [1, 2] AS x LET y = x * 2 WITH * ORDER BY y LIMIT 1 RETURN y UNION ALL RETURN 3 AS y",
            "MERGE (n:P {id: 1}) ON CREATE SET n.new = true, n:Fresh ON MATCH SET n += {seen: 1} REMOVE n.x, n:Old",
            "MATCH (n) SET n.a.b = 1, coalesce(n).c = 2, ([n][0]).d = 3 DETACH DELETE n",
            "CALL db.labels() YIELD label AS l WHERE l STARTS WITH 'C' RETURN l",
            "CALL db.labels",
            "OPTIONAL CALL (n) { WITH n RETURN n.x AS x } IN TRANSACTIONS OF 10 ROWS ON ERROR CONTINUE \
             REPORT STATUS AS s RETURN x",
            "CALL (*) { RETURN 1 AS one } CALL () { CREATE () } RETURN one",
            "FOREACH (x IN [1] | CREATE (:A {x: x}) SET x.y = 1)",
            "LOAD CSV WITH HEADERS FROM 'file:///a.csv' AS row FIELDTERMINATOR '\\t' CREATE (:R {k: row.k}) FINISH",
            "SHOW PROCEDURES WHERE name STARTS WITH 'db'",
            "SHOW FUNCTIONS YIELD name",
            "SHOW FULLTEXT INDEXES YIELD * WHERE name = 'x'",
            "SHOW CONSTRAINTS",
            "CREATE TEXT INDEX names IF NOT EXISTS FOR ()-[r:OWNS]-() ON (r.name) OPTIONS {indexConfig: {}}",
            "CREATE FULLTEXT INDEX `for` FOR (n:A|B) ON EACH [n.p, n.q]",
            "CREATE CONSTRAINT c FOR (n:P) REQUIRE (n.a, n.b) IS NODE KEY",
            "CREATE CONSTRAINT FOR (n:P) REQUIRE n.a IS :: LIST<STRING NOT NULL> | LOCAL TIME",
            "DROP CONSTRAINT `my constraint` IF EXISTS",
        ] {
            assert_eq!(printed(text), text);
        }
    }

    #[test]
    fn synonyms_print_in_one_spelling() {
        assert_eq!(printed("match (a)-[:T]->{1,3}(b) return a skip 1"), "MATCH (a)-[:T*1..3]->(b) RETURN a SKIP 1");
        assert_eq!(printed("MATCH ANY SHORTEST (a)-[*]-(b) RETURN a"), "MATCH SHORTEST 1 (a)-[*]-(b) RETURN a");
        assert_eq!(
            printed("MATCH ALL SHORTEST (a)-->+(b) RETURN a"),
            "MATCH SHORTEST 1 GROUPS (a)-[*1..]->(b) RETURN a"
        );
        assert_eq!(printed("CREATE INDEX FOR (x:A) ON (x.p)"), "CREATE RANGE INDEX FOR (n:A) ON (n.p)");
        assert_eq!(printed("RETURN 1e3, .5, 0x1F, $`a``b`, \"it's\""), "RETURN 1000.0, 0.5, 31, $`a``b`, 'it\\'s'");
        assert_eq!(printed("CALL `my``proc`.`x` RETURN `my``fn`(1)"), "CALL `my``proc`.x RETURN `my``fn`(1)");
    }
}
