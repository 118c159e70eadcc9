//! RFC 4180 quoting, checked on the bytes before the csv crate reads them.
//!
//! The csv crate forgives bad quoting: a quote never closed takes the rest
//! of the file into one field, `a"b` keeps its quote, and `"a"b` becomes
//! `ab`. Each of these silently merges rows or changes a value, so every
//! CSV reader of the import reads through `Strict`, which fails with the
//! line instead.

use std::fmt;
use std::io::{self, Read};

/// A quoting error and the 1-based line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteError {
    pub line: u64,
    pub reason: &'static str,
}

impl fmt::Display for QuoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.reason)
    }
}

impl std::error::Error for QuoteError {}

/// Where the scanner is within a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field: a quote here opens a quoted field.
    Start,
    Unquoted,
    Quoted,
    /// Just after a quote inside a quoted field: it closes the field, or
    /// doubles into a literal quote.
    QuoteInQuoted,
}

/// A reader that passes bytes through while checking their quoting.
pub struct Strict<R> {
    inner: R,
    delimiter: u8,
    state: State,
    line: u64,
    /// The line the open quoted field started on.
    opened: u64,
    /// How many bytes of a UTF-8 byte order mark the input started with so
    /// far, or `None` once it is past one (or has none).
    bom: Option<usize>,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

impl<R: Read> Strict<R> {
    pub fn new(inner: R, delimiter: u8) -> Strict<R> {
        Strict { inner, delimiter, state: State::Start, line: 1, opened: 1, bom: Some(0) }
    }

    fn scan(&mut self, bytes: &[u8]) -> Result<(), QuoteError> {
        for &b in bytes {
            // A byte order mark is no part of the first field.
            if let Some(seen) = self.bom {
                if BOM.get(seen) == Some(&b) {
                    self.bom = (seen + 1 < BOM.len()).then_some(seen + 1);
                    continue;
                }
                self.bom = None;
                if seen > 0 {
                    // Part of a mark that was not one: ordinary text.
                    self.state = State::Unquoted;
                }
            }
            let ends_field = b == self.delimiter || b == b'\n' || b == b'\r';
            self.state = match (self.state, b) {
                (State::Start, b'"') => {
                    self.opened = self.line;
                    State::Quoted
                }
                (State::Start | State::Unquoted, _) if ends_field => State::Start,
                (State::Unquoted, b'"') => {
                    return Err(self.error("a quote inside a field that does not start with one"));
                }
                (State::Start | State::Unquoted, _) => State::Unquoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::QuoteInQuoted, _) if ends_field => State::Start,
                (State::QuoteInQuoted, _) => return Err(self.error("text after the quote that closes a field")),
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(())
    }

    fn error(&self, reason: &'static str) -> QuoteError {
        QuoteError { line: self.line, reason }
    }
}

impl<R: Read> Read for Strict<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let checked = if n == 0 && self.state == State::Quoted {
            Err(QuoteError { line: self.opened, reason: "a quoted field is never closed (a \" is missing)" })
        } else {
            self.scan(&buf[..n])
        };
        checked.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(n)
    }
}

/// The quoting error inside a csv error, if that is what it is.
pub fn quote_error(error: &csv::Error) -> Option<&QuoteError> {
    match error.kind() {
        csv::ErrorKind::Io(e) => e.get_ref()?.downcast_ref::<QuoteError>(),
        _ => None,
    }
}

/// A csv reader over `input` that refuses bad quoting.
pub fn reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<Strict<R>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Strict::new(input, delimiter))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text`, or the quoting error.
    fn records(text: &str) -> Result<Vec<Vec<String>>, QuoteError> {
        let mut reader = reader(text.as_bytes(), b',');
        let mut out = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => out.push(r.iter().map(str::to_string).collect()),
                Err(e) => return Err(quote_error(&e).cloned().unwrap_or(QuoteError { line: 0, reason: "other" })),
            }
        }
        Ok(out)
    }

    #[test]
    fn rfc_4180_quoting_reads() {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n";
        let expected = vec![vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "", "x"]];
        assert_eq!(
            records(text),
            Ok(expected.into_iter().map(|r| r.into_iter().map(String::from).collect()).collect())
        );
    }

    #[test]
    fn a_quote_never_closed_is_an_error_on_its_line() {
        let error = records("id,name\n1,\"a\n2,b\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.reason.contains("never closed"));
    }

    #[test]
    fn stray_quotes_are_errors_on_their_line() {
        let inside = records("x\na\"b,c\n").unwrap_err();
        assert_eq!((inside.line, inside.reason), (2, "a quote inside a field that does not start with one"));
        let after = records("x\ny\n\"a\"b,c\n").unwrap_err();
        assert_eq!((after.line, after.reason), (3, "text after the quote that closes a field"));
    }

    #[test]
    fn a_byte_order_mark_before_a_quoted_field_is_allowed() {
        // The csv crate drops the mark itself.
        assert_eq!(records("\u{feff}\"a\",b\n"), Ok(vec![vec!["a".to_string(), "b".to_string()]]));
        // U+FE00 starts as a mark does (0xEF) but is text: the quote after it is stray.
        assert!(records("\u{fe00}\"a\"\n").is_err());
    }

    #[test]
    fn the_delimiter_is_the_one_given() {
        let mut reader = reader("\"a;b\"\t\"c\"\n".as_bytes(), b'\t');
        let record = reader.records().next().and_then(Result::ok);
        assert_eq!(
            record.map(|r| r.iter().map(str::to_string).collect::<Vec<_>>()),
            Some(vec!["a;b".into(), "c".into()])
        );
    }
}
