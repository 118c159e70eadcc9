//! Expression evaluation over a row, with Cypher's null propagation and
//! three-valued logic.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use super::{Ctx, Row, functions, matcher};
use crate::error::{Error, Result};
use crate::plan::{BinaryOp, Expr, MapItem, Quantifier};
use crate::value::{Map, Value};

pub fn eval(e: &Expr, row: &Row, ctx: &Ctx<'_>) -> Result<Value> {
    // Every loop over user data (reduce, comprehensions, long chains of
    // operators, many items) evaluates an expression per step.
    ctx.tick()?;
    Ok(match e {
        Expr::Const(v) => v.clone(),
        Expr::Param(name) => ctx.param(name)?,
        Expr::Slot(s) => row.get(*s).cloned().unwrap_or(Value::Null),
        // Read in place where possible: `list[i]` must not copy the list.
        Expr::Property(..) if let Some(v) = borrowed(e, row, ctx) => v.into_owned(),
        Expr::Property(base, key) => property(&eval(base, row, ctx)?, key, ctx)?,
        Expr::Index(base, index) => {
            let index = eval(index, row, ctx)?;
            match borrowed(base, row, ctx) {
                Some(base) => index_value(&base, index, ctx)?,
                None => index_value(&eval(base, row, ctx)?, index, ctx)?,
            }
        }
        Expr::Slice(base, from, to) => {
            let list = eval(base, row, ctx)?;
            let from = from.as_ref().map(|f| eval(f, row, ctx)).transpose()?;
            let to = to.as_ref().map(|t| eval(t, row, ctx)).transpose()?;
            slice(list, from, to)?
        }
        Expr::HasLabels(base, labels) => match eval(base, row, ctx)? {
            Value::Null => Value::Null,
            Value::Node(id) => {
                Value::Bool(labels.iter().all(|l| ctx.graph.labels.get(l).is_some_and(|s| ctx.graph.has_label(id, s))))
            }
            other => return Err(Error::type_error(format!("Expected a node, got {}", other.type_name()))),
        },
        Expr::Not(inner) => match eval(inner, row, ctx)? {
            Value::Bool(b) => Value::Bool(!b),
            Value::Null => Value::Null,
            other => return Err(Error::type_error(format!("NOT expects a boolean, got {}", other.type_name()))),
        },
        Expr::Neg(inner) => match eval(inner, row, ctx)? {
            Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(|| Error::argument("integer overflow"))?),
            Value::Float(f) => Value::Float(-f),
            Value::Null => Value::Null,
            other => return Err(Error::type_error(format!("Cannot negate {}", other.type_name()))),
        },
        Expr::Binary(op, l, r) => binary(*op, l, r, row, ctx)?,
        Expr::IsNull(inner, negated) => Value::Bool(eval(inner, row, ctx)?.is_null() != *negated),
        Expr::IsType(inner, ty, negated) => Value::Bool(ty.contains(&eval(inner, row, ctx)?) != *negated),
        Expr::List(items) => Value::nested_list(items.iter().map(|i| eval(i, row, ctx)).collect::<Result<_>>()?)?,
        Expr::Map(entries) => {
            Value::nested_map(entries.iter().map(|(k, v)| Ok((k.clone(), eval(v, row, ctx)?))).collect::<Result<_>>()?)?
        }
        Expr::Function(f, args) => {
            let values = args.iter().map(|a| eval(a, row, ctx)).collect::<Result<Vec<_>>>()?;
            functions::call(*f, values, ctx)?
        }
        Expr::Case { subject, whens, otherwise } => {
            let subject = subject.as_ref().map(|s| eval(s, row, ctx)).transpose()?;
            for (when, then) in whens {
                let w = eval(when, row, ctx)?;
                let hit = match &subject {
                    Some(s) => s.cypher_eq(&w) == Some(true),
                    None => matches!(w, Value::Bool(true)),
                };
                if hit {
                    return eval(then, row, ctx);
                }
            }
            match otherwise {
                Some(o) => eval(o, row, ctx)?,
                None => Value::Null,
            }
        }
        Expr::ListComprehension { slot, list, filter, map } => {
            let Some(items) = list_of(eval(list, row, ctx)?)? else { return Ok(Value::Null) };
            let mut local = row.clone();
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                local[*slot] = item;
                if let Some(f) = filter
                    && !matches!(eval(f, &local, ctx)?, Value::Bool(true))
                {
                    continue;
                }
                out.push(match map {
                    Some(m) => eval(m, &local, ctx)?,
                    None => local[*slot].clone(),
                });
            }
            Value::nested_list(out)?
        }
        Expr::Quantifier { kind, slot, list, filter } => {
            let Some(items) = list_of(eval(list, row, ctx)?)? else { return Ok(Value::Null) };
            let mut local = row.clone();
            let (mut trues, mut nulls) = (0usize, 0usize);
            let total = items.len();
            for item in items {
                local[*slot] = item;
                let v = match filter {
                    Some(f) => eval(f, &local, ctx)?,
                    None => Value::Bool(true),
                };
                match v {
                    Value::Bool(true) => trues += 1,
                    Value::Null => nulls += 1,
                    _ => {}
                }
            }
            let falses = total - trues - nulls;
            let unknown = |decided: bool| if decided { Value::Bool(true) } else { Value::Null };
            match kind {
                Quantifier::All if falses > 0 => Value::Bool(false),
                Quantifier::All => unknown(nulls == 0),
                Quantifier::Any if trues > 0 => Value::Bool(true),
                Quantifier::Any => {
                    if nulls > 0 {
                        Value::Null
                    } else {
                        Value::Bool(false)
                    }
                }
                Quantifier::None if trues > 0 => Value::Bool(false),
                Quantifier::None => unknown(nulls == 0),
                Quantifier::Single if trues > 1 => Value::Bool(false),
                Quantifier::Single if nulls > 0 => Value::Null,
                Quantifier::Single => Value::Bool(trues == 1),
            }
        }
        Expr::Reduce { acc, init, slot, list, expr } => {
            let start = eval(init, row, ctx)?;
            let Some(items) = list_of(eval(list, row, ctx)?)? else { return Ok(Value::Null) };
            let mut local = row.clone();
            local[*acc] = start;
            for item in items {
                local[*slot] = item;
                local[*acc] = eval(expr, &local, ctx)?;
            }
            local[*acc].clone()
        }
        Expr::Exists(plan) => {
            let mut found = false;
            matcher::run_read(plan, &mut row.clone(), ctx, &mut |_| {
                found = true;
                Ok(false)
            })?;
            Value::Bool(found)
        }
        Expr::PatternComprehension { plan, map } => {
            let mut out = Vec::new();
            matcher::run_read(plan, &mut row.clone(), ctx, &mut |r| {
                out.push(eval(map, r, ctx)?);
                Ok(true)
            })?;
            Value::nested_list(out)?
        }
        Expr::Subquery(kind, body) => super::subquery::evaluate(*kind, body, row, ctx)?,
        Expr::MapProjection { base, items } => map_projection(eval(base, row, ctx)?, items, row, ctx)?,
        Expr::ShortestPath(plan, slot) => {
            let mut found = Value::Null;
            matcher::run_read(plan, &mut row.clone(), ctx, &mut |r| {
                found = r[*slot].clone();
                Ok(false)
            })?;
            found
        }
    })
}

