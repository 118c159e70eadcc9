//! A snapshot's node and relationship records in serde form. What is
//! written borrows the graph's values and what is read borrows the bytes
//! being decoded, so a string costs no allocation on the way out and one
//! (its `Arc<str>`) on the way in. Values have the wire format of
//! [`Stored`](crate::store::stored::Stored), variant for variant.

use std::sync::Arc;

use serde::ser::{SerializeSeq, SerializeTupleVariant};
use serde::{Deserialize, Serialize, Serializer};

use crate::store::{NodeRecord, RelRecord, Symbol};
use crate::temporal::Temporal;
use crate::value::{Date, NodeId, RelId, Value};

#[derive(Serialize)]
pub struct NodeOut<'a> {
    pub id: NodeId,
    pub labels: &'a [Symbol],
    #[serde(serialize_with = "props_out")]
    pub properties: &'a [(Symbol, Value)],
}

#[derive(Serialize)]
pub struct RelOut<'a> {
    pub id: RelId,
    pub start: NodeId,
    pub end: NodeId,
    pub rel_type: Symbol,
    #[serde(serialize_with = "props_out")]
    pub properties: &'a [(Symbol, Value)],
}

#[derive(Deserialize)]
pub struct NodeIn {
    id: NodeId,
    labels: Vec<Symbol>,
    #[serde(deserialize_with = "props_in")]
    properties: Vec<(Symbol, Value)>,
}

#[derive(Deserialize)]
pub struct RelIn {
    id: RelId,
    start: NodeId,
    end: NodeId,
    rel_type: Symbol,
    #[serde(deserialize_with = "props_in")]
    properties: Vec<(Symbol, Value)>,
}

impl From<NodeIn> for NodeRecord {
    fn from(n: NodeIn) -> NodeRecord {
        NodeRecord { id: n.id, labels: n.labels, properties: n.properties }
    }
}

impl RelIn {
    /// The relationship's start, end and record.
    pub fn into_parts(self) -> (NodeId, NodeId, RelRecord) {
        (self.start, self.end, RelRecord { id: self.id, rel_type: self.rel_type, properties: self.properties })
    }
}

fn props_out<S: Serializer>(props: &&[(Symbol, Value)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(props.iter().map(|(k, v)| (k, ValueOut(v))))
}

/// Converts element by element: snapshots hold millions of these, and an
/// intermediate vector each would double the allocations of a load.
fn props_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(Symbol, Value)>, D::Error> {
    struct Props;
    impl<'de> serde::de::Visitor<'de> for Props {
        type Value = Vec<(Symbol, Value)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of properties")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            // A damaged length must not reserve without bound.
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some((k, v)) = seq.next_element::<(Symbol, ValueIn<'de>)>()? {
                out.push((k, Value::from(v)));
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Props)
}

/// A value written as `Stored` would write it, without building one.
pub struct ValueOut<'a>(pub &'a Value);

impl Serialize for ValueOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const NAME: &str = "Stored";
        match self.0 {
            Value::Bool(b) => s.serialize_newtype_variant(NAME, 1, "Bool", b),
            Value::Int(i) => s.serialize_newtype_variant(NAME, 2, "Int", i),
            Value::Float(f) => s.serialize_newtype_variant(NAME, 3, "Float", f),
            Value::String(text) => s.serialize_newtype_variant(NAME, 4, "String", &**text),
            Value::List(items) => s.serialize_newtype_variant(NAME, 5, "List", &Items(items)),
            Value::Date(d) => {
                let mut t = s.serialize_tuple_variant(NAME, 6, "Date", 3)?;
                t.serialize_field(&d.year)?;
                t.serialize_field(&d.month)?;
                t.serialize_field(&d.day)?;
                t.end()
            }
            Value::Map(m) => s.serialize_newtype_variant(NAME, 7, "Map", &Entries(m)),
            Value::Temporal(t) => {
                let (kind, parts) = t.to_parts();
                let mut t = s.serialize_tuple_variant(NAME, 8, "Temporal", 2)?;
                t.serialize_field(&kind)?;
                t.serialize_field(&parts)?;
                t.end()
            }
            // Graph entities are never property values (as in `Stored`).
            Value::Null | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => {
                s.serialize_unit_variant(NAME, 0, "Null")
            }
        }
    }
}

struct Items<'a>(&'a [Value]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&ValueOut(v))?;
        }
        seq.end()
    }
}

struct Entries<'a>(&'a crate::value::Map);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(k, v)| (&**k, ValueOut(v))))
    }
}

/// `Stored` with its strings borrowed from the bytes being decoded.
#[derive(Deserialize)]
#[serde(rename = "Stored")]
enum ValueIn<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(&'a str),
    List(#[serde(borrow)] Vec<ValueIn<'a>>),
    Date(i32, u8, u8),
    Map(#[serde(borrow)] Vec<(&'a str, ValueIn<'a>)>),
    Temporal(u8, [i64; 4]),
}

impl From<ValueIn<'_>> for Value {
    fn from(v: ValueIn<'_>) -> Value {
        match v {
            ValueIn::Null => Value::Null,
            ValueIn::Bool(b) => Value::Bool(b),
            ValueIn::Int(i) => Value::Int(i),
            ValueIn::Float(f) => Value::Float(f),
            ValueIn::String(s) => Value::String(Arc::from(s)),
            ValueIn::List(items) => Value::List(items.into_iter().map(Value::from).collect()),
            ValueIn::Date(year, month, day) => Value::Date(Date { year, month, day }),
            ValueIn::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (Arc::from(k), Value::from(v))).collect()),
            // The checksum guards the parts; parts no value has read as null.
            ValueIn::Temporal(kind, parts) => Temporal::from_parts(kind, parts).map_or(Value::Null, Value::temporal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::stored::Stored;

    fn samples() -> Vec<Value> {
        let mut map = crate::value::Map::new();
        map.insert(Arc::from("k"), Value::List(vec![Value::Int(-3), Value::Null]));
        let time = Temporal::parse("datetime", "2024-09-26T10:00:00+02:00").unwrap();
        vec![
            Value::Null,
            Value::Bool(true),
            Value::Int(i64::MIN),
            Value::Float(-0.5),
            Value::string("Kim Jong Un, 김정은"),
            Value::List(vec![Value::string("a"), Value::Date(Date { year: 1964, month: 7, day: 17 })]),
            Value::Map(map),
            Value::temporal(time),
            Value::Node(4),
        ]
    }

    #[test]
    fn values_are_written_as_stored_writes_them() {
        for v in samples() {
            let ours = postcard::to_allocvec(&ValueOut(&v)).unwrap();
            assert_eq!(ours, postcard::to_allocvec(&Stored::from(&v)).unwrap(), "{v:?}");
        }
    }

    #[test]
    fn values_read_back_as_stored_reads_them() {
        for v in samples() {
            let bytes = postcard::to_allocvec(&Stored::from(&v)).unwrap();
            let back = Value::from(postcard::from_bytes::<ValueIn>(&bytes).unwrap());
            let expected = Value::from(postcard::from_bytes::<Stored>(&bytes).unwrap());
            assert_eq!(format!("{back:?}"), format!("{expected:?}"));
        }
    }
}
