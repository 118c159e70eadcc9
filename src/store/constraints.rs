//! Constraint checking at commit: every node and relationship a statement
//! touched (all of them, when the statement changed the schema) must meet
//! every constraint on its labels or type. Uniqueness is read from the
//! constraint's own index.

use std::collections::BTreeSet;

use super::indexes::{Element, Seek};
use super::undo::Change;
use super::{Graph, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::definition::{ConstraintDef, ConstraintKind, Entity};
use crate::schema::property_type::{has_type, type_of};
use crate::value::Value;

impl Graph {
    /// `ConstraintViolation` naming the first constraint the uncommitted
    /// changes break.
    pub fn check_constraints(&self) -> Result<()> {
        let constraints = &self.schema().constraints;
        if constraints.is_empty() {
            return Ok(());
        }
        let mut nodes = BTreeSet::new();
        let mut rels = BTreeSet::new();
        let mut created = Vec::new();
        for change in &self.changes {
            match change {
                Change::CreateNode(id) | Change::NodeProperty(id, ..) | Change::AddLabel(id, _) => {
                    nodes.insert(*id);
                }
                Change::CreateRel(id) | Change::RelProperty(id, ..) => {
                    rels.insert(*id);
                }
                Change::Schema(old) => {
                    created.extend(constraints.iter().filter(|c| old.constraint(&c.name).is_none()).cloned());
                }
                _ => {}
            }
        }
        // A new constraint must hold for what is already there.
        for constraint in &created {
            self.check_everything(constraint).map_err(|e| {
                Error::new(ErrorKind::ConstraintViolation, format!("Unable to create the constraint: {}", e.message))
            })?;
        }
        let elements = nodes.into_iter().map(Element::Node).chain(rels.into_iter().map(Element::Rel));
        for element in elements {
            for constraint in constraints {
                self.check(constraint, element)?;
            }
        }
        Ok(())
    }

    /// Every element against every constraint: for bulk imports, which
    /// keep no log of what they touched.
    pub fn check_all_constraints(&self) -> Result<()> {
        self.schema().constraints.iter().try_for_each(|c| self.check_everything(c))
    }

    fn check_everything(&self, constraint: &ConstraintDef) -> Result<()> {
        let elements: Vec<Element> = match constraint.entity {
            Entity::Node => self.node_ids().map(Element::Node).collect(),
            Entity::Relationship => self.rel_ids().map(Element::Rel).collect(),
        };
        elements.into_iter().try_for_each(|element| self.check(constraint, element))
    }

    fn check(&self, constraint: &ConstraintDef, element: Element) -> Result<()> {
        let (entity, props, what) = match element {
            Element::Node(id) => {
                let Some(node) = self.node_record(id) else { return Ok(()) };
                let carries = self.labels.get(&constraint.label).is_some_and(|l| node.labels.contains(&l));
                if !carries || constraint.entity != Entity::Node {
                    return Ok(());
                }
                (id, node.properties, format!("Node({id}) with label `{}`", constraint.label))
            }
            Element::Rel(id) => {
                let Some(rel) = self.rel_record(id) else { return Ok(()) };
                let carries = self.types.get(&constraint.label) == Some(rel.rel_type);
                if !carries || constraint.entity != Entity::Relationship {
                    return Ok(());
                }
                (id, rel.properties, format!("Relationship({id}) with type `{}`", constraint.label))
            }
        };
        let values: Vec<Option<&Value>> = constraint.properties.iter().map(|p| self.value_of(&props, p)).collect();
        let violation = |message: String| {
            Error::new(ErrorKind::ConstraintViolation, format!("{message} (constraint `{}`)", constraint.name))
        };
        let keys = constraint.properties.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
        match &constraint.kind {
            ConstraintKind::NotNull | ConstraintKind::Key if values.iter().any(Option::is_none) => {
                let noun = if values.len() > 1 { "properties" } else { "property" };
                return Err(violation(format!("{what} must have the {noun} {keys}")));
            }
            ConstraintKind::PropertyType(types) => {
                if let Some(Some(value)) = values.first()
                    && !has_type(value, types)
                {
                    let found = type_of(value).unwrap_or_else(|| value.type_name().to_ascii_uppercase());
                    return Err(violation(format!(
                        "{what} required the property {keys} to be of type `{}`, but was of type `{found}`",
                        types.join(" | ")
                    )));
                }
            }
            _ => {}
        }
        if constraint.needs_index() && values.iter().all(Option::is_some) {
            let key: Vec<Value> = values.iter().flatten().map(|v| (*v).clone()).collect();
            let holders = self
                .schema()
                .owned_index(&constraint.name)
                .and_then(|index| self.index_seek(&index.name, &Seek::Exact(key.clone())).filter(|ids| ids.len() > 1));
            if let Some(other) = holders.and_then(|ids| ids.into_iter().find(|other| *other != entity)) {
                let shown = match key.as_slice() {
                    [one] => literal(one),
                    many => literal(&Value::List(many.to_vec())),
                };
                let noun = if key.len() > 1 { "properties" } else { "property" };
                let (kind, label_word) = match element {
                    Element::Node(_) => ("Node", "label"),
                    Element::Rel(_) => ("Relationship", "type"),
                };
                return Err(violation(format!(
                    "{kind}({other}) already exists with {label_word} `{}` and {noun} {keys} = {shown}",
                    constraint.label
                )));
            }
        }
        Ok(())
    }

    fn value_of<'a>(&self, props: &'a [(Symbol, Value)], key: &str) -> Option<&'a Value> {
        let symbol = self.keys.get(key)?;
        props.iter().find(|(k, _)| *k == symbol).map(|(_, v)| v)
    }
}

fn literal(value: &Value) -> String {
    crate::render::text::literal(value, &crate::result::Entities::default())
}
