//! Index and constraint definitions, as Neo4j 5 names them, and the rules
//! for adding and dropping them: names are unique across indexes and
//! constraints, an equivalent definition is refused (or, with `IF [NOT]
//! EXISTS`, quietly skipped), and a uniqueness or key constraint owns a
//! range index of its own name.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::stored::named_props;
use crate::value::Value;

/// What a schema rule is about: nodes by label or relationships by type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entity {
    Node,
    Relationship,
}

impl Entity {
    pub fn name(self) -> &'static str {
        match self {
            Entity::Node => "NODE",
            Entity::Relationship => "RELATIONSHIP",
        }
    }
}

/// The index types of Neo4j 5 that embargo keeps. Range and text indexes
/// are kept up to date and used by the planner; point and fulltext indexes
/// are definitions that other features read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexType {
    Range,
    Text,
    Point,
    Fulltext,
}

impl IndexType {
    pub fn name(self) -> &'static str {
        match self {
            IndexType::Range => "RANGE",
            IndexType::Text => "TEXT",
            IndexType::Point => "POINT",
            IndexType::Fulltext => "FULLTEXT",
        }
    }

    pub fn provider(self) -> &'static str {
        match self {
            IndexType::Range => "range-1.0",
            IndexType::Text => "text-2.0",
            IndexType::Point => "point-1.0",
            IndexType::Fulltext => "fulltext-1.0",
        }
    }

    /// Whether the store keeps entries for it (and the planner can seek).
    pub fn has_entries(self) -> bool {
        matches!(self, IndexType::Range | IndexType::Text)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexDef {
    pub id: u64,
    pub name: String,
    pub index_type: IndexType,
    pub entity: Entity,
    /// Labels (or relationship types); more than one only for fulltext.
    pub labels: Vec<String>,
    pub properties: Vec<String>,
    #[serde(with = "named_props")]
    pub options: Vec<(Arc<str>, Value)>,
    /// The uniqueness or key constraint this index backs.
    pub owning_constraint: Option<String>,
}

/// What a constraint requires of the property values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConstraintKind {
    Unique,
    /// Unique, and every property present (`IS NODE KEY`, `IS RELATIONSHIP KEY`).
    Key,
    NotNull,
    /// `IS :: TYPE`: the value, when present, has one of these types
    /// (canonical names such as `INTEGER` or `LIST<STRING NOT NULL>`).
    PropertyType(Vec<String>),
}

impl IndexDef {
    /// `(:Person {name, age})`: what is indexed.
    pub fn pattern(&self) -> String {
        pattern(self.entity, &self.labels, &self.properties)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConstraintDef {
    pub id: u64,
    pub name: String,
    pub kind: ConstraintKind,
    pub entity: Entity,
    pub label: String,
    pub properties: Vec<String>,
}

impl ConstraintDef {
    /// Neo4j's name for the constraint's type (`SHOW CONSTRAINTS`).
    pub fn type_name(&self) -> String {
        let entity = self.entity.name();
        match (&self.kind, self.entity) {
            (ConstraintKind::Unique, Entity::Node) => "UNIQUENESS".into(),
            (ConstraintKind::Unique, Entity::Relationship) => "RELATIONSHIP_UNIQUENESS".into(),
            (ConstraintKind::Key, _) => format!("{entity}_KEY"),
            (ConstraintKind::NotNull, _) => format!("{entity}_PROPERTY_EXISTENCE"),
            (ConstraintKind::PropertyType(_), _) => format!("{entity}_PROPERTY_TYPE"),
        }
    }

    /// `()-[:OWNS {share}]-()`: what is constrained.
    pub fn pattern(&self) -> String {
        pattern(self.entity, std::slice::from_ref(&self.label), &self.properties)
    }

    pub fn needs_index(&self) -> bool {
        matches!(self.kind, ConstraintKind::Unique | ConstraintKind::Key)
    }

    pub fn property_type(&self) -> Option<String> {
        match &self.kind {
            ConstraintKind::PropertyType(types) => Some(types.join(" | ")),
            _ => None,
        }
    }
}

/// Every index and constraint of a graph, in creation order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchemaDefs {
    pub indexes: Vec<IndexDef>,
    pub constraints: Vec<ConstraintDef>,
}

/// `CREATE … INDEX` as written, before it is checked against the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct NewIndex {
    pub name: Option<String>,
    pub index_type: IndexType,
    pub entity: Entity,
    pub labels: Vec<String>,
    pub properties: Vec<String>,
    pub options: Vec<(Arc<str>, Value)>,
}

/// `CREATE CONSTRAINT` as written.
#[derive(Clone, Debug, PartialEq)]
pub struct NewConstraint {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub entity: Entity,
    pub label: String,
    pub properties: Vec<String>,
}