/// A list operand: `None` for null; a type error for anything else.
fn list_of(v: Value) -> Result<Option<Vec<Value>>> {
    match v {
        Value::List(items) => Ok(Some(items)),
        Value::Null => Ok(None),
        other => Err(Error::type_error(format!("Expected a list, got {}", other.type_name()))),
    }
}

pub fn property(base: &Value, key: &str, ctx: &Ctx<'_>) -> Result<Value> {
    let graph = &*ctx.graph;
    Ok(match base {
        Value::Null => Value::Null,
        Value::Node(id) => {
            if !graph.contains_node(*id) {
                return deleted_property(ctx.deleted.nodes.get(id).map(|n| &n.properties), key);
            }
            graph.keys.get(key).and_then(|k| graph.node_property(*id, k)).unwrap_or(Value::Null)
        }
        Value::Relationship(id) => {
            if !graph.contains_rel(*id) {
                return deleted_property(ctx.deleted.rels.get(id).map(|r| &r.properties), key);
            }
            graph.keys.get(key).and_then(|k| graph.rel_property(*id, k)).unwrap_or(Value::Null)
        }
        Value::Map(m) => m.get(key).cloned().unwrap_or(Value::Null),
        temporal @ (Value::Date(_) | Value::Temporal(_)) => {
            super::temporal::component(temporal, key).unwrap_or(Value::Null)
        }
        other => {
            return Err(Error::type_error(format!(
                "Type mismatch: expected a map, node or relationship but was {}",
                other.type_name()
            )));
        }
    })
}

