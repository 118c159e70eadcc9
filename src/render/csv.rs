//! The csv format: a header row of column names, then one record per row;
//! nested values as Cypher-literal text. A statement without columns
//! writes nothing, as sqlite3 and duckdb do in csv mode.

use std::io::{self, Write};

use super::text;
use crate::result::QueryResult;

pub fn write_result<W: Write>(out: &mut W, result: &QueryResult) -> io::Result<()> {
    if result.columns.is_empty() {
        return Ok(());
    }
    let mut writer = csv::Writer::from_writer(&mut *out);
    writer.write_record(&result.columns).map_err(io::Error::other)?;
    for row in &result.rows {
        let cells = row.iter().map(|v| text::cell(v, &result.entities));
        writer.write_record(cells).map_err(io::Error::other)?;
    }
    writer.flush()?;
    drop(writer);
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn header_then_rows_quoted_when_needed() {
        let result = QueryResult {
            columns: vec!["name".into(), "n".into(), "l".into()],
            rows: vec![
                vec![Value::string("Sri Lanka"), Value::Int(1), Value::List(vec![Value::string("a"), Value::Int(2)])],
                vec![Value::string("a,b"), Value::Null, Value::Float(0.5)],
            ],
            ..QueryResult::default()
        };
        let mut out = Vec::new();
        assert!(write_result(&mut out, &result).is_ok());
        assert_eq!(String::from_utf8_lossy(&out), "name,n,l\nSri Lanka,1,\"[\"\"a\"\", 2]\"\n\"a,b\",null,0.5\n");
        let mut none = Vec::new();
        assert!(write_result(&mut none, &QueryResult::default()).is_ok());
        assert!(none.is_empty());
    }
}
