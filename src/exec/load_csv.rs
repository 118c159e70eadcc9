//! `LOAD CSV`: rows read from a file one record at a time, so a file of
//! any size goes through in the memory of one row.

use std::fs::File;
use std::io::BufReader;
use std::sync::Arc;

use super::{Ctx, Row, eval};
use crate::error::{Error, ErrorKind, Result};
use crate::plan::subquery::{LoadCsv, csv_path};
use crate::value::{Map, Value};

/// Sends `row` on once per record of the clause's file, with the record
/// (a list, or a map by the header), its line and the file's path set;
/// false when the consumer says to stop.
pub fn each_row(
    load: &LoadCsv,
    row: &mut Row,
    ctx: &Ctx<'_>,
    emit: &mut dyn FnMut(&mut Row) -> Result<bool>,
) -> Result<bool> {
    let url = match eval(&load.url, row, ctx)? {
        Value::String(s) => s,
        other => return Err(Error::type_error(format!("LOAD CSV takes a URL string, not {}", other.type_name()))),
    };
    let io_error = |message: String| Error::new(ErrorKind::IoError, message);
    let path = csv_path(&url)
        .ok_or_else(|| io_error(format!("cannot load '{url}': LOAD CSV reads file:/// URLs and paths only")))?;
    let file = File::open(&path).map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
    let name = Value::string(&std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()).to_string_lossy());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(load.delimiter)
        // Records end at `\n` only, so that the reader counts lines right
        // in CRLF files too; the `\r` left on the last field goes below.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(BufReader::new(file));
    let mut headers: Option<Vec<Arc<str>>> = None;
    let mut record = csv::StringRecord::new();
    loop {
        ctx.tick()?;
        let more =
            reader.read_record(&mut record).map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
        if !more {
            return Ok(true);
        }
        let line = record.position().map_or(0, csv::Position::line);
        let last = record.len().saturating_sub(1);
        let text = |i: usize| record.get(i).map(|t| if i == last { t.strip_suffix('\r').unwrap_or(t) } else { t });
        let value = match &headers {
            None if load.headers => {
                headers = Some((0..record.len()).filter_map(text).map(Arc::from).collect());
                continue;
            }
            None => Value::List((0..record.len()).filter_map(text).map(field).collect()),
            Some(keys) => {
                let mut map = Map::new();
                for (i, key) in keys.iter().enumerate() {
                    map.insert(key.clone(), text(i).map_or(Value::Null, field));
                }
                Value::Map(map)
            }
        };
        row[load.slot] = value;
        row[load.line] = Value::Int(i64::try_from(line).unwrap_or(i64::MAX));
        row[load.file] = name.clone();
        if !emit(row)? {
            return Ok(false);
        }
    }
}

/// A field's value: a string, or null when empty.
fn field(text: &str) -> Value {
    if text.is_empty() { Value::Null } else { Value::string(text) }
}