/// Reading a property of an entity this statement deleted.
fn deleted_property(_properties: Option<&Map>, key: &str) -> Result<Value> {
    Err(Error::entity_not_found(format!(
        "The property `{key}` of a deleted entity cannot be read (DeletedEntityAccess)"
    )))
}

fn index_value(base: &Value, index: Value, ctx: &Ctx<'_>) -> Result<Value> {
    Ok(match (base, index) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::List(items), Value::Int(i)) => {
            let len = items.len() as i64;
            let at = if i < 0 { len + i } else { i };
            if (0..len).contains(&at) { items[at as usize].clone() } else { Value::Null }
        }
        (Value::List(_), other) => {
            return Err(Error::type_error(format!("List index must be an integer, got {}", other.type_name())));
        }
        (base @ (Value::Map(_) | Value::Node(_) | Value::Relationship(_)), Value::String(key)) => {
            property(base, &key, ctx)?
        }
        (Value::Map(_) | Value::Node(_) | Value::Relationship(_), other) => {
            return Err(Error::type_error(format!(
                "Map key must be a string, got {} (MapElementAccessByNonString)",
                other.type_name()
            )));
        }
        (other, _) => return Err(Error::type_error(format!("Cannot index into {}", other.type_name()))),
    })
}

fn slice(list: Value, from: Option<Value>, to: Option<Value>) -> Result<Value> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(Error::type_error(format!("Cannot slice {}", other.type_name()))),
    };
    let len = items.len() as i64;
    let bound = |v: Option<Value>, default: i64| -> Result<Option<i64>> {
        match v {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(if i < 0 { (len + i).max(0) } else { i.min(len) })),
            Some(other) => Err(Error::type_error(format!("Slice bounds must be integers, got {}", other.type_name()))),
        }
    };
    let (Some(start), Some(end)) = (bound(from, 0)?, bound(to, len)?) else { return Ok(Value::Null) };
    if start >= end {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(items[start as usize..end as usize].to_vec()))
}

fn binary(op: BinaryOp, l: &Expr, r: &Expr, row: &Row, ctx: &Ctx<'_>) -> Result<Value> {
    // Logic short-circuits only where the result is already known.
    match op {
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
            let a = truth(eval(l, row, ctx)?, op)?;
            if op == BinaryOp::And && a == Some(false) {
                return Ok(Value::Bool(false));
            }
            if op == BinaryOp::Or && a == Some(true) {
                return Ok(Value::Bool(true));
            }
            let b = truth(eval(r, row, ctx)?, op)?;
            return Ok(Value::from(match op {
                BinaryOp::And => match (a, b) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                },
                BinaryOp::Or => match (a, b) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
                _ => match (a, b) {
                    (Some(x), Some(y)) => Some(x != y),
                    _ => None,
                },
            }));
        }
        _ => {}
    }
    // Comparing a property with a constant is the common filter: compare
    // the values where they are, without copying them.
    if let (Some(a), Some(b)) = (borrowed(l, row, ctx), borrowed(r, row, ctx))
        && let Some(result) = compare(op, &a, &b)
    {
        return Ok(result);
    }
    let a = eval(l, row, ctx)?;
    let b = eval(r, row, ctx)?;
    if op == BinaryOp::Add {
        ctx.reserve(concatenated_size(&a, &b))?;
    }
    apply(op, a, b)
}

