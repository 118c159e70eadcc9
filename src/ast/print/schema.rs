//! Schema commands and `SHOW` as Neo4j 5 writes them. The variable of
//! `FOR (n:L)` is not kept, so it prints as `n` (or `r` for a relationship).

use std::fmt::{self, Display, Formatter, Write};

use super::call::yields;
use super::comma_separated;
use super::lexical::{schema_name, variable};
use crate::ast::{SchemaCommand, Show, ShowWhat};
use crate::schema::definition::{ConstraintKind, Entity, IndexType, NewConstraint, NewIndex};

impl Display for SchemaCommand {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            SchemaCommand::CreateIndex { index, options, if_not_exists } => {
                create_index(f, index, *if_not_exists)?;
                options.as_ref().map_or(Ok(()), |o| write!(f, " OPTIONS {o}"))
            }
            SchemaCommand::CreateConstraint { constraint, options, if_not_exists } => {
                create_constraint(f, constraint, *if_not_exists)?;
                options.as_ref().map_or(Ok(()), |o| write!(f, " OPTIONS {o}"))
            }
            SchemaCommand::DropIndex { name, if_exists } => drop(f, "INDEX", name, *if_exists),
            SchemaCommand::DropConstraint { name, if_exists } => drop(f, "CONSTRAINT", name, *if_exists),
        }
    }
}

/// ` name IF NOT EXISTS FOR (n:L)`: the part both kinds of `CREATE` share.
fn header(
    f: &mut Formatter<'_>,
    name: Option<&str>,
    if_not_exists: bool,
    entity: Entity,
    labels: &[String],
) -> fmt::Result {
    if let Some(name) = name {
        f.write_char(' ')?;
        // Without back-quotes, a name `for` would read as the keyword.
        if name.eq_ignore_ascii_case("for") { write!(f, "`{name}`")? } else { variable(f, name)? }
    }
    if if_not_exists {
        f.write_str(" IF NOT EXISTS")?;
    }
    f.write_str(" FOR ")?;
    let separated = |f: &mut Formatter<'_>| {
        for (i, label) in labels.iter().enumerate() {
            f.write_char(if i == 0 { ':' } else { '|' })?;
            schema_name(f, label)?;
        }
        Ok(())
    };
    match entity {
        Entity::Node => {
            f.write_str("(n")?;
            separated(f)?;
            f.write_char(')')
        }
        Entity::Relationship => {
            f.write_str("()-[r")?;
            separated(f)?;
            f.write_str("]-()")
        }
    }
}

/// `n.a`, `r.b`: a property of the `FOR` variable.
fn properties(f: &mut Formatter<'_>, entity: Entity, keys: &[String]) -> fmt::Result {
    let var = if entity == Entity::Node { "n." } else { "r." };
    comma_separated(f, keys, |f, key| {
        f.write_str(var)?;
        schema_name(f, key)
    })
}

fn create_index(f: &mut Formatter<'_>, index: &NewIndex, if_not_exists: bool) -> fmt::Result {
    write!(f, "CREATE {} INDEX", index.index_type.name())?;
    header(f, index.name.as_deref(), if_not_exists, index.entity, &index.labels)?;
    let each = index.index_type == IndexType::Fulltext;
    f.write_str(if each { " ON EACH [" } else { " ON (" })?;
    properties(f, index.entity, &index.properties)?;
    f.write_char(if each { ']' } else { ')' })
}

fn create_constraint(f: &mut Formatter<'_>, constraint: &NewConstraint, if_not_exists: bool) -> fmt::Result {
    f.write_str("CREATE CONSTRAINT")?;
    header(f, constraint.name.as_deref(), if_not_exists, constraint.entity, std::slice::from_ref(&constraint.label))?;
    f.write_str(" REQUIRE ")?;
    let several = constraint.properties.len() != 1;
    if several {
        f.write_char('(')?;
    }
    properties(f, constraint.entity, &constraint.properties)?;
    if several {
        f.write_char(')')?;
    }
    match &constraint.kind {
        ConstraintKind::Unique => f.write_str(" IS UNIQUE"),
        ConstraintKind::Key => write!(f, " IS {} KEY", constraint.entity.name()),
        ConstraintKind::NotNull => f.write_str(" IS NOT NULL"),
        ConstraintKind::PropertyType(types) => write!(f, " IS :: {}", types.join(" | ")),
    }
}

fn drop(f: &mut Formatter<'_>, what: &str, name: &str, if_exists: bool) -> fmt::Result {
    write!(f, "DROP {what} ")?;
    variable(f, name)?;
    if if_exists { f.write_str(" IF EXISTS") } else { Ok(()) }
}

impl Display for Show {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self.what {
            ShowWhat::Indexes(None) => "SHOW INDEXES",
            ShowWhat::Indexes(Some(IndexType::Range)) => "SHOW RANGE INDEXES",
            ShowWhat::Indexes(Some(IndexType::Text)) => "SHOW TEXT INDEXES",
            ShowWhat::Indexes(Some(IndexType::Point)) => "SHOW POINT INDEXES",
            ShowWhat::Indexes(Some(IndexType::Fulltext)) => "SHOW FULLTEXT INDEXES",
            ShowWhat::LookupIndexes => "SHOW LOOKUP INDEXES",
            ShowWhat::Constraints => "SHOW CONSTRAINTS",
        })?;
        yields(f, self.yields.as_deref(), self.filter.as_ref())
    }
}
