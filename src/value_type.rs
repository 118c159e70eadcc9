//! Cypher's value types as the language names them: what `x IS :: T`
//! tests, what `valueType(x)` returns, and (for property type
//! constraints) what a property may hold. Every type but `NOTHING` and a
//! `NOT NULL` one contains null.

use std::fmt;

use crate::temporal::Temporal;
use crate::value::Value;

/// A type with its nullability: `INTEGER` (holds null) or `INTEGER NOT NULL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueType {
    pub kind: Kind,
    pub nullable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Every value.
    Any,
    /// No value, not even null.
    Nothing,
    /// Only null.
    Null,
    Boolean,
    String,
    Integer,
    Float,
    Date,
    LocalTime,
    ZonedTime,
    LocalDateTime,
    ZonedDateTime,
    Duration,
    Node,
    Relationship,
    Path,
    Map,
    List(Box<ValueType>),
    /// What a property can hold: a scalar, or a list of one scalar type.
    PropertyValue,
    /// `A | B`: a value of any of the alternatives.
    Union(Vec<ValueType>),
}

/// The place of each kind in Neo4j's canonical order of union members.
fn rank(kind: &Kind) -> u8 {
    match kind {
        Kind::Nothing => 0,
        Kind::Null => 1,
        Kind::Boolean => 2,
        Kind::String => 3,
        Kind::Integer => 4,
        Kind::Float => 5,
        Kind::Date => 6,
        Kind::LocalTime => 7,
        Kind::ZonedTime => 8,
        Kind::LocalDateTime => 9,
        Kind::ZonedDateTime => 10,
        Kind::Duration => 11,
        Kind::Node => 12,
        Kind::Relationship => 13,
        Kind::Map => 14,
        Kind::List(_) => 15,
        Kind::Path => 16,
        Kind::PropertyValue => 17,
        Kind::Any | Kind::Union(_) => 18,
    }
}

impl ValueType {
    pub fn new(kind: Kind, nullable: bool) -> ValueType {
        // NULL and NOTHING carry their nullability in their name.
        let nullable = match kind {
            Kind::Null => true,
            Kind::Nothing => false,
            _ => nullable,
        };
        ValueType { kind, nullable }
    }

    /// The simple type a (possibly multi-word, any-case) name stands for,
    /// with the synonyms Neo4j accepts; lists and unions are not names.
    pub fn named(name: &str) -> Option<Kind> {
        let words: Vec<String> = name.split_whitespace().map(str::to_ascii_uppercase).collect();
        Some(match words.join(" ").as_str() {
            "ANY" | "ANY VALUE" => Kind::Any,
            "NOTHING" => Kind::Nothing,
            "NULL" => Kind::Null,
            "BOOLEAN" | "BOOL" => Kind::Boolean,
            "STRING" | "VARCHAR" => Kind::String,
            "INTEGER" | "INT" | "SIGNED INTEGER" | "INTEGER64" | "INT64" => Kind::Integer,
            "FLOAT" | "FLOAT64" => Kind::Float,
            "DATE" => Kind::Date,
            "LOCAL TIME" | "TIME WITHOUT TIME ZONE" => Kind::LocalTime,
            "ZONED TIME" | "TIME WITH TIME ZONE" => Kind::ZonedTime,
            "LOCAL DATETIME" | "TIMESTAMP WITHOUT TIME ZONE" => Kind::LocalDateTime,
            "ZONED DATETIME" | "TIMESTAMP WITH TIME ZONE" => Kind::ZonedDateTime,
            "DURATION" => Kind::Duration,
            "NODE" | "ANY NODE" | "VERTEX" | "ANY VERTEX" => Kind::Node,
            "RELATIONSHIP" | "ANY RELATIONSHIP" | "EDGE" | "ANY EDGE" => Kind::Relationship,
            "PATH" | "PATHS" => Kind::Path,
            "MAP" | "ANY MAP" => Kind::Map,
            "PROPERTY VALUE" | "ANY PROPERTY VALUE" => Kind::PropertyValue,
            _ => return None,
        })
    }

