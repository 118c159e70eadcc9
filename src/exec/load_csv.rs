//! `LOAD CSV`: rows read from a file one record at a time, so a file of
//! any size goes through in the memory of one row.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
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
    let mut records = Records::open(load, row, ctx)?;
    while records.next_into(row, ctx)? {
        if !emit(row)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// An open CSV file, read one record at a time.
pub struct Records<'p> {
    load: &'p LoadCsv,
    reader: csv::Reader<BufReader<File>>,
    path: PathBuf,
    /// The file's absolute path, for `file()`.
    name: Value,
    headers: Option<Vec<Arc<str>>>,
    record: csv::StringRecord,
}

impl<'p> Records<'p> {
    /// Opens the file the clause's URL names, evaluated on `row`.
    pub fn open(load: &'p LoadCsv, row: &Row, ctx: &Ctx<'_>) -> Result<Records<'p>> {
        let url = match eval(&load.url, row, ctx)? {
            Value::String(s) => s,
            other => return Err(Error::type_error(format!("LOAD CSV takes a URL string, not {}", other.type_name()))),
        };
        let path = csv_path(&url)
            .ok_or_else(|| io_error(format!("cannot load '{url}': LOAD CSV reads file:/// URLs and paths only")))?;
        let file = File::open(&path).map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
        let name = Value::string(&std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()).to_string_lossy());
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(load.delimiter)
            // Records end at `\n` only, so that the reader counts lines right
            // in CRLF files too; the `\r` left on the last field goes below.
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(BufReader::new(file));
        Ok(Records { load, reader, path, name, headers: None, record: csv::StringRecord::new() })
    }

    /// Sets the next record, its line and the file in `row`; false at the
    /// end of the file.
    pub fn next_into(&mut self, row: &mut Row, ctx: &Ctx<'_>) -> Result<bool> {
        loop {
            ctx.tick()?;
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| io_error(format!("cannot read {}: {e}", self.path.display())))?;
            if !more {
                return Ok(false);
            }
            let record = &self.record;
            let line = record.position().map_or(0, csv::Position::line);
            let last = record.len().saturating_sub(1);
            let text = |i: usize| record.get(i).map(|t| if i == last { t.strip_suffix('\r').unwrap_or(t) } else { t });
            let value = match &self.headers {
                None if self.load.headers => {
                    self.headers = Some((0..record.len()).filter_map(text).map(Arc::from).collect());
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
            row[self.load.slot] = value;
            row[self.load.line] = Value::Int(i64::try_from(line).unwrap_or(i64::MAX));
            row[self.load.file] = self.name.clone();
            return Ok(true);
        }
    }
}

fn io_error(message: String) -> Error {
    Error::new(ErrorKind::IoError, message)
}

/// A field's value: a string, or null when empty.
fn field(text: &str) -> Value {
    if text.is_empty() { Value::Null } else { Value::string(text) }
}
