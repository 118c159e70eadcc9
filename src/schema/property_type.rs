//! Property types as constraints name them (`IS :: INTEGER`): Neo4j's
//! canonical names, their synonyms, and the type of a value.

use crate::value::Value;

/// The canonical name of a property type as written (`int` → `INTEGER`,
/// `TIMESTAMP WITH TIME ZONE` → `ZONED DATETIME`).
pub fn canonical_type(written: &str) -> String {
    let words: Vec<String> = written.split_whitespace().map(|w| w.to_ascii_uppercase()).collect();
    let joined = words.join(" ");
    let canonical = match joined.as_str() {
        "BOOL" => "BOOLEAN",
        "VARCHAR" => "STRING",
        "INT" | "SIGNED INTEGER" => "INTEGER",
        "TIME WITHOUT TIME ZONE" => "LOCAL TIME",
        "TIME WITH TIME ZONE" => "ZONED TIME",
        "TIMESTAMP WITHOUT TIME ZONE" => "LOCAL DATETIME",
        "TIMESTAMP WITH TIME ZONE" => "ZONED DATETIME",
        other => other,
    };
    canonical.to_string()
}

/// The property type name of a value (`None` for types no constraint names).
pub fn type_of(value: &Value) -> Option<String> {
    Some(
        match value {
            Value::Bool(_) => "BOOLEAN",
            Value::String(_) => "STRING",
            Value::Int(_) => "INTEGER",
            Value::Float(_) => "FLOAT",
            Value::Date(_) => "DATE",
            Value::Temporal(t) => match t.type_name() {
                "LocalTime" => "LOCAL TIME",
                "Time" => "ZONED TIME",
                "LocalDateTime" => "LOCAL DATETIME",
                "DateTime" => "ZONED DATETIME",
                _ => "DURATION",
            },
            Value::List(items) => {
                let inner: Option<Vec<String>> = items.iter().map(type_of).collect();
                let mut inner = inner?;
                inner.sort();
                inner.dedup();
                return match inner.as_slice() {
                    [one] => Some(format!("LIST<{one} NOT NULL>")),
                    _ => Some("LIST<ANY>".into()),
                };
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// Whether `value` is one of `types`. An empty list satisfies any list
/// type, as an empty list has every element type.
pub fn has_type(value: &Value, types: &[String]) -> bool {
    if let Value::List(items) = value
        && items.is_empty()
    {
        return types.iter().any(|t| t.starts_with("LIST<"));
    }
    type_of(value).is_some_and(|t| types.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_types_have_canonical_names() {
        assert_eq!(canonical_type("int"), "INTEGER");
        assert_eq!(canonical_type("timestamp  with time zone"), "ZONED DATETIME");
        let ints = vec!["INTEGER".to_string()];
        assert!(has_type(&Value::Int(3), &ints));
        assert!(!has_type(&Value::string("3"), &ints));
        let list = vec!["LIST<STRING NOT NULL>".to_string()];
        assert!(has_type(&Value::List(vec![Value::string("a")]), &list));
        assert!(!has_type(&Value::List(vec![Value::Int(1)]), &list));
        assert!(has_type(&Value::List(vec![]), &list));
    }
}
