//! Cypher values and the three ways Cypher compares them: equality
//! (three-valued), comparison (`<`, partial across types) and ORDER BY
//! ordering (total, across types).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::error::{Error, ErrorKind, Result};
use crate::temporal::Temporal;

fn too_deep() -> Error {
    Error::new(ErrorKind::ResourceLimit, format!("Lists and maps may nest at most {MAX_DEPTH} deep"))
}

/// A node's stable id (embargo's own, never a petgraph index).
pub type NodeId = u64;
/// A relationship's stable id.
pub type RelId = u64;

/// How deeply lists and maps may nest in a value. Cloning, comparing,
/// hashing, printing and dropping a value recurse once per level, so
/// every expression that wraps values in a new list or map checks this
/// ([`Value::nested_list`], [`Value::nested_map`]).
pub const MAX_DEPTH: usize = 200;

/// A map value: keys in sorted order, so output is deterministic.
pub type Map = BTreeMap<Arc<str>, Value>;

/// A path: `nodes.len() == rels.len() + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (and the basic form `YYYYMMDD`); `None` when the
    /// text is not a real date.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text.strip_prefix('+').unwrap_or(text)),
        };
        let parts: Vec<&str> = digits.split('-').collect();
        let (y, m, d) = match parts.as_slice() {
            [y, m, d] if m.len() == 2 && d.len() == 2 && y.len() >= 4 => (*y, *m, *d),
            [ymd] if ymd.len() == 8 => (&ymd[0..4], &ymd[4..6], &ymd[6..8]),
            _ => return None,
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        let date = Date { year: sign * y.parse::<i32>().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        date.is_valid().then_some(date)
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && self.day >= 1 && self.day <= days_in_month(self.year, self.month)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (0..=9999).contains(&self.year) {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        } else {
            write!(f, "{:+05}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

/// A Cypher value. Nodes, relationships and paths are held by id: their
/// labels and properties live in the store.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    List(Vec<Value>),
    Map(Map),
    Node(NodeId),
    Relationship(RelId),
    /// Boxed, like `Temporal`, so that a value stays four words: every
    /// property and every row slot holds one.
    Path(Box<Path>),
    Date(Date),
    /// Times, date-times and durations.
    Temporal(Box<Temporal>),
}

impl Value {
    pub fn string(s: &str) -> Value {
        Value::String(Arc::from(s))
    }

    pub fn temporal(t: Temporal) -> Value {
        Value::Temporal(Box::new(t))
    }

    pub fn path(p: Path) -> Value {
        Value::Path(Box::new(p))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The name of the value's type, as error messages say it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "Null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::String(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Node(_) => "Node",
            Value::Relationship(_) => "Relationship",
            Value::Path(_) => "Path",
            Value::Date(_) => "Date",
            Value::Temporal(t) => t.type_name(),
        }
    }

    /// A list of `items`; a `ResourceLimit` if it would nest lists and maps
    /// deeper than [`MAX_DEPTH`].
    pub fn nested_list(items: Vec<Value>) -> Result<Value> {
        if items.iter().any(|v| v.nests_deeper_than(MAX_DEPTH - 1)) {
            return Err(too_deep());
        }
        Ok(Value::List(items))
    }

    /// A map of `entries`, with the same bound as [`Value::nested_list`].
    pub fn nested_map(entries: Map) -> Result<Value> {
        if entries.values().any(|v| v.nests_deeper_than(MAX_DEPTH - 1)) {
            return Err(too_deep());
        }
        Ok(Value::Map(entries))
    }

    /// Whether lists and maps nest in this value more than `levels` deep
    /// (a list of numbers is one deep). Looks no deeper than that.
    pub fn nests_deeper_than(&self, levels: usize) -> bool {
        match self {
            Value::List(items) => levels == 0 || items.iter().any(|v| v.nests_deeper_than(levels - 1)),
            Value::Map(entries) => levels == 0 || entries.values().any(|v| v.nests_deeper_than(levels - 1)),
            _ => false,
        }
    }

    /// Cypher `=`: `None` stands for null (unknown).
    pub fn cypher_eq(&self, other: &Value) -> Option<bool> {
        use Value::*;
        match (self, other) {
            (Null, _) | (_, Null) => None,
            (Bool(a), Bool(b)) => Some(a == b),
            (Int(a), Int(b)) => Some(a == b),
            (Float(a), Float(b)) => Some(a == b),
            (Int(a), Float(b)) | (Float(b), Int(a)) => Some(int_float_cmp(*a, *b) == Some(Ordering::Equal)),
            (String(a), String(b)) => Some(a == b),
            (List(a), List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                all_equal(a.iter().zip(b.iter()))
            }
            (Map(a), Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                all_equal(a.values().zip(b.values()))
            }
            (Node(a), Node(b)) => Some(a == b),
            (Relationship(a), Relationship(b)) => Some(a == b),
            (Path(a), Path(b)) => Some(a == b),
            (Date(a), Date(b)) => Some(a == b),
            (Temporal(a), Temporal(b)) => Some(a == b),
            _ => Some(false),
        }
    }

    /// Cypher `<`, `<=`, `>`, `>=`: `None` when the two are not comparable
    /// (different types, or a null anywhere), which Cypher turns into null.
    pub fn cypher_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Int(a), Float(b)) => int_float_cmp(*a, *b),
            (Float(a), Int(b)) => int_float_cmp(*b, *a).map(Ordering::reverse),
            (String(a), String(b)) => Some(a.cmp(b)),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (Temporal(a), Temporal(b)) => a.compare(b),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.cypher_cmp(y)? {
                        Ordering::Equal => {}
                        unequal => return Some(unequal),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => None,
        }
    }

    /// The total order of ORDER BY: maps, nodes, relationships, lists, paths,
    /// dates, strings, booleans, numbers (NaN last), then null.
    pub fn order(&self, other: &Value) -> Ordering {
        use Value::*;
        let rank = self.order_rank().cmp(&other.order_rank());
        if rank != Ordering::Equal {
            return rank;
        }
        match (self, other) {
            (Map(a), Map(b)) => {
                let ka: Vec<_> = a.iter().collect();
                let kb: Vec<_> = b.iter().collect();
                for ((k1, v1), (k2, v2)) in ka.iter().zip(kb.iter()) {
                    let o = k1.cmp(k2).then_with(|| v1.order(v2));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                ka.len().cmp(&kb.len())
            }
            (Node(a), Node(b)) | (Relationship(a), Relationship(b)) => a.cmp(b),
            (List(a), List(b)) => order_lists(a, b),
            (Path(a), Path(b)) => a.cmp(b),
            (Date(a), Date(b)) => a.cmp(b),
            (Temporal(a), Temporal(b)) => a.order(b),
            (String(a), String(b)) => a.cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Float(a), Float(b)) => a.total_cmp(b),
            (Int(a), Float(b)) => int_float_cmp(*a, *b).unwrap_or(Ordering::Less),
            (Float(a), Int(b)) => int_float_cmp(*b, *a).map(Ordering::reverse).unwrap_or(Ordering::Greater),
            _ => Ordering::Equal,
        }
    }

    fn order_rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Relationship(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            Value::Date(_) => 5,
            Value::Temporal(_) => 6,
            Value::String(_) => 7,
            Value::Bool(_) => 8,
            Value::Int(_) => 9,
            Value::Float(f) if f.is_nan() => 10,
            Value::Float(_) => 9,
            Value::Null => 11,
        }
    }
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    let mut unknown = false;
    for (a, b) in pairs {
        match a.cypher_eq(b) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

fn order_lists(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b.iter()) {
        let o = x.order(y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// Compares an integer with a float exactly (no rounding of large integers).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 9.223_372_036_854_776e18 {
        return Some(Ordering::Less);
    }
    if f < -9.223_372_036_854_776e18 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

/// Equivalence for grouping, DISTINCT and `IN` over keys: like the ORDER BY
/// order's equality, so that null groups with null and 1 with 1.0.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.order(other) == Ordering::Equal && self.order_rank() == other.order_rank()
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Value::Int(i) => hash_number(*i as f64, state),
            Value::Float(f) => hash_number(*f, state),
            other => {
                other.order_rank().hash(state);
                match other {
                    Value::Bool(b) => b.hash(state),
                    Value::String(s) => s.hash(state),
                    Value::List(l) => l.hash(state),
                    Value::Map(m) => m.hash(state),
                    Value::Node(n) | Value::Relationship(n) => n.hash(state),
                    Value::Path(p) => p.hash(state),
                    Value::Date(d) => d.hash(state),
                    Value::Temporal(t) => t.hash(state),
                    _ => {}
                }
            }
        }
    }
}