/// What `a + b` allocates when it concatenates strings or lists (the
/// string twice: built, then shared).
fn concatenated_size(a: &Value, b: &Value) -> usize {
    match (a, b) {
        (Value::String(x), Value::String(y)) => (x.len() + y.len()).saturating_mul(2),
        (Value::List(x), Value::List(y)) => (x.len() + y.len()).saturating_mul(functions::VALUE_SIZE),
        (Value::List(x), _) | (_, Value::List(x)) => (x.len() + 1).saturating_mul(functions::VALUE_SIZE),
        _ => 0,
    }
}

/// The value of a constant, a slot, or a property of a node or
/// relationship in a slot, by reference where it can be (a property of a
/// node is read out of its record); `None` for anything else.
fn borrowed<'a>(e: &'a Expr, row: &'a Row, ctx: &'a Ctx<'_>) -> Option<Cow<'a, Value>> {
    const NULL: &Value = &Value::Null;
    // A member of a borrowed list or map stays borrowed; of a list or map
    // read out of a record, it is taken out.
    fn member<'a>(base: Cow<'a, Value>, get: impl Fn(&Value) -> Option<&Value>) -> Cow<'a, Value> {
        match base {
            Cow::Borrowed(b) => Cow::Borrowed(get(b).unwrap_or(NULL)),
            Cow::Owned(b) => Cow::Owned(get(&b).cloned().unwrap_or(Value::Null)),
        }
    }
    match e {
        Expr::Const(v) => Some(Cow::Borrowed(v)),
        Expr::Slot(s) => row.get(*s).map(Cow::Borrowed),
        Expr::Property(base, key) => {
            let graph = &*ctx.graph;
            let base = borrowed(base, row, ctx)?;
            match &*base {
                Value::Node(id) => {
                    // A node this statement deleted is not here: `eval` says why.
                    if !graph.contains_node(*id) {
                        return None;
                    }
                    Some(Cow::Owned(
                        graph.keys.get(key).and_then(|k| graph.node_property(*id, k)).unwrap_or(Value::Null),
                    ))
                }
                Value::Relationship(id) => {
                    if !graph.contains_rel(*id) {
                        return None;
                    }
                    Some(Cow::Owned(
                        graph.keys.get(key).and_then(|k| graph.rel_property(*id, k)).unwrap_or(Value::Null),
                    ))
                }
                Value::Map(_) => Some(member(base, |b| match b {
                    Value::Map(m) => m.get(key),
                    _ => None,
                })),
                Value::Null => Some(Cow::Borrowed(NULL)),
                _ => None,
            }
        }
        Expr::Index(base, index) => {
            let index = borrowed(index, row, ctx)?;
            let base = borrowed(base, row, ctx)?;
            match (&*base, &*index) {
                (Value::List(items), Value::Int(i)) => {
                    let at = if *i < 0 { i.checked_add(items.len() as i64)? } else { *i };
                    let at = usize::try_from(at).ok();
                    Some(member(base, |b| match b {
                        Value::List(items) => at.and_then(|at| items.get(at)),
                        _ => None,
                    }))
                }
                (Value::Map(_), Value::String(k)) => {
                    let k = k.clone();
                    Some(member(base, |b| match b {
                        Value::Map(m) => m.get(&k),
                        _ => None,
                    }))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The comparisons and string predicates on borrowed values; `None` for
/// the other operators.
fn compare(op: BinaryOp, a: &Value, b: &Value) -> Option<Value> {
    use std::cmp::Ordering::*;
    let ordering = matches!(op, BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge);
    if ordering && (is_nan(a) && is_number(b) || is_number(a) && is_nan(b)) {
        // NaN is a number that is neither below nor above any other.
        return Some(Value::Bool(false));
    }
    Some(match op {
        BinaryOp::Eq => Value::from(a.cypher_eq(b)),
        BinaryOp::Ne => Value::from(a.cypher_eq(b).map(|x| !x)),
        BinaryOp::Lt => Value::from(a.cypher_cmp(b).map(|o| o == Less)),
        BinaryOp::Gt => Value::from(a.cypher_cmp(b).map(|o| o == Greater)),
        BinaryOp::Le => Value::from(a.cypher_cmp(b).map(|o| o != Greater)),
        BinaryOp::Ge => Value::from(a.cypher_cmp(b).map(|o| o != Less)),
        BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => match (a, b) {
            (Value::String(s), Value::String(t)) => Value::Bool(match op {
                BinaryOp::StartsWith => s.starts_with(t.as_ref()),
                BinaryOp::EndsWith => s.ends_with(t.as_ref()),
                _ => contains(s, t),
            }),
            _ => Value::Null,
        },
        _ => return None,
    })
}

fn is_nan(v: &Value) -> bool {
    matches!(v, Value::Float(f) if f.is_nan())
}

fn is_number(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_))
}

fn truth(v: Value, op: BinaryOp) -> Result<Option<bool>> {
    match v {
        Value::Bool(b) => Ok(Some(b)),
        Value::Null => Ok(None),
        other => Err(Error::type_error(format!("{op:?} expects booleans, got {}", other.type_name()))),
    }
}

/// A binary operator on two values.
pub fn apply(op: BinaryOp, a: Value, b: Value) -> Result<Value> {
    Ok(match op {
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Gt
        | BinaryOp::Le
        | BinaryOp::Ge
        | BinaryOp::StartsWith
        | BinaryOp::EndsWith
        | BinaryOp::Contains => compare(op, &a, &b).unwrap_or(Value::Null),
        BinaryOp::In => match b {
            Value::Null => Value::Null,
            Value::List(items) => {
                let mut unknown = false;
                for item in &items {
                    match a.cypher_eq(item) {
                        Some(true) => return Ok(Value::Bool(true)),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown { Value::Null } else { Value::Bool(false) }
            }
            other => return Err(Error::type_error(format!("IN expects a list, got {}", other.type_name()))),
        },
        BinaryOp::Regex => match (&a, &b) {
            (Value::String(s), Value::String(pattern)) => Value::Bool(regex_matches(pattern, s)?),
            _ => Value::Null,
        },
        BinaryOp::Add | BinaryOp::Sub if matches!(b, Value::Temporal(_)) => {
            match super::temporal::add(&a, &b, op == BinaryOp::Sub) {
                Some(result) => result?,
                None if a.is_null() => Value::Null,
                None => {
                    return Err(Error::type_error(format!(
                        "Cannot apply {op:?} to {} and {}",
                        a.type_name(),
                        b.type_name()
                    )));
                }
            }
        }
        BinaryOp::Mul | BinaryOp::Div if matches!(a, Value::Temporal(_)) || matches!(b, Value::Temporal(_)) => {
            super::temporal::scale(&a, &b, op == BinaryOp::Div)?
        }
        BinaryOp::Add => add(a, b)?,
        BinaryOp::Concat => concat(a, b)?,
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Pow => arithmetic(op, a, b)?,
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
            let logic = |v: Value| truth(v, op);
            let (x, y) = (logic(a)?, logic(b)?);
            Value::from(match op {
                BinaryOp::And => {
                    if x == Some(false) || y == Some(false) {
                        Some(false)
                    } else {
                        x.zip(y).map(|(p, q)| p && q)
                    }
                }
                BinaryOp::Or => {
                    if x == Some(true) || y == Some(true) {
                        Some(true)
                    } else {
                        x.zip(y).map(|(p, q)| p || q)
                    }
                }
                _ => x.zip(y).map(|(p, q)| p != q),
            })
        }
    })
}

/// Substring search. Names are short: comparing windows beats setting up
/// the general searcher for every row.
fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    match n.first() {
        None => true,
        Some(first) if n.len() <= 16 => {
            h.len() >= n.len()
                && h[..=h.len() - n.len()].iter().enumerate().any(|(i, b)| b == first && &h[i..i + n.len()] == n)
        }
        Some(_) => haystack.contains(needle),
    }
}

thread_local! {
    static REGEX_CACHE: RefCell<HashMap<String, regex::Regex>> = RefCell::new(HashMap::new());
}

fn regex_matches(pattern: &str, text: &str) -> Result<bool> {
    REGEX_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(pattern) {
            let compiled = regex::Regex::new(&format!("^(?:{pattern})$"))
                .map_err(|e| Error::argument(format!("Invalid regular expression: {e}")))?;
            if cache.len() > 256 {
                cache.clear();
            }
            cache.insert(pattern.to_string(), compiled);
        }
        Ok(cache.get(pattern).is_some_and(|r| r.is_match(text)))
    })
}

