//! Lowering of the schema commands: `CREATE … INDEX`, `CREATE CONSTRAINT`,
//! `DROP INDEX|CONSTRAINT` and `SHOW … INDEXES|CONSTRAINTS`.

use pest::iterators::Pair;

use super::clause::where_clause;
use super::expr::operand;
use super::{Rule, name, span};
use crate::ast::{Expr, SchemaCommand, Show, ShowWhat};
use crate::error::{Error, Result};
use crate::schema::definition::{ConstraintKind, Entity, IndexType, NewConstraint, NewIndex};
use crate::schema::property_type::canonical_type;

/// One command: the pair inside `schema_command`.
pub(super) fn command(inner: Pair<'_, Rule>) -> Result<SchemaCommand> {
    match inner.as_rule() {
        Rule::create_index => create_index(inner),
        Rule::create_constraint => create_constraint(inner),
        rule => {
            let if_exists = inner.clone().into_inner().any(|p| p.as_rule() == Rule::if_exists);
            let name = inner.into_inner().find(|p| p.as_rule() == Rule::symbolic_name).map(|p| name(&p));
            let name = name.ok_or_else(|| Error::syntax("expected a name"))?;
            Ok(if rule == Rule::drop_index {
                SchemaCommand::DropIndex { name, if_exists }
            } else {
                SchemaCommand::DropConstraint { name, if_exists }
            })
        }
    }
}

/// What `FOR (n:L)` or `FOR ()-[r:T]-()` names.
struct Target {
    entity: Entity,
    variable: String,
    labels: Vec<String>,
    at: usize,
}

/// The parts common to `CREATE INDEX` and `CREATE CONSTRAINT`.
#[derive(Default)]
struct Common {
    name: Option<String>,
    if_not_exists: bool,
    target: Option<Target>,
    properties: Vec<String>,
    options: Option<Expr>,
}

