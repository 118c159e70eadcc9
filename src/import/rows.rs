//! Turning CSV fields into property values and labels.

use std::sync::Arc;

use super::header::Kind;
pub use crate::error::excerpt;
use crate::value::{Date, Value};

/// A field as text; `what` names it for the error.
pub fn text<'a>(bytes: &'a [u8], what: &dyn Fn() -> String) -> Result<&'a str, String> {
    std::str::from_utf8(bytes).map_err(|_| format!("{} is not valid UTF-8", what()))
}

/// One value of type `kind` (an empty field never gets here).
pub fn scalar(kind: Kind, field: &str, what: &dyn Fn() -> String) -> Result<Value, String> {
    let bad = |expected: &str| format!("{} holds '{}', which is not {expected}", what(), excerpt(field));
    Ok(match kind {
        Kind::String => Value::String(Arc::from(field)),
        Kind::Int => Value::Int(field.trim().parse().map_err(|_| bad("an integer"))?),
        Kind::Float => Value::Float(field.trim().parse().map_err(|_| bad("a number"))?),
        Kind::Bool => match field.trim() {
            t if t.eq_ignore_ascii_case("true") => Value::Bool(true),
            f if f.eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        Kind::Date => Value::Date(Date::parse_iso(field).ok_or_else(|| bad("a date (YYYY-MM-DD)"))?),
        Kind::Temporal(kind) => Value::temporal(
            crate::temporal::Temporal::parse(kind, field).ok_or_else(|| bad(&format!("a {kind} in ISO 8601")))?,
        ),
    })
}

/// A property value: a scalar, or a list split on `array_delimiter`.
pub fn value(
    kind: Kind,
    array: bool,
    field: &str,
    delimiter: char,
    what: &dyn Fn() -> String,
) -> Result<Value, String> {
    if !array {
        return scalar(kind, field, what);
    }
    field.split(delimiter).map(|item| scalar(kind, item, what)).collect::<Result<Vec<_>, _>>().map(Value::List)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: Kind, array: bool, field: &str) -> Result<Value, String> {
        value(kind, array, field, ';', &|| "column x".to_string())
    }

    #[test]
    fn values_parse_by_kind() {
        assert_eq!(parse(Kind::Int, false, " 42 "), Ok(Value::Int(42)));
        assert_eq!(parse(Kind::Float, false, "0.5"), Ok(Value::Float(0.5)));
        assert_eq!(parse(Kind::Bool, false, "TRUE"), Ok(Value::Bool(true)));
        assert_eq!(parse(Kind::String, true, "a;b"), Ok(Value::List(vec![Value::string("a"), Value::string("b")])));
        assert_eq!(parse(Kind::Int, true, "1;2"), Ok(Value::List(vec![Value::Int(1), Value::Int(2)])));
        assert!(parse(Kind::Int, false, "x").is_err_and(|e| e.contains("column x holds 'x'")));
        assert!(parse(Kind::Bool, false, "yes").is_err());
        assert!(parse(Kind::Date, false, "2017-02-30").is_err());
        assert!(parse(Kind::Int, true, "1;;2").is_err());
    }

    #[test]
    fn a_long_bad_value_is_quoted_short() {
        let long = "é".repeat(100_000);
        let message = scalar(Kind::Int, &long, &|| "field 2 (n)".to_string()).unwrap_err();
        assert!(message.len() < 300, "{} bytes", message.len());
        assert!(message.contains("(200000 bytes)"), "{message}");
        assert_eq!(excerpt("short"), "short");
    }
}
