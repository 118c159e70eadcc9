//! `SHOW INDEXES` and `SHOW CONSTRAINTS`: Neo4j 5's columns, one row per
//! definition, and the `CREATE` statement that remakes each one (also
//! what the Cypher export writes).

use std::sync::Arc;

use super::definition::{ConstraintDef, ConstraintKind, Entity, IndexDef, SchemaDefs};
use crate::ast::ShowWhat;
use crate::value::{Map, Value};

const INDEX_COLUMNS: &[&str] = &[
    "id",
    "name",
    "state",
    "populationPercent",
    "type",
    "entityType",
    "labelsOrTypes",
    "properties",
    "indexProvider",
    "owningConstraint",
    "lastRead",
    "readCount",
    "trackedSince",
    "options",
    "failureMessage",
    "createStatement",
];

/// Shown without YIELD; `YIELD *` shows them all.
const INDEX_DEFAULT: usize = 12;

const CONSTRAINT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "type",
    "entityType",
    "labelsOrTypes",
    "properties",
    "ownedIndex",
    "propertyType",
    "options",
    "createStatement",
];

const CONSTRAINT_DEFAULT: usize = 8;

/// Every column `YIELD` may name.
pub fn columns(what: ShowWhat) -> &'static [&'static str] {
    match what {
        ShowWhat::Constraints => CONSTRAINT_COLUMNS,
        _ => INDEX_COLUMNS,
    }
}

/// The columns shown when there is no `YIELD`.
pub fn default_columns(what: ShowWhat) -> &'static [&'static str] {
    match what {
        ShowWhat::Constraints => &CONSTRAINT_COLUMNS[..CONSTRAINT_DEFAULT],
        _ => &INDEX_COLUMNS[..INDEX_DEFAULT],
    }
}

/// One row per index or constraint, by name, with every column.
pub fn rows(what: ShowWhat, defs: &SchemaDefs) -> Vec<Vec<Value>> {
    let mut rows: Vec<(String, Vec<Value>)> = match what {
        ShowWhat::Indexes(kind) => defs
            .indexes
            .iter()
            .filter(|i| kind.is_none_or(|k| k == i.index_type))
            .map(|i| (i.name.clone(), index_row(i)))
            .collect(),
        // embargo's label lookup is built in, not an index one can drop.
        ShowWhat::LookupIndexes => Vec::new(),
        ShowWhat::Constraints => defs.constraints.iter().map(|c| (c.name.clone(), constraint_row(c, defs))).collect(),
    };
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter().map(|(_, row)| row).collect()
}

fn strings(items: &[String]) -> Value {
    Value::List(items.iter().map(|s| Value::string(s)).collect())
}

fn text(s: &str) -> Value {
    Value::string(s)
}

fn index_row(index: &IndexDef) -> Vec<Value> {
    let mut options = Map::new();
    options.insert(Arc::from("indexProvider"), text(index.index_type.provider()));
    let config: Map = index.options.iter().cloned().collect();
    let config = match config.get("indexConfig") {
        Some(Value::Map(inner)) => inner.clone(),
        _ => Map::new(),
    };
    options.insert(Arc::from("indexConfig"), Value::Map(config));
    vec![
        Value::Int(index.id as i64),
        text(&index.name),
        // Entries are filled as the index is made: it is online at once.
        text("ONLINE"),
        Value::Float(100.0),
        text(index.index_type.name()),
        text(index.entity.name()),
        strings(&index.labels),
        strings(&index.properties),
        text(index.index_type.provider()),
        index.owning_constraint.as_deref().map_or(Value::Null, text),
        // Reads are not tracked.
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Map(options),
        text(""),
        text(&create_index_statement(index)),
    ]
}

fn constraint_row(constraint: &ConstraintDef, defs: &SchemaDefs) -> Vec<Value> {
    let owned = defs.owned_index(&constraint.name);
    let options = match owned {
        Some(index) => {
            let mut options = Map::new();
            options.insert(Arc::from("indexProvider"), text(index.index_type.provider()));
            options.insert(Arc::from("indexConfig"), Value::Map(Map::new()));
            Value::Map(options)
        }
        None => Value::Null,
    };
    vec![
        Value::Int(constraint.id as i64),
        text(&constraint.name),
        text(&constraint.type_name()),
        text(constraint.entity.name()),
        strings(std::slice::from_ref(&constraint.label)),
        strings(&constraint.properties),
        owned.map_or(Value::Null, |i| text(&i.name)),
        constraint.property_type().map_or(Value::Null, |t| text(&t)),
        options,
        text(&create_constraint_statement(constraint)),
    ]
}

/// A name back-quoted (a back quote doubled).
fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `FOR (n:`L`)` or `FOR ()-[r:`T`]-()`, with the variable's name.
fn target(entity: Entity, labels: &[String]) -> (String, &'static str) {
    let labels = labels.iter().map(|l| quoted(l)).collect::<Vec<_>>().join("|");
    match entity {
        Entity::Node => (format!("(n:{labels})"), "n"),
        Entity::Relationship => (format!("()-[r:{labels}]-()"), "r"),
    }
}

fn properties(var: &str, properties: &[String]) -> String {
    properties.iter().map(|p| format!("{var}.{}", quoted(p))).collect::<Vec<_>>().join(", ")
}

/// The statement that makes this index again.
pub fn create_index_statement(index: &IndexDef) -> String {
    let (pattern, var) = target(index.entity, &index.labels);
    let props = properties(var, &index.properties);
    let on = match index.index_type {
        super::definition::IndexType::Fulltext => format!("EACH [{props}]"),
        _ => format!("({props})"),
    };
    let mut statement =
        format!("CREATE {} INDEX {} FOR {pattern} ON {on}", index.index_type.name(), quoted(&index.name));
    if !index.options.is_empty() {
        let options = Value::Map(index.options.iter().cloned().collect());
        statement.push_str(" OPTIONS ");
        statement.push_str(&crate::render::text::literal(&options, &crate::result::Entities::default()));
    }
    statement
}

/// The statement that makes this constraint (and its index) again.
pub fn create_constraint_statement(constraint: &ConstraintDef) -> String {
    let (pattern, var) = target(constraint.entity, std::slice::from_ref(&constraint.label));
    let rule = match (&constraint.kind, constraint.entity) {
        (ConstraintKind::Unique, _) => "IS UNIQUE".to_string(),
        (ConstraintKind::Key, Entity::Node) => "IS NODE KEY".to_string(),
        (ConstraintKind::Key, Entity::Relationship) => "IS RELATIONSHIP KEY".to_string(),
        (ConstraintKind::NotNull, _) => "IS NOT NULL".to_string(),
        (ConstraintKind::PropertyType(types), _) => format!("IS :: {}", types.join(" | ")),
    };
    format!(
        "CREATE CONSTRAINT {} FOR {pattern} REQUIRE ({}) {rule}",
        quoted(&constraint.name),
        properties(var, &constraint.properties)
    )
}

/// Every definition as a statement, indexes first (constraints make
/// their own), so a dump remakes the schema.
pub fn create_statements(defs: &SchemaDefs) -> Vec<String> {
    let indexes = defs.indexes.iter().filter(|i| i.owning_constraint.is_none()).map(create_index_statement);
    indexes.chain(defs.constraints.iter().map(create_constraint_statement)).collect()
}
