//! An entity's properties as one compact byte record.
//!
//! A `Vec<(Symbol, Value)>` spent 40 bytes a property (a 32-byte value, a
//! key, padding) plus a heap string per string value. A record is
//! `key, tag, payload` after `key, tag, payload`: the key as a varint, a
//! one-byte tag, then nothing (booleans), a varint (integers, string ids
//! into [`Strings`]), 8 bytes (floats) or a date's 6. Lists and maps nest
//! the same encoding; temporal values store the parts snapshots store.
//! A person's six properties take about 30 bytes.
//!
//! A record holds string ids, so it is made, read and dropped with the
//! graph's [`Strings`]: [`Props::encode`] counts a use of each string,
//! [`Props::release`] gives them back.

use std::sync::Arc;

use super::Symbol;
use super::strings::Strings;
use crate::temporal::Temporal;
use crate::value::{Date, Map, Value};

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const STRING: u8 = 4;
const DATE: u8 = 5;
const LIST: u8 = 6;
const MAP: u8 = 7;
const TEMPORAL: u8 = 8;
/// A value that is never a property (null, a node): read back as null.
const NULL: u8 = 9;

#[derive(Clone, Debug, Default)]
pub struct Props(Box<[u8]>);

impl Props {
    /// The record of `props` (each key once, no nulls).
    pub fn encode(props: &[(Symbol, Value)], strings: &mut Strings) -> Props {
        let mut out = Vec::with_capacity(props.len() * 6);
        for (key, value) in props {
            put_varint(&mut out, u64::from(*key));
            put_value(&mut out, value, strings);
        }
        Props(out.into_boxed_slice())
    }

    /// Gives back the strings the record uses (when it is dropped or
    /// replaced).
    pub fn release(&self, strings: &mut Strings) {
        let mut r = Reader(&self.0);
        while r.varint().is_some() {
            if r.skip(Some(strings)).is_none() {
                break;
            }
        }
    }

    /// The value of `key`, if the record has it.
    pub fn get(&self, key: Symbol, strings: &Strings) -> Option<Value> {
        let mut r = Reader(&self.0);
        while let Some(k) = r.varint() {
            if k == u64::from(key) {
                return r.value(strings);
            }
            r.skip(None)?;
        }
        None
    }

    /// Every key, in the record's order.
    pub fn keys(&self) -> Vec<Symbol> {
        let mut keys = Vec::new();
        let mut r = Reader(&self.0);
        while let Some(k) = r.varint() {
            keys.push(k as Symbol);
            if r.skip(None).is_none() {
                break;
            }
        }
        keys
    }

