//! The json format: one JSON document for the whole run, an array holding
//! the same per-statement objects as jsonl, printed once the run is over.

use std::io::{self, Write};

/// Writes the collected statement objects as one array, one per line.
pub fn write_document<W: Write>(out: &mut W, objects: &[String]) -> io::Result<()> {
    if objects.is_empty() {
        writeln!(out, "[]")?;
    } else {
        writeln!(out, "[\n  {}\n]", objects.join(",\n  "))?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_one_array() {
        let mut out = Vec::new();
        let objects = vec![r#"{"columns": [], "rows": []}"#.to_string(), r#"{"error": {}}"#.to_string()];
        assert!(write_document(&mut out, &objects).is_ok());
        let text = String::from_utf8_lossy(&out);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(parsed.as_array().map(Vec::len), Some(2));
        let mut empty = Vec::new();
        assert!(write_document(&mut empty, &[]).is_ok());
        assert_eq!(empty, b"[]\n");
    }
}
