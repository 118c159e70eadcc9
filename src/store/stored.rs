//! The serde form of property values, shared by snapshots and the WAL.
//!
//! `Value` has its own JSON `Serialize` for the contract's output, so the
//! on-disk form is a separate enum. Strings stay `Arc<str>`, so converting
//! a stored value to a `Value` moves the string rather than copying it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::temporal::Temporal;
use crate::value::{Date, Value};

/// A property value as written to disk. Variant order is part of the
/// format (postcard writes the variant index): append, never reorder.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Stored {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    List(Vec<Stored>),
    Date(i32, u8, u8),
    Map(Vec<(Arc<str>, Stored)>),
    /// A time, date-time or duration: `Temporal::to_parts`.
    Temporal(u8, [i64; 4]),
}

impl From<&Value> for Stored {
    fn from(v: &Value) -> Stored {
        match v {
            Value::Bool(b) => Stored::Bool(*b),
            Value::Int(i) => Stored::Int(*i),
            Value::Float(f) => Stored::Float(*f),
            Value::String(s) => Stored::String(s.clone()),
            Value::List(items) => Stored::List(items.iter().map(Stored::from).collect()),
            Value::Date(d) => Stored::Date(d.year, d.month, d.day),
            Value::Map(m) => Stored::Map(m.iter().map(|(k, v)| (k.clone(), Stored::from(v))).collect()),
            Value::Temporal(t) => {
                let (kind, parts) = t.to_parts();
                Stored::Temporal(kind, parts)
            }
            // Graph entities are never property values (the executor
            // refuses them before they reach the store).
            Value::Null | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => Stored::Null,
        }
    }
}

impl From<Stored> for Value {
    fn from(s: Stored) -> Value {
        match s {
            Stored::Null => Value::Null,
            Stored::Bool(b) => Value::Bool(b),
            Stored::Int(i) => Value::Int(i),
            Stored::Float(f) => Value::Float(f),
            Stored::String(s) => Value::String(s),
            Stored::List(items) => Value::List(items.into_iter().map(Value::from).collect()),
            Stored::Date(year, month, day) => Value::Date(Date { year, month, day }),
            Stored::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, Value::from(v))).collect()),
            // The checksum guards the parts; parts no value has read as null.
            Stored::Temporal(kind, parts) => Temporal::from_parts(kind, parts).map_or(Value::Null, Value::temporal),
        }
    }
}

/// `#[serde(with = "value")]` for a `Value` field.
pub mod value {
    use super::*;

    pub fn serialize<S: serde::Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
        Stored::from(v).serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Stored::deserialize(d).map(Value::from)
    }
}

/// `#[serde(with = "named_props")]` for properties keyed by name.
pub mod named_props {
    use super::*;

    pub fn serialize<S: serde::Serializer>(props: &[(Arc<str>, Value)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(props.iter().map(|(k, v)| (k, Stored::from(v))))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(Arc<str>, Value)>, D::Error> {
        let stored = Vec::<(Arc<str>, Stored)>::deserialize(d)?;
        Ok(stored.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
    }
}