    /// Every property, in the record's order.
    pub fn decode(&self, strings: &Strings) -> Vec<(Symbol, Value)> {
        let mut props = Vec::new();
        let mut r = Reader(&self.0);
        while let Some(k) = r.varint() {
            let Some(v) = r.value(strings) else { break };
            props.push((k as Symbol, v));
        }
        props
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn put_string(out: &mut Vec<u8>, s: &Arc<str>, strings: &mut Strings) {
    put_varint(out, u64::from(strings.acquire(s)));
}

fn put_value(out: &mut Vec<u8>, value: &Value, strings: &mut Strings) {
    match value {
        Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
        Value::Int(i) => {
            out.push(INT);
            put_varint(out, zigzag(*i));
        }
        Value::Float(f) => {
            out.push(FLOAT);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::String(s) => {
            out.push(STRING);
            put_string(out, s, strings);
        }
        Value::Date(d) => {
            out.push(DATE);
            out.extend_from_slice(&d.year.to_le_bytes());
            out.extend_from_slice(&[d.month, d.day]);
        }
        Value::List(items) => {
            out.push(LIST);
            put_varint(out, items.len() as u64);
            for item in items {
                put_value(out, item, strings);
            }
        }
        Value::Map(m) => {
            out.push(MAP);
            put_varint(out, m.len() as u64);
            for (k, v) in m {
                put_string(out, k, strings);
                put_value(out, v, strings);
            }
        }
        Value::Temporal(t) => {
            out.push(TEMPORAL);
            let (kind, parts) = t.to_parts();
            out.push(kind);
            for p in parts {
                put_varint(out, zigzag(p));
            }
        }
        // The executor refuses these before they reach the store.
        Value::Null | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => out.push(NULL),
    }
}

/// Reads a record front to back. Records are only ever made by
/// [`Props::encode`], so a short read (`None`) means a bug, never input.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn string(&mut self, strings: &Strings) -> Option<Arc<str>> {
        let id = u32::try_from(self.varint()?).ok()?;
        strings.get(id).cloned()
    }

    fn value(&mut self, strings: &Strings) -> Option<Value> {
        Some(match self.byte()? {
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => Value::Int(unzigzag(self.varint()?)),
            FLOAT => Value::Float(f64::from_bits(u64::from_le_bytes(self.bytes()?))),
            STRING => Value::String(self.string(strings)?),
            DATE => {
                let year = i32::from_le_bytes(self.bytes()?);
                let [month, day] = self.bytes()?;
                Value::Date(Date { year, month, day })
            }
            LIST => {
                let n = self.varint()?;
                let mut items = Vec::with_capacity(n.min(1024) as usize);
                for _ in 0..n {
                    items.push(self.value(strings)?);
                }
                Value::List(items)
            }
            MAP => {
                let n = self.varint()?;
                let mut m = Map::new();
                for _ in 0..n {
                    let k = self.string(strings)?;
                    m.insert(k, self.value(strings)?);
                }
                Value::Map(m)
            }
            TEMPORAL => {
                let kind = self.byte()?;
                let mut parts = [0i64; 4];
                for p in &mut parts {
                    *p = unzigzag(self.varint()?);
                }
                Temporal::from_parts(kind, parts).map_or(Value::Null, Value::temporal)
            }
            _ => Value::Null,
        })
    }

    /// Steps over one value, giving its strings back to `release` if given.
    fn skip(&mut self, mut release: Option<&mut Strings>) -> Option<()> {
        match self.byte()? {
            INT => {
                self.varint()?;
            }
            FLOAT => {
                self.bytes::<8>()?;
            }
            STRING => {
                let id = self.varint()? as u32;
                if let Some(strings) = release {
                    strings.release(id);
                }
            }
            DATE => {
                self.bytes::<6>()?;
            }
            LIST => {
                for _ in 0..self.varint()? {
                    self.skip(release.as_deref_mut())?;
                }
            }
            MAP => {
                for _ in 0..self.varint()? {
                    let id = self.varint()? as u32;
                    if let Some(strings) = release.as_deref_mut() {
                        strings.release(id);
                    }
                    self.skip(release.as_deref_mut())?;
                }
            }
            TEMPORAL => {
                self.byte()?;
                for _ in 0..4 {
                    self.varint()?;
                }
            }
            _ => {}
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::temporal::Temporal;

    #[test]
    fn every_kind_of_value_reads_back_as_written() {
        let mut strings = Strings::default();
        let mut m = Map::new();
        m.insert(Arc::from("k"), Value::List(vec![Value::Int(-3), Value::string("x")]));
        let props = vec![
            (0, Value::string("Iran")),
            (1, Value::Int(i64::MIN)),
            (2, Value::Float(-0.5)),
            (3, Value::Bool(true)),
            (300, Value::Date(Date { year: -44, month: 3, day: 15 })),
            (5, Value::List(vec![Value::string("a"), Value::Bool(false)])),
            (6, Value::Map(m)),
        ];
        let record = Props::encode(&props, &mut strings);
        assert_eq!(record.decode(&strings), props);
        assert_eq!(record.get(300, &strings), Some(Value::Date(Date { year: -44, month: 3, day: 15 })));
        assert_eq!(record.get(4, &strings), None);
        assert_eq!(record.keys(), vec![0, 1, 2, 3, 300, 5, 6]);
        record.release(&mut strings);
        assert_eq!(strings.footprint(), (0, 0));
    }

    #[test]
    fn temporal_values_keep_their_parts() {
        let mut strings = Strings::default();
        let t = Temporal::from_parts(4, [14, 2, 3, 4]).expect("a duration");
        let props = vec![(0, Value::temporal(t))];
        let record = Props::encode(&props, &mut strings);
        assert_eq!(record.decode(&strings), props);
    }
}