impl SchemaDefs {
    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty() && self.constraints.is_empty()
    }

    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.name == name)
    }

    pub fn constraint(&self, name: &str) -> Option<&ConstraintDef> {
        self.constraints.iter().find(|c| c.name == name)
    }

    /// The fulltext index `name`: its labels (or types) and properties,
    /// for full-text search over it.
    pub fn fulltext_index(&self, name: &str) -> Option<&IndexDef> {
        self.index(name).filter(|i| i.index_type == IndexType::Fulltext)
    }

    fn next_id(&self) -> u64 {
        let ids = self.indexes.iter().map(|i| i.id).chain(self.constraints.iter().map(|c| c.id));
        ids.max().map_or(1, |m| m + 1)
    }

    /// Adds an index. `Ok(false)`: an equivalent one exists and
    /// `if_not_exists` was given, so nothing changed.
    pub fn create_index(&mut self, new: NewIndex, if_not_exists: bool) -> Result<bool> {
        let same_schema = |i: &IndexDef| {
            i.index_type == new.index_type
                && i.entity == new.entity
                && i.labels == new.labels
                && i.properties == new.properties
        };
        let schema = format!("{} {}", new.index_type.name(), describe_index(&new));
        let name = new.name.clone().unwrap_or_else(|| generated_name("index", &schema));
        let clash = self.indexes.iter().find(|i| i.name == name || same_schema(i));
        if let Some(existing) = clash {
            if if_not_exists {
                return Ok(false);
            }
            return Err(match existing.owning_constraint.as_deref() {
                Some(c) if same_schema(existing) => Error::semantic(format!(
                    "There is a uniqueness constraint `{c}` on {}, so an index is already created that matches this",
                    describe_index(&new)
                )),
                _ if existing.name == name => Error::semantic(format!("There already exists an index called '{name}'")),
                _ => Error::semantic(format!(
                    "An equivalent index already exists, '{}' on {}",
                    existing.name,
                    describe_index(&new)
                )),
            });
        }
        if self.constraint(&name).is_some() {
            if if_not_exists {
                return Ok(false);
            }
            return Err(Error::semantic(format!("There already exists a constraint called '{name}'")));
        }
        let id = self.next_id();
        self.indexes.push(IndexDef {
            id,
            name,
            index_type: new.index_type,
            entity: new.entity,
            labels: new.labels,
            properties: new.properties,
            options: new.options,
            owning_constraint: None,
        });
        Ok(true)
    }

    /// Drops an index. `Ok(false)`: none of that name and `if_exists`.
    pub fn drop_index(&mut self, name: &str, if_exists: bool) -> Result<bool> {
        let Some(pos) = self.indexes.iter().position(|i| i.name == name) else {
            if if_exists {
                return Ok(false);
            }
            return Err(Error::semantic(format!("Unable to drop index: Index does not exist: {name}")));
        };
        if let Some(owner) = &self.indexes[pos].owning_constraint {
            return Err(Error::semantic(format!(
                "Unable to drop index: Index belongs to constraint: `{owner}`; drop the constraint instead"
            )));
        }
        self.indexes.remove(pos);
        Ok(true)
    }

    /// Adds a constraint and, for uniqueness and keys, its index.
    /// `Ok(false)`: an equivalent one exists and `if_not_exists`.
    pub fn create_constraint(&mut self, new: NewConstraint, if_not_exists: bool) -> Result<bool> {
        let description = describe_constraint(&new);
        let name = new.name.clone().unwrap_or_else(|| generated_name("constraint", &description));
        let equivalent = |c: &ConstraintDef| {
            c.kind == new.kind && c.entity == new.entity && c.label == new.label && c.properties == new.properties
        };
        if let Some(existing) = self.constraints.iter().find(|c| c.name == name || equivalent(c)) {
            if if_not_exists {
                return Ok(false);
            }
            return Err(if existing.name == name {
                Error::semantic(format!("There already exists a constraint called '{name}'"))
            } else {
                Error::semantic(format!(
                    "An equivalent constraint already exists, '{}' on {description}",
                    existing.name
                ))
            });
        }
        if self.index(&name).is_some() {
            if if_not_exists {
                return Ok(false);
            }
            return Err(Error::semantic(format!("There already exists an index called '{name}'")));
        }
        let needs_index = matches!(new.kind, ConstraintKind::Unique | ConstraintKind::Key);
        if needs_index {
            let backs_other = |c: &ConstraintDef| {
                c.needs_index() && c.entity == new.entity && c.label == new.label && c.properties == new.properties
            };
            if let Some(other) = self.constraints.iter().find(|c| backs_other(c)) {
                return Err(Error::semantic(format!(
                    "Constraint `{}` already has an index on {description}; drop it before creating '{name}'",
                    other.name
                )));
            }
            let indexed = self.indexes.iter().find(|i| {
                i.index_type == IndexType::Range
                    && i.entity == new.entity
                    && i.labels == [new.label.clone()]
                    && i.properties == new.properties
            });
            if let Some(index) = indexed {
                return Err(Error::semantic(format!(
                    "There already exists an index '{}' on {description}. A constraint cannot be created until the index has been dropped",
                    index.name
                )));
            }
        }
        let id = self.next_id();
        if needs_index {
            self.indexes.push(IndexDef {
                id,
                name: name.clone(),
                index_type: IndexType::Range,
                entity: new.entity,
                labels: vec![new.label.clone()],
                properties: new.properties.clone(),
                options: Vec::new(),
                owning_constraint: Some(name.clone()),
            });
        }
        let id = if needs_index { id + 1 } else { id };
        self.constraints.push(ConstraintDef {
            id,
            name,
            kind: new.kind,
            entity: new.entity,
            label: new.label,
            properties: new.properties,
        });
        Ok(true)
    }

    /// Drops a constraint and the index it owns.
    pub fn drop_constraint(&mut self, name: &str, if_exists: bool) -> Result<bool> {
        let Some(pos) = self.constraints.iter().position(|c| c.name == name) else {
            if if_exists {
                return Ok(false);
            }
            return Err(Error::semantic(format!("Unable to drop constraint `{name}`: No such constraint {name}")));
        };
        self.constraints.remove(pos);
        self.indexes.retain(|i| i.owning_constraint.as_deref() != Some(name));
        Ok(true)
    }

    /// The index owned by constraint `name`.
    pub fn owned_index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.owning_constraint.as_deref() == Some(name))
    }
}

