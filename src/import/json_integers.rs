//! Integers outside i64 in JSON text.
//!
//! serde_json reads an integer past u64 as a float, so `2^64` would import
//! as `1.8446744073709552e19` while `2^63` is refused; once parsed, the two
//! cannot be told from a float written as such. The text is therefore
//! scanned for integer literals before it is parsed.

use crate::error::excerpt;

/// The first integer literal of `text` that is outside i64: its 1-based
/// line and the reason; strings are skipped. Malformed numbers are left for the
/// JSON parser to report.
pub fn check(text: &str) -> Result<(), (u64, String)> {
    let bytes = text.as_bytes();
    let (mut i, mut line) = (0, 1u64);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                // Only ASCII bytes were passed, so both ends are on characters.
                let token = &text[start..i];
                let digits = token.strip_prefix('-').unwrap_or(token);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && token.parse::<i64>().is_err() {
                    let reason =
                        format!("the integer {} is outside the 64-bit range (-2^63 to 2^63-1)", excerpt(token));
                    return Err((line, reason));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn integers_past_i64_are_refused_with_their_line() {
        assert_eq!(check("{\"a\": [1, -9223372036854775808, 9223372036854775807, 1.5e300, 1e3]}"), Ok(()));
        let (line, reason) = check("{\n\"a\": 18446744073709551616}").unwrap_err();
        assert_eq!(line, 2);
        assert!(reason.starts_with("the integer 18446744073709551616 is outside"), "{reason}");
        assert!(check("[9223372036854775808]").is_err());
        assert!(check("[-9223372036854775809]").is_err());
    }

    #[test]
    fn strings_are_skipped_and_long_numbers_quoted_short() {
        assert_eq!(check("{\"n\": \"18446744073709551616 \\\" 99999999999999999999\"}"), Ok(()));
        let long = format!("[{}]", "9".repeat(100_000));
        assert!(check(&long).is_err_and(|(_, reason)| reason.len() < 200));
    }
}