    /// A union of `members`, or the one member; `None` (with the reason)
    /// when some members are nullable and others not, which Neo4j refuses.
    pub fn union(mut members: Vec<ValueType>) -> Result<ValueType, &'static str> {
        if members.len() == 1 {
            return Ok(members.remove(0));
        }
        let nullable = members.iter().filter(|m| !matches!(m.kind, Kind::Null | Kind::Nothing)).all(|m| m.nullable);
        let not_null = members.iter().filter(|m| !matches!(m.kind, Kind::Null | Kind::Nothing)).all(|m| !m.nullable);
        if !nullable && !not_null {
            return Err("All types in a union must be nullable, or all be NOT NULL");
        }
        let nullable = members.iter().any(|m| m.nullable);
        Ok(ValueType { kind: Kind::Union(members), nullable })
    }

    /// Whether `value` is of this type.
    pub fn contains(&self, value: &Value) -> bool {
        if value.is_null() {
            return self.nullable;
        }
        match &self.kind {
            Kind::Any => true,
            Kind::Nothing | Kind::Null => false,
            Kind::Boolean => matches!(value, Value::Bool(_)),
            Kind::String => matches!(value, Value::String(_)),
            Kind::Integer => matches!(value, Value::Int(_)),
            Kind::Float => matches!(value, Value::Float(_)),
            Kind::Date => matches!(value, Value::Date(_)),
            Kind::LocalTime => matches!(value, Value::Temporal(t) if matches!(**t, Temporal::LocalTime(_))),
            Kind::ZonedTime => matches!(value, Value::Temporal(t) if matches!(**t, Temporal::Time(_))),
            Kind::LocalDateTime => matches!(value, Value::Temporal(t) if matches!(**t, Temporal::LocalDateTime(_))),
            Kind::ZonedDateTime => matches!(value, Value::Temporal(t) if matches!(**t, Temporal::DateTime(_))),
            Kind::Duration => matches!(value, Value::Temporal(t) if matches!(**t, Temporal::Duration(_))),
            Kind::Node => matches!(value, Value::Node(_)),
            Kind::Relationship => matches!(value, Value::Relationship(_)),
            Kind::Path => matches!(value, Value::Path(_)),
            Kind::Map => matches!(value, Value::Map(_)),
            Kind::List(element) => match value {
                Value::List(items) => items.iter().all(|i| element.contains(i)),
                _ => false,
            },
            Kind::PropertyValue => match value {
                Value::List(items) => {
                    let first = items.first().map(|i| rank(&of(i).kind));
                    items.iter().all(|i| is_property_scalar(i) && Some(rank(&of(i).kind)) == first)
                }
                other => is_property_scalar(other),
            },
            Kind::Union(members) => members.iter().any(|m| m.contains(value)),
        }
    }
}

fn is_property_scalar(value: &Value) -> bool {
    matches!(value, Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Date(_))
        || matches!(value, Value::Temporal(_))
}

/// The most precise type of a value: what `valueType()` names.
pub fn of(value: &Value) -> ValueType {
    let kind = match value {
        Value::Null => return ValueType::new(Kind::Null, true),
        Value::Bool(_) => Kind::Boolean,
        Value::Int(_) => Kind::Integer,
        Value::Float(_) => Kind::Float,
        Value::String(_) => Kind::String,
        Value::Map(_) => Kind::Map,
        Value::Node(_) => Kind::Node,
        Value::Relationship(_) => Kind::Relationship,
        Value::Path(_) => Kind::Path,
        Value::Date(_) => Kind::Date,
        Value::Temporal(t) => match **t {
            Temporal::LocalTime(_) => Kind::LocalTime,
            Temporal::Time(_) => Kind::ZonedTime,
            Temporal::LocalDateTime(_) => Kind::LocalDateTime,
            Temporal::DateTime(_) => Kind::ZonedDateTime,
            Temporal::Duration(_) => Kind::Duration,
        },
        Value::List(items) => Kind::List(Box::new(element_type(items))),
    };
    ValueType::new(kind, false)
}

