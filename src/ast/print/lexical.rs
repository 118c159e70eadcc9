//! The words of printed Cypher: names back-quoted when the grammar would
//! not read them as names, strings escaped so they read back, and numbers
//! that read back as the same value.

use std::fmt::{self, Formatter, Write};

/// The words a variable may not be written as without back-quotes: the
/// grammar's `reserved` rule (which an operand could start with).
const RESERVED: [&str; 5] = ["NOT", "NULL", "TRUE", "FALSE", "DISTINCT"];

/// Whether `text` reads as a `plain_name`: XID_Start or `_`, then XID_Continue,
/// with pest's tables (the grammar's own).
fn is_plain(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c == '_' || pest::unicode::XID_START(c)) && chars.all(pest::unicode::XID_CONTINUE)
}

fn is_reserved(text: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(text))
}

fn quoted(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('`')?;
    f.write_str(&text.replace('`', "``"))?;
    f.write_char('`')
}

/// A variable, alias or procedure field (the grammar's `symbolic_name`).
pub fn variable(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    if is_plain(name) && !is_reserved(name) { f.write_str(name) } else { quoted(f, name) }
}

/// A label, relationship type or property key (`schema_name`): any word.
pub fn schema_name(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    if is_plain(name) { f.write_str(name) } else { quoted(f, name) }
}

/// A function or procedure name: its dotted parts, each a name. A part may
/// not be a literal's word (`null(…)` would read as `null`).
pub fn dotted_name(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    for (i, part) in name.split('.').enumerate() {
        if i > 0 {
            f.write_char('.')?;
        }
        variable(f, part)?;
    }
    Ok(())
}

/// `$name`; a parameter may also be numbered (`$1`).
pub fn parameter(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    f.write_char('$')?;
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) { f.write_str(name) } else { schema_name(f, name) }
}

/// A single-quoted string literal with the escapes the parser decodes.
pub fn string(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in text.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\'' => f.write_str("\\'")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            // Control characters are all in the Basic Multilingual Plane.
            c if c.is_control() => write!(f, "\\u{:04X}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

/// A float that reads back as the same value: Rust's shortest round-trip
/// form (`1.0`, `0.1`, `1e300`, `1.5e-7`), which is also Cypher's. NaN and
/// the infinities have no literal, so they print as the divisions that
/// make them.
pub fn float(f: &mut Formatter<'_>, value: f64) -> fmt::Result {
    if value.is_nan() {
        f.write_str("(0.0 / 0.0)")
    } else if value.is_infinite() {
        f.write_str(if value > 0.0 { "(1.0 / 0.0)" } else { "(-1.0 / 0.0)" })
    } else {
        write!(f, "{value:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Show<F: Fn(&mut Formatter<'_>) -> fmt::Result>(F);

    impl<F: Fn(&mut Formatter<'_>) -> fmt::Result> fmt::Display for Show<F> {
        fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
            (self.0)(f)
        }
    }

    #[test]
    fn names_are_quoted_only_when_they_must_be() {
        let var = |n: &'static str| Show(move |f: &mut Formatter<'_>| variable(f, n)).to_string();
        assert_eq!(var("country"), "country");
        assert_eq!(var("_x1"), "_x1");
        assert_eq!(var("état"), "état");
        assert_eq!(var("weird name"), "`weird name`");
        assert_eq!(var("1st"), "`1st`");
        assert_eq!(var("null"), "`null`");
        assert_eq!(var("a`b"), "`a``b`");
        assert_eq!(var(""), "``");
        let key = |n: &'static str| Show(move |f: &mut Formatter<'_>| schema_name(f, n)).to_string();
        assert_eq!(key("null"), "null");
        let func = |n: &'static str| Show(move |f: &mut Formatter<'_>| dotted_name(f, n)).to_string();
        assert_eq!(func("apoc.text.join"), "apoc.text.join");
        assert_eq!(func("my fn.true"), "`my fn`.`true`");
        let param = |n: &'static str| Show(move |f: &mut Formatter<'_>| parameter(f, n)).to_string();
        assert_eq!((param("0"), param("a b")), ("$0".to_string(), "$`a b`".to_string()));
    }

    #[test]
    fn strings_and_floats_are_escaped_and_exact() {
        let s = |t: &'static str| Show(move |f: &mut Formatter<'_>| string(f, t)).to_string();
        assert_eq!(s("it's \\ \"x\"\n\u{1}é"), r#"'it\'s \\ "x"\n\u0001é'"#);
        let x = |v: f64| Show(move |f: &mut Formatter<'_>| float(f, v)).to_string();
        assert_eq!(
            (x(1.0), x(0.1), x(1e300), x(1.5e-7)),
            ("1.0".into(), "0.1".into(), "1e300".into(), "1.5e-7".into())
        );
        assert_eq!(x(f64::NAN), "(0.0 / 0.0)");
    }
}
