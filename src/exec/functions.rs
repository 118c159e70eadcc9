//! The built-in scalar functions.

use super::Ctx;
use super::eval::as_f64;
use crate::error::{Error, Result};
use crate::plan::Function;
use crate::value::{Date, Value, format_float};

pub fn call(f: Function, args: Vec<Value>, ctx: &Ctx<'_>) -> Result<Value> {
    use Function::*;
    let graph = &*ctx.graph;
    let argc = args.len();
    let mut args = args.into_iter();
    let a = args.next().unwrap_or(Value::Null);
    let b = args.next().unwrap_or(Value::Null);
    let c = args.next();
    // Most functions return null for a null argument.
    let clock = argc == 0 && matches!(f, Date | LocalTime | Time | LocalDateTime | DateTime | Timestamp);
    let null_in = a.is_null() && !clock && !matches!(f, Coalesce | Rand | Pi | E | Exists | ValueType);
    if null_in {
        return Ok(Value::Null);
    }
    Ok(match f {
        Id => match a {
            Value::Node(id) | Value::Relationship(id) => Value::Int(id as i64),
            other => return Err(not_graph_element("id", &other)),
        },
        ElementId => match a {
            Value::Node(id) => Value::string(&format!("n:{id}")),
            Value::Relationship(id) => Value::string(&format!("r:{id}")),
            other => return Err(not_graph_element("elementId", &other)),
        },
        Labels => match a {
            Value::Node(id) => Value::List(node_labels(ctx, id)?.into_iter().map(Value::String).collect()),
            other => return Err(not_graph_element("labels", &other)),
        },
        Type => match a {
            Value::Relationship(id) => {
                match graph.rel_type_name(id).or_else(|| ctx.deleted.rels.get(&id).map(|r| r.rel_type.clone())) {
                    Some(t) => Value::String(t),
                    None => Value::Null,
                }
            }
            other => return Err(not_graph_element("type", &other)),
        },
        Properties => match a {
            Value::Node(id) => Value::Map(graph.node_properties(id)),
            Value::Relationship(id) => Value::Map(graph.rel_properties(id)),
            m @ Value::Map(_) => m,
            other => return Err(not_graph_element("properties", &other)),
        },
        Keys => match a {
            Value::Node(id) => Value::List(graph.node_properties(id).into_keys().map(Value::String).collect()),
            Value::Relationship(id) => Value::List(graph.rel_properties(id).into_keys().map(Value::String).collect()),
            Value::Map(m) => Value::List(m.into_keys().map(Value::String).collect()),
            other => return Err(not_graph_element("keys", &other)),
        },
        StartNode | EndNode => match a {
            Value::Relationship(id) => match graph.rel_ends(id) {
                Some((s, e)) => Value::Node(if f == StartNode { s } else { e }),
                None => Value::Null,
            },
            other => return Err(not_graph_element("startNode/endNode", &other)),
        },
        Nodes => match a {
            Value::Path(p) => Value::List(p.nodes.into_iter().map(Value::Node).collect()),
            other => return Err(not_graph_element("nodes", &other)),
        },
        Relationships => match a {
            Value::Path(p) => Value::List(p.rels.into_iter().map(Value::Relationship).collect()),
            other => return Err(not_graph_element("relationships", &other)),
        },
        Length => match a {
            Value::Path(p) => Value::Int(p.rels.len() as i64),
            other => return Err(not_graph_element("length", &other)),
        },
        Size => match a {
            Value::List(l) => Value::Int(l.len() as i64),
            Value::String(s) => Value::Int(s.chars().count() as i64),
            Value::Map(m) => Value::Int(m.len() as i64),
            other => return Err(bad_arg("size", &other)),
        },
        Head => match a {
            Value::List(l) => l.into_iter().next().unwrap_or(Value::Null),
            other => return Err(bad_arg("head", &other)),
        },
        Last => match a {
            Value::List(l) => l.into_iter().last().unwrap_or(Value::Null),
            other => return Err(bad_arg("last", &other)),
        },
        Tail => match a {
            Value::List(l) => Value::List(l.into_iter().skip(1).collect()),
            other => return Err(bad_arg("tail", &other)),
        },
        Range => range(a, b, c, ctx)?,
        Reverse => match a {
            Value::List(mut l) => {
                l.reverse();
                Value::List(l)
            }
            Value::String(s) => Value::string(&s.chars().rev().collect::<String>()),
            other => return Err(bad_arg("reverse", &other)),
        },
        Coalesce => std::iter::once(a)
            .chain(std::iter::once(b))
            .chain(c)
            .chain(args)
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null),
        ToString => match a {
            Value::String(_) => a,
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Date(_) | Value::Temporal(_) => {
                Value::string(&to_string(&a))
            }
            other => return Err(not_convertible("toString", &other)),
        },
        ToInteger => match a {
            Value::Int(_) => a,
            Value::Float(f) => float_to_int(f),
            Value::String(s) => parse_number(&s).map_or(Value::Null, |v| match v {
                Value::Float(f) => float_to_int(f),
                other => other,
            }),
            Value::Bool(b) => Value::Int(i64::from(b)),
            other => return Err(not_convertible("toInteger", &other)),
        },
        ToFloat => match a {
            Value::Float(_) => a,
            Value::Int(i) => Value::Float(i as f64),
            Value::String(s) => match parse_number(&s) {
                Some(v) => Value::Float(as_f64(&v)),
                None => Value::Null,
            },
            other => return Err(not_convertible("toFloat", &other)),
        },
        ToBoolean => match a {
            Value::Bool(_) => a,
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            },
            Value::Int(i) => Value::Bool(i != 0),
            other => return Err(not_convertible("toBoolean", &other)),
        },
        Abs => match a {
            Value::Int(i) => Value::Int(i.checked_abs().ok_or_else(|| Error::argument("integer overflow"))?),
            Value::Float(x) => Value::Float(x.abs()),
            other => return Err(bad_arg("abs", &other)),
        },
        Sign => match a {
            Value::Int(i) => Value::Int(i.signum()),
            Value::Float(x) => Value::Int(if x > 0.0 {
                1
            } else if x < 0.0 {
                -1
            } else {
                0
            }),
            other => return Err(bad_arg("sign", &other)),
        },
        Ceil | Floor | Round | Sqrt | Exp | Log | Log10 | Sin | Cos | Tan | Asin | Acos | Atan | Degrees | Radians => {
            let x = number("math", &a)?;
            Value::Float(match f {
                Ceil => x.ceil(),
                Floor => x.floor(),
                Round => round_half_up(x),
                Sqrt => x.sqrt(),
                Exp => x.exp(),
                Log => x.ln(),
                Log10 => x.log10(),
                Sin => x.sin(),
                Cos => x.cos(),
                Tan => x.tan(),
                Asin => x.asin(),
                Acos => x.acos(),
                Atan => x.atan(),
                Degrees => x.to_degrees(),
                _ => x.to_radians(),
            })
        }
        Atan2 => {
            if b.is_null() {
                return Ok(Value::Null);
            }
            Value::Float(number("atan2", &a)?.atan2(number("atan2", &b)?))
        }
        Rand => Value::Float(pseudo_random()),
        Pi => Value::Float(std::f64::consts::PI),
        E => Value::Float(std::f64::consts::E),
        ToLower | ToUpper | Trim => {
            let s = string("string function", &a)?;
            Value::string(&match f {
                ToLower => s.to_lowercase(),
                ToUpper => s.to_uppercase(),
                _ => s.trim().to_string(),
            })
        }
        BTrim | LTrim | RTrim => {
            if argc > 1 && b.is_null() {
                return Ok(Value::Null);
            }
            let s = string("trim function", &a)?;
            let characters = if argc > 1 { Some(string("trim function", &b)?) } else { None };
            Value::string(super::strings::trim(&s, characters.as_deref(), f != RTrim, f != LTrim))
        }
        Normalize(form) => Value::string(&super::strings::normalize(&string("normalize", &a)?, form)),
        IsNormalized(form) => match a {
            Value::String(s) => Value::Bool(super::strings::is_normalized(&s, form)),
            _ => Value::Null,
        },
        ValueType => Value::string(&crate::value_type::of(&a).to_string()),
        Split => {
            if b.is_null() {
                return Ok(Value::Null);
            }
            let (s, sep) = (string("split", &a)?, string("split", &b)?);
            // Each piece is a value and a string of its own.
            let pieces = s.matches(sep.as_str()).count() + 1;
            ctx.reserve(pieces.saturating_mul(VALUE_SIZE + 16).saturating_add(s.len()))?;
            Value::List(s.split(sep.as_str()).map(Value::from).collect())
        }
        Substring => {
            let s = string("substring", &a)?;
            ctx.reserve(s.len().saturating_mul(size_of::<char>()))?;
            let s: Vec<char> = s.chars().collect();
            let start = index_arg("substring", &b)?;
            let len = match &c {
                Some(v) if !v.is_null() => index_arg("substring", v)?,
                _ => s.len(),
            };
            let start = start.min(s.len());
            let end = start.saturating_add(len).min(s.len());
            Value::string(&s[start..end].iter().collect::<String>())
        }
        Left | Right => {
            if b.is_null() {
                return Err(Error::argument("left/right needs a length (InvalidArgumentValue)"));
            }
            let s = string("left/right", &a)?;
            ctx.reserve(s.len().saturating_mul(size_of::<char>()))?;
            let s: Vec<char> = s.chars().collect();
            let n = index_arg("left/right", &b)?.min(s.len());
            let part = if f == Left { &s[..n] } else { &s[s.len() - n..] };
            Value::string(&part.iter().collect::<String>())
        }
        Replace => {
            let (Some(c), false) = (c, b.is_null()) else { return Ok(Value::Null) };
            if c.is_null() {
                return Ok(Value::Null);
            }
            let (s, from, to) = (string("replace", &a)?, string("replace", &b)?, string("replace", &c)?);
            let hits = s.matches(from.as_str()).count();
            ctx.reserve(hits.saturating_mul(to.len()).saturating_add(s.len()).saturating_mul(2))?;
            Value::string(&s.replace(from.as_str(), to.as_str()))
        }
        Exists => match a {
            Value::Null => Value::Bool(false),
            Value::Bool(b) => Value::Bool(b),
            _ => Value::Bool(true),
        },
        Date | LocalTime | Time | LocalDateTime | DateTime | Duration => super::temporal::construct(f, a, ctx.clock)?,
        Temporal(op) => super::temporal::call(op, a, b, c, ctx.clock)?,
        Timestamp => Value::Int((ctx.clock / 1_000_000) as i64),
        Similarity => match (&a, &b) {
            (_, Value::Null) => Value::Null,
            (Value::String(x), Value::String(y)) => Value::Float(crate::names::similarity(x, y)),
            (Value::String(_), other) | (other, _) => return Err(bad_arg("embargo.similarity", other)),
        },
    })
}