impl Common {
    fn read(&mut self, p: Pair<'_, Rule>) -> Result<bool> {
        match p.as_rule() {
            Rule::schema_object_name => self.name = p.into_inner().next().map(|n| name(&n)),
            Rule::if_not_exists => self.if_not_exists = true,
            Rule::schema_target => self.target = Some(target(p)?),
            Rule::index_properties | Rule::constraint_properties => {
                for property in p.into_inner().filter(|q| q.as_rule() == Rule::schema_property) {
                    self.properties.push(self.property(property)?);
                }
            }
            Rule::schema_options => {
                let map = p.into_inner().find(|q| q.as_rule() == Rule::map_literal);
                let map = map.ok_or_else(|| Error::syntax("expected OPTIONS {…}"))?;
                self.options = Some(operand(map)?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `n.p`, where `n` must be the variable of `FOR`.
    fn property(&self, pair: Pair<'_, Rule>) -> Result<String> {
        let at = span(&pair).start;
        let mut parts = pair.into_inner();
        let variable = parts.next().map(|v| name(&v)).unwrap_or_default();
        let key = parts.next().map(|k| name(&k)).unwrap_or_default();
        match &self.target {
            Some(t) if t.variable == variable => Ok(key),
            _ => Err(Error::syntax(format!("Variable `{variable}` not defined (UndefinedVariable)")).at(at)),
        }
    }

    fn target(&self) -> Result<&Target> {
        self.target.as_ref().ok_or_else(|| Error::syntax("expected FOR (n:Label)"))
    }
}

fn target(pair: Pair<'_, Rule>) -> Result<Target> {
    let at = span(&pair).start;
    let inner = pair.into_inner().next().ok_or_else(|| Error::syntax("expected a pattern").at(at))?;
    let entity = if inner.as_rule() == Rule::schema_node { Entity::Node } else { Entity::Relationship };
    let mut variable = String::new();
    let mut labels = Vec::new();
    for p in inner.into_inner() {
        match p.as_rule() {
            Rule::variable => variable = name(&p),
            Rule::label_name | Rule::rel_type_name => labels.push(name(&p)),
            _ => {}
        }
    }
    Ok(Target { entity, variable, labels, at })
}

fn create_index(pair: Pair<'_, Rule>) -> Result<SchemaCommand> {
    let mut common = Common::default();
    let mut index_type = IndexType::Range;
    let mut each = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::index_type => index_type = index_type_of(&p),
            Rule::index_properties => {
                each = p.as_str().trim_start().to_ascii_uppercase().starts_with("EACH");
                common.read(p)?;
            }
            _ => {
                common.read(p)?;
            }
        }
    }
    let target = common.target()?;
    let fulltext = index_type == IndexType::Fulltext;
    if fulltext != each {
        let message = if fulltext {
            "A fulltext index lists its properties as ON EACH [n.p, …]"
        } else {
            "Only a fulltext index lists its properties with ON EACH"
        };
        return Err(Error::syntax(message).at(target.at));
    }
    if !fulltext && target.labels.len() > 1 {
        return Err(Error::syntax("Only a fulltext index may be on more than one label or type").at(target.at));
    }
    let single = matches!(index_type, IndexType::Text | IndexType::Point);
    if single && common.properties.len() > 1 {
        let message = format!("A {} index is on exactly one property", index_type.name().to_ascii_lowercase());
        return Err(Error::syntax(message).at(target.at));
    }
    let index = NewIndex {
        name: common.name.clone(),
        index_type,
        entity: target.entity,
        labels: target.labels.clone(),
        properties: common.properties.clone(),
        options: Vec::new(),
    };
    Ok(SchemaCommand::CreateIndex { index, options: common.options, if_not_exists: common.if_not_exists })
}

pub(super) fn index_type_of(pair: &Pair<'_, Rule>) -> IndexType {
    match pair.as_str().to_ascii_uppercase().as_str() {
        "TEXT" => IndexType::Text,
        "POINT" => IndexType::Point,
        "FULLTEXT" => IndexType::Fulltext,
        _ => IndexType::Range,
    }
}

fn create_constraint(pair: Pair<'_, Rule>) -> Result<SchemaCommand> {
    let mut common = Common::default();
    let mut rule = None;
    for p in pair.into_inner() {
        if p.as_rule() == Rule::constraint_rule {
            rule = p.into_inner().next();
        } else {
            common.read(p)?;
        }
    }
    let target = common.target()?;
    let rule = rule.ok_or_else(|| Error::syntax("expected IS UNIQUE, IS NOT NULL, IS KEY or IS :: TYPE"))?;
    let at = span(&rule).start;
    // `IS NODE KEY` on a relationship and the like.
    let said = rule.as_str().to_ascii_uppercase();
    let wrong_entity = match target.entity {
        Entity::Node => said.starts_with("REL"),
        Entity::Relationship => said.starts_with("NODE"),
    };
    if wrong_entity {
        return Err(
            Error::syntax(format!("'{}' does not fit a {} pattern", rule.as_str(), target.entity.name())).at(at)
        );
    }
    let kind = match rule.as_rule() {
        Rule::constraint_unique => ConstraintKind::Unique,
        Rule::constraint_key => ConstraintKind::Key,
        Rule::constraint_not_null => ConstraintKind::NotNull,
        _ => {
            let types = rule.into_inner().filter(|t| t.as_rule() == Rule::property_type).map(|t| property_type(&t));
            ConstraintKind::PropertyType(types.collect())
        }
    };
    let one_property = matches!(kind, ConstraintKind::NotNull | ConstraintKind::PropertyType(_));
    if one_property && common.properties.len() != 1 {
        return Err(Error::syntax("This constraint is on exactly one property").at(at));
    }
    let [label] = target.labels.as_slice() else {
        return Err(Error::syntax("A constraint is on exactly one label or type").at(target.at));
    };
    let constraint = NewConstraint {
        name: common.name.clone(),
        kind,
        entity: target.entity,
        label: label.clone(),
        properties: common.properties.clone(),
    };
    Ok(SchemaCommand::CreateConstraint { constraint, options: common.options, if_not_exists: common.if_not_exists })
}

/// `INTEGER`, or `LIST<STRING NOT NULL>`.
fn property_type(pair: &Pair<'_, Rule>) -> String {
    match pair.clone().into_inner().find(|p| p.as_rule() == Rule::scalar_type) {
        Some(scalar) if pair.as_str().to_ascii_uppercase().starts_with("LIST") => {
            format!("LIST<{} NOT NULL>", canonical_type(scalar.as_str()))
        }
        Some(scalar) => canonical_type(scalar.as_str()),
        None => canonical_type(pair.as_str()),
    }
}

/// `SHOW …`, from the pairs inside `show_clause`.
pub(super) fn show<'a>(inner: impl Iterator<Item = Pair<'a, Rule>>, at: crate::ast::Span) -> Result<Show> {
    let mut show = Show { what: ShowWhat::Constraints, yields: None, filter: None, span: at };
    for p in inner {
        match p.as_rule() {
            Rule::show_indexes => {
                let kind = p.into_inner().next();
                show.what = match kind {
                    Some(k) if k.as_rule() == Rule::index_type => ShowWhat::Indexes(Some(index_type_of(&k))),
                    Some(k) if k.as_rule() == Rule::LOOKUP => ShowWhat::LookupIndexes,
                    _ => ShowWhat::Indexes(None),
                };
            }
            Rule::yield_clause => {
                let call = super::clause::call(std::iter::once(p), at)?;
                show.yields = call.yields;
                show.filter = call.filter;
            }
            Rule::where_clause => show.filter = Some(where_clause(p)?),
            _ => {}
        }
    }
    Ok(show)
}

#[cfg(test)]
mod tests {
    use crate::ast::{Clause, SchemaCommand, ShowWhat};
    use crate::parser::parse;
    use crate::schema::definition::{ConstraintKind, Entity, IndexType};

