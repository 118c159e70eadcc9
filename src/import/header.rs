//! The neo4j-admin import header: what each CSV column holds.
//!
//! `id:ID`, `:ID(Group)`, `:LABEL`, `:START_ID(Group)`, `:END_ID(Group)`,
//! `:TYPE`, `:IGNORE`, and properties `name` or `name:TYPE` with TYPE one of
//! string, int, long, float, double, boolean, byte, short, char, date,
//! localtime, time, localdatetime, datetime, duration, each optionally an
//! array (`int[]`).

use crate::store::Symbol;

/// The type of a property column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Int,
    Float,
    Bool,
    Date,
    /// localtime, time, localdatetime, datetime or duration (by its name).
    Temporal(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// A node's id in an id space; `key` when the column is named, since
    /// neo4j-admin then stores the id as a property too.
    Id {
        space: usize,
        key: Option<Symbol>,
    },
    Label,
    StartId(usize),
    EndId(usize),
    Type,
    Ignore,
    Property {
        key: Symbol,
        kind: Kind,
        array: bool,
    },
}

/// What a column's header field says, before names are interned.
#[derive(Debug, PartialEq, Eq)]
pub enum Field<'a> {
    Id { space: &'a str, name: Option<&'a str> },
    Label,
    StartId(&'a str),
    EndId(&'a str),
    Type,
    Ignore,
    Property { name: &'a str, kind: Kind, array: bool },
}

/// Parses one header field.
pub fn parse_field(field: &str) -> Result<Field<'_>, String> {
    let field = field.trim();
    // The type follows the last ':' that is not inside an id space's name.
    let split = match field.find('(') {
        Some(paren) => field[..paren].rfind(':'),
        None => field.rfind(':'),
    };
    let Some(colon) = split else {
        return if field.is_empty() {
            Err("a header field is empty".into())
        } else {
            Ok(Field::Property { name: field, kind: Kind::String, array: false })
        };
    };
    let (name, spec) = (&field[..colon], &field[colon + 1..]);
    let (base, space) = match spec.find('(') {
        Some(open) if spec.ends_with(')') => (&spec[..open], &spec[open + 1..spec.len() - 1]),
        Some(_) => return Err(format!("'{field}': an id space is written (Name)")),
        None => (spec, ""),
    };
    let named = (!name.is_empty()).then_some(name);
    let upper = base.to_ascii_uppercase();
    let special = match upper.as_str() {
        "ID" => Some(Field::Id { space, name: named }),
        "START_ID" => Some(Field::StartId(space)),
        "END_ID" => Some(Field::EndId(space)),
        "LABEL" => Some(Field::Label),
        "TYPE" => Some(Field::Type),
        "IGNORE" => Some(Field::Ignore),
        _ => None,
    };
    if let Some(special) = special {
        if !space.is_empty() && !matches!(special, Field::Id { .. } | Field::StartId(_) | Field::EndId(_)) {
            return Err(format!("'{field}': only ID, START_ID and END_ID take an id space"));
        }
        return Ok(special);
    }
    if !space.is_empty() {
        return Err(format!("'{field}': only ID, START_ID and END_ID take an id space"));
    }
    let (scalar, array) = match upper.strip_suffix("[]") {
        Some(s) => (s, true),
        None => (upper.as_str(), false),
    };
    let kind = match scalar {
        "STRING" | "CHAR" => Kind::String,
        "INT" | "LONG" | "SHORT" | "BYTE" => Kind::Int,
        "FLOAT" | "DOUBLE" => Kind::Float,
        "BOOLEAN" => Kind::Bool,
        "DATE" => Kind::Date,
        "LOCALTIME" => Kind::Temporal("localtime"),
        "TIME" => Kind::Temporal("time"),
        "LOCALDATETIME" => Kind::Temporal("localdatetime"),
        "DATETIME" => Kind::Temporal("datetime"),
        "DURATION" => Kind::Temporal("duration"),
        _ => {
            return Err(format!(
                "'{field}': unknown type '{base}' (expected ID, LABEL, START_ID, END_ID, TYPE, IGNORE, or string, int, long, float, double, boolean, date, localtime, time, localdatetime, datetime, duration, optionally with [])"
            ));
        }
    };
    if name.is_empty() {
        return Err(format!("'{field}': a property column needs a name"));
    }
    Ok(Field::Property { name, kind, array })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse() {
        assert_eq!(parse_field("id:ID"), Ok(Field::Id { space: "", name: Some("id") }));
        assert_eq!(parse_field(":ID(Person)"), Ok(Field::Id { space: "Person", name: None }));
        assert_eq!(parse_field(":START_ID(Group:1)"), Ok(Field::StartId("Group:1")));
        assert_eq!(parse_field(":LABEL"), Ok(Field::Label));
        assert_eq!(parse_field("name"), Ok(Field::Property { name: "name", kind: Kind::String, array: false }));
        assert_eq!(parse_field("n:long"), Ok(Field::Property { name: "n", kind: Kind::Int, array: false }));
        assert_eq!(parse_field("a:Double[]"), Ok(Field::Property { name: "a", kind: Kind::Float, array: true }));
        assert_eq!(parse_field("skip:IGNORE"), Ok(Field::Ignore));
        assert!(parse_field("x:integer").is_err());
        assert!(parse_field(":int").is_err());
        assert!(parse_field(":LABEL(X)").is_err());
        assert!(parse_field("").is_err());
    }
}