/// The node an `elementId()` string names (`n:42`), if it names one.
pub fn node_of_element_id(element_id: &str) -> Option<u64> {
    element_id.strip_prefix("n:")?.parse().ok()
}

/// The relationship an `elementId()` string names (`r:7`), if it names one.
pub fn rel_of_element_id(element_id: &str) -> Option<u64> {
    element_id.strip_prefix("r:")?.parse().ok()
}

fn node_labels(ctx: &Ctx<'_>, id: u64) -> Result<Vec<std::sync::Arc<str>>> {
    if ctx.graph.contains_node(id) {
        Ok(ctx.graph.node_labels(id))
    } else {
        Err(Error::entity_not_found(format!("Node {id} was deleted by this statement (DeletedEntityAccess)")))
    }
}

/// A value the conversion functions cannot convert is a type error.
fn not_convertible(function: &str, v: &Value) -> Error {
    Error::type_error(format!("{function}() cannot convert {} (InvalidArgumentValue)", v.type_name()))
}

/// A graph function (`labels`, `type`, `nodes`, …) given a value that is
/// not the node, relationship or path it reads: a type error, as the TCK
/// has it, beside the compile-time check of values whose type is known.
fn not_graph_element(function: &str, v: &Value) -> Error {
    Error::type_error(format!("{function}() cannot take {} (InvalidArgumentValue)", v.type_name()))
}