    fn command(text: &str) -> SchemaCommand {
        match parse(text).map(|s| s.query.parts[0].clauses[0].clone()) {
            Ok(Clause::Schema(command)) => command,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn index_forms() {
        let SchemaCommand::CreateIndex { index, if_not_exists, options } =
            command("create text index names if not exists for ()<-[r:`OWNS`]-() on (r.name)")
        else {
            panic!("not an index")
        };
        assert_eq!(
            (index.name.as_deref(), index.index_type, index.entity),
            (Some("names"), IndexType::Text, Entity::Relationship)
        );
        assert_eq!(
            (index.labels, index.properties, if_not_exists, options),
            (vec!["OWNS".into()], vec!["name".into()], true, None)
        );
        let SchemaCommand::CreateIndex { index, options, .. } =
            command("CREATE FULLTEXT INDEX n FOR (x:A|B) ON EACH [x.p, x.q] OPTIONS {indexConfig: {}}")
        else {
            panic!("not an index")
        };
        assert_eq!((index.labels.len(), index.properties.len(), options.is_some()), (2, 2, true));
        assert_eq!(
            command("DROP INDEX `my index` IF EXISTS"),
            SchemaCommand::DropIndex { name: "my index".into(), if_exists: true }
        );
    }

    #[test]
    fn constraint_forms() {
        let kind = |text: &str| match command(text) {
            SchemaCommand::CreateConstraint { constraint, .. } => (constraint.kind, constraint.properties.len()),
            other => panic!("{other:?}"),
        };
        assert_eq!(kind("CREATE CONSTRAINT FOR (p:P) REQUIRE p.id IS UNIQUE"), (ConstraintKind::Unique, 1));
        assert_eq!(kind("CREATE CONSTRAINT c FOR (p:P) REQUIRE (p.a, p.b) IS NODE KEY"), (ConstraintKind::Key, 2));
        assert_eq!(
            kind("CREATE CONSTRAINT FOR ()-[r:T]-() REQUIRE r.a IS RELATIONSHIP UNIQUE"),
            (ConstraintKind::Unique, 1)
        );
        assert_eq!(kind("CREATE CONSTRAINT FOR (p:P) REQUIRE p.a IS NOT NULL"), (ConstraintKind::NotNull, 1));
        let types = kind("CREATE CONSTRAINT FOR (p:P) REQUIRE p.a IS :: list < int not null > | Local  Time");
        assert_eq!(types.0, ConstraintKind::PropertyType(vec!["LIST<INTEGER NOT NULL>".into(), "LOCAL TIME".into()]));
    }

    #[test]
    fn mistakes_are_syntax_errors() {
        for text in [
            "CREATE FULLTEXT INDEX n FOR (x:A) ON (x.p)",
            "CREATE INDEX FOR (x:A) ON EACH [x.p]",
            "CREATE INDEX FOR (x:A) ON (y.p)",
            "CREATE POINT INDEX FOR (x:A) ON (x.p, x.q)",
            "CREATE CONSTRAINT FOR ()-[r:T]-() REQUIRE r.a IS NODE KEY",
            "CREATE CONSTRAINT FOR (p:P) REQUIRE (p.a, p.b) IS NOT NULL",
            "CREATE CONSTRAINT FOR (p:P) REQUIRE p.a IS :: LIST<INTEGER>",
            "DROP INDEX",
        ] {
            assert!(parse(text).is_err_and(|e| e.kind == crate::error::ErrorKind::SyntaxError), "{text}");
        }
    }

    #[test]
    fn show_forms() {
        let show = |text: &str| match parse(text).map(|s| s.query.parts[0].clauses[0].clone()) {
            Ok(Clause::Show(show)) => (show.what, show.yields.map(|y| y.len()), show.filter.is_some()),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(show("SHOW INDEXES"), (ShowWhat::Indexes(None), None, false));
        assert_eq!(
            show("show range index yield name, type as t where t = 'x'"),
            (ShowWhat::Indexes(Some(IndexType::Range)), Some(2), true)
        );
        assert_eq!(show("SHOW LOOKUP INDEXES"), (ShowWhat::LookupIndexes, None, false));
        assert_eq!(show("SHOW ALL CONSTRAINTS YIELD *"), (ShowWhat::Constraints, Some(0), false));
        assert_eq!(show("SHOW CONSTRAINTS WHERE name = 'c'"), (ShowWhat::Constraints, None, true));
    }
}