fn hash_number<H: Hasher>(f: f64, state: &mut H) {
    9u8.hash(state);
    // -0.0 and 0.0 are equal, and so must hash alike.
    let f = if f == 0.0 { 0.0 } else { f };
    f.to_bits().hash(state);
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::string(s)
    }
}

impl From<Option<bool>> for Value {
    fn from(b: Option<bool>) -> Value {
        b.map_or(Value::Null, Value::Bool)
    }
}

/// Formats a float the way Cypher prints it: always with a `.` or exponent.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if f == f.trunc() && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::string(x)
    }

    #[test]
    fn equality_is_three_valued() {
        assert_eq!(Value::Int(1).cypher_eq(&Value::Int(1)), Some(true));
        assert_eq!(Value::Int(1).cypher_eq(&Value::Float(1.0)), Some(true));
        assert_eq!(Value::Int(1).cypher_eq(&s("1")), Some(false));
        assert_eq!(Value::Null.cypher_eq(&Value::Null), None);
        let with_null = Value::List(vec![Value::Int(1), Value::Null]);
        assert_eq!(with_null.cypher_eq(&Value::List(vec![Value::Int(1), Value::Int(2)])), None);
        assert_eq!(with_null.cypher_eq(&Value::List(vec![Value::Int(2), Value::Null])), Some(false));
        assert_eq!(with_null.cypher_eq(&Value::List(vec![Value::Int(1)])), Some(false));
        assert_eq!(Value::Float(f64::NAN).cypher_eq(&Value::Float(f64::NAN)), Some(false));
    }

    #[test]
    fn comparison_is_partial_across_types() {
        assert_eq!(Value::Int(1).cypher_cmp(&Value::Float(1.5)), Some(Ordering::Less));
        assert_eq!(s("a").cypher_cmp(&s("b")), Some(Ordering::Less));
        assert_eq!(s("a").cypher_cmp(&Value::Int(1)), None);
        assert_eq!(Value::Null.cypher_cmp(&Value::Int(1)), None);
        assert_eq!(Value::Float(f64::NAN).cypher_cmp(&Value::Int(1)), None);
        let l = |v: Vec<i64>| Value::List(v.into_iter().map(Value::Int).collect());
        assert_eq!(l(vec![1, 2]).cypher_cmp(&l(vec![1, 3])), Some(Ordering::Less));
        assert_eq!(l(vec![1, 2]).cypher_cmp(&l(vec![1])), Some(Ordering::Greater));
    }

    #[test]
    fn large_integers_compare_exactly_with_floats() {
        let big = i64::MAX;
        assert_eq!(Value::Int(big).cypher_cmp(&Value::Float(9.223_372_036_854_776e18)), Some(Ordering::Less));
        assert_eq!(Value::Int(big - 1).cypher_eq(&Value::Float((big - 1) as f64)), Some(false));
    }

    #[test]
    fn order_by_is_total_across_types() {
        let mut values = vec![
            Value::Null,
            Value::Float(f64::NAN),
            Value::Int(2),
            Value::Float(1.5),
            Value::Bool(true),
            Value::Bool(false),
            s("b"),
            s("a"),
            Value::List(vec![]),
            Value::Node(3),
            Value::Map(Map::new()),
            Value::Relationship(1),
        ];
        values.sort_by(Value::order);
        let names: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        assert_eq!(
            names,
            [
                "Map({})",
                "Node(3)",
                "Relationship(1)",
                "List([])",
                "String(\"a\")",
                "String(\"b\")",
                "Bool(false)",
                "Bool(true)",
                "Float(1.5)",
                "Int(2)",
                "Float(NaN)",
                "Null"
            ]
        );
    }

    #[test]
    fn grouping_equivalence_hashes_alike() {
        use std::collections::HashSet;
        let set: HashSet<Value> =
            [Value::Int(1), Value::Float(1.0), Value::Null, Value::Null, Value::Float(-0.0), Value::Int(0)]
                .into_iter()
                .collect();
        assert_eq!(set.len(), 3);
    }

    #[test]
    fn dates_parse_and_print() {
        assert_eq!(Date::parse_iso("2017-09-11").map(|d| d.to_string()), Some("2017-09-11".into()));
        assert_eq!(Date::parse_iso("20170911").map(|d| d.to_string()), Some("2017-09-11".into()));
        assert_eq!(Date::parse_iso("2017-02-29"), None);
        assert_eq!(Date::parse_iso("2016-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse_iso("nope"), None);
    }

    #[test]
    fn floats_print_with_a_point() {
        assert_eq!(format_float(3.0), "3.0");
        assert_eq!(format_float(0.5), "0.5");
        assert_eq!(format_float(1e300), "1e300");
        assert_eq!(format_float(f64::NAN), "NaN");
    }
}

#[cfg(test)]
mod size {
    /// Every property and row slot holds a value: keep it four words.
    #[test]
    fn a_value_is_four_words() {
        assert_eq!(std::mem::size_of::<super::Value>(), 32);
    }
}