fn bad_arg(function: &str, v: &Value) -> Error {
    Error::argument(format!("Invalid argument to {function}(): {} (InvalidArgumentType)", v.type_name()))
}

fn number(function: &str, v: &Value) -> Result<f64> {
    match v {
        Value::Int(_) | Value::Float(_) => Ok(as_f64(v)),
        other => Err(bad_arg(function, other)),
    }
}

fn string(function: &str, v: &Value) -> Result<String> {
    match v {
        Value::String(s) => Ok(s.to_string()),
        other => Err(bad_arg(function, other)),
    }
}

fn index_arg(function: &str, v: &Value) -> Result<usize> {
    match v {
        Value::Int(i) if *i >= 0 => Ok(usize::try_from(*i).unwrap_or(usize::MAX)),
        Value::Int(_) => Err(Error::argument(format!("{function}() takes a non-negative index (NumberOutOfRange)"))),
        other => Err(bad_arg(function, other)),
    }
}

/// The size of one value in a list, for predicting a list's allocation.
pub const VALUE_SIZE: usize = size_of::<Value>();

fn range(a: Value, b: Value, c: Option<Value>, ctx: &Ctx<'_>) -> Result<Value> {
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(*i),
        other => Err(bad_arg("range", other)),
    };
    let (start, end) = (int(&a)?, int(&b)?);
    let step = match c {
        Some(v) => int(&v)?,
        None => 1,
    };
    if step == 0 {
        return Err(Error::argument("range() step cannot be zero (NumberOutOfRange)"));
    }
    // Refused before it is made when it would pass the memory budget.
    let span = if step > 0 { i128::from(end) - i128::from(start) } else { i128::from(start) - i128::from(end) };
    let count = if span < 0 { 0 } else { span / i128::from(step).abs() + 1 };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    ctx.reserve(count.saturating_mul(VALUE_SIZE))?;
    let mut out = Vec::with_capacity(count);
    let mut i = start;
    while (step > 0 && i <= end) || (step < 0 && i >= end) {
        out.push(Value::Int(i));
        if out.len().is_multiple_of(4096) {
            ctx.tick()?;
        }
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    Ok(Value::List(out))
}

fn float_to_int(f: f64) -> Value {
    if f.is_nan() || f.is_infinite() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        Value::Null
    } else {
        Value::Int(f.trunc() as i64)
    }
}

/// Parses a number the way toInteger/toFloat read strings.
fn parse_number(s: &str) -> Option<Value> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::Int(i));
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float)
}

/// Rounds halves up (towards positive infinity), as Cypher does.
fn round_half_up(x: f64) -> f64 {
    if x.is_finite() { (x + 0.5).floor() } else { x }
}

/// Text of a value for toString and string concatenation.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::Float(f) => format_float(*f),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.to_string(),
        Value::Date(d) => Date::to_string(d),
        Value::Temporal(t) => t.to_string(),
        other => format!("{other:?}"),
    }
}

/// A random float in [0, 1), from the clock and a counter (no crate needed
/// for a function users call for sampling).
fn pseudo_random() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}
