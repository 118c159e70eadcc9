//! The rows of one node or relationship file, read, parsed and checked on
//! a thread of their own while the graph takes in the rows before them
//! ([`super::load`]). A row comes out ready to insert: its values parsed,
//! its ends resolved to node ids, its id entered in its id space.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use csv::ByteRecord;
use indicatif::ProgressBar;

use super::header::Column;
use super::ids::IdSpace;
use super::load::{FileKind, Options, read_error};
use super::rows::{excerpt, text, value};
use crate::store::Symbol;
use crate::value::{NodeId, Value};

/// Rows are handed over this many at a time.
pub const BATCH: usize = 4096;

/// A row ready for the graph. `names` is the row's label field or
/// relationship type when it differs from the row before (files usually
/// repeat one on every row), for the graph's thread to intern.
pub enum Row {
    Node { names: Option<Box<str>>, properties: Vec<(Symbol, Value)> },
    Rel { name: Option<Box<str>>, start: NodeId, end: NodeId, properties: Vec<(Symbol, Value)> },
}

/// What the rows of a file are read with.
pub struct Parser<'a> {
    pub kind: FileKind,
    pub columns: &'a [Column],
    /// Each column's property name, for messages.
    pub column_names: Vec<String>,
    pub options: &'a Options,
    pub spaces: &'a mut [(String, IdSpace)],
    /// The id the next node gets: the graph gives ids in row order.
    pub next_node: NodeId,
    /// The label or type field of the last row handed over.
    pub last: Option<Vec<u8>>,
    /// The properties of the row being read, before they get a vector of
    /// their exact size.
    pub scratch: Vec<(Symbol, Value)>,
}

impl Parser<'_> {
    /// Reads the rows after the header, sending them in batches. Returns
    /// the bad rows skipped (with `--skip-bad-rows`), or the first one as
    /// the error. Stops early, quietly, if the receiver hangs up.
    pub fn run<R: std::io::Read>(
        mut self,
        path: &Path,
        mut reader: csv::Reader<R>,
        rows: &SyncSender<Vec<Row>>,
        progress: Option<(ProgressBar, u64)>,
    ) -> Result<Vec<String>, String> {
        let mut record = ByteRecord::new();
        let mut bad_rows = Vec::new();
        let mut batch = Vec::with_capacity(BATCH);
        let mut count: u64 = 0;
        while reader.read_byte_record(&mut record).map_err(|e| read_error(path, e))? {
            let line = record.position().map_or(0, |p| p.line());
            let row = if record.len() != self.columns.len() {
                Err(format!("the row has {} fields, the header {}", record.len(), self.columns.len()))
            } else if self.kind == FileKind::Nodes {
                self.node(&record)
            } else {
                self.relationship(&record)
            };
            match row {
                Ok(row) => batch.push(row),
                Err(reason) => {
                    let line = format!("{}:{line}: {reason}", path.display());
                    if !self.options.skip_bad_rows {
                        return Err(line);
                    }
                    bad_rows.push(line);
                }
            }
            if batch.len() == BATCH && rows.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                return Ok(bad_rows);
            }
            count += 1;
            if count.is_multiple_of(16_384)
                && let Some((bar, done)) = &progress
            {
                bar.set_position(*done + record.position().map_or(0, |p| p.byte()));
            }
        }
        if !batch.is_empty() {
            let _ = rows.send(batch);
        }
        Ok(bad_rows)
    }

    /// The label field or type `raw`, if it is not the last row's.
    fn changed(&self, raw: &[u8], what: &dyn Fn() -> String) -> Result<Option<Box<str>>, String> {
        match &self.last {
            Some(last) if last == raw => Ok(None),
            _ => Ok(Some(Box::from(text(raw, what)?))),
        }
    }

    fn remember(&mut self, raw: &[u8]) {
        let last = self.last.get_or_insert_with(Vec::new);
        last.clear();
        last.extend_from_slice(raw);
    }

    fn properties(&mut self, record: &ByteRecord) -> Result<(), String> {
        self.scratch.clear();
        for (i, (column, raw)) in self.columns.iter().zip(record).enumerate() {
            let Column::Property { key, kind, array } = column else { continue };
            if raw.is_empty() {
                continue;
            }
            let what = || format!("field {} ({})", i + 1, self.column_names[i]);
            let field = text(raw, &what)?;
            self.scratch.push((*key, value(*kind, *array, field, self.options.array_delimiter, &what)?));
        }
        Ok(())
    }

    fn node(&mut self, record: &ByteRecord) -> Result<Row, String> {
        self.properties(record)?;
        let mut names = None;
        let mut id = None;
        for (i, (column, raw)) in self.columns.iter().zip(record).enumerate() {
            match column {
                Column::Label => names = Some((raw, self.changed(raw, &|| format!("field {} (:LABEL)", i + 1))?)),
                Column::Id { space, key } => {
                    if raw.is_empty() {
                        return Err(format!("field {} (the node's id) is empty", i + 1));
                    }
                    let text = text(raw, &|| format!("field {} (the node's id)", i + 1))?;
                    if let Some(key) = key {
                        self.scratch.push((*key, Value::string(text)));
                    }
                    id = Some((*space, raw));
                }
                _ => {}
            }
        }
        if let Some((space, raw)) = id {
            let (name, ids) = &mut self.spaces[space];
            if !ids.insert(raw, self.next_node) {
                let text = excerpt(&String::from_utf8_lossy(raw));
                let space = if name.is_empty() { String::new() } else { format!(" in id space {name}") };
                return Err(format!("duplicate node id '{text}'{space}"));
            }
        }
        self.next_node += 1;
        let names = match names {
            Some((raw, Some(changed))) => {
                self.remember(raw);
                Some(changed)
            }
            _ => None,
        };
        Ok(Row::Node { names, properties: self.scratch.drain(..).collect() })
    }

    fn relationship(&mut self, record: &ByteRecord) -> Result<Row, String> {
        let (mut start, mut end, mut name) = (None, None, None);
        for (column, raw) in self.columns.iter().zip(record) {
            match column {
                Column::StartId(space) | Column::EndId(space) => {
                    let is_start = matches!(column, Column::StartId(_));
                    let (space_name, ids) = &self.spaces[*space];
                    let Some(node) = ids.get(raw) else {
                        let which = if is_start { "start" } else { "end" };
                        let space =
                            if space_name.is_empty() { String::new() } else { format!(" in id space {space_name}") };
                        let id = excerpt(&String::from_utf8_lossy(raw));
                        return Err(format!("unknown {which} node id '{id}'{space}"));
                    };
                    if is_start { start = Some(node) } else { end = Some(node) }
                }
                Column::Type => {
                    if raw.is_empty() {
                        return Err("the relationship type is empty".into());
                    }
                    name = Some((raw, self.changed(raw, &|| "the relationship type".to_string())?));
                }
                _ => {}
            }
        }
        self.properties(record)?;
        let (Some(start), Some(end), Some((raw, changed))) = (start, end, name) else {
            return Err("the row lacks a start, an end or a type".into());
        };
        if changed.is_some() {
            self.remember(raw);
        }
        Ok(Row::Rel { name: changed, start, end, properties: self.scratch.drain(..).collect() })
    }
}