/// `(:Person {name, age})` or `()-[:OWNS {share}]-()`.
fn pattern(entity: Entity, labels: &[String], properties: &[String]) -> String {
    let props = properties.join(", ");
    let labels = labels.join("|");
    match entity {
        Entity::Node => format!("(:{labels} {{{props}}})"),
        Entity::Relationship => format!("()-[:{labels} {{{props}}}]-()"),
    }
}

fn describe_index(new: &NewIndex) -> String {
    pattern(new.entity, &new.labels, &new.properties)
}

fn describe_constraint(new: &NewConstraint) -> String {
    pattern(new.entity, std::slice::from_ref(&new.label), &new.properties)
}

/// `index_1a2b3c4d`: Neo4j's form of a name derived from what is indexed,
/// so the same definition gets the same name in every store.
fn generated_name(prefix: &str, description: &str) -> String {
    format!("{prefix}_{:08x}", crc32fast::hash(description.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(name: Option<&str>, label: &str, key: &str) -> NewIndex {
        NewIndex {
            name: name.map(str::to_string),
            index_type: IndexType::Range,
            entity: Entity::Node,
            labels: vec![label.into()],
            properties: vec![key.into()],
            options: Vec::new(),
        }
    }

    fn unique(name: Option<&str>, label: &str, key: &str) -> NewConstraint {
        NewConstraint {
            name: name.map(str::to_string),
            kind: ConstraintKind::Unique,
            entity: Entity::Node,
            label: label.into(),
            properties: vec![key.into()],
        }
    }

    #[test]
    fn names_are_generated_stably_and_clash_as_neo4j_says() {
        let mut defs = SchemaDefs::default();
        assert_eq!(defs.create_index(range(None, "Person", "id"), false), Ok(true));
        let generated = defs.indexes[0].name.clone();
        assert!(generated.starts_with("index_") && generated.len() == 14);
        let again = defs.create_index(range(Some("other"), "Person", "id"), false);
        assert!(again.is_err_and(|e| e.message.contains("equivalent index")));
        assert_eq!(defs.create_index(range(Some("other"), "Person", "id"), true), Ok(false));
        let named = defs.create_index(range(Some(&generated), "Vessel", "imo"), false);
        assert!(named.is_err_and(|e| e.message.contains("already exists an index called")));
        assert!(defs.drop_index("nope", false).is_err());
        assert_eq!(defs.drop_index("nope", true), Ok(false));
        assert_eq!(defs.drop_index(&generated, false), Ok(true));
        assert!(defs.is_empty());
    }

    #[test]
    fn a_unique_constraint_owns_its_index() {
        let mut defs = SchemaDefs::default();
        assert_eq!(defs.create_constraint(unique(Some("pid"), "Person", "id"), false), Ok(true));
        assert_eq!(defs.owned_index("pid").map(|i| i.name.as_str()), Some("pid"));
        assert!(defs.drop_index("pid", false).is_err_and(|e| e.message.contains("belongs to constraint")));
        assert!(defs.create_index(range(None, "Person", "id"), false).is_err());
        assert_eq!(defs.create_constraint(unique(Some("pid2"), "Person", "id"), true), Ok(false));
        assert_eq!(defs.drop_constraint("pid", false), Ok(true));
        assert!(defs.is_empty());
        defs.create_index(range(Some("r"), "Person", "id"), false).unwrap();
        assert!(defs.create_constraint(unique(None, "Person", "id"), false).is_err());
    }
}