/// The union of the types of a list's elements; a null among them makes
/// every member nullable (`LIST<INTEGER>` for `[1, null]`).
fn element_type(items: &[Value]) -> ValueType {
    let has_null = items.iter().any(Value::is_null);
    let mut members: Vec<ValueType> = Vec::new();
    for item in items.iter().filter(|i| !i.is_null()) {
        let mut t = of(item);
        t.nullable = has_null;
        if !members.contains(&t) {
            members.push(t);
        }
    }
    members.sort_by_key(|m| rank(&m.kind));
    match members.len() {
        0 if has_null => ValueType::new(Kind::Null, true),
        0 => ValueType::new(Kind::Nothing, false),
        1 => members.remove(0),
        _ => ValueType { kind: Kind::Union(members), nullable: has_null },
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.kind {
            Kind::Any => "ANY",
            Kind::Nothing => return f.write_str("NOTHING"),
            Kind::Null => return f.write_str("NULL"),
            Kind::Boolean => "BOOLEAN",
            Kind::String => "STRING",
            Kind::Integer => "INTEGER",
            Kind::Float => "FLOAT",
            Kind::Date => "DATE",
            Kind::LocalTime => "LOCAL TIME",
            Kind::ZonedTime => "ZONED TIME",
            Kind::LocalDateTime => "LOCAL DATETIME",
            Kind::ZonedDateTime => "ZONED DATETIME",
            Kind::Duration => "DURATION",
            Kind::Node => "NODE",
            Kind::Relationship => "RELATIONSHIP",
            Kind::Path => "PATH",
            Kind::Map => "MAP",
            Kind::PropertyValue => "PROPERTY VALUE",
            Kind::List(element) => {
                write!(f, "LIST<{element}>")?;
                return if self.nullable { Ok(()) } else { f.write_str(" NOT NULL") };
            }
            // Members carry their own nullability.
            Kind::Union(members) => {
                let parts: Vec<String> = members.iter().map(ToString::to_string).collect();
                return f.write_str(&parts.join(" | "));
            }
        };
        f.write_str(name)?;
        if self.nullable { Ok(()) } else { f.write_str(" NOT NULL") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_types_print_as_neo4j_names_them() {
        let list = Value::List(vec![Value::Int(1), Value::string("a")]);
        assert_eq!(of(&list).to_string(), "LIST<STRING NOT NULL | INTEGER NOT NULL> NOT NULL");
        assert_eq!(of(&Value::List(vec![Value::Int(1), Value::Null])).to_string(), "LIST<INTEGER> NOT NULL");
        assert_eq!(of(&Value::List(Vec::new())).to_string(), "LIST<NOTHING> NOT NULL");
        assert_eq!(of(&Value::Null).to_string(), "NULL");
        assert_eq!(of(&Value::Float(1.5)).to_string(), "FLOAT NOT NULL");
    }

    #[test]
    fn null_belongs_to_nullable_types_only() {
        let int = ValueType::new(Kind::Integer, true);
        assert!(int.contains(&Value::Null) && int.contains(&Value::Int(3)) && !int.contains(&Value::Float(3.0)));
        assert!(!ValueType::new(Kind::Integer, false).contains(&Value::Null));
        assert!(!ValueType::new(Kind::Nothing, true).contains(&Value::Null));
        let list = ValueType::new(Kind::List(Box::new(ValueType::new(Kind::Integer, false))), true);
        assert!(list.contains(&Value::List(vec![Value::Int(1)])));
        assert!(!list.contains(&Value::List(vec![Value::Int(1), Value::Null])));
    }

    #[test]
    fn unions_must_agree_on_null() {
        let a = ValueType::new(Kind::Integer, false);
        assert!(ValueType::union(vec![a.clone(), ValueType::new(Kind::Float, true)]).is_err());
        let u = ValueType::union(vec![a, ValueType::new(Kind::Float, false)]);
        assert!(u.is_ok_and(|u| u.contains(&Value::Float(1.0)) && !u.contains(&Value::Null)));
    }
}