fn add(a: Value, b: Value) -> Result<Value> {
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::List(mut x), Value::List(y)) => {
            x.extend(y);
            Value::List(x)
        }
        (Value::List(mut x), y) => {
            x.push(y);
            Value::List(x)
        }
        (x, Value::List(mut y)) => {
            y.insert(0, x);
            Value::List(y)
        }
        (Value::String(x), Value::String(y)) => Value::string(&format!("{x}{y}")),
        (Value::String(x), y @ (Value::Int(_) | Value::Float(_) | Value::Bool(_))) => {
            Value::string(&format!("{x}{}", functions::to_string(&y)))
        }
        (x @ (Value::Int(_) | Value::Float(_) | Value::Bool(_)), Value::String(y)) => {
            Value::string(&format!("{}{y}", functions::to_string(&x)))
        }
        (x, y) => arithmetic(BinaryOp::Add, x, y)?,
    })
}

/// `||`: two strings or two lists joined; null with anything is null.
fn concat(a: Value, b: Value) -> Result<Value> {
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::String(x), Value::String(y)) => Value::string(&format!("{x}{y}")),
        (Value::List(mut x), Value::List(y)) => {
            x.extend(y);
            Value::List(x)
        }
        (x, y) => {
            return Err(Error::type_error(format!(
                "|| joins two strings or two lists, not {} and {}",
                x.type_name(),
                y.type_name()
            )));
        }
    })
}

fn arithmetic(op: BinaryOp, a: Value, b: Value) -> Result<Value> {
    let overflow = || Error::argument("integer overflow (NumberOutOfRange)");
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Value::Null,
        (Value::Int(x), Value::Int(y)) => Value::Int(match op {
            BinaryOp::Add => x.checked_add(y).ok_or_else(overflow)?,
            BinaryOp::Sub => x.checked_sub(y).ok_or_else(overflow)?,
            BinaryOp::Mul => x.checked_mul(y).ok_or_else(overflow)?,
            BinaryOp::Div => {
                if y == 0 {
                    return Err(Error::argument("/ by zero"));
                }
                x.checked_div(y).ok_or_else(overflow)?
            }
            BinaryOp::Mod => {
                if y == 0 {
                    return Err(Error::argument("% by zero"));
                }
                x.checked_rem(y).ok_or_else(overflow)?
            }
            _ => return Ok(Value::Float((x as f64).powf(y as f64))),
        }),
        (x @ (Value::Int(_) | Value::Float(_)), y @ (Value::Int(_) | Value::Float(_))) => {
            let (x, y) = (as_f64(&x), as_f64(&y));
            Value::Float(match op {
                BinaryOp::Add => x + y,
                BinaryOp::Sub => x - y,
                BinaryOp::Mul => x * y,
                BinaryOp::Div => x / y,
                BinaryOp::Mod => x % y,
                _ => x.powf(y),
            })
        }
        (x, y) => {
            return Err(Error::type_error(format!("Cannot apply {op:?} to {} and {}", x.type_name(), y.type_name())));
        }
    })
}

pub fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

fn map_projection(base: Value, items: &[MapItem], row: &Row, ctx: &Ctx<'_>) -> Result<Value> {
    let properties = match &base {
        Value::Null => return Ok(Value::Null),
        Value::Node(id) => ctx.graph.node_properties(*id),
        Value::Relationship(id) => ctx.graph.rel_properties(*id),
        Value::Map(m) => m.clone(),
        other => return Err(Error::type_error(format!("Cannot project a map from {}", other.type_name()))),
    };
    let mut out = Map::new();
    for item in items {
        match item {
            MapItem::AllProperties => out.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone()))),
            MapItem::Property(k) => {
                out.insert(k.clone(), properties.get(k).cloned().unwrap_or(Value::Null));
            }
            MapItem::Entry(k, e) => {
                out.insert(k.clone(), eval(e, row, ctx)?);
            }
        }
    }
    Value::nested_map(out)
}
